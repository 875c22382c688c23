"""Outlets described with the wrong country: "the Israeli newspaper Novaya Izvestia" (a Russian paper).

Two sources of descriptions, each checked against the outlet's country in the reference:

* every mention of a reference outlet (``mentions``) with a country word right before it, alone or
  before a word for a medium ("Saudi broadcaster Al Jazeera", "Egypt's Al-Ahram", "the Israeli daily
  Haaretz"), or in an apposition right after it ("Novaya Izvestia, a Russian newspaper,");
* every attribution claim whose ``attributed_to_id`` is an outlet and whose descriptor names a country
  (``descriptor_country_id``, else the reference's reading of ``descriptor``), unless a mention already
  gave the same finding.

The outlet id decides, so look-alikes stay apart (The Times is British, The Times of Israel Israeli);
and when a longer outlet name that starts with the written one stands right there ("The Times of
Israel" read as "The Times"), the link is doubtful and nothing is said. Severity: high when the written
name itself resolves to the outlet, medium when the link came from elsewhere ("the paper").

With layers, an outlet may have several countries (a paper of the Soviet Union and of Russia), a
country may be part of another (Northern Ireland in the United Kingdom): any of them fits. A name
that several outlets share ("The Guardian" of London and of Lagos) links to none of them, and one a
layer also gives to another outlet ("The Times") is never accused; the explanation names the layer's source (Wikidata) when the outlet comes from one.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import pandas as pd

from ..reference import Entity, Reference, normalize_name
from ._common import ArticleContext, article_contexts, claim_sentence, finding, quote, records, to_frame

# Words for a kind of outlet and its usual modifiers, as news writes them before or after a name.
MEDIA_WORDS = frozenset("""daily newspaper paper tabloid weekly magazine publication broadcaster channel network
    television tv radio station agency wire service site website portal outlet media news""".split())
_MODIFIER = re.compile(r"^(?:[\w-]+-language|state(?:-run|-owned)?|pro-[\w-]+|public|private|leading|popular|"
                       r"liberal|conservative|independent|online|main|major|local|national)$", re.I)
_MEDIA = (r"(?:daily|newspaper|paper|tabloid|weekly|magazine|publication|broadcaster|channel|network|television|tv|"
          r"radio|station|agency|wire service|site|website|portal|outlet)")
# "NAME, a/an/the <country word> [modifiers] medium"
_AFTER = re.compile(
    rf"^\s*,\s+(?:an?|the)\s+(?P<desc>[\w.'’-]+(?:\s+[\w.'’-]+)?)\s+(?:[\w-]+\s+){{0,2}}?{_MEDIA}\b", re.I
)
_WORD = re.compile(r"[\w.'’-]+")

_MEDIUM_WORD = {"newspaper": "newspaper", "tv": "television channel", "radio": "radio station",
                "agency": "news agency", "website": "news website"}


def find_outlet_conflicts(articles: pd.DataFrame, claims: pd.DataFrame, reference: Reference, *,
                          mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Findings of kind ``outlet_conflict``: outlets given a country they do not belong to."""
    contexts = article_contexts(articles)
    by_mention = list(_from_mentions(contexts, mentions, reference))  # (row, outlet id)
    rows: list[dict[str, Any]] = [row for row, _ in by_mention]
    for claim in records(claims):
        if claim.get("kind") != "attribution" or claim.get("start") is None:
            continue
        context = contexts.get(str(claim.get("article_id")))
        outlet = reference.entities.get(str(claim.get("attributed_to_id") or ""))
        if context is None or outlet is None or outlet.type != "outlet" or not outlet.country:
            continue
        said = _described_country(claim, reference)
        if said is None or _fits_country(said, outlet, reference):
            continue
        sentence, _ = claim_sentence(claim, context)
        written = str(claim.get("attributed_to") or outlet.name)
        if _look_alike(written, outlet, sentence, reference) or _shared(written, outlet, reference):
            continue
        start, end = _evidence(claim, context)
        same = [row for row, outlet_id in by_mention if outlet_id == outlet.id
                and row["article_id"] == context.article_id and row["start"] < end and start < row["end"]]
        if same:  # the mention already gave this finding: link it to the claim
            same[0]["claim_id"] = same[0]["claim_id"] or claim.get("claim_id")
            continue
        resolved = reference.resolve(str(claim.get("attributed_to") or ""))
        severity = "high" if resolved is not None and resolved.id == outlet.id else "medium"
        rows.extend(_row(context, start, end, outlet, said, str(claim.get("descriptor") or ""), reference,
                         severity=severity, claim_id=claim.get("claim_id")))
    return to_frame(rows)


