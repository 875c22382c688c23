"""Figures that cannot both be true: the same fact given as numbers that do not overlap.

The check compares only inside a proposition of :mod:`claimkit.propositions` — which decides what is
the same fact (same measure, scope, holder, place, state, kind of figure and time, in texts telling the
same story). One disagreement is one finding: it lists every source on each side (``sources``), with the
figure most texts give as ``expected`` and the texts that differ as the evidence.

Severity: **high** only when the two sides come from different texts, figures on both sides are stated
as exact (no "about", no range, no "more than", and not a sum of parts), they differ beyond the
precision they are written with ("51%" agrees with "51.2%"), and the fact is pinned to one time on both
sides — a dated reference event, or a date on the figure's verb (two tolls "on Tuesday" from two texts
written that day may be two updates of the day). **Medium** otherwise: one text against itself, an open or
rounded figure, a level compared over a few days, a fresh event's growing count on one day of reporting,
a text with no date, and a part above its whole.
**Low**: a scope note — a group named by nationality ("81 Israelis freed") beside the whole ("105
hostages freed"): both can be right. Durations of a closed reference event ("a seven-day truce") are
also checked against the event's own dates.
"""

from __future__ import annotations

from typing import Any, Iterator

import pandas as pd

from ..lexicon import figures
from ..propositions import (FactIndex, Interval, Member, Proposition, count_label, index_facts, order_key, source,
                            texts, value_groups, written)
from ..reference import Event, Reference
from ._common import between, event_days, long_date, quote, the, to_frame


def find_numeric_conflicts(articles: pd.DataFrame, claims: pd.DataFrame, *, reference: Reference | None = None,
                           mentions: pd.DataFrame | None = None, index: FactIndex | None = None) -> pd.DataFrame:
    """Findings of kind ``numeric_conflict``: one per proposition whose figures disagree (with each
    other or with the reference's event dates), and one per part whose whole another text gives."""
    if index is None:
        index = index_facts(articles, claims, mentions, reference)
    rows: list[dict[str, Any]] = []
    for proposition in index.propositions:
        if proposition.key.unit != "date":  # dated actions are the temporal check's
            rows.extend(_disagreement(proposition, reference))
    for narrow, whole, same_noun in index.scope_pairs:
        rows.extend(_scope_note(narrow, whole, same_noun=same_noun))
    return to_frame(rows)


# --- one proposition ---------------------------------------------------------------------------------
def _disagreement(p: Proposition, reference: Reference | None) -> Iterator[dict[str, Any]]:
    truth = _reference_length(p) if reference is not None else None
    members = p.members
    if truth is not None:
        event, days = truth
        exact_days = Interval(days, True, days, True)
        agree = [m for m in members if m.interval.overlaps(exact_days)]
        agreeing = {id(m) for m in agree}
        differ = [m for m in members if id(m) not in agreeing]
        if differ:
            yield _row(p, value_groups(differ)[0], agree, event=event, days=days)
        return
    if len(members) < 2 or p.agree():
        return
    groups, neutral = value_groups(members)
    if len(groups) < 2:
        return
    if _torn(groups) and not _self_contradiction(p, groups):
        return  # a text giving two of the figures itself: the frame holds two facts it could not tell apart
    consensus, others = groups[0], [m for g in groups[1:] for m in g]
    if len(groups) == 2 and (len(texts(others)) > len(texts(consensus)) or (
            len(texts(others)) == len(texts(consensus)) and order_key(others[0]) < order_key(consensus[0]))):
        groups = [groups[1], groups[0]]  # the evidence is the figure fewer (or later) texts give
    yield _row(p, groups[1:], groups[0], neutral=neutral)


def _torn(groups: list[list[Member]]) -> bool:
    """Whether one text gives figures in two of the groups."""
    seen: set[str] = set()
    for group in groups:
        mine = texts(group)
        if mine & seen:
            return True
        seen |= mine
    return False


