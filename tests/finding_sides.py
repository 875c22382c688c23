"""The sides of a finding, for tests that ask "does this finding set evidence A against evidence B?".

A finding names its evidence (``article_id``, ``start``, ``end``) and one other side (``other_*``); a
disagreement between several texts also lists every source in ``sources`` (JSON), each with the
``group`` of figures it belongs to (0 is the consensus; -1 a wide figure that fits several groups and
takes no side). Two evidences are set against each other when they sit in different groups of one finding.
"""

from __future__ import annotations

import json
from typing import NamedTuple

import pandas as pd


class Side(NamedTuple):
    group: int
    article_id: str
    start: int
    end: int


def sides(finding: pd.Series | dict, texts: dict[str, str], claims: pd.DataFrame | None = None) -> list[Side]:
    """Every side of ``finding``: its listed sources, else its own span (group 1) and the other side (0)."""
    raw = finding.get("sources")
    if isinstance(raw, str) and raw.strip():
        out = []
        for source in json.loads(raw):
            if source.get("article_id") and source.get("start") is not None:
                out.append(Side(int(source.get("group", 0)), str(source["article_id"]), int(source["start"]),
                                int(source["end"])))
        if out:
            return out
    out = [Side(1, str(finding["article_id"]), int(finding["start"]), int(finding["end"]))]
    other = _other_span(finding, texts, claims)
    if other is not None:
        out.append(other)
    return out


def _other_span(finding, texts: dict[str, str], claims: pd.DataFrame | None) -> Side | None:
    article_id, claim_id, text = (finding.get(k) for k in ("other_article_id", "other_claim_id", "other_text"))
    if pd.isna(article_id) if not isinstance(article_id, str) else not article_id:
        return None
    if claims is not None and isinstance(claim_id, str) and claim_id:
        row = claims[claims["claim_id"] == claim_id]
        if len(row):
            return Side(0, str(article_id), int(row.iloc[0]["start"]), int(row.iloc[0]["end"]))
    if not isinstance(text, str) or not text:
        return None
    start = texts.get(str(article_id), "").find(text)
    return Side(0, str(article_id), start, start + len(text)) if start >= 0 else None


def overlaps(side: Side, article_id: str, start: int, end: int) -> bool:
    """Whether ``side`` lies in that article and overlaps [start, end) (an empty span: anywhere in it)."""
    return side.article_id == article_id and (start == end or (side.start < end and start < side.end))
