"""One vocabulary for what happened to a pupil's hand-in, shared by intake, precheck, execution,
grading and the report.

A status is a short, stable English key (it is what the spreadsheet's ``status`` column holds,
so a teacher can filter on it in any language) with words for the teacher in their language.
A pupil is *graded* when nbgrader scored their notebook, even if something happened on the way
(a timeout, a restored cell): the points are real and the note says what happened. The other
statuses mean "no points were given": the teacher must act.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

from codekamp.i18n import N_, translate


class Status(StrEnum):
    """What happened to one pupil (or one handed-in file that is nobody's)."""

    # Graded: the points are real.
    OK = "ok"
    RESTORED = "restored"  # test cells or their marks were put back as the teacher wrote them
    TIMEOUT = "timeout"  # a cell ran too long and was stopped; the rest was graded
    MEMORY = "memory"  # a cell asked for too much memory
    KERNEL_DIED = "kernel died"  # Python crashed and was restarted
    BLOCKED = "blocked"  # the sandbox stopped something (files, network, processes)
    CHECK_BY_HAND = "check by hand"  # it tried to fool the tests: the note says what was seen

    # Not graded: the teacher must act.
    INVALID_NOTEBOOK = "invalid notebook"  # damaged or not a notebook at all
    OTHER_ASSIGNMENT = "other assignment"
    NO_PUPIL_ID = "no pupil id"  # the name does not say whose it is
    NO_NOTEBOOK = "no notebook"  # a pupil's folder or zip without a notebook in it
    DAMAGED_ZIP = "damaged zip"
    ENCRYPTED_ZIP = "encrypted zip"
    TOO_LARGE = "too large"
    UNSAFE_PATH = "unsafe path"  # a zip member that would land outside its folder
    TAMPERED = "tampered"  # it changed grading files; they were restored
    NOT_GRADABLE = "not gradable"  # nbgrader failed on it twice

    @property
    def graded(self) -> bool:
        """Did nbgrader give this pupil real points?"""
        return self in _GRADED

    def words(self, language: str) -> str:
        """The status as the teacher reads it, in ``language``."""
        return translate(_WORDS[self], language)


_GRADED = frozenset(
    {
        Status.OK,
        Status.RESTORED,
        Status.TIMEOUT,
        Status.MEMORY,
        Status.KERNEL_DIED,
        Status.BLOCKED,
        Status.CHECK_BY_HAND,
    }
)

_WORDS = {
    Status.OK: N_("ok"),
    Status.RESTORED: N_("cells restored"),
    Status.TIMEOUT: N_("timeout"),
    Status.MEMORY: N_("too much memory"),
    Status.KERNEL_DIED: N_("Python crashed"),
    Status.BLOCKED: N_("blocked by the sandbox"),
    Status.CHECK_BY_HAND: N_("check by hand"),
    Status.INVALID_NOTEBOOK: N_("invalid notebook"),
    Status.OTHER_ASSIGNMENT: N_("other assignment"),
    Status.NO_PUPIL_ID: N_("no pupil id"),
    Status.NO_NOTEBOOK: N_("no notebook"),
    Status.DAMAGED_ZIP: N_("damaged zip"),
    Status.ENCRYPTED_ZIP: N_("encrypted zip"),
    Status.TOO_LARGE: N_("too large"),
    Status.UNSAFE_PATH: N_("unsafe path"),
    Status.TAMPERED: N_("tampered"),
    Status.NOT_GRADABLE: N_("not gradable"),
}


class Incident(StrEnum):
    """Something that happened while a pupil's notebook ran (several per pupil are possible).

    Written by the execution step into the pupil's status file, read by the report.
    """

    TIMEOUT = "timeout"
    IGNORED_INTERRUPT = "ignored interrupt"
    KERNEL_DIED = "kernel died"
    MEMORY = "memory"
    OUTPUT_CUT = "output cut"  # large output was shortened for the feedback: not a status
    BLOCKED = "blocked"
    DISK_FULL = "disk full"  # the scratch folder grew past its total size
    REFUSED = "refused"  # the guard refused something only a cheat needs (detail says what)
    TEST_NOT_RUN = "test not run"  # a test cell did not reach the judge as written
    TEST_RUN_EARLY = "test run early"  # a test ran before the grader asked for it
    JUDGE_CHANGED = "judge changed"  # Codekamp's checks or Python's built-ins were changed
    FORGED = "forged"  # lines in the judge's verdict file that the judge did not write

    @property
    def status(self) -> Status | None:
        """The pupil status this incident leads to (None: a note only)."""
        return _INCIDENT_STATUS.get(self)


_INCIDENT_STATUS = {
    Incident.TIMEOUT: Status.TIMEOUT,
    Incident.IGNORED_INTERRUPT: Status.TIMEOUT,
    Incident.KERNEL_DIED: Status.KERNEL_DIED,
    Incident.MEMORY: Status.MEMORY,
    Incident.BLOCKED: Status.BLOCKED,
    Incident.DISK_FULL: Status.BLOCKED,
    Incident.REFUSED: Status.CHECK_BY_HAND,
    Incident.TEST_NOT_RUN: Status.CHECK_BY_HAND,
    Incident.TEST_RUN_EARLY: Status.CHECK_BY_HAND,
    Incident.JUDGE_CHANGED: Status.CHECK_BY_HAND,
    Incident.FORGED: Status.CHECK_BY_HAND,
}

# When several incidents happened, the status that says most wins (a cheat first).
PRECEDENCE = (
    Status.CHECK_BY_HAND,
    Status.BLOCKED,  # before "crashed": the sandbox may have been what stopped Python
    Status.KERNEL_DIED,
    Status.MEMORY,
    Status.TIMEOUT,
    Status.RESTORED,
    Status.OK,
)


def worst(statuses: list[Status]) -> Status:
    """Of several graded statuses, the one the teacher most needs to see."""
    present = set(statuses)
    return next((status for status in PRECEDENCE if status in present), Status.OK)


@dataclass
class RunReport:
    """What the execution step saw while one pupil's notebook ran: written by the grading
    kernel's side (``execute.GuardedExecute``) into the pupil's status file, read by the
    class report. One JSON form, read and written here only."""

    incidents: list[tuple[Incident, str, str]] = field(default_factory=list)  # what, cell, detail
    protections: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[tuple[str, dict]] = field(default_factory=list)  # other steps' (message, values)

    def note(self, what: Incident, cell: str = "", detail: str = "") -> None:
        entry = (what, cell, detail)
        if entry not in self.incidents:
            self.incidents.append(entry)

    def to_json(self) -> str:
        return json.dumps(
            {
                "incidents": [[str(what), cell, detail] for what, cell, detail in self.incidents],
                "protections": sorted(set(self.protections)),
                "seconds": round(self.seconds, 2),
                "notes": [[message, values] for message, values in self.notes],
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> RunReport:
        data = json.loads(text)
        known = {incident.value for incident in Incident}
        incidents = [
            (Incident(what), str(cell), str(detail))
            for what, cell, detail in data.get("incidents", [])
            if what in known
        ]
        notes = [
            (str(message), dict(values))
            for message, values in data.get("notes", [])
            if isinstance(values, dict)
        ]
        return cls(
            incidents, list(data.get("protections", [])), float(data.get("seconds", 0)), notes
        )
