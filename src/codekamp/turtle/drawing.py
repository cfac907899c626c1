"""The drawing as plain data: what the turtles drew, in the order they drew it.

Everything here is simple values, so a test can read a pupil's drawing, compare it with
another one (see :mod:`codekamp.turtle.compare`) or render it (see :mod:`codekamp.turtle.svg`).
Coordinates are the turtle's: the centre is (0, 0), x grows to the right and y grows upwards.

A :class:`Scene` is what a screen shows at one moment: the drawing, the visible turtles and the
screen's settings. The screen makes it; the picture and its description are made from it alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple


class Segment(NamedTuple):
    """A straight line the pen drew from (x1, y1) to (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str  # "#rrggbb"
    width: float


class Fill(NamedTuple):
    """A shape filled with colour, made between begin_fill() and end_fill()."""

    points: tuple[tuple[float, float], ...]
    colour: str


class Dot(NamedTuple):
    """A round dot of diameter ``size``, made by dot()."""

    x: float
    y: float
    size: float
    colour: str


class Text(NamedTuple):
    """Text written by write(); ``align`` is "left", "center" or "right"."""

    x: float
    y: float
    text: str
    colour: str
    font: tuple[str, float, str]
    align: str


class Picture(NamedTuple):
    """A picture from a file (for bgpic() or a picture shape), kept as a ``data:`` address;
    its size is in pixels."""

    href: str
    width: float
    height: float


class Stamp(NamedTuple):
    """A copy of the turtle's shape left on the drawing by stamp(); a picture shape leaves its
    ``picture``, centred on its one point."""

    points: tuple[tuple[float, float], ...]
    outline: str
    fill: str
    stamp_id: int
    picture: Picture | None = None


Item = Segment | Fill | Dot | Text | Stamp


@dataclass
class Drawing:
    """Everything drawn on one screen, bottom to top, with how long each part animates.

    ``items`` are the drawn things, in the order they lie on top of each other (a fill lies
    under the outline drawn after begin_fill()); ``seconds`` holds, for each item, how long
    drawing it takes at the speed of the turtle that drew it (0 when animation is off);
    ``made`` says when each item was made (a fill is made at end_fill()), for the animation.
    """

    items: list[Item] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    made: list[int] = field(default_factory=list)
    background: str = "#ffffff"
    clock: Iterator[int] = field(default_factory=itertools.count, repr=False)
    backdrop: Picture | None = None  # bgpic(): a picture in the middle, under everything

    def add(self, item: Item, seconds: float = 0.0) -> None:
        self.items.append(item)
        self.seconds.append(seconds)
        self.made.append(next(self.clock))

    def insert(self, index: int, item: Item, seconds: float = 0.0) -> None:
        self.items.insert(index, item)
        self.seconds.insert(index, seconds)
        self.made.insert(index, next(self.clock))

    def remove(self, item: Item) -> None:
        """Remove this very item (looked up from the end, where recent items are)."""
        for index in range(len(self.items) - 1, -1, -1):
            if self.items[index] is item:
                del self.items[index], self.seconds[index], self.made[index]
                return

    def keep_only(self, keep) -> None:
        """Keep the items for which ``keep(item)`` is true."""
        rows = [
            row for row in zip(self.items, self.seconds, self.made, strict=True) if keep(row[0])
        ]
        self.items[:] = [row[0] for row in rows]
        self.seconds[:] = [row[1] for row in rows]
        self.made[:] = [row[2] for row in rows]

    def clear(self) -> None:
        self.items.clear()
        self.seconds.clear()
        self.made.clear()

    @property
    def segments(self) -> list[Segment]:
        """The straight lines drawn, in order."""
        return [item for item in self.items if type(item) is Segment]

    @property
    def fills(self) -> list[Fill]:
        return [item for item in self.items if type(item) is Fill]

    @property
    def dots(self) -> list[Dot]:
        return [item for item in self.items if type(item) is Dot]

    @property
    def texts(self) -> list[Text]:
        return [item for item in self.items if type(item) is Text]

    @property
    def stamps(self) -> list[Stamp]:
        return [item for item in self.items if type(item) is Stamp]


class Outline(NamedTuple):
    """One coloured polygon of a turtle's shape, placed where the turtle is."""

    points: tuple[tuple[float, float], ...]
    fill: str
    outline: str
    width: float


class Head(NamedTuple):
    """A visible turtle as the picture shows it: its shape's polygons (one, or several for a
    compound shape), placed and turned where the turtle is; the same shape at (0, 0) looking
    east, in pixels (``walker``), to walk along its lines; and which of the drawing's items
    are lines it drew (``trail``, their places in ``Drawing.items``). A turtle with a picture
    shape has no polygons but a ``picture``, centred where it is and never turned, as in the
    standard library."""

    parts: tuple[Outline, ...]
    x: float
    y: float
    walker: tuple[Outline, ...] = ()
    trail: tuple[int, ...] = ()
    picture: Picture | None = None


@dataclass(frozen=True)
class Scene:
    """What a screen shows: its drawing, its visible turtles, its size and title, and which part
    of the drawing is new (made at or after ``new_since`` on the drawing's clock; None: nothing
    is new, the picture appears at once)."""

    drawing: Drawing
    width: float
    height: float
    title: str = ""
    heads: tuple[Head, ...] = ()
    animated: bool = True
    new_since: int | None = None
    world: tuple[float, float, float, float] | None = None
    """(left, bottom, right, top) of setworldcoordinates(): the turtles' coordinates stretch to
    fill the drawing area. None: one step is one pixel, (0, 0) in the middle."""
