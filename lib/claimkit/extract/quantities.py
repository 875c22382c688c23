"""Quantity claims: figures, the interval their wording commits to, their unit and the thing counted.

``extract_quantities(doc)`` returns one claims dict (kind "quantity") per figure in the text:
"more than 70 days", "a seven-day ceasefire", "240 Palestinians", "$1.5 billion", "15 percent",
"between 100 and 150 rockets", "a dozen hostages", "hundreds of thousands".

Decisions a reader may want to check (each is a general rule about English, none a list of examples):

* Interval. ``exact`` → [v, v]; ``more_than`` → (v, ∞); ``at_least`` → [v, ∞); ``less_than`` →
  (-∞, v); ``at_most`` → (-∞, v]; ``range`` → [a, b] with value the midpoint. ``about`` ("about",
  "around", "some", "roughly", "an estimated", "or so", "30-odd") → [0.9 v, 1.1 v]: news rounds to one
  or two significant figures, and ±10 % is the usual reading of such a hedge. "nearly"/"almost" are
  ``about`` but below the figure: [0.9 v, v). "just over" is ``more_than`` with a ceiling (v, 1.1 v];
  "just under"/"slightly less than" ``less_than`` with a floor [0.9 v, v). Open ends are null.
* Vague amounts: "dozens" / "hundreds" / "thousands of" / "tens of thousands" / "several hundred" are
  ``at_least`` two (several: three) of the unit, with no ceiling: "dozens" → [24, ∞). Usage does not
  bound them ("hundreds" is said of 1,500), so a ceiling would raise false conflicts.
* "over" before a time span ("over three days") is a duration, not "more than" (exact).
* Units. Words, symbols and signs live in :mod:`claimkit.extract.units`. A lone letter after a figure
  ("5 m", "3 t", "30 C") is a unit only when no noun follows that it could abbreviate or modify ("5 m
  people" is no metre); "in" after digits is the inch only when it has no object ("2 in thick", "2 in.",
  not "1 in 10"). "km squared"/"km cubed" are area and volume. "a"/"an" before a unit of measure or
  money counts one ("a gallon of fuel", "a penny") unless it is a rate ("$3 a gallon" → USD/gallon), a
  part ("half a mile", "the price of a barrel") or modifies a noun ("a dollar store"). Coordinated bare
  figures share the unit written once after the last ("20 and 40 mg": both mg).
* Signs. A minus before the figure or between a currency sign and it ("-5°C", "$-120") makes it
  negative, and so do brackets around an amount standing where a value is expected, as in accounts
  ("the loss was ($4.5 million)"); after a noun or amount, brackets hold a gloss ("€10m ($11m)").
  Ranges may run downwards when "from"/"between" introduce them ("from -12 to -20 °C").
* Not quantities: dates ("7 October", "December 20", "on the 20th"), years used as dates ("in 2023",
  "the 1967 borders"), times ("10:30", "10 a.m."), ordinals, decades ("1960s"), numbers inside names
  and codes ("Channel 12", "COVID-19", "F-16", "G7", "Israel's **18**", "No. 5"), list numbering,
  the pronoun "one" ("one of", "no one", "the one who"), and hyphenated adjectives that are not
  measures ("two-state", "three-way"). Hyphenated measures and ages are kept ("seven-day",
  "12-year-old", "27-kilometre").
* ``predicate`` is the thing counted as written (head noun with its compounds and a short
  prepositional tail: "people in Hamas custody"); with a unit it is the thing measured when the text
  says ("seven-day ceasefire" → "ceasefire"; "the truce lasted eight days" → "truce"), else the unit
  word ("days"). ``predicate_lemma`` is the lower-case singular of the head noun, for comparing
  figures across articles. Without a parse (fast mode) the counted thing is the next noun-like run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from .numbers import (
    FRACTIONS,
    NUMBER_WORDS,
    SCALES,
    NumberMention,
    Tok,
    lex,
    may_hold_number,
    scan_numbers,
)
from .units import (
    ARTICLE_UNIT_RE,
    CURRENCY_CODES,
    CURRENCY_PREFIXES,
    CURRENCY_SCALE_SUFFIXES,
    CURRENCY_SYMBOLS,
    CURRENCY_UNIT_NAMES,
    MAX_UNIT_WORDS,
    MONEY_CUES,
    ONE_UNIT_FORMS,
    PRIMES,
    QUANTITY_UNITS,
    TIME_UNIT_NAMES,
    UNIT_SYMBOLS,
    UNIT_WORDS,
)

__all__ = ["extract_quantities", "QUANTITY_UNITS", "singular"]

# ---------------------------------------------------------------------------------------------
# Qualifiers: word sequences before (or after) a figure and the interval rule they select.

_BEFORE: dict[tuple[str, ...], str] = {}
for _rule, _phrases in {
    "more_than": ("more than", "over", "upwards of", "in excess of", "above", "exceeding", "greater than",
                  "higher than", "well over", "well above", "well in excess of", "beyond", ">"),
    "less_than": ("less than", "fewer than", "under", "below", "lower than", "well under", "well below",
                  "<"),
    "at_least": ("at least", "no fewer than", "no less than", "not less than", "not fewer than",
                 "a minimum of", "minimum of", "at a minimum", "≥"),
    "at_most": ("at most", "up to", "no more than", "not more than", "a maximum of", "maximum of",
                "as many as", "as much as", "at the most", "not exceeding", "≤"),
    "about": ("about", "around", "approximately", "approx", "roughly", "some", "an estimated",
              "estimated", "circa", "ca", "close to", "in the region of", "on the order of",
              "something like", "~", "≈"),
    "about_below": ("nearly", "almost", "not quite", "close on"),
    "just_over": ("just over", "just above", "slightly more than", "slightly over", "a little over",
                  "a little more than", "just more than"),
    "just_under": ("just under", "just below", "slightly less than", "slightly under", "a little under",
                   "a little less than", "just short of"),
    "exact": ("exactly", "precisely", "a total of", "fully", "a full"),
}.items():
    for _phrase in _phrases:
        _BEFORE.setdefault(tuple(_phrase.split()), _rule)
_MAX_BEFORE = max(len(k) for k in _BEFORE)

_AFTER: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("or", "over"): "at_least", ("or", "above"): "at_least",
    ("or", "older"): "at_least", ("and", "over"): "at_least", ("and", "above"): "at_least",
    ("and", "up"): "at_least", ("plus",): "at_least", ("+",): "at_least",
    ("or", "fewer"): "at_most", ("or", "less"): "at_most", ("or", "under"): "at_most",
    ("or", "younger"): "at_most", ("and", "under"): "at_most", ("and", "below"): "at_most",
    ("or", "so"): "about", ("odd",): "about",
}

# ---------------------------------------------------------------------------------------------
# Closed word classes used by the rules below.

_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
    .split()
)
_TIME_MARKERS = frozenset("am pm a.m p.m o'clock gmt utc bst cet cest est edt pst pdt ist idt hrs".split())
#: Nouns that label rather than count when a number follows them ("page 12", "flight 17").
_LABEL_NOUNS = frozenset(
    "no nos number page pages chapter section paragraph para article clause item line room flight route "
    "highway road gate platform resolution version episode season volume vol issue block building ward "
    "bus channel track lane exit seat row terminal category type model table figure fig act scene verse "
    "psalm apartment unit level phase stage grade class size rank step team squad tower floor district "
    "sector precinct division brigade battalion regiment corps zone area quarter camp lot plot station "
    "pier code tier bay bed cell case file exhibit annex appendix schedule rule law bill part".split()
)
_DETERMINERS = frozenset(
    "the this that these those a an no any every each which whichever what another its their his her our "
    "my your whose".split()
)
_PRONOUNS = frozenset("them us you those these which whom it they we him her me this that all both".split())
_FUNCTION_WORDS = _DETERMINERS | _PRONOUNS | frozenset(
    "and or but nor of in on at to from by for with without into onto over under about above below after "
    "before during since until till than as per via between among against through across toward towards "
    "upon within throughout beside besides near is are was were be been being am has have had having do "
    "does did will would shall should can could may might must not also only just even still again ago "
    "later earlier more most less least fewer both all some if then while because though although "
    "whether yet too very out up down off away back around including according said says say told who "
    "where when why how there here so such i he she we they it whose its own plus minus et cetera etc "
    "respectively alone each per cent percent last next overnight today yesterday tomorrow tonight now "
    "recently already".split()
)
_IRREGULAR_PLURALS = {
    "people": "people", "men": "man", "women": "woman", "children": "child", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "police": "police", "personnel": "personnel",
    "staff": "staff", "cattle": "cattle", "livestock": "livestock", "sheep": "sheep", "fish": "fish",
    "deer": "deer", "troops": "troop", "lives": "life", "wives": "wife", "knives": "knife",
    "thieves": "thief", "halves": "half", "leaves": "leaf", "shelves": "shelf", "wolves": "wolf",
    "militia": "militia", "crew": "crew", "data": "data", "media": "media", "criteria": "criterion",
    "phenomena": "phenomenon", "aircraft": "aircraft", "series": "series", "species": "species",
    "news": "news", "civilians": "civilian", "casualties": "casualty", "persons": "person",
}
#: Plurals that end a noun phrase for sure (others, like "aircraft" or "police", may modify a noun).
_DECISIVE_PLURALS = frozenset(
    "people men women children persons troops feet teeth mice geese lives wives knives thieves shelves "
    "wolves casualties civilians".split()
)
#: Irregular past tenses and participles: like "-ed" words, they end a noun phrase ("the 24-hour pause
#: began", "240 taken hostage").
_PAST_FORMS = frozenset(
    "began begun became come came went gone took taken gave given saw seen made got gotten rose risen fell "
    "fallen ran won told said stood struck broke broken wrote written drove driven ate eaten flew flown grew "
    "grown knew known threw thrown drew drawn chose chosen froze frozen spoke spoken stole stolen woke woken "
    "wore worn tore torn swore sworn sold paid laid meant sent spent slept heard held kept left lost met led "
    "fed fled fought sought brought bought caught taught thought found built hid hidden shot shown beaten "
    "forgotten bitten sank sunk sang sung swam swum".split()
)
_MEASURE_VERBS = frozenset(
    "last span take run continue stretch measure weigh cost total number reach exceed top hit surpass be "
    "become remain stand amount".split()
)
_CHANGE_VERBS = frozenset(
    "rise climb jump increase grow fall drop decline decrease soar surge mount swell go come reach stand "
    "amount put raise lift cut reduce lower boost double triple bring push edge slip plunge tumble "
    "shrink expand".split()
)
_CHANGE_FORMS = frozenset(
    "rise rises rose risen rising climb climbs climbed climbing jump jumps jumped jumping increase "
    "increases increased increasing grow grows grew grown growing fall falls fell fallen falling drop "
    "drops dropped dropping decline declines declined declining decrease decreases decreased decreasing "
    "soar soared soaring surge surged surging go goes went gone going up down raise raised raising cut "
    "cuts cutting reduce reduced reducing lower lowered boost boosted double doubled triple tripled "
    "expand expanded shrink shrank shrunk plunge plunged slip slipped edge edged swell swelled swollen "
    "revised revise moved move".split()
)
_PREPOSITION_QUALIFIERS = frozenset("about around over under above below".split())
_STATE_VERBS = frozenset("be remain stay hold keep detain live languish sit lie".split())
_TAIL_PREPOSITIONS = frozenset({"of", "in", "from", "at", "inside"})
_STATE_PREPOSITIONS = frozenset({"in", "at", "inside", "under"})
_NAME_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PERSON", "GPE", "LOC"})
_MARKUP = frozenset("*#_@=^|\\")
_DASHES = frozenset("-–—‐‑")
_HALF_FOLLOWERS = frozenset("the its their his her our my your all this that these those".split())
_AGE_WORDS = frozenset({"old"})
#: Adjectives of size after a measure: "2 in thick", "a foot long".
_DIMENSION_WORDS = frozenset("thick thin long wide high tall deep across square x by".split())
#: Words after "a <unit>" that show it measures something: "a gallon of", "a mile away", "a foot long".
_AFTER_ONE_UNIT = frozenset("of away apart more less each apiece thick long wide high tall deep across".split())
_NUMBERISH = NUMBER_WORDS | frozenset(FRACTIONS)
#: Prepositions that put a year-like integer in time: "in 2023", "since 1948", "by 2030".
_YEAR_PREPOSITIONS = frozenset("in since by until till from during before after through around circa".split())
_LABEL_ABBREVIATION_RE = re.compile(r"(?:\b(?:No|no|Nos|nos|Vol|vol|Fig|fig|Art|art|pp?)\.|#)\s*$")


def singular(word: str) -> str:
    """Lower-case singular of an English noun by rule ("detainees" → "detainee", "casualties" → "casualty")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    if w in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[w]
    if word[:1].isupper():
        if w.endswith("is") and len(w) > 4 and w[-3] != "s":
            return w[:-1]  # demonyms: "Israelis", "Iraqis", "Yemenis" (but "Crisis" stays)
        if w.endswith("as"):
            return w  # names: "Hamas", "Texas"
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("yses"):
        return w[:-2] + "is"  # "analyses"
    if w.endswith("uses") and not w.endswith(("ouses", "auses")):
        return w[:-2]  # "buses", "viruses"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "zzes", "sses", "oes")):
        return w[:-2]
    return w[:-1]


