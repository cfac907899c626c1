"""A robot in a grid world that pupils program in Python: ``from codekamp.robot import *``.

The commands and sensors are those of Reeborg's World, so a pupil can go on there::

    from codekamp.robot import *
    world("hurdles")
    while not at_goal():
        if front_is_clear():
            move()
        else:
            jump_hurdle()    # a function the pupil writes with turn_left() and move()

The world appears as one animated picture when the cell ends, as the turtle's drawing does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from codekamp.ipython import hide_own_frames
from codekamp.robot import generators
from codekamp.robot.errors import Crash, MapError, RobotError, TooManySteps
from codekamp.robot.library import MAPS, named
from codekamp.robot.maps import parse, to_text
from codekamp.robot.notebook import register_display, show
from codekamp.robot.robot import Robot, Stage, current_stage, set_stage
from codekamp.robot.worlds import EAST, NORTH, SOUTH, WEST, Start, World, as_plain, from_plain

STEPS_PER_CHECK = 100_000
"""Commands a program checked on a world may give (the largest maze of a lesson needs a few
hundred): a loop that never ends is stopped quickly."""


def world(which: str | World = "empty") -> None:
    """Choose the world to play in: a name (``world("harvest")``), a text map, or a
    :class:`World`. Its robot stands at its start; the world appears when the cell ends."""
    if isinstance(which, World):
        chosen = which
    elif "\n" in which or which.strip() and set(which.strip()) <= set(".Gcx<>^v|-+ 23456789#"):
        chosen = parse(which)
    else:
        chosen = named(which)
    stage = Stage(chosen)
    set_stage(stage)
    Robot(stage=stage)


def default_robot() -> Robot:
    """The world's own robot, which the functions move."""
    stage = current_stage()
    if not stage.robots:
        Robot(stage=stage)
    return stage.robots[0]


ROBOT_FUNCTIONS = [
    "move", "turn_left", "take", "put", "done", "front_is_clear", "right_is_clear",
    "wall_in_front", "wall_on_right", "at_goal", "object_here", "carries_object",
    "is_facing_north", "position",
]  # fmt: skip


def _robot_function(name: str) -> Callable[[], Any]:
    method = getattr(Robot, name)

    def function() -> Any:
        return getattr(default_robot(), name)()

    function.__name__ = function.__qualname__ = name
    function.__doc__ = method.__doc__
    function.__module__ = __name__
    return function


for _name in ROBOT_FUNCTIONS:
    globals()[_name] = _robot_function(_name)


@contextmanager
def fresh_stage(chosen: World) -> Iterator[Stage]:
    """Play in a copy of ``chosen`` for a while, then put the notebook's world back. Nothing
    played inside is shown. Checks use it through :func:`run_on`."""
    stage = Stage(chosen)
    stage.step_limit = STEPS_PER_CHECK  # no endless loops
    saved = set_stage(stage)
    try:
        Robot(stage=stage)
        yield stage
    finally:
        set_stage(saved)


def run_on(program: Callable[[], Any], chosen: World) -> tuple[Stage, BaseException | None]:
    """Run ``program()`` (a pupil's function that drives the robot) in a copy of ``chosen``;
    returns the stage as the program left it, and the robot error that stopped it, if any."""
    with fresh_stage(chosen) as stage:
        try:
            program()
        except RobotError as error:
            return stage, error
    return stage, None


def commands_of(program: Callable[[], Any], plain_world: tuple) -> tuple:
    """What ``program()`` makes the world's robot do in the world ``plain_world`` (see
    ``world.as_plain``), as plain data: (["move", "turn", "take", "put", …], the name and the
    message of the robot error that stopped it, or None and ""). The grader replays these
    commands with its own robot, so only moves the world allows count."""
    stage, error = run_on(program, from_plain(plain_world))
    kinds = [event.kind for event in stage.log if event.robot == 0 and event.kind != "crash"]
    if error is None:
        return kinds, None, ""
    return kinds, type(error).__name__, str(error)


hide_own_frames(RobotError)  # a robot mistake shows the pupil's line, then the message
register_display()  # in a notebook: the world appears when the cell ends

__all__ = [
    "Crash", "EAST", "MAPS", "MapError", "NORTH", "Robot", "RobotError", "SOUTH", "Stage",
    "Start", "TooManySteps", "WEST", "World", "as_plain", "commands_of", "default_robot",
    "fresh_stage", "from_plain", "generators", "parse", "run_on", "show", "to_text", "world",
    *ROBOT_FUNCTIONS,
]  # fmt: skip
