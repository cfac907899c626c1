"""The classroom server (`codekamp-classroom`, src/codekamp_classroom/): a real JupyterHub on a
free port of this machine, with a teacher and two pupils logging in as a browser does.

- nbgrader's own flow end to end: release → fetch → submit → collect → `codekamp-grade` →
  feedback released → feedback fetched; a second hand-in replaces the first;
- isolation: a pupil's code cannot read a classmate's notebook, the hand-ins, the solutions or
  the grades, and the pupils' JupyterLab has none of the teacher's tools;
- a wrong class code or teacher password is refused;
- the hub restarts on the same state folder and finds everything again;
- the teacher's mistakes (port taken, a second hub, an unusable state folder) get a clear
  message in nl, fr and en.

It needs root (the hub makes a computer account per pupil) and the proxy from npm (`make
classroom`); without them it is skipped, except in CI (CODEKAMP_REQUIRE_CLASSROOM=1). Every
process and account it makes is removed at the end.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from classroom_support import CLASSROOM, Hub, Visitor, shared_folder
from conftest import ROOT

from codekamp.i18n import translate
from codekamp_classroom import accounts, checks, cli, settings
from codekamp_classroom import hub as hub_module

ASSIGNMENT = "nl-01-schildpad"


def require_classroom() -> None:
    missing = []
    if os.geteuid() != 0:
        missing.append("root")
    if not checks.proxy_command(ROOT).exists():
        missing.append("the proxy (make classroom)")
    if missing:
        if os.environ.get("CODEKAMP_REQUIRE_CLASSROOM"):
            pytest.fail(f"the classroom test needs {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")


def shell(visitor: Visitor, *command: str) -> str:
    """Run a command in the visitor's own server (through a kernel, as their code would)."""
    return visitor.run(
        "import subprocess\n"
        f"done = subprocess.run({list(command)!r}, capture_output=True, text=True)\n"
        "print(done.returncode)\nprint(done.stdout[-3000:])\nprint(done.stderr[-3000:])"
    )


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    require_classroom()
    state = shared_folder() / "class"
    names = [f"p{secrets.token_hex(3)}" for _ in range(2)]
    started = Hub(state, checks.free_port())
    started.start()
    started.names = names
    yield started
    started.stop_everything(names)
    shutil.rmtree(state.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def visitors(hub):
    return hub.teacher(), hub.pupil(hub.names[0]), hub.pupil(hub.names[1])


def test_a_pupil_runs_lesson_01_and_sees_the_turtle_draw(hub, visitors):
    _, ana, _ = visitors
    lesson = json.loads((ROOT / "notebooks" / "nl" / "01-schildpad-les.ipynb").read_text())
    cells = ["".join(c["source"]) for c in lesson["cells"] if c["cell_type"] == "code"][:3]
    runs = ana.run_cells(cells)
    assert [drew for _, drew in runs] == [False, True, True], runs
    assert "💡" in ana.run("prnt('hallo')")  # codekamp's tip under a typing mistake


def test_a_wrong_class_code_or_teacher_password_is_refused(hub):
    assert not Visitor(hub.base, "p07").log_in("WRONG1")
    assert not Visitor(hub.base, accounts.TEACHER).log_in(hub.classroom.class_code)
    assert not Visitor(hub.base, "Root!").log_in(hub.classroom.class_code)  # not a pseudonym
    page = Visitor(hub.base, "p07").session.get(f"{hub.base}/hub/login").text
    assert "Klascode" in page and "Code de classe" in page and "Class code" in page


def test_release_fetch_submit_collect_grade_and_feedback(hub, visitors):
    teacher, ana, _ = visitors
    assert shell(teacher, "nbgrader", "release_assignment", ASSIGNMENT, "--force").startswith("0")
    listed = ana.api("GET", "/assignments?course_id=codekamp").json()["value"]
    assert [a["status"] for a in listed if a["assignment_id"] == ASSIGNMENT] == ["released"]
    form = {"assignment_id": ASSIGNMENT, "course_id": "codekamp"}
    assert ana.api("POST", "/assignments/fetch", data=form).json()["success"]
    mine = f"exercises/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    # The pupil's first hand-in is the untouched notebook; the second has a line of their own.
    assert ana.api("POST", "/assignments/submit", data=form).json()["success"]
    time.sleep(1.1)  # nbgrader's hand-ins are told apart by their time
    notebook = ana.api("GET", f"/api/contents/{mine}").json()
    notebook["content"]["cells"][0]["source"] += "\n\nMijn tweede versie."
    saved = ana.api(
        "PUT", f"/api/contents/{mine}", json={"type": "notebook", "content": notebook["content"]}
    )
    assert saved.status_code == 200
    assert ana.api("POST", "/assignments/submit", data=form).json()["success"]

    collect = shell(teacher, "nbgrader", "collect", ASSIGNMENT)
    grading = hub.state / "grading"
    assert collect.startswith("0"), collect + shell(teacher, "find", str(hub.state / "exchange"))
    pupil = accounts.account_of(hub.names[0])  # nbgrader's id for her: her account
    collected = grading / "submitted" / pupil / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert collected.exists(), collect + shell(teacher, "find", str(grading / "submitted"))
    assert "Mijn tweede versie." in collected.read_text(encoding="utf-8")  # the newer one
    graded = shell(teacher, "codekamp-grade", ASSIGNMENT, str(grading / "submitted"),
                   "--lang", "en")  # fmt: skip
    assert graded.startswith("0") and "1 of 1 graded" in graded, graded
    released = shell(teacher, "nbgrader", "release_feedback", ASSIGNMENT)
    assert released.startswith("0"), released
    fetched = ana.api("POST", "/assignments/fetch_feedback", data=form).json()
    assert fetched["success"], fetched
    found = ana.run(
        "from pathlib import Path\n"
        f"print(sorted(p.name for p in Path('exercises/{ASSIGNMENT}/feedback').rglob('*.html')))"
    )
    assert f"{ASSIGNMENT}.html" in found


def test_a_pupil_cannot_reach_a_classmate_the_answers_or_the_grades(hub, visitors):
    _, ana, ben = visitors
    ana.run("open('mijn-geheim.txt', 'w').write('van Ana')")
    theirs = accounts.pupil_home(hub.state, hub.names[0])
    tries = {
        "a classmate's file": theirs / "mijn-geheim.txt",
        "a classmate's folder": theirs,
        "the list of pupils": hub.state / "pupils",
        "the hand-ins": hub.state / "exchange" / "codekamp" / "inbound",
        "the grades": hub.state / "grading",
        "the hub's database": hub.state / "hub" / "jupyterhub.sqlite",
        "the class's settings": hub.state / settings.SETTINGS,
        "the solutions": ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "the teacher notes": ROOT / "docs" / "teachers",
        "the tests": ROOT / "tests",
    }
    for what, path in tries.items():
        code = (
            f"from pathlib import Path\np = Path({str(path)!r})\n"
            "print(sorted(x.name for x in p.iterdir()) if p.is_dir() else p.read_text()[:20])"
        )
        said = ben.run(code)
        assert "PermissionError" in said, f"{what}: {said}"
    assert "van Ana" in ana.run("print(open('mijn-geheim.txt').read())")  # her own: fine


def test_links_a_pupil_leaves_in_their_folder_are_never_written_through(hub, visitors):
    _, ana, _ = visitors
    target = hub.state / "hub" / "ports.json"  # a file of root's that she cannot even read
    before = target.read_bytes()
    home = accounts.pupil_home(hub.state, hub.names[0])
    for link in (".jupyter/nbgrader_config.py", "notebooks/nl/00-welkom-les.ipynb"):
        ana.run(f"import os\nos.remove({link!r})\nos.symlink({str(target)!r}, {link!r})")
        assert (home / link).is_symlink()
    entry = pwd.getpwnam(accounts.account_of(hub.names[0]))
    hub_module.prepare_as_pupil(hub_python(hub), hub.classroom, entry)  # as at her next start
    assert target.read_bytes() == before
    assert not (home / ".jupyter" / "nbgrader_config.py").is_symlink()  # replaced, not followed


def hub_python(hub: Hub) -> str:
    """The Python the hub gives pupils (a stand-in in the state folder, or the course's)."""
    stand_in = hub.state / "python" / "bin" / "python"
    return str(stand_in if stand_in.exists() else ROOT / ".venv" / "bin" / "python")


def test_the_teachers_terminal_has_the_courses_tools_and_the_class_folders(hub, visitors):
    teacher, _, _ = visitors
    shown = teacher.terminal("nbgrader list; echo done=$CODEKAMP_GRADING_DIR", "done=/")
    assert "Released assignments" in shown and f"done={hub.state / 'grading'}" in shown, shown


def test_the_pupils_jupyterlab_has_no_teacher_tools(hub, visitors):
    teacher, ana, _ = visitors
    assert ana.api("GET", "/formgrader").status_code == 404
    assert teacher.api("GET", "/formgrader").status_code == 200

    def switched_off(visitor: Visitor) -> list[str]:
        page = visitor.session.get(f"{visitor.server}/lab").text
        config = r'<script id="jupyter-config-data" type="application/json">(.*?)</script>'
        found = re.search(config, page, re.S)
        return json.loads(found[1]).get("disabledExtensions", [])

    off = switched_off(ana)
    for extension in ("formgrader", "create-assignment", "course-list", "validate-assignment"):
        assert f"@jupyter/nbgrader:{extension}" in off
    assert "@jupyter/nbgrader:assignment-list" not in off  # the Assignments tab stays
    assert "@jupyter/nbgrader:formgrader" not in switched_off(teacher)


def test_the_hub_restarts_and_finds_everything_again(hub, visitors):
    teacher, ana, _ = visitors
    assert shell(teacher, "nbgrader", "release_assignment", ASSIGNMENT, "--force").startswith("0")
    assert shell(teacher, "nbgrader", "db", "student", "add", "ck-kim").startswith("0")
    ana.run("open('voor-de-herstart.txt', 'w').write('nog hier')")
    code = hub.classroom.class_code
    hub.stop_hub_only()
    # While the hub is down, the pupil's own server goes on (the proxy too).
    assert "nog hier" in ana.run("print(open('voor-de-herstart.txt').read())")
    hub.start()
    assert hub.classroom.class_code == code
    again = Visitor(hub.base, hub.names[0])
    assert again.log_in(code), (again.last_answer.status_code, again.last_answer.text[-2000:],
                                hub.log.read_text()[-3000:])  # fmt: skip
    again.start_server()
    assert "nog hier" in again.run("print(open('voor-de-herstart.txt').read())")
    assert ASSIGNMENT in str(again.api("GET", "/assignments?course_id=codekamp").json())
    assert "ck-kim" in shell(hub.teacher(), "nbgrader", "db", "student", "list")  # the gradebook


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_teachers_mistakes_get_a_clear_message(hub, tmp_path, language):
    def start(state: Path, port: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*CLASSROOM, "--lang", language, "start", "--state", str(state), "--port",
             str(port), "--ip", "127.0.0.1"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    def said(message: str, **values: object) -> str:
        return translate(message, language).format(**values)

    second = start(hub.state, checks.free_port())
    assert second.returncode == 2 and said(checks.SECOND_HUB, state=hub.state) in second.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        shared = shared_folder()
        taken = start(shared / "class", port)
        shutil.rmtree(shared)
    assert taken.returncode == 2 and said(checks.PORT_TAKEN, port=port) in taken.stderr
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    unusable = start(blocked / "class", checks.free_port())
    assert (
        unusable.returncode == 2
        and said(checks.STATE_NOT_WRITABLE, state=blocked / "class", reason="Not a directory")
        in unusable.stderr
    )
    inside = start(ROOT / "class-data", checks.free_port())
    assert said(checks.STATE_IN_COURSE, state=ROOT / "class-data") in inside.stderr
    assert not (ROOT / "class-data").exists()
    private = start(tmp_path / "class", checks.free_port())  # pytest's folder: closed to others
    closed = checks.closed_folder(tmp_path)
    assert said(checks.STATE_PRIVATE, state=tmp_path / "class", folder=closed) in private.stderr


def test_the_checks_that_need_no_hub(tmp_path, monkeypatch):
    with pytest.raises(checks.NotReady) as missing:
        checks.check_proxy(tmp_path)
    assert missing.value.message == checks.NO_PROXY
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(checks.NotReady) as not_root:
        checks.check_root("codekamp-classroom start --state /srv/klas")
    assert "sudo codekamp-classroom start --state /srv/klas" in str(not_root.value)


def test_help_speaks_the_teachers_language():
    for language, word in (("nl", "klascode"), ("fr", "code de classe"), ("en", "class code")):
        shown = subprocess.run([*CLASSROOM, "--lang", language, "--help"], capture_output=True,
                               text=True, check=True).stdout  # fmt: skip
        assert word in shown.lower(), (language, shown)
    assert cli.main(["--lang", "en", "stop", "--state", str(ROOT / "no-such-class")]) == 0


def test_class_codes_and_passwords():
    code = settings.new_class_code()
    assert len(code) == 6 and not set(code) & set("01OI")
    assert settings.code_matches(f" {code.lower()} ", code)
    assert not settings.code_matches(code[:-1], code)
    stored = settings.hash_password("tulip-1234-river")
    assert "tulip" not in stored
    assert settings.password_matches("tulip-1234-river", stored)
    assert not settings.password_matches("tulip-1234-rive", stored)
    assert accounts.is_pseudonym("p07") and accounts.is_pseudonym("tijger3")
    assert not any(map(accounts.is_pseudonym, ["teacher", "P07", "7p", "a", "ck-p07", "x" * 21]))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
