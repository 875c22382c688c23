"""Direct quotations: pairing of marks (messy text degrades, never raises) and linking to speakers."""

from __future__ import annotations

import pytest
import spacy

from claimkit.extract.quotes import extract_quotes, quotation_spans, quotations


@pytest.mark.parametrize(
    "text,expected",
    [
        ('He said "yes" and then "no".', ['"yes"', '"no"']),
        ("She called it “a disgrace” on Monday.", ["“a disgrace”"]),
        ('An odd "mark here and "a pair" later', ['"a pair"']),
        ('Stray close" then "a quote"', ['"a quote"']),
        ('A 12" pipe and a "quoted" word', ['"quoted"']),
        ("“a” ”b” “c", ["“a”"]),
        ('Open "here\n\nand" not closed across a blank line "ok"', ['"ok"']),
        ("Plain text without any marks.", []),
        ("", []),
        ('"', []),
        ("The 'low-intensity' phase, the players' union and don't", ["'low-intensity'"]),
        ("It was ‘forced’, she said, and it wasn’t.", ["‘forced’"]),
    ],
)
def test_quotation_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quotation_spans(text)] == expected


def test_quotations_across_paragraphs_are_flagged_unclosed() -> None:
    text = 'He said, "We played well in the first half.\n\nThen we lost our focus and the game."\n\nEnd.'
    found = quotations(text)
    assert [(text[q.start : q.end], q.unclosed) for q in found] == [
        ('"We played well in the first half.', True),
        ('Then we lost our focus and the game."', True),
    ]


def test_extract_quotes_on_a_fast_doc_with_odd_marks() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp('He said "never again". Then a stray " mark. Officials said it was "over".')
    claims = extract_quotes(doc)
    assert [c["text"] for c in claims] == ['"never again"', '"over"']
    assert all(c["text"] == doc.text[c["start"] : c["end"]] for c in claims)
    assert claims[1]["attributed_to"] == "Officials"
    assert claims[1]["object"] == "over"


@pytest.fixture(scope="module")
def nlp_model():
    from claimkit.nlp import load_model

    return load_model()


@pytest.mark.model
@pytest.mark.parametrize(
    "text,quote,speaker",
    [
        ('"We will fight on," the minister said on Tuesday.', '"We will fight on,"', "the minister"),
        ('The senator said the bill was "dead on arrival".', '"dead on arrival"', "The senator"),
        (
            'The paper quoted an aide as saying the plan was "a mistake".',
            '"a mistake"',
            "an aide",  # the quoted source speaks, not the paper that quotes it
        ),
        ('The so-called "peace dividend" never came.', '"peace dividend"', None),
    ],
)
def test_extract_quotes_speaker(nlp_model, text: str, quote: str, speaker: str | None) -> None:
    doc = nlp_model(text)
    claims = extract_quotes(doc)
    claim = next(c for c in claims if c["text"] == quote)
    assert claim["attributed_to"] == speaker
    if speaker is not None:
        assert doc.text[claim["source_start"] : claim["source_end"]] == speaker


@pytest.mark.model
def test_extract_quotes_seed(nlp_full, reference, seed_text) -> None:
    doc = nlp_full(seed_text)
    claims = {c["text"]: c for c in extract_quotes(doc, reference=reference)}
    assert set(claims) == {
        '"prepare an agreement"',
        '"low-intensity phase."',
        '"long and complicated, more difficult than the previous one."',
    }
    assert claims['"prepare an agreement"']["attributed_to"] == "an unnamed source"
    assert claims['"low-intensity phase."']["attributed_to"] is None
    assert claims['"long and complicated, more difficult than the previous one."']["attributed_to"] in (
        "sources",
        "Novaya Izvestia",
    )
    for claim in claims.values():
        assert claim["text"] == doc.text[claim["start"] : claim["end"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He called them 'peace talks'. Then he left.", ["'peace talks'"]),
        ("She praised the 'good talks', officials said.", ["'good talks'"]),
        ("The players' union said 'no deal' today.", ["'no deal'"]),
    ],
)
def test_quotes_single_quoted_phrase_ending_in_s(text, expected):
    assert [text[a:b] for a, b in quotation_spans(text)] == expected
