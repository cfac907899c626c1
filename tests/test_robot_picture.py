"""The robot's world as a picture, made by the turtle's renderer: the trace of every move is
animated with the robot walking along it, a crash is marked, the words say what the picture
shows in the pupil's language, and the same program always gives the same picture. In a real
kernel every cell that moved the robot ends with exactly one picture."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import errors, execute_cells

import codekamp
from codekamp.robot import Crash, Robot, parse
from codekamp.robot.picture import CRASH, TRACE, describe_stage, scene_of
from codekamp.robot.robot import Stage
from codekamp.turtle.svg import picture_in, render


def played(text: str, *commands: str) -> Stage:
    stage = Stage(parse(text))
    robot = Robot(stage=stage)
    for command in commands:
        try:
            getattr(robot, command)()
        except Crash:
            break
    return stage


def test_each_move_is_a_line_of_the_trace_and_the_robot_walks_it():
    stage = played(". . .\n> . .", "move", "turn_left", "move", "turn_left")
    scene = scene_of(stage)
    trace = [item for item in scene.drawing.segments if item.colour == TRACE]
    assert len(trace) == 2
    (head,) = scene.heads
    assert len(head.trail) == 2 and (head.x, head.y) == (0, 20)  # square (2, 2)
    svg = render(scene)
    assert "<animateMotion" in svg and 'class="ck-line"' in svg


def test_a_crash_is_marked_where_it_happened():
    stage = played("> .|.", "move", "move")
    crosses = [s for s in scene_of(stage).drawing.segments if s.colour == CRASH]
    assert len(crosses) == 2 and all(s.x1 > 0 for s in crosses)  # on the wall right of (2, 1)


def test_the_words_say_where_the_robot_is_and_whether_it_reached_the_goal():
    codekamp.set_language("nl")
    try:
        stage = played("> . G", "move", "move")
        assert describe_stage(stage) == (
            "Robotwereld van 3 op 1 vakjes, de robot staat op vakje (3, 1) en kijkt naar het "
            "oosten, het doel is vakje (3, 1), alle doelen zijn bereikt."
        )
    finally:
        codekamp.set_language("en")


def test_the_same_program_gives_the_same_picture():
    first = render(scene_of(played(". c\n> .", "turn_left", "move", "take")))
    again = render(scene_of(played(". c\n> .", "turn_left", "move", "take")))
    assert first == again


def test_a_loop_that_never_ended_shows_only_where_things_ended():
    from codekamp.robot.picture import MOST_SHOWN

    stage = Stage(parse("> . ."))
    robot = Robot(stage=stage)
    for _ in range(MOST_SHOWN // 2 + 1):
        robot.move() if robot.front_is_clear() else robot.turn_left()
        robot.turn_left()
    svg = render(scene_of(stage))
    assert len(svg) < 5_000 and "<animateMotion" not in svg


def test_a_picture_shown_before_is_not_animated_again():
    stage = played("> . .", "move")
    stage.mark_shown()
    assert "<animateMotion" not in render(scene_of(stage))


CELLS = {
    "setup": 'import codekamp\ncodekamp.set_language("nl")\nfrom codekamp.robot import *',
    "choose": 'world("corridor")',
    "walk": "move()\nmove()",
    "nothing": "x = 1",
    "crash": "turn_left()\nmove()",
    "loop": "world('empty')\nwhile not at_goal():\n    turn_left()",
}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    return execute_cells(CELLS, tmp_path_factory.mktemp("robot"))


def pictures(cell) -> list[str]:
    return [picture_in(o["data"]) for o in cell.outputs
            if o["output_type"] == "display_data" and picture_in(o["data"])]  # fmt: skip


def test_choosing_a_world_shows_it_once(executed):
    assert executed["setup"].outputs == []
    (picture,) = pictures(executed["choose"])
    assert "<title>Robotwereld «corridor»</title>" in picture


def test_a_cell_that_moves_the_robot_ends_with_exactly_one_animated_picture(executed):
    cell = executed["walk"]
    assert len(cell.outputs) == 1
    (picture,) = pictures(cell)
    assert picture.count("<animateMotion") == 1
    assert cell.outputs[0]["data"]["text/plain"].startswith(
        "Robotwereld van 10 op 1 vakjes, de robot staat op vakje (3, 1)"
    )


def test_a_cell_that_does_not_move_the_robot_shows_nothing(executed):
    assert executed["nothing"].outputs == []


def test_a_crash_gets_a_dutch_message_and_the_picture_up_to_it(executed):
    cell = executed["crash"]
    assert errors(cell) == [
        "Crash: Au! De robot botste tegen een muur op vakje (3, 1), terwijl hij naar het "
        "noorden keek."
    ]
    (picture,) = pictures(cell)
    assert f'stroke="{CRASH}"' in picture and "de robot is gebotst" in picture
    traceback = "".join(o.get("traceback", [""])[0] for o in cell.outputs if "traceback" in o)
    assert "codekamp/robot" not in re.sub(r"\x1b\[[0-9;]*m", "", traceback)


def test_a_runaway_loop_is_stopped_with_an_explanation(executed):
    (error,) = errors(executed["loop"])
    assert error.startswith("TooManySteps: De robot kreeg in deze cel meer dan 1.000.000 commando")


def test_the_pictures_survive_in_exported_html(executed):
    import base64

    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook(cells=list(executed.values()))
    html, _ = HTMLExporter().from_notebook_node(notebook)
    embedded = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    pictures = [base64.b64decode(data).decode() for data in embedded]
    assert len(pictures) == 4 and all("Robotwereld" in p for p in pictures)
