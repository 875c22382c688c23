"""The frame of a figure: whose it is, what it counts, what happened to it, what kind of figure it is
and when it holds — read from the dependency parse, so that only figures of the same fact are compared.

``frame_quantities(doc, claims, dates)`` fills these columns of each quantity claim (the claims table
documents them):

* ``measure`` — what is counted, as a key: the counted noun's lemma through the measure groups of
  ``lexicon/figures.yaml`` ("hostages", "captives" → ``captive``), the noun a bare figure belongs to
  ("losses of $2.1 billion" → ``loss``; "the toll rose to 50" → ``toll``), the event a duration measures
  ("the truce lasted eight days" → ``ceasefire``), or ``age`` for a number in apposition to a person
  ("Maria Lopez, 22,"). Empty when the figure stands alone ("Two were killed"): such a figure is never
  compared.
* ``scope`` — modifiers that narrow what is counted ("foreign", "israel" for "Israeli"), sorted.
* ``holder``/``holder_id`` — whose figure it is: a possessor ("Boeing's 237 orders"), the subject of
  the verb the figure is the object of ("Labour won 412 seats"), "for X"; ``?`` when that is a pronoun.
* ``place``/``place_id`` — where it holds ("in Gaza", "in Turkey"), from a locative preposition.
* ``state`` — from the verb the figure depends on (never the nearest cue word in the clause), else from
  an adjective ("remaining hostages") or the counted noun ("death toll").
* ``status`` — ``actual``, or what else it is: ``proposed`` (modal, proposal verb or noun, condition),
  ``other`` (another instance: "a new six-week truce"), ``capacity``, ``rate``, ``change`` ("fell 300
  points"), ``earlier`` ("rose from 6 to 11": the 6), ``preliminary``, ``cumulative``, ``part`` ("two
  were killed immediately", "six of them", "including 40 children", a part of a breakdown), ``base``
  (the whole of "35 of the 38 seized").
* ``as_of``/``as_of_end`` and ``anchor_text`` — the date the figure holds for (a date attached to its
  verb), and the words that may name the event it belongs to ("during the seven-day truce"; for "in that
  time", the sentence before), for the propositions stage to link.
* ``breakdown`` — a key shared by the parts of one breakdown ("14 Israeli and 9 foreign hostages").
* ``frame`` — ``parsed`` (from the parse) or ``shallow`` (fast mode: no parse, only the counted noun).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..lexicon import FigureWords, figures
from .units import CURRENCY_CODES

__all__ = ["FRAME_COLUMNS", "frame_quantities", "TIME_MEASURES"]

FRAME_COLUMNS = ("measure", "scope", "holder", "holder_id", "place", "place_id", "state", "status",
                 "as_of", "as_of_end", "anchor_text", "breakdown", "frame")
TIME_MEASURES = frozenset({"hour", "day", "week", "month", "year", "minute"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
_BOUNDARIES = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "conj", "csubj", "xcomp"})
_RELATIVES = frozenset({"that", "which", "who", "whom", "whose"})
_ALTERNATIVE = re.compile(r"\b(?:or|nor|to|between)\b|\d\s*[-–]\s*\d")
_TIME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


def frame_quantities(doc: Doc, claims: Sequence[dict[str, Any]], dates: Iterable[dict[str, Any]] = ()) -> None:
    """Fill the frame columns of every quantity claim in ``claims`` (in place), from ``doc``'s parse.

    ``dates`` are the article's resolved event_date claims (offsets into ``doc.text``)."""
    words = figures()
    quantities = [c for c in claims if c.get("kind") == "quantity"]
    if not doc.has_annotation("DEP"):
        for claim in quantities:
            claim.update(_shallow(claim, words))
        return
    dated = [d for d in dates if d.get("date") and d.get("start") is not None]
    nominals: dict[int, list[dict[str, Any]]] = {}
    for claim in quantities:
        span = doc.char_span(int(claim["start"]), int(claim["end"]), alignment_mode="expand")
        if span is None or not len(span):
            claim.update(_shallow(claim, words))
            continue
        frame = _Frame(span, claim, words, dated)
        claim.update(frame.columns())
        if frame.noun is not None and frame.figure is not None:
            nominals.setdefault(frame.noun.i, []).append(claim)
    _mark_breakdowns(doc, nominals)


