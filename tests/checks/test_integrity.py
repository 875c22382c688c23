"""integrity: redaction marks, clauses repeated inside a sentence, encoding damage (text only)."""

from __future__ import annotations

import pytest

from claimkit import tables
from claimkit.checks.integrity import find_integrity_problems, mark_clusters, repair_mojibake, repeated_clauses

from .helpers import articles

SEED_PARAGRAPH = (
    "Several Israel**s have recently reported that Israel, the United States and Qatar** have held "
    "consultations in Warsaw. On 20 December, people carried out rescue efforts following Israeli airstrikes "
    "(see **) and talks went on. According to Israel's **18**, the head of the Mossad Barnea met with the head "
    "of the US ** intelligence service, Burns. Israel** Herzog said Israel is ready. According to the British "
    "newspaper The Times**, US Secretary of State Antony Blinken has set a deadline."
)
SEED_REPEAT = (
    "Analysts pointed out that Israel was forced to return to the negotiating table because it was forced to "
    "return to the negotiating table because it was under pressure at home."
)


def _findings(text: str):
    frame = find_integrity_problems(articles({"article_id": "a", "text": text, "published": "2024-01-30"}))
    assert list(frame.columns[: len(tables.FINDINGS)]) == list(tables.FINDINGS)
    for row in frame.to_dict("records"):
        assert row["text"] == text[row["start"] : row["end"]]
        assert row["kind"] == "integrity"
    return frame


def test_integrity_seed_marks_one_finding_per_cluster():
    frame = _findings(SEED_PARAGRAPH)
    assert list(frame["text"]) == [
        "Israel**s",
        "Qatar** have",
        "(see **)",
        "Israel's **18**",
        "US ** intelligence",
        "Israel** Herzog",
        "The Times**",
    ]
    by_text = dict(zip(frame["text"], frame["severity"]))
    assert by_text["(see **)"] == "low"  # a bare placeholder
    assert by_text["Israel** Herzog"] == "medium"  # a mark that cuts a name or title
    herzog = frame[frame["text"] == "Israel** Herzog"].iloc[0]
    assert "name or title" in herzog["explanation"] and "Herzog" in herzog["explanation"]


def test_integrity_seed_repeated_clause_reported_once():
    frame = _findings(SEED_REPEAT)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["text"] == ("was forced to return to the negotiating table because it was forced to return to "
                           "the negotiating table because it")
    assert row["severity"] == "medium"
    assert "twice in a row" in row["explanation"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sample-free: other marks, other placements
        ("The minister [redacted] said the talks would resume.", ["minister [redacted] said"]),
        # an editor's cut inside a quotation is no redaction
        ('"We will stop [...] the fighting," he said. "It was […] hard."', []),
        ("Officials named XXX as the new envoy.", ["named XXX as"]),
        ("The deal was signed by ___ and ___ on Monday.", ["by ___ and", "and ___ on"]),
        ("The spokesman **** declined to comment.", ["spokesman **** declined"]),
        ("Super Bowl XXXI was played in New Orleans.", []),  # a Roman numeral, not a mark
        ("A *starred* word and a footnote* are fine.", []),  # single asterisks are not marks
        ("Clean text with no damage at all.", []),
    ],
)
def test_integrity_marks_wording_variants(text, expected):
    assert list(_findings(text)["text"]) == expected


def test_integrity_adjacent_marks_merge():
    assert mark_clusters("a ** ** b") == [(2, 7)]
    assert mark_clusters("**18** and later **") == [(0, 6), (17, 19)]


