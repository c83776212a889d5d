"""Quotes, rule by rule, through the real spaCy model: which rule attributes each quotation (and indirect
speech), to whom, of which kind and under which cue; quote marks paired into spans; quote clusters."""

import pytest

from pipeline.nlp.mentions import extract_mentions
from pipeline.nlp.quotes import extract_quotes, find_quote_spans, quote_cluster_id
from pipeline.nlp.references import add_references


def quotes_of(nlp, text):
    """Quotes with the mentions the annotate step gives them: names, and pronouns and descriptions
    resolved to names."""
    doc = nlp(text)
    return extract_quotes(doc, add_references(doc, extract_mentions(doc)))


# (attribution, speaker, kind, cue) of every quote in the text, quotations first, then indirect speech.
ATTRIBUTIONS = [
    # cue_subject: the subject of the reporting verb the quote hangs from.
    pytest.param(
        '"The talks were quite useful," Dmitry Medvedev told reporters.',
        [("cue_subject", "Dmitry Medvedev", "direct", "tell")],
        id="cue-subject-after-the-quote",
    ),
    pytest.param(
        'Chinese President Xi Jinping met the delegation. "I would like to stress that our ties are strong," '
        'he said. "The talks were quite useful," Dmitry Medvedev told reporters.',
        [
            ("cue_subject", "Xi Jinping", "direct", "say"),
            ("cue_subject", "Dmitry Medvedev", "direct", "tell"),
        ],
        id="cue-subject-a-pronoun-then-a-name",
    ),
    pytest.param(
        '"We are ready to sign the agreement," said Anna Reyne.',
        [("cue_subject", "Anna Reyne", "direct", "say")],
        id="cue-subject-inverted",
    ),
    pytest.param(
        '"The port will reopen on Thursday," recalled Mr. Tomas Kresnik.',
        [("cue_subject", "Tomas Kresnik", "direct", "recall")],
        id="cue-subject-inverted-across-a-title",
    ),
    pytest.param(
        'Anna Reyne said: "We have done everything we could to keep the border open."',
        [("cue_subject", "Anna Reyne", "direct", "say")],
        id="cue-subject-before-a-colon",
    ),
    pytest.param(
        '"There is a severe disconnect," Michael Flynn, a top Trump surrogate, said Thursday on Fox News.',
        [("cue_subject", "Michael Flynn", "direct", "say")],
        id="cue-subject-the-name-before-its-apposition",
    ),
    pytest.param(
        '"It is a good day for Veldoria and for the whole region," the minister, Anna Reyne, said.',
        [("cue_subject", "Anna Reyne", "direct", "say")],
        id="cue-subject-a-description-with-the-name-in-apposition",
    ),
    pytest.param(
        'In Marsk, the governor of the National Bank, Ilse Marten, said: "Rates will stay where they are."',
        [("cue_subject", "Ilse Marten", "direct", "say")],
        id="cue-subject-the-person-not-the-institution-in-the-description",
    ),
    pytest.param(
        '"We will not vote for this bill," Reid, who told reporters on Monday, said.',
        [("cue_subject", "Reid", "direct", "say")],
        id="cue-subject-across-a-relative-clause",
    ),
    pytest.param(
        '"We will not vote for this bill," John Kasich (R-OH) said on Monday.',
        [("cue_subject", "John Kasich", "direct", "say")],
        id="cue-subject-a-person-before-the-place-beside-him",
    ),
    pytest.param(
        '"We will not vote for this bill," Tester said on Tuesday.',
        [("cue_subject", "Tester", "direct", "say")],
        id="cue-subject-a-name-the-model-did-not-tag",
    ),
    pytest.param(
        '"The border will stay open," the Kremlin said in a statement.',
        [("cue_subject", "Kremlin", "direct", "say")],
        id="cue-subject-an-institution",
    ),
    pytest.param(
        "Chinese leader Xi Jinping received the delegation in Beijing. "
        '"China is ready to draw closer to its partners," the Chinese leader said.',
        [("cue_subject", "Xi Jinping", "direct", "say")],
        id="cue-subject-a-description-introduced-with-the-name",
    ),
    pytest.param(
        'Kommersant quoted the words of Anna Reyne: "The talks were useful for both of our countries."',
        [("cue_subject", "Anna Reyne", "direct", "quote")],
        id="cue-subject-quoted-the-words-of",
    ),
    pytest.param(
        '"We never asked for this fight," the Marsk Herald quoted Anna Reyne as saying.',
        [("cue_subject", "Anna Reyne", "direct", "quote")],
        id="cue-subject-quoted-someone-as-saying",
    ),
    pytest.param(
        "Anna Reyne spoke to reporters after the vote. "
        '"We will keep fighting for every single seat in this valley," she insisted at the rally, '
        '"and we will win."',
        [
            ("cue_subject", "Anna Reyne", "direct", "insist"),
            ("cue_subject", "Anna Reyne", "partial", "insist"),
        ],
        id="cue-subject-a-quotation-split-by-its-cue",
    ),
    pytest.param(
        'The leaders praised their "no-limits" partnership. Foreign Minister Lena Ostrova called the results '
        '"very useful" for the country.',
        [("cue_subject", "Lena Ostrova", "partial", "call")],
        id="cue-subject-a-governed-phrase-but-not-a-scare-quote",
    ),
    pytest.param(
        'Anton Kresnik said the deal would "change everything for the region" by May.',
        [("cue_subject", "Anton Kresnik", "partial", "say")],
        id="cue-subject-a-phrase-quoted-inside-reported-speech-is-reported-once",
    ),
    pytest.param(
        'Lena Ostrova said on Monday that "the roads will be open by May", adding that the bridges would follow.',
        [
            ("cue_subject", "Lena Ostrova", "partial", "say"),
            ("cue_subject", "Lena Ostrova", "indirect", "add"),
        ],
        id="cue-subject-shared-by-a-participle",
    ),
    pytest.param(
        '"The border will stay open all winter," a spokesman said.',
        [("cue_subject", None, "direct", "say")],
        id="cue-subject-a-description-no-name-was-introduced-with",
    ),
    pytest.param(
        '"The border will stay open all winter," he said.',
        [("cue_subject", None, "direct", "say")],
        id="cue-subject-a-pronoun-with-no-one-before-it",
    ),
    pytest.param(
        'Critics called the plan "a recipe for disaster in the valley".',
        [("cue_subject", None, "partial", "call")],
        id="cue-subject-not-a-named-entity",
    ),
    # signature: a name set off from the quotation by a dash after it or a colon before it.
    pytest.param(
        '"He can not even answer a question without scaring people." ― Esther Tapia\n\n'
        'Tomas Reyne: "We have to show that we can win this state."',
        [("signature", "Esther Tapia", "direct", None), ("signature", "Tomas Reyne", "direct", None)],
        id="signature-by-a-dash-and-by-a-colon",
    ),
    pytest.param(
        '"We have to show that we can win this state." ― Esther Tapia\n\n'
        '"We have to vote, all of us." ― Beck Pimentel',
        [("signature", "Esther Tapia", "direct", None), ("signature", "Beck Pimentel", "direct", None)],
        id="signature-each-signed-quote-stands-alone",
    ),
    pytest.param(
        'Anna Reyne: "We have to show that we can win this state."\n\n'
        'Tomas Kresnik: "That is not what the voters want."',
        [("signature", "Anna Reyne", "direct", None), ("signature", "Tomas Kresnik", "direct", None)],
        id="signature-a-transcript",
    ),
    # according_to: "according to X" in the quote's sentence.
    pytest.param(
        '"The bank will keep its rate where it is," according to governor Ilse Marten.',
        [("according_to", "Ilse Marten", "direct", "according to")],
        id="according-to-after-the-quote",
    ),
    pytest.param(
        'According to the Kremlin, "the visit will take place in March next year."',
        [("according_to", "Kremlin", "partial", "according to")],
        id="according-to-before-the-quote",
    ),
    # nearby_cue: a reporting verb in the quote's sentence that the quote does not hang from.
    pytest.param(
        'It was, Anna Reyne said, "a very good day for the whole country and for Marsk."',
        [("nearby_cue", "Anna Reyne", "partial", "say")],
        id="nearby-cue-a-parenthetical-said",
    ),
    pytest.param(
        'It was, she said, "a very good day for the whole country and for Marsk."',
        [("nearby_cue", None, "partial", "say")],
        id="nearby-cue-a-pronoun-with-no-one-before-it",
    ),
    # preceding_cue: a reporting verb with a subject in the sentence before, in the same paragraph.
    pytest.param(
        '"We will not stop until the work is done," said Anna Reyne. "The roads will be open by May."',
        [("cue_subject", "Anna Reyne", "direct", "say"), ("preceding_cue", "Anna Reyne", "direct", "say")],
        id="preceding-cue-the-quote-before",
    ),
    pytest.param(
        "Anna Reyne spoke at length on Monday. She told reporters the aid was working well. "
        '"We have seen the results in every single province."',
        [
            ("preceding_cue", "Anna Reyne", "direct", "tell"),
            ("cue_subject", "Anna Reyne", "indirect", "tell"),
        ],
        id="preceding-cue-reported-speech-before",
    ),
    # introduction: a clause closed by a colon or comma, whatever its verb, whose subject is a name.
    pytest.param(
        'Governor Anna Kovacs released the following statement: "We offer our condolences to the family."',
        [("introduction", "Anna Kovacs", "direct", None)],
        id="introduction-closed-by-a-colon",
    ),
    pytest.param(
        'Tomas Kresnik shot back, "Nobody in this room believes a word of that."',
        [("introduction", "Tomas Kresnik", "direct", None)],
        id="introduction-closed-by-a-comma",
    ),
    pytest.param(
        'The Veldorian Central Bank issued a statement: "Rates will stay where they are for now."',
        [("introduction", "Veldorian Central Bank", "direct", None)],
        id="introduction-by-an-institution",
    ),
    # verb_subject: the subject of whatever verb a quoted phrase hangs from, when it is a person or an org.
    pytest.param(
        'Anton Kresnik mocked Tomas Reyne for "having a very tough night" in the debate.',
        [("verb_subject", "Anton Kresnik", "partial", "mock")],
        id="verb-subject-mocked",
    ),
    pytest.param(
        'Tomas Reyne praised Anna Kovacs for her "tireless work on behalf of the valley".',
        [("verb_subject", "Tomas Reyne", "partial", "praise")],
        id="verb-subject-praised",
    ),
    # paragraph_focus: a bare quotation paragraph speaks for the person the paragraph before is about.
    pytest.param(
        "Senator Anna Kovacs visited the flooded towns on Monday and met the families.\n\n"
        '"We will rebuild every road and every bridge in this valley."',
        [("paragraph_focus", "Anna Kovacs", "direct", None)],
        id="paragraph-focus",
    ),
    # continuation: a quote with no rule of its own continues the attributed quote just before it.
    pytest.param(
        '"We will not stop until the work is done," said Anna Reyne. "The roads will be open by May." '
        '"And the bridges by June."',
        [
            ("cue_subject", "Anna Reyne", "direct", "say"),
            ("preceding_cue", "Anna Reyne", "direct", "say"),
            ("continuation", "Anna Reyne", "direct", "say"),
        ],
        id="continuation-in-the-same-paragraph",
    ),
    pytest.param(
        '"We will not stop until the work is done," said Anna Reyne.\n\n'
        '"The roads will be open by May.\n\n"And the bridges by June."',
        [
            ("cue_subject", "Anna Reyne", "direct", "say"),
            ("preceding_cue", "Anna Reyne", "direct", "say"),
            ("continuation", "Anna Reyne", "direct", "say"),
        ],
        id="continuation-across-paragraphs",
    ),
    pytest.param(
        "Senator Anna Kovacs visited the flooded towns on Monday.\n\n"
        '"We will rebuild every road and every bridge in this valley."\n\n'
        '"And we will do it before winter comes to the valley."',
        [("paragraph_focus", "Anna Kovacs", "direct", None), ("continuation", "Anna Kovacs", "direct", None)],
        id="continuation-of-a-paragraph-focus-quote",
    ),
    # none: no rule applies, and the quote keeps a null speaker.
    pytest.param(
        '"We will not stop until the work is done and the roads are open."',
        [("none", None, "direct", None)],
        id="none-a-quotation-alone",
    ),
    pytest.param(
        'The report praised the "tireless work on behalf of the valley".',
        [("none", None, "partial", None)],
        id="none-a-verb-whose-subject-is-no-person-or-org",
    ),
    pytest.param(
        'The protesters chanted "no more taxes, no more lies" outside the parliament.',
        [("none", None, "partial", None)],
        id="none-a-verb-whose-subject-is-no-named-entity",
    ),
    pytest.param(
        'The storm hit the valley on Monday.\n\n"We will rebuild every road and every bridge in this valley."',
        [("none", None, "direct", None)],
        id="none-a-bare-paragraph-after-one-about-no-person",
    ),
    pytest.param(
        "Anna Kovacs arrived on Monday.\n\nThe storm hit the valley hard.\n\n"
        '"We will rebuild every road and every bridge in this valley."',
        [("none", None, "direct", None)],
        id="none-paragraph-focus-looks-one-paragraph-back-only",
    ),
    # No quote at all: scare quotes, single quoted words and reported speech too short to be a statement.
    pytest.param('The leaders praised their "no-limits" partnership.', [], id="no-quote-a-scare-quote"),
    pytest.param(
        'The word "undesirable" appeared in the ministry\'s statement.', [], id="no-quote-a-quoted-word"
    ),
    pytest.param('Tomas Kresnik called the talks "useful".', [], id="no-quote-one-word-even-under-a-cue"),
    pytest.param("Anna Reyne said so.", [], id="no-quote-said-so"),
    # Indirect speech: the clause a reporting verb governs, or the clause "according to X" is attached to.
    pytest.param(
        "Dmitry Medvedev said he and Xi Jinping discussed trade and security on Wednesday. "
        "According to the Kremlin, the visit will take place in March.",
        [
            ("cue_subject", "Dmitry Medvedev", "indirect", "say"),
            ("according_to", "Kremlin", "indirect", "according to"),
        ],
        id="indirect-a-reporting-clause-and-according-to",
    ),
    pytest.param(
        "Anna Reyne told reporters on Tuesday that the two countries would sign the trade agreement in May.",
        [("cue_subject", "Anna Reyne", "indirect", "tell")],
        id="indirect-told-someone-that",
    ),
    pytest.param(
        "Tomas Kresnik, the mayor of Marsk, said the port would reopen on Thursday.",
        [("cue_subject", "Tomas Kresnik", "indirect", "say")],
        id="indirect-across-an-apposition",
    ),
    pytest.param(
        "Reyne added that the border would stay open all winter.",
        [("cue_subject", "Reyne", "indirect", "add")],
        id="indirect-a-surname-alone",
    ),
    pytest.param(
        "Tomas Kresnik, who told reporters the talks were useful, left Marsk on Friday.",
        [("cue_subject", "Tomas Kresnik", "indirect", "tell")],
        id="indirect-in-a-relative-clause",
    ),
    pytest.param(
        "Anna Reyne said Tomas Kresnik had told her that the border would stay open all winter.",
        [
            ("cue_subject", "Anna Reyne", "indirect", "say"),
            ("cue_subject", "Tomas Kresnik", "indirect", "tell"),
        ],
        id="indirect-nested-reports-each-with-its-speaker",
    ),
    pytest.param(
        "According to a ministry spokesman, the port will reopen on Thursday morning.",
        [("according_to", None, "indirect", "according to")],
        id="indirect-according-to-a-description-no-name-was-introduced-with",
    ),
    pytest.param(
        "According to officials, the port will reopen on Thursday morning.",
        [("according_to", None, "indirect", "according to")],
        id="indirect-according-to-no-named-entity",
    ),
    pytest.param(
        "The new bridge, Anna Reyne said, will open to traffic in the spring.",
        [("cue_subject", "Anna Reyne", "indirect", "say")],
        id="indirect-a-parenthetical-report",
    ),
    pytest.param(
        "Tomas Kresnik believes the port will reopen before the winter storms.",
        [("cue_subject", "Tomas Kresnik", "indirect", "believe")],
        id="indirect-a-view-its-subject-holds",
    ),
    pytest.param(
        "A survey of shop owners shows most of them expect higher rents next year.",
        [("cue_subject", None, "indirect", "show")],
        id="indirect-a-finding-of-evidence-without-a-named-source",
    ),
    pytest.param(
        "I believe the council made the right decision on the harbour.",
        [],
        id="no-quote-the-narrators-own-view",
    ),
    pytest.param(
        "The survey shows how many shop owners expect higher rents.", [], id="no-quote-a-question-shown"
    ),
    pytest.param(
        "Anna Reyne said she believes the port will reopen in March.",
        [("cue_subject", "Anna Reyne", "indirect", "say")],
        id="indirect-a-view-inside-a-report-is-the-reports",
    ),
    pytest.param(
        "Most shop owners think the council will raise rents next year.",
        [("cue_subject", None, "indirect", "think")],
        id="indirect-a-hedging-verb-with-a-described-subject",
    ),
    pytest.param(
        "They think the council will raise rents next year.", [], id="no-quote-a-hedging-verb-with-a-pronoun"
    ),
    pytest.param(
        "Tomas Kresnik vowed to rebuild the flooded school before September.",
        [("cue_subject", "Tomas Kresnik", "indirect", "vow")],
        id="indirect-a-commitment",
    ),
    pytest.param(
        "The council is expected to approve the harbour budget on Thursday.",
        [("cue_subject", None, "indirect", "expect")],
        id="indirect-a-passive-report-with-no-source",
    ),
    pytest.param(
        "Critics, who are expected to attend, have already written to the mayor.",
        [],
        id="no-quote-a-passive-report-on-a-relative-pronoun",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTIONS)
def test_each_quote_is_attributed_by_its_rule_to_its_speaker(nlp, text, expected):
    assert [(q.attribution, q.speaker, q.kind, q.cue) for q in quotes_of(nlp, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [p for p in ATTRIBUTIONS if p.values[1]])
def test_a_quote_names_its_speaker_or_says_why_it_has_none(nlp, text, expected):
    for quote in quotes_of(nlp, text):
        assert (quote.speaker is None) == bool(quote.speaker_reason), quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '"The talks were quite useful," Dmitry Medvedev told reporters.',
            [("Dmitry Medvedev", "name")],
            id="by-name",
        ),
        pytest.param(
            'Chinese President Xi Jinping met the delegation. "Our ties are strong and growing," he said.',
            [("Xi Jinping", "pronoun")],
            id="by-pronoun",
        ),
        pytest.param(
            "Chinese leader Xi Jinping received the delegation in Beijing. "
            '"China is ready to draw closer to its partners," the Chinese leader said.',
            [("Xi Jinping", "nominal")],
            id="by-description",
        ),
        pytest.param(
            '"The border will stay open all winter," a spokesman said.', [(None, None)], id="not-at-all"
        ),
    ],
)
def test_speaker_via_says_how_the_text_names_the_speaker_where_it_speaks(nlp, text, expected):
    assert [(q.speaker, q.speaker_via) for q in quotes_of(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param(
            '"The talks were quite useful," Dmitry Medvedev told reporters.',
            ["The talks were quite useful"],
            id="a-quotation-without-its-marks-or-closing-comma",
        ),
        pytest.param(
            'The leaders praised their "no-limits" partnership. Foreign Minister Lena Ostrova called the results '
            '"very useful" for the country.',
            ["very useful"],
            id="the-governed-phrase-and-not-the-scare-quote",
        ),
        pytest.param(
            'Anton Kresnik said the deal would "change everything for the region" by May.',
            ["change everything for the region"],
            id="the-quoted-phrase-and-not-the-speech-around-it",
        ),
        pytest.param(
            "Dmitry Medvedev said he and Xi Jinping discussed trade and security on Wednesday.",
            ["he and Xi Jinping discussed trade and security on Wednesday"],
            id="the-clause-a-reporting-verb-governs",
        ),
        pytest.param(
            "Anna Reyne told reporters that the two countries would sign the agreement in May.",
            ["the two countries would sign the agreement in May"],
            id="the-clause-without-its-complementiser",
        ),
        pytest.param(
            "According to the Kremlin, the visit will take place in March.",
            ["the visit will take place in March"],
            id="the-clause-without-according-to",
        ),
        pytest.param(
            "The port will reopen on Thursday, according to the harbour authority, ending a week of delays.",
            ["The port will reopen on Thursday"],
            id="the-side-of-according-to-the-statement-is-on",
        ),
        pytest.param(
            "The council approved the budget and the mayor signed it on Friday, according to the city clerk.",
            ["The council approved the budget and the mayor signed it on Friday"],
            id="every-conjunct-according-to-closes",
        ),
        pytest.param(
            "The new bridge, Anna Reyne said, will open to traffic in the spring.",
            ["The new bridge, Anna Reyne said, will open to traffic in the spring"],
            id="the-statement-a-parenthetical-report-interrupts",
        ),
        pytest.param(
            "Anna Reyne urged the council to approve the harbour budget this week.",
            ["the council to approve the harbour budget this week"],
            id="the-urged-action-with-its-addressee",
        ),
    ],
)
def test_a_quote_is_the_words_reported_without_marks_complementiser_or_attribution(nlp, text, quoted):
    assert [q.text for q in quotes_of(nlp, text)] == quoted


