import dagster as dg

from assets.definitions import defs

STAGE_GROUPS = {"ingest", "documents", "nlp", "linking", "warehouse"}


def test_definitions_load_with_every_public_table():
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    public = {"documents", "entities", "entity_mentions", "quotes", "events", "event_participants",
              "event_mentions", "quarantine", "removed_spans", "body_offsets"}  # fmt: skip
    assert public <= keys
    assert {f"lake/{name}" for name in public | {"raw_documents", "parsed_documents"}} <= keys


def test_every_asset_sits_in_a_stage_group_and_has_a_description():
    graph = defs.resolve_asset_graph()
    for key in graph.materializable_asset_keys:
        node = graph.get(key)
        assert node.group_name in STAGE_GROUPS, key
        assert node.description, key


def test_per_document_work_is_partitioned_by_ingest_batch_and_corpus_tables_are_not():
    graph = defs.resolve_asset_graph()
    partitioned = {
        k.to_user_string() for k in graph.materializable_asset_keys if graph.get(k).partitions_def is not None
    }
    assert partitioned == {
        "lake/raw_documents", "lake/quarantine", "lake/parsed_documents", "lake/removed_spans",
        "lake/body_offsets", "lake/line_fingerprints", "lake/document_headers", "lake/batch_files",
        "lake/header_failures", "lake/parse_failures", "lake/annotation_failures",
        "lake/doc_mentions", "lake/doc_quotes", "lake/doc_event_mentions",
    }  # fmt: skip


def test_corpus_wide_assets_follow_the_batches_by_declarative_automation():
    graph = defs.resolve_asset_graph()
    without = {
        k.to_user_string()
        for k in graph.materializable_asset_keys
        if graph.get(k).automation_condition is None
    }
    assert without == {
        "lake/raw_documents", "lake/quarantine", "lake/parsed_documents", "lake/removed_spans",
        "lake/body_offsets", "lake/line_fingerprints", "lake/document_headers", "lake/batch_files",
        "lake/header_failures", "lake/parse_failures", "lake/annotation_failures",
        "lake/doc_mentions", "lake/doc_quotes", "lake/doc_event_mentions",
    }  # fmt: skip


def test_sensors_and_schedule_start_switched_on():
    assert defs.resolve_sensor_def("raw_files_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_sensor_def("automation_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_schedule_def("refresh_schedule").default_status == dg.DefaultScheduleStatus.RUNNING


def test_lake_assets_connect_to_dbt_sources_without_translation():
    graph = defs.resolve_asset_graph()
    staging = graph.get(
        next(k for k in graph.materializable_asset_keys if k.to_user_string() == "stg_documents")
    )
    assert {p.to_user_string() for p in staging.parent_keys} == {"lake/documents"}


def test_dbt_tests_are_the_checks_for_keys_offsets_and_references_and_dagster_checks_the_rest():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    # What only Dagster can check: a batch against the batches before it, a refresh against the last one.
    assert {"quarantine_growth", "documents_duplicate_rate_stable"} <= checks
    assert {
        "assert_quote_offsets_match_body",
        "assert_mention_offsets_match_body",
        "assert_event_mention_offsets_match_body",
        "assert_body_offsets_cover_body",
    } <= checks
    assert any(name.startswith("unique_") for name in checks)
    assert any(name.startswith("relationships_") for name in checks)
    assert not any(name.endswith("_unique_and_not_null") for name in checks)  # no second test of a key


def test_dbt_tests_on_sources_are_checks_on_the_lake_assets_that_write_them():
    checks = {key.to_user_string() for key in defs.resolve_asset_graph().asset_check_keys}
    assert "lake/documents:source_unique_lake_documents_doc_id" in checks
    assert "lake/quarantined_files:source_not_null_lake_quarantined_files_reason" in checks
