"""Entities, quotes and events on short texts through the real spaCy model."""

from datetime import date

from pipeline.corpus.events import merge_corpus
from pipeline.corpus.linking import link_corpus
from pipeline.corpus.roles import collect_roles
from pipeline.nlp.events import extract_event_mentions
from pipeline.nlp.mentions import extract_mentions
from pipeline.nlp.quotes import extract_quotes, find_quote_spans, quote_cluster_id
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


def test_quote_marks_pair_per_paragraph_and_continue_across_paragraphs():
    body = 'He said "one two three" and "four.\n\n"Five six," he added.'
    spans = [body[s:e] for s, e in find_quote_spans(body)]
    assert spans == ["one two three", "four.", "Five six"]


def test_direct_quote_speaker_from_the_cue_subject_and_from_a_pronoun(nlp):
    doc = nlp(
        'Chinese President Xi Jinping met the delegation. "I would like to stress that our ties are strong," '
        'he said. "The talks were quite useful," Dmitry Medvedev told reporters.'
    )
    quotes = extract_quotes(doc, mentions_of(doc))
    assert [(q.speaker, q.cue, q.kind) for q in quotes] == [
        ("Xi Jinping", "say", "direct"),
        ("Dmitry Medvedev", "tell", "direct"),
    ]


def test_scare_quotes_are_not_quotes_but_governed_partial_quotes_are(nlp):
    doc = nlp(
        'The leaders praised their "no-limits" partnership. '
        'Foreign Minister Lena Ostrova called the results "very useful" for the country.'
    )
    quotes = extract_quotes(doc, mentions_of(doc))
    assert [(q.text, q.kind, q.speaker, q.cue) for q in quotes] == [
        ("very useful", "partial", "Lena Ostrova", "call")
    ]


def test_description_speakers_resolve_to_the_person_introduced_with_that_role(nlp):
    doc = nlp(
        "Chinese leader Xi Jinping received the delegation in Beijing. "
        '"China is ready to draw closer to its partners," the Chinese leader said.'
    )
    (quote,) = extract_quotes(doc, mentions_of(doc))
    assert quote.speaker == "Xi Jinping"


def test_a_quote_without_any_speaker_says_why(nlp):
    doc = nlp('"We will not stop until the work is done and the roads are open."')
    (quote,) = extract_quotes(doc, mentions_of(doc))
    assert quote.speaker is None and quote.speaker_reason


def test_meeting_on_a_weekday_is_dated_from_the_publication_day(nlp):
    doc = nlp(
        "Former Russian President Dmitry Medvedev met Chinese leader Xi Jinping on Wednesday in Beijing."
    )
    (event,) = extract_event_mentions(
        doc, extract_mentions(doc), reference_date=date(2022, 12, 21), dateline=None
    )
    assert event.event_type == "meet"
    assert set(event.participants) == {"Dmitry Medvedev", "Xi Jinping"}
    assert (event.start_date, event.location) == (date(2022, 12, 21), "Beijing")


def test_the_same_people_meeting_years_apart_are_two_events(nlp):
    texts = {
        "old": ("Prime Minister Anton Kresnik met President Tomas Reyne in Marsk.", date(2019, 6, 5)),
        "new": ("President Anton Kresnik met President Tomas Reyne in Marsk.", date(2024, 3, 12)),
        "copy": ("Anton Kresnik met Tomas Reyne in Marsk on Tuesday.", date(2024, 3, 12)),
    }
    per_doc, mentions_of = [], []
    for doc_id, (text, published) in texts.items():
        doc = nlp(text)
        mentions = extract_mentions(doc)
        mentions_of.append((doc_id, mentions))
        per_doc.append(
            (doc_id, doc_id, extract_event_mentions(doc, mentions, reference_date=published, dateline=None))
        )
    corpus = link_corpus(mentions_of)
    events = merge_corpus(per_doc, corpus.link)
    assert sorted((e.start_date, e.doc_count) for e in events) == [
        (date(2019, 6, 5), 1),
        (date(2024, 3, 12), 2),
    ]


