"""Friendly hints for beginners' errors, in the notebook's language.

When a pupil's cell fails, Python's own error message stays; a short hint follows it:

    NameError: name 'foward' is not defined
    💡 Tip: Python does not know the name foward. Did you mean forward? …

The hints recognise the real error (its type and Python's message), so they work for syntax
errors too. They are switched on by ``import codekamp`` in a notebook, stay off while nbgrader
grades (``NBGRADER_EXECUTION`` is set) or when ``CODEKAMP_HINTS=0``, and a teacher can switch
them off with ``codekamp.hints.switch_off()``. Pure Python: they work in JupyterLite too.
"""

from __future__ import annotations

import builtins
import difflib
import keyword
import os
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from codekamp.i18n import N_, _

Hint = tuple[str, dict[str, Any]]  # an English message (translated when shown) and its values

_switched_on = True


def hint_for(error: BaseException, namespace: Mapping[str, Any]) -> str | None:
    """The hint for ``error`` in the current language, or None when there is none.

    ``namespace`` holds the notebook's names, to suggest the one the pupil probably meant.
    """
    found = recognise(error, namespace)
    if found is None:
        return None
    message, values = found
    return _(message).format(**values)


def recognise(error: BaseException, namespace: Mapping[str, Any]) -> Hint | None:
    """Which beginner's mistake ``error`` is: (English hint, values), or None."""
    if _is_codekamps_own(error):
        return None  # checks and the turtle already speak the pupil's language
    for kind, recogniser in _RECOGNISERS:
        if isinstance(error, kind):
            found = recogniser(error, namespace)
            if found is not None:
                return found
    return None


# -- recognisers, one per kind of error ------------------------------------------------------


def _name_error(error: NameError, namespace: Mapping[str, Any]) -> Hint | None:
    name = getattr(error, "name", None) or _quoted(str(error))
    if not name:
        return None
    if isinstance(error, UnboundLocalError):
        return (
            N_(
                "Inside this function, {name} = … makes a new variable that belongs to the "
                "function, and here it has no value yet. Give it a value inside the function "
                "first, or give it to the function between the brackets. Something the "
                "function only changes, such as a list with append, keeps working."
            ),
            {"name": name},
        )
    known = [n for n in namespace if not n.startswith("_")] + dir(builtins) + keyword.kwlist
    suggestion = _closest(name, known)
    if suggestion:
        return (
            N_(
                "Python does not know the name {name}. Did you mean {suggestion}? Names must be "
                "written exactly the same, capital letters too."
            ),
            {"name": name, "suggestion": suggestion},
        )
    return (
        N_(
            "Python does not know the name {name}. Did you make it (with {name} = …) in a cell "
            'that you ran? Or is it a text that needs quotation marks: "{name}"?'
        ),
        {"name": name},
    )


