"""Named worlds that lessons and assignments use, as text maps (see :mod:`codekamp.robot.maps`).
``world("harvest")`` in a notebook chooses one."""

from __future__ import annotations

from codekamp.i18n import _
from codekamp.robot.errors import MapError
from codekamp.robot.maps import parse
from codekamp.robot.worlds import World

MAPS: dict[str, str] = {
    "empty": """
. . . . . . . . . .
. . . . . . . . . .
. . . . . . . . . .
. . . . . . . . . .
> . . . . . . . . .
""",
    "corridor": """
> . . . . . . . . G
""",
    "hurdles": """
. . . . . . . . . .
> .|. .|. . .|. . G
""",
    "stairs": """
. . . . . . G
. . . . . .|.
          -
. . . . .|. .
        -
. . . .|. . .
      -
> . .|. . . .
""",
    "harvest": """
. c c c c c c
. c c c c c c
. c c c c c c
> c c c c c c
""",
    "around the house": """
. . . . . . .
. . . . . . .
      - - -
. . .|. . .|.
. . .|. . .|.
      - - -
> . . . . . .
""",
    "maze": """
. . .|. . . G
  - -   - -
. .|. . .|. .
      - -
.|. .|. . . .
  - - - - -
> . . . .|. .
""",
}
"""The worlds by name; a name is also the world's title in its picture."""


def named(name: str) -> World:
    """The world called ``name`` (a fresh copy each time)."""
    if name not in MAPS:
        raise MapError(
            _("There is no world called {name!r}. The worlds are: {names}.").format(
                name=name, names=", ".join(sorted(MAPS))
            )
        )
    return parse(MAPS[name], name=name)
