"""The teacher's first minutes under `make teacher`, in a real browser (Chromium, driven by
Playwright): the formgrader opens on the course's assignments, and a notebook in JupyterLab
has nbgrader's tools (the Nbgrader menu, Validate) that pupils do not get.

Skipped without Chromium; ``.ci/run`` sets ``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip
into a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from browser_support import chromium, jupyter_server, require_chromium
from conftest import ASSIGNMENTS, copy_of_course

TOKEN = "codekamp-teacher-browser"


@pytest.fixture(scope="module")
def teacher(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("teacher")
    (folder / "course").mkdir()
    course = copy_of_course(folder / "course")
    # As `make teacher`: the venv's tools on the PATH (nbgrader starts `alembic` by name), and
    # a grading folder of the teacher's own (here a fresh one).
    environment = {
        "CODEKAMP_GRADING_DIR": str(folder / "grading"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    with jupyter_server("lab", course, folder / "state", TOKEN, environment=environment) as server:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            yield {**server, "page": page, "grading": folder / "grading"}


def test_the_formgrader_lists_every_assignment(teacher):
    page = teacher["page"]
    page.goto(f"{teacher['url']}/formgrader?token={TOKEN}")
    page.get_by_text("nl-01-schildpad", exact=True).first.wait_for(timeout=60_000)
    shown = page.locator("body").inner_text()
    assert "encountered an error" not in shown
    assert "does not exist and could not be created" not in shown  # nbgrader's exchange
    for assignment in ASSIGNMENTS:
        assert assignment.id in shown, assignment.id
    assert (teacher["grading"] / "gradebook.db").exists()  # the same folder as codekamp-grade


def test_an_assignment_in_jupyterlab_has_nbgraders_tools(teacher):
    page = teacher["page"]
    page.goto(
        f"{teacher['url']}/lab/tree/solutions/nl-01-schildpad/nl-01-schildpad.ipynb"
        f"?reset&token={TOKEN}"
    )
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for(timeout=30_000)
    page.get_by_text("Validate", exact=True).first.wait_for(timeout=30_000)
