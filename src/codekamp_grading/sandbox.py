"""Containing a pupil's kernel on Linux, with no extra package and no admin rights.

Applied by the kernel launcher just before it becomes the pupil's kernel:

- resource limits: memory (address space), file size, CPU time, open files, no core dumps;
- seccomp: no new processes (threads are fine), no raising of the limits, no undoing of
  :func:`end_with_parent`, and sockets only for TCP (the kernel's own ZeroMQ ports) and
  unnamed pairs (ZeroMQ, asyncio): no UDP, no UNIX sockets of the teacher's computer (D-Bus,
  docker.sock), no MPTCP, no TCP Fast Open (it connects without Landlock seeing it), no
  io_uring;
- Landlock: read only the paths the launcher names (the system's and Python's files, and
  nothing of /proc: not the grader's environment, not the kernel's own memory), write only
  the scratch folder, bind only the kernel's own ports, connect nowhere, signal no process
  and reach no abstract socket outside the sandbox;
- the kernel ends when the process that started it ends, however that ends.

Each protection says whether it is active, as one of the keys of :data:`PROTECTIONS`; where
the kernel (or the platform: macOS, Windows) lacks one, grading goes on and the report says so.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys
from pathlib import Path

from codekamp.i18n import N_
from codekamp_grading.limits import Limits

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

__all__ = [
    "PROTECTIONS",
    "Limits",
    "apply_landlock",
    "apply_resource_limits",
    "apply_seccomp",
    "confine",
    "end_with_parent",
    "landlock_abi",
    "seccomp_program",
]

# -- what the report says ------------------------------------------------------------------

PROTECTIONS: dict[str, str] = {
    "memory": N_("memory: the pupil's code cannot use more than its share of the memory"),
    "cpu time": N_("cpu time: the pupil's code cannot keep the processor busy for longer "
                   "than its share"),
    "file size": N_("file size: the pupil's code cannot write very large files"),
    "scratch size": N_("scratch size: the pupil's code is stopped when its files grow too big "
                       "together"),
    "open files": N_("open files: the pupil's code can only have a few files open at once"),
    "files": N_("files: the pupil's code can only read Python's own files and write in its "
                "own throwaway folder"),
    "network": N_("network: the pupil's code cannot reach other computers or programs over "
                  "the network"),
    "local sockets": N_("local sockets: the pupil's code cannot talk to other programs on "
                        "this computer (such as the desktop or Docker)"),
    "signals": N_("signals: the pupil's code cannot stop or disturb other programs"),
    "processes": N_("processes: the pupil's code cannot start other programs"),
    "environment": N_("environment: the pupil's code cannot read the grader's settings, "
                      "passwords or memory"),
    "terminal": N_("terminal: what the pupil's code prints never reaches the teacher's "
                   "terminal"),
    "lifetime": N_("lifetime: the pupil's code stops when grading stops, even when grading "
                   "is stopped by force"),
}  # fmt: skip
"""The protections a pupil's kernel can have: short stable keys (what the launcher reports,
in this order), each with one sentence for the teacher (translate it with ``translate``)."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _on_linux() -> bool:
    return sys.platform.startswith("linux")


# -- resource limits ---------------------------------------------------------------------


def apply_resource_limits(limits: Limits) -> list[str]:
    """Set the limits (soft = hard, so pupil code cannot raise them); returns those set.

    >>> apply_resource_limits(Limits(memory_mb=1024))  # doctest: +SKIP
    ['memory', 'cpu time', 'file size', 'open files']
    """
    if resource is None:
        return []
    mb = 1024**2
    wanted = {
        "memory": [(resource.RLIMIT_AS, limits.memory_mb * mb)],
        "cpu time": [(resource.RLIMIT_CPU, limits.cpu_seconds)],
        # A core dump is a file too: none at all.
        "file size": [(resource.RLIMIT_FSIZE, limits.file_mb * mb), (resource.RLIMIT_CORE, 0)],
        "open files": [(resource.RLIMIT_NOFILE, limits.open_files)],
    }
    active = []
    for name, settings in wanted.items():
        done = True
        for kind, value in settings:
            try:
                resource.setrlimit(kind, (value, value))
            except (ValueError, OSError):
                done = False
        if done:
            active.append(name)
    return active


