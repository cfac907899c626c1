"""Tables and numbers from pandas (codekamp.tables, expect_rows, expect_returns): a DataFrame
or a Series is compared row by row like a list of rows, and numpy's numbers count as Python's
own. Each check passes on the right answer and fails, saying the first difference, on the
wrong one a pupil would give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from palmerpenguins import load_penguins

import codekamp
from codekamp.check import (
    CheckFailed,
    expect_close,
    expect_quotes,
    expect_returns,
    expect_rows,
    same,
)
from codekamp.tables import plain_table, plain_value

REGIONS = pd.DataFrame(
    {
        "name": ["Flanders", "Wallonia", "Brussels"],
        "population": [6821770, 3692283, 1249597],  # Statbel, 1-1-2024
    }
)


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")


def test_a_dataframe_is_its_columns_and_rows_of_pythons_own_values():
    columns, rows = plain_table(REGIONS)
    assert columns == ("name", "population")
    assert rows == (("Flanders", 6821770), ("Wallonia", 3692283), ("Brussels", 1249597))
    assert all(type(row[1]) is int for row in rows)  # not numpy.int64


def test_row_numbers_do_not_count_but_a_named_index_does():
    biggest_first = REGIONS.sort_values("population", ascending=False)
    assert plain_table(biggest_first)[0] == ("name", "population")  # 0, 1, 2 shuffled: left out
    by_name = REGIONS.set_index("name")
    assert plain_table(by_name) == (
        ("name", "population"),
        (("Flanders", 6821770), ("Wallonia", 3692283), ("Brussels", 1249597)),
    )


def test_a_series_is_its_index_and_its_values():
    penguins = load_penguins()
    columns, rows = plain_table(penguins.groupby("species")["body_mass_g"].mean())
    assert columns == ("species", "body_mass_g")
    assert [species for species, _mass in rows] == ["Adelie", "Chinstrap", "Gentoo"]
    assert plain_table(penguins["island"].value_counts())[0] == ("island", "count")


def test_missing_values_are_none_and_other_values_are_not_tables():
    assert (
        plain_value(np.nan) is None and plain_value(pd.NA) is None and plain_value(pd.NaT) is None
    )
    assert plain_value(np.float32(1.5)) == 1.5 and type(plain_value(np.bool_(True))) is bool
    assert plain_table([1, 2]) is None and plain_table({"a": 1}) is None


def test_a_function_that_gives_a_dataframe_is_checked_row_by_row():
    def biggest(table):
        return table[table["population"] > 2_000_000]

    expect_rows(
        biggest,
        (REGIONS,),
        [{"name": "Flanders", "population": 6821770}, {"name": "Wallonia", "population": 3692283}],
        what="biggest",
    )
    expect_rows(biggest, (REGIONS,), [["Flanders", 6821770], ["Wallonia", 3692283]], what="b")


def test_the_columns_that_the_expected_rows_do_not_name_do_not_count():
    def heaviest_first(table):
        return table.sort_values("body_mass_g", ascending=False).head(1)

    expect_rows(heaviest_first, (load_penguins(),), [{"species": "Gentoo", "body_mass_g": 6300}],
                what="heaviest_first")  # fmt: skip


def test_a_wrong_table_says_its_first_difference():
    def too_many(table):
        return table[table["population"] > 1_000_000]

    def smallest_first(table):
        return table.sort_values("population")

    expected = [
        {"name": "Flanders", "population": 6821770},
        {"name": "Wallonia", "population": 3692283},
    ]
    with pytest.raises(CheckFailed, match="gives 3 rows, but it should give 2"):
        expect_rows(too_many, (REGIONS,), expected, what="too_many")
    with pytest.raises(
        CheckFailed,
        match=r"row 1 of smallest_first\(<DataFrame>\), 'name' should be 'Flanders', but it is",
    ):
        expect_rows(smallest_first, (REGIONS,), expected + [{"name": "Brussels", "population": 1}],
                    what="smallest_first")  # fmt: skip


def test_a_mean_of_a_group_is_compared_with_a_tolerance():
    def mean_mass(penguins):
        return penguins.groupby("species")["body_mass_g"].mean().round(0)

    expected = [["Adelie", 3701], ["Chinstrap", 3733], ["Gentoo", 5076]]
    expect_rows(mean_mass, (load_penguins(),), expected, what="mean_mass", tolerance=0.5)
    with pytest.raises(CheckFailed, match="the value at place 1 should be 3700, but it is 3733.0"):
        expect_rows(mean_mass, (load_penguins(),), [expected[0], ["Chinstrap", 3700], expected[2]],
                    what="mean_mass", tolerance=0.5)  # fmt: skip


def test_numpys_numbers_count_as_pythons_own():
    def total(table):
        return table["population"].sum()  # numpy.int64

    def mean(table):
        return table["population"].mean()  # numpy.float64

    expect_returns(total, (REGIONS,), 11763650)
    expect_close(mean(REGIONS), 3921216.67, what="the mean", tolerance=0.01)
    assert same([np.int64(3), np.bool_(False)], [3, False])
    with pytest.raises(CheckFailed, match="should give 11763651, but it gave 11763650"):
        expect_returns(total, (REGIONS,), 11763651)


def test_a_class_that_calls_itself_numpys_is_not_a_number():
    class Fake:
        __module__ = "numpy"

        def __int__(self):
            raise AssertionError("the check ran the pupil's code")

    Fake.__name__ = "int64"
    assert not same(Fake(), 3)


def test_a_number_where_a_table_was_expected_is_said_plainly():
    def total(table):
        return table["population"].sum()

    with pytest.raises(CheckFailed, match=r"should give a table \(its rows\), but it gave a whole"):
        expect_rows(total, (REGIONS,), [["Flanders", 6821770]], what="total")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("The gap was 10.4 percentage points.", 10.4),
        ("Het verschil was 10,4 procentpunt.", np.float64(10.4)),
        ("Belgium grew by 812,384 people.", 812384),
        ("La Belgique a gagné 812 384 habitants.", np.int64(812384)),
        ("België groeide met 812.384 inwoners.", 812384),
        ("About 3701 g on average.", 3700.662),  # rounded to a whole number
        ("About 3700.66 g on average.", 3700.662),  # to two decimals
    ],
)
def test_a_conclusion_that_quotes_its_number_passes(text, number):
    expect_quotes(text, number, what="Your conclusion")


def test_a_conclusion_without_its_number_or_without_a_number_fails():
    with pytest.raises(CheckFailed, match="should say the number 10.4, but it does not"):
        expect_quotes("The gap was 12 points.", 10.4, what="Your conclusion")
    with pytest.raises(CheckFailed, match="should quote a number, but '10.4' is not a number"):
        expect_quotes("The gap was 10.4 points.", "10.4", what="Your conclusion")
    with pytest.raises(CheckFailed, match="should be a text"):
        expect_quotes(10.4, 10.4, what="Your conclusion")
