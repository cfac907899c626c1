"""The adversarial corpus: honest pupils and bad hand-ins, graded together with the real command.

Two classes: one for nl-00-welkom (values and text) and one for nl-01-schildpad (drawings,
checked by comparing pictures). Each case says what the pupil handed in (built from the real
exercise, so the corpus follows the assignment), the status the class report must give and
the points the pupil must get (None: not graded). The cases follow the red team's classes:

- ``a``: the first corpus (loops, memory, processes, files, network, signals, tampered cells);
- ``b``: a notebook that would act as the teacher (scripts, escape sequences);
- ``c``: side doors out of the sandbox (UDP, MPTCP, local sockets, the grader's environment,
  filling the disk);
- ``d``: one pupil, one hand-in, one grade (a classmate's file, several copies);
- ``e``: hand-ins that must not stop the class (damaged, encrypted, nested, unsafe zips, …);
- ``f`` and ``g``: ways to reach the judge (tracing, ctypes, IPython, imports, frames, forged
  verdicts, early tests), in both assignments;
- ``h``: honest work that must not be wronged;
- ``m``: tampered grading marks.

Paths that a case attacks (the solution, another pupil's work, the gradebook) are filled in
when the corpus is written, from the course and grading folders.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from adversarial.zips import NEW, OLD, damage, forge_headers, make_zip

ROOT = Path(__file__).resolve().parents[2]
WELCOME = "nl-00-welkom"
DRAWING = "nl-01-schildpad"
ASSIGNMENT = WELCOME  # the first corpus's assignment (kept for the tests that use it)


def right_answers(assignment: str) -> dict[str, str]:
    """The teacher's answers (answer cell id -> source), from ``solutions/``."""
    notebook = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    answers = {}
    for cell in notebook.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            lines = [line for line in cell.source.splitlines() if "### " not in line]
            answers[cell.id] = "\n".join(lines)
    return answers


RIGHT = right_answers(WELCOME)


def answered(exercise: Path, answers: dict | None = None) -> nbformat.NotebookNode:
    """The exercise as a pupil hands it in: the teacher's answers, except where ``answers``
    (answer cell id -> source) says otherwise."""
    notebook = nbformat.read(exercise, as_version=4)
    chosen = {**right_answers(exercise.parent.name), **(answers or {})}
    for cell in notebook.cells:
        if cell.id in chosen:
            cell.source = chosen[cell.id]
    return notebook


# What a case hands in: a notebook (maybe changed) under the usual name, or files of its own.
Change = Callable[[nbformat.NotebookNode, dict], "nbformat.NotebookNode | bytes"]
Write = Callable[[Path, bytes, dict], None]  # (hand-in folder, the notebook's bytes, paths)


@dataclass(frozen=True)
class Case:
    label: str  # the report's row: the pupil id, or the file's name when it is nobody's
    what: str
    status: str
    points: float | None
    answers: dict | None = None  # answer cell id -> source, on top of the right answers
    change: Change | None = None
    write: Write | None = None  # default: <label>_<assignment>.ipynb


# -- changes to the notebook -----------------------------------------------------------------


def first_cell(source: str) -> dict:
    return {"seconds-per-hour": source}


def delete(cell_id: str) -> Change:
    def change(notebook, paths):
        notebook.cells = [c for c in notebook.cells if c.id != cell_id]
        return notebook

    return change


def edit(cell_id: str, source: str) -> Change:
    def change(notebook, paths):
        for cell in notebook.cells:
            if cell.id == cell_id:
                cell.source = source
        return notebook

    return change


def duplicate(cell_id: str) -> Change:
    def change(notebook, paths):
        index = next(i for i, c in enumerate(notebook.cells) if c.id == cell_id)
        copy = nbformat.from_dict(nbformat.v4.new_code_cell(notebook.cells[index].source))
        copy.metadata = dict(notebook.cells[index].metadata)
        notebook.cells.insert(index + 1, copy)
        return notebook

    return change


