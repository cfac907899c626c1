"""Cleaning what a pupil hands in (codekamp_grading.sanitize): nothing that runs in the teacher's
browser survives, everything a lesson uses does, and text from a pupil reaches the teacher's
terminal and spreadsheet as plain text."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
    new_raw_cell,
)

from codekamp.i18n import translate
from codekamp_grading.sanitize import (
    clean_markdown,
    clean_stylesheet,
    clean_svg,
    is_safe_id,
    render_markdown,
    safe_text,
    sanitize_notebook,
    spreadsheet_cell,
)

SVG = 'xmlns="http://www.w3.org/2000/svg"'
ACTIVE_WORDS = ("<script", "onerror", "onload", "javascript:", "foreignObject", "alert(")


def notebook(*cells, **metadata) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells), metadata=metadata)


def shown(nb: nbformat.NotebookNode) -> str:
    """Everything in the notebook a page could show, as one text."""
    return json.dumps(nb)


class _ActiveParts(HTMLParser):
    """Finds, as a browser parses a page, the tags and attributes that run or fetch a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "iframe", "object", "embed", "svg", "math", "form", "style"):
            self.found.append(tag)
        for name, value in attrs:
            url = re.sub(r"\s", "", value or "").lower()
            if name.startswith("on") or url.startswith(("javascript:", "data:text")):
                self.found.append(f"{tag} {name}={value}")


def active_parts(html: str) -> list[str]:
    parser = _ActiveParts()
    parser.feed(html)
    return parser.found


def turtle_svg() -> str:
    """A real drawing of the course's turtle, with its CSS animation."""
    from codekamp.turtle import Turtle
    from codekamp.turtle.screen import Screen

    screen = Screen()
    pen = Turtle()
    for _ in range(4):
        pen.forward(50)
        pen.left(90)
    pen.write("Mila")
    return screen.svg(animate="new")


# -- markdown cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>fetch('/api/contents/x', {method: 'PUT'})</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle r=5 /></svg>",
        "[klik hier](javascript:alert(1))",
        "[klik](JaVa&#x53;cript:alert(1))",
        '<a href="jav&#x61;script:alert(1)">klik</a>',
        "[x]: javascript:alert(1)\n\nZie [x].",
        '<iframe src="javascript:alert(1)"></iframe>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<!--><img src=x onerror=alert(1)>-->",
        '<details open ontoggle="alert(1)"><summary>Tip</summary>x</details>',
        "![tekening](data:text/html,<script>alert(1)</script>)",
    ],
)
def test_markdown_loses_what_runs(source):
    nb = notebook(new_markdown_cell(source))
    notes = sanitize_notebook(nb)
    assert notes
    assert active_parts(render_markdown(nb.cells[0].source)) == []


def test_markdown_keeps_the_html_lessons_use():
    source = (
        "## Opdracht 1\n\n**Vet** en `code < 3`.\n\n> Een citaat\n\n"
        "<details><summary>💡 Tip 1</summary>\n\nGebruik `*`.\n</details>\n\n"
        '<img src="schildpad.png" alt="schildpad" width="200">\n\n'
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
        "[Meer](https://www.python.org) en [oefening](../ex.ipynb)"
    )
    nb = notebook(new_markdown_cell(source))
    assert sanitize_notebook(nb) == []
    assert nb.cells[0].source == source


def test_the_course_notebooks_come_through_unchanged():
    paths = sorted((ROOT / "notebooks").rglob("*.ipynb")) + sorted(
        (ROOT / "solutions").rglob("*.ipynb")
    )
    assert paths
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        before = copy.deepcopy(nb)
        assert sanitize_notebook(nb) == [], path
        assert nb == before, path


def test_a_cleaned_markdown_cell_still_shows_its_text_and_pictures():
    source = "Mijn **tekening**:\n\n<img src=tekening.png onerror=alert(1)>\n\n<script>x()</script>"
    cleaned = clean_markdown(source)
    assert "<strong>tekening</strong>" in cleaned
    assert '<img src="tekening.png">' in cleaned
    assert "onerror" not in cleaned and "<script" not in cleaned
    assert "\n" not in cleaned  # one HTML block: a blank line would end it


