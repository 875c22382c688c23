"""temporal_inconsistency and date_conflict (hand-built claims and a small reference)."""

from __future__ import annotations

import json

from datetime import date

import pytest

from claimkit import tables
from claimkit.checks.temporal import (date_span, find_date_conflicts, find_temporal_inconsistencies, ordinal_value,
                                      resolve_future)
from claimkit.reference import load_reference

from .helpers import articles, claim, claims, quantity, write_reference

SEED = (
    "Since its outbreak on 7 October, a new round of Palestinian-Israeli conflict has lasted more than 70 days. "
    "On 20 December, people in Rafah carried out rescue efforts and the Palestinians and Israelis recently held "
    "intensive talks on the issue of a renewed ceasefire. Hamas leader Ismail Haniyeh led a delegation to Cairo on "
    "the 20th. Israel and Hamas imposed a seven-day temporary ceasefire beginning on 24 November and released 240 "
    "Palestinians. Blinken has set a deadline for Israel to end its ground operation by early January next year. "
    "Israeli negotiators want the conditions of the temporary ceasefire at the end of November extended. "
    "On 7 December, in Tel Aviv, people held a rally."
)


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    return load_reference(write_reference(tmp_path_factory.mktemp("reference")))


def date_claim(aid, text, phrase, iso, *, kind="absolute", end=None, **extra):
    return claim(aid, text, phrase, "event_date", date=iso, date_end=end, date_text=phrase, date_type=kind, **extra)


def _seed_rows():
    return [
        date_claim("seed", SEED, "7 October", "2023-10-07"),
        quantity("seed", SEED, "more than 70 days", value=70, qualifier="more_than", lemma="day", unit="day"),
        date_claim("seed", SEED, "20 December", "2023-12-20"),
        date_claim("seed", SEED, "the 20th", "2023-12-20", kind="partial"),
        quantity("seed", SEED, "seven-day", value=7, lemma="ceasefire", predicate="temporary ceasefire", unit="day"),
        date_claim("seed", SEED, "24 November", "2023-11-24"),
        date_claim("seed", SEED, "early January next year", "2024-01-01", kind="relative", end="2024-01-10"),
        date_claim("seed", SEED, "the end of November", "2023-11-21", kind="partial", end="2023-11-30"),
        date_claim("seed", SEED, "7 December", "2023-12-07"),
    ]


def _check_spans(frame, arts):
    texts = {a["article_id"]: a["text"] for a in arts.to_dict("records")}
    assert list(frame.columns[: len(tables.FINDINGS)]) == list(tables.FINDINGS)
    for row in frame.to_dict("records"):
        assert row["text"] == texts[row["article_id"]][row["start"] : row["end"]]


def test_temporal_seed(ref):
    arts = articles({"article_id": "seed", "text": SEED, "published": "2024-01-30", "reference_date": "2023-12-20"})
    frame = find_temporal_inconsistencies(arts, claims(*_seed_rows()), reference=ref)
    _check_spans(frame, arts)
    assert sorted(frame["text"]) == ["20 December", "early January next year", "has lasted more than 70 days"]
    assert set(frame["severity"]) == {"medium"}
    seventy = frame[frame["text"] == "has lasted more than 70 days"].iloc[0]
    assert "day 115" in seventy["explanation"] and "7 October 2023" in seventy["explanation"]
    assert seventy["expected"] == "115 days (on 2024-01-30)"
    january = frame[frame["text"] == "early January next year"].iloc[0]
    assert "already past" in january["explanation"]
    stamp = frame[frame["text"] == "20 December"].iloc[0]
    assert "41 days" in stamp["explanation"]
    # and no date conflict inside the seed
    assert find_date_conflicts(arts, claims(*_seed_rows()), reference=ref).empty


def test_temporal_seed_consistent_when_stamped_in_december(ref):
    arts = articles({"article_id": "seed", "text": SEED, "published": "2023-12-20", "reference_date": "2023-12-20"})
    assert find_temporal_inconsistencies(arts, claims(*_seed_rows()), reference=ref).empty


