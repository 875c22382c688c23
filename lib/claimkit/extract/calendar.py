"""Calendar vocabulary and arithmetic for the date grammar: month, weekday and number words, and
the intervals English names (weeks, parts of a month, seasons, quarters, holidays).

Kept apart from ``dates.py`` so the grammar reads as grammar; nothing here knows about spaCy.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_UNIT_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                  "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                  "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}

# Word -> value, words joined by a single hyphen ("twenty-one", "twenty-first").
CARDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS) if i}
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNIT_ORDINALS) if i}
for _tens_word, _tens_value in _TENS.items():
    CARDINAL_WORDS[_tens_word] = _tens_value
    for _i in range(1, 10):
        CARDINAL_WORDS[f"{_tens_word}-{_UNITS[_i]}"] = _tens_value + _i
        ORDINAL_WORDS[f"{_tens_word}-{_UNIT_ORDINALS[_i]}"] = _tens_value + _i
ORDINAL_WORDS.update(_TENS_ORDINALS)
ORDINAL_WORDS["hundredth"] = 100

# Quantity words that stand for a number before a time unit ("a week ago", "a few days later").
FUZZY_NUMBERS: dict[str, int] = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "a couple": 2,
                                 "a few": 3, "few": 3, "a dozen": 12}


def _normalise_words(text: str) -> str:
    return "-".join(text.lower().replace("-", " ").split())


def parse_cardinal(text: str) -> int | None:
    """The integer a digit string or English number words ("seventy", "one hundred and twenty") name."""
    raw = " ".join(text.lower().replace(",", "").split())
    if raw.isdigit():
        return int(raw)
    if raw in FUZZY_NUMBERS:
        return FUZZY_NUMBERS[raw]
    words = [w for w in raw.replace("-", " ").split() if w != "and"]
    if not words:
        return None
    total, current = 0, 0
    for i, word in enumerate(words):
        if word in ("a", "an") and i == 0:
            current = 1
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif word in _TENS:
            current += _TENS[word]
        elif word in CARDINAL_WORDS:
            current += CARDINAL_WORDS[word]
        else:
            return None
    return total + current


def parse_ordinal(text: str) -> int | None:
    """The integer an ordinal names: "20th", "21st", "twentieth", "twenty-first", "forty fifth"."""
    raw = text.strip().lower()
    digits = raw.rstrip("stndrh.")
    if digits.isdigit() and digits != raw:
        return int(digits)
    if raw.isdigit():
        return int(raw)
    return ORDINAL_WORDS.get(_normalise_words(raw))


def month_number(word: str) -> int | None:
    """1–12 for a month name or its abbreviation ("Dec.", "Sept"), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """0 (Monday) – 6 (Sunday) for a weekday name or its abbreviation, else None."""
    return WEEKDAYS.get(word.lower().rstrip("."))


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when that day does not exist (30 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (31 January + 1 month = 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` of ``unit`` (hour, day, week, fortnight, month, quarter, year, decade)."""
    unit = unit.lower()
    unit = unit[:-1] if unit.endswith("s") else unit
    if unit == "hour":  # to the day: "24 hours ago" is yesterday, "12 hours ago" today
        return day + timedelta(days=int(amount / 24))
    if unit == "day":
        return day + timedelta(days=amount)
    if unit == "week":
        return day + timedelta(weeks=amount)
    if unit == "fortnight":
        return day + timedelta(weeks=2 * amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "quarter":
        return add_months(day, 3 * amount)
    if unit == "year":
        return add_months(day, 12 * amount)
    if unit == "decade":
        return add_months(day, 120 * amount)
    raise ValueError(f"unknown time unit {unit!r}; expected hour, day, week, fortnight, month, quarter, year, decade")


def week_of(day: date) -> tuple[date, date]:
    """The Monday–Sunday week (ISO 8601) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    """The calendar month that holds ``day``."""
    return day.replace(day=1), last_day(day.year, day.month)


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    """Quarter 1–4 of a calendar year."""
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), last_day(year, first + 2)


# Meteorological seasons of the northern hemisphere; a season belongs to the year it starts in, so
# "winter 2023" is December 2023 – February 2024.
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def season_span(name: str, year: int) -> tuple[date, date]:
    """The three months of a season that starts in ``year``."""
    first = date(year, SEASONS[name.lower()], 1)
    return first, add_months(first, 3) - timedelta(days=1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (1-based; -1 = last) given weekday of a month, or None when it has no such day."""
    if n < 0:
        end = last_day(year, month)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday(name: str, year: int) -> date | None:
    """The date of a widely used English-language holiday name in ``year`` (None if unknown).

    US federal holidays are given their US dates, since English-language news mostly means those.
    """
    key = " ".join(name.lower().replace("’", "'").replace("'s", "s").split())
    fixed = {
        "new years day": (1, 1), "new year": (1, 1), "new years": (1, 1),
        "new years eve": (12, 31), "christmas eve": (12, 24), "christmas": (12, 25),
        "christmas day": (12, 25), "xmas": (12, 25), "boxing day": (12, 26),
        "valentines day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
        "st patricks day": (3, 17), "saint patricks day": (3, 17), "juneteenth": (6, 19),
        "veterans day": (11, 11), "armistice day": (11, 11), "may day": (5, 1),
    }
    if key in fixed:
        month, day = fixed[key]
        return date(year, month, day)
    if key in ("easter", "easter sunday", "easter day"):
        return easter(year)
    if key in ("black friday", "cyber monday"):
        thanksgiving = nth_weekday(year, 11, 3, 4)
        return thanksgiving + timedelta(days=1 if key == "black friday" else 4) if thanksgiving else None
    if key == "good friday":
        return easter(year) - timedelta(days=2)
    if key == "easter monday":
        return easter(year) + timedelta(days=1)
    by_weekday = {
        "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
        "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "mlk day": (1, 0, 3),
        "mothers day": (5, 6, 2), "fathers day": (6, 6, 3), "presidents day": (2, 0, 3),
        "columbus day": (10, 0, 2),
    }
    if key in by_weekday:
        month, weekday, n = by_weekday[key]
        return nth_weekday(year, month, weekday, n)
    return None


def thirds(start: date, end: date, unit: str) -> tuple[tuple[date, date], ...]:
    """An interval cut in its early, middle and late parts, on the boundaries English uses.

    Month: 1–10, 11–20, 21–end. Year: January–April, May–August, September–December. Season: its
    three months.
    Week: Monday–Tuesday, Wednesday–Thursday, Friday–Sunday. Decade: years 0–3, 4–6, 7–9.
    """
    if unit == "month":
        return ((start, start.replace(day=10)), (start.replace(day=11), start.replace(day=20)),
                (start.replace(day=21), end))
    if unit == "year":
        return ((start, last_day(start.year, 4)), (date(start.year, 5, 1), last_day(start.year, 8)),
                (date(start.year, 9, 1), end))
    if unit == "season":
        second, third = add_months(start, 1), add_months(start, 2)
        return ((start, second - timedelta(days=1)), (second, third - timedelta(days=1)), (third, end))
    if unit == "decade":
        return ((start, date(start.year + 3, 12, 31)), (date(start.year + 4, 1, 1),
                date(start.year + 6, 12, 31)), (date(start.year + 7, 1, 1), end))
    # week, or any other short interval: cut in days
    days = (end - start).days + 1
    a, b = round(days * 2 / 7), round(days * 4 / 7)
    return ((start, start + timedelta(days=a - 1)), (start + timedelta(days=a),
            start + timedelta(days=b - 1)), (start + timedelta(days=b), end))


def part_of(part: str | None, span: tuple[date, date], unit: str) -> tuple[tuple[date, date], str]:
    """A part of a period as English names it ("early", "mid-", "the end of", "the first half of",
    "the last week of", "the first two weeks of"), and the granularity of the result.

    ``unit`` is the period's kind (month, year, week, season, decade); without ``part`` the period
    itself is returned.
    """
    start, end = span
    if not part:
        return span, unit
    p = " ".join(part.lower().replace("-", " ").split())
    p = re.sub(r"^(?:the\s+)?(?:very\s+)?", "", p).removesuffix(" of")
    third = thirds(start, end, unit)
    gran = f"part_of_{unit}"
    if "half" in p:
        total = (end - start).days + 1
        if unit == "year":
            return ((start, last_day(start.year, 6)) if p.startswith("first") else
                    (date(start.year, 7, 1), end)), gran
        middle = start + timedelta(days=total // 2 - 1)
        return ((start, middle) if p.startswith("first") else (middle + timedelta(days=1), end)), gran
    counted = re.fullmatch(r"(first|last|final) (\w+) (days|weeks|months)", p)
    if counted:  # "the last three weeks of the year"
        n = parse_cardinal(counted.group(2)) or 1
        unit_name = counted.group(3)[:-1]
        if counted.group(1) == "first":
            return (start, min(shift(start, n, unit_name) - timedelta(days=1), end)), gran
        return (max(shift(end + timedelta(days=1), -n, unit_name), start), end), gran
    if p.endswith("week"):  # "the first/last week of": seven days counted from the start/end
        if p.startswith(("last", "final")):
            return (end - timedelta(days=6), end), "week"
        k = {"first": 0, "second": 1, "third": 2, "fourth": 3}[p.split()[0]]
        first = start + timedelta(days=7 * k)
        return (first, min(first + timedelta(days=6), end)), "week"
    if p.endswith("days") and unit != "week":  # "the first/last (few) days of": a week's worth
        return ((end - timedelta(days=6), end) if p.startswith(("last", "final")) else
                (start, start + timedelta(days=6))), gran
    if unit == "year" and p in ("beginning", "start"):
        return (start, last_day(start.year, 1)), gran
    if unit == "year" and p in ("end", "close"):
        return (date(start.year, 12, 1), end), gran
    if p.startswith(("early", "beginning", "start", "first")):
        return third[0], gran
    if p.startswith(("mid", "middle")):
        return third[1], gran
    return third[2], gran  # late, end, close, last/final days


def period_of(unit: str, day: date) -> tuple[date, date]:
    """The calendar unit (week, weekend, month, quarter, year, decade) that holds ``day``."""
    if unit == "week":
        return week_of(day)
    if unit == "weekend":
        monday, _ = week_of(day)
        return monday + timedelta(days=5), monday + timedelta(days=6)
    if unit == "month":
        return month_of(day)
    if unit == "quarter":
        return quarter_span(day.year, (day.month - 1) // 3 + 1)
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if unit == "decade":
        first = day.year // 10 * 10
        return date(first, 1, 1), date(first + 9, 12, 31)
    return day, day
