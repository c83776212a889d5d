"""Metadata: title, dates, URL, publisher, dateline, section and language from the header of a text scrape.

Header lines whose value is captured here are handed back to the cleaner, which removes them from the body.
Unknown fields stay None: nothing is invented.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from urllib.parse import urlparse

import dateparser

from pipeline.documents.formats import StatedFields
from pipeline.documents.publishers import WIRE_TAGS, publisher_for_domain
from pipeline.text import patterns
from pipeline.text.furniture import find_furniture
from pipeline.text.normalise import Line, normalise_text

# The header is the run of short lines before the first real paragraph.
HEADER_MAX_LINES = 15
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 3, 30
MIN_SUBTITLE_WORDS = 6
DATE_LANGUAGES = ["en", "ru", "de", "fr", "es", "uk"]
TZ_OFFSETS = {
    "EDT": -4, "EST": -5, "CDT": -5, "CST": -6, "MDT": -6, "MST": -7, "PDT": -7, "PST": -8,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "IST": 5.5,
}  # fmt: skip
# A labelled value this short holding a digit is a date, whether or not it is a valid one.
MAX_DATE_WORDS = 8
_PUBLISHED_LABELS = {"published", "posted", "first published", "date"}
_MODIFIED_LABELS = {"modified", "updated", "last updated"}


@dataclass(frozen=True)
class ParsedDate:
    """A date as the text gives it: the instant (UTC), the offset it was written in, and its precision."""

    instant: datetime
    tz: str | None
    precision: str  # "day" | "minute"


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    url: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    section: str | None = None
    author: str | None = None
    subtitle: str | None = None


def parse_date(text: str, *, fallback_year: int | None = None) -> ParsedDate | None:
    """Parse a date expression such as "21 декабря 2022, 09:39" or "November 01, 15:36 UTC+3".

    A date without a year is accepted only when `fallback_year` supplies it (from another header date).
    """
    text = text.replace(",,", ",").strip(" ,.;|")
    offset, text = _take_offset(text)
    text = patterns.TRAILING_PLACE.sub("", text)
    if not re.search(r"\d", text):
        return None
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(text, languages=DATE_LANGUAGES, settings=settings)
    if parsed is None and fallback_year is not None:
        settings["REQUIRE_PARTS"] = ["day", "month"]
        parsed = dateparser.parse(text, languages=DATE_LANGUAGES, settings=settings)
        parsed = parsed.replace(year=fallback_year) if parsed else None
    if parsed is None:
        return None
    has_time = bool(patterns.TIME_OF_DAY.search(text))
    local = parsed if has_time else parsed.replace(hour=0, minute=0, second=0, microsecond=0)
    tzinfo = timezone(offset) if offset is not None else UTC
    instant = local.replace(tzinfo=tzinfo).astimezone(UTC)
    return ParsedDate(
        instant, _format_offset(offset) if offset is not None else None, "minute" if has_time else "day"
    )


def _take_offset(text: str) -> tuple[timedelta | None, str]:
    match = patterns.UTC_OFFSET.search(text)
    if match:
        sign = -1 if match["sign"] in "-−" else 1
        offset = sign * timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
        return offset, (text[: match.start()] + text[match.end() :]).strip()
    match = patterns.TZ_ABBREVIATION.search(text)
    if match:
        offset = timedelta(hours=TZ_OFFSETS[match["abbr"]])
        return offset, (text[: match.start()] + text[match.end() :]).strip()
    return None, text


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_stated_date(value: str) -> ParsedDate | None:
    """A date a source states in a field: ISO 8601 ("2023-03-17", "2023-03-17T10:00:00Z") or free text."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return parse_date(value)
    if len(value.strip()) <= 10:
        return ParsedDate(datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC), None, "day")
    offset = parsed.utcoffset()
    instant = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    return ParsedDate(instant, _format_offset(offset) if offset is not None else None, "minute")


