#!/usr/bin/env python3
"""Codekamp turtle benchmark: ``codekamp.turtle`` side by side with three anchors.

Every case (library, mode, N) runs in a FRESH IPython kernel, driven by nbclient
from a child process. The figure is a square spiral of N steps:
``forward(1 + 180*i/N); left(91)``. Per case it reports

  kernel_s  kernel-side seconds of the drawing cell: the N steps, the final
            show/update call, AND every IPython post_execute/post_run_cell hook
            (codekamp and basthon-turtle publish their drawing there)
  hooks_s   the part of kernel_s spent in those hooks
  iopub     bytes (and messages) the kernel sent to the notebook during the
            drawing cell: display/update_display/comm/stream messages, JSON
            frames + binary buffers, counted by wrapping the kernel's
            jupyter_client Session.serialize/send

then the ratio of each anchor to codekamp and a PASS/FAIL line per target.
Anchors: jupyturtle, ColabTurtlePlus (same venv as codekamp) and basthon-turtle
(own venv + kernelspec: it replaces ``import turtle`` through a .pth file).
The venvs come from ``setup.sh``; run everything with ``make bench-turtle``.

Derived from the project's research script shared/bench/turtle_anchors/bench.py
(API probe, other libraries and Xvfb dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BENCH_VENV = HERE / ".venvs" / "bench"
KERNELS_DIR = BENCH_VENV / "share" / "jupyter"
MAIN_KERNEL = "codekamp-bench"  # .venvs/bench: codekamp, jupyturtle, ColabTurtlePlus
BASTHON_KERNEL = "codekamp-bench-basthon"  # .venvs/basthon: basthon-turtle

SPIRAL_ANGLE = 91
SIZES = (100, 1000, 5000, 100000)
ANCHOR_MAX_N = 5000  # N=100000 is for codekamp only
DEFAULT_CAP_S = 60.0
CODEKAMP = "codekamp"

Results = dict[tuple[str, str, int], dict]  # (library, mode, N) -> measurements


# --------------------------------------------------------------------------
# Adapters: Python source that runs in the kernel.
#   setup   imports + creating the turtle (own cell, timed separately)
#   step    one spiral step; may use _L (segment length), _A (angle), _i (index)
#   finish  code run once after the loop (the library's final show/update), if any
#   inspect sets _BENCH.extra['segments'] from the library's own data (guarded)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Mode:
    """One way of using a library."""

    setup: str
    step: str
    finish: str = ""
    note: str = ""
    sizes: tuple[int, ...] | None = None  # only these N (slow out-of-the-box animation)
    compare_to: str = "default"  # codekamp mode this one is compared with in the ratios


@dataclass(frozen=True)
class Adapter:
    """A library under test."""

    dist: str  # distribution name, for the version line
    kernel: str  # kernelspec name
    modes: dict[str, Mode]
    inspect: str = ""
    max_n: int | None = None


CK_SETUP = "from codekamp.turtle import Turtle\n_t = Turtle()"
BASTHON_SETUP = (
    "import turtle as _tu\nassert 'basthon' in _tu.__name__, _tu.__file__\n_t = _tu.Turtle()"
)
STEP_T = "_t.forward(_L); _t.left(_A)"
STEP_FN = "forward(_L); left(_A)"

ADAPTERS: dict[str, Adapter] = {
    CODEKAMP: Adapter(
        dist="codekamp",
        kernel=MAIN_KERNEL,
        modes={
            "default": Mode(
                CK_SETUP,
                STEP_T,
                note="out of the box: SVG shown (animated) by a post_execute hook",
            ),
            "fast": Mode(CK_SETUP + "\n_t.speed(0)", STEP_T, note="speed(0)", compare_to="fast"),
        },
        inspect="_BENCH.extra['segments'] = len(_t.screen.drawing.segments)",
    ),
    "basthon-turtle": Adapter(
        dist="basthon-turtle",
        kernel=BASTHON_KERNEL,
        max_n=ANCHOR_MAX_N,
        modes={
            "default": Mode(
                BASTHON_SETUP,
                STEP_T,
                note="out of the box: commands sent after the cell, animated in the browser",
            ),
            "fast": Mode(
                BASTHON_SETUP + "\n_t.speed(0)", STEP_T, note="speed(0)", compare_to="fast"
            ),
        },
        inspect="_BENCH.extra['segments'] = str(_tu.Screen().svg_scene).count('<line')",
    ),
    "ColabTurtlePlus": Adapter(
        dist="ColabTurtlePlus",
        kernel=MAIN_KERNEL,
        max_n=ANCHOR_MAX_N,
        modes={
            "fast": Mode(
                "from ColabTurtlePlus.Turtle import *\nsetup(400, 400)\nspeed(0)",
                STEP_FN,
                finish="done()",
                note="speed(0) + done(): animation off, its fastest documented mode",
                compare_to="fast",
            ),
            "live": Mode(
                "from ColabTurtlePlus.Turtle import *\nsetup(400, 400)\nspeed(13)\nanimationOff()",
                STEP_FN,
                note="speed(13) + animationOff(): SVG re-sent at every step",
            ),
            "default": Mode(
                "from ColabTurtlePlus.Turtle import *\nsetup(400, 400)",
                STEP_FN,
                note="out of the box: animated in the kernel (sleeps), N=100 only",
                sizes=(100,),
            ),
        },
        inspect="import ColabTurtlePlus.Turtle as _ctp\n"
        "_BENCH.extra['segments'] = _ctp.Turtle._pen.svg_lines_string.count('<line')",
    ),
    "jupyturtle": Adapter(
        dist="jupyturtle",
        kernel=MAIN_KERNEL,
        max_n=ANCHOR_MAX_N,
        modes={
            "fast": Mode(
                "from jupyturtle import make_turtle, forward, left, draw\n"
                "make_turtle(animate=False, width=400, height=400)",
                STEP_FN,
                finish="draw()",
                note="make_turtle(animate=False) + draw()",
                compare_to="fast",
            ),
            "live": Mode(
                "from jupyturtle import make_turtle, forward, left\n"
                "make_turtle(delay=0, width=400, height=400)",
                STEP_FN,
                note="delay=0: SVG re-sent at every step",
            ),
            "default": Mode(
                "from jupyturtle import make_turtle, forward, left\n"
                "make_turtle(width=400, height=400)",
                STEP_FN,
                note="out of the box: animated in the kernel (sleeps), N=100 only",
                sizes=(100,),
            ),
        },
        inspect="import jupyturtle as _jt\n_BENCH.extra['segments'] = "
        "sum(max(len(p) - 1, 0) for p in _jt.get_turtle().paths)",
    ),
}

# --------------------------------------------------------------------------
# Kernel-side instrumentation (first cell of every generated notebook)
# --------------------------------------------------------------------------
INSTRUMENT = r"""
import sys as _sys, time as _time, json as _json
class _BenchState:
    def __init__(self):
        self.bytes = 0; self.msgs = 0; self.types = {}; self.i = 0
        self.t = {}; self.extra = {}; self.marks = {}; self.interrupted = False
    def mark(self, name):
        self.marks[name] = (self.bytes, self.msgs, {k: list(v) for k, v in self.types.items()})
    def delta(self, a, b):
        (b0, m0, t0), (b1, m1, t1) = self.marks[a], self.marks[b]
        types = {k: [v[0] - t0.get(k, [0, 0])[0], v[1] - t0.get(k, [0, 0])[1]]
                 for k, v in t1.items()}
        return b1 - b0, m1 - m0, {k: v for k, v in types.items() if v[0]}
