"""Roles against the dated reference: people given offices they did not hold, and garbled titles.

``role_conflict`` — a role claim (a title given to a known person) that the person did not hold on the
date the text speaks from (``reference_date``, falling back to ``published``; a date stated in the same
sentence also counts, so "in 2023, CIA Director Burns" in a 2025 text is fine). Matching is tolerant:

* the claimed office is the claim's ``role_id`` (or the reference's reading of the title);
* a generic title ("head", "chief", "leader", "director", "boss") matches any leading office
  (``LEADING_OFFICES``) of the same country or organisation: "head of Mossad" = its director,
  "Hamas leader" = its political leader;
* equivalent portfolios match across countries' names for them (``PORTFOLIOS``: a US "secretary of
  defense" is a "defense minister");
* the claimed country or organisation is the claim's ``object_id``, else the country of its
  ``descriptor`` ("Israeli Prime Minister"); an office of an organisation matches a claim naming that
  organisation's country ("US spy chief" for the CIA director). No object: any country or organisation.

A conflict is raised only when the reference can say who held the office then (high: the holders are
named) or, with no object given, what the person actually was on that day (medium). An object that is
an unresolved or damaged description ("the US ** intelligence service") is never grounds for an
accusation, nor are titles cut by redaction (``redacted``) or marked as past, future or partial
(``title_qualifier`` or the words before: "former", "then-", "incoming", "deputy", "acting").

Dates from layers may be partial ("2023", "2023-06"): the claimed office fits when the person *may*
have held it that day (inside the uncertainty of a start or end), and the holders named against it
must *surely* have held it; an office two layers give to two people on that day accuses nobody.
A name that is only a surname ("Herzog") with a title the person never held in any form is taken for
someone else of that name, and an ambiguous name links only when the title, the country or the
organisation and the date pick one person (``Reference.pick``). The "no object" (medium) finding,
which rests on the absence of an office, is raised only from curated terms: a layer's list of offices
is never complete.

``title_mismatch`` (low) — a known person given a title that is no office in the reference
(``role_id`` empty and ``role_for`` finds nothing) and that fits none of the person's offices on
that date ("U.S. Affairs Assistant Jake Sullivan"): the finding says what the title should be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

import pandas as pd

from ..reference import Entity, Position, Reference, Role
from ._common import (ArticleContext, article_contexts, claim_sentence, finding, parse_day, quote, records,
                      to_frame)
from .integrity import MARK

# Words that name the head of something without naming the office.
GENERIC_HEADS = frozenset({"head", "chief", "leader", "director", "boss", "chairman", "chair", "chairwoman",
                           "top", "political", "supreme"})
# Offices that lead a country or organisation (matched on the role's name): a generic title fits them.
LEADING_OFFICES = ("director", "leader", "head", "chief", "president", "prime minister", "emir", "king",
                   "chairman", "chair", "secretary general", "secretary-general", "commander", "governor")
# Ministerial portfolios under their different national names.
PORTFOLIOS: dict[str, tuple[str, ...]] = {
    "defence": ("defence", "defense", "war"),
    "foreign": ("foreign", "secretary of state", "external affairs"),
    "interior": ("interior", "home", "homeland"),
    "finance": ("finance", "treasury", "exchequer"),
}
# A title marked as not current, not yet, or not the office itself.
NOT_CURRENT = re.compile(r"\b(?:former|ex|then|late|outgoing|incoming|designate|elect|acting|interim|deputy|vice|"
                         r"assistant to the|future|would-be|next|previous|past|one-time|onetime|erstwhile)\b", re.I)
# Descriptions that are not offices: a person called "official" or "aide" is not mis-titled.
DESCRIPTIONS = frozenset({"official", "officer", "spokesman", "spokeswoman", "spokesperson", "aide", "envoy",
                          "negotiator", "diplomat", "politician", "lawmaker", "member", "mediator", "representative",
                          "figure", "veteran", "ally", "counterpart", "colleague", "minister", "senior", "mr",
                          "mrs", "ms", "dr", "sheikh", "sir", "general", "gen", "leader", "head", "chief"})
_STOP = frozenset({"the", "of", "for", "and", "a", "an", "s", "its", "his", "her", "their", "to", "in", "on"})
_PLACE_TYPES = frozenset({"country", "place"})


@dataclass(frozen=True, slots=True)
class _RoleClaim:
    claim: dict[str, Any]
    context: ArticleContext
    person: Entity
    title: str  # the title as written
    core: tuple[str, ...]  # its words without country words, object words and function words
    role: Role | None
    generic: bool
    object_id: str | None
    unresolved_object: bool
    days: tuple[date, ...]  # the text's date, then any date stated in the same sentence
    fragment: bool = False  # the name as written is a surname alone


def find_role_conflicts(articles: pd.DataFrame, claims: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """Findings of kind ``role_conflict``: offices given to people who did not hold them on that date."""
    rows = [row for rc in _role_claims(articles, claims, reference) for row in _conflict(rc, reference)]
    return to_frame(rows)


def find_title_mismatches(articles: pd.DataFrame, claims: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """Findings of kind ``title_mismatch``: titles that are no office and fit none the person held."""
    rows = [row for rc in _role_claims(articles, claims, reference) for row in _mismatch(rc, reference)]
    return to_frame(rows)


# --- reading role claims ---------------------------------------------------------------------------
def _role_claims(articles: pd.DataFrame, claims: pd.DataFrame, reference: Reference) -> Iterator[_RoleClaim]:
    contexts = article_contexts(articles)
    all_claims = records(claims)
    dates_by_sentence: dict[tuple[str, Any], list[date]] = {}
    for claim in all_claims:
        day = parse_day(claim.get("date"))
        if claim.get("kind") == "event_date" and day and claim.get("date_type") in ("absolute", "partial"):
            dates_by_sentence.setdefault((str(claim.get("article_id")), claim.get("sentence_id")), []).append(day)
    for claim in all_claims:
        if claim.get("kind") != "role" or claim.get("start") is None:
            continue
        context = contexts.get(str(claim.get("article_id")))
        if context is None or context.speaking is None:
            continue
        person = reference.entities.get(str(claim.get("subject_id") or ""))
        if person is None and claim.get("subject"):
            person = _picked(claim, context.speaking, reference)
        if person is None or person.type != "person":
            continue
        title = str(claim.get("predicate") or "").strip()
        sentence, offset = claim_sentence(claim, context)
        qualifier = str(claim.get("title_qualifier") or "")
        if claim.get("redacted") is True or NOT_CURRENT.search(f"{qualifier} {title}") \
                or NOT_CURRENT.search(_words_before(sentence, offset)):
            continue  # a title cut by a redaction mark, or marked as past, future or partial
        object_id, unresolved = _object(claim, reference)
        core = _core_words(title, claim, reference)
        role = reference.roles.get(str(claim.get("role_id") or "")) or (reference.role_for(title) if title else None)
        if role is None and core:
            role = reference.role_for(" ".join(core))
        generic = bool(core) and all(w in GENERIC_HEADS for w in core)
        same_sentence = dates_by_sentence.get((context.article_id, claim.get("sentence_id")), [])
        fragment = reference.is_name_fragment(person.id, str(claim.get("subject") or ""))
        yield _RoleClaim(claim, context, person, title, core, role, generic, object_id, unresolved,
                         (context.speaking, *sorted(set(same_sentence))), fragment)


def _picked(claim: dict[str, Any], day: date, reference: Reference) -> Entity | None:
    """The person an ambiguous name is, when the claimed office, its country or organisation and the
    date pick exactly one of the people the reference gives that name (else None: no check)."""
    subject = str(claim.get("subject") or "")
    if not reference.is_ambiguous(subject):
        return None
    role_id = claim.get("role_id") or None
    object_id, _ = _object(claim, reference)
    if role_id is None and object_id is None:
        return None
    return reference.pick(subject, type="person", role_id=role_id, of=object_id, on=day)


def _words_before(sentence: str, offset: int) -> str:
    """The two words right before the claim ("the former", "then-")."""
    return " ".join(re.findall(r"[\w-]+", sentence[max(0, offset - 30): offset])[-2:])


def _object(claim: dict[str, Any], reference: Reference) -> tuple[str | None, bool]:
    """(the claimed country/organisation id, whether an object was written but could not be resolved)."""
    written = str(claim.get("object") or "")
    if MARK.search(written):
        return None, True  # "the US ** intelligence service": a damaged description accuses nobody
    object_id = claim.get("object_id")
    if object_id and object_id in reference.entities:
        return str(object_id), False
    if claim.get("object") and str(claim.get("object")).strip():
        found = reference.resolve(str(claim["object"]))
        if found is not None and found.type not in ("person",):
            return found.id, False
        return None, True
    descriptor = claim.get("descriptor")
    if descriptor:
        country = reference.country_for_adjective(str(descriptor))
        if country is not None:
            return country.id, False
    return None, False


def _core_words(title: str, claim: dict[str, Any], reference: Reference) -> tuple[str, ...]:
    """The title's own words: without country words ("U.S.", "Israeli"), the object's words and the
    descriptor, lower-cased."""
    drop = {w.lower() for w in re.findall(r"\w+", f"{claim.get('object') or ''} {claim.get('descriptor') or ''}")}
    words = []
    for raw in re.findall(r"[A-Za-z][A-Za-z.'’-]*", title):
        word = raw.strip(".'’-")
        low = word.lower().replace(".", "")
        if not low or low in _STOP or low in drop:
            continue
        if reference.country_for_adjective(raw) is not None or (word[:1].isupper() and reference.resolve(raw)):
            continue  # a country word ("U.S.", "Israeli") or a known name ("Hamas"), not the title
        words.append(low)
    return tuple(words)


# --- matching offices ------------------------------------------------------------------------------
def _leading(role: Role) -> bool:
    name = role.name.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", name) for word in LEADING_OFFICES)


def _portfolio(role: Role) -> str | None:
    name = role.name.lower()
    if not re.search(r"\b(?:minister|secretary)\b", name):
        return None
    for portfolio, words in PORTFOLIOS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", name) for w in words):
            return portfolio
    return None


def _role_fits(rc: _RoleClaim, held: Role) -> bool:
    """Whether an office the person held is the office the claim names (tolerant, see module doc)."""
    if rc.role is not None and (rc.role.id == held.id or rc.role.kind and rc.role.kind == held.kind):
        return True
    if rc.generic:
        return _leading(held)
    if rc.role is not None:
        mine = _portfolio(rc.role)
        return mine is not None and mine == _portfolio(held)
    return False


def _of_fits(object_id: str | None, held_of: str, reference: Reference) -> bool:
    if object_id is None or held_of == object_id:
        return True
    held = reference.entities.get(held_of)
    target = reference.entities.get(object_id)
    if held is None or target is None:
        return False
    return target.type == "country" and held.country == object_id  # an organisation of that country


def _fits(rc: _RoleClaim, position: Position, reference: Reference) -> bool:
    held = reference.roles.get(position.role)
    return held is not None and _role_fits(rc, held) and _of_fits(rc.object_id, position.of, reference)


# --- role_conflict ---------------------------------------------------------------------------------
def _conflict(rc: _RoleClaim, reference: Reference) -> Iterator[dict[str, Any]]:
    if rc.role is None and not rc.generic:
        return  # no office named: title_mismatch's business
    if any(_fits(rc, p, reference) for day in rc.days for p in reference.positions_of(rc.person.id, day, possibly=True)):
        return  # held (or may have held, inside an uncertain date) on the text's day
    if rc.unresolved_object:
        return  # "the head of the US ** intelligence service": not grounds for an accusation
    if rc.fragment and not any(_role_fits(rc, reference.roles[p.role]) for p in reference.positions_of(rc.person.id)
                               if p.role in reference.roles):
        return  # a surname alone with an office this person never held: most likely someone else
    day = rc.days[0]
    if rc.object_id is not None:
        if _related_elsewhere(rc, day, reference):
            return
        holders = _holders(rc, rc.object_id, day, reference)
        if holders:  # otherwise the reference does not know who held it: no accusation
            yield _conflict_row(rc, holders, day, reference, severity="high")
        return
    # no object: the same office held at another time, or nothing comparable held then
    if any(p.origin for p in reference.positions_of(rc.person.id)):
        return  # absence of an office is evidence only in the curated reference
    offices = {p.of for p in reference.positions_of(rc.person.id) if _fits(rc, p, reference)}
    holders = _holders(rc, next(iter(offices)), day, reference) if len(offices) == 1 else []
    if not offices and not reference.positions_of(rc.person.id, day):
        return  # never held it and nothing known then: too little to go on
    yield _conflict_row(rc, holders, day, reference, severity="medium")


def _related_elsewhere(rc: _RoleClaim, day: date, reference: Reference) -> bool:
    """The same office held then for a place rather than the organisation ("Hamas leader" for the
    leader of Hamas in the Gaza Strip): a regional title, not a false one."""
    target = reference.entities.get(str(rc.object_id))
    for position in reference.positions_of(rc.person.id, day):
        held = reference.roles.get(position.role)
        where = reference.entities.get(position.of)
        if held is None or where is None or target is None or not _role_fits(rc, held):
            continue
        if "place" in (where.type, target.type):
            return True
    return False


def _holders(rc: _RoleClaim, of: str, day: date, reference: Reference) -> list[Position]:
    """Who held the claimed office (or, for a generic title, the leading offices) of ``of`` on ``day``."""
    if rc.role is not None and not rc.generic:
        role_ids = [rc.role.id]
        role_ids += [r.id for r in reference.roles.values() if r.id != rc.role.id and _role_fits(rc, r)]
    else:
        role_ids = [r.id for r in reference.roles.values() if _leading(r)]
    found = []
    for role_id in role_ids:
        role = reference.roles[role_id]
        if not role.single_holder:
            continue
        if any(p.person == rc.person.id for p in reference.holders(role_id, of, day, possibly=True)):
            return []  # the person may have held it then after all
        surely = reference.holders(role_id, of, day)
        if len({p.person for p in surely}) > 1:
            continue  # two holders on one day (layers disagree): accuse nobody on that office
        found += surely
    return found


def _conflict_row(rc: _RoleClaim, holders: list[Position], day: date, reference: Reference, *,
                  severity: str) -> dict[str, Any]:
    office = _claimed_office(rc, reference)
    actual = _what_they_were(rc.person, day, reference)
    if holders:
        named = "; ".join(f"the {_office(p, reference)} was {reference.entity(p.person).name} ({_term(p, reference)})"
                          for p in holders)
        explanation = f"On {day.isoformat()} {named}; {actual}."
        expected = "; ".join(f"{reference.entity(p.person).name} ({_office(p, reference)})" for p in holders)
        source = holders[0].source
    else:
        explanation = f"The text calls {rc.person.name} {office}, but {actual} (on {day.isoformat()})."
        expected = actual
        source = _career_source(rc.person, day, reference)
    return finding(
        kind="role_conflict",
        severity=severity,
        context=rc.context,
        start=int(rc.claim["start"]),
        end=int(rc.claim["end"]),
        claim_id=rc.claim.get("claim_id"),
        expected=expected,
        reference_source=source,
        explanation=explanation,
        key=f"{rc.person.id}|{rc.role.id if rc.role else 'head'}|{rc.object_id or ''}",
    )


def _term(position: Position, reference: Reference) -> str:
    """"since 2022-05-16, dates to the day, per Wikidata": the term, how precise it is, whose it is
    (a curated term known to the day reads as before: "since 2022-05-16")."""
    if position.precise and not position.origin:
        return f"since {position.start.isoformat()}"
    if position.precise:
        precision = "dates to the day"
    else:
        parts = [f"{name} known to the {p}" for name, p in (("start", position.start_precision),
                                                             ("end", position.end_precision if position.end else "day"))
                 if p != "day"]
        precision = " and ".join(parts) + " only"
    origin = f", per {reference.source_label(position.origin)}" if position.origin else ""
    return f"{position.period()}, {precision}{origin}"


def _claimed_office(rc: _RoleClaim, reference: Reference) -> str:
    name = rc.role.name if rc.role is not None and not rc.generic else "head"
    if rc.object_id:
        return f"{name} of {_name_with_article(reference.entity(rc.object_id))}"
    return name


def _office(position: Position, reference: Reference) -> str:
    """"prime minister of Qatar", "director of the CIA"."""
    role = reference.roles[position.role].name
    where = reference.entities.get(position.of)
    return f"{role} of {_name_with_article(where)}" if where else role


def _name_with_article(entity: Entity) -> str:
    """A name as it reads after "of": "the United States", "the CIA", "Qatar", "Hamas"."""
    name = entity.name
    if name.lower().startswith("the "):
        return name
    words = name.split()
    takes_article = (
        (name.isupper() and len(name) > 1)
        or any(w in ("United", "Republic", "Kingdom", "Emirates", "States", "Strip", "Bank", "Forces", "Directorate",
                     "Agency", "Service", "Movement", "Ministry", "Office") for w in words)
        or any(f"the {name}".lower() == a.lower() for a in entity.aliases)
    )
    return f"the {name}" if takes_article else name


def _what_they_were(person: Entity, day: date, reference: Reference) -> str:
    """"Mohammed bin Salman was crown prince and prime minister of Saudi Arabia", or their last office."""
    now = reference.positions_of(person.id, day)
    if now:
        by_place: dict[str, list[str]] = {}
        for p in now:
            by_place.setdefault(p.of, []).append(reference.roles[p.role].name)
        parts = []
        for of, names in by_place.items():
            where = reference.entities.get(of)
            unique = list(dict.fromkeys(names))
            joined = " and ".join(unique) if len(unique) <= 2 else ", ".join(unique[:-1]) + " and " + unique[-1]
            parts.append(f"{joined} of {_name_with_article(where)}" if where else joined)
        return f"{person.name} was " + (" and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1])
                                         + " and " + parts[-1])
    past = [p for p in reference.positions_of(person.id) if p.end is not None and p.end <= day]
    future = [p for p in reference.positions_of(person.id) if p.start > day]
    if past:
        last = max(past, key=lambda p: p.end or date.min)
        until = last.end.isoformat() if last.end else "?"
        return f"{person.name} had been {_office(last, reference)} until {until}"
    if future:
        first = min(future, key=lambda p: p.start)
        return f"{person.name} became {_office(first, reference)} only on {first.start.isoformat()}"
    return f"the reference lists no office for {person.name} then"


def _career_source(person: Entity, day: date, reference: Reference) -> str:
    terms = reference.positions_of(person.id, day) or reference.positions_of(person.id)
    return terms[0].source if terms else person.source


# --- title_mismatch --------------------------------------------------------------------------------
def _mismatch(rc: _RoleClaim, reference: Reference) -> Iterator[dict[str, Any]]:
    if rc.role is not None or rc.generic or not rc.core or rc.claim.get("role_id"):
        return
    if all(w in DESCRIPTIONS or w in GENERIC_HEADS for w in rc.core):
        return  # "official", "aide", "Sheikh": descriptions, not titles
    if rc.fragment:
        return  # "Ambassador Herzog": a surname alone with a title is likely someone else of that name
    held = [p for day in rc.days for p in reference.positions_of(rc.person.id, day)]
    if not held:
        return  # nothing to say what the title should be
    for position in held:
        role = reference.roles[position.role]
        if any(_words_fit(rc.core, wording) for wording in (role.name, *role.wordings)):
            return
    day = rc.days[0]
    offices = list(dict.fromkeys(_office(p, reference) for p in held))
    expected = " and ".join(offices)
    yield finding(
        kind="title_mismatch",
        severity="low",
        context=rc.context,
        start=int(rc.claim["start"]),
        end=int(rc.claim["end"]),
        claim_id=rc.claim.get("claim_id"),
        expected=expected,
        reference_source=held[0].source,
        explanation=(
            f"{quote(rc.title)} is not an office {rc.person.name} held: on {day.isoformat()} "
            f"{rc.person.name} was {expected}; the title looks garbled (a translation or editing error) — "
            "use the real title when quoting."
        ),
        key=f"{rc.person.id}|title",
    )


def _words_fit(core: tuple[str, ...], wording: str) -> bool:
    """The title's words and an office's wording overlap as a whole: one contains the other
    ("Security Adviser" fits "national security adviser"; "White House national security adviser" too)."""
    words = {w.lower().replace(".", "") for w in re.findall(r"[A-Za-z.]+", wording)} - _STOP
    mine = {_singular(w) for w in core}
    words = {_singular(w) for w in words}
    return bool(words) and bool(mine) and (mine <= words or words <= mine)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
