"""The screen: the one drawing all turtles share, with its size, background and settings.

As in the standard library, ``Screen()`` always returns the same screen. It remembers which
part of the drawing was already shown, so a drawing continued in a later cell animates only
its new part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codekamp.i18n import N_, _
from codekamp.turtle.colours import to_hex
from codekamp.turtle.drawing import Drawing
from codekamp.turtle.errors import BadArgument, TooManySteps, number

if TYPE_CHECKING:
    from codekamp.turtle.rawturtle import RawTurtle

COMMANDS_PER_CELL = 1_000_000
"""Far above what any lesson draws; a cell that asks for more is a loop that never ends."""

MAX_ANIMATION_SECONDS = 4.0
"""However big the drawing, its animation lasts at most this long."""


class TurtleScreen:
    """The drawing area. Use ``Screen()`` to get it."""

    def __init__(self) -> None:
        self.drawing = Drawing()
        self._turtles: list[RawTurtle] = []
        self._width = 600
        self._height = 400
        self._colormode: float = 1.0
        self._title = ""
        self._mode = "standard"
        self._animate = True
        self._commands = 0
        # Commands allowed per cell: only the notebook's screen counts (see Screen()).
        self.command_limit: float = float("inf")
        self.shown_mark = 0  # items made from this mark on are new since the drawing was shown
        self.changed = False  # something changed since the drawing was last shown

    # -- bookkeeping used by the turtles ---------------------------------------------------

    def _too_many_steps(self) -> None:
        """Stop a runaway loop with an explanation (the turtles count their commands)."""
        self._commands = 0
        raise TooManySteps(
            _(
                "This cell asked the turtle for more than {limit} steps, so it stopped. "
                "Is there a loop that never ends? Check the condition of your while loop."
            ).format(limit=f"{self.command_limit:,}")
        )

    def _add_turtle(self, turtle: RawTurtle) -> None:
        self._turtles.append(turtle)
        self.changed = True

    def mark_shown(self) -> None:
        """Remember that the drawing as it is now has been shown (called by the display)."""
        self.shown_mark = next(self.drawing.clock)
        self.changed = False
        self._commands = 0

    # -- the standard library's screen methods ---------------------------------------------

    def setup(self, width: Any = 600, height: Any = 400, startx: Any = None, starty: Any = None):
        """Set the size of the drawing area in pixels (the drawing grows if you draw outside it).

        >>> Screen().setup(800, 600)
        """
        if isinstance(width, float) and width <= 1:
            width = width * 1000  # the standard library's "fraction of the screen"
        if isinstance(height, float) and height <= 1:
            height = height * 1000
        self._width = abs(number("setup", width, N_("the width"), "setup(600, 400)"))
        self._height = abs(number("setup", height, N_("the height"), "setup(600, 400)"))
        self.changed = True

    def screensize(self, canvwidth: Any = None, canvheight: Any = None, bg: Any = None):
        """Return the size of the drawing area, or change it (and the background colour)."""
        if canvwidth is None and canvheight is None and bg is None:
            return self._width, self._height
        if canvwidth is not None or canvheight is not None:
            self.setup(canvwidth or self._width, canvheight or self._height)
        if bg is not None:
            self.bgcolor(bg)
        return None

    def window_width(self) -> float:
        return self._width

    def window_height(self) -> float:
        return self._height

    def bgcolor(self, *args: Any):
        """Return or set the background colour: ``bgcolor("lightblue")``."""
        if not args:
            return self.drawing.background
        colour = args[0] if len(args) == 1 else args
        self.drawing.background = to_hex("bgcolor", colour, self._colormode)
        self.changed = True
        return None

    def colormode(self, cmode: Any = None):
        """Return or set whether colour numbers go up to 1.0 or to 255: ``colormode(255)``."""
        if cmode is None:
            return 255 if self._colormode == 255 else 1.0
        if cmode not in (1, 1.0, 255):
            raise BadArgument(
                _("colormode takes 1.0 or 255, but got {value!r}.").format(value=cmode)
            )
        self._colormode = 255 if cmode == 255 else 1.0
        return None

    def title(self, titlestring: str = "") -> None:
        """Give the drawing a title (read aloud by screen readers)."""
        self._title = str(titlestring)
        self.changed = True

    def mode(self, mode: Any = None):
        """Return or set "standard" (0 degrees = east) or "logo" (0 degrees = north)."""
        if mode is None:
            return self._mode
        if mode not in ("standard", "logo", "world"):
            raise BadArgument(
                _('mode takes "standard" or "logo", but got {value!r}.').format(value=mode)
            )
        self._mode = mode
        for turtle in self._turtles:
            turtle._set_mode(mode)
        self.changed = True
        return None

    def tracer(self, n: Any = None, delay: Any = None):
        """``tracer(0)`` shows drawings at once, without animation; ``tracer(1)`` animates again."""
        if n is None:
            return 1 if self._animate else 0
        self._animate = bool(n)
        return None

    def update(self) -> None:
        """Show the drawing now (it is also shown by itself when the cell ends)."""
        from codekamp.turtle.notebook import show

        show(self)

    def delay(self, delay: Any = None):
        """Kept for the standard library's sake: the notebook turtle never waits."""
        return 0 if delay is None else None

    def turtles(self) -> list[RawTurtle]:
        """All turtles on this screen."""
        return list(self._turtles)

    def clear(self) -> None:
        """Remove every drawing and every turtle: a blank screen."""
        self.drawing.clear()
        self.drawing.background = "#ffffff"
        self._colormode = 1.0  # as in the standard library: a blank screen starts afresh
        self._animate = True
        self._turtles.clear()
        self.changed = True

    clearscreen = clear

    def reset(self) -> None:
        """Wipe all drawings and put every turtle back in the middle."""
        for turtle in self._turtles:
            turtle.reset()

    resetscreen = reset

    def svg(self, animate: str = "none") -> str:
        """The drawing as an SVG picture. ``animate`` is "none", "new" (what was drawn since the
        drawing was last shown) or "all"."""
        from codekamp.turtle.svg import render

        since = {"none": None, "new": self.shown_mark, "all": 0}[animate]
        return render(self, new_since=since)

    def save(self, filename: str) -> None:
        """Save the drawing as an SVG picture: ``Screen().save("house.svg")``."""
        with open(filename, "w", encoding="utf-8") as file:
            file.write(self.svg())

    # Window-only calls (clicks, keys, timers): see window_only.py
    def getcanvas(self) -> None:
        """There is no Tk canvas in a notebook: returns None."""
        return None

    def getshapes(self) -> list[str]:
        """The names of the turtle's shapes."""
        from codekamp.turtle.shapes import SHAPES

        return sorted(SHAPES)

    def bye(self) -> None:
        """Harmless in a notebook: there is no window to close."""

    def exitonclick(self) -> None:
        """Harmless in a notebook: there is no window to click."""

    def mainloop(self) -> None:
        """Harmless in a notebook: the drawing is shown when the cell ends."""

    done = mainloop


_the_screen: TurtleScreen | None = None


def Screen() -> TurtleScreen:  # noqa: N802 (the standard library's name)
    """Return the screen all turtles draw on (always the same one)."""
    global _the_screen
    if _the_screen is None:
        _the_screen = TurtleScreen()
        from codekamp.turtle.notebook import register_display

        if register_display():  # in a notebook: count the commands of each cell
            _the_screen.command_limit = COMMANDS_PER_CELL
    return _the_screen


__all__ = ["Screen", "TurtleScreen"]
