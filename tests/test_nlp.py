"""Tests of claimkit.nlp: the reference ruler (fast pipeline, no model), caching, streaming, and a few
tests of the full statistical pipeline (marked `model`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.pipeline import EntityRuler

from claimkit import nlp as ck_nlp
from claimkit import paths
from claimkit.errors import ModelNotFoundError
from claimkit.nlp import RULER_NAME, build_pipeline, describe, load_model, parse
from claimkit.reference import Reference, load_reference

FIXTURE = Path(__file__).parent / "fixtures" / "reference" / "minimal"
BARNEA = (
    "Barnea met with the head of the US intelligence service, Burns, and the Prime Minister and "
    "Foreign Minister of Qatar Mohammed bin Salman in Warsaw on 18 December."
)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(FIXTURE)


@pytest.fixture(scope="module")
def fast(ref: Reference) -> Language:
    return build_pipeline(ref, fast=True)


@pytest.fixture(scope="module")
def full(ref: Reference) -> Language:
    try:
        return build_pipeline(ref)
    except ModelNotFoundError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(str(exc))


def ents(doc) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


# --------------------------------------------------------------------------------------------------
# The reference ruler on the fast pipeline (no statistical model)
# --------------------------------------------------------------------------------------------------


def test_nlp_fast_pipeline_components(fast: Language) -> None:
    assert fast.pipe_names == ["sentencizer", RULER_NAME]
    assert isinstance(fast.get_pipe(RULER_NAME), EntityRuler)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            BARNEA,
            [
                ("Barnea", "PERSON", "person/david_barnea"),
                ("US", "GPE", "country/united_states"),
                ("Burns", "PERSON", "person/william_burns"),
                ("Qatar", "GPE", "country/qatar"),
                ("Mohammed bin Salman", "PERSON", "person/mohammed_bin_salman"),
                ("Warsaw", "GPE", "place/warsaw"),
            ],
        ),
        # hyphen or space, "al" or "Al", honorific, possessive
        ("Sheikh Mohammed bin Abdulrahman al-Thani's visit", [("Sheikh Mohammed bin Abdulrahman al-Thani", "PERSON", "person/mohammed_bin_abdulrahman_al_thani")]),
        ("Khalid bin Khalifa Al-Thani resigned.", [("Khalid bin Khalifa Al-Thani", "PERSON", "person/khalid_bin_khalifa_al_thani")]),
        ("Egypt's al Ahram reported", [("Egypt", "GPE", "country/egypt"), ("al Ahram", "ORG", "outlet/al_ahram")]),
        ("AL-AHRAM REPORTED", [("AL-AHRAM", "ORG", "outlet/al_ahram")]),
        # case rules: one distinctive word must be capitalised, acronyms as written
        ("The fire burns for three times as long as it told us.", []),
        ("BURNS AND GALLANT MET", [("BURNS", "PERSON", "person/william_burns"), ("GALLANT", "PERSON", "person/yoav_gallant")]),
        ("According to the Times, US and U.S. officials agree.", [("the Times", "ORG", "outlet/the_times"), ("US", "GPE", "country/united_states"), ("U.S.", "GPE", "country/united_states")]),
        ("a US-led coalition", [("US", "GPE", "country/united_states")]),
        # two distinctive words: any case
        ("residents of the gaza strip fled", [("gaza strip", "GPE", "place/gaza_strip")]),
        ("The Gaza strip and GAZA", [("Gaza strip", "GPE", "place/gaza_strip"), ("GAZA", "GPE", "place/gaza_strip")]),
        # diacritics either way
        ("Erdogan and Recep Tayyip Erdoğan", [("Erdogan", "PERSON", "person/recep_tayyip_erdogan"), ("Recep Tayyip Erdoğan", "PERSON", "person/recep_tayyip_erdogan")]),
        # the longest name wins; adjectives are not entity mentions
        ("The Times of London said", [("The Times of London", "ORG", "outlet/the_times")]),
        ("Israeli and Qatari officials", []),
        ("the Central Intelligence Agency (CIA)", [("Central Intelligence Agency", "ORG", "org/cia"), ("CIA", "ORG", "org/cia")]),
    ],
)
def test_nlp_reference_ruler(fast: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert ents(fast(text)) == expected


def test_nlp_fast_docs_have_sentences_but_no_model_annotations(fast: Language) -> None:
    doc = fast("Barnea met Burns. They talked in Warsaw.")
    assert [s.text for s in doc.sents] == ["Barnea met Burns.", "They talked in Warsaw."]
    assert not doc.has_annotation("DEP") and not doc.has_annotation("POS") and not doc.has_annotation("LEMMA")


def test_nlp_build_pipeline_is_cached_per_reference_and_mode(ref: Reference, fast: Language, tmp_path: Path) -> None:
    assert build_pipeline(ref, fast=True) is fast
    assert build_pipeline(load_reference(FIXTURE), fast=True) is fast  # same folder, same content
    changed = tmp_path / "reference"
    changed.mkdir()
    for path in FIXTURE.iterdir():
        (changed / path.name).write_bytes(path.read_bytes())
    unchanged = build_pipeline(load_reference(changed), fast=True)
    assert build_pipeline(load_reference(changed), fast=True) is unchanged
    edited = changed / "entities.csv"
    edited.write_text(edited.read_text(encoding="utf-8") + "place/lodz,place,Łódź,Lodz,,country/poland,,https://example.org\n", encoding="utf-8")
    rebuilt = build_pipeline(load_reference(changed), fast=True)
    assert rebuilt is not fast
    assert ents(rebuilt("From Lodz to Warsaw")) == [("Lodz", "GPE", "place/lodz"), ("Warsaw", "GPE", "place/warsaw")]


def test_nlp_describe_fast(fast: Language, ref: Reference) -> None:
    info = describe(fast)
    assert info["fast"] is True and info["model"] is None
    assert info["components"] == ["sentencizer", RULER_NAME]
    assert info["reference_snapshot"] == ref.snapshot
    assert info["ruler_patterns"] == len(ref.ruler_patterns())
    assert info["pipeline_version"] == ck_nlp.PIPELINE_VERSION


def test_nlp_parse_streams_in_order(fast: Language) -> None:
    def endless() -> Iterator[str]:
        for i in itertools.count():
            yield f"Text number {i} about Warsaw."

    docs = parse(fast, endless(), batch_size=4)
    assert isinstance(docs, Iterator)
    first = list(itertools.islice(docs, 10))  # would never return if parse built a list
    assert [d.text for d in first] == [f"Text number {i} about Warsaw." for i in range(10)]


def test_nlp_load_model_raises_when_no_model_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ck_nlp, "MODEL_PACKAGES", ("claimkit_no_such_model_a", "claimkit_no_such_model_b"))
    with pytest.raises(ModelNotFoundError, match="claimkit_no_such_model_a, claimkit_no_such_model_b"):
        load_model()


# --------------------------------------------------------------------------------------------------
# The full statistical pipeline
# --------------------------------------------------------------------------------------------------


@pytest.mark.model
def test_nlp_full_pipeline_puts_the_ruler_before_ner(full: Language) -> None:
    names = full.pipe_names
    assert names.index(RULER_NAME) == names.index("ner") - 1
    for needed in ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner"):
        assert needed in names
    info = describe(full)
    assert info["fast"] is False and info["model"] in ck_nlp.MODEL_PACKAGES and info["model_version"]


@pytest.mark.model
def test_nlp_full_pipeline_known_names_win(full: Language) -> None:
    doc = full(BARNEA)
    found = ents(doc)
    assert ("Barnea", "PERSON", "person/david_barnea") in found
    assert ("Qatar", "GPE", "country/qatar") in found
    assert ("Mohammed bin Salman", "PERSON", "person/mohammed_bin_salman") in found
    assert ("Burns", "PERSON", "person/william_burns") in found
    assert not any("Qatar Mohammed" in text for text, _, _ in found)
    assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA")


@pytest.mark.model
def test_nlp_full_pipeline_still_finds_unknown_names(full: Language) -> None:
    doc = full("Angela Merkel met Barnea in Berlin on Monday.")
    found = {(e.text, e.label_): e.ent_id_ for e in doc.ents}
    assert found[("Barnea", "PERSON")] == "person/david_barnea"
    assert found[("Angela Merkel", "PERSON")] == ""  # found by the model, unknown to the reference


@pytest.mark.model
@pytest.mark.skipif(not (paths.reference_dir() / "entities.csv").is_file(), reason="data/reference/ is not written yet")
def test_nlp_full_pipeline_with_the_real_reference() -> None:
    try:
        nlp = build_pipeline()
    except ModelNotFoundError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(str(exc))
    found = ents(nlp(BARNEA))
    assert ("Barnea", "PERSON") in [(t, label) for t, label, _ in found]
    ids = {text: ent_id for text, _, ent_id in found}
    assert ids["Barnea"].startswith("person/") and ids["Mohammed bin Salman"].startswith("person/")
    assert ids["Qatar"].startswith("country/") and ids["Warsaw"].startswith("place/")


def test_nlp_parse_a_text_over_max_length_in_pieces_with_exact_offsets(fast: Language) -> None:
    """spaCy refuses texts over max_length (1,000,000): parse cuts them after line breaks and joins the
    pieces back, so the Doc is the whole text and an entity near the end has its offsets in it."""
    line = "The envoys met again in Warsaw and talked for hours about the long road ahead.\n"
    text = line * (fast.max_length // len(line) + 2) + "The last talks were held in Warsaw."
    (doc,) = parse(fast, [text])
    assert len(text) > fast.max_length and doc.text == text
    last = doc.ents[-1]
    assert (last.text, text[last.start_char : last.end_char]) == ("Warsaw", "Warsaw")
    assert last.start_char == len(text) - len("Warsaw.")


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .,\n\t\r\u2028é\"")), max_size=700))
def test_nlp_parse_pieces_keep_the_text_and_bound_sentences(fast: Language, text: str) -> None:
    """With small limits, any text comes back unchanged, token by token, with no sentence over the limit."""
    limits = {"PIECE_CHARS": 120, "SENTENCE_CHARS": 40}
    saved = {name: getattr(ck_nlp, name) for name in limits}
    try:
        for name, value in limits.items():
            setattr(ck_nlp, name, value)
        (doc,) = parse(fast, [text])
    finally:
        for name, value in saved.items():
            setattr(ck_nlp, name, value)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    assert all(len(s.text) <= limits["SENTENCE_CHARS"] for s in doc.sents)


def test_nlp_parse_cuts_a_run_on_sentence(fast: Language) -> None:
    """A "sentence" of 50,000 characters (a list scraped without punctuation) is parsed in pieces of at
    most SENTENCE_CHARS, cut after a space; an ordinary text is parsed whole, exactly as before."""
    run_on = "two weeks and " * 3600
    (doc,) = parse(fast, [run_on])
    assert doc.text == run_on and max(len(s.text) for s in doc.sents) <= ck_nlp.SENTENCE_CHARS
    assert all(s.text_with_ws.endswith(" ") for s in doc.sents)  # cut after a space, never in a word
    ordinary = "Talks resumed in Doha. " * 20
    assert [s.text for s in next(parse(fast, [ordinary])).sents] == [s.text for s in fast(ordinary).sents]


@pytest.mark.model
def test_nlp_parse_pieces_with_the_model(full: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same joins with the statistical model (small limits stand in for 100,000 and 1,000 characters):
    dependency heads stay inside their piece, entities and sentences keep their offsets."""
    monkeypatch.setattr(ck_nlp, "PIECE_CHARS", 300)
    monkeypatch.setattr(ck_nlp, "SENTENCE_CHARS", 120)
    paragraph = "Officials in Warsaw said on Monday that the talks would resume next week.\n"
    text = paragraph * 12 + "two weeks and " * 30 + "\nThe last meeting was held in Warsaw."
    (doc,) = parse(full, [text])
    assert doc.text == text and doc.has_annotation("DEP")
    assert all(len(s.text) <= 120 for s in doc.sents)
    assert all(t.head.sent == t.sent for t in doc)  # no arc crosses a joint
    warsaw = [e for e in doc.ents if e.text == "Warsaw"]
    assert len(warsaw) == 13 and all(text[e.start_char : e.end_char] == "Warsaw" for e in warsaw)
