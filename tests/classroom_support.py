"""Talking to a running classroom hub as a browser would: log in, start one's server, run code
in a kernel, and use nbgrader's Assignments tab (its server extension's API)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import requests
import websocket

from codekamp_classroom import accounts, settings

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM = [str(ROOT / ".venv" / "bin" / "codekamp-classroom")]
RUNNING = "JupyterHub is now running"


class Visitor:
    """One person at the hub: a pupil with a pseudonym, or the teacher."""

    def __init__(self, base: str, name: str) -> None:
        self.base, self.name = base.rstrip("/"), name
        self.session = requests.Session()

    def log_in(self, password: str) -> bool:
        """True when the hub let them in (a wrong class code gives the login page again)."""
        self.session.get(f"{self.base}/hub/login", timeout=30)
        xsrf = self.session.cookies.get("_xsrf", "")
        answer = self.session.post(
            f"{self.base}/hub/login?next=",
            data={"username": self.name, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )
        self.last_answer = answer
        return answer.status_code == 302 and "/hub/login" not in answer.headers.get("Location", "")

    def start_server(self, timeout: float = 180) -> float:
        """Start their JupyterLab; returns the seconds it took to answer."""
        began = time.monotonic()
        self.session.get(f"{self.base}/hub/spawn", timeout=60)
        while time.monotonic() - began < timeout:
            # /lab goes through the hub's OAuth once (as a browser does) and sets _xsrf.
            lab = self.session.get(f"{self.server}/lab", timeout=60)
            if lab.status_code == 200 and "/user/" in lab.url:
                answer = self.session.get(f"{self.server}/api/status", timeout=30)
                if answer.status_code == 200:
                    return time.monotonic() - began
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}'s server did not start")

    @property
    def server(self) -> str:
        return f"{self.base}/user/{self.name}"

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-XSRFToken": self.session.cookies.get("_xsrf", path=f"/user/{self.name}/") or
                   self.session.cookies.get("_xsrf", "")}  # fmt: skip
        return self.session.request(
            method, f"{self.server}{path}", headers=headers, timeout=120, **kwargs
        )

    def run_cells(self, cells: list[str], timeout: float = 120) -> list[tuple[float, bool]]:
        """Run ``cells`` one after the other in one new kernel, as Run All does; for each, the
        seconds since the first began when it finished, and whether it showed a drawing."""
        kernel = self.api("POST", "/api/kernels", json={"name": "python3"}).json()["id"]
        began, found = time.monotonic(), []
        try:
            for code in cells:
                messages = self._messages(kernel, code, timeout)
                drew = any(m["msg_type"] == "display_data" and "image/svg+xml" in
                           json.dumps(m["content"].get("data", {})) for m in messages)  # fmt: skip
                found.append((time.monotonic() - began, drew))
        finally:
            self.api("DELETE", f"/api/kernels/{kernel}")
        return found

    def terminal(self, line: str, until: str, timeout: float = 60) -> str:
        """Type ``line`` in a new terminal of their JupyterLab (File › New › Terminal); returns
        what it showed once ``until`` appeared after the line."""
        name = self.api("POST", "/api/terminals").json()["name"]
        socket = self._websocket(f"/terminals/websocket/{name}", timeout)
        shown, began = "", time.monotonic()
        try:
            socket.send(json.dumps(["stdin", line + "\r"]))
            while until not in shown.split(line)[-1] and time.monotonic() - began < timeout:
                kind, *text = json.loads(socket.recv())
                shown += text[0] if kind == "stdout" else ""
            return shown
        finally:
            socket.close()
            self.api("DELETE", f"/api/terminals/{name}")

    def _websocket(self, path: str, timeout: float) -> websocket.WebSocket:
        """A websocket to ``path`` of their server, with their login's cookies."""
        url = urlparse(self.server)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        return websocket.create_connection(
            f"ws://{url.netloc}{url.path}{path}", header=[f"Cookie: {cookies}"], timeout=timeout
        )

    def run(self, code: str, timeout: float = 60) -> str:
        """Run ``code`` in a new kernel of their server; returns what it printed (and the
        error's name and message, if it raised)."""
        kernel = self.api("POST", "/api/kernels", json={"name": "python3"}).json()["id"]
        try:
            return self._execute(kernel, code, timeout)
        finally:
            self.api("DELETE", f"/api/kernels/{kernel}")

    def _execute(self, kernel: str, code: str, timeout: float) -> str:
        printed = []
        for reply in self._messages(kernel, code, timeout):
            kind, content = reply["msg_type"], reply["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                printed.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "display_data" and "text/markdown" in content["data"]:
                printed.append(content["data"]["text/markdown"])  # codekamp's 💡 tips
        return "".join(printed)

    def _messages(self, kernel: str, code: str, timeout: float) -> list[dict]:
        """What the kernel sent back for ``code``, until it was idle again."""
        socket = self._websocket(f"/api/kernels/{kernel}/channels", timeout)
        message_id = uuid.uuid4().hex
        socket.send(json.dumps({
            "header": {"msg_id": message_id, "username": self.name, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False},
        }))  # fmt: skip
        found = []
        try:
            while True:
                reply = json.loads(socket.recv())
                if reply.get("parent_header", {}).get("msg_id") != message_id:
                    continue
                found.append(reply)
                if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                    return found
        finally:
            socket.close()


def shared_folder() -> Path:
    """A folder other accounts may pass through, as a teacher's /srv would be (pytest's own
    temporary folders are closed to them)."""
    folder = Path(tempfile.mkdtemp(prefix="codekamp-classroom-"))
    folder.chmod(0o711)
    return folder


class Hub:
    """A classroom hub started with the teacher's command, as a teacher would."""

    def __init__(self, state: Path, port: int) -> None:
        self.state, self.port = state, port
        self.base = f"http://127.0.0.1:{port}"
        self.log = state.parent / f"hub-{port}.log"
        self.process: subprocess.Popen | None = None
        self.password = ""

    def start(self) -> None:
        before = self.log.read_text().count(RUNNING) if self.log.exists() else 0
        log = self.log.open("a")
        self.process = subprocess.Popen(
            [*CLASSROOM, "--lang", "en", "start", "--state", str(self.state),
             "--port", str(self.port), "--ip", "127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = self.log.read_text()
            found = re.search(r"write it down\): (\S+)", text)
            if found:
                self.password = found[1]
            if text.count(RUNNING) > before:
                return
            assert self.process.poll() is None, text
            time.sleep(0.3)
        raise TimeoutError(self.log.read_text())

    def stop_everything(self, pseudonyms: list[str]) -> None:
        """What the teacher's stop command does, and the pupils' accounts removed."""
        subprocess.run([*CLASSROOM, "stop", "--state", str(self.state)], capture_output=True)
        if self.process and self.process.poll() is None:
            self.process.kill()
        for name in pseudonyms:
            accounts.remove_pupil_account(name)

    def stop_hub_only(self) -> None:
        """Ctrl+C on the teacher's command: the hub stops, pupils' servers go on."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(60)

    @property
    def classroom(self) -> settings.Classroom:
        return settings.load(self.state)

    def pupil(self, name: str) -> Visitor:
        visitor = Visitor(self.base, name)
        assert visitor.log_in(self.classroom.class_code.lower())  # case does not matter
        visitor.start_server()
        return visitor

    def teacher(self) -> Visitor:
        visitor = Visitor(self.base, accounts.TEACHER)
        assert visitor.log_in(self.password)
        visitor.start_server()
        return visitor
