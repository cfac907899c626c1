"""Charts judged from their parts (codekamp.charts and expect_chart): the kind, the bars, the
points, the title and the axis labels, the legend, an axis that starts at 0. Each check passes
on a right chart and fails, in the pupil's language, on the wrong one a pupil would make."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import codekamp  # noqa: E402
from codekamp.charts import chart_drawn_by  # noqa: E402
from codekamp.check import CheckFailed, expect_chart  # noqa: E402

REGIONS = ["Vlaanderen", "Wallonië", "Brussel"]
PEOPLE = [6.82, 3.69, 1.25]  # millions, Statbel 1-1-2024


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    plt.close("all")  # what other tests of this process drew (they run pupils' cells here)
    yield
    codekamp.set_language("en")


def population(regions, people):
    plt.bar(regions, people, color="orange")
    plt.title("Population per region")
    plt.xlabel("region")
    plt.ylabel("people (millions)")


def test_a_bar_chart_is_read_as_names_and_heights_from_left_to_right():
    chart = chart_drawn_by(population, REGIONS, PEOPLE)
    assert chart.kinds == ("bar",)
    assert chart.bars == tuple(zip(REGIONS, PEOPLE, strict=True))
    assert (chart.title, chart.xlabel, chart.ylabel) == (
        "Population per region",
        "region",
        "people (millions)",
    )
    assert chart.y_from == 0.0 and plt.get_fignums() == []  # read, then closed


def test_a_right_chart_passes_every_check():
    expect_chart(
        population, (REGIONS, PEOPLE), what="Your chart", kind="bar",
        bars=list(zip(REGIONS, PEOPLE, strict=True)), title="population", xlabel=True,
        ylabel="millions", from_zero=True,
    )  # fmt: skip


def untitled(regions, people):
    plt.bar(regions, people)


def swapped(regions, people):
    plt.bar(regions, list(reversed(people)))
    plt.title("Population")


def squeezed(regions, people):
    population(regions, people)
    plt.ylim(1, 7)


def as_a_line(regions, people):
    plt.plot(regions, people)
    plt.title("Population")


@pytest.mark.parametrize(
    ("function", "asked", "message"),
    [
        (untitled, {"title": True}, "Your chart has no title."),
        (untitled, {"ylabel": True}, "Your chart has no label on its y-axis"),
        (population, {"title": "Belgium"}, "The title of Your chart should say 'Belgium'."),
        (as_a_line, {"kind": "bar"}, "Your chart should be a bar chart, but it is a line chart."),
        (swapped, {"bars": list(zip(REGIONS, PEOPLE, strict=True))},
         "the bar 'Vlaanderen' is 1.25 high, but it should be 6.82."),
        (squeezed, {"from_zero": True}, "starts at 1, not at 0"),
        (population, {"legend": True}, "Your chart has no legend"),
    ],
)  # fmt: skip
def test_the_wrong_chart_a_pupil_makes_fails_with_what_is_missing(function, asked, message):
    with pytest.raises(CheckFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        expect_chart(function, (REGIONS, PEOPLE), what="Your chart", **asked)


def test_the_messages_are_in_the_pupils_language():
    codekamp.set_language("nl")
    with pytest.raises(CheckFailed, match="heeft geen titel"):
        expect_chart(untitled, (REGIONS, PEOPLE), what="Je grafiek", title=True)
    codekamp.set_language("fr")
    with pytest.raises(CheckFailed, match="n'a pas de titre"):
        expect_chart(untitled, (REGIONS, PEOPLE), what="Ton graphique", title=True)


def test_a_function_that_ends_with_show_is_read_as_in_a_notebook():
    def shown(regions, people):
        population(regions, people)
        plt.show()  # in a notebook (the inline backend) this sends the chart and closes it

    plt.switch_backend("module://matplotlib_inline.backend_inline")
    try:
        chart = expect_chart(shown, (REGIONS, PEOPLE), what="Your chart", kind="bar", title=True)
    finally:
        plt.switch_backend("Agg")
    assert chart.bars == tuple(zip(REGIONS, PEOPLE, strict=True)) and plt.get_fignums() == []


def test_only_what_the_function_draws_counts_not_a_figure_left_from_before():
    plt.figure()
    plt.title("A title from an earlier cell")
    plt.bar(["x"], [1])
    with pytest.raises(CheckFailed, match="has no title"):
        expect_chart(untitled, (REGIONS, PEOPLE), what="Your chart", title=True)
    plt.close("all")


def test_a_function_that_makes_its_own_figure_is_read_too():
    def own_figure(xs, ys):
        figure, ax = plt.subplots()
        ax.scatter(xs, ys)
        ax.set_title("Penguins")

    chart = expect_chart(
        own_figure, ([1, 2, 3], [4, 5, 6]), what="Your chart", kind="scatter",
        points=[(3, 6), (1, 4), (2, 5)], title=True,
    )  # fmt: skip
    assert chart.points == ((1.0, 4.0), (2.0, 5.0), (3.0, 6.0)) and plt.get_fignums() == []
    with pytest.raises(CheckFailed, match=r"has no point at \(2, 7\)"):
        expect_chart(
            own_figure, ([1, 2, 3], [4, 5, 6]), what="Your chart", points=[(1, 4), (2, 7), (3, 6)]
        )


def test_a_line_chart_keeps_its_points_in_order_and_a_legend():
    def temperatures():
        plt.plot([2000, 2010, 2020], [10.5, 11.0, 11.9], label="Ukkel")
        plt.legend()

    chart = expect_chart(temperatures, what="Your chart", kind="line", legend=True)
    assert chart.lines == (((2000.0, 10.5), (2010.0, 11.0), (2020.0, 11.9)),)
    assert chart.legend == ("Ukkel",)


def test_an_empty_chart_and_a_function_that_fails_are_told_apart():
    with pytest.raises(CheckFailed, match="is empty"):
        expect_chart(lambda: None, what="Your chart")

    def broken(regions, people):
        plt.bar(regions, people[:2])

    with pytest.raises(CheckFailed, match="stopped with an error"):
        expect_chart(broken, (REGIONS, PEOPLE), what="Your chart")
    assert plt.get_fignums() == []


# -- tables: rows compared with a tolerance, the first difference said ------------------------

from codekamp.check import expect_rows  # noqa: E402

SURVEY = [["Brussel", 12, 4.5], ["Gent", 30, 3.0]]


def averages():
    return [["Brussel", 12, 4.5], ["Gent", 30, 3]]


def test_rows_that_agree_within_the_tolerance_pass():
    assert expect_rows(averages, (), SURVEY, what="the averages") == averages()
    expect_rows(lambda: [{"city": "Gent", "n": 2.0000001}], (), [{"city": "Gent", "n": 2}],
                what="t")  # fmt: skip


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (lambda: SURVEY[:1], r"gives 1 rows, but it should give 2"),
        (lambda: [["Brussel", 12, 4.5], ["Gent", 31, 3.0]],
         r"In row 2 of .*, the value at place 1 should be 30, but it is 31"),
        (lambda: [["Brussel", 12], ["Gent", 30, 3.0]], r"Row 1 of .* should be"),
        (lambda: "Brussel 12", r"should give a table \(its rows\), but it gave a text"),
    ],
)  # fmt: skip
def test_the_first_difference_in_a_table_is_said(function, message):
    with pytest.raises(CheckFailed, match=message):
        expect_rows(function, (), SURVEY, what="the averages")


def test_a_missing_column_in_a_row_of_dictionaries_is_named():
    with pytest.raises(CheckFailed, match="In row 1 of .*, 'n' should be 2, but it is None"):
        expect_rows(lambda: [{"city": "Gent"}], (), [{"city": "Gent", "n": 2}], what="t")