def _syntax_error(error: SyntaxError, namespace: Mapping[str, Any]) -> Hint | None:
    message = (error.msg or "").lower()
    if isinstance(error, TabError):
        return N_(
            "This cell mixes tabs and spaces to indent. Use only spaces (or only the Tab key)."
        ), {}
    if isinstance(error, IndentationError):
        if "expected an indented block" in message:
            return N_(
                "After a line that ends with a colon (:), the next lines must be indented: "
                "start them with 4 spaces (or press Tab)."
            ), {}
        if "unexpected indent" in message:
            return N_(
                "This line starts with spaces it should not have. Move it to the left, in line "
                "with the lines around it."
            ), {}
        if "unindent does not match" in message:
            return N_(
                "The indentation does not line up: lines that belong together must start at "
                "exactly the same place."
            ), {}
    if "missing parentheses in call to 'print'" in message:
        return N_(
            'print needs brackets in Python 3: write print("Hello") instead of print "Hello".'
        ), {}
    if "expected ':'" in message:
        word = (error.text or "").split(maxsplit=1)[:1]
        if word and word[0].rstrip(":") in _COLON_WORDS:  # name only what the pupil wrote
            return N_("A line that starts with {word} must end with a colon (:)."), {
                "word": word[0].rstrip(":")
            }
        return N_(
            "A line that starts with if, elif, else, for, while or def must end with a colon (:)."
        ), {}
    text = error.text or ""
    if "incomplete input" in message and (text.count('"""') % 2 or text.count("'''") % 2):
        message = "unterminated triple-quoted string"  # IPython's word for a text never closed
    elif "incomplete input" in message:
        message = "was never closed"  # IPython's word for a bracket never closed
    if "unterminated string literal" in message or "unterminated triple-quoted" in message:
        return N_(
            "A text starts with a quotation mark but never ends. Put the same quotation mark at "
            'the end of the text: "like this".'
        ), {}
    if (
        "was never closed" in message
        or "unmatched" in message
        or "does not match opening" in message
    ):
        return N_(
            "The brackets do not match: every ( needs a ), every [ a ] and every {{ a }}. "
            "Count them on the line that Python points at."
        ), {}
    if "'=='" in message and "instead of '='" in message:
        return N_(
            "To compare two things, use == (two equals signs). One = stores a value in a variable."
        ), {}
    if "invalid character" in message:
        return N_(
            "This line holds a character Python does not know, such as curly quotes „…“ or × "
            'copied from a word processor. Type straight quotes "…" and * for times yourself.'
        ), {}
    if ("perhaps you forgot a comma" in message or "invalid syntax" in message) and re.search(
        r"\d\s*[xX×]\s*\d", error.text or ""
    ):
        return N_("To multiply, Python uses a star: write 24 * 60, not 24 x 60."), {}
    if "perhaps you forgot a comma" in message:
        return N_(
            "Python sees two things side by side without a comma between them. Between the "
            "brackets, separate the parts with a comma, and check that every text has its two "
            "quotation marks."
        ), {}
    if "invalid syntax" in message and _looks_like_comparison_with_single_equals(error):
        return N_(
            "To compare two things, use == (two equals signs). One = stores a value in a variable."
        ), {}
    return None


_COLON_WORDS = frozenset({"if", "elif", "else", "for", "while", "def", "class", "try", "with"})


def _looks_like_comparison_with_single_equals(error: SyntaxError) -> bool:
    line = (error.text or "").strip()
    return bool(re.match(r"(if|elif|while)\b[^=]*[^=!<>]=[^=]", line))


# What a list does to itself: it changes the list and gives back None.
_CHANGES_ITSELF = frozenset({"append", "extend", "insert", "sort", "reverse", "remove", "clear"})


def _none_hint(name: str | None = None) -> Hint:
    """The variable holds None, most often because it took what append() gave back."""
    if name in _CHANGES_ITSELF:
        return (
            N_(
                "Your variable holds None (nothing) instead of a list. Did you write "
                "things = things.{name}(…)? {name} changes the list itself and gives back None: "
                "write just things.{name}(…), without things = in front."
            ),
            {"name": name},
        )
    return (
        N_(
            "Your variable holds None (nothing). Did it get the result of a function that "
            "gives nothing back, such as append, sort or print? Or does your function forget "
            "its return?"
        ),
        {},
    )


