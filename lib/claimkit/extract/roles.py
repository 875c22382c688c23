"""Role assertions: the offices an article gives a person ("Israeli Prime Minister Benjamin Netanyahu").

Only persons get role claims (PERSON entities or reference ``person/`` ids). Titles are read from the
words around the name with a small grammar of English titles, not from the statistical parse (which
mangles long titles), so the same rules run on fast-mode Docs:

    title phrase := [det] [prefix] unit (("and" | ",") unit)* [("of" | "for" | "to" | "at") object]
    unit         := modifier* head ["of" portfolio]        ("Prime Minister", "Secretary of Defense")
    prefix       := nationality adjective | country's | organisation | ...   ("Israeli", "Qatar's", "Hamas")

where a *head* is an office noun (minister, president, head, chief, leader, ...), a *modifier* a word
that narrows it (prime, foreign, deputy, or any capitalised non-entity word: "U.S. Affairs Assistant"
keeps "Affairs Assistant" as written), and a *portfolio* the department an office is named after
("of State", "of Defense", "of Foreign Affairs"); an "of" phrase naming a country or organisation is
the role's object instead. Positions read:

- before the name: "Hamas leader Ismail Haniyeh", "the head of the US intelligence service, Burns";
- after it, as an appositive or a copula: "Barnea, the Mossad chief", "X, Qatar's prime minister",
  "X, who is the head of Y", "X is the president of Y"; and "Prime Minister X of Israel";
- coordinated titles give one claim each: "the Prime Minister and Foreign Minister of Qatar X" ->
  prime minister of Qatar and foreign minister of Qatar.

Deliberate limits: an object is never carried over from a coordinated neighbour ("Israeli Prime
Minister Netanyahu and Defense Minister Gallant" gives Gallant no object, because "US President X and
Defense Minister Y" would otherwise give Y the wrong country); a name whose title was cut by a
redaction mark ("Israel** Herzog") gets a claim with no predicate (``redacted`` true) and the country
left in front of the mark as object: no title is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from .attributions import DocIndex, ReferenceLike, clean_name, is_redaction_text

ROLE_HEADS: frozenset[str] = frozenset(
    """minister premier president secretary chancellor leader head chief director chairman chairwoman
    chairperson chair spokesman spokeswoman spokesperson ambassador envoy emissary adviser advisor
    assistant aide commander general admiral colonel governor mayor king queen emir amir prince
    princess sultan monarch pope archbishop bishop rabbi imam mufti ayatollah senator congressman
    congresswoman lawmaker legislator mp deputy undersecretary coordinator officer ceo cfo coo founder
    co-founder cofounder editor correspondent reporter professor judge justice attorney prosecutor
    speaker commissioner administrator negotiator mediator diplomat manager coach executive treasurer
    secretary-general director-general president-elect vice-president""".split()
)
TITLE_MODIFIERS: frozenset[str] = frozenset(
    """prime foreign defense defence interior home finance justice health education economy economic
    trade energy environment agriculture labour labor transport culture information intelligence
    security national deputy vice assistant chief senior acting interim shadow state affairs general
    crown supreme executive military political spiritual opposition majority minority party press
    communications treasury public war police army navy naval air force cabinet presidential royal
    special principal permanent first external internal international regional federal managing
    associate emeritus junior top grand co under lord high major lieutenant brigadier rear field
    staff""".split()
)
# Words that make an "of" phrase part of the title ("Secretary of State") rather than its object.
PORTFOLIO_WORDS: frozenset[str] = frozenset(
    """state defense defence interior foreign affairs home homeland security health education energy
    commerce labor labour agriculture transportation transport treasury finance justice economy staff
    war information culture trade environment housing veterans national intelligence exchequer
    government public armed forces army navy air force police the and for""".split()
)
# Nouns that turn the place before them into a portfolio ("Jerusalem Affairs Minister").
PORTFOLIO_NOUNS: frozenset[str] = frozenset({"affairs", "relations"})
# Time words that qualify an office without changing it ("former president"): kept apart.
TEMPORAL_MODIFIERS: frozenset[str] = frozenset("former then late outgoing incoming ex".split())
# Adjectives that describe a holder without changing the office ("political leader" -> "leader").
_TEMPORAL_OR_DESCRIPTIVE = frozenset("political top current new longtime long-time sitting".split())
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady sheikh shaikh".split())
_DETERMINERS = frozenset({"the", "a", "an"})
_OBJECT_PREPS = frozenset({"of", "for", "to", "at"})
_COPULAS = frozenset({"is", "was", "remains", "became", "becomes"})
_STOP_WORDS = frozenset(
    """that which who whom whose when while because if but or as than since after before is was are
    were be been being with by from into about against on in met said says told this these those it
    its their his her there here then also has have had will would could should may might can do does
    did not no yet so however""".split()
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "DET", "PART", "CCONJ", "PUNCT", "X", "SYM"})
_NOT_IN_TITLES_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "SCONJ", "PRON", "INTJ"})


def extract_roles(doc: Doc, *, reference: ReferenceLike | None = None) -> list[dict]:
    """Role claims of one Doc: who holds which office of which country or organisation, as written.

    One dict per (person, office): ``kind`` "role", ``start``/``end``/``text`` (title words and name),
    ``subject`` (the name as written), ``subject_id``, ``predicate`` (the title as written: "Prime
    Minister", "U.S. Affairs Assistant"), ``role_id`` (reference.role_for, else null), ``object``
    (country or organisation as written: "Qatar", "Mossad", "Israeli"), ``object_id``, ``descriptor``
    (a nationality adjective), and the extras ``subject_start``/``subject_end``,
    ``predicate_start``/``predicate_end``, ``object_start``/``object_end``, ``descriptor_country_id``,
    ``title_qualifier`` ("former", "outgoing", ...) and ``redacted`` (a title cut by redaction).
    """
    index = DocIndex(doc, reference)
    lexicon = _Lexicon.build(reference)
    classes = _Classes(index, lexicon)
    claims: list[dict] = []
    seen: set[tuple[int, int, str | None, int]] = set()
    for ent in doc.ents:
        if not _is_person(ent):
            continue
        name = _name_range(index, lexicon, ent)
        if name is None:
            continue
        for claim in _roles_for_name(index, classes, *name):
            key = (claim["start"], claim["end"], claim["predicate"], claim["subject_start"])
            if key not in seen:
                seen.add(key)
                claims.append(claim)
    return claims


# ---------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Lexicon:
    heads: frozenset[str]
    modifiers: frozenset[str]

    @staticmethod
    def build(reference: ReferenceLike | None) -> "_Lexicon":
        """The built-in title words plus the words of the reference's role wordings."""
        heads, modifiers = set(ROLE_HEADS), set(TITLE_MODIFIERS)
        for role in (getattr(reference, "roles", None) or {}).values():
            for wording in (getattr(role, "name", ""), *getattr(role, "wordings", ())):
                words = wording.lower().split()
                if len(words) > 1 and "of" in words:
                    words = words[: words.index("of")]
                if words and len(words[-1]) > 2:
                    heads.add(words[-1])
                    modifiers.update(w for w in words[:-1] if len(w) > 2)
        return _Lexicon(frozenset(heads), frozenset(modifiers))


def _is_person(ent: Span) -> bool:
    if ent.ent_id_:
        return ent.ent_id_.startswith("person/")
    return ent.label_ == "PERSON"


def _name_range(index: DocIndex, lexicon: _Lexicon, ent: Span) -> tuple[int, int] | None:
    """The name inside a PERSON entity: leading title words, honorifics and places the model merged in
    ("Qatar Mohammed bin Salman") are left out; ruler entities (with ids) are trusted as they are."""
    doc = index.doc
    start, end = ent.start, ent.end
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if not ent.ent_id_:
        while start < end - 1:
            tok = doc[start]
            low = tok.lower_
            if low in lexicon.heads or low in lexicon.modifiers or low in _HONORIFICS or tok.is_punct:
                start += 1
            elif index.is_nationality(start) or _resolves_to_place(index, tok.text):
                start += 1
            else:
                break
    return (start, end) if end > start else None


def _resolves_to_place(index: DocIndex, text: str) -> bool:
    entity = index.resolve(text)
    return entity is not None and getattr(entity, "type", None) in ("country", "place")


# ---------------------------------------------------------------------------------------------------
# Token classes
# ---------------------------------------------------------------------------------------------------
# H office head, M title modifier, CAP other capitalised word, HY hyphen inside a word, C country or
# organisation, NAT nationality adjective, D determiner, P possessive mark, R redaction mark, X other
# nominal word, STOP anything a title phrase cannot contain.
H, M, CAP, HY, C, NAT, D, P, OF, PREP, AND, COMMA, R, PAREN, X, STOP = (
    "H", "M", "CAP", "HY", "C", "NAT", "D", "P", "OF", "PREP", "AND", "COMMA", "R", "PAREN", "X", "STOP"
)


class _Classes:
    """Lazily computed token classes for the title grammar (each token classified at most once)."""

    def __init__(self, index: DocIndex, lexicon: _Lexicon) -> None:
        self.index = index
        self.lexicon = lexicon
        self._cache: dict[int, str] = {}

    def __call__(self, i: int) -> str:
        cls = self._cache.get(i)
        if cls is None:
            cls = self._cache[i] = self._classify(i)
        return cls

    def _classify(self, i: int) -> str:
        index = self.index
        tok = index.doc[i]
        text, low = tok.text, tok.lower_
        ent = index.ent_at[i]
        if is_redaction_text(text):
            return R
        if tok.is_space:
            return STOP
        if text in _POSSESSIVE:
            return P
        if text in ("-", "‐", "–") and tok.whitespace_ == "" and i > 0 and index.doc[i - 1].whitespace_ == "":
            return HY
        if text in ("(", ")"):
            return PAREN
        if text == ",":
            return COMMA
        if low in ("and", "&"):
            return AND
        if low == "of":
            return OF
        if low in _OBJECT_PREPS:
            return PREP
        if low in _DETERMINERS:
            return D
        if ent is not None and _is_person(ent):
            return STOP
        if tok.is_punct:
            return STOP
        head = low in self.lexicon.heads
        modifier = low in self.lexicon.modifiers or low in TEMPORAL_MODIFIERS
        if ent is not None and (head or modifier) and len(ent) > 1 and not ent.ent_id_:
            last = index.doc[ent.end - 1].lower_
            if last not in self.lexicon.heads and last not in self.lexicon.modifiers:
                head = modifier = False  # "State" in "the State Department": part of a name
        if ent is not None and not (head or modifier):
            if ent.label_ == "NORP" or index.is_nationality(i):
                return NAT
            if ent.label_ in ("GPE", "ORG", "LOC", "FAC", "NORP") or ent.ent_id_:
                return C
        if head:
            return H
        if modifier:
            return M
        if text[:1].isupper():
            if index.is_nationality(i):
                return NAT
            if ent is None and _resolves_to_org_or_place(index, text):
                return C
            if low in _STOP_WORDS or (index.tagged and tok.pos_ in _NOT_IN_TITLES_POS):
                return STOP  # "According", "Yesterday"
            return CAP
        if low in _STOP_WORDS:
            return STOP
        if index.tagged and tok.pos_ not in _NOMINAL_POS:
            return STOP
        return X


def _resolves_to_org_or_place(index: DocIndex, text: str) -> bool:
    entity = index.resolve(text)
    return entity is not None and getattr(entity, "type", None) not in (None, "person")


# ---------------------------------------------------------------------------------------------------
# Finding the title phrases around a name
# ---------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Title:
    units: list[tuple[int, int]]  # token ranges of the office words, one per coordinated title
    start: int  # first token of the title phrase (after a leading determiner)
    end: int  # end of the title phrase
    object: tuple[int, int] | None = None
    descriptor: int | None = None  # token of a nationality adjective
    qualifiers: dict[int, str] = field(default_factory=dict)  # unit index -> "former", ...


def _roles_for_name(index: DocIndex, classes: "_Classes", start: int, end: int) -> list[dict]:
    """Role claims for the name at tokens [start, end): a title before it, and one after it."""
    doc = index.doc
    s, e = index.sent_start[start], index.sent_end[start]
    claims: list[dict] = []
    # before the name
    j = start - 1
    if j >= s and doc[j].text == "." and j - 1 >= s and doc[j - 1].lower_ + "." in _HONORIFICS:
        j -= 1
    if j >= s and doc[j].lower_ in _HONORIFICS:  # "Mr. Toccafondi", "Sheikh Mohammed"
        j -= 1
    if j >= s and classes(j) == R:
        claim = _redacted(index, classes, start, end, s)
        return [claim] if claim is not None else []
    comma = j >= s and classes(j) == COMMA
    zone_end = j if comma else j + 1
    zone_start = _walk_left(classes, zone_end, s)
    title = _parse_title(index, classes, zone_start, zone_end, strict=False)
    if title is not None and title.end == zone_end:
        span_end = end
        if title.object is None:
            title.object = _of_after_name(classes, end, e)
            if title.object is not None:
                span_end = title.object[1]
        claims.extend(_claims(index, title, start, end, span=(title.start, span_end)))
    # after the name: ", the Mossad chief" / ", who is the head of ..." / " is the president of ..."
    k = end
    if k < e and classes(k) == COMMA:
        k += 1
        if k < e and doc[k].lower_ in ("who", "which"):
            k += 1
            k = _skip_copula(doc, k, e)
            if k is None:
                return claims
    elif k < e and doc[k].lower_ in _COPULAS:
        k = _skip_copula(doc, k, e)
        if k is None:
            return claims
    else:
        return claims
    if k < e and classes(k) == AND:
        return claims  # "X, and the Prime Minister ...": a list goes on, not an appositive
    stop = _walk_right(classes, k, e)
    follower = index.ent_at[stop] if stop < e else None
    if follower is not None and _is_person(follower):
        return claims  # "X, Secretary of Defense Austin": the title belongs to the next name
    title = _parse_title(index, classes, k, stop, strict=True)
    if title is not None and title.end == stop:
        claims.extend(_claims(index, title, start, end, span=(start, stop)))
    return claims


def _skip_copula(doc: Doc, k: int, e: int) -> int | None:
    """Past "is", "was", "has been", "serves as", "is currently" ...; None when there is no copula."""
    words = []
    while k < e and len(words) < 3:
        low = doc[k].lower_
        if low in ("is", "was", "has", "had", "been", "remains", "became", "becomes", "serves", "served",
                   "as", "currently", "also", "now", "still"):
            words.append(low)
            k += 1
        else:
            break
    return k if words else None


def _walk_left(classes: _Classes, end: int, floor: int) -> int:
    """Start of the longest run of title-phrase tokens ending at ``end`` (exclusive)."""
    k = end - 1
    while k >= floor and end - k <= 16:
        cls = classes(k)
        if cls in (STOP, COMMA):
            break
        k -= 1
    return k + 1


def _walk_right(classes: _Classes, start: int, ceiling: int) -> int:
    """End of the run of title-phrase tokens starting at ``start`` (an appositive's extent)."""
    k = start
    while k < ceiling and k - start < 16:
        if classes(k) in (STOP, COMMA):
            break
        k += 1
    return k


def _opens_title_case(classes: _Classes, i: int, end: int) -> bool:
    """A capitalised word right before a capitalised title word: "Environment Minister"."""
    doc = classes.index.doc
    return classes(i) == CAP and i + 1 < end and classes(i + 1) in (M, H) and doc[i + 1].text[:1].isupper()


def _unit_at(classes: _Classes, i: int, end: int) -> tuple[int, int] | None:
    """A run of modifiers and heads starting at i and ending in a head: (start, end) or None."""
    last_head = None
    k = i
    if _opens_title_case(classes, k, end):
        k += 1
    while k < end and (classes(k) in (M, H, HY) or _names_portfolio(classes.index, classes, k)):
        if classes(k) == H:
            last_head = k
        k += 1
    return (i, last_head + 1) if last_head is not None else None


def _parse_title(index: DocIndex, classes: _Classes, a: int, b: int, *, strict: bool) -> _Title | None:
    """Parse [a, b) as a title phrase; None unless it holds at least one office unit.

    ``strict``: the whole range must be the phrase (an appositive); otherwise (words gathered before a
    name) the phrase may start later ("critics of U.S. President X" -> "U.S. President X").
    """
    doc = index.doc
    if b <= a:
        return None
    # the first head, and the modifiers right before it, open the first unit
    first_head = next((k for k in range(a, b) if classes(k) == H), None)
    if first_head is None:
        return None
    u = first_head
    while u > a and (classes(u - 1) in (M, HY) or _names_portfolio(index, classes, u - 1)):
        u -= 1
    if u > a and _opens_title_case(classes, u - 1, b):
        u -= 1
    # the prefix is a determiner, nationality, country's, organisation or a possessive noun phrase:
    # restart after anything else ("critics of U.S. President X" -> "U.S. President X")
    p = a
    for k in range(a, u):
        cls = classes(k)
        if cls in (OF, PREP, COMMA, STOP) or (cls == X and not any(classes(m) == P for m in range(k + 1, u))):
            if strict:
                return None  # "X, the party's nominee for Governor": not a title of X
            p = k + 1
    while p < u and classes(p) in (D, AND, COMMA, R, P):
        p += 1
    units: list[tuple[int, int]] = []
    qualifiers: dict[int, str] = {}
    k = u
    while True:
        unit = _unit_at(classes, k, b)
        if unit is None:
            break
        ustart, uend = unit
        # temporal qualifiers ("former") stay out of the office name
        while ustart < uend - 1 and doc[ustart].lower_ in TEMPORAL_MODIFIERS:
            qualifiers[len(units)] = doc[ustart].lower_
            ustart += 1
        uend = _portfolio_end(index, classes, ustart, uend, b)
        units.append((ustart, uend))
        k = uend
        # coordination: "Prime Minister and Foreign Minister", "President, CEO and founder"
        nxt = k
        while nxt < b and classes(nxt) in (AND, COMMA):
            nxt += 1
        if nxt > k and nxt < b and _unit_at(classes, nxt, b) is not None and classes(nxt) in (M, H):
            k = nxt
            continue
        break
    if not units:
        return None
    title = _Title(units=units, start=p, end=k, qualifiers=qualifiers)
    # prefix: nationality adjective, country's, organisation
    _read_prefix(index, classes, title, p, units[0][0])
    if k < b:
        low = doc[k].lower_
        if low in _OBJECT_PREPS and k + 1 < b:
            o0 = k + 1
            while o0 < b and classes(o0) == D:
                o0 += 1
            o1 = b
            while o1 > o0 and doc[o1 - 1].text in (",",):
                o1 -= 1
            if o1 <= o0:
                return None
            title.object = (o0, o1)
            if title.descriptor is None and classes(o0) == NAT:
                title.descriptor = o0
            title.end = b
        elif all(classes(i) in (C, R) for i in range(k, b)):
            title.object = (k, b)
            title.end = b
        else:
            return None
    return title


def _names_portfolio(index: DocIndex, classes: _Classes, i: int) -> bool:
    """A place or group named as the field of an office: "U.S. Affairs Assistant", "Arab Affairs"."""
    doc = index.doc
    return (
        classes(i) in (C, NAT)
        and i + 1 < len(doc)
        and doc[i + 1].lower_ in PORTFOLIO_NOUNS
    )


def _portfolio_end(index: DocIndex, classes: _Classes, ustart: int, uend: int, b: int) -> int:
    """Extend a unit over "of <portfolio>" ("Secretary of State", "Minister of Foreign Affairs")."""
    doc = index.doc
    if uend + 1 >= b or doc[uend].lower_ not in ("of", "for"):
        return uend
    k = uend + 1
    while k < b and doc[k].lower_ in PORTFOLIO_WORDS and classes(k) not in (NAT, R):
        k += 1
    while k > uend + 1 and doc[k - 1].lower_ in ("the", "and", "for"):
        k -= 1
    if k == uend + 1:
        return uend
    # an entity the reference knows ("of the Interior" no; "of Qatar" yes) stays an object
    if any(classes(i) == C for i in range(uend + 1, k)) and not _is_role(index, doc[ustart:k].text):
        return uend
    return k


def _is_role(index: DocIndex, wording: str) -> bool:
    if index.reference is None:
        return False
    try:
        return index.reference.role_for(wording) is not None
    except Exception:
        return False


def _read_prefix(index: DocIndex, classes: _Classes, title: _Title, p: int, u: int) -> None:
    """Object and descriptor from the words before the office: "Israeli", "Qatar's", "Hamas"."""
    obj: tuple[int, int] | None = None
    k = p
    while k < u:
        cls = classes(k)
        if cls == NAT:
            title.descriptor = k
            if obj is None:
                obj = (k, k + 1)
            k += 1
            continue
        if cls == C:
            ent = index.ent_at[k]
            c_start = k
            if ent is not None and p <= ent.start < k:  # "the State Department": the whole name
                c_start = ent.start
                while c_start < k and classes(c_start) == D:
                    c_start += 1
            c_end = ent.end if ent is not None and ent.start <= k and ent.end <= u else k + 1
            while c_end < u and classes(c_end) == C:
                c_end += 1
            while c_end > k + 1 and classes(c_end - 1) == P:
                c_end -= 1
            obj = (c_start, c_end)
            k = c_end
            continue
        if cls in (M, X) and k + 1 < u and classes(k + 1) == P:
            # "the company's chief", "the army's chief": the possessor is the object
            start = k
            while start > p and classes(start - 1) in (M, X):
                start -= 1
            obj = (start, k + 1)
        k += 1
    if obj is not None:
        title.object = obj


def _of_after_name(classes: _Classes, end: int, e: int) -> tuple[int, int] | None:
    """ "Prime Minister X of Israel": the object after the name."""
    if end + 1 < e and classes(end) == OF and classes(end + 1) in (C, NAT):
        k = end + 1
        while k < e and classes(k) in (C,):
            k += 1
        return (end + 1, max(k, end + 2))
    return None


def _redacted(index: DocIndex, classes: _Classes, start: int, end: int, s: int) -> dict | None:
    """ "Israel** Herzog": a title cut by redaction. The claim keeps the name and the country before
    the marks, with no predicate: nothing is invented."""
    k = start - 1
    while k >= s and classes(k) == R:
        k -= 1
    if k < s or classes(k) not in (C, NAT):
        return None
    ent_before = index.ent_at[k]
    o0 = ent_before.start if ent_before is not None and ent_before.start >= s else k
    title = _Title(units=[], start=o0, end=start, object=(o0, k + 1))
    if classes(k) == NAT:
        title.descriptor = k
    claim = _claim(index, title, None, start, end, span=(o0, end))
    claim["redacted"] = True
    return claim


# ---------------------------------------------------------------------------------------------------
# Claim dicts
# ---------------------------------------------------------------------------------------------------
def _claims(index: DocIndex, title: _Title, start: int, end: int, *, span: tuple[int, int]) -> list[dict]:
    out = []
    for n, unit in enumerate(title.units):
        claim = _claim(index, title, unit, start, end, span=span)
        claim["title_qualifier"] = title.qualifiers.get(n)
        out.append(claim)
    return out


def _chars(doc: Doc, a: int, b: int) -> tuple[int, int]:
    last = doc[b - 1]
    return doc[a].idx, last.idx + len(last.text)


def _claim(index: DocIndex, title: _Title, unit: tuple[int, int] | None, start: int, end: int,
           *, span: tuple[int, int]) -> dict:
    doc = index.doc
    c0, c1 = _chars(doc, min(span[0], start), max(span[1], end))
    n0, n1 = _chars(doc, start, end)
    # texts from token ranges: Doc.text would rebuild the whole text on every access
    subject = doc[start:end].text
    predicate = pred_start = pred_end = None
    role_id = None
    if unit is not None:
        pred_start, pred_end = _chars(doc, *unit)
        predicate = doc[unit[0] : unit[1]].text
        role = _role_for(index, predicate)
        role_id = getattr(role, "id", None) if role is not None else None
    obj = obj_id = obj_start = obj_end = None
    if title.object is not None:
        obj_start, obj_end = _chars(doc, *title.object)
        obj = doc[title.object[0] : title.object[1]].text
        obj_id = _object_id(index, title.object)
    descriptor = descriptor_id = None
    if title.descriptor is not None:
        descriptor = doc[title.descriptor].text
        country = index.country_for_adjective(descriptor)
        descriptor_id = getattr(country, "id", None)
    return {
        "kind": "role",
        "start": c0,
        "end": c1,
        "text": doc[min(span[0], start) : max(span[1], end)].text,
        "subject": subject,
        "subject_id": _person_id(index, start, end, subject),
        "subject_start": n0,
        "subject_end": n1,
        "predicate": predicate,
        "predicate_start": pred_start,
        "predicate_end": pred_end,
        "role_id": role_id,
        "object": obj,
        "object_id": obj_id,
        "object_start": obj_start,
        "object_end": obj_end,
        "descriptor": descriptor,
        "descriptor_country_id": descriptor_id,
        "redacted": False,
        "title_qualifier": None,
    }


def _role_for(index: DocIndex, predicate: str) -> Any:
    """The reference role for a title as written; descriptive adjectives ("political leader") that do
    not change the office are dropped on a second try."""
    if index.reference is None:
        return None
    wording = clean_name(predicate)
    words = wording.split()
    while words and words[0].lower() in _TEMPORAL_OR_DESCRIPTIVE and len(words) > 1:
        words = words[1:]
    candidates = [wording] if " ".join(words) == wording else [wording, " ".join(words)]
    try:
        for candidate in candidates:
            role = index.reference.role_for(candidate)
            if role is not None:
                return role
    except Exception:
        return None
    return None


def _person_id(index: DocIndex, start: int, end: int, name: str) -> str | None:
    ent = index.ent_at[start]
    if ent is not None and ent.ent_id_.startswith("person/"):
        return ent.ent_id_
    entity = index.resolve(name)
    if entity is not None and getattr(entity, "type", None) == "person":
        return entity.id
    return None


def _object_id(index: DocIndex, rng: tuple[int, int]) -> str | None:
    """Reference id of a role's object: the whole phrase, a trailing "(Abbreviation)", the entity that
    ends the phrase (its head), or the country of a lone nationality adjective."""
    doc = index.doc
    a, b = rng
    text = doc[a:b].text
    entity = index.resolve(text)
    if entity is not None:
        return entity.id
    if b - a >= 3 and doc[b - 1].text == ")":
        opening = next((k for k in range(b - 2, a - 1, -1) if doc[k].text == "("), None)
        if opening is not None:
            inner = doc[opening + 1 : b - 1]
            ent = index.ent_at[opening + 1]
            if ent is not None and ent.ent_id_ and ent.end <= b - 1:
                return ent.ent_id_
            entity = index.resolve(inner.text)
            if entity is not None:
                return entity.id
            b = opening
    last = index.ent_at[b - 1]
    if last is not None and last.ent_id_ and last.start >= a and last.end == b:
        return last.ent_id_
    if last is not None and last.start >= a and last.end == b:
        entity = index.resolve(last.text)
        if entity is not None:
            return entity.id
    if b - a == 1:
        country = index.country_for_adjective(doc[a].text)
        if country is not None:
            return country.id
    return None
