"""Figures that cannot both be true: two statements of the same quantity whose intervals do not overlap.

Quantity claims are first put in buckets by what they count, never compared all against all:

* the **counted thing**: the claim's ``predicate_lemma`` mapped through ``GROUPS`` (a small table of news
  nouns that count the same thing: hostage = captive = detainee; truce = ceasefire = pause), else the
  lemma itself;
* the **state** the sentence puts it in, from the verbs nearest the figure (``STATES``: freed/released
  vs held/remaining vs killed …): "105 hostages freed" and "129 hostages still held" are different
  figures;
* the **unit class**: counts, or durations (converted to days).

Within a bucket two claims are compared only when they are about the same period: the texts speak from
(or were published on) dates at most ``window_days`` apart, or both name the same reference event and
are at most ``event_window_days`` apart (claims naming different events are never compared); never two
figures of one sentence ("240 Palestinians and 100 detainees" lists different things). The claims are
swept in date order, each looking back only through its window, and each claim gets at most
``per_figure`` findings in all (the nearest texts that disagree with it, and how many more do), so the
findings grow linearly with the corpus. Intervals come from the claims' ``low``/``high`` (with
inclusivity), so "more than 100" and "105" agree. Severity: high when both figures are exact, medium otherwise, low when one figure counts a
narrower group ("81 Israelis freed" vs "105 hostages freed": a *scope*
difference, not a contradiction). Durations of a closed reference event ("seven-day truce") are also
checked against the event's dates. Figures in a hypothetical or future clause ("would free 50",
"a new six-week truce") and elapsed durations ("has lasted 70 days", see ``temporal``) are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any, Iterator

import pandas as pd

from ..reference import Event, Reference
from ._common import (ArticleContext, article_contexts, claim_sentence, event_days, events_in, finding,
                      long_date, mention_ids, quote, records, the, to_frame)

# counted noun (singular lemma) -> the group of nouns news uses for the same counted thing
GROUPS: dict[str, str] = {
    "hostage": "captive", "captive": "captive", "abductee": "captive", "detainee": "captive",
    "prisoner": "prisoner", "inmate": "prisoner",
    "truce": "ceasefire", "ceasefire": "ceasefire", "cease-fire": "ceasefire", "pause": "ceasefire",
    "lull": "ceasefire", "armistice": "ceasefire",
    "war": "war", "conflict": "war", "fighting": "war",
    "death": "death", "fatality": "death", "dead": "death",
    "person": "people", "people": "people", "individual": "people", "civilian": "people",
}
# a count of people in general joins the captives when its clause speaks of custody
_CUSTODY = re.compile(r"\b(?:custody|captivity|captive|hostages?|abduct\w*|kidnapp?\w*)\b", re.I)
# group -> how an explanation names it
_GROUP_LABEL = {"captive": "hostages/detainees", "prisoner": "prisoners", "ceasefire": "truce/ceasefire",
                "war": "war", "death": "deaths", "people": "people"}

# The state a figure describes, from the nearest verb or cue in its clause (order: tie-break).
STATES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("released", re.compile(r"\b(?:free[ds]?|freeing|releas\w*|return(?:ed|s)?|hand(?:ed|s|ing)? over|"
                            r"swap\w*|exchang\w*|rescu\w*|liberat\w*|let go)\b", re.I)),
    ("held", re.compile(r"\b(?:held|hold(?:s|ing)?|remain\w*|still|custody|captivity|kept|detained)\b", re.I)),
    ("killed", re.compile(r"\b(?:kill\w*|dead|died|die|deaths?|slain|fatalit\w*)\b", re.I)),
    ("injured", re.compile(r"\b(?:injur\w*|wound\w*|hurt)\b", re.I)),
    ("taken", re.compile(r"\b(?:abduct\w*|kidnapp?\w*|seiz\w*|taken|captured|arrest\w*)\b", re.I)),
)
_STATE_LABEL = {"released": "freed", "held": "still held", "killed": "killed", "injured": "injured",
                "taken": "taken", "": ""}
# a figure in a hypothetical, proposed or future clause is not a statement of fact: a modal or a verb of
# proposing near it ("would free 50", "50 would be freed", "if 50 are freed") ...
MODAL = re.compile(
    r"\b(?:would|could|might|(?-i:may)|will|shall|should|propos\w*|plan\w*|offer\w*|demand\w*|seek\w*|"
    r"want\w*|call(?:s|ed)? for|push\w* for|if|unless)\b|'ll\b",
    re.I,
)
# ... or a word marking another instance right before it ("a new six-week truce", "another 50"). The
# temporal checks reuse these cues. Name words never count ("The New York Times", see ``hypothetical``).
MODIFIER = re.compile(r"\b(?:new|another|next|second|renewed|extend\w*|extension|additional|further)\b", re.I)
HYPOTHETICAL = re.compile(f"{MODAL.pattern}|{MODIFIER.pattern}", re.I)  # either, anywhere (a coarse test)
# a reporting verb ends the words that can govern a figure: what comes before it is who speaks
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|reported|reports|according to|announced|confirmed|"
                        r"added|stated|estimated|wrote)\b", re.I)
_WORD = re.compile(r"[\w'’-]+")


def hypothetical(text: str, start: int, end: int, *, reach: int = 6, after: int = 4) -> bool:
    """Whether the figure at [start, end) of ``text`` is hypothetical, proposed or future: a ``MODAL`` cue
    among the ``reach`` words before it (back to a reporting verb) or the ``after`` words after it (to the
    next punctuation), or a ``MODIFIER`` among the two words right before it. Capitalised words inside a
    sentence are names ("The New York Times", "Next Generation"), never cues."""
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
    """Whether ``text`` holds any ``HYPOTHETICAL`` cue that is not part of a name (a coarse, window-free test)."""
    return any(not _is_name(text, m.start()) for m in HYPOTHETICAL.finditer(text))


def _is_name(text: str, at: int) -> bool:
    """A capitalised word with words before it in its sentence: part of a name, not a cue."""
    if not text[at:at + 1].isupper():
        return False
    prefix = text[:at].rstrip()
    return bool(prefix) and prefix[-1] not in ".!?\"“‘'([—–-:;\n"


# an elapsed duration ("has lasted 70 days", "since 7 October", "now in") is the temporal check's business
ELAPSED = re.compile(r"\b(?:ha(?:s|ve)\s+(?:now\s+)?(?:lasted|been|gone on|continued|raged|dragged on|entered)|"
                     r"since|so far|now|into (?:its|the)|for the (?:past|last))\b", re.I)
_LENGTH_CUE = re.compile(r"\b(?:last\w*|long|span\w*|ran|runs?)\b", re.I)
# time units -> (days per unit, lowest, highest)
TIME_UNITS: dict[str, tuple[float, float]] = {
    "hour": (1 / 24, 1 / 24), "day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366),
}
_CLAUSE_BREAK = re.compile(r"[;:]|\s[–—]\s|, (?:but|while|whereas|however|and then)\b")


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


@dataclass(frozen=True, slots=True)
class _Figure:
    claim: dict[str, Any]
    context: ArticleContext
    interval: Interval  # in days for durations
    key: tuple[str, str, str]  # (unit class, counted group, state)
    scope: str | None  # a narrower group named by a demonym ("Israelis"), else None
    noun: str  # the counted thing as written
    events: frozenset[str]
    sentence_key: tuple[str, int]


def find_numeric_conflicts(articles: pd.DataFrame, claims: pd.DataFrame, *, reference: Reference | None = None,
                           mentions: pd.DataFrame | None = None, window_days: int = 10, event_window_days: int = 90,
                           per_figure: int = 3) -> pd.DataFrame:
    """Findings of kind ``numeric_conflict``: same-thing figures that disagree, within an article, across
    articles about the same period, and durations against the reference's event dates."""
    contexts = article_contexts(articles)
    mentioned = mention_ids(mentions)
    figures = [f for f in (_figure(c, contexts, reference, mentioned) for c in records(claims)
                           if c.get("kind") == "quantity") if f is not None]
    rows: list[dict[str, Any]] = []
    buckets: dict[tuple[str, str, str], list[_Figure]] = {}
    for figure in figures:
        buckets.setdefault(figure.key, []).append(figure)
    for bucket in buckets.values():
        rows.extend(_bucket_conflicts(bucket, window_days=window_days, event_window_days=event_window_days,
                                      per_figure=per_figure))
    if reference is not None:
        rows.extend(_against_events(figures, reference))
    return to_frame(rows)


