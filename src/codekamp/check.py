"""Checks for graded test cells: short, kind messages in the pupil's language.

A test cell imports what it uses, so a pupil cannot redefine the checker::

    from codekamp.check import expect_function, expect_returns, well_done
    square_area = expect_function("square_area", ["side"])
    expect_returns(square_area, (3,), 9)
    well_done()

A failing check raises :class:`CheckFailed` (an ``AssertionError``, so nbgrader counts the
test as failed) that says what was tried, what was expected, what came, and a hint when the
test gives one. Comparisons are type-strict: ``1`` is not ``True``, ``"5"`` is not ``5``, and
an object that claims to be equal to everything does not pass.

The checks:

- :func:`expect_equal` / :func:`expect_close`: a value (exactly / a number, approximately);
- :func:`expect_defined`: a variable exists (and has a type);
- :func:`expect_function`: a function exists with the right parameters;
- :func:`expect_returns`: calling a function with arguments gives a result;
- :func:`expect_prints`: calling a function prints a text;
- :func:`expect_raises`: calling a function raises an error;
- :func:`expect_drawing`: a turtle drawing shows the right picture;
- :func:`expect_robot`: a robot program does its job in several worlds, hidden ones too;
- :func:`expect_loop`, :func:`expect_uses`, :func:`expect_calculated`: *how* an answer is
  written (it uses a loop; it uses the given variables; it calculates instead of typing the
  result), read from the answer cell's code;
- :func:`expect`: any condition, with your own message; :func:`well_done`: say it passed.
"""

from __future__ import annotations

import ast as _ast
import dis
import io
import math
import sys
from collections.abc import Callable
from types import CodeType as _CodeType
from types import FunctionType
from typing import Any

from codekamp.i18n import N_, _

__all__ = [
    "CheckFailed", "default_value", "expect", "expect_calculated", "expect_close",
    "expect_avoids", "expect_chart", "expect_defined", "expect_drawing", "expect_equal",
    "expect_function", "expect_loop", "expect_prints", "expect_quotes", "expect_raises",
    "expect_returns",
    "expect_robot", "expect_rows", "expect_uses", "own_number", "same", "well_done",
]  # fmt: skip

_LONGEST_SHOWN = 80

# Taken now, so a notebook that assigns to these names cannot change how checks compare.
_type, _isinstance, _len, _repr, _callable = type, isinstance, len, repr, callable
_issubclass, _getframe, _StringIO, _isnan, _isfinite = (
    issubclass,
    sys._getframe,
    io.StringIO,
    math.isnan,
    math.isfinite,
)
# Types compared by identity (``is``), never with ``==`` or ``in``: a pupil's class may have a
# metaclass whose ``__eq__`` runs their code.
_NUMBER_TYPES = frozenset({id(int), id(float)})
_KEY_TYPES = frozenset({id(str), id(int), id(float), id(bool), id(type(None))})
_TYPE_NAME = type.__dict__["__name__"]
_TYPE_MODULE = type.__dict__["__module__"]
_TYPE_FLAGS = type.__dict__["__flags__"]
_HEAP_TYPE = 1 << 9  # a class made by Python code; numpy's numbers are made in C
_int, _float, _bool = int, float, bool
_get_instructions = dis.get_instructions


class CheckFailed(AssertionError):
    """A test did not pass; the message says why, in the pupil's language."""


def _hide_own_frames() -> None:
    from codekamp.ipython import hide_own_frames

    hide_own_frames(CheckFailed, message_only=True)  # what failed, not the test's code


_hide_own_frames()


# -- comparing ---------------------------------------------------------------------------


def same(actual: Any, expected: Any) -> bool:
    """Return True when ``actual`` is ``expected``'s value *and* type, all the way down.

    >>> same([1, 2], [1, 2]), same(1, True), same("5", 5)
    (True, False, False)
    """
    actual = own_number(actual)
    if _type(actual) is not _type(expected):
        return False
    if _isinstance(expected, (list, tuple)):
        return _len(actual) == _len(expected) and all(map(same, actual, expected))
    if _isinstance(expected, dict):
        # Keys of plain types only: comparing them runs no code of the pupil's.
        if not all(_plain_key(key) for key in actual):
            return False
        return actual.keys() == expected.keys() and all(
            same(actual[key], expected[key]) for key in expected
        )
    if _isinstance(expected, float) and _isnan(expected):
        return _isnan(actual)
    # Same built-in type on both sides, so this is the type's own, honest comparison.
    return (expected == actual) is True


def _plain_key(key: Any) -> bool:
    """A dictionary key that compares without running a pupil's code."""
    if _type(key) is tuple:
        return all(_plain_key(item) for item in key)
    return id(_type(key)) in _KEY_TYPES


def own_number(value: Any) -> Any:
    """numpy's numbers (what a pandas sum or mean gives) as Python's own int, float or bool,
    so ``numbers.sum()`` passes where 42 is expected; any other value as it is.

    Only numpy's own number types, made in C, are turned: their conversion runs no code of
    the pupil's (a class written in Python that calls itself numpy's stays as it is)."""
    kind = _type(value)
    if id(kind) in _KEY_TYPES or _TYPE_FLAGS.__get__(kind) & _HEAP_TYPE:
        return value
    if _TYPE_MODULE.__get__(kind) != "numpy":
        return value
    name = _TYPE_NAME.__get__(kind)
    if name == "bool":
        return _bool(value)
    if name.startswith(("int", "uint")):
        return _int(value)
    if name.startswith("float"):
        return _float(value)
    return value


