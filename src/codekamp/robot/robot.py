"""Robots moving in a world, and what they did, kept as plain data.

A :class:`Stage` is one world being played in (a copy: the original stays as it was) with the
robots in it and a log of everything they did, in order. :class:`Robot` has the commands and
sensors of Reeborg's World (``move()``, ``turn_left()``, ``take()``, ``put()``,
``front_is_clear()``…), so a pupil can go on there. Mistakes stop the program with a
:class:`~codekamp.robot.errors.Crash` that says what happened and where; the log keeps the
crash, so the picture can show it.
"""

from __future__ import annotations

from typing import NamedTuple

from codekamp.i18n import N_, _, whole_number
from codekamp.ipython import shell
from codekamp.robot.errors import Crash, TooManySteps
from codekamp.robot.worlds import EAST, NORTH, SOUTH, STEP, WEST, World

STEPS_PER_CELL = 1_000_000
"""Far more than any lesson needs (a maze of 50 by 50 takes about 10,000 steps); a cell that
asks for more is a loop that never ends."""

DIRECTION_NAMES = {EAST: N_("east"), NORTH: N_("north"), WEST: N_("west"), SOUTH: N_("south")}


class Event(NamedTuple):
    """One thing a robot did: "move" (from ``x``, ``y`` one square in ``direction``), "turn",
    "take", "put" or "crash", on square (``x``, ``y``) facing ``direction``."""

    kind: str
    robot: int
    x: int
    y: int
    direction: int


class Stage:
    """A world being played in, its robots and the log of what they did."""

    def __init__(self, world: World) -> None:
        self.original = world
        self.world = world.copy()
        self.robots: list[Robot] = []
        self.log: list[Event] = []
        self.steps = 0  # commands given in this cell
        # Commands allowed per cell: in a notebook, a loop that never ends is stopped.
        self.step_limit: float = STEPS_PER_CELL if shell() is not None else float("inf")
        self.shown = 0  # log entries before this one have been shown
        self.carrots_shown = dict(self.world.carrots)  # the carrots when the log was last shown
        self.changed = True

    def record(self, robot: Robot, kind: str) -> None:
        self.log.append(Event(kind, robot.number, robot.x, robot.y, robot.direction))
        self.changed = True

    def count(self) -> None:
        """Count one command; stop a runaway loop with an explanation."""
        self.steps += 1
        if self.steps > self.step_limit:
            self.steps = 0
            raise TooManySteps(
                _(
                    "The robot was given more than {limit} commands in this cell, so it stopped. "
                    "Is there a loop that never ends? Check the condition of your while loop: "
                    "does what the robot does inside it ever make the condition false?"
                ).format(limit=whole_number(self.step_limit))
            )

    def mark_shown(self) -> None:
        self.shown = len(self.log)
        self.carrots_shown = dict(self.world.carrots)
        self.changed = False

    def start_counting(self) -> None:
        self.steps = 0

    def solved(self) -> bool:
        """Whether every goal of the world is met: the goal square reached by a robot, and
        the carrots that must lie somewhere lie there."""
        world = self.world
        if world.goal is not None and not any((r.x, r.y) == world.goal for r in self.robots):
            return False
        return all(world.carrots_on(x, y) >= n for (x, y), n in world.wanted.items())