# --- building figures ------------------------------------------------------------------------------
def claim_interval(claim: dict[str, Any]) -> Interval | None:
    """The interval a quantity claim states (``low``/``high`` with inclusivity; ``value`` alone is exact;
    "about N" given as a point is widened by 10 %)."""
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
        interval = Interval(low - abs(low) / 10, True, low + abs(low) / 10, True)
    return interval


def _figure(claim: dict[str, Any], contexts: dict[str, ArticleContext], reference: Reference | None,
            mentioned: dict[str, frozenset[str]]) -> _Figure | None:
    context = contexts.get(str(claim.get("article_id")))
    interval = claim_interval(claim)
    if context is None or interval is None or claim.get("start") is None:
        return None
    sentence, offset = claim_sentence(claim, context)
    clause, at = _clause(sentence, offset, offset + len(str(claim.get("text") or "")))
    if hypothetical(clause, at, at + len(str(claim.get("text") or ""))):
        return None
    lemma = _lemma(claim)
    unit = _unit(claim.get("unit"))
    events = frozenset(e.id for e in events_in(clause, reference, on=context.speaking, within=context.text,
                                               entities=mentioned.get(context.article_id, frozenset())))
    sentence_id = claim.get("sentence_id")
    where = (context.article_id, str(sentence_id) if sentence_id is not None else sentence)
    predicate = str(claim.get("predicate") or lemma or "")
    if unit in TIME_UNITS:
        if ELAPSED.search(clause):
            return None
        thing = GROUPS.get(lemma or "", "")
        if thing not in ("ceasefire", "war"):
            thing = _event_noun(clause)
        if not thing and not events:
            return None
        lo_f, hi_f = TIME_UNITS[unit]
        key = ("duration", thing or "event " + ",".join(sorted(events)), "")
        return _Figure(claim, context, interval.scaled(lo_f, hi_f), key, None, predicate, events, where)
    if not lemma:
        return None
    scope, noun_is_demonym = _demonym(predicate, reference)
    group = GROUPS.get(lemma, lemma)
    state = _state(clause, at, at + len(str(claim.get("text") or "")))
    if noun_is_demonym or group == "people":  # "240 Palestinians", "120 people ... in custody"
        group = "captive" if state in ("released", "held", "taken") and (
            noun_is_demonym or _CUSTODY.search(clause)) else "people"
    if unit and unit not in ("person", "people"):
        group = f"{group} ({unit})"
    return _Figure(claim, context, interval, ("count", group, state), scope, predicate, events, where)


