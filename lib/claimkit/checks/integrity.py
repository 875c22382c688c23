"""Damaged text: redaction or placeholder marks, clauses repeated verbatim, and encoding damage.

These checks read the article text directly (no claims, no model), so they also work on text the
extractors could not parse. One finding per distinct problem: adjacent marks form one cluster, a
repeated clause is reported once per sentence, and each kind of encoding damage once per article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import pandas as pd

from ._common import ArticleContext, article_contexts, finding, quote, records, sentence_spans, to_frame

# A redaction or placeholder mark: two or more asterisks, "[redacted]" and the like, a run of three or
# more capital X standing alone (not part of a word or a longer Roman numeral), or three or more
# underscores. An ellipsis in brackets ("[...]", "[…]", "(...)") is an editor's cut inside a quotation,
# the ordinary way to shorten one: never a redaction.
MARK = re.compile(
    r"\*{2,}"
    r"|\[\s*(?:redacted|removed|deleted|name withheld|withheld)\s*\]"
    r"|(?<![A-Za-z])(?-i:X{3,})(?![A-Za-z])"
    r"|_{3,}",
    re.IGNORECASE,
)
# Markdown emphasis around several words ("**Talks resume in Cairo**") is formatting, not a mark.
_EMPHASIS = re.compile(r"(?<![\w*])\*\*(?=[^\s*])[^*\n]{0,100}?\s[^*\n]{0,100}?(?<=[^\s*])\*\*(?![\w*])")
# Two marks belong to one cluster when only a short stretch without spaces ("**18**") or only
# whitespace ("** **") separates them.
_CLUSTER_GAP = re.compile(r"\S{1,12}")
# "XXX" is also the Roman numeral 30, which follows a name ("Super Bowl XXX", "Chapter XXX"); after a
# title or honorific ("Mr XXX", "Minister XXX") it stands for a name that was left out.
_ROMAN_AFTER_NAME = re.compile(r"\b[A-Z][a-z]+\s$")
_TITLES = frozenset(
    """mr mrs ms miss dr sir dame lord lady madam minister president premier chancellor mayor governor senator
    general colonel captain major sergeant officer agent professor judge justice king queen prince princess
    pope sheikh emir sultan ambassador spokesman spokeswoman spokesperson director chief commander""".split()
)
_WORD_BEFORE = re.compile(r"([\w’'.-]*\w)(\s*)$")
_WORD_AFTER = re.compile(r"^(\s*)(\w[\w’'-]*)")

# Repeated clauses: token n-grams of at least MIN_REPEAT tokens, with at least MIN_CONTENT words that are
# not function words, repeated inside one sentence. A repeat far from its first copy must be longer.
MIN_REPEAT = 5
MAX_REPEAT = 80  # a repeat is compared over at most this many tokens (a clause), so a text of one
# phrase repeated thousands of times costs linear time
MIN_DISTANT_REPEAT = 8
MIN_CONTENT = 2
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with and or but nor so as that this these those it its is are
    was were be been being has have had do does did not no he she they we you i his her their our your
    which who whom whose what when where while than then there here if into onto over under about""".split()
)

# Encoding damage. Mojibake: UTF-8 bytes decoded as Windows-1252 (or Latin-1) give runs such as "â€™"
# or "Ã©"; a run is damage when re-encoding it as Windows-1252 gives valid UTF-8 (the test ftfy uses).
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_EXTRA}\u00a0-\u00bf]{{1,3}}")
_REPLACEMENT = re.compile("\ufffd+|ï¿½")


@dataclass(frozen=True, slots=True)
class _Cluster:
    start: int
    end: int


