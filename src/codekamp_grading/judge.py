"""The judge inside a pupil's kernel while grading.

nbgrader runs a notebook's test cells in the pupil's own Python process. Plain nbgrader sends
each test cell's code, hidden tests included, to that process, and the pupil's code can watch,
rewrite or fool it (an input transformer that turns tests into ``pass``, a patched check, a
traced comparison, ctypes). Codekamp's judge works differently:

- **The tests never enter the pupil's reach.** The grader hands the kernel the test cells'
  code through a file it opens before the sandbox closes (see ``judge_kernel``); the cell the
  kernel is asked to run holds only a request, ``sys.audit("codekamp.test", "<id>")``.
- **The judge is an audit hook** (PEP 578), installed before the kernel starts: Python offers
  no way to remove it. On that request it runs the test with private copies of Codekamp's
  checks and turtle (see ``private_import``), in a copy of the pupil's namespace, with the
  pupil's code called only at arm's length (see ``arms_length``).
- **The verdict travels apart.** Passed or failed, with the message, it is written as a
  signed line (see ``verdicts``) to a file the grader reads; the grader scores the test cell
  from that line, never from what the cell printed. A test that never reached the judge, or
  reached it before the grader asked, earns nothing, and the teacher is told.
- **What only a cheat needs is refused, and written down** for the teacher's report: tracing
  and profiling, ctypes, reading Python's object graph, hand-made code objects and bytecode
  files from outside the installation, other audit hooks, replacing the process, and,
  while a test runs, any look at the frames of the judge.

Everything here is loaded privately. At run time it calls only private code and C functions
bound when it was loaded: changing ``sys`` or ``builtins`` in the pupil's process changes
nothing the judge relies on.
"""

from __future__ import annotations

import _thread
import builtins as _builtins
import io
import os
import signal
import sys
import types
from typing import Any

import codekamp.charts as _charts
import codekamp.check as _check
import codekamp.i18n as _i18n
import codekamp.tables as _tables
from codekamp.charts import MOST_LINES, MOST_POINTS, Chart
from codekamp.i18n import N_, _
from codekamp_grading import arms_length, judge_turtle, verdicts

_getframe, _get_ident, _StringIO = sys._getframe, _thread.get_ident, io.StringIO
_realpath = os.path.realpath
_type, _str, _len, _id, _issubclass = type, str, len, id, issubclass
_exec, _getsignal, _setsignal = exec, signal.getsignal, signal.signal
_default_int_handler, _SIG_DFL, _SIG_IGN = (
    signal.default_int_handler,
    signal.SIG_DFL,
    signal.SIG_IGN,
)
_SIGNALS = tuple(sorted(signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}))
_FunctionType, _TracebackType = types.FunctionType, types.TracebackType

TEST_EVENT = "codekamp.test"

