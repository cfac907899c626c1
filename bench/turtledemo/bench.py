#!/usr/bin/env python3
"""Which of CPython's turtledemo programs run unchanged: codekamp, basthon-turtle, the stdlib.

For each of the 19 programs of the standard library's ``turtledemo`` package:

  codekamp        a fresh IPython kernel (the course's .venv, driven by nbclient). Cell 1
                  makes ``import turtle`` give ``codekamp.turtle``; cell 2 is the program's
                  source, unchanged (in a kernel ``__name__`` is "__main__", so its main
                  block runs: main(), then mainloop()). Then the keys, clicks, drags and
                  timers a person would give are sent to the live drawing with
                  ``live_drawing(Screen()).receive(message)``, one cell per step.
  basthon-turtle  the same in a fresh kernel of bench/turtle/.venvs/basthon (kernelspec
                  ``codekamp-bench-basthon``, made by bench/turtle/setup.sh); basthon
                  replaces ``import turtle`` itself, so there is no cell 1. Keys and drags
                  go to its widget's message handler; it offers no clicks and no timers.
  stdlib          the standard library's turtle (tkinter) under ``xvfb-run``, one process
                  per program: the source runs unchanged as ``__main__``, ``mainloop()`` is
                  replaced by "give the events, then stop", and the events are Tk events
                  (``event_generate`` on the canvas) or Tk running its own timers.

A program "runs" when it finishes without error within the cap, shows its drawing (a
picture or a live drawing; for the stdlib, its window), passes its own check of what it
is for (e.g. all six discs on the right peg after space in minimal_hanoi) and every step
changes the drawing without an error in the program's functions.

Usage: .venv/bin/python bench/turtledemo/bench.py [--demos a,b] [--libs ...] [--cap S]
The exit status is 0 whatever the results.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tokenize
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BASTHON_KERNELS = REPO / "bench" / "turtle" / ".venvs" / "bench" / "share" / "jupyter"
BASTHON_KERNEL = "codekamp-bench-basthon"
CODEKAMP_KERNEL = "python3"  # the course's .venv (jupyter_client starts it with sys.executable)
LIBS = ("codekamp", "basthon", "stdlib")
LIB_TITLES = {"codekamp": "codekamp", "basthon": "basthon-turtle", "stdlib": "standard library"}
DEFAULT_CAP_S = 120.0  # penrose alone sleeps 32 s; stdlib hanoi animates ~50 s
XVFB_SCREEN = "-screen 0 1280x1024x24"
DURING_EVERY_MS = 3000  # stdlib: a "while it runs" event is given every 3 s until it works

# --------------------------------------------------------------------------------------------
# What each program needs, and what a person would do with it
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing a person does with the drawing, and how to tell that it did its job.

    ``action``, ``before`` and ``check`` are Python run in the program's namespace, written
    with the same helpers for every library: ``_key(" ")`` (press and let go; browser key
    names), ``_press(key)``, ``_click(x, y, button)``, ``_click_turtle(t)``,
    ``_drag_turtle(t, x, y)``, ``_timers(rounds)`` and ``_drawn()`` (number of things drawn).
    """

    says: str
    action: str
    check: str
    before: str = ""
    changes: bool = True  # the drawing must look different afterwards
    during: bool = False  # the event belongs while the program still runs (round_dance)
    shows: str = "None"  # an expression whose value is reported with the result


@dataclass(frozen=True)
class Demo:
    """A turtledemo program: what it needs, the steps a person takes, and its own checks."""

    needs: str
    steps: tuple[Step, ...] = ()
    final: str = "_drawn() > 0"  # true right after the program when it drew what it is for
    helpers: str = ""  # library-neutral functions its checks use
    pictures: int = 1  # drawings it shows in a notebook (two_canvases: one per canvas)


NIM_HELPERS = '''
def _nim():
    """The game object (main() keeps it in a local variable; every stick knows it)."""
    return next(t.game for t in turtle.Screen().turtles() if isinstance(t, Stick))

def _stick(row, col):
    return next(t for t in turtle.Screen().turtles()
                if isinstance(t, Stick) and (t.row, t.col) == (row, col))
'''

SORT_HELPERS = '''
def _sorted():
    """The blocks stand from left to right in order of size."""
    return [b.size for b in sorted(s, key=lambda b: b.xcor())] == list(range(1, 11))
'''

COLORMIXER_SHOWS = "[round(t.ycor(), 3) for t in (red, green, blue)]"
SHELF = "[b.size for b in sorted(s, key=lambda b: b.xcor())]"

