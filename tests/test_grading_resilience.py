"""Grading keeps going through trouble that is not the pupils' doing.

- When the grader itself fails on a pupil (not the pupil's code), the pupil is graded once
  more, alone, before the report calls the notebook "not gradable"; nbgrader's own messages are
  kept in the grading folder's ``logs`` for whoever has to find out why.
- Two grading runs on one computer (two classes, or two teachers on a school hub) leave each
  other's kernels alone: a run clears away only its own kernels' scratch folders.
- A second run in a grading folder that is busy stops at once, says why, and touches nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest
from adversarial.corpus import ASSIGNMENT, answered
from conftest import ROOT, copy_of_assignment

import codekamp_grading.grade_class as grade_class_module
from codekamp_grading.folders import log_file
from codekamp_grading.lock import one_run_at_a_time


def hand_in(folder, pupil):
    folder.mkdir(exist_ok=True)
    exercise = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(answered(exercise), folder / f"{pupil}_{ASSIGNMENT}.ipynb")


@pytest.fixture
def course(tmp_path, monkeypatch):
    course = copy_of_assignment(tmp_path / "course", ASSIGNMENT)
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(tmp_path / "grading"))
    temporary = tmp_path / "tmp"  # this test's own, whatever else runs on this computer
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    hand_in(tmp_path / "handed-in", "mila")
    return course


def failing(times: int, monkeypatch) -> list[int]:
    """Make the grader fail on its first ``times`` runs, as if a kernel would not start."""
    real = grade_class_module.autograde_isolated
    calls = []

    def autograde(course, assignment, pupils, timeout, deadline):
        calls.append(len(pupils))
        if len(calls) <= times:
            error = "Traceback ...\nRuntimeError: Kernel died before replying to kernel_info"
            return [{"success": False, "error": error} for _ in pupils]
        return real(course, assignment, pupils, timeout, deadline)

    monkeypatch.setattr(grade_class_module, "autograde_isolated", autograde)
    return calls


def test_a_grader_failure_is_tried_again_and_the_pupil_keeps_the_grade(course, monkeypatch):
    calls = failing(1, monkeypatch)
    results, _ = grade_class_module.grade_class(
        course, ASSIGNMENT, course.parent / "handed-in", "en", timeout=10
    )
    (mila,) = results
    assert (mila.status, mila.score, calls) == ("ok", 10.0, [1, 1])
    assert mila.notes == []
    log = log_file(course.parent / "grading", ASSIGNMENT, "mila").read_text()
    assert "first try" in log and "Kernel died" in log


def test_a_grader_that_fails_twice_says_not_gradable_and_keeps_both_logs(course, monkeypatch):
    calls = failing(2, monkeypatch)
    results, report = grade_class_module.grade_class(
        course, ASSIGNMENT, course.parent / "handed-in", "en", timeout=10
    )
    (mila,) = results
    assert (mila.status, mila.score, calls) == ("not gradable", None, [1, 1])
    assert mila.explain("en") == (
        "nbgrader could not grade it: RuntimeError: Kernel died before replying to kernel_info"
    )
    log = log_file(course.parent / "grading", ASSIGNMENT, "mila").read_text()
    assert log.count("Kernel died") == 2 and "second try" in log
    assert "not gradable" in report


def test_a_run_leaves_the_scratch_folders_of_another_run_alone(course, monkeypatch):
    real = grade_class_module.autograde_isolated
    neighbour = []

    def autograde(course, assignment, pupils, timeout, deadline):
        # Meanwhile another teacher's run starts a kernel, with its scratch folder in /tmp.
        neighbour.append(Path(tempfile.mkdtemp(prefix="codekamp-pupil-")))
        return real(course, assignment, pupils, timeout, deadline)

    monkeypatch.setattr(grade_class_module, "autograde_isolated", autograde)
    results, _ = grade_class_module.grade_class(
        course, ASSIGNMENT, course.parent / "handed-in", "en", timeout=10
    )
    assert [(r.status, r.score) for r in results] == [("ok", 10.0)]
    (other,) = neighbour
    assert other.is_dir(), "this run removed another run's scratch folder"
    other.rmdir()
    assert list(Path(tempfile.gettempdir()).iterdir()) == []  # nothing of its own left


def test_a_second_run_in_the_same_grading_folder_is_refused_kindly(course, monkeypatch, capsys):
    grading = course.parent / "grading"
    arguments = [ASSIGNMENT, str(course.parent / "handed-in"), "--course", str(course)]
    with one_run_at_a_time(grading):  # the first run, still busy
        code = grade_class_module.main([*arguments, "--lang", "nl"])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"In {grading} wordt al verbeterd door een ander commando. Wacht tot dat klaar is en "
        "start dit commando dan opnieuw."
    )
    assert not (grading / "submitted").exists()  # nothing was touched
    assert grade_class_module.main([*arguments, "--lang", "en"]) == 0  # once it is done
