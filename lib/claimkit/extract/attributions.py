"""Attributions: who an article says a statement comes from ("X said", "according to X", ...).

One claim per (source, cue): "Al-Ahram quoted an unnamed source as saying ..." gives two, the outlet
and the source it cites. Each claim carries the character spans of its parts: ``source_start`` /
``source_end`` (the speaker or outlet mention), ``cue_start`` / ``cue_end`` (the reporting verb or
"according to") and ``object_start`` / ``object_end`` (the reported content, when one is found).

With a dependency parse the source is found from the grammar (subject of a reporting verb, agent of a
passive, object of "according to", object of "quote"/"cite"); on fast-mode Docs (no parse) from
surface patterns ("according to X", "X said", "..., said X"). The helpers at the end (mention
trimming, descriptors, reference ids) are shared with the role and quote extractors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Protocol

from spacy.tokens import Doc, Span, Token

# ---------------------------------------------------------------------------------------------------
# Lexicon. Reporting verbs by lemma, in three groups:
#   SPEECH: verbs of saying; an attribution even without a clausal complement ("..., he said.").
#   REQUIRES_CONTENT: verbs that report only when they introduce content (a clause, a colon, a
#     quotation): "added that ..." is reported speech, "added troops" is not.
#   EVIDENTIAL: documents and findings ("the report shows that", "a poll found that"), with content.
# Cognition verbs ("think", "believe") are opinions, not reports; they are left out on purpose.
# ---------------------------------------------------------------------------------------------------
SPEECH_VERBS: frozenset[str] = frozenset(
    """say tell report state announce claim assert declare allege quote cite tweet comment remark reply
    respond retort deny insist argue testify acknowledge admit reiterate affirm contend concede
    proclaim confide disclose brief inform""".split()
)
REQUIRES_CONTENT: frozenset[str] = frozenset(
    """add note warn explain write observe reveal confirm stress emphasise emphasize mention point
    predict estimate forecast suggest indicate conclude recall recount complain caution clarify
    specify underline underscore highlight speculate hint boast lament joke quip exclaim shout
    vow pledge promise threaten urge""".split()
)
# Verbs that report only next to a quotation ('"...," she continued.').
QUOTATION_ONLY: frozenset[str] = frozenset("continue begin ask".split())
EVIDENTIAL_VERBS: frozenset[str] = frozenset("show find demonstrate".split())
REPORTING_LEMMAS: frozenset[str] = SPEECH_VERBS | REQUIRES_CONTENT | EVIDENTIAL_VERBS | QUOTATION_ONLY
# Verbs whose object is a document that speaks for the verb's subject ("X published a report saying").
_PUBLISHING_VERBS = frozenset("publish issue release post put".split())

# "point" reports only as the phrasal verb "point out".
_PARTICLE_REQUIRED = {"point": "out"}

# Nouns naming a kind of medium: in "the British newspaper The Times" the name after it is the source.
MEDIUM_NOUNS: frozenset[str] = frozenset(
    """newspaper paper daily weekly magazine journal tabloid broadsheet outlet channel station network
    broadcaster television tv radio agency website site portal publication blog wire""".split()
)

# Irregular or non-rule inflections for the fast (lemma-less) path.
_IRREGULAR_FORMS = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "writes": "write",
    "found": "find",
    "shown": "show",
}
_FAST_LEMMAS = SPEECH_VERBS | (REQUIRES_CONTENT - {"promise", "urge", "threaten"})

_CONTENT_DEPS = ("ccomp", "parataxis")
_CUT_RIGHT_DEPS = ("relcl", "acl", "advcl", "parataxis", "ccomp", "punct")
_PRONOUN_RELATIVES = frozenset({"who", "which", "that", "whom"})
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
_OPEN_QUOTES = frozenset('"“„«')
_CLOSE_QUOTES = frozenset('"”»')
_EDGE_PUNCT = frozenset(",.;:!?\"“”‘’'«»-–—/")


class ReferenceLike(Protocol):
    """The part of claimkit.reference.Reference the extractors use (see the brief's API)."""

    def resolve(self, name: str) -> Any: ...

    def country_for_adjective(self, word: str) -> Any: ...

    def role_for(self, wording: str) -> Any: ...

    def entity(self, entity_id: str) -> Any: ...


# ---------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------
def extract_attributions(doc: Doc, *, reference: ReferenceLike | None = None) -> list[dict]:
    """Attribution claims of one Doc: source, cue and content spans, source id and descriptor.

    Uses the dependency parse when the Doc has one, surface patterns otherwise (fast mode). Each dict
    has the CLAIMS keys ``kind`` ("attribution"), ``start``/``end``/``text`` (the attribution clause),
    ``attributed_to`` (the source as written), ``attributed_to_id``, ``descriptor`` (what the article
    calls the source: "British", "Egyptian" for "Egypt's"), ``predicate`` (the cue's lemma or
    "according to"), ``object`` (the reported content), ``source_start``/``source_end``,
    ``cue_start``/``cue_end``; and the extras ``descriptor_country_id``, ``object_start``/``object_end``,
    ``cue_type`` (speech, according_to, quote, evidential), ``negated`` ("did not say") and
    ``via``/``via_id`` (the outlet that quotes or cites this source).
    """
    index = DocIndex(doc, reference)
    found = _parsed_attributions(index) if index.parsed else _surface_attributions(index)
    _link_citing(index, found)
    seen: set[tuple[int, int, int]] = set()
    claims: list[dict] = []
    for item in sorted(found, key=lambda a: (a.cue[0], a.source[0])):
        key = (item.source[0], item.source[1], item.cue[0])
        if key in seen:
            continue
        seen.add(key)
        claims.append(_claim(index, item))
    return claims


def _link_citing(index: DocIndex, found: list["_Found"]) -> None:
    """ "According to X, citing sources, ..." / "The report, citing diplomats, said ...": the sources
    are cited by the nearest source named before the participle in the same sentence."""
    for item in found:
        if item.via is not None or index.doc[item.cue[0]].lower_ not in ("citing", "quoting"):
            continue
        sent = index.sent_start[item.cue[0]]
        before = [o for o in found if o is not item and sent <= o.source[0] and o.source[1] <= item.cue[0]]
        if before:
            item.via = max(before, key=lambda o: o.source[1]).source


# ---------------------------------------------------------------------------------------------------
# Doc index: one pass over the Doc, reused by every rule (no repeated scans inside token loops)
# ---------------------------------------------------------------------------------------------------
class DocIndex:
    """Per-Doc lookups the extractors share: entity per token, sentence bounds, reference access."""

    def __init__(self, doc: Doc, reference: ReferenceLike | None) -> None:
        self.doc = doc
        self.reference = reference
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("TAG") or doc.has_annotation("POS")
        n = len(doc)
        self.ent_at: list[Span | None] = [None] * n
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_at[i] = ent
        self.sent_start: list[int] = [0] * n
        self.sent_end: list[int] = [n] * n
        if doc.has_annotation("SENT_START") or self.parsed:
            for sent in doc.sents:
                for i in range(sent.start, sent.end):
                    self.sent_start[i] = sent.start
                    self.sent_end[i] = sent.end
        self._resolved: dict[str, Any] = {}
        self._adjective: dict[str, Any] = {}

    # -- reference lookups, memoised per Doc ---------------------------------------------------------
    def resolve(self, name: str) -> Any:
        """The reference entity for a name (redaction marks removed), or None."""
        if self.reference is None:
            return None
        key = clean_name(name)
        if not key:
            return None
        if key not in self._resolved:
            try:
                self._resolved[key] = self.reference.resolve(key)
            except Exception:  # a lookup failure must not stop extraction
                self._resolved[key] = None
        return self._resolved[key]

    def country_for_adjective(self, word: str) -> Any:
        """The reference country for a nationality adjective ("Israeli", "U.S."), or None."""
        if self.reference is None or not word:
            return None
        if word not in self._adjective:
            try:
                self._adjective[word] = self.reference.country_for_adjective(word)
            except Exception:
                self._adjective[word] = None
        return self._adjective[word]

    def entity_type(self, entity_id: str | None) -> str | None:
        """The type part of a reference id ("person/x" -> "person")."""
        return entity_id.split("/", 1)[0] if entity_id and "/" in entity_id else None

    def is_country_token(self, i: int) -> bool:
        """True when token i names a country or other geopolitical place (entity or reference)."""
        ent = self.ent_at[i]
        if ent is not None:
            kind = self.entity_type(ent.ent_id_)
            if kind in ("country", "place"):
                return True
            if kind is None and ent.label_ in ("GPE", "LOC"):
                return True
            if kind is not None:
                return False
        tok = self.doc[i]
        if not tok.text[:1].isupper():
            return False
        entity = self.resolve(tok.text)
        return entity is not None and getattr(entity, "type", None) in ("country", "place")

    def nationality(self, i: int) -> Any:
        """The country a nationality adjective at token i stands for (reference entity), or None.

        Only adjectives count ("Israeli", "U.S."): a country's name ("Israel") or a plural demonym
        ("Israelis") is not a nationality adjective even where the reference maps it to a country.
        """
        tok = self.doc[i]
        if not tok.text[:1].isupper():
            return None
        country = self.country_for_adjective(tok.text)
        if country is None:
            return None
        adjectives = getattr(country, "adjectives", None)
        if adjectives is None:
            return country
        key = _adjective_key(tok.text)
        return country if any(_adjective_key(a) == key for a in adjectives) else None

    def is_nationality(self, i: int) -> bool:
        """True for a nationality adjective ("Israeli", "British"): a NORP entity or a reference hit."""
        ent = self.ent_at[i]
        if ent is not None and ent.label_ == "NORP" and not self.doc[i].text.endswith("s"):
            return True
        return self.nationality(i) is not None


@dataclass(slots=True)
class _Found:
    source: tuple[int, int]  # token range [start, end)
    cue: tuple[int, int]  # token range
    predicate: str
    content: tuple[int, int] | None = None  # token range
    cue_type: str = "speech"  # speech, according_to, quote, evidential
    negated: bool = False
    via: tuple[int, int] | None = None  # the outlet that quotes or cites this source


# ---------------------------------------------------------------------------------------------------
# Parsed mode
# ---------------------------------------------------------------------------------------------------
def _parsed_attributions(index: DocIndex) -> list[_Found]:
    doc = index.doc
    found: list[_Found] = []
    for tok in doc:
        lower = tok.lower_
        if lower == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            item = _according_to(index, tok)
            if item is not None:
                found.append(item)
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in REPORTING_LEMMAS:
            continue
        found.extend(_verb_attributions(index, tok))
    return found


def _according_to(index: DocIndex, according: Token) -> _Found | None:
    doc = index.doc
    to = doc[according.i + 1]
    objects = [c for c in to.children if c.dep_ in ("pobj", "dobj", "appos", "nmod", "compound")]
    sent_end = index.sent_end[according.i]
    if objects:
        start = min(c.left_edge.i for c in objects)
        end = _np_end(objects[0])
        for extra in objects[1:]:  # broken parses split redacted names over several objects
            if _no_break_between(doc, end, extra.left_edge.i):
                end = max(end, extra.right_edge.i + 1)
    else:
        start, end = _surface_np_after(index, to.i + 1, sent_end)
    source = trim_mention(doc, start, end)
    if source is None:
        return None
    cue = (according.i, to.i + 1)
    content = _according_content(index, according, (cue[0], source[1]))
    return _Found(source=source, cue=cue, predicate="according to", content=content,
                  cue_type="according_to")


def _according_content(
    index: DocIndex, according: Token, phrase: tuple[int, int]
) -> tuple[int, int] | None:
    """The rest of the sentence around an "according to X" phrase (the side that is longer)."""
    s, e = index.sent_start[according.i], index.sent_end[according.i]
    doc = index.doc
    after = phrase[1]
    while after < e and (doc[after].text == "," or _is_redaction(doc[after])):
        after += 1
    if after < e and doc[after].lower_ in ("citing", "quoting"):
        # ", citing sources," belongs to the attribution
        if index.parsed:
            after = doc[after].right_edge.i + 1
        else:
            while after < e and doc[after].text != ",":
                after += 1
    left = _strip_span(doc, s, phrase[0])
    right = _strip_span(doc, after, e)
    best = max((left, right), key=lambda r: (r[1] - r[0]) if r else -1)
    return best if best and best[1] > best[0] else None


def _verb_attributions(index: DocIndex, verb: Token) -> list[_Found]:
    """Attributions cued by one reporting verb (none when it reports nothing: "added troops")."""
    doc = index.doc
    base = verb.lemma_.lower()
    predicate = base
    cue_end = verb.i + 1
    particle = _PARTICLE_REQUIRED.get(base)
    if particle is not None:
        prt = [c for c in verb.children if c.dep_ == "prt" and c.lower_ == particle]
        if not prt:
            return []
        cue_end = max(cue_end, prt[0].i + 1)
        predicate = f"{base} {particle}"
    cue = (verb.i, cue_end)
    negated = any(c.dep_ == "neg" for c in verb.children)
    if base in QUOTATION_ONLY:
        content = _adjacent_quotation(index, verb)
    else:
        content = _verb_content(index, verb)
    if content is None and base not in SPEECH_VERBS:
        return []
    if base in ("quote", "cite"):
        return _quote_attributions(index, verb, cue, content, negated)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_.lower() in ("quote", "cite"):
        return []  # the "saying" of "quoted X as saying": handled with "quote"
    subject = _subject_of(index, verb)
    if subject is None or _is_idiom(index, subject, verb):
        return []
    source = _mention_range(index, subject)
    if source is None:
        return []
    if content is None and base != "tell":  # "the ministry announced a new round of talks"
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None:
            content = _strip_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
    cue_type = "evidential" if base in EVIDENTIAL_VERBS else "speech"
    return [_Found(source=source, cue=cue, predicate=predicate, content=content, cue_type=cue_type,
                   negated=negated)]


def _is_idiom(index: DocIndex, subject: Token, verb: Token) -> bool:
    """ "That said, ...": a discourse connective, not a report."""
    doc = index.doc
    return (
        subject.lower_ in ("that", "this")
        and verb.i == subject.i + 1
        and verb.i + 1 < len(doc)
        and doc[verb.i + 1].text == ","
        and subject.i == index.sent_start[subject.i]
    )


def _quote_attributions(index: DocIndex, verb: Token, cue: tuple[int, int],
                        content: tuple[int, int] | None, negated: bool) -> list[_Found]:
    """ "X quoted Y as saying": X (the outlet) and Y (its source); "citing Y": Y; "Y was quoted": Y."""
    lemma = verb.lemma_.lower()
    results: list[_Found] = []
    saying = _as_saying(verb)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    quoted = None
    if passive:
        quoted = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        agent = _agent_of(verb)
        outlet = _mention_range(index, agent) if agent is not None else None
    else:
        quoted = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
        explicit = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if explicit is None and lemma == "quote" and verb.dep_ in ("conj",):
            explicit = _subject_of(index, verb)
        outlet = _mention_range(index, explicit) if explicit is not None else None
    if content is None and saying is not None:
        content = _verb_content(index, saying)
    if content is None and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl"):
        head = verb.head  # "..., citing sources, X will ...": the clause the participle sits in
        if head.lemma_.lower() in REPORTING_LEMMAS:
            content = _verb_content(index, head)
        if content is None:
            content = _clause_without(index, head, verb)
    if outlet is not None:
        results.append(_Found(source=outlet, cue=cue, predicate=lemma, content=content,
                              cue_type="quote", negated=negated))
    if quoted is not None and quoted.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ"):
        source = _mention_range(index, quoted)
        if source is not None:
            inner_cue = (saying.i, saying.i + 1) if saying is not None else cue
            predicate = saying.lemma_.lower() if saying is not None else lemma
            results.append(_Found(source=source, cue=inner_cue, predicate=predicate, content=content,
                                  cue_type="speech" if saying is not None else "quote",
                                  negated=negated, via=outlet))
    return results


def _clause_without(index: DocIndex, head: Token, inner: Token) -> tuple[int, int] | None:
    """The clause of ``head`` on the longer side of the phrase headed by ``inner``."""
    doc = index.doc
    s, e = index.sent_start[head.i], index.sent_end[head.i]
    left = _strip_span(doc, max(s, head.left_edge.i), inner.left_edge.i)
    right = _strip_span(doc, inner.right_edge.i + 1, min(e, head.right_edge.i + 1))
    best = max((left, right), key=lambda r: (r[1] - r[0]) if r else -1)
    if best is None:
        return None
    # drop a leading "According to X," phrase from the content
    i = best[0]
    if doc[i].lower_ == "according" and i + 1 < best[1] and doc[i + 1].lower_ == "to":
        return None
    return best


def _as_saying(verb: Token) -> Token | None:
    """The "saying" of "quoted X as saying", if any."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for grand in child.children:
                if grand.pos_ in ("VERB", "AUX") and grand.lemma_.lower() in REPORTING_LEMMAS:
                    return grand
        if child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() in ("say", "state", "tell"):
            return child
    return None


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _subject_of(index: DocIndex, verb: Token, depth: int = 0) -> Token | None:
    """The source of a reporting verb: its subject, a passive's agent, or an inherited subject."""
    if depth > 4:
        return None
    children = list(verb.children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    if passive:
        return _agent_of(verb)
    subjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # "Israel** Herzog said": several subjects after a broken parse; the nearest one speaks
        subject = min(subjects, key=lambda c: abs(c.i - verb.i))
        if subject.lower_ in _PRONOUN_RELATIVES and verb.dep_ == "relcl":
            return verb.head
        return subject
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(index, verb.head, depth + 1)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG":  # "..., saying that"
        return _subject_of(index, verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):  # "a statement saying that"
        document = verb.head
        publisher = document.head
        if document.dep_ in ("dobj", "obj") and publisher.lemma_.lower() in _PUBLISHING_VERBS:
            found = _subject_of(index, publisher, depth + 1)  # "X published an article saying"
            if found is not None:
                return found
        return document
    return None


def _verb_content(index: DocIndex, verb: Token) -> tuple[int, int] | None:
    """The reported content of a reporting verb: its clausal complement, a colon's sequel, or the
    clause it is inserted into ("Talks are over, he said")."""
    doc = index.doc
    for child in verb.children:
        if child.dep_ in _CONTENT_DEPS and child.i != verb.i:
            return _strip_span(doc, child.left_edge.i, child.right_edge.i + 1)
        if child.dep_ == "dobj" and child.lower_ in ("that", "what"):
            return _strip_span(doc, child.i, child.right_edge.i + 1)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":  # "quoted X as saying that ..."
            for grand in child.children:
                if grand.pos_ in ("VERB", "AUX"):
                    inner = _verb_content(index, grand)
                    if inner is not None:
                        return inner
        if child.dep_ == "xcomp" and child.i > verb.i and child.lemma_.lower() in ("say",):
            inner = _verb_content(index, child)
            if inner is not None:
                return inner
    before = doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    inserted = verb.dep_ == "parataxis" or (
        verb.dep_ == "ccomp" and before is not None and (before.text == "," or before.text in _CLOSE_QUOTES)
    )
    if inserted and verb.head.i != verb.i and verb.head.i < verb.i:
        # '"...," he said' parsed with the content as the head
        return _strip_span(doc, verb.head.left_edge.i, verb.left_edge.i)
    # a colon right after the verb phrase: 'told GB News: "..."'
    end = verb.right_edge.i + 1
    sent_end = index.sent_end[verb.i]
    if end < len(doc) and doc[end].text == ":":
        stop = sent_end if sent_end > end + 1 else _next_sentence_end(index, end)
        return _strip_span(doc, end + 1, stop)
    # '"...," said Smith' / 'Smith said, "..."': a quotation in the same sentence
    return _adjacent_quotation(index, verb)


def _next_sentence_end(index: DocIndex, i: int) -> int:
    nxt = index.sent_end[i]
    return index.sent_end[nxt] if nxt < len(index.doc) else nxt


def _adjacent_quotation(index: DocIndex, verb: Token) -> tuple[int, int] | None:
    doc = index.doc
    s, e = index.sent_start[verb.i], index.sent_end[verb.i]
    marks = [t.i for t in doc[s:e] if t.text in _OPEN_QUOTES or t.text in _CLOSE_QUOTES]
    if len(marks) < 2:
        return None
    before = [m for m in marks if m < verb.i]
    after = [m for m in marks if m > verb.i]
    if len(before) >= 2 and verb.i - before[-1] <= 4:
        return (before[-2], before[-1] + 1)
    if len(after) >= 2 and after[0] - verb.i <= 4:
        return (after[0], after[1] + 1)
    return None


def _mention_range(index: DocIndex, head: Token | None) -> tuple[int, int] | None:
    """The noun phrase of a source head, cut before appositives and relative clauses, trimmed."""
    if head is None:
        return None
    if head.pos_ in ("VERB", "AUX", "SCONJ", "ADP", "PUNCT"):
        return None
    if head.pos_ == "PRON":
        return (head.i, head.i + 1)
    start = head.left_edge.i
    end = _np_end(head)
    # leading adverbs and punctuation of a subject ("Both", "Also,") are not part of the name
    while start < head.i and index.doc[start].dep_ in ("advmod", "punct", "cc", "preconj"):
        start += 1
    return trim_mention(index.doc, start, end)


def _np_end(head: Token) -> int:
    """End (exclusive token index) of the noun phrase headed by ``head``: its subtree up to the first
    appositive, relative clause or comma-introduced modifier."""
    end = head.right_edge.i + 1
    doc = head.doc
    for child in head.rights:
        cut = child.dep_ in _CUT_RIGHT_DEPS
        if not cut and child.dep_ in ("prep", "npadvmod", "amod", "advmod", "appos"):
            prev = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
            cut = prev is not None and prev.text in (",", "(", "—", "–")
        if cut:
            start = child.left_edge.i
            while start > head.i + 1 and doc[start - 1].text in (",", "(", "—", "–"):
                start -= 1
            end = min(end, start)
            break
    return end


def _no_break_between(doc: Doc, a: int, b: int) -> bool:
    return all(doc[i].text not in (",", ";", ":", ".") for i in range(a, b))


# ---------------------------------------------------------------------------------------------------
# Fast mode: surface patterns
# ---------------------------------------------------------------------------------------------------
_NP_STOP = frozenset(
    """that which who whom whose when while because if but or as than since after before is was are
    were be been being to in on at for with by from into about against this these those it its there
    here then also has have had will would could should may might can do does did not no yet so
    however meanwhile earlier later""".split()
)
_NP_INNER = frozenset({"of", "and", "&", "'s", "’s", "-", "*", "(", ")"})
_SKIP_BEFORE_CUE = frozenset(
    """also has have had will would could should may might had been further repeatedly recently
    previously later earlier then once again reportedly publicly separately already""".split()
)
_SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it"})
# Words after which a reporting-verb form is a noun or adjective ("the claim", "most cited").
_NOUN_MARKERS = frozenset(
    """the a an this these those its their his her our my your every each any some no another most
    more widely highly often frequently""".split()
)
# Reporting verbs whose base or -s form is also a common noun ("a report", "the claims").
_NOUN_HOMOGRAPHS = frozenset(
    """state claim report quote brief comment remark joke note tweet post estimate forecast reply
    vow pledge promise boast caution hint warn""".split()
)


@lru_cache(maxsize=8192)
def _fast_lemma(word: str) -> str | None:
    """Lemma of a reporting verb form without a lemmatizer ("said" -> "say", "noted" -> "note")."""
    w = word.lower()
    if w in _IRREGULAR_FORMS:
        return _IRREGULAR_FORMS[w]
    if w in _FAST_LEMMAS:
        return w
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
                         ("ing", ""), ("ing", "e")):
        if w.endswith(suffix):
            stem = w[: -len(suffix)] + repl
            if stem in _FAST_LEMMAS:
                return stem
    return None


def _surface_attributions(index: DocIndex) -> list[_Found]:
    doc = index.doc
    found: list[_Found] = []
    n = len(doc)
    for tok in doc:
        low = tok.lower_
        if low == "according" and tok.i + 1 < n and doc[tok.i + 1].lower_ == "to":
            start, end = _surface_np_after(index, tok.i + 2, index.sent_end[tok.i])
            source = trim_mention(doc, start, end)
            if source is not None:
                cue = (tok.i, tok.i + 2)
                content = _according_content(index, tok, (tok.i, source[1]))
                found.append(_Found(source=source, cue=cue, predicate="according to",
                                    content=content, cue_type="according_to"))
            continue
        lemma = _fast_lemma(tok.text)
        if lemma is None or not tok.text.islower() or _looks_nominal(index, tok, lemma):
            continue
        if lemma in ("quote", "cite"):
            found.extend(_surface_quote(index, tok, lemma))
            continue
        cue_end = tok.i + 1
        predicate = lemma
        if lemma in _PARTICLE_REQUIRED:
            if cue_end < n and doc[cue_end].lower_ == _PARTICLE_REQUIRED[lemma]:
                cue_end += 1
                predicate = f"{lemma} {_PARTICLE_REQUIRED[lemma]}"
            else:
                continue
        item = _surface_verb(index, tok, lemma, predicate, cue_end)
        if item is not None:
            found.append(item)
    return found


def _looks_nominal(index: DocIndex, tok: Token, lemma: str) -> bool:
    """Without POS tags: is this form a noun or an adjective rather than a reporting verb?

    After a determiner, a possessive, a number or a hyphen it is ("the claims", "a brief", "most
    cited", "quasi-state"); a form that is also a common noun ("report", "claims", "state") must
    introduce content ("that", a colon, a comma or a quotation) or follow a pronoun or a name.
    """
    doc = index.doc
    i = tok.i
    prev = doc[i - 1] if i > index.sent_start[i] else None
    if prev is not None:
        if prev.lower_ in _NOUN_MARKERS or prev.text in _POSSESSIVE_MARKS or prev.like_num:
            return True
        if prev.text in ("-", "‐") and prev.whitespace_ == "":
            return True
    if tok.lower_ in (lemma, lemma + "s") and lemma in _NOUN_HOMOGRAPHS:
        if prev is not None and (prev.lower_ in _SUBJECT_PRONOUNS or prev.text[:1].isupper()):
            return False  # "she claims", "Paris claims"
        nxt = doc[i + 1] if i + 1 < index.sent_end[i] else None
        return nxt is None or not (nxt.lower_ == "that" or nxt.text in (":", ",") or nxt.text in _OPEN_QUOTES)
    return False


def _surface_verb(index: DocIndex, verb: Token, lemma: str, predicate: str, cue_end: int) -> _Found | None:
    """ "X said that ...", '"...," said X', "X, the spokesman, said": a reporting verb without a parse."""
    doc = index.doc
    s, e = index.sent_start[verb.i], index.sent_end[verb.i]
    content: tuple[int, int] | None = None
    nxt = doc[cue_end] if cue_end < e else None
    if nxt is not None and (nxt.lower_ == "that" or nxt.text == ":"):
        content = _strip_span(doc, cue_end + 1, e)
    prev = doc[verb.i - 1] if verb.i > s else None
    source: tuple[int, int] | None = None
    if prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTES):
        # inversion: '"...," said Smith.'
        source = trim_mention(doc, *_surface_np_after(index, cue_end, e, max_tokens=6))
        first = doc[source[0]] if source is not None else None
        if first is not None and first.lower_ not in _SUBJECT_PRONOUNS and not first.text[:1].isupper():
            source = None
        if source is not None:
            content = content or _quotation_before(index, verb.i)
        elif prev.text == ",":
            # "X, the State Department spokesman, said": the name before the appositive speaks
            opening = next((k for k in range(verb.i - 2, max(s, verb.i - 16) - 1, -1) if doc[k].text == ","), None)
            if opening is not None:
                source = _surface_np_before(index, opening, s)
    if source is None:
        source = _surface_np_before(index, verb.i, s)
    if source is None:
        return None
    if content is None:
        content = _adjacent_quotation(index, verb)
    if content is None and lemma not in SPEECH_VERBS:
        return None
    return _Found(source=source, cue=(verb.i, cue_end), predicate=predicate, content=content)


