"""Grade a whole class with one command:

    codekamp-grade nl-00-welkom ~/Downloads/klas-3b

Run it in the course folder (or give ``--course``). In four steps:

1. **intake** (``intake.gather``): every handed-in file is found, read safely and checked;
   each pupil's one notebook is chosen and repaired (``precheck``); what cannot be graded
   gets a status;
2. **grading** (``grading.grade_pupils``): nbgrader autogrades each pupil in a process of its
   own, with the judge and the sandbox; shared files and the gradebook are checked after each;
3. **collecting**: feedback for the graded pupils, points from the gradebook, and the
   grades of pupils whose new hand-in cannot be graded taken out, so that the report, the
   gradebook and the feedback agree;
4. **reporting** (``report``): a status per row, the report on screen and in
   ``<grading folder>/reports/``, and a spreadsheet.

Exit status: 0 when every hand-in was graded; 1 when the report lists some that were not
(or feedback could not be written); 2 when grading could not start (a mistake in the command:
the course, the assignment or the folder; or another run busy in the grading folder); 130
when it was stopped with Ctrl-C (nothing of the unfinished pupils is kept). Library messages
go to ``<grading folder>/logs/<assignment>/run.log``, not to the screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from codekamp.i18n import LANGUAGES, N_, get_language, translate
from codekamp_grading.folders import grading_folder
from codekamp_grading.grading import Course, grade_pupils
from codekamp_grading.intake import HandIn, TooManyPupils, gather
from codekamp_grading.limits import read_limits
from codekamp_grading.lock import BUSY, GradingFolderBusy, one_run_at_a_time
from codekamp_grading.report import (
    PupilResult,
    last_line,
    result_for,
    scored,
    summary,
    write_grades,
)
from codekamp_grading.sandbox import landlock_abi
from codekamp_grading.sanitize import safe_text, sanitize_notebook

EXIT_ALL_GRADED, EXIT_SOME_NOT_GRADED, EXIT_NOT_STARTED, EXIT_STOPPED = 0, 1, 2, 130

NO_COURSE = N_(
    "There is no nbgrader_config.py in {folder}: run codekamp-grade in the course folder, "
    "or name it with --course."
)
NO_ASSIGNMENT = N_("This course has no assignment {assignment}. Its assignments: {known}.")
NO_FOLDER = N_("The folder {folder} does not exist. Name the folder with the pupils' notebooks.")
EMPTY_FOLDER = N_("The folder {folder} is empty. Put the pupils' notebooks or zips in it.")
STOPPED = N_(
    "Grading was stopped. The pupils who were not finished keep what they had before; "
    "run the command again to grade everyone."
)
NO_FEEDBACK = N_("The feedback pages could not be written: {error}. See {log}.")


class TeacherMistake(Exception):
    """Grading cannot start; ``message`` and ``values`` say why (English, to translate)."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message.format(**values))
        self.message, self.values = message, values


@dataclass
class ClassGrades:
    """What one run gave: the rows, the report text, and a problem with the feedback."""

    results: list[PupilResult]
    text: str
    feedback_error: str = ""


def grade_class(
    course: Path,
    assignment: str,
    handed_in: Path,
    language: str,
    stopped: Callable[[], bool] = lambda: False,
) -> ClassGrades:
    """Grade everything in ``handed_in`` for ``assignment``.

    Raises TeacherMistake or GradingFolderBusy before anything is changed, and
    KeyboardInterrupt when ``stopped()`` says the teacher pressed Ctrl-C (nbgrader sometimes
    catches it) before the report is written.
    """
    _put_venv_on_path()
    api = _check_course(course, assignment)
    _check_folder(handed_in)
    with one_run_at_a_time(grading_folder()):
        return _grade(course, assignment, handed_in, language, api, stopped)


