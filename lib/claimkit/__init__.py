"""claimkit: what news articles claim, and where those claims contradict each other, themselves,
or a dated reference of known facts.

The public API is a handful of functions over pandas DataFrames (imported lazily, so that
``import claimkit`` and the CLI's ``--help`` stay fast)::

    articles = claimkit.load_articles(["data/raw"])
    ref = claimkit.load_reference()
    articles, claims, mentions = claimkit.extract(articles, reference=ref)
    findings = claimkit.check(articles, claims, mentions, reference=ref)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "ingest": "claimkit.articles",
    "load_articles": "claimkit.articles",
    "load_reference": "claimkit.reference",
    "build_pipeline": "claimkit.nlp",
    "extract": "claimkit.pipeline",
    "check": "claimkit.pipeline",
    "run": "claimkit.pipeline",
    "read_table": "claimkit.store",
    "render": "claimkit.render",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'claimkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