def marks(cell_id: str, **changed) -> Change:
    """Change a cell's nbgrader marks (``None`` removes them all)."""

    def change(notebook, paths):
        for cell in notebook.cells:
            if cell.id == cell_id:
                if changed.get("remove"):
                    cell.metadata = {}
                    cell.source = "pass"
                else:
                    cell.metadata["nbgrader"] = {**cell.metadata["nbgrader"], **changed}
        return notebook

    return change


def add_cell(cell, after: str | None = None) -> Change:
    def change(notebook, paths):
        index = len(notebook.cells)
        if after is not None:
            index = next(i for i, c in enumerate(notebook.cells) if c.id == after) + 1
        notebook.cells.insert(index, cell)
        return notebook

    return change


def move_above(cell_id: str, above: str) -> Change:
    def change(notebook, paths):
        cell = next(c for c in notebook.cells if c.id == cell_id)
        notebook.cells.remove(cell)
        index = next(i for i, c in enumerate(notebook.cells) if c.id == above)
        notebook.cells.insert(index, cell)
        return notebook

    return change


def with_output(*outputs) -> Change:
    """Outputs already in the file, on the first answer cell."""

    def change(notebook, paths):
        cell = next(c for c in notebook.cells if c.cell_type == "code" and "solution" in
                    c.get("metadata", {}).get("nbgrader", {}) and
                    c.metadata.nbgrader.get("solution"))  # fmt: skip
        cell.outputs = [nbformat.from_dict(output) for output in outputs]
        return notebook

    return change


def corrupt(notebook, paths):
    return nbformat.writes(notebook).encode()[:500]


def other_language(notebook, paths):
    return nbformat.read(paths["french exercise"], as_version=4)


def nested_json(notebook, paths):
    return b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def old_format(notebook, paths):
    """As an editor saves it: nbformat 4.2, but the cells keep their ids (as VS Code does)."""
    notebook.nbformat_minor = 2
    return json.dumps(notebook, ensure_ascii=False).encode()


def latin1(notebook, paths):
    """Saved by an old editor: not UTF-8 at all."""
    for cell in notebook.cells:
        if cell.id == "banner":
            cell.source = 'naam = "Zoë"\nspandoek = "*** " + naam + " ***"\nprint(spandoek)'
    return nbformat.writes(notebook).encode("latin-1", "replace")


def no_metadata(notebook, paths):
    notebook.metadata = {}
    return notebook


# -- files of their own ----------------------------------------------------------------------


def named(name: str) -> Write:
    def write(folder, notebook, paths):
        (folder / name).write_bytes(notebook)

    return write


def zipped(name: str, members: Callable[[bytes, dict], dict], then=None) -> Write:
    """A zip ``name`` with ``members(notebook, paths)``; ``then(path)`` spoils it afterwards."""

    def write(folder, notebook, paths):
        path = make_zip(folder / name, members(notebook, paths))
        if then is not None:
            then(path)

    return write


def in_folder(name: str, files: Callable[[bytes, dict], dict]) -> Write:
    def write(folder, notebook, paths):
        (folder / name).mkdir()
        for file, content in files(notebook, paths).items():
            (folder / name / file).write_bytes(content)

    return write


def copies(folder: Path, notebook: bytes, paths: dict) -> None:
    """The right notebook, and a later copy (as a browser names a second download) that is
    wrong."""
    first, later = (
        folder / f"d02-copies_{WELCOME}.ipynb",
        folder / f"d02-copies_{WELCOME} (1).ipynb",
    )
    first.write_bytes(notebook)
    later.write_bytes(wrong_notebook(paths))
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(later, (1_700_000_600, 1_700_000_600))


def own(notebook, paths) -> dict:
    return {f"{WELCOME}.ipynb": notebook}


def wrong_notebook(paths) -> bytes:
    """nl-00-welkom handed in with its exercise's answers left open (all tests fail)."""
    return paths["exercise"].read_bytes()


