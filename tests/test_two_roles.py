"""Two roles, one command each: `make lab` serves a pupil's own copy of the course (lessons and
exercises, every lesson's link to its assignment working, nothing of the teachers' side, none
of nbgrader's tools), and `make teacher` serves the whole course with a working formgrader.
The servers are started as the Makefile starts them and asked what they serve."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pupil_workspace
import pytest
from browser_support import jupyter_server, pupil_lab
from conftest import ROOT, copy_of_course

TOKEN = "codekamp-two-roles"
TEACHERS_SIDE = ("solutions", "docs", "tests", "src", "tools", "nbgrader_config.py", "README.md")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def make_recipe(target: str) -> str:
    return subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def pupil(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pupil")
    # Where nbgrader's configuration would make the grading folder if the pupils' server read it.
    grading = folder / "grading-folder-that-must-not-appear"
    before = os.environ.get("CODEKAMP_GRADING_DIR")
    os.environ["CODEKAMP_GRADING_DIR"] = str(grading)
    try:
        with pupil_lab(folder, TOKEN) as server:
            yield {**server, "grading": grading}
    finally:
        if before is None:
            del os.environ["CODEKAMP_GRADING_DIR"]
        else:
            os.environ["CODEKAMP_GRADING_DIR"] = before


def test_make_lab_serves_the_pupils_folder_with_the_pupils_configuration():
    recipe = make_recipe("lab")
    assert "tools/pupil_workspace.py workspace" in recipe
    assert f"JUPYTER_CONFIG_DIR=workspace/{pupil_workspace.CONFIG_FOLDER}" in recipe
    assert "--ServerApp.root_dir=workspace" in recipe
    assert "--LabApp.default_url=/lab/tree/notebooks/nl/00-welkom-les.ipynb" in recipe


def test_the_pupil_reaches_every_lesson_and_every_assignment_link(pupil):
    base = f"{pupil['url']}/api/contents"
    lessons = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
    assert lessons
    for lesson in lessons:
        relative = lesson.relative_to(ROOT).as_posix()
        assert get(f"{base}/{relative}?content=0&token={TOKEN}")[0] == 200, relative
        for target in re.findall(r"\]\((\.\./[^)#\s]+)\)", lesson.read_text(encoding="utf-8")):
            linked = (Path(relative).parent / target).as_posix()
            parts = []
            for part in linked.split("/"):
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            linked = "/".join(parts)
            assert get(f"{base}/{linked}?content=0&token={TOKEN}")[0] == 200, (relative, linked)


def test_the_pupil_reaches_nothing_of_the_teachers_side(pupil):
    for name in TEACHERS_SIDE:
        assert get(f"{pupil['url']}/api/contents/{name}?content=0&token={TOKEN}")[0] == 404, name
        assert get(f"{pupil['url']}/files/{name}?token={TOKEN}")[0] in (403, 404), name
        assert get(f"{pupil['url']}/api/contents/../{name}?token={TOKEN}")[0] in (400, 403, 404)
    top = json.loads(get(f"{pupil['url']}/api/contents?token={TOKEN}")[1])
    assert sorted(entry["name"] for entry in top["content"]) == ["exercises", "notebooks"]


def test_the_pupil_gets_none_of_nbgraders_tools(pupil):
    status, page = get(f"{pupil['url']}/lab?token={TOKEN}")
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)[1])
    disabled = set(config["disabledExtensions"])  # the page's list of switched-off plugins
    for plugin in ("formgrader", "create-assignment", "course-list", "assignment-list",
                   "validate-assignment", "menu"):  # fmt: skip
        assert f"@jupyter/nbgrader:{plugin}" in disabled
    assert get(f"{pupil['url']}/formgrader?token={TOKEN}")[0] == 404
    assert not pupil["grading"].exists()  # nbgrader's configuration was never read


def test_updating_the_pupils_folder_keeps_their_work(tmp_path):
    workspace = tmp_path / "workspace"
    pupil_workspace.update(workspace)
    lesson = workspace / "notebooks" / "nl" / "00-welkom-les.ipynb"
    lesson.write_text(lesson.read_text(encoding="utf-8") + " ", encoding="utf-8")  # their work
    other = workspace / "notebooks" / "nl" / "01-schildpad-les.ipynb"
    other.write_text("an older copy", encoding="utf-8")  # as if the course had changed since
    manifest = json.loads((workspace / pupil_workspace.MANIFEST).read_text())
    manifest["notebooks/nl/01-schildpad-les.ipynb"] = pupil_workspace._fingerprint(other)
    (workspace / pupil_workspace.MANIFEST).write_text(json.dumps(manifest))
    (workspace / "notebooks" / "nl" / "02-herhalen-les.ipynb").unlink()
    report = pupil_workspace.update(workspace)
    assert report["kept"] == ["notebooks/nl/00-welkom-les.ipynb"]
    assert report["updated"] == ["notebooks/nl/01-schildpad-les.ipynb"]
    assert report["new"] == ["notebooks/nl/02-herhalen-les.ipynb"]
    assert lesson.read_text(encoding="utf-8").endswith(" ")


def test_make_teacher_serves_the_whole_course_with_the_formgrader():
    recipe = make_recipe("teacher")
    assert f"--ServerApp.root_dir={ROOT}" in recipe and "JUPYTER_CONFIG_DIR" not in recipe


def test_the_teachers_formgrader_loads(tmp_path, monkeypatch):
    (tmp_path / "course").mkdir()
    course = copy_of_course(tmp_path / "course")
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(tmp_path / "grading"))
    # nbgrader starts `alembic` by name: the venv's, as `make teacher` (PATH in the Makefile).
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    with jupyter_server("lab", course, tmp_path / "state", TOKEN) as server:
        status, page = get(f"{server['url']}/formgrader?token={TOKEN}")
        assert status == 200
        assert "encountered an error" not in page
        status, listing = get(f"{server['url']}/formgrader/api/assignments?token={TOKEN}")
        assert status == 200 and "nl-01-schildpad" in listing