# -- the kernel ends with its grader ------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def end_with_parent() -> bool:
    """Be killed (SIGKILL) when the parent ends, even when the parent is killed.

    It lasts through ``execve``, so the kernel that this process becomes inherits it. Linux
    sends it when the *thread* that started this process ends: jupyter_client starts kernels
    from the thread that runs its event loop, which under nbgrader is the main thread.
    """
    if not _on_linux():
        return False
    parent = os.getppid()
    if _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:  # the parent ended just before: nobody is left to grade
        os.kill(os.getpid(), signal.SIGKILL)
    return True


# -- seccomp: no new processes, no raising of limits, no sockets but TCP ---------------------

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_EPERM, _EACCES, _ENOSYS, _EOPNOTSUPP = 1, 13, 38, 95
_CLONE_THREAD = 0x00010000
_X32_SYSCALL_BIT = 0x40000000
_AF_UNIX, _AF_INET, _AF_INET6, _AF_NETLINK = 1, 2, 10, 16
_SOCK_STREAM, _SOCK_TYPE_MASK = 1, 0xF
_IPPROTO_TCP = 6
_MSG_FASTOPEN = 0x20000000

# (audit arch, {name: number}) for the machines Codekamp runs on.
_SYSCALLS = {
    "x86_64": (0xC000003E, {
        "fork": 57, "vfork": 58, "clone": 56, "clone3": 435, "setrlimit": 160,
        "prlimit64": 302, "ptrace": 101, "socket": 41, "socketpair": 53,
        "sendto": 44, "sendmsg": 46, "sendmmsg": 307, "prctl": 157,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    }),
    "aarch64": (0xC00000B7, {
        "clone": 220, "clone3": 435, "setrlimit": 164, "prlimit64": 261, "ptrace": 117,
        "socket": 198, "socketpair": 199, "sendto": 206, "sendmsg": 211, "sendmmsg": 269,
        "prctl": 167,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    }),
}  # fmt: skip
# Refused whatever their arguments. io_uring can open sockets without the socket call.
_REFUSED = ("fork", "vfork", "setrlimit", "ptrace",
            "io_uring_setup", "io_uring_enter", "io_uring_register")  # fmt: skip

# Where the filter reads from (struct seccomp_data), and the few BPF instructions it uses.
_NR, _ARCH = 0, 4
_LOAD, _AND, _RETURN = 0x20, 0x54, 0x06
_IF_EQUAL, _IF_AT_LEAST, _IF_ANY_BIT = 0x15, 0x35, 0x45


def _argument(index: int, high_half: bool = False) -> int:
    """Offset of a system call's argument in seccomp_data (32 bits of it, little-endian)."""
    return 16 + 8 * index + (4 if high_half else 0)


def _assemble(lines: list) -> bytes:
    """BPF bytes from a list of instructions ``(code, k, then, otherwise)`` and labels.

    ``then`` and ``otherwise`` name the label a jump goes to; None is the next instruction.
    """
    labels: dict[str, int] = {}
    position = 0
    for line in lines:
        if isinstance(line, str):
            labels[line] = position
        else:
            position += 1
    program, position = [], 0
    for line in lines:
        if isinstance(line, str):
            continue
        code, k, then, otherwise = line
        jumps = [0 if target is None else labels[target] - position - 1
                 for target in (then, otherwise)]  # fmt: skip
        program.append(struct.pack("HBBI", code, jumps[0], jumps[1], k))
        position += 1
    return b"".join(program)


def _load(offset: int) -> tuple:
    return (_LOAD, offset, None, None)


def _if(test: int, k: int, then: str | None, otherwise: str | None = None) -> tuple:
    return (test, k, then, otherwise)


def _mask(k: int) -> tuple:
    return (_AND, k, None, None)


def _return(action: int) -> tuple:
    return (_RETURN, action, None, None)


