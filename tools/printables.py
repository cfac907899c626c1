"""Printable material for a class or a camp, made from the course itself (never written twice).

Per language, in ``build/print/<language>/`` (print-ready HTML, A4; a browser's Print or "Save as
PDF" gives the paper):

- ``NN-cheat-sheet.html``: one A4 page per module, the cheat sheet of the lesson (its
  ``cheat-sheet`` cell), under the lesson's title;
- ``answers.html``: for teachers, the answers of every assignment (the solution part of each
  answer cell of ``solutions/``), module by module. Keep it away from pupils;
- ``certificate.html``: a certificate a pupil takes home, with a line for their name and the
  modules, to tick;
- ``projects.html``: the extra projects at the end of every lesson (its ``project-…`` cells), one
  A4 page per module: the steps, the hint and the example picture, for a pupil who is done early
  (their solutions stay in the notebook, folded);
- ``index.html``: the list of them.

    python tools/printables.py [--language nl] [--module 01] [--out build/print]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import mistune

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("nl", "fr", "en")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"

WORDS = {
    "nl": {
        "cheat_sheet": "Spiekbriefje",
        "projects": "Extra projecten",
        "colon": ": ",
        "module": "Module",
        "answers": "Antwoorden van de opdrachten (voor de begeleider, niet voor leerlingen)",
        "written": "Geschreven antwoord: beoordeel het met de rubriek in de lesnotities.",
        "certificate": "Getuigschrift",
        "has_done": "heeft bij Codekamp leren programmeren met Python en deze modules gedaan:",
        "name": "naam",
        "date": "datum",
        "signature": "handtekening van de begeleider",
        "contents": "Afdrukbaar materiaal",
        "print_tip": "Afdrukken: Ctrl + P (of Bewaren als PDF), A4, zonder kop- en voettekst.",
    },
    "fr": {
        "cheat_sheet": "Aide-mémoire",
        "projects": "Projets en plus",
        "colon": " : ",
        "module": "Module",
        "answers": "Réponses des devoirs (pour l'animateur, pas pour les élèves)",
        "written": "Réponse rédigée : évaluez-la avec la grille des notes pédagogiques.",
        "certificate": "Certificat",
        "has_done": "a appris à programmer en Python avec Codekamp et a fait ces modules :",
        "name": "nom",
        "date": "date",
        "signature": "signature de l'animateur",
        "contents": "Matériel à imprimer",
        "print_tip": "Imprimer : Ctrl + P (ou Enregistrer en PDF), papier A4, sans en-têtes.",
    },
    "en": {
        "cheat_sheet": "Cheat sheet",
        "projects": "Extra projects",
        "colon": ": ",
        "module": "Module",
        "answers": "Answers of the assignments (for the teacher, not for pupils)",
        "written": "Written answer: grade it with the rubric in the teacher notes.",
        "certificate": "Certificate",
        "has_done": "learnt to code in Python with Codekamp and did these modules:",
        "name": "name",
        "date": "date",
        "signature": "teacher's signature",
        "contents": "Printable material",
        "print_tip": "To print: Ctrl + P (or Save as PDF), A4 paper, without headers and footers.",
    },
}

STYLE = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 11pt;
       color: #1d2b1d; margin: 0; }
header { display: flex; justify-content: space-between; align-items: baseline;
         border-bottom: 2pt solid #2e7d32; margin-bottom: 6mm; }
header .course { color: #2e7d32; font-weight: bold; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; color: #2e7d32; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.6pt solid #9e9e9e; padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
th { background: #e8f5e9; }
code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9.5pt; }
pre { background: #f4f8f4; border: 0.6pt solid #c8e6c9; padding: 2mm; white-space: pre-wrap;
      break-inside: avoid; }
.task { break-inside: avoid; }
.module { break-before: page; }
.module:first-of-type { break-before: auto; }
.certificate { border: 3pt double #2e7d32; min-height: 260mm; padding: 14mm; text-align: center; }
.certificate h1 { font-size: 32pt; margin-top: 10mm; }
.certificate .line { border-bottom: 0.8pt solid #1d2b1d; height: 14mm; margin: 8mm 20mm 1mm; }
.certificate .label { font-size: 9pt; color: #555; }
.certificate ul { list-style: none; text-align: left; display: inline-block; padding: 0; }
.certificate li { margin: 2mm 0; font-size: 12pt; }
.certificate li::before { content: "☐  "; }
.signatures { display: flex; justify-content: space-around; margin-top: 14mm; }
.signatures > div { width: 40%; }
.signatures .line { margin: 8mm 0 1mm; }
.project { border-top: 0.6pt solid #c8e6c9; padding-top: 2mm; overflow: hidden; }
.project h3 { font-size: 12pt; margin: 1mm 0; }
.project .example { float: right; margin: 0 0 2mm 4mm; border: 0.6pt solid #c8e6c9; }
"""


