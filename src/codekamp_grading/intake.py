"""Finding what each pupil handed in, and choosing the one notebook to grade for each.

For the teacher's guide
-----------------------
Put everything the pupils handed in for one assignment in one folder, the *hand-in folder*.
Codekamp reads it like this:

- **A notebook** named ``<pupil>_<anything>.ipynb`` is that pupil's
  (``mila_nl-00-welkom.ipynb``). ``.IPYNB``, ``.ipynb.json`` and ``Name (1).ipynb`` are
  notebooks too.
- **A folder or zip per pupil**: a folder or zip whose name is a pupil id, or starts with
  ``<pupil>_`` (``mila/``, ``mila.zip``, ``mila_opdracht.zip``, nbgrader's
  ``mila/nl-00-welkom/``), is that pupil's. *Everything* in it counts for that pupil only,
  whatever its name: a ``sam_nl-00-welkom.ipynb`` in ``mila.zip`` is Mila's (the report
  says so).
- **A folder or zip for the whole class** (a download from a learning platform): a folder
  or zip whose name is *not* a pupil id (``Klas 3B``, ``download (2).zip``) or is the
  assignment's id (``nl-00-welkom.zip``). What is in it is read as if it lay in the hand-in
  folder itself. A class download whose name looks like a pupil id (``klas3b.zip``) would be
  read as one pupil's: rename it to the assignment's id (``nl-00-welkom.zip``).

A pupil id is 1 to 64 letters, digits, ``.`` and ``-``, starting with a letter or digit, and
is not the assignment's id.

**One pupil, one grade.** When a pupil handed in several notebooks (a copy ``… (1).ipynb``,
a zip and a loose file, last week's notebook), the newest is tried first (the file's time;
in a zip, the time stored for that file), then the others by time and name; the first that
belongs to this assignment (by its content: its graded cells and its Codekamp language and
module) and can be read is graded. The report names it and the others.

**Every file is in the report**, with a status: the pupil's row, or a row of its own for a
file that is nobody's (no pupil id in its name), or that is not a notebook, or that cannot be
read. These are not hand-ins and are skipped: ``__MACOSX/`` and ``._*`` files (Mac zips),
``.ipynb_checkpoints/``, ``.DS_Store``, ``Thumbs.db``, ``desktop.ini``.

**Safety.** Notebooks are read straight from zips, never unpacked by their own names; only a
pupil's zip inside a class zip is copied into the unpack folder (under a made-up name), so
nothing is ever written elsewhere. A zip inside a pupil's zip is not unpacked. Sizes are
counted while reading (a zip's own figures are not trusted): a notebook may be at most
``notebook_mb``, and one zip (with the pupils' zips in it) may unpack to at most ``zip_mb``
(``c.GradingLimits`` in ``nbgrader_config.py``). Links are never followed: what a link
inside the hand-in folder points to is counted where it really is, and a link to outside it
is reported (``unsafe path``). At most ``pupils`` rows are made; with more, grading stops
with :class:`TooManyPupils`.
"""

from __future__ import annotations

import os
import re
import stat
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from nbformat import NotebookNode

from codekamp.i18n import N_
from codekamp_grading.limits import Limits
from codekamp_grading.precheck import Note, Precheck, precheck
from codekamp_grading.status import Status

PUPIL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,63}$")
NOTEBOOK_ENDINGS = (".ipynb", ".ipynb.json")
IGNORED_FOLDERS = frozenset({"__macosx", ".ipynb_checkpoints"})
IGNORED_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
MB = 1024**2

