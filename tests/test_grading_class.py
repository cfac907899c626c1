"""The one command grades a class with bad hand-ins among honest ones: every honest pupil keeps
the grade they would get alone, every bad one gets the right status and points, and the
gradebook, the course files and the teacher's screen are intact afterwards.

Two classes are graded, one per kind of assignment: nl-00-welkom (values and text) and
nl-01-schildpad (drawings). The sandbox cases (files, network, processes, signals) need Linux
with Landlock (ABI 6+) and seccomp; where those are missing the command still grades, and
these cases are reported as expected failures instead of passing silently.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import tempfile

import nbformat
import pytest
from adversarial.corpus import (
    CASES,
    CHART,
    CHART_CASES,
    DRAWING,
    DRAWING_CASES,
    WELCOME,
    Case,
    answered,
    write_corpus,
)
from conftest import ROOT, copy_of_assignment

from codekamp_grading.folders import log_file
from codekamp_grading.grade_class import grade_class
from codekamp_grading.sandbox import landlock_abi

SANDBOX_CASES = {"a03-memory", "a04-forkbomb", "a05-orphan", "a17-hidden", "a18-classmate",
                 "a19-gradebook", "a20-outside", "a21-network", "a22-killer", "c01-udp",
                 "c02-mptcp", "c03-unix", "c04-abstract", "c06-disk"}  # fmt: skip
HAS_SANDBOX = landlock_abi() >= 6
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FAST = "\nc.Execute.timeout = 5\n"


def grade_corpus(tmp_path_factory, assignment: str, cases: list) -> dict:
    """Write the cases' hand-ins and grade them with the one command, in folders of their own."""
    # Five seconds per cell keeps the endless loops short.
    course = copy_of_assignment(tmp_path_factory.mktemp("course"), assignment, FAST)
    grading = tmp_path_factory.mktemp("grading")
    # The run's own temporary folder, so that what it leaves there is its own doing.
    temporary = tmp_path_factory.mktemp("tmp")
    outside = temporary / "codekamp-pwned.txt"
    paths = {
        "solution": course / "solutions" / assignment / f"{assignment}.ipynb",
        # graded before a18-classmate reads it (pupils are graded in order)
        "classmate": grading / "submitted" / "a01-loop" / assignment / f"{assignment}.ipynb",
        "gradebook": grading / "gradebook.db",
        "outside": outside,
        "french exercise": ROOT / "exercises" / "fr-00-bienvenue" / "fr-00-bienvenue.ipynb",
        "drawing exercise": ROOT / "exercises" / DRAWING / f"{DRAWING}.ipynb",
    }
    handed_in = tmp_path_factory.mktemp("handed-in")
    exercise = course / "exercises" / assignment / f"{assignment}.ipynb"
    write_corpus(handed_in, exercise, paths, cases)
    course_files = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEKAMP_GRADING_DIR", str(grading))
        patch.setenv("TMPDIR", str(temporary))
        patch.setattr(tempfile, "tempdir", str(temporary))
        grades = grade_class(course, assignment, handed_in, "en")
    return {
        "assignment": assignment,
        "results": {r.label: r for r in grades.results},
        "report": grades.text,
        "course": course,
        "course_files": course_files,
        "grading": grading,
        "outside": outside,
        "temporary": temporary,
    }


@pytest.fixture(scope="module")
def welcome(tmp_path_factory):
    return grade_corpus(tmp_path_factory, WELCOME, CASES)


@pytest.fixture(scope="module")
def drawing(tmp_path_factory):
    return grade_corpus(tmp_path_factory, DRAWING, DRAWING_CASES)


@pytest.fixture(scope="module")
def charts(tmp_path_factory):
    return grade_corpus(tmp_path_factory, CHART, CHART_CASES)


def case_params(cases):
    for case in cases:
        marks = []
        if case.label in SANDBOX_CASES and not HAS_SANDBOX:
            marks.append(pytest.mark.xfail(reason="needs Linux with Landlock ABI 6+ and seccomp"))
        yield pytest.param(case, id=case.label.encode("unicode_escape").decode(), marks=marks)


