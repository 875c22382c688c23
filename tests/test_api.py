"""The public API as users call it: ``claimkit.extract`` works before and after its package is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import claimkit
articles = claimkit.load_articles(["data/raw"])
ref = claimkit.load_reference()
first = claimkit.extract(articles, reference=ref, fast=True)   # the function, through __getattr__
second = claimkit.extract(articles, reference=ref, fast=True)  # the package is imported by now
import claimkit.extract.dates                                 # and its modules stay reachable
print(len(first.claims), len(second.claims), callable(claimkit.extract.dates.extract_dates))
"""


def test_api_extract_is_callable_every_time() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    first, second, reachable = done.stdout.split()
    assert first == second and int(first) > 0 and reachable == "True"