DEMOS: dict[str, Demo] = {
    "bytedesign": Demo("none"),
    "chaos": Demo("none"),
    "clock": Demo(
        "timer",
        steps=(
            Step(
                "let 5 timers run: the second hand moves",
                "_timers(5)",
                "second_hand.heading() != _b",
                before="_b = second_hand.heading()",
                shows="round(second_hand.heading(), 2)",
            ),
        ),
    ),
    "colormixer": Demo(
        "drag",
        steps=(
            Step(
                "drag the red slider up",
                "_drag_turtle(red, 0, 0.9)",
                "abs(red.ycor() - 0.9) < 0.02 and screen.bgcolor() != _b",
                before="_b = screen.bgcolor()",
                shows=COLORMIXER_SHOWS,
            ),
            Step(
                "drag the blue slider down",
                "_drag_turtle(blue, 2, 0.1)",
                "abs(blue.ycor() - 0.1) < 0.02 and screen.bgcolor() != _b",
                before="_b = screen.bgcolor()",
                shows=COLORMIXER_SHOWS,
            ),
        ),
    ),
    "forest": Demo("none"),
    "fractalcurves": Demo("none"),
    "lindenmayer": Demo("none"),
    "minimal_hanoi": Demo(
        "keys",
        steps=(
            Step(
                "press space: the tower moves to the right peg",
                '_key(" ")',
                "len(t3) == 6 and not t1 and not t2",
                shows="(len(t1), len(t2), len(t3))",
            ),
        ),
    ),
    "nim": Demo(
        "keys, clicks",
        helpers=NIM_HELPERS,
        steps=(
            Step(
                "press space: a game starts",
                '_key(" ")',
                "_nim().state == Nim.RUNNING",
                shows="_nim().state",
            ),
            Step(
                "click the leftmost stick of the top row: the computer answers",
                "_click_turtle(_stick(0, 0))",
                "_nim().model.sticks[0] == 0 and sum(_nim().model.sticks) < sum(_b) - _b[0]",
                before="_b = list(_nim().model.sticks)",
                shows="_nim().model.sticks",
            ),
        ),
    ),
    "paint": Demo(
        "clicks",
        final="True",  # it only shows the turtle, then waits for clicks
        steps=(
            Step("right-click: pen down", "_click(0, 0, 3)", "isdown()", changes=False),
            Step(
                "click three corners of a square",
                "_click(100, 0); _click(100, 100); _click(0, 100)",
                "abs(xcor()) < 1 and abs(ycor() - 100) < 1 and _drawn() > _b",
                before="_b = _drawn()",
                shows="(pos(), _drawn())",
            ),
            Step(
                "middle-click: next colour",
                "_click(0, 0, 2)",
                "pencolor() != _b",
                before="_b = pencolor()",
                shows="pencolor()",
            ),
            Step("right-click: pen up, the square is filled", "_click(0, 0, 3)", "not isdown()"),
        ),
    ),
    "peace": Demo("none"),
    "penrose": Demo("none"),
    "planet_and_moon": Demo("none"),
    "rosette": Demo("none", final="_drawn() == 0"),  # it draws, then undoes every line
    "round_dance": Demo(
        "keys (while running)",
        final="len(turtles()) > 10",  # the dancers (it draws no lines)
        steps=(
            Step(
                "press a key while the turtles dance: the dance stops",
                '_press("a")',
                "running is False",
                changes=False,
                during=True,
            ),
        ),
    ),
    "sorting_animate": Demo(
        "keys",
        helpers=SORT_HELPERS,
        steps=(
            Step("press i: insertion sort", '_key("i")', "_sorted()", shows=SHELF),
            Step("press r: shuffle", '_key("r")', "not _sorted()", shows=SHELF),
            Step("press s: selection sort", '_key("s")', "_sorted()", shows=SHELF),
            Step("press r: shuffle again", '_key("r")', "not _sorted()", shows=SHELF),
            Step("press q: quicksort", '_key("q")', "_sorted()", shows=SHELF),
            Step("press space: quit", '_key(" ")', "True", changes=False),
        ),
    ),
    "tree": Demo("none"),
    "two_canvases": Demo("none (two Tk canvases)", final="True", pictures=2),
    "yinyang": Demo("none"),
}

# --------------------------------------------------------------------------------------------
# Code that runs next to the program: the same helper names for every library
# --------------------------------------------------------------------------------------------

STEP_RUNNER = r'''
import json as _json
import sys as _sys


class _NotOffered(Exception):
    """The library gives no way to send this kind of event."""


def _run_step(says, before, action, check, changes, shows):
    """Do one thing a person does; say whether the drawing changed and the check holds."""
    g = globals()
    result = {"says": says}
    try:
        exec(before, g)
        _errors()
        fingerprint = _fingerprint()
        result["before"] = repr(eval(shows, g))[:200]
        exec(action, g)
        result["changed"] = _fingerprint() != fingerprint
        result["handler_errors"] = _errors()
        result["after"] = repr(eval(shows, g))[:200]
        result["check"] = bool(eval(check, g))
    except _NotOffered as error:
        result["not_offered"] = str(error)
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
    return result


def _probe(final):
    """What the program left behind: things drawn, its own check, the library's state."""
    found = {"python": _sys.executable}
    for name, get in (("drawn", _drawn), ("final", lambda: bool(eval(final, globals())))):
        try:
            found[name] = get()
        except Exception as error:
            found[name + "_error"] = f"{type(error).__name__}: {error}"
    found["handler_errors"] = _errors()
    found.update(_library_state())
    return found
'''

