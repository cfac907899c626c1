"""Check a whole assignment at once, the way the teacher will: the pupil's own "Validate".

The last code cell of every assignment is ``codekamp.overview()``. It reads the notebook as it
was last saved, runs every code cell from top to bottom in a fresh namespace (as nbgrader does
when it grades), and says for each task, in the pupil's language, whether its test passes, what
is wrong if not, or that the task is not made yet. It shows no test code, goes on after a task
that fails, and says when more tests will run at grading. Nothing is saved or changed.

Pupils see this instead of nbgrader's Validate button, which is English only, says "Success!"
on a lesson without tests and shows a test's code before its message.

The parts, each usable on its own: :func:`tasks_of` (which cells belong to which task),
:func:`run` (run them and judge each task), :func:`report` (the text the pupil reads).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import html
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codekamp.i18n import _

PASSED, FAILED, NOT_MADE, BROKEN, NOT_RUN = "passed", "failed", "not made", "broken", "not run"
"""What can be said of a task: its test passes; its test fails; its answer still holds
``raise NotImplementedError()``; its code stops with an error; it was not run (stopped)."""

Execute = Callable[[str, dict], None]
"""How the overview runs one cell's code in a namespace."""

_MARKS = {PASSED: "✅", FAILED: "❌", NOT_MADE: "✏️", BROKEN: "❌", NOT_RUN: "⏹️"}


@dataclass
class Task:
    """One graded test cell and the code cells above it, back to the previous test."""

    title: str
    points: float
    test: dict
    cells: list[dict] = field(default_factory=list)


@dataclass
class Verdict:
    task: Task
    state: str
    message: str = ""


# -- reading the notebook --------------------------------------------------------------------


def tasks_of(notebook: dict) -> list[Task]:
    """The tasks of a notebook, in order: each test cell with the cells that lead up to it.

    A task's title is the last heading above its test ("Opdracht 2: een deur (3 punten)").
    Code cells after the last test belong to no task and are not run.
    """
    tasks: list[Task] = []
    title, waiting = "", []
    for cell in notebook.get("cells", []):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            title = _heading(source) or title
        elif cell.get("cell_type") == "code":
            if _is_test(cell):
                marks = cell["metadata"]["nbgrader"]
                title_or_id = title or marks.get("grade_id", "")
                tasks.append(Task(title_or_id, float(marks.get("points", 0)), cell, waiting))
                waiting = []
            else:
                waiting.append(cell)
    return tasks


def _is_test(cell: dict) -> bool:
    marks = cell.get("metadata", {}).get("nbgrader", {})
    return bool(marks.get("grade")) and not marks.get("solution")


