"""What is the same fact: comparable claims grouped into propositions, the one place that decides which
figures may be set against each other.

A proposition is one fact a figure can state: the same measure (what is counted), scope, holder (whose
figure), place, state (what happened to it) and kind of figure, for the same time, in texts telling the
same story. Every comparing check reads this index and compares only inside a proposition; none keeps
its own notion of "the same thing". The rules, each a general rule about news language:

* **Only actual figures.** Proposed, hypothetical, capacity, rate, change, earlier, preliminary and
  other-instance figures (``status`` in the frame) are never compared, nor figures whose frame is
  incomplete: no measure ("Two were killed"), or no holder for a figure that needs one (seats, votes,
  points, money: "412 seats" alone could be any party's). Event outcomes (killed, freed, held …; the
  lexicon's ``holderless_states``) are the event's own and need no holder.
* **Holders.** Two named holders are two facts. A figure without a holder joins the one holder its
  proposition names, and stays apart when several are named (two parties, two candidates).
* **Parts and wholes.** Parts of a breakdown ("14 Israeli and 9 foreign hostages") are never compared
  as wholes; their sum is added as a derived figure meaning "at least the sum" (a breakdown need not
  be complete), which conflicts only with a total below it. A scope named by a nationality ("81
  Israelis") is a part of the unscoped whole: compared only as a scope note (``scope_pairs``).
* **Time.** A figure attached to a closed reference event ("during the truce", "in that time" after a
  sentence naming it) holds for the event, whenever the text was written; a figure with a date on its
  verb holds for that day; any other figure holds for the day its text speaks from. Figures that only
  grow (tolls, arrests: lexicon ``dynamics: cumulative``) and anything not listed are compared only
  for the same day — a later, larger toll is an update. Levels that move slowly (hostages still held)
  are compared within ``level_days``. A text without any date joins the proposition of its content
  when there is only one, and the finding says the date is unknown.
* **Stories.** Figures of two texts are the same fact only when the texts tell the same story (they
  share names: :func:`claimkit.corpus.same_story`).
* **Precision.** A figure is as exact as it is written: "51%" is 50.5–51.5 and agrees with "51.2%";
  "1,200" is 1,150–1,250.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Iterator, NamedTuple

import pandas as pd

from .dated import Dated, action_keys, action_noun, dated, event_keys, mentions_by_article
from .corpus import (ArticleContext, article_contexts, claim_sentence, events_in, mention_ids, parse_day, records,
                     same_story, story_keys)
from .lexicon import figures
from .reference import Event, Reference
from .tables import PROPOSITIONS

__all__ = ["COMPARED_STATUS", "FactIndex", "Interval", "Member", "Proposition", "claim_interval", "count_label",
           "entity_name", "FactPieces", "fact_pieces", "index_facts", "index_pieces", "reading_order", "order_key", "texts", "value_groups", "written", "PROPOSITIONS"]

# kinds of figure that state a fact (see the frame's ``status``)
COMPARED_STATUS = frozenset({"actual", "cumulative"})
# dates of one person's same action in one place at most this far apart are one occasion
DATE_WINDOW_DAYS = 7
# time units -> (fewest, most days per unit)
TIME_UNITS: dict[str, tuple[float, float]] = {
    "minute": (1 / 1440, 1 / 1440), "hour": (1 / 24, 1 / 24), "day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366),
}


# --- intervals ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Interval:
    """A numeric interval; a None bound is open."""

    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool

    def overlaps(self, other: Interval) -> bool:
        """True when some number lies in both intervals (bounds and their inclusivity respected)."""
        low, low_inc = _tighter(self.low, self.low_inclusive, other.low, other.low_inclusive, lower=True)
        high, high_inc = _tighter(self.high, self.high_inclusive, other.high, other.high_inclusive, lower=False)
        if low is None or high is None or low < high:
            return True
        return low == high and low_inc and high_inc

    def exact(self) -> bool:
        """A single number."""
        return self.low is not None and self.low == self.high

    def scaled(self, low_factor: float, high_factor: float) -> Interval:
        """The interval in another unit (e.g. weeks -> days)."""
        return Interval(None if self.low is None else self.low * low_factor, self.low_inclusive,
                        None if self.high is None else self.high * high_factor, self.high_inclusive)

    def describe(self) -> str:
        """In words: "129", "more than 130", "between 100 and 120", "at most 5"."""
        if self.exact():
            return _num(self.low)
        if self.low is not None and self.high is not None:
            return f"between {_num(self.low)} and {_num(self.high)}"
        if self.low is not None:
            return ("at least " if self.low_inclusive else "more than ") + _num(self.low)
        if self.high is not None:
            return ("at most " if self.high_inclusive else "less than ") + _num(self.high)
        return "any number"


def claim_interval(claim: dict[str, Any], *, precision: bool = False) -> Interval | None:
    """The interval a quantity claim states (``low``/``high`` with inclusivity; ``value`` alone is exact;
    "about N" given as a point is widened by 10 %). With ``precision``, an exact figure also stands for
    every number that rounds to it as written ("51%" → 50.5–51.5; "1,200" → 1,150–1,250)."""
    low, high, value = _float(claim.get("low")), _float(claim.get("high")), _float(claim.get("value"))
    qualifier = claim.get("qualifier") or ("exact" if value is not None else None)
    if low is None and high is None:
        if value is None:
            return None
        if qualifier == "more_than":
            return Interval(value, False, None, False)
        if qualifier == "at_least":
            return Interval(value, True, None, False)
        if qualifier == "less_than":
            return Interval(None, False, value, False)
        if qualifier == "at_most":
            return Interval(None, False, value, True)
        low = high = value
    low_inc = claim.get("low_inclusive")
    high_inc = claim.get("high_inclusive")
    interval = Interval(low, True if low_inc is None else bool(low_inc),
                        high, True if high_inc is None else bool(high_inc))
    if qualifier == "about" and interval.exact() and low is not None:
        return Interval(low - abs(low) / 10, True, low + abs(low) / 10, True)
    if precision and interval.exact() and low is not None:
        half = _half_step(low)
        return Interval(low - half, True, low + half, False)
    return interval


ROUNDING_SHARE = 0.025  # a round figure ("1,200", "$2 billion") stands for at most ±2.5 % around it


def _half_step(value: float) -> float:
    """Half the last written digit's place: 51.2 → 0.05, 51 → 0.5, 110 → 0.5 (one zero is a figure:
    "110 hostages"); two or more trailing zeros are rounding, up to ``ROUNDING_SHARE`` of the figure
    ("1,200" → 30: 1,170–1,230; "100" → 2.5), never wider than "about" (±10 %)."""
    if not float(value).is_integer():
        decimals = len(f"{abs(value):.6f}".rstrip("0").split(".")[1])
        return 0.5 * 10 ** -decimals
    digits = str(int(abs(value)))
    zeros = len(digits) - len(digits.rstrip("0")) if int(value) else 0
    if zeros >= 2 and len(digits) > zeros:
        return max(0.5, min(0.5 * 10 ** zeros, ROUNDING_SHARE * abs(value)))
    return 0.5


# --- the index ---------------------------------------------------------------------------------------
@dataclass(slots=True, eq=False)
class Member:
    """One figure in a proposition (compared by identity: two members are never "equal")."""

    claim: dict[str, Any]
    context: ArticleContext
    interval: Interval  # as written, with its precision (days for durations; the day's ordinal for a date)
    derived: bool = False  # the sum of a breakdown's parts (meaning "at least")
    undated: bool = False  # its text has no publication date
    is_date: bool = False  # a dated action: its value is a day
    exact: bool = field(init=False)  # written as one number (no range, no "about", no open bound)

    def __post_init__(self) -> None:
        raw = self.interval if self.is_date else claim_interval(self.claim)
        self.exact = raw is not None and raw.exact() and not self.derived

    @property
    def claim_id(self) -> str:
        return str(self.claim.get("claim_id"))


class Key(NamedTuple):
    """What a proposition is about (its time aside)."""

    unit: str  # "count", "duration", a currency code, "percent", or the unit
    measure: str
    scope: str
    holder: str
    place: str
    state: str


@dataclass(slots=True, eq=False)
class Proposition:
    """One fact and every figure given for it."""

    id: str
    key: Key
    time: str
    event: Event | None
    members: list[Member] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted(texts(self.members))

    def label(self) -> str:
        """In words, for explanations and the report: "hostages/detainees still held in Gaza Strip, 2023-12-19"."""
        key = self.key
        if key.unit == "date":
            return f"{entity_name(key.holder)}'s {action_noun(key.measure)} {entity_name(key.place)}"
        first = self.members[0].claim if self.members else {}
        lexicon = figures()
        what = lexicon.measure_labels.get(key.measure, key.measure.replace("duration of ", "length of the "))
        state = lexicon.state_labels.get(key.state, key.state)
        words = [f"{what} {state}".strip()]
        scope = str(first.get("scope") or "").replace("|", ", ") if key.scope else ""
        if scope:
            words.insert(0, scope)
        if key.holder:
            words.append(f"of {first.get('holder') or key.holder}")
        if key.place:
            words.append(f"in {first.get('place') or key.place}")
        kind, _, day = self.time.removeprefix("undated:").partition(":")
        when = self.event.name if self.event is not None else (
            day.replace("/", " to ") if kind in ("day", "days", "reported", "from") else "")
        return ", ".join([" ".join(words), when]) if when else " ".join(words)

    def agree(self) -> bool:
        """Whether every figure can be right at once: intervals on a line all overlap when the highest
        low bound still lies within the lowest high bound (linear, not pairwise)."""
        if not self.members:
            return True
        lows = [(m.interval.low, m.interval.low_inclusive) for m in self.members if m.interval.low is not None]
        highs = [(m.interval.high, m.interval.high_inclusive) for m in self.members if m.interval.high is not None]
        if not lows or not highs:
            return True
        low, low_inc = max(lows, key=lambda b: (b[0], not b[1]))
        high, high_inc = min(highs, key=lambda b: (b[0], b[1]))
        return low < high or (low == high and low_inc and high_inc)


@dataclass(slots=True)
class FactIndex:
    """Every proposition of a corpus, built once and read by every comparing check."""

    propositions: list[Proposition]
    # (narrower, whole, same noun): a group named by nationality and the unscoped whole of the same time;
    # "same noun" when the part counts the same noun ("81 Israeli hostages"), not a nationality ("81 Israelis")
    scope_pairs: list[tuple[Proposition, Proposition, bool]]

    def by_claim(self) -> dict[str, str]:
        """claim_id -> proposition_id (derived sums are not claims and are left out)."""
        return {m.claim_id: p.id for p in self.propositions for m in p.members if not m.derived}

    def table(self) -> pd.DataFrame:
        """The ``propositions`` table: one row per proposition with at least one figure."""
        rows = []
        for p in self.propositions:
            counts: dict[str, set[str]] = defaultdict(set)
            for m in p.members:
                counts[written(m)].add(m.context.article_id)
            rows.append({
                "proposition_id": p.id, "label": p.label(), "measure": p.key.measure, "scope": p.key.scope or None,
                "holder": p.key.holder or None, "place": p.key.place or None, "state": p.key.state or None,
                "unit": p.key.unit, "time": p.time, "event_id": p.event.id if p.event else None,
                "claims": len(p.members), "articles": len(p.articles),
                "values": "; ".join(f"{v} ({len(a)} text{'s' if len(a) > 1 else ''})" for v, a in counts.items()),
                "agree": p.agree(), "claim_ids": [m.claim_id for m in p.members],
            })
        frame = pd.DataFrame(rows, columns=list(PROPOSITIONS))
        for column, dtype in PROPOSITIONS.items():
            if dtype != "object":
                frame[column] = frame[column].astype(dtype)
        return frame


def index_facts(articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame | None = None,
                reference: Reference | None = None) -> FactIndex:
    """Group every comparable quantity claim, and every dated action, into propositions (see the module's
    rules)."""
    return index_pieces(fact_pieces(articles, claims, mentions, reference), reference)


@dataclass(slots=True)
class FactPieces:
    """What the index is made of, before grouping: every comparable figure (its frame, time and event
    read once), every dated action by (person, place, action), and the names each article mentions.
    Pieces of different facts never meet in a proposition, so a corpus can be indexed in shards of
    facts (:meth:`split`, :meth:`merged`) and give what the whole corpus would."""

    candidates: list[_Candidate] = field(default_factory=list)
    dated: dict[tuple[str, str, str], list[Dated]] = field(default_factory=dict)
    stories: dict[str, frozenset[str]] = field(default_factory=dict)

    def split(self, shard: Callable[[str], int]) -> dict[int, FactPieces]:
        """The pieces by ``shard`` of their fact (what a figure is about apart from its holder, scope and
        time; the person, place and action of a dated action), each with the names of its articles."""
        out: dict[int, FactPieces] = defaultdict(FactPieces)
        for candidate in self.candidates:
            key = candidate.key
            out[shard("\x1f".join(("figure", key.unit, key.measure, key.place, key.state)))].candidates.append(candidate)
        for action, items in self.dated.items():
            out[shard("\x1f".join(("date", *action)))].dated[action] = items
        for part in out.values():
            named = {c.member.context.article_id for c in part.candidates}
            named |= {d.context.article_id for items in part.dated.values() for d in items}
            part.stories = {a: self.stories[a] for a in named if a in self.stories}
        return dict(out)

    @staticmethod
    def merged(parts: Iterable[FactPieces]) -> FactPieces:
        """One set of pieces from several (of different articles, as batches of a corpus are)."""
        out = FactPieces()
        for part in parts:
            out.candidates += part.candidates
            for action, items in part.dated.items():
                out.dated.setdefault(action, []).extend(items)
            out.stories.update(part.stories)
        return out


def fact_pieces(articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame | None = None,
                reference: Reference | None = None) -> FactPieces:
    """The pieces of the index the tables give (see :class:`FactPieces`)."""
    contexts = article_contexts(articles)
    rows = records(claims)
    return FactPieces(list(_candidates(rows, contexts, mentions, reference)),
                      dict(_dated_groups(rows, contexts, mentions)), story_keys(mentions))


def index_pieces(pieces: FactPieces, reference: Reference | None = None) -> FactIndex:
    """The propositions of ``pieces``: figures grouped by the module's rules, dated actions by occasion."""
    propositions = _group(pieces.candidates, pieces.stories)
    scope_pairs = _scope_pairs(propositions, pieces.stories)
    events = event_keys(reference) if reference is not None else {}
    for key, items in sorted(pieces.dated.items()):
        propositions += _occasions_of(key, items, events.get(key))
    return FactIndex(propositions, scope_pairs)


