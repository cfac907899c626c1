"""What a matplotlib chart shows, as plain data, so a test can judge it from its parts and not
from its pixels (modules 10 to 12).

    chart = chart_drawn_by(bar_chart, ["Flanders", "Wallonia"], [6.8, 3.7])
    chart.kinds      # ("bar",)
    chart.bars       # (("Flanders", 6.8), ("Wallonia", 3.7))
    chart.title      # "Population per region"

A test looks at the chart a pupil's *function* draws, on a figure of its own, and closes it
again: so the checked chart is exactly what that function makes, never a leftover of an earlier
cell or a chart drawn after it. Works with any backend, the inline one of a notebook and
nbgrader's too. matplotlib is imported only when a chart is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

MOST_POINTS = 100_000
"""A chart with more points than this is read up to here (a test never needs more)."""
MOST_LINES = 100
"""And with more lines than this, its first lines only."""


class Chart(NamedTuple):
    """A chart as plain data: only numbers, text and tuples (it crosses the grader's fence)."""

    kinds: tuple[str, ...]  # "bar", "line", "scatter", in the order first drawn
    title: str
    xlabel: str
    ylabel: str
    legend: tuple[str, ...]  # the legend's labels; () without a legend
    bars: tuple[tuple[str, float], ...]  # (the bar's name on its axis, its height), left to right
    lines: tuple[tuple[tuple[float, float], ...], ...]  # each line's points
    points: tuple[tuple[float, float], ...]  # a scatter chart's points
    y_from: float  # where the value axis starts (the y-axis; the x-axis for horizontal bars)


def chart_drawn_by(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Chart:
    """The chart that ``function(*args, **kwargs)`` draws, read and then closed. The function
    draws with ``plt.…`` on the figure it finds, or makes its own (``plt.subplots()``)."""
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    figure = plt.figure()
    show = plt.show
    plt.show = _not_now  # in a notebook, show() would send the chart away and close it
    try:
        function(*args, **kwargs)
        return chart_of(plt.gcf())
    finally:
        plt.show = show
        for number in set(plt.get_fignums()) - before:
            plt.close(number)
        plt.close(figure)


def _not_now(*_args: Any, **_kwargs: Any) -> None:
    """``plt.show()`` while a chart is read: the chart stays, to be read."""


def chart_of(figure: Any) -> Chart:
    """What ``figure`` shows: the chart of its first axes that has something on it."""
    axes = [ax for ax in figure.get_axes() if _has_data(ax)] or figure.get_axes()
    if not axes:
        return Chart((), _suptitle(figure), "", "", (), (), (), (), 0.0)
    ax = axes[0]
    kinds: list[str] = []
    bars, horizontal = _bars(ax)
    if bars:
        kinds.append("bar")
    lines, dots = _lines(ax)
    if lines:
        kinds.append("line")
    points = dots + _scatter_points(ax)
    if points:
        kinds.append("scatter")
    legend = ax.get_legend() or (figure.legends[0] if figure.legends else None)
    labels = tuple(str(text.get_text()) for text in legend.get_texts()) if legend else ()
    low = ax.get_xlim()[0] if horizontal else ax.get_ylim()[0]
    return Chart(
        tuple(kinds),
        str(ax.get_title() or _suptitle(figure)),
        str(ax.get_xlabel()),
        str(ax.get_ylabel()),
        labels,
        bars,
        lines,
        tuple(points[:MOST_POINTS]),
        float(low),
    )


def _has_data(ax: Any) -> bool:
    return bool(ax.containers or ax.get_lines() or ax.collections or ax.patches)


def _suptitle(figure: Any) -> str:
    title = getattr(figure, "_suptitle", None)
    return str(title.get_text()) if title is not None else ""


def _bars(ax: Any) -> tuple[tuple[tuple[str, float], ...], bool]:
    """Every bar: its name on the axis and its height; and whether the bars lie down."""
    from matplotlib.container import BarContainer

    found: list[tuple[float, str, float]] = []
    horizontal = False
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        axis = ax.yaxis if horizontal else ax.xaxis
        for patch in container.patches:
            if horizontal:
                place, size = patch.get_y() + patch.get_height() / 2, patch.get_width()
            else:
                place, size = patch.get_x() + patch.get_width() / 2, patch.get_height()
            found.append((float(place), _name_at(axis, place), float(size)))
    found.sort(key=lambda bar: bar[0])
    return tuple((name, size) for _place, name, size in found), horizontal


def _name_at(axis: Any, place: float) -> str:
    """The name the axis gives ``place``: a category ("Flanders") or a number ("2021")."""
    try:
        return str(axis.get_major_formatter().format_ticks([place])[0]).replace("\u2212", "-")
    except Exception:  # an axis whose formatter needs a drawn figure
        return f"{place:g}"


def _lines(ax: Any) -> tuple[tuple[tuple[tuple[float, float], ...], ...], list]:
    """The drawn lines; markers without a line (``plot(x, y, "o")``) count as points."""
    lines, dots = [], []
    for line in ax.get_lines():
        points = tuple(_point(x, y) for x, y in line.get_xydata()[:MOST_POINTS])
        if not points:
            continue
        if line.get_linestyle() in ("None", "", " ", "none"):
            dots.extend(points)
        else:
            lines.append(points)
    return tuple(lines[:MOST_LINES]), dots


def _scatter_points(ax: Any) -> list[tuple[float, float]]:
    from matplotlib.collections import PathCollection

    points: list[tuple[float, float]] = []
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            points.extend(_point(x, y) for x, y in collection.get_offsets()[:MOST_POINTS])
    return points


def _point(x: Any, y: Any) -> tuple[float, float]:
    return (_number(x), _number(y))


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):  # a category on the axis ("Monday"): its place
        return float("nan")
