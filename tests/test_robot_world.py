"""Robot worlds written as text maps: squares, walls, carrots, the goal and the robot; a map
with a mistake names its line and column in the pupil's language."""

from __future__ import annotations

import pytest

import codekamp
from codekamp.robot import MAPS, MapError, generators, parse, to_text
from codekamp.robot.library import named
from codekamp.robot.worlds import EAST, NORTH, SOUTH, WEST


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")


def test_a_map_gives_squares_walls_carrots_goal_and_robot():
    world = parse(
        """
        . . . . G
        . . .|. .
            -
        v 2 . c x
        """
    )
    assert (world.width, world.height) == (5, 3)
    assert world.walls == {("E", 3, 2), ("N", 3, 1)}  # right of (3, 2); between (3, 1) and (3, 2)
    assert world.carrots == {(2, 1): 2, (4, 1): 1}
    assert world.goal == (5, 3) and world.wanted == {(5, 1): 1}
    assert (world.start.x, world.start.y, world.start.direction) == (1, 1, SOUTH)


def test_walls_block_both_ways_and_the_edge_is_a_wall():
    world = parse(". .|.\n  -\n> . .")
    assert world.blocked(2, 2, EAST) and world.blocked(3, 2, WEST)
    assert world.blocked(2, 1, NORTH) and world.blocked(2, 2, SOUTH)
    assert not world.blocked(1, 1, NORTH)
    assert world.blocked(1, 1, WEST) and world.blocked(3, 2, NORTH)


@pytest.mark.parametrize("name", sorted(MAPS))
def test_every_named_world_reads_back_as_it_was_written(name):
    world = named(name)
    assert parse(to_text(world)) == parse(to_text(parse(to_text(world))))
    again = parse(to_text(world))
    assert (again.walls, again.carrots, again.goal, again.start) == (
        world.walls, world.carrots, world.goal, world.start,
    )  # fmt: skip


def test_a_generated_world_reads_back_too():
    world = generators.maze(3, 6, 5)
    again = parse(to_text(world))
    assert (again.walls, again.goal, again.start) == (world.walls, world.goal, world.start)


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("> . ?", "en", "Map, line 1, column 5: '?' is not a square of a map."),
        ("> . . G\n. . .", "nl", "Kaart, regel 2, kolom 5: deze rij heeft 3 vakjes, maar de "
         "eerste rij (regel 1) heeft er 4."),
        ("> .:.", "fr", "Carte, ligne 1, colonne 4 : entre deux cases, il y a une espace, ou | "
         "pour un mur ; pas ':'."),
        ("  -\n> . .", "en", "Map, line 1, column 1: a line of walls must lie between two rows."),
        ("> . <", "en", "The map has 2 robots; draw one (> < ^ or v)."),
        ("# only a comment", "nl", "De kaart is leeg"),
    ],
)  # fmt: skip
def test_a_mistake_in_a_map_names_its_line_and_column(text, language, message):
    codekamp.set_language(language)
    with pytest.raises(MapError) as raised:
        parse(text)
    assert str(raised.value).startswith(message)


def test_an_unknown_world_name_lists_the_worlds():
    with pytest.raises(MapError, match="There is no world called 'maize'. The worlds are: "):
        named("maize")