# --- sample-free wordings ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "phrase", "value", "qualifier", "unit", "published", "flagged"),
    [
        ("The fighting has now raged for 50 days since the Hamas attack on Israel.", "50 days", 50, "exact", "day",
         "2023-11-26", False),
        ("The fighting has now raged for 50 days since the Hamas attack on Israel.", "50 days", 50, "exact", "day",
         "2024-01-10", True),
        ("The war in Gaza has been going on for more than three weeks.", "more than three weeks", 3, "more_than",
         "week", "2023-11-03", False),
        ("The war in Gaza has been going on for more than three weeks.", "more than three weeks", 3, "more_than",
         "week", "2024-01-30", True),
        # a closed length ("the seven-day truce") is not an elapsed time
        ("The truce lasted seven days.", "seven days", 7, "exact", "day", "2024-05-01", False),
    ],
)
def test_temporal_elapsed_durations(ref, text, phrase, value, qualifier, unit, published, flagged):
    arts = articles({"article_id": "a", "text": text, "published": published})
    rows = [quantity("a", text, phrase, value=value, qualifier=qualifier, lemma=unit, unit=unit)]
    frame = find_temporal_inconsistencies(arts, claims(*rows), reference=ref)
    _check_spans(frame, arts)
    assert len(frame) == int(flagged)
    if flagged:  # the evidence reaches back to the verb that makes it an elapsed time
        assert frame.iloc[0]["text"].startswith("has ") and frame.iloc[0]["text"].endswith(phrase)


def test_temporal_elapsed_from_a_date_in_the_sentence(ref):
    text = "Since the raid of 2 March, the siege of the town has lasted at least 40 days."
    rows = [date_claim("a", text, "2 March", "2024-03-02"),
            quantity("a", text, "at least 40 days", value=40, qualifier="at_least", lemma="day", unit="day")]
    for published, flagged in (("2024-04-15", False), ("2024-06-30", True)):
        arts = articles({"article_id": "a", "text": text, "published": published})
        frame = find_temporal_inconsistencies(arts, claims(*rows), reference=ref)
        assert list(frame["text"]) == (["has lasted at least 40 days"] if flagged else [])


@pytest.mark.parametrize(
    ("text", "published", "flagged"),
    [
        ("The war in Gaza, now in its 100th day, shows no sign of ending.", "2024-01-14", False),
        ("The war in Gaza, now in its 100th day, shows no sign of ending.", "2024-02-20", True),
        ("As the Gaza war enters its seventy-fifth day, aid is scarce.", "2023-12-20", False),
        ("As the Gaza war enters its seventy-fifth day, aid is scarce.", "2024-03-01", True),
        # history, not the text's "now"
        ("On the 50th day of the war in Gaza, troops entered the city.", "2024-06-01", False),
    ],
)
def test_temporal_nth_day(ref, text, published, flagged):
    arts = articles({"article_id": "a", "text": text, "published": published})
    frame = find_temporal_inconsistencies(arts, claims(), reference=ref)
    _check_spans(frame, arts)
    assert len(frame) == (1 if flagged else 0)
    if flagged:
        assert frame.iloc[0]["reference_source"] == "https://example.org/war"


@pytest.mark.parametrize(
    ("phrase", "iso", "end", "published", "flagged"),
    [
        ("in the coming weeks", "2023-12-21", "2024-01-17", "2024-03-01", True),
        ("next month", "2024-01", None, "2024-03-01", True),
        ("next month", "2024-01", None, "2023-12-22", False),
        ("next year", None, None, "2025-02-01", True),  # unresolved by the extractor: resolved here
        ("next year", None, None, "2023-12-22", False),
    ],
)
def test_temporal_future_already_past(phrase, iso, end, published, flagged):
    text = f"Officials said the talks would resume {phrase}, according to the mediators."
    arts = articles({"article_id": "a", "text": text, "published": published, "reference_date": "2023-12-20"})
    rows = [date_claim("a", text, phrase, iso, kind="relative", end=end)]
    frame = find_temporal_inconsistencies(arts, claims(*rows))
    frame = frame[frame["text"] == phrase]
    assert len(frame) == (1 if flagged else 0)


def test_temporal_stamp_within_a_week_is_fine():
    text = "On 20 December, the talks resumed."
    rows = [date_claim("a", text, "20 December", "2023-12-20")]
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-26", "reference_date": "2023-12-20"})
    assert find_temporal_inconsistencies(arts, claims(*rows)).empty