def test_a_name_the_model_missed_signs_the_quotation_it_closes(nlp):
    text = (
        '"He is someone that no sane person would want as the POTUS." ― Christina N Luis Olidem\n\n'
        '"We have to vote, all of us." ― Beck Pimentel'
    )
    assert not nlp(text).ents
    assert [(q.speaker, q.attribution) for q in quotes_of(nlp, text)] == [
        ("Christina N Luis Olidem", "signature"),
        ("Beck Pimentel", "signature"),
    ]


@pytest.mark.parametrize(
    ("body", "quoted"),
    [
        pytest.param(
            'He said "one two three" and "four.\n\n"Five six," he added.',
            ["one two three", "four.", "Five six"],
            id="pairs-per-paragraph-and-continues-into-a-paragraph-opening-with-a-mark",
        ),
        pytest.param(
            '"A long quote that runs on\n\n"and on into the next paragraph\n\n"and ends here."',
            ["A long quote that runs on", "and on into the next paragraph", "and ends here."],
            id="continues-over-several-paragraphs",
        ),
        pytest.param('He said "one two three and left.', [], id="a-stray-mark-at-the-end-is-ignored"),
        pytest.param(
            'He said "one two three and left.\n\nThe end.', [], id="a-stray-mark-before-a-plain-paragraph"
        ),
        pytest.param(
            'The "first" and the "second" and "third', ["first", "second"], id="pairs-left-to-right"
        ),
        pytest.param('She said "  spaced out,  " then left.', ["spaced out"], id="trims-spaces-and-commas"),
        pytest.param('Empty "" marks and "  " blanks.', [], id="empty-quotations-are-no-spans"),
    ],
)
def test_quote_marks_pair_into_the_spans_they_enclose(body, quoted):
    assert [body[start:end] for start, end in find_quote_spans(body)] == quoted


def test_the_same_words_quoted_with_other_typography_share_a_cluster():
    assert quote_cluster_id("The talks were quite useful") == quote_cluster_id(
        "the talks were  quite useful,"
    )
    assert quote_cluster_id("The talks were quite useful") != quote_cluster_id("The talks were useful")