def seccomp_program(machine: str) -> bytes | None:
    """The BPF filter of the pupil's kernel for this machine, or None if it is not known."""
    if machine not in _SYSCALLS:
        return None
    arch, number = _SYSCALLS[machine]
    lines: list = [
        _load(_ARCH),
        _if(_IF_EQUAL, arch, None, "refuse"),  # another ABI (i386): refuse everything
        _load(_NR),
    ]
    if machine == "x86_64":  # the x32 ABI shares the arch, with its own numbers
        lines.append(_if(_IF_AT_LEAST, _X32_SYSCALL_BIT, "refuse"))
    lines += [_if(_IF_EQUAL, number[name], "refuse") for name in _REFUSED if name in number]
    lines += [
        # clone3 cannot be inspected: say "not here", and the C library falls back to clone.
        _if(_IF_EQUAL, number["clone3"], "not here"),
        _if(_IF_EQUAL, number["clone"], "clone"),
        _if(_IF_EQUAL, number["prlimit64"], "prlimit64"),
        _if(_IF_EQUAL, number["socket"], "socket"),
        _if(_IF_EQUAL, number["socketpair"], "socketpair"),
        _if(_IF_EQUAL, number["sendto"], "sendto, sendmmsg"),
        _if(_IF_EQUAL, number["sendmmsg"], "sendto, sendmmsg"),
        _if(_IF_EQUAL, number["sendmsg"], "sendmsg"),
        _if(_IF_EQUAL, number["prctl"], "prctl"),
        _return(_RET_ALLOW),
        # clone: threads (CLONE_THREAD) yes, processes no.
        "clone",
        _load(_argument(0)),
        _if(_IF_ANY_BIT, _CLONE_THREAD, "allow", "refuse"),
        # prlimit64 may read limits (new_limit is NULL, both halves) but not change them.
        "prlimit64",
        _load(_argument(2)),
        _if(_IF_EQUAL, 0, None, "refuse"),
        _load(_argument(2, high_half=True)),
        _if(_IF_EQUAL, 0, "allow", "refuse"),
        # socket: only TCP over IPv4 or IPv6 (the kernel's ZeroMQ ports; Landlock decides
        # which ports). Not UDP, UNIX, raw, netlink, nor MPTCP (which Landlock does not see).
        "socket",
        _load(_argument(0)),
        _if(_IF_EQUAL, _AF_INET, "socket type"),
        _if(_IF_EQUAL, _AF_INET6, "socket type"),
        # Netlink says "not supported": ZeroMQ looks for network interfaces by it, and stops
        # the kernel on any other answer (it copes with a system that has no netlink).
        _if(_IF_EQUAL, _AF_NETLINK, "not supported", "no socket"),
        "socket type",
        _load(_argument(1)),
        _mask(_SOCK_TYPE_MASK),  # without SOCK_NONBLOCK and SOCK_CLOEXEC
        _if(_IF_EQUAL, _SOCK_STREAM, None, "no socket"),
        _load(_argument(2)),
        _if(_IF_EQUAL, 0, "allow"),
        _if(_IF_EQUAL, _IPPROTO_TCP, "allow", "no socket"),
        # socketpair: unnamed pairs of stream sockets, which reach nothing else. (A datagram
        # pair could still send to a named socket of the teacher's computer.)
        "socketpair",
        _load(_argument(0)),
        _if(_IF_EQUAL, _AF_UNIX, None, "no socket"),
        _load(_argument(1)),
        _mask(_SOCK_TYPE_MASK),
        _if(_IF_EQUAL, _SOCK_STREAM, "allow", "no socket"),
        # Sending with MSG_FASTOPEN connects (TCP Fast Open) without the connect call, so
        # without Landlock seeing it: refused.
        "sendto, sendmmsg",
        _load(_argument(3)),
        _if(_IF_ANY_BIT, _MSG_FASTOPEN, "no socket", "allow"),
        "sendmsg",
        _load(_argument(2)),
        _if(_IF_ANY_BIT, _MSG_FASTOPEN, "no socket", "allow"),
        # prctl: anything but undoing end_with_parent().
        "prctl",
        _load(_argument(0)),
        _if(_IF_EQUAL, _PR_SET_PDEATHSIG, "refuse", "allow"),
        "allow",
        _return(_RET_ALLOW),
        "refuse",
        _return(_RET_ERRNO | _EPERM),
        "no socket",
        _return(_RET_ERRNO | _EACCES),
        "not here",
        _return(_RET_ERRNO | _ENOSYS),
        "not supported",
        _return(_RET_ERRNO | _EOPNOTSUPP),
    ]
    return _assemble(lines)


def apply_seccomp() -> bool:
    """Install the filter of :func:`seccomp_program` on this process and what it executes."""
    program = seccomp_program(platform.machine())
    if program is None or not _on_linux():
        return False
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    buffer = ctypes.create_string_buffer(program)
    fprog = struct.pack("HxxxxxxP", len(program) // 8, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog)
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, fprog_buffer, 0, 0) == 0


