"""Time: texts that speak from another date than their stamp, and events given different dates.

``temporal_inconsistency`` (medium) — the text's own time does not fit its publication stamp:

* the date the text speaks from (``articles.reference_date``, inferred from its content) is more than
  ``tolerance_days`` from ``published``: one finding per article, raised only when one of the signals
  below also says the text's "now" is not its stamp (a true story may give only older dates, as
  background) — and never when the text names days relative to its time of writing ("on Monday",
  "yesterday"), which places it in the week of its stamp;
* an elapsed duration since a dated start ("has lasted more than 70 days" since 7 October) implies a
  date far from ``published``. "more than N days" (or "at least N") places the text between day N and
  about day N + ``open_slack_days`` (news rounds down to the last round figure it passed); an exact "N
  days" places it on day N; a date is out of place when ``published`` is more than ``tolerance_days``
  outside that span. The start is a date given in the same sentence, else a reference event the
  sentence names;
* a future-pointing relative date ("next year", "in the coming weeks", "early January next year"),
  resolved from the text's own date, that was already over when the text was stamped;
* "now in its Nth day" (or "enters/entered its Nth day", "marks the Nth day") of a reference event,
  against the publication date.

``date_conflict`` (medium) — one event, two dates:

* a date attached to a reference event (the event is named right next to the date: "the truce began on
  25 November") that falls outside the event's dates ("began"/"ended" compare with its start/end);
* the same person doing the same thing (``ACTIONS``: arriving, meeting, leaving) in the same place on
  different days at most ``window_days`` apart, by two texts or one text twice ("Haniyeh led a
  delegation to Cairo on the 20th" / "Haniyeh arrived in Cairo on 21 December"). Who and where come
  from the entities named in the date's clause (``mentions``, and the claim's ``subject_id``); the action
  is the cue nearest the date. Such a statement is also checked against a reference event whose name
  says who did what where ("Haniyeh's visit to Cairo").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterator

import pandas as pd

from ..reference import Event, Reference
from ._common import (ArticleContext, article_contexts, claim_sentence, events_in, finding, long_date,
                      mention_ids, parse_day, quote, records, sentence_spans, the, to_frame)
from ..lexicon import figures
from ..propositions import TIME_UNITS, claim_interval

# A date that points forward from the time of writing ("next year", "in the coming weeks"); "the next
# day" and "the following week" count from another date in the story, not from the writing.
FUTURE = re.compile(r"(?<!the )\bnext\b|\b(?:coming|upcoming|later this|from now)\b", re.I)
_START_CUE = re.compile(r"\b(?:began|begin\w*|start\w*|outbreak|broke out|launch\w*|took effect|"
                        r"came into (?:force|effect)|since)\b", re.I)
# "began on", "ended on 1 December": the date belongs to the subject of that verb, even across a
# relative clause ("The truce, which lasted a week, began on 24 November").
_CUE_BEFORE_DATE = re.compile(r"\b(?:began|begun|started|broke out|took effect|ended|expired|collapsed|broke down|"
                              r"came into (?:force|effect))\s+(?:on|in)\s+(?:the\s+)?$", re.I)
_END_CUE = re.compile(r"\b(?:end\w*|expir\w*|collaps\w*|broke down|until|ceased)\b", re.I)
# Days named relative to the time of writing: a text using them speaks from the week of its stamp.
DEICTIC = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
                     r"this (?:week|morning|evening))\b", re.I)
# An elapsed time up to the text's own "now": "has lasted 70 days", "have now raged for", "50 days into".
CONTINUING = re.compile(r"\b(?:has|have)\s+(?:now\s+|already\s+|so far\s+)?(?:lasted|raged|continued|gone on|"
                        r"dragged on|run|persisted|entered|been going on|been (?:under ?way|raging|running))\b"
                        r"[^.;]{0,25}$", re.I)
INTO = re.compile(r"\s+(?:into|since the (?:start|outbreak|beginning) of)\b", re.I)
ANCHOR_CUE = re.compile(r"\b(?:since|outbreak|broke out|began|begun|started|start of|beginning of)\b[^.;]{0,30}$",
                        re.I)
_NOW_CUE = re.compile(r"\b(?:now|today|currently|this week)\b|\b(?:enter(?:s|ed|ing)?|mark(?:s|ed|ing)?)\b", re.I)
# Actions a date can be attached to, for "same person, same place, same action" comparisons. Statements
# ("said", "told") are left out on purpose: people say things every day.
ACTIONS: dict[str, re.Pattern[str]] = {
    "arrival": re.compile(r"\b(?:arriv\w*|travel+(?:ed|s|ing)?|flew|fl(?:y|ies|ying) (?:to|in)|land(?:ed|s|ing) in|"
                          r"visit\w*|reach(?:ed|es)?|went to|came to|headed to|trip to|"
                          r"led (?:a|the|his|her|their) delegation)\b", re.I),
    "meeting": re.compile(r"\b(?:met|meet(?:s|ing)?|held talks|talks with|sat down with|hosted)\b", re.I),
    "departure": re.compile(r"\b(?:left|depart\w*)\b", re.I),
}
ACTION_NOUNS = {"arrival": "arrival in", "meeting": "meeting in", "departure": "departure from"}

_ORDINAL_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                  "nineteenth": 19}
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}
_ORDINAL = (r"(?P<ord>\d{1,4}(?:st|nd|rd|th)|(?:(?:one|two|three|four|five|six|seven|eight|nine)\s+)?hundredth|"
            r"(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)(?:ieth|y[- ](?:first|second|third|fourth|fifth|"
            r"sixth|seventh|eighth|ninth))|" + "|".join(sorted(_ORDINAL_UNITS, key=len, reverse=True)) + ")")
NTH_DAY = re.compile(
    r"\b(?:(?:now|currently|today)\s+)?(?:in|enters|entered|entering|marks|marked|marking|on)\s+(?:its|the)\s+"
    + _ORDINAL + r"\s+day\b",
    re.I,
)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


@dataclass(frozen=True, slots=True)
class _Dated:
    claim: dict[str, Any]
    context: ArticleContext
    day: date
    clause: str
    clause_start: int  # offset of the clause in the article text


def find_temporal_inconsistencies(articles: pd.DataFrame, claims: pd.DataFrame, *,
                                  reference: Reference | None = None, mentions: pd.DataFrame | None = None,
                                  tolerance_days: int = 7, open_slack_days: int = 10) -> pd.DataFrame:
    """Findings of kind ``temporal_inconsistency``: the text speaks from another time than its stamp."""
    contexts = article_contexts(articles)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for claim in records(claims):
        by_article.setdefault(str(claim.get("article_id")), []).append(claim)
    mentioned = mention_ids(mentions)
    rows: list[dict[str, Any]] = []
    for article_id, context in contexts.items():
        mine = by_article.get(article_id, [])
        named = mentioned.get(article_id, frozenset())
        signals = list(_elapsed(context, mine, reference, named, tolerance_days=tolerance_days,
                                open_slack_days=open_slack_days))
        signals += _past_future(context, mine)
        signals += _nth_day(context, reference, named, tolerance_days=tolerance_days)
        if signals:  # the text's own "now" is off its stamp: only then is the gap to its latest date news
            rows.extend(_stamp(context, mine, tolerance_days=tolerance_days))
        rows.extend(signals)
    return to_frame(rows)


def find_date_conflicts(articles: pd.DataFrame, claims: pd.DataFrame, *, reference: Reference | None = None,
                        mentions: pd.DataFrame | None = None, window_days: int = 7) -> pd.DataFrame:
    """Findings of kind ``date_conflict``: one event given different dates (by the reference, by two
    texts, or by one text twice)."""
    contexts = article_contexts(articles)
    dated = [d for d in (_dated(c, contexts) for c in records(claims) if c.get("kind") == "event_date") if d]
    rows: list[dict[str, Any]] = []
    if reference is not None:
        rows.extend(_against_reference(dated, reference, mention_ids(mentions)))
    rows.extend(_same_action(dated, _mentions_by_article(mentions), reference, window_days=window_days))
    return to_frame(rows)


# --- the stamp against the text's own date ---------------------------------------------------------
def _stamp(context: ArticleContext, claims: list[dict[str, Any]], *, tolerance_days: int) -> Iterator[dict[str, Any]]:
    if context.published is None or context.reference_date is None:
        return
    gap = (context.published - context.reference_date).days
    if abs(gap) <= tolerance_days:
        return
    if any(c.get("kind") == "event_date" and c.get("date_type") in ("partial", "relative")
           and DEICTIC.search(str(c.get("date_text") or c.get("text") or "")) for c in claims):
        return  # "on Monday", "yesterday": the text speaks of the week it was stamped in
    dated = [(c, parse_day(c.get("date"))) for c in claims
             if c.get("kind") == "event_date" and c.get("date_type") in ("absolute", "partial")]
    dated = [(c, d) for c, d in dated if d is not None and c.get("start") is not None]
    evidence = min(dated, key=lambda cd: (abs((cd[1] - context.reference_date).days), -cd[1].toordinal()),
                   default=None)
    if evidence is not None:
        start, end, claim_id = int(evidence[0]["start"]), int(evidence[0]["end"]), evidence[0].get("claim_id")
        why = f" (its content, e.g. {quote(evidence[0]['text'])}, dates it there)"
    else:
        spans = sentence_spans(context.text)
        start, end = spans[0] if spans else (0, 0)
        claim_id, why = None, ""
    direction = "later" if gap > 0 else "earlier"
    yield finding(
        kind="temporal_inconsistency",
        severity="medium",
        context=context,
        start=start,
        end=end,
        claim_id=claim_id,
        expected=f"text speaking from about {context.reference_date.isoformat()}",
        explanation=(
            f"The text speaks from about {long_date(context.reference_date)}{why} but is stamped "
            f"{long_date(context.published)}, {abs(gap)} days {direction}: it may be an older story republished, "
            "so read its \u201cnow\u201d, \u201crecently\u201d and relative dates from "
            f"{context.reference_date.isoformat()}."
        ),
        key="stamp",
    )


# --- elapsed durations since a dated start ---------------------------------------------------------
def _elapsed(context: ArticleContext, claims: list[dict[str, Any]], reference: Reference | None,
             named: frozenset[str], *,
             tolerance_days: int, open_slack_days: int) -> Iterator[dict[str, Any]]:
    if context.published is None:
        return
    dates = [c for c in claims if c.get("kind") == "event_date" and parse_day(c.get("date")) is not None
             and c.get("date_type") in ("absolute", "partial") and not c.get("date_end")]
    done: list[tuple[int, int]] = []
    for claim in claims:
        unit = str(claim.get("unit") or "").lower().rstrip("s")
        if unit not in TIME_UNITS or claim.get("start") is None or claim.get("kind") not in ("quantity", "event_date"):
            continue
        start, end = int(claim["start"]), int(claim["end"])
        if any(s < end and start < e for s, e in done):
            continue  # the same words reported by two extractors
        sentence, offset = claim_sentence(claim, context)
        before = sentence[:offset]
        after = sentence[offset + (end - start):]
        if not (CONTINUING.search(before) or INTO.match(after)) or hypothetical(sentence, offset, offset + end - start):
            continue  # not a time that has elapsed up to the text's "now"
        interval = claim_interval(claim)
        if interval is None or interval.low is None:
            continue
        anchor, anchor_text, source = _anchor(claim, sentence, offset, dates, reference, context, named)
        if anchor is None:
            continue
        lo_f, hi_f = TIME_UNITS[unit]
        low = interval.low * lo_f
        high = interval.high * hi_f if interval.high is not None else low + open_slack_days
        day = (context.published - anchor).days
        if low - tolerance_days <= day <= high + tolerance_days:
            continue
        done.append((start, end))
        cue = CONTINUING.search(before)
        if cue is not None:
            start -= len(before) - cue.start()  # "has lasted more than 70 days"
        first, last = _shifted(anchor, low), _shifted(anchor, high)
        if first is None or last is None:  # "9999999 days": past any calendar date
            placed = f"{_days(low)} days or more after it"
        else:
            placed = long_date(first) if first == last else f"{long_date(first)} to {long_date(last)}"
        yield finding(
            kind="temporal_inconsistency",
            severity="medium",
            context=context,
            start=start,
            end=end,
            claim_id=claim.get("claim_id"),
            expected=f"{day} days (on {context.published.isoformat()})",
            reference_source=source,
            explanation=(
                f"{quote(context.text[start:end])} counted from {anchor_text} ({long_date(anchor)}) places the text "
                f"around {placed}, but it is stamped {long_date(context.published)}, day {day}: the figure is "
                "stale or the story was written earlier than its stamp."
            ),
            key="elapsed",
        )


def _shifted(day: date, days: float) -> date | None:
    """``day`` plus ``days`` (rounded), or None when that leaves the calendar (a garbled or absurd figure)."""
    try:
        return day + timedelta(days=round(days))
    except (OverflowError, ValueError):
        return None


def _days(value: float) -> str:
    return f"{value:,.0f}" if value == value and abs(value) != float("inf") else str(value)


def _anchor(claim: dict[str, Any], sentence: str, offset: int, dates: list[dict[str, Any]],
            reference: Reference | None, context: ArticleContext,
            named: frozenset[str] = frozenset()) -> tuple[date | None, str, str | None]:
    """Where an elapsed duration counts from: a start date in the same sentence ("since 7 October",
    "its outbreak on 7 October"), else the one reference event the sentence names."""
    sentence_start = int(claim["start"]) - offset
    starts = []
    for d in dates:
        at = int(d["start"]) - sentence_start
        day = parse_day(d.get("date"))
        if 0 <= at < len(sentence) and day is not None and day < (context.published or date.max) \
                and ANCHOR_CUE.search(sentence[max(0, at - 40): at]):
            starts.append((abs(at - offset), day, d))
    if starts:
        _, day, d = min(starts, key=lambda item: item[0])
        return day, quote(d["text"]), None
    events = events_in(sentence, reference, on=context.speaking, within=context.text, entities=named)
    if len(events) == 1:
        return events[0].start, the(events[0].name), events[0].source
    return None, "", None


# --- futures already past --------------------------------------------------------------------------
def _past_future(context: ArticleContext, claims: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if context.published is None:
        return
    for claim in claims:
        if claim.get("kind") not in ("event_date", "forecast") or claim.get("start") is None:
            continue
        words = str(claim.get("date_text") or claim.get("text") or "")
        if not FUTURE.search(words):
            continue
        span = date_span(claim.get("date"), claim.get("date_end"))
        if span is None:
            span = resolve_future(words, context.speaking)
        if span is None or span[1] >= context.published:
            continue
        first, last = span
        meant = long_date(first) if first == last else f"{long_date(first)} to {long_date(last)}"
        yield finding(
            kind="temporal_inconsistency",
            severity="medium",
            context=context,
            start=int(claim["start"]),
            end=int(claim["end"]),
            claim_id=claim.get("claim_id"),
            expected=f"a time after {context.published.isoformat()}",
            explanation=(
                f"{quote(words)} is presented as still to come and, from the text's own date "
                f"({(context.speaking or context.published).isoformat()}), means {meant} — already past when the "
                f"article was stamped {long_date(context.published)}: the text was written before its stamp."
            ),
            key="future",
        )


def date_span(value: Any, end_value: Any = None) -> tuple[date, date] | None:
    """An ISO day, month ("2024-01") or year ("2024"), with an optional ISO end, as (first, last) days."""
    if value is None:
        return None
    text = str(value).strip()
    first = parse_day(text)
    if first is None:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text)
        if not match:
            return None
        year, month = int(match.group(1)), int(match.group(2) or 0)
        try:  # "2023-13" or "0000" is no month or year: not a date
            if month:
                first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            else:
                first, last = date(year, 1, 1), date(year, 12, 31)
        except ValueError:
            return None
    else:
        last = first
    end_span = date_span(end_value) if end_value else None  # an unreadable end is ignored
    end = end_span[1] if end_span else None
    return first, max(last, end) if end else last


def resolve_future(words: str, anchor: date | None) -> tuple[date, date] | None:
    """"next year", "next month", "next week", "(early|mid|late) <Month> next year" from ``anchor``."""
    if anchor is None or anchor.year >= date.max.year:
        return None
    text = words.lower()
    month = next((i for name, i in _MONTHS.items() if re.search(rf"\b{name}\b", text)), None)
    if "next year" in text:
        year = anchor.year + 1
        if month:
            first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            if "early" in text:
                last = date(year, month, 10)
            elif "late" in text:
                first = date(year, month, 21)
            return first, last
        return date(year, 1, 1), date(year, 12, 31)
    if "next month" in text:
        year, month = (anchor.year + 1, 1) if anchor.month == 12 else (anchor.year, anchor.month + 1)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if "next week" in text:
        monday = anchor + timedelta(days=7 - anchor.weekday())
        return monday, monday + timedelta(days=6)
    return None


# --- "now in its Nth day" --------------------------------------------------------------------------
def ordinal_value(word: str) -> int | None:
    """"100th" -> 100, "seventy-fifth" -> 75, "hundredth" -> 100, "twelfth" -> 12."""
    text = word.lower().replace("-", " ").strip()
    digits = re.match(r"(\d+)", text)
    if digits:
        return int(digits.group(1))
    if text in _ORDINAL_UNITS:
        return _ORDINAL_UNITS[text]
    if text.endswith("hundredth"):
        head = text[: -len("hundredth")].strip()
        units = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
        return 100 * units.get(head, 1)
    for stem, tens in _TENS.items():
        if text.startswith(stem):
            rest = text[len(stem):].strip()
            if rest == "ieth":
                return tens
            rest = rest[1:].strip() if rest.startswith("y") else rest
            if rest in _ORDINAL_UNITS:
                return tens + _ORDINAL_UNITS[rest]
    return None


def _nth_day(context: ArticleContext, reference: Reference | None, named: frozenset[str], *,
             tolerance_days: int) -> Iterator[dict[str, Any]]:
    if context.published is None or reference is None:
        return
    for s, e in sentence_spans(context.text):
        sentence = context.text[s:e]
        for match in NTH_DAY.finditer(sentence):
            if not _NOW_CUE.search(match.group(0)) and not re.search(r"\b(?:is|are)\s+(?:now\s+)?$",
                                                                       sentence[: match.start()]):
                continue  # "on the 50th day of the war, X happened" is history, not the text's "now"
            number = ordinal_value(match.group("ord"))
            events = events_in(sentence, reference, on=context.published, within=context.text, entities=named)
            if number is None or len(events) != 1:
                continue
            event = events[0]
            implied = event.start + timedelta(days=number - 1)
            if abs((context.published - implied).days) <= tolerance_days:
                continue
            actual = (context.published - event.start).days + 1
            yield finding(
                kind="temporal_inconsistency",
                severity="medium",
                context=context,
                start=s + match.start(),
                end=s + match.end(),
                expected=f"day {actual} (on {context.published.isoformat()})",
                reference_source=event.source,
                explanation=(
                    f"{quote(match.group(0))} of {the(event.name)} (which began {long_date(event.start)}) means "
                    f"{long_date(implied)}, but the text is stamped {long_date(context.published)}, day {actual}: "
                    "the text was written at another time than its stamp."
                ),
                key=f"nth:{event.id}",
            )


# --- date conflicts --------------------------------------------------------------------------------
def _dated(claim: dict[str, Any], contexts: dict[str, ArticleContext]) -> _Dated | None:
    """An event_date claim with a single-day date worth comparing (absolute or partial, not relative)."""
    context = contexts.get(str(claim.get("article_id")))
    day = parse_day(claim.get("date"))
    if context is None or day is None or claim.get("start") is None:
        return None
    if claim.get("date_type") not in ("absolute", "partial"):
        return None
    end = parse_day(claim.get("date_end"))
    if end is not None and end != day:
        return None
    sentence, offset = claim_sentence(claim, context)
    begin = max(sentence.rfind(sep, 0, offset) for sep in (";", ":", ". ")) + 1
    finish = min([i for i in (sentence.find(sep, offset) for sep in (";", ":")) if i != -1] or [len(sentence)])
    sentence_start = int(claim["start"]) - offset
    return _Dated(claim, context, day, sentence[begin:finish], sentence_start + begin)


def _attached_event(item: _Dated, reference: Reference,
                    named: frozenset[str] = frozenset()) -> tuple[Event, str] | None:
    """The reference event named right next to the date ("the truce began on 25 November", "the
    7 October attack"), with "start"/"end"/"" for the cue, or None when none is that close."""
    text = str(item.claim.get("text") or "")
    clause = item.clause
    at = clause.find(text) if text else -1
    if at == -1:
        return None
    before, after = clause[max(0, at - 80): at], clause[at + len(text): at + len(text) + 30]
    if not _CUE_BEFORE_DATE.search(before):
        before = re.split(r"[,;(]", before)[-1][-50:]  # no verb of its own: only the words right before it
    after = re.split(r"[,;(]", after)[0]
    if hypothetical_words(before) or hypothetical_words(after):
        return None
    predicate = str(item.claim.get("predicate") or "")
    on = item.context.speaking
    text_of = item.context.text
    events = events_in(f"{before} {after}", reference, on=on, within=text_of, entities=named) or (
        events_in(predicate, reference, on=on, within=text_of, entities=named) if predicate else [])
    if len(events) != 1:
        return None
    cues = [(m.end(), "start") for m in _START_CUE.finditer(before)]
    cues += [(m.end(), "end") for m in _END_CUE.finditer(before)]
    cue = max(cues)[1] if cues else ""  # the cue nearest the date: "began on 24 November and ended on 1 December"
    return events[0], cue


def _against_reference(dated: list[_Dated], reference: Reference,
                       mentioned: dict[str, frozenset[str]]) -> Iterator[dict[str, Any]]:
    for item in dated:
        attached = _attached_event(item, reference, mentioned.get(item.context.article_id, frozenset()))
        if attached is None:
            continue
        event, cue = attached
        last = event.end or event.start
        if cue == "start":
            ok, should = item.day == event.start, long_date(event.start)
        elif cue == "end" and event.end is not None:
            ok, should = item.day == event.end, long_date(event.end)
        else:
            ok = event.start <= item.day <= last
            should = long_date(event.start) if last == event.start else f"{long_date(event.start)} to {long_date(last)}"
        if ok:
            continue
        if cue == "start":
            truth = f"began on {should}"
        elif cue == "end" and event.end is not None:
            truth = f"ended on {should}"
        elif last == event.start:
            truth = f"took place on {should}"
        else:
            truth = f"ran from {should}"
        yield _reference_row(item, event, truth=truth, expected=should, key=event.id)


def _mentions_by_article(mentions: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    for row in records(mentions):
        if row.get("entity_id") and row.get("start") is not None:
            span = (int(row["start"]), int(row["end"]), str(row["entity_id"]))
            out.setdefault(str(row["article_id"]), []).append(span)
    return out


def _action(item: _Dated) -> str | None:
    """The kind of action the date is attached to: the cue nearest the date in its clause, before it
    if there is one ("arrived in Cairo on 20 December"), else after it ("On 20 December, X arrived")."""
    text = str(item.claim.get("text") or "")
    at = item.clause.find(text) if text else -1
    if at == -1:
        return None
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for name, pattern in ACTIONS.items():
        for match in pattern.finditer(item.clause):
            if match.end() <= at and (before is None or match.end() > before[0]):
                before = (match.end(), name)
            elif match.start() >= at + len(text) and (after is None or match.start() < after[0]):
                after = (match.start(), name)
    if before is not None:
        return before[1]
    return after[1] if after is not None else None


def _action_keys(item: _Dated, mentions: dict[str, list[tuple[int, int, str]]]) -> set[tuple[str, str, str]]:
    """(person, place, action) keys of a dated clause: who did what where, from the entities named in it."""
    action = _action(item)
    if action is None:
        return set()
    end = item.clause_start + len(item.clause)
    named = {i for s, e, i in mentions.get(item.context.article_id, []) if item.clause_start <= s and e <= end}
    subject = item.claim.get("subject_id")
    if subject:
        named.add(str(subject))
    people = {i for i in named if i.startswith("person/")}
    places = {i for i in named if i.startswith("place/")}
    return {(person, place, action) for person in people for place in places}


def _event_keys(reference: Reference) -> dict[tuple[str, str, str], Event]:
    """Reference events whose names say who did what where ("Haniyeh's visit to Cairo"), by key."""
    out: dict[tuple[str, str, str], Event] = {}
    for event in reference.events.values():
        names = (event.name, *event.aliases)
        actions = {a for a, pattern in ACTIONS.items() if any(pattern.search(n) for n in names)}
        people: set[str] = set()
        places: set[str] = set()
        for name in names:
            for words in re.findall(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|al|bin|el))*", name):
                entity = reference.resolve(words)
                if entity is not None and entity.type == "person":
                    people.add(entity.id)
                elif entity is not None and entity.type == "place":
                    places.add(entity.id)
        for key in ((p, pl, a) for p in people for pl in places for a in actions):
            out.setdefault(key, event)
    return out


def _same_action(dated: list[_Dated], mentions: dict[str, list[tuple[int, int, str]]], reference: Reference | None,
                 *, window_days: int) -> Iterator[dict[str, Any]]:
    """Two statements that one person did the same thing in the same place on different, close days
    (a text against another or against itself), and such statements against a reference event."""
    groups: dict[tuple[str, str, str], list[_Dated]] = {}
    for item in dated:
        for key in _action_keys(item, mentions):
            groups.setdefault(key, []).append(item)
    events = _event_keys(reference) if reference is not None else {}
    reported: set[tuple[Any, ...]] = set()
    for key, items in sorted(groups.items()):
        event = events.get(key)
        if event is not None:
            for item in items:
                if item.day == event.start or ("reference", id(item)) in reported \
                        or abs((item.day - event.start).days) > window_days:
                    continue  # the same day, or far enough from it to be another occasion
                reported.add(("reference", id(item)))
                yield _reference_row(item, event, truth=f"took place on {long_date(event.start)}",
                                     expected=long_date(event.start), key=f"{event.id}|{'|'.join(key)}")
        ordered = sorted(items, key=lambda d: (d.day, d.context.article_id, int(d.claim["start"])))
        for i, a in enumerate(ordered):  # a sliding window over the days, never all pairs
            for b in ordered[i + 1 :]:
                if (b.day - a.day).days > window_days:
                    break  # far enough apart to be two occasions
                if a.day == b.day:
                    continue
                first, second = sorted((a, b), key=lambda d: (d.context.speaking or date.min, d.context.article_id,
                                                             int(d.claim["start"])))
                signature = (first.context.article_id, int(first.claim["start"]),
                             second.context.article_id, int(second.claim["start"]))
                if signature in reported:
                    continue
                reported.add(signature)
                yield _pair_row(first, second, key, reference)


def _reference_row(item: _Dated, event: Event, *, truth: str, expected: str, key: str) -> dict[str, Any]:
    """A date that contradicts the reference's date for the event it is attached to."""
    return finding(
        kind="date_conflict",
        severity="medium",
        context=item.context,
        start=int(item.claim["start"]),
        end=int(item.claim["end"]),
        claim_id=item.claim.get("claim_id"),
        expected=expected,
        reference_source=event.source,
        explanation=(
            f"The text dates {the(event.name)} to {long_date(item.day)} ({quote(item.claim['text'])}), but it "
            f"{truth} according to the reference."
        ),
        key=key,
    )


def _pair_row(a: _Dated, b: _Dated, key: tuple[str, str, str], reference: Reference | None) -> dict[str, Any]:
    person, place, action = key
    same = a.context.article_id == b.context.article_id
    where = "earlier in this text" if same else f"another text ({a.context.label})"
    who = _name(person, reference)
    return finding(
        kind="date_conflict",
        severity="medium",
        context=b.context,
        start=int(b.claim["start"]),
        end=int(b.claim["end"]),
        claim_id=b.claim.get("claim_id"),
        other_article_id=a.context.article_id,
        other_claim_id=a.claim.get("claim_id"),
        other_text=a.claim.get("text"),
        expected=f"{long_date(a.day)} (as {a.context.label} says)",
        reference_source=a.context.where,
        explanation=(
            f"This text dates {who}'s {ACTION_NOUNS[action]} {_name(place, reference)} to {long_date(b.day)} "
            f"({quote(b.claim['text'])}), {where} to {long_date(a.day)} ({quote(a.claim['text'])}): unless these "
            "are two separate occasions, one date is wrong — check the sources."
        ),
        key="|".join(key),
    )


def _name(entity_id: str, reference: Reference | None) -> str:
    if reference is not None and entity_id in reference.entities:
        return reference.entities[entity_id].name
    return entity_id.split("/", 1)[-1].replace("_", " ").title()


# --- proposed, hypothetical or future words near a date or a duration ----------------------------------
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(modal or proposing cues, other-instance cues), from the lexicon. "May" in capitals is the month."""
    words = figures()
    cues = []
    for cue in words.window_cues:
        escaped = re.escape(cue).replace(r"\ ", r"\s+")
        cues.append(escaped if " " in cue or cue in words.modal or cue in words.conditional or "'" in cue
                    else escaped + r"\w*")
    modal = re.compile(r"(?<![\w'’])(?:" + "|".join(cues) + r"|(?-i:may))\b", re.I)
    other = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words.other_instance)) + r")\b", re.I)
    return modal, other


MODAL, MODIFIER = _cue_patterns()
# a reporting verb ends the words that can govern a figure: what comes before it is who speaks
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|reported|reports|according to|announced|confirmed|"
                        r"added|stated|estimated|wrote)\b", re.I)
_WORD = re.compile(r"[\w'’-]+")


def hypothetical(text: str, start: int, end: int, *, reach: int = 6, after: int = 4) -> bool:
    """Whether the date or duration at [start, end) of ``text`` is hypothetical, proposed or future: a
    ``MODAL`` cue among the ``reach`` words before it (back to a reporting verb) or the ``after`` words after
    it (to the next punctuation), or a ``MODIFIER`` among the two words right before it. Capitalised words
    inside a sentence are names ("The New York Times", "Next Generation"), never cues."""
    before = text[:start]
    cut = max((m.end() for m in _REPORTING.finditer(before)), default=0)
    words = [m for m in _WORD.finditer(before) if m.start() >= cut]
    if words:
        near = words[-reach:][0].start()
        close = words[-2:][0].start()
        if any(not _is_name(text, m.start()) for m in MODAL.finditer(before, near)):
            return True
        if any(not _is_name(text, m.start()) for m in MODIFIER.finditer(before, close)):
            return True
    tail = re.split(r"[,.;:!?]", text[end:], maxsplit=1)[0]
    tail_words = list(_WORD.finditer(tail))[:after]
    if tail_words:
        limit = end + tail_words[-1].end()
        return any(not _is_name(text, m.start()) for m in MODAL.finditer(text, end, limit))
    return False


def hypothetical_words(text: str) -> bool:
    """Whether ``text`` holds any modal or other-instance cue that is not part of a name (window-free)."""
    return any(not _is_name(text, m.start()) for pattern in (MODAL, MODIFIER) for m in pattern.finditer(text))


def _is_name(text: str, at: int) -> bool:
    """A capitalised word with words before it in its sentence: part of a name, not a cue."""
    if not text[at:at + 1].isupper():
        return False
    prefix = text[:at].rstrip()
    return bool(prefix) and prefix[-1] not in ".!?\"“‘'([—–-:;\n"