def close(actual: Any, expected: float, tolerance: float) -> bool:
    """True when ``actual`` is a real number (not a bool) within ``tolerance`` of ``expected``."""
    actual = own_number(actual)
    if id(_type(actual)) not in _NUMBER_TYPES:
        return False
    return _isfinite(actual) and abs(actual - expected) <= tolerance


# -- the checks --------------------------------------------------------------------------


def expect_equal(actual: Any, expected: Any, *, what: str, hint: str | None = None) -> None:
    """Check that ``actual`` equals ``expected`` (same value and same type).

    ``what`` names the thing being checked, as the pupil knows it (a variable name).
    ``hint`` is added to the message when the check fails.
    """
    __tracebackhide__ = True  # IPython and pytest leave this frame out of the traceback
    actual = own_number(actual)
    if not same(actual, expected):
        _fail(_difference(what, actual, expected), hint)


def expect_close(
    actual: Any, expected: float, *, what: str, tolerance: float = 1e-6, hint: str | None = None
) -> None:
    """Check that the number ``actual`` is ``expected``, give or take ``tolerance``.

    Whole numbers and decimal numbers both count: ``expect_close(2, 2.0, what="x")`` passes.
    """
    __tracebackhide__ = True
    actual = own_number(actual)
    if close(actual, expected, tolerance):
        return
    if id(_type(actual)) not in _NUMBER_TYPES:
        _fail(_difference(what, actual, float(expected)), hint)
    _fail(
        _("{what} should be about {expected}, but it is {actual}.").format(
            what=what, expected=shown(expected), actual=shown(actual)
        ),
        hint,
    )


def expect_defined(name: str, kind: type | None = None, *, hint: str | None = None) -> Any:
    """Check that the notebook has made a variable (or function) called ``name``; return it.

    With ``kind`` (such as ``int`` or ``str``), its value must also be of that type.
    """
    __tracebackhide__ = True
    value = _notebook_value(name, hint)
    if kind is not None and _type(value) is not kind:
        _fail(
            _("{what} should be {kind}, but it is {actual_kind}: {actual}.").format(
                what=name, kind=kind_name(kind), actual_kind=kind_of(value), actual=shown(value)
            ),
            hint,
        )
    return value


def expect_function(
    name: str,
    parameters: list[str] | int | None = None,
    *,
    names: bool = False,
    hint: str | None = None,
) -> Callable[..., Any]:
    """Check that the notebook defines a function ``name``; return it.

    ``parameters`` is the list of its parameters (or just how many). The function must take
    that many values in that order; their names are free (a test calls it by position), and
    extra parameters with a default value are fine. With ``names=True`` the names must be
    exactly these too (for a task whose test calls by name).
    """
    __tracebackhide__ = True
    function = _notebook_value(name, hint)
    if not _callable(function) or _issubclass(_type(function), type):
        _fail(
            _(
                "{name} should be a function (made with def), but it is {actual_kind}: {actual}."
            ).format(name=name, actual_kind=kind_of(function), actual=shown(function)),
            hint,
        )
    if parameters is None:
        return function
    if _type(function) is not FunctionType:  # a class or a built-in: its parameters are not asked
        return function
    have = parameter_names(function)
    wanted = parameters if _isinstance(parameters, list) else None
    count = _len(parameters) if wanted is not None else parameters
    fits = (have == wanted) if (names and wanted is not None) else _takes(function, count)
    if not fits:
        expected = (
            ", ".join(wanted) if wanted is not None else _("{count} parameters").format(count=count)
        )
        _fail(
            _("{name} should have the parameters ({expected}), but it has ({actual}).").format(
                name=name, expected=expected, actual=", ".join(have)
            ),
            hint,
        )
    return function


def _takes(function: FunctionType, count: int) -> bool:
    """Can ``function`` be called with ``count`` values, by position, and nothing else?"""
    code = FunctionType.__code__.__get__(function)
    defaults = FunctionType.__defaults__.__get__(function) or ()
    keyword_defaults = FunctionType.__kwdefaults__.__get__(function) or {}
    positional = code.co_argcount
    required = positional - _len(defaults)
    if code.co_kwonlyargcount > _len(keyword_defaults):  # a keyword-only one without default
        return False
    takes_more = bool(code.co_flags & 0x04)  # *args
    return required <= count and (count <= positional or takes_more)


def expect_returns(
    function: Callable[..., Any],
    args: tuple = (),
    expected: Any = None,
    *,
    tolerance: float | None = None,
    hint: str | None = None,
) -> Any:
    """Call ``function(*args)`` and check that it returns ``expected``; return the result.

    With ``tolerance``, numbers only need to be that close. A function that prints its answer
    instead of returning it gets a message that says so.
    """
    __tracebackhide__ = True
    call = _call_text(function, args)
    failed, result, printed = _pupil.call(function, args)
    if failed:  # the pupil's code failed: say how, as part of the check
        _fail(
            _("{call} should give {expected}, but it stopped with an error: {error}").format(
                call=call, expected=shown(expected), error=_pupil.describe_error(result)
            ),
            hint,
        )
    result = own_number(result)
    ok = close(result, expected, tolerance) if tolerance is not None else same(result, expected)
    if ok:
        return result
    if result is None and expected is not None and printed:
        _fail(
            _(
                "{call} should give {expected}, but it gave None: it printed {printed} instead. "
                "Use return instead of print."
            ).format(call=call, expected=shown(expected), printed=shown(printed.strip())),
            hint,
        )
    _fail(_difference(call, result, expected, result_of_call=True), hint)
    return result


