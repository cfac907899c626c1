"""grades.csv as a Belgian spreadsheet needs it (codekamp_grading.spreadsheet): the bytes of the
file, checked as Excel and LibreOffice read them."""

from __future__ import annotations

import csv
import io

import pytest

from codekamp_grading.spreadsheet import COLUMNS, write_grades_csv

BOM = b"\xef\xbb\xbf"
ROWS = [
    {"pupil": "lina", "assignment": "nl-00-welkom", "status": "ok", "score": 7.5,
     "max_score": 10.0, "explanation": "één; twee, drie"},
    {"pupil": '=HYPERLINK("http://example.com","klik")', "assignment": "nl-00-welkom",
     "status": "ok", "score": 10, "max_score": 10, "explanation": "+1+1"},
    {"pupil": "sam", "assignment": "nl-00-welkom", "status": "not gradable", "score": None,
     "max_score": None, "explanation": "@SUM(A1)\nnieuwe regel\x1b[2J"},
]  # fmt: skip


def written(tmp_path, language: str, rows=ROWS) -> bytes:
    path = tmp_path / "grades.csv"
    write_grades_csv(rows, path, language)
    return path.read_bytes()


def cells(data: bytes, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8")), delimiter=separator))


def test_starts_with_a_byte_order_mark_so_excel_reads_utf8(tmp_path):
    data = written(tmp_path, "nl")
    assert data.startswith(BOM)
    assert "één".encode() in data


@pytest.mark.parametrize("language", ["nl", "fr", "nl_BE", "fr-BE"])
def test_dutch_and_french_use_semicolons_and_decimal_commas(tmp_path, language):
    data = written(tmp_path, language)
    lines = data[len(BOM) :].split(b"\r\n")
    assert lines[0] == b"pupil;assignment;status;score;max_score;explanation"
    assert lines[1] == 'lina;nl-00-welkom;ok;7,5;10;"één; twee, drie"'.encode()


def test_english_uses_commas_and_decimal_points(tmp_path):
    data = written(tmp_path, "en")
    lines = data[len(BOM) :].split(b"\r\n")
    assert lines[0] == b"pupil,assignment,status,score,max_score,explanation"
    assert lines[1] == 'lina,nl-00-welkom,ok,7.5,10,"één; twee, drie"'.encode()


def test_every_row_has_every_column(tmp_path):
    rows = cells(written(tmp_path, "fr"), ";")
    assert rows[0] == list(COLUMNS)
    assert [len(row) for row in rows] == [6, 6, 6, 6]
    assert rows[3][3:5] == ["", ""]  # not graded: no score, rather than 0


def test_nothing_a_pupil_wrote_becomes_a_formula(tmp_path):
    rows = cells(written(tmp_path, "nl"), ";")
    assert rows[2][0] == '\'=HYPERLINK("http://example.com","klik")'
    assert rows[2][5] == "'+1+1"
    assert rows[3][5] == "'@SUM(A1) nieuwe regel"  # and no line break or escape sequence


def test_other_keys_come_after_the_usual_columns(tmp_path):
    rows = [{"pupil": "lina", "notes": "=x", "score": 1.25}]
    assert cells(written(tmp_path, "nl", rows), ";") == [
        [*COLUMNS, "notes"],
        ["lina", "", "", "1,25", "", "", "'=x"],
    ]


def test_an_unknown_language_is_refused(tmp_path):
    with pytest.raises(ValueError):
        written(tmp_path, "de")
