"""nbgrader steps for what the teacher and the pupil get to see of a pupil's notebook.

Each is one small nbgrader preprocessor, plugged in by configuration (``nbgrader_config.py``):

- :class:`SanitizeNotebook` takes out everything that could run in a browser (see
  :mod:`codekamp_grading.sanitize`): after the pupil's code ran while autograding, so what it
  showed is clean too, and again whenever a page is made from a notebook (the formgrader,
  feedback), so notebooks graded before this step existed are shown clean too;
- :class:`HideHiddenTests` takes the hidden tests out of the test cells of a feedback page,
  and the tracebacks that would quote them;
- :class:`HideTeacherPaths` puts short words instead of the teacher's folders in outputs;
- :class:`FeedbackInPupilLanguage` gives the page template the pupil's language and its words
  (``templates/codekamp_feedback``: nbgrader's feedback page, in the pupil's words, with long
  lines wrapped).
"""

from __future__ import annotations

import html
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Dict, Unicode

from codekamp.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, translate
from codekamp_grading.folders import grading_folder, status_file
from codekamp_grading.sanitize import Note, safe_text, sanitize_notebook
from codekamp_grading.status import RunReport

TEMPLATE_FOLDER = str(Path(__file__).parent / "templates")
"""Where nbconvert finds the feedback template, ``codekamp_feedback``."""


class SanitizeNotebook(NbGraderPreprocessor):
    """Take everything that could run in a browser out of the notebook.

    While autograding, what was removed is also noted in the pupil's status file, for the
    class report.
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        notes = sanitize_notebook(nb)
        for message, values in notes:
            self.log.warning("Pupil's notebook: %s", safe_text(message.format(**values), 300))
        if notes and os.environ.get("NBGRADER_EXECUTION") == "autograde":
            _note_in_status_file(notes, resources)
        return nb, resources


def _note_in_status_file(notes: list[Note], resources: dict) -> None:
    """Add the notes to the status file that GuardedExecute wrote for this pupil."""
    info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
    pupil, assignment = info.get("student"), info.get("assignment")
    if not pupil or not assignment:
        return
    path = status_file(grading_folder(), assignment, pupil)
    try:
        report = RunReport.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return
    report.notes += [note for note in notes if note not in report.notes]
    path.write_text(report.to_json(), encoding="utf-8")


class HideHiddenTests(ClearHiddenTests):
    """Take the hidden tests out of the test cells, for the pupil's feedback page.

    The same markers as nbgrader's ClearHiddenTests (``### BEGIN HIDDEN TESTS`` ...), but only
    in test cells (the teacher's; a pupil's cell is never touched), never failing, and the
    error a test cell raised is shown without its traceback, which would quote the hidden lines.
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict, cell_index: int
    ) -> tuple[NotebookNode, dict]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not grading.get("grade") or grading.get("solution"):
            return cell, resources
        try:
            removed = self._remove_hidden_test_region(cell)
        except RuntimeError:  # markers that do not pair up: hide all from the first one on
            lines = cell.source.split("\n")
            first = next(i for i, line in enumerate(lines) if self.begin_test_delimeter in line)
            cell.source, removed = "\n".join(lines[:first]), True
        if removed:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', '')}: {output.get('evalue', '')}"]
        return cell, resources


FOLDER_WORDS = {
    "course": N_("course"),
    "grading": N_("grading"),
    "python": "python",
    "temporary": "tmp",
    "home": "~",
}
"""The words that stand for the teacher's folders in a feedback page."""


