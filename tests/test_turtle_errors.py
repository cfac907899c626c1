"""Bad input to the turtle gets a message that names the call, the value and the fix, in the
notebook's language, and is still an ordinary Python error."""

from __future__ import annotations

import pytest

import codekamp
import codekamp.turtle as turtle_module
from codekamp.turtle import BadArgument, NotInNotebook, RawTurtle, TooManySteps, TurtleScreen


@pytest.fixture
def t():
    codekamp.set_language("en")
    yield RawTurtle(TurtleScreen())
    codekamp.set_language("en")


def message(call) -> str:
    with pytest.raises(BadArgument) as error:
        call()
    return str(error.value)


def test_a_number_in_quotes(t):
    assert message(lambda: t.forward("10")) == (
        "forward needs a number (how far to move), but got the text '10'. "
        "Remove the quotation marks: forward(10)"
    )


def test_no_number_at_all(t):
    assert message(lambda: t.forward()) == (
        "forward needs a number (how far to move), but got nothing. For example: forward(100)"
    )


def test_none(t):
    assert "left needs a number (how many degrees to turn), but got None." in message(
        lambda: t.left(None)
    )


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinity(t, value):
    assert message(lambda: t.forward(value)) == (
        f"forward needs an ordinary number (how far to move), but got {value}."
    )


def test_other_things(t):
    assert message(lambda: t.right([90])) == (
        "right needs a number (how many degrees to turn), but got [90] (list)."
    )


def test_a_dutch_colour_gets_its_english_name(t):
    assert message(lambda: t.pencolor("rood")) == (
        "pencolor does not know the colour 'rood'. Did you mean 'red'?"
    )


def test_a_misspelt_colour_gets_close_matches(t):
    assert "Did you mean 'purple'?" in message(lambda: t.pencolor("purpel"))


def test_an_unknown_colour_gets_examples(t):
    assert 'such as "red" or "blue"' in message(lambda: t.fillcolor("xyzzy"))


def test_colour_numbers_out_of_range(t):
    assert "colormode(255)" in message(lambda: t.pencolor(255, 0, 0))


def test_an_unknown_shape(t):
    assert "Did you mean 'turtle'?" in message(lambda: t.shape("turtel"))


def test_errors_are_ordinary_python_errors(t):
    with pytest.raises(TypeError):
        t.forward("10")
    with pytest.raises(ValueError):
        t.pencolor("rood")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            "forward heeft een getal nodig (hoe ver ze moet gaan), maar kreeg de tekst '10'. "
            "Laat de aanhalingstekens weg: forward(10)",
        ),
        (
            "fr",
            "forward a besoin d'un nombre (la distance à parcourir), mais a reçu le texte '10'. "
            "Enlève les guillemets : forward(10)",
        ),
    ],
)
def test_messages_speak_the_notebooks_language(t, language, expected):
    codekamp.set_language(language)
    assert message(lambda: t.forward("10")) == expected


def test_dutch_colour_message(t):
    codekamp.set_language("nl")
    assert (
        message(lambda: t.pencolor("rood"))
        == "pencolor kent de kleur 'rood' niet. Bedoelde je 'red'?"
    )


def test_window_only_calls_name_themselves_and_what_to_use():
    codekamp.set_language("en")
    with pytest.raises(NotInNotebook, match="^ScrolledCanvas does not work in the notebook"):
        turtle_module.ScrolledCanvas()
    with pytest.raises(NotImplementedError):
        turtle_module.ScrolledCanvas()


def test_harmless_window_calls_do_nothing(t):
    t.screen.done()
    t.screen.mainloop()
    t.screen.exitonclick()
    turtle_module.done()


def test_a_runaway_loop_is_stopped_with_an_explanation(t):
    t.screen.command_limit = 1000
    with pytest.raises(TooManySteps, match="more than 1,000 steps"):
        while True:
            t.left(1)
    assert isinstance(TooManySteps("x"), RuntimeError)
