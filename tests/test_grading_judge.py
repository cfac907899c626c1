"""The judge in a pupil's kernel (codekamp_grading.judge), tried directly in a real kernel:
it runs the tests it was handed, apart from the pupil's code, and neither the pupil's code nor
IPython can see them, change them or sign a verdict for them.

Each test here plays a pupil's cell, then asks for a test by sending the same request the
grader sends, and reads the judge's signed records as the grader does.
"""

from __future__ import annotations

import sys

import pytest
from jupyter_client.manager import KernelManager

from codekamp.i18n import translate
from codekamp_grading import verdicts
from codekamp_grading.judge import NOT_ALLOWED
from codekamp_grading.judged_cells import JudgePack, Verdict, VerdictReader, request
from codekamp_grading.private_import import PrivateModules

CHART_TEST = (
    "from codekamp.check import expect_chart\n"
    "expect_chart({function}, (['A', 'B'], [3, 5]), what='je grafiek', kind='bar',\n"
    "             bars=[('A', 3), ('B', 5)], title=True, from_zero=True)"
)
TABLE_TEST = (
    "from codekamp.check import expect_rows\n"
    "expect_rows({function}, (2_000_000,), [{{'gewest': 'Vlaanderen', 'inwoners': 6821770}},\n"
    "            {{'gewest': 'Wallonië', 'inwoners': 3692283}}], what='groot')"
)
TESTS = {
    "t-value": "from codekamp.check import expect_equal, well_done\n"
    "expect_equal(x, 3, what='x')\nwell_done()",
    "t-square": "from codekamp.check import expect_returns\n"
    "expect_returns(kwadraat, (7,), 49)\nexpect_returns(kwadraat, (12,), 144)",
    "t-again": "from codekamp.check import expect_equal\nexpect_equal(x, 3, what='x')",
    "t-drawing": "from codekamp.check import expect_drawing\n"
    "from codekamp.turtle import Screen, drawing_of, goto\n"
    "def _lijn():\n    goto(100, 0)\n"
    "expect_drawing(Screen(), drawing_of(_lijn), what='de lijn')",
    "t-all": "from codekamp.check import expect\nexpect(all([False]) is False, 'all is mine')",
    "t-early": "from codekamp.check import expect_equal\nexpect_equal(x, 3, what='x')",
    "t-changed": "from codekamp.check import expect_equal\nexpect_equal(x, 3, what='x')",
    "t-busy": "from codekamp.check import expect_equal\nexpect_equal(x, 3, what='x')",
    "t-loop-flat": "from codekamp.check import expect_loop\n"
    "expect_loop('zeshoek', what='De zeshoek')",
    "t-loop": "from codekamp.check import expect_loop\nexpect_loop('veelhoek', what='De veelhoek')",
    "t-secret": "GEHEIM = 'de-verborgen-test-123'\nfrom codekamp.check import expect\n"
    "expect(True, '')",
    "t-robot": "from codekamp.check import expect_robot\nfrom codekamp.robot import generators\n"
    "expect_robot(naar_doel, ['corridor', generators.maze(5, 4, 1)], what='naar_doel()')",
    "t-robot-wall": "from codekamp.check import expect_robot\n"
    "expect_robot(door_de_muur, ['> .|G'], what='door_de_muur()')",
    "t-chart": CHART_TEST.format(function="staafdiagram"),
    "t-chart-after": CHART_TEST.format(function="nog_een_grafiek_erna"),
    "t-chart-fake-title": CHART_TEST.format(function="nep_titel"),
    "t-chart-forged": CHART_TEST.format(function="vervalst"),
    "t-table": TABLE_TEST.format(function="groot"),
    "t-table-forged": TABLE_TEST.format(function="te_klein"),
    "t-numpy": "from codekamp.check import expect_returns\nexpect_returns(totaal, (), 11763650)",
}


# The handed-in answer cells, by cell id: what the structural checks read while grading.
ANSWERS = {
    "zeshoek": "clearscreen()\n" + "forward(80)\nleft(60)\n" * 6,
    "veelhoek": "for i in range(hoeken):\n    forward(zijde)\n    left(360 / hoeken)\n",
}


