"""The rendered HTML report in a real headless Chromium with networking blocked: every plotly figure
draws an SVG, no page error fires, and hostile text from the input shows as text and runs nothing.

Chromium is the Debian package (the test setup installs it with apt); Playwright only drives it, so
``playwright install`` is never needed. Without ``/usr/bin/chromium`` these tests skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

from claimkit.paths import reports_dir
from claimkit.render import RenderResult, render

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--mute-audio",
]
FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
SCREENSHOTS = reports_dir() / "screenshots"
MARKER = "__ck_pwned"  # the fixture's hostile strings try to set window.__ck_pwned
HOSTILE = [  # as written in tests/fixtures/notebooks/hostile_report.ipynb
    f'<script>window.{MARKER} = "script"</script>',
    f"<img src=x onerror=\"window.{MARKER} = 'img'\">",
    f'</script><script>window.{MARKER} = "breakout"</script>',
    f"<svg onload=\"window.{MARKER} = 'svg'\"></svg>",
]


@contextmanager
def launch_browser() -> Iterator[Browser]:
    """The system Chromium driven by Playwright's sync API; skips the test when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: install the Debian package `chromium` (the test setup does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class OfflinePage(NamedTuple):
    page: Page
    blocked: list[str]  # every non-file URL the page asked for (all aborted)
    errors: list[str]  # uncaught exceptions in the page


def open_offline(browser: Browser, path: Path, *, width: int = 1280, height: int = 900) -> OfflinePage:
    """Open a local HTML file with every non-``file:`` request aborted, collecting page errors."""
    page = browser.new_page(viewport={"width": width, "height": height})
    blocked: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:  # type: ignore[no-untyped-def]
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # let failed images fire their onerror handlers, if any were live
    return OfflinePage(page, blocked, errors)


def figures_drawn(page: Page, *, timeout: float = 15_000) -> list[int]:
    """Wait until every plotly figure div holds its SVG; the number of SVG layers per figure."""
    page.wait_for_function(
        "() => { const divs = [...document.querySelectorAll('.plotly-graph-div')];"
        " return divs.length > 0 && divs.every(d => d.querySelector('.main-svg')); }",
        timeout=timeout,
    )
    return page.evaluate(
        "() => [...document.querySelectorAll('.plotly-graph-div')]"
        ".map(d => d.querySelectorAll('.main-svg').length)"
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report under test: the hostile fixture notebook, rendered headless."""
    result: RenderResult = render(
        FIXTURES / "hostile_report.ipynb",
        run_date="2024-02-01",
        out_root=tmp_path_factory.mktemp("reports"),
        timeout=180,
    )
    assert result.ok and result.html is not None
    return result.html


@pytest.mark.browser
@pytest.mark.notebook
def test_browser_report_draws_every_figure_offline(report: Path) -> None:
    with launch_browser() as browser:
        opened = open_offline(browser, report)
        layers = figures_drawn(opened.page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=str(SCREENSHOTS / "browser_fixture_report.png"))
        assert len(layers) == 5 and all(n > 0 for n in layers)
        assert opened.page.locator(".plotly-graph-div .main-svg .trace").count() >= 3
        assert opened.errors == []
        assert all(not url.startswith("file:") for url in opened.blocked)


@pytest.mark.browser
@pytest.mark.notebook
def test_browser_hostile_text_shown_not_run(report: Path) -> None:
    with launch_browser() as browser:
        opened = open_offline(browser, report)
        page = opened.page
        figures_drawn(page)
        assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
        assert page.locator(".hostile-text").all_inner_texts() == HOSTILE
        assert page.locator("[onerror], [onload]").count() == 0
        ticks = page.locator(".plotly-graph-div .xtick text").all_text_contents()
        assert any(t.startswith("<img src=x onerror=") for t in ticks)  # shown as characters in the SVG
        assert opened.errors == []


@pytest.mark.browser
def test_browser_probe_detects_a_real_injection(tmp_path: Path) -> None:
    """Control: the same probe does see script run when text is NOT escaped."""
    page_path = tmp_path / "unescaped.html"
    page_path.write_text(f"<!DOCTYPE html><html><body><p>{HOSTILE[1]}</p></body></html>", encoding="utf-8")
    with launch_browser() as browser:
        opened = open_offline(browser, page_path)
        opened.page.wait_for_function(f"() => window.{MARKER} !== undefined", timeout=5_000)
        assert opened.page.evaluate(f"window.{MARKER}") == "img"
