"""Compiled patterns shared by the cleaning and metadata stages, kept in one place so both agree."""

import re

# A run of letters: what stop-word shares and language tests count.
WORD = re.compile(r"[^\W\d_]+")
URL = re.compile(r"https?://[^\s<>()\[\]]+")
BARE_URL_LINE = re.compile(r"^<?(https?://[^\s<>]+)>?$")
BARE_DOMAIN_LINE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# A space after the marks, as CommonMark requires: "#BlackLivesMatter" opening a line is a hashtag.
MARKDOWN_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")

LIST_ITEM = re.compile(r"^(?:[-*•]\s|\d{1,2}[.)]\s)")

# Social embeds: the marker line, links to posts, and the "— Name (@handle) date" attribution line.
EMBED_MARKER = re.compile(r"^(?:#+\s*)?embed(?:ded)?(?:\s+(?:post|tweet|video))?\s*:?\s*$", re.IGNORECASE)
SOCIAL_POST_LINK = re.compile(
    r"pic\.twitter\.com/|(?:twitter|x)\.com/\w+/status/|t\.me/\w+|instagram\.com/(?:p|reel)/|facebook\.com/\S+/posts/",
    re.IGNORECASE,
)
EMBED_ATTRIBUTION = re.compile(r"^[—–-]{1,2}\s*\S.*\(@\w+\)")
# What closes an embed: a link to the post or its media, a handle, a date signature. Only read inside an
# embed block (`furniture._embed_end`), so they may be looser than the line-by-line patterns above.
EMBED_LINK = re.compile(
    r"pic\.twitter\.com/|\bt\.co/\w|\bt\.me/\w|(?:twitter|x)\.com/\w+/status/|instagram\.com/\S|facebook\.com/\S"
    r"|fb\.watch/|youtube\.com/\S|youtu\.be/\S|tiktok\.com/\S|threads\.net/\S",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_CLOCK = r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?"
# "March 3, 2023", "3 Mar 2023", "3:45 PM - 3 Mar 2023", "3:45 PM · Mar 3, 2023", "March 3, 2023 at 3:45 PM".
_SIGNATURE_DATE = (
    rf"(?:{_CLOCK}\s*[-—–·|,]?\s*)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
    rf"(?:\s*(?:at|[-—–·|,])?\s*{_CLOCK})?"
)
EMBED_DATE_LINE = re.compile(rf"^(?:[—–-]{{1,2}}\s*)?{_SIGNATURE_DATE}\.?$", re.IGNORECASE)
# "@annareyne", "Anna Reyne (@annareyne)", "— Anna Reyne @annareyne · March 12, 2024", "— Veldoria Today, March 3, 2023".
EMBED_HANDLE_LINE = re.compile(
    rf"^(?:[—–-]{{1,2}}\s*)?(?:[^\s@()][^@()]{{0,60}}?\s+)?\(?@\w{{1,30}}\)?(?:\s*[-—–·|,]?\s*{_SIGNATURE_DATE})?\.?$"
    rf"|^[—–-]{{1,2}}\s*\S[^@()]{{0,60}}?[\s,]\s*{_SIGNATURE_DATE}\.?$",
    re.IGNORECASE,
)

# Photo credits: "Name / POOL / TASS", "**Name / Agency**" closing a caption, "Photo: X".
SLASH_CREDIT = re.compile(r"^\**\s*[\w.' -]{2,60}(?:\s/\s[\w.' -]{2,40}){1,3}\s*\**$")
TRAILING_BOLD_CREDIT = re.compile(r"\*\*[^*]{2,80}\s/\s[^*]{2,80}\*\*\s*$")
# A caption's closing sentence followed by its credit: "... in Marsk. Petra Lind / VPA".
TRAILING_SLASH_CREDIT = re.compile(
    r"[.!?]\s+[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:\s/\s[A-Z][\w.' -]{1,40}){1,2}$"
)
LABELLED_CREDIT = re.compile(
    r"^(?:photo|фото|image|picture|credit|source of photo|illustration)\s*:\s*\S", re.IGNORECASE
)

NAVIGATION_LINE = re.compile(
    r"^(?:back to (?:main|home) ?page|read (?:more|the rest here)|related (?:article|story|stories|news)\b.*"
    r"|read also\b.*|see also\b.*|share(?: this)?(?: article)?|subscribe\b.*|follow us\b.*|advertisement"
    r"|print|comments?)\s*[.:]?$",
    re.IGNORECASE,
)

# Appeals appended by publishers: a signed opening line, then the appeal, closed by a dismiss button.
APPEAL_START = re.compile(r"^A (?:Message|Note|Letter) from (?P<publisher>[A-Z][\w.&' -]{2,60}?)\s*:?$")
APPEAL_END = re.compile(r"^(?:remind me later|maybe later|no,? thanks|close)\.?$", re.IGNORECASE)

# Header fields scrapes keep as lines of their own.
DATE_LABEL = re.compile(
    r"^(?P<label>first published|published|posted|date|modified|updated|last updated)\s*:?\s+(?P<value>.+)$",
    re.IGNORECASE,
)
URL_LABEL = re.compile(
    r"^(?:original url|source url|url|source|link)\s*:\s*(?P<value>\S*)\s*$", re.IGNORECASE
)
# "By Jane Smith and John Doe", "Written by ...", "Author: ...": the name stops at a separator (" | Reuters").
BYLINE = re.compile(
    r"^(?:by|written by|author)\s*:?\s+(?P<name>.+?)(?:\s+[|/•·]\s+.*|,\s+(?:in|for)\s+.*)?$", re.IGNORECASE
)
BYLINE_CONNECTORS = frozenset(["and", "&", "de", "van", "von", "der", "bin", "al", "da", "di", "le", "la"])
# "BEIJING, November 1. /TASS/." and "MOSCOW (Reuters) -": the place and the wire opening a story.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,40}),\s+(?P<date>[A-Z][a-z]+\.? \d{1,2})\.?\s*/(?P<wire>[A-Z][\w-]{1,20})/\.?\s*"
    r"|^(?P<place2>[A-Z][A-Z .'-]{2,40})\s+\((?P<wire2>[A-Z][\w ]{1,20})\)\s+[-—–]\s*"
)
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b")
UTC_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*(?P<sign>[+-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b")
TZ_ABBREVIATION = re.compile(
    r"\b(?P<abbr>EDT|EST|CDT|CST|MDT|MST|PDT|PST|BST|CET|CEST|EET|EEST|MSK|JST|IST)\b"
)
TRAILING_PLACE = re.compile(r"\s+(?P<place>[A-Z][A-Z .'-]{2,30})$")

# The most frequent English words: their share tells running text (and English) from labels and lists.
ENGLISH_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "at",
        "it",
        "from",
        "he",
        "said",
        "his",
        "be",
        "are",
        "an",
        "has",
        "have",
        "this",
        "not",
        "but",
        "were",
        "which",
        "who",
        "will",
        "their",
        "they",
        "its",
        "been",
        "had",
        "or",
        "after",
    ]
)

# Lemmas of the verbs that report speech: quote cues, and the verbs whose subject is a speaker.
REPORTING_VERB_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "add",
        "note",
        "state",
        "announce",
        "confirm",
        "conclude",
        "quote",
        "write",
        "declare",
        "stress",
        "explain",
        "insist",
        "warn",
        "claim",
        "ask",
        "reply",
        "continue",
        "call",
        "describe",
        "argue",
        "comment",
        "report",
        "acknowledge",
        "admit",
        "emphasize",
        "emphasise",
        "suggest",
        "predict",
        "promise",
        "urge",
        "vow",
        "tweet",
        "post",
        "respond",
        "remark",
        "recall",
        "observe",
        "agree",
        "deny",
        "pledge",
        "reiterate",
        "assure",
        "threaten",
        "complain",
        "accuse",
    ]
)
