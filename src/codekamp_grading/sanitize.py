"""Making what a pupil hands in harmless to look at.

A notebook is a file the pupil wrote, and the teacher opens it in a browser (nbgrader's
formgrader, JupyterLab) while logged in to their own Jupyter server. Anything in it that a
browser runs (a ``<script>``, an ``onerror=``, a ``javascript:`` link, JavaScript or widget
outputs) would run *as the teacher*: it could write files and open terminals. So before a
notebook from a pupil is graded or shown, :func:`sanitize_notebook` takes all of that out and
keeps everything a lesson really uses (text, ``<details>`` tips, pictures, tables, the
turtle's animated SVG drawings, printed output)::

    notes = sanitize_notebook(notebook)   # changes the notebook in place
    for message, values in notes:
        print(translate(message, "nl").format(**values))

The same goes for the teacher's terminal and spreadsheet: :func:`safe_text` makes any text that
came from a pupil printable (no escape sequences, no hidden characters, one line), and
:func:`spreadsheet_cell` keeps a spreadsheet from reading it as a formula.

HTML is cleaned with bleach (pinned, and what nbconvert's own sanitiser uses) and CSS with
tinycss2. SVG drawings are cleaned as the XML documents they are (parsed with defusedxml, so no
entity tricks), with an allow-list of drawing elements: an HTML cleaner does not know SVG.
Anything that is already clean is left exactly as it was, so cleaning twice changes nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import bleach
import tinycss2
from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, ALLOWED_SVG_PROPERTIES

from codekamp.i18n import N_

Note = tuple[str, dict]
"""An English message (marked with ``N_``, translated when shown) and the values to fill in."""

ACTIVE_CONTENT_REMOVED = N_("removed what could run in the teacher's browser: {kinds} ({count}×)")
# The kinds of things removed that have words (the others are media types, such as text/html).
KIND_WORDS = (N_("markdown cell"), N_("raw cell"), N_("widgets"), N_("attachments"))
ODD_VALUES_REPLACED = N_("replaced {count} odd values in the notebook's fields ({fields})")
CELLS_EMPTIED = N_("{count} cells could not be checked and were emptied")

# -- text for a terminal or a report ----------------------------------------------------------

# Escape sequences (colours, cursor moves, window titles, clipboard) as a whole, so that no
# "[2J" is left behind; any control character that is left is removed below.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor, clearing the screen
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, ...: title, clipboard
    r"|\x1b[ -/]*[0-~]"  # other two- and three-character sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC, DCS, ...
)
_LINE_BREAK = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+[ \t]*")
# Invisible characters that are letters or marks for Unicode, not formatting characters.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0")


def safe_text(text: str, limit: int = 200) -> str:
    """Make text that came from a pupil safe to print in a terminal or put in a report.

    Escape sequences and control characters (ESC, CR, BEL, backspace, ...), bidi overrides and
    other invisible formatting characters are removed; line breaks become one space; text
    longer than ``limit`` characters is shortened and ends with "…".

    >>> safe_text("lina\\x1b[2J\\rscore: 10 / 10")
    'lina score: 10 / 10'
    >>> safe_text("a\\nb", limit=200)
    'a b'
    """
    if not isinstance(text, str):
        try:
            text = str(text)
        except Exception:
            text = "?"
    text = _LINE_BREAK.sub(" ", _ESCAPE_SEQUENCE.sub("", text)).replace("\t", " ")
    text = "".join(
        character
        for character in text
        if unicodedata.category(character) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
        and character not in _INVISIBLE
    ).strip()
    if limit <= 0:
        return ""
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# A spreadsheet reads a cell that starts with one of these as a formula (or a command).
_FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(value: object) -> object:
    """Make ``value`` something a spreadsheet shows as it is, never as a formula.

    Numbers stay numbers; text that a spreadsheet would take for a formula (it starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a line break) gets a ``'`` in front.

    >>> spreadsheet_cell('=HYPERLINK("http://example.com")')
    '\\'=HYPERLINK("http://example.com")'
    >>> spreadsheet_cell(7.5), spreadsheet_cell("-3")
    (7.5, '-3')
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = value if isinstance(value, str) else str(value)
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    first = text.lstrip(" ")[:1] or text[:1]
    if first in _FORMULA_STARTS or text[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def is_safe_id(value: object) -> bool:
    """Is ``value`` an id (a pupil's, a cell's) that pages may show without escaping it?

    nbgrader's own pages put grade ids and pupil ids into HTML as they are.

    >>> is_safe_id("test-days-old"), is_safe_id('x"><script>')
    (True, False)
    """
    return isinstance(value, str) and _SAFE_ID.fullmatch(value) is not None


# -- CSS ----------------------------------------------------------------------------------------

# CSS functions that fetch something from elsewhere (or, in old browsers, run code).
_FETCHING_FUNCTIONS = frozenset(
    {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element",
     "paint", "expression"}
)  # fmt: skip
_CODE_PROPERTIES = frozenset({"behavior", "-moz-binding", "-ms-behavior"})
_NESTING_AT_RULES = frozenset(
    {"media", "supports", "keyframes", "-webkit-keyframes", "-moz-keyframes"}
)


def _value_is_safe(tokens: list) -> bool:
    """Does this CSS value fetch nothing and run nothing?"""
    for token in tokens:
        if token.type in ("url", "error"):  # (a url(...) that does not parse is an error)
            return False
        if token.type == "function":
            if token.lower_name in _FETCHING_FUNCTIONS or not _value_is_safe(token.arguments):
                return False
        if token.type in ("() block", "[] block", "{} block") and not _value_is_safe(token.content):
            return False
    return True


def _declaration(node: Any) -> str:
    important = "!important" if node.important else ""
    return f"{node.name}:{tinycss2.serialize(node.value).strip()}{important}"


def clean_declarations(text: str, allowed: frozenset[str] | None = None) -> tuple[str, bool]:
    """Clean a list of CSS declarations (a ``style=""`` attribute): returns the text and
    whether anything was removed. Declarations that fetch or run something go, and so do
    properties not in ``allowed`` (when given). Clean text comes back unchanged."""
    nodes = tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    kept = [
        node
        for node in nodes
        if node.type == "declaration"
        and node.lower_name not in _CODE_PROPERTIES
        and (allowed is None or node.lower_name in allowed)
        and _value_is_safe(node.value)
    ]
    if len(kept) == len(nodes):
        return text, False
    return ";".join(_declaration(node) for node in kept), True


def clean_stylesheet(text: str) -> tuple[str, bool]:
    """Clean a style sheet (an SVG ``<style>``): rules, ``@media``, ``@supports`` and
    ``@keyframes`` stay (the turtle's animation uses them); ``@import``, ``@font-face`` and
    declarations that fetch or run something go. Returns the text and whether anything was
    removed; clean text comes back unchanged."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    parts, removed = _clean_rules(rules)
    return ("".join(parts), True) if removed else (text, False)


def _clean_rules(rules: list) -> tuple[list[str], bool]:
    parts: list[str] = []
    removed = False
    for rule in rules:
        prelude = tinycss2.serialize(getattr(rule, "prelude", None) or []).strip()
        if rule.type == "qualified-rule":
            declarations, changed = clean_declarations(tinycss2.serialize(rule.content))
            parts.append(f"{prelude}{{{declarations}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTING_AT_RULES:
            inner = tinycss2.parse_rule_list(
                rule.content or [], skip_comments=True, skip_whitespace=True
            )
            inner_parts, changed = _clean_rules(inner)
            parts.append(f"@{rule.at_keyword} {prelude}{{{''.join(inner_parts)}}}")
        else:  # @import, @font-face, @namespace, ... and anything that did not parse
            changed = True
        removed = removed or changed
    return parts, removed


# -- HTML (markdown cells, raw cells, HTML and markdown outputs) --------------------------------

HTML_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
     "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
     "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
     "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
     "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"}
)  # fmt: skip
"""The HTML a pupil's text may hold: what lessons use, and nothing that runs or fetches a page."""

_EVERY_TAG_ATTRIBUTES = frozenset({"class", "title", "lang", "dir", "style"})
_TAG_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    **{f"h{level}": {"id"} for level in range(1, 7)},  # markdown headings get an anchor
}
_PICTURE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[a-z0-9+/=]*")
_URL_NOISE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
HTML_PROTOCOLS = frozenset({"http", "https", "mailto", "attachment", "data"})
"""The kinds of links and picture sources a pupil's HTML may hold (``data:`` for pictures)."""