def _self_contradiction(p: Proposition, groups: list[list[Member]]) -> bool:
    """Whether one text's two figures for a proposition contradict each other. Real articles seldom do;
    two figures of one measure in one text are far more often two facts the frame could not tell apart
    (two terms, two sons, two men's ages). So only an event's outcome (killed, freed, ...) pinned to one
    dated event or day, stated exactly on both sides, counts."""
    pinned = p.time.startswith("event:") or (p.time.startswith("day:") and all(
        m.claim.get("as_of") for g in groups for m in g))
    return pinned and p.key.state in figures().holderless and all(any(m.exact for m in g) for g in groups)


def _reference_length(p: Proposition) -> tuple[Event, int] | None:
    """(event, days) when the proposition is the length of a closed reference event."""
    if p.key.unit != "duration" or p.event is None or p.event.end is None:
        return None
    days = event_days(p.event)
    return (p.event, days) if days is not None else None


def _row(p: Proposition, groups: list[list[Member]], agree: list[Member], *, event: Event | None = None,
         days: int | None = None, neutral: list[Member] = ()) -> dict[str, Any]:
    """One finding: every group of figures that disagrees with ``agree`` (the consensus, or the texts that
    agree with the reference), the first group's latest figure as the evidence."""
    differ = [m for g in groups for m in g]
    primary = groups[0][-1]
    other = _closest(primary, agree)
    severity = _severity(p, differ, agree, reference=event is not None)
    said = "; ".join(_values(g) for g in groups)
    one = len(texts(agree)) == 1
    if event is not None:
        ran = f"{long_date(event.start)} to {long_date(event.end)}" if event.end else long_date(event.start)
        expected = f"{days} days ({ran})"
        others = f" — as {count_label(agree)} also say{'s' if one else ''}" if agree else ""
        explanation = (f"{said} for {the(event.name)}, but it ran from {ran}, {days} days{others}; "
                       "check which length the sources mean.")
        cited = event.source
    else:
        expected = f"{_values(agree, plain=True)} (as {count_label(agree)} say{'s' if one else ''})"
        alone = texts(agree) == texts(differ)
        where = "this text" if alone else count_label(agree)
        explanation = (f"The figures disagree on {p.label()}: {said}, while {where} give{'s' if alone or one else ''} "
                       f"{_values(agree)}; both cannot be right for the same "
                       f"{'event' if p.event is not None else 'time'} — check the sources' counts and dates.")
        if any(m.undated for m in p.members):
            explanation += " One text has no date: it may speak of another time."
        cited = other.context.where if other is not None else None
    sources = [source(m, "differs", i + 1) for i, g in enumerate(groups) for m in g]
    sources += [source(m, "agrees", 0) for m in agree]
    sources += [source(m, "fits both", -1) for m in neutral]
    if event is not None:
        sources.append({"side": "reference", "text": f"{event.name}: {expected}", "where": event.source,
                        "value": days})
    return between(
        kind="numeric_conflict",
        severity=severity,
        primary=primary,
        other=other,
        expected=expected,
        reference_source=cited,
        explanation=explanation,
        key=p.id,
        proposition_id=p.id,
        sources=sources,
    )


def _severity(p: Proposition, differ: list[Member], agree: list[Member], *, reference: bool) -> str:
    """High only for exact figures from different texts, pinned to one time, beyond their precision."""
    if not any(m.exact for m in differ) or not (any(m.exact for m in agree) or reference):
        return "medium"
    if any(m.undated for m in p.members):
        return "medium"  # a text without a date
    if not reference and texts(differ) == texts(agree):
        return "medium"  # one text against itself
    if p.time.startswith("reported:"):
        return "medium"  # a fresh event's count, still growing through the day of reporting
    pinned = p.time.startswith("event:") or all(m.claim.get("as_of") for m in (*differ, *agree))
    return "high" if pinned else "medium"


