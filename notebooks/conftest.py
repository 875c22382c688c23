"""pytest hooks for running nbval on these notebooks (``pytest --nbval … notebooks/``).

The committed outputs hold plotly figures as JSON (renderer ``plotly_mimetype``, no inlined plotly.js),
so a regression run (``--nbval``, not ``--nbval-lax``) starts the kernel with that renderer; the figure
JSON itself is not compared (plotly writes fresh ids and float noise each run; the tables behind the
figures are checked by the pytest suite instead).
"""

from __future__ import annotations

import os

import pytest

PLOTLY_JSON = "application/vnd.plotly.v1+json"
COMMITTED_RENDERER = "plotly_mimetype"


def pytest_configure(config: pytest.Config) -> None:
    """Regression runs compare against outputs made with the small JSON renderer: use it too."""
    if getattr(config.option, "nbval", False) and not getattr(config.option, "nbval_lax", False):
        os.environ.setdefault("PLOTLY_RENDERER", COMMITTED_RENDERER)


def pytest_collectstart(collector: pytest.Collector) -> None:
    """Leave plotly figure JSON out of nbval's output comparison."""
    skip = getattr(collector, "skip_compare", None)
    if skip is not None and PLOTLY_JSON not in skip:
        collector.skip_compare = (*skip, PLOTLY_JSON)
