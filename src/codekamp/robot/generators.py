"""Worlds of a family made from a seed, so a test can run a pupil's program on worlds nobody
has seen: hurdles at random places and heights, fields with random carrots, perfect mazes.
The same seed always gives the same world."""

from __future__ import annotations

import random

from codekamp.robot.worlds import EAST, NORTH, SOUTH, STEP, WEST, Start, World, wall_beside


def hurdles(seed: int, width: int = 10, tallest: int = 1) -> World:
    """A row of ``width`` squares with hurdles (walls ``tallest`` squares high or lower) on
    random places; the robot starts on the left, the goal is a random square after the last
    hurdle."""
    rng = random.Random(seed)
    height = tallest + 1
    world = World(width, height, name=f"hurdles-{seed}")
    places = sorted(rng.sample(range(1, width - 1), k=rng.randint(1, max(1, (width - 2) // 2))))
    for x in places:
        for y in range(1, rng.randint(1, tallest) + 1):
            world.build_wall(x, y, EAST)
    world.goal = (rng.randint(places[-1] + 1, width), 1)
    world.start = Start(1, 1, EAST)
    return world


def harvest(seed: int, width: int = 6, height: int = 4, chance: float = 0.5) -> World:
    """A field of ``width`` x ``height`` squares after a first empty column, where each square
    has a carrot with the given ``chance`` (at least one carrot in all)."""
    rng = random.Random(seed)
    world = World(width + 1, height, name=f"harvest-{seed}")
    for x in range(2, width + 2):
        for y in range(1, height + 1):
            if rng.random() < chance:
                world.add_carrots(x, y, 1)
    if not world.carrots:
        world.add_carrots(rng.randint(2, width + 1), rng.randint(1, height), 1)
    world.start = Start(1, 1, EAST)
    return world


def maze(seed: int, width: int = 8, height: int = 8) -> World:
    """A perfect maze (exactly one way between any two squares) of ``width`` x ``height``,
    made by a random depth-first walk; the robot starts bottom left, the goal is top right."""
    rng = random.Random(seed)
    world = World(width, height, name=f"maze-{seed}")
    for x in range(1, width + 1):
        for y in range(1, height + 1):
            world.build_wall(x, y, EAST)
            world.build_wall(x, y, NORTH)
    seen = {(1, 1)}
    path = [(1, 1)]
    while path:
        x, y = path[-1]
        ways = [d for d in (EAST, NORTH, WEST, SOUTH)
                if world.inside(x + STEP[d][0], y + STEP[d][1])
                and (x + STEP[d][0], y + STEP[d][1]) not in seen]  # fmt: skip
        if not ways:
            path.pop()
            continue
        direction = rng.choice(ways)
        world.walls.discard(wall_beside(x, y, direction))
        nxt = (x + STEP[direction][0], y + STEP[direction][1])
        seen.add(nxt)
        path.append(nxt)
    world.start = Start(1, 1, EAST)
    world.goal = (width, height)
    return world
