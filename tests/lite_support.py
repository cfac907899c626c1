"""What the JupyterLite tests and benchmark share: the built site (``make lite``), served the way
``make camp`` serves it, and a pupil's steps in it with the system's Chromium.

The site is built by ``make test`` before pytest runs. Without it (pytest run alone, or no
npm for Pyodide) the tests are skipped and say why; ``.ci/run`` sets
``CODEKAMP_REQUIRE_LITE=1``, which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "lite"

NETWORK_NAME = "codekamp.camp"
"""A name Chromium is told to find at 127.0.0.1: the site as pupils reach a teacher's laptop,
by a network address. Such an address is not a "secure context" (only localhost is), so the
browser gives the site no service worker, as on a camp's network."""

WITHOUT_INTERNET = f"MAP {NETWORK_NAME} 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND"
"""Chromium's host rules for a room without internet: only this computer answers."""

RUN_MENU = re.compile("^(Run|Uitvoeren|Exécution)$")
FILE_MENU = re.compile("^(File|Bestand|Fichier)$")
BOOT = 180_000
"""How long a test waits for the kernel's first output, in ms (Pyodide starts in ~15 s here)."""


def require_site() -> Path:
    """The built site, or a skip (a failure when CODEKAMP_REQUIRE_LITE=1)."""
    if not (SITE / ".built").is_file():
        why = "the JupyterLite site is not built (make lite; it needs npm for Pyodide)"
        if os.environ.get("CODEKAMP_REQUIRE_LITE") == "1":
            pytest.fail(f"{why}, and CODEKAMP_REQUIRE_LITE=1 asks for it")
        pytest.skip(why)
    return SITE


@contextmanager
def served(site: Path) -> Iterator[int]:
    """Serve ``site`` as ``make camp`` does (tools/camp_server.py), on a free port of this
    computer only; yields the port."""
    import camp_server  # tools/, on the path through conftest

    server = camp_server.make_server(site, 0, host="127.0.0.1")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def door(port: int, language: str, path: str, host: str = "localhost") -> str:
    """The address of a notebook behind a language's door (``nl/``, ``fr/``, ``en/``)."""
    return f"http://{host}:{port}/{language}/lab/index.html?path={path}"


def open_notebook(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)


def menu(page, name: re.Pattern, command: str) -> None:
    """Click a menu of the menu bar (named in any course language), then one of its items."""
    page.locator(".lm-MenuBar-itemLabel", has_text=name).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def run_all(page) -> None:
    menu(page, RUN_MENU, "runmenu:run-all")


def first_drawing(page, timeout: float = BOOT):
    """The first turtle drawing (an SVG picture) in the notebook's outputs."""
    drawing = page.locator(".jp-OutputArea-output img[src^='data:image/svg+xml']").first
    drawing.wait_for(timeout=timeout)
    return drawing


def run_new_cell_on_top(page, code: str, timeout: float = BOOT) -> str:
    """Type ``code`` in a new cell at the top of the open notebook, as a pupil would, run it
    and return what it shows."""
    first = page.locator(".jp-Notebook .jp-Cell").first
    first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    cell = page.locator(".jp-Notebook .jp-Cell").first
    cell.locator(".cm-content").click()
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output")
    output.first.wait_for(timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    while "*" in cell.locator(".jp-InputPrompt").inner_text() and time.monotonic() < deadline:
        time.sleep(0.2)  # [*]: still running
    return cell.locator(".jp-Cell-outputArea").inner_text()


def menu_bar(page) -> list[str]:
    return page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
