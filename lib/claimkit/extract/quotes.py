"""Direct quotations: text between quotation marks, linked to the speaker when one is named.

Straight (") and curly (“ ”) double marks are paired within a paragraph; short single-quoted phrases
('scare quotes') too. News text is messy: a stray mark is skipped, never an error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc

from .attributions import ReferenceLike, extract_attributions

_OPENING = "“„«"
_CLOSING = "”»"
_STRAIGHT = '"'
_BEFORE_OPENING = frozenset(" \t\n([{—–-/:")
_DOUBLE_EVENTS = re.compile(r'["“”„«»]|\n[ \t]*\n')
_SINGLE_EVENTS = re.compile(r"['‘’]|\n[ \t]*\n")
_SINGLE_MAX = 200  # characters: single quotation marks are for short words and phrases
_MIN_UNCLOSED_WORDS = 4


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted passage: [start, end) in characters, marks included; ``unclosed`` when a paragraph
    ends (or starts) the quotation in place of a mark, as multi-paragraph quotations do."""

    start: int
    end: int
    unclosed: bool = False


def quotation_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans [start, end) of quoted passages (marks included), in order of start."""
    for quotation in quotations(text):
        yield quotation.start, quotation.end


def quotations(text: str) -> list[Quotation]:
    """Double-quoted passages, plus short single-quoted ones ('scare quotes'); unpaired marks skipped.

    A quotation does not cross a blank line. The news convention for a quotation running over several
    paragraphs (no closing mark at a paragraph's end) gives one quotation per paragraph, flagged
    ``unclosed``; any other stray mark is dropped.
    """
    found = _doubles(text) + _singles(text)
    return sorted(found, key=lambda q: (q.start, -q.end))


def _doubles(text: str) -> list[Quotation]:
    found: list[Quotation] = []
    open_at: int | None = None
    para_start = 0
    carried = False  # the previous paragraph ended inside a quotation
    for match in _DOUBLE_EVENTS.finditer(text):
        i = match.start()
        if match.group().startswith("\n"):
            if open_at is not None and _words(text, open_at, i) >= _MIN_UNCLOSED_WORDS:
                found.append(Quotation(open_at, _rstrip(text, open_at, i), unclosed=True))
                carried = True
            else:
                carried = False
            open_at = None
            para_start = match.end()
            continue
        role = _role(text, i)
        if open_at is None:
            if role != "close":
                open_at = i
            elif carried and _ends_paragraph(text, i + 1) and i > para_start:
                found.append(Quotation(para_start, i + 1, unclosed=True))  # the quotation's last paragraph
                carried = False
        elif role == "open":
            open_at = i  # a mark that can only open: the one before it was stray
        else:
            if i > open_at + 1:
                found.append(Quotation(open_at, i + 1))
            open_at = None
            carried = False
    if open_at is not None and _words(text, open_at, len(text)) >= _MIN_UNCLOSED_WORDS and carried:
        found.append(Quotation(open_at, _rstrip(text, open_at, len(text)), unclosed=True))
    return found


def _singles(text: str) -> list[Quotation]:
    """Single-quoted phrases: an opening mark after a space or bracket, a closing one before a space or
    punctuation, at most a couple of hundred characters apart; apostrophes ("don't", "players'") are
    told apart by those positions."""
    found: list[Quotation] = []
    open_at: int | None = None
    for match in _SINGLE_EVENTS.finditer(text):
        i = match.start()
        if match.group().startswith("\n"):
            open_at = None
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = (before.isspace() or before in "([{\"“—–") and (after.isalnum())
        punct_after = after in ".,;:!?)]}\"”—–"
        # after an "s", a mark before a space is more likely a plural possessive ("players' union")
        closes = (not before.isspace()) and (after.isspace() or punct_after) and (before != "s" or punct_after)
        if text[i] == "‘":
            opens, closes = after.isalnum() or after in "\"“", False
        if open_at is not None and closes and i - open_at <= _SINGLE_MAX:
            found.append(Quotation(open_at, i + 1))
            open_at = None
        elif opens:
            open_at = i
        elif open_at is not None and i - open_at > _SINGLE_MAX:
            open_at = None
    return found


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _ends_paragraph(text: str, i: int) -> bool:
    rest = text[i : i + 3]
    return i >= len(text) or rest.startswith("\n") or rest.lstrip(" \t").startswith("\n") or not rest.strip()


def _role(text: str, i: int) -> str:
    """Whether the mark at i opens, closes, or could do either (straight marks, judged by context)."""
    ch = text[i]
    if ch in _OPENING:
        return "open"
    if ch in _CLOSING:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _BEFORE_OPENING and not after.isspace():
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-":
        return "close"
    return "either"


def extract_quotes(
    doc: Doc,
    *,
    reference: ReferenceLike | None = None,
    attributions: list[dict] | None = None,
) -> list[dict]:
    """Quote claims: each double-quoted passage (span includes the marks), with its speaker when an
    attribution in the same sentence names one. Pass ``attributions`` to reuse ones already found."""
    text = doc.text
    spans = quotations(text)
    if not spans:
        return []
    if attributions is None:
        attributions = extract_attributions(doc, reference=reference)
    sentences = _sentence_bounds(doc)
    starts = [s for s, _ in sentences]
    claims: list[dict] = []
    for quotation in spans:
        start, end = quotation.start, quotation.end
        speaker = _speaker(attributions, sentences, starts, start, end)
        claim = {
            "kind": "quote",
            "start": start,
            "end": end,
            "text": text[start:end],
            "subject": None,
            "predicate": speaker["predicate"] if speaker else None,
            "object": _inner(text, quotation),
            "attributed_to": speaker["attributed_to"] if speaker else None,
            "attributed_to_id": speaker["attributed_to_id"] if speaker else None,
            "descriptor": speaker["descriptor"] if speaker else None,
            "source_start": speaker["source_start"] if speaker else None,
            "source_end": speaker["source_end"] if speaker else None,
            "cue_start": speaker["cue_start"] if speaker else None,
            "cue_end": speaker["cue_end"] if speaker else None,
            "unclosed": quotation.unclosed,
        }
        claims.append(claim)
    return claims


def _inner(text: str, quotation: Quotation) -> str:
    """The quoted words without the marks."""
    start, end = quotation.start, quotation.end
    if text[start] in _OPENING + _STRAIGHT + "'‘":
        start += 1
    if end > start and text[end - 1] in _CLOSING + _STRAIGHT + "'’":
        end -= 1
    return text[start:end]


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [(0, len(doc.text) + 1)]
    return [(s.start_char, s.end_char) for s in doc.sents]


def _speaker(attributions: list[dict], sentences: list[tuple[int, int]], starts: list[int],
             start: int, end: int) -> dict | None:
    """The attribution that speaks a quotation: one whose content holds it, else one in its sentences.

    Among several, the source nearest to the quotation wins (in "X quoted Y as saying '...'", Y).
    """
    first = max(0, bisect_right(starts, start) - 1)
    last = max(0, bisect_right(starts, max(start, end - 1)) - 1)
    lo, hi = sentences[first][0], sentences[last][1]

    def distance(a: dict) -> int:
        s, e = a["source_start"], a["source_end"]
        return start - e if e <= start else (s - end if s >= end else 0)

    holding = [
        a for a in attributions
        if a.get("object_start") is not None and a["object_start"] < end and start < a["object_end"]
    ]
    if holding:
        return min(holding, key=distance)
    nearby = [a for a in attributions if lo <= a["cue_start"] < hi and not (start <= a["source_start"] < end)]
    if nearby:
        return min(nearby, key=distance)
    return None
