"""``codekamp-classroom``: start, stop or describe the classroom server (see the package's
docstring). Its messages and ``--help`` speak the teacher's language (``--lang``, or the
computer's)."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from codekamp.i18n import LANGUAGES, N_, get_language, translate
from codekamp_classroom import checks, settings
from codekamp_classroom.python import NO_SHARED_PYTHON, pupils_python

CHECKOUT = Path(__file__).resolve().parents[2]
TEACHER_ONLY = ("solutions", "tests", "bench", "build", ".git", "docs/teachers")
"""Folders of the course that hold answers: closed to pupils' accounts while the hub runs."""

HELP = {
    "description": N_(
        "Codekamp's classroom server: JupyterHub for one class on this computer. Pupils log in "
        "with a pseudonym and the class code; the teacher gets the formgrader."
    ),
    "start": N_("start the server (the first time, it makes the class code)"),
    "stop": N_("stop the server, the proxy and every pupil's server"),
    "state": N_("the folder where the class's data is kept, outside the course"),
    "port": N_("the port pupils connect to (default 8000)"),
    "ip": N_("the network address to listen on (default: every network of this computer)"),
    "lang": N_("the language of these messages"),
}
READY = N_(
    "The classroom server is starting.\n"
    "  Pupils open: {address}\n"
    "  They log in with a pseudonym of their own (such as p07) and the class code: {code}\n"
    "  You log in as: teacher\n"
    "  The class's data is in: {state}\n"
    "Stop it with Ctrl+C; pupils' servers keep running until `codekamp-classroom stop`."
)
FIRST_PASSWORD = N_("Your teacher password (shown only this once, write it down): {password}")
CLOSED = N_("Closed to pupils' accounts: {folders}")
STOPPED = N_("Stopped: {count} processes.")
ARGPARSE = (  # argparse's own words, so that --help and its errors are all in one language
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    language = _language_of(argv)

    def t(message: str) -> str:
        return translate(message, language)

    argparse._ = t  # argparse's words (usage, options…) in the same language
    parser = argparse.ArgumentParser(prog="codekamp-classroom", description=t(HELP["description"]))
    parser.add_argument("--lang", choices=LANGUAGES, default=language, help=t(HELP["lang"]))
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help=t(HELP["start"]), description=t(HELP["start"]))
    stop = commands.add_parser("stop", help=t(HELP["stop"]), description=t(HELP["stop"]))
    for command in (start, stop):
        command.add_argument("--state", type=Path, required=True, help=t(HELP["state"]))
    start.add_argument("--port", type=int, default=8000, help=t(HELP["port"]))
    start.add_argument("--ip", default="", help=t(HELP["ip"]))
    options = parser.parse_args(argv)
    state = options.state.expanduser().absolute()
    try:
        if options.command == "stop":
            print(t(STOPPED).format(count=stop_everything(state)))
            return 0
        return start_hub(state, options.port, options.ip, t)
    except checks.NotReady as problem:
        print(t(problem.message).format(**problem.values), file=sys.stderr)
        return 2


def _language_of(argv: list[str]) -> str:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word[7:] in LANGUAGES:
            return word[7:]
    return get_language()


def start_hub(state: Path, port: int, ip: str, t) -> int:
    checks.check_root("codekamp-classroom start --state " + str(state))
    checks.check_proxy(CHECKOUT)
    checks.check_state(state, CHECKOUT)
    checks.check_state_reachable(state)
    lock = checks.lock_state(state)
    proxy_running = checks.our_proxy_runs(state)
    if not proxy_running:
        checks.check_port(ip, port)
    classroom, password = _classroom(state)
    try:
        python = pupils_python(CHECKOUT, state)
    except RuntimeError as missing:
        raise checks.NotReady(NO_SHARED_PYTHON, **missing.args[0]) from None
    checks.check_course_reachable(CHECKOUT)
    _make_folders(classroom)
    closed = close_teacher_folders(CHECKOUT)
    ports = _ports(state)
    config = state / "hub" / "jupyterhub_config.py"
    config.write_text(
        "from pathlib import Path\n"
        "from codekamp_classroom.hub import configure\n"
        f"configure(c, Path({str(state)!r}), port={port}, hub_port={ports['hub']}, "
        f"proxy_api_port={ports['proxy_api']}, pupils_python={str(python)!r}, "
        f"proxy_running={proxy_running})\n",
        encoding="utf-8",
    )
    if password:
        print(t(FIRST_PASSWORD).format(password=password))
    if closed:
        print(t(CLOSED).format(folders=", ".join(closed)))
    print(t(READY).format(address=_address(ip, port), code=classroom.class_code, state=state))
    sys.stdout.flush()
    environment = {**os.environ, "CODEKAMP_CLASSROOM_IP": ip}
    hub = subprocess.Popen(
        [str(CHECKOUT / ".venv" / "bin" / "jupyterhub"), "-f", str(config)],
        cwd=state / "hub", env=environment,
    )  # fmt: skip
    try:
        return hub.wait()
    except KeyboardInterrupt:
        hub.send_signal(signal.SIGINT)
        return hub.wait()
    finally:
        lock.close()


