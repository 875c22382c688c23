"""claimkit.report over small hand-built tables: highlighting (overlaps, offsets), escaping, cards,
provenance, summaries and the table views the notebooks use."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from claimkit import __version__, report
from claimkit.errors import ParameterError
from claimkit.paths import project_root
from claimkit.report import Evidence
from claimkit.tables import conform

HOSTILE = [
    '<script>window.__ck_pwned = "script"</script>',
    "<img src=x onerror=\"window.__ck_pwned = 'img'\">",
    '" onmouseover="window.__ck_pwned = 1" x="',
    "</mark></div><svg onload=alert(1)>",
]


class _Page(HTMLParser):
    """Collects every element (tag, attributes) and the text, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.marks: list[tuple[dict[str, str], str]] = []
        self._open_mark: dict[str, str] | None = None
        self._mark_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "mark":
            self._open_mark, self._mark_text = attributes, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open_mark is not None:
            self.marks.append((self._open_mark, "".join(self._mark_text)))
            self._open_mark = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open_mark is not None:
            self._mark_text.append(data)


def _parse(fragment: str) -> _Page:
    page = _Page()
    page.feed(fragment)
    page.close()
    return page


def _text_of(fragment: str) -> str:
    """The article text as shown: everything except the reference-number links after the marks."""
    skip = {"depth": 0}

    class _Shown(_Page):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            if tag == "a":
                skip["depth"] += 1
            super().handle_starttag(tag, attrs)

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            if tag == "a":
                skip["depth"] -= 1
            super().handle_endtag(tag)

        def handle_data(self, data):  # type: ignore[no-untyped-def]
            if not skip["depth"]:
                super().handle_data(data)

    page = _Shown()
    page.feed(fragment)
    return "".join(page.text)


def _assert_inert(fragment: str) -> None:
    """No element that runs script, and no event-handler or javascript: attribute anywhere."""
    page = _parse(fragment)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"script", "img", "svg", "iframe", "object", "embed"}
    for _, attributes in page.elements:
        assert not [name for name in attributes if name.startswith("on")]
        assert not any(value.strip().lower().startswith("javascript:") for value in attributes.values())


# ------------------------------------------------------------------------------------ highlighting

TEXT = "The Prime Minister of Qatar Mohammed bin Salman met Burns in Warsaw."


@pytest.mark.parametrize(
    ("spans", "expected_marks"),
    [
        ([], []),
        ([Evidence(4, 47, "f1", "role_conflict", "high")],
         [("Prime Minister of Qatar Mohammed bin Salman", "f1")]),
        ([Evidence(4, 18, "f1"), Evidence(52, 57, "f2")], [("Prime Minister", "f1"), ("Burns", "f2")]),
        # nested: the outer span is cut around the inner one
        ([Evidence(4, 47, "f1"), Evidence(28, 47, "f2")],
         [("Prime Minister of Qatar ", "f1"), ("Mohammed bin Salman", "f1 f2")]),
        # partial overlap
        ([Evidence(4, 27, "f1"), Evidence(22, 47, "f2")],
         [("Prime Minister of ", "f1"), ("Qatar", "f1 f2"), (" Mohammed bin Salman", "f2")]),
        # the same evidence for two findings: one mark naming both
        ([Evidence(28, 47, "f1"), Evidence(28, 47, "f2")], [("Mohammed bin Salman", "f1 f2")]),
        # out of range is clamped; empty and reversed spans are ignored
        ([Evidence(61, 500, "f1"), Evidence(10, 10, "f2"), Evidence(20, 5, "f3")], [("Warsaw.", "f1")]),
        ([(0, 3)], [("The", "")]),  # plain (start, end) tuples
    ],
)
def test_highlight_article_marks(spans: list, expected_marks: list[tuple[str, str]]) -> None:
    fragment = report.highlight_article(TEXT, spans)
    page = _parse(fragment)
    assert [(text, attrs.get("data-findings", "")) for attrs, text in page.marks] == expected_marks
    assert _text_of(fragment) == TEXT  # highlighting never changes the text


