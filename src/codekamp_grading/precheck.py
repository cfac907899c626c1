"""Checking one handed-in notebook against the released exercise, and repairing what can be.

``precheck(raw, release)`` takes the bytes of one file and the released exercise (the
notebook the pupils were given, with nbgrader's marks) and returns a :class:`Precheck`: a
status, the notebook to grade, and notes for the teacher. It reads no files and changes
nothing outside the notebook it returns.

Reading: anything nbformat can read or safely repair is accepted.

- Text: UTF-8 (with or without a byte order mark), or UTF-16/32 with one. Bytes that are not
  valid UTF-8 (an old editor) are replaced by "�", and a note says how many.
- JSON nested deeper than ``MOST_NESTING`` levels, broken JSON, or something nbformat cannot
  read → ``INVALID_NOTEBOOK``, with the line and column where it breaks.
- nbformat 3 and 4.0–4.5 are upgraded to 4.5 (``nbformat.convert``, ``nbformat.v4.upgrade``);
  missing or duplicate cell ids are repaired (``nbformat.validator.normalize``); a missing
  ``metadata`` (or its ``codekamp``, ``kernelspec``, ``language_info``) is taken from the
  release.

Whose assignment: a notebook whose ``metadata.codekamp`` names another language or module,
or (without that metadata) that lacks most of the release's graded cells or whose locked
cells are mostly different (a translation) → ``OTHER_ASSIGNMENT``.

Repairs (status ``RESTORED``, with a note naming the cells):

- every cell nbgrader marked (found by grade id, or by cell id when the grade id was changed
  or the marks removed) gets the marks and the cell type of the release back, and a locked
  cell its source;
- a second cell with the same grade id (a copied test, or answer) and nbgrader marks on
  cells the release does not have lose their marks: they become the pupil's own cells (a
  copied answer cell without a note: honest pupils do that);
- a deleted nbgrader cell is put back from the release;
- when nbgrader's cells are out of order (a test dragged above its answer), the release's
  cells go back to the release's order; cells the pupil added stay after the cell they
  followed.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from dataclasses import dataclass

import nbformat
from nbformat import NotebookNode, validator

from codekamp.i18n import N_
from codekamp_grading.status import Status

Note = tuple[str, dict[str, object]]
"""A note for the teacher: an English message with ``{placeholders}`` and their values."""

MOST_NESTING = 100
"""Deepest JSON nesting read (real notebooks stay below 20; nbformat's own code recurses)."""

DAMAGED = N_(
    "the notebook is damaged at line {line}, column {column} ({error}); "
    "ask the pupil to save it again and hand it in"
)
TOO_DEEP = N_(
    "the notebook is nested too deeply to read, from line {line}, column {column}; "
    "ask the pupil to hand in the notebook again"
)
NOT_A_NOTEBOOK = N_(
    "Jupyter cannot read this notebook ({error}); ask the pupil to save it again and hand it in"
)
BROKEN_TEXT = N_(
    "{count} characters were not valid text and were replaced by �; "
    "check the pupil's answers for odd characters"
)
OTHER_ASSIGNMENT = N_(
    "this notebook belongs to another assignment (module {module}, language {language}); "
    "ask the pupil for the notebook of this assignment"
)
NOT_THIS_EXERCISE = N_(
    "this notebook is not made from this assignment's exercise; "
    "ask the pupil for the notebook of this assignment"
)
MARKS_RESTORED = N_("the grading marks of {cells} were changed and are put back")
MARKS_REMOVED = N_("grading marks on cells the teacher did not write were removed: {cells}")
COPY_IGNORED = N_("a copy of the test cell {cell} was ignored")
LOCKED_CHANGED = N_("the locked cell {cell} was changed and is put back")
DELETED = N_("the deleted cell {cell} is put back")
REORDERED = N_("cells were moved; they are put back in the teacher's order: {cells}")


@dataclass(frozen=True)
class Precheck:
    """The verdict on one handed-in notebook.

    ``status`` is ``OK`` or ``RESTORED`` when ``notebook`` can be graded (it is then the
    repaired notebook), else ``INVALID_NOTEBOOK`` or ``OTHER_ASSIGNMENT`` (``notebook`` is
    None). ``notes`` say what was found or repaired, for the teacher.
    """

    status: Status
    notebook: NotebookNode | None = None
    notes: tuple[Note, ...] = ()


class _Unreadable(Exception):
    """This is not a notebook we can read; ``note`` says where it breaks."""

    def __init__(self, note: Note):
        super().__init__(note[0])
        self.note = note


def precheck(raw: bytes, release: NotebookNode) -> Precheck:
    """Check one handed-in notebook (its bytes) against the released exercise.

    For example ``precheck(b"{", release).status`` is ``Status.INVALID_NOTEBOOK``, and
    ``precheck(path.read_bytes(), release).notebook`` is the notebook to grade. It never
    raises: whatever a pupil hands in, the class goes on.
    """
    try:
        return _check(raw, release)
    except Exception as error:  # a shape no step foresaw: this pupil's notebook, not the class
        return Precheck(
            Status.INVALID_NOTEBOOK, None, ((NOT_A_NOTEBOOK, {"error": _first_line(error)}),)
        )


def _check(raw: bytes, release: NotebookNode) -> Precheck:
    text, notes = _decode(raw)
    try:
        notebook = _read(text)
    except _Unreadable as problem:
        return Precheck(Status.INVALID_NOTEBOOK, None, (*notes, problem.note))
    other = _other_assignment(notebook, release)
    if other is not None:
        return Precheck(Status.OTHER_ASSIGNMENT, None, (*notes, other))
    repairs = _repair(notebook, release)
    try:
        notebook = _valid(notebook)  # the repairs may have brought back a cell id twice
    except _Unreadable as problem:  # not expected: the repairs only copy the release's cells
        return Precheck(Status.INVALID_NOTEBOOK, None, (*notes, problem.note))
    status = Status.RESTORED if repairs else Status.OK
    return Precheck(status, notebook, (*notes, *repairs))


# Reading ------------------------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, list[Note]]:
    """The text of the file, and a note when bytes had to be replaced."""
    encoding = json.detect_encoding(raw)
    if encoding.startswith("utf-8"):
        encoding = "utf-8-sig"  # takes away a byte order mark, if there is one
    try:
        return raw.decode(encoding), []
    except UnicodeDecodeError:
        text = raw.decode(encoding, errors="replace")
        replaced = text.count("\ufffd") - raw.decode(encoding, errors="ignore").count("\ufffd")
        return text, [(BROKEN_TEXT, {"count": replaced})]


def _read(text: str) -> NotebookNode:
    """The notebook in ``text``, as nbformat 4.5; raises _Unreadable with where it breaks."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Unreadable(
            (DAMAGED, {"line": error.lineno, "column": error.colno, "error": error.msg})
        ) from None
    except RecursionError:
        data = None  # deeper than Python's own limit: _too_deep says where
    if data is None or _depth(data) > MOST_NESTING:
        line, column = _too_deep(text)
        raise _Unreadable((TOO_DEEP, {"line": line, "column": column}))
    if not isinstance(data, dict):
        raise _Unreadable((NOT_A_NOTEBOOK, {"error": "not a JSON object"}))
    _give_metadata(data)
    try:
        major, minor = nbformat.reader.get_version(data)  # as nbformat.reads, without parsing
        if major not in nbformat.versions:
            raise ValueError(f"unknown nbformat version {major}")
        notebook = nbformat.versions[major].to_notebook_json(data, minor=minor)
        notebook = nbformat.convert(notebook, 4)
        if notebook.get("nbformat_minor", 0) < 5:
            notebook.setdefault("nbformat_minor", 0)
            notebook = nbformat.v4.upgrade(notebook)  # adds cell ids
    except Exception as error:  # nbformat raises many kinds for what it cannot convert
        raise _Unreadable((NOT_A_NOTEBOOK, {"error": _first_line(error)})) from None
    return _valid(notebook)


def _give_metadata(data: dict) -> None:
    """Give the notebook and its cells the (empty) ``metadata`` nbformat needs to upgrade them;
    precheck fills the notebook's from the release later."""
    data.setdefault("metadata", {})
    cells = data.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict):
            cell.setdefault("metadata", {})


