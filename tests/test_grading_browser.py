"""A hostile hand-in, as the teacher and the pupil see it in a real browser (Chromium, driven
by Playwright).

A pupil hands in ``nl-00-welkom`` with scripts everywhere a notebook can hold one: in markdown
(``<script>``, ``<img onerror>``, ``<svg onload>``, a ``javascript:`` link), in outputs saved
in the file (HTML with a script, JavaScript), and in code that shows HTML and JavaScript while
it is graded. Every script would act as the teacher: mark ``window``, change the page title,
open a dialog, write a file through ``/api/contents`` and open a terminal through
``/api/terminals``. The class is graded with plain nbgrader commands and the course's
configuration, then:

(a) the teacher opens the submission in nbgrader's formgrader, logged in to their Jupyter
    server: no script runs, and the honest parts (text, the turtle's drawing) still show;
(b) the pupil opens their feedback page: in Dutch, without the hidden tests or the teacher's
    folders, and a very long printed line wraps within the page.

It needs Chromium from the system (``apt-get install chromium``); without it the browser tests
are skipped, unless ``CODEKAMP_REQUIRE_BROWSER=1`` (as in ``.ci/run``) makes that a failure.
The tests below the browser tests check the feedback steps' parts without a browser.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser_support import chromium, jupyter_server, require_chromium
from conftest import ROOT, copy_of_assignment, nbgrader
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from codekamp.i18n import translate
from codekamp_grading.feedback import (
    FEEDBACK_WORDS,
    HideHiddenTests,
    Words,
    path_hider,
    pupil_language,
)

TOKEN = "codekamp-grading-browser-test"
ASSIGNMENT = "nl-00-welkom"
PUPIL = "p01"
LONG_LINE = "x" * 3000
ATTACKED = "__codekampPwned"  # what every script sets on window


def attack(name: str) -> str:
    """JavaScript that does all a pupil's script could, as the logged-in teacher."""
    return (
        f"window.{ATTACKED}=(window.{ATTACKED}||[]).concat('{name}');"
        "document.title='PWNED';"
        "var t=(document.cookie.match(/_xsrf=([^;]+)/)||[])[1];"
        f"fetch('/api/contents/pwned-{name}.txt',{{method:'PUT',"
        "headers:{'X-XSRFToken':t,'Content-Type':'application/json'},"
        "body:JSON.stringify({type:'file',format:'text',content:'pwned'})});"
        "fetch('/api/terminals',{method:'POST',headers:{'X-XSRFToken':t}});"
        f"alert('{name}');"
    )


def hostile_submission() -> nbformat.NotebookNode:
    """The exercise with the right answers, and attacks in every place a notebook allows."""
    exercise = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    solution = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(exercise, as_version=4)
    answers = {cell.id: cell.source for cell in nbformat.read(solution, as_version=4).cells}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            lines = answers[cell.id].splitlines()
            cell.source = "\n".join(line for line in lines if not line.startswith("### "))
    saved_outputs = new_code_cell(
        "1 + 1",
        outputs=[
            new_output(
                "display_data",
                data={"text/html": f"<script>{attack('saved-html')}</script>", "text/plain": "2"},
            ),
            new_output("display_data", data={"application/javascript": attack("saved-js")}),
        ],
    )
    shown_html = (
        f'<b>Hallo juf!</b><img src=x onerror="{attack("shown-img")}">'
        f"<script>{attack('shown-script')}</script>"
    )
    notebook.cells[1:1] = [
        new_markdown_cell(f"Mijn werk.<script>{attack('markdown-script')}</script>"),
        new_markdown_cell(f'<img src="x" onerror="{attack("markdown-img")}"> Mijn foto'),
        new_markdown_cell(f'<svg onload="{attack("markdown-svg")}"><circle r="5"/></svg>'),
        new_markdown_cell(f"[Bekijk mijn tekening](<javascript:{attack('markdown-link')}>)"),
        saved_outputs,
    ]
    notebook.cells += [
        new_code_cell(
            "from IPython.display import HTML, Javascript, display\n"
            f"display(HTML({shown_html!r}))\n"
            f"display(Javascript({attack('shown-js')!r}))"
        ),
        new_code_cell(
            "from codekamp.turtle import *\nfor _ in range(4):\n    forward(100)\n    left(90)"
        ),
        new_code_cell(
            "import os, codekamp\n"
            "print(os.getcwd())\n"
            f"print('{LONG_LINE}')\n"
            "open(codekamp.__file__ + '.kwijt')"
        ),
    ]
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The hostile hand-in, graded and given feedback with the course's configuration."""
    require_chromium()
    course = copy_of_assignment(tmp_path_factory.mktemp("class") / "course", ASSIGNMENT)
    _add_a_hidden_test(course)
    grading = tmp_path_factory.mktemp("grading")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEKAMP_GRADING_DIR", str(grading))
        nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course)
        handed_in = grading / "submitted" / PUPIL / ASSIGNMENT
        handed_in.mkdir(parents=True)
        nbformat.write(hostile_submission(), handed_in / f"{ASSIGNMENT}.ipynb")
        nbgrader("autograde", ASSIGNMENT, cwd=course)
        nbgrader("generate_feedback", ASSIGNMENT, cwd=course)
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + (grading / "gradebook.db").as_posix()) as gradebook:
        submission = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, PUPIL).id
    feedback = grading / "feedback" / PUPIL / ASSIGNMENT / f"{ASSIGNMENT}.html"
    return {"course": course, "grading": grading, "submission": submission, "feedback": feedback}


