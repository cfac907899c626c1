"""A drawing in words, for screen readers and for anyone who cannot see the picture.

Lines that join up are read as one figure: closed ones by what they look like ("a square",
"a triangle", "a closed shape with 6 equal sides", "a circle", "a star with 5 points"), open
ones by their pieces ("a straight line", "an open line of 3 straight pieces"). Then filled
shapes, dots, texts and stamps.
Colours are named when they are one a pupil knows by name. Everything is in the pupil's language.

    >>> describe(Screen().scene())
    'Turtle drawing: a square in red, 5 dots.'
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from codekamp.i18n import N_, _
from codekamp.turtle.colour_names import NAMED_COLOURS
from codekamp.turtle.drawing import Dot, Fill, Scene, Segment, Stamp, Text

MOST_PARTS = 8
"""A longer list is cut short ("and 12 more"): a screen reader reads it all at once."""

_CLOSE = 0.5  # pixels: two ends this near each other meet
_SAME_LENGTH = 0.02  # sides whose lengths differ by less than 2 % are equal
_COLOUR_WORDS = {
    NAMED_COLOURS[name]: word
    for name, word in {
        "red": N_("red"), "blue": N_("blue"), "green": N_("green"), "yellow": N_("yellow"),
        "orange": N_("orange"), "purple": N_("purple"), "pink": N_("pink"), "brown": N_("brown"),
        "gray": N_("grey"), "white": N_("white"),
    }.items()
}  # fmt: skip


def describe(scene: Scene) -> str:
    """Say what the scene's drawing shows, in the current language."""
    parts = _counted(_parts(scene.drawing.items))
    if scene.drawing.backdrop is not None:  # bgpic()
        parts.append(_("a picture in the background"))
    if not parts:
        return _("Turtle drawing: nothing drawn yet.")
    if len(parts) > MOST_PARTS:
        rest = len(parts) - MOST_PARTS + 1
        parts = parts[: MOST_PARTS - 1] + [_("and {count} more").format(count=rest)]
    return _("Turtle drawing: {parts}.").format(parts=", ".join(parts))


def _parts(items: Iterable) -> list[str]:
    parts: list[str] = []
    run: list[Segment] = []
    dots = fills = stamps = 0
    for item in items:
        kind = type(item)
        if kind is Segment:
            if run and not _joins(run[-1], item):
                parts.append(_figure(run))
                run = []
            run.append(item)
            continue
        if kind is Fill:
            fills += 1  # a fill lies under its outline: it does not break the outline's line
            continue
        if run:
            parts.append(_figure(run))
            run = []
        if kind is Dot:
            dots += 1
        elif kind is Stamp:
            stamps += 1
        elif kind is Text and item.text.strip():
            parts.append(_('the text "{text}"').format(text=item.text.strip()))
    if run:
        parts.append(_figure(run))
    parts = [part for part in parts if part]
    for count, one, many in (
        (fills, N_("a filled shape"), N_("{count} filled shapes")),
        (dots, N_("a dot"), N_("{count} dots")),
        (stamps, N_("a stamp"), N_("{count} stamps")),
    ):
        if count:
            parts.append(_(one) if count == 1 else _(many).format(count=count))
    return parts


def _joins(before: Segment, after: Segment) -> bool:
    return (
        after.colour == before.colour
        and abs(after.x1 - before.x2) < _CLOSE
        and abs(after.y1 - before.y2) < _CLOSE
    )


LONGEST_FIGURE = 500
"""Lines joined in a longer run are not looked at corner by corner (a spiral, a pattern): they
are an open line of so many pieces, said at once however big the drawing."""


def _figure(run: list[Segment]) -> str:
    """One figure of joined lines, in words."""
    if len(run) > LONGEST_FIGURE:
        return _("an open line of {count} straight pieces").format(count=len(run))
    sides = _sides(run)
    if not sides:
        return ""  # lines of no length: nothing to see
    closed = len(sides) > 2 and math.dist(sides[0][0], sides[-1][1]) < _CLOSE
    if closed:
        words = _closed_shape(sides)
    elif len(sides) == 1:
        words = _("a straight line")
    else:
        words = _("an open line of {count} straight pieces").format(count=len(sides))
    colour = _COLOUR_WORDS.get(run[0].colour)
    return _("{shape} in {colour}").format(shape=words, colour=_(colour)) if colour else words


def _sides(run: list[Segment]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The figure's straight sides: pieces that go on in the same direction count as one, and
    pieces of no length do not count."""
    sides: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for segment in run:
        start, end = (segment.x1, segment.y1), (segment.x2, segment.y2)
        if math.dist(start, end) < 1e-9:
            continue
        if sides and _same_direction(sides[-1], (start, end)):
            sides[-1] = (sides[-1][0], end)
        else:
            sides.append((start, end))
    if len(sides) > 2 and _same_direction(sides[-1], sides[0]):
        if math.dist(sides[-1][1], sides[0][0]) < _CLOSE:  # a side cut in two by the start
            sides[0] = (sides[-1][0], sides[0][1])
            sides.pop()
    return sides


def _same_direction(first, second) -> bool:
    (ax, ay), (bx, by) = first
    (cx, cy), (dx, dy) = second
    u, v = (bx - ax, by - ay), (dx - cx, dy - cy)
    cross = u[0] * v[1] - u[1] * v[0]
    dot = u[0] * v[0] + u[1] * v[1]
    return dot > 0 and abs(cross) <= 1e-6 * math.hypot(*u) * math.hypot(*v)


def _closed_shape(sides) -> str:
    lengths = [math.dist(start, end) for start, end in sides]
    equal = max(lengths) - min(lengths) <= _SAME_LENGTH * max(lengths)
    count = len(sides)
    if equal and abs(_turning(sides)) > 400:  # it goes round more than once: its sides cross
        return _("a star with {count} points").format(count=count)
    if count >= 12 and equal:
        return _("a circle")
    if count == 3:
        return _("a triangle")
    if count == 4 and _right_angles(sides):
        return _("a square") if equal else _("a rectangle")
    if equal:
        return _("a closed shape with {count} equal sides").format(count=count)
    return _("a closed shape with {count} sides").format(count=count)


def _turning(sides) -> float:
    """How many degrees the pen turns in all, going once round the figure."""
    total = 0.0
    for (a, b), (c, d) in zip(sides, sides[1:] + sides[:1], strict=True):
        before = math.atan2(b[1] - a[1], b[0] - a[0])
        after = math.atan2(d[1] - c[1], d[0] - c[0])
        total += (math.degrees(after - before) + 180) % 360 - 180
    return total


def _right_angles(sides) -> bool:
    for (a, b), (c, d) in zip(sides, sides[1:] + sides[:1], strict=True):
        u, v = (b[0] - a[0], b[1] - a[1]), (d[0] - c[0], d[1] - c[1])
        if abs(u[0] * v[0] + u[1] * v[1]) > 0.01 * math.hypot(*u) * math.hypot(*v):
            return False
    return True


def _counted(parts: list[str]) -> list[str]:
    """The same part more than once is said once, with how often: "3 × a square"."""
    counts = Counter(parts)
    said: list[str] = []
    for part in dict.fromkeys(parts):
        count = counts[part]
        said.append(part if count == 1 else _("{count} × {part}").format(count=count, part=part))
    return said
