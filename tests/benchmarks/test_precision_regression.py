"""Precision regression on real reporting (the `make precision` corpora, judged in benchmarks/verdicts/).

Every finding the kit raises on GUM's Wikinews documents, on a fixed quarter of the staged Wikinews
corpus (every fourth article by file name), on a fixed quarter of both given with no date (title and
body only) and on a fixed quarter of the Wikinews articles beside their republished copies must have a
verdict, and none may be a false one: a finding
that has never been judged fails here until someone reads it and records a verdict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import precision

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def _quarter_of_wikinews(folder: Path) -> list[Path]:
    return precision.wikinews_articles(folder)[::4]


def _quarter_undated(folder: Path) -> list[Path]:
    return precision.undated_articles(folder)[::4]


def _quarter_syndicated(folder: Path) -> list[Path]:
    pairs = precision.syndicated_articles(folder)
    return [path for i in range(0, len(pairs), 8) for path in pairs[i:i + 2]]  # every fourth pair


@pytest.mark.parametrize("corpus", ["gum", "wikinews", "undated", "syndicated"])
def test_precision_no_false_or_unjudged_findings_on_real_news(corpus, tmp_path, monkeypatch):
    if corpus in ("gum", "undated") and not precision.GUM.is_file():
        pytest.skip("the shared benchmarks are not beside the project")
    if corpus == "wikinews":
        monkeypatch.setitem(precision.CORPORA, "wikinews", _quarter_of_wikinews)
    if corpus == "undated":
        monkeypatch.setitem(precision.CORPORA, "undated", _quarter_undated)
    if corpus == "syndicated":
        monkeypatch.setitem(precision.CORPORA, "syndicated", _quarter_syndicated)
    articles, findings = precision.run_corpus(corpus, tmp_path)
    assert articles >= 40
    result = precision.score(corpus, articles, findings, precision.load_verdicts(corpus))
    unjudged = [f"{f['path']}: {f['kind']} {f['evidence']!r}" for f in result["unjudged"]]
    assert not unjudged, "findings without a verdict in benchmarks/verdicts: " + "; ".join(unjudged)
    assert result["false"] == 0


def test_precision_verdict_files_are_well_formed():
    for path in sorted(precision.VERDICTS.glob("*.csv")):
        verdicts = precision.load_verdicts(path.stem)  # raises on a bad value or a duplicate
        assert verdicts, f"{path} holds no verdict"
