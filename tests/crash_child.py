"""The child side of tests/test_crash.py: a process that has the kit imported and two run results loaded,
and forks one child per request to run the real write phase, which may SIGKILL itself just before one of
its filesystem steps (or be killed by the test at any moment).

    python tests/crash_child.py RESULTS.pickle     then, one JSON request per line on stdin:
    {"run": "a", "out": "/path", "die_at": 12}   -> {"pid": ...} then {"status": ..., "steps": ...}

It never writes a table itself, so no library thread exists when it forks.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import shutil
import signal
import sys
import traceback
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from claimkit import pipeline

# What the write phase does to the filesystem, step by step (a kill can land before any of them).
STEPS = [(os, "mkdir"), (os, "rename"), (os, "replace"), (os, "symlink"), (os, "link"), (os, "unlink"),
         (os, "fsync"), (os, "chmod"), (shutil, "rmtree"), (pq, "write_table"),
         (pd.DataFrame, "to_csv"), (Path, "write_text")]


def write_phase(result: pipeline.RunResult, record: dict, die_at: int | None) -> int:
    """Publish ``result``, SIGKILLing this process just before step ``die_at`` (never, for None);
    returns the number of steps taken."""
    count = itertools.count(1)

    def hooked(real):  # type: ignore[no-untyped-def]
        def step(*args, **kwargs):  # type: ignore[no-untyped-def]
            if next(count) == die_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return step

    for owner, name in STEPS:
        setattr(owner, name, hooked(getattr(owner, name)))
    pipeline.write_outputs(result, record)
    return next(count) - 1


def serve(results: dict[str, tuple[pipeline.RunResult, dict]]) -> None:
    for line in sys.stdin:
        request = json.loads(line)
        result, record = results[request["run"]]
        steps_file = Path(request["out"]).with_name(".steps")
        pid = os.fork()
        if pid == 0:
            try:
                steps = write_phase(replace(result, out_dir=Path(request["out"])), record, request.get("die_at"))
                steps_file.write_text(str(steps))
                os._exit(0)
            except BaseException:  # noqa: BLE001 - reported to the test through the exit status
                traceback.print_exc()
                os._exit(1)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        steps = int(steps_file.read_text()) if steps_file.exists() else None
        steps_file.unlink(missing_ok=True)
        print(json.dumps({"status": status, "steps": steps}), flush=True)


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as handle:
        serve(pickle.load(handle))