def expect_rows(
    function: Callable[..., Any],
    args: tuple = (),
    expected: list | None = None,
    *,
    what: str,
    tolerance: float = 1e-6,
    hint: str | None = None,
) -> Any:
    """Call ``function(*args)`` and check that it gives the rows of a table: a list of rows
    (lists, tuples or dictionaries), each like the row of ``expected`` at the same place, with
    numbers ``tolerance`` apart at most (an average may be 2.0 or 2). The first difference is
    said: a missing row, or the one value that differs, by its row and column.

    The function may also give a pandas DataFrame or Series (module 11): its rows are compared,
    as dictionaries by column name when ``expected`` has dictionaries. A named index (after
    ``groupby``) counts as a column; the row numbers do not; a missing value is None.
    See :func:`codekamp.tables.plain_table`."""
    __tracebackhide__ = True
    expected = [] if expected is None else expected
    call = _call_text(function, args)
    failed, result, _printed = _pupil.call(function, args)
    if failed:
        _fail(
            _("{call} should give a table, but it stopped with an error: {error}").format(
                call=call, error=_pupil.describe_error(result)
            ),
            hint,
        )
    if _type(result) is not list:
        table = _pupil.table(result)  # a pandas DataFrame or Series: its rows
        if table is None:
            result = own_number(result)
            _fail(
                _("{call} should give a table (its rows), but it gave {kind}: {value}.").format(
                    call=call, kind=kind_of(result), value=shown(result)
                ),
                hint,
            )
        result = _rows_of(table, expected)
    if _len(result) != _len(expected):
        _fail(
            _("{call} gives {found} rows, but it should give {wanted}.").format(
                call=call, found=_len(result), wanted=_len(expected)
            ),
            hint,
        )
    for number, (row, wanted) in enumerate(zip(result, expected, strict=True), start=1):
        problem = _row_difference(row, wanted, tolerance)
        if problem is not None:
            place, found, should = problem
            if place is None:
                message = _("Row {number} of {call} should be {wanted}, but it is {found}.")
            elif _type(place) is int:  # a row that is a list: the place of the value in it
                message = _(
                    "In row {number} of {call}, the value at place {place} should be {wanted}, "
                    "but it is {found}."
                )
            else:  # a row that is a dictionary: the column's name
                message = _(
                    "In row {number} of {call}, {place} should be {wanted}, but it is {found}."
                )
            _fail(
                message.format(
                    number=number, call=call, place=shown(place), wanted=shown(should),
                    found=shown(found),
                ),
                hint,
            )  # fmt: skip
    return result


def _rows_of(table: tuple, expected: list) -> list:
    """A table's rows (see :mod:`codekamp.tables`) as dictionaries of the columns that the
    expected rows name (other columns do not count), otherwise as lists."""
    columns, rows = table
    if expected and _type(expected[0]) is dict:
        wanted = expected[0]
        return [
            {column: value for column, value in zip(columns, row, strict=True) if column in wanted}
            for row in rows
        ]
    return [list(row) for row in rows]


def _row_difference(row: Any, wanted: Any, tolerance: float) -> tuple | None:
    """(column or None, found, wanted) for the first value of ``row`` that differs."""
    if _type(wanted) is dict:
        if _type(row) is not dict or not all(_plain_key(key) for key in row):
            return None, row, wanted
        for key in wanted:
            if key not in row:
                return key, None, wanted[key]
            if not _same_value(row[key], wanted[key], tolerance):
                return key, row[key], wanted[key]
        return (None, row, wanted) if _len(row) != _len(wanted) else None
    if _type(row) not in (list, tuple) or _len(row) != _len(wanted):
        return None, row, wanted
    for index, (value, should) in enumerate(zip(row, wanted, strict=True)):
        if not _same_value(value, should, tolerance):
            return index, value, should
    return None


def _same_value(value: Any, wanted: Any, tolerance: float) -> bool:
    value = own_number(value)
    if id(_type(wanted)) in _NUMBER_TYPES and id(_type(value)) in _NUMBER_TYPES:
        return close(value, wanted, tolerance)
    return same(value, wanted)


def expect_prints(
    function: Callable[..., Any], args: tuple = (), expected: str = "", *, hint: str | None = None
) -> None:
    """Call ``function(*args)`` and check that it prints ``expected`` (spaces at the ends of
    lines and at the end do not count)."""
    __tracebackhide__ = True
    call = _call_text(function, args)
    failed, error, printed = _pupil.call(function, args)
    if failed:
        _fail(
            _("{call} stopped with an error: {error}").format(
                call=call, error=_pupil.describe_error(error)
            ),
            hint,
        )
    if _type(printed) is not str or _tidy(printed) != _tidy(expected):
        _fail(
            _("{call} should print {expected}, but it printed {actual}.").format(
                call=call, expected=shown(_tidy(expected)), actual=shown(_tidy(str(printed)))
            ),
            hint,
        )


