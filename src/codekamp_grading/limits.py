"""Every limit of grading, in one place, read from the course's ``nbgrader_config.py``.

The defaults suit a class on a laptop. A teacher changes one in ``nbgrader_config.py``::

    c.GradingLimits.memory_mb = 1024

The time a single cell may run is nbgrader's own setting, ``c.Execute.timeout``; the time a
whole pupil may take follows from it unless ``pupil_seconds`` is set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from traitlets import Float, Integer
from traitlets.config import Configurable


class GradingLimits(Configurable):
    """The limits a teacher can set in ``nbgrader_config.py`` (``c.GradingLimits.<name>``)."""

    pupil_seconds = Integer(
        0, help="Seconds one pupil's whole notebook may take (0: from the cell timeout)."
    ).tag(config=True)
    interrupt_grace_seconds = Float(
        3.0, help="Seconds a cell gets to stop after an interrupt before Python is restarted."
    ).tag(config=True)
    memory_mb = Integer(1536, help="Memory one pupil's Python may use, in MB.").tag(config=True)
    cpu_seconds = Integer(300, help="Processor time one pupil's Python may use.").tag(config=True)
    file_mb = Integer(20, help="Largest file a pupil's code may write, in MB.").tag(config=True)
    scratch_mb = Integer(200, help="All files a pupil's code may write together, in MB.").tag(
        config=True
    )
    open_files = Integer(256, help="Files a pupil's Python may have open at once.").tag(config=True)
    output_kb = Integer(
        100, help="Output kept per cell, in kB; the rest is cut off in the feedback."
    ).tag(config=True)
    data_files_mb = Integer(
        50, help="Data files (next to the assignment) copied for the pupil's code, in MB."
    ).tag(config=True)
    notebook_mb = Integer(20, help="Largest handed-in notebook, in MB.").tag(config=True)
    zip_mb = Integer(200, help="Most a handed-in zip may unpack to, in MB.").tag(config=True)
    pupils = Integer(1000, help="Most pupils one grading run takes.").tag(config=True)


def _default(name: str) -> Any:
    """A limit's default, as GradingLimits declares it (the one place the numbers are)."""
    return GradingLimits.class_traits()[name].default_value


@dataclass(frozen=True)
class Limits:
    """The limits of one grading run (see :class:`GradingLimits` for their meaning)."""

    cell_seconds: float = 30  # nbgrader's own Execute.timeout
    pupil_seconds: int = _default("pupil_seconds")
    interrupt_grace_seconds: float = _default("interrupt_grace_seconds")
    memory_mb: int = _default("memory_mb")
    cpu_seconds: int = _default("cpu_seconds")
    file_mb: int = _default("file_mb")
    scratch_mb: int = _default("scratch_mb")
    open_files: int = _default("open_files")
    output_kb: int = _default("output_kb")
    data_files_mb: int = _default("data_files_mb")
    notebook_mb: int = _default("notebook_mb")
    zip_mb: int = _default("zip_mb")
    pupils: int = _default("pupils")

    def seconds_for_pupil(self, code_cells: int) -> float:
        """How long one pupil's notebook of ``code_cells`` cells may take in all."""
        if self.pupil_seconds:
            return self.pupil_seconds
        # Every cell may use its whole timeout, plus time to interrupt or restart Python.
        return 60 + code_cells * (self.cell_seconds + self.interrupt_grace_seconds + 12)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Limits:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def read_limits(config: Any) -> Limits:
    """The limits that ``config`` (a traitlets Config, as nbgrader loads it) sets."""
    settings = GradingLimits(config=config)
    values = {name: getattr(settings, name) for name in settings.trait_names() if name != "config"}
    values = {name: value for name, value in values.items() if name in Limits.__dataclass_fields__}
    timeout = config.Execute.get("timeout", Limits.cell_seconds) if "Execute" in config else None
    return Limits(cell_seconds=timeout or Limits.cell_seconds, **values)