@dataclass(frozen=True)
class Project:
    text: str  # markdown: the title, the steps, "done when" and a folded hint
    picture: str | None  # the self-check's example picture (an SVG data URL), if it has one


@dataclass(frozen=True)
class Lesson:
    module: str
    title: str
    cheat_sheet: str  # markdown
    projects: tuple[Project, ...] = ()


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def lessons(language: str, root: Path = ROOT) -> list[Lesson]:
    """Every lesson of ``language``, in module order, with its title and cheat sheet."""
    found = []
    for path in sorted((root / "notebooks" / language).glob("[0-9][0-9]-*.ipynb")):
        notebook = read(path)
        cells = {cell.get("id"): cell for cell in notebook["cells"]}
        title = source(cells["title"]).splitlines()[0].lstrip("# ").strip()
        sheet = source(cells["cheat-sheet"]).split("\n", 1)[1].strip()  # without its heading
        found.append(Lesson(path.name[:2], title, sheet, projects_of(notebook["cells"])))
    return found


_PROJECT_ID = re.compile(r"project-[\w-]+")
_PICTURE = re.compile(r'<img src="(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+)"')
_HINT = re.compile(r"<details><summary>(.*?)</summary>\s*(.*?)\s*</details>", re.S)


def projects_of(cells: list[dict]) -> tuple[Project, ...]:
    """The lesson's extra projects: each ``project-<name>`` cell, with the picture of its
    ``project-<name>-check`` cell. A folded hint is printed open (paper does not fold)."""
    checks = {cell.get("id"): source(cell) for cell in cells}
    found = []
    for cell in cells:
        name = cell.get("id", "")
        if not _PROJECT_ID.fullmatch(name) or name.endswith(("-cell", "-check")):
            continue
        text = _HINT.sub(lambda m: f"\n**{m[1].strip()}**\n\n{m[2]}\n", source(cell))
        picture = _PICTURE.search(checks.get(f"{name}-check", ""))
        found.append(Project(text.strip(), picture[1] if picture else None))
    return tuple(found)


