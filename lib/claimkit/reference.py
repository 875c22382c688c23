"""The dated reference of known facts (data/reference/): load, validate, look up.

Plain CSV files a user can read and extend by hand (schema in data/reference/README.md). Loading
validates everything and reports *every* problem found, each naming the file, the line (the header is
line 1) and the problem; the raised ``ReferenceDataError`` carries the first one and lists up to
``MAX_LISTED_PROBLEMS`` (``validate_reference`` returns them all). Lookups go through dict indexes built
once, keyed on ``normalize_name``, so they are independent of case, diacritics, hyphens, possessives,
a leading "the" and honorifics.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
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
    "RULER_LABELS",
    "Entity",
    "Event",
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
MAX_LISTED_PROBLEMS = 10

FILES: dict[str, tuple[str, ...]] = {
    "entities.csv": ("id", "type", "name", "aliases", "adjectives", "country", "description", "source"),
    "outlets.csv": ("id", "name", "aliases", "country", "language", "medium", "source"),
    "roles.csv": ("id", "name", "wordings", "single_holder", "source"),
    "positions.csv": ("person", "role", "of", "start", "end", "source"),
    "events.csv": ("id", "name", "aliases", "start", "end", "source"),
}
META_FILE = "meta.yaml"

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[a-z]{2}")


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, country, place or outlet, with the names news uses for it."""

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


@dataclass(frozen=True, slots=True)
class Role:
    """An office ("prime minister") with its usual wordings; ``single_holder``: one holder per `of`."""

    id: str
    name: str
    wordings: tuple[str, ...]
    single_holder: bool
    source: str


