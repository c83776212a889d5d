"""Page furniture, found line by line: appeals, embeds, captions and credits, navigation, bare links by
pattern, and what no pattern names by the line's features (link share, menu separators, stop words,
second person, script)."""

import re
from dataclasses import dataclass

from pipeline.text import patterns
from pipeline.text.normalise import Line

_APPEAL_WORDS = re.compile(
    r"\b(?:support us|donat\w*|contribut\w*|subscri\w*|become a (?:member|patron)|dear readers?)\b",
    re.IGNORECASE,
)
# An appeal speaks to the reader; "us" and "our" also name things ("US", the PAC "Our Principles").
_READER_ADDRESS = re.compile(r"\b[Yy]ou(?:rs?)?\b")
_SEPARATORS = frozenset("|•·›»/")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Furniture by shape: thresholds on `LineFeatures`, each checked on BBC and PolNeAR to remove no article text.
MIN_LINK_SHARE = 0.5
MIN_SEPARATORS, MIN_SEPARATOR_SHARE, MAX_MENU_WORDS = 3, 0.25, 25
MAX_FOREIGN_LABEL_WORDS = 6
MAX_LABEL_WORDS = 8
MAX_APPEAL_WORDS = 80  # an appeal outside a signed block is a short plea, not a paragraph of reporting
# "Tags: Russia, China, Xi Jinping", "Share: Facebook | X": one word and a colon, then a list of names.
_LABELLED_LIST = re.compile(r"^[^\W\d_]{3,20}:\s+(?P<items>\S.*)$")
_LIST_SEPARATOR = re.compile(r"\s*[,|·•]\s*")
_TABLE_ROW = re.compile(r"^\|.*\|$")
# Speech in double quotes, or in single quotes as British papers print it ('We are ready,' he said).
_QUOTATION = re.compile(r"[\"“”]|(?:^|\s)'[^']+[,.!?]?'(?:\s|$)")
MAX_CAPTION_WORDS = 60
# An embed block ends where its post ends (`_embed_end`). When nothing marks that end it still stops within
# a post's length: a tweet is at most 280 characters (about 50 words) and Instagram and Facebook embeds show
# a shortened caption, so 80 words leave room for the post, its link and its "— Name (@handle) date"
# signature; 6 lines for a post written over a few lines, its link, signature and date. A longer run after
# the marker is article text, and keeping a line of furniture costs less than losing the rest of a story.
MAX_EMBED_LINES, MAX_EMBED_WORDS = 6, 80
# Past the post's first line, a paragraph this long that ends a sentence reads as reporting, not the post.
MIN_REPORTING_WORDS = 15


@dataclass(frozen=True)
class LineFeatures:
    """What tells page furniture from article text without reading it: shape, links, punctuation,
    stop words, who the line addresses, and its script."""

    words: int
    link_share: float  # share of the line's characters inside URLs
    separators: int  # menu separators standing alone: "Home | World | Business"
    stopword_share: float
    addresses_reader: bool  # "you", "your"
    script: str | None  # "latin", "cyrillic", "other"; None without letters
    ends_sentence: bool

    @classmethod
    def of(cls, text: str) -> "LineFeatures":
        tokens = text.split()
        words = patterns.WORD.findall(text.lower())
        links = sum(len(m.group(0)) for m in patterns.URL.finditer(text))
        return cls(
            words=len(tokens),
            link_share=links / len(text) if text else 0.0,
            separators=sum(1 for token in tokens if token in _SEPARATORS),
            stopword_share=sum(w in patterns.ENGLISH_STOPWORDS for w in words) / len(words) if words else 0.0,
            addresses_reader=bool(_READER_ADDRESS.search(text)),
            script=script_of(text),
            ends_sentence=text.rstrip("\"')").endswith((".", "!", "?")),
        )


