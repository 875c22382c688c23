"""Layers on top of the curated reference: merging, conflicts, date precision, ambiguous names — and
the whole kit run on short articles of our own with the newspapers layer and a layer of office holders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from claimkit.errors import ReferenceDataError
from claimkit.layers import import_files, new_layer
from claimkit.reference import Position, load_reference, validate_reference

from tests.wikidata_server import RECORDED

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "data" / "reference"
NEWSPAPERS = BASE / "layers" / "wikidata-newspapers"
SRC = "https://example.org/source"


def _layer(folder: Path, **files: str) -> Path:
    new_layer(folder)
    for name, body in files.items():
        path = folder / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------------------------------
# precision of dates
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "sp", "end", "ep", "day", "surely", "maybe"),
    [
        (date(2020, 1, 1), "year", date(2023, 1, 1), "year", date(2020, 6, 1), False, True),  # began "in 2020"
        (date(2020, 1, 1), "year", date(2023, 1, 1), "year", date(2021, 6, 1), True, True),
        (date(2020, 1, 1), "year", date(2023, 1, 1), "year", date(2023, 6, 1), False, True),  # ended "in 2023"
        (date(2020, 1, 1), "year", date(2023, 1, 1), "year", date(2024, 1, 1), False, False),
        (date(2020, 9, 1), "month", None, "day", date(2020, 9, 29), False, True),
        (date(2020, 9, 1), "month", None, "day", date(2020, 9, 30), True, True),  # began by the 30th
        (date(2020, 9, 1), "month", None, "day", date(2020, 10, 1), True, True),
        (date(2020, 9, 1), "month", None, "day", date(2020, 8, 31), False, False),
        (date(2020, 9, 16), "day", date(2021, 10, 4), "day", date(2021, 10, 4), False, False),  # [start, end)
    ],
)
def test_terms_hold_surely_or_maybe(start, sp, end, ep, day, surely, maybe) -> None:  # type: ignore[no-untyped-def]
    term = Position("person/x", "role/y", "country/z", start, end, SRC, sp, ep)
    assert (term.holds_on(day), term.may_hold_on(day)) == (surely, maybe)


def test_partial_dates_load_with_their_precision(tmp_path: Path) -> None:
    layer = _layer(tmp_path / "l", entities="person/x,person,Xavier Quux,,,,,https://example.org,\n",
                   positions="person/x,role/king,country/qatar,2020,2023-06,https://example.org,,\n"
                             "person/x,role/ceo,country/qatar,2019-03-01,2020,https://example.org,day,year\n")
    ref = load_reference([BASE, layer], layers=False)
    terms = {p.role: p for p in ref.positions_of("person/x")}
    assert set(terms) == {"role/king", "role/ceo"}
    assert (terms["role/king"].start_precision, terms["role/king"].end_precision) == ("year", "month")
    assert terms["role/king"].period() == "2020 to 2023-06"
    frame = ref.to_frames()["positions"]
    assert list(frame[frame.person == "person/x"]["start"]) == ["2019-03-01", "2020"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("person/x,role/king,country/qatar,2020-13,,s,,", "malformed date '2020-13'"),
        ("person/x,role/king,country/qatar,2020,,s,day,", "start_precision 'day' is finer than the date '2020'"),
        ("person/x,role/king,country/qatar,2020-05-01,2020-04,s,,", "end 2020-04 is not after start 2020-05-01"),
        ("person/x,role/king,country/qatar,2020,,s,decade,", "unknown start_precision 'decade'"),
    ],
)
def test_bad_partial_dates_name_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    layer = _layer(tmp_path / "l", entities="person/x,person,Xavier Quux,,,,,https://example.org,\n", positions=row + "\n")
    problems = validate_reference([BASE, layer], layers=False)
    assert [(Path(p.path).name, p.line) for p in problems if problem in p.problem] == [("positions.csv", 2)]


# --------------------------------------------------------------------------------------------------
# merging layers
# --------------------------------------------------------------------------------------------------


def test_curated_rows_win_and_disagreements_are_reported(tmp_path: Path) -> None:
    layer = _layer(
        tmp_path / "l",
        entities=("country/q801,country,Israel,,Israeli,,,https://www.wikidata.org/wiki/Q801,Q801\n"
                  "person/a,person,Ann Able,Able,,,,s,\nperson/b,person,Bob Able,Able,,,,s,\n"
                  "person/c,person,Cid Cee,,,,,s,\n"),
        positions=("person/c,role/prime_minister,country/q801,2023,,s,,\n"  # the curated PM then: dropped
                   "person/a,role/president,country/qatar,2010,2012,s,,\n"
                   "person/b,role/president,country/qatar,2011,2013,s,,\n"),
    )
    ref = load_reference([BASE, layer], layers=False)
    assert "country/q801" not in ref.entities  # the same Wikidata item as the curated Israel
    assert not ref.positions_of("person/c")  # the curated prime minister wins
    assert ref.resolve("Able") is None and {e.id for e in ref.candidates("Able")} == {"person/a", "person/b"}
    kinds = sorted(c.kind for c in ref.conflicts)
    assert kinds == ["alias", "office", "office"]
    office = [c for c in ref.conflicts if c.kind == "office" and "two holders of one office" in c.message]
    assert len(office) == 1 and office[0].line == 4 and "term of person/b as role/president" in office[0].message


def test_the_same_alias_twice_in_the_curated_base_is_still_an_error(tmp_path: Path) -> None:
    import shutil

    base = tmp_path / "base"
    shutil.copytree(BASE, base, ignore=shutil.ignore_patterns("layers"))
    (base / "meta.yaml").write_text("snapshot: 2026-01-01\n", encoding="utf-8")
    with (base / "entities.csv").open("a", encoding="utf-8") as handle:
        handle.write("person/other_barnea,person,Shlomo Barnea,Barnea,,,,https://example.org,\n")
    with pytest.raises(ReferenceDataError, match="also names person/david_barnea"):
        load_reference(base)


def test_layers_come_from_meta_yaml_and_from_the_command_line(tmp_path: Path) -> None:
    ref = load_reference()
    assert [layer.name for layer in ref.layers] == ["wikidata-newspapers"]
    assert ref.layers[0].meta["source_name"] == "Wikidata" and ref.layers[0].rows["outlets.csv"] == 5899
    extra = _layer(tmp_path / "beat", entities="person/x,person,Xavier Quux,,,,,https://example.org,\n")
    both = load_reference([extra])  # a layer alone goes on top of the default base and its layers
    assert [layer.name for layer in both.layers] == ["wikidata-newspapers", "beat"]
    assert both.fingerprint != ref.fingerprint and both.resolve("Xavier Quux") is not None
    assert len(load_reference(layers=False).entities) == 80


def test_two_base_folders_are_refused(tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(BASE, other, ignore=shutil.ignore_patterns("layers"))
    with pytest.raises(ReferenceDataError, match="only one base reference"):
        load_reference([BASE, other])


def test_a_missing_layer_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    import shutil

    base = tmp_path / "base"
    shutil.copytree(BASE, base, ignore=shutil.ignore_patterns("layers"))
    with pytest.raises(ReferenceDataError, match="reference layer folder not found"):
        load_reference(base)


# --------------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------------


def test_ambiguous_names_are_picked_by_context(tmp_path: Path) -> None:
    layer = _layer(
        tmp_path / "l",
        entities="person/a,person,Ann Able,Able,,,,s,\nperson/b,person,Bob Able,Able,,,,s,\n",
        positions="person/a,role/president,country/qatar,2010,2012,s,,\nperson/b,role/ceo,country/poland,2011-05-01,,s,,\n",
    )
    ref = load_reference([BASE, layer], layers=False)
    assert not ref.conflicts or all(c.kind == "alias" for c in ref.conflicts)
    assert ref.pick("Able", type="person") is None  # no clue
    assert ref.pick("Able", type="person", role_id="role/president").id == "person/a"  # type: ignore[union-attr]
    assert ref.pick("Able", type="person", of="country/poland").id == "person/b"  # type: ignore[union-attr]
    assert ref.pick("Able", type="person", role_id="role/president", on=date(2015, 1, 1)) is None
    assert ref.pick("Ann Able").id == "person/a"  # type: ignore[union-attr]


def test_name_fragments_and_common_words() -> None:
    ref = load_reference()
    assert ref.is_name_fragment("person/isaac_herzog", "Herzog")
    assert not ref.is_name_fragment("person/isaac_herzog", "Isaac Herzog")
    assert ref.resolve("Le Figaro").source == "https://www.wikidata.org/wiki/Q216047"  # type: ignore[union-attr]
    for common in ("Air Force", "American", "The Chief", "Dawn", "New Age"):
        assert ref.resolve(common) is None, common  # papers named by common words never link alone
    assert ref.resolve("Iran").type == "country"  # type: ignore[union-attr]  # a country keeps its name


# --------------------------------------------------------------------------------------------------
# the whole kit on articles of our own
# --------------------------------------------------------------------------------------------------

ARTICLES = {
    "figaro-right": ("2023-06-06", "The French newspaper Le Figaro reported on Tuesday that the talks would resume."),
    "figaro-wrong": ("2023-06-06", "The German newspaper Le Figaro reported on Tuesday that the talks would resume."),
    "elpais": ("2023-06-06", "The Spanish newspaper El País reported on Tuesday that the talks would resume."),
    "guardian": ("2023-06-06", "The Nigerian newspaper The Guardian reported that the vote was delayed."),
    "times": ("2023-06-06", "The American newspaper The Times reported that the vote was delayed."),
    "acme": ("2023-06-01", "Acme Corp CFO Jane Doe said on Thursday that the quarter had been strong."),
    "acme-right": ("2023-06-01", "Acme Corp CEO Jane Doe said on Thursday that the quarter had been strong."),
    "scholz": ("2023-06-01", "British Prime Minister Olaf Scholz said on Thursday that the talks would go on."),
    "johnson-after": ("2022-09-07", "British Prime Minister Boris Johnson said on Wednesday that the talks would go on."),
    "johnson-before": ("2022-09-05", "British Prime Minister Boris Johnson said on Monday that the talks would go on."),
    "cameron-uncertain": ("2023-06-01", "British Foreign Minister David Cameron said on Thursday that the talks would go on."),
    "cleverly-after": ("2024-02-01", "British Foreign Minister James Cleverly said on Thursday that the talks would go on."),
    "suga-month": ("2020-09-10", "Japanese Prime Minister Yoshihide Suga said on Thursday that the talks would go on."),
    "suga-before": ("2020-08-06", "Japanese Prime Minister Yoshihide Suga said on Thursday that the talks would go on."),
    "ambassador": ("2023-12-18", "Israel's ambassador to the United States, Michael Herzog, said on Monday that the "
                                 "talks would go on. Ambassador Herzog told reporters that he was hopeful."),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    from claimkit import pipeline
    from claimkit.errors import ModelNotFoundError
    from claimkit.tables import conform

    folder = tmp_path_factory.mktemp("layers")
    plain = folder / "acme.csv"
    plain.write_text("person,role,of,start,end,source\n"
                     "Jane Doe,chief executive,Acme Corp,2020-01-01,,https://acme.example/board\n"
                     "John Roe,CFO,Acme Corp,2021-03-01,,https://acme.example/board\n", encoding="utf-8")
    recorded = [RECORDED / f"{n}.json" for n in ("countries", "heads", "ministers", "labels")]
    offices = import_files([*recorded, plain], folder / "offices", base=BASE, snapshot="2026-01-01").directory
    reference = load_reference([offices])
    rows = [{"article_id": key, "path": f"{key}.md", "text": text, "published": day, "title": key}
            for key, (day, text) in ARTICLES.items()]
    articles = conform(rows, "articles")
    try:
        extracted = pipeline.extract(articles, reference=reference)
    except ModelNotFoundError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(str(exc))
    return pipeline.check(extracted.articles, extracted.claims, extracted.mentions, reference=reference)


def _of(findings: pd.DataFrame, article: str, kind: str | None = None) -> pd.DataFrame:
    rows = findings[findings.article_id == article]
    return rows[rows.kind.isin(["role_conflict", "outlet_conflict", "title_mismatch"])] if kind is None else rows[rows.kind == kind]


@pytest.mark.model
def test_a_newspaper_from_the_layer_called_by_the_wrong_country(findings: pd.DataFrame) -> None:
    (row,) = _of(findings, "figaro-wrong").to_dict("records")
    assert (row["kind"], row["severity"], row["text"]) == ("outlet_conflict", "high", "German newspaper Le Figaro")
    assert row["reference_source"] == "https://www.wikidata.org/wiki/Q216047"
    assert "Wikidata" in row["explanation"] and "French newspaper" in row["expected"]
    assert _of(findings, "figaro-right").empty


@pytest.mark.model
@pytest.mark.parametrize("article", ["elpais", "guardian", "times"])
def test_an_outlet_name_several_papers_share_is_not_checked(findings: pd.DataFrame, article: str) -> None:
    assert _of(findings, article).empty


@pytest.mark.model
def test_swapped_chief_executive_and_finance_chief(findings: pd.DataFrame) -> None:
    (row,) = _of(findings, "acme").to_dict("records")
    assert (row["kind"], row["severity"]) == ("role_conflict", "high")
    assert row["expected"] == "John Roe (cfo of Acme Corp)" and "Jane Doe was chief executive" in row["explanation"]
    assert _of(findings, "acme-right").empty


@pytest.mark.model
def test_a_head_of_government_with_the_wrong_country(findings: pd.DataFrame) -> None:
    (row,) = _of(findings, "scholz").to_dict("records")
    assert (row["kind"], row["severity"]) == ("role_conflict", "high")
    assert row["expected"].startswith("Rishi Sunak (prime minister of the United Kingdom")
    assert "dates to the day, per Wikidata" in row["explanation"]
    assert "Olaf Scholz was chancellor of Germany" in row["explanation"]


@pytest.mark.model
def test_day_precision_around_a_handover(findings: pd.DataFrame) -> None:
    (row,) = _of(findings, "johnson-after").to_dict("records")
    assert row["expected"].startswith("Liz Truss")
    assert _of(findings, "johnson-before").empty


@pytest.mark.model
def test_nothing_inside_an_uncertain_year_or_month(findings: pd.DataFrame) -> None:
    assert _of(findings, "cameron-uncertain").empty  # the predecessor's term ended "in 2023"
    assert _of(findings, "suga-month").empty  # began "in September 2020"
    (after,) = _of(findings, "cleverly-after").to_dict("records")
    assert after["expected"].startswith("David Cameron")
    (before,) = _of(findings, "suga-before").to_dict("records")
    assert before["expected"].startswith("Shinzo Abe")


@pytest.mark.model
def test_a_surname_shared_with_the_president_names_the_ambassador(findings: pd.DataFrame) -> None:
    assert _of(findings, "ambassador").empty


def test_the_ruler_is_built_once_per_reference_content_and_then_read_from_disk(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = ("from claimkit.reference import load_reference\nfrom claimkit.nlp import build_pipeline\n"
            "nlp = build_pipeline(load_reference(), fast=True)\nmeta = nlp.meta['claimkit']\n"
            "print(meta['ruler_from_cache'], meta['ruler_patterns'], [(e.text, e.ent_id_) for e in nlp('Le Figaro and Barnea').ents])")
    env = {**os.environ, "CLAIMKIT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
            for _ in range(2)]
    assert runs[0].startswith("False ") and runs[1].startswith("True ")
    assert runs[0].split(" ", 1)[1] == runs[1].split(" ", 1)[1]  # the same patterns, the same entities
    assert "outlet/q216047" in runs[1] and "person/david_barnea" in runs[1]
    assert len(list((tmp_path / "cache").glob("ruler-*.pickle"))) == 1
