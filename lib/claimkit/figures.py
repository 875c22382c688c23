"""Plotly figures over the kit's tables (claimkit.tables), used by the notebooks and the HTML report.

Plotly draws some HTML tags in labels and hover text, so every string that came from an article is
passed through ``html.escape`` before it reaches a figure. Each function accepts empty tables and then
returns an empty figure carrying a note instead of raising.
"""

from __future__ import annotations

import calendar
import html
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .tables import CLAIM_KINDS, FINDING_KINDS, SEVERITIES, conform, present

# JupyterLab draws the mimetype output, the offline HTML the inlined plotly.js of the "notebook" part.
OFFLINE_RENDERER = "plotly_mimetype+notebook"
TEMPLATE = "plotly_white"
SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#90a4ae"}
MAX_ARTICLES = 40  # articles one figure draws: a report of thousands stays small and quick to open
MAX_DISPUTES = 20  # disputed quantities drawn (the ones with the most claims first)
MAX_CITED = 40  # people and outlets the attribution figure draws (the most cited first)
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def use_offline_renderer() -> None:
    """Show figures with the renderer that draws both in JupyterLab and in the offline HTML report."""
    pio.renderers.default = OFFLINE_RENDERER


# Plotly inside a papermill kernel defaults to a renderer nbconvert cannot draw; an explicit
# PLOTLY_RENDERER (e.g. plain "plotly_mimetype" for small committed notebook outputs) still wins.
if not os.environ.get("PLOTLY_RENDERER"):
    use_offline_renderer()


# -------------------------------------------------------------------------------------------- helpers


def _text(value: Any, limit: int | None = None) -> str:
    """A value as label text: empty for nulls, shortened to ``limit`` characters, HTML-escaped."""
    if not present(value):
        return ""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=False)


def _number(value: Any) -> float | None:
    if not present(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _flag(value: Any, default: bool) -> bool:
    return default if not present(value) else bool(value)


def _format(number: float) -> str:
    """A number for a label: thousands separators, no float noise ("2,000.5", "130", "0.25")."""
    if float(number).is_integer() or abs(number) >= 1e5:
        return f"{number:,.0f}"
    return f"{number:,.6g}"


def _count_ticks(largest: int) -> dict[str, Any]:
    """Axis settings for counts: whole-number ticks when the counts are small."""
    return {"rangemode": "tozero", **({"dtick": 1} if largest <= 10 else {})}


def _empty(title: str, note: str) -> go.Figure:
    """A figure with no data and a centred note saying why."""
    figure = go.Figure()
    figure.update_layout(
        title=title,
        template=TEMPLATE,
        height=260,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": html.escape(note, quote=False),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 14, "color": "#666"},
            }
        ],
    )
    return figure


def _article_labels(articles: pd.DataFrame, ids: Iterable[str]) -> dict[str, str]:
    """A short, unique, escaped axis label per article id: its outlet, else its title, else the id."""
    known = {
        str(row.article_id): row
        for row in articles.itertuples(index=False)
        if present(row.article_id)
    }
    base: dict[str, str] = {}
    for article_id in ids:
        row = known.get(article_id)
        raw = ""
        if row is not None:
            named = [str(v) for v in (row.source, row.title) if present(v)]
            raw = named[0] if named else ""
        base[article_id] = _text(raw or article_id, 32)
    counts = Counter(base.values())
    return {
        article_id: label if counts[label] == 1 else f"{label} ({_text(article_id, 10)})"
        for article_id, label in base.items()
    }


def _article_titles(articles: pd.DataFrame) -> dict[str, str]:
    return {
        str(row.article_id): _text(row.title, 120)
        for row in articles.itertuples(index=False)
        if present(row.article_id)
    }


def _ordered(values: Iterable[Any], preferred: Sequence[str]) -> list[str]:
    seen = {str(v) for v in values if present(v)}
    return [v for v in preferred if v in seen] + sorted(seen - set(preferred))