# Which notebook was graded, when a pupil handed in several.
NEWEST = N_("graded {file}, the newest of {count} notebooks; not graded: {others}")
SAME_TIME = N_(
    "graded {file}, the first by name of the newest notebooks (same time); not graded: {others}"
)
NEWEST_GRADABLE = N_(
    "graded {file}, the newest notebook of this assignment that can be read; not graded: {others}"
)
NONE_GRADABLE = N_(
    "none of {count} notebooks can be graded; this is about {file}; the others: {others}"
)
# What is wrong with one file.
NAME_IT = N_("name the file <pupil>_{assignment}.ipynb")
NOT_NOTEBOOKS = N_("{files} is not a notebook; ask the pupil to hand in the .ipynb file")
NOTHING_IN = N_("no notebook in {files}; ask the pupil to hand in the .ipynb file")
UNREADABLE = N_("{file} could not be read ({error}); copy it into the hand-in folder again")
NOTEBOOK_TOO_LARGE = N_(
    "{file} is larger than {mb} MB; look at it yourself, or raise c.GradingLimits.notebook_mb"
)
ZIP_TOO_LARGE = N_(
    "{file} unpacks to more than {mb} MB; unpack it yourself, or raise c.GradingLimits.zip_mb"
)
NOT_A_ZIP = N_("{file} is not a zip file that can be opened; ask the pupil to hand it in again")
DAMAGED_MEMBER = N_("{file} is damaged in its zip ({error}); ask the pupil to hand it in again")
ENCRYPTED = N_("{file} is locked with a password; ask the pupil to zip it again without one")
UNSUPPORTED_PACKING = N_(
    "{file} is packed in a way Codekamp cannot unpack ({method}); "
    "ask the pupil to zip it again, or unpack it yourself"
)
# Said about a pupil's hand-in as a whole, whatever is graded.
UNSAFE_MEMBERS = N_(
    "left packed, because they would land outside their folder: {files}; "
    "ask the pupil to zip the notebook again"
)
LINKS_OUTSIDE = N_(
    "not followed, because they link to outside the hand-in folder: {files}; "
    "copy the notebook itself into the folder"
)
NESTED_ZIP = N_(
    "a zip in a zip is not unpacked: {files}; unpack it into the hand-in folder if it matters"
)
CLASSMATES = N_(
    "files named after other pupils count for this pupil only: {files}; if this is a class "
    "download, give it the assignment's name ({assignment})"
)
TOO_MANY_PUPILS = N_(
    "more than {pupils} pupils in the hand-in folder (at {file}); "
    "check the folder, or raise c.GradingLimits.pupils"
)

_METHODS = {6: "Implode", 9: "Deflate64", 93: "Zstandard", 95: "XZ", 98: "PPMd"}


@dataclass(frozen=True)
class HandIn:
    """One row of the class report: a pupil, or a handed-in file that is nobody's.

    ``label`` is what the report shows: the pupil id, or the file's path relative to the
    hand-in folder (``zip/member`` inside a zip), as the pupils named it. ``status`` is
    ``OK`` or ``RESTORED`` when ``notebook`` (checked and repaired by precheck) can be graded.
    ``notes`` are English messages with their values, for the report to translate.
    ``source`` is the file graded, or the one the status is about ("" when there is none).
    """

    label: str
    pupil: str | None
    status: Status
    notebook: NotebookNode | None = None
    notes: tuple[Note, ...] = ()
    source: str = ""


class TooManyPupils(Exception):
    """The hand-in folder holds more pupils (and files that are nobody's) than the limit.

    ``note`` is the message for the teacher, with its values.
    """

    def __init__(self, most: int, where: str):
        self.note: Note = (TOO_MANY_PUPILS, {"pupils": most, "file": where})
        super().__init__(TOO_MANY_PUPILS.format(**self.note[1]))


def gather(
    folder: Path, assignment: str, release: NotebookNode, limits: Limits, unpack_to: Path
) -> list[HandIn]:
    """What each pupil in ``folder`` handed in for ``assignment``: one row per pupil (sorted
    by pupil id), then one per file that is nobody's.

    ``release`` is the released exercise (to check and repair notebooks with); ``unpack_to``
    is an empty folder for the pupils' zips found in class zips. Raises TooManyPupils.
    """
    found = _Class(assignment, limits)
    with _OpenZips() as zips:  # a zip's notebooks are read when they are chosen
        _Walker(folder, unpack_to, found, zips).walk()
        rows = [_decide(pupil, found.pupils[pupil], release) for pupil in sorted(found.pupils)]
    return rows + sorted(found.nobodys, key=lambda row: row.label)


def pupil_of(name: str, assignment: str, container: bool = False) -> str | None:
    """Whose file or folder this is, by its name: ``<pupil>_<anything>``, or for a folder or
    zip (``container``) also just ``<pupil>``; None when the name does not say.

    >>> pupil_of("mila_nl-00-welkom.ipynb", "nl-00-welkom")
    'mila'
    >>> pupil_of("nl-00-welkom.zip", "nl-00-welkom", container=True) is None
    True
    """
    stem = name[: -len(".zip")] if container and name.lower().endswith(".zip") else name
    if "_" in stem:
        stem = stem.split("_", 1)[0]
    elif not container:
        return None
    if not PUPIL_ID.match(stem) or stem.lower() == assignment.lower():
        return None
    return stem


