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


def action_of(item: Dated) -> Action | None:
    """The kind of action the date is attached to: the cue nearest the date in its clause, before it
    if there is one ("arrived in Cairo on 20 December"), else after it ("On 20 December, X arrived")."""
    text = str(item.claim.get("text") or "")
    at = item.clause.find(text) if text else -1
    if at == -1:
        return None
    before: tuple[int, Action] | None = None
    after: tuple[int, Action] | None = None
    for action in actions():
        for match in action.pattern.finditer(item.clause):
            if match.end() <= at and (before is None or match.end() > before[0]):
                before = (match.end(), action)
            elif match.start() >= at + len(text) and (after is None or match.start() < after[0]):
                after = (match.start(), action)
    if before is not None:
        return before[1]
    return after[1] if after is not None else None


def mentions_by_article(mentions: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    """article_id -> (start, end, entity_id) of every linked mention."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for row in records(mentions):
        if row.get("entity_id") and row.get("start") is not None:
            out.setdefault(str(row["article_id"]), []).append((int(row["start"]), int(row["end"]),
                                                                str(row["entity_id"])))
    return out


def action_keys(item: Dated, mentions: dict[str, list[tuple[int, int, str]]]) -> set[tuple[str, str, str]]:
    """(person, place, action) keys of a dated clause: who did what where, from the entities named in it."""
    action = action_of(item)
    if action is None:
        return set()
    end = item.clause_start + len(item.clause)
    named = {i for s, e, i in mentions.get(item.context.article_id, []) if item.clause_start <= s and e <= end}
    subject = item.claim.get("subject_id")
    if subject:
        named.add(str(subject))
    people = {i for i in named if i.startswith("person/")}
    places = {i for i in named if i.startswith("place/")}
    return {(person, place, action.name) for person in people for place in places}


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
    """How an explanation names an action: "arrival in", "meeting in", "departure from"."""
    return next((a.noun for a in actions() if a.name == name), name)