def _candidates(rows: list[dict[str, Any]], contexts: dict[str, ArticleContext], mentions: pd.DataFrame | None,
                reference: Reference | None) -> Iterator[_Candidate]:
    """Every quantity figure that can be compared (a breakdown's parts as their derived sum)."""
    mentioned = mention_ids(mentions)
    parts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for claim in rows:
        if claim.get("kind") != "quantity" or claim.get("frame") != "parsed":
            continue
        context = contexts.get(str(claim.get("article_id")))
        if context is None or claim.get("start") is None:
            continue
        if claim.get("breakdown") and claim.get("status") == "part":
            parts[(context.article_id, str(claim["breakdown"]))].append(claim)
            continue
        candidate = _candidate(claim, context, reference, mentioned)
        if candidate is not None:
            yield candidate
    for (article_id, _), members in parts.items():
        total = _breakdown_total(members, contexts[article_id])
        if total is not None:
            candidate = _candidate(total, contexts[article_id], reference, mentioned, derived=True)
            if candidate is not None:
                yield candidate


def _dated_groups(claims: list[dict[str, Any]], contexts: dict[str, ArticleContext],
                  mentions: pd.DataFrame | None) -> dict[tuple[str, str, str], list[Dated]]:
    """The dated actions of the claims by (person, place, action)."""
    by_article = mentions_by_article(mentions)
    groups: dict[tuple[str, str, str], list[Dated]] = defaultdict(list)
    for claim in claims:
        if claim.get("kind") != "event_date":
            continue
        item = dated(claim, contexts)
        if item is not None:
            for key in action_keys(item, by_article):
                groups[key].append(item)
    return groups


