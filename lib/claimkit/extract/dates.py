"""Dates in English news text: find every date expression and resolve it to an ISO day or interval.

A fact-checker needs to know *when* an article says things happened, and the date the article itself
speaks from. This module is a general English date grammar (regular expressions compiled at import,
run over ``doc.text``, so fast-mode Docs with no tagger or parser give the same dates) and a resolver
that turns each expression into a day or an inclusive interval. Public API: :func:`extract_dates`,
:func:`infer_reference_date`, :func:`resolve_expression` and :class:`ResolvedDate`.

Resolution rules (``anchor`` is the date the text speaks from):

* **Direction.** News mostly reports the past, so an expression that leaves out its year (or month,
  or week) resolves to the most recent reading that starts on or before the anchor (a single day may
  lie up to ``PAST_TOLERANCE_DAYS`` after it, since an inferred anchor can trail the writing date).
  When the clause looks forward, it resolves to the earliest reading that ends on or after the anchor
  (a bare weekday: strictly after). A clause looks forward when a cue precedes the date in it
  ("will", "'ll", "shall", "would", "going to", "is due", "scheduled", "expected", "plans to", "set
  to", "deadline", "upcoming", "next") or the date follows "by" with no "had"; a fronted "On 7
  October, ..." takes the tense of the clause after its comma; "let's" proposes, so looks forward.
  Clauses end at punctuation, newlines and "that", "which", "but", "while", "because", ...
* **Weekdays.** "Monday": the nearest Monday on or before the anchor (forward: after it). "last" /
  "next Monday": the Monday of the previous / following Monday–Sunday week; "this Monday": of the
  anchor's week; "this past" / "this coming Monday": the nearest before / after it.
* **A day of the month alone** ("on the 20th") falls in the month of the last month-bearing date
  mentioned before it (news narrates "On 7 October ... on the 20th"), else by the direction rule.
* **Anaphora** ("the same day", "the next day", "two days later", "the following year") counts from
  the last date mentioned before it (the end of an interval), else from the anchor ("next day" alone
  too). "The second Sunday" with no month is of the month last mentioned, else of the anchor's.
* **Counts.** A precise count from a day gives the day that far away, with the unit as its
  granularity, i.e. its precision: "three days ago" a day, "two years ago" the day two years before
  the anchor (granularity ``year``), "three months after 7 October" 7 January. A vague count gives
  every day it allows: "a few" is two to five, "several" three to seven ("a few days ago" = the days
  from five to two days back); "a couple" is two. From a month or a year ("two years after 2019",
  "two years later" after "in 2019") and in "the year before", months and years name the calendar
  unit they land in. Business (working) days skip Saturdays and Sundays, not public holidays.
* **Calendar units.** Weeks run Monday–Sunday. "last week/month/year" is the previous calendar unit;
  "the past week", "the last 3 days" are the rolling stretch ending the day before the anchor; "the
  next 3 days" starts the day after it; "within two weeks" starts on it. Quarters are always
  calendar quarters ("the last quarter", "the next 2 quarters"). Weeks counted in a year or a month
  ("the third week of 2027", "week 23", "the last week of January") are ISO 8601 calendar weeks: a
  Monday–Sunday week belongs to the year or month that holds its Thursday, so "the first week of
  2015" is 29 December 2014 – 4 January 2015; "week N" alone is of the anchor's (ISO) year. Parts:
  "early", "mid-", "late" (and "the beginning/end of") cut a month at the 10th and 20th, a year
  after April and August (but "the start of the year" is January and "the end of the year"
  December), a week after Tuesday and Thursday, a decade after its 3rd and 6th year. "Earlier/later
  this week" run from the week's start to the anchor / from the anchor to its end (the writing day
  itself may hold either, as in "the rest of the week"). Seasons are the northern meteorological
  ones and belong to the year they start in ("winter 2023" = December 2023 – February 2024). "This
  weekend" follows the direction rule.
* **Ranges** ("7–10 October", "from 28 December to 3 January 2024", "between 2015 and 2019",
  "10/1-11/7/2021") are one inclusive interval: the named end is part of it ("2014 to 2018" ends on
  31 December 2018). An end counted from the day of writing ("from 3 May to today", "from next
  Friday to 1 October 2020") keeps that reading. Otherwise a start without a year takes the end's
  year (or the year before); a start with one, or with neither, follows the direction rule and the
  end is the first such date after it, except that in a forward-looking clause a range still under
  way at the anchor ("between August and October" said in September) is the one meant.
* **Numeric dates.** ``2023-12-20`` (ISO, also inside file names), ``20231220`` (ISO basic),
  ``12/20/2023`` month first (US order), ``20.12.2023`` (dots) day first; either order gives way when
  it is impossible ("22/04", "4.22"). Two-digit years fall from 80 years before to 20 years after
  the anchor ("3-7-27" in 2016 is 2027, "03/18/40" 1940). ``2023-12``, ``2015-3``, ``11/2019``,
  ``2016 - 11`` are months but ``2010-11`` is two years; the month's name may stand between the
  numbers ("05-Aug-2016", "2019-sep-1", "Dec-2018"). A day and month alone ("6/15") needs a date word
  before it or a part that cannot be a fraction ("11/22", "04/22"); "24/7" is no date. Years may be
  written in words ("nineteen ninety-six", "two thousand and eighteen").
* **Durations** anchored on a dated event in the same sentence ("since 7 October ... has lasted more
  than 70 days", "now in its 45th day", "60 days into the war"): N days give event + N days, with the
  qualifier ("more_than", "about", ...) saying on which side of that day the truth lies; "the Nth day"
  gives event + N − 1 (the event's day is day one). A count needs a lasting verb, "into"/"since", or
  a "since" before the event: "jailed for three years" is no duration.

``date_type``: ``absolute`` (names its day or month by month name and number, with or without a
year: "7 October", "December 2023", "2023"), ``partial`` (only part of the coordinates: "the 20th",
"Monday", "December", "Christmas"), ``relative`` (deictic, anaphoric, or a part of a period:
"yesterday", "next year", "two days later", "mid-December", "early January next year"), ``duration``
(an event-anchored count). ``granularity`` is the expression's precision (a counted shift such as
"two years ago" is one day with the granularity of its unit): day, week, part_of_week, month,
part_of_month, quarter, season, part_of_season, year, part_of_year, decade, part_of_decade, century.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Callable, Iterable

from spacy.tokens import Doc

from . import calendar as cal

__all__ = ["ResolvedDate", "extract_dates", "infer_reference_date", "resolve_expression"]

PAST_TOLERANCE_DAYS = 7
"""A day-precise past date may lie this many days after the anchor (the anchor is often inferred)."""

REFERENCE_WINDOW_DAYS = 366
"""Explicit dates older than this before publication say nothing about when the text was written."""


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date expression resolved: an inclusive interval (start == end for one day)."""

    start: date
    end: date
    granularity: str
    date_type: str


# --------------------------------------------------------------------------------------------------
# Vocabulary as regular expressions (compiled once, at import)


