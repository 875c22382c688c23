"""The extraction cache: an article already extracted with the same settings is read back, not parsed.

An entry holds one article's extraction (reference date, warnings, claims, mentions as plain records).
It is addressed by a hash of the article's content (id, text, publication date: all that extraction
reads of it) inside a folder named by a hash of everything else that can change the result: the kit's
version, the extraction code, the pipeline (model and version, spaCy, ruler rules, fast mode) and the
reference's content with every layer. A changed setting therefore never meets a stale entry; it
starts a new folder (``claimkit cache clear`` removes the old ones).

Layout (default ``<out>/.cache/extraction``)::

    <settings key>/settings.json       what the key stands for, for people
    <settings key>/<ab>/<entry key>    one pickled entry per article

Every entry is written to a temporary file and renamed into place, so a killed run leaves whole entries
or none (temporaries are ignored and removed by ``clear``); concurrent runs writing one entry write the
same bytes, so whichever rename wins is right. An entry that cannot be read is treated as missing.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import json
import os
import pickle
import shutil
import tempfile
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .reference import Reference
from .tables import present

CACHE_FORMAT = "1"
SUBDIR = "extraction"
# Modules that only read what extraction produced: editing them never invalidates cached extractions.
_DOWNSTREAM = frozenset({"cache.py", "cli.py", "claimreview.py", "figures.py", "layers.py", "pipeline.py",
                         "propositions.py", "render.py", "report.py", "review.py", "store.py", "wikidata.py",
                         "__main__.py"})
_DOWNSTREAM_DIRS = frozenset({"checks", "queries", "__pycache__", "templates"})


class ArticleRows(NamedTuple):
    """One article's extraction as plain records: what a worker sends back and what the cache keeps.
    ``ok`` is False when parsing or extraction failed (never cached: the failure may be passing)."""

    reference_date: str | None
    warnings: list[str]
    claims: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    ok: bool = True


def default_dir(out_dir: str | Path) -> Path:
    """Where a run into ``out_dir`` keeps its cache unless told otherwise: ``<out_dir>/.cache/extraction``."""
    return Path(out_dir) / ".cache" / SUBDIR


def article_key(article: Mapping[str, Any]) -> str:
    """The content address of one article: a hash of its id, text and publication date."""
    published = article.get("published")
    parts = [str(article.get("article_id")), str(article.get("text") or ""),
             str(published)[:10] if present(published) else ""]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of the kit's code and word lists that extraction runs (every module but the downstream ones)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (not path.is_file() or path.suffix not in (".py", ".yaml", ".yml", ".json", ".csv")
                or relative.name in _DOWNSTREAM and len(relative.parts) == 1
                or _DOWNSTREAM_DIRS.intersection(relative.parts)):
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def settings(reference: Reference, *, fast: bool) -> dict[str, Any]:
    """Everything besides the article that decides its extraction (see the module's docstring)."""
    from . import __version__
    from .nlp import fingerprint

    return {"cache_format": CACHE_FORMAT, "claimkit_version": __version__, "extractor": extractor_fingerprint(),
            "pipeline": fingerprint(fast=fast), "reference_fingerprint": reference.fingerprint,
            "reference_folders": [str(f) for f in reference.folders]}


def settings_key(reference: Reference, *, fast: bool) -> str:
    """The hash of :func:`settings` that names the cache folder (the folders' paths left out: a moved
    reference with the same content extracts the same)."""
    described = settings(reference, fast=fast)
    described.pop("reference_folders")
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:32]


@dataclass
class ExtractionCache:
    """The cache folder for one set of settings; ``hits`` and ``stored`` count this run's use of it."""

    root: Path
    key: str
    hits: int = 0
    stored: int = 0
    about: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, directory: str | Path, reference: Reference, *, fast: bool) -> "ExtractionCache":
        """The cache under ``directory`` for extractions with ``reference`` (and ``fast``)."""
        key = settings_key(reference, fast=fast)
        return cls(Path(directory), key, about=settings(reference, fast=fast))

    @property
    def folder(self) -> Path:
        return self.root / self.key

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> ArticleRows | None:
        """The entry for an article's key, or None (missing, or damaged and so ignored)."""
        try:
            with self._path(key).open("rb") as handle:
                entry = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged entry is extracted again, never fatal
            return None
        if not isinstance(entry, tuple) or len(entry) != len(ArticleRows._fields):
            return None
        self.hits += 1
        return ArticleRows(*entry)

    def put(self, key: str, rows: ArticleRows) -> None:
        """Store one article's extraction (temporary file, then rename); failures are not kept, and a
        cache that cannot be written only costs speed."""
        if not rows.ok:
            return
        target = self._path(key)
        try:
            if not self.folder.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                _write_atomic(self.folder / "settings.json",
                              (json.dumps(self.about, indent=2, sort_keys=True) + "\n").encode())
            target.parent.mkdir(exist_ok=True)
            _write_atomic(target, pickle.dumps(tuple(rows), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return
        self.stored += 1


def clear(directory: str | Path) -> int:
    """Remove every cached extraction under ``directory``; returns how many entries there were."""
    root = Path(directory)
    if not root.is_dir():
        return 0
    count = 0
    for folder in root.iterdir():
        if folder.is_dir():
            count += sum(1 for p in folder.glob("??/*") if p.is_file() and not p.name.startswith("."))
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.name.startswith("."):
            folder.unlink(missing_ok=True)
    return count


def _write_atomic(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:16]}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------------ shipping the reference


def _mapping_proxy(values: dict) -> types.MappingProxyType:
    return types.MappingProxyType(values)


def _reduce_mapping_proxy(proxy: types.MappingProxyType) -> tuple:
    return _mapping_proxy, (dict(proxy),)


def reference_bytes(reference: Reference) -> bytes:
    """The reference pickled, to ship by content to worker processes (which may not see its folders)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, types.MappingProxyType: _reduce_mapping_proxy}
    pickler.dump(reference)
    return buffer.getvalue()


def reference_from_bytes(data: bytes, fingerprint: str) -> Reference:
    """The reference shipped by :func:`reference_bytes`, checked against the fingerprint it was sent
    with (a worker never extracts with another reference than the one the run names)."""
    from .errors import ReferenceMismatchError

    reference = pickle.loads(data)
    if not isinstance(reference, Reference) or reference.fingerprint != fingerprint:
        raise ReferenceMismatchError(fingerprint, getattr(reference, "fingerprint", None))
    return reference


def keys(articles: Iterable[Mapping[str, Any]]) -> list[str]:
    """:func:`article_key` of each article, in order."""
    return [article_key(a) for a in articles]
