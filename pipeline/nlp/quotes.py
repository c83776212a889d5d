"""Quotes: reported speech in the body with its kind, cue verb, speaker and confidence.

Kinds: `direct` (a quoted sentence), `partial` (a quoted phrase inside reported speech) and `indirect`
(the clause a reporting verb, a verb of conviction, evidence or commitment, a passive report or
"according to X" introduces, with no quote marks). Speakers come from
the dependency parse: the subject of the reporting verb that governs the quote, "according to X", or a
pronoun or description ("he", "the Chinese leader") that pipeline/coref.py resolved to an earlier name.
When none applies the quote keeps a null speaker and a `speaker_reason` instead of a guess.

`attribution` says which rule found the speaker; `confidence` is that rule's measured precision on
PolNeAR's train split (see CONFIDENCE), so users can filter by it knowing what a threshold means.
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from spacy.tokens import Doc, Span, Token

from pipeline.lake.records import Record
from pipeline.nlp.mentions import ORGANISATION_NOUNS, PERSON_NOUNS, TITLE_WORDS, Mention
from pipeline.text.patterns import REPORTING_VERB_LEMMAS as CUE_LEMMAS

PERSON_PRONOUNS = frozenset({"he", "she"})
# Short quoted phrases ("no-limits" partnership) are scare quotes unless a reporting verb governs them.
SCARE_QUOTE_MAX_WORDS = 3
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


# '"...". ― Name' and 'Name: "...'; the quote mark itself sits between the span and these.
SIGNATURE_AFTER = re.compile(r'[.,!?]?["”’]?[.,]?[ \t]*[―—–-]{1,2}[ \t]*')
SIGNATURE_DASH = re.compile(r'[.,!?]?["”’]?[.,]?[ \t]*[―—–]')
SIGNATURE_BEFORE = re.compile(r'[ \t]*:[ \t]*["“]?[ \t]*')
# How far up the parse a participle or conjoined cue looks for the subject it shares.
MAX_SUBJECT_CLIMB = 3
# "Flynn, a top surrogate of the campaign, said": the longest apposition between a name and its cue.
MAX_APPOSITION_TOKENS = 12
# '"...," said retired neurosurgeon Ben Carson': the longest title-like description between an inverted
# cue and the name it introduces, and the parts of speech it may hold.
MAX_DESCRIBED_TOKENS = 6
DESCRIPTION_POS = frozenset({"ADJ", "NOUN", "PROPN", "DET", "NUM", "PART"})
# Verbs of conviction and evidence: a clause they govern is a view the subject holds or a finding it
# reports ("Reyne believes the port will reopen", "the survey shows turnout rose"), attributed like speech.
# Hedging verbs ("think", "know", "expect") report a view only when someone named or described holds it
# ("voters think", "Reyne knows"): with a pronoun subject ("they think", "he knows") their clauses are
# attributions on PolNeAR train barely half the time; "feel", "see" or "assume" not even with a noun.
CONVICTION_LEMMAS = frozenset(
    {
        "allege",
        "assert",
        "believe",
        "doubt",
        "estimate",
        "fear",
        "find",
        "hope",
        "hop",  # spaCy's lemma of "hopes" in some parses
        "indicate",
        "learn",
        "point",
        "realize",
        "reveal",
        "show",
        "signal",
        "worry",
    }
)
HEDGING_LEMMAS = frozenset({"expect", "know", "think"})
# Verbs of commitment and exhortation whose infinitive is the attributed content ("vowed to ...", "urged
# X to ..."); on PolNeAR train these are attributions 75-88% of the time, while "plan", "seek", "want",
# "pledge" or "threaten" to ... are so at most 65%.
COMMITMENT_LEMMAS = frozenset({"promise", "urge", "vow"})
# Passive reports with an infinitive: "is expected to", "is said to", "is believed to".
PASSIVE_REPORT_LEMMAS = frozenset({"believe", "expect", "report", "rumor", "rumour", "say", "think"})
# "I", "we" and "you" outside quotations are the writer's and the reader's voice, not a source.
NARRATOR_PRONOUNS = frozenset({"i", "we", "you"})
CLAUSE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# "According to X" closing a sentence hangs from its last conjunct or subordinate clause, yet
# attributes the whole statement: "A rose and B fell, according to X".
ACCORDING_CLIMB_DEPS = frozenset({"conj", "advcl"})
# Indirect speech shorter than this is an object, not a reported statement ("said so", "told him that").
INDIRECT_MIN_WORDS = 4
# Measured precision per (quote kind, attribution rule, how the speaker was named): the share of such
# quotes on PolNeAR train whose span matches a gold attribution (token overlap >= 0.5) times the share of
# those with the right speaker (measured only where the gold source is a name). Regenerate with
# `python -m evaluation.corpora quotes --split train`, which prints the table; dev checks it.
CONFIDENCE: dict[tuple[str, str, str], float] = {
    ("indirect", "according_to", "name"): 0.79,  # n=202
    ("indirect", "according_to", "none"): 0.86,  # n=120
    ("indirect", "cue_subject", "name"): 0.82,  # n=1937
    ("indirect", "cue_subject", "none"): 0.78,  # n=1327
    ("indirect", "cue_subject", "pronoun"): 0.70,  # n=540
    ("indirect", "clause_subject", "name"): 0.58,  # n=26
    ("quoted", "clause_subject", "name"): 0.83,  # n=34
    ("quoted", "continuation", "name"): 0.49,  # n=69
    ("quoted", "cue_subject", "name"): 0.94,  # n=3402
    ("quoted", "cue_subject", "none"): 0.95,  # n=573
    ("quoted", "cue_subject", "pronoun"): 0.76,  # n=1258
    ("quoted", "introduction", "name"): 0.81,  # n=35
    ("quoted", "nearby_cue", "name"): 0.75,  # n=183
    ("quoted", "nearby_cue", "none"): 0.91,  # n=63
    ("quoted", "nearby_cue", "pronoun"): 0.69,  # n=99
    ("quoted", "none", "none"): 0.77,  # n=257
    ("quoted", "paragraph_focus", "name"): 0.62,  # n=31
    ("quoted", "preceding_cue", "name"): 0.94,  # n=1053
    ("quoted", "preceding_cue", "none"): 0.93,  # n=119
    ("quoted", "preceding_cue", "pronoun"): 0.63,  # n=380
    ("quoted", "verb_subject", "name"): 0.71,  # n=75
}
# Rules too rare on PolNeAR train (fewer than 30 quotes) to measure.
DEFAULT_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None  # the in-document name of the speaker's mention
    speaker_reason: str | None
    cue: str | None
    # The rule that attributed it: cue_subject, clause_subject, nearby_cue, preceding_cue, according_to,
    # signature, verb_subject, introduction, paragraph_focus, continuation, none.
    attribution: str = "none"
    speaker_via: str | None = None  # how the text names the speaker there: "name", "pronoun", "nominal"


@dataclass(frozen=True, kw_only=True)
class DocQuote(Record):
    """A quote as the lake keeps it (a row of `doc_quotes`, per batch): its speaker named as in the
    document, before corpus linking gives the entity."""

    TABLE: ClassVar[str] = "doc_quotes"

    doc_id: str
    batch_id: str
    text: str
    kind: str
    speaker_name: str | None
    speaker_reason: str | None
    cue: str | None
    start_char: int
    end_char: int
    attribution: str = "none"
    speaker_via: str | None = None

    @classmethod
    def of(cls, quote: Quote, *, doc_id: str, batch_id: str) -> "DocQuote":
        return cls(
            doc_id=doc_id,
            batch_id=batch_id,
            text=quote.text,
            kind=quote.kind,
            speaker_name=quote.speaker,
            speaker_reason=quote.speaker_reason,
            cue=quote.cue,
            start_char=quote.start,
            end_char=quote.end,
            attribution=quote.attribution,
            speaker_via=quote.speaker_via,
        )


def quote_confidence(kind: str, attribution: str | None, speaker_via: str | None) -> float:
    group = "indirect" if kind == "indirect" else "quoted"
    return CONFIDENCE.get((group, attribution or "none", speaker_via or "none"), DEFAULT_CONFIDENCE)


def quote_cluster_id(text: str) -> str:
    """Id of a quote's words with case, punctuation, quote marks and spacing folded away."""
    words = " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold()))
    return "quc_" + hashlib.sha256(words.encode()).hexdigest()[:16]