def test_raw_cells_are_cleaned_too():
    nb = notebook(new_raw_cell("<b>vet</b><script>alert(1)</script>"))
    sanitize_notebook(nb)
    assert nb.cells[0].source == "<b>vet</b>"


def test_attachments_keep_pictures_only():
    cell = new_markdown_cell("![a](attachment:a.png)")
    cell["attachments"] = {
        "a.png": {"image/png": "iVBORw0KGgo=", "text/html": "<script>alert(1)</script>"}
    }
    nb = notebook(cell)
    assert sanitize_notebook(nb)
    assert nb.cells[0].attachments == {"a.png": {"image/png": "iVBORw0KGgo="}}


# -- outputs ----------------------------------------------------------------------------------


def display(data: dict, **metadata) -> nbformat.NotebookNode:
    return new_output("display_data", data=data, metadata=metadata)


def test_javascript_and_widget_outputs_go_and_their_text_stays():
    outputs = [
        display({"application/javascript": "alert(1)", "text/plain": "<IPython.Javascript>"}),
        display(
            {
                "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                "text/plain": "IntSlider()",
            }
        ),
        display({"text/vnd.evil+html": "<script>", "text/plain": "iets"}),
    ]
    nb = notebook(new_code_cell("x", outputs=outputs))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    notes = sanitize_notebook(nb)
    assert [output.data for output in nb.cells[0].outputs] == [
        {"text/plain": "<IPython.Javascript>"},
        {"text/plain": "IntSlider()"},
        {"text/plain": "iets"},
    ]
    assert "widgets" not in nb.metadata
    message, values = notes[0]
    assert "application/javascript" in values["kinds"] and "text/vnd.evil+html" in values["kinds"]
    # sliders and buttons (lesson 08 on) go too, but as expected: the note does not name them
    assert "widget" not in values["kinds"] and values["count"] == 2


def test_a_notebook_whose_only_active_content_is_its_widgets_gets_no_note():
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "t"}
    nb = notebook(new_code_cell("show(button)", outputs=[display(widget)]))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert sanitize_notebook(nb) == []
    assert nb.cells[0].outputs[0].data == {"text/plain": "t"} and "widgets" not in nb.metadata


def test_odd_widget_metadata_is_named_in_the_note():
    nb = notebook(new_code_cell("x"))
    nb.metadata["widgets"] = {"text/html": "<script>alert(1)</script>"}
    ((message, values),) = sanitize_notebook(nb)
    assert values["kinds"] == "widgets" and "widgets" not in nb.metadata


def test_html_outputs_lose_scripts_and_keep_the_rest():
    html = "<table><tr><td><b>7</b></td></tr></table><script>alert(1)</script>"
    nb = notebook(new_code_cell("x", outputs=[display({"text/html": html, "text/plain": "t"})]))
    sanitize_notebook(nb)
    assert nb.cells[0].outputs[0].data == {
        "text/html": "<table><tbody><tr><td><b>7</b></td></tr></tbody></table>",
        "text/plain": "t",
    }


def test_the_turtles_animated_drawing_comes_through_unchanged():
    picture = turtle_svg()
    assert "@keyframes" in picture and "animation-delay" in picture
    assert "<animateMotion" in picture and "<set " in picture  # the turtle walking its path
    nb = notebook(new_code_cell("x", outputs=[display({"image/svg+xml": picture})]))
    assert sanitize_notebook(nb) == []
    assert nb.cells[0].outputs[0].data["image/svg+xml"] == picture


@pytest.mark.parametrize(
    "attack",
    [
        f'<svg {SVG} onload="alert(1)"><rect width="9" height="9"/></svg>',
        f"<svg {SVG}><script>alert(1)</script><rect width='9'/></svg>",
        f'<svg {SVG}><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
        '<img src="x" onerror="alert(1)"/></body></foreignObject></svg>',
        f'<svg {SVG} xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:href="javascript:alert(1)"><text>klik</text></a></svg>',
        f'<svg {SVG}><a href="data:text/html,x"><rect width="9"/></a></svg>',
        f'<svg {SVG}><set attributeName="onclick" to="alert(1)"/>'
        '<animate attributeName="href" values="javascript:alert(1)"/></svg>',
        f'<svg {SVG}><rect width="9" style="fill:url(javascript:alert(1))"/></svg>',
    ],
)
def test_svg_loses_scripts_handlers_foreign_objects_and_links(attack):
    cleaned, changed = clean_svg(attack)
    assert changed
    assert not any(word in cleaned for word in ACTIVE_WORDS + ("data:text", "<set", "<animate"))
    assert cleaned.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in cleaned