def expect_raises(
    error: type[BaseException],
    function: Callable[..., Any],
    args: tuple = (),
    *,
    hint: str | None = None,
) -> None:
    """Call ``function(*args)`` and check that it raises ``error`` (such as ``ValueError``)."""
    __tracebackhide__ = True
    call = _call_text(function, args)
    failed, raised, _printed = _pupil.call(function, args)
    if failed and _issubclass(_type(raised), error):
        return
    if failed:
        _fail(
            _("{call} should raise {error}, but it raised {actual}.").format(
                call=call, error=error.__name__, actual=_pupil.error_name(raised)
            ),
            hint,
        )
    _fail(
        _("{call} should raise {error}, but it did not.").format(call=call, error=error.__name__),
        hint,
    )


def expect_drawing(
    actual: Any,
    expected: Any,
    *,
    what: str,
    anywhere: bool = False,
    turned: bool = False,
    mirrored: bool = False,
    colours: bool = True,
    fills: bool = False,
    texts: bool = False,
    tolerance: float = 1.0,
    hint: str | None = None,
) -> None:
    """Check that the turtle drawing ``actual`` shows the same picture as ``expected``.

    Both are drawings (see ``codekamp.turtle.drawing_of``) or screens. The order of drawing,
    the direction of each line and how it was split into steps never matter. What the task
    does not ask about does not matter either: filled shapes and written texts are ignored
    unless ``fills=True`` or ``texts=True``; ``colours=False`` ignores the pen's colour;
    ``anywhere=True`` lets the picture stand anywhere; ``mirrored=True`` accepts its mirror
    image; ``turned=True`` accepts it turned any way (and anywhere). What differs is said in the
    pupil's own coordinates. ``tolerance`` is in pixels: a gap a pupil can see fails.
    """
    __tracebackhide__ = True
    from codekamp.turtle.compare import compare, directions
    from codekamp.turtle.compare import turned as turned_copy

    def differences(candidate: Any) -> Any:
        return compare(
            actual, candidate, tolerance=tolerance, anywhere=anywhere or turned,
            colours=colours, fills=fills, texts=texts,
        )  # fmt: skip

    candidates = [expected]
    if mirrored:
        candidates.append(turned_copy(expected, 0.0, mirrored=True))
    if turned:
        wanted = directions(actual)[:1]
        for flip in (False, True) if mirrored else (False,):
            for direction in directions(expected):
                for half in (0.0, 180.0):
                    angle = wanted[0] - direction + half if wanted else 0.0
                    candidates.append(turned_copy(expected, angle, mirrored=flip))
    best = None
    for candidate in candidates:
        result = differences(candidate)
        if result:
            return
        if best is None or _len(result.missing) + _len(result.extra) < _len(best.missing) + _len(
            best.extra
        ):
            best = result
    _fail(_("{what} is not the right picture.").format(what=what) + " " + best.describe(), hint)


def expect_robot(
    program: Any,
    worlds: list[Any],
    *,
    what: str,
    all_taken: bool = False,
    hint: str | None = None,
) -> None:
    """Check that ``program()``, a pupil's function that drives the robot, does its job in
    every one of ``worlds`` (World objects, names of worlds or text maps): no crash, every goal
    met (the goal square reached, carrots put where they must lie) and, with ``all_taken``, no
    carrot left on the ground. Give visible worlds and hidden, generated ones
    (``codekamp.robot.generators``), so that a path written out for one world fails. A failure
    names the world and shows the robot's world as the program left it.

    The program runs with the pupil's robot; its commands are then replayed here, with the
    checks' own robot, in a fresh copy of the world: only moves that world allows count."""
    __tracebackhide__ = True
    from codekamp.robot import RobotError, World, as_plain, parse
    from codekamp.robot.library import MAPS, named
    from codekamp.robot.robot import Robot, Stage

    if not _callable(program) or _type(program) is not FunctionType:
        _fail(_("{what} must be a function that you made with def.").format(what=what), hint)
    for number, world in enumerate(worlds, start=1):
        if not _isinstance(world, World):
            world = named(world) if world in MAPS else parse(world)
        name = world.name or f"#{number}"  # a typed map without a name: its place in the list
        failed, result = _pupil.robot_commands(program, as_plain(world))
        if failed:
            _fail(_("{what} stopped with an error in the world {name!r}: {error}").format(
                what=what, name=name, error=_pupil.describe_error(result)), hint)  # fmt: skip
        kinds, error_name, error_message = result
        stage = Stage(world)
        stage.step_limit = float("inf")  # the pupil's side counted its steps
        robot = Robot(stage=stage)
        moves = {"move": robot.move, "turn": robot.turn_left, "take": robot.take, "put": robot.put}
        problem = None
        try:
            for kind in kinds:
                moves[kind]()
        except RobotError as crash:
            problem = _("{what} stopped in the world {name!r}: {error}").format(
                what=what, name=name, error=crash
            )
        if problem is None and error_name is not None:  # stopped for another reason
            problem = _("{what} stopped in the world {name!r}: {error}").format(
                what=what, name=name, error=error_message
            )
        elif problem is None and not stage.solved():
            problem = _(
                "{what} did not meet the goal in the world {name!r}: the robot stopped on "
                "square ({x}, {y})."
            ).format(what=what, name=name, x=robot.x, y=robot.y)
        elif problem is None and all_taken and stage.world.carrots:
            problem = _("{what} left {count} carrots on the ground in the world {name!r}.").format(
                what=what, name=name, count=sum(stage.world.carrots.values())
            )
        if problem is not None:
            _show_world(stage)
            _fail(problem, hint)


