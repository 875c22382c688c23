"""Read articles from disk into the ``articles`` table; files that cannot be read go to ``rejected``.

Readers: Markdown/text with optional YAML front matter, HTML (trafilatura main text + htmldate), JSON
(one object or a list) and JSON Lines. Text is kept exactly as it stands in the file (only a UTF-8 BOM
is dropped), so character offsets found later point into the file's own words. Input files are only
ever read, once each, and only regular files: a FIFO or a device would hang or flood the batch.

Everything a hostile or broken file can do is bounded: files over ``max_bytes`` are rejected unread
(JSON Lines: each line), front matter is capped in size, nesting and alias expansion, and anything that
still goes wrong while reading one file rejects that file with its reason, never the batch.
"""

from __future__ import annotations

import calendar
import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import pandas as pd

from . import tables
from .errors import InputError, shown

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES

FIELDS = ("title", "source", "published", "url", "language", "author")
UNKNOWN_DATE = "published date unknown"

#: The largest input read, in bytes: a bigger file (for JSON Lines, a bigger line) is rejected unread.
#: 2 MB of text is some 300,000 words, beyond any article; a bigger file is a dump or junk, and would
#: cost minutes of parsing. ``claimkit run --max-bytes`` changes it.
MAX_BYTES = 2_000_000
#: An HTML page may be this many times larger (markup, scripts and styles), its main text may not.
HTML_MARKUP_FACTOR = 10
#: Front matter bounds: its size in characters, how deep it nests, and how many values it holds once
#: its aliases are expanded (a 569-byte "billion laughs" alias bomb expands to gigabytes).
MAX_FRONT_MATTER_CHARS = 65_536
MAX_FRONT_MATTER_DEPTH = 32
MAX_FRONT_MATTER_VALUES = 10_000
#: Python refuses to convert integers of more digits than this (sys.get_int_max_str_digits).
MAX_INTEGER_DIGITS = 4_300

Progress = Callable[[int, int, str], object]


class Ingested(NamedTuple):
    """What one ingest produced: the articles read and the inputs that could not be read (with why)."""

    articles: pd.DataFrame
    rejected: pd.DataFrame


class IngestWarning(UserWarning):
    """An input was rejected by :func:`load_articles` (the message names the file and the reason)."""


# --------------------------------------------------------------------------------------------------
# public API


def ingest(
    paths: Iterable[str | Path],
    *,
    root: Path | None = None,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
) -> Ingested:
    """Read every supported file under ``paths`` (files or folders, folders recursively) as articles.

    ``path`` in both tables is relative to ``root`` when given (and the file lies under it), else to the
    folder argument, or the bare file name for a file argument (a byte of a name that is not UTF-8 shows
    as ``\\xNN``). Identical texts keep the first one read; the later ones are rejected as duplicates.
    Files over ``max_bytes`` are rejected unread. ``progress(done, total, path)`` is called after each file.
    """
    rejected: list[dict[str, Any]] = []
    articles = list(read_articles(paths, rejected, root=root, progress=progress, max_bytes=max_bytes))
    return Ingested(tables.conform(articles, "articles"), tables.conform(rejected, "rejected"))


def read_articles(
    paths: Iterable[str | Path],
    rejected: list[dict[str, Any]],
    *,
    root: Path | None = None,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
    on_found: Callable[[int], object] | None = None,
) -> Iterator[dict[str, Any]]:
    """The article records of :func:`ingest`, one at a time in reading order (a run reads a corpus as a
    stream, never whole); each input that cannot be read is appended to ``rejected`` as it is met.
    ``on_found`` is told how many files there are before the first is read."""
    found, missing = _collect(paths, root=root)
    rejected.extend(missing)
    if on_found is not None:
        on_found(len(found))
    first_by_hash: dict[str, str] = {}
    for done, (file, rel) in enumerate(found, start=1):
        try:
            records = read_file(file, rel=rel, max_bytes=max_bytes)
        except InputError as error:
            rejected.append({"path": error.path, "reason": error.reason})
            records = []
        except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as error:
            # a reader choking on an odd file costs that file, never the batch
            reason = f"could not be read ({type(error).__name__}: {shown(error)})"
            rejected.append({"path": rel, "reason": reason})
            records = []
        for record in records:
            if "reason" in record:
                rejected.append(record)
                continue
            first = first_by_hash.get(record["sha256"])
            if first is not None:
                reason = f"duplicate of {first} (identical text)"
                rejected.append({"path": record["path"], "reason": reason})
                continue
            first_by_hash[record["sha256"]] = record["path"]
            yield record
        if progress is not None:
            progress(done, len(found), rel)


