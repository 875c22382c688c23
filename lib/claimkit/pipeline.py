"""The main job: ingest → extract → check → store, as plain functions over tables.

Each step takes and returns DataFrames, so a notebook can stop after any of them. ``run`` chains them
and publishes every table to one folder as one generation (all at once or not at all; see ``store``),
holding the folder's lock from start to end; the same steps run on a Dask cluster with ``scheduler=``.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

import pandas as pd

from . import review, store, tables
from .articles import MAX_BYTES, ingest
from .cache import ArticleRows, ExtractionCache, article_key, reference_bytes, reference_from_bytes
from .cache import default_dir as default_cache_dir
from .errors import ExtractionWarning, NoInputError, RejectedInputError, TableError, shown
from .corpus import reading_once
from .propositions import FactIndex
from .reference import Reference, load_reference

Progress = Callable[[int, int], None]
log = logging.getLogger("claimkit")


class Extracted(NamedTuple):
    """The extraction step's output: articles (with ``reference_date`` filled), claims, mentions."""

    articles: pd.DataFrame
    claims: pd.DataFrame
    mentions: pd.DataFrame


@dataclass
class RunResult:
    """What a run produced, for the CLI summary and for programmatic callers."""

    out_dir: Path
    articles: pd.DataFrame
    rejected: pd.DataFrame
    claims: pd.DataFrame
    mentions: pd.DataFrame
    findings: pd.DataFrame
    propositions: pd.DataFrame = field(default_factory=pd.DataFrame)
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: ingest, extract, check, write

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when some were rejected."""
        return 1 if len(self.rejected) else 0


def extract(
    articles: pd.DataFrame,
    *,
    reference: Reference | None = None,
    fast: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
) -> Extracted:
    """Extract every article's claims and mentions: read from ``cache`` when it holds the article (same
    content, same settings), else parsed once, in this process (``workers=1``), in ``workers`` local
    processes, or on a Dask cluster (``scheduler``); new extractions are added to the cache."""
    reference = reference if reference is not None else load_reference()
    records = articles.drop(columns=["warnings"], errors="ignore").to_dict("records")
    keys = [article_key(r) for r in records] if cache is not None else []
    results: list[ArticleRows | None] = [cache.get(k) for k in keys] if cache is not None else [None] * len(records)
    todo = [i for i, r in enumerate(results) if r is None]
    done = len(records) - len(todo)
    if progress and done:
        progress(done, len(records))
    batches = _batches(todo, records)
    if scheduler:
        stream = _on_dask(batches, records, reference=reference, fast=fast, scheduler=scheduler, workers=workers)
    elif workers > 1 and len(batches) > 1:
        stream = _on_processes(batches, records, reference=reference, fast=fast, workers=workers)
    else:
        stream = ((batch, extract_batch([records[i] for i in batch], reference, fast=fast)) for batch in batches)
    for batch, out in stream:
        for i, rows in zip(batch, out):
            results[i] = rows
            if cache is not None:
                cache.put(keys[i], rows)
        done += len(batch)
        if progress:
            progress(done, len(records))
    return _assemble(articles, [r for r in results if r is not None])


# A batch is whole articles: at most this many, or this many characters (a long text goes alone).
BATCH_ARTICLES = 32
BATCH_CHARS = 200_000


def _batches(indices: list[int], records: list[dict]) -> list[list[int]]:
    """``indices`` cut into batches of whole articles, bounded in count and characters."""
    batches: list[list[int]] = []
    current: list[int] = []
    chars = 0
    for i in indices:
        size = len(records[i].get("text") or "")
        if current and (len(current) >= BATCH_ARTICLES or chars + size > BATCH_CHARS):
            batches.append(current)
            current, chars = [], 0
        current.append(i)
        chars += size
    if current:
        batches.append(current)
    return batches


def extract_batch(records: list[dict], reference: Reference, *, fast: bool) -> list[ArticleRows]:
    """Extract a batch of articles in this process (its pipeline built once per process and kept):
    each article's rows as plain records, never Docs, so they cross process boundaries cheaply."""
    from .nlp import build_pipeline

    nlp = build_pipeline(reference, fast=fast)
    out: list[ArticleRows] = []
    for row, doc in zip(records, _parsed(nlp, [r.get("text") or "" for r in records])):
        result, ok = _extract_one(doc, row, reference)
        out.append(ArticleRows(result.reference_date, list(result.warnings), result.claims, result.mentions, ok))
    return out


