"""Checks on sentences of our own, through the whole pipeline (model, extractors, checks).

Not the seed's phrasing: titles after names, possessives, lower case, appositives, other outlets, other
dates — so a check that only knows the seed's wording fails here.
"""

from __future__ import annotations

import pytest

from claimkit import pipeline, tables

pytestmark = pytest.mark.model


def _findings(reference, *texts: str, published: str = "2023-12-19"):
    rows = [{"article_id": f"t{i}", "path": f"t{i}.md", "text": text, "published": published,
             "source": f"Outlet {i}", "warnings": []} for i, text in enumerate(texts)]
    extracted = pipeline.extract(tables.conform(rows, "articles"), reference=reference)
    return pipeline.check(extracted.articles, extracted.claims, extracted.mentions, reference=reference)


def _kinds(findings, kind: str):
    return findings[findings["kind"] == kind]


@pytest.mark.parametrize(
    ("text", "evidence", "holder"),
    [
        ("Mohammed bin Salman, Qatar's prime minister, met the delegation in Doha on 18 December.",
         "Mohammed bin Salman, Qatar's prime minister", "Mohammed bin Abdulrahman Al Thani"),
        ("The talks were hosted by qatari prime minister tamim bin hamad al thani on Monday.",
         "qatari prime minister tamim bin hamad al thani", "Mohammed bin Abdulrahman Al Thani"),
    ],
)
def test_sentences_wrong_holder_of_an_office(reference, text, evidence, holder):
    conflicts = _kinds(_findings(reference, text), "role_conflict")
    assert list(conflicts["text"]) == [evidence]
    assert holder in conflicts.iloc[0]["explanation"]


def test_sentences_right_holder_in_other_words_raises_nothing(reference):
    text = "Qatar's premier, Sheikh Mohammed bin Abdulrahman Al Thani, hosted the talks in Doha on 18 December."
    assert _kinds(_findings(reference, text), "role_conflict").empty


def test_sentences_role_checks_are_date_aware(reference):
    in_2023 = _findings(reference, "William Burns, the CIA director, flew to Warsaw on 18 December for the talks.")
    assert _kinds(in_2023, "role_conflict").empty
    in_2025 = _findings(reference, "William Burns, the CIA director, flew to Warsaw on 3 March for the talks.",
                        published="2025-03-10")
    conflict = _kinds(in_2025, "role_conflict")
    assert len(conflict) == 1 and "John Ratcliffe" in conflict.iloc[0]["explanation"]


@pytest.mark.parametrize(
    ("text", "conflict"),
    [
        ("The Russian daily Novaya Izvestia reported that the talks would be long, citing sources.", None),
        ("According to the Egyptian newspaper Haaretz, the talks stalled on Tuesday.", "Egyptian newspaper Haaretz"),
    ],
)
def test_sentences_outlet_country(reference, text, conflict):
    found = _kinds(_findings(reference, text), "outlet_conflict")
    assert list(found["text"]) == ([conflict] if conflict else [])


def test_sentences_figures_across_texts(reference):
    disagree = _findings(reference, "Hamas released 105 hostages during the truce, officials said.",
                         "The group freed 110 hostages during the truce in Gaza, a spokesman said.")
    assert len(_kinds(disagree, "numeric_conflict")) == 1
    agree = _findings(reference, "More than 100 hostages were released during the truce, officials said.",
                      "Hamas released 105 hostages during the truce.")
    assert _kinds(agree, "numeric_conflict").empty


def test_run_checks_survives_a_failing_family(monkeypatch, caplog):
    """A family that raises is logged by name and skipped; the other families still report."""
    import logging

    import claimkit.checks as checks
    from claimkit.checks import run_checks

    from .helpers import articles, claims

    def broken(*args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(checks, "find_temporal_inconsistencies", broken)
    text = "The minister said the talks went well in Oslo** and the envoy agreed."
    arts = articles({"article_id": "a", "text": text, "published": "2024-06-01"})
    with caplog.at_level(logging.WARNING, logger="claimkit"):
        frame = run_checks(arts, claims(), None, None)
    assert any("temporal" in r.getMessage() and "OverflowError" in r.getMessage() for r in caplog.records)
    assert set(frame["kind"]) == {"integrity"}
