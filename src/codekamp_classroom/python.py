"""The Python that pupils' servers run: the course's own ``.venv``, when other accounts can
reach it. When the course's Python lies in a private folder (pyenv or conda in the teacher's
home, say), the hub makes a small venv of its own from the machine's Python of the same
version, which reads the course's packages: pupils run the same code, from a Python they may
start."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

from codekamp.i18n import N_
from codekamp_classroom.checks import closed_folder

NO_SHARED_PYTHON = N_(
    "Pupils cannot start the course's Python ({python}: the folder {folder} is closed to other "
    "accounts), and this computer has no shared python{version} to stand in for it. Install "
    "one (sudo apt install python{version}), or build the course with it: make clean, then "
    "make classroom PYTHON=/usr/bin/python{version}."
)


def shared(path: Path) -> bool:
    return closed_folder(path) is None


def pupils_python(checkout: Path, state: Path) -> Path:
    """The Python for pupils' servers (``RuntimeError`` with NO_SHARED_PYTHON's values if
    there is none)."""
    course = checkout / ".venv" / "bin" / "python"
    if shared(course):
        return course
    version = sysconfig.get_python_version()
    system = Path(f"/usr/bin/python{version}")
    if not system.exists() or not shared(system):
        raise RuntimeError(
            dict(python=course.resolve(), folder=closed_folder(course), version=version)
        )
    venv = state / "python"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([str(system), "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_paths()["purelib"])  # the course's packages (this process's venv)
    # addsitedir, not a bare path: the course's own .pth files (codekamp, installed from the
    # checkout) must be read too.
    line = f"import site; site.addsitedir({str(site)!r})\n"
    (venv_site(venv, version) / "codekamp-course.pth").write_text(line)
    # IPython reads the course's kernel settings (codekamp's tips, the turtle) next to its Python.
    settings = venv / "etc" / "ipython"
    settings.mkdir(parents=True, exist_ok=True)
    for source in (checkout / ".venv" / "etc" / "ipython").glob("*.json"):
        shutil.copyfile(source, settings / source.name)
    return python


def venv_site(venv: Path, version: str) -> Path:
    return venv / "lib" / f"python{version}" / "site-packages"


def jupyter_environment(checkout: Path) -> dict[str, str]:
    """Where Jupyter finds the course's JupyterLab, extensions and kernels when it runs from a
    stand-in Python (their usual place is next to the course's own Python)."""
    prefix = checkout / ".venv"
    return {
        "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
        "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
        "JUPYTERLAB_DIR": str(prefix / "share" / "jupyter" / "lab"),
    }