def _plausible_stated_date(value: str | None, file_time: datetime) -> ParsedDate | None:
    parsed = parse_stated_date(value) if value else None
    return parsed if parsed and is_plausible(parsed, not_after=file_time) else None


def _parse_date_prefix(value: str, fallback_year: int | None = None) -> ParsedDate | None:
    """Parse the longest leading run of words that is a date ("2017-11-01 Back to Main page")."""
    words = value.split()
    for end in range(min(len(words), 8), 0, -1):
        parsed = parse_date(" ".join(words[:end]), fallback_year=fallback_year)
        if parsed:
            return parsed
    return None


def is_plausible(parsed: ParsedDate, *, not_after: datetime) -> bool:
    """Reject dates before 1900 or after the file itself was written."""
    return datetime(1900, 1, 1, tzinfo=UTC) <= parsed.instant <= not_after + timedelta(days=1)


def _is_paragraph(text: str) -> bool:
    words = len(text.split())
    return words >= 25 or (words >= 12 and text.endswith((".", "!", "?", '"')))


def header_lines(lines: list[Line]) -> list[Line]:
    """Non-empty lines before the first paragraph of running text.

    The document's first line counts as header even when it reads like a sentence, if it stands
    alone as a headline does, and so does a deck continuing a headline that ends with ";".
    """
    header = []
    for i, line in enumerate(lines):
        if not line.text:
            continue
        opening_headline = not header and _stands_alone_as_headline(lines, i)
        continues_headline = (
            len(header) == 1 and header[0].text.endswith(";") and header[0].index == line.index - 1
        )
        headline = opening_headline or continues_headline
        if (_is_paragraph(line.text) and not headline) or len(header) >= HEADER_MAX_LINES:
            break
        header.append(line)
    return header


def _stands_alone_as_headline(lines: list[Line], i: int) -> bool:
    """A first line of at most MAX_TITLE_WORDS on its own, with at least two paragraphs after it.

    Paragraphs are counted whether a blank line or a line break ends them: many exports put one
    paragraph on each line, and under a headline followed by a blank line that is the whole body. A
    title-case line ("Trump Warns Clinton Policy On Syria Would Lead To World War Three.") is a headline
    by its shape, as no sentence of running text is written so: it needs no blank line under it and
    one paragraph after it is enough."""
    text = lines[i].text
    words = len(text.split())
    if not MIN_TITLE_WORDS <= words <= MAX_TITLE_WORDS or text.endswith((":", ",")):
        return False
    title_case = is_title_case(text)
    if i + 1 < len(lines) and lines[i + 1].text and not text.endswith(";") and not title_case:
        return False  # a hard-wrapped paragraph continues on the next line
    return _paragraphs_after(lines, i) >= (1 if title_case else 2)


def _paragraphs_after(lines: list[Line], i: int) -> int:
    """How many paragraphs follow line `i`: each block after a blank line, and each further line that
    is running text on its own (a paragraph per line), so a hard-wrapped paragraph counts once."""
    count = 0
    for previous, line in pairwise(lines[i:]):
        if line.text and (not previous.text or _is_paragraph(line.text)):
            count += 1
    return count


# Words a title-case headline leaves in lower case (articles, short prepositions and conjunctions).
_TITLE_CASE_MINOR = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "for", "so", "yet", "as", "at", "by", "in", "of", "off", "on",
     "per", "to", "up", "via", "vs", "v", "from", "into", "onto", "with"}
)  # fmt: skip
MIN_TITLE_CASE_WORDS = 3


def is_title_case(text: str) -> bool:
    """Every word but the short minor ones starts with a capital ("Obama To Asians Worried About U.S.
    Election: It's Going To Be OK."), with a few such words: the shape of a headline, not of a sentence,
    in which most words are lower case."""
    capitalised = 0
    for word in text.split():
        letters = word.lstrip("\"'(#$£€")
        if not letters or not letters[0].isalpha():
            continue  # a figure, a dash
        if letters[0].isupper():
            capitalised += 1
        elif letters.casefold().rstrip(".,;:!?") not in _TITLE_CASE_MINOR:
            return False
    return capitalised >= MIN_TITLE_CASE_WORDS


