"""Codekamp: the helpers that the course notebooks import.

Every notebook starts by saying which language it speaks::

    import codekamp
    codekamp.set_language("nl")

After that, every message from Codekamp (checks, the turtle, and the hints that follow a
failed cell) is in that language.
The package is pure Python without dependencies, so it also runs in the browser (JupyterLite).
"""

from codekamp import hints
from codekamp.i18n import LANGUAGES, get_language, set_language

__all__ = ["LANGUAGES", "get_language", "hints", "set_language", "__version__"]
__version__ = "0.1.0"

hints.register()  # in a notebook: a short hint in the pupil's language after a failed cell
