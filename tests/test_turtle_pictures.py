"""Pictures from files: ``bgpic("beach.gif")`` puts one in the middle under the drawing, and
``register_shape("ghost.gif")`` makes a turtle that looks like it (centred where the turtle is,
never turned, as in the standard library). The file goes into the SVG as it is; its size is read
from its first bytes, for GIF, PNG and JPEG."""

from __future__ import annotations

import base64
import re
import struct
import zlib

import pytest

import codekamp
from codekamp.turtle import BadArgument, RawTurtle, Shape, TurtleScreen
from codekamp.turtle.pictures import picture_size


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))  # fmt: skip


GIF = b"GIF89a" + struct.pack("<HH", 32, 16) + b"\x80\x00\x00" + b"\x00" * 6 + b"\x3b"
JPEG = (b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
        + b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 48, 64) + b"\x00" * 10)  # fmt: skip


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # pictures lie next to the notebook
    (tmp_path / "red.png").write_bytes(png(40, 30))
    (tmp_path / "ghost.gif").write_bytes(GIF)
    (tmp_path / "notes.txt").write_text("not a picture")
    codekamp.set_language("en")
    return tmp_path


def images(svg: str) -> list[dict]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<image [^>]*>", svg)]


def test_the_size_is_read_from_the_first_bytes():
    assert picture_size(png(40, 30)) == ("png", 40, 30)
    assert picture_size(GIF) == ("gif", 32, 16)
    assert picture_size(JPEG) == ("jpeg", 64, 48)
    assert picture_size(b"hello") is None


def test_bgpic_puts_the_picture_in_the_middle_under_the_drawing(folder):
    t = RawTurtle(TurtleScreen())
    t.forward(50)
    t.screen.bgpic("red.png")
    assert t.screen.bgpic() == "red.png"
    svg = t.screen.svg()
    (backdrop,) = images(svg)
    assert (backdrop["x"], backdrop["y"], backdrop["width"], backdrop["height"]) == (
        "-20", "-15", "40", "30",
    )  # fmt: skip
    assert base64.b64decode(backdrop["href"].split(",", 1)[1]) == png(40, 30)
    assert svg.index("<image") < svg.index("<path")  # under the line
    assert "<desc>Turtle drawing: a straight line, a picture in the background.</desc>" in svg
    t.screen.bgpic("nopic")
    assert images(t.screen.svg()) == [] and t.screen.bgpic() == "nopic"


def test_a_picture_shape_follows_the_turtle_unturned_and_can_be_stamped(folder):
    screen = TurtleScreen()
    screen.register_shape("ghost.gif")
    t = RawTurtle(screen)
    t.shape("ghost.gif")
    t.left(90)
    t.forward(100)
    (head,) = images(screen.svg())
    assert (head["x"], head["y"], head["width"], head["height"]) == ("-16", "-108", "32", "16")
    t.stamp()
    t.forward(50)
    stamp, head = images(screen.svg())
    assert (stamp["x"], stamp["y"]) == ("-16", "-108") and (head["x"], head["y"]) == ("-16", "-158")
    assert screen.turtles_at(10, 150) == [t]  # a click on the picture is a click on the turtle


def test_a_picture_shape_can_also_be_made_as_a_shape(folder):
    screen = TurtleScreen()
    screen.register_shape("spook", Shape("image", "ghost.gif"))
    RawTurtle(screen, "spook")
    assert len(images(screen.svg())) == 1


def test_mistakes_with_pictures_are_explained_in_the_pupils_language(folder):
    screen = TurtleScreen()
    codekamp.set_language("nl")
    try:
        with pytest.raises(BadArgument, match="bgpic vindt de afbeelding 'strand.gif' niet"):
            screen.bgpic("strand.gif")
        with pytest.raises(BadArgument, match="'notes.txt' is geen van die drie"):
            screen.bgpic("notes.txt")
    finally:
        codekamp.set_language("en")
    big = folder / "big.png"
    big.write_bytes(png(4, 4) + b"\x00" * 1_000_001)
    with pytest.raises(BadArgument, match="too big for the notebook"):
        screen.bgpic("big.png")
    assert images(screen.svg()) == []  # nothing half-done
