"""Which lesson teaches which piece of Python, and does anything use it earlier?

``TAUGHT_IN`` is the course's order of ideas: each construct and the module whose lesson
teaches it. ``constructs(source)`` finds the constructs in a piece of code. The rule
(``tests/test_progression.py``): the core of lesson NN, its self-check solutions and the
answers of assignment NN use only constructs taught in module NN or before, and lesson NN really
uses (teaches) what the table says it teaches.

Usage: ``python tools/concepts.py`` lists every place that breaks the rule.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from pathlib import Path

from self_check import solutions_of

ROOT = Path(__file__).resolve().parent.parent

# construct -> the module whose lesson teaches it
TAUGHT_IN: dict[str, int] = {
    "comment": 0,  # # a note for people
    "variable": 0,  # name = value
    "power": 0,  # 2 ** 100
    "for": 2,  # for i in range(n):
    "def": 3,  # def square(size):
    "range-start": 3,  # range(10, 200, 10)
    "reassign": 4,  # score = score + 10
    "augmented": 4,  # score += 10
    "floor-division": 4,  # //
    "modulo": 4,  # %
    "f-string": 4,  # f"{name}"
    "return": 4,
    "import-random": 4,
    "compare": 5,  # == != < > <= >=
    "if": 5,  # if / elif / else
    "logic": 5,  # and / or / not
    "boolean": 5,  # True / False written in code
    "while": 6,
    "list": 7,
    "index": 7,  # text[0], numbers[1:3]
    # def flower(colour="red"): lesson 03 shows it in an optional challenge only, so no core
    # and no assignment may use it until a later lesson (08, with the widgets) teaches it.
    "default-value": 8,
    "dict": 9,
    "with": 9,  # with open(...) as file:
    "import-csv": 9,
    "import-matplotlib": 10,  # import matplotlib.pyplot as plt
    "import-pandas": 11,
}

# A module whose import is a lesson's construct: the construct's name.
_TAUGHT_IMPORTS = {
    "random": "import-random",
    "csv": "import-csv",
    "matplotlib": "import-matplotlib",
    "pandas": "import-pandas",
}

_COMPARE = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def constructs(source: str) -> set[str]:
    """The constructs of ``TAUGHT_IN`` that ``source`` uses (IPython magics are skipped)."""
    lines = source.splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))
    found: set[str] = set()
    try:
        tree = ast.parse(code)
    except SyntaxError:  # an oops cell with a syntax error on purpose: read its tokens only
        tree = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
            if token.type == tokenize.COMMENT:
                found.add("comment")
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    if tree is None:
        return found
    assigned: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.add("variable")
            for target in targets:
                if isinstance(target, ast.Name):
                    names = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
                    if target.id in names:
                        found.add("reassign")
                    assigned.add(target.id)
                elif isinstance(target, ast.Subscript):
                    found.add("index")
        elif isinstance(node, ast.AugAssign):
            found.add("augmented")
        elif isinstance(node, ast.BinOp):
            kind = {ast.Pow: "power", ast.FloorDiv: "floor-division", ast.Mod: "modulo"}
            if type(node.op) in kind:
                found.add(kind[type(node.op)])
        elif isinstance(node, ast.For | ast.comprehension):
            found.add("for")
        elif isinstance(node, ast.While):
            found.add("while")
        elif isinstance(node, ast.With):
            found.add("with")
        elif isinstance(node, ast.FunctionDef | ast.Lambda):
            found.add("def")
            if node.args.defaults or any(d is not None for d in node.args.kw_defaults):
                found.add("default-value")
        elif isinstance(node, ast.Return):
            found.add("return")
        elif isinstance(node, ast.JoinedStr):
            found.add("f-string")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            for name in names:
                top = (name or "").split(".")[0]
                if top in _TAUGHT_IMPORTS:
                    found.add(_TAUGHT_IMPORTS[top])
        elif isinstance(node, ast.Compare) and any(isinstance(op, _COMPARE) for op in node.ops):
            found.add("compare")
        elif isinstance(node, ast.If | ast.IfExp):
            found.add("if")
        elif isinstance(node, ast.BoolOp) or (
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        ):
            found.add("logic")
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            found.add("boolean")
        elif isinstance(node, ast.List | ast.ListComp):
            found.add("list")
        elif isinstance(node, ast.Subscript):
            found.add("index")
        elif isinstance(node, ast.Dict | ast.DictComp):
            found.add("dict")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "range"
            and len(node.args) > 1
        ):
            found.add("range-start")
    return found


def module_of(path: Path) -> int:
    """The module number of a lesson or an assignment, from its file name."""
    match = re.search(r"(?:^|-)(\d\d)-", path.name)
    if not match:
        raise ValueError(f"no module number in {path.name}")
    return int(match.group(1))


def pupil_code(notebook: dict, lesson: bool) -> list[tuple[str, str]]:
    """(cell id, code) that a pupil reads or writes: a lesson's core code and self-check
    solutions; an assignment's answer cells and given code (not its test cells)."""
    found = []
    for cell in notebook["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if lesson and "optional" in tags:
            continue
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and not nbgrader.get("grade"):
            if not nbgrader.get("locked") or not lesson and nbgrader.get("solution"):
                found.append((cell.get("id", "?"), source))
            elif lesson:
                found.append((cell.get("id", "?"), source))
        elif cell["cell_type"] == "markdown" and "self-check" in tags:
            found += [(cell.get("id", "?"), code) for code in solutions_of(source)]
    return found


def project_code(notebook: dict) -> list[tuple[str, str]]:
    """(cell id, code) of a lesson's extra projects (from the cell ``projects`` on): the code
    each project gives and its solution. Optional, but meant for a pupil alone, so they too use
    only what has been taught."""
    ids = [cell.get("id") for cell in notebook["cells"]]
    if "projects" not in ids:
        return []
    found = []
    for cell in notebook["cells"][ids.index("projects") :]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            found.append((cell.get("id", "?"), source))
        elif "self-check" in cell.get("metadata", {}).get("tags", []):
            found += [(cell.get("id", "?"), code) for code in solutions_of(source)]
    return found


def too_early(path: Path) -> list[str]:
    """Where a lesson (its core, or its extra projects) or an assignment uses a construct that a
    later module teaches."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    module = module_of(path)
    lesson = path.parent.parent.name == "notebooks"
    problems = []
    cells = pupil_code(notebook, lesson) + (project_code(notebook) if lesson else [])
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for cell_id, code in cells:
        for construct in sorted(constructs(code)):
            taught = TAUGHT_IN.get(construct)
            if taught is not None and taught > module:
                problems.append(
                    f"{shown} cell {cell_id}: uses {construct!r}, taught in module {taught:02d}"
                )
    return problems


def course_notebooks() -> list[Path]:
    lessons = sorted(ROOT.glob("notebooks/*/*.ipynb"))
    return lessons + sorted(ROOT.glob("solutions/*/*.ipynb"))


def main() -> int:
    problems = [problem for path in course_notebooks() for problem in too_early(path)]
    print("\n".join(problems) or "Nothing is used before it is taught.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
