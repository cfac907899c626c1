"""The little Codekamp needs from IPython, in one place; everything works without it too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def shell() -> Any | None:
    """The running IPython shell (a notebook kernel), or None in plain Python."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def on_event(event: str, callback: Callable[..., None]) -> bool:
    """Call ``callback`` on IPython's ``event`` ("post_execute", "post_run_cell"), registered
    once per session however often a notebook imports Codekamp. False outside IPython."""
    current = shell()
    if current is None:
        return False
    if callback not in current.events.callbacks[event]:
        current.events.register(event, callback)
    return True