def expect_chart(
    function: Callable[..., Any],
    args: tuple = (),
    *,
    what: str,
    kind: str | None = None,
    bars: list[tuple[str, float]] | None = None,
    points: list[tuple[float, float]] | None = None,
    title: bool | str = False,
    xlabel: bool | str = False,
    ylabel: bool | str = False,
    legend: bool = False,
    from_zero: bool = False,
    tolerance: float = 1e-6,
    hint: str | None = None,
) -> Any:
    """Check the matplotlib chart that ``function(*args)`` draws, from its parts; return it.

    The function draws on a figure of its own, which is read and closed (see
    :mod:`codekamp.charts`): only what it draws counts. Each keyword asks for one thing:
    ``kind`` ("bar", "line" or "scatter"); ``bars``, the names and heights of the bars from
    left to right; ``points``, a scatter chart's points in any order; ``title``, ``xlabel``
    and ``ylabel`` (True: there is one; a text: it also holds that word, capitals or not);
    ``legend``; ``from_zero``: the value axis starts at 0, as a bar chart's must to be fair.
    What is not asked about does not matter (colours, sizes, the style of the lines).
    """
    __tracebackhide__ = True
    call = _call_text(function, args)
    failed, chart = _pupil.chart(function, args)
    if failed:
        _fail(
            _("{call} should draw a chart, but it stopped with an error: {error}").format(
                call=call, error=_pupil.describe_error(chart)
            ),
            hint,
        )
    if not chart.kinds:
        _fail(_("{what} is empty: it shows no bars, lines or points.").format(what=what), hint)
    if kind is not None and kind not in chart.kinds:
        _fail(
            _("{what} should be {kind}, but it is {found}.").format(
                what=what, kind=_(_CHART_KINDS[kind]), found=_(_CHART_KINDS[chart.kinds[0]])
            ),
            hint,
        )
    for wanted, found, missing, without in (
        (title, chart.title, N_("{what} has no title."),
         N_("The title of {what} should say {word}.")),
        (xlabel, chart.xlabel, N_("{what} has no label on its x-axis (the one across)."),
         N_("The label of the x-axis of {what} should say {word}.")),
        (ylabel, chart.ylabel, N_("{what} has no label on its y-axis (the one going up)."),
         N_("The label of the y-axis of {what} should say {word}.")),
    ):  # fmt: skip
        if wanted and not found.strip():
            _fail(_(missing).format(what=what), hint)
        if _type(wanted) is str and wanted.lower() not in found.lower():
            _fail(_(without).format(what=what, word=shown(wanted)), hint)
    if legend and not chart.legend:
        _fail(_("{what} has no legend: add labels and call legend().").format(what=what), hint)
    if bars is not None:
        _expect_bars(chart.bars, bars, what, tolerance, hint)
    if points is not None:
        _expect_points(chart.points, points, what, tolerance, hint)
    if from_zero and not close(chart.y_from, 0.0, tolerance):
        _fail(
            _(
                "The value axis of {what} starts at {start}, not at 0: that makes small "
                "differences look big."
            ).format(what=what, start=f"{chart.y_from:g}"),
            hint,
        )
    return chart


_CHART_KINDS = {
    "bar": N_("a bar chart"),
    "line": N_("a line chart"),
    "scatter": N_("a scatter chart"),
}


def _expect_bars(found: Any, wanted: list, what: str, tolerance: float, hint: str | None) -> None:
    __tracebackhide__ = True
    if _len(found) != _len(wanted):
        _fail(
            _("{what} has {found} bars, but it should have {wanted}.").format(
                what=what, found=_len(found), wanted=_len(wanted)
            ),
            hint,
        )
    for (name, height), (wanted_name, wanted_height) in zip(found, wanted, strict=True):
        if name != str(wanted_name):
            _fail(
                _("In {what}, the bar {name} should be {wanted}, from left to right.").format(
                    what=what, name=shown(name), wanted=shown(str(wanted_name))
                ),
                hint,
            )
        if not close(height, wanted_height, tolerance):
            _fail(
                _("In {what}, the bar {name} is {found} high, but it should be {wanted}.").format(
                    what=what, name=shown(name), found=shown(height), wanted=shown(wanted_height)
                ),
                hint,
            )


def _expect_points(found: Any, wanted: list, what: str, tolerance: float, hint: str | None) -> None:
    __tracebackhide__ = True
    if _len(found) != _len(wanted):
        _fail(
            _("{what} has {found} points, but it should have {wanted}.").format(
                what=what, found=_len(found), wanted=_len(wanted)
            ),
            hint,
        )
    left = sorted(found)
    for x, y in sorted(wanted):
        match = next(
            (p for p in left if close(p[0], x, tolerance) and close(p[1], y, tolerance)), None
        )
        if match is None:
            _fail(
                _("{what} has no point at ({x}, {y}).").format(what=what, x=shown(x), y=shown(y)),
                hint,
            )
        left.remove(match)


def _show_world(stage: Any) -> None:
    """The robot's world as the failed program left it, played from its start (in the pupil's
    notebook; the grader's feedback has the message)."""
    import os

    if os.environ.get("NBGRADER_EXECUTION"):
        return
    from codekamp.robot.notebook import show

    show(stage)


def expect_loop(answer: str | Callable[..., Any], *, what: str, hint: str | None = None) -> None:
    """Check that an answer uses a loop (``for`` or ``while``).

    ``answer`` is the id of the answer cell (its code is read as it was run), or a function.
    """
    __tracebackhide__ = True
    if not _code_facts(answer, hint)[0]:
        _fail(
            _("{what} should use a loop (for), so that you write the steps only once.").format(
                what=what
            ),
            hint,
        )


