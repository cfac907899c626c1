"""One grading run at a time in a grading folder.

Two runs in one folder (two classes graded at once by the same teacher) would share one
gradebook, and each run's gradebook guard could undo the other's grades. A second run is
refused with a clear message instead. The lock is released when the run ends, even when it
crashes (the operating system drops it with the process). Windows has no such lock here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from codekamp.i18n import N_

BUSY = N_(
    "Another grading run is busy in {folder}. Wait until it has finished, then run this "
    "command again."
)


class GradingFolderBusy(RuntimeError):
    """Another run holds the grading folder; ``folder`` says which."""

    def __init__(self, folder: Path) -> None:
        super().__init__(BUSY.format(folder=folder))
        self.folder = folder


@contextmanager
def one_run_at_a_time(grading: Path) -> Iterator[None]:
    """Hold the grading folder for this run; raise GradingFolderBusy if another run holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    grading.mkdir(parents=True, exist_ok=True)
    with open(grading / ".codekamp-grade.lock", "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GradingFolderBusy(grading) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