def quote_id_for(doc_id: str, start: int, end: int) -> str:
    return "quo_" + hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def find_quote_spans(body: str) -> list[tuple[int, int]]:
    """Inner spans of double-quoted text, paragraph by paragraph.

    Marks pair left to right; a paragraph that ends inside a quote continues into the next one when that
    paragraph opens with a quote mark (the multi-paragraph convention), otherwise the stray mark is ignored.
    """
    spans = []
    paragraphs = []
    position = 0
    for text in body.split("\n\n"):
        paragraphs.append((position, text))
        position += len(text) + 2
    for number, (offset, text) in enumerate(paragraphs):
        marks = [offset + i for i, c in enumerate(text) if c == '"']
        for open_mark, close_mark in zip(marks[::2], marks[1::2], strict=False):
            spans.append((open_mark + 1, close_mark))
        next_opens_quote = number + 1 < len(paragraphs) and paragraphs[number + 1][1].startswith('"')
        if len(marks) % 2 and next_opens_quote:
            spans.append((marks[-1] + 1, offset + len(text)))
    return [_trim(body, start, end) for start, end in spans if body[start:end].strip()]


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in ",;:"):
        end -= 1
    return start, end


Resolution = tuple[Mention | None, str | None]  # the speaker's mention, or why there is none


