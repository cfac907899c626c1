"""Scene → SVG: one picture, with the new part animated by the browser (CSS only).

Consecutive lines with the same pen are merged into one ``<path>``, written as relative
steps in whole tenths of a pixel, so even 100,000 steps stay small. The animation
draws each path with ``stroke-dashoffset`` and lasts at most a few seconds whatever the size;
a reader who asked for reduced motion sees the finished picture at once. The same drawing
always gives the same text (no random ids), so notebooks can be compared.

The renderer reads only the plain :class:`~codekamp.turtle.drawing.Scene` a screen makes, and owns
the animation's rules (:data:`MAX_ANIMATION_SECONDS`).
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import replace
from xml.sax.saxutils import escape

from codekamp.i18n import _
from codekamp.turtle.describe import describe
from codekamp.turtle.drawing import (
    Dot,
    Drawing,
    Fill,
    Head,
    Outline,
    Picture,
    Scene,
    Segment,
    Stamp,
)

MAX_ANIMATION_SECONDS = 4.0
"""However big the drawing, its animation lasts at most this long."""

WALK_POINTS = 300
"""The walking turtle passes through at most this many corners (a long drawing's walk is
simplified, so the picture stays small)."""

MARGIN = 12

STYLE = (
    "<style>"
    ".ck-line{stroke-dasharray:1 2;stroke-dashoffset:1;animation:ck-draw linear forwards}"
    ".ck-pop{opacity:0;animation:ck-pop .01s linear forwards}"
    "@keyframes ck-draw{to{stroke-dashoffset:0}}"
    "@keyframes ck-pop{to{opacity:1}}"
    "@media (prefers-reduced-motion:reduce){.ck-line,.ck-pop"
    "{animation:none;stroke-dashoffset:0;opacity:1}.ck-walk{display:none}}"
    "</style>"
)


def render(scene: Scene, words: str | None = None) -> str:
    """The scene as SVG text; the items made at or after ``scene.new_since`` are animated.
    ``words`` is its description, if the caller already has it (see :func:`describe`)."""
    if scene.world is not None:
        scene = in_pixels(scene)
    drawing = scene.drawing
    items, seconds = drawing.items, drawing.seconds
    left, bottom, right, top = _bounds(scene)
    width, height = right - left, top - bottom

    since = scene.new_since
    new = [] if since is None else [i for i, made in enumerate(drawing.made) if made >= since]
    total = sum(seconds[i] for i in new) if scene.animated else 0.0
    scale = min(1.0, MAX_ANIMATION_SECONDS / total) if total > 0 else 0.0
    starts, finish = _timeline(drawing, new, scale)

    body: list[str] = []
    index, count = 0, len(items)
    while index < count:
        item = items[index]
        start = starts.get(index)
        if type(item) is Segment:
            end = _run_end(items, index, starts)
            if start is None:
                body.append(_path(items, index, end, ""))
            else:
                duration = sum(seconds[index:end]) * scale
                body.append(_path(items, index, end, _timing("ck-line", start, duration)))
            index = end
            continue
        if start is None:
            body.append(_element(item, ""))
        else:
            body.append(_element(item, _timing("ck-pop", start + seconds[index] * scale, 0)))
        index += 1
    for head in scene.heads:
        walk = _walk(head, drawing, starts, scale, finish) if scale > 0 else ""
        timing = _timing("ck-pop", finish, 0) if walk else ""
        body.append(_head(head.parts, timing))
        if head.picture is not None:  # a picture shape: it pops up where the turtle stops
            pop = _timing("ck-pop", finish, 0) if scale > 0 else ""
            body.append(_picture(head.picture, head.x, head.y, pop))
        body.append(walk)

    title = escape(scene.title or _("Turtle drawing"))
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="{_n(left)} {_n(-top)} {_n(width)} {_n(height)}" role="img">',
            f"<title>{title}</title><desc>{escape(words or describe(scene))}</desc>",
            STYLE if scale > 0 else "",
            f'<rect x="{_n(left)}" y="{_n(-top)}" width="{_n(width)}" height="{_n(height)}" '
            f'fill="{drawing.background}"/>',
            "" if drawing.backdrop is None else _picture(drawing.backdrop, 0, 0, ""),
            *body,
            "</svg>",
        ]
    )


def in_pixels(scene: Scene) -> Scene:
    """A scene drawn in world coordinates (setworldcoordinates), moved to pixels: the world's
    corners become the drawing area's. Pen widths, dots and letters keep their size in pixels."""
    left, bottom, right, top = scene.world
    xscale, yscale = scene.width / (right - left), scene.height / (top - bottom)
    x0, y0 = left * xscale + scene.width / 2, bottom * yscale + scene.height / 2

    def xy(x: float, y: float) -> tuple[float, float]:
        return x * xscale - x0, y * yscale - y0

    def corners(points):
        return tuple(xy(x, y) for x, y in points)

    def moved(item):
        kind = type(item)
        if kind is Segment:
            (x1, y1), (x2, y2) = xy(item.x1, item.y1), xy(item.x2, item.y2)
            return item._replace(x1=x1, y1=y1, x2=x2, y2=y2)
        if kind is Fill or kind is Stamp:
            return item._replace(points=corners(item.points))
        x, y = xy(item.x, item.y)
        return item._replace(x=x, y=y)

    old = scene.drawing
    drawing = Drawing(
        [moved(item) for item in old.items], old.seconds, old.made, old.background,
        backdrop=old.backdrop,
    )  # fmt: skip
    heads = tuple(_moved_head(head, xy) for head in scene.heads)
    return replace(scene, drawing=drawing, heads=heads, world=None)


