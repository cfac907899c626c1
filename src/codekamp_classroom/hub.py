"""The JupyterHub side of the classroom: who may log in, and how each one's server starts.

``configure(c, state)`` is called by the ``jupyterhub_config.py`` that ``codekamp-classroom``
writes in the state folder; the classes below are what it sets up.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import subprocess
from pathlib import Path
from typing import Any

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

from codekamp_classroom import accounts, settings
from codekamp_classroom.checks import proxy_command
from codekamp_classroom.python import jupyter_environment

TEMPLATES = Path(__file__).parent / "templates"


class ClassCodeAuthenticator(Authenticator):
    """Pupils log in with a pseudonym and the class code; the teacher as ``teacher`` with the
    teacher's password. Nobody gives an e-mail address or a real name."""

    state = Unicode(help="the classroom's state folder").tag(config=True)

    async def authenticate(self, handler: Any, data: dict) -> dict | None:
        name = self.normalize_username(data.get("username", ""))
        typed = data.get("password", "")
        classroom = settings.load(Path(self.state))
        if name == accounts.TEACHER:
            if settings.password_matches(typed, classroom.teacher_password_hash):
                return {"name": name, "admin": True}
            return None
        if accounts.is_pseudonym(name) and settings.code_matches(typed, classroom.class_code):
            return {"name": name, "admin": False}
        return None


class ClassroomSpawner(LocalProcessSpawner):
    """Each pupil's JupyterLab runs as the pupil's own computer account, in the pupil's folder
    in the state folder; the teacher's runs as the teacher's account, on the course."""

    state = Unicode(help="the classroom's state folder").tag(config=True)
    pupils_python = Unicode(help="the Python that pupils' servers run").tag(config=True)

    @property
    def classroom(self) -> settings.Classroom:
        return settings.load(Path(self.state))

    @property
    def is_teacher(self) -> bool:
        return self.user.name == accounts.TEACHER

    def account(self) -> str:
        if self.is_teacher:
            return self.classroom.teacher_user
        return accounts.account_of(self.user.name)

    def make_preexec_fn(self, name: str) -> Any:
        become = super().make_preexec_fn(self.account())
        folder = self.notebook_dir  # the teacher's server starts in the course, for nbgrader

        def preexec() -> None:
            become()
            os.chdir(folder)

        return preexec

    def get_args(self) -> list[str]:
        args = super().get_args()
        if self.account() == "root":  # a test machine, or a teacher who is root
            args.append("--allow-root")
        return args

    def user_env(self, env: dict) -> dict:
        entry = pwd.getpwnam(self.account())
        # nbgrader names a pupil's hand-ins after the account: ck-<pseudonym> in the gradebook.
        env.update(USER=entry.pw_name, HOME=entry.pw_dir, SHELL=entry.pw_shell or "/bin/sh")
        return env

    def get_env(self) -> dict:
        env = super().get_env()
        classroom = self.classroom
        checkout = Path(classroom.checkout)
        python = checkout / ".venv" / "bin" / "python"
        if not self.is_teacher and Path(self.pupils_python) != python:
            python = Path(self.pupils_python)  # a stand-in: show it the course's Jupyter files
            env.update(jupyter_environment(checkout))
        env["PATH"] = f"{python.parent}:{env.get('PATH', '/usr/bin:/bin')}"
        if self.is_teacher:
            env["JUPYTER_CONFIG_DIR"] = str(classroom.folder("teacher") / "jupyter")
            env["CODEKAMP_GRADING_DIR"] = str(classroom.folder("grading"))
            env["CODEKAMP_EXCHANGE_DIR"] = str(classroom.folder("exchange"))
        else:
            home = accounts.pupil_home(Path(self.state), self.user.name)
            env["JUPYTER_CONFIG_DIR"] = str(home / ".jupyter")
        return env

    async def start(self) -> Any:
        await asyncio.to_thread(self._prepare)
        checkout = Path(self.classroom.checkout)
        python = checkout / ".venv" / "bin" / "python" if self.is_teacher else self.pupils_python
        self.cmd = [str(python), "-m", "jupyterhub.singleuser"]
        return await super().start()

    def _prepare(self) -> None:
        classroom = self.classroom
        if self.is_teacher:
            self.notebook_dir = classroom.checkout
            return
        entry = accounts.ensure_pupil_account(Path(self.state), self.user.name)
        prepare_as_pupil(self.pupils_python, classroom, entry)
        self.notebook_dir = entry.pw_dir


def prepare_as_pupil(python: str, classroom: settings.Classroom, entry: pwd.struct_passwd) -> None:
    """Make or update the pupil's folder as the pupil (codekamp_classroom.prepare): root never
    writes in a folder a pupil controls."""

    def become_pupil() -> None:
        os.setgroups([])
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    subprocess.run(
        [python, "-m", "codekamp_classroom.prepare", classroom.checkout,
         str(classroom.folder("exchange")), entry.pw_dir],
        preexec_fn=become_pupil, cwd=entry.pw_dir, check=True, capture_output=True,
        env={"HOME": entry.pw_dir, "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip


def configure(
    c: Any,
    state: Path,
    port: int,
    hub_port: int,
    proxy_api_port: int,
    pupils_python: str,
    proxy_running: bool = False,
) -> None:
    """Set up JupyterHub (``c``, its configuration) for the class of ``state``."""
    classroom = settings.load(state)
    hub = classroom.folder("hub")
    checkout = Path(classroom.checkout)
    c.JupyterHub.port = port
    c.JupyterHub.ip = os.environ.get("CODEKAMP_CLASSROOM_IP", "")
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [str(proxy_command(checkout))]
    c.ConfigurableHTTPProxy.pid_file = str(hub / "proxy.pid")
    c.ConfigurableHTTPProxy.should_start = not proxy_running  # pupils stay connected
    # The proxy outlives a restart of the hub (pupils stay connected), so its token is kept.
    c.ConfigurableHTTPProxy.auth_token = (hub / "proxy_token").read_text().strip()
    c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub / "cookie_secret")
    c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
    # A restart of the hub (or of the teacher's laptop session) must not stop pupils mid-lesson.
    c.JupyterHub.cleanup_servers = False
    c.JupyterHub.cleanup_proxy = False
    c.JupyterHub.template_paths = [str(TEMPLATES)]
    c.JupyterHub.authenticator_class = ClassCodeAuthenticator
    c.ClassCodeAuthenticator.state = str(state)
    c.Authenticator.allow_all = True  # the class code is the gate
    c.Authenticator.admin_users = {accounts.TEACHER}
    c.JupyterHub.spawner_class = ClassroomSpawner
    c.ClassroomSpawner.state = str(state)
    c.ClassroomSpawner.pupils_python = pupils_python
    c.Spawner.default_url = "/lab"
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 90
