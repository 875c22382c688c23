"""Which dated action a date claim states: who did what where on which day ("Haniyeh arrived in Cairo
on 20 December" → Haniyeh, arrival, Cairo, 2023-12-20), the one place that reads it, for the
propositions stage (which groups the same action into one fact) and the temporal checks.

Who and where come from the reference entities named in the date's clause (the mentions table, and the
claim's ``subject_id``); the action is the cue of ``lexicon/actions.yaml`` nearest the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from .corpus import ArticleContext, claim_sentence, parse_day, records
from .lexicon import Action, actions
from .reference import Event, Reference


@dataclass(frozen=True, slots=True)
class Dated:
    """A single-day date claim and the clause it sits in."""

    claim: dict[str, Any]
    context: ArticleContext
    day: date
    clause: str
    clause_start: int  # offset of the clause in the article text


def dated(claim: dict[str, Any], contexts: dict[str, ArticleContext]) -> Dated | None:
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
    return Dated(claim, context, day, sentence[begin:finish], sentence_start + begin)


def action_of(item: Dated) -> tuple[Action, int, int] | None:
    """The kind of action the date is attached to and where its cue is in the clause: the cue nearest
    the date, before it if there is one ("arrived in Cairo on 20 December"), else after it ("On 20
    December, X arrived")."""
    text = str(item.claim.get("text") or "")
    at = item.clause.find(text) if text else -1
    if at == -1:
        return None
    before: tuple[Action, int, int] | None = None
    after: tuple[Action, int, int] | None = None
    for action in actions():
        for match in action.pattern.finditer(item.clause):
            if match.end() <= at and (before is None or match.end() > before[2]):
                before = (action, match.start(), match.end())
            elif match.start() >= at + len(text) and (after is None or match.start() < after[1]):
                after = (action, match.start(), match.end())
    return before or after


def mentions_by_article(mentions: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    """article_id -> (start, end, entity_id) of every linked mention."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for row in records(mentions):
        if row.get("entity_id") and row.get("start") is not None:
            out.setdefault(str(row["article_id"]), []).append((int(row["start"]), int(row["end"]),
                                                                str(row["entity_id"])))
    return out


def action_keys(item: Dated, mentions: dict[str, list[tuple[int, int, str]]]) -> set[tuple[str, str, str]]:
    """(person, place, action) keys of a dated clause: who did it (a person named before the action's
    cue, or the claim's subject), where (a place named after it), and for a meeting whom they met ("met
    Blinken in Tel Aviv" and "met Biden in Tel Aviv" are two meetings). A relative clause's own action
    ("Blinken, who visited Cairo on 15 October, arrived in Tel Aviv") keeps its own place."""
    found = action_of(item)
    if found is None:
        return set()
    action, cue_start, cue_end = found
    base, end = item.clause_start, item.clause_start + len(item.clause)
    named = [(s - base, e - base, i) for s, e, i in mentions.get(item.context.article_id, []) if base <= s and e <= end]
    people = {i for s, e, i in named if i.startswith("person/") and e <= cue_start
              and not _opens_aside(item.clause, e, cue_start)}
    subject = item.claim.get("subject_id")
    if subject and str(subject).startswith("person/"):
        people.add(str(subject))
    places = {i for s, e, i in named if i.startswith("place/") and s >= cue_end}
    if not places:  # "CAIRO - Haniyeh arrived in the Egyptian capital": the place named earlier
        places = {i for s, e, i in named if i.startswith("place/") and e <= cue_start
                  and not _opens_aside(item.clause, e, cue_start)}
    if action.name == "meeting":
        met = sorted(i for s, e, i in named if i.startswith("person/") and s >= cue_end)
        name = "meeting" + "".join(f"|{m}" for m in met)
    else:
        name = action.name
    return {(person, place, name) for person in people for place in places}


def event_keys(reference: Reference) -> dict[tuple[str, str, str], Event]:
    """Reference events whose names say who did what where ("Haniyeh's visit to Cairo"), by key."""
    out: dict[tuple[str, str, str], Event] = {}
    for event in reference.events.values():
        names = (event.name, *event.aliases)
        kinds = {a.name for a in actions() if any(a.pattern.search(n) for n in names)}
        people: set[str] = set()
        places: set[str] = set()
        for name in names:
            for words in re.findall(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|al|bin|el))*", name):
                entity = reference.resolve(words)
                if entity is not None and entity.type == "person":
                    people.add(entity.id)
                elif entity is not None and entity.type == "place":
                    places.add(entity.id)
        for key in ((p, pl, a) for p in people for pl in places for a in kinds):
            out.setdefault(key, event)
    return out


def action_noun(name: str) -> str:
    """How an explanation names an action: "arrival in", "meeting in", "departure from" (a meeting's key
    also names whom: "meeting|person/x")."""
    base = name.split("|", 1)[0]
    return next((a.noun for a in actions() if a.name == base), base)


def _opens_aside(text: str, start: int, end: int) -> bool:
    """Whether a relative clause or a parenthesis opens in text[start:end] and is still open at ``end``:
    then what follows belongs to the aside ("Blinken, who visited Cairo ..."), not to the name before it."""
    for match in _ASIDE.finditer(text, start, end):
        closing = ")" if match.group(0).startswith("(") else ","
        if closing not in text[match.end():end]:
            return True
    return False


_ASIDE = re.compile(r",\s*(?:who|which|whose|whom|where)\b|\(", re.IGNORECASE)