def extract_quotes(
    doc: Doc, mentions: list[Mention], *, quote_spans: list[tuple[int, int]] | None = None
) -> list[Quote]:
    """Every quotation in a parsed body that is reported speech rather than a scare quote, then the
    indirect speech outside quotations. `quote_spans` are `find_quote_spans(doc.text)`, found once per
    document by the caller that also resolves references."""
    body = doc.text  # spaCy rebuilds Doc.text on every access: read it once
    spans = find_quote_spans(body) if quote_spans is None else quote_spans
    quotes: list[Quote] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        words = len(body[start:end].split())
        governing = _governing_cue(span)
        # A quoted word or short phrase no reporting verb governs is a scare quote, not speech.
        if words == 1 or (governing is None and words <= SCARE_QUOTE_MAX_WORDS):
            continue
        text = body[start:end]
        kind = "direct" if text[:1].isupper() and words > SCARE_QUOTE_MAX_WORDS else "partial"
        speaker, reason, cue, attribution = _attribute(doc, body, span, governing, mentions, spans)
        previous = quotes[-1] if quotes else None
        if attribution == "none" and previous and _continues(body, previous, start, end):
            # '"...," said X. "More words."': a quote with no cue of its own continues the one before it.
            quotes.append(
                replace(previous, start=start, end=end, text=text, kind=kind, attribution="continuation")
            )
            continue
        if attribution == "none" and (focus := _paragraph_focus(doc, body, span, mentions, spans)):
            speaker, reason, attribution = focus, None, "paragraph_focus"
        quotes.append(_quote(start, end, text, kind, speaker, reason, cue, attribution))
    return quotes + _indirect_quotes(doc, body, mentions, spans)


def _attribute(
    doc: Doc,
    body: str,
    span: Span,
    governing: Token | None,
    mentions: list[Mention],
    quoted: list[tuple[int, int]],
) -> tuple[Mention | None, str | None, str | None, str]:
    """Speaker (or the reason there is none), cue lemma and rule of one quotation, the rules tried from
    the most to the least reliable: the cue it hangs from, a signature, "according to", a cue nearby,
    a cue in the sentence before, a clause introducing it, the subject of any verb it hangs from."""
    if governing is not None:
        speaker, reason, rule = _speaker_or_clause(governing, mentions, "cue_subject")
        return speaker, reason, governing.lemma_.lower(), rule
    if signature := _signature(body, span.start_char, span.end_char, mentions):
        return signature, None, None, "signature"
    if according := _according_to(doc, span, quoted):
        return *_resolve_token(according, mentions), "according to", "according_to"
    if cue := _nearby_cue(doc, span, quoted):
        speaker, reason, rule = _speaker_or_clause(cue, mentions, "nearby_cue")
        return speaker, reason, cue.lemma_.lower(), rule
    if cue := _preceding_cue(doc, body, span, quoted):
        return *_speaker(cue, mentions), cue.lemma_.lower(), "preceding_cue"
    if introducer := _introduction(doc, body, span, mentions):
        return introducer, None, None, "introduction"
    if (
        (verb := _governing_verb(span))
        and (speaker := _speaker(verb, mentions)[0])
        and speaker.label in ("PERSON", "ORG")
    ):
        # "Trump mocked Rubio for 'having a tough night'": a quoted phrase is the words of whoever the
        # sentence says used it, whatever the verb.
        return speaker, None, verb.lemma_.lower(), "verb_subject"
    return None, "no reporting verb or 'according to' near the quote", None, "none"