def _surface_quote(index: DocIndex, verb: Token, lemma: str) -> list[_Found]:
    """ "X quoted Y as saying that ...": X and Y; "citing Y": Y."""
    doc = index.doc
    s, e = index.sent_start[verb.i], index.sent_end[verb.i]
    found: list[_Found] = []
    quoted = trim_mention(doc, *_surface_np_after(index, verb.i + 1, e))
    cue = (verb.i, verb.i + 1)
    saying: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    if quoted is not None:
        k = quoted[1]
        if k + 1 < e and doc[k].lower_ == "as" and _fast_lemma(doc[k + 1].text) in SPEECH_VERBS:
            saying = (k + 1, k + 2)
            c0 = k + 3 if k + 2 < e and doc[k + 2].lower_ == "that" else k + 2
            content = _strip_span(doc, c0, e)
    outlet = None if verb.lower_.endswith("ing") else _surface_np_before(index, verb.i, s)
    if outlet is not None:
        found.append(_Found(source=outlet, cue=cue, predicate=lemma, content=content, cue_type="quote"))
    if quoted is not None:
        predicate = _fast_lemma(doc[saying[0]].text) or lemma if saying else lemma
        found.append(_Found(source=quoted, cue=saying or cue, predicate=predicate, content=content,
                            cue_type="speech" if saying else "quote", via=outlet))
    return found


