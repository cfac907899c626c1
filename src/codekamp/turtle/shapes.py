"""The turtle's shapes, as in the standard library: polygons that point up (towards +y), and
:class:`Shape` for a pupil's own (a polygon, a compound of coloured polygons, or a picture)."""

from __future__ import annotations

import math
from typing import Any

from codekamp.i18n import _
from codekamp.turtle.drawing import Picture
from codekamp.turtle.errors import BadArgument
from codekamp.turtle.pictures import read_picture

SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    "classic": ((0, 0), (-5, -9), (0, -7), (5, -9)),
    "arrow": ((-10, 0), (10, 0), (0, 10)),
    "turtle": (
        (0, 16), (-2, 14), (-1, 10), (-4, 7), (-7, 9), (-9, 8), (-6, 5), (-7, 1), (-5, -3),
        (-8, -6), (-6, -8), (-4, -5), (0, -7), (4, -5), (6, -8), (8, -6), (5, -3), (7, 1),
        (6, 5), (9, 8), (7, 9), (4, 7), (1, 10), (2, 14),
    ),
    "circle": tuple(
        (round(10 * math.cos(math.radians(a)), 2), round(10 * math.sin(math.radians(a)), 2))
        for a in range(0, 360, 18)
    ),
    "square": ((10, -10), (10, 10), (-10, 10), (-10, -10)),
    "triangle": ((10, -5.77), (0, 11.55), (-10, -5.77)),
    "blank": (),
}  # fmt: skip
"""The standard library's shapes, corner by corner."""

Polygon = tuple[tuple[float, float], ...]


class Shape:
    """A shape for ``register_shape``, as in the standard library.

    >>> arrow = Shape("polygon", ((0, 10), (-5, -5), (5, -5)))
    >>> ship = Shape("compound")
    >>> ship.addcomponent(((-10, -10), (10, -10), (0, 15)), "red", "black")
    >>> register_shape("ship", ship)
    >>> register_shape("ghost", Shape("image", "ghost.gif"))  # or register_shape("ghost.gif")
    """

    def __init__(self, type_: str, data: Any = None) -> None:
        if type_ == "polygon":
            data = corners("Shape", data)
        elif type_ == "compound":
            data = []
        elif type_ == "image":
            data = data if isinstance(data, Picture) else read_picture("Shape", data)
        else:
            raise BadArgument(
                _('A Shape is "polygon", "compound" or "image", but got {value!r}.').format(
                    value=type_
                )
            )
        self._type = type_
        self._data = data

    @property
    def kind(self) -> str:
        """ "polygon", "compound" or "image"."""
        return self._type

    @property
    def picture(self) -> Picture | None:
        """The picture of an image shape."""
        return self._data if self._type == "image" else None

    @property
    def polygon(self) -> Polygon:
        """The corners of a polygon shape."""
        return self._data if self._type == "polygon" else ()

    @property
    def components(self) -> list[tuple[Polygon, Any, Any]]:
        """The (corners, fill colour, outline colour) of a compound shape, as given."""
        return list(self._data) if self._type == "compound" else []

    def addcomponent(self, poly: Any, fill: Any, outline: Any = None) -> None:
        """Add a coloured polygon to a compound shape: ``s.addcomponent(corners, "red")``."""
        if self._type != "compound":
            raise BadArgument(_("Only a compound Shape has components."))
        self._data.append(
            (corners("addcomponent", poly), fill, fill if outline is None else outline)
        )


def corners(call: str, data: Any) -> Polygon:
    """Read a polygon: pairs of numbers ``((0, 0), (10, 5), …)``."""
    try:
        pairs = tuple((float(x), float(y)) for x, y in data)
    except (TypeError, ValueError):
        raise BadArgument(
            _(
                "{call} needs the corners as pairs of numbers, such as ((0, 0), (10, 5), (0, 10))."
            ).format(call=call)
        ) from None
    if len(pairs) < 2:
        raise BadArgument(_("{call} needs at least two corners.").format(call=call))
    return pairs


def transformed(polygon: Polygon, matrix: tuple[float, float, float, float]) -> Polygon:
    """The polygon stretched, sheared and tilted by ``matrix`` (t11, t12, t21, t22)."""
    t11, t12, t21, t22 = matrix
    return tuple((t11 * x + t12 * y, t21 * x + t22 * y) for x, y in polygon)


def placed(
    polygon: Polygon, x: float, y: float, ox: float, oy: float, scale: tuple[float, float] = (1, 1)
) -> Polygon:
    """The polygon's corners for a turtle at (x, y) that looks along (ox, oy): the shape's +y
    points where the turtle goes, as in the standard library. With world coordinates
    (``scale``: pixels per step across and up) the shape keeps its size in pixels."""
    xscale, yscale = scale
    length = math.hypot(ox, oy * yscale / xscale) or 1.0
    e0, e1 = ox / length, oy * yscale / xscale / length
    return tuple(
        (x + (e1 * px + e0 * py) / xscale, y + (-e0 * px + e1 * py) / yscale) for px, py in polygon
    )