def _introduction(doc: Doc, body: str, span: Span, mentions: list[Mention]) -> Mention | None:
    """A quote opened right after a colon or comma closing a clause whose subject is a name, whatever its
    verb: 'Clinton released the following statement: "..."', 'Hillary shot back, "..."'."""
    position = span.start_char - 1  # the opening mark
    while position > 0 and body[position - 1] == " ":
        position -= 1
    if position == 0 or body[position - 1] not in ":,":
        return None
    punct = doc.char_span(position - 1, position, alignment_mode="expand")
    if punct is None or punct.start == 0:
        return None
    sentence = doc[punct.start - 1].sent
    verbs = [t for t in doc[sentence.start : punct.start] if t.pos_ == "VERB"]
    for verb in reversed(verbs):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < punct.start]
        if subjects:
            speaker, _ = _resolve_token(subjects[-1], mentions)
            return speaker if speaker is not None and speaker.label in ("PERSON", "ORG") else None
    return None


def _paragraph_focus(
    doc: Doc, body: str, span: Span, mentions: list[Mention], quoted: list[tuple[int, int]]
) -> Mention | None:
    """A paragraph that is a bare quotation speaks for the person the paragraph before is about: the
    last person there who is the subject of a verb, outside quotations."""
    paragraph_start = body.rfind("\n\n", 0, span.start_char) + 1
    if body[paragraph_start : span.start_char].strip(' \n"') or paragraph_start <= 0:
        return None
    previous_start = body.rfind("\n\n", 0, paragraph_start - 1) + 1
    for m in reversed(mentions):
        if m.start >= paragraph_start or m.label != "PERSON" or _inside(m.start, quoted):
            continue
        if m.start < previous_start:
            return None
        if any(
            doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].head.pos_ == "VERB"
            for i in range(m.token_start, m.token_end)
        ):
            return m
    return None


def _quote(
    start: int,
    end: int,
    text: str,
    kind: str,
    speaker: Mention | None,
    reason: str | None,
    cue: str | None,
    attribution: str,
) -> Quote:
    return Quote(
        start,
        end,
        text,
        kind,
        speaker.name if speaker else None,
        reason,
        cue,
        attribution,
        speaker.kind if speaker else None,
    )


