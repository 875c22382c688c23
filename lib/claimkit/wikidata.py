"""Wikidata as a source of reference layers: the queries that ship with the kit, a polite client for
the Query Service, and the conversion of SPARQL results (JSON or CSV) and of plain lists into rows of
the kit's own CSV format.

* ``load_queries`` — the SPARQL files in ``claimkit/queries/`` (readable, editable; each starts with a
  ``#claimkit-query: NAME`` line and pages with ``{limit}``/``{offset}``).
* ``Client`` — POSTs a query, asks for SPARQL JSON, sends a descriptive User-Agent, retries on 429
  and 503 honouring ``Retry-After``, halves the page after a timeout, and says clearly when the
  endpoint cannot be reached.
* ``parse_results`` — SPARQL 1.1 JSON (``head.vars``, ``results.bindings``) or CSV results, as
  Wikidata returns them, into rows of plain values.
* ``LayerBuilder`` — countries, outlets, terms of office and labels into entities, outlets and
  positions rows, each sourced with its Wikidata item URL; ``plain`` reads a
  ``person,role,of,start,end,source`` list.
* ``fetch`` — every query, page by page, then the labels of every item found.
"""

from __future__ import annotations

import csv
import email.utils
import hashlib
import http.client
import io
import json
import re
import socket
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import ReferenceImportError, ReferenceUpdateError
from .reference import PRECISIONS, Reference, _parse_partial, normalize_name

__all__ = [
    "ENDPOINT",
    "LANGUAGES",
    "Client",
    "LayerBuilder",
    "Query",
    "Results",
    "fetch",
    "item_url",
    "load_queries",
    "parse_results",
    "read_results_file",
]

ENDPOINT = "https://query.wikidata.org/sparql"
# Languages whose labels and aliases are kept (the transliterations Wikidata gives come as aliases).
LANGUAGES: tuple[str, ...] = ("en", "ar", "he", "fr", "es", "ru", "zh", "de")
ENTITY_PREFIX = "http://www.wikidata.org/entity/"
# Wikidata's time precision codes -> the kit's (coarser than a year is too vague to check against).
TIME_PRECISION = {"9": "year", "10": "month", "11": "day"}
ROWS_PER_PAGE = 5000
ITEMS_PER_LABEL_BATCH = 200
SERVER_TIMEOUT_SECONDS = 60  # the Query Service stops a query after 60 s

_QID = re.compile(r"Q[1-9]\d*")
_TIME = re.compile(r"^\+?(\d{4})-(\d{2})-(\d{2})T")
_ISO_LANGUAGE = re.compile(r"[a-z]{2}")
_SLUG = re.compile(r"[^a-z0-9]+")


def item_url(qid: str) -> str:
    """The page of a Wikidata item, cited as every imported row's source."""
    return f"https://www.wikidata.org/wiki/{qid}"


def qid_of(value: str | None) -> str | None:
    """"Q216393" from an entity URI (``http://www.wikidata.org/entity/Q216393``) or a bare id."""
    if not value:
        return None
    tail = value.rsplit("/", 1)[-1]
    return tail if _QID.fullmatch(tail) else None


# --------------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """A SPARQL file of the kit: its name, text and the sha256 of the text (recorded in meta.yaml)."""

    name: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def paged(self) -> bool:
        return "{offset}" in self.text

    def page(self, limit: int, offset: int) -> str:
        return self.text.replace("{limit}", str(limit)).replace("{offset}", str(offset))

    def for_items(self, qids: Sequence[str], languages: Sequence[str] = LANGUAGES) -> str:
        items = " ".join(f"wd:{q}" for q in qids)
        return self.text.replace("{items}", items).replace("{languages}", ", ".join(f'"{lang}"' for lang in languages))


LISTING_QUERIES = ("countries", "outlets", "heads", "ministers", "organisations", "companies")


def load_queries(folder: Path | None = None) -> dict[str, Query]:
    """The queries that ship with the kit (or the ``.rq`` files of ``folder``), by name."""
    if folder is not None:
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.rq"))}
    else:
        root = resources.files("claimkit") / "queries"
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(root.iterdir(), key=lambda p: p.name)
                 if p.name.endswith(".rq")}
    queries: dict[str, Query] = {}
    for filename, text in files.items():
        first = text.splitlines()[0] if text else ""
        name = first.split(":", 1)[1].strip() if first.startswith("#claimkit-query:") else filename[:-3]
        queries[name] = Query(name, text)
    return queries