_BENCH = _BenchState()

def _install_counter():
    '''Count every frontend-bound message (and its buffers) the kernel serializes.'''
    sess = get_ipython().kernel.session
    counted = {'display_data', 'update_display_data', 'execute_result', 'comm_open',
               'comm_msg', 'comm_close', 'clear_output', 'stream', 'error'}
    orig_serialize, orig_send = sess.serialize, sess.send
    def add(mt, n):
        _BENCH.bytes += n
        _BENCH.types.setdefault(mt, [0, 0])[1] += n
    def serialize(msg, ident=None):
        frames = orig_serialize(msg, ident)
        mt = msg.get('header', {}).get('msg_type', '?')
        if mt in counted:
            _BENCH.msgs += 1
            _BENCH.types.setdefault(mt, [0, 0])[0] += 1
            add(mt, sum(len(f) for f in frames))
        return frames
    def send(stream, msg_or_type, content=None, parent=None, ident=None, buffers=None,
             *a, **k):
        bufs = buffers or (msg_or_type.get('buffers') if isinstance(msg_or_type, dict) else None)
        if bufs:
            mt = msg_or_type if isinstance(msg_or_type, str) else msg_or_type['header']['msg_type']
            if mt in counted:
                add(mt, sum(memoryview(b).nbytes for b in bufs))
        return orig_send(stream, msg_or_type, content, parent, ident, buffers, *a, **k)
    sess.serialize, sess.send = serialize, send