# Refused whenever they happen, with what the teacher reads in the report.
ALWAYS_REFUSED = {
    "sys.settrace": N_("tracing (sys.settrace)"),
    "sys.setprofile": N_("profiling (sys.setprofile)"),
    "sys.addaudithook": N_("an audit hook of its own"),
    "sys._current_frames": N_("the frames of other threads"),
    "gc.get_objects": N_("Python's object list (gc)"),
    "gc.get_referrers": N_("Python's object graph (gc)"),
    "gc.get_referents": N_("Python's object graph (gc)"),
    "os.exec": N_("replacing Python by another program"),
}
# Refused when the pupil's own code asks (the standard library builds code objects too).
REFUSED_FROM_PUPIL_CODE = {"code.__new__": N_("hand-made code objects")}
NOT_ALLOWED = N_("Codekamp's grader does not allow {what} while grading.")
FRAMES_OF_THE_JUDGE = N_("the judge's frames")
FRAMES_DURING_TEST = N_("frames while a test runs")
OUTSIDE_BYTECODE = N_("bytecode from outside Python's installation")
OUTSIDE_EXTENSION = N_("compiled code from outside Python's installation")
UNKNOWN_TEST = N_("an unknown test")
CHECKS_CHANGED = N_("Codekamp's checks and turtle")
PROCESS_FILES = N_("the files of running programs (/proc)")
PRIVATE_PLACES = ("/proc", "/dev/mem", "/dev/kmem")
BUILTINS_CHANGED = N_("Python's built-ins")
REFUSED_PREFIXES = ("ctypes.", "sys.monitoring.")
FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
# Not importable while grading: ctypes reads and writes any memory; debugpy (which ipykernel
# loads for its debugger when it can) traces every line.
NOT_IMPORTABLE = frozenset({"ctypes", "_ctypes", "debugpy"})
# pandas imports ctypes at its start only to say a Windows error's text (pandas.errors): it gets
# a stand-in whose every name is "not available", so pandas works and ctypes does not.
NEEDS_CTYPES_BY_NAME_ONLY = (os.path.join("pandas", "errors", "__init__.py"),)
_NO_CTYPES = """
def __getattr__(name):
    raise ImportError("ctypes is not available while grading")
"""
# Built-ins the kernel itself replaces while it runs: their changes are not the pupil's.
KERNEL_BUILTINS = frozenset(
    {"input", "raw_input", "getpass", "exit", "quit", "display", "get_ipython", "__IPYTHON__",
     "_", "__", "___", "__import__"}
)  # fmt: skip
CAPTURED_TEXT = 20_000
_SCALARS = frozenset({id(int), id(float), id(bool), id(str), id(type(None))})


class _Current:
    """Which test is running: its namespace and its helper thread (None between tests)."""

    globals: dict | None = None
    helper: arms_length.Helper | None = None


class _HandedIn:
    """Where the private checks read an answer cell's code: the handed-in notebook, which is
    what the kernel ran (nothing in the pupil's process is asked)."""

    def __init__(self, answers: dict) -> None:
        self._answers = {
            key: value
            for key, value in answers.items()
            if _type(key) is _str and _type(value) is _str
        }

    def source_of(self, cell_id: str) -> str | None:
        return self._answers.get(cell_id)


class _Runner:
    """How the private checks reach the pupil's code while a test runs: at arm's length."""

    def __init__(self, current: _Current) -> None:
        self.current = current

    def call(self, function: Any, args: tuple) -> tuple[bool, Any, str]:
        if not judge_turtle.plain(args):
            return True, TypeError("a test gives a pupil's function plain values only"), ""
        try:
            result, printed = self.current.helper.call(function, args, {})
        except arms_length.PupilError as failed:
            return True, failed.error, ""
        return False, result, printed if _type(printed) is _str else ""

    def robot_commands(self, function: Any, plain_world: tuple) -> tuple[bool, Any]:
        """(failed, the commands the pupil's ``function()`` gave the robot in the world, as
        plain data, or the error it raised); the private check replays the commands."""
        if not judge_turtle.plain(plain_world):
            return True, TypeError("a test gives a robot world as plain values only")
        try:
            result = self.current.helper.public_robot(function, plain_world)
        except arms_length.PupilError as failed:
            return True, failed.error
        if not _robot_commands(result):
            return True, ValueError("the pupil's robot gave something a robot does not")
        return False, result

    def chart(self, function: Any, args: tuple) -> tuple[bool, Any]:
        """(failed, the chart the pupil's ``function(*args)`` draws, rebuilt by the judge from
        plain values, or the error it raised)."""
        if not judge_turtle.plain(args):
            return True, TypeError("a test gives a pupil's function plain values only")
        try:
            result = self.current.helper.public_chart(function, args, _charts.chart_drawn_by)
        except arms_length.PupilError as failed:
            return True, failed.error
        chart = _private_chart(result)
        if chart is None:
            return True, ValueError("the pupil's chart gave something a chart does not")
        return False, chart

    def table(self, value: Any) -> tuple | None:
        """(columns, rows) of the pandas table ``value``, read on the pupil's side by the
        judge's private reader and checked again here to be plain values, or None."""
        try:
            result = self.current.helper.public_table(value, _tables.plain_table)
        except arms_length.PupilError:
            return None
        return _private_table(result)

    def show(self, value: Any, limit: int) -> str:
        if _id(_type(value)) in _SCALARS:
            return repr(value)[:limit]  # repr of these runs no pupil code
        return self.current.helper.show(value, limit)

    def error_name(self, error: BaseException) -> str:
        return arms_length.error_name(error)

    def describe_error(self, error: BaseException) -> str:
        message = arms_length.error_message(error)
        name = arms_length.error_name(error)
        return f"{name}: {message}" if message else name


