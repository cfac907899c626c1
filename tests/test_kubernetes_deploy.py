"""The way past one machine (deploy/kubernetes/): Codekamp on Zero to JupyterHub for a region.

No cluster runs here, so these tests check what one machine can: the files parse; the pupils'
image settings match binder/ (with the Dockerfile repo2docker writes, no Docker needed); the
hub's Jupyter settings hide the same nbgrader tools as binder/pupil-config but the Assignments
tab and its menu, computed with Jupyter's own loaders; the hub's Python snippets (pseudonyms,
teachers) and the nbgrader settings run with stand-ins; the nbgitpuller links of the READMEs
are well formed and open lessons that exist.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import types
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT

from codekamp.i18n import LANGUAGES
from codekamp_grading.limits import GradingLimits

BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy" / "kubernetes"
VALUES_TEXT = (DEPLOY / "values.yaml").read_text(encoding="utf-8")
VALUES = yaml.safe_load(VALUES_TEXT)
WORKFLOW = yaml.safe_load((DEPLOY / "github-workflow.yml").read_text(encoding="utf-8"))
GUIDE = (DEPLOY / "README.md").read_text(encoding="utf-8")
COURSE_README = (ROOT / "README.md").read_text(encoding="utf-8")
ENVIRONMENT = (ROOT / "binder" / "environment.yml").read_text(encoding="utf-8")
PUPIL_CONFIG = ROOT / "binder" / "pupil-config"

SINGLEUSER = VALUES["singleuser"]
HOME = SINGLEUSER["storage"]["homeMountPath"]
# The chart's top-level keys (zero-to-jupyterhub-k8s 4.x, jupyterhub/values.yaml).
CHART_KEYS = {
    "fullnameOverride", "nameOverride", "enabled", "custom", "imagePullSecret",
    "imagePullSecrets", "hub", "rbac", "proxy", "singleuser", "scheduling", "prePuller",
    "ingress", "httpRoute", "cull", "debug", "global",
}  # fmt: skip
# What ngshare_exchange 0.5.3 imports besides the standard library (read in its source): the
# image installs it with --no-deps, so these must already be in binder/environment.yml.
NGSHARE_EXCHANGE_IMPORTS = ["nbgrader", "traitlets", "jupyter_core", "requests", "rapidfuzz"]
# nbgitpuller's dependencies (its wheel's metadata): already pinned, so its one line adds no other.
NBGITPULLER_DEPENDENCIES = ["jupyter_server", "tornado"]
# What the hub gives pupils of what binder/pupil-config hides: the Assignments tab, and the
# Nbgrader menu, the only way to open it (nbgrader's lab extension adds its entry nowhere else).
PUPILS_ON_THE_HUB = {"@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu"}
# A pseudonym of the classroom server: 2 to 20 small letters and digits, starting with a letter.
PSEUDONYM = re.compile(r"[a-z][a-z0-9]{1,19}")


def pinned(package: str) -> str | None:
    """The version binder/environment.yml pins for ``package`` (names compared as pip does)."""
    wanted = re.sub(r"[-_.]+", "-", package).lower()
    for name, version in re.findall(r"^\s*- ([\w.-]+)==(\S+)", ENVIRONMENT, re.M):
        if re.sub(r"[-_.]+", "-", name).lower() == wanted:
            return version
    return None


def course_repository() -> str:
    """The course's GitHub repository, as the README's Binder links name it (owner/name)."""
    binder = re.findall(r"https://mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/", COURSE_README)
    (repository,) = set(binder)
    return repository


def first_lessons() -> dict[str, str]:
    """The first lesson of each language, as `make lab` opens it (FIRST_LESSON_<language>)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return dict(re.findall(r"^FIRST_LESSON_(\w+) := (\S+)$", makefile, re.M))


