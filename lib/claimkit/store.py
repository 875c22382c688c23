"""Writing tables: atomic Parquet + CSV files and a DuckDB catalog with a view per table.

A crash never leaves a half-written file: everything is written beside its target and renamed in place.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd

from . import tables
from .errors import TableError

CATALOG = "claimkit.duckdb"


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


def write_table(frame: pd.DataFrame, out_dir: Path, name: str, *, csv: bool = True) -> Path:
    """Write ``name`` as Parquet (and CSV) in ``out_dir`` atomically; returns the Parquet path."""
    out_dir = Path(out_dir)
    frame = tables.conform(frame, name) if name in tables.TABLES else frame
    target = out_dir / f"{name}.parquet"
    with atomic_path(target) as tmp:
        frame.to_parquet(tmp, index=False)
    if csv:
        flat = frame.copy()
        for column in flat.columns:
            if flat[column].dtype == object:
                flat[column] = flat[column].map(_csv_cell)
        with atomic_path(out_dir / f"{name}.csv") as tmp:
            flat.to_csv(tmp, index=False)
    return target


def write_tables(frames: Mapping[str, pd.DataFrame], out_dir: Path, *, csv: bool = True) -> list[Path]:
    """Write every table, then (re)build the DuckDB catalog over them."""
    paths = [write_table(frame, out_dir, name, csv=csv) for name, frame in frames.items()]
    build_catalog(out_dir)
    return paths


def read_table(in_dir: Path, name: str) -> pd.DataFrame:
    """Read a table written by :func:`write_table`, conformed to its contract."""
    path = Path(in_dir) / f"{name}.parquet"
    if not path.exists():
        raise TableError(f"{path}: no {name} table here; run `claimkit run` first")
    frame = pd.read_parquet(path)
    if "warnings" in frame.columns:
        frame["warnings"] = frame["warnings"].map(lambda v: list(v) if v is not None else [])
    return tables.conform(frame, name) if name in tables.TABLES else frame


def build_catalog(out_dir: Path) -> Path:
    """A DuckDB file with one view per Parquet table in ``out_dir`` (absolute paths; rebuilt each run)."""
    import duckdb

    out_dir = Path(out_dir).resolve()
    target = out_dir / CATALOG
    with atomic_path(target) as tmp:
        tmp.unlink()  # duckdb refuses to open an empty non-database file
        con = duckdb.connect(str(tmp))
        try:
            for parquet in sorted(out_dir.glob("*.parquet")):
                escaped = str(parquet).replace("'", "''")
                name = parquet.stem.replace('"', '""')
                con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{escaped}\')')
        finally:
            con.close()
    return target


def write_json(obj: object, target: Path) -> Path:
    """Write JSON atomically (UTF-8, indented)."""
    with atomic_path(Path(target)) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return Path(target)


def _csv_cell(value: object) -> object:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "tolist"):
        return json.dumps(value.tolist(), ensure_ascii=False)
    return value
