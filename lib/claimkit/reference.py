"""The dated reference of known facts (data/reference/): load, validate, look up — with layers.

Plain CSV files a user can read and extend by hand (schema in data/reference/README.md). Loading
validates everything and reports *every* problem found, each naming the file, the line (the header is
line 1) and the problem; the raised ``ReferenceDataError`` carries the first one and lists up to
``MAX_LISTED_PROBLEMS`` (``validate_reference`` returns them all). Lookups go through dict indexes built
once, keyed on ``normalize_name``, so they are independent of case, diacritics, hyphens, possessives,
a leading "the" and honorifics.

A reference is the curated folder (the *base*) plus any number of *layers*: folders in the same CSV
format whose ``meta.yaml`` says ``kind: layer`` (an import from Wikidata, a user's own list). Every
file of a layer is optional, and a layer may use the ids of the base and of the layers before it.
The rules of the merge (also in the README):

* **curated rows win**: an id, a Wikidata item (``wikidata`` column) or a term of a single-holder
  office that the base already has is taken from the base, and the layer's row is dropped;
* **names may be ambiguous across layers**: one name naming several entities is not an error in a
  layer; it is an ambiguous name that links only when the context picks one (``Reference.pick``);
* **disagreements are reported, not fatal**: two holders of one single-holder office on one day, one
  alias naming two entities, a duplicate id — ``Reference.conflicts`` lists them with file and line.

Dates of terms may be partial (``2023``, ``2023-06``) with ``start_precision`` / ``end_precision``;
``Position.holds_on`` is true only when the term surely covers the day, ``may_hold_on`` when it may.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from . import paths
from .errors import ReferenceDataError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "ENTITY_TYPES",
    "MAX_LISTED_PROBLEMS",
    "PRECISIONS",
    "RULER_LABELS",
    "Conflict",
    "Entity",
    "Event",
    "Layer",
    "Position",
    "Reference",
    "Role",
    "load_reference",
    "normalize_name",
    "validate_reference",
]

# entity type -> id prefix. Outlets live in outlets.csv but share the entity id space.
ENTITY_TYPES: dict[str, str] = {
    "person": "person",
    "organisation": "org",
    "country": "country",
    "place": "place",
    "outlet": "outlet",
}
# entity type -> spaCy label emitted by the entity ruler.
RULER_LABELS: dict[str, str] = {
    "person": "PERSON",
    "organisation": "ORG",
    "outlet": "ORG",
    "country": "GPE",
    "place": "GPE",
}
MEDIA = ("newspaper", "tv", "radio", "agency", "website")
# How precise a date of a term is, finest first.
PRECISIONS = ("day", "month", "year")
MAX_LISTED_PROBLEMS = 10

FILES: dict[str, tuple[str, ...]] = {
    "entities.csv": ("id", "type", "name", "aliases", "adjectives", "country", "description", "source"),
    "outlets.csv": ("id", "name", "aliases", "country", "language", "medium", "source"),
    "roles.csv": ("id", "name", "wordings", "single_holder", "source"),
    "positions.csv": ("person", "role", "of", "start", "end", "source"),
    "events.csv": ("id", "name", "aliases", "start", "end", "source"),
}
# Optional columns, read when present: the Wikidata item of an entity, an outlet's website, the kind
# of office a role is (roles of one kind fit each other), the precision of a term's dates, the
# parties of an event.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "entities.csv": ("wikidata",),
    "outlets.csv": ("wikidata", "website"),
    "roles.csv": ("kind",),
    "positions.csv": ("start_precision", "end_precision"),
    "events.csv": ("involves",),
}
META_FILE = "meta.yaml"
LAYER_KIND = "layer"

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_LANGUAGE = re.compile(r"[a-z]{2}")
_WIKIDATA_ID = re.compile(r"Q[1-9]\d*")
_PLACE_TYPES = frozenset({"country", "place"})


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, country, place or outlet, with the names news uses for it.

    ``country`` is the first of ``countries`` (an outlet of a layer may have several: a paper
    published in the Soviet Union and then Russia); ``origin`` is "" for the curated base, else the
    name of the layer the row came from."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    country: str | None
    language: str | None
    medium: str | None
    description: str
    source: str
    wikidata: str | None = None
    website: str | None = None
    countries: tuple[str, ...] = ()
    origin: str = ""

    @property
    def all_countries(self) -> tuple[str, ...]:
        """Every country the entity belongs to (``countries``, else ``country`` alone)."""
        return self.countries or ((self.country,) if self.country else ())


@dataclass(frozen=True, slots=True)
class Role:
    """An office ("prime minister") with its usual wordings; ``single_holder``: one holder per `of`.

    ``kind`` groups offices that are the same job under different names ("head_of_government" for a
    prime minister and a chancellor): a title of one fits an office of the other."""

    id: str
    name: str
    wordings: tuple[str, ...]
    single_holder: bool
    source: str
    kind: str = ""
    origin: str = ""


def _period_end(day: date, precision: str) -> date:
    """The last day of the month or year ``day`` opens (``day`` itself at day precision)."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def format_partial(day: date, precision: str) -> str:
    """"2023", "2023-06" or "2023-06-01": a date written at its precision."""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


@dataclass(frozen=True, slots=True)
class Position:
    """A term of office: ``person`` held ``role`` of ``of`` over the half-open interval [start, end).

    ``start`` and ``end`` are the first day of their period: at ``month`` or ``year`` precision the
    term began (ended) some day in that month or year, so days inside that period are uncertain."""

    person: str
    role: str
    of: str
    start: date
    end: date | None
    source: str
    start_precision: str = "day"
    end_precision: str = "day"
    origin: str = ""

    @property
    def precise(self) -> bool:
        """Both dates known to the day."""
        return self.start_precision == "day" and (self.end is None or self.end_precision == "day")

    @property
    def start_latest(self) -> date:
        """The last day the term may have begun on."""
        return _period_end(self.start, self.start_precision)

    @property
    def end_latest(self) -> date | None:
        """The last day the term may have ended on (the exclusive end: the day a successor may start)."""
        if self.end is None:
            return None
        if self.end_precision == "day":
            return self.end
        return _period_end(self.end, self.end_precision) + timedelta(days=1)

    def holds_on(self, day: date | str) -> bool:
        """True when the term surely covers ``day`` (start <= day < end; an open end never ends).

        With a partial date, only days outside the uncertain month or year count: a term that
        began "in 2020" surely covers 2021-01-01 but not 2020-06-01."""
        day = _as_date(day)
        return self.start_latest <= day and (self.end is None or day < self.end)

    def may_hold_on(self, day: date | str) -> bool:
        """True when the term may cover ``day`` (inside it or inside the uncertainty of a date)."""
        day = _as_date(day)
        end = self.end_latest
        return self.start <= day and (end is None or day < end)

    def period(self) -> str:
        """The term as written for a reader: "2021-06-01 to 2023" ("since 2021-06-01" when open)."""
        start = format_partial(self.start, self.start_precision)
        if self.end is None:
            return f"since {start}"
        return f"{start} to {format_partial(self.end, self.end_precision)}"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event ("the truce"); ``end`` is empty for a one-day event."""

    id: str
    name: str
    aliases: tuple[str, ...]
    start: date
    end: date | None
    source: str
    # entity ids the event involves (optional ``involves`` column): a common-noun alias ("the truce")
    # names this event only in a text that mentions one of them
    involves: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Layer:
    """A layer a reference was built with: where it is, what it says about itself, what it holds."""

    name: str
    directory: Path
    snapshot: str
    meta: Mapping[str, Any]
    fingerprint: str
    rows: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A disagreement between rows (of layers, or of a layer and the base), kept out of the run.

    ``kind``: ``office`` (two holders of a single-holder office on one day), ``alias`` (one name for
    several entities), ``adjective``, ``id`` (an id or Wikidata item defined twice: the first wins),
    ``wording`` or ``event`` (a role wording or event name used twice: the first wins)."""

    kind: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