class Judge:
    """The audit hook (``hook``) and what it keeps: the tests, the key, the verdict file."""

    def __init__(self, pack: dict, channel: int, private: Any, trusted: tuple[str, ...]) -> None:
        self.key = pack["key"]
        self.tests = {
            test_id: compile(source, f"<test {test_id}>", "exec")
            for test_id, source in pack["tests"].items()
        }
        self.channel = channel
        self.private = private
        self.trusted = trusted
        self.main_thread = _get_ident()
        self.ran: set[str] = set()
        self.busy: set[int] = set()  # threads doing the judge's own work (their events pass)
        self.running = False
        self.reported: set[str] = set()
        self.judge_globals = set(private.code_globals())
        self.test_namespaces: list[dict] = []  # kept, so their ids are never reused
        self.builtins_at_start = dict(private.builtins)
        self.current = _Current()
        # The stand-in reaches the pupil: it carries built-ins of its own, not the judge's.
        self.no_ctypes = types.ModuleType("ctypes", "ctypes is not available while grading.")
        self.no_ctypes.__dict__["__builtins__"] = {"ImportError": ImportError}
        exec(compile(_NO_CTYPES, "<no ctypes>", "exec"), self.no_ctypes.__dict__)
        _check._pupil = _Runner(self.current)
        _check._sources = _HandedIn(pack.get("answers") or {})
        self.modules = dict(private.modules)  # as loaded (before the test's turtle replaces one)
        private.modules["codekamp.turtle"] = judge_turtle.facade(self.current)
        _i18n.set_language(pack.get("language") or "en")
        self._importlib_classes = _importlib_snapshot()

    # -- the hook ---------------------------------------------------------------------------

    def hook(self, event: str, args: tuple) -> None:
        """Called by Python for every audited event, in every thread."""
        if _get_ident() in self.busy:
            return  # the judge's own work raises events too (other threads are still checked)
        if event == TEST_EVENT:
            self._busy(self._run_test, args)
        elif event == "sys.addaudithook":
            # Python drops a hook that an existing hook refuses with a RuntimeError, silently.
            self._refuse(RuntimeError, ALWAYS_REFUSED[event], event)
        elif event in ALWAYS_REFUSED or event.startswith(REFUSED_PREFIXES):
            self._refuse(PermissionError, ALWAYS_REFUSED.get(event, event), event)
        elif event in REFUSED_FROM_PUPIL_CODE:
            self._busy(self._check_pupil_code, event)
        elif event == "import":
            self._busy(self._check_import, args)
        elif event == "marshal.loads":
            self._busy(self._check_marshal, args)
        elif event == "open":
            self._busy(self._check_open, args)
        elif event == "sys._getframe":
            self._busy(self._check_frame, args[0], "sys._getframe")
        elif event == "object.__getattr__" and args[1] in FRAME_ATTRIBUTES:
            self._busy(self._check_frame_attribute, args)

    def _busy(self, work: Any, *arguments: Any) -> None:
        """Do ``work(caller, *arguments)`` with the hook switched off for the judge's own
        events; ``caller`` is the frame whose code raised the event."""
        thread = _get_ident()
        self.busy.add(thread)
        try:
            refusal = work(_getframe(2), *arguments)
        finally:
            self.busy.discard(thread)
        if refusal is not None:
            self._refuse(*refusal)

    def _refuse(
        self, kind: type[BaseException], what: str, detail: str, written: bool = True
    ) -> None:
        """Refuse (raise ``kind``); write it down for the teacher unless ``written`` is False
        (when the installation's own code, not the pupil's, was refused: IPython showing a
        traceback that passes through the judge)."""
        thread = _get_ident()
        self.busy.add(thread)
        try:
            if written and what not in self.reported:
                self.reported.add(what)
                verdicts.write(self.channel, self.key, verdicts.REFUSED, what, detail)
        finally:
            self.busy.discard(thread)
        raise kind(_(NOT_ALLOWED).format(what=_(what)))

    # -- what is refused ----------------------------------------------------------------------

    def _check_pupil_code(self, caller: Any, event: str) -> tuple | None:
        if self._pupil_code(caller):
            return PermissionError, REFUSED_FROM_PUPIL_CODE[event], event
        return None

    def _check_import(self, caller: Any, args: tuple) -> tuple | None:
        name, path = args[0], args[1]
        if _type(name) is _str and name.partition(".")[0] in NOT_IMPORTABLE:
            importer = _importer(caller)
            if name == "ctypes" and self._needs_ctypes_by_name_only(importer):
                sys.modules["ctypes"] = self.no_ctypes  # what the import then finds
                return None
            if self._pupil_code(importer):
                return ImportError, name.partition(".")[0].lstrip("_"), name
            raise ImportError(f"{name} is not available while grading")
        if _type(path) is _str and not path.startswith(self.trusted):  # a compiled extension
            return ImportError, OUTSIDE_EXTENSION, path
        return None

    def _needs_ctypes_by_name_only(self, importer: Any) -> bool:
        if importer is None:
            return False
        filename = importer.f_code.co_filename
        return filename.startswith(self.trusted) and filename.endswith(NEEDS_CTYPES_BY_NAME_ONLY)

    def _check_marshal(self, frame: Any, args: tuple) -> tuple | None:
        code = frame.f_code
        if code.co_filename == "<frozen importlib._bootstrap_external>" and (
            code.co_name == "_compile_bytecode" and self._genuine_loader(frame.f_back)
        ):
            return None
        if code.co_filename == "<frozen zipimport>":
            archive = frame.f_locals.get("self")
            archive = getattr(archive, "archive", None) if archive is not None else None
            if _type(archive) is _str and archive.startswith(self.trusted):
                return None
        return PermissionError, OUTSIDE_BYTECODE, "marshal"

    def _genuine_loader(self, frame: Any) -> bool:
        """Is this importlib's own get_code, with a loader nobody changed?"""
        if frame is None or frame.f_code.co_name != "get_code":
            return False
        if frame.f_code.co_filename != "<frozen importlib._bootstrap_external>":
            return False
        loader = frame.f_locals.get("self")
        if not any(_type(loader) is cls for cls in self._importlib_classes):
            return False
        if "get_data" in vars(loader):
            return False
        return _unchanged(_importlib_snapshot(), self._importlib_classes)

    def _check_open(self, caller: Any, args: tuple) -> tuple | None:
        path = args[0]
        if _type(path) is bytes:
            path = path.decode("utf-8", "replace")
        if _type(path) is not _str or path.startswith(self.trusted):
            return None
        # Written down when the pupil's code asked, straight or through IPython's own open()
        # (libraries look in /proc too, and cope).
        pupils = self._pupil_code(caller) or self._pupil_code(caller.f_back)
        if path.endswith(".pyc"):
            return PermissionError, OUTSIDE_BYTECODE, path, pupils
        # The process's own memory and the grader's environment live in /proc (the sandbox
        # closes it too; without the sandbox, this is the door that stays shut).
        try:
            real = _realpath(path)
        except (OSError, ValueError):
            real = path
        if real.startswith(PRIVATE_PLACES) or path.startswith(PRIVATE_PLACES):
            return PermissionError, PROCESS_FILES, path, pupils
        return None

    def _check_frame(self, caller: Any, frame: Any, how: str) -> tuple | None:
        """Only the judge's own code may hold the judge's frames, or, while a test runs, any
        frame of the main thread (where the judge is)."""
        if _id(caller.f_globals) in self.judge_globals:
            return None
        pupils = self._pupil_code(caller)
        if frame is not None and _id(frame.f_globals) in self.judge_globals:
            return ValueError, FRAMES_OF_THE_JUDGE, how, pupils
        if self.running and _get_ident() == self.main_thread:
            return ValueError, FRAMES_DURING_TEST, how, pupils
        return None

    def _check_frame_attribute(self, caller: Any, args: tuple) -> tuple | None:
        thing, name = args
        if name == "tb_frame":
            self._cut_judge_entries(thing)
        return self._check_frame(caller, getattr(thing, name, None), name)

    def _cut_judge_entries(self, traceback: Any) -> None:
        """An error the judge raised (a refusal) has the judge's frames in its traceback:
        cut them off before anybody (IPython showing the error, or the pupil's code) reads
        the traceback past its own frames. The error then shows the pupil's line only."""
        entry = traceback
        while _type(entry) is _TracebackType and entry.tb_next is not None:
            following = entry.tb_next
            if _id(following.tb_frame.f_globals) in self.judge_globals:
                entry.tb_next = None
                return
            entry = following

    # -- running a test -----------------------------------------------------------------------

    def _run_test(self, stub: Any, args: tuple) -> None:
        test_id = args[0] if args else None
        if _type(test_id) is not _str or test_id not in self.tests:
            verdicts.write(self.channel, self.key, verdicts.REFUSED, UNKNOWN_TEST, "")
            return
        if test_id in self.ran or self.running or _get_ident() != self.main_thread:
            fields = (test_id, "fail", "", "asked twice", "", "0")
            verdicts.write(self.channel, self.key, verdicts.VERDICT, *fields)
            return
        self.ran.add(test_id)
        namespace = stub.f_globals
        test_globals = dict.copy(namespace) if _issubclass(_type(namespace), dict) else {}
        # The test sees the pupil's names, except those that hide a built-in it may use
        # (a pupil's own ``all`` or ``len`` must not answer for the test).
        for name in self.private.builtins:
            test_globals.pop(name, None)
        test_globals["__builtins__"] = self.private.builtins
        test_globals["__name__"] = "__main__"
        self.test_namespaces.append(test_globals)
        self.judge_globals.add(_id(test_globals))
        for change in self._changes():
            verdicts.write(self.channel, self.key, verdicts.CHANGED, change)
        outcome = self._execute(test_id, test_globals)
        test_globals.clear()
        verdicts.write(self.channel, self.key, verdicts.VERDICT, test_id, *outcome)

    def _execute(self, test_id: str, test_globals: dict) -> tuple[str, ...]:
        helper = arms_length.Helper()
        self.current.globals, self.current.helper = test_globals, helper
        printed, saved = _StringIO(), (sys.stdout, sys.stderr)
        handlers = _quiet_signal_handlers()
        sys.stdout = sys.stderr = printed
        self.running = True
        self.busy.discard(self.main_thread)  # the test's events are checked like any others
        try:
            _exec(self.tests[test_id], test_globals)
            result = ("pass", "", "")
        except BaseException as error:  # noqa: BLE001 (every way a test can fail is a fail)
            result = ("fail", *_describe(error))
        finally:
            self.running = False
            self.busy.add(self.main_thread)
            sys.stdout, sys.stderr = saved
            _restore_signal_handlers(handlers)
            helper.close()
            self.current.globals = self.current.helper = None
        text = printed.getvalue()[:CAPTURED_TEXT]
        return (*result[:1], result[1], result[2], text, "1" if helper.stuck else "0")

    def _changes(self) -> list[str]:
        """What the pupil's code changed of Codekamp's checks and turtle or of Python's
        built-ins (it earns them nothing; the teacher may want to know)."""
        changes = []
        for name, private in self.modules.items():
            if not name.startswith("codekamp.") or _type(private) is not types.ModuleType:
                continue
            try:
                public = dict.get(sys.modules, name)
            except TypeError:  # sys.modules is no longer a dict
                public = None
            if _type(public) is types.ModuleType and _changed_module(vars(public), vars(private)):
                changes.append(CHECKS_CHANGED)
                break
        builtins_now = vars(_builtins)
        for name, value in self.builtins_at_start.items():
            if name not in KERNEL_BUILTINS and builtins_now.get(name) is not value:
                changes.append(BUILTINS_CHANGED)
                break
        return [change for change in changes if change not in self.reported]

    def _pupil_code(self, frame: Any) -> bool:
        """Was ``frame``'s code written by the pupil (not part of Python's installation)?"""
        return frame is not None and not frame.f_code.co_filename.startswith(self.trusted)


