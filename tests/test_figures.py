"""claimkit.figures over small hand-built tables: shapes, counts, open-ended intervals, escaping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from claimkit import figures
from claimkit.figures import Interval, claim_interval
from claimkit.tables import conform

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _articles() -> pd.DataFrame:
    return conform(
        [
            {"article_id": "a1", "source": "Daily Example", "title": "Talks resume", "published": "2024-01-30",
             "reference_date": "2023-12-20"},
            {"article_id": "a2", "source": "Evening Sample", "title": "Ceasefire", "published": "2023-12-21"},
            {"article_id": "a3", "source": "Quiet Gazette", "title": "Nothing claimed", "published": "2023-12-22"},
        ],
        "articles",
    )


def _claims() -> pd.DataFrame:
    return conform(
        [
            {"claim_id": "c1", "article_id": "a1", "kind": "quantity", "text": "more than 130 people",
             "value": 130, "low": 130, "low_inclusive": False, "qualifier": "more_than", "predicate": "killed",
             "unit": "people"},
            {"claim_id": "c2", "article_id": "a2", "kind": "quantity", "text": "110 people", "value": 110,
             "low": 110, "high": 110, "low_inclusive": True, "high_inclusive": True, "qualifier": "exact",
             "predicate": "killed", "unit": "people"},
            {"claim_id": "c3", "article_id": "a1", "kind": "event_date", "text": "on 18 December",
             "date": "2023-12-18", "date_text": "on 18 December", "date_type": "absolute"},
            {"claim_id": "c4", "article_id": "a1", "kind": "forecast", "text": "early January",
             "date": "2024-01", "date_text": "early January next year", "date_type": "partial"},
            {"claim_id": "c5", "article_id": "a1", "kind": "attribution", "text": "according to Axios",
             "attributed_to": "Axios", "attributed_to_id": "outlet/axios"},
            {"claim_id": "c6", "article_id": "a2", "kind": "attribution", "text": "the Axios website reported",
             "attributed_to": "the Axios website", "attributed_to_id": "outlet/axios"},
            {"claim_id": "c7", "article_id": "a2", "kind": "quote", "text": "a source said",
             "attributed_to": "a source"},
        ],
        "claims",
    )


def _findings() -> pd.DataFrame:
    return conform(
        [
            {"finding_id": "f1", "kind": "numeric_conflict", "severity": "medium", "article_id": "a1",
             "claim_id": "c1", "other_article_id": "a2", "other_claim_id": "c2", "expected": "110 (a2)"},
            {"finding_id": "f2", "kind": "role_conflict", "severity": "high", "article_id": "a1"},
            {"finding_id": "f3", "kind": "role_conflict", "severity": "high", "article_id": "a2"},
            {"finding_id": "f4", "kind": "integrity", "severity": "low", "article_id": "a1"},
        ],
        "findings",
    )


BUILDERS: dict[str, Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], go.Figure]] = {
    "claims_per_article": lambda c, a, f: figures.claims_per_article(c, a),
    "date_timeline": lambda c, a, f: figures.date_timeline(c, a),
    "attribution_network": lambda c, a, f: figures.attribution_network(c, articles=a),
    "findings_by_kind": lambda c, a, f: figures.findings_by_kind(f),
    "disputed_quantities": lambda c, a, f: figures.disputed_quantities(c, f, articles=a),
}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "tolist"):
        yield from _strings(value.tolist())


def _note(figure: go.Figure) -> str:
    return figure.layout.annotations[0].text


@pytest.mark.parametrize("name", list(BUILDERS))
def test_figures_build_from_tables(name: str) -> None:
    figure = BUILDERS[name](_claims(), _articles(), _findings())
    assert isinstance(figure, go.Figure)
    assert len(figure.data) > 0
    assert figure.layout.title.text


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("claims_per_article", "No claims extracted from 0 article(s)."),
        ("date_timeline", "No dates to show."),
        ("attribution_network", "No attributed claims."),
        ("findings_by_kind", "No findings."),
        ("disputed_quantities", "No disputed quantities."),
    ],
)
def test_figures_empty_input_gives_note(name: str, note: str) -> None:
    for frames in [(pd.DataFrame(), pd.DataFrame(), pd.DataFrame()),
                   (conform([], "claims"), conform([], "articles"), conform([], "findings"))]:
        figure = BUILDERS[name](*frames)
        assert isinstance(figure, go.Figure)
        assert len(figure.data) == 0
        assert _note(figure) == note


@pytest.mark.parametrize("name", list(BUILDERS))
def test_figures_escape_text_from_input(name: str) -> None:
    claims, articles, findings = _claims(), _articles(), _findings()
    for column in ("text", "attributed_to", "date_text", "predicate"):
        claims[column] = claims[column].where(claims[column].isna(), HOSTILE)
    for column in ("source", "title"):
        articles[column] = HOSTILE
    findings["kind"] = findings["kind"].where(findings["finding_id"] != "f4", HOSTILE)
    findings["expected"] = HOSTILE
    figure = BUILDERS[name](claims, articles, findings)
    strings = list(_strings(figure.to_plotly_json()))
    assert not [s for s in strings if "<img" in s or "<script" in s]
    assert any("&lt;img src=x" in s for s in strings)


def test_claims_per_article_counts_per_kind() -> None:
    figure = figures.claims_per_article(_claims(), _articles())
    by_kind = {trace.name: dict(zip(trace.x, trace.y)) for trace in figure.data}
    assert list(by_kind) == ["quantity", "event_date", "attribution", "quote", "forecast"]  # contract order
    assert by_kind["quantity"] == {"Daily Example": 1, "Evening Sample": 1, "Quiet Gazette": 0}
    assert by_kind["attribution"] == {"Daily Example": 1, "Evening Sample": 1, "Quiet Gazette": 0}
    assert figure.layout.barmode == "stack"


def test_claims_per_article_duplicate_outlets_stay_apart() -> None:
    articles = _articles()
    articles["source"] = "Same Outlet"
    figure = figures.claims_per_article(_claims(), articles)
    assert list(figure.data[0].x) == ["Same Outlet (a1)", "Same Outlet (a2)", "Same Outlet (a3)"]


def test_date_timeline_marks_publication_and_spans_partial_dates() -> None:
    figure = figures.date_timeline(_claims(), _articles())
    traces = {trace.name: trace for trace in figure.data if trace.name}
    assert list(traces["published"].x) == ["2024-01-30", "2023-12-21", "2023-12-22"]
    assert traces["published"].marker.symbol == "diamond"
    assert list(traces["date the text speaks from"].x) == ["2023-12-20"]
    assert list(traces["mentioned (absolute)"].x) == ["2023-12-18"]
    segments = [t for t in figure.data if t.mode == "lines"]
    assert [list(t.x) for t in segments] == [["2024-01-01", "2024-01-31", None]]  # "2024-01" = January
    assert figure.layout.xaxis.type == "date"


def test_attribution_network_groups_by_reference_id() -> None:
    figure = figures.attribution_network(_claims(), articles=_articles())
    (sankey,) = figure.data
    labels = list(sankey.node.label)
    assert labels == ["Daily Example", "Evening Sample", "Axios", "a source"]
    links = {(labels[s], labels[t]): v for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value)}
    assert links == {("Daily Example", "Axios"): 1, ("Evening Sample", "Axios"): 1, ("Evening Sample", "a source"): 1}


def test_attribution_network_without_articles_uses_ids() -> None:
    (sankey,) = figures.attribution_network(_claims()).data
    assert list(sankey.node.label)[:2] == ["a1", "a2"]


def test_findings_by_kind_stacks_severity() -> None:
    figure = figures.findings_by_kind(_findings())
    by_severity = {trace.name: dict(zip(trace.x, trace.y)) for trace in figure.data}
    assert list(by_severity) == ["high", "medium", "low"]
    assert by_severity["high"] == {"role_conflict": 2, "numeric_conflict": 0, "integrity": 0}
    assert by_severity["medium"]["numeric_conflict"] == 1
    assert by_severity["low"]["integrity"] == 1


def _row(**values: Any) -> Any:
    return next(conform([values], "claims").itertuples(index=False))


@pytest.mark.parametrize(
    ("claim", "expected", "notation", "phrase"),
    [
        ({"value": 130, "low": 130, "low_inclusive": False, "qualifier": "more_than"},
         Interval(130, None, False, True), "(130, ∞)", "more than 130"),
        ({"value": 130, "qualifier": "more_than"}, Interval(130, None, False, False), "(130, ∞)", "more than 130"),
        ({"value": 5, "qualifier": "at_least"}, Interval(5, None, True, False), "[5, ∞)", "at least 5"),
        ({"value": 50, "qualifier": "less_than"}, Interval(None, 50, False, False), "(−∞, 50)", "less than 50"),
        ({"value": 50, "qualifier": "at_most"}, Interval(None, 50, False, True), "(−∞, 50]", "at most 50"),
        ({"value": 70, "qualifier": "about"}, Interval(70, 70, True, True), "= 70", "about 70"),
        ({"low": 5, "high": 10, "qualifier": "range"}, Interval(5, 10, True, True), "[5, 10]", "5 – 10"),
        ({"low": 1500, "high": 2000.5, "low_inclusive": False}, Interval(1500, 2000.5, False, True),
         "(1,500, 2,000.5]", "1,500 – 2,000.5"),
        ({"value": 2.5, "low": 2.5, "high": 2.5, "qualifier": "exact"}, Interval(2.5, 2.5, True, True),
         "= 2.5", "2.5"),
        ({"qualifier": "exact"}, None, None, None),
    ],
)
def test_claim_interval(claim: dict, expected: Interval | None, notation: str | None, phrase: str | None) -> None:
    interval = claim_interval(_row(**claim))
    assert interval == expected
    if interval is not None:
        assert interval.notation() == notation
        assert interval.phrase(str(claim.get("qualifier", ""))) == phrase


def test_disputed_quantities_draws_ray_for_open_interval() -> None:
    figure = figures.disputed_quantities(_claims(), _findings(), articles=_articles())
    ray, point = figure.data
    assert ray.x[0] == 130 and ray.x[1] > 130  # a ray to the right edge, not a point
    assert list(ray.marker.symbol) == ["circle-open", "triangle-right"]  # exclusive start, open end
    assert ray.text[0] == "more than 130"
    assert ray.y[0] == "Daily Example: “more than 130 people”"
    assert list(point.x) == [110] and point.text[0] == "110"
    assert ray.customdata[0].endswith("more than 130, i.e. (130, ∞)")
    title = figure.layout.annotations[0].text
    assert title == "killed (people) · numeric_conflict · expected: 110 (a2)"
    low, high = figure.layout.xaxis.range
    assert low < 110 and high >= ray.x[1]


def test_disputed_quantities_less_than_and_range() -> None:
    claims = conform(
        [
            {"claim_id": "x1", "article_id": "a1", "kind": "quantity", "text": "fewer than 50 trucks",
             "value": 50, "qualifier": "less_than"},
            {"claim_id": "x2", "article_id": "a2", "kind": "quantity", "text": "between 60 and 80 trucks",
             "low": 60, "high": 80, "qualifier": "range"},
            {"claim_id": "x3", "article_id": "a3", "kind": "quantity", "text": "at least 90 trucks",
             "value": 90, "qualifier": "at_least"},
        ],
        "claims",
    )
    findings = conform(
        [
            {"finding_id": "g1", "kind": "numeric_conflict", "severity": "medium", "claim_id": "x1",
             "other_claim_id": "x2"},
            {"finding_id": "g2", "kind": "numeric_conflict", "severity": "medium", "claim_id": "x2",
             "other_claim_id": "x3"},
        ],
        "findings",
    )
    figure = figures.disputed_quantities(claims, findings, articles=_articles())
    less, between, least = figure.data  # one group: g1 and g2 share x2
    assert list(less.marker.symbol) == ["triangle-left", "circle-open"] and less.x[1] == 50
    low_edge, high_edge = figure.layout.xaxis.range
    assert low_edge < less.x[0] < 50  # drawn to the axis edge, with an arrowhead, not as a point
    assert list(between.x) == [60, 80] and list(between.marker.symbol) == ["circle", "circle"]
    assert list(least.marker.symbol) == ["circle", "triangle-right"] and 90 < least.x[1] < high_edge
    assert [t.text[0] for t in (less, between, least)] == ["less than 50", "60 – 80", "at least 90"]
    assert len(figure.layout.annotations) == 1  # one subplot


def test_disputed_quantities_rays_stop_at_zero_for_non_negative_values() -> None:
    claims = conform(
        [
            {"claim_id": "y1", "article_id": "a1", "kind": "quantity", "text": "under 5 days", "value": 5,
             "qualifier": "less_than"},
            {"claim_id": "y2", "article_id": "a2", "kind": "quantity", "text": "100 days", "value": 100},
        ],
        "claims",
    )
    findings = conform([{"finding_id": "h", "kind": "numeric_conflict", "claim_id": "y1", "other_claim_id": "y2"}],
                       "findings")
    ray, _ = figures.disputed_quantities(claims, findings).data
    assert ray.x[0] == 0 and ray.x[1] == 5


def test_disputed_quantities_ignores_findings_without_quantities() -> None:
    findings = _findings()[lambda f: f["kind"] != "numeric_conflict"]
    assert _note(figures.disputed_quantities(_claims(), findings)) == "No disputed quantities."


def test_use_offline_renderer() -> None:
    saved = pio.renderers.default
    try:
        pio.renderers.default = "json"
        figures.use_offline_renderer()
        assert pio.renderers.default == "plotly_mimetype+notebook"
    finally:
        pio.renderers.default = saved


def test_attribution_network_draws_the_most_cited_of_a_big_corpus() -> None:
    rows = [{"claim_id": f"c{i}", "article_id": f"a{i % 7}", "kind": "quote", "attributed_to": f"Person {i % 300}"}
            for i in range(3000)]
    rows += [{"claim_id": f"x{i}", "article_id": "a1", "kind": "quote", "attributed_to": "Much Cited"}
             for i in range(50)]
    figure = figures.attribution_network(pd.DataFrame(rows))
    (sankey,) = figure.data
    labels = list(sankey.node.label)
    assert len(labels) == 7 + figures.MAX_CITED
    assert "Much Cited" in labels
    assert f"the {figures.MAX_CITED} most cited of 301" in figure.layout.title.text
