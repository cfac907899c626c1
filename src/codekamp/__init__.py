"""Codekamp: the helpers that the course notebooks import.

A notebook speaks the language of its folder or name (``notebooks/nl/…``,
``fr-01-tortue.ipynb``) from the first cell on: the kernel loads Codekamp as an IPython
extension when it starts (see ``binder/ipython_kernel_config.json``), which switches on the
hints that follow a failed cell, in that language. A notebook may also say it itself::

    import codekamp
    codekamp.set_language("nl")

After that, every message from Codekamp (checks, the turtle, and the hints that follow a
failed cell) is in that language. The last cell of an assignment, ``codekamp.overview()``,
checks every task at once (see :mod:`codekamp.assignment_check`).
The package is pure Python without dependencies, so it also runs in the browser (JupyterLite).
"""

from __future__ import annotations

import os
from typing import Any

from codekamp import cells, hints, output_limit
from codekamp.assignment_check import overview
from codekamp.i18n import LANGUAGES, get_language, language_of_path, set_language

__all__ = ["LANGUAGES", "get_language", "hints", "overview", "set_language", "__version__"]
__version__ = "0.1.0"

hints.register()  # in a notebook: a short hint in the pupil's language after a failed cell
cells.register()  # and the code of each cell, for checks such as "use a loop"
output_limit.register()  # and a cell that prints without end cannot freeze the browser


def load_ipython_extension(ipython: Any) -> None:
    """Run when a kernel starts: speak the notebook's language before its first cell.

    Jupyter tells the kernel which notebook it serves (``JPY_SESSION_NAME``); its folder or
    name gives the language. Hints and the cell record are already on (importing Codekamp
    did that), so a pupil who starts halfway down a lesson still gets tips in their language.
    """
    language = language_of_path(os.environ.get("JPY_SESSION_NAME", ""))
    if language is not None:
        set_language(language)
    _same_language_info_everywhere(ipython)


def _same_language_info_everywhere(ipython: Any) -> None:
    """Describe the kernel's language without Python's exact version.

    JupyterLab writes what the kernel says about its language into the notebook when it opens
    it; when that differs from what the file holds (3.11.7 here, 3.11.14 on Binder), the
    notebook is marked as changed before the pupil touched it, and switching the interface
    language asks "leave the page?". The course's notebooks hold this description, version left
    out, so they open unchanged on every machine.
    """
    kernel = getattr(ipython, "kernel", None)
    info = getattr(kernel, "language_info", None)
    if type(info) is dict and "version" in info:
        kernel.language_info = {key: value for key, value in info.items() if key != "version"}
