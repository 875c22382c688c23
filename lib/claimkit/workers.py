"""Where articles are extracted: in this process, in worker processes, or on a Dask cluster.

A batch of article records goes in; each article's rows come back as plain records (never Docs), so they
cross process boundaries cheaply. One pipeline is built per process and kept; the reference is shipped to
workers by content (checked against its fingerprint there), never by a path that must exist there.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable

from .cache import ArticleRows, reference_bytes, reference_from_bytes
from .errors import ExtractionWarning, shown
from .reference import Reference

log = logging.getLogger("claimkit")
Submit = Callable[[list[dict]], Callable[[], list[ArticleRows]]]  # records -> a way to wait for their rows


@contextmanager
def extractor(reference: Reference, *, fast: bool, workers: int,
               scheduler: str | None) -> Iterator[Submitter]:
    """Where batches are extracted: here (``workers=1``), in ``workers`` local processes, or on a Dask
    cluster; the pool or cluster is started at the first batch that needs it (a warm run starts none)."""
    if scheduler:
        with _on_dask(reference, fast=fast, scheduler=scheduler, workers=workers) as submit:
            yield submit
    elif workers > 1:
        with _on_processes(reference, fast=fast, workers=workers) as submit:
            yield submit
    else:
        def here(records: list[dict]) -> Callable[[], list[ArticleRows]]:
            rows = extract_batch(records, reference, fast=fast)
            return lambda: rows

        yield Submitter(here, ahead=0)


class Submitter:
    """A ``submit`` function with the number of batches it keeps in flight."""

    def __init__(self, submit: Submit, *, ahead: int) -> None:
        self.submit, self.ahead = submit, ahead

    def __call__(self, records: list[dict]) -> Callable[[], list[ArticleRows]]:
        return self.submit(records)


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


@contextmanager
def _on_processes(reference: Reference, *, fast: bool, workers: int) -> Iterator[Submitter]:
    """Batches extracted in ``workers`` processes, two batches each in flight. Where the system forks
    (Linux), the pipeline is built here first and the workers inherit it (copy-on-write: no model load
    per worker, no start-up cost); elsewhere each spawned worker receives the reference's bytes and
    builds its own."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .nlp import build_pipeline

    fingerprint = reference.fingerprint
    pool: ProcessPoolExecutor | None = None

    def submit(records: list[dict]) -> Callable[[], list[ArticleRows]]:
        nonlocal pool
        if pool is None:
            forking = "fork" in multiprocessing.get_all_start_methods()
            if forking:
                build_pipeline(reference, fast=fast)
            shipped: bytes | Reference = reference if forking else reference_bytes(reference)
            with _one_thread_each():
                pool = ProcessPoolExecutor(max_workers=workers,
                                           mp_context=multiprocessing.get_context("fork" if forking else "spawn"),
                                           initializer=_process_init, initargs=(shipped, fingerprint, fast))
        return pool.submit(_process_task, records, fingerprint, fast).result

    try:
        yield Submitter(submit, ahead=2 * workers - 1)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _dask_task(records: list[dict], data: bytes, fingerprint: str, fast: bool) -> list[ArticleRows]:
    """One Dask task: a batch of articles, extracted with the reference shipped by content."""
    return extract_batch(records, _worker_reference(data, fingerprint, fast), fast=fast)


@contextmanager
def _on_dask(reference: Reference, *, fast: bool, scheduler: str, workers: int) -> Iterator[Submitter]:
    """Batches extracted on a Dask cluster (``local``: one started here with ``workers`` processes,
    forked from this process after it built the pipeline where the system forks).

    The graph holds no data: each batch is scattered to the cluster as its task is submitted (a few
    batches per worker in flight, so memory stays bounded), and the reference is scattered once to every
    worker as pickled bytes with its fingerprint, checked there; no worker needs the reference's folders.
    """
    import multiprocessing

    import dask
    from dask.distributed import Client, LocalCluster

    cluster = client = shipped = None
    fingerprint = reference.fingerprint

    def start() -> None:
        nonlocal cluster, client, shipped
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
        shipped = client.scatter(reference_bytes(reference), broadcast=True)
        submitter.ahead = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers) - 1

    def submit(records: list[dict]) -> Callable[[], list[ArticleRows]]:
        if client is None:
            start()
        [data] = client.scatter([records])
        future = client.submit(_dask_task, data, shipped, fingerprint, fast, pure=False)

        def wait() -> list[ArticleRows]:
            try:
                return future.result()
            finally:
                future.release()

        return wait

    submitter = Submitter(submit, ahead=2 * max(1, workers) - 1)
    try:
        yield submitter
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
