"""`claimkit reference update` against a real HTTP server on 127.0.0.1 answering from recorded Query
Service results, `claimkit reference import` of results files, plain lists and the staged Wikidata
newspaper export, and the atomic writing of layers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from claimkit.errors import ReferenceImportError, ReferenceUpdateError
from claimkit.layers import import_files, new_layer, update_layer
from claimkit.reference import load_reference, validate_reference
from claimkit.wikidata import LayerBuilder, Results, Value, load_queries, parse_results, time_value

from tests.wikidata_server import RECORDED, Fault, serve

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "data" / "reference"
NEWSPAPERS = ROOT.parent / "shared" / "reference-data" / "wikidata-newspapers" / "wikidata_query_result.json"


def _update(folder: Path, url: str, **options):  # type: ignore[no-untyped-def]
    options.setdefault("page_size", 4)
    options.setdefault("label_batch", 10)
    options.setdefault("sleep", lambda seconds: None)
    return update_layer(folder, endpoint=url, base=BASE, **options)


# --------------------------------------------------------------------------------------------------
# update against the test server
# --------------------------------------------------------------------------------------------------


def test_update_pages_through_every_query_and_writes_a_valid_layer(tmp_path: Path) -> None:
    folder = tmp_path / "wikidata"
    with serve() as (url, log):
        result = _update(folder, url)
    heads = [r["offset"] for r in log.requests if r["query"] == "heads"]
    assert heads == [0, 4, 8, 12]  # 14 recorded rows, 4 per page: the last page is short
    assert {r["query"] for r in log.requests} == {"countries", "outlets", "heads", "ministers", "organisations",
                                                  "companies", "labels"}
    assert all(r["user_agent"].startswith("claimkit/") and r["accept"] == "application/sparql-results+json"
               for r in log.requests)
    assert validate_reference([BASE, folder], layers=False) == []
    meta = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["kind"] == "layer" and meta["endpoint"] == url and len(meta["query_sha256"]) == 64
    assert meta["rows"] == result.rows and meta["rows"]["positions"] == 21
    assert date.fromisoformat(meta["snapshot"])
    assert result.skipped == {"office the kit's roles cannot name": 1}
    positions = (folder / "positions.csv").read_text(encoding="utf-8")
    assert all("https://www.wikidata.org/wiki/Q" in line for line in positions.splitlines()[1:])


def test_update_keeps_precision_aliases_and_offices(tmp_path: Path) -> None:
    with serve() as (url, _):
        ref = _update(tmp_path / "wd", url).reference
    assert ref is not None
    scholz = ref.resolve("Olaf Scholz")
    assert scholz is not None and "Олаф Шольц" in scholz.aliases and "אולף שולץ" in scholz.aliases
    assert ref.resolve("Шольц") is None  # only whole names, as Wikidata gives them
    (chancellor,) = ref.positions_of(scholz.id)
    assert (chancellor.role, ref.entities[chancellor.of].name) == ("role/chancellor", "Germany")
    abe = ref.resolve("Shinzo Abe")
    assert abe is not None and len(ref.positions_of(abe.id)) == 2  # an office held twice
    sunak = ref.resolve("Rishi Sunak")
    assert sunak is not None and {p.role for p in ref.positions_of(sunak.id)} == {"role/prime_minister",
                                                                                   "role/finance_minister"}
    (suga,) = ref.positions_of(ref.resolve("Yoshihide Suga").id)  # type: ignore[union-attr]
    assert (suga.start, suga.start_precision) == (date(2020, 9, 1), "month")
    (cleverly,) = ref.positions_of(ref.resolve("James Cleverly").id)  # type: ignore[union-attr]
    assert (cleverly.end, cleverly.end_precision) == (date(2023, 1, 1), "year")
    france = ref.entity_for_adjective("French")
    assert france is not None and france.name == "France"
    assert ref.entity_for_adjective("British").id == "country/uk"  # type: ignore[union-attr]  # curated row wins
    guterres = ref.resolve("Antonio Guterres")
    assert guterres is not None and ref.positions_of(guterres.id)[0].role == "role/secretary_general"
    assert ref.resolve("Tim Cook") is not None and ref.resolve("Le Monde").country == "country/q142"  # type: ignore[union-attr]


def test_update_honours_retry_after_on_429_and_retries_a_503(tmp_path: Path) -> None:
    waits: list[float] = []
    faults = {2: Fault(status=429, headers={"Retry-After": "7"}), 5: Fault(status=503)}
    with serve(faults) as (url, log):
        result = _update(tmp_path / "wd", url, sleep=waits.append)
    assert waits[0] == 7.0 and waits[1] == 2.0  # the server's word, then a backoff without one
    assert log.requests[1]["offset"] == log.requests[2]["offset"]  # the same page asked again
    assert result.rows["positions"] == 21


def test_update_gives_up_when_asked_to_wait_too_long(tmp_path: Path) -> None:
    folder = tmp_path / "wd"
    with serve({1: Fault(status=429, headers={"Retry-After": "3600"})}) as (url, _):
        with pytest.raises(ReferenceUpdateError, match="asks to wait 3600 s"):
            _update(folder, url)
    assert not folder.exists()


def test_update_halves_the_page_after_a_timeout(tmp_path: Path) -> None:
    with serve({1: Fault(delay=1.5)}) as (url, log):
        result = _update(tmp_path / "wd", url, page_size=8, timeout=0.5)
    countries = [r for r in log.requests if r["query"] == "countries"]
    assert len(countries) >= 2 and result.rows["entities"] > 0
    assert "LIMIT" not in str(countries)  # the log holds offsets only; the retry asked the same offset
    assert countries[0]["offset"] == countries[1]["offset"] == 0


@pytest.mark.parametrize("body", [b"<html>upstream error</html>", b'{"head": {"vars": []}}', b'{"results": 3}'])
def test_update_refuses_a_malformed_answer_and_keeps_the_old_layer(tmp_path: Path, body: bytes) -> None:
    folder = tmp_path / "wd"
    with serve() as (url, _):
        _update(folder, url)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with serve({3: Fault(body=body)}) as (url, _):
        with pytest.raises(ReferenceUpdateError, match="not SPARQL JSON results"):
            _update(folder, url)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["wd"]  # no half-written folder left beside it


def test_an_interrupted_update_keeps_the_old_layer(tmp_path: Path) -> None:
    folder = tmp_path / "wd"
    with serve() as (url, _):
        _update(folder, url)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with serve({6: Fault(drop=True)}) as (url, _):  # the connection drops in the middle of an answer
        with pytest.raises(ReferenceUpdateError):
            _update(folder, url)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert validate_reference([BASE, folder], layers=False) == []


def test_an_update_killed_in_the_middle_keeps_the_old_layer(tmp_path: Path) -> None:
    """A real process, stopped by a signal while the server is slow to answer."""
    folder = tmp_path / "wd"
    with serve() as (url, _):
        _update(folder, url)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with serve({3: Fault(delay=30)}) as (url, log):
        process = subprocess.Popen([sys.executable, "-m", "claimkit.cli", "reference", "update", str(folder),
                                    "--endpoint", url, "--page-size", "50", "--base", str(BASE)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if len(log.requests) >= 3:
                    break
                process.wait(timeout=0.05) if process.poll() is not None else __import__("time").sleep(0.05)
            process.terminate()
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_update_offline_is_one_clear_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.run([sys.executable, "-m", "claimkit.cli", "reference", "update", str(tmp_path / "wd"),
                              "--endpoint", f"http://127.0.0.1:{port}/sparql", "--base", str(BASE)],
                             capture_output=True, text=True, timeout=60)
    assert process.returncode == 2
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "[CK210] cannot reach" in lines[0] and "claimkit reference import" in lines[0]
    assert not (tmp_path / "wd").exists()


def test_update_dry_run_writes_nothing(tmp_path: Path) -> None:
    with serve() as (url, _):
        result = _update(tmp_path / "wd", url, dry_run=True)
    assert result.rows["positions"] == 21 and not (tmp_path / "wd").exists()


def test_client_reads_an_http_date_in_retry_after() -> None:
    from claimkit.wikidata import _retry_after

    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1) == 0.0  # in the past: no wait
    assert _retry_after("12", 1) == 12.0 and _retry_after(None, 3) == 8.0


def test_cli_update_against_the_test_server(tmp_path: Path) -> None:
    folder = tmp_path / "wd"
    with serve() as (url, _):
        process = subprocess.run([sys.executable, "-m", "claimkit.cli", "reference", "update", str(folder),
                                  "--endpoint", url, "--page-size", "50", "--base", str(BASE)],
                                 capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    assert f"wrote {folder}" in process.stdout and "21 positions" in process.stdout
    check = subprocess.run([sys.executable, "-m", "claimkit.cli", "reference", "check", str(BASE), str(folder)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and check.stdout.strip().endswith("valid")


# --------------------------------------------------------------------------------------------------
# results formats and import
# --------------------------------------------------------------------------------------------------


def _csv_of(name: str) -> str:
    """A recorded JSON answer as the Query Service's CSV format: plain values, no language tags."""
    data = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
    names = data["head"]["vars"]
    lines = [",".join(names)]
    for row in data["results"]["bindings"]:
        cells = [row.get(n, {}).get("value", "") for n in names]
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    return "\r\n".join(lines) + "\r\n"


