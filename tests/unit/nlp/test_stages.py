"""Entities and references on short texts through the real spaCy model (quote attribution rule by
rule is in test_quotes.py, events in test_events.py)."""

from pipeline.corpus.linking import link_corpus
from pipeline.corpus.roles import collect_roles
from pipeline.nlp.mentions import extract_mentions
from pipeline.nlp.quotes import extract_quotes
from pipeline.nlp.references import add_references


def names(mentions, label):
    return {m.name for m in mentions if m.label == label}


def mentions_of(doc):
    """Names and the pronouns and descriptions resolved to them, as the annotate step gives the stages."""
    return add_references(doc, extract_mentions(doc))


def test_short_names_resolve_to_the_full_name_in_the_document(nlp):
    doc = nlp(
        "Former Russian President Dmitry Medvedev met Chinese leader Xi Jinping on Wednesday. "
        "Medvedev said he and Xi discussed trade. Xi thanked Medvedev."
    )
    mentions = extract_mentions(doc)
    assert {"Dmitry Medvedev", "Xi Jinping"} <= names(mentions, "PERSON")
    assert all(m.name != "Medvedev" and m.name != "Xi" for m in mentions)
    roles = {m.name: m.role for m in mentions if m.role}
    assert roles["Dmitry Medvedev"] == "Former Russian President"


def test_mention_offsets_slice_the_text(nlp):
    text = "The Kremlin said China's President Xi Jinping would visit. The Kremlin's statement was brief."
    doc = nlp(text)
    for m in extract_mentions(doc):
        assert text[m.start : m.end] == m.text
        assert not m.text.startswith("The ") and not m.text.endswith("'s")


def test_corpus_linking_gives_one_stable_id_per_person_across_documents(nlp):
    first = extract_mentions(nlp("Russian President Vladimir Putin spoke on Monday."))
    second = extract_mentions(nlp("Putin later travelled to Beijing, where he met officials."))
    corpus = link_corpus([("a", first), ("b", second)])
    putin = [e for e in corpus.entities if e.name == "Vladimir Putin"]
    assert len(putin) == 1 and putin[0].doc_count == 2 and "Putin" in putin[0].aliases
    assert corpus.link[("b", "Putin")] == putin[0].entity_id


def test_a_full_name_the_model_missed_is_recovered_from_the_surname_it_tagged(nlp):
    text = (
        "The talks ended late on Friday.\n\nYury Ushakov, the Kremlin's foreign policy adviser, told reporters "
        "the meeting went well. Ushakov said the leaders would meet again in May."
    )
    doc = nlp(text)
    mentions = extract_mentions(doc)
    people = {m.text: m.name for m in mentions if m.label == "PERSON"}
    assert people.get("Ushakov") == "Yury Ushakov"
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_an_untagged_name_that_says_something_is_a_person_and_speaks_the_quote(nlp):
    text = '"We will not vote for this bill," Tester said on Tuesday.'
    doc = nlp(text)
    mentions = extract_mentions(doc)
    assert [(m.text, m.label) for m in mentions if m.text == "Tester"] == [("Tester", "PERSON")]
    assert [q.speaker for q in extract_quotes(doc, mentions)] == ["Tester"]


def test_a_pronoun_refers_to_the_person_in_focus_not_to_a_name_inside_the_quote(nlp):
    doc = nlp(
        'Ms. Anna Kovacs spoke on Monday. "We will work with Tomas Reyne on this," she said. '
        "Reyne declined to comment. Kovacs said he had not called her."
    )
    references = [(m.text, m.name) for m in mentions_of(doc) if m.kind == "pronoun"]
    assert references[0] == ("she", "Anna Kovacs")
    # "he" cannot be Kovacs, whom the document calls "Ms.": it is the other person.
    assert ("he", "Tomas Reyne") in references
    (quote, *_) = extract_quotes(doc, mentions_of(doc))
    assert (quote.speaker, quote.attribution, quote.speaker_via) == ("Anna Kovacs", "cue_subject", "pronoun")


