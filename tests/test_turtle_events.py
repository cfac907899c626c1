"""Keys, clicks, drags and timers: what the standard library's onkey, onclick, ondrag, ontimer…
call, and a live drawing that answers the browser's messages.

The standard library's rules (Tk's) are the reference, written out here because its turtle
cannot run without a display: ``onkey`` reacts when the key is let go, ``onkeypress`` when it
goes down (any key if none is named); a turtle's ``onclick`` reacts to a press on the turtle
only, ``ondrag`` to moves while a button pressed on that turtle is held, ``onrelease`` to letting
it go; ``onscreenclick`` to a press anywhere; ``add=True`` adds a function instead of replacing;
``None`` forgets; ``clearscreen()`` forgets every key and click; ``ontimer`` calls once.
"""

from __future__ import annotations

import pytest

import codekamp
from codekamp.turtle import BadArgument, RawTurtle, TooManySteps, TurtleScreen
from codekamp.turtle.events import Events, keysym
from codekamp.turtle.live import LiveDrawing


@pytest.fixture(autouse=True)
def english():
    codekamp.set_language("en")
    yield
    codekamp.set_language("en")  # tests that speak Dutch or French leave English behind


@pytest.fixture
def t() -> RawTurtle:
    return RawTurtle(TurtleScreen())


@pytest.fixture
def live(t) -> LiveDrawing:
    widget = LiveDrawing(t.screen)
    widget.refresh("new")
    return widget


def key(name: str, when: str = "release") -> dict:
    return {"kind": "key", "type": when, "key": name}


def mouse(kind: str, x: float, y: float, button: int = 1) -> dict:
    return {"kind": kind, "button": button, "x": x, "y": y}


def test_browser_key_names_become_the_standard_librarys():
    assert [keysym(k) for k in ("ArrowUp", " ", "Enter", "a", "Escape", "+")] == [
        "Up", "space", "Return", "a", "Escape", "plus",
    ]  # fmt: skip


def test_onkey_reacts_when_the_key_is_let_go_and_onkeypress_when_it_goes_down(t, live):
    calls = []
    t.screen.onkey(lambda: calls.append("up released"), "Up")
    t.screen.onkeypress(lambda: calls.append("space pressed"), "space")
    for message in (key("ArrowUp", "press"), key("ArrowUp"), key(" ", "press"), key(" ")):
        live.receive(message)
    assert calls == ["up released", "space pressed"]


def test_onkeypress_without_a_key_reacts_to_every_key_and_none_forgets(t, live):
    calls = []
    t.screen.onkeypress(lambda: calls.append("any"))
    t.screen.onkeypress(lambda: calls.append("a"), "a")
    live.receive(key("a", "press"))
    live.receive(key("z", "press"))
    t.screen.onkeypress(None)
    live.receive(key("z", "press"))
    assert calls == ["a", "any", "any"]


def test_a_key_moves_the_turtle_and_the_picture_is_sent_again(t, live):
    t.screen.onkey(lambda: t.forward(50), "Up")
    before = live.svg
    live.receive({**key("ArrowUp"), "n": 7})
    assert t.pos() == (50, 0)
    assert live.svg != before and "<path" in live.svg
    assert live.handled == 7  # the browser waits for this before it sends the next mouse move
    assert live.words == "Turtle drawing: a straight line."


def test_a_click_on_the_screen_calls_with_where_and_add_keeps_both(t, live):
    calls = []
    t.screen.onscreenclick(lambda x, y: calls.append(("first", x, y)))
    t.screen.onscreenclick(lambda x, y: calls.append(("second", x, y)), add=True)
    live.receive(mouse("down", 120, -40))
    live.receive(mouse("down", 1, 2, button=3))  # the right button: nothing bound
    assert calls == [("first", 120, -40), ("second", 120, -40)]


