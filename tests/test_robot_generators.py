"""Generated worlds, for hidden tests: every perfect maze joins all its squares by exactly one
way, and the right-hand rule always finds its goal; hurdles and harvests are solvable; the same
seed gives the same world."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codekamp.robot import generators, run_on
from codekamp.robot.worlds import EAST, NORTH, STEP


def turn_right():
    from codekamp.robot import turn_left

    for _ in range(3):
        turn_left()


def follow_the_right_wall():
    from codekamp.robot import at_goal, front_is_clear, move, right_is_clear, turn_left

    while not at_goal():
        if right_is_clear():
            turn_right()
            move()
        elif front_is_clear():
            move()
        else:
            turn_left()


def jump_hurdles():
    from codekamp.robot import at_goal, front_is_clear, move, turn_left

    while not at_goal():
        if front_is_clear():
            move()
        else:
            turn_left()
            move()
            turn_right()
            move()
            turn_right()
            move()
            turn_left()


def harvest_all():
    from codekamp.robot import front_is_clear, move, object_here, take, turn_left

    def harvest_row():
        while True:
            while object_here():
                take()
            if not front_is_clear():
                return
            move()

    going_east = True
    while True:
        harvest_row()
        (turn_left if going_east else turn_right)()
        if not front_is_clear():
            return
        move()
        (turn_left if going_east else turn_right)()
        going_east = not going_east


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 12), st.integers(2, 12))
def test_every_maze_is_perfect_and_the_right_hand_rule_solves_it(seed, width, height):
    world = generators.maze(seed, width, height)
    openings = sum(
        not world.blocked(x, y, d) for x in range(1, width + 1) for y in range(1, height + 1)
        for d in (EAST, NORTH)
    )  # fmt: skip
    assert openings == width * height - 1  # a tree: connected with no loop
    seen, todo = {(1, 1)}, [(1, 1)]
    while todo:
        x, y = todo.pop()
        for d, (dx, dy) in STEP.items():
            if not world.blocked(x, y, d) and (x + dx, y + dy) not in seen:
                seen.add((x + dx, y + dy))
                todo.append((x + dx, y + dy))
    assert len(seen) == width * height
    stage, error = run_on(follow_the_right_wall, world)
    assert error is None and stage.solved()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_every_hurdles_world_is_solved_by_jumping(seed):
    stage, error = run_on(jump_hurdles, generators.hurdles(seed))
    assert error is None and stage.solved()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 6), st.integers(1, 5))
def test_every_harvest_has_carrots_and_can_be_cleared(seed, width, height):
    world = generators.harvest(seed, width, height)
    assert sum(world.carrots.values()) >= 1
    stage, error = run_on(harvest_all, world)
    assert error is None and stage.world.carrots == {}


def test_the_same_seed_gives_the_same_world_and_another_seed_another():
    assert generators.maze(5) == generators.maze(5)
    assert generators.maze(5).walls != generators.maze(6).walls
    assert generators.hurdles(1) == generators.hurdles(1)


def climb_stairs():
    from codekamp.robot import at_goal, front_is_clear, move, turn_left

    while not at_goal():
        if front_is_clear():
            move()
        else:
            turn_left()
            move()
            turn_right()


def walk_to_the_wall():
    from codekamp.robot import front_is_clear, move

    while front_is_clear():
        move()


@pytest.mark.parametrize(
    ("name", "program"),
    [("corridor", walk_to_the_wall), ("hurdles", jump_hurdles), ("stairs", climb_stairs),
     ("maze", follow_the_right_wall), ("harvest", harvest_all)],
)  # fmt: skip
def test_every_named_world_can_be_done(name, program):
    from codekamp.robot.library import named

    stage, error = run_on(program, named(name))
    assert error is None and stage.solved()
    assert name != "harvest" or stage.world.carrots == {}
