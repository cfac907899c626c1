"""codekamp.check: type-strict checks with short messages in the pupil's language."""

import pytest

import codekamp
from codekamp.check import CheckFailed, expect, expect_defined, expect_equal, same, well_done


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")


class EqualToEverything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (3600, 3600),
        ("*** Mila ***", "*** Mila ***"),
        ([1, (2, "a")], [1, (2, "a")]),
        ({"a": [1.5]}, {"a": [1.5]}),
        (float("nan"), float("nan")),
        (None, None),
    ],
)
def test_same_values_of_the_same_type_are_the_same(actual, expected):
    assert same(actual, expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (True, 1),
        (1, True),
        ("5", 5),
        (5.0, 5),
        ([1, 2], (1, 2)),
        ([1, 2], [1, 2, 3]),
        ({"a": 1}, {"a": True}),
        ([1, "2"], [1, 2]),
        (EqualToEverything(), 17),
        ([EqualToEverything()], [17]),
        ({"a": EqualToEverything()}, {"a": 1}),
    ],
)
def test_different_values_or_types_are_not_the_same(actual, expected):
    assert not same(actual, expected)


def test_expect_equal_passes_silently_on_the_right_answer(capsys):
    expect_equal(60 * 60, 3600, what="seconds_per_hour")
    assert capsys.readouterr().out == ""


def test_expect_equal_says_what_was_expected_and_what_came():
    with pytest.raises(CheckFailed) as failure:
        expect_equal(120, 3600, what="seconds_per_hour")
    assert str(failure.value) == "❌ seconds_per_hour should be 3600, but it is 120."


def test_expect_equal_is_an_assertion_so_nbgrader_counts_a_failed_test():
    assert issubclass(CheckFailed, AssertionError)


def test_a_wrong_type_is_named_in_words_a_pupil_knows():
    with pytest.raises(
        CheckFailed,
        match=r"total should be a whole number \(int\), but it is a text \(str\): '125'\.",
    ):
        expect_equal("125", 17, what="total")


def test_an_object_equal_to_everything_does_not_pass():
    with pytest.raises(CheckFailed):
        expect_equal(EqualToEverything(), 17, what="total")


def test_a_hint_follows_the_message():
    with pytest.raises(CheckFailed) as failure:
        expect_equal(4, 3, what="x", hint="Count again.")
    assert str(failure.value).endswith("\nHint: Count again.")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "❌ totaal moet een geheel getal (int) zijn, maar het is een tekst (str): '125'."),
        ("fr", "❌ total devrait être un nombre entier (int), mais c'est un texte (str) : '125'."),
        ("en", "❌ total should be a whole number (int), but it is a text (str): '125'."),
    ],
)
def test_messages_are_in_the_notebooks_language(language, message):
    codekamp.set_language(language)
    what = "totaal" if language == "nl" else "total"
    with pytest.raises(CheckFailed) as failure:
        expect_equal("125", 17, what=what)
    assert str(failure.value) == message


def test_long_values_are_shortened():
    with pytest.raises(CheckFailed) as failure:
        expect_equal("x" * 500, "y", what="text")
    assert len(str(failure.value)) < 200
    assert "…" in str(failure.value)


# expect_defined looks in the namespace of the code that calls it, like a notebook's test cell.
seconds_per_hour = 3600
age_as_text = "11"


def test_expect_defined_finds_the_callers_variable():
    expect_defined("seconds_per_hour", int)


def test_expect_defined_says_when_a_variable_is_missing():
    with pytest.raises(
        CheckFailed, match="There is no days yet. Did you run the cell where you make it?"
    ):
        expect_defined("days")


def test_expect_defined_checks_the_type():
    with pytest.raises(
        CheckFailed, match=r"age_as_text should be a whole number \(int\), but it is a text"
    ):
        expect_defined("age_as_text", int)


def test_expect_defined_in_french():
    codekamp.set_language("fr")
    with pytest.raises(CheckFailed, match="jours n'existe pas encore"):
        expect_defined("jours")


def test_expect_passes_on_true_and_says_the_problem_otherwise():
    expect(3 > 2, "never shown")
    with pytest.raises(CheckFailed, match="^❌ age should be your real age.$"):
        expect(False, "age should be your real age.")


def test_expect_does_not_accept_a_truthy_object_that_is_not_true():
    with pytest.raises(CheckFailed):
        expect(EqualToEverything(), "not a real condition")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "✅ Goed zo! Deze test is geslaagd.\n"),
        ("fr", "✅ Bravo ! Ce test est réussi.\n"),
        ("en", "✅ Well done! This test passes.\n"),
    ],
)
def test_well_done_is_short_and_warm_in_every_language(capsys, language, text):
    codekamp.set_language(language)
    well_done()
    assert capsys.readouterr().out == text