def _valid(notebook: NotebookNode) -> NotebookNode:
    """The notebook with missing or repeated cell ids and invalid metadata repaired by
    nbformat, checked against its schema; raises _Unreadable when that is not enough."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns about each cell id it repairs
            _, notebook = validator.normalize(notebook, strip_invalid_metadata=True)
            nbformat.validate(notebook)
    except Exception as error:  # ValidationError, or worse for stranger shapes
        raise _Unreadable((NOT_A_NOTEBOOK, {"error": _first_line(error)})) from None
    return notebook


def _depth(data: object) -> int:
    """How deeply lists and objects nest in ``data`` (counted without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MOST_NESTING:  # deeper is too deep anyway
                children = item.values() if isinstance(item, dict) else item
                stack.extend((child, depth + 1) for child in children)
    return deepest


_JSON_PARTS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]|[\]}]')


def _too_deep(text: str) -> tuple[int, int]:
    """Line and column where ``text`` (well-formed JSON up to there) nests too deeply."""
    depth = 0
    for part in _JSON_PARTS.finditer(text):
        symbol = part.group()
        if symbol in "[{":
            depth += 1
            if depth > MOST_NESTING:
                where = part.start()
                return text.count("\n", 0, where) + 1, where - text.rfind("\n", 0, where)
        elif symbol in "]}":
            depth -= 1
    return 1, 1


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return (lines[0] if lines else type(error).__name__)[:200]


