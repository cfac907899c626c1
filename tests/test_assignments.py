"""Every graded assignment: the solution passes every test, the pupils' version fails every
test, and exercises/ is exactly what nbgrader generates from solutions/ now."""

from __future__ import annotations

import filecmp

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT, copy_of_course, errors, execute, nbgrader, stdout

from codekamp.i18n import translate

IDS = [a.id for a in ASSIGNMENTS]


def is_test(cell) -> bool:
    return cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade", False)


def expected_error(cell) -> bool:
    return "raises-exception" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_solution_passes_every_test(assignment):
    notebook = execute(assignment.solution)
    well_done = translate("Well done! This test passes.", assignment.language)
    tests = [cell for cell in notebook.cells if is_test(cell)]
    assert tests
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if expected_error(cell):
            assert errors(cell), f"{cell.id} should show an error to read, but ran cleanly"
        else:
            assert not errors(cell), f"{cell.id}: {errors(cell)}"
    for cell in tests:
        assert well_done in stdout(cell), cell.id


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_blank_exercise_fails_every_test(assignment):
    notebook = execute(assignment.exercise)
    tests = [cell for cell in notebook.cells if is_test(cell)]
    assert tests
    for cell in tests:
        assert errors(cell), (
            f"{cell.id} passes on the blank exercise: it cannot catch a missing answer"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_exercise_keeps_no_hidden_tests_or_solutions(assignment):
    text = assignment.exercise.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """exercises/ as `nbgrader generate_assignment` makes it now, in a copy of the course."""
    course = copy_of_course(tmp_path_factory.mktemp("course"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEKAMP_GRADING_DIR", str(tmp_path_factory.mktemp("grading")))
        nbgrader("generate_assignment", "*", "--force", cwd=course)
    return course / "exercises"


def test_exercises_are_exactly_what_nbgrader_generates_now(generated):
    assert sorted(p.name for p in generated.iterdir()) == sorted(IDS)
    for assignment in ASSIGNMENTS:
        fresh = generated / assignment.id / assignment.exercise.name
        assert filecmp.cmp(fresh, assignment.exercise, shallow=False), (
            f"exercises/{assignment.id} is stale: run `make exercises` and commit the result"
        )
    assert sorted(p.name for p in (ROOT / "exercises").iterdir()) == sorted(IDS)


def test_generated_stub_speaks_the_pupils_language(generated):
    for assignment in ASSIGNMENTS:
        notebook = nbformat.read(generated / assignment.id / assignment.exercise.name, as_version=4)
        stub = translate(
            "Write your code here, then delete the line with raise.", assignment.language
        )
        answers = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert answers and all(stub in cell.source for cell in answers if cell.cell_type == "code")
        written = translate("Write your answer here.", assignment.language)  # manually graded
        assert all(cell.source == written for cell in answers if cell.cell_type == "markdown")


def test_a_stale_exercise_is_noticed(course_copy, grading_dir):
    """The freshness check above must be able to fail: change a solution and compare again."""
    assignment = ASSIGNMENTS[0]
    source = course_copy / "solutions" / assignment.id / assignment.solution.name
    notebook = nbformat.read(source, as_version=4)
    notebook.cells[0].source += "\n\nOne more sentence."
    nbformat.write(notebook, source)
    nbgrader("generate_assignment", assignment.id, "--force", cwd=course_copy)
    fresh = course_copy / "exercises" / assignment.id / assignment.exercise.name
    assert not filecmp.cmp(fresh, assignment.exercise, shallow=False)