def _parse_day(text: Any) -> tuple[date, date] | None:
    """An ISO date, month (``2023-12``) or year as (first day, last day); None when unreadable."""
    if not present(text):
        return None
    value = str(text).strip()[:10]
    try:
        if len(value) == 4:
            year = int(value)
            return date(year, 1, 1), date(year, 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(value)
        return day, day
    except ValueError:
        return None


# -------------------------------------------------------------------------------------------- figures


def _busiest(ids: list[str], claims: pd.DataFrame, limit: int) -> list[str]:
    """At most ``limit`` of ``ids``: those with the most claims, kept in their order."""
    if len(ids) <= limit:
        return ids
    counts = claims.groupby("article_id", dropna=True).size()
    chosen = set(sorted(ids, key=lambda i: (-int(counts.get(i, 0)), ids.index(i)))[:limit])
    return [i for i in ids if i in chosen]


def _of_all(title: str, shown: int, total: int) -> str:
    return title if shown >= total else f"{title} (the {shown} of {total:,} articles with the most claims)"


def claims_per_article(claims: pd.DataFrame, articles: pd.DataFrame, *, limit: int = MAX_ARTICLES) -> go.Figure:
    """Stacked bars: how many claims of each kind each article makes (articles without claims: 0); at
    most ``limit`` articles, those with the most claims."""
    claims, articles = conform(claims, "claims"), conform(articles, "articles")
    title = "Claims per article and kind"
    if claims.empty:
        return _empty(title, f"No claims extracted from {len(articles)} article(s).")
    ids = [str(i) for i in articles["article_id"].dropna()]
    ids += [i for i in dict.fromkeys(str(i) for i in claims["article_id"].dropna()) if i not in ids]
    every = len(ids)
    ids = _busiest(ids, claims, limit)
    title = _of_all(title, len(ids), every)
    labels, titles = _article_labels(articles, ids), _article_titles(articles)
    counts = claims.groupby(["article_id", "kind"], dropna=False).size()
    tallest = int(claims.groupby("article_id", dropna=False).size().max())
    figure = go.Figure()
    for kind in _ordered(claims["kind"], CLAIM_KINDS):
        figure.add_bar(
            name=_text(kind),
            x=[labels[i] for i in ids],
            y=[int(counts.get((i, kind), 0)) for i in ids],
            customdata=[titles.get(i, "") for i in ids],
            hovertemplate="%{x}<br>%{customdata}<br>%{y} claim(s)<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        title=title,
        barmode="stack",
        template=TEMPLATE,
        xaxis={"title": "article", "type": "category"},
        yaxis={"title": "claims", **_count_ticks(tallest)},
        legend={"title": "kind"},
    )
    return figure


def date_timeline(claims: pd.DataFrame, articles: pd.DataFrame, *, limit: int = MAX_ARTICLES) -> go.Figure:
    """Per article: the dates its claims mention (intervals as segments) against its publication date
    and the date the text itself speaks from; at most ``limit`` articles, those with the most dated claims."""
    claims, articles = conform(claims, "claims"), conform(articles, "articles")
    title = "Dates mentioned vs publication dates"
    dated = claims[claims["date"].notna()]
    ids = [str(i) for i in articles["article_id"].dropna()]
    ids += [i for i in dict.fromkeys(str(i) for i in dated["article_id"].dropna()) if i not in ids]
    every = len(ids)
    ids = _busiest(ids, dated, limit)
    title = _of_all(title, len(ids), every)
    chosen = set(ids)
    dated = dated[dated["article_id"].astype("string").isin(chosen).fillna(False)]
    articles = articles[articles["article_id"].astype("string").isin(chosen).fillna(False)]
    labels = _article_labels(articles, ids)
    figure = go.Figure()
    drawn = 0

    date_types = dated["date_type"].fillna("unknown")
    for number, date_type in enumerate(
        _ordered(date_types, ("absolute", "partial", "relative", "duration"))
    ):
        rows = dated[date_types == date_type]
        xs, ys, hover, seg_x, seg_y = [], [], [], [], []
        for row in rows.itertuples(index=False):
            span = _parse_day(row.date)
            if span is None or not present(row.article_id):
                continue
            start, end = span
            explicit_end = _parse_day(row.date_end)
            if explicit_end is not None:
                end = explicit_end[1]
            label = labels[str(row.article_id)]
            xs.append(start.isoformat())
            ys.append(label)
            shown = _text(row.date)
            if present(row.date_end):
                shown += f" – {_text(row.date_end)}"
            hover.append(f"“{_text(row.date_text, 80)}”<br>{shown}<br>{_text(row.kind)}")
            if end > start:
                seg_x += [start.isoformat(), end.isoformat(), None]
                seg_y += [label, label, None]
        if not xs:
            continue
        drawn += len(xs)
        colour = PALETTE[number % len(PALETTE)]
        if seg_x:  # intervals and partial dates ("2023-12" spans the month)
            figure.add_scatter(
                x=seg_x,
                y=seg_y,
                mode="lines",
                line={"color": colour, "width": 6},
                opacity=0.45,
                legendgroup=date_type,
                showlegend=False,
                hoverinfo="skip",
            )
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=f"mentioned ({_text(date_type)})",
            legendgroup=date_type,
            marker={"color": colour, "size": 9},
            customdata=hover,
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        )

    for column, name, symbol, colour in (
        ("published", "published", "diamond", "#222"),
        ("reference_date", "date the text speaks from", "x", "#c62828"),
    ):
        xs, ys, hover = [], [], []
        for row in articles.itertuples(index=False):
            span = _parse_day(getattr(row, column))
            if span is None or not present(row.article_id):
                continue
            xs.append(span[0].isoformat())
            ys.append(labels[str(row.article_id)])
            hover.append(f"{name}: {_text(getattr(row, column))}")
        if xs:
            drawn += len(xs)
            figure.add_scatter(
                x=xs,
                y=ys,
                mode="markers",
                name=name,
                customdata=hover,
                marker={"symbol": symbol, "size": 13, "color": colour, "line": {"width": 1}},
                hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            )
    if not drawn:
        return _empty(title, "No dates to show.")
    figure.update_layout(
        title=title,
        template=TEMPLATE,
        xaxis={"title": "date", "type": "date"},
        yaxis={
            "title": "article",
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [labels[i] for i in ids][::-1],  # first article on top
        },
        height=max(280, 120 + 45 * len(ids)),
    )
    return figure


