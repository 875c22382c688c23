"""The claims assembler: every extractor's rows become contract rows with exact spans and stable ids."""

from __future__ import annotations

import pytest

from claimkit import tables
from claimkit.extract.claims import checkworthiness, extract_document

ARTICLE = {"article_id": "a1", "published": "2023-12-21"}
TEXT = ("Israeli Prime Minister Benjamin Netanyahu said on Tuesday that more than 100 hostages were freed "
        "during the seven-day truce, according to the Times of Israel.")


@pytest.fixture(scope="module")
def seed_result(nlp_full, reference, seed_text):
    return extract_document(nlp_full(seed_text), {"article_id": "seed", "published": "2024-01-30"},
                            reference=reference)


@pytest.mark.parametrize("mode", ["nlp_fast", "nlp_full"])
def test_claims_rows_follow_the_contract(request, reference, mode):
    nlp = request.getfixturevalue(mode)
    doc = nlp(TEXT)
    result = extract_document(doc, ARTICLE, reference=reference)
    frame = tables.conform(result.claims, "claims")
    tables.validate(frame, "claims")
    assert set(frame["kind"]) <= set(tables.CLAIM_KINDS)
    for row in result.claims:
        assert TEXT[row["start"]:row["end"]] == row["text"]
        assert 0 <= row["checkworthiness"] <= 1
        assert row["sentence"] in TEXT
    assert len({r["claim_id"] for r in result.claims}) == len(result.claims)


def test_claim_ids_are_stable_across_runs(nlp_fast, reference):
    first = extract_document(nlp_fast(TEXT), ARTICLE, reference=reference)
    second = extract_document(nlp_fast(TEXT), ARTICLE, reference=reference)
    assert [r["claim_id"] for r in first.claims] == [r["claim_id"] for r in second.claims]


def test_mentions_carry_reference_ids_and_types(nlp_fast, reference):
    mentions = extract_document(nlp_fast(TEXT), ARTICLE, reference=reference).mentions
    by_text = {m["text"]: m for m in mentions}
    assert by_text["Benjamin Netanyahu"]["entity_type"] == "person"
    assert by_text["Benjamin Netanyahu"]["origin"] == "reference"
    assert by_text["the Times of Israel"]["entity_type"] == "outlet"
    for m in mentions:
        assert TEXT[m["start"]:m["end"]] == m["text"]


@pytest.mark.model
def test_seed_reference_date_and_its_warning(seed_result):
    assert seed_result.reference_date.startswith("2023-12")
    assert len(seed_result.warnings) == 1 and "2024-01-30" in seed_result.warnings[0]


@pytest.mark.model
def test_seed_spans_are_exact_and_inside_the_text(seed_result, seed_text):
    for row in seed_result.claims + seed_result.mentions:
        assert 0 <= row["start"] < row["end"] <= len(seed_text)
        assert seed_text[row["start"]:row["end"]] == row["text"]


def test_a_text_close_to_its_stamp_gets_no_warning(nlp_fast, reference):
    text = "Talks resumed in Cairo on 20 December, officials said."
    result = extract_document(nlp_fast(text), {"article_id": "b", "published": "2023-12-21"}, reference=reference)
    assert result.reference_date == "2023-12-20"
    assert result.warnings == []


@pytest.mark.parametrize(
    ("row", "higher_than"),
    [
        ({"kind": "quantity", "qualifier": "exact", "start": 5, "end": 8}, {"kind": "event_date", "start": 5, "end": 8}),
        ({"kind": "role", "subject_id": "person/x", "start": 0, "end": 4}, {"kind": "role", "start": 0, "end": 4}),
    ],
)
def test_checkworthiness_prefers_specific_linked_claims(row, higher_than):
    assert checkworthiness(row, rows_in_sentence=[]) > checkworthiness(higher_than, rows_in_sentence=[])


def test_checkworthiness_rewards_attributed_figures():
    figure = {"kind": "quantity", "qualifier": "more_than", "start": 10, "end": 20}
    attribution = {"kind": "attribution", "start": 0, "end": 40}
    assert checkworthiness(figure, rows_in_sentence=[figure, attribution]) > checkworthiness(
        figure, rows_in_sentence=[figure])
