"""Showing the drawing in a notebook: one SVG picture when a cell that drew ends.

This works like matplotlib's inline backend: a function registered on IPython's
``post_execute`` event shows the screen if the cell changed it. Nothing here sleeps, and
nothing is sent while the cell runs, unless the program calls ``update()``: then the cell's
picture is replaced in place (at most :data:`FRAMES_PER_SECOND` times a second), so a
``tracer(0)`` … ``update()`` animation plays while the cell runs. ``codekamp.turtle`` registers
all this when it is imported.

The picture is sent as an ``<img>`` whose alternative text says what it shows (see
:func:`codekamp.turtle.svg.as_html`), with the same words as plain text for plain-text views.
A drawing that waits for keys, clicks or timers is shown live instead (see
:mod:`codekamp.turtle.live`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from codekamp.ipython import on_event, shell
from codekamp.turtle import screen as screens
from codekamp.turtle.describe import describe
from codekamp.turtle.screen import Screen, TurtleScreen
from codekamp.turtle.svg import as_html, render

FRAMES_PER_SECOND = 25
"""How often ``update()`` may replace the picture while a cell runs; the cell's end always
shows the last state."""


class _Cell:
    """The outputs the running cell shows its drawings in, once it has them (one per screen:
    ``Screen()``, and the screens of a program's own canvases)."""

    running = False  # False between cells (a live drawing's function may be running then)
    outputs: dict[int, Any] = {}  # id(screen) -> an IPython DisplayHandle
    live: dict[int, Any] = {}  # id(screen) -> the live drawing shown in its output
    sent_at = 0.0


_cell = _Cell()


def register_display() -> bool:
    """Show the drawing at the end of every cell that changed it, and whenever a program calls
    ``update()`` (once per IPython session). Returns False outside IPython, where there are no
    cells."""
    screens.set_display(update)
    return on_event("pre_run_cell", new_cell) and on_event("post_execute", show_if_changed)


def new_cell(*_info: Any) -> None:
    """The pre_run_cell hook: a new cell shows its drawings in outputs of its own."""
    _cell.running = True
    _cell.outputs, _cell.live = {}, {}
    for screen in screens.shown_screens():
        screen.start_counting()


def show_if_changed(animate: str = "new") -> None:
    """The post_execute hook: show every screen the cell drew on. ``animate`` is "new" (the
    browser draws what is new, line by line) or "none" (the finished drawing at once)."""
    for screen in screens.shown_screens():
        if screen.changed:
            show(screen, in_place=id(screen) in _cell.outputs, animate=animate)
    _cell.running = False
    _cell.outputs, _cell.live = {}, {}


@contextmanager
def drawing_of_its_own(wiped: bool = True) -> Iterator[list[dict[str, str]]]:
    """Run a widget's function (a slider's, a button's) like a cell of its own: if ``wiped``,
    every turtle starts again in the middle of a wiped screen. At the end the drawing, if the
    function drew, is shown at once, not animated, where the function's output goes (see
    :mod:`codekamp.widgets`). So a slider that redraws a star shows one star, the latest.
    Gives a list that gets the still pictures shown (for a page where widgets cannot work)."""
    saved = _cell.running, _cell.outputs, _cell.live
    for screen in screens.shown_screens():
        if wiped:
            screen.reset()
        screen.mark_shown()  # shown again only if the function draws
    new_cell()
    pictures: list[dict[str, str]] = []
    try:
        yield pictures
    finally:
        try:
            pictures += [still_picture(s) for s in screens.shown_screens() if s.changed]
            show_if_changed(animate="none")
        finally:
            _cell.running, _cell.outputs, _cell.live = saved


def still_picture(screen: TurtleScreen) -> dict[str, str]:
    """The drawing as it is now, not animated, as a display bundle (HTML and plain text)."""
    return _bundle(screen, "none")


def _bundle(screen: TurtleScreen, animate: str) -> dict[str, str]:
    scene = screen.scene(animate)
    words = describe(scene)
    return {"text/html": as_html(render(scene, words), words), "text/plain": words}


def update(screen: TurtleScreen) -> None:
    """What ``update()`` does: replace the cell's picture by the drawing as it is now."""
    now = time.monotonic()
    shown = id(screen) in _cell.outputs
    if now - _cell.sent_at < 1 / FRAMES_PER_SECOND and (shown or not _cell.running):
        return  # too soon: a later update(), or the end of the cell or of the function, shows it
    _cell.sent_at = now
    if _cell.running or not screen.events.live:
        show(screen, in_place=True)
    else:  # a live drawing's key, click or timer function asked to show its progress
        from codekamp.turtle.live import live_drawing

        live_drawing(screen).refresh()


def show(screen: TurtleScreen | None = None, in_place: bool = False, animate: str = "new") -> None:
    """Show the drawing now; only the part drawn since it was last shown is animated (with
    ``animate="none"``, nothing is). With ``in_place``, the running cell's picture is replaced
    instead of a new one added."""
    screen = screen or Screen()
    if screen.events.live and _can_be_live():
        _show_live(screen)
        return
    try:
        bundle = _bundle(screen, animate)
        if shell() is not None:
            _publish(screen, bundle, in_place)
    finally:
        screen.mark_shown()  # even if showing failed: the next cell does not repeat the error


def _can_be_live() -> bool:
    """Live drawings need anywidget (the course installs it); without it, a still picture."""
    try:
        import anywidget  # noqa: F401
    except ImportError:
        return False
    return True


def _show_live(screen: TurtleScreen) -> None:
    from codekamp.turtle.live import live_drawing

    widget = live_drawing(screen)
    first = _cell.live.get(id(screen)) is not widget
    widget.refresh("new" if first else "none")
    if shell() is None:
        return
    _publish(screen, widget.bundle(), in_place=not first or id(screen) in _cell.outputs)
    _cell.live[id(screen)] = widget


def _publish(screen: TurtleScreen, bundle: dict, in_place: bool) -> None:
    from IPython.display import DisplayHandle, display

    output = _cell.outputs.get(id(screen))
    if in_place and output is not None:
        output.update(bundle, raw=True)
    else:
        output = _cell.outputs[id(screen)] = DisplayHandle()
        display(bundle, raw=True, display_id=output.display_id)
