"""Friendly hints: each one triggered by the real mistake, in a real kernel, in nl, fr and en."""

from __future__ import annotations

import os

import pytest
from conftest import errors
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from codekamp import hints
from codekamp.i18n import translate

NAME_SUGGESTED = (
    "Python does not know the name {name}. Did you mean {suggestion}? Names must be written "
    "exactly the same, capital letters too."
)
COMPARE = "To compare two things, use == (two equals signs). One = stores a value in a variable."

# (code with the mistake, the hint it must get, the values in the hint)
CASES = {
    "misspelt name": ("foward(10)", NAME_SUGGESTED, {"name": "foward", "suggestion": "forward"}),
    "capital letter": ('Print("hallo")', NAME_SUGGESTED, {"name": "Print", "suggestion": "print"}),
    "unknown name": (
        "print(xyzzy)",
        "Python does not know the name {name}. Did you make it (with {name} = …) in a cell that "
        'you ran? Or is it a text that needs quotation marks: "{name}"?',
        {"name": "xyzzy"},
    ),
    "missing colon": (
        "for i in range(3)\n    print(i)",
        "A line that starts with {word} must end with a colon (:).",
        {"word": "for"},
    ),
    "missing colon after else": (
        "if True:\n    pass\nelse\n    pass",
        "A line that starts with {word} must end with a colon (:).",
        {"word": "else"},
    ),
    "unclosed bracket": (
        "print((1 + 2)",
        "The brackets do not match: every ( needs a ), every [ a ] and every {{ a }}. Count them "
        "on the line that Python points at.",
        {},
    ),
    "unclosed quote": (
        'print("hallo)',
        "A text starts with a quotation mark but never ends. Put the same quotation mark at the "
        'end of the text: "like this".',
        {},
    ),
    "unclosed long text": (
        'story = """Er was eens',
        "A text starts with a quotation mark but never ends. Put the same quotation mark at the "
        'end of the text: "like this".',
        {},
    ),
    "= instead of ==": ('if 3 = 3:\n    print("ja")', COMPARE, {}),
    "missing indentation": (
        "for i in range(3):\nprint(i)",
        "After a line that ends with a colon (:), the next lines must be indented: start them "
        "with 4 spaces (or press Tab).",
        {},
    ),
    "unexpected indentation": (
        "x = 1\n    y = 2",
        "This line starts with spaces it should not have. Move it to the left, in line with the "
        "lines around it.",
        {},
    ),
    "tabs and spaces": (
        "if True:\n\tx = 1\n        y = 2",
        "This cell mixes tabs and spaces to indent. Use only spaces (or only the Tab key).",
        {},
    ),
    "text plus number": (
        '"12" + 1',
        "You are adding a text and a number with +. To show them together, give print both, "
        'separated by a comma: print("I am", 12). Or put the number in quotes, so it is text '
        'too: "12".',
        {},
    ),
    "a number plus a text read from a file": (
        'total = 0\nrow = {"population": "6821770"}\ntotal = total + row["population"]',
        "You add a text to a number with +. Everything read from a file is text, even digits: "
        'turn it into a number first, with int(row["population"]) or float(…). To show a '
        'number and a text together, give print both: print("I am", 12).',
        {},
    ),
    "comparing a text with a number": (
        'row = {"population": "413960"}\nrow["population"] > 1000000',
        "You compare a text with a number, and Python cannot say which is bigger. Text read "
        "from a file stays text, even digits: turn it into a number first, with int(…) or "
        "float(…).",
        {},
    ),
    "multiplying by a text": (
        'votes = "3"\nprint("*" * votes)',
        "You multiply a text (or a list) by something that is not a whole number. Is it a "
        "number read from a file? Then it is text: turn it into a number first, with int(…) or "
        "float(…).",
        {},
    ),
    "a dictionary without items()": (
        'counts = {"fries": 4, "pizza": 2}\nfor key, value in counts:\n    print(key)',
        "A for loop with two names, for key, value in …, needs pairs. To go through a "
        "dictionary's keys with their values, add .items(): for key, value in counts.items():",
        {},
    ),
    "a file that is not there": (
        'open("regions.csv")',
        "Python cannot find the file {name} in the notebook's folder. Check the name and its "
        'ending (.csv). A data file of the course opens with open(path("…")), after from '
        "codekamp.datasets import path.",
        {"name": "'regions.csv'"},
    ),
    "times with an x": (
        "print(24 x 60)",
        "To multiply, Python uses a star: write 24 * 60, not 24 x 60.",
        {},
    ),
    "curly quotes": (
        "print(„Hallo“)",
        "This line holds a character Python does not know, such as curly quotes „…“ or × "
        'copied from a word processor. Type straight quotes "…" and * for times yourself.',
        {},
    ),
    "two things without a comma": (
        'print("I am" 12)',
        "Python sees two things side by side without a comma between them. Between the "
        "brackets, separate the parts with a comma, and check that every text has its two "
        "quotation marks.",
        {},
    ),
    "number plus text": ('12 + "1"', None, {}),  # a number read from a file: checked below
    "int of a word": (
        'int("abc")',
        "int() can only turn text made of digits into a number, and {text} is not.",
        {"text": "'abc'"},
    ),
    "calling a number": (
        "x = 5\nx(3)",
        "You call something that is not a function (it is a {kind}): there are brackets ( ) "
        "right after it. Did you give a variable the name of a function, such as print = 5? Or "
        "is a * missing, as in 2 * (3 + 4)?",
        {"kind": "int"},
    ),
    "too many arguments": (
        "def double(a):\n    return 2 * a\ndouble(1, 2)",
        "{function} takes {wanted} value(s) between its brackets, but got {given}.",
        {"function": "double", "wanted": "1", "given": "2"},
    ),
    "missing argument": (
        "def double(a):\n    return 2 * a\ndouble()",
        "{function} needs {count} more value(s) between its brackets: {names}.",
        {"function": "double", "count": "1", "names": "'a'"},
    ),
    "index out of range": (
        "[1, 2, 3][3]",
        "You ask for a place that does not exist. Counting starts at 0: a list of 3 things has "
        "the places 0, 1 and 2. len(…) tells how many there are.",
        {},
    ),
    "a letter out of range": (
        'word = "cat"\nword[3]',
        "You ask for a letter at a place that does not exist. Counting starts at 0: the text "
        '"cat" has the places 0, 1 and 2. len(…) tells how many letters there are.',
        {},
    ),
    "the list became None after append": (
        'colours = ["red"]\ncolours = colours.append("blue")\ncolours.append("green")',
        "Your variable holds None (nothing) instead of a list. Did you write things = "
        "things.{name}(…)? {name} changes the list itself and gives back None: write just "
        "things.{name}(…), without things = in front.",
        {"name": "append"},
    ),
    "looping over None": (
        "numbers = [3, 1]\nnumbers = numbers.sort()\nfor n in numbers:\n    print(n)",
        "Your variable holds None (nothing). Did it get the result of a function that gives "
        "nothing back, such as append, sort or print? Or does your function forget its return?",
        {},
    ),
    "changing a letter": (
        'word = "cat"\nword[0] = "b"',
        "A text cannot be changed letter by letter. Build a new text instead: start with "
        'new = "" and add letters to it with new = new + letter.',
        {},
    ),
    "a place that is a decimal number": (
        "numbers = [1, 2, 3]\nnumbers[len(numbers) / 2]",
        "A place in a list or a text is a whole number, such as 0, 1 or 2. Dividing with / "
        "gives a decimal number: divide with // instead.",
        {},
    ),
    "a letter as a place": (
        'word = "cat"\nfor letter in word:\n    print(word[letter])',
        "Between the square brackets goes a place: a whole number, such as letters[0]. In for "
        "letter in word, letter already is the letter itself; you don't need word[letter].",
        {},
    ),
    "looking for what is not there": (
        'alphabet = "abc"\nalphabet.index(" ")',
        "index(…) looks for something that is not there, so it cannot say its place. Check "
        "first with if … in …: only look for its place when it is there.",
        {},
    ),
    "a variable changed inside a function": (
        "count = 0\ndef flip(button):\n    count = count + 1\nflip(None)",
        "Inside this function, {name} = … makes a new variable that belongs to the function, "
        "and here it has no value yet. Give it a value inside the function first, or give it "
        "to the function between the brackets. Something the function only changes, such as "
        "a list with append, keeps working.",
        {"name": "count"},
    ),
    "missing key": (
        '{"a": 1}["b"]',
        "The dictionary has no key {key}. Check the spelling and the capital letters, or look at "
        "its keys with print(….keys()). Counting? A key that is not there yet starts at 0 with "
        "counts.get(key, 0) + 1.",
        {"key": "'b'"},
    ),
    "a column that is not in the table": (
        'import pandas as pd\ntable = pd.DataFrame({"mass": [1, 2]})\ntable["weight"]',
        "The table has no column {key}. Check the spelling and the capital letters, or look at "
        "its columns with print(list(….columns)).",
        {"key": "'weight'"},
    ),
    "a column that is not in the groups": (
        'import pandas as pd\ntable = pd.DataFrame({"species": ["a"], "mass": [1]})\n'
        'table.groupby("species")["weight"]',
        "The table has no column {key}. Check the spelling and the capital letters, or look at "
        "its columns with print(list(….columns)).",
        {"key": "'weight'"},
    ),
    "and between two questions about a table": (
        'import pandas as pd\ntable = pd.DataFrame({"a": [1, 2]})\n'
        'table[(table["a"] > 0) and (table["a"] < 2)]',
        "and, or and not answer one question, not a whole column. To join two questions about a "
        "table, use & (and) or | (or), with round brackets around each question: "
        'penguins[(penguins["species"] == "Adelie") & (penguins["sex"] == "male")].',
        {},
    ),
    "the mean of a table with text": (
        'import pandas as pd\ntable = pd.DataFrame({"species": ["a", "b"], "island": ["x", "y"],'
        ' "mass": [1, 2]})\ntable.groupby("species").mean()',
        "You work out a mean or a sum over columns of text too. Choose a column of numbers first, "
        'as in penguins.groupby("species")["body_mass_g"].mean().',
        {},
    ),
    "square brackets after head": (
        'import pandas as pd\ntable = pd.DataFrame({"a": [1, 2]})\ntable.head[1]',
        "head, mean, sort_values… are commands: they take round brackets, as in "
        'penguins.head(3). Square brackets are for choosing: penguins["species"].',
        {},
    ),
    "division by zero": (
        "1 / 0",
        "You divide by zero, and nobody can do that, not even a computer. Which number became 0?",
        {},
    ),
    "misspelt attribute": (
        '"hallo".uper()',
        "A {kind} has no {name}. Did you mean {suggestion}?",
        {"kind": "str", "name": "uper", "suggestion": "upper"},
    ),
    "misspelt module": (
        "import tutle",
        "There is no module called {name}. Did you mean {suggestion}?",
        {"name": "tutle", "suggestion": "turtle"},
    ),
    "print without brackets": (
        'print "hallo"',
        'print needs brackets in Python 3: write print("Hello") instead of print "Hello".',
        {},
    ),
    "endless recursion": (
        "def again():\n    return again()\nagain()",
        "A function keeps calling itself and never stops. Does it have a case where it stops "
        "calling itself (with if)?",
        {},
    ),
    "untouched answer cell": (
        "# Schrijf hier je code\nraise NotImplementedError()",
        "This cell is waiting for your answer: write your code and delete the line with raise "
        "NotImplementedError().",
        {},
    ),
}
CASES["number plus text"] = ('12 + "1"', CASES["a number plus a text read from a file"][1], {})


