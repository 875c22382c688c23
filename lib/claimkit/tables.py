"""The table contracts (ARCHITECTURE.md): column names and dtypes every part and notebook relies on.

Add columns freely; never rename these without a migration note in the README.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from .errors import TableError

# column -> pandas dtype. Dates are ISO strings ("YYYY-MM-DD"): they survive Parquet, CSV, DuckDB and
# papermill parameters alike, and a partial date ("2023-12") stays honest instead of becoming a day.
ARTICLES: dict[str, str] = {
    "article_id": "string",
    "path": "string",
    "source": "string",
    "title": "string",
    "published": "string",
    "url": "string",
    "language": "string",
    "author": "string",
    "text": "string",
    "sha256": "string",
    "reference_date": "string",
    "warnings": "object",  # list[str]
    "meta": "string",  # JSON object of any extra front-matter keys
}

REJECTED: dict[str, str] = {
    "path": "string",
    "reason": "string",
}

MENTIONS: dict[str, str] = {
    "mention_id": "string",
    "article_id": "string",
    "sentence_id": "Int64",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "label": "string",  # spaCy label (PERSON, ORG, GPE, ...)
    "entity_id": "string",  # reference id, or null when the reference does not know it
    "entity_type": "string",  # person, organisation, country, place, outlet, event
    "origin": "string",  # "reference" (entity ruler) or "model" (statistical NER)
}

CLAIMS: dict[str, str] = {
    "claim_id": "string",
    "article_id": "string",
    "sentence_id": "Int64",
    "start": "Int64",
    "end": "Int64",
    "text": "string",  # == article text[start:end], the evidence
    "sentence": "string",  # the whole sentence the claim sits in, for context
    "kind": "string",  # quantity, event_date, attribution, role, quote, forecast
    "subject": "string",
    "subject_id": "string",
    "predicate": "string",
    "object": "string",
    "object_id": "string",
    "value": "Float64",
    "low": "Float64",
    "high": "Float64",
    "low_inclusive": "boolean",
    "high_inclusive": "boolean",
    "unit": "string",
    "qualifier": "string",  # exact, more_than, less_than, about, at_least, at_most, range
    "date": "string",  # ISO date, or start of an interval
    "date_end": "string",  # ISO end of an interval (inclusive), null for a single day
    "date_text": "string",
    "date_type": "string",  # absolute, partial, relative, duration
    "attributed_to": "string",
    "attributed_to_id": "string",
    "descriptor": "string",  # what the article calls the subject/source ("Israeli", "British")
    "source_start": "Int64",
    "source_end": "Int64",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "checkworthiness": "Float64",
    # the frame of a quantity claim (claimkit.extract.frames): what it counts, whose, what happened, when
    "measure": "string",  # what is counted: "captive", "seat", "duration of ceasefire", "age"
    "scope": "string",  # modifiers narrowing it ("foreign", "country/israel"), "|"-joined
    "holder": "string",  # whose figure: "labour", "boeing"; "?" for a pronoun
    "holder_id": "string",
    "place": "string",  # where it holds ("in Gaza")
    "place_id": "string",
    "state": "string",  # from the governing verb: released, held, killed, won, ...
    "status": "string",  # actual, proposed, other, capacity, rate, change, earlier, preliminary, cumulative, part, base
    "as_of": "string",  # ISO day (or interval start) the figure holds for, when its verb carries a date
    "as_of_end": "string",
    "anchor_text": "string",  # words that may name the event it belongs to ("during the truce")
    "breakdown": "string",  # shared by the parts of one breakdown ("14 Israeli and 9 foreign hostages")
    "frame": "string",  # parsed | shallow (fast mode: no parse, never compared)
    "proposition_id": "string",  # the fact it states (claimkit.propositions), when it can be compared (the first one)
    # details some extractors add for the checks (null elsewhere); listed so every part of a table
    # written batch by batch has the same columns and types
    "subject_start": "Int64",
    "subject_end": "Int64",
    "predicate_start": "Int64",
    "predicate_end": "Int64",
    "predicate_lemma": "string",  # the counted noun's lemma ("hostage")
    "object_start": "Int64",
    "object_end": "Int64",
    "role_id": "string",
    "title_qualifier": "string",  # "former", "acting", "then" ...
    "descriptor_country_id": "string",
    "cue_type": "string",  # how an attribution is introduced: speech, quote, according_to ...
    "negated": "boolean",
    "redacted": "boolean",  # a title cut by redaction marks ("Israel** Herzog")
    "via": "string",  # the outlet that quotes or cites the source ("..., the Times quoted him as saying")
    "via_id": "string",
    "unclosed": "boolean",  # a quote whose closing mark is missing
    "granularity": "string",  # day, month, year: how precise a date is
    "forward_looking": "boolean",
    "event_date": "string",  # the ISO day a duration counts from ("75 days since 7 October")
    "event_text": "string",
}

FINDINGS: dict[str, str] = {
    "finding_id": "string",
    "kind": "string",  # role_conflict, outlet_conflict, title_mismatch, numeric_conflict,
    # date_conflict, temporal_inconsistency, integrity
    "severity": "string",  # high, medium, low
    "article_id": "string",
    "claim_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "other_article_id": "string",
    "other_claim_id": "string",
    "other_text": "string",
    "expected": "string",
    "reference_source": "string",
    "explanation": "string",
    "proposition_id": "string",  # the fact both sides state (numeric conflicts)
    "sources": "string",  # JSON list: every source on each side {side, article_id, claim_id, text, value, label, where}
    # a person's verdict (claimkit.review): keyed by the evidence's fingerprint, kept across runs
    "fingerprint": "string",  # sha256 of the evidence (kind, content hashes, texts, offsets)
    "review_id": "string",  # its first 10 hex characters: what `claimkit review accept ID` takes
    "review_status": "string",  # open, accepted, dismissed
    "rating": "string",  # a rating name of data/reviews/settings.yaml (accepted findings)
    "reviewed_by": "string",
    "reviewed_at": "string",  # ISO 8601 UTC time of the verdict that holds
    "review_note": "string",
}

# claimkit.propositions: one row per fact stated by comparable figures, and every figure given for it
PROPOSITIONS: dict[str, str] = {
    "proposition_id": "string",
    "label": "string",  # in words: "hostages/detainees freed, November 2023 truce"
    "measure": "string",
    "scope": "string",
    "holder": "string",
    "place": "string",
    "state": "string",
    "unit": "string",
    "time": "string",  # event:<id> | day:<iso> | days:<iso>/<iso> | reported:<iso> | from:<iso> | occasion:<iso> | undated:<day, event or article>
    "event_id": "string",
    "claims": "Int64",
    "articles": "Int64",
    "values": "string",  # "105 (3 texts); 110 (1 text)"
    "agree": "boolean",  # every pair of figures can both be right
    "claim_ids": "object",  # list[str]
}

TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLES,
    "rejected": REJECTED,
    "mentions": MENTIONS,
    "claims": CLAIMS,
    "findings": FINDINGS,
    "propositions": PROPOSITIONS,
}

CLAIM_KINDS = ("quantity", "event_date", "attribution", "role", "quote", "forecast")
QUALIFIERS = ("exact", "more_than", "less_than", "about", "at_least", "at_most", "range")
FINDING_KINDS = (
    "role_conflict",
    "outlet_conflict",
    "title_mismatch",
    "numeric_conflict",
    "date_conflict",
    "temporal_inconsistency",
    "integrity",
)
SEVERITIES = ("high", "medium", "low")
REVIEW_STATUSES = ("open", "accepted", "dismissed")


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _schema(table).items()})


def conform(records: pd.DataFrame | list[Mapping], table: str) -> pd.DataFrame:
    """Records (dicts or a frame) as a frame with every contract column, in order, with its dtype.

    Missing contract columns are added as nulls; extra columns are kept after the contract's.
    """
    schema = _schema(table)
    frame = records.copy() if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
    if frame.empty and not len(frame.columns):
        return empty(table)
    for column, dtype in schema.items():
        if column not in frame.columns:
            frame[column] = pd.Series([None] * len(frame), dtype=dtype, index=frame.index)
        elif dtype != "object":
            frame[column] = frame[column].astype(dtype)
    extra = [c for c in frame.columns if c not in schema]
    return frame[list(schema) + extra].reset_index(drop=True)


def conforms(frame: pd.DataFrame, table: str) -> bool:
    """Whether ``frame`` is already as :func:`conform` makes it (contract columns first, in order, with
    their dtypes; a plain range index), so writers can skip converting it again."""
    schema = _schema(table)
    columns = list(frame.columns[: len(schema)])
    if columns != list(schema) or not frame.index.equals(pd.RangeIndex(len(frame))):
        return False
    return all(dtype == "object" or str(frame[c].dtype) == dtype for c, dtype in schema.items())


def arrow_schema(frame: pd.DataFrame, table: str) -> "pyarrow.Schema":
    """The Parquet schema of ``table``: contract columns typed by the contract (so every part of a
    dataset written piece by piece has the same schema, even when a part's column is all null), extra
    columns as pyarrow infers them from ``frame``."""
    import pyarrow as pa

    types = {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64(), "boolean": pa.bool_(),
             "object": pa.list_(pa.string())}
    contract = TABLES.get(table, {})
    inferred = pa.Schema.from_pandas(frame, preserve_index=False)
    fields = []
    for name in frame.columns:
        dtype = contract.get(str(name))
        known = types.get(dtype) if dtype is not None else None
        fields.append(pa.field(str(name), known) if known is not None else inferred.field(str(name)))
    return pa.schema(fields)


def validate(frame: pd.DataFrame, table: str) -> None:
    """Raise TableError when a frame lacks a contract column."""
    missing = [c for c in _schema(table) if c not in frame.columns]
    if missing:
        raise TableError(f"{table} table lacks contract columns: {', '.join(missing)}")


def present(value: object) -> bool:
    """True unless a cell is missing: None, NaN/NA, or an empty string."""
    if value is None:
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):  # lists and arrays are present
        pass
    return not (isinstance(value, str) and not value.strip())


def clean(value: object) -> object:
    """The cell's value, or None when it is missing."""
    return value if present(value) else None


def _schema(table: str) -> dict[str, str]:
    try:
        return TABLES[table]
    except KeyError:
        raise TableError(f"unknown table {table!r}; known: {', '.join(TABLES)}") from None