CODEKAMP_HELPERS = r'''
import time as _time
import turtle as _turtle  # codekamp.turtle, since cell 1
from codekamp.turtle.live import live_drawing as _live_drawing

_sent = False
_note_seen = ""


def _send(message):
    """Hand one message to the live drawing exactly as the browser would."""
    global _sent
    _sent = True
    _live_drawing(_turtle.Screen()).receive(message)


def _pixels(x, y):
    """A point in the turtles' coordinates as pixels from the middle (y upwards)."""
    screen = _turtle.Screen()
    ox, oy = screen.from_pixels(0, 0)
    ux, uy = screen.from_pixels(1, 1)
    return (x - ox) / (ux - ox), (y - oy) / (uy - oy)


def _press(key):
    _send({"kind": "key", "type": "press", "key": key})


def _key(key):
    _press(key)
    _send({"kind": "key", "type": "release", "key": key})


def _click(x, y, button=1):
    px, py = _pixels(x, y)
    _send({"kind": "down", "button": button, "x": px, "y": py})
    _send({"kind": "up", "button": button, "x": px, "y": py})


def _click_turtle(t, button=1):
    _click(*t.pos(), button)


def _drag_turtle(t, x, y, moves=5):
    (x0, y0), (x1, y1) = _pixels(*t.pos()), _pixels(x, y)
    _send({"kind": "down", "button": 1, "x": x0, "y": y0})
    for i in range(1, moves + 1):
        f = i / moves
        _send({"kind": "move", "button": 1, "x": x0 + f * (x1 - x0), "y": y0 + f * (y1 - y0)})
    _send({"kind": "up", "button": 1, "x": x1, "y": y1})


def _timers(rounds):
    """Let the pending timers run, ``rounds`` times, after their delay (as the browser)."""
    for _ in range(rounds):
        pending = list(_turtle.Screen().events.pending)
        if not pending:
            return
        _time.sleep(min(min(t.milliseconds for t in pending), 1000) / 1000)
        for timer in pending:
            _send({"kind": "timer", "id": timer.number})


def _fingerprint():
    return _turtle.Screen().svg()


def _drawn():
    return len(_turtle.Screen().drawing.items)


def _errors():
    """The new lines of the live drawing's note, if they report an error."""
    global _note_seen
    if not _sent:
        return []
    note = _live_drawing(_turtle.Screen()).note
    new = note[len(_note_seen):] if note.startswith(_note_seen) else note
    _note_seen = note
    return [line for line in new.splitlines() if line.strip()] if "Error" in new else []


def _library_state():
    events = _turtle.Screen().events
    return {"live": events.live, "timers": len(events.pending), "keys": len(events.keys)}
'''

TK_KEYS = """{" ": "space", "ArrowUp": "Up", "ArrowDown": "Down", "ArrowLeft": "Left",
    "ArrowRight": "Right", "Enter": "Return", "Backspace": "BackSpace"}"""

BASTHON_HELPERS = (
    r"""
import turtle as _turtle  # basthon's own: its .pth replaces the standard library's

_TK_KEYS = """
    + TK_KEYS
    + r'''
_handler_errors = []


def _deliver(content):
    """Hand one event to basthon's widget message handler, as its browser code would."""
    session = _turtle.Screen()._standalone_session
    if session is None or getattr(session, "widget", None) is None:
        raise _NotOffered("no live widget to send events to")
    try:
        session._receive_message(session.widget, {"type": "event", **content})
    except Exception as error:
        _handler_errors.append(f"{type(error).__name__}: {error}")


def _press(key):
    _deliver({"event": "keypress", "key": _TK_KEYS.get(key, key)})


def _key(key):
    _press(key)
    _deliver({"event": "keyrelease", "key": _TK_KEYS.get(key, key)})


def _click(x, y, button=1):
    raise _NotOffered("basthon-turtle has no clicks (onclick, onscreenclick: 'not implemented')")


def _click_turtle(t, button=1):
    _click(0, 0, button)


def _drag_turtle(t, x, y, moves=5):
    screen = _turtle.Screen()
    x0, y0 = t.pos()
    for i in range(1, moves + 1):
        f = i / moves
        bx, by = screen._convert_coordinates(x0 + f * (x - x0), y0 + f * (y - y0))
        _deliver({"event": "drag", "turtle": t._live_id, "x": bx, "y": by})


def _timers(rounds):
    raise _NotOffered("basthon-turtle has no timers (ontimer: 'not implemented')")


def _fingerprint():
    return _turtle.Screen()._svg_snapshot()


def _drawn():
    screen = _turtle.Screen()
    return len(screen.canvas._children) + len(screen.writing_canvas._children)


def _errors():
    found = list(_handler_errors)
    _handler_errors.clear()
    return found


def _library_state():
    screen = _turtle.Screen()
    return {"bindings": len(screen._live_event_handlers),
            "session": screen._standalone_session is not None}
'''
)

