"""Standard library calls that need a Tk window and cannot work in a notebook. Each one raises
:class:`NotInNotebook`, naming itself and what to use instead. The module's face takes its
stand-ins from here (``ScrolledCanvas = window_only("ScrolledCanvas")``)."""

from __future__ import annotations

from typing import Any, NoReturn

from codekamp.i18n import N_, _
from codekamp.turtle.errors import NotInNotebook

_WORLD = N_(
    "{call} does not work in the notebook turtle. Use setup(width, height) to choose the size."
)

WINDOW_ONLY: dict[str, str] = {"ScrolledCanvas": _WORLD}


def window_only(name: str):
    """A stand-in for ``name`` that explains, in the pupil's language, why it cannot work here."""

    def unavailable(*args: Any, **kwargs: Any) -> NoReturn:
        raise NotInNotebook(_(WINDOW_ONLY[name]).format(call=name))

    unavailable.__name__ = name
    unavailable.__doc__ = f"{name} needs a window, so it cannot work in a notebook."
    return unavailable
