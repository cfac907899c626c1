"""Checks that test the instruction, not only the result: "use a loop", "use the variable",
"type the calculation", and drawing checks that ignore what a task does not ask about."""

from types import SimpleNamespace

import pytest

import codekamp
from codekamp import cells
from codekamp.check import (
    CheckFailed,
    expect_avoids,
    expect_calculated,
    expect_drawing,
    expect_function,
    expect_loop,
    expect_uses,
)
from codekamp.turtle import (
    begin_fill,
    drawing_of,
    end_fill,
    forward,
    goto,
    left,
    pendown,
    penup,
    right,
    write,
)


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    cells._by_id.clear()
    cells._recent.clear()
    yield
    codekamp.set_language("en")
    cells._by_id.clear()
    cells._recent.clear()


def run(cell_id, source):
    """What IPython's pre_run_cell event tells Codekamp when a cell starts."""
    cells.remember(SimpleNamespace(raw_cell=source, cell_id=cell_id))


HEXAGON_LOOP = "clearscreen()\nfor i in range(6):\n    forward(80)\n    left(60)\n"
HEXAGON_FLAT = "clearscreen()\n" + "forward(80)\nleft(60)\n" * 6


def test_an_answer_with_a_loop_passes_and_one_without_fails():
    run("hexagon", HEXAGON_LOOP)
    expect_loop("hexagon", what="Your hexagon")
    run("hexagon", HEXAGON_FLAT)
    with pytest.raises(CheckFailed, match="should use a loop"):
        expect_loop("hexagon", what="Your hexagon")


def test_without_cell_ids_the_cell_run_before_the_test_is_the_answer():
    cells.remember(SimpleNamespace(raw_cell=HEXAGON_FLAT, cell_id=None))
    cells.remember(SimpleNamespace(raw_cell="expect_loop('hexagon')", cell_id=None))
    with pytest.raises(CheckFailed, match="should use a loop"):
        expect_loop("hexagon", what="Your hexagon")


def test_an_answer_not_run_yet_says_what_to_do():
    with pytest.raises(CheckFailed, match="Run the cell with your answer first"):
        expect_loop("hexagon", what="Your hexagon")


def test_the_given_variables_must_be_used():
    run("polygon", "corners = 8\nside = 50\nfor i in range(corners):\n    forward(side)\n"
        "    left(360 / corners)\n")  # fmt: skip
    expect_uses("polygon", ["corners", "side"], what="Your polygon")
    run("polygon", "corners = 8\nside = 50\nfor i in range(8):\n    forward(50)\n    left(45)\n")
    with pytest.raises(CheckFailed, match="should use the variable corners"):
        expect_uses("polygon", ["corners", "side"], what="Your polygon")


def test_a_function_is_read_from_its_own_code():
    def polygon(corners, side):
        for _ in range(corners):
            forward(side)
            left(360 / corners)

    def flat(corners, side):
        forward(side)
        left(90)

    expect_loop(polygon, what="polygon")
    expect_uses(polygon, ["corners", "side"], what="polygon")
    with pytest.raises(CheckFailed, match="loop"):
        expect_loop(flat, what="flat")
    with pytest.raises(CheckFailed, match="variable corners"):
        expect_uses(flat, ["corners", "side"], what="flat")


def test_a_hand_made_answer_uses_none_of_the_shortcuts():
    def by_hand(numbers):
        biggest = numbers[0]
        for number in numbers:
            if number > biggest:
                biggest = number
        return biggest

    def shortcut(numbers):
        return max(numbers)

    def sorting(numbers):
        numbers.sort()
        return numbers[-1]

    def own_variable_called_max(numbers):
        max = numbers[0]  # noqa: A001 (a pupil's name, allowed)
        for number in numbers:
            if number > max:
                max = number
        return max

    shortcuts = ["max", "sorted", "sort"]
    expect_avoids(by_hand, shortcuts, what="maximum(numbers)")
    expect_avoids(own_variable_called_max, shortcuts, what="maximum(numbers)")
    with pytest.raises(CheckFailed, match="without max"):
        expect_avoids(shortcut, shortcuts, what="maximum(numbers)")
    with pytest.raises(CheckFailed, match="without sort"):
        expect_avoids(sorting, shortcuts, what="maximum(numbers)")
    run("biggest", "biggest = sorted(numbers)[-1]")
    with pytest.raises(CheckFailed, match="without sorted"):
        expect_avoids("biggest", shortcuts, what="The biggest")
    run("biggest", "max = numbers[0]\nfor n in numbers:\n    if n > max:\n        max = n")
    expect_avoids("biggest", shortcuts, what="The biggest")


