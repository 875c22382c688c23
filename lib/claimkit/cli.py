"""The ``claimkit`` command: a thin front end over the library (typer).

Exit codes: 0 = every input read and the job done; 1 = some inputs rejected (the rest went through), or
a notebook cell failed; 2 = usage error, invalid reference, or nothing could be read; 3 = an unexpected
internal error (one line; set CLAIMKIT_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import ClaimkitError, NoInputError, ParameterError, RejectedInputError, RenderError, shown

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find what news articles claim and where the claims contradict each other, "
                       "themselves, or a dated reference.")

Inputs = Annotated[list[Path], typer.Argument(help="Files or folders of articles (read recursively).")]
def _folder(value: Optional[Path]) -> Optional[Path]:
    """``--out`` must name a folder (existing or not): a file there is a usage error, said in one line."""
    if value is not None and value.exists() and not value.is_dir():
        _err(f"--out {shown(value)}: is a file; give a folder (it is created if missing)")
        raise typer.Exit(2)
    return value


OutDir = Annotated[Path, typer.Option("--out", callback=_folder, help="Folder for the output tables.")]
RunOut = Annotated[Optional[Path], typer.Option("--out", callback=_folder, help="Folder for the output tables "
                                                "(default: data/processed of the project).")]
Fast = Annotated[bool, typer.Option("--fast", help="No statistical model: tokenizer, sentencizer and "
                                                    "the reference's names only (~30x faster).")]
Workers = Annotated[int, typer.Option("--workers", min=1, help="Processes for parsing.")]
ReferenceOpt = Annotated[Optional[list[Path]], typer.Option("--reference", help="Reference folder "
                                                            "(default: data/reference); repeat it to add "
                                                            "layers (folders whose meta.yaml says kind: layer).")]
def _scheduler(value: Optional[str]) -> Optional[str]:
    if value is not None and value != "local" and "://" not in value:
        raise typer.BadParameter(f"{value!r} is neither 'local' nor a scheduler address such as tcp://host:8786")
    return value


Scheduler = Annotated[Optional[str], typer.Option("--scheduler", callback=_scheduler, help="Dask scheduler "
                                                  "address (tcp://host:8786) or 'local' for a local cluster.")]
Strict = Annotated[bool, typer.Option("--strict", help="Fail before writing anything if any input is "
                                                        "rejected.")]
MaxBytes = Annotated[Optional[int], typer.Option("--max-bytes", min=1, show_default=False, help="Reject input "
                                                 "files (and JSON Lines lines) larger than this many bytes, "
                                                 "unread (default 2,000,000).")]
CacheDir = Annotated[Optional[Path], typer.Option("--cache", help="Folder of the extraction cache (default: "
                                                "OUT/.cache/extraction).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Extract every article again; read and store "
                                                          "nothing in the cache.")]
NoWait = Annotated[bool, typer.Option("--no-wait", help="If another run is writing the output folder, fail "
                                                        "at once (exit 2) instead of waiting for it.")]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"claimkit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the kit's version and exit.")] = False,
) -> None:
    """Find what news articles claim and where the claims contradict each other, themselves, or a dated
    reference."""


def _one_thread_per_process() -> None:
    """BLAS/OpenMP thread pools of one thread, set before numpy loads: N worker processes on N cores
    must not each start N threads (a variable the user set is kept)."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                 "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _err(message: str) -> None:
    typer.echo(f"claimkit: {message}", err=True)


def _report_rejected(rejected) -> None:
    """One stderr line per rejected input; names escaped, so a newline in one cannot forge a line."""
    for path, reason in rejected[["path", "reason"]].itertuples(index=False):
        _err(f"rejected {shown(path)}: {shown(reason)}")


def _waiting(message: str) -> None:
    _err(message + " ...")