# --------------------------------------------------------------------------------------------------
# Name normalisation
# --------------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_INITIAL_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_])\.")  # a lone letter followed by a dot: U.S. -> US
_PUNCT = re.compile(r"[^\w'&]+")  # hyphens, dashes, dots, commas, brackets... -> space
_POSSESSIVE = re.compile(r"(?:(?<=\w)'s|(?<=s)')$")
_HONORIFICS = frozenset({"sheikh", "sheik", "shaikh", "mr", "mrs", "ms", "mx", "dr", "sir"})


def normalize_name(text: str) -> str:
    """The lookup key of a name: "Sheikh Mohammed bin Abdulrahman Al-Thani's" -> "mohammed bin abdulrahman al thani".

    NFKD without diacritics, casefolded, initialisms joined ("U.S." -> "us"), hyphens and other
    punctuation as spaces, a final possessive dropped, then a leading "the" and honorifics dropped.
    """
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_APOSTROPHES).casefold()
    s = _INITIAL_DOT.sub(r"\1", s)
    s = _PUNCT.sub(" ", s).strip()
    s = _POSSESSIVE.sub("", s)
    s = " ".join(s.replace("'", "").split())
    words = s.split(" ")
    while len(words) > 1 and (words[0] == "the" or words[0] in _HONORIFICS):
        words = words[1:]
    return " ".join(words)


