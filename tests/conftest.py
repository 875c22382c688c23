"""Shared fixtures: the model and the reference are loaded once per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_fda41a654f71145d.txt"
SEED_MD = ROOT / "data" / "raw" / "000_fda41a654f71145d.md"


def pytest_configure(config: pytest.Config) -> None:
    """Verdicts go to a folder of this test process, never to the project's data/reviews (a reviewer's
    real verdicts must neither leak into the tests nor be written by them); each xdist worker has its own."""
    if not os.environ.get("CLAIMKIT_REVIEWS_DIR"):
        os.environ["CLAIMKIT_REVIEWS_DIR"] = tempfile.mkdtemp(prefix="claimkit-reviews-")


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the shared seed article is not beside the project")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def reference():
    from claimkit.reference import load_reference

    return load_reference(ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def nlp_full(reference):
    from claimkit.nlp import build_pipeline

    return build_pipeline(reference, fast=False)


@pytest.fixture(scope="session")
def nlp_fast(reference):
    from claimkit.nlp import build_pipeline

    return build_pipeline(reference, fast=True)
