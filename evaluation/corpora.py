"""Score the pure pipeline against real public corpora (shared/corpora/README.md): quotes, speakers and
persons on PolNeAR, titles and cleaning on PolNeAR and BBC News, with textacy's quote extractor and
trafilatura's titles as side-by-side baselines.

    python -m evaluation.corpora {quotes,persons,titles,cleaning,all} [--corpus-root ../shared/corpora]
        [--split dev|train|both] [--limit N] [--json out.json] [--model NAME] [--no-baseline]

No Dagster and no warehouse: raw files go through `parse_document`, one spaCy pass feeds our extractors
(and textacy, on the very same `Doc`), and `link_corpus` gives the canonical names the public tables hold.

How the numbers are defined, and why:

- Tokens are runs of letters and digits (`[^\\W_]+`) of the *raw* text, identified by position. Gold spans
  index the raw text; a predicted quote (offsets into the cleaned body) is carried to raw tokens through
  `CleanedText.paragraphs` plus a token alignment inside each paragraph. Comparing positions rather than
  strings means a phrase that occurs twice in an article cannot match the wrong occurrence, and quote
  marks, commas and spacing, which cleaning changes, never decide a match.
- Overlap of a prediction P and a gold unit G is |P ∩ G| / max(|P|, |G|): the smaller of the two
  containment ratios. At >= 0.5 most of the prediction is gold speech *and* most of the gold was found;
  Jaccard >= 0.5 would also reject a prediction that is right but for a trailing clause. Matching is
  one-to-one, greedy by overlap.
- Gold direct quotes are the attributions whose Content holds a double quotation mark (SOURCE.md; two
  apostrophes count, as PolNeAR's New York Times articles quote ''like this''). The gold *unit* is each
  quoted passage inside that Content (curly marks paired by direction): one Content often holds two
  passages around "said X", or narration around a quoted phrase, and a quote extractor returns passages,
  so whole Contents would count right answers as wrong. A passage whose words are all capitalised is a
  title in quote marks ('appeared on "Shark Tank"'), not speech; a Content quoting nothing else counts as
  indirect. The whole-Content score is reported too, as "strict".
- The direct and strict schemes score our quoted predictions (kinds direct and partial). All attributions
  (direct + indirect) are scored with every prediction, indirect speech included, against the direct
  passages plus each indirect Content whole: precision, recall and F1 over those units, and the share of
  attributions found (one of its units matched).
- Calibration: per (quoted or indirect, attribution rule, how the speaker is named) group, span
  precision under the all-attributions scheme times speaker accuracy where the gold source is a name.
  Measured on the train split, it is `quotes.CONFIDENCE`; the dev split checks it.
- A gold Source "is a name" when `source_name` finds one: the head of the span (before a comma, a
  preposition, a relative pronoun; after a possessive) ends in a run of capitalised words that is not a
  pronoun, determiner, title or sentence-initial common word. A speaker is right when `same_person` holds
  for the predicted canonical name and that name: same last word (unless both give a first name and they
  differ), or one contains the other. Speaker accuracy is over matched passages with a named source;
  textacy returns only quotes it found a speaker for, so accuracy "when a speaker is given" and right
  speakers over all named gold passages are reported too.
- Persons: gold is the named Sources that `is_person_name` accepts (no acronym, organisation, group,
  nationality or place word), merged within a document by `same_person`; predicted is the entities of type
  PERSON (the corpus-wide vote) with a mention in the document, and, as a second line, the mentions
  labelled PERSON in the document. Only sources are annotated, so recall is the number to read and
  precision is a lower bound; the rules still let some organisations and common words into the gold.
- Titles: the extracted title equals the gold one after `normalise_title` (case, quote marks, dashes,
  punctuation and HTML entities folded); "lenient" also accepts PolNeAR's headline before "; " (the
  metadata joins headline and subheadline, the text has them on two lines). trafilatura's title of the
  same raw text (wrapped as HTML by `pipeline.baselines`) is scored the same way.
- Cleaning: both corpora are already clean text, so this counts what cleaning removes (by reason, the
  corpus statistics computed over the corpus as one batch) to show article text survives, and checks the
  offset map: every word of every body, traced to raw offsets and cleaned again (`clean.reclean`), must
  give the word back.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import html
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import ftfy
from spacy.language import Language
from spacy.tokens import Doc

from evaluation.baselines import extract_with_trafilatura
from pipeline.corpus.linking import link_corpus
from pipeline.corpus.quotes import linked_quotes
from pipeline.documents.parse import ParsedDocument, corpus_statistics, parse_document
from pipeline.documents.read import RawDocument, read_raw_file
from pipeline.lake.settings import DEFAULT_SPACY_MODEL
from pipeline.nlp.mentions import TITLE_WORDS, DocMention, Mention
from pipeline.nlp.quotes import DocQuote
from pipeline.nlp.spacy_pass import DocumentAnnotations, DocumentInput, annotate, load_pipeline
from pipeline.text.normalise import reclean
from pipeline.text.reflow import Paragraph

DEFAULT_CORPUS_ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpora"
MATCH_THRESHOLD = 0.5
TEXTACY_INSTALL_HINT = (
    "pip install 'textacy==0.13.0' (adds only new packages; spaCy, numpy and pandas stay put)"
)
MAX_EXAMPLES = 2000  # errors kept per list in the JSON report: enough to see patterns, small enough to read

Span = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# PolNeAR: brat standoff and the document list
# ---------------------------------------------------------------------------------------------

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(\S.*)$")


@dataclass(frozen=True)
class GoldAttribution:
    """One brat `E` relation: where its Content, Source and Cue sit in the raw text."""

    id: str
    content: tuple[Span, ...]
    source: tuple[Span, ...] | None
    cue: tuple[Span, ...] | None


def _spans(field_text: str) -> tuple[Span, ...]:
    """`"13 98;100 120"` -> ((13, 98), (100, 120)): brat writes discontinuous spans with semicolons."""
    pairs = (part.split() for part in field_text.split(";"))
    return tuple((int(start), int(end)) for start, end in pairs)


def parse_brat(text: str) -> list[GoldAttribution]:
    """Attributions of one .ann file; relations without a Content are dropped (nothing to score).

    Span texts may hold line breaks that continue on the next line of the file, so only lines opening with
    a `T`/`E` id are read, and offsets (not the copied text) are kept.
    """
    spans: dict[str, tuple[Span, ...]] = {}
    relations: list[tuple[str, dict[str, list[str]]]] = []
    for line in text.split("\n"):
        if match := _T_LINE.match(line):
            spans[match[1]] = _spans(match[3])
        elif match := _E_LINE.match(line):
            roles: dict[str, list[str]] = {}
            for argument in match[2].split():
                role, _, ref = argument.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            relations.append((match[1], roles))
    attributions = []
    for rel_id, roles in relations:
        # Content2 holds the rest of a content the annotator could not select in one go.
        content = tuple(s for ref in roles.get("Content", []) if ref in spans for s in spans[ref])
        if not content:
            continue
        source = [s for ref in roles.get("Source", []) if ref in spans for s in spans[ref]]
        cue = [s for ref in roles.get("Cue", []) if ref in spans for s in spans[ref]]
        attributions.append(
            GoldAttribution(
                id=rel_id,
                content=tuple(sorted(content)),
                source=tuple(source) or None,
                cue=tuple(cue) or None,
            )
        )
    return attributions


@dataclass(frozen=True)
class PolnearDoc:
    name: str  # file stem, the key of metadata.tsv
    split: str
    text_path: Path
    ann_path: Path | None  # the first annotator's file, sorted by name
    title: str | None  # metadata.tsv `title`


def polnear_documents(polnear: Path, split: str = "both") -> list[PolnearDoc]:
    """PolNeAR articles of `split` in a stable order, each with the first annotator's file.

    About one article in fifty has several annotators; scoring one file per article keeps gold counts
    comparable across articles.
    """
    titles: dict[str, str] = {}
    metadata = polnear / "metadata.tsv"
    if metadata.exists():
        with metadata.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                titles[row["filename"]] = row["title"]
    splits = ["dev", "train"] if split == "both" else [split]
    documents = []
    for name in splits:
        annotations: dict[str, Path] = {}
        for path in sorted((polnear / name / "attributions").glob("*.ann")):
            stem = path.name.rsplit("_", 1)[0]
            annotations.setdefault(stem, path)
        for path in sorted((polnear / name / "text").glob("*.txt")):
            documents.append(
                PolnearDoc(path.stem, name, path, annotations.get(path.stem), titles.get(path.stem))
            )
    return documents


# ---------------------------------------------------------------------------------------------
# Tokens, alignment of the cleaned body to the raw text, quoted passages
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
OPENING_MARKS = "“„‟«"
CLOSING_MARKS = "”»"


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Character spans of the word tokens of `text[start:end]`, in `text`'s offsets."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


class TokenIndex:
    """The word tokens of one text, numbered, so that spans compare as sets of token positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = word_spans(text)
        self.starts = [s for s, _ in self.spans]

    def ids(self, spans: Iterable[Span]) -> frozenset[int]:
        """Tokens that overlap any of the character spans."""
        found: set[int] = set()
        for start, end in spans:
            first = max(bisect.bisect_right(self.starts, start) - 1, 0)
            for i in range(first, bisect.bisect_left(self.starts, end)):
                if self.spans[i][1] > start:
                    found.add(i)
        return frozenset(found)

    def text_of(self, ids: Iterable[int], limit: int = 300) -> str:
        ordered = sorted(ids)
        if not ordered:
            return ""
        return self.text[self.spans[ordered[0]][0] : self.spans[ordered[-1]][1]][:limit]


