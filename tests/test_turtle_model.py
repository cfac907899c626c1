"""The turtle moves exactly like the standard library's: positions and headings are compared with
CPython's own ``turtle.TNavigator`` (which runs without a window) after random commands."""

from __future__ import annotations

import math
import turtle as stdlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codekamp.turtle import RawTurtle, TurtleScreen, Vec2D

numbers = st.floats(min_value=-500, max_value=500, allow_nan=False).filter(
    lambda v: abs(v) > 1e-3 or v == 0
)
commands = st.one_of(
    st.tuples(st.just("forward"), numbers),
    st.tuples(st.just("back"), numbers),
    st.tuples(st.just("left"), numbers),
    st.tuples(st.just("right"), numbers),
    st.tuples(st.just("goto"), numbers, numbers),
    st.tuples(st.just("setx"), numbers),
    st.tuples(st.just("sety"), numbers),
    st.tuples(st.just("setheading"), numbers),
    st.tuples(st.just("home")),
    st.tuples(
        st.just("circle"),
        st.floats(min_value=-200, max_value=200, allow_nan=False).filter(lambda r: abs(r) > 0.1),
        st.one_of(st.none(), st.floats(min_value=-720, max_value=720, allow_nan=False)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
    ),
    st.tuples(st.just("radians")),
    st.tuples(st.just("degrees")),
)


def fresh() -> RawTurtle:
    return RawTurtle(TurtleScreen())


def assert_same_place(ours: RawTurtle, theirs: stdlib.TNavigator) -> None:
    assert ours.xcor() == pytest.approx(theirs.xcor(), abs=1e-6)
    assert ours.ycor() == pytest.approx(theirs.ycor(), abs=1e-6)
    full = theirs._fullcircle
    difference = (ours.heading() - theirs.heading()) % full
    assert min(difference, full - difference) == pytest.approx(0, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(st.lists(commands, max_size=25))
def test_random_commands_move_like_the_standard_library(program):
    ours, theirs = fresh(), stdlib.TNavigator()
    for name, *args in program:
        getattr(ours, name)(*args)
        getattr(theirs, name)(*args)
        assert_same_place(ours, theirs)


@settings(max_examples=100, deadline=None)
@given(st.lists(commands, max_size=15), numbers, numbers)
def test_distance_and_towards_agree_with_the_standard_library(program, x, y):
    ours, theirs = fresh(), stdlib.TNavigator()
    for name, *args in program:
        getattr(ours, name)(*args)
        getattr(theirs, name)(*args)
    assert ours.distance(x, y) == pytest.approx(theirs.distance(x, y), abs=1e-6)
    ours_towards, theirs_towards = ours.towards(x, y), theirs.towards(x, y)
    full = theirs._fullcircle
    difference = (ours_towards - theirs_towards) % full
    assert min(difference, full - difference) == pytest.approx(0, abs=1e-6)


def test_logo_mode_looks_north_and_turns_clockwise_for_bigger_headings():
    screen = TurtleScreen()
    screen.mode("logo")
    t = RawTurtle(screen)
    theirs = stdlib.TNavigator(mode="logo")
    for step in (lambda n: n.forward(50), lambda n: n.right(30), lambda n: n.setheading(90)):
        step(t)
        step(theirs)
        assert_same_place(t, theirs)


def test_pos_is_a_vec2d_like_the_standard_library():
    t = fresh()
    t.goto(3, 4)
    assert t.pos() == Vec2D(3, 4) and repr(t.pos()) == "(3.00,4.00)"
    assert abs(t.pos()) == 5
    assert t.distance(t.pos()) == 0 and t.distance(fresh()) == 5


def test_the_pen_draws_only_when_down():
    t = fresh()
    t.forward(10)
    t.penup()
    t.forward(10)
    t.pendown()
    t.left(90)
    t.forward(10)
    assert [tuple(round(v) for v in s[:4]) for s in t.screen.drawing.segments] == [
        (0, 0, 10, 0),
        (20, 0, 20, 10),
    ]


def test_segments_carry_the_pen_colour_and_width():
    t = fresh()
    t.pencolor("red")
    t.pensize(5)
    t.forward(10)
    t.color((0, 0, 1.0))
    t.forward(10)
    first, second = t.screen.drawing.segments
    assert (first.colour, first.width) == ("#ff0000", 5)
    assert second.colour == "#0000ff"


def test_colours_in_both_colour_modes():
    t = fresh()
    t.screen.colormode(255)
    t.pencolor(255, 128, 0)
    t.forward(1)
    assert t.screen.drawing.segments[-1].colour == "#ff8000"
    assert t.pencolor() == (255, 128, 0)
    t.screen.colormode(1.0)
    t.pencolor("Light Blue")
    assert t.pen()["pencolor"] == "Light Blue"


def test_fill_sits_under_the_outline_and_uses_the_fill_colour():
    t = fresh()
    t.color("black", "yellow")
    t.begin_fill()
    assert t.filling()
    for _ in range(3):
        t.forward(100)
        t.left(120)
    t.end_fill()
    items = t.screen.drawing.items
    assert type(items[0]).__name__ == "Fill" and items[0].colour == "#ffff00"
    assert len(items[0].points) == 4 and not t.filling()


def test_dot_write_and_stamp_are_recorded():
    t = fresh()
    t.dot(20, "red")
    t.write("Hallo", align="center", font=("Arial", 16, "bold"))
    number = t.stamp()
    drawing = t.screen.drawing
    assert drawing.dots[0].size == 20 and drawing.dots[0].colour == "#ff0000"
    assert drawing.texts[0].text == "Hallo" and drawing.texts[0].font == ("Arial", 16, "bold")
    assert drawing.stamps[0].stamp_id == number
    t.clearstamp(number)
    assert drawing.stamps == []


def test_undo_takes_back_the_last_moves_and_their_lines():
    t = fresh()
    t.forward(100)
    t.left(90)
    t.forward(50)
    t.undo()
    t.undo()
    assert (round(t.xcor()), round(t.ycor()), t.heading()) == (100, 0, 0)
    assert len(t.screen.drawing.segments) == 1


def test_undo_takes_back_a_whole_circle_at_once():
    t = fresh()
    t.circle(50)
    t.undo()
    assert t.screen.drawing.segments == [] and t.pos() == (0, 0)


def test_clear_removes_only_this_turtles_lines():
    screen = TurtleScreen()
    a, b = RawTurtle(screen), RawTurtle(screen)
    a.forward(10)
    b.left(90)
    b.forward(10)
    a.clear()
    assert len(screen.drawing.segments) == 1 and screen.drawing.segments[0].x2 == pytest.approx(0)
    assert a.xcor() == 10


def test_reset_wipes_and_goes_home():
    t = fresh()
    t.forward(10)
    t.left(45)
    t.reset()
    assert t.pos() == (0, 0) and t.heading() == 0 and t.screen.drawing.items == []


def test_speed_follows_the_standard_library():
    t = fresh()
    assert t.speed() == 3
    t.speed("fastest")
    assert t.speed() == 0
    t.speed(11)
    assert t.speed() == 0
    t.speed(5.6)
    assert t.speed() == 6


def test_circle_with_steps_draws_a_polygon():
    t = fresh()
    t.circle(50, steps=6)
    assert len(t.screen.drawing.segments) == 6
    assert t.pos()[0] == pytest.approx(0, abs=1e-9) and t.pos()[1] == pytest.approx(0, abs=1e-9)


def test_radians_mode():
    t = fresh()
    t.radians()
    t.left(math.pi / 2)
    assert t.heading() == pytest.approx(math.pi / 2)


def test_several_turtles_share_one_screen():
    screen = TurtleScreen()
    a, b = RawTurtle(screen), RawTurtle(screen)
    a.forward(10)
    b.back(10)
    assert screen.turtles() == [a, b] and len(screen.drawing.segments) == 2


def test_clone_keeps_place_and_pen():
    t = fresh()
    t.pencolor("red")
    t.goto(10, 20)
    twin = t.clone()
    assert twin.pos() == (10, 20) and twin.pencolor() == "red" and twin in t.screen.turtles()


def test_every_name_of_the_standard_library_turtle_exists():
    import codekamp.turtle as ours

    assert [name for name in stdlib.__all__ if not hasattr(ours, name)] == []


def test_begin_poly_remembers_the_corners():
    t = fresh()
    t.begin_poly()
    t.forward(10)
    t.left(90)
    t.forward(10)
    t.end_poly()
    assert t.get_poly() == ((0, 0), (10, 0), pytest.approx((10, 10)))


def test_tilt_turns_only_the_shape():
    t = fresh()
    t.tilt(30)
    assert t.tiltangle() == 30 and t.heading() == 0
