"""Every limit of grading is read from the course's nbgrader_config.py, in one place."""

from __future__ import annotations

from conftest import ROOT
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from codekamp_grading.limits import GradingLimits, Limits, read_limits


def course_config(monkeypatch, tmp_path) -> Config:
    monkeypatch.setenv("CODEKAMP_GRADING_DIR", str(tmp_path / "grading"))
    return PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()


def test_the_course_configuration_shows_every_limit_with_its_default(monkeypatch, tmp_path):
    config = course_config(monkeypatch, tmp_path)
    names = set(GradingLimits().trait_names()) - {"config", "parent"}
    assert names <= set(config.GradingLimits)
    assert read_limits(config) == Limits()


def test_a_limit_set_in_the_configuration_is_the_one_used():
    config = Config()
    config.GradingLimits.memory_mb = 1024
    config.Execute.timeout = 12
    limits = read_limits(config)
    assert (limits.memory_mb, limits.cell_seconds) == (1024, 12)


def test_the_time_for_a_pupil_follows_the_cell_timeout():
    quick, slow = Limits(cell_seconds=5), Limits(cell_seconds=60)
    assert quick.seconds_for_pupil(10) < slow.seconds_for_pupil(10)
    assert slow.seconds_for_pupil(10) > 10 * 60
    assert Limits(pupil_seconds=99).seconds_for_pupil(10) == 99


def test_limits_travel_to_the_kernel_launcher_and_back():
    limits = Limits(memory_mb=700, scratch_mb=10)
    assert Limits.from_json(limits.to_json()) == limits
