"""A live turtle drawing in Chromium: how fast it reaches the page, and how fast a key redraws it.

The issue's targets: "in live mode a 5,000-step drawing reaches the browser in under 1 s and a
key press redraws in under 100 ms, measured in Chromium". The drawing is the square spiral of
``bench/turtle`` (``forward(1 + 180 * i / N); left(91)`` for N steps).

For each front end (JupyterLab, Notebook 7) a fresh Jupyter server serves notebooks written here.
Each measurement opens a notebook of its own in a new Chromium page, so it runs in a fresh kernel;
its first cell imports ``codekamp.turtle`` (not timed), its second cell is the drawing. Per case:

- **reach**: from the Shift+Enter keydown on the drawing's cell (``performance.now()`` in a
  capture listener on the page's window) until the drawing is in the cell's output, as a
  MutationObserver in the page sees it: for the static picture (no events), the ``<img>`` is in
  the DOM and loaded; for the live one (``onkey`` and ``listen`` at the top of the cell), the
  ``.ck-live svg`` is in the DOM. Afterwards the picture is checked to be the whole drawing (as
  many path numbers as the same program renders here).
- **key → redraw**: the live drawing is clicked, then ArrowUp pressed ``PRESSES`` times (each
  press waits for the previous redraw). Latency: from the keydown (capture listener on the
  window) to the change of the picture div's content (a MutationObserver on it), both on the
  page's clock. ``onkey`` reacts when the key is let go, as the standard library's does; the
  keyup follows the keydown at once here.
- **kernel**: the kernel's own part, from IPython's ``pre_run_cell`` to ``post_run_cell`` (the
  drawing is shown in ``post_execute``, in between) and, per key, the time spent in
  ``LiveDrawing.receive``; written by hooks that the first cell registers.

Notebook 7.5 handles its command-mode shortcuts (ArrowUp selects the cell above) before a key
reaches the page's elements; the live drawing therefore catches keys at the window while it has
the keyboard (this bench found that). Should ArrowUp bring no redraw again, the run says so and
presses ArrowRight instead, which the drawing's cell also binds. ``--nodelay`` adds an
experiment: the key presses again on a server whose kernel websockets send at once
(``NODELAY_CONFIG``).

    .venv/bin/python bench/turtle_live/bench.py [--reps 3] [--front-ends lab,notebook]
        [--nodelay] [--screenshots DIR]

About 3 minutes with the defaults, 5 with ``--nodelay``. It exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tools")]  # browser_support

from browser_support import chromium, jupyter_server  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

TOKEN = "turtle-live"
BIG, SMALL = 5000, 100
PRESSES = 20
PAUSE_BETWEEN_PRESSES = 0.05  # seconds after a redraw, so the kernel is idle before the next key
REACH_TARGET, KEY_TARGET = 1.0, 0.1  # seconds, from the issue
TIMEOUT_MS = 60_000

FRONT_ENDS = {"lab": ("JupyterLab", "lab", "lab/tree"), "notebook": ("Notebook 7", "notebook",
              "notebooks")}  # fmt: skip
"""Front end: its name, the ``jupyter`` command that serves it, where it opens a notebook."""

LIVE_HEADER = 'onkey(lambda: forward(10), "Up")\nonkey(lambda: forward(10), "Right")\nlisten()\n'
KEYS = ("ArrowUp", "ArrowRight")
"""The key pressed, and the one pressed instead if ArrowUp never reaches the drawing (Notebook
7.5 took it in command mode, to select the cell above, until the drawing caught keys at the
window: see README.md)."""
FIRST_KEY_TIMEOUT_MS = 3000

NODELAY_CONFIG = """
# The experiment of bench/turtle_live --nodelay: the kernel websocket with TCP_NODELAY.
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def _open_without_nagle(self, kernel_id):
    self.set_nodelay(True)
    return await _open(self, kernel_id)


