"""Standard library calls that need a window and cannot work in a notebook (yet). Each one
raises :class:`NotInNotebook`, naming itself and what to use instead.

The screen and the turtle take their stand-ins from here (``bgpic = window_only("bgpic")``), and
so does the module's face for the functions."""

from __future__ import annotations

from typing import Any, NoReturn

from codekamp.i18n import N_, _
from codekamp.turtle.errors import NotInNotebook

_PICTURES = N_(
    "{call} does not work in the notebook turtle yet: it cannot load pictures. "
    "Draw the background with the turtle instead."
)
_WORLD = N_(
    "{call} does not work in the notebook turtle. Use setup(width, height) to choose the size."
)

WINDOW_ONLY: dict[str, str] = {"bgpic": _PICTURES, "ScrolledCanvas": _WORLD}


def window_only(name: str):
    """A stand-in for ``name`` that explains, in the pupil's language, why it cannot work here."""

    def unavailable(*args: Any, **kwargs: Any) -> NoReturn:
        raise NotInNotebook(_(WINDOW_ONLY[name]).format(call=name))

    unavailable.__name__ = name
    unavailable.__doc__ = f"{name} needs a window, so it cannot work in a notebook."
    return unavailable