def _from_mentions(contexts: dict[str, ArticleContext], mentions: pd.DataFrame | None,
                   reference: Reference) -> Iterator[tuple[dict[str, Any], str]]:
    """Country words written right next to a mention of an outlet: (finding, outlet id)."""
    for mention in records(mentions):
        outlet = reference.entities.get(str(mention.get("entity_id") or ""))
        context = contexts.get(str(mention.get("article_id")))
        if outlet is None or outlet.type != "outlet" or not outlet.country or context is None:
            continue
        if mention.get("start") is None or mention.get("end") is None:
            continue
        m_start, m_end = int(mention["start"]), int(mention["end"])
        text = context.text
        found = _described_by(text, m_start, m_end, reference)
        if found is None:
            continue
        said, start, end, words = found
        if _fits_country(said, outlet, reference):
            continue
        name = text[m_start:m_end]
        if _look_alike(name, outlet, text[m_start: m_end + 40], reference) or _shared(name, outlet, reference):
            continue
        resolved = reference.resolve(name)
        severity = "high" if resolved is not None and resolved.id == outlet.id else "medium"
        for row in _row(context, start, end, outlet, said, words, reference, severity=severity, claim_id=None):
            yield row, outlet.id


def _fits_country(said: Entity, outlet: Entity, reference: Reference) -> bool:
    """The described country is one of the outlet's (or contains it, or is part of it: "British" for a
    Belfast paper)."""
    return any(reference.same_country(said.id, country) for country in outlet.all_countries)


def _described_by(text: str, start: int, end: int, reference: Reference) -> tuple[Entity, int, int, str] | None:
    """(country, evidence start, evidence end, the country words) written right before or after a name."""
    before = _words_before(text, start)
    while before and (before[-1][0].lower() in MEDIA_WORDS or _MODIFIER.match(before[-1][0])):
        before.pop()  # "... Israeli [Hebrew-language] [daily]" NAME
    if before:
        desc_at = before[-2][1] if len(before) >= 2 else before[-1][1]
        desc = text[desc_at: before[-1][1] + len(before[-1][0])]
        for words, at in _candidates(desc, desc_at):
            country = reference.country_for_adjective(words)
            if country is not None:
                return country, at, end, words
    after = _AFTER.match(text[end: end + 80])
    if after is not None:
        for words, _ in _candidates(after.group("desc"), 0):
            country = reference.country_for_adjective(words)
            if country is not None:
                return country, start, end + after.end(), words
    return None


