"""Verdicts on findings: a person accepts, dismisses or rates a finding, and every later run keeps it.

A verdict is keyed by the finding's **fingerprint**, a hash of the evidence only — the finding's kind,
the article's content hash, the evidence text and its character offsets, and the other side's content
hash and text — never of ids, severities, explanations or table order, so it survives re-runs, reordering
and kit upgrades as long as the evidence is the same. Verdicts are appended, one JSON object per line, to
``<reviews>/verdicts.jsonl`` (plain, diffable, never rewritten in place); the latest line for a
fingerprint wins. A verdict whose finding no longer exists (the article was edited) is an *orphan*: it is
listed, never dropped.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd
import yaml

from . import store
from .errors import ReviewError, shown
from .paths import project_root
from .tables import conform, present

VERDICTS = "verdicts.jsonl"
SETTINGS = "settings.yaml"
REVIEWS_ENV = "CLAIMKIT_REVIEWS_DIR"
DEFAULT_SETTINGS = Path(__file__).parent / "data" / "review_settings.yaml"
FINGERPRINT_SCHEME = "claimkit-finding-v1"  # changes only if the recipe below changes (README: Reviewing)
ID_LENGTH = 10  # hex characters of the fingerprint shown to people as the finding's review id
MIN_ID_LENGTH = 6
STATUSES = ("open", "accepted", "dismissed")
VERDICT_KINDS = ("accepted", "dismissed")
REVIEW_COLUMNS = ("fingerprint", "review_id", "review_status", "rating", "reviewed_by", "reviewed_at", "review_note")


# ------------------------------------------------------------------------------------- fingerprints


def fingerprint(kind: Any, article_sha256: Any, text: Any, start: Any, end: Any,
                other_sha256: Any = None, other_text: Any = None) -> str:
    """The finding's fingerprint: sha256 over the evidence (fields joined with U+001F, missing ones empty)."""
    parts = [FINGERPRINT_SCHEME, kind, article_sha256, text, _int_text(start), _int_text(end), other_sha256,
             other_text]
    return hashlib.sha256("\x1f".join("" if not present(p) else str(p) for p in parts).encode("utf-8")).hexdigest()


def _int_text(value: Any) -> str:
    return str(int(value)) if present(value) else ""


def short_id(value: str) -> str:
    """The review id people type: the first ten hex characters of a fingerprint."""
    return value[:ID_LENGTH]


def fingerprints(findings: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Each finding's fingerprint. The other side is the other article (its content hash and the quoted
    text) when there is one, else the reference's expected value. Findings whose evidence is identical in
    every part (rare) are told apart by their rank in a sort of their own content, never by table order."""
    findings, articles = conform(findings, "findings"), conform(articles, "articles")
    sha = {str(a): str(s) for a, s in zip(articles["article_id"], articles["sha256"]) if present(a)}
    values = []
    for f in findings.itertuples(index=False):
        if present(f.other_article_id) or present(f.other_text):
            other_sha, other = sha.get(str(f.other_article_id)) if present(f.other_article_id) else None, f.other_text
        else:
            other_sha, other = None, f.expected
        values.append(fingerprint(f.kind, sha.get(str(f.article_id)), f.text, f.start, f.end, other_sha, other))
    out = pd.Series(values, index=findings.index, dtype="string")
    for value, rows in out.groupby(out).groups.items():
        if len(rows) < 2:
            continue
        ranked = sorted(rows, key=lambda i: tuple(str(findings.at[i, c]) for c in ("explanation", "severity",
                                                                                   "finding_id")))
        for n, i in enumerate(ranked[1:], start=1):
            out.at[i] = hashlib.sha256(f"{value}\x1f{n}".encode("ascii")).hexdigest()
    return out


# ------------------------------------------------------------------------------------------ verdicts


@dataclass(frozen=True)
class Verdict:
    """One line of verdicts.jsonl: who decided what about which finding, when, and why."""

    fingerprint: str
    verdict: str  # accepted | dismissed
    at: str  # ISO 8601 UTC
    by: str
    rating: str | None = None  # a rating name of the settings' scale ("false", "mostly-true", ...)
    note: str | None = None
    id: str = ""  # the short review id, for people reading the file
    kind: str | None = None  # what the finding was, so an orphan can still be described
    article: str | None = None
    evidence: str | None = None


def reviews_dir() -> Path:
    """Where verdicts and settings live: ``$CLAIMKIT_REVIEWS_DIR``, else the project's data/reviews."""
    env = os.environ.get(REVIEWS_ENV)
    return Path(env) if env else project_root() / "data" / "reviews"


