import json
from datetime import UTC, datetime

import pytest

from pipeline.documents.formats import StatedFields, from_html, from_json_line
from pipeline.documents.read import RawDocument, Rejected, read_raw_file, source_file

PAGE = """<html><head><title>Port reopens | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2024-05-02T08:30:00+01:00">
<link rel="canonical" href="https://news.example/port-reopens"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/subscribe">Subscribe</a></nav>
<article><h1>Port reopens after two-month strike</h1>
<p>The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a pay deal agreed overnight.</p>
<p>"Ships are already queuing," the harbour master said, adding that the backlog would take weeks to clear.</p>
</article><footer>Sign up for our newsletter. All rights reserved.</footer></body></html>"""


def test_html_gives_main_text_and_stated_metadata():
    extracted = from_html(PAGE)
    assert extracted.text.splitlines()[0] == "Port reopens after two-month strike"
    assert "Ships are already queuing" in extracted.text
    assert "Subscribe" not in extracted.text and "newsletter" not in extracted.text
    # Paragraphs stay apart, so the cleaner never re-flows them into one.
    assert "\n\n" in extracted.text
    stated = extracted.stated
    assert stated.url == "https://news.example/port-reopens"
    assert stated.publisher == "The Example Times"
    # htmldate finds the day; the meta tag of the same day makes it precise.
    assert stated.published == "2024-05-02T08:30:00+01:00"


def test_html_without_main_text_is_an_error():
    with pytest.raises(ValueError, match="no main text"):
        from_html("<html><head><title>Empty</title></head><body><img src='a.png'></body></html>")


def test_json_line_reads_the_common_exporters_keys():
    line = json.dumps(
        {"maintext": "Body.", "headline": "A title", "link": "https://x.example/a", "date_publish": "2024-01-02",
         "authors": ["A. Writer", "B. Writer"], "source_domain": "x.example"}
    )  # fmt: skip
    extracted = from_json_line(line)
    assert extracted.text == "Body."
    assert extracted.stated.title == "A title"
    assert extracted.stated.author == "A. Writer, B. Writer"
    assert extracted.stated.published == "2024-01-02"
    assert extracted.record_key == "https://x.example/a"


@pytest.mark.parametrize(
    ("line", "reason"),
    [("not json", "invalid JSON"), ("[1, 2]", "a JSON list"), ('{"title": "no body"}', "no text field")],
)
def test_bad_json_lines_say_why(line, reason):
    with pytest.raises(ValueError, match=reason):
        from_json_line(line)


def test_a_jsonl_export_is_one_document_per_line_and_a_bad_line_loses_nothing_else(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "First article."}),
        "",
        "{broken",
        json.dumps({"id": "a1", "text": "Same id again."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    results = read_raw_file(path, tmp_path)
    documents = [r for r in results if isinstance(r, RawDocument)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [d.source_path for d in documents] == ["export.jsonl#L1", "export.jsonl#L4"]
    assert {d.source_format for d in documents} == {"jsonl"}
    assert len({d.doc_id for d in documents}) == 2  # a repeated id never gives two rows one doc_id
    assert [(r.source_path, r.reason.split(":")[0]) for r in rejected] == [("export.jsonl#L3", "line 3")]
    assert source_file("export.jsonl#L3") == "export.jsonl"


def test_a_jsonl_record_keeps_its_doc_id_when_the_export_is_reordered(tmp_path):
    first, second = ({"id": key, "text": f"Article {key}."} for key in ("a", "b"))
    path = tmp_path / "export.jsonl"
    path.write_text(f"{json.dumps(first)}\n{json.dumps(second)}\n")
    before = {d.raw_text: d.doc_id for d in read_raw_file(path, tmp_path)}
    path.write_text(f"{json.dumps(second)}\n{json.dumps(first)}\n")
    after = {d.raw_text: d.doc_id for d in read_raw_file(path, tmp_path)}
    assert before == after


def test_raw_documents_round_trip_through_their_lake_table_under_the_same_names():
    document = RawDocument(
        doc_id="id",
        batch_id="00001-20240101T000000Z",
        source_path="a.html",
        content_sha256="sha",
        encoding="utf-8",
        size_bytes=3,
        modified_at=datetime(2024, 1, 1, tzinfo=UTC),
        raw_text="text",
        source_format="html",
        stated_title="T",
    )
    table = RawDocument.to_table([document])
    assert table.column("stated_title").to_pylist() == ["T"]
    assert table.column("source_format").to_pylist() == ["html"]
    assert RawDocument.from_table(table) == [document]
    assert document.stated == StatedFields(title="T")
