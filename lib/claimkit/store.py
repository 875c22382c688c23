"""Writing tables: a run's outputs appear all at once or not at all, one writer at a time.

Layout of an output folder (``data/processed``)::

    runs/<id>/            one generation: every table (Parquet + CSV), run.json, claimreview.jsonld,
                          and claimkit.duckdb with a view per table of that generation
    runs/<id>/<table>.parquet/part-00000.parquet, …
                          a table is a Parquet dataset: a folder of parts of at most PART_ROWS rows,
                          read as one table by pandas, pyarrow and the catalog's views
    current -> runs/<id>  the last complete generation, switched by one atomic rename
    previous -> runs/<id> the one before, kept so that a reader part-way through it can finish
    articles.parquet, …   links to current/<name>, so the usual paths keep working
    .claimkit.lock        held (flock) by the one process writing this folder

A generation is written in full beside the others, synced, and only then made ``current``: a crash or a
``kill -9`` at any moment leaves the previous run in place (and a partial folder that the next writer
deletes). Readers resolve ``current`` once (:func:`generation`) and read every table from there, so they
never mix two runs. A folder of plain tables (an older kit's layout) is read as it is, and replaced by
links on the first publication into it.
"""

from __future__ import annotations

import csv as csv_module
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import tables
from .errors import LockedError, TableError

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

CATALOG = "claimkit.duckdb"
PART_ROWS = 250_000  # rows per Parquet part: a part is read whole, so this bounds a reader's memory
CSV_ROWS = 50_000  # rows converted at a time for the CSV copy
CURRENT = "current"
PREVIOUS = "previous"
RUNS = "runs"
LOCK = ".claimkit.lock"
_SCRATCH = ".work"
_STAGING = re.compile(r"\.staging-.+")

# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection"): =, +, -, @, tab, carriage return,
# and their full-width forms, which some spreadsheets also read as formula signs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only if the block finishes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)  # mkstemp makes 0600; outputs are meant to be shared and served
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------ reading


def generation(folder: str | Path) -> Path:
    """The folder a reader should take every table from: the real path of ``folder/current`` (resolved
    once, so a run published meanwhile cannot mix in), else ``folder`` itself (plain tables)."""
    folder = Path(folder)
    link = folder / CURRENT
    return link.resolve() if link.is_dir() else folder