def _token_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class BodyAlignment:
    """Maps word tokens of the cleaned body to word tokens of the raw text.

    `CleanedText.paragraphs` says which raw span each body paragraph was re-flowed from; inside a
    paragraph cleaning only repairs characters and spacing, so the token sequences agree almost always,
    and a diff aligns them where they do not (a joined hyphenation, a repaired mojibake word).
    """

    def __init__(self, raw: TokenIndex, body: str, paragraphs: Sequence[Paragraph]) -> None:
        self.body_spans: list[Span] = []
        self.to_raw: list[int | None] = []
        for p in paragraphs:
            body_tokens = word_spans(body, p.body_start, p.body_end)
            first = bisect.bisect_left(raw.starts, p.raw_start)
            last = bisect.bisect_left(raw.starts, p.raw_end)
            raw_ids = list(range(first, last))
            body_keys = [_token_key(body[s:e]) for s, e in body_tokens]
            raw_keys = [_token_key(raw.text[raw.spans[i][0] : raw.spans[i][1]]) for i in raw_ids]
            mapping: list[int | None] = [None] * len(body_tokens)
            if body_keys == raw_keys:
                mapping = list(raw_ids)
            else:
                matcher = SequenceMatcher(None, body_keys, raw_keys, autojunk=False)
                for block in matcher.get_matching_blocks():
                    for k in range(block.size):
                        mapping[block.a + k] = raw_ids[block.b + k]
            self.body_spans += body_tokens
            self.to_raw += mapping
        self._starts = [s for s, _ in self.body_spans]
        self.raw_in_body = frozenset(i for i in self.to_raw if i is not None)

    def raw_ids(self, start: int, end: int) -> frozenset[int]:
        """Raw token ids of the body character span [start, end)."""
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        found = set()
        for i in range(first, bisect.bisect_left(self._starts, end)):
            if self.body_spans[i][1] > start and self.to_raw[i] is not None:
                found.add(self.to_raw[i])
        return frozenset(found)


# Two apostrophes are a straight double mark: PolNeAR's New York Times articles quote ''like this''.
_MARK = re.compile(r"''|[\"“”„‟«»]")


def has_double_quote(text: str) -> bool:
    return bool(_MARK.search(text))


def quoted_passages(raw: str, fragments: Sequence[Span]) -> list[tuple[Span, ...]]:
    """The quoted passages of a (possibly discontinuous) Content, as raw spans clipped to the Content.

    Curly marks pair by direction so a quote inside a quote stays inside its passage; a straight mark
    (`"` or `''`) closes an open straight mark, else opens, unless it follows a word ("win,'' Roe said"). A
    passage still open at the end runs to the end of the Content (the multi-paragraph convention); a
    closing mark before any opening one means the Content starts inside the quote.
    """
    stack: list[str] = []
    passages: list[Span] = []
    first = start = fragments[0][0]
    for s, e in fragments:
        for found in _MARK.finditer(raw, s, e):
            mark = '"' if found[0] == "''" else found[0]
            before = raw[found.start() - 1] if found.start() > first else " "
            closing = mark in CLOSING_MARKS or (
                mark == '"' and not before.isspace() and before not in "([{-–—"
            )
            if stack and (mark in CLOSING_MARKS or (mark == '"' and stack[-1] == '"')):
                stack.pop()
                if not stack:
                    passages.append((start, found.start()))
            elif not stack and closing:
                if not passages:
                    passages.append((first, found.start()))
            else:
                if not stack:
                    start = found.end()
                stack.append(mark)
    if stack:
        passages.append((start, fragments[-1][1]))
    clipped = []
    for a, b in passages:
        parts = tuple((max(a, s), min(b, e)) for s, e in fragments if max(a, s) < min(b, e))
        if parts and any(_WORD.search(raw, s, e) for s, e in parts):
            clipped.append(parts)
    return clipped


# ---------------------------------------------------------------------------------------------
# Overlap, matching, precision / recall
# ---------------------------------------------------------------------------------------------


def token_overlap(predicted: frozenset[int], gold: frozenset[int]) -> float:
    """|P ∩ G| / max(|P|, |G|): see the module docstring for why max and not Jaccard."""
    if not predicted or not gold:
        return 0.0
    return len(predicted & gold) / max(len(predicted), len(gold))


def match_units(
    predicted: Sequence[frozenset[int]], gold: Sequence[frozenset[int]], threshold: float = MATCH_THRESHOLD
) -> dict[int, tuple[int, float]]:
    """One-to-one matches, best overlap first: gold index -> (predicted index, overlap)."""
    pairs = [
        (score, g, p)
        for p, pred in enumerate(predicted)
        for g, unit in enumerate(gold)
        if (score := token_overlap(pred, unit)) >= threshold
    ]
    matched: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for score, g, p in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if g not in matched and p not in used:
            matched[g] = (p, score)
            used.add(p)
    return matched


def ratio(hits: int, total: int) -> float | None:
    """hits / total, or None when there was nothing to score (never a misleading 0 or 1)."""
    return hits / total if total else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# ---------------------------------------------------------------------------------------------
# Names: is a Source a name, is it a person, is a predicted speaker the same person
# ---------------------------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> frozenset[str]:
    """A word list written as one string, so long vocabularies stay readable."""
    return frozenset(text.split(sep))


