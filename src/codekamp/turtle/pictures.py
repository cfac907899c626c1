"""Pictures from files for ``bgpic("beach.gif")`` and ``register_shape("ghost.gif")``.

No imaging library is needed: the file goes into the SVG picture as it is (a ``data:``
address), and only its size is read, from its first bytes. GIF (the standard library's format),
PNG and JPEG work.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from codekamp.i18n import _
from codekamp.turtle.drawing import Picture
from codekamp.turtle.errors import BadArgument

LARGEST_FILE = 1_000_000
"""Bytes: a bigger picture would make the notebook slow to save and to open."""


def read_picture(call: str, filename: Any) -> Picture:
    """The picture in ``filename``, ready to be drawn; a clear message if it cannot be."""
    path = Path(str(filename))
    try:
        data = path.read_bytes()
    except OSError:
        raise BadArgument(
            _(
                "{call} cannot find the picture {name!r}. Is the file in the same folder as the "
                "notebook, and is its name spelled exactly the same?"
            ).format(call=call, name=str(filename))
        ) from None
    if len(data) > LARGEST_FILE:
        raise BadArgument(
            _(
                "{call}: the picture {name!r} is too big for the notebook ({size} kB; at most "
                "{most} kB). Make it smaller in a drawing program."
            ).format(call=call, name=path.name, size=len(data) // 1000, most=LARGEST_FILE // 1000)
        )
    found = picture_size(data)
    if found is None:
        raise BadArgument(
            _("{call} can show GIF, PNG and JPEG pictures, but {name!r} is none of these.").format(
                call=call, name=path.name
            )
        )
    kind, width, height = found
    encoded = base64.b64encode(data).decode("ascii")
    return Picture(f"data:image/{kind};base64,{encoded}", width, height)


def picture_size(data: bytes) -> tuple[str, int, int] | None:
    """("gif" | "png" | "jpeg", width, height) of a picture file's bytes, or None."""
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return "gif", int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return "png", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    """A JPEG's size, from its first "start of frame" block."""
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[index + 5 : index + 7], "big")
            width = int.from_bytes(data[index + 7 : index + 9], "big")
            return "jpeg", width, height
        index += 2 + int.from_bytes(data[index + 2 : index + 4], "big")
    return None
