"""Comparing drawings: the same picture however it was drawn; a wrong one is described."""

from __future__ import annotations

import pytest

import codekamp
from codekamp.turtle import RawTurtle, TurtleScreen, compare


def draw(*steps):
    """A drawing made by a fresh turtle on its own screen, from a list of (command, *args)."""
    t = RawTurtle(TurtleScreen())
    for name, *args in steps:
        getattr(t, name)(*args)
    return t.screen


SQUARE = [("forward", 100), ("left", 90)] * 4


def test_a_square_drawn_three_ways_is_one_picture():
    anticlockwise = draw(*SQUARE)
    clockwise_from_other_corner = draw(
        ("penup",), ("goto", 100, 100), ("pendown",), ("setheading", 270),
        *[("forward", 100), ("right", 90)] * 4,
    )  # fmt: skip
    in_small_steps = draw(*([("forward", 10)] * 10 + [("left", 90)]) * 4)
    assert compare(clockwise_from_other_corner, anticlockwise)
    assert compare(in_small_steps, anticlockwise)


def test_overlapping_and_repeated_lines_count_once():
    assert compare(draw(*SQUARE, *SQUARE), draw(*SQUARE))
    assert compare(draw(("forward", 60), ("back", 20), ("forward", 60)), draw(("forward", 100)))


def test_a_missing_side_is_caught_and_described():
    codekamp.set_language("en")
    three_sides = draw(*SQUARE[:6])
    result = compare(three_sides, draw(*SQUARE))
    assert not result
    assert result.describe() == "Missing: a line from (0, 0) to (0, 100) in black."


def test_an_extra_line_is_caught():
    result = compare(draw(*SQUARE, ("forward", 50), ("left", 45), ("forward", 30)), draw(*SQUARE))
    assert not result and result.extra and not result.missing
    assert result.describe().startswith("Too much: a line from")


def test_description_in_dutch():
    codekamp.set_language("nl")
    result = compare(draw(*SQUARE[:6]), draw(*SQUARE))
    assert result.describe() == "Ontbreekt: een lijn van (0, 0) naar (0, 100) in de kleur black."
    codekamp.set_language("en")


def test_anywhere_on_the_canvas_only_when_asked():
    moved = draw(("penup",), ("goto", -150, 80), ("pendown",), *SQUARE)
    assert not compare(moved, draw(*SQUARE))
    assert compare(moved, draw(*SQUARE), anywhere=True)


def test_colour_counts_unless_told_otherwise():
    red = draw(("pencolor", "red"), *SQUARE)
    assert not compare(red, draw(*SQUARE))
    assert compare(red, draw(*SQUARE), colours=False)


def test_small_differences_within_the_tolerance():
    almost = draw(("forward", 100.4), ("left", 90), ("forward", 100))
    exact = draw(("forward", 100), ("left", 90), ("forward", 100))
    assert compare(almost, exact)
    assert not compare(draw(("forward", 105)), draw(("forward", 100)))


def test_a_different_shape_with_the_same_number_of_lines_is_caught():
    rectangle = draw(*[("forward", 100), ("left", 90), ("forward", 50), ("left", 90)] * 2)
    assert not compare(rectangle, draw(*SQUARE))


def test_fills_compare_by_corners_and_colour():
    def triangle(start_turn, colour):
        return draw(("fillcolor", colour), ("begin_fill",), ("left", start_turn),
                    *[("forward", 100), ("left", 120)] * 3, ("end_fill",))  # fmt: skip

    assert compare(triangle(0, "yellow"), triangle(0, "yellow"))
    assert not compare(triangle(0, "red"), triangle(0, "yellow"))


def test_dots_and_texts_are_compared():
    assert compare(draw(("dot", 20, "red")), draw(("dot", 20, "red")))
    assert not compare(draw(("dot", 20, "red")), draw(("dot", 30, "red")))
    assert not compare(draw(("write", "Hoi")), draw(("write", "Dag")))


def test_compare_needs_drawings():
    with pytest.raises(TypeError):
        compare("square", draw(*SQUARE))
