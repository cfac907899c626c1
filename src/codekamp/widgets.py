"""Sliders and buttons that behave as a pupil expects (lesson 08), on top of ipywidgets.

ipywidgets makes the sliders, dropdowns and buttons; two helpers make them fit the course:

- :func:`interact` is ipywidgets' ``interact`` (same arguments: ``(5, 15, 2)`` gives a slider,
  a list gives a dropdown, the function's default values are where the widgets start), and
  each time a widget moves, the turtle's drawing starts again on a wiped screen and the new
  drawing (or the robot's world) replaces the old one under the widgets, at once. With
  ipywidgets' own ``interact`` a turtle drawing would not change when the slider moves::

      def star(points=5, size=100):
          for point in range(points):
              forward(size)
              right(180 - 180 / points)

      interact(star, points=(5, 15, 2), size=(50, 200, 10))

- :func:`show` shows widgets below each other with room for messages under them: what the
  buttons' functions print and the mistakes they make (with the friendly hint) appear there.
  JupyterLab would otherwise send them to its log, where a pupil never looks.

A notebook saved from JupyterLab keeps the widgets' last state; where widgets cannot work (a
page exported without it, GitHub), both helpers leave a short note in the pupil's language, and
``interact`` also the last drawing. Like the rest of the package this is pure Python (ipywidgets
is too); in JupyterLite it is still untested.
"""

from __future__ import annotations

import functools
import html
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from codekamp import hints
from codekamp.i18n import _
from codekamp.ipython import shell, without_own_frames


def interact(function: Callable[..., Any] | None = None, /, **widgets: Any) -> Any:
    """ipywidgets' ``interact``, redrawing the turtle's drawing or the robot's world each time
    a widget moves. Also a decorator: ``@interact(points=(5, 15, 2))``, which gives back the
    function. Called directly, it gives back nothing, so a cell that ends with it shows only
    the widgets (ipywidgets' own would also show ``<function star…>`` under them)."""
    if function is None:
        return functools.partial(_decorate, widgets=widgets)
    import ipywidgets

    last: dict[str, str] = {}
    shown = ipywidgets.interactive(_redrawing(function, last), **widgets)
    _display(shown, last.get("text/html", ""))
    return None


def _decorate(function: Callable[..., Any], widgets: dict[str, Any]) -> Callable[..., Any]:
    interact(function, **widgets)
    return function


def show(*widgets: Any) -> None:
    """Show ``widgets`` below each other, with room under them for what their functions print,
    their mistakes (each with the friendly hint) and their drawings. Each click or change
    replaces what the one before it showed there."""
    import ipywidgets

    messages = ipywidgets.Output()
    for widget in _inside(widgets):
        _report_in(widget, messages)
    box = ipywidgets.VBox([*widgets, messages])
    _display(box)


def _redrawing(function: Callable[..., Any], last: dict[str, str]) -> Callable[..., Any]:
    """``function``, run like a cell of its own; ``last`` keeps its latest picture."""

    @functools.wraps(function)  # ipywidgets reads the parameters and defaults through this
    def redraw(**values: Any) -> None:
        with _drawings_of_their_own(wiped=True) as pictures:
            try:
                function(**values)
            except Exception as error:
                report(error)
        last.clear()
        last.update(pictures[0] if pictures else {})

    return redraw


@contextmanager
def _drawings_of_their_own(wiped: bool) -> Iterator[list[dict[str, str]]]:
    """The turtle and the robot (those the notebook uses) each start a picture of their own;
    ``wiped``: the turtles start again on a wiped screen. Gives the list that gets the turtle's
    still pictures."""
    with ExitStack() as stack:
        pictures: list[dict[str, str]] = []
        turtle = sys.modules.get("codekamp.turtle.notebook")
        if turtle is not None:
            pictures = stack.enter_context(turtle.drawing_of_its_own(wiped))
        robot = sys.modules.get("codekamp.robot.notebook")
        if robot is not None:
            stack.enter_context(robot.world_of_its_own())
        yield pictures


def report(error: BaseException) -> None:
    """Show ``error`` as a failed cell shows it (the pupil's lines, the message, the hint),
    where output goes now: under the widget whose function failed."""
    current = shell()
    if current is None:
        raise error
    kind, traceback = type(error), error.__traceback__
    if current.custom_exceptions and isinstance(error, current.custom_exceptions):
        current.CustomTB(kind, error, traceback)  # Codekamp's own messages, as in a cell
    else:
        current.showtraceback((kind, error, without_own_frames(traceback)))
    hints.publish_hint(error)


def _report_in(widget: Any, messages: Any) -> None:
    """Let ``widget`` print into ``messages``, and show its functions' mistakes there."""
    import ipywidgets

    if isinstance(widget, ipywidgets.Button):
        callbacks = list(widget._click_handlers.callbacks)
        widget._click_handlers = _reporting_dispatcher()(callbacks=callbacks)
    comm = getattr(widget, "comm", None)
    if comm is None:
        return
    handle = widget._handle_msg

    def handle_in_messages(message: dict) -> None:
        from IPython.display import clear_output

        with messages, _drawings_of_their_own(wiped=False):
            clear_output(wait=True)  # what the last click showed goes when this one shows
            try:
                handle(message)
            except Exception as error:  # a function that watches the widget's value
                report(error)

    comm.on_msg(handle_in_messages)


@functools.cache
def _reporting_dispatcher() -> type:
    import ipywidgets

    class Reporting(ipywidgets.CallbackDispatcher):
        """A button's functions, each called in turn; a mistake is shown with its hint
        (ipywidgets would show Python's bare traceback, its own lines included)."""

        def __call__(self, *args: Any, **kwargs: Any) -> None:
            for callback in list(self.callbacks):
                try:
                    callback(*args, **kwargs)
                except Exception as error:
                    report(error)

    return Reporting


def _inside(widgets: tuple) -> Iterator[Any]:
    """Every widget in ``widgets``, and in the boxes among them."""
    for widget in widgets:
        yield widget
        yield from _inside(tuple(getattr(widget, "children", ())))


def _display(widget: Any, picture: str = "") -> None:
    """Show ``widget``; a page that cannot run widgets shows a note (and ``picture``)."""
    from IPython.display import display

    note = _("Sliders and buttons only work in Jupyter: open this notebook there and run the cell.")
    bundle = dict(widget._repr_mimebundle_())
    bundle["text/plain"] = note
    bundle["text/html"] = f'<p class="codekamp-widget-note">🎚️ {html.escape(note)}</p>{picture}'
    display(bundle, raw=True)
