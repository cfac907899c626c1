"""The teachers' and volunteers' kit in docs/teachers/<language>/: every document exists in every
language, its links lead somewhere, and the commands and menus it names are real."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

from codekamp.i18n import LANGUAGES

KIT = (
    "start-here.md", "workshop-2-hours.md", "camp-5-days.md", "school-year.md",
    "curriculum-targets.md", "extra-projects.md", "classroom.md",
)  # fmt: skip
PLANS = ("start-here.md", "workshop-2-hours.md", "camp-5-days.md", "school-year.md")
"""The documents that tell pupils where to go: each gives its language's site address."""
"""The kit's documents, under the same name in every language (like grading.md)."""
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def kit(language: str, name: str) -> str:
    return (ROOT / "docs" / "teachers" / language / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", KIT)
def test_every_language_has_every_document_with_the_same_parts(name):
    headings = {lang: re.findall(r"^## ", kit(lang, name), flags=re.M) for lang in LANGUAGES}
    tables = {lang: kit(lang, name).count("\n|---") for lang in LANGUAGES}
    assert len(set(map(len, headings.values()))) == 1, headings
    assert len(set(tables.values())) == 1, tables


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", KIT)
def test_links_commands_and_pupils_addresses_are_real(language, name):
    text = kit(language, name)
    folder = ROOT / "docs" / "teachers" / language
    for target in re.findall(r"\]\((?!https?:|#)([^)\s]+)\)", text):
        assert (folder / target).exists(), f"{language}/{name} links to missing {target}"
    for file in re.findall(r"`([\w-]+\.md)`", text):
        assert (folder / file).exists(), f"{language}/{name} names missing {file}"
    for target in set(re.findall(r"`make ([\w-]+)", text)):
        assert re.search(rf"^{re.escape(target)}:", MAKEFILE, flags=re.M), f"make {target}"
    if name in PLANS:
        assert f"https://codekamp.github.io/codekamp/{language}/" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"https://codekamp.github.io/codekamp/{language}/" in readme


def test_the_readme_sends_teachers_to_the_kit_in_their_language():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for language in LANGUAGES:
        assert f"docs/teachers/{language}/start-here.md" in readme


LESSON_WORD = {"nl": "les", "fr": "leçon", "en": "lesson"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("plan", ["workshop-2-hours.md", "camp-5-days.md", "school-year.md"])
def test_the_plans_name_only_lessons_and_exercises_that_exist(language, plan):
    text = kit(language, plan)
    named = set(re.findall(rf"{LESSON_WORD[language]} (\d\d)", text, flags=re.I))
    named |= set(re.findall(r"modules? (\d\d)", text, flags=re.I))
    named |= set(re.findall(r"\*\*(\d\d)\*\*", text))  # the camp's table: **02** Repeat
    assert {"00", "01"} <= named
    if plan == "camp-5-days.md":  # the beginners' modules, every one of them
        assert {f"{n:02d}" for n in range(9)} <= named
    if plan == "school-year.md":  # every module of the course
        modules = {path.name[:2] for path in (ROOT / "notebooks" / language).glob("*.ipynb")}
        assert modules <= named
    for module in named:
        assert list((ROOT / "notebooks" / language).glob(f"{module}-*.ipynb")), module
    for exercise in re.findall(r"`(exercises/[^`]+\.ipynb)`", text):
        assert (ROOT / exercise).is_file(), exercise
        assert f"/{language}-" in exercise


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_targets_cover_every_module_and_cite_no_annulled_code(language):
    """Every module has a row for Flanders; the FWB's attendus are quoted, never given codes;
    the annulled Flemish codes (2nd-grade 4.5, STEM 6.54-6.57 of 2021) are not cited."""
    text = kit(language, "curriculum-targets.md")
    flanders, fwb = text.split("\n## ")[1:3]
    modules = {path.name[:2] for path in (ROOT / "notebooks" / language).glob("*.ipynb")}
    assert modules == set(re.findall(r"^\| (\d\d) ", flanders, flags=re.M))
    assert not re.search(r"\b6\.5[4-7]\b|\b4\.5\b", text)
    assert fwb.count("«") >= 8 and "onderwijsdoelen.be" in text and "enseignement.be" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_module_note_sends_to_the_targets_table_and_gives_the_fwb_no_codes(language):
    """The FWB's attendus have no codes: no module note may say their codes are still to check."""
    notes = sorted((ROOT / "docs" / "teachers" / language).glob("[0-9][0-9]-*.md"))
    assert len(notes) == len(list((ROOT / "notebooks" / language).glob("*.ipynb")))
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert "](curriculum-targets.md)" in text, note.name
        assert not re.search(r"(exact|precieze|précis) codes|codes (exacts|précis)", text), (
            note.name
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_extra_projects_page_lists_each_lessons_three_projects(language):
    rows = {
        line.split()[1]: line
        for line in kit(language, "extra-projects.md").splitlines()
        if re.match(r"\| \d\d ", line)
    }
    for lesson in sorted((ROOT / "notebooks" / language).glob("*.ipynb")):
        cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
        headings = [
            "".join(cell["source"]).splitlines()[0]
            for cell in cells
            if re.fullmatch(r"project-[\w-]+", cell["id"])
            and not cell["id"].endswith(("-cell", "-check"))
        ]
        assert len(headings) == 3, lesson.name
        for heading in headings:
            title = re.split(r"⭐\s?:\s*", heading, maxsplit=1)[1].strip()
            assert f"| {title} |" in rows[lesson.name[:2]], (lesson.name, title)
