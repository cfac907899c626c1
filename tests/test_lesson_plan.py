"""Each lesson fits its period and lets a pupil check themselves (the anatomy in CONTRIBUTING):

- the core (every cell not tagged ``optional``) fits one 50-minute period for a 12-year-old, by
  the model in ``tools/lesson_time.py``, and holds real exercises;
- every exercise is followed by a ``self-check`` cell that shows what success looks like (a
  target picture, the exact output, or, when chance decides, an example in words) and a folded
  solution;
- every "your turn" in the text has an exercise cell to do it in;
- every lesson ends with three extra projects for fast pupils, from easy (⭐) to hard (⭐⭐⭐), each
  with a cell to work in and a self-check, so a pupil can do them without the teacher.
"""

from __future__ import annotations

import json
import re

import lesson_time
import pytest
import self_check
from conftest import LESSONS, ROOT

IDS = [str(path.relative_to(ROOT)) for path in LESSONS]
YOUR_TURN = {"nl": "Probeer het zelf", "fr": "À toi", "en": "Your turn"}
DONE_WHEN = {"nl": "**Klaar als:**", "fr": "**C'est fini quand :**", "en": "**Done when:**"}


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_the_core_fits_one_period(path):
    found = lesson_time.estimate(json.loads(path.read_text(encoding="utf-8")))
    assert found.exercises >= 3, f"{path.name}: a lesson's core needs exercises, not only reading"
    assert found.minutes <= lesson_time.PERIOD_MINUTES, (
        f"{path.name}: the core takes about {found.minutes:.0f} minutes ({found}); "
        "move a part to the optional challenges or shorten the text"
    )


def test_the_time_model_counts_what_it_says():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "One two three.\n```python\nnot = counted\n```",
             "metadata": {}},
            {"cell_type": "markdown", "source": "<details>not counted</details>",
             "metadata": {}},
            {"cell_type": "code", "source": "print(1)", "metadata": {}},
            {"cell_type": "code", "source": "Print(1)", "metadata": {"tags": ["raises-exception"]}},
            {"cell_type": "code", "source": "", "metadata": {"tags": ["exercise"]}},
            {"cell_type": "markdown", "source": "many words " * 50,
             "metadata": {"tags": ["self-check"]}},
            {"cell_type": "code", "source": "", "metadata": {"tags": ["exercise", "optional"]}},
        ]
    }  # fmt: skip
    found = lesson_time.estimate(notebook)
    assert (found.words, found.runs, found.oops, found.exercises) == (3, 1, 1, 1)
    assert found.minutes == pytest.approx(3 + 3 / 120 + 1 + 2 + 5)
    notebook["cells"] += [{"cell_type": "code", "source": "", "metadata": {"tags": ["exercise"]}}]
    assert lesson_time.estimate(notebook).minutes == pytest.approx(found.minutes + 5)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_exercise_shows_the_goal_and_a_folded_solution(path):
    lesson = cells(path)
    for index, cell in enumerate(lesson):
        if "exercise" not in tags(cell):
            continue
        assert cell["cell_type"] == "code", f"{path.name} {cell['id']}: an exercise is code"
        after = lesson[index + 1] if index + 1 < len(lesson) else None
        where = f"{path.name} {cell['id']}"
        assert after is not None and "self-check" in tags(after), f"{where}: no self-check after"
        shown = text(after)
        assert self_check.solution_of(shown), f"{where}: the self-check has no folded solution"
        said = " ".join(shown.split("<details>")[0].splitlines()[1:])  # after "🎯 …:"
        assert (
            self_check.shows_target(shown)
            or self_check.expected_text(shown)
            or len(said.split()) >= 5  # a result left to chance, described with an example
        ), f"{where}: the self-check shows neither a target picture nor the expected output"
    for index, cell in enumerate(lesson):
        if "self-check" in tags(cell):
            assert index and "exercise" in tags(lesson[index - 1]), f"{path.name} {cell['id']}"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_your_turn_has_an_exercise_cell(path):
    words = YOUR_TURN[path.parent.name]
    lesson = cells(path)
    for index, cell in enumerate(lesson):
        if (
            cell["cell_type"] == "markdown"
            and words in text(cell)
            and "self-check" not in tags(cell)
        ):
            following = [c for c in lesson[index + 1 : index + 4] if c["cell_type"] == "code"]
            assert following and "exercise" in tags(following[0]), (
                f"{path.name} {cell['id']}: '{words}' but the next code cell is no exercise"
            )


@pytest.mark.parametrize(
    "path",
    LESSONS + [a.solution for a in __import__("conftest").ASSIGNMENTS],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_targets_and_outputs_are_what_the_solutions_make(path):
    assert self_check.problems(path, fix=False) == []


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_lesson_ends_with_three_projects_from_easy_to_hard(path):
    lesson = cells(path)
    ids = [cell["id"] for cell in lesson]
    assert "projects" in ids, f"{path.name}: no extra projects at the end"
    section = lesson[ids.index("projects") :]
    assert len(section) == 1 + 3 * 3, f"{path.name}: the projects section is not 3 projects"
    assert all("optional" in tags(cell) for cell in section), path.name
    for number, stars in enumerate(("⭐", "⭐⭐", "⭐⭐⭐"), start=1):
        project, work, check = section[3 * number - 2 : 3 * number + 1]
        heading = text(project).splitlines()[0]
        assert re.match(rf"### 🏗️ Proje[ct]t? {number} {stars}\s?:", heading), heading
        assert [work["id"], check["id"]] == [f"{project['id']}-cell", f"{project['id']}-check"]
        assert "exercise" in tags(work) and "self-check" in tags(check)
        said = text(project).replace("\u00a0", " ")
        assert DONE_WHEN[path.parent.name] in said, f"{path.name} {project['id']}: no 'done when'"