def answers(assignment: Path) -> list[tuple[str, str | None]]:
    """(answer cell id, the solution's code) of an assignment; None for a written answer."""
    found = []
    for cell in read(assignment)["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("solution"):
            continue
        text = source(cell)
        if cell["cell_type"] == "markdown":
            found.append((cell.get("id", ""), None))
            continue
        match = re.search(re.escape(BEGIN) + r"\n(.*?)\n?\s*" + re.escape(END), text, re.S)
        code = match.group(1) if match else text
        found.append((cell.get("id", ""), code.rstrip()))
    return found


def page(title: str, language: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


MARKDOWN = mistune.create_markdown(plugins=["table"])


def cheat_sheet(lesson: Lesson, language: str) -> str:
    words = WORDS[language]
    body = (
        f'<header><span class="course">🐢 Codekamp</span>'
        f"<span>{words['cheat_sheet']} · {words['module']} {lesson.module}</span></header>\n"
        f"<h1>{html.escape(lesson.title)}</h1>\n{MARKDOWN(lesson.cheat_sheet)}"
    )
    return page(f"{words['cheat_sheet']} {lesson.module}", language, body)


def project_cards(language: str, course: list[Lesson]) -> str:
    """Every module's extra projects, one page per module, for pupils who are done early."""
    words = WORDS[language]
    parts = [
        f'<header><span class="course">🐢 Codekamp</span><span>{words["projects"]}</span></header>'
    ]
    for lesson in course:
        if not lesson.projects:
            continue
        parts.append(
            f'<section class="module"><h1>{words["module"]} {lesson.module}{words["colon"]}'
            f"{html.escape(lesson.title)}</h1>"
        )
        for project in lesson.projects:
            picture = (
                f'<img class="example" src="{project.picture}" alt="" width="220">'
                if project.picture
                else ""
            )
            parts.append(f'<div class="task project">{picture}{MARKDOWN(project.text)}</div>')
        parts.append("</section>")
    return page(words["projects"], language, "\n".join(parts))


def answer_sheet(language: str, course: list[Lesson], root: Path = ROOT) -> str:
    """The answers of every assignment of ``language``; ``course`` gives the modules' titles."""
    words = WORDS[language]
    titles = {lesson.module: lesson.title for lesson in course}
    parts = [
        f'<header><span class="course">🐢 Codekamp</span><span>{words["answers"]}</span></header>'
    ]
    for folder in sorted((root / "solutions").glob(f"{language}-[0-9][0-9]-*")):
        module = folder.name.split("-")[1]
        parts.append(
            f'<section class="module"><h1>{words["module"]} {module}{words["colon"]}'
            f"{html.escape(titles.get(module, folder.name))}</h1>"
            f"<p><code>{folder.name}</code></p>"
        )
        for cell_id, code in answers(folder / f"{folder.name}.ipynb"):
            shown = (
                f"<p>{words['written']}</p>" if code is None else f"<pre>{html.escape(code)}</pre>"
            )
            parts.append(f'<div class="task"><h2>{html.escape(cell_id)}</h2>{shown}</div>')
        parts.append("</section>")
    return page(words["answers"], language, "\n".join(parts))


def certificate(language: str, course: list[Lesson]) -> str:
    words = WORDS[language]
    items = "\n".join(
        f"<li>{words['module']} {lesson.module}{words['colon']}{html.escape(lesson.title)}</li>"
        for lesson in course
    )
    body = (
        f'<div class="certificate"><div class="course">🐢 Codekamp</div>'
        f"<h1>{words['certificate']}</h1>"
        f'<div class="line"></div><div class="label">{words["name"]}</div>'
        f"<p>{words['has_done']}</p><ul>\n{items}\n</ul>"
        f'<div class="signatures"><div><div class="line"></div>'
        f'<div class="label">{words["date"]}</div></div>'
        f'<div><div class="line"></div><div class="label">{words["signature"]}</div></div></div>'
        f"</div>"
    )
    return page(words["certificate"], language, body)


def build(out: Path, languages: tuple[str, ...] = LANGUAGES, module: str | None = None) -> list:
    """Write the printable pages into ``out/<language>/``; returns the files written."""
    written = []
    for language in languages:
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        course = lessons(language)
        chosen = [x for x in course if module is None or x.module == module]
        files = {f"{x.module}-cheat-sheet.html": cheat_sheet(x, language) for x in chosen}
        files["answers.html"] = answer_sheet(language, course)
        files["certificate.html"] = certificate(language, course)
        files["projects.html"] = project_cards(language, chosen)
        words = WORDS[language]
        links = "\n".join(f'<li><a href="{name}">{name}</a></li>' for name in sorted(files))
        files["index.html"] = page(
            words["contents"],
            language,
            f"<h1>{words['contents']}</h1><p>{words['print_tip']}</p><ul>{links}</ul>",
        )
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    parser.add_argument("--module", help="only this module's cheat sheet, e.g. 01")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "print")
    arguments = parser.parse_args(argv)
    written = build(arguments.out, tuple(arguments.language or LANGUAGES), arguments.module)
    print(f"{len(written)} pages in {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
