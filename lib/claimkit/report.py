"""HTML fragments and small table views for the notebooks and the rendered report.

Everything that came from an input or a table (article text, titles, outlets, evidence, explanations,
parameters) is HTML-escaped here, so a hostile article shows its ``<script>`` as characters and runs
nothing. The fragments are plain HTML styled by :func:`page_style`; they need no script.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from . import __version__, store
from .errors import ParameterError
from .paths import project_root, reports_dir
from .tables import FINDING_KINDS, REVIEW_STATUSES, SEVERITIES, conform, present

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}  # high 0 … low 2
KIND_RANK = {kind: rank for rank, kind in enumerate(FINDING_KINDS)}  # reference conflicts first
SUMMARY_NAME = "report.summary.json"
REPORTS_ROOT_ENV = "CLAIMKIT_REPORTS_ROOT"
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class Evidence(NamedTuple):
    """One stretch of an article's text to highlight: character offsets and the finding behind it.

    ``anchor`` is the element id given to the first ``<mark>`` of the span (empty: no id); ``label``, if
    any, is shown after the span as a small number linking to ``#card-<finding_id>``.
    """

    start: int
    end: int
    finding_id: str = ""
    kind: str = ""
    severity: str = "low"
    explanation: str = ""
    anchor: str = ""
    label: str = ""  # a short reference number shown after the span, linking to its card


# ------------------------------------------------------------------------------------------ helpers


def _str(value: Any) -> str:
    return "" if not present(value) else str(value)


def esc(value: Any) -> str:
    """A value as HTML text (quotes escaped too, so it is safe in attributes); empty for nulls."""
    return html.escape(_str(value), quote=True)


def _slug(value: Any) -> str:
    """A value reduced to characters that are safe and valid in an element id."""
    return _ID_UNSAFE.sub("-", _str(value)).strip("-") or "x"


def evidence_anchor(finding_id: Any, *, other: bool = False, source: int | None = None) -> str:
    """The element id of a finding's highlighted evidence (``other``: the other article's side;
    ``source``: the n-th of the sources a disagreement lists)."""
    suffix = "-other" if other else (f"-s{source}" if source is not None else "")
    return f"ev-{_slug(finding_id)}{suffix}"


def finding_sources(finding: Any) -> list[dict[str, Any]]:
    """The sources a finding lists on each side (its ``sources`` JSON), [] when it lists none."""
    import json

    raw = getattr(finding, "sources", None) if not isinstance(finding, Mapping) else finding.get("sources")
    if not present(raw):
        return []
    try:
        value = json.loads(_str(raw))
    except ValueError:
        return []
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def _severity_class(severity: Any) -> str:
    value = _str(severity)
    return f"ck-sev-{value}" if value in SEVERITY_RANK else "ck-sev-other"


def _label(kind: Any) -> str:
    words = _str(kind).replace("_", " ")
    return words[:1].upper() + words[1:]


def _linkify(text: Any) -> str:
    """Escaped text in which http(s) URLs become links (only those schemes; everything escaped)."""
    raw = _str(text)
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(raw):
        url = match.group(0).rstrip(".,;:")
        parts.append(html.escape(raw[last : match.start()]))
        parts.append(f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{html.escape(url)}</a>')
        last = match.start() + len(url)
    parts.append(html.escape(raw[last:]))
    return "".join(parts)


def _shorten(text: Any, limit: int) -> str:
    flat = " ".join(_str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------------------------- table views


def worst_first(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings sorted by severity (high first, unknown last), then kind (conflicts with the
    reference first), article and position."""
    findings = conform(findings, "findings")
    ranks = findings["severity"].map(lambda s: SEVERITY_RANK.get(_str(s), len(SEVERITIES))).astype(int)
    kinds = findings["kind"].map(lambda k: KIND_RANK.get(_str(k), len(KIND_RANK))).astype(int)
    ordered = findings.assign(_rank=ranks, _kind=kinds).sort_values(
        ["_rank", "_kind", "article_id", "start"], kind="stable", na_position="last"
    )
    return ordered.drop(columns=["_rank", "_kind"]).reset_index(drop=True)


def at_least(findings: pd.DataFrame, minimum: str) -> pd.DataFrame:
    """The findings of severity ``minimum`` or worse, worst first (then by article and position)."""
    check_choice("min_severity", minimum, SEVERITIES)
    ordered = worst_first(findings)
    ranks = ordered["severity"].map(lambda s: SEVERITY_RANK.get(_str(s), len(SEVERITIES))).astype(int)
    return ordered[ranks <= SEVERITY_RANK[minimum]].reset_index(drop=True)


def processed_folder(processed_dir: str) -> Path:
    """The tables' folder named by a notebook parameter: relative paths from the project root (never
    the kernel's working directory); ParameterError if it is empty or names a file."""
    if not isinstance(processed_dir, str) or not processed_dir.strip():
        raise ParameterError(f"parameter 'processed_dir': expected a folder path, got {processed_dir!r}")
    folder = project_root() / processed_dir.strip()
    if folder.exists() and not folder.is_dir():
        raise ParameterError(f"parameter 'processed_dir': {folder} is a file, not a folder of tables")
    return folder