def find_integrity_problems(articles: pd.DataFrame, *, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Findings of kind ``integrity`` for every article: marks, repeated clauses, encoding damage."""
    names = _mention_spans(mentions)
    rows: list[dict[str, Any]] = []
    for context in article_contexts(articles).values():
        rows.extend(_marks(context, names.get(context.article_id, [])))
        rows.extend(_repeats(context))
        rows.extend(_encoding(context))
    return to_frame(rows)


# --- redaction and placeholder marks ---------------------------------------------------------------
def mark_clusters(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cluster of adjacent redaction/placeholder marks in ``text``."""
    clusters: list[_Cluster] = []
    emphasis = [(m.start(), m.end()) for m in _EMPHASIS.finditer(text)]
    for match in MARK.finditer(text):
        if any(s <= match.start() and match.end() <= e for s, e in emphasis) or _roman_numeral(text, match):
            continue
        gap = text[clusters[-1].end : match.start()] if clusters else None
        if gap is not None and (gap == "" or (gap.isspace() and "\n" not in gap) or _CLUSTER_GAP.fullmatch(gap)):
            clusters[-1] = _Cluster(clusters[-1].start, match.end())
        else:
            clusters.append(_Cluster(match.start(), match.end()))
    return [(c.start, c.end) for c in clusters]


def _roman_numeral(text: str, match: re.Match[str]) -> bool:
    """"XXX" right after a capitalised word that is not a title: a numeral ("Super Bowl XXX"), not a mark."""
    if match.group(0) != "XXX":
        return False
    before = _ROMAN_AFTER_NAME.search(text, max(0, match.start() - 30), match.start())
    return before is not None and before.group(0).strip().lower() not in _TITLES


def _marks(context: ArticleContext, names: list[tuple[int, int, str]]) -> Iterator[dict[str, Any]]:
    text = context.text
    for start, end in mark_clusters(text):
        mark = text[start:end]
        before = _WORD_BEFORE.search(text[max(0, start - 60) : start])
        after = _WORD_AFTER.search(text[end : end + 60])
        if before and "\n" in before.group(2):
            before = None
        if after and "\n" in after.group(1):
            after = None
        glued_before = bool(before and before.group(2) == "")
        glued_after = bool(after and after.group(1) == "")
        span_start = start - len(before.group(0)) if before else start
        span_end = end + len(after.group(0)) if after else end
        if glued_before and not glued_after:
            span_start = _name_start(text, span_start)  # "The Times**": the whole name the mark follows
        if text[span_start - 1 : span_start] == "(" and text[span_end : span_end + 1] == ")":
            span_start, span_end = span_start - 1, span_end + 1  # "(see **)"
        evidence = text[span_start:span_end]
        left = re.sub(r"\W*(?:[*_]{2,}|X{3,})\W*", " ", mark).strip()  # what the marks leave: "18" of "**18**"
        if glued_before and glued_after:
            why = f"a mark sits inside the word {quote(evidence)}: part of a word or name was cut out"
        elif left:
            why = f"it masks part of a name or title, leaving only {quote(left)}"
        elif before and after and after.group(2).lower() not in _FUNCTION_WORDS and not before.group(1).endswith("."):
            why = (f"a mark cuts the phrase {quote(evidence)}: a name or title between "
                   f"{quote(before.group(1))} and {quote(after.group(2))} is probably missing")
        elif glued_before or glued_after:
            word = before.group(1) if glued_before and before else after.group(2) if after else ""
            why = f"a mark is glued to {quote(word)}: a name or title next to it was probably cut"
        else:
            why = f"the placeholder {quote(mark)} stands where a name or reference was removed"
        severity = "low" if why.startswith("the placeholder") else "medium"
        touched = [n for s, e, n in names if s < span_end and e > span_start and n not in why]
        if touched:
            why += f" (next to the name {quote(touched[0])})"
        yield finding(
            kind="integrity",
            severity=severity,
            context=context,
            start=span_start,
            end=span_end,
            expected="the original wording, without redaction or placeholder marks",
            explanation=f"Redaction or placeholder mark {quote(mark)}: {why}; compare with the original "
            "source before quoting this passage.",
            key="mark",
        )


def _name_start(text: str, start: int) -> int:
    """Start of the run of capitalised words ending at ``start`` ("The Times" before "**")."""
    while True:
        match = re.search(r"(?:^|(?<=\s))([A-Z][\w’'.-]*) $", text[max(0, start - 40) : start])
        if match is None or (match.group(1).endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", match.group(1))):
            return start  # no capitalised word, or one that ends the previous sentence
        start -= len(match.group(0))


def _mention_spans(mentions: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    for row in records(mentions):
        if row.get("start") is None or row.get("end") is None:
            continue
        out.setdefault(str(row["article_id"]), []).append((int(row["start"]), int(row["end"]), str(row["text"])))
    return out


# --- clauses repeated verbatim inside a sentence ---------------------------------------------------
def repeated_clauses(sentence: str) -> list[tuple[int, int, int, int]]:
    """Maximal token runs repeated verbatim (case-insensitive) inside one sentence, as character spans
    (first_start, first_end, last_start, last_end): a run said three times in a row is one repeat whose
    last copy is the third; overlapping repeats are reported once."""
    return [run[:4] for run in repeated_runs(sentence)]


def repeated_runs(sentence: str) -> list[tuple[int, int, int, int, int]]:
    """``repeated_clauses`` with the number of copies: (first_start, first_end, last_start, last_end, copies)."""
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    words = [t[0] for t in tokens]
    seen: dict[tuple[str, ...], int] = {}
    found: list[tuple[int, int, int, int]] = []  # (first token, last copy's token, length, copies)
    covered_until = -1
    for j in range(len(words) - MIN_REPEAT + 1):
        gram = tuple(words[j : j + MIN_REPEAT])
        i = seen.get(gram)
        if i is None:
            seen[gram] = j
            continue
        if j < covered_until or not any(w not in _FUNCTION_WORDS and not w.isdigit() for w in gram):
            continue  # inside a repeat already reported, or no content word to repeat ("12 12 12 ...")
        length = MIN_REPEAT
        while (length < MAX_REPEAT and j + length < len(words) and i + length < j
               and words[i + length] == words[j + length]):
            length += 1
        length = min(length, j - i)  # the two copies never overlap
        content = sum(1 for w in words[j : j + length] if w not in _FUNCTION_WORDS and not w.isdigit())
        tandem = i + length == j
        if length < MIN_REPEAT or content < MIN_CONTENT or (not tandem and length < MIN_DISTANT_REPEAT):
            continue
        last, copies = j, 2
        while tandem and words[last + length : last + 2 * length] == words[i : i + length]:
            last, copies = last + length, copies + 1  # a periodic repeat: one run, however many copies
        found.append((i, last, length, copies))
        covered_until = last + length
    return [(tokens[i][1], tokens[i + n - 1][2], tokens[j][1], tokens[j + n - 1][2], k) for i, j, n, k in found]


def _repeats(context: ArticleContext) -> Iterator[dict[str, Any]]:
    text = context.text
    for s, e in sentence_spans(text):
        for a_start, a_end, b_start, b_end, copies in repeated_runs(text[s:e]):
            words = text[s + a_start : s + a_end]
            between = text[s + a_end : s + b_start]
            adjacent = copies > 2 or not between.strip(" ,;")
            times = "twice" if copies == 2 else {3: "three times", 4: "four times"}.get(copies, f"{copies} times")
            yield finding(
                kind="integrity",
                severity="medium" if adjacent else "low",
                context=context,
                start=s + a_start,
                end=s + b_end,
                expected=f"the words {quote(words)} once",
                explanation=(
                    f"The words {quote(words)} appear {times} "
                    + ("in a row " if adjacent else "")
                    + "in one sentence: probably a copy or translation error; read the original "
                    "before quoting the sentence."
                ),
                key="repeat",
            )


# --- encoding damage -------------------------------------------------------------------------------
def repair_mojibake(run: str) -> str | None:
    """The text a mojibake run stood for ("â€™" -> "’"), or None when the run is not mojibake."""
    data = bytearray()
    for ch in run:
        try:
            data += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            data.append(ord(ch))  # bytes cp1252 leaves undefined come through as C1 controls
    try:
        fixed = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != run else None


def _encoding(context: ArticleContext) -> Iterator[dict[str, Any]]:
    text = context.text
    damaged = []
    for match in _MOJIBAKE_RUN.finditer(text):
        fixed = None
        for size in range(len(match.group(0)), 1, -1):  # the longest prefix that decodes
            fixed = repair_mojibake(match.group(0)[:size])
            if fixed:
                damaged.append((match.start(), match.start() + size, fixed))
                break
    if damaged:
        start, end, fixed = damaged[0]
        yield finding(
            kind="integrity",
            severity="medium",
            context=context,
            start=start,
            end=end,
            expected=fixed,
            explanation=(
                f"Encoding damage (mojibake): {quote(text[start:end])} is UTF-8 text read with the wrong "
                f"encoding and stands for {quote(fixed)}; {len(damaged)} such place(s) in this article — "
                "re-read the source as UTF-8 before quoting it."
            ),
            key="mojibake",
        )
    lost = list(_REPLACEMENT.finditer(text))
    if lost:
        first = lost[0]
        yield finding(
            kind="integrity",
            severity="medium",
            context=context,
            start=first.start(),
            end=first.end(),
            expected="the original characters",
            explanation=(
                f"Encoding damage: {len(lost)} place(s) where characters were replaced by "
                f"{quote(first.group(0))} (the text was decoded with errors); the original letters are lost, "
                "so check names and figures against the source."
            ),
            key="replacement",
        )
