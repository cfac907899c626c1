"""The JupyterHub side of the classroom: who may log in, and how each one's server starts.

``configure(c, state)`` is called by the ``jupyterhub_config.py`` that ``codekamp-classroom``
writes in the state folder; the classes below are what it sets up.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import pwd
from pathlib import Path
from typing import Any

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

from codekamp_classroom import accounts, settings
from codekamp_classroom.checks import proxy_command
from codekamp_classroom.python import jupyter_environment

TEMPLATES = Path(__file__).parent / "templates"
COURSE_ID = "codekamp"

PUPIL_LAB = {
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:course-list": True,
        "@jupyter/nbgrader:validate-assignment": True,
    }
}
"""A pupil's JupyterLab: nbgrader's Assignments tab (fetch, submit, feedback) and nothing of
the teacher's tools. Pupils check their work with the assignment's last cell, not Validate."""
PUPIL_SERVER = {
    "ServerApp": {
        "jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.course_list": False,
            "nbgrader.server_extensions.validate_assignment": False,
            "nbgrader.server_extensions.assignment_list": True,
        }
    }
}


def pupil_nbgrader_config(classroom: settings.Classroom, home: Path) -> str:
    """nbgrader's settings for a pupil: the class's exchange, and fetched assignments in the
    pupil's ``exercises/`` folder, where the lessons' links point."""
    return (
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(classroom.folder('exchange'))!r}\n"
        f"c.Exchange.assignment_dir = {str(home / 'exercises')!r}\n"
    )


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
        home = Path(entry.pw_dir)
        prepare_pupil_folder(classroom, home)
        for path in [home, *home.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
        self.notebook_dir = str(home)


def prepare_pupil_folder(classroom: settings.Classroom, home: Path) -> None:
    """The pupil's folder: the lessons (their own copies, updated without touching their work),
    an ``exercises/`` folder for fetched assignments, and the pupil's Jupyter settings."""
    workspace = _pupil_workspace_tool(Path(classroom.checkout))
    workspace.update(home, Path(classroom.checkout), folders=("notebooks",))
    (home / "exercises").mkdir(exist_ok=True)
    config = home / ".jupyter"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(PUPIL_LAB, indent=1))
    (config / "jupyter_server_config.json").write_text(json.dumps(PUPIL_SERVER, indent=1))
    (config / "nbgrader_config.py").write_text(pupil_nbgrader_config(classroom, home))


def _pupil_workspace_tool(checkout: Path) -> Any:
    """The course's own tool that makes a pupil's folder (``tools/pupil_workspace.py``)."""
    spec = importlib.util.spec_from_file_location(
        "pupil_workspace", checkout / "tools" / "pupil_workspace.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
