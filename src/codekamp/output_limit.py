"""A cell that prints without end must not freeze the pupil's browser.

``while True: print("hoi")`` sends the browser more text than it can show: in JupyterLab the page
froze for minutes, the stop button took 96 seconds to react and unsaved work was lost. Jupyter's
server only slows such output down (``iopub_data_rate_limit``, per second, and not at all in
JupyterLite), so the text still piles up in the page. Codekamp caps what one cell may print,
inside the kernel: after :data:`CHARACTERS_PER_CELL` characters it says once, in the pupil's
language, that it stops showing the output, and drops the rest. The loop itself keeps running
(a program that prints a lot on purpose is not cut short), and the stop button ■ answers at once.

The cap starts again at every cell (IPython's ``pre_run_cell`` event). ``CODEKAMP_OUTPUT_LIMIT=0``
in the kernel's environment switches it off. Pure Python, so it works in JupyterLite too.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from codekamp.i18n import _

CHARACTERS_PER_CELL = 50_000
"""How much one cell may print (stdout and stderr together): about 1,000 lines of 50 characters."""


class Budget:
    """What the running cell has printed so far, and whether it was told to stop."""

    def __init__(self, limit: int = CHARACTERS_PER_CELL) -> None:
        self.limit = limit
        self.used = 0
        self.warned = False
        self.writing = False  # a write is on its way through a wrapper

    def reset(self, *_info: Any) -> None:
        self.used = 0
        self.warned = False

    def take(self, text: str) -> tuple[str, str | None]:
        """The part of ``text`` that may still be shown, and the warning to show once (or None)."""
        room = self.limit - self.used
        self.used += len(text)
        if len(text) <= room:
            return text, None
        if self.warned:
            return "", None
        self.warned = True
        return text[: max(room, 0)], stop_message(self.limit)


def stop_message(limit: int, platform: str | None = None) -> str:
    """What the pupil reads when a cell prints too much. In the browser (JupyterLite) the
    stop button ■ cannot stop Python; restarting the kernel (↻) can, and keeps the notebook."""
    if (platform or sys.platform) == "emscripten":
        advice = _(
            "Codekamp stops showing what this cell prints: more than {count} characters "
            "already. Is there a loop that never ends? Press ↻ (restart the kernel) to stop "
            "it: your notebook stays as it is. Then run the cells from the top and look at "
            "the loop."
        )
    else:
        advice = _(
            "Codekamp stops showing what this cell prints: more than {count} characters "
            "already. Is there a loop that never ends? Press ■ to stop the cell, then look at "
            "the loop."
        )
    return "\n✋ " + advice.format(count=f"{limit:,}".replace(",", " "))


def limit_stream(stream: Any, budget: Budget) -> bool:
    """Make ``stream`` (the kernel's stdout or stderr) write only what ``budget`` allows.

    The stream keeps its own type (Jupyter looks at it); only its ``write`` is wrapped, once.
    """
    write = getattr(stream, "write", None)
    if write is None or getattr(write, "codekamp_budget", None) is not None:
        return False

    def limited_write(text: str) -> int:
        if budget.writing:  # already counted by an outer wrapper of the same cell
            return write(text)
        shown, warning = budget.take(text) if type(text) is str else (text, None)
        budget.writing = True
        try:
            if shown:
                write(shown)
            if warning:
                write(warning + "\n")
        finally:
            budget.writing = False
        return len(text) if type(text) is str else 0

    limited_write.codekamp_budget = budget  # type: ignore[attr-defined]
    try:
        stream.write = limited_write
    except (AttributeError, TypeError):  # a stream that does not allow it: leave it alone
        return False
    return True


_budget = Budget()


def register() -> bool:
    """Cap what each cell of this IPython session may print (once); False outside IPython."""
    from codekamp.ipython import on_event, shell

    if shell() is None or os.environ.get("CODEKAMP_OUTPUT_LIMIT", "").strip() == "0":
        return False
    limit_stream(sys.stdout, _budget)
    limit_stream(sys.stderr, _budget)
    return on_event("pre_run_cell", start_cell)


def start_cell(*_info: Any) -> None:
    """IPython's ``pre_run_cell`` hook: a fresh budget, and the cap put in front again.

    IPython (9 and later) wraps the streams' ``write`` at every cell to keep what a cell prints
    in its history, in the kernel's memory. The cap must come before that wrapper, or a print
    loop fills the memory even though the browser sees nothing of it (8 MB a second measured:
    Binder restarts a kernel at 2 GB).
    """
    _budget.reset()
    limit_stream(sys.stdout, _budget)
    limit_stream(sys.stderr, _budget)
