"""Batch planning: which raw files are new or changed, bounded batches, and the sensor's cursor."""

import os
from datetime import UTC, datetime

from upath import UPath

from pipeline.lake.batches import (
    Batch,
    FileCursor,
    changed_files,
    plan_batch,
    registered_batches,
    write_manifest,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def write(folder, name: str, text: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_new_files_are_found_in_path_order_with_their_hash(tmp_path):
    write(tmp_path, "b.txt", "second")
    write(tmp_path, "nested/a.txt", "first")
    states = changed_files(tmp_path, {})
    assert [s.source_path for s in states] == ["b.txt", "nested/a.txt"]
    assert all(len(s.sha256) == 64 and s.size > 0 for s in states)


def test_a_touched_but_unchanged_file_is_not_processed_again_and_an_edited_one_is(tmp_path):
    touched = write(tmp_path, "touched.txt", "same words")
    edited = write(tmp_path, "edited.txt", "old words")
    known = {s.source_path: s for s in changed_files(tmp_path, {})}
    os.utime(touched, ns=(10**18, 10**18))
    edited.write_text("new words, longer")
    assert [s.source_path for s in changed_files(tmp_path, known)] == ["edited.txt"]


def test_a_batch_takes_at_most_max_files_and_the_rest_wait_for_the_next(tmp_path):
    for i in range(5):
        write(tmp_path, f"{i}.txt", f"text {i}")
    cursor = FileCursor({})
    first = plan_batch(tmp_path, cursor.files, sequence=cursor.next_sequence, max_files=3, now=NOW)
    cursor = cursor.advance(first)
    second = plan_batch(tmp_path, cursor.files, sequence=cursor.next_sequence, max_files=3, now=NOW)
    cursor = cursor.advance(second)
    assert [len(first.files), len(second.files)] == [3, 2]
    assert first.batch_id < second.batch_id
    assert plan_batch(tmp_path, cursor.files, sequence=cursor.next_sequence, max_files=3, now=NOW) is None


def test_the_cursor_round_trips_through_json(tmp_path):
    write(tmp_path, "a.txt", "words")
    batch = plan_batch(tmp_path, {}, sequence=7, max_files=10, now=NOW)
    cursor = FileCursor({}).advance(batch)
    assert FileCursor.from_json(cursor.to_json()) == cursor
    assert cursor.next_sequence == 8


def test_a_fresh_cursor_is_rebuilt_from_the_manifests_in_the_lake(tmp_path):
    raw, lake = tmp_path / "raw", UPath(tmp_path / "lake")
    write(raw, "a.txt", "words")
    batch = plan_batch(raw, {}, sequence=1, max_files=10, now=NOW)
    write_manifest(lake, batch)
    assert registered_batches(lake) == [batch]
    cursor = FileCursor.from_lake(lake)
    assert cursor.next_sequence == 2
    assert plan_batch(raw, cursor.files, sequence=2, max_files=10, now=NOW) is None


def test_catching_up_takes_in_batches_registered_by_another_process(tmp_path):
    lake = UPath(tmp_path / "lake")
    write(tmp_path / "raw", "a.txt", "words")
    sensor_cursor = FileCursor({})
    batch = plan_batch(tmp_path / "raw", {}, sequence=1, max_files=10, now=NOW)
    write_manifest(lake, batch)
    caught_up = sensor_cursor.catch_up(lake)
    assert set(caught_up.files) == {"a.txt"} and caught_up.next_sequence == 2
    assert caught_up.catch_up(lake) == caught_up


def test_manifests_work_on_any_fsspec_filesystem():
    lake = UPath("memory://newsgraph-test-manifests/lake")
    batch = Batch("00001-20261126T120000Z", [])
    write_manifest(lake, batch)
    assert registered_batches(lake) == [batch]