STDLIB_HELPERS = (
    r"""
import time as _time
import tkinter as _tk
import turtle as _turtle

_TK_KEYS = """
    + TK_KEYS
    + r'''
_handler_errors = []  # the driver points Tk's report_callback_exception here
_cv = None


def _canvas():
    """The Tk canvas of the turtle screen (kept: bye() would make a new screen)."""
    global _cv
    if _cv is None:
        _cv = _turtle.Screen().getcanvas()._canvas
    return _cv


def _pump(seconds=0.05):
    """Let Tk handle its events (and run its timers) for a while."""
    end = _time.monotonic() + seconds
    while True:
        try:
            _canvas().update()
        except _tk.TclError:
            return
        if _time.monotonic() >= end:
            return
        _time.sleep(0.01)


def _window(x, y):
    """A point in the turtles' coordinates as pixels of the canvas window."""
    screen, c = _turtle.Screen(), _canvas()
    return (round(x * screen.xscale - c.canvasx(0)), round(-y * screen.yscale - c.canvasy(0)))


def _press(key):
    c = _canvas()
    c.focus_force()
    c.event_generate(f"<KeyPress-{_TK_KEYS.get(key, key)}>")
    _pump()


def _key(key):
    _press(key)
    _canvas().event_generate(f"<KeyRelease-{_TK_KEYS.get(key, key)}>")
    _pump()


def _click(x, y, button=1):
    wx, wy = _window(x, y)
    c = _canvas()
    c.event_generate("<Motion>", x=wx, y=wy)
    c.event_generate(f"<ButtonPress-{button}>", x=wx, y=wy)
    c.event_generate(f"<ButtonRelease-{button}>", x=wx, y=wy)
    _pump()


def _click_turtle(t, button=1):
    _click(*t.pos(), button)


def _drag_turtle(t, x, y, moves=5):
    c = _canvas()
    x0, y0 = t.pos()
    c.event_generate("<Motion>", x=_window(x0, y0)[0], y=_window(x0, y0)[1])
    c.event_generate("<ButtonPress-1>", x=_window(x0, y0)[0], y=_window(x0, y0)[1])
    for i in range(1, moves + 1):
        f = i / moves
        wx, wy = _window(x0 + f * (x - x0), y0 + f * (y - y0))
        c.event_generate("<B1-Motion>", x=wx, y=wy)
        _pump(0.01)
    c.event_generate("<ButtonRelease-1>", x=wx, y=wy)
    _pump()


def _timers(rounds):
    """Tk runs the program's timers itself: let it run for ``rounds`` x 150 ms."""
    _pump(0.15 * rounds)


def _item(c, item):
    kind = c.type(item)
    looks = [c.itemcget(item, o) for o in ("fill", "text") if o in c.itemconfigure(item)]
    return (kind, [round(v, 1) for v in c.coords(item)], looks)


def _fingerprint():
    try:
        c = _canvas()
        return repr([c.cget("bg")] + [_item(c, i) for i in c.find_all()])
    except _tk.TclError:
        return "closed"


def _shows(c, item):
    """A line or polygon shows when it has two distinct points (and, if a polygon, colour)."""
    kind = c.type(item)
    if kind not in ("line", "polygon"):
        return True
    coords = c.coords(item)
    if len(set(zip(coords[::2], coords[1::2]))) < 2:
        return False
    return kind == "line" or bool(c.itemcget(item, "fill") or c.itemcget(item, "outline"))


def _drawn():
    c = _canvas()
    return sum(sum(_shows(c, i) for i in t.items) + len(t.stampItems)
               for t in _turtle.Screen().turtles())


def _errors():
    found = list(_handler_errors)
    _handler_errors.clear()
    return found


def _library_state():
    return {}
'''
)

HELPERS = {"codekamp": CODEKAMP_HELPERS, "basthon": BASTHON_HELPERS, "stdlib": STDLIB_HELPERS}
STEP_ARGS = ("says", "before", "action", "check", "changes", "shows")
CODEKAMP_FIRST_CELL = 'import sys, codekamp.turtle\nsys.modules["turtle"] = codekamp.turtle'

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What happened to one program with one library."""

    finished: bool = False  # the program returned (reached mainloop) without error
    capped: bool = False  # still running at the cap, and interrupted
    error: str | None = None  # the error's last line
    shown: str = "none"  # "picture", "live", "window" or "none"
    pictures: int = 0  # outputs of the program's cell that show a drawing
    seconds: float = 0.0  # the program's own run (cell 2)
    printed: str = ""  # what the program printed (first 300 characters)
    warnings: list[str] = field(default_factory=list)  # its stderr lines (first few)
    probe: dict = field(default_factory=dict)  # see _probe()
    steps: list[dict] = field(default_factory=list)  # see _run_step()
    not_measured: str | None = None  # the library could not run at all


def demo_dir() -> Path:
    """The turtledemo package of this Python."""
    import turtledemo

    return Path(turtledemo.__file__).parent


def demo_names() -> list[str]:
    """The programs of turtledemo (without __init__ and __main__)."""
    return sorted(p.stem for p in demo_dir().glob("*.py") if not p.stem.startswith("__"))


def demo_source(name: str) -> str:
    """A program's source text, read with its declared encoding."""
    with tokenize.open(demo_dir() / f"{name}.py") as file:
        return file.read()


def step_problem(step: Step, result: dict) -> str | None:
    """None if the step did its job, else a short reason."""
    if "error" in result:
        return result["error"]
    if "not_offered" in result:
        return "cannot be given: " + result["not_offered"]
    if result.get("capped"):
        return "still running at the cap"
    if result.get("handler_errors"):
        return " / ".join(result["handler_errors"][:2])
    if not result.get("check"):
        return "did not happen"
    if step.changes and result.get("changed") is False:
        return "the drawing did not change"
    return None


def verdict(name: str, outcome: Outcome, cap: float) -> tuple[bool | None, str]:
    """(runs?, short reason); runs is None when the library was not measured."""
    if outcome.not_measured:
        return None, "not measured: " + outcome.not_measured
    if outcome.capped:
        return False, f"still running after {cap:.0f}s (interrupted)"
    if outcome.error:
        return False, outcome.error
    if outcome.shown == "none":
        return False, "showed nothing"
    if outcome.shown != "window" and outcome.pictures < DEMOS[name].pictures:
        return False, f"showed {outcome.pictures} drawing(s), not {DEMOS[name].pictures}"
    problem = program_problem(DEMOS[name], outcome.probe)
    if problem:
        return False, problem
    for step, result in zip(DEMOS[name].steps, outcome.steps, strict=False):
        if problem := step_problem(step, result):
            return False, f"{step.says.split(':')[0]}: {problem}"
    if len(outcome.steps) < len(DEMOS[name].steps):
        return False, "stopped before all steps were given"
    return True, outcome.shown


def program_problem(demo: Demo, probe: dict) -> str | None:
    """None if the program's own check holds after it ran, else a short reason."""
    if probe.get("handler_errors"):
        return "error in a timer or event function: " + probe["handler_errors"][0]
    for key in ("final_error", "drawn_error"):
        if key in probe:
            return f"check after the program failed: {probe[key]}"
    if not probe.get("final"):
        return f"drew the wrong thing (drawn={probe.get('drawn')})"
    return None


