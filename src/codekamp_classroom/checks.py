"""What must be true before the hub starts, each with a clear message for the teacher."""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import stat
from pathlib import Path
from typing import IO

from codekamp.i18n import N_

NEED_ROOT = N_(
    "The classroom server makes a computer account for every pupil, so it must start as the "
    "machine's administrator: run it with sudo (sudo {command})."
)
NO_PROXY = N_(
    "The proxy that connects pupils to their servers is missing ({proxy}). Run `make classroom` "
    "once: it installs it with npm (Node.js is needed)."
)
STATE_IN_COURSE = N_(
    "The state folder {state} is inside the course. Choose a folder outside it, such as "
    "/srv/codekamp-class: the pupils' work and the grades must never end up in the course."
)
STATE_NOT_WRITABLE = N_(
    "The state folder {state} cannot be written to ({reason}). Choose a folder on a disk that "
    "is not full and not read-only."
)
SECOND_HUB = N_(
    "Another classroom server is already running on the state folder {state}. Stop it first "
    "(codekamp-classroom stop --state {state}), or give this one another state folder."
)
PORT_TAKEN = N_(
    "Port {port} is already in use on this computer (another server?). Stop that program, or "
    "choose another port: --port 8001."
)
STATE_PRIVATE = N_(
    "Pupils' accounts cannot reach the state folder {state}: the folder {folder} above it is "
    "closed to other accounts. Choose a state folder in a shared place, such as "
    "/srv/codekamp-class."
)
COURSE_PRIVATE = N_(
    "Pupils' servers run Python from {venv}, but the folder {folder} is closed to other "
    "accounts. Put the course in a shared place (such as /opt/codekamp), or open that folder: "
    "chmod o+x {folder}."
)


PROXY = "configurable-http-proxy"


class NotReady(RuntimeError):
    """Something the teacher must fix before the hub can start."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message, self.values = message, values


def proxy_command(checkout: Path) -> Path:
    """configurable-http-proxy, as `make classroom` installs it from npm (pinned)."""
    return checkout / "tools" / "classroom-proxy" / "node_modules" / ".bin" / PROXY


def check_root(command: str) -> None:
    if os.geteuid() != 0:
        raise NotReady(NEED_ROOT, command=command)


def check_proxy(checkout: Path) -> None:
    if not proxy_command(checkout).exists():
        raise NotReady(NO_PROXY, proxy=proxy_command(checkout))


def check_state(state: Path, checkout: Path) -> None:
    if state.resolve().is_relative_to(checkout.resolve()):
        raise NotReady(STATE_IN_COURSE, state=state)
    try:
        state.mkdir(parents=True, exist_ok=True)
        probe = state / ".codekamp-write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        raise NotReady(STATE_NOT_WRITABLE, state=state, reason=error.strerror) from None


def lock_state(state: Path) -> IO[str]:
    """Hold the state folder for this hub as long as it runs (the system drops the lock when
    the process ends, even when it crashes)."""
    hub = state / "hub"
    hub.mkdir(mode=0o700, exist_ok=True)
    handle = (hub / "hub.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        handle.close()
        if error.errno in (errno.EAGAIN, errno.EACCES):
            raise NotReady(SECOND_HUB, state=state) from None
        raise
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def our_proxy_runs(state: Path) -> bool:
    """True when the proxy of this class's previous run still serves the pupils (it outlives
    a restart of the hub, on purpose): its port is then ours, not taken."""
    pid_file = state / "hub" / "proxy.pid"
    try:
        pid = int(pid_file.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return False
    return b"configurable-http-proxy" in command


def check_port(ip: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip or "0.0.0.0", port))
        except OSError:
            raise NotReady(PORT_TAKEN, port=port) from None


def closed_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` (its real place) that other accounts cannot
    pass (no ``o+x``), or None."""
    real = path.resolve()
    for folder in [*reversed(real.parents), *([real] if real.is_dir() else [])]:
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return folder
    return None


def check_course_reachable(checkout: Path) -> None:
    """Pupils' servers read the course's packages: every folder on the way must let them pass."""
    venv = checkout.resolve() / ".venv"
    folder = closed_folder(venv)
    if folder:
        raise NotReady(COURSE_PRIVATE, venv=venv, folder=folder)


def check_state_reachable(state: Path) -> None:
    """Pupils' folders and the exchange are in the state folder: the way there must be open."""
    folder = closed_folder(state.parent)
    if folder:
        raise NotReady(STATE_PRIVATE, state=state, folder=folder)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
