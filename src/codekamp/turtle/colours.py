"""Reading the colours a pupil gives the turtle: names, "#rrggbb" codes and (r, g, b) numbers."""

from __future__ import annotations

import re
from typing import Any

from codekamp.i18n import _
from codekamp.turtle.colour_names import NAMED_COLOURS
from codekamp.turtle.errors import BadArgument, close_matches

# Colour words pupils may type in their own language, so the turtle can suggest the English name.
COLOUR_WORDS: dict[str, str] = {
    # Dutch
    "rood": "red",
    "blauw": "blue",
    "groen": "green",
    "geel": "yellow",
    "zwart": "black",
    "wit": "white",
    "oranje": "orange",
    "paars": "purple",
    "roze": "pink",
    "bruin": "brown",
    "grijs": "gray",
    "lichtblauw": "lightblue",
    "donkerblauw": "darkblue",
    "lichtgroen": "lightgreen",
    "donkergroen": "darkgreen",
    "goud": "gold",
    "zilver": "silver",
    # French
    "rouge": "red",
    "bleu": "blue",
    "vert": "green",
    "jaune": "yellow",
    "noir": "black",
    "blanc": "white",
    "violet": "violet",
    "rose": "pink",
    "marron": "brown",
    "brun": "brown",
    "gris": "gray",
    "bleu clair": "lightblue",
    "bleu foncé": "darkblue",
    "vert clair": "lightgreen",
    "vert foncé": "darkgreen",
    "or": "gold",
    "argent": "silver",
}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def colour_key(name: str) -> str:
    """The lookup key of a colour name: lower case, without spaces ("Light Blue" -> "lightblue")."""
    return name.replace(" ", "").lower()


def to_hex(call: str, value: Any, colormode: float) -> str:
    """Turn one colour as a pupil wrote it into "#rrggbb", or raise :class:`BadArgument`."""
    if isinstance(value, str):
        return _hex_from_text(call, value)
    if isinstance(value, (tuple, list)) and len(value) == 3:
        return _hex_from_numbers(call, value, colormode)
    raise BadArgument(
        _(
            '{call} needs a colour: a name such as "red", a code such as "#ff8800" or three '
            "numbers (red, green, blue), but got {value!r}."
        ).format(call=call, value=value)
    )


def _hex_from_text(call: str, text: str) -> str:
    if _HEX.fullmatch(text):
        digits = text[1:].lower()
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return "#" + digits
    known = NAMED_COLOURS.get(colour_key(text))
    if known:
        return known
    suggestion = COLOUR_WORDS.get(text.strip().lower())
    matches = [suggestion] if suggestion else close_matches(colour_key(text), list(NAMED_COLOURS))
    if matches:
        raise BadArgument(
            _("{call} does not know the colour {value!r}. Did you mean {suggestion!r}?").format(
                call=call, value=text, suggestion=matches[0]
            )
        )
    raise BadArgument(
        _(
            "{call} does not know the colour {value!r}. Use an English colour name such as "
            '"red" or "blue", or a code such as "#ff8800".'
        ).format(call=call, value=text)
    )


def _hex_from_numbers(call: str, numbers: Any, colormode: float) -> str:
    channels = []
    for number in numbers:
        if (
            isinstance(number, bool)
            or not isinstance(number, (int, float))
            or not (0 <= number <= colormode)
        ):
            raise BadArgument(
                _(
                    "{call}: in colour mode {mode}, each of the three colour numbers goes from 0 "
                    "to {mode}, but got {value!r}. Use colormode(255) for numbers up to 255."
                ).format(call=call, mode=_mode_text(colormode), value=tuple(numbers))
            )
        channels.append(round(number * 255 / colormode))
    return "#{:02x}{:02x}{:02x}".format(*channels)


def _mode_text(colormode: float) -> str:
    return "255" if colormode == 255 else "1.0"
