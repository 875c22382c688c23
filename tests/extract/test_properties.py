"""Property tests (hypothesis): on any text, news-like or not, no extractor raises and every span it
returns points exactly into the text. Texts are drawn from words that wake each extractor up (figures,
dates, units, reporting verbs, names, quote marks) mixed with odd characters and plain random text;
the fast pipeline parses them (tokens and sentences are what the extractors read)."""

from __future__ import annotations

import math
import warnings
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkit.errors import ExtractionWarning
from claimkit.extract.attributions import extract_attributions
from claimkit.extract.claims import extract_document
from claimkit.extract.dates import extract_dates, infer_reference_date
from claimkit.extract.numbers import find_numbers, parse_number
from claimkit.extract.quantities import extract_quantities
from claimkit.extract.quotes import extract_quotes
from claimkit.extract.roles import extract_roles
from claimkit.nlp import parse

WORDS = [
    # figures, as news and scrapers write them
    "12", "1,500", "10 000", "2.5", "1e400", "1e-400", "3 x 10^400", "10²", "5¹", "½", "2¾", "٣٤", "9" * 60,
    "more than", "about", "at least", "up to", "nearly", "between", "and", "to", "-", "–", "%", "per cent",
    "million", "billion", "dozens", "hundreds of", "two hundred and", "twenty-one", "a third", "half",
    # dates and durations
    "on", "3 May 2024", "20 December", "December 20", "2023-12-20", "20/12/2023", "Monday", "last week",
    "two weeks and", "three days", "ago", "later", "before", "after", "since", "next year", "early January",
    "2023", "the 20th", "Q3", "mid-2024", "25:00", "30 February", "the 70th day", "for three days from",
    # units and things counted
    "people", "hostages", "tanks", "km", "dollars", "$", "€5bn", "tonnes", "days", "weeks",
    # attributions, roles, names
    "said", "told", "according to", "reported", "officials", "Netanyahu", "Mohammed bin Salman", "Qatar",
    "Prime Minister", "of Qatar", "the head of", "Mossad", "Haaretz", "Israeli newspaper", "Novaya Izvestia",
    "the Times", "he", "who", "as saying",
    # marks and odd characters
    '"', "“", "”", "'", "‘", "’", "(", ")", "**", "...", "\u2028", "\u0085", "\u202e", "\u200b", "é", "e\u0301",
    "\U0001F600", "\t", "\x1b[31m", "<script>", "&amp;",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "", "\r\n", "; "]
SPANS = (("start", "end"), ("source_start", "source_end"), ("cue_start", "cue_end"),
         ("object_start", "object_end"))

news = st.lists(st.tuples(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), st.sampled_from(SEPARATORS)),
                min_size=10, max_size=150).map(lambda parts: "".join(word + sep for word, sep in parts))
texts = st.one_of(news, st.text(max_size=300))
PROPERTY = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANCHOR = date(2024, 1, 10)


def assert_exact(rows: list[dict], text: str) -> None:
    """Every span of every row lies in the text (start < end for the claim) and its text is the slice."""
    for row in rows:
        for start_key, end_key in SPANS:
            start, end = row.get(start_key), row.get(end_key)
            if start is None and end is None and start_key != "start":
                continue
            assert start is not None and end is not None and 0 <= start <= end <= len(text), (start_key, row)
        assert row["start"] < row["end"], row
        if "text" in row:
            assert row["text"] == text[row["start"] : row["end"]], row


@pytest.fixture(scope="module")
def doc_of(nlp_fast):
    def make(text: str):
        (doc,) = parse(nlp_fast, [text])
        assert doc.text == text
        return doc

    return make


@pytest.fixture(autouse=True)
def _bad_numbers_are_warnings_only():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExtractionWarning)
        yield


@PROPERTY
@given(text=texts)
def test_properties_numbers(text: str) -> None:
    for mention in find_numbers(text):
        assert 0 <= mention.start < mention.end <= len(text) and math.isfinite(mention.value)
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@PROPERTY
@given(text=texts)
def test_properties_quantities(doc_of, text: str) -> None:
    rows = extract_quantities(doc_of(text))
    assert_exact(rows, text)
    assert all(row.get("value") is None or math.isfinite(row["value"]) for row in rows)


@PROPERTY
@given(text=texts)
def test_properties_dates(doc_of, text: str) -> None:
    doc = doc_of(text)
    assert_exact(extract_dates(doc, anchor=ANCHOR), text)
    infer_reference_date(doc, published=ANCHOR)
    infer_reference_date(doc, published=None)


@PROPERTY
@given(text=texts)
def test_properties_attributions(doc_of, reference, text: str) -> None:
    assert_exact(extract_attributions(doc_of(text), reference=reference), text)


@PROPERTY
@given(text=texts)
def test_properties_quotes(doc_of, reference, text: str) -> None:
    assert_exact(extract_quotes(doc_of(text), reference=reference), text)


@PROPERTY
@given(text=texts)
def test_properties_roles(doc_of, reference, text: str) -> None:
    assert_exact(extract_roles(doc_of(text), reference=reference), text)


@PROPERTY
@given(text=texts, published=st.sampled_from([None, "2024-01-10", "2023-12"]))
def test_properties_assembled_claims(doc_of, reference, text: str, published: str | None) -> None:
    result = extract_document(doc_of(text), {"article_id": "a", "published": published}, reference=reference)
    assert_exact(result.claims, text)
    assert_exact(result.mentions, text)


@pytest.mark.model
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=news)
def test_properties_assembled_claims_full_model(nlp_full, reference, text: str) -> None:
    """The same with the statistical model: dependency parses and model entities reach other code."""
    (doc,) = parse(nlp_full, [text])
    result = extract_document(doc, {"article_id": "a", "published": "2024-01-10"}, reference=reference)
    assert_exact(result.claims, text)
    assert_exact(result.mentions, text)
