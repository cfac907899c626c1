"""Where things are in a Codekamp course checkout, and what a notebook says about itself.

Every course notebook carries ``metadata.codekamp = {"language": "nl", "module": "00"}``;
assignments are named ``<language>-<module>-<slug>`` (``nl-00-welkom``) and live in
``solutions/<id>/<id>.ipynb`` (teacher version) and ``exercises/<id>/<id>.ipynb`` (pupil version).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codekamp.i18n import LANGUAGES

ASSIGNMENT_ID = re.compile(
    rf"^(?P<language>{'|'.join(LANGUAGES)})-(?P<module>\d\d)-(?P<slug>[a-z0-9-]+)$"
)


@dataclass(frozen=True)
class Assignment:
    """One graded assignment in one language, e.g. ``nl-00-welkom``."""

    id: str
    language: str
    module: str
    root: Path

    @property
    def solution(self) -> Path:
        """The teacher's notebook, with solutions and hidden tests."""
        return self.root / "solutions" / self.id / f"{self.id}.ipynb"

    @property
    def exercise(self) -> Path:
        """The pupil's notebook that nbgrader generates from the solution."""
        return self.root / "exercises" / self.id / f"{self.id}.ipynb"


def parse_assignment_id(assignment_id: str, root: Path) -> Assignment:
    """Split ``nl-00-welkom`` into its language and module; ValueError if it is not such a name."""
    match = ASSIGNMENT_ID.match(assignment_id)
    if not match:
        raise ValueError(
            f"{assignment_id!r} is not an assignment id of the form <language>-<NN>-<slug>, "
            "such as 'nl-00-welkom'."
        )
    return Assignment(assignment_id, match["language"], match["module"], root)


def assignments(root: Path) -> list[Assignment]:
    """All assignments in ``solutions/``, sorted by module, then language."""
    found = [
        parse_assignment_id(path.name, root)
        for path in (root / "solutions").iterdir()
        if path.is_dir() and not path.name.startswith(".")
    ]
    return sorted(found, key=lambda a: (a.module, LANGUAGES.index(a.language)))


def lessons(root: Path) -> list[Path]:
    """All lesson notebooks, ``notebooks/<language>/*.ipynb``."""
    return sorted(
        path for language in LANGUAGES for path in (root / "notebooks" / language).glob("*.ipynb")
    )


def notebook_language(notebook: Any) -> str:
    """The language a course notebook says it is written in (``metadata.codekamp.language``)."""
    try:
        language = notebook["metadata"]["codekamp"]["language"]
    except KeyError:
        raise ValueError("This notebook has no metadata.codekamp.language.") from None
    if language not in LANGUAGES:
        raise ValueError(f"Unknown notebook language {language!r}; expected one of {LANGUAGES}.")
    return language
