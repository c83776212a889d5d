"""The evaluator scores a tiny hand-built warehouse against a tiny gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from trafilatura.settings import Document

from evaluation.gold import (
    TRAFILATURA_SECTION,
    Check,
    EvaluationReport,
    Metric,
    evaluate,
    format_report,
    main,
    normalise,
)

PUBLIC_TABLES = {
    "documents": """doc_id VARCHAR, source_path VARCHAR, content_sha256 VARCHAR, title VARCHAR,
        published_at TIMESTAMPTZ, published_tz VARCHAR, published_precision VARCHAR, modified_at TIMESTAMPTZ,
        url VARCHAR, publisher VARCHAR, dateline VARCHAR, section VARCHAR, language VARCHAR, body VARCHAR,
        word_count BIGINT, dup_cluster_id VARCHAR, is_canonical BOOLEAN, story_id VARCHAR""",
    "entities": "entity_id VARCHAR, name VARCHAR, type VARCHAR, aliases VARCHAR[], mention_count BIGINT, "
    "doc_count BIGINT",
    "entity_mentions": "doc_id VARCHAR, entity_id VARCHAR, text VARCHAR, start_char BIGINT, end_char BIGINT, "
    "label VARCHAR, kind VARCHAR",
    "quotes": "quote_id VARCHAR, doc_id VARCHAR, text VARCHAR, kind VARCHAR, speaker VARCHAR, "
    "speaker_entity_id VARCHAR, speaker_reason VARCHAR, cue VARCHAR, start_char BIGINT, end_char BIGINT",
    "events": "event_id VARCHAR, event_type VARCHAR, start_date DATE, end_date DATE, location VARCHAR, "
    "doc_count BIGINT",
    "event_participants": "event_id VARCHAR, entity_id VARCHAR, role VARCHAR",
    "event_mentions": "event_id VARCHAR, doc_id VARCHAR, text VARCHAR, start_char BIGINT, end_char BIGINT",
    "quarantine": "source_path VARCHAR, reason VARCHAR, detected_at TIMESTAMPTZ",
    "removed_spans": "doc_id VARCHAR, text VARCHAR, reason VARCHAR, raw_start BIGINT, raw_end BIGINT",
}

BODY_A = "Alice met Bob in Paris. “We will talk again,” Alice said.\nThe  talks\nwere useful. Embed: pic"


def document(doc_id: str, file: str, **columns: Any) -> dict[str, Any]:
    """A documents row with plausible defaults."""
    return {
        "doc_id": doc_id,
        "source_path": f"/data/raw/{file}",
        "title": "Alice Meets Bob",
        "published_at": None,
        "published_tz": None,
        "published_precision": None,
        "language": "en",
        "body": BODY_A,
        "dup_cluster_id": doc_id,
        "story_id": doc_id,
        **columns,
    }


BASE: dict[str, list[dict[str, Any]]] = {
    "documents": [
        document(
            "d1",
            "a.txt",
            published_at="2022-12-20 22:30:00+00",  # 2022-12-21 01:30 at +03:00
            published_tz="+03:00",
            published_precision="minute",
            publisher="The Daily",
            dup_cluster_id="c1",
            story_id="s1",
        ),
        document("d2", "b.txt", dup_cluster_id="c1", story_id="s1"),
        document("d3", "c.txt", title="Other news", body="Carol spoke.", dup_cluster_id="c3", story_id="s3"),
    ],
    "entities": [
        {"entity_id": "e1", "name": "Alice Smith", "type": "PERSON", "aliases": ["Alice"]},
        {"entity_id": "e2", "name": "Bob Jones", "type": "ORG", "aliases": []},
        {"entity_id": "e3", "name": "Paris", "type": "GPE", "aliases": []},
    ],
    "entity_mentions": [
        {"doc_id": "d1", "entity_id": "e2", "text": "Bob"},
        {"doc_id": "d1", "entity_id": "e2", "text": "Bob"},
        {"doc_id": "d1", "entity_id": "e3", "text": "Paris"},
    ],
    "quotes": [
        {
            "quote_id": "q1",
            "doc_id": "d1",
            "text": "“We will talk again,”",
            "kind": "direct",
            "speaker": "Bob Jones",
        },
        {
            "quote_id": "q2",
            "doc_id": "d1",
            "text": "nothing to do with gold",
            "kind": "direct",
            "speaker": None,
        },
    ],
    "events": [
        {"event_id": "v1", "event_type": "meet", "start_date": "2022-12-21", "location": "the Paris"},
    ],
    "event_participants": [
        {"event_id": "v1", "entity_id": "e1"},
        {"event_id": "v1", "entity_id": "e2"},
    ],
    "event_mentions": [
        {"event_id": "v1", "doc_id": "d1"},
        {"event_id": "v1", "doc_id": "d2"},
    ],
    "quarantine": [
        {"source_path": "/data/raw/broken.txt", "reason": "not UTF-8"},
    ],
}


def build(
    tmp_path: Path,
    gold: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]] | None = None,
    raw: dict[str, str] | None = None,
) -> EvaluationReport:
    """Write the warehouse (BASE unless `rows` is given), the gold file and, when `raw` maps file names to
    scrapes, a raw folder (which adds the trafilatura section); then evaluate."""
    warehouse, gold_path = tmp_path / "warehouse.duckdb", tmp_path / "gold.yaml"
    with duckdb.connect(str(warehouse)) as con:
        for table, columns in PUBLIC_TABLES.items():
            con.execute(f"CREATE TABLE {table} ({columns})")
        for table, table_rows in (BASE if rows is None else rows).items():
            for row in table_rows:
                placeholders = ", ".join("?" for _ in row)
                con.execute(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({placeholders})", list(row.values())
                )
    gold_path.write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    raw_dir = None
    if raw is not None:
        raw_dir = tmp_path / "raw"
        raw_dir.mkdir()
        for name, scrape in raw.items():
            (raw_dir / name).write_text(scrape, encoding="utf-8")
    return evaluate(warehouse, gold_path, raw_dir)


def checks(report: EvaluationReport, section: str, aspect: str) -> list[Check]:
    return [c for s in report.sections if s.name == section for c in s.checks if c.aspect == aspect]


def only(report: EvaluationReport, section: str, aspect: str) -> Check:
    (check,) = checks(report, section, aspect)
    return check


def metric(report: EvaluationReport, section: str, label_start: str) -> Metric:
    (found,) = [
        m for s in report.sections if s.name == section for m in s.metrics if m.label.startswith(label_start)
    ]
    return found


# --- normalisation ---------------------------------------------------------------------------


def test_normalise_straightens_curly_quotes_and_collapses_whitespace() -> None:
    assert normalise("  “Moscow’s\u00a0 view”\n\t«ok» ") == '"Moscow\'s view" "ok"'


def test_normalise_applies_nfkc() -> None:
    assert normalise("ﬁnal ①") == "final 1"


# --- documents -------------------------------------------------------------------------------


def test_a_published_date_is_compared_in_the_documents_own_offset(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "a.txt", "published": "2022-12-21"}]})
    assert only(report, "documents", "published").passed


def test_a_published_date_that_only_matches_in_utc_fails(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "a.txt", "published": "2022-12-20"}]})
    check = only(report, "documents", "published")
    assert not check.passed
    assert "2022-12-21T01:30 (+03:00)" in check.found


def test_a_published_timestamp_compares_the_local_minute_and_the_explicit_offset(tmp_path: Path) -> None:
    gold = {
        "documents": [
            {"file": "a.txt", "published": "2022-12-21T01:30"},
            {"file": "a.txt", "published": "2022-12-21T01:30+03:00"},
            {"file": "a.txt", "published": "2022-12-21T01:30+02:00"},
            {"file": "a.txt", "published": "2022-12-21T01:31"},
        ]
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "documents", "published")] == [True, True, False, False]


def test_a_minute_gold_fails_against_a_day_precision_date(tmp_path: Path) -> None:
    rows = {
        "documents": [
            document("d1", "a.txt", published_at="2022-12-21 00:00:00+00", published_precision="day")
        ]
    }
    gold = {
        "documents": [
            {"file": "a.txt", "published": "2022-12-21T00:00"},
            {"file": "a.txt", "published": "2022-12-21"},
        ]
    }
    report = build(tmp_path, gold, rows)
    assert [c.passed for c in checks(report, "documents", "published")] == [False, True]


def test_a_gold_null_published_requires_a_null_published_at(tmp_path: Path) -> None:
    gold = {"documents": [{"file": "b.txt", "published": None}, {"file": "a.txt", "published": None}]}
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "documents", "published")] == [True, False]


def test_modified_is_compared_against_modified_at_in_the_published_offset(tmp_path: Path) -> None:
    rows = {
        "documents": [
            document("d1", "a.txt", published_tz="+03:00", modified_at="2022-12-24 19:38:00+00"),
        ]
    }
    report = build(tmp_path, {"documents": [{"file": "a.txt", "modified": "2022-12-24T22:38"}]}, rows)
    assert only(report, "documents", "modified").passed


def test_title_and_url_compare_normalised_and_publisher_ignores_case(tmp_path: Path) -> None:
    gold = {
        "documents": [
            {"file": "a.txt", "title": "Alice  Meets Bob", "publisher": "THE DAILY", "url": "https://x"},
            {"file": "c.txt", "title": "other news"},
        ]
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "documents", "title")] == [True, False]
    assert only(report, "documents", "publisher").passed
    url = only(report, "documents", "url")
    assert not url.passed and url.found == "null"


def test_a_must_remove_substring_found_in_the_body_fails(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "a.txt", "must_remove": ["Embed:", "Guy Elster"]}]})
    embed, guy = checks(report, "documents", "must_remove")
    assert not embed.passed and "Embed: pic" in embed.found
    assert guy.passed
    assert metric(report, "documents", "must_remove").hits == 1


def test_must_keep_matches_across_quote_styles_and_line_breaks_but_not_case(tmp_path: Path) -> None:
    gold = {
        "documents": [
            {
                "file": "a.txt",
                "must_keep": ['"We will talk again," Alice', "The talks were useful", "the talks"],
            }
        ]
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "documents", "must_keep")] == [True, True, False]


def test_a_missing_document_fails_every_field_and_names_the_quarantine_reason(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "broken.txt", "title": "X", "must_remove": ["Y"]}]})
    for aspect in ("present", "title", "must_remove"):
        check = only(report, "documents", aspect)
        assert not check.passed
        assert check.found == "quarantined: not UTF-8"


def test_a_file_matches_only_a_whole_path_component(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "a.txt"}, {"file": "_a.txt"}, {"file": "raw/b.txt"}]})
    assert [c.passed for c in checks(report, "documents", "present")] == [True, False, True]


def test_unknown_gold_keys_are_reported_as_notes(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "a.txt", "titel": "typo"}]})
    assert report.sections[0].notes == ["documents[0]: unknown key 'titel' ignored"]


# --- trafilatura on the same text -----------------------------------------------------------

SCRAPE_A = (
    "# Alice Meets Bob\n\n"
    "Alice met Bob in Paris on Tuesday to discuss the trade agreement between their two countries.\n\n"
    "The talks were useful, both sides said afterwards in a joint statement to the press.\n\n"
    "Share this article\n"
)


def extract_as(monkeypatch: pytest.MonkeyPatch, extracted: Document | None) -> None:
    """Make trafilatura return `extracted` for any scrape, so the scoring is tested on its own."""
    monkeypatch.setattr("evaluation.gold.extract_with_trafilatura", lambda scrape: extracted)


def test_trafilatura_is_scored_on_the_raw_file_against_the_expectations_ours_is_scored_on(
    tmp_path: Path,
) -> None:
    gold = {
        "documents": [
            {
                "file": "a.txt",
                "title": "Alice Meets Bob",
                "must_remove": ["Share this article", "Embed:"],
                "must_keep": ["The talks were useful"],
            }
        ]
    }
    report = build(tmp_path, gold, raw={"a.txt": SCRAPE_A})
    assert only(report, TRAFILATURA_SECTION, "title").passed
    assert only(report, TRAFILATURA_SECTION, "must_keep").passed
    share, embed = checks(report, TRAFILATURA_SECTION, "must_remove")
    assert not share.passed and "Share this article" in share.found
    assert embed.passed
    ours, theirs = (
        metric(report, TRAFILATURA_SECTION, f"must_remove {who}") for who in ("ours", "trafilatura")
    )
    assert (ours.hits, ours.total, theirs.hits, theirs.total) == (1, 2, 1, 2)  # our body keeps "Embed: pic"


def test_trafilatura_is_compared_by_day_for_both_systems_and_its_sitename_as_the_publisher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract_as(monkeypatch, Document(title="Other", date="2022-12-21", sitename="the daily", text=BODY_A))
    gold = {
        "documents": [
            {
                "file": "a.txt",
                "published": "2022-12-21T09:00+03:00",  # ours is 01:30 +03:00: wrong minute, right day
                "publisher": "The Daily",
                "url": "https://x",
                "language": "en",  # trafilatura is not asked for it
            }
        ]
    }
    report = build(tmp_path, gold, raw={"a.txt": "anything"})
    assert not only(report, "documents", "published").passed
    section = next(s for s in report.sections if s.name == TRAFILATURA_SECTION)
    assert [c.aspect for c in section.checks] == ["published", "publisher", "url"]  # safe_dump sorts keys
    published = only(report, TRAFILATURA_SECTION, "published")
    assert published.passed and published.expected == "2022-12-21"
    assert only(report, TRAFILATURA_SECTION, "publisher").passed
    assert only(report, TRAFILATURA_SECTION, "url").found == "null"
    assert [m.label for m in section.metrics][:2] == ["published ours", "published trafilatura"]
    assert [m.hits for m in section.metrics] == [1, 1, 1, 1, 0, 0]


def test_every_trafilatura_check_fails_saying_why_without_a_raw_file_or_an_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract_as(monkeypatch, None)
    gold = {"documents": [{"file": "a.txt", "title": "Alice Meets Bob"}, {"file": "b.txt", "title": "X"}]}
    report = build(tmp_path, gold, raw={"a.txt": SCRAPE_A})
    nothing, no_file = checks(report, TRAFILATURA_SECTION, "title")
    assert not nothing.passed and nothing.found == "trafilatura extracted nothing"
    assert not no_file.passed and no_file.found == f"no raw file {tmp_path / 'raw' / 'b.txt'}"
    assert metric(report, TRAFILATURA_SECTION, "title ours").hits == 1


def test_there_is_no_trafilatura_section_without_a_raw_folder(tmp_path: Path) -> None:
    report = build(tmp_path, {"documents": [{"file": "a.txt", "title": "Alice Meets Bob"}]})
    assert TRAFILATURA_SECTION not in [s.name for s in report.sections]


# --- duplicates ------------------------------------------------------------------------------


def test_duplicate_clusters_pairs_and_stories_are_checked_by_their_ids(tmp_path: Path) -> None:
    gold = {
        "duplicates": {
            "near_duplicate_clusters": [["a.txt", "b.txt"], ["a.txt", "c.txt"]],
            "not_duplicates": [["a.txt", "c.txt"], ["a.txt", "b.txt"]],
            "same_story_clusters": [["a.txt", "b.txt", "c.txt"]],
        }
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "duplicates", "near_duplicate_clusters")] == [True, False]
    assert [c.passed for c in checks(report, "duplicates", "not_duplicates")] == [True, False]
    assert not only(report, "duplicates", "same_story_clusters").passed
    assert metric(report, "duplicates", "same_story_clusters").label.endswith(
        "(later feature, reported only)"
    )


def test_near_duplicate_of_on_a_document_is_scored_with_the_document(tmp_path: Path) -> None:
    gold = {
        "documents": [
            {"file": "b.txt", "near_duplicate_of": "a.txt"},
            {"file": "c.txt", "same_story_as": "a.txt"},
        ]
    }
    report = build(tmp_path, gold)
    assert only(report, "documents", "near_duplicate_of").passed
    assert not only(report, "documents", "same_story_as").passed


# --- entities --------------------------------------------------------------------------------


def test_an_entity_matches_by_normalised_name_and_a_wrong_type_is_reported(tmp_path: Path) -> None:
    gold = {
        "entities": [
            {"name": "alice  smith", "type": "PERSON"},
            {"name": "Bob Jones", "type": "PERSON"},
            {"name": "Carol", "type": "PERSON"},
        ]
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "entities", "found")] == [True, True, False]
    assert [c.passed for c in checks(report, "entities", "type")] == [True, False]
    assert metric(report, "entities", "recall").value == pytest.approx(2 / 3)
    assert metric(report, "entities", "type accuracy").value == pytest.approx(1 / 2)


def test_an_alias_resolves_through_the_alias_list_or_through_its_mentions(tmp_path: Path) -> None:
    gold = {
        "entities": [
            {"name": "Alice Smith", "aliases": ["alice"]},
            {"name": "Bob Jones", "aliases": ["Bob", "Bobby"]},
            {"name": "Paris", "aliases": ["Bob"]},
        ]
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "entities", "alias")] == [True, True, False, False]


def test_not_entities_fail_when_an_entity_has_that_name(tmp_path: Path) -> None:
    report = build(tmp_path, {"not_entities": ["PARIS", "Alice Meets"]})
    assert [c.passed for c in checks(report, "entities", "not_entities")] == [False, True]


def test_wrong_types_look_at_the_entity_the_surface_resolves_to(tmp_path: Path) -> None:
    report = build(tmp_path, {"wrong_types": [["Bob", "ORG"], ["Bob", "GPE"], ["Zed", "GPE"]]})
    bob_org, bob_gpe, zed = checks(report, "entities", "wrong_types")
    assert not bob_org.passed and "Bob Jones (ORG) ×2" in bob_org.found
    assert bob_gpe.passed
    assert zed.passed and zed.found == "not mentioned"


# --- quotes ----------------------------------------------------------------------------------


def test_a_quote_with_curly_quotes_matches_a_gold_quote_with_straight_quotes(tmp_path: Path) -> None:
    report = build(
        tmp_path, {"quotes": [{"file": "a.txt", "text": '"We will talk again,"', "kind": "direct"}]}
    )
    assert only(report, "quotes", "found").passed
    assert only(report, "quotes", "kind").passed


def test_a_quote_matches_by_containment_either_way_or_by_token_overlap(tmp_path: Path) -> None:
    gold = {
        "quotes": [
            {"file": "a.txt", "text": "will talk"},  # inside the predicted quote
            {"file": "a.txt", "text": "Alice said: We will talk again, soon"},  # 4 of 7 words shared
            {"file": "a.txt", "text": "an unrelated sentence entirely"},
        ]
    }
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "quotes", "found")] == [True, True, False]


def test_a_wrong_speaker_is_counted_wrong_and_an_alt_speaker_is_accepted(tmp_path: Path) -> None:
    gold = {
        "quotes": [
            {"file": "a.txt", "text": "We will talk again", "speaker": "Alice Smith"},
            {"file": "a.txt", "text": "We will talk again", "speaker": "Alice Smith", "alt": ["bob jones"]},
        ]
    }
    report = build(tmp_path, gold)
    wrong, alt = checks(report, "quotes", "speaker")
    assert not wrong.passed and wrong.found.startswith("Bob Jones")
    assert alt.passed
    assert metric(report, "quotes", "speaker accuracy").value == pytest.approx(1 / 2)


def test_a_missed_optional_quote_does_not_lower_recall_but_a_found_one_counts(tmp_path: Path) -> None:
    gold = {
        "quotes": [
            {"file": "a.txt", "text": "We will talk again", "optional": True},
            {"file": "a.txt", "text": "a quote nobody extracted", "optional": True},
            {"file": "a.txt", "text": "another quote nobody extracted"},
        ]
    }
    report = build(tmp_path, gold)
    recall = metric(report, "quotes", "recall")
    assert (recall.hits, recall.total) == (1, 2)


def test_quote_precision_counts_unmatched_predictions_in_gold_documents_only(tmp_path: Path) -> None:
    rows = {**BASE, "quotes": [*BASE["quotes"], {"quote_id": "q3", "doc_id": "d3", "text": "elsewhere"}]}
    report = build(tmp_path, {"quotes": [{"file": "a.txt", "text": "We will talk again"}]}, rows)
    precision = metric(report, "quotes", "precision of")
    assert (precision.hits, precision.total) == (1, 2)
    assert metric(report, "quotes", "F1").value == pytest.approx(2 * 0.5 * 1 / 1.5)


def test_not_quotes_fail_when_a_quote_in_that_file_contains_the_text(tmp_path: Path) -> None:
    gold = {"not_quotes": [{"file": "a.txt", "text": "talk again"}, {"file": "c.txt", "text": "talk again"}]}
    report = build(tmp_path, gold)
    assert [c.passed for c in checks(report, "quotes", "not_quotes")] == [False, True]


# --- events ----------------------------------------------------------------------------------

GOLD_EVENT = {
    "id": "alice_bob",
    "type": "visit",
    "alt_types": ["meet"],
    "participants": ["Alice Smith", "Bob Jones"],
    "location": "Paris",
    "date": "2022-12-21",
    "docs": ["a.txt", "b.txt"],
}


def test_an_event_matches_by_type_participants_and_date_then_checks_location_and_docs(tmp_path: Path) -> None:
    report = build(tmp_path, {"events": [GOLD_EVENT]})
    assert only(report, "events", "found").passed
    assert only(report, "events", "location").passed  # "the Paris" ignores the article
    assert only(report, "events", "docs").passed
    assert metric(report, "events", "recall").value == 1.0
    assert metric(report, "events", "precision").value == 1.0


def test_an_event_on_another_date_is_not_found_and_the_closest_is_shown(tmp_path: Path) -> None:
    report = build(tmp_path, {"events": [{**GOLD_EVENT, "date": "2022-12-22", "end_date": "2022-12-23"}]})
    (check,) = [c for s in report.sections if s.name == "events" for c in s.checks]
    assert check.aspect == "found" and not check.passed
    assert "misses date" in check.found and "(v1)" in check.found
    assert metric(report, "events", "precision").value == 0.0


def test_an_event_with_a_wrong_end_date_and_extra_documents_is_found_but_marked(tmp_path: Path) -> None:
    report = build(tmp_path, {"events": [{**GOLD_EVENT, "end_date": "2022-12-22", "docs": ["a.txt"]}]})
    assert only(report, "events", "found").passed
    assert not only(report, "events", "end_date").passed
    docs = only(report, "events", "docs")
    assert not docs.passed and docs.found == "a.txt, b.txt"


def test_not_same_event_fails_when_both_gold_events_match_one_predicted_event(tmp_path: Path) -> None:
    gold = {
        "events": [GOLD_EVENT, {**GOLD_EVENT, "id": "again", "docs": ["a.txt"]}],
        "not_same_event": [["alice_bob", "again"]],
    }
    report = build(tmp_path, gold)
    check = only(report, "events", "not_same_event")
    assert not check.passed and check.found == "v1 vs v1"


def test_an_event_mentioned_only_outside_the_gold_documents_is_not_a_candidate(tmp_path: Path) -> None:
    rows = {**BASE, "event_mentions": [{"event_id": "v1", "doc_id": "d3"}]}
    report = build(tmp_path, {"events": [GOLD_EVENT]}, rows)
    check = only(report, "events", "found")
    assert not check.passed and check.found == "no event in its docs"
    assert metric(report, "events", "precision").value is None


# --- report and CLI --------------------------------------------------------------------------


def test_missing_tables_are_scored_as_empty_and_noted(tmp_path: Path) -> None:
    warehouse, gold = tmp_path / "w.duckdb", tmp_path / "g.yaml"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"CREATE TABLE documents ({PUBLIC_TABLES['documents']})")
    gold.write_text(yaml.safe_dump({"events": [GOLD_EVENT]}), encoding="utf-8")
    report = evaluate(warehouse, gold)
    assert "table events is missing: scored as empty" in report.notes
    assert metric(report, "events", "recall").value == 0.0


def test_the_formatted_report_marks_each_gold_row_and_summarises_each_section(tmp_path: Path) -> None:
    gold = {
        "documents": [{"file": "a.txt", "must_remove": ["Embed:"], "must_keep": ["The talks were useful"]}],
        "quotes": [{"file": "a.txt", "text": "We will talk again", "speaker": "Alice Smith"}],
    }
    text = format_report(build(tmp_path, gold))
    assert "  ✓ must_keep: The talks were useful" in text
    assert "  ✗ must_remove: expected Embed:; found present in body" in text
    assert "  ✗ speaker: expected Alice Smith; found Bob Jones (q1)" in text
    for section in ("documents", "duplicates", "entities", "quotes", "events"):
        assert f"summary [{section}]: " in text
    assert "speaker accuracy (of matched) 0/1 (0.0%)" in text


def test_main_prints_the_report_writes_json_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(tmp_path, {"documents": [{"file": "a.txt", "title": "Wrong"}]})
    out = tmp_path / "out" / "report.json"
    code = main(
        [
            "--gold",
            str(tmp_path / "gold.yaml"),
            "--warehouse",
            str(tmp_path / "warehouse.duckdb"),
            "--json",
            str(out),
        ]
    )
    assert code == 0
    assert "✗ title" in capsys.readouterr().out
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["sections"][0]["checks"][1]["passed"] is False


def test_main_with_the_raw_folder_puts_ours_and_trafilatura_side_by_side_in_the_report_and_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    extract_as(monkeypatch, Document(text="Alice met Bob in Paris. Embed: pic"))
    build(tmp_path, {"documents": [{"file": "a.txt", "must_remove": ["Embed:"]}]}, raw={"a.txt": "x"})
    out = tmp_path / "report.json"
    arguments = ["--gold", str(tmp_path / "gold.yaml"), "--warehouse", str(tmp_path / "warehouse.duckdb")]
    assert main([*arguments, "--raw", str(tmp_path / "raw"), "--json", str(out)]) == 0
    assert (
        f"summary [{TRAFILATURA_SECTION}]: must_remove ours 0/1 (0.0%) · must_remove trafilatura 0/1 (0.0%)"
        in capsys.readouterr().out
    )
    saved = json.loads(out.read_text(encoding="utf-8"))
    (section,) = [s for s in saved["sections"] if s["name"] == TRAFILATURA_SECTION]
    assert section["checks"][0]["found"].startswith("present in body")
    assert main([*arguments, "--raw", str(tmp_path / "no-such-folder")]) == 2


def test_main_exits_two_for_a_missing_file_or_bad_arguments(tmp_path: Path) -> None:
    assert main(["--gold", str(tmp_path / "nope.yaml"), "--warehouse", str(tmp_path / "nope.duckdb")]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["--gold", "only-gold.yaml"])
    assert exit_info.value.code == 2


def test_main_exits_two_for_a_malformed_gold_file(tmp_path: Path) -> None:
    build(tmp_path, {})
    (tmp_path / "gold.yaml").write_text("documents:\n  - {title: no file key}\n", encoding="utf-8")
    assert (
        main(["--gold", str(tmp_path / "gold.yaml"), "--warehouse", str(tmp_path / "warehouse.duckdb")]) == 2
    )