def _singular(word: str) -> str:
    """English singular of a plural noun by the regular rules (secretaries, ministers, bosses)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _singular_title(key: str) -> str:
    """Singularise the head noun of a normalised title: "heads of government" -> "head of government"."""
    words = key.split(" ")
    head = len(words) - 1
    for i, w in enumerate(words):
        if w in ("of", "for") and i > 0:
            head = i - 1
            break
    words[head] = _singular(words[head])
    return " ".join(words)


def _title_inversions(key: str) -> list[str]:
    """"minister of defence" <-> "defence minister": the two English orders of a title."""
    words = key.split(" ")
    for prep in ("of", "for"):
        if prep in words[1:-1]:
            i = words.index(prep)
            if i == 1:
                return [" ".join(words[2:] + words[:1])]
    if len(words) >= 2:
        return [f"{words[-1]} of {' '.join(words[:-1])}"]
    return []


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


# --------------------------------------------------------------------------------------------------
# The reference
# --------------------------------------------------------------------------------------------------


class Reference:
    """The loaded, validated reference with its lookup indexes (built once, read-only).

    ``layers`` lists the layers merged into the base (in order), ``conflicts`` the disagreements the
    merge found, ``folders`` every folder read (the base first)."""

    def __init__(
        self,
        *,
        entities: Mapping[str, Entity],
        roles: Mapping[str, Role],
        positions: Iterable[Position],
        events: Mapping[str, Event],
        snapshot: str,
        description: str = "",
        directory: Path,
        fingerprint: str = "",
        layers: Sequence[Layer] = (),
        conflicts: Sequence[Conflict] = (),
        names: Mapping[str, tuple[str, ...]] | None = None,
        adjectives: Mapping[str, tuple[str, ...]] | None = None,
        is_common_word: Callable[[str], bool] | None = None,
    ) -> None:
        self.entities: Mapping[str, Entity] = MappingProxyType(dict(entities))
        self.roles: Mapping[str, Role] = MappingProxyType(dict(roles))
        self.positions: tuple[Position, ...] = tuple(positions)
        self.events: Mapping[str, Event] = MappingProxyType(dict(events))
        self.snapshot = snapshot
        self.description = description
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.layers: tuple[Layer, ...] = tuple(layers)
        self.conflicts: tuple[Conflict, ...] = tuple(conflicts)
        # normalised name -> every entity id it names, in precedence order (base first)
        self._names: dict[str, tuple[str, ...]] = (
            dict(names) if names is not None
            else _all_ids((normalize_name(n), e.id) for e in self.entities.values() for n in (e.name, *e.aliases))
        )
        self._adjectives: dict[str, tuple[str, ...]] = (
            dict(adjectives) if adjectives is not None
            else _all_ids((normalize_name(a), e.id) for e in self.entities.values() for a in e.adjectives)
        )
        # (name, id) of a layer's name made of common words: it makes a name ambiguous, never links
        self.is_common_word = is_common_word
        self._weak: set[tuple[str, str]] = {
            (normalize_name(n), e.id) for e in self.entities.values() if e.origin and e.type not in _PLACE_TYPES
            for n in (e.name, *e.aliases) if _too_common(n, is_common_word, outlet=e.type == "outlet")
        }
        self._by_wording = _first_wins(
            (_singular_title(normalize_name(w)), r.id)
            for r in self.roles.values()
            for w in (r.name, *r.wordings)
        )
        self._by_event_name = _first_wins(
            (normalize_name(n), ev.id) for ev in self.events.values() for n in (ev.name, *ev.aliases)
        )
        self._by_office: dict[tuple[str, str], list[Position]] = {}
        self._by_person: dict[str, list[Position]] = {}
        for p in sorted(self.positions, key=lambda p: (p.start, p.person)):
            self._by_office.setdefault((p.role, p.of), []).append(p)
            self._by_person.setdefault(p.person, []).append(p)

    def __repr__(self) -> str:
        layers = f", layers={len(self.layers)}" if self.layers else ""
        return (
            f"Reference(snapshot={self.snapshot!r}, entities={len(self.entities)}, "
            f"roles={len(self.roles)}, positions={len(self.positions)}, events={len(self.events)}{layers})"
        )

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder the reference was read from: the base, then its layers in order."""
        return (self.directory, *(layer.directory for layer in self.layers))

    # ---- names -----------------------------------------------------------------------------------

    def candidates(self, name: str) -> tuple[Entity, ...]:
        """Every entity a name or alias may refer to (several when the name is ambiguous), including
        the layers' outlets and people whose name is only common words: before accusing a text of
        misdescribing "The Times", know that Wikidata has five papers of that name."""
        key = normalize_name(name)
        return tuple(self.entities[i] for i in self._names.get(key, ())) if key else ()

    def resolve(self, name: str) -> Entity | None:
        """The entity a name or alias refers to ("al-Thani's", "QATAR", "Erdogan"), or None.

        None also when the name is ambiguous (two newspapers called "The Guardian"): use ``pick``
        with what the context says to choose among ``candidates``."""
        key = normalize_name(name)
        entity_id = self._winner(self._strong(key, self._names.get(key, ()))) if key else None
        return self.entities[entity_id] if entity_id else None

    def _strong(self, key: str, ids: Sequence[str]) -> tuple[str, ...]:
        """``ids`` without the layers' common-word names (which never link, nor stop another from
        linking: they only stop an accusation, see ``candidates``)."""
        return tuple(i for i in ids if (key, i) not in self._weak)

    def is_ambiguous(self, name: str) -> bool:
        """True when the name names several entities and none wins by the precedence rule."""
        key = normalize_name(name)
        ids = self._strong(key, self._names.get(key, ())) if key else ()
        return len(ids) > 1 and self._winner(ids) is None

    def pick(
        self,
        name: str,
        *,
        type: str | None = None,
        role_id: str | None = None,
        of: str | None = None,
        country: str | None = None,
        on: date | None = None,
    ) -> Entity | None:
        """The one entity ``name`` can be, given what the context says; None when it does not decide.

        The candidates (of ``type``, when given) are kept when they fit every clue given: for a
        person, a term of ``role_id`` (or an office of the same kind) of ``of`` (possibly) held on
        ``on``; for an outlet or organisation, ``country`` among its countries. An unambiguous name
        is returned as ``resolve`` returns it; nothing is guessed when no clue is given."""
        found = self.resolve(name)
        if found is not None:
            return found if type is None or found.type == type else None
        options = [e for e in self.candidates(name) if type is None or e.type == type]
        if type is not None and len(options) == 1:
            return options[0]  # the context's kind of thing (a person, not a paper) decides

        def fits(entity: Entity) -> bool:
            if entity.type == "person" and (role_id is not None or of is not None):
                terms = self.positions_of(entity.id, on, possibly=True)
                if not any(self._term_fits(p, role_id, of) for p in terms):
                    return False
                return country is None or entity.country == country
            return country is not None and country in entity.all_countries

        fitting = [e for e in options if fits(e)]
        return fitting[0] if len(fitting) == 1 else None

    def _term_fits(self, position: Position, role_id: str | None, of: str | None) -> bool:
        if of is not None and position.of != of:
            held = self.entities.get(position.of)
            if held is None or of not in held.all_countries:
                return False
        if role_id is None or position.role == role_id:
            return True
        mine, held_role = self.roles.get(role_id), self.roles.get(position.role)
        return bool(mine and held_role and mine.kind and mine.kind == held_role.kind)

    def is_name_fragment(self, entity_id: str, written: str) -> bool:
        """True when ``written`` is one word of a person's longer name ("Herzog" for Isaac Herzog):
        a surname alone, which another person of that name may share."""
        entity = self.entities.get(entity_id)
        if entity is None or entity.type != "person":
            return False
        key = normalize_name(written)
        if not key or " " in key:
            return False
        return any(key in full.split(" ") for full in map(normalize_name, (entity.name, *entity.aliases)) if " " in full)

    def _winner(self, ids: tuple[str, ...]) -> str | None:
        """The entity a name stands for among ``ids`` (precedence order), or None when ambiguous.

        One id: that one. Several: the base's entity keeps a name that only entities of *other*
        types in layers share (the country "Türkiye", not a paper of that name); among layers alone,
        a single country or place keeps its name against other types; otherwise the name is
        ambiguous."""
        if len(ids) == 1:
            return ids[0]
        if not ids:
            return None
        first = self.entities[ids[0]]
        if first.origin == "" and all(self.entities[i].type != first.type and self.entities[i].origin for i in ids[1:]):
            return ids[0]
        # among layers, a country's or place's name stays the place's ("Iran", not a paper called Iran)
        places = [i for i in ids if self.entities[i].type in ("country", "place")]
        if len(places) == 1 and all(self.entities[i].origin for i in ids):
            return places[0]
        return None

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; KeyError naming the id if the reference does not know it."""
        try:
            return self.entities[entity_id]
        except KeyError:
            raise KeyError(f"unknown entity id {entity_id!r}") from None

    # ---- lookups ---------------------------------------------------------------------------------

    def role_for(self, wording: str) -> Role | None:
        """The role a title wording denotes ("Premier", "Foreign Ministers", "minister of defence"), or None.

        Tries the normalised wording with its head noun singularised, then the other English order
        of the title ("X minister" <-> "minister of X").
        """
        key = normalize_name(wording)
        if not key:
            return None
        key = _singular_title(key)
        for candidate in (key, *_title_inversions(key)):
            role_id = self._by_wording.get(candidate)
            if role_id:
                return self.roles[role_id]
        return None

    def entity_for_adjective(self, word: str) -> Entity | None:
        """The entity an adjective or demonym belongs to ("Qatari" -> Qatar, "Americans" -> US), or None
        (also when two entities of the layers share it: "Congolese")."""
        key = normalize_name(word)
        if not key:
            return None
        ids = self._adjectives.get(key)
        if ids is None and key.endswith("s"):  # plural demonym used as a noun: "Israelis"
            ids = self._adjectives.get(key[:-1])
        entity_id = self._winner(ids) if ids else None
        return self.entities[entity_id] if entity_id else None

    def country_for_adjective(self, word: str) -> Entity | None:
        """The country an adjective, demonym or (possessive) country name points to: "Israeli", "Qatar's", "U.S."."""
        entity = self.entity_for_adjective(word)
        if entity is not None:
            if entity.type == "country":
                return entity
            # an organisation's adjective points to the country it belongs to
            return self.entities.get(entity.country) if entity.country else None
        entity = self.resolve(word)  # a country name used attributively: "Qatar's", "US"
        return entity if entity is not None and entity.type == "country" else None

    def same_country(self, said: str, actual: str) -> bool:
        """True when country ``said`` is ``actual``, or one is part of the other (a country row whose
        ``country`` names the state it belongs to: Northern Ireland in the United Kingdom)."""
        if said == actual:
            return True
        a, b = self.entities.get(said), self.entities.get(actual)
        return bool((a is not None and actual in a.all_countries) or (b is not None and said in b.all_countries))

    def holders(self, role_id: str, of: str, on: date | str | None = None, *, possibly: bool = False) -> list[Position]:
        """Terms of ``role_id`` of ``of`` covering the day ``on`` (every term ever when ``on`` is None).

        ``possibly``: also terms whose uncertain start or end may cover the day."""
        terms = self._by_office.get((role_id, of), [])
        if on is None:
            return list(terms)
        day = _as_date(on)
        return [p for p in terms if (p.may_hold_on(day) if possibly else p.holds_on(day))]

    def positions_of(self, person_id: str, on: date | str | None = None, *, possibly: bool = False) -> list[Position]:
        """Terms ``person_id`` held on the day ``on`` (every term ever when ``on`` is None), by start.

        ``possibly``: also terms whose uncertain start or end may cover the day."""
        terms = self._by_person.get(person_id, [])
        if on is None:
            return list(terms)
        day = _as_date(on)
        return [p for p in terms if (p.may_hold_on(day) if possibly else p.holds_on(day))]

    def event_for(self, text: str) -> Event | None:
        """The event a name or alias refers to ("the truce", "October 7 attack"), or None."""
        key = normalize_name(text)
        event_id = self._by_event_name.get(key) if key else None
        return self.events[event_id] if event_id else None

    def source_label(self, origin: str) -> str:
        """How an explanation names where a row comes from: "the curated reference" or the layer's
        ``source`` line ("Wikidata (CC0)")."""
        if not origin:
            return "the curated reference"
        for layer in self.layers:
            if layer.name == origin:
                return str(layer.meta.get("source_name") or layer.meta.get("source") or f"layer {origin}")
        return f"layer {origin}"

    # ---- exports ---------------------------------------------------------------------------------

    def ruler_patterns(self, *, is_common_word: Callable[[str], bool] | None = None) -> list[dict[str, Any]]:
        """spaCy EntityRuler phrase patterns (matched on ORTH) for every entity and outlet name and alias.

        Adjectives get none ("Israeli" is not a mention of Israel). Each pattern has "label" (PERSON,
        ORG or GPE by type) and "id" (the entity id). The case variants follow one rule: an acronym
        ("US", "CIA") matches only as written; a name with one distinctive capitalised word ("Barnea",
        "Burns", "The Times") matches as written, in title case and in upper case, never in lower
        case ("burns", "the times"); a name with two or more ("Gaza Strip") also matches in lower and
        sentence case. Function words and particles ("the", "bin", "Al") match lower or capitalised,
        a hyphen after a short particle or in the name may be a space and vice versa ("Al-Thani",
        "al Thani"), and names with diacritics or curly apostrophes also match without them.

        Layers: a surface form several entities share gets a pattern without "id" (the name is
        protected from the model but links to no one), or none when their labels differ; a layer's
        name of a person, organisation or outlet made only of common English words
        (``is_common_word``: "The Chief", "Dawn", "Air Force") gets no pattern at all, since
        capitalised common words start sentences and titles, and ``resolve`` never links it either
        (nor does it stop a curated "The Times" from linking: ``candidates`` still lists it, so a
        check can refuse to accuse). Curated names, and countries' and places', are trusted as written.
        """
        is_common_word = is_common_word or self.is_common_word
        by_surface: dict[str, list[str]] = {}
        weak: set[tuple[str, str]] = set()  # (surface, id) of a common-words name: blocks, never links
        for entity in self.entities.values():
            for name in (entity.name, *entity.aliases):
                too_common = bool(entity.origin) and entity.type not in _PLACE_TYPES and _too_common(
                    name, is_common_word, outlet=entity.type == "outlet")
                for variant in _name_variants(name):
                    ids = by_surface.setdefault(variant, [])
                    if entity.id not in ids:
                        ids.append(entity.id)
                        if too_common:
                            weak.add((variant, entity.id))
        patterns: list[dict[str, Any]] = []
        for variant, all_ids in by_surface.items():
            ids = [i for i in all_ids if (variant, i) not in weak]
            if not ids:
                continue  # only layers' common-word names: left to the model
            winner = self._winner(self._precedence(ids))
            if winner is not None:
                patterns.append({"label": RULER_LABELS[self.entities[winner].type], "pattern": variant, "id": winner})
                continue
            labels = {RULER_LABELS[self.entities[i].type] for i in ids}
            if len(labels) == 1:
                patterns.append({"label": labels.pop(), "pattern": variant})
        return patterns

    def _precedence(self, ids: list[str]) -> tuple[str, ...]:
        """``ids`` in the order of the sources they came from (the base first)."""
        if len(ids) == 1:
            return (ids[0],)
        order = {layer.name: n for n, layer in enumerate(self.layers, start=1)}
        return tuple(sorted(ids, key=lambda i: order.get(self.entities[i].origin, 0)))

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """The reference as DataFrames (entities incl. outlets, roles, positions, events) for notebooks.

        List fields are "|"-joined as in the files; dates are ISO strings (partial at their precision).
        """
        import pandas as pd

        def joined(values: tuple[str, ...]) -> str:
            return "|".join(values)

        entities = pd.DataFrame(
            [
                {
                    "id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": joined(e.aliases),
                    "adjectives": joined(e.adjectives),
                    "country": e.country,
                    "language": e.language,
                    "medium": e.medium,
                    "description": e.description,
                    "source": e.source,
                    "wikidata": e.wikidata,
                    "website": e.website,
                    "countries": joined(e.all_countries),
                    "origin": e.origin,
                }
                for e in self.entities.values()
            ],
            columns=[f.name for f in fields(Entity)],
        )
        roles = pd.DataFrame(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "wordings": joined(r.wordings),
                    "single_holder": r.single_holder,
                    "source": r.source,
                    "kind": r.kind,
                    "origin": r.origin,
                }
                for r in self.roles.values()
            ],
            columns=[f.name for f in fields(Role)],
        )

        def name_of(entity_id: str) -> str | None:
            entity = self.entities.get(entity_id)
            return entity.name if entity else None

        columns = ["person", "person_name", "role", "role_name", "of", "of_name", "start", "end", "source",
                   "start_precision", "end_precision", "origin"]
        positions = pd.DataFrame(
            [
                {
                    "person": p.person,
                    "person_name": name_of(p.person),
                    "role": p.role,
                    "role_name": self.roles[p.role].name if p.role in self.roles else None,
                    "of": p.of,
                    "of_name": name_of(p.of),
                    "start": format_partial(p.start, p.start_precision),
                    "end": format_partial(p.end, p.end_precision) if p.end else None,
                    "source": p.source,
                    "start_precision": p.start_precision,
                    "end_precision": p.end_precision if p.end else None,
                    "origin": p.origin,
                }
                for p in sorted(self.positions, key=lambda p: (p.of, p.role, p.start))
            ],
            columns=columns,
        )
        events = pd.DataFrame(
            [
                {
                    "id": ev.id,
                    "name": ev.name,
                    "aliases": joined(ev.aliases),
                    "start": ev.start.isoformat(),
                    "end": ev.end.isoformat() if ev.end else None,
                    "source": ev.source,
                }
                for ev in self.events.values()
            ],
            columns=[f.name for f in fields(Event) if f.name != "involves"],
        )
        return {"entities": entities, "roles": roles, "positions": positions, "events": events}


def _first_wins(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A key -> id index; the first id given for a key keeps it."""
    index: dict[str, str] = {}
    for key, value in pairs:
        if key:
            index.setdefault(key, value)
    return index


