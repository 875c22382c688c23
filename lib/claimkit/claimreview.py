"""schema.org ClaimReview drafts for high-severity findings, for a human reviewer to complete.

The rating is deliberately left empty: the kit finds evidence, a person decides the verdict. Headlines,
publishers and evidence come from articles, so the file is written to be pasted into a page as it is
(``<script type="application/ld+json">``): see :func:`to_json`; and a URL is kept only if it parses as
an http(s) address with a valid host.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any
from urllib.parse import urlsplit

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


def to_json(drafts: dict[str, Any]) -> str:
    """The drafts as JSON text that is safe inside an HTML ``<script>`` element: ``<``, ``>`` and ``&``
    (and U+2028/U+2029) are written as ``\\u`` escapes, so no ``</script>`` or ``<!--`` in an article
    can end or alter the element; the text still parses to exactly the same data."""
    text = json.dumps(drafts, indent=2, ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text + "\n"


_UNSAFE_IN_URL = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def _web_url(value: Any) -> str | None:
    """An http(s) address with a valid host, else nothing: the URL is parsed, not prefix-matched, so
    ``https://example.com/"><script>``, a ``javascript:`` or ``file:`` URL, credentials, a bad port or
    a host that is neither a domain name nor an IP address never reach the drafts."""
    text = str(clean(value) or "").strip()
    if not text or len(text) > 2048 or _UNSAFE_IN_URL.search(text) or not text.isprintable():
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number in range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.username is not None or not parts.hostname:
        return None
    return text if _valid_host(parts.hostname) else None


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()  # "bücher.example" -> "xn--bcher-kva.example"
    except UnicodeError:
        return False
    labels = ascii_host.removesuffix(".").split(".")
    return len(ascii_host) <= 253 and len(labels) >= 2 and all(_HOST_LABEL.fullmatch(label) for label in labels)
