"""What ``from codekamp.turtle import …`` gives a test while grading.

The test gets the judge's own private turtle (for the pictures it expects, drawn by the
test's own helper functions), except for two names that look at the pupil's drawing:

- ``Screen()``: a copy of the pupil's screen, as plain data;
- ``drawing_of(function, …)``: for a function the test wrote, drawn with the private turtle;
  for the pupil's function, drawn with the pupil's own turtle at arm's length (see
  ``arms_length``) and copied back as plain data.

A copy of the pupil's drawing takes only numbers and text of the kinds a turtle makes; the
pupil's objects never reach the comparison.

Part of the judge: loaded privately (see ``private_import``).
"""

from __future__ import annotations

import types
from typing import Any

import codekamp.turtle as _turtle
from codekamp.turtle.drawing import Dot, Drawing, Fill, Segment, Stamp, Text
from codekamp.turtle.screen import TurtleScreen
from codekamp_grading.arms_length import PupilError, error_message, error_name

_type, _len, _float, _tuple, _list, _str = type, len, float, tuple, list, str
_FunctionType = types.FunctionType
_PLAIN = frozenset({id(int), id(float), id(str), id(bool), id(type(None))})  # by identity
MAX_ITEMS = 200_000


class NotADrawing(Exception):
    """The pupil's screen holds something a turtle does not draw."""


class PupilRaised(Exception):
    """The pupil's function stopped with an error (``name``, ``message``)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}" if message else name)
        self.name, self.message = name, message


def facade(current: Any) -> types.ModuleType:
    """The ``codekamp.turtle`` a test imports. ``current`` says, while a test runs, which
    helper reaches the pupil's code (``current.helper``) and which namespace is the test's
    (``current.globals``)."""
    module = types.ModuleType("codekamp.turtle")
    vars(module).update(vars(_turtle))

    def Screen() -> TurtleScreen:  # noqa: N802 (the standard library's name)
        """A copy of the pupil's screen: what their turtle drew so far."""
        screen = TurtleScreen()
        screen.drawing = _private_drawing(current.helper.public_drawing())
        return screen

    def drawing_of(function: Any, *args: Any, **kwargs: Any) -> Drawing:
        """What ``function(*args, **kwargs)`` draws on a fresh screen."""
        if _type(function) is _FunctionType and function.__globals__ is current.globals:
            with _turtle.fresh_screen() as screen:  # the test's own function
                function(*args, **kwargs)
            return screen.drawing
        if not plain(args) or not plain(kwargs):
            raise TypeError("a test gives a pupil's function plain values only")
        try:
            return _private_drawing(current.helper.public_drawing(function, args, kwargs))
        except PupilError as failed:
            raise PupilRaised(error_name(failed.error), error_message(failed.error)) from None

    module.Screen = module.getscreen = Screen
    module.drawing_of = drawing_of
    return module


def plain(value: Any, depth: int = 0) -> bool:
    """Is ``value`` made only of numbers, text, None, and lists, tuples and dicts of those?"""
    kind = _type(value)
    if id(kind) in _PLAIN:
        return True
    if depth > 20:
        return False
    if kind is _tuple or kind is _list:
        return all(plain(item, depth + 1) for item in value)
    if kind is dict:
        return all(plain(k, depth + 1) and plain(v, depth + 1) for k, v in value.items())
    return False


# -- the pupil's drawing, as plain data --------------------------------------------------


def _private_drawing(plain_drawing: Any) -> Drawing:
    """Build the judge's Drawing from (background, [(kind, fields), …]), checking every value."""
    if _type(plain_drawing) is not _tuple or _len(plain_drawing) != 2:
        raise NotADrawing("not a drawing")
    background, items = plain_drawing
    if _type(items) is not _list or _len(items) > MAX_ITEMS:
        raise NotADrawing("not a list of drawn things")
    drawing = Drawing()
    drawing.background = _text(background)
    for entry in _list(items):
        if _type(entry) is not _tuple or _len(entry) != 2:
            raise NotADrawing("not a drawn thing")
        kind, fields = entry
        make = _MAKERS.get(kind) if _type(kind) is _str else None
        if make is None or _type(fields) is not _tuple:
            raise NotADrawing("the drawing holds something a turtle does not draw")
        drawing.add(make(fields))
    return drawing


def _number(value: Any) -> float:
    if _type(value) is _float or _type(value) is int:
        return _float(value)
    raise NotADrawing("a drawing holds numbers where a turtle puts them")


def _text(value: Any) -> str:
    if _type(value) is _str and _len(value) <= 10_000:
        return _str(value)
    raise NotADrawing("a drawing holds text where a turtle puts it")


def _points(value: Any) -> tuple[tuple[float, float], ...]:
    if _type(value) is not _tuple or _len(value) > MAX_ITEMS:
        raise NotADrawing("not a list of points")
    points = []
    for point in value:
        if _type(point) is not _tuple or _len(point) != 2:
            raise NotADrawing("not a point")
        points.append((_number(point[0]), _number(point[1])))
    return _tuple(points)


def _fields(fields: tuple, count: int) -> tuple:
    if _len(fields) != count:
        raise NotADrawing("a drawn thing with the wrong number of parts")
    return fields


def _segment(fields: tuple) -> Segment:
    x1, y1, x2, y2, colour, width = _fields(fields, 6)
    return Segment(_number(x1), _number(y1), _number(x2), _number(y2), _text(colour),
                   _number(width))  # fmt: skip


def _fill(fields: tuple) -> Fill:
    points, colour = _fields(fields, 2)
    return Fill(_points(points), _text(colour))


def _dot(fields: tuple) -> Dot:
    x, y, size, colour = _fields(fields, 4)
    return Dot(_number(x), _number(y), _number(size), _text(colour))


def _write(fields: tuple) -> Text:
    x, y, text, colour, font, align = _fields(fields, 6)
    if _type(font) is not _tuple or _len(font) != 3:
        raise NotADrawing("not a font")
    family, size, style = font
    return Text(_number(x), _number(y), _text(text), _text(colour),
                (_text(family), _number(size), _text(style)), _text(align))  # fmt: skip


def _stamp(fields: tuple) -> Stamp:
    points, outline, fill, stamp_id = _fields(fields, 4)
    return Stamp(_points(points), _text(outline), _text(fill), int(_number(stamp_id)))


_MAKERS = {"Segment": _segment, "Fill": _fill, "Dot": _dot, "Text": _write, "Stamp": _stamp}