def attribution_network(claims: pd.DataFrame, *, articles: pd.DataFrame | None = None) -> go.Figure:
    """Who cites whom: a Sankey from each article (its outlet when ``articles`` is given) to the people
    and outlets its claims are attributed to; link width = number of claims."""
    claims = conform(claims, "claims")
    title = "Who is cited by whom"
    cited = claims[claims["attributed_to"].notna() & (claims["attributed_to"].str.strip() != "")]
    if cited.empty:
        return _empty(title, "No attributed claims.")
    articles = conform(articles if articles is not None else [], "articles")
    article_ids = [str(i) for i in cited["article_id"].fillna("?")]
    source_labels = _article_labels(articles, dict.fromkeys(article_ids))

    keys: list[str] = []
    names: dict[str, Counter[str]] = {}
    for row in cited.itertuples(index=False):
        name = " ".join(str(row.attributed_to).split())
        key = name.lower() if not present(row.attributed_to_id) else str(row.attributed_to_id)
        keys.append(key)  # one node per reference id, else per wording
        names.setdefault(key, Counter())[name] += 1
    target_labels = {key: _text(counter.most_common(1)[0][0], 40) for key, counter in names.items()}

    pairs = Counter(zip((source_labels[i] for i in article_ids), keys))
    by_source, by_key = Counter(), Counter()
    for (source, key), n in pairs.items():
        by_source[source] += n
        by_key[key] += n
    kept_sources = {source for source, _ in by_source.most_common(MAX_ARTICLES)}
    kept_keys = {key for key, _ in by_key.most_common(MAX_CITED)}
    pairs = Counter({pair: n for pair, n in pairs.items() if pair[0] in kept_sources and pair[1] in kept_keys})
    if len(by_key) > MAX_CITED or len(by_source) > MAX_ARTICLES:  # a big corpus: the most cited only
        title += f" (the {len(kept_keys)} most cited of {len(by_key):,} people and outlets)"
    left = list(dict.fromkeys(source for source, _ in pairs))
    right = list(dict.fromkeys(key for _, key in pairs))
    node_labels = left + [target_labels[key] for key in right]
    node_colours = ["#546e7a"] * len(left) + ["#1f77b4"] * len(right)
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": node_labels, "color": node_colours, "pad": 14, "thickness": 14},
            link={
                "source": [left.index(source) for source, _ in pairs],
                "target": [len(left) + right.index(key) for _, key in pairs],
                "value": list(pairs.values()),
                "customdata": [f"{source} cites {target_labels[key]}" for source, key in pairs],
                "hovertemplate": "%{customdata}<br>%{value} claim(s)<extra></extra>",
            },
        )
    )
    height = max(300, 60 + 28 * max(len(left), len(right)))
    figure.update_layout(title=title, template=TEMPLATE, height=height)
    return figure