_install_counter()

def _after_hooks(name, t0):
    '''Record time/bytes again after the post_execute and post_run_cell hooks
    (registered last, so it runs after the libraries' own hooks).'''
    ip = get_ipython()
    def hook(*a, **k):
        _BENCH.t[name + '_incl_hooks'] = _time.perf_counter() - t0
        _BENCH.mark(name + '2')
        ip.events.unregister('post_run_cell', hook)
    ip.events.register('post_run_cell', hook)
"""

REPORT = r"""
_r = {'t': _BENCH.t, 'steps': _BENCH.i, 'interrupted': _BENCH.interrupted,
      'kernel_python': _sys.executable}
for _name in ('setup', 'draw'):
    _end = _name + '2' if _name + '2' in _BENCH.marks else _name + '1'
    if _end in _BENCH.marks:
        _b, _m, _ty = _BENCH.delta(_name + '0', _end)
        _r[_name + '_bytes'], _r[_name + '_msgs'], _r[_name + '_types'] = _b, _m, _ty
try:
{inspect}
except Exception as _e:
    _BENCH.extra['inspect_error'] = repr(_e)[:200]
# the benchmark's own loop overhead (same loop, no turtle call), for reference
_t0 = _time.perf_counter()
for _i in range({n}):
    _L = 1 + 180 * _i / {n}
    _BENCH.i = _i + 1
_BENCH.extra['bench_loop_s'] = _time.perf_counter() - _t0
_r['extra'] = _BENCH.extra
print('@@BENCH@@' + _json.dumps(_r) + '@@END@@')
"""


def timed_cell(name: str, body: str) -> str:
    """Wrap cell code so its kernel time and iopub bytes are recorded (incl. hooks)."""
    return (
        f"_BENCH.mark('{name}0')\n_t0 = _time.perf_counter()\ntry:\n"
        + textwrap.indent(body.strip() or "pass", "    ")
        + "\nexcept KeyboardInterrupt:\n    _BENCH.interrupted = True\n"
        f"finally:\n    _BENCH.t['{name}'] = _time.perf_counter() - _t0\n"
        f"    _BENCH.mark('{name}1')\n    _after_hooks('{name}', _t0)\n"
    )


def draw_body(mode: Mode, n: int) -> str:
    """The drawing cell: N spiral steps, then the mode's finishing call."""
    loop = (
        f"for _i in range({n}):\n    _L = 1 + 180 * _i / {n}\n"
        + textwrap.indent(mode.step, "    ")
        + "\n    _BENCH.i = _i + 1\n"
    )
    return f"_A = {SPIRAL_ANGLE}\n" + loop + mode.finish


# --------------------------------------------------------------------------
# Running one case (in a child process, so a crash or hang is contained)
# --------------------------------------------------------------------------