KernelWebsocketHandler.open = _open_without_nagle
"""
"""A server configuration (Python, run by the server) for the ``--nodelay`` experiment:
tornado's websockets leave Nagle's algorithm on unless told, and jupyter_server 2.21 does not
tell them; a small message then waits for the browser's delayed ACK (about 40 ms on Linux)."""


# Installed in every page before its own scripts: the times of every key, on the page's clock.
# On the window, in the capture phase, registered first: it hears a key before anything else
# (the live drawing, too, catches keys at the window and stops them there).
PAGE_CLOCK_JS = """
window.__bench = { downs: [], ups: [], reach: null, redraws: [] };
window.addEventListener("keydown", (e) => window.__bench.downs.push(
  { key: e.key, shift: e.shiftKey, t: performance.now() }), true);
window.addEventListener("keyup", (e) => window.__bench.ups.push(
  { key: e.key, t: performance.now() }), true);
"""

# Watches the drawing's cell until its picture is there: an <img> loaded, or a live svg.
WATCH_REACH_JS = """
({ cell, live }) => {
  const bench = window.__bench;
  bench.reach = { keysBefore: bench.downs.length, inDom: null, loaded: null };
  const root = document.querySelectorAll(".jp-Notebook .jp-Cell")[cell];
  function found() {
    if (live) {
      if (!root.querySelector(".ck-live svg")) return false;
      bench.reach.inDom = bench.reach.loaded = performance.now();
      return true;
    }
    const img = root.querySelector('.jp-OutputArea img[src^="data:image/svg+xml"]');
    if (!img) return false;
    bench.reach.inDom = performance.now();
    const loaded = () => { bench.reach.loaded = performance.now(); };
    if (img.complete && img.naturalWidth) loaded();
    else img.addEventListener("load", loaded, { once: true });
    return true;
  }
  const observer = new MutationObserver(() => { if (found()) observer.disconnect(); });
  observer.observe(root, { childList: true, subtree: true });
}
"""

# The reach time: from the Shift+Enter keydown to the picture, or null while it is not there.
REACH_SECONDS_JS = """
() => {
  const reach = window.__bench.reach;
  if (reach.loaded === null) return null;
  const press = window.__bench.downs.slice(reach.keysBefore)
    .find((k) => k.key === "Enter" && k.shift);
  return press ? (reach.loaded - press.t) / 1000 : null;
}
"""

# The path numbers of the cell's picture (the svg of the live drawing, or the img's data).
PATH_NUMBERS_JS = """
({ cell }) => {
  const root = document.querySelectorAll(".jp-Notebook .jp-Cell")[cell];
  let svg = root.querySelector(".ck-live svg");
  if (!svg) {
    const img = root.querySelector('.jp-OutputArea img[src^="data:image/svg+xml"]');
    if (!img) return -1;
    const text = new TextDecoder().decode(
      Uint8Array.from(atob(img.src.split(",")[1]), (c) => c.charCodeAt(0)));
    svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
  }
  return [...svg.querySelectorAll("path")]
    .map((p) => (p.getAttribute("d") || "").match(/-?\\d*\\.?\\d+/g) || [])
    .reduce((total, numbers) => total + numbers.length, 0);
}
"""

# Records the time of every change of the live drawing's picture.
WATCH_REDRAWS_JS = """
({ cell }) => {
  const bench = window.__bench;
  const picture = document.querySelectorAll(".jp-Notebook .jp-Cell")[cell]
    .querySelector(".ck-live > div");
  bench.redraws = [];
  if (bench.observer) bench.observer.disconnect();
  bench.observer = new MutationObserver(() => bench.redraws.push({ t: performance.now(),
    down: bench.downs.at(-1), up: bench.ups.at(-1) }));
  bench.observer.observe(picture, { childList: true, subtree: true, characterData: true });
}
"""


def spiral(steps: int) -> str:
    """The square spiral of bench/turtle, as a pupil's cell."""
    return f"for i in range({steps}):\n    forward(1 + 180 * i / {steps})\n    left(91)\n"


