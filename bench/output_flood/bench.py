"""A runaway print loop in the pupil's browser: without and with Codekamp's output cap, in one run.

For each front end (JupyterLab, Notebook 7) and each server setting (`make lab`, Binder), a fresh
Jupyter server serves a notebook with one cell, ``while True: print("hoi")``. Chromium (driven
by Playwright) runs it, lets it print for ``--seconds``, then presses the stop button ■ as a
pupil would, and records:

- how long the stop button took to bring the kernel back to idle, as the page's execution
  indicator shows it (JupyterLab's status bar, Notebook 7's toolbar);
- how long the kernel itself took to stop running the loop (its CPU use), for comparison;
- the page's JavaScript heap (Chrome's ``JSHeapUsedSize``) and its number of DOM nodes then;
- how long the page took to answer afterwards (a trivial script through the page);
- the peak resident memory of the server and of its kernel (Binder's 2 GB limit counts the
  whole container).

Variants: "without cap" sets ``CODEKAMP_OUTPUT_LIMIT=0`` for the kernel (Jupyter's own server rate
limit, 1 MB/s by default, still applies), "with cap" is what pupils get (50,000 characters per
cell, ``src/codekamp/output_limit.py``), and "rate limit" is no cap but the server's own
``iopub_data_rate_limit`` made 10 times stricter than its default (see ``STRICT_RATE``).

Settings: "make-lab" is ``pupil_lab()`` (tests/browser_support.py), which starts ``jupyter lab`` as
``make lab`` does; "binder" is mybinder.org's way of starting the server, emulated without Docker
(see ``binder_server``; each setting's source is cited there).

    .venv/bin/python bench/output_flood/bench.py [--seconds 20] [--front-ends lab,notebook]
        [--settings make-lab,binder] [--variants without,with,rate]

All of it takes 20 to 40 minutes: a run without the cap may take up to ``GIVE_UP`` seconds to stop.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tools")]  # browser_support; pupil_workspace

from browser_support import chromium, jupyter_server, pupil_lab  # noqa: E402

CELL = 'while True:\n    print("hoi")'
GIVE_UP = 180  # seconds: a pupil would have closed the tab long before
TOKEN = "flood"
STRICT_RATE = 100_000
"""Bytes per second: jupyter_server's default ``iopub_data_rate_limit`` (1,000,000) made 10 times
stricter, for the "rate limit" variant."""

FRONT_ENDS = {"lab": ("JupyterLab", "lab/tree"), "notebook": ("Notebook 7", "notebooks")}
"""Front end: its name and where it opens a notebook. Both serve the notebook with the same
toolbar button (``notebook:interrupt-kernel``) and kernel status (the execution indicator)."""


@dataclass(frozen=True)
class Variant:
    label: str
    kernel_environment: dict[str, str]
    server_config: dict = field(default_factory=dict)


VARIANTS = {
    "without": Variant("without cap", {"CODEKAMP_OUTPUT_LIMIT": "0"}),
    "with": Variant("with cap", {}),
    "rate": Variant(
        f"rate limit {STRICT_RATE // 1000} kB/s",
        {"CODEKAMP_OUTPUT_LIMIT": "0"},
        {"ZMQChannelsWebsocketConnection": {"iopub_data_rate_limit": STRICT_RATE}},
    ),
}

MEASURES = {
    "stop_seconds": "stop button to idle (s)",
    "loop_stop_seconds": "kernel loop stopped (s)",
    "heap_mb": "page JS heap (MB)",
    "dom_nodes": "page DOM nodes",
    "answer_seconds": "page answers after (s)",
    "server_mb": "server peak RSS (MB)",
    "kernel_mb": "kernel peak RSS (MB)",
}

# -- Binder, as mybinder.org starts a pupil's server --------------------------------------------
# repo2docker (jupyterhub/repo2docker, repo2docker/buildpacks/base.py) ends the image with
# CMD ["jupyter", "notebook", "--ip", "0.0.0.0"]; mybinder.org replaces it with its
# singleuser.cmd (jupyterhub/mybinder.org-deploy, mybinder/values.yaml): `jupyter-notebook`
# (Notebook 7, which also serves JupyterLab at /lab) with --NotebookApp.default_url=/lab/ put
# first when JupyterLab >= 3 is installed. BinderHub's spawner (jupyterhub/binderhub,
# binderhub/binderspawner_mixin.py, get_args) adds --ip=0.0.0.0, --port, --NotebookApp.base_url,
# --NotebookApp.token, --NotebookApp.trust_xheaders=True and, as mybinder.org sets
# BinderSpawner.cors_allow_origin "*", --NotebookApp.allow_origin=* and allow_origin_pat=.*; then
# every --NotebookApp.* option again as --ServerApp.*. None of them touches the iopub rate limit,
# so jupyter_server's defaults apply, as under `make lab`. Port and token come from
# jupyter_server(); ip (all interfaces) and base_url (/user/<name>/) are left out: they change
# nothing here, and jupyter_server() waits for the server at 127.0.0.1 without a base_url.
SPAWNER_OPTIONS = ["--NotebookApp.trust_xheaders=True",
                   "--NotebookApp.allow_origin=*", "--NotebookApp.allow_origin_pat=.*"]  # fmt: skip
BINDER_OPTIONS = [
    "--NotebookApp.default_url=/lab/",
    *SPAWNER_OPTIONS,
    *(option.replace("--NotebookApp.", "--ServerApp.") for option in SPAWNER_OPTIONS),
]
# mybinder.org mounts this as /etc/jupyter/jupyter_notebook_config.json in every user pod
# (mybinder/values.yaml, etcJupyter).
MYBINDER_ETC_JUPYTER = {
    "NotebookApp": {"allow_origin": "*", "tornado_settings": {"trust_xheaders": True},
                    "shutdown_no_activity_timeout": 600},
    "MappingKernelManager": {"cull_idle_timeout": 600, "cull_interval": 60, "cull_connected": True},
}  # fmt: skip
# The pod's limits (mybinder/values.yaml, singleuser): memory guarantee 450M, limit 2G ("at
# least 1GB, a maximum of 2GB": jupyterhub/mybinder.org-user-guide, docs/about/user-guidelines.md);
# CPU guarantee 0.01, limit 1. The CPU limit is emulated by keeping the server and its kernel on
# one CPU. The memory limit (a cgroup on the whole container) is not: the server's and kernel's
# peak memory is measured instead, to compare with 2 GB.
NB_PYTHON_PREFIX = Path(sys.prefix)  # this environment plays the image's conda environment


def notebook() -> dict:
    return {
        "cells": [{"cell_type": "code", "id": "flood", "metadata": {}, "source": CELL,
                   "outputs": [], "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def write_json(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def like_postbuild(prefix: Path) -> Path:
    """What binder/postBuild puts in ``${NB_PYTHON_PREFIX}/etc/jupyter``, in a scratch prefix;
    returns that folder. Its other two files, the lab settings and the IPython kernel config,
    are the ones `make lab`'s install already put in this environment (checked here)."""
    for source, installed in (
        ("overrides.json", "share/jupyter/lab/settings/overrides.json"),
        ("ipython_kernel_config.json", "etc/ipython/ipython_kernel_config.json"),
    ):
        if (NB_PYTHON_PREFIX / installed).read_bytes() != (ROOT / "binder" / source).read_bytes():
            sys.exit(f"{NB_PYTHON_PREFIX / installed} differs from binder/{source}: make lab")
    etc = prefix / "etc" / "jupyter"
    pupils = json.loads((ROOT / "binder/pupil-config/jupyter_server_config.json").read_text())
    write_json(etc / "jupyter_server_config.d/zz-codekamp-pupils.json", pupils)
    # `jupyter labextension disable` and `lock` --level=sys_prefix, for the same plugins.
    hidden = json.loads((ROOT / "binder/pupil-config/labconfig/page_config.json").read_text())
    plugins = hidden["disabledExtensions"]
    write_json(
        etc / "labconfig/page_config.json",
        {"disabledExtensions": plugins, "lockedExtensions": plugins},
    )
    return etc