def script_of(text: str) -> str | None:
    """The script most of the letters are in."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    best = max(
        ("cyrillic", cyrillic),
        ("latin", latin),
        ("other", letters - cyrillic - latin),
        key=lambda p: p[1],
    )
    return best[0]


def find_furniture(lines: list[Line]) -> dict[int, str]:
    """Reasons keyed by line index for every line that is page furniture rather than article text."""
    reasons: dict[int, str] = {}
    in_appeal = False
    embed_end = 0  # lines before this index belong to the embed block being removed
    content_seen = 0
    document_script = script_of(" ".join(line.text for line in lines))
    for i, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if in_appeal:
            reasons[i] = "donation appeal"
            in_appeal = not patterns.APPEAL_END.match(text)
            continue
        if patterns.APPEAL_START.match(text):
            reasons[i], in_appeal = "donation appeal", True
            continue
        if i < embed_end:
            reasons[i] = "social media embed"
            continue
        if patterns.EMBED_MARKER.match(text):
            embed_end = _embed_end(lines, i)
            reasons[i] = "social media embed"
            continue
        reason = _line_reason(text, document_script)
        if reason:
            reasons[i] = reason
            # A caption sits right above its credit line at the top of the page.
            previous = _previous_content_line(lines, i)
            if (
                reason == "photo credit"
                and previous is not None
                and previous == i - 1
                and content_seen <= 2
                and previous not in reasons
            ):
                reasons[previous] = "photo caption"
            continue
        content_seen += 1
    return reasons


def _embed_end(lines: list[Line], marker: int) -> int:
    """The index just past the embed block the marker line at `marker` opens.

    The block is the post the marker introduces, and it ends where the post does. A signature ("— Name
    (@handle) date", a handle line) within the bound closes the block, whatever the post's lines read like,
    as it always has. Failing one, the block ends at the post's first closing line (its link, a date), or
    before a paragraph that reads as reporting; the first line after the marker is the post's text
    whatever it reads like. A heading or the next embed's marker ends it before them, and it never runs
    beyond `MAX_EMBED_LINES` / `MAX_EMBED_WORDS`. The closing lines right after its end belong to it too."""
    block = _embed_lines(lines, marker)
    if not block:
        return marker + 1
    end = next((n for n, j in enumerate(block) if _signs_embed(lines[j].text)), None)
    if end is None:
        for n, j in enumerate(block):
            if _closes_embed(lines[j].text):
                end = n
                break
            if n and _starts_paragraph(lines, j) and reads_as_reporting(_paragraph_from(lines, j)):
                return j
        else:
            return block[-1] + 1
    while end + 1 < len(block) and _closes_embed(lines[block[end + 1]].text):
        end += 1
    return block[end] + 1


def _embed_lines(lines: list[Line], marker: int) -> list[int]:
    """The non-empty lines after the marker an embed block may take: up to a heading or the next marker,
    and within `MAX_EMBED_LINES` / `MAX_EMBED_WORDS`."""
    block: list[int] = []
    words = 0
    for j in range(marker + 1, len(lines)):
        text = lines[j].text
        if not text:
            continue
        if lines[j].heading_level or patterns.EMBED_MARKER.match(text):
            break
        words += len(text.split())
        if len(block) == MAX_EMBED_LINES or words > MAX_EMBED_WORDS:
            break
        block.append(j)
    return block


def _signs_embed(text: str) -> bool:
    """The signature under an embedded post: "— Name (@handle) date", "Name (@handle)", "@handle"."""
    return bool(patterns.EMBED_ATTRIBUTION.match(text) or patterns.EMBED_HANDLE_LINE.match(text))


def _starts_paragraph(lines: list[Line], j: int) -> bool:
    """Whether line j opens a paragraph: after a blank line, or after a line that ends a sentence (a
    hard-wrapped paragraph's later lines follow a line broken mid-sentence)."""
    previous = lines[j - 1].text
    return not previous or LineFeatures.of(previous).ends_sentence


def _paragraph_from(lines: list[Line], j: int) -> str:
    """Line j and the lines a hard-wrapped paragraph continues on, up to a blank line, a heading, a line
    closing an embed or the end of a sentence, joined with spaces."""
    parts = [lines[j].text]
    for line in lines[j + 1 : j + 1 + MAX_EMBED_LINES]:
        if LineFeatures.of(parts[-1]).ends_sentence or not line.text or line.heading_level:
            break
        if _closes_embed(line.text):
            break
        parts.append(line.text)
    return " ".join(parts)


def _closes_embed(text: str) -> bool:
    """A line that closes an embedded post: a link to it or its media, a signature, a handle, a date."""
    return bool(
        patterns.EMBED_LINK.search(text)
        or patterns.SOCIAL_POST_LINK.search(text)
        or patterns.BARE_URL_LINE.match(text)
        or patterns.URL.search(text.split()[-1])  # the post's text, then its link
        or patterns.EMBED_ATTRIBUTION.match(text)
        or patterns.EMBED_HANDLE_LINE.match(text)
        or patterns.EMBED_DATE_LINE.match(text)
    )


def _cue_forms(lemma: str) -> set[str]:
    """The forms of a reporting verb a sentence reports speech with: say, says, said; reply, replied."""
    if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied"}
    past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    return {lemma, lemma + "es" if lemma.endswith(("s", "sh")) else lemma + "s", past}


_IRREGULAR_CUES = frozenset(["said", "told", "wrote", "admitted", "emphasised", "according"])
_CUE_WORDS = frozenset().union(*map(_cue_forms, patterns.REPORTING_VERB_LEMMAS)) | _IRREGULAR_CUES


def reads_as_reporting(text: str, features: LineFeatures | None = None) -> bool:
    """A paragraph of reporting rather than a short post or label: a quotation with a reporting verb
    ("'We are ready,' he said."), or a sentence of `MIN_REPORTING_WORDS` words or more."""
    features = features or LineFeatures.of(text)
    if has_quotation(text) and _CUE_WORDS.intersection(patterns.WORD.findall(text.lower())):
        return True
    return features.ends_sentence and features.words >= MIN_REPORTING_WORDS


def _line_reason(text: str, document_script: str | None) -> str | None:
    if patterns.SOCIAL_POST_LINK.search(text) and len(patterns.URL.sub("", text).split()) < 40:
        return "social media embed"
    if patterns.EMBED_ATTRIBUTION.match(text):
        return "social media embed"
    if (
        patterns.TRAILING_BOLD_CREDIT.search(text)
        or (patterns.TRAILING_SLASH_CREDIT.search(text) and len(text.split()) <= MAX_CAPTION_WORDS)
        or " / POOL / " in text
    ):
        return "photo caption"
    if patterns.LABELLED_CREDIT.match(text) or patterns.SLASH_CREDIT.match(text):
        return "photo credit"
    if patterns.BARE_DOMAIN_LINE.match(text):
        return "photo credit"
    if patterns.BARE_URL_LINE.match(text):
        return "bare link"
    if patterns.NAVIGATION_LINE.match(text):
        return "navigation"
    return _shape_reason(LineFeatures.of(text), text, document_script)


def has_quotation(text: str) -> bool:
    return bool(_QUOTATION.search(text))


def _shape_reason(features: LineFeatures, text: str, document_script: str | None) -> str | None:
    """Furniture no pattern names, told by the line's features."""
    # Quoted speech that mentions donations is reporting, not an appeal to the reader.
    if (
        features.addresses_reader
        and not has_quotation(text)
        and features.words <= MAX_APPEAL_WORDS
        and len(_APPEAL_WORDS.findall(text)) >= 2
    ):
        return "donation appeal"
    if features.link_share >= MIN_LINK_SHARE:
        return "link list"
    if (
        not _TABLE_ROW.match(text)
        and features.separators >= MIN_SEPARATORS
        and features.separators / features.words >= MIN_SEPARATOR_SHARE
        and features.words <= MAX_MENU_WORDS
    ):
        return "navigation menu"
    if (
        document_script
        and features.script
        and features.script != document_script
        and features.words <= MAX_FOREIGN_LABEL_WORDS
        and not features.ends_sentence
        and any(mark in text for mark in ":/©|")
    ):
        return f"label in another script ({features.script})"
    labelled = _LABELLED_LIST.match(text)
    items = [item.strip() for item in _LIST_SEPARATOR.split(labelled["items"])] if labelled else []
    if (
        len(items) >= 2
        and all(item[:1].isupper() for item in items)
        and features.words <= MAX_LABEL_WORDS
        and features.stopword_share == 0
        and not features.ends_sentence
    ):
        return "label line"
    return None


def _previous_content_line(lines: list[Line], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j].text:
            return j
    return None