def post_start() -> tuple[str, str, str]:
    """The repository, branch and folder of the gitpuller command every pupil's pod runs."""
    shell, flag, script = SINGLEUSER["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert (shell, flag) == ("sh", "-c")
    found = re.fullmatch(r"gitpuller (\S+) (\S+) (\S+) \|\| true", script)
    assert found, script
    return found[1], found[2], found[3]


def job_script(job: str, line_start: str) -> str:
    """The one shell step of the CI ``job`` with a line that starts with ``line_start``."""
    pattern = re.compile(rf"^\s*{re.escape(line_start)}", re.M)
    steps = WORKFLOW["jobs"][job]["steps"]
    (script,) = [step["run"] for step in steps if pattern.search(step.get("run", ""))]
    return script


def image_build() -> dict[str, str | bool]:
    """The options of the CI job's `jupyter-repo2docker` command, and its last argument."""
    words = shlex.split(job_script("image", "jupyter-repo2docker"))
    assert words[0] == "jupyter-repo2docker"
    options: dict[str, str | bool] = {"path": words[-1]}
    rest = iter(words[1:-1])
    for word in rest:
        options[word] = True if word == "--no-run" else next(rest)
    return options


def nbgitpuller_links(text: str) -> list[str]:
    return re.findall(r"/hub/user-redirect/git-pull\?[^\s`)>\]|]+", text)


LINKS = [
    pytest.param(link, id=f"{name}-{index}")
    for name, text in [("README", COURSE_README), ("deploy-README", GUIDE)]
    for index, link in enumerate(nbgitpuller_links(text))
]


def extra_files(folder: Path, prefix: str) -> Path:
    """Write the chart's `singleuser.extraFiles` under ``prefix`` (say /etc/codekamp/pupil) into
    ``folder``, as the chart mounts them (`data` is written as JSON); returns that directory."""
    for entry in SINGLEUSER["extraFiles"].values():
        mount = PurePosixPath(entry["mountPath"])
        if not mount.is_relative_to(prefix):
            continue
        target = folder / mount.relative_to("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if "data" in entry:
            assert mount.suffix == ".json", mount
            target.write_text(json.dumps(entry["data"]), encoding="utf-8")
        else:
            target.write_text(entry["stringData"], encoding="utf-8")
    return folder / PurePosixPath(prefix).relative_to("/")


@pytest.fixture(scope="module")
def image_python(tmp_path_factory) -> Path:
    """A Python whose prefix holds the pupils' Jupyter settings as binder/postBuild leaves them
    in the image (binder/pupil-config's server file in jupyter_server_config.d, its plugins
    disabled and locked), next to the packages' own files. It sees this environment's packages
    (a .pth file), so Jupyter finds its settings where it would in the image: below the pupil's
    own ~/.jupyter and the hub's JUPYTER_CONFIG_PATH."""
    prefix = tmp_path_factory.mktemp("image") / "prefix"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(prefix)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))
    (site / "course-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    config = prefix / "etc" / "jupyter"
    shutil.copytree(
        Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d",
        config / "jupyter_server_config.d",
    )
    shutil.copy(
        PUPIL_CONFIG / "jupyter_server_config.json",
        config / "jupyter_server_config.d" / "zz-codekamp-pupils.json",
    )
    page = json.loads((PUPIL_CONFIG / "labconfig" / "page_config.json").read_text("utf-8"))
    page["lockedExtensions"] = dict(page["disabledExtensions"])
    (config / "labconfig").mkdir()
    (config / "labconfig" / "page_config.json").write_text(json.dumps(page))
    return prefix / "bin" / "python"


EFFECTIVE = """
import json
from jupyter_server.serverapp import ServerApp
from jupyterlab_server.config import get_static_page_config

app = ServerApp()
app.load_config_file()  # as ServerApp.initialize does: the jupyter_server_config files...
app.find_server_extensions()  # ... then every jupyter_server_config.d, merged on keys
server = app.jpserver_extensions
page = get_static_page_config(level="all")
disabled = sorted(name for name, off in page.get("disabledExtensions", {}).items() if off)
print(json.dumps({"server": server, "disabled": disabled}))
"""


def effective(python: Path, hub_config: Path, home: Path) -> dict:
    """The nbgrader server extensions and lab plugins a Jupyter server of the image would take,
    with ``hub_config`` as the pod's JUPYTER_CONFIG_PATH and ``home``/.jupyter as the pupil's
    own settings. Whether Jupyter puts the image's prefix above or below ~/.jupyter depends on
    the pod's environment (JUPYTER_PREFER_ENV_PATH, CONDA_PREFIX): both orders must agree."""
    found = []
    for prefer_env in ("0", "1"):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CONDA"))}
        env.update(
            HOME=str(home),
            JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
            JUPYTER_CONFIG_PATH=str(hub_config),
            JUPYTER_PREFER_ENV_PATH=prefer_env,
        )
        result = subprocess.run(
            [str(python), "-c", EFFECTIVE], env=env, capture_output=True, text=True, check=True
        )
        loaded = json.loads(result.stdout)
        found.append(
            {
                "server": {k: v for k, v in loaded["server"].items() if k.startswith("nbgrader.")},
                "disabled": {n for n in loaded["disabled"] if n.startswith("@jupyter/nbgrader")},
            }
        )
    below, above = found
    assert below == above, f"~/.jupyter above the image: {below}; below it: {above}"
    return below


def binder_hidden() -> set[str]:
    page = json.loads((PUPIL_CONFIG / "labconfig" / "page_config.json").read_text("utf-8"))
    return {name for name, off in page["disabledExtensions"].items() if off}


LOAD_NBGRADER_CONFIG = """
import json, sys
from traitlets.config.loader import PyFileConfigLoader

config = PyFileConfigLoader(sys.argv[1]).load_config()
print(json.dumps({
    "course_id": config.CourseDirectory.course_id,
    "root": config.CourseDirectory.get("root"),
    "source_directory": config.CourseDirectory.get("source_directory"),
    "release_directory": config.CourseDirectory.get("release_directory"),
    "ngshare": config.StubExchange.url,
}))
"""


def load_nbgrader_config(path: Path, work: Path, user: str) -> dict:
    """Load an nbgrader_config.py as nbgrader does (traitlets' loader), with a stand-in for
    ngshare_exchange that records the ngshare address it is given."""
    stub = work / "stub"
    stub.mkdir()
    (stub / "ngshare_exchange.py").write_text(
        "def configureExchange(c, ngshare_url=None):\n    c.StubExchange.url = ngshare_url\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CODEKAMP"))}
    env.update(
        HOME=str(work / "home"),
        JUPYTERHUB_USER=user,
        CODEKAMP_GRADING_DIR=str(work / "grading"),
        PYTHONPATH=str(stub),
    )
    result = subprocess.run(
        [sys.executable, "-c", LOAD_NBGRADER_CONFIG, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def hub_snippet(name: str) -> dict:
    """Run one of the chart's hub.extraConfig snippets, as jupyterhub_config.py does."""
    from traitlets.config import Config

    namespace = {"c": Config()}
    exec(compile(VALUES["hub"]["extraConfig"][name], name, "exec"), namespace)
    return namespace


def megabytes(size: str) -> float:
    """A Kubernetes/JupyterHub size such as 2G in MB (1G = 1024 MB, as JupyterHub reads it)."""
    number, unit = re.fullmatch(r"([\d.]+)([KMGT])", size).groups()
    return float(number) * 1024 ** "KMGT".index(unit) / 1024


# The files parse and say what the chart knows.


def test_values_and_workflow_parse_and_use_only_the_charts_keys():
    assert set(VALUES) <= CHART_KEYS, set(VALUES) - CHART_KEYS
    assert set(WORKFLOW["jobs"]) == {"image", "pupils-branch"}


# The pupils' image: repo2docker from binder/, for the user and home the hub runs.


def test_the_image_is_built_by_repo2docker_from_the_repository_for_the_hubs_user():
    options = image_build()
    assert options["--no-run"] is True and options["path"] == "."
    assert options["--user-id"] == str(SINGLEUSER["uid"])
    assert HOME == f"/home/{options['--user-name']}"
    image = f"{SINGLEUSER['image']['name']}:$GITHUB_REF_NAME"  # the release tag
    assert options["--image-name"] == image
    assert shlex.split(job_script("image", "docker push")) == ["docker", "push", image]


def test_the_image_is_made_for_each_release_tag_with_the_tests_repo2docker():
    trigger = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads the key `on` as True
    assert trigger["push"]["tags"] == ["v*"]
    assert WORKFLOW["jobs"]["image"]["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert re.fullmatch(r"v\d{4}\.\d{2}", SINGLEUSER["image"]["tag"])  # such as v2026.11
    install = job_script("image", "python -m pip install")
    assert "grep '^jupyter-repo2docker==' requirements/dev.txt" in install
    dev = (ROOT / "requirements" / "dev.txt").read_text(encoding="utf-8")
    assert re.search(r"^jupyter-repo2docker==\S+$", dev, re.M)


@pytest.fixture(scope="module")
def dockerfile() -> str:
    """What repo2docker writes for the CI job's options (`--no-build`: no Docker engine)."""
    options = image_build()
    result = subprocess.run(
        [
            str(BIN / "jupyter-repo2docker"),
            "--no-build",
            "--debug",
            "--user-id",
            str(options["--user-id"]),
            "--user-name",
            str(options["--user-name"]),
            "--appendix",
            str(options["--appendix"]),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout + result.stderr


def test_the_image_puts_the_course_in_the_home_the_hub_mounts(dockerfile):
    # The pupil's volume hides this folder: the lessons come from nbgitpuller instead.
    assert "HOME=/home/${NB_USER}" in dockerfile
    assert "ARG REPO_DIR=${HOME}" in dockerfile and "WORKDIR ${REPO_DIR}" in dockerfile
    assert f"/home/{image_build()['--user-name']}" == HOME
    assert "pip install --no-deps --no-cache-dir ngshare-exchange==" in dockerfile


def test_the_image_has_the_python_of_binder_and_the_charts_jupyterhub(dockerfile):
    (python,) = re.findall(r"^\s*- python=(\S+)$", ENVIRONMENT, re.M)
    codekamp = VALUES["custom"]["codekamp"]
    assert codekamp["python"] == python
    assert f"Building conda environment for python={python}" in dockerfile
    # jupyterhub-singleuser comes from repo2docker's base environment for that Python.
    import repo2docker

    lock = Path(repo2docker.__file__).parent / "buildpacks" / "conda"
    lock = lock / f"environment.py-{python}-linux-64.lock"
    (version,) = re.findall(r"/jupyterhub-singleuser-(\d+)\.", lock.read_text(encoding="utf-8"))
    assert version == codekamp["jupyterhub"].split(".")[0]
    assert codekamp["chartVersion"].startswith("4.")


def test_the_pupils_settings_of_postbuild_stay_outside_the_mounted_home(dockerfile):
    postbuild = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    lines = postbuild.replace("\\\n", " ").splitlines()
    commands = [shlex.split(line, comments=True) for line in lines]
    copies = [words for words in commands if words[:1] == ["cp"]]
    assert len(copies) >= 3
    assert all(words[-1].startswith("${NB_PYTHON_PREFIX}/") for words in copies), copies
    assert "$HOME" not in postbuild and "~/" not in postbuild
    assert "--level=sys_prefix" in postbuild
    env = dict(re.findall(r"^ENV (\w+)=(\S+)$", dockerfile, re.M))
    prefix = env["NB_PYTHON_PREFIX"]
    while "${" in prefix:
        prefix = re.sub(r"\$\{(\w+)\}", lambda name: env[name[1]], prefix)
    assert prefix == "/srv/conda/envs/notebook"
    assert not PurePosixPath(prefix).is_relative_to(HOME)


# Lessons: nbgitpuller at every start, from a branch with the lessons only.


def test_every_start_pulls_the_pupils_branch_of_the_course_into_home():
    repository, branch, folder = post_start()
    assert repository == f"https://github.com/{course_repository()}"
    assert PurePosixPath(folder).parent == PurePosixPath(HOME)
    # nbgitpuller's links name no folder: theirs is the repository's name, the same one.
    assert PurePosixPath(folder).name == repository.rsplit("/", 1)[1]
    publish = job_script("pupils-branch", "git push")
    assert publish.strip().endswith(f"git push origin HEAD:{branch}")


def test_the_start_page_is_the_first_lesson_in_the_pulled_folder():
    _, _, folder = post_start()
    lesson = first_lessons()["nl"]
    assert SINGLEUSER["defaultUrl"] == f"/lab/tree/{PurePosixPath(folder).name}/{lesson}"
    assert (ROOT / lesson).is_file()


def test_the_pupils_branch_holds_the_lessons_only_and_is_never_rewritten():
    import pupil_workspace  # tools/

    script = job_script("pupils-branch", "git push")
    assert 'python tools/pupil_workspace.py --prune "$tree"' in script
    assert 'rm -rf "$tree/exercises"' in script
    assert set(pupil_workspace.PUPILS_FOLDERS) - {"exercises"} == {"notebooks"}
    pushes = [line.split() for line in script.splitlines() if line.strip().startswith("git push")]
    assert pushes == [["git", "push", "origin", "HEAD:pupils"]]  # no --force
    guard = job_script("pupils-branch", "release=$(git describe")
    assert "git diff --quiet" in guard and "src/codekamp binder" in guard


@pytest.mark.parametrize("link", LINKS)
def test_nbgitpuller_links_pull_the_pupils_branch_and_open_a_lesson(link):
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull" and not parts.fragment
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"repo", "branch", "urlpath"}
    assert all(len(values) == 1 for values in query.values())
    repository, branch, folder = post_start()
    assert query["repo"] == [f"https://github.com/{course_repository()}"] == [repository]
    assert query["branch"] == [branch]
    (urlpath,) = query["urlpath"]
    prefix = f"lab/tree/{PurePosixPath(folder).name}/"
    assert urlpath.startswith(prefix), urlpath
    lesson = urlpath.removeprefix(prefix)
    assert lesson.startswith("notebooks/") and lesson.endswith(".ipynb"), lesson
    assert (ROOT / lesson).is_file(), lesson


def test_the_guide_links_each_languages_first_lesson():
    opened = {parse_qs(urlsplit(link).query)["urlpath"][0] for link in nbgitpuller_links(GUIDE)}
    _, _, folder = post_start()
    lessons = first_lessons()
    for language in LANGUAGES:
        assert f"lab/tree/{PurePosixPath(folder).name}/{lessons[language]}" in opened, language


# The pupils' and teachers' Jupyter: what binder/pupil-config hides, and the Assignments tab.


def test_pupils_get_the_assignments_tab_and_its_menu_and_no_other_nbgrader_tool(
    tmp_path, image_python
):
    pupil = extra_files(tmp_path / "files", "/etc/codekamp/pupil")
    assert SINGLEUSER["extraEnv"]["JUPYTER_CONFIG_PATH"] == "/etc/codekamp/pupil"
    found = effective(image_python, pupil, tmp_path / "home")
    assert found["server"] == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.validate_assignment": False,
    }
    assert found["disabled"] == binder_hidden() - PUPILS_ON_THE_HUB


def test_a_pupil_cannot_switch_the_teacher_tools_back_on_from_home(tmp_path, image_python):
    pupil = extra_files(tmp_path / "files", "/etc/codekamp/pupil")
    home = tmp_path / "home"
    (home / ".jupyter" / "labconfig").mkdir(parents=True)
    (home / ".jupyter" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: False for name in binder_hidden()}})
    )
    tools = ["formgrader", "course_list", "assignment_list", "validate_assignment"]
    everything = {f"nbgrader.server_extensions.{name}": True for name in tools}
    (home / ".jupyter" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": everything}})
    )
    found = effective(image_python, pupil, home)
    assert found["server"]["nbgrader.server_extensions.formgrader"] is False
    assert found["disabled"] == binder_hidden() - PUPILS_ON_THE_HUB