def test_import_json_and_csv_results_give_the_same_terms(tmp_path: Path) -> None:
    json_files = [RECORDED / f"{n}.json" for n in ("countries", "heads", "labels")]
    for name in ("countries", "heads", "labels"):
        (tmp_path / f"{name}.csv").write_text(_csv_of(name), encoding="utf-8")
    a = import_files(json_files, tmp_path / "from-json", base=BASE)
    b = import_files([tmp_path / f"{n}.csv" for n in ("countries", "heads", "labels")], tmp_path / "from-csv", base=BASE)
    assert a.rows == b.rows and a.rows["positions"] == 13
    assert (tmp_path / "from-json" / "positions.csv").read_text() == (tmp_path / "from-csv" / "positions.csv").read_text()


def test_import_of_a_plain_list(tmp_path: Path) -> None:
    plain = tmp_path / "acme.csv"
    plain.write_text("person,role,of,start,end,source\n"
                     "Jane Doe,chief executive,Acme Corp,2020-01-01,,https://acme.example/board\n"
                     "John Roe,CFO,Acme Corp,2021-03,,https://acme.example/board\n"
                     "Mohammed bin Salman,role/king,Saudi Arabia,2030,,https://example.org/guess\n", encoding="utf-8")
    result = import_files([plain], tmp_path / "acme", base=BASE)
    ref = result.reference
    assert ref is not None and result.rows == {"entities": 3, "outlets": 0, "positions": 3}
    acme = ref.resolve("Acme Corp")
    assert acme is not None and acme.type == "organisation"
    assert [p.role for p in ref.holders("role/cfo", acme.id)] == ["role/cfo"]
    # the curated reference has King Salman with no end: the layer's term is dropped and reported
    assert not [p for p in ref.positions_of("person/mohammed_bin_salman") if p.origin]
    (conflict,) = [c for c in ref.conflicts if c.kind == "office"]
    assert conflict.path.endswith("positions.csv") and conflict.line == 2 and "the curated term is used" in conflict.message


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("person,role,of,start,source\n", 1, "missing column(s): end"),
        ("person,role,of,start,end,source\nJane Doe,astronaut,Acme,2020-01-01,,src\n", 2, "unknown role 'astronaut'"),
        ("person,role,of,start,end,source\nJane Doe,CFO,Acme,01/02/2020,,src\n", 2, "malformed date '01/02/2020'"),
        ("person,role,of,start,end,source\n\nJane Doe,CFO,Acme,2020,,\n", 3, "empty `source`"),
    ],
)
def test_import_of_a_bad_plain_list_names_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    plain = tmp_path / "list.csv"
    plain.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceImportError) as raised:
        import_files([plain], tmp_path / "layer", base=BASE)
    assert raised.value.line == line and problem in str(raised.value) and "list.csv" in str(raised.value)
    assert not (tmp_path / "layer").exists()