def propositions(articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
                 *, reference: Reference | None = None) -> FactIndex:
    """What is the same fact: the claims grouped into propositions (see :mod:`claimkit.propositions`)."""
    from .propositions import index_facts

    reference = reference if reference is not None else load_reference()
    try:
        return index_facts(articles, claims, mentions, reference)
    except Exception as exc:  # noqa: BLE001 - a bug here must not cost the other checks' findings
        log.warning("the propositions stage failed; figures and dates are not compared: %s: %s",
                    type(exc).__name__, exc)
        return FactIndex([], [])


def check(articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
          *, reference: Reference | None = None, index: FactIndex | None = None) -> pd.DataFrame:
    """Every finding: conflicts with the reference, across articles, inside one, and damaged text.
    ``index`` is the propositions of :func:`propositions` (built here when not given)."""
    from .checks import run_checks

    reference = reference if reference is not None else load_reference()
    index = index if index is not None else propositions(articles, claims, mentions, reference=reference)
    return tables.conform(run_checks(articles, claims, mentions, reference, index=index), "findings")


def run(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    reference_dir: str | Path | None = None,
    fast: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
    wait: bool = True,
    on_wait: Callable[[str], object] | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
) -> RunResult:
    """ingest → extract → check, then publish every table (Parquet, CSV, DuckDB, ClaimReview drafts).

    Holds the lock of ``out_dir`` throughout: another run into it waits (``on_wait`` is told) or, with
    ``wait=False``, this one raises LockedError at once. Files over ``max_bytes`` are rejected unread.
    Articles extracted before with the same settings are read from the cache (``cache_dir``, default
    ``<out_dir>/.cache/extraction``; ``use_cache=False`` extracts everything and stores nothing); the
    propositions and the checks always run over the whole corpus.
    """
    started = time.perf_counter()
    with store.locked(out_dir, wait=wait, on_wait=on_wait):
        reference = load_reference(reference_dir)
        stages = {"reference": time.perf_counter() - started}
        ingested = ingest(inputs, max_bytes=max_bytes)
        stages["ingest"] = time.perf_counter() - started - sum(stages.values())
        if ingested.articles.empty:
            reasons = "; ".join(f"{shown(p)}: {shown(r)}"
                                for p, r in ingested.rejected[["path", "reason"]].itertuples(index=False))
            raise NoInputError("nothing could be read from the inputs" + (f" ({reasons})" if reasons else ""))
        if strict and len(ingested.rejected):
            raise RejectedInputError(ingested.rejected)
        cache = (ExtractionCache.open(cache_dir if cache_dir is not None else default_cache_dir(out_dir),
                                      reference, fast=fast) if use_cache else None)
        extracted = extract(ingested.articles, reference=reference, fast=fast, workers=workers,
                            scheduler=scheduler, progress=progress, cache=cache)
        stages["extract"] = time.perf_counter() - started - sum(stages.values())
        with reading_once():  # the propositions stage and every check read the same tables
            index = propositions(extracted.articles, extracted.claims, extracted.mentions, reference=reference)
            findings = check(extracted.articles, extracted.claims, extracted.mentions, reference=reference,
                             index=index)
        stages["check"] = time.perf_counter() - started - sum(stages.values())
        findings = review.apply(findings, extracted.articles)  # the verdicts people gave (data/reviews)
        result = RunResult(Path(out_dir), extracted.articles, ingested.rejected,
                           _with_propositions(extracted.claims, index), extracted.mentions, findings, index.table())
        record = run_record(reference, inputs=inputs, fast=fast, reference_dirs=reference_dir, cache=cache,
                            workers=workers, scheduler=scheduler)
        result.written = write_outputs(result, record)
        stages["write"] = time.perf_counter() - started - sum(stages.values())
    result.seconds = time.perf_counter() - started
    result.stages = stages
    return result


RUN_RECORD = "run.json"
CLAIMREVIEW = "claimreview.jsonld"


