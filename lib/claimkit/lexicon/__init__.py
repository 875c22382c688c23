"""Domain words as data: the YAML files in this folder, read once and checked on load.

``figures()`` gives the words that decide what a figure in the news is a figure of (see
``figures.yaml``): measures, states, how states move over time, and the cues of each kind of figure.
Users extend the YAML files; code never lists such words itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError

__all__ = ["Action", "FigureWords", "LEXICON_DIR", "actions", "figures"]

LEXICON_DIR = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class FigureWords:
    """The words of ``figures.yaml``, indexed for lookups (all lower case)."""

    measure_of: dict[str, str]  # counted noun (singular lemma) -> measure
    subgroup_of: dict[str, str]  # "civilian" -> "people": a part of a measure, kept as its scope
    state_nouns: dict[str, str]  # "toll" -> "killed"
    custody_states: frozenset[str]
    captivity_verbs: frozenset[str]
    still_verbs: frozenset[str]
    captive_measures: frozenset[str]
    event_nouns: frozenset[str]
    verb_state: dict[str, str]  # verb lemma -> state
    adjective_state: dict[str, str]  # adjective -> state
    holderless: frozenset[str]
    dynamics: dict[str, str]  # state -> "cumulative" | "level"
    level_days: int
    settle_days: int
    reading_units: frozenset[str]  # units of an instant reading (a storm's speed): changes by the hour
    modal: frozenset[str]
    proposal_verbs: frozenset[str]
    proposal_nouns: frozenset[str]
    conditional: frozenset[str]
    window_cues: tuple[str, ...]
    other_instance: frozenset[str]
    capacity_verbs: frozenset[str]
    capacity_holders: frozenset[str]
    capacity_nouns: frozenset[str]
    rate_words: frozenset[str]
    rate_adverbs: frozenset[str]
    change_verbs: frozenset[str]
    change_adverbs: frozenset[str]
    change_nouns: frozenset[str]
    earlier_prepositions: frozenset[str]
    preliminary_words: frozenset[str]
    preliminary_phrases: tuple[str, ...]
    cumulative_phrases: tuple[str, ...]
    phase_words: frozenset[str]
    phase_phrases: tuple[str, ...]
    part_prepositions: frozenset[str]
    time_anaphora: tuple[str, ...]
    pronouns: frozenset[str]
    time_words: frozenset[str]
    locative_prepositions: frozenset[str]
    anchor_prepositions: frozenset[str]
    linking_verbs: frozenset[str]
    share_units: frozenset[str]
    demonym_endings: tuple[str, ...]
    measure_labels: dict[str, str]
    state_labels: dict[str, str]

    def measure(self, lemma: str) -> str:
        """The measure a counted noun belongs to (the noun itself when no group lists it; a subgroup's
        whole for a subgroup: "civilian" → "people")."""
        return self.measure_of.get(lemma) or self.subgroup_of.get(lemma) or lemma


@lru_cache(maxsize=1)
def figures() -> FigureWords:
    """The figure words, loaded and checked once per process (raises LexiconError naming the file)."""
    path = LEXICON_DIR / "figures.yaml"
    data = _load(path)
    problems: list[str] = []

    def words(section: dict[str, Any], key: str) -> list[str]:
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            problems.append(f"{key}: expected a list of words")
            return []
        return [w.strip().lower() for w in value]

    measure_of: dict[str, str] = {}
    for measure, nouns in (data.get("measures") or {}).items():
        for noun in words({"n": nouns}, "n"):
            if measure_of.setdefault(noun, measure) != measure:
                problems.append(f"measures: {noun!r} is listed under {measure_of[noun]!r} and {measure!r}")
    verb_state: dict[str, str] = {}
    adjective_state: dict[str, str] = {}
    for state, entry in (data.get("states") or {}).items():
        for index, table in (("verbs", verb_state), ("adjectives", adjective_state)):
            for word in words(entry or {}, index):
                if table.setdefault(word, state) != state:
                    problems.append(f"states: {index[:-1]} {word!r} is listed under {table[word]!r} and {state!r}")
    dynamics: dict[str, str] = {}
    for kind in ("cumulative", "level"):
        for state in words(data.get("dynamics") or {}, kind):
            dynamics[state] = kind
    known = set((data.get("states") or {}))
    for state in [*dynamics, *words(data, "holderless_states"), *words(data, "custody_states"),
                  *(str(v) for v in (data.get("state_nouns") or {}).values())]:
        if state not in known:
            problems.append(f"unknown state {state!r} (known: {', '.join(sorted(known))})")
    status = data.get("status") or {}
    grammar = data.get("grammar") or {}
    labels = data.get("labels") or {}
    phase = words(status, "phase_adverbs")
    subgroups = {str(k).lower(): str(v) for k, v in (data.get("subgroups") or {}).items()}
    for noun in set(subgroups) & set(measure_of):
        problems.append(f"subgroups: {noun!r} is also listed under measures")
    if problems:
        raise LexiconError(path, problems)
    return FigureWords(
        measure_of=measure_of,
        subgroup_of=subgroups,
        state_nouns={str(k).lower(): str(v) for k, v in (data.get("state_nouns") or {}).items()},
        custody_states=frozenset(words(data, "custody_states")),
        captivity_verbs=frozenset(words(data, "captivity_verbs")),
        still_verbs=frozenset(words(data, "still_verbs")),
        captive_measures=frozenset(words(data, "captive_measures")),
        event_nouns=frozenset(words(data, "event_nouns")),
        verb_state=verb_state,
        adjective_state=adjective_state,
        holderless=frozenset(words(data, "holderless_states")),
        dynamics=dynamics,
        level_days=int(data.get("level_days", 3)),
        settle_days=int(data.get("settle_days", 7)),
        reading_units=frozenset(words(data, "reading_units")),
        modal=frozenset(words(status, "modal_auxiliaries")),
        proposal_verbs=frozenset(words(status, "proposal_verbs")),
        proposal_nouns=frozenset(words(status, "proposal_nouns")),
        conditional=frozenset(words(status, "conditional_marks")),
        window_cues=tuple(words(status, "window_cues")),
        other_instance=frozenset(words(status, "other_instance")),
        capacity_verbs=frozenset(words(status, "capacity_verbs")),
        capacity_holders=frozenset(words(status, "capacity_holders")),
        capacity_nouns=frozenset(words(status, "capacity_nouns")),
        rate_words=frozenset(words(status, "rate_words")),
        rate_adverbs=frozenset(words(status, "rate_adverbs")),
        change_verbs=frozenset(words(status, "change_verbs")),
        change_adverbs=frozenset(words(status, "change_adverbs")),
        change_nouns=frozenset(words(status, "change_nouns")),
        earlier_prepositions=frozenset(words(status, "earlier_prepositions")),
        preliminary_words=frozenset(words(status, "preliminary_words")),
        preliminary_phrases=tuple(words(status, "preliminary_phrases")),
        cumulative_phrases=tuple(words(status, "cumulative_phrases")),
        phase_words=frozenset(w for w in phase if " " not in w),
        phase_phrases=tuple(w for w in phase if " " in w),
        part_prepositions=frozenset(words(status, "part_prepositions")),
        time_anaphora=tuple(words(status, "time_anaphora")),
        pronouns=frozenset(words(grammar, "pronouns")),
        time_words=frozenset(words(grammar, "time_words")),
        locative_prepositions=frozenset(words(grammar, "locative_prepositions")),
        anchor_prepositions=frozenset(words(grammar, "anchor_prepositions")),
        linking_verbs=frozenset(words(grammar, "linking_verbs")),
        share_units=frozenset(words(grammar, "share_units")),
        demonym_endings=tuple(words(grammar, "demonym_endings")),
        measure_labels={str(k): str(v) for k, v in (labels.get("measures") or {}).items()},
        state_labels={str(k): str(v) for k, v in (labels.get("states") or {}).items()},
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(path, [str(exc)]) from None
    if not isinstance(data, dict):
        raise LexiconError(path, ["expected a mapping at the top level"])
    return data


@dataclass(frozen=True, slots=True)
class Action:
    """A kind of action a date can be attached to (``actions.yaml``): its cue pattern and its noun."""

    name: str
    noun: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def actions() -> tuple[Action, ...]:
    """The actions of ``actions.yaml``, compiled once (raises LexiconError naming the file)."""
    path = LEXICON_DIR / "actions.yaml"
    data = _load(path)
    out, problems = [], []
    for name, entry in data.items():
        cues = (entry or {}).get("cues")
        if not isinstance(cues, list) or not cues or not (entry or {}).get("noun"):
            problems.append(f"{name}: needs a noun and a list of cues")
            continue
        try:
            pattern = re.compile(r"\b(?:" + "|".join(str(c) for c in cues) + r")\b", re.IGNORECASE)
        except re.error as exc:
            problems.append(f"{name}: a cue is not a valid regular expression ({exc})")
            continue
        out.append(Action(str(name), str(entry["noun"]), pattern))
    if problems:
        raise LexiconError(path, problems)
    return tuple(out)
