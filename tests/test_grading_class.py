"""The one command grades a class with bad submissions among honest ones: every honest pupil
keeps the grade they would get alone, every bad one gets the right status, and the
gradebook and the course files are intact afterwards.

The sandbox cases (files, network, processes, signals) need Linux with Landlock (ABI 6+) and
seccomp; where those are missing the command still grades, and these cases are reported as
expected failures instead of passing silently.
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile

import pytest
from adversarial.corpus import ASSIGNMENT, CASES, answered, write_corpus
from conftest import ROOT, copy_of_assignment

from codekamp_grading.folders import log_file
from codekamp_grading.grade_class import grade_class
from codekamp_grading.sandbox import landlock_abi

SANDBOX_CASES = {"a04-forkbomb", "a05-orphan", "a17-hidden", "a18-classmate", "a20-outside",
                 "a21-network", "a22-killer", "a03-memory"}  # fmt: skip
HAS_SANDBOX = landlock_abi() >= 6


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_of_assignment(tmp_path_factory.mktemp("course"), ASSIGNMENT)
    grading = tmp_path_factory.mktemp("grading")
    # The run's own temporary folder, so that what it leaves there is its own doing, even with
    # other grading runs on this computer.
    temporary = tmp_path_factory.mktemp("tmp")
    outside = temporary / "codekamp-pwned.txt"
    paths = {
        "solution": course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "classmate": grading / "submitted" / "h1-right" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "gradebook": grading / "gradebook.db",
        "outside": outside,
        "french exercise": ROOT / "exercises" / "fr-00-bienvenue" / "fr-00-bienvenue.ipynb",
    }
    handed_in = tmp_path_factory.mktemp("handed-in")
    write_corpus(handed_in, course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", paths)
    course_files = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEKAMP_GRADING_DIR", str(grading))
        patch.setenv("TMPDIR", str(temporary))
        patch.setattr(tempfile, "tempdir", str(temporary))
        results, report = grade_class(course, ASSIGNMENT, handed_in, "en", timeout=5)
    return {
        "results": {r.pupil: r for r in results},
        "report": report,
        "course": course,
        "course_files": course_files,
        "grading": grading,
        "outside": outside,
        "temporary": temporary,
    }


def case_params():
    for case in CASES:
        marks = []
        if case.pupil in SANDBOX_CASES and not HAS_SANDBOX:
            marks.append(pytest.mark.xfail(reason="needs Linux with Landlock ABI 6+ and seccomp"))
        yield pytest.param(case, id=case.pupil, marks=marks)


@pytest.mark.parametrize("case", list(case_params()))
def test_each_pupil_gets_the_right_status_and_points(graded, case):
    label = case.file_name or case.pupil
    result = graded["results"][label]
    why = f"{case.what}: {result.explain('en')}"
    log = log_file(graded["grading"], ASSIGNMENT, label)
    if log.exists():  # nbgrader could not grade it: show what it said
        why += "\n" + log.read_text(encoding="utf-8")[-6000:]
    assert result.status == case.status, why
    assert result.score == case.points, why


def test_there_are_at_least_twenty_bad_submissions():
    assert sum(not case.pupil.startswith("h") for case in CASES) >= 20


def test_the_course_files_are_intact(graded):
    for path, content in graded["course_files"].items():
        assert path.read_bytes() == content, path


def test_the_gradebook_holds_every_graded_pupil_and_no_ghost(graded):
    database = graded["grading"] / "gradebook.db"
    with sqlite3.connect(database) as connection:
        students = {row[0] for row in connection.execute("SELECT id FROM student")}
        manual = connection.execute(
            "SELECT count(*) FROM grade WHERE manual_score IS NOT NULL"
        ).fetchone()
    graded_pupils = {p for p, r in graded["results"].items() if r.graded}
    assert students == graded_pupils
    assert manual == (0,)


def test_nothing_was_written_outside_and_no_scratch_folder_is_left(graded):
    assert not graded["outside"].exists()
    assert list(graded["temporary"].iterdir()) == []


def test_the_hidden_tests_did_not_leak_into_a_pupils_output(graded):
    autograded = (
        graded["grading"] / "autograded" / "a17-hidden" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    )
    import nbformat

    first = next(
        c for c in nbformat.read(autograded, as_version=4).cells if c.id == "seconds-per-hour"
    )
    text = "".join(str(output) for output in first.outputs)
    assert "BEGIN HIDDEN TESTS" not in text and "PermissionError" in text


def test_the_report_and_the_spreadsheet_name_every_pupil_with_a_status(graded):
    csv_path = graded["grading"] / "reports" / f"{ASSIGNMENT}-grades.csv"
    with csv_path.open(newline="", encoding="utf-8") as file:
        rows = {row["pupil"]: row for row in csv.DictReader(file)}
    for case in CASES:
        label = case.file_name or case.pupil
        assert rows[label]["status"] == graded["results"][label].status
        assert label in graded["report"]
    assert rows["a16-corrupt"]["score"] == "" and "damaged" in rows["a16-corrupt"]["explanation"]
    if HAS_SANDBOX:
        assert "landlock: files" in graded["report"] and "seccomp" in graded["report"]


def test_every_graded_pupil_gets_feedback(graded):
    for pupil, result in graded["results"].items():
        page = graded["grading"] / "feedback" / pupil / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert page.exists() == result.graded, pupil


def test_without_the_sandbox_tampering_is_detected_and_undone(tmp_path, monkeypatch):
    """macOS and Windows have no sandbox: there the gradebook and the course files are checked
    after each pupil and restored. Simulated here by switching the sandbox off."""
    import nbformat

    no_sandbox = "\nc.GuardedExecute.sandbox = False\n"
    course = copy_of_assignment(tmp_path / "course", ASSIGNMENT, no_sandbox)
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
            f'open("{course}/solutions/{ASSIGNMENT}/{ASSIGNMENT}.ipynb", "w").write("hacked")\n'
            "seconden_per_uur = 3600")},
    }  # fmt: skip
    exercise = course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for pupil, answers in attacks.items():
        nbformat.write(answered(exercise, answers), handed_in / f"{pupil}_{ASSIGNMENT}.ipynb")
    master = (course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()

    results, report = grade_class(course, ASSIGNMENT, handed_in, "en", timeout=10)

    by_pupil = {r.pupil: r for r in results}
    assert (by_pupil["a1-honest"].status, by_pupil["a1-honest"].score) == ("ok", 10)
    assert by_pupil["b1-zeroes"].status == "tampered" and by_pupil["b1-zeroes"].score is None
    assert by_pupil["c1-master"].status == "tampered"
    assert (course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == master
    with sqlite3.connect(grading / "gradebook.db") as connection:
        zeroed = connection.execute("SELECT count(*) FROM grade WHERE manual_score = 0").fetchone()
    assert zeroed == (0,)
    assert "No sandbox on this computer" in report