@contextmanager
def environ(changes: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``changes`` for a while (pupil_lab() takes no environment: the server
    it starts, and so its kernel, copies ours)."""
    saved = dict(os.environ)
    os.environ.update(changes)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def make_lab_server(folder: Path, environment: dict[str, str]) -> Iterator[dict]:
    """`make lab`: ``jupyter lab`` on a pupil's workspace, JUPYTER_CONFIG_DIR its .jupyter."""
    with environ(environment), pupil_lab(folder, TOKEN) as server:
        yield server


@contextmanager
def binder_server(folder: Path, environment: dict[str, str]) -> Iterator[dict]:
    """mybinder.org: ``jupyter notebook`` with BinderHub's options, postBuild's configuration in
    the environment's prefix and mybinder.org's in /etc/jupyter (both emulated through
    JUPYTER_CONFIG_PATH, before this environment's own etc/jupyter), on one CPU."""
    config_path = [
        *environment.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep),
        str(like_postbuild(folder / "prefix")),
        str(write_json(folder / "etc-jupyter/jupyter_notebook_config.json", MYBINDER_ETC_JUPYTER)
            .parent),
    ]  # fmt: skip
    environment = {**environment, "JUPYTER_CONFIG_PATH": os.pathsep.join(filter(None, config_path))}
    root = folder / "repo"
    root.mkdir()
    with jupyter_server(
        "notebook", root, folder / "state", TOKEN, *BINDER_OPTIONS, environment=environment
    ) as server:
        yield {**server, "cpus": {max(os.sched_getaffinity(0))}}


