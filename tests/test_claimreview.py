"""ClaimReview drafts: URLs parsed and validated, and JSON that is safe to paste into an HTML page."""

from __future__ import annotations

import json

import pytest

from claimkit.claimreview import _web_url, to_json


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a?b=1#c", "http://127.0.0.1/x", "https://[::1]/", "https://bücher.example/ü",
     "HTTPS://EXAMPLE.COM/X", "https://example.com/%3Cscript%3E", "https://news.example.co.uk:8443/a"],
)
def test_claimreview_keeps_a_web_address(url: str) -> None:
    assert _web_url(url) == url


@pytest.mark.parametrize(
    "url",
    ['https://example.com/"><script>alert(1)</script>', "javascript:alert(1)", "JaVaScRiPt:alert(1)",
     "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "https://user:pw@example.com/",
     "https://example.com:99999/", "https://example.com:port/", "http://localhost/", "https://-bad-.com/",
     "https://a b.com/", "https:///path-only", "https://example.com/\nSet-Cookie: x", "//example.com/",
     "https://exa mple.com", "https://example.com/<img src=x>", "https://example.com/'x'", "", None,
     "https://" + "a" * 64 + ".com/", "https://example.com/" + "a" * 3000],
)
def test_claimreview_drops_anything_else(url: str | None) -> None:
    assert _web_url(url) is None


def test_claimreview_json_is_safe_inside_a_script_element_and_means_the_same() -> None:
    drafts = {"@graph": [{"headline": "</script><script>alert(1)</script> <!-- & \u2028\u2029 >"}]}
    text = to_json(drafts)
    assert not any(char in text for char in "<>&\u2028\u2029")
    assert json.loads(text) == drafts


# ------------------------------------------------------------------ complete ClaimReview, validated

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from claimkit import review, tables  # noqa: E402
from claimkit.claimreview import claim_sentence, claimreview_drafts  # noqa: E402

VOCABULARY = yaml.safe_load((Path(__file__).parent / "data" / "schemaorg_claimreview.yaml").read_text("utf-8"))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:]+Z?)?$")


def _is_a(type_name: str, wanted: str) -> bool:
    while type_name:
        if type_name == wanted:
            return True
        type_name = VOCABULARY["types"].get(type_name)
    return False


def schema_problems(node: object, where: str = "$") -> list[str]:
    """Every way ``node`` (a JSON-LD node tree) departs from the checked-in schema.org vocabulary: an
    unknown type or property, a property on a type outside its domain, a value outside its range."""
    problems: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += schema_problems(item, f"{where}[{i}]")
        return problems
    if not isinstance(node, dict):
        return problems
    kind = node.get("@type")
    if kind not in VOCABULARY["types"]:
        return [f"{where}: unknown type {kind!r}"]
    for name, value in node.items():
        if name.startswith("@"):
            continue
        spec = VOCABULARY["properties"].get(name)
        if spec is None:
            problems.append(f"{where}.{name}: not a schema.org property this output may use")
            continue
        if not any(_is_a(kind, d) for d in spec["domain"]):
            problems.append(f"{where}.{name}: not a property of {kind}")
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, dict):
                if not any(_is_a(item.get("@type", ""), r) for r in spec["range"]):
                    problems.append(f"{where}.{name}: {item.get('@type')} is outside {spec['range']}")
                problems += schema_problems(item, f"{where}.{name}")
            elif isinstance(item, bool) or not (
                (isinstance(item, (int, float)) and "Number" in spec["range"])
                or (isinstance(item, str) and ({"Text", "URL"} & set(spec["range"])
                                               or _DATE.match(item) and {"Date", "DateTime"} & set(spec["range"])))
            ):
                problems.append(f"{where}.{name}: {item!r} is outside {spec['range']}")
            elif "URL" in spec["range"] and "Text" not in spec["range"] and not str(item).startswith("https://"):
                problems.append(f"{where}.{name}: {item!r} is not an https URL")
    return problems


def google_problems(node: dict, *, recommended: bool = True) -> list[str]:
    """Google's required (and recommended) fact-check fields missing from one ClaimReview."""
    out = []
    rules = VOCABULARY["google"]
    for kind, path in (("ClaimReview", node), ("Claim", node.get("itemReviewed", {})),
                       ("Rating", node.get("reviewRating", {})), ("Organization", node.get("author", {}))):
        wanted = rules[kind]["required"] + (rules[kind]["recommended"] if recommended else [])
        out += [f"{kind}.{field} missing" for field in wanted if path.get(field) in (None, "", [])]
    return out


def _sample_findings() -> tuple[pd.DataFrame, pd.DataFrame]:
    articles = tables.conform([
        {"article_id": "a1", "title": "Talks resume", "source": "The Harbour Ledger", "published": "2023-12-19",
         "url": "https://harbourledger.example/x", "sha256": "1" * 64,
         "text": "Talks resumed on Monday. Officials said 105 hostages were freed during the truce. More soon."},
        {"article_id": "a2", "title": "Truce news", "source": "Meridian Wire", "published": "2023-12-20",
         "url": "https://meridian.example/y", "sha256": "2" * 64, "text": "In all, 110 hostages were freed."},
        {"article_id": "a3", "title": "Same figure", "source": "Courier", "published": "2023-12-18",
         "url": "javascript:alert(1)", "sha256": "3" * 64, "text": "Some 110 hostages went home."},
    ], "articles")
    sources = json.dumps([
        {"side": "a", "group": 1, "article_id": "a2", "start": 7, "end": 19, "text": "110 hostages", "value": "110"},
        {"side": "a", "group": 1, "article_id": "a3", "start": 5, "end": 17, "text": "110 hostages", "value": "110"},
        {"side": "b", "group": 0, "article_id": "a1", "start": 40, "end": 52, "text": "105 hostages", "value": "105"},
    ])
    findings = tables.conform([
        {"finding_id": "f1", "kind": "numeric_conflict", "severity": "high", "article_id": "a2", "start": 7,
         "end": 19, "text": "110 hostages", "other_article_id": "a1", "other_text": "105 hostages",
         "explanation": "Two figures for one fact.", "sources": sources},
        {"finding_id": "f2", "kind": "integrity", "severity": "high", "article_id": "a1", "start": 0, "end": 5,
         "text": "Talks", "explanation": "Something."},
        {"finding_id": "f3", "kind": "integrity", "severity": "low", "article_id": "a1", "start": 25, "end": 34,
         "text": "Officials", "explanation": "Low."},
    ], "findings")
    return findings, articles


