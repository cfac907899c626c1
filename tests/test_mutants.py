"""Hidden tests earn their keep: plausible wrong answers ("mutants") must fail.

Each ``tests/mutants/<assignment id>.json`` lists wrong answers a pupil could plausibly give:

    {"mutants": [
      {"name": "square drawn with three sides",
       "cell": "<id of the answer cell>",
       "source": "<what the pupil typed instead of the solution>",
       "fails": "<id of the test cell that must catch it>",
       "caught_by": "visible" or "hidden"}
    ]}

A mutant caught by the visible test must fail that test cell. A mutant caught by the hidden
tests must *pass* the visible test (as the pupil sees it in the exercise) and fail the full
test (as the teacher grades it). Every test cell with hidden tests needs at least one such
mutant, so that no hidden test is there for show.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT, errors
from nbclient import NotebookClient

from codekamp_grading.execute import without_widget_frontend

MUTANT_FILES = {a.id: ROOT / "tests" / "mutants" / f"{a.id}.json" for a in ASSIGNMENTS}
WITH_MUTANTS = [a for a in ASSIGNMENTS if MUTANT_FILES[a.id].exists()]


def mutants(assignment) -> list[dict]:
    return json.loads(MUTANT_FILES[assignment.id].read_text(encoding="utf-8"))["mutants"]


def has_hidden_tests(cell) -> bool:
    return "BEGIN HIDDEN TESTS" in cell.source


def test_every_assignment_with_hidden_tests_has_mutants():
    for assignment in ASSIGNMENTS:
        solution = nbformat.read(assignment.solution, as_version=4)
        if any(has_hidden_tests(cell) for cell in solution.cells):
            assert MUTANT_FILES[assignment.id].exists(), (
                f"tests/mutants/{assignment.id}.json is missing"
            )


@pytest.mark.parametrize("assignment", WITH_MUTANTS, ids=[a.id for a in WITH_MUTANTS])
def test_every_hidden_test_catches_a_mutant(assignment):
    solution = nbformat.read(assignment.solution, as_version=4)
    hidden = {cell.id for cell in solution.cells if has_hidden_tests(cell)}
    caught = {m["fails"] for m in mutants(assignment) if m["caught_by"] == "hidden"}
    assert hidden <= caught, (
        f"hidden tests without a mutant that only they catch: {hidden - caught}"
    )


@pytest.mark.parametrize("assignment", WITH_MUTANTS, ids=[a.id for a in WITH_MUTANTS])
def test_mutants_fail_where_they_should(assignment):
    """All mutants of one assignment run in one kernel, each after a %reset of the namespace."""
    solution = nbformat.read(assignment.solution, as_version=4)
    exercise = {c.id: c for c in nbformat.read(assignment.exercise, as_version=4).cells}
    code = [cell for cell in solution.cells if cell.cell_type == "code"]
    ids = {cell.id for cell in code}
    plan = []  # (mutant, variant, index of the cell to inspect)
    cells = []
    for mutant in mutants(assignment):
        assert mutant["cell"] in ids and mutant["fails"] in ids, mutant["name"]
        variants = ["full"] + (["visible"] if mutant["caught_by"] == "hidden" else [])
        for variant in variants:
            cells.append(nbformat.v4.new_code_cell("%reset -f"))
            for cell in code:
                source = cell.source
                if cell.id == mutant["cell"]:
                    source = mutant["source"]
                elif variant == "visible" and cell.id in exercise:
                    source = exercise[cell.id].source
                if cell.id == mutant["fails"]:
                    plan.append((mutant, variant, len(cells)))
                cells.append(nbformat.v4.new_code_cell(source))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=solution.metadata)
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True)
    without_widget_frontend(client).execute()  # the game cell of assignment 08 has widgets
    for mutant, variant, index in plan:
        failed = errors(notebook.cells[index])
        if variant == "full":
            assert failed, f"mutant '{mutant['name']}' passes test {mutant['fails']}"
        else:
            assert not failed, (
                f"mutant '{mutant['name']}' is meant for the hidden tests, but the visible test "
                f"already fails: {failed}"
            )