def expect_avoids(
    answer: str | Callable[..., Any], names: list[str], *, what: str, hint: str | None = None
) -> None:
    """Check that an answer works something out by hand: it uses none of ``names`` (such as
    ``["max", "sorted", "sort"]`` for a hand-made maximum).

    ``answer`` is the id of the answer cell, or a function.
    """
    __tracebackhide__ = True
    used = _shortcuts_read(answer, hint)
    for name in names:
        if name in used:
            _fail(
                _("{what} should work it out by itself, without {name}.").format(
                    what=what, name=name
                ),
                hint,
            )


def expect_uses(
    answer: str | Callable[..., Any],
    names: list[str],
    *,
    what: str,
    numbers: list[float] | None = None,
    hint: str | None = None,
) -> None:
    """Check that an answer uses each variable of ``names`` (so changing one changes the result).

    ``answer`` is the id of the answer cell, or a function (then ``names`` are its parameters).
    With ``numbers``, the answer may write no other numbers than these (besides giving the
    variables their values): ``left(360 / 8)`` next to ``corners = 8`` fails with
    ``numbers=[360]``, ``left(360 / corners)`` passes.
    """
    __tracebackhide__ = True
    used = _code_facts(answer, hint)[1]
    for name in names:
        if name not in used:
            _fail(
                _(
                    "{what} should use the variable {name}, so that it still works when "
                    "{name} changes."
                ).format(what=what, name=name),
                hint,
            )
    if numbers is None:
        return
    for number in _fixed_numbers(answer, names, hint):
        if not any(same(number, allowed) or close(number, allowed, 0.0) for allowed in numbers):
            _fail(
                _(
                    "{what} uses the number {number}: use the variables ({names}) instead, so "
                    "that it still works when they change."
                ).format(what=what, number=shown(number), names=", ".join(names)),
                hint,
            )


def _fixed_numbers(answer: Any, names: list[str], hint: str | None) -> list[Any]:
    """The numbers written in an answer, except where it gives ``names`` their values."""
    __tracebackhide__ = True
    if _type(answer) is FunctionType:
        code = FunctionType.__code__.__get__(answer)
        return [c for c in code.co_consts if _type(c) in (int, float)]
    found = []
    for statement in _parsed(answer, hint).body:
        if _type(statement) is _ast.Assign and all(
            _type(target) is _ast.Name and target.id in names for target in statement.targets
        ):
            continue  # hoeken = 8: giving a variable its value
        found += [
            node.value
            for node in _ast.walk(statement)
            if _type(node) is _ast.Constant and _type(node.value) in (int, float)
        ]
    return found


def expect_calculated(answer: str, variable: str, *, hint: str | None = None) -> None:
    """Check that the answer cell ``answer`` gives ``variable`` a calculation, not a typed-in
    result: ``days = 11 * 365`` passes, ``days = 4015`` does not."""
    __tracebackhide__ = True
    tree = _parsed(answer, hint)
    values = [
        node.value
        for node in _ast.walk(tree)
        if _type(node) is _ast.Assign
        and any(_type(t) is _ast.Name and t.id == variable for t in node.targets)
    ]
    if not values:
        _fail(_("Your answer should make {name} with {name} = … .").format(name=variable), hint)
    if any(_is_literal(value) for value in values):
        _fail(
            _("Write the calculation for {name}, not its answer: let Python work it out.").format(
                name=variable
            ),
            hint,
        )


def _is_literal(node: Any) -> bool:
    if _type(node) is _ast.UnaryOp and _type(node.op) in (_ast.USub, _ast.UAdd):
        node = node.operand
    return _type(node) is _ast.Constant


def _parsed(answer: str, hint: str | None) -> Any:
    __tracebackhide__ = True
    source = _sources.source_of(answer) if _type(answer) is str else None
    if _type(source) is not str:
        _fail(_("Run the cell with your answer first, then this test."), hint)
    try:
        return _ast.parse(source)
    except SyntaxError:
        _fail(_("Your answer cell has an error: run it and fix it first."), hint)


def _code_facts(answer: Any, hint: str | None) -> tuple[bool, frozenset[str]]:
    """(uses a loop, the names it reads) of an answer cell or a function."""
    __tracebackhide__ = True
    if _type(answer) is FunctionType:
        return _function_facts(FunctionType.__code__.__get__(answer))
    tree = _parsed(answer, hint)
    loops = any(
        _type(node) in (_ast.For, _ast.While, _ast.comprehension) for node in _ast.walk(tree)
    )
    reads = frozenset(
        node.id
        for node in _ast.walk(tree)
        if _type(node) is _ast.Name and _type(node.ctx) is _ast.Load
    )
    return loops, reads


def _shortcuts_read(answer: Any, hint: str | None) -> frozenset[str]:
    """The functions and methods an answer can reach by name: global and builtin names and
    attributes, not its own variables (a hand-made maximum may keep its result in ``max``)."""
    __tracebackhide__ = True
    if _type(answer) is FunctionType:
        return _global_reads(FunctionType.__code__.__get__(answer))
    tree = _parsed(answer, hint)
    own = {
        node.id
        for node in _ast.walk(tree)
        if _type(node) is _ast.Name and _type(node.ctx) is _ast.Store
    } | {node.arg for node in _ast.walk(tree) if _type(node) is _ast.arg}
    return frozenset(
        node.id if _type(node) is _ast.Name else node.attr
        for node in _ast.walk(tree)
        if (_type(node) is _ast.Name and _type(node.ctx) is _ast.Load and node.id not in own)
        or _type(node) is _ast.Attribute
    )