@pytest.mark.parametrize(
    ("sentence", "repeated"),
    [
        # sample-free: a duplicated clause, in other words
        ("The ministry said that the convoy had reached the border crossing that the convoy had reached the "
         "border crossing at noon.", "that the convoy had reached the border crossing"),
        ("Prices rose sharply in the capital city last month, prices rose sharply in the capital city last "
         "month, officials said.", "Prices rose sharply in the capital city last month"),
        # legitimate repetition of short or function-word phrases is not reported
        ("He said that it was in the interest of the people and in the interest of the state.", None),
        ("The release of all Israelis in custody, and Israel's release of Palestinians in custody.", None),
    ],
)
def test_integrity_repeated_clauses(sentence, repeated):
    found = repeated_clauses(sentence)
    if repeated is None:
        assert found == []
    else:
        assert len(found) == 1
        a_start, a_end, b_start, b_end = found[0]
        assert sentence[a_start:a_end].lower() == repeated.lower()
        assert sentence[b_start:b_end].lower() == repeated.lower()


@pytest.mark.parametrize(
    ("run", "fixed"),
    [("â€™", "\u2019"), ("Ã©", "é"), ("â€œ", "\u201c"), ("Ã¼", "ü"), ("éà", None), ("Ñ", None)],
)
def test_integrity_repair_mojibake(run, fixed):
    assert repair_mojibake(run) == fixed


def test_integrity_mojibake_one_finding_per_article():
    text = "The minister said it isnâ€™t over; the cafÃ© was closed and itâ€™s late."
    frame = _findings(text)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["text"] == "â€™" and row["expected"] == "\u2019"
    assert "3 such place" in row["explanation"]


def test_integrity_replacement_characters():
    frame = _findings("The envoy met Al\ufffd\ufffdani in Doha and later Ben\ufffd in Cairo.")
    assert len(frame) == 1
    assert "2 place" in frame.iloc[0]["explanation"]


def test_integrity_accented_names_are_not_mojibake():
    assert _findings("Señor Müller met François and Zoë in São Paulo; Ñandú café.").empty


def test_integrity_markdown_emphasis_is_not_a_mark():
    assert _findings("**Talks resume in Cairo** as mediators press on.").empty
    assert list(_findings("According to Israel's **18**, talks resumed.")["text"]) == ["Israel's **18**"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Super Bowl XXX drew a record crowd.", []),
        ("The museum opened Gallery XXX last spring.", []),
        ("The ruling cites Article XX and Article XXX of the treaty.", []),
        ("Mr XXX told reporters the plan had failed.", ["Mr XXX told"]),
        ("The envoy met XXX in the capital.", ["met XXX in"]),
        ("Sources named the buyer as XXXX on Friday.", ["as XXXX on"]),
    ],
)
def test_integrity_roman_numeral_xxx_is_not_a_mark(text, flagged):
    assert list(_findings(text)["text"]) == flagged


@pytest.mark.parametrize("text", ["The contract was signed by XXXX.", "Payment went to XXXX, the agent said."])
def test_integrity_bare_x_placeholder_explained(text):
    frame = _findings(text)
    assert len(frame) == 1
    assert "\u201c\u201d" not in frame.iloc[0]["explanation"]
    assert "leaving only" not in frame.iloc[0]["explanation"]


def test_integrity_masked_digits_still_explained():
    frame = _findings("The report by Unit **42** was withdrawn.")
    assert "leaving only \u201c42\u201d" in frame.iloc[0]["explanation"]


@pytest.mark.parametrize(
    ("text", "unit", "times"),
    [
        ("Crews cleared the flooded road near town, cleared the flooded road near town, cleared the flooded road "
         "near town before noon.", "cleared the flooded road near town", "three times"),
        ("The pilot said the engine failed over the sea the engine failed over the sea the engine failed over the "
         "sea the engine failed over the sea and landed.", "the engine failed over the sea", "four times"),
    ],
)
def test_integrity_periodic_repeat_is_one_finding(text, unit, times):
    frame = _findings(text)
    assert len(frame) == 1  # one maximal run, not a finding per pair of copies
    assert (frame.iloc[0]["start"], frame.iloc[0]["end"]) == (text.index(unit), text.rindex(unit) + len(unit))
    assert f"appear {times} in a row" in frame.iloc[0]["explanation"]