def with_outlet(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with an ``outlet`` column (the source of the row's article) placed first."""
    outlets = _outlet_names(articles)
    named = frame.assign(outlet=frame["article_id"].map(lambda a: outlets.get(_str(a), _str(a))).astype("string"))
    return named[["outlet", *[c for c in frame.columns if c != "outlet"]]]


def article_dates(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: outlet, title, the date it was published, the date its text speaks from, and the
    days between them (positive: the text is older than its stamp)."""
    articles = conform(articles, "articles")
    published = pd.to_datetime(articles["published"].astype("string").str.slice(0, 10), errors="coerce")
    speaks = pd.to_datetime(articles["reference_date"].astype("string").str.slice(0, 10), errors="coerce")
    frame = articles[["article_id", "source", "title", "published", "reference_date"]].copy()
    frame["days_apart"] = (published - speaks).dt.days.astype("Int64")
    return frame


def check_choice(name: str, value: Any, allowed: Sequence[str]) -> None:
    """Raise ParameterError unless ``value`` (a string, or each item of a list) is one of ``allowed``."""
    values = value if isinstance(value, (list, tuple, set)) else [value]
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise ParameterError(
            f"parameter {name!r}: {', '.join(map(repr, wrong))} not allowed; choose from {', '.join(allowed)}"
        )


def filter_claims(
    claims: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    kinds: Iterable[str] = (),
    article: str = "",
    entity: str = "",
) -> pd.DataFrame:
    """The claims of the given kinds, in articles matching ``article`` (id, or words of the outlet or
    title), about ``entity`` (a reference id such as ``person/…``, or words of a name in the claim's
    subject, object or source); empty arguments select everything."""
    claims, articles = conform(claims, "claims"), conform(articles, "articles")
    keep = pd.Series(True, index=claims.index)
    wanted = [k for k in kinds if k]
    if wanted:
        keep &= claims["kind"].isin(wanted).fillna(False)
    if article.strip():
        needle = article.strip().casefold()
        matching = {
            _str(row.article_id)
            for row in articles.itertuples(index=False)
            if needle == _str(row.article_id).casefold()
            or needle in _str(row.source).casefold()
            or needle in _str(row.title).casefold()
        }
        keep &= claims["article_id"].isin(matching).fillna(False)
    if entity.strip():
        needle = entity.strip().casefold()
        ids = claims[["subject_id", "object_id", "attributed_to_id"]].astype("string").fillna("")
        names = claims[["subject", "object", "attributed_to"]].astype("string").fillna("")
        by_id = ids.apply(lambda col: col.str.casefold() == needle).any(axis=1)
        by_name = names.apply(lambda col: col.str.casefold().str.contains(needle, regex=False)).any(axis=1)
        keep &= (by_id | by_name).astype(bool)
    return claims[keep.astype(bool)].reset_index(drop=True)


def shared_facts(propositions: pd.DataFrame, *, min_articles: int = 2) -> pd.DataFrame:
    """The facts several texts state (the ``propositions`` table), those whose figures disagree first:
    "5 texts say 105, one says 110" at a glance."""
    frame = conform(propositions, "propositions")
    frame = frame[frame["articles"].fillna(0) >= min_articles]
    order = frame["agree"].fillna(True).astype(bool).map({False: 0, True: 1})
    frame = frame.assign(_order=order).sort_values(["_order", "articles", "label"], ascending=[True, False, True],
                                                     kind="stable")
    frame = frame.assign(verdict=frame["agree"].map({True: "agree", False: "disagree"}).fillna("agree"))
    return frame[["label", "articles", "claims", "values", "verdict"]].reset_index(drop=True)


def findings_per_article(articles: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per article: its outlet and title, and how many findings of each kind it has."""
    articles, findings = conform(articles, "articles"), conform(findings, "findings")
    counts = (
        findings.groupby(["article_id", "kind"], dropna=True).size().unstack(fill_value=0)
        if len(findings)
        else pd.DataFrame()
    )
    frame = articles[["article_id", "source", "title"]].set_index("article_id")
    frame = frame.join(counts, how="left").fillna(0)
    for column in counts.columns:
        frame[column] = frame[column].astype(int)
    return frame.reset_index()


def corpus_hash(articles: pd.DataFrame) -> str:
    """sha256 over the sorted sha256 digests of the articles' texts: names this exact input corpus."""
    digests = sorted(_str(v) for v in conform(articles, "articles")["sha256"] if present(v))
    return hashlib.sha256("\n".join(digests).encode("ascii", "replace")).hexdigest()


def summarise(
    articles: pd.DataFrame, claims: pd.DataFrame, findings: pd.DataFrame, *, title: str
) -> dict[str, Any]:
    """The headline counts the reports index shows (keys: articles, claims, findings_high,
    findings_total, findings_open, findings_accepted, findings_dismissed, title). ``findings_high`` counts
    the high-severity findings nobody dismissed."""
    findings = conform(findings, "findings")
    status = findings["review_status"].fillna("open")
    kept = status != "dismissed"
    return {
        "articles": int(len(articles)),
        "claims": int(len(claims)),
        "findings_high": int(((findings["severity"] == "high").fillna(False) & kept).sum()),
        "findings_total": int(len(findings)),
        "findings_open": int((status == "open").sum()),
        "findings_accepted": int((status == "accepted").sum()),
        "findings_dismissed": int((status == "dismissed").sum()),
        "title": title,
    }


def write_summary(summary: Mapping[str, Any], run_date: str, *, reports_root: str | Path | None = None) -> Path:
    """Write ``<reports_root>/<run_date>/report.summary.json`` (atomic), beside the rendered report.

    ``reports_root`` is resolved from the project root; without it, ``$CLAIMKIT_REPORTS_ROOT`` (the
    folder a renderer says it publishes to), else ``reports/``.
    """
    given = reports_root or os.environ.get(REPORTS_ROOT_ENV)
    root = project_root() / given if given else reports_dir()
    return store.write_json(dict(summary), root / run_date / SUMMARY_NAME)


def run_info(params: Mapping[str, Any], reference: Any, articles: pd.DataFrame) -> dict[str, Any]:
    """What a reader needs to reproduce the report: kit version, reference snapshot, corpus hash,
    number of articles and the run's parameters."""
    return {
        "claimkit version": __version__,
        "reference snapshot": _str(getattr(reference, "snapshot", "")),
        "reference fingerprint": _str(getattr(reference, "fingerprint", "")),
        "input corpus sha256": corpus_hash(articles),
        "articles": int(len(articles)),
        "parameters": dict(params),
    }


# -------------------------------------------------------------------------------------- highlighting


def evidence_spans(
    text: str,
    findings: pd.DataFrame,
    *,
    article_id: str,
    claims: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[Evidence]:
    """The evidence of every finding in one article's ``text``: the finding's own span where it is this
    article's, and the other claim's span where this article is the other side of a conflict.

    Offsets are trusted only when the text there is the quoted evidence; otherwise the quote is looked
    up in the text, and a quote that is not there is left out. ``labels`` (finding id → short label)
    numbers this article's own findings.
    """
    labels = labels or {}
    findings = conform(findings, "findings")
    by_claim: dict[str, Any] = {}
    if claims is not None:
        claims = conform(claims, "claims")
        by_claim = {_str(c.claim_id): c for c in claims.itertuples(index=False) if present(c.claim_id)}
    spans: list[Evidence] = []
    for finding in findings.itertuples(index=False):
        common = (_str(finding.finding_id), _str(finding.kind), _str(finding.severity) or "low",
                  _str(finding.explanation))
        if _str(finding.article_id) == article_id:
            found = _locate(text, finding.start, finding.end, _str(finding.text))
            if found:
                spans.append(Evidence(*found, *common, anchor=evidence_anchor(finding.finding_id),
                                      label=labels.get(_str(finding.finding_id), "")))
        sources = finding_sources(finding)
        for index, source in enumerate(sources):
            if _str(source.get("article_id")) != article_id or (
                    _str(finding.article_id) == article_id and source.get("start") == finding.start):
                continue  # another article's source, or this finding's own evidence (highlighted above)
            found = _locate(text, source.get("start"), source.get("end"), _str(source.get("text")))
            if found:
                spans.append(Evidence(*found, *common, anchor=evidence_anchor(finding.finding_id, source=index)))
        if not sources and _str(finding.other_article_id) == article_id:
            claim = by_claim.get(_str(finding.other_claim_id))
            start, end = (claim.start, claim.end) if claim is not None else (None, None)
            found = _locate(text, start, end, _str(finding.other_text))
            if found:
                spans.append(Evidence(*found, *common, anchor=evidence_anchor(finding.finding_id, other=True)))
    return spans


def _locate(text: str, start: Any, end: Any, quote: str) -> tuple[int, int] | None:
    if present(start) and present(end):
        s, e = int(start), int(end)
        if 0 <= s < e <= len(text) and (not quote or text[s:e] == quote):
            return s, e
    if quote:
        at = text.find(quote)
        if at >= 0:
            return at, at + len(quote)
    return None


def highlight_article(text: str, spans: Iterable[Evidence | tuple[int, int]]) -> str:
    """The article text, escaped, with each evidence span wrapped in ``<mark>`` elements.

    Overlapping spans are cut at every span boundary: each piece becomes one ``<mark>`` listing all the
    findings covering it (``data-findings``, ``data-kinds``), coloured by the worst severity, with the
    explanations as its ``title``; a span's first piece carries its ``anchor`` as id (a second span
    starting at the same place gets an empty ``<span>`` anchor).
    """
    text = _str(text)
    items = [Evidence(*s) if not isinstance(s, Evidence) else s for s in spans]
    items = [
        s._replace(start=max(0, int(s.start)), end=min(len(text), int(s.end)))
        for s in items
        if int(s.end) > int(s.start)
    ]
    items = [s for s in items if s.end > s.start]
    cuts = sorted({0, len(text), *(s.start for s in items), *(s.end for s in items)})
    placed: set[str] = set()
    parts: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        piece = html.escape(text[left:right], quote=False)
        covering = [s for s in items if s.start <= left and s.end >= right]
        if not covering:
            parts.append(piece)
            continue
        starting = [s.anchor for s in covering if s.start == left and s.anchor and s.anchor not in placed]
        placed.update(starting)
        own_id, extra = (starting[0], starting[1:]) if starting else ("", [])
        parts.extend(f'<span class="ck-anchor" id="{esc(anchor)}"></span>' for anchor in extra)
        worst = min(covering, key=lambda s: SEVERITY_RANK.get(s.severity, len(SEVERITIES)))
        findings = list(dict.fromkeys(s.finding_id for s in covering if s.finding_id))
        kinds = list(dict.fromkeys(s.kind for s in covering if s.kind))
        notes = list(dict.fromkeys(s.explanation for s in covering if s.explanation))
        attributes = [
            f'class="ck-ev {_severity_class(worst.severity)}"',
            f'id="{esc(own_id)}"' if own_id else "",
            f'data-findings="{esc(" ".join(findings))}"',
            f'data-kinds="{esc(" ".join(kinds))}"',
            f'title="{esc(chr(10).join(notes))}"' if notes else "",
        ]
        parts.append(f"<mark {' '.join(a for a in attributes if a)}>{piece}</mark>")
        parts.extend(
            f'<a class="ck-ref {_severity_class(s.severity)}" href="#card-{esc(_slug(s.finding_id))}">{esc(s.label)}</a>'
            for s in covering
            if s.end == right and s.label
        )
    return f'<div class="ck-text">{"".join(parts)}</div>'


# -------------------------------------------------------------------------------------------- cards


def finding_cards(
    findings: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    show_article: bool = True,
    link_evidence: bool = True,
    numbers: Mapping[str, str] | None = None,
    grid: bool = False,
    empty: str = "No findings.",
) -> str:
    """One card per finding, worst first: severity, kind, article, the evidence quoted (linked to its
    highlight in the text), the other side of a conflict, the explanation, what was expected and the
    reference it comes from. ``numbers`` (finding id → label) numbers the cards and gives them the ids
    ``card-<finding_id>`` that the labels in the text link to; ``grid`` lays them out in columns."""
    findings = conform(findings, "findings")
    if findings.empty:
        return f'<p class="ck-none">{esc(empty)}</p>'
    outlets = _outlet_names(articles)
    cards = [_card(f, outlets, show_article=show_article, link=link_evidence, numbers=numbers or {})
             for f in worst_first(findings).itertuples(index=False)]
    layout = "ck-cards ck-grid" if grid else "ck-cards"
    return f'<div class="{layout}">{"".join(cards)}</div>'


def _outlet_names(articles: pd.DataFrame) -> dict[str, str]:
    return {
        _str(a.article_id): _str(a.source) or _str(a.title) or _str(a.article_id)
        for a in conform(articles, "articles").itertuples(index=False)
    }


def _card(finding: Any, outlets: Mapping[str, str], *, show_article: bool, link: bool,
          numbers: Mapping[str, str]) -> str:
    severity = _str(finding.severity) or "unknown"
    number = numbers.get(_str(finding.finding_id), "")
    status = _str(getattr(finding, "review_status", "")) or "open"
    head = [f'<span class="ck-no {_severity_class(severity)}">{esc(number)}</span>'] if number else []
    head += [
        f'<span class="ck-badge {_severity_class(severity)}">{esc(severity)}</span>',
        f'<span class="ck-kind">{esc(_label(finding.kind))}</span>',
    ]
    if show_article:
        head.append(f'<span class="ck-outlet">{esc(outlets.get(_str(finding.article_id), finding.article_id))}</span>')
    if status != "open":
        rating = _str(getattr(finding, "rating", ""))
        head.append(f'<span class="ck-status ck-status-{esc(_slug(status))}">{esc(status)}'
                    f'{" · " + esc(rating) if rating else ""}</span>')
    review_id = _str(getattr(finding, "review_id", ""))
    if review_id:
        head.append(f'<code class="ck-rid" title="review id: claimkit review accept {esc(review_id)}">'
                    f'{esc(review_id)}</code>')
    quote = esc(_shorten(finding.text, 280))
    if link and quote:
        quote = f'<a href="#{esc(evidence_anchor(finding.finding_id))}">{quote}</a>'
    body = [f'<blockquote class="ck-quote">{quote}</blockquote>'] if quote else []
    sources = finding_sources(finding)
    if sources:
        body.append(_source_list(finding, sources, outlets, link=link))
    elif present(finding.other_article_id) or _str(finding.other_text):
        other = esc(_shorten(finding.other_text, 280))
        if link and other and present(finding.other_article_id):
            other = f'<a href="#{esc(evidence_anchor(finding.finding_id, other=True))}">{other}</a>'
        where = esc(outlets.get(_str(finding.other_article_id), finding.other_article_id))
        body.append(f'<p class="ck-other"><span class="ck-key">versus</span> {where}'
                    + (f": <q>{other}</q>" if other else "") + "</p>")
    if _str(finding.explanation):
        body.append(f'<p class="ck-explanation">{esc(finding.explanation)}</p>')
    facts = []
    if _str(finding.expected):
        facts.append(f'<dt>Expected</dt><dd>{_linkify(finding.expected)}</dd>')
    if _str(finding.reference_source):
        facts.append(f'<dt>Source</dt><dd>{_linkify(finding.reference_source)}</dd>')
    note = _str(getattr(finding, "review_note", ""))
    if status != "open":
        who = _str(getattr(finding, "reviewed_by", ""))
        facts.append(f'<dt>Verdict</dt><dd>{esc(status)}{" by " + esc(who) if who else ""}'
                     f'{": " + esc(note) if note else ""}</dd>')
    if facts:
        body.append(f'<dl class="ck-facts">{"".join(facts)}</dl>')
    card_id = f' id="card-{esc(_slug(finding.finding_id))}"' if number else ""
    names = _finding_outlets(finding, outlets)
    return (
        f'<article class="ck-card ck-item {_severity_class(severity)}"{card_id} '
        f'{_item_data(finding, status, names)}>'
        f'<header>{" ".join(head)}</header>{"".join(body)}</article>'
    )


def _item_data(finding: Any, status: str, outlets: Iterable[str]) -> str:
    """The data attributes the findings browser filters on (outlets joined with ``|``)."""
    return (f'data-finding="{esc(finding.finding_id)}" data-kind="{esc(finding.kind)}" '
            f'data-severity="{esc(_str(finding.severity) or "unknown")}" data-status="{esc(status)}" '
            f'data-outlets="{esc("|".join(dict.fromkeys(n for n in outlets if n)))}"')


def _finding_outlets(finding: Any, outlets: Mapping[str, str]) -> list[str]:
    """The outlets of every article a finding quotes: its own, each source's and the other side's."""
    names = [outlets.get(_str(finding.article_id), "")]
    names += [outlets.get(_str(s.get("article_id")), "") for s in finding_sources(finding) if s.get("article_id")]
    if present(finding.other_article_id):
        names.append(outlets.get(_str(finding.other_article_id), ""))
    return [n for n in dict.fromkeys(names) if n]


def kept(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings nobody dismissed (open and accepted): the report's main lists."""
    findings = conform(findings, "findings")
    return findings[findings["review_status"].fillna("open") != "dismissed"].reset_index(drop=True)


def dismissed(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings a reviewer dismissed."""
    findings = conform(findings, "findings")
    return findings[findings["review_status"].fillna("open") == "dismissed"].reset_index(drop=True)


MAX_BROWSED = 1000  # cards in the findings browser; the rest are counted and left to the tables
PAGE_SIZE = 20


def finding_browser(findings: pd.DataFrame, articles: pd.DataFrame, *, limit: int = MAX_BROWSED,
                    page_size: int = PAGE_SIZE) -> str:
    """The findings nobody dismissed, worst first, as cards under a search box and filters (severity,
    kind, outlet, review status) and split into pages by :func:`browser_script`; without script every
    card shows. At most ``limit`` cards, so a report of thousands of articles stays small."""
    shown_findings = worst_first(kept(findings))
    if shown_findings.empty:
        return '<p class="ck-none">No findings.</p>'
    outlets = _outlet_names(articles)
    top = shown_findings.head(limit)
    cards = "".join(_card(f, outlets, show_article=True, link=True, numbers={}) for f in top.itertuples(index=False))
    return _browser(top, outlets, f'<div class="ck-cards ck-grid">{cards}</div>', page_size=page_size,
                    left_out=len(shown_findings) - len(top))


def review_table(findings: pd.DataFrame, articles: pd.DataFrame, *, status: str = "open",
                 limit: int = MAX_BROWSED, page_size: int = 50) -> str:
    """The findings of one review ``status`` (open, accepted, dismissed, or all) as a table a reviewer
    works down: review id, severity, kind, outlet, the evidence, the explanation and the verdict so far;
    with the same search box, filters and pages as :func:`finding_browser`."""
    check_choice("status", status, ("open", "accepted", "dismissed", "all"))
    chosen = worst_first(findings)
    if status != "all":
        chosen = chosen[chosen["review_status"].fillna("open") == status]
    if chosen.empty:
        return f'<p class="ck-none">No {esc(status if status != "all" else "")} findings.</p>'
    outlets = _outlet_names(articles)
    top = chosen.head(limit)
    rows = []
    for f in top.itertuples(index=False):
        state = _str(f.review_status) or "open"
        verdict = state + (f" · {_str(f.rating)}" if _str(f.rating) else "")
        if _str(f.reviewed_by):
            verdict += f" by {_str(f.reviewed_by)}"
        rows.append(
            f'<tr class="ck-item" {_item_data(f, state, _finding_outlets(f, outlets))}>'
            f'<td><code class="ck-rid">{esc(f.review_id)}</code></td>'
            f'<td><span class="ck-badge {_severity_class(f.severity)}">{esc(f.severity)}</span></td>'
            f"<td>{esc(_label(f.kind))}</td><td>{esc(outlets.get(_str(f.article_id), f.article_id))}</td>"
            f'<td><q>{esc(_shorten(f.text, 200))}</q></td><td>{esc(f.explanation)}</td><td>{esc(verdict)}</td></tr>'
        )
    head = "".join(f"<th>{h}</th>" for h in ("review id", "severity", "kind", "outlet", "evidence", "explanation",
                                             "verdict"))
    table = (f'<div class="ck-scroll"><table class="ck-table ck-review"><thead><tr>{head}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>')
    return _browser(top, outlets, table, page_size=page_size, left_out=len(chosen) - len(top))


def _browser(shown_findings: pd.DataFrame, outlets: Mapping[str, str], items: str, *, page_size: int,
             left_out: int) -> str:
    """Search box, filters over the values present, the items (cards or table rows) and the pager."""
    names = sorted({n for f in shown_findings.itertuples(index=False) for n in _finding_outlets(f, outlets)})
    statuses = [s for s in REVIEW_STATUSES if (shown_findings["review_status"].fillna("open") == s).any()]
    filters = [
        ("severity", "Severity", [s for s in SEVERITIES if (shown_findings["severity"] == s).any()]),
        ("kind", "Kind", [k for k in FINDING_KINDS if (shown_findings["kind"] == k).any()]),
        ("outlets", "Outlet", names),
        ("status", "Review", statuses),
    ]
    controls = ['<label class="ck-field ck-field-search">Search <input type="search" class="ck-search" '
                'placeholder="words of the evidence, an outlet, a name" autocomplete="off"></label>']
    for key, label, values in filters:
        options = "".join(f'<option value="{esc(v)}">{esc(_label(v) if key == "kind" else v)}</option>'
                          for v in values)
        controls.append(f'<label class="ck-field">{esc(label)} <select data-filter="{esc(key)}">'
                        f'<option value="">all</option>{options}</select></label>')
    more = ""
    if left_out > 0:
        more = (f'<p class="ck-note">The {len(shown_findings):,} worst findings are listed here; {left_out:,} '
                "more are in findings.csv and <code>claimkit review</code>.</p>")
    return (
        f'<section class="ck-browser" data-page-size="{int(page_size)}">'
        f'<div class="ck-controls" role="search">{"".join(controls)}</div>'
        f'<p class="ck-count" aria-live="polite">{len(shown_findings):,} findings</p>{items}'
        '<nav class="ck-pages" aria-label="Pages of findings"><button type="button" data-page="prev">Previous'
        '</button> <span class="ck-page-of"></span> <button type="button" data-page="next">Next</button></nav>'
        f"{more}</section>"
    )


def dismissed_section(findings: pd.DataFrame, articles: pd.DataFrame, *, limit: int = MAX_BROWSED) -> str:
    """The dismissed findings, counted, in a collapsed section (they leave the main lists)."""
    gone = worst_first(dismissed(findings))
    if gone.empty:
        return '<p class="ck-none">No finding has been dismissed.</p>'
    outlets = _outlet_names(articles)
    cards = "".join(_card(f, outlets, show_article=True, link=False, numbers={})
                    for f in gone.head(limit).itertuples(index=False))
    return (f'<details class="ck-dismissed"><summary>{len(gone):,} dismissed finding{"s" if len(gone) != 1 else ""}'
            f' (not in the lists above, never drafted as ClaimReview)</summary><div class="ck-cards">{cards}</div>'
            "</details>")


def browser_script() -> str:
    """The one inline script of the report: search, filters and pages for every findings browser, and a
    jump to the right page when a link points at a card on another. It reads card text and data
    attributes and only toggles ``hidden``: it never writes markup, so no article text can become code."""
    return f"<script>{_SCRIPT}</script>"


_SCRIPT = r"""
(function () {
  function setup(root) {
    var cards = Array.prototype.slice.call(root.querySelectorAll('.ck-item'));
    var size = parseInt(root.getAttribute('data-page-size'), 10) || 20, page = 0;
    var search = root.querySelector('.ck-search');
    var selects = Array.prototype.slice.call(root.querySelectorAll('select[data-filter]'));
    var count = root.querySelector('.ck-count'), pageOf = root.querySelector('.ck-page-of');
    var prev = root.querySelector('[data-page=prev]'), next = root.querySelector('[data-page=next]');
    var texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
    function matching() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      return cards.filter(function (card, i) {
        if (!words.every(function (w) { return texts[i].indexOf(w) >= 0; })) { return false; }
        return selects.every(function (s) {
          return !s.value || (card.getAttribute('data-' + s.getAttribute('data-filter')) || '').split('|').indexOf(s.value) >= 0;
        });
      });
    }
    function show() {
      var found = matching(), pages = Math.max(1, Math.ceil(found.length / size));
      page = Math.max(0, Math.min(page, pages - 1));
      var visible = found.slice(page * size, (page + 1) * size);
      cards.forEach(function (c) { c.hidden = visible.indexOf(c) < 0; });
      count.textContent = found.length + ' of ' + cards.length + ' findings' + (found.length ? '' : ': none match');
      pageOf.textContent = 'page ' + (page + 1) + ' of ' + pages;
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
    }
    search.addEventListener('input', function () { page = 0; show(); });
    selects.forEach(function (s) { s.addEventListener('change', function () { page = 0; show(); }); });
    prev.addEventListener('click', function () { page -= 1; show(); });
    next.addEventListener('click', function () { page += 1; show(); });
    root.ckReveal = function (card) {
      search.value = ''; selects.forEach(function (s) { s.value = ''; });
      page = Math.floor(cards.indexOf(card) / size); show();
    };
    root.classList.add('ck-live');
    show();
  }
  Array.prototype.forEach.call(document.querySelectorAll('.ck-browser:not(.ck-live)'), setup);
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var root = target && target.closest && target.closest('.ck-browser');
    if (target && target.hidden && root && root.ckReveal) { root.ckReveal(target); target.scrollIntoView(); }
  }
  window.addEventListener('hashchange', reveal);
  reveal();
})();
"""


_SIDES = {0: "Most sources", -1: "Fits either side"}


def _source_list(finding: Any, sources: list[dict[str, Any]], outlets: Mapping[str, str], *, link: bool) -> str:
    """Every source of a disagreement, grouped by the figure they give: the consensus first, then each
    figure that differs, then wide figures that fit either side and the reference."""
    groups: dict[str, list[str]] = {}
    for index, source in enumerate(sources):
        side = _str(source.get("side"))
        group = source.get("group")
        heading = "Reference" if side == "reference" else _SIDES.get(group, "Differs") if side != "part" else (
            "This group")
        if side == "whole":
            heading = "The whole"
        quote = esc(_shorten(source.get("text"), 200))
        article_id = _str(source.get("article_id"))
        if link and quote and article_id:
            quote = f'<a href="#{esc(evidence_anchor(finding.finding_id, source=index))}">{quote}</a>'
        where = esc(outlets.get(article_id, _str(source.get("label")) or article_id)) if article_id else ""
        date = esc(source.get("date") or "")
        value = esc(source.get("value") if source.get("value") is not None else "")
        if side == "reference":
            item = esc(source.get("text"))  # its source is the card's "Source" below
        else:
            item = f'<b>{value}</b> — {where}{", " + date if date else ""}: <q>{quote}</q>'
        groups.setdefault(heading, []).append(f"<li>{item}</li>")
    order = ["Differs", "This group", "Most sources", "The whole", "Fits either side", "Reference"]
    parts = [f'<p class="ck-key">{esc(h)}</p><ul>{"".join(groups[h])}</ul>' for h in order if h in groups]
    return f'<div class="ck-sources">{"".join(parts)}</div>'


MAX_ARTICLES = 40  # articles shown in full; a report of thousands lists the rest in the tables


def article_sections(
    articles: pd.DataFrame,
    findings: pd.DataFrame,
    *,
    claims: pd.DataFrame | None = None,
    limit: int | None = None,
) -> str:
    """Each article: a header (outlet, title, dates), its text with every evidence span highlighted, and
    beside it the cards of its findings. Articles with high-severity findings come first; with ``limit``
    only that many are shown in full, and a note counts the rest."""
    articles, findings = conform(articles, "articles"), conform(findings, "findings")
    ranked = worst_first(findings)
    worst = {a: SEVERITY_RANK.get(_str(s), len(SEVERITIES))
             for a, s in zip(ranked["article_id"][::-1], ranked["severity"][::-1])}
    order = sorted(range(len(articles)),
                   key=lambda i: (worst.get(_str(articles["article_id"].iloc[i]), len(SEVERITIES)), i))
    rest = 0
    if limit is not None and len(order) > limit:
        order, rest = order[:limit], len(order) - limit
    if claims is not None:  # only the claims a finding points at: a big corpus is not scanned per article
        claims = conform(claims, "claims")
        claims = claims[claims["claim_id"].isin(set(findings["other_claim_id"].dropna().astype(str)))]
    sources = findings["sources"].fillna("").astype(str) if "sources" in findings else pd.Series("", index=findings.index)
    sections = []
    for i in order:
        article = articles.iloc[i]
        article_id = _str(article["article_id"])
        text = _str(article["text"])
        own = ranked[ranked["article_id"] == article_id]
        numbers = {_str(fid): str(n) for n, fid in enumerate(own["finding_id"], start=1)}
        touching = findings[(findings["article_id"] == article_id) | (findings["other_article_id"] == article_id)
                            | sources.str.contains(article_id, regex=False)]
        spans = evidence_spans(text, touching, article_id=article_id, claims=claims, labels=numbers)
        sections.append(
            f'<section class="ck-article" id="article-{esc(_slug(article_id))}">'
            f"{_article_header(article, len(own), stale=bool((own['kind'] == 'temporal_inconsistency').any()))}"
            f'<div class="ck-columns"><div class="ck-body">{highlight_article(text, spans)}</div>'
            f'<aside class="ck-side">{finding_cards(own, articles, show_article=False, numbers=numbers, empty="No findings in this article.")}'
            f"</aside></div></section>"
        )
    if rest:
        sections.append(f'<p class="ck-note">{rest:,} more articles are not shown in full here (those with the '
                        "worst findings come first); every article is in articles.csv.</p>")
    return "".join(sections)


def _article_header(article: pd.Series, n_findings: int, *, stale: bool) -> str:
    """Outlet, title, dates (the date the text speaks from stands out when a check found it stale)."""
    published, speaks = _str(article["published"]), _str(article["reference_date"])
    dates = [f"published {esc(published or 'unknown')}"]
    if speaks and speaks != published:
        dates.append(f'<span class="{"ck-warn" if stale else "ck-speaks"}">the text speaks from {esc(speaks)}</span>')
    url = _str(article["url"])
    link = f' · <span class="ck-url">{_linkify(url)}</span>' if url else ""
    return (
        f'<header class="ck-article-head"><p class="ck-outlet">{esc(article["source"] or "unknown outlet")}</p>'
        f'<h3>{esc(article["title"] or article["article_id"])}</h3>'
        f'<p class="ck-meta">{" · ".join(dates)} · {n_findings} finding{"s" if n_findings != 1 else ""}'
        f' · <code>{esc(article["article_id"])}</code>{link}</p></header>'
    )


# ------------------------------------------------------------------------------------ page furniture


def masthead(
    title: str, summary: Mapping[str, Any], *, run_date: str = "", rejected: int = 0, min_severity: str = "low"
) -> str:
    """The report's title and headline counts: articles, claims, findings still open (of all), high
    severity, and what reviewers accepted and dismissed; says so when the report leaves out findings
    below ``min_severity``."""
    total = int(summary.get("findings_total", 0))
    open_ = int(summary.get("findings_open", total))
    stats = [
        ("articles", summary.get("articles", 0), "", ""),
        ("claims", summary.get("claims", 0), "", ""),
        ("findings open", open_, "", f"of {total:,}" if open_ != total else ""),
        ("high severity", summary.get("findings_high", 0), "ck-sev-high" if summary.get("findings_high") else "", ""),
    ]
    if summary.get("findings_accepted"):
        stats.append(("accepted", summary["findings_accepted"], "ck-accepted", ""))
    if summary.get("findings_dismissed"):
        stats.append(("dismissed", summary["findings_dismissed"], "ck-dismissed", ""))
    if rejected:
        stats.append(("files rejected", rejected, "ck-sev-medium", ""))
    boxes = "".join(
        f'<div class="ck-stat {cls}" data-stat="{esc(what)}"><span class="ck-num">{int(n):,}</span>'
        f'<span class="ck-what">{esc(what)}{(" " + esc(extra)) if extra else ""}</span></div>'
        for what, n, cls, extra in stats
    )
    when = f"Run of {esc(run_date)}" if run_date else "Interactive run (not rendered)"
    lede = (
        "What the articles claim, and where those claims contradict a dated reference of known facts, "
        "each other, or themselves. Every finding quotes its evidence and cites its source."
    )
    if open_ != total:
        lede += (f" {open_:,} of {total:,} findings are still open; the others carry a reviewer's verdict "
                 "(dismissed ones are listed at the end).")
    if min_severity != SEVERITIES[-1]:
        lede += f" This report shows the findings of {esc(min_severity)} severity or worse."
    return (
        f'<header class="ck-masthead"><p class="ck-kicker">claimkit · {when}</p>'
        f'<h1>{esc(title)}</h1><p class="ck-lede">{lede}</p><div class="ck-stats">{boxes}</div></header>'
    )


def table_of_contents(entries: Sequence[tuple[str, str]]) -> str:
    """Links to the report's sections: (anchor id, heading) pairs."""
    items = "".join(f'<li><a href="#{esc(_slug(anchor))}">{esc(label)}</a></li>' for anchor, label in entries)
    return f'<nav class="ck-toc" aria-label="Contents"><p class="ck-key">Contents</p><ol>{items}</ol></nav>'


def section_anchor(anchor: str) -> str:
    """An empty element with the id a table-of-contents entry links to (placed before a heading)."""
    return f'<span class="ck-section" id="{esc(_slug(anchor))}"></span>'


def rejected_files(rejected: pd.DataFrame) -> str:
    """Every input that could not be read, with the reason (escaped), or a line saying there was none."""
    rejected = conform(rejected, "rejected")
    if rejected.empty:
        return '<p class="ck-none">Every input file was read.</p>'
    return table_html(rejected, columns=["path", "reason"], labels={"path": "file"},
                      caption=f"{len(rejected):,} file{'s' if len(rejected) != 1 else ''} could not be read")


def provenance(info: Mapping[str, Any]) -> str:
    """One line under the headline: kit version, reference snapshot and the input corpus hash."""
    corpus = _str(info.get("input corpus sha256"))
    items = [
        f"claimkit {esc(info.get('claimkit version'))}",
        f"reference snapshot {esc(info.get('reference snapshot'))}",
        f'input corpus sha256 <code title="{esc(corpus)}">{esc(corpus[:16])}…</code>',
    ]
    return f'<p class="ck-provenance">{" · ".join(items)} · details at the end of the report</p>'


def run_info_html(info: Mapping[str, Any]) -> str:
    """The run's provenance as a two-column table (parameters listed one per row)."""
    rows = []
    for key, value in info.items():
        if isinstance(value, Mapping):
            for name, item in value.items():
                rows.append(f"<tr><th>{esc(key)}: <code>{esc(name)}</code></th><td><code>{esc(repr(item))}</code></td></tr>")
        else:
            rows.append(f"<tr><th>{esc(key)}</th><td><code>{esc(value)}</code></td></tr>")
    return f'<table class="ck-table ck-runinfo"><tbody>{"".join(rows)}</tbody></table>'


def table_html(
    frame: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    limit: int | None = None,
    caption: str = "",
) -> str:
    """A plain, escaped HTML table of ``frame`` (chosen ``columns``, renamed by ``labels``; at most
    ``limit`` rows, saying how many were left out)."""
    columns = list(columns) if columns is not None else list(frame.columns)
    labels = dict(labels or {})
    shown = frame if limit is None else frame.head(limit)
    head = "".join(f"<th>{esc(labels.get(c, c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(_cell(row[c]))}</td>" for c in columns) + "</tr>"
        for _, row in shown.iterrows()
    )
    note = ""
    if limit is not None and len(frame) > limit:
        note = f'<p class="ck-note">{len(frame) - limit:,} more rows not shown.</p>'
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<div class="ck-scroll"><table class="ck-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}'
            f"</tbody></table></div>{note}")


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    if not present(value):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def page_style() -> str:
    """The report's stylesheet (one inline ``<style>``): readable type, severity colours, highlights.

    Page-wide rules are scoped to ``body.jp-Notebook`` (the exported HTML page), so showing the same
    fragments inside JupyterLab leaves Lab's own interface alone.
    """
    return f"<style>{_CSS}</style>"


_CSS = """
body.jp-Notebook { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px;
  font-family: "Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1f2328;
  background: #fafaf7; }
body.jp-Notebook .jp-Cell { padding: 0; }
body.jp-Notebook .jp-MarkdownOutput { padding-left: 0; }
body.jp-Notebook .jp-MarkdownOutput p { max-width: 52rem; color: #424a53; }
body.jp-Notebook .jp-RenderedHTMLCommon h2 { font-size: 1.45rem; margin: 2.2rem 0 .6rem;
  padding-bottom: .35rem; border-bottom: 2px solid #1f2328; font-weight: 700; }
body.jp-Notebook .jp-RenderedHTMLCommon h2 .anchor-link { display: none; }
.ck-masthead { border-bottom: 4px double #1f2328; padding: 8px 0 18px; margin-bottom: 8px; }
.ck-masthead h1 { font-family: Georgia, "Times New Roman", serif; font-size: 2.3rem; line-height: 1.15;
  margin: .2rem 0 1rem; font-weight: 700; letter-spacing: -.01em; }
.ck-lede { font-family: Georgia, serif; font-size: 1.08rem; color: #424a53; margin: -.4rem 0 1rem;
  max-width: 48rem; }
.ck-kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .78rem; color: #57606a; margin: 0; }
.ck-provenance { font-size: .8rem; color: #57606a; margin: 6px 0 0; }
.ck-stats { display: flex; gap: 12px; flex-wrap: wrap; }
.ck-stat { background: #fff; border: 1px solid #d0d7de; border-top: 4px solid #57606a; border-radius: 4px;
  padding: 8px 16px; min-width: 110px; }
.ck-stat.ck-sev-high { border-top-color: #c62828; }
.ck-stat.ck-sev-medium { border-top-color: #a84300; }
.ck-num { display: block; font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.ck-stat.ck-sev-high .ck-num { color: #c62828; }
.ck-what { font-size: .8rem; color: #57606a; text-transform: uppercase; letter-spacing: .05em; }
.ck-cards { display: grid; gap: 10px; }
.ck-cards.ck-grid { grid-template-columns: repeat(auto-fill, minmax(min(420px, 100%), 1fr)); }
.ck-item[hidden] { display: none; }
.ck-card { background: #fff; border: 1px solid #d0d7de; border-left: 6px solid #90a4ae; border-radius: 4px;
  padding: 10px 14px; font-size: .92rem; line-height: 1.45; overflow-wrap: anywhere; min-width: 0; }
.ck-card.ck-sev-high { border-left-color: #c62828; }
.ck-card.ck-sev-medium { border-left-color: #a84300; }
.ck-card header { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.ck-badge { font-size: .74rem; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; color: #fff;
  background: #546e7a; border-radius: 3px; padding: 1px 6px; }
.ck-badge.ck-sev-high { background: #c62828; }
.ck-badge.ck-sev-medium { background: #a84300; }
.ck-kind { font-weight: 700; }
.ck-card .ck-outlet { color: #57606a; }
.ck-quote { margin: 6px 0; padding: 2px 10px; border-left: 3px solid #d0d7de; font-family: Georgia, serif;
  font-style: italic; color: #1f2328; }
.ck-quote a, .ck-other a { color: inherit; text-decoration: underline dotted; }
.ck-other { margin: 4px 0; color: #424a53; }
.ck-sources { margin: 4px 0; color: #424a53; }
.ck-sources ul { margin: 2px 0 6px; padding-left: 20px; }
.ck-sources a { color: inherit; text-decoration: underline dotted; }
.ck-key { font-size: .72rem; text-transform: uppercase; letter-spacing: .06em; color: #57606a; }
.ck-explanation { margin: 6px 0; }
.ck-facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 10px; margin: 6px 0 0;
  font-size: .84rem; color: #424a53; }
.ck-facts dt { font-weight: 700; overflow-wrap: normal; }
.ck-facts dd { margin: 0; overflow-wrap: anywhere; }
.ck-article { margin: 18px 0 30px; }
.ck-article-head h3 { font-family: Georgia, serif; font-size: 1.35rem; margin: .1rem 0 .3rem; }
.ck-article-head .ck-outlet { margin: 0; font-size: .8rem; text-transform: uppercase; letter-spacing: .07em;
  color: #57606a; font-weight: 700; }
.ck-meta { margin: 0 0 10px; font-size: .85rem; color: #57606a; overflow-wrap: anywhere; }
.ck-warn { color: #b45309; font-weight: 600; }
.ck-columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 22px; align-items: start; }
@media (max-width: 900px) { .ck-columns { grid-template-columns: 1fr; } }
.ck-text { white-space: pre-wrap; font-family: Georgia, "Times New Roman", serif; font-size: 1.02rem;
  line-height: 1.62; background: #fff; border: 1px solid #e1e4e8; border-radius: 4px; padding: 14px 18px; }
mark.ck-ev { background: #eceff1; border-bottom: 2px solid #90a4ae; padding: 0 1px; color: inherit; }
mark.ck-ev.ck-sev-high { background: #ffd9d6; border-bottom-color: #c62828; }
mark.ck-ev.ck-sev-medium { background: #ffe8c7; border-bottom-color: #a84300; }
mark.ck-ev:target, .ck-anchor:target + mark.ck-ev { outline: 2px solid #1f2328; }
.ck-ref { font: 700 .75rem/1 "Segoe UI", Arial, sans-serif; vertical-align: super; margin-left: 1px;
  color: #fff; background: #546e7a; border-radius: 8px; padding: 1px 4px; text-decoration: none; }
.jp-RenderedHTMLCommon a.ck-ref, a.ck-ref:visited, a.ck-ref:hover { color: #fff; }  /* over Lab's link colour */
.ck-ref.ck-sev-high, .ck-no.ck-sev-high { background: #c62828; }
.ck-ref.ck-sev-medium, .ck-no.ck-sev-medium { background: #a84300; }
.ck-no { display: inline-block; min-width: 1.4em; text-align: center; font-size: .8rem; font-weight: 700;
  color: #fff; background: #546e7a; border-radius: 9px; padding: 1px 5px; }
.ck-card:target { box-shadow: 0 0 0 2px #1f2328; }
.ck-none, .ck-note { color: #57606a; font-style: italic; }
.ck-table.ck-table { border-collapse: collapse; font-size: .86rem; width: 100%; background: #fff;
  table-layout: auto; }
.ck-table.ck-table th, .ck-table.ck-table td { border-bottom: 1px solid #e1e4e8; padding: 4px 8px;
  text-align: left; vertical-align: top; max-width: 26rem; }
.ck-table.ck-table thead th { border-bottom: 2px solid #1f2328; white-space: nowrap; }
.ck-table caption { caption-side: top; text-align: left; font-weight: 700; padding: 4px 0 8px; }
.ck-runinfo.ck-runinfo th { width: 30%; font-weight: 600; }
.ck-runinfo code, .ck-meta code { font-size: .8rem; overflow-wrap: anywhere; }
.ck-scroll { overflow-x: auto; max-width: 100%; }
.ck-stat.ck-accepted { border-top-color: #1b5e20; }
.ck-stat.ck-dismissed { border-top-color: #455a64; }
.ck-status { font-size: .74rem; font-weight: 700; border-radius: 3px; padding: 1px 6px; color: #fff;
  background: #455a64; }
.ck-status-accepted { background: #1b5e20; }
.ck-rid { font-size: .78rem; color: #424a53; background: #eef1f4; border-radius: 3px; padding: 0 4px; }
.ck-toc { background: #fff; border: 1px solid #d0d7de; border-radius: 4px; padding: 8px 16px; margin: 14px 0; }
.ck-toc ol { margin: 4px 0; padding-left: 20px; columns: 2 14rem; }
.ck-toc a { color: #0b4f8a; }
.ck-controls { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 6px 0 8px;
  font-size: .86rem; color: #424a53; }
.ck-field { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.ck-field-search { flex: 1 1 16rem; }
.ck-controls input, .ck-controls select { font: inherit; padding: 5px 8px; border: 1px solid #8c959f;
  border-radius: 4px; background: #fff; color: #1f2328; max-width: 100%; }
.ck-count { font-size: .86rem; color: #424a53; margin: 4px 0 8px; }
.ck-pages { display: none; gap: 10px; align-items: center; margin: 10px 0; font-size: .86rem; }
.ck-live .ck-pages { display: flex; }
.ck-pages button { font: inherit; padding: 4px 12px; border: 1px solid #8c959f; border-radius: 4px;
  background: #fff; color: #1f2328; cursor: pointer; }
.ck-pages button:disabled { color: #6e7781; cursor: default; }
.ck-dismissed summary { cursor: pointer; font-weight: 600; color: #424a53; margin: 6px 0; }
.ck-dismissed .ck-card { background: #f6f8fa; }
@media (max-width: 600px) {
  body.jp-Notebook { padding: 12px 12px 48px; }
  .ck-masthead h1 { font-size: 1.7rem; }
  .ck-stat { min-width: 0; flex: 1 1 40%; padding: 6px 10px; }
  .ck-num { font-size: 1.4rem; }
  .ck-text { padding: 10px 12px; }
  .ck-toc ol { columns: 1; }
}
body.jp-Notebook .jp-OutputArea-output, body.jp-Notebook .jp-RenderedHTMLCommon { max-width: 100%; overflow-x: auto; }
"""
