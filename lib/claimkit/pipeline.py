"""The main job: ingest → extract → check → store, as plain functions over tables.

Each step takes and returns DataFrames, so a notebook can stop after any of them. ``run`` chains them
and publishes every table to one folder as one generation (all at once or not at all; see ``store``),
holding the folder's lock from start to end; the same steps run on a Dask cluster with ``scheduler=``.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

import pandas as pd

from . import review, store, tables
from .articles import MAX_BYTES, read_articles
from .cache import ArticleRows, ExtractionCache, article_key
from .cache import default_dir as default_cache_dir
from .errors import NoInputError, RejectedInputError, TableError, shown
from .corpus import reading_once
from .propositions import FactIndex, FactPieces
from .reference import Reference, load_reference
from .workers import Submitter, extractor

Progress = Callable[[int, int], None]
log = logging.getLogger("claimkit")


class Extracted(NamedTuple):
    """The extraction step's output: articles (with ``reference_date`` filled), claims, mentions."""

    articles: pd.DataFrame
    claims: pd.DataFrame
    mentions: pd.DataFrame


_HELD_BY_RUN = ("articles", "claims", "mentions", "propositions")  # read from the run's tables when asked


@dataclass
class RunResult:
    """What a run produced, for the CLI summary and for programmatic callers. A run never holds its
    large tables: ``articles``, ``claims``, ``mentions`` and ``propositions`` are read from the generation
    it published (``tables_dir``) the first time they are asked for."""

    out_dir: Path
    articles: pd.DataFrame | None = None
    rejected: pd.DataFrame = field(default_factory=lambda: tables.empty("rejected"))
    claims: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    findings: pd.DataFrame = field(default_factory=lambda: tables.empty("findings"))
    propositions: pd.DataFrame | None = None
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: ingest, extract, check, write
    tables_dir: Path | None = None  # the generation the run published
    counts: dict[str, int] = field(default_factory=dict)  # rows per table, and claims per kind ("claims:quote")

    def __getattribute__(self, name: str):  # noqa: ANN204 - the fields' own types
        value = object.__getattribute__(self, name)
        if value is None and name in _HELD_BY_RUN:
            source = object.__getattribute__(self, "tables_dir")
            if source is None:
                return tables.empty(name)
            if not Path(source).is_dir():
                raise TableError(f"{source}: the run's tables are gone (two newer runs replaced them); "
                                 f"read them from {object.__getattribute__(self, 'out_dir')} instead")
            value = store.read_table(source, name)
            object.__setattr__(self, name, value)
        return value

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
    results: list[ArticleRows] = []
    with extractor(reference, fast=fast, workers=workers, scheduler=scheduler) as submit:
        for batch, rows in _extracted(_cut(records), submit, cache=cache):
            results.extend(rows)
            if progress:
                progress(len(results), len(records))
    return _assemble(articles, results)


# A batch is whole articles: at most this many, or this many characters (a long text goes alone).
BATCH_ARTICLES = 32
BATCH_CHARS = 200_000
# Extracted batches are written and checked in groups of at least this many articles (a group's tables
# are what a run holds at a time besides the pipeline and the reference).
SETTLE_ARTICLES = 256

def _cut(records: Iterable[dict]) -> Iterator[list[dict]]:
    """``records`` cut into batches of whole articles, bounded in count and characters, as they come."""
    current: list[dict] = []
    chars = 0
    for record in records:
        size = len(record.get("text") or "")
        if current and (len(current) >= BATCH_ARTICLES or chars + size > BATCH_CHARS):
            yield current
            current, chars = [], 0
        current.append(record)
        chars += size
    if current:
        yield current


