"""role_conflict and title_mismatch against a small dated reference (hand-built role claims)."""

from __future__ import annotations

import pytest

from claimkit import tables
from claimkit.checks.roles import find_role_conflicts, find_title_mismatches
from claimkit.reference import load_reference

from .helpers import ENTITIES, articles, claim, claims, write_reference

SEED = (
    "According to Israel's **18**, the head of the Israeli Intelligence and Secret Service (Mossad) Barnea met with "
    "the head of the US ** intelligence service, Burns, and the Prime Minister and Foreign Minister of Qatar "
    "Mohammed bin Salman in Warsaw on the same day. Hamas leader Ismail Haniyeh led a delegation to Cairo. "
    "Israel** Herzog said Israel is ready. Israeli Prime Minister Benjamin Netanyahu and Defense Minister Gallant "
    "have repeatedly said so. Recently, U.S. Affairs Assistant Jake Sullivan, Secretary of Defense Austin and other "
    "senior U.S. officials have traveled to Israel. According to the British newspaper The Times**, US Secretary of "
    "State Antony Blinken has set a deadline."
)


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    return load_reference(write_reference(tmp_path_factory.mktemp("reference")))


def _written_name(phrase):
    """The person's name as the phrase ends with it: the longest known name or alias, else the last word."""
    names = [n for line in ENTITIES.splitlines()[1:] if line.startswith("person/")
             for n in [line.split(",")[2], *line.split(",")[3].split("|")] if n]
    return max((n for n in names if phrase.endswith(n)), key=len, default=phrase.split()[-1])


def role(aid, text, phrase, person, title, role_id=None, *, obj=None, object_id=None, descriptor=None, occurrence=0):
    name = _written_name(phrase)
    return claim(aid, text, phrase, "role", occurrence=occurrence, subject=name, subject_id=person, predicate=title,
                 role_id=role_id, object=obj, object_id=object_id, descriptor=descriptor)


def seed_rows():
    return [
        role("seed", SEED, "the head of the Israeli Intelligence and Secret Service (Mossad) Barnea",
             "person/david_barnea", "head", "role/director", obj="Israeli Intelligence and Secret Service (Mossad)",
             object_id="org/mossad"),
        role("seed", SEED, "the head of the US ** intelligence service, Burns", "person/william_burns", "head",
             "role/director", obj="US ** intelligence service"),
        role("seed", SEED, "the Prime Minister and Foreign Minister of Qatar Mohammed bin Salman",
             "person/mohammed_bin_salman", "Prime Minister", "role/prime_minister", obj="Qatar",
             object_id="country/qatar"),
        {**role("seed", SEED, "the Prime Minister and Foreign Minister of Qatar Mohammed bin Salman",
                "person/mohammed_bin_salman", "Foreign Minister", "role/foreign_minister", obj="Qatar",
                object_id="country/qatar"), "claim_id": "seed:role:fm"},
        role("seed", SEED, "Hamas leader Ismail Haniyeh", "person/ismail_haniyeh", "leader", "role/political_leader",
             obj="Hamas", object_id="org/hamas"),
        role("seed", SEED, "Israel** Herzog", "person/isaac_herzog", None, descriptor="Israel"),
        role("seed", SEED, "Israeli Prime Minister Benjamin Netanyahu", "person/benjamin_netanyahu", "Prime Minister",
             "role/prime_minister", descriptor="Israeli"),
        role("seed", SEED, "Defense Minister Gallant", "person/yoav_gallant", "Defense Minister",
             "role/defence_minister"),
        role("seed", SEED, "U.S. Affairs Assistant Jake Sullivan", "person/jake_sullivan", "U.S. Affairs Assistant"),
        role("seed", SEED, "Secretary of Defense Austin", "person/lloyd_austin", "Secretary of Defense",
             "role/secretary_of_defense"),
        role("seed", SEED, "US Secretary of State Antony Blinken", "person/antony_blinken", "Secretary of State",
             "role/secretary_of_state", descriptor="US"),
    ]


def _run(text, rows, *, published="2024-01-30", reference_date=None, ref):
    arts = articles({"article_id": rows[0]["article_id"] if rows else "a", "text": text, "published": published,
                     "reference_date": reference_date})
    conflicts = find_role_conflicts(arts, claims(*rows), ref)
    mismatches = find_title_mismatches(arts, claims(*rows), ref)
    for frame in (conflicts, mismatches):
        assert list(frame.columns[: len(tables.FINDINGS)]) == list(tables.FINDINGS)
        for row in frame.to_dict("records"):
            assert row["text"] == text[row["start"] : row["end"]]
    return conflicts, mismatches