# --- parts and wholes ------------------------------------------------------------------------------------
def _scope_note(narrow: Proposition, whole: Proposition, *, same_noun: bool) -> Iterator[dict[str, Any]]:
    """Figures for a group named by nationality beside the figure for the whole, one finding per pair of
    propositions: a part above its whole is a conflict when both count the same noun ("90 Israeli hostages"
    against "80 hostages"); a close figure is a note that the two count different groups."""
    parts = [m for m in narrow.members if texts([m]) - texts(whole.members)]
    wholes = [w for w in whole.members if texts([w]) - texts(narrow.members)]
    if not parts or not wholes:
        return
    above = [w for w in wholes if any(m.interval.low is not None and w.interval.high is not None
                                      and m.interval.low > w.interval.high for m in parts)]
    if above and same_noun:
        yield _scope_row(narrow, whole, parts, above, conflict=True)
        return
    close = [w for w in wholes if any(_close(m.interval, w.interval) and not m.interval.overlaps(w.interval)
                                      for m in parts)]
    if close:
        yield _scope_row(narrow, whole, parts, close, conflict=False)


def _scope_row(narrow: Proposition, whole: Proposition, parts: list[Member], wholes: list[Member], *,
               conflict: bool) -> dict[str, Any]:
    part = parts[-1]
    other = _closest(part, wholes)
    noun = str(part.claim.get("predicate") or narrow.key.measure)
    whole_noun = str(other.claim.get("predicate") or whole.key.measure) if other is not None else whole.key.measure
    gives = "give" if len(texts(wholes)) > 1 else "gives"
    if conflict:
        explanation = (f"A part exceeds its whole: {count_label(parts)} give{'s' if len(texts(parts)) == 1 else ''} "
                       f"{_values(parts)} for {noun}, more than the {_values(wholes)} that "
                       f"{count_label(wholes)} {gives} for all {whole_noun} — check both counts.")
    else:
        explanation = (f"Scope: {count_label(parts)} give{'s' if len(texts(parts)) == 1 else ''} {_values(parts)} "
                       f"and {count_label(wholes)} {gives} {_values(wholes)} for {whole.label()}, but one counts "
                       f"only {noun} and the other all {whole_noun}: both can be right if one group is part of the "
                       "other — check which group each source means.")
    return between(
        kind="numeric_conflict",
        severity="medium" if conflict else "low",
        primary=part,
        other=other,
        reference_source=other.context.where if other is not None else None,
        explanation=explanation,
        key=f"scope:{whole.id}",
        proposition_id=narrow.id,
        sources=[source(m, "part", 1) for m in parts] + [source(w, "whole", 0) for w in wholes],
    )


# --- helpers ---------------------------------------------------------------------------------------------
def _values(members: list[Member], *, plain: bool = False) -> str:
    """"105 (“105 hostages were freed”)" for each distinct figure (``plain``: the figures alone)."""
    seen: dict[str, list[Member]] = {}
    for m in members:
        seen.setdefault(written(m), []).append(m)
    if plain:
        return " or ".join(seen)
    parts = []
    for value, group in seen.items():
        quotes = "; ".join(f"{quote(g.claim['text'], limit=80)}" for g in group[:3])
        more = f" and {len(group) - 3} more" if len(group) > 3 else ""
        parts.append(f"{value} ({quotes}{more})")
    return ", ".join(parts)


def _closest(member: Member, others: list[Member]) -> Member | None:
    """The other figure nearest in time to ``member``, preferring other texts."""
    if not others:
        return None
    day = member.context.speaking

    def distance(o: Member) -> tuple:
        gap = abs((day - o.context.speaking).days) if day and o.context.speaking else 10 ** 6
        return (o.context.article_id == member.context.article_id, gap, order_key(o))

    return min(others, key=distance)


def _close(a: Interval, b: Interval) -> bool:
    """Two figures within 50 % of each other (judged on their finite bounds)."""
    values = [v for v in (a.low, a.high, b.low, b.high) if v is not None and v > 0]
    return bool(values) and max(values) <= 1.5 * min(values)
