"""The real rendered report in headless Chromium with networking blocked: every plotly figure draws, the
seed's role conflict is shown with its evidence highlighted, nothing errors, and a hostile article's
markup is shown as characters and runs nothing. A screenshot of the first screen lands in
reports/screenshots/ (not committed) for a person to look at.

The browser helpers come from tests/test_browser.py (Debian chromium driven by Playwright).
"""

from __future__ import annotations

import json
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


# ------------------------------------------------------------------ the desk's report: review, search, filters

CONTRAST_SELECTORS = (".ck-badge", ".ck-no", ".ck-ref", ".ck-status", ".ck-rid", ".ck-count", ".ck-what",
                      ".ck-kicker", ".ck-key", ".ck-outlet", ".ck-explanation", ".ck-toc a", ".ck-meta")
_CONTRAST_JS = """(selectors) => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = {};
  for (const selector of selectors) {
    let worst = null;
    for (const el of document.querySelectorAll(selector)) {
      if (!el.getClientRects().length || !el.textContent.trim()) continue;
      const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      worst = worst === null ? ratio : Math.min(worst, ratio);
    }
    if (worst !== null) out[selector] = Math.round(worst * 100) / 100;
  }
  return out;
}"""


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rendered, pd.DataFrame]:
    """The sample report rendered after a reviewer dismissed one high-severity finding and accepted and
    rated another (the verdicts the notebook reads at render time)."""
    from claimkit import review

    tables = fresh_tables(tmp_path_factory, "sample")
    reviews = tmp_path_factory.mktemp("reviews")
    findings = review.apply(store.read_table(tables, "findings"), store.read_table(tables, "articles"), reviews)
    high = findings[findings["severity"] == "high"]
    review.record(findings, high["review_id"].iloc[0], "dismissed", by="ana", note="one person, two offices",
                  directory=reviews)
    review.record(findings, high["review_id"].iloc[1], "accepted", rating="false", by="ben", directory=reviews)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMKIT_REVIEWS_DIR", str(reviews))
        result = render_report(tables, tmp_path_factory.mktemp("reports-reviewed"), title="Desk check")
    assert result.ok and result.html is not None
    return Rendered(result.html, tables), review.apply(findings, store.read_table(tables, "articles"), reviews)


