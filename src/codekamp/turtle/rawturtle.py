"""The turtle: where it is and which way it looks (as the standard library's TNavigator), its pen
(as TPen), and what it draws, recorded as plain data on the screen's drawing.

The navigation repeats the standard library's arithmetic step for step, so positions and
headings are the same as in IDLE or Thonny.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any, NamedTuple

from codekamp.i18n import N_, _
from codekamp.turtle.colours import to_hex
from codekamp.turtle.drawing import Dot, Fill, Head, Outline, Picture, Segment, Stamp, Text
from codekamp.turtle.errors import MISSING, BadArgument, did_you_mean, number
from codekamp.turtle.navigator import Navigator, angle_of, coordinates, distance_of
from codekamp.turtle.screen import Screen, TurtleScreen
from codekamp.turtle.shapes import Polygon, Shape, placed, transformed
from codekamp.turtle.tk import Canvas

SPEEDS = {"fastest": 0, "fast": 10, "normal": 6, "slow": 3, "slowest": 1}
RESIZE_MODES = ("auto", "user", "noresize")


class Place(NamedTuple):
    """What undo() needs after a move or a turn: where the turtle was, which way it looked, and
    how many corners the fill being made had (None: no fill)."""

    x: float
    y: float
    ox: float
    oy: float
    fill_corners: int | None


class PenState(NamedTuple):
    """What undo() needs after any other change: the place and everything about the pen."""

    x: float
    y: float
    ox: float
    oy: float
    down: bool
    width: float
    pencolour: Any
    pen_hex: str
    fillcolour: Any
    fill_hex: str
    visible: bool
    shape: str
    look: Look
    fill_points: list | None
    fill_index: int


class Look(NamedTuple):
    """How the turtle's shape is drawn, as the standard library keeps it: ``resizemode``,
    stretched ``(across, along)`` its heading, sheared, tilted (in radians) and outlined."""

    resizemode: str = "noresize"
    stretch: tuple[float, float] = (1.0, 1.0)
    shear: float = 0.0
    tilt: float = 0.0
    outline: float = 1.0

    @property
    def matrix(self) -> tuple[float, float, float, float]:
        """The shape's transformation (t11, t12, t21, t22), as the standard library makes it."""
        across, along = self.stretch
        sa, ca = math.sin(self.tilt), math.cos(self.tilt)
        shear = self.shear
        return (across * ca, along * (shear * ca + sa), -across * sa, along * (ca - shear * sa))


def pixels_per_second(speed: int) -> float:
    """How fast a turtle at ``speed`` (1 slowest … 10 fast) draws, in pixels per second."""
    return 40.0 * speed**1.5