def test_import_refuses_results_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"head": {"vars": ["x"]}, "results": {"bindings": [', encoding="utf-8")
    with pytest.raises(ReferenceImportError, match=r"bad.json:1: not SPARQL JSON results"):
        import_files([bad], tmp_path / "layer", base=BASE)
    odd = tmp_path / "odd.json"
    odd.write_text('{"head": {"vars": ["x"]}, "results": {"bindings": []}}', encoding="utf-8")
    with pytest.raises(ReferenceImportError, match="cannot tell what these results hold"):
        import_files([odd], tmp_path / "layer", base=BASE)


@pytest.mark.skipif(not NEWSPAPERS.is_file(), reason="the staged newspaper export is not beside the project")
def test_import_of_the_staged_newspapers(tmp_path: Path) -> None:
    result = import_files([NEWSPAPERS], tmp_path / "news", base=BASE, snapshot="2023-04-29")
    assert result.rows["outlets"] == 5899  # 6,849 items less 950 without an English label
    assert result.skipped == {"outlet without an English or other label": 950}
    ref = result.reference
    assert ref is not None
    figaro = ref.resolve("Le Figaro")
    assert figaro is not None and figaro.source == "https://www.wikidata.org/wiki/Q216047"
    assert ref.entities[figaro.country].name == "France" and figaro.language == "fr"  # type: ignore[index]
    assert ref.resolve("Haaretz").id == "outlet/haaretz"  # type: ignore[union-attr]  # the curated row wins
    assert ref.entities["outlet/q183644"].all_countries == ("country/russia", "country/q15180")  # curated Russia
    assert ref.is_ambiguous("Pravda") and ref.is_ambiguous("El País")  # two of each
    assert ref.resolve("The Guardian") is None and ref.resolve("Iran").type == "country"  # type: ignore[union-attr]
    committed = ROOT / "data" / "reference" / "layers" / "wikidata-newspapers"
    assert (tmp_path / "news" / "outlets.csv").read_bytes() == (committed / "outlets.csv").read_bytes()
    assert (tmp_path / "news" / "entities.csv").read_bytes() == (committed / "entities.csv").read_bytes()


def test_time_values_keep_their_precision() -> None:
    def value(text: str, precision: str) -> tuple[Value, Value]:
        return Value(text), Value(precision)

    assert time_value(*value("2023-06-15T00:00:00Z", "11")) == ("2023-06-15", "day")
    assert time_value(*value("2023-06-01T00:00:00Z", "10")) == ("2023-06", "month")
    assert time_value(*value("2023-01-01T00:00:00Z", "9")) == ("2023", "year")
    assert time_value(*value("1990-01-01T00:00:00Z", "8")) is None  # a decade: too vague
    assert time_value(*value("-0044-03-15T00:00:00Z", "11")) is None


def test_parse_results_csv_and_json_agree() -> None:
    text = _csv_of("companies")
    from_csv = parse_results(text, fmt="csv", where="x", error=ReferenceImportError)
    from_json = parse_results((RECORDED / "companies.json").read_bytes(), fmt="json", where="x", error=ReferenceImportError)
    assert from_csv.vars == from_json.vars
    assert [{k: v.value for k, v in r.items()} for r in from_csv.rows] == \
           [{k: v.value for k, v in r.items()} for r in from_json.rows]


def test_queries_ship_with_the_kit() -> None:
    queries = load_queries()
    assert set(queries) == {"countries", "outlets", "heads", "ministers", "organisations", "companies", "labels"}
    for query in queries.values():
        assert query.text.startswith(f"#claimkit-query: {query.name}")
        if query.name != "labels":
            assert query.paged and "LIMIT 10 OFFSET 20" in query.page(10, 20)
    labels = queries["labels"].for_items(["Q1", "Q2"])
    assert "wd:Q1 wd:Q2" in labels and '"en", "ar", "he", "fr", "es", "ru", "zh", "de"' in labels


def test_labels_of_an_item_without_an_english_label(tmp_path: Path) -> None:
    builder = LayerBuilder(load_reference(BASE, layers=False))
    outlets = Results(["item", "itemLabel"], [{"item": Value("http://www.wikidata.org/entity/Q5"), "itemLabel": Value("Q5")}])
    builder.add_outlets(outlets)
    labels = Results(["item", "name", "lang", "type"], [
        {"item": Value("http://www.wikidata.org/entity/Q5"), "name": Value("Le Journal", "fr"), "lang": Value("fr"),
         "type": Value("label")}])
    builder.add_labels(labels)
    (row,) = builder.tables()["outlets.csv"]
    assert row["name"] == "Le Journal"


# --------------------------------------------------------------------------------------------------
# writing layers
# --------------------------------------------------------------------------------------------------


def test_a_layer_that_does_not_validate_is_not_written(tmp_path: Path) -> None:
    from claimkit.layers import write_layer

    folder = tmp_path / "layer"
    new_layer(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    rows = {"positions.csv": [{"person": "person/nobody", "role": "role/king", "of": "country/qatar", "start": "2020",
                               "source": "x"}]}
    with pytest.raises(ReferenceUpdateError, match="unknown id 'person/nobody'"):
        write_layer(folder, rows, {"name": "layer", "snapshot": "2024-01-01"}, base=BASE)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_reference_new_gives_a_template_that_validates(tmp_path: Path) -> None:
    folder = new_layer(tmp_path / "beat")
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "entities.csv", "events.csv", "meta.yaml",
                                                        "outlets.csv", "positions.csv", "roles.csv"]
    assert validate_reference([BASE, folder], layers=False) == []
    with pytest.raises(Exception, match="not empty"):
        new_layer(folder)
    shutil.rmtree(folder)