def read_verdicts(directory: str | Path | None = None) -> list[Verdict]:
    """Every verdict recorded in ``directory`` (default :func:`reviews_dir`), oldest first.

    A line that is not a verdict raises ReviewError naming the file and line: a verdict is never
    silently lost.
    """
    path = Path(directory or reviews_dir()) / VERDICTS
    if not path.exists():
        return []
    verdicts = []
    fields = set(Verdict.__dataclass_fields__)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise ReviewError(f"{shown(path)}:{number}: not a JSON object ({exc.msg})") from None
        if not isinstance(data, dict) or data.get("verdict") not in VERDICT_KINDS \
                or not all(isinstance(data.get(k), str) for k in ("fingerprint", "at", "by")):
            raise ReviewError(f"{shown(path)}:{number}: a verdict needs fingerprint, verdict "
                              f"({' or '.join(VERDICT_KINDS)}), at and by")
        verdicts.append(Verdict(**{k: v for k, v in data.items() if k in fields}))
    return verdicts


def latest(verdicts: Iterable[Verdict]) -> dict[str, Verdict]:
    """The verdict that holds for each fingerprint: the last one recorded."""
    return {v.fingerprint: v for v in verdicts}


def apply(findings: pd.DataFrame, articles: pd.DataFrame, directory: str | Path | None = None) -> pd.DataFrame:
    """The findings with their fingerprint, review id and the verdict that holds for each:
    ``review_status`` (open / accepted / dismissed), ``rating``, ``reviewed_by``, ``reviewed_at``,
    ``review_note``."""
    findings = conform(findings, "findings")
    prints = fingerprints(findings, articles)
    held = latest(read_verdicts(directory))
    out = findings.copy()
    out["fingerprint"] = prints
    out["review_id"] = prints.str.slice(0, ID_LENGTH)
    got = [held.get(str(p)) for p in prints]
    out["review_status"] = pd.array([v.verdict if v else "open" for v in got], dtype="string")
    out["rating"] = pd.array([v.rating if v else None for v in got], dtype="string")
    out["reviewed_by"] = pd.array([v.by if v else None for v in got], dtype="string")
    out["reviewed_at"] = pd.array([v.at if v else None for v in got], dtype="string")
    out["review_note"] = pd.array([v.note if v else None for v in got], dtype="string")
    return conform(out, "findings")