def test_descriptions_and_appositions_refer_to_the_entity_introduced_with_them(nlp):
    doc = nlp(
        "The TASS news agency reported the talks. Yury Ushakov, the Kremlin's foreign policy adviser, "
        'spoke to reporters. "This is the most important event," the adviser said. '
        '"The visit will take place in March," the agency added.'
    )
    mentions = mentions_of(doc)
    nominal = {m.text: m.name for m in mentions if m.kind == "nominal"}
    assert nominal["the adviser"] == "Yury Ushakov" and nominal["the agency"] == "TASS"
    assert [(q.speaker, q.speaker_via) for q in extract_quotes(doc, mentions)] == [
        ("Yury Ushakov", "nominal"),
        ("TASS", "nominal"),
    ]


def test_roles_come_from_titles_and_appositions_with_the_first_document_saying_them(nlp):
    docs = [
        ("2017", "Russian Prime Minister Dmitry Medvedev arrived in Beijing."),
        ("2022", "Dmitry Medvedev, deputy chairman of Russia's Security Council, arrived in Beijing."),
        ("2023", "Mr. Dmitry Medvedev, deputy chairman of Russia's Security Council, spoke again."),
    ]
    mentions = [(doc_id, extract_mentions(nlp(text))) for doc_id, text in docs]
    corpus = link_corpus(mentions)
    persons = {e.entity_id for e in corpus.entities if e.type == "PERSON"}
    roles = {(r.role, r.doc_id, r.doc_count) for r in collect_roles(mentions, corpus.link, persons)}
    assert roles == {
        ("Russian Prime Minister", "2017", 1),
        ("deputy chairman of Russia's Security Council", "2022", 2),
    }


def test_demonyms_link_to_the_one_country_they_name(nlp):
    mentions = [
        ("a", extract_mentions(nlp("Chinese officials met Russian diplomats in China and Russia."))),
        ("b", extract_mentions(nlp("The French delegation left Moscow."))),
    ]
    entities = {e.name: e for e in link_corpus(mentions).entities}
    assert entities["Chinese"].country_entity_id == entities["China"].entity_id
    assert entities["Russian"].country_entity_id == entities["Russia"].entity_id
    # France is never named, so "French" stays unlinked rather than pointing at nothing.
    assert entities["French"].country_entity_id is None


def test_people_sharing_a_surname_stay_apart(nlp):
    both = extract_mentions(nlp("Hillary Clinton and Bill Clinton spoke in Denver. Clinton said little."))
    assert {m.text: m.name for m in both}["Clinton"] == "Clinton"
    corpus = link_corpus(
        [
            ("a", extract_mentions(nlp("Hillary Clinton spoke in Denver on Monday."))),
            ("b", extract_mentions(nlp("Bill Clinton spoke in Boston on Tuesday."))),
            ("c", extract_mentions(nlp("Clinton spoke again on Friday."))),
        ]
    )
    names = {e.entity_id: e.name for e in corpus.entities}
    assert names[corpus.link[("c", "Clinton")]] == "Clinton"
    assert names[corpus.link[("a", "Hillary Clinton")]] != names[corpus.link[("b", "Bill Clinton")]]


def test_a_demonym_before_an_institution_is_part_of_its_name(nlp):
    doc = nlp("A Chinese Foreign Ministry spokesman said no.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Chinese", "NORP"), ("Foreign Ministry", "ORG")]
    assert [(m.name, m.label) for m in extract_mentions(doc)] == [("Chinese Foreign Ministry", "ORG")]


def test_a_surname_the_model_labels_as_a_place_takes_the_type_of_the_full_name(nlp):
    doc = nlp(
        "Director Ava DuVernay spoke at the festival. DuVernay said the film was personal. "
        "DuVernay added that it took years. DuVernay thanked the crew."
    )
    assert {m.label for m in extract_mentions(doc) if m.name == "Ava DuVernay"} == {"PERSON"}


def test_a_pronoun_far_from_any_name_goes_to_the_main_subject_of_its_gender(nlp):
    doc = nlp(
        "Hillary Clinton spoke in Denver. Clinton thanked the crowd. Clinton praised the volunteers. "
        "The weather was cold. The hall was full. Buses were late. Coffee ran out.\n\n"
        '"We will win this state," she said.'
    )
    references = [(m.text, m.name) for m in mentions_of(doc) if m.kind == "pronoun"]
    assert references == [("she", "Hillary Clinton")]


def test_he_or_she_stands_for_anyone(nlp):
    doc = nlp("Tomas Reyne spoke. The next president must show he or she has a plan.")
    assert [m.text for m in mentions_of(doc) if m.kind == "pronoun"] == []
