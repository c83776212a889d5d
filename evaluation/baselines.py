"""trafilatura on the text our pipeline reads, as a baseline for cleaning and metadata.

trafilatura is the only widely used open-source article extractor, so running it on the very same
flattened scrapes shows what our rules add over a standard tool. It expects HTML, so a scrape is wrapped
as the most neutral page possible: each non-empty line a paragraph, a markdown heading line a heading,
and nothing else (no <title>, no <meta>) that would tell trafilatura more than the text says.
"""

from __future__ import annotations

import html

import trafilatura
from trafilatura.settings import Document

from pipeline.text.patterns import MARKDOWN_HEADING


def scrape_as_html(scrape: str) -> str:
    """Minimal HTML for a flattened text scrape: `<p>` per non-empty line, `<hN>` for `#`-headings."""
    elements = []
    for line in scrape.splitlines():
        line = line.strip()
        if not line:
            continue
        heading = MARKDOWN_HEADING.match(line)
        if heading and heading[2]:
            level = len(heading[1])
            elements.append(f"<h{level}>{html.escape(heading[2])}</h{level}>")
        else:
            elements.append(f"<p>{html.escape(line)}</p>")
    return "<html><body>" + "".join(elements) + "</body></html>"


def extract_with_trafilatura(scrape: str) -> Document | None:
    """trafilatura's text and metadata (.text, .title, .date, .url, .sitename) for a scrape; None when
    trafilatura finds nothing to extract."""
    return trafilatura.bare_extraction(scrape_as_html(scrape), with_metadata=True)