def _classroom(state: Path) -> tuple[settings.Classroom, str | None]:
    """The class of this state folder; made on the first start (with the teacher's password,
    returned that once)."""
    try:
        return settings.load(state), None
    except FileNotFoundError:
        password = settings.new_password()
        classroom = settings.Classroom(
            state=str(state),
            checkout=str(CHECKOUT),
            class_code=settings.new_class_code(),
            teacher_password_hash=settings.hash_password(password),
            teacher_user=os.environ.get("SUDO_USER") or "root",
        )
        settings.save(classroom)
        return classroom, password


def _make_folders(classroom: settings.Classroom) -> None:
    """The state folder's parts, each open exactly as far as it must be."""
    import pwd

    teacher = pwd.getpwnam(classroom.teacher_user)
    hub = classroom.folder("hub")
    hub.chmod(0o700)
    token = hub / "proxy_token"
    if not token.exists():
        token.write_text(secrets.token_hex(32))
    token.chmod(0o600)
    Path(classroom.state).chmod(0o711)  # pupils pass through to their folder and the exchange
    pupils = classroom.folder("pupils")
    pupils.mkdir(exist_ok=True)
    pupils.chmod(0o711)
    exchange = classroom.folder("exchange")
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777 | stat.S_ISVTX)  # nbgrader's exchange: everyone, sticky
    for name in ("grading", "teacher"):
        folder = classroom.folder(name)
        folder.mkdir(exist_ok=True)
        folder.chmod(0o700)
        os.chown(folder, teacher.pw_uid, teacher.pw_gid)
    config = classroom.folder("teacher") / "jupyter"
    config.mkdir(exist_ok=True)
    os.chown(config, teacher.pw_uid, teacher.pw_gid)
    # The teacher's terminals: their own shell settings, then the course's tools first on the
    # PATH (a ~/.bashrc that sets PATH, as pyenv's does, would hide nbgrader otherwise).
    rc = classroom.folder("teacher") / "bashrc"
    venv_bin = Path(classroom.checkout) / ".venv" / "bin"
    rc.write_text(f'[ -f ~/.bashrc ] && . ~/.bashrc\nexport PATH="{venv_bin}:$PATH"\n')
    terminals = {"ServerApp": {"terminado_settings": {
        "shell_command": ["/bin/bash", "--rcfile", str(rc), "-i"]}}}  # fmt: skip
    (config / "jupyter_server_config.json").write_text(json.dumps(terminals, indent=1))
    for path in (rc, config / "jupyter_server_config.json"):
        os.chown(path, teacher.pw_uid, teacher.pw_gid)


def close_teacher_folders(checkout: Path) -> list[str]:
    """Take the answers out of pupils' reach: the course's teacher-only folders lose every
    permission for other accounts (the teacher keeps theirs)."""
    closed = []
    for name in TEACHER_ONLY:
        folder = checkout / name
        if folder.exists() and folder.stat().st_mode & 0o007:
            folder.chmod(folder.stat().st_mode & ~0o007)
            closed.append(name)
    return closed


def _ports(state: Path) -> dict[str, int]:
    """The hub's and the proxy's own ports, chosen once (the proxy outlives a hub restart)."""
    path = state / "hub" / "ports.json"
    if path.exists():
        return json.loads(path.read_text())
    ports = {"hub": checks.free_port(), "proxy_api": checks.free_port()}
    path.write_text(json.dumps(ports))
    return ports


def _address(ip: str, port: int) -> str:
    if ip:
        return f"http://{ip}:{port}/"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the network
            here = probe.getsockname()[0]
        except OSError:
            here = "127.0.0.1"
    return f"http://{here}:{port}/"


def stop_everything(state: Path) -> int:
    """Stop the hub, the proxy and every server it started (their process ids are in the hub's
    database and pid files). Returns how many were running."""
    pids = []
    hub = state / "hub"
    for name in ("jupyterhub.pid", "proxy.pid"):
        if (hub / name).exists():
            pids.append(int((hub / name).read_text().strip() or 0))
    database = hub / "jupyterhub.sqlite"
    if database.exists():
        with sqlite3.connect(database) as db:
            for (text,) in db.execute("SELECT state FROM spawners WHERE state IS NOT NULL"):
                pid = json.loads(text or "{}").get("pid")
                if pid:
                    pids.append(int(pid))
    stopped = 0
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
            stopped += 1
        except (ProcessLookupError, ValueError):
            pass
    return stopped


if __name__ == "__main__":
    sys.exit(main())
