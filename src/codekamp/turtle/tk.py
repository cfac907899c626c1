"""Stand-ins for the few parts of tkinter that turtle programs touch, as ``turtle.TK``: a program
such as CPython's ``turtledemo.two_canvases`` makes a window with canvases and puts a
``TurtleScreen`` on each. Here every canvas is simply one more drawing shown under the cell, at
the canvas's size and colour; there is no window.

    from turtle import TurtleScreen, RawTurtle, TK
    root = TK.Tk()
    canvas = TK.Canvas(root, width=300, height=200, bg="#ddffff")
    canvas.pack()
    t = RawTurtle(TurtleScreen(canvas))
"""

from __future__ import annotations

from typing import Any


class Tk:
    """The window: nothing to open in a notebook, so every call is harmless."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def title(self, *args: Any) -> None:
        pass

    def mainloop(self, n: int = 0) -> None:
        pass

    def destroy(self) -> None:
        pass


class Canvas:
    """A drawing area of ``width`` × ``height`` pixels with background ``bg``."""

    def __init__(
        self, master: Any = None, width: Any = 600, height: Any = 400, bg: Any = "white", **options
    ) -> None:
        self.master = master
        self.width = float(width)
        self.height = float(height)
        self.bg = options.get("background", bg)

    def pack(self, *args: Any, **kwargs: Any) -> None:
        pass

    grid = place = pack

    def config(self, **options: Any) -> None:
        self.width = float(options.get("width", self.width))
        self.height = float(options.get("height", self.height))
        self.bg = options.get("bg", options.get("background", self.bg))

    configure = config


def mainloop(n: int = 0) -> None:
    """Harmless in a notebook: the drawings are shown when the cell ends."""