_NOT_NAMES = _words(
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs "
    "who whom whose which that this these those the a an some many most all both each every any one "
    "another other others several few none no neither either q monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december"
)
# Lower-case words that end the head of a Source: what follows describes or qualifies it.
_HEAD_BREAKS = _words(
    "of for by from at in on with to about who whom whose which that than as after before during under "
    "over into like including among according and or"
)
# Title words with their dot dropped ("Sen" as well as "Sen.") and a few more that precede names here.
_TITLES = frozenset(
    {w.casefold().rstrip(".") for w in TITLE_WORDS}
    | {"rev", "del", "retired", "candidate", "nominee", "congressman", "congresswoman", "president-elect"}
    | {"attorney", "host"}
)
_ORG_WORDS = _words(
    "news times post journal poll polls party committee campaign department university college institute "
    "council association foundation center centre group court house senate congress administration agency "
    "bureau board commission network inc corp company pac project review magazine office club society union "
    "coalition fund daily tribune herald press media television radio report study survey service channel "
    "bank school church league alliance caucus federation organization organisation authority ministry "
    "government county city republic kingdom nation nations team staff forum index research "
    "reuters breitbart politico twitter facebook google fox cnn msnbc ap"
)
_GROUP_WORDS = _words(
    "republicans democrats liberals conservatives americans latinos hispanics evangelicals independents "
    "progressives libertarians mexicans muslims christians catholics jews europeans russians chinese british "
    "republican democratic democrat millennials voters supporters critics officials analysts experts "
    "polls pollsters observers lawmakers readers residents protesters members leaders aides sources people "
    "fans delegates donors activists advocates american americans european europeans german germans saudi "
    "saudis british french israeli israelis mexican iranian iranians russian"
)
_PLACES = _words(
    "america;united states;u.s.;us;usa;russia;china;iran;iraq;syria;israel;mexico;canada;germany;france;"
    "britain;united kingdom;uk;japan;north korea;south korea;cuba;ukraine;turkey;saudi arabia;europe;"
    "european union;washington;moscow;beijing;new york;pyongyang;tehran;london;paris;brussels;alabama;"
    "alaska;arizona;arkansas;california;colorado;connecticut;delaware;florida;georgia;hawaii;idaho;illinois;"
    "indiana;iowa;kansas;kentucky;louisiana;maine;maryland;massachusetts;michigan;minnesota;mississippi;"
    "missouri;montana;nebraska;nevada;new hampshire;new jersey;new mexico;north carolina;north dakota;ohio;"
    "oklahoma;oregon;pennsylvania;rhode island;south carolina;south dakota;tennessee;texas;utah;vermont;"
    "virginia;west virginia;wisconsin;wyoming",
    ";",
)
_CLAUSE = re.compile(r"\s*(?:[,;:()\[\]—–]|\s-\s)\s*")
_POSSESSIVE = re.compile(r"'s$|'$")  # "Trump's", "Sanders'"


def _is_name_token(token: str) -> bool:
    """Capitalised ("Ryan", "O'Malley", "E."), or capitalised after a particle ("al-Assad")."""
    letters = token.strip("\"'.")
    if not letters:
        return False
    return letters[0].isupper() or bool(re.search(r"[-'][A-Z]", letters))


def _fold(text: str) -> str:
    """Gold text as the pipeline sees it: mojibake repaired ("FranÃ§ois"), one apostrophe."""
    return ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC").replace("’", "'").replace("‘", "'")


def _trailing_name(tokens: list[str]) -> list[str] | None:
    """The run of name tokens that ends `tokens`, without leading determiners and title words.

    None when the phrase ends in a lower-case word: then its head is a description ("a spokesman").
    """
    run: list[str] = []
    for token in reversed(tokens):
        if not _is_name_token(token):
            break
        run.insert(0, token)
    if not run:
        return None
    # "Many Democrats", "Democrat Hillary Clinton": a determiner or party word before the name is not it.
    while run and (
        re.split(r"['.]", run[0].casefold())[0] in _NOT_NAMES  # "The", "We've"
        or (len(run) > 1 and run[0].casefold() in _GROUP_WORDS)
    ):
        run.pop(0)
    titles = [i for i, token in enumerate(run) if token.casefold().rstrip(".") in _TITLES]
    if titles:
        run = run[titles[-1] + 1 :]
    if not run or all(len(token.strip(".")) <= 1 for token in run):
        return None
    return run


def source_name(text: str, *, common_words: frozenset[str] = frozenset()) -> str | None:
    """The name a gold Source span gives, or None when it is a pronoun or a description.

    The head of the span is what comes before the first comma, parenthesis or dash, taken after its last
    possessive ("NBC's Dante Chinni") and split at lower-case prepositions and relative pronouns; the
    first piece that ends in capitalised words gives the name ("Secretary of State John Kerry" -> "John
    Kerry"), a piece ending in a lower-case word means a description ("a spokesman for Hillary Clinton"
    -> None). A description may be followed by the name as an appositive ("Trump's attorney, Alan
    Garten"). Coordinated sources ("Obama and Clinton") are not one name. `common_words` (see
    `common_words`) rejects a sentence-initial common word ("Officials", "Rival Hillary Clinton").
    """
    chunks = [c for c in _CLAUSE.split(_fold(text).strip()) if c.strip()]
    if not chunks:
        return None
    head = chunks[0].split()
    if any(t in ("and", "&") for t in head):
        return None
    for i in range(len(head) - 1, -1, -1):
        if _POSSESSIVE.search(head[i]):
            if i == len(head) - 1:
                head[i] = _POSSESSIVE.sub("", head[i])
            else:
                head = head[i + 1 :]
            break
    name: list[str] | None = None
    piece: list[str] = []
    for token in [*head, "of"]:
        if token in _HEAD_BREAKS:
            if piece:
                name = _trailing_name(piece)
                if name is not None or any(t.casefold().rstrip(".") not in _TITLES for t in piece):
                    break
            piece = []
        else:
            piece.append(token)
    if name is None:
        # "Another delegate on the Cruz slate, Jim Poolman,": the name is a whole appositive chunk of two
        # words or more ("a woman in Worcester, Massachusetts," gives a place, not a name).
        for chunk in chunks[1:]:
            tokens = chunk.split()
            run = _trailing_name(tokens)
            if run is not None and len(run) == len(tokens) >= 2:
                name = run
                break
    if name is None:
        return None
    # A sentence-initial common word is capitalised too ("Officials said", "Rival Hillary Clinton said").
    if name[0] == head[0] and name[0].casefold() in common_words:
        if len(name) == 1:
            return None
        name = name[1:]
    return " ".join(name).strip(".,\"'")


def is_person_name(name: str) -> bool:
    """A named Source that is plausibly one person: no acronym, organisation, group or place word."""
    words = _fold(name).split()
    if any(sum(c.isupper() for c in w) >= 2 and "." not in w and not re.search(r"[a-z]", w) for w in words):
        return False  # CNN, FBI, GOP; initials like "J.R." are kept
    if len(words) == 1 and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", words[0]):
        return False  # S.E.C, F.B.I.
    if re.search(r"\.(?:com|org|net)\b", name, re.IGNORECASE):
        return False
    folded = [w.casefold().strip(".,'\"") for w in words]
    if any(w in _ORG_WORDS for w in folded):
        return False
    last = folded[-1].rsplit("-", 1)[-1] if folded else ""  # "African-Americans"
    return last not in _GROUP_WORDS and " ".join(folded) not in _PLACES


