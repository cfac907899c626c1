"""Finding the notebooks pupils handed in, and whose each one is.

A teacher puts everything in one folder: notebooks named ``<pupil>_<anything>.ipynb``
(``mila_nl-00-welkom.ipynb``), a folder per pupil, nbgrader's own ``<pupil>/<assignment>/``
layout from a hub's exchange, or zip files of any of these (a zip named after a pupil counts
as that pupil's folder). Zip files are unpacked safely: no paths outside the unpack folder,
and a size limit.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

PUPIL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,63}$")
UNZIPPED_BYTES = 200 * 1024**2


@dataclass(frozen=True)
class HandedIn:
    """One notebook a pupil handed in (``pupil`` is None when the name does not say whose)."""

    pupil: str | None
    path: Path


def find_handed_in(folder: Path, assignment: str, unpack_to: Path) -> list[HandedIn]:
    """Every notebook in ``folder`` (and in its zip files), with the pupil it belongs to.

    When a pupil handed in more than one notebook, the newest counts.
    """
    found: dict[str, HandedIn] = {}
    anonymous: list[HandedIn] = []
    for item in _notebooks(folder, unpack_to):
        pupil = pupil_of(item, folder, unpack_to, assignment)
        handed = HandedIn(pupil, item)
        if pupil is None:
            anonymous.append(handed)
        elif pupil not in found or item.stat().st_mtime > found[pupil].path.stat().st_mtime:
            found[pupil] = handed
    return sorted(found.values(), key=lambda h: h.pupil or "") + anonymous


def pupil_of(path: Path, folder: Path, unpack_to: Path, assignment: str) -> str | None:
    """Whose notebook this is: from ``<pupil>_…ipynb`` or from the folder it is in."""
    if "_" in path.name:
        candidate = path.name.split("_", 1)[0]
        if PUPIL_ID.match(candidate):
            return candidate
    base = unpack_to if unpack_to in path.parents else folder
    parts = [p for p in path.relative_to(base).parts[:-1] if p != assignment]
    if parts and unpack_to in path.parents and parts[0].endswith(".zip"):
        parts[0] = parts[0][: -len(".zip")]
    candidates = [p for p in parts if PUPIL_ID.match(p)]
    return candidates[-1] if candidates else None


def _notebooks(folder: Path, unpack_to: Path) -> list[Path]:
    notebooks = []
    for path in sorted(folder.rglob("*")):
        if ".ipynb_checkpoints" in path.parts or not path.is_file():
            continue
        if path.suffix == ".ipynb":
            notebooks.append(path)
        elif path.suffix == ".zip":
            target = unpack_to / path.relative_to(folder)
            _unzip(path, target)
            notebooks += [
                p for p in sorted(target.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts
            ]
    return notebooks


def _unzip(archive: Path, target: Path) -> None:
    """Unpack the notebooks of a zip file, refusing odd paths and oversized contents."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            budget = UNZIPPED_BYTES
            for member in zipped.infolist():
                name = Path(member.filename)
                if member.is_dir() or name.is_absolute() or ".." in name.parts:
                    continue
                if name.suffix != ".ipynb" or member.file_size > budget:
                    continue
                budget -= member.file_size
                destination = target / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(zipped.read(member))
    except zipfile.BadZipFile:
        return