def open_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings nobody has accepted or dismissed yet."""
    findings = conform(findings, "findings")
    return findings[findings["review_status"].fillna("open") == "open"].reset_index(drop=True)


def resolve(findings: pd.DataFrame, review_id: str) -> pd.Series:
    """The one finding whose review id starts with ``review_id`` (at least six hex characters)."""
    wanted = str(review_id).strip().lower().lstrip("#")
    if len(wanted) < MIN_ID_LENGTH or any(c not in "0123456789abcdef" for c in wanted):
        raise ReviewError(f"{shown(review_id)!s}: a review id is {MIN_ID_LENGTH}-{ID_LENGTH} hex characters "
                          "(as `claimkit review` lists them)")
    matches = findings[findings["fingerprint"].fillna("").str.startswith(wanted)]
    if matches.empty:
        raise ReviewError(f"no finding with review id {wanted}: `claimkit review` lists the open ones")
    if len(matches) > 1:
        raise ReviewError(f"review id {wanted} matches {len(matches)} findings; give more characters")
    return matches.iloc[0]


def record(findings: pd.DataFrame, review_id: str, verdict: str, *, rating: str | None = None,
           note: str | None = None, by: str | None = None, directory: str | Path | None = None,
           articles: pd.DataFrame | None = None) -> Verdict:
    """Append a verdict on the finding ``review_id`` names to verdicts.jsonl (the file is rewritten whole
    to a temporary file and renamed, under the folder's lock, so a crash never leaves half a line).

    ``findings`` must carry fingerprints (:func:`apply`); a ``rating`` must be on the settings' scale.
    """
    if verdict not in VERDICT_KINDS:
        raise ReviewError(f"verdict {verdict!r}: choose {' or '.join(VERDICT_KINDS)}")
    folder = Path(directory or reviews_dir())
    if rating is not None:
        rating = load_settings(folder).rating(rating)["name"]
    finding = resolve(findings, review_id)
    if rating is None and verdict == "accepted":  # accepting again keeps the rating given before
        rated = [v.rating for v in read_verdicts(folder) if v.fingerprint == finding["fingerprint"] and v.rating]
        rating = rated[-1] if rated else None
    path_of: dict[Any, Any] = {}
    if articles is not None:
        articles = conform(articles, "articles")
        path_of = dict(zip(articles["article_id"], articles["path"]))
    entry = Verdict(
        fingerprint=str(finding["fingerprint"]), verdict=verdict,
        at=datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        by=(by or "").strip() or _who(), rating=rating, note=(note or "").strip() or None,
        id=short_id(str(finding["fingerprint"])), kind=_text(finding.get("kind")),
        article=_text(path_of.get(finding.get("article_id"), finding.get("article_id"))),
        evidence=_text(finding.get("text")),
    )
    line = json.dumps({k: v for k, v in asdict(entry).items() if v is not None}, ensure_ascii=False, sort_keys=True)
    target = folder / VERDICTS
    with store.locked(folder):
        before = target.read_bytes() if target.exists() else b""
        if before and not before.endswith(b"\n"):
            before += b"\n"
        with store.atomic_path(target) as tmp:
            with open(tmp, "wb") as handle:
                handle.write(before + line.encode("utf-8") + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
    return entry


def accept(review_id: str, *, note: str | None = None, by: str | None = None,
           processed: str | Path | None = None, directory: str | Path | None = None) -> Verdict:
    """Accept the finding ``review_id`` of the run in ``processed`` (default data/processed), as
    ``claimkit review accept`` does: for a notebook cell."""
    return _decide(review_id, "accepted", None, note, by, processed, directory)


def dismiss(review_id: str, *, note: str | None = None, by: str | None = None,
            processed: str | Path | None = None, directory: str | Path | None = None) -> Verdict:
    """Dismiss the finding ``review_id`` (a false alarm), as ``claimkit review dismiss`` does."""
    return _decide(review_id, "dismissed", None, note, by, processed, directory)


def rate(review_id: str, rating: str, *, note: str | None = None, by: str | None = None,
         processed: str | Path | None = None, directory: str | Path | None = None) -> Verdict:
    """Accept the finding ``review_id`` with a rating of the settings' scale, as ``claimkit review rate``."""
    return _decide(review_id, "accepted", rating, note, by, processed, directory)


def load(processed: str | Path | None = None, directory: str | Path | None = None, *,
         build_if_missing: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run's findings (with the verdicts recorded so far) and articles from ``processed`` (default
    data/processed; with ``build_if_missing``, an empty default folder is filled by a run on data/raw
    first, as the notebooks do on a fresh clone)."""
    from .paths import processed_dir
    from .pipeline import load_outputs

    outputs = load_outputs(processed or processed_dir(), build_if_missing=build_if_missing)
    return apply(outputs.findings, outputs.articles, directory), outputs.articles


def _decide(review_id: str, verdict: str, rating: str | None, note: str | None, by: str | None,
            processed: str | Path | None, directory: str | Path | None) -> Verdict:
    findings, articles = load(processed, directory)
    return record(findings, review_id, verdict, rating=rating, note=note, by=by, directory=directory,
                  articles=articles)


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _text(value: Any) -> str | None:
    return str(value) if present(value) else None


def orphans(findings: pd.DataFrame, directory: str | Path | None = None) -> pd.DataFrame:
    """Verdicts (the latest per fingerprint) whose finding is not among ``findings`` any more: the
    article was edited, removed, or the kit no longer raises it. Listed for a person, never dropped."""
    present_prints = set(conform(findings, "findings")["fingerprint"].dropna().astype(str))
    rows = [asdict(v) for v in latest(read_verdicts(directory)).values() if v.fingerprint not in present_prints]
    columns = list(Verdict.__dataclass_fields__)
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class Settings:
    """The fact-checking organisation and its rating scale (data/reviews/settings.yaml)."""

    organisation: dict[str, str]
    url_template: str
    best: int
    worst: int
    ratings: list[dict[str, Any]]  # {name, value, label}
    source: Path

    def rating(self, given: str) -> dict[str, Any]:
        """The scale's rating named ``given`` (its name, label or value), else ReviewError listing them."""
        wanted = str(given).strip().casefold()
        for item in self.ratings:
            if wanted in (str(item["name"]).casefold(), str(item["label"]).casefold(), str(item["value"])):
                return item
        names = ", ".join(str(r["name"]) for r in self.ratings)
        raise ReviewError(f"rating {given!r} is not on the scale of {shown(self.source)}; choose one of: {names}")

    def url(self, review_id: str) -> str:
        """Where the fact-check on ``review_id`` will be published (the settings' URL template)."""
        return self.url_template.replace("{id}", review_id)


def load_settings(directory: str | Path | None = None) -> Settings:
    """``<reviews>/settings.yaml`` if there is one, else the kit's default; ReviewError naming the file
    and the problem when it is invalid."""
    path = Path(directory or reviews_dir()) / SETTINGS
    if not path.exists():
        path = DEFAULT_SETTINGS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReviewError(f"{shown(path)}: not valid YAML ({type(exc).__name__})") from None
    return _settings(data, path)


def _settings(data: Any, path: Path) -> Settings:
    def fail(problem: str) -> ReviewError:
        return ReviewError(f"{shown(path)}: {problem}")

    if not isinstance(data, Mapping):
        raise fail("settings must be a YAML mapping")
    org = data.get("organisation")
    if not isinstance(org, Mapping) or not isinstance(org.get("name"), str) or not org["name"].strip():
        raise fail("organisation.name (the fact-checking organisation) is required")
    template = data.get("url_template")
    if not isinstance(template, str) or "{id}" not in template or not template.startswith(("https://", "http://")):
        raise fail("url_template must be an http(s) address containing {id}")
    scale = data.get("rating_scale")
    if not isinstance(scale, Mapping):
        raise fail("rating_scale (best, worst, ratings) is required")
    best, worst, ratings = scale.get("best"), scale.get("worst"), scale.get("ratings")
    if not isinstance(best, int) or not isinstance(worst, int) or best == worst:
        raise fail("rating_scale.best and rating_scale.worst must be two different integers")
    if not isinstance(ratings, list) or not ratings:
        raise fail("rating_scale.ratings must list the ratings (name, value, label)")
    low, high = min(best, worst), max(best, worst)
    for item in ratings:
        if not isinstance(item, Mapping) or not all(isinstance(item.get(k), t) for k, t in
                                                    (("name", str), ("value", int), ("label", str))):
            raise fail(f"rating {item!r}: needs name (text), value (integer) and label (text)")
        if not low <= item["value"] <= high:
            raise fail(f"rating {item['name']!r}: value {item['value']} is outside {worst}..{best}")
    return Settings({k: str(v) for k, v in org.items() if isinstance(v, (str, int))}, template, best, worst,
                    [dict(r) for r in ratings], path)
