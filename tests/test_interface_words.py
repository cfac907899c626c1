"""Lesson text says only what a pupil will really see: every menu path written in bold with ›
(**File › Download**) names labels that JupyterLab really shows, in English (the default) or in
the installed Dutch or French language pack (jupyterlab-language-pack-nl-NL / -fr-FR)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import jupyterlab
import pytest
from conftest import ASSIGNMENTS, LESSONS, ROOT

PACKS = {"nl": "jupyterlab_language_pack_nl_NL", "fr": "jupyterlab_language_pack_fr_FR"}
# The names the Settings › Language menu lists (they come from the packs' metadata).
LANGUAGE_NAMES = {"Dutch (Netherlands)", "French (France)", "English"}
# nbgrader's own menu and panels (English only: nbgrader ships no translations).
NBGRADER_LABELS = {
    "Nbgrader",
    "Formgrader",
    "Assignments",
    "Assignment List",
    "Courses",
    "Validate",
}
MENU_PATH = re.compile(r"\*\*([^*\n]*›[^*\n]*)\*\*")
NOTEBOOKS = LESSONS + [a.solution for a in ASSIGNMENTS]
DOCS = sorted((ROOT / "docs" / "teachers").glob("*/*.md"))


@cache
def labels(language: str) -> frozenset[str]:
    """Every interface text JupyterLab can show: the English ones, plus the pack's translations."""
    site = Path(jupyterlab.__file__).resolve().parent.parent
    shown = set(LANGUAGE_NAMES) | NBGRADER_LABELS
    for lang, package in PACKS.items():
        for catalog in (site / package).glob("locale/*/LC_MESSAGES/*.json"):
            for key, value in json.loads(catalog.read_text(encoding="utf-8")).items():
                if not key:
                    continue
                shown.add(key.split("\x04")[-1])  # English, without the msgctxt
                if lang == language and isinstance(value, list):
                    shown.update(v for v in value if v)
    return frozenset(label.rstrip("…").rstrip(".").strip() for label in shown)


def language_of(path: Path) -> str:
    return path.parent.name if path.suffix == ".md" else re.split(r"[/-]", path.name)[0] if (
        path.parent.parent.name != "notebooks") else path.parent.name  # fmt: skip


@pytest.mark.parametrize("path", NOTEBOOKS + DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_menu_paths_name_real_labels(path):
    language = language_of(path)
    for bold in MENU_PATH.findall(path.read_text(encoding="utf-8").replace("\\n", "\n")):
        # A bold sentence may hold a path: "Eerst: download je werk (File › Download)".
        (found,) = [piece for piece in re.split(r"[():;]", bold) if "›" in piece]
        parts = [
            part.strip().strip("`").rstrip("…").rstrip(".").strip() for part in found.split("›")
        ]
        # A teachers' document may name the menus of each of the pupils' languages (a Dutch
        # guide: "French menus: Fichier › Télécharger"); each path is one language's, whole.
        languages = [language] if path.suffix != ".md" else [language, "nl", "fr", "en"]
        assert any(all(part in labels(lang) for part in parts) for lang in languages), (
            f"{path.name}: '{found}' is not a menu path of {languages}"
        )


def test_an_invented_translation_is_caught():
    assert "Run All Cells" in labels("nl") and "Herstart Kernel" in labels("nl")
    assert "Alle cellen uitvoeren" not in labels("nl")
    assert "Bestand" in labels("nl") and "Bestand" not in labels("fr")
    assert "Exécuter toutes les cellules" in labels("fr")
