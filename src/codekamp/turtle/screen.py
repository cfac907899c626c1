"""The screen: the one drawing all turtles share, with its size, background and settings.

As in the standard library, ``Screen()`` always returns the same screen. It remembers which
part of the drawing was already shown, so a drawing continued in a later cell animates only
its new part.

The screen is the model: it makes a plain :class:`~codekamp.turtle.drawing.Scene` of what it
shows (:meth:`TurtleScreen.scene`), and the picture is made from that alone
(:mod:`codekamp.turtle.svg`). Showing it in a notebook is the notebook glue's job
(:mod:`codekamp.turtle.notebook`), which registers itself here with :func:`set_display`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from codekamp.i18n import N_, _, whole_number
from codekamp.ipython import shell
from codekamp.turtle.colours import to_hex
from codekamp.turtle.drawing import Drawing, Head, Scene, Segment
from codekamp.turtle.errors import BadArgument, TooManySteps, number
from codekamp.turtle.events import Events
from codekamp.turtle.pictures import read_picture
from codekamp.turtle.shapes import SHAPES, Shape, corners
from codekamp.turtle.svg import render
from codekamp.turtle.tk import Canvas

PICTURE_ENDINGS = (".gif", ".png", ".jpg", ".jpeg")
"""register_shape("ghost.gif") makes a picture shape (the standard library takes GIF only)."""

COMMANDS_PER_CELL = 1_000_000
"""Far above what any lesson draws; a cell that asks for more is a loop that never ends."""


class OnScreen(Protocol):
    """What the screen asks of the turtles on it."""

    def head(self) -> Head | None: ...

    def drawn(self) -> list: ...

    def follow_mode(self, mode: str) -> None: ...

    def reset(self) -> None: ...


class TurtleScreen:
    """The drawing area. Use ``Screen()`` to get it."""

    def __init__(self, cv: Any = None) -> None:
        self.drawing = Drawing()
        self._turtles: list[OnScreen] = []
        self._width: float = 600
        self._height: float = 400
        self._colormode: float = 1.0
        self._title = ""
        self._backdrop_name = "nopic"
        self._mode = "standard"
        self._world: tuple[float, float, float, float] | None = None  # setworldcoordinates()
        self._shapes: dict[str, Shape] = {name: _built_in(name) for name in SHAPES}
        self.animated = True  # tracer(0) switches the animation off
        self.commands = 0  # commands the turtles were given in this cell (or key, or timer)
        # Commands allowed per cell: only the notebook's screen counts (see Screen()).
        self.command_limit: float = float("inf")
        self.shown_mark = 0  # items made from this mark on are new since the drawing was shown
        self.changed = False  # something changed since the drawing was last shown
        self.events = Events()  # what the drawing reacts to: keys, clicks, timers
        if isinstance(cv, Canvas):  # TurtleScreen(TK.Canvas(...)): one more drawing to show
            self._width, self._height = cv.width, cv.height
            self.drawing.background = to_hex("Canvas", cv.bg, 1.0)
            cv.screen = self
            _canvas_screens.append(self)

    # -- what the turtles and the display use -------------------------------------------------

    def count(self, commands: int = 1, drawn: bool = True) -> None:
        """Count turtle commands (``drawn``: they changed the drawing); stop a runaway loop with
        an explanation."""
        self.commands += commands
        self.changed = self.changed or drawn
        if self.commands > self.command_limit:
            self.commands = 0
            if self.events.live:  # a game loop waiting for a key that cannot come
                raise TooManySteps(
                    _(
                        "This cell asked the turtle for more than {limit} steps, so it stopped. "
                        "A key or a click cannot reach a running cell, so a while loop that "
                        "waits for one never ends here. Let ontimer repeat a step instead: "
                        "def step(): … ontimer(step, 50)"
                    ).format(limit=whole_number(self.command_limit))
                )
            raise TooManySteps(
                _(
                    "This cell asked the turtle for more than {limit} steps, so it stopped. "
                    "Is there a loop that never ends? Check the condition of your while loop."
                ).format(limit=whole_number(self.command_limit))
            )

    def add_turtle(self, turtle: OnScreen) -> None:
        """Put a new turtle on this screen (a turtle does it itself when it is made)."""
        self._turtles.append(turtle)
        self.changed = True

    def scene(self, animate: str = "none") -> Scene:
        """What the screen shows now, as plain data. ``animate`` is "none", "new" (what was
        drawn since the drawing was last shown) or "all"."""
        since = {"none": None, "new": self.shown_mark, "all": 0}[animate]
        shown = [(t, head) for t in self._turtles if (head := t.head()) is not None]
        if since is not None and self.animated and shown:  # each turtle walks its new lines
            shown = self._with_trails(shown, since)
        heads = tuple(head for _turtle, head in shown)
        return Scene(
            self.drawing,
            self._width,
            self._height,
            self._title,
            heads,
            self.animated,
            since,
            self._world,
        )

    def _with_trails(
        self, shown: list[tuple[OnScreen, Head]], since: int
    ) -> list[tuple[OnScreen, Head]]:
        """Each head with the places in the drawing of the lines its turtle drew since ``since``."""
        drawing = self.drawing
        place = {id(item): index for index, item in enumerate(drawing.items)}
        walking = []
        for turtle, head in shown:
            trail = tuple(
                place[id(item)] for item in turtle.drawn()
                if id(item) in place and type(item) is Segment
                and drawing.made[place[id(item)]] >= since
            )  # fmt: skip
            walking.append((turtle, head._replace(trail=trail)))
        return walking

    def mark_shown(self) -> None:
        """Remember that the drawing as it is now has been shown (called by the display)."""
        self.shown_mark = next(self.drawing.clock)
        self.changed = False

    def start_counting(self) -> None:
        """A new cell (or a key, click or timer of a live drawing) starts: it may give the
        turtles up to ``command_limit`` commands."""
        self.commands = 0

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
        """Return or set "standard" (0 degrees = east, counterclockwise), "logo" (0 degrees =
        north, clockwise) or "world" (your own coordinates, see setworldcoordinates()). As in
        the standard library, every turtle starts again: back in the middle, its drawing gone."""
        if mode is None:
            return self._mode
        chosen = str(mode).lower()
        if chosen not in ("standard", "logo", "world"):
            raise BadArgument(
                _('mode takes "standard" or "logo", but got {value!r}.').format(value=mode)
            )
        self._mode = chosen
        if chosen != "world":
            self._world = None
        self.reset()
        self.changed = True
        return None

    def setworldcoordinates(self, llx: Any, lly: Any, urx: Any, ury: Any) -> None:
        """Use coordinates of your own: (llx, lly) is the lower left corner of the drawing area
        and (urx, ury) the upper right one. Like the standard library, it switches to "world"
        mode, which starts every turtle again.

        >>> setworldcoordinates(0, 0, 10, 10)  # the middle is now (5, 5)
        """
        example = "setworldcoordinates(0, 0, 100, 100)"
        corners = [
            number("setworldcoordinates", value, what, example)
            for value, what in ((llx, N_("the left x")), (lly, N_("the bottom y")),
                                (urx, N_("the right x")), (ury, N_("the top y")))
        ]  # fmt: skip
        if corners[0] == corners[2] or corners[1] == corners[3]:
            raise BadArgument(
                _(
                    "setworldcoordinates needs two different corners: the drawing area would have "
                    "no width or no height."
                )  # fmt: skip
            )
        if self._mode != "world":
            self.mode("world")
        self._world = (corners[0], corners[1], corners[2], corners[3])
        self.changed = True

    def world_scale(self) -> tuple[float, float]:
        """How many pixels one step is, across and up (1 and 1 unless setworldcoordinates())."""
        if self._world is None:
            return 1.0, 1.0
        left, bottom, right, top = self._world
        return self._width / (right - left), self._height / (top - bottom)

    def tracer(self, n: Any = None, delay: Any = None):
        """``tracer(0)`` shows drawings at once, without animation; ``tracer(1)`` animates again."""
        if n is None:
            return 1 if self.animated else 0
        self.animated = bool(n)
        return None

    def update(self) -> None:
        """Show the drawing now (it is also shown by itself when the cell ends)."""
        self.count(drawn=False)  # a loop of update() calls alone is stopped too
        if _display is not None:
            _display(self)

    def delay(self, delay: Any = None):
        """Kept for the standard library's sake: the notebook turtle never waits."""
        return 0 if delay is None else None

    def turtles(self) -> list[Any]:
        """All turtles on this screen."""
        return list(self._turtles)

    def clear(self) -> None:
        """Remove every drawing and every turtle: a blank screen."""
        self.drawing.clear()
        self.drawing.background = "#ffffff"
        self.drawing.backdrop, self._backdrop_name = None, "nopic"
        self._colormode = 1.0  # as in the standard library: a blank screen starts afresh
        self.animated = True
        self._turtles.clear()
        self.events.forget_reactions()  # as in the standard library: no key or click reacts
        self.changed = True

    clearscreen = clear

    def reset(self) -> None:
        """Wipe all drawings and put every turtle back in the middle."""
        for turtle in self._turtles:
            turtle.follow_mode(self._mode)
            turtle.reset()

    resetscreen = reset

    def svg(self, animate: str = "none") -> str:
        """The drawing as an SVG picture. ``animate`` is "none", "new" (what was drawn since the
        drawing was last shown) or "all"."""
        return render(self.scene(animate))

    def save(self, filename: str) -> None:
        """Save the drawing as an SVG picture: ``Screen().save("house.svg")``."""
        with open(filename, "w", encoding="utf-8") as file:
            file.write(self.svg())

    # -- keys, clicks and timers: the drawing becomes live (see events.py and live.py) -------

    def onkey(self, fun: Callable[[], Any] | None, key: str) -> None:
        """Call ``fun()`` when ``key`` is let go: ``onkey(jump, "space")``, ``onkey(up, "Up")``.
        In the notebook, click the drawing first so that it hears the keys."""
        self.events.on_key(_function("onkey", fun, 'onkey(jump, "space")'), str(key), "release")
        self.changed = True

    onkeyrelease = onkey

    def onkeypress(self, fun: Callable[[], Any] | None, key: str | None = None) -> None:
        """Call ``fun()`` when ``key`` is pressed (any key, if you name none):
        ``onkeypress(left_turn, "Left")``."""
        checked = _function("onkeypress", fun, 'onkeypress(turn, "Left")')
        self.events.on_key(checked, None if key is None else str(key), "press")
        self.changed = True

    def listen(self, xdummy: Any = None, ydummy: Any = None) -> None:
        """Let the drawing hear the keys: it takes the keyboard as soon as it is shown."""
        self.events.listening = True
        self.changed = True

    def onclick(self, fun: Callable[[float, float], Any] | None, btn: int = 1, add: Any = None):
        """Call ``fun(x, y)`` with the place of every click on the drawing:
        ``onscreenclick(goto)`` sends the turtle where you click."""
        checked = _function("onscreenclick", fun, "onscreenclick(goto)")
        self.events.on_screen_click(checked, btn, bool(add))
        self.changed = True

    onscreenclick = onclick

    def ontimer(self, fun: Callable[[], Any], t: Any = 0) -> None:
        """Call ``fun()`` once, after ``t`` thousandths of a second: ``ontimer(tick, 1000)``.
        To repeat it, let ``fun`` call ontimer again."""
        checked = _function("ontimer", fun, "ontimer(tick, 1000)")
        if checked is None:
            return
        milliseconds = number("ontimer", t, N_("the time in milliseconds"), "ontimer(tick, 1000)")
        self.events.on_timer(checked, int(milliseconds))
        self.changed = True

    def turtles_at(self, x: float, y: float) -> list[Any]:
        """The visible turtles whose shape covers the point (x, y) (within ``REACH`` pixels,
        as Tk finds what was clicked), the one drawn on top first."""
        xscale, yscale = self.world_scale()
        point = (x * xscale, y * yscale)  # in pixels
        found = []
        for turtle in reversed(self._turtles):
            head = turtle.head()
            if head is None:
                continue
            polygons = [
                [(px * xscale, py * yscale) for px, py in part.points] for part in head.parts
            ]
            if head.picture is not None:  # a picture keeps its size in pixels
                cx, cy = head.x * xscale, head.y * yscale
                w, h = head.picture.width / 2, head.picture.height / 2
                polygons.append([(cx - w, cy - h), (cx + w, cy - h), (cx + w, cy + h),
                                 (cx - w, cy + h)])  # fmt: skip
            if any(_covers(polygon, point) for polygon in polygons):
                found.append(turtle)
        return found

    def from_pixels(self, x: float, y: float) -> tuple[float, float]:
        """A point of the picture (pixels from the middle, y upwards) in the turtles'
        coordinates (different only after setworldcoordinates)."""
        if self._world is None:
            return x, y
        left, bottom, right, top = self._world
        xscale, yscale = self.world_scale()
        return (x + self._width / 2) / xscale + left, (y + self._height / 2) / yscale + bottom

    def textinput(self, title: str, prompt: str) -> str | None:
        """Ask a question and return the answer typed: ``name = textinput("Name", "Who are you?")``.
        In the notebook the question appears under the cell."""
        return input(f"{title}: {prompt} " if title else f"{prompt} ")

    def numinput(
        self, title: str, prompt: str, default: Any = None, minval: Any = None, maxval: Any = None
    ) -> float | None:
        """Ask for a number and return it, asking again until the answer is a number between
        ``minval`` and ``maxval``: ``size = numinput("Size", "How big?", 50, 10, 200)``."""
        while True:
            answer = self.textinput(title, prompt).strip()
            if not answer and default is not None:
                return default
            try:
                value = float(answer.replace(",", "."))
            except ValueError:
                print(_("That is not a number. Try again, for example: 50"))
                continue
            if minval is not None and value < minval:
                print(_("That is too small: the smallest is {minval}.").format(minval=minval))
            elif maxval is not None and value > maxval:
                print(_("That is too big: the biggest is {maxval}.").format(maxval=maxval))
            else:
                return value

    def bgpic(self, picname: Any = None):
        """Put a picture (GIF, PNG or JPEG) in the middle of the drawing, under everything:
        ``bgpic("beach.gif")``; ``bgpic("nopic")`` takes it away; ``bgpic()`` says which it is."""
        if picname is None:
            return self._backdrop_name
        if picname == "nopic":
            self.drawing.backdrop = None
        else:
            self.drawing.backdrop = read_picture("bgpic", picname)
        self._backdrop_name = str(picname)
        self.changed = True
        return None

    def getcanvas(self) -> None:
        """There is no Tk canvas in a notebook: returns None."""
        return None

    def getshapes(self) -> list[str]:
        """The names of the shapes a turtle can take: the standard ones and your own."""
        return sorted(self._shapes)

    def register_shape(self, name: str, shape: Any = None) -> None:
        """Add a shape of your own, by name: its corners, or a :class:`Shape`; or a picture
        file, which is then also the shape's name.

        >>> register_shape("kite", ((0, 20), (-10, 0), (0, -10), (10, 0)))
        >>> shape("kite")
        >>> register_shape("ghost.gif")
        >>> shape("ghost.gif")
        """
        if shape is None and str(name).lower().endswith(PICTURE_ENDINGS):
            shape = Shape("image", read_picture("register_shape", name))
        elif shape is None:
            raise BadArgument(
                _(
                    "register_shape needs the name of a picture file (GIF, PNG or JPEG), or a "
                    'name and corners: register_shape("kite", ((0, 20), (-10, 0), (0, -10), '
                    "(10, 0)))"
                )
            )
        if not isinstance(shape, Shape):
            shape = Shape("polygon", corners("register_shape", shape))
        for _corners, fill, outline in shape.components:  # colours checked now, not when drawn
            to_hex("addcomponent", fill, self._colormode)
            to_hex("addcomponent", outline, self._colormode)
        self._shapes[str(name)] = shape
        self.changed = True

    addshape = register_shape

    def shape_called(self, name: str) -> Shape | None:
        """The shape registered under ``name``, or None."""
        return self._shapes.get(name)

    def bye(self) -> None:
        """Stop: the drawing reacts to no key, click or timer any more (there is no window to
        close in a notebook)."""
        if self.events.live:
            self.events.stop()
            self.changed = True

    def exitonclick(self) -> None:
        """Harmless in a notebook: there is no window to click."""

    def mainloop(self) -> None:
        """Harmless in a notebook: the drawing is shown when the cell ends, and it reacts to
        keys, clicks and timers from then on, while the notebook is open."""

    done = mainloop


