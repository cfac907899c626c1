"""The turtle's shapes, as in the standard library: polygons that point up (towards +y)."""

from __future__ import annotations

import math

SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    "classic": ((0, 0), (-5, -9), (0, -7), (5, -9)),
    "arrow": ((-10, 0), (10, 0), (0, 10)),
    "turtle": (
        (0, 16),
        (-2, 14),
        (-1, 10),
        (-4, 7),
        (-7, 9),
        (-9, 8),
        (-6, 5),
        (-7, 1),
        (-5, -3),
        (-8, -6),
        (-6, -8),
        (-4, -5),
        (0, -7),
        (4, -5),
        (6, -8),
        (8, -6),
        (5, -3),
        (7, 1),
        (6, 5),
        (9, 8),
        (7, 9),
        (4, 7),
        (1, 10),
        (2, 14),
    ),
    "circle": tuple(
        (round(10 * math.cos(math.radians(a)), 2), round(10 * math.sin(math.radians(a)), 2))
        for a in range(0, 360, 18)
    ),
    "square": ((10, -10), (10, 10), (-10, 10), (-10, -10)),
    "triangle": ((10, -5.77), (0, 11.55), (-10, -5.77)),
    "blank": (),
}


def placed(shape: str, x: float, y: float, heading_degrees: float, stretch: float = 1.0):
    """The shape's corners for a turtle at (x, y) looking ``heading_degrees`` (0 = east)."""
    turn = math.radians(heading_degrees - 90)
    cos, sin = math.cos(turn), math.sin(turn)
    return tuple(
        (x + stretch * (px * cos - py * sin), y + stretch * (px * sin + py * cos))
        for px, py in SHAPES[shape]
    )
