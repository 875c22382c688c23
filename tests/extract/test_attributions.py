"""Attribution extraction: table-driven cases in our own wordings, fast mode, and the seed article."""

from __future__ import annotations

import pytest
import spacy

from claimkit.extract.attributions import extract_attributions, trim_mention
from claimkit.nlp import build_pipeline
from claimkit.reference import Reference
from reference_fakes import entity, make_reference, role

# A small reference of our own (not the project's data), so the rules are tested on any reference.
ENTITIES = [
    entity("country/russia", "Russia", "Russian Federation", "Russian"),
    entity("country/egypt", "Egypt", "", "Egyptian"),
    entity("country/uk", "United Kingdom", "UK|Britain", "British"),
    entity("country/israel", "Israel", "", "Israeli"),
    entity("country/qatar", "Qatar", "", "Qatari"),
    entity("outlet/reuters", "Reuters", "", "", "country/uk"),
    entity("outlet/haaretz", "Haaretz", "", "", "country/israel"),
    entity("outlet/izvestia", "Izvestia", "Izvestiya", "", "country/russia"),
    entity("outlet/the_times", "The Times", "Times of London", "", "country/uk"),
    entity("outlet/al_ahram", "Al-Ahram", "Al Ahram", "", "country/egypt"),
    entity("outlet/novaya_izvestia", "Novaya Izvestia", "", "", "country/russia"),
    entity("org/hamas", "Hamas", "", "", ""),
    entity("person/benjamin_netanyahu", "Benjamin Netanyahu", "Netanyahu", "", "country/israel"),
    entity("person/yoav_gallant", "Yoav Gallant", "Gallant", "", "country/israel"),
    entity("person/antony_blinken", "Antony Blinken", "Blinken"),
    entity("person/isaac_herzog", "Isaac Herzog", "Herzog", "", "country/israel"),
]
ROLES = [role("role/prime_minister", "prime minister|premier")]


@pytest.fixture(scope="module")
def small_reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return make_reference(ENTITIES, ROLES, tmp_path_factory.mktemp("attribution_reference"))


@pytest.fixture(scope="module")
def nlp_model(small_reference: Reference):
    return build_pipeline(small_reference, fast=False)


@pytest.fixture(scope="module")
def nlp_surface(small_reference: Reference):
    return build_pipeline(small_reference, fast=True)


def _check_spans(doc, claims: list[dict]) -> None:
    text = doc.text
    for c in claims:
        assert c["kind"] == "attribution"
        assert c["text"] == text[c["start"] : c["end"]]
        assert c["attributed_to"] == text[c["source_start"] : c["source_end"]]
        assert c["start"] <= c["source_start"] < c["source_end"] <= c["end"]
        assert c["start"] <= c["cue_start"] < c["cue_end"] <= c["end"]
        if c["object"] is not None:
            assert c["object"] == text[c["object_start"] : c["object_end"]]


def _by_source(claims: list[dict]) -> dict[str, dict]:
    return {c["attributed_to"]: c for c in claims}


def _assert_expected(doc, claims: list[dict], expected: list[dict]) -> None:
    _check_spans(doc, claims)
    found = _by_source(claims)
    for want in expected:
        assert want["attributed_to"] in found, (want, [c["attributed_to"] for c in claims])
        got = found[want["attributed_to"]]
        for key, value in want.items():
            if key == "cue":
                assert doc.text[got["cue_start"] : got["cue_end"]] == value
            else:
                assert got[key] == value, (key, got)
    assert len(claims) == len(expected), [c["attributed_to"] for c in claims]


