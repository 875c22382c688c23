"""A run's outputs appear all at once or not at all: the write phase killed (SIGKILL) before every one of
its filesystem steps and at random moments, the CLI killed at random moments, and two runs into one
folder at once. After each, the folder holds one complete run, every table and file from the same one.

The write phase runs in processes forked from one that has the kit imported (tests/crash_child.py), so
a trial costs the write itself, not an interpreter start.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from claimkit import pipeline, store
from claimkit.pipeline import RunResult

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CLI = [sys.executable, "-m", "claimkit.cli"]
KEYS = {"articles": "article_id", "claims": "claim_id", "mentions": "mention_id", "findings": "finding_id",
        "rejected": "path"}
RANDOM_KILLS = 20

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Expected:
    """What one complete run wrote: the ids in each table and the ClaimReview identifiers."""

    ids: dict[str, list[str]]
    reviews: list[str]


def _expected(result: RunResult) -> Expected:
    frames = {"articles": result.articles, "claims": result.claims, "mentions": result.mentions,
              "findings": result.findings, "rejected": result.rejected}
    high = result.findings[result.findings["severity"] == "high"]
    return Expected({t: sorted(frames[t][k]) for t, k in KEYS.items()}, sorted(high["finding_id"]))


def one_complete_run(out: Path, expected: dict[str, Expected]) -> str:
    """Assert that ``out`` holds exactly one of the ``expected`` runs, through every way of reading it;
    return which (its run.json ``inputs``)."""
    generation = store.generation(out)
    label = "|".join(json.loads((generation / pipeline.RUN_RECORD).read_text(encoding="utf-8"))["inputs"])
    want = expected[label]
    outputs = pipeline.load_outputs(out, build_if_missing=False)
    catalog = store.connect(out)
    try:
        for table, key in KEYS.items():
            assert sorted(getattr(outputs, table)[key]) == want.ids[table], table
            assert len(pd.read_csv(out / f"{table}.csv", keep_default_na=False)) == len(want.ids[table]), table
            assert catalog.execute(f"select count(*) from {table}").fetchone() == (len(want.ids[table]),)
    finally:
        catalog.close()
    reviews = json.loads((out / pipeline.CLAIMREVIEW).read_text(encoding="utf-8"))["@graph"]
    assert sorted(r["identifier"] for r in reviews) == want.reviews
    for path in generation.iterdir():  # the usual names lead into the same generation
        assert (out / path.name).resolve() == path.resolve()
    with store.connect(out) as catalog:  # the catalog's views name files inside its own generation
        for (sql,) in catalog.execute("select sql from duckdb_views() where not internal").fetchall():
            assert "read_parquet('" in sql and "read_parquet('/" not in sql, sql
    return label


def _no_leftovers(out: Path) -> None:
    runs = {p.name for p in (out / store.RUNS).iterdir()}
    kept = {Path(os.readlink(out / link)).name for link in (store.CURRENT, store.PREVIOUS)
            if (out / link).is_symlink()}
    assert runs <= kept, runs - kept
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------------- the write phase, killed

class Writer:
    """The forking writer process: ``write(run, out)`` runs one write phase of run "a" or "b" into ``out``,
    killed before step ``die_at`` or ``kill_after`` seconds after it starts; returns the steps taken
    (None when killed)."""

    def __init__(self, results: dict[str, tuple[RunResult, dict]], folder: Path) -> None:
        pickled = folder / "results.pickle"
        pickled.write_bytes(pickle.dumps(results))
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("crash_child.py")),
                                         str(pickled)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, cwd=ROOT)

    def write(self, run: str, out: Path, *, die_at: int | None = None, kill_after: float | None = None
              ) -> int | None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"run": run, "out": str(out), "die_at": die_at}) + "\n")
        self.process.stdin.flush()
        pid = json.loads(self.process.stdout.readline())["pid"]
        if kill_after is not None:
            time.sleep(kill_after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # finished first: not a kill
                pass
        done = json.loads(self.process.stdout.readline())
        killed = os.WIFSIGNALED(done["status"]) and os.WTERMSIG(done["status"]) == signal.SIGKILL
        assert killed or os.WEXITSTATUS(done["status"]) == 0, done
        return None if killed else done["steps"]

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory):
    """Two different runs (results not yet written, with their run records), a writer process holding
    them, and what each must look like once written."""
    other = tmp_path_factory.mktemp("corpus-b")
    for path in sorted(RAW.iterdir())[:4]:
        shutil.copy2(path, other / path.name)
    (other / "extra.md").write_text("---\ntitle: Extra\npublished: 2023-12-21\n---\nQatari Prime Minister "
                                    "Mohammed bin Salman said 12 hostages were freed on 20 December.\n")
    scratch = tmp_path_factory.mktemp("scratch")
    results = {}
    for name, inputs in (("a", RAW), ("b", other)):
        result = pipeline.run([inputs], scratch / name, fast=True)
        record = pipeline.run_record(pipeline.reference_of(scratch / name), inputs=[inputs], fast=True)
        results[name] = (result, record)
    writer = Writer(results, scratch)
    expected = {str(record["inputs"][0]): _expected(result) for result, record in results.values()}
    labels = {name: str(record["inputs"][0]) for name, (_, record) in results.items()}
    yield writer, expected, labels
    writer.close()


def test_crash_kill_before_every_step_of_the_write_phase(two_runs, tmp_path) -> None:
    """From the same folder each time (run A current, B before it), run B's write phase killed before
    step k: the folder shows A for small k and B from the step after the switch on; one threshold,
    never a mix, never neither. Then killed writes pile up: the next complete one cleans them."""
    writer, expected, labels = two_runs
    out, snapshot = tmp_path / "out", tmp_path / "snapshot"
    for run in ("b", "a"):
        writer.write(run, out)
    shutil.copytree(out, snapshot, symlinks=True)  # restored to the same path: the catalog's paths hold

    def restore() -> None:
        shutil.rmtree(out)
        shutil.copytree(snapshot, out, symlinks=True)

    steps = writer.write("b", out)
    assert steps is not None and steps > 20
    switched = []
    for die_at in range(1, steps + 1):
        restore()
        assert writer.write("b", out, die_at=die_at) is None, f"step {die_at} never came"
        switched.append(one_complete_run(out, expected) == labels["b"])
    first = switched.index(True)
    assert switched == [False] * first + [True] * (steps - first)
    for die_at in (5, 15, 25, 35):  # kills that leave partial generations behind, one after another
        writer.write("a" if die_at % 2 else "b", out, die_at=die_at)
        one_complete_run(out, expected)
    writer.write("a", out)  # the next complete run cleans what the killed ones left
    assert one_complete_run(out, expected) == labels["a"]
    _no_leftovers(out)
    print(f"\nwrite phase killed before each of its {steps} steps: {steps} kills / {steps} consistent "
          f"(the old run shown when killed before steps 1-{first}, the new one from step {first + 1})")


def test_crash_kill_at_random_moments_of_the_write_phase(two_runs, tmp_path) -> None:
    writer, expected, labels = two_runs
    out = tmp_path / "out"
    spans = []
    for run in ("a", "b", "a"):
        started = time.perf_counter()
        writer.write(run, out)
        spans.append(time.perf_counter() - started)
    span = sorted(spans)[1]  # how long a write phase lasts here, now
    rng = random.Random(10)
    kills, seen = 0, set()
    while kills < RANDOM_KILLS:
        other = "b" if one_complete_run(out, expected) == labels["a"] else "a"
        if writer.write(other, out, kill_after=rng.uniform(0, span)) is None:
            kills += 1
        seen.add(one_complete_run(out, expected))
    print(f"\nwrite phase killed at random moments: {kills} kills / {kills} consistent "
          f"({len(seen)} different runs seen)")
    writer.write("a", out)
    _no_leftovers(out)


# ----------------------------------------------------------------------------- the command, killed


def test_crash_cli_killed_at_random_moments(two_runs, tmp_path) -> None:
    """The whole command killed at random moments (often in the write phase, at times before it): the
    folder keeps one complete run, and the lock dies with the process."""
    writer, expected, labels = two_runs
    out = tmp_path / "out"
    writer.write("a", out)
    rng = random.Random(11)
    for k in range(2):
        process = subprocess.Popen([*CLI, "run", labels["ab"[(k + 1) % 2]], "--out", str(out), "--fast"],
                                   stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(rng.uniform(2.0, 6.0))
        process.kill()
        process.wait()
        one_complete_run(out, expected)
    done = subprocess.run([*CLI, "run", labels["b"], "--out", str(out), "--fast", "--no-wait"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr  # not locked by a dead run
    assert one_complete_run(out, expected) == labels["b"]
    _no_leftovers(out)


# ---------------------------------------------------------------------------------- two runs at once


def test_crash_two_runs_into_one_folder(two_runs, tmp_path) -> None:
    writer, expected, labels = two_runs
    out = tmp_path / "out"
    processes = {run: subprocess.Popen([*CLI, "run", labels[run], "--out", str(out), "--fast"], cwd=ROOT,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for run in ("a", "b")}
    errors = {run: p.communicate(timeout=600)[1] for run, p in processes.items()}
    assert [p.returncode for p in processes.values()] == [0, 0], errors
    waited = [run for run, err in errors.items() if "waiting for another run to finish writing" in err]
    assert len(waited) == 1, "exactly one run waits for the other"
    assert one_complete_run(out, expected) == labels[waited[0]]  # the one that waited wrote last
    _no_leftovers(out)


def test_crash_no_wait_fails_clearly_while_another_run_writes(two_runs, tmp_path) -> None:
    writer, expected, labels = two_runs
    out = tmp_path / "out"
    writer.write("a", out)
    with store.locked(out):
        done = subprocess.run([*CLI, "run", labels["b"], "--out", str(out), "--fast", "--no-wait"],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"claimkit: [CK501] {out}: another run is writing this folder (pid {os.getpid()}); "
        "not waiting (--no-wait)"]
    assert one_complete_run(out, expected) == labels["a"]
