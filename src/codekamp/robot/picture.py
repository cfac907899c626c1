"""The robot's world as a picture, through the turtle's drawing pipeline.

A stage becomes a plain turtle :class:`~codekamp.turtle.drawing.Scene`: the grid, the goal,
the walls and the carrots as they were when the stage was last shown, then what the robots did
since then as new items (each move a line of the robot's trace, a carrot covered when it is
taken, a carrot added when it is put, a red cross where a robot crashed), and the robots as
turtle heads that walk along their trace. :func:`codekamp.turtle.svg.render` makes the SVG, so
the robot animates exactly as the turtle does: capped in time, still under reduced motion, the
same output for the same program.
"""

from __future__ import annotations

from codekamp.i18n import _
from codekamp.robot.robot import DIRECTION_NAMES, Stage
from codekamp.robot.worlds import STEP, World
from codekamp.turtle.drawing import Dot, Drawing, Fill, Head, Outline, Scene, Segment, Text
from codekamp.turtle.shapes import placed

SIZE = 40
"""Pixels per square."""
MOVE_SECONDS = 0.3
"""How long one move takes in the animation (the whole animation is capped, as the turtle's)."""
MOST_SHOWN = 200_000
"""Commands whose trace a picture shows; after more (a loop that never ended), the picture
shows only where the robots and carrots ended, so that it stays small."""

GROUND, GRID, WALL, GOAL, WANTED = "#ffffff", "#dde3ea", "#5b3a29", "#c9f0c2", "#ffe2c2"
CARROT, TRACE, CRASH = "#f07d19", "#8fb3ff", "#e0201b"
ROBOT_COLOURS = ("#2f6fdf", "#8e44ad", "#16a085", "#d35400")
ROBOT_SHAPE = ((0, 14), (-11, 3), (-11, -11), (11, -11), (11, 3))
"""The robot seen from above, pointing up (towards +y) as the turtle's shapes do."""
CARROT_SPOTS = ((-7, 7), (7, -7), (7, 7), (-7, -7))
"""Where up to four carrots lie on a square, from its centre."""


def scene_of(stage: Stage, animate: bool = True) -> Scene:
    """What the stage shows: the world as it was last shown, then what happened since. After
    more than ``MOST_SHOWN`` commands (a loop that never ended), only where things ended."""
    world = stage.world
    drawing = Drawing(background=GROUND)
    centre = _centre(world)
    for item in _ground(world, centre):
        drawing.add(item)
    if len(stage.log) - stage.shown > MOST_SHOWN:
        for (x, y), count in sorted(world.carrots.items()):
            for item in _carrots(centre(x, y), count):
                drawing.add(item)
        return _scene(stage, drawing, {}, None)
    carrots = dict(stage.carrots_shown)
    for (x, y), count in sorted(carrots.items()):
        for item in _carrots(centre(x, y), count):
            drawing.add(item)
    since = next(drawing.clock)
    trails: dict[int, list[int]] = {}
    for event in stage.log[stage.shown :]:
        cx, cy = centre(event.x, event.y)
        if event.kind == "move":
            dx, dy = STEP[event.direction]
            trails.setdefault(event.robot, []).append(len(drawing.items))
            drawing.add(Segment(cx, cy, cx + dx * SIZE, cy + dy * SIZE, TRACE, 2.0), MOVE_SECONDS)
        elif event.kind in ("take", "put"):
            before = carrots.get((event.x, event.y), 0)
            after = before + (1 if event.kind == "put" else -1)
            carrots[(event.x, event.y)] = after
            for item in _carrot_change((cx, cy), before, after):
                drawing.add(item, MOVE_SECONDS / 3)
        elif event.kind == "crash":
            for item in _cross(cx, cy, event.direction):
                drawing.add(item, MOVE_SECONDS / 3)
    return _scene(stage, drawing, trails, since if animate else None)


def _scene(stage: Stage, drawing: Drawing, trails: dict[int, list[int]], since: int | None):
    world = stage.world
    centre = _centre(world)
    heads = tuple(
        Head(
            (Outline(_shape(cx, cy, robot.direction), colour, "#1b2a4a", 1.5),),
            cx,
            cy,
            (Outline(placed(ROBOT_SHAPE, 0.0, 0.0, 1.0, 0.0), colour, "#1b2a4a", 1.5),),
            tuple(trails.get(robot.number, ())),
        )
        for robot in stage.robots
        for cx, cy in (centre(robot.x, robot.y),)
        for colour in (ROBOT_COLOURS[robot.number % len(ROBOT_COLOURS)],)
    )
    title = _("Robot world") + (f" «{world.name}»" if world.name else "")
    return Scene(
        drawing,
        world.width * SIZE + 8,
        world.height * SIZE + 8,
        title,
        heads,
        since is not None,
        since,
    )