def test_highlight_article_severity_anchor_title() -> None:
    spans = [
        Evidence(4, 47, "f1", "role_conflict", "medium", "Not the PM of Qatar.", anchor="ev-f1", label="1"),
        Evidence(28, 47, "f2", "role_conflict", "high", "Saudi crown prince.", anchor="ev-f2", label="2"),
    ]
    page = _parse(report.highlight_article(TEXT, spans))
    (first, _), (second, _) = page.marks
    assert first["class"] == "ck-ev ck-sev-medium" and first["id"] == "ev-f1"
    assert second["class"] == "ck-ev ck-sev-high" and second["id"] == "ev-f2"  # worst severity wins
    assert second["title"] == "Not the PM of Qatar.\nSaudi crown prince."
    assert second["data-kinds"] == "role_conflict"
    links = [a["href"] for tag, a in page.elements if tag == "a"]
    assert links == ["#card-f1", "#card-f2"]  # both spans end at the same place


def test_highlight_article_second_anchor_at_same_start() -> None:
    spans = [Evidence(28, 47, "f1", anchor="ev-f1"), Evidence(28, 40, "f2", anchor="ev-f2")]
    page = _parse(report.highlight_article(TEXT, spans))
    ids = [attrs["id"] for _, attrs in page.elements if "id" in attrs]
    assert sorted(ids) == ["ev-f1", "ev-f2"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_highlight_article_escapes_hostile_text(hostile: str) -> None:
    text = f"Before {hostile} after Mohammed bin Salman."
    start = text.index("Mohammed")
    spans = [
        Evidence(0, len(text), "f<1>", "x", "high", explanation=hostile, anchor=f"ev-{hostile}"),
        Evidence(start, start + 8, '" onclick="alert(1)', "x", "low", explanation=hostile),
    ]
    fragment = report.highlight_article(text, spans)
    _assert_inert(fragment)
    assert _text_of(fragment) == text
    assert all(attrs.get("title", "") == hostile or "\n" in attrs.get("title", "")
               for attrs, _ in _parse(fragment).marks)


# --------------------------------------------------------------------------------------- evidence


def _findings(rows: list[dict]) -> pd.DataFrame:
    return conform(rows, "findings")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"start": 4, "end": 18, "text": "Prime Minister"}, (4, 18)),  # offsets agree with the quote
        ({"start": 0, "end": 3, "text": "Prime Minister"}, (4, 18)),  # stale offsets: quote looked up
        ({"start": None, "end": None, "text": "Warsaw"}, (61, 67)),
        ({"start": 0, "end": 3, "text": None}, (0, 3)),  # no quote: offsets as given
        ({"start": 5, "end": 900, "text": "Riyadh"}, None),  # neither fits: left out
    ],
)
def test_evidence_spans_trusts_offsets_only_when_they_quote(row: dict, expected: tuple | None) -> None:
    findings = _findings([{"finding_id": "f1", "kind": "role_conflict", "severity": "high",
                           "article_id": "a1", **row}])
    spans = report.evidence_spans(TEXT, findings, article_id="a1")
    assert [(s.start, s.end) for s in spans] == ([expected] if expected else [])


def test_evidence_spans_other_side_from_claims() -> None:
    other_text = "It lasted eight days."
    findings = _findings([{"finding_id": "f1", "kind": "numeric_conflict", "severity": "high",
                           "article_id": "a1", "start": 0, "end": 3, "text": "The",
                           "other_article_id": "a2", "other_claim_id": "c9", "other_text": "eight days"}])
    claims = conform([{"claim_id": "c9", "article_id": "a2", "start": 10, "end": 20, "text": "eight days"}],
                     "claims")
    (span,) = report.evidence_spans(other_text, findings, article_id="a2", claims=claims)
    assert (span.start, span.end, span.anchor) == (10, 20, "ev-f1-other")
    assert report.evidence_spans(other_text, findings, article_id="a2")[0][:2] == (10, 20)  # by quote