def _indirect_quotes(
    doc: Doc, body: str, mentions: list[Mention], quoted: list[tuple[int, int]]
) -> list[Quote]:
    """Reported speech without quote marks: the clause a reporting verb governs ("Medvedev said he and Xi
    discussed ...") or interrupts ("The port, he said, will reopen"), a view or finding a verb of
    conviction or evidence governs ("Reyne believes ...", "the poll shows ..."), the infinitive a verb of
    commitment governs ("vowed to ..."), a passive report ("is expected to ..."), or the clause
    "according to X" is attached to. Clauses holding a quotation are left to it, and a clause two rules
    find is reported once; nested reports ("Smith said Jones told him that ...") are separate
    attributions, each with its own speaker, but a view inside a report is the report's."""
    found = []
    for token in doc:
        if token.pos_ != "VERB" or _inside(token.idx, quoted):
            continue
        lemma = token.lemma_.lower()
        clauses = [c for c in token.children if c.dep_ == "ccomp"]
        if lemma in CUE_LEMMAS and clauses:
            clause = doc[clauses[0].left_edge.i : clauses[0].right_edge.i + 1]
        elif lemma in CUE_LEMMAS and (parenthetical := _parenthetical_clause(token)) is not None:
            clause = parenthetical
        elif (
            lemma in CONVICTION_LEMMAS | HEDGING_LEMMAS
            and clauses
            and _holds_a_stated_view(token, clauses[0])
        ):
            clause = doc[clauses[0].left_edge.i : clauses[0].right_edge.i + 1]
        elif lemma in COMMITMENT_LEMMAS and not clauses and (action := _committed_action(token)) is not None:
            clause = action
        elif lemma in PASSIVE_REPORT_LEMMAS and (expectation := _passive_report(token)) is not None:
            # "The vote is expected to ...": the subject is what is reported on, not who reports; the
            # source is the agent ("by analysts") when the sentence names one.
            clause = expectation
            agents = [p for c in token.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            speaker, reason = (
                _resolve_token(agents[0], mentions)
                if agents
                else (None, f"passive '{token.text}' names no one who reports it")
            )
            found.append((clause, speaker, reason, lemma, "cue_subject"))
            continue
        else:
            continue
        speaker, reason, rule = _speaker_or_clause(token, mentions, "cue_subject")
        found.append((clause, speaker, reason, lemma, rule))
    for token in doc:
        if token.lower_ == "according" and not _inside(token.idx, quoted):
            sources = [o for to in token.children for o in to.children if o.dep_ == "pobj"]
            if not sources or token.head.i == token.i:
                continue
            if (clause := _according_to_clause(token)) is not None:
                speaker, reason = _resolve_token(sources[0], mentions)
                found.append((clause, speaker, reason, "according to", "according_to"))
    quotes: dict[tuple[int, int], Quote] = {}
    for clause, speaker, reason, cue, attribution in found:
        start, end = _trim_clause(clause)
        if len(body[start:end].split()) < INDIRECT_MIN_WORDS or _overlaps(start, end, quoted):
            continue
        if (start, end) not in quotes or (speaker is not None and quotes[start, end].speaker is None):
            quotes[start, end] = _quote(
                start, end, body[start:end], "indirect", speaker, reason, cue, attribution
            )
    return sorted(quotes.values(), key=lambda q: q.start)


def _parenthetical_clause(cue: Token) -> Span | None:
    """The statement a parenthetical or fronted report interrupts or opens: "The port, he said, will
    reopen", "She said, the port will reopen" parse the reporting verb as a `parataxis` of the statement's
    verb rather than the statement as its `ccomp`. The statement is that verb's clause without the report;
    a report closing the sentence ("..., police said.") is left out: the parse gives that one its clause
    as a `ccomp` when it is reported speech, and a `parataxis` there is mostly a misparse (measured on
    PolNeAR train)."""
    if cue.dep_ != "parataxis" or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    report = {t.i for t in cue.subtree}
    statement = [t for t in cue.head.subtree if t.i not in report and not t.is_punct]
    if not statement or cue.i > statement[-1].i:
        return None
    return cue.doc[statement[0].i : statement[-1].i + 1]


def _holds_a_stated_view(verb: Token, clause: Token) -> bool:
    """Whether a verb of conviction or evidence ("believes", "fears", "the poll shows") reports a view its
    subject holds: it has a subject, other than the writer or reader ("I", "we", "you" outside quotes are
    the narration's own voice), and governs a full clause with its own subject that is not an embedded
    question ("shows how ...", "wonder whether ..."). A view inside someone's report ("Reyne said she
    believes the port will reopen") is that report's content, not an attribution of its own."""
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in CUE_LEMMAS | CONVICTION_LEMMAS:
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or any(s.lower_ in NARRATOR_PRONOUNS for s in subjects):
        return False
    if verb.lemma_.lower() in HEDGING_LEMMAS and subjects[0].pos_ not in ("NOUN", "PROPN"):
        return False
    if not any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in clause.children):
        return False
    opening = clause.left_edge
    return opening.tag_ not in ("WDT", "WP", "WP$", "WRB") and opening.lower_ not in ("whether", "if")


def _committed_action(verb: Token) -> Span | None:
    """What a verb of commitment or exhortation with a subject commits to or urges, written as an
    infinitive rather than a clause: "Reyne vowed to reopen the port", "Kresnik urged the council to
    act" (the addressee, when the verb names one, belongs to the urged action). As for views, one inside
    someone's report is that report's content."""
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in CUE_LEMMAS | CONVICTION_LEMMAS:
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    actions = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    if not actions:
        return None
    action = actions[0]
    addressees = [c for c in verb.children if c.dep_ == "dobj" and c.i < action.i]
    start = addressees[0].left_edge.i if addressees else action.left_edge.i
    return verb.doc[start : action.right_edge.i + 1]


