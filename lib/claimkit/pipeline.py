"""The main job: ingest → extract → check → store, as plain functions over tables.

Each step takes and returns DataFrames, so a notebook can stop after any of them. ``run`` chains them
and publishes every table to one folder as one generation (all at once or not at all; see ``store``),
holding the folder's lock from start to end; the same steps run on a Dask cluster with ``scheduler=``.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

import pandas as pd

from . import review, store, tables
from .articles import MAX_BYTES, ingest
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
) -> Extracted:
    """Parse every article once (streamed through ``nlp.pipe``) and extract its claims and mentions."""
    reference = reference if reference is not None else load_reference()
    if scheduler:
        return _extract_on_dask(articles, reference=reference, fast=fast, scheduler=scheduler,
                                workers=workers, progress=progress)
    return _extract_local(articles, reference=reference, fast=fast, workers=workers, progress=progress)


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
) -> RunResult:
    """ingest → extract → check, then publish every table (Parquet, CSV, DuckDB, ClaimReview drafts).

    Holds the lock of ``out_dir`` throughout: another run into it waits (``on_wait`` is told) or, with
    ``wait=False``, this one raises LockedError at once. Files over ``max_bytes`` are rejected unread.
    """
    started = time.perf_counter()
    with store.locked(out_dir, wait=wait, on_wait=on_wait):
        reference = load_reference(reference_dir)
        ingested = ingest(inputs, max_bytes=max_bytes)
        if ingested.articles.empty:
            reasons = "; ".join(f"{shown(p)}: {shown(r)}"
                                for p, r in ingested.rejected[["path", "reason"]].itertuples(index=False))
            raise NoInputError("nothing could be read from the inputs" + (f" ({reasons})" if reasons else ""))
        if strict and len(ingested.rejected):
            raise RejectedInputError(ingested.rejected)
        extracted = extract(ingested.articles, reference=reference, fast=fast, workers=workers,
                            scheduler=scheduler, progress=progress)
        with reading_once():  # the propositions stage and every check read the same tables
            index = propositions(extracted.articles, extracted.claims, extracted.mentions, reference=reference)
            findings = check(extracted.articles, extracted.claims, extracted.mentions, reference=reference,
                             index=index)
        findings = review.apply(findings, extracted.articles)  # the verdicts people gave (data/reviews)
        result = RunResult(Path(out_dir), extracted.articles, ingested.rejected,
                           _with_propositions(extracted.claims, index), extracted.mentions, findings, index.table())
        result.written = write_outputs(result, run_record(reference, inputs=inputs, fast=fast))
    result.seconds = time.perf_counter() - started
    return result


RUN_RECORD = "run.json"
CLAIMREVIEW = "claimreview.jsonld"


def write_outputs(result: RunResult, record: dict) -> list[Path]:
    """The write phase: every table, the ClaimReview drafts and ``record`` (run.json) published into
    ``result.out_dir`` as one complete generation."""
    from .claimreview import claimreview_drafts, to_json

    frames = {"articles": result.articles, "rejected": result.rejected, "claims": result.claims,
              "mentions": result.mentions, "findings": result.findings, "propositions": result.propositions}
    documents = {CLAIMREVIEW: to_json(claimreview_drafts(result.findings, result.articles)),
                 RUN_RECORD: record}
    written = store.write_tables(frames, result.out_dir, documents=documents, complete=True)
    return [*written, *(result.out_dir / name for name in documents)]


def _with_propositions(claims: pd.DataFrame, index: FactIndex) -> pd.DataFrame:
    """The claims table with each claim's ``proposition_id`` filled in."""
    by_claim = index.by_claim()
    out = claims.copy()
    out["proposition_id"] = pd.array([by_claim.get(c) for c in out["claim_id"]], dtype="string")
    return out


def run_record(reference: Reference, *, inputs: Sequence[str | Path], fast: bool) -> dict:
    """What a run used, so a report made from its tables names the right reference and settings."""
    from . import __version__

    return {
        "claimkit_version": __version__,
        "reference_dir": str(reference.directory),
        "reference_snapshot": reference.snapshot,
        "reference_fingerprint": reference.fingerprint,
        "fast": fast,
        "inputs": [str(p) for p in inputs],
    }


