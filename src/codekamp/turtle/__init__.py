"""A turtle for notebooks with the standard library's API: ``from codekamp.turtle import *``.

At home, in IDLE or Thonny, the same code runs with ``from turtle import *``. Here, every
command is recorded and the drawing appears as one picture when the cell ends, animated by
the browser; the computer never waits for the turtle.

    from codekamp.turtle import *
    for side in range(4):
        forward(100)
        left(90)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from codekamp.ipython import hide_own_frames
from codekamp.turtle import tk as TK  # noqa: N812 (the standard library's name)
from codekamp.turtle.compare import Comparison, compare
from codekamp.turtle.drawing import Dot, Drawing, Fill, Scene, Segment, Stamp, Text
from codekamp.turtle.errors import MISSING, BadArgument, NotInNotebook, TooManySteps, TurtleError
from codekamp.turtle.notebook import register_display, show
from codekamp.turtle.rawturtle import Pen, RawPen, RawTurtle, Turtle
from codekamp.turtle.screen import COMMANDS_PER_CELL, Screen, TurtleScreen, replace_screen
from codekamp.turtle.shapes import Shape
from codekamp.turtle.vec2d import Vec2D
from codekamp.turtle.window_only import WINDOW_ONLY, window_only

_default: RawTurtle | None = None


def getturtle() -> RawTurtle:
    """The turtle that the functions (forward, left, …) move; made when first needed."""
    global _default
    if _default is None or _default not in Screen().turtles():
        _default = Turtle()
    return _default


getpen = getturtle

TURTLE_FUNCTIONS = [
    "back", "backward", "begin_fill", "begin_poly", "bk", "circle", "clear", "clearstamp",
    "clearstamps", "clone", "color", "degrees", "distance", "dot", "down", "end_fill",
    "end_poly", "fd", "fillcolor", "filling", "forward", "get_poly", "get_shapepoly", "goto",
    "heading", "hideturtle", "home", "ht", "isdown", "isvisible", "left", "lt", "onclick",
    "ondrag", "onrelease", "pd", "pen",
    "pencolor", "pendown", "pensize", "penup", "pos", "position", "pu", "radians", "reset",
    "resizemode", "right", "rt", "seth", "setheading", "setpos", "setposition", "settiltangle",
    "setundobuffer", "setx", "sety", "shape", "shapesize", "shapetransform", "shearfactor",
    "showturtle", "speed", "st", "stamp", "teleport", "tilt", "tiltangle", "towards",
    "turtlesize", "undo", "undobufferentries", "up", "width", "write", "xcor", "ycor",
]  # fmt: skip
SCREEN_FUNCTIONS = [
    "bgcolor", "bgpic", "bye", "clearscreen", "colormode", "delay", "done", "exitonclick",
    "getcanvas", "getshapes", "listen", "mainloop", "mode", "numinput", "onkey", "onkeypress",
    "onkeyrelease", "onscreenclick", "ontimer", "resetscreen", "screensize", "setup", "textinput",
    "title", "tracer", "turtles", "update", "window_height", "window_width", "register_shape",
    "addshape", "setworldcoordinates",
]  # fmt: skip


def _turtle_function(name: str) -> Callable[..., Any]:
    method = getattr(RawTurtle, name)

    def function(*args: Any, **kwargs: Any) -> Any:
        return getattr(getturtle(), name)(*args, **kwargs)

    return _as_function(function, method, name)


def _screen_function(name: str) -> Callable[..., Any]:
    method = getattr(TurtleScreen, name)

    def function(*args: Any, **kwargs: Any) -> Any:
        return getattr(Screen(), name)(*args, **kwargs)

    return _as_function(function, method, name)


def _as_function(function: Callable[..., Any], method: Callable[..., Any], name: str):
    """Give ``function`` the face of ``method`` as the standard library shows its functions:
    ``help(forward)`` reads ``forward(distance)``, without ``self``, and its examples call
    ``forward(100)``, not ``t.forward(100)``."""
    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    function.__doc__ = (
        (method.__doc__ or "")
        .replace(">>> t.", ">>> ")
        .replace(">>> twin = t.", ">>> twin = ")
        .replace("(t.goto)", "(goto)")
    )
    function.__signature__ = _signature_without_self(method)  # type: ignore[attr-defined]
    return function


def _signature_without_self(method: Callable[..., Any]) -> inspect.Signature:
    parameters = []
    for parameter in list(inspect.signature(method).parameters.values())[1:]:
        # A value the pupil must give shows as a plain name, as in the standard library.
        default = inspect.Parameter.empty if parameter.default is MISSING else parameter.default
        parameters.append(parameter.replace(default=default, annotation=inspect.Parameter.empty))
    return inspect.Signature(parameters)


for _name in TURTLE_FUNCTIONS:
    globals()[_name] = _turtle_function(_name)
for _name in SCREEN_FUNCTIONS:
    globals()[_name] = _screen_function(_name)
for _name in WINDOW_ONLY:
    globals()[_name] = window_only(_name)

hide_own_frames(TurtleError)  # a turtle mistake shows the pupil's line, then the message
register_display()  # in a notebook: the drawing appears when the cell ends


@contextmanager
def fresh_screen() -> Iterator[TurtleScreen]:
    """Draw on a new, empty screen for a while, then put the notebook's screen back.

    Nothing drawn inside is shown in the notebook. Tests use it through :func:`drawing_of`.
    """
    global _default
    fresh = TurtleScreen()
    fresh.command_limit = COMMANDS_PER_CELL  # no endless loops
    saved_screen, saved_turtle = replace_screen(fresh), _default
    _default = None
    try:
        yield fresh
    finally:
        replace_screen(saved_screen)
        _default = saved_turtle


def drawing_of(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Drawing:
    """What ``function(*args, **kwargs)`` draws, on a fresh screen that is not shown.

    >>> drawing_of(square, 100).segments  # the four sides a pupil's square() draws
    """
    with fresh_screen() as screen:
        function(*args, **kwargs)
    return screen.drawing


def getscreen() -> TurtleScreen:
    """The screen all turtles draw on."""
    return Screen()


class Terminator(Exception):  # noqa: N818 (the standard library's name)
    """Kept for the standard library's sake; the notebook turtle never raises it."""


def write_docstringdict(filename: str = "turtle_docstringdict") -> None:
    """Kept for the standard library's sake: does nothing here."""


ScrolledCanvas = window_only("ScrolledCanvas")


def save(filename: str) -> None:
    """Save the drawing as an SVG picture: ``save("my-drawing.svg")``."""
    Screen().save(filename)


__all__ = [
    "BadArgument", "compare", "Comparison", "Dot", "Drawing", "drawing_of", "Fill",
    "fresh_screen", "getpen", "getscreen", "getturtle", "NotInNotebook", "Pen", "RawPen",
    "RawTurtle", "save", "Scene", "Screen", "ScrolledCanvas", "Segment", "Shape", "show", "Stamp",
    "Terminator", "Text", "TK", "TooManySteps", "Turtle", "TurtleError", "TurtleScreen",
    "Vec2D", "write_docstringdict",
    *TURTLE_FUNCTIONS, *SCREEN_FUNCTIONS, *WINDOW_ONLY,
]  # fmt: skip
