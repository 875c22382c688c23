"""Reference events named in a text: a common-noun alias ("the ceasefire") links only to an event whose
parties (the ``involves`` column) the article names."""

from __future__ import annotations

from datetime import date

import pytest

from claimkit import tables
from claimkit.checks import run_checks
from claimkit.checks._common import events_in
from claimkit.checks.numeric import find_numeric_conflicts
from claimkit.checks.temporal import find_date_conflicts
from claimkit.errors import ReferenceDataError
from claimkit.reference import load_reference

from .helpers import EVENTS, articles, claim, claims, quantity, write_reference

TRUCE = "event/november_2023_truce"
# the frame the parse gives "a four-day ceasefire" (claimkit.extract.frames)
FOUR_DAYS = {"measure": "duration of ceasefire", "status": "actual", "frame": "parsed"}


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    return load_reference(write_reference(tmp_path_factory.mktemp("reference")))


def test_involves_column_is_loaded(ref):
    assert ref.events[TRUCE].involves == ("org/hamas", "country/israel", "place/gaza_strip")
    assert list(ref.to_frames()["events"].columns) == ["id", "name", "aliases", "start", "end", "source"]


def test_involves_column_is_optional(tmp_path):
    folder = write_reference(tmp_path)
    header, *rows = EVENTS.strip().splitlines()
    old = [",".join(r.split(",")[:5] + r.split(",")[6:]) for r in rows]
    (folder / "events.csv").write_text("id,name,aliases,start,end,source\n" + "\n".join(old) + "\n", encoding="utf-8")
    assert load_reference(folder).events[TRUCE].involves == ()


def test_involves_unknown_id_is_reported(tmp_path):
    folder = write_reference(tmp_path)
    body = (folder / "events.csv").read_text(encoding="utf-8").replace("org/hamas|country/israel|place/gaza",
                                                                       "org/nobody|country/israel|place/gaza", 1)
    (folder / "events.csv").write_text(body, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="org/nobody"):
        load_reference(folder)


@pytest.mark.parametrize(
    ("sentence", "article", "entities", "linked"),
    [
        # another conflict's ceasefire: none of the truce's parties is named
        ("The ceasefire held overnight.", "Rebels and the army in Tigray signed it. The ceasefire held overnight.",
         (), False),
        # the article names a party (by name, or by its adjective)
        ("The ceasefire held overnight.", "Hamas freed captives. The ceasefire held overnight.", (), True),
        ("The ceasefire held overnight.", "Israeli officials were relieved. The ceasefire held overnight.", (), True),
        # a party known only from the mentions table (a name the reference does not spell that way)
        ("The ceasefire held overnight.", "The movement freed captives. The ceasefire held overnight.",
         ("org/hamas",), True),
        # a name with a proper noun needs no party
        ("The November 2023 truce held.", "The November 2023 truce held.", (), True),
    ],
)
def test_generic_alias_needs_a_party(ref, sentence, article, entities, linked):
    found = events_in(sentence, ref, on=date(2023, 12, 5), within=article, entities=entities)
    assert (TRUCE in [e.id for e in found]) is linked


def test_unrelated_truce_raises_nothing(ref):
    """A truce elsewhere, a few days after the November truce, is not that truce: no length or date clash."""
    text = "Government troops and the rebels kept a four-day ceasefire. The ceasefire started on 3 December."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-06"})
    rows = [quantity("a", text, "four-day", value=4, lemma="ceasefire", unit="day", **FOUR_DAYS),
            claim("a", text, "3 December", "event_date", date="2023-12-03", date_text="3 December",
                  date_type="absolute")]
    assert find_numeric_conflicts(arts, claims(*rows), reference=ref).empty
    assert find_date_conflicts(arts, claims(*rows), reference=ref).empty
    assert run_checks(arts, claims(*rows), None, ref).empty


def test_same_truce_with_a_party_named_is_still_checked(ref):
    text = "Hamas and Israel kept a four-day ceasefire. The ceasefire started on 3 December."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-06"})
    rows = [quantity("a", text, "four-day", value=4, lemma="ceasefire", unit="day", **FOUR_DAYS),
            claim("a", text, "3 December", "event_date", date="2023-12-03", date_text="3 December",
                  date_type="absolute")]
    assert list(find_numeric_conflicts(arts, claims(*rows), reference=ref)["text"]) == ["four-day"]
    assert list(find_date_conflicts(arts, claims(*rows), reference=ref)["text"]) == ["3 December"]


def test_party_from_mentions_table(ref):
    text = "The militants and the army kept a four-day ceasefire."
    arts = articles({"article_id": "a", "text": text, "published": "2023-12-06"})
    rows = [quantity("a", text, "four-day", value=4, lemma="ceasefire", unit="day", **FOUR_DAYS)]
    mentions = tables.conform([{"mention_id": "m1", "article_id": "a", "start": 4, "end": 14, "text": "militants",
                                "entity_id": "org/hamas"}], "mentions")
    assert find_numeric_conflicts(arts, claims(*rows), reference=ref).empty
    assert len(find_numeric_conflicts(arts, claims(*rows), reference=ref, mentions=mentions)) == 1
