"""newsgraph's Dagster layer: thin assets over `pipeline`, checks, schedules and the one `Definitions`."""
