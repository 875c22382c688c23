"""The real rendered report in headless Chromium with networking blocked: every plotly figure draws, the
seed's role conflict is shown with its evidence highlighted, nothing errors, and a hostile article's
markup is shown as characters and runs nothing. A screenshot of the first screen lands in
reports/screenshots/ (not committed) for a person to look at.

The browser helpers come from tests/test_browser.py (Debian chromium driven by Playwright).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from claimkit import store
from report_support import SEED_NAME, fresh_tables, hostile_corpus, render_report
from test_browser import SCREENSHOTS, figures_drawn, launch_browser, open_offline

MARKER = "__ck_pwned"  # every payload in tests/fixtures/hostile/ tries to set window.__ck_pwned
FIGURES_IN_REPORT = 5
MAX_REPORT_BYTES = 8_000_000


class Rendered:
    """A rendered report and the tables it was rendered from."""

    def __init__(self, html: Path, tables: Path) -> None:
        self.html = html
        self.articles = store.read_table(tables, "articles")
        self.findings = store.read_table(tables, "findings")

    def article_id(self, path_suffix: str) -> str:
        return self.articles.loc[self.articles["path"].str.endswith(path_suffix), "article_id"].item()

    def role_conflicts(self, article_id: str, name: str) -> pd.DataFrame:
        findings = self.findings
        chosen = (findings["article_id"] == article_id) & (findings["kind"] == "role_conflict")
        return findings[chosen & findings["text"].str.contains(name, regex=False)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    tables = fresh_tables(tmp_path_factory, "sample")
    result = render_report(tables, tmp_path_factory.mktemp("reports-sample"), title="Ceasefire coverage check")
    assert result.ok and result.html is not None
    return Rendered(result.html, tables)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    tables = fresh_tables(tmp_path_factory, "hostile", [hostile_corpus(tmp_path_factory)])
    result = render_report(tables, tmp_path_factory.mktemp("reports-hostile"), title=f"<script>window.{MARKER}=1</script>")
    assert result.ok and result.html is not None
    return Rendered(result.html, tables)


def _evidence_marks(page, finding_id: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The <mark> pieces of one finding's evidence: text, class, and whether it is on screen."""
    return page.evaluate(
        """(id) => [...document.querySelectorAll('mark.ck-ev')]
              .filter(m => m.dataset.findings.split(' ').includes(id))
              .map(m => ({text: m.textContent, cls: m.className, id: m.id,
                          visible: m.getBoundingClientRect().height > 0}))""",
        finding_id,
    )


@pytest.mark.browser
@pytest.mark.notebook
def test_report_browser_sample_draws_every_figure_and_shows_the_role_conflict(sample: Rendered) -> None:
    assert sample.html.stat().st_size < MAX_REPORT_BYTES
    with launch_browser() as browser:
        opened = open_offline(browser, sample.html)
        page = opened.page
        layers = figures_drawn(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "report_first_screen.png"))

        assert len(layers) == FIGURES_IN_REPORT and all(n > 0 for n in layers)
        assert page.locator(".plotly-graph-div .main-svg .trace").count() >= FIGURES_IN_REPORT
        assert opened.errors == []

        seed = sample.article_id(SEED_NAME)
        conflicts = sample.role_conflicts(seed, "Mohammed bin Salman")
        assert len(conflicts), "the seed's role conflict is missing from the tables"
        for finding in conflicts.itertuples(index=False):
            marks = _evidence_marks(page, finding.finding_id)
            assert "".join(m["text"] for m in marks) == finding.text
            assert all(m["visible"] and "ck-sev-high" in m["cls"] for m in marks)
            card = page.locator(f'#article-{seed} article.ck-card[data-finding="{finding.finding_id}"]')
            assert card.count() == 1 and finding.explanation in card.inner_text()
        # the evidence quoted at the top links to its highlight in the text
        first = conflicts["finding_id"].iloc[0]
        page.locator(f'.ck-grid article[data-finding="{first}"] blockquote a').click()
        assert page.evaluate("location.hash") == f"#ev-{first}"


@pytest.mark.browser
@pytest.mark.notebook
def test_report_browser_hostile_article_runs_nothing(hostile: Rendered) -> None:
    with launch_browser() as browser:
        opened = open_offline(browser, hostile.html)
        page = opened.page
        figures_drawn(page)
        page.mouse.move(300, 300)  # would fire an injected onmouseover
        for mark in page.locator("mark.ck-ev").all()[:5]:
            mark.hover()
        page.wait_for_timeout(300)

        assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
        assert page.locator("[onerror], [onload], [onmouseover], [onclick]").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert opened.errors == []

        article_id = hostile.article_id("hostile_gazette.md")
        section = page.locator(f"#article-{article_id}")
        shown = section.text_content()  # as written, before CSS (uppercase outlet names)
        for payload in (
            f"<script>window.{MARKER} = 'title'</script>Talks in Warsaw",
            f"<img src=x onerror=\"window.{MARKER} = 'source'\">",
            f'<script>window.{MARKER} = "body"</script>',
            f"<img src=x onerror=\"window.{MARKER} = 'img'\">",
            "</textarea></div></section>",
            f"<svg onload=\"window.{MARKER} = 'svg'\"></svg>",
            f"Officials\" onmouseover=\"window.{MARKER} = 'attribute'\"",
        ):
            assert payload in shown
        assert f"<script>window.{MARKER}=1</script>" in page.locator(".ck-masthead h1").text_content()
        # the hostile article's own wrong office holder is still highlighted beside the markup
        conflicts = hostile.role_conflicts(article_id, "Mohammed bin Salman")
        assert len(conflicts)
        marks = _evidence_marks(page, conflicts["finding_id"].iloc[0])
        assert "".join(m["text"] for m in marks) == conflicts["text"].iloc[0]
