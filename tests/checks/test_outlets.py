"""outlet_conflict: outlets described with the wrong country (hand-built attribution claims)."""

from __future__ import annotations

import pytest

from claimkit import tables
from claimkit.checks.outlets import find_outlet_conflicts
from claimkit.reference import load_reference

from .helpers import articles, claim, claims, write_reference

SEED = (
    "According to Israel's **18**, Barnea met Burns. Egypt's Al-Ahram newspaper quoted an unnamed source as saying "
    "that Hamas would \"prepare an agreement\". According to the British newspaper The Times**, Blinken has set a "
    "deadline. According to the Israeli newspaper Novaya Izvestia, citing sources, the new round of negotiations "
    "will be \"long and complicated\". Analysts point out that the goals are difficult to achieve."
)


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    return load_reference(write_reference(tmp_path_factory.mktemp("reference")))


def attribution(aid, text, phrase, who, who_id=None, descriptor=None, country_id=None, occurrence=0):
    return claim(aid, text, phrase, "attribution", occurrence=occurrence, attributed_to=who, attributed_to_id=who_id,
                 descriptor=descriptor, descriptor_country_id=country_id)


def _run(text, rows, ref):
    arts = articles({"article_id": "a", "text": text, "published": "2024-01-30"})
    frame = find_outlet_conflicts(arts, claims(*rows), ref)
    assert list(frame.columns[: len(tables.FINDINGS)]) == list(tables.FINDINGS)
    for row in frame.to_dict("records"):
        assert row["text"] == text[row["start"] : row["end"]] and row["kind"] == "outlet_conflict"
    return frame


def test_outlets_seed(ref):
    rows = [
        attribution("a", SEED, "According to Israel's **18**", "**18**", None, "Israel's", "country/israel"),
        attribution("a", SEED, "Egypt's Al-Ahram newspaper quoted an unnamed source", "Al-Ahram", "outlet/al_ahram",
                    "Egypt's", "country/egypt"),
        attribution("a", SEED, "an unnamed source", "an unnamed source"),
        attribution("a", SEED, "According to the British newspaper The Times**", "The Times", "outlet/the_times",
                    "British", "country/uk"),
        attribution("a", SEED, "According to the Israeli newspaper Novaya Izvestia", "Novaya Izvestia",
                    "outlet/novaya_izvestia", "Israeli", "country/israel"),
        attribution("a", SEED, "Analysts point out", "Analysts"),
    ]
    frame = _run(SEED, rows, ref)
    assert list(frame["text"]) == ["According to the Israeli newspaper Novaya Izvestia"]
    row = frame.iloc[0]
    assert row["severity"] == "high"
    assert row["expected"] == "Russian newspaper"
    assert row["reference_source"] == "https://example.org/novaya"
    assert "Novaya Izvestia is a Russian newspaper" in row["explanation"] and "Israeli" in row["explanation"]


# (text, phrase, attributed_to, id, descriptor, descriptor_country_id, expected severity or None)
CASES = [
    ("The Russian daily Haaretz reported the talks.", "The Russian daily Haaretz reported", "Haaretz",
     "outlet/haaretz", "Russian", None, "high"),
    ("The Times of Israel, an Israeli news site, reported it.", "The Times of Israel, an Israeli news site, reported",
     "The Times of Israel", "outlet/times_of_israel", "Israeli", "country/israel", None),
    # a look-alike mis-linked by an extractor: "The Times" inside "The Times of Israel" is not The Times
    ("The Israeli website The Times of Israel reported it.", "The Israeli website The Times", "The Times",
     "outlet/the_times", "Israeli", "country/israel", None),
    ("The British newspaper The Times of Israel reported it.", "The British newspaper The Times of Israel reported",
     "The Times of Israel", "outlet/times_of_israel", "British", "country/uk", "high"),
    ("Novaya Izvestia, a Russian newspaper, quoted sources.", "Novaya Izvestia, a Russian newspaper, quoted",
     "Novaya Izvestia", "outlet/novaya_izvestia", "Russian", "country/russia", None),
    ("according to egyptian daily ahram, talks went on.", "according to egyptian daily ahram", "ahram",
     "outlet/al_ahram", "egyptian", None, None),
    ("Qatar's Al-Ahram said the talks went on.", "Qatar's Al-Ahram said", "Al-Ahram", "outlet/al_ahram", "Qatar's",
     None, "high"),
    ("the israeli paper novye izvestia wrote that talks stalled.", "the israeli paper novye izvestia wrote",
     "novye izvestia", "outlet/novaya_izvestia", "israeli", None, "high"),
    # linked through "the paper" (not its own name): a weaker link, medium
    ("The Israeli paper said the talks stalled.", "The Israeli paper said", "the paper", "outlet/novaya_izvestia",
     "Israeli", "country/israel", "medium"),
    # a descriptor that is not a country says nothing about the outlet's country
    ("The Hebrew-language daily Haaretz reported it.", "The Hebrew-language daily Haaretz reported", "Haaretz",
     "outlet/haaretz", "Hebrew-language", None, None),
]


