"""The pupil's first hour under `make lab`, in a real browser (Chromium, driven by Playwright):
lesson 01 in Dutch opens clean (not marked as changed, no nbgrader tools), its link opens the
assignment, a test cell answers in Dutch with only its message, a cell that prints without
end is cut short while the page keeps answering, and the assignment's last cell checks every
task at once, in Dutch.

Skipped without Chromium; ``.ci/run`` sets ``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip
into a failure.
"""

from __future__ import annotations

import json
import time

import pytest
from browser_support import chromium, pupil_lab, require_chromium
from conftest import ROOT

TOKEN = "codekamp-pupil-browser"
LESSON = ROOT / "notebooks" / "nl" / "01-schildpad-les.ipynb"
LINK_CELL = [cell["id"] for cell in json.loads(LESSON.read_text())["cells"]].index("assignment")
ASSIGNMENT = ROOT / "exercises" / "nl-01-schildpad" / "nl-01-schildpad.ipynb"
ASSIGNMENT_CELLS = json.loads(ASSIGNMENT.read_text())["cells"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_chromium()
    with pupil_lab(tmp_path_factory.mktemp("pupil"), TOKEN) as server:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            yield {**server, "page": page}


def visible_notebook(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def type_into_first_answer(page, code: str):
    """Replace what the assignment's first answer cell holds with ``code``, as a pupil types it;
    returns the cell (its editor still has the focus)."""
    cell = visible_notebook(page).locator(".jp-Cell").nth(3)
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Enter")
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)
    return cell


def wait_idle(page, timeout: float = 60) -> None:
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=timeout * 1000)


def test_lesson_01_opens_clean_and_its_link_opens_the_assignment(lab):
    page = lab["page"]
    page.goto(f"{lab['url']}/lab/tree/notebooks/nl/01-schildpad-les.ipynb?reset&token={TOKEN}")
    visible_notebook(page).locator(".jp-Cell").first.wait_for(timeout=60_000)
    wait_idle(page)
    time.sleep(1)
    assert page.locator(".lm-TabBar-tab.jp-mod-dirty").count() == 0  # opens unchanged
    assert page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").count() == 0
    assert page.get_by_text("Validate", exact=True).count() == 0
    # JupyterLab draws the cells near the view only: walk down to the lesson's last core cell.
    notebook = visible_notebook(page)
    notebook.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    for _ in range(LINK_CELL):
        page.keyboard.press("j")
    link = notebook.locator(".jp-RenderedMarkdown a", has_text="nl-01-schildpad").first
    link.wait_for(timeout=30_000)
    link.click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text="nl-01-schildpad.ipynb").wait_for(
        timeout=30_000
    )


def test_a_test_cell_answers_in_dutch_with_only_its_message(lab):
    page = lab["page"]
    notebook = visible_notebook(page)
    notebook.locator(".jp-Cell").first.wait_for(timeout=60_000)
    wait_idle(page)
    notebook.locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("j")  # the setup cell
    for _ in range(4):  # setup, the task's text, the (blank) answer, its test
        page.keyboard.press("Shift+Enter")
        time.sleep(0.5)
        wait_idle(page)
    test = notebook.locator(".jp-Cell").nth(4)
    shown = test.locator(".jp-OutputArea-output").first
    shown.wait_for(timeout=30_000)
    text = shown.inner_text()
    assert text.strip().startswith("CheckFailed: ❌"), text
    assert "tekening" in text and "expect_drawing" not in text  # Dutch, and no test code


def test_a_print_flood_is_cut_short_and_the_page_keeps_answering(lab):
    page = lab["page"]
    cell = type_into_first_answer(page, 'while True:\n    print("hoi")')
    page.keyboard.press("Control+Enter")
    cell.get_by_text("Codekamp toont niet meer wat deze cel print").wait_for(timeout=60_000)
    time.sleep(2)
    started = time.perf_counter()
    visible_notebook(page).locator("[data-command='notebook:interrupt-kernel']").first.click()
    wait_idle(page, timeout=30)
    assert time.perf_counter() - started < 30
    assert page.evaluate("1 + 1") == 2


def test_the_last_cell_checks_every_task_in_dutch(lab):
    """The pupil's own "Validate": a square drawn and saved, then the assignment's last cell."""
    page = lab["page"]
    notebook = visible_notebook(page)
    square = "clearscreen()\nfor _ in range(4):\n    forward(100)\n    left(90)"
    type_into_first_answer(page, square)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.locator(".lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached", timeout=30_000)
    active = notebook.locator(".jp-Cell.jp-mod-active")
    for _ in range(len(ASSIGNMENT_CELLS)):  # down to the last code cell
        if "codekamp.overview()" in active.inner_text():
            break
        page.keyboard.press("j")
    page.keyboard.press("Shift+Enter")
    time.sleep(0.5)
    wait_idle(page)
    check = notebook.locator(".jp-CodeCell", has_text="codekamp.overview()")
    text = check.locator(".jp-OutputArea-output").first.inner_text()
    assert "✅ Opdracht 1: de muren (2 punten)" in text, text
    assert text.count("✏️") == 3 and "nog niet gemaakt" in text, text
    assert "1 van de 4 tests slagen." in text and "def _juist" not in text
    assert check.locator(".jp-OutputArea-output svg").count() == 0  # no drawing left over