# --- date_conflict -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "phrase", "iso", "expected"),
    [
        ("The truce in Gaza began on 25 November after weeks of talks.", "25 November", "2023-11-25", "24 November 2023"),
        ("The truce, which began on 24 November, held for a week.", "24 November", "2023-11-24", None),
        ("Israel said the humanitarian pause ended on 3 December.", "3 December", "2023-12-03", "1 December 2023"),
        ("Fighting resumed after the Hamas attack on Israel on 8 October.", "8 October", "2023-10-08",
         "7 October 2023"),
        ("The 7 October attack shocked the country.", "7 October", "2023-10-07", None),
        ("During the truce on 27 November, more hostages were freed.", "27 November", "2023-11-27", None),
        ("On 20 December, the two sides held talks on a renewed ceasefire.", "20 December", "2023-12-20", None),
        ("Talks on a new truce began on 2 January.", "2 January", "2024-01-02", None),
    ],
)
def test_date_conflict_against_reference_events(ref, text, phrase, iso, expected):
    arts = articles({"article_id": "a", "text": text, "published": "2024-01-10"})
    frame = find_date_conflicts(arts, claims(date_claim("a", text, phrase, iso)), reference=ref)
    _check_spans(frame, arts)
    if expected is None:
        assert frame.empty
    else:
        assert list(frame["expected"]) == [expected]
        assert frame.iloc[0]["severity"] == "medium"


def test_date_conflict_same_action_two_texts():
    a = "Haniyeh arrived in Cairo on 20 December for talks."
    b = "Hamas chief Haniyeh arrived in Cairo on 22 December."
    c = "Haniyeh said in Cairo on 21 December that talks continued."
    arts = articles({"article_id": "a", "text": a, "published": "2023-12-21"},
                    {"article_id": "b", "text": b, "published": "2023-12-23"},
                    {"article_id": "c", "text": c, "published": "2023-12-22"})
    rows = [date_claim("a", a, "20 December", "2023-12-20", subject_id="person/ismail_haniyeh", predicate="arrived"),
            date_claim("b", b, "22 December", "2023-12-22", subject_id="person/ismail_haniyeh", predicate="arrived"),
            date_claim("c", c, "21 December", "2023-12-21", subject_id="person/ismail_haniyeh", predicate="said")]
    mentions = tables.conform([
        {"mention_id": "m1", "article_id": "a", "start": a.index("Cairo"), "end": a.index("Cairo") + 5,
         "text": "Cairo", "entity_id": "place/cairo"},
        {"mention_id": "m2", "article_id": "b", "start": b.index("Cairo"), "end": b.index("Cairo") + 5,
         "text": "Cairo", "entity_id": "place/cairo"},
        {"mention_id": "m3", "article_id": "c", "start": c.index("Cairo"), "end": c.index("Cairo") + 5,
         "text": "Cairo", "entity_id": "place/cairo"},
    ], "mentions")
    frame = find_date_conflicts(arts, claims(*rows), mentions=mentions)
    _check_spans(frame, arts)
    assert list(zip(frame["article_id"], frame["other_article_id"])) == [("b", "a")]
    assert frame.iloc[0]["expected"].startswith("20 December 2023")


# --- helpers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("word", "value"), [("100th", 100), ("seventy-fifth", 75), ("twentieth", 20),
                                             ("first", 1), ("hundredth", 100), ("21st", 21)])
def test_temporal_ordinal_value(word, value):
    assert ordinal_value(word) == value


def test_temporal_date_span_and_future_resolution():
    assert date_span("2024-01") == (date(2024, 1, 1), date(2024, 1, 31))
    assert date_span("2024-01-01", "2024-01-10") == (date(2024, 1, 1), date(2024, 1, 10))
    assert resolve_future("early January next year", date(2023, 12, 20)) == (date(2024, 1, 1), date(2024, 1, 10))
    assert resolve_future("next month", date(2023, 12, 20)) == (date(2024, 1, 1), date(2024, 1, 31))


@pytest.mark.parametrize(
    ("text", "phrase", "value", "qualifier", "unit"),
    [
        # a closed, past-tense length with dates in the sentence
        ("The truce lasted eight days, from 24 November to 1 December.", "eight days", 8, "exact", "day"),
        # a duration since something else than the dated event in the sentence
        ("Haniyeh arrived in Cairo on 21 December, his first trip to Egypt in more than a month.",
         "more than a month", 1, "more_than", "month"),
    ],
)
def test_temporal_closed_or_unrelated_durations_are_not_elapsed_time(ref, text, phrase, value, qualifier, unit):
    rows = [quantity("a", text, phrase, value=value, qualifier=qualifier, lemma=unit, unit=unit),
            date_claim("a", text, "24 November" if "24 November" in text else "21 December",
                       "2023-11-24" if "24 November" in text else "2023-12-21")]
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-22"})
    assert find_temporal_inconsistencies(arts, claims(*rows), reference=ref).empty


