"""nbgrader configuration of the Codekamp course.

The repository root is the nbgrader course directory: assignments are written in
``solutions/<id>/`` and ``nbgrader generate_assignment <id>`` makes the pupils' version in
``exercises/<id>/``.

Pupils' work never lands in the repository. Submissions, autograded notebooks, feedback and
the gradebook live in a grading folder: ``~/codekamp-grading`` unless the environment
variable ``CODEKAMP_GRADING_DIR`` names another one.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ComputeChecksums,
    IgnorePattern,
    IncludeHeaderFooter,
    InstantiateTests,
    LimitOutput,
    LockCells,
    SaveAutoGrades,
    SaveCells,
)

from codekamp_grading.clear_solutions import ClearSolutionsInPupilLanguage
from codekamp_grading.execute import GuardedExecute
from codekamp_grading.folders import grading_folder

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "codekamp"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

grading = grading_folder()
grading.mkdir(parents=True, exist_ok=True)
c.CourseDirectory.submitted_directory = str(grading / "submitted")
c.CourseDirectory.autograded_directory = str(grading / "autograded")
c.CourseDirectory.feedback_directory = str(grading / "feedback")
c.CourseDirectory.solution_directory = str(grading / "solution")
c.CourseDirectory.source_with_tests_directory = str(grading / "source_with_tests")
c.CourseDirectory.db_url = "sqlite:///" + (grading / "gradebook.db").as_posix()
# nbgrader's exchange (Release/Collect in the formgrader) is only for pupils who share this
# machine's files, as on a JupyterHub. Made in the grading folder, it exists, so the formgrader
# does not warn about a missing /usr/local/share/nbgrader/exchange. Pupils on Binder, at home or
# in JupyterLite hand in files instead (README: the teacher's path).
# On Codekamp's classroom server (codekamp-classroom) the exchange is the class's own, next to
# (not inside) the grading folder, which pupils cannot open: CODEKAMP_EXCHANGE_DIR names it.
exchange = Path(os.environ.get("CODEKAMP_EXCHANGE_DIR") or grading / "exchange")
exchange.mkdir(exist_ok=True)
c.Exchange.root = str(exchange)
# `nbgrader zip_collect <id>` takes the files a teacher collected from
# <grading folder>/downloaded/<id>/archive/ (loose notebooks or zip files).
c.ZipCollectApp.collect_directory_structure = str(
    grading / "downloaded" / "{assignment_id}" / "{collect_step}"
)

# Pupils hand in files named <pupil>_<notebook>.ipynb, e.g. lina_nl-00-welkom.ipynb
# (see the teacher's path in README.md); the pupil id is the part before the first "_".
c.FileNameCollectorPlugin.named_regexp = (
    r".*[\\/](?P<student_id>[^\\/_]+)_(?P<file_id>[^\\/]+\.ipynb)$"
)

# Every limit of grading, here in one place (codekamp_grading/limits.py says what each means;
# the values are the defaults). Each cell of a pupil's notebook may run for at most
# c.Execute.timeout seconds; a cell that does not stop when interrupted gets its kernel
# restarted, and the rest still runs.
c.Execute.timeout = 30
c.Execute.raise_on_iopub_timeout = False
c.GradingLimits.pupil_seconds = 0  # one pupil's whole notebook; 0: from the cell timeout
c.GradingLimits.interrupt_grace_seconds = 3.0  # for a cell to stop after an interrupt
c.GradingLimits.memory_mb = 1536  # memory of one pupil's Python
c.GradingLimits.cpu_seconds = 300  # processor time of one pupil's Python
c.GradingLimits.file_mb = 20  # largest file a pupil's code may write
c.GradingLimits.scratch_mb = 200  # all files a pupil's code writes, together
c.GradingLimits.open_files = 256
c.GradingLimits.output_kb = 100  # output kept per cell in the feedback
c.GradingLimits.data_files_mb = 50  # the assignment's data files copied for the pupil's code
c.GradingLimits.notebook_mb = 20  # largest handed-in notebook
c.GradingLimits.zip_mb = 200  # most a handed-in zip may unpack to
c.GradingLimits.pupils = 1000  # most pupils (and files that are nobody's) in one run
# A test cell that a pupil deleted is put back (and run) instead of needing manual grading.
c.OverwriteCells.add_missing_cells = True

# nbgrader's own autograding pipeline, with pupils' code run in a guarded kernel: on Linux a
# sandbox (memory, file size and CPU limits, no new processes, no files outside a scratch
# folder, no network, no signals to the grader), everywhere an output cap and hang recovery.
# Then everything that could run in a browser is taken out of the notebook (also what the
# pupil's code showed while it ran), before the teacher opens it in the formgrader.
from codekamp_grading.feedback import (  # noqa: E402 (here, beside the steps it adds)
    TEMPLATE_FOLDER,
    FeedbackInPupilLanguage,
    HideHiddenTests,
    HideTeacherPaths,
    SanitizeNotebook,
)

c.Autograde.autograde_preprocessors = [
    GuardedExecute,
    SanitizeNotebook,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# Every page made from a pupil's notebook (the formgrader's view of a submission, feedback)
# is made from a cleaned copy too, even for notebooks autograded before that step existed.
c.HTMLExporter.preprocessors = [SanitizeNotebook]
# Feedback for the pupil: in their language, without the hidden tests or the names of the
# teacher's folders, with long lines wrapped (templates/codekamp_feedback in codekamp_grading).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    HideHiddenTests,
    HideTeacherPaths,
    FeedbackInPupilLanguage,
]
c.GenerateFeedback.HTMLExporter.template_name = "codekamp_feedback"
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [TEMPLATE_FOLDER]

# nbgrader's own pipeline, with the "your code here" stub in the notebook's language.
c.GenerateAssignment.preprocessors = [
    IncludeHeaderFooter,
    InstantiateTests,
    LockCells,
    ClearSolutionsInPupilLanguage,
    ClearOutput,
    CheckCellMetadata,
    ComputeChecksums,
    SaveCells,
    ClearHiddenTests,
    ClearMarkScheme,
    ComputeChecksums,
    CheckCellMetadata,
]