# -- numbers, functions, printing, errors and drawings ---------------------------------------

from codekamp.check import (  # noqa: E402
    expect_close,
    expect_drawing,
    expect_function,
    expect_prints,
    expect_raises,
    expect_returns,
)


def area(width, height):
    return width * height


def area_printed(width, height):
    print(width * height)


def broken(x):
    return x / 0


not_a_function = 42


def test_expect_close_accepts_nearby_numbers_of_either_kind():
    expect_close(0.1 + 0.2, 0.3, what="sum")
    expect_close(2, 2.0, what="x")
    with pytest.raises(CheckFailed, match=r"^❌ sum should be about 0.5, but it is 0.3"):
        expect_close(0.3, 0.5, what="sum")
    with pytest.raises(CheckFailed, match="decimal number"):
        expect_close("0.3", 0.3, what="sum")
    with pytest.raises(CheckFailed):
        expect_close(True, 1, what="x")
    with pytest.raises(CheckFailed):
        expect_close(float("nan"), 1.0, what="x", tolerance=float("inf"))


def test_expect_function_returns_the_function_with_the_right_parameters():
    assert expect_function("area", ["width", "height"]) is area
    assert expect_function("area", 2) is area


def test_expect_function_says_what_is_wrong():
    with pytest.raises(CheckFailed, match="There is no perimeter yet"):
        expect_function("perimeter")
    with pytest.raises(CheckFailed, match=r"not_a_function should be a function \(made with def\)"):
        expect_function("not_a_function")
    with pytest.raises(
        CheckFailed, match=r"area should have the parameters \(side\), but it has \(width, height\)"
    ):
        expect_function("area", ["side"])


def test_expect_returns_calls_with_the_arguments():
    assert expect_returns(area, (3, 4), 12) == 12
    with pytest.raises(CheckFailed, match=r"^❌ area\(3, 4\) should give 13, but it gave 12\.$"):
        expect_returns(area, (3, 4), 13)
    with pytest.raises(
        CheckFailed,
        match=r"area\(1.5, 2\) should give a whole number \(int\), but it gave a decimal",
    ):
        expect_returns(area, (1.5, 2), 3)
    expect_returns(area, (0.1, 3), 0.3, tolerance=1e-9)


def test_printing_instead_of_returning_is_named():
    with pytest.raises(CheckFailed, match="it printed '12' instead. Use return instead of print."):
        expect_returns(area_printed, (3, 4), 12)


def test_an_error_inside_the_pupils_function_becomes_a_failed_check():
    with pytest.raises(
        CheckFailed,
        match=r"broken\(1\) should give 1, but it stopped with an error: ZeroDivisionError",
    ):
        expect_returns(broken, (1,), 1)


def test_expect_prints_compares_the_printed_text():
    expect_prints(area_printed, (3, 4), "12")
    with pytest.raises(CheckFailed, match=r"should print '13', but it printed '12'"):
        expect_prints(area_printed, (3, 4), "13")


def test_expect_raises():
    expect_raises(ZeroDivisionError, broken, (1,))
    with pytest.raises(CheckFailed, match=r"area\(1, 2\) should raise ValueError, but it did not"):
        expect_raises(ValueError, area, (1, 2))
    with pytest.raises(
        CheckFailed, match="should raise ValueError, but it raised ZeroDivisionError"
    ):
        expect_raises(ValueError, broken, (1,))


def test_expect_drawing_compares_pictures():
    from codekamp.turtle import drawing_of, forward, left

    def square(size):
        for _ in range(4):
            forward(size)
            left(90)

    def three_sides(size):
        for _ in range(3):
            forward(size)
            left(90)

    expect_drawing(drawing_of(square, 50), drawing_of(square, 50), what="square(50)")
    with pytest.raises(
        CheckFailed, match=r"square\(50\) is not the right picture. Missing: a line"
    ):
        expect_drawing(drawing_of(three_sides, 50), drawing_of(square, 50), what="square(50)")


def test_default_value_reads_a_functions_own_defaults():
    from codekamp.check import NO_DEFAULT, default_value

    def veelhoek(n, grootte=50, *, kleur="rood"):
        pass

    def zonder(n, grootte):
        pass

    assert default_value(veelhoek, "grootte") == 50
    assert default_value(veelhoek, "kleur") == "rood"
    assert default_value(zonder, "grootte") is NO_DEFAULT
    assert default_value(print, "sep") is NO_DEFAULT  # not a function made with def