@dataclass(frozen=True, slots=True)
class Position:
    """A term of office: ``person`` held ``role`` of ``of`` over the half-open interval [start, end)."""

    person: str
    role: str
    of: str
    start: date
    end: date | None
    source: str

    def holds_on(self, day: date) -> bool:
        """True when the term covers ``day`` (start <= day < end; an open end never ends)."""
        day = _as_date(day)
        return self.start <= day and (self.end is None or day < self.end)


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
    """The loaded, validated reference with its lookup indexes (built once, read-only)."""

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
    ) -> None:
        self.entities: Mapping[str, Entity] = MappingProxyType(dict(entities))
        self.roles: Mapping[str, Role] = MappingProxyType(dict(roles))
        self.positions: tuple[Position, ...] = tuple(positions)
        self.events: Mapping[str, Event] = MappingProxyType(dict(events))
        self.snapshot = snapshot
        self.description = description
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self._by_name = _first_wins(
            (normalize_name(n), e.id) for e in self.entities.values() for n in (e.name, *e.aliases)
        )
        self._by_adjective = _first_wins(
            (normalize_name(a), e.id) for e in self.entities.values() for a in e.adjectives
        )
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
        return (
            f"Reference(snapshot={self.snapshot!r}, entities={len(self.entities)}, "
            f"roles={len(self.roles)}, positions={len(self.positions)}, events={len(self.events)})"
        )

    # ---- lookups ---------------------------------------------------------------------------------

    def resolve(self, name: str) -> Entity | None:
        """The entity a name or alias refers to ("al-Thani's", "QATAR", "Erdogan"), or None."""
        key = normalize_name(name)
        entity_id = self._by_name.get(key) if key else None
        return self.entities[entity_id] if entity_id else None

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; KeyError naming the id if the reference does not know it."""
        try:
            return self.entities[entity_id]
        except KeyError:
            raise KeyError(f"unknown entity id {entity_id!r}") from None

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
        """The entity an adjective or demonym belongs to ("Qatari" -> Qatar, "Americans" -> US), or None."""
        key = normalize_name(word)
        if not key:
            return None
        entity_id = self._by_adjective.get(key)
        if entity_id is None and key.endswith("s"):  # plural demonym used as a noun: "Israelis"
            entity_id = self._by_adjective.get(key[:-1])
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

    def holders(self, role_id: str, of: str, on: date | None = None) -> list[Position]:
        """Terms of ``role_id`` of ``of`` covering the day ``on`` (every term ever when ``on`` is None)."""
        terms = self._by_office.get((role_id, of), [])
        if on is None:
            return list(terms)
        day = _as_date(on)
        return [p for p in terms if p.holds_on(day)]

    def positions_of(self, person_id: str, on: date | None = None) -> list[Position]:
        """Terms ``person_id`` held on the day ``on`` (every term ever when ``on`` is None), by start."""
        terms = self._by_person.get(person_id, [])
        if on is None:
            return list(terms)
        day = _as_date(on)
        return [p for p in terms if p.holds_on(day)]

    def event_for(self, text: str) -> Event | None:
        """The event a name or alias refers to ("the truce", "October 7 attack"), or None."""
        key = normalize_name(text)
        event_id = self._by_event_name.get(key) if key else None
        return self.events[event_id] if event_id else None

    # ---- exports ---------------------------------------------------------------------------------

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler phrase patterns (matched on ORTH) for every entity and outlet name and alias.

        Adjectives get none ("Israeli" is not a mention of Israel). Each pattern has "label" (PERSON,
        ORG or GPE by type) and "id" (the entity id). The case variants follow one rule: an acronym
        ("US", "CIA") matches only as written; a name with one distinctive capitalised word ("Barnea",
        "Burns", "The Times") matches as written, in title case and in upper case, never in lower
        case ("burns", "the times"); a name with two or more ("Gaza Strip") also matches in lower and
        sentence case. Function words and particles ("the", "bin", "Al") match lower or capitalised,
        a hyphen after a short particle or in the name may be a space and vice versa ("Al-Thani",
        "al Thani"), and names with diacritics or curly apostrophes also match without them.
        """
        seen: set[tuple[str, str]] = set()
        patterns: list[dict[str, Any]] = []
        for entity in self.entities.values():
            label = RULER_LABELS[entity.type]
            for name in (entity.name, *entity.aliases):
                for variant in _name_variants(name):
                    if (entity.id, variant) not in seen:
                        seen.add((entity.id, variant))
                        patterns.append({"label": label, "pattern": variant, "id": entity.id})
        return patterns

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """The reference as DataFrames (entities incl. outlets, roles, positions, events) for notebooks.

        List fields are "|"-joined as in the files; dates are ISO strings.
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
                }
                for r in self.roles.values()
            ],
            columns=[f.name for f in fields(Role)],
        )

        def name_of(entity_id: str) -> str | None:
            entity = self.entities.get(entity_id)
            return entity.name if entity else None

        positions = pd.DataFrame(
            [
                {
                    "person": p.person,
                    "person_name": name_of(p.person),
                    "role": p.role,
                    "role_name": self.roles[p.role].name if p.role in self.roles else None,
                    "of": p.of,
                    "of_name": name_of(p.of),
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat() if p.end else None,
                    "source": p.source,
                }
                for p in sorted(self.positions, key=lambda p: (p.of, p.role, p.start))
            ],
            columns=["person", "person_name", "role", "role_name", "of", "of_name", "start", "end", "source"],
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
    """A key -> id index; validation guarantees a key never points to two ids."""
    index: dict[str, str] = {}
    for key, value in pairs:
        if key:
            index.setdefault(key, value)
    return index


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


# --------------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    path: Path
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


class _Loader:
    """Reads the files of one reference folder and collects every problem found on the way."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[ReferenceDataError] = []
        self.rows: dict[str, list[_Row]] = {}
        self.meta: dict[str, Any] = {}
        self.digest = hashlib.sha256()

    def problem(self, path: Path, line: int | None, text: str) -> None:
        self.problems.append(ReferenceDataError(_display(path), line, text))

    # ---- structure -------------------------------------------------------------------------------

    def read_files(self) -> None:
        if not self.directory.is_dir():
            self.problem(self.directory, None, "reference folder not found")
            return
        for name, columns in FILES.items():
            self.rows[name] = self._read_csv(self.directory / name, columns)
        self._read_meta(self.directory / META_FILE)

    def _read_bytes(self, path: Path) -> str | None:
        if not path.is_file():
            self.problem(path, None, "missing required file")
            return None
        data = path.read_bytes()
        self.digest.update(path.name.encode() + b"\0" + data + b"\0")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(path, line, f"not valid UTF-8 ({exc.reason})")
            return None

    def _read_csv(self, path: Path, columns: tuple[str, ...]) -> list[_Row]:
        text = self._read_bytes(path)
        if text is None:
            return []
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
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
            rows.append(_Row(path, start, {h: cell.strip() for h, cell in zip(header, record)}))
        return rows

    def _read_meta(self, path: Path) -> None:
        text = self._read_bytes(path)
        if text is None:
            return
        try:
            meta = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problem(path, mark.line + 1 if mark else None, f"invalid YAML: {getattr(exc, 'problem', exc)}")
            return
        if not isinstance(meta, dict):
            self.problem(path, None, "must be a mapping with at least `snapshot: YYYY-MM-DD`")
            return
        snapshot = meta.get("snapshot")
        if isinstance(snapshot, date):  # YAML parses a bare ISO date itself
            snapshot = snapshot.isoformat()
        line = _yaml_key_line(text, "snapshot")
        if snapshot in (None, ""):
            self.problem(path, line, "missing `snapshot` (the ISO date the reference was last reviewed)")
        elif not isinstance(snapshot, str) or _parse_date(snapshot) is None:
            self.problem(path, line, f"malformed snapshot date {snapshot!r} (expected YYYY-MM-DD)")
        self.meta = {**meta, "snapshot": snapshot}

    # ---- rows ------------------------------------------------------------------------------------

    def build(self) -> Reference | None:
        ids: dict[str, _Row] = {}  # every entity/outlet id -> the row that defined it
        types: dict[str, str] = {}
        entity_rows: list[tuple[_Row, str]] = [(r, r["type"]) for r in self.rows.get("entities.csv", [])]
        entity_rows += [(r, "outlet") for r in self.rows.get("outlets.csv", [])]

        # pass 1: ids and types, so that references between rows can be checked in any order
        for row, kind in entity_rows:
            entity_id = row["id"]
            if kind == "outlet" and row.path.name != "outlets.csv":
                self.problem(row.path, row.line, "type 'outlet': outlets belong in outlets.csv")
            elif kind not in ENTITY_TYPES:
                allowed = ", ".join(t for t in ENTITY_TYPES if t != "outlet")
                self.problem(row.path, row.line, f"unknown type {kind!r} (expected one of: {allowed})")
            if self._check_id(row, entity_id, ENTITY_TYPES.get(kind), ids):
                types[entity_id] = kind

        # pass 2: fields and cross-references
        entities: dict[str, Entity] = {}
        names: dict[str, tuple[str, _Row]] = {}
        adjectives: dict[str, tuple[str, _Row]] = {}
        for row, kind in entity_rows:
            self._require(row, "name", "source")
            country = row["country"] or None
            if country is not None:
                self._check_ref(row, "country", country, types, ("country",))
            language = medium = None
            if kind == "outlet":
                language = row["language"] or None
                medium = row["medium"] or None
                if language is not None and not _LANGUAGE.fullmatch(language):
                    self.problem(row.path, row.line, f"malformed language {language!r} (expected an ISO 639-1 code like 'en')")
                if medium is not None and medium not in MEDIA:
                    self.problem(row.path, row.line, f"unknown medium {medium!r} (expected one of: {', '.join(MEDIA)})")
            entity = Entity(
                id=row["id"],
                type=kind,
                name=row["name"],
                aliases=_split_list(row["aliases"]),
                adjectives=_split_list(row["adjectives"]) if kind != "outlet" else (),
                country=country,
                language=language,
                medium=medium,
                description=row["description"],
                source=row["source"],
            )
            self._index_names(row, entity.id, (entity.name, *entity.aliases), names, "alias")
            self._index_names(row, entity.id, entity.adjectives, adjectives, "adjective")
            entities.setdefault(entity.id, entity)

        roles: dict[str, Role] = {}
        role_ids: dict[str, _Row] = {}
        wordings: dict[str, tuple[str, _Row]] = {}
        for row in self.rows.get("roles.csv", []):
            self._check_id(row, row["id"], "role", role_ids)
            self._require(row, "name", "source")
            flag = row["single_holder"].casefold()
            if flag not in _TRUE | _FALSE:
                self.problem(row.path, row.line, f"single_holder must be true or false, not {row['single_holder']!r}")
            role = Role(row["id"], row["name"], _split_list(row["wordings"]), flag in _TRUE, row["source"])
            self._index_names(row, role.id, (role.name, *role.wordings), wordings, "wording", key=lambda w: _singular_title(normalize_name(w)))
            roles.setdefault(role.id, role)

        positions: list[tuple[Position, _Row]] = []
        for row in self.rows.get("positions.csv", []):
            self._require(row, "person", "role", "of", "source")
            ok = self._check_ref(row, "person", row["person"], types, ("person",))
            ok &= self._check_ref(row, "of", row["of"], types, ("country", "organisation", "place", "outlet"))
            if row["role"] and row["role"] not in roles:
                self.problem(row.path, row.line, f"unknown role id {row['role']!r} in column `role` (not in roles.csv)")
                ok = False
            start, end = self._dates(row)
            if ok and start is not None:
                positions.append((Position(row["person"], row["role"], row["of"], start, end, row["source"]), row))
        self._check_terms(positions, roles)

        events: dict[str, Event] = {}
        event_ids: dict[str, _Row] = {}
        event_names: dict[str, tuple[str, _Row]] = {}
        for row in self.rows.get("events.csv", []):
            self._check_id(row, row["id"], "event", event_ids)
            self._require(row, "name", "source")
            start, end = self._dates(row)
            if start is None:
                continue
            involves = _split_list(row["involves"])  # an optional column: "" when absent
            for entity_id in involves:
                self._check_ref(row, "involves", entity_id, types, ("person", "organisation", "country", "place"))
            event = Event(row["id"], row["name"], _split_list(row["aliases"]), start, end, row["source"], involves)
            self._index_names(row, event.id, (event.name, *event.aliases), event_names, "alias")
            events.setdefault(event.id, event)

        if self.problems:
            return None
        return Reference(
            entities=entities,
            roles=roles,
            positions=[p for p, _ in positions],
            events=events,
            snapshot=str(self.meta.get("snapshot", "")),
            description=str(self.meta.get("description") or ""),
            directory=self.directory,
            fingerprint=self.digest.hexdigest(),
        )

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
        """The row's start and end; start is None when either date is unusable (the row is skipped)."""
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

    def _index_names(
        self,
        row: _Row,
        owner: str,
        values: Iterable[str],
        index: dict[str, tuple[str, _Row]],
        what: str,
        *,
        key: Any = normalize_name,
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
                self.problem(
                    row.path,
                    row.line,
                    f"{what} {value!r} (normalised {normal!r}) of {owner} also names {other[0]} "
                    f"({_display(first.path)}:{first.line})",
                )

    def _check_terms(self, positions: list[tuple[Position, _Row]], roles: dict[str, Role]) -> None:
        """No two terms of a single-holder office overlap; no person holds one office twice at once."""
        groups: dict[tuple[str, ...], list[tuple[Position, _Row]]] = {}
        for position, row in positions:
            role = roles.get(position.role)
            if role is None:
                continue
            key = (position.role, position.of) if role.single_holder else (position.role, position.of, position.person)
            groups.setdefault(key, []).append((position, row))
        for terms in groups.values():
            terms.sort(key=lambda item: (item[0].start, item[1].line))
            latest: tuple[Position, _Row] | None = None  # the earlier term reaching furthest
            for position, row in terms:
                if latest is not None:
                    other, other_row = latest
                    if other.end is None or position.start < other.end:
                        until = other.end.isoformat() if other.end else "open end"
                        self.problem(
                            row.path,
                            row.line,
                            f"term of {position.person} as {position.role} of {position.of} from "
                            f"{position.start.isoformat()} overlaps the term of {other.person} "
                            f"({other.start.isoformat()} to {until}, line {other_row.line})",
                        )
                if latest is None or latest[0].end is not None and (position.end is None or position.end > latest[0].end):
                    latest = (position, row)


def _parse_date(value: str) -> date | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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


def validate_reference(directory: str | Path | None = None) -> list[ReferenceDataError]:
    """Every problem in a reference folder (empty when valid), each naming its file, line and problem."""
    loader = _Loader(Path(directory) if directory is not None else paths.reference_dir())
    loader.read_files()
    if not loader.problems:
        loader.build()
    return loader.problems


def load_reference(directory: str | Path | None = None) -> Reference:
    """Load and validate the reference folder (default data/reference/).

    Raises ReferenceDataError for the first problem, its message listing up to MAX_LISTED_PROBLEMS.
    """
    loader = _Loader(Path(directory) if directory is not None else paths.reference_dir())
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
