"""In a real kernel: a cell that draws ends with exactly one SVG picture, a later cell continues
the drawing and animates only its new part, and a cell that draws nothing shows nothing. An
animation that calls update() replaces its one picture; a drawing that waits for keys is live."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from conftest import errors, execute_cells

from codekamp.turtle.svg import picture_in

CELLS = {
    "setup": 'import codekamp\ncodekamp.set_language("nl")\nfrom codekamp.turtle import *',
    "square": "for side in range(4):\n    forward(100)\n    left(90)",
    "more": "forward(50)",
    "nothing": "x = 1",
    "mistake": 'forward("10")',
    "fast": "speed(0)\nleft(90)\nforward(10)",
    "animation": "tracer(0)\nfor step in range(200):\n    forward(2)\n    left(3)\n    update()",
    "canvases": (
        "root = TK.Tk()\nleft_canvas = TK.Canvas(root, width=300, height=200, bg='#ddffff')\n"
        "right_canvas = TK.Canvas(root, width=200, height=100)\n"
        "RawTurtle(TurtleScreen(left_canvas)).forward(50)\n"
        "RawTurtle(TurtleScreen(right_canvas)).circle(10)"
    ),
    "live": 'def hop():\n    forward(10)\nonkey(hop, "space")\nforward(20)',
    "waiting": "while True:  # for a key that cannot come\n    update()",
}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    return execute_cells(CELLS, tmp_path_factory.mktemp("turtle"))


def pictures(cell) -> list[str]:
    return [
        picture_in(output["data"])
        for output in cell.outputs
        if output["output_type"] == "display_data" and picture_in(output["data"])
    ]


def test_importing_shows_nothing(executed):
    assert executed["setup"].outputs == []


def test_a_drawing_cell_ends_with_exactly_one_picture(executed):
    cell = executed["square"]
    assert len(pictures(cell)) == 1 and len(cell.outputs) == 1
    assert pictures(cell)[0].count("<path") == 1
    data = cell.outputs[0]["data"]
    assert data["text/plain"] == "Tekening van de schildpad: een vierkant."
    assert data["text/html"].endswith('alt="Tekening van de schildpad: een vierkant.">')
    assert "image/svg+xml" not in data  # once, as the <img>: not twice the size


def test_a_continued_drawing_shows_the_whole_picture_and_animates_the_new_part(executed):
    (picture,) = pictures(executed["more"])
    assert picture.count("<path") == 2
    assert picture.count('class="ck-line"') == 1


def test_a_cell_without_drawing_shows_no_picture(executed):
    assert executed["nothing"].outputs == []


def test_a_mistake_gets_a_dutch_message_and_no_picture(executed):
    cell = executed["mistake"]
    assert pictures(cell) == []
    assert errors(cell) == [
        "BadArgument: forward heeft een getal nodig (hoe ver ze moet gaan), maar kreeg de tekst "
        "'10'. Laat de aanhalingstekens weg: forward(10)"
    ]


def test_speed_zero_shows_the_result_without_animation(executed):
    (picture,) = pictures(executed["fast"])
    assert "<style>" not in picture


def test_the_picture_survives_in_exported_html(executed):
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook(cells=list(executed.values()))
    html, _ = HTMLExporter().from_notebook_node(notebook)
    embedded = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    pictures = [base64.b64decode(data).decode() for data in embedded]
    assert len(pictures) == 8 and all(p.startswith("<svg") for p in pictures)


def test_a_program_with_two_canvases_shows_two_drawings_of_their_size(executed):
    first, second = pictures(executed["canvases"])
    assert first.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"')
    assert 'fill="#ddffff"' in first and "<path" in first
    assert second.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"')


def test_an_animation_with_update_replaces_its_one_picture_while_the_cell_runs(executed):
    cell = executed["animation"]
    assert len(cell.outputs) == 1 and "transient" not in cell.outputs[0]
    (picture,) = pictures(cell)
    (moves,) = re.findall(r'd="M0 0l([^"]*)"', picture)
    # The square, "more" and "fast" before, then all 200 lines: the last frame, not an earlier one.
    assert len(moves.split()) == 2 * (4 + 1 + 1 + 200)


def test_a_drawing_that_waits_for_keys_is_a_live_widget_with_a_still_picture(executed):
    (output,) = executed["live"].outputs
    data = output["data"]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"].startswith("Tekening van de schildpad")
    (picture,) = pictures(executed["live"])
    assert picture.startswith("<svg")


def test_a_loop_that_waits_for_a_key_in_a_running_cell_stops_with_what_to_do(executed):
    (error,) = errors(executed["waiting"])
    assert error.startswith("TooManySteps: Deze cel vroeg de schildpad meer dan 1.000.000")
    assert "Laat ontimer een stap herhalen" in error