def is_notebook(name: str) -> bool:
    """Is a file of this name a notebook (``x.ipynb``, ``X.IPYNB``, ``x.ipynb.json``)?"""
    return name.lower().endswith(NOTEBOOK_ENDINGS)


def _ignored(name: str) -> bool:
    """Is this something no pupil handed in (Mac, Windows and Jupyter leftovers)?"""
    lower = name.lower()
    return lower in IGNORED_FOLDERS or lower in IGNORED_FILES or name.startswith("._")


# What was found ----------------------------------------------------------------------------


class _Unreadable(Exception):
    """A file could not be read; ``status`` and ``note`` say why."""

    def __init__(self, status: Status, note: Note):
        super().__init__(note[0])
        self.status, self.note = status, note


@dataclass(frozen=True)
class _File:
    """One file that may be a pupil's notebook: one to read, or one whose problem is known."""

    label: str
    time: float = 0.0
    read: Callable[[], bytes] | None = None  # its bytes; may raise _Unreadable
    problem: tuple[Status, Note] | None = None


@dataclass
class _Pupil:
    """Everything found for one pupil."""

    containers: list[str] = field(default_factory=list)  # their folders and zips
    files: list[_File] = field(default_factory=list)  # notebooks, and what could not be read
    others: list[str] = field(default_factory=list)  # files that are not notebooks
    remarks: dict[str, tuple[dict, list[str]]] = field(default_factory=dict)

    def remark(self, message: str, label: str, **values: object) -> None:
        """Say ``message`` about this pupil, with ``label`` among its ``{files}``."""
        self.remarks.setdefault(message, (values, []))[1].append(label)

    def remark_notes(self) -> list[Note]:
        return [
            (message, {**values, "files": _listing(files)})
            for message, (values, files) in self.remarks.items()
        ]


class _Class:
    """The rows found so far: pupils, and files that are nobody's."""

    def __init__(self, assignment: str, limits: Limits):
        self.assignment, self.limits = assignment, limits
        self.pupils: dict[str, _Pupil] = {}
        self.nobodys: list[HandIn] = []

    def whose(self, name: str, container: bool = False) -> str | None:
        return pupil_of(name, self.assignment, container)

    def pupil(self, pupil: str, label: str) -> _Pupil:
        """The record of ``pupil`` (found at ``label``), made when it is the first time."""
        if pupil not in self.pupils:
            self._one_more(label)
            self.pupils[pupil] = _Pupil()
        return self.pupils[pupil]

    def nobody(self, label: str, status: Status, note: Note) -> None:
        """A row for a file that is nobody's."""
        self._one_more(label)
        self.nobodys.append(HandIn(label, None, status, None, (note,), label))

    def _one_more(self, label: str) -> None:
        if len(self.pupils) + len(self.nobodys) >= self.limits.pupils:
            raise TooManyPupils(self.limits.pupils, label)


# Walking the hand-in folder and its zips --------------------------------------------------


@dataclass
class _Node:
    """A folder or a file, in the hand-in folder or in a zip."""

    name: str
    label: str
    time: float = 0.0
    children: Callable[[], list[_Node]] | None = None  # a folder's contents
    read: Callable[[int | None], bytes] | None = None  # a file's bytes, at most ``cap``
    path: Path | None = None  # a file in the hand-in folder
    problem: tuple[Status, str] | None = None  # a link outside, a path outside: not read
    in_zip: bool = False
    budget: _Budget | None = None  # in a zip: what the zip may still unpack to


