"""nbgrader's Execute step, guarded: a sandboxed kernel, a byte cap on output, and a kernel that
is restarted (not waited for) when a cell hangs or the kernel dies, so the rest still runs.

Plugged in by configuration (``Autograde.autograde_preprocessors`` in ``nbgrader_config.py``),
so plain ``nbgrader autograde`` uses it too. What happened to each pupil's notebook is written
to ``<grading folder>/status/<assignment>/<pupil>.json`` for the class report.
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import time
from queue import Empty
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.utils import ensure_async
from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Float, Integer

from codekamp_grading.folders import grading_folder, status_file
from codekamp_grading.kernel_launcher import report_path

# Evaluated in the pupil's kernel as user expressions, which no transformer can rewrite.
KERNEL_SIDE = "__import__('codekamp_grading.kernel_side', fromlist=['_']).{}()"

BLOCKED_WORDS = ("Permission denied", "Operation not permitted", "unable to open database")


class SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernel through :mod:`codekamp_grading.kernel_launcher`."""

    limits = Dict({}, help="Limits for the pupil's kernel (see sandbox.Limits).").tag(config=True)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        launcher = [sys.executable, "-m", "codekamp_grading.kernel_launcher"]
        return [*launcher, "--limits", json.dumps(self.limits), "--", *command]


