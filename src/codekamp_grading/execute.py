"""nbgrader's Execute step, guarded: the pupil's notebook runs in a kernel with Codekamp's judge
(see ``judge``), inside the sandbox where the computer has one; output is capped in bytes; a
kernel that hangs or dies is restarted, not waited for, so the rest still runs.

Test cells are not sent to the kernel: each is replaced, while it runs, by a request to the
judge, and gets the judge's verdict as its output (see ``judged_cells``). So nbgrader scores a
test from what the judge decided, never from what the pupil's code printed.

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
from traitlets import Bool

from codekamp.i18n import N_, translate
from codekamp_grading import judged_cells
from codekamp_grading.folders import grading_folder, log_file, status_file
from codekamp_grading.judged_cells import JudgePack, Verdict, VerdictReader
from codekamp_grading.kernel_launcher import disk_full_marker, kernel_log_path, report_path
from codekamp_grading.limits import Limits, read_limits
from codekamp_grading.status import Incident, RunReport

KERNEL_STOPPED = N_("Python stopped while running this cell, and was started again.")
OUTPUT_CUT = N_("[… the first {kb} kB are shown; the rest was cut off]")
BLOCKED_WORDS = ("Permission denied", "Operation not permitted", "unable to open database")


def without_widget_frontend(client: Any) -> Any:
    """Stop nbclient from playing the browser's part for Output widgets, and give ``client``
    back.

    ipywidgets' ``interact`` and Codekamp's ``show`` (lesson 08 on) put an Output widget in the
    notebook. nbclient then sends the widget's state back to the kernel on the shell channel
    while it waits there for the cell's reply, and now and then (about one widget cell in ten
    here) the reply is never seen: the cell waits for its whole timeout, although the kernel
    has long finished (nbclient issue #312). Grading and the course's tests need no widget
    outputs (the sanitiser removes them anyway), so nbclient handles no widget messages.
    """
    client.comm_open_handlers = {}
    return client


class JudgedKernelManager(AsyncKernelManager):
    """Starts ``codekamp_grading.judge_kernel`` instead of the plain kernel, through the
    sandbox's launcher when ``sandbox`` is on. GuardedExecute sets ``pack`` and ``limits``."""

    pack: JudgePack | None = None
    limits: Limits = Limits()
    sandbox: bool = True

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        kernel = [sys.executable, "-m", "codekamp_grading.judge_kernel", *(extra_arguments or [])]
        kernel += ["-f", self.connection_file]
        pack, verdicts = self.pack.pack, self.pack.verdicts
        if not self.sandbox:
            return [*kernel, f"--judge-pack={pack}", f"--judge-verdicts={verdicts}"]
        launcher = [sys.executable, "-m", "codekamp_grading.kernel_launcher"]
        launcher += ["--limits", json.dumps(self.limits.to_json())]
        launcher += ["--pass-file", f"{judged_cells.PACK_VARIABLE}={pack}:r"]
        launcher += ["--pass-file", f"{judged_cells.VERDICTS_VARIABLE}={verdicts}:a"]
        return [*launcher, "--", *kernel]


class GuardedExecute(Execute):
    """Execute pupils' notebooks with the judge, a sandbox, an output cap and hang recovery."""

    sandbox = Bool(True, help="Start pupils' kernels inside the sandbox.").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kernel_manager_class = JudgedKernelManager
        self.limits = read_limits(self.config)

    # -- one notebook ------------------------------------------------------------------

    def preprocess(self, nb: NotebookNode, resources: Any, *args: Any, **kwargs: Any):
        self.report = RunReport()
        self._output_bytes: dict[int, int] = {}
        self._scratch_folders: list[str] = []
        self._pack = JudgePack(nb)
        self._reader = VerdictReader(self._pack)
        self._verdicts: dict[str, Verdict] = {}  # every verdict the judge sent, by test
        self._fresh: set[str] = set()  # the tests whose verdicts came during the last cell
        self._restart_before_next = False
        self._language = self._pack.language
        self._connection_file = ""  # the running kernel's (set when it starts)
        self._kernel_log = ""  # what the kernels printed (their stdout and stderr)
        self._waiting_for: str | None = None  # the execute request a timeout would be about
        started = time.monotonic()
        try:
            return super().preprocess(nb, resources, *args, **kwargs)
        finally:
            self.report.seconds = time.monotonic() - started
            self._finish(resources)

    def create_kernel_manager(self):
        manager = super().create_kernel_manager()
        manager.pack, manager.limits, manager.sandbox = self._pack, self.limits, self.sandbox
        return manager

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        self._pack.write()
        await super().async_start_new_kernel(**kwargs)
        without_widget_frontend(self)  # here: nbconvert's preprocess() sets them up afresh
        self._after_kernel_start()

    # nbconvert calls the blocking versions, which nbclient binds to its own coroutines.
    start_new_kernel = run_sync(async_start_new_kernel)

    def _after_kernel_start(self) -> None:
        if self.km is None:
            return
        self._connection_file = self.km.connection_file
        if not self.sandbox:
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
        self.report.protections = list(info.get("protections", []))
        self._scratch_folders.append(info.get("scratch", ""))

    async def _restart_kernel(self) -> None:
        """A new kernel (through the sandbox and the judge again) and a new client."""
        self._collect_kernel_log()
        self._pack.write()
        await ensure_async(self.km.restart_kernel(now=True))
        if self.kc is not None:
            self.kc.stop_channels()
        await self.async_start_new_kernel_client()
        self._after_kernel_start()

    # -- one cell ----------------------------------------------------------------------

    async def async_execute_cell(
        self, cell: NotebookNode, cell_index: int, *args: Any, **kwargs: Any
    ):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        await self._ensure_live_kernel(cell)
        test = judged_cells.is_test_cell(cell)
        source, incidents_before = cell.source, len(self.report.incidents)
        if test:
            cell.source = judged_cells.request(judged_cells.grade_id(cell))
        try:
            result = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        except DeadKernelError:
            self._note(Incident.KERNEL_DIED, cell)
            message = translate(KERNEL_STOPPED, self._language)
            cell.outputs.append(judged_cells.error_output("KernelDied", message))
            await self._restart_kernel()
            result = cell
        finally:
            cell.source = source
        self._read_verdicts()
        if test:
            self._judge_outputs(cell, self.report.incidents[incidents_before:])
        else:
            self._note_errors(cell)
        if self._disk_full():
            self._note(Incident.DISK_FULL, cell)
        return result

    execute_cell = run_sync(async_execute_cell)

    async def _ensure_live_kernel(self, cell: NotebookNode) -> None:
        """Before a cell: a live kernel (the previous cell's may have been stopped)."""
        for attempt in (1, 2):
            try:
                if self._restart_before_next or not await ensure_async(self.km.is_alive()):
                    self._restart_before_next = False
                    await self._restart_kernel()
                return
            except DeadKernelError:
                self._note(Incident.KERNEL_DIED, cell)
                if attempt == 2:
                    raise

    def _judge_outputs(self, cell: NotebookNode, incidents: list) -> None:
        """Replace a test cell's outputs by the judge's verdict on it."""
        test_id = judged_cells.grade_id(cell)
        verdict = self._verdicts.get(test_id)
        arrived_now = verdict is not None and verdict.test_id in self._fresh
        stopped = any(what in (Incident.TIMEOUT, Incident.KERNEL_DIED) for what, *_ in incidents)
        seconds = round(self.limits.cell_seconds)
        if verdict is not None and not arrived_now:
            self._note(Incident.TEST_RUN_EARLY, cell)
            cell.outputs = judged_cells.outputs(None, self._language, judged_cells.RUN_EARLY)
        elif verdict is None and stopped:
            cell.outputs = judged_cells.outputs(
                None, self._language, judged_cells.STOPPED, seconds=seconds
            )
        elif verdict is None:
            self._note(Incident.TEST_NOT_RUN, cell)
            cell.outputs = judged_cells.outputs(None, self._language, judged_cells.NOT_RUN)
        else:
            cell.outputs = judged_cells.outputs(verdict, self._language, seconds=seconds)
            if verdict.restart:
                self._restart_before_next = True
        cell.execution_count = cell.get("execution_count")

    def _read_verdicts(self) -> None:
        records, forged = self._reader.new_records()
        self._fresh = set()
        if forged:
            self._note(Incident.FORGED, None, str(forged))
        for record in records:
            verdict = Verdict.from_record(record)
            if verdict is not None:
                if verdict.test_id not in self._verdicts:
                    self._verdicts[verdict.test_id] = verdict
                    self._fresh.add(verdict.test_id)
            elif record.kind == "refused":
                self._note(Incident.REFUSED, None, record.fields[0] if record.fields else "")
            elif record.kind == "changed":
                self._note(Incident.JUDGE_CHANGED, None, record.fields[0] if record.fields else "")

    def _note_errors(self, cell: NotebookNode) -> None:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(error.get("ename") == "MemoryError" for error in errors):
            self._note(Incident.MEMORY, cell)
        if any(word in str(error.get("evalue", "")) for error in errors for word in BLOCKED_WORDS):
            self._note(Incident.BLOCKED, cell)

    def _disk_full(self) -> bool:
        marker = disk_full_marker(self._connection_file or "-")
        if marker.exists():
            marker.unlink(missing_ok=True)
            return True
        return False

    # -- timeouts ------------------------------------------------------------------------

    async def _async_poll_for_reply(self, msg_id: str, *args: Any, **kwargs: Any):
        self._waiting_for = msg_id
        return await super()._async_poll_for_reply(msg_id, *args, **kwargs)

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None):
        """A cell ran too long: interrupt it; if it does not stop, restart the kernel."""
        self._note(Incident.TIMEOUT, cell)
        await ensure_async(self.km.interrupt_kernel())
        grace = self.limits.interrupt_grace_seconds
        if not await self._answered(self._waiting_for, grace):
            # It ignores the interrupt: stop it for good. The next cell starts a new kernel.
            self._note(Incident.IGNORED_INTERRUPT, cell)
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

    # -- output cap -------------------------------------------------------------------

    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int):
        content = msg.get("content", {})
        size = len(json.dumps(content.get("data", content.get("text", "")), default=str))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        limit = self.limits.output_kb * 1000
        if msg["header"]["msg_type"] != "error" and used + size > limit:
            if used <= limit:
                self._note(Incident.OUTPUT_CUT, None)
                text = translate(OUTPUT_CUT, self._language).format(kb=limit // 1000)
                outs.append(NotebookNode(output_type="stream", name="stdout", text=f"\n{text}\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)

    # -- the status file ----------------------------------------------------------------

    def _note(self, what: Incident, cell: NotebookNode | None, detail: str = "") -> None:
        self.report.note(what, judged_cells.grade_id(cell) if cell is not None else "", detail)

    def _collect_kernel_log(self) -> str:
        """The kernel's own messages (stdout and stderr of the process), moved out of the
        temporary folder."""
        connection = self._connection_file
        if not connection:
            return ""
        path = kernel_log_path(connection)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        path.unlink(missing_ok=True)
        self._kernel_log += text
        return text

    def _finish(self, resources: Any) -> None:
        self._collect_kernel_log()
        for folder in self._scratch_folders:
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
        self._pack.close()
        info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
        pupil, assignment = info.get("student"), info.get("assignment")
        if not pupil or not assignment:
            return
        path = status_file(grading_folder(), assignment, pupil)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.report.to_json(), encoding="utf-8")
        kernel_log = self._kernel_log
        if kernel_log.strip():
            log = log_file(grading_folder(), assignment, pupil)
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as text:
                text.write("--- the pupil's Python process said ---\n" + kernel_log[-20000:] + "\n")