def extract_metadata(
    lines: list[Line],
    *,
    file_time: datetime,
    stated: StatedFields | None = None,
    furniture: Mapping[int, str] | None = None,
) -> tuple[Metadata, dict[int, str]]:
    """Read the header fields and say which lines held them (line index -> removal reason).

    Fields the source states (HTML meta tags, JSON keys) win over the header's, except a stated date
    that is implausible or less precise than the same day in the header. `furniture` is
    `find_furniture(lines)` when the caller already has it (a caption is never the subtitle)."""
    stated = stated or StatedFields()
    consumed: dict[int, str] = {}
    header = header_lines(lines)
    published: list[tuple[str, ParsedDate]] = []
    modified: list[ParsedDate] = []
    yearless: list[Line] = []
    author = None

    for line in header:
        # The opening line is the headline's place: "By Any Means Necessary" there is a title, not a byline.
        byline = author is None and line is not header[0] and _byline(line.text)
        if byline:
            author = byline
            consumed[line.index] = "header: byline"
            continue
        label = patterns.DATE_LABEL.match(line.text)
        if label:
            parsed = _parse_date_prefix(label["value"])
            kind = label["label"].lower()
            if parsed and is_plausible(parsed, not_after=file_time):
                (modified.append(parsed) if kind in _MODIFIED_LABELS else published.append((kind, parsed)))
                consumed[line.index] = f"header: {kind} date"
            elif parsed:
                consumed[line.index] = (
                    f"header: {kind} date rejected (after the file was written or before 1900)"
                )
            elif re.search(r"\d", label["value"]) and len(label["value"].split()) <= MAX_DATE_WORDS:
                # "Published February 30, 2021": a date line all the same, never the title or the body.
                consumed[line.index] = f"header: {kind} date unreadable ({label['value']!r})"
            continue
        if len(line.text.split()) <= 8 and re.search(r"\d", line.text):
            parsed = parse_date(line.text)
            if parsed and is_plausible(parsed, not_after=file_time):
                published.append(("standalone", parsed))
                consumed[line.index] = "header: date line"
            elif parsed is None:
                yearless.append(line)

    stated_published = _plausible_stated_date(stated.published, file_time)
    if stated_published:
        published.insert(0, ("stated", stated_published))
    stated_modified = _plausible_stated_date(stated.modified, file_time)
    if stated_modified:
        modified.insert(0, stated_modified)
    best = _best_published(published)
    dateline = None
    for line in yearless:
        parsed = parse_date(line.text, fallback_year=best.instant.year) if best else None
        # The yearless line refines the day's date with a time, which must be plausible too.
        if (
            parsed
            and best
            and abs(parsed.instant - best.instant) <= timedelta(days=1)
            and is_plausible(parsed, not_after=file_time)
        ):
            best = parsed if best.precision == "day" else best
            consumed[line.index] = "header: date line"
            place = patterns.TRAILING_PLACE.search(line.text)
            dateline = place["place"].strip() if place else None

    stated_title = normalise_text(stated.title) if stated.title else None
    title, section = _title_and_section(header, consumed, stated_title=stated_title)
    url = stated.url or _url(lines, consumed) or _header_link(header, consumed)
    body_lines = [line for line in lines if line.text and line.index not in consumed]
    wire_dateline, wire = _dateline(body_lines)
    metadata = Metadata(
        title=title,
        published=best,
        modified=modified[0] if modified else None,
        url=url,
        publisher=stated.publisher or _publisher(url, lines, wire),
        dateline=dateline or wire_dateline,
        section=section,
        author=stated.author or author,
        subtitle=_subtitle(lines, header, consumed, furniture),
    )
    return metadata, consumed


