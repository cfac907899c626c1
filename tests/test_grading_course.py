"""codekamp_grading: course layout helpers and the stub in the pupil's language."""

from pathlib import Path

import pytest

from codekamp_grading.clear_solutions import code_stub, text_stub
from codekamp_grading.course import notebook_language, parse_assignment_id


def test_assignment_id_names_language_and_module():
    assignment = parse_assignment_id("fr-00-bienvenue", Path("/course"))
    assert (assignment.language, assignment.module) == ("fr", "00")
    assert assignment.solution == Path("/course/solutions/fr-00-bienvenue/fr-00-bienvenue.ipynb")
    assert assignment.exercise == Path("/course/exercises/fr-00-bienvenue/fr-00-bienvenue.ipynb")


@pytest.mark.parametrize("bad", ["nl/00-welkom", "de-00-willkommen", "nl-0-welkom", "nl-00-Welkom"])
def test_other_names_are_not_assignment_ids(bad):
    with pytest.raises(ValueError, match="<language>-<NN>-<slug>"):
        parse_assignment_id(bad, Path("/course"))


def test_notebook_language_is_read_from_metadata():
    assert notebook_language({"metadata": {"codekamp": {"language": "nl"}}}) == "nl"
    with pytest.raises(ValueError, match="no metadata.codekamp.language"):
        notebook_language({"metadata": {}})
    with pytest.raises(ValueError, match="Unknown notebook language 'de'"):
        notebook_language({"metadata": {"codekamp": {"language": "de"}}})


@pytest.mark.parametrize(
    ("language", "comment"),
    [
        ("nl", "# Schrijf hier je code en wis dan de regel met raise."),
        ("fr", "# Écris ton code ici, puis efface la ligne avec raise."),
        ("en", "# Write your code here, then delete the line with raise."),
    ],
)
def test_code_stub_is_in_the_pupils_language_and_still_fails(language, comment):
    assert code_stub(language) == f"{comment}\nraise NotImplementedError()"
    assert text_stub(language)