ROBOT_COMMANDS = frozenset({"move", "turn", "take", "put"})
MOST_ROBOT_COMMANDS = 2_000_000


def _robot_commands(result: Any) -> bool:
    """Is ``result`` what ``codekamp.robot.commands_of`` gives: (a list of command names,
    None or an error's name, a message)? Only its exact shape and plain values pass."""
    if _type(result) is not tuple or _len(result) != 3:
        return False
    kinds, name, message = result
    if _type(kinds) is not list or _len(kinds) > MOST_ROBOT_COMMANDS:
        return False
    if not all(_type(kind) is _str and kind in ROBOT_COMMANDS for kind in kinds):
        return False
    return (name is None or _type(name) is _str) and _type(message) is _str


MOST_CHART_TEXT = 1_000


def _private_chart(result: Any) -> Chart | None:
    """The judge's own Chart from what the pupil's side sent, or None when it is not exactly
    what ``codekamp.charts.chart_of`` makes: its shape, with plain values of the right kinds."""
    if _type(result) is not tuple or _len(result) != _len(Chart._fields):
        return None
    kinds, title, xlabel, ylabel, legend, bars, lines, points, y_from = result
    if not _tuples_of(kinds, _is_kind) or not _tuples_of(legend, _is_text):
        return None
    if not (_is_text(title) and _is_text(xlabel) and _is_text(ylabel)):
        return None
    if not _tuples_of(bars, _is_bar) or not _tuples_of(points, _is_point):
        return None
    if _type(lines) is not tuple or _len(lines) > MOST_LINES:
        return None
    if not all(_tuples_of(line, _is_point) for line in lines):
        return None
    if _type(y_from) is not float:
        return None
    return Chart(kinds, title, xlabel, ylabel, legend, bars, lines, points, y_from)


