"""Containing a pupil's kernel on Linux, with no extra package and no admin rights.

Applied by the kernel launcher just before it starts the pupil's kernel:

- resource limits: memory (address space), file size, CPU time, open files, no core dumps;
- seccomp: no new processes (threads are fine), no raising of the limits;
- Landlock: read only the system and Python's files, write only the scratch folder, bind
  only the kernel's own ports, connect nowhere, signal no process outside the sandbox.

Each protection reports whether it is active; where the kernel (or the platform: macOS,
Windows) lacks one, grading goes on and the report says so.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    """How much one pupil's kernel may use."""

    memory_bytes: int = 1536 * 1024**2
    file_bytes: int = 20 * 1024**2
    cpu_seconds: int = 300
    open_files: int = 256


# -- resource limits ---------------------------------------------------------------------


def apply_resource_limits(limits: Limits) -> list[str]:
    """Set the limits (soft = hard, so pupil code cannot raise them); returns those set."""
    if resource is None:
        return []
    wanted = {
        "memory": (resource.RLIMIT_AS, limits.memory_bytes),
        "file size": (resource.RLIMIT_FSIZE, limits.file_bytes),
        "cpu time": (resource.RLIMIT_CPU, limits.cpu_seconds),
        "open files": (resource.RLIMIT_NOFILE, limits.open_files),
        "core dumps": (resource.RLIMIT_CORE, 0),
    }
    active = []
    for name, (kind, value) in wanted.items():
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            continue
        active.append(name)
    return active


# -- seccomp: no new processes, no raising of limits ---------------------------------------

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | 1
_RET_ENOSYS = 0x00050000 | 38
_CLONE_THREAD = 0x00010000

# (audit arch, {name: number}) for the machines Codekamp runs on.
_SYSCALLS = {
    "x86_64": (0xC000003E, {"fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
                            "setrlimit": 160, "prlimit64": 302, "ptrace": 101}),
    "aarch64": (0xC00000B7, {"clone": 220, "clone3": 435, "setrlimit": 164,
                             "prlimit64": 261, "ptrace": 117}),
}  # fmt: skip


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _bpf(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def seccomp_program(machine: str) -> bytes | None:
    """The BPF program that forbids new processes and raising limits, or None if unknown arch."""
    if machine not in _SYSCALLS:
        return None
    arch, numbers = _SYSCALLS[machine]
    load_w, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06
    program = [
        _bpf(load_w, 0, 0, 4),  # seccomp_data.arch
        _bpf(jeq, 1, 0, arch),
        _bpf(ret, 0, 0, _RET_EPERM),  # another ABI (x32, i386): refuse everything
        _bpf(load_w, 0, 0, 0),  # seccomp_data.nr
    ]
    if machine == "x86_64":
        program += [_bpf(0x35, 0, 1, 0x40000000), _bpf(ret, 0, 0, _RET_EPERM)]  # x32 numbers
    refuse = [numbers[n] for n in ("fork", "vfork", "setrlimit", "ptrace") if n in numbers]
    for number in refuse:
        program += [_bpf(jeq, 0, 1, number), _bpf(ret, 0, 0, _RET_EPERM)]
    # clone3 cannot be inspected: say "not here", and the C library falls back to clone.
    program += [_bpf(jeq, 0, 1, numbers["clone3"]), _bpf(ret, 0, 0, _RET_ENOSYS)]
    # prlimit64 may read limits (new_limit is NULL) but not change them.
    program += [
        _bpf(jeq, 0, 4, numbers["prlimit64"]),
        _bpf(load_w, 0, 0, 16 + 8 * 2),  # args[2] (new_limit), low half
        _bpf(jeq, 0, 1, 0),
        _bpf(ret, 0, 0, _RET_ALLOW),
        _bpf(ret, 0, 0, _RET_EPERM),
        _bpf(load_w, 0, 0, 0),  # not prlimit64: seccomp_data.nr again
    ]
    # clone: threads (CLONE_THREAD) yes, processes no.
    program += [
        _bpf(jeq, 0, 4, numbers["clone"]),
        _bpf(load_w, 0, 0, 16),  # args[0] = flags, low half
        _bpf(jset, 1, 0, _CLONE_THREAD),
        _bpf(ret, 0, 0, _RET_EPERM),
        _bpf(ret, 0, 0, _RET_ALLOW),
    ]
    program += [_bpf(ret, 0, 0, _RET_ALLOW)]
    return b"".join(program)


def apply_seccomp() -> bool:
    """Forbid new processes and raising limits for this process and what it executes."""
    program = seccomp_program(platform.machine())
    if program is None or not sys.platform.startswith("linux"):
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
_SCOPE_SIGNAL = 1 << 1
_FILE_RIGHTS = (
    _FS["execute"] | _FS["write_file"] | _FS["read_file"] | _FS["truncate"] | _FS["ioctl_dev"]
)
_READ = _FS["execute"] | _FS["read_file"] | _FS["read_dir"]


def landlock_abi() -> int:
    """The Landlock version this Linux kernel offers (0: none)."""
    if not sys.platform.startswith("linux"):
        return 0
    abi = _libc().syscall(_CREATE_RULESET, None, 0, 1)
    return max(abi, 0)


def apply_landlock(read_only: list[Path], writable: list[Path], devices: list[Path],
                   ports: list[int]) -> list[str]:  # fmt: skip
    """Restrict this process (and what it executes) to these paths and ports.

    Returns what is enforced ("files", "network", "signals"), empty when Landlock is missing.
    """
    abi = landlock_abi()
    if abi < 1:
        return []
    libc = _libc()
    handled_fs = _FS_BY_ABI[max(k for k in _FS_BY_ABI if k <= abi)]
    handled_net = (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0
    scoped = _SCOPE_SIGNAL if abi >= 6 else 0
    attr = struct.pack("QQQ", handled_fs, handled_net, scoped)
    size = 24 if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.c_char_p(attr[:size]), size, 0)
    if ruleset < 0:
        return []
    try:

        def allow(path: Path, rights: int) -> None:
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
    return ["files"] + (["network"] if handled_net else []) + (["signals"] if scoped else [])