def run(cells: list[str], env: dict[str, str] | None = None) -> list:
    notebook = new_notebook(cells=[new_code_cell(source) for source in cells])
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True)
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook.cells


def shown_hints(cell) -> list[str]:
    return [
        output["data"]["text/plain"]
        for output in cell.outputs
        if output["output_type"] == "display_data" and "text/markdown" in output["data"]
    ]


SETUP = "import codekamp\ncodekamp.set_language({language!r})\nfrom codekamp.turtle import *"


@pytest.fixture(scope="module", params=["nl", "fr", "en"])
def executed(request):
    language = request.param
    cells = run([SETUP.format(language=language)] + [code for code, _, _ in CASES.values()])
    return language, dict(zip(CASES, cells[1:], strict=True))


@pytest.mark.parametrize("case", list(CASES))
def test_the_real_mistake_gets_its_hint_in_the_notebooks_language(executed, case):
    language, cells = executed
    code, message, values = CASES[case]
    cell = cells[case]
    assert errors(cell), f"{case}: the code should fail"
    label = translate("Tip", language)
    hint = translate(message, language).format(**values)
    line = translate("{label}: {hint}", language).format(label=label, hint=hint)
    assert shown_hints(cell) == [f"💡 {line}"]


def test_the_traceback_comes_first_then_the_hint(executed):
    _, cells = executed
    kinds = [output["output_type"] for output in cells["division by zero"].outputs]
    assert kinds == ["error", "display_data"]


