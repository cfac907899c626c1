"""Where a turtle is and which way it looks, as the standard library's ``TNavigator``: the
position, the direction, the angle units and the mode ("standard": 0 degrees is east and angles
turn counterclockwise; "logo": 0 is north, clockwise). The arithmetic repeats the standard
library's step for step, so positions and headings are the same as in IDLE or Thonny (a test
compares them with CPython's own ``TNavigator``)."""

from __future__ import annotations

import math
from typing import Any

from codekamp.i18n import N_, _
from codekamp.turtle.errors import MISSING, BadArgument, number
from codekamp.turtle.vec2d import Vec2D


def distance_of(call: str, value: Any) -> float:
    return number(call, value, N_("how far to move"), f"{call}(100)")


def angle_of(call: str, value: Any) -> float:
    return number(call, value, N_("how many degrees to turn"), f"{call}(90)")


def coordinates(call: str, x: Any, y: Any) -> tuple[float, float]:
    """Read (x, y), a pair (x, y) or another turtle, as the standard library does."""
    if y is None or y is MISSING:
        if isinstance(x, Navigator):
            return x._x, x._y
        if isinstance(x, (tuple, list)) and len(x) == 2:
            x, y = x
        elif x is MISSING:
            raise BadArgument(
                _("{call} needs a place: two numbers x and y. For example: {call}(100, 50)").format(
                    call=call
                )
            )
        else:
            y = MISSING
    example = f"{call}(100, 50)"
    return (
        number(call, x, N_("the x coordinate"), example),
        number(call, y, N_("the y coordinate"), example),
    )


class Navigator:
    """Where a turtle is and which way it looks. A drawing turtle builds on it."""

    def _start_navigating(self, mode: str) -> None:
        """In the middle, looking as ``mode`` says, measuring in degrees."""
        self._x = 0.0
        self._y = 0.0
        self._fullcircle = 360.0
        self._degrees_per_unit = 1.0
        self.follow_mode(mode)

    def follow_mode(self, mode: str) -> None:
        """Measure headings as the screen's mode says ("standard": 0 is east, counterclockwise;
        "logo": 0 is north, clockwise). The screen calls it when its mode changes."""
        self._mode = mode
        if mode == "logo":
            self._ox, self._oy = 0.0, 1.0
            self._angle_offset = self._fullcircle / 4.0
            self._angle_orient = -1
        else:
            self._ox, self._oy = 1.0, 0.0
            self._angle_offset = 0
            self._angle_orient = 1

    def _rotate(self, angle: float) -> None:
        angle = math.radians(angle * self._degrees_per_unit)
        c, s = math.cos(angle), math.sin(angle)
        ox, oy = self._ox, self._oy
        self._ox, self._oy = ox * c + -oy * s, oy * c + ox * s

    def position(self) -> Vec2D:
        """Where the turtle is, as (x, y)."""
        return Vec2D(self._x, self._y)

    pos = position

    def xcor(self) -> float:
        return self._x

    def ycor(self) -> float:
        return self._y

    def heading(self) -> float:
        """Which way the turtle looks, in degrees: 0 east, 90 north, 180 west, 270 south."""
        result = round(math.degrees(math.atan2(self._oy, self._ox)), 10) % 360.0
        result /= self._degrees_per_unit
        return (self._angle_offset + self._angle_orient * result) % self._fullcircle

    def distance(self, x: Any = MISSING, y: Any = None) -> float:
        """How far it is from the turtle to (x, y) or to another turtle."""
        x, y = coordinates("distance", x, y)
        return abs(Vec2D(x - self._x, y - self._y))

    def towards(self, x: Any = MISSING, y: Any = None) -> float:
        """The heading the turtle needs to look straight at (x, y) or another turtle."""
        x, y = coordinates("towards", x, y)
        result = round(math.degrees(math.atan2(y - self._y, x - self._x)), 10) % 360.0
        result /= self._degrees_per_unit
        return (self._angle_offset + self._angle_orient * result) % self._fullcircle

    def degrees(self, fullcircle: Any = 360.0) -> None:
        """Measure angles in degrees (a full circle is 360)."""
        fullcircle = number("degrees", fullcircle, N_("the size of a full circle"), "degrees(360)")
        self._fullcircle = fullcircle
        self._degrees_per_unit = 360 / fullcircle
        self._angle_offset = 0 if self._mode == "standard" else fullcircle / 4.0

    def radians(self) -> None:
        """Measure angles in radians (a full circle is 2π)."""
        self.degrees(math.tau)
