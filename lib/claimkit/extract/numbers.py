"""Numbers as English news writes them: numerals and number words turned into values.

This module knows what a *number* is ("1,500", "10 000", "1.5 million", "twenty-one", "a dozen", "two
and a half", "two-thirds", "2½", "three million, two hundred & forty", "hundreds of thousands");
whether a number is a *quantity* worth reporting (and not a date, an ordinal or part of a name) is
decided by :mod:`claimkit.extract.quantities`.

Everything works on plain text with a small regex lexer, so it behaves the same on a full spaCy parse
and on a fast (tokenizer-only) Doc.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field

from ..errors import ExtractionWarning

__all__ = [
    "NumberMention",
    "Tok",
    "find_numbers",
    "may_hold_number",
    "lex",
    "parse_number",
    "scan_numbers",
    "NUMBER_WORDS",
    "VULGAR_FRACTIONS",
]

ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
#: Abbreviated scales written after a numeral ("5bn", "€10M", "0.5k", "3 mln"). Case matters: a lone
#: "m" is a metre unless a currency sign precedes (decided by the quantity extractor).
SCALE_ABBREVIATIONS: dict[str, float] = {
    "k": 1e3, "K": 1e3, "M": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "Bn": 1e9, "tn": 1e12, "trn": 1e12,
}
#: Denominators of fractions written as words ("a third", "two-thirds", "three quarters").
FRACTIONS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
#: Plural scale words used as vague amounts ("dozens of", "hundreds", "tens of thousands"). The value
#: reported is the least the wording commits to: two of the unit ("dozens" >= 24).
VAGUE_PLURALS: dict[str, float] = {
    "dozens": 12.0, "scores": 20.0, "tens": 10.0, "hundreds": 1e2, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}
#: Vague quantifiers before a singular scale ("several hundred", "a few thousand"): the multiplier
#: they commit to at least.
VAGUE_QUANTIFIERS: dict[str, float] = {"several": 3.0, "few": 2.0, "many": 2.0}

#: Single-character fractions ("½", "2¾"), read like "1/2" written as numerals.
VULGAR_FRACTIONS: dict[str, float] = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5, "⅗": 3 / 5,
    "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8, "⅐": 1 / 7,
    "⅑": 1 / 9, "⅒": 1 / 10,
}
#: Month names: a figure right after one is a day of the month ("October 7 250 people" is no "7 250").
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

NUMBER_WORDS: frozenset[str] = frozenset(ONES) | frozenset(TEENS) | frozenset(TENS) | frozenset(SCALES) | {
    "dozen"
}
_CARDINAL_WORDS = frozenset(ONES) | frozenset(TEENS) | frozenset(TENS)
_SCALE_OR_DOZEN = frozenset(SCALES) | {"dozen"}
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_DASHES = frozenset("-–—‐‑")

# One lexer for the whole kit's number handling: numerals (with an optional exponent), words
# (letters, with inner apostrophes: "o'clock", "Israel's"), and single other characters.
_LEX_RE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*(?:[eE][-+−]?\d+(?![\w]))?)"
    r"|(?P<fraction>[" + "".join(VULGAR_FRACTIONS) + r"])"  # a symbol, though Unicode calls "½" a letter
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
_KINDS = {"num": "num", "word": "word", "sym": "sym", "fraction": "sym"}
_THOUSANDS_GROUP_RE = re.compile(r"^\d{3}(?:\.\d+)?$")
_PLAIN_NUMERAL_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_EXPONENT_RE = re.compile(r"^(\d+(?:\.\d+)?)[eE]([-+−]?\d+)$")
# A cheap test that a text may hold a number at all, so number-free sentences cost one search.
HAS_NUMBER_RE = re.compile(
    r"[\d" + "".join(VULGAR_FRACTIONS) + r"]|\b(?:"
    + "|".join(sorted(NUMBER_WORDS | set(VAGUE_PLURALS) | set(FRACTIONS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


_DIGIT_RE = re.compile(r"[\d" + "".join(VULGAR_FRACTIONS) + r"]")
_LOWER_WORD_RE = re.compile(r"[a-z]+")
_NUMBERISH_WORDS = frozenset(NUMBER_WORDS | set(VAGUE_PLURALS) | set(FRACTIONS))


def may_hold_number(text: str) -> bool:
    """A cheap test that ``text`` may hold a number (a digit, "½", or a number word), so that number-free
    sentences cost one scan. Same answer as ``HAS_NUMBER_RE``, several times faster."""
    return _DIGIT_RE.search(text) is not None or not _NUMBERISH_WORDS.isdisjoint(_LOWER_WORD_RE.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Tok:
    """A lexer token: ``kind`` is "num", "word" or "sym"; offsets are into the lexed text."""

    text: str
    start: int
    end: int
    kind: str
    lower: str


@dataclass(slots=True)
class NumberMention:
    """A number found in text: its character span, value and how it was written.

    ``kind`` is "numeral" (digits), "words" ("twenty-one", "a dozen"), "fraction" ("half", "two-thirds")
    or "vague" ("dozens", "hundreds of thousands"; ``value`` is then the least amount it commits to).
    ``first``/``last`` are token indices (inclusive) into the lexer tokens. ``scale`` is the multiplier
    written after the figure ("million" → 1e6), ``base`` the figure before it. ``suffix`` holds letters
    glued to a numeral that are not a scale ("km" in "4km"), for the caller to read as a unit or reject.
    ``dash_joined`` marks a numeral glued by a dash to the previous numeral ("5-10", "3-1").
    """

    start: int
    end: int
    value: float
    kind: str
    first: int
    last: int
    base: float = 0.0
    scale: float = 1.0
    suffix: str | None = None
    dash_joined: bool = False
    plain_integer: str | None = field(default=None)  # the digits, when written as a bare integer


#: A numeral longer than this (digits, separators and exponent) is no figure a text reports but a code
#: or junk: it is lexed as a symbol, so nothing ever converts its thousands of digits (``int`` refuses).
MAX_NUMERAL_CHARS = 100


def lex(text: str) -> list[Tok]:
    """Split text into numerals, words and single symbols with character offsets."""
    toks = []
    for m in _LEX_RE.finditer(text):
        kind = _KINDS.get(m.lastgroup or "sym", "sym")
        if kind == "num" and m.end() - m.start() > MAX_NUMERAL_CHARS:
            _skipped(m.group(), f"{m.end() - m.start()} characters long")
            kind = "sym"
        toks.append(Tok(m.group(), m.start(), m.end(), kind, m.group().lower()))
    return toks


def _skipped(text: str, why: str) -> None:
    """Warn that one number could not be read (the caller skips it; the rest of the text goes on)."""
    shown = text if len(text) <= 20 else text[:20] + "…"
    warnings.warn(f"number {shown!r} skipped: {why}", ExtractionWarning, stacklevel=3)


def _numeral_value(text: str) -> float | None:
    """The value of a numeral ("1,500", "2.5", "3e6"); None, with a warning, when no float holds it."""
    m = _EXPONENT_RE.match(text)
    if _PLAIN_NUMERAL_RE.match(text):
        value = float(text.replace(",", ""))
    elif m:
        value = _times_ten_to(float(m.group(1)), int(m.group(2).replace("−", "-")))
    else:
        return None
    if not _readable(value, text):
        _skipped(text, "out of the range of numbers")
        return None
    return value


def _times_ten_to(value: float, exponent: int) -> float:
    """``value`` × 10 ** ``exponent``; infinite when that overflows (``10.0 ** 400`` raises)."""
    try:
        return value * 10.0**exponent
    except OverflowError:
        return math.inf


def _readable(value: float, text: str) -> bool:
    """A finite value, and not a written non-zero figure that underflowed to 0 ("2e-400")."""
    return math.isfinite(value) and (value != 0 or not any(c in "123456789" for c in text))


def _words_value(words: list[str]) -> float | None:
    """Value of a sequence of lower-case number words, or None when it is not one well-formed number."""
    if not words:
        return None
    if words[0] == "half":
        if len(words) == 1:
            return 0.5
        if len(words) == 3 and words[1] in ("a", "an") and words[2] in _SCALE_OR_DOZEN:
            return 0.5 * (12.0 if words[2] == "dozen" else SCALES[words[2]])
        return None
    if words[-1] in FRACTIONS and "and" not in words and len(words) > 1:  # "a third", "one-half", "two thirds"
        numerator = 1.0 if words[:-1] in (["a"], ["an"]) else _words_value(words[:-1])
        if numerator is None or numerator != int(numerator) or not 1 <= numerator < FRACTIONS[words[-1]] * 2:
            return None
        return numerator / FRACTIONS[words[-1]]
    if "half" in words:  # "two and a half", "one and a half million"
        k = words.index("half")
        if k < 3 or words[k - 1] not in ("a", "an") or words[k - 2] != "and":
            return None
        head = _words_value(words[: k - 2])
        if head is None:
            return None
        value = head + 0.5
        for w in words[k + 1 :]:
            if w not in SCALES:
                return None
            value *= SCALES[w]
        return value
    total = 0.0
    current = 0.0
    last: str | None = None
    last_big = float("inf")
    for idx, w in enumerate(words):
        nxt = words[idx + 1] if idx + 1 < len(words) else None
        if w in ("a", "an"):
            if (idx != 0 and last != "and") or nxt not in _SCALE_OR_DOZEN:
                return None
            last = "a"
        elif w == "and":
            if last not in ("hundred", "scale") or nxt is None:
                return None
            last = "and"
        elif w in ONES:
            if last in ("one", "teen") or (last == "ten" and ONES[w] == 0):
                return None
            current += ONES[w]
            last = "one"
        elif w in TEENS:
            if last in ("one", "teen", "ten"):
                return None
            current += TEENS[w]
            last = "teen"
        elif w in TENS:
            if last in ("one", "teen", "ten"):
                return None
            current += TENS[w]
            last = "ten"
        elif w == "hundred":
            if last == "hundred" or current >= 100:
                return None
            current = (current or 1.0) * 100
            last = "hundred"
        elif w == "dozen":
            if last == "hundred":
                return None
            current = (current or 1.0) * 12
            last = "scale"
        elif w in SCALES:
            scale = SCALES[w]
            if scale >= last_big:
                return None
            total += (current or 1.0) * scale
            current = 0.0
            last_big = scale
            last = "scale"
        else:
            return None
    if last in ("a", "and"):
        return None
    return total + current


def _glued(toks: list[Tok], i: int) -> bool:
    """Whether token i touches token i-1 (no whitespace between)."""
    return i > 0 and toks[i - 1].end == toks[i].start


def _word_at(toks: list[Tok], i: int) -> str | None:
    return toks[i].lower if 0 <= i < len(toks) and toks[i].kind == "word" else None


def _scan_numeral(toks: list[Tok], i: int) -> tuple[NumberMention | None, int]:
    """Read a numeral starting at token i; return the mention (or None) and the next index to scan."""
    tok = toks[i]
    n = len(toks)
    # Left context: digits glued to letters ("G7", "MH17") or to a letter-dash ("COVID-19", "F-16",
    # "mid-2023") belong to a name or code, not a count.
    if _glued(toks, i) and toks[i - 1].kind == "word":
        return None, i + 1
    if (
        _glued(toks, i)
        and toks[i - 1].text in _DASHES
        and i >= 2
        and _glued(toks, i - 1)
        and toks[i - 2].kind == "word"
    ):
        return None, i + 1
    # Glued on the left through "+", "/", ":", "." or "_" to letters or digits: the tail of a code
    # ("J1149.5+6663", "www.x.com/2023", "ISO_9001") already rejected at its head.
    if (
        _glued(toks, i)
        and toks[i - 1].text in "+/:._"
        and i >= 2
        and _glued(toks, i - 1)
        and toks[i - 2].kind in ("word", "num")
    ):
        return None, i + 1
    # A chain of numerals glued by separators: dates ("2024-01-30", "20.12.2023", "12/20/2023"), times
    # and scores ("10:30", "3:1"), phone numbers, versions. One "/" may be a fraction; one dash is left
    # for the caller to read as a range.
    j = i
    seps: list[str] = []
    while (
        j + 2 < n
        and toks[j + 1].kind == "sym"
        and toks[j + 1].text in "/:-–—.+"
        and _glued(toks, j + 1)
        and toks[j + 2].kind == "num"
        and _glued(toks, j + 2)
    ):
        seps.append(toks[j + 1].text)
        j += 2
    if len(seps) >= 2 or (seps and seps[0] in ":.+"):
        return None, j + 1
    value = _numeral_value(tok.text)
    if value is None:
        return None, (j + 1 if seps and seps[0] == "/" else i + 1)
    if seps and seps[0] == "/":
        den = _numeral_value(toks[i + 2].text)
        if (
            den
            and "." not in tok.text + toks[i + 2].text
            and "," not in tok.text + toks[i + 2].text
            and 0 < value < den
            and (value == 1 or den <= 10 or den in (16, 32, 64, 100))  # not "9/11", "12/25" (dates)
            and not (i + 3 < n and toks[i + 3].kind == "word" and _glued(toks, i + 3))
        ):
            return NumberMention(tok.start, toks[i + 2].end, value / den, "fraction", i, i + 2, value / den), i + 3
        return None, i + 3
    start, last = tok.start, i
    digits = tok.text
    if not seps:
        last = _space_groups(toks, i)
        if last > i:  # "10 000": thousands separated by spaces
            digits = "".join(t.text for t in toks[i : last + 1])
            value = float(digits)
    base, scale = value, 1.0
    plain = tok.text if last == i and tok.text.isdigit() else None  # "1 500" is grouped, never a year
    suffix: str | None = None
    k = last + 1
    # Exponent written with a multiplication sign: "2.48×10−5", "3 x 10^8".
    if (
        k + 1 < n
        and toks[k].text in ("×", "x", "X")
        and toks[k + 1].text == "10"
        and toks[k + 1].start - toks[k].end <= 1
        and toks[k].start - toks[last].end <= 1
    ):
        m = k + 2
        sign = 1
        if m < n and toks[m].text == "^" and _glued(toks, m):
            m += 1
        if m < n and toks[m].text in ("-", "−", "+") and _glued(toks, m):
            sign = -1 if toks[m].text != "+" else 1
            m += 1
        if m < n and toks[m].kind == "num" and _glued(toks, m) and toks[m].text.isdigit():
            value = _times_ten_to(value, sign * int(toks[m].text))
            if not _readable(value, tok.text):
                written = f"{tok.text}×10^{'-' if sign < 0 else ''}{toks[m].text}"
                _skipped(written, "out of the range of numbers")
                return None, m + 1
            return NumberMention(start, toks[m].end, value, "numeral", i, m, value), m + 1
    # Letters glued to the right: ordinals ("7th"), decades and plurals ("1960s"), scales ("5bn"),
    # or a unit/code the caller judges ("4km", "5G").
    if k < n and toks[k].kind == "word" and _glued(toks, k):
        glued = toks[k].text
        if glued.lower() in _ORDINAL_SUFFIXES or glued.lower() == "s":
            return None, k + 1
        if k + 1 < n and toks[k + 1].kind == "num" and _glued(toks, k + 1) and toks[k + 1].text not in ("2", "3"):
            return None, k + 2  # digits, letters, digits: a code ("06F6", "4K77"), not a figure with a unit
        if glued in SCALE_ABBREVIATIONS:
            scale = SCALE_ABBREVIATIONS[glued]
            last, k = k, k + 1
            plain = None
        else:
            suffix = glued
    if suffix is None:
        # "2½", "2 ½": a whole number followed by a one-character fraction.
        if plain is not None and k < n and toks[k].text in VULGAR_FRACTIONS and toks[k].start - toks[last].end <= 1:
            value = value + VULGAR_FRACTIONS[toks[k].text]
            return NumberMention(start, toks[k].end, value, "numeral", i, k, value), k + 1
        # "2 1/2": a whole number followed by a proper fraction.
        if (
            plain is not None
            and k + 2 < n
            and toks[k].kind == "num"
            and not _glued(toks, k)
            and toks[k + 1].text == "/"
            and _glued(toks, k + 1)
            and toks[k + 2].kind == "num"
            and _glued(toks, k + 2)
        ):
            num, den = _numeral_value(toks[k].text), _numeral_value(toks[k + 2].text)
            if num is not None and den and 0 < num < den and toks[k].text.isdigit():
                value = value + num / den
                return NumberMention(start, toks[k + 2].end, value, "numeral", i, k + 2, value), k + 3
        # Scale words after a space: "1.5 million", "2 hundred thousand", "3 bn".
        while k < n and toks[k].kind == "word" and not _glued(toks, k):
            w = toks[k].text
            if w.lower() in SCALES and (scale == 1.0 or SCALES[w.lower()] > scale):
                scale *= SCALES[w.lower()]
            elif w in SCALE_ABBREVIATIONS and w not in ("k", "K", "M") and scale == 1.0:
                scale *= SCALE_ABBREVIATIONS[w]
            else:
                break
            last, k = k, k + 1
            plain = None
    if not math.isfinite(base * scale):  # "1 000 000 …" in hundreds of groups, or 1e300 trillion
        _skipped(digits, "out of the range of numbers")
        return None, last + 1
    mention = NumberMention(
        start, toks[last].end, base * scale, "numeral", i, last, base, scale, suffix,
        dash_joined=bool(
            i >= 2 and toks[i - 1].text in _DASHES and _glued(toks, i) and _glued(toks, i - 1)
            and toks[i - 2].kind == "num"
        ),
        plain_integer=plain,
    )
    return mention, (last + 1)


def _space_groups(toks: list[Tok], i: int) -> int:
    """Index of the last three-digit group of a numeral written with spaces between its thousands
    ("10 000", "1 500 000"), or ``i`` when the figure at ``i`` has none.

    Groups are exactly three digits after one space. A figure right after a month is a day ("October
    7 250 people") and one right after a capitalised word mid-sentence a label ("Route 66 500 yards");
    a further number after the groups shows a list or a phone number, not one figure.
    """
    head = toks[i].text
    if not (head.isdigit() and len(head) <= 3 and head[0] != "0"):
        return i
    if i > 0 and (
        toks[i - 1].lower.rstrip(".") in _MONTH_WORDS
        or (i > 1 and toks[i - 1].kind == "word" and toks[i - 1].text[0].isupper())  # "Route 66 500 yards"
        or (toks[i - 1].kind == "num" and toks[i].start - toks[i - 1].end <= 1)
    ):
        return i
    j = i
    n = len(toks)
    while (
        j + 1 < n
        and toks[j + 1].kind == "num"
        and toks[j + 1].start - toks[j].end == 1
        and "." not in toks[j].text
        and _THOUSANDS_GROUP_RE.match(toks[j + 1].text)
    ):
        j += 1
    if j == i:
        return i
    nxt = toks[j + 1] if j + 1 < n else None
    if nxt is not None and (
        (nxt.kind == "num" and nxt.start - toks[j].end <= 1) or (nxt.text in "/:" and nxt.start == toks[j].end)
    ):
        return i
    return j


# The longest number written in words ("nine hundred and ninety-nine trillion, nine hundred and ninety-nine
# billion, ...") has fewer words than this; a longer run ("two hundred and two hundred and ...") is read
# in bounded pieces, where an unbounded one cost time cubic in its length.
MAX_NUMBER_WORDS = 40


def _collect_words(toks: list[Tok], i: int) -> tuple[list[int], list[int]]:
    """Indices of a run of number-ish words from i (joined by spaces, glued dashes, "&", or a comma
    after a scale word: "three million, two hundred"), and the run positions that follow a comma."""
    idx = [i]
    commas: list[int] = []
    j = i + 1
    n = len(toks)
    while j < n and len(idx) < MAX_NUMBER_WORDS:
        if toks[j].kind == "sym" and toks[j].text in _DASHES and _glued(toks, j) and j + 1 < n and _glued(toks, j + 1):
            j += 1  # "twenty-one", "two-thirds", "one-and-a-half"
            if toks[j].kind != "word":
                break
        elif toks[j].text == "&" and not _glued(toks, j) and _word_at(toks, j + 1) in NUMBER_WORDS:
            idx.append(j)  # "two hundred & forty" reads as "and"
            j += 1
            continue
        elif (
            toks[j].text == ","
            and _glued(toks, j)
            and len(idx) >= 2
            and toks[idx[-1]].lower in SCALES
            and toks[idx[-1]].lower != "hundred"
            and _word_at(toks, j + 1) in _CARDINAL_WORDS
            and not _glued(toks, j + 1)
        ):
            commas.append(len(idx))  # "three million, two hundred and forty"
            j += 1
            continue
        elif toks[j].kind != "word" or _glued(toks, j):
            break
        w = toks[j].lower
        if w in NUMBER_WORDS or w in FRACTIONS or w in ("and", "a", "an"):
            idx.append(j)
            j += 1
            continue
        break
    while commas and commas[-1] >= len(idx):
        commas.pop()
    return idx, commas


def _scan_words(toks: list[Tok], i: int) -> tuple[NumberMention | None, int]:
    """Read a number written in words at token i ("a hundred and two", "two-thirds", "half a million")."""
    run, commas = _collect_words(toks, i)
    every = ["and" if toks[j].text == "&" else toks[j].lower for j in run]
    for length in range(len(run), 0, -1):
        words = every[:length]
        if words[-1] in ("and", "a", "an"):
            continue
        crossed = [c for c in commas if c < length]
        if crossed and length - crossed[-1] < 2:
            continue  # after a comma, a lone word starts a list ("a million, two were ..."), not a part
        value = _words_value(words)
        if value is None:
            continue
        last = run[length - 1]
        # "two-thirds", "a quarter", "half" are fractions; "two and a half" is a plain number.
        kind = "fraction" if words[-1] in FRACTIONS and not (words[-1] == "half" and len(words) > 1) else "words"
        scale = 1.0
        for w in reversed(words):
            if w in SCALES or w == "dozen":
                scale = 12.0 if w == "dozen" else SCALES[w]
                break
        return NumberMention(toks[i].start, toks[last].end, value, kind, i, last, value / scale, scale), last + 1
    return None, i + 1


def _scan_vague(toks: list[Tok], i: int) -> tuple[NumberMention | None, int]:
    """Vague amounts: "dozens", "hundreds of thousands", "tens of millions", "several hundred"."""
    n = len(toks)
    w = toks[i].lower
    if w in VAGUE_QUANTIFIERS or (w == "a" and _word_at(toks, i + 1) == "few"):
        q = i + 1 if w != "a" else i + 2
        factor = VAGUE_QUANTIFIERS["few" if w == "a" else w]
        if _word_at(toks, q) in _SCALE_OR_DOZEN:
            low = factor * (12.0 if toks[q].lower == "dozen" else SCALES[toks[q].lower])
            last = q
            if _word_at(toks, q + 1) in SCALES and SCALES[toks[q + 1].lower] > (12.0 if toks[q].lower == "dozen" else SCALES[toks[q].lower]):
                last = q + 1
                low *= SCALES[toks[last].lower]
            return NumberMention(toks[i].start, toks[last].end, low, "vague", i, last, low), last + 1
        return None, i + 1
    if w not in VAGUE_PLURALS:
        return None, i + 1
    low = 2 * VAGUE_PLURALS[w]
    last = i
    # "tens of thousands", "hundreds of millions"
    if _word_at(toks, i + 1) == "of" and _word_at(toks, i + 2) in VAGUE_PLURALS and VAGUE_PLURALS[toks[i + 2].lower] > VAGUE_PLURALS[w]:
        low = VAGUE_PLURALS[w] * 2 * VAGUE_PLURALS[toks[i + 2].lower]
        last = i + 2
    elif w in ("tens", "scores") and not (_word_at(toks, i + 1) == "of"):
        return None, i + 1  # "tens" alone is not an amount; "scores" alone is usually results
    if last + 1 < n and toks[last + 1].kind == "word" and toks[last + 1].lower in VAGUE_PLURALS:
        return None, i + 1
    return NumberMention(toks[i].start, toks[last].end, low, "vague", i, last, low), last + 1


def scan_numbers(toks: list[Tok]) -> list[NumberMention]:
    """Every number expression in a lexed text, left to right, non-overlapping."""
    out: list[NumberMention] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        mention: NumberMention | None = None
        nxt = i + 1
        if tok.kind == "num":
            mention, nxt = _scan_numeral(toks, i)
        elif tok.text in VULGAR_FRACTIONS and not (_glued(toks, i) and toks[i - 1].kind in ("word", "num")):
            v = VULGAR_FRACTIONS[tok.text]
            mention = NumberMention(tok.start, tok.end, v, "fraction", i, i, v)
        elif tok.kind == "word":
            w = tok.lower
            if w in VAGUE_PLURALS or w in VAGUE_QUANTIFIERS or (w == "a" and _word_at(toks, i + 1) == "few"):
                mention, nxt = _scan_vague(toks, i)
            elif (
                w in _CARDINAL_WORDS
                or w in _SCALE_OR_DOZEN
                or w == "half"
                or (w in ("a", "an") and _word_at(toks, i + 1) in _SCALE_OR_DOZEN | set(FRACTIONS) - {"half"})
            ):
                if _glued(toks, i) and toks[i - 1].kind in ("word", "num"):
                    nxt = i + 1  # a letter run glued to something else: not a number word
                else:
                    mention, nxt = _scan_words(toks, i)
        if mention is not None:
            out.append(mention)
        i = max(nxt, i + 1)
    return out


def find_numbers(text: str) -> list[NumberMention]:
    """Every number expression in ``text`` with character offsets into it."""
    return scan_numbers(lex(text))


def parse_number(text: str) -> float | None:
    """The value of a text that is one number ("2,500", "1.5 million", "twenty-one", "a dozen", "half").

    Returns None when the text is not exactly one number, or is vague ("dozens", "hundreds"): a vague
    amount has no single value (see :class:`NumberMention`, kind "vague").
    """
    cleaned = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    sign = 1.0
    if cleaned[:1] in ("-", "−", "+"):
        sign = -1.0 if cleaned[0] != "+" else 1.0
        cleaned = cleaned[1:].lstrip()
    toks = lex(cleaned)
    if not toks:
        return None
    mentions = scan_numbers(toks)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    if m.kind == "vague" or m.first != 0 or m.last != len(toks) - 1 or m.suffix is not None:
        return None
    return sign * m.value
