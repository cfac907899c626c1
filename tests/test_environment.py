"""The pins live in one place (requirements/course.txt); Binder, environment.yml, the Makefile
and the installed environment all agree with it."""

from __future__ import annotations

import re
from importlib import metadata

import pins
from conftest import ROOT


def pinned() -> dict[str, str]:
    lines = pins.read_pins((ROOT / "requirements" / "course.txt").read_text(encoding="utf-8"))
    return dict(line.split("==") for line in lines)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_course_package_is_pinned_exactly():
    lines = pins.read_pins((ROOT / "requirements" / "course.txt").read_text(encoding="utf-8"))
    assert lines and all(
        re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line) for line in lines
    )


def test_the_lock_holds_what_course_in_asks_for():
    wanted = pins.read_pins((ROOT / "requirements" / "course.in").read_text(encoding="utf-8"))
    locked = {normal(name): version for name, version in pinned().items()}
    for line in wanted:
        name, version = line.split("==")
        assert locked.get(normal(name)) == version, line


def test_binder_environment_is_written_from_the_lock():
    expected = pins.binder_environment(pins.read_pins(pins.COURSE_LOCK.read_text(encoding="utf-8")))
    actual = (ROOT / "binder" / "environment.yml").read_text(encoding="utf-8")
    assert actual == expected, "binder/environment.yml is stale: run `python tools/pins.py binder`"


def test_binder_pins_python_311():
    assert "  - python=3.11\n" in (ROOT / "binder" / "environment.yml").read_text(encoding="utf-8")


def test_root_environment_takes_the_pins_from_the_lock():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "  - python=3.11\n" in text
    assert "- -r requirements/course.txt\n" in text
    assert "==" not in text


def test_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements/course.txt -e ." in makefile
    assert "-r requirements/dev.txt" in makefile


def test_this_environment_has_exactly_the_pinned_versions():
    installed = {normal(d.metadata["Name"]): d.version for d in metadata.distributions()}
    different = {
        name: (version, installed.get(normal(name)))
        for name, version in pinned().items()
        if installed.get(normal(name)) != version
    }
    assert not different, f"installed versions differ from requirements/course.txt: {different}"
