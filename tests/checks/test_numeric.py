"""numeric_conflict: same-thing figures that cannot both be right (hand-built claims, small reference)."""

from __future__ import annotations

import pytest

from claimkit.checks.numeric import Interval, claim_interval, find_numeric_conflicts, hypothetical
from claimkit.reference import load_reference

from .helpers import articles, claims, quantity, write_reference

SEED = (
    "Since its outbreak on 7 October, a new round of Palestinian-Israeli conflict has lasted more than 70 days. "
    "Israel and Hamas imposed a seven-day temporary ceasefire beginning on 24 November and released 240 "
    "Palestinians and more than 100 detainees. However, after the end of the temporary ceasefire, the two sides "
    "exchanged fire again, and more than 120 people remained in Hamas custody in the Gaza Strip. Recently, the "
    "accidental killing of three of its own detainees by Israeli forces has triggered large-scale uprisings."
)


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    return load_reference(write_reference(tmp_path_factory.mktemp("reference")))


def _check(arts, rows, ref=None):
    frame = find_numeric_conflicts(arts, claims(*rows), reference=ref)
    texts = {a["article_id"]: a["text"] for a in arts.to_dict("records")}
    for row in frame.to_dict("records"):
        assert row["kind"] == "numeric_conflict"
        assert row["text"] == texts[row["article_id"]][row["start"] : row["end"]]
    return frame


def test_numeric_seed_has_no_conflict(ref):
    arts = articles({"article_id": "seed", "text": SEED, "published": "2024-01-30", "reference_date": "2023-12-20"})
    rows = [
        quantity("seed", SEED, "more than 70 days", value=70, qualifier="more_than", lemma="day", unit="day"),
        quantity("seed", SEED, "seven-day", value=7, lemma="ceasefire", predicate="temporary ceasefire", unit="day"),
        quantity("seed", SEED, "240 Palestinians", value=240, lemma="Palestinian", predicate="Palestinians"),
        quantity("seed", SEED, "more than 100 detainees", value=100, qualifier="more_than", lemma="detainee",
                 predicate="detainees"),
        quantity("seed", SEED, "more than 120 people", value=120, qualifier="more_than", lemma="person",
                 predicate="people in Hamas custody"),
        quantity("seed", SEED, "three", value=3, lemma="detainee", predicate="detainees"),
    ]
    assert _check(arts, rows, ref).empty
    assert _check(arts, rows, None).empty


# --- sample-free: two texts about the same period ----------------------------------------------------
A = "During the truce, 105 hostages were freed by Hamas."
B = "Hamas released 110 hostages in all during the week-long pause."
C = "More than 100 hostages have been freed so far, officials said."
D = "Some 129 hostages are still held in Gaza, the army said on Wednesday."
E = "More than 130 hostages remain in captivity, their families say."
F = "In all, 81 Israelis were freed under the deal."
G = "Israel released 240 Palestinian prisoners under the deal."
H = "Hamas said it would free 40 more hostages if the pause were extended."
I = "At least 127 captives are believed to be in Gaza still."


def _pair(text_a, row_a, text_b, row_b, *, day_a="2023-12-20", day_b="2023-12-22", ref=None):
    arts = articles({"article_id": "a", "text": text_a, "published": day_a},
                    {"article_id": "b", "text": text_b, "published": day_b})
    return _check(arts, [row_a, row_b], ref)


@pytest.mark.parametrize(
    ("text_b", "row_b", "severity"),
    [
        (B, quantity("b", B, "110 hostages", value=110, lemma="hostage", predicate="hostages"), "high"),
        (C, quantity("b", C, "More than 100 hostages", value=100, qualifier="more_than", lemma="hostage",
                     predicate="hostages"), None),  # more than 100 and 105 agree
        (D, quantity("b", D, "129 hostages", value=129, lemma="hostage", predicate="hostages"), None),  # held ≠ freed
        (F, quantity("b", F, "81 Israelis", value=81, lemma="Israeli", predicate="Israelis"), "low"),  # scope
        (G, quantity("b", G, "240 Palestinian prisoners", value=240, lemma="prisoner",
                     predicate="Palestinian prisoners"), None),  # another counted thing
        # hypothetical
        (H, quantity("b", H, "40 more hostages", value=40, lemma="hostage", predicate="hostages"), None),
    ],
)
def test_numeric_freed_hostages(text_b, row_b, severity, ref):
    row_a = quantity("a", A, "105 hostages", value=105, lemma="hostage", predicate="hostages")
    frame = _pair(A, row_a, text_b, row_b, ref=ref)
    if severity is None:
        assert frame.empty
    else:
        assert list(frame["severity"]) == [severity]
        row = frame.iloc[0]
        assert row["article_id"] == "b" and row["other_article_id"] == "a"
        assert row["other_text"] == "105 hostages" and row["reference_source"] == "a.md"
        if severity == "low":
            assert row["explanation"].startswith("Scope:")


