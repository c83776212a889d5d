"""Formats beyond plain text: the main text and stated metadata of an HTML page or of a JSON-lines export.

Both become the same thing a text scrape is: text for the cleaner, plus the fields the source states in
structured form (HTML meta tags, JSON keys), which take precedence over what the text's header suggests.
"""

import json
from dataclasses import dataclass

import lxml.html
import trafilatura
from htmldate import find_date

# Key names the common exporters use (newspaper4k, news-please, trafilatura's own JSON, GDELT-style dumps).
TEXT_KEYS = ("text", "body", "maintext", "content", "article")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link", "canonical_url", "source_url")
DATE_KEYS = ("date", "published", "published_at", "date_publish", "datePublished", "publish_date")
AUTHOR_KEYS = ("author", "authors", "byline")
PUBLISHER_KEYS = ("publisher", "source", "sitename", "site_name", "source_domain")
ID_KEYS = ("id", "doc_id", "article_id", "guid")
MODIFIED_KEYS = ("modified", "modified_at", "date_modify", "dateModified", "updated")
# Meta tags that carry a full timestamp; htmldate reports the day only.
PUBLISHED_META = ("article:published_time", "datePublished", "pubdate", "dc.date.issued")
MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified")


@dataclass(frozen=True)
class StatedFields:
    """Metadata a source states outright; None where it is silent."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    modified: str | None = None
    author: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Extracted:
    text: str
    stated: StatedFields
    record_key: str | None = None  # the record's own id or URL, when the source gives one


def from_html(html: str) -> Extracted:
    """Main text and metadata of an HTML page through trafilatura (dates through htmldate).

    Raises:
        ValueError: when the page holds no main text.
    """
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, deduplicate=True
    )
    if document is None or not (document.text or "").strip():
        raise ValueError("no main text found in the HTML page")
    # trafilatura gives one paragraph per line; blank lines keep the cleaner from re-flowing them.
    paragraphs = [line.strip() for line in document.text.splitlines() if line.strip()]
    meta = _meta_contents(html)
    published = find_date(html, original_date=True, extensive_search=False)
    modified = find_date(html, original_date=False, extensive_search=False)
    stated = StatedFields(
        title=document.title or None,
        url=document.url or None,
        published=_with_time(published, meta, PUBLISHED_META),
        modified=_with_time(modified, meta, MODIFIED_META) if modified != published else None,
        author=document.author or None,
        # A bare hostname is not a publisher's name; publishers.py maps known domains from the URL.
        publisher=document.sitename if document.sitename and document.sitename != document.hostname else None,
    )
    return Extracted("\n\n".join(paragraphs), stated, document.url or None)


def from_json_line(line: str) -> Extracted:
    """One article of a JSON-lines export.

    Raises:
        ValueError: when the line is not a JSON object or has no non-empty text field.
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, not an object")
    for key in TEXT_KEYS:
        value = record.get(key)
        # An article's text is a string (or a list of paragraphs): the number 42 is no article.
        if value is not None and not isinstance(value, str | list):
            raise ValueError(f"text field {key!r} holds a {_json_type(value)}, not text")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ValueError(
                f"text field {key!r} is a list of {_json_type(next(v for v in value if not isinstance(v, str)))}s, not paragraphs"
            )
    text = _first(record, TEXT_KEYS, joiner="\n\n")
    if not text:
        raise ValueError(f"no text field (expected one of {', '.join(TEXT_KEYS)})")
    stated = StatedFields(
        title=_first(record, TITLE_KEYS),
        url=_first(record, URL_KEYS),
        published=_first(record, DATE_KEYS),
        modified=_first(record, MODIFIED_KEYS),
        author=_first(record, AUTHOR_KEYS),
        publisher=_first(record, PUBLISHER_KEYS),
    )
    return Extracted(text, stated, _first(record, ID_KEYS) or stated.url)


def _json_type(value: object) -> str:
    return {bool: "boolean", int: "number", float: "number", dict: "object", list: "list"}.get(
        type(value), type(value).__name__
    )


def _meta_contents(html: str) -> dict[str, str]:
    """content of <meta property|name|itemprop=...> by name, and datetime of <time itemprop=...>."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return {}
    found: dict[str, str] = {}
    for element in tree.iter("meta", "time"):
        name = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content") or element.get("datetime")
        if name and value:
            found.setdefault(name.strip(), value.strip())
    return found


def _with_time(day: str | None, meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    """htmldate's day, made precise by a meta timestamp of the same day when the page has one."""
    if day is None:
        return None
    for name in names:
        value = meta.get(name, "")
        if value.startswith(day) and len(value) > len(day):
            return value
    return day


def _first(record: dict, keys: tuple[str, ...], joiner: str = ", ") -> str | None:
    """The first non-empty value among keys; a list (authors, paragraphs) is joined, and an object in it
    (an author as {"name": ...}) stands for its name."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            items = [v.get("name", "") if isinstance(v, dict) else v for v in value]
            value = joiner.join(str(v).strip() for v in items if str(v).strip())
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
