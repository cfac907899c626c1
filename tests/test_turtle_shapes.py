"""The turtle's shape, as in the standard library: your own shapes (register_shape with corners
or a compound Shape), stretched, sheared and tilted exactly as CPython's turtle does it (the
expected values are the examples of CPython's own documentation), drawn and stamped in the SVG."""

from __future__ import annotations

import pytest

from codekamp.turtle import BadArgument, RawTurtle, Shape, TurtleScreen


def fresh(shape: str = "classic") -> RawTurtle:
    return RawTurtle(TurtleScreen(), shape)


def rounded(points) -> tuple:
    return tuple((round(x, 6) + 0.0, round(y, 6) + 0.0) for x, y in points)


def test_shapetransform_and_get_shapepoly_as_in_the_standard_librarys_example():
    t = fresh("square")
    t.shapetransform(4, -1, 0, 2)
    assert rounded(t.get_shapepoly()) == ((50, -20), (30, 20), (-50, 20), (-30, -20))
    assert t.shapetransform() == pytest.approx((4.0, -1.0, 0.0, 2.0))


def test_tilt_and_tiltangle_as_in_the_standard_librarys_example():
    t = fresh("circle")
    t.shapesize(5, 2)
    assert t.tiltangle() == 0.0
    t.tilt(45)
    assert t.tiltangle() == pytest.approx(45.0)
    t.tiltangle(-45)
    assert t.tiltangle() == pytest.approx(315.0)
    assert t.heading() == 0  # the shape turns, not the turtle


def test_shapesize_shearfactor_and_resizemode():
    t = fresh("square")
    assert t.resizemode() == "noresize" and t.shapesize() == (1.0, 1.0, 1.0)
    t.shapesize(5, 2, outline=3)
    assert t.shapesize() == (5, 2, 3) and t.resizemode() == "user"
    t.shearfactor(0.5)
    assert t.shearfactor() == 0.5
    t.resizemode("auto")
    t.pensize(10)
    assert rounded(t.get_shapepoly()) == ((20, -20), (20, 20), (-20, 20), (-20, -20))
    assert t.head().parts[0].width == 10  # "auto": the outline grows with the pen
    with pytest.raises(BadArgument):
        t.resizemode("big")
    with pytest.raises(BadArgument):
        t.shapetransform(1, 1, 1, 1)  # would flatten the shape


def test_a_stretched_shape_lies_along_the_heading():
    t = fresh("square")
    t.shapesize(1, 3)  # three times as long as wide: long in the direction it goes
    t.left(90)
    xs = [x for x, _ in t.head().parts[0].points]
    ys = [y for _, y in t.head().parts[0].points]
    assert max(ys) - min(ys) == pytest.approx(60) and max(xs) - min(xs) == pytest.approx(20)


def test_register_shape_with_corners_draws_that_shape():
    screen = TurtleScreen()
    screen.register_shape("kite", ((0, 20), (-10, 0), (0, -10), (10, 0)))
    t = RawTurtle(screen)
    t.shape("kite")
    assert "kite" in screen.getshapes()
    (part,) = t.head().parts
    assert rounded(part.points) == ((20, 0), (0, 10), (-10, 0), (0, -10))  # looking east
    assert screen.svg().count("<polygon") == 1


def test_a_compound_shape_is_drawn_and_stamped_part_by_part():
    screen = TurtleScreen()
    ship = Shape("compound")
    ship.addcomponent(((0, 0), (10, 10), (-10, 10)), "red", "blue")
    ship.addcomponent(((0, 0), (5, -5), (-5, -5)), "yellow")
    screen.register_shape("ship", ship)
    t = RawTurtle(screen, "ship")
    assert [(p.fill, p.outline) for p in t.head().parts] == [
        ("#ff0000", "#0000ff"), ("#ffff00", "#ffff00"),
    ]  # fmt: skip
    number = t.stamp()
    assert [s.stamp_id for s in screen.drawing.stamps] == [number, number]
    t.clearstamp(number)
    assert screen.drawing.stamps == []
    assert t.get_shapepoly() is None  # as in the standard library, for a compound shape


def test_undo_puts_the_look_back():
    t = fresh("turtle")
    t.shapesize(3)
    t.tilt(30)
    t.undo()
    t.undo()
    assert t.shapesize() == (1.0, 1.0, 1.0) and t.tiltangle() == 0.0


def test_pen_reports_and_sets_the_look():
    t = fresh()
    t.pen(stretchfactor=(2, 3), outline=4, shearfactor=0.25)
    settings = t.pen()
    assert settings["stretchfactor"] == (2, 3) and settings["outline"] == 4
    assert settings["shearfactor"] == 0.25 and settings["resizemode"] == "user"


def test_mistakes_with_shapes_are_explained():
    screen = TurtleScreen()
    screen.register_shape("kite", ((0, 20), (-10, 0), (0, -10), (10, 0)))
    t = RawTurtle(screen)
    with pytest.raises(BadArgument, match="Did you mean 'kite'"):
        t.shape("kyte")
    with pytest.raises(BadArgument, match="pairs of numbers"):
        screen.register_shape("bad", (1, 2, 3))
    with pytest.raises(BadArgument, match="cannot find the picture 'ball.gif'"):
        screen.register_shape("ball.gif")
    with pytest.raises(BadArgument, match="the name of a picture file"):
        screen.register_shape("ball")
    with pytest.raises(BadArgument):
        Shape("polygon", ((0, 0), (10, 10))).addcomponent(((0, 0), (1, 1)), "red")
    with pytest.raises(BadArgument, match="kleur|colour|color"):
        bad = Shape("compound")
        bad.addcomponent(((0, 0), (1, 1), (1, 0)), "rood-ish")
        screen.register_shape("bad", bad)
