from pipeline.lake.batches import Batch, FileCursor, changed_files


def test_a_deleted_file_is_registered_as_deleted_once_and_a_recreated_one_as_new(tmp_path):
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "b.txt").write_text("second")
    cursor = FileCursor({}).advance(Batch("00001-x", changed_files(tmp_path, {})))
    (tmp_path / "a.txt").unlink()
    (deleted,) = changed_files(tmp_path, cursor.files)
    assert (deleted.source_path, deleted.deleted) == ("a.txt", True)
    cursor = cursor.advance(Batch("00002-x", [deleted]))
    assert changed_files(tmp_path, cursor.files) == []  # reported once
    assert FileCursor.from_json(cursor.to_json()).files == cursor.files
    (tmp_path / "a.txt").write_text("first")
    (recreated,) = changed_files(tmp_path, cursor.files)
    assert (recreated.source_path, recreated.deleted) == ("a.txt", False)


def test_a_link_is_hashed_by_its_target_path_never_by_what_it_points_at(tmp_path):
    (tmp_path / "target").write_text("private")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "link.txt").symlink_to(tmp_path / "target")
    (state,) = changed_files(raw, {})
    (tmp_path / "target").write_text("changed")  # the link did not change
    assert changed_files(raw, {state.source_path: state}) == []
