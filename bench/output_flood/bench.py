"""A runaway print loop in the pupil's browser: with Codekamp's output cap and without, in one run.

A fresh JupyterLab (this course's environment) serves a notebook with one cell,
``while True: print("hoi")``. Chromium (Playwright) runs it, lets it print for a while, then
presses the stop button ■ as a pupil would. For each setting it prints:

- how long the stop button took to bring the kernel back to idle;
- the page's JavaScript heap (Chrome's ``JSHeapUsedSize``) and the number of DOM nodes then;
- how long the page took to answer afterwards (a trivial script through the page).

"without" sets ``CODEKAMP_OUTPUT_LIMIT=0`` for the kernel (Jupyter's own server rate limit
still applies, as it does for every JupyterLab), "with" is what pupils get.

    .venv/bin/python bench/output_flood/bench.py [--seconds 15]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chromium, jupyter_server  # noqa: E402

CELL = 'while True:\n    print("hoi")'
GIVE_UP = 180  # seconds: a pupil would have closed the tab long before


def notebook() -> dict:
    return {
        "cells": [{"cell_type": "code", "id": "flood", "metadata": {}, "source": CELL,
                   "outputs": [], "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def measure(limit_on: bool, seconds: float) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="codekamp-flood-"))
    (folder / "root").mkdir()
    (folder / "root" / "flood.ipynb").write_text(json.dumps(notebook()), encoding="utf-8")
    environment = {} if limit_on else {"CODEKAMP_OUTPUT_LIMIT": "0"}
    token = "flood"
    with jupyter_server("lab", folder / "root", folder / "state", token,
                        environment=environment) as server:  # fmt: skip
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(f"{server['url']}/lab/tree/flood.ipynb?reset&token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputPrompt", timeout=60000)
            status = page.locator(".jp-StatusBar-TextItem", has_text="ipykernel")
            status.filter(has_text="Idle").wait_for(timeout=60000)
            page.locator(".jp-Cell .jp-InputPrompt").first.click()
            page.keyboard.press("Shift+Enter")
            status.filter(has_text="Busy").wait_for(timeout=60000)  # the loop runs
            time.sleep(seconds)
            pressed = time.perf_counter()
            try:
                page.locator("[data-command='notebook:interrupt-kernel']").first.click(
                    timeout=GIVE_UP * 1000
                )
                status.filter(has_text="Idle").wait_for(timeout=GIVE_UP * 1000)
                stopped = time.perf_counter() - pressed
            except Exception:  # the page did not answer in time: that is the measurement
                stopped = float("inf")
            try:
                metrics = {
                    m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                }
                asked = time.perf_counter()
                page.evaluate("1 + 1")
                answered = time.perf_counter() - asked
            except Exception:
                metrics, answered = {}, float("inf")
    return {
        "stop_seconds": stopped,
        "heap_mb": metrics.get("JSHeapUsedSize", 0) / 1e6,
        "dom_nodes": int(metrics.get("Nodes", 0)),
        "answer_seconds": answered,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the loop prints")
    arguments = parser.parse_args()
    without = measure(False, arguments.seconds)
    with_cap = measure(True, arguments.seconds)
    print(f"while True: print('hoi') for {arguments.seconds:g} s in JupyterLab, then ■")
    print(f"{'':28} {'without cap':>12} {'with cap':>12} {'ratio':>8}")
    for key, label in (("stop_seconds", "stop button to idle (s)"),
                       ("heap_mb", "page JS heap (MB)"),
                       ("dom_nodes", "page DOM nodes"),
                       ("answer_seconds", "page answers after (s)")):  # fmt: skip
        before, after = without[key], with_cap[key]
        ratio = after / before if before else float("nan")
        print(f"{label:28} {before:12.2f} {after:12.2f} {ratio:7.2f}x")
    print(f"(inf: no answer within {GIVE_UP} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