def write_outputs(result: RunResult, record: dict) -> list[Path]:
    """The write phase: every table, the ClaimReview drafts and ``record`` (run.json) published into
    ``result.out_dir`` as one complete generation."""
    from .claimreview import claimreview_drafts, to_json

    frames = {"articles": result.articles, "rejected": result.rejected, "claims": result.claims,
              "mentions": result.mentions, "findings": result.findings, "propositions": result.propositions}
    documents = {CLAIMREVIEW: to_json(claimreview_drafts(result.findings, result.articles, claims=result.claims)),
                 RUN_RECORD: record}
    written = store.write_tables(frames, result.out_dir, documents=documents, complete=True)
    return [*written, *(result.out_dir / name for name in documents)]


def _with_propositions(claims: pd.DataFrame, index: FactIndex) -> pd.DataFrame:
    """The claims table with each claim's ``proposition_id`` filled in."""
    by_claim = index.by_claim()
    out = claims.copy()
    out["proposition_id"] = pd.array([by_claim.get(c) for c in out["claim_id"]], dtype="string")
    return out


def run_record(reference: Reference, *, inputs: Sequence[str | Path], fast: bool,
               reference_dirs: str | Path | Sequence[str | Path] | None = None,
               cache: ExtractionCache | None = None, workers: int = 1, scheduler: str | None = None) -> dict:
    """What a run used, so a report made from its tables names the right reference and settings:
    the base reference, every layer (with its content digest), and how many articles came from the cache."""
    from . import __version__

    given = ([reference_dirs] if isinstance(reference_dirs, (str, Path)) else list(reference_dirs or []))
    return {
        "claimkit_version": __version__,
        "reference_dir": str(reference.directory),
        "reference_args": [str(Path(d).resolve()) for d in given],
        "reference_layers": [{"name": layer.name, "directory": str(layer.directory), "snapshot": layer.snapshot,
                              "fingerprint": layer.fingerprint} for layer in reference.layers],
        "reference_snapshot": reference.snapshot,
        "reference_fingerprint": reference.fingerprint,
        "fast": fast,
        "workers": workers,
        "scheduler": scheduler,
        "cache": None if cache is None else {"directory": str(cache.root), "key": cache.key, "hits": cache.hits,
                                              "extracted": cache.stored},
        "inputs": [str(p) for p in inputs],
    }


# ---------------------------------------------------------------------------------------------------
def _extract_one(doc, row: dict, reference: Reference):
    """One article's claims and whether extraction went through; an unexpected failure costs that
    article its claims, never the batch.

    A part an extractor could not read (a number out of range) costs only that claim: its
    ExtractionWarning lands in the article's warnings. ``doc`` is an exception when parsing failed.
    """
    from .extract.claims import DocumentClaims, extract_document

    if isinstance(doc, BaseException):
        message = f"parsing failed ({type(doc).__name__}: {doc}); no claims extracted from this text"
        log.warning("%s: %s", shown(row.get("path")), message)
        return DocumentClaims(None, "", warnings=[message]), False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExtractionWarning)
            result = extract_document(doc, row, reference=reference)
    except Exception as exc:  # noqa: BLE001 - a bug on one text must not sink a nightly run
        message = f"extraction failed ({type(exc).__name__}: {exc}); no claims extracted from this text"
        log.warning("%s: %s", shown(row.get("path")), message)
        return DocumentClaims(None, "", warnings=[message]), False
    for warning in caught:
        if issubclass(warning.category, ExtractionWarning):
            if str(warning.message) not in result.warnings:
                result.warnings.append(str(warning.message))
        else:  # not ours: shown as it would have been
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return result, True


def _parsed(nlp, texts: list[str], *, n_process: int = 1) -> Iterator[object]:
    """A Doc per text, in order, or the exception that parsing it raised: when the stream fails, the
    texts from the first one not yet parsed are parsed one by one, so one text never sinks the batch."""
    from .nlp import parse

    done = 0
    try:
        for doc in parse(nlp, texts, n_process=n_process):
            done += 1
            yield doc
    except Exception:  # noqa: BLE001 - which text failed is found below, one at a time
        for text in texts[done:]:
            try:
                yield next(parse(nlp, [text]))
            except Exception as exc:  # noqa: BLE001
                yield exc


