"""numeric_conflict: figures of one fact that cannot both be right — sentences of our own through the
whole pipeline (model, frames, propositions, check), and the interval rules on their own."""

from __future__ import annotations

import json

import pytest

from claimkit import pipeline, tables
from claimkit.propositions import Interval, claim_interval


def _run(reference, *texts, published="2023-12-20"):
    """(findings of kind numeric_conflict, propositions) for texts given as str or (text, published)."""
    rows = []
    for i, item in enumerate(texts):
        text, day = item if isinstance(item, tuple) else (item, published)
        rows.append({"article_id": f"t{i}", "path": f"t{i}.md", "text": text, "published": day,
                     "source": f"Outlet {i}", "warnings": []})
    extracted = pipeline.extract(tables.conform(rows, "articles"), reference=reference)
    index = pipeline.propositions(extracted.articles, extracted.claims, extracted.mentions, reference=reference)
    found = pipeline.check(extracted.articles, extracted.claims, extracted.mentions, reference=reference, index=index)
    found = found[found["kind"] == "numeric_conflict"]
    texts_by_id = {r["article_id"]: r["text"] for r in rows}
    for row in found.to_dict("records"):
        assert row["text"] == texts_by_id[row["article_id"]][row["start"]:row["end"]]
    return found, index


def _findings(reference, *texts, published="2023-12-20"):
    return _run(reference, *texts, published=published)[0]


# --- the same fact, two figures ------------------------------------------------------------------------
A = "During the truce, 105 hostages were freed by Hamas."


@pytest.mark.model
@pytest.mark.parametrize(
    ("other", "severity"),
    [
        ("Hamas released 110 hostages during the truce.", "high"),
        ("More than 100 hostages have been freed during the truce, officials said.", None),  # agrees
        ("Some 129 hostages are still held in Gaza, the army said.", None),  # held, not freed
        ("Israel released 240 Palestinian prisoners under the deal.", None),  # another thing counted
        ("Hamas said it would free 40 more hostages if the pause were extended.", None),  # proposed
    ],
)
def test_numeric_freed_hostages(reference, other, severity):
    found = _findings(reference, A, other)
    assert list(found["severity"]) == ([severity] if severity else [])
    if severity:
        sources = json.loads(found.iloc[0]["sources"])
        assert {s["text"] for s in sources} == {"105 hostages", "110 hostages"}
        assert found.iloc[0]["proposition_id"]


@pytest.mark.model
def test_numeric_scope_note_for_a_group_named_by_nationality(reference):
    found = _findings(reference, A, "In all, 81 Israelis were freed by Hamas during the truce.")
    assert list(found["severity"]) == ["low"]
    assert found.iloc[0]["explanation"].startswith("Scope:")


@pytest.mark.model
def test_numeric_still_held_levels_over_a_few_days(reference):
    held = "Israeli officials believe 129 hostages are still held in Gaza."
    more = "More than 130 hostages are still held in Gaza, their families say."
    found = _findings(reference, (held, "2023-12-20"), (more, "2023-12-22"))
    assert list(found["severity"]) == ["medium"]  # a level compared over days, not one day
    assert _findings(reference, (held, "2023-12-20"), (more, "2024-03-01")).empty  # months apart


@pytest.mark.model
def test_numeric_one_disagreement_is_one_finding_with_every_source(reference):
    texts = [(f"Report {i}: during the truce, Hamas freed 105 hostages.", f"2023-12-{10 + i:02d}") for i in range(6)]
    texts.append(("In all, Hamas freed 110 hostages during the truce.", "2023-12-18"))
    found = _findings(reference, *texts)
    assert len(found) == 1 and found.iloc[0]["text"] == "110 hostages"
    sources = json.loads(found.iloc[0]["sources"])
    assert sorted(s["article_id"] for s in sources) == [f"t{i}" for i in range(7)]
    assert {s["group"] for s in sources if s["article_id"] == "t6"} == {1}


@pytest.mark.model
def test_numeric_truce_length_against_texts_and_the_reference(reference):
    a = "The seven-day truce between Israel and Hamas ended on 1 December."
    b = "The truce in Gaza lasted eight days before fighting resumed."
    found = _findings(reference, a, b)
    assert len(found) == 1
    row = found.iloc[0]
    assert row["article_id"] == "t1" and row["severity"] == "high"
    assert row["expected"].startswith("7 days")
    sides = {s["side"] for s in json.loads(row["sources"])}
    assert sides == {"differs", "agrees", "reference"}
    assert _findings(reference, "The truce lasted one week, officials said.").empty


@pytest.mark.model
def test_numeric_a_length_is_shown_in_the_unit_its_text_gives(reference):
    found = _findings(reference, "The ceasefire in Gaza lasted six weeks.")
    assert len(found) == 1
    values = {s["value"] for s in json.loads(found.iloc[0]["sources"]) if s["side"] == "differs"}
    assert values == {"6 weeks"}
    assert "6 weeks" in found.iloc[0]["explanation"] and "6 days" not in found.iloc[0]["explanation"]


@pytest.mark.model
@pytest.mark.parametrize(("published", "flagged"), [("2023-12-20", True), ("2024-06-01", False)])
def test_numeric_common_word_event_names_only_near_the_event(reference, published, flagged):
    """"the ceasefire" is the November truce in a December text, not in a June one (another truce)."""
    found = _findings(reference, "The ceasefire in Gaza lasted six weeks.", published=published)
    assert len(found) == int(flagged)