class _Frame:
    """The frame of one figure, read from its span's place in the parse."""

    def __init__(self, span: Span, claim: dict[str, Any], words: FigureWords, dates: list[dict[str, Any]]):
        self.span, self.claim, self.words = span, claim, words
        self.doc = span.doc
        self.unit = str(claim.get("unit") or "").lower()
        numbers = [t for t in span if t.like_num or t.pos_ == "NUM"]
        self.figure: Token | None = numbers[0] if numbers else None
        self.noun: Token | None = None  # the counted noun, when the figure modifies one
        self.measure_tok: Token | None = None  # the token naming what is measured
        self.measure = ""
        self.owner: Token | None = None  # a name the figure belongs to, found while reading the measure
        self._named_holder = False  # whether the holder found is a proper name
        self._event_holder = False  # whether it is a common noun naming an event of the story ("the flood")
        self.elided_scope = ""  # a nationality standing for a noun given later ("14 Filipino and 9 ... hostages")
        self.status = "actual"
        self._read_measure()
        self.verb = self._participle() or self._governing_verb(self.measure_tok or span.root)
        self.dates = dates

    # --- what is measured ------------------------------------------------------------------------
    def _read_measure(self) -> None:
        root = self.span.root
        words = self.words
        if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
                and root.head not in self.span and (_is_figure(root) or root.pos_ in ("ADJ", "PROPN")):
            root = root.head  # "14" or "14 Filipino" in "14 Filipino and 9 foreign hostages"
        if root.pos_ in ("NOUN", "PROPN") and not _is_figure(root) and root.lemma_.lower() not in CURRENCY_WORDS:
            elided = self._elided_head(root)
            if elided is not None:  # "14 Filipino and 9 foreign hostages": "Filipino" qualifies "hostages"
                self.elided_scope, root = root.lower_, elided
            self.noun = root
            lemma = _lemma(root)
            if lemma in TIME_MEASURES:
                self.measure_tok, self.measure = self._duration_of(root)  # "the truce lasted eight days"
                return
            if self.unit.rstrip("s") in TIME_MEASURES and any(t.lower_ == "old" for t in self.span):
                self.measure_tok, self.measure = root, "age"  # "a 66-year-old man": his age
                return
            if self.unit.rstrip("s") in TIME_MEASURES:  # "a seven-day truce": the unit is inside the span
                self.measure_tok, self.measure = root, "duration of " + words.measure(lemma)
                return
            if root.ent_type_ == "NORP" or (root.pos_ == "PROPN" and root.tag_ == "NNPS"
                                            and lemma.endswith(words.demonym_endings)):
                self.measure_tok, self.measure = root, "people"  # "240 Palestinians"
                return
            self.measure_tok, self.measure = root, words.measure(lemma)
            return
        # a figure with no noun of its own: find the noun it is a figure of
        if self.unit in words.share_units:
            base = next((g for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
            if base is not None:  # "51.2% of the vote": a share of the vote
                self.measure_tok, self.measure = base, "share of " + words.measure(_lemma(base))
                return
        head = root.head
        if root.dep_ == "pobj" and head.lemma_ == "to" and head.head.lemma_ in words.earlier_prepositions:
            head = head.head  # "rose from 6 to 11": the 11 belongs to the verb as the 6 does
        governor: Token | None = None  # the verb whose subject the figure measures
        if root.dep_ == "pobj" and head.lemma_ == "of" and head.head.pos_ in ("NOUN", "PROPN") and head.head != root:
            self.measure_tok = head.head  # "losses of $2.1 billion", "a toll of 50", "a turnout of 64%"
        elif root.dep_ == "pobj" and head.lemma_ in ("to", "at", "from") and head.head.pos_ in ("VERB", "AUX"):
            governor = head.head
            self.measure_tok = _subject(governor)  # "the toll rose to 50", "closed at 35,100"
            if head.lemma_ in words.earlier_prepositions and root.head == head:
                self.status = "earlier"
        elif root.dep_ in ("attr", "acomp", "dobj", "npadvmod", "oprd") and head.lemma_ in words.linking_verbs:
            governor = head
            self.measure_tok = _subject(head)  # "the toll is 50", "turnout reached 64%"
        elif root.dep_ == "appos" and head.ent_type_ == "PERSON" and self._age_like():
            self.measure_tok, self.measure = head, "age"
            return
        tok = self.measure_tok
        if tok is not None and governor is not None and tok.pos_ == "PROPN":
            # "the Dow closed at 35,100": a name is whose figure it is; the verb says what it measures
            self.owner, self.measure_tok = tok, None
            lemma = governor.lemma_.lower()
            self.measure = "" if lemma in words.linking_verbs or lemma in words.change_verbs else lemma
        elif tok is not None and tok.pos_ in ("NOUN", "PROPN") and _lemma(tok) not in words.pronouns:
            self.measure = words.measure(_lemma(tok))
        else:
            self.measure_tok = None

    def _elided_head(self, noun: Token) -> Token | None:
        """The noun a singular proper adjective stands in for when it carries a plural count and is
        coordinated with a counted noun: "14 Filipino and 9 foreign hostages" → "hostages"."""
        value = self.claim.get("value")
        if noun.tag_ != "NNP" or value is None or float(value) == 1:
            return None
        for conj in noun.children:
            if conj.dep_ == "conj" and conj.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in conj.children):
                return conj
        return None

    def _duration_of(self, unit_noun: Token) -> tuple[Token | None, str]:
        """What a span of time measures: the noun it modifies ("seven-day truce"), or the subject of a
        verb of lasting ("the truce lasted eight days")."""
        if unit_noun.dep_ in ("compound", "amod", "nmod") and unit_noun.head.pos_ == "NOUN":
            event = unit_noun.head
        elif unit_noun.dep_ in ("npadvmod", "dobj", "attr", "pobj") and unit_noun.head.pos_ in ("VERB", "AUX"):
            event = _subject(unit_noun.head)
        else:
            event = None
        if event is None or _lemma(event) in self.words.pronouns:
            return None, ""
        return event, "duration of " + self.words.measure(_lemma(event))

    def _age_like(self) -> bool:
        value = self.claim.get("value")
        return value is not None and float(value).is_integer() and 0 < float(value) < 120 and not self.unit

    # --- the verb and what it says ---------------------------------------------------------------------
    def _participle(self) -> Token | None:
        """A participle right after the counted noun names the set it counts: "the 38 people seized on 9
        February" are the seized, whatever the main verb says of some of them."""
        noun = self.noun or self.measure_tok
        if noun is None:
            return None
        for child in noun.children:
            if child.dep_ == "acl" and child.pos_ == "VERB" and child.tag_ == "VBN" and child.i > noun.i:
                return child
        return None

    @staticmethod
    def _governing_verb(token: Token) -> Token | None:
        while token.head != token:
            if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
                return token
            token = token.head
        return token if token.pos_ in ("VERB", "AUX") else None

    def columns(self) -> dict[str, Any]:
        duration = self.measure.startswith("duration of ")
        holder, holder_id = (None, None) if duration else self._holder()
        place, place_id = self._place()
        as_of, as_of_end = (None, None) if duration else self._as_of()
        state = self._state()
        words = self.words
        captivity = self.verb is not None and (self.verb.lemma_.lower() in words.captivity_verbs or any(
            words.state_nouns.get(_lemma(o)) == "held" for c in self.verb.children if c.dep_ == "prep"
            for o in c.children if o.dep_ == "pobj"))
        if self.measure == "people" and state in words.custody_states and captivity:
            self.measure = "captive"  # "240 Palestinians were released": people in custody are captives
        if holder and not holder_id and not self._named_holder and not self._event_holder:
            # "the group freed 110 hostages": an event's outcome told with a common noun needs no owner;
            # "the party won 137 seats": any party's
            holder = None if state in words.holderless else "?"
        return {
            "measure": self.measure or None,
            "scope": self._scope() or None,
            "holder": holder,
            "holder_id": holder_id,
            "place": place,
            "place_id": place_id,
            "state": state or None,
            "status": self._status(holder),
            "as_of": as_of,
            "as_of_end": as_of_end,
            "anchor_text": self._anchor_text() or None,
            "breakdown": None,
            "frame": "parsed",
        }

    def _state(self) -> str:
        """What happened to what is counted: the verb the figure depends on, or the word completing it
        ("shot dead", "remain missing"), else a preposition's object ("in custody"), an adjective on the
        noun ("remaining hostages") or the noun itself ("death toll")."""
        words = self.words
        if self.measure == "age" or self.measure.startswith("duration of "):
            return ""
        verb = self.verb
        if verb is not None:
            lemma = verb.lemma_.lower()
            state = words.verb_state.get(lemma)
            completing = [c for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd")]
            for candidate in completing:  # "shot dead", "remain missing", "were found dead"
                state = (words.adjective_state.get(candidate.lower_) or words.verb_state.get(candidate.lemma_.lower())
                         or state)
            if state:
                return state
            if lemma in words.still_verbs and self.measure in words.captive_measures:
                return "held"  # "127 hostages remain in Gaza"
            for child in verb.children:  # "remained in Hamas custody", "in captivity"
                if child.dep_ == "prep":
                    for obj in child.children:
                        if obj.dep_ == "pobj" and words.state_nouns.get(_lemma(obj)) == "held":
                            return "held"
        for tok in (self.noun, self.measure_tok):
            if tok is None:
                continue
            for child in tok.children:
                if child.dep_ in ("amod", "compound"):
                    state = words.adjective_state.get(child.lower_) or words.state_nouns.get(_lemma(child))
                    if state:
                        return state
                if child.dep_ == "prep":  # "people in Hamas custody"
                    for obj in child.children:
                        if obj.dep_ == "pobj" and words.state_nouns.get(_lemma(obj)) == "held":
                            return "held"
            noun_state = words.state_nouns.get(_lemma(tok))
            if noun_state:
                return noun_state
        return ""

    def _status(self, holder: str | None) -> str:
        if self.status != "actual":
            return self.status
        words = self.words
        targets = [t for t in (self.figure, self.noun, self.measure_tok) if t is not None]
        for tok in targets:
            for child in tok.children:
                if child.dep_ in ("amod", "det", "advmod", "quantmod", "nummod") and child.lower_ in words.other_instance \
                        and not (self.span.start <= child.i < self.span.end):  # "more than 10" is a qualifier
                    return "other"
                if child.dep_ in ("amod", "compound") and child.lower_ in words.preliminary_words:
                    return "preliminary"
        if self._base():
            return "base"
        if self._proposed():
            return "proposed"
        if self._rate():
            return "rate"
        if self._capacity(holder):
            return "capacity"
        if self._change():
            return "change"
        sentence = " ".join(t.lower_ for t in self.span.sent)  # "With 500 of 650 results declared, Labour had ..."
        if any(f" {p} " in f" {sentence} " for p in words.preliminary_phrases):
            return "preliminary"
        clause = self._clause_text().lower()
        if self._part():
            return "part"
        if any(f" {p} " in f" {clause} " for p in words.cumulative_phrases):
            return "cumulative"
        return "actual"

    def _base(self) -> bool:
        """The whole of "35 of the 38 people", "22 of its 24 nationals": a base, not a count of the state."""
        anchor = self.noun or self.span.root
        for tok in (anchor, self.figure):
            if tok is not None and tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_figure(tok.head.head):
                return True
        return False

    def _path_to_root(self) -> list[Token]:
        start = self.measure_tok or self.noun or self.span.root
        path, token = [start], start
        while token.head != token:
            token = token.head
            path.append(token)
        return path

    def _proposed(self) -> bool:
        words = self.words
        path = self._path_to_root()
        for token in path:
            if token.pos_ in ("VERB", "AUX"):
                if token.lemma_.lower() in words.proposal_verbs and token != path[0]:
                    return True
                for child in token.children:
                    if child.dep_ == "aux" and child.lower_ in words.modal:
                        return True
                    if child.dep_ == "mark" and child.lower_ in words.conditional:
                        return True
                if token.lower_ in words.modal:
                    return True
            elif token != path[0] and token.pos_ == "NOUN" and _lemma(token) in words.proposal_nouns:
                return True
        return False

    def _capacity(self, holder: str | None) -> bool:
        words = self.words
        verb = self.verb
        for tok in (self.measure_tok, self.noun):
            if tok is not None and _lemma(tok) in words.capacity_nouns:
                return True
            if tok is not None and tok.dep_ == "pobj" and tok.head.head.pos_ == "NOUN" \
                    and _lemma(tok.head.head) in words.capacity_nouns:
                return True  # "a capacity of 60,000 people"
        if self.span.root.dep_ == "pobj" and self.span.root.head.head.pos_ == "NOUN" \
                and _lemma(self.span.root.head.head) in words.capacity_nouns:
            return True
        if verb is None or verb.lemma_.lower() not in words.capacity_verbs:
            return False
        if any(c.dep_ == "aux" and c.lower_ in ("can", "could", "ca") for c in verb.children):
            return True
        subject = _subject(verb)
        if subject is not None and subject.lower_ in _RELATIVES and verb.dep_ == "relcl":
            subject = verb.head
        return subject is not None and _lemma(subject) in words.capacity_holders

    def _rate(self) -> bool:
        words = self.words
        if "/" in self.unit or " per " in f" {self.unit} ":
            return True
        doc = self.doc
        start = (self.figure.i + 1) if self.figure is not None else self.span.start
        following = [t.lower_ for t in doc[start:min(self.span.end + 3, len(doc))]]
        for i, word in enumerate(following):  # "barrels a day", "$3 per gallon", "two each"
            after = following[i + 1] if i + 1 < len(following) else ""
            if word in ("per", "apiece") or (word in ("a", "an", "each", "every") and after.rstrip("s") in words.rate_words):
                return True
        scope = [t for t in (self.noun, self.measure_tok, self.figure) if t is not None]
        for tok in scope:
            for child in tok.children:
                if child.lower_ in words.rate_adverbs or (child.dep_ == "prep" and child.lower_ == "per"):
                    return True
        if self.verb is not None:
            for child in self.verb.children:
                if child.dep_ == "advmod" and child.lower_ in words.rate_adverbs:
                    return True
                if child.dep_ == "npadvmod" and child.lower_.rstrip("s") in words.rate_words and any(
                        g.lower_ in ("a", "an", "per", "each", "every") for g in child.children):
                    return True
        return False

    def _change(self) -> bool:
        words = self.words
        root = self.span.root
        for tok in (root, self.noun, self.measure_tok):
            if tok is None:
                continue
            if any(c.dep_ in ("advmod", "prep", "prt") and c.lower_ in words.change_adverbs and c.i > tok.i - 3
                   for c in tok.children):
                return True  # "up 5%", "300 points higher"
            if tok.head.pos_ == "NOUN" and _lemma(tok.head) in words.change_nouns and tok.dep_ in (
                    "compound", "nummod", "amod", "pobj", "npadvmod", "nmod"):
                return True  # "a 3% rise", "an increase of 300"
            if _lemma(tok) in words.change_nouns and tok == self.measure_tok:
                return True
        verb = self.verb
        if verb is None or verb.lemma_.lower() not in words.change_verbs:
            return False
        anchor = self.noun or root
        if anchor.dep_ in ("dobj", "npadvmod", "attr", "advmod", "nsubj") and anchor.head == verb:
            return anchor.dep_ != "nsubj" or anchor != self.measure_tok
        if anchor.dep_ == "pobj" and anchor.head.lemma_ == "by" and anchor.head.head == verb:
            return True
        return False

    def _part(self) -> bool:
        words = self.words
        anchor = self.noun or self.span.root
        for child in anchor.children if not self.unit else ():
            if child.dep_ == "prep" and child.lower_ == "of" and any(
                    g.dep_ == "pobj" and (g.lower_ in words.pronouns or any(d.lower_ == "the" for d in g.children))
                    for g in child.children):
                return True  # "six of them", "two of the hostages"
        if anchor.dep_ == "pobj" and anchor.head.lower_ in words.part_prepositions and anchor.head.lower_ != "of":
            return True  # "including 40 children", "among them 12 soldiers"
        if self.figure is not None and self.figure.dep_ == "pobj" and self.figure.head.lower_ in ("including", "among"):
            return True
        if self.verb is not None:
            for child in self.verb.children:
                if child.dep_ in ("advmod", "npadvmod") and child.lower_ in words.phase_words:
                    return True
            clause = self._clause_text().lower()
            if any(f" {p} " in f" {clause} " for p in words.phase_phrases):
                return True
        return False

    # --- whose, where, which scope ---------------------------------------------------------------------
    def _holder(self) -> tuple[str | None, str | None]:
        token = self._holder_token()
        if token is None or token.ent_type_ in _TIME_LABELS or token.lower_ in self.words.time_words or _dateline(token):
            return None, None  # "Tuesday's release of 12": a day owns nothing; "KERLIN —" is a dateline
        self._named_holder = token.pos_ == "PROPN" or token.ent_type_ in _NAME_LABELS or any(
            t.pos_ == "PROPN" for t in token.children if t.dep_ in ("compound", "poss"))
        self._event_holder = _lemma(token) in self.words.event_nouns or token.lower_ in self.words.event_nouns
        return _name(token)

    def _holder_token(self) -> Token | None:
        """The token naming whose figure it is (a possessor, "for X", or the subject of its verb)."""
        for tok in (self.noun, self.measure_tok, self.figure, self.span.root):
            if tok is None:
                continue
            for child in tok.children:
                if child.dep_ == "poss":
                    return child
                if child.dep_ == "prep" and child.lower_ == "for":
                    obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in _NAME_LABELS):
                        return obj
        if self.owner is not None:
            return self.owner
        if self.measure == "age" and self.measure_tok is not None:
            named = self.measure_tok.ent_type_ == "PERSON" or self.measure_tok.pos_ == "PROPN"
            return self.measure_tok if named else None  # "Maria Lopez, 22,"; "a 66-year-old man": whose?
        verb = self.verb
        if verb is None:
            return None
        # the figure (or the noun it is a figure of) is the verb's object: the subject owns it
        anchor = next((t for t in (self.noun, self.measure_tok, self.span.root) if t is not None and t.head == verb),
                      None)
        objectlike = anchor is not None and anchor.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dative", "acomp")
        via_preposition = self.span.root.dep_ == "pobj" and self.span.root.head.head == verb
        if not (objectlike or via_preposition) or anchor is not None and anchor == self.measure_tok \
                and anchor.dep_ in ("nsubj", "nsubjpass"):
            return None
        subject = _subject(verb)
        if subject is not None and subject.lower_ in _RELATIVES and verb.dep_ == "relcl":
            subject = verb.head
        if subject is None or subject == self.measure_tok:
            return None
        return subject

    def _place(self) -> tuple[str | None, str | None]:
        for tok in (self.verb, self.noun, self.measure_tok, self.span.root):
            if tok is None:
                continue
            for child in tok.children:
                if child.dep_ != "prep" or child.lower_ not in self.words.locative_prepositions:
                    continue
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ in _NAME_LABELS and obj.ent_type_ != "NORP":
                    return _name(obj)  # "in Gaza", "in the Senate"
        return None, None

    def _scope(self) -> str:
        words = self.words
        tok = self.noun or self.measure_tok
        if tok is None or self.measure == "age" or self.measure.startswith("duration of "):
            return ""
        figure = self.figure
        siblings = sorted([c.i for c in tok.children if c.dep_ == "nummod" and _is_figure(c)])
        lo, hi = -1, len(self.doc)
        if figure is not None and len(siblings) > 1 and figure.i in siblings:
            at = siblings.index(figure.i)  # "14 Israeli and 9 foreign hostages": each figure its own words
            lo = figure.i
            hi = siblings[at + 1] if at + 1 < len(siblings) else tok.i
        parts: set[str] = set()
        for child in tok.children:
            if child.dep_ not in ("amod", "compound", "nmod") or not (lo < child.i < hi) or _is_figure(child):
                continue
            low = child.lower_
            if (low in words.adjective_state or low in words.other_instance or low in words.preliminary_words
                    or _lemma(child) in TIME_MEASURES or _lemma(child) in words.state_nouns
                    or any(_is_figure(g) for g in child.children) or low in ("total", "overall", "combined")):
                continue
            parts.add(child.ent_id_ or low)
        if tok.ent_type_ == "NORP" or self.measure == "people" and tok.pos_ == "PROPN":
            parts.add(tok.ent_id_ or _lemma(tok))
        if _lemma(tok) in words.subgroup_of:
            parts.add(_lemma(tok))  # "50 civilians": a part of the people counted
        if self.elided_scope:
            parts = {self.elided_scope}
        return "|".join(sorted(parts))

    # --- when ---------------------------------------------------------------------------------------
    def _as_of(self) -> tuple[str | None, str | None]:
        verb = self.verb
        if verb is None:
            return None, None
        for date in self.dates:
            start, end = int(date["start"]), int(date["end"])
            if not (verb.sent.start_char <= start < verb.sent.end_char):
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and _attached(span.root, verb):
                return str(date["date"]), str(date.get("date_end") or date["date"])
        anaphor = self._anaphoric_sentence()
        if anaphor is not None:
            for date in self.dates:
                if anaphor.start_char <= int(date["start"]) < anaphor.end_char and date.get("date_end"):
                    return str(date["date"]), str(date["date_end"])
        return None, None

    def _anchor_text(self) -> str:
        verb = self.verb
        parts: list[str] = []
        if verb is not None:
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in self.words.anchor_prepositions:
                    parts.append(_subtree_text(child))
        anaphor = self._anaphoric_sentence()
        if anaphor is not None:
            parts.append(anaphor.text)
        return " | ".join(p for p in parts if p)

    def _anaphoric_sentence(self) -> Span | None:
        """The sentence before, when the figure's clause refers to its time ("In that time ...")."""
        sent = self.span.sent
        lowered = f" {sent.text.lower()} "
        if not any(f" {a} " in lowered for a in self.words.time_anaphora) or sent.start == 0:
            return None
        return self.doc[sent.start - 1].sent

    def _clause_text(self) -> str:
        verb = self.verb
        if verb is None:
            return self.span.sent.text
        tokens = [t for t in verb.subtree if not _crosses(t, verb)]
        return " ".join(t.text for t in tokens)


CURRENCY_WORDS = frozenset(code.lower() for code in CURRENCY_CODES) | {"$", "€", "£", "¥", "dollar", "euro",
                                                                          "pound", "yen", "percent", "%", "cent"}


def _mark_breakdowns(doc: Doc, nominals: dict[int, list[dict[str, Any]]]) -> None:
    """Figures that split one count into parts share a ``breakdown`` key and have status ``part``: several
    figures on one noun ("14 Israeli and 9 foreign hostages") or on coordinated nouns with one verb
    ("81 Israelis and 23 Thais were freed")."""
    groups: list[list[dict[str, Any]]] = [claims for claims in nominals.values() if len(claims) > 1]
    for index, claims in nominals.items():
        token = doc[index]
        if token.dep_ == "conj" and token.head.i in nominals:
            head = token.head
            while head.dep_ == "conj" and head.head.i in nominals:
                head = head.head
            groups.append(nominals[head.i] + claims)
    text = doc.text
    for group in groups:
        first = min(int(c["start"]) for c in group)
        units = {str(c.get("unit") or "") for c in group}
        between = text[first:max(int(c["end"]) for c in group)].lower()
        if len(units) > 1 or _ALTERNATIVE.search(between):
            continue  # "5 km and 20 minutes", "125 or 100 migrants", "100 to 125 people": no breakdown
        for claim in group:
            if claim.get("breakdown") is None or int(str(claim["breakdown"])[1:]) > first:
                claim["breakdown"] = f"b{first}"
            if claim.get("status") in ("actual", "cumulative"):
                claim["status"] = "part"


def _shallow(claim: dict[str, Any], words: FigureWords) -> dict[str, Any]:
    """Without a parse only the counted noun is known: a frame no comparison relies on."""
    lemma = str(claim.get("predicate_lemma") or "").lower()
    return {"measure": words.measure(lemma) if lemma else None, "scope": None, "holder": None, "holder_id": None,
            "place": None, "place_id": None, "state": None, "status": "actual", "as_of": None, "as_of_end": None,
            "anchor_text": None, "breakdown": None, "frame": "shallow"}


def _dateline(token: Token) -> bool:
    """A place name in capitals opening the text's first line ("KERLIN — Rescuers pulled ..."): the
    dateline, which the parse may take for a subject."""
    sent = token.sent
    return token.i - sent.start <= 3 and token.text.isupper() and len(token.text) > 1 and any(
        t.text in ("—", "–", "-", "(", ":") for t in token.doc[token.i + 1: min(token.i + 4, sent.end)])


def _is_figure(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM" or token.tag_ == "$"


def _lemma(token: Token) -> str:
    return token.lemma_.lower() or token.lower_


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children):
        return None  # "90 civilians were wounded, as were seventeen soldiers": a clause with its own subject
    if verb.dep_ in ("xcomp", "advcl", "conj") and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)  # "The Dow fell 300 points to close at 35,100"
    return None