@pytest.mark.parametrize("answer", ["days = 11 * 365", "days = age * 365", "days = int(4015)"])
def test_a_calculation_passes(answer):
    run("days", "age = 11\n" + answer)
    expect_calculated("days", "days")


@pytest.mark.parametrize("answer", ["days = 4015", "days = -4015", "days = '4015'"])
def test_a_typed_in_answer_fails(answer):
    run("days", "age = 11\n" + answer)
    with pytest.raises(CheckFailed, match="Write the calculation for days"):
        expect_calculated("days", "days")


def test_a_missing_variable_is_named():
    run("days", "age = 11")
    with pytest.raises(CheckFailed, match="days = …"):
        expect_calculated("days", "days")


def test_parameter_names_are_free_unless_asked(monkeypatch):
    def polygon(sides, size=50, colour="black"):
        pass

    namespace = {"polygon": polygon}
    monkeypatch.setattr("codekamp.check._notebook_value", lambda name, hint: namespace[name])
    expect_function("polygon", ["n", "size"])
    with pytest.raises(CheckFailed, match=r"parameters \(n, size\)"):
        expect_function("polygon", ["n", "size"], names=True)
    with pytest.raises(CheckFailed, match="parameters"):
        expect_function("polygon", ["n", "size", "colour", "speed"])

    def needs_three(a, b, c):
        pass

    namespace["polygon"] = needs_three
    with pytest.raises(CheckFailed, match="parameters"):
        expect_function("polygon", ["n", "size"])


# -- drawings --------------------------------------------------------------------------------


def square(turn=left, size=100):
    for _ in range(4):
        forward(size)
        turn(90)


def test_a_filled_and_labelled_square_is_a_square():
    def decorated():
        begin_fill()
        square()
        end_fill()
        write("my square")

    expect_drawing(drawing_of(decorated), drawing_of(square), what="Your square")
    with pytest.raises(CheckFailed, match="filled shape"):
        expect_drawing(
            drawing_of(decorated), drawing_of(square), what="Your square", fills=True,
            colours=False,
        )  # fmt: skip


def test_a_visible_gap_fails():
    def slipped():
        forward(100)
        left(90)
        forward(100)
        left(90)
        forward(100)
        left(89)
        forward(100)

    with pytest.raises(CheckFailed, match="not the right picture"):
        expect_drawing(drawing_of(slipped), drawing_of(square), what="Your square")


def test_differences_are_said_where_the_pupil_drew():
    def three_sides():
        penup()
        goto(-50, -50)
        pendown()
        for _ in range(3):
            forward(100)
            left(90)

    with pytest.raises(CheckFailed) as failed:
        expect_drawing(drawing_of(three_sides), drawing_of(square), what="Your square",
                       anywhere=True)  # fmt: skip
    assert "a line from (-50, -50) to (-50, 50)" in str(failed.value)


def hexagon(start=0):
    left(start)
    for _ in range(6):
        forward(80)
        left(60)


def test_a_turned_shape_counts_only_when_the_task_says_so():
    on_a_point = drawing_of(hexagon, 30)
    with pytest.raises(CheckFailed):
        expect_drawing(on_a_point, drawing_of(hexagon), what="Your hexagon", anywhere=True)
    expect_drawing(on_a_point, drawing_of(hexagon), what="Your hexagon", turned=True)


def staircase(up=left, down=right):
    for _ in range(3):
        up(90)
        forward(30)
        down(90)
        forward(30)


def test_a_mirror_image_counts_only_when_the_task_says_so():
    going_down = drawing_of(staircase, right, left)
    with pytest.raises(CheckFailed):
        expect_drawing(going_down, drawing_of(staircase), what="Your staircase", anywhere=True)
    expect_drawing(going_down, drawing_of(staircase), what="Your staircase", anywhere=True,
                   mirrored=True)  # fmt: skip


def test_no_fixed_numbers_next_to_the_given_variables():
    run("polygon", "corners = 8\nside = 50\nfor i in range(corners):\n    forward(side)\n"
        "    left(360 / corners)\n")  # fmt: skip
    expect_uses("polygon", ["corners", "side"], what="Your polygon", numbers=[360])
    run("polygon", "corners = 8\nside = 50\nfor i in range(corners):\n    forward(side)\n"
        "    left(360 / 8)\n")  # fmt: skip
    with pytest.raises(CheckFailed, match="uses the number 8"):
        expect_uses("polygon", ["corners", "side"], what="Your polygon", numbers=[360])
