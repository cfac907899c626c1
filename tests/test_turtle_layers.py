"""The turtle's rooms are one-way floors: plain data at the bottom, then the renderer, the model
(screen, then turtle), the notebook glue and the face on top. No module imports one above it,
and none reads another module's private fields. The face shows the standard library's
signatures (``help(forward)`` reads ``forward(distance)``)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import codekamp.turtle as turtle

PACKAGE = Path(turtle.__file__).parent
FLOORS = [
    {"colour_names", "drawing", "errors", "tk", "vec2d"},  # plain data and small helpers
    {"pictures", "shapes"},  # pictures from files, and shapes (which may be pictures)
    {"colours", "compare", "describe", "events", "svg", "window_only"},  # reading plain data
    {"navigator", "screen"},  # the model: where a turtle is, the screen ...
    {"rawturtle"},  # ... and the turtles on it
    {"live", "notebook"},  # the notebook glue
    {"__init__"},  # the face: the standard library's functions
]
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names}
NAMED_TUPLE_API = {"_replace", "_asdict", "_fields", "_make"}


def modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def turtle_imports(tree: ast.AST) -> set[str]:
    """The codekamp.turtle modules a module imports, at its top or inside functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "codekamp.turtle":
                found |= {alias.name for alias in node.names if alias.name in FLOOR}
            elif node.module.startswith("codekamp.turtle."):
                found.add(node.module.split(".")[2])
    return found


def test_every_module_has_a_floor():
    assert {path.stem for path in modules()} == set(FLOOR)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.stem)
def test_no_module_imports_one_above_it(path):
    above = {
        name
        for name in turtle_imports(ast.parse(path.read_text(encoding="utf-8")))
        if FLOOR[name] > FLOOR[path.stem]
    }
    assert not above, f"{path.stem} imports {sorted(above)}, which are above it"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.stem)
def test_no_module_reads_another_modules_private_fields(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {
        node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name) and node.value.id == "self"
    } | {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}  # fmt: skip
    foreign = sorted(
        f"line {node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and node.attr not in own | NAMED_TUPLE_API
    )
    assert not foreign, foreign


@pytest.mark.parametrize("name", turtle.TURTLE_FUNCTIONS + turtle.SCREEN_FUNCTIONS)
def test_the_functions_show_the_standard_librarys_face(name):
    function = getattr(turtle, name)
    shown = str(inspect.signature(function))
    assert "self" not in shown and "object at" not in shown and "Any" not in shown, shown
    assert ">>> t." not in (function.__doc__ or "")
    assert function.__name__ == name


def test_help_on_forward_reads_like_the_standard_librarys():
    assert str(inspect.signature(turtle.forward)) == "(distance)"
    assert str(inspect.signature(turtle.goto)) == "(x, y=None)"
    assert ">>> forward(100)" in turtle.forward.__doc__
