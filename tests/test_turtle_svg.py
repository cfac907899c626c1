"""The drawing as one SVG picture: valid, small, deterministic, animated only where it is new."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import codekamp
from codekamp.turtle import RawTurtle, TurtleScreen
from codekamp.turtle.svg import MAX_ANIMATION_SECONDS

SVG = "{http://www.w3.org/2000/svg}"


def square(t: RawTurtle, size: float = 100) -> None:
    for _ in range(4):
        t.forward(size)
        t.left(90)


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def fresh() -> RawTurtle:
    return RawTurtle(TurtleScreen())


def test_picture_is_valid_svg_with_a_title_and_description():
    codekamp.set_language("nl")
    t = fresh()
    square(t)
    root = parse(t.screen.svg(animate="all"))
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    assert root.find(SVG + "title").text == "Tekening van de schildpad"
    assert root.find(SVG + "desc").text == "Tekening van de schildpad: een vierkant."
    codekamp.set_language("en")


def test_joined_lines_with_the_same_pen_become_one_path():
    t = fresh()
    square(t)
    t.pencolor("red")
    square(t, 50)
    paths = parse(t.screen.svg()).findall(SVG + "path")
    assert [p.get("stroke") for p in paths] == ["#000000", "#ff0000"]


def test_fills_lie_under_their_outline():
    t = fresh()
    t.fillcolor("yellow")
    t.begin_fill()
    square(t)
    t.end_fill()
    shapes = [child.tag.removeprefix(SVG) for child in parse(t.screen.svg())]
    assert shapes.index("polygon") < shapes.index("path")
    assert parse(t.screen.svg()).find(SVG + "polygon").get("fill") == "#ffff00"


def test_text_is_escaped():
    t = fresh()
    t.write("1 < 2 & 3 > 2")
    assert parse(t.screen.svg()).find(SVG + "text").text == "1 < 2 & 3 > 2"


def test_same_drawing_gives_the_same_picture():
    pictures = set()
    for _ in range(2):
        t = fresh()
        t.circle(40)
        t.dot(10, "blue")
        pictures.add(t.screen.svg(animate="all"))
    assert len(pictures) == 1
    assert not re.search(r'id="', pictures.pop())


def test_new_lines_are_animated_with_reduced_motion_respected():
    t = fresh()
    square(t)
    svg = t.screen.svg(animate="all")
    assert 'class="ck-line"' in svg and "prefers-reduced-motion:reduce" in svg


def test_speed_zero_and_tracer_zero_show_the_result_at_once():
    t = fresh()
    t.speed(0)
    square(t)
    assert "<style>" not in t.screen.svg(animate="all")
    t = fresh()
    t.screen.tracer(0)
    square(t)
    assert "<style>" not in t.screen.svg(animate="all")


def test_only_the_part_drawn_since_the_last_showing_is_animated():
    t = fresh()
    t.forward(100)
    t.screen.mark_shown()
    t.left(90)
    t.forward(100)
    old, new = parse(t.screen.svg(animate="new")).findall(SVG + "path")
    assert old.get("class") is None and new.get("class") == "ck-line"


def test_animation_lasts_a_few_seconds_whatever_the_size():
    t = fresh()
    t.speed(1)
    for i in range(2000):
        t.pencolor("red" if i % 2 else "blue")  # 2000 separate paths
        t.forward(50)
        t.left(91)
    svg = t.screen.svg(animate="all")
    ends = [
        float(delay) + float(duration)
        for delay, duration in re.findall(
            r"animation-delay:([\d.]+)s;animation-duration:([\d.]+)s", svg
        )
    ]
    assert len(ends) == 2000 and max(ends) <= MAX_ANIMATION_SECONDS + 0.05


def test_a_5000_step_spiral_stays_small():
    t = fresh()
    for i in range(5000):
        t.forward(1 + 180 * i / 5000)
        t.left(91)
    assert len(t.screen.svg(animate="all").encode()) < 80_000


def test_the_canvas_grows_to_hold_the_drawing():
    t = fresh()
    t.forward(1000)
    left, top, width, height = map(float, parse(t.screen.svg()).get("viewBox").split())
    assert left + width >= 1000


def test_a_visible_turtle_is_drawn_where_it_ends():
    t = fresh()
    t.forward(100)
    assert parse(t.screen.svg()).find(SVG + "polygon") is not None
    t.hideturtle()
    assert parse(t.screen.svg()).find(SVG + "polygon") is None


def test_save_writes_the_picture(tmp_path):
    t = fresh()
    square(t)
    t.screen.save(tmp_path / "square.svg")
    assert parse((tmp_path / "square.svg").read_text()).tag == SVG + "svg"


def test_a_fill_appears_when_its_outline_is_finished():
    t = fresh()
    t.begin_fill()
    square(t)
    t.end_fill()
    svg = t.screen.svg(animate="all")
    (fill_delay,) = re.findall(r"<polygon[^>]*animation-delay:([\d.]+)s", svg)[:1]
    line_delay, line_duration = re.findall(
        r"<path[^>]*animation-delay:([\d.]+)s;animation-duration:([\d.]+)s", svg
    )[0]
    assert float(fill_delay) >= float(line_delay) + float(line_duration) - 0.01