def _plain_url(value: str) -> str:
    """A URL as a browser reads its scheme: entities decoded, no spaces or control characters."""
    return _URL_NOISE.sub("", html.unescape(value)).lower()


def _url_is_safe(tag: str, value: str) -> bool:
    url = _plain_url(value)
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True  # a relative link or an anchor
    if scheme.group(1) == "data":
        return tag == "img" and _PICTURE_DATA.fullmatch(url) is not None
    return scheme.group(1) in HTML_PROTOCOLS


def _html_attribute(tag: str, name: str, value: str) -> bool:
    """May ``tag`` keep attribute ``name`` with this value?"""
    if name not in _EVERY_TAG_ATTRIBUTES and name not in _TAG_ATTRIBUTES.get(tag, ()):
        return False
    return name not in ("href", "src") or _url_is_safe(tag, value)


class _HtmlCss:
    """bleach's hook for ``style=""``: only properties about looks, nothing fetched."""

    allowed = ALLOWED_CSS_PROPERTIES | ALLOWED_SVG_PROPERTIES

    def __init__(self, removed: list[str] | None = None) -> None:
        self.removed = removed if removed is not None else []

    def sanitize_css(self, style: str) -> str:
        cleaned, removed = clean_declarations(style, self.allowed)
        if removed:
            self.removed.append("style")
        return cleaned


