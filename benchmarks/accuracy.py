"""Accuracy of claimkit's extractors on annotations nobody here wrote (``make accuracy``).

- GUM Wikinews (CC BY): attribution sources (exact / any-overlap P, R, F1; recall on reported speech)
  and quote recall, through the same code path as ``claimkit run`` (``pipeline.extract``, full model).
- quantulum3 (MIT): share of expected in-scope quantities found with the right value (and unit).
- Recognizers-Text (MIT): share of dated date expressions resolved to the expected date or interval,
  reported apart for explicit, partial and relative expressions.

Prints one table and writes ``reports/accuracy.json`` with counts beside every ratio.

    python -m benchmarks.accuracy [--data DIR] [--out reports/accuracy.json] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from claimkit.extract.dates import extract_dates
from claimkit.extract.quantities import extract_quantities
from claimkit.nlp import build_pipeline
from claimkit.paths import project_root
from claimkit.pipeline import extract
from claimkit.reference import load_reference

# Reported speech (issue 6): a gold attribution counts for recall when its cue is a verb of saying or
# reporting, or "according to". Lemmas of the cue's words (lower-cased surface forms listed too).
SPEECH_CUES = {
    "say", "said", "says", "saying", "tell", "told", "tells", "according", "report", "reported", "reports",
    "state", "stated", "states", "announce", "announced", "claim", "claimed", "claims", "add", "added",
    "explain", "explained", "note", "noted", "write", "wrote", "writes", "ask", "asked", "reply",
    "replied", "comment", "commented", "describe", "described", "warn", "warned", "confirm",
    "confirmed", "deny", "denied", "insist", "insisted", "argue", "argued", "suggest", "suggested",
    "quote", "quoted", "declare", "declared", "admit", "admitted", "acknowledge", "acknowledged",
    "respond", "responded", "call", "called", "urge", "urged", "allege", "alleged", "indicate",
    "indicated", "mention", "mentioned", "testify", "testified", "speak", "spoke", "answer", "answered",
    "point", "pointed", "predict", "predicted", "estimate", "estimated", "accuse", "accused",
}

# quantulum3 units the kit aims at: plain counts, money, percentages, time spans and the common
# physical units of news copy. Compound rates ("per"), particle physics and data sizes are set aside.
IN_SCOPE_UNITS = {
    "dimensionless", "percentage", "dollar", "euro", "pound sterling", "yen", "pound", "year", "month",
    "week", "day", "hour", "minute", "second", "metre", "kilometre", "centimetre", "millimetre", "mile",
    "inch", "foot", "yard", "kilogram", "gram", "milligram", "tonne", "pound-mass", "square kilometre",
    "square mile",
    "square metre", "square foot", "litre", "millilitre", "gallon", "degree Celsius", "degree fahrenheit",
    "ton", "ounce", "cent", "penny", "barrel", "knot",
    "kilometre per hour", "mile per hour", "cubic kilometre", "cubic metre", "acre", "hectare",
}

# claimkit unit names -> quantulum3 unit names (for checking the unit when the case gives one).
UNIT_NAMES = {
    "percent": "percentage", "%": "percentage", "USD": "dollar", "EUR": "euro", "GBP": "pound sterling",
    "JPY": "yen", "day": "day", "week": "week", "month": "month", "year": "year", "hour": "hour",
    "minute": "minute", "second": "second", "km": "kilometre", "m": "metre", "cm": "centimetre",
    "mm": "millimetre", "mile": "mile", "inch": "inch", "foot": "foot", "yard": "yard", "kg": "kilogram",
    "g": "gram", "mg": "milligram", "tonne": "tonne", "lb": "pound-mass", "km2": "square kilometre",
    "litre": "litre", "sq mile": "square mile", "m2": "square metre", "sq ft": "square foot", "ml": "millilitre",
    "ton": "ton", "oz": "ounce", "cent": "cent", "pence": "penny", "barrel": "barrel", "knot": "knot", "l": "litre", "gallon": "gallon", "°C": "degree Celsius",
    "°F": "degree fahrenheit", "km/h": "kilometre per hour", "mph": "mile per hour",
    "km3": "cubic kilometre", "m3": "cubic metre", "acre": "acre", "hectare": "hectare",
}

RELATIVE_WORDS = re.compile(
    r"\b(today|tonight|tomorrow|yesterday|last|next|this|coming|previous|past|ago|later|earlier|"
    r"before|after|upcoming|current|following|recent|within|from now|since)\b", re.I)


def data_dir(given: str | None) -> Path:
    """The shared benchmarks folder: --data, $CLAIMKIT_BENCHMARKS, or ../shared/benchmarks."""
    candidate = given or os.environ.get("CLAIMKIT_BENCHMARKS")
    path = Path(candidate) if candidate else project_root().parent / "shared" / "benchmarks"
    if not (path / "gum-wikinews" / "documents.jsonl").exists():
        raise SystemExit(f"{path}: benchmark data not found (give --data DIR or set CLAIMKIT_BENCHMARKS)")
    return path


# ----------------------------------------------------------------------------------------------------
# span matching
def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "predicted": n_pred, "correct_predicted": tp_pred, "gold": n_gold, "found_gold": tp_gold}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def greedy_match(pred: list[tuple[int, int]], gold: list[list[tuple[int, int]]], *, exact: bool) -> int:
    """One-to-one greedy matching; a gold item is a list of acceptable spans (its parts). Returns matches."""
    used: set[int] = set()
    matched = 0
    for span in sorted(pred):
        for gi, alternatives in enumerate(gold):
            if gi in used:
                continue
            if any((span == alt) if exact else _overlaps(span, alt) for alt in alternatives):
                used.add(gi)
                matched += 1
                break
    return matched


def _gold_source_spans(attribution: dict) -> list[tuple[int, int]]:
    source = attribution["source"]
    spans = [(source["start"], source["end"])]
    spans += [(p["start"], p["end"]) for p in source.get("parts", [])]
    return spans


def _is_speech(attribution: dict) -> bool:
    cue = attribution.get("cue")
    if not cue:
        return False
    words = re.findall(r"[a-z]+", cue["text"].lower())
    return any(w in SPEECH_CUES for w in words)


# ----------------------------------------------------------------------------------------------------
def score_gum(bench: Path, reference, *, limit: int | None = None) -> dict[str, Any]:
    lines = (bench / "gum-wikinews" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()]
    docs = docs[:limit] if limit else docs
    articles = pd.DataFrame(
        {"article_id": [d["doc_id"] for d in docs], "path": [d["doc_id"] for d in docs],
         "title": [d["title"] for d in docs], "text": [d["text"] for d in docs],
         "published": [d["meta"].get("dateCreated") for d in docs], "warnings": [[] for _ in docs]}
    )
    claims = extract(articles, reference=reference, fast=False).claims
    by_doc = {k: g for k, g in claims.groupby("article_id")}
    result: dict[str, Any] = {}
    misses: list[dict] = []
    for subset in ("all", "test"):
        chosen = [d for d in docs if subset == "all" or d["meta"].get("partition") == "test"]
        counts = Counter()
        for d in chosen:
            c = by_doc.get(d["doc_id"], claims.iloc[0:0])
            attr = c[c["kind"] == "attribution"].dropna(subset=["source_start", "source_end"])
            pred = sorted({(int(s), int(e)) for s, e in zip(attr["source_start"], attr["source_end"])})
            gold_all = [_gold_source_spans(a) for a in d["attributions"]]
            gold_speech = [_gold_source_spans(a) for a in d["attributions"] if _is_speech(a)]
            for mode in ("exact", "overlap"):
                ex = mode == "exact"
                counts[f"{mode}_pred_ok"] += greedy_match(pred, gold_all, exact=ex)
                counts[f"{mode}_gold_found"] += greedy_match(pred, gold_all, exact=ex)
                counts[f"{mode}_speech_found"] += greedy_match(pred, gold_speech, exact=ex)
            counts["pred"] += len(pred)
            counts["gold"] += len(gold_all)
            counts["speech"] += len(gold_speech)
            quotes = c[c["kind"] == "quote"]
            qpred = [(int(s), int(e)) for s, e in zip(quotes["start"], quotes["end"])]
            qgold = [[(q["start"], q["end"])] for q in d["quotes"]]
            counts["quotes_gold"] += len(qgold)
            counts["quotes_exact"] += greedy_match(qpred, qgold, exact=True)
            counts["quotes_overlap"] += greedy_match(qpred, qgold, exact=False)
            if subset == "all":
                for a in d["attributions"]:
                    if _is_speech(a) and not any(_overlaps(p, s) for p in pred for s in _gold_source_spans(a)):
                        misses.append({"doc": d["doc_id"], "source": a["source"]["text"],
                                       "cue": (a.get("cue") or {}).get("text")})
        block: dict[str, Any] = {"documents": len(chosen)}
        for mode in ("exact", "overlap"):
            p = counts[f"{mode}_pred_ok"] / counts["pred"] if counts["pred"] else 0.0
            r = counts[f"{mode}_speech_found"] / counts["speech"] if counts["speech"] else 0.0
            block[f"source_{mode}"] = {
                "precision": round(p, 4),
                "recall_speech": round(r, 4),
                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "predicted": counts["pred"], "correct_predicted": counts[f"{mode}_pred_ok"],
                "gold_speech": counts["speech"], "found_speech": counts[f"{mode}_speech_found"],
                "all_gold": prf(counts[f"{mode}_pred_ok"], counts["pred"], counts[f"{mode}_gold_found"],
                                counts["gold"]),
            }
        block["quotes"] = {
            "gold": counts["quotes_gold"],
            "recall_exact": round(counts["quotes_exact"] / counts["quotes_gold"], 4) if counts["quotes_gold"] else 0.0,
            "recall_overlap": round(counts["quotes_overlap"] / counts["quotes_gold"], 4) if counts["quotes_gold"] else 0.0,
            "found_exact": counts["quotes_exact"], "found_overlap": counts["quotes_overlap"],
        }
        result[subset] = block
    result["sample_missed_speech_sources"] = misses[:25]
    return result


# ----------------------------------------------------------------------------------------------------
def score_quantulum(bench: Path, nlp) -> dict[str, Any]:
    cases = json.loads((bench / "quantulum3" / "quantities.json").read_text(encoding="utf-8"))
    docs = nlp.pipe([c["req"] for c in cases])
    counts = Counter()
    set_aside = Counter()
    misses = []
    for case, doc in zip(cases, docs):
        predicted = extract_quantities(doc)
        # precision side: a prediction that overlaps no expected quantity at all (in scope or not)
        expected_spans = [(case["req"].find(e["surface"]), case["req"].find(e["surface"]) + len(e["surface"]))
                          for e in case["res"]]
        counts["predicted"] += len(predicted)
        false_hits = [q for q in predicted if not any(_overlaps((q["start"], q["end"]), e) for e in expected_spans)]
        counts["false_hits"] += len(false_hits)
        if false_hits and len(misses) < 40:
            misses.append({"text": case["req"], "false_hits": [q["text"] for q in false_hits]})
        for expected in case["res"]:
            unit = expected["unit"]
            if unit not in IN_SCOPE_UNITS:
                set_aside[unit] += 1
                continue
            if unit == "dimensionless" and re.fullmatch(r"1\d{3}|20\d{2}", expected["surface"].strip()):
                set_aside["year (a date: the date extractor's job)"] += 1
                continue
            counts["expected"] += 1
            where = case["req"].find(expected["surface"])
            span = (where, where + len(expected["surface"]))
            hit = None
            for q in predicted:
                if _overlaps(span, (q["start"], q["end"])) and _value_ok(q, expected):
                    hit = q
                    break
            if hit is None:
                misses.append({"text": case["req"], "expected": expected["surface"], "value": expected["value"],
                               "unit": unit, "got": [(q["text"], q.get("value"), q.get("unit")) for q in predicted]})
                continue
            counts["value_ok"] += 1
            if unit == "dimensionless" or UNIT_NAMES.get(str(hit.get("unit"))) == unit:
                counts["found"] += 1
            else:
                misses.append({"text": case["req"], "expected": expected["surface"], "value": expected["value"],
                               "unit": unit, "got_unit": hit.get("unit")})
    n = counts["expected"]
    return {
        "in_scope_expected": n,
        "found_value_and_unit": counts["found"],
        "found_value": counts["value_ok"],
        "share_found": round(counts["found"] / n, 4) if n else 0.0,
        "share_value_only": round(counts["value_ok"] / n, 4) if n else 0.0,
        "predicted": counts["predicted"],
        "false_hits": counts["false_hits"],
        "precision": round(1 - counts["false_hits"] / counts["predicted"], 4) if counts["predicted"] else 0.0,
        "set_aside": sum(set_aside.values()),
        "set_aside_units": dict(set_aside.most_common()),
        "set_aside_why": "years are dates, not quantities; compound rates, particle physics, data sizes "
                         "and other units outside news copy are not what the kit aims at",
        "sample_misses": misses[:25],
    }


def _value_ok(predicted: dict, expected: dict) -> bool:
    value = predicted.get("value")
    if value is None or value != value:
        return False
    target = float(expected["value"])
    if "uncertainty" in expected and predicted.get("qualifier") == "range":
        low, high = predicted.get("low"), predicted.get("high")
        if low is not None and high is not None:
            return abs((low + high) / 2 - target) <= 1e-6 * max(1.0, abs(target))
    return abs(float(value) - target) <= 1e-6 * max(1.0, abs(target))


# ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DateCase:
    text: str
    start: int
    end: int
    anchor: date
    expected: list[tuple[date, date]]  # acceptable readings (start, end inclusive)
    category: str  # explicit, partial, relative
    source: str


def _iso(value: str) -> date:
    return datetime.fromisoformat(value[:10]).date()


def _readings(values: Iterable[dict]) -> list[tuple[date, date]]:
    """Acceptable (start, end) readings of an expected resolution; unresolvable values are skipped."""
    out = []
    for v in values:
        try:
            out.extend(_reading(v))
        except (ValueError, TypeError):
            continue
    return out


def _reading(v: dict) -> list[tuple[date, date]]:
    out = []
    if v:
        if "date" in v:
            d = _iso(v["date"])
            out.append((d, d))
        elif "value" in v and v.get("type") == "date":
            d = _iso(v["value"])
            out.append((d, d))
        elif ("startDate" in v and "endDate" in v) or ("start" in v and "end" in v):
            s = _iso(v.get("startDate") or v["start"])
            e = _iso(v.get("endDate") or v["end"])
            out.append((s, e))
    return out


_TENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b|\b\d{1,2}[/.-]\d{1,2}[/.,-]\s?\d{2,4}\b|'\d\d\b|"
                  rf"\b(nineteen|twenty)[ -]({_TENS})\b|\btwo thousand\b", re.I)
CALENDAR_WORDS = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|"
    r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?\b|\b(first|second|third|fourth|fifth|"
    r"twenty|thirty|[a-z]+(st|nd|rd|th))\b|christmas|easter|new year|eve\b|spring|summer|autumn|fall|winter",
    re.I)


def _category(text: str) -> str:
    """explicit: the expression carries its year; relative: it needs the reference date to mean
    anything ("tomorrow", "last week", "three days ago"); partial: a calendar date without its year."""
    if YEAR.search(text):
        return "explicit"
    if RELATIVE_WORDS.search(text) or not CALENDAR_WORDS.search(text):
        return "relative"
    return "partial"


def load_date_cases(bench: Path) -> list[DateCase]:
    """Every date/daterange result with a reference date (impossible dates, which upstream resolves to
    0001-01-01, are left out and counted in ``load_date_cases.impossible``)."""
    cases: list[DateCase] = []
    impossible = 0
    folder = bench / "recognizers-text"
    for name in ("DateParser.json", "DatePeriodParser.json", "MergedParser.json", "DateTimeModel.json"):
        for case in json.loads((folder / name).read_text(encoding="utf-8-sig")):
            ref = (case.get("Context") or {}).get("ReferenceDateTime")
            if not ref:
                continue
            anchor = _iso(ref)
            for res in case.get("Results", []):
                kind = str(res.get("Type") or res.get("TypeName") or res.get("Typename") or "")
                if not kind.endswith(("date", "daterange")):
                    continue
                if name == "DateTimeModel.json":
                    start, end = res["Start"], res["End"] + 1
                    values = res["Resolution"]["values"]
                    readings = _readings(values)
                elif "values" in res.get("Value", {}):
                    start, end = res["Start"], res["Start"] + res["Length"]
                    values = res["Value"]["values"]
                    readings = _readings(values)
                else:
                    start, end = res["Start"], res["Start"] + res["Length"]
                    value = res["Value"]
                    readings = _readings([value.get("PastResolution", {}), value.get("FutureResolution", {})])
                if not readings:
                    continue
                if all(r[0].year == 1 for r in readings):
                    impossible += 1  # upstream's "no such date" (30 February, a fifth Sunday that is not)
                    continue
                text = case["Input"][start:end]
                cases.append(DateCase(case["Input"], start, end, anchor, readings, _category(text), name))
    load_date_cases.impossible = impossible  # type: ignore[attr-defined]
    return cases


def _same_interval(predicted: dict, expected: tuple[date, date]) -> bool:
    """Same start, and an end that means the same. Upstream ends are exclusive ("August" ->
    08-01..09-01), ours inclusive; and upstream ends a range "A to B" where B *starts* ("2014 to 2018"
    -> 2014-01-01..2018-01-01) where we include B (to 2018-12-31, as a fact-checker reads "from 2014 to
    2018"). Both readings of a range end are accepted; the start must match exactly."""
    start = _iso(predicted["date"])
    end = _iso(predicted["date_end"]) if predicted.get("date_end") else start
    exp_start, exp_end = expected
    if start != exp_start:
        return False
    if end in (exp_end, exp_end - timedelta(days=1)):
        return True
    if exp_start == exp_end:
        return False
    granularity = str(predicted.get("granularity") or "")
    if granularity in ("month", "part_of_month"):
        following = date(exp_end.year + exp_end.month // 12, exp_end.month % 12 + 1, 1)
        return end == following - timedelta(days=1)
    if granularity == "year":
        return end == date(exp_end.year, 12, 31)
    return False


def score_recognizers(bench: Path, nlp) -> dict[str, Any]:
    cases = load_date_cases(bench)
    counts = Counter()
    misses = []
    docs = nlp.pipe([c.text for c in cases])
    for case, doc in zip(cases, docs):
        counts[f"{case.category}_n"] += 1
        predicted = [d for d in extract_dates(doc, anchor=case.anchor)
                     if _overlaps((d["start"], d["end"]), (case.start, case.end))]
        ok = any(_same_interval(d, exp) for d in predicted for exp in case.expected)
        if ok:
            counts[f"{case.category}_ok"] += 1
        elif len(misses) < 40:
            misses.append({"input": case.text, "span": case.text[case.start:case.end], "category": case.category,
                           "anchor": case.anchor.isoformat(),
                           "expected": [(s.isoformat(), e.isoformat()) for s, e in case.expected],
                           "got": [(d["date_text"], d["date"], d.get("date_end")) for d in predicted]})
    out: dict[str, Any] = {}
    for category in ("explicit", "partial", "relative"):
        n, ok = counts[f"{category}_n"], counts[f"{category}_ok"]
        out[category] = {"cases": n, "correct": ok, "share": round(ok / n, 4) if n else 0.0}
    n = sum(counts[f"{c}_n"] for c in ("explicit", "partial", "relative"))
    ok = sum(counts[f"{c}_ok"] for c in ("explicit", "partial", "relative"))
    out["all"] = {"cases": n, "correct": ok, "share": round(ok / n, 4) if n else 0.0}
    out["left_out_impossible_dates"] = getattr(load_date_cases, "impossible", 0)
    out["sample_misses"] = misses
    return out


# ----------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score claimkit's extractors on external annotations.")
    parser.add_argument("--data", help="benchmarks folder (default ../shared/benchmarks)")
    parser.add_argument("--out", default=None, help="JSON output (default reports/accuracy.json)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N GUM documents (debugging)")
    args = parser.parse_args(argv)
    bench = data_dir(args.data)
    started = time.perf_counter()
    reference = load_reference()
    nlp = build_pipeline(reference, fast=False)
    results = {
        "date": date.today().isoformat(),
        "gum": score_gum(bench, reference, limit=args.limit),
        "quantulum3": score_quantulum(bench, nlp),
        "recognizers_text": score_recognizers(bench, nlp),
    }
    results["seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out) if args.out else project_root() / "reports" / "accuracy.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)
    print(f"written {out} in {results['seconds']} s")
    return 0


def print_table(results: dict[str, Any]) -> None:
    rows = []
    for subset in ("all", "test"):
        g = results["gum"][subset]
        for mode in ("exact", "overlap"):
            s = g[f"source_{mode}"]
            rows.append((f"GUM {subset} ({g['documents']} docs) source {mode}",
                         f"P {s['precision']:.3f} ({s['correct_predicted']}/{s['predicted']})  "
                         f"R-speech {s['recall_speech']:.3f} ({s['found_speech']}/{s['gold_speech']})  "
                         f"F1 {s['f1']:.3f}"))
        q = g["quotes"]
        rows.append((f"GUM {subset} quotes", f"recall exact {q['recall_exact']:.3f}  overlap "
                     f"{q['recall_overlap']:.3f} (of {q['gold']})"))
    qn = results["quantulum3"]
    rows.append(("quantulum3 in-scope quantities",
                 f"{qn['share_found']:.3f} ({qn['found_value_and_unit']}/{qn['in_scope_expected']}); "
                 f"value only {qn['share_value_only']:.3f}; set aside {qn['set_aside']}; "
                 f"false hits {qn['false_hits']}/{qn['predicted']}"))
    for category in ("explicit", "partial", "relative", "all"):
        r = results["recognizers_text"][category]
        rows.append((f"Recognizers-Text {category} dates", f"{r['share']:.3f} ({r['correct']}/{r['cases']})"))
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    raise SystemExit(main())