# (text, expected attributions: attributed_to plus any fields to check)
PARSED_CASES = [
    (
        "According to Reuters, the talks collapsed on Monday.",
        [{"attributed_to": "Reuters", "attributed_to_id": "outlet/reuters", "predicate": "according to",
          "cue": "According to", "object": "the talks collapsed on Monday"}],
    ),
    (
        "The talks collapsed, according to two officials familiar with the matter.",
        [{"attributed_to": "two officials familiar with the matter", "attributed_to_id": None,
          "object": "The talks collapsed"}],
    ),
    (
        '"We will not give up," said Netanyahu.',
        [{"attributed_to": "Netanyahu", "attributed_to_id": "person/benjamin_netanyahu", "predicate": "say",
          "object": "We will not give up"}],
    ),
    (
        "The Israeli daily Haaretz reported on Sunday that the cabinet met overnight.",
        [{"attributed_to": "Haaretz", "attributed_to_id": "outlet/haaretz", "descriptor": "Israeli",
          "descriptor_country_id": "country/israel", "predicate": "report"}],
    ),
    (
        "Officials told Reuters that a deal was close.",  # the hearer is not the source
        [{"attributed_to": "Officials", "predicate": "tell", "object": "that a deal was close"}],
    ),
    (
        "It was reported by the BBC that the envoy had left.",
        [{"attributed_to": "the BBC", "predicate": "report"}],
    ),
    (
        "Russia's Izvestia newspaper quoted a senior diplomat as saying that the plan had failed.",
        [
            {"attributed_to": "Russia's Izvestia newspaper", "attributed_to_id": "outlet/izvestia",
             "descriptor": "Russian", "descriptor_country_id": "country/russia", "predicate": "quote"},
            {"attributed_to": "a senior diplomat", "attributed_to_id": None, "predicate": "say", "cue": "saying",
             "via": "Russia's Izvestia newspaper", "object": "that the plan had failed"},
        ],
    ),
    ("The minister added troops to the border.", []),
    ("That said, the plan has many critics.", []),
    (
        "Analysts warned that prices could rise further.",
        [{"attributed_to": "Analysts", "predicate": "warn"}],
    ),
    (
        "Egypt's state newspaper said the talks would resume next week.",
        [{"attributed_to": "Egypt's state newspaper", "descriptor": "Egyptian", "attributed_to_id": None}],
    ),
    (
        "Netanyahu has repeatedly said that the war will continue.",
        [{"attributed_to": "Netanyahu", "predicate": "say"}],
    ),
    (
        "Gallant, who told reporters that the operation would continue, left early.",
        [{"attributed_to": "Gallant", "attributed_to_id": "person/yoav_gallant", "predicate": "tell"}],
    ),
    (
        "The ministry issued a statement saying that the border was closed.",
        [{"attributed_to": "The ministry", "predicate": "say"}],
    ),
    (
        "According to Israel's **12**, the cabinet met on Sunday.",
        [{"attributed_to": "Israel's **12**", "attributed_to_id": None, "descriptor": "Israeli"}],
    ),
    (
        "According to the British newspaper The Times**, the plan was approved.",
        [{"attributed_to": "The Times", "attributed_to_id": "outlet/the_times", "descriptor": "British",
          "object": "the plan was approved"}],
    ),
    (
        "The spokesman did not say when the talks would resume.",
        [{"attributed_to": "The spokesman", "negated": True}],
    ),
    (
        "A senior Hamas official, speaking on condition of anonymity, said the group had received the offer.",
        [{"attributed_to": "A senior Hamas official", "attributed_to_id": None}],  # an official, not Hamas
    ),
    (
        "The deal is close, a source familiar with the talks told Reuters.",
        [{"attributed_to": "a source familiar with the talks", "object": "The deal is close"}],
    ),
    (
        "He was quoted by Haaretz as saying that the army was ready.",
        [
            {"attributed_to": "Haaretz", "predicate": "quote"},
            {"attributed_to": "He", "predicate": "say", "via": "Haaretz"},
        ],
    ),
    (
        "The report, citing diplomats, said the talks had stalled.",
        [
            {"attributed_to": "The report", "predicate": "say"},
            {"attributed_to": "diplomats", "predicate": "cite", "via": "The report"},
        ],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,expected", PARSED_CASES)
def test_attributions_parsed(nlp_model, small_reference, text: str, expected: list[dict]) -> None:
    doc = nlp_model(text)
    _assert_expected(doc, extract_attributions(doc, reference=small_reference), expected)


# Fast mode (no parse): surface patterns give the same keys.
SURFACE_CASES = [
    (
        "According to Reuters, the talks collapsed on Monday.",
        [{"attributed_to": "Reuters", "attributed_to_id": "outlet/reuters", "predicate": "according to"}],
    ),
    (
        "The talks collapsed, according to a senior Israeli negotiator.",
        [{"attributed_to": "a senior Israeli negotiator", "descriptor": "Israeli"}],
    ),
    (
        "Haaretz reported that the cabinet met overnight.",
        [{"attributed_to": "Haaretz", "predicate": "report", "object": "the cabinet met overnight"}],
    ),
    (
        '"We will not give up," said Netanyahu.',
        [{"attributed_to": "Netanyahu", "predicate": "say"}],
    ),
    (
        "Some analysts have pointed out that the gap is wide.",
        [{"attributed_to": "Some analysts", "predicate": "point out", "cue": "pointed out"}],
    ),
    (
        "Egypt's Al-Ahram newspaper quoted an unnamed source as saying that a deal was near.",
        [
            {"attributed_to": "Egypt's Al-Ahram newspaper", "attributed_to_id": "outlet/al_ahram",
             "descriptor": "Egyptian"},
            {"attributed_to": "an unnamed source", "predicate": "say", "via": "Egypt's Al-Ahram newspaper"},
        ],
    ),
    ("The minister added troops to the border.", []),
]


@pytest.mark.parametrize("text,expected", SURFACE_CASES)
def test_attributions_surface(nlp_surface, small_reference, text: str, expected: list[dict]) -> None:
    doc = nlp_surface(text)
    assert not doc.has_annotation("DEP")
    _assert_expected(doc, extract_attributions(doc, reference=small_reference), expected)


def test_attributions_without_reference_keep_the_shape() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("According to the Israeli newspaper Haaretz, talks resumed. Officials said so.")
    claims = extract_attributions(doc)
    assert [c["attributed_to"] for c in claims] == ["Haaretz", "Officials"]
    assert all(c["attributed_to_id"] is None for c in claims)
    _check_spans(doc, claims)


@pytest.mark.parametrize("text", ["", "   ", '" " " according to', "said", "According to", "** ** said"])
def test_attributions_degenerate_input_never_raises(nlp_surface, text: str) -> None:
    doc = nlp_surface(text)
    _check_spans(doc, extract_attributions(doc))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The Times**", "The Times"),  # marks left dangling after a complete name
        ("Israel's **18**", "Israel's **18**"),  # marks around a redacted name stay
        ("Israel** Herzog", "Herzog"),  # marks glued to a word cut a name off
        ("the agency,", "the agency"),
    ],
)
def test_trim_mention_redaction_marks(text: str, expected: str) -> None:
    doc = spacy.blank("en")(text)
    start, end = trim_mention(doc, 0, len(doc))
    assert doc[start:end].text == expected