def kernel_env() -> dict[str, str]:
    """Environment for kernels: our kernelspecs first, a throwaway IPython profile."""
    jp = os.pathsep.join(p for p in (str(KERNELS_DIR), os.environ.get("JUPYTER_PATH")) if p)
    return {"JUPYTER_PATH": jp, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def execute(cells: list[str], cap: float, kernel: str, workdir: str, save_as: str | None):
    """Run cells one by one in a fresh kernel; return the notebook and per-cell wall times."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    client = NotebookClient(
        nb,
        timeout=int(cap),
        kernel_name=kernel,
        allow_errors=True,
        interrupt_on_timeout=True,
        resources={"metadata": {"path": workdir}},
        iopub_timeout=10,
    )
    env = dict(os.environ, **kernel_env(), IPYTHONDIR=os.path.join(workdir, ".ipython"))
    walls = []
    with client.setup_kernel(env=env):
        for idx, cell in enumerate(nb.cells):
            t0 = time.perf_counter()
            client.execute_cell(cell, idx)
            walls.append(time.perf_counter() - t0)
    if save_as:
        nbformat.write(nb, save_as)
    return nb, walls


def cell_error(outputs: list) -> str | None:
    """First error of a cell's outputs, as 'Name: message'."""
    for o in outputs:
        if o.get("output_type") == "error":
            return (o["ename"] + ": " + o["evalue"])[:300]
    return None


def static_kind(outputs: list) -> str:
    """What a static view of the stored outputs would show (image, html-svg, widget...)."""
    kinds = set()
    for o in outputs:
        data = o.get("data", {})
        if "image/svg+xml" in data or "data:image/svg+xml" in str(data.get("text/html", "")):
            kinds.add("svg")  # a bare SVG, or an <img> of one (codekamp: with its alt text)
        elif "image/png" in data:
            kinds.add("png")
        elif "<svg" in str(data.get("text/html", "")):
            kinds.add("html-svg")
        elif "application/vnd.jupyter.widget-view+json" in data:
            kinds.add("widget")
    return "+".join(sorted(kinds)) or "none"


def run_case(spec: dict) -> dict:
    """Execute one (lib, mode, n) case in a fresh kernel and return its measurements."""
    ad = ADAPTERS[spec["lib"]]
    mode = ad.modes[spec["mode"]]
    n = spec["n"]
    inspect = textwrap.indent(ad.inspect or "pass", "    ")
    cells = [
        INSTRUMENT,
        timed_cell("setup", mode.setup),
        timed_cell("draw", draw_body(mode, n)),
        REPORT.replace("{inspect}", inspect).replace("{n}", str(n)),
    ]
    with tempfile.TemporaryDirectory(prefix="ck-bench-") as wd:
        nb, walls = execute(cells, spec["cap"], ad.kernel, wd, spec.get("save_as"))
    res: dict = {"wall_setup_s": walls[1], "wall_draw_s": walls[2]}
    for out in nb.cells[3].get("outputs", []):
        text = out.get("text", "")
        if "@@BENCH@@" in text:
            res.update(json.loads(text.split("@@BENCH@@", 1)[1].split("@@END@@", 1)[0]))
    setup_outputs, draw_outputs = nb.cells[1].get("outputs", []), nb.cells[2].get("outputs", [])
    # libraries that display in the setup cell update that output later (update_display_data)
    res["nb_output_bytes"] = len(json.dumps(setup_outputs + draw_outputs))
    res["static"] = static_kind(setup_outputs + draw_outputs)
    err = cell_error(setup_outputs) or cell_error(draw_outputs)
    if err:
        res["cell_error"] = err
    elif "t" not in res:
        res["cell_error"] = cell_error(nb.cells[3].get("outputs", [])) or "no result marker"
    return res


def run_in_child(spec: dict, hard_limit: float) -> dict:
    """Run one case in a child process; kill its process group if it overruns."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "_child", json.dumps(spec)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=hard_limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group only
        proc.communicate()
        return {"cell_error": f"killed after the hard limit of {hard_limit:.0f}s"}
    for line in reversed(out.splitlines()):
        if line.startswith("@@RESULT@@"):
            return json.loads(line[len("@@RESULT@@") :])
    last = (err.strip().splitlines() or ["?"])[-1][:300]
    return {"cell_error": f"child failed (rc={proc.returncode}): {last}"}


# --------------------------------------------------------------------------
# Environment checks
# --------------------------------------------------------------------------


def kernel_python(kernel: str) -> str | None:
    """The interpreter of a kernelspec, or None if the kernelspec is missing."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    os.environ.update(kernel_env())
    try:
        return KernelSpecManager().get_kernel_spec(kernel).argv[0]
    except NoSuchKernel:
        return None


def run_python(python: str, code: str) -> tuple[bool, str]:
    """Run code with an interpreter (outside the repo dir); return (ok, last output line)."""
    proc = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir()
    )
    lines = (proc.stdout + proc.stderr).strip().splitlines() or [""]
    return proc.returncode == 0, lines[-1]