class _Walker:
    """Goes through the hand-in folder once, and tells ``found`` whose each file is."""

    def __init__(self, folder: Path, unpack_to: Path, found: _Class, zips: _OpenZips):
        self.root = folder.resolve()
        self.unpack_to = unpack_to.resolve()
        self.found, self.zips = found, zips
        self.limits = found.limits
        self.unpacked = 0

    def walk(self) -> None:
        """Every file, with the pupil whose container it is in (None: the class's)."""
        if self.root.is_dir():
            top = self._folder(self.root, "")
        else:  # a class zip given instead of a folder
            top = [self._disk_node(self.root, self.root.name, self.root.name)]
        stack: list[tuple[_Node, str | None]] = [(node, None) for node in reversed(top)]
        while stack:
            node, owner = stack.pop()
            if _ignored(node.name):
                continue
            if node.problem is not None:
                self._problem(node, owner)
            elif node.children is not None:
                pupil = owner or self.found.whose(node.name, container=True)
                if pupil and not owner:
                    self.found.pupil(pupil, node.label).containers.append(node.label)
                stack += [(child, pupil) for child in reversed(node.children())]
            elif node.name.lower().endswith(".zip") and node.read is not None:
                stack += [(child, pupil) for child, pupil in reversed(self._zip(node, owner))]
            elif is_notebook(node.name) and node.read is not None:
                cap = self.limits.notebook_mb * MB
                self._add(node, owner, _File(node.label, node.time, partial(node.read, cap)))
            else:
                self._other(node, owner)

    # -- one file

    def _add(self, node: _Node, owner: str | None, file: _File) -> None:
        """A notebook (or a file that might have been one) for its pupil, or nobody's."""
        pupil = owner or self.found.whose(node.name)
        if pupil is None:
            if file.problem is not None:
                self.found.nobody(node.label, *file.problem)
            else:
                note = (NAME_IT, {"assignment": self.found.assignment})
                self.found.nobody(node.label, Status.NO_PUPIL_ID, note)
            return
        record = self.found.pupil(pupil, node.label)
        record.files.append(file)
        named = self.found.whose(node.name)
        if owner and named and named.lower() != owner.lower():
            record.remark(CLASSMATES, node.label, assignment=self.found.assignment)

    def _problem(self, node: _Node, owner: str | None) -> None:
        """A link or zip member pointing outside its folder: never read, always reported."""
        status, message = node.problem
        pupil = owner or self.found.whose(node.name)
        file = _File(node.label, node.time, problem=(status, (message, {"files": node.label})))
        self._add(node, pupil, file)
        if pupil is not None:
            self.found.pupils[pupil].remark(message, node.label)

    def _other(self, node: _Node, owner: str | None) -> None:
        """A file that is not a notebook: part of its pupil's row, or a row of its own."""
        pupil = owner or self.found.whose(node.name)
        if pupil is None:
            note = (NOT_NOTEBOOKS, {"files": node.label})
            self.found.nobody(node.label, Status.NO_NOTEBOOK, note)
        else:
            self.found.pupil(pupil, node.label).others.append(node.label)

    def _zip(self, node: _Node, owner: str | None) -> list[tuple[_Node, str | None]]:
        """A zip's contents, each with the pupil it belongs to (None: a class zip's).

        Zips in the hand-in folder are opened; in a zip, only a pupil's zip in a class zip is.
        """
        pupil = owner or self.found.whose(node.name, container=True)
        if node.in_zip and (owner or not pupil):
            if owner:
                self.found.pupil(owner, node.label).remark(NESTED_ZIP, node.label)
            else:
                note = (NESTED_ZIP, {"files": node.label})
                self.found.nobody(node.label, Status.NO_PUPIL_ID, note)
            return []
        try:
            members = self._open(node)
        except _Unreadable as problem:
            file = _File(node.label, node.time, problem=(problem.status, problem.note))
            self._add(node, pupil, file)
            return []
        if pupil and not owner:
            self.found.pupil(pupil, node.label).containers.append(node.label)
        return [(member, pupil) for member in members]

    # -- reading folders and zips

    def _folder(self, folder: Path, label: str) -> list[_Node]:
        """What a folder in the hand-in folder holds, by name. Links are never followed: one
        to a place inside the hand-in folder is counted there, one outside is reported."""
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return []
        nodes = []
        for entry in entries:
            entry_label = f"{label}/{entry.name}" if label else entry.name
            node = self._disk_node(Path(entry.path), entry.name, entry_label)
            if node is not None:
                nodes.append(node)
        return nodes

    def _disk_node(self, path: Path, name: str, label: str) -> _Node | None:
        """One entry of a folder; None for what is counted elsewhere."""
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # broken, or going round in circles
                return _Node(name, label)
            if target.is_relative_to(self.root):
                return None  # what it links to is counted where it really is
            return _Node(name, label, problem=(Status.UNSAFE_PATH, LINKS_OUTSIDE))
        if path == self.unpack_to:
            return None
        try:
            info = path.stat()
        except OSError:
            return _Node(name, label)
        if stat.S_ISDIR(info.st_mode):
            return _Node(name, label, children=partial(self._folder, path, label))
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe is never read
            return _Node(name, label)
        reader = partial(_read_file, path, label, self.limits)
        return _Node(name, label, info.st_mtime, read=reader, path=path)

    def _open(self, node: _Node) -> list[_Node]:
        """Open a zip and list its members."""
        if node.path is not None:
            budget = _Budget(self.limits.zip_mb * MB, node.label, self.limits.zip_mb)
            source: Path = node.path
        else:  # a pupil's zip in a class zip: copied out, counted in the class zip's budget
            data = node.read(None)
            self.unpack_to.mkdir(parents=True, exist_ok=True)
            self.unpacked += 1
            source = self.unpack_to / f"{self.unpacked:06d}.zip"
            source.write_bytes(data)
            budget = node.budget
        try:
            members = self.zips.get(source).infolist()
        except Exception:  # BadZipFile, and stranger errors for stranger files
            raise _Unreadable(Status.DAMAGED_ZIP, (NOT_A_ZIP, {"file": node.label})) from None
        return _members(self.zips, source, members, node.label, budget)