SETTINGS: dict[str, tuple[str, Callable]] = {
    "make-lab": ("make lab", make_lab_server),
    "binder": ("Binder", binder_server),
}


class ServerWatch:
    """The server's process tree while a run lasts: the peak resident memory of the server and of
    its kernels, the kernels it started (to end them if the server leaves one behind), and, when
    ``cpus`` is given, every thread kept on those CPUs."""

    def __init__(self, state: Path, cpus: set[int] | None) -> None:
        (record,) = (state / "runtime").glob("jpserver-*.json")
        self.server = psutil.Process(json.loads(record.read_text())["pid"])
        self.cpus = cpus
        self.server_peak = self.kernels_peak = 0
        self.kernels: set[psutil.Process] = set()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ServerWatch:
        self._look()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._done.wait(0.5):
            self._look()

    def _look(self) -> None:
        with suppress(psutil.Error):
            children = self.server.children(recursive=True)
            self.kernels = self.kernels | set(children)  # rebound, never changed: read by LoopStops
            tree = [self.server, *children]
            self.server_peak = max(self.server_peak, self.server.memory_info().rss)
            kernels = sum(process.memory_info().rss for process in children)
            self.kernels_peak = max(self.kernels_peak, kernels)
            if self.cpus:
                for thread in (thread for process in tree for thread in process.threads()):
                    with suppress(OSError):
                        os.sched_setaffinity(thread.id, self.cpus)

    def end_kernels(self) -> None:
        for kernel in self.kernels:
            with suppress(psutil.Error):
                kernel.kill()


def wait_for_kernel(server_url: str, timeout: float = 90) -> None:
    """Until the notebook's kernel is idle with the page connected to it, as the server sees it
    (the page's execution indicator says Idle before the kernel is up, too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{server_url}/api/kernels?token={TOKEN}", timeout=5) as reply:
            if any(k["execution_state"] == "idle" and k["connections"] for k in json.load(reply)):
                return
        time.sleep(0.2)
    raise TimeoutError(f"no kernel ready within {timeout} s")


class LoopStops(threading.Thread):
    """From its start, how long until the kernels stop computing, that is, use less than a fifth
    of a CPU over ``STEP`` seconds (inf: not within GIVE_UP). The server's own view of the kernel
    (/api/kernels) cannot tell: JupyterLab's subshell requests set its state to idle mid-loop."""

    STEP = 0.2

    def __init__(self, kernels: set[psutil.Process]) -> None:
        super().__init__(daemon=True)
        self.kernels = kernels
        self.seconds = float("inf")

    def cpu_seconds(self) -> float:
        total = 0.0
        for kernel in self.kernels:
            with suppress(psutil.Error):
                total += sum(kernel.cpu_times()[:2])
        return total

    def run(self) -> None:
        started, used = time.perf_counter(), self.cpu_seconds()
        while time.perf_counter() - started < GIVE_UP:
            time.sleep(self.STEP)
            used, before = self.cpu_seconds(), used
            if used - before < self.STEP / 5:
                self.seconds = time.perf_counter() - started
                return


