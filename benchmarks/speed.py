"""Speed benchmark: the full claimkit extraction vs bare ``nlp.pipe`` with the same model, same texts.

Both are measured in the same run, interleaved and repeated, and the ratio of medians is printed
(shared machines are noisy; absolute seconds mean little, ratios measured side by side do).
Target (issue 3): full pipeline ≤ 1.3 × bare ``nlp.pipe``.

    python benchmarks/speed.py [--repeat 3] [--copies 20]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import pandas as pd

from claimkit.articles import ingest
from claimkit.nlp import build_pipeline, load_model
from claimkit.paths import raw_dir
from claimkit.pipeline import extract
from claimkit.reference import load_reference

TARGET = 1.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="interleaved repetitions (median taken)")
    parser.add_argument("--copies", type=int, default=10, help="copies of the sample corpus per run")
    args = parser.parse_args()

    corpus = ingest([raw_dir()]).articles
    articles = pd.concat([corpus.assign(article_id=corpus["article_id"] + f"-{i}") for i in range(args.copies)],
                         ignore_index=True)
    texts = articles["text"].tolist()
    words = sum(len(t.split()) for t in texts)
    reference = load_reference()
    bare = load_model()
    build_pipeline(reference, fast=False)  # built once, outside the timings (as in a real run)
    build_pipeline(reference, fast=True)

    def time_bare() -> float:
        start = time.perf_counter()
        for _ in bare.pipe(texts):
            pass
        return time.perf_counter() - start

    def time_kit(fast: bool) -> float:
        start = time.perf_counter()
        extract(articles, reference=reference, fast=fast)
        return time.perf_counter() - start

    time_bare(), time_kit(False)  # warm up caches and lazy imports
    runs: dict[str, list[float]] = {"bare nlp.pipe": [], "claimkit full": [], "claimkit --fast": []}
    for _ in range(args.repeat):
        runs["bare nlp.pipe"].append(time_bare())
        runs["claimkit full"].append(time_kit(False))
        runs["claimkit --fast"].append(time_kit(True))

    base = statistics.median(runs["bare nlp.pipe"])
    print(f"{len(texts)} texts, {words:,} words, {args.repeat} interleaved repetitions (median)")
    print(f"{'pipeline':<18}{'seconds':>9}{'words/s':>11}{'× bare':>9}")
    for name, values in runs.items():
        median = statistics.median(values)
        print(f"{name:<18}{median:>9.2f}{words / median:>11,.0f}{median / base:>9.2f}")
    ratio = statistics.median(runs["claimkit full"]) / base
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak_mb:,.0f} MB")
    print(f"full pipeline / bare nlp.pipe = {ratio:.2f} (target ≤ {TARGET}): {'OK' if ratio <= TARGET else 'OVER'}")
    raise SystemExit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
