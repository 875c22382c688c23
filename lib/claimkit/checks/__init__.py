"""The checks: every place where an article contradicts the reference, another article or itself,
and every sign that its text is damaged — as rows of the ``findings`` table, each with its evidence.

One module per family: ``roles`` (role_conflict, title_mismatch), ``outlets`` (outlet_conflict),
``numeric`` (numeric_conflict), ``temporal`` (temporal_inconsistency, date_conflict), ``integrity``.
Checks that need the dated reference are skipped when it is None.
"""

from __future__ import annotations

import logging
from typing import Callable, Literal

import pandas as pd

from ..corpus import reading_once
from ..propositions import FactIndex, index_facts
from ..reference import Reference
from ._common import to_frame
from .integrity import find_integrity_problems
from .numeric import find_numeric_conflicts
from .outlets import find_outlet_conflicts
from .roles import find_role_conflicts, find_title_mismatches
from .temporal import (find_date_conflicts, find_occasion_conflicts, find_reference_date_conflicts,
                       find_temporal_inconsistencies)

__all__ = [
    "find_date_conflicts",
    "find_integrity_problems",
    "find_numeric_conflicts",
    "find_occasion_conflicts",
    "find_outlet_conflicts",
    "find_reference_date_conflicts",
    "find_role_conflicts",
    "find_temporal_inconsistencies",
    "find_title_mismatches",
    "run_checks",
]

_LOG = logging.getLogger("claimkit")
Families = Literal["all", "articles", "facts"]


def run_checks(articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame | None,
               reference: Reference | None, *, index: FactIndex | None = None,
               families: Families = "all") -> pd.DataFrame:
    """Every family of checks over the tables; one findings frame (contract columns), in reading order.
    ``index`` is the corpus's propositions (built here when not given), read by every comparing check.

    ``families`` picks a part: ``"articles"``, the families that read one article at a time (its text, its
    claims, the reference), so a corpus can be checked batch by batch; ``"facts"``, those that compare
    texts through ``index`` (which may be one shard of the corpus's facts); ``"all"``, both.

    A family that fails on unexpected input is logged (a warning on the ``claimkit`` logger naming the
    family and the error) and skipped, so one odd article cannot cost the findings of the others."""
    with reading_once():  # every family reads the same tables: convert them once
        return _run_families(articles, claims, mentions, reference, index, families)


def _run_families(articles: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame | None,
                  reference: Reference | None, index: FactIndex | None, families: Families) -> pd.DataFrame:
    chosen: list[tuple[str, Callable[[], pd.DataFrame]]] = []
    if families in ("all", "articles"):
        chosen += [
            ("integrity", lambda: find_integrity_problems(articles, mentions=mentions)),
            ("temporal", lambda: find_temporal_inconsistencies(articles, claims, reference=reference,
                                                               mentions=mentions)),
        ]
        if reference is not None:
            chosen += [
                ("date", lambda: find_reference_date_conflicts(articles, claims, reference=reference,
                                                               mentions=mentions)),
                ("roles", lambda: find_role_conflicts(articles, claims, reference)),
                ("titles", lambda: find_title_mismatches(articles, claims, reference)),
                ("outlets", lambda: find_outlet_conflicts(articles, claims, reference, mentions=mentions)),
            ]
    if families in ("all", "facts"):
        if index is None:
            try:
                index = index_facts(articles, claims, mentions, reference)
            except Exception as exc:  # noqa: BLE001 - the other families need no propositions
                _LOG.warning("the propositions stage failed; figures and dates are not compared: %s: %s",
                             type(exc).__name__, exc)
                index = FactIndex([], [])
        facts = index
        chosen += [
            ("numeric", lambda: find_numeric_conflicts(articles, claims, reference=reference, mentions=mentions,
                                                       index=facts)),
            ("occasions", lambda: find_occasion_conflicts(facts, reference)),
        ]
    rows: list[dict] = []
    for name, family in chosen:
        try:
            frame = family()
        except Exception as exc:  # noqa: BLE001 - one family's bug must not cost the others' findings
            _LOG.warning("check family %r failed and was skipped: %s: %s", name, type(exc).__name__, exc)
            continue
        rows.extend(frame.to_dict("records"))
    return to_frame(rows)