@pytest.fixture(scope="module")
def formgrader(graded):
    """The teacher's Jupyter server, with nbgrader's formgrader, started in the course."""
    state = graded["grading"] / ".jupyter"
    (state / "config").mkdir(parents=True)
    extensions = {"nbgrader.server_extensions.formgrader": True}
    (state / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}), encoding="utf-8"
    )
    environment = {"CODEKAMP_GRADING_DIR": str(graded["grading"])}
    with jupyter_server(
        "server", graded["course"], state, TOKEN, environment=environment
    ) as started:
        yield started


@pytest.fixture(scope="module")
def browser(graded):
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 900, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.api_calls = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            "/api/" in request.url
            and request.method != "GET"
            and page.api_calls.append(f"{request.method} {request.url}")
        ),
    )
    yield page
    context.close()


# -- (a) the teacher grades by hand in the formgrader -------------------------------------------


def open_submission(page, formgrader: dict, submission: str) -> None:
    """Log in to the Jupyter server as the teacher (a login cookie, as after the login page),
    then open the submission in the formgrader."""
    page.goto(f"{formgrader['url']}/api/status?token={TOKEN}")
    page.goto(f"{formgrader['url']}/formgrader/submissions/{submission}/")
    page.wait_for_selector("text=Hallo juf!")


def test_the_formgrader_runs_none_of_the_pupils_scripts(graded, formgrader, page):
    open_submission(page, formgrader, graded["submission"])
    page.get_by_text("Bekijk mijn tekening").click()
    page.wait_for_timeout(1000)  # time for any fetch a script would have sent

    assert page.evaluate(f"window.{ATTACKED}") is None
    assert page.title() == ASSIGNMENT
    assert page.dialogs == []
    assert page.api_calls == []
    assert not list(formgrader["folder"].rglob("pwned*"))
    assert _api(formgrader, "terminals") == []


def test_the_formgrader_still_shows_the_honest_parts(graded, formgrader, page):
    open_submission(page, formgrader, graded["submission"])
    drawing = page.wait_for_selector('img[src^="data:image/svg+xml"]')
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=drawing)
    assert page.locator("text=Mijn foto").count() == 1
    assert page.locator("b", has_text="Hallo juf!").count() == 1
    assert page.locator("text=Bekijk mijn tekening").count() == 1


# -- (b) the pupil reads their feedback --------------------------------------------------------


@pytest.fixture
def feedback_page(graded, page, tmp_path):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(graded["feedback"].as_uri())
    page.wait_for_selector(".nbgrader-label")
    yield page
    page.screenshot(path=tmp_path / "feedback.png", full_page=True)


def test_the_feedback_page_speaks_dutch_to_a_dutch_pupil(feedback_page):
    page = feedback_page
    assert page.evaluate("document.documentElement.lang") == "nl"
    labels = set(page.locator(".nbgrader-label").all_inner_texts())
    assert labels == {translate(FEEDBACK_WORDS["answer"], "nl"),
                      translate(FEEDBACK_WORDS["test"], "nl")}  # fmt: skip
    text = page.inner_text("body")
    for english in ("Student's answer", "Grade cell", "Test cell", "Late submission"):
        assert english not in text


def test_the_feedback_page_hides_the_hidden_tests(graded, feedback_page):
    shown = feedback_page.inner_text("body")
    hidden = _hidden_test_lines(graded["course"])
    assert HIDDEN_CHECK in hidden
    assert "HIDDEN TESTS" not in graded["feedback"].read_text(encoding="utf-8")
    for line in hidden:
        assert line.strip() not in shown