class Kernel:
    """A kernel started the way the grader starts it (without the sandbox), with a pack."""

    def __init__(self, tmp_path) -> None:
        notebook = {"cells": [], "metadata": {"codekamp": {"language": "nl"}}}
        self.pack = JudgePack(_notebook(notebook))
        self.pack.tests = TESTS
        self.pack.answers = ANSWERS
        self.pack.write()
        self.reader = VerdictReader(self.pack)
        pack = self.pack

        class Manager(KernelManager):
            def format_kernel_cmd(self, extra_arguments=None):
                return [sys.executable, "-m", "codekamp_grading.judge_kernel",
                        "-f", self.connection_file, f"--judge-pack={pack.pack}",
                        f"--judge-verdicts={pack.verdicts}"]  # fmt: skip

        self.manager = Manager()
        self.manager.start_kernel(cwd=str(tmp_path))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str) -> str:
        """Run a cell; what it printed, then its error (from the kernel's reply), as text."""
        msg_id = self.client.execute(code)
        shown = []
        while True:
            message = self.client.get_iopub_msg(timeout=30)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                shown.append(content["text"])
            elif kind == "status" and content["execution_state"] == "idle":
                break
        # The reply to this cell: under load, the client may have asked the kernel more than
        # once whether it was ready, and those answers wait on the same channel.
        while True:
            reply = self.client.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        reply = reply["content"]
        if reply["status"] == "error":
            shown.append(f"{reply['ename']}: {reply['evalue']}")
        return "".join(shown)

    def records(self) -> tuple[list, int]:
        return self.reader.new_records()

    def verdict(self, test_id: str) -> Verdict:
        self.run(request(test_id))
        records, forged = self.records()
        found = [Verdict.from_record(r) for r in records if r.kind == verdicts.VERDICT]
        (verdict,) = [v for v in found if v and v.test_id == test_id]
        return verdict

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)
        self.pack.close()


def _notebook(data):
    import nbformat

    return nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, **data})


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    started = Kernel(tmp_path_factory.mktemp("scratch"))
    yield started
    started.close()


def test_a_test_passes_and_fails_on_the_pupils_values(kernel):
    kernel.run("x = 3")
    passed = kernel.verdict("t-value")
    assert passed.passed and "Goed zo" in passed.printed  # the notebook's language


def test_how_an_answer_is_written_is_read_from_the_handed_in_notebook(kernel):
    # What the pupil's process recorded cannot speak for the answer: the judge reads the cell
    # as it was handed in (and run).
    kernel.run(
        "import codekamp.cells\n"
        "codekamp.cells._by_id['zeshoek'] = 'for i in range(6):\\n    forward(80)'"
    )
    failed = kernel.verdict("t-loop-flat")
    assert not failed.passed and "lus" in failed.message
    assert kernel.verdict("t-loop").passed


def test_the_kernel_never_sees_the_tests_code(kernel):
    """The test t-secret holds a string; nothing the pupil's code can reach holds it."""
    shown = kernel.run(
        "import sys\nsecret = 'de-verborgen' + '-test-123'\nfound = []\n"
        "for module in list(sys.modules.values()):\n"
        "    for value in list(getattr(module, '__dict__', {}).values()):\n"
        "        if type(value) is str and value is not secret and secret in value:\n"
        "            found.append(module.__name__)\n"
        "print(found)"
    )
    assert shown.strip() == "[]"
    assert kernel.verdict("t-secret").passed
    assert kernel.run(request("t-secret").replace("t-secret", "t-secret")) == ""


def test_a_pupils_function_cannot_read_the_expected_answer_from_the_frames_above(kernel):
    kernel.run(
        "import sys\n"
        "def kwadraat(n):\n"
        "    frame, seen = sys._getframe(1), []\n"
        "    while frame is not None:\n"
        "        seen += [v for v in frame.f_locals.values() if type(v) is int and v > n]\n"
        "        frame = frame.f_back\n"
        "    return seen[0] if seen else -1"
    )
    verdict = kernel.verdict("t-square")
    assert not verdict.passed and "kwadraat(7)" in verdict.message


