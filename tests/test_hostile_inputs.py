"""Every kind of bad input (tests/hostile_inputs.py), beside the good sample articles: one stderr line per
rejected input, exit 1, nothing half-written, the input folder untouched, and the good articles' claims
and findings exactly what a run on them alone gives.

The corpus is built at test time in a temporary folder. As root, the run drops the capabilities that let
root read a chmod 000 file (``setpriv``), so the unreadable kinds are real.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from claimkit import store
from claimkit.articles import ingest
from claimkit.errors import shown
from hostile_inputs import GOOD, Kind, as_unprivileged, build, restore_permissions

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CLI = [sys.executable, "-m", "claimkit.cli"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile")
    kinds = build(folder / "in", RAW)
    yield folder / "in", kinds
    restore_permissions(folder)


def _expected(kinds: list[Kind], *, root_reads_all: bool) -> tuple[dict[str, Kind], dict[str, Kind]]:
    """Rejected and read paths, each with its kind (root reads chmod 000 files: those kinds are left out)."""
    chosen = [k for k in kinds if not (root_reads_all and k.unreadable)]
    return ({p: k for k in chosen for p in k.rejected}, {p: k for k in chosen for p in k.read})


def test_hostile_every_kind_at_ingest(corpus) -> None:
    """In process (no NLP): every kind is rejected with its reason or read, and nothing else is rejected."""
    folder, kinds = corpus
    result = ingest([folder])
    reasons = dict(zip(result.rejected["path"], result.rejected["reason"]))
    rejected, read = _expected(kinds, root_reads_all=os.geteuid() == 0)
    wrong = [f"{shown(p)}: {reasons.get(p)!r}, expected {k.reason!r}" for p, k in rejected.items()
             if k.reason not in reasons.get(p, "")]
    wrong += [f"{shown(p)} not read ({reasons.get(p)})" for p in read if p not in set(result.articles["path"])]
    unreadable = {p for k in kinds if k.unreadable for p in (*k.rejected, *k.read)}
    wrong += [f"{shown(p)} rejected unexpectedly: {r}" for p, r in reasons.items()
              if p not in rejected and not any(p.startswith(u.rstrip("/")) for u in unreadable)]
    assert not wrong, "\n".join(wrong)
    assert len(kinds) >= 68


# ------------------------------------------------------------------------------------ the whole batch


@dataclass
class Run:
    code: int
    stderr: str
    articles: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame


def _run(inputs: Path, out: Path) -> Run:
    done = subprocess.run(as_unprivileged([*CLI, "run", str(inputs), "--out", str(out), "--fast"]),
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    tables = {name: store.read_table(out, name) for name in ("articles", "claims", "findings")} if (
        out / store.CURRENT).exists() else {}
    return Run(done.returncode, done.stderr, **tables)


def _digest(folder: Path) -> dict[str, tuple]:
    """What each entry of the input folder is, without following links or opening pipes and devices."""
    seen: dict[str, tuple] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current) / name
            info = path.lstat()
            content = b""
            if stat.S_ISREG(info.st_mode) and info.st_size < 10_000_000 and info.st_mode & 0o444:
                content = path.read_bytes()
            seen[str(path.relative_to(folder))] = (info.st_mode, info.st_size, info.st_mtime_ns,
                                                   hashlib.sha256(content).hexdigest())
    return seen


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run, bool]:
    """The batch over the whole corpus, a run over the good articles alone (same relative paths), and
    whether the input folder came through untouched."""
    folder, _ = corpus
    before = _digest(folder)
    batch = _run(folder, tmp_path_factory.mktemp("hostile-out"))
    untouched = _digest(folder) == before
    alone = tmp_path_factory.mktemp("good-alone")
    shutil.copytree(folder / GOOD, alone / "in" / GOOD)
    return batch, _run(alone / "in", alone / "out"), untouched


@pytest.mark.e2e
def test_hostile_batch_one_line_per_rejected_input_and_exit_1(corpus, runs) -> None:
    _, kinds = corpus
    batch, _, _ = runs
    assert batch.code == 1, batch.stderr
    rejected, _ = _expected(kinds, root_reads_all=False)
    lines = batch.stderr.splitlines()
    assert all(line.startswith("claimkit: ") for line in lines), lines  # no forged or stray lines
    reported = [line for line in lines if not line.startswith("claimkit: extracted ")]
    expected = {f"claimkit: rejected {shown(p)}: " for p in rejected}
    assert len(reported) == len(expected)
    for prefix in expected:
        assert sum(line.startswith(prefix) for line in reported) == 1, prefix
    assert not any(line.startswith("claimkit: rejected forged.md") for line in lines)


@pytest.mark.e2e
def test_hostile_batch_reads_the_rest_and_keeps_every_claim_exact(corpus, runs) -> None:
    _, kinds = corpus
    batch, _, _ = runs
    _, read = _expected(kinds, root_reads_all=False)
    by_path = batch.articles.set_index("path")
    assert set(read) <= set(by_path.index)
    for path, kind in read.items():
        claims = batch.claims[batch.claims["article_id"] == by_path.loc[path, "article_id"]]
        assert set(kind.claims) <= set(claims["text"]), (path, kind.claims)
        if kind.warning:
            assert any(kind.warning in w for w in by_path.loc[path, "warnings"]), by_path.loc[path, "warnings"]
    texts = batch.articles.set_index("article_id")["text"]
    for claim in batch.claims.itertuples(index=False):
        assert texts[claim.article_id][claim.start : claim.end] == claim.text


@pytest.mark.e2e
def test_hostile_batch_good_articles_lose_nothing(runs) -> None:
    batch, alone, _ = runs
    assert alone.code == 0, alone.stderr
    good = set(alone.articles["article_id"])
    assert good <= set(batch.articles["article_id"])
    mine = batch.claims[batch.claims["article_id"].isin(good)]
    assert sorted(mine["claim_id"]) == sorted(alone.claims["claim_id"])

    def between_good(findings: pd.DataFrame) -> list[str]:
        inside = findings["article_id"].isin(good) & (findings["other_article_id"].isna()
                                                      | findings["other_article_id"].isin(good))
        keys = findings[inside][["kind", "severity", "article_id", "start", "end", "other_article_id", "text"]]
        return sorted(map(str, keys.itertuples(index=False, name=None)))

    assert between_good(batch.findings) == between_good(alone.findings)
    assert len(alone.findings) > 0


@pytest.mark.e2e
def test_hostile_batch_leaves_the_inputs_untouched(runs) -> None:
    assert runs[2], "a run modified its input folder"


@pytest.mark.e2e
def test_hostile_batch_kinds_table(corpus, runs) -> None:
    """The table of the closing note: kinds tried, rejected, read, crashed (a crash exits 3)."""
    _, kinds = corpus
    batch, _, _ = runs
    outcome = Counter("crashed" if batch.code == 3 else k.outcome for k in kinds)
    print(f"\nkinds tried {len(kinds)} / rejected {outcome['rejected']} / read {outcome['read']} / "
          f"partly read (JSON records) {outcome['records']} / crashed {outcome['crashed']}")
    assert outcome["crashed"] == 0 and sum(outcome.values()) == len(kinds)
