"""Running a pupil's code at arm's length from the judge, while a test runs.

A test calls the pupil's functions (``vierkant(40)``) and looks at the pupil's values. Code
that Python runs has the frames of its callers above it, and a frame shows its locals and
globals: a pupil's function called straight from a check could read the check's expected
answer from the frame above it. So, while a test runs, every touch of a pupil's code or
objects happens in a helper thread, inside small functions whose frames and globals hold
nothing of the judge: the pupil's code finds only those helpers above it, never a check.
What comes back is either plain data (numbers, text, tuples), checked again by the judge, or
the pupil's own object, which the judge only passes on, compares by type first, or shows
through this module too.

This module is part of the judge (loaded privately, see ``private_import``). The helpers that
touch pupil objects are compiled apart, with globals of their own (the real built-ins only).
"""

from __future__ import annotations

import _queue
import _thread
import builtins

_SimpleQueue, _Empty = _queue.SimpleQueue, _queue.Empty
_start_thread = _thread.start_new_thread
_type, _len, _tuple, _list, _float, _str = type, len, tuple, list, float, str
_real_builtins = builtins

# The helpers run in the helper thread. Their globals are this source's own namespace, with
# the real built-ins: nothing of the judge is reachable from their frames.
_HELPERS = """
def worker(jobs, results):
    while True:
        job = jobs.get()
        if job is None:
            return
        helper, arguments = job
        try:
            results.put((True, helper(*arguments)))
        except BaseException as error:
            results.put((False, error))


def call(function, args, kwargs, capture):
    import io, sys
    printed = io.StringIO()
    if capture:
        before, sys.stdout = sys.stdout, printed
    try:
        return function(*args, **kwargs), printed.getvalue()
    finally:
        if capture:
            sys.stdout = before


def show(value, limit):
    try:
        text = repr(value)
    except BaseException:
        text = "<" + type(value).__name__ + ">"
    if type(text) is not str:
        text = "<" + type(value).__name__ + ">"
    return text[:limit]


def public_drawing(function, args, kwargs):
    turtle = __import__("codekamp.turtle", fromlist=["fresh_screen"])
    if function is None:
        screen = turtle.Screen()
    else:
        with turtle.fresh_screen() as screen:
            function(*args, **kwargs)
    drawing = screen.drawing
    items = [(type(item).__name__, tuple(item)) for item in list(drawing.items)]
    return str(drawing.background), items


def public_robot(function, plain_world):
    robot = __import__("codekamp.robot", fromlist=["commands_of"])
    return robot.commands_of(function, plain_world)


def public_chart(function, args, read):
    return tuple(read(function, *args))
"""
_namespace: dict = {"__builtins__": _real_builtins, "__name__": "codekamp-helpers"}
exec(compile(_HELPERS, "<codekamp helpers>", "exec"), _namespace)
_worker, _call, _show, _public_drawing, _public_robot, _public_chart = (
    _namespace["worker"],
    _namespace["call"],
    _namespace["show"],
    _namespace["public_drawing"],
    _namespace["public_robot"],
    _namespace["public_chart"],
)
del _namespace


class PupilError(Exception):
    """The pupil's code raised ``error`` (kept as it was: the judge reads only its type)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class Stuck(Exception):
    """The pupil's code did not come back before the test was stopped."""


class Helper:
    """One helper thread for one test; ``close()`` lets it end."""

    def __init__(self) -> None:
        self._jobs = _SimpleQueue()
        self._results = _SimpleQueue()
        self.stuck = False
        _start_thread(_worker, (self._jobs, self._results))

    def run(self, helper, *arguments):
        """Run ``helper(*arguments)`` in the helper thread; its result, or PupilError."""
        if self.stuck:
            raise Stuck()
        self._jobs.put((helper, arguments))
        try:
            while True:
                try:
                    answer = self._results.get(timeout=0.05)
                    break
                except _Empty:
                    continue
        except BaseException:  # interrupted (the test took too long): the thread may hang
            self.stuck = True
            raise
        # The queue is reachable from the helper's frame: trust only the shape we put in.
        if _type(answer) is not _tuple or _len(answer) != 2 or _type(answer[0]) is not bool:
            raise PupilError(ValueError("the pupil's code tampered with the judge's helper"))
        if answer[0] is not True:
            raise PupilError(answer[1])
        return answer[1]

    def call(self, function, args: tuple, kwargs: dict, capture: bool = True):
        """``function(*args, **kwargs)`` and what it printed."""
        return self.run(_call, function, args, kwargs, capture)

    def show(self, value, limit: int) -> str:
        """How Python writes ``value`` (its repr), at most ``limit`` characters."""
        text = self.run(_show, value, limit)
        return text if _type(text) is _str else "?"

    def public_drawing(self, function=None, args: tuple = (), kwargs: dict | None = None):
        """The picture on the pupil's screen (``function`` None) or what ``function`` draws
        on a fresh one, with the pupil's own turtle: (background, [(kind, fields), …])."""
        return self.run(_public_drawing, function, args, kwargs or {})

    def public_robot(self, function, plain_world: tuple):
        """What ``function()`` makes the world's robot do in ``plain_world``, with the
        pupil's own robot: (commands, error name or None, error message)."""
        return self.run(_public_robot, function, plain_world)

    def public_chart(self, function, args: tuple, read):
        """The chart ``function(*args)`` draws with the pupil's matplotlib, read by ``read``
        (the judge's private ``codekamp.charts.chart_drawn_by``, so a pupil's copy of it
        cannot answer instead), as plain data; the judge checks every value of it again."""
        return self.run(_public_chart, function, args, read)

    def public_table(self, value, read):
        """The rows of the pupil's pandas table ``value``, read by ``read`` (the judge's
        private ``codekamp.tables.plain_table``) with the pupil's pandas, as plain data."""
        return self.run(read, value)

    def close(self) -> None:
        self._jobs.put(None)


def error_name(error: BaseException) -> str:
    """The name of an error's type, read without running any of the pupil's code."""
    return _type.__dict__["__name__"].__get__(_type(error))


def error_message(error: BaseException, limit: int = 300) -> str:
    """An error's message from its arguments, only where they are plain text or numbers."""
    arguments = BaseException.args.__get__(error)
    words = [
        _str(argument)
        for argument in arguments
        if _type(argument) is str or _type(argument) is int or _type(argument) is float
    ]
    return ", ".join(words)[:limit]