# ------------------------------------------------------------------------------------------ cards

ARTICLES = conform(
    [
        {"article_id": "a1", "source": HOSTILE[1], "title": HOSTILE[0], "published": "2024-01-30",
         "reference_date": "2023-12-20", "text": f"{TEXT} {HOSTILE[2]}", "sha256": "b" * 64, "url": "javascript:alert(1)"},
        {"article_id": "a2", "source": "Plain Outlet", "title": "Calm", "published": "2023-12-21",
         "text": "Nothing to see.", "sha256": "a" * 64},
    ],
    "articles",
)
FINDINGS = _findings(
    [
        {"finding_id": "f-low", "kind": "integrity", "severity": "low", "article_id": "a1", "start": 61,
         "end": 67, "text": "Warsaw", "explanation": HOSTILE[3]},
        {"finding_id": "f-high", "kind": "role_conflict", "severity": "high", "article_id": "a1", "start": 4,
         "end": 47, "text": TEXT[4:47], "expected": "Mohammed bin Abdulrahman Al Thani",
         "reference_source": "https://example.org/pm?x=1&y=<2> (sworn in 2023-03-07); javascript:alert(1)",
         "explanation": "On 2023-12-20 the prime minister of Qatar was someone else."},
        {"finding_id": "f-med", "kind": "numeric_conflict", "severity": "medium", "article_id": "a2",
         "other_article_id": "a1", "other_text": HOSTILE[2], "text": "Nothing"},
    ]
)


def test_finding_cards_worst_first_escaped_and_linked() -> None:
    fragment = report.finding_cards(FINDINGS, ARTICLES)
    _assert_inert(fragment)
    page = _parse(fragment)
    cards = [attrs for tag, attrs in page.elements if tag == "article"]
    assert [c["data-finding"] for c in cards] == ["f-high", "f-med", "f-low"]
    hrefs = [attrs["href"] for tag, attrs in page.elements if tag == "a"]
    assert "#ev-f-high" in hrefs and "#ev-f-med-other" in hrefs
    assert "https://example.org/pm?x=1&y=" in hrefs  # only http(s) becomes a link, cut before "<"
    shown = "".join(page.text)
    assert HOSTILE[1] in shown and HOSTILE[2] in shown and HOSTILE[3] in shown
    assert "javascript:alert(1)" in shown  # shown as words, never a link


@pytest.mark.parametrize(
    ("kwargs", "expected_ids"),
    [
        ({}, []),
        ({"numbers": {"f-high": "1", "f-low": "2"}}, ["card-f-high", "card-f-low"]),
    ],
)
def test_finding_cards_numbers_give_ids(kwargs: dict, expected_ids: list[str]) -> None:
    page = _parse(report.finding_cards(FINDINGS, ARTICLES, **kwargs))
    assert [attrs["id"] for tag, attrs in page.elements if tag == "article" and "id" in attrs] == expected_ids


def test_finding_cards_empty() -> None:
    assert report.finding_cards(FINDINGS.iloc[0:0], ARTICLES, empty="None <here>") == (
        '<p class="ck-none">None &lt;here&gt;</p>'
    )


def test_article_sections_order_highlights_and_links() -> None:
    fragment = report.article_sections(ARTICLES, FINDINGS)
    _assert_inert(fragment)
    page = _parse(fragment)
    sections = [attrs["id"] for tag, attrs in page.elements if tag == "section"]
    assert sections == ["article-a1", "article-a2"]  # the article with a high finding first
    ids = {attrs["id"] for _, attrs in page.elements if "id" in attrs}
    links = {attrs["href"][1:] for tag, attrs in page.elements if tag == "a" and attrs["href"].startswith("#")}
    assert links <= ids  # every in-page link lands somewhere
    marks = {attrs["data-findings"]: text for attrs, text in page.marks}
    assert marks["f-high"] == TEXT[4:47]
    assert HOSTILE[0] in "".join(page.text)  # the hostile title, as characters