REACH = 3.0
"""Pixels: a click this close to a turtle's outline counts as a click on the turtle."""


def _covers(polygon: list[tuple[float, float]], point: tuple[float, float]) -> bool:
    """Whether ``point`` lies inside ``polygon`` or within ``REACH`` of its outline."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        dx, dy = x2 - x1, y2 - y1
        along = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1.0)))
        if (x - x1 - along * dx) ** 2 + (y - y1 - along * dy) ** 2 <= REACH**2:
            return True
    return inside


def _function(call: str, fun: Any, example: str) -> Any:
    """``fun`` if it can be called (or None, which forgets a reaction); else a clear message."""
    if fun is None or callable(fun):
        return fun
    raise BadArgument(
        _(
            "{call} needs the name of a function, without brackets, like this: {example}. "
            "You gave {value!r}."
        ).format(call=call, example=example, value=fun)
    )


def _built_in(name: str) -> Shape:
    return Shape("polygon", SHAPES[name]) if SHAPES[name] else _BLANK


_BLANK = Shape("compound")  # "blank": nothing to draw
_the_screen: TurtleScreen | None = None
_canvas_screens: list[TurtleScreen] = []
_display: Callable[[TurtleScreen], None] | None = None


def Screen() -> TurtleScreen:  # noqa: N802 (the standard library's name)
    """Return the screen all turtles draw on (always the same one)."""
    global _the_screen
    if _the_screen is None:
        _the_screen = TurtleScreen()
        if shell() is not None:  # in a notebook: count the commands of each cell
            _the_screen.command_limit = COMMANDS_PER_CELL
    return _the_screen


def shown_screens() -> list[TurtleScreen]:
    """The screens a notebook shows: the one ``Screen()`` returns, then any made on a canvas."""
    return [screen for screen in (_the_screen, *_canvas_screens) if screen is not None]


def current_screen() -> TurtleScreen | None:
    """The screen ``Screen()`` returns, or None if no turtle has needed one yet."""
    return _the_screen


def replace_screen(screen: TurtleScreen | None) -> TurtleScreen | None:
    """Make ``screen`` the one ``Screen()`` returns; returns the one it replaces."""
    global _the_screen
    before, _the_screen = _the_screen, screen
    return before


def set_display(display: Callable[[TurtleScreen], None] | None) -> None:
    """What ``update()`` calls to show a screen now (the notebook glue registers its own)."""
    global _display
    _display = display


__all__ = ["Screen", "TurtleScreen"]
