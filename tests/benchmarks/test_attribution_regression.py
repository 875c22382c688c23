"""Regression subset of GUM's Wikinews attributions (issue 6), scored as ``make accuracy`` scores them.

The subset is every seventh document in file order outside GUM's ``test`` partition (6 of 39), chosen by
that rule alone and run through ``pipeline.extract`` with the full model, the code path of ``claimkit run``.
Precision: share of predicted source spans that overlap a gold attribution source; recall: share of gold
attributions of reported speech whose source a prediction overlaps (the harness's ``greedy_match``,
``_gold_source_spans``, ``_is_speech``). The data lives beside the project (``../shared/benchmarks`` or
``$CLAIMKIT_BENCHMARKS``); without it the test skips.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from claimkit.paths import project_root
from claimkit.pipeline import extract

EVERY = 7
#: Levels on the subset when the test was written: precision 29/37, reported-speech recall 27/30.
MEASURED_PRECISION = 29 / 37
MEASURED_RECALL = 27 / 30
MARGIN = 0.05  # about two predictions, or one or two gold attributions


def _benchmarks_dir() -> Path:
    given = os.environ.get("CLAIMKIT_BENCHMARKS")
    return Path(given) if given else project_root().parent / "shared" / "benchmarks"


def load_harness() -> ModuleType:
    """The accuracy harness (``benchmarks/accuracy.py``), so the subset is scored by its very rules."""
    import benchmarks.accuracy

    return benchmarks.accuracy


def regression_documents(path: Path) -> list[dict[str, Any]]:
    """Every EVERY-th GUM document in file order, GUM's test partition left out (it is reported, not tuned on)."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [d for d in docs if d["meta"].get("partition") != "test"][::EVERY]


@pytest.mark.model
def test_attribution_regression_gum_sources(reference: Any) -> None:
    path = _benchmarks_dir() / "gum-wikinews" / "documents.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared benchmark data is not beside the project")
    harness = load_harness()
    docs = regression_documents(path)
    articles = pd.DataFrame(
        {
            "article_id": [d["doc_id"] for d in docs],
            "path": [d["doc_id"] for d in docs],
            "title": [d["title"] for d in docs],
            "text": [d["text"] for d in docs],
            "published": [d["meta"].get("dateCreated") for d in docs],
            "warnings": [[] for _ in docs],
        }
    )
    claims = extract(articles, reference=reference, fast=False).claims
    attributions = claims[claims["kind"] == "attribution"].dropna(subset=["source_start", "source_end"])
    predicted = correct = speech = speech_found = 0
    for d in docs:
        mine = attributions[attributions["article_id"] == d["doc_id"]]
        pred = sorted({(int(s), int(e)) for s, e in zip(mine["source_start"], mine["source_end"])})
        gold = [harness._gold_source_spans(a) for a in d["attributions"]]
        gold_speech = [harness._gold_source_spans(a) for a in d["attributions"] if harness._is_speech(a)]
        predicted += len(pred)
        correct += harness.greedy_match(pred, gold, exact=False)
        speech += len(gold_speech)
        speech_found += harness.greedy_match(pred, gold_speech, exact=False)
    assert len(docs) == 6 and speech >= 20, "the GUM data changed: re-measure the levels"
    precision = correct / predicted if predicted else 0.0
    recall = speech_found / speech
    assert precision >= MEASURED_PRECISION - MARGIN, f"precision {correct}/{predicted}"
    assert recall >= MEASURED_RECALL - MARGIN, f"reported-speech recall {speech_found}/{speech}"