def _is_plural(tok: Tok) -> bool:
    w = tok.lower
    if w in _IRREGULAR_PLURALS:
        return w in _DECISIVE_PLURALS
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "'s", "’s")):
        return False
    if tok.text[:1].isupper():
        return not w.endswith(("as", "is", "os"))  # "Hamas", "Paris" are names; "Israelis" via "lis"
    return not w.endswith("is")


# ---------------------------------------------------------------------------------------------
# The extractor.


@dataclass(slots=True)
class _Unit:
    unit: str
    first: int  # lexer token indices (inclusive)
    last: int
    surface: str
    is_word: bool
    hyphenated: bool = False
    age: bool = False


@dataclass(slots=True)
class _Sentence:
    text: str
    offset: int
    toks: list[Tok]
    title_case: bool
    doc: Doc
    doc_text: str
    parsed: bool
    entities: bool  # the Doc has entity annotation (statistical NER or an entity ruler)
    first_word: int  # index of the first word token


def extract_quantities(doc: Doc) -> list[dict[str, Any]]:
    """Every quantity claim in a Doc: value, qualifier, interval, unit and thing counted, with its span.

    Works on parsed Docs and on fast (tokenizer + sentencizer) Docs alike; the parse only sharpens the
    counted thing and the name/date tests. Offsets are characters into ``doc.text``.
    """
    parsed = doc.has_annotation("DEP")
    doc_text = doc.text  # built from the tokens on every access: read it once
    entities = doc.has_annotation("ENT_IOB")
    spans: list[tuple[int, int]]
    if doc.has_annotation("SENT_START") or parsed:
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        spans = [(0, len(doc_text))]
    claims: list[dict[str, Any]] = []
    for start, end in spans:
        text = doc_text[start:end]
        articles = ARTICLE_UNIT_RE.search(text) is not None  # "a gallon of", "a penny"
        if not articles and not may_hold_number(text):
            continue
        toks = lex(text)
        words = [t for t in toks if t.kind == "word" and t.text[:1].isalpha()]
        title_case = len(words) >= 4 and sum(w.text[0].isupper() for w in words) >= 0.6 * len(words)
        first_word = next((i for i, t in enumerate(toks) if t.kind in ("word", "num")), 0)
        sent = _Sentence(text, start, toks, title_case, doc, doc_text, parsed, entities, first_word)
        claims.extend(_sentence_quantities(sent, articles=articles))
    return claims


def _sentence_quantities(sent: _Sentence, *, articles: bool) -> list[dict[str, Any]]:
    toks = sent.toks
    mentions = scan_numbers(toks)
    if articles:
        taken = {j for m in mentions for j in range(m.first, m.last + 1)}
        ones = [m for m in _article_ones(toks) if m.first not in taken]
        mentions = sorted(mentions + ones, key=lambda m: m.first)
    out: list[dict[str, Any]] = []
    taken_until = -1  # last lexer token used by an emitted claim
    i = 0
    while i < len(mentions):
        m = mentions[i]
        i += 1
        if m.first <= taken_until:
            continue
        claim, used_mentions, last_tok = _build(sent, mentions, i - 1)
        i = max(i, used_mentions)
        if claim is not None:
            taken_until = max(taken_until, last_tok)
            out.append(claim)
    return out


def _article_ones(toks: list[Tok]) -> list[NumberMention]:
    """"a gallon of beer", "a penny!", "a mile away": the indefinite article as one of a unit, when the
    unit is no rate ("$3 a gallon", "60 miles an hour"), no part ("half a mile", "the price of a
    barrel") and no modifier of a noun ("a dollar store", "a mile-long queue")."""
    out: list[NumberMention] = []
    for i, t in enumerate(toks):
        if t.kind != "word" or t.lower not in ("a", "an"):
            continue
        found = _match_unit_words(toks, i + 1)
        if found is None:
            continue
        form = " ".join(x.lower for x in toks[i + 1 : found[1] + 1] if x.kind == "word")
        if form not in ONE_UNIT_FORMS:
            continue
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and (
            prev.kind == "num" or prev.lower in _NUMBERISH or prev.lower in UNIT_WORDS or prev.lower in ("per", "of")
        ):
            continue
        nxt = toks[found[1] + 1] if found[1] + 1 < len(toks) else None
        if nxt is None or (nxt.kind == "sym" and nxt.text in ".,;:!?)" ) or nxt.lower in _AFTER_ONE_UNIT:
            out.append(NumberMention(t.start, t.end, 1.0, "words", i, i, 1.0))
    return out