def bomb(notebook, paths) -> dict:
    """One notebook that unpacks to far more than a zip may (zeros compress to nothing)."""
    return {f"{WELCOME}.ipynb": b" " * (210 * 1024**2)}


def ten_thousand(notebook, paths) -> dict:
    small = nbformat.writes(nbformat.v4.new_notebook()).encode()
    members = {f"kopie-{number}.ipynb": small for number in range(10_000)}
    members[f"{WELCOME}.ipynb"] = (notebook, NEW)
    return members


STUBBORN_LOOP = """while True:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        pass"""

SCRIPTS_MARKDOWN = nbformat.v4.new_markdown_cell(
    "Kijk mijn werk!<script>fetch('/api/contents/pwned.txt', {method: 'PUT'})</script>"
    '<img src=x onerror="window.pwned=1"><svg onload="window.pwned=2"></svg>'
)
ACTIVE_OUTPUTS = (
    {"output_type": "display_data", "metadata": {},
     "data": {"text/html": "<b>hoi</b><script>window.pwned=3</script>",
              "application/javascript": "window.pwned=4", "text/plain": "hoi"}},
)  # fmt: skip
JS_WHILE_GRADING = (
    "from IPython.display import HTML, Javascript, display\n"
    "display(Javascript('window.pwned=5'))\n"
    "display(HTML('<img src=x onerror=\"window.pwned=6\">'))\n"
    "seconden_per_uur = 60 * 60"
)
ESCAPES = (
    "import os, sys\n"
    "os.write(1, b'\\x1b]0;pwned\\x07\\x1b[2J')\n"
    "os.write(2, b'\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J  mila  10 / 10  ok\\n')\n"
    "sys.__stderr__.write('\\x1b[2J')\n"
    "seconden_per_uur = 60 * 60"
)
FORGED_VERDICTS = (  # into every open file (not the kernel's sockets): one is the verdicts'
    "import os, stat\n"
    "for fd in range(3, 200):\n"
    "    try:\n"
    "        if stat.S_ISREG(os.fstat(fd).st_mode):\n"
    "            os.write(fd, b'\\n' + b'0' * 64 + b' dmVyZGljdB90ZXN0LWJhbm5lch9wYXNz\\n')\n"
    "    except OSError:\n"
    "        pass\n"
    "seconden_per_uur = 60 * 60"
)