def _subtitle(
    lines: list[Line], header: list[Line], consumed: dict[int, str], furniture: Mapping[int, str] | None
) -> str | None:
    """The standfirst: a header line of running words after the title ("Russian Prime Minister Dmitry
    Medvedev expects ... to expand"), not a caption. It stays in the body, being the story's first words."""
    title_lines = [index for index, reason in consumed.items() if reason == "header: title"]
    candidates = [
        line
        for line in header
        if title_lines
        and line.index > min(title_lines)
        and line.index not in consumed
        and len(line.text.split()) >= MIN_SUBTITLE_WORDS
        and not line.text.endswith(":")
        and not patterns.LIST_ITEM.match(line.text)
    ]
    if not candidates:
        return None
    if furniture is None:
        furniture = find_furniture(lines)  # captions and credits, read only when a candidate needs it
    return next((line.text for line in candidates if line.index not in furniture), None)


def _header_link(header: list[Line], consumed: dict[int, str]) -> str | None:
    """A bare link standing in the header is the article's own address (one in the body cites a source)."""
    for line in header:
        link = patterns.BARE_URL_LINE.match(line.text)
        if link and line.index not in consumed and not patterns.SOCIAL_POST_LINK.search(line.text):
            consumed[line.index] = "header: url"
            return link.group(1).rstrip(".,;>")
    return None


def _byline(text: str) -> str | None:
    """The author's name from a byline, if the rest of the line reads as names ("By Jane Smith")."""
    match = patterns.BYLINE.match(text)
    if not match:
        return None
    name = match["name"].strip(" .,")
    if ":" in name:  # "By The Numbers: How Aid Is Spent" is a headline
        return None
    words = name.replace(",", " ").split()
    names = [w for w in words if w.lower() not in patterns.BYLINE_CONNECTORS]
    if not 1 <= len(words) <= 8 or not names or not all(w[:1].isupper() for w in names):
        return None
    return name


def _best_published(candidates: list[tuple[str, ParsedDate]]) -> ParsedDate | None:
    """Prefer a stated date, then an explicit "Published"/"Posted" one, then a bare date line; of the same
    day, keep the most precise reading and one written with its offset."""
    if not candidates:
        return None
    rank = {"stated": 0, "first published": 1, "published": 2, "posted": 3, "standalone": 4, "date": 5}
    ordered = sorted(candidates, key=lambda c: rank.get(c[0], 5))
    best = ordered[0][1]
    for _, other in ordered[1:]:
        same_day = other.instant.date() == best.instant.date()
        more_precise = best.precision == "day" and other.precision == "minute"
        # A stated time without an offset is read as UTC; the same day written with its offset is better.
        with_offset = best.tz is None and other.tz is not None and other.precision == best.precision
        if same_day and (more_precise or with_offset):
            best = other
    return best


def _title_and_section(
    header: list[Line], consumed: dict[int, str], *, stated_title: str | None = None
) -> tuple[str | None, str | None]:
    candidates = [line for line in header if line.index not in consumed and not _is_furniture(line.text)]
    title_line, deck = _title_lines(header, candidates, stated_title)
    title = stated_title or (title_line.text if title_line else None)
    if deck:
        title = " ".join(line.text for line in deck)
        consumed.update({line.index: "header: title" for line in deck})
    section = None
    for line in candidates:
        if title and line.text.casefold() == title.casefold():
            consumed[line.index] = "header: title"
        elif section is None and title_line and _looks_like_section(line.text):
            section = line.text
            consumed[line.index] = "header: section"
    return title, section


def _title_lines(
    header: list[Line], candidates: list[Line], stated_title: str | None
) -> tuple[Line | None, list[Line] | None]:
    """The line holding the title (the stated title's line, a heading, or the first title-shaped line)
    and, for a print headline, the headline with its deck."""
    if stated_title:
        return next(
            (line for line in candidates if line.text.casefold() == stated_title.casefold()), None
        ), None
    headings = [line for line in candidates if line.heading_level in (1, 2)]
    if headings:
        return headings[0], None
    deck = _headline_with_deck(header, candidates)
    if deck:
        return deck[0], deck
    opening = header[0].index if header else None
    return next(
        (line for line in candidates if _looks_like_title(line.text, opening=line.index == opening)), None
    ), None