def _moved_head(head: Head, xy) -> Head:
    """A turtle's head in pixels; its walker is already in pixels, around (0, 0)."""
    parts = tuple(part._replace(points=tuple(xy(*p) for p in part.points)) for part in head.parts)
    x, y = xy(head.x, head.y)
    return head._replace(parts=parts, x=x, y=y)


def as_html(picture: str, words: str) -> str:
    """The picture as the notebook shows it: an ``<img>`` whose alternative text is ``words``.

    A screen reader reads the words (JupyterLab shows a bare SVG as an image without any), and
    HTML pictures are shown even in a notebook the browser does not trust (one downloaded from
    Binder and opened again), where JupyterLab refuses to show an SVG at all.
    """
    encoded = base64.b64encode(picture.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{encoded}" alt="{html.escape(words)}">'


def picture_in(data: dict) -> str | None:
    """The SVG text of a drawing output's ``data`` (from :func:`as_html`, or a bare SVG)."""
    if "image/svg+xml" in data:
        return data["image/svg+xml"]
    marker = 'src="data:image/svg+xml;base64,'
    text = data.get("text/html", "")
    text = "".join(text) if isinstance(text, list) else text
    if marker not in text:
        return None
    encoded = text.split(marker, 1)[1].split('"', 1)[0]
    return base64.b64decode(encoded).decode("utf-8")


def _picture(picture: Picture, x: float, y: float, timing: str) -> str:
    """A picture centred on (x, y), at its own size."""
    return (
        f'<image href="{picture.href}" x="{_n(x - picture.width / 2)}" '
        f'y="{_n(-y - picture.height / 2)}" width="{_n(picture.width)}" '
        f'height="{_n(picture.height)}"{timing}/>'
    )


def _head(parts: tuple[Outline, ...], timing: str) -> str:
    return "".join(
        f'<polygon points="{_points(part.points)}" fill="{part.fill}" '
        f'stroke="{part.outline}" stroke-width="{_n(part.width)}"{timing}/>'
        for part in parts
    )


def _walk(head: Head, drawing: Drawing, starts: dict[int, float], scale: float, finish: float):
    """The turtle walking along the lines it drew while they appear (SMIL ``animateMotion``,
    which runs inside an SVG picture), then making way for its head at rest. A jump with the
    pen up is walked at once. Reduced motion hides the walker (the CSS above)."""
    steps = sorted((starts[index], index) for index in head.trail if index in starts)
    if not steps or finish <= 0 or not head.walker:
        return ""
    items, seconds = drawing.items, drawing.seconds
    waypoints: list[tuple[float, float, float]] = []  # x, y, when (seconds)
    for start, index in steps:
        line = items[index]
        if not waypoints or waypoints[-1][:2] != (line.x1, line.y1):
            waypoints.append((line.x1, line.y1, start))
        waypoints.append((line.x2, line.y2, start + seconds[index] * scale))
    if len(waypoints) > WALK_POINTS:  # a long drawing: walk through some of its corners
        every = len(waypoints) // WALK_POINTS + 1
        waypoints = waypoints[::every] + [waypoints[-1]]
    lengths = [0.0]
    for (x1, y1, _t1), (x2, y2, _t2) in zip(waypoints, waypoints[1:], strict=False):
        lengths.append(lengths[-1] + math.hypot(x2 - x1, y2 - y1))
    if lengths[-1] == 0:
        return ""
    times, points = ["0"], ["0"]
    before = 0.0
    for (_x, _y, when), length in zip(waypoints, lengths, strict=True):
        before = min(max(before, when / finish), 1.0)
        times.append(f"{before:.4f}")
        points.append(f"{length / lengths[-1]:.4f}")
    times.append("1")
    points.append("1")
    path = "M" + " L".join(f"{_n(x)} {_n(-y)}" for x, y, _when in waypoints)
    return (
        f'<g class="ck-walk">{_head(head.walker, "")}'
        f'<animateMotion dur="{finish:.2f}s" fill="freeze" rotate="auto" calcMode="linear" '
        f'path="{path}" keyTimes="{";".join(times)}" keyPoints="{";".join(points)}"/>'
        f'<set attributeName="visibility" to="hidden" begin="{finish:.2f}s" fill="freeze"/></g>'
    )


def _timeline(drawing: Drawing, new: list[int], scale: float) -> tuple[dict[int, float], float]:
    """When each new item starts to appear, in seconds, following the order they were made in
    (a fill appears when end_fill() was called, though it lies under its outline)."""
    if not scale:
        return {}, 0.0
    starts: dict[int, float] = {}
    clock = 0.0
    for index in sorted(new, key=drawing.made.__getitem__):
        starts[index] = clock
        clock += drawing.seconds[index] * scale
    return starts, clock


def _bounds(scene: Scene) -> tuple[float, float, float, float]:
    """The visible area: the screen's size, grown to hold everything drawn, with a margin."""
    left, right = -scene.width / 2, scene.width / 2
    bottom, top = -scene.height / 2, scene.height / 2
    xs: list[float] = []
    ys: list[float] = []
    for item in scene.drawing.items:
        kind = type(item)
        if kind is Segment:
            xs += (item.x1, item.x2)
            ys += (item.y1, item.y2)
        elif kind is Fill or kind is Stamp:
            xs += [x for x, _ in item.points]
            ys += [y for _, y in item.points]
        else:
            xs.append(item.x)
            ys.append(item.y)
    for head in scene.heads:
        for part in head.parts:
            xs += [x for x, _ in part.points]
            ys += [y for _, y in part.points]
        if head.picture is not None:
            xs += [head.x - head.picture.width / 2, head.x + head.picture.width / 2]
            ys += [head.y - head.picture.height / 2, head.y + head.picture.height / 2]
    if xs:
        left, right = min(left, min(xs) - MARGIN), max(right, max(xs) + MARGIN)
        bottom, top = min(bottom, min(ys) - MARGIN), max(top, max(ys) + MARGIN)
    return left, bottom, right, top


def _run_end(items: list, start: int, starts: dict[int, float]) -> int:
    """Where a run of lines with the same pen, starting at ``start``, ends (a run is either all
    old or all new). New lines must join up, as they are drawn in one stroke; old ones may jump
    (the path moves without drawing), which keeps a picture of many loose lines small."""
    first = items[start]
    colour, width = first.colour, first.width
    x, y = first.x2, first.y2
    end = start + 1
    count = len(items)
    new = start in starts
    while end < count:
        item = items[end]
        if type(item) is not Segment:
            break
        x1, y1, x2, y2, item_colour, item_width = item
        if item_colour != colour or item_width != width or (new and (x1 != x or y1 != y)):
            break
        if (end in starts) != new:
            break
        x, y = x2, y2
        end += 1
    return end


def _path(items: list, start: int, end: int, timing: str) -> str:
    """One ``<path>`` for items[start:end], in whole tenths of a pixel (scaled back by the
    path's transform), with y pointing down as SVG wants."""
    first = items[start]
    px, py = round(first.x1 * 10), round(first.y1 * -10)
    steps = [f"M{px} {py}l"]
    append = steps.append
    for x1, y1, x2, y2, _colour, _width in items[start:end]:  # unpacking is faster than .x2
        jump_x, jump_y = round(x1 * 10), round(y1 * -10)
        if jump_x != px or jump_y != py:  # a loose line: move there without drawing
            append(f"m{jump_x - px} {jump_y - py}l")
            px, py = jump_x, jump_y
        x, y = round(x2 * 10), round(y2 * -10)
        append(f"{x - px} {y - py}")
        px, py = x, y
    extra = ' pathLength="1"' if timing else ""
    return (
        f'<path transform="scale(.1)" d="{" ".join(steps)}" fill="none" stroke="{first.colour}" '
        f'stroke-width="{_t(round(first.width * 100))}" stroke-linecap="round" '
        f'stroke-linejoin="round"{extra}{timing}/>'
    )


def _element(item, timing: str) -> str:
    kind = type(item)
    if kind is Fill:
        return (
            f'<polygon points="{_points(item.points)}" fill="{item.colour}" '
            f'fill-rule="evenodd"{timing}/>'
        )
    if kind is Dot:
        return (
            f'<circle cx="{_n(item.x)}" cy="{_n(-item.y)}" r="{_n(item.size / 2)}" '
            f'fill="{item.colour}"{timing}/>'
        )
    if kind is Stamp and item.picture is not None:
        (x, y), *_rest = item.points
        return _picture(item.picture, x, y, timing)
    if kind is Stamp:
        return (
            f'<polygon points="{_points(item.points)}" fill="{item.fill}" stroke="{item.outline}" '
            f'stroke-width="1"{timing}/>'
        )
    family, size, style = item.font
    anchor = {"left": "start", "center": "middle", "right": "end"}[item.align]
    weight = ' font-weight="bold"' if "bold" in style else ""
    slant = ' font-style="italic"' if "italic" in style else ""
    return (
        f'<text x="{_n(item.x)}" y="{_n(-item.y)}" font-family="{_attribute(family)}" '
        f'font-size="{_n(size * 4 / 3)}" text-anchor="{anchor}" fill="{item.colour}"'
        f"{weight}{slant}{timing}>{escape(item.text)}</text>"
    )


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _timing(css_class: str, delay: float, duration: float) -> str:
    style = f"animation-delay:{delay:.2f}s"
    if duration:
        style += f";animation-duration:{max(duration, 0.01):.2f}s"
    return f' class="{css_class}" style="{style}"'


def _points(points) -> str:
    return " ".join(f"{_n(x)},{_n(-y)}" for x, y in points)


def _t(tenths: int) -> str:
    """Write a whole number of tenths as a short decimal: 25 -> "2.5", -30 -> "-3", 4 -> ".4"."""
    whole, part = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part}" if whole else f"{sign}.{part}"


def _n(value: float) -> str:
    return _t(round(value * 10))