def check(graded, case):
    result = graded["results"][case.label]
    why = f"{case.what}: {result.status} {result.score}: {result.explain('en')}"
    log = log_file(graded["grading"], graded["assignment"], case.label)
    if log.exists() and result.status != case.status:  # show what nbgrader said
        why += "\n" + log.read_text(encoding="utf-8")[-6000:]
    assert (str(result.status), result.score) == (case.status, case.points), why


@pytest.mark.parametrize("case", list(case_params(CASES)))
def test_each_pupil_gets_the_right_status_and_points(welcome, case):
    check(welcome, case)


@pytest.mark.parametrize("case", list(case_params(DRAWING_CASES)))
def test_each_pupil_of_a_drawing_assignment_gets_the_right_status_and_points(drawing, case):
    check(drawing, case)


@pytest.mark.parametrize(
    ("assignment", "points"),
    [("en-09-dictionaries", 10), ("en-11-pandas", 10), ("en-12-project", 4)],
)
def test_the_data_tracks_honest_work_gets_every_point_from_the_real_grader(
    tmp_path_factory, assignment, points
):
    """Opening the course's data files and pandas work in the sandboxed kernel, with the judge
    (which gives pandas a ctypes with nothing in it). The project of module 12 gets its 4
    automatic points, and the report tells the teacher that 6 more wait in the formgrader."""
    honest = [Case("h1-right", "honest, all right", "ok", points)]
    graded = grade_corpus(tmp_path_factory, assignment, honest)
    check(graded, honest[0])
    waiting = "6 more points wait for you in the formgrader" in graded["report"]
    assert waiting == (assignment == "en-12-project"), graded["report"]


@pytest.mark.parametrize("case", list(case_params(CHART_CASES)))
def test_each_pupil_of_a_chart_assignment_gets_the_right_status_and_points(charts, case):
    """A chart is judged from what the pupil's function draws on a figure of its own, read by
    the judge's own reader: a right chart drawn after it, left open before it, a title that is
    only text, or a reader of the pupil's own earns nothing."""
    check(charts, case)


def test_every_hand_in_is_one_row(welcome, drawing):
    assert sorted(welcome["results"]) == sorted(case.label for case in CASES)
    assert sorted(drawing["results"]) == sorted(case.label for case in DRAWING_CASES)


def test_the_corpus_covers_every_class_of_attack():
    kinds = {case.label[0] for case in CASES + DRAWING_CASES if not case.label.startswith("h")}
    assert kinds >= set("abcdefgm")
    assert sum(not case.label.startswith("h") for case in CASES + DRAWING_CASES) >= 70


@pytest.mark.parametrize("graded", ["welcome", "drawing"])
def test_the_course_files_are_intact(graded, request):
    graded = request.getfixturevalue(graded)
    for path, content in graded["course_files"].items():
        assert path.read_bytes() == content, path


def test_the_gradebook_holds_every_graded_pupil_and_no_ghost(welcome):
    with sqlite3.connect(welcome["grading"] / "gradebook.db") as connection:
        students = {row[0] for row in connection.execute("SELECT id FROM student")}
        manual = connection.execute(
            "SELECT count(*) FROM grade WHERE manual_score IS NOT NULL"
        ).fetchone()
    graded_pupils = {r.pupil for r in welcome["results"].values() if r.graded}
    assert students == graded_pupils
    assert manual == (0,)


def test_nothing_was_written_outside_and_no_scratch_folder_is_left(welcome, drawing):
    assert not welcome["outside"].exists()
    for graded in (welcome, drawing):
        assert list(graded["temporary"].iterdir()) == []


def autograded(graded, pupil: str) -> nbformat.NotebookNode:
    folder = graded["grading"] / "autograded" / pupil / graded["assignment"]
    return nbformat.read(folder / f"{graded['assignment']}.ipynb", as_version=4)


def test_the_hidden_tests_did_not_leak_into_a_pupils_output(welcome):
    first = next(c for c in autograded(welcome, "a17-hidden").cells if c.id == "seconds-per-hour")
    text = "".join(str(output) for output in first.outputs)
    assert "BEGIN HIDDEN TESTS" not in text and "PermissionError" in text


