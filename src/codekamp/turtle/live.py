"""A live drawing: the picture becomes a widget that hears keys, clicks and timers.

When a program asks for ``onkey``, ``onclick``, ``ondrag``, ``ontimer``… the notebook glue
(:mod:`codekamp.turtle.notebook`) shows a :class:`LiveDrawing` instead of a still picture. The
browser part (``_ESM`` below, an anywidget module) shows the same SVG picture, sends each key,
click, drag and finished timer to the kernel as a small message, and runs the timers itself, so
the kernel never waits or sleeps. The kernel calls the pupil's functions (the screen's
:class:`~codekamp.turtle.events.Events` says which) and sends the new picture back.

Why anywidget: one small file of browser code that the kernel sends with the widget, with no
extension of our own to build or install; it works in JupyterLab, Notebook 7 and JupyterLite,
and it lets the browser run the timers (ipyevents would add keys and clicks to an ipywidgets
image, but not timers; ipycanvas would need a second renderer besides the SVG one).

A live drawing leaves a still picture in the saved notebook: its output also carries the
picture as HTML (with the description as alternative text), which views without the widget
show: a notebook opened again without its kernel's widgets, GitHub, nbconvert's HTML.
"""

from __future__ import annotations

import contextlib
import io
import linecache
from typing import Any

import anywidget
import traitlets

from codekamp.hints import hint_for
from codekamp.i18n import _
from codekamp.ipython import without_own_frames
from codekamp.turtle.describe import describe
from codekamp.turtle.screen import TurtleScreen
from codekamp.turtle.svg import as_html, render

NOTE_LINES = 12
"""How many lines of what the pupil's functions printed (or the error they made) stay shown."""

_ESM = r"""
// Keys the notebook keeps: shortcuts, Shift+Enter (run the cell) and Tab (move on).
const PASS = (e) =>
  e.ctrlKey || e.metaKey || e.altKey || e.key === "Tab" || (e.shiftKey && e.key === "Enter");

function initialize({ model }) {
  // Timers run here, in the browser, once per drawing (not once per view of it).
  let started = 0;
  const running = new Map();
  function start() {
    for (const [number, milliseconds] of model.get("timers")) {
      if (number <= started) continue;
      started = number;
      running.set(number, setTimeout(() => {
        running.delete(number);
        model.send({ kind: "timer", id: number });
      }, milliseconds));
    }
  }
  function stop() {
    if (!model.get("stopped")) return;
    running.forEach(clearTimeout);
    running.clear();
  }
  model.on("change:timers", start);
  model.on("change:stopped", stop);
  start();
  return () => running.forEach(clearTimeout);
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "ck-live";
  box.tabIndex = 0;
  box.setAttribute("role", "application");
  const picture = document.createElement("div");
  const help = document.createElement("div");
  help.className = "ck-live-help";
  const note = document.createElement("pre");
  note.className = "ck-live-note";
  box.append(picture);
  el.append(box, help, note);

  let sent = 0;  // messages sent; the kernel counts the ones it has handled in "handled"
  let waiting = null;  // the latest mouse move, held back while the kernel is busy
  function send(message) {
    sent += 1;
    model.send({ ...message, n: sent });
  }
  function draw() {
    picture.innerHTML = model.get("svg");
    box.setAttribute("aria-label", model.get("words"));
  }
  let connected = false;  // the kernel has answered: this drawing is live
  function words() {
    const text = connected ? model.get("help") : model.get("asleep");
    help.textContent = text;
    help.hidden = !text || model.get("stopped");
    note.textContent = model.get("note");
    note.hidden = !model.get("note");
  }
  function handled() {
    if (!connected && model.get("handled") >= hello) {
      connected = true;
      words();
    }
    if (waiting && model.get("handled") >= sent) {
      send(waiting);
      waiting = null;
    }
  }
  function point(event) {
    const svg = picture.querySelector("svg");
    const matrix = svg && svg.getScreenCTM();
    if (!matrix) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: -p.y };
  }
  function key(type) {
    return (event) => {
      if (document.activeElement !== box || PASS(event)) return;
      event.preventDefault();
      event.stopPropagation();
      if (type === "press" || !event.repeat) send({ kind: "key", type, key: event.key });
    };
  }
  // Keys are caught on their way down, at the window, while the drawing has the keyboard:
  // Notebook 7 handles its shortcuts (arrows select cells) before they reach the drawing.
  const press = key("press");
  const release = key("release");
  function listen(on) {
    const change = on ? window.addEventListener : window.removeEventListener;
    change.call(window, "keydown", press, true);
    change.call(window, "keyup", release, true);
  }
  let button = 0;
  function mouse(kind) {
    return (event) => {
      const p = point(event);
      if (!p) return;
      event.stopPropagation();
      if (kind === "down") {
        event.preventDefault();
        box.focus({ preventScroll: true });
        button = event.button + 1;
        box.setPointerCapture(event.pointerId);
      }
      if (kind === "move") {
        if (!button) return;
        const message = { kind, button, ...p };
        if (model.get("handled") < sent) waiting = message;  // the kernel is still busy
        else send(message);
        return;
      }
      waiting = null;
      send({ kind, button: kind === "down" ? button : event.button + 1, ...p });
      if (kind === "up") button = 0;
    };
  }
  box.addEventListener("focus", () => listen(true));
  box.addEventListener("blur", () => listen(false));
  box.addEventListener("pointerdown", mouse("down"));
  box.addEventListener("pointermove", mouse("move"));
  box.addEventListener("pointerup", mouse("up"));
  box.addEventListener("mousedown", (event) => event.stopPropagation());
  box.addEventListener("contextmenu", (event) => event.preventDefault());
  model.on("change:svg", draw);
  model.on("change:help change:note change:stopped", words);
  model.on("change:handled", handled);
  draw();
  send({ kind: "hello" });  // a drawing opened again without its kernel gets no answer
  const hello = sent;
  const later = setTimeout(words, 3000);
  if (model.get("listening")) setTimeout(() => box.focus({ preventScroll: true }), 0);
  return () => {  // this view is gone (its output was cleared): stop listening for it
    clearTimeout(later);
    listen(false);
    model.off("change:svg", draw);
    model.off("change:help change:note change:stopped", words);
    model.off("change:handled", handled);
  };
}

export default { initialize, render };
"""

