"""Grading keeps going through trouble that is not the pupils' doing, stops cleanly when the
teacher stops it, and says in one sentence what a teacher got wrong.

- When the grader itself fails on a pupil (not the pupil's code), the pupil is graded once
  more, alone; nbgrader's own messages are kept in the grading folder's ``logs``.
- Ctrl-C stops the run with a clear message and exit status 130: no report is written, and
  the pupils who were not finished keep what they had before, also when nbgrader catches
  the interrupt itself (as its feedback step does).
- After a damaged re-upload, the report, the gradebook and the feedback agree: not graded.
- Two grading runs on one computer leave each other's kernels alone; a second run in a busy
  grading folder stops at once, says why, and touches nothing.
- A wrong assignment id, a missing or empty folder, or a folder that is not a course gets
  one sentence in the teacher's language and exit status 2.
- The teacher's screen shows the report alone: no library warnings, no escape sequences from
  a pupil's code.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import tempfile
from pathlib import Path

import nbformat
import pytest
from adversarial.corpus import ASSIGNMENT, answered
from conftest import ROOT, copy_of_assignment

import codekamp_grading.grade_class as grade_class_module
import codekamp_grading.grading as grading_module
from codekamp_grading.folders import log_file
from codekamp_grading.lock import one_run_at_a_time

EXERCISE = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
FAST = "\nc.Execute.timeout = 10\n"


def hand_in(folder: Path, pupil: str, answers: dict | None = None) -> None:
    folder.mkdir(exist_ok=True)
    nbformat.write(answered(EXERCISE, answers), folder / f"{pupil}_{ASSIGNMENT}.ipynb")


@pytest.fixture
def course(tmp_path, monkeypatch):
    course = copy_of_assignment(tmp_path / "course", ASSIGNMENT, FAST)
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(tmp_path / "grading"))
    temporary = tmp_path / "tmp"  # this test's own, whatever else runs on this computer
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    hand_in(tmp_path / "handed-in", "mila")
    return course


def grade(course: Path):
    return grade_class_module.grade_class(course, ASSIGNMENT, course.parent / "handed-in", "en")


def command(course: Path, *extra: str) -> int:
    folder = str(course.parent / "handed-in")
    return grade_class_module.main([ASSIGNMENT, folder, "--course", str(course), *extra])


def failing(times: int, monkeypatch) -> list[int]:
    """Make the grader fail on its first ``times`` runs, as if a kernel would not start."""
    real = grading_module._autograde_in_children
    calls = []

    def autograde(course, batch):
        calls.append(len(batch))
        if len(calls) <= times:
            error = "Traceback ...\nRuntimeError: Kernel died before replying to kernel_info"
            return [(False, error, None) for _ in batch]
        return real(course, batch)

    monkeypatch.setattr(grading_module, "_autograde_in_children", autograde)
    return calls


def test_a_grader_failure_is_tried_again_and_the_pupil_keeps_the_grade(course, monkeypatch):
    calls = failing(1, monkeypatch)
    (mila,) = grade(course).results
    assert (str(mila.status), mila.score, calls) == ("ok", 10.0, [1, 1])
    assert mila.notes == []
    log = log_file(course.parent / "grading", ASSIGNMENT, "mila").read_text()
    assert "first try" in log and "Kernel died" in log


def test_a_grader_that_fails_twice_says_not_gradable_and_keeps_both_logs(course, monkeypatch):
    calls = failing(2, monkeypatch)
    grades = grade(course)
    (mila,) = grades.results
    assert (str(mila.status), mila.score, calls) == ("not gradable", None, [1, 1])
    assert mila.explain("en") == (
        "nbgrader could not grade it: RuntimeError: Kernel died before replying to kernel_info"
    )
    log = log_file(course.parent / "grading", ASSIGNMENT, "mila").read_text()
    assert log.count("Kernel died") == 2 and "second try" in log
    assert "not gradable" in grades.text


def score_in_gradebook(grading: Path, pupil: str) -> float | None:
    with sqlite3.connect(grading / "gradebook.db") as connection:
        rows = connection.execute(
            "SELECT sum(coalesce(g.auto_score, 0)) FROM grade g "
            "JOIN submitted_notebook n ON g.notebook_id = n.id "
            "JOIN submitted_assignment a ON n.assignment_id = a.id WHERE a.student_id = ?",
            (pupil,),
        ).fetchone()
    return rows[0]


def test_ctrl_c_while_grading_stops_cleanly_and_keeps_what_was_there(course, monkeypatch, capsys):
    grading = course.parent / "grading"
    assert command(course) == 0  # mila graded once: 10 points
    hand_in(course.parent / "handed-in", "mila", {"fix-total": 'totaal = "17"'})
    hand_in(course.parent / "handed-in", "noor")
    (grading / "reports" / f"{ASSIGNMENT}-report.txt").unlink()

    def interrupted(course, batch):
        raise KeyboardInterrupt

    monkeypatch.setattr(grading_module, "_autograde_in_children", interrupted)
    assert command(course, "--lang", "nl") == 130
    assert "gestopt" in capsys.readouterr().err
    assert not (grading / "reports" / f"{ASSIGNMENT}-report.txt").exists()
    assert score_in_gradebook(grading, "mila") == 10  # her old grade, her old feedback
    assert (grading / "feedback" / "mila" / ASSIGNMENT / f"{ASSIGNMENT}.html").exists()
    submitted = grading / "submitted" / "mila" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert 'totaal = "17"' not in submitted.read_text()


def test_ctrl_c_caught_by_nbgrader_in_the_feedback_step_still_stops_the_run(course, monkeypatch):
    grading = course.parent / "grading"
    real_api = grade_class_module._api

    def api_that_swallows(root):
        api = real_api(root)

        def generate_feedback(*args, **kwargs):
            try:
                os.kill(os.getpid(), signal.SIGINT)  # the teacher presses Ctrl-C ...
            except KeyboardInterrupt:  # ... and nbgrader's converter catches it
                return {"success": False, "error": "KeyboardInterrupt"}
            return {"success": True}

        api.generate_feedback = generate_feedback
        return api

    monkeypatch.setattr(grade_class_module, "_api", api_that_swallows)
    assert command(course) == 130
    assert not (grading / "reports" / f"{ASSIGNMENT}-report.txt").exists()


def test_a_feedback_step_that_fails_says_so_and_exits_with_1(course, monkeypatch, capsys):
    real_api = grade_class_module._api

    def api_without_feedback(root):
        api = real_api(root)
        api.generate_feedback = lambda *a, **k: {"success": False, "error": "disk is full"}
        return api

    monkeypatch.setattr(grade_class_module, "_api", api_without_feedback)
    assert command(course) == 1
    assert "feedback pages could not be written: disk is full" in capsys.readouterr().out


def test_after_a_damaged_re_upload_report_gradebook_and_feedback_agree(course):
    grading = course.parent / "grading"
    assert command(course) == 0
    assert score_in_gradebook(grading, "mila") == 10
    damaged = course.parent / "handed-in" / f"mila_{ASSIGNMENT}.ipynb"
    damaged.write_bytes(damaged.read_bytes()[:300])

    (mila,) = grade(course).results
    assert str(mila.status) == "invalid notebook" and mila.score is None
    assert score_in_gradebook(grading, "mila") is None
    for kind in ("autograded", "feedback"):
        assert not (grading / kind / "mila" / ASSIGNMENT).exists(), kind


def test_a_run_leaves_the_scratch_folders_of_another_run_alone(course, monkeypatch):
    real = grading_module._autograde_in_children
    neighbour = []

    def autograde(course, batch):
        # Meanwhile another teacher's run starts a kernel, with its scratch folder in /tmp.
        neighbour.append(Path(tempfile.mkdtemp(prefix="codekamp-pupil-")))
        return real(course, batch)

    monkeypatch.setattr(grading_module, "_autograde_in_children", autograde)
    assert [(str(r.status), r.score) for r in grade(course).results] == [("ok", 10.0)]
    (other,) = neighbour
    assert other.is_dir(), "this run removed another run's scratch folder"
    other.rmdir()
    assert list(Path(tempfile.gettempdir()).iterdir()) == []  # nothing of its own left


def test_a_second_run_in_the_same_grading_folder_is_refused_kindly(course, capsys):
    grading = course.parent / "grading"
    with one_run_at_a_time(grading):  # the first run, still busy
        code = command(course, "--lang", "nl")
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"In {grading} wordt al verbeterd door een ander commando. Wacht tot dat klaar is en "
        "start dit commando dan opnieuw."
    )
    assert not (grading / "submitted").exists()  # nothing was touched
    assert command(course, "--lang", "en") == 0  # once it is done


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("assignment", ["nl-99-bestaat-niet", "nl-00-welkom"]),
        ("missing folder", ["does not exist"]),
        ("empty folder", ["is empty"]),
        ("not a course", ["nbgrader_config.py", "--course"]),
    ],
)
def test_a_teachers_mistake_gets_one_sentence_and_exit_status_2(course, capsys, mistake, words):
    folder, assignment, where = course.parent / "handed-in", ASSIGNMENT, course
    if mistake == "assignment":
        assignment = "nl-99-bestaat-niet"
    elif mistake == "missing folder":
        folder = course.parent / "nergens"
    elif mistake == "empty folder":
        folder = course.parent / "leeg"
        folder.mkdir()
    else:
        where = course.parent
    code = grade_class_module.main([assignment, str(folder), "--course", str(where)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    message = captured.err.strip()
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    assert not (course.parent / "grading" / "submitted").exists()


def test_the_screen_shows_the_report_alone(course, capfd):
    hand_in(
        course.parent / "handed-in",
        "sam",
        {"seconds-per-hour": (
            "import os, sys, warnings\nos.write(1, b'\\x1b]0;pwned\\x07\\x1b[2J')\n"
            "os.write(2, b'\\x1b[2J  mila  10 / 10  ok\\n')\nwarnings.warn('boe')\n"
            "seconden_per_uur = 3600")},
    )  # fmt: skip
    assert command(course) == 0
    screen = capfd.readouterr()
    assert screen.err == ""
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", screen.out)
    assert "Warning" not in screen.out and "10 / 10  ok\n  mila" not in screen.out
    lines = screen.out.strip().splitlines()
    assert lines[0] == f"Grades for {ASSIGNMENT}" and lines[-1].endswith("-grades.csv")
