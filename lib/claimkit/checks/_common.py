"""What every family of checks shares: reading the tables, dates, article context, building a finding.

Checks read tables as plain dicts (pandas NA turned into None) so that each rule is ordinary Python;
every finding they build carries its evidence span, checked against the article text.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Iterable, Mapping

import pandas as pd

from .. import tables
from ..corpus import (ArticleContext, article_contexts, claim_sentence, event_days, events_in,  # noqa: F401
                      mention_ids, parse_day, records, sentence_spans)  # re-exported for the check modules


def finding(
    *,
    kind: str,
    severity: str,
    context: ArticleContext,
    start: int,
    end: int,
    explanation: str,
    claim_id: str | None = None,
    other_article_id: str | None = None,
    other_claim_id: str | None = None,
    other_text: str | None = None,
    expected: str | None = None,
    reference_source: str | None = None,
    key: str = "",
    proposition_id: str | None = None,
    sources: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One findings row. ``text`` is quoted from the article; the id hashes kind, article, span and the
    other side's ids (``key`` adds the reference row a finding rests on), so reruns give the same id.
    ``sources`` lists every source on each side of a disagreement (stored as JSON)."""
    if kind not in tables.FINDING_KINDS:
        raise ValueError(f"unknown finding kind {kind!r}; known: {', '.join(tables.FINDING_KINDS)}")
    if severity not in tables.SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}; known: {', '.join(tables.SEVERITIES)}")
    start = max(0, min(int(start), len(context.text)))
    end = max(start, min(int(end), len(context.text)))
    parts = [kind, context.article_id, str(start), str(end), other_article_id or "", other_claim_id or "", key]
    return {
        "finding_id": hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16],
        "kind": kind,
        "severity": severity,
        "article_id": context.article_id,
        "claim_id": claim_id,
        "start": start,
        "end": end,
        "text": context.text[start:end],
        "other_article_id": other_article_id,
        "other_claim_id": other_claim_id,
        "other_text": other_text,
        "expected": expected,
        "reference_source": reference_source,
        "explanation": explanation,
        "proposition_id": proposition_id,
        "sources": json.dumps(sources, ensure_ascii=False) if sources else None,
    }


def between(*, kind: str, severity: str, primary: Any, other: Any, **fields: Any) -> dict[str, Any]:
    """A finding whose evidence is ``primary`` (a propositions Member) and whose other side is ``other``
    (a Member or None); a derived figure (a sum of parts) has no claim id."""
    def claim_id(member: Any) -> str | None:
        return None if member is None or member.derived else member.claim.get("claim_id")

    return finding(kind=kind, severity=severity, context=primary.context, start=int(primary.claim["start"]),
                   end=int(primary.claim["end"]), claim_id=claim_id(primary),
                   other_article_id=other.context.article_id if other is not None else None,
                   other_claim_id=claim_id(other), other_text=other.claim.get("text") if other is not None else None,
                   **fields)


def to_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Findings rows as a conformed findings frame, one row per finding_id, in reading order."""
    unique: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        unique.setdefault(str(row["finding_id"]), row)
    ordered = sorted(unique.values(), key=lambda r: (str(r["article_id"]), int(r["start"]), int(r["end"]),
                                                     str(r["kind"]), str(r["finding_id"])))
    if not ordered:
        return tables.empty("findings")
    return tables.conform(list(ordered), "findings")


def quote(text: str, *, limit: int = 120) -> str:
    """Text in typographic quotes, shortened with an ellipsis when longer than ``limit``."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"\u201c{text}\u201d"


def long_date(day: date) -> str:
    """2023-10-07 -> "7 October 2023" for explanations."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def the(name: str) -> str:
    """An event's name after a verb: "the November 2023 truce" (unless it already starts with "the")."""
    first = name.split(" ", 1)[0]
    if name.lower().startswith("the ") or first.endswith(("'s", "’s")):
        return name  # "The Hague talks", "Haniyeh's visit to Cairo"
    return f"the {name}"