def _lemma(claim: dict[str, Any]) -> str | None:
    """The counted noun, lower-case and singular: ``predicate_lemma``, else the predicate's last word."""
    lemma = claim.get("predicate_lemma")
    if not lemma:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", str(claim.get("predicate") or ""))
        lemma = words[-1] if words else None
    if not lemma:
        return None
    low = str(lemma).strip().lower()
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("s") and not low.endswith(("ss", "us")):
        return low[:-1]
    return low


def _unit(unit: Any) -> str:
    text = str(unit or "").strip().lower()
    return text[:-1] if text.endswith("s") and text[:-1] in TIME_UNITS else text


def _demonym(predicate: str, reference: Reference | None) -> tuple[str | None, bool]:
    """The country whose demonym narrows the counted group ("Israelis", "Thai hostages"), and whether
    the counted noun itself is that demonym ("240 Palestinians")."""
    words = re.findall(r"[A-Z][A-Za-z]+", predicate)
    all_words = re.findall(r"[A-Za-z]+", predicate)
    for word in words:
        if reference is not None:
            country = reference.country_for_adjective(word)
            name = country.name if country is not None and country.type == "country" else None
        else:
            name = word.rstrip("s") if re.fullmatch(r"[A-Z][a-z]+(?:i|ian|an|ese|ish|ch)s?", word) else None
        if name:
            return name, bool(all_words) and all_words[-1] == word
    return None, False


def _clause(sentence: str, start: int, end: int) -> tuple[str, int]:
    """The clause of ``sentence`` around [start, end) and the figure's offset in it."""
    begin, finish = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            finish = match.start()
            break
    return sentence[begin:finish], max(0, start - begin)


def _state(clause: str, at: int, at_end: int) -> str:
    """The state nearest the figure [at, at_end) in its clause (see STATES), or "" when no cue is there."""
    best: tuple[int, int, str] | None = None
    for order, (state, pattern) in enumerate(STATES):
        for match in pattern.finditer(clause):
            if match.end() <= at:
                distance = at - match.end()
            elif match.start() >= at_end:
                distance = match.start() - at_end
            else:
                distance = 0  # the cue is inside the figure's own words ("hostages still held")
            candidate = (distance, order, state)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else ""


def _event_noun(clause: str) -> str:
    """The event noun a "lasted N days" clause speaks of ("the truce lasted eight days"), else ""."""
    if not _LENGTH_CUE.search(clause):
        return ""
    for word in re.findall(r"[a-z][a-z-]*", clause.lower()):
        group = GROUPS.get(word.rstrip("s"))
        if group in ("ceasefire", "war"):
            return group
    return ""