# --------------------------------------------------------------------------------------------
# codekamp and basthon-turtle: a fresh kernel per program, driven by nbclient
# --------------------------------------------------------------------------------------------


def kernel_cells(lib: str, name: str) -> list[str]:
    """Cell 1 (codekamp only), the program, the helpers + probe, one cell per step."""
    demo = DEMOS[name]
    first = [CODEKAMP_FIRST_CELL] if lib == "codekamp" else []
    probe = f'print("@@PROBE@@" + _json.dumps(_probe({demo.final!r})))'
    helpers = STEP_RUNNER + HELPERS[lib] + demo.helpers + "\n" + probe
    steps = [step_cell(step) for step in demo.steps]
    return [*first, demo_source(name), helpers, *steps]


def step_cell(step: Step) -> str:
    """A cell that does one step and prints its result."""
    args = {k: getattr(step, k) for k in STEP_ARGS}
    return f'print("@@STEP@@" + _json.dumps(_run_step(**{args!r})))'


def kernel_env(lib: str, workdir: str) -> dict[str, str]:
    """The kernel's environment: a throwaway IPython profile; basthon's kernelspec folder."""
    env = dict(os.environ, IPYTHONDIR=os.path.join(workdir, ".ipython"))
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if lib == "basthon":
        env["JUPYTER_PATH"] = str(BASTHON_KERNELS)
    else:
        env.pop("JUPYTER_PATH", None)
    return env


def execute_cells(
    lib: str, cells: list[str], cap: float, save_as: str | None = None
) -> tuple[list[dict], list[float]]:
    """Run the cells one by one in a fresh kernel; their outputs and wall seconds. With
    ``save_as``, the executed notebook is kept there."""
    import nbformat
    from nbclient import NotebookClient

    kernel = BASTHON_KERNEL if lib == "basthon" else CODEKAMP_KERNEL
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    walls = []
    with tempfile.TemporaryDirectory(prefix="ck-turtledemo-") as workdir:
        env = kernel_env(lib, workdir)
        os.environ.clear()
        os.environ.update(env)  # the kernelspec is looked up in this environment too
        client = NotebookClient(
            nb,
            timeout=int(cap),
            kernel_name=kernel,
            allow_errors=True,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": workdir}},
            iopub_timeout=10,
        )
        with client.setup_kernel(env=env):
            for index, cell in enumerate(nb.cells):
                started = time.perf_counter()
                client.execute_cell(cell, index)
                walls.append(time.perf_counter() - started)
    if save_as:
        nbformat.write(nb, save_as)
    return [cell.get("outputs", []) for cell in nb.cells], walls


def shown_in(outputs: list[dict]) -> list[str]:
    """What each output shows: "live" (a widget), "picture" (an SVG); outputs without either
    are left out."""
    kinds = []
    for output in outputs:
        data = output.get("data", {})
        html = str(data.get("text/html", ""))
        if "application/vnd.jupyter.widget-view+json" in data:
            kinds.append("live")
        elif '<img src="data:image/svg+xml;base64' in html or "image/svg+xml" in data:
            kinds.append("picture")
    return kinds


def shown_kind(kinds: list[str]) -> str:
    """ "live" if any output is a live drawing, else "picture" if any is a picture, else "none"."""
    return "live" if "live" in kinds else ("picture" if kinds else "none")


def error_in(outputs: list[dict]) -> str | None:
    """The error of a cell as its traceback's last line, 'Name: message'."""
    for output in outputs:
        if output.get("output_type") == "error":
            return f"{output['ename']}: {output['evalue']}"
    return None


def stream_text(outputs: list[dict], name: str) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("name") == name)


def marked(outputs: list[dict], mark: str) -> dict | None:
    """The JSON a helper printed after ``mark``."""
    for line in stream_text(outputs, "stdout").splitlines():
        if line.startswith(mark):
            return json.loads(line[len(mark) :])
    return None


def run_in_kernel(lib: str, name: str, cap: float, save_as: str | None = None) -> Outcome:
    """Run one program (and its steps) in a fresh kernel of ``lib``."""
    cells = kernel_cells(lib, name)
    outputs, walls = execute_cells(lib, cells, cap, save_as)
    program = 1 if lib == "codekamp" else 0
    out = outputs[program]
    capped = walls[program] >= cap - 0.5
    error = None if capped else error_in(out)
    outcome = Outcome(
        finished=not capped and error is None,
        capped=capped,
        error=error,
        shown=shown_kind(shown_in(out)),
        pictures=len(shown_in(out)),
        seconds=round(walls[program], 2),
        printed=stream_text(out, "stdout")[:300],
        warnings=stream_text(out, "stderr").splitlines()[:8],
    )
    if lib == "codekamp" and error_in(outputs[0]):
        outcome.error = "cell 1: " + str(error_in(outputs[0]))
    outcome.probe = marked(outputs[program + 1], "@@PROBE@@") or {
        "final_error": str(error_in(outputs[program + 1]))
    }
    for out_step, wall in zip(outputs[program + 2 :], walls[program + 2 :], strict=True):
        result = marked(out_step, "@@STEP@@") or {"error": str(error_in(out_step))}
        result["capped"] = wall >= cap - 0.5
        result["seconds"] = round(wall, 2)
        outcome.steps.append(result)
    return outcome


