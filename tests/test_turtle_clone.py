"""clone(): a second turtle like the first, as in the standard library, so programs that grow
trees or rosettes with clones run unchanged."""

from __future__ import annotations

import pytest

from codekamp.turtle import RawTurtle, Turtle, TurtleScreen, drawing_of


def test_a_clone_starts_where_the_turtle_is_with_its_pen_and_shape():
    screen = TurtleScreen()
    original = RawTurtle(screen)
    original.penup()
    original.goto(30, 40)
    original.left(30)
    original.pensize(3)
    original.color("red", "blue")
    original.shape("turtle")
    original.speed(7)
    twin = original.clone()
    assert type(twin) is RawTurtle and twin is not original
    assert twin.position() == pytest.approx((30, 40)) and twin.heading() == pytest.approx(30)
    assert (twin.pensize(), twin.color(), twin.shape(), twin.speed()) == (
        3, ("red", "blue"), "turtle", 7,
    )  # fmt: skip
    assert not twin.isdown()
    assert screen.turtles() == [original, twin]


def test_a_clone_moves_on_its_own():
    original = RawTurtle(TurtleScreen())
    twin = original.clone()
    twin.left(90)
    twin.forward(50)
    assert original.position() == pytest.approx((0, 0)) and original.heading() == 0
    assert twin.position() == pytest.approx((0, 50))


def test_a_clone_of_a_turtle_on_the_shared_screen_is_a_turtle():
    def branch():
        trunk = Turtle()
        trunk.left(90)
        trunk.forward(100)
        other = trunk.clone()
        trunk.left(30)
        trunk.forward(50)
        other.right(30)
        other.forward(50)
        assert type(other) is Turtle

    segments = drawing_of(branch).segments
    assert len(segments) == 3
    ends = sorted((round(s.x2), round(s.y2)) for s in segments)
    assert ends == [(-25, 143), (0, 100), (25, 143)]


def test_a_clone_in_logo_mode_keeps_its_heading():
    screen = TurtleScreen()
    screen.mode("logo")
    original = RawTurtle(screen)
    original.right(45)
    twin = original.clone()
    assert twin.heading() == pytest.approx(45)
    twin.forward(10)
    assert twin.position() == pytest.approx((10 / 2**0.5, 10 / 2**0.5))


def test_teleport_jumps_without_a_line_and_breaks_a_fill_unless_asked_not_to():
    from codekamp.turtle import Fill

    screen = TurtleScreen()
    t = RawTurtle(screen)
    t.begin_fill()
    t.forward(50)
    t.left(90)
    t.forward(50)
    t.teleport(200, 0)  # as in the standard library: the first fill ends here, a new one starts
    t.forward(50)
    t.left(90)
    t.forward(50)
    t.end_fill()
    fills = [item for item in screen.drawing.items if type(item) is Fill]
    assert len(fills) == 2 and len(screen.drawing.segments) == 4
    joined = RawTurtle(TurtleScreen())
    joined.begin_fill()
    joined.forward(50)
    joined.teleport(50, 50, fill_gap=True)  # the jump is part of the shape to fill
    joined.teleport(0, 50, fill_gap=True)
    joined.end_fill()
    (fill,) = [item for item in joined.screen.drawing.items if type(item) is Fill]
    assert fill.points == ((0, 0), (50, 0), (50, 50), (0, 50))
    assert joined.screen.drawing.segments[0][:4] == (0, 0, 50, 0)  # only the line it drew