# -- Landlock ----------------------------------------------------------------------------

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_RULE_PATH_BENEATH, _RULE_NET_PORT = 1, 2
_FS = {
    "execute": 1 << 0, "write_file": 1 << 1, "read_file": 1 << 2, "read_dir": 1 << 3,
    "remove_dir": 1 << 4, "remove_file": 1 << 5, "make_char": 1 << 6, "make_dir": 1 << 7,
    "make_reg": 1 << 8, "make_sock": 1 << 9, "make_fifo": 1 << 10, "make_block": 1 << 11,
    "make_sym": 1 << 12, "refer": 1 << 13, "truncate": 1 << 14, "ioctl_dev": 1 << 15,
}  # fmt: skip
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1
_FILE_RIGHTS = (
    _FS["execute"] | _FS["write_file"] | _FS["read_file"] | _FS["truncate"] | _FS["ioctl_dev"]
)
_READ = _FS["execute"] | _FS["read_file"] | _FS["read_dir"]


def landlock_abi() -> int:
    """The Landlock version this Linux kernel offers (0: none)."""
    if not _on_linux():
        return 0
    abi = _libc().syscall(_CREATE_RULESET, None, 0, 1)
    return max(abi, 0)


def apply_landlock(read_only: list[Path], writable: list[Path], devices: list[Path],
                   ports: list[int]) -> list[str]:  # fmt: skip
    """Restrict this process (and what it executes) to these paths and ports.

    Everything not named is closed, /proc included (the grader's environment, the kernel's
    own memory) unless a file of it is named. Returns the keys of :data:`PROTECTIONS` it
    enforces ("files", "environment", "network" for TCP, "signals"), empty without Landlock.
    """
    abi = landlock_abi()
    if abi < 1:
        return []
    libc = _libc()
    handled_fs = _FS_BY_ABI[max(k for k in _FS_BY_ABI if k <= abi)]
    handled_net = (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0
    scoped = (_SCOPE_SIGNAL | _SCOPE_ABSTRACT_UNIX_SOCKET) if abi >= 6 else 0
    attr = struct.pack("QQQ", handled_fs, handled_net, scoped)
    size = 24 if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.c_char_p(attr[:size]), size, 0)
    if ruleset < 0:
        return []
    try:

        def allow(path: Path, rights: int) -> None:
            # The rule holds the inode that the path names now: /proc/self/stat named here
            # is this process's own file, also once it has become the kernel.
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                return
            try:
                if not path.is_dir():
                    rights &= _FILE_RIGHTS
                rule = struct.pack("=Qi", rights & handled_fs, fd)
                libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.c_char_p(rule), 0)
            finally:
                os.close(fd)

        for path in read_only:
            allow(path, _READ)
        for path in devices:
            allow(path, _FS["read_file"] | _FS["write_file"] | _FS["ioctl_dev"])
        for path in writable:
            allow(path, handled_fs)
        if handled_net:
            for port in ports:
                rule = struct.pack("QQ", _NET_BIND_TCP, port)
                libc.syscall(_ADD_RULE, ruleset, _RULE_NET_PORT, ctypes.c_char_p(rule), 0)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return []
        if libc.syscall(_RESTRICT_SELF, ruleset, 0) != 0:
            return []
    finally:
        os.close(ruleset)
    enforced = ["files", "environment"]
    return enforced + (["network"] if handled_net else []) + (["signals"] if scoped else [])


# -- all of it ---------------------------------------------------------------------------


def confine(limits: Limits, read_only: list[Path], writable: list[Path], devices: list[Path],
            ports: list[int]) -> list[str]:  # fmt: skip
    """Apply the limits, Landlock and seccomp to this process; returns the keys of
    :data:`PROTECTIONS` that hold (in that order)."""
    active = apply_resource_limits(limits)
    if _on_linux():
        landlock = apply_landlock(read_only, writable, devices, ports)
        seccomp = apply_seccomp()
        # No network needs both: Landlock closes TCP, seccomp every other kind of socket.
        active += [key for key in landlock if key != "network" or seccomp]
        if seccomp:
            active += ["processes", "local sockets"]
    return [key for key in PROTECTIONS if key in active]