def _occasions_of(key: tuple[str, str, str], items: list[Dated], named: Event | None, *,
                  window_days: int = DATE_WINDOW_DAYS) -> list[Proposition]:
    """One proposition per occasion one person did one thing in one place ("Haniyeh's arrival in Cairo"):
    dates of the same (person, place, action) at most ``window_days`` apart are one occasion; the value of
    each member is its day. ``named`` (the reference event whose name says who did what where) is the
    event of the occasion it falls in."""
    person, place, action = key
    out: list[Proposition] = []
    chain: list[Dated] = []
    for item in sorted(items, key=lambda d: (d.day, d.context.article_id, int(d.claim["start"]))) + [None]:
        if item is not None and (not chain or (item.day - chain[0].day).days <= window_days):
            chain.append(item)
            continue
        event = named
        if event is not None and not any(abs((d.day - event.start).days) <= window_days for d in chain):
            event = None  # another occasion than the reference's
        first = chain[0].day.isoformat()
        members = [Member(d.claim, d.context, Interval(d.day.toordinal(), True, d.day.toordinal(), True),
                          is_date=True) for d in chain]
        fact = Key("date", action, "", person, place, "")
        out.append(Proposition(_hash("date", *fact, first), fact, f"occasion:{first}", event, members))
        chain = [item] if item is not None else []
    return out


