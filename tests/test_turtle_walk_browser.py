"""The walking turtle in a real browser (Chromium, driven by Playwright), shown as the notebook
shows it (an <img> of the SVG): halfway through the animation the turtle is halfway along its
line; at the end it rests at the line's end; with "reduce motion" it rests there at once.

Skipped without Chromium; ``.ci/run`` sets ``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip
into a failure.
"""

from __future__ import annotations

import io
import re
import time

import pytest
from browser_support import chromium, require_chromium

from codekamp.turtle import RawTurtle, TurtleScreen
from codekamp.turtle.svg import as_html


@pytest.fixture(scope="module")
def picture(tmp_path_factory) -> str:
    require_chromium()
    t = RawTurtle(TurtleScreen(), "square")
    t.color("black", "red")
    t.speed(1)
    t.penup()
    t.goto(-200, 0)
    t.pendown()
    t.forward(400)  # 10 seconds at speed 1, so the whole 4 seconds the animation may last
    svg = t.screen.svg(animate="new")
    assert re.search(r'<animateMotion dur="4.00s"', svg)
    page = tmp_path_factory.mktemp("walk") / "walk.html"
    page.write_text(f'<body style="margin:0">{as_html(svg, "walk")}</body>', encoding="utf-8")
    return page.as_uri()


def red_x(png: bytes) -> float | None:
    """Where the red turtle is, across the picture (pixels from the left), or None."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    xs = [x for x in range(image.width) for y in range(0, image.height, 2)
          if image.getpixel((x, y))[0] > 200 and image.getpixel((x, y))[1] < 80]  # fmt: skip
    return sum(xs) / len(xs) if xs else None


def test_the_turtle_walks_along_its_line_then_rests_at_its_end(picture):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 640, "height": 440})
        page.goto(picture)
        page.wait_for_function("document.images[0].complete")
        started = time.perf_counter()
        time.sleep(2.0)
        halfway = red_x(page.screenshot())
        time.sleep(max(0.0, 4.6 - (time.perf_counter() - started)))
        end = red_x(page.screenshot())
    # The line runs from x = 100 to x = 500 in the picture (its 600 pixels are x = -300 to 300).
    assert halfway is not None and end is not None
    assert 150 < halfway < 450, halfway  # on its way: neither at the start nor at the end
    assert abs(end - 500) < 5  # resting at the end of its line


def test_with_reduced_motion_the_turtle_rests_at_once(picture):
    with chromium("--force-prefers-reduced-motion") as browser:
        page = browser.new_page(viewport={"width": 640, "height": 440})
        page.goto(picture)
        page.wait_for_function("document.images[0].complete")
        time.sleep(0.5)
        assert abs(red_x(page.screenshot()) - 500) < 5
