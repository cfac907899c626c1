"""Pupils' accounts on this machine: one computer account per pupil, so that the operating
system itself keeps each pupil's files away from the others (and from the teacher's)."""

from __future__ import annotations

import pwd
import re
import subprocess
import time
from pathlib import Path

TEACHER = "teacher"
"""The teacher's name on the hub's login page."""
PREFIX = "ck-"
"""Pupils' computer accounts are ``ck-<pseudonym>``: they cannot clash with the machine's own."""
PSEUDONYM = re.compile(r"[a-z][a-z0-9]{1,19}")
"""A pseudonym: 2 to 20 small letters and digits, starting with a letter (``p07``, ``tijger3``)."""


def is_pseudonym(name: str) -> bool:
    return bool(PSEUDONYM.fullmatch(name)) and name != TEACHER


def account_of(pseudonym: str) -> str:
    """The computer account of a pupil."""
    return PREFIX + pseudonym


def pupil_home(state: Path, pseudonym: str) -> Path:
    return state / "pupils" / pseudonym


def account_exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
    except KeyError:
        return False
    return True


def ensure_pupil_account(state: Path, pseudonym: str) -> pwd.struct_passwd:
    """The pupil's computer account, made the first time they log in: no password (nobody
    logs in to it but through the hub), no shell, and a home folder only they can open."""
    account = account_of(pseudonym)
    home = pupil_home(state, pseudonym)
    if not account_exists(account):
        home.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["useradd", "--home-dir", str(home), "--create-home", "--user-group",
             "--shell", "/usr/sbin/nologin", "--comment", "Codekamp pupil", account],
            check=True, capture_output=True,
        )  # fmt: skip
    entry = pwd.getpwnam(account)
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    return entry


def remove_pupil_account(pseudonym: str) -> None:
    """Stop whatever a pupil's account still runs, and remove the account (their folder in the
    state folder stays)."""
    account = account_of(pseudonym)
    if not account_exists(account):
        return
    for _ in range(50):
        if subprocess.run(["pkill", "-KILL", "-u", account]).returncode == 1:  # none left
            break
        time.sleep(0.1)
    subprocess.run(["userdel", account], check=True, capture_output=True)
