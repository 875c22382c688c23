"""Role extraction: titles before and after names, coordination, redaction; our wordings and the seed."""

from __future__ import annotations

import pytest
import spacy

from claimkit.extract.roles import extract_roles
from claimkit.nlp import build_pipeline
from claimkit.reference import Reference
from reference_fakes import entity, role, make_reference

# A small reference of our own (not the project's data), so the rules are tested on any reference.
ENTITIES = [
    entity("country/israel", "Israel", "", "Israeli"),
    entity("country/qatar", "Qatar", "", "Qatari"),
    entity("country/us", "United States", "US|U.S.", "US|U.S.|American"),
    entity("org/mossad", "Mossad", "the Mossad", "", "country/israel"),
    entity("org/cia", "CIA", "Central Intelligence Agency|US intelligence service", "", "country/us"),
    entity("org/hamas", "Hamas", "", "", ""),
    entity("person/benjamin_netanyahu", "Benjamin Netanyahu", "Netanyahu"),
    entity("person/yoav_gallant", "Yoav Gallant", "Gallant"),
    entity("person/mohammed_bin_abdulrahman_al_thani", "Mohammed bin Abdulrahman Al Thani"),
    entity("person/david_barnea", "David Barnea", "Barnea"),
    entity("person/william_burns", "William Burns", "Burns"),
    entity("person/ismail_haniyeh", "Ismail Haniyeh", "Haniyeh"),
    entity("person/antony_blinken", "Antony Blinken", "Blinken"),
    entity("person/lloyd_austin", "Lloyd Austin", "Austin"),
    entity("person/isaac_herzog", "Isaac Herzog", "Herzog"),
    entity("person/dana_roe", "Dana Roe", "Roe"),
]
ROLES = [
    role("role/prime_minister", "prime minister|premier"),
    role("role/foreign_minister", "foreign minister|minister of foreign affairs"),
    role("role/defence_minister", "defence minister|defense minister"),
    role("role/director", "director|head|chief"),
    role("role/leader", "leader"),
    role("role/secretary_of_state", "secretary of state"),
    role("role/secretary_of_defense", "secretary of defense|defense secretary"),
    role("role/president", "president"),
    role("role/mayor", "mayor"),
]


@pytest.fixture(scope="module")
def small_reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return make_reference(ENTITIES, ROLES, tmp_path_factory.mktemp("role_reference"))


@pytest.fixture(scope="module")
def nlp_model(small_reference: Reference):
    return build_pipeline(small_reference, fast=False)


@pytest.fixture(scope="module")
def nlp_surface(small_reference: Reference):
    return build_pipeline(small_reference, fast=True)


def _check_spans(doc, claims: list[dict]) -> None:
    text = doc.text
    for c in claims:
        assert c["kind"] == "role"
        assert c["text"] == text[c["start"] : c["end"]]
        assert c["subject"] == text[c["subject_start"] : c["subject_end"]]
        assert c["start"] <= c["subject_start"] < c["subject_end"] <= c["end"]
        if c["predicate"] is not None:
            assert c["predicate"] == text[c["predicate_start"] : c["predicate_end"]]
            assert c["start"] <= c["predicate_start"] < c["predicate_end"] <= c["end"]
        if c["object"] is not None:
            assert c["object"] == text[c["object_start"] : c["object_end"]]


def _row(c: dict) -> tuple:
    return (c["subject"], c["predicate"], c["object"])


def _assert_roles(doc, claims: list[dict], expected: list[tuple]) -> None:
    """expected: (subject, predicate, object, {other fields})."""
    _check_spans(doc, claims)
    assert sorted(map(_row, claims), key=str) == sorted([e[:3] for e in expected], key=str)
    for subject, predicate, obj, extra in expected:
        claim = next(c for c in claims if _row(c) == (subject, predicate, obj))
        for key, value in extra.items():
            assert claim[key] == value, (key, claim)


