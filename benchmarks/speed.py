"""Speed benchmark: the full claimkit extraction vs bare ``nlp.pipe`` with the same model, same texts.

Both are measured in the same run, interleaved and repeated, and the ratio of medians is printed
(shared machines are noisy; absolute seconds mean little, ratios measured side by side do).
Target (issue 3): full pipeline ≤ 1.3 × bare ``nlp.pipe``.

Then adversarial articles (issue 10): one construct repeated ("two weeks and two weeks and …", "two
hundred and …", open quotes, lists of dates, bare figures), extracted (``--fast``) at 25 KB and at
100 KB, interleaved. Linear work makes the 100 KB one cost 4× the 25 KB one, quadratic work 16×; each
must stay at most ADVERSARIAL_TARGET (and the 100 KB article finish in seconds).

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
ADVERSARIAL_TARGET = 8.0  # 100 KB over 25 KB: 4 is linear, 16 quadratic; 8 is n^1.5
ADVERSARIAL_CHARS = 100_000
ADVERSARIAL = {
    "two weeks and …": "two weeks and ",
    "three days, …": "three days, ",
    "two hundred and …": "two hundred and ",
    'open quotes "He said …': '"He said ',
    "dates: on 20 December 2023 and …": "on 20 December 2023 and ",
    "bare figures: 12 12 12 …": "12 ",
    "a run-on line of names and cues": "Netanyahu said that Mossad chief Barnea told ",
}


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
    worst = adversarial(corpus, reference, repeat=args.repeat)
    raise SystemExit(0 if ratio <= TARGET and worst <= ADVERSARIAL_TARGET else 1)


def adversarial(corpus: pd.DataFrame, reference, *, repeat: int) -> float:
    """How each adversarial article's extraction time grows from a quarter of ADVERSARIAL_CHARS to all of
    it (medians of interleaved runs); prints the table and returns the worst growth."""

    def article(unit: str, size: int) -> pd.DataFrame:
        text = (unit * (size // len(unit) + 1))[:size]
        return corpus.iloc[:1].assign(text=text, article_id=f"adversarial-{size}", path="adversarial")

    def seconds(articles: pd.DataFrame) -> float:
        start = time.perf_counter()
        extract(articles, reference=reference, fast=True)
        return time.perf_counter() - start

    seconds(article("Talks in Doha. ", 1000))  # warm up
    print(f"\nadversarial articles, --fast extraction (median of {repeat})")
    print(f"{'article':<36}{'25 KB s':>9}{'100 KB s':>10}{'growth':>8}")
    worst = 0.0
    for name, unit in ADVERSARIAL.items():
        small, large = article(unit, ADVERSARIAL_CHARS // 4), article(unit, ADVERSARIAL_CHARS)
        times: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(repeat):
            times["small"].append(seconds(small))
            times["large"].append(seconds(large))
        a, b = statistics.median(times["small"]), statistics.median(times["large"])
        worst = max(worst, b / a)
        print(f"{name:<36}{a:>9.2f}{b:>10.2f}{b / a:>8.1f}")
    print(f"worst growth from 25 KB to 100 KB = {worst:.1f} (linear 4, quadratic 16; target ≤ "
          f"{ADVERSARIAL_TARGET}): {'OK' if worst <= ADVERSARIAL_TARGET else 'OVER'}")
    return worst


if __name__ == "__main__":
    main()
