"""Showing the drawing in a notebook: one SVG picture when a cell that drew ends.

This works like matplotlib's inline backend: a function registered on IPython's
``post_execute`` event shows the screen if the cell changed it. Nothing here sleeps, and
nothing is sent while the cell runs. ``codekamp.turtle`` registers it when it is imported.

The picture is sent as an ``<img>`` whose alternative text says what it shows (see
:func:`codekamp.turtle.svg.as_html`), with the same words as plain text for plain-text views.
"""

from __future__ import annotations

from codekamp.ipython import on_event, shell
from codekamp.turtle import screen as screens
from codekamp.turtle.describe import describe
from codekamp.turtle.screen import Screen, TurtleScreen
from codekamp.turtle.svg import as_html, render


def register_display() -> bool:
    """Show the drawing at the end of every cell that changed it, and whenever a program calls
    ``update()`` (once per IPython session). Returns False outside IPython, where there are no
    cells."""
    screens.set_display(show)
    return on_event("post_execute", show_if_changed)


def show_if_changed() -> None:
    """The post_execute hook: show the screen if the cell drew something."""
    current = screens.current_screen()
    if current is not None and current.changed:
        show(current)


def show(screen: TurtleScreen | None = None) -> None:
    """Show the drawing now; only the part drawn since it was last shown is animated."""
    screen = screen or Screen()
    try:
        scene = screen.scene("new")
        words = describe(scene)
        picture = render(scene, words)
        if shell() is not None:
            from IPython.display import publish_display_data

            publish_display_data({"text/html": as_html(picture, words), "text/plain": words})
    finally:
        screen.mark_shown()  # even if showing failed: the next cell does not repeat the error