def drawing_cell(steps: int, live: bool) -> str:
    """The drawing's cell: the spiral, with ``onkey`` and ``listen`` first if ``live``."""
    return (LIVE_HEADER if live else "") + spiral(steps)


def setup_cell(records: Path) -> str:
    """The first cell: the pupil's import, and hooks that write the kernel's times to
    ``records`` (one JSON object a line) once the drawing's cell has run."""
    return f"""from codekamp.turtle import *
import json as _json, sys as _sys, time as _time

def _bench_hooks(path):
    started = []

    def write(record):
        with open(path, "a", encoding="utf-8") as file:
            file.write(_json.dumps(record) + "\\n")

    def time_receive(live):
        original = live.LiveDrawing.receive

        def receive(self, message):
            start = _time.perf_counter()
            try:
                return original(self, message)
            finally:
                write({{"kind": "receive", "message": message.get("kind"),
                        "type": message.get("type"), "seconds": _time.perf_counter() - start}})

        live.LiveDrawing.receive = receive

    def pre(info):
        started[:] = [_time.perf_counter()]

    def post(result):
        if started:
            write({{"kind": "cell", "seconds": _time.perf_counter() - started[0]}})
        live = _sys.modules.get("codekamp.turtle.live")
        if live and not hasattr(live, "_bench_timed"):
            live._bench_timed = True
            time_receive(live)

    get_ipython().events.register("pre_run_cell", pre)
    get_ipython().events.register("post_run_cell", post)

_bench_hooks({str(records)!r})
del _bench_hooks
print("ready")
"""


def notebook(cells: list[str]) -> dict:
    """A notebook (nbformat 4 JSON) with these code cells, for the venv's python3 kernel."""
    return {
        "cells": [{"cell_type": "code", "id": f"cell{n}", "metadata": {}, "source": source,
                   "outputs": [], "execution_count": None} for n, source in enumerate(cells)],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def expected_path_numbers(source: str) -> int:
    """How many numbers the paths of ``source``'s drawing hold, rendered here as the kernel
    renders it: the page's picture must hold as many to be the whole drawing."""
    import codekamp.turtle as turtle
    from codekamp.turtle.describe import describe
    from codekamp.turtle.svg import render

    namespace = {name: getattr(turtle, name) for name in turtle.__all__}
    with turtle.fresh_screen() as screen:
        exec(source, namespace)
    scene = screen.scene("new")
    picture = render(scene, describe(scene))
    paths = re.findall(r'<path[^>]*\sd="([^"]*)"', picture)
    return sum(len(re.findall(r"-?\d*\.?\d+", d)) for d in paths)


@dataclass
class Run:
    """What one notebook gave: the reach time, key latencies and the kernel's times."""

    reach: float | None = None
    keys: list[float] = field(default_factory=list)
    kernel_cell: float | None = None
    kernel_keys: list[float] = field(default_factory=list)
    key: str = ""
    problems: list[str] = field(default_factory=list)


def server_json(url: str, path: str, method: str = "GET") -> object:
    """The server's REST API: the JSON it answers to ``method`` on ``/api/<path>``."""
    request = urllib.request.Request(f"{url}/api/{path}?token={TOKEN}", method=method)
    with urllib.request.urlopen(request, timeout=10) as reply:
        body = reply.read()
    return json.loads(body) if body else None


def wait_for_idle_kernel(url: str, timeout: float = 90) -> None:
    """Until the notebook's kernel is idle with the page connected to it. (While a kernel
    starts, jupyter_server 2.21 may answer 500 to /api/kernels: KeyError 'last_activity'.)"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            kernels = server_json(url, "kernels")
        except urllib.error.HTTPError:
            kernels = None
        if kernels and all(k["execution_state"] == "idle" and k["connections"] for k in kernels):
            return
        time.sleep(0.1)
    raise TimeoutError(f"no idle kernel within {timeout} s")


def end_sessions(url: str) -> None:
    """Shut down every kernel the pages started (the machine has 2 cores)."""
    with suppress(OSError):
        for session in server_json(url, "sessions") or []:
            server_json(url, f"sessions/{session['id']}", method="DELETE")


def kernel_records(path: Path) -> list[dict]:
    """What the first cell's hooks wrote (see :func:`setup_cell`)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@contextmanager
def notebook_page(
    context: BrowserContext, server: dict, front_end: str, name: str, cells: list[str]
) -> Iterator[Page]:
    """A new page on a notebook of its own (so a fresh kernel) with ``cells``; its first cell
    run. The page is closed and its kernel shut down afterwards."""
    (server["folder"] / f"{name}.ipynb").write_text(json.dumps(notebook(cells)), encoding="utf-8")
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and server["console"].append(m.text))
    page.on("pageerror", lambda error: server["console"].append(f"pageerror: {error}"))
    try:
        page.goto(f"{server['url']}/{FRONT_ENDS[front_end][2]}/{name}.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputPrompt", timeout=TIMEOUT_MS)
        wait_for_idle_kernel(server["url"])
        page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        first = page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-OutputArea-output")
        first.filter(has_text="ready").wait_for(timeout=TIMEOUT_MS)
        wait_for_idle_kernel(server["url"])
        yield page
    finally:
        page.close()
        end_sessions(server["url"])