def _all_ids(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """A key -> every id given for it, in the order given."""
    index: dict[str, list[str]] = {}
    for key, value in pairs:
        if key:
            ids = index.setdefault(key, [])
            if value not in ids:
                ids.append(value)
    return {k: tuple(v) for k, v in index.items()}


# --------------------------------------------------------------------------------------------------
# Entity-ruler patterns
# --------------------------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"(\s+|-)")
# Name particles longer than two letters (two-letter ones, "Al", "el", "de", are covered by length).
_NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "abu", "van", "von", "der", "den", "del", "della", "dos", "das"})


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_particle(word: str) -> bool:
    """A function word or short name particle ("the", "of", "Al", "bin"): never distinctive alone."""
    lower = word.lower()
    return lower in _stop_words() or lower in _NAME_PARTICLES or sum(c.isalpha() for c in word) <= 2


def _is_distinctive(word: str) -> bool:
    return any(c.isupper() for c in word) and not _is_acronym(word) and not _is_particle(word)


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def _name_variants(name: str) -> list[str]:
    """The surface forms under which ``name`` is matched (see ``Reference.ruler_patterns``)."""
    bases = {name, _ascii_fold(name)}
    bases |= {b.replace("'", "\u2019") for b in bases} | {b.replace("\u2019", "'") for b in bases}
    variants: dict[str, None] = {}
    for base in sorted(bases, key=lambda b: (b != name, b)):
        parts = _NAME_SPLIT.split(base.strip())
        words, seps = parts[0::2], [" " if sep.isspace() else sep for sep in parts[1::2]]
        if not all(words):
            continue
        acronym = [_is_acronym(w) for w in words]
        particle = [_is_particle(w) and not a for w, a in zip(words, acronym)]
        distinctive = [_is_distinctive(w) for w in words]
        any_case = sum(distinctive) >= 2 and not any(acronym)  # distinctive enough to match uncapitalised
        if not any(distinctive):  # a short name ("Xi", "Wu"): its capitalised words are the name
            distinctive = [any(c.isupper() for c in w) and not a for w, a in zip(words, acronym)]
            particle = [p and not d for p, d in zip(particle, distinctive)]

        def keep_acronyms(form: list[str]) -> list[str]:
            return [words[i] if acronym[i] else w for i, w in enumerate(form)]

        forms: list[list[str]] = []
        for form in (list(words), [_capitalised(w) for w in words]):  # as written, title case
            for particles in (None, str.lower, _capitalised):  # "the Times"/"The Times", "al-"/"Al-"
                forms.append([particles(w) if particles and particle[i] else w for i, w in enumerate(form)])
        forms.append([w.upper() for w in words])
        if any_case:
            lower = [w.lower() for w in words]
            first = distinctive.index(True)
            sentence = lower[:first] + [words[first]] + lower[first + 1 :]  # "the Gaza strip"
            forms += [lower, sentence, [_capitalised(sentence[0])] + sentence[1:]]
        # a hyphen may be a space, and a space after a short particle ("Al Thani") a hyphen
        toggled = [
            " " if sep == "-" else "-" if particle[i] and len(words[i]) <= 2 and words[i].lower() not in _stop_words() else sep
            for i, sep in enumerate(seps)
        ]
        for form in forms:
            form = keep_acronyms(form)
            for separators in (seps, toggled):
                variants.setdefault(form[0] + "".join(sep + w for sep, w in zip(separators, form[1:])), None)
    return list(variants)


