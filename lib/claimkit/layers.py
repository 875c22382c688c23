"""Reference layers on disk: write one atomically, start one from a template, import and update one.

A layer is a folder in the reference's CSV format whose ``meta.yaml`` says ``kind: layer`` (see
``claimkit.reference`` for how layers merge with the curated base). Writing goes to a hidden sibling
folder first; the new layer is validated on top of the base and only then swapped in, so a failed or
interrupted import or update leaves the previous layer as it was.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import yaml

from .errors import ReferenceDataError, ReferenceImportError, ReferenceUpdateError
from .reference import FILES, LAYER_KIND, META_FILE, OPTIONAL, Reference, load_reference

__all__ = ["LayerResult", "import_files", "new_layer", "update_layer", "write_layer"]

# Column order of each file a layer writes: the required columns, then the optional ones.
COLUMNS: dict[str, tuple[str, ...]] = {name: FILES[name] + OPTIONAL.get(name, ()) for name in FILES}
WIKIDATA_SOURCE = "Wikidata (https://www.wikidata.org), CC0 1.0"


@dataclass
class LayerResult:
    """What an import or update wrote: the folder, rows per file, what was skipped and why."""

    directory: Path
    rows: dict[str, int]
    skipped: dict[str, int] = field(default_factory=dict)
    reference: Reference | None = None


def write_layer(directory: Path, tables: Mapping[str, Sequence[Mapping[str, str]]], meta: Mapping[str, Any],
                *, base: str | Path | None = None) -> Reference:
    """Write a layer to ``directory`` atomically and return the reference it makes with ``base``.

    The files are written to a hidden sibling folder and loaded on top of the base (every file and
    line validated); only a valid layer replaces the old folder, by two renames. On any error the
    old layer is left untouched and the partial folder removed."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=directory.parent))
    try:
        for name, rows in tables.items():
            _write_csv(staging / name, COLUMNS[name], rows)
        body = {"kind": LAYER_KIND, **meta}
        (staging / META_FILE).write_text(yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")
        try:
            reference = load_reference([*( [base] if base is not None else []), staging], layers=False)
        except ReferenceDataError as exc:
            raise ReferenceUpdateError(f"the new layer does not validate, the old one is kept: {exc}") from None
        _swap(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return reference


def _swap(staging: Path, directory: Path) -> None:
    """Put ``staging`` in place of ``directory``: rename the old aside, rename the new in, drop the old."""
    old = None
    if directory.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=directory.parent))
        old.rmdir()
        os.replace(directory, old)
    try:
        os.replace(staging, directory)
    except BaseException:
        if old is not None:
            os.replace(old, directory)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _counts(tables: Mapping[str, Sequence[Any]]) -> dict[str, int]:
    return {name.removesuffix(".csv"): len(rows) for name, rows in tables.items()}


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------------------------------


def import_files(files: Sequence[Path], directory: Path, *, base: str | Path | None = None, medium: str = "newspaper",
                 name: str | None = None, snapshot: str | None = None, source: str | None = None,
                 description: str | None = None, attribution: str | None = None) -> LayerResult:
    """Convert SPARQL results a user downloaded (JSON or CSV, from the kit's queries or similar) and
    plain ``person,role,of,start,end,source`` lists into one layer at ``directory``."""
    from . import wikidata

    reference = load_reference(base, layers=False) if base is not None else load_reference(layers=False)
    builder = wikidata.LayerBuilder(reference)
    kinds: list[str] = []
    hashes = {}
    for path in files:
        path = Path(path)
        if not path.is_file():
            raise ReferenceImportError(path, None, "file not found")
        hashes[path.name] = _sha256(path)
        if path.suffix.lower() == ".csv" and _is_plain_list(path):
            builder.add_plain(path)
            kinds.append("plain list")
            continue
        results = wikidata.read_results_file(path)
        kinds.append(builder.add(results, where=str(path), medium=medium))
    # labels name items met in other files: read them once more at the end
    for path in files:
        if Path(path).suffix.lower() in (".json", ".csv") and not _is_plain_list(Path(path)):
            results = wikidata.read_results_file(Path(path))
            if {"item", "name", "lang"} <= set(results.vars):
                builder.add_labels(results)
    tables = builder.tables()
    from_wikidata = any(k != "plain list" for k in kinds)
    meta = {
        "name": name or directory.name,
        "snapshot": snapshot or datetime.now(timezone.utc).date().isoformat(),
        "description": description or f"Imported from {', '.join(Path(p).name for p in files)} ({', '.join(dict.fromkeys(kinds))}).",
        "source": source or (WIKIDATA_SOURCE if from_wikidata else "the layer's author"),
        "source_name": "Wikidata" if from_wikidata and not source else (source or "the layer's author"),
        **({"attribution": attribution} if attribution else {}),
        "created": _now(),
        "imported_files_sha256": hashes,
        "rows": _counts(tables),
    }
    written = write_layer(directory, tables, meta, base=reference.directory)
    return LayerResult(directory, _counts(tables), dict(builder.skipped), written)


