"""Binder: repo2docker builds from binder/ with Python 3.11, and binder/postBuild does what it says
(codekamp installed, nbgrader's tools disabled and locked, Validate included, and only the
pupils' folders left in the image)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT

BIN = Path(sys.executable).parent
# Every nbgrader plugin a pupil could meet: the teacher's tools, Validate and the menu.
NBGRADER_PLUGINS = [
    "formgrader", "create-assignment", "course-list", "assignment-list", "validate-assignment",
    "menu",
]  # fmt: skip


@pytest.fixture(scope="module")
def dockerfile() -> str:
    """What `jupyter-repo2docker --no-build --debug .` prints; it needs no Docker engine."""
    result = subprocess.run(
        [
            str(BIN / "jupyter-repo2docker"),
            "--no-build",
            "--debug",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout + result.stderr


def test_repo2docker_uses_binder_environment_with_python_311(dockerfile):
    assert "Building conda environment for python=3.11" in dockerfile
    assert '--file "binder/environment.yml"' in dockerfile


def test_repo2docker_caches_the_environment_apart_from_the_lessons(dockerfile):
    # The environment is installed from binder/environment.yml alone, before the rest of the
    # repository is copied in: editing a lesson does not rebuild the environment.
    env_copy = dockerfile.index("COPY --chown=1000:1000 src/binder/environment.yml")
    env_install = dockerfile.index('--file "binder/environment.yml"')
    repo_copy = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    assert env_copy < env_install < repo_copy


def test_repo2docker_runs_postbuild(dockerfile):
    assert "RUN ./binder/postBuild" in dockerfile


@pytest.fixture(scope="module")
def built_prefix(tmp_path_factory) -> tuple[Path, Path]:
    """Run binder/postBuild against a scratch Python prefix, as Binder runs it in its image.

    The prefix sees this environment's packages (through a .pth file) but has its own
    sys.prefix, so everything postBuild configures lands in the scratch prefix, not here.
    """
    scratch = tmp_path_factory.mktemp("binder")
    prefix = scratch / "prefix"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(prefix)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))
    (site / "course-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # Jupyter's commands, started with the scratch prefix's Python, so they configure it.
    for script in BIN.glob("jupyter*"):
        body = script.read_text().split("\n", 1)[1]
        wrapper = prefix / "bin" / script.name
        wrapper.write_text(f"#!{prefix / 'bin' / 'python'}\n{body}")
        wrapper.chmod(0o755)

    # As in the Binder image, the installed packages have enabled their server extensions.
    shutil.copytree(
        Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d",
        prefix / "etc" / "jupyter" / "jupyter_server_config.d",
    )

    # The whole checkout, as Binder clones it: the teachers' side too (solutions, teacher notes,
    # tests with their mutants and adversarial corpus), which postBuild must leave out.
    repo = scratch / "repo"
    local = {".git", ".venv", ".lite-venv", ".pytest_cache", ".ruff_cache", "build", "workspace"}
    shutil.copytree(
        ROOT,
        repo,
        ignore=lambda folder, names: [
            name
            for name in names
            if (Path(folder) == ROOT and name in local)
            or name in ("node_modules", "__pycache__")
            or name.endswith(".egg-info")
        ],
    )
    assert (repo / "tests" / "mutants").is_dir() and (repo / "docs" / "teachers").is_dir()

    env = {
        **os.environ,
        "NB_PYTHON_PREFIX": str(prefix),
        "PATH": f"{prefix / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        ["bash", "binder/postBuild"], cwd=repo, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"binder/postBuild failed:\n{result.stdout}\n{result.stderr}"
    return prefix, repo


def test_postbuild_installs_codekamp_into_the_image(built_prefix):
    prefix, _ = built_prefix
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))
    assert (site / "codekamp" / "check.py").exists()
    assert (site / "codekamp" / "locale" / "nl.po").exists()


def test_postbuild_disables_and_locks_every_teacher_plugin(built_prefix):
    prefix, _ = built_prefix
    page_config = json.loads((prefix / "etc/jupyter/labconfig/page_config.json").read_text())
    plugins = {f"@jupyter/nbgrader:{name}" for name in NBGRADER_PLUGINS}
    assert {k for k, v in page_config["disabledExtensions"].items() if v} == plugins
    assert {k for k, v in page_config["lockedExtensions"].items() if v} == plugins


def test_postbuild_switches_off_every_nbgrader_server_extension(built_prefix):
    prefix, _ = built_prefix
    listing = subprocess.run(
        [str(prefix / "bin" / "jupyter"), "server", "extension", "list"],
        env={
            **os.environ,
            "PATH": f"{prefix / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "NO_COLOR": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    states = dict(
        re.findall(
            r"(nbgrader\.server_extensions\.\w+) \S*(enabled|disabled)",
            listing.stdout + listing.stderr,
        )
    )
    assert states == {
        "nbgrader.server_extensions.formgrader": "disabled",
        "nbgrader.server_extensions.course_list": "disabled",
        "nbgrader.server_extensions.assignment_list": "disabled",
        "nbgrader.server_extensions.validate_assignment": "disabled",
    }


def test_postbuild_installs_the_lab_settings(built_prefix):
    prefix, _ = built_prefix
    installed = prefix / "share/jupyter/lab/settings/overrides.json"
    assert json.loads(installed.read_text()) == json.loads(
        (ROOT / "binder/overrides.json").read_text()
    )


def test_postbuild_keeps_only_the_pupils_folders_in_the_image(built_prefix):
    _, repo = built_prefix
    kept = sorted(entry.name for entry in repo.iterdir() if not entry.name.startswith("."))
    assert kept == ["exercises", "notebooks"]  # no solutions, teacher notes, tests or tools


def test_binder_and_make_lab_hide_the_same_nbgrader_plugins(built_prefix):
    prefix, _ = built_prefix
    binder = json.loads((prefix / "etc/jupyter/labconfig/page_config.json").read_text())
    make_lab = json.loads((ROOT / "binder/pupil-config/labconfig/page_config.json").read_text())
    assert {k for k, v in binder["disabledExtensions"].items() if v} == {
        k for k, v in make_lab["disabledExtensions"].items() if v
    }
