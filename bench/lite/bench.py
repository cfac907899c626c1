"""The JupyterLite site (``make lite``): how big, how fast for a pupil, how many pupils per laptop.

The issue's targets (issue 16), for lesson 01 in the built site on this machine:

- the site, without the packages it leaves to Pyodide's CDN (matplotlib, pandas…), under 60 MB;
- the first turtle drawing within 15 s with a cold browser cache, within 5 s with a warm one.

1. **Size**: every file of ``build/lite``, and what a pupil's browser downloads to open lesson 01
   (the bytes of every response of a cold visit, compressed as ``make camp`` sends them).
2. **A pupil in Chromium** (the system's, headless, no internet), served by ``make camp``'s
   server on localhost. A cold visit is a new browser profile; a warm visit is the same profile
   started again (HTTP cache, compiled WebAssembly, the browser's storage). Both clock from the
   address being opened: the notebook shown, the kernel ready (the first cell, which imports
   the turtle, has run) and the first drawing, as a pupil who opens lesson 01 and clicks
   Run > Run All at once would see them.
3. **How many pupils one laptop serves**: N simulated pupils at once download what a cold visit
   downloads, from ``make camp``'s server (threads of this process, over loopback: the server's
   own limit, not a Wi-Fi's). From the bytes per pupil, the time a room needs over a classroom
   Wi-Fi is worked out for a few link speeds.

    .venv/bin/python bench/lite/bench.py [--rounds 3] [--pupils 30]

About 3 minutes on 2 cores. It exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tools")]

from browser_support import CHROMIUM, CHROMIUM_ARGUMENTS  # noqa: E402
from lite_support import (  # noqa: E402
    SITE,
    WITHOUT_INTERNET,
    door,
    first_drawing,
    open_notebook,
    served,
)

LESSON = "notebooks/nl/01-schildpad-les.ipynb"
SIZE_TARGET_MB = 60
COLD_TARGET_S = 15
WARM_TARGET_S = 5
BINDER_START_S = (60, 300)
"""A Binder start, by mybinder.org's own documentation: under a minute when the image is
already built and cached on the node, several minutes when it is not (and much longer after a
change to the repository, which rebuilds the image)."""
WIFI_MBIT = (50, 150, 400)
"""Useful throughput of a classroom Wi-Fi shared by the room: an old 802.11n access point, a
common 802.11ac one, a good 802.11ax one."""


def megabytes(size: float) -> str:
    return f"{size / 1e6:.1f} MB"


def site_size(site: Path) -> int:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())


def visit(browser_type, profile: Path, port: int) -> dict:
    """One pupil's visit to lesson 01 with ``profile``: seconds to each step, and the URLs and
    bytes the browser fetched."""
    context = browser_type.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGUMENTS, f"--host-resolver-rules={WITHOUT_INTERNET}"],
        viewport={"width": 1300, "height": 900},
    )
    fetched: dict[str, int] = {}

    def count(response) -> None:
        if response.status != 200 or response.from_service_worker:
            return  # a 404 of an optional file, or an answer the site's own worker made
        try:
            fetched[response.url] = int(response.headers.get("content-length", 0))
        except ValueError:
            pass

    try:
        page = context.pages[0] if context.pages else context.new_page()
        context.on("response", count)
        start = time.perf_counter()
        open_notebook(page, door(port, "nl", LESSON))
        shown = time.perf_counter() - start
        # As a pupil goes through the lesson: the first code cell (the turtle's import), then
        # the next one, which draws.
        # A second visit shows the notebook where the pupil left it: back to the top first.
        page.locator(".jp-WindowedPanel-outer").first.evaluate("panel => panel.scrollTo(0, 0)")
        setup = page.locator(".jp-Notebook .jp-CodeCell").first
        prompt = setup.locator(".jp-InputPrompt")
        # Before the notebook is linked to its kernel, Shift + Enter does nothing (a pupil
        # presses again): press until the cell is queued, then wait for its number.
        while "[ ]" in prompt.inner_text() and time.perf_counter() - start < 180:
            setup.locator(".cm-content").click()
            page.keyboard.press("Shift+Enter")
            time.sleep(0.5)
        try:
            prompt.filter(has_text="[1]:").wait_for(timeout=180_000)
        except Exception:
            page.screenshot(path="/tmp/lite/bench-fail.png")
            raise
        ready = time.perf_counter() - start
        page.keyboard.press("Shift+Enter")  # the explanation below it
        page.keyboard.press("Shift+Enter")  # the first drawing's cell
        first_drawing(page)
        drawing = time.perf_counter() - start
    finally:
        context.close()
    return {"shown": shown, "ready": ready, "drawing": drawing, "fetched": fetched}


def pupils_at_once(port: int, files: list[str], pupils: int) -> tuple[float, list[float]]:
    """``pupils`` simulated pupils download ``files`` at once; (seconds for all, per pupil)."""

    def one_pupil(_: int) -> float:
        start = time.perf_counter()
        for url in files:
            request = urllib.request.Request(
                url.replace("localhost", "127.0.0.1"), headers={"Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                while response.read(1 << 20):
                    pass
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=pupils) as pool:
        each = list(pool.map(one_pupil, range(pupils)))
    return time.perf_counter() - start, each


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="cold and warm visits, each")
    parser.add_argument("--pupils", type=int, default=30)
    arguments = parser.parse_args(argv)
    if not (SITE / ".built").is_file():
        print("No site: run `make lite` first.")
        return 0
    from playwright.sync_api import sync_playwright

    total = site_size(SITE)
    cold, warm, fetched = [], [], {}
    with served(SITE) as port, sync_playwright() as playwright:
        for _ in range(arguments.rounds):
            with tempfile.TemporaryDirectory(prefix="codekamp-bench-") as profile:
                first = visit(playwright.chromium, Path(profile), port)
                second = visit(playwright.chromium, Path(profile), port)
            cold.append(first)
            warm.append(second)
            fetched = first["fetched"]
        files = [url for url in fetched if f":{port}/" in url]
        room_seconds, each = pupils_at_once(port, files, arguments.pupils)
    per_pupil = sum(fetched.values())

    def median(visits: list[dict], step: str) -> float:
        return statistics.median(v[step] for v in visits)

    print(f"JupyterLite site, lesson 01 (nl), {arguments.rounds} cold and warm visits, medians")
    print(f"{'':34}{'measured':>12}{'target':>10}{'ratio':>8}")
    print(
        f"{'site on disk':34}{megabytes(total):>12}{SIZE_TARGET_MB:>7} MB"
        f"{total / 1e6 / SIZE_TARGET_MB:>8.2f}"
    )
    print(f"{'downloaded by a cold visit':34}{megabytes(per_pupil):>12}")
    for name, visits, target in (("cold", cold, COLD_TARGET_S), ("warm", warm, WARM_TARGET_S)):
        print(f"{name + ': notebook shown':34}{median(visits, 'shown'):>11.1f}s")
        print(f"{name + ': kernel ready':34}{median(visits, 'ready'):>11.1f}s")
        drawing = median(visits, "drawing")
        print(f"{name + ': first drawing':34}{drawing:>11.1f}s{target:>9}s{drawing / target:>8.2f}")
    low, high = BINDER_START_S
    print(
        f"Binder, by its docs: {low}-{high} s to a running server; cold visit here "
        f"{median(cold, 'drawing') / low:.2f}x-{median(cold, 'drawing') / high:.2f}x of that"
    )
    print()
    print(f"One laptop, {arguments.pupils} pupils at once ({len(files)} files each, loopback):")
    rate = per_pupil * arguments.pupils / room_seconds / 1e6
    print(
        f"  all served in {room_seconds:.1f} s, {rate:.0f} MB/s; per pupil median "
        f"{statistics.median(each):.1f} s, worst {max(each):.1f} s"
    )
    for mbit in WIFI_MBIT:
        seconds = per_pupil * arguments.pupils * 8 / (mbit * 1e6)
        print(
            f"  over a {mbit} Mbit/s Wi-Fi: {seconds:.0f} s for the room, "
            f"{mbit * 1e6 * 60 / 8 / per_pupil:.0f} pupils per minute"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