def _words_before(text: str, start: int) -> list[tuple[str, int]]:
    """Up to six words right before ``start``, joined by spaces only (no punctuation between them)."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 80)
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text, line_start, start)]
    out: list[tuple[str, int]] = []
    edge = start
    for word, at in reversed(words[-6:]):
        if text[at + len(word): edge].strip() or not any(ch.isalnum() for ch in word):
            break  # punctuation between this word and the next, or a dash standing alone: the phrase ends
        out.insert(0, (word, at))
        edge = at
    return out


def _candidates(desc: str, at: int) -> list[tuple[str, int]]:
    """The last word, then the last two words, of a descriptor, with their offsets; a word that ends a
    sentence ("in Israel. Al Jazeera said") is no descriptor, and "Qatar-based" reads as "Qatar"."""
    parts = desc.split()
    out: list[tuple[str, int]] = []
    if len(parts) == 2:
        out.append((parts[1], at + desc.index(parts[1], len(parts[0]))))
        if not _ends_sentence(parts[0]):
            out.append((desc, at))
    else:
        out.append((desc, at))
    cleaned = []
    for words, where in out:
        if _ends_sentence(words.split()[-1]):
            continue
        cleaned.append((_SUFFIX.sub("", words), where))
    return cleaned


_SUFFIX = re.compile(r"-(?:based|owned|funded|run|backed)$", re.I)


def _ends_sentence(word: str) -> bool:
    """A word followed by a full stop that is not an initialism ("Israel." but not "U.S.")."""
    return word.endswith((".", "!", "?", ":", ";", ",")) and not re.fullmatch(r"(?:[A-Za-z]\.)+", word)


def _evidence(claim: dict[str, Any], context: ArticleContext) -> tuple[int, int]:
    """The source's name with the descriptor before it when the claim says where the source is."""
    start, end = int(claim["start"]), int(claim["end"])
    if claim.get("source_start") is None or claim.get("source_end") is None:
        return start, end
    s_start, s_end = int(claim["source_start"]), int(claim["source_end"])
    descriptor = str(claim.get("descriptor") or "")
    at = context.text.rfind(descriptor, max(0, s_start - 60), s_start) if descriptor else -1
    return (at if at != -1 else s_start), s_end


def _described_country(claim: dict[str, Any], reference: Reference) -> Entity | None:
    country_id = claim.get("descriptor_country_id")
    if country_id and country_id in reference.entities:
        return reference.entities[country_id]
    descriptor = claim.get("descriptor")
    return reference.country_for_adjective(str(descriptor)) if descriptor else None


def _shared(written: str, outlet: Entity, reference: Reference) -> bool:
    """Another outlet has the written name too (a layer knows five papers called "The Times"): the
    text may mean that one, so it is not accused."""
    return any(other.type == "outlet" and other.id != outlet.id for other in reference.candidates(written))


def _look_alike(written: str, outlet: Entity, sentence: str, reference: Reference) -> bool:
    """A longer outlet name beginning with the written name stands in the sentence: the link is doubtful."""
    key = normalize_name(written)
    haystack = f" {normalize_name(sentence)} "
    for other in reference.entities.values():
        if other.type != "outlet" or other.id == outlet.id:
            continue
        for name in (other.name, *other.aliases):
            longer = normalize_name(name)
            if longer != key and longer.startswith(key + " ") and f" {longer} " in haystack:
                return True
    return False


def _expected(outlet: Entity, reference: Reference) -> str:
    country = reference.entities.get(str(outlet.country))
    adjective = (country.adjectives[0] if country and country.adjectives else country.name if country else "?")
    return f"{adjective} {_MEDIUM_WORD.get(outlet.medium or '', 'outlet')}"


def _row(context: ArticleContext, start: int, end: int, outlet: Entity, said: Entity, words: str,
         reference: Reference, *, severity: str, claim_id: Any) -> Iterator[dict[str, Any]]:
    country = reference.entities.get(str(outlet.country))
    if country is None:
        return
    said_adjective = said.adjectives[0] if said.adjectives else said.name
    expected = _expected(outlet, reference)
    cited = f" ({reference.source_label(outlet.origin)}: {outlet.source})" if outlet.origin else ""
    yield finding(
        kind="outlet_conflict",
        severity=severity,
        context=context,
        start=start,
        end=end,
        claim_id=claim_id,
        expected=expected,
        reference_source=outlet.source,
        explanation=(
            f"{outlet.name} is {_article(expected)} {expected} (based in {country.name}{cited}), but the text calls it "
            f"{said_adjective} ({quote(context.text[start:end])}): check which outlet the report really comes from "
            "before citing it."
        ),
        key=outlet.id,
    )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
