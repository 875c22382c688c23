"""The report at newsroom scale: 3,000 articles and 1,500 findings (tables built here, no model run)
render to one HTML file under 8 MB that opens in seconds, shows the summary and the worst findings
first, pages the rest, and says what it left to the tables."""

from __future__ import annotations

import hashlib
import json
import random
import time
from pathlib import Path

import pytest

from claimkit import report, store, tables
from report_support import render_report
from test_browser import launch_browser, open_offline

ARTICLES = 3000
MAX_REPORT_BYTES = 8_000_000
OUTLETS = [f"Outlet {i}" for i in range(60)]


def _corpus(folder: Path) -> int:
    """Tables of a large synthetic corpus (every second article in a two-source disagreement); returns
    the number of findings."""
    rng = random.Random(7)
    articles, claims, findings = [], [], []
    for i in range(ARTICLES):
        text = " ".join(f"Officials said {rng.randint(10, 500)} people were freed on day {k}." for k in range(30))
        article_id = f"a{i:05d}"
        articles.append({"article_id": article_id, "path": f"{article_id}.md", "source": rng.choice(OUTLETS),
                         "title": f"Story {i}", "published": "2023-12-20", "reference_date": "2023-12-20",
                         "text": text, "sha256": hashlib.sha256(text.encode()).hexdigest(), "warnings": []})
        for k in range(3):
            claims.append({"claim_id": f"c{i}-{k}", "article_id": article_id, "start": 0, "end": 9,
                           "text": "Officials", "kind": rng.choice(["quantity", "attribution", "event_date"]),
                           "value": float(rng.randint(10, 500)), "checkworthiness": rng.random(),
                           "date": f"2023-12-{rng.randint(1, 28):02d}", "date_type": "absolute"})
        if i % 2 == 0:
            other = f"a{(i + 1) % ARTICLES:05d}"
            sources = [{"side": "a", "group": 0, "article_id": article_id, "text": "Officials said", "start": 0,
                        "end": 14, "value": "1"},
                       {"side": "b", "group": 1, "article_id": other, "text": "Officials said", "start": 0,
                        "end": 14, "value": "2"}]
            findings.append({"finding_id": f"f{i}", "kind": rng.choice(["numeric_conflict", "integrity"]),
                             "severity": rng.choice(["high", "medium", "low"]), "article_id": article_id,
                             "claim_id": f"c{i}-0", "start": 0, "end": 14, "text": "Officials said",
                             "other_article_id": other, "other_text": "Officials said",
                             "explanation": "Two texts give different figures for the same fact.",
                             "sources": json.dumps(sources)})
    frames = {"articles": tables.conform(articles, "articles"), "claims": tables.conform(claims, "claims"),
              "mentions": tables.empty("mentions"), "findings": tables.conform(findings, "findings"),
              "rejected": tables.empty("rejected"), "propositions": tables.empty("propositions")}
    store.write_tables(frames, folder, complete=True)
    return len(findings)


@pytest.mark.notebook
@pytest.mark.browser
def test_report_of_thousands_of_articles_is_small_and_opens_fast(tmp_path: Path) -> None:
    n_findings = _corpus(tmp_path / "tables")
    result = render_report(tmp_path / "tables", tmp_path / "reports", title="Scale")
    assert result.ok and result.html is not None
    size = result.html.stat().st_size
    print(f"\n{ARTICLES} articles, {n_findings} findings: report {size / 1e6:.2f} MB")
    assert size < MAX_REPORT_BYTES
    with launch_browser() as browser:
        started = time.perf_counter()
        opened = open_offline(browser, result.html)
        seconds = time.perf_counter() - started
        page = opened.page
        print(f"opened in {seconds:.1f} s")
        assert seconds < 20 and opened.errors == []
        assert page.locator('.ck-stat[data-stat="findings open"] .ck-num').inner_text() == f"{n_findings:,}"
        items = page.locator(".ck-browser .ck-item")
        assert items.count() == report.MAX_BROWSED  # the worst 1,000 are in the page ...
        visible = page.evaluate("() => [...document.querySelectorAll('.ck-browser .ck-item')].filter(c => !c.hidden)"
                                ".map(c => c.dataset.severity)")
        assert len(visible) == report.PAGE_SIZE and set(visible) == {"high"}  # ... worst first, one page shown
        assert f"{n_findings - report.MAX_BROWSED:,} more are in findings.csv" in page.content()
        assert page.locator("section.ck-article").count() == report.MAX_ARTICLES
        started = time.perf_counter()
        page.locator(".ck-search").fill("a00042")  # nothing in a card's text: filters in well under a second
        assert time.perf_counter() - started < 5
