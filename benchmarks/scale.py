"""Scale benchmark: incremental runs, workers, Dask, the check stage and memory as the corpus grows.

Corpora are made at run time from Wikinews text (``benchmarks/corpus.py``: distinct titles, dates over two
years; nothing big is committed). Everything is measured in this one run, side by side, and printed as
ratios with their targets (issue 13); the exit status is 1 when a target is missed.

* extraction: bare ``nlp.pipe`` vs the full extraction vs ``--fast`` on the same texts (words/s);
* parallel (full model, BENCH_FULL articles): the extraction stage with 2 worker processes and on a Dask
  LocalCluster of 2 workers, against the cold run's one worker (and the Dask tables against it: identical);
* incremental: a warm re-run of the same articles, then one with 1 % new articles;
* scale (BENCH_SIZES, ``--fast`` extraction so that 20,000 articles take minutes, not hours): the
  propositions + checks stage and the peak RSS of a whole ``run`` per size, each in a fresh process;
* the report rendered from the BENCH_RENDER-article run: time and size.

    BENCH_FULL=800 BENCH_SIZES=1000,5000,20000 BENCH_RENDER=5000 python -m benchmarks.scale
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from benchmarks.corpus import described, make_corpus
from claimkit.paths import project_root

ROOT = project_root()
FULL = int(os.environ.get("BENCH_FULL", "800"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,5000,20000").split(",") if n.strip()]
RENDER = int(os.environ.get("BENCH_RENDER", "5000"))
SPEED_ARTICLES = int(os.environ.get("BENCH_SPEED", "80"))
RENDER_TIMEOUT = int(os.environ.get("BENCH_RENDER_TIMEOUT", "600"))  # seconds per notebook cell

TARGETS = {  # name: (comparison, bound)
    "full extraction / bare nlp.pipe (time)": ("<=", 1 / 0.9),
    "warm re-run / cold run": ("<=", 0.05),
    "+1 % run / (5 % of cold + their extraction)": ("<=", 1.0),
    "2 workers: speed-up over 1": (">=", 1.8),
    "Dask LocalCluster (2): speed-up over 1 local worker": (">=", 1.7),
    "Dask tables identical to local": ("==", True),
    "check stage, largest / smallest size, per article": ("<=", 1.1),  # "about 20x" at 20x the articles
    "peak RSS, largest / second largest size": ("<=", 1.1),
    "report size at BENCH_RENDER (MB)": ("<", 8.0),
}


def _words(folder: Path) -> int:
    from claimkit.articles import ingest

    return int(ingest([folder]).articles["text"].str.split().str.len().sum())


def extraction_speed(corpus: Path) -> dict[str, float]:
    """Seconds for bare nlp.pipe, the full extraction and --fast on the same texts (median of 3, interleaved)."""
    import statistics

    from claimkit.articles import ingest
    from claimkit.nlp import build_pipeline, load_model
    from claimkit.pipeline import extract
    from claimkit.reference import load_reference

    articles = ingest([corpus]).articles
    texts = articles["text"].tolist()
    reference = load_reference()
    bare = load_model()
    build_pipeline(reference), build_pipeline(reference, fast=True)

    def timed(call) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

    runs: dict[str, list[float]] = {"bare": [], "full": [], "fast": []}
    extract(articles.head(3), reference=reference)  # warm up lazy imports
    for _ in range(3):
        runs["bare"].append(timed(lambda: [None for _ in bare.pipe(texts)]))
        runs["full"].append(timed(lambda: extract(articles, reference=reference)))
        runs["fast"].append(timed(lambda: extract(articles, reference=reference, fast=True)))
    return {name: statistics.median(values) for name, values in runs.items()}


def run_stages(corpus: Path, out: Path, **options) -> tuple[dict[str, float], float]:  # type: ignore[no-untyped-def]
    """One ``claimkit run`` in this process: its stage timings and total seconds."""
    from claimkit import pipeline

    result = pipeline.run([corpus], out, **options)
    return result.stages, result.seconds


def child(size: int, folder: Path) -> None:
    """In a fresh process: a --fast run on the corpus of ``size`` articles the parent made; prints its
    stages and peak RSS as JSON."""
    stages, seconds = run_stages(folder / "corpus", folder / "out", fast=True, use_cache=False)
    print(json.dumps({"size": size, "stages": stages, "seconds": seconds, "peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory in MB: the kernel's high-water mark of this program
    (``VmHWM``). ``getrusage``'s ``ru_maxrss`` is not used where ``VmHWM`` exists: on Linux it survives
    ``exec``, so a child started by a large parent reports the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scaled(size: int, folder: Path) -> dict:
    make_corpus(folder / "corpus", size)  # here, so the child's peak is the run's alone
    done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--child", str(size), str(folder)],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def render_report(folder: Path, out_root: Path) -> tuple[float, float | None]:
    """Seconds and megabytes of the report rendered from the run in ``folder`` (None: the render failed,
    or a cell ran over RENDER_TIMEOUT seconds)."""
    from claimkit.errors import RenderError
    from claimkit.render import render, resolve_notebook

    start = time.perf_counter()
    try:
        result = render(resolve_notebook("report"), params={"processed_dir": str(folder),
                                                             "reports_root": str(out_root)},
                        run_date=date.today().isoformat(), out_root=out_root, timeout=RENDER_TIMEOUT)
    except RenderError as error:
        print(f"  the report did not render: {str(error).splitlines()[0]}")
        return time.perf_counter() - start, None
    return time.perf_counter() - start, Path(result.html).stat().st_size / 1e6


def same_tables(a: Path, b: Path) -> bool:
    from claimkit import store

    for name in ("articles", "claims", "mentions", "findings", "propositions"):
        try:
            pd.testing.assert_frame_equal(store.read_table(a, name), store.read_table(b, name))
        except AssertionError as error:
            print(f"  {name} differ: {str(error).splitlines()[0]}")
            return False
    return True


def main() -> None:
    load = os.getloadavg()
    print(f"claimkit scale benchmark, {date.today()}: {os.cpu_count()} cores, load average {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}; corpora from {described()}")
    rows: list[tuple[str, object, str]] = []  # (measure, value, note)
    with tempfile.TemporaryDirectory(prefix="claimkit-bench-") as tmp_name:
        tmp = Path(tmp_name)

        # 1. extraction against bare spaCy
        speed = make_corpus(tmp / "speed", SPEED_ARTICLES)
        words = _words(speed)
        seconds = extraction_speed(speed)
        print(f"\nextraction, {SPEED_ARTICLES} articles, {words:,} words (median of 3, interleaved)")
        for name, label in (("bare", "bare nlp.pipe"), ("full", "claimkit full"), ("fast", "claimkit --fast")):
            print(f"  {label:<18}{seconds[name]:>8.2f} s{words / seconds[name]:>10,.0f} words/s"
                  f"{seconds[name] / seconds['bare']:>7.2f}× bare")
        rows.append(("full extraction / bare nlp.pipe (time)", seconds["full"] / seconds["bare"],
                     f"{words / seconds['full']:,.0f} vs {words / seconds['bare']:,.0f} words/s"))

        # 2. one worker (the cold run), two worker processes, a Dask LocalCluster of two: same articles
        corpus = make_corpus(tmp / "corpus", FULL)
        out = tmp / "out"
        cold, cold_s = run_stages(corpus, out)
        two, _ = run_stages(corpus, tmp / "two", workers=2, use_cache=False)
        dask, _ = run_stages(corpus, tmp / "dask", workers=2, scheduler="local", use_cache=False)
        rate = FULL / cold["extract"]
        print(f"\nextraction stage, {FULL} articles, full model: 1 worker {cold['extract']:.1f} s "
              f"({rate:.2f} articles/s), 2 workers {two['extract']:.1f} s, Dask LocalCluster (2) "
              f"{dask['extract']:.1f} s (cluster start included)")
        rows.append(("2 workers: speed-up over 1", cold["extract"] / two["extract"],
                     f"{FULL / two['extract']:.2f} vs {rate:.2f} articles/s"))
        rows.append(("Dask LocalCluster (2): speed-up over 1 local worker", cold["extract"] / dask["extract"],
                     f"{FULL / dask['extract']:.2f} articles/s"))
        rows.append(("Dask tables identical to local", same_tables(out, tmp / "dask"), ""))

        # 3. incremental: a warm re-run, then 1 % new articles (full model, one worker)
        warm, warm_s = run_stages(corpus, out)
        new = max(1, FULL // 100)
        make_corpus(corpus, new, start=FULL)
        plus, plus_s = run_stages(corpus, out)
        allowance = 0.05 * cold_s + new * cold["extract"] / FULL
        print(f"\nincremental, {FULL} articles, full model, 1 worker: cold {cold_s:.1f} s "
              f"({', '.join(f'{k} {v:.1f}' for k, v in cold.items())}); warm {warm_s:.1f} s "
              f"({', '.join(f'{k} {v:.1f}' for k, v in warm.items())}); +{new} new {plus_s:.1f} s")
        rows.append(("warm re-run / cold run", warm_s / cold_s, f"{warm_s:.1f} s / {cold_s:.1f} s"))
        rows.append(("+1 % run / (5 % of cold + their extraction)", plus_s / allowance,
                     f"{plus_s:.1f} s / {allowance:.1f} s"))

        # 4. check stage and peak memory per size (fresh process each, --fast extraction)
        print("\nscale (--fast extraction, whole `run` in a fresh process per size)")
        print(f"  {'articles':>9}{'ingest s':>10}{'extract s':>11}{'check s':>9}{'write s':>9}{'peak MB':>9}")
        scale: dict[int, dict] = {}
        for size in SIZES:
            folder = tmp / f"scale-{size}"
            scale[size] = scaled(size, folder)
            st = scale[size]["stages"]
            print(f"  {size:>9,}{st['ingest']:>10.1f}{st['extract']:>11.1f}{st['check']:>9.1f}{st['write']:>9.1f}"
                  f"{scale[size]['peak_mb']:>9,.0f}", flush=True)
            if size != RENDER:
                shutil.rmtree(folder / "corpus", ignore_errors=True)
        if len(SIZES) >= 2:
            small, large = SIZES[0], SIZES[-1]
            per = (scale[large]["stages"]["check"] / large) / (scale[small]["stages"]["check"] / small)
            rows.append(("check stage, largest / smallest size, per article", per,
                         f"{scale[large]['stages']['check']:.1f} s at {large:,} vs "
                         f"{scale[small]['stages']['check']:.1f} s at {small:,}"))
            second = SIZES[-2]
            rows.append(("peak RSS, largest / second largest size", scale[large]["peak_mb"] / scale[second]["peak_mb"],
                         f"{scale[large]['peak_mb']:,.0f} MB at {large:,} vs {scale[second]['peak_mb']:,.0f} MB "
                         f"at {second:,}"))

        # 5. the report at BENCH_RENDER articles
        if RENDER in scale:
            render_s, size_mb = render_report(tmp / f"scale-{RENDER}" / "out", tmp / "reports")
            print(f"\nreport from {RENDER:,} articles: {render_s:.1f} s, "
                  f"{'not rendered' if size_mb is None else f'{size_mb:.2f} MB'}")
            rows.append(("report size at BENCH_RENDER (MB)", float("inf") if size_mb is None else size_mb,
                         f"{RENDER:,} articles, {'gave up after' if size_mb is None else 'rendered in'} "
                         f"{render_s:.1f} s"))

    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("\n| measure | value | target | | note |\n| --- | --- | --- | --- | --- |")
    missed = 0
    for name, value, note in rows:
        op, bound = TARGETS[name]
        ok = {"<=": lambda: value <= bound, ">=": lambda: value >= bound, "<": lambda: value < bound,
              "==": lambda: value == bound}[op]()
        missed += not ok
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"| {name} | {shown} | {op} {bound if not isinstance(bound, float) else round(bound, 3)} | "
              f"{'OK' if ok else 'MISSED'} | {note} |")
    raise SystemExit(1 if missed else 0)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