def test_the_feedback_page_shows_none_of_the_teachers_folders(graded, feedback_page):
    page = graded["feedback"].read_text(encoding="utf-8")
    folders = {graded["course"], graded["grading"], ROOT, Path(sys.prefix), Path.home()}
    for folder in folders:
        assert not re.search(re.escape(str(folder)) + r"(?![\w.-])", page), folder
    assert "codekamp/__init__.py.kwijt" in page  # the pupil's error is still there, shorter


def test_a_very_long_line_wraps_within_the_feedback_page(feedback_page):
    page = feedback_page
    line = page.locator("pre", has_text="xxxxxxxxxx").first
    box = line.bounding_box()
    width = page.evaluate("window.innerWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert box["height"] > 10 * 16  # the 3,000 characters take many lines


def test_the_feedback_page_runs_none_of_the_pupils_scripts(feedback_page):
    feedback_page.wait_for_timeout(500)
    assert feedback_page.evaluate(f"window.{ATTACKED}") is None
    assert feedback_page.dialogs == []


# -- the feedback steps, without a browser --------------------------------------------------


def test_words_are_translated_and_numbers_written_as_the_pupil_does(monkeypatch):
    import codekamp.i18n

    catalogs = {"nl": {FEEDBACK_WORDS["score"]: "Punten: {score} op {max_score}"}}
    monkeypatch.setattr(codekamp.i18n, "catalog", lambda language: catalogs.get(language, {}))
    assert Words("nl")("score", score=7.5, max_score=10.0) == "Punten: 7,5 op 10"
    assert Words("en")("score", score=7.5, max_score=10.0) == "Score: 7.5 / 10"
    assert Words("fr").number(1 / 3) == "0,33"


def test_words_escape_what_they_show():
    assert Words("en")("title", notebook="<b>x</b>") == "Feedback on &lt;b&gt;x&lt;/b&gt;"


def test_the_pupils_language_comes_from_the_notebook_or_the_assignment():
    notebook = nbformat.v4.new_notebook(metadata={"codekamp": {"language": "fr"}})
    assert pupil_language(notebook, {}) == "fr"
    empty = nbformat.v4.new_notebook()
    assert pupil_language(empty, {"nbgrader": {"assignment": "nl-03-functies"}}) == "nl"
    assert pupil_language(empty, {"nbgrader": {"assignment": "nlx"}}) == "en"


def test_folders_become_words_longest_first():
    hide = path_hider({"/home/an": "~", "/home/an/klas": "course", "/": "root"})
    assert hide("File /home/an/klas/check.py, /home/an/x, /home/anna") == (
        "File course/check.py, ~/x, /home/anna"
    )


def test_hidden_tests_with_broken_markers_are_hidden_all_the_same():
    cell = new_code_cell("check(1)\n### BEGIN HIDDEN TESTS\ngeheim()\n")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t"}
    cell.outputs = [new_output("error", ename="CheckFailed", evalue="nee",
                               traceback=["geheim()", "CheckFailed: nee"])]  # fmt: skip
    HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert cell.source == "check(1)"
    assert cell.outputs[0].traceback == ["CheckFailed: nee"]


def test_a_pupils_own_cell_is_left_as_it_is():
    cell = new_code_cell("### BEGIN HIDDEN TESTS\nmijn code")
    cell.metadata["nbgrader"] = {"grade": False, "solution": True, "grade_id": "a"}
    HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert cell.source == "### BEGIN HIDDEN TESTS\nmijn code"


# -- helpers ---------------------------------------------------------------------------------


HIDDEN_CHECK = 'expect_equal(dagen, leeftijd * 365, what="dagen (de verborgen test 4a7f)")'


def _add_a_hidden_test(course: Path) -> None:
    """A hidden test, as a teacher may add one (assignment 00 itself has none)."""
    path = course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    solution = nbformat.read(path, 4)
    (cell,) = [c for c in solution.cells if c.get("id") == "test-days-old"]
    hidden = f"### BEGIN HIDDEN TESTS\n{HIDDEN_CHECK}\n### END HIDDEN TESTS\nwell_done()"
    assert cell.source.rstrip().endswith("well_done()")
    cell.source = cell.source.rstrip()[: -len("well_done()")] + hidden
    nbformat.write(solution, path)


def _hidden_test_lines(course: Path) -> list[str]:
    """The lines between the hidden-test markers of the assignment's solution."""
    solution = nbformat.read(course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    lines, hidden = [], False
    for cell in solution.cells:
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                hidden = "BEGIN" in line
            elif hidden:
                lines.append(line)
    return lines


def _api(server: dict, path: str):
    with urllib.request.urlopen(f"{server['url']}/api/{path}?token={TOKEN}", timeout=10) as r:
        return json.loads(r.read())