def _quotation_before(index: DocIndex, i: int) -> tuple[int, int] | None:
    """The quotation that closes just before token i ('"...," added KCNA'), even across sentences."""
    doc = index.doc
    k = i - 1
    while k >= 0 and i - k <= 3 and doc[k].text not in _CLOSE_QUOTES:
        k -= 1
    if k < 0 or i - k > 3:
        return None
    close = k
    k -= 1
    while k >= 0 and close - k <= 200 and doc[k].text not in _OPEN_QUOTES:
        k -= 1
    return (k, close + 1) if k >= 0 and close - k <= 200 else None


def _surface_np_before(index: DocIndex, i: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before token i (skipping auxiliaries and adverbs)."""
    doc = index.doc
    j = i - 1
    while j >= floor and (doc[j].lower_ in _SKIP_BEFORE_CUE or doc[j].lower_.endswith("ly")):
        j -= 1
    if j < floor:
        return None
    if doc[j].lower_ in _SUBJECT_PRONOUNS:
        return (j, j + 1)
    end = j + 1
    k = j
    while k >= floor and end - k <= 10:
        tok = doc[k]
        low = tok.lower_
        if tok.is_space or (tok.is_punct and low not in _NP_INNER and not _is_redaction(tok)):
            break
        if low in _NP_STOP or low in _SUBJECT_PRONOUNS:
            break
        if low == "and" and not (k > floor and doc[k - 1].text[:1].isupper()):
            break
        if _fast_lemma(tok.text) is not None and tok.text.islower():
            break
        if tok.text.islower() and k + 1 < end and doc[k + 1].lower_ in ("a", "an", "the"):
            break  # "published an article": a verb or preposition before a determiner
        k -= 1
    return trim_mention(doc, k + 1, end)


def _surface_np_after(index: DocIndex, i: int, ceiling: int, *, max_tokens: int = 10) -> tuple[int, int]:
    """The noun phrase that starts at token i: up to punctuation or a clause word."""
    doc = index.doc
    k = i
    while k < ceiling and k - i < max_tokens:
        tok = doc[k]
        low = tok.lower_
        if tok.is_space or (tok.is_punct and low not in _NP_INNER and not _is_redaction(tok)):
            break
        if k > i and (low in _NP_STOP or (_fast_lemma(tok.text) is not None and tok.text.islower())):
            break
        k += 1
    return (i, k)


# ---------------------------------------------------------------------------------------------------
# Building the claim dict
# ---------------------------------------------------------------------------------------------------
def _claim(index: DocIndex, item: _Found) -> dict:
    doc = index.doc
    mention = describe_mention(index, *item.source)
    src_start, src_end = mention.start, mention.end
    parts = [(src_start, src_end), item.cue]
    if item.content is not None:
        parts.append(item.content)
    t0, t1 = min(p[0] for p in parts), max(p[1] for p in parts)
    start_char, end_char = doc[t0].idx, _end_char(doc, t1)
    obj_start = doc[item.content[0]].idx if item.content else None
    obj_end = _end_char(doc, item.content[1]) if item.content else None
    source_start, source_end = doc[src_start].idx, _end_char(doc, src_end)
    via_text = via_id = None
    if item.via is not None:
        via = describe_mention(index, *item.via)
        via_text = doc[via.start : via.end].text
        via_id = via.entity_id
    return {
        "kind": "attribution",
        "start": start_char,
        "end": end_char,
        "text": doc[t0:t1].text,  # token-aligned, so equal to doc.text[start:end]
        "subject": None,
        "predicate": item.predicate,
        "object": doc[item.content[0] : item.content[1]].text if item.content else None,
        "object_start": obj_start,
        "object_end": obj_end,
        "attributed_to": doc[src_start:src_end].text,
        "attributed_to_id": mention.entity_id,
        "descriptor": mention.descriptor,
        "descriptor_country_id": mention.descriptor_country_id,
        "source_start": source_start,
        "source_end": source_end,
        "cue_start": doc[item.cue[0]].idx,
        "cue_end": _end_char(doc, item.cue[1]),
        "cue_type": item.cue_type,
        "negated": item.negated,
        "via": via_text,
        "via_id": via_id,
    }


# ---------------------------------------------------------------------------------------------------
# Shared helpers: mentions, redaction marks, descriptors, reference ids (used by roles and quotes)
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mention:
    """A source or object mention: token range, what the article calls it, and its reference id."""

    start: int
    end: int
    descriptor: str | None
    descriptor_country_id: str | None
    entity_id: str | None


def _adjective_key(word: str) -> str:
    return word.casefold().replace(".", "")


def _end_char(doc: Doc, token_end: int) -> int:
    """Character offset just after token ``token_end - 1`` (no trailing whitespace)."""
    last = doc[token_end - 1]
    return last.idx + len(last.text)


def _is_redaction(tok: Token) -> bool:
    return is_redaction_text(tok.text)


def is_redaction_text(text: str) -> bool:
    """True for a token made only of redaction marks ("*", "**", "█")."""
    return bool(text) and all(ch in "*█■▇" for ch in text)


def clean_name(text: str) -> str:
    """A name with redaction marks removed and whitespace collapsed, for reference lookups."""
    out = "".join(" " if ch in "*█■▇" else ch for ch in text)
    return " ".join(out.split())


def _strip_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range without edge punctuation and whitespace; None when nothing is left."""
    while start < end and (doc[start].is_space or doc[start].text in (",", ";", ":", "—", "–", "-")):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in (",", ";", ":", ".", "—", "–", "-")):
        end -= 1
    return (start, end) if end > start else None


