"""The grades as a CSV file that a Belgian spreadsheet opens as columns.

Excel and LibreOffice read a CSV file with the separators of the computer's language: in
Dutch and French (Belgium) a ``;`` between cells and a decimal comma (``7,5``); in English a
``,`` and a decimal point. A file with the wrong ones opens as one long column. The file is
UTF-8 with a byte order mark, so Excel shows "é" and "ë" rightly, and every text cell goes
through :func:`~codekamp_grading.sanitize.spreadsheet_cell`, so nothing a pupil wrote is taken
for a formula::

    write_grades_csv(
        [{"pupil": "lina", "assignment": "nl-00-welkom", "status": "ok",
          "score": 7.5, "max_score": 10, "explanation": ""}],
        Path("grades.csv"), "nl",
    )

The column names stay the same English keys in every language, so scripts can read the file.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from codekamp.i18n import normalise_language
from codekamp_grading.sanitize import safe_text, spreadsheet_cell

COLUMNS = ("pupil", "assignment", "status", "score", "max_score", "explanation")
"""The first columns, in this order; other keys of the rows follow."""

SEPARATORS = {"nl": (";", ","), "fr": (";", ","), "en": (",", ".")}
"""Per language: the separator between cells and the decimal mark."""

TEXT_LIMIT = 2000
"""Characters kept of one text cell (an explanation can hold several notes)."""


def write_grades_csv(rows: list[dict[str, object]], path: Path, language: str) -> None:
    """Write ``rows`` (one dict per pupil) to ``path`` for a spreadsheet in ``language``
    ("nl", "fr" or "en"): ``;`` and ``7,5`` for nl and fr, ``,`` and ``7.5`` for en."""
    separator, decimal_mark = SEPARATORS[normalise_language(language)]
    columns = list(COLUMNS)
    for row in rows:
        columns += [key for key in row if key not in columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file, delimiter=separator, lineterminator="\r\n")
        writer.writerow([_cell(column, decimal_mark) for column in columns])
        for row in rows:
            writer.writerow([_cell(row.get(column), decimal_mark) for column in columns])


def _cell(value: object, decimal_mark: str) -> object:
    """One cell: a number with the language's decimal mark, or text that is safe to show."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, decimal_mark)
    return spreadsheet_cell(safe_text(str(value), TEXT_LIMIT))


def number(value: float, language: str) -> str:
    """A score written as a teacher of ``language`` writes it: ``7,5`` in Dutch and French."""
    return format_number(value, SEPARATORS[normalise_language(language)][1])


def format_number(value: float, decimal_mark: str = ".") -> str:
    """A score as a spreadsheet reads it: at most four decimals, no exponent.

    >>> format_number(7.5, ","), format_number(10.0), format_number(1 / 3, ",")
    ('7,5', '10', '0,3333')
    """
    if not math.isfinite(value):
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", decimal_mark)
