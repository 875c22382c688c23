"""The trap corpus (tests/data/traps/): short articles of our own, each declaring in its front matter the
findings the kit must and must not produce when the folder is run as one corpus (format: its README).

The classes are the ways real reporting fooled the kit: figures of different owners, parts against
wholes, the wrong kind of figure, figures that change over time, dates and page furniture, editorial
ellipses, rounding, shared surnames, ranges — and real disagreements that must still be found.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from finding_sides import overlaps, sides

ROOT = Path(__file__).resolve().parents[1]
TRAPS = ROOT / "tests" / "data" / "traps"
SEVERITY = {"low": 0, "medium": 1, "high": 2}
KINDS = {"numeric_conflict", "date_conflict", "temporal_inconsistency", "integrity", "role_conflict",
         "outlet_conflict", "title_mismatch"}


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


ARTICLES = {p.name: parsed for p in sorted(TRAPS.glob("[0-9]*.md")) if (parsed := _front_matter(p))[0]}
CASES = [(name, i, entry) for name, (meta, _) in ARTICLES.items() for i, entry in enumerate(meta.get("expect", []))]


def _case_id(case) -> str:
    name, i, entry = case
    return f"{name[:-3]}#{i}-{entry['must']}-{entry['kind']}"


# --- the corpus itself ------------------------------------------------------------------------------------
def test_traps_are_well_formed():
    assert len(ARTICLES) >= 30
    classes = {meta["trap_class"] for meta, _ in ARTICLES.values()}
    assert len(classes) >= 9
    for name, (meta, body) in ARTICLES.items():
        assert meta.get("sample") == "trap", name
        for entry in meta.get("expect", []):
            assert entry["kind"] in KINDS and entry["must"] in ("find", "not_find"), (name, entry)
            if entry.get("evidence"):
                assert entry["evidence"] in body, (name, entry["evidence"])
            if entry.get("with"):
                other = ARTICLES[entry["with"]["path"]][1]
                assert entry["with"]["evidence"] in other, (name, entry["with"])
    assert sum(e["must"] == "find" for _, _, e in CASES) >= 5


# --- one run over the whole folder -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("traps")
    files = [str(TRAPS / name) for name in ARTICLES]
    done = subprocess.run([sys.executable, "-m", "claimkit.cli", "run", *files, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    articles = pd.read_parquet(out / "articles.parquet")
    return {
        "findings": pd.read_parquet(out / "findings.parquet"),
        "claims": pd.read_parquet(out / "claims.parquet"),
        "ids": {Path(p).name: a for p, a in zip(articles["path"], articles["article_id"])},
        "texts": dict(zip(articles["article_id"], articles["text"])),
    }


def _span(run, name: str, evidence: str | None) -> tuple[str, int, int]:
    article_id = run["ids"][name]
    if not evidence:
        return article_id, 0, 0
    start = run["texts"][article_id].find(evidence)
    assert start >= 0, f"{evidence!r} is not in the text of {name}"
    return article_id, start, start + len(evidence)


def _groups(run, finding, name: str, evidence: str | None) -> set[int]:
    article_id, start, end = _span(run, name, evidence)
    return {s.group for s in sides(finding, run["texts"], run["claims"]) if overlaps(s, article_id, start, end)}


pytestmark = [pytest.mark.e2e, pytest.mark.model]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_trap_expectation(run, case):
    name, _, entry = case
    of_kind = [f for _, f in run["findings"].iterrows() if f["kind"] == entry["kind"]]
    if entry["must"] == "not_find":
        bad = [f["explanation"] for f in of_kind if _groups(run, f, name, entry.get("evidence"))]
        assert not bad, f"{entry['kind']} raised on {entry.get('evidence') or name}: {bad}"
        return
    other = entry.get("with")
    hits = []
    for f in of_kind:
        mine = _groups(run, f, name, entry["evidence"])
        theirs = _groups(run, f, other["path"], other["evidence"]) if other else {None}
        if any(a != b and -1 not in (a, b) for a in mine for b in theirs):
            hits.append(f)
    assert hits, f"no {entry['kind']} sets {entry['evidence']!r} against {other}"
    for f in hits:
        if "max_severity" in entry:
            assert SEVERITY[f["severity"]] <= SEVERITY[entry["max_severity"]], f["explanation"]
        if "min_severity" in entry:
            assert SEVERITY[f["severity"]] >= SEVERITY[entry["min_severity"]], f["explanation"]
