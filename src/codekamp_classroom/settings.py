"""The class's settings, kept in the state folder: the class code, the teacher's password (as a
salted hash only), and where the course and the teacher's account are."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

SETTINGS = "classroom.json"
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits for class codes, without the ones children mix up (0/O, 1/I)."""
_ROUNDS = 200_000


@dataclass(frozen=True)
class Classroom:
    """One class: what the hub needs to know to let pupils and the teacher in."""

    state: str  # the state folder
    checkout: str  # the course (this repository), with its .venv
    class_code: str  # what pupils type as their password
    teacher_password_hash: str  # "salt$hash" of the teacher's password
    teacher_user: str  # the computer account the teacher's server runs as

    def folder(self, name: str) -> Path:
        """A folder of the state folder: ``hub``, ``pupils``, ``exchange``, ``grading``…"""
        return Path(self.state) / name


def new_class_code(length: int = 6) -> str:
    """A class code such as ``K7PXAM``: easy to read aloud and to type."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(length))


def new_password() -> str:
    """A password for the teacher, such as ``tulip-4821-river``."""
    words = ["tulip", "river", "maple", "comet", "pepper", "harbor", "violet", "falcon"]
    return f"{secrets.choice(words)}-{secrets.randbelow(9000) + 1000}-{secrets.choice(words)}"


def hash_password(password: str, salt: str | None = None) -> str:
    """The salted hash that is stored instead of the password itself."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ROUNDS).hex()
    return f"{salt}${digest}"


def password_matches(password: str, stored: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_password(password, salt), stored)


def code_matches(typed: str, class_code: str) -> bool:
    """A pupil's typed class code: case and spaces around it do not matter."""
    return hmac.compare_digest(typed.strip().upper().encode(), class_code.upper().encode())


def save(classroom: Classroom) -> None:
    path = Path(classroom.state) / SETTINGS
    path.write_text(json.dumps(asdict(classroom), indent=1) + "\n", encoding="utf-8")
    path.chmod(0o600)


def load(state: Path) -> Classroom:
    """The class of this state folder (FileNotFoundError before its first start)."""
    return Classroom(**json.loads((state / SETTINGS).read_text(encoding="utf-8")))