def name_words(name: str) -> list[str]:
    """Case-folded words of a name without a possessive or leading titles ("Mr. Trump's" -> ["trump"])."""
    text = _POSSESSIVE.sub("", _fold(name).strip().strip(".,\"'"))
    words = [w.casefold() for w in re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", text)]
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return words


def same_person(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted name and a gold name refer to one person (or one organisation).

    Same last word ("Donald Trump" / "Mr. Trump"), unless both give more than a surname and the shorter
    one's first name is not in the longer ("Eric Trump" is not "Donald Trump", "Thomas Massie" is
    "House Republican Thomas Massie"); or one name contains the other as whole words ("Kim" / "Kim Jong Un").
    """
    if not predicted or not gold:
        return False
    p, g = name_words(predicted), name_words(gold)
    if not p or not g:
        return False
    shorter, longer = (p, g) if len(p) <= len(g) else (g, p)
    if p[-1] == g[-1]:
        return len(shorter) == 1 or shorter[0] in longer[:-1]
    return any(longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


def group_names(names: Iterable[str]) -> list[list[str]]:
    """Names merged into one group per person with `same_person`, first seen first."""
    groups: list[list[str]] = []
    for name in names:
        for group in groups:
            if any(same_person(name, other) for other in group):
                if name not in group:
                    group.append(name)
                break
        else:
            groups.append([name])
    return groups


# ---------------------------------------------------------------------------------------------
# Running the pipeline (and the baseline) over documents
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedQuote:
    """A quote from one system, with offsets into the cleaned body."""

    start: int
    end: int
    text: str
    speaker: str | None
    cue: str | None = None
    kind: str | None = None
    reason: str | None = None
    attribution: str | None = None
    speaker_via: str | None = None

    @property
    def calibration_group(self) -> str:
        """The group quotes.CONFIDENCE gives one precision: quoted or indirect, rule, how the speaker is named."""
        group = "indirect" if self.kind == "indirect" else "quoted"
        return f"{group}/{self.attribution}/{self.speaker_via or 'none'}"


@dataclass
class DocumentRun:
    """What the systems produced for one document; plain records only (no spaCy objects)."""

    name: str
    parsed: ParsedDocument
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[DocQuote] = field(default_factory=list)  # as annotate gives them, speakers in-document
    ours: list[PredictedQuote] = field(default_factory=list)
    textacy: list[PredictedQuote] | None = None
    textacy_error: str | None = None
    persons: list[str] = field(default_factory=list)  # canonical names of PERSON entities mentioned
    # Canonical names of the mentions labelled PERSON in this document (the in-document vote): the
    # corpus-wide vote can turn a person into an ORG, and this shows how often that costs recall.
    persons_by_label: list[str] = field(default_factory=list)


def textacy_extractor() -> Any | None:
    """textacy's `direct_quotations`, or None when textacy is not installed (the baseline is optional)."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    return direct_quotations


def _textacy_quotes(direct_quotations: Any, doc: Any) -> tuple[list[PredictedQuote], str | None]:
    try:
        triples = list(direct_quotations(doc))
    except ValueError as error:  # textacy gives up on a document with an odd number of quote marks
        return [], str(error)
    return [
        PredictedQuote(
            start=t.content.start_char,
            end=t.content.end_char,
            text=t.content.text,
            speaker=" ".join(token.text for token in t.speaker) or None,
            cue=" ".join(token.text for token in t.cue) or None,
        )
        for t in triples
    ], None


def run_nlp(runs: list[DocumentRun], nlp: Language, *, with_textacy: bool, batch_size: int = 32) -> int:
    """Fill mentions and quotes through the production `annotate` (textacy's from the very same `Doc`,
    through its `also` hook); then give speakers the canonical names the public tables hold. Returns the
    words processed."""
    direct_quotations = textacy_extractor() if with_textacy else None
    by_name = {run.name: run for run in runs}

    def beside(doc: Doc, found: DocumentAnnotations) -> None:
        if direct_quotations is not None:
            run = by_name[found.doc_id]
            run.textacy, run.textacy_error = _textacy_quotes(direct_quotations, doc)

    inputs = [
        DocumentInput(run.name, run.parsed.body, run.parsed.reference_date, run.parsed.metadata.dateline)
        for run in runs
    ]
    for found in annotate(nlp, inputs, batch_size=batch_size, also=beside):
        run = by_name[found.doc_id]
        run.mentions = found.mentions
        run.quotes = [DocQuote.of(q, doc_id=run.name, batch_id="") for q in found.quotes]
    link_runs(runs)
    return sum(run.parsed.word_count for run in runs)


def link_runs(runs: list[DocumentRun]) -> None:
    """Give our speakers and persons the names the public tables would hold, through the production
    linking (`link_corpus`, then `linked_quotes` as the corpus step builds the quotes table)."""
    mentions = {
        run.name: [DocMention.of(m, doc_id=run.name, batch_id="") for m in run.mentions] for run in runs
    }
    corpus = link_corpus(mentions.items())
    by_name = {run.name: run for run in runs}
    for run in runs:
        run.ours = []
    for q in linked_quotes([q for run in runs for q in run.quotes], corpus):
        by_name[q.doc_id].ours.append(
            PredictedQuote(
                q.start_char,
                q.end_char,
                q.text,
                q.speaker,
                q.cue,
                q.kind,
                q.speaker_reason,
                q.attribution,
                q.speaker_via,
            )
        )
    # Persons are what the public tables say: entities of type PERSON (the corpus-wide vote).
    types = {e.entity_id: (e.name, e.type) for e in corpus.entities}
    for run in runs:
        for m in run.mentions:
            name, kind = types.get(corpus.link.get((run.name, m.name), ""), (m.name, m.label))
            if kind == "PERSON" and name not in run.persons:
                run.persons.append(name)
            if m.label == "PERSON" and name not in run.persons_by_label:
                run.persons_by_label.append(name)


# ---------------------------------------------------------------------------------------------
# Quote scoring
# ---------------------------------------------------------------------------------------------


@dataclass
class GoldUnit:
    """A gold span to find: a quoted passage of a direct attribution, or an indirect Content whole."""

    tokens: frozenset[int]
    attribution_ids: list[str]
    source_texts: list[str]
    source_names: list[str]  # the named sources, for speaker accuracy
    in_body: bool  # most of its tokens survived cleaning (headline and removed lines are not in the body)


@dataclass
class GoldDocument:
    """The gold units of one PolNeAR article under each scheme."""

    passages: list[GoldUnit]  # direct quotes, one per quoted passage
    contents: list[GoldUnit]  # direct quotes, one per whole Content ("strict")
    indirect: list[GoldUnit]  # the other attributions, one per whole Content
    direct_attributions: int
    quoted_titles_only: int  # Contents whose only quoted text is a title ('appeared on "Shark Tank"')
    all_attributions: int
    persons: list[list[str]]  # gold person-name groups


def is_title_case(raw: TokenIndex, ids: frozenset[int]) -> bool:
    """Every word capitalised or a number: a title or a name in quote marks ("Shark Tank"), not speech."""
    words = [raw.text[raw.spans[i][0] : raw.spans[i][1]] for i in ids]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """Words written in lower case more often than capitalised: a capitalised one opening a Source is a
    sentence-initial common word ("Parents", "Officials"), while "Trump" or "Bush" stays a name."""
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text):
            if word.islower():
                lower[word] += 1
            elif word[0].isupper():
                capitalised[word.casefold()] += 1
    return frozenset(w for w, n in lower.items() if n >= capitalised[w])


