"""The teacher's whole path with plain nbgrader commands, as README.md tells it:
generate -> collect three pupils' downloaded notebooks -> autograde -> feedback -> export."""

from __future__ import annotations

import csv
import re

import nbformat
import pytest
from conftest import ASSIGNMENTS, copy_of_course, nbgrader

ASSIGNMENT = next(a for a in ASSIGNMENTS if a.id == "nl-00-welkom")

# What pupils typed in the answer cells that the solution does not get right.
WRONG_ANSWERS = {
    "days-old": "leeftijd = 11\ndagen = leeftijd * 12\nprint(dagen)",
    "fix-total": 'totaal = "12" + "5"\nprint(totaal)',
}


def pupil_answer(solution_source: str) -> str:
    """The solution as a pupil would type it: without nbgrader's markers."""
    return "\n".join(line for line in solution_source.splitlines() if not line.startswith("### "))


def submission(wrong: dict[str, str] | None) -> nbformat.NotebookNode:
    """The exercise filled in with the right answers, except the `wrong` ones; None: untouched."""
    notebook = nbformat.read(ASSIGNMENT.exercise, as_version=4)
    if wrong is None:
        return notebook
    solutions = {c.id: c.source for c in nbformat.read(ASSIGNMENT.solution, as_version=4).cells}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = wrong.get(cell.id, pupil_answer(solutions[cell.id]))
    return notebook


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class of three pupils graded once; the tests below read what came out."""
    course_copy = copy_of_course(tmp_path_factory.mktemp("course"))
    grading_dir = tmp_path_factory.mktemp("grading")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEKAMP_GRADING_DIR", str(grading_dir))
        grade_three_pupils(course_copy, grading_dir)
    return course_copy, grading_dir, grading_dir / "grades.csv"


def grade_three_pupils(course_copy, grading_dir):
    nbgrader("generate_assignment", ASSIGNMENT.id, "--force", cwd=course_copy)
    inbox = grading_dir / "downloaded" / ASSIGNMENT.id / "archive"
    inbox.mkdir(parents=True)
    pupils = {"p01": {}, "p02": WRONG_ANSWERS, "p03": None}  # right, partly wrong, untouched
    for pupil, wrong in pupils.items():
        nbformat.write(submission(wrong), inbox / f"{pupil}_{ASSIGNMENT.id}.ipynb")

    nbgrader("zip_collect", ASSIGNMENT.id, cwd=course_copy)
    nbgrader("autograde", ASSIGNMENT.id, cwd=course_copy)
    nbgrader("generate_feedback", ASSIGNMENT.id, cwd=course_copy)
    nbgrader("export", "--to", str(grading_dir / "grades.csv"), cwd=course_copy)


def test_each_pupil_gets_the_points_they_earned(graded_class):
    _, _, grades = graded_class
    with grades.open(newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert {pupil: float(row["score"]) for pupil, row in rows.items()} == {
        "p01": 10.0,
        "p02": 5.0,
        "p03": 0.0,
    }
    assert {row["max_score"] for row in rows.values()} == {"10.0"}
    assert {row["assignment"] for row in rows.values()} == {ASSIGNMENT.id}


def test_every_pupil_gets_a_feedback_page(graded_class):
    _, grading_dir, _ = graded_class
    for pupil, points in (("p01", "10"), ("p02", "5"), ("p03", "0")):
        page = grading_dir / "feedback" / pupil / ASSIGNMENT.id / f"{ASSIGNMENT.id}.html"
        html = page.read_text(encoding="utf-8")
        assert re.search(rf"Score: {points}(\.0)? / 10", html), pupil


def test_pupils_work_stays_out_of_the_course_folder(graded_class):
    course, grading_dir, _ = graded_class
    assert (grading_dir / "gradebook.db").exists()
    assert (grading_dir / "submitted" / "p01" / ASSIGNMENT.id).is_dir()
    left_in_course = {p.name for p in course.iterdir()} - {
        "nbgrader_config.py",
        "solutions",
        "exercises",
    }
    assert left_in_course == set()
