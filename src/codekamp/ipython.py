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


_hidden: dict[type[BaseException], bool] = {}  # error class -> show its message only


def hide_own_frames(error_class: type[BaseException], message_only: bool = False) -> bool:
    """Show errors of ``error_class`` (a pupil's mistake that Codekamp explains) without
    Codekamp's own code in the traceback: the pupil's line, then the message. With
    ``message_only``, just the message (a failed test: its code is the teacher's, not the
    pupil's). IPython's ``__tracebackhide__`` cannot do this: it always shows the frame that
    raised. ``CODEKAMP_TRACEBACKS=full`` in the kernel's environment shows every frame again."""
    current = shell()
    if current is None:
        return False
    _hidden[error_class] = message_only
    current.set_custom_exc(tuple(_hidden), _show_without_own_frames)
    return True


def _show_without_own_frames(
    current: Any, kind: type, error: BaseException, traceback: Any, tb_offset: int | None = None
) -> None:
    import os

    if os.environ.get("CODEKAMP_TRACEBACKS") == "full":  # a teacher or developer who asks
        current.showtraceback((kind, error, traceback), tb_offset=tb_offset)
        return
    if any(issubclass(kind, hidden) and only for hidden, only in _hidden.items()):
        lines = current.InteractiveTB.get_exception_only(kind, error)
        current._showtraceback(kind, error, lines)  # as IPython shows an error, its last line
        return
    current.showtraceback((kind, error, without_own_frames(traceback)), tb_offset=tb_offset)


def without_own_frames(traceback: Any) -> Any:
    """The same traceback, without the frames of Codekamp's own files."""
    import os
    import types

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    kept = []
    while traceback is not None:
        if not os.path.abspath(traceback.tb_frame.f_code.co_filename).startswith(package):
            kept.append(traceback)
        traceback = traceback.tb_next
    result = None
    for entry in reversed(kept):
        result = types.TracebackType(result, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return result