def _assemble(articles: pd.DataFrame, results: list[ArticleRows]) -> Extracted:
    """The three tables from each article's rows (in the articles' order); an article's warnings are
    those of ingest followed by those of its extraction."""
    articles = articles.copy()
    articles["reference_date"] = pd.array([r.reference_date for r in results], dtype="string")
    before = articles["warnings"].tolist() if "warnings" in articles.columns else [None] * len(results)
    articles["warnings"] = [list(w if w is not None else []) + r.warnings for w, r in zip(before, results)]
    claims = [row for r in results for row in r.claims]
    mentions = [row for r in results for row in r.mentions]
    return Extracted(tables.conform(articles, "articles"), tables.conform(claims, "claims"),
                     tables.conform(mentions, "mentions"))


# ------------------------------------------------------------------------------ worker processes

# Thread pools of BLAS/OpenMP libraries, pinned to one per worker process (set before they load):
# N processes with N threads each on N cores only fight each other.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
# The references a worker process has received, by fingerprint (each one unpickled once per process).
_WORKER_REFERENCES: dict[str, Reference] = {}
_WORKER_LOCK = threading.Lock()


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """The thread variables set to 1 while worker processes start (they inherit the environment)."""
    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    os.environ.update({name: "1" for name in _THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _worker_reference(data: bytes, fingerprint: str, fast: bool) -> Reference:
    """In a worker: the shipped reference (checked against ``fingerprint``) and its pipeline, made once."""
    from .nlp import build_pipeline

    with _WORKER_LOCK:
        reference = _WORKER_REFERENCES.get(fingerprint)
        if reference is None:
            reference = reference_from_bytes(data, fingerprint)
            _WORKER_REFERENCES[fingerprint] = reference
        build_pipeline(reference, fast=fast)
    return reference


def _process_init(data: bytes | Reference, fingerprint: str, fast: bool) -> None:
    """A local worker process starts: it receives the reference and builds its pipeline once. A forked
    worker is handed the parent's reference, whose pipeline it inherited already built."""
    if isinstance(data, Reference):
        _WORKER_REFERENCES[fingerprint] = data
    _worker_reference(data if isinstance(data, bytes) else b"", fingerprint, fast)


def _process_task(records: list[dict], fingerprint: str, fast: bool) -> list[ArticleRows]:
    return extract_batch(records, _WORKER_REFERENCES[fingerprint], fast=fast)


def _on_processes(batches: list[list[int]], records: list[dict], *, reference: Reference, fast: bool,
                  workers: int) -> Iterator[tuple[list[int], list[ArticleRows]]]:
    """Batches extracted in ``workers`` processes, at most two batches each in flight. Where the system
    forks (Linux), the pipeline is built here first and the workers inherit it (copy-on-write: no
    model load per worker, no start-up cost); elsewhere each spawned worker receives the reference's
    bytes and builds its own."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    from .nlp import build_pipeline

    fingerprint = reference.fingerprint
    queue = iter(batches)
    forking = "fork" in multiprocessing.get_all_start_methods()
    if forking:
        build_pipeline(reference, fast=fast)
    shipped: bytes | Reference = reference if forking else reference_bytes(reference)
    with _one_thread_each(), ProcessPoolExecutor(
            max_workers=min(workers, len(batches)),
            mp_context=multiprocessing.get_context("fork" if forking else "spawn"),
            initializer=_process_init, initargs=(shipped, fingerprint, fast)) as pool:
        pending: dict[Future, list[int]] = {}

        def submit(count: int) -> None:
            for batch in itertools.islice(queue, count):
                pending[pool.submit(_process_task, [records[i] for i in batch], fingerprint, fast)] = batch

        submit(2 * workers)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                yield batch, future.result()
                submit(1)


def _dask_task(records: list[dict], data: bytes, fingerprint: str, fast: bool) -> list[ArticleRows]:
    """One Dask task: a batch of articles, extracted with the reference shipped by content."""
    return extract_batch(records, _worker_reference(data, fingerprint, fast), fast=fast)


def _on_dask(batches: list[list[int]], records: list[dict], *, reference: Reference, fast: bool, scheduler: str,
             workers: int) -> Iterator[tuple[list[int], list[ArticleRows]]]:
    """Batches extracted on a Dask cluster (``local``: one started here with ``workers`` processes,
    forked from this process after it built the pipeline where the system forks).

    The graph holds no data: each batch is scattered to the cluster as its task is submitted (a few
    batches per worker in flight, so memory stays bounded), and the reference is scattered once to every
    worker as pickled bytes with its fingerprint, checked there; no worker needs the reference's folders.
    """
    import multiprocessing

    import dask
    from dask.distributed import Client, LocalCluster, as_completed

    if not batches:
        return
    cluster = None
    if scheduler == "local":
        # Where the system forks, the local cluster's workers are forked from this process once it has
        # built the pipeline: they start with the model and the ruler loaded (as local workers do).
        forking = "fork" in multiprocessing.get_all_start_methods()
        if forking:
            from .nlp import build_pipeline

            build_pipeline(reference, fast=fast)
        method = {"distributed.worker.multiprocessing-method": "fork"} if forking else {}
        with _one_thread_each(), dask.config.set(method):
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        slots = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        shipped = client.scatter(reference_bytes(reference), broadcast=True)
        fingerprint = reference.fingerprint
        queue = iter(batches)
        pending: dict[str, list[int]] = {}

        def submit(count: int) -> list:
            futures = []
            for batch in itertools.islice(queue, count):
                [data] = client.scatter([[records[i] for i in batch]])
                future = client.submit(_dask_task, data, shipped, fingerprint, fast, pure=False)
                pending[future.key] = batch
                futures.append(future)
            return futures

        running = as_completed(submit(slots))
        for future in running:
            batch = pending.pop(future.key)
            yield batch, future.result()
            future.release()
            for new in submit(1):
                running.add(new)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class Outputs(NamedTuple):
    """Every table of a run, as notebooks read them."""

    articles: pd.DataFrame
    rejected: pd.DataFrame
    claims: pd.DataFrame
    mentions: pd.DataFrame
    findings: pd.DataFrame
    propositions: pd.DataFrame


def load_outputs(out_dir: str | Path | None = None, *, inputs: Sequence[str | Path] | None = None,
                 build_if_missing: bool = True, fast: bool = False) -> Outputs:
    """The tables in ``out_dir`` (default data/processed). When the default folder holds no tables
    yet, the job runs on ``inputs`` (default data/raw) first, so a notebook runs top to bottom on a
    fresh clone; any other folder must already hold them (never overwritten with the sample corpus)."""
    from .paths import processed_dir, raw_dir

    folder = Path(out_dir) if out_dir is not None else processed_dir()
    required = ("articles", "claims", "mentions", "findings")
    tables_dir = store.generation(folder)  # every table from one run, even if another is published meanwhile
    present = [n for n in required if (tables_dir / f"{n}.parquet").exists()]
    is_default = folder.resolve() == processed_dir().resolve()
    if build_if_missing and not present and (is_default or inputs):
        run(list(inputs) if inputs else [raw_dir()], folder, fast=fast)
        tables_dir = store.generation(folder)
    elif len(present) < len(required):
        missing = ", ".join(n for n in required if n not in present)
        raise TableError(f"{folder}: missing tables ({missing}); run `claimkit run INPUT --out {folder}` first")
    rejected = (store.read_table(tables_dir, "rejected") if (tables_dir / "rejected.parquet").exists()
                else tables.empty("rejected"))
    propositions = (store.read_table(tables_dir, "propositions") if (tables_dir / "propositions.parquet").exists()
                    else tables.empty("propositions"))
    return Outputs(store.read_table(tables_dir, "articles"), rejected, store.read_table(tables_dir, "claims"),
                   store.read_table(tables_dir, "mentions"), store.read_table(tables_dir, "findings"), propositions)


def read_run_record(out_dir: str | Path) -> dict:
    """The run.json a run wrote beside its tables ({} for tables made step by step)."""
    import json

    path = store.generation(out_dir) / RUN_RECORD
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def reference_of(out_dir: str | Path) -> Reference:
    """The reference a run used (from its run.json), else the default one."""
    record = read_run_record(out_dir)
    given = [d for d in record.get("reference_args") or [] if Path(d).is_dir()]
    if given and len(given) == len(record["reference_args"]):
        return load_reference(given)  # the base or layers named on the command line, as the run had them
    used = record.get("reference_dir")
    return load_reference(used if used and Path(used).is_dir() else None)