# --------------------------------------------------------------------------------------------------
# The seed article, with the project's pipeline and reference
# --------------------------------------------------------------------------------------------------
SEED_MUST_HAVE = [
    # (attributed_to, attributed_to_id, descriptor)
    ("Egypt's Al-Ahram newspaper", "outlet/al_ahram", "Egyptian"),
    ("The Times", "outlet/the_times", "British"),
    ("Novaya Izvestia", "outlet/novaya_izvestia", "Israeli"),
    ("Israel's **18**", None, "Israeli"),
    ("an unnamed source", None, None),
    ("Analysts", None, None),
    ("Some analysts", None, None),
    ("a senior Israeli negotiator", None, "Israeli"),
    ("sources", None, None),
]


@pytest.fixture(scope="module")
def seed_claims_full(nlp_full, reference, seed_text):
    doc = nlp_full(seed_text)
    return doc, extract_attributions(doc, reference=reference)


@pytest.mark.model
@pytest.mark.parametrize("source,entity_id,descriptor", SEED_MUST_HAVE)
def test_attributions_seed_full(seed_claims_full, source: str, entity_id: str | None, descriptor: str | None) -> None:
    doc, claims = seed_claims_full
    _check_spans(doc, claims)
    matches = [c for c in claims if c["attributed_to"] == source]
    assert matches, [c["attributed_to"] for c in claims]
    assert any(c["attributed_to_id"] == entity_id and c["descriptor"] == descriptor for c in matches)


@pytest.mark.model
def test_attributions_seed_outlet_and_its_source(seed_claims_full) -> None:
    doc, claims = seed_claims_full
    unnamed = next(c for c in claims if c["attributed_to"] == "an unnamed source")
    assert unnamed["via"] == "Egypt's Al-Ahram newspaper"
    assert unnamed["object"].startswith("that Hamas and the Egyptian side")
    times = next(c for c in claims if c["attributed_to"] == "The Times")
    assert doc.text[times["cue_start"] : times["cue_end"]] == "According to"
    assert times["descriptor_country_id"] == "country/uk"


@pytest.mark.parametrize("source,entity_id,descriptor", SEED_MUST_HAVE)
def test_attributions_seed_fast(nlp_fast, reference, seed_text, source, entity_id, descriptor) -> None:
    doc = nlp_fast(seed_text)
    claims = extract_attributions(doc, reference=reference)
    _check_spans(doc, claims)
    assert any(
        c["attributed_to"] == source and c["attributed_to_id"] == entity_id and c["descriptor"] == descriptor
        for c in claims
    ), [c["attributed_to"] for c in claims]

