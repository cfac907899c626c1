"""codekamp.check.expect_robot: a pupil's robot program is run on several worlds, visible and
hidden; a path written out for the visible world fails on the hidden ones, and every failure
names the world and says what went wrong, in the pupil's language."""

from __future__ import annotations

import pytest
from test_robot_generators import follow_the_right_wall

import codekamp
from codekamp.check import CheckFailed, expect_robot
from codekamp.robot import generators


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")


HIDDEN = [generators.maze(seed, 6, 5) for seed in (11, 12, 13)]


def visible_path() -> str:
    """The moves the right-hand rule makes in the lesson's maze, written out."""
    from codekamp.robot import run_on
    from codekamp.robot.library import named

    stage, _error = run_on(follow_the_right_wall, named("maze"))
    return "".join({"move": "M", "turn": "L"}[e.kind] for e in stage.log)


def test_a_program_that_follows_the_wall_passes_every_world():
    expect_robot(follow_the_right_wall, ["maze", *HIDDEN], what="escape()")


def test_a_path_written_out_for_the_visible_maze_fails_a_hidden_one():
    path = visible_path()

    def written_out():
        from codekamp.robot import move, turn_left

        for command in path:
            (move if command == "M" else turn_left)()

    expect_robot(written_out, ["maze"], what="escape()")  # it does fit the visible maze
    with pytest.raises(CheckFailed, match=r"escape\(\) stopped in the world 'maze-11': Ouch!"):
        expect_robot(written_out, ["maze", *HIDDEN], what="escape()")


def test_a_program_that_stops_too_soon_says_where_the_robot_stopped():
    def two_steps():
        from codekamp.robot import move

        move()
        move()

    codekamp.set_language("nl")
    with pytest.raises(CheckFailed) as raised:
        expect_robot(two_steps, ["corridor"], what="naar_het_doel()")
    assert str(raised.value) == (
        "❌ naar_het_doel() bereikte het doel niet in de wereld 'corridor': de robot stopte op "
        "vakje (3, 1)."
    )


def test_all_taken_asks_for_every_carrot():
    def first_row_only():
        from codekamp.robot import front_is_clear, move, object_here, take

        while front_is_clear():
            move()
            while object_here():
                take()

    world = generators.harvest(3, 4, 2, chance=1.0)
    with pytest.raises(CheckFailed, match="left 4 carrots on the ground in the world 'harvest-3'"):
        expect_robot(first_row_only, [world], what="harvest()", all_taken=True)


def test_something_that_is_not_a_function_is_refused():
    with pytest.raises(CheckFailed, match="must be a function that you made with def"):
        expect_robot("move()", ["corridor"], what="escape")