def _mention(aid, text, name, entity_id, occurrence=0):
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(name, at + 1)
    return {"mention_id": f"{aid}:{at}", "article_id": aid, "start": at, "end": at + len(name), "text": name,
            "entity_id": entity_id}


def test_date_conflict_same_visit_in_other_words(ref):
    """Sample-free: the seed's wording ("led a delegation to ... on the 20th") against another text's."""
    a = "Hamas leader Ismail Haniyeh led a delegation to Cairo, the capital of Egypt, on the 20th and held talks."
    b = "Ismail Haniyeh arrived in Cairo on 21 December for meetings with Egyptian officials."
    c = "On Wednesday, 20 December, Haniyeh flew to Cairo for talks."
    arts = articles({"article_id": "a", "text": a, "published": "2023-12-21", "reference_date": "2023-12-20"},
                    {"article_id": "b", "text": b, "published": "2023-12-22"},
                    {"article_id": "c", "text": c, "published": "2023-12-21"})
    rows = [date_claim("a", a, "the 20th", "2023-12-20", kind="partial"),
            date_claim("b", b, "21 December", "2023-12-21"),
            date_claim("c", c, "Wednesday, 20 December", "2023-12-20")]
    mentions = tables.conform([
        _mention("a", a, "Ismail Haniyeh", "person/ismail_haniyeh"), _mention("a", a, "Cairo", "place/cairo"),
        _mention("a", a, "Hamas", "org/hamas"),
        _mention("b", b, "Ismail Haniyeh", "person/ismail_haniyeh"), _mention("b", b, "Cairo", "place/cairo"),
        _mention("c", c, "Haniyeh", "person/ismail_haniyeh"), _mention("c", c, "Cairo", "place/cairo"),
    ], "mentions")
    frame = find_date_conflicts(arts, claims(*rows), reference=ref, mentions=mentions)
    _check_spans(frame, arts)
    # one occasion, one finding: b's 21st against the reference event (20 December) and both texts
    assert list(frame["article_id"]) == ["b"]
    row = frame.iloc[0]
    assert row["expected"] == "20 December 2023"
    assert row["reference_source"] == "https://example.org/haniyeh-cairo"
    sources = json.loads(row["sources"])
    assert {(s.get("article_id"), s["side"]) for s in sources} == {
        ("b", "differs"), ("a", "agrees"), ("c", "agrees"), (None, "reference")}
    # without the reference the two texts still disagree with the third, in one finding
    alone = find_date_conflicts(arts, claims(*rows), mentions=mentions)
    assert list(alone["article_id"]) == ["b"] and len(json.loads(alone.iloc[0]["sources"])) == 3


def test_date_conflict_different_actions_on_different_days_are_fine():
    text = "Haniyeh arrived in Cairo on 20 December and met Egyptian officials in Cairo on 21 December."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-22"})
    rows = [date_claim("a", text, "20 December", "2023-12-20"), date_claim("a", text, "21 December", "2023-12-21")]
    mentions = tables.conform([_mention("a", text, "Haniyeh", "person/ismail_haniyeh"),
                               _mention("a", text, "Cairo", "place/cairo"),
                               _mention("a", text, "Cairo", "place/cairo", occurrence=1)], "mentions")
    assert find_date_conflicts(arts, claims(*rows), mentions=mentions).empty


@pytest.mark.parametrize("phrase", ["the next day", "the following week", "two days later"])
def test_temporal_anaphoric_dates_are_not_futures(phrase):
    text = f"Haniyeh arrived in Cairo on 20 December and met Egyptian officials {phrase}."
    arts = articles({"article_id": "a", "text": text, "published": "2024-02-01", "reference_date": "2024-01-30"})
    rows = [date_claim("a", text, phrase, "2023-12-21", kind="relative")]
    assert find_temporal_inconsistencies(arts, claims(*rows)).empty


