"""Do two drawings show the same picture?

Two drawings are the same picture when they have the same lines, whatever the order they
were drawn in, whichever way each line was drawn, and however a line was split into steps
(``forward(100)`` or ten times ``forward(10)``), within a small tolerance. Fills, dots and
texts are compared too, unless a test says they do not matter. With ``anywhere=True`` the
picture may stand anywhere on the canvas; :func:`turned` makes a turned or mirrored copy of a
picture, for tasks where the direction is free.
What differs is described in the pupil's language: the lines that are missing or extra.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from codekamp.i18n import N_, _
from codekamp.turtle.colour_names import NAMED_COLOURS
from codekamp.turtle.drawing import Dot, Drawing, Fill, Segment, Text

Line = tuple[float, float, float, float, str, float]  # x1, y1, x2, y2, colour, width


@dataclass
class Comparison:
    """The result of :func:`compare`: true when the pictures are the same."""

    missing: list[Any] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)

    def __bool__(self) -> bool:
        return not self.missing and not self.extra

    @property
    def same(self) -> bool:
        return bool(self)

    def describe(self, limit: int = 3) -> str:
        """Say what differs, in the pupil's language (empty when nothing differs)."""
        parts = []
        for things, heading in ((self.missing, N_("Missing")), (self.extra, N_("Too much"))):
            if things:
                shown = "; ".join(_describe(thing) for thing in things[:limit])
                more = len(things) - limit
                if more > 0:
                    shown += "; " + _("and {count} more").format(count=more)
                parts.append(_("{heading}: {things}.").format(heading=_(heading), things=shown))
        return " ".join(parts)


def compare(
    actual: Any,
    expected: Any,
    *,
    tolerance: float = 1.0,
    anywhere: bool = False,
    colours: bool = True,
    widths: bool = False,
    fills: bool = True,
    dots: bool = True,
    texts: bool = True,
) -> Comparison:
    """Compare the picture ``actual`` with ``expected`` (each a Drawing or a screen).

    ``tolerance`` is how far (in pixels) points may be apart and still count as the same;
    ``anywhere`` ignores where on the canvas the picture stands (what differs is then said in
    the coordinates of ``actual``: where the pupil drew); ``colours`` and ``widths`` say
    whether the pen's colour and thickness must match; ``fills``, ``dots`` and ``texts`` say
    whether filled shapes, dots and written texts count at all.
    """
    a, b = _drawing(actual), _drawing(expected)
    b_shift = (0.0, 0.0)
    if anywhere:
        (ax, ay), (bx, by) = _corner(a), _corner(b)
        b_shift = (bx - ax, by - ay)
    a_shift = (0.0, 0.0)
    result = Comparison()
    kinds = [(lambda d, s: _lines(d, s, tolerance, colours, widths), _lines_match)]
    if fills:
        kinds.append((lambda d, s: _fills(d, s, tolerance, colours), _fills_match))
    if dots:
        kinds.append((lambda d, s: _dots(d, s, colours), _dots_match))
    if texts:
        kinds.append((lambda d, s: _texts(d, s), _texts_match))
    for things, match in kinds:
        missing, extra = _pair_up(things(a, a_shift), things(b, b_shift), match, tolerance)
        result.missing += missing
        result.extra += extra
    return result


def turned(drawing: Any, degrees: float = 0.0, mirrored: bool = False) -> Drawing:
    """The same picture, mirrored (first, when asked: top and bottom swap, as when every
    ``left`` turn becomes a ``right`` turn) and then turned ``degrees`` anticlockwise around
    (0, 0): to compare a shape whose direction is free."""
    original = _drawing(drawing)
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)

    def move(x: float, y: float) -> tuple[float, float]:
        if mirrored:
            y = -y
        return cos * x - sin * y, sin * x + cos * y

    result = Drawing(background=original.background)
    for item in original.items:
        if type(item) is Segment:
            (x1, y1), (x2, y2) = move(item.x1, item.y1), move(item.x2, item.y2)
            result.add(item._replace(x1=x1, y1=y1, x2=x2, y2=y2))
        elif type(item) is Fill:
            result.add(item._replace(points=tuple(move(x, y) for x, y in item.points)))
        elif type(item) in (Dot, Text):
            x, y = move(item.x, item.y)
            result.add(item._replace(x=x, y=y))
    return result