class RawTurtle(Navigator):
    """A turtle that draws on a screen. ``Turtle()`` makes one on the shared screen.

    >>> t = Turtle()
    >>> t.forward(100)
    >>> t.left(90)
    """

    def __init__(
        self,
        canvas: TurtleScreen | None = None,
        shape: str = "classic",
        undobuffersize: int = 1000,
        visible: bool = True,
    ) -> None:
        if isinstance(canvas, Canvas):  # RawTurtle(TK.Canvas(...)), as the standard library allows
            canvas = getattr(canvas, "screen", None) or TurtleScreen(canvas)
        self.screen = canvas if isinstance(canvas, TurtleScreen) else Screen()
        self._undo: deque = deque(maxlen=undobuffersize)
        self._own_items: list = []
        self._shape = "classic"
        self._reset_state()
        self.shape(shape)
        self._visible = bool(visible)
        self.screen.add_turtle(self)

    # -- state ---------------------------------------------------------------------------

    def _reset_state(self) -> None:
        self._start_navigating(self.screen.mode())
        self._down = True
        self._width = 1.0
        self._pencolour: Any = "black"
        self._pen_hex = "#000000"
        self._fillcolour: Any = "black"
        self._fill_hex = "#000000"
        self._speed = 3
        self._visible = True
        self._look = Look()
        self._fill_points: list[tuple[float, float]] | None = None
        self._fill_index = 0
        self._poly: list[tuple[float, float]] | None = None
        self._undo.clear()

    def _snapshot(self) -> PenState:
        """Everything undo() needs to put back after a change of pen, shape or filling."""
        return PenState(
            self._x, self._y, self._ox, self._oy, self._down, self._width, self._pencolour,
            self._pen_hex, self._fillcolour, self._fill_hex, self._visible, self._shape,
            self._look, None if self._fill_points is None else list(self._fill_points),
            self._fill_index,
        )  # fmt: skip

    def _restore(self, state: Place | PenState) -> None:
        if type(state) is Place:  # a move or a turn: only the place, the direction and the fill
            self._x, self._y, self._ox, self._oy, fill_length = state
            if self._fill_points is not None and fill_length is not None:
                del self._fill_points[fill_length:]
            return
        (self._x, self._y, self._ox, self._oy, self._down, self._width, self._pencolour,
         self._pen_hex, self._fillcolour, self._fill_hex, self._visible, self._shape,
         self._look, self._fill_points, self._fill_index) = state  # fmt: skip

    def _begin(self, full: bool = True) -> list:
        """Start one undoable action; returns the list that collects what it draws.

        A move or a turn (``full=False``) remembers only the place and direction, so that
        drawing thousands of steps stays fast.
        """
        self.screen.count()
        added: list = []
        if full:
            state = self._snapshot()
        else:
            points = self._fill_points
            state = Place(
                self._x, self._y, self._ox, self._oy, None if points is None else len(points)
            )
        self._undo.append((state, added))
        return added

    def _record(self, added: list, item: Any, seconds: float = 0.0) -> None:
        self.screen.drawing.add(item, seconds)
        self._own_items.append(item)
        added.append(item)

    def _seconds(self, length: float) -> float:
        if self._speed == 0 or not self.screen.animated:
            return 0.0
        return length / pixels_per_second(self._speed)

    # -- moving (the standard library's TNavigator) --------------------------------------

    def _goto(self, x: float, y: float, added: list) -> None:
        """Move to (x, y), recording the line if the pen is down. The drawing's hot path."""
        if self._down:
            segment = Segment(self._x, self._y, x, y, self._pen_hex, self._width)
            speed = self._speed
            self.screen.drawing.add(
                segment,
                math.hypot(x - self._x, y - self._y) / pixels_per_second(speed)
                if speed and self.screen.animated
                else 0.0,
            )
            self._own_items.append(segment)
            added.append(segment)
        if self._fill_points is not None:
            self._fill_points.append((x, y))
        if self._poly is not None:
            self._poly.append((x, y))
        self._x, self._y = x, y

    def _go(self, distance: float, added: list) -> None:
        self._goto(self._x + self._ox * distance, self._y + self._oy * distance, added)

    def forward(self, distance: Any = MISSING) -> None:
        """Move forward by ``distance`` steps, drawing a line if the pen is down.

        >>> t.forward(100)
        """
        if type(distance) is not int:
            distance = distance_of("forward", distance)
        self._go(distance, self._begin(False))

    fd = forward

    def back(self, distance: Any = MISSING) -> None:
        """Move backward by ``distance`` steps, without turning.

        >>> t.back(50)
        """
        if type(distance) is not int:
            distance = distance_of("back", distance)
        self._go(-distance, self._begin(False))

    bk = backward = back

    def left(self, angle: Any = MISSING) -> None:
        """Turn left (counterclockwise) by ``angle`` degrees.

        >>> t.left(90)
        """
        if type(angle) is not int:
            angle = angle_of("left", angle)
        self._begin(False)
        self._rotate(angle)

    lt = left

    def right(self, angle: Any = MISSING) -> None:
        """Turn right (clockwise) by ``angle`` degrees.

        >>> t.right(90)
        """
        if type(angle) is not int:
            angle = angle_of("right", angle)
        self._begin(False)
        self._rotate(-angle)

    rt = right

    def goto(self, x: Any = MISSING, y: Any = None) -> None:
        """Go to the point (x, y), drawing a line if the pen is down. (0, 0) is the middle.

        >>> t.goto(100, 50)
        """
        x, y = coordinates("goto", x, y)
        self._goto(x, y, self._begin(False))

    setpos = setposition = goto

    def teleport(self, x: Any = None, y: Any = None, *, fill_gap: bool = False) -> None:
        """Jump to (x, y) without drawing. Leave out x or y to keep that coordinate."""
        x = (
            self._x
            if x is None
            else number("teleport", x, N_("the x coordinate"), "teleport(0, 0)")
        )
        y = (
            self._y
            if y is None
            else number("teleport", y, N_("the y coordinate"), "teleport(0, 0)")
        )
        filling = self._fill_points is not None
        if filling and not fill_gap:  # as in the standard library: the fill stops here ...
            self.end_fill()
        self._begin()
        if filling and fill_gap:  # ... unless the jump is part of the shape to fill
            self._fill_points.append((x, y))
        self._x, self._y = x, y
        if filling and not fill_gap:  # ... and a new one starts where the turtle landed
            self.begin_fill()

    def setx(self, x: Any = MISSING) -> None:
        """Go straight to x, keeping y: ``setx(-100)``."""
        x = number("setx", x, N_("the x coordinate"), "setx(100)")
        self._goto(x, self._y, self._begin(False))

    def sety(self, y: Any = MISSING) -> None:
        """Go straight to y, keeping x: ``sety(50)``."""
        y = number("sety", y, N_("the y coordinate"), "sety(50)")
        self._goto(self._x, y, self._begin(False))

    def setheading(self, to_angle: Any = MISSING) -> None:
        """Look in direction ``to_angle``: 0 east, 90 north, 180 west, 270 south.

        >>> t.setheading(90)
        """
        to_angle = angle_of("setheading", to_angle)
        self._begin(False)
        angle = (to_angle - self.heading()) * self._angle_orient
        full = self._fullcircle
        angle = (angle + full / 2.0) % full - full / 2.0
        self._rotate(angle)

    seth = setheading

    def home(self) -> None:
        """Go back to the middle (0, 0) and look east, drawing a line if the pen is down."""
        self.goto(0, 0)
        self.setheading(0)

    def circle(self, radius: Any = MISSING, extent: Any = None, steps: Any = None) -> None:
        """Draw a circle of ``radius``; its centre is ``radius`` steps to the turtle's left.

        ``extent`` draws only part of it (an arc of so many degrees); ``steps`` draws a
        polygon with that many sides instead.

        >>> t.circle(50)
        >>> t.circle(120, 180)  # half a circle
        """
        radius = number("circle", radius, N_("the radius"), "circle(50)")
        if extent is None:
            extent = self._fullcircle
        else:
            extent = number(
                "circle", extent, N_("how many degrees of the circle"), "circle(50, 180)"
            )
        if steps is None:
            frac = abs(extent) / self._fullcircle
            steps = 1 + int(min(11 + abs(radius) / 6.0, 59.0) * frac)
        else:
            steps = int(number("circle", steps, N_("the number of sides"), "circle(50, steps=6)"))
            if steps < 1:
                raise BadArgument(
                    _("circle needs at least 1 step, but got {value}.").format(value=steps)
                )
        w = 1.0 * extent / steps
        w2 = 0.5 * w
        length = 2.0 * radius * math.sin(math.radians(w2) * self._degrees_per_unit)
        if radius < 0:
            length, w, w2 = -length, -w, -w2
        added = self._begin(False)
        self.screen.count(steps)
        self._rotate(w2)
        for _step in range(steps):
            self._go(length, added)
            self._rotate(w)
        self._rotate(-w2)

    # -- the pen (the standard library's TPen) --------------------------------------------

    def penup(self) -> None:
        """Lift the pen: moving no longer draws."""
        self._begin()
        self._down = False

    pu = up = penup

    def pendown(self) -> None:
        """Put the pen down: moving draws again."""
        self._begin()
        self._down = True

    pd = down = pendown

    def isdown(self) -> bool:
        return self._down

    def pensize(self, width: Any = None):
        """Return or set the thickness of the lines: ``pensize(5)``."""
        if width is None:
            return self._width
        width = number("pensize", width, N_("the thickness of the line"), "pensize(5)")
        self._begin()
        self._width = abs(width)
        return None

    width = pensize

    def speed(self, speed: Any = None):
        """Return or set the speed: 1 (slowest) to 10 (fast); 0 draws at once, without animation.

        Names work too: "slowest", "slow", "normal", "fast", "fastest".
        """
        if speed is None:
            return self._speed
        if isinstance(speed, str) and speed in SPEEDS:
            speed = SPEEDS[speed]
        elif isinstance(speed, str):
            raise BadArgument(
                _("speed takes a number from 0 to 10 or one of {names}, but got {value!r}.").format(
                    names=", ".join(repr(name) for name in SPEEDS), value=speed
                )
                + did_you_mean(speed, list(SPEEDS))
            )
        speed = number("speed", speed, N_("from 0 to 10"), "speed(6)")
        self._speed = int(round(speed)) if 0.5 < speed < 10.5 else 0
        return None

    def pencolor(self, *args: Any):
        """Return or set the colour of the lines: ``pencolor("red")``, ``pencolor("#ff8800")``,
        ``pencolor(1, 0.5, 0)``."""
        if not args:
            return self._pencolour
        colour = args[0] if len(args) == 1 else args
        hex_code = to_hex("pencolor", colour, self.screen.colormode())
        self._begin()
        self._pencolour, self._pen_hex = _as_given(colour), hex_code

    def fillcolor(self, *args: Any):
        """Return or set the colour that begin_fill() … end_fill() fills with."""
        if not args:
            return self._fillcolour
        colour = args[0] if len(args) == 1 else args
        hex_code = to_hex("fillcolor", colour, self.screen.colormode())
        self._begin()
        self._fillcolour, self._fill_hex = _as_given(colour), hex_code

    def color(self, *args: Any):
        """Return or set both colours: ``color("red")`` for both, ``color("red", "yellow")`` for
        the pen and the fill."""
        if not args:
            return self._pencolour, self._fillcolour
        if len(args) == 2 and not all(isinstance(a, (int, float)) for a in args):
            self.pencolor(args[0])
            self.fillcolor(args[1])
        else:
            self.pencolor(*args)
            self.fillcolor(*args)
        return None

    def pen(self, pen: dict | None = None, **pendict: Any):
        """Return the pen's settings as a dictionary, or change several at once."""
        if pen is None and not pendict:
            return {
                "shown": self._visible, "pendown": self._down, "pencolor": self._pencolour,
                "fillcolor": self._fillcolour, "pensize": self._width, "speed": self._speed,
                "resizemode": self._look.resizemode, "stretchfactor": self._look.stretch,
                "shearfactor": self._look.shear, "outline": self._look.outline,
                "tilt": self._look.tilt,
            }  # fmt: skip
        settings = {**(pen or {}), **pendict}
        actions = {
            "shown": lambda v: self.showturtle() if v else self.hideturtle(),
            "pendown": lambda v: self.pendown() if v else self.penup(),
            "pencolor": self.pencolor, "fillcolor": self.fillcolor, "pensize": self.pensize,
            "speed": self.speed, "resizemode": self.resizemode, "shearfactor": self.shearfactor,
            "stretchfactor": lambda v: self.shapesize(*v),
            "outline": lambda v: self.shapesize(outline=v),
            "tilt": lambda v: self._set_look(tilt=number("pen", v, N_("the tilt"), "tilt(30)")),
        }  # fmt: skip
        for key, value in settings.items():
            if key in actions:
                actions[key](value)
        return None

    def showturtle(self) -> None:
        """Show the turtle (it is drawn where it ends up)."""
        self._begin()
        self._visible = True

    st = showturtle

    def hideturtle(self) -> None:
        """Hide the turtle; only the drawing shows."""
        self._begin()
        self._visible = False

    ht = hideturtle

    def isvisible(self) -> bool:
        return self._visible

    def shape(self, name: Any = None):
        """Return or set the turtle's shape: "classic", "arrow", "turtle", "circle", "square",
        "triangle", "blank", or one you registered with register_shape()."""
        if name is None:
            return self._shape
        if self.screen.shape_called(name) is None:
            names = self.screen.getshapes()
            raise BadArgument(
                _("shape does not know {value!r}. The shapes are: {names}.").format(
                    value=name, names=", ".join(names)
                )
                + did_you_mean(str(name), names)
            )
        self._shape = name
        self.screen.changed = True
        return None

    def _set_look(self, **changes: Any) -> None:
        """Change how the shape is drawn; as in the standard library, that means "user" mode."""
        self._begin()
        self._look = self._look._replace(resizemode="user", **changes)

    def shapesize(self, stretch_wid: Any = None, stretch_len: Any = None, outline: Any = None):
        """Return or set how much the turtle's shape is stretched: ``shapesize(2)`` doubles it,
        ``shapesize(1, 3)`` makes it three times as long, ``shapesize(outline=4)`` thickens its
        border. Returns (stretch_wid, stretch_len, outline)."""
        look = self._look
        if stretch_wid is None and stretch_len is None and outline is None:
            return (*look.stretch, look.outline)
        example = "shapesize(2)"
        across, along = look.stretch
        if stretch_wid is not None:
            across = number("shapesize", stretch_wid, N_("how much bigger"), example)
            along = across if stretch_len is None else along
        if stretch_len is not None:
            along = number("shapesize", stretch_len, N_("how much bigger"), example)
        if across == 0 or along == 0:
            raise BadArgument(_("shapesize cannot stretch the turtle to 0: it would vanish."))
        if outline is not None:
            outline = number("shapesize", outline, N_("the thickness of the outline"), example)
        self._set_look(
            stretch=(across, along), outline=look.outline if outline is None else outline
        )
        return None

    turtlesize = shapesize

    # -- filling, dots, text, stamps --------------------------------------------------------

    def begin_fill(self) -> None:
        """Start a shape to fill: draw it, then call end_fill()."""
        self._begin()
        self._fill_points = [(self._x, self._y)]
        self._fill_index = len(self.screen.drawing.items)

    def end_fill(self) -> None:
        """Fill the shape drawn since begin_fill() with the fill colour."""
        added = self._begin()
        points, self._fill_points = self._fill_points, None
        if points and len(points) > 2:
            fill = Fill(tuple(points), self._fill_hex)
            index = min(self._fill_index, len(self.screen.drawing.items))
            self.screen.drawing.insert(index, fill, self._seconds(20))
            self._own_items.append(fill)
            added.append(fill)

    def filling(self) -> bool:
        """Is the turtle between begin_fill() and end_fill()?"""
        return self._fill_points is not None

    def dot(self, size: Any = None, *color: Any) -> None:
        """Draw a round dot of diameter ``size`` here: ``dot(20, "red")``."""
        if isinstance(size, (str, tuple)) and not color:
            size, color = None, (size,)
        if size is None:
            size = max(self._width + 4, 2 * self._width)
        size = number("dot", size, N_("the size of the dot"), 'dot(20, "red")')
        hex_code = self._pen_hex
        if color:
            given = color[0] if len(color) == 1 else color
            hex_code = to_hex("dot", given, self.screen.colormode())
        self._record(self._begin(), Dot(self._x, self._y, abs(size), hex_code), self._seconds(10))

    def write(
        self,
        arg: Any = "",
        move: bool = False,
        align: str = "left",
        font: Any = ("Arial", 8, "normal"),
    ):
        """Write text where the turtle is: ``write("Hallo!", font=("Arial", 16, "bold"))``."""
        if align not in ("left", "center", "right"):
            raise BadArgument(
                _('write: align is "left", "center" or "right", but got {value!r}.').format(
                    value=align
                )
            )
        font = tuple(font) if isinstance(font, (tuple, list)) else (str(font), 8, "normal")
        family = str(font[0]) if len(font) > 0 else "Arial"
        size = (
            number(
                "write",
                font[1],
                N_("the font size"),
                'write("Hallo", font=("Arial", 16, "normal"))',
            )
            if len(font) > 1
            else 8
        )
        style = str(font[2]) if len(font) > 2 else "normal"
        text = str(arg)
        added = self._begin()
        self._record(
            added,
            Text(self._x, self._y, text, self._pen_hex, (family, size, style), align),
            self._seconds(10),
        )
        if move:
            self._x += 0.6 * size * len(text) * (1 if align != "right" else 0)

    def stamp(self) -> int:
        """Leave a copy of the turtle's shape here; returns its number for clearstamp()."""
        added = self._begin()
        number_ = len(self.screen.drawing.items) + 1
        for part in self._outlines():
            self._record(added, Stamp(part.points, part.outline, part.fill, number_), 0.0)
        if (picture := self._picture()) is not None:
            self._record(added, Stamp(((self._x, self._y),), "", "", number_, picture), 0.0)
        if added:
            self.screen.drawing.seconds[-1] = self._seconds(10)
        return number_

    def clearstamp(self, stampid: int) -> None:
        """Remove the stamp with this number."""
        for item in self.screen.drawing.stamps:
            if item.stamp_id == stampid:
                self.screen.drawing.remove(item)
        self.screen.changed = True

    def clearstamps(self, n: int | None = None) -> None:
        """Remove all stamps, the first ``n`` (n > 0) or the last ``-n`` (n < 0)."""
        mine = [item for item in self.screen.drawing.stamps if item in self._own_items]
        if n is not None:
            mine = mine[:n] if n >= 0 else mine[n:]
        for item in mine:
            self.screen.drawing.remove(item)
        self.screen.changed = True

    def head(self) -> Head | None:
        """The turtle as the picture shows it, or None when it is hidden."""
        if not self._visible:
            return None
        picture = self._picture()
        parts = self._outlines()
        if not parts and picture is None:
            return None
        walker = self._outlines(at_rest=True)
        return Head(parts, self._x, self._y, walker, picture=picture)

    def _picture(self) -> Picture | None:
        """The picture of a picture shape ("ghost.gif"), or None."""
        shape = self.screen.shape_called(self._shape)
        return None if shape is None else shape.picture

    def drawn(self) -> list:
        """What this turtle drew that is still on the screen, oldest first."""
        return list(self._own_items)

    def _outlines(self, at_rest: bool = False) -> tuple[Outline, ...]:
        """The turtle's shape as it is drawn now: placed, turned, stretched, coloured (with
        ``at_rest``: at (0, 0), looking east, in pixels)."""
        shape: Shape = self.screen.shape_called(self._shape) or self.screen.shape_called("classic")
        look = self._look
        if shape.kind == "image":
            return ()
        if shape.kind == "compound":
            return tuple(
                Outline(self._placed(corners, True, at_rest), self._hex(fill),
                        self._hex(outline), look.outline)
                for corners, fill, outline in shape.components
            )  # fmt: skip
        width = {"noresize": 1.0, "auto": self._width}.get(look.resizemode, look.outline)
        points = self._placed(shape.polygon, at_rest=at_rest)
        return (Outline(points, self._fill_hex, self._pen_hex, width),)

    def _placed(self, corners: Polygon, compound: bool = False, at_rest: bool = False) -> Polygon:
        corners = self._shapepoly(corners, compound)
        if at_rest:
            return placed(corners, 0.0, 0.0, 1.0, 0.0)
        return placed(corners, self._x, self._y, self._ox, self._oy, self.screen.world_scale())

    def _shapepoly(self, corners: Polygon, compound: bool = False) -> Polygon:
        """The shape's corners as its look transforms them (the standard library's rules)."""
        look = self._look
        if look.resizemode == "user" or compound:
            return transformed(corners, look.matrix)
        if look.resizemode == "auto":
            scale = max(1.0, self._width / 5.0)
            return transformed(corners, (scale, 0.0, 0.0, scale))
        return corners

    def _hex(self, colour: Any) -> str:
        return to_hex("addcomponent", colour, self.screen.colormode())

    # -- polygons and the shape's looks (kept simple: the notebook turtle has no shape editor)

    def begin_poly(self) -> None:
        """Start remembering the corners the turtle visits (get_poly() returns them)."""
        self._poly = [(self._x, self._y)]

    def end_poly(self) -> None:
        """Stop remembering corners."""
        self._finished_poly = tuple(self._poly or ())
        self._poly = None

    def get_poly(self) -> tuple[tuple[float, float], ...] | None:
        """The corners remembered between begin_poly() and end_poly()."""
        return getattr(self, "_finished_poly", None)

    def tilt(self, angle: Any = MISSING) -> None:
        """Turn the turtle's shape by ``angle`` degrees, without changing where it goes.

        >>> t.tilt(30)
        """
        angle = number("tilt", angle, N_("how many degrees to turn"), "tilt(30)")
        self.tiltangle(angle + self.tiltangle())

    def tiltangle(self, angle: Any = None):
        """Return or set how far the turtle's shape is turned from its heading, in degrees."""
        if angle is None:
            tilt = -math.degrees(self._look.tilt) * self._angle_orient
            return (tilt / self._degrees_per_unit) % self._fullcircle
        angle = number("tiltangle", angle, N_("how many degrees to turn"), "tiltangle(30)")
        tilt = -angle * self._degrees_per_unit * self._angle_orient
        self._set_look(tilt=math.radians(tilt) % math.tau)
        return None

    settiltangle = tiltangle

    def resizemode(self, rmode: Any = None):
        """Return or set how the shape's size is chosen: "noresize" (always the same),
        "auto" (grows with the pen size) or "user" (as shapesize() says)."""
        if rmode is None:
            return self._look.resizemode
        mode = str(rmode).lower()
        if mode not in RESIZE_MODES:
            raise BadArgument(
                _("resizemode takes {names}, but got {value!r}.").format(
                    names=", ".join(repr(name) for name in RESIZE_MODES), value=rmode
                )
            )
        self._begin()
        self._look = self._look._replace(resizemode=mode)
        return None

    def shearfactor(self, shear: Any = None):
        """Return or set how much the shape is sheared (the tangent of the shear angle)."""
        if shear is None:
            return self._look.shear
        self._set_look(shear=number("shearfactor", shear, N_("the shear"), "shearfactor(0.5)"))
        return None

    def shapetransform(self, t11: Any = None, t12: Any = None, t21: Any = None, t22: Any = None):
        """Return or set the matrix that stretches, shears and turns the shape:
        ``shapetransform(4, -1, 0, 2)``."""
        if t11 is None and t12 is None and t21 is None and t22 is None:
            return self._look.matrix
        example = "shapetransform(2, 0, 0, 2)"
        m = [
            current if value is None else number("shapetransform", value, N_("a number"), example)
            for value, current in zip((t11, t12, t21, t22), self._look.matrix, strict=True)
        ]
        if m[0] * m[3] - m[1] * m[2] == 0:
            raise BadArgument(_("shapetransform: this matrix would flatten the shape to a line."))
        alfa = math.atan2(-m[2], m[0]) % math.tau
        sa, ca = math.sin(alfa), math.cos(alfa)
        a11, a12, a22 = (ca * m[0] - sa * m[2], ca * m[1] - sa * m[3], sa * m[1] + ca * m[3])
        self._set_look(stretch=(a11, a22), shear=a12 / a22, tilt=alfa)
        return None

    def get_shapepoly(self) -> Polygon | None:
        """The corners of the turtle's shape as its look transforms them (not moved to where the
        turtle is); None for a compound shape."""
        shape = self.screen.shape_called(self._shape)
        if shape is None or shape.kind != "polygon":
            return None
        return self._shapepoly(shape.polygon)

    # -- undo, clear, reset -------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last thing the turtle did (up to the last 1000 things)."""
        if not self._undo:
            return
        state, added = self._undo.pop()
        for item in added:
            self.screen.drawing.remove(item)
        self._restore(state)
        self.screen.changed = True

    def setundobuffer(self, size: int | None) -> None:
        """How many actions undo() remembers (None: none)."""
        self._undo = deque(maxlen=size or 0)

    def undobufferentries(self) -> int:
        return len(self._undo)

    def clear(self) -> None:
        """Remove what this turtle drew; the turtle stays where it is."""
        mine = {id(item) for item in self._own_items}
        drawing = self.screen.drawing
        drawing.keep_only(lambda item: id(item) not in mine)
        self._own_items.clear()
        self.screen.changed = True

    def reset(self) -> None:
        """Remove what this turtle drew and put it back in the middle, looking east."""
        self.clear()
        self._reset_state()

    # -- the rest of the standard library's turtle ------------------------------------------

    def getscreen(self) -> TurtleScreen:
        return self.screen

    def getturtle(self) -> RawTurtle:
        return self

    getpen = getturtle

    def clone(self) -> RawTurtle:
        """A new turtle at the same place, looking the same way, with the same pen and shape.

        >>> twin = t.clone()
        """
        twin = object.__new__(type(self))
        RawTurtle.__init__(twin, self.screen, self._shape, visible=self._visible)
        twin._restore(self._snapshot())  # a fill being made goes on in both, as in IDLE
        twin._speed = self._speed
        twin._fullcircle, twin._degrees_per_unit = (self._fullcircle, self._degrees_per_unit)
        twin.follow_mode(self._mode)
        twin._ox, twin._oy = self._ox, self._oy
        return twin

    # -- clicks on the turtle: the drawing becomes live (see events.py) ----------------------

    def onclick(self, fun: Callable[[float, float], Any] | None, btn: int = 1, add: Any = None):
        """Call ``fun(x, y)`` when the turtle is clicked; x and y are where.

        >>> t.onclick(t.goto)
        """
        self._react("click", "onclick", fun, btn, add)

    def onrelease(self, fun: Callable[[float, float], Any] | None, btn: int = 1, add: Any = None):
        """Call ``fun(x, y)`` when the mouse button, pressed on the turtle, is let go."""
        self._react("release", "onrelease", fun, btn, add)

    def ondrag(self, fun: Callable[[float, float], Any] | None, btn: int = 1, add: Any = None):
        """Call ``fun(x, y)`` again and again while the turtle is dragged with the mouse.

        >>> t.ondrag(t.goto)  # the turtle follows the mouse, drawing as it goes
        """
        self._react("drag", "ondrag", fun, btn, add)

    def _react(self, kind: str, call: str, fun: Any, btn: Any, add: Any) -> None:
        if fun is not None and not callable(fun):
            raise BadArgument(
                _(
                    "{call} needs the name of a function, without brackets, like this: "
                    "{example}. You gave {value!r}."
                ).format(call=call, example=f"t.{call}(t.goto)", value=fun)
            )
        self.screen.events.on_turtle(kind, self, fun, btn, bool(add))
        self.screen.changed = True

    def __repr__(self) -> str:
        return f"<Turtle at ({self._x:.2f}, {self._y:.2f}) heading {self.heading():g}>"


def _as_given(colour: Any) -> Any:
    return tuple(colour) if isinstance(colour, list) else colour


class Turtle(RawTurtle):
    """A turtle on the shared screen: ``t = Turtle()``."""

    def __init__(self, shape: str = "classic", undobuffersize: int = 1000, visible: bool = True):
        super().__init__(Screen(), shape, undobuffersize, visible)


Pen = Turtle
RawPen = RawTurtle