def _grade(
    course: Path,
    assignment: str,
    handed_in: Path,
    language: str,
    api: Any,
    stopped: Callable[[], bool],
) -> ClassGrades:
    limits = read_limits(api.config)
    release_path = _release(course, assignment)
    release = nbformat.read(release_path, as_version=4)
    _ensure_in_gradebook(api, assignment)
    code_cells = sum(cell.cell_type == "code" for cell in release.cells)
    sandboxed = api.config.GuardedExecute.get("sandbox", True) and landlock_abi() >= 6
    setup = Course(
        root=course,
        assignment=assignment,
        grading=grading_folder(),
        api=api,
        seconds_per_pupil=limits.seconds_for_pupil(code_cells),
        jobs=2 if sandboxed and (os.cpu_count() or 1) > 1 else 1,
    )

    # 1. intake
    with tempfile.TemporaryDirectory(prefix="codekamp-unzip-") as unpack:
        try:
            rows = gather(handed_in, assignment, release, limits, Path(unpack))
        except TooManyPupils as stop:
            raise TeacherMistake(stop.note[0], **stop.note[1]) from None
    if not rows:  # only what no pupil hands in (.DS_Store, __MACOSX)
        raise TeacherMistake(EMPTY_FOLDER, folder=handed_in)
    rows = [_without_active_content(row) for row in rows]
    gradable = {row.pupil: row.notebook for row in rows if row.status.graded and row.pupil}

    # 2. grading
    outcomes = grade_pupils(setup, gradable, release_path.name)
    if stopped():
        raise KeyboardInterrupt

    # 3. collecting
    results = [result_for(row, outcomes.get(row.pupil or "")) for row in rows]
    feedback_error = _feedback_and_scores(setup, results)
    if stopped():
        raise KeyboardInterrupt
    _forget_ungraded(setup, results)

    # 4. reporting
    protections = sorted({key for outcome in outcomes.values() for key in outcome.run.protections})
    text = summary(results, assignment, protections, language)
    if feedback_error:
        log = setup.grading / "logs" / assignment / "run.log"
        text += "\n" + translate(NO_FEEDBACK, language).format(error=feedback_error, log=log)
    reports = setup.grading / "reports"
    write_grades(results, assignment, reports / f"{assignment}-grades.csv", language)
    (reports / f"{assignment}-report.txt").write_text(text + "\n", encoding="utf-8")
    return ClassGrades(results, text, feedback_error)


def _without_active_content(row: HandIn) -> HandIn:
    """Take out of a handed-in notebook whatever could run in the teacher's browser (scripts,
    event handlers, JavaScript outputs), before nbgrader or the formgrader sees it."""
    if row.notebook is None:
        return row
    notes = sanitize_notebook(row.notebook)
    return dataclasses.replace(row, notes=row.notes + tuple(notes)) if notes else row


def _check_course(course: Path, assignment: str) -> Any:
    """nbgrader's API for the course, or TeacherMistake when the course or id is wrong."""
    if not (course / "nbgrader_config.py").is_file():
        raise TeacherMistake(NO_COURSE, folder=course)
    known = sorted(path.parent.name for path in (course / "exercises").glob("*/*.ipynb")
                   if path.stem == path.parent.name)  # fmt: skip
    if assignment not in known:
        raise TeacherMistake(NO_ASSIGNMENT, assignment=assignment, known=", ".join(known) or "—")
    return _api(course)


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise TeacherMistake(NO_FOLDER, folder=folder)
    if folder.is_dir() and not any(folder.iterdir()):
        raise TeacherMistake(EMPTY_FOLDER, folder=folder)


def _release(course: Path, assignment: str) -> Path:
    return course / "exercises" / assignment / f"{assignment}.ipynb"


def load_config(course: Path) -> Any:
    """The course's nbgrader configuration, as nbgrader itself reads it."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    if "root" not in config.Exchange:  # no hub exchange here: keep nbgrader from looking for one
        config.Exchange.root = str(grading_folder() / "exchange")
    return config


def _api(course: Path) -> Any:
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_config(course)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _ensure_in_gradebook(api: Any, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(api.coursedir.db_url) as gradebook:
        try:
            if gradebook.find_assignment(assignment).notebooks:
                return
        except MissingEntry:
            pass
    api.generate_assignment(assignment, force=True)


def _feedback_and_scores(course: Course, results: list[PupilResult]) -> str:
    """Feedback pages for the graded pupils (one nbgrader run for the class), then their
    points; returns nbgrader's error when the feedback could not be written."""
    from nbgrader.api import Gradebook, MissingEntry

    graded = [result for result in results if result.graded]
    error = ""
    if graded:
        answer = course.api.generate_feedback(course.assignment)
        if not answer.get("success"):
            error = safe_text(last_line(str(answer.get("error") or answer.get("log") or "?")))
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        for result in graded:
            try:
                submission = gradebook.find_submission(course.assignment, result.pupil)
            except MissingEntry:
                scored(result, None, None)
                continue
            waiting = sum(
                grade.max_score
                for notebook in submission.notebooks
                for grade in notebook.grades
                if grade.needs_manual_grade
            )
            scored(result, submission.score, submission.max_score, waiting)
    return error


