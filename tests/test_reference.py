"""Tests of claimkit.reference: validation (file, line, problem), normalisation, lookups, exports."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from claimkit import paths
from claimkit.errors import ReferenceDataError
from claimkit.reference import (
    Position,
    Reference,
    load_reference,
    normalize_name,
    validate_reference,
)

FIXTURE = Path(__file__).parent / "fixtures" / "reference" / "minimal"
SOURCE = "https://example.org/source"


def real_reference_dir() -> Path:
    return paths.reference_dir()


needs_real_data = pytest.mark.skipif(
    not (real_reference_dir() / "entities.csv").is_file(),
    reason="data/reference/ is not written yet",
)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(FIXTURE)


def broken_copy(tmp_path: Path, file: str, edit: str, text: str = "") -> tuple[Path, int | None]:
    """Copy the valid fixture to tmp_path and break ``file``; returns the folder and the broken line.

    edit: "append" a row, "header" replaces line 1, "replace:N" replaces line N, "delete" the file,
    "write" the whole file.
    """
    folder = tmp_path / "reference"
    shutil.copytree(FIXTURE, folder)
    path = folder / file
    if edit == "delete":
        path.unlink()
        return folder, None
    if edit == "write":
        path.write_text(text, encoding="utf-8")
        return folder, None
    lines = path.read_text(encoding="utf-8").splitlines()
    if edit == "append":
        lines.append(text)
        line = len(lines)
    elif edit == "header":
        lines[0] = text
        line = 1
    elif edit.startswith("replace:"):
        line = int(edit.split(":")[1])
        lines[line - 1] = text
    else:  # pragma: no cover - test bug
        raise ValueError(edit)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, line


# --------------------------------------------------------------------------------------------------
# Validation: each error names the file, the line and the problem
# --------------------------------------------------------------------------------------------------

INVALID = [
    # (file, edit, text, expected problem substring)
    ("positions.csv", "delete", "", "missing required file"),
    ("meta.yaml", "delete", "", "missing required file"),
    ("entities.csv", "header", "id,type,name,aliases,adjectives,country,description", "missing required column(s): source"),
    ("roles.csv", "header", "id,name,single_holder,source", "missing required column(s): wordings"),
    ("entities.csv", "append", f",person,Nobody,,,,,{SOURCE}", "empty `id`"),
    ("entities.csv", "append", f"person/nobody,person,,,,,,{SOURCE}", "empty `name`"),
    ("entities.csv", "append", "person/nobody,person,Nobody,,,,,", "empty `source`"),
    ("outlets.csv", "append", "outlet/x,X,,,en,newspaper,", "empty `source`"),
    ("entities.csv", "append", f"place/lodz,city,Łódź,,,country/poland,,{SOURCE}", "unknown type 'city'"),
    ("entities.csv", "append", f"org/lodz,place,Łódź,,,country/poland,,{SOURCE}", "malformed id 'org/lodz'"),
    ("entities.csv", "append", f"place/warsaw,place,Warszawa,,,country/poland,,{SOURCE}", "duplicate id 'place/warsaw'"),
    ("outlets.csv", "append", f"outlet/the_times,The Sunday Times,,country/united_kingdom,en,newspaper,{SOURCE}", "duplicate id 'outlet/the_times'"),
    ("entities.csv", "append", f"place/lodz,place,Lodz,,,country/polska,,{SOURCE}", "unknown id 'country/polska' in column `country`"),
    ("entities.csv", "append", f"place/lodz,place,Lodz,,,place/warsaw,,{SOURCE}", "`country` must be a country id, but 'place/warsaw' is a place"),
    ("outlets.csv", "append", f"outlet/ynet,Ynet,,country/isr,he,website,{SOURCE}", "unknown id 'country/isr' in column `country`"),
    ("outlets.csv", "append", f"outlet/ynet,Ynet,,country/israel,heb,website,{SOURCE}", "malformed language 'heb'"),
    ("outlets.csv", "append", f"outlet/ynet,Ynet,,country/israel,he,blog,{SOURCE}", "unknown medium 'blog'"),
    ("roles.csv", "append", f"role/mayor,mayor,,maybe,{SOURCE}", "single_holder must be true or false"),
    ("positions.csv", "append", f"person/nobody,role/president,country/israel,2021-07-07,,{SOURCE}", "unknown id 'person/nobody' in column `person`"),
    ("positions.csv", "append", f"person/yoav_gallant,role/emperor,country/israel,2021-07-07,,{SOURCE}", "unknown role id 'role/emperor'"),
    ("positions.csv", "append", f"person/yoav_gallant,role/president,country/atlantis,2021-07-07,,{SOURCE}", "unknown id 'country/atlantis' in column `of`"),
    ("positions.csv", "append", f"person/yoav_gallant,role/president,person/israel_katz,2021-07-07,,{SOURCE}", "`of` must be a country, organisation, place or outlet id"),
    ("positions.csv", "append", f"person/israel_katz,role/director,org/mossad,2023-13-01,,{SOURCE}", "malformed date '2023-13-01' in column `start`"),
    ("positions.csv", "append", f"person/israel_katz,role/director,org/mossad,18/12/2023,,{SOURCE}", "malformed date '18/12/2023' in column `start`"),
    ("positions.csv", "append", f"person/israel_katz,role/director,org/hamas,2023-12-01,2024-1-5,{SOURCE}", "malformed date '2024-1-5' in column `end`"),
    ("positions.csv", "append", f"person/israel_katz,role/director,org/hamas,,,{SOURCE}", "empty `start`"),
    ("positions.csv", "append", f"person/israel_katz,role/director,org/hamas,2023-12-01,2023-11-30,{SOURCE}", "end 2023-11-30 is not after start 2023-12-01"),
    ("positions.csv", "append", f"person/israel_katz,role/director,org/hamas,2023-12-01,2023-12-01,{SOURCE}", "end 2023-12-01 is not after start 2023-12-01"),
    ("events.csv", "append", f"event/warsaw_talks,Warsaw talks,,2023-12-18,2023-12-18,{SOURCE}", "is not after start"),
    ("events.csv", "append", f"event/warsaw_talks,Warsaw talks,,December 18,,{SOURCE}", "malformed date 'December 18'"),
    ("events.csv", "append", f"event/october_7_attack,Black Sabbath,,2023-10-07,,{SOURCE}", "duplicate id 'event/october_7_attack'"),
    ("events.csv", "append", f"event/pause,Pause,Humanitarian Pause,2023-11-24,,{SOURCE}", "also names event/november_2023_truce"),
    # a single-holder office: Barnea's term overlaps Gallant's (2022-12-29 to 2024-11-05)
    ("positions.csv", "append", f"person/david_barnea,role/defence_minister,country/israel,2024-01-01,2024-06-01,{SOURCE}", "overlaps the term of person/yoav_gallant"),
    # the same person twice in one (multi-holder is not needed: the same office) at once
    ("positions.csv", "append", f"person/david_barnea,role/director,org/mossad,2022-01-01,,{SOURCE}", "overlaps the term of person/david_barnea"),
    # the same normalised alias for two entities names both ids
    ("entities.csv", "append", f"person/shlomo_barnea,person,Shlomo Barnea,BARNEA,,,,{SOURCE}", "alias 'BARNEA' (normalised 'barnea') of person/shlomo_barnea also names person/david_barnea"),
    ("outlets.csv", "append", f"outlet/cia_news,C.I.A.,,country/united_states,en,website,{SOURCE}", "alias 'C.I.A.' (normalised 'cia') of outlet/cia_news also names org/cia"),
    ("entities.csv", "append", f"country/oman,country,Oman,,Qatari,,,{SOURCE}", "adjective 'Qatari' (normalised 'qatari') of country/oman also names country/qatar"),
    ("roles.csv", "append", f"role/premier,premier,Premier,true,{SOURCE}", "wording 'premier' (normalised 'premier') of role/premier also names role/prime_minister"),
    ("entities.csv", "append", f"person/nobody,person,Nobody,,,,{SOURCE}", "row has 7 fields, the header has 8"),
]


@pytest.mark.parametrize(("file", "edit", "text", "problem"), INVALID, ids=[c[3][:40] for c in INVALID])
def test_reference_validation_names_file_line_and_problem(tmp_path: Path, file: str, edit: str, text: str, problem: str) -> None:
    folder, line = broken_copy(tmp_path, file, edit, text)
    problems = validate_reference(folder)
    matching = [p for p in problems if problem in p.problem]
    assert matching, f"no problem containing {problem!r} in {[str(p) for p in problems]}"
    found = matching[0]
    assert Path(found.path).name == file
    assert found.line == line
    where = f"{file}:{line}" if line is not None else file
    assert where in str(found) and problem in str(found)
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(folder)
    assert problem in str(raised.value)


@pytest.mark.parametrize(
    ("file", "text", "line", "problem"),
    [
        ("meta.yaml", "description: no snapshot\n", None, "missing `snapshot`"),
        ("meta.yaml", "snapshot: 31/01/2025\n", 1, "malformed snapshot date"),
        ("meta.yaml", "snapshot: [2025\n", 2, "invalid YAML"),
        ("meta.yaml", "- a list\n", None, "must be a mapping"),
        ("roles.csv", "", None, "empty file: no header row"),
    ],
)
def test_reference_validation_of_whole_files(tmp_path: Path, file: str, text: str, line: int | None, problem: str) -> None:
    folder, _ = broken_copy(tmp_path, file, "write", text)
    problems = validate_reference(folder)
    assert [(Path(p.path).name, p.line) for p in problems if problem in p.problem] == [(file, line)]


def test_reference_line_numbers_count_the_header_and_multiline_fields(tmp_path: Path) -> None:
    # a quoted source spanning two lines: the next row starts one physical line further down
    folder, _ = broken_copy(
        tmp_path, "events.csv", "append", f'event/a,Event A,,2023-01-01,,"{SOURCE}\nsecond line"\nevent/b,Event B,,2023-02-31,,{SOURCE}'
    )
    (problem,) = validate_reference(folder)
    assert (Path(problem.path).name, problem.line) == ("events.csv", 6)
    assert "malformed date '2023-02-31'" in problem.problem


def test_reference_collects_every_problem_and_lists_them_in_the_error(tmp_path: Path) -> None:
    folder, _ = broken_copy(tmp_path, "positions.csv", "append", f"person/nobody,role/emperor,country/atlantis,2023-13-01,,{SOURCE}")
    problems = validate_reference(folder)
    assert len(problems) == 4  # unknown person, unknown `of`, unknown role, malformed date
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(folder)
    message = str(raised.value)
    assert message.startswith("[CK200] ")
    assert "positions.csv:12: unknown id 'person/nobody'" in message
    assert "and 3 more" in message and "unknown role id 'role/emperor'" in message
    assert [str(p) for p in raised.value.problems] == [str(p) for p in problems]  # type: ignore[attr-defined]


def test_reference_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="reference folder not found"):
        load_reference(tmp_path / "nowhere")


def test_reference_fixture_is_valid() -> None:
    assert validate_reference(FIXTURE) == []


def test_reference_back_to_back_terms_do_not_overlap(ref: Reference) -> None:
    # Gallant's term ends 2024-11-05 and Katz's starts that day: valid (half-open intervals)
    terms = ref.holders("role/defence_minister", "country/israel")
    assert [(p.person, p.start, p.end) for p in terms] == [
        ("person/yoav_gallant", date(2022, 12, 29), date(2024, 11, 5)),
        ("person/israel_katz", date(2024, 11, 5), None),
    ]


# --------------------------------------------------------------------------------------------------
# Normalisation and lookups
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mohammed bin Abdulrahman Al-Thani", "mohammed bin abdulrahman al thani"),
        ("Sheikh Mohammed bin Abdulrahman Al Thani", "mohammed bin abdulrahman al thani"),
        ("U.S.", "us"),
        ("u.s", "us"),
        ("Washington D.C.", "washington dc"),
        ("Al-Thani", "al thani"),
        ("Qatar's", "qatar"),
        ("Qatar’s", "qatar"),
        ("the Israelis'", "israelis"),
        ("The Times", "times"),
        ("  THE   TIMES  of  Israel ", "times of israel"),
        ("Erdoğan", "erdogan"),
        ("Müller-Lüdenscheidt", "muller ludenscheidt"),
        ("Dr. Jane Smith", "jane smith"),
        ("Mr Smith", "smith"),
        ("Sir", "sir"),  # an honorific alone stays
        ("Ma’ariv", "maariv"),
        ("", ""),
    ],
)
def test_reference_normalize_name(text: str, expected: str) -> None:
    assert normalize_name(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Barnea", "person/david_barnea"),
        ("BARNEA", "person/david_barnea"),
        ("Barnea's", "person/david_barnea"),
        ("Barnea’s", "person/david_barnea"),
        ("david barnea", "person/david_barnea"),
        ("Mohammed bin Abdulrahman al-Thani", "person/mohammed_bin_abdulrahman_al_thani"),
        ("MOHAMMED BIN ABDULRAHMAN AL THANI", "person/mohammed_bin_abdulrahman_al_thani"),
        ("Sheikh Mohammed bin Abdulrahman Al-Thani's", "person/mohammed_bin_abdulrahman_al_thani"),
        ("Khalid bin Khalifa Al-Thani", "person/khalid_bin_khalifa_al_thani"),
        ("Erdogan", "person/recep_tayyip_erdogan"),
        ("ERDOĞAN", "person/recep_tayyip_erdogan"),
        ("the Times", "outlet/the_times"),
        ("Times", "outlet/the_times"),
        ("al Ahram", "outlet/al_ahram"),
        ("AL-AHRAM's", "outlet/al_ahram"),
        ("U.S.", "country/united_states"),
        ("US", "country/united_states"),
        ("Turkey", "country/turkiye"),
        ("Central Intelligence Agency", "org/cia"),
        ("gaza", "place/gaza_strip"),
        ("Nobody Known", None),
        ("Israeli", None),  # an adjective is not a name
        ("the", None),
        ("", None),
    ],
)
def test_reference_resolve(ref: Reference, name: str, expected: str | None) -> None:
    entity = ref.resolve(name)
    assert (entity.id if entity else None) == expected


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Prime Minister", "role/prime_minister"),
        ("prime minister", "role/prime_minister"),
        ("Premier", "role/prime_minister"),
        ("PM", "role/prime_minister"),
        ("prime ministers", "role/prime_minister"),
        ("heads of government", "role/prime_minister"),
        ("Foreign Minister", "role/foreign_minister"),
        ("Foreign Ministers", "role/foreign_minister"),
        ("Minister of Foreign Affairs", "role/foreign_minister"),
        ("Foreign Affairs Minister", "role/foreign_minister"),  # the other English order
        ("Minister for Foreign Affairs", "role/foreign_minister"),
        ("Defense Minister", "role/defence_minister"),
        ("minister of defence", "role/defence_minister"),
        ("Secretaries of Defense", "role/defence_minister"),
        ("Crown-Prince", "role/crown_prince"),
        ("chief", "role/director"),
        ("Affairs Assistant", None),
        ("minister", None),
        ("", None),
    ],
)
def test_reference_role_for(ref: Reference, wording: str, expected: str | None) -> None:
    role = ref.role_for(wording)
    assert (role.id if role else None) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Israeli", "country/israel"),
        ("Israelis", "country/israel"),
        ("Qatari", "country/qatar"),
        ("Qatar's", "country/qatar"),
        ("U.S.", "country/united_states"),
        ("US", "country/united_states"),
        ("American", "country/united_states"),
        ("Americans", "country/united_states"),
        ("British", "country/united_kingdom"),
        ("Turkish", "country/turkiye"),
        ("Mossad", None),  # an organisation's name is not a country
        ("Warsaw", None),
        ("Martian", None),
    ],
)
def test_reference_country_for_adjective(ref: Reference, word: str, expected: str | None) -> None:
    country = ref.country_for_adjective(word)
    assert (country.id if country else None) == expected


@pytest.mark.parametrize(
    ("role", "of", "on", "expected"),
    [
        ("role/defence_minister", "country/israel", date(2024, 11, 4), ["person/yoav_gallant"]),
        ("role/defence_minister", "country/israel", date(2024, 11, 5), ["person/israel_katz"]),
        ("role/defence_minister", "country/israel", date(2022, 12, 28), []),
        ("role/prime_minister", "country/qatar", date(2023, 3, 6), ["person/khalid_bin_khalifa_al_thani"]),
        ("role/prime_minister", "country/qatar", date(2023, 12, 18), ["person/mohammed_bin_abdulrahman_al_thani"]),
        ("role/prime_minister", "country/saudi_arabia", date(2023, 12, 18), ["person/mohammed_bin_salman"]),
        ("role/director", "org/cia", date(2025, 1, 19), ["person/william_burns"]),
        ("role/director", "org/cia", date(2025, 1, 20), []),
        ("role/director", "org/hamas", date(2023, 12, 18), []),
        ("role/no_such_role", "country/qatar", date(2023, 12, 18), []),
    ],
)
def test_reference_holders(ref: Reference, role: str, of: str, on: date, expected: list[str]) -> None:
    assert [p.person for p in ref.holders(role, of, on)] == expected


def test_reference_holders_accepts_iso_strings(ref: Reference) -> None:
    assert [p.person for p in ref.holders("role/prime_minister", "country/qatar", "2023-03-07")] == [  # type: ignore[arg-type]
        "person/mohammed_bin_abdulrahman_al_thani"
    ]


@pytest.mark.parametrize(
    ("person", "on", "expected"),
    [
        ("person/mohammed_bin_abdulrahman_al_thani", date(2023, 12, 18), [("role/foreign_minister", "country/qatar"), ("role/prime_minister", "country/qatar")]),
        ("person/mohammed_bin_abdulrahman_al_thani", date(2020, 1, 1), [("role/foreign_minister", "country/qatar")]),
        ("person/mohammed_bin_salman", date(2023, 12, 18), [("role/crown_prince", "country/saudi_arabia"), ("role/prime_minister", "country/saudi_arabia")]),
        ("person/mohammed_bin_salman", date(2020, 1, 1), [("role/crown_prince", "country/saudi_arabia")]),
        ("person/yoav_gallant", date(2024, 11, 5), []),
        ("person/nobody", date(2024, 1, 1), []),
    ],
)
def test_reference_positions_of(ref: Reference, person: str, on: date, expected: list[tuple[str, str]]) -> None:
    assert [(p.role, p.of) for p in ref.positions_of(person, on)] == expected


def test_reference_positions_of_without_a_date_lists_every_term(ref: Reference) -> None:
    assert len(ref.positions_of("person/mohammed_bin_abdulrahman_al_thani")) == 2


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2022, 12, 28), False), (date(2022, 12, 29), True), (date(2024, 11, 4), True), (date(2024, 11, 5), False)],
)
def test_reference_position_holds_on_is_half_open(day: date, expected: bool) -> None:
    term = Position("person/x", "role/y", "country/z", date(2022, 12, 29), date(2024, 11, 5), SOURCE)
    assert term.holds_on(day) is expected
    assert Position("person/x", "role/y", "country/z", date(2022, 12, 29), None, SOURCE).holds_on(date(2999, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the truce", "event/november_2023_truce"),
        ("Humanitarian Pause", "event/november_2023_truce"),
        ("October 7 attack", "event/october_7_attack"),
        ("Hamas-led attack on Israel", "event/october_7_attack"),
        ("the war", None),
    ],
)
def test_reference_event_for(ref: Reference, text: str, expected: str | None) -> None:
    event = ref.event_for(text)
    assert (event.id if event else None) == expected


def test_reference_event_dates(ref: Reference) -> None:
    truce = ref.events["event/november_2023_truce"]
    assert (truce.start, truce.end) == (date(2023, 11, 24), date(2023, 12, 1))
    assert ref.events["event/october_7_attack"].end is None


def test_reference_entity_lookup_and_outlets(ref: Reference) -> None:
    times = ref.entity("outlet/the_times")
    assert (times.type, times.country, times.language, times.medium) == ("outlet", "country/united_kingdom", "en", "newspaper")
    assert ref.entity("country/united_states").adjectives == ("American", "US", "U.S.")
    with pytest.raises(KeyError, match="person/nobody"):
        ref.entity("person/nobody")
    assert ref.snapshot == "2025-01-31"
    assert len(ref.fingerprint) == 64


# --------------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------------


def test_reference_ruler_patterns_cover_names_not_adjectives(ref: Reference) -> None:
    patterns = ref.ruler_patterns()
    assert {p["id"] for p in patterns} == set(ref.entities)
    texts = {(p["pattern"], p["id"]) for p in patterns}
    assert ("Barnea", "person/david_barnea") in texts
    assert ("Al-Ahram", "outlet/al_ahram") in texts and ("al Ahram", "outlet/al_ahram") in texts
    assert ("Mohammed bin Abdulrahman al-Thani", "person/mohammed_bin_abdulrahman_al_thani") in texts
    assert ("Erdogan", "person/recep_tayyip_erdogan") in texts  # without diacritics
    assert ("gaza strip", "place/gaza_strip") in texts  # two distinctive words: any case
    surfaces = {p["pattern"] for p in patterns}
    assert not {"Israeli", "Qatari", "American", "British"} & surfaces  # adjectives are not mentions
    assert not {"burns", "us", "the times", "times", "gaza"} & surfaces  # lower-case common words


@pytest.mark.parametrize(
    ("entity_type", "label"),
    [("person", "PERSON"), ("organisation", "ORG"), ("outlet", "ORG"), ("country", "GPE"), ("place", "GPE")],
)
def test_reference_ruler_labels_by_type(ref: Reference, entity_type: str, label: str) -> None:
    labels = {p["label"] for p in ref.ruler_patterns() if ref.entities[p["id"]].type == entity_type}
    assert labels == {label}


def test_reference_to_frames(ref: Reference) -> None:
    frames = ref.to_frames()
    assert set(frames) == {"entities", "roles", "positions", "events"}
    entities = frames["entities"]
    assert len(entities) == len(ref.entities)
    assert set(entities["type"]) == {"person", "organisation", "country", "place", "outlet"}
    positions = frames["positions"]
    gallant = positions[positions["person"] == "person/yoav_gallant"].iloc[0]
    assert (gallant["person_name"], gallant["role_name"], gallant["of_name"], gallant["start"], gallant["end"]) == (
        "Yoav Gallant",
        "defence minister",
        "Israel",
        "2022-12-29",
        "2024-11-05",
    )
    assert list(frames["events"].columns) == ["id", "name", "aliases", "start", "end", "source"]


# --------------------------------------------------------------------------------------------------
# The real data/reference (written by hand; must always load)
# --------------------------------------------------------------------------------------------------


@needs_real_data
def test_reference_real_data_is_valid() -> None:
    assert [str(p) for p in validate_reference()] == []


@needs_real_data
@pytest.mark.parametrize(
    ("role", "of", "on", "name"),
    [
        ("role/prime_minister", "country/qatar", date(2023, 12, 18), "Mohammed bin Abdulrahman Al Thani"),
        ("role/foreign_minister", "country/qatar", date(2023, 12, 18), "Mohammed bin Abdulrahman Al Thani"),
        ("role/director", "org/mossad", date(2023, 12, 18), "Barnea"),
        ("role/director", "org/cia", date(2023, 12, 18), "William Burns"),
        ("role/defence_minister", "country/israel", date(2024, 11, 4), "Gallant"),
    ],
)
def test_reference_real_data_holders(role: str, of: str, on: date, name: str) -> None:
    real = load_reference()
    person = real.resolve(name)
    assert person is not None
    assert [p.person for p in real.holders(role, of, on)] == [person.id]


@needs_real_data
@pytest.mark.parametrize(
    ("name", "entity_type"),
    [("Barnea", "person"), ("Novaya Izvestia", "outlet"), ("Al-Ahram", "outlet"), ("al Ahram", "outlet"), ("Mossad", "organisation"), ("Warsaw", "place"), ("Qatar", "country")],
)
def test_reference_real_data_resolves_seed_names(name: str, entity_type: str) -> None:
    entity = load_reference().resolve(name)
    assert entity is not None and entity.type == entity_type
