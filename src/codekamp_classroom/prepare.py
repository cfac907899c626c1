"""A pupil's folder, made by the pupil's own account (never by root: a pupil could leave a link
in their folder that points at a system file, and root would write through it).

    python -m codekamp_classroom.prepare <course checkout> <exchange> <pupil's home>

The hub runs this as the pupil, each time their server starts.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

COURSE_ID = "codekamp"
PUPIL_LAB = {
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:course-list": True,
        "@jupyter/nbgrader:validate-assignment": True,
    }
}
"""A pupil's JupyterLab: nbgrader's Assignments tab (fetch, submit, feedback) and nothing of
the teacher's tools. Pupils check their work with the assignment's last cell, not Validate."""
PUPIL_SERVER = {
    "ServerApp": {
        "jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.course_list": False,
            "nbgrader.server_extensions.validate_assignment": False,
            "nbgrader.server_extensions.assignment_list": True,
        }
    }
}


def pupil_nbgrader_config(exchange: Path, home: Path) -> str:
    """nbgrader's settings for a pupil: the class's exchange, and fetched assignments in the
    pupil's ``exercises/`` folder, where the lessons' links point."""
    return (
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.Exchange.assignment_dir = {str(home / 'exercises')!r}\n"
    )


def prepare_pupil_folder(checkout: Path, exchange: Path, home: Path) -> None:
    """The pupil's folder: the lessons (their own copies, updated without touching their work),
    an ``exercises/`` folder for fetched assignments, and the pupil's Jupyter settings."""
    workspace = _pupil_workspace_tool(checkout)
    workspace.update(home, checkout, folders=("notebooks",))
    (home / "exercises").mkdir(exist_ok=True)
    config = home / ".jupyter"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    _write(config / "labconfig" / "page_config.json", json.dumps(PUPIL_LAB, indent=1))
    _write(config / "jupyter_server_config.json", json.dumps(PUPIL_SERVER, indent=1))
    _write(config / "nbgrader_config.py", pupil_nbgrader_config(exchange, home))


def _write(path: Path, text: str) -> None:
    """Replace ``path`` (a link the pupil left there is removed, not followed)."""
    if path.is_symlink():
        path.unlink()
    path.write_text(text, encoding="utf-8")


def _pupil_workspace_tool(checkout: Path) -> Any:
    """The course's own tool that makes a pupil's folder (``tools/pupil_workspace.py``)."""
    spec = importlib.util.spec_from_file_location(
        "pupil_workspace", checkout / "tools" / "pupil_workspace.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    checkout, exchange, home = map(Path, sys.argv[1:4])
    prepare_pupil_folder(checkout, exchange, home)