def _extracted(batches: Iterable[list[dict]], submit: Submitter, *,
               cache: ExtractionCache | None) -> Iterator[tuple[list[dict], list[ArticleRows]]]:
    """Each batch with its articles' rows, in input order: from ``cache`` when it holds them, else sent
    to ``submit`` (up to ``submit.ahead`` batches in flight beyond the one awaited); new rows are cached."""
    window: deque[tuple[list[dict], list[str], list[ArticleRows | None], list[int], Callable | None]] = deque()

    def finish() -> tuple[list[dict], list[ArticleRows]]:
        batch, keys, rows, todo, wait = window.popleft()
        if wait is not None:
            for i, new in zip(todo, wait()):
                rows[i] = new
                if cache is not None:
                    cache.put(keys[i], new)
        return batch, [r for r in rows if r is not None]

    for batch in batches:
        keys = [article_key(r) for r in batch] if cache is not None else []
        rows: list[ArticleRows | None] = [cache.get(k) for k in keys] if cache is not None else [None] * len(batch)
        todo = [i for i, r in enumerate(rows) if r is None]
        window.append((batch, keys, rows, todo, submit([batch[i] for i in todo]) if todo else None))
        while len(window) > submit.ahead:
            yield finish()
    while window:
        yield finish()


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

    The corpus streams through in groups of about SETTLE_ARTICLES articles: each group is read, extracted,
    checked on its own (the families that read one article at a time) and appended to the new generation;
    the figures and dates that can state the same fact as another text's are set aside on disk by fact
    and compared a slice of facts at a time at the end (see :class:`claimkit.propositions.FactPieces`), so
    memory stays flat as the corpus grows. ``progress(done, total)`` counts input files.

    Holds the lock of ``out_dir`` throughout: another run into it waits (``on_wait`` is told) or, with
    ``wait=False``, this one raises LockedError at once. Files over ``max_bytes`` are rejected unread.
    Articles extracted before with the same settings are read from the cache (``cache_dir``, default
    ``<out_dir>/.cache/extraction``; ``use_cache=False`` extracts everything and stores nothing); the
    propositions and the checks always run over the whole corpus.
    """
    started = time.perf_counter()
    clock = _Clock()
    with store.locked(out_dir, wait=wait, on_wait=on_wait):
        with clock("reference"):
            reference = load_reference(reference_dir)
        cache = (ExtractionCache.open(cache_dir if cache_dir is not None else default_cache_dir(out_dir),
                                      reference, fast=fast) if use_cache else None)
        rejected: list[dict] = []
        files = _Files(progress)
        records: Iterable[dict] = clock.timed("ingest", read_articles(
            inputs, rejected, max_bytes=max_bytes, progress=files.read, on_found=files.found))
        if strict:
            records = _stopping_at_rejection(records, rejected)
        with store.publishing(out_dir) as new:
            corpus = _Corpus(new, reference, clock)
            with extractor(reference, fast=fast, workers=workers, scheduler=scheduler) as submit:
                texts: list[dict] = []
                results: list[ArticleRows] = []
                batches = clock.timed("extract", _extracted(_cut(records), submit, cache=cache), minus="ingest")
                for batch, rows in batches:
                    texts += batch
                    results += rows
                    if len(texts) >= SETTLE_ARTICLES:
                        corpus.add(texts, results)
                        texts, results = [], []
                    files.extracted()
                if texts:
                    corpus.add(texts, results)
            if not new.rows.get("articles"):
                reasons = "; ".join(f"{shown(r['path'])}: {shown(r['reason'])}" for r in rejected)
                raise NoInputError("nothing could be read from the inputs" + (f" ({reasons})" if reasons else ""))
            record = run_record(reference, inputs=inputs, fast=fast, reference_dirs=reference_dir, cache=cache,
                                workers=workers, scheduler=scheduler)
            findings = corpus.finish(tables.conform(rejected, "rejected"), record)
            closing = time.perf_counter()
        clock.add("write", time.perf_counter() - closing)  # the generation synced, catalogued, published
    written = [Path(out_dir) / f"{name}.parquet" for name in new.rows]
    return RunResult(Path(out_dir), rejected=tables.conform(rejected, "rejected"), findings=findings,
                     seconds=time.perf_counter() - started, stages=clock.stages, tables_dir=new.final,
                     counts=corpus.counts(), written=[*written, *(Path(out_dir) / n for n in (CLAIMREVIEW, RUN_RECORD))])


class _Corpus:
    """What a run keeps while the corpus streams through it: the new generation, written as groups of
    articles arrive; the findings of the families that read one article at a time; the claims set
    aside by fact, compared at the end."""

    def __init__(self, new: store.Generation, reference: Reference, clock: _Clock) -> None:
        self.new, self.reference, self.clock = new, reference, clock
        self.shards = _FactShards(new.scratch("facts"), reference)
        self.claims = _ClaimParts(new.scratch("claims"))
        self.findings: list[pd.DataFrame] = []
        self.kinds: Counter[str] = Counter()

    def add(self, texts: list[dict], results: list[ArticleRows]) -> None:
        """Write, check and set aside a group of articles (their records as read, and their rows)."""
        from .checks import run_checks

        with self.clock("extract"):
            articles, claims, mentions = _assemble(tables.conform(texts, "articles"), results)
        with self.clock("write"):
            self.new.append("articles", articles)
            self.new.append("mentions", mentions)
            self.claims.append(claims)
        with self.clock("check"), reading_once():
            found = run_checks(articles, claims, mentions, self.reference, families="articles")
            self.shards.add(articles, claims, mentions)
        if len(found):
            self.findings.append(found)
        self.kinds.update(claims["kind"].dropna())

    def finish(self, rejected: pd.DataFrame, record: dict) -> pd.DataFrame:
        """Compare the facts set aside, apply the verdicts people gave (data/reviews), and write the rest
        of the generation: claims with their propositions, propositions, findings, rejected inputs, the
        ClaimReview drafts and ``record``. Returns the findings."""
        with self.clock("check"):
            by_claim, propositions = self.shards.compare(self.findings)
        findings = _findings(self.findings)
        articles = self.new.read("articles", columns=_ABOUT_ARTICLES, where=("article_id", _named_in(findings)))
        findings = review.apply(findings, articles)
        with self.clock("write"):
            speakers = self.claims.publish(self.new, by_claim, wanted=set(findings["claim_id"].dropna()))
            self.new.append("propositions", propositions)
            self.new.append("findings", findings)
            self.new.append("rejected", rejected)
            self.new.document(CLAIMREVIEW, _drafts(findings, articles, speakers))
            self.new.document(RUN_RECORD, record)
        return findings

    def counts(self) -> dict[str, int]:
        """Rows per table written, and claims per kind (``claims:quote``)."""
        return {**self.new.rows, **{f"claims:{kind}": n for kind, n in self.kinds.items()}}


class _Clock:
    """Seconds per stage of a run whose stages interleave batch by batch."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = dict.fromkeys(("reference", "ingest", "extract", "check", "write"), 0.0)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - start)

    def timed(self, stage: str, items: Iterable, *, minus: str | None = None) -> Iterator:
        """``items`` with the time spent producing them added to ``stage`` (less what went to ``minus``
        meanwhile: an inner stage it pulls from)."""
        iterator = iter(items)
        while True:
            start = time.perf_counter()
            inner = self.stages.get(minus, 0.0) if minus else 0.0
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                nested = self.stages.get(minus, 0.0) - inner if minus else 0.0
                self.add(stage, time.perf_counter() - start - nested)
            yield item