def _headline_with_deck(header: list[Line], candidates: list[Line]) -> list[Line] | None:
    """A print headline continued by its deck on the next line: "Jobs report gives Democrats a lift;" +
    "Solid upturn, with a rise in hourly earnings, could blunt Republican claims." """
    if len(candidates) < 2 or not header or candidates[0].index != header[0].index:
        return None
    headline, deck = candidates[0], candidates[1]
    if not headline.text.endswith(";") or deck.index != headline.index + 1:
        return None
    words = len(headline.text.split()) + len(deck.text.split())
    return [headline, deck] if words <= 2 * MAX_TITLE_WORDS else None


def _looks_like_title(text: str, *, opening: bool = False) -> bool:
    """Title-shaped: a few words, no clause-ending punctuation, starting as headlines start ("'Strong
    dollar' call...", "$1m payoff..."). An opening headline may end with a full stop or an ellipsis."""
    words = text.split()
    endings = (":", ";", ",") if opening else (".", ":", ";", ",")
    starts_like_title = text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"'#$£€"
    ends_like_title = not text.endswith(endings) or (opening and text.endswith("..."))
    return MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS and ends_like_title and starts_like_title


def _looks_like_section(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)


def _is_furniture(text: str) -> bool:
    return bool(
        patterns.BARE_URL_LINE.match(text)
        or patterns.BARE_DOMAIN_LINE.match(text)
        or patterns.NAVIGATION_LINE.match(text)
        or patterns.LABELLED_CREDIT.match(text)
        or patterns.SLASH_CREDIT.match(text)
    )


def _url(lines: list[Line], consumed: dict[int, str]) -> str | None:
    """The article's own address from an "Original url:" label (value on the same or the next line)."""
    for i, line in enumerate(lines):
        label = patterns.URL_LABEL.match(line.text)
        if not label:
            continue
        value, value_line = label["value"], line
        if not value:
            value_line = next((later for later in lines[i + 1 :] if later.text), None)
            value = value_line.text if value_line else ""
        found = patterns.URL.search(value.strip("<>"))
        if found:
            consumed[line.index] = "header: url label"
            consumed[value_line.index] = "header: url"
            return found.group(0).rstrip(".,;>")
    return None


def _dateline(body_lines: list[Line]) -> tuple[str | None, str | None]:
    """The place and wire tag opening the story ("BEIJING, November 1. /TASS/.")."""
    for line in body_lines[:3]:
        match = patterns.DATELINE.match(line.text)
        if match:
            return (match["place"] or match["place2"]).strip(), (match["wire"] or match["wire2"]).strip()
    return None, None


def _publisher(url: str | None, lines: list[Line], wire: str | None) -> str | None:
    if url:
        name = publisher_for_domain(urlparse(url).hostname or "")
        if name:
            return name
    for line in lines:
        appeal = patterns.APPEAL_START.match(line.text)
        if appeal:
            return appeal["publisher"].strip()
    if wire:
        return WIRE_TAGS.get(wire.upper(), wire)
    return None


def detect_language(text: str) -> str | None:
    """A cheap script and stop-word test: enough to route English text to the English NLP model."""
    words = patterns.WORD.findall(text.lower())
    if len(words) < 5:
        return None
    cyrillic = sum(1 for w in words if re.match(r"[а-яё]", w))
    if cyrillic / len(words) > 0.5:
        return "ru"
    english = sum(1 for w in words if w in patterns.ENGLISH_STOPWORDS)
    return "en" if english / len(words) >= 0.15 else None


def reference_date(published: ParsedDate | None) -> date | None:
    """The local calendar day of publication, used to resolve "on Wednesday"."""
    if published is None:
        return None
    if published.tz:
        sign = -1 if published.tz.startswith("-") else 1
        hours, minutes = published.tz[1:].split(":")
        local = published.instant + sign * timedelta(hours=int(hours), minutes=int(minutes))
        return local.date()
    return published.instant.date()