def _forget_ungraded(course: Course, results: list[PupilResult]) -> None:
    """A pupil whose new hand-in could not be graded has no grade any more: an old one in the
    gradebook or an old feedback page would say otherwise."""
    from nbgrader.api import Gradebook, MissingEntry

    ungraded = [result.pupil for result in results if result.pupil and not result.graded]
    with Gradebook(course.api.coursedir.db_url) as gradebook:
        for pupil in ungraded:
            try:
                gradebook.remove_submission(course.assignment, pupil)
            except MissingEntry:
                pass
    for pupil in ungraded:  # (what was handed in stays: it may be all the teacher has)
        for kind in ("autograded", "feedback"):
            shutil.rmtree(course.folder(kind, pupil), ignore_errors=True)


# -- the command -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="codekamp-grade",
        description="Grade the notebooks a class handed in for one assignment.",
    )
    parser.add_argument("assignment", help="the assignment id, e.g. nl-00-welkom")
    parser.add_argument("folder", type=Path, help="the folder with the handed-in notebooks or zips")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="the course folder")
    parser.add_argument("--lang", choices=LANGUAGES, default=get_language(), help="report language")
    options = parser.parse_args(argv)
    language = options.lang

    def say(message: str, **values: Any) -> None:
        print(translate(message, language).format(**values), file=sys.stderr)

    course, folder = options.course.resolve(), options.folder.resolve()
    log = grading_folder() / "logs" / options.assignment / "run.log"
    try:
        with _QuietLibraries(log), _Stoppable() as stop:
            grades = grade_class(course, options.assignment, folder, language, stop.stopped)
    except TeacherMistake as mistake:
        say(mistake.message, **mistake.values)
        return EXIT_NOT_STARTED
    except GradingFolderBusy as busy:
        say(BUSY, folder=busy.folder)
        return EXIT_NOT_STARTED
    except KeyboardInterrupt:
        say(STOPPED)
        return EXIT_STOPPED
    print(grades.text)
    print(grading_folder() / "reports" / f"{options.assignment}-grades.csv")
    everyone = all(result.graded for result in grades.results)
    return EXIT_ALL_GRADED if everyone and not grades.feedback_error else EXIT_SOME_NOT_GRADED


def _put_venv_on_path() -> None:
    """nbgrader starts some of its tools by name (alembic): take them from this environment."""
    bin_folder = str(Path(sys.executable).parent)
    if bin_folder not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_folder + os.pathsep + os.environ.get("PATH", "")


class _QuietLibraries:
    """Send what nbgrader, SQLAlchemy and ipykernel print (warnings, logs) to a log file;
    the teacher's screen shows the report alone. Our own messages still reach the screen."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def __enter__(self) -> None:
        import logging
        import warnings

        self.log.parent.mkdir(parents=True, exist_ok=True)
        sys.stderr.flush()
        self.saved = os.dup(2)
        descriptor = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(descriptor, 2)
        os.close(descriptor)
        self.stderr = sys.stderr
        sys.stderr = os.fdopen(os.dup(self.saved), "w", encoding="utf-8", errors="replace")
        self.warnings = warnings.catch_warnings()
        self.warnings.__enter__()
        warnings.simplefilter("default")
        warnings.showwarning = _warning_to_log
        logging.getLogger("traitlets").propagate = False

    def __exit__(self, *exc: object) -> None:
        self.warnings.__exit__(*exc)
        sys.stderr.flush()
        sys.stderr.close()
        sys.stderr = self.stderr
        os.dup2(self.saved, 2)
        os.close(self.saved)


def _warning_to_log(message: Any, category: Any, filename: str, lineno: int, *_: Any) -> None:
    os.write(2, f"{filename}:{lineno}: {category.__name__}: {message}\n".encode())


class _Stoppable:
    """Remembers a Ctrl-C even where a library catches the KeyboardInterrupt it raises, so
    that the run still stops (``stopped()``) before the report is written."""

    def __enter__(self) -> _Stoppable:
        self.pressed = False
        self.before = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, self._stop)
        return self

    def _stop(self, number: int, frame: Any) -> None:
        self.pressed = True
        raise KeyboardInterrupt

    def stopped(self) -> bool:
        return self.pressed

    def __exit__(self, kind: Any, *rest: object) -> None:
        signal.signal(signal.SIGINT, self.before)


if __name__ == "__main__":
    sys.exit(main())
