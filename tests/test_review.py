"""Verdicts: fingerprints that survive re-runs, an append-only verdicts file, and the review CLI end to end
(run, accept, dismiss, rate, run again: the verdicts hold; edit an article: its verdicts are orphans)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from claimkit import review, store, tables
from claimkit.errors import ReviewError
from claimkit.paths import raw_dir

CLAIMKIT = Path(sys.executable).parent / "claimkit"


def _pair() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles = tables.conform([
        {"article_id": "a1", "path": "one.md", "sha256": "1" * 64, "text": "Officials said 105 hostages were freed."},
        {"article_id": "a2", "path": "two.md", "sha256": "2" * 64, "text": "In all, 110 hostages were freed."},
    ], "articles")
    findings = tables.conform([
        {"finding_id": "f1", "kind": "numeric_conflict", "severity": "high", "article_id": "a2", "start": 8,
         "end": 20, "text": "110 hostages", "other_article_id": "a1", "other_text": "105 hostages",
         "explanation": "Two figures."},
        {"finding_id": "f2", "kind": "role_conflict", "severity": "high", "article_id": "a1", "start": 0,
         "end": 9, "text": "Officials", "expected": "X (prime minister)", "explanation": "One."},
        {"finding_id": "f3", "kind": "role_conflict", "severity": "high", "article_id": "a1", "start": 0,
         "end": 9, "text": "Officials", "expected": "X (foreign minister)", "explanation": "Two."},
    ], "findings")
    return findings, articles


def test_review_fingerprint_ignores_ids_order_severity_and_wording() -> None:
    findings, articles = _pair()
    before = review.fingerprints(findings, articles)
    assert before.nunique() == 3  # same span, two expected offices: still two findings
    upgraded = findings.assign(finding_id=["x", "y", "z"], claim_id="c", severity="low",
                               explanation="Reworded by a newer kit.").iloc[::-1]
    after = review.fingerprints(upgraded.reset_index(drop=True), articles.iloc[::-1])
    assert sorted(after) == sorted(before)
    assert review.fingerprints(upgraded.reset_index(drop=True), articles)[2] == before[0]


@pytest.mark.parametrize("change", [
    {"text": "110 hostage"}, {"start": 9}, {"end": 21}, {"kind": "date_conflict"}, {"other_text": "106 hostages"},
])
def test_review_fingerprint_changes_with_the_evidence(change: dict) -> None:
    findings, articles = _pair()
    before = review.fingerprints(findings, articles)[0]
    changed = findings.copy()
    for column, value in change.items():
        changed.loc[0, column] = value
    assert review.fingerprints(changed, articles)[0] != before


def test_review_fingerprint_changes_when_either_article_is_edited() -> None:
    findings, articles = _pair()
    before = review.fingerprints(findings, articles)[0]
    for row in (0, 1):
        edited = articles.copy()
        edited.loc[row, "sha256"] = "9" * 64
        assert review.fingerprints(findings, edited)[0] != before


def test_review_verdicts_are_appended_and_the_latest_holds(tmp_path: Path) -> None:
    findings, articles = _pair()
    findings = review.apply(findings, articles, tmp_path)
    assert list(findings["review_status"]) == ["open"] * 3
    first = findings.loc[0, "review_id"]
    review.record(findings, first, "accepted", rating="mostly-false", note="two counts", by="ana", directory=tmp_path)
    review.record(findings, first[:6], "dismissed", by="ben", directory=tmp_path)
    review.record(findings, first, "accepted", by="ana", directory=tmp_path)  # keeps the earlier rating
    lines = (tmp_path / review.VERDICTS).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and [json.loads(x)["verdict"] for x in lines] == ["accepted", "dismissed", "accepted"]
    row = review.apply(findings, articles, tmp_path).iloc[0]
    assert (row["review_status"], row["rating"], row["reviewed_by"]) == ("accepted", "mostly-false", "ana")
    assert json.loads(lines[0])["article"] == "a2"  # no articles given: the id describes it


def test_review_errors_are_one_clear_line(tmp_path: Path) -> None:
    findings, articles = _pair()
    findings = review.apply(findings, articles, tmp_path)
    with pytest.raises(ReviewError, match="no finding with review id 000000"):
        review.record(findings, "000000", "accepted", directory=tmp_path)
    with pytest.raises(ReviewError, match="hex characters"):
        review.record(findings, "xyz", "accepted", directory=tmp_path)
    with pytest.raises(ReviewError, match="not on the scale"):
        review.record(findings, findings.loc[0, "review_id"], "accepted", rating="pants-on-fire", directory=tmp_path)
    (tmp_path / review.VERDICTS).write_text('{"fingerprint": "x", "verdict": "accepted", "at": "t", "by": "a"}\n'
                                            'not json\n')
    with pytest.raises(ReviewError, match=r"verdicts.jsonl:2: not a JSON object"):
        review.read_verdicts(tmp_path)
    (tmp_path / review.VERDICTS).write_text('{"fingerprint": "x", "verdict": "maybe", "at": "t", "by": "a"}\n')
    with pytest.raises(ReviewError, match=r"verdicts.jsonl:1: a verdict needs"):
        review.read_verdicts(tmp_path)
    (tmp_path / review.SETTINGS).write_text("organisation: {name: X}\nurl_template: nope\n")
    with pytest.raises(ReviewError, match=r"settings.yaml: url_template"):
        review.load_settings(tmp_path)


# ------------------------------------------------------------------------------ the CLI, end to end


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLAIMKIT), *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.e2e
@pytest.mark.model
def test_review_cli_verdicts_survive_reruns_and_an_edit_orphans_them(tmp_path: Path) -> None:
    corpus, out, reviews = tmp_path / "raw", tmp_path / "out", tmp_path / "reviews"
    shutil.copytree(raw_dir(), corpus)
    env = {**os.environ, "CLAIMKIT_REVIEWS_DIR": str(reviews)}
    assert _cli("run", str(corpus), "--out", str(out), env=env).returncode == 0
    listed = _cli("review", "--in", str(out), env=env)
    assert listed.returncode == 0, listed.stderr
    ids = re.findall(r"^([0-9a-f]{10})  ", listed.stdout, flags=re.M)
    total = len(store.read_table(out, "findings"))
    assert len(ids) == total >= 3 and f"{total} open, 0 accepted, 0 dismissed" in listed.stdout
    high = store.read_table(out, "findings").query("severity == 'high'")
    rated, dismissed = high["review_id"].iloc[0], high["review_id"].iloc[1]
    accepted = next(i for i in ids if i not in (rated, dismissed))

    done = _cli("review", "--in", str(out), "dismiss", dismissed, "--note", "same person, two offices", "--by",
                "ana", env=env)
    assert done.returncode == 0 and f"{dismissed} dismissed by ana" in done.stdout, done.stderr
    assert _cli("review", "--in", str(out), "rate", rated, "false", "--by", "ben", env=env).returncode == 0
    assert _cli("review", "accept", accepted[:7], "--in", str(out), env=env).returncode == 0  # --in after, too
    wrong = _cli("review", "--in", str(out), "rate", rated, "pants-on-fire", env=env)
    assert wrong.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1 and "CK700" in wrong.stderr
    assert len((reviews / review.VERDICTS).read_text().splitlines()) == 3

    assert _cli("run", str(corpus), "--out", str(out), env=env).returncode == 0  # re-run: verdicts hold
    findings = store.read_table(out, "findings").set_index("review_id")
    assert findings.loc[dismissed, "review_status"] == "dismissed"
    assert findings.loc[dismissed, "review_note"] == "same person, two offices"
    assert (findings.loc[rated, "review_status"], findings.loc[rated, "rating"]) == ("accepted", "false")
    assert findings.loc[accepted, "review_status"] == "accepted"
    graph = json.loads((out / "claimreview.jsonld").read_text(encoding="utf-8"))["@graph"]
    by_id = {g["identifier"]: g for g in graph}
    assert findings.loc[dismissed, "finding_id"] not in by_id
    complete = by_id[findings.loc[rated, "finding_id"]]
    assert complete["reviewRating"]["alternateName"] == "False" and rated in complete["url"]
    listed = _cli("review", "--in", str(out), env=env).stdout
    assert f"{total - 3} open, 2 accepted, 1 dismissed" in listed and dismissed not in listed
    assert "0 verdict(s) whose finding is gone" in _cli("review", "--in", str(out), "orphans", env=env).stdout
    assert "no longer match" not in listed

    edited_id = findings.loc[rated, "article_id"]
    path = store.read_table(out, "articles").set_index("article_id").loc[edited_id, "path"]
    target = corpus / Path(path).name if not (corpus / path).exists() else corpus / path
    target.write_text(target.read_text(encoding="utf-8") + "\nUpdated with a correction.\n", encoding="utf-8")
    rerun = _cli("run", str(corpus), "--out", str(out), env=env)
    assert rerun.returncode == 0 and re.search(r"warning: \d+ verdicts? no longer match", rerun.stdout)  # says so
    assert "no longer match" in _cli("review", "--in", str(out), env=env).stdout
    orphans = _cli("review", "--in", str(out), "orphans", env=env)
    assert orphans.returncode == 0 and rated in orphans.stdout and "verdict(s) whose finding is gone" in orphans.stdout
    assert rated not in set(store.read_table(out, "findings")["review_id"])
    assert len((reviews / review.VERDICTS).read_text().splitlines()) == 3  # nothing dropped