def _private_table(result: Any) -> tuple | None:
    """(columns, rows) from what the pupil's side sent, when it is exactly what
    ``codekamp.tables.plain_table`` makes: texts for the columns, rows as long as the columns
    of numbers, texts, True/False or None; otherwise None (not a table)."""
    if _type(result) is not tuple or _len(result) != 2:
        return None
    columns, rows = result
    if _type(columns) is not tuple or _len(columns) > _tables.MOST_COLUMNS:
        return None
    if not all(_is_text(column) for column in columns):
        return None
    if _type(rows) is not tuple or _len(rows) > _tables.MOST_ROWS:
        return None
    for row in rows:
        if _type(row) is not tuple or _len(row) != _len(columns):
            return None
        if not all(_id(_type(value)) in _SCALARS for value in row):
            return None
    return columns, rows


def _tuples_of(value: Any, good: Any) -> bool:
    return _type(value) is tuple and _len(value) <= MOST_POINTS and all(good(v) for v in value)


def _is_text(value: Any) -> bool:
    return _type(value) is _str and _len(value) <= MOST_CHART_TEXT


def _is_kind(value: Any) -> bool:
    return _type(value) is _str and value in ("bar", "line", "scatter")


def _is_bar(value: Any) -> bool:
    return (
        _type(value) is tuple and _len(value) == 2 and _is_text(value[0])
        and _type(value[1]) is float
    )  # fmt: skip


