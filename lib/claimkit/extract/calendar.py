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
FUZZY_NUMBERS: dict[str, int] = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "a couple": 2, "couple": 2,
                                 "couple of": 2, "a few": 3, "few": 3, "a dozen": 12}

# Words that give no number, only a range of them: "a few days ago" is two to five days ago, not three.
VAGUE_COUNTS: dict[str, tuple[int, int]] = {"a few": (2, 5), "few": (2, 5), "several": (3, 7)}


def vague_count(text: str) -> tuple[int, int] | None:
    """The (fewest, most) a vague quantity word allows ("a few" 2–5, "several" 3–7), else None."""
    return VAGUE_COUNTS.get(" ".join(text.lower().split()))


def _normalise_words(text: str) -> str:
    return "-".join(text.lower().replace("-", " ").split())


def _is_integer(raw: str) -> bool:
    """Decimal digits ``int`` reads quickly: not "10²" (a digit to str.isdigit, not to int) nor 5,000 digits."""
    return raw.isdecimal() and len(raw) <= 18


def parse_cardinal(text: str) -> int | None:
    """The integer a digit string or English number words ("seventy", "one hundred and twenty") name."""
    raw = " ".join(text.lower().replace(",", "").split())
    if _is_integer(raw):
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
    if _is_integer(digits) and digits != raw:
        return int(digits)
    if _is_integer(raw):
        return int(raw)
    return ORDINAL_WORDS.get(_normalise_words(raw))


def two_digit_year(yy: int, anchor_year: int) -> int:
    """The full year a two-digit year names: the one from 80 years before to 20 years after the anchor
    (a sliding window, like the "two-digit year cutoff" of spreadsheets: in 2016, "27" is 2027, "40" 1940)."""
    year = anchor_year // 100 * 100 + yy
    if year > anchor_year + 20:
        year -= 100
    elif year <= anchor_year - 80:
        year += 100
    return year


_CENTURY_WORDS = {w: v for w, v in CARDINAL_WORDS.items() if 10 <= v <= 21 and "-" not in w}


def parse_year_words(text: str) -> int | None:
    """The year English words name: "nineteen ninety-nine", "nineteen oh five", "seventeen hundred
    thirty three", "two thousand and eighteen", "twenty twenty" (None for other numbers)."""
    words = [w for w in text.lower().replace("-", " ").split() if w != "and"]
    if not words:
        return None
    if "thousand" in words:  # "two thousand (and) eighteen", "one thousand seven hundred and eighty nine"
        value = parse_cardinal(" ".join(words))
        return value if value is not None and 1000 <= value <= 2999 else None
    head = _CENTURY_WORDS.get(words[0])
    if head is None:
        return None
    rest = words[1:]
    if rest and rest[0] == "hundred":  # "nineteen hundred (ninety three)"
        tail = parse_cardinal(" ".join(rest[1:])) if rest[1:] else 0
        return head * 100 + tail if tail is not None and tail < 100 else None
    if len(rest) == 2 and rest[0] in ("oh", "o", "zero"):  # "nineteen oh five"
        unit = CARDINAL_WORDS.get(rest[1])
        return head * 100 + unit if unit is not None and unit < 10 else None
    tail = parse_cardinal(" ".join(rest)) if rest else None
    if tail is None or not 10 <= tail <= 99:
        return None
    return head * 100 + tail


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
    """``day`` moved by ``amount`` of ``unit`` (hour, day, business day, week, fortnight, month, quarter, year,
    decade)."""
    unit = " ".join(unit.lower().replace("working", "business").split())
    unit = unit[:-1] if unit.endswith("s") else unit
    if unit == "business day":
        return add_business_days(day, amount)
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
    raise ValueError(f"unknown time unit {unit!r}; expected hour, day, business day, week, fortnight, month, quarter, "
                     "year, decade")


def week_of(day: date) -> tuple[date, date]:
    """The Monday–Sunday week (ISO 8601) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def calendar_weeks(start: date, end: date) -> list[tuple[date, date]]:
    """The Monday–Sunday weeks that belong to a span (a month, a year): those whose Thursday falls in it.

    This is the ISO 8601 rule for weeks of a year (week 1 holds the first Thursday, so it may start in
    late December), applied to months too: a week belongs to the month that holds most of its days.
    """
    first_thursday = start + timedelta(days=(3 - start.weekday()) % 7)
    weeks = []
    thursday = first_thursday
    while thursday <= end:
        weeks.append((thursday - timedelta(days=3), thursday + timedelta(days=3)))
        thursday += timedelta(weeks=1)
    return weeks


def iso_week(year: int, week: int) -> tuple[date, date] | None:
    """ISO 8601 week ``week`` (1–52 or 53) of ``year``, Monday–Sunday; None when the year has no such week."""
    weeks = calendar_weeks(date(year, 1, 1), date(year, 12, 31))
    return weeks[week - 1] if 1 <= week <= len(weeks) else None


def add_business_days(day: date, n: int) -> date:
    """``day`` moved by ``n`` working days (Monday–Friday; public holidays are not known here)."""
    step = 1 if n >= 0 else -1
    for _ in range(abs(n)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


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
    key = " ".join(name.lower().replace("’", "'").replace("'", "").replace(".", "").split())
    fixed = {
        "new years day": (1, 1), "new year": (1, 1), "new years": (1, 1),
        "new years eve": (12, 31), "christmas eve": (12, 24), "christmas": (12, 25),
        "christmas day": (12, 25), "xmas": (12, 25), "boxing day": (12, 26),
        "valentines day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
        "st patricks day": (3, 17), "saint patricks day": (3, 17), "juneteenth": (6, 19),
        "veterans day": (11, 11), "armistice day": (11, 11), "may day": (5, 1),
        "new year day": (1, 1), "earth day": (4, 22), "international workers day": (5, 1),
        "workers day": (5, 1), "remembrance day": (11, 11),
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
    itself is returned. Weeks counted in a month or longer are Monday–Sunday calendar weeks, each
    belonging to the span that holds its Thursday (see :func:`calendar_weeks`): "the first week of
    2015" is 29 December 2014 – 4 January 2015, as in ISO 8601.
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
    weeks = calendar_weeks(start, end) if unit not in ("week", "weekend") else []
    counted = re.fullmatch(r"(first|last|final) (\w+) (days|weeks|months)", p)
    if counted:  # "the last three weeks of the year"
        n = parse_cardinal(counted.group(2)) or 1
        unit_name = counted.group(3)[:-1]
        if unit_name == "week" and len(weeks) >= n:
            chosen = weeks[:n] if counted.group(1) == "first" else weeks[-n:]
            return (chosen[0][0], chosen[-1][1]), "week"
        if counted.group(1) == "first":
            return (start, min(shift(start, n, unit_name) - timedelta(days=1), end)), gran
        return (max(shift(end + timedelta(days=1), -n, unit_name), start), end), gran
    if p.endswith("month"):  # "the third month of 2021"
        n = parse_ordinal(p.split()[0])
        if unit == "year" and n and 1 <= n <= 12:
            return (date(start.year, n, 1), last_day(start.year, n)), "month"
        return span, unit
    if p.endswith("week") and weeks:  # "the first/third/last week of": a calendar week (see above)
        if p.startswith(("last", "final")):
            return weeks[-1], "week"
        k = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}.get(p.split()[0])
        if k is None:
            k = (parse_ordinal(p.split()[0]) or 1) - 1
        return (weeks[k] if k < len(weeks) else weeks[-1]), "week"
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
