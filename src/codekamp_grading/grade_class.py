"""Grade a whole class with one command:

    codekamp-grade nl-00-welkom ~/Downloads/klas-3b

It finds the notebooks pupils handed in (files, zips, a folder per pupil, or a hub's
exchange), checks each one, repairs what can be repaired, autogrades every pupil in a
separate process with a guarded kernel, checks that the gradebook and the course files are
intact after each pupil, writes feedback, and exports ``grades.csv`` with a status per pupil
and a readable report, in the teacher's language. Run it in the course folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from codekamp.i18n import LANGUAGES, N_, get_language, translate
from codekamp_grading.folders import grading_folder, log_file, status_file
from codekamp_grading.guard import (
    backup_gradebook,
    changed_since,
    gradebook_digest,
    restore,
    restore_gradebook,
    snapshot,
)
from codekamp_grading.intake import find_handed_in
from codekamp_grading.kernel_launcher import SCRATCH_PARENT
from codekamp_grading.lock import BUSY, GradingFolderBusy, one_run_at_a_time
from codekamp_grading.precheck import precheck
from codekamp_grading.report import PupilResult, status_from_incidents, summary, write_csv
from codekamp_grading.sandbox import landlock_abi


def load_config(course: Path, timeout: int | None = None):
    """The course's nbgrader configuration, as nbgrader itself reads it."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    if "root" not in config.Exchange:  # no hub exchange here: keep nbgrader from looking for one
        config.Exchange.root = str(grading_folder() / "exchange")
    if timeout:
        config.Execute.timeout = timeout
    return config


def _api(course: Path, timeout: int | None):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_config(course, timeout)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


COULD_NOT_GRADE = N_("nbgrader could not grade it: {error}")

_FORKED_API = None  # the parent's nbgrader API, inherited by forked children (Linux)


def _autograde_one(course: str, assignment: str, pupil: str, timeout: int | None, answer) -> None:
    """In a child process: autograde one pupil and send back nbgrader's verdict."""
    api = _FORKED_API or _api(Path(course), timeout)  # spawned children build their own
    result = api.autograde(assignment, pupil, force=True, create=True)
    answer.put({"success": bool(result.get("success")), "error": result.get("error") or ""})