def read_table(in_dir: str | Path, name: str, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a table written by this module, conformed to its contract (only ``columns``, when given).
    Give a generation (from :func:`generation`) to read several tables of one run; an output folder is
    resolved here."""
    path = generation(in_dir) / f"{name}.parquet"
    if not path.exists():
        raise TableError(f"{path}: no {name} table here; run `claimkit run` first")
    frame = pd.read_parquet(path, columns=columns)
    if "warnings" in frame.columns:
        frame["warnings"] = frame["warnings"].map(lambda v: list(v) if v is not None else [])
    frame = tables.conform(frame, name) if name in tables.TABLES else frame
    return frame[columns] if columns is not None else frame


# ------------------------------------------------------------------------------------------ writing


def write_table(frame: pd.DataFrame, out_dir: Path, name: str, *, csv: bool = True) -> Path:
    """Publish ``name`` (Parquet, and CSV) into ``out_dir`` as a new generation; returns its link."""
    return write_tables({name: frame}, out_dir, csv=csv)[0]


def write_tables(frames: Mapping[str, pd.DataFrame], out_dir: Path, *, csv: bool = True,
                 documents: Mapping[str, object] | None = None, complete: bool = False,
                 drop: Iterable[str] = ()) -> list[Path]:
    """Publish ``frames`` (and JSON ``documents`` by file name) into ``out_dir`` as one new generation,
    with a DuckDB catalog over its tables. A ``complete`` set replaces the current one; otherwise the
    current generation's other files are kept (hard links) except those of the tables and file names
    in ``drop`` (what the new tables make stale), so the step commands build one consistent set."""
    out_dir = Path(out_dir)
    # never carry a file about to be written: the carried copy is a hard link, writing through it
    # would change the generation it came from
    replaced = [*drop, *frames, *(documents or {})]
    stale = {f"{name}{suffix}" for name in replaced for suffix in (".parquet", ".csv")} | set(replaced)
    with publishing(out_dir, csv=csv, carry=not complete, drop=stale) as new:
        for name, frame in frames.items():
            new.append(name, frame)
        for file_name, document in (documents or {}).items():
            new.document(file_name, document)
    return [out_dir / f"{name}.parquet" for name in frames]


class Generation:
    """A generation being written: tables appended piece by piece (a row group of a Parquet part, and
    a slice of the CSV copy, per call; a new part every PART_ROWS rows), so a run can write as it goes
    and never hold a whole table; see :func:`publishing`."""

    def __init__(self, folder: Path, *, csv: bool = True) -> None:
        self.folder = folder
        self.csv = csv
        self.rows: dict[str, int] = {}
        self._schemas: dict[str, pa.Schema] = {}
        self._parts: dict[str, int] = {}  # parts started per table
        self._writers: dict[str, tuple[pq.ParquetWriter, Path, int]] = {}  # the open part and its rows

    def append(self, name: str, frame: pd.DataFrame, *, schema: pa.Schema | None = None) -> None:
        """Add ``frame``'s rows to table ``name`` (conformed to its contract; an empty frame still
        makes the table exist, with its schema). The first call fixes the columns and their types
        (``schema`` when given, else :func:`tables.arrow_schema` of the frame)."""
        import pyarrow as pa

        if name in tables.TABLES and not tables.conforms(frame, name):
            frame = tables.conform(frame, name)
        first = name not in self._schemas
        if first:
            (self.folder / f"{name}.parquet").mkdir()
            self.rows[name], self._parts[name] = 0, 0
            self._schemas[name] = schema if schema is not None else tables.arrow_schema(frame, name)
        elif frame.empty:
            return
        schema = self._schemas[name]
        extra = [str(c) for c in frame.columns if c not in schema.names]
        if extra:
            raise TableError(f"{name}: a later part has columns the first one lacks ({', '.join(extra)})")
        if list(frame.columns) != schema.names:
            frame = frame.reindex(columns=schema.names)
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        start = 0
        while start < len(frame) or (first and start == 0):
            writer, path, held = self._writer(name)
            piece = table.slice(start, PART_ROWS - held)
            writer.write_table(piece)
            self._writers[name] = (writer, path, held + piece.num_rows)
            if held + piece.num_rows >= PART_ROWS:
                self._close_part(name)
            start += max(piece.num_rows, 1)
        self.rows[name] += len(frame)
        if self.csv:
            self._append_csv(frame, self.folder / f"{name}.csv", header=first)

    def read(self, name: str, *, columns: list[str], where: tuple[str, set[str]] | None = None) -> pd.DataFrame:
        """``columns`` of the rows written so far to table ``name`` (those whose ``where[0]`` is in
        ``where[1]``, when given), read one row group at a time so that only the rows kept are held; the
        table's open part is finished first (later rows start another)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        if name in self._writers:
            self._close_part(name)
        wanted = pa.array(sorted(where[1]), pa.string()) if where is not None else None
        kept = []
        for part in sorted((self.folder / f"{name}.parquet").glob("part-*.parquet")):
            with pq.ParquetFile(part) as reader:
                for group in range(reader.num_row_groups):
                    if where is None:
                        kept.append(reader.read_row_group(group, columns=columns))
                        continue
                    keys = reader.read_row_group(group, columns=[where[0]])[where[0]]
                    mask = pc.is_in(keys, value_set=wanted)
                    if pc.any(mask).as_py():
                        kept.append(reader.read_row_group(group, columns=columns).filter(mask))
        schema = pa.schema([self._schemas[name].field(c) for c in columns])
        frame = pa.Table.from_batches([b for t in kept for b in t.to_batches()], schema=schema).to_pandas()
        if "warnings" in frame.columns:
            frame["warnings"] = frame["warnings"].map(lambda v: list(v) if v is not None else [])
        return tables.conform(frame, name)[columns] if name in tables.TABLES else frame

    def _writer(self, name: str) -> tuple[pq.ParquetWriter, Path, int]:
        import pyarrow.parquet as pq

        if name not in self._writers:
            path = self.folder / f"{name}.parquet" / f"part-{self._parts[name]:05d}.parquet"
            self._parts[name] += 1
            self._writers[name] = (pq.ParquetWriter(path, self._schemas[name]), path, 0)
        return self._writers[name]

    def _close_part(self, name: str) -> None:
        writer, path, _ = self._writers.pop(name)
        writer.close()
        _sync(path)

    @property
    def final(self) -> Path:
        """Where the generation lives once published (its folder under ``runs/``)."""
        return self.folder.parent / self.folder.name.removeprefix(".staging-")

    def scratch(self, name: str) -> Path:
        """A folder for a writer's intermediate files, removed before the generation is published (and
        with it when the writer fails or dies)."""
        folder = self.folder / _SCRATCH / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def document(self, file_name: str, obj: object) -> Path:
        """A JSON file of the generation (a string is taken as JSON text already encoded)."""
        _write_json_file(obj, self.folder / file_name)
        return self.folder / file_name

    def close(self) -> None:
        """Every table's files closed and synced, the scratch folders removed: called before the
        generation is published."""
        shutil.rmtree(self.folder / _SCRATCH, ignore_errors=True)
        for name in list(self._writers):
            self._close_part(name)
        for name in self._schemas:
            _sync(self.folder / f"{name}.parquet")
            if self.csv:
                _sync(self.folder / f"{name}.csv")

    def abort(self) -> None:
        """The open parts closed without a thought for their content (the generation is dropped)."""
        for writer, _, _ in self._writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - a failing writer's file is removed with the generation
                pass
        self._writers.clear()

    @staticmethod
    def _append_csv(frame: pd.DataFrame, path: Path, *, header: bool) -> None:
        # in slices of CSV_ROWS rows: the cells made safe are Python objects, a slice at a time in memory
        with path.open("w" if header else "a", encoding="utf-8", newline="") as handle:
            for start in range(0, max(len(frame), 1), CSV_ROWS):
                flat = frame.iloc[start : start + CSV_ROWS].copy()
                for column in flat.columns:
                    values = flat[column]
                    if isinstance(values.dtype, pd.StringDtype):  # texts: csv_safe for a whole column at once
                        risky = values.str.startswith(_FORMULA_START).fillna(False).astype(bool)
                        flat[column] = (values.mask(risky, "'" + values) if risky.any() else values).astype(object)
                    elif values.dtype == object:
                        flat[column] = values.map(csv_safe)
                # every text cell quoted (OWASP), which also keeps a carriage return inside a cell
                flat.to_csv(handle, index=False, header=header and start == 0, quoting=csv_module.QUOTE_NONNUMERIC)