def test_roles_seed(ref):
    conflicts, mismatches = _run(SEED, seed_rows(), reference_date="2023-12-20", ref=ref)
    assert list(conflicts["severity"]) == ["high", "high"]
    assert set(conflicts["claim_id"]) == {seed_rows()[2]["claim_id"], "seed:role:fm"}
    pm = conflicts[conflicts["claim_id"] != "seed:role:fm"].iloc[0]
    assert pm["explanation"] == (
        "On 2023-12-20 the prime minister of Qatar was Mohammed bin Abdulrahman Al Thani (since 2023-03-07); "
        "Mohammed bin Salman was crown prince and prime minister of Saudi Arabia."
    )
    assert pm["expected"] == "Mohammed bin Abdulrahman Al Thani (prime minister of Qatar)"
    assert pm["reference_source"] == "https://example.org/qatar-pm"
    fm = conflicts[conflicts["claim_id"] == "seed:role:fm"].iloc[0]
    assert "foreign minister of Qatar was Mohammed bin Abdulrahman Al Thani" in fm["explanation"]
    assert list(mismatches["text"]) == ["U.S. Affairs Assistant Jake Sullivan"]
    sullivan = mismatches.iloc[0]
    assert sullivan["severity"] == "low"
    assert sullivan["expected"] == "national security adviser of the United States"
    assert sullivan["reference_source"] == "https://example.org/sullivan"


def test_roles_seed_from_its_publication_date_only(ref):
    """Without an inferred reference date the stamp (2024-01-30) is used: the same findings."""
    conflicts, mismatches = _run(SEED, seed_rows(), ref=ref)
    assert len(conflicts) == 2 and len(mismatches) == 1


# --- date-aware -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("day", "flagged"), [("2023-06-01", False), ("2025-01-19", False), ("2025-03-10", True)])
def test_roles_cia_director_burns_is_date_aware(ref, day, flagged):
    text = "CIA Director William Burns flew to Doha for talks."
    rows = [role("a", text, "CIA Director William Burns", "person/william_burns", "Director", "role/director",
                 obj="CIA", object_id="org/cia")]
    conflicts, _ = _run(text, rows, published=day, ref=ref)
    assert len(conflicts) == int(flagged)
    if flagged:
        row = conflicts.iloc[0]
        assert row["severity"] == "high"
        assert row["explanation"] == (
            "On 2025-03-10 the director of the CIA was John Ratcliffe (since 2025-01-23); William Burns had been "
            "director of the CIA until 2025-01-20."
        )
        assert row["reference_source"] == "https://example.org/ratcliffe"


# --- sample-free wordings: titles after names, possessives, lower case, extra words ------------------
CASES = [
    # (text, phrase, person, title, role_id, object, object_id, descriptor, published, expected severity or None)
    ("Mohammed bin Salman, Qatar's prime minister, arrived in Warsaw.", "Mohammed bin Salman, Qatar's prime minister",
     "person/mohammed_bin_salman", "prime minister", "role/prime_minister", "Qatar", "country/qatar", None,
     "2023-12-20", "high"),
    ("Mohammed bin Abdulrahman, Qatar's prime minister and top diplomat, arrived.",
     "Mohammed bin Abdulrahman, Qatar's prime minister", "person/mohammed_bin_abdulrahman_al_thani",
     "prime minister", "role/prime_minister", "Qatar", "country/qatar", None, "2023-12-20", None),
    ("The Saudi crown prince, Mohammed bin Salman, spoke.", "The Saudi crown prince, Mohammed bin Salman",
     "person/mohammed_bin_salman", "crown prince", "role/crown_prince", None, None, "Saudi", "2023-12-20", None),
    ("the qatari premier mohammed bin salman met the envoy.", "the qatari premier mohammed bin salman",
     "person/mohammed_bin_salman", "premier", None, None, None, "qatari", "2023-12-20", "high"),
    ("Burns, who heads the Mossad, flew in.", "Burns, who heads the Mossad", "person/william_burns", "head",
     None, "Mossad", "org/mossad", None, "2023-12-20", "high"),
    ("Defence Minister Yoav Gallant visited the troops.", "Defence Minister Yoav Gallant", "person/yoav_gallant",
     "Defence Minister", "role/defence_minister", None, None, None, "2025-03-01", "medium"),
    ("Defense Minister Austin said the aid would continue.", "Defense Minister Austin", "person/lloyd_austin",
     "Defense Minister", "role/defence_minister", None, None, None, "2023-12-20", None),
    ("Foreign Minister Blinken landed in Tel Aviv.", "Foreign Minister Blinken", "person/antony_blinken",
     "Foreign Minister", "role/foreign_minister", None, None, None, "2023-12-20", None),
    ("Hamas leader Yahya Sinwar is hiding in Khan Younis.", "Hamas leader Yahya Sinwar", "person/yahya_sinwar",
     "leader", "role/political_leader", "Hamas", "org/hamas", None, "2023-12-20", None),
    ("Former CIA director William Burns wrote a memoir.", "CIA director William Burns", "person/william_burns",
     "director", "role/director", "CIA", "org/cia", None, "2025-06-01", None),
    ("The head of the American spy agency, Burns, was in Cairo.", "The head of the American spy agency, Burns",
     "person/william_burns", "head", "role/director", "American spy agency", None, None, "2025-06-01", None),
    ("Prime Minister Dana Roe of Qatar opened the talks.", "Prime Minister Dana Roe of Qatar",
     "person/nobody_known", "Prime Minister", "role/prime_minister", "Qatar", "country/qatar", None, "2023-12-20",
     "high"),
    ("Israeli President Isaac Herzog addressed ambassadors.", "Israeli President Isaac Herzog",
     "person/isaac_herzog", "President", "role/president", None, None, "Israeli", "2023-12-20", None),
]


