"""Numbers written as numerals and as English words, and what is not a number."""

from __future__ import annotations

import math
import re

import pytest

from claimkit.errors import ExtractionWarning
from claimkit.extract.numbers import HAS_NUMBER_RE, find_numbers, may_hold_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("240", 240.0),
        ("2,500", 2500.0),
        ("1,500,000", 1_500_000.0),
        ("3.75", 3.75),
        ("0.5", 0.5),
        ("1.5 million", 1_500_000.0),
        ("2 billion", 2e9),
        ("40 thousand", 40_000.0),
        ("0.5k", 500.0),
        ("€10M"[1:], 10_000_000.0),
        ("5bn", 5e9),
        ("3 mln", 3e6),
        ("4e14", 4e14),
        ("-1e-3", -0.001),
        ("2 1/2", 2.5),
        ("1/40", 0.025),
        ("3/4", 0.75),
        ("three", 3.0),
        ("Seven", 7.0),
        ("twelve", 12.0),
        ("twenty-one", 21.0),
        ("twenty one", 21.0),
        ("ninety-nine", 99.0),
        ("a hundred", 100.0),
        ("a hundred and two", 102.0),
        ("one hundred and twenty", 120.0),
        ("two thousand three hundred", 2300.0),
        ("three million", 3e6),
        ("a dozen", 12.0),
        ("two dozen", 24.0),
        ("half a dozen", 6.0),
        ("half a million", 500_000.0),
        ("half", 0.5),
        ("two and a half", 2.5),
        ("one and a half million", 1_500_000.0),
        ("a third", 1 / 3),
        ("two-thirds", 2 / 3),
        ("three quarters", 0.75),
        ("one-half", 0.5),
        ("2.48×10−5", 2.48e-5),
        ("10 000", 10_000.0),
        ("1 500 000", 1_500_000.0),
        ("three million, two hundred & forty", 3_000_240.0),
        ("two hundred & six", 206.0),
        ("2½", 2.5),
        ("½", 0.5),
        ("¾", 0.75),
    ],
)
def test_numbers_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "dozens",  # vague: no single value
        "hundreds of thousands",
        "seventh",  # ordinal
        "7th",
        "1960s",
        "COVID-19",
        "one two",  # two numbers, not one
        "nineteen eighty-four",
        "1,5",  # not an English numeral
        "20.12.2023",
        "10:30",
        "the",
        "5 people",
    ],
)
def test_numbers_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dozens of people", [("dozens", 24.0, "vague")]),
        ("hundreds of thousands fled", [("hundreds of thousands", 200_000.0, "vague")]),
        ("tens of thousands", [("tens of thousands", 20_000.0, "vague")]),
        ("several hundred soldiers", [("several hundred", 300.0, "vague")]),
        ("a few thousand", [("a few thousand", 2000.0, "vague")]),
        ("thousands protested", [("thousands", 2000.0, "vague")]),
        ("between two and three", [("two", 2.0, "words"), ("three", 3.0, "words")]),
        ("a seven-day truce", [("seven", 7.0, "words")]),
        ("I want a hundred and two of those", [("a hundred and two", 102.0, "words")]),
        ("two-thirds of voters", [("two-thirds", 2 / 3, "fraction")]),
        ("On October 7 250 people", [("7", 7.0, "numeral"), ("250", 250.0, "numeral")]),
        ("call 020 7946 0000", [("020", 20.0, "numeral"), ("7946", 7946.0, "numeral"), ("0000", 0.0, "numeral")]),
        ("a million, two were missing", [("a million", 1e6, "words"), ("two", 2.0, "words")]),
        ("1 000-2 000 officers", [("1 000", 1000.0, "numeral"), ("2 000", 2000.0, "numeral")]),
    ],
)
def test_numbers_find_numbers(text: str, expected: list[tuple[str, float, str]]) -> None:
    found = [(text[m.start : m.end], m.value, m.kind) for m in find_numbers(text)]
    assert [(t, k) for t, _, k in found] == [(t, k) for t, _, k in expected]
    assert [v for _, v, _ in found] == pytest.approx([v for _, v, _ in expected])


@pytest.mark.parametrize(
    "text",
    [
        "on the 20th",
        "the 1st and 2nd rounds",
        "the 1960s",
        "COVID-19 and F-16",
        "the G7 summit",
        "updated on 2024-01-30",
        "at 10:30",
        "open 24/7",
        "the 9/11 attacks",
        "on 12/25",
        "MACS J1149.5+6663",
        "version 3.5.1",
        "SCP 06F6",
    ],
)
def test_numbers_find_numbers_skips_codes_dates_and_ordinals(text: str) -> None:
    assert find_numbers(text) == []


def test_numbers_find_numbers_keeps_glued_unit_for_the_caller() -> None:
    (m,) = find_numbers("4km")
    assert (m.value, m.suffix) == (4.0, "km")


def test_numbers_find_numbers_marks_dash_joined_second_figure() -> None:
    first, second = find_numbers("5-10 people")
    assert (first.value, first.dash_joined, second.value, second.dash_joined) == (5.0, False, 10.0, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No figures here at all.", False),
        ("Often, attention wanes.", False),  # "ten" inside a word is no number word
        ("Talks lasted 3 days.", True),
        ("Twenty-one people came.", True),
        ("Hundreds gathered.", True),
        ("Half the town fled.", True),
        ("It took ½ an hour.", True),
    ],
)
def test_numbers_may_hold_number(text: str, expected: bool) -> None:
    assert may_hold_number(text) is expected
    assert (HAS_NUMBER_RE.search(text) is not None) is expected



@pytest.mark.parametrize(
    ("text", "skipped"),
    [("1e400 people and 12 tanks", "1e400"), ("2.5e-400 dollars and 12 tanks", "2.5e-400"),
     ("3 x 10^400 cells and 12 tanks", "3×10^400"), ("9" * 120 + " and 12 tanks", "9" * 20 + "…"),
     ("1" + " 000" * 120 + " and 12 tanks", "1" * 1)],
)
def test_numbers_out_of_range_is_skipped_with_a_warning(text: str, skipped: str) -> None:
    """A number no float holds costs that number (with an ExtractionWarning), never the others."""
    with pytest.warns(ExtractionWarning, match="skipped"):
        found = find_numbers(text)
    assert [text[m.start : m.end] for m in found][-1] == "12" and all(math.isfinite(m.value) for m in found)
    with pytest.warns(ExtractionWarning, match=re.escape(f"'{skipped}")):
        find_numbers(text)


@pytest.mark.parametrize("text", ["10²", "5¹", "x²"])
def test_numbers_superscripts_are_not_numbers_to_read(text: str) -> None:
    assert parse_number(text) is None
