"""The main job: ingest → extract → check → store, as plain functions over tables.

Each step takes and returns DataFrames, so a notebook can stop after any of them. ``run`` chains them
and writes every table to one folder; the same steps run on a Dask cluster with ``scheduler=``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

import pandas as pd

from . import store, tables
from .articles import ingest
from .errors import NoInputError, RejectedInputError, TableError
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
) -> RunResult:
    """ingest → extract → check, then write every table (Parquet, CSV, DuckDB, ClaimReview drafts)."""
    started = time.perf_counter()
    reference = load_reference(reference_dir)
    ingested = ingest(inputs)
    if ingested.articles.empty:
        reasons = "; ".join(f"{p}: {r}" for p, r in ingested.rejected[["path", "reason"]].itertuples(index=False))
        raise NoInputError("nothing could be read from the inputs" + (f" ({reasons})" if reasons else ""))
    if strict and len(ingested.rejected):
        raise RejectedInputError(ingested.rejected)
    extracted = extract(ingested.articles, reference=reference, fast=fast, workers=workers,
                        scheduler=scheduler, progress=progress)
    index = propositions(extracted.articles, extracted.claims, extracted.mentions, reference=reference)
    findings = check(extracted.articles, extracted.claims, extracted.mentions, reference=reference, index=index)
    claims = _with_propositions(extracted.claims, index)
    result = RunResult(Path(out_dir), extracted.articles, ingested.rejected, claims,
                       extracted.mentions, findings, index.table())
    frames = {"articles": result.articles, "rejected": result.rejected, "claims": result.claims,
              "mentions": result.mentions, "findings": result.findings, "propositions": result.propositions}
    result.written = store.write_tables(frames, Path(out_dir))
    from .claimreview import claimreview_drafts

    result.written.append(store.write_json(claimreview_drafts(result.findings, result.articles),
                                           Path(out_dir) / "claimreview.jsonld"))
    result.written.append(store.write_json(run_record(reference, inputs=inputs, fast=fast),
                                           Path(out_dir) / RUN_RECORD))
    result.seconds = time.perf_counter() - started
    return result


RUN_RECORD = "run.json"


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
    from .nlp import build_pipeline, parse

    nlp = build_pipeline(reference, fast=fast)
    rows = articles.to_dict("records")
    claims: list[dict] = []
    mentions: list[dict] = []
    ref_dates: list[str | None] = []
    warnings: list[list[str]] = []
    docs = parse(nlp, (r["text"] for r in rows), n_process=max(1, workers))
    for done, (row, doc) in enumerate(zip(rows, docs), start=1):
        out = _extract_one(doc, row, reference)
        claims.extend(out.claims)
        mentions.extend(out.mentions)
        ref_dates.append(out.reference_date)
        warnings.append(list(row.get("warnings") or []) + out.warnings)
        if progress:
            progress(done, len(rows))
    return _assemble(articles, ref_dates, warnings, claims, mentions)


def _extract_one(doc, row: dict, reference: Reference):
    """One article's claims; an unexpected failure costs that article its claims, never the batch."""
    from .extract.claims import DocumentClaims, extract_document

    try:
        return extract_document(doc, row, reference=reference)
    except Exception as exc:  # noqa: BLE001 - a bug on one text must not sink a nightly run
        message = f"extraction failed ({type(exc).__name__}: {exc}); no claims extracted from this text"
        log.warning("%s: %s", row.get("path"), message)
        return DocumentClaims(None, "", warnings=[message])


def _assemble(articles: pd.DataFrame, ref_dates: list, warnings: list, claims: list, mentions: list) -> Extracted:
    articles = articles.copy()
    articles["reference_date"] = pd.array(ref_dates, dtype="string")
    articles["warnings"] = warnings
    return Extracted(tables.conform(articles, "articles"), tables.conform(claims, "claims"),
                     tables.conform(mentions, "mentions"))


def _extract_partition(records: list[dict], reference_dir: str, fast: bool) -> tuple[list, list, list, list]:
    """One Dask task: build (or reuse) the pipeline in the worker and extract a batch of articles."""
    from .nlp import build_pipeline, parse

    reference = load_reference(reference_dir)
    nlp = build_pipeline(reference, fast=fast)
    claims, mentions, ref_dates, warnings = [], [], [], []
    for row, doc in zip(records, parse(nlp, (r["text"] for r in records))):
        out = _extract_one(doc, row, reference)
        claims += out.claims
        mentions += out.mentions
        ref_dates.append(out.reference_date)
        warnings.append(list(row.get("warnings") or []) + out.warnings)
    return claims, mentions, ref_dates, warnings


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
    claims, mentions, ref_dates, warnings = [], [], [], []
    for c, m, r, w in results:
        claims += c
        mentions += m
        ref_dates += r
        warnings += w
    return _assemble(articles, ref_dates, warnings, claims, mentions)



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
    present = [n for n in required if (folder / f"{n}.parquet").exists()]
    is_default = folder.resolve() == processed_dir().resolve()
    if build_if_missing and not present and (is_default or inputs):
        run(list(inputs) if inputs else [raw_dir()], folder, fast=fast)
    elif len(present) < len(required):
        missing = ", ".join(n for n in required if n not in present)
        raise TableError(f"{folder}: missing tables ({missing}); run `claimkit run INPUT --out {folder}` first")
    rejected = (store.read_table(folder, "rejected") if (folder / "rejected.parquet").exists()
                else tables.empty("rejected"))
    propositions = (store.read_table(folder, "propositions") if (folder / "propositions.parquet").exists()
                    else tables.empty("propositions"))
    return Outputs(store.read_table(folder, "articles"), rejected, store.read_table(folder, "claims"),
                   store.read_table(folder, "mentions"), store.read_table(folder, "findings"), propositions)


def read_run_record(out_dir: str | Path) -> dict:
    """The run.json a run wrote beside its tables ({} for tables made step by step)."""
    import json

    path = Path(out_dir) / RUN_RECORD
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def reference_of(out_dir: str | Path) -> Reference:
    """The reference a run used (from its run.json), else the default one."""
    used = read_run_record(out_dir).get("reference_dir")
    return load_reference(used if used and Path(used).is_dir() else None)
