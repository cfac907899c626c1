"""Grading a class of 30: Codekamp's one command versus plain nbgrader, in one run.

Both grade the same 30 honest submissions of nl-00-welkom (mixed right and partly wrong
answers) in fresh copies of the course and grading folders:

- plain nbgrader, as it comes (its own Execute step, no sandbox, no checks):
  ``nbgrader autograde`` alone, and autograde + generate_feedback + export (the same work
  the one command does);
- ``codekamp-grade``: checks, a separate process and a sandboxed kernel per pupil,
  gradebook and file verification, feedback and the status report.

Prints seconds for each and the ratios. Target: the one command takes at most 1.3x plain
``nbgrader autograde`` and less than 60 s on 2 cores.

    .venv/bin/python bench/grading/bench.py [--pupils 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "nl-00-welkom"
BIN = Path(sys.executable).parent

PLAIN_CONFIG = """
c = get_config()
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///{grading}/gradebook.db"
c.CourseDirectory.submitted_directory = "{grading}/submitted"
c.CourseDirectory.autograded_directory = "{grading}/autograded"
c.CourseDirectory.feedback_directory = "{grading}/feedback"
"""

RIGHT = {
    "seconds-per-hour": "seconden_per_uur = 60 * 60",
    "days-old": "leeftijd = 12\ndagen = leeftijd * 365",
    "banner": 'naam = "Noor"\nspandoek = "*** " + naam + " ***"',
    "fix-total": "totaal = 12 + 5",
}
WRONG = {"days-old": "leeftijd = 12\ndagen = leeftijd * 12", "fix-total": 'totaal = "17"'}


def submissions(count: int) -> list[tuple[str, nbformat.NotebookNode]]:
    exercise = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    made = []
    for number in range(1, count + 1):
        notebook = nbformat.read(exercise, as_version=4)
        answers = {**RIGHT, **(WRONG if number % 3 == 0 else {})}
        for cell in notebook.cells:
            if cell.id in answers:
                cell.source = answers[cell.id]
        made.append((f"p{number:02d}", notebook))
    return made


def course(folder: Path, config: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text(config)
    for part in ("solutions", "exercises"):
        shutil.copytree(ROOT / part / ASSIGNMENT, folder / part / ASSIGNMENT)
    return folder


def run(command: list[str], cwd: Path, env: dict) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}{result.stdout[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=30)
    pupils = parser.parse_args().pupils
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    nbgrader = str(BIN / "nbgrader")
    with tempfile.TemporaryDirectory(prefix="codekamp-bench-") as scratch:
        base = Path(scratch)
        handed_in = base / "handed-in"
        handed_in.mkdir()
        made = submissions(pupils)

        # plain nbgrader
        plain_grading = base / "plain-grading"
        plain_grading.mkdir()
        plain = course(base / "plain", PLAIN_CONFIG.format(grading=plain_grading))
        run([nbgrader, "generate_assignment", ASSIGNMENT, "--force"], plain, env)
        for pupil, notebook in made:
            target = plain_grading / "submitted" / pupil / ASSIGNMENT
            target.mkdir(parents=True)
            nbformat.write(notebook, target / f"{ASSIGNMENT}.ipynb")
            nbformat.write(notebook, handed_in / f"{pupil}_{ASSIGNMENT}.ipynb")
        autograde = run([nbgrader, "autograde", ASSIGNMENT], plain, env)
        feedback = run([nbgrader, "generate_feedback", ASSIGNMENT], plain, env)
        export = run([nbgrader, "export", "--to", str(plain_grading / "grades.csv")], plain, env)
        plain_all = autograde + feedback + export

        # Codekamp's one command
        ours_grading = base / "codekamp-grading"
        ours_env = {**env, "CODEKAMP_GRADING_DIR": str(ours_grading)}
        ours = course(base / "codekamp", (ROOT / "nbgrader_config.py").read_text())
        run([nbgrader, "generate_assignment", ASSIGNMENT, "--force"], ours, ours_env)
        one_command = run([str(BIN / "codekamp-grade"), ASSIGNMENT, str(handed_in)], ours, ours_env)

    load = os.getloadavg()[0]
    print(f"Grading {pupils} honest submissions of {ASSIGNMENT} (2 cores, load {load:.2f})")
    print(f"  plain nbgrader autograde                       {autograde:7.1f} s")
    print(f"  plain nbgrader autograde + feedback + export   {plain_all:7.1f} s")
    print(f"  codekamp-grade (checks, sandbox, feedback, report) {one_command:7.1f} s")
    ratio = one_command / autograde
    print(f"  ratio codekamp-grade / plain autograde          {ratio:7.2f}x (target <= 1.30x)")
    print(f"  ratio codekamp-grade / plain full pipeline      {one_command / plain_all:7.2f}x")
    verdict = "PASS" if ratio <= 1.3 and one_command < 60 else "FAIL"
    print(f"  {verdict}: target <= 1.3x plain autograde and < 60 s")


if __name__ == "__main__":
    main()