def test_a_turtles_onclick_reacts_only_to_a_click_on_that_turtle(t, live):
    other = RawTurtle(t.screen)
    other.penup()
    other.goto(200, 0)
    calls = []
    t.onclick(lambda x, y: calls.append("t"))
    other.onclick(lambda x, y: calls.append("other"))
    live.receive(mouse("down", -4, 1))  # on t's arrow (it points east from (0, 0))
    live.receive(mouse("up", -4, 1))
    live.receive(mouse("down", 100, 100))  # nobody there
    live.receive(mouse("down", 12, 0))  # in front of t's tip: nobody either
    live.receive(mouse("down", 196, 0))
    assert calls == ["t", "other"]


def test_a_click_finds_the_turtle_whose_shape_is_clicked_not_its_neighbour(t):
    """As in turtledemo's nim: sticks of 9 by 80 pixels, 18 pixels apart."""
    screen = t.screen
    sticks = []
    for n in range(3):
        stick = RawTurtle(screen, "square")
        stick.shapesize(4, 0.45)  # 80 pixels long, 9 wide, standing up
        stick.penup()
        stick.goto(18 * n, 0)
        sticks.append(stick)
    assert screen.turtles_at(0, 30) == [sticks[0]]
    assert screen.turtles_at(18, -30) == [sticks[1]]
    assert screen.turtles_at(9, 0) == []  # between two sticks


def test_a_click_in_world_coordinates_finds_the_turtle_by_its_size_in_pixels(t):
    """As in turtledemo's colormixer: setworldcoordinates makes one step 150 pixels."""
    screen = t.screen
    screen.setworldcoordinates(-1, -0.3, 3, 1.3)
    sliders = []
    for n in range(3):
        slider = RawTurtle(screen, "turtle")
        slider.penup()
        slider.goto(n, 0.5)
        sliders.append(slider)
    assert screen.turtles_at(0, 0.5) == [sliders[0]]
    assert screen.turtles_at(2, 0.5) == [sliders[2]]
    assert screen.turtles_at(1, 0.2) == []


def test_dragging_a_turtle_with_goto_draws_where_the_mouse_goes(t, live):
    released = []
    t.ondrag(t.goto)
    t.onrelease(lambda x, y: released.append((x, y)))
    live.receive(mouse("move", 50, 50))  # no button held: nothing
    live.receive(mouse("down", 0, 0))
    live.receive(mouse("move", 30, 0))
    live.receive(mouse("move", 30, 40))
    live.receive(mouse("up", 30, 40))
    live.receive(mouse("move", 90, 90))  # button let go: nothing
    assert [(s.x2, s.y2) for s in t.screen.drawing.segments] == [(30, 0), (30, 40)]
    assert released == [(30, 40)]


def test_a_drag_that_starts_beside_the_turtle_moves_nothing(t, live):
    t.ondrag(t.goto)
    live.receive(mouse("down", 100, 100))
    live.receive(mouse("move", 120, 100))
    assert t.pos() == (0, 0)


def test_a_timer_calls_once_and_a_clock_sets_it_again(t, live):
    ticks = []

    def tick():
        ticks.append(len(ticks))
        t.right(6)
        if len(ticks) < 3:
            t.screen.ontimer(tick, 1000)

    t.screen.ontimer(tick, 500)
    live.refresh()
    assert live.timers == [[1, 500]]  # the browser runs it
    live.receive({"kind": "timer", "id": 1})
    assert ticks == [0] and live.timers == [[2, 1000]]
    live.receive({"kind": "timer", "id": 1})  # already run: nothing
    live.receive({"kind": "timer", "id": 2})
    live.receive({"kind": "timer", "id": 3})
    assert ticks == [0, 1, 2] and live.timers == []
    assert t.heading() == 342


def test_clearscreen_forgets_keys_and_clicks_and_bye_stops_everything(t):
    screen = t.screen
    screen.onkey(print, "a")
    screen.onscreenclick(print)
    screen.ontimer(print, 10)
    screen.clearscreen()
    assert not screen.events.keys and not screen.events.screen_clicks
    assert screen.events.live  # the timer still runs, as in the standard library
    screen.bye()
    assert not screen.events.live and not screen.events.pending


