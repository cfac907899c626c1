"""The code of the cells a pupil ran, so a check can look at how an answer was written.

Some tasks are about *how*: "use a loop", "use the variable", "type the calculation, not the
answer". The drawing or the value alone cannot tell; the code can. Codekamp keeps the source of
each cell as it runs (IPython's ``pre_run_cell`` event), under the cell's id when the notebook
sends one (JupyterLab and Notebook 7 do), and the checks in :mod:`codekamp.check` read it with
:func:`source_of`. While nbgrader grades, the judge answers from the handed-in notebook instead.
"""

from __future__ import annotations

from typing import Any

_by_id: dict[str, str] = {}
_recent: list[str] = []  # the last few cells run, newest last
_KEPT = 8


def remember(info: Any) -> None:
    """IPython's ``pre_run_cell`` hook: keep the code of the cell that is about to run."""
    source = getattr(info, "raw_cell", None)
    if type(source) is not str:
        return
    cell_id = getattr(info, "cell_id", None)
    if type(cell_id) is str and cell_id:
        _by_id[cell_id] = source
    _recent.append(source)
    del _recent[:-_KEPT]


def source_of(cell_id: str) -> str | None:
    """The code of the cell ``cell_id`` as it was last run, or None.

    When the notebook does not send cell ids (plain nbclient, older front ends), this is the
    cell run just before the one that asks: the answer cell, when a pupil runs a task's
    answer and then its test.
    """
    if cell_id in _by_id:
        return _by_id[cell_id]
    return _recent[-2] if len(_recent) >= 2 and not _by_id else None


def register() -> bool:
    """Keep the code of every cell run in this IPython session (once); False outside IPython."""
    from codekamp.ipython import on_event

    return on_event("pre_run_cell", remember)


def ran(cell_id: str) -> str | None:
    """The code of the cell ``cell_id`` as it was last run in this kernel, or None if it was not."""
    return _by_id.get(cell_id)
