"""newsgraph's domain library: pure stages from raw news text to documents, entities, quotes and events.

Nothing here imports Dagster, so every stage can be called from a notebook or a test.
"""