@dataclass(slots=True)
class _Core:
    """A figure with what is written around it: currency, unit, range partner, first/last tokens."""

    a: NumberMention
    z: NumberMention  # the last figure (``a`` itself unless a range)
    currency: str | None
    unit: _Unit | None
    first: int
    last: int
    is_range: bool
    negative: bool
    #: signed ends of a range ("from -18 to -34 °C" → (-34, -18)); None for a single figure
    ends: tuple[float, float] | None = None
    #: a measure written once after coordinated figures: "45 and 50 mg" gives "45" the unit of "50 mg"
    shared_unit: _Unit | None = None


def _build(sent: _Sentence, mentions: list[NumberMention], mi: int) -> tuple[dict[str, Any] | None, int, int]:
    """The claim for mention ``mi`` (None when it is no quantity), the index of the next mention to read
    (past a range partner, kept or rejected with it) and the last lexer token the claim covers."""
    core, used = _read_core(sent, mentions, mi)
    if core is None or _not_a_quantity(sent, core):
        return None, used, -1
    toks = sent.toks
    a, z, unit, currency = core.a, core.z, core.unit, core.currency
    q_first, q_last, qualifier, value, interval = _qualify(sent, core)
    if a.kind == "words" and a.value == 1 and a.first == a.last and toks[a.first].lower == "one" and not core.is_range:
        if _one_is_pronoun(sent, a, unit):
            return None, used, -1
    word_fraction = a.kind == "fraction" and toks[a.first].kind == "word"
    if word_fraction and not core.is_range and not _fraction_ok(sent, a, unit):
        return None, used, -1
    if core.shared_unit is not None:
        # the unit and what it measures belong to the last figure's claim: name them, do not span them
        pred = _predicate(sent, core.a, core.a, core.shared_unit, currency)
        pred = (pred[0], pred[1], None) if pred is not None else None
    else:
        pred = _predicate(sent, a, z, unit, currency, after=q_last if unit is None else None)
    predicate, lemma, pred_last = pred if pred is not None else (None, None, None)
    unit_name = _unit_name(sent, core, word_fraction)
    if (unit or core.shared_unit) is not None and predicate == (unit or core.shared_unit).surface:
        lemma = unit_name  # "70 days": the thing counted is the unit itself
    if unit is None and currency is None and predicate is None and not core.is_range:
        # "According to Israel's 18, ...": a bare figure right after a possessive names something.
        prev = _word(toks, core.first - 1)
        if prev is not None and prev.endswith(("'s", "’s")):
            return None, used, -1
    last_tok = max(q_last, pred_last if pred_last is not None else -1)
    start = sent.offset + toks[q_first].start
    end = sent.offset + toks[last_tok].end
    low, high, low_inc, high_inc = interval
    claim = {
        "kind": "quantity",
        "start": start,
        "end": end,
        "text": sent.doc_text[start:end],
        "value": _clean(value),
        "low": _clean(low),
        "high": _clean(high),
        "low_inclusive": low_inc,
        "high_inclusive": high_inc,
        "qualifier": qualifier,
        "unit": unit_name,
        "predicate": predicate,
        "predicate_lemma": lemma,
    }
    return claim, used, last_tok


def _read_core(sent: _Sentence, mentions: list[NumberMention], mi: int) -> tuple[_Core | None, int]:
    """Currency, unit, sign and range partner of mention ``mi``; None when what follows rules it out."""
    toks = sent.toks
    a = mentions[mi]
    if a.dash_joined:
        return None, mi + 1  # right half of "3-1", "2023-24": its left half decided already
    currency, cur_first, negative = _currency_before(toks, a)
    _absorb_currency_scale(toks, a, currency)
    unit_a = _unit_after(sent, a, currency)
    if unit_a == "reject":
        return None, mi + 1
    first = cur_first if currency else a.first
    if not negative and _negative_sign(toks, first):
        negative = True
        first -= 1
    unit = unit_a if isinstance(unit_a, _Unit) else None
    last = unit.last if unit else a.last
    if currency and not negative and _accounting_negative(toks, first, last):
        return _Core(a, a, currency, unit, first - 1, last + 1, False, True), mi + 1  # "is ($99.99)"
    b = mentions[mi + 1] if mi + 1 < len(mentions) else None
    if b is None or a.kind == "vague" or b.kind == "vague":
        return _Core(a, a, currency, unit, first, last, False, negative), mi + 1
    conn = (unit.last if unit is not None and not unit.hyphenated else a.last) + 1
    link = _range_link(sent, a, b, conn, first - 1, currency)
    if link is not None:
        b_negative = link
        cur_b, _, _ = _currency_before(toks, b)
        _absorb_currency_scale(toks, b, currency or cur_b)
        unit_b = _unit_after(sent, b, currency or cur_b)
        shared_scale = b.scale > 1 and a.scale == 1 and a.kind == b.kind and a.value < b.base
        low = a.value * b.scale if shared_scale else a.value  # "1 to 2 million", "between 5 and 10 billion"
        low, high = (-low if negative else low), (-b.value if b_negative else b.value)
        # "from -18 to -34 °C" may run downwards; "5-10" and "two or three" run upwards
        downwards_ok = _word(toks, first - 1) in ("from", "between") and toks[conn].lower in ("to", "and")
        clash = unit is not None and isinstance(unit_b, _Unit) and unit.unit != unit_b.unit and not unit.hyphenated
        if unit_b != "reject" and (low < high or (downwards_ok and high < low)) and not clash:
            if shared_scale:
                a.value, a.scale = a.value * b.scale, b.scale
            if isinstance(unit_b, _Unit):
                unit = unit_b  # "3 to 4 L", "8- to 16-metre"
            last = unit.last if unit is not None and unit.last > b.last else b.last
            ends = (min(low, high), max(low, high))
            return _Core(a, b, currency or cur_b, unit, first, last, True, False, ends), mi + 2
    if b.dash_joined and b.first == a.last + 2:
        return None, mi + 2  # "3-1" (a score), "2023-24": figures glued by a dash that are no range
    shared = None if unit or currency or negative else _shared_unit(sent, mentions, mi)
    return _Core(a, a, currency, unit, first, last, False, negative, shared_unit=shared), mi + 1


def _accounting_negative(toks: list[Tok], first: int, last: int) -> bool:
    """An amount alone in brackets where a value is expected is negative, as in accounts: "the result
    is ($99.99)". After a noun or another amount the brackets hold a gloss: "€10m ($11m)"."""
    return (
        first >= 2
        and last + 1 < len(toks)
        and toks[first - 1].text == "("
        and _glued(toks, first)
        and toks[last + 1].text == ")"
        and _glued(toks, last + 1)
        and _word(toks, first - 2) in _FUNCTION_WORDS
    )


def _shared_unit(sent: _Sentence, mentions: list[NumberMention], mi: int) -> _Unit | None:
    """The unit written once after a list of bare figures: "45 and 50 mg", "3, 4 or 5 km"."""
    toks = sent.toks
    prev = mentions[mi]
    for b in mentions[mi + 1 : mi + 6]:
        between = [t.lower for t in toks[prev.last + 1 : b.first]]
        if between not in ([","], ["and"], ["or"], ["&"], [",", "and"], [",", "or"]) or b.kind == "vague":
            return None
        cur_b, _, _ = _currency_before(toks, b)
        if cur_b is not None:
            return None
        unit_b = _unit_after(sent, b, None)
        if isinstance(unit_b, _Unit):
            return None if unit_b.hyphenated or unit_b.unit == "fraction" else unit_b
        if unit_b is not None:
            return None
        prev = b
    return None


def _absorb_currency_scale(toks: list[Tok], m: NumberMention, currency: str | None) -> None:
    """"$5m", "£2b", "$2.1T", "€3 m": after a currency sign an m/b/t (glued, or alone after a space)
    scales the amount."""
    if not currency:
        return
    k = m.last + 1
    if m.suffix in CURRENCY_SCALE_SUFFIXES:
        factor = CURRENCY_SCALE_SUFFIXES[m.suffix]
        m.suffix = None
    elif (
        m.suffix is None
        and m.scale == 1.0
        and k < len(toks)
        and toks[k].text in CURRENCY_SCALE_SUFFIXES
        and toks[k].start - toks[m.last].end == 1
        and not (k + 1 < len(toks) and _glued(toks, k + 1) and toks[k + 1].kind != "sym")
    ):
        factor = CURRENCY_SCALE_SUFFIXES[toks[k].text]
    else:
        return
    m.value *= factor
    m.scale *= factor
    m.last = k
    m.end = toks[k].end


