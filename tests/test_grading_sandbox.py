"""The sandbox of a pupil's kernel (codekamp_grading.sandbox and kernel_launcher).

Every side door is tried as a pupil's code would try it: a small program runs through the
kernel launcher, inside the sandbox, in a child process, while the test holds a real listener
on the teacher's side (a UDP socket, a TCP server, UNIX sockets, a grader with a secret) and
checks that nothing arrives. A real ipykernel must still start and run numpy, matplotlib and
the turtle through the same launcher.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import stat
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from jupyter_client import KernelManager

from codekamp_grading.kernel_launcher import (
    SCRATCH_PARENT,
    deleted_files_size,
    disk_full_marker,
    kernel_log_path,
    parse_pass_file,
    readable_by_everyone,
    report_path,
    scratch_size,
)
from codekamp_grading.limits import Limits
from codekamp_grading.sandbox import PROTECTIONS, landlock_abi, seccomp_program

LINUX = sys.platform.startswith("linux")
SECCOMP = (
    LINUX
    and seccomp_program(platform.machine()) is not None
    and Path("/proc/sys/kernel/seccomp/actions_avail").exists()
)
linux_only = pytest.mark.skipif(not LINUX, reason="the sandbox is Linux-only")
needs_seccomp = pytest.mark.skipif(not SECCOMP, reason="needs seccomp on x86_64 or aarch64")
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX files and folders")
LAUNCHER = [sys.executable, "-m", "codekamp_grading.kernel_launcher"]

# What every pupil program starts with: attempt() notes what an action gave, or its error.
PUPIL = """
import json, os, socket, sys
results = {}
def attempt(name, action):
    try:
        value = action()
        results[name] = "allowed" if value is None else value
    except Exception as error:
        results[name] = type(error).__name__
"""


@dataclass
class Run:
    """What one pupil program did in the sandbox."""

    returncode: int
    results: dict
    log: str  # the kernel's own output (fd 1 and 2), as the launcher keeps it
    stdout: bytes  # what reached the grader's terminal
    stderr: bytes
    report: dict
    connection_file: Path


def run_as_pupil(tmp_path: Path, code: str, *arguments: str, limits: Limits | None = None,
                 options: tuple[str, ...] = (), grader: list[str] | None = None,
                 environment: dict[str, str] | None = None) -> Run:  # fmt: skip
    """Run ``PUPIL + code`` as a kernel: through the launcher and its sandbox. The program
    prints ``results`` as JSON at the end; ``arguments`` are in ``sys.argv[3:]``.

    ``grader`` is a command that starts the launcher (the grader in between), ``options``
    more launcher options.
    """
    connection_file = tmp_path / "kernel.json"
    connection_file.write_text("{}")
    assignment = tmp_path / "assignment"
    assignment.mkdir(exist_ok=True)
    (tmp_path / "scratch").mkdir(exist_ok=True)
    program = PUPIL + code + "\nprint(json.dumps(results))\n"
    limits_json = json.dumps((limits or Limits()).to_json())
    command = [*LAUNCHER, "--limits", limits_json, *options, "--",
               sys.executable, "-c", program, "-f", str(connection_file), *arguments]  # fmt: skip
    env = {**os.environ, SCRATCH_PARENT: str(tmp_path / "scratch"), **(environment or {})}
    done = subprocess.run([*(grader or []), *command], cwd=assignment, env=env,
                          capture_output=True, timeout=60, start_new_session=True)  # fmt: skip
    log_file = kernel_log_path(str(connection_file))
    log = log_file.read_text(errors="replace") if log_file.exists() else ""
    lines = [line for line in log.splitlines() if line.startswith("{")]
    report = report_path(str(connection_file))
    return Run(
        returncode=done.returncode,
        results=json.loads(lines[-1]) if lines else {},
        log=log,
        stdout=done.stdout,
        stderr=done.stderr,
        report=json.loads(report.read_text()) if report.exists() else {},
        connection_file=connection_file,
    )


# -- 1. sockets ----------------------------------------------------------------------------


@needs_seccomp
def test_udp_from_pupil_code_reaches_no_listener(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.setblocking(False)
        port = listener.getsockname()[1]
        code = """
def udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"secret", ("127.0.0.1", int(sys.argv[3])))
attempt("udp", udp)
"""
        run = run_as_pupil(tmp_path, code, str(port))
        assert run.results == {"udp": "PermissionError"}
        with pytest.raises(BlockingIOError):  # the child has ended: anything sent is here
            listener.recv(100)


def tcp_server() -> socket.socket:
    """A plain TCP server on the teacher's side (it accepts MPTCP clients too)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    return server