def _type_error(error: TypeError, namespace: Mapping[str, Any]) -> Hint | None:
    message = str(error)
    if "'str' object does not support item assignment" in message:
        return (
            N_(
                "A text cannot be changed letter by letter. Build a new text instead: start "
                'with new = "" and add letters to it with new = new + letter.'
            ),
            {},
        )
    if re.search(r"(list|string) indices must be integers", message):
        if message.endswith("not 'str'") or message.endswith("not str"):
            return (
                N_(
                    "Between the square brackets goes a place: a whole number, such as "
                    "letters[0]. In for letter in word, letter already is the letter itself; "
                    "you don't need word[letter]."
                ),
                {},
            )
        return (
            N_(
                "A place in a list or a text is a whole number, such as 0, 1 or 2. Dividing "
                "with / gives a decimal number: divide with // instead."
            ),
            {},
        )
    if "'NoneType'" in message and re.search(
        r"not subscriptable|not iterable|has no len\(\)|unsupported operand", message
    ):
        return _none_hint()
    if re.search(r"unsupported operand type\(s\) for \+=?: '(int|float)' and 'str'", message):
        return (
            N_(
                "You add a text to a number with +. Everything read from a file is text, even "
                'digits: turn it into a number first, with int(row["population"]) or float(…). '
                'To show a number and a text together, give print both: print("I am", 12).'
            ),
            {},
        )
    number_or_text = "'(str|int|float)'"
    if re.search(
        f"not supported between instances of {number_or_text} and {number_or_text}", message
    ):
        return (
            N_(
                "You compare a text with a number, and Python cannot say which is bigger. Text "
                "read from a file stays text, even digits: turn it into a number first, with "
                "int(…) or float(…)."
            ),
            {},
        )
    if "can't multiply sequence by non-int of type" in message:
        return (
            N_(
                "You multiply a text (or a list) by something that is not a whole number. Is it "
                "a number read from a file? Then it is text: turn it into a number first, with "
                "int(…) or float(…)."
            ),
            {},
        )
    if re.search(r'can only concatenate str \(not "(int|float)"\) to str', message):
        return (
            N_(
                "You are adding a text and a number with +. To show them together, give print "
                'both, separated by a comma: print("I am", 12). Or put the number in quotes, so '
                'it is text too: "12".'
            ),
            {},
        )
    if "'method' object is not subscriptable" in message:
        return (
            N_(
                "head, mean, sort_values… are commands: they take round brackets, as in "
                'penguins.head(3). Square brackets are for choosing: penguins["species"].'
            ),
            {},
        )
    if re.search(r"dtype '\w+' does not support operation '\w+'", message):
        return (
            N_(
                "You work out a mean or a sum over columns of text too. Choose a column of numbers "
                'first, as in penguins.groupby("species")["body_mass_g"].mean().'
            ),
            {},
        )
    match = re.search(r"'(\w+)' object is not callable", message)
    if match:
        return (
            N_(
                "You call something that is not a function (it is a {kind}): there are "
                "brackets ( ) right after it. Did you give a variable the name of a function, "
                "such as print = 5? Or is a * missing, as in 2 * (3 + 4)?"
            ),
            {"kind": match.group(1)},
        )
    match = re.search(
        r"(\w+)\(\) takes (\d+) positional arguments? but (\d+) (?:was|were) given", message
    )
    if match:
        function, wanted, given = match.groups()
        return (
            N_("{function} takes {wanted} value(s) between its brackets, but got {given}."),
            {"function": function, "wanted": wanted, "given": given},
        )
    match = re.search(r"(\w+)\(\) missing (\d+) required positional arguments?: (.+)$", message)
    if match:
        function, count, names = match.groups()
        return (
            N_("{function} needs {count} more value(s) between its brackets: {names}."),
            {"function": function, "count": count, "names": names},
        )
    return None


def _value_error(error: ValueError, namespace: Mapping[str, Any]) -> Hint | None:
    unpacking = _unpack_error(error)
    if unpacking is not None:
        return unpacking
    if str(error).startswith("The truth value of a Series is ambiguous"):
        return (
            N_(
                "and, or and not answer one question, not a whole column. To join two questions "
                "about a table, use & (and) or | (or), with round brackets around each question: "
                'penguins[(penguins["species"] == "Adelie") & (penguins["sex"] == "male")].'
            ),
            {},
        )
    if str(error) in ("substring not found", "string not found") or re.search(
        r"is not in list$", str(error)
    ):
        return (
            N_(
                "index(…) looks for something that is not there, so it cannot say its place. "
                "Check first with if … in …: only look for its place when it is there."
            ),
            {},
        )
    match = re.search(r"invalid literal for int\(\) with base 10: (.+)$", str(error))
    if match:
        return (
            N_("int() can only turn text made of digits into a number, and {text} is not."),
            {"text": match.group(1)},
        )
    match = re.search(r"could not convert string to float: (.+)$", str(error))
    if match:
        return (
            N_(
                "float() can only turn text that looks like a number into a number (with a point, "
                "not a comma: 2.5), and {text} is not."
            ),
            {"text": match.group(1)},
        )
    return None


def _unpack_error(error: ValueError) -> Hint | None:
    if re.search(r"(too many|not enough) values to unpack \(expected 2", str(error)):
        return (
            N_(
                "A for loop with two names, for key, value in …, needs pairs. To go through a "
                "dictionary's keys with their values, add .items(): for key, value in "
                "counts.items():"
            ),
            {},
        )
    return None


