"""While grading, a pupil's timers stop when their cell ends.

A pupil's program may start a timer (``signal.setitimer``, ``signal.alarm``) whose handler then
fires every few milliseconds, also between cells, inside ipykernel's own code. There a handler
that fails (one that prints the frame's variables, say) breaks the kernel's answer to the next
cell, which then waits for its whole timeout. No lesson or assignment needs a timer that
outlives its cell, so the grading kernel stops them after every cell (IPython's
``post_execute``). Loaded by ``judge_kernel`` as an IPython extension.
"""

from __future__ import annotations

import signal
from typing import Any

_setitimer, _alarm = signal.setitimer, signal.alarm
_TIMERS = (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF)


def stop_timers() -> None:
    """Stop every interval timer and alarm of this process."""
    for timer in _TIMERS:
        _setitimer(timer, 0)
    _alarm(0)


def load_ipython_extension(ipython: Any) -> None:
    ipython.events.register("post_execute", stop_timers)