def test_claimreview_accepted_and_rated_is_complete_and_valid(tmp_path) -> None:
    findings, articles = _sample_findings()
    findings = review.apply(findings, articles, tmp_path)
    review.record(findings, findings.loc[0, "review_id"], "accepted", rating="false", by="ana", directory=tmp_path)
    review.record(findings, findings.loc[1, "review_id"], "dismissed", by="ben", directory=tmp_path)
    findings = review.apply(findings, articles, tmp_path)
    graph = claimreview_drafts(findings, articles, settings=review.load_settings(tmp_path))["@graph"]
    assert [g["identifier"] for g in graph] == ["f1"]  # f2 dismissed, f3 low and open: no draft
    (node,) = graph
    assert "creativeWorkStatus" not in node
    assert schema_problems(node) == []
    assert google_problems(node) == []
    assert node["claimReviewed"] == "In all, 110 hostages were freed."
    assert node["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                    "alternateName": "False", "name": "False"}
    assert node["url"] == f"https://factcheck.example.org/fact-checks/{findings.loc[0, 'review_id']}"
    assert node["author"]["name"] == "Example Fact-Check Desk"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", node["datePublished"])
    claim = node["itemReviewed"]
    assert claim["@type"] == "Claim" and claim["author"] == {"@type": "Organization", "name": "Meridian Wire"}
    # both texts that give 110 are appearances (one disagreement, one review); the javascript: URL is dropped
    assert [a["publisher"]["name"] for a in claim["appearance"]] == ["Meridian Wire", "Courier"]
    assert "url" not in claim["appearance"][1]
    assert claim["firstAppearance"]["datePublished"] == "2023-12-18"


def test_claimreview_settings_name_the_organisation_and_the_scale(tmp_path) -> None:
    (tmp_path / "settings.yaml").write_text(
        "organisation: {name: Desk Nord, url: 'https://nord.example/'}\n"
        "url_template: 'https://nord.example/checks/{id}.html'\n"
        "rating_scale: {best: 1, worst: 3, ratings: [{name: wrong, value: 3, label: Wrong}, "
        "{name: right, value: 1, label: Right}]}\n", encoding="utf-8")
    findings, articles = _sample_findings()
    findings = review.apply(findings, articles, tmp_path)
    with pytest.raises(review.ReviewError, match="choose one of: wrong, right"):
        review.record(findings, findings.loc[0, "review_id"], "accepted", rating="false", directory=tmp_path)
    review.record(findings, findings.loc[0, "review_id"], "accepted", rating="Wrong", directory=tmp_path)
    findings = review.apply(findings, articles, tmp_path)
    (node, *_drafts) = claimreview_drafts(findings, articles, settings=review.load_settings(tmp_path))["@graph"]
    assert node["author"]["name"] == "Desk Nord" and node["url"].startswith("https://nord.example/checks/")
    assert node["reviewRating"]["ratingValue"] == 3 and node["reviewRating"]["bestRating"] == 1
    assert schema_problems(node) == [] and google_problems(node) == []


def test_claimreview_drafts_are_valid_schema_org_and_say_they_are_drafts() -> None:
    findings, articles = _sample_findings()
    graph = claimreview_drafts(findings, articles)["@graph"]
    assert [g["identifier"] for g in graph] == ["f1", "f2"]
    assert all(g["creativeWorkStatus"] == "Draft" and g["reviewRating"]["ratingValue"] is None for g in graph)
    assert schema_problems(graph) == []
    assert google_problems(graph[0], recommended=False)  # a draft is not publishable: the validator says so


def test_claimreview_validator_catches_what_schema_org_does_not_allow() -> None:
    bad = {"@type": "ClaimReview", "claimReviewed": "x", "appearance": [],
           "reviewRating": {"@type": "Claim"}, "generator": "x", "url": "javascript:alert(1)"}
    problems = schema_problems(bad)
    assert any("appearance: not a property of ClaimReview" in p for p in problems)
    assert any("reviewRating: Claim is outside" in p for p in problems)
    assert any("generator: not a schema.org property" in p for p in problems)
    assert any("not an https URL" in p for p in problems)


@pytest.mark.parametrize(("start", "end", "want"), [
    (40, 52, "Officials said 105 hostages were freed during the truce."),
    (0, 5, "Talks resumed on Monday."),
])
def test_claimreview_claim_is_the_whole_sentence(start: int, end: int, want: str) -> None:
    text = "Talks resumed on Monday. Officials said 105 hostages were freed during the truce. More soon."
    assert claim_sentence(text, start, end, text[start:end]) == want