def _negative_sign(toks: list[Tok], first: int) -> bool:
    """A minus sign glued before the figure and preceded by a space: "-5°C", "−40 degrees"."""
    i = first - 1
    return (
        i >= 0
        and toks[i].text in ("-", "−")
        and toks[first].start == toks[i].end
        and (i == 0 or toks[i - 1].end < toks[i].start)
    )


def _not_a_quantity(sent: _Sentence, core: _Core) -> bool:
    """Dates, clock times, labels and codes: figures that do not count or measure anything."""
    unit = core.unit or core.shared_unit
    if _is_date(sent, core.a, core.z, core.first, core.last, core.currency, unit):
        return True
    if _is_time(sent.toks, core.z.last + 1):
        return True
    if _is_label(sent, core.a, core.z, core.first, core.last, core.currency, unit):
        return True
    # "5G", "3D", "10am": letters glued to digits that are no unit
    return core.a.suffix is not None and core.unit is None


def _qualify(
    sent: _Sentence, core: _Core
) -> tuple[int, int, str, float, tuple[float | None, float | None, bool | None, bool | None]]:
    """First and last token of the figure with its qualifier, the qualifier, value and interval."""
    toks = sent.toks
    a, z, unit = core.a, core.z, core.unit
    sign = -1.0 if core.negative else 1.0
    if core.is_range:
        low, high = core.ends if core.ends is not None else (a.value, z.value)
        q_first = core.first
        if _word(toks, core.first - 1) == "between" or (
            _word(toks, core.first - 1) == "from" and _word(toks, a.last + 1) == "to"
        ):
            q_first = core.first - 1
        return q_first, core.last, "range", (low + high) / 2, (low, high, True, True)
    value = sign * a.value
    rule = "exact"
    q_first, q_last = core.first, core.last
    if a.kind == "vague":
        rule = "at_least"
    else:
        found = _qualifier_before(toks, core.first)
        if found is not None and not _preposition_not_qualifier(sent, found[1], core.first):
            rule, q_first = found
        after = _qualifier_after(toks, a.last + 1, unit)
        if after is not None:
            rule, q_last = after
    if rule == "more_than" and _word(toks, q_first) == "over" and unit is not None and unit.unit in TIME_UNIT_NAMES:
        rule = "exact"  # "over three days" is a duration
    qualifier = {"about_below": "about", "just_over": "more_than", "just_under": "less_than"}.get(rule, rule)
    return q_first, max(q_last, core.last), qualifier, value, _interval(rule, value)


def _preposition_not_qualifier(sent: _Sentence, q_first: int, first: int) -> bool:
    """With a parse: "talked about 3 issues", "fought over 2 towns" use the word as a preposition
    (it governs the noun), not as a hedge on the figure."""
    if not sent.parsed or q_first != first - 1 or _word(sent.toks, q_first) not in _PREPOSITION_QUALIFIERS:
        return False
    tok = _doc_token(sent, q_first)
    return tok is not None and tok.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN") for c in tok.children
    )


def _unit_name(sent: _Sentence, core: _Core, word_fraction: bool) -> str | None:
    """The normalised unit: a measure, a currency code, "USD/hour", "fraction", or None for counts."""
    unit, currency = core.unit or core.shared_unit, core.currency
    if word_fraction and unit is None:
        return "fraction"
    if unit is None:
        return currency
    name = unit.unit
    if currency and name.startswith("/"):
        name = currency + name
    if name == "pound":
        # "a 2,000-pound bomb", "a twenty-pound bag": English writes money compounds with the sign ("a £10
        # fine"), so a hyphenated pound is a weight whatever the sentence says about buying
        money = (_money_context(sent.toks) and not unit.hyphenated) or core.a.scale >= 1e6
        name = "GBP" if money and _word(sent.toks, unit.last + 1) != "of" else "lb"
    return name


# ---------------------------------------------------------------------------------------------
# Pieces of the rules.


def _word(toks: list[Tok], i: int) -> str | None:
    return toks[i].lower if 0 <= i < len(toks) and toks[i].kind == "word" else None


def _glued(toks: list[Tok], i: int) -> bool:
    return 0 < i < len(toks) and toks[i - 1].end == toks[i].start


def _clean(x: float | None) -> float | None:
    return None if x is None else float(f"{x:.12g}")


def _interval(rule: str, v: float) -> tuple[float | None, float | None, bool | None, bool | None]:
    lo, hi = sorted((0.9 * v, 1.1 * v))
    return {
        "exact": (v, v, True, True),
        "more_than": (v, None, False, None),
        "at_least": (v, None, True, None),
        "less_than": (None, v, None, False),
        "at_most": (None, v, None, True),
        "about": (lo, hi, True, True),
        "about_below": (min(0.9 * v, v), max(0.9 * v, v), True, False),
        "just_over": (v, 1.1 * v, False, True),
        "just_under": (0.9 * v, v, True, False),
    }[rule]


def _currency_before(toks: list[Tok], m: NumberMention) -> tuple[str | None, int, bool]:
    """Currency written before a figure ("$", "US$", "£", "NIS 100", "USD 5", "$-99.99"): code, first
    token, and whether a minus sits between the sign and the figure."""
    i = m.first - 1
    if i < 0 or m.kind == "fraction":
        return None, m.first, False
    tok = toks[i]
    minus_inside = tok.text in ("-", "−") and i >= 1 and _glued(toks, m.first) and _glued(toks, i)
    if minus_inside and toks[i - 1].text in CURRENCY_SYMBOLS:
        code, first = _currency_before_sign(toks, i - 1, m.first)
        return code, first, code is not None
    code, first = _currency_before_sign(toks, i, m.first)
    return code, first, False


def _currency_before_sign(toks: list[Tok], i: int, figure: int) -> tuple[str | None, int]:
    """The currency a symbol or code at token ``i`` names for the figure at token ``figure``."""
    tok = toks[i]
    if tok.kind == "sym" and tok.text in CURRENCY_SYMBOLS and figure < len(toks) and toks[figure].start - tok.end <= 1:
        code = CURRENCY_SYMBOLS[tok.text]
        if i >= 1 and _glued(toks, i) and toks[i - 1].kind == "word" and toks[i - 1].text in CURRENCY_PREFIXES:
            if tok.text == "$" or (tok.text == "£" and toks[i - 1].text == "E"):
                return CURRENCY_PREFIXES[toks[i - 1].text], i - 1
        if i >= 1 and _glued(toks, i) and toks[i - 1].kind == "word":
            return None, figure  # "R2$" or a code glued to the sign: not sure
        return code, i
    if tok.kind == "word" and tok.text in CURRENCY_CODES and not _glued(toks, figure):
        return CURRENCY_CODES[tok.text], i
    return None, figure


def _match_unit_words(toks: list[Tok], k: int) -> tuple[str, int] | None:
    """Longest unit written in words from token k ("per cent", "square kilometres", "US dollars")."""
    best: tuple[str, int] | None = None
    words: list[str] = []
    j = k
    while j < len(toks) and len(words) < MAX_UNIT_WORDS:
        t = toks[j]
        if t.kind == "word" or (t.text == "." and words and words[-1] in ("u", "s")):
            if t.kind == "word":
                words.append(t.lower)
            else:
                words[-1] += "."
        elif t.text in _DASHES and _glued(toks, j) and j + 1 < len(toks) and _glued(toks, j + 1) and words:
            words[-1] += "-"
            j += 1
            if toks[j].kind != "word":
                break
            words[-1] += toks[j].lower
        else:
            break
        key = " ".join(words).replace("u.s.", "us").replace("u. s.", "us")
        if key in UNIT_WORDS:
            best = (UNIT_WORDS[key], j)
        j += 1
    return best