def test_svg_keeps_smil_that_only_moves_or_shows_things():
    walker = (
        f'<svg {SVG}><g><rect width="9" height="9"/>'
        '<animateMotion dur="2s" path="M0 0 L10 0" rotate="auto"/>'
        '<set attributeName="visibility" to="hidden" begin="2s"/></g></svg>'
    )
    assert clean_svg(walker) == (walker, False)
    sneaky = f'<svg {SVG}><set attributeName=" href" to="javascript:alert(1)"/></svg>'
    cleaned, changed = clean_svg(sneaky)
    assert changed and "<set" not in cleaned


def test_svg_style_sheets_keep_animations_and_lose_what_fetches():
    sheet = (
        "@import url(http://example.com/x.css);"
        ".ck-line{animation:ck-draw linear forwards}"
        "@keyframes ck-draw{to{stroke-dashoffset:0}}"
        ".bad{fill:url(http://example.com/p.svg#x);stroke:red}"
    )
    cleaned, removed = clean_stylesheet(sheet)
    assert removed
    assert "@import" not in cleaned and "url(" not in cleaned
    assert ".ck-line{animation:ck-draw linear forwards}" in cleaned
    assert "@keyframes ck-draw" in cleaned and "stroke:red" in cleaned


def test_an_svg_that_is_not_a_picture_is_removed_and_its_text_stays():
    nb = notebook(
        new_code_cell("x", outputs=[display({"image/svg+xml": "<svg><b", "text/plain": "tekst"})])
    )
    sanitize_notebook(nb)
    assert nb.cells[0].outputs[0].data == {"text/plain": "tekst"}


def test_svg_with_entity_tricks_is_removed():
    bomb = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><svg ' + SVG + ">&a;</svg>"
    assert clean_svg(bomb) == (None, True)


def test_output_metadata_cannot_point_pages_elsewhere():
    output = display({"image/png": "iVBORw0KGgo="}, filenames={"image/png": "http://x/y.png"})
    output.metadata["image/png"] = {"width": 100, "onload": "x"}
    nb = notebook(new_code_cell("x", outputs=[output]))
    sanitize_notebook(nb)
    assert nb.cells[0].outputs[0].metadata == {"image/png": {"width": 100}}


def test_fields_pages_show_raw_get_plain_values():
    nb = notebook(new_code_cell("x"))
    cell = nb.cells[0]
    cell.execution_count = '<img src=x onerror="alert(1)">'
    cell.metadata["nbgrader"] = {"grade_id": 'x"><script>alert(1)</script>', "solution": True}
    notes = sanitize_notebook(nb)
    assert cell.execution_count is None
    assert is_safe_id(cell.metadata.nbgrader.grade_id)
    assert notes[0][1]["fields"] == "execution_count, grade_id"


# -- any notebook ----------------------------------------------------------------------------


def hostile_notebook() -> nbformat.NotebookNode:
    outputs = [
        display({"text/html": "<img src=x onerror=alert(1)>", "text/plain": "x"}),
        display({"application/javascript": "alert(1)"}),
        display({"image/svg+xml": f"<svg {SVG} onload='alert(1)'><!-- c --></svg>"}),
        display({"text/markdown": "[x](javascript:alert(1))"}),
        new_output("stream", name="stdout", text="gewoon\n"),
    ]
    return notebook(
        new_markdown_cell("<script>alert(1)</script> en [x](javascript:alert(2))"),
        new_raw_cell("<svg onload=alert(1)>"),
        new_code_cell("print(1)", outputs=outputs, execution_count=3),
        widgets={"state": {}},
    )


def test_cleaning_twice_changes_nothing():
    nb = hostile_notebook()
    assert sanitize_notebook(nb)
    once = copy.deepcopy(nb)
    assert sanitize_notebook(nb) == []
    assert nb == once


