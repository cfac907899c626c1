"""Autograding pupils' notebooks one by one, each in a process of its own, with the course
files and the gradebook checked (and restored) after each batch.

nbgrader's own API does the grading (``NbGraderAPI.autograde``), with the course's pipeline:
the pupil's code runs in a kernel with Codekamp's judge, inside the sandbox where there is one
(see ``execute``). Around it, this module makes sure that nothing a pupil does can stop the
class or cost a classmate their grade:

- each pupil is graded in a child process of its own, with a deadline;
- the course files, the other pupils' graded notebooks and the gradebook's other rows are
  fingerprinted before and checked after each batch; a change is undone, and the batch is
  graded again one pupil at a time to find out whose code did it (``TAMPERED``);
- when nbgrader itself fails on a pupil (a kernel that would not start on a busy machine),
  the pupil is graded once more, alone; nbgrader's messages are kept in the pupil's log.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from codekamp.i18n import N_
from codekamp_grading.folders import log_file, status_file
from codekamp_grading.guard import (
    backup_gradebook,
    changed_since,
    gradebook_digest,
    restore,
    restore_gradebook,
    snapshot,
)
from codekamp_grading.kernel_launcher import SCRATCH_PARENT
from codekamp_grading.sandbox import end_with_parent
from codekamp_grading.status import RunReport

PUPIL_FOLDERS = ("submitted", "autograded", "feedback")
TOOK_TOO_LONG = N_("grading this notebook took longer than allowed for one pupil")
ENDED = N_("the grading process ended unexpectedly (code {code})")


@dataclass
class Outcome:
    """What grading one pupil gave: nbgrader's verdict, and what the execution step saw."""

    pupil: str
    graded: bool = False
    error: str = ""  # nbgrader's messages when it could not grade the notebook (for the log)
    problem: tuple[str, dict] | None = None  # when the grader itself stopped it: why, to say
    tampered: list[Path] = field(default_factory=list)  # shared files it changed (restored)
    run: RunReport = field(default_factory=RunReport)


@dataclass(frozen=True)
class Course:
    """The course and grading folders of one run, and nbgrader's API for them."""

    root: Path
    assignment: str
    grading: Path
    api: Any  # nbgrader.apps.api.NbGraderAPI
    seconds_per_pupil: float
    jobs: int  # pupils graded at the same time

    def folder(self, kind: str, pupil: str = ".") -> Path:
        """nbgrader's folder of ``kind`` ("submitted", "autograded", …) for a pupil."""
        coursedir = self.api.coursedir
        return Path(coursedir.format_path(getattr(coursedir, f"{kind}_directory"), pupil,
                                          self.assignment))  # fmt: skip

    @property
    def protected(self) -> list[Path]:
        """What no pupil's code may change: the configuration, the exercise, the solution."""
        return [self.root / "nbgrader_config.py", self.folder("release"), self.folder("source")]


def grade_pupils(
    course: Course, notebooks: dict[str, NotebookNode], file_name: str
) -> dict[str, Outcome]:
    """Autograde each pupil's notebook (``notebooks``: pupil -> the checked notebook, handed
    to nbgrader as ``file_name``); one Outcome each.

    A pupil's notebook goes into nbgrader's submitted folder just before their batch; when
    the run is stopped (Ctrl-C), the batch's pupils get back what they had before.
    """
    pupils = sorted(notebooks)
    outcomes: dict[str, Outcome] = {}
    with _own_scratch_parent():
        for start in range(0, len(pupils), course.jobs):
            batch = pupils[start : start + course.jobs]
            outcomes.update(_hand_over_and_grade(course, batch, pupils, notebooks, file_name))
        # A failure of the grader itself should not cost a pupil their grade: once more, alone.
        for pupil in [p for p, o in outcomes.items() if not o.graded and not o.tampered]:
            outcomes.update(_grade_batch(course, [pupil], pupils, second_try=True))
    return outcomes


def _hand_over_and_grade(
    course: Course,
    batch: list[str],
    everyone: list[str],
    notebooks: dict[str, NotebookNode],
    file_name: str,
) -> dict[str, Outcome]:
    """Put the batch's notebooks where nbgrader looks, and grade them; on Ctrl-C, put back
    each pupil's folders as they were."""
    own = [course.folder(kind, pupil) for pupil in batch for kind in PUPIL_FOLDERS]
    before = snapshot([path for path in own if path.exists()])
    try:
        for pupil in batch:
            # Only the notebook is replaced: other files nbgrader keeps there (the time it
            # was handed in) stay, and so does a hand-in folder that is nbgrader's own.
            target = course.folder("submitted", pupil)
            target.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebooks[pupil], target / file_name)
        return _grade_batch(course, batch, everyone)
    except BaseException:
        for path in own:
            shutil.rmtree(path, ignore_errors=True)
        restore(before, [])
        raise


