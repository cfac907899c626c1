"""Shared helpers for the tests: where the course is, running notebooks, running nbgrader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from codekamp_grading.course import assignments, lessons
from codekamp_grading.execute import without_widget_frontend

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

ASSIGNMENTS = assignments(ROOT)
LESSONS = lessons(ROOT)


@pytest.fixture
def grading_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway grading folder, so no test touches a teacher's gradebook."""
    folder = tmp_path / "grading"
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(folder))
    return folder


def copy_of_course(folder: Path) -> Path:
    """Copy the course as a teacher has it (config and solutions) into ``folder``."""
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    shutil.copytree(ROOT / "solutions", folder / "solutions")
    return folder


def copy_of_assignment(folder: Path, assignment: str, extra_config: str = "") -> Path:
    """A course folder with one assignment (its solutions and exercises) and the course's
    configuration, plus ``extra_config`` lines; made in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8") + extra_config
    (folder / "nbgrader_config.py").write_text(config, encoding="utf-8")
    for part in ("solutions", "exercises"):
        shutil.copytree(ROOT / part / assignment, folder / part / assignment)
    return folder


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A copy of the course outside the checkout, so nbgrader never writes into the repository."""
    (tmp_path / "course").mkdir()
    return copy_of_course(tmp_path / "course")


def nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an nbgrader command as a teacher types it; a failure fails the test with its log."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [str(Path(bin_dir) / "nbgrader"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stderr}"
    return result


def execute_cells(cells: dict[str, str], folder: Path) -> dict[str, nbformat.NotebookNode]:
    """Run code cells, by name, as one notebook in ``folder`` (see :func:`execute`); the
    executed cells by the same names."""
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(cells=[new_code_cell(source) for source in cells.values()])
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                       "display_name": "Python 3"}  # fmt: skip
    path = folder / "cells.ipynb"
    nbformat.write(notebook, path)
    return dict(zip(cells, execute(path).cells, strict=True))


def execute(path: Path, cwd: Path | None = None) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, keeping going after errors.

    The kernel is told which notebook it runs, as Jupyter tells it (``JPY_SESSION_NAME``), so
    Codekamp speaks the notebook's language from the first cell on, as for a pupil.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    without_widget_frontend(client)  # lesson 08's sliders would now and then hang a cell
    where = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
    client.execute(env={**os.environ, "JPY_SESSION_NAME": str(where)})
    return notebook


def errors(cell: nbformat.NotebookNode) -> list[str]:
    """The errors a code cell raised when it ran, as 'Name: message' lines."""
    return [
        f"{output['ename']}: {output['evalue']}"
        for output in cell.get("outputs", [])
        if output["output_type"] == "error"
    ]


def tips(cell: nbformat.NotebookNode) -> list[str]:
    """The 💡 tips Codekamp showed under a code cell."""
    return [
        output["data"]["text/plain"]
        for output in cell.get("outputs", [])
        if output["output_type"] == "display_data"
        and output.get("data", {}).get("text/plain", "").startswith("💡")
    ]


def stdout(cell: nbformat.NotebookNode) -> str:
    """What a code cell printed."""
    return "".join(
        output["text"]
        for output in cell.get("outputs", [])
        if output["output_type"] == "stream" and output["name"] == "stdout"
    )