def run_drawing_cell(page: Page, live: bool, expected: int, run: Run) -> None:
    """Press Shift+Enter on the drawing's cell (the active one) and time its reach."""
    page.evaluate(WATCH_REACH_JS, {"cell": 1, "live": live})
    page.keyboard.press("Shift+Enter")
    handle = page.wait_for_function(REACH_SECONDS_JS, timeout=TIMEOUT_MS, polling=50)
    run.reach = handle.json_value()
    numbers = page.evaluate(PATH_NUMBERS_JS, {"cell": 1})
    if numbers != expected:
        run.problems.append(f"the picture holds {numbers} path numbers, not {expected}")


def focus_drawing(page: Page) -> None:
    """Click the live drawing, as a pupil does before using the keys."""
    page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".ck-live").click()
    time.sleep(0.3)  # the click's messages (pointer down and up) are handled


def redrawn(page: Page, count: int, timeout_ms: int) -> bool:
    """Whether the picture has changed ``count`` times (since WATCH_REDRAWS_JS) in time."""
    try:
        page.wait_for_function(
            f"() => window.__bench.redraws.length >= {count}", timeout=timeout_ms, polling="raf"
        )
    except Exception:
        return False
    return True


def press_keys(page: Page, run: Run, presses: int) -> None:
    """Focus the live drawing by clicking it, then press ArrowUp ``presses`` times, each after
    the previous redraw, and record each latency on the page's clock. If ArrowUp never
    reaches the drawing, say so and press ArrowRight instead."""
    for key in KEYS:
        focus_drawing(page)
        page.evaluate(WATCH_REDRAWS_JS, {"cell": 1})
        page.keyboard.press(key)
        if redrawn(page, 1, FIRST_KEY_TIMEOUT_MS):
            break
        run.problems.append(f"{key} did not reach the live drawing (no redraw within "
                            f"{FIRST_KEY_TIMEOUT_MS / 1000:g} s)")  # fmt: skip
    else:
        return
    run.key = key
    for n in range(2, presses + 1):
        time.sleep(PAUSE_BETWEEN_PRESSES)
        page.keyboard.press(key)
        if not redrawn(page, n, 10_000):
            run.problems.append(f"no redraw within 10 s after key press {n}")
            break
    time.sleep(0.2)  # a late extra redraw would show here
    redraws = page.evaluate("() => window.__bench.redraws")
    if len(redraws) != presses:
        run.problems.append(f"{len(redraws)} redraws for {presses} key presses")
    for redraw in redraws[:presses]:
        run.keys.append((redraw["t"] - redraw["down"]["t"]) / 1000)