CASES = [
    # a: the first corpus
    Case("h1-right", "honest, all right", "ok", 10),
    Case("h2-right", "honest, all right", "ok", 10),
    Case("h3-partly", "honest, two answers wrong", "ok", 5,
         answers={"days-old": "leeftijd = 11\ndagen = leeftijd * 12", "fix-total": 'totaal = "12" + "5"'}),
    Case("a01-loop", "infinite loop", "timeout", 8, answers=first_cell("while True:\n    pass")),
    Case("a02-stubborn", "loop that ignores interrupts", "timeout", 8, answers=first_cell(STUBBORN_LOOP)),
    Case("a03-memory", "memory bomb", "memory", 8,
         answers=first_cell("blok = bytearray(5 * 1024**3)\nseconden_per_uur = 3600")),
    Case("a04-forkbomb", "fork bomb", "blocked", 8, answers=first_cell("import os\nwhile True:\n    os.fork()")),
    Case("a05-orphan", "orphan process", "blocked", 8, answers=first_cell(
        'import subprocess\nsubprocess.Popen(["sleep", "600"], start_new_session=True)\nseconden_per_uur = 3600')),
    Case("a06-output", "huge output: cut for the feedback, not a status", "ok", 10,
         answers=first_cell('print("x" * 5_000_000)\nseconden_per_uur = 60 * 60')),
    Case("a07-deleted", "deleted test cell", "restored", 10, change=delete("test-banner")),
    Case("a08-edited", "edited test cell, wrong answer", "restored", 7,
         change=edit("test-banner", "pass"), answers={"banner": 'naam = "Mila"\nspandoek = naam'}),
    Case("a09-copied", "duplicated test cell", "restored", 10, change=duplicate("test-days-old")),
    Case("a10-stripped", "stripped test cell metadata", "restored", 10, change=marks("test-fix-total", remove=True)),
    Case("a11-helper", "redefined the public checks, wrong answer", "check by hand", 8, answers=first_cell(
        "import codekamp.check\ncodekamp.check.expect_equal = lambda *a, **k: None\n"
        "codekamp.check.expect_defined = lambda *a, **k: None\nseconden_per_uur = 1")),
    Case("a12-alwaysequal", "always-equal object earns nothing", "ok", 8, answers=first_cell(
        "class Altijd:\n    def __eq__(self, other):\n        return True\n\nseconden_per_uur = Altijd()")),
    Case("a13-builtins", "monkeypatched builtins break Python itself", "kernel died", 8, answers=first_cell(
        'import builtins\nbuiltins.type = lambda x: int\nbuiltins.print = lambda *a: None\nseconden_per_uur = "3600"')),
    Case("a14-sysexit", "sys.exit()", "ok", 8, answers=first_cell("import sys\nsys.exit(0)")),
    Case("a15-osexit", "os._exit()", "kernel died", 8, answers=first_cell("import os\nos._exit(1)")),
    Case("a16-corrupt", "corrupt JSON", "invalid notebook", None, change=corrupt),
    Case("a17-hidden", "reads the hidden tests", "blocked", 8,
         answers=first_cell('print(open("{solution}").read())')),
    Case("a18-classmate", "reads another pupil's notebook", "blocked", 8,
         answers=first_cell('print(open("{classmate}").read())')),
    Case("a19-gradebook", "overwrites the gradebook", "blocked", 8, answers=first_cell(
        'import sqlite3\ndb = sqlite3.connect("{gradebook}")\ndb.execute("update grade set manual_score = 0")\n'
        "db.commit()")),
    Case("a20-outside", "writes outside its folder", "blocked", 8,
         answers=first_cell('open("{outside}", "w").write("pwned")')),
    Case("a21-network", "network access", "blocked", 8,
         answers=first_cell('import socket\nsocket.create_connection(("127.0.0.1", 9), timeout=2)')),
    Case("a22-killer", "kills the grader", "blocked", 8,
         answers=first_cell("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")),
    Case("a23-transformer", "input transformer turns tests into pass", "check by hand", 0, answers=first_cell(
        'get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])\nseconden_per_uur = 1')),
    Case("a24-french", "notebook of another assignment", "other assignment", None, change=other_language),
    Case(f"{WELCOME}.ipynb", "no pupil id in the file name", "no pupil id", None, write=named(f"{WELCOME}.ipynb")),
    # b: acting as the teacher
    Case("b01-scripts", "scripts and event handlers in markdown", "ok", 10, change=add_cell(SCRIPTS_MARKDOWN)),
    Case("b02-outputs", "HTML and JavaScript outputs already in the file", "ok", 10,
         change=with_output(*ACTIVE_OUTPUTS)),
    Case("b03-live-js", "JavaScript and HTML displayed while grading", "ok", 10, answers=first_cell(JS_WHILE_GRADING)),
    Case("b04-escapes", "escape sequences for the teacher's terminal", "ok", 10, answers=first_cell(ESCAPES)),
    Case("b05\x1b[2J\x1b]0;x\x07_" + WELCOME + ".ipynb", "escape sequences in the file name", "no pupil id", None,
         write=named("b05\x1b[2J\x1b]0;x\x07_" + WELCOME + ".ipynb")),
    # c: side doors
    Case("c01-udp", "UDP to the teacher's machine", "blocked", 8, answers=first_cell(
        'import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"hi", ("127.0.0.1", 9))')),
    Case("c02-mptcp", "MPTCP to a TCP server", "blocked", 8, answers=first_cell(
        "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)\ns.connect(('127.0.0.1', 9))")),
    Case("c03-unix", "a UNIX socket (D-Bus, docker.sock)", "blocked", 8, answers=first_cell(
        'import socket\nsocket.socket(socket.AF_UNIX).connect("/run/dbus/system_bus_socket")')),
    Case("c04-abstract", "an abstract UNIX socket", "blocked", 8, answers=first_cell(
        'import socket\nsocket.socket(socket.AF_UNIX).connect("\\0codekamp-test")')),
    Case("c05-environ", "reads the grader's environment (the judge refuses /proc first)", "check by hand", 8,
         answers=first_cell(
        'import os\nprint(open(f"/proc/{os.getppid()}/environ").read())')),
    Case("c06-disk", "fills the disk with many files", "blocked", 8, answers=first_cell(
        "for number in range(40):\n    open(f'vol-{number}', 'wb').write(b'x' * 10 * 1024**2)\nseconden_per_uur = 3600")),
    # d: one pupil, one hand-in, one grade
    Case("d01-zipper", "a zip that also holds a classmate's file (graded on its own notebook)", "ok", 0,
         write=zipped("d01-zipper.zip", lambda nb, paths: {
             f"{WELCOME}.ipynb": (wrong_notebook(paths), NEW),
             f"h2-right_{WELCOME}.ipynb": (wrong_notebook(paths), OLD)})),
    Case("d02-copies", "a later wrong copy counts, and the note says so", "ok", 0, write=copies),
    # e: hand-ins that must not stop the class
    Case("e01-encrypted", "an encrypted zip", "encrypted zip", None,
         write=zipped("e01-encrypted.zip", own, lambda path: forge_headers(path, flag=0x1))),
    Case("e02-deflate64", "a Deflate64 zip", "damaged zip", None,
         write=zipped("e02-deflate64.zip", own, lambda path: forge_headers(path, method=9))),
    Case("e03-damaged", "a zip with damaged data", "damaged zip", None,
         write=zipped("e03-damaged.zip", own, lambda path: damage(path, f"{WELCOME}.ipynb"))),
    Case("e04-deep", "JSON nested 100,000 levels deep", "invalid notebook", None, change=nested_json),
    Case("e05-slip", "zip slip next to its own notebook", "ok", 10, write=zipped(
        "e05-slip.zip", lambda nb, paths: {f"{WELCOME}.ipynb": nb, f"../../e05-{WELCOME}.ipynb": nb})),
    Case("e06-absolute", "an absolute path in a zip", "unsafe path", None,
         write=zipped("e06-absolute.zip", lambda nb, paths: {f"/tmp/e06-{WELCOME}.ipynb": nb})),
    Case("e07-bomb", "a zip bomb", "too large", None, write=zipped("e07-bomb.zip", bomb)),
    Case("e08-nested", "only a zip in its zip", "no notebook", None, write=zipped(
        "e08-nested.zip", lambda nb, paths: {"binnen.zip": _zip_of({f"{WELCOME}.ipynb": nb})})),
    Case("e09-fake", "a .zip that is not one", "damaged zip", None,
         write=lambda folder, nb, paths: (folder / "e09-fake.zip").write_bytes(b"not a zip at all")),
    Case("e10-upper", "the extension in capitals", "ok", 10, write=named(f"e10-upper_{WELCOME}.IPYNB")),
    Case("e11-json", "a doubled extension", "ok", 10, write=named(f"e11-json_{WELCOME}.ipynb.json")),
    Case("e12-empty", "a pupil's folder without a notebook", "no notebook", None,
         write=in_folder("e12-empty", lambda nb, paths: {"opdracht.txt": b"vergeten"})),
    Case("e13-many", "a zip of 10,000 notebooks is one row", "ok", 10, write=zipped("e13-many.zip", ten_thousand)),
    # f: reaching the judge (values)
    Case("f01-trace", "sys.settrace rewriting values in the checks", "check by hand", 8, answers=first_cell(
        "import sys\ndef spion(frame, event, arg):\n    return spion\nsys.settrace(spion)\nseconden_per_uur = 1")),
    Case("f02-profile", "sys.setprofile", "check by hand", 8,
         answers=first_cell("import sys\nsys.setprofile(lambda *a: None)\nseconden_per_uur = 1")),
    Case("f03-ctypes", "ctypes changing how ints compare", "check by hand", 8,
         answers=first_cell("import ctypes\nseconden_per_uur = 1")),
    Case("f04-run-cell", "a class-level patch of IPython's run_cell", "check by hand", 0, answers=first_cell(
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "echt = InteractiveShell.run_cell\n"
        "def nep(self, raw_cell, *args, **kwargs):\n"
        "    return echt(self, 'pass' if 'codekamp' in raw_cell else raw_cell, *args, **kwargs)\n"
        "InteractiveShell.run_cell = nep\nseconden_per_uur = 1")),
    Case("f05-hide-errors", "_showtraceback and a post_run_cell hook that clears the error", "ok", 8,
         answers=first_cell(
             "ip = get_ipython()\nip._showtraceback = lambda *a, **k: None\n"
             "def wis(result):\n    result.error_in_exec = None\n"
             "ip.events.register('post_run_cell', wis)\nseconden_per_uur = 1")),
    Case("f06-ast", "an AST transformer re-added from pre_execute", "check by hand", 0, answers=first_cell(
        "import ast\nclass Leeg(ast.NodeTransformer):\n    def visit_Module(self, node):\n"
        "        node.body = []\n        return node\n"
        "ip = get_ipython()\nip.events.register('pre_execute', lambda: ip.ast_transformers.append(Leeg()))\n"
        "seconden_per_uur = 1")),
    Case("f07-thread", "a thread that keeps re-adding a transformer", "check by hand", 0, answers=first_cell(
        "import threading, time\nip = get_ipython()\n"
        "def blijf():\n    while True:\n        if not ip.input_transformers_post:\n"
        "            ip.input_transformers_post.append(lambda lines: ['pass\\n'])\n        time.sleep(0.001)\n"
        "threading.Thread(target=blijf, daemon=True).start()\nseconden_per_uur = 1")),
    Case("f08-fake-check", "a fake codekamp.check through sys.modules and the import caches", "check by hand", 8,
         answers=first_cell(
             "import sys, types\nnep = types.ModuleType('codekamp.check')\n"
             "for naam in ('expect', 'expect_equal', 'expect_defined', 'well_done'):\n"
             "    setattr(nep, naam, lambda *a, **k: None)\n"
             "sys.modules['codekamp.check'] = nep\nimport codekamp\ncodekamp.check = nep\n"
             "sys.path_importer_cache.clear()\nseconden_per_uur = 1")),
    Case("f09-no-import", "__import__ = None: Python itself stops, and the rest is graded", "timeout", 8,
         answers=first_cell("import builtins\nbuiltins.__import__ = None\nseconden_per_uur = 3600")),
    Case("f10-displayhook", "an answer whose repr shows a number first (partial credit)", "ok", 8,
         answers=first_cell(
             "class Tien:\n    def __repr__(self):\n        import sys\n        sys.displayhook(10)\n"
             "        return 'tien'\nseconden_per_uur = Tien()")),
    Case("f11-gc", "the garbage collector's object list", "check by hand", 8,
         answers=first_cell("import gc\nalles = gc.get_objects()\nseconden_per_uur = 1")),
    Case("f12-forged", "fake verdict lines written to every open file", "check by hand", 10,
         answers=first_cell(FORGED_VERDICTS)),
    Case("f13-built-names", "names built at run time to reach IPython", "check by hand", 0, answers=first_cell(
        "ip = globals()['get_' + 'ipython']()\n"
        "getattr(ip, 'input_' + 'transformers_post').append(lambda lines: ['pass\\n'])\nseconden_per_uur = 1")),
    Case("f14-early", "runs the hidden test itself before grading asks", "check by hand", 8, answers=first_cell(
        "import sys\nseconden_per_uur = 60 * 60\nsys.audit('codekamp.test', 'test-seconds-per-hour')")),
    Case("f15-signal", "a signal handler that fires while the tests run", "ok", 8, answers=first_cell(
        "import signal\ndef stoor(number, frame):\n    print(frame.f_locals)\n"
        "signal.signal(signal.SIGALRM, stoor)\nsignal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)\n"
        "seconden_per_uur = 1")),
    # h: honest work not wronged
    Case("h4-events", "an honest list called events", "ok", 10, answers=first_cell(
        "events = ['start', 'pauze']\nseconden_per_uur = 60 * 60\nprint(seconden_per_uur, events)")),
    Case("h5-mac", "an honest zip made on a Mac", "ok", 10, write=zipped("h5-mac.zip", lambda nb, paths: {
        f"{WELCOME}.ipynb": nb, f"__MACOSX/._{WELCOME}.ipynb": b"\x00\x05\x16\x07junk"})),
    Case("h6-two", "handed in next week's notebook too", "ok", 10, write=lambda folder, nb, paths: (
        (folder / f"h6-two_{WELCOME}.ipynb").write_bytes(nb),
        (folder / f"h6-two_{DRAWING}.ipynb").write_bytes(paths["drawing exercise"].read_bytes()))),
    Case("h7-vscode", "nbformat 4.2 with cell ids (VS Code)", "ok", 10, change=old_format),
    Case("h8-latin1", "not UTF-8 (an old editor)", "ok", 10, change=latin1),
    Case("h9-no-metadata", "a notebook without metadata", "ok", 10, change=no_metadata),
    Case("h10-printer", "prints 5,000 lines in a cell of its own", "ok", 10, change=add_cell(
        nbformat.v4.new_code_cell("for regel in range(5000):\n    print('regel', regel)"), after="banner")),
    Case("h11-dragged", "an honest test cell dragged above its answer", "restored", 10,
         change=move_above("test-banner", "banner")),
    # m: tampered grading marks
    Case("m1-test-as-answer", "a test cell marked as an answer", "restored", 10,
         change=marks("test-days-old", solution=True, grade=False)),
    Case("m2-fifty", "a new graded cell worth 50 points", "restored", 10, change=add_cell(nbformat.from_dict({
        "cell_type": "code", "id": "gratis", "execution_count": None, "outputs": [], "source": "pass",
        "metadata": {"nbgrader": {"grade": True, "grade_id": "gratis", "locked": False, "points": 50,
                                  "schema_version": 3, "solution": False, "task": False}}}))),
    Case("m3-answer-graded", "an answer cell marked as graded", "restored", 10,
         change=marks("banner", grade=True, points=10)),
    Case("m4-points-text", "points written as text", "restored", 10, change=marks("test-banner", points="tien")),
]  # fmt: skip