def directions(drawing: Any) -> list[float]:
    """The directions (in degrees) of the drawing's lines, longest first."""
    segments = sorted(
        _drawing(drawing).segments, key=lambda s: -math.hypot(s.x2 - s.x1, s.y2 - s.y1)
    )
    return [math.degrees(math.atan2(s.y2 - s.y1, s.x2 - s.x1)) for s in segments]


def _drawing(thing: Any) -> Drawing:
    if isinstance(thing, Drawing):
        return thing
    drawing = getattr(thing, "drawing", None) or getattr(
        getattr(thing, "screen", None), "drawing", None
    )
    if not isinstance(drawing, Drawing):
        raise TypeError(f"compare() takes drawings or screens, not {type(thing).__name__}")
    return drawing


def _corner(drawing: Drawing) -> tuple[float, float]:
    """The bottom-left corner of everything drawn: the point 'anywhere' compares from."""
    xs: list[float] = []
    ys: list[float] = []
    for item in drawing.items:
        if type(item) is Segment:
            xs += (item.x1, item.x2)
            ys += (item.y1, item.y2)
        elif type(item) is Fill:
            xs += [x for x, _y in item.points]
            ys += [y for _x, y in item.points]
        elif type(item) in (Dot, Text):
            xs.append(item.x)
            ys.append(item.y)
    return (min(xs), min(ys)) if xs else (0.0, 0.0)


# -- lines -----------------------------------------------------------------------------------


def _lines(drawing: Drawing, shift, tolerance: float, colours: bool, widths: bool) -> list[Line]:
    """The drawing's lines, merged: collinear pieces that touch or overlap become one line."""
    dx, dy = shift
    groups: dict[tuple, list] = {}
    for s in drawing.segments:
        length = math.hypot(s.x2 - s.x1, s.y2 - s.y1)
        if length < tolerance / 4 or s.width <= 0:
            continue
        x1, y1, x2, y2 = s.x1 - dx, s.y1 - dy, s.x2 - dx, s.y2 - dy
        theta = math.atan2(y2 - y1, x2 - x1) % math.pi
        if theta > math.pi - 0.01:
            theta -= math.pi
        cos, sin = math.cos(theta), math.sin(theta)
        offset = -sin * x1 + cos * y1
        t1, t2 = sorted((cos * x1 + sin * y1, cos * x2 + sin * y2))
        pen = (s.colour if colours else "", s.width if widths else 0.0)
        groups.setdefault(pen, []).append((theta, offset, t1, t2))
    lines: list[Line] = []
    for (colour, width), pieces in groups.items():
        for theta, offset, spans in _cluster(pieces, tolerance):
            cos, sin = math.cos(theta), math.sin(theta)
            for t1, t2 in _merge_spans(spans, tolerance):
                lines.append(
                    (cos * t1 - sin * offset, sin * t1 + cos * offset,
                     cos * t2 - sin * offset, sin * t2 + cos * offset, colour, width)
                )  # fmt: skip
    return lines


def _cluster(pieces: list, tolerance: float):
    """Group pieces that lie on the same straight line (same direction and offset)."""
    pieces.sort()
    clusters: list[list] = []
    for theta, offset, t1, t2 in pieces:
        for cluster in clusters:
            c_theta, c_offset, spans = cluster
            if abs(theta - c_theta) < 0.01 and abs(offset - c_offset) < tolerance:
                spans.append((t1, t2))
                break
        else:
            clusters.append([theta, offset, [(t1, t2)]])
    return clusters


def _merge_spans(spans: list, tolerance: float) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for t1, t2 in sorted(spans):
        if merged and t1 <= merged[-1][1] + tolerance:
            merged[-1][1] = max(merged[-1][1], t2)
        else:
            merged.append([t1, t2])
    return [(a, b) for a, b in merged]


