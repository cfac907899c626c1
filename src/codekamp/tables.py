"""What a pandas table holds, as plain data, so a test can compare it row by row (modules 11
and 12).

    plain_table(penguins.groupby("species")["body_mass_g"].mean())
    # (("species", "body_mass_g"), (("Adelie", 3700.66...), ("Chinstrap", 3733.08...), ...))

A DataFrame gives its columns and rows; an index with a name (after ``groupby`` or
``set_index``) comes first as a column of its own, and an unnamed one (the row numbers, even
when ``sort_values`` shuffled them) is left out. A Series gives two columns: its index and its
values. Values become Python's own: numpy's numbers become ``int``, ``float`` or ``bool``, and
a missing value (NaN, NaT, ``pd.NA``) becomes ``None``. pandas is never imported here: a value
that is not one of its tables is simply not a table.
"""

from __future__ import annotations

import math
from typing import Any

MOST_ROWS = 10_000
"""A table with more rows than this is not read (a test never needs them)."""
MOST_COLUMNS = 100

PlainTable = tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]


def plain_table(value: Any) -> PlainTable | None:
    """(column names, rows) of a pandas DataFrame or Series; None for anything else."""
    kind = type(value)
    if kind.__module__.split(".")[0] != "pandas":
        return None
    if kind.__name__ == "DataFrame":
        return _frame(value)
    if kind.__name__ == "Series":
        return _frame(value.to_frame(name=_name(value.name, "")), keep_index=True)
    return None


def _frame(frame: Any, keep_index: bool = False) -> PlainTable | None:
    if len(frame) > MOST_ROWS or len(frame.columns) > MOST_COLUMNS:
        return None
    if keep_index or any(name is not None for name in frame.index.names):
        frame = frame.reset_index(names=[_name(n, "index") for n in frame.index.names])
    columns = tuple(_name(column, "") for column in frame.columns)
    rows = tuple(
        tuple(plain_value(cell) for cell in row) for row in frame.itertuples(index=False, name=None)
    )
    return columns, rows


def _name(name: Any, default: str) -> str:
    return default if name is None else str(name)


def plain_value(value: Any) -> Any:
    """``value`` as one of Python's own: a number, a text, True/False, or None when missing."""
    if value is None or type(value) in (str, bool, int):
        return value
    if type(value) is float:
        return None if math.isnan(value) else value
    kind = type(value)
    if kind.__module__ == "numpy":
        if kind.__name__ == "bool":  # numpy's True and False
            return bool(value)
        if kind.__name__.startswith(("int", "uint")):
            return int(value)
        if kind.__name__.startswith("float"):
            number = float(value)
            return None if math.isnan(number) else number
    if kind.__name__ in ("NAType", "NaTType"):
        return None
    return str(value)