def _centre(world: World):
    left, bottom = -world.width * SIZE / 2, -world.height * SIZE / 2

    def centre(x: int, y: int) -> tuple[float, float]:
        return left + (x - 0.5) * SIZE, bottom + (y - 0.5) * SIZE

    return centre


def _ground(world: World, centre) -> list:
    """The grid, the goal, the squares that want carrots, and the walls (the edge included)."""
    half = SIZE / 2
    items: list = []
    for (x, y), colour in [((x, y), WANTED) for (x, y) in sorted(world.wanted)] + (
        [(world.goal, GOAL)] if world.goal else []
    ):
        cx, cy = centre(x, y)
        items.append(Fill(((cx - half, cy - half), (cx + half, cy - half),
                           (cx + half, cy + half), (cx - half, cy + half)), colour))  # fmt: skip
    left, bottom = centre(1, 1)[0] - half, centre(1, 1)[1] - half
    right, top = left + world.width * SIZE, bottom + world.height * SIZE
    for x in range(1, world.width):
        items.append(Segment(left + x * SIZE, bottom, left + x * SIZE, top, GRID, 1.0))
    for y in range(1, world.height):
        items.append(Segment(left, bottom + y * SIZE, right, bottom + y * SIZE, GRID, 1.0))
    for kind, x, y in sorted(world.walls):
        cx, cy = centre(x, y)
        if kind == "E":
            items.append(Segment(cx + half, cy - half, cx + half, cy + half, WALL, 5.0))
        else:
            items.append(Segment(cx - half, cy + half, cx + half, cy + half, WALL, 5.0))
    corners = ((left, bottom), (right, bottom), (right, top), (left, top), (left, bottom))
    for (x1, y1), (x2, y2) in zip(corners, corners[1:], strict=False):
        items.append(Segment(x1, y1, x2, y2, WALL, 5.0))
    return items


def _carrots(centre: tuple[float, float], count: int) -> list:
    cx, cy = centre
    if count > len(CARROT_SPOTS):
        return [Dot(cx, cy, 18, CARROT), Text(cx, cy - 5, str(count), "#ffffff",
                                              ("Arial", 9, "bold"), "center")]  # fmt: skip
    return [Dot(cx + dx, cy + dy, 11, CARROT) for dx, dy in CARROT_SPOTS[:count]]


def _carrot_change(centre: tuple[float, float], before: int, after: int) -> list:
    """What changes on a square when its carrots go from ``before`` to ``after``: the carrots
    drawn anew over a clean square."""
    cx, cy = centre
    half = SIZE / 2 - 3
    cover = Fill(((cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half),
                  (cx - half, cy + half)), GROUND)  # fmt: skip
    return [cover, *_carrots(centre, after)]


def _cross(cx: float, cy: float, direction: int) -> list:
    """A red cross on the side of the square the robot bumped into."""
    dx, dy = STEP[direction]
    x, y = cx + dx * SIZE * 0.42, cy + dy * SIZE * 0.42
    return [Segment(x - 7, y - 7, x + 7, y + 7, CRASH, 4.0),
            Segment(x - 7, y + 7, x + 7, y - 7, CRASH, 4.0)]  # fmt: skip


def _shape(cx: float, cy: float, direction: int):
    ox, oy = STEP[direction]
    return placed(ROBOT_SHAPE, cx, cy, float(ox), float(oy))


def describe_stage(stage: Stage) -> str:
    """What the picture shows, in words, in the pupil's language (read by screen readers)."""
    world = stage.world
    parts = [
        _("Robot world of {width} by {height} squares").format(
            width=world.width, height=world.height
        )
    ]
    for robot in stage.robots:
        parts.append(
            _("the robot is on square ({x}, {y}), facing {way}").format(
                x=robot.x, y=robot.y, way=_(DIRECTION_NAMES[robot.direction])
            )
        )
        if robot.carried:
            parts.append(_("it carries {count} carrots").format(count=robot.carried))
    left = sum(world.carrots.values())
    if left:
        parts.append(_("{count} carrots lie on the ground").format(count=left))
    if world.goal is not None:
        gx, gy = world.goal
        parts.append(_("the goal is square ({x}, {y})").format(x=gx, y=gy))
    if any(event.kind == "crash" for event in stage.log[stage.shown :]):
        parts.append(_("the robot crashed"))
    elif world.goal is not None or world.wanted:
        parts.append(_("every goal is met") if stage.solved() else _("not every goal is met"))
    return ", ".join(parts) + "."


__all__ = ["SIZE", "describe_stage", "scene_of"]
