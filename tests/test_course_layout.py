"""Hygiene and parity of the course notebooks: every module in nl, fr and en, alike but words."""

from __future__ import annotations

import io
import json
import keyword
import tokenize
from collections import defaultdict

import nbformat
import pytest
from conftest import ASSIGNMENTS, LESSONS, ROOT

from codekamp.i18n import LANGUAGES
from codekamp_grading.course import notebook_language

ALL_NOTEBOOKS = LESSONS + [a.solution for a in ASSIGNMENTS] + [a.exercise for a in ASSIGNMENTS]
BUILTIN_NAMES = set(dir(__builtins__) if isinstance(__builtins__, dict) else dir(__builtins__))


def ids(paths):
    return [str(path.relative_to(ROOT)) for path in paths]


def read(path):
    return nbformat.read(path, as_version=4)


def test_the_course_has_lessons_and_assignments():
    assert LESSONS and ASSIGNMENTS


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_notebook_is_valid_nbformat_with_a_language(path):
    notebook = read(path)
    nbformat.validate(notebook)
    assert notebook_language(notebook) in LANGUAGES
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_sits_in_the_folder_of_its_language(path):
    notebook = read(path)
    assert path.parent.name == notebook_language(notebook)
    assert path.name.startswith(notebook.metadata["codekamp"]["module"] + "-")


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.id for a in ASSIGNMENTS])
def test_assignment_metadata_matches_its_id(assignment):
    notebook = read(assignment.solution)
    assert notebook_language(notebook) == assignment.language
    assert notebook.metadata["codekamp"]["module"] == assignment.module
    assert sorted(p.name for p in assignment.solution.parent.iterdir()) == [
        assignment.solution.name
    ]


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_notebook_is_committed_without_outputs(path):
    for cell in read(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_cell_ids_and_grade_ids_are_unique(path):
    cells = read(path).cells
    cell_ids = [cell.id for cell in cells]
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c.metadata]
    assert len(cell_ids) == len(set(cell_ids))
    assert len(grade_ids) == len(set(grade_ids))


def test_assignment_notebook_names_are_unique_across_the_course():
    names = [a.solution.name for a in ASSIGNMENTS] + [p.name for p in LESSONS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.id for a in ASSIGNMENTS])
def test_assignment_is_worth_ten_points_with_a_test_after_every_answer(assignment):
    cells = read(assignment.solution).cells
    graded = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert sum(c.metadata["nbgrader"]["points"] for c in graded) == 10
    for index, cell in enumerate(cells):
        marks = cell.metadata.get("nbgrader", {})
        # A manually graded answer (solution and grade: the teacher gives its points in the
        # formgrader) needs no test cell; every autograded answer does.
        if marks.get("solution") and not marks.get("grade"):
            following = [c for c in cells[index + 1 :] if c.cell_type == "code"]
            assert following and following[0].metadata["nbgrader"].get("grade"), cell.id


def by_module(paths):
    modules = defaultdict(dict)
    for path in paths:
        notebook = read(path)
        modules[notebook.metadata["codekamp"]["module"]][notebook_language(notebook)] = notebook
    return dict(modules)


LESSON_MODULES = by_module(LESSONS)
ASSIGNMENT_MODULES = by_module([a.solution for a in ASSIGNMENTS])


@pytest.mark.parametrize("kind", ["lessons", "assignments"])
def test_every_module_exists_in_every_language(kind):
    modules = LESSON_MODULES if kind == "lessons" else ASSIGNMENT_MODULES
    for module, versions in modules.items():
        assert set(versions) == set(LANGUAGES), f"module {module} has only {sorted(versions)}"


def code_shape(source: str) -> list[str]:
    """The code with names, strings and comments blanked out: what must not differ by language.

    Numbers, operators, keywords, built-in names and the lines stay, so a changed number, a
    missing test or an extra call shows up, while `leeftijd` versus `age` does not.
    """
    shape = []
    for token in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER):
            continue
        if token.type == tokenize.STRING or token.type in _FSTRING_TOKENS:
            text = "<text>"
        elif token.type == tokenize.NAME and not (
            keyword.iskeyword(token.string) or token.string in BUILTIN_NAMES
        ):
            text = "<name>"
        else:
            text = token.string
        if not shape or shape[-1] != text or text != "<text>":
            shape.append(text)
    return shape


_FSTRING_TOKENS = {
    getattr(tokenize, n)
    for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
    if hasattr(tokenize, n)
}


def cell_skeleton(cell) -> dict:
    """What every language version of a cell must share."""
    nbgrader = {k: v for k, v in cell.metadata.get("nbgrader", {}).items() if k != "checksum"}
    skeleton = {
        "id": cell.id,
        "type": cell.cell_type,
        "tags": cell.metadata.get("tags", []),
        "nbgrader": nbgrader,
    }
    if cell.cell_type == "code":
        skeleton["code"] = code_shape(cell.source)
        skeleton["solution_markers"] = [
            line.strip() for line in cell.source.splitlines() if line.strip().startswith("### ")
        ]
    return skeleton


@pytest.mark.parametrize(
    ("kind", "module"),
    [("lessons", m) for m in LESSON_MODULES] + [("assignments", m) for m in ASSIGNMENT_MODULES],
)
def test_languages_have_the_same_cells_code_and_tests(kind, module):
    versions = (LESSON_MODULES if kind == "lessons" else ASSIGNMENT_MODULES)[module]
    skeletons = {lang: [cell_skeleton(c) for c in nb.cells] for lang, nb in versions.items()}
    reference = skeletons["en"]
    for language, skeleton in skeletons.items():
        assert [c["id"] for c in skeleton] == [c["id"] for c in reference], language
        for cell, expected in zip(skeleton, reference, strict=True):
            assert cell == expected, (
                f"{kind} {module}, cell {cell['id']}: {language} differs from en"
            )


def test_code_shape_ignores_names_and_words_but_not_numbers():
    assert code_shape("leeftijd = 11  # jouw leeftijd") == code_shape("age = 11  # your age")
    assert code_shape('print("Hallo")') == code_shape('print("Hello")')
    assert code_shape("age = 11") != code_shape("age = 12")
    assert code_shape("x = 1\ny = 2") != code_shape("x = 1")


def test_stored_notebooks_use_one_json_style():
    for path in ALL_NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n", path