def _visible_cards(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => [...document.querySelectorAll('.ck-browser .ck-card')].filter(c => !c.hidden)
              .map(c => ({id: c.dataset.finding, severity: c.dataset.severity, kind: c.dataset.kind,
                          status: c.dataset.status, outlets: c.dataset.outlets, text: c.textContent}))""")


@pytest.mark.browser
@pytest.mark.notebook
def test_report_browser_dismissed_leave_the_lists_and_the_counts_say_what_is_open(reviewed) -> None:
    rendered, findings = reviewed
    gone = findings[findings["review_status"] == "dismissed"]["finding_id"].item()
    accepted = findings[findings["review_status"] == "accepted"]["finding_id"].item()
    with launch_browser() as browser:
        opened = open_offline(browser, rendered.html)
        page = opened.page
        assert opened.errors == []
        stat = lambda name: page.locator(f'.ck-stat[data-stat="{name}"] .ck-num').inner_text()  # noqa: E731
        assert stat("findings open") == str(len(findings) - 2)
        assert stat("dismissed") == "1" and stat("accepted") == "1"
        ids = page.evaluate("() => [...document.querySelectorAll('.ck-browser .ck-card')].map(c => c.dataset.finding)")
        assert len(ids) == len(findings) - 1 and gone not in ids and accepted in ids
        assert page.locator(f'.ck-article .ck-card[data-finding="{gone}"]').count() == 0
        assert page.locator(f'mark.ck-ev[data-findings~="{gone}"]').count() == 0  # not marked in the text
        assert page.locator(f'mark.ck-ev[data-findings~="{accepted}"]').count() > 0
        details = page.locator("details.ck-dismissed")
        assert details.count() == 1 and details.get_attribute("open") is None  # collapsed
        assert "1 dismissed finding" in details.locator("summary").inner_text()
        assert details.locator(f'.ck-card[data-finding="{gone}"]').count() == 1
        assert "one person, two offices" in details.locator(".ck-card").text_content()
        card = page.locator(f'.ck-browser .ck-card[data-finding="{accepted}"]')
        page.locator('select[data-filter="status"]').select_option("accepted")
        assert [c["id"] for c in _visible_cards(page)] == [accepted]
        assert "accepted · false" in card.inner_text()
        contrast = page.evaluate(_CONTRAST_JS, [".ck-status", ".ck-badge", ".ck-rid"])
        print(f"\ncontrast of the review badges: {contrast}")
        assert set(contrast) == {".ck-status", ".ck-badge", ".ck-rid"} and min(contrast.values()) >= 4.5
        details.locator("summary").click()  # opened, the dismissed card's status badge is readable too
        assert min(page.evaluate(_CONTRAST_JS, [".ck-dismissed .ck-status"]).values()) >= 4.5


@pytest.mark.browser
@pytest.mark.notebook
def test_report_browser_search_filters_and_pages_work_offline(sample: Rendered) -> None:
    findings = sample.findings
    with launch_browser() as browser:
        opened = open_offline(browser, sample.html)
        page = opened.page
        total = len(findings)
        size = int(page.locator(".ck-browser").get_attribute("data-page-size"))
        first_page = _visible_cards(page)
        assert len(first_page) == min(size, total)
        assert page.locator(".ck-count").inner_text() == f"{total} of {total} findings"
        severities = [c["severity"] for c in first_page]
        assert severities == sorted(severities, key=["high", "medium", "low"].index)  # worst first
        if total > size:
            page.locator('[data-page="next"]').click()
            assert len(_visible_cards(page)) == min(size, total - size)
            assert page.locator(".ck-page-of").inner_text().startswith("page 2 of")

        for severity in ("high", "medium", "low"):
            page.locator('select[data-filter="severity"]').select_option(severity)
            shown = _visible_cards(page)
            want = int((findings["severity"] == severity).sum())
            assert len(shown) == min(want, size) and {c["severity"] for c in shown} <= {severity}
            assert page.locator(".ck-count").inner_text() == f"{want} of {total} findings"
        page.locator('select[data-filter="kind"]').select_option("integrity")
        want = int(((findings["severity"] == "low") & (findings["kind"] == "integrity")).sum())
        assert len(_visible_cards(page)) == want
        page.locator('select[data-filter="severity"]').select_option("")
        page.locator('select[data-filter="kind"]').select_option("")

        outlet = "The Northgate Courier"
        page.locator('select[data-filter="outlets"]').select_option(outlet)
        shown = _visible_cards(page)
        assert shown and all(outlet in c["outlets"].split("|") for c in shown)
        northgate = rendered_article_ids(sample, outlet)
        assert {c["id"] for c in shown} >= set(findings[findings["article_id"].isin(northgate)]["finding_id"])
        page.locator('select[data-filter="outlets"]').select_option("")

        page.locator(".ck-search").fill("Novaya Izvestia")
        shown = _visible_cards(page)
        want = set(findings[findings["text"].str.contains("Novaya Izvestia", regex=False)]["finding_id"])
        assert want and want <= {c["id"] for c in shown}
        assert all("novaya" in c["text"].lower() and "izvestia" in c["text"].lower() for c in shown)
        page.locator(".ck-search").fill("zzz-no-such-words")
        assert _visible_cards(page) == [] and "none match" in page.locator(".ck-count").inner_text()
        assert opened.errors == [] and opened.blocked == [] or all(not u.startswith("file:") for u in opened.blocked)


def rendered_article_ids(rendered: Rendered, outlet: str) -> set[str]:
    return set(rendered.articles.loc[rendered.articles["source"] == outlet, "article_id"])


@pytest.mark.browser
@pytest.mark.notebook
def test_report_browser_readable_at_desktop_and_390px(sample: Rendered) -> None:
    with launch_browser() as browser:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for width, height in ((1280, 900), (390, 844)):
            page = open_offline(browser, sample.html, width=width, height=height).page
            figures_drawn(page)
            page.screenshot(path=str(SCREENSHOTS / f"report_first_screen_{width}.png"))
            contrast = page.evaluate(_CONTRAST_JS, list(CONTRAST_SELECTORS))
            print(f"\ncontrast at {width} px (WCAG, worst element per selector): {contrast}")
            for selector in (".ck-badge", ".ck-no", ".ck-ref", ".ck-count", ".ck-what", ".ck-explanation"):
                assert selector in contrast, f"{selector} not on the page"
            assert min(contrast.values()) >= 4.5, contrast
            overflow = page.evaluate(
                """() => [document.documentElement.scrollWidth, innerWidth,
                   [...document.querySelectorAll('.ck-card, .ck-controls, .ck-stats, .ck-toc, .ck-text, table')]
                     .filter(e => e.getClientRects().length && !e.closest('.ck-scroll'))
                     .filter(e => e.getBoundingClientRect().right > innerWidth + 1).length]""")
            assert overflow[0] <= overflow[1] and overflow[2] == 0, overflow  # no horizontal scroll
            # explanations are on the page, not in a tooltip: visible without hovering anything
            explanation = page.locator(".ck-browser .ck-card:not([hidden]) .ck-explanation").first
            assert explanation.is_visible() and explanation.bounding_box()["height"] > 0
        # every entry of the table of contents leads to its section
        targets = page.evaluate("() => [...document.querySelectorAll('.ck-toc a')].map(a => a.hash.slice(1))")
        assert len(targets) >= 8 and all(page.locator(f"#{t}").count() == 1 for t in targets)
        # one card per disagreement, listing every source it has
        findings = sample.findings
        multi = findings[findings["sources"].notna()]
        assert len(multi)
        for finding in multi.itertuples(index=False):
            sources = json.loads(finding.sources)
            card = page.locator(f'.ck-browser .ck-card[data-finding="{finding.finding_id}"]')
            assert card.count() == 1 and card.locator(".ck-sources li").count() == len(sources)
