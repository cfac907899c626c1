"""The pieces of class grading: finding whose notebook is whose, checking notebooks before
grading, and the Linux sandbox itself (in a child process, so the tests stay free)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import nbformat
import pytest
from conftest import ROOT

from codekamp_grading.intake import find_handed_in
from codekamp_grading.precheck import precheck
from codekamp_grading.sandbox import landlock_abi, seccomp_program

ASSIGNMENT = "nl-00-welkom"
EXERCISE = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def test_pupils_are_found_by_file_name_folder_and_zip(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "p02").mkdir(parents=True)
    notebook = EXERCISE.read_bytes()
    (inbox / f"p01_{ASSIGNMENT}.ipynb").write_bytes(notebook)
    (inbox / "p02" / f"{ASSIGNMENT}.ipynb").write_bytes(notebook)
    with zipfile.ZipFile(inbox / "p03.zip", "w") as zipped:
        zipped.writestr(f"{ASSIGNMENT}.ipynb", notebook)
        zipped.writestr("../escape.ipynb", notebook)
    (inbox / f"{ASSIGNMENT}.ipynb").write_bytes(notebook)
    found = find_handed_in(inbox, ASSIGNMENT, tmp_path / "unpacked")
    assert [h.pupil for h in found] == ["p01", "p02", "p03", None]
    assert not (tmp_path / "escape.ipynb").exists()


def test_the_newest_notebook_of_a_pupil_counts(tmp_path):
    import os

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old, new = inbox / f"p01_{ASSIGNMENT}.ipynb", inbox / "p01_again.ipynb"
    old.write_bytes(EXERCISE.read_bytes())
    new.write_bytes(EXERCISE.read_bytes())
    os.utime(old, (1, 1))
    assert [h.path for h in find_handed_in(inbox, ASSIGNMENT, tmp_path / "u")] == [new]


def release():
    return nbformat.read(EXERCISE, as_version=4)


def test_a_damaged_notebook_says_where():
    checked = precheck(EXERCISE.read_bytes()[:300], release())
    assert checked.notebook is None
    message, values = checked.problem
    assert "damaged" in message and values["line"] >= 1


def test_a_notebook_of_another_assignment_is_named():
    french = (ROOT / "exercises" / "fr-00-bienvenue" / "fr-00-bienvenue.ipynb").read_bytes()
    checked = precheck(french, release())
    assert checked.notebook is None and checked.problem[1]["language"] == "fr"


def test_a_copied_test_cell_loses_its_grading_mark():
    notebook = release()
    index = next(i for i, c in enumerate(notebook.cells) if c.id == "test-banner")
    copy = nbformat.v4.new_code_cell(notebook.cells[index].source)
    copy.metadata = json.loads(json.dumps(notebook.cells[index].metadata))
    notebook.cells.insert(index + 1, copy)
    checked = precheck(nbformat.writes(notebook).encode(), release())
    grade_ids = [
        c.metadata["nbgrader"]["grade_id"]
        for c in checked.notebook.cells
        if "nbgrader" in c.metadata
    ]
    assert grade_ids.count("test-banner") == 1 and checked.repairs and not checked.suspicious


def test_tricks_in_answer_cells_are_noticed():
    notebook = release()
    for cell in notebook.cells:
        if cell.id == "banner":
            cell.source = "import builtins\nbuiltins.len = lambda x: 3"
    checked = precheck(nbformat.writes(notebook).encode(), release())
    assert checked.suspicious == ["builtins"]


def test_an_honest_notebook_needs_no_repair():
    checked = precheck(EXERCISE.read_bytes(), release())
    assert checked.notebook is not None and not checked.repairs and not checked.suspicious


def test_the_seccomp_program_is_whole_instructions():
    for machine in ("x86_64", "aarch64"):
        program = seccomp_program(machine)
        assert program and len(program) % 8 == 0
    assert seccomp_program("mips") is None


SANDBOXED_CHILD = r"""
import os, resource, socket, subprocess, sys
from pathlib import Path
from codekamp_grading import sandbox
scratch = Path(sys.argv[1])
sandbox.apply_resource_limits(sandbox.Limits(memory_bytes=1024**3))
assert sandbox.apply_seccomp()
read_only = [Path(p) for p in ("/usr", "/lib", "/lib64", "/bin", "/etc", "/proc")]
read_only += [Path(p) for p in sys.path if p]
assert sandbox.apply_landlock(read_only, [scratch], [Path("/dev/null")], [])
results = {}
def attempt(name, action):
    try:
        action()
        results[name] = "allowed"
    except (OSError, MemoryError, ValueError) as error:
        results[name] = type(error).__name__
attempt("new process", lambda: subprocess.run(["true"]))
attempt("read course file", lambda: open(sys.argv[2]).read())
attempt("write outside", lambda: open(sys.argv[3], "w").write("x"))
attempt("write scratch", lambda: (scratch / "ok.txt").write_text("x"))
attempt("network", lambda: socket.create_connection(("127.0.0.1", 9), timeout=1))
attempt("signal parent", lambda: os.kill(os.getppid(), 0))
attempt("memory bomb", lambda: bytearray(3 * 1024**3))
attempt("raise limit", lambda: resource.setrlimit(resource.RLIMIT_AS, (-1, -1)))
print(results)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox is Linux-only")
@pytest.mark.xfail(
    landlock_abi() < 6, reason="needs Landlock ABI 6+ (Linux 6.7 or newer)", strict=True
)
def test_the_sandbox_blocks_what_pupil_code_must_not_do(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    outside = tmp_path / "outside.txt"
    course_file = str(ROOT / "nbgrader_config.py")
    command = [sys.executable, "-c", SANDBOXED_CHILD, str(scratch), course_file, str(outside)]
    output = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    results = eval(output)  # the child printed a dict literal
    assert results == {
        "new process": "PermissionError",
        "read course file": "PermissionError",
        "write outside": "PermissionError",
        "write scratch": "allowed",
        "network": "PermissionError",
        "signal parent": "PermissionError",
        "memory bomb": "MemoryError",
        "raise limit": "ValueError",
    }
    assert not outside.exists()