def _heading(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return None


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def _calls_overview(source: str) -> bool:
    """Is this the cell that asks for the overview (so it is not run again from inside)?"""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name == "overview":
                return True
    return False


# -- running it ------------------------------------------------------------------------------


def run(tasks: list[Task], execute: Execute) -> list[Verdict]:
    """Run each task's cells, then its test, all in one fresh namespace; judge each task.

    ``execute(source, namespace)`` runs one cell's code. A cell tagged ``raises-exception``
    (an error shown on purpose) may fail. A stop (the ■ button) ends the run: the tasks not
    reached are "not run".
    """
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    verdicts: list[Verdict] = []
    for index, task in enumerate(tasks):
        try:
            verdicts.append(_judge(task, namespace, execute))
        except KeyboardInterrupt:
            verdicts.extend(Verdict(rest, NOT_RUN) for rest in tasks[index:])
            break
    return verdicts


def _judge(task: Task, namespace: dict, execute: Execute) -> Verdict:
    for cell in task.cells:
        source = _text(cell.get("source", ""))
        if _calls_overview(source):
            continue
        try:
            execute(source, namespace)
        except TooSlow as stopped:
            return Verdict(task, BROKEN, _too_slow(stopped))
        except Exception as error:
            if "raises-exception" in cell.get("metadata", {}).get("tags", []):
                continue
            if isinstance(error, NotImplementedError) and not str(error):
                return Verdict(task, NOT_MADE)
            return Verdict(task, BROKEN, _explain(error, namespace))
    try:
        execute(_text(task.test.get("source", "")), namespace)
    except TooSlow as stopped:
        return Verdict(task, FAILED, _too_slow(stopped))
    except AssertionError as error:  # CheckFailed is one; its message is already for the pupil
        return Verdict(task, FAILED, str(error) or _("The test does not pass."))
    except Exception as error:
        return Verdict(task, FAILED, _explain(error, namespace))
    return Verdict(task, PASSED)


def _too_slow(stopped: TooSlow) -> str:
    seconds = stopped.args[0] if stopped.args else SECONDS_PER_CELL
    return _(
        "This code was still running after {seconds} seconds, so I stopped it. "
        "Is there a loop that never ends?"
    ).format(seconds=f"{seconds:g}")


def _explain(error: BaseException, namespace: dict) -> str:
    from codekamp.hints import hint_for

    text = f"{type(error).__name__}: {error}"
    hint = hint_for(error, namespace)
    return text + ("\n💡 " + hint if hint else "")


SECONDS_PER_CELL = 10
"""How long one cell may run inside the overview before it is stopped (a loop that never ends)."""


class TooSlow(BaseException):
    """A cell ran too long inside the overview. Like KeyboardInterrupt it is no ``Exception``,
    so a pupil's ``except Exception:`` inside the loop cannot swallow it."""


def execute_in_ipython(shell: Any, seconds: float = SECONDS_PER_CELL) -> Execute:
    """Run a cell's code as IPython would (``%magics`` too), keeping what it shows to itself,
    and stop it with :class:`TooSlow` after ``seconds`` where the system allows it."""

    def execute(source: str, namespace: dict) -> None:
        code = shell.transform_cell(source) if shell is not None else source
        compiled = compile(code, "<cell>", "exec")
        with _quiet(), _time_limit(seconds):
            exec(compiled, namespace)  # noqa: S102 - the pupil's own notebook, in their own kernel

    return execute


class _Discard(io.TextIOBase):
    """Where the cells' printing goes: nowhere (a print loop must not fill the memory)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@contextlib.contextmanager
def _quiet() -> Any:
    """Swallow what the cells print or display: the overview shows only its verdicts."""
    with contextlib.redirect_stdout(_Discard()), contextlib.redirect_stderr(_Discard()):
        try:
            from IPython.utils.capture import capture_output
        except ImportError:  # plain Python: print is all there is
            yield
            return
        with capture_output(stdout=False, stderr=False):
            yield


@contextlib.contextmanager
def _time_limit(seconds: float) -> Any:
    """Raise :class:`TooSlow` in the running code after ``seconds`` (an alarm signal: in the
    main thread of a system that has one; elsewhere, such as in the browser, no limit)."""
    import signal
    import threading

    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def stop(*_: Any) -> None:
        raise TooSlow(seconds)

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


# -- saying it -------------------------------------------------------------------------------


def report(verdicts: Iterable[Verdict], *, more_tests: bool, warnings: Iterable[str] = ()) -> str:
    """The overview as the pupil reads it: a line per task, then what it means."""
    verdicts = list(verdicts)
    lines = [*warnings, ""] if warnings else []
    for verdict in verdicts:
        line = verdict.task.title
        if verdict.state == NOT_MADE:
            line = _("{task}: {what}").format(
                task=line, what=_("not made yet (the line with raise is still there).")
            )
        elif verdict.state == NOT_RUN:
            line = _("{task}: {what}").format(
                task=line, what=_("not checked: you stopped the overview.")
            )
        lines.append(f"{_MARKS[verdict.state]} {line}")
        if verdict.message:
            lines.extend("    " + part for part in verdict.message.strip().splitlines())
    passed = sum(v.state == PASSED for v in verdicts)
    lines.append("")
    lines.append(_("{passed} of {total} tests pass.").format(passed=passed, total=len(verdicts)))
    lines.append(
        _(
            "When your teacher grades, more tests run, with other numbers or drawings: "
            "make sure your code works for those too, not only for the examples."
        )  # fmt: skip
        if more_tests
        else _("When your teacher grades, your notebook runs again from top to bottom, like here.")
    )
    return "\n".join(lines)


def saved_long_ago(path: Path, now: float) -> str:
    """Say which file is checked and when it was last saved: the overview reads that version."""
    minutes = int(max(0.0, now - path.stat().st_mtime) // 60)
    if minutes < 1:
        when = _("less than a minute ago")
    else:
        when = _("{minutes} min ago").format(minutes=minutes)
    return "💾 " + _(
        "I check {name} as it was last saved ({when}). Changed something since? "
        "Save with Ctrl + S and run this cell again."
    ).format(name=path.name, when=when)


def not_saved_yet(tasks: list[Task], ran: Callable[[str], str | None]) -> list[str]:
    """Warn about tasks whose code, as last run, differs from what is saved."""
    warnings = []
    for task in tasks:
        for cell in task.cells:
            last_run = ran(cell.get("id", ""))
            if last_run is not None and last_run.strip() != _text(cell.get("source", "")).strip():
                warnings.append(
                    "⚠️ "
                    + _("{task}: the code you ran last is not the code that is saved.").format(
                        task=task.title
                    )
                )
                break
    return warnings


# -- in the notebook -------------------------------------------------------------------------


def notebook_path(
    environ: dict | None = None, folder: Path | None = None, platform: str = sys.platform
) -> Path | None:
    """The notebook this kernel serves: the one Jupyter named in ``JPY_SESSION_NAME`` when the
    kernel started or, if it was renamed since, the last one saved in the kernel's folder. In
    the browser (JupyterLite, ``emscripten``) no name is given, but the kernel works in its
    notebook's folder: the last notebook saved there."""
    name = (environ if environ is not None else os.environ).get("JPY_SESSION_NAME", "")
    if not name and platform != "emscripten":
        return None  # not started by a Jupyter server: no notebook to speak of
    folder = folder or Path.cwd()
    for candidate in (Path(name), folder / Path(name).name):
        if candidate.suffix == ".ipynb" and candidate.is_file():
            return candidate
    saved = sorted(folder.glob("*.ipynb"), key=lambda path: path.stat().st_mtime)
    return saved[-1] if saved else None


def overview(notebook: str | None = None, *, more_tests: bool = False) -> None:
    """Check every task of this assignment and print, per task, whether its test passes.

    ``notebook`` is the file to check (this notebook when left out); ``more_tests`` says that
    the teacher's grading adds tests the pupil does not see (nbgrader's hidden tests).

        import codekamp
        codekamp.overview()
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return  # while grading or validating, the test cells speak for themselves
    path = Path(notebook) if notebook else notebook_path()
    if path is None and sys.platform == "emscripten" and not Path.cwd().is_relative_to("/drive"):
        print(
            "❌ "
            + _(
                "Here Python cannot read your notebook's file: the browser does not allow it "
                "when Codekamp comes from another computer of the room. Your assignment's own "
                "test cells still say ✅ or ❌ when you run them."
            )
        )
        return
    if path is None or not path.is_file():
        print(
            "❌ "
            + _(
                "I cannot find this notebook's file. Save it with Ctrl + S, restart the kernel "
                "with the ↻ button above the notebook, and run this cell again."
            )
        )
        return
    tasks = tasks_of(json.loads(path.read_text(encoding="utf-8")))
    if not tasks:
        print(_("This notebook has no tests: there is nothing to check."))
        return
    from codekamp import cells
    from codekamp.ipython import shell

    warnings = [saved_long_ago(path, time.time()), *not_saved_yet(tasks, cells.ran)]
    with _answers_from(tasks), _no_drawing_shown():
        verdicts = run(tasks, execute_in_ipython(shell()))
    text = report(verdicts, more_tests=more_tests, warnings=warnings)
    if shell() is None:
        print(text)
        return
    from IPython.display import publish_display_data

    publish_display_data({"text/plain": text, "text/html": as_html(text)})


def as_html(report_text: str) -> str:
    """The report in the notebook's own font, wrapped at words; the plain text stays as it is
    for exported files and screen readers that prefer it."""
    blocks, lines = [], []
    for line in [*report_text.splitlines(), ""]:
        if line.strip():
            indented = line.startswith("    ")
            text = html.escape(line.strip())
            lines.append(
                f'<div style="margin-left: 2em">{text}</div>' if indented else f"<div>{text}</div>"
            )
        elif lines:
            blocks.append('<div style="margin-bottom: 0.8em">' + "".join(lines) + "</div>")
            lines = []
    return "".join(blocks)


@contextlib.contextmanager
def _answers_from(tasks: list[Task]) -> Any:
    """Let checks such as "use a loop" read the saved answers, not the ones run earlier."""
    from codekamp import check

    saved = {}
    for task in tasks:
        for cell in task.cells:
            names = (cell.get("id"), cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
            for name in names:
                if name:
                    saved.setdefault(name, _text(cell.get("source", "")))

    class Saved:
        @staticmethod
        def source_of(cell_id: str) -> str | None:
            return saved.get(cell_id)

    before, check._sources = check._sources, Saved
    try:
        yield
    finally:
        check._sources = before


@contextlib.contextmanager
def _no_drawing_shown() -> Any:
    """The tasks draw on the turtle's screen and make charts; the overview cell shows none of
    it afterwards (the notebook's own cells already showed them). A chart a task left open
    would otherwise appear under the report, all the tasks' charts drawn on one figure."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    open_before = set(pyplot.get_fignums()) if pyplot is not None else set()
    try:
        yield
    finally:
        turtle_screen = sys.modules.get("codekamp.turtle.screen")
        if turtle_screen is not None:
            turtle_screen.Screen().mark_shown()
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            for number in set(pyplot.get_fignums()) - open_before:
                pyplot.close(number)
