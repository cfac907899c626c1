"""The judge's records: what it decided about each test, and what it refused, as signed lines.

The judge in a pupil's kernel writes one line per record to a file the grader gave it; the
grader reads them after each cell. A pupil's code can write to that file too (it is open in
the same process), so every line carries a MAC made with a key that only the judge holds:
lines without a valid MAC are forgeries and count against the pupil, never for them.

This module runs inside the pupil's kernel (loaded privately, see ``private_import``): at run
time it calls only C functions, bound when it is loaded, so pupil code cannot change what it
writes.
"""

from __future__ import annotations

import binascii
import os
from dataclasses import dataclass

try:
    from _hashlib import hmac_digest as _hmac_digest
except ImportError:  # Python without OpenSSL: the standard library's own HMAC
    from hmac import digest as _hmac_digest

_b64encode, _b64decode = binascii.b2a_base64, binascii.a2b_base64
_write = os.write
_SEPARATOR = "\x1f"  # fields are joined by the unit separator, which a field never holds
_str, _tuple, _len, _type = str, tuple, len, type

# Record kinds.
VERDICT = "verdict"  # test id, "pass" or "fail", error name, message, printed text, restart
REFUSED = "refused"  # what was refused, detail
CHANGED = "changed"  # what of the judge's surroundings the pupil's code changed


def sign(key: bytes, kind: str, *fields: str) -> bytes:
    """One record as a line: a MAC, a space, the fields (base64). Starts on a fresh line."""
    payload = _b64encode(_SEPARATOR.join((kind, *fields)).encode("utf-8"), newline=False)
    mac = _hmac_digest(key, payload, "sha256").hex().encode("ascii")
    return b"\n" + mac + b" " + payload + b"\n"


def write(fd: int, key: bytes, kind: str, *fields: str) -> None:
    """Write one signed record to the open file ``fd`` (errors are ignored: a pupil may have
    closed it, which only loses records the grader then misses)."""
    try:
        _write(fd, sign(key, kind, *(_clean(field) for field in fields)))
    except OSError:
        pass


def _clean(field: object) -> str:
    if _type(field) is not _str:
        return ""
    return field.replace(_SEPARATOR, " ")


@dataclass(frozen=True)
class Record:
    kind: str
    fields: tuple[str, ...]


def read(key: bytes, data: bytes) -> tuple[list[Record], int]:
    """The genuine records in ``data`` and how many other non-empty lines it held."""
    records, forged = [], 0
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        mac, _, payload = line.partition(b" ")
        try:
            genuine = _hmac_digest(key, payload, "sha256").hex().encode("ascii") == mac
            text = _b64decode(payload).decode("utf-8") if genuine else ""
        except (binascii.Error, UnicodeDecodeError, ValueError):
            genuine = False
        if not genuine:
            forged += 1
            continue
        kind, *fields = text.split(_SEPARATOR)
        records.append(Record(kind, _tuple(fields)))
    return records, forged
