"""What every stage after extraction knows about the corpus: each article's text and dates, its
sentences, the reference events it names, and which articles tell the same story.

The propositions stage and every check read the tables through these helpers, so that a question such
as "which date does this text speak from" or "which event does this clause name" is decided once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from contextlib import contextmanager
from typing import Any, Collection, Iterator, Mapping

import pandas as pd

from .reference import Event, Reference, normalize_name
from .tables import clean, present

_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Rep|Sen|Gov|Rev|No|vs|etc|Inc|Co|Corp)\.)$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[*]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*#\d])")


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the checks need to know about one article: its text and the dates it speaks from."""

    article_id: str
    text: str
    published: date | None
    reference_date: date | None
    where: str  # the article's url or path, quoted as the other side's source
    label: str  # how an explanation names the article: "The Harbour Ledger, 2023-12-19"

    @property
    def speaking(self) -> date | None:
        """The date the text speaks from: ``reference_date``, falling back to ``published``."""
        return self.reference_date or self.published


_READ_ONCE: dict[int, tuple[pd.DataFrame, list[dict[str, Any]]]] | None = None


@contextmanager
def reading_once() -> Iterator[None]:
    """Inside this block :func:`records` converts each frame once and hands every caller the same rows
    (treat them as read-only): the check families all read the claims table, and converting it per
    family would cost more than the checks themselves."""
    global _READ_ONCE
    outer, _READ_ONCE = _READ_ONCE, {} if _READ_ONCE is None else _READ_ONCE
    try:
        yield
    finally:
        _READ_ONCE = outer


def records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    """A frame's rows as dicts with every missing value as None (empty list for no frame)."""
    if frame is None or frame.empty:
        return []
    if _READ_ONCE is not None and id(frame) in _READ_ONCE and _READ_ONCE[id(frame)][0] is frame:
        return _READ_ONCE[id(frame)][1]
    columns = [str(c) for c in frame.columns]
    rows = [dict(zip(columns, values)) for values in zip(*(_cleaned(frame[c]) for c in frame.columns))]
    if _READ_ONCE is not None:
        _READ_ONCE[id(frame)] = (frame, rows)  # the frame is kept, so its id is not reused meanwhile
    return rows


def _cleaned(column: pd.Series) -> list[Any]:
    """A column's cells as Python values with every missing one (None, NA, NaN, blank text) as None:
    what ``clean`` gives cell by cell, decided once per column where the dtype allows (texts, numbers)."""
    values = column.tolist()
    if isinstance(column.dtype, pd.StringDtype):
        return [v if isinstance(v, str) and v.strip() else None for v in values]
    if column.dtype != object and not isinstance(column.dtype, pd.CategoricalDtype):
        missing = column.isna().tolist()
        return [None if m else v for v, m in zip(values, missing)]
    return [clean(v) for v in values]


def parse_day(value: Any) -> date | None:
    """An ISO day ("2023-12-20", or a timestamp starting with one) as a date; None otherwise."""
    if not present(value):
        return None
    text = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def article_contexts(articles: pd.DataFrame | None) -> dict[str, ArticleContext]:
    """article_id -> ArticleContext; articles that duplicate an earlier one are left out."""
    out: dict[str, ArticleContext] = {}
    for row in records(articles):
        if row.get("duplicate_of"):
            continue
        article_id = str(row["article_id"])
        out[article_id] = ArticleContext(
            article_id=article_id,
            text=str(row.get("text") or ""),
            published=parse_day(row.get("published")),
            reference_date=parse_day(row.get("reference_date")),
            where=str(row.get("url") or row.get("path") or article_id),
            label=", ".join(str(p) for p in (row.get("source") or row.get("path") or article_id,
                                             row.get("published")) if p),
        )
    return out