def _is_plain_list(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return {"person", "role", "of"} <= {h.strip() for h in header}  # query results never have `of`


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def update_layer(directory: Path, *, endpoint: str | None = None, base: str | Path | None = None,
                 contact: str | None = None, page_size: int | None = None, label_batch: int | None = None,
                 timeout: float | None = None, queries_dir: Path | None = None, names: Sequence[str] | None = None,
                 progress: Callable[[str, int], None] | None = None, dry_run: bool = False,
                 sleep: Callable[[float], None] | None = None) -> LayerResult:
    """Run the kit's queries against the Query Service (or ``endpoint``) and write the layer."""
    from . import wikidata

    reference = load_reference(base, layers=False) if base is not None else load_reference(layers=False)
    queries = wikidata.load_queries(queries_dir)
    options: dict[str, Any] = {}
    if timeout is not None:
        options["timeout"] = timeout
    if sleep is not None:
        options["sleep"] = sleep
    client = wikidata.Client(endpoint or wikidata.ENDPOINT, contact=contact, **options)
    fetched = wikidata.fetch(client, queries, names=names or wikidata.LISTING_QUERIES,
                             page_size=page_size or wikidata.ROWS_PER_PAGE,
                             label_batch=label_batch or wikidata.ITEMS_PER_LABEL_BATCH, progress=progress)
    builder = wikidata.LayerBuilder(reference)
    for name, results in fetched.items():
        if name != "labels":
            builder.add(results, where=f"{client.endpoint} ({name})")
    builder.add_labels(fetched.get("labels", wikidata.Results([])))
    tables = builder.tables()
    used = {n: queries[n] for n in (*(names or wikidata.LISTING_QUERIES), "labels") if n in queries}
    meta = {
        "name": directory.name,
        "snapshot": datetime.now(timezone.utc).date().isoformat(),
        "description": "Office holders and news outlets from Wikidata, by the kit's queries.",
        "source": WIKIDATA_SOURCE,
        "source_name": "Wikidata",
        "endpoint": client.endpoint,
        "created": _now(),
        "queries": sorted(used),
        "query_sha256": wikidata.queries_sha256(used),
        "requests": client.requests,
        "rows": _counts(tables),
    }
    if dry_run:
        return LayerResult(directory, _counts(tables), dict(builder.skipped))
    written = write_layer(directory, tables, meta, base=reference.directory)
    return LayerResult(directory, _counts(tables), dict(builder.skipped), written)


# --------------------------------------------------------------------------------------------------

TEMPLATE_README = """# {name}

A reference layer: facts for a beat the curated reference does not cover, in the same CSV format
(see the reference README). It is added on top of the curated reference with
`claimkit run ... --reference {path}` or by listing it under `layers:` in the base's `meta.yaml`.

- `entities.csv` — the people, organisations, countries and places you need (ids of the curated
  reference can be used directly: `country/israel`, `role/prime_minister`).
- `outlets.csv` — news outlets with their country.
- `roles.csv` — offices the curated reference does not have yet.
- `positions.csv` — who held which office, from `start` to `end` (`YYYY-MM-DD`, or `YYYY-MM` / `YYYY`
  when only the month or year is known); every row with a source.
- `meta.yaml` — `kind: layer`, the `snapshot` day you last reviewed it and where the facts come from.

Check it with `claimkit reference check {path}`; rows that disagree with other layers are listed as
conflicts, rows that are malformed as errors with their file and line.
"""


def new_layer(directory: Path, *, name: str | None = None) -> Path:
    """A small template layer a user fills in for a new beat (files with headers and one example row
    commented in the README). Refuses to overwrite a folder that has files."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise ReferenceDataError(str(directory), None, "folder exists and is not empty: choose a new folder")
    directory.mkdir(parents=True, exist_ok=True)
    for file, columns in COLUMNS.items():
        _write_csv(directory / file, columns, [])
    meta = {
        "kind": LAYER_KIND,
        "name": name or directory.name,
        "snapshot": datetime.now(timezone.utc).date().isoformat(),
        "description": "What this layer covers (one or two sentences).",
        "source": "Where its facts come from (each row also names its own source).",
    }
    (directory / META_FILE).write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    (directory / "README.md").write_text(TEMPLATE_README.format(name=name or directory.name, path=directory),
                                         encoding="utf-8")
    return directory


def describe(reference: Reference) -> list[str]:
    """Lines for ``claimkit reference check``: the base, each layer with its counts, the conflicts."""
    lines = [f"{reference.directory}: snapshot {reference.snapshot}; {len(reference.entities)} entities, "
             f"{len(reference.roles)} roles, {len(reference.positions)} positions, {len(reference.events)} events"]
    for layer in reference.layers:
        counts = ", ".join(f"{n} {k.removesuffix('.csv')}" for k, n in layer.rows.items())
        lines.append(f"  + layer {layer.name} ({layer.directory}): snapshot {layer.snapshot}; {counts or 'empty'}")
    return lines