def _file_not_found(error: FileNotFoundError, namespace: Mapping[str, Any]) -> Hint | None:
    if not error.filename:  # codekamp.datasets.path's own message already says it all
        return None
    return (
        N_(
            "Python cannot find the file {name} in the notebook's folder. Check the name and "
            'its ending (.csv). A data file of the course opens with open(path("…")), after '
            "from codekamp.datasets import path."
        ),
        {"name": repr(error.filename)},
    )


def _index_error(error: IndexError, namespace: Mapping[str, Any]) -> Hint | None:
    if "string index out of range" in str(error):
        return N_(
            "You ask for a letter at a place that does not exist. Counting starts at 0: the "
            'text "cat" has the places 0, 1 and 2. len(…) tells how many letters there are.'
        ), {}
    if "out of range" in str(error):
        return N_(
            "You ask for a place that does not exist. Counting starts at 0: a list of 3 things "
            "has the places 0, 1 and 2. len(…) tells how many there are."
        ), {}
    return None


def _raised_in_pandas(error: BaseException) -> bool:
    """Did the error come from inside pandas (a table), rather than from the pupil's own code?"""
    entry = error.__traceback__
    while entry is not None:
        if "pandas" in re.split(r"[\\/]", entry.tb_frame.f_code.co_filename):
            return True
        entry = entry.tb_next
    return False


def _key_error(error: KeyError, namespace: Mapping[str, Any]) -> Hint | None:
    key = error.args[0] if error.args else ""
    if _raised_in_pandas(error):
        column = (
            key[len("Column not found: ") :] if str(key).startswith("Column not found: ") else key
        )
        return (
            N_(
                "The table has no column {key}. Check the spelling and the capital letters, or "
                "look at its columns with print(list(….columns))."
            ),
            {"key": repr(column)},
        )
    return (
        N_(
            "The dictionary has no key {key}. Check the spelling and the capital letters, or "
            "look at its keys with print(….keys()). Counting? A key that is not there yet "
            "starts at 0 with counts.get(key, 0) + 1."
        ),
        {"key": repr(key)},
    )


def _zero_division(error: ZeroDivisionError, namespace: Mapping[str, Any]) -> Hint | None:
    return N_(
        "You divide by zero, and nobody can do that, not even a computer. Which number became 0?"
    ), {}


def _attribute_error(error: AttributeError, namespace: Mapping[str, Any]) -> Hint | None:
    name = getattr(error, "name", None)
    owner = getattr(error, "obj", None)
    match = re.search(r"'(\w+)' object has no attribute '(\w+)'", str(error))
    if not match:
        return None
    kind, name = match.group(1), name or match.group(2)
    if kind == "NoneType":
        return _none_hint(name)
    suggestion = (
        _closest(name, [n for n in dir(owner) if not n.startswith("_")])
        if owner is not None
        else None
    )
    if suggestion:
        return (
            N_("A {kind} has no {name}. Did you mean {suggestion}?"),
            {"kind": kind, "name": name, "suggestion": suggestion},
        )
    return N_("A {kind} has no {name}. Check the spelling."), {"kind": kind, "name": name}


def _module_not_found(error: ModuleNotFoundError, namespace: Mapping[str, Any]) -> Hint | None:
    name = error.name or _quoted(str(error))
    if not name:
        return None
    if _not_fetched_in_the_browser(error, name):
        return (
            N_(
                "{name} comes from the internet the first time a lesson uses it, and your "
                "browser could not fetch it. Is there a connection? Connect, then run the cell "
                "again. Without internet, lessons 00 to 08 work, but not this one."
            ),
            {"name": name.split(".")[0]},
        )
    known = sorted(getattr(sys, "stdlib_module_names", ())) + [
        "codekamp",
        "matplotlib",
        "ipywidgets",
    ]
    suggestion = _closest(name, known)
    if suggestion:
        return (
            N_("There is no module called {name}. Did you mean {suggestion}?"),
            {"name": name, "suggestion": suggestion},
        )
    return (
        N_(
            "There is no module called {name} here. Check the spelling; only the modules of the "
            "course can be imported."
        ),
        {"name": name},
    )