def findings_by_kind(findings: pd.DataFrame) -> go.Figure:
    """Stacked bars: number of findings of each kind, split by severity."""
    findings = conform(findings, "findings")
    title = "Findings by kind and severity"
    if findings.empty:
        return _empty(title, "No findings.")
    kinds = _ordered(findings["kind"], FINDING_KINDS)
    counts = findings.groupby(["kind", "severity"], dropna=False).size()
    tallest = int(findings.groupby("kind", dropna=False).size().max())
    figure = go.Figure()
    for severity in _ordered(findings["severity"], SEVERITIES):
        figure.add_bar(
            name=_text(severity),
            x=[_text(kind) for kind in kinds],
            y=[int(counts.get((kind, severity), 0)) for kind in kinds],
            marker_color=SEVERITY_COLOURS.get(severity, "#607d8b"),
            hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        title=title,
        barmode="stack",
        template=TEMPLATE,
        xaxis={"title": "kind", "type": "category"},
        yaxis={"title": "findings", **_count_ticks(tallest)},
        legend={"title": "severity"},
        showlegend=True,
    )
    return figure


class Interval(NamedTuple):
    """A numeric claim as an interval; None bounds are open-ended (``more than 130`` has no high)."""

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool

    def notation(self) -> str:
        """Interval notation: ``(130, ∞)``, ``[5, 10]``, ``= 70``."""
        if self.low is not None and self.low == self.high:
            return f"= {_format(self.low)}"
        left = "[" if self.low is not None and self.low_inclusive else "("
        right = "]" if self.high is not None and self.high_inclusive else ")"
        low = _format(self.low) if self.low is not None else "−∞"
        high = _format(self.high) if self.high is not None else "∞"
        return f"{left}{low}, {high}{right}"

    def phrase(self, qualifier: str = "") -> str:
        """The claim in words, from its bounds: "more than 130", "at most 5", "5 – 10", "about 70"."""
        if self.low is not None and self.high is not None and self.low != self.high:
            return f"{_format(self.low)} – {_format(self.high)}"
        if self.high is None and self.low is not None:
            words, value = ("at least" if self.low_inclusive else "more than"), self.low
        elif self.low is None and self.high is not None:
            words, value = ("at most" if self.high_inclusive else "less than"), self.high
        elif self.low is not None:
            words, value = ("about" if qualifier == "about" else ""), self.low
        else:
            return "any value"
        return f"{words} {_format(value)}".strip()


