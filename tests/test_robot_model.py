"""The robot's commands and sensors (Reeborg's World's names), its mistakes and the step cap:
a crash says what happened and where, in the pupil's language, and the log keeps it."""

from __future__ import annotations

import pytest

import codekamp
from codekamp.robot import Crash, Robot, TooManySteps, parse, run_on
from codekamp.robot.robot import Stage


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")


def stage(text: str) -> Stage:
    return Stage(parse(text))


def robot_in(text: str) -> Robot:
    return Robot(stage=stage(text))


def test_moves_and_turns_follow_reeborgs_directions():
    r = robot_in(". . .\n> . .")
    r.move()
    r.turn_left()
    r.move()
    assert r.position() == (2, 2) and r.is_facing_north()
    assert [e.kind for e in r.stage.log] == ["move", "turn", "move"]


def test_sensors_see_walls_and_the_edge():
    r = robot_in(". .|.\n  -\n> . .")
    assert r.front_is_clear() and not r.right_is_clear()  # the edge is on its right
    r.move()
    r.turn_left()
    assert r.wall_in_front() and r.right_is_clear()  # the wall above (2, 1)
    r.turn_left()
    r.turn_left()
    r.turn_left()  # east again, on (2, 1)
    assert r.front_is_clear() and r.wall_on_right()


def test_taking_and_putting_carrots():
    r = robot_in("> 2 x")
    r.move()
    assert r.object_here() and not r.carries_object()
    r.take()
    r.take()
    assert not r.object_here() and r.carries_object()
    r.move()
    r.put()
    assert r.stage.world.carrots == {(3, 1): 1}
    assert r.stage.solved()


@pytest.mark.parametrize(
    ("text", "commands", "language", "message"),
    [
        ("> .|.", ["move", "move"], "en",
         "Ouch! The robot walked into a wall on square (2, 1), facing east."),
        ("^ .", ["move"], "nl",
         "Au! De robot botste tegen een muur op vakje (1, 1), terwijl hij naar het noorden keek."),
        ("> .", ["take"], "fr", "Il n'y a pas de carotte à prendre sur la case (1, 1)."),
        ("> c", ["put"], "en", "The robot carries no carrot to put down on square (1, 1)."),
    ],
)  # fmt: skip
def test_a_mistake_stops_the_robot_and_says_what_and_where(text, commands, language, message):
    r = robot_in(text)
    codekamp.set_language(language)
    with pytest.raises(Crash) as raised:
        for command in commands:
            getattr(r, command)()
    assert str(raised.value) == message
    assert r.stage.log[-1].kind == "crash"
    assert r.stage.world.carrots == parse(text).carrots  # nothing changed by the failed command


def test_a_runaway_loop_hits_the_step_cap_with_an_explanation():
    r = robot_in("> . .")
    r.stage.step_limit = 1000
    with pytest.raises(TooManySteps, match="more than 1,000 commands in this cell"):
        while not r.at_goal():  # there is no goal: it never ends
            r.turn_left()


def test_several_robots_share_one_world():
    s = stage(". . .\n> . c")
    first, second = Robot(stage=s), Robot(3, 2, "south", stage=s)
    second.move()
    second.take()
    first.move()
    assert first.position() == (2, 1) and second.carries_object()
    assert {e.robot for e in s.log} == {0, 1}


def test_a_robot_outside_the_world_or_facing_nowhere_is_refused():
    s = stage("> . .")
    with pytest.raises(Crash, match=r"Square \(5, 1\) is not in this world of 3 by 1 squares"):
        Robot(5, 1, stage=s)
    with pytest.raises(Crash, match='A direction is "east", "north", "west" or "south"'):
        Robot(1, 1, "up", stage=s)


def test_run_on_plays_in_a_copy_and_returns_the_crash():
    world = parse("> c|G")

    def program():
        from codekamp.robot import move, take

        move()
        take()
        move()

    played, error = run_on(program, world)
    assert isinstance(error, Crash) and played.world.carrots == {}
    assert world.carrots == {(2, 1): 1}  # the original world is untouched
