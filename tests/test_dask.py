"""Extraction in worker processes and on a real Dask cluster gives the tables of one local process.

A few hundred articles made at test time from Wikinews text in the repository (benchmarks/corpus.py),
extracted with ``--fast`` (the statistical model would make this minutes; the code paths are the same).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.corpus import make_corpus
from claimkit import pipeline, store, workers
from claimkit.articles import ingest

pytestmark = [pytest.mark.e2e]
TABLES = ("articles", "claims", "mentions", "findings", "propositions")
N = 240


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), N)


@pytest.fixture(scope="module")
def layer(tmp_path_factory) -> Path:
    """A layer naming someone the corpus mentions, so its mentions show whether workers had it."""
    from claimkit.layers import new_layer

    folder = new_layer(tmp_path_factory.mktemp("layers") / "beat")
    with (folder / "entities.csv").open("a", encoding="utf-8") as handle:
        handle.write("person/test_urbanski,person,Michael Urbanski,Urbanski,,,US federal judge,made up for a test,\n")
    return folder


@pytest.fixture(scope="module")
def local(corpus, layer, tmp_path_factory) -> pipeline.RunResult:
    return pipeline.run([corpus], tmp_path_factory.mktemp("local"), fast=True, use_cache=False,
                        reference_dir=[layer])


def _same(a: pipeline.RunResult, b: pipeline.RunResult) -> None:
    for name in TABLES:
        left, right = getattr(a, name), getattr(b, name)
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True), obj=name)


def test_the_layer_reaches_the_extraction(local):
    assert (local.mentions["entity_id"] == "person/test_urbanski").any()


def test_two_worker_processes_give_the_tables_of_one(local, corpus, layer, tmp_path):
    parallel = pipeline.run([corpus], tmp_path, fast=True, workers=2, use_cache=False, reference_dir=[layer])
    assert len(parallel.articles) == N
    _same(local, parallel)


def test_a_local_dask_cluster_of_two_workers_gives_the_tables_of_one_process(local, corpus, layer, tmp_path):
    """A real LocalCluster (2 worker processes): the corpus is scattered batch by batch, never put in the
    graph; the reference and its layer travel by content; the outputs are one catalog."""
    done = pipeline.run([corpus], tmp_path, fast=True, workers=2, scheduler="local", use_cache=False,
                        reference_dir=[layer])
    _same(local, done)
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["scheduler"] == "local" and str(layer) in [x["directory"] for x in record["reference_layers"]]
    with store.connect(tmp_path) as con:
        assert con.execute("select count(*) from claims").fetchone() == (len(local.claims),)


def test_a_dask_worker_extracts_scattered_batches_with_the_reference_it_was_sent(corpus, layer):
    """A task gets its batch and the reference as scattered data (futures, not graph arguments); a
    worker handed a reference whose fingerprint is not the run's refuses it."""
    from dask.distributed import Client, LocalCluster

    from claimkit.cache import reference_bytes
    from claimkit.reference import load_reference

    reference = load_reference([layer])
    records = ingest([corpus]).articles.drop(columns=["warnings"]).to_dict("records")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        shipped = client.scatter(reference_bytes(reference), broadcast=True)
        [data] = client.scatter([records[:32]])
        future = client.submit(workers._dask_task, data, shipped, reference.fingerprint, True, pure=False)
        rows = future.result()
        assert len(rows) == 32 and all(r.ok for r in rows)
        wrong = client.submit(workers._dask_task, data, shipped, "0" * 64, True, pure=False)
        with pytest.raises(Exception, match="same claimkit version"):
            wrong.result()


def test_spawned_workers_receive_the_reference_by_content(local, corpus, layer, tmp_path, monkeypatch):
    """Where processes cannot fork, each worker is spawned with the reference's bytes: same tables."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned = pipeline.run([corpus], tmp_path, fast=True, workers=2, use_cache=False, reference_dir=[layer])
    _same(local, spawned)