def trim_mention(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """A mention's token range without edge punctuation, spaces or an unbalanced trailing redaction.

    Redaction marks that close a redacted name are kept ("Israel's **18**"); marks left dangling after
    a complete name are not ("The Times**" -> "The Times").
    """
    while start < end and (doc[start].is_space or (doc[start].text in _EDGE_PUNCT)):
        start += 1
    while end > start:
        tok = doc[end - 1]
        if tok.is_space or tok.text in _EDGE_PUNCT:
            end -= 1
            continue
        if tok.text == ")" and not any(doc[i].text == "(" for i in range(start, end - 1)):
            end -= 1
            continue
        if tok.text == "(":
            end -= 1
            continue
        if _is_redaction(tok):
            groups = _redaction_groups(doc, start, end)
            if len(groups) % 2 == 1:
                end = groups[-1][0]
                continue
        break
    while end > start and doc[start].text in ("(",) and not any(doc[i].text == ")" for i in range(start, end)):
        start += 1
    groups = _redaction_groups(doc, start, end) if end > start else []
    if len(groups) % 2 == 1:
        g0, g1 = groups[-1]
        # "Israel** Herzog": marks glued to a word cut a redacted name off; what follows is the mention
        if g0 > start and doc[g0 - 1].whitespace_ == "" and g1 < end and doc[g1 - 1].whitespace_:
            start = g1
    return (start, end) if end > start else None


def _redaction_groups(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    i = start
    while i < end:
        if _is_redaction(doc[i]):
            j = i
            while j < end and _is_redaction(doc[j]) and (j == i or doc[j - 1].whitespace_ == ""):
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    return groups


def _is_possessive(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].text in _POSSESSIVE_MARKS


def describe_mention(index: DocIndex, start: int, end: int) -> Mention:
    """Refine a mention's token range and describe it.

    "the British newspaper The Times" -> the name after the medium noun ("The Times"), described as
    "British"; "Egypt's Al-Ahram newspaper" -> the whole phrase, described as "Egyptian" (the
    reference adjective of the possessive country, else the country as written).
    """
    doc = index.doc
    name_start = _name_after_medium(index, start, end)
    descriptor = country_id = None
    desc_tokens: set[int] = set()
    i = start
    limit = name_start if name_start is not None else end
    while i < limit:
        ent = index.ent_at[i]
        # possessive country: "Egypt's", "Saudi Arabia's"
        span_end = ent.end if ent is not None and ent.start == i else i + 1
        if span_end < end and _is_possessive(doc, span_end) and index.is_country_token(i) and span_end + 1 < end:
            country = _country_entity(index, doc[i:span_end].text, ent)
            descriptor = _adjective_of(country) or doc[i:span_end].text
            country_id = getattr(country, "id", None) or (ent.ent_id_ if ent is not None and ent.ent_id_ else None)
            desc_tokens.update(range(i, span_end + 1))
            i = span_end + 1
            continue
        if index.is_nationality(i) and i + 1 < end:
            country = index.nationality(i)
            descriptor = doc[i].text
            country_id = getattr(country, "id", None)
            desc_tokens.add(i)
        i += 1
    if name_start is not None:
        start = name_start
    entity_id = mention_entity_id(index, start, end, exclude=desc_tokens)
    return Mention(start, end, descriptor, country_id, entity_id)


def _name_after_medium(index: DocIndex, start: int, end: int) -> int | None:
    doc = index.doc
    for i in range(start, end - 1):
        tok = doc[i]
        if tok.lower_ in MEDIUM_NOUNS and tok.text.islower():
            nxt = doc[i + 1]
            if nxt.text[:1].isupper() or index.ent_at[i + 1] is not None:
                rest = range(i + 1, end)
                if all(doc[k].text[:1].isupper() or doc[k].lower_ in ("of", "the", "and", "-", "&")
                       or doc[k].is_punct or doc[k].text[:1].isdigit() for k in rest):
                    return i + 1
    return None


def _country_entity(index: DocIndex, text: str, ent: Span | None) -> Any:
    if ent is not None and ent.ent_id_ and index.reference is not None:
        try:
            return index.reference.entity(ent.ent_id_)
        except Exception:
            pass
    return index.resolve(text)


def _adjective_of(entity: Any) -> str | None:
    adjectives = getattr(entity, "adjectives", None) or ()
    return adjectives[0] if adjectives else None


def mention_entity_id(index: DocIndex, start: int, end: int, *, exclude: Iterable[int] = ()) -> str | None:
    """The reference id of a mention: the entity id of a name inside it, else a reference lookup.

    Possessive countries and nationality adjectives (the ``exclude`` tokens) describe the mention and
    do not identify it.
    """
    doc = index.doc
    excluded = set(exclude)
    candidates: list[Span] = []
    for i in range(start, end):
        ent = index.ent_at[i]
        if ent is None or i in excluded or (candidates and candidates[-1] is ent):
            continue
        if ent.start < start or ent.end > end:
            continue
        if _is_possessive(doc, ent.end) and ent.end < end - 1:
            continue  # a possessor ("Israel's **18**") describes, it does not name
        candidates.append(ent)
    candidates = [c for c in candidates if _names_mention(doc, c, end)]
    with_ids = [c for c in candidates if c.ent_id_]
    if with_ids:
        people = [c for c in with_ids if index.entity_type(c.ent_id_) == "person"]
        if people:
            return people[0].ent_id_  # "Netanyahu and Gallant said": the first speaker
        non_place = [c for c in with_ids if index.entity_type(c.ent_id_) not in ("country", "place")]
        if non_place:
            return non_place[-1].ent_id_
        if len(with_ids) == 1 and with_ids[0].end == end and with_ids[0].start == _skip_det(doc, start, end):
            return with_ids[0].ent_id_
    if index.reference is None:
        return None
    text = doc[start:end].text
    entity = index.resolve(text)
    if entity is None:
        for ent in reversed(candidates):
            entity = index.resolve(ent.text)
            if entity is not None and getattr(entity, "type", None) not in ("country", "place"):
                break
            entity = None
    return getattr(entity, "id", None) if entity is not None else None


def _names_mention(doc: Doc, ent: Span, end: int) -> bool:
    """Whether an entity inside a mention names it: it ends the mention ("the Israeli daily Haaretz"),
    is followed only by a medium noun ("Al-Ahram newspaper") or by a coordinated name ("X and Y").
    "A senior Hamas official" is an official, not Hamas."""
    k = ent.end
    if k >= end:
        return True
    if doc[k].lower_ in ("and", "&", ","):
        return True
    return all(doc[i].lower_ in MEDIUM_NOUNS or _is_redaction(doc[i]) for i in range(k, end))


def _skip_det(doc: Doc, start: int, end: int) -> int:
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return start
