"""schema.org ClaimReview for the findings people accepted and rated, and drafts for the rest.

A finding a reviewer accepted and rated (``claimkit review rate ID RATING``) becomes one complete
ClaimReview — one per disagreement, however many articles take part — with what Google's fact-check
markup requires (``claimReviewed``, ``reviewRating`` with ``alternateName``, ``url``) and recommends
(``author``, ``itemReviewed`` as a Claim with its ``appearance``, ``author`` and ``datePublished``); the
organisation, URL template and rating scale come from data/reviews/settings.yaml. A high-severity finding
nobody has reviewed, or one accepted without a rating, stays a draft (``creativeWorkStatus: Draft``, no
rating). A dismissed finding is never written. Headlines, publishers and evidence come from articles, so
the file is safe to paste into a page (see :func:`to_json`), and a URL is kept only if it parses as an
http(s) address with a valid host.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

import pandas as pd

from .tables import clean, conform, present

_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s|$)|\n\s*\n")
MAX_SENTENCE = 400


def claimreview_drafts(findings: pd.DataFrame, articles: pd.DataFrame, *, claims: pd.DataFrame | None = None,
                       settings: Any = None) -> dict[str, Any]:
    """A JSON-LD graph: a complete ClaimReview per accepted, rated finding, a draft per other finding
    that is high-severity or accepted without a rating; dismissed findings are left out. ``claims``
    (optional) names the claimant of an attributed claim; ``settings`` defaults to :func:`review.load_settings`."""
    from . import review

    findings = conform(findings, "findings")
    settings = settings if settings is not None else review.load_settings()
    by_id = {r["article_id"]: r for r in conform(articles, "articles").to_dict("records")}
    speakers = _speakers(claims)
    graph = []
    for f in findings.to_dict("records"):
        status = f.get("review_status") if present(f.get("review_status")) else "open"
        if status == "dismissed":
            continue
        if status == "accepted" and present(f.get("rating")):
            graph.append(complete_review(f, by_id, settings, speakers))
        elif status == "accepted" or f["severity"] == "high":
            graph.append(_draft(f, by_id.get(f["article_id"], {})))
    return {"@context": "https://schema.org", "@graph": graph}


def complete_review(f: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]], settings: Any,
                    speakers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One ClaimReview a fact-check CMS can take: the claim as its sentence, the reviewer's rating on the
    settings' scale, the organisation as author, the fact-check's URL, and the claim with every article
    it appears in (the finding's own and the sources that give the same figure)."""
    article = articles.get(f["article_id"], {})
    rating = settings.rating(f["rating"])
    review_id = str(f.get("review_id") or "")
    reviewed_on = str(f.get("reviewed_at") or "")[:10] or None
    appearances = [_appearance(articles.get(a, {})) for a in _same_side(f)]
    claimant = (speakers or {}).get(str(f.get("claim_id"))) if present(f.get("claim_id")) else None
    # the claimant: the person the claim is attributed to, else the outlet that published it
    author = ({"@type": "Person", "name": claimant} if claimant else
              {"@type": "Organization", "name": clean(article.get("source"))})
    node = {
        "@type": "ClaimReview",
        "identifier": f["finding_id"],
        "url": settings.url(review_id),
        "claimReviewed": claim_sentence(article.get("text"), f.get("start"), f.get("end"), f.get("text")),
        "author": {"@type": "Organization", **settings.organisation},
        "datePublished": reviewed_on,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating["value"],
            "bestRating": settings.best,
            "worstRating": settings.worst,
            "alternateName": rating["label"],
            "name": rating["label"],
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": author,
            "datePublished": clean(article.get("published")),
            "appearance": appearances,
            "firstAppearance": _first(appearances),
        },
        "reviewBody": _body(f),
    }
    return _pruned(node)


def _draft(f: Mapping[str, Any], article: Mapping[str, Any]) -> dict[str, Any]:
    """A finding still waiting for a reviewer's rating: the evidence, the article, no rating."""
    return {
        "@type": "ClaimReview",
        "identifier": f["finding_id"],
        "creativeWorkStatus": "Draft",
        "claimReviewed": claim_sentence(article.get("text"), f.get("start"), f.get("end"), f.get("text")),
        "itemReviewed": {"@type": "Claim", "appearance": _appearance(article, keep_empty=True)},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": None,
            "bestRating": None,
            "worstRating": None,
            "alternateName": None,
            "ratingExplanation": "to be set by a reviewer: claimkit review rate ID RATING",
        },
        "reviewBody": _body(f),
    }


def _body(f: Mapping[str, Any]) -> str:
    evidence = f"Evidence: \u201c{f['text']}\u201d."
    if present(f.get("expected")):
        evidence += f" Expected: {f['expected']}."
    if present(f.get("reference_source")):
        evidence += f" Source: {f['reference_source']}."
    return f"{f['explanation']} {evidence}"


def _appearance(article: Mapping[str, Any], *, keep_empty: bool = False) -> dict[str, Any]:
    node = {
        "@type": "CreativeWork",
        "headline": clean(article.get("title")),
        "url": _web_url(article.get("url")),
        "datePublished": clean(article.get("published")),
        "publisher": {"@type": "Organization", "name": clean(article.get("source"))},
    }
    return node if keep_empty else _pruned(node)


def _first(appearances: list[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [a for a in appearances if a.get("datePublished")]
    return min(dated, key=lambda a: a["datePublished"]) if dated else None


def _same_side(f: Mapping[str, Any]) -> list[str]:
    """The finding's article and every source that gives the same figure (same side and group)."""
    from .report import finding_sources

    articles = [str(f["article_id"])]
    sources = finding_sources(f)
    own = next((s for s in sources if str(s.get("article_id")) == articles[0]
                and s.get("start") == f.get("start")), None)
    if own is not None:
        for s in sources:
            if (s.get("side"), s.get("group")) == (own.get("side"), own.get("group")) and s.get("article_id"):
                if str(s["article_id"]) not in articles:
                    articles.append(str(s["article_id"]))
    return articles


def _speakers(claims: pd.DataFrame | None) -> dict[str, str]:
    if claims is None or claims.empty:
        return {}
    claims = conform(claims, "claims")
    return {str(c): str(a) for c, a in zip(claims["claim_id"], claims["attributed_to"]) if present(a)}


def claim_sentence(text: Any, start: Any, end: Any, evidence: Any) -> str:
    """The sentence of ``text`` that holds the evidence at ``start:end`` (cut to about 400 characters
    around it), one line; the evidence itself when the text is not at hand."""
    quote = str(evidence) if present(evidence) else ""
    if not present(text) or not present(start) or not present(end):
        return quote
    text, s, e = str(text), int(start), int(end)
    if not (0 <= s < e <= len(text)):
        return quote
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, s):
        left = match.end()
    after = _SENTENCE_END.search(text, e)
    right = after.end() if after and after.group(0).strip() else (after.start() if after else len(text))
    left, right = max(left, s - MAX_SENTENCE // 2), min(right, e + MAX_SENTENCE // 2)
    sentence = " ".join(text[left:right].split())
    return sentence.lstrip("#*>- ").strip() or quote


def _pruned(node: Any) -> Any:
    """``node`` without empty values (a CMS takes a missing property, not a null one)."""
    if isinstance(node, dict):
        out = {k: _pruned(v) for k, v in node.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {}) and v != {"@type": "Organization"}}
    if isinstance(node, list):
        return [x for x in (_pruned(v) for v in node) if x not in (None, "", [], {})]
    return node


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
