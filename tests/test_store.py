"""Publishing outputs: generations switched in one rename, the lock, stale leftovers, CSV cells a
spreadsheet would run, and the DuckDB catalog."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from claimkit import store, tables
from claimkit.claimreview import claimreview_drafts
from claimkit.errors import LockedError, TableError


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
    before = (tmp_path / "articles.csv").read_bytes()
    with pytest.raises(RuntimeError):
        with store.atomic_path(tmp_path / "articles.csv") as tmp:
            tmp.write_bytes(b"half a file")
            raise RuntimeError("crash in the middle of a write")
    assert (tmp_path / "articles.csv").read_bytes() == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_store_outputs_are_readable_by_others(tmp_path):
    path = store.write_table(_articles(), tmp_path, "articles")
    assert path.stat().st_mode & 0o044 == 0o044


def test_store_catalog_has_a_view_per_table(tmp_path):
    store.write_tables({"articles": _articles(), "findings": tables.empty("findings")}, tmp_path)
    con = store.connect(tmp_path)
    assert con.execute("select count(*) from articles").fetchone() == (1,)
    assert con.execute("select count(*) from findings").fetchone() == (0,)


def test_store_tables_are_parquet_datasets_read_as_one_table(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PART_ROWS", 2)
    frame = pd.concat([_articles()] * 5, ignore_index=True).assign(article_id=[f"a{i}" for i in range(5)])
    store.write_dataset(frame, tmp_path / "articles.parquet", part_rows=2)
    parts = sorted(p.name for p in (tmp_path / "articles.parquet").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert list(pd.read_parquet(tmp_path / "articles.parquet")["article_id"]) == [f"a{i}" for i in range(5)]
    store.build_catalog(tmp_path)
    assert store.connect(tmp_path).execute("select count(*) from articles").fetchone() == (5,)


def test_store_catalog_keeps_working_when_the_folder_is_moved(tmp_path, monkeypatch):
    """The catalog's views name files relative to its folder: a moved or copied output folder still
    answers, opened from inside it (the README's example) or with store.connect from anywhere."""
    store.write_tables(_frames(1), tmp_path / "out", complete=True)
    moved = Path(shutil.move(tmp_path / "out", tmp_path / "elsewhere"))
    assert store.connect(moved).execute("select count(*) from findings").fetchone() == (1,)
    monkeypatch.chdir(moved)
    with duckdb.connect(store.CATALOG, read_only=True) as con:
        assert con.execute("select kind, count(*) from findings group by 1").fetchall() == [("integrity", 1)]


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


# ------------------------------------------------------------------------------------- generations


def _frames(n: int) -> dict[str, pd.DataFrame]:
    """Two tables whose contents say which publication they came from."""
    articles = _articles().assign(article_id=f"a{n}")
    findings = tables.conform([{"finding_id": f"f{n}", "kind": "integrity", "severity": "low",
                                "article_id": f"a{n}", "text": "**"}], "findings")
    return {"articles": articles, "findings": findings}


def test_store_publishes_a_generation_switched_by_one_link(tmp_path):
    for n in (1, 2):
        store.write_tables(_frames(n), tmp_path, documents={"run.json": {"n": n}}, complete=True)
    current = store.generation(tmp_path)
    assert current.parent == tmp_path / store.RUNS and (tmp_path / store.CURRENT).is_symlink()
    assert json.loads((current / "run.json").read_text()) == {"n": 2}
    previous = (tmp_path / store.PREVIOUS).resolve()
    assert previous != current and store.read_table(previous, "articles").loc[0, "article_id"] == "a1"
    # the usual names are links into current/, read by anything that opens a path
    for name in ("articles.parquet", "findings.csv", "run.json", store.CATALOG):
        assert os.readlink(tmp_path / name) == f"{store.CURRENT}/{name}"
    assert pd.read_parquet(tmp_path / "articles.parquet").loc[0, "article_id"] == "a2"
    con = store.connect(tmp_path)
    assert con.execute("select article_id from articles").fetchall() == [("a2",)]
    # a third publication keeps only the current and the previous generation
    store.write_tables(_frames(3), tmp_path, complete=True)
    assert sorted(p.name for p in (tmp_path / store.RUNS).iterdir()) == sorted(
        {current.name, store.generation(tmp_path).name})


def test_store_a_failing_publication_changes_nothing(tmp_path, monkeypatch):
    store.write_tables(_frames(1), tmp_path, complete=True)
    before = store.generation(tmp_path)
    real = store.Generation.append

    def disk_full_at_findings(self, name, frame, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "findings":
            raise OSError(28, "No space left on device")
        return real(self, name, frame, *args, **kwargs)

    monkeypatch.setattr(store.Generation, "append", disk_full_at_findings)
    with pytest.raises(OSError, match="No space"):
        store.write_tables(_frames(2), tmp_path, complete=True)
    assert store.generation(tmp_path) == before
    assert store.read_table(tmp_path, "findings").loc[0, "finding_id"] == "f1"
    assert [p.name for p in (tmp_path / store.RUNS).iterdir()] == [before.name]


def test_store_step_publications_carry_the_set_and_drop_what_they_make_stale(tmp_path):
    store.write_tables(_frames(1), tmp_path, documents={"claimreview.jsonld": {"x": 1}}, complete=True)
    first = store.generation(tmp_path)
    store.write_tables({"articles": _frames(2)["articles"]}, tmp_path, drop=("findings", "claimreview.jsonld"))
    files = sorted(p.name for p in store.generation(tmp_path).iterdir())
    assert files == ["articles.csv", "articles.parquet", store.CATALOG]
    assert not (tmp_path / "findings.parquet").exists()  # its link went with it
    store.write_tables({"findings": _frames(2)["findings"]}, tmp_path)
    assert store.read_table(tmp_path, "articles").loc[0, "article_id"] == "a2"
    assert store.read_table(tmp_path, "findings").loc[0, "finding_id"] == "f2"
    assert not first.exists()  # two publications later, the first generation is gone ...
    second = (tmp_path / store.PREVIOUS).resolve()  # ... and the one before the current is untouched
    assert store.read_table(second, "articles").loc[0, "article_id"] == "a2"
    assert not (second / "findings.parquet").exists()


def test_store_writing_a_table_never_changes_the_generation_it_was_carried_from(tmp_path):
    store.write_tables(_frames(1), tmp_path, complete=True)
    before = store.generation(tmp_path)
    store.write_tables({"articles": _frames(2)["articles"]}, tmp_path)  # findings carried, articles new
    assert store.read_table(before, "articles").loc[0, "article_id"] == "a1"
    assert store.read_table(tmp_path, "articles").loc[0, "article_id"] == "a2"
    part = "findings.parquet/part-00000.parquet"
    assert (store.generation(tmp_path) / part).stat().st_ino == (before / part).stat().st_ino


def test_store_removes_what_dead_writers_left(tmp_path):
    store.write_tables(_frames(1), tmp_path, complete=True)
    (tmp_path / store.RUNS / ".staging-20240101T000000-dead").mkdir()
    (tmp_path / store.RUNS / "20240101T000000-unpublished").mkdir()
    (tmp_path / ".articles.parquet.abc123.tmp").write_bytes(b"half")
    (tmp_path / ".current.abc123.tmp").symlink_to("runs/nowhere")
    store.write_tables(_frames(2), tmp_path, complete=True)
    runs = {p.name for p in (tmp_path / store.RUNS).iterdir()}
    assert runs == {store.generation(tmp_path).name, (tmp_path / store.PREVIOUS).resolve().name}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_store_reads_and_then_replaces_plain_tables_of_the_old_layout(tmp_path):
    _frames(1)["articles"].to_parquet(tmp_path / "articles.parquet", index=False)
    (tmp_path / "notes.txt").write_text("mine")
    assert store.generation(tmp_path) == tmp_path
    assert store.read_table(tmp_path, "articles").loc[0, "article_id"] == "a1"
    store.write_tables(_frames(2), tmp_path, complete=True)
    assert (tmp_path / "articles.parquet").is_symlink()
    assert store.read_table(tmp_path, "articles").loc[0, "article_id"] == "a2"
    assert (tmp_path / "notes.txt").read_text() == "mine"  # what is not ours stays


# -------------------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tX", "\rX",
                                  "＝1+1"])
