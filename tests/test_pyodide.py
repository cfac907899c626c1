"""codekamp in the browser: the package, installed from its own wheel into Pyodide (the Python
that JupyterLite runs in the browser, here a newer Python than the course's), draws
byte-identical pictures and gives the same turtle messages, checks, comparisons and hints as
in CPython, in nl, fr and en.

It needs Node.js: ``make test`` installs Pyodide from npm into ``tests/pyodide/node_modules``.
Without Node.js these tests are skipped, and pytest says so; CI sets
``CODEKAMP_REQUIRE_PYODIDE=1``, which turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from test_hints import CASES

from codekamp.i18n import LANGUAGES, translate

HERE = ROOT / "tests" / "pyodide"
PROBE = HERE / "probe.py"
# Pyodide's npm package, which these tests run offline, has no pandas (JupyterLite loads it from
# Pyodide's package site when there is a connection): pandas's mistakes are tried in CPython only.
IN_PYODIDE = {name: case for name, case in CASES.items() if "import pandas" not in case[0]}


def pyodide_missing() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (HERE / "node_modules" / "pyodide" / "package.json").exists():
        return "Pyodide is not installed (make test runs npm ci in tests/pyodide)"
    return None


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    missing = pyodide_missing()
    if missing:
        if os.environ.get("CODEKAMP_REQUIRE_PYODIDE") == "1":
            pytest.fail(f"{missing}, and CODEKAMP_REQUIRE_PYODIDE=1 asks for the Pyodide test")
        pytest.skip(f"{missing}: codekamp is not tried in Pyodide")
    work = tmp_path_factory.mktemp("pyodide")
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work), "."]
    subprocess.run(build, cwd=ROOT, check=True, capture_output=True, timeout=300)
    (wheel,) = work.glob("codekamp-*.whl")
    mistakes = work / "mistakes.json"
    mistakes.write_text(json.dumps({name: case[0] for name, case in IN_PYODIDE.items()}))
    runs = {
        "cpython": [sys.executable, str(PROBE)],
        "pyodide": ["node", str(HERE / "run.mjs"), str(wheel), str(PROBE), str(mistakes)],
    }
    results = {}
    for python, command in runs.items():
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{python}: {done.stderr[-3000:]}"
        results[python] = json.loads(done.stdout)
    return results


def test_the_probe_really_ran_in_pyodide(probed):
    assert probed["cpython"]["platform"] != "emscripten"
    assert probed["pyodide"]["platform"] == "emscripten"


@pytest.mark.parametrize("picture", ["square", "spiral", "house"])
def test_pyodide_draws_the_same_svg_byte_for_byte(probed, picture):
    svg = probed["pyodide"]["svg"][picture]
    assert svg.startswith("<svg") and "<path" in svg
    assert svg == probed["cpython"]["svg"][picture]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pyodide_gives_the_same_messages_checks_and_comparisons(probed, language):
    in_browser = probed["pyodide"]["languages"][language]
    assert in_browser == probed["cpython"]["languages"][language]
    assert in_browser["compare same"] is True and in_browser["compare missing"]
    assert all(in_browser["turtle"]) and all(in_browser["checks"][:4])
    assert in_browser["checks"][4] is None  # a right answer passes


@pytest.mark.parametrize("language", LANGUAGES)
def test_pyodide_recognises_every_mistake_and_hints_in_the_pupils_language(probed, language):
    found = probed["pyodide"]["languages"][language]["hints"]
    for case, (_code, message, values) in IN_PYODIDE.items():
        assert found[case] == translate(message, language).format(**values), case


def test_pyodide_reads_the_courses_data_files_and_cards_from_the_wheel(probed):
    data = probed["pyodide"]["data"]
    assert data == probed["cpython"]["data"]
    assert "regions-2024.csv" in data["names"] and data["belgium"] == 11_763_650
    assert "**Bron**" in data["card"]


def test_pyodide_draws_the_robots_maze_byte_for_byte(probed):
    maze = probed["pyodide"]["robot"]["maze"]
    assert maze.startswith("<svg") and "<animateMotion" in maze
    assert maze == probed["cpython"]["robot"]["maze"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pyodide_gives_the_robots_messages_in_the_pupils_language(probed, language):
    crash, map_mistake, words = probed["pyodide"]["robot"]["words"][language]
    assert [crash, map_mistake, words] == probed["cpython"]["robot"]["words"][language]
    assert "(2, 1)" in crash and "1" in map_mistake and "(2, 1)" in words