def autograde_isolated(
    course: Path, assignment: str, pupils: list[str], timeout: int | None, deadline: float
) -> list[dict]:
    """Autograde pupils each in its own process (at the same time), so nothing a pupil does
    can stop the class; returns nbgrader's verdict for each."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    running = []
    for pupil in pupils:
        answer = context.Queue()
        arguments = (str(course), assignment, pupil, timeout, answer)
        process = context.Process(target=_autograde_one, args=arguments)
        process.start()
        running.append((process, answer))
    verdicts = []
    finish = time.monotonic() + deadline
    for process, answer in running:
        process.join(max(0.0, finish - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
            verdicts.append({"success": False, "error": "took too long"})
            continue
        try:
            verdicts.append(answer.get(timeout=1))
        except Exception:  # the child died without answering
            code = process.exitcode
            verdicts.append(
                {"success": False, "error": f"the grading process ended with code {code}"}
            )
    return verdicts


def grade_class(course: Path, assignment: str, handed_in_folder: Path, language: str,
                timeout: int | None = None) -> tuple[list[PupilResult], str]:  # fmt: skip
    """Grade every notebook in ``handed_in_folder``; returns the results and the report text.

    Raises GradingFolderBusy when another run is grading in the same grading folder.
    """
    with one_run_at_a_time(grading_folder()):
        return _grade_class(course, assignment, handed_in_folder, language, timeout)


def _grade_class(course: Path, assignment: str, handed_in_folder: Path, language: str,
                 timeout: int | None) -> tuple[list[PupilResult], str]:  # fmt: skip
    # nbgrader starts some of its tools by name (alembic): take them from this environment.
    bin_folder = str(Path(sys.executable).parent)
    if bin_folder not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_folder + os.pathsep + os.environ.get("PATH", "")
    global _FORKED_API
    api = _FORKED_API = _api(course, timeout)
    coursedir = api.coursedir
    grading = grading_folder()
    release_folder = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    release_path = next(release_folder.glob("*.ipynb"))
    release = nbformat.read(release_path, as_version=4)
    _ensure_in_gradebook(api, assignment)

    results: list[PupilResult] = []
    gradable: list[tuple[PupilResult, bool, bool]] = []
    with tempfile.TemporaryDirectory(prefix="codekamp-unzip-") as unpack:
        for handed in find_handed_in(handed_in_folder, assignment, Path(unpack)):
            if handed.pupil is None:
                result = PupilResult(handed.path.name, "no pupil id")
                result.notes.append(
                    (N_("name the file <pupil>_{assignment}.ipynb"), {"assignment": assignment})
                )
                results.append(result)
                continue
            result = PupilResult(handed.pupil)
            results.append(result)
            checked = precheck(handed.path.read_bytes(), release)
            if checked.notebook is None:
                message, values = checked.problem
                result.status = (
                    "other assignment" if "another assignment" in message else "invalid notebook"
                )
                result.notes.append((message, values))
                continue
            result.notes += checked.repairs
            if checked.suspicious:
                note = N_("look at this notebook: its code uses {tricks}")
                result.notes.append((note, {"tricks": ", ".join(checked.suspicious)}))
            target = Path(
                coursedir.format_path(coursedir.submitted_directory, handed.pupil, assignment)
            )
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            nbformat.write(checked.notebook, target / release_path.name)
            gradable.append((result, bool(checked.repairs), bool(checked.suspicious)))

    source_folder = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    protected = [course / "nbgrader_config.py", release_folder, source_folder]
    cells = sum(cell.cell_type == "code" for cell in release.cells)
    deadline = 60 + cells * ((timeout or 30) + 15)
    # Two pupils at a time where the sandbox keeps them from touching anything shared.
    sandboxed = api.config.GuardedExecute.get("sandbox", True) and landlock_abi() >= 6
    jobs = 2 if sandboxed and (os.cpu_count() or 1) > 1 else 1
    protections: set[str] = set()
    with _own_scratch_parent() as scratch:
        context = _Context(
            course, assignment, grading, coursedir, protected, timeout, deadline, scratch
        )
        for start in range(0, len(gradable), jobs):
            protections |= _grade_batch(context, gradable[start : start + jobs], gradable)
        # A failure of the grader itself (a kernel that would not start on a busy machine,
        # say) should not cost a pupil their grade: each such pupil is graded once more, alone.
        for one in [entry for entry in gradable if entry[0].status == "not gradable"]:
            one[0].notes = [note for note in one[0].notes if note[0] != COULD_NOT_GRADE]
            protections |= _grade_batch(context, [one], gradable, second_try=True)

    graded = [r for r, *_ in gradable if r.graded]
    _feedback_and_scores(api, assignment, graded)
    results.sort(key=lambda r: r.pupil)
    reports = grading / "reports"
    write_csv(results, assignment, reports / f"{assignment}-grades.csv", language)
    text = summary(results, assignment, sorted(protections), language)
    (reports / f"{assignment}-report.txt").write_text(text + "\n", encoding="utf-8")
    return results, text


@dataclass(frozen=True)
class _Context:
    course: Path
    assignment: str
    grading: Path
    coursedir: object
    protected: list[Path]
    timeout: int | None
    deadline: float
    scratch: Path  # this run's kernels' scratch folders, and nobody else's


def _grade_batch(
    context: _Context, batch: list, everyone: list, second_try: bool = False
) -> set[str]:
    """Grade a few pupils at once, each in its own process, then check that nothing shared
    changed; if something did, restore it and grade them one by one to find out who."""
    c = context
    pupils = [result.pupil for result, *_ in batch]
    others = [
        Path(c.coursedir.format_path(c.coursedir.autograded_directory, r.pupil, c.assignment))
        for r, *_ in everyone
        if r.pupil not in pupils
    ]
    watched = c.protected + [p for p in others if p.exists()]
    files_before = snapshot(watched)
    database, copy = c.grading / "gradebook.db", c.grading / "gradebook.backup.db"
    backup_gradebook(database, copy)
    before = gradebook_digest(database, pupils)
    for pupil in pupils:
        status_file(c.grading, c.assignment, pupil).unlink(missing_ok=True)
        if not second_try:
            log_file(c.grading, c.assignment, pupil).unlink(missing_ok=True)

    verdicts = autograde_isolated(c.course, c.assignment, pupils, c.timeout, c.deadline)

    for folder in c.scratch.iterdir():  # left by a kernel that was killed
        shutil.rmtree(folder, ignore_errors=True)
    tampered = changed_since(files_before, watched)
    if tampered:
        restore(files_before, watched)
    if gradebook_digest(database, pupils) != before:
        restore_gradebook(copy, database)
        tampered.append(database)
    copy.unlink(missing_ok=True)
    if tampered and len(batch) > 1:
        protections: set[str] = set()
        for one in batch:
            protections |= _grade_batch(context, [one], everyone, second_try)
        return protections

    protections = set()
    for (result, repaired, suspicious), verdict in zip(batch, verdicts, strict=True):
        info = _read_status(status_file(c.grading, c.assignment, result.pupil))
        protections.update(info.get("protections", []))
        if tampered:
            result.status = "tampered"
            note = N_("it changed grading files; they were restored: {files}")
            result.notes.append((note, {"files": ", ".join(p.name for p in tampered)}))
        elif not verdict["success"]:
            result.status = "not gradable"
            log = log_file(c.grading, c.assignment, result.pupil)
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as text:
                text.write(
                    f"--- {'second' if second_try else 'first'} try ---\n{verdict['error']}\n"
                )
            result.notes.append((COULD_NOT_GRADE, {"error": _last_line(verdict["error"])}))
        else:
            result.status = status_from_incidents(info.get("incidents", []), repaired, suspicious)
            result.notes += _incident_notes(info.get("incidents", []))
    return protections


@contextmanager
def _own_scratch_parent() -> Iterator[Path]:
    """A folder for this run's kernels' scratch folders (see kernel_launcher), removed at the
    end: two grading runs on one computer (two classes, two teachers on a hub) never clear
    away each other's."""
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


