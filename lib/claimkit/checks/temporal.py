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
* one occasion — the same person doing the same thing (arriving, meeting, leaving: ``lexicon/actions.yaml``)
  in the same place, a proposition of :mod:`claimkit.propositions` read by :mod:`claimkit.dated` — given
  different days by two texts or one text twice ("Haniyeh led a delegation to Cairo on the 20th" /
  "Haniyeh arrived in Cairo on 21 December"), or a day other than that of a reference event whose name
  says who did what where ("Haniyeh's visit to Cairo"): one finding per occasion, listing every source.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any, Iterator

import pandas as pd

from ..reference import Event, Reference
from ._common import (ArticleContext, article_contexts, between, claim_sentence, events_in, finding, long_date,
                      mention_ids, parse_day, quote, records, sentence_spans, the, to_frame)
from ..dated import Dated, action_noun, dated
from ..lexicon import figures
from ..propositions import (TIME_UNITS, FactIndex, Member, Proposition, claim_interval, count_label, entity_name,
                            index_facts, source, texts, value_groups)

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
                        mentions: pd.DataFrame | None = None, index: FactIndex | None = None) -> pd.DataFrame:
    """Findings of kind ``date_conflict``: a date that contradicts the reference event it is attached to,
    and one occasion (a person's arrival, meeting or departure in one place) given different days."""
    if index is None:
        index = index_facts(articles, claims, mentions, reference)
    return to_frame([*find_reference_date_conflicts(articles, claims, reference=reference, mentions=mentions)
                     .to_dict("records"), *_occasions(index, reference)])


def find_reference_date_conflicts(articles: pd.DataFrame, claims: pd.DataFrame, *,
                                  reference: Reference | None = None,
                                  mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``date_conflict`` findings of one article at a time: a date against the reference event it is
    attached to."""
    if reference is None:
        return to_frame([])
    contexts = article_contexts(articles)
    items = [d for d in (dated(c, contexts) for c in records(claims) if c.get("kind") == "event_date") if d]
    return to_frame(_against_reference(items, reference, mention_ids(mentions)))


def find_occasion_conflicts(index: FactIndex, reference: Reference | None = None) -> pd.DataFrame:
    """The ``date_conflict`` findings between texts: one occasion of the index given different days."""
    return to_frame(_occasions(index, reference))


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
        anchor, anchor_text, cited = _anchor(claim, sentence, offset, dates, reference, context, named)
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
            reference_source=cited,
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
def _attached_event(item: Dated, reference: Reference,
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


def _against_reference(dated: list[Dated], reference: Reference,
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


def _occasions(index: FactIndex, reference: Reference | None) -> Iterator[dict[str, Any]]:
    """One finding per occasion (one person's same action in one place, see claimkit.propositions)
    given two or more days, by texts or against the reference event named after it."""
    for p in index.propositions:
        if p.key.unit != "date":
            continue
        days = {m.interval.low for m in p.members}
        event_day = p.event.start.toordinal() if p.event is not None else None
        if len(days) < 2 and (event_day is None or days == {event_day}):
            continue
        if event_day is not None:
            agree = [m for m in p.members if m.interval.low == event_day]
            groups = value_groups([m for m in p.members if m.interval.low != event_day])[0]
        else:
            groups, _ = value_groups(p.members)
            agree, groups = groups[0], groups[1:]
        if groups:
            yield _occasion_row(p, groups, agree, reference)


def _occasion_row(p: Proposition, groups: list[list[Member]], agree: list[Member],
                  reference: Reference | None) -> dict[str, Any]:
    primary = groups[0][-1]
    person, place, action = p.key.holder, p.key.place, p.key.measure
    what = f"{_name(person, reference)}'s {action_noun(action)} {_name(place, reference)}"
    said = "; ".join(f"{long_date(_day(g[0]))} ({', '.join(quote(m.claim['text'], limit=60) for m in g[:3])})"
                     for g in groups)
    if p.event is not None:
        expected = long_date(p.event.start)
        others = f", as {len(texts(agree))} text{'s' if len(texts(agree)) != 1 else ''} also say" if agree else ""
        several = len(texts([m for g in groups for m in g])) > 1
        explanation = (f"The text{'s date' if several else ' dates'} {what} to "
                       f"{said}, but it took place on {expected} according to the reference{others}.")
        cited = p.event.source
    else:
        expected = f"{long_date(_day(agree[0]))} (as {count_label(agree)} say{'s' if len(texts(agree)) == 1 else ''})"
        explanation = (f"The texts date {what} to {said}, while {count_label(agree)} "
                       f"give{'s' if len(texts(agree)) == 1 else ''} {long_date(_day(agree[0]))}: unless these are "
                       "separate occasions, one date is wrong — check the sources.")
        cited = agree[0].context.where
    other = next((m for m in agree if m.context.article_id != primary.context.article_id), agree[0] if agree else None)
    sources = [source(m, "differs", i + 1) for i, g in enumerate(groups) for m in g]
    sources += [source(m, "agrees", 0) for m in agree]
    if p.event is not None:
        sources.append({"side": "reference", "text": f"{p.event.name}: {long_date(p.event.start)}",
                        "where": p.event.source, "value": p.event.start.isoformat()})
    return between(
        kind="date_conflict",
        severity="medium",
        primary=primary,
        other=other,
        expected=expected,
        reference_source=cited,
        explanation=explanation,
        key=p.id,
        proposition_id=p.id,
        sources=sources,
    )


def _day(member: Member) -> date:
    return date.fromordinal(int(member.interval.low or 1))


def _reference_row(item: Dated, event: Event, *, truth: str, expected: str, key: str) -> dict[str, Any]:
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


def _name(entity_id: str, reference: Reference | None) -> str:
    if reference is not None and entity_id in reference.entities:
        return reference.entities[entity_id].name
    return entity_name(entity_id)


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