def version(ad: Adapter) -> str:
    """Installed version of an adapter's distribution, read in its kernel's interpreter."""
    py = kernel_python(ad.kernel)
    if py is None:
        return "kernel missing"
    ok, out = run_python(py, f"import importlib.metadata as m; print(m.version({ad.dist!r}))")
    return out if ok else "not installed"


def codekamp_revision() -> str:
    """Short git revision of the checkout, '+dirty' when src/ has local changes."""
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except OSError:
        return "?"


def availability(lib: str) -> str | None:
    """None if the library can run, else the reason it is skipped."""
    ad = ADAPTERS[lib]
    py = kernel_python(ad.kernel)
    if py is None:
        return f"kernelspec {ad.kernel!r} not installed (run bench/turtle/setup.sh)"
    if lib == CODEKAMP:
        ok, out = run_python(py, "from codekamp.turtle import Turtle")
        if not ok:
            return f"codekamp.turtle not importable ({out})"
    return None


# --------------------------------------------------------------------------
# Formatting, ratios and targets
# --------------------------------------------------------------------------


def kernel_s(r: dict) -> float | None:
    """Kernel seconds of the drawing cell, hooks included."""
    t = r.get("t", {})
    return t.get("draw_incl_hooks", t.get("draw"))


HEADER = (
    f"{'library':16s} {'mode':8s} {'N':>6s}  {'kernel_s':>9s} {'hooks_s':>8s} {'setup_s':>8s} "
    f"{'wall_s':>7s}  {'iopub_B':>13s} {'msgs':>6s}  {'segments':>8s}  {'static':8s} {'load':>5s}"
)


def fmt_row(r: dict) -> str:
    """One table row; errors and capped cells are spelled out."""
    head = f"{r['lib']:16s} {r['mode']:8s} {r['n']:>6d}  "
    if "skipped" in r:
        return head + r["skipped"]
    if "cell_error" in r and "t" not in r:
        return head + "ERROR " + r["cell_error"]
    t = r["t"]
    ks = kernel_s(r) or 0.0
    hooks = ks - t.get("draw", ks)
    kcol = f"{ks:9.4f}" if not r.get("interrupted") else f"{'>cap':>9s}"
    line = (
        head + f"{kcol} {hooks:8.4f} {t.get('setup_incl_hooks', t.get('setup', 0)):8.3f} "
        f"{r.get('wall_draw_s', 0):7.2f}  {r.get('draw_bytes', 0):>13,d} "
        f"{r.get('draw_msgs', 0):>6d}  {str(r.get('extra', {}).get('segments', '-')):>8s}  "
        f"{r.get('static', '-'):8s} {r.get('loadavg_1m', 0):5.2f}"
    )
    if r.get("interrupted"):
        line += f"  [capped: {r.get('steps')}/{r['n']} steps in {t.get('draw', 0):.0f}s]"
    if "cell_error" in r:
        line += "  ERROR " + r["cell_error"]
    if "inspect_error" in r.get("extra", {}):
        line += "  (segments: " + r["extra"]["inspect_error"][:60] + ")"
    return line


