"""Showing the robot's world in a notebook: one animated SVG picture when a cell that moved a
robot ends, as the turtle does (a function on IPython's ``post_execute`` event).

The picture is an ``<img>`` whose alternative text says what it shows, with the same words as
plain text (see :func:`codekamp.turtle.svg.as_html`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from codekamp.ipython import on_event, shell
from codekamp.robot import robot as robots
from codekamp.robot.picture import describe_stage, scene_of
from codekamp.robot.robot import Stage
from codekamp.turtle.svg import as_html, render


def register_display() -> bool:
    """Show the world at the end of every cell that changed it (once per IPython session)."""
    return on_event("pre_run_cell", new_cell) and on_event("post_execute", show_if_changed)


def new_cell(*_info: Any) -> None:
    """The pre_run_cell hook: a new cell may give the robots their full number of steps."""
    stage = robots.existing_stage()
    if stage is not None:
        stage.start_counting()


def show_if_changed() -> None:
    """The post_execute hook: show the world if the cell changed it."""
    stage = robots.existing_stage()
    if stage is not None and stage.changed:
        show(stage)


@contextmanager
def world_of_its_own() -> Iterator[None]:
    """Run a widget's function (a slider's, a button's) like a cell of its own: the robots get
    their full number of steps, and the world is shown at the end, where the function's output
    goes (see :mod:`codekamp.widgets`)."""
    new_cell()
    try:
        yield
    finally:
        show_if_changed()


def show(stage: Stage | None = None) -> None:
    """Show the world now; what the robots did since it was last shown is animated."""
    stage = stage or robots.current_stage()
    try:
        bundle = picture(stage)
        if shell() is not None:
            from IPython.display import publish_display_data

            publish_display_data(bundle)
    finally:
        stage.mark_shown()


def picture(stage: Stage) -> dict[str, str]:
    """The world as a display bundle (HTML and plain text); what the robots did since it was
    last shown is animated."""
    words = describe_stage(stage)
    drawn = render(scene_of(stage), words)
    return {"text/html": as_html(drawn, words), "text/plain": words}
