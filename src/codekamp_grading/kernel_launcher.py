"""Start a pupil's kernel inside the sandbox::

    python -m codekamp_grading.kernel_launcher --limits '{...}' \\
        [--pass-file NAME=PATH:MODE ...] -- <the kernel's own command>

``--limits`` carries ``json.dumps(Limits().to_json())`` (see :mod:`codekamp_grading.limits`).
In this order, the launcher:

1. makes a scratch folder (the kernel's working folder, HOME and TMPDIR) with copies of the
   assignment's data files, and keeps only harmless environment variables;
2. sends the kernel's output to a log file (:func:`kernel_log_path`), never to the teacher's
   terminal, and opens the files the grader passes with ``--pass-file``;
3. starts a small watcher that stops the kernel when the scratch folder grows too big
   (:func:`disk_full_marker` tells the grader it did);
4. applies the protections of :mod:`codekamp_grading.sandbox`, writes which are active next
   to the connection file (:func:`report_path`), and then becomes the kernel.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import stat
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from codekamp_grading.limits import Limits
from codekamp_grading.sandbox import PROTECTIONS, confine, end_with_parent

KEEP_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "TZ", "NBGRADER_EXECUTION",
                    "CODEKAMP_LANG", "VIRTUAL_ENV", "SYSTEMROOT",
                    # ipykernel ends by itself when the process that started it is gone.
                    "JPY_PARENT_PID")  # fmt: skip
SYSTEM_READ_ONLY = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt", "/nix/store",
                    # How many processors there are (numpy, OpenBLAS); nothing else of /sys.
                    "/sys/devices/system/cpu")  # fmt: skip
# Of these, only what every user may read: when grading runs as root, /etc/shadow, private
# keys and database passwords stay closed.
SYSTEM_SETTINGS = ("/etc",)
# Nothing of /proc: an ipykernel with numpy, matplotlib and the turtle needs none of it, and
# it holds the grader's environment (/proc/<pid>/environ) and the kernel's memory.
PROC_FILES: tuple[str, ...] = ()
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full")
SCRATCH_PARENT = "CODEKAMP_SCRATCH_PARENT"
WATCH_SECONDS = 0.2
MB = 1024**2
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)  # not on Windows


def report_path(connection_file: str) -> Path:
    """Where the launcher writes which protections it switched on."""
    return Path(connection_file + ".codekamp.json")


def kernel_log_path(connection_file: str) -> Path:
    """Where the kernel's own output (file descriptors 1 and 2) goes, instead of the terminal.

    The grader adds it to the pupil's log and deletes it; its size is capped by the limit on
    file size.
    """
    return Path(connection_file + ".codekamp-kernel.log")


def disk_full_marker(connection_file: str) -> Path:
    """The file that says the kernel was stopped because its scratch folder grew too big."""
    return Path(connection_file + ".codekamp-disk-full")


def main(argv: list[str]) -> None:
    options = _parse_arguments(argv)
    kernel = [part for part in options.kernel if part != "--"]
    connection_file = kernel[kernel.index("-f") + 1]
    limits = Limits.from_json(json.loads(options.limits))

    # codekamp-grade gives each run a folder of its own for these (SCRATCH_PARENT), so that it
    # can clear away what its kernels leave without touching another run's.
    scratch = Path(tempfile.mkdtemp(prefix="codekamp-pupil-", dir=os.environ.get(SCRATCH_PARENT)))
    _copy_data_files(Path.cwd(), scratch, limits.data_files_mb * MB)
    os.chdir(scratch)
    environment = _kernel_environment(scratch)

    _send_output_to(kernel_log_path(connection_file))
    protections = ["terminal"]
    # Opened now: once the sandbox is on, the kernel can open nothing outside its folder.
    passed = []
    for name, path, mode in options.pass_file:
        passed.append(_open_for_kernel(path, mode))
        environment[name] = str(passed[-1])
    if end_with_parent():
        protections.append("lifetime")
    # The grader's own files do not count, even once it has deleted them.
    graders = {_identity(fd) for fd in (1, *passed)}
    cap = limits.scratch_mb * MB
    if _start_watcher(scratch, cap, disk_full_marker(connection_file), graders):
        protections.append("scratch size")

    read_only, ports = _read_only_paths(connection_file), _kernel_ports(connection_file)
    devices = [Path(device) for device in DEVICES]
    # Opened now too, and written once the protections are on.
    with report_path(connection_file).open("w", encoding="utf-8") as report:
        protections += confine(limits, read_only, [scratch], devices, ports)
        active = [key for key in PROTECTIONS if key in protections]
        json.dump({"scratch": str(scratch), "protections": active}, report)
    os.execve(kernel[0], kernel, environment)


# -- the command line ---------------------------------------------------------------------


def _parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="codekamp_grading.kernel_launcher")
    parser.add_argument("--limits", default="{}", help="Limits.to_json(), as JSON")
    parser.add_argument(
        "--pass-file",
        action="append",
        default=[],
        type=parse_pass_file,
        metavar="NAME=PATH:MODE",
        help="open PATH for the kernel (MODE r: read, a: append) and put its file descriptor "
        "number in the environment variable NAME",
    )
    parser.add_argument("kernel", nargs=argparse.REMAINDER)
    return parser.parse_args(argv)


def parse_pass_file(text: str) -> tuple[str, Path, str]:
    """``"NAME=PATH:MODE"`` as (NAME, PATH, MODE); MODE is ``r`` or ``a``.

    >>> parse_pass_file("CODEKAMP_ANSWERS=/tmp/a:b.json:r")
    ('CODEKAMP_ANSWERS', PosixPath('/tmp/a:b.json'), 'r')
    """
    name, _, rest = text.partition("=")
    path, _, mode = rest.rpartition(":")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or not path or mode not in ("r", "a"):
        raise argparse.ArgumentTypeError(f"not NAME=PATH:r or NAME=PATH:a: {text!r}")
    return name, Path(path), mode


def _open_for_kernel(path: Path, mode: str) -> int:
    """Open ``path`` read-only (``r``) or append-only (``a``, made 0600 if missing), for the
    kernel to inherit; returns the file descriptor."""
    if mode == "r":
        fd = os.open(path, os.O_RDONLY | _CLOEXEC)
    else:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, 0o600)
    os.set_inheritable(fd, True)
    return fd


# -- what the kernel starts with ----------------------------------------------------------


def _kernel_environment(scratch: Path) -> dict[str, str]:
    """The harmless variables of the grader's environment, and the scratch folder as home."""
    environment = {name: os.environ[name] for name in KEEP_ENVIRONMENT if name in os.environ}
    for name in ("HOME", "TMPDIR", "TEMP", "TMP", "IPYTHONDIR", "MPLCONFIGDIR",
                 "JUPYTER_RUNTIME_DIR"):  # fmt: skip
        environment[name] = str(scratch)
    return environment


