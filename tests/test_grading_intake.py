"""Taking in a class's hand-ins: whose each file is, the one notebook graded per pupil, every
file in the report with a status (intake.gather), and checking and repairing one notebook
against the released exercise (precheck). Fast: no kernels, no nbgrader runs."""

from __future__ import annotations

import copy
import json
import os
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from adversarial.corpus import RIGHT, answered
from adversarial.zips import NEW, OLD, damage, forge_headers, make_zip, zip_bytes
from conftest import ROOT

from codekamp_grading import intake
from codekamp_grading import precheck as checks
from codekamp_grading.intake import HandIn, TooManyPupils, gather, pupil_of
from codekamp_grading.limits import Limits
from codekamp_grading.precheck import precheck
from codekamp_grading.status import Status

ASSIGNMENT = "nl-00-welkom"
EXERCISE = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
TURTLE = ROOT / "exercises" / "nl-01-schildpad" / "nl-01-schildpad.ipynb"
FRENCH = ROOT / "exercises" / "fr-00-bienvenue" / "fr-00-bienvenue.ipynb"


def release(path: Path = EXERCISE) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def right() -> bytes:
    """nl-00-welkom with every answer right, as a pupil hands it in."""
    return nbformat.writes(answered(EXERCISE)).encode()


def wrong() -> bytes:
    return EXERCISE.read_bytes()  # the exercise as released: no answer given


def turtle() -> bytes:
    return TURTLE.read_bytes()


def take_in(folder: Path, limits: Limits | None = None) -> dict[str, HandIn]:
    """gather() for nl-00-welkom (with the default limits), by row label."""
    unpack_to = folder.parent / "unpacked"
    rows = gather(folder, ASSIGNMENT, release(), limits or Limits(), unpack_to)
    labels = [row.label for row in rows]
    assert len(labels) == len(set(labels)), "one row per pupil or file"
    return {row.label: row for row in rows}


