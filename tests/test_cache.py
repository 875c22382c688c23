"""The extraction cache: a re-run reads unchanged articles back, extracts only new or changed ones, and
never mixes extractions made with other settings (fast mode, another reference)."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from claimkit import cache, pipeline
from claimkit.errors import ReferenceMismatchError
from claimkit.paths import raw_dir
from claimkit.reference import load_reference

TABLES = ("articles", "claims", "mentions", "findings", "propositions")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the sample articles (data/raw is never modified)."""
    return Path(shutil.copytree(raw_dir(), tmp_path / "raw"))


def _run(corpus: Path, out: Path, **kwargs) -> pipeline.RunResult:
    return pipeline.run([corpus], out, fast=True, **kwargs)


def _record(out: Path) -> dict:
    return json.loads((out / "run.json").read_text())


def _same_tables(a: pipeline.RunResult, b: pipeline.RunResult) -> None:
    for name in TABLES:
        left, right = getattr(a, name), getattr(b, name)
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True), obj=name)


def test_a_rerun_of_an_unchanged_corpus_reads_every_article_from_the_cache(corpus, tmp_path):
    cold = _run(corpus, tmp_path / "out")
    assert _record(tmp_path / "out")["cache"]["extracted"] == len(cold.articles) > 0
    warm = _run(corpus, tmp_path / "out")
    used = _record(tmp_path / "out")["cache"]
    assert used["hits"] == len(cold.articles) and used["extracted"] == 0
    _same_tables(cold, warm)


def test_a_changed_or_new_article_is_extracted_and_the_checks_see_the_whole_corpus(corpus, tmp_path):
    _run(corpus, tmp_path / "out")
    changed = sorted(corpus.glob("*.md"))[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("\n\n", "\n\nTalks resumed on Monday.\n\n", 1),
                       encoding="utf-8")
    (corpus / "new.md").write_text("---\ntitle: New\nsource: The Test Wire\npublished: 2023-12-21\n---\n"
                                   "Qatar said on Wednesday that 105 hostages were freed.\n", encoding="utf-8")
    again = _run(corpus, tmp_path / "out")
    used = _record(tmp_path / "out")["cache"]
    assert used["extracted"] == 2 and used["hits"] == len(again.articles) - 2
    fresh = _run(corpus, tmp_path / "fresh", use_cache=False)
    assert _record(tmp_path / "fresh")["cache"] is None
    _same_tables(fresh, again)  # the same tables as extracting everything, findings included


def test_other_settings_never_meet_an_entry_made_with_these(tmp_path, reference):
    from claimkit.layers import new_layer

    layer = new_layer(tmp_path / "layer")
    (layer / "entities.csv").write_text((layer / "entities.csv").read_text(encoding="utf-8")
                                        + "person/test_x,person,Testa Person,,,,,made up,\n", encoding="utf-8")
    layered = load_reference([layer])
    keys = {cache.settings_key(reference, fast=True), cache.settings_key(reference, fast=False),
            cache.settings_key(layered, fast=True)}
    assert len(keys) == 3
    assert cache.settings_key(load_reference(), fast=True) == cache.settings_key(reference, fast=True)


def test_the_article_key_is_its_id_text_and_date():
    article = {"article_id": "a1", "text": "Some text.", "published": "2023-12-20", "path": "a.md"}
    key = cache.article_key(article)
    assert cache.article_key({**article, "path": "moved/a.md"}) == key
    for change in ({"text": "Some text!"}, {"article_id": "a2"}, {"published": "2023-12-21"}):
        assert cache.article_key({**article, **change}) != key


def test_damaged_entries_and_left_over_temporaries_are_ignored(tmp_path, reference):
    store = cache.ExtractionCache.open(tmp_path / "c", reference, fast=True)
    rows = cache.ArticleRows("2023-12-20", [], [{"claim_id": "c1"}], [])
    store.put("ab" * 32, rows)
    assert store.get("ab" * 32) == rows
    assert not list(store.folder.rglob("*.tmp"))
    (store.folder / "cd").mkdir()
    (store.folder / "cd" / ("cd" * 32)).write_bytes(b"\x80 not a pickle")  # a torn or foreign file
    (store.folder / "ef").mkdir()
    (store.folder / "ef" / f".{'ef' * 8}.x.tmp").write_bytes(pickle.dumps(tuple(rows)))  # killed mid-write
    assert store.get("cd" * 32) is None and store.get("ef" * 32) is None
    store.put("01" * 32, rows._replace(ok=False))  # a failed extraction is never kept
    assert store.get("01" * 32) is None


def test_cache_clear_empties_it_and_no_cache_stores_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    _run(corpus, out, use_cache=False)
    assert not (out / ".cache").exists()
    first = _run(corpus, out)
    cleared = subprocess.run([sys.executable, "-m", "claimkit.cli", "cache", "clear", "--out", str(out)],
                             capture_output=True, text=True)
    assert cleared.returncode == 0, cleared.stderr
    assert f"removed {len(first.articles)} cached" in cleared.stdout
    _run(corpus, out)
    assert _record(out)["cache"]["hits"] == 0


def test_a_cache_folder_can_be_given_and_is_shared_by_output_folders(corpus, tmp_path):
    shared = tmp_path / "shared-cache"
    _run(corpus, tmp_path / "a", cache_dir=shared)
    _run(corpus, tmp_path / "b", cache_dir=shared)
    assert _record(tmp_path / "b")["cache"]["extracted"] == 0
    assert not (tmp_path / "a" / ".cache").exists()


def test_the_reference_ships_by_content_and_is_checked_where_it_lands(reference):
    data = cache.reference_bytes(reference)
    again = cache.reference_from_bytes(data, reference.fingerprint)
    assert again.fingerprint == reference.fingerprint and again.folders == reference.folders
    with pytest.raises(ReferenceMismatchError, match="same claimkit version"):
        cache.reference_from_bytes(data, "0" * 64)


def test_the_run_record_names_every_reference_layer(corpus, tmp_path):
    from claimkit.layers import new_layer

    layer = new_layer(tmp_path / "beat")
    (layer / "entities.csv").write_text((layer / "entities.csv").read_text(encoding="utf-8")
                                        + "person/test_y,person,Testy Person,,,,,made up,\n", encoding="utf-8")
    base = load_reference()
    _run(corpus, tmp_path / "out", reference_dir=[layer])
    record = _record(tmp_path / "out")
    assert str(layer.resolve()) in record["reference_args"]
    names = [entry["directory"] for entry in record["reference_layers"]]
    assert str(layer) in names and len(names) == len(base.layers) + 1
    assert pipeline.reference_of(tmp_path / "out").fingerprint == record["reference_fingerprint"]
