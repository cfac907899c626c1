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


def run(cells: list[str], path: str, **environment: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True)
    client.execute(env={**os.environ, "JPY_SESSION_NAME": path, **environment})
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


def test_a_teacher_who_asks_sees_every_frame():
    code = "from codekamp.turtle import *\nclearscreen()\npencolor('rood')"
    lesson = "notebooks/nl/01-schildpad-les.ipynb"
    cell = run([code], lesson, CODEKAMP_TRACEBACKS="full").cells[0]
    shown = traceback_text(cell)
    assert "----> 3 pencolor('rood')" in shown and "codekamp/turtle/colours.py" in shown


def test_a_failed_check_shows_only_its_message():
    cell = run(["from codekamp.check import expect_equal\nexpect_equal(360, 3600, what='x')"],
               "exercises/nl-00-welkom/nl-00-welkom.ipynb").cells[0]  # fmt: skip
    shown = traceback_text(cell)
    assert shown.strip() == "CheckFailed: ❌ x moet 3600 zijn, maar het is 360."


def test_a_cell_that_prints_without_end_is_cut_short_in_the_pupils_language():
    # IPython keeps what each cell printed in its history, in the kernel's memory: the cut
    # part must not be kept there either.
    kept = (
        "outputs = getattr(get_ipython().history_manager, 'outputs', {})\n"
        "print(sum(len(''.join(o.bundle.get('stream', []))) for o in outputs.get(1, [])))"
    )
    flood, after, memory = run(
        ["for i in range(200000):\n    print('hoi', i)", "print('daarna')", kept],
        "notebooks/nl/02-herhalen-les.ipynb",
    ).cells
    printed = "".join(output.get("text", "") for output in flood.outputs)
    assert 50_000 <= len(printed) < 51_000
    assert printed.rstrip().endswith("Druk op ■ om de cel te stoppen, en kijk dan naar de lus.")
    assert printed.count("✋") == 1
    assert after.outputs[0]["text"] == "daarna\n"  # the next cell may print again
    assert int(memory.outputs[0]["text"]) < 51_000  # not the 2 million characters printed


def test_every_course_notebook_holds_what_the_kernel_says_of_its_language():
    # JupyterLab writes the kernel's language_info into a notebook on opening it: when the file
    # holds the same, the notebook opens unchanged (no "leave page?" when switching languages).
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        said = client.kernel_info(reply=True, timeout=30)["content"]["language_info"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "version" not in said  # the same on every machine (codekamp.load_ipython_extension)
    paths = sorted(ROOT.glob("notebooks/*/*.ipynb")) + sorted(ROOT.glob("exercises/*/*.ipynb"))
    paths += sorted(ROOT.glob("solutions/*/*.ipynb"))
    for path in paths:
        assert json.loads(path.read_text())["metadata"]["language_info"] == said, path


def test_a_chart_is_wide_enough_for_the_names_of_belgiums_regions():
    """Charts are 8 inches wide in the course's kernels (matplotlib's 6.4 would print
    "Waals GewestBrussels Hoofdstedelijk Gewest" under the bars, the names run together)."""
    code = (
        "import matplotlib.pyplot as plt\n"
        "names = ['Vlaams Gewest', 'Waals Gewest', 'Brussels Hoofdstedelijk Gewest']\n"
        "plt.bar(names, [6.8, 3.7, 1.2])\n"
        "plt.gcf().canvas.draw()\n"
        "boxes = [label.get_window_extent() for label in plt.gca().get_xticklabels()]\n"
        "print(all(left.x1 < right.x0 for left, right in zip(boxes, boxes[1:])))"
    )
    (cell,) = run([code], "notebooks/nl/10-grafieken-les.ipynb").cells
    printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    assert printed.strip() == "True", cell.outputs
