"""Precision on real reporting nobody on the team wrote: run the kit on real news, match every finding
with a verdict a person gave it (benchmarks/verdicts/<corpus>.csv: true / scope / false, with a reason),
and print findings per 100 articles, precision over the judged findings, and every unjudged finding.

Corpora (each read at run time; nothing is written into the project but reports/precision.json):

* ``gum`` — GUM's 43 Wikinews news and interview documents (../shared/benchmarks/gum-wikinews, CC BY 2.5);
* ``wikinews`` — 196 Wikinews articles of 2019–2020 staged in benchmarks/corpora/wikinews (CC BY 2.5,
  see its SOURCE.md);
* ``undated`` — the texts of ``gum`` and ``wikinews`` as plain ``.txt`` files (title, blank line, body)
  with no front matter: the kit must date them from their own words or compare them by content only;
* ``syndicated`` — every staged Wikinews article beside a copy another outlet republished a day later
  under its own headline: a text and its copy agree, so every finding between them is false (a frame
  that cannot tell two facts of one text apart);
* ``headlines`` — 74 real headlines on the December 2023 talks (../shared/eval), titles only.

    python -m benchmarks.precision [--corpus gum --corpus wikinews ...] [--out reports/precision.json]

Precision is true / (true + false); "scope" verdicts (a real difference of scope the finding names as
such) are counted apart. A finding is matched with its verdict by (article path, kind, evidence text).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable


from benchmarks.corpus import GUM, WIKINEWS, read_staged, staged
from claimkit.paths import project_root

ROOT = project_root()
SHARED = ROOT.parent / "shared"
VERDICTS = ROOT / "benchmarks" / "verdicts"
VERDICT_COLUMNS = ("path", "kind", "evidence", "verdict", "reason")
VERDICT_VALUES = ("true", "scope", "false")


def gum_articles(folder: Path) -> list[Path]:
    """GUM's Wikinews documents as Markdown articles (title, Wikinews, URL, creation date)."""
    paths = []
    for line in GUM.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        meta = doc["meta"]
        front = {"title": doc["title"], "source": "Wikinews", "url": meta.get("sourceURL"),
                 "published": (meta.get("dateCreated") or "")[:10] or None}
        path = folder / f"{doc['doc_id']}.md"
        path.write_text(staged(front, doc["text"]), encoding="utf-8")
        paths.append(path)
    return paths


def wikinews_articles(folder: Path) -> list[Path]:
    del folder  # staged in the project already
    return sorted(WIKINEWS.glob("*.md"))


def undated_articles(folder: Path) -> list[Path]:
    """GUM's and the staged Wikinews texts as a user pasting them would give them: title, body, no date."""
    staged = folder / "staged"
    staged.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in [*gum_articles(staged), *wikinews_articles(staged)]:
        meta, body = read_staged(source)
        path = folder / f"{source.stem}.txt"
        path.write_text(f"{meta['title']}\n\n{body.lstrip()}", encoding="utf-8")
        paths.append(path)
    return paths


def syndicated_articles(folder: Path) -> list[Path]:
    """The staged Wikinews articles and, beside each, the same text republished by another outlet a day
    later with the headline as its first line."""
    paths = []
    for source in wikinews_articles(folder):
        meta, body = read_staged(source)
        published = meta.get("published")
        copy = {"title": f"{meta['title']} (republished)", "source": "Republished Wire",
                "published": str(date.fromisoformat(str(published)) + timedelta(days=1)) if published else None}
        path = folder / f"{source.stem}_republished.md"
        path.write_text(staged(copy, f"{meta['title']}\n\n{body.lstrip()}"), encoding="utf-8")
        paths += [source, path]
    return paths


def headline_articles(folder: Path) -> list[Path]:
    """Each headline as a one-line article from its publisher, dated as the dataset dates it."""
    data = json.loads((SHARED / "eval" / "gaza-news-headlines-2023-12-13_21.json").read_text(encoding="utf-8"))
    paths = []
    for i, row in enumerate(data["rows"]):
        front = {"title": row["title"], "source": row["publisher"], "url": row["url"],
                 "published": row["date_in_dataset"]}
        path = folder / f"headline_{i:03d}.md"
        path.write_text(staged(front, row["title"] + "\n"), encoding="utf-8")
        paths.append(path)
    return paths