# ------------------------------------------------------------------------------- provenance, summary


def test_corpus_hash_is_order_free_and_content_bound() -> None:
    expected = hashlib.sha256(("a" * 64 + "\n" + "b" * 64).encode()).hexdigest()
    assert report.corpus_hash(ARTICLES) == expected
    assert report.corpus_hash(ARTICLES.iloc[::-1]) == expected
    changed = ARTICLES.assign(sha256=["c" * 64, "a" * 64])
    assert report.corpus_hash(changed) != expected


def test_run_info_and_html() -> None:
    class Ref:
        snapshot = "2026-11-24"
        fingerprint = "abc"

    params = {"title": HOSTILE[0], "min_severity": "low"}
    info = report.run_info(params, Ref(), ARTICLES)
    assert info == {
        "claimkit version": __version__,
        "reference snapshot": "2026-11-24",
        "reference fingerprint": "abc",
        "input corpus sha256": report.corpus_hash(ARTICLES),
        "articles": 2,
        "parameters": params,
    }
    fragment = report.run_info_html(info) + report.provenance(info)
    _assert_inert(fragment)
    assert repr(HOSTILE[0]) in "".join(_parse(fragment).text)


def test_summarise_and_write_summary(tmp_path: Path) -> None:
    claims = conform([{"claim_id": "c1"}, {"claim_id": "c2"}, {"claim_id": "c3"}], "claims")
    summary = report.summarise(ARTICLES, claims, FINDINGS, title="T")
    assert summary == {"articles": 2, "claims": 3, "findings_high": 1, "findings_total": 3, "findings_open": 3,
                       "findings_accepted": 0, "findings_dismissed": 0, "title": "T"}
    path = report.write_summary(summary, "2024-02-01", reports_root=tmp_path)
    assert path == tmp_path / "2024-02-01" / "report.summary.json"
    assert json.loads(path.read_text(encoding="utf-8")) == summary


def test_masthead_and_table_escape() -> None:
    summary = {"articles": 2, "claims": 1234, "findings_total": 3, "findings_high": 1}
    fragment = report.masthead(HOSTILE[0], summary, run_date="2024-02-01", rejected=1)
    fragment += report.table_html(ARTICLES, columns=["source", "title"], limit=1, caption=HOSTILE[1])
    _assert_inert(fragment)
    text = "".join(_parse(fragment).text)
    assert "1,234" in text and "files rejected" in text and "1 more rows not shown" in text


# ------------------------------------------------------------------------------------ table views


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [("high", ["f-high"]), ("medium", ["f-high", "f-med"]), ("low", ["f-high", "f-med", "f-low"])],
)
def test_at_least(minimum: str, expected: list[str]) -> None:
    assert list(report.at_least(FINDINGS, minimum)["finding_id"]) == expected


@pytest.mark.parametrize(("name", "value"), [("min_severity", "critical"), ("kinds", ["quantity", "rumour"])])
def test_check_choice_rejects(name: str, value: object) -> None:
    with pytest.raises(ParameterError, match=name):
        report.check_choice(name, value, ("high", "medium", "low", "quantity"))