# (text, expected: (subject, predicate as written, object as written, {field: value}))
CASES = [
    (
        "Netanyahu, the prime minister of Israel, said on Monday that talks were over.",
        [("Netanyahu", "prime minister", "Israel", {"role_id": "role/prime_minister", "object_id": "country/israel",
                                                    "subject_id": "person/benjamin_netanyahu",
                                                    "text": "Netanyahu, the prime minister of Israel"})],
    ),
    (
        "Benjamin Netanyahu, Israel's prime minister, spoke to reporters.",
        [("Benjamin Netanyahu", "prime minister", "Israel", {"object_id": "country/israel"})],
    ),
    (
        "Qatar's prime minister, Mohammed bin Abdulrahman Al Thani, hosted the talks.",
        [("Mohammed bin Abdulrahman Al Thani", "prime minister", "Qatar",
          {"subject_id": "person/mohammed_bin_abdulrahman_al_thani", "object_id": "country/qatar"})],
    ),
    (
        "The talks were led by prime minister Netanyahu and the defence minister, Yoav Gallant.",
        [
            ("Netanyahu", "prime minister", None, {"role_id": "role/prime_minister"}),
            ("Yoav Gallant", "defence minister", None, {"role_id": "role/defence_minister"}),
        ],
    ),
    (
        "Barnea, the Mossad chief, flew to Doha.",
        [("Barnea", "chief", "Mossad", {"role_id": "role/director", "object_id": "org/mossad"})],
    ),
    (
        "David Barnea, who is the head of Mossad, flew to Doha.",
        [("David Barnea", "head", "Mossad", {"object_id": "org/mossad"})],
    ),
    (
        "Prime Minister Benjamin Netanyahu of Israel met the press.",
        [("Benjamin Netanyahu", "Prime Minister", "Israel",
          {"text": "Prime Minister Benjamin Netanyahu of Israel"})],
    ),
    (
        "Former Prime Minister Netanyahu spoke.",
        [("Netanyahu", "Prime Minister", None, {"title_qualifier": "former", "role_id": "role/prime_minister"})],
    ),
    (
        "The Qatari Foreign Minister Mohammed bin Abdulrahman Al Thani arrived.",
        [("Mohammed bin Abdulrahman Al Thani", "Foreign Minister", "Qatari",
          {"descriptor": "Qatari", "object_id": "country/qatar", "role_id": "role/foreign_minister"})],
    ),
    (
        "Burns is the director of the CIA.",
        [("Burns", "director", "CIA", {"object_id": "org/cia"})],
    ),
    (
        "Hamas's political leader Ismail Haniyeh rejected the offer.",
        [("Ismail Haniyeh", "political leader", "Hamas", {"role_id": "role/leader", "object_id": "org/hamas"})],
    ),
    (
        "Antony Blinken, the US secretary of state, visited Cairo.",
        [("Antony Blinken", "secretary of state", "US",
          {"role_id": "role/secretary_of_state", "object_id": "country/us"})],
    ),
    (
        "Secretary of State Blinken and Defense Secretary Austin flew to Israel.",
        [
            ("Blinken", "Secretary of State", None, {"role_id": "role/secretary_of_state"}),
            ("Austin", "Defense Secretary", None, {"role_id": "role/secretary_of_defense"}),
        ],
    ),
    (
        "The minister of foreign affairs of Qatar, Mohammed bin Abdulrahman Al Thani, spoke.",
        [("Mohammed bin Abdulrahman Al Thani", "minister of foreign affairs", "Qatar",
          {"role_id": "role/foreign_minister"})],
    ),
    (
        "Deputy Prime Minister Yoav Gallant resigned.",  # a deputy is not the prime minister
        [("Yoav Gallant", "Deputy Prime Minister", None, {"role_id": None})],
    ),
    (
        "Israeli Prime Minister Benjamin Netanyahu and Defense Minister Gallant met the envoy.",
        [
            ("Benjamin Netanyahu", "Prime Minister", "Israeli", {"object_id": "country/israel"}),
            ("Gallant", "Defense Minister", None, {"object_id": None}),  # no object carried over
        ],
    ),
    (
        "Barnea met the head of the US intelligence service, Burns, in Doha.",
        [("Burns", "head", "US intelligence service", {"object_id": "org/cia", "descriptor": "US"})],
    ),
    (
        "Critics of President Dana Roe gathered outside.",
        [("Dana Roe", "President", None, {"text": "President Dana Roe"})],
    ),
    (
        "The mayoral race was won by Dana Roe, the party's nominee for mayor.",  # a nominee holds no office
        [],
    ),
    ("They met Netanyahu and Gallant in Tel Aviv.", []),
    ("The Hamas leader and the Mossad chief did not meet.", []),  # no person named
    (
        "Israel** Herzog said the country was ready.",  # the title was redacted: none is invented
        [("Herzog", None, "Israel", {"redacted": True, "role_id": None, "subject_id": "person/isaac_herzog"})],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,expected", CASES)
def test_roles_parsed(nlp_model, small_reference, text: str, expected: list[tuple]) -> None:
    doc = nlp_model(text)
    _assert_roles(doc, extract_roles(doc, reference=small_reference), expected)


SURFACE_CASES = [
    (
        "Netanyahu, the prime minister of Israel, said so.",
        [("Netanyahu", "prime minister", "Israel", {"role_id": "role/prime_minister"})],
    ),
    (
        "Hamas leader Ismail Haniyeh led the delegation.",
        [("Ismail Haniyeh", "leader", "Hamas", {"object_id": "org/hamas"})],
    ),
    (
        "Secretary of Defense Austin and Qatar's prime minister, Mohammed bin Abdulrahman Al Thani, met.",
        [
            ("Austin", "Secretary of Defense", None, {"role_id": "role/secretary_of_defense"}),
            ("Mohammed bin Abdulrahman Al Thani", "prime minister", "Qatar", {"object_id": "country/qatar"}),
        ],
    ),
    ("Israel** Herzog spoke.", [("Herzog", None, "Israel", {"redacted": True})]),
]


@pytest.mark.parametrize("text,expected", SURFACE_CASES)
def test_roles_surface(nlp_surface, small_reference, text: str, expected: list[tuple]) -> None:
    doc = nlp_surface(text)
    assert not doc.has_annotation("DEP")
    _assert_roles(doc, extract_roles(doc, reference=small_reference), expected)


def test_roles_without_reference_or_entities() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert extract_roles(nlp("Prime Minister Smith spoke. ** , and of the")) == []


# --------------------------------------------------------------------------------------------------
# The seed article, with the project's pipeline and reference
# --------------------------------------------------------------------------------------------------
SEED_MUST_HAVE = [
    # (subject_id, predicate as written, role_id, object_id)
    ("person/mohammed_bin_salman", "Prime Minister", "role/prime_minister", "country/qatar"),
    ("person/mohammed_bin_salman", "Foreign Minister", "role/foreign_minister", "country/qatar"),
    ("person/david_barnea", "head", "role/director", "org/mossad"),
    ("person/william_burns", "head", "role/director", "org/cia"),
    ("person/ismail_haniyeh", "leader", "role/political_leader", "org/hamas"),
    ("person/isaac_herzog", None, None, "country/israel"),
    ("person/benjamin_netanyahu", "Prime Minister", "role/prime_minister", "country/israel"),
    ("person/yoav_gallant", "Defense Minister", "role/defence_minister", None),
    ("person/jake_sullivan", "U.S. Affairs Assistant", None, None),
    ("person/lloyd_austin", "Secretary of Defense", "role/secretary_of_defense", None),
    ("person/antony_blinken", "Secretary of State", "role/secretary_of_state", "country/us"),
]


@pytest.fixture(scope="module")
def seed_roles_full(nlp_full, reference, seed_text):
    doc = nlp_full(seed_text)
    return doc, extract_roles(doc, reference=reference)


def _seed_has(claims, subject_id, predicate, role_id, object_id) -> bool:
    return any(
        c["subject_id"] == subject_id
        and c["predicate"] == predicate
        and c["role_id"] == role_id
        and c["object_id"] == object_id
        for c in claims
    )


@pytest.mark.model
@pytest.mark.parametrize("subject_id,predicate,role_id,object_id", SEED_MUST_HAVE)
def test_roles_seed_full(seed_roles_full, subject_id, predicate, role_id, object_id) -> None:
    doc, claims = seed_roles_full
    _check_spans(doc, claims)
    assert _seed_has(claims, subject_id, predicate, role_id, object_id), [
        (c["subject"], c["predicate"], c["object"]) for c in claims
    ]


@pytest.mark.model
def test_roles_seed_spans(seed_roles_full) -> None:
    _, claims = seed_roles_full
    texts = {c["text"] for c in claims}
    assert "Prime Minister and Foreign Minister of Qatar Mohammed bin Salman" in texts
    assert "Israel** Herzog" in texts
    herzog = next(c for c in claims if c["subject"] == "Herzog")
    assert herzog["redacted"] and herzog["predicate"] is None


@pytest.mark.parametrize("subject_id,predicate,role_id,object_id", SEED_MUST_HAVE)
def test_roles_seed_fast(nlp_fast, reference, seed_text, subject_id, predicate, role_id, object_id) -> None:
    doc = nlp_fast(seed_text)
    claims = extract_roles(doc, reference=reference)
    _check_spans(doc, claims)
    assert _seed_has(claims, subject_id, predicate, role_id, object_id)