@lru_cache(maxsize=32)
def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence by punctuation and blank lines; a cheap, model-free splitter (kept
    for the last texts asked about: every claim of an article asks for the same split)."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, max(0, match.start() - 12), match.start()):
            continue  # "U.S. officials", "Dr. Smith": a full stop that ends an abbreviation
        if match.start() > begin:
            spans.append((begin, match.start()))
        begin = match.end()
    if begin < len(text):
        spans.append((begin, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def claim_sentence(claim: Mapping[str, Any], context: ArticleContext | None) -> tuple[str, int]:
    """The sentence a claim sits in and the claim's offset inside it (from the claims table's
    ``sentence`` when it can be located in the text, else from a model-free split of the text)."""
    start = int(claim.get("start") or 0)
    end = int(claim.get("end") or start)
    sentence = claim.get("sentence")
    if context is not None and context.text:
        text = context.text
        if sentence:  # the sentence holding [start, end) starts at most len(sentence) before it
            at = text.rfind(sentence, max(0, end - len(sentence)), start + len(sentence))
            if at != -1 and at <= start and end <= at + len(sentence):
                return sentence, start - at
        spans = sentence_spans(text)
        i = bisect.bisect_right(spans, (start, len(text) + 1)) - 1
        for s, e in spans[max(i, 0): i + 2]:
            if s <= start < e or (s < end <= e):
                return text[s:e], start - s
        return text, start
    if sentence:
        at = sentence.find(str(claim.get("text") or ""))
        return sentence, max(at, 0)
    return str(claim.get("text") or ""), 0


def events_in(text: str, reference: Reference | None, *, on: date | None = None, within: str | None = None,
              entities: Collection[str] = ()) -> list[Event]:
    """The reference events whose name or an alias occurs (as whole words) in ``text``, longest first.

    A name that is only common words ("the truce", "ceasefire") could be any truce: it counts only in a
    text speaking from ``on`` within ``GENERIC_EVENT_DAYS`` after the event (from a week before it) and,
    when the event lists the entities it ``involves``, only if ``within`` (the article; default ``text``)
    names one of them or ``entities`` (ids from the mentions table) holds one. A name with a proper noun
    or a number ("November truce", "Gaza war", "October 7 attack") always counts.
    """
    if reference is None or not text:
        return []
    haystack = f" {normalize_name(text)} "
    found: dict[str, Event] = {}
    for key, generic, event in _event_names(reference):
        if event.id in found or f" {key} " not in haystack:
            continue
        if generic and not (_recent(event, on) and _involved(event, reference, within or text, entities)):
            continue
        found[event.id] = event
    return list(found.values())


GENERIC_EVENT_DAYS = 90


def _recent(event: Event, on: date | None) -> bool:
    if on is None:
        return False
    last = event.end or event.start
    return (event.start - on).days <= 7 and (on - last).days <= GENERIC_EVENT_DAYS


def _involved(event: Event, reference: Reference, text: str, entities: Collection[str]) -> bool:
    """Whether the text is about the event's parties: it names (or ``entities`` holds) one of the entities
    the event ``involves``; always true for an event that lists none."""
    involves = getattr(event, "involves", ())
    if not involves or any(e in entities for e in involves):
        return True
    haystack = _normalized(text)
    return any(f" {name} " in haystack for name in _entity_names(reference, tuple(involves)))


@lru_cache(maxsize=64)
def _normalized(text: str) -> str:
    return f" {normalize_name(text)} "


@lru_cache(maxsize=256)
def _entity_names(reference: Reference, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Normalised names, aliases and adjectives of the entities ``ids`` (unknown ids skipped)."""
    names: set[str] = set()
    for entity_id in ids:
        entity = reference.entities.get(entity_id)
        if entity is None:
            continue
        for name in (entity.name, *entity.aliases, *entity.adjectives):
            key = normalize_name(name)
            if key:
                names.add(key)
    return tuple(sorted(names))


def mention_ids(mentions: pd.DataFrame | None) -> dict[str, frozenset[str]]:
    """article_id -> the entity ids the mentions table links in that article."""
    out: dict[str, set[str]] = {}
    for row in records(mentions):
        if row.get("entity_id"):
            out.setdefault(str(row.get("article_id")), set()).add(str(row["entity_id"]))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=8)
def _event_names(reference: Reference) -> tuple[tuple[str, bool, Event], ...]:
    """(normalised name, whether it is only common words, event), longest names first."""
    pairs: dict[tuple[str, str], tuple[str, bool, Event]] = {}
    for event in reference.events.values():
        for name in (event.name, *event.aliases):
            key = normalize_name(name)
            if key:
                generic = not re.search(r"[A-Z0-9]", name)
                previous = pairs.get((key, event.id))
                pairs[(key, event.id)] = (key, generic and (previous[1] if previous else True), event)
    return tuple(sorted(pairs.values(), key=lambda p: (-len(p[0]), p[0], p[2].id)))


def event_days(event: Event) -> int | None:
    """Length of a closed event in days (end - start: the truce of 24 November to 1 December is 7)."""
    return (event.end - event.start).days if event.end else None


# --- stories -----------------------------------------------------------------------------------------
_STORY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})


def story_keys(mentions: pd.DataFrame | None) -> dict[str, frozenset[str]]:
    """article_id -> the names it mentions (reference ids, else normalised text), which say what story
    it tells."""
    out: dict[str, set[str]] = {}
    for row in records(mentions):
        if row.get("label") not in _STORY_LABELS:
            continue
        key = row.get("entity_id") or normalize_name(str(row.get("text") or ""))
        if key:
            out.setdefault(str(row.get("article_id")), set()).add(str(key))
    return {k: frozenset(v) for k, v in out.items()}


def same_story(a: frozenset[str], b: frozenset[str], *, shared: int = 2, overlap: float = 0.2) -> bool:
    """Whether two articles tell the same story: they share at least ``shared`` names (as many as the
    article naming fewer has, when that is less), and those are at least ``overlap`` of the smaller
    article's names — two reports on different floods share no places. A text that names nothing gives
    no evidence either way and is taken to be about the story of the other."""
    smaller = min(len(a), len(b))
    common = len(a & b)
    return common >= min(shared, smaller) and common >= overlap * smaller