class GuardedExecute(Execute):
    """Execute pupils' notebooks with a sandbox, an output cap and recovery from hangs."""

    sandbox = Bool(True, help="Start pupils' kernels inside the sandbox.").tag(config=True)
    output_limit = Integer(100_000, help="Bytes of output kept per cell.").tag(config=True)
    grace = Float(3.0, help="Seconds a kernel gets to stop after an interrupt.").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.sandbox:
            self.kernel_manager_class = SandboxedKernelManager

    # -- one notebook ------------------------------------------------------------------

    def preprocess(self, nb: NotebookNode, resources: Any, *args: Any, **kwargs: Any):
        self._builtins_remembered = False
        self.incidents: list[dict[str, str]] = []
        self.protections: list[str] = []
        self._output_bytes: dict[int, int] = {}
        started = time.monotonic()
        try:
            return super().preprocess(nb, resources, *args, **kwargs)
        finally:
            self._write_status(resources, time.monotonic() - started)

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        await super().async_start_new_kernel(**kwargs)
        self._read_sandbox_report()

    # nbconvert calls the blocking versions, which nbclient binds to its own coroutines.
    start_new_kernel = run_sync(async_start_new_kernel)

    def _read_sandbox_report(self) -> None:
        if not self.sandbox or self.km is None:
            return
        report = report_path(self.km.connection_file)
        for _ in range(50):  # the launcher writes it before it becomes the kernel
            if report.exists() and report.stat().st_size:
                break
            time.sleep(0.02)
        try:
            info = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        finally:
            report.unlink(missing_ok=True)  # read once; not left behind in the temporary folder
        self.protections = info.get("protections", [])
        self._scratch_folders = [*getattr(self, "_scratch_folders", []), info.get("scratch")]

    async def _run_kernel_side(self, function: str) -> None:
        """Call a function of kernel_side in the kernel, outside the pupil's cells."""
        expressions = {"codekamp": KERNEL_SIDE.format(function)}
        message_id = await ensure_async(
            self.kc.execute("", silent=True, store_history=False, user_expressions=expressions)
        )
        await self.async_wait_for_reply(message_id)

    async def _prepare_kernel(self, cell: NotebookNode) -> None:
        """Before a cell: a live kernel, the original built-ins remembered, and before a test
        cell, the tests' tools put back. A kernel that a pupil's code broke is restarted."""
        for attempt in (1, 2):
            try:
                if not await ensure_async(self.km.is_alive()):
                    await self._restart_kernel()  # the previous cell's kernel was stopped
                if not getattr(self, "_builtins_remembered", False):
                    await self._run_kernel_side("remember")
                    self._builtins_remembered = True
                if cell.metadata.get("nbgrader", {}).get("grade"):
                    await self._run_kernel_side("before_test")
                return
            except DeadKernelError:
                self._note("kernel died", cell)
                if attempt == 2:
                    raise
                await self._restart_kernel()

    async def async_execute_cell(
        self, cell: NotebookNode, cell_index: int, *args: Any, **kwargs: Any
    ):
        if cell.cell_type == "code" and cell.source.strip():
            await self._prepare_kernel(cell)
        try:
            result = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        except DeadKernelError:
            self._note("kernel died", cell)
            cell.outputs.append(_error("KernelDied", "The kernel stopped while running this cell."))
            await self._restart_kernel()
            return cell
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(error.get("ename") == "MemoryError" for error in errors):
            self._note("memory", cell)
        if any(word in str(error.get("evalue", "")) for error in errors for word in BLOCKED_WORDS):
            self._note("blocked", cell)
        return result

    execute_cell = run_sync(async_execute_cell)

    async def _async_poll_for_reply(self, msg_id: str, *args: Any, **kwargs: Any):
        self._waiting_for = msg_id  # the execute request a timeout would be about
        return await super()._async_poll_for_reply(msg_id, *args, **kwargs)

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None):
        """A cell ran too long: interrupt it; if it does not stop, restart the kernel."""
        self._note("timeout", cell)
        await ensure_async(self.km.interrupt_kernel())
        if not await self._answered(getattr(self, "_waiting_for", None), self.grace):
            # It ignores the interrupt: stop it for good. The next cell starts a new kernel.
            self._note("ignored interrupt", cell)
            await ensure_async(self.km.signal_kernel(signal.SIGKILL))
        return {"content": {**self.error_on_timeout, "status": "error"}}

    async def _answered(self, msg_id: str | None, seconds: float) -> bool:
        """Did the kernel answer request ``msg_id`` within ``seconds`` (other replies skipped)?"""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = await ensure_async(self.kc.shell_channel.get_msg(timeout=left))
            except Empty:
                return False
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False

    async def _restart_kernel(self) -> None:
        """A new kernel (through the sandbox again) and a new client connected to it."""
        self._builtins_remembered = False
        await ensure_async(self.km.restart_kernel(now=True))
        if self.kc is not None:
            self.kc.stop_channels()
        await self.async_start_new_kernel_client()
        self._read_sandbox_report()

    # -- output cap -------------------------------------------------------------------

    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int):
        content = msg.get("content", {})
        size = len(json.dumps(content.get("data", content.get("text", "")), default=str))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if msg["header"]["msg_type"] != "error" and used + size > self.output_limit:
            if used <= self.output_limit:
                self._note("huge output", None)
                outs.append(
                    NotebookNode(
                        output_type="stream",
                        name="stderr",
                        text=f"[output cut off after {self.output_limit} bytes]\n",
                    )
                )
            return None
        return super().output(outs, msg, display_id, cell_index)

    # -- the status file ----------------------------------------------------------------

    def _note(self, what: str, cell: NotebookNode | None) -> None:
        grade_id = (cell or {}).get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        self.incidents.append({"what": what, "cell": grade_id})

    def _write_status(self, resources: Any, seconds: float) -> None:
        for folder in getattr(self, "_scratch_folders", []):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
        self._scratch_folders = []
        info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
        pupil, assignment = info.get("student"), info.get("assignment")
        if not pupil or not assignment:
            return
        path = status_file(grading_folder(), assignment, pupil)
        path.parent.mkdir(parents=True, exist_ok=True)
        status = {"incidents": self.incidents, "protections": sorted(set(self.protections)),
                  "seconds": round(seconds, 2)}  # fmt: skip
        path.write_text(json.dumps(status, indent=1), encoding="utf-8")


def _error(name: str, value: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename=name, evalue=value, traceback=[f"{name}: {value}"]
    )