def _send_output_to(log: Path) -> None:
    """Point file descriptors 1 and 2 at ``log`` (appended to) and 0 at the null device, so
    that nothing the pupil's code writes reaches the teacher's terminal."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    try:
        output = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, 0o600)
    except OSError:
        output = os.open(os.devnull, os.O_WRONLY | _CLOEXEC)
    nothing = os.open(os.devnull, os.O_RDONLY | _CLOEXEC)
    os.dup2(nothing, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    for fd in {nothing, output} - {0, 1, 2}:
        os.close(fd)


def _read_only_paths(connection_file: str) -> list[Path]:
    """What the kernel may read: Python, the system's files, and its connection file."""
    paths = _python_paths() + [Path(p) for p in SYSTEM_READ_ONLY if Path(p).exists()]
    for folder in SYSTEM_SETTINGS:
        paths += readable_by_everyone(Path(folder))
    return paths + [Path(p) for p in PROC_FILES] + [Path(connection_file)]


def _kernel_ports(connection_file: str) -> list[int]:
    try:
        info = json.loads(Path(connection_file).read_text())
    except (OSError, ValueError):
        return []
    return [int(info[key]) for key in info if key.endswith("_port")]


def _python_paths() -> list[Path]:
    """Python itself, the standard library and the installed packages (read only)."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent.parent}
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        paths.add(Path(sysconfig.get_paths()[name]))
    cwd = Path.cwd()
    for entry in sys.path:
        if entry and Path(entry).exists() and Path(entry).resolve() != cwd.resolve():
            paths.add(Path(entry))
    return sorted(paths)


def readable_by_everyone(folder: Path) -> list[Path]:
    """The parts of ``folder`` that any user of the computer may read: the folder itself when
    all of it is, else those of its files and folders that are.

    Symbolic links need no part of their own: what they point to is open, or not, where it is.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    parts, whole = [], True
    for entry in entries:
        try:
            mode = entry.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            continue
        if stat.S_ISDIR(mode):
            inner = readable_by_everyone(entry) if _everyone_may(mode, stat.S_IXOTH) else []
        else:
            inner = [entry] if _everyone_may(mode) else []
        whole = whole and inner == [entry]
        parts += inner
    return [folder] if whole else parts


def _everyone_may(mode: int, also: int = 0) -> bool:
    return mode & (stat.S_IROTH | also) == stat.S_IROTH | also