def _unit_after(sent: _Sentence, m: NumberMention, currency: str | None) -> _Unit | None | str:
    """The unit written after a figure, None when there is none, or "reject" when what follows shows the
    figure is no quantity (a non-measure hyphen compound such as "two-state")."""
    toks = sent.toks
    n = len(toks)
    k = m.last + 1
    if k + 1 < n and toks[k].text in _DASHES and _glued(toks, k) and _glued(toks, k + 1) and toks[k + 1].lower in ("odd", "plus", "ish"):
        k += 2  # "30-odd years", "100-plus days"
    elif k < n and toks[k].text == "+" and _glued(toks, k):
        k += 1  # "100+ people"
    elif tuple(t.lower for t in toks[k : k + 2]) in _AFTER:
        k += 2  # "100 or more days"
    if k >= n:
        return None
    if m.suffix is not None:  # letters glued to the digits: "4km", "100mph", "5m" after a currency sign
        sym = m.suffix
        if currency and sym in CURRENCY_SCALE_SUFFIXES:
            return None
        unit = UNIT_SYMBOLS.get(sym) or UNIT_WORDS.get(sym.lower())
        if unit is None:
            return "reject"
        last = k
        unit, last = _square_cubic(toks, unit, last)
        unit, last = _per_unit(toks, unit, last)
        return _Unit(unit, k, last, toks[k].text, False)
    tok = toks[k]
    if m.kind == "fraction" and tok.lower in ("a", "an"):  # "half an hour", "a third of a mile"
        found = _match_unit_words(toks, k + 1)
        if found is not None:
            return _Unit(found[0], k, found[1], sent.text[toks[k + 1].start : toks[found[1]].end], True)
    if tok.text == "%" and tok.start - toks[m.last].end <= 1:
        return _Unit("percent", k, k, "%", False)
    if (
        tok.text in CURRENCY_SYMBOLS
        and currency is None
        and tok.start - toks[m.last].end <= 1
        and not (k + 1 < n and toks[k + 1].kind == "num" and toks[k + 1].start - tok.end <= 1)
    ):
        return _Unit(CURRENCY_SYMBOLS[tok.text], k, k, tok.text, False)  # "15€", "-15 €"
    if tok.kind == "sym" and _glued(toks, k) and toks[m.first].kind == "num":
        prime = PRIMES.get(tok.text)
        if prime is None and tok.text == '"' and sent.doc_text.count('"', 0, sent.offset + tok.start) % 2 == 0:
            prime = "inch"  # 9" (a straight quote that closes no quotation)
        if prime is not None:
            return _Unit(prime, k, k, tok.text, False)
    if tok.text == "°":
        if k + 1 < n and _glued(toks, k + 1) and toks[k + 1].text in ("C", "F"):
            return _Unit("°" + toks[k + 1].text, k, k + 1, "°" + toks[k + 1].text, False)
        return _Unit("degree", k, k, "°", False)
    if tok.text in _DASHES and _glued(toks, k):
        return _hyphen_unit(sent, m, k)
    if tok.kind == "word" and not _glued(toks, k):
        if tok.text in CURRENCY_CODES and tok.text.isupper():
            return _Unit(CURRENCY_CODES[tok.text], k, k, tok.text, False)
        found = _match_unit_words(toks, k)
        if found is not None:
            unit, last = found
            if unit == "percentage point" and toks[k].lower == "points":
                return None  # bare "points" is a score, not percentage points
            if unit in TIME_UNIT_NAMES and last + 1 < n and toks[last + 1].text in ("'", "’") and _glued(toks, last + 1):
                last += 1  # "six weeks' time"
            unit, last = _square_cubic(toks, unit, last)
            unit, last = _per_unit(toks, unit, last)
            surface = sent.text[toks[k].start : toks[last].end]
            return _Unit(unit, k, last, surface, True)
        if tok.text == "in" and toks[m.first].kind == "num" and _inch_follows(toks, k):
            return _Unit("inch", k, k, "in", False)
        if (
            tok.text in UNIT_SYMBOLS
            and currency is None  # "$5 m in aid": after money a lone letter is no physical unit
            and (tok.text not in ("t", "l", "g", "h", "m", "V", "W", "C", "F") or _unit_symbol_ends(sent, k))
        ):
            unit, last = _square_cubic(toks, UNIT_SYMBOLS[tok.text], k)
            unit, last = _per_unit(toks, unit, last)
            return _Unit(unit, k, last, sent.text[toks[k].start : toks[last].end], False)
    if tok.text == "/" and _glued(toks, k) and currency:
        unit, last = _per_unit(toks, "", m.last)
        if unit:
            return _Unit(unit, k, last, sent.text[toks[k].start : toks[last].end], False)
    if currency:
        unit, last = _per_unit(toks, "", m.last)
        if unit:
            return _Unit(unit, k, last, sent.text[toks[k].start : toks[last].end], True)
    return None


def _unit_symbol_ends(sent: _Sentence, k: int) -> bool:
    """A one-letter unit symbol ("5 m", "3 t") counts when it ends its phrase: punctuation or a word that
    cannot be the noun it would abbreviate or modify follows ("278,000 t valued", "30 C outside"; not
    "5 m people", "Plan 3 B Street")."""
    toks = sent.toks
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is None or nxt.kind == "sym":
        return nxt is None or nxt.text not in ("'", "’", "&")
    if nxt.kind != "word" or nxt.text[:1].isupper() or nxt.lower in UNIT_WORDS:
        return False
    if nxt.lower in _DIMENSION_WORDS:
        return True  # "4 m long"
    if sent.parsed:
        tok = _doc_token(sent, k + 1)
        if tok is not None and tok.pos_:
            return tok.pos_ in ("VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ", "PART", "DET", "PRON")
    w = nxt.lower
    return w in _FUNCTION_WORDS or w in _PAST_FORMS or w.endswith(("ed", "ing")) or (len(w) > 4 and w.endswith("ly"))


