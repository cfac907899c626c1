"""nbgrader's ClearSolutions step, with the "your code here" stub in the pupil's language."""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import ClearSolutions

from codekamp.i18n import translate
from codekamp_grading.course import notebook_language


def code_stub(language: str) -> str:
    """What replaces a solution in a pupil's code cell, in ``language``."""
    comment = translate("Write your code here, then delete the line with raise.", language)
    return f"# {comment}\nraise NotImplementedError()"


def text_stub(language: str) -> str:
    """What replaces a written answer in a pupil's text cell, in ``language``."""
    return translate("Write your answer here.", language)


class ClearSolutionsInPupilLanguage(ClearSolutions):
    """Replace solution regions like nbgrader does, with stubs a Dutch or French pupil can read.

    Plugged in by configuration (``GenerateAssignment.preprocessors`` in
    ``nbgrader_config.py``) in place of nbgrader's own ``ClearSolutions``.
    """

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        language = notebook_language(nb)
        self.code_stub = {**self.code_stub, "python": code_stub(language)}
        self.text_stub = text_stub(language)
        return super().preprocess(nb, resources)