# --- comparing -------------------------------------------------------------------------------------
def _bucket_conflicts(bucket: list[_Figure], *, window_days: int, event_window_days: int,
                      per_figure: int) -> list[dict[str, Any]]:
    """Findings for one bucket, never comparing all pairs: the figures are sorted by date and each one is
    compared only with the earlier ones inside its time window (a sweep), by the texts' speaking dates and
    again by their stamps. A claim gets at most ``per_figure`` findings in all (the nearest texts that
    disagree with it), the first one saying how many more texts disagree, so the output grows linearly
    with the corpus."""
    # one verdict per pair of distinct statements (figure and scope): many texts repeat one figure
    statements: dict[tuple[Interval, str | None], int] = {}
    statement = {id(f): statements.setdefault((f.interval, f.scope), len(statements)) for f in bucket}
    verdicts: dict[tuple[int, int], bool | None] = {}
    # id(second) -> id(first) -> (distance in days, first, second, scoped)
    found: dict[int, dict[int, tuple[int, _Figure, _Figure, bool]]] = {}
    totals: dict[int, set[int]] = {}
    passes = ["speaking"]
    if any(f.context.published is not None and f.context.published != f.context.speaking for f in bucket):
        passes.append("published")  # stamps differ from the texts' own dates somewhere: compare by them too
    for attribute in passes:
        for distance, first, second in _earlier_in_window(bucket, attribute, window_days=window_days,
                                                          event_window_days=event_window_days):
            pair_key = (statement[id(first)], statement[id(second)])
            if pair_key in verdicts:
                scoped = verdicts[pair_key]
            else:
                scoped = verdicts[pair_key] = _disagree(first, second)
            if scoped is None:
                continue
            slot = found.setdefault(id(second), {})
            if id(first) not in slot or distance < slot[id(first)][0]:
                slot[id(first)] = (distance, first, second, scoped)
            totals.setdefault(id(second), set()).add(id(first))
    for figures in _undated_by_article(bucket).values():  # without dates, only figures inside one article
        for a, b in combinations(figures, 2):
            scoped = _disagree(a, b)
            if scoped is not None and _pairable(a, b):
                first, second = sorted((a, b), key=_order)
                found.setdefault(id(second), {})[id(first)] = (0, first, second, scoped)
                totals.setdefault(id(second), set()).add(id(first))
    rows, seen = [], set()
    for key, slot in sorted(found.items(), key=lambda kv: _order(next(iter(kv[1].values()))[2])):
        chosen = sorted(slot.values(), key=lambda item: (item[0], _order(item[1])))[:per_figure]
        others = max(0, len(totals.get(key, ())) - len(chosen))
        for rank, (_, first, second, scoped) in enumerate(chosen):
            pair = frozenset((id(first), id(second)))
            if pair in seen:
                continue
            seen.add(pair)
            rows.append(_row(first, second, scoped=scoped, others=others if rank == 0 else 0))
    return rows


def _earlier_in_window(bucket: list[_Figure], attribute: str, *, window_days: int,
                       event_window_days: int) -> Iterator[tuple[int, _Figure, _Figure]]:
    """(distance in days, earlier figure, later figure) for the figures of other texts (or other sentences)
    dated by ``attribute`` ("speaking" or "published") at most ``window_days`` before each figure; when both
    name a reference event, only by speaking date and only when it is the same event, up to
    ``event_window_days``. A sweep over the sorted dates: each figure looks back only through its window."""
    dated = sorted((f for f in bucket if getattr(f.context, attribute) is not None),
                   key=lambda f: (getattr(f.context, attribute), f.context.article_id, int(f.claim["start"])))
    days = [getattr(f.context, attribute).toordinal() for f in dated]
    evented = [i for i, f in enumerate(dated) if f.events]
    long_window = event_window_days if attribute == "speaking" else window_days
    for i, second in enumerate(dated):
        day = days[i]
        for j in range(i - 1, -1, -1):
            distance = day - days[j]
            if distance > window_days:
                break
            first = dated[j]
            if first.events and second.events and (attribute != "speaking" or not first.events & second.events):
                continue  # claims naming events are compared by speaking date, and only when the event is one
            if _pairable(first, second):
                yield distance, first, second
        if not second.events or long_window <= window_days:
            continue
        low = bisect_left(days, day - long_window)
        for j in reversed(evented[bisect_left(evented, low):bisect_left(evented, i)]):
            distance = day - days[j]
            if distance <= window_days:
                continue  # already seen in the short window
            first = dated[j]
            if first.events & second.events and _pairable(first, second):
                yield distance, first, second


def _undated_by_article(bucket: list[_Figure]) -> dict[str, list[_Figure]]:
    out: dict[str, list[_Figure]] = {}
    for figure in bucket:
        if figure.context.speaking is None and figure.context.published is None:
            out.setdefault(figure.context.article_id, []).append(figure)
    return out