def reading_order(p: Proposition) -> tuple:
    """The order of an index's propositions: figures by id, then dated actions by person, place, action
    and day (an index built in shards is put back in this order)."""
    if p.key.unit == "date":
        return (1, p.key.holder, p.key.place, p.key.measure, p.time)
    return (0, p.id)


def value_groups(members: list[Member]) -> tuple[list[list[Member]], list[Member]]:
    """The figures as groups that can all be right together, the consensus first, and the wide figures
    that fit more than one group (neutral: "more than 100" beside 105 and 110).

    The consensus is the exact figure that the most figures are compatible with (counted on sorted
    bounds, so a large proposition costs n log n, not n²); the figures that disagree with it are grouped
    in order of value, each group holding figures that all fit one another."""
    if not members:
        return [], []
    exact = [m for m in members if m.exact] or members
    lows = sorted(m.interval.low if m.interval.low is not None else -math.inf for m in members)
    highs = sorted(m.interval.high if m.interval.high is not None else math.inf for m in members)

    def support(m: Member) -> int:  # how many figures contain the middle of m's interval
        low = m.interval.low if m.interval.low is not None else m.interval.high
        high = m.interval.high if m.interval.high is not None else m.interval.low
        point = ((low or 0.0) + (high or 0.0)) / 2
        return bisect_right(lows, point) - bisect_left(highs, point)

    pivot = max(exact, key=lambda m: (support(m), -_order(m)[0].toordinal(), _order(m)[1:]))
    consensus = [m for m in members if m.interval.overlaps(pivot.interval)]
    taken = {id(m) for m in consensus}
    groups = [consensus]
    rest = sorted((m for m in members if id(m) not in taken),
                  key=lambda m: (m.interval.low if m.interval.low is not None else -math.inf, _order(m)))
    for m in rest:  # a sweep: a figure joins the current group when it fits every figure in it
        current = groups[-1] if len(groups) > 1 else None
        if current is not None and all(m.interval.overlaps(o.interval) for o in current[-3:]):
            current.append(m)
        else:
            groups.append([m])
    hulls = [(min((o.interval.low for o in g if o.interval.low is not None), default=None),
              max((o.interval.high for o in g if o.interval.high is not None), default=None)) for g in groups]
    neutral = [m for m in members if not m.exact and sum(
        m.interval.overlaps(Interval(lo, True, hi, True)) for lo, hi in hulls) > 1]
    dropped = {id(m) for m in neutral}
    kept = [[m for m in g if id(m) not in dropped] for g in groups]
    return [g for g in kept if g], neutral