# Escapes the tags it does not allow instead of removing them: when its text is the same as
# the cleaner's, there were none.
_ESCAPING = bleach.Cleaner(
    tags=HTML_TAGS, attributes=_html_attribute, protocols=HTML_PROTOCOLS,
    strip=False, strip_comments=False, css_sanitizer=_HtmlCss(),
)  # fmt: skip


# Elements whose content is code or page text, not something to read: removed whole (bleach
# removes the tags and would leave their content as text).
_CODE_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea|title|xmp|noembed|noframes)\b"
    r"[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _clean(text: str) -> tuple[str, bool]:
    """Clean HTML; returns the clean HTML and whether anything was removed."""
    removed: list[str] = []

    def attribute(tag: str, name: str, value: str) -> bool:
        allowed = _html_attribute(tag, name, value)
        if not allowed:
            removed.append(name)
        return allowed

    cleaner = bleach.Cleaner(
        tags=HTML_TAGS, attributes=attribute, protocols=HTML_PROTOCOLS,
        strip=True, strip_comments=True, css_sanitizer=_HtmlCss(removed),
    )  # fmt: skip
    cleaned = cleaner.clean(_CODE_ELEMENTS.sub("", text))
    return cleaned, bool(removed) or cleaned != _ESCAPING.clean(text)


def clean_html(text: str) -> str:
    """Remove from HTML everything but the harmless tags and attributes of :data:`HTML_TAGS`.

    >>> clean_html('<b onclick="steal()">hi</b><script>steal()</script>')
    '<b>hi</b>'
    """
    return _clean(text)[0]


def html_is_clean(text: str) -> bool:
    """Would :func:`clean_html` remove nothing from this HTML? (It may still write it a
    little differently: quotes, entities.)"""
    return not _clean(text)[1]


