"""The robot beside the turtle: what a long robot program costs the kernel and the notebook.

The issue's targets: a 10,000-step robot program (a large maze solved by the right-hand rule),
measured in a fresh kernel, side by side with a turtle drawing of 10,000 steps in the same run:
kernel time at most 1.5 times the turtle's, output at most 120 KB, and the cost linear up to
100,000 steps.

Each row runs in a fresh IPython kernel of the course's ``.venv`` (nbclient). Cell 1 imports and
chooses the world (not timed); cell 2 is the program. The kernel time is measured inside the
kernel, from IPython's ``pre_run_cell`` to ``post_run_cell``, so it includes the
``post_execute`` hook that renders the picture; the output is the size of what the cell sent
to the notebook (its display data, as JSON).

- robot: a perfect maze (``generators.maze``) large enough that the right-hand rule is still
  walking after N commands; the program stops after exactly N commands (moves and left turns).
- turtle: the square spiral of ``bench/turtle``, ``forward(1 + 180 * i / N); left(91)``, N steps.

    .venv/bin/python bench/robot/bench.py [--sizes 10000,100000] [--reps 3]

It exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import nbformat
from nbclient import NotebookClient

TIMER = """
import time as _time
_bench = {}
_events = get_ipython().events
_events.register("pre_run_cell", lambda info: _bench.update(start=_time.perf_counter()))
_events.register("post_run_cell", lambda result: _bench.update(
    seconds=_time.perf_counter() - _bench["start"]))
"""
READ_TIMER = 'print("@@", _bench["seconds"])'

ROBOT_SETUP = """
from codekamp.robot import *
from codekamp.robot import generators
world(generators.maze(1, {side}, {side}))
_budget = [{steps}]
"""
ROBOT_PROGRAM = """
def step(command):
    if _budget[0] > 0:
        _budget[0] -= 1
        command()

def turn_right():
    step(turn_left)
    step(turn_left)
    step(turn_left)

while _budget[0] > 0:
    if right_is_clear():
        turn_right()
        step(move)
    elif front_is_clear():
        step(move)
    else:
        step(turn_left)
"""
TURTLE_SETUP = "from codekamp.turtle import *"
TURTLE_PROGRAM = """
for i in range({steps}):
    forward(1 + 180 * i / {steps})
    left(91)
"""
TARGET_RATIO, TARGET_BYTES, TARGET_LINEAR = 1.5, 120_000, 12.5


def maze_side(steps: int) -> int:
    """A maze side large enough that the right-hand rule needs more than ``steps`` commands
    (about five commands per square: a perfect maze is walked along both sides of its walls)."""
    return max(4, int((steps / 4) ** 0.5) + 2)


def run(setup: str, program: str) -> tuple[float, int]:
    """(kernel seconds of ``program``, bytes of display data it sent), in a fresh kernel."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in
                      (TIMER, setup, program, READ_TIMER)]  # fmt: skip
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    outputs = notebook.cells[2].outputs
    errors = [o for o in outputs if o.output_type == "error"]
    if errors:
        raise RuntimeError(f"{errors[0].ename}: {errors[0].evalue}")
    sent = sum(
        len(json.dumps(o.get("data", {}))) for o in outputs if o.output_type == "display_data"
    )
    printed = "".join(o.get("text", "") for o in notebook.cells[3].outputs)
    return float(printed.split("@@", 1)[1]), sent


def measure(steps: int, reps: int) -> dict[str, tuple[float, int]]:
    """The median kernel time and the output size of the robot and the turtle at ``steps``."""
    cases = {
        "robot": (ROBOT_SETUP.format(side=maze_side(steps), steps=steps), ROBOT_PROGRAM),
        "turtle": (TURTLE_SETUP, TURTLE_PROGRAM.format(steps=steps)),
    }
    found = {}
    for name, (setup, program) in cases.items():
        runs = [run(setup, program) for _ in range(reps)]
        found[name] = (statistics.median(r[0] for r in runs), runs[0][1])
        print(f"# {name} {steps:,}: {[round(r[0] * 1000, 1) for r in runs]} ms", file=sys.stderr)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="steps, comma-separated")
    parser.add_argument("--reps", type=int, default=3, help="runs per case (median)")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    started = time.monotonic()
    results = {steps: measure(steps, arguments.reps) for steps in sizes}
    print(f"Robot beside turtle, {arguments.reps} fresh kernels per case "
          f"({time.monotonic() - started:.0f} s in all)")  # fmt: skip
    print(f"{'steps':>8}  {'robot ms':>9}  {'turtle ms':>9}  {'ratio':>6}  {'robot KB':>9}  "
          f"{'turtle KB':>9}")  # fmt: skip
    for steps, found in results.items():
        (robot, robot_bytes), (turtle, turtle_bytes) = found["robot"], found["turtle"]
        print(f"{steps:>8,}  {robot * 1000:>9.1f}  {turtle * 1000:>9.1f}  {robot / turtle:>5.2f}x"
              f"  {robot_bytes / 1000:>9.1f}  {turtle_bytes / 1000:>9.1f}")  # fmt: skip
    print("Targets:")
    if 10_000 in results:
        (robot, robot_bytes), (turtle, _) = results[10_000]["robot"], results[10_000]["turtle"]
        verdict = "PASS" if robot <= TARGET_RATIO * turtle else "FAIL"
        print(f"  {verdict}  10,000 steps: robot {robot * 1000:.1f} ms = {robot / turtle:.2f}x "
              f"the turtle's {turtle * 1000:.1f} ms (target <= {TARGET_RATIO}x)")  # fmt: skip
        verdict = "PASS" if robot_bytes <= TARGET_BYTES else "FAIL"
        print(f"  {verdict}  10,000 steps: robot output {robot_bytes:,} B "
              f"(target <= {TARGET_BYTES:,} B)")  # fmt: skip
    if 10_000 in results and 100_000 in results:
        small, big = results[10_000]["robot"][0], results[100_000]["robot"][0]
        verdict = "PASS" if big <= TARGET_LINEAR * small else "FAIL"
        print(f"  {verdict}  100,000 steps: robot {big * 1000:.0f} ms = {big / small:.1f}x its "
              f"10,000-step time (target <= {TARGET_LINEAR}x: linear)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