def _progress(unit: str = "articles"):
    """A progress callback counting ``unit``: a bar on a terminal, a line per 10 % in logs (cron),
    nothing for tiny inputs."""
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True, console=None)
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                bar.start()
                task = bar.add_task("extracting", total=total)
            bar.update(task, completed=done)
            if done >= total:
                bar.stop()

        return update
    last = [-1]

    def log(done: int, total: int) -> None:
        step = done * 10 // max(total, 1)
        if total >= 20 and step != last[0]:
            last[0] = step
            _err(f"extracted {done}/{total} {unit}")

    return log


# What each step makes stale in its output folder (the rest of the current set is kept).
_AFTER_INGEST = ("claims", "mentions", "findings", "claimreview.jsonld", "run.json")
_AFTER_EXTRACT = ("findings", "claimreview.jsonld", "run.json")


@app.command()
def ingest(inputs: Inputs, out: OutDir, strict: Strict = False, max_bytes: MaxBytes = None) -> None:
    """Read articles into OUT/articles.parquet (rejected files into OUT/rejected.parquet)."""
    from . import store
    from .articles import MAX_BYTES
    from .articles import ingest as read

    result = read(inputs, max_bytes=max_bytes or MAX_BYTES)
    _report_rejected(result.rejected)
    if result.articles.empty:
        _err("nothing could be read from the inputs")
        raise typer.Exit(2)
    if strict and len(result.rejected):
        _err(f"--strict: {len(result.rejected)} input(s) rejected; nothing written")
        raise typer.Exit(1)
    with store.locked(out, on_wait=_waiting):
        store.write_tables({"articles": result.articles, "rejected": result.rejected}, out, drop=_AFTER_INGEST)
    typer.echo(f"{len(result.articles)} articles read, {len(result.rejected)} rejected -> {out}")
    raise typer.Exit(1 if len(result.rejected) else 0)


@app.command()
def extract(
    in_dir: Annotated[Path, typer.Option("--in", help="Folder holding articles.parquet.")],
    out: OutDir,
    fast: Fast = False,
    workers: Workers = 1,
    reference: ReferenceOpt = None,
    scheduler: Scheduler = None,
) -> None:
    """Extract claims and entity mentions: writes claims, mentions and articles (with reference_date)."""
    from . import pipeline, store
    from .reference import load_reference

    articles = store.read_table(in_dir, "articles")
    result = pipeline.extract(articles, reference=load_reference(reference), fast=fast, workers=workers,
                              scheduler=scheduler, progress=_progress())
    with store.locked(out, on_wait=_waiting):
        store.write_tables({"articles": result.articles, "claims": result.claims,
                            "mentions": result.mentions}, out, drop=_AFTER_EXTRACT)
    typer.echo(f"{len(result.claims)} claims, {len(result.mentions)} mentions from "
               f"{len(result.articles)} articles -> {out}")


@app.command()
def check(
    in_dir: Annotated[Path, typer.Option("--in", help="Folder holding articles, claims, mentions.")],
    out: OutDir,
    reference: ReferenceOpt = None,
) -> None:
    """Check extracted claims: writes findings.parquet (and the ClaimReview drafts)."""
    from . import pipeline, store
    from .claimreview import claimreview_drafts, to_json
    from .reference import load_reference

    from .review import apply as reviewed

    tables = store.generation(in_dir)  # the three tables of one set
    articles, claims = store.read_table(tables, "articles"), store.read_table(tables, "claims")
    findings = reviewed(pipeline.check(articles, claims, store.read_table(tables, "mentions"),
                                       reference=load_reference(reference)), articles)
    drafts = claimreview_drafts(findings, articles, claims=claims)
    with store.locked(out, on_wait=_waiting):
        store.write_tables({"findings": findings}, out, documents={pipeline.CLAIMREVIEW: to_json(drafts)})
    typer.echo(f"{len(findings)} findings -> {out}")