def _ensure_in_gradebook(api, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(api.coursedir.db_url) as gradebook:
        try:
            if gradebook.find_assignment(assignment).notebooks:
                return
        except MissingEntry:
            pass
    api.generate_assignment(assignment, force=True)


def _feedback_and_scores(api, assignment: str, graded: list[PupilResult]) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    if graded:
        api.generate_feedback(assignment)  # one run for the class is much faster than one per pupil
    with Gradebook(api.coursedir.db_url) as gradebook:
        for result in graded:
            try:
                submission = gradebook.find_submission(assignment, result.pupil)
            except MissingEntry:
                result.status = "not gradable"
                continue
            result.score, result.max_score = submission.score, submission.max_score


def _incident_notes(incidents: list[dict]) -> list[tuple[str, dict]]:
    from codekamp_grading.report import INCIDENT_NOTES

    notes = []
    for incident in incidents:
        message = INCIDENT_NOTES.get(incident["what"])
        note = (message, {}) if message else None
        if note and note not in notes:
            notes.append(note)
    return notes


def _read_status(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="codekamp-grade",
        description="Grade the notebooks a class handed in for one assignment.",
    )
    parser.add_argument("assignment", help="the assignment id, e.g. nl-00-welkom")
    parser.add_argument("folder", type=Path, help="the folder with the handed-in notebooks or zips")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="the course folder")
    parser.add_argument("--lang", choices=LANGUAGES, default=get_language(), help="report language")
    parser.add_argument("--timeout", type=int, default=None, help="seconds per cell")
    options = parser.parse_args(argv)
    try:
        results, text = grade_class(
            options.course.resolve(),
            options.assignment,
            options.folder.resolve(),
            options.lang,
            options.timeout,
        )
    except GradingFolderBusy as busy:
        print(translate(BUSY, options.lang).format(folder=busy.folder), file=sys.stderr)
        return 2
    print(text)
    print(grading_folder() / "reports" / f"{options.assignment}-grades.csv")
    return 0 if all(r.graded for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