# --- building -----------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Candidate:
    member: Member
    key: Key
    holderless: bool
    time: tuple  # ("event", id) | ("day", iso, iso) | ("reported", iso) | ("speaking", iso, dynamics) | ("undated",)
    event: Event | None
    anchor: str  # the event or date the figure is tied to ("" when none), whatever its time key


def _candidate(claim: dict[str, Any], context: ArticleContext, reference: Reference | None,
               mentioned: dict[str, frozenset[str]], *, derived: bool = False) -> _Candidate | None:
    words = figures()
    status = str(claim.get("status") or "actual")
    measure = str(claim.get("measure") or "")
    if status not in COMPARED_STATUS or not measure:
        return None
    interval = claim_interval(claim, precision=True)
    if interval is None:
        return None
    unit = _unit_class(claim.get("unit"))
    if unit == "duration":
        if not measure.startswith("duration of "):
            return None  # a span of time that measures nothing named
        lo_f, hi_f = TIME_UNITS[_time_unit(claim.get("unit"))]
        interval = interval.scaled(lo_f, hi_f)
    state = str(claim.get("state") or "")
    holder = str(claim.get("holder_id") or claim.get("holder") or "").lower()
    holderless = state in words.holderless or unit == "duration"  # an age needs whose it is
    if holder == "?":
        if not holderless:
            return None  # "its 237 orders", "the party won 137 seats": whose, the text does not say here
        holder = ""
    scope = _scope(claim.get("scope"), reference)
    place = str(claim.get("place_id") or claim.get("place") or "").lower()
    if unit == "duration":
        scope = place = ""  # the length of an event is the event's, wherever the text places it
    on = context.speaking
    entities = mentioned.get(context.article_id, frozenset())
    anchors = [a for a in str(claim.get("anchor_text") or "").split(" | ") if a]
    if unit == "duration":
        sentence, _ = claim_sentence(claim, context)
        anchors.append(sentence)
    event = _closed_event(anchors, reference, on, context, entities)
    if event is None and str(claim.get("unit") or "").lower() in words.reading_units:
        return None  # an instant reading: another report of the day may read it hours later
    if holder and not claim.get("holder_id") and unit != "duration":
        named = _closed_event([str(claim.get("holder"))], reference, on, context, entities)
        if named is not None:  # "the truce, which freed 105 hostages": the event is when, not whose
            event, holder = event or named, ""
    if not holder and not holderless:
        return None  # "412 seats": any party's
    time: tuple
    if context.published is None:
        on = None  # a text without a stamp: its own dates are a guess, it is compared by content only
    ended = event.end if event is not None else parse_day(claim.get("as_of_end") or claim.get("as_of"))
    settling = (words.dynamics.get(state) == "cumulative" and ended is not None and on is not None
                and (on - ended).days < words.settle_days)
    if settling:
        time = ("reported", on.isoformat())  # a toll still growing: figures of different days are updates
    elif event is not None:
        time = ("event", event.id)
    elif claim.get("as_of"):
        time = ("day", str(claim["as_of"])[:10], str(claim.get("as_of_end") or claim["as_of"])[:10])
    elif on is not None:
        time = ("speaking", on.isoformat(), words.dynamics.get(state, ""))
    else:
        time = ("undated",)
    anchor = f"event:{event.id}" if event is not None else (f"day:{claim['as_of']}" if claim.get("as_of") else "")
    member = Member(claim, context, interval, derived=derived, undated=context.published is None)
    return _Candidate(member, Key(unit, measure, scope, holder, place, state), holderless, time, event, anchor)


