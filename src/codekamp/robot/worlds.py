"""A robot's world as plain data: a grid of squares with walls, carrots and a goal.

Squares are numbered as in Reeborg's World: ``(1, 1)`` is the bottom left square, x grows to
the right (east) and y upwards (north). The world's edge is a wall all round. Nothing here moves
a robot or draws anything: :mod:`codekamp.robot.robot` moves robots in a world, and
:mod:`codekamp.robot.picture` draws one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

EAST, NORTH, WEST, SOUTH = 0, 1, 2, 3
STEP = {EAST: (1, 0), NORTH: (0, 1), WEST: (-1, 0), SOUTH: (0, -1)}
"""How x and y change for one move in each direction."""

Square = tuple[int, int]
Wall = tuple[str, int, int]
"""("E", x, y): a wall between (x, y) and (x + 1, y); ("N", x, y): between (x, y) and (x, y + 1)."""


def wall_beside(x: int, y: int, direction: int) -> Wall:
    """The wall on the ``direction`` side of square (x, y), as the world stores it."""
    if direction == EAST:
        return ("E", x, y)
    if direction == WEST:
        return ("E", x - 1, y)
    if direction == NORTH:
        return ("N", x, y)
    return ("N", x, y - 1)


@dataclass(frozen=True)
class Start:
    """Where a robot starts: its square and the direction it faces, carrying ``carrots``."""

    x: int
    y: int
    direction: int = EAST
    carrots: int = 0


@dataclass
class World:
    """A grid of ``width`` x ``height`` squares.

    ``walls`` are the walls inside it (its edge is always walled); ``carrots`` says how many
    carrots lie on a square; ``goal`` is the square a robot must reach (or None) and
    ``wanted`` how many carrots must lie on some squares at the end; ``start`` is where the
    world's robot starts."""

    width: int
    height: int
    walls: set[Wall] = field(default_factory=set)
    carrots: dict[Square, int] = field(default_factory=dict)
    goal: Square | None = None
    wanted: dict[Square, int] = field(default_factory=dict)
    start: Start = Start(1, 1)
    name: str = ""

    def inside(self, x: int, y: int) -> bool:
        return 1 <= x <= self.width and 1 <= y <= self.height

    def blocked(self, x: int, y: int, direction: int) -> bool:
        """Whether a wall (or the world's edge) stands on the ``direction`` side of (x, y)."""
        dx, dy = STEP[direction]
        if not self.inside(x + dx, y + dy):
            return True
        return wall_beside(x, y, direction) in self.walls

    def build_wall(self, x: int, y: int, direction: int) -> None:
        """Put a wall on the ``direction`` side of (x, y) (nothing happens at the edge)."""
        dx, dy = STEP[direction]
        if self.inside(x, y) and self.inside(x + dx, y + dy):
            self.walls.add(wall_beside(x, y, direction))

    def carrots_on(self, x: int, y: int) -> int:
        return self.carrots.get((x, y), 0)

    def add_carrots(self, x: int, y: int, count: int) -> None:
        left = self.carrots.get((x, y), 0) + count
        if left > 0:
            self.carrots[(x, y)] = left
        else:
            self.carrots.pop((x, y), None)

    def copy(self) -> World:
        """A world to play in, so that the original stays as it was."""
        return replace(
            self, walls=set(self.walls), carrots=dict(self.carrots), wanted=dict(self.wanted)
        )


def as_plain(world: World) -> tuple:
    """The world as numbers, text and tuples only (to hand it across to the pupil's side while
    grading, see :func:`codekamp.check.expect_robot`)."""
    start = world.start
    return (
        world.width, world.height, tuple(sorted(world.walls)), tuple(sorted(world.carrots.items())),
        world.goal, tuple(sorted(world.wanted.items())),
        (start.x, start.y, start.direction, start.carrots), world.name,
    )  # fmt: skip


def from_plain(plain: tuple) -> World:
    """The world :func:`as_plain` wrote down."""
    width, height, walls, carrots, goal, wanted, start, name = plain
    return World(
        int(width), int(height), {(str(k), int(x), int(y)) for k, x, y in walls},
        {(int(x), int(y)): int(n) for (x, y), n in carrots},
        None if goal is None else (int(goal[0]), int(goal[1])),
        {(int(x), int(y)): int(n) for (x, y), n in wanted},
        Start(*(int(value) for value in start)), str(name),
    )  # fmt: skip


__all__ = ["EAST", "NORTH", "SOUTH", "WEST", "Start", "World", "as_plain", "from_plain"]