def add_kernel_times(run: Run, records: Path) -> None:
    """The kernel's part: the drawing cell's time, and each key release's ``receive``."""
    records_read = kernel_records(records)
    cells = [r["seconds"] for r in records_read if r["kind"] == "cell"]
    run.kernel_cell = cells[0] if cells else None
    run.kernel_keys = [
        r["seconds"]
        for r in records_read
        if r["kind"] == "receive" and r["message"] == "key" and r["type"] == "release"
    ]


def measure_notebook(
    context: BrowserContext, server: dict, front_end: str, name: str, steps: int, live: bool,
    presses: int,
    screenshots: Path | None,
) -> Run:  # fmt: skip
    """One notebook in a fresh kernel: the drawing's reach, then (live) its key presses."""
    records = server["folder"] / f"{name}.kernel.jsonl"
    source = drawing_cell(steps, live)
    run = Run()
    with notebook_page(context, server, front_end, name, [setup_cell(records), source]) as page:
        run_drawing_cell(page, live, expected_path_numbers(source), run)
        if screenshots:
            time.sleep(4.5)  # the drawing's animation (at most 4 s) has ended
            page.screenshot(path=screenshots / f"{front_end}-{name}-drawn.png")
        if live and presses:
            press_keys(page, run, presses)
            if screenshots:
                page.screenshot(path=screenshots / f"{front_end}-{name}-after-keys.png")
        time.sleep(0.2)  # the kernel's last records are written
    add_kernel_times(run, records)
    return run


CASES = {
    "static": (BIG, False, 0),
    "live": (BIG, True, PRESSES),
    "live-small": (SMALL, True, PRESSES),
}
"""Notebook: the spiral's steps, live or not, how many key presses."""


