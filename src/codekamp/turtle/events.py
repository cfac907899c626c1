"""What a live drawing reacts to: keys, clicks, drags and timers, kept as plain data.

The standard library's ``onkey``, ``onclick``, ``ondrag``, ``ontimer``… only record here which
function to call. When the drawing is live in a notebook (see :mod:`codekamp.turtle.live`), the
browser sends each key press, click or finished timer back as a small message such as
``{"kind": "key", "type": "press", "key": "ArrowUp"}``, and :meth:`Events.calls_for` says which
of the pupil's functions to call, with which arguments. Nothing here knows about widgets.

The rules are the standard library's (Tk's): ``onkey`` reacts when a key is let go, ``onkeypress``
when it goes down (any key, if no key is named); a turtle's ``onclick`` reacts to a press on the
turtle, ``ondrag`` to moving the mouse while a button pressed on the turtle is held, ``onrelease``
to letting that button go; ``onscreenclick`` to a press anywhere; ``ontimer`` calls once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, NamedTuple

KEYSYMS = {
    "ArrowUp": "Up", "ArrowDown": "Down", "ArrowLeft": "Left", "ArrowRight": "Right",
    " ": "space", "Enter": "Return", "Backspace": "BackSpace", "PageUp": "Prior",
    "PageDown": "Next", "Shift": "Shift_L", "Control": "Control_L", "Alt": "Alt_L",
    "Meta": "Meta_L", "+": "plus", "-": "minus", "*": "asterisk", "/": "slash", "=": "equal",
    ",": "comma", ".": "period", ";": "semicolon", ":": "colon", "!": "exclam", "?": "question",
    "#": "numbersign", "$": "dollar", "%": "percent", "&": "ampersand", "(": "parenleft",
    ")": "parenright", "[": "bracketleft", "]": "bracketright", "<": "less", ">": "greater",
    "'": "apostrophe", '"': "quotedbl", "_": "underscore", "@": "at",
}  # fmt: skip
"""The browser's names of keys, as Tk (and so the standard library's ``onkey``) calls them;
letters, digits, "Escape", "Tab", "Home", "End", "Delete" and "F1"… are the same in both."""


def keysym(key: str) -> str:
    """The standard library's name for a key the browser calls ``key``: "ArrowUp" is "Up"."""
    return KEYSYMS.get(key, key)


class Call(NamedTuple):
    """One of the pupil's functions to call, with its arguments."""

    function: Callable[..., Any]
    args: tuple[float, ...] = ()


class Timer(NamedTuple):
    """A function ``ontimer`` asked to call once, after ``milliseconds``."""

    number: int
    milliseconds: int


# Which turtle-bound reaction a mouse message calls.
_TURTLE_KINDS = {"down": "click", "move": "drag", "up": "release"}


class Events:
    """The functions a screen and its turtles react with, and the timers still to run."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str | None], Callable[[], Any]] = {}
        self.screen_clicks: dict[int, list[Callable[[float, float], Any]]] = {}
        self.turtle_reactions: dict[tuple[str, int], list[tuple[Any, Callable]]] = {}
        self.timers: dict[int, Callable[[], Any]] = {}
        self.pending: list[Timer] = []
        self.listening = False
        self.pressed: Any = None  # the turtle the mouse button went down on, while it is held
        self._numbers = itertools.count(1)

    @property
    def live(self) -> bool:
        """True if anything waits for a key, a click or a timer: the drawing must be live."""
        return bool(self.keys or self.screen_clicks or self.turtle_reactions or self.timers)

    # -- recording (the standard library's onkey, onclick, ontimer…) -------------------------

    def on_key(self, function: Callable[[], Any] | None, key: str | None, when: str) -> None:
        """React to ``key`` ("press" or "release"); None as the function forgets it."""
        if function is None:
            self.keys.pop((when, key), None)
        else:
            self.keys[(when, key)] = function

    def on_screen_click(self, function: Callable | None, button: int, add: bool) -> None:
        _bind(self.screen_clicks, int(button), function, add)

    def on_turtle(
        self, kind: str, turtle: Any, function: Callable | None, button: int, add: bool
    ) -> None:
        """``kind`` is "click", "drag" or "release", as in onclick, ondrag and onrelease."""
        bound = self.turtle_reactions.setdefault((kind, int(button)), [])
        kept = [(other, f) for other, f in bound if other is not turtle or add]
        if function is not None:
            kept.append((turtle, function))
        self.turtle_reactions[(kind, int(button))] = kept
        if not kept:
            del self.turtle_reactions[(kind, int(button))]

    def forget_turtle(self, turtle: Any) -> None:
        """A turtle that left the screen reacts to nothing any more."""
        for key, bound in list(self.turtle_reactions.items()):
            kept = [(other, f) for other, f in bound if other is not turtle]
            if kept:
                self.turtle_reactions[key] = kept
            else:
                del self.turtle_reactions[key]

    def on_timer(self, function: Callable[[], Any], milliseconds: int) -> Timer:
        timer = Timer(next(self._numbers), max(0, int(milliseconds)))
        self.timers[timer.number] = function
        self.pending.append(timer)
        return timer

    def forget_reactions(self) -> None:
        """No key or click reacts any more (``clearscreen()``); timers keep running."""
        self.keys.clear()
        self.screen_clicks.clear()
        self.turtle_reactions.clear()
        self.pressed = None

    def stop(self) -> None:
        """Nothing reacts and no timer runs any more (``bye()``)."""
        self.forget_reactions()
        self.timers.clear()
        self.pending.clear()

    # -- answering the browser ---------------------------------------------------------------

    def calls_for(self, message: dict, turtles_at: Callable[[float, float], list]) -> list[Call]:
        """The functions to call for one message from the browser. ``turtles_at(x, y)`` lists
        the turtles under a point, topmost first; x and y are already the turtles' coordinates."""
        kind = message.get("kind")
        if kind == "key":
            when = "release" if message.get("type") == "release" else "press"
            name = keysym(str(message.get("key", "")))
            calls = [Call(f) for f in (self.keys.get((when, name)),) if f is not None]
            if when == "press" and (any_key := self.keys.get(("press", None))) is not None:
                calls.append(Call(any_key))
            return calls
        if kind == "timer":
            function = self.timers.pop(int(message.get("id", 0)), None)
            self.pending = [t for t in self.pending if t.number != message.get("id")]
            return [] if function is None else [Call(function)]
        if kind not in _TURTLE_KINDS:
            return []
        x, y = float(message.get("x", 0)), float(message.get("y", 0))
        button = int(message.get("button", 1))
        calls = []
        if kind == "down":
            under = turtles_at(x, y)
            self.pressed = under[0] if under else None
        if self.pressed is not None:
            reactions = self.turtle_reactions.get((_TURTLE_KINDS[kind], button), [])
            calls += [Call(f, (x, y)) for turtle, f in reactions if turtle is self.pressed]
        if kind == "down":
            calls += [Call(f, (x, y)) for f in self.screen_clicks.get(button, [])]
        if kind == "up":
            self.pressed = None
        return calls


def _bind(table: dict[int, list], button: int, function: Callable | None, add: bool) -> None:
    if function is None:
        table.pop(button, None)
    elif add:
        table.setdefault(button, []).append(function)
    else:
        table[button] = [function]