_CSS = """
.ck-live { display: inline-block; line-height: 0; border-radius: 4px; cursor: pointer; }
.ck-live:focus { outline: 3px solid #1a73e8; outline-offset: -3px; }
.ck-live-help { font-size: 0.9em; color: #555; margin: 0.3em 0; }
.ck-live:focus + .ck-live-help { visibility: hidden; }
.ck-live-note { margin: 0.3em 0; white-space: pre-wrap; }
"""


class LiveDrawing(anywidget.AnyWidget):
    """A drawing that reacts to keys, clicks and timers; made by :func:`live_drawing`."""

    _esm = _ESM
    _css = _CSS
    svg = traitlets.Unicode("").tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)
    help = traitlets.Unicode("").tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    timers = traitlets.List().tag(sync=True)  # [[number, milliseconds], …] not yet run
    listening = traitlets.Bool(False).tag(sync=True)
    stopped = traitlets.Bool(False).tag(sync=True)
    handled = traitlets.Int(0).tag(sync=True)
    asleep = traitlets.Unicode("").tag(sync=True)  # said if the kernel does not answer

    def __init__(self, screen: TurtleScreen) -> None:
        super().__init__()
        self.screen = screen
        self.still = ""  # the picture as HTML, for views without widgets
        self.on_msg(lambda _widget, message, _buffers: self.receive(message))

    def refresh(self, animate: str = "none") -> None:
        """Send the drawing as it is now, and the timers it waits for, to the browser."""
        screen = self.screen
        scene = screen.scene(animate)
        words = describe(scene)
        picture = render(scene, words)
        events = screen.events
        with self.hold_sync():
            self.svg = picture
            self.words = words
            self.timers = [[t.number, t.milliseconds] for t in events.pending]
            self.listening = events.listening
            self.stopped = not events.live
            self.help = _help(events)
            self.asleep = _("This drawing does not react any more: run its cell again.")
        self.still = as_html(render(screen.scene("none"), words), words)
        screen.mark_shown()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        return self.bundle()

    def bundle(self) -> dict:
        """The widget for notebooks that can show it, the still picture for the others."""
        return {
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 1,
                "model_id": self.model_id,
            },
            "text/html": self.still,
            "text/plain": self.words,
        }

    def receive(self, message: dict) -> None:
        """One message from the browser, such as ``{"kind": "key", "type": "press", "key":
        "ArrowUp"}``: call the pupil's functions, then send the new picture. A test can call it
        to press a key or click without a browser."""
        screen = self.screen
        x, y = screen.from_pixels(float(message.get("x", 0)), float(message.get("y", 0)))
        calls = screen.events.calls_for({**message, "x": x, "y": y}, screen.turtles_at)
        screen.start_counting()
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                for call in calls:
                    call.function(*call.args)
        except Exception as error:  # the pupil's function went wrong: say so under the drawing
            self._tell(printed.getvalue() + _error_text(error, call.function))
        else:
            if printed.getvalue():
                self._tell(printed.getvalue())
        finally:
            if screen.changed or screen.events.pending != _pending(self.timers):
                self.refresh()
            self.handled = int(message.get("n", self.handled))

    def _tell(self, text: str) -> None:
        lines = (self.note + text).splitlines()
        self.note = "\n".join(lines[-NOTE_LINES:])


def _pending(timers: list) -> list:
    return [tuple(timer) for timer in timers]


def _help(events: Any) -> str:
    if not events.live:
        return ""
    if events.keys:
        return _("Click the drawing, then use the keys.")
    if events.screen_clicks or events.turtle_reactions:
        return _("Click on the drawing.")
    return ""


def _error_text(error: BaseException, function: Any) -> str:
    """The pupil's mistake as the note under the drawing shows it: where (the function and the
    line of the pupil's own code), what, and Codekamp's hint if it has one."""
    name = getattr(function, "__name__", "?")
    place = _pupils_line(error)
    if place is None:
        text = _("Error in {name}: {kind}: {message}").format(
            name=name, kind=type(error).__name__, message=error
        )
    else:
        text = _("Error in {name}, line {line}: {kind}: {message}").format(
            name=name, line=place[0], kind=type(error).__name__, message=error
        )
        text += f"\n    {place[1]}" if place[1] else ""
    hint = hint_for(error, getattr(function, "__globals__", {}))
    return f"{text}\n{hint}\n" if hint else f"{text}\n"


def _pupils_line(error: BaseException) -> tuple[int, str] | None:
    """The number and text of the last line of the pupil's own code the error passed through
    (Codekamp's frames left out), or None."""
    traceback = without_own_frames(error.__traceback__)
    if traceback is None:
        return None
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    code = traceback.tb_frame.f_code
    return traceback.tb_lineno, linecache.getline(code.co_filename, traceback.tb_lineno).strip()


_widgets: dict[int, LiveDrawing] = {}


def live_drawing(screen: TurtleScreen) -> LiveDrawing:
    """The live drawing of ``screen`` (one per screen, made when first needed)."""
    widget = _widgets.get(id(screen))
    if widget is None or widget.screen is not screen:
        widget = _widgets[id(screen)] = LiveDrawing(screen)
    return widget
