"""Atomic writes and the DuckDB catalog: a crash never leaves a half-written table."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from claimkit import store, tables
from claimkit.claimreview import claimreview_drafts
from claimkit.errors import TableError


def _articles() -> pd.DataFrame:
    return tables.conform(
        [{"article_id": "a1", "path": "x.md", "text": "Hello.", "warnings": ["published date unknown"],
          "title": "<b>T</b>", "url": "https://example.org/x", "published": "2023-12-20", "source": "S"}],
        "articles",
    )


def test_store_round_trips_a_table_with_list_cells(tmp_path):
    store.write_table(_articles(), tmp_path, "articles")
    back = store.read_table(tmp_path, "articles")
    assert back.loc[0, "warnings"] == ["published date unknown"]
    assert list(back.columns[: len(tables.ARTICLES)]) == list(tables.ARTICLES)
    csv = pd.read_csv(tmp_path / "articles.csv")
    assert json.loads(csv.loc[0, "warnings"]) == ["published date unknown"]


def test_store_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    store.write_table(_articles(), tmp_path, "articles")
    before = (tmp_path / "articles.parquet").read_bytes()
    with pytest.raises(RuntimeError):
        with store.atomic_path(tmp_path / "articles.parquet") as tmp:
            tmp.write_bytes(b"half a parquet file")
            raise RuntimeError("crash in the middle of a write")
    assert (tmp_path / "articles.parquet").read_bytes() == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_store_outputs_are_readable_by_others(tmp_path):
    path = store.write_table(_articles(), tmp_path, "articles")
    assert path.stat().st_mode & 0o044 == 0o044


def test_store_catalog_has_a_view_per_table(tmp_path):
    store.write_tables({"articles": _articles(), "findings": tables.empty("findings")}, tmp_path)
    con = duckdb.connect(str(tmp_path / store.CATALOG), read_only=True)
    assert con.execute("select count(*) from articles").fetchone() == (1,)
    assert con.execute("select count(*) from findings").fetchone() == (0,)


def test_store_read_missing_table_says_what_to_do(tmp_path):
    with pytest.raises(TableError, match="claimkit run"):
        store.read_table(tmp_path, "claims")


def test_claimreview_drafts_only_high_severity_and_leave_the_rating_empty():
    findings = tables.conform(
        [{"finding_id": "f1", "kind": "role_conflict", "severity": "high", "article_id": "a1",
          "text": "Qatari Prime Minister X", "expected": "Y", "reference_source": "https://example.org/ref",
          "explanation": "On that day the prime minister of Qatar was Y."},
         {"finding_id": "f2", "kind": "integrity", "severity": "low", "article_id": "a1", "text": "**",
          "explanation": "A redaction mark."}],
        "findings",
    )
    drafts = claimreview_drafts(findings, _articles())
    assert drafts["@context"] == "https://schema.org"
    (review,) = drafts["@graph"]
    assert review["identifier"] == "f1" and review["reviewRating"]["ratingValue"] is None
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/x"
    assert "Qatari Prime Minister X" in review["reviewBody"] and "https://example.org/ref" in review["reviewBody"]