BROWSER_DOWNLOADS = ("matplotlib", "numpy", "pandas")
"""Compiled packages that the course's JupyterLite site fetches from Pyodide's CDN."""


def _not_fetched_in_the_browser(error: ModuleNotFoundError, name: str) -> bool:
    """In JupyterLite, a package that Pyodide knows but could not download (no internet):
    Pyodide adds a note to the error that the package "is included in the Pyodide
    distribution, but it is not installed"."""
    package = name.split(".")[0]
    if sys.platform != "emscripten" or package in sys.modules:
        return False  # on a computer, or it came (then a part of it is misspelt: pyplt)
    notes = " ".join(getattr(error, "__notes__", ()))
    return package in BROWSER_DOWNLOADS or "Pyodide distribution" in notes


def _recursion(error: RecursionError, namespace: Mapping[str, Any]) -> Hint | None:
    return N_(
        "A function keeps calling itself and never stops. Does it have a case where it stops "
        "calling itself (with if)?"
    ), {}


def _not_implemented(error: NotImplementedError, namespace: Mapping[str, Any]) -> Hint | None:
    if str(error):
        return None
    return N_(
        "This cell is waiting for your answer: write your code and delete the line with "
        "raise NotImplementedError()."
    ), {}


_RECOGNISERS: list[tuple[type[BaseException], Callable[..., Hint | None]]] = [
    (SyntaxError, _syntax_error),
    (NameError, _name_error),
    (ModuleNotFoundError, _module_not_found),
    (AttributeError, _attribute_error),
    (TypeError, _type_error),
    (ValueError, _value_error),
    (IndexError, _index_error),
    (FileNotFoundError, _file_not_found),
    (KeyError, _key_error),
    (ZeroDivisionError, _zero_division),
    (RecursionError, _recursion),
    (NotImplementedError, _not_implemented),
]


def _is_codekamps_own(error: BaseException) -> bool:
    return type(error).__module__.startswith("codekamp")


def _closest(word: str, candidates: list[str]) -> str | None:
    by_case = {c.lower(): c for c in candidates}
    if word.lower() in by_case and by_case[word.lower()] != word:
        return by_case[word.lower()]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _quoted(text: str) -> str | None:
    match = re.search(r"'([^']+)'", text)
    return match.group(1) if match else None


# -- in the notebook -------------------------------------------------------------------------


def wanted(environ: Mapping[str, str]) -> bool:
    """Should hints be shown? Not while nbgrader grades, nor when CODEKAMP_HINTS=0."""
    if environ.get("NBGRADER_EXECUTION"):
        return False
    return environ.get("CODEKAMP_HINTS", "1").strip().lower() not in ("0", "no", "off", "false")


def switch_on() -> None:
    """Show hints again (they are on by default)."""
    global _switched_on
    _switched_on = True


def switch_off() -> None:
    """Show no more hints in this notebook (for a teacher who prefers plain Python errors)."""
    global _switched_on
    _switched_on = False


def show_hint(result: Any) -> None:
    """IPython's post_run_cell hook: after a failed cell, show the hint for its error."""
    error = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
    if error is not None:
        publish_hint(error)


def publish_hint(error: BaseException) -> None:
    """Show the hint for ``error`` (if there is one and hints are on) where output goes now:
    below a failed cell, or under the sliders and buttons whose function failed."""
    if not _switched_on or not wanted(os.environ):
        return
    from IPython.display import publish_display_data

    from codekamp.ipython import shell

    current = shell()
    hint = hint_for(error, current.user_ns if current is not None else {})
    if hint:
        label = _("Tip")
        publish_display_data(
            {
                "text/plain": "💡 " + _("{label}: {hint}").format(label=label, hint=hint),
                "text/markdown": "💡 "
                + _("{label}: {hint}").format(label=f"**{label}**", hint=hint),
            }
        )


def register() -> bool:
    """Show hints after failed cells in this IPython session (once); False outside IPython."""
    from codekamp.ipython import on_event

    return on_event("post_run_cell", show_hint)