# Whose assignment ---------------------------------------------------------------------------


def _codekamp(notebook: NotebookNode) -> dict[str, str]:
    """The language and module ``metadata.codekamp`` names (only those it names)."""
    names = notebook.get("metadata", {}).get("codekamp")
    if not isinstance(names, dict):
        return {}
    return {key: str(names[key]) for key in ("language", "module") if key in names}


def _other_assignment(notebook: NotebookNode, release: NotebookNode) -> Note | None:
    """Why the notebook is not this assignment's, or None when it is."""
    theirs, mine = _codekamp(notebook), _codekamp(release)
    if any(theirs[key] != mine[key] for key in theirs.keys() & mine.keys()):
        values = {"module": theirs.get("module", "?"), "language": theirs.get("language", "?")}
        return (OTHER_ASSIGNMENT, values)
    if theirs.keys() & mine.keys():
        return None
    return None if _same_exercise(notebook, release) else (NOT_THIS_EXERCISE, {})


def _same_exercise(notebook: NotebookNode, release: NotebookNode) -> bool:
    """Without ``metadata.codekamp``: does the notebook have most of the release's nbgrader
    cells, with most locked cells as the release has them (a translation has other ones)?"""
    wanted = _marked(release)
    if not wanted:
        return True
    by_cell_id = {cell.get("id"): key for key, cell in wanted.items()}
    found = {}
    for cell in notebook.cells:
        key = _grade_id(cell)
        key = key if key in wanted else by_cell_id.get(cell.get("id"))
        if key is not None and key not in found:
            found[key] = cell
    locked = [key for key in found if wanted[key].metadata.nbgrader.get("locked")]
    same = sum(found[key].source == wanted[key].source for key in locked)
    return 2 * len(found) >= len(wanted) and 2 * same >= len(locked)


# Repairs ------------------------------------------------------------------------------------


def _marked(release: NotebookNode) -> dict[str, NotebookNode]:
    """The release's nbgrader cells by grade id."""
    return {
        cell.metadata.nbgrader["grade_id"]: cell
        for cell in release.cells
        if isinstance(cell.metadata.get("nbgrader"), dict) and "grade_id" in cell.metadata.nbgrader
    }