def test_a_phone_call_needs_a_call_word_not_the_verb_to_call(nlp):
    doc = nlp(
        'Anton Kresnik called the talks "useful". Kresnik and Tomas Reyne held a phone call on March 10, 2024.'
    )
    events = extract_event_mentions(doc, extract_mentions(doc), reference_date=None, dateline=None)
    assert [(e.event_type, e.start_date) for e in events] == [("call", date(2024, 3, 10))]


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


def test_indirect_speech_from_a_reporting_clause_and_from_according_to(nlp):
    doc = nlp(
        "Dmitry Medvedev said he and Xi Jinping discussed trade and security on Wednesday. "
        "According to the Kremlin, the visit will take place in March."
    )
    indirect = [
        (q.text, q.speaker, q.cue) for q in extract_quotes(doc, mentions_of(doc)) if q.kind == "indirect"
    ]
    assert indirect == [
        ("he and Xi Jinping discussed trade and security on Wednesday", "Dmitry Medvedev", "say"),
        ("the visit will take place in March", "Kremlin", "according to"),
    ]


def test_speech_holding_a_quotation_is_reported_once(nlp):
    doc = nlp('Anton Kresnik said the deal would "change everything for the region" by May.')
    assert [q.kind for q in extract_quotes(doc, mentions_of(doc))] == ["partial"]


def test_the_same_words_quoted_with_other_typography_share_a_cluster():
    assert quote_cluster_id("The talks were quite useful") == quote_cluster_id(
        "the talks were  quite useful,"
    )
    assert quote_cluster_id("The talks were quite useful") != quote_cluster_id("The talks were useful")


def test_a_name_set_off_by_a_dash_or_a_colon_speaks_the_quote(nlp):
    doc = nlp(
        '"He can not even answer a question without scaring people." ― Esther Tapia\n\n'
        'Tomas Reyne: "We have to show that we can win this state."'
    )
    assert [(q.speaker, q.attribution) for q in extract_quotes(doc, mentions_of(doc))] == [
        ("Esther Tapia", "signature"),
        ("Tomas Reyne", "signature"),
    ]


def test_a_cue_the_parse_left_without_subject_takes_the_name_before_its_apposition(nlp):
    doc = nlp(
        '"There is a severe disconnect," Michael Flynn, a top Trump surrogate, said Thursday on Fox News.'
    )
    (quote,) = extract_quotes(doc, mentions_of(doc))
    assert quote.speaker == "Michael Flynn"


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


def test_a_clause_closed_by_a_colon_introduces_the_quote_whatever_its_verb(nlp):
    doc = nlp(
        'Governor Anna Kovacs released the following statement: "We offer our condolences to the family."'
    )
    (quote,) = extract_quotes(doc, mentions_of(doc))
    assert (quote.speaker, quote.attribution) == ("Anna Kovacs", "introduction")


def test_a_bare_quotation_paragraph_speaks_for_the_person_the_paragraph_before_is_about(nlp):
    doc = nlp(
        "Senator Anna Kovacs visited the flooded towns on Monday and met the families.\n\n"
        '"We will rebuild every road and every bridge in this valley."'
    )
    (quote,) = extract_quotes(doc, mentions_of(doc))
    assert (quote.speaker, quote.attribution) == ("Anna Kovacs", "paragraph_focus")


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


def test_a_name_the_model_missed_signs_the_quotation_it_closes(nlp):
    doc = nlp(
        '"He is someone that no sane person would want as the POTUS." ― Christina N Luis Olidem\n\n'
        '"We have to vote, all of us." ― Beck Pimentel'
    )
    assert not doc.ents
    assert [(q.speaker, q.attribution) for q in extract_quotes(doc, mentions_of(doc))] == [
        ("Christina N Luis Olidem", "signature"),
        ("Beck Pimentel", "signature"),
    ]


def test_a_quoted_phrase_under_any_verb_is_the_words_of_that_verbs_subject(nlp):
    doc = nlp('Anton Kresnik mocked Tomas Reyne for "having a very tough night" in the debate.')
    (quote,) = extract_quotes(doc, mentions_of(doc))
    assert (quote.speaker, quote.attribution, quote.cue) == ("Anton Kresnik", "verb_subject", "mock")
