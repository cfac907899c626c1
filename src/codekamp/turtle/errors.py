"""What the turtle says when something is wrong: the call, the value, and how to fix it.

Every message is in the notebook's language. The exceptions are also ordinary Python ones
(``TypeError``/``ValueError``, ``NotImplementedError``, ``RuntimeError``), so code that catches
those keeps working.
"""

from __future__ import annotations

import difflib
import numbers
from typing import Any

from codekamp.i18n import N_, _


class TurtleError(Exception):
    """Something the turtle cannot do; the message says why, in the pupil's language."""


class BadArgument(TurtleError, TypeError, ValueError):
    """A turtle call got a value it cannot use (a text instead of a number, an unknown colour…)."""


class NotInNotebook(TurtleError, NotImplementedError):
    """A turtle call that needs a window (clicks, keys, timers, dialogs) and cannot work here."""


class TooManySteps(TurtleError, RuntimeError):
    """A cell asked the turtle for so many steps that it must be a loop that never ends."""


MISSING: Any = object()
"""Stands for an argument the pupil left out, so the turtle can say so kindly."""


def number(call: str, value: Any, meaning: str, example: str) -> float:
    """Return ``value`` as a number for ``call``, or raise :class:`BadArgument` explaining why not.

    ``meaning`` says what the number is for (in English, marked with N_ and translated only
    when something is wrong, so the usual case stays fast); ``example`` is a call that works.
    """
    kind = type(value)
    if kind is int or kind is float:  # the fast, usual case
        if value - value == 0:  # false for nan and infinity
            return value
        raise BadArgument(
            _("{call} needs an ordinary number ({meaning}), but got {value}.").format(
                call=call, meaning=_(meaning), value=value
            )
        )
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number(call, float(value), meaning, example)  # numpy numbers, fractions
    raise BadArgument(explain_not_a_number(call, value, meaning, example))


def explain_not_a_number(call: str, value: Any, meaning: str, example: str) -> str:
    """Say, in the pupil's language, why ``value`` is not the number ``call`` needs."""
    if value is MISSING:
        message = N_("{call} needs a number ({meaning}), but got nothing. For example: {example}")
    elif isinstance(value, str) and _looks_like_number(value):
        message = N_(
            "{call} needs a number ({meaning}), but got the text {value!r}. "
            "Remove the quotation marks: {example}"
        )
    elif isinstance(value, str):
        message = N_("{call} needs a number ({meaning}), but got the text {value!r}.")
    elif value is None:
        message = N_(
            "{call} needs a number ({meaning}), but got None. Maybe a variable has no value "
            "yet, or a function returned nothing."
        )
    else:
        message = N_("{call} needs a number ({meaning}), but got {value!r} ({kind}).")
    if isinstance(value, str) and _looks_like_number(value):
        example = f"{call}({value.strip()})"
    return _(message).format(
        call=call, meaning=_(meaning), value=value, example=example, kind=type(value).__name__
    )


def _looks_like_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def close_matches(word: str, known: list[str]) -> list[str]:
    """The known words that look most like ``word`` (for "did you mean …?")."""
    return difflib.get_close_matches(word, known, n=3, cutoff=0.6)


def did_you_mean(word: str, known: list[str]) -> str:
    """ " Did you mean 'x'?" for the closest known word, or nothing when none is close."""
    matches = close_matches(word, known)
    return " " + _("Did you mean {suggestion!r}?").format(suggestion=matches[0]) if matches else ""
