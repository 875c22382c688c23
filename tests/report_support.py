"""Shared set-up for the notebook, render and report-browser tests: fresh tables and rendered reports,
built once per test session in pytest's temporary folder (never in data/processed or reports/)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from claimkit.paths import notebooks_dir, raw_dir
from claimkit.render import RenderResult, render

HOSTILE_DIR = Path(__file__).parent / "fixtures" / "hostile"
SEED_NAME = "000_fda41a654f71145d.md"
RUN_DATE = "2024-02-01"
REPORT = notebooks_dir() / "report.ipynb"


def fresh_tables(factory: pytest.TempPathFactory, name: str, inputs: Sequence[Path] | None = None) -> Path:
    """The pipeline's tables for ``inputs`` (default: the sample corpus), built once per session."""
    from claimkit import pipeline

    folder = factory.getbasetemp() / f"tables-{name}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        pipeline.run(list(inputs) if inputs else [raw_dir()], folder)
        done.touch()
    return folder


def hostile_corpus(factory: pytest.TempPathFactory) -> Path:
    """A corpus of the seed article and the hostile fixture article."""
    folder = factory.getbasetemp() / "corpus-hostile"
    if not folder.exists():
        folder.mkdir()
        shutil.copy2(raw_dir() / SEED_NAME, folder / SEED_NAME)
        for article in HOSTILE_DIR.glob("*.md"):
            if article.name != "README.md":
                shutil.copy2(article, folder / article.name)
    return folder


def render_report(tables: Path, out_root: Path, *, run_date: str = RUN_DATE, **params: str) -> RenderResult:
    """``render`` of the report notebook over ``tables`` into ``out_root`` (its summary included)."""
    values = {"processed_dir": str(tables), "reports_root": str(out_root), **params}
    return render(REPORT, params=values, run_date=run_date, out_root=out_root, timeout=300)