def ok(r: dict | None) -> bool:
    """A complete measurement (not skipped, not failed, not capped)."""
    return bool(r) and "t" in r and "cell_error" not in r and not r.get("interrupted")


def ratio_line(anchor: dict, ck: dict) -> str:
    """'<anchor> / codekamp = 14.2x slower, 35x larger' (lower bounds if the anchor was capped)."""

    def word(x: float, more: str, less: str) -> str:
        return f"{x:.1f}x {more}" if x >= 1 else f"{1 / x:.1f}x {less}"

    ta, tc = kernel_s(anchor), kernel_s(ck)
    ba, bc = anchor.get("draw_bytes", 0), ck.get("draw_bytes", 0)
    bound = ">= " if anchor.get("interrupted") else ""
    speed = word(ta / tc, "slower", "faster") if ta and tc else "n/a"
    size = word(ba / bc, "larger", "smaller") if ba and bc else "n/a"
    return (
        f"  N={anchor['n']:<6d} {anchor['lib']} {anchor['mode']} / codekamp {ck['mode']}"
        f" = {bound}{speed}, {bound}{size}"
    )


@dataclass
class Target:
    """A PASS/FAIL check on the results."""

    label: str
    check: Callable[[Results], tuple[bool, str]]  # -> (passed, measured value vs target)


def _time_and_bytes(results: Results, lib: str, mode: str, n: int) -> tuple[float, int]:
    """Kernel seconds and iopub bytes of one complete case (LookupError if it did not run)."""
    r = results.get((lib, mode, n))
    if not ok(r):
        raise LookupError(f"{lib} {mode} N={n} not measured")
    return kernel_s(r), r.get("draw_bytes", 0)


def _t5000_time(results: Results) -> tuple[bool, str]:
    t, _ = _time_and_bytes(results, CODEKAMP, "default", 5000)
    return t <= 0.050, f"{t * 1000:.1f} ms (target <= 50 ms)"


def _t5000_bytes(results: Results) -> tuple[bool, str]:
    _, b = _time_and_bytes(results, CODEKAMP, "default", 5000)
    return b <= 80_000, f"{b:,d} B (target <= 80 KB = 80,000 B)"


def _t5000_basthon(results: Results) -> tuple[bool, str]:
    tc, bc = _time_and_bytes(results, CODEKAMP, "default", 5000)
    tb, bb = _time_and_bytes(results, "basthon-turtle", "default", 5000)
    fast, small = tb / tc, bb / bc
    return fast >= 9 and small >= 20, (
        f"{fast:.1f}x faster, {small:.1f}x smaller (basthon {tb * 1000:.0f} ms / "
        f"{bb:,d} B; target >= 9x faster and >= 20x smaller)"
    )


def _t5000_ctp(results: Results) -> tuple[bool, str]:
    tc, _ = _time_and_bytes(results, CODEKAMP, "default", 5000)
    tp, _ = _time_and_bytes(results, "ColabTurtlePlus", "fast", 5000)
    return tc < tp, f"codekamp {tc * 1000:.1f} ms vs ColabTurtlePlus {tp * 1000:.1f} ms (target <)"


def _t100(results: Results) -> tuple[bool, str]:
    t, _ = _time_and_bytes(results, CODEKAMP, "default", 100)
    return t < 0.010, f"{t * 1000:.2f} ms (target < 10 ms)"


def _t100k_time(results: Results) -> tuple[bool, str]:
    t5, _ = _time_and_bytes(results, CODEKAMP, "default", 5000)
    t, _ = _time_and_bytes(results, CODEKAMP, "default", 100000)
    return t <= 25 * t5, (
        f"{t * 1000:.0f} ms = {t / t5:.1f}x its N=5000 time "
        f"(target <= 25x = {25 * t5 * 1000:.0f} ms)"
    )


def _t100k_bytes(results: Results) -> tuple[bool, str]:
    _, b = _time_and_bytes(results, CODEKAMP, "default", 100000)
    return b < 1_500_000, f"{b:,d} B (target < 1.5 MB = 1,500,000 B)"