def _name(token: Token) -> tuple[str | None, str | None]:
    """A holder or place as (normalised text, reference id); a pronoun gives ("?", None): unknown."""
    if token.lower_ in figures().pronouns:
        return "?", None
    words = [t for t in token.subtree if t.dep_ not in ("case", "det", "punct", "prep", "pobj", "relcl", "acl",
                                                          "appos", "cc", "conj", "advmod", "amod")
             or t == token]
    words = [t for t in words if t.i <= token.i and not any(a.dep_ in ("prep", "relcl", "acl", "appos", "conj")
                                                               for a in _ancestors_to(t, token))]
    words = [t for t in words if not _dateline(t)]
    text = " ".join(t.text for t in words if t.lower_ not in ("'s", "’s", "the")).strip()
    entity_id = token.ent_id_ or next((t.ent_id_ for t in words if t.ent_id_), None) or None
    return (text or token.text), entity_id


def _ancestors_to(token: Token, top: Token) -> list[Token]:
    out, current = [], token
    while current != top and current.head != current:
        out.append(current)
        current = current.head
    return out


def _attached(token: Token, verb: Token) -> bool:
    """Whether ``token`` (a date's root) belongs to ``verb``'s clause, not to a relative or other clause."""
    current = token
    while current != verb:
        if current.dep_ in _BOUNDARIES or current.head == current:
            return False
        current = current.head
    return True


def _crosses(token: Token, verb: Token) -> bool:
    current = token
    while current != verb and current.head != current:
        if current.dep_ in _BOUNDARIES:
            return True
        current = current.head
    return False


def _subtree_text(token: Token) -> str:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1].text