def test_teachers_get_the_formgrader_and_nbgraders_tools(tmp_path, image_python):
    teacher = extra_files(tmp_path / "files", "/etc/codekamp/teacher")
    found = effective(image_python, teacher, tmp_path / "home")
    assert found["server"]["nbgrader.server_extensions.formgrader"] is True
    assert found["server"]["nbgrader.server_extensions.assignment_list"] is True
    assert found["disabled"] == {"@jupyter/nbgrader:course-list"}


# The exchange: ngshare, for pupils and teachers alike.


def test_pupils_hand_in_through_ngshare_for_every_course_they_are_in(tmp_path):
    config = extra_files(tmp_path / "files", "/etc/codekamp/pupil") / "nbgrader_config.py"
    (tmp_path / "home").mkdir()
    loaded = load_nbgrader_config(config, tmp_path, "p0123456789a")
    assert loaded["course_id"] == "*"
    service = VALUES["hub"]["services"]["ngshare"]["url"]
    assert loaded["ngshare"] == f"{service}/services/ngshare"
    # The pupils' pods may reach that service (ngshare's chart, installed as `ngshare`, labels
    # its pod with that name), and nothing else inside the cluster.
    host, port = urlsplit(service).hostname, urlsplit(service).port
    (rule,) = SINGLEUSER["networkPolicy"]["egress"]
    assert rule["to"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": host}}}]
    assert rule["ports"] == [{"port": port, "protocol": "TCP"}]


def test_a_teachers_course_is_their_clone_with_the_courses_own_settings(tmp_path):
    config = extra_files(tmp_path / "files", "/etc/codekamp/teacher") / "nbgrader_config.py"
    course = tmp_path / "home" / "codekamp-course"
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    )
    loaded = load_nbgrader_config(config, tmp_path, "p0a1b2c3d4e5")
    assert loaded["course_id"] == "p0a1b2c3d4e5"  # the teacher's own ngshare course
    assert loaded["root"] == str(course)
    assert (loaded["source_directory"], loaded["release_directory"]) == ("solutions", "exercises")
    assert loaded["ngshare"] == f"{VALUES['hub']['services']['ngshare']['url']}/services/ngshare"