# -- the drawing assignment -------------------------------------------------------------------

DRAWING_CASES = [
    Case("g1-right", "honest, all right", "ok", 10),
    Case("g2-upside-down", "honest, the roof upside down", "ok", 8, answers={"triangle": (
        "clearscreen()\nforward(120)\nright(120)\nforward(120)\nright(120)\nforward(120)\nright(120)")}),
    Case("g3-bool", "Comparison.__bool__ always true, wrong drawings", "check by hand", 0, answers={
        "square": "from codekamp.turtle import Comparison\nComparison.__bool__ = lambda self: True\n"
                  "clearscreen()\nforward(10)",
        "door": "clearscreen()\nforward(10)",
        "triangle": "clearscreen()\nforward(10)", "letter": "clearscreen()\nforward(10)"}),
    Case("g4-all", "its own all() so that a thin H passes", "ok", 7, answers={"letter": (
        "all = lambda things: True\nclearscreen()\npencolor('blue')\npenup()\ngoto(-50, 100)\npendown()\n"
        "goto(-50, -100)\npenup()\ngoto(50, 100)\npendown()\ngoto(50, -100)\npenup()\ngoto(-50, 0)\n"
        "pendown()\ngoto(50, 0)")}),
    # (Reading the expected drawing from the frames above a pupil's function needs a test that
    # calls one: tests/test_grading_judge.py tries it; this assignment's tests call none.)
    Case("g6-drawing-of", "a public drawing_of that copies the expected picture", "check by hand", 7, answers={
        "door": (
            "import codekamp.turtle\necht = codekamp.turtle.drawing_of\n"
            "def nep(function, *args):\n    return echt(lambda: None)\n"
            "codekamp.turtle.drawing_of = nep\nclearscreen()")}),
]  # fmt: skip


