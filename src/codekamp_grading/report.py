"""The class report: one status per pupil (and per handed-in file that is nobody's), never a
silent zero; decided here, in one place, from what intake, grading and the execution step saw.

Everything from a pupil's file or kernel (names, notes) passes through ``safe_text`` before it
reaches the teacher's terminal, and through the spreadsheet's own escaping into the CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from codekamp.i18n import N_, translate
from codekamp_grading.grading import Outcome
from codekamp_grading.intake import HandIn
from codekamp_grading.precheck import Note
from codekamp_grading.sanitize import safe_text
from codekamp_grading.spreadsheet import number, write_grades_csv
from codekamp_grading.status import Incident, Status, worst


@dataclass
class PupilResult:
    """One row of the report."""

    label: str  # the pupil id, or the file's name for a file that is nobody's
    status: Status
    pupil: str | None = None
    score: float | None = None
    max_score: float | None = None
    notes: list[Note] = field(default_factory=list)

    @property
    def graded(self) -> bool:
        return self.status.graded

    def explain(self, language: str) -> str:
        """The notes, in the teacher's language, safe to print."""
        return safe_text(
            "; ".join(_say(message, values, language) for message, values in self.notes),
            limit=600,
        )


INCIDENT_NOTES = {
    Incident.TIMEOUT: N_("a cell ran longer than allowed and was stopped"),
    Incident.IGNORED_INTERRUPT: N_("it did not stop when asked, so Python was restarted"),
    Incident.KERNEL_DIED: N_("Python crashed and was restarted"),
    Incident.MEMORY: N_("a cell asked for more memory than allowed"),
    Incident.OUTPUT_CUT: N_("a cell printed a lot; the feedback shows the beginning"),
    Incident.BLOCKED: N_(
        "it tried something not allowed while grading (files, network or processes)"
    ),
    Incident.DISK_FULL: N_("its files grew larger than allowed, so Python was stopped"),
    Incident.REFUSED: N_("it tried to use {detail}, which only a way around the tests needs"),
    Incident.TEST_NOT_RUN: N_("the test {cell} did not run as written (0 points for it)"),
    Incident.TEST_RUN_EARLY: N_(
        "the test {cell} was run by the notebook itself before grading (0 points for it)"
    ),
    Incident.JUDGE_CHANGED: N_("it changed {detail} (that earns nothing)"),
    Incident.FORGED: N_("it wrote {detail} fake lines into the grader's verdict file"),
}
# The sandbox's protections (sandbox.PROTECTIONS) as the report names them; the teacher's
# guide explains each one.
PROTECTION_WORDS = {
    "memory": N_("memory"),
    "cpu time": N_("processor time"),
    "file size": N_("file size"),
    "scratch size": N_("disk space"),
    "open files": N_("open files"),
    "files": N_("files"),
    "network": N_("network"),
    "local sockets": N_("local connections"),
    "signals": N_("other programs"),
    "processes": N_("new programs"),
    "environment": N_("the grader's settings"),
    "terminal": N_("the terminal"),
    "lifetime": N_("stops with grading"),
}
TAMPERED_NOTE = N_("it changed grading files; they were restored: {files}")
COULD_NOT_GRADE = N_("nbgrader could not grade it: {error}")
NO_SCORE = N_("nbgrader gave no score: see the log")
WAITING_FOR_YOU = N_("{points} more points wait for you in the formgrader: the written answers")


