"""Lessons run top to bottom in a fresh kernel (nbval does this too, see pyproject.toml), and
every "oops" cell really shows the error the lesson explains. nbval only checks that tagged
cells may fail; this checks that they do, so a lesson never explains an error nobody sees.
And every error a lesson shows on purpose comes with help in the lesson's language, without
any setup cell: a 💡 tip, or a message of Codekamp's own (the turtle's, a check's)."""

from __future__ import annotations

import time

import pytest
from conftest import LESSONS, ROOT, errors, execute, tips

IDS = [str(path.relative_to(ROOT)) for path in LESSONS]
# Errors whose message Codekamp writes itself, in the pupil's language.
CODEKAMP_ERRORS = {
    "BadArgument",
    "NotInNotebook",
    "TooManySteps",
    "CheckFailed",
    "Crash",
    "MapError",
}


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_errors_only_where_it_means_to(path):
    started = time.perf_counter()
    notebook = execute(path)
    seconds = time.perf_counter() - started
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors(cell), f"{cell.id} is tagged raises-exception but runs without error"
            explained = tips(cell) or errors(cell)[0].split(":")[0] in CODEKAMP_ERRORS
            assert explained, f"{cell.id}: no tip for {errors(cell)}"
        else:
            assert not errors(cell), f"{cell.id}: {errors(cell)}"
    assert seconds < 60, f"{path.name} took {seconds:.0f} s; a lesson must run in under a minute"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_links_to_files_that_exist(path):
    import re

    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\((\.\.?/[^)#]+)\)", text):
        assert (path.parent / target).resolve().exists(), f"{path.name} links to missing {target}"
