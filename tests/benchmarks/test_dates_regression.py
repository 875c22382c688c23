"""A fast regression subset of the Recognizers-Text date cases (``make accuracy`` scores them all).

The subset is chosen by rule, not by outcome: of the dated cases as ``benchmarks.accuracy`` loads them
(in file order), every k-th case of each category (explicit, partial, relative), k = n // 16. The
pinned list below records which cases the rule picked when the level was measured and whether each
was resolved correctly then; a category fails when fewer than the measured count minus
``MARGIN`` are right, so a change to the date extractor that loses ground fails CI. The data live
beside the project (``<project root>/../shared/benchmarks``); without them the tests are skipped.

A case is right when a date claim overlapping the expected span resolves to an expected reading, by
the very rule ``benchmarks.accuracy`` scores with (``_same_interval``: the start must match; an end
that means the same under upstream's exclusive ends is accepted). Docs are made by a blank English pipeline with a
sentencizer, as in the kit's fast mode: the date grammar reads ``doc.text`` and sentence bounds only.
"""

from __future__ import annotations

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
        ("DateParser.json", "I'll go back 3-7-2017", "3-7-2017", True),
        ("DatePeriodParser.json", "I'll be out 2016 the third quarter", "2016 the third quarter", True),
        ("DatePeriodParser.json", "The range is 2014-2018.", "2014-2018", True),
        ("DatePeriodParser.json", "I'll be out 11-2016", "11-2016", True),
        ("DatePeriodParser.json", "I was not there from 2019-aug-1 to today", "from 2019-aug-1 to today", True),
        ("MergedParser.json", "I'll be out 11-2016", "11-2016", True),
        ("DateTimeModel.json", "I'll go back 02nd Jan 2019.", "02nd Jan 2019", True),
        ("DateTimeModel.json", "The range is between 2014 and 2018.", "between 2014 and 2018", True),
        ("DateTimeModel.json", "APEC will happen in Korea Jan-Feb 2017", "Jan-Feb 2017", True),
        ("DateTimeModel.json", "How about first week of 2019", "first week of 2019", True),
        ("DateTimeModel.json", "The sales went up during 2017-q1", "2017-q1", True),
        ("DateTimeModel.json", "How about q3 2019", "q3 2019", True),
        ("DateTimeModel.json", "The file's name is sales_report-2002-10-09.xlsx", "2002-10-09", True),
        ("DateTimeModel.json", "Show sales of 2007 and 2009", "2009", True),
        ("DateTimeModel.json", "I need to prepare for labor day 2021 weekend", "labor day 2021 weekend", False),
        ("DateTimeModel.json", "www.example.com/users/12345/archive-2018-09-23-page-01", "2018-09-23", True),
    ],
    "partial": [
        ("DateParser.json", "I'll go back on 15", "15", True),
        ("DateParser.json", "I'll go back May twenty-first", "May twenty-first", True),
        ("DateParser.json", "I went back Friday the 22nd", "Friday the 22nd", True),
        (
            "DatePeriodParser.json",
            "I'll be out between september 4th through september 8th",
            "between september 4th through september 8th",
            True,
        ),
        ("DatePeriodParser.json", "I'll be out rest of the year", "rest of the year", True),
        ("DatePeriodParser.json", "It will happen 2 days hence.", "2 days hence", False),
        ("DatePeriodParser.json", "week 10 8p.m. should be a daterange and a time.", "week 10", True),
        ("MergedParser.json", "Set an appointment for Easter Sunday", "Easter Sunday", True),
        ("DateTimeModel.json", "It may be in may", "may", False),
        ("DateTimeModel.json", "Show sales in the week 1", "week 1", True),
        ("DateTimeModel.json", "from 10/1 to 11/7", "from 10/1 to 11/7", True),
        ("DateTimeModel.json", "Do you have any arrangement on Sunday 31!", "Sunday 31", True),
        ("DateTimeModel.json", "week 10 10:20 should be a daterange and a time.", "week 10", True),
        (
            "DateTimeModel.json",
            "the first quarter of the year is usually slower",
            "the first quarter of the year",
            True,
        ),
        ("DateTimeModel.json", "2/29-3/1", "2/29-3/1", True),
        ("DateTimeModel.json", "I'll go back Thu 14th", "Thu 14th", True),
        (
            "DateTimeModel.json",
            "i am off from april twenty-seventh to the third",
            "from april twenty-seventh to the third",
            False,
        ),
    ],
    "relative": [
        ("DateParser.json", "I'll go back today", "today", True),
        ("DateParser.json", "I'll go back past day", "past day", True),
        ("DateParser.json", "Are you available two days after today?", "two days after today", True),
        ("DatePeriodParser.json", "I'll be out rest this week", "rest this week", True),
        (
            "DatePeriodParser.json",
            "Cortana, please coordinate a 25 minutes meeting with ant",
            "next week between Wednesday and Friday",
            False,
        ),
        ("DatePeriodParser.json", "I will be back within 10 months", "within 10 months", True),
        ("DatePeriodParser.json", "3pm : I'll be out on this week", "this week", True),
        ("MergedParser.json", "This task will start within 2 weeks before yesterday", "2 weeks before yesterday", True),
        ("DateTimeModel.json", "I was not there the same week that it happened.", "same week", True),
        ("DateTimeModel.json", "Show sales in the week after next", "the week after next", True),
        ("DateTimeModel.json", "Typhoon Xangsane hit Metro Manila and southern Luzon two", "one month ago", True),
        ("DateTimeModel.json", "Where were you on previous Wednesday?", "previous Wednesday", True),
        ("DateTimeModel.json", "this week 8p.m. should be a daterange and a time.", "this week", True),
        ("DateTimeModel.json", "why don't you take the remaining of the week off?", "remaining of the week", False),
        ("DateTimeModel.json", "I'm unavailable the fortnight", "the fortnight", False),
        ("DateTimeModel.json", "I'll go back Thursday, two year from now.", "Thursday, two year from now", False),
        ("DateTimeModel.json", "meet me next month in morning", "next month", True),
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
            c.source == source and c.text.startswith(start) and c.text[c.start : c.end] == span
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
    from benchmarks.accuracy import _same_interval

    return any(
        _same_interval(claim, expected)
        for claim in extract_dates(nlp(case.text), anchor=case.anchor)
        if claim["start"] < case.end and case.start < claim["end"]
        for expected in case.expected
    )


@pytest.mark.parametrize("category", list(SELECTED))
def test_dates_regression_recognizers_text_share_holds(cases, nlp, category):
    results = [(case, _resolved_right(nlp, case)) for case in cases[category]]
    measured = sum(ok for *_, ok in SELECTED[category])
    right = sum(ok for _, ok in results)
    lost = [
        f"{case.text[case.start : case.end]!r} in {case.text!r} (anchor {case.anchor})"
        for (case, ok), (*_, was_ok) in zip(results, SELECTED[category])
        if was_ok and not ok
    ]
    assert right >= measured - MARGIN, (
        f"{category}: {right}/{len(results)} resolved right, measured {measured}; no longer right: {lost}"
    )
