"""End to end: `claimkit run data/raw` as a user runs it, and what it must (and must not) find.

The expectations live in tests/data/planted.yaml: every disagreement planted in the sample corpus, every
agreement that must stay silent, and the seed article's findings and non-findings from the issues.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from claimkit import store
from finding_sides import Side, overlaps, sides

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PLANTED = yaml.safe_load((ROOT / "tests" / "data" / "planted.yaml").read_text(encoding="utf-8"))
CLI = [sys.executable, "-m", "claimkit.cli"]
TABLES = ("articles", "claims", "mentions", "findings", "rejected", "propositions")

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Run:
    out: Path
    code: int
    stdout: str
    stderr: str
    articles: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame

    def article(self, path: str, line: int | None = None) -> pd.Series:
        name = f"{path}#{line}" if line else path
        rows = self.articles[self.articles["path"] == name]
        assert len(rows) == 1, f"no article {name} in the run"
        return rows.iloc[0]

    def span(self, path: str, line: int | None, evidence: str) -> tuple[str, int, int]:
        article = self.article(path, line)
        start = article["text"].find(evidence)
        assert start >= 0, f"{evidence!r} is not in {path}"
        return article["article_id"], start, start + len(evidence)

    @property
    def texts(self) -> dict[str, str]:
        return dict(zip(self.articles["article_id"], self.articles["text"]))


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    out = tmp_path_factory.mktemp("processed")
    before = _tree_digest(RAW)
    env = {**os.environ, "COLUMNS": "120"}
    done = subprocess.run([*CLI, "run", str(RAW), "--out", str(out)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=600)
    assert _tree_digest(RAW) == before, "data/raw was modified by a run"
    read = {name: pd.read_parquet(out / f"{name}.parquet") for name in ("articles", "claims", "findings")}
    return Run(out, done.returncode, done.stdout, done.stderr, **read)


def _sides(run: Run, finding: pd.Series) -> list[Side]:
    return sides(finding, run.texts, run.claims)


def _covers(run: Run, finding: pd.Series, entry: dict) -> set[int]:
    """The groups of ``finding`` whose evidence overlaps an evidence of ``entry`` (empty: none)."""
    groups = set()
    for evidence in entry["evidence"] or [""]:
        want_id, start, end = run.span(entry["path"], entry.get("line"), evidence)
        groups |= {s.group for s in _sides(run, finding) if overlaps(s, want_id, start, end if evidence else start)}
    return groups


def _links(run: Run, finding: pd.Series, a: dict, b: dict) -> bool:
    """A finding that sets the evidence of entry a against the evidence of entry b (different groups)."""
    ga, gb = _covers(run, finding, a), _covers(run, finding, b)
    return any(x != y and -1 not in (x, y) for x in ga for y in gb)


def _cases(section: str, expect: set[str]) -> list[dict]:
    return [c for c in PLANTED[section] if c["expect"] in expect]


def _ids(cases: list[dict]) -> list[str]:
    return [c["id"] for c in cases]


# ------------------------------------------------------------------------------------------- the run
def test_run_exits_zero_and_prints_a_summary(run):
    assert run.code == 0, run.stderr
    assert "articles read" in run.stdout and "findings" in run.stdout


def test_run_writes_every_table_as_parquet_csv_and_duckdb_views(run):
    for name in TABLES:
        assert (run.out / f"{name}.parquet").exists()
        assert (run.out / f"{name}.csv").exists()
    con = store.connect(run.out)
    counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name in TABLES}
    assert counts["articles"] == len(run.articles) == 7
    assert counts["findings"] == len(run.findings) > 0
    assert not list(run.out.glob(".*.tmp")), "temporary files left behind"


def test_claimreview_drafts_cover_the_high_severity_findings(run):
    graph = json.loads((run.out / "claimreview.jsonld").read_text())["@graph"]
    high = run.findings[run.findings["severity"] == "high"]
    assert {g["identifier"] for g in graph} == set(high["finding_id"])
    assert all(g["@type"] == "ClaimReview" and g["reviewRating"]["ratingValue"] is None for g in graph)
    from claimkit.claimreview import claim_sentence  # each reviews the whole sentence its evidence sits in

    texts = run.texts
    for finding in high.itertuples():
        [draft] = [g for g in graph if g["identifier"] == finding.finding_id]
        sentence = claim_sentence(texts[finding.article_id], finding.start, finding.end, finding.text)
        assert draft["claimReviewed"] == sentence and len(sentence) > len(finding.text)


def test_seed_row_is_the_seed_byte_for_byte(run, seed_text):
    seed = run.article("000_fda41a654f71145d.md")
    assert seed["source"] == "Mondo International"
    assert seed["published"] == "2024-01-30"
    assert seed["text"] == seed_text


def test_seed_reference_date_is_december_2023_with_a_warning(run):
    seed = run.article("000_fda41a654f71145d.md")
    assert seed["reference_date"].startswith("2023-12")
    assert any("2024-01-30" in w for w in seed["warnings"])


def test_every_span_is_exact(run):
    texts = run.articles.set_index("article_id")["text"]
    for table in (run.claims, run.findings):
        for row in table.itertuples():
            assert texts[row.article_id][row.start : row.end] == row.text


def test_every_finding_explains_itself(run):
    assert run.findings["explanation"].str.len().min() > 20
    assert set(run.findings["kind"]) <= {
        "role_conflict", "outlet_conflict", "title_mismatch", "numeric_conflict", "date_conflict",
        "temporal_inconsistency", "integrity"}


# -------------------------------------------------------------------------------- planted expectations
@pytest.mark.parametrize("case", _cases("seed", {"finding"}) + _cases("corpus", {"finding"}),
                         ids=_ids(_cases("seed", {"finding"}) + _cases("corpus", {"finding"})))
def test_planted_finding_is_found(run, case):
    of_kind = run.findings[run.findings["kind"] == case["kind"]]
    files = case["files"]
    if len(files) == 1:
        entry = files[0]
        for evidence in entry["evidence"]:
            one = {**entry, "evidence": [evidence]}
            hits = [f for _, f in of_kind.iterrows() if _covers(run, f, one)]
            assert hits, f"no {case['kind']} covers {evidence!r} in {entry['path']}"
            role = str(case.get("reference", "")).split("role/")[-1].split()[0] if "role/" in str(
                case.get("reference", "")) else None
            if role:
                words = role.replace("_", " ")
                assert any(words in (str(f["explanation"]) + str(f["expected"])).lower() for f in hits), (
                    f"no {case['kind']} on {evidence!r} names the {words}")
    else:
        assert any(_links(run, f, files[0], files[1]) for _, f in of_kind.iterrows()), (
            f"no {case['kind']} links {files[0]['evidence']} and {files[1]['evidence']}")


@pytest.mark.parametrize("case", _cases("corpus", {"scope"}), ids=_ids(_cases("corpus", {"scope"})))
def test_planted_scope_difference_is_a_low_severity_scope_note(run, case):
    a, b = case["files"]
    linked = [f for _, f in run.findings[run.findings["kind"] == case["kind"]].iterrows() if _links(run, f, a, b)]
    assert linked, "the scope difference is not reported"
    assert all(f["severity"] != "high" and "scope" in f["explanation"].lower() for f in linked)


NONE_CASES = _cases("seed", {"none"}) + _cases("corpus", {"none"})


@pytest.mark.parametrize("case", NONE_CASES, ids=_ids(NONE_CASES))
def test_planted_agreement_raises_nothing(run, case):
    of_kind = [f for _, f in run.findings[run.findings["kind"] == case["kind"]].iterrows()]
    files = case["files"]
    match = case.get("match", "each")
    if match == "each":
        for entry in files:
            for evidence in entry["evidence"] or [""]:
                one = {**entry, "evidence": [evidence]}
                bad = [f["text"] for f in of_kind if _covers(run, f, one)]
                assert not bad, f"{case['kind']} raised on {evidence!r} in {entry['path']}: {bad}"
    elif match == "all_pairs":
        for i, a in enumerate(files):
            for b in files[i + 1 :]:
                bad = [f["explanation"] for f in of_kind if _links(run, f, a, b)]
                assert not bad, f"{case['kind']} between {a['path']} and {b['path']}: {bad}"
    elif match == "first_vs_rest":
        for b in files[1:]:
            bad = [f["explanation"] for f in of_kind if _links(run, f, files[0], b)]
            assert not bad, f"{case['kind']} between {files[0]['path']} and {b['path']}: {bad}"
    elif match == "within":
        entry = files[0]
        article_id = run.article(entry["path"], entry.get("line"))["article_id"]
        bad = [f["explanation"] for f in of_kind
               if len({s.group for s in _sides(run, f) if s.article_id == article_id}) > 1]
        assert not bad, f"{case['kind']} inside {entry['path']}: {bad}"
    else:  # pragma: no cover - a typo in planted.yaml
        pytest.fail(f"unknown match {match!r}")


# ------------------------------------------------------------------------------------------ exit codes
def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture()
def mixed_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: Talks\npublished: 2023-12-20\n---\n"
                                    "Officials said on 20 December that talks would resume.\n")
    (folder / "broken.json").write_text("{not json")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    return folder


def test_ingest_reports_each_bad_file_on_one_line_and_exits_1(mixed_inputs, tmp_path):
    done = _cli("ingest", str(mixed_inputs), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("claimkit: rejected")]
    assert len(lines) == 2 and any("broken.json" in l for l in lines) and any("image.png" in l for l in lines)
    rejected = pd.read_parquet(tmp_path / "out" / "rejected.parquet")
    assert set(rejected["path"]) == {"broken.json", "image.png"}
    assert len(pd.read_parquet(tmp_path / "out" / "articles.parquet")) == 1


def test_run_fast_goes_through_with_rejections_and_exits_1(mixed_inputs, tmp_path):
    done = _cli("run", str(mixed_inputs), "--out", str(tmp_path / "out"), "--fast")
    assert done.returncode == 1, done.stderr
    assert (tmp_path / "out" / "findings.parquet").exists()


def test_strict_fails_before_writing(mixed_inputs, tmp_path):
    done = _cli("run", str(mixed_inputs), "--out", str(tmp_path / "out"), "--strict", "--fast")
    assert done.returncode == 1
    assert sum(line.startswith("claimkit: rejected") for line in done.stderr.splitlines()) == 2
    out = tmp_path / "out"  # only the folder's lock file, nothing a reader would take for output
    assert not out.exists() or [p.name for p in out.iterdir()] == [store.LOCK]


def test_nothing_readable_exits_2(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    done = _cli("run", str(folder), "--out", str(tmp_path / "out"), "--fast")
    assert done.returncode == 2
    assert "empty.txt" in done.stderr


def test_usage_error_exits_2(tmp_path):
    assert _cli("run", "--out", str(tmp_path)).returncode == 2


def test_dask_cluster_gives_the_same_tables(tmp_path):
    """--scheduler runs extraction on a Dask cluster (here a local one); the tables are the same."""
    local = _cli("run", str(RAW), "--out", str(tmp_path / "local"), "--fast")
    dask = _cli("run", str(RAW), "--out", str(tmp_path / "dask"), "--fast", "--scheduler", "local",
                "--workers", "2")
    assert local.returncode == dask.returncode == 0, dask.stderr
    for name in ("claims", "findings"):
        a = pd.read_parquet(tmp_path / "local" / f"{name}.parquet").sort_values(f"{name[:-1]}_id")
        b = pd.read_parquet(tmp_path / "dask" / f"{name}.parquet").sort_values(f"{name[:-1]}_id")
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_step_by_step_commands_chain(tmp_path):
    """ingest → extract → check as separate commands, each reading the previous step's tables."""
    step = tmp_path / "steps"
    assert _cli("ingest", str(RAW), "--out", str(step)).returncode == 0
    extracted = _cli("extract", "--in", str(step), "--out", str(step), "--fast")
    assert extracted.returncode == 0, extracted.stderr
    checked = _cli("check", "--in", str(step), "--out", str(step))
    assert checked.returncode == 0, checked.stderr
    articles = pd.read_parquet(step / "articles.parquet")
    assert articles["reference_date"].notna().all()
    for name in ("claims", "mentions", "findings"):
        assert len(pd.read_parquet(step / f"{name}.parquet")) > 0
    assert (step / "claimreview.jsonld").exists() and (step / "claimkit.duckdb").exists()