def flood_in_browser(
    browser, server_url: str, path: str, seconds: float, watch: ServerWatch
) -> dict[str, float]:
    """Open the notebook, run the cell for ``seconds``, press ■, and measure the page."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(f"{server_url}/{path}/flood.ipynb?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputPrompt", timeout=60_000)
    wait_for_kernel(server_url)
    # The execution indicator: in JupyterLab's status bar, in Notebook 7's toolbar.
    status = page.locator(".jp-Notebook-ExecutionIndicator-tooltip")
    page.locator(".jp-Cell .jp-InputPrompt").first.click()
    page.keyboard.press("Shift+Enter")
    status.filter(has_text="Busy").first.wait_for(state="attached", timeout=60_000)
    time.sleep(seconds)
    loop_stops = LoopStops(set(watch.kernels))
    loop_stops.start()
    pressed = time.perf_counter()
    try:
        page.locator("[data-command='notebook:interrupt-kernel']").first.click(
            timeout=GIVE_UP * 1000
        )
        left = GIVE_UP - (time.perf_counter() - pressed)
        status.filter(has_text="Idle").first.wait_for(state="attached", timeout=left * 1000)
        stopped = time.perf_counter() - pressed
    except Exception:  # the page did not answer in time: that is the measurement
        stopped = float("inf")
    metrics: dict[str, float] = {}
    with suppress(Exception):  # the page's metrics, if Chrome still gets them
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    asked = time.perf_counter()
    try:
        page.wait_for_function("() => true", timeout=GIVE_UP * 1000)
        answered = time.perf_counter() - asked
    except Exception:
        answered = float("inf")
    loop_stops.join()
    return {
        "stop_seconds": stopped,
        "loop_stop_seconds": loop_stops.seconds,
        "heap_mb": metrics.get("JSHeapUsedSize", float("nan")) / 1e6,
        "dom_nodes": metrics.get("Nodes", float("nan")),
        "answer_seconds": answered,
    }


def measure(front_end: str, settings: str, variant: Variant, seconds: float) -> dict[str, float]:
    """One run, in a fresh server with folders of its own."""
    folder = Path(tempfile.mkdtemp(prefix="codekamp-flood-"))
    environment = dict(variant.kernel_environment)
    if variant.server_config:
        config = write_json(folder / "variant/jupyter_server_config.json", variant.server_config)
        environment["JUPYTER_CONFIG_PATH"] = str(config.parent)
    start_server, watch = SETTINGS[settings][1], None
    try:
        with start_server(folder, environment) as server:
            (server["folder"] / "flood.ipynb").write_text(json.dumps(notebook()), encoding="utf-8")
            watch = ServerWatch(folder / "state", server.get("cpus"))
            with watch, chromium() as browser:
                path = FRONT_ENDS[front_end][1]
                result = flood_in_browser(browser, server["url"], path, seconds, watch)
    finally:
        if watch:
            watch.end_kernels()
        shutil.rmtree(folder, ignore_errors=True)
    return {**result, "server_mb": watch.server_peak / 1e6, "kernel_mb": watch.kernels_peak / 1e6}


def ratio(after: float, before: float) -> float:
    return after / before if before else float("nan")


def cells(values: dict[str, float | str], variants: list[str]) -> str:
    """A column per variant, and the cap's ratio (with / without) after "with cap"."""
    text = ""
    for variant in variants:
        value = values[variant]
        text += f" {value:>20}" if isinstance(value, str) else f" {value:20.2f}"
        if variant == "with" and "without" in variants:
            value = values.get("ratio", "ratio")
            text += f" {value:>8}" if isinstance(value, str) else f" {value:7.2f}x"
    return text


def table(results: dict, variants: list[str], seconds: float) -> str:
    """One row per front end, setting and measure."""
    lines = [
        f"while True: print('hoi') for {seconds:g} s, then ■ (inf: no answer within {GIVE_UP} s)",
        f"{'front end':11} {'settings':9} {'measure':28}"
        + cells({v: VARIANTS[v].label for v in variants}, variants),
    ]
    for (front_end, settings), by_variant in results.items():
        for key, label in MEASURES.items():
            values = {variant: by_variant[variant][key] for variant in variants}
            if {"without", "with"} <= set(variants):
                values["ratio"] = ratio(values["with"], values["without"])
            name = f"{FRONT_ENDS[front_end][0]:11} {SETTINGS[settings][0]:9} {label:28}"
            lines.append(name + cells(values, variants))
    return "\n".join(lines)


def choices(text: str, known: dict) -> list[str]:
    """The names in ``text`` (comma-separated), in ``known``'s order."""
    chosen = {name.strip() for name in text.split(",") if name.strip()}
    if unknown := chosen - set(known):
        raise argparse.ArgumentTypeError(
            f"unknown {sorted(unknown)}; choose from {', '.join(known)}"
        )
    return [name for name in known if name in chosen]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the loop prints")
    parser.add_argument(
        "--front-ends",
        type=lambda t: choices(t, FRONT_ENDS),
        default=list(FRONT_ENDS),
        help="lab,notebook",
    )
    parser.add_argument(
        "--settings",
        type=lambda t: choices(t, SETTINGS),
        default=list(SETTINGS),
        help="make-lab,binder",
    )
    parser.add_argument("--variants", type=lambda t: choices(t, VARIANTS),
                        default=list(VARIANTS), help="without,with,rate")  # fmt: skip
    arguments = parser.parse_args()
    results: dict = {}
    for front_end in arguments.front_ends:
        for settings in arguments.settings:
            for variant in arguments.variants:
                print(f"{front_end} / {settings} / {variant} ...", file=sys.stderr, flush=True)
                try:
                    result = measure(front_end, settings, VARIANTS[variant], arguments.seconds)
                except Exception as error:  # one failed run leaves the others' numbers
                    print(f"  failed: {error!r}", file=sys.stderr, flush=True)
                    result = dict.fromkeys(MEASURES, float("nan"))
                print(f"  {result}", file=sys.stderr, flush=True)
                results.setdefault((front_end, settings), {})[variant] = result
    print(table(results, arguments.variants, arguments.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