def test_a_test_runs_once_only(kernel):
    kernel.run("x = 3")
    assert kernel.verdict("t-again").passed
    again = kernel.verdict("t-again")
    assert not again.passed and again.message == "asked twice"


def test_the_pupils_drawing_is_compared_as_plain_data(kernel):
    kernel.run("import codekamp\nfrom codekamp.turtle import *\nclearscreen()\nforward(100)")
    assert kernel.verdict("t-drawing").passed


def test_a_pupils_robot_program_is_run_on_their_side_and_replayed_by_the_judge(kernel):
    kernel.run(
        "from codekamp.robot import *\ndef naar_doel():\n    while not at_goal():\n        move()"
    )
    verdict = kernel.verdict("t-robot")
    assert verdict.passed, verdict.message


def test_a_robot_that_was_made_to_walk_through_walls_is_caught_by_the_replay(kernel):
    kernel.run(
        "import codekamp.robot.worlds\n"
        "codekamp.robot.worlds.World.blocked = lambda self, x, y, direction: False\n"
        "from codekamp.robot import *\n"
        "def door_de_muur():\n    move()\n    move()"
    )
    verdict = kernel.verdict("t-robot-wall")
    assert not verdict.passed
    assert "door_de_muur() stopte in de wereld '#1': Au! De robot botste tegen een muur" in (
        verdict.message
    )


def test_a_pupils_own_all_does_not_answer_for_the_test(kernel):
    kernel.run("all = lambda things: True")
    assert kernel.verdict("t-all").passed


@pytest.mark.parametrize(
    "code, what",
    [
        ("import sys\nsys.settrace(lambda *a: None)", "tracing (sys.settrace)"),
        ("import sys\nsys.setprofile(lambda *a: None)", "profiling (sys.setprofile)"),
        ("import gc\ngc.get_objects()", "Python's object list (gc)"),
        ("import ctypes", "ctypes"),
        ("compile('1', 'x', 'eval').replace(co_name='y')", "hand-made code objects"),
        ("import marshal\nmarshal.loads(marshal.dumps(compile('1', 'x', 'eval')))",
         "bytecode from outside Python's installation"),
        ("import sys\nsys.addaudithook(lambda *a: None)", "an audit hook of its own"),
        ("import os\nos.symlink('/proc/self/mem', 'geheugen')\nopen('geheugen', 'rb')",
         "the files of running programs (/proc)"),
    ],
)  # fmt: skip
def test_what_only_a_cheat_needs_is_refused_and_written_down(kernel, code, what):
    shown = kernel.run(code)
    if "addaudithook" not in code:  # Python drops that refusal silently: the hook is not added
        # told in the notebook's language (Dutch here), naming what was refused
        assert translate(NOT_ALLOWED, "nl").format(what=translate(what, "nl")) in shown, shown
    records, _ = kernel.records()
    assert any(r.kind == verdicts.REFUSED and r.fields[0] == what for r in records), records


def test_pandas_works_while_ctypes_stays_out_of_reach(kernel):
    """pandas imports ctypes only to word a Windows error: it gets a stand-in that has nothing
    in it, and a pupil who then asks for ctypes, or its C half, gets nothing either."""
    assert kernel.run("import pandas\nprint(pandas.DataFrame({'a': [1, 2]})['a'].sum())") == "3\n"
    shown = kernel.run("import ctypes\nctypes.memmove")
    assert "ImportError: ctypes is not available while grading" in shown, shown
    shown = kernel.run(
        "print(sorted(ctypes.__dict__['__builtins__']),\n"
        "      ctypes.__getattr__.__globals__ is vars(ctypes))"
    )
    assert shown == "['ImportError'] True\n", shown  # none of the judge's own built-ins
    shown = kernel.run("import _ctypes")
    assert translate(NOT_ALLOWED, "nl").format(what="ctypes") in shown, shown  # and written down


