"""A live turtle drawing in a real browser (Chromium, driven by Playwright), in JupyterLab and in
Notebook 7: a pupil runs a small game in Dutch, clicks the drawing, presses the arrow keys and a
click, and the turtle moves; a mistake in the game's function is said under the drawing; the saved
notebook keeps a still picture, and the drawing opened again without its kernel says to run the
cell again instead of pretending to listen.

Skipped without Chromium; ``.ci/run`` sets ``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip
into a failure.
"""

from __future__ import annotations

import json

import pytest
from browser_support import chromium, jupyter_server, require_chromium

GAME = """import codekamp
codekamp.set_language("nl")
from codekamp.turtle import *
shape("turtle")
def vooruit():
    forward(40)
def links():
    left(90)
def oeps():
    forward(afstand)
onkey(vooruit, "Up")
onkey(links, "Left")
onkey(oeps, "space")
onscreenclick(goto)
forward(10)"""

FRONT_ENDS = {"lab": "lab/tree/game.ipynb", "notebook": "notebooks/game.ipynb"}


@pytest.fixture(scope="module", params=sorted(FRONT_ENDS))
def server(request, tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp(f"live-{request.param}")
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Mijn spel"},
                  {"cell_type": "code", "metadata": {}, "source": GAME, "outputs": [],
                   "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    (folder / "game.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    with jupyter_server(request.param, folder, folder / ".state", "live") as running:
        yield {**running, "page": f"{running['url']}/{FRONT_ENDS[request.param]}?token=live"}


def open_game(browser, server):
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    page.goto(server["page"])
    page.locator(".jp-CodeCell .jp-InputArea-editor").first.wait_for(timeout=60_000)
    for _ in range(120):  # the notebook's kernel has started and is ready for the cell
        kernels = json.loads(page.request.get(f"{server['url']}/api/kernels?token=live").text())
        if any(kernel["execution_state"] == "idle" for kernel in kernels):
            break
        page.wait_for_timeout(500)
    page.wait_for_timeout(1000)  # the page connects to it
    return page


def description(page) -> str:
    return page.locator(".ck-live").first.get_attribute("aria-label") or ""


def test_keys_and_clicks_move_the_turtle_and_a_mistake_is_said_under_it(server):
    with chromium() as browser:
        page = open_game(browser, server)
        page.locator(".jp-CodeCell .jp-InputArea-editor").first.click()
        page.keyboard.press("Shift+Enter")
        live = page.locator(".ck-live").first
        live.wait_for(timeout=60_000)
        page.get_by_text("Klik op de tekening en gebruik dan de toetsen.").wait_for(timeout=30_000)
        assert description(page) == "Tekening van de schildpad: een rechte lijn."
        live.click(position={"x": 5, "y": 5})  # a click far from the turtle: it goes there
        page.wait_for_function(
            "() => /open lijn van 2/.test(document.querySelector('.ck-live').ariaLabel)",
            timeout=30_000,
        )
        for key in ("ArrowLeft", "ArrowUp"):
            page.keyboard.press(key)
        page.wait_for_function(
            "() => /open lijn van 3/.test(document.querySelector('.ck-live').ariaLabel)",
            timeout=30_000,
        )
        page.keyboard.press("Space")
        note = page.locator(".ck-live-note").first
        note.wait_for(timeout=30_000)
        assert (
            "Fout in oeps, regel 10: NameError: name 'afstand' is not defined" in note.inner_text()
        )
        assert "    forward(afstand)" in note.inner_text()  # the pupil's line
        assert "Python kent de naam afstand niet" in note.inner_text()
        # The arrow keys went to the game, not to the notebook (which would select a cell).
        assert page.locator(".jp-Cell.jp-mod-selected .ck-live").count() == 1


def test_the_saved_notebook_keeps_a_still_picture_and_a_reopened_drawing_says_so(server):
    with chromium() as browser:
        page = open_game(browser, server)
        page.locator(".jp-CodeCell .jp-InputArea-editor").first.click()
        page.keyboard.press("Shift+Enter")
        page.locator(".ck-live").first.wait_for(timeout=60_000)
        page.keyboard.press("Control+s")
        page.wait_for_timeout(2000)
        saved = json.loads((server["folder"] / "game.ipynb").read_text(encoding="utf-8"))
        (output,) = saved["cells"][1]["outputs"]
        still = "".join(output["data"]["text/html"])  # a notebook file may split it in lines
        assert still.startswith('<img src="data:image/svg+xml;base64,')
        page.close()
        # Opened again after its kernel is gone: the saved widget shows the drawing, asleep.
        for kernel in json.loads(
            browser.new_page().request.get(f"{server['url']}/api/kernels?token=live").text()
        ):
            browser.new_page().request.delete(
                f"{server['url']}/api/kernels/{kernel['id']}?token=live"
            )
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        page.goto(server["page"])
        page.get_by_text("Deze tekening reageert niet meer: voer de cel nog eens uit.").wait_for(
            timeout=60_000
        )
        assert page.locator(".ck-live svg").count() == 1
