"""The spaCy pass never loses a batch: long bodies are read in pieces, a failing document alone fails."""

import pytest

import pipeline.nlp.spacy_pass as spacy_pass
from pipeline.nlp.spacy_pass import DocumentInput, annotate, split_for_nlp

SENTENCE = "Greta Holm met Tomas Kresnik in Vessmouth on Monday, the union said. "


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        pytest.param("short", 10, ["short"], id="within-the-limit"),
        pytest.param("one two.\n\nthree four.", 15, ["one two.", "\n\nthree four."], id="paragraph"),
        pytest.param(
            "One two. Three four. Five six.", 20, ["One two.", " Three four.", " Five six."], id="sentence"
        ),
        pytest.param("aaaa bbbb cccc dddd", 10, ["aaaa bbbb", " cccc dddd"], id="space"),
        pytest.param("abcdefghijkl", 5, ["abcde", "fghij", "kl"], id="hard-cut"),
    ],
)
def test_a_long_text_is_cut_at_the_last_paragraph_sentence_or_space(text, limit, pieces):
    split = split_for_nlp(text, limit)
    assert [piece for _, piece in split] == pieces
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in split)
    assert all(len(piece) <= limit for _, piece in split)


def test_a_body_read_in_pieces_gives_offsets_into_the_whole_body(nlp):
    body = SENTENCE * 40
    (whole,) = annotate(nlp, [DocumentInput("d", body, None, None)], chunk_chars=len(body))
    (pieces,) = annotate(nlp, [DocumentInput("d", body, None, None)], chunk_chars=300)
    assert pieces.failure is None
    assert all(body[m.start : m.end] == m.text for m in pieces.mentions)
    assert {m.text for m in pieces.mentions} == {m.text for m in whole.mentions}
    assert len(pieces.mentions) >= 0.9 * len(whole.mentions)


def test_a_document_a_rule_fails_on_fails_alone(nlp, monkeypatch):
    real = spacy_pass.extract_quotes

    def fails_on_poison(doc, mentions, **kwargs):
        if "poison" in doc.text:
            raise RuntimeError("a rule broke")
        return real(doc, mentions, **kwargs)

    monkeypatch.setattr(spacy_pass, "extract_quotes", fails_on_poison)
    inputs = [
        DocumentInput(name, SENTENCE + extra, None, None)
        for name, extra in [("a", ""), ("b", "poison"), ("c", "")]
    ]
    results = {a.doc_id: a for a in annotate(nlp, inputs)}
    assert results["b"].failure == "RuntimeError: a rule broke"
    assert results["a"].failure is None and results["a"].mentions
    assert results["c"].failure is None and results["c"].mentions
