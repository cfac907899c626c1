"""The pupil's copy of the course: only what pupils need, built from an allow-list.

A pupil (or a self-learner) works in a folder of their own: the lessons and the pupils'
exercises, side by side as in the repository, so that every lesson's link to its assignment
works. Nothing of the teachers' side is in it: no solutions, no teacher notes (they hold the
answers), no tests, mutants or adversarial corpus (they hold right answers). `make lab` serves
this folder, and Binder's image is pruned to the same list.

Updating keeps the pupil's work: a file is copied when it is new, or when the pupil never
changed the copy made last time (its fingerprint is kept in ``.codekamp-copies.json``); a file
the pupil changed is left alone.

    python tools/pupil_workspace.py <folder>          # make or update a pupil's folder
    python tools/pupil_workspace.py --prune <folder>   # remove all else (Binder's image)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PUPILS_FOLDERS = ("notebooks", "exercises")
"""What pupils get, folder by folder (the allow-list)."""

MANIFEST = ".codekamp-copies.json"
PUPIL_CONFIG = ROOT / "binder" / "pupil-config"
"""Jupyter's configuration for pupils: none of nbgrader's tools (as on Binder)."""
CONFIG_FOLDER = ".jupyter"
"""Where a pupil's folder keeps it (``JUPYTER_CONFIG_DIR``), with the pupil's own settings."""
REPOSITORY_DOT_ENTRIES = (".git", ".ci", ".github", ".gitignore")
"""The repository's own hidden entries; other hidden files (a home folder's) stay."""


def pupils_files(root: Path = ROOT, folders: tuple[str, ...] = PUPILS_FOLDERS) -> list[Path]:
    """The course files a pupil gets, relative to ``root``: the notebooks (not what running a
    lesson wrote next to it, such as module 09's own CSV file)."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.ipynb")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                found.append(path.relative_to(root))
    return found


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def update(
    workspace: Path, root: Path = ROOT, folders: tuple[str, ...] = PUPILS_FOLDERS
) -> dict[str, list[str]]:
    """Make or update ``workspace`` with the files of ``folders``; returns what was copied,
    updated and kept as it was. (On the classroom server, pupils fetch the exercises from
    nbgrader's Assignments tab, so their folder gets only the lessons from here.)"""
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    copied_before = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    report: dict[str, list[str]] = {"new": [], "updated": [], "kept": []}
    manifest = dict(copied_before)
    for relative in pupils_files(root, folders):
        source, target, key = root / relative, workspace / relative, relative.as_posix()
        if target.is_symlink():  # the pupil's own doing: never written through
            report["kept"].append(key)
            continue
        if not target.exists():
            report["new"].append(key)
        elif _fingerprint(target) == _fingerprint(source):
            manifest[key] = _fingerprint(source)
            continue
        elif copied_before.get(key) == _fingerprint(target):  # untouched since we copied it
            report["updated"].append(key)
        else:
            report["kept"].append(key)  # the pupil's own work
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        manifest[key] = _fingerprint(source)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    install_config(workspace)
    return report


def install_config(workspace: Path) -> Path:
    """Put the pupils' Jupyter configuration in ``workspace`` (the pupil's own settings, such
    as the interface language, live next to it and stay); returns its folder."""
    folder = workspace / CONFIG_FOLDER
    for source in PUPIL_CONFIG.rglob("*.json"):
        target = folder / source.relative_to(PUPIL_CONFIG)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return folder


def prune(folder: Path) -> list[str]:
    """Remove from ``folder`` (a checkout of the course) everything at its top level but the
    pupils' folders. Hidden entries other than the repository's own are left alone: on Binder
    the checkout is the pupil's home folder."""
    removed = []
    for entry in sorted(folder.iterdir()):
        if entry.name in PUPILS_FOLDERS:
            continue
        if entry.name.startswith(".") and entry.name not in REPOSITORY_DOT_ENTRIES:
            continue
        removed.append(entry.name)
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    return removed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--prune", action="store_true", help="keep only the pupils' folders")
    arguments = parser.parse_args(argv)
    if arguments.prune:
        removed = prune(arguments.folder)
        print(f"Kept {', '.join(PUPILS_FOLDERS)}; removed {len(removed)} other entries.")
        return 0
    report = update(arguments.folder)
    print(
        f"Pupil's folder {arguments.folder}: {len(report['new'])} new, "
        f"{len(report['updated'])} updated, {len(report['kept'])} kept as the pupil changed them."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