CORPORA: dict[str, Callable[[Path], list[Path]]] = {
    "gum": gum_articles,
    "wikinews": wikinews_articles,
    "undated": undated_articles,
    "syndicated": syndicated_articles,
    "headlines": headline_articles,
}


def load_verdicts(corpus: str) -> dict[tuple[str, str, str], dict[str, str]]:
    """(path, kind, evidence) -> verdict row; every row checked (values, no duplicates)."""
    path = VERDICTS / f"{corpus}.csv"
    if not path.exists():
        return {}
    out: dict[tuple[str, str, str], dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in VERDICT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path}: missing columns {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            if row["verdict"] not in VERDICT_VALUES:
                raise SystemExit(f"{path}:{line}: verdict must be one of {', '.join(VERDICT_VALUES)}")
            key = (row["path"], row["kind"], row["evidence"])
            if key in out:
                raise SystemExit(f"{path}:{line}: a second verdict for the same finding")
            out[key] = row
    return out


def run_corpus(corpus: str, work: Path) -> tuple[int, list[dict[str, Any]]]:
    """(articles read, findings with their article path) for one corpus, run like `claimkit run`."""
    from claimkit import pipeline

    inputs = work / "raw"
    inputs.mkdir(parents=True, exist_ok=True)
    files = CORPORA[corpus](inputs)
    result = pipeline.run(files, work / "out")
    paths = dict(zip(result.articles["article_id"], result.articles["path"]))
    findings = []
    for row in result.findings.to_dict("records"):
        findings.append({"path": Path(str(paths.get(row["article_id"], ""))).name, "kind": row["kind"],
                         "severity": row["severity"], "evidence": row["text"], "explanation": row["explanation"]})
    return len(result.articles), findings


def score(corpus: str, articles: int, findings: list[dict[str, Any]],
          verdicts: dict[tuple[str, str, str], dict[str, str]]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    unjudged = []
    for f in findings:
        verdict = verdicts.get((f["path"], f["kind"], f["evidence"]))
        if verdict is None:
            unjudged.append(f)
        else:
            counts[verdict["verdict"]] += 1
    decided = counts["true"] + counts["false"]
    return {
        "corpus": corpus,
        "articles": articles,
        "findings": len(findings),
        "per_100_articles": round(100 * len(findings) / articles, 1) if articles else 0.0,
        "by_kind": dict(Counter(f["kind"] for f in findings)),
        "true": counts["true"], "scope": counts["scope"], "false": counts["false"],
        "precision": round(counts["true"] / decided, 3) if decided else None,
        "unjudged": unjudged,
    }


def print_table(results: Iterable[dict[str, Any]]) -> None:
    header = f"{'corpus':<10} {'articles':>8} {'findings':>8} {'per 100':>8} {'true':>5} {'scope':>5} " \
             f"{'false':>5} {'precision':>9} {'unjudged':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        precision = "n/a" if r["precision"] is None else f"{r['precision']:.3f}"
        print(f"{r['corpus']:<10} {r['articles']:>8} {r['findings']:>8} {r['per_100_articles']:>8} {r['true']:>5} "
              f"{r['scope']:>5} {r['false']:>5} {precision:>9} {len(r['unjudged']):>8}")
    for r in results:
        for f in r["unjudged"]:
            print(f"UNJUDGED {r['corpus']}: {f['path']} [{f['kind']}, {f['severity']}] "
                  f"{f['evidence']!r}: {f['explanation']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA),
                        help="a corpus to run (repeatable; default: all)")
    parser.add_argument("--out", default=str(ROOT / "reports" / "precision.json"), help="JSON output")
    args = parser.parse_args(argv)
    corpora = args.corpus or list(CORPORA)
    results = []
    with tempfile.TemporaryDirectory(prefix="claimkit-precision-") as tmp:
        for corpus in corpora:
            print(f"running the kit on {corpus} ...", file=sys.stderr)
            articles, findings = run_corpus(corpus, Path(tmp) / corpus)
            results.append(score(corpus, articles, findings, load_verdicts(corpus)))
    print_table(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