def _closed_event(anchors: Iterable[str], reference: Reference | None, on: date | None, context: ArticleContext,
                  entities: frozenset[str]) -> Event | None:
    """The one closed reference event the figure's anchors name ("during the seven-day truce")."""
    found: dict[str, Event] = {}
    for anchor in anchors:
        for event in events_in(anchor, reference, on=on, within=context.text, entities=entities):
            if event.end is not None:
                found[event.id] = event
    return next(iter(found.values())) if len(found) == 1 else None


def _breakdown_total(parts: list[dict[str, Any]], context: ArticleContext) -> dict[str, Any] | None:
    """The sum of a breakdown's parts as a derived claim meaning "at least the sum"."""
    lows = []
    for part in parts:
        interval = claim_interval(part)
        if interval is None or interval.low is None:
            return None
        lows.append(interval.low)
    frames = {(p.get("measure"), p.get("state"), p.get("place"), p.get("unit"), p.get("holder")) for p in parts}
    if len(frames) != 1 or not parts[0].get("measure"):
        return None
    start, end = min(int(p["start"]) for p in parts), max(int(p["end"]) for p in parts)
    total = sum(lows)
    ids = sorted(str(p.get("claim_id")) for p in parts)
    return {**parts[0], "claim_id": "sum-" + _hash(*ids), "start": start, "end": end,
            "text": context.text[start:end], "value": total, "low": total, "high": None, "low_inclusive": True,
            "high_inclusive": None, "qualifier": "at_least", "scope": None, "status": "actual", "parts": ids}


def _group(candidates: list[_Candidate], stories: dict[str, frozenset[str]]) -> list[Proposition]:
    """Candidates → propositions: by key without holder, then time, then holder, then story."""
    words = figures()
    by_identity: dict[tuple, list[_Candidate]] = defaultdict(list)
    for c in candidates:
        by_identity[c.key._replace(holder="")].append(c)
    out: list[Proposition] = []
    for identity, group in by_identity.items():
        for time, timed in _split_time(group, words.level_days, stories).items():
            for holder, held in _split_holder(timed).items():
                stories_of = [held] if time.startswith("event:") else _split_story(held, stories)
                for story in stories_of:  # one reference event is one story
                    key = Key(*identity)._replace(holder=holder)
                    event = next((c.event for c in story if c.event is not None), None)
                    first = min(c.member.context.article_id for c in story)
                    pid = _hash("proposition", *key, time, first)
                    out.append(Proposition(pid, key, time, event, sorted((c.member for c in story), key=_order)))
    return sorted(out, key=lambda p: p.id)