def test_the_exchange_client_and_nbgitpuller_need_no_new_pins():
    appendix = str(image_build()["--appendix"])
    assert re.search(r"pip install --no-deps --no-cache-dir ngshare-exchange==[\d.]+$", appendix)
    for package in NGSHARE_EXCHANGE_IMPORTS + NBGITPULLER_DEPENDENCIES:
        assert pinned(package), package
    # The one line a maintainer adds to requirements/course.in (then `make lock`).
    (line,) = re.findall(r"^\s*(nbgitpuller==\S+)$", GUIDE, re.M)
    if pinned("nbgitpuller"):  # once it is there, it is the version the guide names
        assert line == f"nbgitpuller=={pinned('nbgitpuller')}"


# Sign-in: a pseudonym, never the IdP's identifier, a name or an e-mail.


def test_pupils_sign_in_with_a_pseudonym_and_the_hub_asks_for_no_name_or_email(monkeypatch):
    config = VALUES["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "generic-oauth"
    oauth = config["GenericOAuthenticator"]
    assert oauth["scope"] == ["openid"] and oauth["userdata_from_id_token"] is True
    assert oauth["enable_auth_state"] is False
    secret = VALUES["hub"]["extraEnv"]["CODEKAMP_PSEUDONYM_KEY"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "codekamp-pseudonym-key", "key": "key"}

    monkeypatch.setenv("CODEKAMP_PSEUDONYM_KEY", "k" * 64)
    name_of = hub_snippet("10-pseudonyms")["c"].GenericOAuthenticator.username_claim
    issuer = "https://login.microsoftonline.com/tenant/v2.0"
    pupil = {"iss": issuer, "sub": "AAAAAAAAAAAAAAAAAAAIkz"}
    name = name_of(pupil)
    assert re.fullmatch(r"p[0-9a-f]{11}", name) and PSEUDONYM.fullmatch(name)
    assert name_of(dict(pupil)) == name
    assert name_of({**pupil, "sub": "AAAAAAAAAAAAAAAAAAAIk0"}) != name
    assert pupil["sub"].lower() not in name
    monkeypatch.setenv("CODEKAMP_PSEUDONYM_KEY", "j" * 64)
    assert hub_snippet("10-pseudonyms")["c"].GenericOAuthenticator.username_claim(pupil) != name


def test_a_short_pseudonym_key_stops_the_hub(monkeypatch):
    monkeypatch.setenv("CODEKAMP_PSEUDONYM_KEY", "too-short")
    with pytest.raises(ValueError, match="at least 32"):
        hub_snippet("10-pseudonyms")


def test_teachers_get_their_settings_and_memory_to_grade_and_pupils_do_not(monkeypatch):
    z2jh = types.ModuleType("z2jh")

    def get_config(key, default=None):
        value = VALUES
        for part in key.split("."):
            value = value[part]
        return value

    z2jh.get_config = get_config
    monkeypatch.setitem(sys.modules, "z2jh", z2jh)
    hook = hub_snippet("20-teachers")["c"].KubeSpawner.pre_spawn_hook

    def spawner(*groups):
        user = types.SimpleNamespace(groups=[types.SimpleNamespace(name=g) for g in groups])
        environment = {"JUPYTER_CONFIG_PATH": SINGLEUSER["extraEnv"]["JUPYTER_CONFIG_PATH"]}
        return types.SimpleNamespace(user=user, environment=environment, mem_limit="2G")

    teacher, pupil = spawner("teachers"), spawner("class-3b")
    hook(teacher)
    hook(pupil)
    assert teacher.environment["JUPYTER_CONFIG_PATH"] == "/etc/codekamp/teacher"
    assert pupil.environment["JUPYTER_CONFIG_PATH"] == "/etc/codekamp/pupil"
    assert pupil.mem_limit == "2G"
    grading = GradingLimits.class_traits()["memory_mb"].default_value
    assert megabytes(teacher.mem_limit) > grading + megabytes(SINGLEUSER["memory"]["guarantee"])
    # Those two folders are the ones the chart mounts files into.
    files = SINGLEUSER["extraFiles"].values()
    mounted = {str(PurePosixPath(entry["mountPath"]).parents[-4]) for entry in files}
    assert mounted == {"/etc/codekamp/pupil", "/etc/codekamp/teacher"}


# Resources, culling, storage, scheduling.


def test_memory_is_the_marked_figure_the_classroom_benchmark_measured():
    # The comment right above `memory:` marks the figure, says where it comes from today and
    # what replaces it.
    lines = VALUES_TEXT.split("\n  memory:\n", 1)[0].splitlines()
    comment = []
    while lines[-1].strip().startswith("#"):
        comment.insert(0, lines.pop().strip().removeprefix("#").strip())
    comment = " ".join(comment)
    assert comment.startswith("PER_PUPIL_MEMORY_MB:")
    assert "bench/classroom" in comment and "mybinder" in comment
    memory = SINGLEUSER["memory"]
    guarantee = megabytes(memory["guarantee"])
    assert megabytes(memory["limit"]) == 2 * guarantee
    assert f"PER_PUPIL_MEMORY_MB = {guarantee:.0f}." in comment
    assert f"`PER_PUPIL_MEMORY_MB = {guarantee:.0f}`" in GUIDE


def test_idle_pupils_stop_and_their_work_and_account_stay():
    cull = VALUES["cull"]
    assert cull["enabled"] is True and cull["users"] is False
    assert 15 * 60 < cull["timeout"] <= cull["maxAge"]  # longer than a break
    storage = SINGLEUSER["storage"]
    assert storage["type"] in {"dynamic", "static"} and storage["capacity"]


def test_the_morning_rush_has_placeholders_that_can_be_pushed_out():
    scheduling = VALUES["scheduling"]
    assert scheduling["podPriority"]["enabled"] is True  # without it placeholders do nothing
    assert scheduling["userPlaceholder"]["enabled"] is True
    assert scheduling["userPlaceholder"]["replicas"] >= 1
    assert scheduling["userScheduler"]["enabled"] is True
    assert VALUES["prePuller"]["continuous"]["enabled"] is True


def test_the_guide_says_plainly_what_was_not_tried():
    section = GUIDE.split("\n## What was not tried\n", 1)[1]
    assert "None of this has run" in section
    assert "no Kubernetes, no Docker" in section
