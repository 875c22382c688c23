"""No payload runs in any output: 44 script-injection payloads (the OWASP filter-evasion classics, tag
breakouts, javascript: and data: URLs, template syntax, CSV formulas) put in every field an article
controls (title, outlet, author, URL, extra front-matter keys, body, file name) go through a real run and
a real render, and the HTML report, the reports index and the ClaimReview drafts pasted into a page are
opened in headless Chromium; the CSV files are read the way a spreadsheet would.

Each payload, if it ran, would set ``window.__ck_pwned``, open a dialog or add an element with an event
handler; a control page shows the probe catches a payload that is not escaped.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from claimkit import pipeline, store
from claimkit.claimreview import to_json
from report_support import render_report
from test_browser import launch_browser, open_offline

MARKER = "__ck_pwned"
SET = f"window.{MARKER}=1"
PAYLOADS = [
    f"<script>{SET}</script>",
    f"<img src=x onerror={SET}>",
    f"<svg onload={SET}>",
    f"<svg><script>{SET}</script></svg>",
    f"<body onload={SET}>",
    f"<iframe srcdoc=\"<script>parent.{MARKER}=1</script>\"></iframe>",
    f"<iframe src=\"javascript:parent.{MARKER}=1\"></iframe>",
    f"<a href=\"javascript:{SET}\">link</a>",
    f"\"><script>{SET}</script>",
    f"'><script>{SET}</script>",
    f"</script><script>{SET}</script>",
    f"</textarea><script>{SET}</script>",
    f"</title><script>{SET}</script>",
    f"</style><script>{SET}</script>",
    f"<!--<script>{SET}</script>-->",
    f"<details open ontoggle={SET}>",
    f"<input autofocus onfocus={SET}>",
    f"<video><source onerror={SET}></video>",
    f"<audio src=x onerror={SET}>",
    f"<object data=\"javascript:{SET}\"></object>",
    f"<embed src=\"javascript:{SET}\">",
    f"<math><mtext><table><mglyph><style><img src=x onerror={SET}>",
    f"<marquee onstart={SET}>x</marquee>",
    f"<div style=\"background:url(javascript:{SET})\">x</div>",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{SET}\">",
    f"<base href=\"javascript:{SET}//\">",
    f"<form><button formaction=javascript:{SET}>x</button></form>",
    f"<scr<script>ipt>{SET}</scr</script>ipt>",
    f"<SCRIPT SRC=data:text/javascript,{SET}></SCRIPT>",
    f"<img \"\"\"><script>{SET}</script>\">",
    f"javascript:{SET}",
    f"data:text/html,<script>parent.{MARKER}=1</script>",
    f"{{{{constructor.constructor('{SET}')()}}}}",
    f"${{{SET}}}",
    f"<img src=x onerror=\"&#119;indow.{MARKER}=1\">",
    f"\u2028</script><script>{SET}</script>",
    f"<svg><animate onbegin={SET} attributeName=x dur=1s>",
    f"<x onmouseover={SET} style=display:block;position:fixed;inset:0>hover</x>",
    f"<noscript><p title=\"</noscript><img src=x onerror={SET}>\">",
    f"<svg><style><img src=x onerror={SET}></style></svg>",
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.e2e]


def _front(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid YAML scalar: the payload exactly as written


def _corpus(folder: Path) -> Path:
    """One article per payload, every field it controls carrying a payload, each with a wrong office
    holder (a high-severity finding, so each reaches the ClaimReview drafts)."""
    folder.mkdir()
    n = len(PAYLOADS)
    for k, payload in enumerate(PAYLOADS):
        url = PAYLOADS[(k + 3) % n]
        front = (f"---\ntitle: {_front(payload)}\nsource: {_front(PAYLOADS[(k + 1) % n])}\n"
                 f"author: {_front(PAYLOADS[(k + 2) % n])}\n"
                 f"url: {_front(url if ':' in url else 'https://example.com/' + url)}\n"
                 f"published: 2023-12-21\nnote: {_front(PAYLOADS[(k + 4) % n])}\n---\n")
        body = (f"{payload}\n\nQatari Prime Minister Mohammed bin Salman met officials in Warsaw on "
                f"18 December, officials said. {PAYLOADS[(k + 5) % n]}\n")
        name = payload if "/" not in payload and len(payload) < 120 and k % 3 == 0 else f"payload-{k:02d}"
        (folder / f"{name}.md").write_text(front + body, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory):
    """A real run over the payload corpus and a real render of its report (title: a payload too)."""
    base = tmp_path_factory.mktemp("xss")
    out = base / "out"
    result = pipeline.run([_corpus(base / "in")], out)
    assert len(result.articles) == len(PAYLOADS) and result.exit_code == 0
    rendered = render_report(out, base / "reports", title=PAYLOADS[0] + PAYLOADS[10])
    assert rendered.ok and rendered.html is not None
    return out, rendered.html, base / "reports" / "index.html", result


PROBE = """() => ({
    pwned: typeof window.__ck_pwned !== 'undefined',
    handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes]
        .some(a => a.name.startsWith('on'))).length,
    scriptUrls: [...document.querySelectorAll('[href], [src], [action], [formaction], [data]')]
        .filter(e => ['href', 'src', 'action', 'formaction', 'data'].some(name =>
            /^\\s*(javascript|data):/i.test(e.getAttribute(name) || ''))).length,
    frames: document.querySelectorAll('iframe, object, embed, base, meta[http-equiv]').length,
})"""


def _executed(path: Path, **expressions: str) -> dict:
    """Open ``path`` offline, poke it (mouse, focus, scroll), and report what ran or was injected (and
    the value of each JavaScript expression given)."""
    with launch_browser() as browser:
        opened = open_offline(browser, path)
        page = opened.page
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.mouse.move(200, 200)
        page.mouse.move(600, 400)
        page.keyboard.press("Tab")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(500)
        found = page.evaluate(PROBE)
        found.update(dialogs=dialogs, errors=opened.errors, text=page.evaluate("document.body.textContent"))
        found.update({name: page.evaluate(expression) for name, expression in expressions.items()})
        return found


def _assert_nothing_ran(found: dict) -> None:
    assert not found["pwned"] and not found["dialogs"], found
    assert found["handlers"] == found["scriptUrls"] == found["frames"] == 0, found


def test_xss_report_shows_every_payload_and_runs_none(outputs) -> None:
    _, html, _, _ = outputs
    found = _executed(html)
    _assert_nothing_ran(found)
    assert found["errors"] == []
    shown = [p for p in PAYLOADS if p.replace("\u2028", "") in found["text"].replace("\u2028", "")]
    assert len(shown) == len(PAYLOADS)  # every payload is in the page, as characters
    print(f"\nreport: payloads {len(PAYLOADS)} / executed 0")


def test_xss_index_runs_none(outputs) -> None:
    _, _, index, _ = outputs
    found = _executed(index)
    _assert_nothing_ran(found)
    assert PAYLOADS[0] + PAYLOADS[10] in found["text"]


def _embedding(tmp_path: Path, json_text: str) -> Path:
    """A CMS page with the drafts pasted into a JSON-LD script element, and a probe that parses them."""
    page = tmp_path / "article.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>CMS</title>"
        f"<script type=\"application/ld+json\">{json_text}</script>"
        "</head><body><p>Article</p><script>window.__parsed = JSON.parse("
        "document.querySelector('script[type=\"application/ld+json\"]').textContent);"
        "window.__scripts = document.scripts.length;</script></body></html>",
        encoding="utf-8",
    )
    return page


def test_xss_claimreview_embedded_in_a_page_runs_none(outputs, tmp_path) -> None:
    out, _, _, _ = outputs
    written = (out / pipeline.CLAIMREVIEW).read_text(encoding="utf-8")
    assert "<" not in written and ">" not in written and "&" not in written
    drafts = json.loads(written)
    headlines = {r["itemReviewed"]["appearance"]["headline"] for r in drafts["@graph"]}
    publishers = {r["itemReviewed"]["appearance"]["publisher"]["name"] for r in drafts["@graph"]}
    stripped = {p.strip() for p in PAYLOADS}  # as the table keeps them: outer whitespace (U+2028) trimmed
    assert headlines == stripped and publishers == stripped  # every payload is in the drafts
    urls = [r["itemReviewed"]["appearance"]["url"] for r in drafts["@graph"]]
    assert all(u is None or u.startswith("https://example.com/") for u in urls)
    found = _executed(_embedding(tmp_path, written), scripts="window.__scripts", parsed="window.__parsed")
    _assert_nothing_ran(found)
    assert found["scripts"] == 2  # nothing broke out of the JSON-LD element
    assert found["parsed"] == drafts  # and it parses to the same data
    print(f"\nClaimReview embedded: payloads {len(PAYLOADS)} / executed 0")


def test_xss_claimreview_probe_catches_unescaped_json(outputs, tmp_path) -> None:
    """Control: the same drafts written as plain JSON do break out of the element and run."""
    out, _, _, _ = outputs
    plain = json.dumps(json.loads((out / pipeline.CLAIMREVIEW).read_text(encoding="utf-8")), ensure_ascii=False)
    assert to_json(json.loads(plain)) != plain
    with launch_browser() as browser:
        page = open_offline(browser, _embedding(tmp_path, plain)).page
        assert page.evaluate(f"typeof window.{MARKER}") != "undefined"


def test_xss_csv_cells_never_start_a_formula(outputs) -> None:
    """Every CSV cell a spreadsheet would run as a formula starts with an apostrophe (OWASP); the
    Parquet tables keep the text exactly."""
    out, _, _, _ = outputs
    defused: dict[str, int] = {}
    for table in ("articles", "claims", "mentions", "findings", "rejected"):
        with open(out / f"{table}.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == len(store.read_table(out, table)) + 1
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_START) or _number(cell), (table, cell[:60])
                if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
                    defused[cell[1:]] = defused.get(cell[1:], 0) + 1
    formulas = [p for p in PAYLOADS if p.startswith(FORMULA_START)]
    assert all(defused.get(p, 0) >= 3 for p in formulas), defused  # title, outlet and author at least
    articles = store.read_table(out, "articles")
    assert set(formulas) <= set(articles["title"])  # the table itself keeps them as written


def _number(cell: str) -> bool:
    """A numeric cell ("-2.0"): a spreadsheet reads it as a number, never as a formula."""
    try:
        float(cell)
    except ValueError:
        return False
    return True