def test_store_csv_cells_that_start_like_a_formula_are_text(tmp_path, cell):
    frame = _articles().assign(title=cell, source=f"plain {cell}")
    store.write_table(frame, tmp_path, "articles")
    with open(tmp_path / "articles.csv", newline="", encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    assert row["title"] == "'" + cell  # a spreadsheet shows it as text, runs nothing
    assert row["source"] == f"plain {cell}"  # only the start of a cell matters
    assert store.read_table(tmp_path, "articles").loc[0, "title"] == cell  # Parquet keeps the exact text


def test_store_csv_numbers_stay_numbers(tmp_path):
    claims = tables.conform([{"claim_id": "c", "article_id": "a", "start": 0, "end": 2, "text": "-5",
                              "kind": "quantity", "value": -5.0}], "claims")
    store.write_table(claims, tmp_path, "claims")
    back = pd.read_csv(tmp_path / "claims.csv")
    assert back.loc[0, "value"] == -5.0 and back.loc[0, "text"] == "'-5"


# ------------------------------------------------------------------------------------------ locking

HOLDER = """
import sys
from claimkit import store
with store.locked(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def held(tmp_path):
    """Another process holding the lock of tmp_path/out until the test ends."""
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    yield out, holder
    if holder.poll() is None:
        holder.kill()
    holder.wait()


def test_store_lock_no_wait_names_the_holder(held):
    out, holder = held
    with pytest.raises(LockedError, match=rf"another run is writing this folder \(pid {holder.pid}\)"):
        with store.locked(out, wait=False):
            pass


def test_store_lock_waits_for_the_holder_and_says_so(held):
    out, holder = held
    told: list[str] = []
    threading.Timer(0.5, holder.stdin.close).start()  # the holder finishes half a second later
    with store.locked(out, on_wait=told.append):
        assert holder.wait(timeout=30) == 0
    assert told == [f"waiting for another run to finish writing {out} (pid {holder.pid})"]


def test_store_lock_dies_with_its_process(held):
    out, holder = held
    holder.kill()  # kill -9: no chance to release anything
    holder.wait()
    with store.locked(out, wait=False):
        store.write_tables(_frames(1), out, complete=True)  # re-entrant in the process holding it
    assert store.read_table(out, "articles").loc[0, "article_id"] == "a1"


def test_store_csv_written_in_slices_is_the_csv_written_whole(tmp_path, monkeypatch):
    frame = tables.conform([{"finding_id": f"f{i}", "kind": "integrity", "severity": "low", "article_id": "a",
                             "text": "=1+1" if i % 2 else "line\r\nbreak"} for i in range(7)], "findings")
    store.write_table(frame, tmp_path / "whole", "findings")
    monkeypatch.setattr(store, "CSV_ROWS", 3)
    store.write_table(frame, tmp_path / "slices", "findings")
    assert (tmp_path / "slices" / "findings.csv").read_bytes() == (tmp_path / "whole" / "findings.csv").read_bytes()
    assert len(pd.read_csv(tmp_path / "slices" / "findings.csv")) == 7


def _numbered(start: int, count: int) -> pd.DataFrame:
    return pd.concat([_articles()] * count, ignore_index=True).assign(
        article_id=[f"a{i}" for i in range(start, start + count)], sha256=[f"s{i}" for i in range(start, start + count)])


def test_store_a_generation_written_piece_by_piece_is_the_table_written_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PART_ROWS", 4)  # a part holds 4 rows: the pieces of 3 fill two and start a third
    with store.publishing(tmp_path / "pieces") as new:
        for start in (0, 3, 6):
            new.append("articles", _numbered(start, 3))
        new.append("findings", tables.empty("findings"))  # an empty table still exists, with its columns
        assert new.read("articles", columns=["article_id", "sha256"], where=("article_id", {"a1", "a7"}))[
            "sha256"].tolist() == ["s1", "s7"]
        scratch = new.scratch("work")
        (scratch / "leftover").write_text("x")
        new.append("articles", _numbered(9, 1))  # rows after a read go on in a new part
    store.write_tables({"articles": _numbered(0, 10), "findings": tables.empty("findings")}, tmp_path / "whole",
                       complete=True)
    pieces, whole = store.generation(tmp_path / "pieces"), store.generation(tmp_path / "whole")
    assert sorted(p.name for p in (pieces / "articles.parquet").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"]
    pd.testing.assert_frame_equal(store.read_table(pieces, "articles"), store.read_table(whole, "articles"))
    assert (pieces / "articles.csv").read_bytes() == (whole / "articles.csv").read_bytes()
    assert store.read_table(pieces, "findings").empty and not any(p.name.startswith(".") for p in pieces.iterdir())


def test_store_a_generation_refuses_a_piece_with_columns_its_first_lacks(tmp_path):
    with pytest.raises(TableError, match="extra_column"), store.publishing(tmp_path) as new:
        new.append("articles", _numbered(0, 1))
        new.append("articles", _numbered(1, 1).assign(extra_column=1))
    assert not (tmp_path / store.RUNS).exists()  # nothing published, nothing left


def test_tables_conforms_only_what_conform_would_leave_as_it_is():
    frame = tables.conform(_numbered(0, 2), "articles")
    assert tables.conforms(frame, "articles") and not tables.conforms(_numbered(0, 2), "articles")
    assert not tables.conforms(frame.iloc[::-1], "articles")  # not a plain index
    assert not tables.conforms(frame.astype({"published": object}), "articles")
    assert not tables.conforms(frame[list(frame.columns[::-1])], "articles")