def result_for(hand_in: HandIn, outcome: Outcome | None) -> PupilResult:
    """The one place a row's status is decided."""
    result = PupilResult(hand_in.label, hand_in.status, hand_in.pupil, notes=list(hand_in.notes))
    if not hand_in.status.graded or outcome is None:
        return result
    if outcome.tampered:
        result.status = Status.TAMPERED
        names = ", ".join(path.name for path in outcome.tampered)
        result.notes.append((TAMPERED_NOTE, {"files": names}))
        return result
    if not outcome.graded:
        result.status = Status.NOT_GRADABLE
        result.notes.append(
            outcome.problem or (COULD_NOT_GRADE, {"error": last_line(outcome.error)})
        )
        return result
    incidents = outcome.run.incidents
    result.status = worst([hand_in.status] + [what.status for what, *_ in incidents if what.status])
    result.notes += [note for note in outcome.run.notes if note not in result.notes]
    for what, cell, detail in incidents:
        note = (INCIDENT_NOTES[what], {"cell": cell, "detail": detail})
        if note not in result.notes:
            result.notes.append(note)
    return result


def scored(
    result: PupilResult, score: float | None, max_score: float | None, waiting: float = 0
) -> None:
    """Give a graded row its points (no points from nbgrader: not gradable after all), and say
    how many points of answers graded by hand (module 12's rubric) still wait for the teacher."""
    if score is None:
        result.status = Status.NOT_GRADABLE
        result.notes.append((NO_SCORE, {}))
        return
    result.score, result.max_score = score, max_score
    if waiting:
        points = int(waiting) if float(waiting).is_integer() else waiting
        result.notes.append((WAITING_FOR_YOU, {"points": points}))


def summary(
    results: list[PupilResult], assignment: str, protections: list[str], language: str
) -> str:
    """A short text for the teacher: every row, then what protected the grading."""

    def t(message: str) -> str:
        return translate(message, language)

    lines = [t(N_("Grades for {assignment}")).format(assignment=assignment), ""]
    labels = [safe_text(result.label, limit=40) for result in results]
    width = max([len(label) for label in labels] + [5])
    for label, result in zip(labels, results, strict=True):
        score = "—"
        if result.score is not None:  # 7,5 in Dutch and French, as in the spreadsheet
            score = f"{number(result.score, language)} / {number(result.max_score, language)}"
        status, explanation = result.status.words(language), result.explain(language)
        if explanation:  # "status: notes" (with the colon as the language writes it)
            status = t(N_("{status}: {notes}")).format(status=status, notes=explanation)
        lines.append(f"  {label:<{width}}  {score:>9}  {status}")
    graded = sum(result.graded for result in results)
    lines += [
        "",
        t(N_("{graded} of {total} graded.")).format(graded=graded, total=len(results)),
    ]
    if not graded:
        return "\n".join(lines)
    if protections:
        ordered = [key for key in PROTECTION_WORDS if key in protections]
        words = ", ".join(t(PROTECTION_WORDS[key]) for key in ordered)
        lines.append(t(N_("Protected while grading: {list}.")).format(list=words))
    else:
        lines.append(
            t(
                N_(
                    "This computer has no sandbox for the pupils' code (it has on Linux): "
                    "grading files were checked after each pupil and restored instead."
                )
            )
        )
    return "\n".join(lines)


def write_grades(results: list[PupilResult], assignment: str, path: Path, language: str) -> None:
    """The grades spreadsheet: one row per pupil, with status and explanation."""
    rows = [
        {
            "pupil": result.label,
            "assignment": assignment,
            "status": str(result.status),
            "score": result.score,
            "max_score": result.max_score,
            "explanation": result.explain(language),
        }
        for result in results
    ]
    write_grades_csv(rows, path, language)


# Values that are words of Codekamp's own (what the judge refused or saw changed, what the
# cleaning removed), listed with ", ": translated with the note. Others (names) stay as given.
WORDS = ("detail", "kinds", "fields")


def _say(message: str, values: dict, language: str) -> str:
    clean = {}
    for name, value in values.items():
        text = str(value)
        if name in WORDS:
            text = ", ".join(translate(part, language) for part in text.split(", "))
        clean[name] = safe_text(text, limit=300)
    try:
        return translate(message, language).format(**clean)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return message.format(**clean)


def last_line(text: str) -> str:
    """The last line of a message that says something (nbgrader's errors end with the cause)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "?"
