"""What the robot says when something goes wrong, in the pupil's language. The exceptions are
also ordinary Python ones (``ValueError``, ``RuntimeError``), so code that catches those keeps
working."""

from __future__ import annotations


class RobotError(Exception):
    """Something the robot cannot do; the message says what happened and where."""


class MapError(RobotError, ValueError):
    """A world map that cannot be read; the message names the line and the column."""


class Crash(RobotError, RuntimeError):
    """The robot walked into a wall, took from an empty square or put what it does not carry."""


class TooManySteps(RobotError, RuntimeError):
    """A cell asked the robot for so many steps that it must be a loop that never ends."""
