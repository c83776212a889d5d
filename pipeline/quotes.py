"""Quotes: quoted spans of the body with their kind, cue verb and speaker.

Speakers come from the dependency parse: the subject of the reporting verb that governs the quote,
"according to X", a pronoun resolved to the last person named before the quote, or a description
("the Chinese leader") matched to the role a person was introduced with. When none applies the quote
keeps a null speaker and a `speaker_reason` instead of a guess.
"""

import hashlib
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.entities import TITLE_WORDS, Mention
from pipeline.patterns import REPORTING_VERB_LEMMAS as CUE_LEMMAS

PERSON_PRONOUNS = frozenset({"he", "she"})
# Short quoted phrases ("no-limits" partnership) are scare quotes unless a reporting verb governs them.
SCARE_QUOTE_MAX_WORDS = 3
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None  # the in-document name of the speaker's mention
    speaker_reason: str | None
    cue: str | None


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


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """Every quotation in a parsed body that is reported speech rather than a scare quote."""
    spans = find_quote_spans(doc.text)
    inside_quotes = [(s, e) for s, e in spans]
    quotes = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        words = len(doc.text[start:end].split())
        governing = _governing_cue(span)
        # A quoted word or short phrase no reporting verb governs is a scare quote, not speech.
        if words == 1 or (governing is None and words <= SCARE_QUOTE_MAX_WORDS):
            continue
        cue = governing or _nearby_cue(doc, span, inside_quotes) or _preceding_cue(doc, span, inside_quotes)
        text = doc.text[start:end]
        kind = "direct" if text[:1].isupper() and words > SCARE_QUOTE_MAX_WORDS else "partial"
        according = _according_to(doc, span, inside_quotes) if governing is None else None
        if according is not None:
            speaker, reason = _resolve_token(according, span, mentions)
            cue_lemma = "according to"
        else:
            speaker, reason = _speaker(cue, span, mentions)
            cue_lemma = cue.lemma_.lower() if cue else None
        previous = quotes[-1] if quotes else None
        if cue is None and according is None and previous and _continues(doc.text, previous, start):
            # '"...," said X. "More words."': a quote with no cue of its own continues the one before it.
            speaker, reason, cue_lemma = previous.speaker, previous.speaker_reason, previous.cue
        quotes.append(Quote(start, end, text, kind, speaker, reason, cue_lemma))
    return quotes


def _continues(body: str, previous: Quote, start: int) -> bool:
    """Whether a quote follows the previous one in the same or the next paragraph, with no other
    quotation between them (the multi-sentence and multi-paragraph quotation conventions)."""
    between = body[previous.end : start]
    return previous.speaker is not None and between.count("\n\n") <= 1 and len(between.split()) <= 12


def _preceding_cue(doc: Doc, span: Span, quoted: list[tuple[int, int]]) -> Token | None:
    """A reporting verb with a subject in the sentence just before the quote, in the same paragraph:
    'Earnest said at a briefing on Monday that the aid would continue. "And we have seen..."'."""
    sentence = doc[span.start].sent
    if sentence.start == 0:
        return None
    before = doc[sentence.start - 1].sent
    if "\n\n" in doc.text[before.end_char : span.start_char]:
        return None
    candidates = [
        token
        for token in before
        if token.lemma_.lower() in CUE_LEMMAS
        and token.pos_ == "VERB"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        and not any(s <= token.idx < e for s, e in quoted)
    ]
    return candidates[-1] if candidates else None


def _governing_cue(span: Span) -> Token | None:
    """The reporting verb the quote hangs from in the parse, walking up from the quote's own root."""
    for token in span:
        if span.start <= token.head.i < span.end:
            continue
        ancestor = token.head
        for _ in range(4):
            if ancestor.lemma_.lower() in CUE_LEMMAS and ancestor.pos_ in ("VERB", "AUX"):
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
        if token.lemma_.lower() in CUE_LEMMAS
        and token.pos_ == "VERB"
        and not any(s <= token.idx < e for s, e in quoted)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.idx - span.end_char), abs(t.idx - span.start_char)))


def _speaker(cue: Token | None, span: Span, mentions: list[Mention]) -> tuple[str | None, str | None]:
    if cue is None:
        return None, "no reporting verb or 'according to' near the quote"
    if cue.lemma_.lower() == "quote":
        # "Kommersant quoted the words of X": the speaker is who was quoted, not who quoted.
        for child in cue.children:
            if child.dep_ == "dobj":
                of = [g for c in child.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                return _resolve_token(of[0] if of else child, span, mentions)
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "..., adding that ...": a participle or conjoined cue shares the subject of the verb it hangs from.
    if not subjects and cue.dep_ in ("advcl", "xcomp", "conj"):
        subjects = [c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None, f"reporting verb '{cue.text}' has no subject"
    return _resolve_token(subjects[0], span, mentions)


def _according_to(doc: Doc, span: Span, quoted: list[tuple[int, int]]) -> Token | None:
    sentence = doc[span.start].sent
    for token in sentence:
        if token.lower_ == "according" and not any(s <= token.idx < e for s, e in quoted):
            for to in token.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None


def _resolve_token(token: Token, span: Span, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """Map a subject token to the name of an entity mention."""
    for m in mentions:
        if m.token_start <= token.i < m.token_end and m.label in SPEAKER_LABELS:
            return m.name, None
    if token.pos_ == "NOUN" and token.lemma_.lower() in TITLE_WORDS:
        return _resolve_description(token, span, mentions)
    subtree = {t.i for t in token.subtree}
    inside = [
        m for m in mentions if m.token_start in subtree and m.label in SPEAKER_LABELS and m.label != "NORP"
    ]
    if inside:
        return min(inside, key=lambda m: abs(m.token_start - token.i)).name, None
    if token.lower_ in PERSON_PRONOUNS:
        before = [m for m in mentions if m.label == "PERSON" and m.end <= span.start_char]
        if before:
            return before[-1].name, None
        return None, f"pronoun '{token.text}' with no person named before it"
    if token.pos_ == "NOUN":
        return _resolve_description(token, span, mentions)
    return None, f"subject '{token.text}' is not a named entity"


def _resolve_description(token: Token, span: Span, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """ "the Chinese leader" → the last entity introduced with a role holding "Chinese" and "leader"."""
    words = {token.lower_, token.lemma_.lower()}
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
    for m in reversed([m for m in mentions if m.start < span.start_char and m.role]):
        role = {w.lower() for w in m.role.split()}
        if words & role and modifiers <= role:
            return m.name, None
    described = " ".join(t.text for t in token.subtree if not t.is_punct)
    return None, f"description '{described}' matches no entity introduced with that description"