def _split_time(group: list[_Candidate], level_days: int,
                stories: dict[str, frozenset[str]]) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = defaultdict(list)
    undated: list[_Candidate] = []
    levels: list[tuple[date, _Candidate]] = []
    for c in group:
        kind = c.time[0]
        if c.member.undated:  # dated by its own words only, if at all: compared by content below
            undated.append(c)
        elif kind == "event":
            out[f"event:{c.time[1]}"].append(c)
        elif kind == "day":
            out[f"day:{c.time[1]}" if c.time[1] == c.time[2] else f"days:{c.time[1]}/{c.time[2]}"].append(c)
        elif kind == "reported":
            out[f"reported:{c.time[1]}"].append(c)
        elif kind == "speaking" and c.time[2] == "level":
            levels.append((date.fromisoformat(c.time[1]), c))
        elif kind == "speaking":
            out[f"day:{c.time[1]}"].append(c)
        else:
            undated.append(c)
    start: date | None = None
    for day, c in sorted(levels, key=lambda dc: (dc[0], _order(dc[1].member))):
        if start is None or (day - start).days > level_days:
            start = day
        out[f"from:{start.isoformat()}"].append(c)
    anchors = {key: {m.anchor for m in members} for key, members in out.items()}
    for c in undated:  # a text without a date is compared by its content, at a lower severity:
        tied = [key for key, held in anchors.items() if c.anchor and c.anchor in held]
        if tied:  # the same event or day: with the latest report of it
            latest = max(tied, key=lambda k: max(m.member.context.speaking or date.min for m in out[k]))
            out[latest].append(c)
        elif c.anchor:  # an event or a day its own words name: with other undated texts naming it
            out[f"undated:{c.anchor}"].append(c)
        elif len(out) == 1 and c.key.state in figures().holderless and _told_by(c, next(iter(out.values())), stories):
            next(iter(out.values())).append(c)  # the one event's outcome its content can be about
        else:  # nothing says when: any figure may be of another day (a storm's speed, a price)
            out[f"undated:{c.member.context.article_id}"].append(c)
    return out


def _told_by(c: _Candidate, dated: list[_Candidate], stories: dict[str, frozenset[str]]) -> bool:
    """Whether an undated text tells the story of the dated ones: half the names of the text naming fewer
    are shared (names alone, without a date, must say more than "both mention the president")."""
    mine = stories.get(c.member.context.article_id, frozenset())
    return bool(mine) and any(same_story(mine, theirs, shared=1, overlap=0.5) and theirs for theirs in
                              (stories.get(d.member.context.article_id, frozenset()) for d in dated))


def _split_holder(group: list[_Candidate]) -> dict[str, list[_Candidate]]:
    holders = {c.key.holder for c in group if c.key.holder}
    out: dict[str, list[_Candidate]] = defaultdict(list)
    for c in group:
        if c.key.holder:
            out[c.key.holder].append(c)
        elif len(holders) == 1 and c.holderless:
            out[next(iter(holders))].append(c)  # "105 hostages were freed" joins "Hamas freed 105 hostages"
        else:
            out[""].append(c)
    return out


def _split_story(group: list[_Candidate], stories: dict[str, frozenset[str]]) -> list[list[_Candidate]]:
    """The candidates by story: each article joins the first story whose first article tells the same
    story as it (:func:`same_story`), found through the names they share, else starts one. Stories are
    never chained through a third text, so a vague text cannot join two floods into one."""
    by_article: dict[str, list[_Candidate]] = defaultdict(list)
    for c in group:
        by_article[c.member.context.article_id].append(c)
    if len(by_article) == 1:
        return [group]
    order = sorted(by_article, key=lambda a: (-len(stories.get(a, ())), a))
    seeds: list[str] = []
    seeds_by_name: dict[str, list[int]] = defaultdict(list)
    out: list[list[_Candidate]] = []
    for article in order:
        names = stories.get(article, frozenset())
        candidates = sorted({i for name in names for i in seeds_by_name.get(name, ())})
        home = next((i for i in candidates if same_story(stories.get(seeds[i], frozenset()), names)), None)
        if home is None:
            home = len(seeds)
            seeds.append(article)
            out.append([])
            for name in names:
                seeds_by_name[name].append(home)
        out[home].extend(by_article[article])
    return out


