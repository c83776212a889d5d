"""Properties of quote finding over generated hostile bodies (issue #15): pairing quote marks never raises
and gives spans inside the body, and the whole quote stage through the real spaCy model never raises and
gives quotes whose offsets slice their text out of the body."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.mentions import extract_mentions
from pipeline.nlp.quotes import extract_quotes, find_quote_spans
from pipeline.nlp.references import add_references
from tests.unit.text.test_cleaning_properties import PROPERTIES, any_texts, parse, runs_of_tokens, words

_SPEAKERS = ["Xi Jinping", "Dmitry Medvedev", "he", "she", "the Chinese leader", "the agency", "officials"]
_CUES = ["said", "told reporters", "added", "warned", "wrote on Telegram", "insisted"]


@st.composite
def reported_speech(draw) -> str:
    """A paragraph of reporting: quotations, partial and scare quotes, indirect speech, signatures."""
    quoted = " ".join(draw(st.lists(words, min_size=1, max_size=12)))
    speaker, cue = draw(st.sampled_from(_SPEAKERS)), draw(st.sampled_from(_CUES))
    return draw(
        st.sampled_from(
            [
                f'"{quoted.capitalize()}," {speaker} {cue}.',
                f'{speaker.capitalize()} {cue}: "{quoted}."',
                f"{speaker.capitalize()} {cue} that {quoted}.",
                f"According to {speaker}, {quoted}.",
                f'It was a "{quoted}" partnership, {speaker} {cue}.',
                f'"{quoted.capitalize()}." ― {speaker}',
                f'"{quoted.capitalize()}',  # a quotation running on into the next paragraph
                f'{speaker.capitalize()} mocked them for "{quoted}"',
            ]
        )
    )


# Bodies as the quote stage gets them: reporting mixed with hostile text, cleaned.
bodies = st.lists(st.one_of(reported_speech(), reported_speech(), runs_of_tokens), max_size=8).map(
    lambda paragraphs: parse("Talks went well\n\n" + "\n\n".join(paragraphs)).body
)
any_bodies = st.one_of(bodies, bodies, any_texts.map(lambda text: parse(text).body), st.text(max_size=200))
# Quote marks alone, anywhere: unpaired, doubled, at paragraph edges.
marks_and_breaks = st.text(
    alphabet=st.sampled_from(['"', '"', " ", "a", "\n", ",", ":", ";", "'"]), max_size=60
)


@settings(PROPERTIES, max_examples=100)
@given(st.one_of(any_bodies, marks_and_breaks))
def test_quote_spans_are_trimmed_slices_of_one_paragraph_without_quote_marks(body):
    for start, end in find_quote_spans(body):
        assert 0 <= start < end <= len(body)
        text = body[start:end]
        assert text == text.strip() and '"' not in text and "\n\n" not in text


@settings(PROPERTIES, max_examples=30)
@given(any_bodies)
def test_quotes_through_spacy_never_raise_and_their_offsets_slice_the_body(nlp, body):
    doc = nlp(body)
    for quote in extract_quotes(doc, add_references(doc, extract_mentions(doc))):
        assert 0 <= quote.start <= quote.end <= len(body)
        assert body[quote.start : quote.end] == quote.text
