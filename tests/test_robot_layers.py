"""The robot's rooms are one-way floors, as the turtle's: the world as plain data at the bottom,
then maps and generators, the robots, the picture, the notebook glue and the face on top. It
draws with the turtle's plain data and renderer only, never with the turtle's model or glue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import codekamp.robot as robot

PACKAGE = Path(robot.__file__).parent
FLOORS = [
    {"errors", "worlds"},  # plain data
    {"generators", "maps"},  # worlds from text and from seeds
    {"library", "robot"},  # named worlds; robots moving in a world
    {"picture"},  # the world as a turtle scene
    {"notebook"},  # the notebook glue
    {"__init__"},  # the face: Reeborg's functions
]
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names}
TURTLE_ALLOWED = {"drawing", "shapes", "svg"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_every_module_has_a_floor():
    assert {path.stem for path in PACKAGE.glob("*.py")} == set(FLOOR)


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.stem)
def test_no_module_imports_one_above_it_nor_the_turtles_model(path):
    names = imports(path)
    parts = [name.split(".") for name in names if name.startswith("codekamp.robot.")]
    robot_modules = {part[2] for part in parts if part[2] in FLOOR}
    above = {name for name in robot_modules if FLOOR[name] > FLOOR[path.stem]}
    assert not above, f"{path.stem} imports {sorted(above)}, which are above it"
    turtle = {name.split(".")[2] for name in names if name.startswith("codekamp.turtle.")}
    assert turtle <= TURTLE_ALLOWED, f"{path.stem} uses the turtle's {sorted(turtle)}"