def _inch_follows(toks: list[Tok], k: int) -> bool:
    """"in" after digits is the inch when no object follows it: "2 in.", "2 1/2 in thick", "4 in x 6 in"
    (but "2 in 10", "5 in the morning")."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is None:
        return True
    if nxt.kind == "sym":
        after = toks[k + 2] if k + 2 < len(toks) else None
        glued_on = after is not None and after.kind != "sym" and _glued(toks, k + 2)
        return nxt.text in ".,;:!?)]×" and not (nxt.text == "." and glued_on)  # not "in.gov"
    return nxt.lower in _DIMENSION_WORDS


def _square_cubic(toks: list[Tok], unit: str, last: int) -> tuple[str, int]:
    """"km2", "m²", "km^2", "km squared" → area; "m3", "km³", "km cubed" → volume."""
    if unit not in ("km", "m", "cm", "mm", "mile", "foot"):
        return unit, last
    j = last + 1
    if _word(toks, j) in ("squared", "cubed") and not _glued(toks, j):
        power = "2" if toks[j].lower == "squared" else "3"
        name = {"mile": "sq mile", "foot": "sq ft"}.get(unit, unit + power) if power == "2" else unit + power
        return name, j
    if j < len(toks) and _glued(toks, j) and toks[j].text in ("^",):
        j += 1
    if j < len(toks) and _glued(toks, j) and toks[j].text in ("2", "²", "3", "³"):
        power = "2" if toks[j].text in ("2", "²") else "3"
        name = {"mile": "sq mile", "foot": "sq ft"}.get(unit, unit + power) if power == "2" else unit + power
        return name, j
    return unit, last


def _per_unit(toks: list[Tok], unit: str, last: int) -> tuple[str, int]:
    """"per hour", "/h", "a day" after a unit or amount: "km/h", "USD/hour"."""
    j = last + 1
    n = len(toks)
    if j < n and toks[j].text == "/" and _glued(toks, j) and j + 1 < n and _glued(toks, j + 1):
        cand = toks[j + 1].text
        per = UNIT_SYMBOLS.get(cand) or UNIT_WORDS.get(cand.lower())
        if per:
            if unit == "km" and per == "hour":
                return "km/h", j + 1
            return f"{unit}/{per}", j + 1
    if j < n and toks[j].lower in ("per", "a", "an") and j + 1 < n and toks[j + 1].kind == "word":
        per = UNIT_WORDS.get(toks[j + 1].lower)
        money = unit == "" or unit in CURRENCY_UNIT_NAMES  # "$80 a barrel", "5 euros a kilo"
        if per in TIME_UNIT_NAMES or (per and (toks[j].lower == "per" or money) and per not in CURRENCY_UNIT_NAMES):
            if toks[j].lower == "per" and toks[j + 1].lower == "cent":
                return unit, last
            if unit == "km" and per == "hour":
                return "km/h", j + 1
            if unit == "mile" and per == "hour":
                return "mph", j + 1
            return f"{unit}/{per}", j + 1
    return unit, last


def _hyphen_unit(sent: _Sentence, m: NumberMention, k: int) -> _Unit | None | str:
    """A figure glued by a dash to what follows: "seven-day", "12-year-old", "27-kilometre", "two-state"."""
    toks = sent.toks
    n = len(toks)
    if k + 1 >= n or not _glued(toks, k + 1):
        # "8- to 16-metre": a dangling dash before a range
        return None if _word(toks, k + 1) in ("to", "or", "and") else "reject"
    nxt = toks[k + 1]
    if nxt.kind != "word":
        return None  # "5-10": a range, read by the caller
    w = nxt.lower
    if w in ("odd", "plus", "ish"):
        return None  # trailing qualifier
    if w in SCALES:
        return None
    found = _match_unit_words(toks, k + 1)
    if found is None:
        sym = UNIT_SYMBOLS.get(nxt.text)
        if sym is None:
            if any("." in t.text for t in toks[m.first : m.last + 1]):
                return None  # "6.0-sigma", "7.8-magnitude": a decimal figure measures, whatever it names
            return "reject"  # "two-state solution", "three-way", "one-sided"
        found = (sym, k + 1)
    unit, last = found
    age = False
    # "12-year-old", "six-month-old"
    if (
        last + 2 < n
        and toks[last + 1].text in _DASHES
        and _glued(toks, last + 1)
        and _glued(toks, last + 2)
        and toks[last + 2].lower in _AGE_WORDS
    ):
        last += 2
        age = True
    return _Unit(unit, k, last, sent.text[toks[k + 1].start : toks[last].end], True, hyphenated=True, age=age)


def _range_link(
    sent: _Sentence, a: NumberMention, b: NumberMention, conn: int, before_first: int, currency: str | None
) -> bool | None:
    """Whether the figure read so far (its connector at token ``conn``) and ``b`` are the two ends of one
    range ("5-10", "3 to 4", "between 5 and 10", "two or three", "from -18 to -34"): None when they are
    not, else whether ``b`` carries a minus sign."""
    toks = sent.toks
    n = len(toks)
    if conn >= n:
        return None
    c = toks[conn]
    after = conn + 1
    if c.text in _DASHES:
        if after < n and _word(toks, after) == "to":
            after += 1  # "8- to 16-metre"
        link = True
    elif c.lower == "to":
        years = all(_year_like(m) for m in (a, b))  # "from 2019 to 2021" is a span of years
        link = years or _word(toks, before_first) != "from" or not _change_before(sent, before_first)
        if link and not years and conn > a.last + 1 and _change_before(sent, before_first + 1):
            link = False  # "rose 12 percent to $4.2 billion": a change and the level it reached, no range
    elif c.lower == "and":
        link = _word(toks, before_first) == "between"
    elif c.lower == "or":
        link = True
    else:
        return None
    if not link:
        return None
    if after < n and toks[after].kind == "sym" and toks[after].text in CURRENCY_SYMBOLS:
        after += 1
    elif currency and after < n and toks[after].text in CURRENCY_CODES:
        after += 1
    if b.first == after:
        return False
    # "to -34": a minus glued to the second figure only
    if b.first == after + 1 and toks[after].text in ("-", "−") and _glued(toks, b.first) and not _glued(toks, after):
        return True
    return None


def _change_before(sent: _Sentence, i: int) -> bool:
    """Whether a verb of change governs "from X to Y" ("rose from 100 to 150": two figures, no range)."""
    toks = sent.toks
    for j in range(i - 1, max(-1, i - 4), -1):
        w = _word(toks, j)
        if w is None:
            break
        if w in _CHANGE_FORMS:
            return True
    if sent.parsed:
        tok = _doc_token(sent, i)
        if tok is not None and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in _CHANGE_VERBS:
            return True
    return False


def _qualifier_before(toks: list[Tok], first: int) -> tuple[str, int] | None:
    """The qualifier phrase ending right before token ``first``: rule and its first token."""
    for length in range(_MAX_BEFORE, 0, -1):
        s = first - length
        if s < 0:
            continue
        words = tuple(t.lower for t in toks[s:first])
        rule = _BEFORE.get(words)
        if rule is None:
            continue
        if words[-1] in ("<", ">", "~", "≈", "≤", "≥") or all(t.kind == "word" for t in toks[s:first]):
            return rule, s
    return None


def _qualifier_after(toks: list[Tok], k: int, unit: _Unit | None) -> tuple[str, int] | None:
    """A qualifier written after the figure ("100 or more", "30-odd", "100+", "five years or more"):
    its rule and last token."""
    n = len(toks)
    if k < n and toks[k].text == "+" and _glued(toks, k):
        return "at_least", k
    if k + 1 < n and toks[k].text in _DASHES and _glued(toks, k) and toks[k + 1].lower in ("odd", "plus", "ish"):
        return ("at_least" if toks[k + 1].lower == "plus" else "about"), k + 1  # "100-plus", "30-odd"
    starts = [k]
    if unit is not None and not unit.hyphenated:
        starts.append(unit.last + 1)
    for s in starts:
        for length in (2, 1):
            words = tuple(t.lower for t in toks[s : s + length])
            if len(words) == length and words in _AFTER:
                return _AFTER[words], s + length - 1
    return None


def _is_month(tok: Tok | None) -> bool:
    return tok is not None and tok.kind == "word" and tok.lower.rstrip(".") in _MONTHS and tok.text[0].isupper()


def _is_date(
    sent: _Sentence, a: NumberMention, z: NumberMention, first: int, last: int, currency: str | None, unit: _Unit | None
) -> bool:
    """Day numbers next to a month ("7 October", "Dec. 20", "20 and 21 December") and years as dates."""
    toks = sent.toks
    if currency or (unit is not None and unit.unit != "fraction"):
        return False
    day_like = all(m.kind == "numeral" and m.plain_integer is not None and 1 <= m.value <= 31 for m in (a, z))
    if day_like:
        # a month after: "7 October", "7 of October", "20, 21 and 22 December"
        j = z.last + 1
        steps = 0
        while j < len(toks) and steps < 8:
            t = toks[j]
            if _is_month(t):
                return True
            if t.lower == "of" and _is_month(toks[j + 1] if j + 1 < len(toks) else None):
                return True
            if t.text in (",", "&", "and", "to", "or", "-", "–") or t.lower in ("and", "to", "or") or (
                t.kind == "num" and t.text.isdigit() and int(t.text) <= 31
            ):
                j += 1
                steps += 1
                continue
            break
        # a month before: "October 7", "Oct. 7", "December 20, 2023"
        j = first - 1
        if j >= 0 and toks[j].text == "." and j >= 1:
            j -= 1
        if j >= 0 and _is_month(toks[j]):
            return True
        if j >= 0 and toks[j].lower == "the" and j >= 1 and _is_month(toks[j - 1]):
            return True
    # years: a bare four-digit integer in 1000-2100 is a year unless it counts something
    for m in (a, z):
        if _year_like(m):
            if _year_counts_something(sent, m):
                continue
            return True
    return False


def _year_like(m: NumberMention) -> bool:
    return m.plain_integer is not None and len(m.plain_integer) == 4 and 1000 <= m.value <= 2100


def _year_counts_something(sent: _Sentence, m: NumberMention) -> bool:
    """Whether a year-like integer ("1500", "2000") is a count: a plural noun follows and no determiner
    precedes ("2000 troops" counts; "the 1967 borders", "in 2023" do not)."""
    toks = sent.toks
    prev = _word(toks, m.first - 1)
    if prev is not None and (prev in _DETERMINERS or prev.endswith(("'s", "’s")) or prev in _YEAR_PREPOSITIONS):
        return False
    if _is_month(toks[m.first - 1] if m.first >= 1 else None):
        return False
    if sent.parsed:
        tok = _doc_token(sent, m.first)
        if tok is not None:
            head = tok.head
            if tok.dep_ == "nummod" and head.i > tok.i and head.tag_ in ("NNS", "NNPS"):
                return True
            if tok.ent_type_ in ("DATE", "TIME"):
                return False
    return _is_plural_at(toks, m.last + 1)


def _is_plural_at(toks: list[Tok], k: int) -> bool:
    return k < len(toks) and toks[k].kind == "word" and _is_plural(toks[k]) and toks[k].lower not in _FUNCTION_WORDS


def _is_time(toks: list[Tok], k: int) -> bool:
    """Clock times: "10 a.m.", "3pm", "0900 GMT", "5 o'clock"."""
    if k >= len(toks):
        return False
    w = toks[k].lower
    if w in _TIME_MARKERS and not (w == "hrs" and k >= 1 and len(toks[k - 1].text) != 4):
        return True
    if w in ("a", "p") and k + 2 < len(toks) and toks[k + 1].text == "." and toks[k + 2].lower == "m":
        return True
    if w == "local" and _word(toks, k + 1) == "time":
        return True
    return False


def _is_label(
    sent: _Sentence, a: NumberMention, z: NumberMention, first: int, last: int, currency: str | None, unit: _Unit | None
) -> bool:
    """Numbers that name or number something rather than count it: "Channel 12", "page 5", "No. 3",
    "**18**", "(2)", list items, numbers inside named entities."""
    toks, text = sent.toks, sent.text
    if currency or (unit is not None and not unit.hyphenated and unit.unit != "percent"):
        return False
    # markup glued to the digits: "**18**", "#1", "_3_"
    lo, hi = toks[a.first].start, toks[z.last].end
    if (lo > 0 and text[lo - 1] in _MARKUP) or (hi < len(text) and text[hi] in _MARKUP):
        return True
    prev_i = first - 1
    prev = toks[prev_i] if prev_i >= 0 else None
    if prev is not None and prev.kind == "word" and unit is None:
        # a capitalised word right before (mid-sentence, outside Title Case headlines): "Channel 12"
        if (
            prev.text[0].isupper()
            and prev_i > sent.first_word
            and not sent.title_case
            and prev.lower.rstrip(".") not in _MONTHS
            and prev.lower not in _WEEKDAYS
            and prev.text not in CURRENCY_CODES
            and tuple([prev.lower]) not in _BEFORE
            and not prev.lower.endswith(("'s", "’s"))
        ):
            return True
        if prev.lower in _LABEL_NOUNS and not prev.lower.endswith("s") or prev.lower in ("no", "nos", "number"):
            if prev.lower != "number" or _word(toks, prev_i - 1) not in ("a", "the", "total"):
                return True
    # "No. 5", "Fig. 3", "#2" (the sentence splitter may have cut after "No.")
    abs_lo = sent.offset + toks[first].start
    if _LABEL_ABBREVIATION_RE.search(sent.doc_text[max(0, abs_lo - 6) : abs_lo]):
        return True
    # parenthesised enumerators "(2)" and list numbering at the start of a line
    if a is z and a.plain_integer is not None and unit is None:
        if prev is not None and prev.text == "(" and last + 1 < len(toks) and toks[last + 1].text == ")" and a.value <= 50:
            if prev.end == toks[a.first].start and toks[last + 1].start == toks[last].end:
                return True
        doc_text = sent.doc_text
        abs_lo = sent.offset + toks[first].start
        line_start = doc_text.rfind("\n", 0, abs_lo) + 1
        if not doc_text[line_start:abs_lo].strip(" \t-*•·>") and last + 1 < len(toks):
            nxt = toks[last + 1]
            if nxt.text in (".", ")") and nxt.start == toks[last].end:
                return True
    if sent.entities or sent.parsed:
        tok = _doc_token(sent, a.first)
        if tok is not None and tok.ent_type_ in _NAME_LABELS:
            return True  # inside a named entity (model or reference ruler): "Channel 12"
    if sent.parsed:
        tok = _doc_token(sent, a.first)
        if tok is not None:
            if (
                unit is None
                and tok.dep_ in ("nummod", "compound", "nmod", "appos")
                and tok.head.i < tok.i
                and tok.head.pos_ in ("PROPN", "NOUN")
                and tok.head.lower_ not in UNIT_WORDS
                and tok.head.i == tok.i - 1
                and tok.dep_ != "appos"
            ):
                return True
    return False


def _one_is_pronoun(sent: _Sentence, a: NumberMention, unit: _Unit | None) -> bool:
    """"one of", "no one", "the one who", "one another", "One day, ..." are not counts."""
    toks = sent.toks
    nxt = _word(toks, a.last + 1)
    prev = _word(toks, a.first - 1)
    if nxt in ("of", "another", "or", "and", "by", "after", "way", "thing") or prev in _DETERMINERS:
        return True
    if unit is not None:
        # "One day, ..." at the start of a sentence is the idiom "once"
        return a.first == sent.first_word and unit.unit in TIME_UNIT_NAMES and not unit.hyphenated and _word(toks, unit.last + 1) != "of"
    if sent.parsed:
        tok = _doc_token(sent, a.first)
        if tok is not None and (tok.pos_ == "PRON" or tok.dep_ not in ("nummod", "quantmod", "compound")):
            return True
    return not _noun_run(toks, a.last + 1)  # "one carried a flag": nothing counted, a pronoun


def _fraction_ok(sent: _Sentence, a: NumberMention, unit: _Unit | None) -> bool:
    """A fraction word counts when it quantifies something: "half of", "half the", "two-thirds of",
    "half an hour"; not "the second half", "in half", "a third round"."""
    toks = sent.toks
    if unit is not None:
        return True  # "one-half mile", "half an hour"
    if toks[a.first].lower not in ("a", "an", "half") and toks[a.first].lower not in FRACTIONS:
        return True  # an explicit numerator: "one sixth", "three quarters"
    prev = _word(toks, a.first - 1)
    if prev in _DETERMINERS or prev in ("first", "second", "latter", "former", "other", "top", "bottom", "upper", "lower", "back", "front", "in"):
        return False
    nxt = _word(toks, a.last + 1)
    if nxt == "of":
        return True
    if toks[a.last].lower == "half":
        if nxt in _HALF_FOLLOWERS:
            return True
        if nxt in ("a", "an") and _word(toks, a.last + 2) in UNIT_WORDS:
            return True
    return False


def _money_context(toks: list[Tok]) -> bool:
    return any(t.lower in MONEY_CUES for t in toks)


# ---------------------------------------------------------------------------------------------
# The thing counted.


def _predicate(
    sent: _Sentence,
    a: NumberMention,
    z: NumberMention,
    unit: _Unit | None,
    currency: str | None,
    *,
    after: int | None = None,
) -> tuple[str, str, int | None] | None:
    """(predicate as written, lemma of its head, last lexer token if contiguous with the figure)."""
    if unit is not None and unit.hyphenated and unit.unit == "fraction":
        unit = None
    if sent.parsed and a.kind != "fraction":
        found = _parse_predicate(sent, a, z, unit, currency)
        if found is not None:
            return found if found[0] else None
    return _fast_predicate(sent, a, z, unit, currency, after=after)


def _fast_predicate(
    sent: _Sentence,
    a: NumberMention,
    z: NumberMention,
    unit: _Unit | None,
    currency: str | None,
    *,
    after: int | None = None,
) -> tuple[str, str, int | None] | None:
    toks = sent.toks
    if unit is not None:
        k = unit.last + 1
        if unit.hyphenated:
            run = _noun_run(toks, k)
            return _from_run(sent, run) if run else None
        if _word(toks, k) == "of" or (currency or unit.unit in CURRENCY_UNIT_NAMES) and _word(toks, k) == "in":
            run = _noun_run(toks, _skip_determiners(toks, k + 1))
            if run:
                return _from_run(sent, run)
        if unit.unit in CURRENCY_UNIT_NAMES or unit.unit == "percent":
            run = _noun_run(toks, k) if _attributive(toks, a, currency) else []
            return _from_run(sent, run) if run else None
        if not unit.is_word:
            return None  # "27 km": the symbol is the unit, nothing is named
        head = toks[unit.last] if toks[unit.last].kind == "word" else toks[unit.first]
        return unit.surface, singular(head.text), None
    k = max(z.last, after if after is not None else -1) + 1  # past "or more", "+", "-odd"
    if currency:
        if _word(toks, k) in ("in", "of"):
            run = _noun_run(toks, _skip_determiners(toks, k + 1))
            if run:
                return _from_run(sent, run)
        run = _noun_run(toks, k) if _attributive(toks, a, currency) else []
        return _from_run(sent, run) if run else None
    if _word(toks, k) == "of":  # "three of its own detainees", "dozens of people"
        j = _skip_determiners(toks, k + 1)
        if _word(toks, j) in _PRONOUNS:
            return None
        run = _noun_run(toks, j)
        if run:
            return _from_run(sent, run)
        return None
    if toks[a.last].lower == "half" and _word(toks, k) in _HALF_FOLLOWERS:
        run = _noun_run(toks, _skip_determiners(toks, k))
        return _from_run(sent, run) if run else None
    run = _noun_run(toks, k)
    if not run:
        return None
    return _from_run(sent, run)


def _attributive(toks: list[Tok], a: NumberMention, currency: str | None) -> bool:
    """An amount or percentage modifies a following noun only after a determiner: "a $1.5 billion
    package", "a 15 percent rise" (but "rose 15 percent last year")."""
    first = a.first - (1 if currency else 0)
    while first > 0 and toks[first - 1].kind == "sym" and toks[first - 1].text in CURRENCY_SYMBOLS:
        first -= 1
    return _word(toks, first - 1) in _DETERMINERS