def _global_reads(code: Any) -> frozenset[str]:
    return frozenset(
        instruction.argval
        for instruction in _all_instructions(code)
        if instruction.opname in _GLOBAL_LOADS and _type(instruction.argval) is str
    )


_GLOBAL_LOADS = frozenset({"LOAD_GLOBAL", "LOAD_NAME", "LOAD_ATTR", "LOAD_METHOD"})


def _function_facts(code: Any) -> tuple[bool, frozenset[str]]:
    """(has a loop, the names it reads) from a function's compiled code and the code inside it."""
    loops, reads = False, set()
    for instruction in _all_instructions(code):
        name = instruction.opname
        if name == "FOR_ITER" or name.startswith("JUMP_BACKWARD"):
            loops = True
        elif name.startswith("LOAD_") and _type(instruction.argval) is str:
            reads.add(instruction.argval)
        elif name.startswith("LOAD_") and _type(instruction.argval) is tuple:
            reads.update(v for v in instruction.argval if _type(v) is str)
    return loops, frozenset(reads)


def _all_instructions(code: Any) -> Any:
    """The instructions of ``code`` and of the code inside it (its inner functions)."""
    yield from _get_instructions(code)
    for constant in code.co_consts:
        if _type(constant) is _CodeType:
            yield from _all_instructions(constant)


class _RecordedCells:
    """Where the checks read an answer cell's code: what the kernel ran (``codekamp.cells``).

    While grading, Codekamp's judge puts the handed-in notebook's cells here instead.
    """

    @staticmethod
    def source_of(cell_id: str) -> str | None:
        from codekamp import cells

        return cells.source_of(cell_id)


_sources: Any = _RecordedCells


def expect_quotes(text: Any, number: Any, *, what: str, hint: str | None = None) -> None:
    """Check that the text ``text`` (a conclusion) says the number ``number`` that the code
    worked out, so that the words never disagree with the data (module 12).

    The number counts as said when the text holds it as Python writes it, or rounded to 0, 1
    or 2 decimals, with or without a thousands separator (a comma, a space, or a point with a
    decimal comma, as in Dutch and French: 11.763.650 and 3,5). numpy's numbers count.
    """
    __tracebackhide__ = True
    number = own_number(number)
    if id(_type(number)) not in _NUMBER_TYPES or not _isfinite(number):
        _fail(
            _("{what} should quote a number, but {value} is not a number.").format(
                what=what, value=shown(number)
            ),
            hint,
        )
    if _type(text) is not str:
        _fail(_difference(what, text, ""), hint)
    if not _says_number(text, number):
        _fail(
            _("{what} should say the number {number}, but it does not: {text}").format(
                what=what, number=shown(number), text=shown(text)
            ),
            hint,
        )


def _says_number(text: str, number: float) -> bool:
    forms = {f"{number}"}
    for decimals in (0, 1, 2):
        forms.add(f"{number:.{decimals}f}")
        forms.add(f"{number:,.{decimals}f}")
    written = set()
    for form in forms:
        written |= {form, form.replace(",", " "), form.replace(",", "\u202f")}
        written.add(form.replace(",", "_").replace(".", ",").replace("_", "."))  # 11.763.650,5
    return any(form in text for form in written)


def expect(condition: bool, problem: str, *, hint: str | None = None) -> None:
    """Check that ``condition`` is true; otherwise say ``problem`` (in the pupil's language)."""
    __tracebackhide__ = True
    if condition is not True:
        _fail(problem, hint)


def well_done() -> None:
    """Say, briefly and warmly, that the visible test of this task passes."""
    print("✅ " + _("Well done! This test passes."))


# -- words -------------------------------------------------------------------------------


def kind_of(value: Any) -> str:
    """Name the type of ``value`` in words a pupil knows, in the current language."""
    return kind_name(_type(value))


def kind_name(kind: type) -> str:
    """Name a type in words a pupil knows: ``kind_name(int)`` is "a whole number (int)"."""
    # Looked up by identity, and the name read as the type itself keeps it: a pupil's class
    # (with a metaclass of its own) runs none of its code here.
    english = next((words for known, words in _KIND_NAMES.items() if known is kind), None)
    return _(english) if english else _TYPE_NAME.__get__(kind)


def shown(value: Any) -> str:
    """Show ``value`` as Python would write it, shortened when it is very long; a pandas
    table by its kind only (``<DataFrame>``): its rows would not fit on a line."""
    kind = _type(value)
    module = _TYPE_MODULE.__get__(kind)
    if _type(module) is str and module.split(".")[0] == "pandas":
        return f"<{_TYPE_NAME.__get__(kind)}>"
    text = _pupil.show(value, _LONGEST_SHOWN * 4)
    if _len(text) > _LONGEST_SHOWN:
        text = text[: _LONGEST_SHOWN - 1] + "…"
    return text


