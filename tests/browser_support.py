"""What the browser tests share: the system's Chromium (driven by Playwright) and a Jupyter
server started for a test, with folders of its own and stopped afterwards.

Chromium comes from the system (``apt-get install chromium`` on Debian and Ubuntu); without
it the browser tests are skipped, and pytest says so. ``.ci/run`` installs Chromium and sets
``CODEKAMP_REQUIRE_BROWSER=1``, which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium on a machine with no screen and a closed network (see the env notes).
CHROMIUM_ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def require_chromium() -> None:
    """Skip the test without Chromium, or fail when CODEKAMP_REQUIRE_BROWSER=1 asks for it."""
    if CHROMIUM is None:
        if os.environ.get("CODEKAMP_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is not installed, and CODEKAMP_REQUIRE_BROWSER=1 asks for it")
        pytest.skip("Chromium is not installed (apt-get install chromium): no browser test")


@contextmanager
def jupyter_server(
    app: str,
    root: Path,
    state: Path,
    token: str,
    *options: str,
    environment: dict | None = None,
    cwd: Path | None = None,
) -> Iterator[dict]:
    """``jupyter <app>`` (lab, server) serving ``root``, with its configuration, data and
    runtime folders in ``state``, started in ``cwd`` (``root`` if not given); yields
    {"url", "folder"} once it answers."""
    env = {
        **os.environ,
        **(environment or {}),
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_DATA_DIR": str(state / "data"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
    }
    port = free_port()
    command = [sys.executable, "-m", "jupyter", app, "--no-browser", "--allow-root",
               f"--port={port}", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
               *options]  # fmt: skip
    state.mkdir(parents=True, exist_ok=True)
    log = (state / "server.log").open("w")
    process = subprocess.Popen(
        command, cwd=cwd or root, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, token, process)
        yield {"url": url, "folder": root}
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def pupil_lab(folder: Path, token: str) -> Iterator[dict]:
    """JupyterLab as `make lab` starts it: a pupil's own copy of the course in
    ``folder/workspace``, served with the pupils' configuration; yields {"url", "folder",
    "workspace"} once it answers."""
    import pupil_workspace  # tools/, on the path through conftest

    workspace = folder / "workspace"
    pupil_workspace.update(workspace)
    state = folder / "state"
    shutil.copytree(workspace / pupil_workspace.CONFIG_FOLDER, state / "config")
    # Started in the checkout, as `make lab` is (where nbgrader_config.py lies).
    checkout = Path(__file__).resolve().parents[1]
    with jupyter_server("lab", workspace, state, token, cwd=checkout) as server:
        yield {**server, "workspace": workspace}


@contextmanager
def chromium(*extra_arguments: str) -> Iterator:
    """The system's Chromium, launched by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGUMENTS, *extra_arguments]
        )
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, token: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("the Jupyter server stopped while starting")
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the Jupyter server did not start within a minute")