def test_numeric_still_held_figures_disagree(ref):
    row_d = quantity("a", D, "129 hostages", value=129, lemma="hostage", predicate="hostages")
    row_e = quantity("b", E, "More than 130 hostages", value=130, qualifier="more_than", lemma="hostage",
                     predicate="hostages")
    frame = _pair(D, row_d, E, row_e, ref=ref)
    assert list(frame["severity"]) == ["medium"]
    assert "more than 130" in frame.iloc[0]["explanation"] and "129" in frame.iloc[0]["explanation"]
    # "at least 127 captives" (another word for the same people) overlaps neither "129"...
    row_i = quantity("b", I, "At least 127 captives", value=127, qualifier="at_least", lemma="captive",
                     predicate="captives")
    assert _pair(D, row_d, I, row_i, ref=ref).empty


def test_numeric_texts_far_apart_in_time_are_not_compared(ref):
    row_d = quantity("a", D, "129 hostages", value=129, lemma="hostage", predicate="hostages")
    row_e = quantity("b", E, "More than 130 hostages", value=130, qualifier="more_than", lemma="hostage",
                     predicate="hostages")
    assert _pair(D, row_d, E, row_e, day_a="2023-12-20", day_b="2024-03-01", ref=ref).empty


def test_numeric_one_text_against_itself():
    text = "Hamas freed 105 hostages during the pause. Later the ministry said 110 hostages were released."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-20"})
    rows = [quantity("a", text, "105 hostages", value=105, lemma="hostage", predicate="hostages"),
            quantity("a", text, "110 hostages", value=110, lemma="hostage", predicate="hostages")]
    frame = _check(arts, rows)
    assert list(frame["severity"]) == ["high"]
    assert frame.iloc[0]["other_article_id"] == "a"
    assert "earlier in this text" in frame.iloc[0]["explanation"]


def test_numeric_truce_lengths(ref):
    a = "The seven-day truce between Israel and Hamas ended on 1 December."
    b = "The truce in Gaza lasted eight days before fighting resumed."
    rows = [quantity("a", a, "seven-day", value=7, lemma="truce", unit="day"),
            quantity("b", b, "eight days", value=8, lemma="day", predicate="days", unit="day")]
    frame = _pair(a, rows[0], b, rows[1], ref=ref)
    kinds = sorted(zip(frame["article_id"], frame["severity"], frame["other_article_id"].fillna("-")))
    # the two texts disagree, and the eight days also disagree with the reference's 24 Nov – 1 Dec
    assert kinds == [("b", "high", "-"), ("b", "high", "a")]
    reference_row = frame[frame["other_article_id"].isna()].iloc[0]
    assert reference_row["expected"].startswith("7 days")
    assert reference_row["reference_source"] == "https://example.org/truce"


def test_numeric_truce_length_in_weeks_agrees(ref):
    a = "The truce lasted one week."
    rows = [quantity("a", a, "one week", value=1, lemma="week", predicate="week", unit="week")]
    arts = articles({"article_id": "a", "text": a, "published": "2023-12-20"})
    assert _check(arts, rows, ref).empty


def test_numeric_enumerations_in_one_sentence_are_different_things():
    text = "Hamas freed 105 hostages and Israel freed 240 detainees."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-20"})
    rows = [quantity("a", text, "105 hostages", value=105, lemma="hostage", predicate="hostages"),
            quantity("a", text, "240 detainees", value=240, lemma="detainee", predicate="detainees")]
    assert _check(arts, rows).empty


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (Interval(100, False, None, False), Interval(105, True, 105, True), True),
        (Interval(130, False, None, False), Interval(129, True, 129, True), False),
        (Interval(130, False, None, False), Interval(130, True, 130, True), False),
        (Interval(None, False, 50, True), Interval(50, True, 50, True), True),
        (Interval(10, True, 20, True), Interval(21, True, 30, True), False),
    ],
)
def test_numeric_interval_overlap(a, b, overlap):
    assert a.overlaps(b) is overlap and b.overlaps(a) is overlap


