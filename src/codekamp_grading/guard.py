"""Detect and restore: what a pupil's code must not change, checked around each pupil.

On Linux the sandbox already stops pupil code from touching these files; elsewhere (macOS,
Windows) this is the protection, and on Linux it is a second lock on the door.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

_PUPIL_ROWS = {
    "student": "id IN ({pupils})",
    "submitted_assignment": "student_id IN ({pupils})",
    "submitted_notebook": "assignment_id IN "
    "(SELECT id FROM submitted_assignment WHERE student_id IN ({pupils}))",
    "grade": "notebook_id IN (SELECT n.id FROM submitted_notebook n JOIN submitted_assignment a "
             "ON n.assignment_id = a.id WHERE a.student_id IN ({pupils}))",
    "comment": "notebook_id IN (SELECT n.id FROM submitted_notebook n JOIN submitted_assignment a "
               "ON n.assignment_id = a.id WHERE a.student_id IN ({pupils}))",
}  # fmt: skip


def gradebook_digest(database: Path, pupils: list[str]) -> str:
    """A fingerprint of everything in the gradebook except these pupils' own rows."""
    if not database.exists():
        return ""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        marks = ", ".join("?" * len(pupils))
        for table in tables:
            where = _PUPIL_ROWS.get(table, "").format(pupils=marks)
            query = f'SELECT * FROM "{table}"' + (f" WHERE NOT ({where})" if where else "")
            arguments = list(pupils) if where else []  # each condition names the pupils once
            for row in sorted(map(repr, connection.execute(query, arguments))):
                digest.update(f"{table}:{row}\n".encode())
    return digest.hexdigest()


def backup_gradebook(database: Path, copy: Path) -> None:
    """A consistent copy of the gradebook (SQLite's own backup)."""
    copy.unlink(missing_ok=True)
    if not database.exists():
        return
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)


def restore_gradebook(copy: Path, database: Path) -> None:
    shutil.copyfile(copy, database)


def snapshot(paths: list[Path]) -> dict[Path, bytes]:
    """The bytes of every file under ``paths`` (small course files and notebooks)."""
    files: dict[Path, bytes] = {}
    for path in paths:
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in candidates:
            files[file] = file.read_bytes()
    return files


def changed_since(before: dict[Path, bytes], paths: list[Path]) -> list[Path]:
    """Files added, removed or changed since ``before``."""
    after = snapshot(paths)
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def restore(before: dict[Path, bytes], paths: list[Path]) -> None:
    """Put every file back as it was in ``before`` (and remove files that appeared)."""
    for file in changed_since(before, paths):
        if file in before:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(before[file])
        else:
            file.unlink(missing_ok=True)
