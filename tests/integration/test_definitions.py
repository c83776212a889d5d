from assets.definitions import defs

STAGE_GROUPS = {"ingest", "documents", "nlp", "warehouse"}


def test_definitions_load_with_every_public_table():
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    public = {"documents", "entities", "entity_mentions", "quotes", "events", "event_participants",
              "event_mentions", "quarantine"}  # fmt: skip
    assert public <= keys
    assert {f"lake/{name}" for name in public | {"raw_documents", "removed_spans"}} <= keys


def test_every_asset_sits_in_a_stage_group_and_has_a_description():
    graph = defs.resolve_asset_graph()
    for key in graph.materializable_asset_keys:
        node = graph.get(key)
        assert node.group_name in STAGE_GROUPS, key
        assert node.description, key


def test_lake_assets_connect_to_dbt_sources_without_translation():
    graph = defs.resolve_asset_graph()
    staging = graph.get(
        next(k for k in graph.materializable_asset_keys if k.to_user_string() == "stg_documents")
    )
    assert {p.to_user_string() for p in staging.parent_keys} == {"lake/documents"}


def test_offset_checks_and_dbt_tests_are_asset_checks():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert {"entity_mentions_offsets_match_body", "quotes_offsets_match_body"} <= checks
    assert any(name.startswith("unique_") for name in checks)
