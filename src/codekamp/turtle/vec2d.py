"""Vec2D, the standard library turtle's 2D vector: what pos() returns."""

from __future__ import annotations

import math


class Vec2D(tuple):
    """A point or vector (x, y), as in the standard library: ``a + b``, ``a - b``, ``a * k``,
    ``a * b`` (dot product), ``abs(a)`` and ``a.rotate(angle)``.

    >>> Vec2D(3, 4) + Vec2D(1, 1)
    (4.00,5.00)
    """

    def __new__(cls, x: float, y: float) -> Vec2D:
        return tuple.__new__(cls, (x, y))

    def __add__(self, other):  # type: ignore[override]
        return Vec2D(self[0] + other[0], self[1] + other[1])

    def __mul__(self, other):  # type: ignore[override]
        if isinstance(other, Vec2D):
            return self[0] * other[0] + self[1] * other[1]
        return Vec2D(self[0] * other, self[1] * other)

    def __rmul__(self, other):  # type: ignore[override]
        if isinstance(other, (int, float)):
            return Vec2D(self[0] * other, self[1] * other)
        return NotImplemented

    def __sub__(self, other):
        return Vec2D(self[0] - other[0], self[1] - other[1])

    def __neg__(self):
        return Vec2D(-self[0], -self[1])

    def __abs__(self):
        return math.hypot(*self)

    def rotate(self, angle: float) -> Vec2D:
        """Rotate counterclockwise by ``angle`` degrees."""
        perp = Vec2D(-self[1], self[0])
        angle = math.radians(angle)
        c, s = math.cos(angle), math.sin(angle)
        return Vec2D(self[0] * c + perp[0] * s, self[1] * c + perp[1] * s)

    def __getnewargs__(self):
        return (self[0], self[1])

    def __repr__(self) -> str:
        return f"({self[0]:.2f},{self[1]:.2f})"
