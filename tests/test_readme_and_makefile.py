"""README.md stays true for newcomers: the two commands first, a Binder link per language that
opens an existing first lesson, and a Makefile that opens the same lessons."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import ROOT

from codekamp.i18n import LANGUAGES

README = (ROOT / "README.md").read_text(encoding="utf-8")
BINDER_LINKS = re.findall(
    r"https://mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/([\w.-]+)\?urlpath=lab/tree/([^)\s]+)", README
)


def test_the_two_commands_come_first():
    first_heading = README.index("\n## ")
    second_heading = README.index("\n## ", first_heading + 1)
    start = README[first_heading:second_heading]
    assert "make lab" in start and "make test" in start
    assert README.index("make lab") < README.index("mybinder.org") < README.index("For teachers")


def test_one_binder_link_per_language_to_its_first_lesson():
    opened = [path for _, _, path in BINDER_LINKS]
    assert len(opened) == len(LANGUAGES)
    for language, path in zip(LANGUAGES, opened, strict=True):
        assert path.startswith(f"notebooks/{language}/00-"), path
        assert (ROOT / path).is_file(), path


def test_binder_links_all_point_at_the_same_repository_and_branch():
    assert len({(repo, ref) for repo, ref, _ in BINDER_LINKS}) == 1


LITE_LINKS = re.findall(r"https://([\w.-]+)\.github\.io/([\w.-]+)/(\w+)/\)", README)


def test_one_browser_link_per_language_to_its_door_of_the_same_repository():
    """The JupyterLite site on GitHub Pages (.github/workflows/lite.yml): one link per language,
    to the door `make lite` builds for it, of the repository the Binder links name."""
    import lite_site  # tools/

    ((repository, _),) = {(repo, ref) for repo, ref, _ in BINDER_LINKS}
    assert [door for _, _, door in LITE_LINKS] == list(LANGUAGES) == list(lite_site.LANGUAGES)
    assert {f"{owner}/{name}" for owner, name, _ in LITE_LINKS} == {repository}


def test_the_pages_workflow_publishes_what_make_lite_builds():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "lite.yml").read_text("utf-8"))
    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    assert {"run": "make lite"} in build
    uploads = [step for step in build if step.get("uses", "").startswith("actions/upload-pages")]
    assert [step["with"]["path"] for step in uploads] == ["build/lite"]
    assert deploy[-1]["uses"].startswith("actions/deploy-pages")


@pytest.mark.parametrize("language", LANGUAGES)
def test_make_lab_opens_the_first_lesson_of_the_language(language):
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab", f"COURSE_LANG={language}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    opened = re.search(r"--LabApp\.default_url=/lab/tree/(\S+)", dry_run)
    assert opened, dry_run
    lesson = opened[1]  # in the pupil's folder, a copy of the course's own lesson
    assert lesson.startswith(f"notebooks/{language}/00-") and (ROOT / lesson).is_file()
    assert "jupyter lab" in dry_run and "--ServerApp.root_dir=workspace" in dry_run


def test_relative_links_in_the_docs_point_at_files_that_exist():
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        for target in re.findall(r"\]\((?!https?:|#)([^)\s]+)\)", text):
            assert (ROOT / target).exists(), f"{doc} links to missing {target}"