# --- different facts that share a noun -------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Labour won 412 seats in the election.", "The Conservatives won 121 seats in the election."),
        ("Smith received 84,121 votes in the mayoral race.", "Jones received 58,825 votes in the mayoral race."),
        ("Boeing's 237 orders led the show.", "Airbus's 300 orders led the show."),
        ("The Dow fell 300 points to close at 35,100.", "The Dow closed at 35,100 on Wednesday."),
        ("Revenue rose 12 percent to $4.2 billion, the company said.", "Revenue was $4.2 billion, the company said."),
        ("The stadium holds 60,000 people.", "Some 45,000 people attended the final at the stadium."),
        ("Israel is considering a two-week ceasefire, officials said.", "The one-week ceasefire ended on Friday."),
        ("Maduro won 51% of the vote, the council said.", "Maduro won 51.2% of the vote, the council said."),
        ("With 500 of 650 results declared, Labour had 301 seats.", "Labour won 412 seats in the election."),
        ("Two of the miners were killed immediately, police said.", "Three miners were killed in the blast."),
        ("Between 100 and 125 people were killed in the blast.", "110 people were killed in the blast."),
    ],
)
def test_numeric_different_facts_raise_nothing(reference, a, b):
    assert _findings(reference, a, b, published="2024-07-05").empty


@pytest.mark.model
def test_numeric_same_owner_different_figure_is_found(reference):
    found = _findings(reference, "Labour won 412 seats in the election.", "Labour won 410 seats in the election.",
                      published="2024-07-05")
    assert list(found["severity"]) == ["medium"]  # the same day, but no day on the verb: maybe two counts
    dated = _findings(reference, "Labour won 412 seats in the election on Thursday.",
                      "Labour won 410 seats in the election on Thursday.", published="2024-07-05")
    assert list(dated["severity"]) == ["high"]


@pytest.mark.model
def test_numeric_rising_toll_over_days_is_an_update(reference):
    day1 = ("Six people were killed when the storm hit the coast, officials said.", "2024-03-04")
    day2 = ("Eleven people were killed when the storm hit the coast, officials said.", "2024-03-05")
    assert _findings(reference, day1, day2).empty
    within = "The death toll rose from 6 to 11 on Tuesday, officials said."
    assert _findings(reference, within, published="2024-03-06").empty


@pytest.mark.model
def test_numeric_breakdown_above_a_total_is_found(reference):
    parts = "14 Filipino and 9 foreign hostages were freed on Friday, the navy said."
    total = "17 hostages were freed on Friday, the navy said."
    found = _findings(reference, (parts, "2024-05-11"), (total, "2024-05-11"))
    assert len(found) == 1
    assert "sum of its parts" in found.iloc[0]["explanation"]
    consistent = "25 hostages were freed on Friday, the navy said."
    assert _findings(reference, (parts, "2024-05-11"), (consistent, "2024-05-11")).empty


@pytest.mark.model
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Maria Lopez, 22, was among the injured, police said.", "Maria Lopez, 25, was among the injured."),
        ("The flood caused losses of $2.1 billion in Valoria.", "The flood caused losses of $3.4 billion in "
                                                                "Valoria."),
    ],
)
def test_numeric_attributes_and_sums_without_a_counted_noun(reference, a, b):
    assert len(_findings(reference, a, b, published="2024-09-02")) == 1


@pytest.mark.model
def test_numeric_a_text_without_a_date_is_compared_at_lower_severity(reference):
    dated = ("The blast at the Kestrel pit killed 27 miners, the company said.", "2024-02-02")
    undated = ("The blast at the Kestrel pit killed 29 miners, union officials said.", None)
    found = _findings(reference, dated, undated)
    assert list(found["severity"]) == ["medium"]
    assert "no date" in found.iloc[0]["explanation"]


@pytest.mark.model
def test_numeric_one_finding_per_proposition_at_most(reference):
    texts = [(f"Medics said {200 + i} people were killed in the floods in Valoria.", f"2024-04-{1 + i % 7:02d}")
             for i in range(60)]
    found, index = _run(reference, *texts)
    assert len(found) <= len(index.propositions) <= 7


# --- intervals ---------------------------------------------------------------------------------------------
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


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [(51.0, 50.5, 51.5), (51.2, 51.15, 51.25), (1200.0, 1170.0, 1230.0), (100.0, 97.5, 102.5), (110.0, 109.5, 110.5), (105.0, 104.5, 105.5)],
)
def test_numeric_precision_of_a_written_figure(value, low, high):
    interval = claim_interval({"value": value, "low": value, "high": value, "qualifier": "exact"}, precision=True)
    assert interval.low == pytest.approx(low) and interval.high == pytest.approx(high)


@pytest.mark.model
def test_numeric_a_text_giving_both_figures_is_no_side(reference):
    """A text that itself gives two of the figures (and is no pinned self-contradiction) shows the frame
    holds two facts it could not tell apart: a copy of it elsewhere is no disagreement."""
    text = "Police said 90 civilians were wounded in Valoria. Officials said 17 civilians were wounded in Valoria."
    assert _findings(reference, (text, "2024-05-11"), (text, "2024-05-11")).empty
    other = "Police said 90 civilians were wounded in Valoria."
    assert len(_findings(reference, (other, "2024-05-11"), ("Police said 60 civilians were wounded in Valoria.",
                                                           "2024-05-11"))) == 1