def test_a_refusals_traceback_ends_at_the_pupils_line(kernel):
    shown = kernel.run(
        "import sys\ntry:\n    sys.settrace(None)\nexcept PermissionError as error:\n"
        "    tb = error.__traceback__\n    found = []\n    while tb is not None:\n"
        "        try:\n            found.append(tb.tb_frame.f_code.co_name)\n"
        "        except ValueError:\n            found.append('refused')\n"
        "        tb = tb.tb_next\n    print(found)"
    )
    assert shown.strip() == "['<module>']"  # the pupil's own line; the judge's are cut off


def test_forged_verdicts_are_counted_and_never_trusted(kernel):
    kernel.run(
        "import os, stat\nfor fd in range(3, 200):\n    try:\n"
        "        if stat.S_ISREG(os.fstat(fd).st_mode):\n"
        "            os.write(fd, b'\\n' + b'0' * 64 + b' dmVyZGljdB90LXZhbHVlH3Bhc3M=\\n')\n"
        "    except OSError:\n        pass"
    )
    records, forged = kernel.records()
    assert forged >= 1 and not [r for r in records if r.kind == verdicts.VERDICT]


def test_a_test_the_pupil_runs_early_is_run_then_never_again(kernel):
    kernel.run("x = 3\nimport sys\nsys.audit('codekamp.test', 't-early')")
    early, _ = kernel.records()
    assert [Verdict.from_record(r).test_id for r in early if r.kind == verdicts.VERDICT] == [
        "t-early"
    ]
    assert not kernel.verdict("t-early").passed  # asked twice: the grader's ask fails


def test_changing_codekamps_checks_earns_nothing_and_is_reported(kernel):
    kernel.run("import codekamp.check\ncodekamp.check.expect_equal = lambda *a, **k: None\nx = 4")
    kernel.run(request("t-changed"))
    records, _ = kernel.records()
    verdict = next(Verdict.from_record(r) for r in records if r.kind == verdicts.VERDICT)
    assert not verdict.passed
    assert any(r.kind == verdicts.CHANGED for r in records)


def test_the_private_modules_are_in_no_public_place():
    private = PrivateModules()
    private.load(["codekamp.check"])
    public = sys.modules.get("codekamp.check")
    assert private.modules["codekamp.check"] is not public
    assert all(module is not private.modules["codekamp.check"] for module in sys.modules.values())
    with pytest.raises(ImportError):
        private.builtins["__import__"]("IPython")
    import math

    copy = private.builtins["__import__"]("math")
    assert copy is not math and copy.sqrt is math.sqrt


def test_a_pupils_thread_is_refused_while_the_judge_is_busy(kernel):
    """The judge's own work lets its own events pass: only in its own thread."""
    kernel.run(
        "import gc, threading\ngot = []\nstop = threading.Event()\n"
        "def hammer():\n    while not stop.is_set():\n        try:\n"
        "            gc.get_objects()\n            got.append(1)\n"
        "        except PermissionError:\n            pass\n"
        "threading.Thread(target=hammer, daemon=True).start()\nx = 3"
    )
    kernel.run(request("t-busy"))
    assert kernel.run("stop.set()\nprint(len(got))").strip() == "0"


CHARTS = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

def staafdiagram(namen, waarden):
    plt.bar(namen, waarden)
    plt.title("Stemmen")

def nog_een_grafiek_erna(namen, waarden):
    staafdiagram(namen, waarden)
    plt.figure()
    plt.plot([1, 2], [9, 9])

def nep_titel(namen, waarden):
    plt.bar(namen, waarden)
    plt.text(0.5, 1.02, "Stemmen", transform=plt.gca().transAxes)

def vervalst(namen, waarden):
    plt.plot(namen, waarden)
