"""Shared fixtures: the model and the reference are loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_fda41a654f71145d.txt"
SEED_MD = ROOT / "data" / "raw" / "000_fda41a654f71145d.md"


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