@app.command()
def run(
    inputs: Inputs,
    out: RunOut = None,
    fast: Fast = False,
    workers: Workers = 1,
    reference: ReferenceOpt = None,
    scheduler: Scheduler = None,
    strict: Strict = False,
    max_bytes: MaxBytes = None,
    no_wait: NoWait = False,
    cache: CacheDir = None,
    no_cache: NoCache = False,
) -> None:
    """The main job: ingest → extract → check; every table as Parquet + CSV + DuckDB views, published
    all at once. One run at a time per output folder: another waits for it (or fails with --no-wait).
    Articles extracted before with the same settings come from the cache; the checks see every article."""
    if workers > 1 or scheduler:
        _one_thread_per_process()
    from . import pipeline, store
    from .articles import MAX_BYTES
    from .paths import processed_dir

    try:
        result = pipeline.run(inputs, out or processed_dir(), reference_dir=reference, fast=fast,
                              workers=workers, scheduler=scheduler, strict=strict, progress=_progress("files"),
                              max_bytes=max_bytes or MAX_BYTES, wait=not no_wait, on_wait=_waiting,
                              cache_dir=cache, use_cache=not no_cache)
    except RejectedInputError as exc:
        _report_rejected(exc.rejected)
        _err(str(exc))
        raise typer.Exit(1) from None
    except NoInputError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    _report_rejected(result.rejected)
    _summary(result)
    _warning_summary(store.read_table(result.tables_dir, "articles", columns=["path", "warnings"]))
    _orphan_note(result.findings)
    raise typer.Exit(result.exit_code)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def render(
    ctx: typer.Context,
    notebook: Annotated[str, typer.Argument(help="Notebook name in notebooks/ or a path.")] = "report",
    parameter_file: Annotated[Optional[Path], typer.Option(
        "-f", "--parameters-file", exists=True, dir_okay=False, help="YAML file of parameters.")] = None,
    run_date: Annotated[Optional[str], typer.Option(help="Folder under reports/ (default: today).")] = None,
    timeout: Annotated[int, typer.Option(help="Seconds per cell.")] = 600,
    out: Annotated[Optional[Path], typer.Option("--out", callback=_folder, help="Folder of the reports: "
                                                "<out>/<run_date>/<name>.html and <out>/index.html "
                                                "(default: reports/ of the project).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress on stderr.")] = False,
) -> None:
    """Execute a notebook with papermill and publish it as HTML under reports/<run_date>/ (or --out).

    Parameters: -p NAME VALUE (repeatable), checked against the notebook's parameters cell.
    """
    import yaml

    from .paths import reports_dir
    from .render import render as do_render
    from .render import resolve_notebook

    params: dict = {}
    if parameter_file is not None:
        try:
            loaded = yaml.safe_load(parameter_file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ParameterError(f"{parameter_file}: not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(loaded, dict):
            raise ParameterError(f"{parameter_file}: a parameter file must be a YAML mapping of name: value")
        params.update(loaded)
    params.update(_pairs(ctx.args))
    result = do_render(resolve_notebook(notebook), params=params, run_date=run_date, timeout=timeout,
                       out_root=out, progress=not quiet)
    typer.echo(f"report: {result.html}")
    typer.echo(f"index:  {(out or reports_dir()) / 'index.html'}")


def _pairs(args: list[str]) -> dict[str, str]:
    """``-p NAME VALUE`` pairs from the extra arguments; anything else is a usage error."""
    pairs: dict[str, str] = {}
    rest = list(args)
    while rest:
        flag = rest.pop(0)
        if flag not in ("-p", "--parameter") or len(rest) < 2:
            _err(f"unexpected argument {flag!r}: parameters are given as -p NAME VALUE")
            raise typer.Exit(2)
        name, value = rest.pop(0), rest.pop(0)
        pairs[name] = value
    return pairs


review_app = typer.Typer(add_completion=False, no_args_is_help=False, pretty_exceptions_enable=False,
                         help="List the open findings; accept, dismiss or rate one (verdicts are kept in "
                              "data/reviews/verdicts.jsonl and every later run respects them).")
app.add_typer(review_app, name="review")

ReviewIn = Annotated[Optional[Path], typer.Option("--in", help="Folder of the run's tables (default: "
                                                  "data/processed of the project).")]
ReviewId = Annotated[str, typer.Argument(help="The finding's review id, as `claimkit review` lists it.")]
Note = Annotated[Optional[str], typer.Option("--note", help="Why (kept with the verdict).")]
By = Annotated[Optional[str], typer.Option("--by", help="Who decided (default: your user name).")]


def _reviewed(folder: Optional[Path]):
    """The run's findings and articles with the verdicts recorded so far applied."""
    from . import review

    return review.load(folder)


@review_app.callback(invoke_without_command=True)
def review_list(
    ctx: typer.Context,
    in_dir: ReviewIn = None,
    all_: Annotated[bool, typer.Option("--all", help="Also list accepted and dismissed findings.")] = False,
) -> None:
    """Without a sub-command: list the open findings, worst first, with their review ids."""
    ctx.obj = in_dir
    if ctx.invoked_subcommand is not None:
        return
    from .report import with_outlet, worst_first
    from .review import open_findings

    findings, articles = _reviewed(in_dir)
    shown_findings = worst_first(findings if all_ else open_findings(findings))
    for f in with_outlet(shown_findings, articles).itertuples(index=False):
        status = "" if f.review_status == "open" else f" [{f.review_status}{', ' + f.rating if isinstance(f.rating, str) else ''}]"
        typer.echo(f"{f.review_id}  {f.severity:<6}  {f.kind}  {shown(f.outlet)}{status}")
        typer.echo(f"    \u201c{shown(_cut(f.text, 160))}\u201d")
        typer.echo(f"    {shown(_cut(f.explanation, 300))}")
    counts = Counter(findings["review_status"].fillna("open"))
    typer.echo(f"{counts.get('open', 0)} open, {counts.get('accepted', 0)} accepted, "
               f"{counts.get('dismissed', 0)} dismissed of {len(findings)} findings")
    _orphan_note(findings)


def _cut(text: object, limit: int) -> str:
    flat = " ".join(str(text if isinstance(text, str) else "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _verdict(in_dir: Optional[Path], review_id: str, verdict: str, rating: Optional[str], note: Optional[str],
             by: Optional[str]) -> None:
    from . import review

    findings, articles = _reviewed(in_dir)
    entry = review.record(findings, review_id, verdict, rating=rating, note=note, by=by, articles=articles)
    what = f"{entry.verdict}" + (f", rated {entry.rating}" if entry.rating else "")
    typer.echo(f"{entry.id} {what} by {shown(entry.by)} -> {review.reviews_dir() / review.VERDICTS}")


@review_app.command("accept")
def review_accept(ctx: typer.Context, review_id: ReviewId, note: Note = None, by: By = None,
                  in_dir: ReviewIn = None) -> None:
    """Accept a finding: it stays in the report and, once rated, becomes a ClaimReview."""
    _verdict(in_dir or ctx.obj, review_id, "accepted", None, note, by)


@review_app.command("dismiss")
def review_dismiss(ctx: typer.Context, review_id: ReviewId, note: Note = None, by: By = None,
                   in_dir: ReviewIn = None) -> None:
    """Dismiss a finding (a false alarm): later reports count it in a collapsed section, never draft it."""
    _verdict(in_dir or ctx.obj, review_id, "dismissed", None, note, by)


@review_app.command("rate")
def review_rate(
    ctx: typer.Context,
    review_id: ReviewId,
    rating: Annotated[str, typer.Argument(help="A rating of data/reviews/settings.yaml (name, label or value).")],
    note: Note = None,
    by: By = None,
    in_dir: ReviewIn = None,
) -> None:
    """Accept a finding with a rating (from the settings' scale): the next run writes its ClaimReview."""
    _verdict(in_dir or ctx.obj, review_id, "accepted", rating, note, by)


@review_app.command("orphans")
def review_orphans(ctx: typer.Context, in_dir: ReviewIn = None) -> None:
    """List verdicts whose finding is gone (the article was edited or removed): kept, never dropped."""
    from . import review

    findings, _ = _reviewed(in_dir or ctx.obj)
    lost = review.orphans(findings)
    for v in lost.itertuples(index=False):
        typer.echo(f"{v.id}  {v.verdict}{', ' + v.rating if isinstance(v.rating, str) else ''}  {v.kind}  "
                   f"{shown(v.article)}  by {shown(v.by)} at {v.at}")
        typer.echo(f"    \u201c{shown(_cut(v.evidence, 160))}\u201d")
    typer.echo(f"{len(lost)} verdict(s) whose finding is gone"
               + (" (the evidence changed: the article was edited or removed, or the kit no longer raises it)"
                  if len(lost) else ""))


cache_app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                        help="The extraction cache that makes a re-run read unchanged articles back.")
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear(
    out: RunOut = None,
    cache: CacheDir = None,
) -> None:
    """Remove every cached extraction (of OUT, default data/processed, or the --cache folder)."""
    from . import store
    from .cache import clear, default_dir
    from .paths import processed_dir

    folder = cache if cache is not None else default_dir(out or processed_dir())
    with store.locked(out or processed_dir(), on_wait=_waiting):  # not under a run writing into it
        removed = clear(folder)
    typer.echo(f"removed {removed} cached article extractions from {folder}")


reference_app = typer.Typer(add_completion=False, no_args_is_help=False, pretty_exceptions_enable=False,
                            help="Check the reference and its layers; import, update or start a layer.")
app.add_typer(reference_app, name="reference")


@reference_app.callback(invoke_without_command=True)
def reference_group(ctx: typer.Context) -> None:
    """Without a sub-command: check data/reference and its layers."""
    if ctx.invoked_subcommand is None:
        reference_check(None)


@reference_app.command("check")
def reference_check(
    directories: Annotated[Optional[list[Path]], typer.Argument(help="The base folder and/or layer folders.")] = None,
    conflicts: Annotated[int, typer.Option("--conflicts", help="How many conflicts to list (0: only counts).")] = 20,
) -> None:
    """Validate a reference and its layers; list the conflicts between layers (they do not fail a run)."""
    from collections import Counter as _Counter

    from .layers import describe
    from .reference import load_reference

    ref = load_reference(directories or None)
    for line in describe(ref):
        typer.echo(line)
    if ref.conflicts:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(_Counter(c.kind for c in ref.conflicts).items()))
        typer.echo(f"{len(ref.conflicts)} conflicts between layers ({counts}); names they share link only by context,"
                   " and no role conflict is reported for an office two layers disagree on:")
        for conflict in ref.conflicts[:conflicts]:
            typer.echo(f"  {conflict}")
        if len(ref.conflicts) > conflicts:
            typer.echo(f"  … {len(ref.conflicts) - conflicts} more (--conflicts N lists more)")
    typer.echo("valid")


@reference_app.command("import")
def reference_import(
    files: Annotated[list[Path], typer.Argument(help="SPARQL results (.json or .csv) and/or plain person,role,of,"
                                                     "start,end,source lists, then the layer folder to write.")],
    medium: Annotated[str, typer.Option(help="Medium of outlets whose results do not say (newspaper, tv, "
                                             "radio, agency, website).")] = "newspaper",
    snapshot: Annotated[Optional[str], typer.Option(help="The day the data reflects (YYYY-MM-DD; default "
                                                         "today).")] = None,
    base: Annotated[Optional[Path], typer.Option("--base", help="The curated reference the layer goes on "
                                                                "(default: data/reference).")] = None,
    description: Annotated[Optional[str], typer.Option(help="What the layer holds (meta.yaml).")] = None,
    attribution: Annotated[Optional[str], typer.Option(help="Who made the data and under which licence "
                                                            "(meta.yaml).")] = None,
) -> None:
    """Convert downloaded query results or your own lists into a layer (written atomically)."""
    from .layers import import_files

    if len(files) < 2:
        raise typer.BadParameter("give at least one file to import and the layer folder to write")
    *inputs, directory = files
    result = import_files(inputs, directory, base=base, medium=medium, snapshot=snapshot, description=description,
                          attribution=attribution)
    _layer_summary(result)
    _hint_layer(directory, base)


@reference_app.command("update")
def reference_update(
    directory: Annotated[Optional[Path], typer.Argument(help="The layer folder to write (default: "
                                                             "data/reference/layers/wikidata).")] = None,
    endpoint: Annotated[Optional[str], typer.Option(help="SPARQL endpoint (default: the Wikidata Query "
                                                         "Service; give a mirror's URL here).")] = None,
    contact: Annotated[Optional[str], typer.Option(help="An e-mail or URL added to the User-Agent, as the "
                                                        "Query Service asks of its users.")] = None,
    page_size: Annotated[int, typer.Option(min=50, help="Rows per request (each stays well under the "
                                                        "service's 60 s limit).")] = 5000,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for one answer.")] = 75.0,
    query: Annotated[Optional[list[str]], typer.Option("--query", help="Run only these queries (repeatable: "
                                                                        "countries, outlets, heads, ministers, "
                                                                        "organisations, companies).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Fetch and convert, print the counts, write "
                                                            "nothing.")] = False,
    base: Annotated[Optional[Path], typer.Option("--base", help="The curated reference the layer goes on "
                                                                "(default: data/reference).")] = None,
) -> None:
    """Fetch office holders and outlets from Wikidata into a layer; the old layer stays until the new one is valid."""
    from .layers import update_layer
    from .paths import reference_dir

    directory = directory or reference_dir() / "layers" / "wikidata"
    progress, stop = _update_progress()
    try:
        result = update_layer(directory, endpoint=endpoint, base=base, contact=contact, page_size=page_size,
                              timeout=timeout, names=query or None, progress=progress, dry_run=dry_run)
    finally:
        stop()
    _layer_summary(result, written=not dry_run)
    _hint_layer(directory, base)


@reference_app.command("new")
def reference_new(directory: Annotated[Path, typer.Argument(help="A new folder for the layer.")]) -> None:
    """Start a layer for a new beat from a small template (empty files with their headers and a README)."""
    from .layers import new_layer

    folder = new_layer(directory)
    typer.echo(f"new layer in {folder}: fill in its CSV files, then `claimkit reference check {folder}` and "
               f"`claimkit run INPUT --reference {folder}`")


def _layer_summary(result, *, written: bool = True) -> None:
    rows = ", ".join(f"{n} {name}" for name, n in result.rows.items())
    typer.echo(f"{'wrote' if written else 'would write'} {result.directory}: {rows}")
    for why, n in sorted(result.skipped.items()):
        typer.echo(f"  skipped {n}: {why}")
    if result.reference is not None and result.reference.conflicts:
        typer.echo(f"  {len(result.reference.conflicts)} conflicts with the base or inside the layer "
                   f"(`claimkit reference check` lists them)")


def _hint_layer(directory: Path, base: Optional[Path]) -> None:
    """Say how to use a layer the base does not list yet."""
    from .reference import load_reference

    reference = load_reference(base)
    if directory.resolve() not in {f.resolve() for f in reference.folders}:
        typer.echo(f"  to use it, list it under `layers:` in {reference.directory / 'meta.yaml'} "
                   f"or run with --reference {directory}")


def _update_progress():
    """Rows fetched per query: a bar on a terminal, a line per query page in logs."""
    def log(name: str, rows: int) -> None:
        _err(f"fetched {name}: {rows} rows")

    if not sys.stderr.isatty():
        return log, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(transient=True, console=Console(stderr=True))
    tasks: dict[str, int] = {}

    def update(name: str, rows: int) -> None:
        if not tasks:
            bar.start()
        if name not in tasks:
            tasks[name] = bar.add_task(f"fetching {name}", total=None)
        bar.update(tasks[name], completed=rows, description=f"fetching {name}: {rows} rows")

    def stop() -> None:
        if tasks:
            bar.stop()

    return update, stop


# What an article's warnings say, by the words they start with (the rest of a message names its details).
_WARNING_KINDS = (
    ("published date unknown", "no publication date"),
    ("no publication date and no dated day", "dates not resolved (no publication date, no dated day in the text)"),
    ("the text speaks from", "the text speaks from another day than its publication date"),
    ("extraction failed", "extraction failed (no claims from that text)"),
    ("parsing failed", "parsing failed (no claims from that text)"),
)


def _warning_kind(message: str) -> str:
    for start, kind in _WARNING_KINDS:
        if message.startswith(start):
            return kind
    return message.split(":")[0].split("(")[0].strip() or "other"


def _warning_summary(articles) -> None:
    """One line per kind of article warning under the run's summary: how many articles, and an example
    file (stdout, like the summary: stderr keeps exactly one line per rejected input)."""
    kinds: dict[str, list[str]] = {}
    for path, warned in zip(articles["path"], articles["warnings"]):
        for kind in dict.fromkeys(_warning_kind(str(w)) for w in (warned if warned is not None else [])):
            kinds.setdefault(kind, []).append(str(path))
    for kind, paths in sorted(kinds.items(), key=lambda item: (-len(item[1]), item[0])):
        example = shown(paths[0]) + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
        typer.echo(f"warning: {len(paths)} article{'s' if len(paths) != 1 else ''}: {kind} ({example})")


def _orphan_note(findings) -> None:
    """Say when recorded verdicts no longer match a finding (an edited article): they are kept, not lost."""
    from .review import orphans

    lost = orphans(findings)
    if len(lost):
        typer.echo(f"warning: {len(lost)} verdict{'s no longer match' if len(lost) != 1 else ' no longer matches'} a finding "
                   "(the article changed or the finding is gone); `claimkit review orphans` lists them")


def _summary(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False)
    table = Table(title=f"claimkit run → {result.out_dir} ({result.seconds:.1f} s)", show_lines=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles read", str(result.counts["articles"]))
    table.add_row("inputs rejected", str(len(result.rejected)))
    for kind, n in sorted((k.removeprefix("claims:"), n) for k, n in result.counts.items() if k.startswith("claims:")):
        table.add_row(f"claims: {kind}", str(n))
    table.add_row("claims (all)", str(result.counts["claims"]))
    pairs = Counter(zip(result.findings["kind"].dropna(), result.findings["severity"].dropna()))
    for (kind, severity), n in sorted(pairs.items()):
        table.add_row(f"findings: {kind} ({severity})", str(n))
    table.add_row("findings (all)", str(len(result.findings)))
    console.print(table)


def _log_lines() -> None:
    """The library's log warnings on stderr as ``claimkit: …`` lines, like every other message."""
    logger = logging.getLogger("claimkit")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("claimkit: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def main() -> None:
    """Entry point: the kit's errors become one clear line (exit 2; a failed render 1); anything else
    is an internal error (exit 3), so a wrapper never mistakes a crash for "some inputs rejected"."""
    _log_lines()
    try:
        app(standalone_mode=True)
    except RenderError as exc:  # a cell failed or the kernel died: the notebook is kept, no HTML
        _err(str(exc))
        sys.exit(1)
    except ClaimkitError as exc:
        _err(str(exc))
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CLAIMKIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set CLAIMKIT_DEBUG=1 for the traceback)")
        sys.exit(3)


if __name__ == "__main__":
    main()