class _OpenZips:
    """The zips being read, a few at a time (a class can hand in a thousand zips, more than
    the files one program may have open), each opened again when it is needed again."""

    def __init__(self, most: int = 16):
        self.most = most
        self.open: dict[Path, zipfile.ZipFile] = {}  # the last used last

    def get(self, path: Path) -> zipfile.ZipFile:
        zipped = self.open.pop(path, None)
        self.open[path] = zipped = zipped or zipfile.ZipFile(path)
        if len(self.open) > self.most:
            self.open.pop(next(iter(self.open))).close()
        return zipped

    def __enter__(self) -> _OpenZips:
        return self

    def __exit__(self, *_: object) -> None:
        for zipped in self.open.values():
            zipped.close()


def _members(
    zips: _OpenZips, path: Path, infos: list[zipfile.ZipInfo], label: str, budget: _Budget
) -> list[_Node]:
    """The members of a zip, as folders and files (read only when needed)."""
    top: list[_Node] = []
    folders: dict[tuple[str, ...], list[_Node]] = {(): top}
    for info in infos:
        member_label = f"{label}/{info.filename}"
        parts = _safe_parts(info)
        if parts is None:
            problem = (Status.UNSAFE_PATH, UNSAFE_MEMBERS)
            top.append(_Node(info.filename, member_label, problem=problem, in_zip=True))
            continue
        if not parts:
            continue
        inside = parts if info.is_dir() else parts[:-1]
        place = top
        for depth in range(1, len(inside) + 1):
            key = tuple(inside[:depth])
            if key not in folders:
                folders[key] = []
                folder_label = f"{label}/{'/'.join(key)}"
                children = partial(list, folders[key])
                place.append(_Node(key[-1], folder_label, children=children, in_zip=True))
            place = folders[key]
        if not info.is_dir():
            reader = partial(_read_member, zips, path, info, member_label, budget=budget)
            member = _Node(parts[-1], member_label, _zip_time(info), read=reader, in_zip=True)
            member.budget = budget
            place.append(member)
    for nodes in folders.values():
        nodes.sort(key=lambda node: node.name)
    return top


def _safe_parts(info: zipfile.ZipInfo) -> list[str] | None:
    """The folders and name of a zip member, or None when it would land outside its folder
    (``..``, an absolute path, a drive) or is a link."""
    if stat.S_ISLNK(info.external_attr >> 16):
        return None
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    return None if ".." in parts else parts


def _zip_time(info: zipfile.ZipInfo) -> float:
    """The time a zip stores for a member (local time), in seconds."""
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return 0.0


@dataclass
class _Budget:
    """How many more bytes one zip (with the pupils' zips in it) may unpack to."""

    left: int
    label: str
    mb: int

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            note = (ZIP_TOO_LARGE, {"file": self.label, "mb": self.mb})
            raise _Unreadable(Status.TOO_LARGE, note)


def _read_file(path: Path, label: str, limits: Limits, cap: int | None) -> bytes:
    """A file's bytes, at most ``cap`` of them (else TOO_LARGE)."""
    cap = limits.notebook_mb * MB if cap is None else cap
    try:
        with path.open("rb") as file:
            data = file.read(cap + 1)
    except OSError as error:
        note = (UNREADABLE, {"file": label, "error": error.strerror or str(error)})
        raise _Unreadable(Status.INVALID_NOTEBOOK, note) from None
    if len(data) > cap:
        note = (NOTEBOOK_TOO_LARGE, {"file": label, "mb": limits.notebook_mb})
        raise _Unreadable(Status.TOO_LARGE, note)
    return data