def _skip_determiners(toks: list[Tok], j: int) -> int:
    while j < len(toks) and toks[j].kind == "word" and (toks[j].lower in _DETERMINERS or toks[j].lower == "own"):
        j += 1
    return j


def _noun_run(toks: list[Tok], k: int) -> list[int]:
    """Token indices of the noun phrase starting at k, up to and including its head (fast mode).

    English noun phrases end in their head, so the head is the first plural-looking word or, failing
    that, the last word before a function word, a participle, punctuation or another figure.
    """
    run: list[int] = []
    j = k
    n = len(toks)
    while j < n and len(run) < 4:
        t = toks[j]
        if t.kind != "word":
            # "large-scale", "Palestinian-Israeli": a glued dash inside a word
            if t.text in _DASHES and run and _glued(toks, j) and j + 1 < n and _glued(toks, j + 1) and toks[j + 1].kind == "word":
                j += 1
                run.append(j)
                if _is_plural(toks[j]):
                    break
                j += 1
                continue
            break
        w = t.lower
        if w in _FUNCTION_WORDS or _is_month(t) or w in _WEEKDAYS:
            break
        if (len(w) > 4 and w.endswith("ly")) or w.endswith(("'s", "’s")) and not run:
            break
        if run and (w.endswith("ed") or w.endswith("ing") or w in _PAST_FORMS) and not _is_plural(t):
            break
        run.append(j)
        if _is_plural(t):
            break
        j += 1
    first = toks[run[0]].lower if run else ""
    if first in _PAST_FORMS or (len(run) == 1 and first.endswith(("ed", "ing"))):
        return []  # "12 killed", "50 remaining", "240 taken hostage": the noun is elided
    return run