def measure_front_end(
    front_end: str, reps: int, screenshots: Path | None, cases: list[str], nodelay: bool = False
) -> dict[str, list[Run]]:
    """``reps`` runs of each case, each in a notebook (and kernel) of its own, after one
    warm-up run (not counted) that brings the front end's code into the browser's cache. With
    ``nodelay``, the server's kernel websockets send without Nagle's delay (NODELAY_CONFIG)."""
    folder = Path(tempfile.mkdtemp(prefix="codekamp-turtle-live-"))
    runs: dict[str, list[Run]] = {case: [] for case in cases}
    app = FRONT_ENDS[front_end][1]
    (folder / "root").mkdir()
    if nodelay:
        (folder / "state" / "config").mkdir(parents=True)
        (folder / "state" / "config" / "jupyter_server_config.py").write_text(NODELAY_CONFIG)
    try:
        with (
            jupyter_server(app, folder / "root", folder / "state", TOKEN) as server,
            chromium() as browser,
        ):
            server = {**server, "console": []}
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.add_init_script(PAGE_CLOCK_JS)
            measure_notebook(context, server, front_end, "warmup", SMALL, True, 2, None)
            for rep in range(reps):
                for case in cases:
                    steps, live, presses = CASES[case]
                    shots = screenshots if rep == 0 else None
                    name = f"{case}-{rep}"
                    try:
                        run = measure_notebook(
                            context, server, front_end, name, steps, live, presses, shots
                        )
                    except Exception as error:  # one failed run leaves the others' figures
                        run = Run(problems=[f"failed: {error!r}", *server_errors(folder)])
                    report_run(front_end, name, run)
                    runs[case].append(run)
            for message in dict.fromkeys(server["console"]):
                print(f"  browser console: {message[:300]}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return runs


def server_errors(folder: Path) -> list[str]:
    """The server log's error lines so far (for a run that failed)."""
    log = folder / "state" / "server.log"
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    return [f"server: {line}" for line in lines if "[E " in line or "Error" in line][-10:]


def report_run(front_end: str, name: str, run: Run) -> None:
    """One run's figures and problems, on stderr as the bench goes."""
    keys = f", keys median {statistics.median(run.keys) * 1000:.0f} ms" if run.keys else ""
    reach = f"{run.reach:.3f} s" if run.reach is not None else "-"
    print(f"{front_end} {name}: reach {reach}{keys}", file=sys.stderr, flush=True)
    for problem in run.problems:
        print(f"  PROBLEM: {problem}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Figure:
    """Several measurements of one thing, summed up: the median, and ``low`` (the minimum, or
    the 90th percentile for key presses, as ``low_name`` says) and the maximum."""

    median: float
    low: float
    high: float
    count: int
    low_name: str = "min"

    @classmethod
    def of(cls, values: list[float], percentile: bool = False) -> Figure | None:
        if not values:
            return None
        low = p90(values) if percentile else min(values)
        name = "p90" if percentile else "min"
        return cls(statistics.median(values), low, max(values), len(values), name)


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def seconds_text(value: float | None, unit: str) -> str:
    """Seconds as the table shows them: in ``unit`` "s" or "ms"."""
    if value is None:
        return "-"
    return f"{value:.2f} s" if unit == "s" else f"{value * 1000:.0f} ms"


def figure_text(figure: Figure | None, unit: str) -> str:
    """ "median (min or p90, max, n)"."""
    if figure is None:
        return "no result"
    low, high = seconds_text(figure.low, unit), seconds_text(figure.high, unit)
    return f"{seconds_text(figure.median, unit)} ({figure.low_name} {low}, max {high}, " + (
        f"n={figure.count})"
    )


def ratio_text(figure: Figure | None, reference: float | None) -> str:
    """The figure's median over the reference (below 1: better than the reference)."""
    if figure is None or not reference:
        return "-"
    return f"{figure.median / reference:.2f}x"


def pressed_keys(runs: list[Run]) -> str:
    """The key the runs pressed, as the table names it."""
    pressed = sorted({run.key for run in runs if run.key}, reverse=True) or [KEYS[0]]
    text = "/".join(pressed)
    return text + (" (ArrowUp never arrived)" if KEYS[0] not in pressed else "")


def rows(front_end: str, runs: dict[str, list[Run]]) -> list[tuple[str, ...]]:
    """The table's rows for one front end: case, figure, reference, ratio, kernel's part."""
    name = FRONT_ENDS[front_end][0]

    def reach(case: str) -> Figure | None:
        return Figure.of([r.reach for r in runs[case] if r.reach is not None])

    def kernel_cell(case: str) -> Figure | None:
        return Figure.of([r.kernel_cell for r in runs[case] if r.kernel_cell is not None])

    def keys(case: str) -> tuple[Figure | None, Figure | None]:
        latencies = [latency for run in runs[case] for latency in run.keys]
        kernel = Figure.of([k for run in runs[case] for k in run.kernel_keys])
        return Figure.of(latencies, percentile=True), kernel

    static, live = reach("static"), reach("live")
    static_kernel, live_kernel = kernel_cell("static"), kernel_cell("live")
    table = [
        (name, f"static {BIG:,} steps: Shift+Enter -> img loaded", figure_text(static, "s"),
         f"target {REACH_TARGET:g} s", ratio_text(static, REACH_TARGET),
         seconds_text(static_kernel and static_kernel.median, "s")),
        (name, f"live {BIG:,} steps: Shift+Enter -> svg in page", figure_text(live, "s"),
         f"target {REACH_TARGET:g} s", ratio_text(live, REACH_TARGET),
         seconds_text(live_kernel and live_kernel.median, "s")),
        (name, f"live {BIG:,} steps: Shift+Enter -> svg in page", figure_text(live, "s"),
         f"static path {seconds_text(static and static.median, 's')}",
         ratio_text(live, static and static.median), ""),
    ]  # fmt: skip
    for case, steps in (("live-small", SMALL), ("live", BIG)):
        figure, kernel = keys(case)
        table.append((
            name, f"{pressed_keys(runs[case])} -> redraw, {steps:,} steps",
            figure_text(figure, "ms"),
            f"target {KEY_TARGET * 1000:g} ms", ratio_text(figure, KEY_TARGET),
            seconds_text(kernel and kernel.median, "ms"),
        ))  # fmt: skip
    return table


def nodelay_rows(
    front_end: str, shipped: dict[str, list[Run]], nodelay: dict[str, list[Run]]
) -> list[tuple[str, ...]]:
    """The ``--nodelay`` experiment's rows: its key latencies beside the server as shipped."""
    name = f"{FRONT_ENDS[front_end][0]}, TCP_NODELAY"
    table = []
    for case, steps in (("live-small", SMALL), ("live", BIG)):
        latencies = [latency for run in nodelay[case] for latency in run.keys]
        as_shipped = Figure.of([latency for run in shipped[case] for latency in run.keys])
        figure = Figure.of(latencies, percentile=True)
        table.append((
            name, f"{pressed_keys(nodelay[case])} -> redraw, {steps:,} steps",
            figure_text(figure, "ms"),
            f"as shipped {seconds_text(as_shipped and as_shipped.median, 'ms')}",
            ratio_text(figure, as_shipped and as_shipped.median), "",
        ))  # fmt: skip
    return table


def table(all_rows: list[tuple[str, ...]]) -> str:
    """The rows under a header, in aligned columns."""
    header = ("front end", "case", "codekamp (median)", "reference", "ratio", "kernel part")
    widths = [max(len(row[i]) for row in [header, *all_rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in [header, *all_rows]]  # fmt: skip
    return "\n".join(line.rstrip() for line in lines)


def choices(text: str, known: dict) -> list[str]:
    """The names in ``text`` (comma-separated), in ``known``'s order."""
    chosen = {name.strip() for name in text.split(",") if name.strip()}
    if unknown := chosen - set(known):
        raise argparse.ArgumentTypeError(
            f"unknown {sorted(unknown)}; choose from {', '.join(known)}"
        )
    return [name for name in known if name in chosen]


def measure_safely(
    front_end: str, reps: int, screenshots: Path | None, cases: list[str], nodelay: bool = False
) -> dict[str, list[Run]]:
    """:func:`measure_front_end`, with no runs if it fails (the other figures still count)."""
    try:
        return measure_front_end(front_end, reps, screenshots, cases, nodelay)
    except Exception as error:
        print(f"  failed: {error!r}", file=sys.stderr, flush=True)
        return {case: [] for case in cases}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="runs per case (3)")
    parser.add_argument(
        "--front-ends",
        type=lambda t: choices(t, FRONT_ENDS),
        default=list(FRONT_ENDS),
        help="lab,notebook",
    )
    parser.add_argument("--screenshots", type=Path, help="save the first run's screenshots here")
    parser.add_argument(
        "--nodelay",
        action="store_true",
        help="also time the keys with the server's websockets in TCP_NODELAY (an experiment)",
    )
    arguments = parser.parse_args()
    if arguments.screenshots:
        arguments.screenshots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    all_rows: list[tuple[str, ...]] = []
    for front_end in arguments.front_ends:
        print(f"{FRONT_ENDS[front_end][0]} ...", file=sys.stderr, flush=True)
        runs = measure_safely(front_end, arguments.reps, arguments.screenshots, list(CASES))
        all_rows += rows(front_end, runs)
        if arguments.nodelay:
            print(f"{FRONT_ENDS[front_end][0]}, TCP_NODELAY ...", file=sys.stderr, flush=True)
            key_cases = ["live-small", "live"]
            nodelay = measure_safely(front_end, arguments.reps, None, key_cases, nodelay=True)
            all_rows += nodelay_rows(front_end, runs, nodelay)
    print(
        f"Live turtle drawing in Chromium, {arguments.reps} run(s) per case, each in a fresh "
        f"kernel; key presses: {PRESSES} per run ({time.monotonic() - started:.0f} s in all)"
    )
    print(table(all_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