def _pairable(a: _Figure, b: _Figure) -> bool:
    """Figures in one sentence list different things ("240 Palestinians and 100 detainees")."""
    return a.sentence_key != b.sentence_key


def _disagree(a: _Figure, b: _Figure) -> bool | None:
    """None when the figures can both be right; else whether the disagreement is one of scope only."""
    if a.interval.overlaps(b.interval):
        return None
    if a.scope and b.scope and a.scope != b.scope:
        return None  # two different narrower groups ("Israelis", "Thais") are different counts
    scoped = a.scope != b.scope
    if scoped and not _close(a.interval, b.interval):
        return None  # far-apart figures for differently named groups count different things
    return scoped


def _order(figure: _Figure) -> tuple[date, str, int]:
    return figure.context.speaking or date.min, figure.context.article_id, int(figure.claim["start"])


def _row(first: _Figure, second: _Figure, *, scoped: bool, others: int) -> dict[str, Any]:
    """The finding on ``second`` (the later claim) against ``first``; ``others``: more texts saying the same."""
    severity = "low" if scoped else ("high" if first.interval.exact() and second.interval.exact() else "medium")
    unit_class, group, state = second.key
    thing = _GROUP_LABEL.get(group, group)
    days = " days" if unit_class == "duration" else ""
    if unit_class == "duration":
        what = f"the length of the {thing}"
    else:
        what = f"{thing} {_STATE_LABEL.get(state, state)}".strip()
    where = "earlier in this text" if first.context.article_id == second.context.article_id else (
        f"another text ({first.context.label})")
    if others:
        where += f" and {others} more text{'s' if others > 1 else ''}"
    if scoped:
        narrow, wide = (second, first) if second.scope else (first, second)
        explanation = (
            f"Scope: this text gives {second.interval.describe()} ({quote(second.claim['text'])}) and {where} "
            f"{'give' if others else 'gives'} {first.interval.describe()} ({quote(first.claim['text'])}) for {what}, "
            f"but one counts only {narrow.noun} and the other {wide.noun}: both can be right if one group is part "
            "of the other — check which group each source means."
        )
    else:
        explanation = (
            f"The figures disagree: this text gives {second.interval.describe()}{days} for {what} "
            f"({quote(second.claim['text'])}), {where} {'give' if others else 'gives'} "
            f"{first.interval.describe()}{days} ({quote(first.claim['text'])}); both cannot be right for the same "
            "period — check the sources' counts and dates."
        )
    return finding(
        kind="numeric_conflict",
        severity=severity,
        context=second.context,
        start=int(second.claim["start"]),
        end=int(second.claim["end"]),
        claim_id=second.claim.get("claim_id"),
        other_article_id=first.context.article_id,
        other_claim_id=first.claim.get("claim_id"),
        other_text=first.claim.get("text"),
        expected=f"{first.interval.describe()}{days} (as {first.context.label} says)" if not scoped else None,
        reference_source=first.context.where,
        explanation=explanation,
    )


def _close(a: Interval, b: Interval) -> bool:
    """Two figures within 50 % of each other (judged on their finite bounds)."""
    values = [v for v in (a.low, a.high, b.low, b.high) if v is not None and v > 0]
    return bool(values) and max(values) <= 1.5 * min(values)


def _against_events(figures: list[_Figure], reference: Reference) -> Iterator[dict[str, Any]]:
    """Durations of a closed reference event ("seven-day truce") against the event's own dates."""
    for figure in figures:
        if figure.key[0] != "duration":
            continue
        events = [reference.events[e] for e in sorted(figure.events) if reference.events[e].end is not None]
        if len(events) != 1:
            continue  # none, or several closed events named in one clause: which one is unclear
        event: Event = events[0]
        days = event_days(event)
        truth = Interval(days, True, days, True)
        if days is None or figure.interval.overlaps(truth):
            continue
        assert event.end is not None
        yield finding(
            kind="numeric_conflict",
            severity="high" if figure.interval.exact() else "medium",
            context=figure.context,
            start=int(figure.claim["start"]),
            end=int(figure.claim["end"]),
            claim_id=figure.claim.get("claim_id"),
            expected=f"{days} days ({long_date(event.start)} to {long_date(event.end)})",
            reference_source=event.source,
            explanation=(
                f"{quote(figure.claim['text'])} gives {the(event.name)} a length of {figure.interval.describe()} days, "
                f"but it ran from {long_date(event.start)} to {long_date(event.end)}, {days} days."
            ),
            key=event.id,
        )


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
    return None if number != number else number


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