# -- the chart assignment ----------------------------------------------------------------------

CHART = "en-10-charts"
_WRONG_BARS = (
    "def region_chart(filename):\n    names = []\n    people = []\n"
    "    with open(path(filename), encoding='utf-8') as file:\n"
    "        for row in csv.DictReader(file):\n            names.append(row['name_en'])\n"
    "            people.append(int(row['population']))\n    plt.bar(names, people)\n"
)
_RIGHT_BARS = (
    "def region_chart(filename):\n    names = []\n    millions = []\n"
    "    with open(path(filename), encoding='utf-8') as file:\n"
    "        for row in csv.DictReader(file):\n            names.append(row['name_en'])\n"
    "            millions.append(int(row['population']) / 1000000)\n"
    "    plt.bar(names, millions)\n"
)
CHART_CASES = [
    Case("k1-right", "honest, all right", "ok", 10),
    Case("k2-drawn-after", "a wrong chart in the function, the right one drawn after it", "ok", 7,
         answers={"region": _WRONG_BARS + "\n\nplt.figure()\nplt.bar(['Flemish Region', 'Walloon Region', "
                  "'Brussels-Capital Region'], [6.82177, 3.692283, 1.249597])\n"
                  "plt.title('Population')\nplt.ylabel('People (millions)')\n"}),
    Case("k3-fake-title", "the title written as text on the chart", "ok", 7,
         answers={"region": _RIGHT_BARS + "    plt.text(0.5, 1.02, 'Population', "
                  "transform=plt.gca().transAxes)\n    plt.ylabel('People (millions)')\n"}),
    Case("k4-forged-reader", "its own chart reader that describes the right chart", "check by hand", 7,
         answers={"region": "import codekamp.charts\n"
                  "codekamp.charts.chart_drawn_by = lambda function, *args: codekamp.charts.Chart(\n"
                  "    ('bar',), 'Population', '', 'People (millions)', (), (('Flemish Region', 6.82177),\n"
                  "    ('Walloon Region', 3.692283), ('Brussels-Capital Region', 1.249597)), (), (), 0.0)\n"
                  + _WRONG_BARS}),
    Case("k5-leftover", "the right chart left open by an earlier cell, a function that draws nothing",
         "ok", 7, answers={"region": _RIGHT_BARS.replace("def region_chart(filename):", "def _right(filename):")
                           + "    plt.title('Population')\n    plt.ylabel('People (millions)')\n\n\n"
                           "_right('regions-2024.csv')\n\n\ndef region_chart(filename):\n    pass\n"}),
]  # fmt: skip


def _zip_of(members: dict) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as inner:
        for name, data in members.items():
            inner.writestr(name, data)
    return buffer.getvalue()


def _fill_in(code: str, paths: dict) -> str:
    """Put the attacked paths into a case's code: "{solution}" and the like."""
    for name, path in paths.items():
        code = code.replace("{" + name + "}", str(path))
    return code


def write_corpus(folder: Path, exercise: Path, paths: dict, cases: list[Case] = CASES) -> None:
    """Write every case's hand-in into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {**paths, "exercise": exercise}
    for case in cases:
        answers = {cell: _fill_in(code, paths) for cell, code in (case.answers or {}).items()}
        notebook = answered(exercise, answers)
        content = case.change(notebook, paths) if case.change else notebook
        if not isinstance(content, bytes):
            content = nbformat.writes(content).encode()
        assignment = exercise.parent.name
        if case.write is not None:
            case.write(folder, content, paths)
        else:
            (folder / f"{case.label}_{assignment}.ipynb").write_bytes(content)
