"""The grader's side of the judge (see ``judge``): what it hands the pupil's kernel, what the
kernel is asked to run instead of each test cell, and how a verdict becomes the cell's output.

- ``JudgePack``: the test cells' code, a fresh key and the notebook's language, written to a
  private file for each kernel the grader starts; where the judge writes its verdicts.
- ``request(grade_id)``: the one line the kernel runs in place of a test cell.
- ``VerdictReader``: the judge's signed records, read as they arrive.
- ``outputs(verdict)``: what the test cell shows afterwards, in the pupil's language; nbgrader
  scores the cell from it (an error output means the test failed).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from codekamp.i18n import N_, translate
from codekamp_grading import verdicts
from codekamp_grading.verdicts import Record

PACK_VARIABLE = "CODEKAMP_JUDGE_PACK"
VERDICTS_VARIABLE = "CODEKAMP_JUDGE_VERDICTS"


def is_test_cell(cell: NotebookNode) -> bool:
    """A cell the teacher wrote to grade the pupil's answer (nbgrader: graded, not an answer)."""
    marks = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(marks.get("grade")) and not marks.get("solution")


def grade_id(cell: NotebookNode) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def answer_sources(notebook: NotebookNode) -> dict[str, str]:
    """The code of the other code cells, by cell id and by nbgrader id: what the kernel runs,
    so that checks such as "use a loop" read the handed-in answer (``codekamp.cells``)."""
    sources: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or is_test_cell(cell):
            continue
        for name in (cell.get("id"), grade_id(cell)):
            if name:
                sources.setdefault(name, cell.source)
    return sources


def request(test_id: str) -> str:
    """What the pupil's kernel runs in place of the test cell ``test_id``."""
    return f'__import__("sys").audit("codekamp.test", {test_id!r})'


class JudgePack:
    """The files shared with one notebook's kernels: the pack (rewritten before each kernel
    starts: a kernel may delete it once read) and the verdicts. ``close()`` removes both."""

    def __init__(self, notebook: NotebookNode) -> None:
        self.key = secrets.token_bytes(32)
        self.tests = {grade_id(cell): cell.source for cell in notebook.cells if is_test_cell(cell)}
        self.answers = answer_sources(notebook)
        self.language = notebook.get("metadata", {}).get("codekamp", {}).get("language", "en")
        self.folder = Path(tempfile.mkdtemp(prefix="codekamp-judge-"))
        self.pack = self.folder / "pack.json"
        self.verdicts = self.folder / "verdicts"
        self.verdicts.touch(mode=0o600)

    def write(self) -> None:
        """(Re)write the pack, readable by this user only."""
        content = {
            "key": self.key.hex(),
            "tests": self.tests,
            "answers": self.answers,
            "language": self.language,
        }
        descriptor = os.open(self.pack, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(content, file)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class VerdictReader:
    """Reads the judge's records as the kernel appends them."""

    def __init__(self, pack: JudgePack) -> None:
        self.pack = pack
        self.offset = 0

    def new_records(self) -> tuple[list[Record], int]:
        """The genuine records written since the last call, and how many forged lines."""
        try:
            with self.pack.verdicts.open("rb") as file:
                file.seek(self.offset)
                data = file.read()
        except OSError:
            return [], 0
        end = data.rfind(b"\n") + 1  # a line still being written is read next time
        self.offset += end
        return verdicts.read(self.pack.key, data[:end])


@dataclass(frozen=True)
class Verdict:
    """The judge's decision on one test cell."""

    test_id: str
    passed: bool
    error_name: str
    message: str
    printed: str
    restart: bool  # the pupil's code did not come back: start a new kernel before going on

    @classmethod
    def from_record(cls, record: Record) -> Verdict | None:
        if record.kind != verdicts.VERDICT or len(record.fields) != 6:
            return None
        test_id, outcome, name, message, printed, restart = record.fields
        return cls(test_id, outcome == "pass", name, message, printed, restart == "1")


STOPPED = N_("The test was stopped: the code took longer than {seconds} seconds.")
NOT_RUN = N_(
    "This test did not run as the teacher wrote it, so it earns no points. "
    "Did the notebook change how Python runs cells?"
)
RUN_EARLY = N_("This test ran before the teacher's grader asked for it, so it earns no points.")
ASKED_TWICE = N_("This test was asked for twice, so it earns no points.")


def outputs(verdict: Verdict | None, language: str, problem: str = "", **values: object) -> list:
    """The outputs a test cell gets: what the test printed, and an error when it failed.

    ``problem`` (an English message) replaces the verdict's own message, e.g. NOT_RUN.
    """
    shown: list[NotebookNode] = []
    if verdict is not None and verdict.printed:
        shown.append(NotebookNode(output_type="stream", name="stdout", text=verdict.printed))
    if verdict is not None and verdict.passed and not problem:
        return shown
    if problem:
        name, message = "TestNotRun", translate(problem, language).format(**values)
    elif verdict.error_name == "KeyboardInterrupt":
        name, message = "Timeout", translate(STOPPED, language).format(**values)
    elif verdict.message == "asked twice":
        name, message = "TestNotRun", translate(ASKED_TWICE, language)
    else:
        name, message = verdict.error_name or "Error", verdict.message
    shown.append(error_output(name, message))
    return shown


def error_output(name: str, message: str) -> NotebookNode:
    """An error output as nbgrader scores it (the cell failed), with a one-line traceback."""
    return NotebookNode(
        output_type="error",
        ename=name,
        evalue=message,
        traceback=[f"{name}: {message}" if message else name],
    )
