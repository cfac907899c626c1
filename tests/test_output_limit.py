"""codekamp.output_limit: one cell may print so much, then one kind sentence, then nothing."""

import io

import codekamp
from codekamp.output_limit import Budget, limit_stream


def test_text_within_the_budget_passes_unchanged():
    stream, budget = io.StringIO(), Budget(limit=20)
    assert limit_stream(stream, budget)
    print("hoi", file=stream)
    print("hallo", file=stream)
    assert stream.getvalue() == "hoi\nhallo\n"


def test_past_the_budget_one_warning_then_silence():
    codekamp.set_language("en")
    stream, budget = io.StringIO(), Budget(limit=10)
    limit_stream(stream, budget)
    for _ in range(100):
        print("hoi", file=stream)
    shown = stream.getvalue()
    assert shown.startswith("hoi\nhoi\nho\n✋ Codekamp stops showing")
    assert shown.count("✋") == 1 and shown.count("hoi") == 2


def test_a_new_cell_starts_a_new_budget():
    stream, budget = io.StringIO(), Budget(limit=5)
    limit_stream(stream, budget)
    stream.write("123456789")
    budget.reset()
    stream.write("abc")
    assert stream.getvalue().endswith("abc")


def test_a_stream_is_wrapped_only_once():
    stream, budget = io.StringIO(), Budget(limit=5)
    assert limit_stream(stream, budget)
    assert not limit_stream(stream, budget)


def test_in_the_browser_the_warning_says_to_restart_since_stop_cannot_stop_python():
    """In JupyterLite the stop button ■ cannot interrupt Python (seen in Chromium: a
    `while True` loop keeps running); restarting the kernel (↻) stops it and keeps the notebook."""
    from codekamp.output_limit import stop_message

    codekamp.set_language("nl")
    try:
        in_lab, in_browser = stop_message(1000, "linux"), stop_message(1000, "emscripten")
    finally:
        codekamp.set_language("en")
    assert "■" in in_lab and "↻" not in in_lab
    assert "↻" in in_browser and "■" not in in_browser
    assert "herstarten" in in_browser and "1 000" in in_browser