def _passive_report(verb: Token) -> Span | None:
    """A report in the passive with an infinitive, "the council is expected to approve the budget", "he
    is said to favour ...": the whole statement, its subject through the infinitive. A relative pronoun
    subject ("who is expected to ...") leaves the statement's subject outside the clause, so it is not
    taken."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    actions = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
    if not subjects or not actions or subjects[0].tag_ in ("WDT", "WP") or subjects[0].i > verb.i:
        return None
    return verb.doc[subjects[0].left_edge.i : actions[0].right_edge.i + 1]


def _according_to_clause(according: Token) -> Span | None:
    """The statement "according to X" is attached to, on the side of the phrase the statement is on: the
    words before it when it follows them ("Turnout rose, according to the board, beating forecasts"),
    else the words after it ("According to the board, turnout rose"). A range over both sides would also
    swallow whatever trails the attribution (an apposition, a comparison). The statement is the whole
    coordination or sentence the phrase closes (ACCORDING_CLIMB_DEPS)."""
    phrase = {t.i for t in according.subtree}
    statement = according.head
    while statement.dep_ in ACCORDING_CLIMB_DEPS and statement.head.i < statement.i:
        statement = statement.head
    tokens = [t for t in statement.subtree if t.i not in phrase]
    before = [t for t in tokens if t.i < according.i]
    side = before if any(not t.is_punct for t in before) else [t for t in tokens if t.i > according.i]
    if not side:
        return None
    return according.doc[side[0].i : side[-1].i + 1]


def _signature(body: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """A name set off from the quote with no verb: '"...". ― Karen Bobadilla' (a signature dash after the
    quote) or 'Karen Bobadilla: "..."' (a colon before it), as vox pops and transcripts print speakers."""
    after = SIGNATURE_AFTER.match(body, end)
    for m in mentions:
        if m.kind != "name" or m.label not in ("PERSON", "ORG"):
            continue
        if after and m.start == after.end():
            return m
        if SIGNATURE_BEFORE.fullmatch(body, m.end, start):
            return m
    return None


def _trim_clause(clause: Span) -> tuple[int, int]:
    """The clause without its complementiser and edge punctuation ("that he would go," → "he would go")."""
    tokens = list(clause)
    while tokens and (
        tokens[0].is_punct or tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if")
    ):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens:
        return clause.start_char, clause.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _continues(body: str, previous: Quote, start: int, end: int) -> bool:
    """Whether a quote follows the previous one in the same or the next paragraph, with no other
    quotation between them (the multi-sentence and multi-paragraph quotation conventions). Signed
    quotes ('"..." ― Name') stand alone, each with its own signature."""
    between = body[previous.end : start]
    signed = previous.attribution == "signature" or SIGNATURE_DASH.match(body, end) is not None
    return (
        previous.speaker is not None
        and not signed
        and between.count("\n\n") <= 1
        and len(between.split()) <= 12
    )


def _preceding_cue(doc: Doc, body: str, span: Span, quoted: list[tuple[int, int]]) -> Token | None:
    """A reporting verb with a subject in the sentence just before the quote, in the same paragraph:
    'Earnest said at a briefing on Monday that the aid would continue. "And we have seen..."'."""
    sentence = doc[span.start].sent
    if sentence.start == 0:
        return None
    before = doc[sentence.start - 1].sent
    if "\n\n" in body[before.end_char : span.start_char]:
        return None
    candidates = [
        token
        for token in before
        if token.lemma_.lower() in CUE_LEMMAS
        and token.pos_ == "VERB"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        and not _inside(token.idx, quoted)
    ]
    return candidates[-1] if candidates else None


def _governing_cue(span: Span) -> Token | None:
    """The reporting verb the quote hangs from in the parse, walking up from the quote's own root."""
    return _ancestor_above(span, lambda t: t.lemma_.lower() in CUE_LEMMAS and t.pos_ in ("VERB", "AUX"))


def _governing_verb(span: Span) -> Token | None:
    """The nearest verb above the quotation in the parse."""
    return _ancestor_above(span, lambda t: t.pos_ == "VERB" and not span.start <= t.i < span.end)


