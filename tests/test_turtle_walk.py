"""The turtle walks its path: while the lines appear, the turtle's shape moves along them,
turning with them (SMIL animateMotion inside the picture), then its head stays where it ended.
Reduced motion hides the walker; a drawing shown at once has none."""

from __future__ import annotations

import re

from codekamp.turtle import RawTurtle, TurtleScreen
from codekamp.turtle.svg import WALK_POINTS


def walked(t: RawTurtle) -> str:
    return t.screen.svg(animate="new")


def numbers(svg: str, name: str) -> list[float]:
    return [float(v) for v in re.search(f'{name}="([^"]*)"', svg)[1].split(";")]


def square(t: RawTurtle, side: float = 100) -> None:
    for _ in range(4):
        t.forward(side)
        t.left(90)


def test_the_turtle_walks_along_its_new_lines_in_time_with_them():
    t = RawTurtle(TurtleScreen(), "turtle")
    square(t)
    svg = walked(t)
    assert svg.count("<animateMotion") == 1 and 'rotate="auto"' in svg
    path = re.search(r'<animateMotion[^>]* path="([^"]*)"', svg)[1]
    assert path == "M0 0 L100 0 L100 -100 L0 -100 L0 0"  # y points down in SVG
    times, points = numbers(svg, "keyTimes"), numbers(svg, "keyPoints")
    assert times[0] == points[0] == 0 and times[-1] == points[-1] == 1
    assert times == sorted(times) and points == sorted(points)
    assert points[2] == 0.25  # one side of four at the first corner ...
    assert times[2] == 0.25  # ... reached a quarter of the way through the animation
    finish = re.search(r'<set attributeName="visibility" to="hidden" begin="([0-9.]+)s"', svg)[1]
    assert f'class="ck-pop" style="animation-delay:{finish}s"' in svg  # then the head at rest


def test_no_walk_when_nothing_moves_on_screen():
    t = RawTurtle(TurtleScreen())
    square(t)
    assert "animateMotion" not in t.screen.svg(animate="none")  # shown at once
    t.screen.mark_shown()
    assert "animateMotion" not in walked(t)  # nothing new
    t.hideturtle()
    t.forward(10)
    assert "animateMotion" not in walked(t)  # a hidden turtle does not walk
    fast = RawTurtle(TurtleScreen())
    fast.speed(0)
    fast.forward(100)
    assert "animateMotion" not in walked(fast)  # speed(0): the drawing appears at once


def test_each_turtle_walks_its_own_lines():
    screen = TurtleScreen()
    one, two = RawTurtle(screen), RawTurtle(screen)
    one.forward(50)
    two.left(90)
    two.forward(80)
    paths = re.findall(r'<animateMotion[^>]* path="([^"]*)"', screen.svg(animate="new"))
    assert paths == ["M0 0 L50 0", "M0 0 L0 -80"]


def test_reduced_motion_hides_the_walker():
    t = RawTurtle(TurtleScreen())
    t.forward(10)
    assert ".ck-walk{display:none}" in walked(t)


def test_a_long_drawing_walks_through_a_few_hundred_corners_only():
    t = RawTurtle(TurtleScreen())
    t.speed(10)
    for step in range(5000):
        t.forward(1 + 180 * step / 5000)
        t.left(91)
    svg = walked(t)
    assert len(numbers(svg, "keyTimes")) <= WALK_POINTS + 3
    assert svg.count("<animateMotion") == 1
