"""Worlds written as small text maps that a teacher or a pupil can type in a cell.

One line per row of squares, the top row first; the squares of a row are separated by one
character: a space, or ``|`` for a wall between them. Between two rows, a line of ``-`` under a
square puts a wall between that square and the one below it::

    . . . . G
    . . .|. .
        -
    > 2 . c .

==========  ====================================================
``.``       an empty square
``> < ^ v`` the robot, facing east, west, north or south
``G``       the goal: the square the robot must reach
``c``       a carrot; ``2`` … ``9``: that many carrots
``x``       a square where the robot must put a carrot
==========  ====================================================

Lines that start with ``#`` are comments. The edge of the world is always a wall.
"""

from __future__ import annotations

from codekamp.i18n import _
from codekamp.robot.errors import MapError
from codekamp.robot.worlds import EAST, NORTH, SOUTH, WEST, Start, World

ROBOT = {">": EAST, "^": NORTH, "<": WEST, "v": SOUTH}
SQUARES = set(".Gcx") | set(ROBOT) | set("23456789")
WALL_LINE = set(" -+")


def parse(text: str, name: str = "") -> World:
    """The world a text map describes; a :class:`MapError` names the line and column of a
    mistake."""
    lines = [
        (number, line.rstrip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    indent = min((len(line) - len(line.lstrip(" ")) for _number, line in lines), default=0)
    numbered = [(number, line[indent:]) for number, line in lines]  # a map typed indented

    def where(line: int, column: int) -> str:  # columns counted as the map was typed
        return _("Map, line {line}, column {column}: ").format(line=line, column=column + indent)

    rows: list[tuple[int, str]] = []
    walls_below: dict[int, tuple[int, str]] = {}  # row index -> the wall line under it
    for number, line in numbered:
        if set(line) <= WALL_LINE and "-" in line:
            if not rows or len(rows) - 1 in walls_below:
                raise MapError(where(number, 1) + _("a line of walls must lie between two rows."))
            walls_below[len(rows) - 1] = (number, line)
        else:
            rows.append((number, line))
    if not rows:
        raise MapError(_("The map is empty: write at least one row of squares, such as: > . . G"))
    if len(rows) - 1 in walls_below:
        raise MapError(
            where(walls_below[len(rows) - 1][0], 1)
            + _("a line of walls must lie between two rows.")
        )
    width = _width(rows, where)
    world = World(width, len(rows), name=name)
    robots = []
    for index, (number, line) in enumerate(rows):
        y = len(rows) - index
        for column, char in enumerate(line, start=1):
            x = (column + 1) // 2
            if column % 2 == 0:  # between two squares
                if char == "|":
                    world.build_wall(x, y, EAST)
                elif char != " ":
                    raise MapError(
                        where(number, column)
                        + _("between two squares there is a space, or | for a wall; not {char!r}.")
                        .format(char=char)
                    )  # fmt: skip
                continue
            if char not in SQUARES:
                raise MapError(where(number, column) + _unknown(char))
            _put(world, robots, x, y, char)
    for index, (_number, line) in walls_below.items():
        y = len(rows) - index
        for column, char in enumerate(line, start=1):
            if char == "-" and column % 2 == 1 and (column + 1) // 2 <= width:
                world.build_wall((column + 1) // 2, y, SOUTH)
    if len(robots) > 1:
        raise MapError(_("The map has {count} robots; draw one (> < ^ or v).").format(
            count=len(robots)))  # fmt: skip
    if robots:
        world.start = robots[0]
    return world


def _width(rows: list[tuple[int, str]], where) -> int:
    """The number of squares per row; all rows must have as many."""
    first_number, first = rows[0]
    width = (len(first) + 1) // 2
    for number, line in rows[1:]:
        if (len(line) + 1) // 2 != width:
            raise MapError(
                where(number, len(line))
                + _("this row has {count} squares, but the first row (line {first}) has {width}.")
                .format(count=(len(line) + 1) // 2, first=first_number, width=width)
            )  # fmt: skip
    return width


def _put(world: World, robots: list[Start], x: int, y: int, char: str) -> None:
    if char in ROBOT:
        robots.append(Start(x, y, ROBOT[char]))
    elif char == "G":
        world.goal = (x, y)
    elif char == "c":
        world.add_carrots(x, y, 1)
    elif char == "x":
        world.wanted[(x, y)] = 1
    elif char.isdigit():
        world.add_carrots(x, y, int(char))


def _unknown(char: str) -> str:
    return _(
        "{char!r} is not a square of a map. Use . for an empty square, > < ^ v for the robot, "
        "G for the goal, c or a number for carrots, x for where a carrot must go."
    ).format(char=char)


def to_text(world: World) -> str:
    """The map of ``world`` (without its robot's carried carrots), as :func:`parse` reads it."""
    lines = []
    for y in range(world.height, 0, -1):
        row = []
        for x in range(1, world.width + 1):
            row.append(_char(world, x, y))
            if x < world.width:
                row.append("|" if world.blocked(x, y, EAST) else " ")
        lines.append("".join(row))
        if y > 1 and any(world.blocked(x, y, SOUTH) for x in range(1, world.width + 1)):
            below = ["-" if world.blocked(x, y, SOUTH) else " " for x in range(1, world.width + 1)]
            lines.append(" ".join(below).rstrip())
    return "\n".join(lines) + "\n"


def _char(world: World, x: int, y: int) -> str:
    start = world.start
    if (start.x, start.y) == (x, y):
        return {EAST: ">", NORTH: "^", WEST: "<", SOUTH: "v"}[start.direction]
    if (x, y) == world.goal:
        return "G"
    if (x, y) in world.wanted:
        return "x"
    count = world.carrots_on(x, y)
    return "." if count == 0 else ("c" if count == 1 else str(min(count, 9)))
