"""The printable material (tools/printables.py, `make printables`): made from the course, so a
cheat sheet holds what its lesson's cheat sheet says, every page fits where it should (one A4 per
cheat sheet and certificate, checked in Chromium's print to PDF), and the teachers' answer sheet
holds the solutions without nbgrader's markers; the project cards hold every lesson's three
extra projects with their example pictures, but not their solutions."""

from __future__ import annotations

import html
import json
import re

import printables  # tools/
import pytest
from browser_support import chromium, require_chromium
from conftest import ROOT


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    printables.build(out)
    return out


def cheat_sheet_cell(language: str, module: str) -> str:
    (lesson,) = (ROOT / "notebooks" / language).glob(f"{module}-*.ipynb")
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    (cell,) = [cell for cell in cells if cell.get("id") == "cheat-sheet"]
    return "".join(cell["source"])


@pytest.mark.parametrize("language", printables.LANGUAGES)
def test_a_cheat_sheet_holds_every_command_of_its_lessons_cheat_sheet(printed, language):
    for module in ("01", "07", "11"):
        page = (printed / language / f"{module}-cheat-sheet.html").read_text(encoding="utf-8")
        commands = re.findall(r"`([^`]+)`", cheat_sheet_cell(language, module))
        assert len(commands) >= 5
        for command in commands:
            assert f"<code>{html.escape(command)}</code>" in page, command


def test_one_module_alone_gives_its_cheat_sheet_and_the_other_pages(tmp_path):
    written = printables.build(tmp_path, ("nl",), module="01")
    assert sorted(path.name for path in written) == [
        "01-cheat-sheet.html", "answers.html", "certificate.html", "index.html", "projects.html",
    ]  # fmt: skip
    assert "forward(100)" in (tmp_path / "nl" / "01-cheat-sheet.html").read_text()


@pytest.mark.parametrize("language", printables.LANGUAGES)
def test_the_answer_sheet_holds_each_assignments_solutions_without_markers(printed, language):
    page = (printed / language / "answers.html").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in page and "HIDDEN TESTS" not in page
    for solution in sorted((ROOT / "solutions").glob(f"{language}-*/*.ipynb")):
        for _, code in printables.answers(solution):
            if code:
                assert html.escape(code.splitlines()[0]) in page, solution.name
    assert page.count('class="module"') == len(list((ROOT / "solutions").glob(f"{language}-*")))


@pytest.mark.parametrize("language", printables.LANGUAGES)
def test_the_certificate_names_every_module_of_the_language(printed, language):
    page = (printed / language / "certificate.html").read_text(encoding="utf-8")
    for lesson in printables.lessons(language):
        assert html.escape(lesson.title) in page


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("language", printables.LANGUAGES)
def test_the_project_cards_hold_every_lessons_projects_but_not_their_solutions(printed, language):
    page = (printed / language / "projects.html").read_text(encoding="utf-8")
    shown = visible_text(page)
    course = printables.lessons(language)
    assert page.count('class="module"') == len(course)
    for lesson in course:
        assert len(lesson.projects) == 3, lesson.module
        for project in lesson.projects:
            title = project.text.splitlines()[0].lstrip("# ")
            assert title in shown, title
            if project.picture:
                assert f'src="{project.picture}"' in page
    assert sum(bool(p.picture) for x in course for p in x.projects) >= 10  # the turtle's, at least
    assert "<details" not in page and "```" not in page and "clearscreen()\n" not in shown


def pdf_pages(browser, path) -> int:
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_every_cheat_sheet_and_certificate_prints_on_one_a4_page(printed):
    require_chromium()
    with chromium() as browser:
        for language in printables.LANGUAGES:
            sheets = sorted((printed / language).glob("*-cheat-sheet.html"))
            assert len(sheets) == len(printables.lessons(language))
            for sheet in [*sheets, printed / language / "certificate.html"]:
                assert pdf_pages(browser, sheet) == 1, sheet.name
            projects = pdf_pages(browser, printed / language / "projects.html")
            assert projects >= len(printables.lessons(language))  # a page per module, at least
            answers = pdf_pages(browser, printed / language / "answers.html")
            assert answers >= len(list((ROOT / "solutions").glob(f"{language}-*")))
