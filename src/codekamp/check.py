"""Checks for graded test cells: short, kind messages in the pupil's language.

A test cell imports what it uses, so a pupil cannot redefine the checker::

    from codekamp.check import expect_defined, expect_equal, well_done
    expect_defined("days", int)
    expect_equal(days, age * 365, what="days")
    well_done()

A failing check raises :class:`CheckFailed` (an ``AssertionError``, so nbgrader counts the
test as failed) with what was expected and what came. Comparisons are type-strict:
``1`` is not ``True``, ``"5"`` is not ``5``, and an object that claims to be equal to
everything does not pass.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from codekamp.i18n import N_, _

__all__ = ["CheckFailed", "expect", "expect_defined", "expect_equal", "same", "well_done"]

_LONGEST_SHOWN = 80


class CheckFailed(AssertionError):
    """A test did not pass; the message says why, in the pupil's language."""


def same(actual: Any, expected: Any) -> bool:
    """Return True when ``actual`` is ``expected``'s value *and* type, all the way down.

    >>> same([1, 2], [1, 2]), same(1, True), same("5", 5)
    (True, False, False)
    """
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, list | tuple):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            same(actual[key], expected[key]) for key in expected
        )
    if isinstance(expected, float) and math.isnan(expected):
        return math.isnan(actual)
    # Same built-in type on both sides, so this is the type's own, honest comparison.
    return bool(expected == actual)


def expect_equal(actual: Any, expected: Any, *, what: str, hint: str | None = None) -> None:
    """Check that ``actual`` equals ``expected`` (same value and same type).

    ``what`` names the thing being checked, as the pupil knows it (a variable name).
    ``hint`` is added to the message when the check fails.
    """
    __tracebackhide__ = True  # IPython and pytest leave this frame out of the traceback
    if same(actual, expected):
        return
    if type(actual) is not type(expected):
        message = _("{what} should be {kind}, but it is {actual_kind}: {actual}.").format(
            what=what,
            kind=kind_of(expected),
            actual_kind=kind_of(actual),
            actual=shown(actual),
        )
    else:
        message = _("{what} should be {expected}, but it is {actual}.").format(
            what=what, expected=shown(expected), actual=shown(actual)
        )
    _fail(message, hint)


def expect_defined(name: str, kind: type | None = None, *, hint: str | None = None) -> None:
    """Check that the notebook has made a variable (or function) called ``name``.

    With ``kind`` (such as ``int`` or ``str``), its value must also be of that type.
    """
    __tracebackhide__ = True
    namespace = sys._getframe(1).f_globals  # the notebook's variables, seen from the test cell
    if name not in namespace:
        _fail(
            _("There is no {name} yet. Did you run the cell where you make it?").format(name=name),
            hint,
        )
    value = namespace[name]
    if kind is not None and type(value) is not kind:
        _fail(
            _("{what} should be {kind}, but it is {actual_kind}: {actual}.").format(
                what=name,
                kind=kind_name(kind),
                actual_kind=kind_of(value),
                actual=shown(value),
            ),
            hint,
        )


def expect(condition: bool, problem: str, *, hint: str | None = None) -> None:
    """Check that ``condition`` is true; otherwise say ``problem`` (in the pupil's language)."""
    __tracebackhide__ = True
    if condition is not True:
        _fail(problem, hint)


def well_done() -> None:
    """Say, briefly and warmly, that the visible test of this task passes."""
    print("✅ " + _("Well done! This test passes."))


def kind_of(value: Any) -> str:
    """Name the type of ``value`` in words a pupil knows, in the current language."""
    return kind_name(type(value))


def kind_name(kind: type) -> str:
    """Name a type in words a pupil knows: ``kind_name(int)`` is "a whole number (int)"."""
    english = _KIND_NAMES.get(kind)
    return _(english) if english else kind.__name__


def shown(value: Any) -> str:
    """Show ``value`` as Python would write it, shortened when it is very long."""
    text = repr(value)
    if len(text) > _LONGEST_SHOWN:
        text = text[: _LONGEST_SHOWN - 1] + "…"
    return text


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