def test_nothing_active_is_left_in_a_hostile_notebook():
    nb = hostile_notebook()
    sanitize_notebook(nb)
    pages = [render_markdown(nb.cells[0].source), nb.cells[1].source]
    for output in nb.cells[2].outputs:
        data = output.get("data", {})
        pages += [data.get("text/html", ""), render_markdown(data.get("text/markdown", ""))]
        assert "<svg" not in data.get("image/svg+xml", "<svg>")[1:]  # (no svg in the svg)
        assert "onload" not in data.get("image/svg+xml", "")
        assert "application/javascript" not in data
    assert [active_parts(page) for page in pages] == [[]] * len(pages)
    assert "gewoon" in shown(nb)


@pytest.mark.parametrize(
    "weird",
    [
        None,
        [],
        "notebook",
        {"cells": "nope"},
        {"cells": [None, 3, {"cell_type": "code", "source": 5, "outputs": "x"}]},
        {"cells": [{"cell_type": "markdown", "source": ["<scr", "ipt>x</script>"]}]},
        {
            "cells": [
                {
                    "cell_type": "code",
                    "outputs": [None, {"output_type": "display_data", "data": "x"}],
                }
            ]
        },
        {"cells": [{"cell_type": "code", "outputs": [{"output_type": "error", "traceback": 3}]}]},
        {"cells": [{"cell_type": "markdown", "source": "![a](attachment:missing.png)"}]},
        {"cells": [{"cell_type": "markdown", "source": "x", "attachments": {"a": "b"}}]},
        {"metadata": [], "cells": [{"cell_type": "raw", "metadata": None, "source": "\x00<"}]},
    ],
)
def test_weird_notebooks_never_make_it_fail(weird):
    notes = sanitize_notebook(weird)
    assert isinstance(notes, list)
    assert sanitize_notebook(weird) == []  # and once is enough


def test_the_notes_read_well_in_every_language():
    for message, values in sanitize_notebook(hostile_notebook()):
        for language in ("nl", "fr", "en"):
            text = translate(message, language).format(**values)
            assert "{" not in text and safe_text(text) == text


# -- text for the teacher's terminal and reports ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lina\x1b[2J\x1b[H", "lina"),  # clear the screen
        ("\x1b]0;Hacked\x07sam", "sam"),  # window title
        ("\x1b]52;c;ZWNobyBoaQ==\x07mo", "mo"),  # the clipboard
        ("bad\rp01  10 / 10", "bad p01  10 / 10"),  # overwrite the line
        ("a\bb\x07c\x00d\x7fe\x9b", "abcde"),
        ("abc\u202edcba\u2066x\u2069", "abcdcbax"),  # bidi overrides
        ("zero\u200bwidth\ufeff\u00ad", "zerowidth"),
        ("twee\nregels\r\n en\u2028meer", "twee regels en meer"),
        ("\ud800broken", "broken"),
    ],
)
def test_safe_text_leaves_only_printable_text(text, expected):
    assert safe_text(text) == expected


def test_safe_text_shortens_long_text():
    assert safe_text("x" * 500, limit=10) == "x" * 9 + "…"
    assert len(safe_text("é" * 500)) == 200


def test_safe_text_takes_anything():
    assert safe_text(None) == "None"
    assert safe_text(12.5) == "12.5"


@pytest.mark.parametrize(
    "text", ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "＝1+1"]
)
def test_spreadsheet_cells_never_start_a_formula(text):
    assert spreadsheet_cell(text) == "'" + text


def test_spreadsheet_cells_keep_numbers_and_plain_text():
    assert spreadsheet_cell(7.5) == 7.5
    assert spreadsheet_cell(10) == 10
    assert spreadsheet_cell("-3") == "-3"
    assert spreadsheet_cell("7,5") == "7,5"
    assert spreadsheet_cell("lina") == "lina"
    assert spreadsheet_cell(None) == ""


def test_only_plain_ids_are_safe():
    assert is_safe_id("test-days-old") and is_safe_id("p01")
    assert not is_safe_id('x"><img src=x>') and not is_safe_id("") and not is_safe_id(None)