"""


def test_a_pupils_chart_is_read_on_their_side_and_judged_from_plain_data(kernel):
    kernel.run(CHARTS)
    verdict = kernel.verdict("t-chart")
    assert verdict.passed, verdict.message


def test_a_chart_drawn_after_the_checked_one_or_a_title_faked_with_text_earns_nothing(kernel):
    kernel.run(CHARTS)
    after = kernel.verdict("t-chart-after")
    assert not after.passed and "moet een staafdiagram zijn" in after.message
    fake = kernel.verdict("t-chart-fake-title")
    assert not fake.passed and "heeft geen titel" in fake.message


def test_a_forged_chart_reader_is_not_believed(kernel):
    kernel.run(
        CHARTS + "import codekamp.charts\n"
        "codekamp.charts.chart_drawn_by = lambda function, *args: (\n"
        "    ('bar',), 'Stemmen', '', '', (), (('A', 3.0), ('B', 5.0)), (), (), 0.0)\n"
    )
    verdict = kernel.verdict("t-chart-forged")  # the judge reads with its own copy
    assert not verdict.passed and "moet een staafdiagram zijn" in verdict.message


TABLES = """
import pandas as pd
gewesten = pd.DataFrame({"gewest": ["Vlaanderen", "Wallonië", "Brussel"],
                         "inwoners": [6821770, 3692283, 1249597]})

def groot(grens):
    return gewesten[gewesten["inwoners"] > grens]

def te_klein(grens):
    return gewesten[gewesten["inwoners"] > 5_000_000]

def totaal():
    return gewesten["inwoners"].sum()
"""


def test_a_pupils_pandas_table_and_numbers_are_read_on_their_side_and_judged_as_plain_data(kernel):
    kernel.run(TABLES)
    for test in ("t-table", "t-numpy"):
        verdict = kernel.verdict(test)
        assert verdict.passed, verdict.message


def test_a_forged_table_reader_is_not_believed(kernel):
    kernel.run(
        TABLES + "import codekamp.tables\n"
        "codekamp.tables.plain_table = lambda table: (('gewest', 'inwoners'),\n"
        "    (('Vlaanderen', 6821770), ('Wallonië', 3692283)))\n"
    )
    verdict = kernel.verdict("t-table-forged")  # the judge reads with its own copy
    assert not verdict.passed and "geeft 1 rijen" in verdict.message


def test_the_judge_takes_a_table_only_as_exactly_the_plain_values_a_table_has():
    from codekamp_grading.judge import _private_table

    good = (("naam", "aantal"), (("a", 1), ("b", None)))
    assert _private_table(good) == good
    for forged in (
        (("naam",), (("a", 1),)),  # a row longer than the columns
        (("naam", 3), (("a", 1),)),  # a column that is not a name
        (("naam", "aantal"), [("a", 1)]),  # rows in a list
        (("naam", "aantal"), (("a", object()),)),  # a value that is not plain
        list(good),
    ):
        assert _private_table(forged) is None


def test_a_pupils_timer_stops_when_its_cell_ends(kernel):
    """A timer whose handler fires between cells, inside the kernel's own code, would break its
    answer to the next cell (the adversarial case f15-signal, now and then)."""
    kernel.run(
        "import signal\n"
        "def stoor(number, frame):\n    raise RuntimeError('stoor')\n"
        "signal.signal(signal.SIGALRM, stoor)\n"
        "signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)\n"
    )
    for _ in range(20):  # every cell still answers, and no timer runs
        assert kernel.run("print(signal.getitimer(signal.ITIMER_REAL))") == "(0.0, 0.0)\n"


def test_the_judge_rebuilds_a_chart_only_from_exactly_the_plain_values_a_chart_has():
    from codekamp.charts import MOST_LINES, Chart
    from codekamp_grading.judge import _private_chart

    line = ((0.0, 1.0), (1.0, 2.0))
    good = (("line",), "t", "x", "y", ("a",), (), (line,), (), 0.0)
    assert _private_chart(good) == Chart(*good)
    too_many_lines = good[:6] + ((line,) * (MOST_LINES + 1),) + good[7:]
    a_bar_as_an_int = (("bar",), "t", "", "", (), (("A", 3),), (), (), 0.0)
    an_odd_kind = (("pie",), *good[1:])
    for forged in (too_many_lines, a_bar_as_an_int, an_odd_kind, good[:8], list(good)):
        assert _private_chart(forged) is None
