"""Standard library calls that need a window (clicks, keys, timers, pop-ups) and cannot work in a
notebook. Each one raises :class:`NotInNotebook`, naming itself and what to use instead.

The screen and the turtle take their stand-ins from here (``onkey = window_only("onkey")``), and
so does the module's face for the functions."""

from __future__ import annotations

from typing import Any, NoReturn

from codekamp.i18n import N_, _
from codekamp.turtle.errors import NotInNotebook

_EVENTS = N_(
    "{call} does not work in a notebook: a drawing here cannot react to clicks or keys. "
    "Use buttons from ipywidgets instead, or run it in IDLE or Thonny with: from turtle import *"
)
_TIMER = N_(
    "{call} does not work in a notebook: the drawing is made all at once. "
    "Use a for loop to repeat something."
)
_DIALOG = N_(
    "{call} does not work in a notebook: there are no pop-up windows here. "
    "Ask with input() instead."
)
_PICTURES = N_(
    "{call} does not work in the notebook turtle yet: it cannot load pictures. "
    "Draw the background with the turtle instead."
)
_WORLD = N_(
    "{call} does not work in the notebook turtle. Use setup(width, height) to choose the size."
)

WINDOW_ONLY: dict[str, str] = {
    "onclick": _EVENTS, "onrelease": _EVENTS, "ondrag": _EVENTS, "onscreenclick": _EVENTS,
    "onkey": _EVENTS, "onkeypress": _EVENTS, "onkeyrelease": _EVENTS, "listen": _EVENTS,
    "ontimer": _TIMER, "textinput": _DIALOG, "numinput": _DIALOG, "bgpic": _PICTURES,
    "ScrolledCanvas": _WORLD,
}  # fmt: skip


def window_only(name: str):
    """A stand-in for ``name`` that explains, in the pupil's language, why it cannot work here."""

    def unavailable(*args: Any, **kwargs: Any) -> NoReturn:
        raise NotInNotebook(_(WINDOW_ONLY[name]).format(call=name))

    unavailable.__name__ = name
    unavailable.__doc__ = f"{name} needs a window, so it cannot work in a notebook."
    return unavailable