def render_markdown(source: str, attachments: dict | None = None) -> str:
    """Markdown as nbconvert (and so nbgrader's pages) turns it into HTML."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    renderer = IPythonRenderer(escape=False, attachments=attachments or {})
    return MarkdownWithMath(renderer=renderer).render(source)


def clean_markdown(source: str, attachments: dict | None = None) -> str:
    """Markdown with nothing active in it: unchanged when clean; otherwise the cleaned HTML
    it shows (links, pictures and tips included), as one HTML block that any markdown
    renderer passes on as it is."""
    try:
        rendered = render_markdown(source, attachments)
    except Exception:  # a missing attachment, or anything the renderer trips over
        rendered = None
    if rendered is not None and html_is_clean(source) and html_is_clean(rendered):
        return source
    if rendered is None:
        shown = f"<pre>{html.escape(source, quote=False)}</pre>"
    else:
        shown = clean_html(rendered)
    # On one line: a blank line would end the HTML block and start markdown again.
    return '<div class="codekamp-cleaned">' + shown.replace("\n", "&#10;") + "</div>"


# -- SVG (the turtle's drawings, matplotlib's plots) --------------------------------------------

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"

SVG_ELEMENTS = frozenset(
    {"svg", "g", "defs", "title", "desc", "style", "symbol", "use", "image", "rect", "circle",
     "ellipse", "line", "polyline", "polygon", "path", "text", "tspan", "textPath",
     "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
     "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
     "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
     "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
     "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
     "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence"}
)  # fmt: skip
"""SVG elements that draw. Not: script, foreignObject (HTML inside), feImage; an ``<a>``
becomes a plain group. SMIL animation only as :func:`_harmless_animation` says."""

SMIL_ANIMATED = frozenset({"visibility", "display", "opacity", "fill-opacity", "stroke-opacity",
                           "stroke-dashoffset", "transform"})  # fmt: skip
"""What a SMIL ``<set>``, ``<animate>`` or ``<animateTransform>`` may change: how things look,
never a link (``<set attributeName="href" to="javascript:…">`` would be one)."""


def _harmless_animation(element: Any) -> bool:
    """SMIL that only moves or shows something: ``<animateMotion>`` (the turtle walking its
    path), and ``<set>``/``<animate>``/``<animateTransform>`` of :data:`SMIL_ANIMATED`."""
    tag = _local(element.tag)
    if tag == "animateMotion":
        return True
    if tag in ("set", "animate", "animateTransform"):
        names = [value for name, value in element.attrib.items() if _local(name) == "attributeName"]
        return len(names) == 1 and names[0].strip() in SMIL_ANIMATED
    return False


_ATTRIBUTE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")
_ACTIVE_VALUE = re.compile(r"javascript:|vbscript:|data:|url\((?!['\"]?#)")


def clean_svg(svg: str) -> tuple[str | None, bool]:
    """Clean an SVG picture: returns the picture (None when it is not one) and whether
    anything was removed. Shapes, text, gradients, filters, CSS animations and SMIL that only
    moves or shows things stay; scripts,
    event handlers, ``<foreignObject>``, links and anything fetched from elsewhere go.
    A clean picture comes back exactly as it was."""
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(svg)  # no DTD entities, nothing fetched
    except Exception:
        return None, True
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", _SVG):
        return None, True
    changed = _clean_svg_element(root)
    # The parser quietly drops comments, DOCTYPEs and processing instructions: written out
    # again, they are gone too. An instruction other than <?xml ...?> can fetch a style sheet.
    instruction = re.search(r"<\?(?!xml\s)", svg) is not None or svg.count("<?") > 1
    if not changed and not instruction and "<!" not in svg:
        return svg, False
    return _svg_text(root, top=True), changed or instruction


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean_svg_element(element: Any) -> bool:
    """Clean one element's attributes and children in place; True if anything was removed."""
    changed = False
    if _local(element.tag) == "a":  # a link: keep what it draws, not the link
        element.tag = f"{{{_SVG}}}g"
        changed = True
    for name, value in list(element.attrib.items()):
        kept = _svg_attribute(_local(element.tag), name, value)
        if kept is None:
            del element.attrib[name]
        elif kept != value:
            element.attrib[name] = kept
        changed = changed or kept != value
    if _local(element.tag) == "style":
        element.text, removed = clean_stylesheet(element.text or "")
        changed = changed or removed
    for child in list(element):
        ours = _namespace(child.tag) in ("", _SVG)
        if ours and (_local(child.tag) in SVG_ELEMENTS | {"a"} or _harmless_animation(child)):
            changed = _clean_svg_element(child) or changed
            continue
        # Removed with all it holds; the text after it stays.
        index = list(element).index(child)
        if child.tail:
            if index:
                previous = element[index - 1]
                previous.tail = (previous.tail or "") + child.tail
            else:
                element.text = (element.text or "") + child.tail
        element.remove(child)
        changed = True
    return changed


def _svg_attribute(tag: str, name: str, value: str) -> str | None:
    """The attribute's value to keep, or None to drop it."""
    namespace, local = _namespace(name), _local(name)
    if namespace == _XML:
        return value if local in ("space", "lang") else None
    if namespace not in ("", _XLINK) or (namespace == _XLINK and local != "href"):
        return None
    if not _ATTRIBUTE_NAME.fullmatch(local) or local.lower().startswith("on"):
        return None
    plain = _plain_url(value)
    if local == "href":
        if plain.startswith("#") and tag != "image":
            return value
        if tag == "image" and _PICTURE_DATA.fullmatch(plain):
            return value
        return None
    if local == "style":
        cleaned = clean_declarations(value)[0]
        return cleaned or None
    return None if _ACTIVE_VALUE.search(plain) else value