def _copy_data_files(source: Path, scratch: Path, budget: int) -> None:
    """Copy the assignment's data files (not notebooks) next to the pupil's code, up to
    ``budget`` bytes in all."""
    for path in sorted(source.iterdir()):
        if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb":
            size = path.stat().st_size
            if size <= budget:
                shutil.copy2(path, scratch / path.name)
                budget -= size


# -- the watcher of the scratch folder ------------------------------------------------------

DEEPEST_FOLDER = 64
"""Folders nested deeper than this in the scratch folder count as full: no pupil needs them,
and they could hide files from the watcher."""
SMALLEST_FILE = 4096
"""What one file or folder counts for at least: an empty file still takes room on the disk."""


def _start_watcher(scratch: Path, cap: int, marker: Path, graders: set[tuple[int, int]]) -> bool:
    """Start a process that kills this one (the kernel-to-be) when the scratch folder and the
    deleted files it keeps open take more than ``cap`` bytes, after writing ``marker``.
    ``graders`` are the grader's files (device, inode), which do not count.

    Started before the sandbox, it is outside it: the pupil's code can neither signal it nor
    see it. It ends as soon as the kernel has ended.
    """
    if not hasattr(os, "fork"):
        return False
    kernel = os.getpid()
    # The kernel cannot wait for children (it may not have any): let Linux clear the watcher
    # away if it ends first, instead of leaving a zombie. The ignoring lasts through execve.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        watcher = os.fork()
    except OSError:
        return False
    if watcher:
        return True
    try:
        _settle_watcher()
        _watch(scratch, cap, marker, kernel, graders)
    finally:
        os._exit(0)


def _settle_watcher() -> None:
    """Make this fresh child a quiet watcher: none of the kernel's files, signals or group."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupting a cell is not for the watcher
    # A process group of its own: what jupyter_client sends to the kernel's group, and what
    # ipykernel does to its children at shutdown, is not about the watcher.
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    try:
        os.nice(10)  # grading itself comes first
    except OSError:
        pass
    nothing = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(nothing, fd)
    _close_all_but_standard_streams()
    end_with_parent()


def _close_all_but_standard_streams() -> None:
    # The files this process really has open (counting up to the highest possible number
    # can take long where that number is huge).
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    try:
        numbers = [int(name) for name in os.listdir(folder)]
    except OSError:
        numbers = list(range(3, 1024))
    for fd in numbers:
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass


def _watch(scratch: Path, cap: int, marker: Path, kernel: int,
           graders: set[tuple[int, int]]) -> None:  # fmt: skip
    while os.getppid() == kernel:
        if scratch_size(scratch) + deleted_files_size(kernel, graders) > cap:
            if os.getppid() == kernel:  # still the kernel: its number was not given away
                why = f"The scratch folder grew over {cap // MB} MB.\n"
                marker.write_text(why, encoding="utf-8")
                os.kill(kernel, signal.SIGKILL)
            return
        time.sleep(WATCH_SECONDS)


def scratch_size(folder: Path) -> int:
    """The bytes that the files and folders under ``folder`` take on the disk (each at least
    SMALLEST_FILE); a folder nested deeper than DEEPEST_FOLDER makes it endless."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return 0
    try:
        return _tree_size(fd, 1)
    finally:
        os.close(fd)


def _tree_size(folder_fd: int, depth: int) -> int:
    # Walked by file descriptors, never by path: a path could be too long to open, and a
    # symbolic link is never followed.
    if depth > DEEPEST_FOLDER:
        return sys.maxsize // 2
    total = 0
    with os.scandir(folder_fd) as entries:
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            total += _on_disk(info)
            if not stat.S_ISDIR(info.st_mode):
                continue
            flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
            try:
                inner = os.open(entry.name, flags, dir_fd=folder_fd)
            except OSError:
                continue
            try:
                total += _tree_size(inner, depth + 1)
            finally:
                os.close(inner)
    return total


def deleted_files_size(pid: int, leave_out: set[tuple[int, int]] = frozenset()) -> int:
    """The bytes of files that process ``pid`` keeps open but that are no longer in any
    folder (deleted, or never named: O_TMPFILE, memfd), which a folder walk cannot see;
    files whose (device, inode) is in ``leave_out`` do not count."""
    total = 0
    fds = f"/proc/{pid}/fd"
    try:
        names = os.listdir(fds)
    except OSError:
        return 0
    for name in names:
        try:
            info = os.stat(f"{fds}/{name}")
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 0:
            if (info.st_dev, info.st_ino) not in leave_out:
                total += _on_disk(info)
    return total


def _identity(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def _on_disk(info: os.stat_result) -> int:
    # The larger of the length and the blocks used: a file full of holes counts in full.
    return max(info.st_size, getattr(info, "st_blocks", 0) * 512, SMALLEST_FILE)


if __name__ == "__main__":
    main(sys.argv[1:])
