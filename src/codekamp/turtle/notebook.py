"""Showing the drawing in a notebook: one SVG picture when a cell that drew ends.

This works like matplotlib's inline backend: a function registered on IPython's
``post_execute`` event shows the screen if the cell changed it. Nothing here sleeps, and
nothing is sent while the cell runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from codekamp.i18n import _
from codekamp.ipython import on_event, shell

if TYPE_CHECKING:
    from codekamp.turtle.screen import TurtleScreen


def register_display() -> bool:
    """Show the drawing at the end of every cell that changed it (once per IPython session).

    Returns False outside IPython, where there are no cells.
    """
    return on_event("post_execute", show_if_changed)


def show_if_changed() -> None:
    """The post_execute hook: show the screen if the cell drew something."""
    from codekamp.turtle import screen

    current = screen._the_screen
    if current is not None and current.changed:
        show(current)


def show(screen: TurtleScreen | None = None) -> None:
    """Show the drawing now; only the part drawn since it was last shown is animated."""
    from codekamp.turtle.screen import Screen
    from codekamp.turtle.svg import describe

    screen = screen or Screen()
    picture = screen.svg(animate="new")
    if shell() is not None:
        from IPython.display import publish_display_data

        # The text shows only where the picture cannot: JupyterLab hides SVG in a notebook it
        # does not trust, such as one downloaded from Binder and uploaded again.
        text = (
            describe(screen)
            + "\n"
            + _("If you see this text instead of the drawing, run the cell again.")
        )
        publish_display_data({"image/svg+xml": picture, "text/plain": text})
    screen.mark_shown()
