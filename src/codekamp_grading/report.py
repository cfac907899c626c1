"""The class report: one status per pupil, never a silent zero.

Statuses: ``ok``, ``restored`` (tampered or deleted cells were put back), ``timeout``,
``memory``, ``kernel died``, ``huge output`` (all graded, with what happened), and the ones
that are not graded: ``invalid notebook``, ``other assignment``, ``no pupil id``,
``tampered`` (it tried to change grading files; they were restored), ``not gradable``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from codekamp.i18n import N_, translate

GRADED = (
    "ok",
    "restored",
    "timeout",
    "memory",
    "kernel died",
    "huge output",
    "blocked",
    "suspicious",
)
NOT_GRADED = ("invalid notebook", "other assignment", "no pupil id", "tampered", "not gradable")

STATUS_WORDS = {
    "ok": N_("ok"),
    "restored": N_("cells restored"),
    "timeout": N_("timeout"),
    "memory": N_("too much memory"),
    "kernel died": N_("Python crashed"),
    "huge output": N_("output cut off"),
    "blocked": N_("blocked by the sandbox"),
    "suspicious": N_("check by hand"),
    "invalid notebook": N_("invalid notebook"),
    "other assignment": N_("other assignment"),
    "no pupil id": N_("no pupil id"),
    "tampered": N_("tampered"),
    "not gradable": N_("not gradable"),
}

INCIDENT_NOTES = {
    "timeout": N_("a cell ran longer than allowed and was stopped"),
    "ignored interrupt": N_("it did not stop when asked, so Python was restarted"),
    "kernel died": N_("Python crashed and was restarted"),
    "memory": N_("a cell asked for more memory than allowed"),
    "huge output": N_("a cell printed too much; the rest was cut off"),
    "blocked": N_("it tried something not allowed while grading (files, network or processes)"),
}


@dataclass
class PupilResult:
    """What grading gave for one pupil."""

    pupil: str
    status: str = "ok"
    score: float | None = None
    max_score: float | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)  # English message and values

    @property
    def graded(self) -> bool:
        return self.status in GRADED

    def explain(self, language: str) -> str:
        """The notes, in the teacher's language."""
        return "; ".join(
            translate(message, language).format(**values) for message, values in self.notes
        )


def status_from_incidents(incidents: list[dict], repaired: bool, suspicious: bool = False) -> str:
    """The one status that says most about a graded pupil."""
    kinds = {incident["what"] for incident in incidents}
    if suspicious:
        return "suspicious"
    # ("ignored interrupt" always follows a "timeout" of the same cell.)
    for status in ("kernel died", "memory", "timeout", "huge output", "blocked"):
        if status in kinds:
            return status
    return "restored" if repaired else "ok"


def write_csv(results: list[PupilResult], assignment: str, path: Path, language: str) -> None:
    """grades.csv for a spreadsheet: one row per pupil, with status and explanation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["pupil", "assignment", "status", "score", "max_score", "explanation"])
        for result in results:
            writer.writerow(
                [result.pupil, assignment, result.status,
                 "" if result.score is None else result.score,
                 "" if result.max_score is None else result.max_score,
                 result.explain(language)]
            )  # fmt: skip


def summary(
    results: list[PupilResult], assignment: str, protections: list[str], language: str
) -> str:
    """A short text for the teacher: every pupil, then what protected the grading."""

    def t(message: str) -> str:
        return translate(message, language)

    lines = [t(N_("Grades for {assignment}")).format(assignment=assignment), ""]
    width = max([len(r.pupil) for r in results] + [5])
    for result in results:
        score = "—" if result.score is None else f"{result.score:g} / {result.max_score:g}"
        line = f"  {result.pupil:<{width}}  {score:>9}  {t(STATUS_WORDS[result.status])}"
        explanation = result.explain(language)
        lines.append(line + (f": {explanation}" if explanation else ""))
    graded = sum(r.graded for r in results)
    lines += [
        "",
        t(N_("{graded} of {total} notebooks graded.")).format(graded=graded, total=len(results)),
    ]
    if protections:
        lines.append(t(N_("Active protections: {list}.")).format(list=", ".join(protections)))
    else:
        lines.append(
            t(
                N_(
                    "No sandbox on this computer: grading files were checked and restored after "
                    "each pupil instead."
                )
            )
        )
    return "\n".join(lines)
