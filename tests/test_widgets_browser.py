"""Lesson 08 in a real browser (Chromium, driven by Playwright), as a pupil gets it from
``make lab``: in Dutch in JupyterLab and in French in Notebook 7, the pupil runs the whole
lesson, moves the star's slider and sees a new star in place of the old one, then types a guess,
clicks the button and reads the answer.

Skipped without Chromium; ``.ci/run`` sets ``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip
into a failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_support import chromium, pupil_lab, require_chromium

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "widgets"


def lesson(language: str) -> Path:
    (found,) = sorted((ROOT / "notebooks" / language).glob("08-*.ipynb"))
    return found


def cell_source(path: Path, cell_id: str) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    (cell,) = [cell for cell in notebook["cells"] if cell.get("id") == cell_id]
    return "".join(cell["source"])


def answers_of_the_referee(path: Path) -> set[str]:
    """The texts the lesson's referee (check_guess, in the lesson's language) can give: the
    texts its cell returns."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    (cell,) = [cell for cell in notebook["cells"] if cell.get("id") == "your-turn-check-cell"]
    return set(re.findall(r'return "([^"]+)"', "".join(cell["source"])))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_chromium()
    with pupil_lab(tmp_path_factory.mktemp("widgets"), TOKEN) as running:
        yield running


FRONT_ENDS = {"lab": "lab/tree", "notebook": "notebooks"}


def open_lesson(browser, lab, path: Path, front_end: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    relative = path.relative_to(ROOT).as_posix()
    page.goto(f"{lab['url']}/{FRONT_ENDS[front_end]}/{relative}?token={TOKEN}")
    page.locator(".jp-CodeCell .jp-InputArea-editor").first.wait_for(timeout=90_000)
    for _ in range(120):  # the kernel is ready
        kernels = json.loads(page.request.get(f"{lab['url']}/api/kernels?token={TOKEN}").text())
        if any(kernel["execution_state"] == "idle" for kernel in kernels):
            break
        page.wait_for_timeout(500)
    page.wait_for_timeout(1000)
    return page


def run_all(page) -> None:
    """Run › Run All Cells, from the menu as a pupil does (in the interface's language)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^(Run|Uitvoeren|Exécuter)$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()


def cell_with(page, code: str):
    """The notebook cell whose code starts with the first line of ``code``."""
    first_line = code.strip().splitlines()[0]
    return page.locator(".jp-CodeCell", has_text=first_line).first


@pytest.mark.parametrize(("language", "front_end"), [("nl", "lab"), ("fr", "notebook")])
def test_a_slider_redraws_the_star_and_a_button_answers_the_guess(
    lab, language, front_end, tmp_path
):
    path = lesson(language)
    star_code = cell_source(path, "star-slider")
    game_code = cell_source(path, "guess-game")
    answers = answers_of_the_referee(path)
    assert len(answers) == 3, answers
    with chromium("--force-prefers-reduced-motion") as browser:
        page = open_lesson(browser, lab, path, front_end)
        run_all(page)

        star = cell_with(page, star_code)
        star.scroll_into_view_if_needed()
        picture = star.locator(".widget-output img").first
        picture.wait_for(timeout=120_000)
        before = picture.get_attribute("alt")
        handle = star.locator(".widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()  # drag the slider to the right, as a pupil does
        page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2, steps=5)
        page.mouse.up()
        page.wait_for_function(
            "([cell, before]) => { const img = cell.querySelector('.widget-output img');"
            " return img && img.alt !== before; }",
            arg=[star.element_handle(), before],
            timeout=30_000,
        )
        after = star.locator(".widget-output img")
        assert after.count() == 1, "the new star replaces the old one"
        assert after.first.get_attribute("alt") != before
        page.screenshot(path=str(tmp_path / f"star-{language}.png"))

        game = cell_with(page, game_code)
        game.scroll_into_view_if_needed()
        guess = game.locator(".widget-text input").first
        guess.wait_for(timeout=60_000)
        label = game.locator("div.widget-label").first  # the Label, not a description
        assert (label.text_content() or "").strip() == ""
        guess.fill("50")
        guess.press("Enter")
        game.locator("button.jupyter-button").first.click()
        page.wait_for_function(
            "cell => (cell.querySelector('div.widget-label') || {}).textContent",
            arg=game.element_handle(),
            timeout=30_000,
        )
        said = (label.text_content() or "").strip()
        page.screenshot(path=str(tmp_path / f"guess-{language}.png"))
        assert any(answer in said for answer in answers), (said, answers)