def nothing_accepted(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


@needs_seccomp
def test_mptcp_from_pupil_code_reaches_no_tcp_server(tmp_path):
    with tcp_server() as server:
        port = server.getsockname()[1]
        code = """
def mptcp():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262) as s:
        s.connect(("127.0.0.1", int(sys.argv[3])))
        s.sendall(b"secret")
attempt("mptcp", mptcp)
"""
        run = run_as_pupil(tmp_path, code, str(port))
        assert run.results == {"mptcp": "PermissionError"}
        assert nothing_accepted(server)


@needs_seccomp
def test_tcp_fast_open_from_pupil_code_reaches_no_tcp_server(tmp_path):
    """Sending with MSG_FASTOPEN connects without the connect call, where Landlock looks."""
    with tcp_server() as server:
        port = server.getsockname()[1]
        code = """
def fast_open():
    with socket.socket() as s:
        s.sendto(b"secret", socket.MSG_FASTOPEN, ("127.0.0.1", int(sys.argv[3])))
def fast_open_message():
    with socket.socket() as s:
        s.sendmsg([b"secret"], [], socket.MSG_FASTOPEN, ("127.0.0.1", int(sys.argv[3])))
attempt("sendto", fast_open)
attempt("sendmsg", fast_open_message)
"""
        run = run_as_pupil(tmp_path, code, str(port))
        assert run.results == {"sendto": "PermissionError", "sendmsg": "PermissionError"}
        assert nothing_accepted(server)


@linux_only
@pytest.mark.skipif(landlock_abi() < 4, reason="needs Landlock ABI 4+ (Linux 6.7 or newer)")
def test_plain_tcp_from_pupil_code_reaches_no_tcp_server(tmp_path):
    with tcp_server() as server:
        port = server.getsockname()[1]
        code = """
attempt("tcp", lambda: socket.create_connection(("127.0.0.1", int(sys.argv[3])), timeout=5))
attempt("tcp6", lambda: socket.create_connection(("::1", int(sys.argv[3])), timeout=5))
"""
        run = run_as_pupil(tmp_path, code, str(port))
        assert run.results["tcp"] == "PermissionError"
        assert run.results["tcp6"] in ("PermissionError", "OSError")  # OSError: no IPv6 here
        assert nothing_accepted(server)


@needs_seccomp
def test_a_named_unix_socket_of_the_teacher_cannot_be_reached(tmp_path):
    """As a D-Bus session or docker.sock would be; also through an unnamed datagram pair,
    which can send to a named socket."""
    stream_path, datagram_path = tmp_path / "stream.sock", tmp_path / "datagram.sock"
    with (
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stream,
        socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as datagram,
    ):
        stream.bind(str(stream_path))
        stream.listen()
        stream.setblocking(False)
        datagram.bind(str(datagram_path))
        datagram.setblocking(False)
        code = """
def connect(kind, path):
    with socket.socket(socket.AF_UNIX, kind) as s:
        s.connect(path)
        s.sendall(b"secret")
def through_a_pair(path):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.sendto(b"secret", path)
attempt("stream", lambda: connect(socket.SOCK_STREAM, sys.argv[3]))
attempt("datagram", lambda: connect(socket.SOCK_DGRAM, sys.argv[4]))
attempt("seqpacket", lambda: connect(socket.SOCK_SEQPACKET, sys.argv[3]))
attempt("datagram pair", lambda: through_a_pair(sys.argv[4]))
"""
        run = run_as_pupil(tmp_path, code, str(stream_path), str(datagram_path))
        assert set(run.results.values()) == {"PermissionError"}, run.results
        assert nothing_accepted(stream)
        with pytest.raises(BlockingIOError):
            datagram.recv(100)


@needs_seccomp
def test_an_abstract_unix_socket_of_the_teacher_cannot_be_reached(tmp_path):
    name = f"\0codekamp-test-{os.getpid()}-{time.monotonic_ns()}"
    with (
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stream,
        socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as datagram,
    ):
        stream.bind(name + "-stream")
        stream.listen()
        stream.setblocking(False)
        datagram.bind(name + "-datagram")
        datagram.setblocking(False)
        code = """
def connect(kind, name):
    with socket.socket(socket.AF_UNIX, kind) as s:
        s.connect(name)
        s.sendall(b"secret")
def through_a_pair(name):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.sendto(b"secret", name)
name = "\\0" + sys.argv[3][1:]
attempt("stream", lambda: connect(socket.SOCK_STREAM, name + "-stream"))
attempt("datagram", lambda: connect(socket.SOCK_DGRAM, name + "-datagram"))
attempt("datagram pair", lambda: through_a_pair(name + "-datagram"))
"""
        run = run_as_pupil(tmp_path, code, "@" + name[1:])
        assert set(run.results.values()) == {"PermissionError"}, run.results
        assert nothing_accepted(stream)
        with pytest.raises(BlockingIOError):
            datagram.recv(100)


@needs_seccomp
def test_raw_packet_sctp_and_netlink_sockets_are_refused(tmp_path):
    code = """
for name, family, kind, protocol in [
    ("raw", socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
    ("packet", socket.AF_PACKET, socket.SOCK_RAW, 0),
    ("sctp", socket.AF_INET, socket.SOCK_STREAM, 132),
    ("udp over ipv6", socket.AF_INET6, socket.SOCK_DGRAM, 0),
    ("netlink", socket.AF_NETLINK, socket.SOCK_RAW, 0),
]:
    attempt(name, lambda: socket.socket(family, kind, protocol).close())
"""
    run = run_as_pupil(tmp_path, code)
    netlink = run.results.pop("netlink")
    assert set(run.results.values()) == {"PermissionError"}, run.results
    # "Not supported", which ZeroMQ accepts from a system without netlink (it stops on others).
    assert netlink == "OSError"


@needs_seccomp
def test_io_uring_is_refused(tmp_path):
    """io_uring could open sockets without the socket call."""
    code = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
params = ctypes.create_string_buffer(120)
for name, number in [("setup", 425), ("enter", 426), ("register", 427)]:
    ctypes.set_errno(0)
    libc.syscall(number, 1, params, 0, 0, 0, 0)
    results[name] = ctypes.get_errno()
"""
    run = run_as_pupil(tmp_path, code)
    assert run.results == {"setup": 1, "enter": 1, "register": 1}  # EPERM


@needs_seccomp
def test_socket_pairs_asyncio_and_tcp_on_the_kernels_ports_still_work(tmp_path):
    code = """
import asyncio
def pair():
    a, b = socket.socketpair()
    a.sendall(b"hello")
    return b.recv(5).decode()
async def nap():
    await asyncio.sleep(0)
    return "ran"
attempt("socket pair", pair)
attempt("asyncio", lambda: asyncio.run(nap()))
attempt("tcp socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK, 6).close())
"""  # noqa: E501
    run = run_as_pupil(tmp_path, code)
    assert run.results == {"socket pair": "hello", "asyncio": "ran", "tcp socket": "allowed"}


# -- 2. the grader's environment and the kernel's memory --------------------------------------


@linux_only
@pytest.mark.skipif(landlock_abi() < 1, reason="needs Landlock (Linux 5.13 or newer)")
def test_the_graders_environment_cannot_be_read(tmp_path):
    """The grader (here a process in between, with a secret in its environment) starts the
    launcher; the pupil's code looks for the secret everywhere in /proc."""
    secret = "codekamp-secret-" + str(time.monotonic_ns())
    grader = [sys.executable, "-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"]  # fmt: skip  # noqa: E501
    code = """
grader = os.getppid()
attempt("grader's environ", lambda: open(f"/proc/{grader}/environ", "rb").read().decode())
attempt("grader's cmdline", lambda: open(f"/proc/{grader}/cmdline", "rb").read().decode())
attempt("own environ", lambda: open("/proc/self/environ", "rb").read().decode())
attempt("first process", lambda: open("/proc/1/environ", "rb").read().decode())
attempt("list /proc", lambda: os.listdir("/proc"))
attempt("own variables", lambda: sorted(os.environ))
"""
    run = run_as_pupil(tmp_path, code, grader=grader, environment={"CODEKAMP_SECRET": secret})
    assert secret not in json.dumps(run.results)
    variables = run.results.pop("own variables")
    assert "CODEKAMP_SECRET" not in variables
    assert set(run.results.values()) == {"PermissionError"}, run.results
    assert "environment" in run.report["protections"]


@linux_only
@pytest.mark.skipif(landlock_abi() < 1, reason="needs Landlock (Linux 5.13 or newer)")
def test_the_kernel_cannot_read_its_own_memory_through_proc(tmp_path):
    code = """
attempt("mem", lambda: open("/proc/self/mem", "rb").read(1))
attempt("mem by pid", lambda: open(f"/proc/{os.getpid()}/mem", "rb").read(1))
attempt("maps", lambda: open("/proc/self/maps").read(10))
attempt("through /dev/fd", lambda: os.listdir("/dev/fd"))
"""
    run = run_as_pupil(tmp_path, code)
    assert set(run.results.values()) == {"PermissionError"}, run.results


@linux_only
@pytest.mark.skipif(landlock_abi() < 1, reason="needs Landlock (Linux 5.13 or newer)")
def test_only_the_system_settings_that_everyone_may_read_are_open(tmp_path):
    """Grading as root, the pupil's code must not read /etc/shadow (password hashes)."""
    code = """
for path in sys.argv[3:]:
    attempt(path, lambda: open(path, "rb").read(5) and "read")
"""
    closed = [p for p in ("/etc/shadow", "/etc/gshadow") if Path(p).exists()]
    open_ = [p for p in ("/etc/passwd", "/etc/hosts", "/etc/ld.so.cache") if Path(p).exists()]
    run = run_as_pupil(tmp_path, code, *closed, *open_)
    assert run.results == {**dict.fromkeys(closed, "PermissionError"), **dict.fromkeys(open_, "read")}  # fmt: skip  # noqa: E501


@posix_only
def test_readable_by_everyone_leaves_out_private_files_and_folders(tmp_path):
    public, mixed = tmp_path / "public", tmp_path / "mixed"
    (public / "inner").mkdir(parents=True)
    (public / "inner" / "hosts").write_text("x")
    (mixed / "private").mkdir(parents=True)
    (mixed / "private" / "key").write_text("x")
    (mixed / "shadow").write_text("x")
    (mixed / "passwd").write_text("x")
    (mixed / "link").symlink_to(mixed / "shadow")
    for path in (public, public / "inner", mixed, mixed / "private"):
        path.chmod(0o755)
    for path in (public / "inner" / "hosts", mixed / "passwd", mixed / "private" / "key"):
        path.chmod(0o644)
    (mixed / "shadow").chmod(0o640)
    (mixed / "private").chmod(0o700)
    assert readable_by_everyone(tmp_path) == [mixed / "passwd", public]


# -- 3. a total size for the scratch folder ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the watcher needs fork (not Windows)")
def test_a_scratch_folder_that_grows_too_big_stops_the_kernel(tmp_path):
    """Many files, each under the limit on file size, more than the scratch size together."""
    code = """
import time
for number in range(100):
    with open(f"part-{number}", "wb") as part:
        part.write(b"x" * 256 * 1024)
    time.sleep(0.02)
results["still running"] = True
time.sleep(30)
"""
    run = run_as_pupil(tmp_path, code, limits=Limits(scratch_mb=2))
    assert run.returncode == -signal.SIGKILL
    assert "still running" not in run.results
    assert disk_full_marker(str(run.connection_file)).exists()
    assert "scratch size" in run.report["protections"]


@linux_only
def test_deleted_files_kept_open_count_towards_the_scratch_size(tmp_path):
    code = """
import time
kept = []
for number in range(100):
    part = open(f"part-{number}", "wb")
    part.write(b"x" * 256 * 1024)
    part.flush()
    os.unlink(f"part-{number}")
    kept.append(part)
    time.sleep(0.02)
results["still running"] = True
time.sleep(30)
"""
    run = run_as_pupil(tmp_path, code, limits=Limits(scratch_mb=2, open_files=256))
    assert run.returncode == -signal.SIGKILL
    assert disk_full_marker(str(run.connection_file)).exists()


@linux_only
def test_deleted_files_of_the_grader_do_not_count(tmp_path):
    kept = (tmp_path / "log").open("wb")
    kept.write(b"x" * 100_000)
    kept.flush()
    before = deleted_files_size(os.getpid())
    (tmp_path / "log").unlink()
    try:
        assert deleted_files_size(os.getpid()) >= before + 100_000
        info = os.fstat(kept.fileno())
        assert deleted_files_size(os.getpid(), {(info.st_dev, info.st_ino)}) == before
    finally:
        kept.close()


@posix_only
def test_the_scratch_size_counts_every_file_and_folder_without_following_links(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "data").write_bytes(b"x" * 10_000)
    (tmp_path / "empty").touch()
    (tmp_path / "link").symlink_to("/usr")
    size = scratch_size(tmp_path)
    assert 10_000 + 4 * 4096 <= size < 10_000 + 4 * 4096 + 5 * 4096


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the watcher needs fork (not Windows)")
def test_an_honest_kernel_is_not_stopped_and_its_watcher_ends_with_it(tmp_path):
    code = """
with open("notes.txt", "w") as notes:
    notes.write("hello")
results["session"] = os.getsid(0)
"""
    run = run_as_pupil(tmp_path, code)
    assert run.returncode == 0
    assert not disk_full_marker(str(run.connection_file)).exists()
    # The launcher was started in a session of its own: once the kernel has ended, nothing
    # of that session may be left (the watcher sees its kernel gone within a moment).
    assert wait_until(lambda: not live_processes_of_session(run.results["session"]))


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def process_state(pid: int) -> tuple[str, int] | None:
    """(state, session) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[3])


def live_processes_of_session(session: int) -> list[int]:
    pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    states = {pid: process_state(pid) for pid in pids}
    return [pid for pid, state in states.items() if state and state[1] == session and state[0] != "Z"]  # fmt: skip  # noqa: E501


# -- 4. kernels end with their grader ------------------------------------------------------


def test_the_kernel_keeps_its_parents_pid_for_ipykernel(tmp_path):
    code = """
results["JPY_PARENT_PID"] = os.environ.get("JPY_PARENT_PID")
results["parent"] = os.getppid()
"""
    run = run_as_pupil(tmp_path, code, environment={"JPY_PARENT_PID": str(os.getpid())})
    assert run.results == {"JPY_PARENT_PID": str(os.getpid()), "parent": os.getpid()}


GRADER = r"""
import json, sys
from jupyter_client.manager import AsyncKernelManager
from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.preprocessors import Execute
from codekamp_grading.limits import Limits

class LaunchedKernelManager(AsyncKernelManager):
    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        launcher = [sys.executable, "-m", "codekamp_grading.kernel_launcher"]
        return [*launcher, "--limits", json.dumps(Limits().to_json()), "--", *command]

class Grader(Execute):
    def preprocess_cell(self, cell, resources, index):
        cell, resources = super().preprocess_cell(cell, resources, index)
        text = "".join(output.get("text", "") for output in cell.outputs).strip()
        print(index, text, flush=True)
        return cell, resources

# The pupil's code fools ipykernel's own watch on its parent, and tries to undo the
# launcher's: only the launcher's can end the kernel then.
FOOL = '''
import ctypes, os, time
parent = os.getppid()
os.getppid = lambda: parent
print(ctypes.CDLL(None).prctl(1, 0, 0, 0, 0), end=" ")
print(os.getpid())
'''
notebook = new_notebook(cells=[
    new_code_cell(FOOL),
    new_code_cell("time.sleep(1)\nprint(os.getpid())"),
    new_code_cell("print(os.getpid())"),
    new_code_cell("time.sleep(60)"),
])
notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
grader = Grader(timeout=120, kernel_manager_class=LaunchedKernelManager)
grader.preprocess(notebook, {"metadata": {"path": sys.argv[1]}})
"""  # noqa: E501


@linux_only
def test_a_kernel_started_as_nbgrader_does_lives_through_grading_and_dies_with_its_grader(
    tmp_path,
):
    """nbgrader's Execute step starts the kernel (here through the launcher, as Codekamp's
    kernel manager does) from the grader's main thread, in jupyter_core's run_sync; the kernel
    must outlive that call, and die when the grader is killed (SIGKILL: no chance to clean
    up)."""
    (tmp_path / "scratch").mkdir()
    env = {**os.environ, SCRATCH_PARENT: str(tmp_path / "scratch"), "JUPYTER_RUNTIME_DIR": str(tmp_path)}  # fmt: skip  # noqa: E501
    grader = subprocess.Popen(
        [sys.executable, "-c", GRADER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    kernel = None
    try:
        lines = [grader.stdout.readline().split() for _ in range(3)]
        assert [line[0] for line in lines] == ["0", "1", "2"], lines
        kernel = int(lines[0][2])
        assert lines[0][1] == "-1"  # the pupil's code could not undo it
        assert lines[1][1] == lines[2][1] == str(kernel)  # the same kernel, all along
        assert process_state(kernel) is not None
        session = process_state(kernel)[1]
        grader.kill()
        grader.wait()
        assert wait_until(lambda: (process_state(kernel) or ("Z",))[0] == "Z")
        assert wait_until(lambda: not live_processes_of_session(session))
    finally:
        grader.kill()
        grader.wait()
        if kernel and process_state(kernel):
            os.kill(kernel, signal.SIGKILL)


# -- 5. the teacher's terminal -------------------------------------------------------------


def test_pupil_output_never_reaches_the_teachers_terminal(tmp_path):
    code = r"""
os.write(1, b"\x1b[2J\x1b]0;title\x07fake report line\n")
os.write(2, b"\x1b]52;c;Y2xpcGJvYXJk\x07\n")
results["stdin"] = os.read(0, 10).decode()
results["stdin is the null device"] = os.path.samestat(os.fstat(0), os.stat(os.devnull))
"""
    run = run_as_pupil(tmp_path, code)
    assert run.stdout == b"" and run.stderr == b""
    assert "fake report line" in run.log and "\x1b]52" in run.log
    assert run.results == {"stdin": "", "stdin is the null device": True}
    assert "terminal" in run.report["protections"]


# -- 6. files passed to the kernel --------------------------------------------------------


@linux_only
@pytest.mark.skipif(landlock_abi() < 1, reason="needs Landlock (Linux 5.13 or newer)")
def test_passed_files_are_open_for_the_kernel_but_closed_by_name(tmp_path):
    question, answer = tmp_path / "question.txt", tmp_path / "answers" / "answer.txt"
    question.write_text("2 + 2?")
    answer.parent.mkdir()
    code = """
question, answer = int(os.environ["CK_QUESTION"]), int(os.environ["CK_ANSWER"])
attempt("read question", lambda: os.read(question, 100).decode())
attempt("write answer", lambda: os.write(answer, b"4"))
attempt("write question", lambda: os.write(question, b"x"))
attempt("read answer", lambda: os.read(answer, 1))
attempt("open question by name", lambda: open(sys.argv[3]).read())
attempt("open answer by name", lambda: open(sys.argv[4], "w"))
"""
    options = ("--pass-file", f"CK_QUESTION={question}:r", "--pass-file", f"CK_ANSWER={answer}:a")  # fmt: skip  # noqa: E501
    run = run_as_pupil(tmp_path, code, str(question), str(answer), options=options)
    assert run.results == {
        "read question": "2 + 2?",
        "write answer": 1,
        "write question": "OSError",
        "read answer": "OSError",
        "open question by name": "PermissionError",
        "open answer by name": "PermissionError",
    }
    assert answer.read_text() == "4"
    assert stat.S_IMODE(answer.stat().st_mode) == 0o600
    assert question.read_text() == "2 + 2?"


def test_a_passed_file_is_written_as_name_path_and_mode():
    assert parse_pass_file("CK_LOG=/tmp/a=b:c.txt:a") == ("CK_LOG", Path("/tmp/a=b:c.txt"), "a")
    for wrong in ("CK_LOG=/tmp/x", "CK_LOG=/tmp/x:w", "=/tmp/x:r", "1X=/tmp/x:r", "X=:r"):
        with pytest.raises(Exception, match="NAME=PATH"):
            parse_pass_file(wrong)


# -- 7. limits in one place ---------------------------------------------------------------


@linux_only
def test_the_launcher_takes_its_numbers_from_the_limits(tmp_path):
    (tmp_path / "assignment").mkdir()
    for name in ("first.csv", "second.csv"):
        (tmp_path / "assignment" / name).write_bytes(b"x" * 700 * 1024)
    code = """
import resource
mb = 1024 ** 2
results["memory"] = resource.getrlimit(resource.RLIMIT_AS)[0] // mb
results["file"] = resource.getrlimit(resource.RLIMIT_FSIZE)[0] // mb
results["cpu"] = resource.getrlimit(resource.RLIMIT_CPU)[0]
results["open files"] = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
results["data files"] = sorted(name for name in os.listdir() if name.endswith(".csv"))
attempt("too big a file", lambda: open("big", "wb").write(b"x" * 2 * mb))
attempt("too much memory", lambda: bytearray(600 * mb))
"""
    limits = Limits(memory_mb=512, file_mb=1, cpu_seconds=60, open_files=64, data_files_mb=1)
    run = run_as_pupil(tmp_path, code, limits=limits)
    assert run.results == {
        "memory": 512,
        "file": 1,
        "cpu": 60,
        "open files": 64,
        "data files": ["first.csv"],  # the second would go over 1 MB
        "too big a file": "OSError",
        "too much memory": "MemoryError",
    }


# -- 8. plain words ------------------------------------------------------------------------


def test_every_protection_has_one_plain_sentence_for_the_teacher():
    for key, sentence in PROTECTIONS.items():
        assert sentence.startswith(key + ": ") and "{" not in sentence


@linux_only
def test_the_report_names_protections_by_their_keys_only(tmp_path):
    run = run_as_pupil(tmp_path, "")
    assert run.report["protections"]
    assert set(run.report["protections"]) <= set(PROTECTIONS)
    if SECCOMP and landlock_abi() >= 6:
        assert run.report["protections"] == list(PROTECTIONS)


# -- a real kernel still works --------------------------------------------------------------


class LaunchedKernelManager(KernelManager):
    """Starts the kernel through the launcher, as execute.SandboxedKernelManager does."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        return [*LAUNCHER, "--limits", json.dumps(Limits().to_json()), "--", *command]


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    (tmp_path / "scratch").mkdir()
    monkeypatch.setenv(SCRATCH_PARENT, str(tmp_path / "scratch"))
    manager = LaunchedKernelManager(kernel_name="python3")
    manager.connection_file = str(tmp_path / "kernel.json")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run_cell(client, code: str, timeout: float = 30) -> tuple[dict, list[dict]]:
    outputs = []
    reply = client.execute_interactive(
        code, timeout=timeout, output_hook=lambda message: outputs.append(message)
    )
    return reply["content"], outputs


@linux_only
def test_a_real_kernel_runs_numpy_matplotlib_and_the_turtle_in_the_sandbox(kernel):
    manager, client = kernel
    code = """
import numpy as np
print(np.arange(10).sum())
import matplotlib.pyplot as plt
plt.plot([1, 2, 3], [4, 1, 3])
plt.show()
from codekamp.turtle import *
forward(100)
"""
    reply, outputs = run_cell(client, code)
    assert reply["status"] == "ok", reply
    texts = [m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream"]
    pictures = [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]
    assert "45\n" in texts
    assert any("image/png" in data for data in pictures)
    assert any("data:image/svg+xml" in data.get("text/html", "") for data in pictures)
    report = json.loads(report_path(manager.connection_file).read_text())
    if SECCOMP and landlock_abi() >= 6:
        assert report["protections"] == list(PROTECTIONS)


@linux_only
def test_a_cell_of_a_real_kernel_can_still_be_interrupted(kernel):
    """Interrupting goes to the kernel's process group, which the watcher is not in."""
    manager, client = kernel
    code = "import time\nprint('running', flush=True)\ntime.sleep(300)"
    # (stop_on_error=False: else ipykernel aborts the next request, which comes right away)
    message_id = client.execute(code, stop_on_error=False)
    while True:  # interrupted once the cell runs, not before
        message = client.get_iopub_msg(timeout=30)
        mine = message["parent_header"].get("msg_id") == message_id
        if mine and message["content"].get("text", "").startswith("running"):
            break
    manager.interrupt_kernel()
    reply = client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == message_id
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    reply, _ = run_cell(client, "print('still here')")
    assert reply["status"] == "ok"


# -- the filter itself ----------------------------------------------------------------------


def test_the_seccomp_program_is_whole_instructions():
    for machine in ("x86_64", "aarch64"):
        program = seccomp_program(machine)
        assert program and len(program) % 8 == 0
    assert seccomp_program("mips") is None


def run_filter(program: bytes, arch: int, number: int, *arguments: int) -> tuple[str, int]:
    """What the BPF program answers to one system call: ("allow", 0) or ("errno", number)."""
    data = struct.pack("iI", number, arch) + bytes(8)
    data += b"".join(struct.pack("Q", a) for a in (*arguments, *[0] * (6 - len(arguments))))
    accumulator, position = 0, 0
    while True:
        code, then, otherwise, k = struct.unpack_from("HBBI", program, 8 * position)
        position += 1
        if code == 0x20:
            accumulator = struct.unpack_from("I", data, k)[0]
        elif code == 0x54:
            accumulator &= k
        elif code in (0x15, 0x35, 0x45):
            test = {0x15: accumulator == k, 0x35: accumulator >= k, 0x45: accumulator & k}
            position += then if test[code] else otherwise
        elif code == 0x06:
            return ("allow", 0) if k == 0x7FFF0000 else ("errno", k & 0xFFFF)
        else:
            raise AssertionError(f"unknown instruction {code:#x}")


@pytest.mark.parametrize(
    ("machine", "arch", "numbers"),
    [
        ("x86_64", 0xC000003E, {"socket": 41, "socketpair": 53, "clone": 56, "fork": 57,
                                "prlimit64": 302, "sendto": 44, "read": 0}),
        ("aarch64", 0xC00000B7, {"socket": 198, "socketpair": 199, "clone": 220,
                                 "prlimit64": 261, "sendto": 206, "read": 63}),
    ],
)  # fmt: skip
def test_the_seccomp_filter_decides_alike_on_both_machines(machine, arch, numbers):
    program = seccomp_program(machine)
    n = numbers
    allow, eperm, eacces = ("allow", 0), ("errno", 1), ("errno", 13)
    af_inet, af_inet6, af_unix, stream, datagram = 2, 10, 1, 1, 2
    decisions = {
        "read": (run_filter(program, arch, n["read"], 0), allow),
        "tcp": (run_filter(program, arch, n["socket"], af_inet, stream | 0o2000000, 0), allow),
        "tcp6": (run_filter(program, arch, n["socket"], af_inet6, stream, 6), allow),
        "udp": (run_filter(program, arch, n["socket"], af_inet, datagram, 0), eacces),
        "mptcp": (run_filter(program, arch, n["socket"], af_inet, stream, 262), eacces),
        "unix": (run_filter(program, arch, n["socket"], af_unix, stream, 0), eacces),
        "pair": (run_filter(program, arch, n["socketpair"], af_unix, stream, 0), allow),
        "datagram pair": (run_filter(program, arch, n["socketpair"], af_unix, datagram), eacces),
        "thread": (run_filter(program, arch, n["clone"], 0x3D0F00), allow),
        "process": (run_filter(program, arch, n["clone"], 0x1200011), eperm),
        "read a limit": (run_filter(program, arch, n["prlimit64"], 0, 9, 0, 1), allow),
        "raise a limit": (run_filter(program, arch, n["prlimit64"], 0, 9, 1 << 40, 1), eperm),
        "fast open": (run_filter(program, arch, n["sendto"], 3, 1, 1, 0x20000000), eacces),
        "send": (run_filter(program, arch, n["sendto"], 3, 1, 1, 0x40), allow),
        "another ABI": (run_filter(program, 0x40000003, n["read"]), eperm),
    }
    if "fork" in n:
        decisions["fork"] = (run_filter(program, arch, n["fork"]), eperm)
        decisions["x32"] = (run_filter(program, arch, 0x40000000 + n["read"]), eperm)
    wrong = {name: got for name, (got, expected) in decisions.items() if got != expected}
    assert not wrong


# -- moved from test_grading_checks: the protections together, applied directly ---------------

SANDBOXED_CHILD = r"""
import os, resource, socket, subprocess, sys
from pathlib import Path
from codekamp_grading import sandbox
from codekamp_grading.limits import Limits
scratch = Path(sys.argv[1])
read_only = [Path(p) for p in ("/usr", "/lib", "/lib64", "/bin", "/etc")]
read_only += [Path(p) for p in sys.path if p]
active = sandbox.confine(Limits(memory_mb=1024), read_only, [scratch], [Path("/dev/null")], [])
assert {"memory", "files", "processes"} <= set(active), active
results = {}
def attempt(name, action):
    try:
        action()
        results[name] = "allowed"
    except (OSError, MemoryError, ValueError) as error:
        results[name] = type(error).__name__
attempt("new process", lambda: subprocess.run(["true"]))
attempt("read course file", lambda: open(sys.argv[2]).read())
attempt("write outside", lambda: open(sys.argv[3], "w").write("x"))
attempt("write scratch", lambda: (scratch / "ok.txt").write_text("x"))
attempt("network", lambda: socket.create_connection(("127.0.0.1", 9), timeout=1))
attempt("signal parent", lambda: os.kill(os.getppid(), 0))
attempt("memory bomb", lambda: bytearray(3 * 1024**3))
attempt("raise limit", lambda: resource.setrlimit(resource.RLIMIT_AS, (-1, -1)))
print(results)
"""


@linux_only
@pytest.mark.xfail(
    landlock_abi() < 6, reason="needs Landlock ABI 6+ (Linux 6.7 or newer)", strict=True
)
def test_the_sandbox_blocks_what_pupil_code_must_not_do(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    outside = tmp_path / "outside.txt"
    course_file = str(ROOT / "nbgrader_config.py")
    command = [sys.executable, "-c", SANDBOXED_CHILD, str(scratch), course_file, str(outside)]
    output = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    results = eval(output)  # the child printed a dict literal
    assert results == {
        "new process": "PermissionError",
        "read course file": "PermissionError",
        "write outside": "PermissionError",
        "write scratch": "allowed",
        "network": "PermissionError",
        "signal parent": "PermissionError",
        "memory bomb": "MemoryError",
        "raise limit": "ValueError",
    }
    assert not outside.exists()