def _is_point(value: Any) -> bool:
    return (
        _type(value) is tuple and _len(value) == 2
        and _type(value[0]) is float and _type(value[1]) is float
    )  # fmt: skip


def _importer(frame: Any) -> Any:
    """The frame whose code asked for an import (past importlib's own frames)."""
    while frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
        frame = frame.f_back
    return frame


def _describe(error: BaseException) -> tuple[str, str]:
    """A failed test's error: its name and message, read without running pupil code."""
    if _type(error) is judge_turtle.PupilRaised:
        return error.name, error.message
    return arms_length.error_name(error), arms_length.error_message(error, 2000)


def _changed_module(public: dict, private: dict) -> bool:
    """Does a public Codekamp module differ from the judge's copy in its functions, or in the
    methods of its classes? Read with C-level lookups only: no pupil code runs."""
    for name, value in private.items():
        other = public.get(name)
        if _type(value) is _FunctionType:
            if _type(other) is not _FunctionType or other.__code__ != value.__code__:
                return True
        elif _type(value) is type and value.__module__ == private.get("__name__"):
            if _type(other) is not type or _changed_module(
                dict(_type.__dict__["__dict__"].__get__(other)),
                dict(_type.__dict__["__dict__"].__get__(value)) | {"__name__": name},
            ):
                return True
    return False


