"""The pupil's view, in a real browser: JupyterLab and Notebook 7 (in Chromium, driven by
Playwright) show the turtle's drawing when the cell runs, keep showing it after the notebook is
saved and opened again, and still show it in a notebook they do not trust (downloaded from
Binder and uploaded again). Everywhere the drawing is an image whose name in the page's
accessibility tree (what a screen reader reads) says what was drawn.

The browser runs with the "reduce motion" setting that some pupils need (as set in their
system), so the drawing must appear whole at once, without its animation: that is checked too,
and it lets the screenshots be taken without waiting.

It needs Chromium from the system (``apt-get install chromium`` on Debian and Ubuntu); without
it these tests are skipped, and pytest says so. ``.ci/run`` installs Chromium and sets
``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip into a failure.
"""

from __future__ import annotations

import base64
import io
import json
import time
from pathlib import Path

import nbformat
import pytest
from browser_support import chromium, jupyter_server, require_chromium
from nbformat.v4 import new_code_cell, new_notebook

TOKEN = "codekamp-browser-test"
# The square's four sides of 100 pixels, 1 pixel wide, cover about 850 pixels once softened at
# the edges; a square missing a side, or still being animated, covers fewer.
WHOLE_SQUARE = 750
SAID = "Tekening van de schildpad: een vierkant."

DRAWING = nbformat.writes(
    new_notebook(
        cells=[
            new_code_cell(
                'import codekamp\ncodekamp.set_language("nl")\nfrom codekamp.turtle import *'
            ),
            new_code_cell("for _ in range(4):\n    forward(100)\n    left(90)"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Jupyter server (JupyterLab and Notebook 7) on a folder of its own, with its own
    notebook-signing key, as on a pupil's fresh Binder."""
    require_chromium()
    folder = tmp_path_factory.mktemp("pupil")
    (folder / "tekening.ipynb").write_text(DRAWING, encoding="utf-8")
    (folder / "notebook7.ipynb").write_text(DRAWING, encoding="utf-8")
    options = ["--LabApp.expose_app_in_browser=True",
               "--JupyterNotebookApp.expose_app_in_browser=True"]  # fmt: skip
    with jupyter_server("lab", folder, folder / ".jupyter", TOKEN, *options) as started:
        yield started


@pytest.fixture(scope="module")
def browser(server):
    # --force-prefers-reduced-motion acts like the system setting. (Playwright's own
    # reduced_motion option does not reach an SVG shown as an <img>, as JupyterLab shows it.)
    with chromium("--force-prefers-reduced-motion") as launched:
        yield launched


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    yield page
    page.close()


def test_jupyterlab_shows_the_drawing_and_still_shows_it_when_opened_again(server, page):
    open_notebook(page, server, "lab/tree/tekening.ipynb")
    run_all_cells(page)
    picture = shown_picture(page)
    svg = base64.b64decode(picture.get_attribute("src").split(",", 1)[1]).decode("utf-8")
    assert "<title>Tekening van de schildpad</title>" in svg
    assert drawn_pixels(picture.screenshot()) > WHOLE_SQUARE
    assert read_aloud(page) == SAID

    page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
    wait_until_saved(server["folder"] / "tekening.ipynb")
    page.reload()
    assert drawn_pixels(shown_picture(page).screenshot()) > WHOLE_SQUARE


def test_notebook_7_shows_the_drawing(server, page):
    open_notebook(page, server, "notebooks/notebook7.ipynb")
    run_all_cells(page)
    assert drawn_pixels(shown_picture(page).screenshot()) > WHOLE_SQUARE
    assert read_aloud(page) == SAID


def test_an_untrusted_notebook_still_shows_the_drawing_and_says_what_it_is(server, page):
    # The drawing notebook run elsewhere (as on last week's Binder) and brought to a server
    # that has never seen it: its outputs are real, but their signature is unknown here.
    from nbclient import NotebookClient

    notebook = nbformat.reads(DRAWING, as_version=4)
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    (server["folder"] / "uploaded.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
    open_notebook(page, server, "lab/tree/uploaded.ipynb")
    assert drawn_pixels(shown_picture(page).screenshot()) > WHOLE_SQUARE
    assert read_aloud(page) == SAID
    assert page.get_by_text("Cannot display an untrusted SVG").count() == 0


# -- helpers ---------------------------------------------------------------------------------


def open_notebook(page, server: dict, path: str) -> None:
    """Open a notebook, alone (``reset``: no tabs left open by an earlier test), and wait
    until its kernel is ready."""
    page.goto(f"{server['url']}/{path}?reset&token={TOKEN}")
    page.wait_for_function(
        "window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status"
        " === 'idle'",
        timeout=90_000,
    )
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=30_000)


def run_all_cells(page) -> None:
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


def shown_picture(page):
    """The drawing's <img> in the output, once the browser has decoded it."""
    picture = page.wait_for_selector(".jp-OutputArea-output img", timeout=60_000)
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=picture)
    return picture


def read_aloud(page) -> str:
    """The name the page's accessibility tree gives the drawing (what a screen reader says)."""
    tree = page.locator(".jp-OutputArea-output").first.aria_snapshot()
    return next(
        line.split('img "', 1)[1].rsplit('"', 1)[0] for line in tree.splitlines() if 'img "' in line
    )


def drawn_pixels(png: bytes) -> int:
    """How many pixels of a screenshot the pen coloured (black, softened at the edges)."""
    from PIL import Image

    return sum(Image.open(io.BytesIO(png)).convert("L").histogram()[:200])


def wait_until_saved(path: Path) -> None:
    for _ in range(100):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cells[1].get("outputs"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{path.name} was not saved with its drawing")