TARGETS = [
    Target("N=5000 default: codekamp kernel time", _t5000_time),
    Target("N=5000 default: codekamp iopub output", _t5000_bytes),
    Target("N=5000 default vs basthon-turtle default (animated)", _t5000_basthon),
    Target("N=5000 default vs ColabTurtlePlus fast (animation off)", _t5000_ctp),
    Target("N=100 out of the box: codekamp returns control", _t100),
    Target("N=100000 default: codekamp kernel time", _t100k_time),
    Target("N=100000 default: codekamp iopub output", _t100k_bytes),
]


def evaluate(target: Target, results: Results, skipped: dict[str, str]) -> tuple[str, str]:
    """('PASS'|'FAIL'|'NOT RUN', detail) for one target."""
    try:
        passed, detail = target.check(results)
    except LookupError as e:
        return "NOT RUN", ("codekamp skipped, see above" if CODEKAMP in skipped else str(e))
    return ("PASS" if passed else "FAIL"), detail


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def plan(libs: list[str], modes: list[str], sizes: list[int]) -> list[tuple[str, str, int]]:
    """All (lib, mode, n) cases to run, in order."""
    cases = []
    for lib in libs:
        ad = ADAPTERS[lib]
        for mode in ad.modes:
            if mode not in modes:
                continue
            for n in sizes:
                if ad.max_n and n > ad.max_n:
                    continue
                if ad.modes[mode].sizes and n not in ad.modes[mode].sizes:
                    continue
                cases.append((lib, mode, n))
    return cases


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--libs", default=",".join(ADAPTERS), help="comma-separated libraries")
    ap.add_argument("--modes", default="default,fast,live", help="comma-separated modes")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated N")
    ap.add_argument("--cap", type=float, default=DEFAULT_CAP_S, help="seconds per cell")
    ap.add_argument("--json", action="store_true", help="print JSON lines after the table")
    ap.add_argument("--out", help="also write the full report (table + JSON lines) to this file")
    ap.add_argument("--save-notebooks", help="keep the executed notebooks in this folder")
    ap.add_argument("--strict", action="store_true", help="exit 1 unless every target passes")
    return ap.parse_args(argv)