def _grade_batch(
    course: Course, batch: list[str], everyone: list[str], second_try: bool = False
) -> dict[str, Outcome]:
    """Grade a few pupils at once, then check that nothing shared changed; if something did,
    restore it and grade them one by one to find out who."""
    others = [course.folder("autograded", p) for p in everyone if p not in batch]
    watched = course.protected + [path for path in others if path.exists()]
    files_before = snapshot(watched)
    database, copy = course.grading / "gradebook.db", course.grading / "gradebook.backup.db"
    backup_gradebook(database, copy)
    rows_before = gradebook_digest(database, batch)
    for pupil in batch:
        status_file(course.grading, course.assignment, pupil).unlink(missing_ok=True)
        if not second_try:
            log_file(course.grading, course.assignment, pupil).unlink(missing_ok=True)

    try:
        verdicts = _autograde_in_children(course, batch)
    except BaseException:  # Ctrl-C: put the gradebook and the shared files back as they were
        restore_gradebook(copy, database)
        restore(files_before, watched)
        raise
    finally:
        for folder in _scratch_parent().iterdir():  # left by a kernel that was killed
            shutil.rmtree(folder, ignore_errors=True)

    tampered = changed_since(files_before, watched)
    if tampered:
        restore(files_before, watched)
    if gradebook_digest(database, batch) != rows_before:
        restore_gradebook(copy, database)
        tampered.append(database)
    copy.unlink(missing_ok=True)
    if tampered and len(batch) > 1:
        outcomes: dict[str, Outcome] = {}
        for pupil in batch:
            outcomes.update(_grade_batch(course, [pupil], everyone, second_try))
        return outcomes

    outcomes = {}
    for pupil, (success, error, problem) in zip(batch, verdicts, strict=True):
        outcome = Outcome(pupil, success and not tampered, error, problem, tampered)
        path = status_file(course.grading, course.assignment, pupil)
        try:
            outcome.run = RunReport.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            pass
        if error:
            log = log_file(course.grading, course.assignment, pupil)
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as text:
                text.write(f"--- {'second' if second_try else 'first'} try ---\n{error}\n")
        outcomes[pupil] = outcome
    return outcomes


def _autograde_in_children(course: Course, batch: list[str]) -> list[tuple]:
    """Autograde each pupil of ``batch`` in its own process, all at once; for each, nbgrader's
    verdict (success, error text) and, when the grader stopped it, why (a note). A child that
    runs past the deadline is stopped."""
    # On Linux the children are forked: they inherit nbgrader's API ready to use.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    running = []
    for pupil in batch:
        answer = context.Queue()
        log = log_file(course.grading, course.assignment, pupil)
        process = context.Process(
            target=_autograde_one, args=(course.api, log, course.assignment, pupil, answer)
        )
        process.start()
        running.append((process, answer))
    verdicts = []
    finish = time.monotonic() + course.seconds_per_pupil
    try:
        for process, answer in running:
            process.join(max(0.0, finish - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
                verdicts.append((False, "", (TOOK_TOO_LONG, {})))
                continue
            try:
                verdicts.append((*answer.get(timeout=1), None))
            except Exception:  # the child died without answering
                verdicts.append((False, "", (ENDED, {"code": process.exitcode})))
    finally:
        for process, _ in running:  # on Ctrl-C too: no grading process outlives the run
            if process.is_alive():
                process.kill()
                process.join()
    return verdicts


def _autograde_one(api: Any, log: Path, assignment: str, pupil: str, answer: Any) -> None:
    """In a child process: autograde one pupil and send back nbgrader's verdict. What
    nbgrader prints goes to the pupil's log; the child ends when the grader ends."""
    end_with_parent()
    log.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    result = api.autograde(assignment, pupil, force=True, create=True)
    answer.put((bool(result.get("success")), str(result.get("error") or "")))


def _scratch_parent() -> Path:
    return Path(os.environ[SCRATCH_PARENT])


@contextmanager
def _own_scratch_parent() -> Iterator[Path]:
    """A folder for this run's kernels' scratch folders (see kernel_launcher), removed at the
    end: two grading runs on one computer never clear away each other's."""
    folder = Path(tempfile.mkdtemp(prefix="codekamp-grading-"))
    before = os.environ.get(SCRATCH_PARENT)
    os.environ[SCRATCH_PARENT] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            del os.environ[SCRATCH_PARENT]
        else:
            os.environ[SCRATCH_PARENT] = before
        shutil.rmtree(folder, ignore_errors=True)