def _scope_pairs(propositions: list[Proposition],
                 stories: dict[str, frozenset[str]]) -> list[tuple[Proposition, Proposition, bool]]:
    """(narrower, whole, same noun): a proposition scoped by one nationality and the unscoped one of the
    same time, in texts of one story."""
    wholes: dict[tuple, list[Proposition]] = defaultdict(list)
    for p in propositions:
        if not p.key.scope:
            wholes[(p.key._replace(scope=""), p.time)].append(p)
    lexicon = figures()
    out = []
    for p in propositions:
        if not p.key.scope.startswith("country/") or "|" in p.key.scope:
            continue
        mine = [stories.get(a, frozenset()) for a in p.articles]
        same_noun = all(lexicon.measure(str(m.claim.get("predicate_lemma") or "").lower()) == p.key.measure
                        for m in p.members)
        for whole in wholes.get((p.key._replace(scope=""), p.time), []):
            theirs = [stories.get(b, frozenset()) for b in whole.articles if b not in p.articles]
            if any(same_story(a, b) for a in mine for b in theirs):
                out.append((p, whole, same_noun))
    return out


# --- small helpers ------------------------------------------------------------------------------------
def _scope(value: Any, reference: Reference | None) -> str:
    parts = []
    for part in str(value or "").split("|"):
        part = part.strip()
        if not part:
            continue
        if reference is not None and not part.startswith(("country/", "place/", "org/", "person/")):
            country = reference.country_for_adjective(part)
            if country is not None and country.type == "country":
                part = country.id
        parts.append(part)
    return "|".join(sorted(set(parts)))


def _unit_class(unit: Any) -> str:
    text = str(unit or "").strip()
    if not text or text.lower() in ("person", "people"):
        return "count"
    if _time_unit(text) in TIME_UNITS:
        return "duration"
    return text


def _time_unit(unit: Any) -> str:
    text = str(unit or "").strip().lower()
    return text[:-1] if text.endswith("s") and text[:-1] in TIME_UNITS else text


def _order(member: Member) -> tuple[date, str, int]:
    return member.context.speaking or date.min, member.context.article_id, int(member.claim["start"])


order_key = _order  # figures in reading order: by the day their text speaks from, article, offset


def texts(members: Iterable[Member]) -> set[str]:
    """The articles that give these figures."""
    return {m.context.article_id for m in members}


def count_label(members: list[Member]) -> str:
    """How an explanation names the texts that give these figures: the one text's label, or "3 texts"."""
    found = texts(members)
    return members[0].context.label if len(found) == 1 else f"{len(found)} texts"


def entity_name(entity_id: str) -> str:
    """A reference id in words, for labels ("person/ismail_haniyeh" → "Ismail Haniyeh")."""
    return entity_id.split("/", 1)[-1].replace("_", " ").title()


def written(member: Member) -> str:
    """A figure as its text gives it ("more than 130", "2023-12-20", "at least 23 (the sum of its parts)")."""
    if member.is_date:
        return date.fromordinal(int(member.interval.low or 1)).isoformat()
    raw = claim_interval(member.claim)
    text = raw.describe() if raw is not None else "?"
    span = _time_unit(member.claim.get("unit"))
    if span in TIME_UNITS:  # a length in the unit its text gives ("3 years", "47 months")
        text += f" {span}" if raw is not None and raw.exact and raw.low == 1 else f" {span}s"
    return f"at least {text.removeprefix('at least ')} (the sum of its parts)" if member.derived else text


def source(member: Member, side: str, group: int = 0) -> dict[str, Any]:
    """One source of a disagreement for a finding's ``sources``; ``group`` numbers the figures that can be
    right together (0: the consensus)."""
    claim = member.claim
    return {"side": side, "group": group, "article_id": member.context.article_id,
            "claim_id": None if member.derived else claim.get("claim_id"), "text": claim.get("text"),
            "start": int(claim["start"]), "end": int(claim["end"]), "value": written(member),
            "label": member.context.label, "where": member.context.where,
            "date": member.context.speaking.isoformat() if member.context.speaking else None}


def _hash(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _tighter(a: float | None, a_inc: bool, b: float | None, b_inc: bool, *, lower: bool) -> tuple[float | None, bool]:
    if a is None:
        return b, b_inc
    if b is None:
        return a, a_inc
    if a == b:
        return a, a_inc and b_inc
    pick_a = a > b if lower else a < b
    return (a, a_inc) if pick_a else (b, b_inc)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return f"{value:g}"