def _svg_text(element: Any, top: bool = False) -> str:
    """Write an element as SVG (XML) text, with the usual prefixes."""
    names = {_XLINK: "xlink:", _XML: "xml:"}
    attributes = [
        f" {names.get(_namespace(name), '')}{_local(name)}={quoteattr(value)}"
        for name, value in element.attrib.items()
    ]
    if top:
        attributes[:0] = [f' xmlns="{_SVG}"', f' xmlns:xlink="{_XLINK}"']
    tag = _local(element.tag)
    inside = escape(element.text or "") + "".join(
        _svg_text(child) + escape(child.tail or "") for child in element
    )
    return f"<{tag}{''.join(attributes)}>{inside}</{tag}>"


# -- the notebook ---------------------------------------------------------------------------

OUTPUT_TYPES = frozenset(
    {"text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg",
     "image/gif", "image/svg+xml", "application/json"}
)  # fmt: skip
"""Output types kept (the ones that need it, cleaned). Every other one (JavaScript, widgets,
plots with their own scripts, ...) is removed: ``text/plain`` always stays beside it."""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
"""Where a slider or a button was shown (lesson 08 on): removed like any other widget output,
but without a note, because every notebook with widgets has them. The page keeps the note
and the picture that :mod:`codekamp.widgets` leaves beside them."""

_PICTURE_ATTACHMENTS = frozenset({"image/png", "image/jpeg", "image/gif", "image/svg+xml"})
_OUTPUT_METADATA = frozenset({"width", "height", "unconfined", "alt", "isolated"})


class _Report:
    """What cleaning one notebook removed, counted, for the notes."""

    def __init__(self) -> None:
        self.active: Counter[str] = Counter()
        self.odd: Counter[str] = Counter()
        self.emptied = 0

    def notes(self) -> list[Note]:
        notes: list[Note] = []
        if self.active:
            kinds = ", ".join(safe_text(kind, 60) for kind in sorted(self.active)[:6])
            notes.append((ACTIVE_CONTENT_REMOVED,
                          {"kinds": kinds, "count": sum(self.active.values())}))  # fmt: skip
        if self.odd:
            fields = ", ".join(sorted(self.odd))
            notes.append((ODD_VALUES_REPLACED, {"fields": fields, "count": sum(self.odd.values())}))
        if self.emptied:
            notes.append((CELLS_EMPTIED, {"count": self.emptied}))
        return notes


def sanitize_notebook(nb: Any) -> list[Note]:
    """Take everything that could run in a browser out of a pupil's notebook, in place.

    Markdown and raw cells keep their harmless HTML; outputs keep text, pictures (SVG
    cleaned), cleaned HTML and markdown; JavaScript, widgets and unknown output types go, and
    so do values that pages would show raw (odd grade ids, execution counts that are not
    numbers). Returns notes for the teacher: what was removed. Never raises, and a second
    run changes nothing.
    """
    report = _Report()
    if not isinstance(nb, dict):
        return report.notes()
    metadata = nb.get("metadata")
    if isinstance(metadata, dict) and "widgets" in metadata:
        widgets = metadata.pop("widgets")
        if not _only_widget_state(widgets):  # what JupyterLab saves is expected; other things
            report.active["widgets"] += 1
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict):
            continue
        try:
            _sanitize_cell(cell, report)
        except Exception:  # something no notebook should hold: keep none of it
            _empty(cell)
            report.emptied += 1
    return report.notes()


def _only_widget_state(widgets: object) -> bool:
    """Is the notebook's ``widgets`` metadata just what JupyterLab saves with the widgets?"""
    return isinstance(widgets, dict) and set(widgets) <= {
        "application/vnd.jupyter.widget-state+json"
    }


