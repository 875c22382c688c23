"""The frame of a figure, read from the parse: what it counts, whose it is, what happened, what kind."""

from __future__ import annotations

from datetime import date

import pytest

from claimkit.extract.dates import extract_dates
from claimkit.extract.frames import frame_quantities
from claimkit.extract.quantities import extract_quantities

pytestmark = pytest.mark.model


def _frames(nlp, text: str) -> dict[str, dict]:
    doc = nlp(text)
    claims = extract_quantities(doc)
    frame_quantities(doc, claims, extract_dates(doc, anchor=date(2024, 3, 6)))
    return {c["text"]: c for c in claims}


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("Labour won 412 seats in the election.", "412 seats",
         {"measure": "seat", "holder": "Labour", "state": "won", "status": "actual"}),
        ("Boeing's 237 orders led the show.", "237 orders", {"measure": "order", "holder": "Boeing"}),
        ("Israeli officials believe 129 hostages are still held in the Gaza Strip.", "129 hostages",
         {"measure": "captive", "state": "held", "place_id": "place/gaza_strip", "status": "actual"}),
        ("Israel released 240 Palestinian prisoners.", "240 Palestinian prisoners",
         {"measure": "prisoner", "state": "released", "holder_id": "country/israel"}),
        ("The flood caused losses of $2.1 billion.", "$2.1 billion", {"measure": "loss", "holder": "flood"}),
        ("Maria Lopez, 22, was among the injured.", "22", {"measure": "age", "holder": "Maria Lopez"}),
        ("Maduro won 51.2% of the vote.", "51.2% of the vote", {"measure": "share of vote", "holder": "Maduro"}),
        ("The truce lasted eight days.", "eight days", {"measure": "duration of ceasefire"}),
        # kinds of figure that are not a statement of the fact
        ("The Dow fell 300 points to close at 35,100.", "300 points", {"status": "change", "holder": "Dow"}),
        ("The Dow fell 300 points to close at 35,100.", "35,100", {"status": "actual", "measure": "close",
                                                                  "holder": "Dow"}),
        ("The stadium, which holds 60,000 people, was full.", "60,000 people", {"status": "capacity"}),
        ("Israel is considering a two-week ceasefire.", "two-week ceasefire", {"status": "proposed"}),
        ("Hamas said it would free 40 more hostages.", "40 more hostages", {"status": "proposed"}),
        ("With 500 of 650 results declared, Labour had 301 seats.", "301 seats", {"status": "preliminary"}),
        ("The death toll rose from 6 to 11 on Tuesday.", "6", {"status": "earlier", "measure": "toll"}),
        ("The death toll rose from 6 to 11 on Tuesday.", "11", {"status": "actual", "measure": "toll",
                                                               "state": "killed", "as_of": "2024-03-05"}),
        ("Six of them were killed immediately.", "Six", {"status": "part", "measure": None}),
        ("The pipeline carries 1,000 barrels a day.", "1,000 barrels a day", {"status": "rate"}),
        ("That means 35 of the 38 people seized are free.", "38 people", {"status": "base"}),
        ("More than 120 people remained in Hamas custody.", "More than 120 people",
         {"measure": "captive", "state": "held", "status": "actual"}),
        # a comparative clause has its own subject: the figure is another group, not the civilians
        ("Police said 90 civilians were wounded, as were seventeen from the army.", "seventeen",
         {"measure": None, "scope": None}),
    ],
)
def test_frames(nlp_full, text, figure, expected):
    claim = _frames(nlp_full, text)[figure]
    assert {k: claim.get(k) for k in expected} == expected


def test_frames_breakdown_parts_share_a_key(nlp_full):
    claims = _frames(nlp_full, "14 Filipino and 9 foreign hostages were freed on Friday.")
    parts = [claims["14 Filipino"], claims["9 foreign hostages"]]
    assert {c["status"] for c in parts} == {"part"} and len({c["breakdown"] for c in parts}) == 1
    assert [c["scope"] for c in parts] == ["filipino", "foreign"]
    assert {c["measure"] for c in parts} == {"captive"}


def test_frames_without_a_parse_are_shallow(nlp_fast):
    claims = _frames(nlp_fast, "Labour won 412 seats in the election.")
    assert claims["412 seats"]["frame"] == "shallow" and claims["412 seats"]["holder"] is None