# --------------------------------------------------------------------------------------------
# The standard library under Xvfb: one process per program
# --------------------------------------------------------------------------------------------


class StdlibRun:
    """Runs one program with the standard library's turtle in this process (under Xvfb)."""

    def __init__(self, name: str, cap: float) -> None:
        self.name, self.demo, self.cap = name, DEMOS[name], cap
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
        self.namespace["__file__"] = str(demo_dir() / f"{name}.py")
        self.reached_mainloop = False
        self.program_running = False
        self.printed = io.StringIO()

    def emit(self, mark: str, data: dict) -> None:
        """One result line for the parent process."""
        sys.__stdout__.write(mark + json.dumps(data) + "\n")
        sys.__stdout__.flush()

    def arm(self, phase: str) -> None:
        """Stop the whole process if ``phase`` is still running after the cap."""

        def stop(_signum: int, _frame: Any) -> None:
            self.emit("@@CAPPED@@", {"phase": phase})
            os._exit(3)

        signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, self.cap)

    def patch_tk(self) -> None:
        """mainloop() returns at once; errors in Tk callbacks are collected, not printed."""
        import tkinter
        import turtle

        def at_mainloop(*_args: Any, **_kwargs: Any) -> None:
            self.reached_mainloop = True

        turtle.TurtleScreenBase.mainloop = at_mainloop  # type: ignore[method-assign]
        turtle.mainloop = turtle.done = tkinter.mainloop = at_mainloop  # type: ignore[assignment]

        def report(_widget: Any, kind: type, value: BaseException, _tb: Any) -> None:
            line = traceback.format_exception_only(kind, value)[-1].strip()
            self.namespace["_handler_errors"].append(line)

        tkinter.Tk.report_callback_exception = report  # type: ignore[method-assign]

    def schedule_during_steps(self) -> None:
        """Give the "while it runs" events every few seconds while the program runs."""
        during = [s for s in self.demo.steps if s.during]
        if not during:
            return
        import turtle

        canvas = turtle.Screen().getcanvas()

        def give() -> None:
            if not self.program_running:
                return
            for step in during:
                exec(step.action, self.namespace)
            canvas.after(DURING_EVERY_MS, give)

        canvas.after(DURING_EVERY_MS, give)

    def run_program(self) -> dict:
        """The program, unchanged, as __main__; then the probe."""
        started = time.perf_counter()
        result: dict[str, Any] = {"error": None}
        self.arm("program")
        self.program_running = True
        code = compile(demo_source(self.name), self.namespace["__file__"], "exec")
        try:
            with contextlib.redirect_stdout(self.printed):
                exec(code, self.namespace)
        except BaseException as error:  # noqa: BLE001 (SystemExit, Terminator… are results)
            result["error"] = traceback.format_exception_only(type(error), error)[-1].strip()
        finally:
            self.program_running = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["reached_mainloop"] = self.reached_mainloop
        result["printed"] = self.printed.getvalue()[:300]
        result["probe"] = self.namespace["_probe"](self.demo.final)
        return result

    def run_step(self, step: Step) -> dict:
        """One step; a "while it runs" step was given already, only its check is left."""
        if step.during:
            result = {"says": step.says, "changed": None, "handler_errors": []}
            try:
                result["check"] = bool(eval(step.check, self.namespace))
            except Exception as error:
                result["error"] = f"{type(error).__name__}: {error}"
            return result
        self.arm(step.says)
        started = time.perf_counter()
        with contextlib.redirect_stdout(self.printed):
            args = {k: getattr(step, k) for k in STEP_ARGS}
            result = self.namespace["_run_step"](**args)
        signal.setitimer(signal.ITIMER_REAL, 0)
        result["seconds"] = round(time.perf_counter() - started, 2)
        return result

    def run(self) -> None:
        exec(STEP_RUNNER + STDLIB_HELPERS + self.demo.helpers, self.namespace)
        self.patch_tk()
        self.schedule_during_steps()
        self.emit("@@PROGRAM@@", self.run_program())
        for step in self.demo.steps:
            self.emit("@@STEP@@", self.run_step(step))


def stdlib_outcome(stdout: str, stderr: str, cap: float, killed: float | None) -> Outcome:
    """Read the child's result lines back into an Outcome."""
    outcome = Outcome(shown="window")
    for line in stdout.splitlines():
        if line.startswith("@@PROGRAM@@"):
            program = json.loads(line[len("@@PROGRAM@@") :])
            outcome.error, outcome.seconds = program["error"], program["seconds"]
            outcome.finished = program["error"] is None
            outcome.printed, outcome.probe = program["printed"], program["probe"]
        elif line.startswith("@@STEP@@"):
            outcome.steps.append(json.loads(line[len("@@STEP@@") :]))
        elif line.startswith("@@CAPPED@@"):
            phase = json.loads(line[len("@@CAPPED@@") :])["phase"]
            if phase == "program":
                outcome.capped = True
            else:
                outcome.steps.append({"says": phase, "capped": True, "seconds": cap})
    outcome.warnings = [x for x in stderr.splitlines() if x.strip()][:8]
    if killed and not outcome.probe and not outcome.capped:
        outcome.error = f"killed after the hard limit ({killed:.0f}s)"
    elif not outcome.probe and not outcome.capped and not outcome.error:
        outcome.error = "no result: " + (outcome.warnings[-1] if outcome.warnings else "?")
    return outcome