class _Files:
    """Progress of a run in input files, told to the caller's ``progress(done, total)``."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress, self.total, self.read_so_far = progress, 0, 0

    def found(self, total: int) -> None:
        self.total = total

    def read(self, done: int, total: int, path: str) -> None:
        self.read_so_far = done

    def extracted(self) -> None:
        """A batch is through: so are the files read so far (the reader runs at most a few batches ahead)."""
        if self.progress is not None and self.total:
            self.progress(self.read_so_far, self.total)


def _stopping_at_rejection(records: Iterable[dict], rejected: list[dict]) -> Iterator[dict]:
    """``records`` until the first input is rejected (``--strict``); then the rest is read only to name
    every rejected input in the RejectedInputError. Nothing readable at all is left to NoInputError."""
    iterator = iter(records)
    count = 0
    for record in iterator:
        count += 1
        if rejected:
            break
        yield record
    count += sum(1 for _ in iterator)
    if rejected and count:
        raise RejectedInputError(tables.conform(rejected, "rejected"))


# Shards of facts a run sets aside, and how many bytes of them (as written) are compared at a time:
# small corpora compare everything in one go, large ones a bounded slice at a time.
SHARDS = 256
COMPARED_BYTES = 8 * 2**20


class _FactShards:
    """The pieces of the index (:class:`~claimkit.propositions.FactPieces`: each comparable figure with
    its frame, time and event read once, each dated action, the names of their articles) set aside on
    disk in SHARDS shards by fact, then indexed and compared a few shards at a time: pieces of different
    facts never meet, so the shards give what the whole corpus would."""

    def __init__(self, folder: Path, reference: Reference) -> None:
        self.folder, self.reference = folder, reference
        self.used: set[int] = set()

    @staticmethod
    def shard(fact: str) -> int:
        return int.from_bytes(hashlib.blake2b(fact.encode("utf-8"), digest_size=8).digest(), "big") % SHARDS

    def add(self, articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame) -> None:
        """Set aside the pieces of one group of articles, by shard."""
        from .propositions import fact_pieces

        for shard, part in fact_pieces(articles, claims, mentions, self.reference).split(self.shard).items():
            with self._path(shard).open("ab") as handle:
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
            self.used.add(shard)

    def compare(self, findings: list[pd.DataFrame]) -> tuple[dict[str, str], pd.DataFrame]:
        """Index and check the shards, up to COMPARED_BYTES of them at a time (their findings appended to
        ``findings``): claim_id -> proposition_id (a claim in several propositions gets the last in the
        index's order), and the propositions table."""
        from .checks import run_checks
        from .propositions import index_pieces, reading_order

        members: list[tuple[tuple, str, str]] = []
        found: list[pd.DataFrame] = []
        for together in self._slices():
            try:
                index = index_pieces(FactPieces.merged(self._read(together)), self.reference)
            except Exception as exc:  # noqa: BLE001 - a bug here must not cost the other checks' findings
                log.warning("the propositions stage failed; figures and dates are not compared: %s: %s",
                            type(exc).__name__, exc)
                index = FactIndex([], [])
            checked = run_checks(tables.empty("articles"), tables.empty("claims"), tables.empty("mentions"),
                                 self.reference, index=index, families="facts")
            if len(checked):
                findings.append(checked)
            found.append(index.table())
            members += [(reading_order(p), m.claim_id, p.id) for p in index.propositions for m in p.members
                        if not m.derived]
            for shard in together:
                self._path(shard).unlink()
        by_claim = {claim_id: pid for _, claim_id, pid in sorted(members, key=lambda m: m[0])}
        table = pd.concat(found, ignore_index=True) if found else tables.empty("propositions")
        order = sorted(range(len(table)), key=lambda i: _table_order(table.iloc[i]))
        return by_claim, tables.conform(table.iloc[order].reset_index(drop=True), "propositions")

    def _path(self, shard: int) -> Path:
        return self.folder / f"{shard:03d}.pickle"

    def _slices(self) -> Iterator[set[int]]:
        """The shards in use, as runs of at most COMPARED_BYTES (a larger shard alone)."""
        together: set[int] = set()
        size = 0
        for shard in sorted(self.used):
            written = self._path(shard).stat().st_size
            if together and size + written > COMPARED_BYTES:
                yield together
                together, size = set(), 0
            together.add(shard)
            size += written
        if together:
            yield together

    def _read(self, shards: set[int]) -> Iterator[FactPieces]:
        """The pieces set aside in ``shards``, one group's at a time."""
        for shard in sorted(shards):
            with self._path(shard).open("rb") as handle:
                while True:
                    try:
                        yield pickle.load(handle)
                    except EOFError:
                        break


def _table_order(row: pd.Series) -> tuple:
    """:func:`claimkit.propositions.reading_order` of a propositions table row."""
    if row["unit"] == "date":
        return (1, _text(row["holder"]), _text(row["place"]), _text(row["measure"]), _text(row["time"]))
    return (0, _text(row["proposition_id"]))


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA else str(value)


class _ClaimParts:
    """The claims of each batch, kept aside until the propositions give each its ``proposition_id``; the
    columns an extractor adds beyond the contract are collected over every part, so the table written
    has them all, typed by their first values."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.parts: list[Path] = []
        self.extra: dict[str, object] = {}  # column -> Arrow type (None until a value is seen)

    def append(self, claims: pd.DataFrame) -> None:
        import pyarrow as pa

        for column in claims.columns:
            if column not in tables.CLAIMS and self.extra.get(column) is None:
                values = claims[column].dropna()
                self.extra[column] = pa.array(values.tolist()).type if len(values) else None
        path = self.folder / f"{len(self.parts):05d}.pickle"
        claims.to_pickle(path)
        self.parts.append(path)

    def publish(self, new: store.Generation, by_claim: dict[str, str], *, wanted: set[str]) -> pd.DataFrame:
        """Append every part, its ``proposition_id`` filled, to the generation's claims; return the claim_id
        and attributed_to of the ``wanted`` claims (the findings', for the ClaimReview drafts)."""
        import pyarrow as pa

        contract = tables.arrow_schema(tables.empty("claims"), "claims")
        schema = pa.schema([*contract, *(pa.field(c, t or pa.string()) for c, t in self.extra.items())])
        speakers = [tables.empty("claims")[["claim_id", "attributed_to"]]]
        for path in self.parts:
            claims = pd.read_pickle(path)
            claims["proposition_id"] = pd.array([by_claim.get(c) for c in claims["claim_id"]], dtype="string")
            new.append("claims", claims.reindex(columns=schema.names), schema=schema)
            speakers.append(claims.loc[claims["claim_id"].isin(wanted), ["claim_id", "attributed_to"]])
            path.unlink()
        if not self.parts:
            new.append("claims", tables.empty("claims"))
        return pd.concat(speakers, ignore_index=True)


# what the reviews and the ClaimReview drafts read about the articles of the findings
_ABOUT_ARTICLES = ["article_id", "path", "source", "title", "published", "url", "sha256", "text"]


def _named_in(findings: pd.DataFrame) -> set[str]:
    """Every article a finding names: its own, the other one, and those of its sources."""
    from .report import finding_sources

    named = set(findings["article_id"].dropna()) | set(findings["other_article_id"].dropna())
    for finding in findings.itertuples(index=False):
        named.update(str(s["article_id"]) for s in finding_sources(finding) if s.get("article_id"))
    return named


def _findings(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One findings table from the findings of every batch and shard, in reading order."""
    from .checks._common import to_frame

    frames = [f for f in frames if len(f)]
    return to_frame(pd.concat(frames, ignore_index=True).to_dict("records")) if frames else tables.empty("findings")


def _drafts(findings: pd.DataFrame, articles: pd.DataFrame, speakers: pd.DataFrame) -> str:
    """The ClaimReview drafts of ``findings`` as JSON-LD text."""
    from .claimreview import claimreview_drafts, to_json

    return to_json(claimreview_drafts(findings, articles, claims=speakers))


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
