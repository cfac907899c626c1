"""Target pictures and expected outputs for the self-checks, made by running the solutions.

Every exercise in a lesson is followed by a ``self-check`` cell: what success looks like (a
target picture or the exact output in a ```text block) and the folded solution (a ```python
block inside ``<details>``). An assignment task that draws may show its target too. So that the
picture and the output can never disagree with the solution, they are not drawn by hand: the
author writes ``![what it shows](attachment:target.svg)`` where the picture goes, and this tool
runs the notebook in a real kernel, in order, with each exercise replaced by its solution (for an
assignment: the teacher's version, as it is), and

- puts the drawing each solution makes there: the whole canvas (its edge drawn, so a pupil sees
  where the picture stands), without animation, as an ``<img>`` with the SVG inside
  (``data:`` URL). The picture travels with the notebook when a pupil downloads it, and it shows
  in JupyterLab, Notebook 7, JupyterLite and exported HTML (JupyterLab cannot show SVG cell
  attachments, so those are not used);
- checks that each ```text block is exactly what the solution printed.

``python tools/self_check.py [notebooks...]`` writes the pictures; ``--check`` only says what is
out of date (``tests/test_self_check.py`` does this for every lesson and assignment).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from codekamp_grading.execute import without_widget_frontend

ROOT = Path(__file__).resolve().parent.parent
TARGET = "target.svg"
_MARKER = re.compile(r"!\[([^\]]*)\]\(attachment:target\.svg\)")
_IMAGE = re.compile(
    r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]*)" alt="([^"]*)" width="300">'
)
_SOLUTION = re.compile(r"<details>.*?```python\n(.*?)```.*?</details>", re.S)
_TEXT = re.compile(r"```text\n(.*?)```", re.S)
_PROBE = (  # how many things are drawn, then the picture
    "import codekamp.turtle as _ck_t\n"
    'print(len(_ck_t.Screen().drawing.items), _ck_t.Screen().svg("none"), sep="\\n", end="")'
)
_SEED = "import random as _ck_random\n_ck_random.seed(2026)\ndel _ck_random"


@dataclass
class Finding:
    """What running one notebook's solutions gave, per markdown cell (by index)."""

    pictures: dict[int, str] = field(default_factory=dict)  # cell index -> SVG text
    printed: dict[int, str] = field(default_factory=dict)  # cell index -> what was printed
    errors: list[str] = field(default_factory=list)


def solutions_of(markdown: str) -> list[str]:
    """The folded solutions (```python blocks inside <details>) of a self-check cell."""
    return _SOLUTION.findall(markdown)


def solution_of(markdown: str) -> str | None:
    """The exercise's solution: the first folded one, or None."""
    found = solutions_of(markdown)
    return found[0] if found else None


def expected_text(markdown: str) -> list[str]:
    return _TEXT.findall(markdown)


def shows_target(markdown: str) -> bool:
    return bool(_MARKER.search(markdown) or _IMAGE.search(markdown))


def with_picture(markdown: str, svg: str) -> str:
    """The markdown with its target picture (the marker or an older picture) set to ``svg``."""
    framed = svg.replace(
        'fill="#ffffff"/>', 'fill="#ffffff" stroke="#9e9e9e" stroke-width="2"/>', 1
    )
    encoded = base64.b64encode(framed.encode("utf-8")).decode("ascii")

    def image(alt: str) -> str:
        return f'<img src="data:image/svg+xml;base64,{encoded}" alt="{alt}" width="300">'

    if _MARKER.search(markdown):
        return _MARKER.sub(lambda m: image(m.group(1).replace('"', "&quot;")), markdown, count=1)
    return _IMAGE.sub(lambda m: image(m.group(2)), markdown, count=1)


def _is_lesson(path: Path) -> bool:
    return path.resolve().parent.parent.name == "notebooks"


def run_solutions(path: Path) -> Finding:
    """Run ``path`` with every exercise replaced by its solution; what each self-check shows."""
    notebook = nbformat.read(path, as_version=4)
    lesson = _is_lesson(path)
    plan: list[tuple[str, int | None, str]] = [("seed", None, _SEED)]
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        source = cell.source
        shown_by = None
        if lesson and "exercise" in tags:
            following = cells[index + 1] if index + 1 < len(cells) else None
            solution = solution_of(following.source) if following is not None else None
            if following is not None and solution is not None:
                source, shown_by = solution, index + 1
        elif not lesson and index > 0 and cells[index - 1].cell_type == "markdown":
            if shows_target(cells[index - 1].source) or expected_text(cells[index - 1].source):
                shown_by = index - 1
        plan.append(("cell", shown_by, source))
        if shown_by is not None:
            plan.append(("probe", shown_by, _PROBE))
    run = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for _kind, _at, source in plan],
        metadata=notebook.metadata,
    )
    client = NotebookClient(
        run, timeout=60, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )  # fmt: skip
    without_widget_frontend(client)  # lesson 08's sliders would now and then hang a cell
    where = path.resolve().relative_to(ROOT)
    client.execute(env={**os.environ, "JPY_SESSION_NAME": str(where)})
    found = Finding()
    for (kind, shown_by, _source), cell in zip(plan, run.cells, strict=True):
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        failed = [o for o in cell.outputs if o.output_type == "error"]
        if kind == "probe":
            found.pictures[shown_by] = printed
        elif kind == "cell" and shown_by is not None:
            found.printed[shown_by] = printed
            if failed:
                found.errors.append(f"the solution shown in cell {cells[shown_by].id} fails: "
                                    f"{failed[0]['ename']}: {failed[0]['evalue']}")  # fmt: skip
    return found


def picture_of(markdown: str) -> str | None:
    """The target picture shown in a markdown cell, as SVG text (None if there is none yet)."""
    found = _IMAGE.search(markdown)
    return base64.b64decode(found.group(1)).decode("utf-8") if found else None


def problems(path: Path, fix: bool = False) -> list[str]:
    """What is out of date in ``path``'s self-checks (and, with ``fix``, attach the pictures)."""
    stored = json.loads(path.read_text(encoding="utf-8"))  # changed as little as possible
    found = run_solutions(path)
    result = list(found.errors)
    changed = False
    for index, cell in enumerate(stored["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        name = f"{path.relative_to(ROOT)} cell {cell.get('id')}"
        if shows_target(source):
            count, _newline, picture = found.pictures.get(index, "0\n").partition("\n")
            if count.strip() in ("", "0"):
                result.append(f"{name}: shows a target picture, but its solution draws nothing")
            elif source != with_picture(source, picture):
                if fix:
                    cell["source"] = _lines(with_picture(source, picture))
                    cell.pop("attachments", None)
                    changed = True
                else:
                    result.append(f"{name}: the target picture is out of date")
        for text in expected_text(source):
            printed = found.printed.get(index)
            if printed is None:
                result.append(f"{name}: a ```text block, but no solution prints it")
            elif _tidy(printed) != _tidy(text):
                result.append(f"{name}: the solution prints {printed!r}, the cell says {text!r}")
    if changed:
        path.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


def _lines(text: str) -> list[str]:
    """A cell's source as nbformat stores it: a list of lines that keep their newlines."""
    return text.splitlines(keepends=True)


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing, list problems")
    arguments = parser.parse_args(argv)
    paths = arguments.notebooks or sorted(ROOT.glob("notebooks/*/*.ipynb")) + sorted(
        ROOT.glob("solutions/*/*.ipynb")
    )
    all_problems = []
    for path in paths:
        all_problems += problems(path.resolve(), fix=not arguments.check)
    print("\n".join(all_problems) or "Every self-check is up to date.")
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
