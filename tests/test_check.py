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
        ("nl", "✅ Goed zo! Deze test slaagt.\n"),
        ("fr", "✅ Bravo ! Ce test est réussi.\n"),
        ("en", "✅ Well done! This test passes.\n"),
    ],
)
def test_well_done_is_short_and_warm_in_every_language(capsys, language, text):
    codekamp.set_language(language)
    well_done()
    assert capsys.readouterr().out == text