def _words(words: Iterable[str]) -> str:
    """An alternation of words, longest first; hyphens and spaces inside a word are interchangeable."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\-", r"[-\s]?").replace(r"\ ", r"\s+") for w in parts) + ")"


_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)(?![a-z])"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WEEKDAY_ANY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|tue|wed|thurs|thur|thu|fri|sat|sun|mon)\.?"
)
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])"
_SUFFIX = r"(?:st|nd|rd|th)"
_ORD_DAY_WORDS = _words(w for w, v in cal.ORDINAL_WORDS.items() if v <= 31)
_CARD_DAY_WORDS = _words(w for w, v in cal.CARDINAL_WORDS.items() if v <= 31)
_ORD_WORDS = _words(cal.ORDINAL_WORDS)
_ORD_DAY = rf"(?:{_DAYNUM}{_SUFFIX}|{_ORD_DAY_WORDS})"  # "20th", "twentieth"
_DAY = rf"(?:{_DAYNUM}{_SUFFIX}?|{_ORD_DAY_WORDS})"  # "20", "20th", "twentieth"
_YEAR_DIGITS = r"(?:1[5-9]|20|21)\d\d(?![\d])"
_TENS_UNITS_WORDS = _words(w for w, v in cal.CARDINAL_WORDS.items() if 10 <= v <= 99)
_ONE_TO_99_WORDS = _words(w for w, v in cal.CARDINAL_WORDS.items() if 1 <= v <= 99)
_UNIT_WORDS_1_9 = _words(w for w, v in cal.CARDINAL_WORDS.items() if 1 <= v <= 9)
_CENTURY_WORDS = _words(w for w, v in cal.CARDINAL_WORDS.items() if 10 <= v <= 20)
# A year in words: "nineteen ninety-nine", "nineteen oh five", "seventeen hundred (and) thirty three",
# "two thousand (and) eighteen", "one thousand seven hundred and eighty nine".
_YEAR_WORDS = (
    rf"(?:{_CENTURY_WORDS}\s+(?:hundred(?:\s+(?:and\s+)?{_ONE_TO_99_WORDS})?|(?:oh|zero)\s+{_UNIT_WORDS_1_9}"
    rf"|{_TENS_UNITS_WORDS})"
    rf"|(?:one|two)\s+thousand(?:\s+(?:and\s+)?(?:{_UNIT_WORDS_1_9}\s+hundred(?:\s+(?:and\s+)?{_ONE_TO_99_WORDS})?"
    rf"|{_ONE_TO_99_WORDS}))?)(?![\w-])"
)
_YEAR = rf"(?:{_YEAR_DIGITS}|{_YEAR_WORDS})"
_YEAR_REL = r"(?:this|next|last|that|the\s+(?:following|previous|preceding|next|same))"
_NUM_WORDS = _words(w for w, v in cal.CARDINAL_WORDS.items() if v < 100)
_NUM = (
    rf"(?:\d{{1,4}}|(?:a\s+)?couple(?:\s+of)?|a\s+few|a\s+dozen|few|several"
    rf"|(?:a|one)\s+hundred(?:\s+and\s+{_NUM_WORDS})?|{_NUM_WORDS}|an?)"
)
_UNIT = r"(?:hours?|(?:business\s+|working\s+)?days?|weeks?|fortnights?|months?|quarters?|years?|decades?)"
_PART = (
    r"(?:early|mid|middle|late"
    r"|(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close)\s+of"
    r"|(?:the\s+)?(?:first|second|latter|last)\s+half\s+of"
    r"|(?:the\s+)?(?:first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)\s+week"
    r"(?:\s+of|(?=\s+(?:this|next|last)\s+year))"
    r"|(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|1st|2nd|3rd|[4-9]th|1[0-2]th)\s+month\s+of"
    r"|(?:the\s+)?(?:first|last|final)\s+(?:few\s+)?days\s+of"
    r"|(?:the\s+)?(?:first|last|final)\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+"
    r"(?:days|weeks|months)\s+of)"
)
_REL = (
    r"(?:this\s+coming|this\s+past|last|next|this|coming|past|previous|current|upcoming"
    r"|the\s+(?:following|previous|preceding|next|same))"
)
_REL_WORD = (
    r"(?:this\s+coming|this\s+past|last|next|this|coming|past|previous|current|upcoming|following|preceding|same)"
)
_NUM_START = r"(?<![\w$£€.,/:-])"  # a number that is not part of a larger figure, time or range

_FUNCTION_WORDS = frozenset(
    "and or but to through until till at in on with when while as after before during the a an he "
    "she they it we i was were is are had has have will would said says when where which who that "
    "this its their his her amid following since from for by than then".split()
)
_QUANTITY_NOUNS = frozenset(
    "people persons children men women troops soldiers residents civilians cases deaths homes "
    "houses units votes percent per cent of more fewer than metres meters feet km miles tonnes tons "
    "dollars euros pounds times million billion thousand hundred".split()
)
_REPORTING_VERBS = frozenset(
    "said says say told tells added noted stated believe believes believed think thinks thought know knows "
    "knew announced warned argued claimed reported insisted confirmed".split()
)
_DATE_PREPOSITIONS = frozenset(
    "in on of since until till by during from before after through throughout between and to or "
    "early mid late last next this around circa for".split()
)


# --------------------------------------------------------------------------------------------------
# The resolution context and atoms


@dataclass(slots=True)
class _Context:
    anchor: date
    future: bool = False
    focus: date | None = None  # the (last day of the) last date mentioned before the expression
    focus_month: tuple[int, int] | None = None  # the month of the last month-bearing date
    tolerance: int = PAST_TOLERANCE_DAYS
    used_focus: bool = False
    now: date | None = None  # the text's own anchor, kept when a range re-anchors its end on its start
    focus_granularity: str = "day"  # the granularity of the last date mentioned


_Resolver = Callable[[_Context], "ResolvedDate | None"]


@dataclass(slots=True)
class _Count:
    """An event-anchored count: "more than 70 days", "its 45th day"."""

    n: int
    unit: str
    qualifier: str
    ordinal: bool


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    rank: int
    resolve: _Resolver | None = None
    explicit_year: bool = False
    # A prefix that needs the date after it ("two days after" <date>, "the week of" <date>): how it
    # changes that date's resolution, and how it resolves standing alone at a clause end, if it can.
    wrap: Callable[[ResolvedDate, _Context], ResolvedDate | None] | None = None
    alone: _Resolver | None = None
    count: _Count | None = None
    stamp: str | None = None  # "updated", "published": a publication stamp, not content
    via_focus: bool = False
    forward_only: bool = False  # "in two weeks": a date only when the clause is not past tense
    range_end_only: bool = False  # "now", "date": a date only as the end of a range ("from May to date")
    forward_target: bool = False  # a prefix whose date lies ahead ("between now and" <date>)
    # Counted from the day of writing at a grain of days ("on Monday", "yesterday", "last week", "three
    # days ago"): such words tie a text to the day it was written (see infer_reference_date).
    recent: bool = False


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    parse: Callable[[re.Match[str], str], "_Atom | None"]
    trigger: str = ""  # a word every match contains: the pattern only runs near one (see _TRIGGERS)


_PATTERNS: list[_Pattern] = []


def _pattern(regex: str) -> Callable[[Callable[[re.Match[str], str], Any]], Callable[[re.Match[str], str], Any]]:
    def register(parse: Callable[[re.Match[str], str], Any]) -> Callable[[re.Match[str], str], Any]:
        _PATTERNS.append(_Pattern(parse.__name__, re.compile(regex, re.IGNORECASE), parse))
        return parse

    return register


def _atom(m: re.Match[str], resolve: _Resolver, **kwargs: Any) -> _Atom:
    return _Atom(m.start("x"), m.end("x"), 0, resolve, **kwargs)


# --------------------------------------------------------------------------------------------------
# Small helpers used by the resolvers


def _next_word(text: str, pos: int) -> str:
    match = re.match(r"\s*([A-Za-z]+|\S)?", text[pos:])
    return (match.group(1) or "") if match else ""


def _prev_word(text: str, pos: int) -> str:
    match = re.search(r"([A-Za-z]+|\S)\s*$", text[max(0, pos - 40):pos])
    return match.group(1) if match else ""


def _follows_as_noun_phrase(text: str, pos: int) -> bool:
    """True when a lowercase content word follows (a number + noun, not a date: "the 20th floor")."""
    word = _next_word(text, pos)
    return word.isalpha() and word.islower() and word not in _FUNCTION_WORDS


def _is_year_number(text: str, end: int, year: int) -> bool:
    """Whether a 4-digit number ending at ``end`` reads as a year (not "2000 people")."""
    if re.match(r"[.,]\d|\s*(?:%|percent|per\s+cent)", text[end:]):
        return False
    word = _next_word(text, end).lower()
    if word in _QUANTITY_NOUNS:
        return False
    if not 1900 <= year <= 2099 and _follows_as_noun_phrase(text, end):
        return False
    return True


def _year_value(raw: str | None) -> int | None:
    """The year a year group holds, in digits or in words ("2016", "nineteen ninety-nine")."""
    if not raw:
        return None
    raw = raw.strip()
    return int(raw) if raw.isdigit() else cal.parse_year_words(raw)


def _year_at(m: re.Match[str], text: str, group: str = "y") -> int | None:
    """The year in ``group`` when it reads as a year there (not "2000 people", "two thousand troops")."""
    raw = m[group]
    year = _year_value(raw)
    if year is None or not _is_year_number(text, m.end(group), year):
        return None
    if not raw.strip().isdigit() and _follows_as_noun_phrase(text, m.end(group)):
        return None  # "two thousand protesters": a number of people
    return year


def _month_word_ok(word: str, text: str, start: int, *, anchored: bool) -> bool:
    """Reject "may"/"march" as verbs and month abbreviations standing alone ("Jan said")."""
    bare = word.rstrip(".")
    if anchored:  # next to a day number or a year
        return True
    end = start + len(word)
    before_range = re.match(rf"\s*(?:-|–|—|to|through|until|till)\s*{_MONTH}", text[end:], re.IGNORECASE)
    after_range = re.search(rf"{_MONTH}\s*(?:-|–|—|to|through|until|till)\s*$", text[max(0, start - 20):start],
                            re.IGNORECASE)
    if before_range or after_range:  # "Jan–Feb 2017", "from March to May"
        return True
    if len(bare) <= 4 and bare.lower() not in ("may", "june", "july"):
        return False  # an abbreviation with no number beside it
    if bare.lower() in ("may", "march"):
        return bare[0].isupper() and _prev_word(text, start).lower() in _DATE_PREPOSITIONS
    return True


def _pick(cands: Iterable[tuple[date, date]], ctx: _Context) -> tuple[date, date] | None:
    """Choose among the readings of an underspecified expression by the direction rule."""
    cands = sorted(c for c in cands if c is not None)
    if not cands:
        return None
    if ctx.future:
        later = [c for c in cands if c[1] >= ctx.anchor]
        return later[0] if later else cands[-1]
    limit = ctx.anchor + timedelta(days=ctx.tolerance)
    earlier = [c for c in cands if c[0] <= (limit if c[0] == c[1] else ctx.anchor)]
    return earlier[-1] if earlier else cands[0]


def _year_from_rel(rel: str, ctx: _Context) -> int:
    rel = " ".join(rel.lower().split())
    if rel in ("this", "next", "last"):
        return ctx.anchor.year + {"this": 0, "next": 1, "last": -1}[rel]
    base = _focus(ctx).year
    return base + {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}.get(rel, 0)


def _focus(ctx: _Context) -> date:
    if ctx.focus is not None:
        ctx.used_focus = True
        return ctx.focus
    return ctx.anchor


def _days(start: date, end: date | None = None) -> tuple[date, date]:
    return start, end if end is not None else start


def _unit_name(unit: str) -> str:
    unit = " ".join(unit.lower().replace("working", "business").split())
    return unit[:-1] if unit.endswith("s") else unit


_Amount = tuple[int, int, str]  # (fewest, most, unit): "three days" (3, 3, day), "a few days" (2, 5, day)


def _amount(number: str, unit: str) -> _Amount | None:
    """A counted time unit; vague words ("a few", "several") give the range of counts they allow."""
    vague = cal.vague_count(number)
    if vague is not None:
        return vague[0], vague[1], _unit_name(unit)
    n = cal.parse_cardinal(number)
    return (n, n, _unit_name(unit)) if n is not None and n > 0 else None


def _amounts(text: str) -> tuple[_Amount, ...] | None:
    """Every amount in "three months and two days", or None if one is no count."""
    found = tuple(_amount(part["n"], part["u"]) for part in _AMOUNT_RE.finditer(text))
    return None if not found or any(a is None for a in found) else found  # type: ignore[return-value]


def _moved(day: date, amounts: tuple[_Amount, ...], sign: int) -> tuple[date, date]:
    """The earliest and latest days ``day`` moved by the amounts (forward for sign 1) can be."""
    near, far = day, day
    for low, high, unit in amounts:
        near, far = cal.shift(near, sign * low, unit), cal.shift(far, sign * high, unit)
    return (near, far) if near <= far else (far, near)


def _point_granularity(unit: str) -> str:
    return "day" if unit in ("hour", "day", "business day", "week", "fortnight") else unit


# --------------------------------------------------------------------------------------------------
# The grammar. Each pattern's group "x" is the expression's span; order breaks ties between
# equally long matches (earlier wins).


_ISO_BEFORE = r"(?<![\d./])(?<!\d-)"  # a date may follow a word and a hyphen ("report-2018-09-23")


@_pattern(
    rf"{_ISO_BEFORE}(?P<x>(?P<y>{_YEAR_DIGITS})(?P<s>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=s)(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)(?![\w]|[-/.]\d)"
)
def _iso(m: re.Match[str], text: str) -> _Atom | None:
    day = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    return _atom(m, lambda ctx: ResolvedDate(day, day, "day", "absolute"), explicit_year=True)


@_pattern(r"(?<![\d.,])(?P<x>(?P<y>19\d\d|20\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01]))(?![\d]|[.,]\d)")
def _compact_iso(m: re.Match[str], text: str) -> _Atom | None:
    """ISO 8601 basic format, "20161016", as file names and URLs carry it."""
    day = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    return _atom(m, lambda ctx: ResolvedDate(day, day, "day", "absolute"), explicit_year=True)


def _numeric_parts(raw: str) -> tuple[int | None, int | None, int, int] | None:
    """(year, two-digit year, month, day) of a numeric date: "2023-12-20", "12/20/2023", "20.12.23", "6/15".

    Month first (US order), but dots put the day first (European order); either order gives way to the
    other when it is impossible ("22/04", "4.22").
    """
    parts = re.split(r"\s*(?:[-/.]|,)\s*", raw.strip())
    seps = re.findall(r"[-/.]", raw)
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts) == 3 and len(parts[0]) == 4:
        year, month, dom = map(int, parts)
        return (year, None, month, dom) if cal.safe_date(year, month, dom) else None
    a, b = int(parts[0]), int(parts[1])
    day_first = bool(seps) and seps[0] == "."
    month, dom = (b, a) if day_first else (a, b)
    if month > 12:  # the other order when this one is impossible ("22/04", "4.22")
        month, dom = dom, month
    if not (1 <= month <= 12 and 1 <= dom <= 31) or cal.safe_date(2000, month, dom) is None:
        return None
    if len(parts) == 2:
        return None, None, month, dom
    if len(parts[2]) == 4:
        return (int(parts[2]), None, month, dom) if cal.safe_date(int(parts[2]), month, dom) else None
    return None, int(parts[2]), month, dom


def _numeric_resolver(year: int | None, yy: int | None, month: int, dom: int, rel: str = "") -> _Resolver:
    """Resolve a numeric date; a two-digit year by the sliding window, a missing one by the direction rule."""
    def resolve(ctx: _Context) -> ResolvedDate | None:
        if year is not None or yy is not None:
            full = year if year is not None else cal.two_digit_year(yy or 0, ctx.anchor.year)
            day = cal.safe_date(full, month, dom)
            return ResolvedDate(day, day, "day", "absolute") if day else None
        years = range(ctx.anchor.year - 1, ctx.anchor.year + 2)
        cands = [_days(d) for y in years if (d := cal.safe_date(y, month, dom))]
        if rel == "this":
            picked = next((c for c in cands if c[0].year == ctx.anchor.year), None)
        elif rel == "next":
            picked = next((c for c in cands if c[0] > ctx.anchor), None)
        elif rel == "last":
            picked = next((c for c in reversed(cands) if c[0] < ctx.anchor), None)
        else:
            picked = _pick(cands, ctx)
        return ResolvedDate(picked[0], picked[1], "day", "relative" if rel else "partial") if picked else None

    return resolve


@_pattern(
    rf"(?<![\w.\-/])(?P<x>(?P<a>\d{{1,2}})(?P<s>[/.\-])(?P<b>\d{{1,2}})(?:(?P=s)|,(?=\d))"
    rf"(?P<y>{_YEAR_DIGITS}|\d\d(?!\d)))"
    r"(?![\w]|[-/.]\d)"
)
def _numeric(m: re.Match[str], text: str) -> _Atom | None:
    parts = _numeric_parts(m["x"])
    if parts is None:
        return None
    year, yy, month, dom = parts
    return _atom(m, _numeric_resolver(year, yy, month, dom), explicit_year=True)


_MD_CONTEXT = re.compile(
    rf"(?:^|\b(?:on|by|since|until|till|from|before|after|through|of|for|as\s+of"
    rf"|(?P<wd>(?:(?:this|next|last)\s+)?{_WEEKDAY_ANY})|(?P<rel>this|next|last)),?)\s*$",
    re.IGNORECASE,
)


@_pattern(r"(?<![\w.,/$£€:-])(?P<x>(?P<a>[0-3]?\d)(?P<s>[/.-])(?P<b>[0-3]?\d))(?![\w/%]|[.,-]\d)")
def _month_slash_day(m: re.Match[str], text: str) -> _Atom | None:
    """ "6/15", "22/04", "on 4-22", "on 5.12": a day without its year, when nothing else reads it better.

    A slash date stands alone when it cannot be a common fraction (a part above 12 or written with a
    leading zero: "11/22", "04/22"); else it needs a date word before it ("on 3/4", "Friday 5/12"),
    since "1/2 of the fans" is a fraction. Hyphens and dots ("4-22", "5.12") also read as scores and
    decimals, so they need "on" or a weekday. "24/7" is "around the clock". A weekday before the date
    joins the expression, and the date decides the day.
    """
    parts = _numeric_parts(m["x"])
    if parts is None or m["x"] == "24/7":
        return None
    _, _, month, dom = parts
    context = _MD_CONTEXT.search(text, max(0, m.start() - 20), m.start())
    if m["s"] == "/":
        padded = m["a"].startswith("0") or m["b"].startswith("0")
        if not (context or padded or max(int(m["a"]), int(m["b"])) > 12):
            return None
    elif not (re.search(r"\bon\s*$", text[max(0, m.start() - 4):m.start()], re.IGNORECASE)
              or (context and context["wd"])):
        return None
    if _follows_as_noun_phrase(text, m.end("x")) or _next_word(text, m.end("x")).lower() in _QUANTITY_NOUNS:
        return None
    rel = (context["rel"] or "").lower() if context else ""
    atom = _atom(m, _numeric_resolver(None, None, month, dom, rel))
    if rel:
        atom.start = context.start("rel")
    elif context and context["wd"]:  # "Friday 5/12": the date says which day; the weekday only names it
        atom.start = context.start("wd")
    return atom


def _num_date(sep: str) -> str:
    """A numeric date for a range end: ISO, or month/day with an optional year (the same separator)."""
    return (
        rf"(?:(?:1[5-9]|20)\d\d[-/](?:1[0-2]|0?[1-9])[-/](?:3[01]|[12]\d|0?[1-9])"
        rf"|[0-3]?\d(?P<{sep}>[-/])[0-3]?\d(?:(?P={sep})(?:(?:1[5-9]|20)\d\d|\d\d))?)"
    )


@_pattern(
    rf"(?<![\w.\-/])(?P<x>(?:(?P<from>from|between)\s+)?(?P<a>{_num_date('s1')})"
    r"\s*(?P<c>-|–|—|to|until|till|through|and)\s*"
    rf"(?P<b>{_num_date('s2')})(?:,?\s*(?P<y>{_YEAR_DIGITS}))?)(?![\w]|[-/.]\d)"
)
def _numeric_range(m: re.Match[str], text: str) -> _Atom | None:
    """ "10/1-11/7", "5/1-5/7/2020", "from 10-1-2018 to 10-7-2018": a range of numeric dates."""
    first, last = _numeric_parts(m["a"]), _numeric_parts(m["b"] + (f"/{m['y']}" if m["y"] else ""))
    if first is None or last is None:
        return None
    if not _connector_ok(m["c"], m["from"]):
        return None
    if "/" not in m["a"] + m["b"] and (first[0] is None and first[1] is None):
        return None  # "3-1 to 4-2": scores, not dates
    a = _Atom(m.start("a"), m.end("a"), 0, _numeric_resolver(*first),
              explicit_year=first[0] is not None or first[1] is not None)
    b = _Atom(m.start("b"), m.end("x"), 0, _numeric_resolver(*last),
              explicit_year=last[0] is not None or last[1] is not None)
    return _range_atom(a, b, m.start("x"))


def _day_month_resolver(dom: int, month: int, year: int | None, year_rel: str | None,
                        date_type: str, yy: int | None = None) -> _Resolver:
    def resolve(ctx: _Context) -> ResolvedDate | None:
        if yy is not None:  # "15 April of 87", "April '87"
            day = cal.safe_date(cal.two_digit_year(yy, ctx.anchor.year), month, dom)
            return ResolvedDate(day, day, "day", date_type) if day else None
        if year is not None:
            day = cal.safe_date(year, month, dom)
            return ResolvedDate(day, day, "day", date_type) if day else None
        if year_rel:
            day = cal.safe_date(_year_from_rel(year_rel, ctx), month, dom)
            return ResolvedDate(day, day, "day", "relative") if day else None
        years = range(ctx.anchor.year - 1, ctx.anchor.year + 2)
        picked = _pick((_days(d) for y in years if (d := cal.safe_date(y, month, dom))), ctx)
        return ResolvedDate(picked[0], picked[1], "day", date_type) if picked else None

    return resolve


# What may follow a day and month (or a month alone): a year in digits or words, a two-digit year after
# "of" or an apostrophe ("April of 87", "April '87"), or "next year".
_YEAR_TAIL = (
    rf"(?:\s*,?\s+(?:of\s+|in\s+)?(?P<y>{_YEAR})|\s+(?:of\s+['’]?|['’])(?P<yy>\d\d)(?![\w'’])"
    rf"|\s+(?:of\s+)?(?P<yr>{_YEAR_REL})\s+year)?"
)


def _year_tail(m: re.Match[str], text: str) -> tuple[int | None, str | None, int, int | None]:
    """The year (or "next year", or a two-digit year) after a day and month, and where the expression
    then ends."""
    end = m.end("x")
    if m["y"]:
        year = _year_at(m, text)
        if year is not None:
            return year, None, end, None
        return None, None, max(m.end(g) for g in ("m", "d", "d1", "dd") if g in m.re.groupindex and m[g]), None
    if m["yy"]:
        return None, None, end, int(m["yy"])
    return None, m["yr"], end, None


@_pattern(
    rf"{_NUM_START}(?P<x>(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?"
    rf"(?:the\s+(?P<d1>{_ORD_DAY})\s+of\s+|(?P<d>{_DAY}|{_CARD_DAY_WORDS})(?:\s+of)?\s+|(?P<dd>{_DAYNUM})\.\s+)"
    rf"(?P<m>{_MONTH}){_YEAR_TAIL})(?![\w])"
)
def _day_month(m: re.Match[str], text: str) -> _Atom | None:
    raw_day = m["d1"] or m["d"] or m["dd"]
    dom = int(raw_day) if raw_day.isdigit() else cal.parse_ordinal(raw_day) or cal.parse_cardinal(raw_day)
    month = cal.month_number(m["m"])
    if not dom or not month or dom > 31:
        return None
    ordinal_form = bool(m["d1"]) or not raw_day.isdigit()
    if m["m"].islower() and m["m"].rstrip(".") in ("may", "mar", "march") and not (m["y"] or ordinal_form):
        return None  # "the 3 may be": a number and a modal verb
    if m["d"] and not raw_day[0].isdigit() and cal.parse_ordinal(raw_day) is None and not m["y"]:
        return None  # "twenty May protesters": a day in cardinal words needs its year
    year, year_rel, end, yy = _year_tail(m, text)
    if m["dd"] and year is None:
        return None  # "16. Nov. 2016" (a German-style day) only with its year
    atom = _atom(m, _day_month_resolver(dom, month, year, year_rel, "absolute", yy),
                 explicit_year=year is not None or yy is not None)
    atom.end = end
    return atom


@_pattern(
    rf"(?<![\w.,/$£€])(?P<x>(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?(?P<m>{_MONTH})"
    rf"(?:,(?=\s*\d{{1,2}}{_SUFFIX}))?\s*(?:the\s+)?"
    rf"(?P<d>{_DAYNUM}{_SUFFIX}?(?![\d])|{_ORD_DAY_WORDS}|{_CARD_DAY_WORDS})(?![\w])"
    rf"{_YEAR_TAIL})(?![\w])"
)
def _month_day(m: re.Match[str], text: str) -> _Atom | None:
    month = cal.month_number(m["m"])
    raw_day = m["d"]
    if raw_day.isdigit() or re.fullmatch(rf"\d+{_SUFFIX}", raw_day, re.IGNORECASE):
        dom = cal.parse_ordinal(raw_day) if not raw_day.isdigit() else int(raw_day)
        if raw_day.isdigit() and not m["y"] and _next_word(text, m.end("d")).lower() in _QUANTITY_NOUNS:
            return None  # "in June 3 million people"
    else:
        dom = cal.parse_ordinal(raw_day) or cal.parse_cardinal(raw_day)
        if cal.parse_ordinal(raw_day) is None and not m["y"] and _follows_as_noun_phrase(text, m.end("d")):
            return None  # "In May twenty people died"
    if not month or not dom or dom > 31:
        return None
    year, year_rel, end, yy = _year_tail(m, text)
    atom = _atom(m, _day_month_resolver(dom, month, year, year_rel, "absolute", yy),
                 explicit_year=year is not None or yy is not None)
    atom.end = end
    return atom


@_pattern(
    rf"{_NUM_START}(?P<x>(?:(?P<from>from|between)\s+)?(?:the\s+)?(?P<d1>{_DAY})"
    rf"\s*(?P<c>-|–|—|to|until|till|through|and)\s*(?:the\s+)?(?P<d2>{_DAY})(?:\s+(?:of|in))?"
    rf"\s+(?:(?P<m>{_MONTH})(?:\s*,?\s+(?P<y>{_YEAR}))?|(?P<mr>this|next|last)\s+month))(?![\w])"
)
def _day_range_month(m: re.Match[str], text: str) -> _Atom | None:
    return _day_range(m, text)


@_pattern(
    rf"(?<![\w.,/$£€])(?P<x>(?:(?P<from>from|between)\s+)?(?P<m>{_MONTH})\s*(?:the\s+)?(?P<d1>{_DAY})"
    r"\s*(?P<c>-|–|—|to|until|till|through|and)\s*"
    rf"(?:the\s+)?(?P<d2>{_DAY})(?![\d])(?:\s*,?\s+(?P<y>{_YEAR}))?)(?![\w])"
)
def _month_day_range(m: re.Match[str], text: str) -> _Atom | None:
    return _day_range(m, text)


@_pattern(
    rf"{_NUM_START}(?P<x>(?P<from>from|between)\s+(?:the\s+)?(?P<d1>{_DAY})"
    rf"\s*(?P<c>-|–|—|to|until|till|through|and)\s*(?P<m>{_MONTH})\s*(?:the\s+)?(?P<d2>{_DAY})(?![\d])"
    rf"(?:\s*,?\s+(?P<y>{_YEAR}))?)(?![\w])"
)
def _day_to_month_day(m: re.Match[str], text: str) -> _Atom | None:
    """ "from 4 to January 22, 1995": the month named once, with the end."""
    return _day_range(m, text)


def _connector_ok(connector: str, lead: str | None) -> bool:
    """ "between" takes "and" (or a dash, "through"); "and" needs "between" ("7 and 10 October" is two days)."""
    connector, lead = connector.lower(), (lead or "").lower()
    if lead == "between":
        return connector in ("and", "-", "–", "—", "through", "to")
    return connector != "and"


def _day_range(m: re.Match[str], text: str) -> _Atom | None:
    first, last = cal.parse_ordinal(m["d1"]), cal.parse_ordinal(m["d2"])
    month = cal.month_number(m["m"]) if m["m"] else None
    rel = m["mr"].lower() if "mr" in m.re.groupindex and m["mr"] else None
    if not first or not last or not (month or rel) or not first < last <= 31:
        return None
    if not _connector_ok(m["c"], m["from"]):
        return None
    year = _year_at(m, text) if m["y"] else None

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if rel:
            base = cal.add_months(ctx.anchor.replace(day=1), {"this": 0, "next": 1, "last": -1}[rel])
            a, b = cal.safe_date(base.year, base.month, first), cal.safe_date(base.year, base.month, last)
            return ResolvedDate(a, b, "day", "relative") if a and b else None
        years = [year] if year else range(ctx.anchor.year - 1, ctx.anchor.year + 2)
        cands = [(a, b) for y in years
                 if (a := cal.safe_date(y, month, first)) and (b := cal.safe_date(y, month, last))]
        picked = cands[0] if year and cands else _pick(cands, ctx)
        return ResolvedDate(picked[0], picked[1], "day", "absolute") if picked else None

    atom = _atom(m, resolve, explicit_year=year is not None)
    if m["y"] and year is None:
        atom.end = m.end("m") if m.start("m") > m.start("d2") else m.end("d2")
    return atom


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<part>{_PART})[\s-]+)?(?:(?P<rel>{_REL})\s+)?(?P<m>{_MONTH})"
    rf"(?:,?\s+(?:of\s+|in\s+)?(?P<y>{_YEAR})|\s+(?:of\s+['’]?|['’])(?P<yy>\d\d)(?![\w'’])"
    rf"|\s+(?:of\s+)?(?P<yr>{_YEAR_REL})\s+year)?)(?![\w])"
)
def _month_period(m: re.Match[str], text: str) -> _Atom | None:
    month = cal.month_number(m["m"])
    if not month:
        return None
    year = _year_at(m, text) if m["y"] else None
    yy = int(m["yy"]) if m["yy"] else None
    anchored = bool(year or yy is not None or m["yr"] or m["rel"] or m["part"])
    if not _month_word_ok(m["m"], text, m.start("m"), anchored=anchored):
        return None
    part, rel, year_rel = m["part"], (m["rel"] or "").lower(), m["yr"]
    rel = " ".join(rel.split())

    def span(y: int) -> tuple[tuple[date, date], str]:
        return cal.part_of(part, (date(y, month, 1), cal.last_day(y, month)), "month")

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if year is not None or yy is not None:
            (s, e), gran = span(year if year is not None else cal.two_digit_year(yy or 0, ctx.anchor.year))
            return ResolvedDate(s, e, gran, "relative" if part else "absolute")
        if year_rel:
            (s, e), gran = span(_year_from_rel(year_rel, ctx))
            return ResolvedDate(s, e, gran, "relative")
        here = ctx.anchor.replace(day=1)
        years = range(ctx.anchor.year - 2, ctx.anchor.year + 3)
        months = [(date(y, month, 1), cal.last_day(y, month)) for y in years]
        if rel in ("this", "current"):
            chosen = (date(ctx.anchor.year, month, 1), cal.last_day(ctx.anchor.year, month))
        elif rel in ("last", "previous", "past", "this past"):
            chosen = [c for c in months if c[1] < here][-1]
        elif rel in ("next", "coming", "upcoming", "this coming"):
            chosen = [c for c in months if c[0] > cal.last_day(here.year, here.month)][0]
        elif rel.startswith("the "):
            base = _focus(ctx).replace(day=1)
            before = rel in ("the previous", "the preceding")
            months = [(date(y, month, 1), cal.last_day(y, month)) for y in range(base.year - 2, base.year + 3)]
            if rel == "the same":
                chosen = (date(base.year, month, 1), cal.last_day(base.year, month))
            elif before:
                chosen = [c for c in months if c[1] < base][-1]
            else:
                chosen = [c for c in months if c[0] > base][0]
        else:
            readings = {c: span(c[0].year)[0] for c in months}
            picked = _pick(readings.values(), ctx)
            if picked is None:
                return None
            _, gran = span(picked[0].year)
            return ResolvedDate(picked[0], picked[1], gran, "relative" if part else "partial")
        (s, e), gran = span(chosen[0].year)
        return ResolvedDate(s, e, gran, "relative")

    atom = _atom(m, resolve, explicit_year=year is not None or yy is not None)
    if m["y"] and year is None:
        atom.end = m.end("m")
    return atom


@_pattern(rf"(?<![\w])(?P<x>(?P<part>{_PART})[\s-]*(?:of\s+)?(?P<y>{_YEAR_DIGITS}))(?![\w]|[.,]\d)")
def _year_part(m: re.Match[str], text: str) -> _Atom | None:
    year = int(m["y"])
    if not _is_year_number(text, m.end("y"), year):
        return None
    (s, e), gran = cal.part_of(m["part"], (date(year, 1, 1), date(year, 12, 31)), "year")
    return _atom(m, lambda ctx: ResolvedDate(s, e, gran, "relative"), explicit_year=True)


@_pattern(
    r"(?:^\s*|\b(?:in|since|by|until|till|of|during|from|before|after|through|throughout|around|circa|for|as\s+of"
    rf"|between|and|to|or|back\s+to)\s+)(?P<x>(?:the\s+year\s+)?(?P<y>{_YEAR_DIGITS}))(?![\w%]|[.,]\d)"
)
def _year(m: re.Match[str], text: str) -> _Atom | None:
    year = _year_at(m, text)
    if year is None or not 1100 <= year <= 2199:
        return None
    if m.group(0).split()[0].lower() in ("and", "to", "or") and not re.search(
        rf"\b{_YEAR}\s*(?:,\s*)?$", text[max(0, m.start() - 40):m.start()], re.IGNORECASE
    ):
        return None  # "and 2023"/"to 2023" only right after another year ("2020 and 2023")
    return _atom(m, lambda ctx: ResolvedDate(date(year, 1, 1), date(year, 12, 31), "year", "absolute"),
                 explicit_year=True)


@_pattern(rf"(?<![\w])(?P<x>(?:the\s+)?year\s+(?P<y>{_YEAR_DIGITS}))(?![\w%]|[.,]\d)")
def _the_year(m: re.Match[str], text: str) -> _Atom | None:
    year = int(m["y"])
    return _atom(m, lambda ctx: ResolvedDate(date(year, 1, 1), date(year, 12, 31), "year", "absolute"),
                 explicit_year=True)


@_pattern(
    rf"(?<![\w.,/$£€])(?P<x>(?:(?P<from>from|between)\s+)?(?P<y1>{_YEAR_DIGITS})"
    r"\s*(?P<c>-|–|—|~|to|until|till|through|and)\s*"
    r"(?P<y2>(?:1[5-9]|20|21)\d\d|\d\d)(?![\d]))(?![\w%]|[.,]\d)"
)
def _year_range(m: re.Match[str], text: str) -> _Atom | None:
    first = int(m["y1"])
    raw = m["y2"]
    last = int(raw) if len(raw) == 4 else first // 100 * 100 + int(raw)
    connector = m["c"].lower().replace("~", "-")
    if not first < last <= first + 100 or not _connector_ok(connector, m["from"]):
        return None
    dashed = connector in ("-", "–", "—")
    if dashed and len(raw) == 4 and not m["from"] and not _is_year_number(text, m.end("y2"), last):
        return None
    if len(raw) == 2 and connector not in ("-", "–", "—"):
        return None
    return _atom(m, lambda ctx: ResolvedDate(date(first, 1, 1), date(last, 12, 31), "year", "absolute"),
                 explicit_year=True)


@_pattern(
    r"(?<![\w'’])(?P<x>(?:(?P<the>the)\s+)?(?:(?P<part>early|mid|late)[\s-]+)?"
    r"(?:(?P<c>1[5-9]|20)(?P<dd>\d)0['’]?s|['’](?P<dd2>\d)0['’]?s|(?P<dd3>[1-9])0['’]?s))(?![\w])"
)
def _decade(m: re.Match[str], text: str) -> _Atom | None:
    if m["dd3"] and not m["the"]:  # "in their 90s", "in his 70's" are ages; "the 90s", "in 70's" decades
        apostrophe = "'" in m["x"] or "’" in m["x"]
        owner = re.search(r"\b(?:his|her|their|its|my|our|your)\s*$", text[max(0, m.start() - 8):m.start()], re.I)
        if not apostrophe or owner:
            return None
    part = m["part"]

    def resolve(ctx: _Context) -> ResolvedDate:
        if m["c"]:
            first = int(m["c"] + m["dd"] + "0")
        else:
            tens = int(m["dd2"] or m["dd3"]) * 10
            first = 2000 + tens if 2000 + tens <= ctx.anchor.year else 1900 + tens
        (s, e), gran = cal.part_of(part, (date(first, 1, 1), date(first + 9, 12, 31)), "decade")
        return ResolvedDate(s, e, gran, "absolute" if not part else "relative")

    return _atom(m, resolve, explicit_year=bool(m["c"]))


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<part>early|mid|late)[\s-]+)?(?:(?P<rel>{_REL})\s+)?(?:the\s+)?"
    rf"(?P<s>spring|summer|autumn|fall|winter)"
    rf"(?:\s+(?:of\s+)?(?P<y>{_YEAR})|\s+(?:of\s+)?(?P<yr>{_YEAR_REL})\s+year)?)(?![\w])"
)
def _season(m: re.Match[str], text: str) -> _Atom | None:
    name = m["s"].lower()
    year = _year_at(m, text) if m["y"] else None
    rel = " ".join((m["rel"] or "").lower().split())
    if not (year or m["yr"] or rel):
        before = text[max(0, m.start("x") - 20):m.start("x")]
        if not re.search(r"\b(?:in|during|over|through|throughout|by|since|until|till)\s+(?:the\s+)?$", before, re.I):
            return None  # "prices fall", "summer heat": no date preposition before it
        if name == "fall" and _next_word(text, m.end("s")).lower() == "of":
            return None  # "the fall of Kabul"
    part = m["part"]

    def span(y: int) -> tuple[tuple[date, date], str]:
        (s, e), gran = cal.part_of(part, cal.season_span(name, y), "season")
        return (s, e), gran if part else "season"

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if year is not None:
            (s, e), gran = span(year)
            return ResolvedDate(s, e, gran, "absolute" if not part else "relative")
        if m["yr"]:
            (s, e), gran = span(_year_from_rel(m["yr"], ctx))
            return ResolvedDate(s, e, gran, "relative")
        seasons = [cal.season_span(name, y) for y in range(ctx.anchor.year - 2, ctx.anchor.year + 3)]
        if rel in ("this", "current"):
            holding = [c for c in seasons if c[0] <= ctx.anchor <= c[1]]
            chosen = holding[0] if holding else cal.season_span(name, ctx.anchor.year)
        elif rel in ("last", "previous", "past", "this past"):
            chosen = [c for c in seasons if c[1] < ctx.anchor][-1]
        elif rel in ("next", "coming", "upcoming", "this coming"):
            chosen = [c for c in seasons if c[0] > ctx.anchor][0]
        else:
            chosen = _pick(seasons, ctx)
            if chosen is None:
                return None
            (s, e), gran = span(chosen[0].year)
            return ResolvedDate(s, e, gran, "partial" if not part else "relative")
        (s, e), gran = span(chosen[0].year)
        return ResolvedDate(s, e, gran, "relative")

    atom = _atom(m, resolve, explicit_year=year is not None)
    if m["y"] and year is None:
        atom.end = m.end("s")
    return atom


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<y0>{_YEAR_DIGITS}),?\s*-?\s*)?(?:the\s+)?"
    r"(?:(?P<o>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter|q(?P<q>[1-4]))"
    rf"(?:\s*-\s*(?P<y1>{_YEAR_DIGITS})|\s+(?:of\s+)?(?P<y>{_YEAR})|\s+(?:of\s+)?(?P<yr>{_YEAR_REL})\s+year)?)(?![\w])"
)
def _quarter(m: re.Match[str], text: str) -> _Atom | None:
    """ "Q3 2022", "2017-q1", "q1 of 2017", "the second quarter of next year", "2016 the third quarter"."""
    if m["y0"] and (m["y"] or m["y1"] or m["yr"]):
        return None
    year = int(m["y0"] or m["y1"]) if m["y0"] or m["y1"] else (_year_at(m, text) if m["y"] else None)
    if m["q"] and not re.search(r"Q\d", m["x"]) and year is None and not m["yr"]:
        return None  # a lowercase "q1" alone is rarely a quarter; "Q1", "2017 q1" are
    order = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4, "last": 4}
    quarter = int(m["q"]) if m["q"] else order[m["o"].lower()]
    if m["o"] and m["o"].lower() in ("last", "final") and not (year or m["yr"]):
        return None  # "last quarter" is the previous quarter (see the relative-unit pattern)

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if year is not None:
            s, e = cal.quarter_span(year, quarter)
            return ResolvedDate(s, e, "quarter", "absolute")
        if m["yr"]:
            s, e = cal.quarter_span(_year_from_rel(m["yr"], ctx), quarter)
            return ResolvedDate(s, e, "quarter", "relative")
        picked = _pick((cal.quarter_span(y, quarter) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)), ctx)
        return ResolvedDate(picked[0], picked[1], "quarter", "partial") if picked else None

    return _atom(m, resolve, explicit_year=year is not None)


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<wk0>this|next|last|previous)\s+week(?:\s*[,-]\s*|\s+)(?:on\s+)?(?P<wda>{_WEEKDAY_ANY})"
    rf"|(?:(?P<rel>{_REL})\s+)?(?P<wd>{_WEEKDAY})"
    r"(?:\s+(?:of\s+)?(?P<wk>this|next|last|previous)\s+week"
    r"|\s+of\s+the\s+(?P<wkf>following|next|previous|preceding|same)\s+week)?)"
    r"(?:\s+(?:morning|afternoon|evening|night))?)(?![\w])"
)
def _weekday(m: re.Match[str], text: str) -> _Atom | None:
    """ "Monday", "last Monday", "this coming Friday", "next week Mon", "Monday of the following week"."""
    wd = cal.weekday_number(m["wd"] or m["wda"])
    if wd is None:
        return None
    rel = " ".join((m["rel"] or "").lower().split())
    week = (m["wk"] or m["wk0"] or "").lower()
    week_after_focus = (m["wkf"] or "").lower()

    def resolve(ctx: _Context) -> ResolvedDate | None:
        a = ctx.anchor
        monday = cal.week_of(a)[0]
        if week_after_focus:  # "Monday of the following week"
            shift = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "same": 0}[week_after_focus]
            day = cal.week_of(_focus(ctx))[0] + timedelta(days=7 * shift + wd)
        elif week or rel in ("this", "current", "last", "previous", "next"):
            shift = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1}[week or rel]
            day = monday + timedelta(days=7 * shift + wd)
        elif rel in ("this past", "past"):
            day = a - timedelta(days=(a.weekday() - wd - 1) % 7 + 1)
        elif rel in ("coming", "this coming", "upcoming"):
            day = a + timedelta(days=(wd - a.weekday() - 1) % 7 + 1)
        elif rel in ("the following", "the next"):
            f = _focus(ctx)
            day = f + timedelta(days=(wd - f.weekday() - 1) % 7 + 1)
        elif rel in ("the previous", "the preceding"):
            f = _focus(ctx)
            day = f - timedelta(days=(f.weekday() - wd - 1) % 7 + 1)
        elif rel == "the same":
            return None
        elif ctx.future:  # "the ministers will meet on Monday", written on a Monday: that Monday
            day = a + timedelta(days=(wd - a.weekday()) % 7)
        else:
            day = a - timedelta(days=(a.weekday() - wd) % 7)
        return ResolvedDate(day, day, "day", "relative" if rel or week or week_after_focus else "partial")

    atom = _atom(m, resolve, recent=not rel.startswith("the ") and not week_after_focus)
    if text[atom.end - 1] == ".":  # "next week Mon.": the abbreviation's dot may also end the sentence
        atom.end -= 1
    return atom


def _day_of_month_resolver(dom: int, month_rel: str | None) -> _Resolver:
    def resolve(ctx: _Context) -> ResolvedDate | None:
        rel = " ".join((month_rel or "").lower().split())
        if rel:
            if rel in ("this", "next", "last"):
                base = cal.add_months(ctx.anchor.replace(day=1), {"this": 0, "next": 1, "last": -1}[rel])
            else:
                f = _focus(ctx).replace(day=1)
                base = cal.add_months(f, {"the following": 1, "the previous": -1}.get(rel, 0))
            day = cal.safe_date(base.year, base.month, dom)
            return ResolvedDate(day, day, "day", "relative") if day else None
        if ctx.focus_month is not None:
            ctx.used_focus = True
            day = cal.safe_date(*ctx.focus_month, dom)
            if day:
                return ResolvedDate(day, day, "day", "partial")
        base = ctx.anchor.replace(day=1)
        cands = []
        for k in (-2, -1, 0, 1, 2):
            first = cal.add_months(base, k)
            if day := cal.safe_date(first.year, first.month, dom):
                cands.append(_days(day))
        picked = _pick(cands, ctx)
        return ResolvedDate(picked[0], picked[1], "day", "partial") if picked else None

    return resolve


@_pattern(
    r"(?:^\s*|\b(?:on|by|until|till|since|from|before|after|through|as\s+of|starting|beginning|between|and|to|or"
    r"|of|for)\s+)"
    rf"(?P<x>the\s+(?P<d>{_ORD_DAY})"
    r"(?:\s+of\s+(?P<mr>this|next|last|the|that|the\s+same|the\s+following|the\s+previous)\s+month)?)(?![\w])"
    rf"|(?<![\w])(?P<x2>(?:the\s+)?(?P<d2>{_ORD_DAY})\s+of\s+"
    r"(?P<mr2>this|next|last|the\s+following|the\s+previous)\s+month)(?![\w])"
)
def _the_nth(m: re.Match[str], text: str) -> _Atom | None:
    if m["x2"]:
        dom = cal.parse_ordinal(m["d2"])
        if not dom or dom > 31:
            return None
        return _Atom(m.start("x2"), m.end("x2"), 0, _day_of_month_resolver(dom, m["mr2"]))
    dom = cal.parse_ordinal(m["d"])
    if not dom or dom > 31:
        return None
    noun_follows = _follows_as_noun_phrase(text, m.end("x")) or re.match(
        r"\s+(?:of|century|anniversary)\b", text[m.end("x"):], re.IGNORECASE
    )
    if not m["mr"] and noun_follows:
        return None  # "on the 20th floor", "the 20th of the 40 ..."
    mr = m["mr"]
    if mr and mr.lower() in ("the", "that"):
        mr = "the same"
    return _atom(m, _day_of_month_resolver(dom, mr))


@_pattern(
    r"\b(?:on|by|until|till|since|from|before|after|through|for|as\s+of)\s+"
    rf"(?P<x>the\s+(?P<card>{_DAYNUM}|{_CARD_DAY_WORDS})|(?P<bare>{_DAYNUM}(?P<sfx>{_SUFFIX})?))"
    r"(?=\s*(?:[.!?;:,)]|$))"
)
def _bare_day(m: re.Match[str], text: str) -> _Atom | None:
    """ "for the 27.", "on the thirty", "on 29th", "on 15": a day of the month written as a bare number,
    only where the clause ends with it (so "on 15 counts", "the 27 who died" are left alone)."""
    raw = m["card"] or m["bare"]
    dom = int(raw) if raw.isdigit() else cal.parse_ordinal(raw) or cal.parse_cardinal(raw)
    if not dom or dom > 31:
        return None
    if m["bare"] and not m["sfx"] and not (
        re.match(r"\s*(?:[.!?]\s*$|$)", text[m.end("x"):m.end("x") + 4])
        and re.search(r"\bon\s+$", text[max(0, m.start("x") - 4):m.start("x")], re.IGNORECASE)
    ):
        return None  # a bare "15" only as "on 15" ending the text: "rose by 15." is a count
    return _atom(m, _day_of_month_resolver(dom, None))


@_pattern(
    rf"{_NUM_START}(?P<x>(?P<d>{_DAYNUM}){_SUFFIX}?)(?=\s*(?:,|and|or|&)\s*(?:{_DAYNUM}{_SUFFIX}?\s*(?:,|and|or)\s*)*"
    rf"{_DAYNUM}{_SUFFIX}?\s+(?:of\s+)?{_MONTH})"
)
def _day_in_list(m: re.Match[str], text: str) -> _Atom | None:
    """ "18" in "on 18 and 19 June": a day listed before the one that carries the month."""
    dom = int(m["d"])
    month_match = re.search(_MONTH, text[m.end("x"):m.end("x") + 60], re.IGNORECASE)
    month = cal.month_number(month_match.group(0)) if month_match else None
    if not month or not 1 <= dom <= 31:
        return None
    tail = re.match(rf"\s*,?\s+(?P<y>{_YEAR_DIGITS})", text[m.end("x") + month_match.end():])
    year = int(tail["y"]) if tail else None
    return _atom(m, _day_month_resolver(dom, month, year, None, "absolute"), explicit_year=year is not None)


@_pattern(
    rf"(?:^\s*|\b(?:in|since|by|until|till|of|during|from|before|after|through|year)\s+)(?P<x>(?P<y>{_YEAR_WORDS}))"
)
def _year_in_words(m: re.Match[str], text: str) -> _Atom | None:
    """ "in nineteen ninety-six", "since two thousand and fifteen": a year in words after a preposition."""
    year = _year_at(m, text)
    if year is None or not 1100 <= year <= 2199 or " " not in m["y"].strip():
        return None
    return _atom(m, lambda ctx: ResolvedDate(date(year, 1, 1), date(year, 12, 31), "year", "absolute"),
                 explicit_year=True)


@_pattern(
    rf"(?<![\w])(?P<x>(?P<wd>{_WEEKDAY_ANY}),?\s+(?:(?P<the>the)\s+)?(?P<d>{_DAYNUM}{_SUFFIX}|{_ORD_DAY_WORDS}"
    rf"|{_DAYNUM}(?!\d|[.,:/-]\d)|{_CARD_DAY_WORDS}))(?![\w])"
)
def _weekday_the_nth(m: re.Match[str], text: str) -> _Atom | None:
    """ "Friday the 15th", "Sunday 31", "Tuesday the thirty-first": the month whose such day is that weekday."""
    raw = m["d"]
    dom = int(raw) if raw.isdigit() else cal.parse_ordinal(raw) or cal.parse_cardinal(raw)
    wd = cal.weekday_number(m["wd"])
    if wd is None or not dom or dom > 31:
        return None
    if cal.parse_ordinal(raw) is None or raw.isdigit():  # "Sunday 31": a number, so not "Sunday 3 people"
        if _follows_as_noun_phrase(text, m.end("d")) or _next_word(text, m.end("d")).lower() in _QUANTITY_NOUNS:
            return None
        if not raw.isdigit() and not m["the"]:
            return None

    def resolve(ctx: _Context) -> ResolvedDate | None:
        base = ctx.anchor.replace(day=1)
        cands = []
        for k in range(-12, 13):
            first = cal.add_months(base, k)
            day = cal.safe_date(first.year, first.month, dom)
            if day and day.weekday() == wd:
                cands.append(_days(day))
        picked = _pick(cands, ctx)
        return ResolvedDate(picked[0], picked[1], "day", "partial") if picked else None

    return _atom(m, resolve)


_DEICTIC = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "yesterday night": -1, "tomorrow": 1, "tomorrow morning": 1, "tomorrow afternoon": 1,
    "tomorrow evening": 1, "tomorrow night": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "day before yesterday": -2, "day after tomorrow": 2, "this day": 0,
    "past day": -1, "the past day": -1,
}


@_pattern(
    r"(?<![\w])(?P<x>(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw)"
    r"|(?:yesterday|tomorrow|tmrw)(?:\s+(?:morning|afternoon|evening|night))?|today|tonight"
    r"|this\s+(?:morning|afternoon|evening|day)|last\s+night|(?:the\s+)?past\s+day)(?![\w])(?!-)"
)
def _deictic(m: re.Match[str], text: str) -> _Atom | None:
    """ "today", "yesterday", "tomorrow" ("tmrw"), "the day after tomorrow", "this day", "the past day"."""
    shift = _DEICTIC[" ".join(m["x"].lower().replace("tmrw", "tomorrow").split())]

    def resolve(ctx: _Context) -> ResolvedDate:
        day = ctx.anchor + timedelta(days=shift)
        return ResolvedDate(day, day, "day", "relative")

    return _atom(m, resolve, recent=True)


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<part>{_PART}|earlier(?:\s+in)?|later(?:\s+in)?)[\s-]+)?(?:(?P<the>the)\s+)?"
    rf"(?:(?P<rel>{_REL_WORD})\s+)?"
    r"(?P<u>week|weekend|month|year|quarter|decade|fortnight))(?![\w])"
)
def _relative_unit(m: re.Match[str], text: str) -> _Atom | None:
    unit = m["u"].lower()
    rel = " ".join((m["rel"] or "").lower().split())
    the = bool(m["the"])
    part = m["part"] and " ".join(m["part"].lower().split()).removesuffix(" in")
    if not rel:
        if not part or unit in ("decade", "fortnight"):
            return None  # "the end of the month" is a date, "the month" alone is not
        rel = "this"
    if part and part.lower() in ("earlier", "later") and not the and rel not in ("this", "current", "last", "next"):
        return None
    if not the and rel in ("following", "preceding", "same"):
        return None  # "following year's ..." is not a date by itself
    if unit == "fortnight" and rel in ("this", "current"):
        return None

    def resolve(ctx: _Context) -> ResolvedDate | None:
        a = ctx.anchor
        base_unit = "week" if unit == "weekend" else unit
        gran = "week" if unit == "weekend" else unit
        if unit == "fortnight":
            if rel in ("last", "past", "previous", "this past"):
                return ResolvedDate(a - timedelta(days=14), a - timedelta(days=1), "week", "relative")
            if rel in ("next", "coming", "upcoming", "this coming"):
                return ResolvedDate(a + timedelta(days=1), a + timedelta(days=14), "week", "relative")
            return None
        # "the past week" is the seven days before the anchor; a quarter is always a calendar quarter
        rolling = the and rel in ("past", "last", "coming", "upcoming") and unit != "quarter"
        if rolling and not part:
            if rel in ("past", "last"):
                start = cal.shift(a, -1, base_unit) if unit != "weekend" else a - timedelta(days=7)
                return ResolvedDate(start, a - timedelta(days=1), _point_granularity(gran), "relative")
            end = cal.shift(a, 1, base_unit) if unit != "weekend" else a + timedelta(days=7)
            return ResolvedDate(a + timedelta(days=1), end, _point_granularity(gran), "relative")
        if rel in ("this", "current"):
            ref = a
        elif rel in ("last", "previous", "past", "this past", "preceding") and (not the or unit == "quarter"):
            ref = cal.shift(a, -1, base_unit) if unit != "weekend" else a - timedelta(days=7)
        elif rel in ("next", "coming", "upcoming", "this coming", "following") and (
                not the or (unit == "quarter" and rel != "following")):
            ref = cal.shift(a, 1, base_unit) if unit != "weekend" else a + timedelta(days=7)
        elif rel in ("following", "next"):  # "the following week": after the last date mentioned
            ref = cal.shift(_focus(ctx), 1, base_unit) if unit != "weekend" else _focus(ctx) + timedelta(days=7)
        elif rel in ("previous", "preceding", "past", "last"):
            ref = cal.shift(_focus(ctx), -1, base_unit) if unit != "weekend" else _focus(ctx) - timedelta(days=7)
        else:  # "the same week"
            ref = _focus(ctx)
        if unit == "weekend" and rel in ("this past",):
            ref = a - timedelta(days=(a.weekday() + 1) % 7 + 1)
        if unit == "weekend" and rel in ("this", "current") and not part:  # the weekend just past or coming
            picked = _pick((cal.period_of("weekend", a + timedelta(weeks=k)) for k in (-1, 0, 1)), ctx)
            if picked:
                return ResolvedDate(picked[0], picked[1], "week", "relative")
        span = cal.period_of(unit, ref)
        if part and part.lower() in ("earlier", "later"):
            if rel in ("this", "current"):  # the writing day itself may hold "later this week" or "earlier"
                span = (span[0], a) if part.lower() == "earlier" else (a, span[1])
                if span[0] > span[1]:
                    return None
                return ResolvedDate(span[0], span[1], f"part_of_{base_unit}", "relative")
            part_word = "early" if part.lower() == "earlier" else "late"
        else:
            part_word = part
        if part_word:
            span, gran = cal.part_of(part_word, span, base_unit if unit != "weekend" else "week")
        return ResolvedDate(span[0], span[1], gran, "relative")

    anaphoric = the and rel in ("following", "next", "previous", "preceding", "same")
    return _atom(m, resolve, recent=unit in ("week", "weekend", "fortnight") and not anaphoric)


def _prefix(m: re.Match[str], wrap: Callable[[ResolvedDate, _Context], ResolvedDate | None],
            alone: _Resolver | None) -> _Atom:
    return _Atom(m.start("x"), m.end("x"), 0, None, wrap=wrap, alone=alone)


def _shift_wrap(amounts: tuple[_Amount, ...], sign: int) -> Callable[[ResolvedDate, _Context], ResolvedDate]:
    return lambda base, ctx: _shifted(base.start, amounts, sign, base.granularity)


def _focus_shift(amounts: tuple[_Amount, ...], sign: int) -> _Resolver:
    """Shift the last date mentioned ("two days later", "the year before")."""
    def resolve(ctx: _Context) -> ResolvedDate:
        day = _focus(ctx)
        return _shifted(day, amounts, sign, ctx.focus_granularity if ctx.focus is not None else "day")

    return resolve


@_pattern(
    r"(?<![\w])(?P<x>(?:the\s+)?(?P<u>week|weekend)\s+(?P<how>of|starting|beginning|commencing)(?:\s+on)?"
    r"|(?P<wc>w/c)|between\s+now\s+and|from\s+now\s+(?:until|till|to|through)"
    r"|(?:from\s+)?(?:now|today)\s+(?:until|till|through))(?![\w])"
)
def _span_prefix(m: re.Match[str], text: str) -> _Atom | None:
    """ "the week of 7 October", "the week starting Monday", "w/c 4 February", "between now and <date>"."""
    unit = "week" if m["wc"] else (m["u"] or "").lower()
    if not unit:
        def until(base: ResolvedDate, ctx: _Context) -> ResolvedDate | None:
            return ResolvedDate(ctx.anchor, base.end, "day", "relative") if base.end >= ctx.anchor else None

        atom = _prefix(m, until, None)
        atom.forward_target = True
        return atom
    if m["how"] and m["how"].lower() == "of":
        def holding(base: ResolvedDate, ctx: _Context) -> ResolvedDate | None:
            if base.granularity != "day":
                return None  # "the week of 2027" is no week
            s, e = cal.period_of(unit, base.start)
            return ResolvedDate(s, e, "week", "relative")

        return _prefix(m, holding, None)
    length = timedelta(days=6 if unit == "week" else 1)  # "the week starting Monday"
    return _prefix(m, lambda base, ctx: ResolvedDate(base.start, base.start + length, "week", "relative"), None)


_AMOUNT = rf"(?P<n>{_NUM})\s+(?P<u>{_UNIT})"
_QUALIFIER = (
    r"(?:more\s+than|well\s+over|just\s+over|over|at\s+least|almost|nearly|about|around|some|roughly"
    r"|approximately|less\s+than|fewer\s+than|under|upwards\s+of|close\s+to|just|only)"
)
_AMOUNT_RE = re.compile(_AMOUNT, re.IGNORECASE)


_AMOUNTS = (
    rf"{_AMOUNT.replace('?P<n>', '').replace('?P<u>', '')}"
    rf"(?:(?:,\s*|\s+and\s+|\s+){_AMOUNT.replace('?P<n>', '').replace('?P<u>', '')})*"
)
# The same chain for the counted shifts and stretches below, bounded: a duration names at most six units
# ("two years, three months, one week, four days, five hours and ..."), and an unbounded chain made every
# start in "two weeks and two weeks and ..." scan to its end: quadratic time on such runs.
_AMOUNT_CHAIN = _AMOUNTS.removesuffix(")*") + "){0,5}"


@_pattern(
    r"(?<!\blast\s)(?<!\bpast\s)(?<!\bnext\s)(?<!\bprevious\s)(?<!\bcoming\s)"  # "the last 3 months and 2 days ago"
    rf"(?<![\w-])(?P<x>(?:(?P<q>{_QUALIFIER}|within)\s+)?(?:the\s+next\s+)?(?P<amounts>{_AMOUNT_CHAIN})\s+"
    r"(?P<dir>ago|back|earlier|later|afterwards?|previously|before|after|prior|from\s+now|from|hence"
    r"|in\s+the\s+(?:future|past)))(?![\w])"
)
def _count_relative(m: re.Match[str], text: str) -> _Atom | None:
    """ "three days ago", "two weeks later", "5 days before" + a date, "within 2 weeks from" + a date."""
    amounts = _amounts(m["amounts"])
    if amounts is None:
        return None
    direction = " ".join(m["dir"].lower().split())
    if direction == "back" and _next_word(text, m.end("x")).lower() in ("to", "in", "into", "home"):
        return None  # "two days back to work"
    sign = -1 if direction in ("ago", "back", "earlier", "previously", "before", "prior", "in the past") else 1
    qualifier = " ".join((m["q"] or "").lower().split())
    bounded = qualifier in ("within", "less than", "fewer than", "under") and sign > 0
    if direction in ("before", "after", "prior", "from"):  # "two days after" + a date
        if bounded:  # "within two weeks from today": the whole stretch up to that day
            def stretch(base: ResolvedDate, ctx: _Context) -> ResolvedDate:
                end = _moved(base.start, amounts, 1)[1] - timedelta(days=1)
                return ResolvedDate(base.start, max(end, base.start), "day", "relative")

            return _prefix(m, stretch, None)
        return _prefix(m, _shift_wrap(amounts, sign), _focus_shift(amounts, sign))
    deictic = direction in ("ago", "back", "from now", "hence", "in the future", "in the past")

    def resolve(ctx: _Context) -> ResolvedDate:
        if not deictic:
            return _focus_shift(amounts, sign)(ctx)
        base = ctx.anchor
        if direction == "in the future":  # "4 weeks in the future": the stretch up to then
            return ResolvedDate(base + timedelta(days=1), _moved(base, amounts, 1)[1], "day", "relative")
        return _shifted(base, amounts, sign)

    return _atom(m, resolve, recent=deictic and _point_granularity(amounts[-1][2]) == "day")


@_pattern(
    rf"(?<![\w-])(?P<x>(?:for\s+)?(?P<amounts>{_AMOUNT_CHAIN}),?\s+"
    r"(?:(?:starting|beginning|commencing)(?:\s+(?:from|on))?|(?P<for_from>from)))(?![\w])"
)
def _span_from(m: re.Match[str], text: str) -> _Atom | None:
    """ "for three days from Monday", "two weeks starting 20 May": a stretch that begins on a date."""
    if m["for_from"] and not m["x"].lower().startswith("for"):
        return None  # "three days from Monday" is a day (see the counted-shift pattern)
    amounts = _amounts(m["amounts"])
    if amounts is None or any(low != high for low, high, _ in amounts):
        return None

    def stretch(base: ResolvedDate, ctx: _Context) -> ResolvedDate:
        end = _moved(base.start, amounts, 1)[1] - timedelta(days=1)
        return ResolvedDate(base.start, max(end, base.start), "day", "relative")

    return _prefix(m, stretch, None)


@_pattern(
    r"(?<![\w-])(?P<x>the\s+(?P<u>day|week|month|year|night|morning)\s+(?P<dir>before|after|earlier|later|prior)"
    r"|the\s+(?P<eve>eve)\s+of)(?![\w])"
)
def _the_unit_before(m: re.Match[str], text: str) -> _Atom | None:
    if m["eve"]:
        return _prefix(m, _shift_wrap(((1, 1, "day"),), -1), None)
    unit = "day" if m["u"].lower() in ("night", "morning") else m["u"].lower()
    sign = 1 if m["dir"].lower() in ("after", "later") else -1
    amounts: tuple[_Amount, ...] = ((1, 1, unit),)

    def wrap(base: ResolvedDate, ctx: _Context) -> ResolvedDate:  # "the year before 2015" is 2014
        return _shifted(base.start, amounts, sign, base.granularity, calendar_unit=True)

    def alone(ctx: _Context) -> ResolvedDate:
        granularity = ctx.focus_granularity if ctx.focus is not None else "day"
        return _shifted(_focus(ctx), amounts, sign, granularity, calendar_unit=True)

    return _prefix(m, wrap, alone)


@_pattern(
    rf"\bin\s+(?P<x>(?P<n>{_NUM})\s+(?P<u>{_UNIT})(?:['’]\s*time)?)(?![\w])"
    r"(?!\s+(?:of|ago|later|earlier|before|after|since)\b)"
)
def _in_count(m: re.Match[str], text: str) -> _Atom | None:
    """ "in two weeks": the day that far after the anchor ("in a few days": the days it allows)."""
    amount = _amount(m["n"], m["u"])
    if amount is None:
        return None

    def resolve(ctx: _Context) -> ResolvedDate:
        return _shifted(ctx.anchor, (amount,), 1)

    return _atom(m, resolve, forward_only=True)


_LAST_REL = r"(?:past|last|previous|preceding|next|coming|following|upcoming)"


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<the>the)\s+)?(?:(?P<rel>{_LAST_REL})\s+(?P<n>{_NUM})\s+(?P<u>{_UNIT})"
    rf"|(?=[\w-]+\s+{_LAST_REL}\s)(?P<n2>\d{{1,4}}|{_NUM_WORDS}|few|several)\s+(?P<rel2>{_LAST_REL})"
    rf"\s+(?P<u2>{_UNIT})))"
    r"(?![\w])"
)
def _last_n(m: re.Match[str], text: str) -> _Atom | None:
    """ "the past three days", "the next 3 weeks", "5 upcoming years": a stretch ending the day before the
    anchor or starting the day after it. Quarters are whole calendar quarters ("the last two quarters")."""
    number, unit_word, rel = (m["n"], m["u"], m["rel"]) if m["rel"] else (m["n2"], m["u2"], m["rel2"])
    amount = _amount(number, unit_word)
    if amount is None or (not unit_word.lower().endswith("s") and amount[1] != 1):
        return None
    if m["rel2"] and number.lower() in ("a", "an"):
        return None
    n, unit = amount[1], amount[2]
    rel = rel.lower()
    the = bool(m["the"])
    back = rel in ("past", "last", "previous", "preceding")

    def resolve(ctx: _Context) -> ResolvedDate:
        anaphoric = the and rel in ("following", "previous", "preceding")
        base = _focus(ctx) if anaphoric else ctx.anchor
        gran = _point_granularity(unit)
        if unit == "quarter":  # whole calendar quarters before or after the current one
            current, _ = cal.period_of("quarter", base)
            if back:
                return ResolvedDate(cal.add_months(current, -3 * n), current - timedelta(days=1), "quarter",
                                    "relative")
            first = cal.add_months(current, 3)
            return ResolvedDate(first, cal.add_months(first, 3 * n) - timedelta(days=1), "quarter", "relative")
        if back:
            return ResolvedDate(cal.shift(base, -n, unit), base - timedelta(days=1), gran, "relative")
        return ResolvedDate(base + timedelta(days=1), cal.shift(base, n, unit), gran, "relative")

    deictic = not (the and rel in ("following", "previous", "preceding"))
    return _atom(m, resolve, recent=deictic and _point_granularity(unit) == "day")


@_pattern(
    r"(?<![\w])(?P<x>(?:that\s+same|the\s+same|that|(?P<the>the\s+)?(?P<rel>next|following|previous|preceding))\s+"
    r"(?P<u>day|morning|afternoon|evening|night|week|weekend|month|year))(?![\w-])"
)
def _anaphoric(m: re.Match[str], text: str) -> _Atom | None:
    unit = m["u"].lower()
    rel = (m["rel"] or "").lower()
    if unit in ("week", "weekend", "month", "year") and rel:
        return None  # handled by the relative-unit pattern ("the following week")
    if rel in ("previous", "preceding") and not m["the"]:
        return None  # "previous day" without "the" is no date of its own
    if m["x"].lower().startswith("that") and _prev_word(text, m.start("x")).lower() in _REPORTING_VERBS:
        return None  # "said that day-long talks ...": a complementiser, not "that day"
    shift = 1 if rel in ("next", "following") else -1 if rel else 0

    def resolve(ctx: _Context) -> ResolvedDate:
        f = _focus(ctx)
        if unit in ("week", "weekend", "month", "year"):
            s, e = cal.period_of(unit, f)
            return ResolvedDate(s, e, "week" if unit == "weekend" else unit, "relative")
        day = f + timedelta(days=shift)
        return ResolvedDate(day, day, "day", "relative")

    return _atom(m, resolve)


_HOLIDAYS = (
    r"new\s+year['’]?s\s+(?:day|eve)|new\s+year['’]s|new\s+year\s+day|christmas(?:\s+(?:day|eve))?|xmas"
    r"|boxing\s+day"
    r"|valentine['’]?s\s+day|halloween|easter(?:\s+(?:sunday|monday|day))?|good\s+friday"
    r"|thanksgiving(?:\s+day)?|martin\s+luther\s+king(?:\s+jr\.?)?\s+day|mlk\s+day"
    r"|st\.?\s+patrick['’]?s\s+day|saint\s+patrick['’]?s\s+day|juneteenth|black\s+friday|cyber\s+monday"
    r"|earth\s+day|(?:international\s+)?workers['’]?\s+day|labor\s+day|memorial\s+day|veterans['’]?\s+day"
    r"|remembrance\s+day|mother['’]?s['’]?\s+day|father['’]?s['’]?\s+day|presidents['’]?\s+day|columbus\s+day"
)
_HOLIDAY_REL = (
    r"(?:this\s+coming|this\s+past|last|next|this|coming|past|previous|current|upcoming|following"
    r"|the\s+next|the\s+following|the\s+previous)"
)


@_pattern(
    rf"(?<![\w])(?P<x>(?:(?P<rel>{_HOLIDAY_REL})\s+)?(?P<h>{_HOLIDAYS})"
    rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})|\s+(?:of\s+)?(?P<yr>this|next|last)\s+year)?)(?![\w])"
)
def _holiday(m: re.Match[str], text: str) -> _Atom | None:
    """ "Christmas", "Easter 2024", "next Thanksgiving", "the following Easter", "Labor Day of this year"."""
    name = re.sub(r"\s+jr\.?", "", m["h"].lower())
    name = name.replace("st. ", "st ").replace("saint ", "st ")
    if cal.holiday(name, 2000) is None:
        return None
    year = _year_at(m, text) if m["y"] else None
    rel = " ".join((m["rel"] or "").lower().split())

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if year is not None:
            day = cal.holiday(name, year)
            return ResolvedDate(day, day, "day", "absolute") if day else None
        if m["yr"]:
            day = cal.holiday(name, _year_from_rel(m["yr"], ctx))
            return ResolvedDate(day, day, "day", "relative") if day else None
        base = _focus(ctx) if rel.startswith("the ") else ctx.anchor
        days = [d for y in range(base.year - 2, base.year + 3) if (d := cal.holiday(name, y))]
        if rel in ("this", "current"):
            day = cal.holiday(name, ctx.anchor.year)
        elif rel in ("last", "previous", "past", "this past", "the previous"):
            day = [d for d in days if d < base][-1]
        elif rel in ("next", "coming", "upcoming", "this coming", "following", "the next", "the following"):
            day = [d for d in days if d > base][0]
        else:
            picked = _pick((_days(d) for d in days), ctx)
            return ResolvedDate(picked[0], picked[1], "day", "partial") if picked else None
        return ResolvedDate(day, day, "day", "relative") if day else None

    atom = _atom(m, resolve, explicit_year=year is not None)
    if m["y"] and year is None:
        atom.end = m.end("h")
    return atom


@_pattern(
    r"(?<![\w])(?P<x>(?:the\s+)?(?P<o>first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)\s+"
    rf"(?P<wd>{_WEEKDAY})\s+(?:of|in)\s+"
    rf"(?:(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?|(?P<mr>this|next|last|previous|the|that)\s+month))(?![\w])"
)
def _nth_weekday(m: re.Match[str], text: str) -> _Atom | None:
    """ "the first Friday of next month", "the last Monday of May 2023"."""
    order = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "last": -1, "final": -1}[m["o"].lower()]
    wd = cal.weekday_number(m["wd"])
    month = cal.month_number(m["m"]) if m["m"] else None
    year = _year_value(m["y"])
    rel = (m["mr"] or "").lower()
    if wd is None:
        return None

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if month is not None:
            years = [year] if year else list(range(ctx.anchor.year - 1, ctx.anchor.year + 2))
            days = [_days(d) for y in years if (d := cal.nth_weekday(y, month, wd, order))]
            picked = days[0] if year and days else _pick(days, ctx)
            kind = "absolute" if year else "partial"
        else:
            base = ctx.anchor.replace(day=1) if rel not in ("the", "that") else _focus(ctx).replace(day=1)
            base = cal.add_months(base, {"next": 1, "last": -1, "previous": -1}.get(rel, 0))
            day = cal.nth_weekday(base.year, base.month, wd, order)
            picked, kind = (_days(day) if day else None), "relative"
        return ResolvedDate(picked[0], picked[1], "day", kind) if picked else None

    return _atom(m, resolve, explicit_year=year is not None)



@_pattern(
    rf"(?<![\w])(?P<x>(?:the\s+)?(?P<d>{_ORD_DAY})\s+day\s+of\s+(?:(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
    r"|(?P<mr>this|next|last|the\s+following|the\s+previous)\s+month))(?![\w])"
)
def _nth_day_of_month(m: re.Match[str], text: str) -> _Atom | None:
    """ "the 15th day of next month", "the twenty-third day of September"."""
    dom = cal.parse_ordinal(m["d"])
    if not dom or dom > 31:
        return None
    if m["mr"]:
        return _atom(m, _day_of_month_resolver(dom, m["mr"]))
    month = cal.month_number(m["m"])
    year = _year_value(m["y"])
    if not month:
        return None
    return _atom(m, _day_month_resolver(dom, month, year, None, "absolute"), explicit_year=year is not None)


@_pattern(
    rf"(?<![\w])(?P<x>within\s+(?:(?:the\s+)?(?:next|coming|upcoming)\s+)?(?P<amounts>{_AMOUNTS}))(?![\w])"
    r"(?!\s+(?:of|from|after)\b)"
)
def _within(m: re.Match[str], text: str) -> _Atom | None:
    """ "within two weeks", "within 5 years 1 month 12 days": from the anchor up to the day before that."""
    amounts = _amounts(m["amounts"])
    if amounts is None:
        return None

    def resolve(ctx: _Context) -> ResolvedDate:
        end = _moved(ctx.anchor, amounts, 1)[1] - timedelta(days=1)
        return ResolvedDate(ctx.anchor, max(end, ctx.anchor), _point_granularity(amounts[-1][2]), "relative")

    return _atom(m, resolve, forward_only=True)


@_pattern(r"\b(?:over|at|on|during|through|throughout|by|until|before|after|for)\s+(?P<x>(?:the\s+)?weekend)(?![\w])")
def _the_weekend(m: re.Match[str], text: str) -> _Atom | None:
    def resolve(ctx: _Context) -> ResolvedDate | None:
        picked = _pick((cal.period_of("weekend", ctx.anchor + timedelta(weeks=k)) for k in range(-2, 3)), ctx)
        return ResolvedDate(picked[0], picked[1], "week", "relative") if picked else None

    return _atom(m, resolve, recent=True)


@_pattern(r"(?<![\w])(?P<x>the\s+(?P<u>week|weekend|month|year)\s+after\s+(?:the\s+)?next)(?![\w])")
def _after_next(m: re.Match[str], text: str) -> _Atom | None:
    unit = m["u"].lower()

    def resolve(ctx: _Context) -> ResolvedDate:
        ref = ctx.anchor + timedelta(weeks=2) if unit == "weekend" else cal.shift(ctx.anchor, 2, unit)
        s, e = cal.period_of(unit, ref)
        return ResolvedDate(s, e, "week" if unit == "weekend" else unit, "relative")

    return _atom(m, resolve)


@_pattern(
    rf"(?<![\w.\-/$£€,])(?P<x>(?P<y>{_YEAR_DIGITS})(?:\s*(?P<s>[-/])\s*|(?P<dot>\.))(?P<m>1[0-2]|0?[1-9])"
    rf"|(?P<m2>1[0-2]|0?[1-9])\s*(?P<s2>[-/.])\s*(?P<y2>{_YEAR_DIGITS}))(?![\w]|\s*[-/.]\s*\d)"
)
def _numeric_month(m: re.Match[str], text: str) -> _Atom | None:
    """ "2023-12", "2023/12", "2015-3", "12/2023", "11 - 2016": a month; "2010-11" stays a span of years
    (see the year-range pattern), and "2015.3 million" a number."""
    if m["y"]:
        year, month = int(m["y"]), int(m["m"])
        if m["s"] == "-" and month > year % 100:
            return None  # "2010-11", "2016-17": a season or fiscal year, read as two years
        if m["s"] == "/" and len(m["m"]) == 2 and int(m["m"]) > year % 100 and " " not in m["x"]:
            return None  # "2016/17" likewise
        if m["dot"] and (_follows_as_noun_phrase(text, m.end("x")) or
                         _next_word(text, m.end("x")).lower() in _QUANTITY_NOUNS):
            return None  # "2015.3 points"
    else:
        year, month = int(m["y2"]), int(m["m2"])
        if m["s2"] == "." and " " in m["x"]:
            return None
        if not _is_year_number(text, m.end("y2"), year):
            return None
    s, e = date(year, month, 1), cal.last_day(year, month)
    return _atom(m, lambda ctx: ResolvedDate(s, e, "month", "absolute"), explicit_year=True)


@_pattern(
    rf"(?<![\w.,/$£€-])(?P<x>(?P<y>{_YEAR_DIGITS})\s*,?\s*(?P<m>{_MONTH}))"
    r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:and|or|to|through|until|till)\b|\s*[-–])"
)
def _year_month(m: re.Match[str], text: str) -> _Atom | None:
    """ "2016 June", "2016, Nov": a month after its year, where nothing follows that could make the month
    a word of its own ("In 2016 May won" is a year and a name)."""
    year, month = int(m["y"]), cal.month_number(m["m"])
    if not month:
        return None
    s, e = date(year, month, 1), cal.last_day(year, month)
    return _atom(m, lambda ctx: ResolvedDate(s, e, "month", "absolute"), explicit_year=True)


@_pattern(
    r"(?<![\w])(?P<x>(?:the\s+)?week\s+(?P<n>[1-4]\d|5[0-3]|0?[1-9])"
    rf"(?:\s+(?:of|in)\s+(?:(?P<y>{_YEAR_DIGITS})|(?P<yr>this|next|last)\s+year))?)(?!\w|[.,/:-]\d|\s+of\s)"
)
def _week_number(m: re.Match[str], text: str) -> _Atom | None:
    """ "week 10", "Week 31 of 2018", "week 27 of last year": an ISO 8601 week (Monday–Sunday; week 1
    holds the year's first Thursday), of the anchor's year unless one is named. "Week 3 of the trial"
    counts from an event and is no calendar week."""
    n = int(m["n"])
    if _next_word(text, m.end("n")).lower() in _QUANTITY_NOUNS - {"of"}:
        return None  # "week 3 people"

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if m["y"]:
            year = int(m["y"])
        elif m["yr"]:
            year = _year_from_rel(m["yr"], ctx)
        else:
            year = ctx.anchor.isocalendar()[0]
        span = cal.iso_week(year, n)
        kind = "absolute" if m["y"] else "relative" if m["yr"] else "partial"
        return ResolvedDate(span[0], span[1], "week", kind) if span else None

    return _atom(m, resolve, explicit_year=bool(m["y"]))


@_pattern(
    r"(?<![\w])(?P<x>(?:the\s+)?(?P<o>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+"
    rf"(?P<wd>{_WEEKDAY}))(?![\w])(?!\s+(?:of|in|after|before|since|following)\b)"
)
def _ordinal_weekday(m: re.Match[str], text: str) -> _Atom | None:
    """ "the second Sunday" with no month: of the month last mentioned, else of the anchor's month
    ("a second Sunday of protests" counts occurrences and is no date)."""
    if re.search(r"\b(?:a|an|every|each|one|consecutive|straight)\s+$", text[max(0, m.start() - 14):m.start()], re.I):
        return None
    order = cal.parse_ordinal(m["o"]) or 1
    wd = cal.weekday_number(m["wd"])
    if wd is None:
        return None

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if ctx.focus_month is not None:
            ctx.used_focus = True
            year, month = ctx.focus_month
        else:
            year, month = ctx.anchor.year, ctx.anchor.month
        day = cal.nth_weekday(year, month, wd, order)
        return ResolvedDate(day, day, "day", "partial") if day else None

    return _atom(m, resolve)


_MONTH_BARE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])"
)
_MD_PART = rf"(?:{_MONTH_BARE}|\d{{1,4}})"


@_pattern(rf"(?<![\w/.])(?<![\w]-)(?P<x>{_MD_PART}(?P<s>[-/.]){_MD_PART}(?:(?P=s){_MD_PART})?)(?![\w])(?!(?P=s)\w)")
def _month_name_numeric(m: re.Match[str], text: str) -> _Atom | None:
    """Numeric dates with the month's name: "05-Aug-2016", "2019-sep-1", "22/Jan/2019", "Sep-23-2020",
    "Dec-2018", "Oct-2". One part names the month, a four-digit part the year, the other the day."""
    parts = m["x"].split(m["s"])
    months = [cal.month_number(p) for p in parts]
    if sum(x is not None for x in months) != 1:
        return None  # "Jan-Feb" is a range of months, "3-1" a score
    month = next(x for x in months if x is not None)
    numbers = [p for p, mo in zip(parts, months) if mo is None]
    if not all(p.isdigit() for p in numbers):
        return None
    years = [int(p) for p in numbers if len(p) == 4]
    days = [int(p) for p in numbers if len(p) <= 2]
    yy = None
    if len(numbers) == 2 and not years and months[1] is not None and len(numbers[1]) == 2:
        days, yy = [int(numbers[0])], int(numbers[1])  # "05-Aug-16": day, month, two-digit year
    if len(years) > 1 or len(days) > 1 or len(years) + len(days) + (yy is not None) != len(numbers):
        return None
    year = years[0] if years else None
    if not days:  # "Dec-2018": a month
        if year is None:
            return None
        s, e = date(year, month, 1), cal.last_day(year, month)
        return _atom(m, lambda ctx: ResolvedDate(s, e, "month", "absolute"), explicit_year=True)
    dom = days[0]
    if not 1 <= dom <= 31 or cal.safe_date(2000, month, dom) is None:
        return None
    return _atom(m, _day_month_resolver(dom, month, year, None, "absolute", yy),
                 explicit_year=year is not None or yy is not None)


@_pattern(
    r"(?<![\w])(?:and|until|till|to|through)\s+(?P<x>now|date|the\s+present(?:\s+day)?|present"
    r"|(?:the\s+)?current\s+date)(?![\w])"
)
def _until_now(m: re.Match[str], text: str) -> _Atom | None:
    """ "now", "date", "the present" as the end of a range: "from March to date", "between May and now"."""
    def resolve(ctx: _Context) -> ResolvedDate:
        day = ctx.now or ctx.anchor
        return ResolvedDate(day, day, "day", "relative")

    return _atom(m, resolve, range_end_only=True)


@_pattern(
    r"(?<![\w])(?P<x>(?:the\s+)?(?:rest|remainder)\s+(?:of\s+)?(?:the\s+|this\s+|my\s+)?(?P<u>week|month|year)"
    r"|(?:the\s+)?(?P<u2>year|month|week)[\s-]+to[\s-]+date)(?![\w])"
)
def _rest_of(m: re.Match[str], text: str) -> _Atom | None:
    """ "the rest of the year" (from the anchor on), "year to date" (up to the anchor)."""
    unit = (m["u"] or m["u2"]).lower()

    def resolve(ctx: _Context) -> ResolvedDate:
        s, e = cal.period_of(unit, ctx.anchor)
        if m["u"]:
            return ResolvedDate(ctx.anchor, e, f"part_of_{unit}", "relative")
        return ResolvedDate(s, ctx.anchor, f"part_of_{unit}", "relative")

    return _atom(m, resolve)


@_pattern(rf"(?<![\w])(?P<x>(?:the\s+)?(?P<o>{_ORD_WORDS}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century)(?![\w])")
def _century(m: re.Match[str], text: str) -> _Atom | None:
    """ "the 20th century", "the twenty-first century" (the popular reckoning: 1900–1999)."""
    n = cal.parse_ordinal(m["o"])
    if not n or not 1 <= n <= 22:
        return None
    first = (n - 1) * 100
    span = date(max(first, 1), 1, 1), date(first + 99, 12, 31)
    return _atom(m, lambda ctx: ResolvedDate(span[0], span[1], "century", "absolute"), explicit_year=True)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9, "noughties": 0}


@_pattern(
    r"(?:(?P<pre>\bin)\s+)?(?<![\w])(?P<x>(?:(?P<the>the)\s+)?(?:(?P<part>early|mid|late)[\s-]+)?"
    r"(?:(?P<c>nineteen|twenty|two\s+thousand(?:\s+and)?|two)[\s-]+)?"
    r"(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|noughties|tens|thousands))(?![\w])"
)
def _decade_words(m: re.Match[str], text: str) -> _Atom | None:
    """ "the sixties", "the nineteen-nineties", "the twenty-tens", "the two thousands", "the late eighties"
    ("in his sixties" is an age)."""
    if not (m["the"] or m["pre"]):
        return None
    word = m["w"].lower()
    lead = " ".join((m["c"] or "").lower().split())
    if word == "thousands":
        if lead != "two":
            return None
        century, tens = 2000, 0
    elif word == "tens":
        if not lead.startswith(("twenty", "two thousand")):
            return None
        century, tens = 2000, 10
    else:
        if lead == "two":
            return None
        tens = _DECADE_WORDS[word] * 10
        century = {"nineteen": 1900, "twenty": 2000}.get(lead, 2000 if lead.startswith("two") else None)
    part = m["part"]

    def resolve(ctx: _Context) -> ResolvedDate:
        if century is not None:
            first = century + tens
        else:
            first = 2000 + tens if 2000 + tens + 9 <= ctx.anchor.year else 1900 + tens
        (s, e), gran = cal.part_of(part, (date(first, 1, 1), date(first + 9, 12, 31)), "decade")
        return ResolvedDate(s, e, gran, "absolute" if not part else "relative")

    return _atom(m, resolve, explicit_year=century is not None)


@_pattern(rf"(?<![\w])(?P<x>H(?P<h>[12])\s*(?P<y>{_YEAR_DIGITS})|(?P<y2>{_YEAR_DIGITS})\s*-?\s*H(?P<h2>[12]))(?![\w])")
def _half_year(m: re.Match[str], text: str) -> _Atom | None:
    """ "H1 2024", "2024 H2": a half of a year, as business news writes it."""
    if "H" not in m["x"]:
        return None
    year, half = int(m["y"] or m["y2"]), int(m["h"] or m["h2"])
    s, e = (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
    return _atom(m, lambda ctx: ResolvedDate(s, e, "part_of_year", "absolute"), explicit_year=True)



@_pattern(
    r"\b(?:a|an|the|this|that|his|her|its|their|our|my|your)\s+(?P<x>(?P<y>(?:19|20)\d\d))(?=\s+[A-Za-z])"
)
def _attributive_year(m: re.Match[str], text: str) -> _Atom | None:
    """A year before a noun: "the 1999 storm", "a 2003 interview" (counts of 1,000 or more take commas)."""
    year = int(m["y"])
    if not _is_year_number(text, m.end("y"), year):
        return None
    return _atom(m, lambda ctx: ResolvedDate(date(year, 1, 1), date(year, 12, 31), "year", "absolute"),
                 explicit_year=True)


@_pattern(r"(?<![\w])(?P<x>(?:the\s+)?year[\s-]end)(?![\w])")
def _year_end(m: re.Match[str], text: str) -> _Atom | None:
    """ "by year-end": the last month of the anchor's year."""
    return _atom(m, lambda ctx: ResolvedDate(date(ctx.anchor.year, 12, 1), date(ctx.anchor.year, 12, 31),
                                             "part_of_year", "relative"))


@_pattern(
    rf"(?<![\w-])(?P<x>(?:(?P<q>{_QUALIFIER})\s+)?(?P<n>{_NUM})\s+(?P<u>days|weeks|months|years))(?![\w-])"
)
def _count(m: re.Match[str], text: str) -> _Atom | None:
    n = cal.parse_cardinal(m["n"])
    if not n or n < 2:
        return None
    return _Atom(m.start("x"), m.end("x"), 0, None,
                 count=_Count(n, _unit_name(m["u"]), _qualifier(m["q"]), ordinal=False))


@_pattern(
    r"(?<![\w])(?P<x>(?:its|the|their|a)\s+(?P<o>\d+(?:st|nd|rd|th)|" + _ORD_WORDS + r")\s+(?P<u>day|week|month|year)"
    r"|day\s+(?P<n>\d{1,4})(?=\s+of\b))(?![\w])"
)
def _nth_day(m: re.Match[str], text: str) -> _Atom | None:
    n = cal.parse_ordinal(m["o"]) if m["o"] else int(m["n"])
    if not n:
        return None
    return _Atom(m.start("x"), m.end("x"), 0, None,
                 count=_Count(n, (m["u"] or "day").lower(), "exact", ordinal=True))


def _qualifier(words: str | None) -> str:
    w = " ".join((words or "").lower().split())
    if w in ("more than", "over", "well over", "just over", "upwards of"):
        return "more_than"
    if w == "at least":
        return "at_least"
    if w in ("less than", "fewer than", "under", "almost", "nearly", "close to"):
        return "less_than"
    if w in ("about", "around", "some", "roughly", "approximately"):
        return "about"
    return "exact"


# --------------------------------------------------------------------------------------------------
# Finding: all patterns, longest non-overlapping matches, then composites and ranges

# Every match of a pattern contains one of its trigger words (a word class below, or a regex for
# digit forms), so a pattern only needs to run within _WINDOW characters of one: expressions are far
# shorter. One pass over the words of the text finds them all; this keeps the finder fast.
_CENTURY_WORD_SET = frozenset(w for w, v in cal.CARDINAL_WORDS.items() if 10 <= v <= 20)
_UNIT_WORDS = frozenset("hour hours day days week weeks weekend weekends month months year years decade decades "
                        "fortnight fortnights quarter quarters".split())
_TIMES_OF_DAY = frozenset("morning afternoon evening night tonight eve".split())
_WORD_CLASSES: dict[str, Callable[[str], bool]] = {
    "month": lambda w: w in cal.MONTHS,
    "month_or_unit": lambda w: w in cal.MONTHS or w in ("month", "months"),
    "ordinal": lambda w: not w.isdigit() and (n := cal.parse_ordinal(w)) is not None and n <= 31,
    "weekday": lambda w: w in cal.WEEKDAYS,
    "unit": lambda w: w in _UNIT_WORDS,
    "unit_or_time": lambda w: w in _UNIT_WORDS or w in _TIMES_OF_DAY,
    "deictic": lambda w: w in ("today", "tonight", "yesterday", "tomorrow", "tmrw", "day") or w in _TIMES_OF_DAY,
    "season": lambda w: w in cal.SEASONS,
    "quarter": lambda w: w in ("quarter", "q1", "q2", "q3", "q4"),
    "holiday": lambda w: w in ("christmas", "xmas", "boxing", "valentine", "valentines", "halloween", "easter",
                               "friday", "thanksgiving", "king", "mlk", "patrick", "patricks", "juneteenth",
                               "cyber", "year", "years", "earth", "workers", "labor", "memorial", "veterans",
                               "remembrance", "mother", "mothers", "father", "fathers", "presidents", "columbus"),
    "decade_word": lambda w: w.endswith("ties") or w in ("tens", "thousands"),
    "century": lambda w: w == "century",
    "now": lambda w: w in ("now", "date", "present"),
    "rest": lambda w: w in ("rest", "remainder", "date"),
    "after": lambda w: w == "after",
    "weekend": lambda w: w == "weekend",
    "week_now": lambda w: w in ("week", "weekend", "now", "today", "w"),
    "year_end": lambda w: w == "end",
    "year_word": lambda w: w in ("thousand", "hundred") or w in _CENTURY_WORD_SET,
    "span_from": lambda w: w in ("starting", "beginning", "commencing", "from"),
    "day_number": lambda w: (w not in ("a", "an", "one")
                             and 1 <= (cal.parse_ordinal(w) or cal.parse_cardinal(w) or 0) <= 31),
}
_DIGITS_SEP = r"\d[-/.]\d"
_TRIGGERS: dict[str, str] = {
    "_iso": _DIGITS_SEP, "_compact_iso": r"\d{8}", "_numeric_range": _DIGITS_SEP, "_numeric": _DIGITS_SEP,
    "_month_slash_day": _DIGITS_SEP, "_numeric_month": r"\d\s*[-/.]\s*\d", "_month_name_numeric": "month",
    "_year_month": "month", "_week_number": "unit", "_ordinal_weekday": "weekday",
    "_day_month": "month", "_day_to_month_day": "month", "_month_day": "month", "_month_period": "month",
    "_month_day_range": "month", "_day_range_month": "month_or_unit", "_nth_weekday": "month_or_unit",
    "_nth_day_of_month": "month_or_unit", "_the_nth": "ordinal", "_bare_day": "day_number", "_day_in_list": "month",
    "_year_in_words": "year_word", "_weekday_the_nth": "weekday", "_year_part": r"\d{4}", "_year": r"\d{4}",
    "_the_year": r"\d{4}", "_year_range": r"\d{4}", "_half_year": r"\d{4}", "_decade": r"0['’]?s\b",
    "_decade_words": "decade_word", "_century": "century", "_season": "season", "_quarter": "quarter",
    "_weekday": "weekday", "_deictic": "deictic", "_relative_unit": "unit", "_span_prefix": "week_now",
    "_count_relative": "unit", "_span_from": "span_from", "_count": "unit", "_in_count": "unit", "_last_n": "unit",
    "_within": "unit", "_the_unit_before": "unit_or_time", "_the_weekend": "weekend", "_anaphoric": "unit_or_time",
    "_after_next": "after", "_holiday": "holiday", "_nth_day": "unit", "_until_now": "now", "_rest_of": "rest",
    "_attributive_year": r"\d{4}", "_year_end": "year_end",
}
_WINDOW = 120
_PATTERNS[:] = [replace(p, trigger=_TRIGGERS[p.name]) for p in _PATTERNS]
_TRIGGER_RES = {t: re.compile(t) for t in set(_TRIGGERS.values()) if t not in _WORD_CLASSES}
_WORD = re.compile(r"\w+")
_WORD_CLASS_CACHE: dict[str, tuple[str, ...]] = {}


def _trigger_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For every trigger, the stretches of ``text`` within _WINDOW characters of one, merged."""
    hits: dict[str, list[int]] = {}
    for word in _WORD.finditer(text):
        token = word.group().lower()
        classes = _WORD_CLASS_CACHE.get(token)
        if classes is None:
            stem = token.rstrip("0123456789")  # "dec31", "mar4": a month glued to its day
            classes = tuple(name for name, test in _WORD_CLASSES.items()
                            if test(token) or (stem != token and test(stem)))
            if len(_WORD_CLASS_CACHE) < 50_000:
                _WORD_CLASS_CACHE[token] = classes
        for name in classes:
            hits.setdefault(name, []).append(word.start())
    for trigger, regex in _TRIGGER_RES.items():
        hits[trigger] = [m.start() for m in regex.finditer(text)]
    windows: dict[str, list[tuple[int, int]]] = {}
    for trigger, positions in hits.items():
        spans: list[tuple[int, int]] = []
        for pos in positions:
            start, end = max(0, pos - _WINDOW), min(len(text), pos + _WINDOW)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        windows[trigger] = spans
    return windows


_STAMP = re.compile(
    r"\b(updated|published|posted|modified|edited|released|dated|created|date)(?:\s+(?:on|at))?\s*:?\s*$",
    re.IGNORECASE,
)
# a line of page furniture opens with one of these: a byline, a publication stamp, a copyright line
_FURNITURE_OPENING = re.compile(
    r"\s*(?:(?-i:By\s+[A-Z][a-z]+\s+[A-Z])|(?:last\s+)?(?:updated|published|posted|modified|dated?)\s*(?::|on\b)|"
    r"©|\(c\)|copyright\b|all rights reserved|(?:photo|image|source|filed)\s*:)",
    re.IGNORECASE,
)
FURNITURE_MAX_WORDS = 16  # a line of page furniture is short; a longer one is prose
FURNITURE_MAX_CHARS = 400  # ... so a date further than this from both ends of its line is in prose
_FUTURE_WORDS_IN_LINE = frozenset({"will", "until", "from", "since", "by", "before", "after", "on", "at"})
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru|and)\s*", re.IGNORECASE)
_OFFSET_GAP = re.compile(r"\s*(?:to\s+)?(?:the\s+)?", re.IGNORECASE)
_EVENT_CUE = re.compile(
    r"\b(?:lasted|lasting|last|lasts|going\s+on|gone\s+on|continued|continuing|raged|raging|for|into|since"
    r"|after|in|entered|enters|entering|marks?|marked|marking|reached|reaches|now|day)\s*$",
    re.IGNORECASE,
)
_COUNT_AFTER_CUE = re.compile(r"\s+(?:into|since|(?:have|has|had)\s+(?:passed|elapsed|gone\s+by))\b", re.IGNORECASE)
_PRESENT_COUNT = re.compile(r"\b(?:now|is|are|enters|entered|entering|marks|marking|reaches|reached)\b[^.;]*$",
                            re.IGNORECASE)
_LASTING_CUES = frozenset("lasted lasting last lasts going gone continued continuing raged raging entered enters "
                          "entering mark marks marked marking reached reaches".split())


def _find(text: str) -> list[_Atom]:
    """Every date expression in ``text``, as non-overlapping atoms in text order."""
    found: list[_Atom] = []
    windows = _trigger_windows(text)
    seen: set[tuple[int, int, int]] = set()
    for rank, pattern in enumerate(_PATTERNS):
        for window_start, window_end in windows.get(pattern.trigger, ()):
            for match in pattern.regex.finditer(text, window_start, window_end):
                atom = pattern.parse(match, text)
                if atom is not None and atom.end > atom.start and (rank, atom.start, atom.end) not in seen:
                    seen.add((rank, atom.start, atom.end))
                    atom.rank = rank
                    found.append(atom)
    # Longest first, but an event count ("almost two years") gives way to a date ("two years ago").
    found.sort(key=lambda a: (a.count is not None, a.start - a.end, a.rank, a.start))
    chosen: list[_Atom] = []
    starts: list[int] = []
    for atom in found:
        i = bisect.bisect_left(starts, atom.start)
        if i > 0 and chosen[i - 1].end > atom.start:
            continue
        if i < len(chosen) and chosen[i].start < atom.end:
            continue
        starts.insert(i, atom.start)
        chosen.insert(i, atom)
    for atom in chosen:
        stamp = _STAMP.search(text, max(0, atom.start - 40), atom.start)
        if stamp and stamp.end() == atom.start:
            atom.stamp = stamp.group(1).lower()
        elif _furniture(text, atom.start, atom.end):
            atom.stamp = "page"
    return _combine(chosen, text)


def _furniture(text: str, start: int, end: int) -> bool:
    """Whether the date at [start, end) sits in page furniture rather than prose: a line that is only a
    date with a few words around it (a dateline, a byline, a page's date widget, "Date: ..."), or a line
    that opens with a furniture word ("By ...", "Published", "Updated", "©", "Copyright"). Such dates say
    when a page was made, shown or copied — never what the text speaks of."""
    window = max(0, start - FURNITURE_MAX_CHARS)
    line_start = text.rfind("\n", window, start) + 1
    line_end = text.find("\n", end, end + FURNITURE_MAX_CHARS)
    if (line_start == 0 and window > 0) or (line_end == -1 and end + FURNITURE_MAX_CHARS < len(text)):
        return False  # a line this long is prose (and looking no further keeps a one-line text linear)
    line = text[line_start: len(text) if line_end == -1 else line_end]
    if _FURNITURE_OPENING.match(line) and len(re.findall(r"\w+", line)) <= FURNITURE_MAX_WORDS:
        return True
    rest = line[: start - line_start] + " " + line[end - line_start:]
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= 4 and not re.search(r"[.!?][\"'”’)]*\s*$", rest.strip() or "x") \
        and not any(w.lower() in _FUTURE_WORDS_IN_LINE for w in words)


def _combine(atoms: list[_Atom], text: str) -> list[_Atom]:
    """Join "two days after" + a date, and "from A to B" / "between A and B" into one expression."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if atom.wrap is not None:
            if nxt is not None and nxt.resolve is not None and _OFFSET_GAP.fullmatch(text, atom.end, nxt.start):
                out.append(_wrapped_atom(atom, nxt))
                i += 2
                continue
            if atom.alone is not None and re.match(r"\s*(?:[.,;:)!?]|$)", text[atom.end:]):  # "two days before."
                out.append(_Atom(atom.start, atom.end, atom.rank, atom.alone))
            i += 1
            continue
        if (
            nxt is not None
            and atom.resolve is not None
            and nxt.resolve is not None
            and nxt.wrap is None
            and _RANGE_GAP.fullmatch(text, atom.end, nxt.start)
        ):
            gap = text[atom.end:nxt.start].strip().lower()
            lead = re.search(r"\b(from|between)\s+$", text[max(0, atom.start - 9):atom.start], re.IGNORECASE)
            if _connector_ok(gap, lead.group(1) if lead else None):
                out.append(_range_atom(atom, nxt, lead.start() + max(0, atom.start - 9) if lead else atom.start))
                i += 2
                continue
        if not atom.range_end_only:
            out.append(atom)
        i += 1
    return out


_COARSE = ("month", "quarter", "year", "decade")


def _shifted(day: date, amounts: tuple[_Amount, ...], sign: int, base_granularity: str = "day", *,
             calendar_unit: bool = False) -> ResolvedDate:
    """``day`` moved by the amounts.

    From a day, a precise count gives the day that far away, with the unit as its granularity ("two
    years ago": that day two years back, precise to about a year); a vague count ("a few months ago")
    gives the stretch of days its counts allow. From a month or a year ("two years after 2019", "two
    years later" after "in 2019"), and for "the year before"/"the month after", a count of months or
    years names the calendar month or year it lands in.
    """
    near, far = _moved(day, amounts, sign)
    unit = amounts[-1][2]
    gran = _point_granularity(unit)
    if gran in _COARSE and (calendar_unit or base_granularity in _COARSE or base_granularity.startswith("part_of")):
        period = "year" if gran == "decade" else gran
        return ResolvedDate(cal.period_of(period, near)[0], cal.period_of(period, far)[1], period, "relative")
    return ResolvedDate(near, far, gran, "relative")


def _wrapped_atom(prefix: _Atom, target: _Atom) -> _Atom:
    inner, wrap, forward = target.resolve, prefix.wrap, prefix.forward_target

    def resolve(ctx: _Context) -> ResolvedDate | None:
        base = inner(replace(ctx, future=True) if forward else ctx) if inner else None
        return wrap(base, ctx) if base is not None and wrap is not None else None

    return _Atom(prefix.start, target.end, prefix.rank, resolve, explicit_year=target.explicit_year)


_TYPE_ORDER = {"absolute": 0, "partial": 1, "relative": 2, "duration": 3}
_GRAN_ORDER = ["day", "week", "part_of_week", "part_of_month", "month", "quarter", "part_of_season", "season",
               "part_of_year", "year", "part_of_decade", "decade", "century"]


def _deictic_reading(resolve: _Resolver, ctx: _Context) -> ResolvedDate | None:
    """The reading of a range end counted from the day of writing ("today", "next Friday", "this May"),
    or None when the end is underspecified or anaphoric and must be read from the range's other end."""
    probe = replace(ctx, used_focus=False)
    found = resolve(probe)
    if found is not None and found.date_type == "relative" and not probe.used_focus:
        return found
    return None


def _range_atom(first: _Atom, last: _Atom, start: int) -> _Atom:
    first_resolve, last_resolve = first.resolve, last.resolve

    def resolve(ctx: _Context) -> ResolvedDate | None:
        if first_resolve is None or last_resolve is None:
            return None
        # An end counted from the day of writing ("today", "next Friday") keeps that day; an
        # underspecified one ("to 3 January") is read from the other end of the range.
        if last.explicit_year and not first.explicit_year:  # "28 December to 3 January 2024"
            b = last_resolve(ctx)
            a = _deictic_reading(first_resolve, ctx)
            if a is None and b is not None:
                a = first_resolve(replace(ctx, anchor=b.end, future=False, tolerance=0))
        else:  # the start by the usual rule, the end as the first such date after it
            def from_start(a: ResolvedDate | None) -> ResolvedDate | None:
                b = _deictic_reading(last_resolve, ctx)
                if b is None and a is not None:
                    b = last_resolve(replace(ctx, anchor=a.start, future=True, focus=a.start,
                                            focus_month=(a.start.year, a.start.month)))
                return b

            a = first_resolve(ctx)
            b = from_start(a)
            if ctx.future and not first.explicit_year:  # "between August and October" said in
                earlier = first_resolve(replace(ctx, future=False))  # September: a range still under way
                later = from_start(earlier)
                if earlier is not None and later is not None and later.end >= ctx.anchor and (
                        a is None or earlier.start < a.start):
                    a, b = earlier, later
        if a is None or b is None or a.start > b.end:
            return None
        gran = max(a.granularity, b.granularity, key=lambda g: _GRAN_ORDER.index(g) if g in _GRAN_ORDER else 0)
        kinds = {a.date_type, b.date_type}
        kind = "absolute" if kinds == {"absolute", "partial"} else max(kinds, key=_TYPE_ORDER.__getitem__)
        return ResolvedDate(a.start, b.end, gran, kind)

    return _Atom(start, last.end, first.rank, resolve, explicit_year=first.explicit_year or last.explicit_year)


# --------------------------------------------------------------------------------------------------
# Tense of the clause around an expression

_CLAUSE_BREAK = re.compile(
    r"[,;:()\"“”—–\n]|\b(?:that|but|while|whereas|although|though|because|which|who)\b", re.IGNORECASE
)
_ADVERBIAL_WORDS = frozenset("on in at by since from until till during of the as early late".split())
_FUTURE_CUE = re.compile(
    r"\b(?:will|wo|shall|would|going\s+to|gonna|is\s+to|are\s+to|(?:is|are)\s+due|due\s+to|scheduled|expected"
    r"|plans?\s+to|planning|intends?|aims?\s+to|set\s+to|upcoming|forthcoming|deadline|next|tomorrow"
    r"|let['’]s|let\s+us)\b|['’]ll\b",
    re.IGNORECASE,
)
_SINCE_BEFORE = re.compile(r"\b(?:since|from)\s+(?:the\s+)?$", re.IGNORECASE)
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|ago|yesterday|last|earlier)\b", re.IGNORECASE)


def _clause(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int, bool]:
    """The clause around ``text[start:end]`` in its sentence, and whether it is a fronted "On X, ..."."""
    s_start, s_end = sent
    left = s_start
    for match in _CLAUSE_BREAK.finditer(text, s_start, start):
        left = match.end()
    right_match = _CLAUSE_BREAK.search(text, end, s_end)
    right = right_match.start() if right_match else s_end
    outside = re.findall(r"\w+", text[left:start] + " " + text[end:right])
    if all(w.lower() in _ADVERBIAL_WORDS for w in outside):  # a bare adverbial: "On 7 October, ..."
        if right_match is not None and right_match.group(0) == ",":
            after = _CLAUSE_BREAK.search(text, right_match.end(), s_end)
            return left, after.start() if after else s_end, True
        if left > s_start and text[left - 1] == ",":  # "..., on Monday."
            before = [m.end() for m in _CLAUSE_BREAK.finditer(text, s_start, left - 1)]
            left = before[-1] if before else s_start
    return left, right, False


def _is_future(text: str, sent: tuple[int, int], start: int, end: int) -> bool:
    """Whether the clause looks forward: a future cue before the date (auxiliaries precede their
    verb, and the date follows it), or after a fronted date ("On Monday, talks will resume")."""
    left, right, fronted = _clause(text, sent, start, end)
    window = text[left:start] + " " + (text[end:right] if fronted else "")
    if _FUTURE_CUE.search(window):
        return True
    return bool(re.search(r"\bby\s+(?:the\s+)?$", text[left:start], re.IGNORECASE)) and not re.search(
        r"\bhad\b", window, re.IGNORECASE
    )


def _is_past(text: str, sent: tuple[int, int], start: int, end: int) -> bool:
    left, right, _ = _clause(text, sent, start, end)
    return bool(_PAST_CUE.search(text[left:start] + " " + text[end:right]))


# --------------------------------------------------------------------------------------------------
# Resolution of a whole text


@dataclass(slots=True)
class _Found:
    atom: _Atom
    resolved: ResolvedDate
    sentence: int
    future: bool
    event: _Found | None = None


def _resolve_text(text: str, sentences: list[tuple[int, int]], anchor: date) -> list[_Found]:
    """Find and resolve every expression of ``text`` against ``anchor``, in text order."""
    atoms = _find(text)
    starts = [s for s, _ in sentences]
    ctx_focus: date | None = None
    focus_month: tuple[int, int] | None = None
    focus_granularity = "day"
    out: list[_Found] = []
    counts: list[tuple[_Atom, int, bool]] = []
    for atom in atoms:
        index = max(bisect.bisect_right(starts, atom.start) - 1, 0)
        sent = sentences[index] if sentences else (0, len(text))
        future = _is_future(text, sent, atom.start, atom.end)
        if atom.count is not None:
            counts.append((atom, index, future))
            continue
        if atom.resolve is None:
            continue
        if atom.forward_only and not future and _is_past(text, sent, atom.start, atom.end):
            continue  # "rebuilt in two years": a duration, not a date
        ctx = _Context(anchor, future=future, focus=ctx_focus, focus_month=focus_month, now=anchor,
                       focus_granularity=focus_granularity)
        try:
            resolved = atom.resolve(ctx)
        except (ValueError, IndexError, OverflowError):
            resolved = None
        if resolved is None:
            continue
        atom.via_focus = ctx.used_focus
        out.append(_Found(atom, resolved, index, future))
        if atom.stamp is None:
            ctx_focus = resolved.end
            focus_granularity = resolved.granularity
            month_bearing = resolved.granularity in ("day", "week", "month", "part_of_month")
            if month_bearing and resolved.start.month == resolved.end.month:
                focus_month = (resolved.start.year, resolved.start.month)
    for atom, index, _future in counts:
        found = _resolve_count(atom, index, text, sentences, out)
        if found is not None:
            out.append(found)
    out.sort(key=lambda f: f.atom.start)
    return out


def _resolve_count(atom: _Atom, index: int, text: str, sentences: list[tuple[int, int]],
                   found: list[_Found]) -> _Found | None:
    """Resolve an event-anchored count against a dated event in the same sentence."""
    count = atom.count
    assert count is not None
    s_start = sentences[index][0] if sentences else 0
    before = text[max(s_start, atom.start - 40):atom.start]
    cue_before = _EVENT_CUE.search(before)
    cue_after = _COUNT_AFTER_CUE.match(text, atom.end)
    events = [
        f for f in found
        if f.sentence == index and f.resolved.granularity == "day" and f.atom.stamp is None
        and f.resolved.date_type in ("absolute", "partial") and f.atom.count is None
        and "\n" not in text[min(f.atom.start, atom.start):max(f.atom.end, atom.end)]
    ]
    if not events:
        return None
    since = [f for f in events if re.search(r"\bsince\b", text[s_start:f.atom.start], re.IGNORECASE)]
    cue = cue_before.group(0).split()[0].lower() if cue_before else ""
    lasting = bool(_LASTING_CUES.intersection(w.lower() for w in re.findall(r"[A-Za-z]+", before)[-3:]))
    if count.ordinal:  # "now in its 45th day", "on the 45th day of the war", "day 45 of"
        if not (cue or cue_after or text[atom.start:atom.end].lower().startswith("day")):
            return None
    elif not (cue_after or lasting or (cue in ("for", "after") and since)):
        return None  # "jailed for three years" is a sentence, not the age of an event
    pool = since or events
    event = min(pool, key=lambda f: abs(f.atom.start - atom.start))
    offset = count.n - 1 if count.ordinal else count.n
    day = cal.shift(event.resolved.start, offset, count.unit)
    gran = _point_granularity(count.unit)
    return _Found(atom, ResolvedDate(day, day, gran, "duration"), index, False, event=event)


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    try:
        return [(s.start_char, s.end_char) for s in doc.sents]
    except ValueError:  # no sentence boundaries set
        return [(0, len(doc.text))]


# --------------------------------------------------------------------------------------------------
# Public API


def extract_dates(doc: Doc, *, anchor: date) -> list[dict[str, Any]]:
    """Every date expression in ``doc`` as an ``event_date`` claim, resolved against ``anchor``.

    ``anchor`` is the date the text speaks from (see :func:`infer_reference_date`). Each claim has
    ``start``/``end`` (character offsets, ``text == doc.text[start:end]``), ``date`` (ISO start),
    ``date_end`` (ISO inclusive end of an interval, else None), ``date_text``, ``date_type``,
    ``granularity``, ``predicate`` (the governing verb or noun when the Doc is parsed, "updated" or
    "published" for a publication stamp, else None) and ``forward_looking`` (the clause looks ahead).
    Durations also carry ``value``, ``unit``, ``qualifier`` and the ``event_date``/``event_text`` they
    count from. Works the same on fast-mode Docs (no tagger or parser); only ``predicate`` needs a parse.
    """
    text = doc.text
    parsed = doc.has_annotation("DEP")
    claims: list[dict[str, Any]] = []
    for found in _resolve_text(text, _sentence_spans(doc), anchor):
        atom, res = found.atom, found.resolved
        claim: dict[str, Any] = {
            "kind": "event_date",
            "start": atom.start,
            "end": atom.end,
            "text": text[atom.start:atom.end],
            "date": res.start.isoformat(),
            "date_end": res.end.isoformat() if res.end != res.start else None,
            "date_text": text[atom.start:atom.end],
            "date_type": res.date_type,
            "granularity": res.granularity,
            "predicate": atom.stamp or (_predicate(doc, atom.start, atom.end) if parsed else None),
            "forward_looking": found.future,
        }
        if atom.count is not None and found.event is not None:
            claim.update(
                value=float(atom.count.n),
                unit=atom.count.unit,
                qualifier=atom.count.qualifier,
                event_date=found.event.resolved.start.isoformat(),
                event_text=text[found.event.atom.start:found.event.atom.end],
            )
        claims.append(claim)
    return claims


def infer_reference_date(doc: Doc, *, published: date | None) -> tuple[date | None, str]:
    """The date the text itself speaks from, and a short sentence saying why.

    In order (years resolved against ``published``; publication stamps such as "Updated on ..." never
    count): an event-day count in the present ("the war, now in its 75th day", counted from a date in
    the same sentence); else ``published`` when the text counts days from the day of writing ("on
    Monday", "yesterday", "last week", "three days ago") — those words only make sense near the day
    it was written, which is then taken to be the publication date; else the latest explicit past
    date in the text, or a later day implied by an event-day count ("more than 70 days" since 7
    October), from a year before ``published`` up to it; else ``published``.
    """
    text = doc.text
    sentences = _sentence_spans(doc)
    anchor = published
    if anchor is None:
        explicit = [f.resolved.end for f in _resolve_text(text, sentences, date(2000, 1, 1))
                    if f.atom.explicit_year and f.resolved.granularity == "day" and f.atom.stamp is None]
        if not explicit:
            return None, "no publication date and no explicit dated day in the text"
        anchor = max(explicit)
    found = [f for f in _resolve_text(text, sentences, anchor) if f.atom.stamp is None]

    def in_window(day: date) -> bool:
        return published is None or published - timedelta(days=REFERENCE_WINDOW_DAYS) <= day <= published

    now_counts = [f for f in found if f.atom.count is not None and f.atom.count.ordinal and f.event is not None
                  and _PRESENT_COUNT.search(text, max(0, f.atom.start - 30), f.atom.start)
                  and in_window(f.resolved.start)]
    if now_counts:
        latest = max(now_counts, key=lambda f: f.resolved.start)
        expression = text[latest.atom.start:latest.atom.end]
        event = latest.event.resolved.start.isoformat() if latest.event else "?"
        return latest.resolved.start, f"the text says it is {expression!r} counted from {event}"
    recent = [f for f in found if f.atom.recent]
    if recent and published is not None:
        expression = text[recent[0].atom.start:recent[0].atom.end]
        return published, (f"the text counts days from the day of writing ({expression!r}), "
                           "taken to be the publication date")
    candidates: list[tuple[date, str]] = []
    for f in found:
        atom, res = f.atom, f.resolved
        if f.future or res.granularity != "day" or not in_window(res.end):
            continue
        expression = text[atom.start:atom.end]
        if res.date_type == "duration" and f.event is not None:
            if atom.count is not None and atom.count.qualifier == "less_than":
                continue  # "nearly 70 days" bounds the date from above, not below
            event = f.event.resolved.start.isoformat()
            candidates.append((res.end, f"{expression!r} counted from {event} implies at least {res.end}"))
        elif _SINCE_BEFORE.search(text, max(0, atom.start - 12), atom.start):
            continue  # "since 1 December": where a stretch of time starts, not when the text speaks
        elif res.date_type == "absolute" or (res.date_type == "partial" and atom.via_focus):
            candidates.append((res.end, f"the latest explicit date in the text is {expression!r} ({res.end})"))
    if candidates:
        return max(candidates, key=lambda c: c[0])
    if published is None:
        return None, "no publication date and no explicit dated day in the text"
    return published, "no explicit past date in the text; using the publication date"


def resolve_expression(text: str, *, anchor: date) -> ResolvedDate | None:
    """Resolve the longest date expression in ``text`` against ``anchor`` (None if there is none).

    ``text`` may be the bare expression ("early January next year") or a sentence holding it; the
    sentence's tense decides the direction of underspecified dates, as in :func:`extract_dates`.
    """
    found = _resolve_text(text, [(0, len(text))], anchor)
    if not found:
        return None
    best = max(found, key=lambda f: (f.atom.end - f.atom.start, -f.atom.start))
    return best.resolved


def _predicate(doc: Doc, start: int, end: int) -> str | None:
    """The verb (or noun) the date expression modifies, from the dependency parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(8):
        head = token.head
        if head.i == token.i:
            return None
        if span.start <= head.i < span.end:
            token = head
            continue
        if head.pos_ in ("VERB", "AUX"):
            particles = [c.text.lower() for c in head.children if c.dep_ == "prt"]
            return " ".join([head.lemma_.lower() or head.text.lower(), *particles])
        if head.pos_ in ("NOUN", "PROPN"):
            return head.lemma_.lower() or head.text.lower()
        token = head
    return None
