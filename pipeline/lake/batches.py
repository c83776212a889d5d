"""Ingest batches: which raw files are new or changed, grouped into bounded batches with a manifest each.

A file is known by (size, mtime, sha256). Size and mtime are cheap to read on every scan; the hash is
computed only when they moved, and decides: a file touched but unchanged is not processed again.
The manifests in the lake are the durable record of what was registered, so a fresh sensor (or
`make run` after the UI) picks up where the last one stopped instead of re-ingesting everything.
"""

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar, TypeVar

from upath import UPath

from pipeline.lake.io import write_text
from pipeline.lake.layout import manifest_file, manifest_folder
from pipeline.lake.records import Record

T = TypeVar("T")


@dataclass(frozen=True)
class FileState:
    source_path: str  # relative to the raw folder, POSIX separators
    size: int
    mtime_ns: int
    sha256: str  # of the content; of the link's target path for a symbolic link (never followed)
    deleted: bool = False  # gone from the raw folder since the batch that last registered it


@dataclass(frozen=True)
class Batch:
    batch_id: str
    files: list[FileState]


def sha256_of(path: Path) -> str:
    """The content's hash; a symbolic link's is its target path's, so the link is never followed."""
    if path.is_symlink():
        return hashlib.sha256(("link:" + os.readlink(path)).encode("utf-8", "surrogateescape")).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_files(root: Path) -> list[Path]:
    """Every file the raw folder holds, in a stable order: regular files and symbolic links (which are
    listed so they can be refused with a reason), never pipes, sockets or devices, never a linked folder's
    contents."""
    found = []
    for path in root.rglob("*"):
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
            found.append(path)
    return sorted(found)


def changed_files(raw_dir: Path, known: dict[str, FileState]) -> list[FileState]:
    """Files under raw_dir that are new, changed or deleted since `known`, in path order.

    Regular files and symbolic links count (a link is registered so that ingest refuses it with a
    reason); pipes, sockets and devices are never opened. A file that vanishes while the folder is
    scanned is left for the next scan."""
    changed, present = [], set()
    for path in raw_files(raw_dir):
        relative = path.relative_to(raw_dir).as_posix()
        try:
            status = path.lstat()
            previous = known.get(relative)
            present.add(relative)
            if (
                previous
                and not previous.deleted
                and (previous.size, previous.mtime_ns)
                == (
                    status.st_size,
                    status.st_mtime_ns,
                )
            ):
                continue
            state = FileState(relative, status.st_size, status.st_mtime_ns, sha256_of(path))
        except OSError:
            continue
        if previous is None or previous.deleted or previous.sha256 != state.sha256:
            changed.append(state)
    changed += [
        FileState(path, 0, 0, "", deleted=True)
        for path, state in known.items()
        if not state.deleted and path not in present
    ]
    return sorted(changed, key=lambda f: f.source_path)


def batch_id_for(sequence: int, now: datetime) -> str:
    """Sortable ids: the sequence orders batches (a later batch's copy of a file wins)."""
    return f"{sequence:05d}-{now:%Y%m%dT%H%M%SZ}"


def plan_batch(
    raw_dir: Path, known: dict[str, FileState], *, sequence: int, max_files: int, now: datetime
) -> Batch | None:
    """The next batch: up to max_files new or changed files, or None when nothing changed."""
    changed = changed_files(raw_dir, known)
    if not changed:
        return None
    return Batch(batch_id_for(sequence, now), changed[:max_files])


def write_manifest(lake: UPath, batch: Batch) -> None:
    write_text(
        manifest_file(lake, batch.batch_id),
        json.dumps({"batch_id": batch.batch_id, "files": [asdict(f) for f in batch.files]}),
    )


def read_manifest(lake: UPath, batch_id: str) -> Batch:
    path = manifest_file(lake, batch_id)
    if not path.exists():
        raise FileNotFoundError(f"no manifest for batch {batch_id} at {path}")
    data = json.loads(path.read_text())
    return Batch(data["batch_id"], [FileState(**f) for f in data["files"]])


def registered_batches(lake: UPath) -> list[Batch]:
    """Every batch whose manifest is in the lake, oldest first."""
    folder = manifest_folder(lake)
    if not folder.exists():
        return []
    return [read_manifest(lake, p.stem) for p in sorted(folder.glob("*.json"), key=lambda p: p.name)]


@dataclass
class FileCursor:
    """The sensor's cursor: every registered file's last known state and the next batch number."""

    files: dict[str, FileState]
    next_sequence: int = 1

    def to_json(self) -> str:
        return json.dumps(
            {
                "next_sequence": self.next_sequence,
                "files": {p: [s.size, s.mtime_ns, s.sha256, s.deleted] for p, s in self.files.items()},
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> "FileCursor":
        data = json.loads(text)
        files = {p: FileState(p, *state) for p, state in data["files"].items()}
        return cls(files, data["next_sequence"])

    @classmethod
    def from_lake(cls, lake: UPath) -> "FileCursor":
        """Rebuild the cursor from the manifests, for a sensor that starts without one."""
        files: dict[str, FileState] = {}
        batches = registered_batches(lake)
        for batch in batches:
            files.update({f.source_path: f for f in batch.files})
        sequence = max((int(b.batch_id.split("-")[0]) for b in batches), default=0) + 1
        return cls(files, sequence)

    def catch_up(self, lake: UPath) -> "FileCursor":
        """Take in batches registered by someone else (`make run` beside a running sensor)."""
        folder = manifest_folder(lake)
        if not folder.exists():
            return self
        cursor = self
        for path in sorted(folder.glob("*.json"), key=lambda p: p.name):
            if int(path.stem.split("-")[0]) >= cursor.next_sequence:
                cursor = cursor.advance(read_manifest(lake, path.stem))
        return cursor

    def advance(self, batch: Batch) -> "FileCursor":
        sequence = max(self.next_sequence, int(batch.batch_id.split("-")[0]) + 1)
        return FileCursor({**self.files, **{f.source_path: f for f in batch.files}}, sequence)


def latest_rows(rows: Iterable[T], *, key: Callable[[T], str]) -> list[T]:
    """The rows of each key from its latest batch, in their order: a later batch's copy of a document
    supersedes an earlier one (batch ids sort in registration order)."""
    rows = list(rows)
    latest: dict[str, str] = {}
    for row in rows:
        latest[key(row)] = max(latest.get(key(row), row.batch_id), row.batch_id)
    return [row for row in rows if latest[key(row)] == row.batch_id]


@dataclass(frozen=True, kw_only=True)
class BatchFile(Record):
    """A file a batch registered, as its manifest lists it (a row of `batch_files`, per batch): what the
    ingest log is built from, deletions included."""

    TABLE: ClassVar[str] = "batch_files"

    source_path: str
    batch_id: str
    size_bytes: int
    content_sha256: str
    deleted: bool
    seen_at: datetime | None = None

    @classmethod
    def of(cls, batch: Batch, *, seen_at: datetime) -> list["BatchFile"]:
        return [
            cls(
                source_path=f.source_path,
                batch_id=batch.batch_id,
                size_bytes=f.size,
                content_sha256=f.sha256,
                deleted=f.deleted,
                seen_at=seen_at,
            )
            for f in batch.files
        ]
