"""What codekamp does, written down as JSON: run by tests/test_pyodide.py both in CPython and
in Pyodide (the Python of JupyterLite), which must agree.

Reads ``mistakes.json`` (hint cases: name -> code) from the working folder; prints one JSON
object.
"""

import json
import math
import sys

import codekamp
import codekamp.turtle as turtle
from codekamp import check, hints
from codekamp.turtle import RawTurtle, TurtleScreen, compare, drawing_of


def square(t, size=100):
    for _ in range(4):
        t.forward(size)
        t.left(90)


def spiral(t):
    t.speed(6)
    colours = ["red", "orange", "gold", "green", "blue", "purple"]
    for step in range(120):
        t.pencolor(colours[step % 6])
        t.width(1 + step // 40)
        t.forward(step * 2)
        t.left(59)


def house(t):
    t.fillcolor("lightblue")
    t.begin_fill()
    square(t)
    t.end_fill()
    t.left(90)
    t.forward(100)
    t.right(30)
    t.fillcolor("brown")
    t.begin_fill()
    for _ in range(3):
        t.forward(100)
        t.right(120)
    t.end_fill()
    t.penup()
    t.goto(20, -30)
    t.dot(12, "gold")
    t.write("Thuis", align="left", font=("Arial", 14, "bold"))
    t.circle(40, extent=180, steps=12)


def square_the_other_way():
    """The same square, drawn the other way round and in half steps."""
    turtle.left(90)
    for _ in range(4):
        turtle.forward(50)
        turtle.forward(50)
        turtle.right(90)


def three_sides():
    for _ in range(3):
        turtle.forward(100)
        turtle.left(90)


def picture(program):
    t = RawTurtle(TurtleScreen())
    program(t)
    return t.screen.svg(animate="all")


def message(action):
    try:
        action()
    except Exception as error:  # the message the pupil would read
        return f"{type(error).__name__}: {error}"
    return None


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __repr__(self):
        return "AlwaysEqual()"


def hint(code, language):
    namespace = {}
    exec("from codekamp.turtle import *", namespace)
    try:
        exec(compile(code, "<cell>", "exec"), namespace)
    except BaseException as error:
        codekamp.set_language(language)
        return hints.hint_for(error, namespace)
    return "(no error)"


def in_language(language, mistakes):
    """What a pupil reads in ``language``: turtle messages, checks, comparisons and hints."""
    codekamp.set_language(language)
    t = RawTurtle(TurtleScreen())
    the_square = drawing_of(lambda: square(turtle.getturtle()))
    return {
        "compare same": bool(compare(drawing_of(square_the_other_way), the_square)),
        "compare missing": compare(drawing_of(three_sides), the_square).describe(),
        "turtle": [
            message(lambda: t.forward("10")),
            message(lambda: t.forward()),
            message(lambda: t.left(None)),
            message(lambda: t.pencolor("rood")),
            message(lambda: t.forward(math.nan)),
        ],
        "checks": [
            message(lambda: check.expect_equal("12", 12, what="total")),
            message(lambda: check.expect_equal(AlwaysEqual(), 12, what="total")),
            message(lambda: check.expect_equal(True, 1, what="answer")),
            message(lambda: check.expect_close(3.2, 3.14, what="pi", tolerance=0.01)),
            message(lambda: check.expect_equal(12, 12, what="total")),
        ],
        "hints": {name: hint(code, language) for name, code in mistakes.items()},
    }


def robot_maze():
    """A generated maze solved by the right-hand rule, as the picture the notebook shows."""
    from codekamp.robot import generators, run_on
    from codekamp.robot.picture import describe_stage, scene_of
    from codekamp.turtle.svg import render

    def follow_the_right_wall():
        from codekamp.robot import at_goal, front_is_clear, move, right_is_clear, turn_left

        while not at_goal():
            if right_is_clear():
                for _ in range(3):
                    turn_left()
                move()
            elif front_is_clear():
                move()
            else:
                turn_left()

    stage, _error = run_on(follow_the_right_wall, generators.maze(4, 6, 5))
    return render(scene_of(stage), describe_stage(stage))


def robot_words(language):
    """What the robot says in ``language``: a crash, a map mistake, the picture's words."""
    from codekamp.robot import parse, run_on
    from codekamp.robot.picture import describe_stage

    codekamp.set_language(language)

    def into_the_wall():
        from codekamp.robot import move

        move()
        move()

    stage, error = run_on(into_the_wall, parse("> .|G"))
    return [str(error), message(lambda: parse("> . ?")), describe_stage(stage)]


def data_sets():
    """The course's data files and cards, read from the installed package as a lesson does."""
    import csv

    from codekamp import datasets

    with open(datasets.path("regions-2024.csv"), encoding="utf-8") as file:
        total = sum(int(row["population"]) for row in csv.DictReader(file))
    return {"names": datasets.names(), "belgium": total, "card": datasets.card("penguins", "nl")}


with open("mistakes.json", encoding="utf-8") as file:
    mistakes = json.load(file)

results = {"platform": sys.platform, "svg": {}, "languages": {}}
for name, program in [("square", square), ("spiral", spiral), ("house", house)]:
    results["svg"][name] = picture(program)
results["languages"] = {
    language: in_language(language, mistakes) for language in ("nl", "fr", "en")
}
results["robot"] = {
    "maze": robot_maze(),
    "words": {language: robot_words(language) for language in ("nl", "fr", "en")},
}
results["data"] = data_sets()
print(json.dumps(results, ensure_ascii=False, sort_keys=True))