CLAIMS = conform(
    [
        {"claim_id": "c1", "article_id": "a1", "kind": "role", "subject": "Mohammed bin Salman",
         "subject_id": "person/mohammed_bin_salman", "object": "Qatar", "object_id": "country/qatar"},
        {"claim_id": "c2", "article_id": "a1", "kind": "quantity", "text": "240 Palestinians"},
        {"claim_id": "c3", "article_id": "a2", "kind": "attribution", "attributed_to": "Haaretz",
         "attributed_to_id": "outlet/haaretz"},
    ],
    "claims",
)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["c1", "c2", "c3"]),
        ({"kinds": ["role", "attribution"]}, ["c1", "c3"]),
        ({"article": "a2"}, ["c3"]),
        ({"article": "plain"}, ["c3"]),  # words of the outlet
        ({"entity": "country/qatar"}, ["c1"]),
        ({"entity": "haaretz"}, ["c3"]),  # a name, any case
        ({"entity": "bin salman", "kinds": ["quantity"]}, []),
    ],
)
def test_filter_claims(kwargs: dict, expected: list[str]) -> None:
    assert list(report.filter_claims(CLAIMS, ARTICLES, **kwargs)["claim_id"]) == expected


def test_findings_per_article_and_dates() -> None:
    counts = report.findings_per_article(ARTICLES, FINDINGS)
    assert counts.set_index("article_id").loc["a1", "role_conflict"] == 1
    assert counts.set_index("article_id").loc["a2", "role_conflict"] == 0
    dates = report.article_dates(ARTICLES)
    assert list(dates["days_apart"].astype("object").where(dates["days_apart"].notna(), None)) == [41, None]
    assert list(report.with_outlet(FINDINGS, ARTICLES)["outlet"]) == [HOSTILE[1], HOSTILE[1], "Plain Outlet"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("data/processed", project_root() / "data" / "processed"), ("/tmp/elsewhere", Path("/tmp/elsewhere"))],
)
def test_processed_folder_resolves_from_project_root(value: str, expected: Path) -> None:
    assert report.processed_folder(value) == expected


@pytest.mark.parametrize("value", ["", "   ", "pyproject.toml"])
def test_processed_folder_rejects(value: str) -> None:
    with pytest.raises(ParameterError, match="processed_dir"):
        report.processed_folder(value)


