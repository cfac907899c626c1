"""Which language Codekamp speaks, and the translations of its messages.

Messages are written in English in the code and translated in gettext catalogs,
``locale/nl.po`` and ``locale/fr.po``, so translators can use their usual tools
(Poedit, Weblate, a text editor).

A notebook chooses its language once, at the top::

    import codekamp
    codekamp.set_language("fr")

Without that line, a notebook still speaks its language: when the kernel starts, Codekamp
reads it from the notebook's path (``notebooks/nl/…``, ``nl-01-schildpad.ipynb``; see
:func:`language_of_path`), or from the folder the kernel works in (in JupyterLite, where no
path is given). Otherwise the language comes from the environment:
``CODEKAMP_LANG`` first, then the usual locale variables (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``); English when none of them names a Codekamp language.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("nl", "fr", "en")
"""The languages Codekamp speaks: Dutch (Flemish usage), French (Belgian usage), English."""

SOURCE_LANGUAGE = "en"
_ENVIRONMENT_VARIABLES = ("CODEKAMP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen_language: str | None = None


def language_from_environment(environ: Mapping[str, str]) -> str:
    """Return the Codekamp language that the environment variables ask for.

    >>> language_from_environment({"LANG": "nl_BE.UTF-8"})
    'nl'
    >>> language_from_environment({"LANG": "de_DE.UTF-8"})
    'en'
    """
    for variable in _ENVIRONMENT_VARIABLES:
        # LANGUAGE may hold a list such as "fr_BE:fr:en"; the first known one wins.
        for value in environ.get(variable, "").split(":"):
            code = value.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return SOURCE_LANGUAGE


_LANGUAGE_IN_PATH = re.compile(r"(?:^|[/\\_ ])(nl|fr|en)(?:[/\\]|-\d\d-)")


def language_of_path(path: str) -> str | None:
    """The course language a notebook's path names, or None.

    >>> language_of_path("notebooks/fr/01-tortue-lecon.ipynb")
    'fr'
    >>> language_of_path("exercises/nl-01-schildpad/nl-01-schildpad.ipynb")
    'nl'
    >>> language_of_path("Downloads/p07_fr-02-repeter (1).ipynb")
    'fr'
    >>> language_of_path("Untitled.ipynb") is None
    True
    """
    found = _LANGUAGE_IN_PATH.findall(str(path))
    return found[-1] if found else None


def normalise_language(language: str) -> str:
    """Turn "nl", "NL", "nl_BE" or "fr-BE" into a Codekamp language code, or raise ValueError.

    >>> normalise_language("fr_BE")
    'fr'
    """
    code = str(language).strip().lower().replace("-", "_").split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(
            f"Codekamp speaks {', '.join(repr(lang) for lang in LANGUAGES)}; "
            f"{language!r} is not one of them."
        )
    return code


def set_language(language: str) -> None:
    """Make Codekamp speak ``language`` ("nl", "fr" or "en") in this notebook.

    >>> set_language("nl")
    >>> get_language()
    'nl'
    """
    global _chosen_language
    _chosen_language = normalise_language(language)


def get_language() -> str:
    """Return the language Codekamp speaks now: the one the notebook chose, else the one its
    folder names (a kernel works in its notebook's folder), else the environment's."""
    if _chosen_language is not None:
        return _chosen_language
    return _language_of_working_folder() or language_from_environment(os.environ)


def _language_of_working_folder() -> str | None:
    """The language of the folder Python works in: ``notebooks/fr`` or ``exercises/nl-01-…``.

    In the browser (JupyterLite) no one tells the kernel which notebook it serves, but it
    works in the notebook's folder."""
    try:
        return language_of_path(os.getcwd() + "/")
    except OSError:  # the folder was removed
        return None


def translate(message: str, language: str) -> str:
    """Return ``message`` (written in English) in ``language``, or unchanged if not translated.

    >>> translate("Well done! This test passes.", "nl")
    'Goed zo! Deze test slaagt.'
    """
    if language == SOURCE_LANGUAGE:
        return message
    return catalog(language).get(message) or message


THOUSANDS = {"nl": ".", "fr": "\u202f"}
"""How a language writes big whole numbers: 1.000.000 in Dutch, 1 000 000 in French (with a
narrow space that never breaks the line), 1,000,000 in English."""


def whole_number(value: float) -> str:
    """A whole number as the pupil's language writes it: ``whole_number(1000000)`` is
    "1.000.000" in Dutch."""
    return f"{int(value):,}".replace(",", THOUSANDS.get(get_language(), ","))


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (gettext's "noop").

    Used for messages kept in tables and translated when they are shown.
    """
    return message


def _(message: str) -> str:
    """Translate ``message`` into the language Codekamp speaks now (the usual gettext name)."""
    return translate(message, get_language())


@cache
def catalog(language: str) -> dict[str, str]:
    """Return the translations of one language as {English message: translated message}."""
    path = resources.files("codekamp") / "locale" / f"{language}.po"
    return parse_po(path.read_text(encoding="utf-8"))


def parse_po(text: str) -> dict[str, str]:
    """Read the text of a gettext ``.po`` file into {msgid: msgstr}.

    Entries are separated by blank lines. Untranslated entries (empty ``msgstr``), entries
    marked ``#, fuzzy`` and the header are left out, as ``msgfmt`` does when it compiles.
    """
    entries: dict[str, str] = {}
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, list[str]] = {}
        current: list[str] | None = None
        fuzzy = False
        for raw_line in block.splitlines():
            line = raw_line.strip()
            if line.startswith("#"):
                fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
                continue
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgid", "msgstr", "msgctxt", "msgid_plural"):
                current = fields.setdefault(keyword, [])
                current.append(_po_string(rest))
            elif line.startswith('"') and current is not None:
                current.append(_po_string(line))
        msgid, msgstr = "".join(fields.get("msgid", [])), "".join(fields.get("msgstr", []))
        if msgid and msgstr and not fuzzy:
            entries[msgid] = msgstr
    return entries


def _po_string(literal: str) -> str:
    """Decode one quoted PO string, with its C-style escapes (\\n, \\", \\\\)."""
    return ast.literal_eval(literal)