def run_stdlib(name: str, cap: float) -> Outcome:
    """Run one program with the standard library's turtle under xvfb-run."""
    command = ["xvfb-run", "-a", "-s", XVFB_SCREEN, sys.executable, str(Path(__file__).resolve())]
    command += ["_stdlib", json.dumps({"demo": name, "cap": cap})]
    limit = hard_limit(DEMOS[name], cap)
    stdout, stderr, killed = run_child(command, limit, cwd=tempfile.gettempdir())
    return stdlib_outcome(stdout, stderr, cap, limit if killed else None)


# --------------------------------------------------------------------------------------------
# Child processes (a hang or a crash stays contained) and what can run here
# --------------------------------------------------------------------------------------------


def hard_limit(demo: Demo, cap: float) -> float:
    """Seconds after which a child is killed: every cell at the cap, plus start-up."""
    return cap * (2 + len(demo.steps)) + 90


def run_child(command: list[str], limit: float, cwd: str | None = None) -> tuple[str, str, bool]:
    """Run a child in its own process group; kill that group after ``limit`` seconds."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        cwd=cwd,
    )
    try:
        out, err = proc.communicate(timeout=limit)
        return out, err, False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group only
        out, err = proc.communicate()
        return out, err, True


def run_kernel_child(lib: str, name: str, cap: float, save_in: str | None) -> Outcome:
    """run_in_kernel in a child process."""
    save_as = os.path.abspath(os.path.join(save_in, f"{lib}-{name}.ipynb")) if save_in else None
    spec = json.dumps({"lib": lib, "demo": name, "cap": cap, "save_as": save_as})
    command = [sys.executable, str(Path(__file__).resolve()), "_kernel", spec]
    out, err, killed = run_child(command, hard_limit(DEMOS[name], cap))
    for line in reversed(out.splitlines()):
        if line.startswith("@@RESULT@@"):
            return Outcome(**json.loads(line[len("@@RESULT@@") :]))
    if killed:
        return Outcome(error=f"killed after the hard limit ({hard_limit(DEMOS[name], cap):.0f}s)")
    last = ([x for x in err.splitlines() if x.strip()] or ["?"])[-1]
    return Outcome(error=f"benchmark child failed: {last[:200]}")


def python_can(python: str, code: str) -> tuple[bool, str]:
    """Run code with an interpreter; (ok, last line of its output)."""
    proc = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir()
    )
    lines = (proc.stdout + proc.stderr).strip().splitlines() or [""]
    return proc.returncode == 0, lines[-1]


def kernel_python(lib: str) -> str | None:
    """The interpreter of the library's kernelspec, or None if there is none."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    with tempfile.TemporaryDirectory() as workdir:
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(kernel_env(lib, workdir))
        try:
            argv = (
                KernelSpecManager()
                .get_kernel_spec(BASTHON_KERNEL if lib == "basthon" else CODEKAMP_KERNEL)
                .argv
            )
        except NoSuchKernel:
            return None
        finally:
            os.environ.clear()
            os.environ.update(saved)
    return sys.executable if argv[0] in ("python", "python3") else argv[0]


def unavailable(lib: str) -> str | None:
    """None if the library can be measured here, else the exact reason it cannot."""
    if lib == "stdlib":
        if shutil.which("xvfb-run") is None:
            return "xvfb-run not found (apt-get install -y xvfb)"
        ok, out = python_can(sys.executable, "import tkinter; print(tkinter.TkVersion)")
        return None if ok else f"no tkinter in {sys.executable}: {out}"
    python = kernel_python(lib)
    if python is None:
        return "kernelspec codekamp-bench-basthon missing (run bench/turtle/setup.sh)"
    probe = "import codekamp.turtle" if lib == "codekamp" else "import basthon.turtle"
    ok, out = python_can(python, probe)
    return None if ok else f"{probe} fails in {python}: {out}"


def library_version(lib: str) -> str:
    """Version line of a library, as its own interpreter sees it."""
    if lib == "stdlib":
        code = "import sys, tkinter; print(sys.version.split()[0], 'Tk', tkinter.TkVersion)"
        ok, out = python_can(sys.executable, code)
        return f"turtle of Python {out}" if ok else out
    python = kernel_python(lib) or "?"
    dist = "codekamp" if lib == "codekamp" else "basthon-turtle"
    ok, out = python_can(python, f"import importlib.metadata as m; print(m.version({dist!r}))")
    return f"{dist} {out if ok else '?'} ({python})"


def git_revision() -> str:
    """Short revision of the checkout, '+dirty' if src/ has local changes."""
    git = ["git", "-C", str(REPO)]
    rev = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "src"], capture_output=True)
    return rev.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def cell_text(runs: bool | None, reason: str, outcome: Outcome) -> str:
    """One table cell: 'runs (live, 2.1s)' or 'FAILS: <reason>'."""
    if runs is None:
        return reason
    if runs:
        return f"runs ({reason}, {outcome.seconds:.1f}s)"
    return "FAILS: " + shorten(reason, 90)


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(results: dict, names: list[str], libs: list[str], cap: float) -> None:
    """The table, one row per program, and the totals."""
    header = ["demo", "needs", *(LIB_TITLES[lib] for lib in libs)]
    rows = []
    for name in names:
        outcomes = [results[lib, name] for lib in libs]
        cells = [cell_text(*verdict(name, o, cap), o) for o in outcomes]
        rows.append([name, DEMOS[name].needs, *cells])
    totals = ["runs", ""]
    for lib in libs:
        verdicts = [verdict(name, results[lib, name], cap)[0] for name in names]
        measured = [v for v in verdicts if v is not None]
        totals.append(f"{sum(measured)} of {len(names)}" if measured else "not measured")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in [*rows, totals]:
        print("| " + " | ".join(row) + " |")