def _quiet_signal_handlers() -> dict:
    """While a test runs, only Ctrl-C (the grader's interrupt) may stop the main thread: a
    handler of the pupil's would run there, next to the judge."""
    saved = {}
    for number in _SIGNALS:
        try:
            handler = _getsignal(number)
        except (ValueError, OSError):
            continue
        if handler in (_SIG_DFL, _SIG_IGN, None):
            continue
        saved[number] = handler
        wanted = _default_int_handler if number == signal.SIGINT else _SIG_IGN
        try:
            _setsignal(number, wanted)
        except (ValueError, OSError, RuntimeError):
            pass
    return saved


def _restore_signal_handlers(saved: dict) -> None:
    for number, handler in saved.items():
        try:
            _setsignal(number, handler)
        except (ValueError, OSError, RuntimeError, TypeError):
            pass


def _unchanged(now: dict, before: dict) -> bool:
    """The same classes, each holding the very same things (compared with ``is`` only)."""
    if now.keys() != before.keys():
        return False
    for cls, contents in before.items():
        current = now[cls]
        if current.keys() != contents.keys():
            return False
        if any(current[name] is not value for name, value in contents.items()):
            return False
    return True


def _importlib_snapshot() -> dict:
    """importlib's file loaders and what their classes hold (bytecode reaches Python there)."""
    from importlib import machinery

    classes = (machinery.SourceFileLoader, machinery.SourcelessFileLoader)
    snapshot = {}
    for cls in classes:
        for klass in _type.__dict__["__mro__"].__get__(cls):
            snapshot[klass] = dict(vars(klass))
    return snapshot


def install(pack: dict, channel: int, private: Any, trusted: tuple[str, ...]) -> None:
    """Start judging in this process: from now on, until the process ends."""
    judge = Judge(pack, channel, private, trusted)
    sys.addaudithook(judge.hook)
