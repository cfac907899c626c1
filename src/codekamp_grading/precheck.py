"""Checking a handed-in notebook before grading, and repairing what nbgrader cannot take.

- not a notebook (broken JSON, not nbformat) → not graded, with where it breaks;
- a notebook of another assignment → not graded, saying which one it is;
- a test cell copied (the same grade id twice: nbgrader would refuse the whole notebook) →
  the copy loses its grading mark, and the pupil's status says the test was restored;
- a test cell deleted, or a locked cell changed → nbgrader puts the original back (with
  ``add_missing_cells``) and the status says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import nbformat
from nbformat import NotebookNode

from codekamp.i18n import N_


@dataclass
class Precheck:
    """The verdict on one handed-in notebook."""

    notebook: NotebookNode | None
    problem: tuple[str, dict] | None = None  # (English message, values) when not gradable
    repairs: list[tuple[str, dict]] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)  # tricks seen in the pupil's cells


# Code a pupil has no reason to write, but that could be used to fool the tests.
SUSPICIOUS = {
    "codekamp.check": r"codekamp\s*\.\s*check|from\s+codekamp\s+import\s+check",
    "builtins": r"\bbuiltins\b|__builtins__",
    "sys.modules": r"sys\s*\.\s*(modules|meta_path|path_hooks)|importlib",
    "IPython internals": (
        r"get_ipython|input_transformers|ast_transformers|set_custom_exc|\bevents\b"
    ),
    "__eq__": r"def\s+__(eq|ne|hash|bool)__",
    "ctypes": r"\bctypes\b",
    "sqlite3": r"\bsqlite3\b",
}


def _grade_ids(notebook: NotebookNode) -> list[str]:
    return [
        cell.metadata["nbgrader"].get("grade_id", "")
        for cell in notebook.cells
        if isinstance(cell.get("metadata", {}).get("nbgrader"), dict)
    ]


def precheck(raw: bytes, release: NotebookNode) -> Precheck:
    """Check one handed-in notebook (its bytes) against the released exercise."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Precheck(None, (N_("This file is not a notebook (it is not text)."), {}))
    except json.JSONDecodeError as error:
        message = N_("This notebook is damaged (line {line}, column {column}): {error}.")
        values = {"line": error.lineno, "column": error.colno, "error": error.msg}
        return Precheck(None, (message, values))
    try:
        notebook = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several kinds for malformed notebooks
        return Precheck(
            None, (N_("This is not a valid notebook: {error}."), {"error": str(error)[:200]})
        )

    wanted = _grade_ids(release)
    have = _grade_ids(notebook)
    if wanted and not set(wanted) & set(have):
        other = notebook.metadata.get("codekamp", {})
        message = N_(
            "This notebook belongs to another assignment (module {module}, language {language})."
        )
        values = {"module": other.get("module", "?"), "language": other.get("language", "?")}
        return Precheck(None, (message, values))

    mine, theirs = release.metadata.get("codekamp", {}), notebook.metadata.get("codekamp", {})
    if (
        mine
        and theirs
        and (mine.get("language"), mine.get("module"))
        != (
            theirs.get("language"),
            theirs.get("module"),
        )
    ):
        message = N_(
            "This notebook belongs to another assignment (module {module}, language {language})."
        )
        values = {"module": theirs.get("module", "?"), "language": theirs.get("language", "?")}
        return Precheck(None, (message, values))

    result = Precheck(notebook)
    released = {
        c.metadata["nbgrader"]["grade_id"]: c for c in release.cells if "nbgrader" in c.metadata
    }
    seen: set[str] = set()
    for cell in notebook.cells:
        marks = cell.metadata.get("nbgrader")
        if not isinstance(marks, dict):
            continue
        grade_id = marks.get("grade_id", "")
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            result.repairs.append(
                (N_("a copy of the test cell {cell} was ignored"), {"cell": grade_id})
            )
            continue
        seen.add(grade_id)
        original = released.get(grade_id)
        if original is not None and marks.get("locked") and cell.source != original.source:
            result.repairs.append(
                (N_("the locked cell {cell} was changed and is put back"), {"cell": grade_id})
            )
    for grade_id, original in released.items():
        if grade_id not in seen and (
            original.metadata["nbgrader"].get("grade")
            or original.metadata["nbgrader"].get("locked")
        ):
            result.repairs.append((N_("the deleted cell {cell} is put back"), {"cell": grade_id}))
    result.suspicious = suspicious_tricks(notebook, released)
    return result


def suspicious_tricks(notebook: NotebookNode, released: dict) -> list[str]:
    """The tricks of SUSPICIOUS in the pupil's own code: answer cells and added cells (cells
    that only repeat a released cell, such as a copied test, do not count)."""
    import re

    given = {cell.source for cell in released.values()}
    code = "\n".join(
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code"
        and cell.source not in given
        and (cell.metadata.get("nbgrader", {}).get("solution") or "nbgrader" not in cell.metadata)
    )
    return [name for name, pattern in SUSPICIOUS.items() if re.search(pattern, code)]