def test_date_conflict_start_and_end_in_one_sentence(ref):
    text = "The truce with Hamas began on 24 November and collapsed on 1 December."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-22"})
    rows = [date_claim("a", text, "24 November", "2023-11-24"), date_claim("a", text, "1 December", "2023-12-01")]
    assert find_date_conflicts(arts, claims(*rows), reference=ref).empty
    wrong = [date_claim("a", text, "24 November", "2023-11-24"), date_claim("a", text, "1 December", "2023-12-02")]
    assert list(find_date_conflicts(arts, claims(*wrong), reference=ref)["expected"]) == ["1 December 2023"]


def test_date_conflict_event_subject_across_a_relative_clause(ref):
    text = "The truce, which lasted a week, began on 25 November. Hamas freed hostages."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-22"})
    frame = find_date_conflicts(arts, claims(date_claim("a", text, "25 November", "2023-11-25")), reference=ref)
    assert list(frame["expected"]) == ["24 November 2023"]


@pytest.mark.parametrize(("published", "flagged"), [("2023-12-05", True), ("2024-03-05", False)])
def test_date_conflict_common_word_event_names_only_near_the_event(ref, published, flagged):
    text = "The truce began on 2 March. Israel and Hamas blame each other."
    iso = "2023-03-02" if published.startswith("2023") else "2024-03-02"
    arts = articles({"article_id": "a", "text": text, "published": published})
    frame = find_date_conflicts(arts, claims(date_claim("a", text, "2 March", iso)), reference=ref)
    assert len(frame) == int(flagged)


# --- the stamp gap needs a second signal ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "rows_of", "flagged"),
    [
        # only background dates: a story of today about an older event
        ("Rebels seized the port on 2 March. Talks in the capital go on, envoys say.",
         lambda t: [date_claim("a", t, "2 March", "2024-03-02")], False),
        # the elapsed time puts the text's "now" in March too: the stamp gap is news
        ("Rebels seized the port on 2 March. The siege has lasted 10 days since 2 March.",
         lambda t: [date_claim("a", t, "2 March", "2024-03-02"),
                    date_claim("a", t, "2 March", "2024-03-02", occurrence=1),
                    quantity("a", t, "10 days", value=10, lemma="day", unit="day")], True),
        # a "next month" that was over when the text was stamped
        ("Rebels seized the port on 2 March. Elections are due next month.",
         lambda t: [date_claim("a", t, "2 March", "2024-03-02"),
                    date_claim("a", t, "next month", "2024-04-01", kind="relative", end="2024-04-30")], True),
    ],
)
def test_stamp_gap_needs_corroboration(text, rows_of, flagged):
    arts = articles({"article_id": "a", "text": text, "published": "2024-05-20", "reference_date": "2024-03-02"})
    frame = find_temporal_inconsistencies(arts, claims(*rows_of(text)))
    stamp = frame[frame["explanation"].str.contains("older story republished")]
    assert len(stamp) == int(flagged)
    if flagged:
        assert list(stamp["text"]) == ["2 March"]


# --- odd input never crashes -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2023-13", None, None),  # no 13th month
        ("0000", None, None),  # no year 0
        ("2023-02-30", None, None),
        ("2023-05", "someday", (date(2023, 5, 1), date(2023, 5, 31))),  # an unreadable end is ignored
        ("2023-05", "2023-14", (date(2023, 5, 1), date(2023, 5, 31))),
    ],
)
def test_date_span_rejects_impossible_dates(value, end, expected):
    assert date_span(value, end) == expected


def test_absurd_elapsed_duration_does_not_crash():
    text = "The blockade began on 3 May. It has lasted more than 9999999 days since 3 May."
    arts = articles({"article_id": "a", "text": text, "published": "2024-06-01"})
    rows = [date_claim("a", text, "3 May", "2024-05-03", occurrence=1),
            quantity("a", text, "more than 9999999 days", value=9999999, qualifier="more_than", lemma="day",
                     unit="day")]
    frame = find_temporal_inconsistencies(arts, claims(*rows))
    assert list(frame["text"]) == ["has lasted more than 9999999 days"]
    assert "9,999,999 days or more" in frame.iloc[0]["explanation"]


def test_odd_future_dates_do_not_crash():
    text = "Voting is planned for next month. A vote is due next year."
    arts = articles({"article_id": "a", "text": text, "published": "2024-06-01"})
    rows = [date_claim("a", text, "next month", "2023-13", kind="relative"),
            date_claim("a", text, "next year", "0000", kind="relative", end="never")]
    assert find_temporal_inconsistencies(arts, claims(*rows)).empty