def gold_units(
    raw: TokenIndex,
    attributions: Sequence[GoldAttribution],
    in_body: frozenset[int],
    common: frozenset[str] | None = None,
) -> GoldDocument:
    """Build every scheme's gold units for one article; identical token sets merge into one unit.

    `common` is `common_words` of the whole corpus (more evidence than one article); by default, the
    article's own."""
    common = common_words([raw.text]) if common is None else common
    passages: dict[frozenset[int], GoldUnit] = {}
    contents: dict[frozenset[int], GoldUnit] = {}
    indirect: dict[frozenset[int], GoldUnit] = {}
    direct = titled = 0
    person_names: list[str] = []

    def add(table: dict[frozenset[int], GoldUnit], tokens: frozenset[int], a: GoldAttribution) -> None:
        if not tokens:
            return
        unit = table.setdefault(
            tokens, GoldUnit(tokens, [], [], [], len(tokens & in_body) >= MATCH_THRESHOLD * len(tokens))
        )
        unit.attribution_ids.append(a.id)
        if a.source:
            source = " ".join(raw.text[s:e] for s, e in a.source)
            unit.source_texts.append(source)
            name = source_name(source, common_words=common)
            if name and name not in unit.source_names:
                unit.source_names.append(name)

    for a in attributions:
        content_text = " ".join(raw.text[s:e] for s, e in a.content)
        if a.source:
            name = source_name(" ".join(raw.text[s:e] for s, e in a.source), common_words=common)
            if name and is_person_name(name):
                person_names.append(name)
        speech = [
            ids
            for passage in (quoted_passages(raw.text, a.content) if has_double_quote(content_text) else [])
            if not is_title_case(raw, ids := raw.ids(passage))
        ]
        if speech:
            direct += 1
            add(contents, raw.ids(a.content), a)
            for ids in speech:
                add(passages, ids, a)
        else:
            titled += has_double_quote(content_text)
            add(indirect, raw.ids(a.content), a)
    return GoldDocument(
        passages=list(passages.values()),
        contents=list(contents.values()),
        indirect=list(indirect.values()),
        direct_attributions=direct,
        quoted_titles_only=titled,
        all_attributions=len(attributions),
        persons=group_names(person_names),
    )


@dataclass
class QuoteScore:
    """Counts for one system under one scheme; every rate keeps its numerator and denominator."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    attributions: int = 0
    attributions_found: int = 0
    named_gold: int = 0  # gold units whose source is a name, found or not
    named: int = 0  # matched gold units whose source is a name
    speaker_correct: int = 0
    speaker_missing: int = 0  # of `named`: the system gave no speaker

    def metrics(self) -> dict[str, float | None]:
        precision = ratio(self.predicted_matched, self.predicted)
        recall = ratio(self.gold_matched, self.gold)
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
            "attribution_recall": ratio(self.attributions_found, self.attributions),
            "speaker_accuracy": ratio(self.speaker_correct, self.named),
            # textacy only returns quotes it found a speaker for; these two make the systems comparable.
            "speaker_accuracy_when_given": ratio(self.speaker_correct, self.named - self.speaker_missing),
            "speaker_recall": ratio(self.speaker_correct, self.named_gold),
        }


def score_units(
    score: QuoteScore,
    predicted: Sequence[PredictedQuote],
    predicted_ids: Sequence[frozenset[int]],
    units: Sequence[GoldUnit],
    attributions: int,
) -> tuple[dict[int, tuple[int, float]], list[tuple[GoldUnit, PredictedQuote]]]:
    """Add one document's counts to `score`; return the matches and the wrong speakers."""
    matches = match_units(predicted_ids, [u.tokens for u in units])
    score.predicted += len(predicted)
    score.predicted_matched += len(matches)
    score.gold += len(units)
    score.gold_matched += len(matches)
    score.attributions += attributions
    score.attributions_found += len({a for g in matches for a in units[g].attribution_ids})
    score.named_gold += sum(bool(u.source_names) for u in units)
    wrong = []
    for g, (p, _) in matches.items():
        unit, quote = units[g], predicted[p]
        if not unit.source_names:
            continue
        score.named += 1
        if any(same_person(quote.speaker, name) for name in unit.source_names):
            score.speaker_correct += 1
        else:
            score.speaker_missing += quote.speaker is None
            wrong.append((unit, quote))
    return matches, wrong


@dataclass
class SystemReport:
    """Everything one system scored on PolNeAR quotes, with examples of its errors."""

    direct: QuoteScore = field(default_factory=QuoteScore)
    strict: QuoteScore = field(default_factory=QuoteScore)
    all: QuoteScore = field(default_factory=QuoteScore)
    documents_failed: int = 0  # textacy bails out of documents with an odd number of quote marks
    # Per calibration group: [predicted, matched any gold attribution, matched with a named source, right speaker].
    calibration: dict[str, list[int]] = field(default_factory=dict)
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    wrong_speakers: list[dict[str, Any]] = field(default_factory=list)


def _keep(examples: list[dict[str, Any]], item: dict[str, Any]) -> None:
    if len(examples) < MAX_EXAMPLES:
        examples.append(item)


def score_document(
    report: SystemReport,
    name: str,
    raw: TokenIndex,
    alignment: BodyAlignment,
    gold: GoldDocument,
    predicted: Sequence[PredictedQuote],
) -> None:
    """Score one system's quotes for one article under the three schemes and keep its errors.

    Direct and strict schemes score the quoted predictions; the all-attributions scheme scores every one."""
    all_ids = [alignment.raw_ids(q.start, q.end) for q in predicted]
    everything = gold.passages + gold.indirect
    all_matches, _ = score_units(report.all, predicted, all_ids, everything, gold.all_attributions)
    for g, (p, _) in all_matches.items():
        _calibrate(report, predicted[p], everything[g], matched=True)
    matched_any = {p for p, _ in all_matches.values()}
    for p, quote in enumerate(predicted):
        if p not in matched_any:
            _calibrate(report, quote, None, matched=False)
    quoted = [q for q in predicted if q.kind != "indirect"]
    ids = [i for q, i in zip(predicted, all_ids, strict=True) if q.kind != "indirect"]
    predicted = quoted
    matches, wrong = score_units(report.direct, predicted, ids, gold.passages, gold.direct_attributions)
    score_units(report.strict, predicted, ids, gold.contents, gold.direct_attributions)
    matched_predictions = {p for p, _ in matches.values()}
    for g, unit in enumerate(gold.passages):
        if g in matches:
            continue
        best = max(range(len(ids)), key=lambda p: token_overlap(ids[p], unit.tokens), default=None)
        _keep(
            report.missed,
            {
                "doc": name,
                "gold": raw.text_of(unit.tokens),
                "source": unit.source_texts[0] if unit.source_texts else None,
                "in_body": unit.in_body,
                "best_prediction": predicted[best].text[:300] if best is not None else None,
                "best_overlap": round(token_overlap(ids[best], unit.tokens), 3) if best is not None else 0.0,
            },
        )
    for p, quote in enumerate(predicted):
        if p in matched_predictions:
            continue
        best_unit = max(
            gold.passages + gold.indirect, key=lambda u: token_overlap(ids[p], u.tokens), default=None
        )
        _keep(
            report.spurious,
            {
                "doc": name,
                "prediction": quote.text[:300],
                "kind": quote.kind,
                "cue": quote.cue,
                "speaker": quote.speaker,
                "best_gold": raw.text_of(best_unit.tokens) if best_unit else None,
                "best_overlap": round(token_overlap(ids[p], best_unit.tokens), 3) if best_unit else 0.0,
            },
        )
    for unit, quote in wrong:
        _keep(
            report.wrong_speakers,
            {
                "doc": name,
                "quote": quote.text[:200],
                "gold_source": unit.source_texts[0] if unit.source_texts else None,
                "gold_names": unit.source_names,
                "predicted": quote.speaker,
                "cue": quote.cue,
                "reason": quote.reason,
                "attribution": quote.calibration_group,
            },
        )


def _calibrate(report: SystemReport, quote: PredictedQuote, unit: GoldUnit | None, *, matched: bool) -> None:
    counts = report.calibration.setdefault(quote.calibration_group, [0, 0, 0, 0])
    counts[0] += 1
    counts[1] += matched
    if unit is not None and unit.source_names and quote.speaker is not None:
        counts[2] += 1
        counts[3] += any(same_person(quote.speaker, name) for name in unit.source_names)