def test_hints_are_off_while_nbgrader_grades():
    cells = run([SETUP.format(language="nl"), "1 / 0"], env={"NBGRADER_EXECUTION": "autograde"})
    assert errors(cells[1]) and shown_hints(cells[1]) == []


def test_a_teacher_can_switch_hints_off():
    cells = run([SETUP.format(language="en"), "codekamp.hints.switch_off()", "1 / 0"])
    assert errors(cells[2]) and shown_hints(cells[2]) == []


def test_codekamps_own_messages_get_no_extra_hint():
    cells = run([SETUP.format(language="en"), 'forward("10")'])
    assert errors(cells[1]) and shown_hints(cells[1]) == []


def test_a_cell_without_error_gets_no_hint():
    cells = run([SETUP.format(language="en"), "x = 1 + 1"])
    assert cells[1].outputs == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, True),
        ({"NBGRADER_EXECUTION": "validate"}, False),
        ({"CODEKAMP_HINTS": "0"}, False),
        ({"CODEKAMP_HINTS": "off"}, False),
        ({"CODEKAMP_HINTS": "1"}, True),
    ],
)
def test_when_hints_are_wanted(environ, expected):
    assert hints.wanted(environ) is expected


def test_an_error_nobody_made_gets_no_hint():
    assert hints.hint_for(RuntimeError("something else"), {}) is None


