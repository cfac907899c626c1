"""The classroom server under a class: 30 pupils at once on this machine (traffic to localhost
only, bounded in time).

Each simulated pupil logs in with the class code, starts their server, opens lesson 01 and runs
its core cells through the kernel API (as Run All does), then fetches and submits assignment
nl-01-schildpad; the teacher then collects and grades the class with ``codekamp-grade``.

Printed: the time to a running server (median, worst), the time to the first drawing, the
memory per pupil (their server and kernel, PSS from /proc, measured while every kernel is still
open), the grading time, and from them a capacity table (a laptop with 8 GB, a school server
with 32 GB, per core), side by side with the usual reference: Zero to JupyterHub's default
memory guarantee of 1 GiB per user and mybinder.org's limit of 2 GB, as ratios.

    sudo .venv/bin/python bench/classroom/bench.py [--pupils 30]
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from classroom_support import Hub, Visitor, shared_folder  # noqa: E402

from codekamp_classroom import accounts, checks  # noqa: E402

LESSON = ROOT / "notebooks" / "nl" / "01-schildpad-les.ipynb"
ASSIGNMENT = "nl-01-schildpad"
FORM = {"assignment_id": ASSIGNMENT, "course_id": "codekamp"}
Z2JH_GUARANTEE_MB = 1024  # z2jh's singleuser.memory.guarantee default (1G)
MYBINDER_LIMIT_MB = 2048  # mybinder.org's memory limit per user (2 GB)


def core_cells() -> list[str]:
    """Lesson 01's code, as a pupil runs it: the core cells, oops cells included."""
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    return [
        "".join(cell["source"])
        for cell in cells
        if cell["cell_type"] == "code" and "optional" not in cell["metadata"].get("tags", [])
    ]


def processes_of(uid: int) -> set[int]:
    """Every running process of one account."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def pss_mb(uid: int) -> float:
    """The proportional memory (PSS) of every process of one account, in MB."""
    return pss_of(processes_of(uid), uid)


def family(pids: list[int]) -> set[int]:
    """These processes and all their children."""
    found, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in found or not Path(f"/proc/{pid}").exists():
            continue
        found.add(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            todo += [int(child) for child in task.read_text().split()]
    return found


def pss_of(pids: set[int], uid: int = 0) -> float:
    """The PSS of those of ``pids`` that run as ``uid`` (the hub's children include the pupils'
    servers, which are counted per pupil), in MB."""
    total = 0
    for pid in pids:
        try:
            if Path(f"/proc/{pid}").stat().st_uid != uid:
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


def hub_pids(state: Path) -> list[int]:
    """The hub, the proxy and the teacher's server (root here), from their pid files and the
    hub's database."""
    import sqlite3

    pids = [int((state / "hub" / f).read_text()) for f in ("jupyterhub.pid", "proxy.pid")]
    with sqlite3.connect(state / "hub" / "jupyterhub.sqlite") as db:
        rows = db.execute(
            "SELECT s.state FROM spawners s JOIN users u ON s.user_id = u.id WHERE u.name = ?",
            ("teacher",),
        )
        pids += [json.loads(text)["pid"] for (text,) in rows if text and "pid" in text]
    return pids