def load_articles(paths: str | Path | Iterable[str | Path], *, max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """The ``articles`` table for ``paths``; each rejected input is reported as one warning line."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = ingest(paths, max_bytes=max_bytes)
    for row in result.rejected.itertuples(index=False):
        warnings.warn(f"{shown(row.path)}: {shown(row.reason)}", IngestWarning, stacklevel=2)
    return result.articles


def read_file(path: str | Path, *, rel: str, max_bytes: int = MAX_BYTES) -> list[dict[str, Any]]:
    """Read one file as article records (several for JSON lists and JSON Lines).

    Raises InputError(rel, reason) when the whole file cannot be read. A single bad record of a JSON list
    or JSON Lines file does not fail the file: it comes back as ``{"path": ..., "reason": ...}``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        written = f"'{shown(path.suffix)}'" if path.suffix else "(no extension)"
        raise InputError(rel, f"unsupported file type {written}; expected one of {', '.join(SUPPORTED)}")
    limit = max_bytes * HTML_MARKUP_FACTOR if suffix in HTML_SUFFIXES else max_bytes
    with _opened(path, rel=rel) as handle:
        if suffix == ".jsonl":
            return _read_jsonl(handle, rel=rel, max_bytes=max_bytes)
        data = _read_bytes(handle, rel=rel, limit=limit)
    if not data.strip():
        raise InputError(rel, "empty file")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(rel, "binary file (contains NUL bytes), not text")
    if suffix in HTML_SUFFIXES:
        return [_read_html(data, rel=rel, max_bytes=max_bytes)]
    text = _decode(data, rel=rel)
    if not text.strip():
        raise InputError(rel, "empty file")
    if suffix == ".json":
        return _read_json(text, rel=rel)
    return [_read_text(text, rel=rel, markdown=suffix != ".txt")]


def article_id(rel: str, sha256: str) -> str:
    """A short stable id from the relative path and the text hash: same file, same id, on any machine."""
    key = unicodedata.normalize("NFC", rel) + "\n" + sha256
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def normalise_date(value: object) -> tuple[str | None, str | None]:
    """``(iso_date, warning)`` for a published value: dates, ISO strings, "19 December 2023", ...

    Partial dates stay partial ("2023-12"); an ambiguous or unparseable value gives ``(None, warning)``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value), None
    if isinstance(value, str):
        parsed = _parse_date_text(value.strip())
        if isinstance(parsed, str):
            return parsed, None
        if parsed is _AMBIGUOUS:
            return None, f"published date {value!r} is ambiguous (day/month order); left empty"
    return None, f"published date {value!r} not understood; left empty"


# --------------------------------------------------------------------------------------------------
# finding the files


def _collect(
    paths: Iterable[str | Path], *, root: Path | None
) -> tuple[list[tuple[Path, str]], list[dict[str, Any]]]:
    """(file, relative path) pairs in reading order, and rejections for arguments that do not exist."""
    found: list[tuple[Path, str]] = []
    missing: list[dict[str, Any]] = []
    seen: set[Path] = set()
    root_abs = Path(root).resolve() if root is not None else None
    for argument in paths:
        given = Path(argument)
        if given.is_dir():
            pairs = [(f, _relative(f, root_abs) or rel) for f, rel in _walk(given, missing)]
        elif given.exists() or given.is_symlink():  # a broken or looping link is rejected when read
            pairs = [(given, _relative(given, root_abs) or _name_text(given.name))]
        else:
            missing.append({"path": _name_text(str(argument)), "reason": "no such file or directory"})
            continue
        for file, rel in pairs:
            key = _resolved(file)
            if key not in seen:  # the same file named twice (a folder and a file in it) is read once
                seen.add(key)
                found.append((file, rel))
    return found, missing


def _walk(folder: Path, problems: list[dict[str, Any]]) -> Iterator[tuple[Path, str]]:
    """Every non-hidden file under ``folder`` with its path relative to it, sorted by path parts; a
    sub-folder that cannot be listed is added to ``problems`` (never skipped in silence)."""
    entries: list[tuple[tuple[str, ...], Path]] = []

    def unlisted(error: OSError) -> None:
        where = Path(error.filename).relative_to(folder).as_posix() if error.filename else str(folder)
        problems.append({"path": _name_text(where) + "/", "reason": f"unreadable folder: {_os_reason(error)}"})

    for current, dirs, files in os.walk(folder, onerror=unlisted):
        base = Path(current)
        parts = base.relative_to(folder).parts
        for name in [d for d in dirs if not d.startswith(".") and (base / d).is_symlink()]:
            problems.append({"path": _name_text("/".join((*parts, name))) + "/",
                             "reason": "a symbolic link to a folder: not followed (give the folder as an input)"})
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (base / d).is_symlink()]
        for name in files:
            if not name.startswith("."):
                entries.append(((*parts, name), base / name))
    for parts, file in sorted(entries):
        yield file, _name_text("/".join(parts))


def _relative(file: Path, root: Path | None) -> str | None:
    if root is None:
        return None
    try:
        return _name_text(_resolved(file).relative_to(root).as_posix())
    except ValueError:
        return None


def _resolved(file: Path) -> Path:
    """The real path of ``file``; a symbolic link loop (resolve raises) stands for itself."""
    try:
        return file.resolve()
    except (OSError, RuntimeError):
        return file.absolute()


def _name_text(name: str) -> str:
    """A file name as text: a byte that is not UTF-8 (kept by the OS as a lone surrogate, which no table
    can store) shows as ``\\xNN``, as ``shown`` prints it."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# --------------------------------------------------------------------------------------------------
# reading bytes


@contextmanager
def _opened(path: Path, *, rel: str) -> Iterator[BinaryIO]:
    """``path`` open for reading, if it is a regular file. Opened without blocking, so a FIFO planted in
    the input folder is rejected instead of hanging the batch (and a device is never read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise InputError(rel, f"unreadable: {_os_reason(error, path)}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
                    else "a socket" if stat.S_ISSOCK(mode) else "a device")
            raise InputError(rel, f"not a regular file: {kind}")
        yield handle


def _read_bytes(handle: BinaryIO, *, rel: str, limit: int) -> bytes:
    """All of a file, or InputError when it is over ``limit`` bytes (checked before reading a byte)."""
    size = os.fstat(handle.fileno()).st_size
    data = handle.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        raise InputError(rel, _too_large(limit, max(size, len(data))))
    return data


def _too_large(limit: int, size: int | None = None) -> str:
    """The reason for a file (or a JSON line) over the size limit."""
    over = f"{size:,} bytes, over" if size is not None else "over"
    return f"too large: {over} the limit of {limit:,} bytes (--max-bytes)"


def _os_reason(error: OSError, path: Path | None = None) -> str:
    """A short reason for an OSError: permission, a symbolic link loop or target missing, else strerror."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT and path is not None and path.is_symlink():
        return "broken symbolic link (its target does not exist)"
    return (error.strerror or str(error)).lower()


# --------------------------------------------------------------------------------------------------
# decoding


def _decode(data: bytes, *, rel: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(rel, "undecodable text: UTF-16 (byte-order mark), expected UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise InputError(
            rel, f"undecodable text: not UTF-8 (byte 0x{bad} at offset {error.start})"
        ) from None
    return text.removeprefix("\ufeff")


def _record(rel: str, text: str, fields: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """One articles row from the text, the known fields (raw values) and any extra keys."""
    warned: list[str] = []
    published, problem = normalise_date(fields.get("published"))
    if problem:
        warned.append(problem)
    elif published is None:
        warned.append(UNKNOWN_DATE)
    row: dict[str, Any] = {name: _as_text(fields.get(name)) for name in FIELDS}
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as error:  # a JSON "\ud800" escape: not a character, and unprocessable
        raise InputError(rel, f"invalid text: unpaired surrogate {text[error.start]!r} at offset {error.start}") from None
    sha = hashlib.sha256(encoded).hexdigest()
    row.update(
        article_id=article_id(rel, sha),
        path=rel,
        published=published,
        text=text,
        sha256=sha,
        reference_date=None,
        warnings=warned,
        meta=json.dumps(extra, ensure_ascii=False, sort_keys=True, default=_json_default),
    )
    return row


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v is not None)
    text = str(value).strip()
    return text or None


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _split_fields(mapping: dict[Any, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Known fields (matched case-insensitively) and the rest, keys as strings."""
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in mapping.items():
        name = str(key)
        if name.lower() in FIELDS and name.lower() not in known:
            known[name.lower()] = value
        else:
            extra[name] = value
    return known, extra


# --------------------------------------------------------------------------------------------------
# Markdown and plain text


_DELIMITER = re.compile(r"---[ \t]*\r?\n?")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


def _read_text(text: str, *, rel: str, markdown: bool) -> dict[str, Any]:
    opening = _DELIMITER.match(text)
    if opening and (opening.end() == len(text) or text[opening.end() - 1] == "\n"):
        header, body = _front_matter(text, opening.end(), rel=rel)
        if not body.strip():
            raise InputError(rel, "empty text after front matter")
        known, extra = _split_fields(header)
        if _as_text(known.get("title")) is None:
            known["title"] = _first_line(body, markdown=markdown)
        return _record(rel, body, known, extra)
    return _record(rel, text, {"title": _first_line(text, markdown=markdown)}, {})


def _front_matter(text: str, start: int, *, rel: str) -> tuple[dict[Any, Any], str]:
    """The YAML mapping between the delimiter lines, and the body exactly as it follows them.

    Parsed with bounded size, nesting and alias expansion; a value YAML would type but Python cannot
    hold (the date 2023-02-30, the time 25:00:00, an integer of 5,000 digits) is kept as written.
    """
    closing = _CLOSING.search(text, start)
    if closing is None:
        raise InputError(rel, "malformed front matter: no closing '---' line")
    if closing.start() - start > MAX_FRONT_MATTER_CHARS:
        size = closing.start() - start
        raise InputError(rel, f"malformed front matter: {size:,} characters, over the limit of "
                              f"{MAX_FRONT_MATTER_CHARS:,}")
    import yaml  # fast after the first import; kept local so the module imports cheaply

    loader = _front_matter_loader()(text[start : closing.start()])
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, rel=rel)
        header = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        # where the faulty construct starts (context) is more helpful than where the parser gave up
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 1-based, +1 for '---'
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(rel, f"malformed front matter: bad YAML{where} ({' '.join(problem.split())})") from None
    finally:
        loader.dispose()
    if header is None:
        header = {}
    if not isinstance(header, dict):
        raise InputError(
            rel, f"malformed front matter: expected a YAML mapping, found {_kind(header)}"
        )
    return header, text[closing.end() :]


def _check_expansion(root: Any, *, rel: str) -> None:
    """Reject a YAML node graph that nests too deep, refers to itself, or holds too many values once its
    aliases are expanded (each shared node is counted once per use, but walked once)."""
    values: dict[int, int] = {}  # node id -> values under it, aliases expanded
    open_nodes: set[int] = set()  # the nodes whose values are being counted: the current path
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, counted = stack.pop()
        key = id(node)
        children = [c for pair in node.value for c in pair] if node.id == "mapping" else (
            node.value if node.id == "sequence" else [])
        if counted:
            open_nodes.discard(key)
            values[key] = 1 + sum(values[id(child)] for child in children)
            if values[key] > MAX_FRONT_MATTER_VALUES:
                raise InputError(rel, f"malformed front matter: over {MAX_FRONT_MATTER_VALUES:,} values once "
                                      "its aliases are expanded (an alias bomb?)")
            continue
        if key in values:
            continue
        if key in open_nodes:
            raise InputError(rel, "malformed front matter: an alias refers to the value that holds it")
        if depth > MAX_FRONT_MATTER_DEPTH:
            raise InputError(rel, f"malformed front matter: nested deeper than {MAX_FRONT_MATTER_DEPTH} levels")
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in values)


_LOADER: type | None = None


def _front_matter_loader() -> type:
    """yaml's (C) safe loader, keeping as text a date, time or integer that Python cannot hold."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        def as_written(typed: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
            def construct(loader: Any, node: Any) -> Any:
                try:
                    return typed(loader, node)
                except ValueError:  # 2023-02-30, 25:00:00, an integer over 4,300 digits
                    return loader.construct_scalar(node)

            return construct

        loader = type("FrontMatterLoader", (base,), {})
        for tag in ("timestamp", "int", "float"):
            name = f"tag:yaml.org,2002:{tag}"
            loader.add_constructor(name, as_written(base.yaml_constructors[name]))
        _LOADER = loader
    return _LOADER


def _first_line(text: str, *, markdown: bool) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if markdown:
            line = line.lstrip("#").strip()
        if line:
            return line
    return None


def _kind(value: object) -> str:
    names = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------------------------------
# JSON and JSON Lines


def _json_loads(text: str) -> Any:
    """json.loads with the failures a hostile file can cause as ValueError: too deep, a huge integer."""
    try:
        return json.loads(text, parse_int=_json_int)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"an integer of {len(digits.lstrip('-')):,} digits (at most {MAX_INTEGER_DIGITS:,})")
    return int(digits)


def _read_json(text: str, *, rel: str) -> list[dict[str, Any]]:
    try:
        data = _json_loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            rel, f"malformed JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except ValueError as error:
        raise InputError(rel, f"malformed JSON: {error}") from None
    if isinstance(data, dict):
        record = _json_record(data, rel=rel, where="")
        if "reason" in record:
            raise InputError(rel, record["reason"])
        return [record]
    if not isinstance(data, list):
        found = _kind(data)
        raise InputError(rel, f"JSON top level is {found}; expected an object or a list of objects")
    if not data:
        raise InputError(rel, "empty JSON list (no records)")
    return [
        _json_record(item, rel=f"{rel}#{number}", where=f"record {number}: ")
        for number, item in enumerate(data, start=1)
    ]


def _read_jsonl(handle: BinaryIO, *, rel: str, max_bytes: int) -> list[dict[str, Any]]:
    """One record per line, read line by line: only "\\n" ends a line (U+2028 and U+0085 may stand
    inside a JSON string), and a line over ``max_bytes`` or not UTF-8 rejects that record only."""
    head = handle.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(rel, "undecodable text: UTF-16 (byte-order mark), expected UTF-8")
    if b"\x00" in head:
        raise InputError(rel, "binary file (contains NUL bytes), not text")
    handle.seek(0)
    records: list[dict[str, Any]] = []
    for number, raw in enumerate(iter(lambda: handle.readline(max_bytes + 1), b""), start=1):
        where, path = f"line {number}: ", f"{rel}#{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # the rest of the over-long line, never held whole
            records.append({"path": path, "reason": where + _too_large(max_bytes)})
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
            item = _json_loads(line)
        except UnicodeDecodeError as error:
            records.append({"path": path, "reason": f"{where}undecodable text: not UTF-8 (byte "
                                                    f"0x{raw[error.start]:02x} at column {error.start + 1})"})
            continue
        except json.JSONDecodeError as error:
            records.append({"path": path, "reason": f"{where}malformed JSON: {error.msg} (column {error.colno})"})
            continue
        except ValueError as error:
            records.append({"path": path, "reason": f"{where}malformed JSON: {error}"})
            continue
        records.append(_json_record(item, rel=path, where=where))
    if not records:
        raise InputError(rel, "empty file")
    return records


def _json_record(item: object, *, rel: str, where: str) -> dict[str, Any]:
    """An article row from one JSON object, or a ``{"path", "reason"}`` rejection."""
    if not isinstance(item, dict):
        return {"path": rel, "reason": f"{where}expected a JSON object, found {_kind(item)}"}
    fields = {k: v for k, v in item.items() if k != "text"}
    text = item.get("text")
    if "text" not in item:
        keys = ", ".join(sorted(map(str, item))) or "none"
        return {"path": rel, "reason": f"{where}record has no 'text' field (keys: {keys})"}
    if not isinstance(text, str):
        return {"path": rel, "reason": f"{where}'text' is {_kind(text)}, expected a string"}
    if not text.strip():
        return {"path": rel, "reason": f"{where}empty text"}
    known, extra = _split_fields(fields)
    try:
        return _record(rel, text, known, extra)
    except InputError as error:  # one bad record rejects that record only
        return {"path": rel, "reason": f"{where}{error.reason}"}


# --------------------------------------------------------------------------------------------------
# HTML

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
_HTML_EXTRA = ("hostname", "description", "categories", "tags", "license")


def _read_html(data: bytes, *, rel: str, max_bytes: int) -> dict[str, Any]:
    """Main text and metadata through trafilatura; the date from htmldate when trafilatura has none."""
    html = _decode_html(data, rel=rel)
    import trafilatura  # costs a good fraction of a second: only paid when an HTML file is seen

    # Dates only from the page's markup and bylines, never guessed from dates mentioned in the story.
    no_guess = {"extensive_search": False, "original_date": True}
    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, date_extraction_params=no_guess
        )
    except Exception as error:  # noqa: BLE001 (a third-party parser failing on odd markup)
        raise InputError(rel, f"HTML could not be parsed ({type(error).__name__}: {error})") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(rel, "HTML page has no extractable main text")
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(rel, "main text " + _too_large(max_bytes, len(text.encode("utf-8"))))
    date = document.date
    if not date:
        from htmldate import find_date

        date = find_date(html, **no_guess)
    lang = document.language
    if not lang:
        match = _HTML_LANG.search(html)
        lang = match.group(1) if match else None
    fields = {
        "title": document.title,
        "source": document.sitename,
        "published": date,
        "url": document.url,
        "language": lang,
        "author": document.author,
    }
    extra = {k: getattr(document, k, None) for k in _HTML_EXTRA}
    return _record(rel, text, fields, {k: v for k, v in extra.items() if v})


def _decode_html(data: bytes, *, rel: str) -> str:
    """UTF-8 first; else the charset the page declares; else the file is rejected."""
    try:
        return _decode(data, rel=rel)
    except InputError:
        match = _CHARSET.search(data[:4096])
        if match is None:
            raise
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise InputError(
                rel, f"undecodable text: neither UTF-8 nor its declared charset {match.group(1)!r}"
            ) from None


# --------------------------------------------------------------------------------------------------
# dates

_AMBIGUOUS = object()
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
_ZONE = r"(?:Z|[A-Z]{2,4}|[+-]\d{2}:?\d{2})"
_TIME = rf"(?:[ T,]+\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?\s*{_ZONE}?)?"
_PATTERNS = [
    re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})-{_DAY}{_TIME}"),
    re.compile(rf"{_YEAR}/(?P<month>\d{{1,2}})/{_DAY}{_TIME}"),
    re.compile(rf"{_YEAR}\.(?P<month>\d{{1,2}})\.{_DAY}"),
    re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}"),
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}"),
    re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})"),
    re.compile(rf"{_MONTH}\s+{_YEAR}"),
    re.compile(_YEAR),
]
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-]" + _YEAR + _TIME)


def _parse_date_text(value: str) -> str | object | None:
    """An ISO (possibly partial) date from common written forms; ``_AMBIGUOUS`` or None when it fails."""
    for pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if match is not None:
            return _iso(match.groupdict())
    match = _NUMERIC.fullmatch(value)
    if match is not None:
        a, b = int(match["a"]), int(match["b"])
        if a <= 12 and b <= 12 and a != b:
            return _AMBIGUOUS
        day, month = (a, b) if a > 12 else (b, a) if b > 12 else (a, b)
        return _iso({"year": match["year"], "month": str(month), "day": str(day)})
    return None


def _iso(parts: dict[str, str | None]) -> str | None:
    year = int(parts["year"] or 0)
    month_text = parts.get("month")
    if month_text is None:
        return f"{year:04d}" if 1000 <= year else None
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None or not 1 <= month <= 12 or year < 1000:
        return None
    if parts.get("day") is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(parts["day"] or 0)).isoformat()
    except ValueError:
        return None