def _ancestor_above(span: Span, accept: Callable[[Token], bool]) -> Token | None:
    """The first ancestor, at most four steps above a token whose head lies outside the span, that
    `accept` takes."""
    for token in span:
        if span.start <= token.head.i < span.end:
            continue
        ancestor = token.head
        for _ in range(4):
            if accept(ancestor):
                return ancestor
            if ancestor.head.i == ancestor.i:
                break
            ancestor = ancestor.head
    return None


def _nearby_cue(doc: Doc, span: Span, quoted: list[tuple[int, int]]) -> Token | None:
    """The closest reporting verb outside quotes in the sentences the quote starts or ends in."""
    sentences = {doc[span.start].sent, doc[span.end - 1].sent}
    candidates = [
        token
        for sentence in sentences
        for token in sentence
        if token.lemma_.lower() in CUE_LEMMAS and token.pos_ == "VERB" and not _inside(token.idx, quoted)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.idx - span.end_char), abs(t.idx - span.start_char)))


def _speaker(cue: Token, mentions: list[Mention]) -> Resolution:
    if cue.lemma_.lower() == "quote":
        # "Kommersant quoted the words of X": the speaker is who was quoted, not who quoted.
        for child in cue.children:
            if child.dep_ == "dobj":
                of = [g for c in child.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                return _resolve_token(of[0] if of else child, mentions)
    verb = cue
    # "..., adding that ...", "asking ...": a participle or conjoined cue shares the subject of the verb
    # it hangs from.
    for _ in range(MAX_SUBJECT_CLIMB):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            # Two subjects is a misparse ("in Salem, New Hampshire, Trump went"): the nearer is the verb's.
            return _resolve_token(min(subjects, key=lambda s: abs(s.i - verb.i)), mentions)
        if (
            verb.dep_ not in ("advcl", "xcomp", "conj", "acl", "pcomp", "ccomp", "prep")
            or verb.head.i == verb.i
        ):
            break
        verb = verb.head
    neighbour = _name_beside(cue, mentions)
    if neighbour is not None:
        return neighbour, None
    return None, f"reporting verb '{cue.text}' has no subject"


def _speaker_or_clause(
    cue: Token, mentions: list[Mention], rule: str
) -> tuple[Mention | None, str | None, str]:
    """The cue's own subject under `rule`; when the parse gives the cue none at all, the subject of the
    clause it hangs from, under `clause_subject`: "Trump attacked Clinton on Monday, calling her ..."
    parses "calling" as a modifier of a noun or an adverb often enough that climbing its heads stops short
    of "Trump", yet the sentence has one subject and it is the speaker."""
    speaker, reason = _speaker(cue, mentions)
    if speaker is not None or not (reason or "").endswith("has no subject"):
        return speaker, reason, rule
    if (subject := _clause_subject(cue, mentions)) is not None:
        return subject, None, "clause_subject"
    return speaker, reason, rule


def _clause_subject(cue: Token, mentions: list[Mention]) -> Mention | None:
    """The person or organisation that is the subject of the main verb of the cue's sentence, written
    before the cue."""
    root = cue.sent.root
    if root.i == cue.i:
        return None
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    if not subjects:
        return None
    speaker, _ = _resolve_token(subjects[-1], mentions)
    return speaker if speaker is not None and speaker.label in ("PERSON", "ORG") else None


def _name_beside(cue: Token, mentions: list[Mention]) -> Mention | None:
    """When the parse gives the cue no subject, the name right before it, across an apposition and
    commas only ("Flynn, a top Trump surrogate, said"), or right after it ("said Flynn")."""
    sentence = cue.sent
    for m in reversed(mentions):
        if m.kind != "name" or m.label not in ("PERSON", "ORG") or m.token_end > cue.i:
            continue
        if m.token_start < sentence.start:
            break
        between = cue.doc[m.token_end : cue.i]
        if len(between) > MAX_APPOSITION_TOKENS or any(
            t.pos_ in ("VERB", "AUX") or t.text in '"“”' for t in between
        ):
            break
        # A name inside the apposition ("a top Trump surrogate") is not the one it describes.
        if not len(between) or between[0].text in ",(":
            return m
    # '"...," recalled Mr. Rhodes': only titles may stand between an inverted cue and its name.
    start = cue.i + 1
    while start < len(cue.doc) and cue.doc[start].lower_ in TITLE_WORDS:
        start += 1
    after = [
        m for m in mentions if m.kind == "name" and m.token_start == start and m.label in ("PERSON", "ORG")
    ]
    return after[0] if after else _described_after(cue, mentions)


def _described_after(cue: Token, mentions: list[Mention]) -> Mention | None:
    """'"...," said retired neurosurgeon Ben Carson', '..., said Texas delegate Bill Eastland': an
    inverted cue followed by a description written as a title, one noun phrase running into a person's
    name (no comma, verb or preposition between), speaks through that person."""
    doc = cue.doc
    in_names = {i for m in mentions if m.kind == "name" for i in range(m.token_start, m.token_end)}
    for i in range(cue.i + 1, min(cue.i + 1 + MAX_DESCRIBED_TOKENS, len(doc))):
        person = [m for m in mentions if m.kind == "name" and m.label == "PERSON" and m.token_start == i]
        if person:
            return person[0] if i > cue.i + 1 else None
        token = doc[i]
        if token.i not in in_names and (token.pos_ not in DESCRIPTION_POS or token.is_punct):
            return None
    return None


def _according_to(doc: Doc, span: Span, quoted: list[tuple[int, int]]) -> Token | None:
    sentence = doc[span.start].sent
    for token in sentence:
        if token.lower_ == "according" and not _inside(token.idx, quoted):
            for to in token.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None


def _resolve_token(token: Token, mentions: list[Mention]) -> Resolution:
    """Map a subject token to the name of an entity mention, or say why there is none."""
    if token.lower_ in ("who", "that") and token.head.dep_ == "relcl":
        token = token.head.head  # "Reid, who told reporters ...": the relative clause's noun speaks
    covering = [m for m in mentions if m.token_start <= token.i < m.token_end and m.label in SPEAKER_LABELS]
    if covering:
        # A name nested in a description ("the Kremlin's adviser") speaks for itself only when it is the subject.
        return min(covering, key=lambda m: m.kind != "name"), None
    if token.pos_ == "NOUN" and token.lemma_.lower() in PERSON_NOUNS | ORGANISATION_NOUNS:
        # "the Democratic candidate Hillary Clinton", "the TASS news agency": the name the description is
        # attached to speaks; other names inside it do not ("the head of the Security Council").
        label = "PERSON" if token.lemma_.lower() in PERSON_NOUNS else "ORG"
        attached = {t.i for c in token.children if c.dep_ in ("appos", "compound") for t in c.subtree}
        named = [m for m in mentions if m.kind == "name" and m.label == label and m.token_start in attached]
        if named:
            return named[0], None
        return None, f"description '{_phrase(token)}' matches no entity introduced with that description"
    subtree = {t.i for t in token.subtree}
    inside = [
        m
        for m in mentions
        if m.token_start in subtree and m.label in SPEAKER_LABELS and m.label != "NORP" and m.kind == "name"
    ]
    if inside:
        # People speak before organisations, organisations before places: "Kasich (R-OH) said" is Kasich's.
        return min(inside, key=lambda m: (SPEAKER_LABELS.index(m.label), abs(m.token_start - token.i))), None
    if token.lower_ in PERSON_PRONOUNS:
        return None, f"pronoun '{token.text}' with no person of its gender named in the sentences before it"
    if surnamed := _person_by_surname(token, mentions):
        return surnamed, None
    return None, f"subject '{_phrase(token)}' is not a named entity"


def _person_by_surname(token: Token, mentions: list[Mention]) -> Mention | None:
    """A capitalised proper noun the model left untagged ("Braynard said") is the person the document
    names elsewhere with that surname, when exactly one person has it: the model often tags a full name
    once and misses the bare surname in a later sentence it parses differently."""
    if token.pos_ != "PROPN" or not token.is_title or token.is_sent_start and token.dep_ != "nsubj":
        return None
    people = [
        m for m in mentions if m.kind == "name" and m.label == "PERSON" and m.name.split()[-1] == token.text
    ]
    if len({m.name for m in people}) != 1:
        return None
    return min(people, key=lambda m: abs(m.token_start - token.i))


def _phrase(token: Token) -> str:
    return " ".join(t.text for t in token.subtree if not t.is_punct)
