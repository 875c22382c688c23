"""A fast regression subset of the Recognizers-Text date cases (``make accuracy`` scores them all).

The subset is chosen by rule, not by outcome: of the dated cases as ``benchmarks.accuracy`` loads them
(in file order), every k-th case of each category (explicit, partial, relative), k = n // 16. The
pinned list below records which cases the rule picked when the level was measured and whether each
was resolved correctly then; a category fails when fewer than the measured count minus
``MARGIN`` are right, so a change to the date extractor that loses ground fails CI. The data live
beside the project (``<project root>/../shared/benchmarks``); without them the tests are skipped.

A case is right when a date claim overlapping the expected span resolves to an expected reading, the
same rule as ``benchmarks.accuracy.score_recognizers`` (upstream period ends are exclusive, so an
inclusive end one day earlier also counts). Docs are made by a blank English pipeline with a
sentencizer, as in the kit's fast mode: the date grammar reads ``doc.text`` and sentence bounds only.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import spacy

from claimkit.extract.dates import extract_dates
from claimkit.paths import project_root

BENCHMARKS = project_root().parent / "shared" / "benchmarks"
PER_CATEGORY = 16
MARGIN = 1  # cases a category may lose before the test fails

# (spec file, start of the input, expected span, resolved correctly when measured), in selection order.
SELECTED: dict[str, list[tuple[str, str, str, bool]]] = {
    "explicit": [
        ("DateParser.json", "I'll go back January 12, 2016", "January 12, 2016", True),
        ("DateParser.json", "I'll go back 3-7-07", "3-7-07", True),
        ("DatePeriodParser.json", "I'll be out the third week of 2027", "the third week of 2027", True),
        ("DatePeriodParser.json", "I'll be out from 4 to January 22, 1995", "from 4 to January 22, 1995", True),
        ("DatePeriodParser.json", "I'll be out 11 -2016", "11 -2016", True),
        ("DatePeriodParser.json", "I was not there from 2019/aug/01 to today", "from 2019/aug/01 to today", True),
        ("MergedParser.json", "I'll be out 2016 /11", "2016 /11", True),
        ("MergedParser.json", "Show sales in the year 2008", "year 2008", True),
        # upstream ends "2014-2018" on 1 January 2018; the kit includes 2018 (see claimkit.extract.dates)
        ("DateTimeModel.json", "The range is 2014-2018.", "2014-2018", False),
        ("DateTimeModel.json", "I can only leave on 1/1/2016 and after my work item is", "1/1/2016", True),
        ("DateTimeModel.json", "The date should be 05-Aug-2016", "05-Aug-2016", True),
        ("DateTimeModel.json", "Wed Oct 26 15:50:06 2016 is not a day in 2019.", "2019", True),
        ("DateTimeModel.json", "January first 2000 was a special day for me", "January first 2000", True),
        ("DateTimeModel.json", "Book something from 26th of june of 2020 to the 28th of ",
         "from 26th of june of 2020 to the 28th of june of 2020", True),
        ("DateTimeModel.json", "july 4th of 1995", "july 4th of 1995", True),
        ("DateTimeModel.json", "It will happen 16 days from 01/02/2018.", "16 days from 01/02/2018", True),
        ("DateTimeModel.json", "I was born in April of 1987", "April of 1987", True),
    ],
    "partial": [
        ("DateParser.json", "I'll go back on 15", "15", True),
        ("DateParser.json", "I'll go back May twenty one", "May twenty one", True),
        ("DateParser.json", "I went back Friday the 15th", "Friday the 15th", True),
        ("DatePeriodParser.json", "I'll be out from Friday the 11th until Tuesday the 15th",
         "from Friday the 11th until Tuesday the 15th", True),
        ("DatePeriodParser.json", "I'll be out rest of the month", "rest of the month", True),
        ("DatePeriodParser.json", "I'll be out Feb between 2-7 two thousand and eighteen",
         "Feb between 2-7 two thousand and eighteen", False),
        ("DatePeriodParser.json", "Show me the records in 21st century", "21st century", True),
        ("MergedParser.json", "put make cable's wedding in my calendar for tuesday the t",
         "tuesday the thirty first", False),
        ("DateTimeModel.json", "I'll go back second of Aug.", "second of Aug", True),
        ("DateTimeModel.json", "Can I do a booking for the 09th of May for 2 days?", "the 09th of May", True),
        ("DateTimeModel.json", "What will happen May to March", "May to March", False),
        ("DateTimeModel.json", "That one Tuesday was a blast!", "Tuesday", True),
        ("DateTimeModel.json", "Tim says:30 December is OK", "30 December", False),
        ("DateTimeModel.json", "Juneteenth, which is also known as Freedom Day and Jubil", "19 June", True),
        ("DateTimeModel.json", "2/29", "2/29", True),
        ("DateTimeModel.json", "I'll be out August two thousand and fifteen", "August two thousand and fifteen", True),
        ("DateTimeModel.json", "i am off april 9th through 17th", "april 9th through 17th", True),
    ],
    "relative": [
        ("DateParser.json", "I'll go back today", "today", True),
        ("DateParser.json", "I'll go back past day", "past day", True),
        ("DateParser.json", "Are you available two monday later?", "two monday later", False),
        ("DatePeriodParser.json", "I'll be out today till tomorrow", "today till tomorrow", True),
        # upstream's "late" is the second half of the month; the kit's is days 21 to the end
        ("DatePeriodParser.json", "We had a meeting late last month", "late last month", False),
        ("DatePeriodParser.json", "I will be back within 5 days", "within 5 days", True),
        ("DatePeriodParser.json", "There is no big news this week.", "this week", True),
        ("MergedParser.json", "This task will start within the next 2 weeks after tomor",
         "2 weeks after tomorrow", False),
        ("DateTimeModel.json", "The notes are shared out in the LT working session note", "this week", True),
        ("DateTimeModel.json", "Show sales in the week", "the week", False),
        ("DateTimeModel.json", "Typhoon Xangsane hit Metro Manila and southern Luzon two", "two months ago", True),
        ("DateTimeModel.json", "Where were you on past Wednesday?", "past Wednesday", True),
        ("DateTimeModel.json", "this week 8am should be a daterange and a time.", "this week", True),
        ("DateTimeModel.json", "Please schedule a meeting with everyone next week", "next week", True),
        ("DateTimeModel.json", "The same story played out in Kolkata, the capital city o", "a fortnight later", True),
        ("DateTimeModel.json", "I'll go back Monday two weeks from now.", "Monday two weeks from now", False),
        ("DateTimeModel.json", "let's meet at lunch tomorrow.", "tomorrow", True),
    ],
}


@pytest.fixture(scope="module")
def cases() -> dict[str, list]:
    """The selected cases per category, checked against the pinned list."""
    if not (BENCHMARKS / "recognizers-text").is_dir():
        pytest.skip(f"benchmark data not found at {BENCHMARKS} (the shared folder beside the project)")
    from benchmarks.accuracy import load_date_cases

    loaded = load_date_cases(Path(BENCHMARKS))
    chosen: dict[str, list] = {}
    for category, pinned in SELECTED.items():
        pool = [c for c in loaded if c.category == category]
        picked = pool[:: max(len(pool) // PER_CATEGORY, 1)]
        same = len(picked) == len(pinned) and all(
            c.source == source and c.text.startswith(start) and c.text[c.start:c.end] == span
            for c, (source, start, span, _) in zip(picked, pinned)
        )
        assert same, (
            f"the Recognizers-Text data changed: the rule now picks other {category} cases; "
            "re-measure and update SELECTED"
        )
        chosen[category] = picked
    return chosen


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


def _resolved_right(nlp, case) -> bool:
    for claim in extract_dates(nlp(case.text), anchor=case.anchor):
        if not (claim["start"] < case.end and case.start < claim["end"]):
            continue
        start = date.fromisoformat(claim["date"])
        end = date.fromisoformat(claim["date_end"]) if claim["date_end"] else start
        if any(start == s and (end == e or end + timedelta(days=1) == e) for s, e in case.expected):
            return True
    return False


@pytest.mark.parametrize("category", list(SELECTED))
def test_dates_regression_recognizers_text_share_holds(cases, nlp, category):
    results = [(case, _resolved_right(nlp, case)) for case in cases[category]]
    measured = sum(ok for *_, ok in SELECTED[category])
    right = sum(ok for _, ok in results)
    lost = [f"{case.text[case.start:case.end]!r} in {case.text!r} (anchor {case.anchor})"
            for (case, ok), (*_, was_ok) in zip(results, SELECTED[category]) if was_ok and not ok]
    assert right >= measured - MARGIN, (
        f"{category}: {right}/{len(results)} resolved right, measured {measured}; no longer right: {lost}"
    )
