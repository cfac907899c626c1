"""codekamp.overview(): the pupil's own "check everything", at the end of every assignment.

It must say ✅ for every task of a solution, ✏️ for every task of a blank exercise, ❌ with
the test's message for every plausible wrong answer that the visible tests catch
(``tests/mutants``), speak the notebook's language, and stay silent while nbgrader grades.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT, execute

import codekamp
from codekamp import assignment_check
from codekamp.assignment_check import (
    BROKEN,
    FAILED,
    NOT_MADE,
    NOT_RUN,
    PASSED,
    Task,
    execute_in_ipython,
    not_saved_yet,
    notebook_path,
    report,
    run,
    tasks_of,
)

IDS = [a.id for a in ASSIGNMENTS]


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def overview_of(path: Path, language: str, **options) -> str:
    codekamp.set_language(language)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        codekamp.overview(str(path), **options)
    return printed.getvalue()


def states(notebook: dict) -> list[str]:
    return [v.state for v in run(tasks_of(notebook), execute_in_ipython(None))]


def with_tests_of(answers: dict, tests: dict) -> dict:
    """``answers``'s cells, with the test cells as ``tests`` has them (the pupil's visible ones)."""
    visible = {cell["id"]: cell for cell in tests["cells"]}
    cells = [
        visible[cell["id"]] if assignment_check._is_test(cell) else cell
        for cell in answers["cells"]
    ]
    return {**answers, "cells": cells}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    codekamp.set_language("en")


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_every_task_of_a_solution_passes(assignment):
    shown = overview_of(assignment.solution, assignment.language)
    tests = len(tasks_of(read(assignment.solution)))
    assert shown.count("✅") == tests and "❌" not in shown, shown


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_every_task_of_a_blank_exercise_is_not_made_yet(assignment):
    assert set(states(read(assignment.exercise))) == {NOT_MADE}


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_wrong_answers_that_the_visible_tests_catch_fail_in_the_overview(assignment):
    mutants_file = ROOT / "tests" / "mutants" / f"{assignment.id}.json"
    if not mutants_file.exists():
        pytest.skip("this assignment has no mutants")
    codekamp.set_language(assignment.language)
    solution, exercise = read(assignment.solution), read(assignment.exercise)
    for mutant in json.loads(mutants_file.read_text(encoding="utf-8"))["mutants"]:
        if mutant["caught_by"] != "visible":
            continue
        notebook = with_tests_of(solution, exercise)
        for cell in notebook["cells"]:
            if cell["id"] == mutant["cell"]:
                cell["source"] = mutant["source"]
        verdicts = run(tasks_of(notebook), execute_in_ipython(None))
        judged = {v.task.test["id"]: v for v in verdicts}
        assert judged[mutant["fails"]].state in (FAILED, BROKEN), mutant["name"]
        assert judged[mutant["fails"]].message, mutant["name"]


def test_the_overview_speaks_the_notebooks_language_and_shows_no_test_code():
    nl = next(a for a in ASSIGNMENTS if a.id == "nl-01-schildpad")
    notebook = with_tests_of(read(nl.solution), read(nl.exercise))
    door = next(cell for cell in notebook["cells"] if cell["id"] == "door")
    door["source"] = "clearscreen()\nfor _ in range(4):\n    forward(50)\n    left(90)\n"
    codekamp.set_language("nl")
    verdicts = run(tasks_of(notebook), execute_in_ipython(None))
    text = report(verdicts, more_tests=False)
    assert "❌ Opdracht 2: een deur (3 punten)" in text
    assert "Je deur" in text and "def _juiste_deur" not in text and "expect_drawing" not in text
    assert "3 van de 4 tests slagen." in text


def test_an_answer_that_stops_with_an_error_is_named_with_a_tip():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "t", "metadata": {}, "source": "## Task 1"},
            {"cell_type": "code", "id": "a", "metadata": {}, "source": "totl = 3\nprint(total)"},
            test_cell("test-a", "assert total == 3"),
        ]
    }
    [verdict] = run(tasks_of(notebook), execute_in_ipython(None))
    assert verdict.state == BROKEN
    assert "NameError" in verdict.message and "💡" in verdict.message and "totl" in verdict.message


def test_an_error_shown_on_purpose_does_not_count_and_the_overview_cell_is_not_run_again():
    notebook = {
        "cells": [
            {"cell_type": "code", "id": "sam", "metadata": {"tags": ["raises-exception"]},
                "source": "print('12' + 5)"},
            {"cell_type": "code", "id": "again", "metadata": {},
                "source": "import codekamp\ncodekamp.overview()\nraise SystemError"},
            {"cell_type": "code", "id": "a", "metadata": {}, "source": "total = 12 + 5"},
            test_cell("test-a", "assert total == 17"),
        ]
    }  # fmt: skip
    assert states(notebook) == [PASSED]


def test_a_stop_ends_the_overview_and_says_what_was_not_checked():
    notebook = {
        "cells": [
            {"cell_type": "code", "id": "a", "metadata": {}, "source": "raise KeyboardInterrupt"},
            test_cell("test-a", "pass"),
            {"cell_type": "code", "id": "b", "metadata": {}, "source": "x = 1"},
            test_cell("test-b", "pass"),
        ]
    }
    assert states(notebook) == [NOT_RUN, NOT_RUN]


def test_later_tasks_are_checked_after_a_task_that_fails():
    notebook = {
        "cells": [
            {"cell_type": "code", "id": "a", "metadata": {}, "source": "x = 1"},
            test_cell("test-a", "assert x == 2, 'x should be 2'"),
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {},
                "source": "raise NotImplementedError()",
            },
            test_cell("test-b", "pass"),
            {"cell_type": "code", "id": "c", "metadata": {}, "source": "y = x + 1"},
            test_cell("test-c", "assert y == 2"),
        ]
    }
    assert states(notebook) == [FAILED, NOT_MADE, PASSED]


def test_the_report_says_when_more_tests_run_at_grading():
    task = Task("Opdracht 1", 2, {"id": "t"})
    codekamp.set_language("nl")
    with_hidden = report([assignment_check.Verdict(task, PASSED)], more_tests=True)
    without = report([assignment_check.Verdict(task, PASSED)], more_tests=False)
    assert "nog meer tests" in with_hidden and "nog meer tests" not in without
    assert "van boven naar onder" in without


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_every_assignment_ends_with_the_overview_saying_whether_hidden_tests_run(assignment):
    solution = nbformat.read(assignment.solution, as_version=4)
    hidden = any("BEGIN HIDDEN TESTS" in cell.source for cell in solution.cells)
    call = "codekamp.overview(more_tests=True)" if hidden else "codekamp.overview()"
    for path in (assignment.solution, assignment.exercise):
        cells = nbformat.read(path, as_version=4).cells
        checks = [cell for cell in cells if "codekamp.overview(" in cell.source]
        assert [cell.source for cell in checks] == [f"import codekamp\n{call}"], path
        last_test = max(i for i, cell in enumerate(cells) if assignment_check._is_test(cell))
        assert cells.index(checks[0]) > last_test, "the overview comes after the last test"


def test_the_overview_is_silent_while_nbgrader_grades(monkeypatch, tmp_path):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert overview_of(ASSIGNMENTS[0].solution, "nl") == ""


def test_the_notebook_is_the_one_jupyter_named_or_the_last_saved_after_a_rename(tmp_path):
    first, renamed = tmp_path / "nl-01-schildpad.ipynb", tmp_path / "mijn-huis.ipynb"
    first.write_text("{}")
    assert notebook_path({"JPY_SESSION_NAME": str(first)}, tmp_path) == first
    assert (
        notebook_path({"JPY_SESSION_NAME": "exercises/x/nl-01-schildpad.ipynb"}, tmp_path) == first
    )
    renamed.write_text("{}")
    os.utime(first, (1, 1))
    gone = {"JPY_SESSION_NAME": str(tmp_path / "weg.ipynb")}
    assert notebook_path(gone, tmp_path) == renamed
    assert notebook_path({}, tmp_path) is None
    # JupyterLite names no notebook, but its kernel works in the notebook's folder.
    assert notebook_path({}, tmp_path, platform="emscripten") == renamed


def test_code_run_but_not_saved_is_pointed_out():
    task = Task("Opdracht 1", 2, {"id": "t"}, [{"id": "a", "source": "forward(100)"}])
    codekamp.set_language("nl")
    assert not_saved_yet([task], {"a": "forward(100)\n"}.get) == []
    [warning] = not_saved_yet([task], {"a": "forward(50)"}.get)
    assert "Opdracht 1" in warning and "bewaard" in warning


def test_a_pupil_kernel_runs_the_overview_cell_in_the_notebooks_language(tmp_path):
    """The blank Dutch exercise, run as Jupyter runs it: the last cell lists every task as ✏️."""
    assignment = next(a for a in ASSIGNMENTS if a.id == "nl-02-herhalen")
    copy = tmp_path / assignment.exercise.name
    copy.write_bytes(assignment.exercise.read_bytes())
    notebook = execute(copy)
    last = next(cell for cell in notebook.cells if "codekamp.overview(" in cell.source)
    [output] = last.outputs
    shown = output["data"]["text/plain"]
    assert "Opdracht 1" in output["data"]["text/html"]
    assert shown.count("✏️") == 4 and "nog niet gemaakt" in shown, shown
    assert "0 van de 4 tests slagen." in shown


def test_a_chart_assignments_overview_shows_the_report_and_no_leftover_chart(tmp_path):
    """The tasks of assignment 10 draw on the current figure; without closing what the
    overview drew, all their charts appeared on one figure under the report."""
    assignment = next(a for a in ASSIGNMENTS if a.id == "en-10-charts")
    copy = tmp_path / assignment.solution.name
    copy.write_bytes(assignment.solution.read_bytes())
    notebook = execute(copy)
    last = next(cell for cell in notebook.cells if "codekamp.overview(" in cell.source)
    [output] = last.outputs  # the report, and no image
    assert "4 of 4 tests pass." in output["data"]["text/plain"], output["data"]["text/plain"]


def test_cell(cell_id: str, source: str) -> dict:
    marks = {"grade": True, "solution": False, "grade_id": cell_id, "points": 1}
    return {"cell_type": "code", "id": cell_id, "metadata": {"nbgrader": marks}, "source": source}


test_cell.__test__ = False  # a helper, not a test


def test_a_loop_that_never_ends_is_stopped_and_named_and_the_next_task_still_checked():
    notebook = {
        "cells": [
            {"cell_type": "code", "id": "a", "metadata": {},
                "source": 'while True:\n    try:\n        print("hoi")\n    except Exception:\n'
                          '        pass'},
            test_cell("test-a", "pass"),
            {"cell_type": "code", "id": "b", "metadata": {}, "source": "x = 1"},
            test_cell("test-b", "assert x == 1"),
        ]
    }  # fmt: skip
    codekamp.set_language("nl")
    first, second = run(tasks_of(notebook), execute_in_ipython(None, seconds=0.5))
    assert first.state == BROKEN and "lus die nooit stopt" in first.message
    assert "na 0.5 seconden" in first.message
    assert second.state == PASSED
