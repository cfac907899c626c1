"""The teacher's grading guide, in each language, explains what the command says: every
status with the words the report shows, every exit status, and the words it uses for what
protected the grading."""

from __future__ import annotations

import pytest
from conftest import ROOT

from codekamp.i18n import translate
from codekamp_grading.grade_class import (
    EXIT_ALL_GRADED,
    EXIT_NOT_STARTED,
    EXIT_SOME_NOT_GRADED,
    EXIT_STOPPED,
)
from codekamp_grading.report import PROTECTION_WORDS
from codekamp_grading.status import Status


def guide(language: str) -> str:
    return (ROOT / "docs" / "teachers" / language / "grading.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_guide_explains_every_status_in_the_reports_words(language):
    text = guide(language)
    missing = [str(status) for status in Status if status.words(language) not in text]
    assert not missing, f"docs/teachers/{language}/grading.md does not explain {missing}"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_guide_lists_every_exit_status(language):
    text = guide(language)
    codes = (EXIT_ALL_GRADED, EXIT_SOME_NOT_GRADED, EXIT_NOT_STARTED, EXIT_STOPPED)
    assert all(f"`{code}`" in text or f"| {code} " in text for code in codes)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_guide_names_every_protection_as_the_report_does(language):
    text = guide(language)
    missing = [
        key for key, words in PROTECTION_WORDS.items() if translate(words, language) not in text
    ]
    assert not missing, f"docs/teachers/{language}/grading.md does not name {missing}"
