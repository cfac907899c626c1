"""setworldcoordinates and mode(), as in the standard library: your own coordinates stretch to
fill the drawing area (the turtle's shape keeps its size), and changing the mode starts every
turtle again."""

from __future__ import annotations

import pytest

from codekamp.turtle import BadArgument, RawTurtle, TurtleScreen
from codekamp.turtle.svg import in_pixels


def test_world_corners_become_the_drawing_areas_corners():
    screen = TurtleScreen()
    screen.setworldcoordinates(0, 0, 10, 100)
    t = RawTurtle(screen)
    t.goto(10, 100)  # from the world's (0, 0): the lower left corner
    (line,) = in_pixels(screen.scene()).drawing.segments
    assert (line.x1, line.y1, line.x2, line.y2) == pytest.approx((-300, -200, 300, 200))
    assert screen.mode() == "world" and screen.world_scale() == (60, 4)


def test_the_turtles_shape_keeps_its_size_in_world_coordinates():
    screen = TurtleScreen()
    screen.setworldcoordinates(-1, -1, 1, 1)  # 300 and 200 pixels per step
    t = RawTurtle(screen, "square")
    (part,) = in_pixels(screen.scene()).heads[0].parts
    xs, ys = [x for x, _ in part.points], [y for _, y in part.points]
    assert max(xs) - min(xs) == pytest.approx(20) and max(ys) - min(ys) == pytest.approx(20)
    t.left(90)  # still square, pointing up on the screen
    (part,) = in_pixels(screen.scene()).heads[0].parts
    assert max(y for _, y in part.points) == pytest.approx(10)


def test_changing_the_mode_starts_every_turtle_again_as_in_the_standard_library():
    screen = TurtleScreen()
    t = RawTurtle(screen)
    t.forward(50)
    screen.mode("logo")
    assert t.position() == (0, 0) and t.heading() == 0 and screen.drawing.items == []
    t.forward(10)
    assert t.position() == pytest.approx((0, 10))  # logo: 0 degrees is north
    screen.setworldcoordinates(0, 0, 10, 10)
    assert t.position() == (0, 0) and t.heading() == 0  # world mode: east again
    screen.mode("standard")
    assert screen.world_scale() == (1, 1) and screen.scene().world is None


def test_a_world_drawing_is_the_picture_of_the_same_drawing_in_pixels():
    world = TurtleScreen()
    world.setworldcoordinates(0, 0, 1, 1)
    t = RawTurtle(world)
    t.hideturtle()
    t.goto(1, 1)
    pixels = TurtleScreen()
    p = RawTurtle(pixels)
    p.hideturtle()
    p.penup()
    p.goto(-300, -200)
    p.pendown()
    p.goto(300, 200)
    assert world.svg() == pixels.svg()


def test_world_coordinates_need_two_different_corners():
    with pytest.raises(BadArgument, match="no width or no height"):
        TurtleScreen().setworldcoordinates(0, 0, 0, 10)
    with pytest.raises(BadArgument):
        TurtleScreen().setworldcoordinates(0, 0, "10", 10)