class Robot:
    """A robot in a world. ``Robot()`` puts one more robot at the world's start; the functions
    ``move()``, ``turn_left()``… drive the world's own robot.

    >>> r = Robot()
    >>> r.move()
    >>> r.turn_left()
    """

    def __init__(
        self,
        x: int | None = None,
        y: int | None = None,
        direction: str | int | None = None,
        carrots: int = 0,
        stage: Stage | None = None,
    ) -> None:
        stage = stage or current_stage()
        start = stage.world.start
        self.stage = stage
        self.x = start.x if x is None else int(x)
        self.y = start.y if y is None else int(y)
        self.direction = start.direction if direction is None else _direction(direction)
        self.carried = start.carrots if x is None and y is None else int(carrots)
        if not stage.world.inside(self.x, self.y):
            raise Crash(
                _("Square ({x}, {y}) is not in this world of {width} by {height} squares.").format(
                    x=self.x, y=self.y, width=stage.world.width, height=stage.world.height
                )
            )
        self.number = len(stage.robots)
        stage.robots.append(self)
        stage.changed = True

    # -- commands ----------------------------------------------------------------------------

    def move(self) -> None:
        """Go one square forward. A wall in front stops the program (look first with
        ``front_is_clear()``)."""
        stage = self.stage
        stage.count()
        if stage.world.blocked(self.x, self.y, self.direction):
            self._crash(_("Ouch! The robot walked into a wall on square ({x}, {y}), facing {way}."))
        stage.record(self, "move")
        dx, dy = STEP[self.direction]
        self.x += dx
        self.y += dy

    def turn_left(self) -> None:
        """Turn a quarter turn to the left, on the spot."""
        self.stage.count()
        self.direction = (self.direction + 1) % 4
        self.stage.record(self, "turn")

    def take(self) -> None:
        """Pick up a carrot from this square (see ``object_here()``)."""
        stage = self.stage
        stage.count()
        if stage.world.carrots_on(self.x, self.y) == 0:
            self._crash(_("There is no carrot to take on square ({x}, {y})."))
        stage.world.add_carrots(self.x, self.y, -1)
        self.carried += 1
        stage.record(self, "take")

    def put(self) -> None:
        """Put down a carrot the robot carries (see ``carries_object()``)."""
        stage = self.stage
        stage.count()
        if self.carried == 0:
            self._crash(_("The robot carries no carrot to put down on square ({x}, {y})."))
        self.carried -= 1
        stage.world.add_carrots(self.x, self.y, 1)
        stage.record(self, "put")

    def done(self) -> None:
        """Say that the program is finished (as in Reeborg's World); nothing moves."""

    # -- sensors -----------------------------------------------------------------------------

    def front_is_clear(self) -> bool:
        """True if there is no wall in front of the robot."""
        return not self.stage.world.blocked(self.x, self.y, self.direction)

    def right_is_clear(self) -> bool:
        """True if there is no wall on the robot's right."""
        return not self.stage.world.blocked(self.x, self.y, (self.direction + 3) % 4)

    def wall_in_front(self) -> bool:
        """True if there is a wall in front of the robot."""
        return not self.front_is_clear()

    def wall_on_right(self) -> bool:
        """True if there is a wall on the robot's right."""
        return not self.right_is_clear()

    def at_goal(self) -> bool:
        """True if the robot stands on the goal square."""
        return (self.x, self.y) == self.stage.world.goal

    def object_here(self) -> bool:
        """True if there is a carrot on the robot's square."""
        return self.stage.world.carrots_on(self.x, self.y) > 0

    def carries_object(self) -> bool:
        """True if the robot carries at least one carrot."""
        return self.carried > 0

    def is_facing_north(self) -> bool:
        """True if the robot looks north (up)."""
        return self.direction == NORTH

    # -- where it is ---------------------------------------------------------------------------

    def position(self) -> tuple[int, int]:
        """The robot's square, (x, y): (1, 1) is the bottom left one."""
        return self.x, self.y

    def _crash(self, message: str) -> None:
        self.stage.record(self, "crash")
        way = _(DIRECTION_NAMES[self.direction])
        raise Crash(message.format(x=self.x, y=self.y, way=way))

    def __repr__(self) -> str:
        return f"<Robot on ({self.x}, {self.y}) facing {DIRECTION_NAMES[self.direction]}>"


def _direction(value: str | int) -> int:
    words = {"east": EAST, "north": NORTH, "west": WEST, "south": SOUTH}
    if isinstance(value, str) and value.lower() in words:
        return words[value.lower()]
    if isinstance(value, int) and value in DIRECTION_NAMES:
        return value
    raise Crash(
        _('A direction is "east", "north", "west" or "south", not {value!r}.').format(value=value)
    )


_stage: Stage | None = None


def current_stage() -> Stage:
    """The world the robot functions play in (an empty 10 by 10 field until one is chosen)."""
    global _stage
    if _stage is None:
        set_stage(Stage(World(10, 10, name="empty")))
    assert _stage is not None
    return _stage


def existing_stage() -> Stage | None:
    """The world the robot functions play in, or None if none was needed yet."""
    return _stage


def set_stage(stage: Stage | None) -> Stage | None:
    """Make ``stage`` the one the robot functions play in; returns the one it replaces."""
    global _stage
    before, _stage = _stage, stage
    return before


__all__ = ["Event", "Robot", "Stage", "current_stage", "existing_stage", "set_stage"]