def _difference(what: str, actual: Any, expected: Any, result_of_call: bool = False) -> str:
    """Say how ``actual`` differs from ``expected``: in type first, otherwise in value."""
    if _type(actual) is not _type(expected):
        message = (
            N_("{what} should give {kind}, but it gave {actual_kind}: {actual}.")
            if result_of_call
            else N_("{what} should be {kind}, but it is {actual_kind}: {actual}.")
        )
        return _(message).format(
            what=what, kind=kind_of(expected), actual_kind=kind_of(actual), actual=shown(actual)
        )
    message = (
        N_("{what} should give {expected}, but it gave {actual}.")
        if result_of_call
        else N_("{what} should be {expected}, but it is {actual}.")
    )
    return _(message).format(what=what, expected=shown(expected), actual=shown(actual))


def _call_text(function: Callable[..., Any], args: tuple) -> str:
    name = function.__name__ if _type(function) is FunctionType else "function"
    return f"{name}({', '.join(shown(arg) for arg in args)})"


class _NoDefault:
    """What :func:`default_value` gives for a parameter without a default value."""

    def __repr__(self) -> str:
        return "(no default value)"


NO_DEFAULT = _NoDefault()


def default_value(function: Callable[..., Any], parameter: str) -> Any:
    """The default value of ``function``'s ``parameter`` (``NO_DEFAULT`` when it has none).

    Read from the function itself, so nothing a pupil's code can change is asked::

        expect(same(default_value(veelhoek, "grootte"), 50), "grootte should be 50 by default.")
    """
    if _type(function) is not FunctionType:
        return NO_DEFAULT
    code = function.__code__
    positional = code.co_varnames[: code.co_argcount]
    defaults = function.__defaults__ or ()
    if parameter in positional:
        index = positional.index(parameter) - (len(positional) - len(defaults))
        return defaults[index] if index >= 0 else NO_DEFAULT
    return (function.__kwdefaults__ or {}).get(parameter, NO_DEFAULT)


def parameter_names(function: FunctionType) -> list[str]:
    """The names of a function's parameters, in the order ``inspect.signature`` gives them.

    Read from the function's code, so that nothing a pupil's code can change is asked.
    """
    code = function.__code__
    names, positional, keyword_only = code.co_varnames, code.co_argcount, code.co_kwonlyargcount
    result = list(names[:positional])
    index = positional + keyword_only
    if code.co_flags & 0x04:  # *args
        result.append(names[index])
        index += 1
    result += names[positional : positional + keyword_only]
    if code.co_flags & 0x08:  # **kwargs
        result.append(names[index])
    return result


class _Direct:
    """How the checks reach a pupil's code in a notebook: they call it, right here.

    While grading, Codekamp's judge puts its own runner in ``_pupil`` (see
    ``codekamp_grading.judge``), which calls the pupil's code at arm's length.
    """

    @staticmethod
    def call(function: Callable[..., Any], args: tuple) -> tuple[bool, Any, str]:
        """(failed, the result or the error, what it printed)."""
        printed, before = _StringIO(), sys.stdout
        sys.stdout = printed
        try:
            return False, function(*args), printed.getvalue()
        except Exception as error:
            return True, error, printed.getvalue()
        finally:
            sys.stdout = before

    @staticmethod
    def show(value: Any, limit: int) -> str:
        try:
            text = _repr(value)
        except Exception:  # a pupil's object whose repr fails
            text = f"<{_type(value).__name__}>"
        return text[:limit] if _type(text) is str else f"<{_type(value).__name__}>"

    @staticmethod
    def robot_commands(program: Callable[[], Any], plain_world: tuple) -> tuple[bool, Any]:
        """(failed, the commands ``program()`` gave the robot, or the error it raised)."""
        from codekamp.robot import commands_of

        try:
            return False, commands_of(program, plain_world)
        except Exception as error:
            return True, error

    @staticmethod
    def chart(function: Callable[..., Any], args: tuple) -> tuple[bool, Any]:
        """(failed, the chart ``function(*args)`` draws, or the error it raised)."""
        from codekamp.charts import chart_drawn_by

        try:
            return False, chart_drawn_by(function, *args)
        except Exception as error:
            return True, error

    @staticmethod
    def table(value: Any) -> tuple | None:
        """(columns, rows) of a pandas table as plain values, or None when it is not one."""
        from codekamp.tables import plain_table

        try:
            return plain_table(value)
        except Exception:
            return None

    @staticmethod
    def error_name(error: BaseException) -> str:
        return _type(error).__name__

    @staticmethod
    def describe_error(error: BaseException) -> str:
        return f"{_type(error).__name__}: {error}"


_pupil: Any = _Direct


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _notebook_value(name: str, hint: str | None) -> Any:
    __tracebackhide__ = True
    # The notebook's variables, seen from the test cell that called the check.
    frame = _getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    namespace = frame.f_globals if frame is not None else {}
    if name not in namespace:
        _fail(
            _("There is no {name} yet. Did you run the cell where you make it?").format(name=name),
            hint,
        )
    return namespace[name]


def _fail(message: str, hint: str | None) -> None:
    __tracebackhide__ = True
    if hint:
        message += "\n" + _("Hint: {hint}").format(hint=hint)
    raise CheckFailed("❌ " + message)


_KIND_NAMES: dict[type, str] = {
    int: N_("a whole number (int)"),
    float: N_("a decimal number (float)"),
    str: N_("a text (str)"),
    bool: N_("True or False (bool)"),
    list: N_("a list"),
    tuple: N_("a tuple"),
    dict: N_("a dictionary (dict)"),
    type(None): N_("None (nothing)"),
}
