"""Grading a class of 30 with 5 bad hand-ins mixed in: Codekamp's one command versus plain
nbgrader, in one run.

The same 30 honest submissions of nl-00-welkom (mixed right and partly wrong answers), in
fresh copies of the course and grading folders:

- plain nbgrader, as it comes (its own Execute step, no sandbox, no judge, no checks), on the
  30 honest ones only (a bad one can stop it): ``nbgrader autograde`` alone, and autograde +
  generate_feedback + export (the same work the one command does);
- ``codekamp-grade`` on the whole class, the 30 honest ones and 5 bad ones (a damaged
  notebook, an encrypted zip, a memory bomb, a fork bomb, a notebook that turns the tests into
  ``pass``): intake, the judge, a separate process and a sandboxed kernel per pupil,
  gradebook and file verification, feedback and the status report.

Prints seconds for each and the ratios, and checks that every honest pupil got exactly the
points plain nbgrader gave them. Target: the one command, for the whole class, takes at most
1.0x plain ``nbgrader autograde`` on the honest ones.

    .venv/bin/python bench/grading/bench.py [--pupils 30]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
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


def damaged(notebook: nbformat.NotebookNode) -> bytes:
    return nbformat.writes(notebook).encode()[:400]


def encrypted_zip(notebook: nbformat.NotebookNode) -> bytes:
    """A zip whose member says it is locked with a password (the flag bit is all it takes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr(f"{ASSIGNMENT}.ipynb", nbformat.writes(notebook))
    data = bytearray(buffer.getvalue())
    data[6] |= 1  # the local header's flag
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1  # the central directory's flag
    return bytes(data)


def with_first_answer(code: str):
    def make(notebook: nbformat.NotebookNode) -> bytes:
        changed = nbformat.from_dict(notebook)
        for cell in changed.cells:
            if cell.id == "seconds-per-hour":
                cell.source = code
        return nbformat.writes(changed).encode()

    return make


BAD = {
    f"x1_{ASSIGNMENT}.ipynb": damaged,
    "x2.zip": encrypted_zip,
    f"x3_{ASSIGNMENT}.ipynb": with_first_answer("blok = bytearray(5 * 1024**3)"),
    f"x4_{ASSIGNMENT}.ipynb": with_first_answer("import os\nwhile True:\n    os.fork()"),
    f"x5_{ASSIGNMENT}.ipynb": with_first_answer(
        'get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])'
    ),
}


def same_points(plain_csv: Path, reports: Path, made: list) -> int:
    """How many honest pupils got from codekamp-grade exactly the points plain nbgrader gave."""
    with plain_csv.open(newline="", encoding="utf-8") as file:
        plain = {row["student_id"]: float(row["score"]) for row in csv.DictReader(file)}
    with (reports / f"{ASSIGNMENT}-grades.csv").open(newline="", encoding="utf-8-sig") as file:
        ours = {row["pupil"]: row["score"] for row in csv.DictReader(file)}
    return sum(ours.get(pupil) and float(ours[pupil]) == plain[pupil] for pupil, _ in made)


def course(folder: Path, config: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text(config)
    for part in ("solutions", "exercises"):
        shutil.copytree(ROOT / part / ASSIGNMENT, folder / part / ASSIGNMENT)
    return folder


def run(command: list[str], cwd: Path, env: dict, allowed: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode not in allowed:
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
        for name, content in BAD.items():
            (handed_in / name).write_bytes(content(made[0][1]))
        autograde = run([nbgrader, "autograde", ASSIGNMENT], plain, env)
        feedback = run([nbgrader, "generate_feedback", ASSIGNMENT], plain, env)
        export = run([nbgrader, "export", "--to", str(plain_grading / "grades.csv")], plain, env)
        plain_all = autograde + feedback + export

        # Codekamp's one command
        ours_grading = base / "codekamp-grading"
        ours_env = {**env, "CODEKAMP_GRADING_DIR": str(ours_grading)}
        ours = course(base / "codekamp", (ROOT / "nbgrader_config.py").read_text())
        run([nbgrader, "generate_assignment", ASSIGNMENT, "--force"], ours, ours_env)
        command = [str(BIN / "codekamp-grade"), ASSIGNMENT, str(handed_in), "--lang", "en"]
        one_command = run(command, ours, ours_env, allowed=(0, 1))
        exact = same_points(plain_grading / "grades.csv", ours_grading / "reports", made)

    load = os.getloadavg()[0]
    print(f"Grading {pupils} honest and {len(BAD)} bad hand-ins of {ASSIGNMENT} "
          f"({os.cpu_count()} cores, load {load:.2f})")  # fmt: skip
    print(f"  plain nbgrader autograde, honest ones only              {autograde:7.1f} s")
    print(f"  plain nbgrader autograde + feedback + export            {plain_all:7.1f} s")
    print(f"  codekamp-grade, whole class (judge, sandbox, report)    {one_command:7.1f} s")
    ratio = one_command / autograde
    print(
        f"  ratio codekamp-grade / plain autograde                  {ratio:7.2f}x (target <= 1.00x)"
    )
    print(
        f"  ratio codekamp-grade / plain full pipeline              {one_command / plain_all:7.2f}x"
    )
    print(f"  honest pupils with exactly plain nbgrader's points      {exact:4d} / {pupils}")
    verdict = "PASS" if ratio <= 1.0 and exact == pupils else "FAIL"
    print(f"  {verdict}: target <= 1.0x plain autograde, every honest pupil exact")


if __name__ == "__main__":
    main()