def queries_sha256(queries: Mapping[str, Query]) -> str:
    """One hash over every query text (sorted by name), for meta.yaml."""
    digest = hashlib.sha256()
    for name in sorted(queries):
        digest.update(name.encode() + b"\0" + queries[name].text.encode("utf-8") + b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Value:
    """One bound value: its text, and the language tag of a literal when the format gives it."""

    value: str
    lang: str | None = None


@dataclass
class Results:
    """SPARQL results: the variables and one dict per row (variable -> Value; unbound ones absent)."""

    vars: list[str]
    rows: list[dict[str, Value]] = field(default_factory=list)


def parse_results(data: bytes | str, *, fmt: str, where: str, error: Callable[[str, int | None, str], Exception]) -> Results:
    """SPARQL 1.1 results in JSON (``application/sparql-results+json``) or CSV (``text/csv``).

    ``error(where, line, problem)`` builds the exception raised for a malformed body."""
    text = data.decode("utf-8-sig", errors="strict") if isinstance(data, bytes) else data
    if fmt == "json":
        try:
            body = json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(where, exc.lineno, f"not SPARQL JSON results ({exc.msg})") from None
        if not isinstance(body, dict) or not isinstance(body.get("head"), dict) \
                or not isinstance(body.get("results"), dict) or not isinstance(body["results"].get("bindings"), list):
            raise error(where, None, "not SPARQL JSON results (expected `head.vars` and `results.bindings`)")
        names = [str(v) for v in body["head"].get("vars") or []]
        results = Results(names)
        for n, binding in enumerate(body["results"]["bindings"], start=1):
            if not isinstance(binding, dict):
                raise error(where, None, f"binding {n} is not an object")
            row: dict[str, Value] = {}
            for name, cell in binding.items():
                if not isinstance(cell, dict) or "value" not in cell:
                    raise error(where, None, f"binding {n}: `{name}` has no value")
                row[name] = Value(str(cell["value"]), cell.get("xml:lang"))
            results.rows.append(row)
        return results
    if fmt == "csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise error(where, None, "empty file: no header row") from None
        except csv.Error as exc:
            raise error(where, 1, f"unreadable CSV: {exc}") from None
        results = Results([h.strip() for h in header])
        try:
            for record in reader:
                if not any(record):
                    continue
                if len(record) != len(header):
                    raise error(where, reader.line_num, f"row has {len(record)} fields, the header has {len(header)}")
                results.rows.append({k: Value(v) for k, v in zip(results.vars, record) if v != ""})
        except csv.Error as exc:
            raise error(where, reader.line_num, f"unreadable CSV row: {exc}") from None
        return results
    raise ValueError(f"unknown results format {fmt!r}")


def read_results_file(path: Path) -> Results:
    """A results file a user downloaded (``.json`` or ``.csv``); errors name the file and the line."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ReferenceImportError(path, None, "expected SPARQL results as .json or .csv, or a plain .csv list")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceImportError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        return parse_results(data, fmt=suffix[1:], where=str(path), error=ReferenceImportError)
    except UnicodeDecodeError as exc:
        raise ReferenceImportError(path, data[: exc.start].count(b"\n") + 1, f"not valid UTF-8 ({exc.reason})") from None


def time_value(value: Value | None, precision: Value | None) -> tuple[str, str] | None:
    """A Wikidata time with its precision as (partial ISO date, precision); None when absent, before
    year 1000, or vaguer than a year."""
    if value is None:
        return None
    match = _TIME.match(value.value)
    if match is None:
        return None
    year, month, day = match.groups()
    if year.startswith("0") or value.value.startswith("-"):
        return None
    kit = TIME_PRECISION.get(precision.value if precision is not None else "11")
    if kit is None:
        return None
    written = {"year": year, "month": f"{year}-{month}", "day": f"{year}-{month}-{day}"}[kit]
    return (written, kit) if _parse_partial(written) is not None else None


# --------------------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------------------


class Client:
    """A client of a SPARQL endpoint that follows the Query Service's rules.

    Every request is a POST of the query with ``Accept: application/sparql-results+json`` and a
    User-Agent naming the kit (and ``contact`` when given, as the service asks). 429 and 503 are
    retried after the ``Retry-After`` the server sends (seconds or an HTTP date; an exponential
    backoff without one), at most ``retries`` times and never waiting more than ``max_wait`` seconds."""

    def __init__(self, endpoint: str = ENDPOINT, *, contact: str | None = None, timeout: float = SERVER_TIMEOUT_SECONDS + 15,
                 retries: int = 5, max_wait: float = 300.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self.sleep = sleep
        agent = f"claimkit/{__version__} (reference update for fact-checking; Python-urllib)"
        self.user_agent = f"{agent} {contact}" if contact else agent
        self.requests = 0

    def query(self, sparql: str, *, what: str) -> Results:
        """Run one query; ``what`` names it in errors ("outlets, rows 5000-9999")."""
        body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            request = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": self.user_agent,
            })
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the user's endpoint
                    data = response.read()
                return parse_results(data, fmt="json", where=f"{self.endpoint} ({what})", error=_update_error)
            except urllib.error.HTTPError as exc:
                if exc.code in (429, 503) and attempt <= self.retries:
                    wait = _retry_after(exc.headers.get("Retry-After"), attempt)
                    if wait > self.max_wait:
                        raise ReferenceUpdateError(f"{self.endpoint} asks to wait {wait:.0f} s before retrying "
                                                   f"({what}); try again later") from None
                    self.sleep(wait)
                    continue
                detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
                raise ReferenceUpdateError(f"{self.endpoint} answered HTTP {exc.code} for {what}"
                                           + (f": {detail[0][:200]}" if detail else "")) from None
            except (TimeoutError, socket.timeout):
                raise _Timeout(what) from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    raise _Timeout(what) from None
                raise ReferenceUpdateError(
                    f"cannot reach {self.endpoint} ({reason}): no network? Download the query results "
                    "elsewhere and use `claimkit reference import`, or point --endpoint at a mirror") from None
            except (ConnectionError, OSError, http.client.HTTPException) as exc:
                raise ReferenceUpdateError(f"the connection to {self.endpoint} broke during {what} "
                                           f"({type(exc).__name__}: {exc})") from None


class _Timeout(Exception):
    """A request took longer than the client's timeout (the page is then made smaller)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _update_error(where: str, line: int | None, problem: str) -> ReferenceUpdateError:
    return ReferenceUpdateError(f"{where}: {problem}")


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait: the Retry-After header (seconds or an HTTP date), else 2, 4, 8 … seconds."""
    if header:
        header = header.strip()
        if header.isdigit():
            return float(header)
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    return float(2 ** attempt)


Progress = Callable[[str, int], None]  # (query name, rows so far)


def fetch(client: Client, queries: Mapping[str, Query], *, names: Sequence[str] = LISTING_QUERIES,
          page_size: int = ROWS_PER_PAGE, label_batch: int = ITEMS_PER_LABEL_BATCH,
          progress: Progress | None = None) -> dict[str, Results]:
    """Run every listing query page by page (``LIMIT``/``OFFSET``; a timed-out page is retried at half
    the size), then the labels of every item the results name, ``label_batch`` items at a time."""
    out: dict[str, Results] = {}
    for name in names:
        query = queries.get(name)
        if query is None:
            raise ReferenceUpdateError(f"no query named {name!r} (queries: {', '.join(sorted(queries))})")
        results: Results | None = None
        offset, size = 0, page_size
        while True:
            what = f"{name}, rows {offset}-{offset + size - 1}"
            try:
                page = client.query(query.page(size, offset), what=what)
            except _Timeout:
                if size <= 1:
                    raise ReferenceUpdateError(f"{client.endpoint} timed out on {what} even one row at a time") from None
                size //= 2
                continue
            if results is None:
                results = Results(page.vars)
            results.rows.extend(page.rows)
            if progress:
                progress(name, len(results.rows))
            if not query.paged or len(page.rows) < size:
                break
            offset += size
        out[name] = results or Results([])
    labels = queries.get("labels")
    if labels is not None:
        qids = sorted({q for results in out.values() for row in results.rows for v in row.values()
                       if (q := qid_of(v.value)) is not None and v.value.startswith(ENTITY_PREFIX)},
                      key=lambda q: int(q[1:]))
        merged = Results(["item", "name", "lang", "type"])
        start, size = 0, label_batch
        while start < len(qids):
            batch = qids[start: start + size]
            try:
                page = client.query(labels.for_items(batch), what=f"labels, items {start}-{start + len(batch) - 1}")
            except _Timeout:
                if size <= 1:
                    raise ReferenceUpdateError(f"{client.endpoint} timed out on labels even one item at a time") from None
                size //= 2
                continue
            merged.rows.extend(page.rows)
            start += len(batch)
            if progress:
                progress("labels", start)
        out["labels"] = merged
    return out


# --------------------------------------------------------------------------------------------------
# Conversion into layer rows
# --------------------------------------------------------------------------------------------------


def _data_rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("claimkit") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _slug(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SLUG.sub("_", folded.casefold()).strip("_") or "x"


@dataclass
class _Item:
    """One entity being assembled from several results."""

    id: str
    type: str
    qid: str | None
    name: str = ""
    names: dict[str, list[str]] = field(default_factory=dict)  # language -> labels then aliases
    adjectives: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    language: str = ""
    medium: str = ""
    website: str = ""
    source: str = ""
    description: str = ""


class LayerBuilder:
    """Turns Wikidata results and plain lists into the rows of a layer (entities, outlets, positions).

    ``reference`` is the reference the layer goes on top of: its roles name the offices, and a plain
    list may name its people, organisations and countries."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.items: dict[str, _Item] = {}  # entity id -> item
        self.positions: list[dict[str, str]] = []
        self.skipped: dict[str, int] = {}
        self._countries = {r["wikidata"]: r for r in _data_rows("countries.csv")}
        self._languages = {normalize_name(r["label"]): r["code"] for r in _data_rows("languages.csv")}
        self._by_name: dict[tuple[str, str], str] = {}  # (type, normalised name) -> id, for plain lists

    def _skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    # ---- entities --------------------------------------------------------------------------------

    def item(self, qid: str, kind: str) -> _Item:
        """The entity for a Wikidata item (created on first use), e.g. ``outlet/q216393``."""
        prefix = {"organisation": "org"}.get(kind, kind)
        entity_id = f"{prefix}/{qid.lower()}"
        found = self.items.get(entity_id)
        if found is None:
            found = self.items[entity_id] = _Item(entity_id, kind, qid, source=item_url(qid))
            if kind == "country":
                self._known_country(found)
        return found

    def _known_country(self, item: _Item) -> None:
        row = self._countries.get(item.qid or "")
        if row is None:
            return
        item.name = item.name or row["name"]
        item.names.setdefault("en", []).extend(a for a in row["aliases"].split("|") if a)
        item.adjectives.extend(a for a in row["adjectives"].split("|") if a)
        for parent in (p for p in row["part_of"].split("|") if p):
            item.countries.append(self.item(parent, "country").id)

    def _name(self, item: _Item, label: Value | None) -> None:
        """Take a label from the results unless it is just the item's id (no label in that language)."""
        if label is None or not label.value.strip() or qid_of(label.value.strip()) == item.qid:
            return
        text = label.value.strip()
        if not item.name:
            item.name = text
        elif normalize_name(text) != normalize_name(item.name):
            item.names.setdefault(label.lang or "en", []).append(text)

    # ---- what the results hold ------------------------------------------------------------------------

    def add(self, results: Results, *, where: str, medium: str = "newspaper") -> str:
        """Add results of any of the kit's queries (told apart by their variables); returns their kind."""
        names = set(results.vars)
        if "person" in names:
            self.add_terms(results)
            return "terms"
        if {"item", "name", "lang"} <= names:
            self.add_labels(results)
            return "labels"
        if "item" in names and names & {"offurl", "website", "medium", "country"}:
            self.add_outlets(results, medium=medium)
            return "outlets"
        if "country" in names:
            self.add_countries(results)
            return "countries"
        raise ReferenceImportError(where, None, f"cannot tell what these results hold (variables: {', '.join(results.vars)}); "
                                                "expected the variables of one of the kit's queries (claimkit/queries/*.rq)")

    def add_countries(self, results: Results) -> None:
        for row in results.rows:
            qid = qid_of(_text(row, "country"))
            if qid is None:
                continue
            item = self.item(qid, "country")
            self._name(item, row.get("countryLabel"))
            demonym = row.get("demonym")
            if demonym is not None and (demonym.lang in (None, "en")) and demonym.value not in item.adjectives:
                item.adjectives.append(demonym.value)

    def add_outlets(self, results: Results, *, medium: str = "newspaper") -> None:
        for row in results.rows:
            qid = qid_of(_text(row, "item"))
            if qid is None:
                self._skip("outlet row without an item")
                continue
            item = self.item(qid, "outlet")
            self._name(item, row.get("itemLabel"))
            item.medium = item.medium or _text(row, "medium") or medium
            country = qid_of(_text(row, "country"))
            if country is not None:
                c = self.item(country, "country")
                self._name(c, row.get("countryLabel"))
                if c.id not in item.countries:
                    item.countries.append(c.id)
            code = _text(row, "language")
            if not _ISO_LANGUAGE.fullmatch(code or ""):
                code = self._languages.get(normalize_name(_text(row, "languageLabel") or ""), "")
            if code and not item.language:
                item.language = code
            website = _text(row, "website") or _text(row, "offurl")
            if website and not item.website:
                item.website = website

    def add_terms(self, results: Results) -> None:
        """Terms of office from the heads, ministers, organisations and companies queries."""
        for row in results.rows:
            person_q = qid_of(_text(row, "person"))
            of_q = qid_of(_text(row, "country")) or qid_of(_text(row, "org"))
            if person_q is None or of_q is None:
                self._skip("term without a person or an office-holder country/organisation")
                continue
            role_id = self._role(row)
            if role_id is None:
                self._skip("office the kit's roles cannot name")
                continue
            start = time_value(row.get("start"), row.get("startPrecision"))
            if start is None:
                self._skip("term without a usable start date")
                continue
            end = time_value(row.get("end"), row.get("endPrecision"))
            if row.get("end") is not None and end is None:
                self._skip("term with an end vaguer than a year")
                continue
            person = self.item(person_q, "person")
            self._name(person, row.get("personLabel"))
            of = self.item(of_q, "country" if "country" in row else "organisation")
            self._name(of, row.get("countryLabel") or row.get("orgLabel"))
            self.positions.append({
                "person": person.id, "role": role_id, "of": of.id,
                "start": start[0], "end": end[0] if end else "",
                "source": item_url(person_q),
                "start_precision": start[1], "end_precision": end[1] if end else "",
            })

    def _role(self, row: dict[str, Value]) -> str | None:
        """The kit's role for a term: given by the query, else read off the office's English label
        ("Prime Minister of Japan" -> prime minister), else the query's kind of office."""
        given = _text(row, "role")
        if given:
            return given if given in self.reference.roles else None
        label = _text(row, "officeLabel")
        if label:
            title = re.split(r"\s+(?:of|for)\s+", label, maxsplit=1)[0]
            role = self.reference.role_for(title) or self.reference.role_for(label)
            if role is not None:
                return role.id
        kind = _text(row, "kind")
        fallback = f"role/{kind}" if kind else ""
        return fallback if fallback in self.reference.roles else None

    def add_labels(self, results: Results) -> None:
        """Labels and aliases (``labels.rq``) of items already met in other results."""
        by_qid = {item.qid: item for item in self.items.values() if item.qid}
        ordered = sorted(results.rows, key=lambda r: (_text(r, "type") != "label",
                                                      LANGUAGES.index(_text(r, "lang")) if _text(r, "lang") in LANGUAGES else 99))
        for row in ordered:
            item = by_qid.get(qid_of(_text(row, "item")) or "")
            if item is None:
                continue
            lang = _text(row, "lang") or (row["name"].lang if "name" in row else None) or "en"
            name = row.get("name")
            if name is None:
                continue
            if not item.name and lang == "en" and _text(row, "type") == "label":
                item.name = name.value.strip()
                continue
            self._name(item, Value(name.value, lang))

    # ---- plain lists ---------------------------------------------------------------------------------

    def add_plain(self, path: Path) -> None:
        """A ``person,role,of,start,end,source`` CSV (optional ``start_precision``, ``end_precision``):
        people and organisations by id or name (new ones are created), roles by id or wording."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReferenceImportError(path, None, f"cannot read as UTF-8 text: {exc}") from None
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in ("person", "role", "of", "start", "end", "source") if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceImportError(path, 1, f"missing column(s): {', '.join(missing)} "
                                                "(a plain list has person,role,of,start,end,source)")
        for record in reader:
            line = reader.line_num
            values = {k: (v or "").strip() for k, v in record.items() if k}
            if not any(values.values()):
                continue
            for column in ("person", "role", "of", "start", "source"):
                if not values.get(column):
                    raise ReferenceImportError(path, line, f"empty `{column}`")
            role = values["role"] if values["role"] in self.reference.roles else None
            if role is None:
                found = self.reference.role_for(values["role"])
                if found is None:
                    known = ", ".join(sorted(self.reference.roles))
                    raise ReferenceImportError(path, line, f"unknown role {values['role']!r} (a role id or a wording of roles.csv: {known})")
                role = found.id
            dates = {}
            for column in ("start", "end"):
                written = values.get(column, "")
                if written and _parse_partial(written) is None:
                    raise ReferenceImportError(path, line, f"malformed date {written!r} in `{column}` (expected YYYY-MM-DD, YYYY-MM or YYYY)")
                dates[column] = written
            for column in ("start_precision", "end_precision"):
                if values.get(column) and values[column] not in PRECISIONS:
                    raise ReferenceImportError(path, line, f"unknown {column} {values[column]!r} (expected one of: {', '.join(PRECISIONS)})")
            person = self._plain_entity(values["person"], "person")
            of = self._plain_entity(values["of"], "organisation")
            self.positions.append({
                "person": person, "role": role, "of": of, "start": dates["start"], "end": dates["end"],
                "source": values["source"], "start_precision": values.get("start_precision", ""),
                "end_precision": values.get("end_precision", ""),
            })

    def _plain_entity(self, written: str, kind: str) -> str:
        """An id the reference or this layer knows, a name it resolves, or a new entity."""
        if written in self.reference.entities or written in self.items:
            return written
        found = self.reference.resolve(written)
        if found is not None and (found.type == kind or kind == "organisation" and found.type != "person"):
            return found.id
        key = (kind, normalize_name(written))
        if key in self._by_name:
            return self._by_name[key]
        prefix = {"organisation": "org"}.get(kind, kind)
        entity_id = f"{prefix}/{_slug(written)}"
        n = 2
        while entity_id in self.reference.entities or entity_id in self.items:
            entity_id = f"{prefix}/{_slug(written)}_{n}"
            n += 1
        self.items[entity_id] = _Item(entity_id, kind, None, name=written, source="listed by the layer's author")
        self._by_name[key] = entity_id
        return entity_id

    # ---- output ------------------------------------------------------------------------------------

    def tables(self) -> dict[str, list[dict[str, str]]]:
        """The layer's rows per file; items without any name are left out (and counted in ``skipped``)."""
        entities: list[dict[str, str]] = []
        outlets: list[dict[str, str]] = []
        named = {i.id for i in self.items.values() if i.name}
        for item in sorted(self.items.values(), key=lambda i: i.id):
            if not item.name:
                self._skip(f"{item.type} without an English or other label")
                continue
            aliases = _aliases(item)
            countries = [c for c in item.countries if c in named]
            if item.type == "outlet":
                outlets.append({
                    "id": item.id, "name": item.name, "aliases": "|".join(aliases), "country": "|".join(countries),
                    "language": item.language, "medium": item.medium or "newspaper", "source": item.source,
                    "wikidata": item.qid or "", "website": item.website,
                })
            else:
                entities.append({
                    "id": item.id, "type": item.type, "name": item.name, "aliases": "|".join(aliases),
                    "adjectives": "|".join(dict.fromkeys(item.adjectives)),
                    "country": countries[0] if countries and item.type != "person" else "",
                    "description": item.description, "source": item.source, "wikidata": item.qid or "",
                })
        positions = []
        seen: set[tuple[str, ...]] = set()
        for p in self.positions:
            if p["person"] in self.items and p["person"] not in named or p["of"] in self.items and p["of"] not in named:
                self._skip("term of a person or office without a name")
                continue
            key = (p["person"], p["role"], p["of"], p["start"], p["end"])
            if key in seen:
                continue
            seen.add(key)
            positions.append(p)
        positions.sort(key=lambda p: (p["of"], p["role"], p["start"], p["person"]))
        return {"entities.csv": entities, "outlets.csv": outlets, "positions.csv": positions}


def _aliases(item: _Item) -> list[str]:
    """Other names, English first, then the other kept languages; one per normalised form."""
    seen = {normalize_name(item.name)}
    out: list[str] = []
    for lang in sorted(item.names, key=lambda lang: LANGUAGES.index(lang) if lang in LANGUAGES else 99):
        for name in item.names[lang]:
            key = normalize_name(name)
            if key and key not in seen and "|" not in name:
                seen.add(key)
                out.append(name.strip())
    return out


def _text(row: Mapping[str, Value], name: str) -> str:
    value = row.get(name)
    return value.value.strip() if value is not None else ""


def today() -> str:
    """Today's date (UTC), ISO: the snapshot of an update."""
    return datetime.now(timezone.utc).date().isoformat()