def _text(value: object) -> str | None:
    """A notebook's text: a string, or a list of lines as nbformat writes them."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "".join(value)
    return None


def _empty(cell: dict) -> None:
    cell["source"] = ""
    cell.pop("attachments", None)
    if "outputs" in cell:
        cell["outputs"] = []


def _sanitize_cell(cell: dict, report: _Report) -> None:
    kind = cell.get("cell_type")
    source = _text(cell.get("source", ""))
    if source is None:
        cell["source"] = ""
        report.odd["source"] += 1
        source = ""
    if kind in ("markdown", "raw"):
        _sanitize_attachments(cell, report)
    if kind == "markdown":
        attachments = cell.get("attachments") if isinstance(cell.get("attachments"), dict) else {}
        cleaned = clean_markdown(source, attachments)
    elif kind == "raw":
        cleaned = source if html_is_clean(source) else clean_html(source)
    else:
        cleaned = source
    if cleaned != source:
        cell["source"] = cleaned
        report.active[f"{kind} cell"] += 1
    _sanitize_cell_metadata(cell, report)
    if "execution_count" in cell and not _is_count(cell["execution_count"]):
        cell["execution_count"] = None
        report.odd["execution_count"] += 1
    if kind == "code" or "outputs" in cell:
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            cell["outputs"] = []
            report.odd["outputs"] += 1
            return
        cell["outputs"] = [
            output for output in outputs if _sanitize_output(output, report) is not None
        ]


def _is_count(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _sanitize_cell_metadata(cell: dict, report: _Report) -> None:
    """nbgrader's pages write a cell's grade id into the page as it is."""
    metadata = cell.get("metadata")
    if not isinstance(metadata, dict):
        cell["metadata"] = {}
        report.odd["metadata"] += 1
        return
    nbgrader = metadata.get("nbgrader")
    if isinstance(nbgrader, dict) and "grade_id" in nbgrader:
        if not is_safe_id(nbgrader["grade_id"]):
            nbgrader["grade_id"] = (
                "cell-"
                + re.sub(r"[^A-Za-z0-9_.-]", "-", str(nbgrader["grade_id"])).strip("-.")[:60]
            )
            report.odd["grade_id"] += 1


def _sanitize_attachments(cell: dict, report: _Report) -> None:
    """Attachments are shown as pictures: keep pictures only (SVG cleaned)."""
    attachments = cell.get("attachments")
    if attachments is None:
        return
    if not isinstance(attachments, dict):
        del cell["attachments"]
        report.active["attachments"] += 1
        return
    for name, bundle in list(attachments.items()):
        if not isinstance(bundle, dict):
            del attachments[name]
            report.active["attachments"] += 1
            continue
        for mime in list(bundle):
            text = _text(bundle[mime])
            if mime not in _PICTURE_ATTACHMENTS or text is None:
                del bundle[mime]
                report.active["attachments"] += 1
            elif mime == "image/svg+xml":
                _replace_svg(bundle, text, report)


def _replace_svg(bundle: dict, svg: str, report: _Report) -> None:
    cleaned, changed = clean_svg(svg)
    if cleaned is None:
        del bundle["image/svg+xml"]
    elif changed or cleaned != svg:
        bundle["image/svg+xml"] = cleaned
    if changed:
        report.active["image/svg+xml"] += 1


def _sanitize_output(output: object, report: _Report) -> object | None:
    """Clean one output in place; None when nothing of it can be kept."""
    if not isinstance(output, dict):
        report.odd["outputs"] += 1
        return None
    if "execution_count" in output and not _is_count(output["execution_count"]):
        output["execution_count"] = None
        report.odd["execution_count"] += 1
    kind = output.get("output_type")
    if kind == "stream":
        output["text"] = _text(output.get("text")) or ""
        if output.get("name") not in ("stdout", "stderr"):
            output["name"] = "stdout"
        return output
    if kind == "error":
        output["ename"] = _text(output.get("ename")) or ""
        output["evalue"] = _text(output.get("evalue")) or ""
        traceback = output.get("traceback")
        if not isinstance(traceback, list) or not all(isinstance(t, str) for t in traceback):
            output["traceback"] = []
        return output
    if kind not in ("display_data", "execute_result"):
        report.odd["outputs"] += 1
        return None
    data = output.get("data")
    if not isinstance(data, dict):
        output["data"] = data = {}
    for mime in list(data):
        text = _text(data[mime]) if mime != "application/json" else data[mime]
        if mime == WIDGET_VIEW:
            del data[mime]  # expected where widgets were used: no note
        elif mime not in OUTPUT_TYPES or text is None:
            del data[mime]
            report.active[str(mime)] += 1
        elif mime == "image/svg+xml":
            _replace_svg(data, text, report)
        elif mime == "text/html" and not html_is_clean(text):
            data[mime] = clean_html(text)
            report.active[mime] += 1
        elif mime == "text/markdown":
            cleaned = clean_markdown(text)
            if cleaned != text:
                data[mime] = cleaned
                report.active[mime] += 1
    metadata = output.get("metadata")
    if not isinstance(metadata, dict):
        output["metadata"] = {}
    else:
        for key in list(metadata):
            value = metadata[key]
            if key in data and isinstance(value, dict):
                for inner in [k for k in value if k not in _OUTPUT_METADATA]:
                    del value[inner]
            elif key not in _OUTPUT_METADATA:
                del metadata[key]
    return output