@pytest.mark.parametrize(("text", "phrase", "who", "who_id", "descriptor", "country_id", "severity"), CASES)
def test_outlets_wording_variants(ref, text, phrase, who, who_id, descriptor, country_id, severity):
    frame = _run(text, [attribution("a", text, phrase, who, who_id, descriptor, country_id)], ref)
    assert list(frame["severity"]) == ([severity] if severity else [])


def _mention(aid, text, name, entity_id):
    at = text.index(name)
    return {"mention_id": f"{aid}:{at}", "article_id": aid, "start": at, "end": at + len(name), "text": name,
            "entity_id": entity_id, "origin": "reference"}


# (text, outlet name as written, outlet id, expected evidence or None)
MENTION_CASES = [
    ("Saudi broadcaster Al Jazeera aired the statement.", "Al Jazeera", "outlet/al_jazeera",
     "Saudi broadcaster Al Jazeera"),
    ("The Qatari network Al Jazeera said so.", "Al Jazeera", "outlet/al_jazeera", None),
    ("the state-run israeli tv channel al jazeera said so.", "al jazeera", "outlet/al_jazeera",
     "israeli tv channel al jazeera"),
    ("The Russian daily Haaretz reported the talks.", "Haaretz", "outlet/haaretz", "Russian daily Haaretz"),
    ("Egypt's Al-Ahram said the talks went on.", "Al-Ahram", "outlet/al_ahram", None),
    ("Qatar's Al-Ahram said the talks went on.", "Al-Ahram", "outlet/al_ahram", "Qatar's Al-Ahram"),
    ("Novaya Izvestia, an Israeli newspaper, quoted sources.", "Novaya Izvestia", "outlet/novaya_izvestia",
     "Novaya Izvestia, an Israeli newspaper"),
    ("Novaya Izvestia, a Russian newspaper, quoted sources.", "Novaya Izvestia", "outlet/novaya_izvestia", None),
    ("The Israeli news site The Times of Israel said so.", "The Times of Israel", "outlet/times_of_israel", None),
    ("The British newspaper The Times said so.", "The Times", "outlet/the_times", None),
    ("The Israeli-based website Haaretz said so.", "Haaretz", "outlet/haaretz", None),
    ("The Egypt-based paper Haaretz said so.", "Haaretz", "outlet/haaretz", "Egypt-based paper Haaretz"),
    # a country ending the sentence before is not a description
    ("Blinken flew to Egypt. Haaretz reported the trip.", "Haaretz", "outlet/haaretz", None),
    ("The minister spoke in Russia, Haaretz reported.", "Haaretz", "outlet/haaretz", None),
    # a headline's outlet after a dash: the place before the dash belongs to the headline
    ("Aid to Gaza by sea from Russia - Haaretz", "Haaretz", "outlet/haaretz", None),
    # a look-alike mis-linked: "The Times" inside "The Times of Israel"
    ("The Israeli website The Times of Israel said so.", "The Times", "outlet/the_times", None),
]


@pytest.mark.parametrize(("text", "name", "outlet_id", "evidence"), MENTION_CASES)
def test_outlets_from_mentions(ref, text, name, outlet_id, evidence):
    arts = articles({"article_id": "a", "text": text, "published": "2024-01-30"})
    mentions = tables.conform([_mention("a", text, name, outlet_id)], "mentions")
    frame = find_outlet_conflicts(arts, claims(), ref, mentions=mentions)
    for row in frame.to_dict("records"):
        assert row["text"] == text[row["start"] : row["end"]]
    assert list(frame["text"]) == ([evidence] if evidence else [])


def test_outlets_mention_and_attribution_give_one_finding(ref):
    text = "According to the Israeli newspaper Novaya Izvestia, talks will be long."
    arts = articles({"article_id": "a", "text": text, "published": "2024-01-30"})
    mentions = tables.conform([_mention("a", text, "Novaya Izvestia", "outlet/novaya_izvestia")], "mentions")
    start = text.index("Novaya")
    rows = [{**attribution("a", text, "According to the Israeli newspaper Novaya Izvestia", "Novaya Izvestia",
                           "outlet/novaya_izvestia", "Israeli", "country/israel"),
             "source_start": start, "source_end": start + len("Novaya Izvestia")}]
    frame = find_outlet_conflicts(arts, claims(*rows), ref, mentions=mentions)
    assert list(frame["text"]) == ["Israeli newspaper Novaya Izvestia"]
    assert list(frame["claim_id"]) == [rows[0]["claim_id"]]  # the mention's finding is linked to the claim
