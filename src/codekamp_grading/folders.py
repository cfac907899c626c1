"""Where a teacher's grading data lives: outside the course checkout, in one folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def grading_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """The grading folder: ``CODEKAMP_GRADING_DIR``, or ``~/codekamp-grading``."""
    chosen = environ.get("CODEKAMP_GRADING_DIR") or Path.home() / "codekamp-grading"
    return Path(chosen).expanduser().resolve()


def status_file(grading: Path, assignment: str, pupil: str) -> Path:
    """Where the grader notes what happened while one pupil's notebook ran."""
    return grading / "status" / assignment / f"{pupil}.json"


def log_file(grading: Path, assignment: str, pupil: str) -> Path:
    """Where nbgrader's own messages are kept when it could not grade a pupil's notebook."""
    return grading / "logs" / assignment / f"{pupil}.log"
