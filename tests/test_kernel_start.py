"""What a pupil sees in a fresh kernel, before running any setup cell: Codekamp is loaded when
the kernel starts (binder/ipython_kernel_config.json, installed by `make lab` and Binder), speaks
the notebook's language, and a mistake shows the pupil's own line, then one sentence."""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest
from conftest import ROOT, errors, tips
from nbclient import NotebookClient

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(cells: list[str], path: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True)
    client.execute(env={**os.environ, "JPY_SESSION_NAME": path})
    return notebook


def traceback_text(cell) -> str:
    (error,) = [o for o in cell.outputs if o.output_type == "error"]
    return ANSI.sub("", "\n".join(error.traceback))


def test_the_kernel_config_loads_codekamp_and_the_installs_put_it_in_place():
    config = json.loads((ROOT / "binder/ipython_kernel_config.json").read_text())
    assert config["InteractiveShellApp"]["extensions"] == ["codekamp"]
    assert "binder/ipython_kernel_config.json" in (ROOT / "Makefile").read_text()
    assert "binder/ipython_kernel_config.json" in (ROOT / "binder/postBuild").read_text()


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("notebooks/nl/00-welkom-les.ipynb", "Python kent de naam Print niet"),
        ("notebooks/fr/00-bienvenue-lecon.ipynb", "Python ne connaît pas le nom Print"),
        ("exercises/en-00-welcome/en-00-welcome.ipynb", "Python does not know the name Print"),
    ],
)
def test_tips_speak_the_notebooks_language_without_a_setup_cell(path, words):
    (cell,) = run(['Print("Hallo")'], path).cells
    assert errors(cell) == ["NameError: name 'Print' is not defined"]
    assert any(words in tip for tip in tips(cell)), tips(cell)


def test_a_turtle_mistake_shows_the_pupils_line_and_no_codekamp_code():
    cell = run(["from codekamp.turtle import *\nclearscreen()\npencolor('rood')"],
               "notebooks/nl/01-schildpad-les.ipynb").cells[0]  # fmt: skip
    shown = traceback_text(cell)
    assert "----> 3 pencolor('rood')" in shown
    assert "codekamp" not in shown.replace("from codekamp.turtle import *", "")
    last_line = "BadArgument: pencolor kent de kleur 'rood' niet. Bedoelde je 'red'?"
    assert shown.strip().endswith(last_line)


def test_a_failed_check_shows_only_its_message():
    cell = run(["from codekamp.check import expect_equal\nexpect_equal(360, 3600, what='x')"],
               "exercises/nl-00-welkom/nl-00-welkom.ipynb").cells[0]  # fmt: skip
    shown = traceback_text(cell)
    assert shown.strip() == "CheckFailed: ❌ x moet 3600 zijn, maar het is 360."