@pytest.mark.parametrize(
    ("summary", "minimum", "red", "note"),
    [
        ({"articles": 1, "claims": 2, "findings_total": 3, "findings_high": 1}, "low", True, False),
        ({"articles": 1, "claims": 2, "findings_total": 0, "findings_high": 0}, "low", False, False),
        ({"articles": 1, "claims": 2, "findings_total": 3, "findings_high": 1}, "medium", True, True),
    ],
)
def test_masthead_high_count_and_severity_note(summary: dict, minimum: str, red: bool, note: bool) -> None:
    fragment = report.masthead("T", summary, min_severity=minimum)
    assert ('class="ck-stat ck-sev-high"' in fragment) is red
    assert (f"findings of {minimum} severity or worse" in fragment) is note


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_write_summary_root_from_argument_or_environment(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(report.REPORTS_ROOT_ENV, raising=False)
    if how == "environment":
        monkeypatch.setenv(report.REPORTS_ROOT_ENV, str(tmp_path))
    path = report.write_summary({"articles": 1}, "2024-02-01", reports_root=tmp_path if how == "argument" else None)
    assert path == tmp_path / "2024-02-01" / report.SUMMARY_NAME


# ------------------------------------------------------------------------------- the desk's report


def _reviewed() -> pd.DataFrame:
    """FINDINGS with verdicts: f-low dismissed (a hostile note), f-med accepted and rated."""
    from claimkit import review

    findings = review.apply(FINDINGS, ARTICLES, Path("/nonexistent-reviews-folder"))
    status = {"f-low": ("dismissed", None, HOSTILE[0]), "f-med": ("accepted", "false", "checked")}
    for column, index in (("review_status", 0), ("rating", 1), ("review_note", 2)):
        findings[column] = [status.get(f, ("open", None, None))[index] for f in findings["finding_id"]]
    return conform(findings, "findings")


def test_finding_browser_lists_what_is_not_dismissed_with_filters_and_data() -> None:
    fragment = report.finding_browser(_reviewed(), ARTICLES)
    _assert_inert(fragment)
    page = _parse(fragment)
    cards = [a for tag, a in page.elements if tag == "article"]
    assert [c["data-finding"] for c in cards] == ["f-high", "f-med"]  # the dismissed one left the list
    assert [c["data-status"] for c in cards] == ["open", "accepted"]
    assert cards[1]["data-outlets"].split("|") == ["Plain Outlet", HOSTILE[1]]  # both sides' outlets
    selects = {a["data-filter"]: [] for tag, a in page.elements if tag == "select"}
    assert list(selects) == ["severity", "kind", "outlets", "status"]
    options = [a.get("value") for tag, a in page.elements if tag == "option"]
    assert HOSTILE[1] in options and "accepted" in options and "dismissed" not in options
    assert "accepted · false" in "".join(page.text)
    assert report.finding_browser(_reviewed().iloc[0:0], ARTICLES) == '<p class="ck-none">No findings.</p>'


def test_finding_browser_keeps_the_worst_and_counts_the_rest() -> None:
    fragment = report.finding_browser(FINDINGS, ARTICLES, limit=1)
    cards = [a for tag, a in _parse(fragment).elements if tag == "article"]
    assert [c["data-finding"] for c in cards] == ["f-high"]
    assert "2 more are in findings.csv" in fragment


def test_dismissed_section_is_collapsed_and_escaped() -> None:
    fragment = report.dismissed_section(_reviewed(), ARTICLES)
    _assert_inert(fragment)
    page = _parse(fragment)
    details = [a for tag, a in page.elements if tag == "details"]
    assert len(details) == 1 and "open" not in details[0]
    assert [a["data-finding"] for tag, a in page.elements if tag == "article"] == ["f-low"]
    assert "1 dismissed finding " in "".join(page.text) and HOSTILE[0] in "".join(page.text)
    assert "No finding has been dismissed" in report.dismissed_section(FINDINGS, ARTICLES)


def test_masthead_counts_open_accepted_dismissed() -> None:
    summary = report.summarise(ARTICLES, [], _reviewed(), title="T")
    assert (summary["findings_open"], summary["findings_accepted"], summary["findings_dismissed"]) == (1, 1, 1)
    assert summary["findings_high"] == 1
    text = "".join(_parse(report.masthead("T", summary)).text)
    assert "findings open of 3" in text and "1 of 3 findings are still open" in text
    assert "accepted" in text and "dismissed" in text


def test_review_table_rows_by_status_escaped() -> None:
    fragment = report.review_table(_reviewed(), ARTICLES, status="all")
    _assert_inert(fragment)
    rows = [a for tag, a in _parse(fragment).elements if tag == "tr" and "data-finding" in a]
    assert [r["data-finding"] for r in rows] == ["f-high", "f-med", "f-low"]
    only_open = [a for tag, a in _parse(report.review_table(_reviewed(), ARTICLES)).elements
                 if tag == "tr" and "data-finding" in a]
    assert [r["data-finding"] for r in only_open] == ["f-high"]
    with pytest.raises(ParameterError, match="status"):
        report.review_table(FINDINGS, ARTICLES, status="pending")


def test_rejected_files_and_contents_escaped() -> None:
    rejected = conform([{"path": HOSTILE[0], "reason": HOSTILE[1]}], "rejected")
    fragment = report.rejected_files(rejected) + report.table_of_contents([("findings", HOSTILE[2])])
    _assert_inert(fragment)
    text = "".join(_parse(fragment).text)
    assert HOSTILE[0] in text and HOSTILE[1] in text and "1 file could not be read" in text
    assert report.rejected_files(rejected.iloc[0:0]) == '<p class="ck-none">Every input file was read.</p>'
    hrefs = [a["href"] for tag, a in _parse(fragment).elements if tag == "a"]
    assert hrefs == ["#findings"]


def test_browser_script_writes_no_markup() -> None:
    script = report.browser_script()
    assert script.startswith("<script>") and "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
