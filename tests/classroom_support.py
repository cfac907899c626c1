"""Talking to a running classroom hub as a browser would: log in, start one's server, run code
in a kernel, and use nbgrader's Assignments tab (its server extension's API)."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlparse

import requests
import websocket


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

    def run(self, code: str, timeout: float = 60) -> str:
        """Run ``code`` in a new kernel of their server; returns what it printed (and the
        error's name and message, if it raised)."""
        kernel = self.api("POST", "/api/kernels", json={"name": "python3"}).json()["id"]
        try:
            return self._execute(kernel, code, timeout)
        finally:
            self.api("DELETE", f"/api/kernels/{kernel}")

    def _execute(self, kernel: str, code: str, timeout: float) -> str:
        url = urlparse(self.server)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        socket = websocket.create_connection(
            f"ws://{url.netloc}{url.path}/api/kernels/{kernel}/channels",
            header=[f"Cookie: {cookies}"], timeout=timeout,
        )  # fmt: skip
        message_id = uuid.uuid4().hex
        socket.send(json.dumps({
            "header": {"msg_id": message_id, "username": self.name, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False},
        }))  # fmt: skip
        printed = []
        try:
            while True:
                reply = json.loads(socket.recv())
                if reply.get("parent_header", {}).get("msg_id") != message_id:
                    continue
                kind, content = reply["msg_type"], reply["content"]
                if kind == "stream":
                    printed.append(content["text"])
                elif kind == "error":
                    printed.append(f"{content['ename']}: {content['evalue']}")
                elif kind == "status" and content["execution_state"] == "idle":
                    return "".join(printed)
        finally:
            socket.close()
