"""Start a pupil's kernel inside the sandbox: ``python -m codekamp_grading.kernel_launcher
--limits '{...}' -- <the kernel's own command>``.

It makes a scratch folder (the kernel's working folder, HOME and TMPDIR) with copies of the
assignment's data files, keeps only harmless environment variables, applies the protections
of :mod:`codekamp_grading.sandbox` and then becomes the kernel. What it could switch on is
written next to the connection file, for the grading report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

from codekamp_grading.sandbox import (
    Limits,
    apply_landlock,
    apply_resource_limits,
    apply_seccomp,
)

KEEP_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "TZ", "NBGRADER_EXECUTION",
                    "CODEKAMP_LANG", "VIRTUAL_ENV", "SYSTEMROOT")  # fmt: skip
SYSTEM_READ_ONLY = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/proc", "/sys",
                    "/opt", "/nix/store")  # fmt: skip
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full")
DATA_FILES_BYTES = 50 * 1024**2
SCRATCH_PARENT = "CODEKAMP_SCRATCH_PARENT"


def report_path(connection_file: str) -> Path:
    """Where the launcher writes which protections it switched on."""
    return Path(connection_file + ".codekamp.json")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="codekamp_grading.kernel_launcher")
    parser.add_argument("--limits", default="{}")
    parser.add_argument("kernel", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    kernel = [part for part in options.kernel if part != "--"]
    connection_file = kernel[kernel.index("-f") + 1]
    limits = Limits(**json.loads(options.limits))

    # codekamp-grade gives each run a folder of its own for these (SCRATCH_PARENT), so that it
    # can clear away what its kernels leave without touching another run's.
    scratch = Path(tempfile.mkdtemp(prefix="codekamp-pupil-", dir=os.environ.get(SCRATCH_PARENT)))
    _copy_data_files(Path.cwd(), scratch)
    os.chdir(scratch)
    environment = {name: os.environ[name] for name in KEEP_ENVIRONMENT if name in os.environ}
    for name in (
        "HOME",
        "TMPDIR",
        "TEMP",
        "TMP",
        "IPYTHONDIR",
        "MPLCONFIGDIR",
        "JUPYTER_RUNTIME_DIR",
    ):
        environment[name] = str(scratch)

    ports = _kernel_ports(connection_file)
    protections = [f"limit: {name}" for name in apply_resource_limits(limits)]
    # Opened now: once Landlock is on, no new file may be opened outside the scratch folder,
    # but a file that is already open can still be written.
    with report_path(connection_file).open("w", encoding="utf-8") as report:
        if sys.platform.startswith("linux"):
            read_only = _python_paths() + [Path(p) for p in SYSTEM_READ_ONLY if Path(p).exists()]
            read_only.append(Path(connection_file))
            devices = [Path(device) for device in DEVICES]
            protections += [
                f"landlock: {name}" for name in apply_landlock(read_only, [scratch], devices, ports)
            ]
            if apply_seccomp():
                protections.append("seccomp: no new processes")
        json.dump({"scratch": str(scratch), "protections": protections}, report)
    os.execve(kernel[0], kernel, environment)


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


def _copy_data_files(source: Path, scratch: Path) -> None:
    """Copy the assignment's data files (not notebooks) next to the pupil's code."""
    budget = DATA_FILES_BYTES
    for path in sorted(source.iterdir()):
        if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb":
            size = path.stat().st_size
            if size <= budget:
                shutil.copy2(path, scratch / path.name)
                budget -= size


if __name__ == "__main__":
    main(sys.argv[1:])
