"""The adversarial corpus: honest pupils and bad submissions for nl-00-welkom, graded together.

Each case says what the pupil handed in (built from the real exercise, so the corpus follows
the assignment), the status the class report must give, and the points the pupil must get
(None: not graded). Paths that a case attacks (the solution, another pupil's work, the
gradebook) are filled in when the corpus is written, from the course and grading folders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

ASSIGNMENT = "nl-00-welkom"

RIGHT = {
    "seconds-per-hour": "seconden_per_uur = 60 * 60\nprint(seconden_per_uur)",
    "days-old": "leeftijd = 11\ndagen = leeftijd * 365\nprint(dagen)",
    "banner": 'naam = "Mila"\nspandoek = "*** " + naam + " ***"\nprint(spandoek)',
    "fix-total": "totaal = 12 + 5\nprint(totaal)",
}


@dataclass(frozen=True)
class Case:
    pupil: str
    what: str
    status: str
    points: float | None
    change: Callable[[nbformat.NotebookNode, dict], nbformat.NotebookNode | bytes] | None = None
    answers: dict | None = None  # answer cell id -> source, on top of RIGHT
    file_name: str | None = None  # default: <pupil>_<assignment>.ipynb


def first_cell(seconds_source: str) -> dict:
    return {"seconds-per-hour": seconds_source}


def delete(cell_id: str):
    def change(notebook, paths):
        notebook.cells = [c for c in notebook.cells if c.id != cell_id]
        return notebook

    return change


def edit(cell_id: str, source: str):
    def change(notebook, paths):
        for cell in notebook.cells:
            if cell.id == cell_id:
                cell.source = source
        return notebook

    return change


def duplicate(cell_id: str):
    def change(notebook, paths):
        index = next(i for i, c in enumerate(notebook.cells) if c.id == cell_id)
        copy = nbformat.from_dict(nbformat.v4.new_code_cell(notebook.cells[index].source))
        copy.metadata = dict(notebook.cells[index].metadata)
        notebook.cells.insert(index + 1, copy)
        return notebook

    return change


def strip_metadata(cell_id: str):
    def change(notebook, paths):
        for cell in notebook.cells:
            if cell.id == cell_id:
                cell.metadata = {}
                cell.source = "pass"
        return notebook

    return change


def corrupt(notebook, paths):
    return nbformat.writes(notebook).encode()[:500]


def other_language(notebook, paths):
    return nbformat.read(paths["french exercise"], as_version=4)


STUBBORN_LOOP = """while True:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        pass"""

CASES = [
    Case("h1-right", "honest, all right", "ok", 10),
    Case("h2-right", "honest, all right", "ok", 10),
    Case("h3-partly", "honest, two answers wrong", "ok", 5,
         answers={"days-old": "leeftijd = 11\ndagen = leeftijd * 12", "fix-total": 'totaal = "12" + "5"'}),
    Case("a01-loop", "infinite loop", "timeout", 8, answers=first_cell("while True:\n    pass")),
    Case("a02-stubborn", "loop that ignores interrupts", "timeout", 8, answers=first_cell(STUBBORN_LOOP)),
    Case("a03-memory", "memory bomb", "memory", 8,
         answers=first_cell("blok = bytearray(5 * 1024**3)\nseconden_per_uur = 3600")),
    Case("a04-forkbomb", "fork bomb", "blocked", 8, answers=first_cell("import os\nwhile True:\n    os.fork()")),
    Case("a05-orphan", "orphan process", "blocked", 8, answers=first_cell(
        'import subprocess\nsubprocess.Popen(["sleep", "600"], start_new_session=True)\nseconden_per_uur = 3600')),
    Case("a06-output", "huge output", "huge output", 10,
         answers=first_cell('print("x" * 5_000_000)\nseconden_per_uur = 60 * 60')),
    Case("a07-deleted", "deleted test cell", "restored", 10, change=delete("test-banner")),
    Case("a08-edited", "edited test cell, wrong answer", "restored", 7,
         change=edit("test-banner", "pass"), answers={"banner": 'naam = "Mila"\nspandoek = naam'}),
    Case("a09-copied", "duplicated test cell", "restored", 10, change=duplicate("test-days-old")),
    Case("a10-stripped", "stripped test cell metadata", "restored", 10, change=strip_metadata("test-fix-total")),
    Case("a11-helper", "redefined check helper, wrong answer", "suspicious", 8, answers=first_cell(
        "import codekamp.check\ncodekamp.check.expect_equal = lambda *a, **k: None\n"
        "codekamp.check.expect_defined = lambda *a, **k: None\nseconden_per_uur = 1")),
    Case("a12-alwaysequal", "always-equal object", "suspicious", 8, answers=first_cell(
        "class Altijd:\n    def __eq__(self, other):\n        return True\n\nseconden_per_uur = Altijd()")),
    Case("a13-builtins", "monkeypatched builtins", "suspicious", 8, answers=first_cell(
        'import builtins\nbuiltins.type = lambda x: int\nbuiltins.print = lambda *a: None\nseconden_per_uur = "3600"')),
    Case("a14-sysexit", "sys.exit()", "ok", 8, answers=first_cell("import sys\nsys.exit(0)")),
    Case("a15-osexit", "os._exit()", "kernel died", 8, answers=first_cell("import os\nos._exit(1)")),
    Case("a16-corrupt", "corrupt JSON", "invalid notebook", None, change=corrupt),
    Case("a17-hidden", "reads the hidden tests", "blocked", 8,
         answers=first_cell('print(open("{solution}").read())')),
    Case("a18-classmate", "reads another pupil's notebook", "blocked", 8,
         answers=first_cell('print(open("{classmate}").read())')),
    Case("a19-gradebook", "overwrites the gradebook", "suspicious", 8, answers=first_cell(
        'import sqlite3\ndb = sqlite3.connect("{gradebook}")\ndb.execute("update grade set manual_score = 0")\n'
        "db.commit()")),
    Case("a20-outside", "writes outside its folder", "blocked", 8,
         answers=first_cell('open("{outside}", "w").write("pwned")')),
    Case("a21-network", "network access", "blocked", 8,
         answers=first_cell('import socket\nsocket.create_connection(("127.0.0.1", 9), timeout=2)')),
    Case("a22-killer", "kills the grader", "blocked", 8,
         answers=first_cell("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")),
    Case("a23-transformer", "input transformer turns tests into pass", "suspicious", 8, answers=first_cell(
        'get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])\nseconden_per_uur = 1')),
    Case("a24-french", "notebook of another assignment", "other assignment", None, change=other_language),
    Case("noname", "no pupil id in the file name", "no pupil id", None, file_name=f"{ASSIGNMENT}.ipynb"),
]  # fmt: skip


def answered(exercise: Path, answers: dict | None = None) -> nbformat.NotebookNode:
    """The exercise as a pupil hands it in: the RIGHT answers, except where ``answers`` (answer
    cell id -> source) says otherwise."""
    notebook = nbformat.read(exercise, as_version=4)
    chosen = {**RIGHT, **(answers or {})}
    for cell in notebook.cells:
        if cell.id in chosen:
            cell.source = chosen[cell.id]
    return notebook


def write_corpus(folder: Path, exercise: Path, paths: dict) -> None:
    """Write every case's handed-in file into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        answers = {**RIGHT, **(case.answers or {})}
        notebook = answered(
            exercise, {cell: code.format(**paths) for cell, code in answers.items()}
        )
        content = case.change(notebook, paths) if case.change else notebook
        if not isinstance(content, bytes):
            content = nbformat.writes(content).encode()
        (folder / (case.file_name or f"{case.pupil}_{ASSIGNMENT}.ipynb")).write_bytes(content)