@pytest.mark.parametrize(("text", "phrase", "person", "title", "role_id", "obj", "object_id", "descriptor",
                          "published", "severity"), CASES)
def test_roles_wording_variants(ref, text, phrase, person, title, role_id, obj, object_id, descriptor, published,
                                severity):
    rows = [role("a", text, phrase, person, title, role_id, obj=obj, object_id=object_id, descriptor=descriptor)]
    conflicts, mismatches = _run(text, rows, published=published, ref=ref)
    assert mismatches.empty
    assert list(conflicts["severity"]) == ([severity] if severity else [])


def test_roles_gallant_after_his_term_names_his_successor(ref):
    text = "Defence Minister Yoav Gallant visited the troops."
    rows = [role("a", text, "Defence Minister Yoav Gallant", "person/yoav_gallant", "Defence Minister",
                 "role/defence_minister")]
    conflicts, _ = _run(text, rows, published="2025-03-01", ref=ref)
    row = conflicts.iloc[0]
    assert "Israel Katz" in row["explanation"] and "until 2024-11-05" in row["explanation"]


def test_roles_date_in_the_same_sentence_counts(ref):
    text = "In December 2023, CIA Director William Burns met Barnea in Warsaw."
    rows = [role("a", text, "CIA Director William Burns", "person/william_burns", "Director", "role/director",
                 obj="CIA", object_id="org/cia"),
            claim("a", text, "December 2023", "event_date", date="2023-12-18", date_type="absolute")]
    conflicts, _ = _run(text, rows, published="2025-05-01", ref=ref)
    assert conflicts.empty


@pytest.mark.parametrize(
    ("text", "phrase", "title", "expected"),
    [
        ("Security Adviser Jake Sullivan arrived.", "Security Adviser Jake Sullivan", "Security Adviser", None),
        ("White House national security adviser Jake Sullivan arrived.",
         "White House national security adviser Jake Sullivan", "White House national security adviser", None),
        ("Biden aide Jake Sullivan arrived.", "Biden aide Jake Sullivan", "aide", None),
        ("Jake Sullivan, the senior official, arrived.", "Jake Sullivan, the senior official", "senior official",
         None),
        ("Treasury Chief of Staff Jake Sullivan arrived.", "Treasury Chief of Staff Jake Sullivan",
         "Treasury Chief of Staff", "national security adviser of the United States"),
        ("jake sullivan, the american affairs assistant, arrived.", "jake sullivan, the american affairs assistant",
         "american affairs assistant", "national security adviser of the United States"),
    ],
)
def test_roles_title_mismatch_variants(ref, text, phrase, title, expected):
    rows = [role("a", text, phrase, "person/jake_sullivan", title)]
    conflicts, mismatches = _run(text, rows, published="2023-12-20", ref=ref)
    assert conflicts.empty
    assert list(mismatches["expected"]) == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "phrase", "extra"),
    [
        # the extractor marks the title as past ("former") or cut by a redaction mark
        ("CIA director William Burns, now retired, wrote a memoir.", "CIA director William Burns",
         {"title_qualifier": "former"}),
        ("Israel** Burns said the talks went on.", "Israel** Burns", {"redacted": True}),
        # an object damaged by a redaction mark accuses nobody, even when an extractor linked it
        ("The head of the US ** intelligence service, Burns, met Barnea.",
         "The head of the US ** intelligence service, Burns", {"object": "US ** intelligence service"}),
    ],
)
def test_roles_marked_titles_are_not_accused(ref, text, phrase, extra):
    row = {**role("a", text, phrase, "person/william_burns", "director", "role/director", obj="CIA",
                  object_id="org/cia"), **extra}
    conflicts, mismatches = _run(text, [row], published="2025-06-01", ref=ref)
    assert conflicts.empty and mismatches.empty