def claim_interval(claim: Any) -> Interval | None:
    """The interval a quantity claim asserts: its low/high columns, else value and qualifier."""
    low, high, value = _number(claim.low), _number(claim.high), _number(claim.value)
    low_inc, high_inc = _flag(claim.low_inclusive, True), _flag(claim.high_inclusive, True)
    if low is not None or high is not None:
        return Interval(low, high, low_inc, high_inc)
    if value is None:
        return None
    qualifier = "" if not present(claim.qualifier) else str(claim.qualifier)
    if qualifier in ("more_than", "at_least"):
        return Interval(value, None, qualifier == "at_least", False)
    if qualifier in ("less_than", "at_most"):
        return Interval(None, value, False, qualifier == "at_most")
    return Interval(value, value, True, True)


class _Reported(NamedTuple):
    """One row of a dispute: which article reports what."""

    article_id: str
    claim: Any  # a row of the claims table
    interval: Interval


def _dispute_groups(claims: pd.DataFrame, findings: pd.DataFrame) -> list[tuple[list[str], list[Any]]]:
    """Quantity claims tied together by findings (union of claim/other-claim pairs), with the findings."""
    quantity_ids = set(claims.loc[claims["kind"] == "quantity", "claim_id"].dropna().astype(str))
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    order: list[str] = []
    linked: list[tuple[Any, list[str]]] = []
    for finding in findings.itertuples(index=False):
        ids = [str(v) for v in (finding.claim_id, finding.other_claim_id) if present(v)]
        ids = [i for i in ids if i in quantity_ids]
        if not ids:
            continue
        for claim_id in ids:
            if claim_id not in parent:
                order.append(claim_id)
            find(claim_id)
        for claim_id in ids[1:]:
            parent[find(claim_id)] = find(ids[0])
        linked.append((finding, ids))
    groups: dict[str, tuple[list[str], list[Any]]] = {}
    for claim_id in order:
        groups.setdefault(find(claim_id), ([], []))[0].append(claim_id)
    for finding, ids in linked:
        groups[find(ids[0])][1].append(finding)
    return list(groups.values())


def disputed_quantities(
    claims: pd.DataFrame, findings: pd.DataFrame, *, articles: pd.DataFrame | None = None,
    limit: int = MAX_DISPUTES,
) -> go.Figure:
    """Per disputed quantity, one row per claim: which outlet reports which value or interval, with the
    qualifier visible; an open-ended claim ("more than 130") is drawn as a ray ending in an arrowhead."""
    claims, findings = conform(claims, "claims"), conform(findings, "findings")
    articles = conform(articles if articles is not None else [], "articles")
    title = "Disputed quantities: who reports what"
    by_id = {str(row.claim_id): row for row in claims.itertuples(index=False) if present(row.claim_id)}
    plotted: list[tuple[str, list[_Reported]]] = []
    for claim_ids, group_findings in _dispute_groups(claims, findings):
        rows = [
            _Reported(str(by_id[i].article_id), by_id[i], interval)
            for i in claim_ids
            if (interval := claim_interval(by_id[i])) is not None
        ]
        if rows:
            plotted.append((_group_title([r.claim for r in rows], group_findings), rows))
    if not plotted:
        return _empty(title, "No disputed quantities.")
    if len(plotted) > limit:
        title += f" (the {limit} of {len(plotted):,} with the most claims)"
        plotted = sorted(plotted, key=lambda item: -len(item[1]))[:limit]

    labels = _article_labels(articles, dict.fromkeys(r.article_id for _, rows in plotted for r in rows))
    heights = [len(rows) for _, rows in plotted]
    figure = make_subplots(
        rows=len(plotted),
        cols=1,
        subplot_titles=[group_title for group_title, _ in plotted],
        row_heights=heights,
        vertical_spacing=min(0.12, 0.9 / (len(plotted) - 1)) if len(plotted) > 1 else 0.1,
    )
    for index, (_, rows) in enumerate(plotted, start=1):
        _draw_group(figure, index, rows, labels)
    figure.update_layout(
        title=title,
        template=TEMPLATE,
        showlegend=False,
        height=120 + sum(70 + 46 * h for h in heights),
        margin={"l": 20},
    )
    return figure


