"""trafilatura as a baseline: how a flattened scrape becomes HTML, and what trafilatura returns for it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evaluation.baselines import extract_with_trafilatura, scrape_as_html

SHARED = Path(__file__).resolve().parents[3] / "shared"
BODY = (
    "Alice met Bob in Paris on Tuesday to discuss the trade agreement between their two countries.\n\n"
    "The talks were useful, both sides said afterwards in a joint statement to the press.\n"
)


@pytest.mark.parametrize(
    ("scrape", "html"),
    [
        ("one\n\n  two  \n", "<p>one</p><p>two</p>"),
        ("# A & B\n## Embed:\n###### Six", "<h1>A &amp; B</h1><h2>Embed:</h2><h6>Six</h6>"),
        ("#hashtag\n####### seven\n#", "<p>#hashtag</p><p>####### seven</p><p>#</p>"),  # not headings
        ('<script>x < "y"</script>', "<p>&lt;script&gt;x &lt; &quot;y&quot;&lt;/script&gt;</p>"),
        (" \n\n", ""),
    ],
)
def test_each_non_empty_line_becomes_an_escaped_paragraph_and_a_markdown_heading_a_heading(
    scrape: str, html: str
) -> None:
    assert scrape_as_html(scrape) == f"<html><body>{html}</body></html>"


def test_a_single_markdown_heading_is_trafilaturas_title_and_the_lines_its_text() -> None:
    extracted = extract_with_trafilatura("# Alice Meets Bob\n\n" + BODY)
    assert extracted is not None
    assert extracted.title == "Alice Meets Bob"
    assert extracted.text.splitlines() == [line for line in BODY.splitlines() if line]


def test_markup_in_a_scrape_stays_text() -> None:
    extracted = extract_with_trafilatura("<script>alert(1)</script> & more\n" + BODY)
    assert extracted is not None
    assert "<script>alert(1)</script> & more" in extracted.text


def test_an_empty_scrape_extracts_nothing() -> None:
    assert extract_with_trafilatura(" \n\n") is None


@pytest.mark.skipif(
    not (SHARED / "gold" / "seeds.yaml").is_file(), reason="../shared/gold/seeds.yaml is not available"
)
def test_a_seed_headed_by_a_markdown_title_gets_the_gold_title_from_trafilatura() -> None:
    gold = yaml.safe_load((SHARED / "gold" / "seeds.yaml").read_text(encoding="utf-8"))
    row = next(r for r in gold["documents"] if r["file"] == "000_f2a182ca49676de2.txt")
    extracted = extract_with_trafilatura((SHARED / "seeds" / row["file"]).read_text(encoding="utf-8"))
    assert extracted is not None
    assert extracted.title == row["title"]