@contextmanager
def publishing(out_dir: str | Path, *, csv: bool = True, carry: bool = False,
               drop: Iterable[str] = ()) -> Iterator[Generation]:
    """A new generation of ``out_dir`` to append tables and documents to, published (made ``current``,
    with its DuckDB catalog) only when the block finishes; an error or a kill leaves the previous one.
    ``carry`` keeps the current generation's other files except those named in ``drop``."""
    out_dir = Path(out_dir)
    with locked(out_dir), _staged(out_dir, carry=carry, drop=set(drop)) as staging:
        new = Generation(staging, csv=csv)
        try:
            yield new
        except BaseException:
            new.abort()
            raise
        new.close()


def write_json(obj: object, target: Path) -> Path:
    """Write one JSON file atomically (UTF-8, indented), such as a report's summary; run outputs go
    through :func:`write_tables` instead."""
    with atomic_path(Path(target)) as tmp:
        _write_json_file(obj, tmp)
    return Path(target)


def csv_safe(value: object) -> object:
    """A cell as a spreadsheet should show it: text that starts like a formula gets a leading
    apostrophe (OWASP's advice against CSV injection); lists and arrays become JSON text."""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif hasattr(value, "tolist"):
        value = json.dumps(value.tolist(), ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_dataset(frame: pd.DataFrame, target: Path, *, part_rows: int = PART_ROWS) -> None:
    """``frame`` as a Parquet dataset: the folder ``target`` with parts ``part-00000.parquet``, … of at
    most ``part_rows`` rows each (one part, possibly empty, at least: it carries the schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.mkdir()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for number, start in enumerate(range(0, max(len(frame), 1), part_rows)):
        part = target / f"part-{number:05d}.parquet"
        pq.write_table(table.slice(start, part_rows), part)
        _sync(part)
    _sync(target)


def _write_json_file(obj: object, path: Path) -> None:
    """``obj`` as indented JSON; a string is taken as JSON text already encoded (as ClaimReview is)."""
    text = obj if isinstance(obj, str) else json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"
    path.write_text(text, encoding="utf-8")
    _sync(path)


def build_catalog(out_dir: Path) -> Path:
    """A DuckDB file in ``out_dir`` with one view per Parquet table there. The views name their files
    relative to the folder (``findings.parquet/*.parquet``), so the folder can be moved or copied:
    open the catalog from inside it, or with :func:`connect` from anywhere."""
    import duckdb

    out_dir = Path(out_dir).resolve()
    target = out_dir / CATALOG
    with atomic_path(target) as tmp:
        tmp.unlink()  # duckdb refuses to open an empty non-database file
        con = duckdb.connect(str(tmp), config={"file_search_path": str(out_dir)})
        try:
            for parquet in sorted(out_dir.glob("*.parquet")):
                pattern = f"{parquet.name}/*.parquet" if parquet.is_dir() else parquet.name
                escaped = pattern.replace("'", "''")
                name = parquet.stem.replace('"', '""')
                con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{escaped}\')')
        finally:
            con.close()
        _sync(tmp)
    return target


def connect(folder: str | Path):  # type: ignore[no-untyped-def]
    """A read-only DuckDB connection to the catalog of ``folder`` (an output folder or a generation),
    its relative views resolved inside that generation, whatever the working directory."""
    import duckdb

    tables_dir = generation(folder)
    return duckdb.connect(str(tables_dir / CATALOG), read_only=True,
                          config={"file_search_path": str(tables_dir)})


@contextmanager
def _staged(out_dir: Path, *, carry: bool, drop: set[str]) -> Iterator[Path]:
    """A new generation folder to write into; published (made ``current``) only if the block finishes.

    Runs under the folder's lock. Leftovers of writers that died (partial generations, temporaries)
    are removed first; only ``current`` and ``previous`` are kept afterwards.
    """
    runs = out_dir / RUNS
    first = not runs.exists()
    runs.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    name = time.strftime("%Y%m%dT%H%M%S") + f"-{secrets.token_hex(4)}"
    staging = runs / f".staging-{name}"
    staging.mkdir()
    try:
        if carry:
            _carry(generation(out_dir), staging, drop=drop)
        yield staging
        final = runs / name
        os.rename(staging, final)  # inside runs/: not yet visible to readers
        build_catalog(final)
        for path in final.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        _sync(runs)
        _switch(out_dir, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if first and not any(runs.iterdir()):
            runs.rmdir()  # a first run that failed leaves the folder as it found it
    clean_stale(out_dir)


def _carry(source: Path, staging: Path, *, drop: set[str]) -> None:
    """Hard-link (else copy) the files of the current generation, or of a folder of plain tables,
    except those named in ``drop`` (the catalog is always rebuilt)."""
    if not source.is_dir():
        return
    for path in source.iterdir():
        if path.name.startswith(".") or path.name in drop or path.suffix not in (".parquet", ".csv", ".json", ".jsonld"):
            continue
        if path.is_dir():  # a Parquet dataset: its parts, linked one by one
            (staging / path.name).mkdir()
            for part in path.iterdir():
                if part.is_file() and not part.name.startswith("."):
                    _link_or_copy(part, staging / path.name / part.name)
        elif path.is_file():
            _link_or_copy(path, staging / path.name)


def _link_or_copy(path: Path, target: Path) -> None:
    try:
        os.link(path.resolve(), target)
    except OSError:
        shutil.copy2(path, target)


def _switch(out_dir: Path, final: Path) -> None:
    """Make ``final`` the current generation (one rename), the old one ``previous``, and link every
    file name of the generation at the top of ``out_dir`` (replacing plain tables of the old layout)."""
    target = f"{RUNS}/{final.name}"
    old = os.readlink(out_dir / CURRENT) if (out_dir / CURRENT).is_symlink() else None
    if old is not None and old != target:
        _replace_link(out_dir / PREVIOUS, old)
    _replace_link(out_dir / CURRENT, target)
    for path in sorted(final.iterdir()):
        top = out_dir / path.name
        if not (top.is_symlink() and os.readlink(top) == f"{CURRENT}/{path.name}"):
            _replace_link(top, f"{CURRENT}/{path.name}")
    _sync(out_dir)


def _replace_link(path: Path, target: str) -> None:
    """Point the symbolic link ``path`` at ``target`` in one rename (never a moment without it)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    os.symlink(target, tmp)
    os.replace(tmp, path)


def clean_stale(out_dir: Path) -> None:
    """Remove what writers that died left behind, and generations no link points to. Call it only
    while holding the folder's lock (no writer is active then)."""
    out_dir = Path(out_dir)
    keep = {os.readlink(out_dir / link).rpartition("/")[2]
            for link in (CURRENT, PREVIOUS) if (out_dir / link).is_symlink()}
    runs = out_dir / RUNS
    for path in runs.iterdir() if runs.is_dir() else ():
        if path.name not in keep and (path.is_dir() or _STAGING.fullmatch(path.name)):
            shutil.rmtree(path, ignore_errors=True)
    for path in out_dir.iterdir() if out_dir.is_dir() else ():
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)
        elif path.is_symlink() and os.readlink(path).startswith(f"{CURRENT}/") and not path.exists():
            path.unlink()  # a table the current generation no longer has


def _sync(path: Path) -> None:
    """Flush a file or folder to disk, so a power cut cannot publish what was never written."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------------------ locking

_HELD: dict[Path, int] = {}  # folders this process holds the lock of, and how many times


@contextmanager
def locked(out_dir: str | Path, *, wait: bool = True,
           on_wait: Callable[[str], object] | None = None) -> Iterator[None]:
    """Hold the exclusive lock of ``out_dir`` (created if missing) for the block.

    Another process holding it makes this one wait (``on_wait`` is told why, once) or, with
    ``wait=False``, raise LockedError. The lock dies with its process, so a killed run never leaves the
    folder locked. Re-entrant within a process.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = out_dir.resolve()
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = _holder(fd)
            if not wait:
                raise LockedError(out_dir, holder) from None
            if on_wait is not None:
                on_wait(f"waiting for another run to finish writing {out_dir}{holder}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    """" (pid N)" from the lock file, for messages; empty when unknown."""
    try:
        pid = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
