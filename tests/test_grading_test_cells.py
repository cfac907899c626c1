"""Test cells are written for Codekamp's judge: while grading, it runs them apart from the
pupil's code (codekamp_grading.judge), and the pupil's code is reached at arm's length only
(codekamp_grading.arms_length). So a test cell

- imports only Codekamp's checks and turtle (and ``math``): what it imports is the judge's own
  private copy, which the pupil's code cannot change;
- reaches the pupil's functions only through the checks (``expect_returns``, ``expect_prints``,
  ``expect_raises``, ``drawing_of``): it never calls them, nor loops over a pupil's value,
  itself (that would run the pupil's code next to the judge).
"""

from __future__ import annotations

import ast

import nbformat
import pytest
from conftest import ASSIGNMENTS

ALLOWED_IMPORTS = ("codekamp", "math")


def cells(assignment, solution: bool):
    notebook = nbformat.read(assignment.solution, as_version=4)
    for cell in notebook.cells:
        marks = cell.get("metadata", {}).get("nbgrader", {})
        if (
            cell.cell_type == "code"
            and marks.get("grade") == (not solution)
            and (bool(marks.get("solution")) == solution)
        ):
            yield cell


def pupils_names(assignment) -> set[str]:
    """The names the answer cells make (the pupil's functions and values)."""
    names = set()
    for cell in cells(assignment, solution=True):
        source = "\n".join(line for line in cell.source.splitlines() if "### " not in line)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.id)
def test_test_cells_import_only_codekamp(assignment):
    for cell in cells(assignment, solution=False):
        for node in ast.walk(ast.parse(cell.source)):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            for module in modules:
                assert module.partition(".")[0] in ALLOWED_IMPORTS, (cell.id, module)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.id)
def test_test_cells_reach_the_pupils_code_only_through_the_checks(assignment):
    pupils = pupils_names(assignment)
    for cell in cells(assignment, solution=False):
        own = {
            node.name
            for node in ast.walk(ast.parse(cell.source))
            if isinstance(node, ast.FunctionDef)
        }
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in pupils - own, (cell.id, node.func.id, "called")
            if isinstance(node, ast.For | ast.comprehension) and isinstance(node.iter, ast.Name):
                assert node.iter.id not in pupils - own, (cell.id, node.iter.id, "looped over")
