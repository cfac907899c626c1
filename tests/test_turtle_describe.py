"""The drawing in words (the picture's description for screen readers): what a pupil would call
it, in their language, so a blind pupil can tell whether the triangle closed."""

from __future__ import annotations

import pytest

import codekamp
from codekamp.turtle import drawing_of
from codekamp.turtle.describe import MOST_PARTS, describe
from codekamp.turtle.drawing import Scene


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")


def said(function, *args) -> str:
    return describe(Scene(drawing_of(function, *args), 600, 400))


def polygon(sides: int, length: float = 100, turn: float | None = None) -> None:
    from codekamp.turtle import forward, left

    for _ in range(sides):
        forward(length)
        left(360 / sides if turn is None else turn)


def test_closed_figures_are_named_as_a_pupil_names_them():
    assert said(polygon, 4) == "Turtle drawing: a square."
    assert said(polygon, 3) == "Turtle drawing: a triangle."
    assert said(polygon, 6) == "Turtle drawing: a closed shape with 6 equal sides."
    assert said(polygon, 36, 10) == "Turtle drawing: a circle."
    assert said(polygon, 5, 100, 144) == "Turtle drawing: a star with 5 points."
    assert said(polygon, 9, 100, 160) == "Turtle drawing: a star with 9 points."


def test_a_triangle_that_does_not_close_is_an_open_line():
    def almost():
        from codekamp.turtle import forward, left

        forward(100)
        left(120)
        forward(100)
        left(120)
        forward(90)

    assert said(almost) == "Turtle drawing: an open line of 3 straight pieces."


def test_a_rectangle_and_a_side_drawn_in_two_pieces():
    def rectangle():
        from codekamp.turtle import forward, left

        for length in (50, 80, 50, 80):
            forward(length / 2)  # each side in two pieces
            forward(length / 2)
            left(90)

    assert said(rectangle) == "Turtle drawing: a rectangle."


def test_a_square_started_halfway_along_a_side_is_still_a_square():
    def square_from_the_middle():
        from codekamp.turtle import forward, left

        forward(50)
        for _ in range(3):
            left(90)
            forward(100)
        left(90)
        forward(50)

    assert said(square_from_the_middle) == "Turtle drawing: a square."


def test_dots_texts_fills_colours_and_repeats():
    def scene():
        from codekamp.turtle import (
            begin_fill,
            dot,
            end_fill,
            fillcolor,
            goto,
            pencolor,
            pendown,
            penup,
            write,
        )

        for x in (-200, 0, 200):
            penup()
            goto(x, 0)
            pendown()
            polygon(4, 50)
        pencolor("red")
        fillcolor("yellow")
        begin_fill()
        polygon(3, 60)
        end_fill()
        dot(10)
        dot(10)
        write("Hallo")

    assert said(scene) == (
        'Turtle drawing: 3 × a square, a triangle in red, the text "Hallo", a filled shape, 2 dots.'
    )


def test_an_empty_drawing_and_a_long_list():
    assert said(lambda: None) == "Turtle drawing: nothing drawn yet."

    def no_length():
        from codekamp.turtle import forward

        forward(0)

    assert said(no_length) == "Turtle drawing: nothing drawn yet."

    def many_lines():
        from codekamp.turtle import forward, goto, pendown, penup

        for y in range(20):
            penup()
            goto(0, y * 10)
            pendown()
            forward(10 + y)  # each a different line: no two parts alike

    text = said(many_lines)
    assert text.count("a straight line") == 1  # the same part is said once, counted
    assert said(polygon, 4).count(",") == 0


def test_the_description_speaks_dutch_and_french():
    codekamp.set_language("nl")
    assert said(polygon, 4) == "Tekening van de schildpad: een vierkant."
    codekamp.set_language("fr")
    assert said(polygon, 3) == "Dessin de la tortue : un triangle."


def test_a_long_list_is_cut_short():
    def figures():
        from codekamp.turtle import goto, pendown, penup

        for count in range(3, 3 + MOST_PARTS + 3):
            penup()
            goto(count * 30, 0)
            pendown()
            polygon(count, 20)

    text = said(figures)
    assert text.endswith(" more.") and text.count(",") == MOST_PARTS - 1


def test_a_very_long_line_is_said_at_once():
    def spiral():
        from codekamp.turtle import forward, left

        for step in range(600):
            forward(1 + step / 10)
            left(91)

    assert said(spiral) == "Turtle drawing: an open line of 600 straight pieces."