def test_a_mistake_in_the_pupils_function_is_said_under_the_drawing(t, live):
    def jump():
        print("hop!")
        t.forward(hight)  # noqa: F821 (the pupil's mistake)

    t.screen.onkey(jump, "space")
    codekamp.set_language("nl")
    live.receive(key(" "))
    line = jump.__code__.co_firstlineno + 2  # in a notebook: the line in the cell
    assert live.note.startswith(
        f"hop!\nFout in jump, regel {line}: NameError: name 'hight' is not defined\n"
        "    t.forward(hight)  # noqa: F821"
    )  # the pupil's own line, not Codekamp's
    assert "Python kent de naam hight niet" in live.note
    live.receive(key(" "))  # it can be pressed again; only the last lines stay
    assert live.note.count("hop!") == 2


def test_a_function_called_with_brackets_gets_a_clear_message(t):
    codekamp.set_language("nl")
    with pytest.raises(BadArgument, match=r"^onkey heeft de naam van een functie nodig"):
        t.screen.onkey(42, "space")
    with pytest.raises(BadArgument, match=r"t\.ondrag\(t\.goto\)"):
        t.ondrag("goto")


def test_clicks_use_the_world_coordinates_of_setworldcoordinates(t, live):
    where = []
    t.screen.setworldcoordinates(0, 0, 10, 10)
    t.screen.onscreenclick(lambda x, y: where.append((x, y)))
    live.receive(mouse("down", 0, 0))  # the middle of the 600 x 400 picture
    live.receive(mouse("down", -300, -200))  # its lower left corner
    assert where == [(5, 5), (0, 0)]


def test_the_help_line_says_what_the_drawing_waits_for(t, live):
    codekamp.set_language("fr")
    t.screen.onscreenclick(print)
    live.refresh()
    assert live.help == "Clique sur le dessin."
    t.screen.onkey(print, "a")
    live.refresh()
    assert live.help == "Clique sur le dessin, puis utilise les touches."


def test_a_live_drawing_also_carries_a_still_picture_for_views_without_widgets(t, live):
    t.screen.onkey(print, "a")
    t.forward(100)
    live.refresh()
    bundle = live.bundle()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == live.model_id
    assert bundle["text/html"].startswith('<img src="data:image/svg+xml;base64,')
    assert bundle["text/plain"] == "Turtle drawing: a straight line."


def test_events_without_a_screen_are_plain_data():
    events = Events()
    events.on_key(print, "a", "release")
    assert events.live
    assert events.calls_for(key("a"), lambda x, y: [])[0].function is print
    events.on_key(None, "a", "release")
    assert not events.live


def test_textinput_and_numinput_ask_under_the_cell(t, monkeypatch, capsys):
    answers = iter(["Mila", "twee", "5", "500", "50"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    codekamp.set_language("nl")
    assert t.screen.textinput("Naam", "Hoe heet je?") == "Mila"
    assert t.screen.numinput("Grootte", "Hoe groot?", 50, 10, 200) == 50
    printed = capsys.readouterr().out
    assert "Dat is geen getal" in printed and "te klein" in printed and "te groot" in printed


def test_a_loop_waiting_for_a_key_is_stopped_with_what_to_do_instead(t):
    running = True

    def stop():
        nonlocal running
        running = False

    t.screen.onkeypress(stop)
    t.screen.command_limit = 1000
    with pytest.raises(TooManySteps, match="A key or a click cannot reach a running cell"):
        while running:  # as in turtledemo's round_dance: only a key press ends it
            t.forward(1)


def test_a_loop_of_update_calls_alone_is_stopped_too(t):
    t.screen.onkeypress(print)
    t.screen.command_limit = 1000
    with pytest.raises(TooManySteps):
        while True:  # waiting for a key that cannot come, without moving
            t.screen.update()