def _read_member(
    zips: _OpenZips,
    path: Path,
    info: zipfile.ZipInfo,
    label: str,
    cap: int | None,
    budget: _Budget,
) -> bytes:
    """A zip member's bytes, counted while unpacking: at most ``cap`` (a notebook), and
    within the zip's budget."""
    if info.flag_bits & 0x1:
        raise _Unreadable(Status.ENCRYPTED_ZIP, (ENCRYPTED, {"file": label}))
    budget.spend(0)  # a zip already over its budget reads nothing more
    data = bytearray()
    try:
        with zips.get(path).open(info) as member:
            while chunk := member.read(1 << 16):
                budget.spend(len(chunk))
                data += chunk
                if cap is not None and len(data) > cap:
                    note = (NOTEBOOK_TOO_LARGE, {"file": label, "mb": cap // MB})
                    raise _Unreadable(Status.TOO_LARGE, note)
    except _Unreadable:
        raise
    except NotImplementedError:
        method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
        note = (UNSUPPORTED_PACKING, {"file": label, "method": method})
        raise _Unreadable(Status.DAMAGED_ZIP, note) from None
    except Exception as error:  # bad CRC, broken data, a lying header: all damage
        reason = str(error)[:100] or type(error).__name__
        note = (DAMAGED_MEMBER, {"file": label, "error": reason})
        raise _Unreadable(Status.DAMAGED_ZIP, note) from None
    return bytes(data)


# Choosing the notebook to grade -------------------------------------------------------------


def _decide(pupil: str, record: _Pupil, release: NotebookNode) -> HandIn:
    """The one row of a pupil: the newest notebook of this assignment that can be graded."""
    remarks = record.remark_notes()
    candidates = sorted(record.files, key=lambda file: (-file.time, file.label))
    if not candidates:
        if record.others:
            note = (NOT_NOTEBOOKS, {"files": _listing(record.others)})
        else:
            note = (NOTHING_IN, {"files": _listing(record.containers)})
        return HandIn(pupil, pupil, Status.NO_NOTEBOOK, None, (note, *remarks))
    verdicts: list[Precheck] = []
    for file in candidates:
        verdicts.append(_examine(file, release))
        if verdicts[-1].status.graded:
            break
    chosen = _chosen(verdicts)
    verdict, file = verdicts[chosen], candidates[chosen]
    notes = [note for note in verdict.notes if note[0] not in record.remarks]
    if len(candidates) > 1:
        notes.insert(0, _which(candidates, chosen, verdict.status.graded))
    notebook = verdict.notebook if verdict.status.graded else None
    return HandIn(pupil, pupil, verdict.status, notebook, (*notes, *remarks), file.label)


def _examine(file: _File, release: NotebookNode) -> Precheck:
    """Read and check one candidate notebook."""
    if file.problem is not None:
        status, note = file.problem
        return Precheck(status, None, (note,))
    try:
        raw = file.read()
    except _Unreadable as problem:
        return Precheck(problem.status, None, (problem.note,))
    return precheck(raw, release)


def _chosen(verdicts: list[Precheck]) -> int:
    """Which verdict is the pupil's: the graded one, or else the newest that may be this
    assignment's (another assignment's notebook only when there is nothing else)."""
    if verdicts[-1].status.graded:
        return len(verdicts) - 1
    return next(
        (
            number
            for number, verdict in enumerate(verdicts)
            if verdict.status is not Status.OTHER_ASSIGNMENT
        ),
        0,
    )


def _which(candidates: list[_File], chosen: int, graded: bool) -> Note:
    """The note that says which of several notebooks counts, and why."""
    file = candidates[chosen]
    others = _listing([other.label for other in candidates if other is not file])
    values = {"file": file.label, "count": len(candidates), "others": others}
    if not graded:
        return (NONE_GRADABLE, values)
    if chosen > 0:
        return (NEWEST_GRADABLE, values)
    if candidates[1].time == file.time:
        return (SAME_TIME, values)
    return (NEWEST, values)


def _listing(labels: list[str], most: int = 5) -> str:
    """A few labels for a note: ``a, b, c, … (+7)``."""
    shown = ", ".join(labels[:most])
    return shown + (f", … (+{len(labels) - most})" if len(labels) > most else "")
