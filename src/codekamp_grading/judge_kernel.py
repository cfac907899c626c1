"""The kernel a pupil's notebook runs in while it is graded: ipykernel, with Codekamp's judge.

    python -m codekamp_grading.judge_kernel -f <connection file>

The grader starts it (see ``execute.GuardedExecute``), through the sandbox's launcher where
there is one. Before the kernel starts, and so before any of the pupil's code runs, it:

1. reads what the grader handed it: the test cells' code, a key for signing verdicts and the
   notebook's language (the environment variable ``CODEKAMP_JUDGE_PACK`` names a file
   descriptor the sandbox's launcher opened; without the sandbox, ``--judge-pack=<file>``
   names a file, deleted once read), and where to write verdicts (``CODEKAMP_JUDGE_VERDICTS``
   or ``--judge-verdicts=<file>``);
2. loads private copies of Codekamp's checks, turtle and judge (see ``private_import``);
3. installs the judge (see ``judge``), then becomes an ordinary ipykernel.

Nothing of the judge stays in this module's names or in the frames below the kernel.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

PACK = "CODEKAMP_JUDGE_PACK"
VERDICTS = "CODEKAMP_JUDGE_VERDICTS"
# What the judge loads privately: Codekamp's pupil package and the judge's own modules.
PRIVATE = (
    "codekamp",
    "codekamp.check",
    "codekamp.turtle",
    "codekamp.robot",
    "codekamp.datasets",  # a test opens the course's data files with its own path()
    "codekamp_grading.private_import",
    "codekamp_grading.judge",
)


def main() -> None:
    options = [argument for argument in sys.argv[1:] if argument.startswith("--judge-")]
    sys.argv = [argument for argument in sys.argv if argument not in options]
    for option in options:  # without the launcher, the files come as options
        name, _, value = option.partition("=")
        os.environ[PACK if name == "--judge-pack" else VERDICTS] = value
    _install_judge()
    # A pupil's timers stop when their cell ends (see quiet_timers).
    sys.argv.append("--IPKernelApp.extra_extensions=codekamp_grading.quiet_timers")
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def _install_judge() -> None:
    """Everything the judge needs lives only in this function's frame, gone when it returns."""
    pack = json.loads(_read_and_forget(os.environ.pop(PACK)))
    pack["key"] = bytes.fromhex(pack["key"])
    channel = _verdict_file(os.environ.pop(VERDICTS))

    from codekamp_grading.private_import import PrivateModules

    private = PrivateModules()
    private.load(PRIVATE, inside=_read_catalogs)
    private = private.handover()
    private.modules["codekamp_grading.judge"].install(pack, channel, private, trusted_prefixes())


def _read_and_forget(where: str) -> bytes:
    """The pack's bytes, from a file descriptor (closed after) or a file (deleted after)."""
    if where.isdigit():
        descriptor = int(where)
        with os.fdopen(descriptor, "rb") as file:
            return file.read()
    path = Path(where)
    try:
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def _verdict_file(where: str) -> int:
    if where.isdigit():
        return int(where)
    return os.open(where, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)


def _read_catalogs() -> None:
    """Read every language's messages now, while the private package is being loaded."""
    from codekamp.i18n import LANGUAGES, SOURCE_LANGUAGE, catalog

    for language in LANGUAGES:
        if language != SOURCE_LANGUAGE:
            catalog(language)


def trusted_prefixes() -> tuple[str, ...]:
    """Where Python's own code and the installed packages live (not the pupil's folder)."""
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    for name in ("codekamp", "codekamp_grading"):
        places.update(importlib.util.find_spec(name).submodule_search_locations or ())
    prefixes = set()
    for place in filter(None, places):
        prefixes |= {os.path.join(place, ""), os.path.join(os.path.realpath(place), "")}
    return (*sorted(prefixes), "<frozen ")


if __name__ == "__main__":
    main()