# ---------------------------------------------------------------------------------------------------
def _extract_local(articles: pd.DataFrame, *, reference: Reference, fast: bool, workers: int,
                   progress: Progress | None) -> Extracted:
    from .nlp import build_pipeline

    nlp = build_pipeline(reference, fast=fast)
    rows = articles.to_dict("records")
    claims: list[dict] = []
    mentions: list[dict] = []
    ref_dates: list[str | None] = []
    warned: list[list[str]] = []
    docs = _parsed(nlp, [r["text"] for r in rows], n_process=max(1, workers))
    for done, (row, doc) in enumerate(zip(rows, docs), start=1):
        out = _extract_one(doc, row, reference)
        claims.extend(out.claims)
        mentions.extend(out.mentions)
        ref_dates.append(out.reference_date)
        warned.append(list(row.get("warnings") or []) + out.warnings)
        if progress:
            progress(done, len(rows))
    return _assemble(articles, ref_dates, warned, claims, mentions)


def _extract_one(doc, row: dict, reference: Reference):
    """One article's claims; an unexpected failure costs that article its claims, never the batch.

    A part an extractor could not read (a number out of range) costs only that claim: its
    ExtractionWarning lands in the article's warnings. ``doc`` is an exception when parsing failed.
    """
    from .extract.claims import DocumentClaims, extract_document

    if isinstance(doc, BaseException):
        message = f"parsing failed ({type(doc).__name__}: {doc}); no claims extracted from this text"
        log.warning("%s: %s", shown(row.get("path")), message)
        return DocumentClaims(None, "", warnings=[message])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExtractionWarning)
            result = extract_document(doc, row, reference=reference)
    except Exception as exc:  # noqa: BLE001 - a bug on one text must not sink a nightly run
        message = f"extraction failed ({type(exc).__name__}: {exc}); no claims extracted from this text"
        log.warning("%s: %s", shown(row.get("path")), message)
        return DocumentClaims(None, "", warnings=[message])
    for warning in caught:
        if issubclass(warning.category, ExtractionWarning):
            if str(warning.message) not in result.warnings:
                result.warnings.append(str(warning.message))
        else:  # not ours: shown as it would have been
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return result


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


def _assemble(articles: pd.DataFrame, ref_dates: list, warned: list, claims: list, mentions: list) -> Extracted:
    articles = articles.copy()
    articles["reference_date"] = pd.array(ref_dates, dtype="string")
    articles["warnings"] = warned
    return Extracted(tables.conform(articles, "articles"), tables.conform(claims, "claims"),
                     tables.conform(mentions, "mentions"))


def _extract_partition(records: list[dict], reference_dir: str, fast: bool) -> tuple[list, list, list, list]:
    """One Dask task: build (or reuse) the pipeline in the worker and extract a batch of articles."""
    from .nlp import build_pipeline

    reference = load_reference(reference_dir)
    nlp = build_pipeline(reference, fast=fast)
    claims, mentions, ref_dates, warned = [], [], [], []
    for row, doc in zip(records, _parsed(nlp, [r["text"] for r in records])):
        out = _extract_one(doc, row, reference)
        claims += out.claims
        mentions += out.mentions
        ref_dates.append(out.reference_date)
        warned.append(list(row.get("warnings") or []) + out.warnings)
    return claims, mentions, ref_dates, warned


def _extract_on_dask(articles: pd.DataFrame, *, reference: Reference, fast: bool, scheduler: str,
                     workers: int, progress: Progress | None) -> Extracted:
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True)
        client = Client(cluster)
    else:
        cluster, client = None, Client(scheduler)
    try:
        records = articles.to_dict("records")
        size = max(1, min(64, len(records) // (4 * max(1, workers)) or 1))
        batches = [records[i : i + size] for i in range(0, len(records), size)]
        futures = client.map(_extract_partition, batches, reference_dir=str(reference.directory), fast=fast,
                             pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list = [None] * len(batches)
        done = 0
        for future in as_completed(futures):
            results[index[future.key]] = future.result()
            done += len(batches[index[future.key]])
            if progress:
                progress(done, len(records))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    claims, mentions, ref_dates, warned = [], [], [], []
    for c, m, r, w in results:
        claims += c
        mentions += m
        ref_dates += r
        warned += w
    return _assemble(articles, ref_dates, warned, claims, mentions)



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
    used = read_run_record(out_dir).get("reference_dir")
    return load_reference(used if used and Path(used).is_dir() else None)