class HideTeacherPaths(NbGraderPreprocessor):
    """Put short words instead of the teacher's folders (course, grading folder, Python,
    temporary folder, home) in the outputs: a traceback shows
    ``course/src/codekamp/check.py`` rather than where the teacher keeps the course."""

    extra_folders = Dict(
        value_trait=Unicode(), help="More folders to hide, as {folder: the word shown instead}."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        language = pupil_language(nb, resources)
        words = {key: translate(word, language) for key, word in FOLDER_WORDS.items()}
        folders = {str(folder): words[key] for key, folder in self._folders()}
        folders.update(self.extra_folders)
        hide = path_hider(folders)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                _hide_in_output(output, hide)
        return nb, resources

    def _folders(self) -> list[tuple[str, Path]]:
        import codekamp

        return [
            ("course", self._course_folder()),
            ("grading", grading_folder()),
            ("python", Path(sys.prefix)),
            ("python", Path(sys.base_prefix)),
            ("python", Path(codekamp.__file__).parents[1]),
            ("temporary", Path(tempfile.gettempdir())),
            ("home", Path.home()),
        ]

    def _course_folder(self) -> Path:
        """nbgrader's course folder, as the command that runs this step knows it."""
        owner: Any = self.parent
        while owner is not None:
            coursedir = getattr(owner, "coursedir", None)
            if coursedir is not None:
                return Path(coursedir.root)
            owner = getattr(owner, "parent", None)
        return Path.cwd()


def path_hider(folders: dict[str, str]):
    """A function that replaces each folder in a text by its word, longest folder first.

    >>> hide = path_hider({"/home/an": "~", "/home/an/klas": "course"})
    >>> hide("File /home/an/klas/x.py, and /home/anna stays")
    'File course/x.py, and /home/anna stays'
    """
    spellings: dict[str, str] = {}
    for folder, word in folders.items():
        path = Path(folder)
        if len(path.parts) < 2:  # never "/" itself
            continue
        for spelling in {str(path), path.as_posix(), os.path.realpath(path)}:
            spellings.setdefault(spelling, word)
    if not spellings:
        return lambda text: text
    ordered = sorted(spellings, key=len, reverse=True)
    # Not when the name goes on ("/home/an" in "/home/anna"); colour codes may come before.
    pattern = re.compile("(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w.-])")
    return lambda text: pattern.sub(lambda match: spellings[match.group(0)], text)


def _hide_in_output(output: dict, hide) -> None:
    if output.get("output_type") == "stream" and isinstance(output.get("text"), str):
        output["text"] = hide(output["text"])
    if output.get("output_type") == "error":
        for key in ("ename", "evalue"):
            if isinstance(output.get(key), str):
                output[key] = hide(output[key])
        output["traceback"] = [
            hide(line) if isinstance(line, str) else line for line in output.get("traceback", [])
        ]
    data = output.get("data", {})
    for mime, value in data.items():
        if isinstance(value, str) and (mime.startswith("text/") or mime == "image/svg+xml"):
            data[mime] = hide(value)


def pupil_language(nb: NotebookNode, resources: dict) -> str:
    """The pupil's language: the notebook's ``codekamp.language``, else the start of the
    assignment's name (``nl-00-welkom``), else English."""
    metadata = nb.get("metadata", {}).get("codekamp", {})
    language = metadata.get("language") if isinstance(metadata, dict) else None
    if language in LANGUAGES:
        return language
    assignment = str(resources.get("nbgrader", {}).get("assignment", ""))
    prefix = assignment[:2]
    return prefix if prefix in LANGUAGES and assignment[2:3] in ("-", "_") else SOURCE_LANGUAGE


FEEDBACK_WORDS = {
    "title": N_("Feedback on {notebook}"),
    "score": N_("Score: {score} / {max_score}"),
    "test": N_("Test"),
    "answer": N_("Your answer"),
    "code": N_("Your code"),
    "written": N_("Your written answer"),
    "task": N_("Your task"),
    "comment": N_("Comment from your teacher"),
    "comments": N_("Your teacher's comments:"),
    "late": N_("Handed in late: {penalty} points less"),
    "top": N_("Back to the top"),
}
"""What the feedback page says, for the pupil (nbgrader's page speaks to a teacher)."""


class Words:
    """The feedback page's words in one language: ``say("score", score=7.5, max_score=10)``
    gives ``Score: 7,5 / 10`` in Dutch, ready to put in HTML."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        message = translate(FEEDBACK_WORDS[key], self.language)
        shown = {name: self.number(value) for name, value in values.items()}
        return html.escape(message.format(**shown))

    def number(self, value: object) -> str:
        """A score as pupils write it: at most two decimals, a decimal comma in nl and fr."""
        try:
            number = round(float(value), 2)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
        text = f"{number:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.language in ("nl", "fr") else text


class FeedbackInPupilLanguage(NbGraderPreprocessor):
    """Give the feedback template the pupil's language and words:
    ``resources.codekamp.language`` and ``resources.codekamp.say``."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        language = pupil_language(nb, resources)
        resources["codekamp"] = {"language": language, "say": Words(language)}
        return nb, resources