def test_a_failing_extractor_costs_one_article_not_the_batch(monkeypatch):
    """A bug that raises on one text leaves a warning on that article; the others are extracted."""
    from claimkit import pipeline
    from claimkit.articles import ingest
    from claimkit.extract import claims as assembler

    real = assembler.extract_document

    def flaky(doc, article, *, reference):
        if "Mondo" in str(article.get("source")):
            raise ValueError("boom")
        return real(doc, article, reference=reference)

    monkeypatch.setattr(assembler, "extract_document", flaky)
    articles = ingest([RAW]).articles
    result = pipeline.extract(articles, fast=True)
    seed = result.articles[result.articles["source"] == "Mondo International"].iloc[0]
    assert any("extraction failed (ValueError: boom)" in w for w in seed["warnings"])
    assert set(result.claims["article_id"]) == set(articles["article_id"]) - {seed["article_id"]}


def test_an_internal_error_is_one_line_and_exit_3(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    done = _cli("run", str(RAW), "--out", str(blocker / "sub"), "--fast")
    assert done.returncode == 3
    assert done.stderr.strip().splitlines()[-1].startswith("claimkit: internal error: NotADirectoryError")
    assert "Traceback" not in done.stderr


def test_run_records_what_it_used(run, reference):
    record = json.loads((run.out / "run.json").read_text())
    assert record["reference_snapshot"] == reference.snapshot
    assert record["reference_fingerprint"] == reference.fingerprint and record["fast"] is False


def test_load_outputs_never_overwrites_another_folder(tmp_path):
    from claimkit import pipeline
    from claimkit.errors import TableError

    (tmp_path / "articles.parquet").write_bytes(b"")
    with pytest.raises(TableError, match="missing tables"):
        pipeline.load_outputs(tmp_path)
    assert (tmp_path / "articles.parquet").read_bytes() == b""
    with pytest.raises(TableError):
        pipeline.load_outputs(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()


def test_run_readme_sql_example_works_as_written(run, tmp_path):
    """The README's query line, run from a project folder whose data/processed holds a real run."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(l for l in readme.splitlines() if l.startswith(".venv/bin/python -c") and "connect(" in l)
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "processed").symlink_to(run.out, target_is_directory=True)
    (project / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)  # the project's environment
    done = subprocess.run(line, shell=True, cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for kind, n in run.findings["kind"].value_counts().items():
        assert any(kind in row and f" {n} " in row for row in done.stdout.splitlines()), (kind, n, done.stdout)


def test_facts_compared_in_shards_give_what_the_whole_corpus_gives(tmp_path, monkeypatch):
    """A run sets comparable claims aside by fact and compares a few shards of facts at a time: compared
    one shard at a time, the tables are those of all shards compared together (the sample and the traps
    hold figure conflicts and an occasion given two days)."""
    from claimkit import pipeline

    inputs, cache = [RAW, ROOT / "tests" / "data" / "traps"], tmp_path / "cache"
    whole = pipeline.run(inputs, tmp_path / "whole", cache_dir=cache)
    monkeypatch.setattr(pipeline, "COMPARED_BYTES", 1)
    sharded = pipeline.run(inputs, tmp_path / "sharded", cache_dir=cache)
    assert (whole.stages.keys() == sharded.stages.keys()) and whole.counts == sharded.counts
    assert {"numeric_conflict", "date_conflict"} <= set(whole.findings["kind"])
    assert sharded.propositions["proposition_id"].nunique() == len(sharded.propositions) > 50
    for name in ("findings", "propositions", "claims", "articles", "mentions"):
        pd.testing.assert_frame_equal(store.read_table(tmp_path / "whole", name),
                                      store.read_table(tmp_path / "sharded", name))


def test_run_result_reads_its_large_tables_from_the_generation_it_published(tmp_path):
    from claimkit import pipeline
    from claimkit.errors import TableError

    first = pipeline.run([RAW], tmp_path, fast=True, use_cache=False)
    assert first.counts["claims"] == len(first.claims) > 0  # read now, from the generation
    pd.testing.assert_frame_equal(first.claims, store.read_table(tmp_path, "claims"))
    assert first.tables_dir == store.generation(tmp_path)
    for _ in range(2):  # two newer runs: the first one's generation is gone
        pipeline.run([RAW], tmp_path, fast=True, use_cache=False)
    assert len(first.claims) == first.counts["claims"]  # kept once read
    with pytest.raises(TableError, match="gone"):
        first.mentions  # noqa: B018 - the access is the test