def calibration_table(calibration: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
    """Per group: span precision, speaker accuracy, and their product, the confidence quotes.CONFIDENCE holds."""
    table = {}
    for group, (predicted, matched, named, correct) in sorted(calibration.items()):
        precision, accuracy = ratio(matched, predicted), ratio(correct, named)
        has_speaker = not group.endswith("/none")
        confidence = (
            precision * accuracy
            if has_speaker and precision is not None and accuracy is not None
            else precision
        )
        table[group] = {
            "predicted": predicted,
            "precision": precision,
            "speaker_accuracy": accuracy if has_speaker else None,
            "confidence": round(confidence, 3) if confidence is not None else None,
        }
    return table


def rule_counts(calibration: dict[str, list[int]]) -> dict[str, dict[str, int]]:
    """Per calibration group, the counts behind its rates: quotes predicted, matched to a gold attribution,
    matched with a named gold source and a speaker given, and of those the right speaker. A rule's
    precision on train and dev is only comparable with its sample size beside it."""
    keys = ("predicted", "matched", "speakers_judged", "speakers_right")
    return {group: dict(zip(keys, counts, strict=True)) for group, counts in sorted(calibration.items())}


@dataclass
class PersonScore:
    """Person names per document; gold holds only sources, so precision is a lower bound."""

    gold: int = 0
    gold_found: int = 0
    predicted: int = 0
    predicted_confirmed: int = 0
    documents: int = 0
    recall_sum: float = 0.0  # for the per-document (macro) mean
    missed: list[dict[str, Any]] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        return {
            "recall": ratio(self.gold_found, self.gold),
            "precision_lower_bound": ratio(self.predicted_confirmed, self.predicted),
            "macro_recall": self.recall_sum / self.documents if self.documents else None,
        }


def score_persons(score: PersonScore, name: str, gold: list[list[str]], predicted_names: list[str]) -> None:
    """Add one document's person counts: a gold group is found when any predicted name is the same person."""
    predicted = group_names(predicted_names)
    found = [g for g in gold if any(same_person(p, n) for n in g for group in predicted for p in group)]
    confirmed = [p for p in predicted if any(same_person(x, n) for x in p for g in gold for n in g)]
    score.gold += len(gold)
    score.gold_found += len(found)
    score.predicted += len(predicted)
    score.predicted_confirmed += len(confirmed)
    if gold:
        score.documents += 1
        score.recall_sum += len(found) / len(gold)
    for group in gold:
        if group not in found:
            _keep(score.missed, {"doc": name, "gold": group, "predicted": predicted_names})


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------

_TITLE_FOLD = str.maketrans(
    {c: "'" for c in "‘’‚‛′"} | {c: '"' for c in "“”„‟″"} | {c: "-" for c in "‐‑‒–—―"}
)


def normalise_title(text: str | None) -> str:
    """Case, quote marks, dashes, punctuation, HTML entities ("&#163;") and spacing folded: typography
    never decides a title."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", html.unescape(text)).translate(_TITLE_FOLD).casefold()
    return " ".join(re.findall(r"[^\W_]+", folded))


@dataclass
class TitleScore:
    documents: int = 0
    correct: int = 0
    # Also right if it is the headline before "; ": PolNeAR's USA Today and NYT titles are "headline;
    # subheadline" in metadata.tsv but two lines in the text.
    correct_lenient: int = 0
    missing: int = 0  # no title extracted
    failures: list[dict[str, Any]] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        return {
            "accuracy": ratio(self.correct, self.documents),
            "accuracy_lenient": ratio(self.correct_lenient, self.documents),
        }


def score_title(score: TitleScore, name: str, gold: str | None, predicted: str | None) -> None:
    score.documents += 1
    found = normalise_title(predicted)
    if found and found == normalise_title(gold):
        score.correct += 1
        score.correct_lenient += 1
        return
    if found and gold and found == normalise_title(gold.split("; ", 1)[0]):
        score.correct_lenient += 1
    score.missing += predicted is None
    _keep(score.failures, {"doc": name, "gold": gold, "predicted": predicted})


def trafilatura_titles(documents: Iterable[tuple[str, str | None, str]]) -> TitleScore:
    """trafilatura's titles of (name, gold title, raw text) documents, scored exactly like ours."""
    score = TitleScore()
    for name, gold, text in documents:
        extracted = extract_with_trafilatura(text)
        score_title(score, name, gold, extracted.title if extracted else None)
    return score


def _title_report(ours: TitleScore, trafilatura: TitleScore | None) -> dict[str, Any]:
    """Ours and trafilatura's (None when not run) title scores side by side, as the JSON report holds them."""
    return {
        system: None if score is None else {**score.metrics(), **_counts(score)}
        for system, score in (("ours", ours), ("trafilatura", trafilatura))
    }


def bbc_files(bbc: Path) -> list[Path]:
    return sorted(p for p in bbc.rglob("*.txt") if p.name != "README.TXT" and p.parent != bbc)


# ---------------------------------------------------------------------------------------------
# The evaluation and its report
# ---------------------------------------------------------------------------------------------


def _read(path: Path, root: Path) -> RawDocument:
    (raw,) = read_raw_file(path, root)
    if not isinstance(raw, RawDocument):
        raise ValueError(f"{path}: {raw.reason}")
    return raw


def score_polnear(
    documents: Sequence[PolnearDoc], runs: Sequence[DocumentRun], *, with_baseline: bool
) -> dict[str, Any]:
    """Quotes (ours, and textacy's when `with_baseline`) and persons of annotated runs against the gold."""
    ours, baseline = SystemReport(), SystemReport() if with_baseline else None
    persons, persons_by_label = PersonScore(), PersonScore()
    common = common_words(run.parsed.raw.raw_text for run in runs)
    gold_totals = {
        "direct_attributions": 0,
        "quoted_titles_only": 0,
        "passages": 0,
        "passages_outside_body": 0,
        "attributions": 0,
    }
    for d, run in zip(documents, runs, strict=True):
        raw = TokenIndex(run.parsed.raw.raw_text)
        alignment = BodyAlignment(raw, run.parsed.body, run.parsed.cleaned.paragraphs)
        attributions = parse_brat(d.ann_path.read_text(encoding="utf-8")) if d.ann_path else []
        gold = gold_units(raw, attributions, alignment.raw_in_body, common)
        gold_totals["direct_attributions"] += gold.direct_attributions
        gold_totals["quoted_titles_only"] += gold.quoted_titles_only
        gold_totals["passages"] += len(gold.passages)
        gold_totals["passages_outside_body"] += sum(not u.in_body for u in gold.passages)
        gold_totals["attributions"] += gold.all_attributions
        score_document(ours, d.name, raw, alignment, gold, run.ours)
        if baseline is not None:
            score_document(baseline, d.name, raw, alignment, gold, run.textacy or [])
            baseline.documents_failed += run.textacy_error is not None
        score_persons(persons, d.name, gold.persons, run.persons)
        score_persons(persons_by_label, d.name, gold.persons, run.persons_by_label)
    return {
        "gold": gold_totals,
        "quotes": {"ours": _system(ours), "textacy": _system(baseline) if baseline else None},
        "persons": {
            **persons.metrics(),
            **_counts(persons),
            "by_mention_label": {**persons_by_label.metrics(), **_counts(persons_by_label), "missed": None},
        },
    }


def evaluate_polnear(
    polnear: Path,
    *,
    split: str,
    limit: int | None,
    model: str,
    with_nlp: bool,
    with_textacy: bool,
    with_trafilatura: bool,
) -> dict[str, Any]:
    """Titles always (trafilatura's too when `with_trafilatura`); quotes (ours and textacy's) and persons
    when `with_nlp`."""
    started = time.perf_counter()
    documents = polnear_documents(polnear, split)[:limit]
    runs = [DocumentRun(d.name, parse_document(_read(d.text_path, polnear))) for d in documents]
    titles = TitleScore()
    for d, run in zip(documents, runs, strict=True):
        score_title(titles, d.name, d.title, run.parsed.metadata.title)
    parsed_at = time.perf_counter()
    seconds = {"parse": round(parsed_at - started, 1)}
    baseline = None
    if with_trafilatura:
        baseline = trafilatura_titles(
            (d.name, d.title, run.parsed.raw.raw_text) for d, run in zip(documents, runs, strict=True)
        )
        seconds["trafilatura"] = round(time.perf_counter() - parsed_at, 1)
    titled_at = time.perf_counter()
    result: dict[str, Any] = {
        "documents": len(documents),
        "titles": _title_report(titles, baseline),
        "seconds": seconds,
    }
    if not with_nlp:
        return result
    baseline_available = with_textacy and textacy_extractor() is not None
    nlp = load_pipeline(model)
    loaded_at = time.perf_counter()
    words = run_nlp(runs, nlp, with_textacy=baseline_available)
    nlp_at = time.perf_counter()
    result |= score_polnear(documents, runs, with_baseline=baseline_available)
    result["words"] = words
    if not baseline_available:
        result["quotes"]["textacy_skipped"] = (
            "not requested" if not with_textacy else f"textacy is not installed: {TEXTACY_INSTALL_HINT}"
        )
    result["seconds"]["model_load"] = round(loaded_at - titled_at, 1)
    result["seconds"]["nlp"] = round(nlp_at - loaded_at, 1)
    result["seconds"]["score"] = round(time.perf_counter() - nlp_at, 1)
    result["words_per_second"] = round(words / (nlp_at - loaded_at)) if nlp_at > loaded_at else None
    return result


def _counts(score: Any) -> dict[str, Any]:
    return {k: v for k, v in asdict(score).items()}


def _system(report: SystemReport) -> dict[str, Any]:
    return {
        scheme: {**getattr(report, scheme).metrics(), **asdict(getattr(report, scheme))}
        for scheme in ("direct", "strict", "all")
    } | {
        "documents_failed": report.documents_failed,
        "calibration": calibration_table(report.calibration),
        "rule_counts": rule_counts(report.calibration),
        "missed": report.missed,
        "spurious": report.spurious,
        "wrong_speakers": report.wrong_speakers,
    }


def evaluate_bbc(bbc: Path, *, limit: int | None, with_trafilatura: bool) -> dict[str, Any]:
    """Titles of BBC News (trafilatura's too when `with_trafilatura`): the gold headline is line 1."""
    started = time.perf_counter()
    titles = TitleScore()
    documents = []
    for path in bbc_files(bbc)[:limit]:
        raw = _read(path, bbc)
        gold = raw.raw_text.lstrip("\ufeff").split("\n", 1)[0].strip()
        score_title(titles, raw.source_path, gold, parse_document(raw).metadata.title)
        documents.append((raw.source_path, gold, raw.raw_text))
    parsed_at = time.perf_counter()
    seconds = {"parse": round(parsed_at - started, 1)}
    baseline = None
    if with_trafilatura:
        baseline = trafilatura_titles(documents)
        seconds["trafilatura"] = round(time.perf_counter() - parsed_at, 1)
    return {"documents": titles.documents, "titles": _title_report(titles, baseline), "seconds": seconds}


_REPEATED_REASON = re.compile(r"^repeated in (?:at least )?\d+ stories of the same publisher$")


def cleaning_report(documents: Sequence[RawDocument]) -> dict[str, Any]:
    """What cleaning removes from a corpus, the corpus statistics included (the corpus as one batch), and
    whether every word of every body traces back to its raw text through the offset map."""
    headers, repeated = corpus_statistics(documents)
    reasons: Counter[str] = Counter()
    words = 0
    mismatches: list[dict[str, str]] = []
    for raw, header in zip(documents, headers, strict=True):
        cleaned = parse_document(raw, header=header, repeated_lines=repeated).cleaned
        reasons.update(_REPEATED_REASON.sub("repeated across stories", s.reason) for s in cleaned.removed)
        for word in re.finditer(r"\S+", cleaned.body):
            words += 1
            start, end = cleaned.body_to_raw(word.start(), word.end())
            if reclean(raw.raw_text[start:end]) != word.group():
                mismatches.append(
                    {"doc": raw.source_path, "body": word.group(), "raw": raw.raw_text[start:end]}
                )
    return {
        "documents": len(documents),
        "removed_by_reason": dict(reasons.most_common()),
        "round_trip_words": words,
        "round_trip_mismatches": len(mismatches),
        "mismatch_examples": mismatches[:10],
    }


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


# (label, scheme, metric, numerator, denominator); F1 has no counts of its own.
_QUOTE_ROWS = [
    ("direct passages precision", "direct", "precision", "predicted_matched", "predicted"),
    ("direct passages recall", "direct", "recall", "gold_matched", "gold"),
    ("direct passages F1", "direct", "f1", None, None),
    ("direct attributions recall", "direct", "attribution_recall", "attributions_found", "attributions"),
    ("speaker accuracy, named sources", "direct", "speaker_accuracy", "speaker_correct", "named"),
    ("  when a speaker is given", "direct", "speaker_accuracy_when_given", "speaker_correct", "given"),
    ("  right speaker / named gold passages", "direct", "speaker_recall", "speaker_correct", "named_gold"),
    ("strict (whole Content) precision", "strict", "precision", "predicted_matched", "predicted"),
    ("strict (whole Content) recall", "strict", "recall", "gold_matched", "gold"),
    ("strict (whole Content) F1", "strict", "f1", None, None),
    ("all attributions precision", "all", "precision", "predicted_matched", "predicted"),
    ("all attributions recall", "all", "recall", "gold_matched", "gold"),
    ("all attributions F1", "all", "f1", None, None),
    ("all attributions found", "all", "attribution_recall", "attributions_found", "attributions"),
    ("all attributions speaker accuracy", "all", "speaker_accuracy", "speaker_correct", "named"),
]


def _quote_cell(
    system: dict[str, Any] | None, scheme: str, metric: str, hits: str | None, total: str | None
) -> str:
    if system is None:
        return f"{'skipped':>22}"
    s = system[scheme] | {"given": system[scheme]["named"] - system[scheme]["speaker_missing"]}
    counts = f"{s[hits]}/{s[total]}" if hits and total else ""
    return f"{_rate(s[metric]):>7} {counts:>14}"


# (label, metric, numerator): accuracies over all documents; "without a title" is a plain count.
_TITLE_ROWS = [
    ("accuracy", "accuracy", "correct"),
    ("headline before '; ' accepted too", "accuracy_lenient", "correct_lenient"),
    ("without a title", None, "missing"),
]


def _title_cell(score: dict[str, Any] | None, metric: str | None, hits: str) -> str:
    if score is None:
        return f"{'skipped':>22}"
    if metric is None:
        return f"{score[hits]:>22}"
    counts = f"{score[hits]}/{score['documents']}"
    return f"{_rate(score[metric]):>7} {counts:>14}"


def format_report(result: dict[str, Any]) -> str:
    """A compact text report: ours and the baselines side by side, counts next to every rate."""
    lines = [
        f"newsgraph corpus evaluation: {result['task']} (model {result['model']}, split {result['split']})"
    ]
    polnear = result.get("polnear") or {}
    if "quotes" in polnear:
        gold, quotes = polnear["gold"], polnear["quotes"]
        ours, theirs = quotes["ours"], quotes["textacy"]
        lines += [
            "",
            f"PolNeAR quotes: {polnear['documents']} documents; {gold['direct_attributions']} direct attributions"
            f" = {gold['passages']} quoted passages ({gold['passages_outside_body']} outside the cleaned body);"
            f" {gold['attributions']} attributions in all",
            f"  {'':40}{'ours':>22}{'textacy 0.13':>22}",
        ]
        for label, *cell in _QUOTE_ROWS:
            lines.append(f"  {label:40}{_quote_cell(ours, *cell)}{_quote_cell(theirs, *cell)}")
        if theirs is not None:
            lines.append(
                f"  textacy gave up on {theirs['documents_failed']} documents (odd number of quote marks)"
            )
        else:
            lines.append(f"  textacy baseline skipped: {quotes['textacy_skipped']}")
        lines += [
            "",
            "  our confidence by attribution (span precision x speaker accuracy, all attributions):",
        ]
        counts = ours.get("rule_counts", {})
        for group, c in ours["calibration"].items():
            n = counts.get(group, {})
            lines.append(
                f"    {group:40}{c['predicted']:>7}  precision {_rate(c['precision'])}"
                f"  speaker {_rate(c['speaker_accuracy'])}"
                f" ({n.get('speakers_right', 0)}/{n.get('speakers_judged', 0)})"
                f"  confidence {_rate(c['confidence'])}"
            )
    if "persons" in polnear:
        p = polnear["persons"]
        lines += [
            "",
            "PolNeAR persons (gold: named people who are sources, so precision is a lower bound)",
            f"  recall {_rate(p['recall'])} ({p['gold_found']}/{p['gold']}), per-document mean"
            f" {_rate(p['macro_recall'])}; precision >= {_rate(p['precision_lower_bound'])}"
            f" ({p['predicted_confirmed']}/{p['predicted']})",
        ]
        if by_label := p.get("by_mention_label"):
            lines.append(
                f"  by in-document mention label instead of entity type: recall {_rate(by_label['recall'])}"
                f" ({by_label['gold_found']}/{by_label['gold']}), precision >="
                f" {_rate(by_label['precision_lower_bound'])}"
                f" ({by_label['predicted_confirmed']}/{by_label['predicted']})"
            )
    for corpus in ("polnear", "bbc_news"):
        if cleaning := (result.get(corpus) or {}).get("cleaning"):
            removed = ", ".join(f"{reason} {n}" for reason, n in cleaning["removed_by_reason"].items())
            lines += [
                "",
                f"Cleaning {corpus} ({cleaning['documents']} documents as one batch)",
                f"  body words traced back to raw text: {cleaning['round_trip_words']}, mismatched:"
                f" {cleaning['round_trip_mismatches']}",
                f"  removed lines by reason: {removed or 'none'}",
            ]
    titles = [(c, result[c]["titles"]) for c in ("polnear", "bbc_news") if "titles" in (result.get(c) or {})]
    if titles:
        lines += [
            "",
            f"{'Titles (trafilatura: the same raw text wrapped as HTML)':58}{'ours':>22}{'trafilatura':>22}",
        ]
    for corpus, t in titles:
        for label, metric, hits in _TITLE_ROWS:
            row = f"  {corpus} {label}"
            lines.append(
                f"{row:58}{_title_cell(t['ours'], metric, hits)}{_title_cell(t['trafilatura'], metric, hits)}"
            )
    timing = [
        f"{corpus} {stage} {seconds}s"
        for corpus in ("polnear", "bbc_news")
        for stage, seconds in (result.get(corpus) or {}).get("seconds", {}).items()
    ]
    speed = polnear.get("words_per_second")
    if timing:
        lines += [
            "",
            "time: " + ", ".join(timing) + (f" (spaCy + extractors: {speed} words/s)" if speed else ""),
        ]
    return "\n".join(lines)


def evaluate(
    task: str, corpus_root: Path, *, split: str, limit: int | None, model: str, baseline: bool = True
) -> dict[str, Any]:
    """Run the requested evaluations; corpora that are absent are reported as skipped."""
    result: dict[str, Any] = {"task": task, "split": split, "model": model, "corpus_root": str(corpus_root)}
    polnear, bbc = corpus_root / "polnear", corpus_root / "bbc_news"
    wants_nlp = task in ("quotes", "persons", "all")
    wants_titles = task in ("titles", "all")
    wants_cleaning = task in ("cleaning", "all")
    if polnear.is_dir() and task == "cleaning":
        documents = [_read(d.text_path, polnear) for d in polnear_documents(polnear, split)[:limit]]
        result["polnear"] = {"cleaning": cleaning_report(documents)}
    elif polnear.is_dir():
        part = evaluate_polnear(
            polnear,
            split=split,
            limit=limit,
            model=model,
            with_nlp=wants_nlp,
            with_textacy=baseline and task in ("quotes", "all"),
            with_trafilatura=baseline and wants_titles,
        )
        if task == "persons":
            part.pop("quotes", None)
        if task == "quotes":
            part.pop("persons", None)
        if not wants_titles:
            part.pop("titles", None)
        if wants_cleaning:
            documents = [_read(d.text_path, polnear) for d in polnear_documents(polnear, split)[:limit]]
            part["cleaning"] = cleaning_report(documents)
        result["polnear"] = part
    else:
        result["skipped"] = [f"{polnear} not found"]
    if wants_titles or wants_cleaning:
        if not bbc.is_dir():
            result.setdefault("skipped", []).append(f"{bbc} not found")
            return result
        part = evaluate_bbc(bbc, limit=limit, with_trafilatura=baseline) if wants_titles else {}
        if wants_cleaning:
            part["cleaning"] = cleaning_report([_read(path, bbc) for path in bbc_files(bbc)[:limit]])
        result["bbc_news"] = part
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the report, optionally write it (with error examples) as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.corpora",
        description="Score the pipeline on PolNeAR (quotes, speakers, persons, titles, cleaning) and BBC News"
        " (titles, cleaning).",
    )
    parser.add_argument("task", choices=["quotes", "persons", "titles", "cleaning", "all"])
    parser.add_argument("--corpus-root", type=Path, default=None, help=f"default {DEFAULT_CORPUS_ROOT}")
    parser.add_argument("--split", choices=["dev", "train", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    parser.add_argument("--json", type=Path, default=None, help="write the full result, with error examples")
    parser.add_argument("--model", default=DEFAULT_SPACY_MODEL)
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="skip the baselines (textacy's quotes, trafilatura's titles)",
    )
    args = parser.parse_args(argv)
    root = args.corpus_root or DEFAULT_CORPUS_ROOT
    if not root.is_dir():
        # A fresh clone has no ../shared: nothing to evaluate is not an error, a wrong explicit path is.
        print(
            f"corpora folder {root} not found: nothing evaluated (see shared/corpora/README.md)",
            file=sys.stderr,
        )
        return 0 if args.corpus_root is None else 2
    if args.task in ("quotes", "all") and not args.no_baseline and textacy_extractor() is None:
        print(f"textacy baseline skipped: textacy is not installed ({TEXTACY_INSTALL_HINT})", file=sys.stderr)
    result = evaluate(
        args.task, root, split=args.split, limit=args.limit, model=args.model, baseline=not args.no_baseline
    )
    for reason in result.get("skipped", []):
        print(f"skipped: {reason}", file=sys.stderr)
    print(format_report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