def _grade_id(cell: NotebookNode) -> str | None:
    marks = cell.metadata.get("nbgrader")
    grade_id = marks.get("grade_id") if isinstance(marks, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _repair(notebook: NotebookNode, release: NotebookNode) -> list[Note]:
    """Put back what the release says about the notebook; the notes say what changed."""
    for key in ("codekamp", "kernelspec", "language_info"):
        if key not in notebook.metadata and key in release.metadata:
            notebook.metadata[key] = copy.deepcopy(release.metadata[key])
    wanted = _marked(release)
    claimed, notes = _claim_marked_cells(notebook, wanted)
    notes += _restore_claimed(notebook, wanted, claimed)
    notes += _put_in_order(notebook, release, wanted, claimed)
    return notes


def _claim_marked_cells(
    notebook: NotebookNode, wanted: dict[str, NotebookNode]
) -> tuple[dict[str, int], list[Note]]:
    """Which cell of the notebook is which nbgrader cell of the release (grade id -> index).

    A marked cell is found by its grade id, or by its cell id when the grade id is not the
    release's; a cell without marks by its cell id. Marks that match no release cell, or a
    release cell already found (a copy), are removed.
    """
    by_cell_id = {cell.get("id"): key for key, cell in wanted.items()}
    claimed: dict[str, int] = {}
    copies, foreign, stripped = [], [], set()
    marked = [index for index, cell in enumerate(notebook.cells) if "nbgrader" in cell.metadata]
    for index in marked:  # first by grade id: a second cell with one is a copy
        grade_id = _grade_id(notebook.cells[index])
        if grade_id in wanted and grade_id not in claimed:
            claimed[grade_id] = index
        elif grade_id in wanted:  # a copied answer cell is an honest pupil's: no note
            if wanted[grade_id].metadata.nbgrader.get("locked"):
                copies.append(grade_id)
            stripped.add(index)
            del notebook.cells[index].metadata["nbgrader"]
    for index in marked:  # then a changed grade id, by the cell's id
        cell = notebook.cells[index]
        if index in claimed.values() or "nbgrader" not in cell.metadata:
            continue
        key = by_cell_id.get(cell.get("id"))
        if key is not None and key not in claimed:
            claimed[key] = index
        else:
            foreign.append(_grade_id(cell) or str(cell.get("id", index)))
            stripped.add(index)
            del cell.metadata["nbgrader"]
    for index, cell in enumerate(notebook.cells):  # last, cells whose marks were taken away
        key = by_cell_id.get(cell.get("id"))
        taken = index in stripped or index in claimed.values()
        if key is not None and key not in claimed and not taken:
            claimed[key] = index
    notes: list[Note] = [(COPY_IGNORED, {"cell": grade_id}) for grade_id in copies]
    if foreign:
        notes.append((MARKS_REMOVED, {"cells": ", ".join(foreign)}))
    return claimed, notes


def _restore_claimed(
    notebook: NotebookNode, wanted: dict[str, NotebookNode], claimed: dict[str, int]
) -> list[Note]:
    """Give each claimed cell the release's marks and type, and a locked cell its source."""
    changed, notes = [], []
    for key, index in claimed.items():
        cell, original = notebook.cells[index], wanted[key]
        if cell.metadata.get("nbgrader") != original.metadata.nbgrader:
            cell.metadata["nbgrader"] = copy.deepcopy(original.metadata.nbgrader)
            changed.append(key)
        if cell.cell_type != original.cell_type:
            cell = notebook.cells[index] = _as_type(cell, original.cell_type)
            if key not in changed:
                changed.append(key)
        if original.metadata.nbgrader.get("locked") and cell.source != original.source:
            cell.source = original.source
            notes.append((LOCKED_CHANGED, {"cell": key}))
    if changed:
        notes.insert(0, (MARKS_RESTORED, {"cells": ", ".join(changed)}))
    return notes


def _as_type(cell: NotebookNode, cell_type: str) -> NotebookNode:
    """The cell made a ``cell_type`` cell, with its id, source and metadata."""
    make = {
        "code": nbformat.v4.new_code_cell,
        "markdown": nbformat.v4.new_markdown_cell,
        "raw": nbformat.v4.new_raw_cell,
    }[cell_type]
    new = make(cell.source, metadata=cell.metadata)
    if "id" in cell:
        new.id = cell.id
    return new


def _put_in_order(
    notebook: NotebookNode,
    release: NotebookNode,
    wanted: dict[str, NotebookNode],
    claimed: dict[str, int],
) -> list[Note]:
    """Put deleted nbgrader cells back, and all of them in the release's order when they are
    not; the pupil's own cells stay after the cell they followed."""
    place = {key: number for number, key in enumerate(_release_keys(release))}
    keys = {index: key for key, index in claimed.items()}
    present_ids = {cell.get("id") for cell in notebook.cells}
    # The release's other cells (text) are found by their cell id, when it is still there.
    for index, cell in enumerate(notebook.cells):
        if index not in keys and cell.get("id") in place and cell.get("id") not in wanted:
            keys[index] = cell.id
    marked = [place[keys[index]] for index in sorted(keys) if keys[index] in wanted]
    missing = [key for key in _release_keys(release) if key in wanted and key not in claimed]
    if marked == sorted(marked) and not missing:
        return []

    groups: list[tuple[int, list[NotebookNode]]] = [(-1, [])]  # cells before the first one
    for index, cell in enumerate(notebook.cells):
        if index in keys:
            groups.append((place[keys[index]], [cell]))
        else:
            groups[-1][1].append(cell)
    moved = []
    if marked != sorted(marked):
        order = [key for index, key in sorted(keys.items()) if key in wanted]
        moved = [
            key
            for key, right in zip(order, sorted(order, key=place.get), strict=True)
            if key != right
        ]
        groups.sort(key=lambda group: group[0])
    for key in missing:
        # after the group of the release cell that comes closest before it
        _, before = max((group[0], number) for number, group in enumerate(groups)
                        if group[0] < place[key])  # fmt: skip
        cell = copy.deepcopy(wanted[key])
        if cell.get("id") in present_ids:
            del cell["id"]  # nbformat gives it a new one
        groups.insert(before + 1, (place[key], [cell]))
    notebook.cells = [cell for _, cells in groups for cell in cells]
    notes: list[Note] = [(DELETED, {"cell": key}) for key in missing]
    if moved:
        notes.append((REORDERED, {"cells": ", ".join(moved)}))
    return notes


def _release_keys(release: NotebookNode) -> list[str]:
    """Each release cell's key, in order: its grade id, or else its cell id."""
    return [_grade_id(cell) or cell.get("id", "") for cell in release.cells]