NOT_FETCHED = (
    "{name} comes from the internet the first time a lesson uses it, and your browser could not "
    "fetch it. Is there a connection? Connect, then run the cell again. Without internet, "
    "lessons 00 to 08 work, but not this one."
)


def test_in_the_browser_a_package_that_could_not_be_downloaded_says_so(monkeypatch):
    # Pyodide's own note, as JupyterLite shows it when its CDN cannot be reached (the real
    # one is seen in tests/test_lite.py).
    error = ModuleNotFoundError("No module named 'palmerpenguins'", name="palmerpenguins")
    error.add_note("The module 'palmerpenguins' is included in the Pyodide distribution, but…")
    pandas = ModuleNotFoundError("No module named 'pandas.core'", name="pandas.core")
    monkeypatch.setattr(hints.sys, "platform", "emscripten")
    for loaded in ("pandas", "palmerpenguins"):
        monkeypatch.delitem(hints.sys.modules, loaded, raising=False)
    assert hints.recognise(error, {}) == (NOT_FETCHED, {"name": "palmerpenguins"})
    assert hints.recognise(pandas, {}) == (NOT_FETCHED, {"name": "pandas"})
    assert hints.recognise(ModuleNotFoundError("x", name="tutle"), {})[0] != NOT_FETCHED
    monkeypatch.setitem(hints.sys.modules, "pandas", hints)  # pandas came: pandas.core misspelt
    assert hints.recognise(pandas, {})[0] != NOT_FETCHED
    monkeypatch.delitem(hints.sys.modules, "pandas")
    monkeypatch.setattr(hints.sys, "platform", "linux")  # on a computer: a missing install
    assert hints.recognise(pandas, {})[0] != NOT_FETCHED
    for language in ("nl", "fr"):
        assert translate(NOT_FETCHED, language) != NOT_FETCHED