def test_no_script_reaches_the_teacher_from_a_graded_notebook(welcome):
    for pupil in ("b01-scripts", "b02-outputs", "b03-live-js"):
        notebook = autograded(welcome, pupil)
        shown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
        shown += [str(o) for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
        text = "\n".join(shown)
        assert "<script" not in text and "onerror" not in text and "onload" not in text, pupil
        assert "application/javascript" not in text, pupil


def test_the_report_holds_no_control_characters(welcome):
    assert not CONTROL.search(welcome["report"].replace("\n", ""))


def test_a_classmates_file_in_a_zip_does_not_change_the_classmates_grade(welcome):
    assert welcome["results"]["h2-right"].score == 10
    assert "h2-right" in welcome["results"]["d01-zipper"].explain("en")


def test_the_report_says_which_copy_was_graded(welcome):
    assert "(1)" in welcome["results"]["d02-copies"].explain("en")


def test_the_report_and_the_spreadsheet_name_every_pupil_with_a_status(welcome):
    csv_path = welcome["grading"] / "reports" / f"{WELCOME}-grades.csv"
    with csv_path.open(newline="", encoding="utf-8-sig") as file:
        rows = {row["pupil"]: row for row in csv.DictReader(file)}
    for label, result in welcome["results"].items():
        if not CONTROL.search(label):
            assert rows[label]["status"] == str(result.status), label
    assert rows["a16-corrupt"]["score"] == "" and "damaged" in rows["a16-corrupt"]["explanation"]
    if HAS_SANDBOX:
        assert "Protected while grading: memory" in welcome["report"]


def test_every_graded_pupil_gets_feedback(welcome):
    for result in welcome["results"].values():
        if result.pupil:
            page = welcome["grading"] / "feedback" / result.pupil / WELCOME / f"{WELCOME}.html"
            assert page.exists() == result.graded, result.pupil


def test_without_the_sandbox_tampering_is_detected_and_undone(tmp_path, monkeypatch):
    """macOS and Windows have no sandbox: there the gradebook and the course files are checked
    after each pupil and restored. Simulated here by switching the sandbox off."""
    no_sandbox = "\nc.GuardedExecute.sandbox = False\n" + FAST
    course = copy_of_assignment(tmp_path / "course", WELCOME, no_sandbox)
    grading = tmp_path / "grading"
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(grading))
    handed_in = tmp_path / "in"
    handed_in.mkdir()
    attacks = {
        "a1-honest": {},
        "b1-zeroes": {"seconds-per-hour": (
            f'import sqlite3\ndb = sqlite3.connect("{grading}/gradebook.db")\n'
            'db.execute("update grade set manual_score = 0")\ndb.commit()\n'
            "seconden_per_uur = 3600")},
        "c1-master": {"seconds-per-hour": (
            f'open("{course}/solutions/{WELCOME}/{WELCOME}.ipynb", "w").write("hacked")\n'
            "seconden_per_uur = 3600")},
    }  # fmt: skip
    exercise = course / "exercises" / WELCOME / f"{WELCOME}.ipynb"
    for pupil, answers in attacks.items():
        nbformat.write(answered(exercise, answers), handed_in / f"{pupil}_{WELCOME}.ipynb")
    master = (course / "solutions" / WELCOME / f"{WELCOME}.ipynb").read_bytes()

    grades = grade_class(course, WELCOME, handed_in, "en")

    by_pupil = {r.label: r for r in grades.results}
    assert (str(by_pupil["a1-honest"].status), by_pupil["a1-honest"].score) == ("ok", 10)
    assert str(by_pupil["b1-zeroes"].status) == "tampered" and by_pupil["b1-zeroes"].score is None
    assert str(by_pupil["c1-master"].status) == "tampered"
    assert (course / "solutions" / WELCOME / f"{WELCOME}.ipynb").read_bytes() == master
    with sqlite3.connect(grading / "gradebook.db") as connection:
        zeroed = connection.execute("SELECT count(*) FROM grade WHERE manual_score = 0").fetchone()
    assert zeroed == (0,)
    assert "no sandbox" in grades.text
