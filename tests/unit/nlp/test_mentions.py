"""Person mentions need person evidence when the document treats the name as a company, a place or a
common noun (issue #16): the model's PERSON alone is not enough."""

import pytest

from pipeline.nlp.mentions import extract_mentions


def labels(nlp, text):
    return {m.name: m.label for m in extract_mentions(nlp(text)) if m.kind == "name"}


def persons(nlp, text):
    return {name for name, label in labels(nlp, text).items() if label == "PERSON"}


@pytest.mark.parametrize(
    "text",
    [
        # The model takes the credit whole.
        "Protesters gathered outside the terminal on Monday. Doug Ives/Canadian Press\n"
        "The pipeline would triple the flow of oil to the coast, officials said.",
        # A name and a bare slash closing the line.
        "A worker checks the line near the plant. Photo by Kali Madej/\nThe company said it would appeal.",
    ],
)
def test_a_photo_credit_left_in_the_text_is_no_person(nlp, text):
    assert not any("Ives" in p or "Madej" in p for p in persons(nlp, text))


def test_names_joined_by_a_slash_inside_a_sentence_are_no_credit(nlp):
    text = "Critics said the Obama/Clinton policies had failed, and Jane Roe said she agreed."
    assert "Jane Roe" in persons(nlp, text)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # A legal form after it, an organisation's possessions.
        (
            "Kinder Morgan Inc. said the work would resume. Kinder Morgan's shareholders approved the "
            "expansion last year, and Kinder Morgan expects to finish by 2019.",
            "Kinder Morgan",
            "ORG",
        ),
        # A place with its region, and a place preposition before a name of the gazetteer.
        (
            "Families in Glace Bay, N.S., have waited for months. The mine in Glace Bay closed in 2001, "
            "and Glace Bay has struggled since.",
            "Glace Bay",
            "GPE",
        ),
        ("The shelter opened in Toronto, Ont., last week. Ont officials praised it.", "Ont", "GPE"),
        # A platform the text is posted on.
        ("Ben Smith posted the video on Twitter on Monday.", "Twitter", "ORG"),
        # "who lives in Surrey": the relative clause is Roe's, Surrey is the place.
        (
            "Jane Roe, 45, said the plan would fail. Roe, who lives in Surrey, said she would vote against it.",
            "Surrey",
            "GPE",
        ),
    ],
)
def test_a_name_the_document_uses_as_an_organisation_or_a_place_is_not_a_person(nlp, text, name, label):
    assert labels(nlp, text).get(name) == label


def test_a_word_the_document_also_writes_in_lower_case_is_a_common_noun_not_a_name(nlp):
    text = "Police found Fentanyl in the car. The fentanyl had been cut with other drugs."
    assert "Fentanyl" not in labels(nlp, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # An age, a "who", a pronoun: person evidence wins over "in Surrey"-like places.
        (
            "Jane Roe, 45, said the plan would fail. Roe, who lives in Surrey, said she would vote.",
            "Jane Roe",
        ),
        # A person found in a place and followed by a region is still a person ("Rebecca Bradley won in
        # Wisconsin"), and a title before the name says so whatever else is said.
        (
            "Rebecca Bradley won in Wisconsin. Bradley said she was grateful to voters in Madison.",
            "Rebecca Bradley",
        ),
        (
            "Clinton spokesman Jesse Ferguson said the campaign would appeal, speaking at Dixon Hall.",
            "Jesse Ferguson",
        ),
    ],
)
def test_person_evidence_keeps_a_person(nlp, text, name):
    assert name in persons(nlp, text)


def test_one_person_per_document_however_spelt(nlp):
    text = "José Bové said the farm would close. Later, Jose Bove said he had been misquoted."
    names = {m.name for m in extract_mentions(nlp(text)) if m.label == "PERSON"}
    assert len(names) == 1
