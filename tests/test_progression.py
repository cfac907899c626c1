"""Nothing is used, and nothing is graded, before the lesson that teaches it.

``tools/concepts.py`` holds the course's order of ideas (which module teaches ``for``, ``def``,
``return``, comparisons, …). Lessons (their core and self-check solutions, and their extra
projects, which a pupil does alone) and assignments (their answers and the code given to pupils)
use only what their module or an earlier one teaches, and each lesson really uses what the table
says it teaches.
"""

from __future__ import annotations

import json

import concepts
import pytest
from conftest import ASSIGNMENTS, LESSONS, ROOT

NOTEBOOKS = LESSONS + [a.solution for a in ASSIGNMENTS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_is_used_before_it_is_taught(path):
    assert concepts.too_early(path) == []


def test_an_extra_project_that_uses_a_later_idea_is_caught(tmp_path):
    (lesson,) = (ROOT / "notebooks" / "en").glob("01-*.ipynb")
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    (start,) = [cell for cell in notebook["cells"] if cell["id"] == "project-traffic-light-cell"]
    start["source"] = ["for light in range(3):\n", "    dot(50)\n"]  # a loop: module 02
    copy = tmp_path / "notebooks" / "en" / lesson.name
    copy.parent.mkdir(parents=True)
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    assert concepts.too_early(lesson) == []
    (problem,) = concepts.too_early(copy)
    assert "project-traffic-light-cell: uses 'for', taught in module 02" in problem


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_lesson_uses_what_it_teaches(path):
    module = concepts.module_of(path)
    taught_here = {c for c, m in concepts.TAUGHT_IN.items() if m == module}
    used = set()
    for _cell, code in concepts.pupil_code(json.loads(path.read_text(encoding="utf-8")), True):
        used |= concepts.constructs(code)
    assert taught_here <= used, f"{path.name} is said to teach {sorted(taught_here - used)}"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("for i in range(4):\n    forward(100)", {"for"}),
        ("def square(size):\n    return size * size", {"def", "return"}),
        ("score = score + 10  # more", {"variable", "reassign", "comment"}),
        ('print(f"{a // 2} {a % 2}")', {"f-string", "floor-division", "modulo"}),
        ("if x >= 3 and not done:\n    pass", {"if", "compare", "logic"}),
        ("import random\nx = random.randint(1, 6)", {"import-random", "variable"}),
        ("for i in range(10, 200, 10):\n    pass", {"for", "range-start"}),
        ("def flower(colour='red'):\n    pass", {"def", "default-value"}),
        ("import matplotlib.pyplot as plt", {"import-matplotlib"}),
        ("from csv import DictReader", {"import-csv"}),
        ("with open(name) as file:\n    pass", {"with"}),
        ("import pandas as pd", {"import-pandas"}),
        ("print('hoi'", set()),  # an oops cell that cannot be parsed
    ],
)
def test_constructs_are_recognised(source, found):
    assert concepts.constructs(source) == found