def _ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _too_common(name: str, is_common_word: Callable[[str], bool] | None, *, outlet: bool = False) -> bool:
    """A layer's name of one common English word ("Dawn", "The Chief", "Cook") or of one short word
    ("Dan"), any one-word name when no word list is at hand, and an outlet's name made only of common
    words ("Air Force", "New Age"): newspapers are named after common words far more than people or
    organisations are ("James Cleverly", "Acme Corp" stay names)."""
    words = [w for w in _NAME_SPLIT.split(name.strip())[0::2] if w]
    content = [w for w in words if _is_acronym(w) or not _is_particle(w)]
    if not content:
        return True
    if len(content) == 1 and (is_common_word is None or sum(c.isalpha() for c in content[0]) <= 3):
        return True
    if len(content) > 1 and not outlet:
        return False
    return is_common_word is not None and all(is_common_word(w) for w in content)


# --------------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    path: Path
    line: int
    values: dict[str, str]
    source: int = 0  # index of the folder it came from: 0 is the base

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class _Source:
    """One folder being read: the base (index 0) or a layer."""

    directory: Path
    layer: bool
    name: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    digest: Any = field(default_factory=hashlib.sha256)
    rows: dict[str, list[_Row]] = field(default_factory=dict)


def _is_layer_folder(directory: Path) -> bool:
    """True when the folder's meta.yaml says ``kind: layer``."""
    try:
        meta = yaml.safe_load((directory / META_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(meta, dict) and meta.get("kind") == LAYER_KIND


class _Loader:
    """Reads the files of the base folder and its layers, and collects every problem found on the way."""

    def __init__(self, directory: Path, layers: Sequence[Path] = (), *, with_meta_layers: bool = True) -> None:
        self.directory = directory
        self.extra_layers = list(layers)
        self.with_meta_layers = with_meta_layers
        self.problems: list[ReferenceDataError] = []
        self.conflicts: list[Conflict] = []
        self.sources: list[_Source] = []
        self.meta: dict[str, Any] = {}

    def problem(self, path: Path, line: int | None, text: str) -> None:
        self.problems.append(ReferenceDataError(_display(path), line, text))

    def conflict(self, kind: str, row: _Row, text: str) -> None:
        self.conflicts.append(Conflict(kind, _display(row.path), row.line, text))

    @property
    def rows(self) -> dict[str, list[_Row]]:
        """Rows of every file over all sources, the base first."""
        out: dict[str, list[_Row]] = {name: [] for name in FILES}
        for source in self.sources:
            for name, rows in source.rows.items():
                out[name].extend(rows)
        return out

    # ---- structure -------------------------------------------------------------------------------

    def read_files(self) -> None:
        if not self.directory.is_dir():
            self.problem(self.directory, None, "reference folder not found")
            return
        base = _Source(self.directory, layer=False)
        self.sources.append(base)
        for name, columns in FILES.items():
            base.rows[name] = self._read_csv(base, self.directory / name, columns, required=True)
        base.meta = self._read_meta(base, self.directory / META_FILE, layer=False)
        self.meta = base.meta
        folders: list[Path] = []
        if self.with_meta_layers:
            folders += self._meta_layers(base)
        folders += self.extra_layers
        seen = {self.directory.resolve()}
        for folder in folders:
            if folder.resolve() in seen:
                continue
            seen.add(folder.resolve())
            self._read_layer(folder)

    def _meta_layers(self, base: _Source) -> list[Path]:
        listed = base.meta.get("layers") or []
        meta_path = self.directory / META_FILE
        if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
            self.problem(meta_path, _yaml_key_line(meta_path.read_text(encoding="utf-8-sig"), "layers"),
                         "`layers` must be a list of folder paths (relative to this folder)")
            return []
        return [(self.directory / p) for p in listed]

    def _read_layer(self, folder: Path) -> None:
        if not folder.is_dir():
            self.problem(folder, None, "reference layer folder not found")
            return
        source = _Source(folder, layer=True, name=folder.name)
        index = len(self.sources)
        self.sources.append(source)
        source.meta = self._read_meta(source, folder / META_FILE, layer=True)
        source.name = str(source.meta.get("name") or folder.name)
        for name, columns in FILES.items():
            path = folder / name
            source.rows[name] = self._read_csv(source, path, columns, required=False, index=index) if path.exists() else []

    def _read_bytes(self, source: _Source, path: Path) -> str | None:
        if not path.is_file():
            self.problem(path, None, "missing required file")
            return None
        data = path.read_bytes()
        source.digest.update(path.name.encode() + b"\0" + data + b"\0")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(path, line, f"not valid UTF-8 ({exc.reason})")
            return None

    def _read_csv(self, source: _Source, path: Path, columns: tuple[str, ...], *, required: bool,
                  index: int = 0) -> list[_Row]:
        text = self._read_bytes(source, path)
        if text is None:
            return []
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            if not required:
                return []
            self.problem(path, None, "empty file: no header row")
            return []
        except csv.Error as exc:
            self.problem(path, 1, f"unreadable CSV header: {exc}")
            return []
        for column in sorted({h for h in header if header.count(h) > 1}):
            self.problem(path, 1, f"duplicate column {column!r}")
        missing = [c for c in columns if c not in header]
        if missing:
            self.problem(path, 1, f"missing required column(s): {', '.join(missing)} (header: {', '.join(header)})")
            return []
        rows: list[_Row] = []
        last_line = 1
        while True:
            start = last_line + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.problem(path, start, f"unreadable CSV row: {exc}")
                break
            last_line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank line
            if len(record) != len(header):
                self.problem(path, start, f"row has {len(record)} fields, the header has {len(header)}")
                continue
            rows.append(_Row(path, start, {h: cell.strip() for h, cell in zip(header, record)}, index))
        return rows

    def _read_meta(self, source: _Source, path: Path, *, layer: bool) -> dict[str, Any]:
        text = self._read_bytes(source, path)
        if text is None:
            return {}
        try:
            meta = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problem(path, mark.line + 1 if mark else None, f"invalid YAML: {getattr(exc, 'problem', exc)}")
            return {}
        if not isinstance(meta, dict):
            self.problem(path, None, "must be a mapping with at least `snapshot: YYYY-MM-DD`")
            return {}
        snapshot = meta.get("snapshot")
        if isinstance(snapshot, datetime):
            snapshot = snapshot.date().isoformat()
        if isinstance(snapshot, date):  # YAML parses a bare ISO date itself
            snapshot = snapshot.isoformat()
        line = _yaml_key_line(text, "snapshot")
        if snapshot in (None, ""):
            self.problem(path, line, "missing `snapshot` (the ISO date the reference was last reviewed)")
        elif not isinstance(snapshot, str) or _parse_date(snapshot) is None:
            self.problem(path, line, f"malformed snapshot date {snapshot!r} (expected YYYY-MM-DD)")
        if layer and meta.get("kind") != LAYER_KIND:
            self.problem(path, _yaml_key_line(text, "kind"), f"a layer's meta.yaml needs `kind: {LAYER_KIND}`")
        return {**meta, "snapshot": snapshot}

    # ---- rows ------------------------------------------------------------------------------------

    def build(self) -> Reference | None:
        rows = self.rows
        ids: dict[str, _Row] = {}  # every entity/outlet id -> the row that defined it
        types: dict[str, str] = {}
        redirect: dict[str, str] = {}  # a layer's id of an item an earlier source has -> that entity's id
        items: dict[str, str] = {}  # Wikidata item -> the entity id that has it
        entity_rows: list[tuple[_Row, str]] = [(r, r["type"]) for r in rows["entities.csv"]]
        entity_rows += [(r, "outlet") for r in rows["outlets.csv"]]
        entity_rows.sort(key=lambda item: item[0].source)  # the base's rows first, then each layer's

        # pass 1: ids and types, so that references between rows can be checked in any order
        kept: list[tuple[_Row, str]] = []
        for row, kind in entity_rows:
            entity_id = row["id"]
            if kind == "outlet" and row.path.name != "outlets.csv":
                self.problem(row.path, row.line, "type 'outlet': outlets belong in outlets.csv")
            elif kind not in ENTITY_TYPES:
                allowed = ", ".join(t for t in ENTITY_TYPES if t != "outlet")
                self.problem(row.path, row.line, f"unknown type {kind!r} (expected one of: {allowed})")
            item = row["wikidata"]
            if item and not _WIKIDATA_ID.fullmatch(item):
                self.problem(row.path, row.line, f"malformed Wikidata item {item!r} (expected Q followed by digits)")
                item = ""
            if row.source and entity_id and entity_id in ids and ids[entity_id].source != row.source:
                first = ids[entity_id]
                self.conflict("id", row, f"{entity_id} is already defined at {_display(first.path)}:{first.line}; "
                                         "the first definition is used")
                continue
            if row.source and item and item in items and items[item] != entity_id:
                first = ids[items[item]]
                if first.source != row.source:
                    redirect[entity_id] = items[item]  # the earlier source's row wins
                    continue
                self.conflict("id", row, f"Wikidata item {item} is also {items[item]} "
                                         f"({_display(first.path)}:{first.line}); both are kept")
            if self._check_id(row, entity_id, ENTITY_TYPES.get(kind), ids):
                types[entity_id] = kind
                if item:
                    items.setdefault(item, entity_id)
            kept.append((row, kind))

        def ref(value: str) -> str:
            return redirect.get(value, value)

        # pass 2: fields and cross-references
        entities: dict[str, Entity] = {}
        names: dict[str, list[tuple[str, _Row]]] = {}
        adjectives: dict[str, list[tuple[str, _Row]]] = {}
        for row, kind in kept:
            self._require(row, "name", "source")
            countries = tuple(ref(c) for c in _split_list(row["country"]))
            if len(countries) > 1 and (kind != "outlet" or not row.source):
                self.problem(row.path, row.line, "`country` names one country (several only for an outlet of a layer)")
                countries = countries[:1]
            for country in countries:
                self._check_ref(row, "country", country, types, ("country",))
            language = medium = None
            if kind == "outlet":
                language = row["language"] or None
                medium = row["medium"] or None
                if language is not None and not _LANGUAGE.fullmatch(language):
                    self.problem(row.path, row.line, f"malformed language {language!r} (expected an ISO 639-1 code like 'en')")
                if medium is not None and medium not in MEDIA:
                    self.problem(row.path, row.line, f"unknown medium {medium!r} (expected one of: {', '.join(MEDIA)})")
            origin = self.sources[row.source].name if row.source else ""
            entity = Entity(
                id=row["id"],
                type=kind,
                name=row["name"],
                aliases=_split_list(row["aliases"]),
                adjectives=_split_list(row["adjectives"]) if kind != "outlet" else (),
                country=countries[0] if countries else None,
                language=language,
                medium=medium,
                description=row["description"],
                source=row["source"],
                wikidata=row["wikidata"] or None,
                website=row["website"] or None,
                countries=countries if len(countries) > 1 else (),
                origin=origin,
            )
            self._index_entity_names(row, entity.id, (entity.name, *entity.aliases), names, "alias")
            self._index_entity_names(row, entity.id, entity.adjectives, adjectives, "adjective")
            entities.setdefault(entity.id, entity)

        roles: dict[str, Role] = {}
        role_ids: dict[str, _Row] = {}
        wordings: dict[str, tuple[str, _Row]] = {}
        for row in rows["roles.csv"]:
            if row.source and row["id"] in role_ids and role_ids[row["id"]].source != row.source:
                first = role_ids[row["id"]]
                self.conflict("id", row, f"{row['id']} is already defined at {_display(first.path)}:{first.line}; "
                                         "the first definition is used")
                continue
            self._check_id(row, row["id"], "role", role_ids)
            self._require(row, "name", "source")
            flag = row["single_holder"].casefold()
            if flag not in _TRUE | _FALSE:
                self.problem(row.path, row.line, f"single_holder must be true or false, not {row['single_holder']!r}")
            origin = self.sources[row.source].name if row.source else ""
            role = Role(row["id"], row["name"], _split_list(row["wordings"]), flag in _TRUE, row["source"],
                        row["kind"], origin)
            self._index_names(row, role.id, (role.name, *role.wordings), wordings, "wording", key=lambda w: _singular_title(normalize_name(w)))
            roles.setdefault(role.id, role)

        positions: list[tuple[Position, _Row]] = []
        for row in rows["positions.csv"]:
            self._require(row, "person", "role", "of", "source")
            person, of = ref(row["person"]), ref(row["of"])
            ok = self._check_ref(row, "person", person, types, ("person",))
            ok &= self._check_ref(row, "of", of, types, ("country", "organisation", "place", "outlet"))
            if row["role"] and row["role"] not in roles:
                self.problem(row.path, row.line, f"unknown role id {row['role']!r} in column `role` (not in roles.csv)")
                ok = False
            start, start_precision, end, end_precision = self._term_dates(row)
            if ok and start is not None:
                origin = self.sources[row.source].name if row.source else ""
                positions.append((Position(person, row["role"], of, start, end, row["source"],
                                           start_precision, end_precision, origin), row))
        dropped = self._check_terms(positions, roles)

        events: dict[str, Event] = {}
        event_ids: dict[str, _Row] = {}
        event_names: dict[str, tuple[str, _Row]] = {}
        for row in rows["events.csv"]:
            if row.source and row["id"] in event_ids and event_ids[row["id"]].source != row.source:
                self.conflict("id", row, f"{row['id']} is already defined; the first definition is used")
                continue
            self._check_id(row, row["id"], "event", event_ids)
            self._require(row, "name", "source")
            start, end = self._dates(row)
            if start is None:
                continue
            involves = tuple(ref(i) for i in _split_list(row["involves"]))  # an optional column: "" when absent
            for entity_id in involves:
                self._check_ref(row, "involves", entity_id, types, ("person", "organisation", "country", "place"))
            event = Event(row["id"], row["name"], _split_list(row["aliases"]), start, end, row["source"], involves)
            self._index_names(row, event.id, (event.name, *event.aliases), event_names, "alias", conflict_kind="event")
            events.setdefault(event.id, event)

        if self.problems:
            return None
        layers = [
            Layer(
                name=source.name,
                directory=source.directory,
                snapshot=str(source.meta.get("snapshot", "")),
                meta=MappingProxyType(dict(source.meta)),
                fingerprint=source.digest.hexdigest(),
                rows=MappingProxyType({name: len(r) for name, r in source.rows.items() if r}),
            )
            for source in self.sources[1:]
        ]
        return Reference(
            entities=entities,
            roles=roles,
            positions=[p for i, (p, _) in enumerate(positions) if i not in dropped],
            events=events,
            snapshot=str(self.meta.get("snapshot", "")),
            description=str(self.meta.get("description") or ""),
            directory=self.directory,
            fingerprint=self.fingerprint(),
            layers=layers,
            conflicts=self.conflicts,
            names={k: tuple(dict.fromkeys(i for i, _ in v)) for k, v in names.items()},
            adjectives={k: tuple(dict.fromkeys(i for i, _ in v)) for k, v in adjectives.items()},
            is_common_word=_english_word_test() if len(self.sources) > 1 else None,
        )

    def fingerprint(self) -> str:
        """The base's content digest alone, or a digest over every source's, in order."""
        if len(self.sources) == 1:
            return self.sources[0].digest.hexdigest()
        combined = hashlib.sha256()
        for source in self.sources:
            combined.update(source.digest.hexdigest().encode() + b"\0")
        return combined.hexdigest()

    # ---- checks ----------------------------------------------------------------------------------

    def _require(self, row: _Row, *columns: str) -> None:
        for column in columns:
            if not row[column]:
                self.problem(row.path, row.line, f"empty `{column}`")

    def _check_id(self, row: _Row, value: str, prefix: str | None, seen: dict[str, _Row]) -> bool:
        """Non-empty, ``prefix/…`` shaped, not seen before. Returns whether the id may be referenced."""
        if not value:
            self.problem(row.path, row.line, "empty `id`")
            return False
        head, _, tail = value.partition("/")
        if prefix is not None and (head != prefix or not tail or any(c.isspace() for c in value)):
            self.problem(row.path, row.line, f"malformed id {value!r} (expected '{prefix}/<name>' without spaces)")
        if value in seen:
            first = seen[value]
            self.problem(row.path, row.line, f"duplicate id {value!r} (first defined at {_display(first.path)}:{first.line})")
            return False
        seen[value] = row
        return True

    def _check_ref(self, row: _Row, column: str, value: str, types: dict[str, str], allowed: tuple[str, ...]) -> bool:
        if not value:
            return False
        kind = types.get(value)
        if kind is None:
            self.problem(row.path, row.line, f"unknown id {value!r} in column `{column}`")
            return False
        if kind not in allowed:
            expected = " or ".join([", ".join(allowed[:-1]), allowed[-1]] if len(allowed) > 1 else allowed)
            self.problem(row.path, row.line, f"`{column}` must be a {expected} id, but {value!r} is a {kind}")
            return False
        return True

    def _dates(self, row: _Row) -> tuple[date | None, date | None]:
        """An event's start and end (full ISO days); start is None when either date is unusable."""
        start = end = None
        if not row["start"]:
            self.problem(row.path, row.line, "empty `start`")
        else:
            start = _parse_date(row["start"])
            if start is None:
                self.problem(row.path, row.line, f"malformed date {row['start']!r} in column `start` (expected YYYY-MM-DD)")
        if row["end"]:
            end = _parse_date(row["end"])
            if end is None:
                self.problem(row.path, row.line, f"malformed date {row['end']!r} in column `end` (expected YYYY-MM-DD)")
        if start is not None and end is not None and end <= start:
            self.problem(
                row.path,
                row.line,
                f"end {end.isoformat()} is not after start {start.isoformat()} "
                "(a term is [start, end): leave `end` empty if still held or one day long)",
            )
            return None, None
        if row["end"] and end is None:
            return None, None
        return start, end

    def _term_dates(self, row: _Row) -> tuple[date | None, str, date | None, str]:
        """A term's start and end with their precisions; start is None when a date is unusable.

        A date is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``start_precision``/``end_precision``, when
        given, must be ``day``, ``month`` or ``year`` and no finer than the date as written."""
        parsed: dict[str, tuple[date, str] | None] = {}
        for column in ("start", "end"):
            value = row[column]
            if not value:
                parsed[column] = None
                if column == "start":
                    self.problem(row.path, row.line, "empty `start`")
                continue
            found = _parse_partial(value)
            if found is None:
                self.problem(row.path, row.line, f"malformed date {value!r} in column `{column}` "
                                                 "(expected YYYY-MM-DD, YYYY-MM or YYYY)")
                return None, "day", None, "day"
            day, written = found
            stated = row[f"{column}_precision"]
            if stated:
                if stated not in PRECISIONS:
                    self.problem(row.path, row.line, f"unknown {column}_precision {stated!r} (expected one of: {', '.join(PRECISIONS)})")
                    return None, "day", None, "day"
                if PRECISIONS.index(stated) < PRECISIONS.index(written):
                    self.problem(row.path, row.line, f"{column}_precision {stated!r} is finer than the date {value!r}")
                    return None, "day", None, "day"
                day = _truncate(day, stated)
                written = stated
            parsed[column] = (day, written)
        start, end = parsed["start"], parsed.get("end")
        if start is None:
            return None, "day", None, "day"
        if end is not None:
            probe = Position("", "", "", start[0], end[0], "", start[1], end[1])
            latest_end = probe.end_latest
            if latest_end is not None and latest_end <= start[0]:
                self.problem(
                    row.path,
                    row.line,
                    f"end {row['end']} is not after start {row['start']} "
                    "(a term is [start, end): leave `end` empty if still held or one day long)",
                )
                return None, "day", None, "day"
        return start[0], start[1], (end[0] if end else None), (end[1] if end else "day")

    def _index_entity_names(self, row: _Row, owner: str, values: Iterable[str],
                            index: dict[str, list[tuple[str, _Row]]], what: str) -> None:
        """Index names; the same name for two entities of the base is an error, anywhere else an
        ambiguity reported as a conflict (the name then links only by context)."""
        reported: set[str] = set()  # one report per other entity, not one per spelling
        for value in values:
            normal = normalize_name(value)
            if not normal:
                self.problem(row.path, row.line, f"{what} {value!r} is empty once normalised")
                continue
            owners = index.setdefault(normal, [])
            others = [(o, r) for o, r in owners if o != owner and o not in reported]
            if any(o == owner for o, _ in owners):
                continue
            owners.append((owner, row))
            for other, first in others[:1]:
                reported.add(other)
                text = (f"{what} {value!r} (normalised {normal!r}) of {owner} also names {other} "
                        f"({_display(first.path)}:{first.line})")
                if row.source == 0 and first.source == 0:
                    self.problem(row.path, row.line, text)
                else:
                    self.conflict(what, row, text + ": it links only when the context picks one")

    def _index_names(
        self,
        row: _Row,
        owner: str,
        values: Iterable[str],
        index: dict[str, tuple[str, _Row]],
        what: str,
        *,
        key: Any = normalize_name,
        conflict_kind: str = "wording",
    ) -> None:
        reported: set[str] = set()  # one problem per other entity, not one per spelling
        for value in values:
            normal = key(value)
            if not normal:
                self.problem(row.path, row.line, f"{what} {value!r} is empty once normalised")
                continue
            other = index.get(normal)
            if other is None:
                index[normal] = (owner, row)
            elif other[0] != owner and other[0] not in reported:
                reported.add(other[0])
                first = other[1]
                text = (f"{what} {value!r} (normalised {normal!r}) of {owner} also names {other[0]} "
                        f"({_display(first.path)}:{first.line})")
                if row.source == first.source:
                    self.problem(row.path, row.line, text)
                else:
                    self.conflict(conflict_kind, row, text + ": the first is used")

    def _check_terms(self, positions: list[tuple[Position, _Row]], roles: dict[str, Role]) -> set[int]:
        """No two terms of a single-holder office overlap; no person holds one office twice at once.

        Inside the base an overlap is an error. A layer's term that overlaps a base term of the
        same office is dropped (curated rows win; reported when the holders differ); overlaps among
        layers are reported as conflicts and both terms kept. Returns the indexes of dropped terms."""
        dropped: set[int] = set()
        groups: dict[tuple[str, ...], list[int]] = {}
        for n, (position, _) in enumerate(positions):
            role = roles.get(position.role)
            if role is None:
                continue
            key = (position.role, position.of) if role.single_holder else (position.role, position.of, position.person)
            groups.setdefault(key, []).append(n)
        for members in groups.values():
            members.sort(key=lambda n: (positions[n][0].start, positions[n][1].source, positions[n][1].line))
            latest: int | None = None  # the earlier term reaching furthest
            for n in members:
                position, row = positions[n]
                if latest is not None:
                    other, other_row = positions[latest]
                    # a certain overlap: the later term surely began before the earlier one may have ended
                    if other.end is None or position.start_latest < other.end:
                        if not self._overlap(position, row, other, other_row, n, latest, dropped):
                            continue
                if latest is None or positions[latest][0].end is not None and (
                        position.end is None or position.end > positions[latest][0].end):  # type: ignore[operator]
                    latest = n
        return dropped

    def _overlap(self, position: Position, row: _Row, other: Position, other_row: _Row, n: int, m: int,
                 dropped: set[int]) -> bool:
        """Handle one overlap; False when ``position`` was dropped."""
        until = other.end.isoformat() if other.end else "open end"
        text = (f"term of {position.person} as {position.role} of {position.of} from "
                f"{position.start.isoformat()} overlaps the term of {other.person} "
                f"({other.start.isoformat()} to {until}, line {other_row.line})")
        if row.source == 0 and other_row.source == 0:
            self.problem(row.path, row.line, text)
            return True
        if row.source and other_row.source == 0 or other_row.source and row.source == 0:
            loser, loser_row = (n, row) if row.source else (m, other_row)
            dropped.add(loser)
            if position.person != other.person:
                self.conflict("office", loser_row, f"{text}: the curated term is used, the layer's dropped")
            return loser != n
        if position.person != other.person:
            where = f"{_display(other_row.path)}:{other_row.line}"
            self.conflict("office", row, f"{text.replace(f'line {other_row.line}', where)}: two holders of one "
                                         "office; no role conflict is reported for that office while they overlap")
        return True


def _english_word_test() -> Callable[[str], bool] | None:
    """The English model's test for common words (``claimkit.nlp.common_word_test``), loaded lazily."""
    from .nlp import common_word_test

    return common_word_test(None)


def _parse_date(value: str) -> date | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _parse_partial(value: str) -> tuple[date, str] | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as (first day, precision)."""
    match = _PARTIAL_DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            return date(int(year), int(month), int(day)), "day"
        if month is not None:
            return date(int(year), int(month), 1), "month"
        return date(int(year), 1, 1), "year"
    except ValueError:
        return None


def _truncate(day: date, precision: str) -> date:
    if precision == "year":
        return date(day.year, 1, 1)
    if precision == "month":
        return date(day.year, day.month, 1)
    return day


def _yaml_key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    return None


def _display(path: Path) -> str:
    """A path relative to the project root when it is inside it (shorter, machine-independent)."""
    try:
        return str(path.resolve().relative_to(paths.project_root()))
    except (ValueError, FileNotFoundError):
        return str(path)


def _split_folders(directory: str | Path | Sequence[str | Path] | None) -> tuple[Path, list[Path]]:
    """(base folder, extra layers) from one folder or several (``--reference`` given repeatedly).

    A folder whose meta.yaml says ``kind: layer`` is a layer added on top; any other folder is the
    base (at most one; default data/reference)."""
    if directory is None:
        return paths.reference_dir(), []
    if isinstance(directory, (str, Path)):
        folders = [Path(directory)]
    else:
        folders = [Path(d) for d in directory]
    bases = [f for f in folders if not _is_layer_folder(f)]
    layers = [f for f in folders if _is_layer_folder(f)]
    if len(bases) > 1:
        raise ReferenceDataError(str(bases[1]), None, f"only one base reference can be used (also given: {bases[0]}); "
                                                      "mark extra folders as layers with `kind: layer` in their meta.yaml")
    return (bases[0] if bases else paths.reference_dir()), layers


def validate_reference(directory: str | Path | Sequence[str | Path] | None = None, *,
                       layers: bool = True) -> list[ReferenceDataError]:
    """Every problem in a reference folder and its layers (empty when valid), each naming its file,
    line and problem. ``layers=False`` ignores the layers listed in the base's meta.yaml."""
    base, extra = _split_folders(directory)
    loader = _Loader(base, extra, with_meta_layers=layers)
    loader.read_files()
    if not loader.problems:
        loader.build()
    return loader.problems


def load_reference(directory: str | Path | Sequence[str | Path] | None = None, *, layers: bool = True) -> Reference:
    """Load and validate the reference (default data/reference/) with its layers.

    ``directory`` is a folder or several: layer folders (``kind: layer`` in their meta.yaml) are added
    on top of the base, after the layers the base's meta.yaml lists (``layers=False`` leaves those
    out). Raises ReferenceDataError for the first problem, its message listing up to
    MAX_LISTED_PROBLEMS; disagreements between layers are not errors but ``Reference.conflicts``.
    """
    base, extra = _split_folders(directory)
    loader = _Loader(base, extra, with_meta_layers=layers)
    loader.read_files()
    reference = None if loader.problems else loader.build()
    if reference is not None:
        return reference
    first, rest = loader.problems[0], loader.problems[1:]
    problem = first.problem
    if rest:
        listed = "; ".join(f"{p.path}:{p.line}: {p.problem}" if p.line else f"{p.path}: {p.problem}" for p in rest[: MAX_LISTED_PROBLEMS - 1])
        more = len(rest) - (MAX_LISTED_PROBLEMS - 1)
        problem += f" (and {len(rest)} more: {listed}{f'; … {more} more' if more > 0 else ''})"
    error = ReferenceDataError(first.path, first.line, problem)
    error.problems = list(loader.problems)  # type: ignore[attr-defined]
    raise error