def inbox(tmp_path: Path, files: dict[str, bytes] | None = None) -> Path:
    """A hand-in folder with ``files`` (path -> content)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, content in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder


# Whose is it ----------------------------------------------------------------------------------


def test_a_pupil_id_comes_from_the_name_before_the_underscore_or_a_containers_name():
    assert pupil_of("mila_nl-00-welkom.ipynb", ASSIGNMENT) == "mila"
    assert pupil_of("mila.ipynb", ASSIGNMENT) is None  # a notebook needs <pupil>_
    assert pupil_of("mila", ASSIGNMENT, container=True) == "mila"
    assert pupil_of("mila.zip", ASSIGNMENT, container=True) == "mila"
    assert pupil_of("mila_opdracht.zip", ASSIGNMENT, container=True) == "mila"
    assert pupil_of("nl-00-welkom.zip", ASSIGNMENT, container=True) is None  # the class
    assert pupil_of("Klas 3B", ASSIGNMENT, container=True) is None  # not a pupil id
    assert pupil_of("nl-00-welkom_copy.ipynb", ASSIGNMENT) is None


def test_pupils_are_found_by_file_name_folder_exchange_layout_and_zip(tmp_path):
    folder = inbox(
        tmp_path,
        {
            f"p01_{ASSIGNMENT}.ipynb": right(),
            f"p02/{ASSIGNMENT}.ipynb": right(),
            f"p04/{ASSIGNMENT}/{ASSIGNMENT}.ipynb": right(),  # nbgrader's exchange
            f"{ASSIGNMENT}.ipynb": right(),
        },
    )
    make_zip(folder / "p03.zip", {f"{ASSIGNMENT}.ipynb": right()})
    rows = take_in(folder)
    assert {label: row.status for label, row in rows.items()} == {
        "p01": Status.OK,
        "p02": Status.OK,
        "p03": Status.OK,
        "p04": Status.OK,
        f"{ASSIGNMENT}.ipynb": Status.NO_PUPIL_ID,
    }
    assert rows["p03"].source == f"p03.zip/{ASSIGNMENT}.ipynb"
    assert _cell(rows["p01"].notebook, "seconds-per-hour").source == RIGHT["seconds-per-hour"]
    nobody = rows[f"{ASSIGNMENT}.ipynb"]
    assert nobody.pupil is None and nobody.notes == ((intake.NAME_IT, {"assignment": ASSIGNMENT}),)


def test_a_classmates_file_in_a_pupils_zip_counts_for_that_pupil_only(tmp_path):
    folder = inbox(tmp_path, {f"sam_{ASSIGNMENT}.ipynb": right()})
    make_zip(
        folder / "mila.zip",
        {f"mila_{ASSIGNMENT}.ipynb": (right(), NEW), f"sam_{ASSIGNMENT}.ipynb": (wrong(), OLD)},
    )
    rows = take_in(folder)
    assert set(rows) == {"mila", "sam"}
    assert rows["sam"].source == f"sam_{ASSIGNMENT}.ipynb" and rows["sam"].notes == ()
    assert rows["mila"].source == f"mila.zip/mila_{ASSIGNMENT}.ipynb"
    assert (
        intake.CLASSMATES,
        {"assignment": ASSIGNMENT, "files": f"mila.zip/sam_{ASSIGNMENT}.ipynb"},
    ) in rows["mila"].notes


def test_a_classmates_file_in_a_pupils_folder_counts_for_that_pupil_only(tmp_path):
    folder = inbox(tmp_path, {f"mila/sam_{ASSIGNMENT}.ipynb": wrong()})
    rows = take_in(folder)
    assert set(rows) == {"mila"} and rows["mila"].status is Status.OK
    assert rows["mila"].notes[0][0] == intake.CLASSMATES


def test_a_class_zip_or_folder_is_read_as_the_hand_in_folder_itself(tmp_path):
    folder = inbox(tmp_path, {f"Klas 3B/lena_{ASSIGNMENT}.ipynb": right()})
    pupil_zip = zip_bytes(tmp_path, {f"{ASSIGNMENT}.ipynb": right()})
    make_zip(
        folder / f"{ASSIGNMENT}.zip",
        {
            f"mila_{ASSIGNMENT}.ipynb": right(),
            f"sam/{ASSIGNMENT}.ipynb": right(),
            "kai.zip": pupil_zip,  # a pupil's zip in the class zip is opened
            "download (2).zip": pupil_zip,  # a class zip in a class zip is not
            "lone/": b"",
        },
    )
    rows = take_in(folder)
    assert {label: row.status for label, row in rows.items()} == {
        "kai": Status.OK,
        "lena": Status.OK,
        "lone": Status.NO_NOTEBOOK,
        "mila": Status.OK,
        "sam": Status.OK,
        f"{ASSIGNMENT}.zip/download (2).zip": Status.NO_PUPIL_ID,
    }
    assert rows["kai"].source == f"{ASSIGNMENT}.zip/kai.zip/{ASSIGNMENT}.ipynb"
    assert rows["lone"].notes == ((intake.NOTHING_IN, {"files": f"{ASSIGNMENT}.zip/lone"}),)
    assert [p.suffix for p in (tmp_path / "unpacked").iterdir()] == [".zip"]


def test_a_class_zip_may_be_given_instead_of_a_folder(tmp_path):
    path = make_zip(tmp_path / "klas 3B.zip", {f"mila_{ASSIGNMENT}.ipynb": right()})
    rows = gather(path, ASSIGNMENT, release(), Limits(), tmp_path / "unpacked")
    assert [(row.label, row.status) for row in rows] == [("mila", Status.OK)]


def test_a_class_of_many_zips_is_read_whole(tmp_path):
    folder = inbox(tmp_path)
    for number in range(40):  # more zips than are kept open at once
        make_zip(
            folder / f"p{number:02d}.zip", {"a.ipynb": (wrong(), OLD), "b.ipynb": (right(), NEW)}
        )
    rows = take_in(folder)
    assert [row.source for row in rows.values()] == [f"p{n:02d}.zip/b.ipynb" for n in range(40)]


def test_a_class_may_hold_at_most_the_pupil_limit(tmp_path):
    folder = inbox(tmp_path, {f"p{n}_{ASSIGNMENT}.ipynb": wrong() for n in range(4)})
    assert len(take_in(folder, Limits(pupils=4))) == 4
    with pytest.raises(TooManyPupils) as stopped:
        take_in(folder, Limits(pupils=3))
    message, values = stopped.value.note
    assert message == intake.TOO_MANY_PUPILS and values["pupils"] == 3


# One pupil, one notebook -----------------------------------------------------------------------


def test_the_newest_notebook_of_a_pupil_counts_and_the_note_says_which(tmp_path):
    folder = inbox(
        tmp_path, {f"p01_{ASSIGNMENT}.ipynb": right(), f"p01/{ASSIGNMENT} (1).ipynb": wrong()}
    )
    os.utime(folder / f"p01_{ASSIGNMENT}.ipynb", (1, 1))
    row = take_in(folder)["p01"]
    assert row.source == f"p01/{ASSIGNMENT} (1).ipynb"
    assert row.notes[0] == (
        intake.NEWEST,
        {"file": row.source, "count": 2, "others": f"p01_{ASSIGNMENT}.ipynb"},
    )


def test_a_zip_member_counts_with_its_own_date(tmp_path):
    folder = inbox(tmp_path, {f"p01_{ASSIGNMENT}.ipynb": wrong()})
    os.utime(folder / f"p01_{ASSIGNMENT}.ipynb", (time.mktime((*OLD, 0, 0, -1)),) * 2)
    make_zip(folder / "p01.zip", {f"{ASSIGNMENT}.ipynb": (right(), NEW)})
    assert take_in(folder)["p01"].source == f"p01.zip/{ASSIGNMENT}.ipynb"


def test_notebooks_of_the_same_time_are_chosen_by_name(tmp_path):
    make_zip(
        inbox(tmp_path) / "p01.zip",
        {"b.ipynb": (wrong(), NEW), "a.ipynb": (right(), NEW), "c.ipynb": (wrong(), OLD)},
    )
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.source == "p01.zip/a.ipynb" and row.notes[0][0] == intake.SAME_TIME
    assert row.notes[0][1]["others"] == "p01.zip/b.ipynb, p01.zip/c.ipynb"


def test_a_pupil_who_also_handed_in_another_assignment_is_graded_on_this_one(tmp_path):
    make_zip(
        inbox(tmp_path) / "p01.zip",
        {
            "nl-01-schildpad.ipynb": (turtle(), NEW),  # next week's, handed in later
            "bienvenue.ipynb": (FRENCH.read_bytes(), NEW),
            f"{ASSIGNMENT}.ipynb": (right(), OLD),
        },
    )
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.status is Status.OK and row.source == f"p01.zip/{ASSIGNMENT}.ipynb"
    assert row.notes[0][0] == intake.NEWEST_GRADABLE and row.notes[0][1]["count"] == 3


def test_only_another_assignments_notebook_is_other_assignment(tmp_path):
    folder = inbox(tmp_path, {"p01_schildpad.ipynb": turtle()})
    row = take_in(folder)["p01"]
    assert row.status is Status.OTHER_ASSIGNMENT and row.notebook is None
    assert row.notes == ((checks.OTHER_ASSIGNMENT, {"module": "01", "language": "nl"}),)


def test_a_damaged_notebook_says_more_than_another_assignments(tmp_path):
    folder = inbox(tmp_path, {"p01_schildpad.ipynb": turtle(), "p01_welkom.ipynb": b"{"})
    os.utime(folder / "p01_welkom.ipynb", (1, 1))  # older, and still what the status is about
    row = take_in(folder)["p01"]
    assert row.status is Status.INVALID_NOTEBOOK and row.source == "p01_welkom.ipynb"
    assert [note[0] for note in row.notes] == [intake.NONE_GRADABLE, checks.DAMAGED]


def test_a_zip_of_ten_thousand_notebooks_is_one_row(tmp_path):
    tiny = nbformat.writes(nbformat.v4.new_notebook()).encode()
    members = {f"copy{n:05d}.ipynb": (tiny, OLD) for n in range(10_000)}
    members["zz.ipynb"] = (right(), NEW)
    make_zip(inbox(tmp_path) / "p01.zip", members)
    rows = take_in(tmp_path / "inbox")
    assert list(rows) == ["p01"] and rows["p01"].status is Status.OK
    note = rows["p01"].notes[0]
    assert note[0] == intake.NEWEST and note[1]["count"] == 10_001
    assert note[1]["others"].endswith("… (+9995)")


# Every file accounted for: zips ---------------------------------------------------------------


def test_an_encrypted_zip_member_is_encrypted_zip_not_a_crash(tmp_path):
    path = make_zip(inbox(tmp_path) / "p01.zip", {f"{ASSIGNMENT}.ipynb": right()})
    forge_headers(path, flag=0x1)
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.status is Status.ENCRYPTED_ZIP
    assert row.notes == ((intake.ENCRYPTED, {"file": f"p01.zip/{ASSIGNMENT}.ipynb"}),)


def test_a_deflate64_zip_is_named_not_a_crash(tmp_path):
    path = make_zip(inbox(tmp_path) / "p01.zip", {f"{ASSIGNMENT}.ipynb": right()})
    forge_headers(path, method=9)
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.status is Status.DAMAGED_ZIP
    assert row.notes[0][0] == intake.UNSUPPORTED_PACKING
    assert row.notes[0][1]["method"] == "Deflate64"


def test_a_damaged_zip_member_is_damaged_zip(tmp_path):
    path = make_zip(inbox(tmp_path) / "p01.zip", {"a.ipynb": right()})
    damage(path, "a.ipynb")
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.status is Status.DAMAGED_ZIP and row.notes[0][0] == intake.DAMAGED_MEMBER


def test_next_to_a_damaged_member_the_good_notebook_is_graded(tmp_path):
    path = make_zip(
        inbox(tmp_path) / "p01.zip", {"a.ipynb": (right(), NEW), "b.ipynb": (right(), OLD)}
    )
    damage(path, "a.ipynb")
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.status is Status.OK and row.source == "p01.zip/b.ipynb"
    assert row.notes[0][0] == intake.NEWEST_GRADABLE


def test_a_member_whose_header_lies_about_its_size_is_never_trusted(tmp_path):
    bomb = b"{" + b" " * (30 * 1024**2)  # 30 MB that pack into a few kB
    path = make_zip(inbox(tmp_path) / "p01.zip", {"a.ipynb": bomb})
    forge_headers(path, size=100)  # "only 100 bytes"
    row = take_in(tmp_path / "inbox", Limits(notebook_mb=1))["p01"]
    assert row.status in (Status.DAMAGED_ZIP, Status.TOO_LARGE)


def test_a_member_that_inflates_past_the_notebook_limit_is_too_large(tmp_path):
    bomb = b"{" + b" " * (3 * 1024**2)
    make_zip(inbox(tmp_path) / "p01.zip", {"a.ipynb": bomb})
    row = take_in(tmp_path / "inbox", Limits(notebook_mb=1))["p01"]
    assert row.status is Status.TOO_LARGE
    assert row.notes == ((intake.NOTEBOOK_TOO_LARGE, {"file": "p01.zip/a.ipynb", "mb": 1}),)


def test_a_zip_that_unpacks_past_the_zip_limit_is_too_large(tmp_path):
    bomb = b"{" + b" " * (3 * 1024**2)
    make_zip(inbox(tmp_path) / "p01.zip", {"a.ipynb": bomb})
    row = take_in(tmp_path / "inbox", Limits(zip_mb=1))["p01"]
    assert row.status is Status.TOO_LARGE
    assert row.notes == ((intake.ZIP_TOO_LARGE, {"file": "p01.zip", "mb": 1}),)


def test_a_loose_notebook_past_the_limit_is_too_large(tmp_path):
    folder = inbox(tmp_path, {"p01_x.ipynb": b" " * (1024**2 + 1)})
    assert take_in(folder, Limits(notebook_mb=1))["p01"].status is Status.TOO_LARGE


def test_a_zip_in_a_pupils_zip_is_not_unpacked_but_noted(tmp_path):
    inner = zip_bytes(tmp_path, {f"{ASSIGNMENT}.ipynb": right()})
    folder = inbox(tmp_path)
    make_zip(folder / "p01.zip", {"inner.zip": inner, f"{ASSIGNMENT}.ipynb": right()})
    make_zip(folder / "p02.zip", {"inner.zip": inner})
    rows = take_in(folder)
    assert rows["p01"].status is Status.OK
    assert rows["p01"].notes == ((intake.NESTED_ZIP, {"files": "p01.zip/inner.zip"}),)
    assert rows["p02"].status is Status.NO_NOTEBOOK
    assert (intake.NESTED_ZIP, {"files": "p02.zip/inner.zip"}) in rows["p02"].notes


def test_a_zip_that_is_not_one_is_damaged_zip(tmp_path):
    folder = inbox(tmp_path, {"p01.zip": b"not a zip at all", f"{ASSIGNMENT}.zip": b"PK\x03\x04"})
    rows = take_in(folder)
    assert rows["p01"].status is Status.DAMAGED_ZIP
    assert rows["p01"].notes == ((intake.NOT_A_ZIP, {"file": "p01.zip"}),)
    assert rows[f"{ASSIGNMENT}.zip"].status is Status.DAMAGED_ZIP  # the class's: nobody's row


def test_zip_slip_and_absolute_paths_are_left_packed_and_reported(tmp_path):
    folder = inbox(tmp_path)
    make_zip(
        folder / "p01.zip",
        {"../../escape.ipynb": right(), "/tmp/absolute.ipynb": right(), "C:\\x.ipynb": right()},
    )
    make_zip(folder / "p02.zip", {"../escape.ipynb": right(), "ok.ipynb": right()})
    make_zip(folder / f"{ASSIGNMENT}.zip", {"../p03_escape.ipynb": right()})
    rows = take_in(folder)
    assert rows["p01"].status is Status.UNSAFE_PATH
    assert rows["p01"].notes[-1][0] == intake.UNSAFE_MEMBERS
    assert rows["p02"].status is Status.OK and rows["p02"].source == "p02.zip/ok.ipynb"
    assert (intake.UNSAFE_MEMBERS, {"files": "p02.zip/../escape.ipynb"}) in rows["p02"].notes
    assert rows[f"{ASSIGNMENT}.zip/../p03_escape.ipynb"].status is Status.UNSAFE_PATH
    assert not list(tmp_path.rglob("escape.ipynb")) and not Path("/tmp/absolute.ipynb").exists()


def test_a_link_in_a_zip_is_not_followed(tmp_path):
    path = inbox(tmp_path) / "p01.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        link = zipfile.ZipInfo("link.ipynb")
        link.external_attr = (0o120777 << 16) | 0x20
        zipped.writestr(link, "/etc/passwd")
    assert take_in(tmp_path / "inbox")["p01"].status is Status.UNSAFE_PATH


def test_links_are_never_followed_and_those_to_outside_are_reported(tmp_path):
    outside = tmp_path / "secret.ipynb"
    outside.write_bytes(right())
    folder = inbox(tmp_path, {f"p02/{ASSIGNMENT}.ipynb": right()})
    (folder / "p01_x.ipynb").symlink_to(outside)
    (folder / "p03").symlink_to(folder / "p02")  # inside: p02 is counted where it is
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "p04").mkdir()
    (folder / "p04" / "up").symlink_to(folder)  # a circle back to the top
    rows = take_in(folder)
    assert rows["p01"].status is Status.UNSAFE_PATH
    assert rows["p01"].notes == ((intake.LINKS_OUTSIDE, {"files": "p01_x.ipynb"}),)
    assert rows["p02"].status is Status.OK
    assert "p03" not in rows
    assert rows["p04"].status is Status.NO_NOTEBOOK
    assert rows["loop"].status is Status.NO_NOTEBOOK  # a broken link: not a notebook


def test_mac_and_windows_leftovers_are_not_hand_ins(tmp_path):
    folder = inbox(tmp_path, {".DS_Store": b"x", "Thumbs.db": b"x", "p02/desktop.ini": b"x"})
    (folder / "p02" / f"{ASSIGNMENT}.ipynb").write_bytes(right())
    (folder / "p02" / ".ipynb_checkpoints").mkdir()
    (folder / "p02" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_bytes(wrong())
    make_zip(
        folder / "p01.zip",
        {
            f"p01/{ASSIGNMENT}.ipynb": (right(), OLD),
            f"__MACOSX/p01/._{ASSIGNMENT}.ipynb": (b"\x00\x05\x16\x07", NEW),
            f"p01/._{ASSIGNMENT}.ipynb": (b"\x00\x05\x16\x07", NEW),
            "p01/.DS_Store": b"x",
        },
    )
    rows = take_in(folder)
    assert set(rows) == {"p01", "p02"}
    assert rows["p01"].status is Status.OK and rows["p01"].notes == ()
    assert rows["p02"].status is Status.OK and rows["p02"].notes == ()


def test_other_notebook_endings_are_notebooks(tmp_path):
    for ending in (".IPYNB", ".ipynb.json", " (1).ipynb"):
        folder = tmp_path / ending
        folder.mkdir()
        (folder / "p01").mkdir()
        (folder / "p01" / f"welkom{ending}").write_bytes(right())
        (folder / f"p02_welkom{ending}").write_bytes(right())
        rows = gather(folder, ASSIGNMENT, release(), Limits(), tmp_path / "u")
        assert [(row.label, row.status) for row in rows] == [
            ("p01", Status.OK),
            ("p02", Status.OK),
        ]


def test_a_folder_without_a_notebook_is_no_notebook(tmp_path):
    folder = inbox(tmp_path, {"p02/tekening.png": b"\x89PNG", "readme.txt": b"hallo"})
    (folder / "p01").mkdir()
    rows = take_in(folder)
    assert rows["p01"].status is Status.NO_NOTEBOOK
    assert rows["p01"].notes == ((intake.NOTHING_IN, {"files": "p01"}),)
    assert rows["p02"].notes == ((intake.NOT_NOTEBOOKS, {"files": "p02/tekening.png"}),)
    assert rows["readme.txt"].status is Status.NO_NOTEBOOK and rows["readme.txt"].pupil is None


def test_a_broken_notebook_in_a_zip_is_one_row_not_a_crash(tmp_path):
    deep = b"[" * 100_000 + b"]" * 100_000
    make_zip(inbox(tmp_path) / "p01.zip", {"a.ipynb": deep})
    row = take_in(tmp_path / "inbox")["p01"]
    assert row.status is Status.INVALID_NOTEBOOK and row.notes[0][0] == checks.TOO_DEEP


# precheck: reading what honest pupils hand in -------------------------------------------------


def test_an_honest_notebook_needs_no_repair():
    for path in (EXERCISE, TURTLE):
        checked = precheck(path.read_bytes(), release(path))
        assert checked.status is Status.OK and checked.notes == ()
        assert checked.notebook is not None


def test_a_vs_code_style_4_2_notebook_with_cell_ids_is_accepted():
    data = json.loads(right())
    data["nbformat_minor"] = 2  # ids stay, which 4.2's schema does not allow
    checked = precheck(json.dumps(data).encode(), release())
    assert checked.status is Status.OK and checked.notebook.nbformat_minor == 5
    assert _cell(checked.notebook, "seconds-per-hour").source == RIGHT["seconds-per-hour"]


def test_an_old_4_0_notebook_without_ids_is_accepted():
    data = json.loads(right())
    data["nbformat_minor"] = 0
    for cell in data["cells"]:
        del cell["id"]
    checked = precheck(json.dumps(data).encode(), release())
    assert checked.status is Status.OK and all(cell.id for cell in checked.notebook.cells)


def test_missing_and_duplicate_cell_ids_are_repaired():
    data = json.loads(right())
    del data["cells"][0]["id"]
    data["cells"][2]["id"] = data["cells"][5]["id"] = "twice"
    checked = precheck(json.dumps(data).encode(), release())
    assert checked.status is Status.OK
    ids = [cell.id for cell in checked.notebook.cells]
    assert len(set(ids)) == len(ids)


def test_missing_metadata_is_taken_from_the_release():
    data = json.loads(right())
    del data["metadata"]
    checked = precheck(json.dumps(data).encode(), release())
    assert checked.status is Status.OK
    assert checked.notebook.metadata.codekamp == {"language": "nl", "module": "00"}
    assert checked.notebook.metadata.kernelspec.name == "python3"


def test_invalid_utf8_is_replaced_and_noted():
    broken = right().replace(b"Mila", b"Mi\xe9la", 1)
    checked = precheck(broken, release())
    assert checked.status is Status.OK
    assert checked.notes == ((checks.BROKEN_TEXT, {"count": 1}),)
    assert any("Mi\ufffdla" in c.source for c in checked.notebook.cells)


def test_a_byte_order_mark_or_utf16_is_read_without_a_note():
    for raw in (b"\xef\xbb\xbf" + right(), right().decode().encode("utf-16")):
        checked = precheck(raw, release())
        assert checked.status is Status.OK and checked.notes == ()


def test_deep_nesting_is_an_invalid_notebook_with_where_it_breaks():
    checked = precheck(b"[" * 100_000 + b"]" * 100_000, release())
    assert checked.status is Status.INVALID_NOTEBOOK
    assert checked.notes == ((checks.TOO_DEEP, {"line": 1, "column": checks.MOST_NESTING + 1}),)
    data = json.loads(right())
    data["cells"][1]["metadata"]["deep"] = json.loads("[" * 300 + "]" * 300)
    text = json.dumps(data, indent=1)
    checked = precheck(text.encode(), release())
    assert checked.status is Status.INVALID_NOTEBOOK and checked.notes[0][1]["line"] > 1


def test_a_damaged_notebook_says_where():
    checked = precheck(EXERCISE.read_bytes()[:300], release())
    assert checked.status is Status.INVALID_NOTEBOOK and checked.notebook is None
    message, values = checked.notes[0]
    assert message == checks.DAMAGED and values["line"] >= 1


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"null",
        b"[]",
        b'"text"',
        b'{"nbformat": 99}',
        b'{"nbformat": "4"}',
        b'{"cells": "x"}',
        b'{"nbformat": 4, "nbformat_minor": 5, "metadata": [], "cells": [{"cell_type": "x"}]}',
        bytes(range(256)),
    ],
)
def test_what_is_not_a_notebook_is_an_invalid_notebook_never_a_crash(raw):
    assert precheck(raw, release()).status is Status.INVALID_NOTEBOOK


# precheck: whose assignment -------------------------------------------------------------------


def test_a_notebook_of_another_assignment_is_named():
    checked = precheck(FRENCH.read_bytes(), release())
    assert checked.status is Status.OTHER_ASSIGNMENT and checked.notebook is None
    assert checked.notes == ((checks.OTHER_ASSIGNMENT, {"module": "00", "language": "fr"}),)
    drawing = precheck(EXERCISE.read_bytes(), release(TURTLE))
    assert drawing.notes[0][1] == {"module": "00", "language": "nl"}


def test_without_codekamp_metadata_the_cells_say_whose_it_is():
    for path, status in ((EXERCISE, Status.OK), (FRENCH, Status.OTHER_ASSIGNMENT)):
        data = json.loads(path.read_bytes())
        del data["metadata"]["codekamp"]
        checked = precheck(json.dumps(data).encode(), release())
        assert checked.status is status
    empty = nbformat.writes(nbformat.v4.new_notebook()).encode()
    assert precheck(empty, release()).notes == ((checks.NOT_THIS_EXERCISE, {}),)


# precheck: tampered nbgrader marks are put back -----------------------------------------------


def tampered(change, path: Path = EXERCISE) -> checks.Precheck:
    notebook = answered(path) if path == EXERCISE else release(path)
    change(notebook)
    return precheck(nbformat.writes(notebook).encode(), release(path))


def cell(notebook: nbformat.NotebookNode, cell_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.get("id") == cell_id)


def marks_as_released(notebook: nbformat.NotebookNode, path: Path = EXERCISE) -> bool:
    theirs = [c.metadata.get("nbgrader") for c in notebook.cells if "nbgrader" in c.metadata]
    mine = [c.metadata.nbgrader for c in release(path).cells if "nbgrader" in c.metadata]
    return theirs == mine


TAMPERING = {
    "test cell marked as solution": lambda nb: cell(nb, "test-banner").metadata.nbgrader.update(
        solution=True, locked=False
    ),
    "answer cell marked graded": lambda nb: cell(nb, "banner").metadata.nbgrader.update(
        grade=True, points=50
    ),
    "points as text": lambda nb: cell(nb, "test-banner").metadata.nbgrader.update(points="30"),
    "changed grade id": lambda nb: cell(nb, "test-banner").metadata.nbgrader.update(
        grade_id="mine"
    ),
    "locked flag removed": lambda nb: cell(nb, "test-banner").metadata.nbgrader.update(
        locked=False
    ),
    "marks removed": lambda nb: cell(nb, "test-banner").metadata.pop("nbgrader"),
    "marks not a dict": lambda nb: cell(nb, "test-banner").metadata.update(nbgrader="x"),
}


@pytest.mark.parametrize("what", TAMPERING)
def test_tampered_marks_are_put_back_from_the_release(what):
    checked = tampered(TAMPERING[what])
    assert checked.status is Status.RESTORED, what
    assert marks_as_released(checked.notebook), what
    cells = "banner" if what == "answer cell marked graded" else "test-banner"
    assert (checks.MARKS_RESTORED, {"cells": cells}) in checked.notes


def test_a_new_graded_cell_loses_its_marks():
    def add_bonus(notebook):
        bonus = nbformat.v4.new_code_cell("assert True")
        bonus.metadata.nbgrader = {
            **cell(notebook, "test-banner").metadata.nbgrader,
            "grade_id": "bonus",
            "points": 50,
        }
        notebook.cells.insert(3, bonus)

    checked = tampered(add_bonus)
    assert checked.status is Status.RESTORED and marks_as_released(checked.notebook)
    assert checked.notes == ((checks.MARKS_REMOVED, {"cells": "bonus"}),)
    assert "assert True" in [c.source for c in checked.notebook.cells]  # the pupil's cell stays


def test_a_test_cell_turned_into_text_is_code_again_with_its_source():
    def to_raw(notebook):
        index = notebook.cells.index(cell(notebook, "test-banner"))
        old = notebook.cells[index]
        notebook.cells[index] = nbformat.v4.new_raw_cell("pass", metadata=old.metadata, id=old.id)

    checked = tampered(to_raw)
    restored = cell(checked.notebook, "test-banner")
    assert restored.cell_type == "code" and restored.source == cell(release(), "test-banner").source
    assert (checks.LOCKED_CHANGED, {"cell": "test-banner"}) in checked.notes


def test_a_copied_test_cell_loses_its_grading_mark():
    def copy_test(notebook):
        original = cell(notebook, "test-banner")
        twin = nbformat.v4.new_code_cell(original.source)
        twin.metadata = copy.deepcopy(original.metadata)
        notebook.cells.insert(notebook.cells.index(original) + 1, twin)

    checked = tampered(copy_test)
    assert checked.status is Status.RESTORED and marks_as_released(checked.notebook)
    assert checked.notes == ((checks.COPY_IGNORED, {"cell": "test-banner"}),)


def test_a_copied_answer_cell_is_an_honest_pupils_own_cell():
    def copy_answer(notebook):
        original = cell(notebook, "banner")
        twin = nbformat.v4.new_code_cell('spandoek = "*** Mila ***"')
        twin.metadata = copy.deepcopy(original.metadata)
        notebook.cells.insert(notebook.cells.index(original) + 1, twin)

    checked = tampered(copy_answer)
    assert checked.status is Status.OK and checked.notes == ()
    assert marks_as_released(checked.notebook)
    assert 'spandoek = "*** Mila ***"' in [c.source for c in checked.notebook.cells]


def test_a_test_cell_with_another_grade_id_and_cell_id_is_the_pupils_and_the_test_comes_back():
    def rename(notebook):
        test = cell(notebook, "test-banner")
        test.metadata.nbgrader["grade_id"] = test.id = "mine"

    checked = tampered(rename)
    assert checked.status is Status.RESTORED and marks_as_released(checked.notebook)
    assert checked.notes == (
        (checks.MARKS_REMOVED, {"cells": "mine"}),
        (checks.DELETED, {"cell": "test-banner"}),
    )


def test_precheck_leaves_the_release_as_it_was():
    exercise = release()
    before = nbformat.writes(exercise)
    for change in [*TAMPERING.values(), lambda nb: nb.cells.remove(cell(nb, "test-banner"))]:
        notebook = answered(EXERCISE)
        change(notebook)
        precheck(nbformat.writes(notebook).encode(), exercise)
    assert nbformat.writes(exercise) == before


def test_a_deleted_test_cell_is_put_back_after_its_answer():
    checked = tampered(lambda nb: nb.cells.remove(cell(nb, "test-banner")))
    assert checked.status is Status.RESTORED
    assert checked.notes == ((checks.DELETED, {"cell": "test-banner"}),)
    ids = [c.get("id") for c in checked.notebook.cells]
    assert ids.index("test-banner") == ids.index("banner") + 1
    assert marks_as_released(checked.notebook)


def test_a_test_cell_dragged_above_its_answer_goes_back_and_is_noted():
    def drag(notebook):
        test = cell(notebook, "test-banner")
        notebook.cells.remove(test)
        notebook.cells.insert(notebook.cells.index(cell(notebook, "banner")), test)

    checked = tampered(drag)
    assert checked.status is Status.RESTORED
    assert checked.notes == ((checks.REORDERED, {"cells": "test-banner, banner"}),)
    assert [c.id for c in checked.notebook.cells] == [c.id for c in release().cells]


def test_a_dragged_drawing_test_goes_back_and_the_pupils_cells_stay_where_they_were():
    def drag(notebook):
        test = cell(notebook, "test-square")
        notebook.cells.remove(test)
        notebook.cells.insert(notebook.cells.index(cell(notebook, "square")), test)
        mine = nbformat.v4.new_code_cell("vierkant_kleur = 'rood'", id="mine")
        notebook.cells.insert(notebook.cells.index(cell(notebook, "square")) + 1, mine)

    checked = tampered(drag, TURTLE)
    ids = [c.id for c in checked.notebook.cells]
    assert ids.index("square") + 1 == ids.index("mine") == ids.index("test-square") - 1
    assert [i for i in ids if i != "mine"] == [c.id for c in release(TURTLE).cells]


def test_honest_code_is_not_flagged():
    def events(notebook):
        cell(notebook, "banner").source = 'events = ["feest"]\nnaam = "Mila"\nspandoek = "x"'

    checked = tampered(events)
    assert checked.status is Status.OK and checked.notes == ()
    assert not hasattr(checked, "suspicious")


def _cell(notebook, grade_id: str):
    """The cell nbgrader knows by ``grade_id``."""
    (cell,) = [
        cell
        for cell in notebook.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
    ]
    return cell