def _lines_match(a: Line, b: Line, tolerance: float) -> bool:
    if a[4:] != b[4:]:
        return False
    same = _close(a[0], a[1], b[0], b[1], tolerance) and _close(a[2], a[3], b[2], b[3], tolerance)
    turned = _close(a[0], a[1], b[2], b[3], tolerance) and _close(a[2], a[3], b[0], b[1], tolerance)
    return same or turned


# -- fills, dots, texts ----------------------------------------------------------------------


def _fills(drawing: Drawing, shift, tolerance: float, colours: bool) -> list:
    dx, dy = shift
    result = []
    for fill in drawing.fills:
        corners = _corners([(x - dx, y - dy) for x, y in fill.points], tolerance)
        result.append(("fill", corners, fill.colour if colours else ""))
    return result


def _corners(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The polygon's real corners: points where it turns (straight-through points dropped)."""
    unique = []
    for point in points:
        if not unique or not _close(*unique[-1], *point, tolerance):
            unique.append(point)
    if len(unique) > 1 and _close(*unique[0], *unique[-1], tolerance):
        unique.pop()
    corners = []
    for index, (x, y) in enumerate(unique):
        px, py = unique[index - 1]
        nx, ny = unique[(index + 1) % len(unique)]
        cross = (x - px) * (ny - y) - (y - py) * (nx - x)
        if abs(cross) > tolerance * max(1.0, math.hypot(nx - px, ny - py)):
            corners.append((x, y))
    return corners


def _fills_match(a, b, tolerance: float) -> bool:
    if a[2] != b[2] or len(a[1]) != len(b[1]):
        return False
    return all(any(_close(*p, *q, tolerance) for q in b[1]) for p in a[1])


def _dots(drawing: Drawing, shift, colours: bool) -> list:
    dx, dy = shift
    return [("dot", d.x - dx, d.y - dy, d.size, d.colour if colours else "") for d in drawing.dots]


def _dots_match(a, b, tolerance: float) -> bool:
    return (
        a[4] == b[4] and _close(a[1], a[2], b[1], b[2], tolerance) and abs(a[3] - b[3]) <= tolerance
    )


def _texts(drawing: Drawing, shift) -> list:
    dx, dy = shift
    return [("text", t.x - dx, t.y - dy, t.text) for t in drawing.texts]


def _texts_match(a, b, tolerance: float) -> bool:
    return a[3] == b[3] and _close(a[1], a[2], b[1], b[2], tolerance)


# -- helpers ---------------------------------------------------------------------------------


def _close(x1: float, y1: float, x2: float, y2: float, tolerance: float) -> bool:
    return abs(x1 - x2) <= tolerance and abs(y1 - y2) <= tolerance


def _pair_up(got: list, wanted: list, match, tolerance: float) -> tuple[list, list]:
    """Pair each wanted thing with a matching one that was got; return (missing, extra)."""
    remaining = list(got)
    missing = []
    for thing in wanted:
        for index, candidate in enumerate(remaining):
            if match(candidate, thing, tolerance):
                del remaining[index]
                break
        else:
            missing.append(thing)
    return missing, remaining


def _colour_name(hex_code: str) -> str:
    names = [name for name, code in NAMED_COLOURS.items() if code == hex_code and name.isalpha()]
    return min(names, key=len) if names else hex_code


def _describe(thing: Any) -> str:
    if thing[0] == "fill":
        if not thing[2]:  # colours not compared: the colour is not what differs
            return _("a filled shape")
        return _("a shape filled with {colour}").format(colour=_colour_name(thing[2]))
    if thing[0] == "dot":
        return _("a dot at ({x}, {y})").format(x=_short(thing[1]), y=_short(thing[2]))
    if thing[0] == "text":
        return _("the text {text!r} at ({x}, {y})").format(
            text=thing[3], x=_short(thing[1]), y=_short(thing[2])
        )
    x1, y1, x2, y2, colour, _width = thing
    line = _("a line from ({x1}, {y1}) to ({x2}, {y2})").format(
        x1=_short(x1), y1=_short(y1), x2=_short(x2), y2=_short(y2)
    )
    return line + (" " + _("in {colour}").format(colour=_colour_name(colour)) if colour else "")


def _short(value: float) -> str:
    return f"{round(value):g}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
