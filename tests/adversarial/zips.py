"""Building zip files as pupils (and their tools, and a determined 16-year-old) make them:
honest ones, and ones whose headers or data no honest zip tool writes."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

OLD, NEW = (2024, 3, 1, 10, 0, 0), (2024, 3, 8, 10, 0, 0)  # zip member dates


def make_zip(path: Path, members: dict[str, bytes | tuple[bytes, tuple]], **options) -> Path:
    """A zip of ``members`` (name -> content, or (content, date)), deflated by default."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **options) as zipped:
        for name, content in members.items():
            data, date = content if isinstance(content, tuple) else (content, OLD)
            zipped.writestr(zipfile.ZipInfo(name, date), data, zipfile.ZIP_DEFLATED)
    return path


def zip_bytes(tmp_path: Path, members: dict) -> bytes:
    return make_zip(tmp_path / "scratch.zip", members).read_bytes()


def forge_headers(path: Path, flag: int = 0, method: int | None = None, size: int | None = None):
    """Change every member's headers (local and central) the way no honest zip tool writes
    them: extra flag bits, another compression method, another uncompressed size."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zipped:
        locals_ = [info.header_offset for info in zipped.infolist()]
        central = zipped.start_dir
    for offset, flag_at, method_at, size_at in [(o, 6, 8, 22) for o in locals_] + [
        (o, 8, 10, 24) for o in _central_entries(data, central)
    ]:
        old_flag = struct.unpack_from("<H", data, offset + flag_at)[0]
        struct.pack_into("<H", data, offset + flag_at, old_flag | flag)
        if method is not None:
            struct.pack_into("<H", data, offset + method_at, method)
        if size is not None:
            struct.pack_into("<I", data, offset + size_at, size)
    path.write_bytes(bytes(data))


def _central_entries(data: bytearray, offset: int) -> list[int]:
    entries = []
    while data[offset : offset + 4] == b"PK\x01\x02":
        entries.append(offset)
        names, extra, comment = struct.unpack_from("<HHH", data, offset + 28)
        offset += 46 + names + extra + comment
    return entries


def damage(path: Path, member: str) -> None:
    """Flip bytes in the packed data of one member of a zip."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zipped:
        info = zipped.getinfo(member)
    start = info.header_offset + 30 + len(info.filename) + 10
    for offset in range(start, start + 40):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