class Report:
    """Prints lines as they come and keeps them for --out."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, s: str = "") -> None:
        print(s, flush=True)
        self.lines.append(s)


def print_header(emit: Report, args: argparse.Namespace, libs: list[str], modes: list[str]) -> None:
    """Date, machine, load, versions and the meaning of each mode."""
    emit(f"# codekamp turtle benchmark  {time.strftime('%Y-%m-%d %H:%M:%S')}")
    emit(
        f"# python {sys.version.split()[0]}  cpus {os.cpu_count()}  "
        f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}  cap {args.cap:.0f}s/cell  "
        f"spiral: N x (forward(1 + 180*i/N); left({SPIRAL_ANGLE}))  one fresh kernel per row"
    )
    versions = [
        f"{lib}={version(ADAPTERS[lib])}" + (f" @{codekamp_revision()}" if lib == CODEKAMP else "")
        for lib in libs
    ]
    emit("# versions: " + ", ".join(versions))
    emit("# modes:")
    for lib in libs:
        for name, mode in ADAPTERS[lib].modes.items():
            if name in modes:
                emit(f"#   {lib:16s} {name:8s} {mode.note}")
    emit("# kernel_s = drawing cell incl. final show/update and post_execute/post_run_cell hooks")


def run_cases(
    emit: Report,
    args: argparse.Namespace,
    cases: list[tuple[str, str, int]],
    skipped: dict[str, str],
) -> Results:
    """Run every case in its own kernel, printing one table row per case."""
    emit()
    emit(HEADER)
    results: Results = {}
    capped: set[tuple[str, str]] = set()
    for lib, mode, n in cases:
        if lib in skipped:
            continue
        if (lib, mode) in capped:
            r = {"skipped": "skipped (a smaller N exceeded the cap or failed)"}
        else:
            spec = {"lib": lib, "mode": mode, "n": n, "cap": args.cap}
            if args.save_notebooks:
                os.makedirs(args.save_notebooks, exist_ok=True)
                spec["save_as"] = os.path.join(args.save_notebooks, f"{lib}-{mode}-{n}.ipynb")
            load = os.getloadavg()[0]
            r = run_in_child(spec, hard_limit=3 * args.cap + 120)
            r["loadavg_1m"] = round(load, 2)
            if r.get("interrupted") or "t" not in r:
                capped.add((lib, mode))
        r.update(lib=lib, mode=mode, n=n)
        results[(lib, mode, n)] = r
        emit(fmt_row(r))
    return results


def print_ratios(emit: Report, results: Results, skipped: dict[str, str]) -> None:
    """One 'anchor / codekamp = ...' line per anchor row that has a codekamp counterpart."""
    emit()
    emit("Ratios, anchor / codekamp at the same N (kernel time incl. hooks; iopub bytes):")
    count = 0
    for (lib, mode, n), r in results.items():
        ck = results.get((CODEKAMP, ADAPTERS[lib].modes[mode].compare_to, n))
        if lib != CODEKAMP and "t" in r and ok(ck):
            emit(ratio_line(r, ck))
            count += 1
    if not count:
        emit(
            "  (none: "
            + ("codekamp skipped, see above" if CODEKAMP in skipped else "no pairs")
            + ")"
        )


def print_targets(emit: Report, results: Results, skipped: dict[str, str]) -> list[str]:
    """PASS/FAIL/NOT RUN per target; returns the verdicts."""
    emit()
    emit("Targets (codekamp default = out of the box, animation on):")
    verdicts = []
    for target in TARGETS:
        verdict, detail = evaluate(target, results, skipped)
        verdicts.append(verdict)
        emit(f"  {verdict:7s} {target.label}: {detail}")
    return verdicts


def print_footer(emit: Report, results: Results, started: float) -> None:
    """Run time, load, and the benchmark's own loop overhead (part of every kernel_s)."""
    emit()
    emit(f"# total {time.perf_counter() - started:.0f}s; load now {os.getloadavg()[0]:.2f}")
    loops = {
        n: r["extra"]["bench_loop_s"]
        for (lib, _, n), r in results.items()
        if lib == CODEKAMP and "bench_loop_s" in r.get("extra", {})
    }
    if loops:
        emit(
            "# bench loop overhead included in kernel_s (no turtle call): "
            + ", ".join(f"N={n}: {s * 1000:.1f} ms" for n, s in sorted(loops.items()))
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    libs = [x for x in args.libs.split(",") if x]
    unknown = [x for x in libs if x not in ADAPTERS]
    if unknown:
        sys.exit(f"unknown libraries {unknown}; known: {', '.join(ADAPTERS)}")
    modes = [x for x in args.modes.split(",") if x]
    sizes = [int(x) for x in args.sizes.split(",") if x]
    emit, started = Report(), time.perf_counter()

    print_header(emit, args, libs, modes)
    skipped = {lib: why for lib in libs if (why := availability(lib))}
    for lib, why in skipped.items():
        emit(f"# {lib}: SKIPPED: {why}")
    results = run_cases(emit, args, plan(libs, modes, sizes), skipped)
    print_ratios(emit, results, skipped)
    verdicts = print_targets(emit, results, skipped)
    print_footer(emit, results, started)

    records = [json.dumps(r, sort_keys=True) for r in results.values()]
    if args.json:
        emit()
        for rec in records:
            emit(rec)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        body = emit.lines + ([] if args.json else [""] + records)
        Path(args.out).write_text("\n".join(body) + "\n")
        print(f"# report (table + JSON lines) written to {args.out}")
    return 1 if args.strict and any(v != "PASS" for v in verdicts) else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        os.environ.update(kernel_env())
        print("@@RESULT@@" + json.dumps(run_case(json.loads(sys.argv[2]))))
    else:
        sys.exit(main())