def test_numeric_claim_interval_about_is_widened():
    interval = claim_interval({"value": 100.0, "low": 100.0, "high": 100.0, "qualifier": "about"})
    assert interval == Interval(90.0, True, 110.0, True)


@pytest.mark.parametrize(("published", "flagged"), [("2023-12-20", True), ("2024-06-01", False)])
def test_numeric_common_word_event_names_only_near_the_event(ref, published, flagged):
    """"the ceasefire" is the November truce in a December text, but not in a June one (another truce)."""
    text = "The ceasefire in Gaza lasted six weeks."
    arts = articles({"article_id": "a", "text": text, "published": published})
    rows = [quantity("a", text, "six weeks", value=6, lemma="week", predicate="weeks", unit="week")]
    assert len(_check(arts, rows, ref)) == int(flagged)


def test_numeric_findings_per_claim_are_capped():
    """Seven texts say 105, a later one 110: the 110 gets three findings (the nearest texts), not seven."""
    rows, arts = [], []
    for i in range(7):
        text = f"Report {i}: during the truce, 105 hostages were freed."
        arts.append({"article_id": f"a{i}", "text": text, "published": f"2023-12-{10 + i:02d}"})
        rows.append(quantity(f"a{i}", text, "105 hostages", value=105, lemma="hostage", predicate="hostages"))
    late = "In all, 110 hostages were freed during the truce."
    arts.append({"article_id": "late", "text": late, "published": "2023-12-18"})
    rows.append(quantity("late", late, "110 hostages", value=110, lemma="hostage", predicate="hostages"))
    frame = _check(articles(*arts), rows)
    assert list(frame["article_id"]) == ["late"] * 3
    assert sorted(frame["other_article_id"]) == ["a4", "a5", "a6"]
    assert sum("and 4 more texts" in e for e in frame["explanation"]) == 1


def test_numeric_findings_grow_linearly_with_the_corpus():
    """Many texts in one week, each with its own death toll: every claim gets at most three findings."""
    rows, arts = [], []
    for i in range(300):
        text = f"Medics said {200 + i} people were killed in the floods."
        arts.append({"article_id": f"t{i:03d}", "text": text, "published": f"2024-04-{1 + i % 7:02d}"})
        rows.append(quantity(f"t{i:03d}", text, f"{200 + i} people", value=200 + i, lemma="people",
                             predicate="people"))
    frame = _check(articles(*arts), rows)
    per_claim = frame.groupby("claim_id").size()
    assert per_claim.max() == 3
    assert len(frame) <= 3 * len(rows)
    assert frame["other_article_id"].notna().all()


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        # names and other speakers are not cues
        ("The New York Post said 212 miners remain trapped.", "212 miners", False),
        ("A second engineer said 212 miners remain trapped.", "212 miners", False),
        ("Next Media reported that 212 miners remain trapped.", "212 miners", False),
        ("Rescuers found 212 miners after a new shaft was dug on the far side of the hill.", "212 miners", False),
        # real cues near the figure
        ("The company would pay 212 miners a bonus.", "212 miners", True),
        ("Union leaders said 212 miners could be laid off.", "212 miners", True),
        ("If 212 miners strike, the pit closes.", "212 miners", True),
        ("The board approved another 212 miners for the night shift.", "212 miners", True),
        ("Managers agreed a new six-week contract.", "six-week", True),
        ("The union calls for 212 miners to be rehired.", "212 miners", True),
    ],
)
def test_hypothetical_window(text, figure, expected):
    at = text.index(figure)
    assert hypothetical(text, at, at + len(figure)) is expected


def test_names_do_not_hide_conflicting_figures():
    a = "The New York Post said 212 miners remain trapped."
    b = "A second engineer said 230 miners remain trapped."
    rows = [quantity("a", a, "212 miners", value=212, lemma="miner", predicate="miners"),
            quantity("b", b, "230 miners", value=230, lemma="miner", predicate="miners")]
    frame = _pair(a, rows[0], b, rows[1])
    assert list(frame["text"]) == ["230 miners"]
    assert frame.iloc[0]["severity"] == "high"
