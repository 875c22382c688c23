"""schema.org ClaimReview drafts for high-severity findings, for a human reviewer to complete.

The rating is deliberately left empty: the kit finds evidence, a person decides the verdict.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import __version__
from .tables import clean, present


def claimreview_drafts(findings: pd.DataFrame, articles: pd.DataFrame) -> dict[str, Any]:
    """A JSON-LD graph with one ClaimReview per high-severity finding."""
    by_id = {r["article_id"]: r for r in articles.to_dict("records")}
    graph = []
    for f in findings[findings["severity"] == "high"].to_dict("records"):
        article = by_id.get(f["article_id"], {})
        evidence = f"Evidence: \u201c{f['text']}\u201d."
        if present(f.get("expected")):
            evidence += f" Expected: {f['expected']}."
        if present(f.get("reference_source")):
            evidence += f" Source: {f['reference_source']}."
        graph.append(
            {
                "@type": "ClaimReview",
                "identifier": f["finding_id"],
                "claimReviewed": f["text"],
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": {
                        "@type": "CreativeWork",
                        "headline": clean(article.get("title")),
                        "url": _web_url(article.get("url")),
                        "datePublished": clean(article.get("published")),
                        "publisher": {"@type": "Organization", "name": clean(article.get("source"))},
                    },
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": None,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": None,
                    "ratingExplanation": "to be set by a reviewer",
                },
                "reviewBody": f"{f['explanation']} {evidence}",
                "additionalType": f["kind"],
            }
        )
    return {
        "@context": "https://schema.org",
        "generator": f"claimkit {__version__}",
        "@graph": graph,
    }


def _web_url(value: Any) -> str | None:
    """An http(s) address, else nothing (a javascript: or file: URL never reaches the drafts)."""
    text = str(clean(value) or "")
    return text if text.lower().startswith(("http://", "https://")) else None
