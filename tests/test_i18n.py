"""codekamp.i18n: choosing a language and translating messages from the .po catalogs."""

import ast
import re
import string
from pathlib import Path

import pytest

import codekamp
from codekamp import i18n

SOURCES = Path(i18n.__file__).parent


@pytest.fixture(autouse=True)
def no_chosen_language(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen_language", None)
    for variable in ("CODEKAMP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANGUAGE": "de:fr_BE:nl", "LANG": "nl_BE.UTF-8"}, "fr"),
        ({"CODEKAMP_LANG": "nl", "LANG": "fr_BE.UTF-8"}, "nl"),
        ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "fr"),
    ],
)
def test_language_comes_from_the_environment(environ, expected):
    assert i18n.language_from_environment(environ) == expected


def test_default_language_follows_the_environment(monkeypatch):
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert codekamp.get_language() == "fr"


def test_a_notebook_chooses_its_language_once(monkeypatch):
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    codekamp.set_language("nl_BE")
    assert codekamp.get_language() == "nl"


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="'nl', 'fr', 'en'"):
        codekamp.set_language("de")


def test_messages_are_translated_in_the_chosen_language():
    codekamp.set_language("fr")
    assert i18n._("Well done! This test passes.") == "Bravo ! Ce test est réussi."
    codekamp.set_language("en")
    assert i18n._("Well done! This test passes.") == "Well done! This test passes."


def test_an_untranslated_message_stays_in_english():
    assert i18n.translate("No translation for this one.", "nl") == "No translation for this one."


def test_po_reader_skips_header_fuzzy_and_empty_entries_and_joins_lines():
    text = r"""msgid ""
msgstr ""
"Language: nl\n"

#, fuzzy
msgid "Not sure"
msgstr "Niet zeker"

msgid "Empty"
msgstr ""

msgid "Two "
"lines"
msgstr "Twee "
"regels met een \"aanhalingsteken\"\n"
"""
    assert i18n.parse_po(text) == {"Two lines": 'Twee regels met een "aanhalingsteken"\n'}


def marked_messages() -> set[str]:
    """Every English message in the package passed to _(), N_() or translate()."""
    found = set()
    teachers = [SOURCES.parent / "codekamp_grading", SOURCES.parent / "codekamp_classroom"]
    for path in [*SOURCES.rglob("*.py"), *(p for t in teachers for p in t.rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "N_", "translate"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    grading = SOURCES.parent / "codekamp_grading"
    for path in grading.rglob("*.py"):
        found.update(re.findall(r'translate\(\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    return found


def placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


def test_the_package_has_messages_to_translate():
    assert len(marked_messages()) >= 10


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_message_has_a_translation(language):
    missing = marked_messages() - i18n.catalog(language).keys()
    assert not missing, f"locale/{language}.po lacks: {sorted(missing)}"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_translations_keep_the_placeholders(language):
    wrong = {
        english: translated
        for english, translated in i18n.catalog(language).items()
        if placeholders(english) != placeholders(translated)
    }
    assert not wrong, f"locale/{language}.po changes placeholders: {wrong}"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_catalog_has_no_stale_messages(language):
    stale = i18n.catalog(language).keys() - marked_messages()
    assert not stale, f"locale/{language}.po translates messages the code no longer has: {stale}"


def test_the_translators_template_lists_every_message():
    """src/codekamp/locale/codekamp.pot is what translation tools start from (`make messages`)."""
    # The template's msgstr are all empty; fill them so the catalog reader keeps every msgid.
    template = i18n.parse_po(
        "\n\n".join(
            block.replace('msgstr ""', 'msgstr "x"')
            for block in (SOURCES / "locale" / "codekamp.pot")
            .read_text(encoding="utf-8")
            .split("\n\n")
        )
    )
    assert set(template) == marked_messages(), "run `make messages` and translate what is new"


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "1,000,000"), ("nl", "1.000.000"), ("fr", "1\u202f000\u202f000")],
)
def test_big_numbers_are_written_as_the_pupils_language_writes_them(language, written):
    import codekamp
    from codekamp.i18n import whole_number

    codekamp.set_language(language)
    try:
        assert whole_number(1_000_000) == written
    finally:
        codekamp.set_language("en")


def test_without_a_choice_the_working_folder_names_the_language(monkeypatch, tmp_path):
    # JupyterLite tells the kernel nothing about its notebook, but works in its folder.
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    lessons = tmp_path / "notebooks" / "nl"
    exercise = tmp_path / "exercises" / "en-03-functions"
    for folder in (lessons, exercise):
        folder.mkdir(parents=True)
    monkeypatch.chdir(lessons)
    assert codekamp.get_language() == "nl"
    monkeypatch.chdir(exercise)
    assert codekamp.get_language() == "en"
    monkeypatch.chdir(tmp_path)
    assert codekamp.get_language() == "fr"  # no language in the folder: the environment's
    codekamp.set_language("en")
    monkeypatch.chdir(lessons)
    assert codekamp.get_language() == "en"  # a notebook's own choice comes first
