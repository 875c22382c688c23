"""Assemble the ``claims`` and ``mentions`` tables from one parsed article.

The extractors each look at one kind of claim; this module runs them in order (the reference date
first, because dates resolve against it), gives every row its ids, sentence and checkworthiness, and
guarantees the contract: ``text == article_text[start:end]`` for every row, or the row is dropped.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from spacy.tokens import Doc

from ..reference import Reference
from .attributions import extract_attributions
from .dates import extract_dates, infer_reference_date
from .frames import frame_quantities
from .quantities import extract_quantities
from .quotes import extract_quotes
from .roles import extract_roles

# Days between the publication stamp and the date the text speaks from before a warning is raised.
REFERENCE_DATE_TOLERANCE_DAYS = 3

# Checkworthiness: a documented heuristic (specific, measurable, attributed claims score higher),
# in the spirit of ClaimBuster's "check-worthy factual sentence" notion. Base score per kind:
_BASE = {"role": 0.55, "quantity": 0.5, "attribution": 0.35, "quote": 0.4, "event_date": 0.3,
         "forecast": 0.3}


# What makes two rows of one article the same claim (and so the same claim_id on every run).
_IDENTITY = ("kind", "start", "end", "predicate", "subject", "role_id", "attributed_to", "source_start")


@dataclass
class DocumentClaims:
    """What one article yields: its reference date (and why), warnings, claims and mentions."""

    reference_date: str | None
    reference_reason: str
    warnings: list[str] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)


def extract_document(doc: Doc, article: Mapping[str, Any], *, reference: Reference | None) -> DocumentClaims:
    """Run every extractor on ``doc`` (the parsed text of ``article``) and assemble contract rows."""
    article_id = str(article["article_id"])
    published = _to_date(article.get("published"))
    ref_date, reason = infer_reference_date(doc, published=published)
    result = DocumentClaims(ref_date.isoformat() if ref_date else None, reason)
    if ref_date and published and abs((published - ref_date).days) > REFERENCE_DATE_TOLERANCE_DAYS:
        result.warnings.append(
            f"the text speaks from {ref_date.isoformat()} ({reason}), "
            f"{abs((published - ref_date).days)} days from its publication date {published.isoformat()}"
        )
    anchor = ref_date or published
    if anchor is None:
        result.warnings.append("no publication date and no dated day in the text: dates were not resolved")

    sentences = [(s.start_char, s.text) for s in doc.sents]
    starts = [start for start, _ in sentences]
    attributions = extract_attributions(doc, reference=reference)
    dates = extract_dates(doc, anchor=anchor) if anchor else []
    quantities = extract_quantities(doc)
    frame_quantities(doc, quantities, dates)
    rows: list[dict[str, Any]] = [
        *dates,
        *quantities,
        *attributions,
        *extract_quotes(doc, reference=reference, attributions=attributions),
        *extract_roles(doc, reference=reference),
    ]

    text = doc.text
    seen: set[str] = set()
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if not (0 <= start < end <= len(text)) or row.get("text", text[start:end]) != text[start:end]:
            continue  # a span that does not point into the text is never evidence
        row["text"] = text[start:end]
        sent_index = max(bisect.bisect_right(starts, start) - 1, 0)
        row["sentence_id"] = sent_index
        row["sentence"] = sentences[sent_index][1] if sentences else text
        row["article_id"] = article_id
        key = "|".join(str(row.get(k)) for k in _IDENTITY)
        row["claim_id"] = _short_hash(article_id, key)
        if row["claim_id"] in seen:
            continue
        seen.add(row["claim_id"])
        result.claims.append(row)
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    for row in result.claims:
        by_sentence.setdefault(row["sentence_id"], []).append(row)
    for row in result.claims:
        row["checkworthiness"] = checkworthiness(row, rows_in_sentence=by_sentence[row["sentence_id"]])
    result.claims.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    result.mentions = _mentions(doc, article_id, starts, reference)
    return result


def checkworthiness(row: Mapping[str, Any], *, rows_in_sentence: list[Mapping[str, Any]]) -> float:
    """0–1 score: base by kind, + linked to the reference, + exact figure, + attributed to a source."""
    score = _BASE.get(str(row.get("kind")), 0.3)
    if row.get("subject_id") or row.get("attributed_to_id") or row.get("object_id"):
        score += 0.15
    if row.get("kind") == "quantity" and row.get("qualifier") == "exact":
        score += 0.1
    if row.get("kind") in ("quantity", "role", "event_date") and any(
        other.get("kind") == "attribution"
        and other.get("start", -1) <= row.get("start", -1)
        and other.get("end", -1) >= row.get("end", -1)
        for other in rows_in_sentence
    ):
        score += 0.15
    if row.get("kind") == "event_date" and row.get("date_type") == "absolute":
        score += 0.05
    return round(min(score, 1.0), 3)


def _mentions(doc: Doc, article_id: str, starts: list[int], reference: Reference | None) -> list[dict]:
    out = []
    for ent in doc.ents:
        entity_id = ent.ent_id_ or None
        origin = "reference" if entity_id else "model"
        if entity_id is None and reference is not None:
            found = reference.resolve(ent.text)
            entity_id = found.id if found else None
        out.append(
            {
                "mention_id": _short_hash(article_id, f"{ent.start_char}:{ent.end_char}:{ent.label_}"),
                "article_id": article_id,
                "sentence_id": max(bisect.bisect_right(starts, ent.start_char) - 1, 0),
                "start": ent.start_char,
                "end": ent.end_char,
                "text": ent.text,
                "label": ent.label_,
                "entity_id": entity_id,
                "entity_type": _entity_type(entity_id, reference),
                "origin": origin,
            }
        )
    return out


def _entity_type(entity_id: str | None, reference: Reference | None) -> str | None:
    """The reference's type for an id (person, organisation, country, place, outlet)."""
    if not entity_id:
        return None
    if reference is not None and entity_id in reference.entities:
        return reference.entities[entity_id].type
    return None


def _short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _to_date(value: Any) -> date | None:
    if value is None or value != value:  # None or NaN/NA
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