def _group_title(claims: list[Any], findings: list[Any]) -> str:
    """What is disputed (the counted thing and unit), the finding kinds, and what was expected."""
    what = Counter(str(c.predicate) for c in claims if present(c.predicate)).most_common(1)
    unit = Counter(str(c.unit) for c in claims if present(c.unit)).most_common(1)
    name = what[0][0] if what else (unit[0][0] if unit else "quantity")
    if unit and what and unit[0][0] not in name:
        name += f" ({unit[0][0]})"
    kinds = ", ".join(dict.fromkeys(str(f.kind) for f in findings if present(f.kind)))
    expected = next((str(f.expected) for f in findings if present(f.expected)), "")
    title = _text(name, 60) + (f" · {_text(kinds)}" if kinds else "")
    return title + (f" · expected: {_text(expected, 60)}" if expected else "")


def _end_symbol(bound: float | None, inclusive: bool, ray: str) -> str:
    """Filled circle: the bound is included; open circle: excluded; arrowhead: no bound (a ray)."""
    if bound is None:
        return ray
    return "circle" if inclusive else "circle-open"


def _draw_group(
    figure: go.Figure, subplot: int, rows: list[_Reported], labels: dict[str, str]
) -> None:
    """One subplot: a segment, ray or point per claim, on an x range that leaves room for the rays."""
    finite = [v for row in rows for v in (row.interval.low, row.interval.high) if v is not None]
    low, high = min(finite), max(finite)
    span = (high - low) or abs(high) or 1.0
    right_edge, left_edge = high + 0.35 * span, low - 0.35 * span
    if low >= 0 and left_edge < 0:  # non-negative quantities: a "less than" ray stops at zero
        left_edge = 0.0
    seen: Counter[str] = Counter()
    categories = []
    for position, row in enumerate(rows):
        label = f"{labels[row.article_id]}: “{_text(row.claim.text, 40)}”"
        seen[label] += 1
        if seen[label] > 1:
            label += f" ({seen[label]})"
        categories.append(label)
        colour = PALETTE[position % len(PALETTE)]
        interval = row.interval
        qualifier = "" if not present(row.claim.qualifier) else str(row.claim.qualifier)
        phrase = interval.phrase(qualifier)
        point = interval.low is not None and interval.low == interval.high
        hover = (
            f"{labels[row.article_id]}<br>“{_text(row.claim.text, 80)}”<br>"
            + (phrase if point else f"{phrase}, i.e. {interval.notation()}")
        )
        if point:
            xs = [interval.low]
            symbols = ["circle-dot" if qualifier == "about" else "circle"]
        else:
            xs = [
                interval.low if interval.low is not None else left_edge,
                interval.high if interval.high is not None else right_edge,
            ]
            symbols = [
                _end_symbol(interval.low, interval.low_inclusive, "triangle-left"),
                _end_symbol(interval.high, interval.high_inclusive, "triangle-right"),
            ]
        figure.add_scatter(
            x=xs,
            y=[label] * len(xs),
            mode="lines+markers+text",
            line={"color": colour, "width": 4},
            marker={"symbol": symbols, "size": 13, "color": colour, "line": {"color": colour, "width": 2}},
            text=[phrase] + [""] * (len(xs) - 1),
            textposition="top right",
            textfont={"color": colour},
            cliponaxis=False,
            customdata=[hover] * len(xs),
            hovertemplate="%{customdata}<extra></extra>",
            row=subplot,
            col=1,
        )
    figure.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=categories[::-1],  # first claim on top
        range=[-0.6, len(categories) - 0.3],  # room above the top row for its label
        automargin=True,
        row=subplot,
        col=1,
    )
    pad = 0.04 * ((right_edge - left_edge) or 1.0)
    figure.update_xaxes(range=[left_edge - pad, right_edge + pad], row=subplot, col=1)