def cpu_seconds(uid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in processes_of(uid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            continue
    return total / ticks


def one_pupil(hub: Hub, name: str, cells: list[str]) -> dict:
    pupil = Visitor(hub.base, name)
    began = time.monotonic()
    assert pupil.log_in(hub.classroom.class_code), f"{name} could not log in"
    server = pupil.start_server(timeout=600)
    pupil.api("GET", "/api/contents/notebooks/nl/01-schildpad-les.ipynb")
    kernel = pupil.api("POST", "/api/kernels", json={"name": "python3"}).json()["id"]
    runs = []
    for code in cells:
        messages = pupil._messages(kernel, code, 300)
        drew = any(m["msg_type"] == "display_data" and "image/svg+xml" in json.dumps(m["content"])
                   for m in messages)  # fmt: skip
        runs.append((time.monotonic() - began, drew))
    first_drawing = next(seconds for seconds, drew in runs if drew)
    assert pupil.api("POST", "/assignments/fetch", data=FORM).json()["success"]
    assert pupil.api("POST", "/assignments/submit", data=FORM).json()["success"]
    return {"name": name, "server": server, "first_drawing": first_drawing,
            "lesson": runs[-1][0], "kernel": kernel, "visitor": pupil}  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=30)
    options = parser.parse_args(argv)
    if os.geteuid() != 0 or not checks.proxy_command(ROOT).exists():
        print("Run as root, after `make classroom` installed the proxy (sudo .venv/bin/python …).")
        return 2
    state = shared_folder() / "class"
    hub = Hub(state, checks.free_port())
    names = [f"b{secrets.token_hex(3)}" for _ in range(options.pupils)]
    cells = core_cells()
    try:
        hub.start()
        teacher = hub.teacher()
        teacher.run("import subprocess\nsubprocess.run(['nbgrader', 'release_assignment', "
                    f"{ASSIGNMENT!r}, '--force'], check=True)")  # fmt: skip
        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=options.pupils) as pool:
            results = list(pool.map(lambda name: one_pupil(hub, name, cells), names))
        whole_class = time.monotonic() - began
        memory = [pss_mb(pwd.getpwnam(accounts.account_of(n)).pw_uid) for n in names]
        cpu = [cpu_seconds(pwd.getpwnam(accounts.account_of(n)).pw_uid) for n in names]
        hub_memory = pss_of(family(hub_pids(state)))
        graded_at = time.monotonic()
        teacher.run("import subprocess\nsubprocess.run(['nbgrader', 'collect', "
                    f"{ASSIGNMENT!r}], check=True)")  # fmt: skip
        report = teacher.run(
            "import os, subprocess\ng = os.environ['CODEKAMP_GRADING_DIR']\n"
            f"r = subprocess.run(['codekamp-grade', {ASSIGNMENT!r}, g + '/submitted', '--lang', "
            "'en'], capture_output=True, text=True)\n"
            "print([line for line in r.stdout.splitlines() if 'graded' in line][0])",
            timeout=1800,
        )
        grading = time.monotonic() - graded_at
        print_report(options.pupils, results, memory, cpu, hub_memory, whole_class, grading,
                     report.strip())  # fmt: skip
        return 0
    finally:
        hub.stop_everything(names)
        shutil.rmtree(state.parent, ignore_errors=True)


def print_report(pupils, results, memory, cpu, hub_memory, whole_class, grading, report) -> None:
    servers = sorted(r["server"] for r in results)
    drawings = sorted(r["first_drawing"] for r in results)
    per_pupil = statistics.median(memory)
    worst_pupil = max(memory)
    print(f"Classroom server, {pupils} pupils at once, lesson 01 (nl), this machine: "
          f"{os.cpu_count()} cores")  # fmt: skip
    rows = [
        ("time to a running server, median / worst",
         f"{statistics.median(servers):.1f} / {servers[-1]:.1f} s"),
        ("time from login to the first drawing, median / worst",
         f"{statistics.median(drawings):.1f} / {drawings[-1]:.1f} s"),
        ("the whole class logged in, ran lesson 01 and handed in", f"{whole_class:.0f} s"),
        ("memory per pupil (server + kernel, PSS), median / worst",
         f"{per_pupil:.0f} / {worst_pupil:.0f} MB"),
        ("hub, proxy and the teacher's server (PSS)", f"{hub_memory:.0f} MB"),
        ("processor time per pupil for lesson 01, median", f"{statistics.median(cpu):.1f} s"),
        ("collect + codekamp-grade for the class", f"{grading:.0f} s ({report})"),
    ]  # fmt: skip
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print("\nAgainst the usual reference for a pupil's memory:")
    for reference, mb in (("z2jh's default guarantee (1 GiB)", Z2JH_GUARANTEE_MB),
                          ("mybinder.org's limit (2 GB)", MYBINDER_LIMIT_MB)):  # fmt: skip
        print(
            f"  {reference:<36} {mb:>5} MB   measured {worst_pupil:.0f} MB: "
            f"ratio {worst_pupil / mb:.2f}"
        )
    print("\nCapacity (the worst pupil's memory, 1.5 GB kept for the system, the hub and the "
          "teacher):")  # fmt: skip
    for machine, gb in (("laptop, 8 GB", 8), ("school server, 32 GB", 32)):
        fits = int((gb * 1024 - 1536) / worst_pupil)
        print(f"  {machine:<22} {fits:>4} pupils at once")
    cpu_per_pupil = statistics.median(cpu)
    cores = os.cpu_count() or 1
    per_core_minute = pupils / (whole_class / 60) / cores
    print(f"  per core: a pupil's server and lesson 01 cost {cpu_per_pupil:.1f} s of processor "
          f"time; measured, {per_core_minute:.0f} pupils log in and run lesson 01 per core per "
          f"minute: a class of {pupils} waits about {whole_class:.0f} s on {cores} cores, "
          f"{pupils / per_core_minute / 8 * 60:.0f} s on 8")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