def print_failures(results: dict, names: list[str], libs: list[str], cap: float) -> None:
    """Each failure with its exact error text, the steps given and what the program printed."""
    for lib in libs:
        failed = [n for n in names if verdict(n, results[lib, n], cap)[0] is False]
        if not failed:
            continue
        print(f"\n## {LIB_TITLES[lib]}: failures")
        for name in failed:
            outcome = results[lib, name]
            print(f"- {name}: {verdict(name, outcome, cap)[1]}")
            for line in failure_details(lib, name, outcome):
                print(f"    {line}")


def failure_details(lib: str, name: str, outcome: Outcome) -> list[str]:
    """Extra lines about a failure: steps, stderr warnings, drawn count."""
    drawn = outcome.probe.get("drawn", "?")
    lines = [f"program: {outcome.seconds:.1f}s, shown: {outcome.shown}, drawn: {drawn}"]
    if outcome.finished and not outcome.probe.get("final", True):
        lines.append(f"check after the program: `{DEMOS[name].final}` is false")
    for step, result in zip(DEMOS[name].steps, outcome.steps, strict=False):
        problem = step_problem(step, result)
        if problem == "did not happen":
            problem += f" (check `{step.check}` is false)"
        seen = f" [{result['before']} -> {result['after']}]" if "after" in result else ""
        if step.during and lib != "stdlib":
            seen += " (given in a cell after the program's: a running cell receives no events)"
        lines.append(f"step '{step.says}': {problem or 'ok'}{seen}")
    warnings = sorted({shorten(w, 110) for w in outcome.warnings if "Warning" in w})
    lines += [f"stderr: {w}" for w in warnings[:6]]
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--demos", default="", help="comma-separated programs (default: all)")
    parser.add_argument("--libs", default=",".join(LIBS), help="codekamp,basthon,stdlib")
    parser.add_argument("--cap", type=float, default=DEFAULT_CAP_S, help="seconds per cell")
    parser.add_argument("--json", help="also write every outcome as JSON to this file")
    parser.add_argument("--save-notebooks", help="keep the executed notebooks in this folder")
    return parser.parse_args(argv)


def chosen(args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """The programs and libraries asked for (exits on an unknown name)."""
    names = [n for n in args.demos.split(",") if n] or demo_names()
    libs = [x for x in args.libs.split(",") if x]
    unknown = [n for n in names if n not in DEMOS] + [x for x in libs if x not in LIBS]
    if unknown:
        sys.exit(f"unknown: {', '.join(unknown)}; programs: {', '.join(DEMOS)}; libs: {LIBS}")
    missing = sorted(set(demo_names()) - set(DEMOS))
    if missing:
        print(f"# note: turtledemo has programs this benchmark does not know: {missing}")
    return names, libs


def measure(lib: str, name: str, args: argparse.Namespace, reason: str | None) -> Outcome:
    """One program with one library (or why it was not measured)."""
    if reason:
        return Outcome(not_measured=reason)
    if lib == "stdlib":
        return run_stdlib(name, args.cap)
    return run_kernel_child(lib, name, args.cap, args.save_notebooks)


def print_header(names: list[str], libs: list[str], reasons: dict, cap: float) -> None:
    """Date, machine, revision, and each library's version (or why it is not measured)."""
    when = time.strftime("%Y-%m-%d %H:%M")
    print(f"# turtledemo benchmark  {when}  cap {cap:.0f}s/cell  cpus {os.cpu_count()}")
    print(f"# programs: {demo_dir()} ({len(names)}); codekamp checkout @{git_revision()}")
    for lib in libs:
        about = f"NOT MEASURED: {reasons[lib]}" if reasons[lib] else library_version(lib)
        print(f"# {LIB_TITLES[lib]}: {about}")


def measure_all(
    names: list[str], libs: list[str], args: argparse.Namespace, reasons: dict
) -> dict[tuple[str, str], Outcome]:
    """Every program with every library, printing one line as each is done."""
    if args.save_notebooks:
        os.makedirs(args.save_notebooks, exist_ok=True)
    results = {}
    for name in names:
        for lib in libs:
            results[lib, name] = outcome = measure(lib, name, args, reasons[lib])
            text = cell_text(*verdict(name, outcome, args.cap), outcome)
            print(f"#   {name:16s} {LIB_TITLES[lib]:17s} {text}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names, libs = chosen(args)
    started = time.perf_counter()
    reasons = {lib: unavailable(lib) for lib in libs}
    print_header(names, libs, reasons, args.cap)
    results = measure_all(names, libs, args, reasons)
    print()
    print_table(results, names, libs, args.cap)
    print_failures(results, names, libs, args.cap)
    print(f"\n# total {time.perf_counter() - started:.0f}s")
    if args.json:
        records = [{"lib": lib, "demo": name, **asdict(o)} for (lib, name), o in results.items()]
        Path(args.json).write_text(json.dumps(records, indent=1) + "\n")
    return 0


def child(kind: str, spec: dict) -> None:
    """Entry point of the child processes."""
    if kind == "_kernel":
        outcome = run_in_kernel(spec["lib"], spec["demo"], spec["cap"], spec["save_as"])
        print("@@RESULT@@" + json.dumps(asdict(outcome)))
    else:
        StdlibRun(spec["demo"], spec["cap"]).run()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] in ("_kernel", "_stdlib"):
        child(sys.argv[1], json.loads(sys.argv[2]))
    else:
        sys.exit(main())