def _from_run(sent: _Sentence, run: list[int]) -> tuple[str, str, int | None]:
    toks = sent.toks
    head = toks[run[-1]]
    last = run[-1]
    text = sent.text[toks[run[0]].start : head.end]
    # a short "of" tail: "members of Hamas", "tonnes of aid"
    if _word(toks, last + 1) == "of":
        tail = _noun_run(toks, _skip_determiners(toks, last + 2))
        if tail and len(tail) <= 3:
            text = sent.text[toks[run[0]].start : toks[tail[-1]].end]
            last = tail[-1]
    return text, singular(head.text), last


# --- with a dependency parse


def _doc_token(sent: _Sentence, i: int) -> Token | None:
    """The spaCy token holding the lexer token i of a sentence."""
    if i < 0 or i >= len(sent.toks):
        return None
    t = sent.toks[i]
    span = sent.doc.char_span(sent.offset + t.start, sent.offset + t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _doc_span(sent: _Sentence, first: int, last: int) -> Span | None:
    span = sent.doc.char_span(
        sent.offset + sent.toks[first].start, sent.offset + sent.toks[last].end, alignment_mode="expand"
    )
    return span if span is not None and len(span) else None


def _lex_index_at(sent: _Sentence, char_end: int) -> int | None:
    """The lexer token ending at an absolute character offset (or the last one before it)."""
    local = char_end - sent.offset
    best = None
    for i, t in enumerate(sent.toks):
        if t.end <= local:
            best = i
        else:
            break
    return best


def _noun_phrase(sent: _Sentence, noun: Token, *, after: int = -1) -> tuple[str, str, int]:
    """Predicate text (compounds + head + a short prepositional tail), lemma, end char (absolute).

    ``after`` is the last token of the figure and its unit: compounds are only taken after it.
    """
    doc = sent.doc
    first = noun
    while (
        first.i - 1 > after
        and doc[first.i - 1].dep_ == "compound"
        and doc[first.i - 1].head.i in (noun.i, first.i)
    ):
        first = doc[first.i - 1]
    start = first.idx
    end = noun.idx + len(noun)
    tail = ""
    preps = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ in _TAIL_PREPOSITIONS and c.i == noun.i + 1]
    if preps:
        pobj = next((c for c in preps[0].children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.i - preps[0].i <= 4:
            end = pobj.idx + len(pobj)
    elif noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in _STATE_VERBS:
        verb = noun.head
        prep = next(
            (c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _STATE_PREPOSITIONS), None
        )
        if prep is not None:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i - prep.i <= 4:
                tail = " " + sent.doc_text[prep.idx : pobj.idx + len(pobj)]
    text = sent.doc_text[start:end] + tail
    lemma = noun.lemma_.lower() if noun.pos_ == "NOUN" and noun.lemma_ else ""
    if not lemma or lemma == noun.lower_:  # the lemmatizer leaves "Israelis" as it is
        lemma = singular(noun.text)
    return text, lemma, end


def _subject_of(verb: Token) -> Token | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "conj":
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    return subj


def _parse_predicate(
    sent: _Sentence, a: NumberMention, z: NumberMention, unit: _Unit | None, currency: str | None
) -> tuple[str | None, str | None, int | None] | None:
    """The counted or measured thing from the dependency parse: (text, lemma, last lexer token when
    contiguous); (None, None, None) when the parse shows nothing is counted; None to let the fast rule
    decide."""
    toks = sent.toks
    num_span = _doc_span(sent, a.first, z.last)
    if num_span is None:
        return None
    num_end_tok = num_span[-1].i

    def result(noun: Token, contiguous_from: int) -> tuple[str, str, int | None]:
        text, lemma, end_char = _noun_phrase(sent, noun, after=contiguous_from)
        subtree = {t.i for t in noun.subtree}
        between = sent.doc[contiguous_from + 1 : noun.i]
        # contiguous: only the noun's own modifiers between; another figure ("45 and 50 cases") shares
        # the noun but keeps its own claim
        contiguous = all(t.i in subtree or t.text in _DASHES for t in between) and not any(
            t.like_num or t.pos_ == "NUM" for t in between
        )
        return text, lemma, (_lex_index_at(sent, end_char) if contiguous else None)

    if unit is not None:
        unit_span = _doc_span(sent, unit.first, unit.last)
        if unit_span is None:
            return None
        ut = unit_span.root
        if unit.hyphenated:
            # the noun the compound modifies: "seven-day (temporary) ceasefire", "12-year-old boy"
            for anc in ut.ancestors:
                if anc.i > unit_span[-1].i and anc.pos_ in ("NOUN", "PROPN") and anc.i - unit_span[-1].i <= 5:
                    return result(anc, unit_span[-1].i)
            return None
        of = next((c for c in ut.children if c.dep_ == "prep" and c.lower_ in ("of", "in") and c.i == unit_span[-1].i + 1), None)
        if of is not None and (of.lower_ == "of" or unit.unit in CURRENCY_UNIT_NAMES):
            pobj = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if pobj is not None:
                return result(pobj, of.i)
        if unit.unit not in CURRENCY_UNIT_NAMES and unit.unit != "percent":
            # "the truce lasted eight days": the thing measured is the subject of a measuring verb
            if ut.dep_ in ("dobj", "npadvmod", "attr", "obj") and ut.head.pos_ in ("VERB", "AUX"):
                verb = ut.head
                if verb.lemma_.lower() in _MEASURE_VERBS:
                    subj = _subject_of(verb)
                    if subj is not None:
                        text, lemma, _ = _noun_phrase(sent, subj)
                        return text, lemma, None
            if not unit.is_word:
                return (None, None, None)
            head = toks[unit.last] if toks[unit.last].kind == "word" else toks[unit.first]
            return unit.surface, singular(head.text), None
        return None
    root = num_span.root
    candidates = [root] + [t for t in num_span if t is not root]
    for t in candidates:
        if (
            t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod")
            and t.head.i > num_end_tok
            and t.head.pos_ in ("NOUN", "PROPN")
            and t.head.i - num_end_tok <= 6
            and t.head.lower_ not in ("odd", "plus", "ish")
        ):
            if t.head.lower_ in UNIT_WORDS and not t.head.lower_.startswith("pound"):
                return None
            return result(t.head, num_end_tok)
        if t.dep_ == "conj" and t.head.i < t.i and t.head.dep_ == "nummod" and t.head.head.i > num_end_tok and t.head.head.pos_ in ("NOUN", "PROPN"):
            return result(t.head.head, num_end_tok)  # "between 100 and 150 rockets"
    tail_preps = ("of", "in") if currency else ("of",)  # "$1.5 billion in aid"
    for t in candidates:
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in tail_preps and c.i == num_end_tok + 1), None)
        if of is not None:
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                return result(pobj, of.i)
            return (None, None, None)
    # "the death toll rose to 240", "the toll stood at 240", "casualties reached 240"
    if currency is None:
        if root.dep_ == "pobj" and root.head.lower_ in ("to", "at") and root.head.head.pos_ == "VERB":
            verb = root.head.head
            if verb.lemma_.lower() in _CHANGE_VERBS | _MEASURE_VERBS:
                subj = _subject_of(verb)
                if subj is not None:
                    text, lemma, _ = _noun_phrase(sent, subj)
                    return text, lemma, None
        if root.dep_ in ("dobj", "attr") and root.head.pos_ in ("VERB", "AUX") and root.head.lemma_.lower() in _MEASURE_VERBS - {"take", "run"}:
            subj = _subject_of(root.head)
            if subj is not None:
                text, lemma, _ = _noun_phrase(sent, subj)
                return text, lemma, None
    nxt = sent.doc[num_end_tok + 1] if num_end_tok + 1 < len(sent.doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
        return None  # the parse missed it: let the fast rule read the next noun
    return (None, None, None)
