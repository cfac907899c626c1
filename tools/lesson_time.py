"""How long does a lesson's core take a 12-year-old? An estimate from its words and exercises.

The model (calibrated on the 2026-11-29 reviews, where teachers timed the first drafts):

- 3 minutes to start (open the notebook, settle);
- reading: the prose of the markdown cells at 120 words a minute (fenced code blocks,
  ``<details>`` blocks and ``self-check`` cells are not read in the core: they are for checking);
- 1 minute for each code cell the pupil only runs and looks at;
- 2 minutes for each cell that shows an error on purpose (``raises-exception``): read it, fix it;
- 5 minutes for each ``exercise`` cell: try, get stuck, recover.

Cells tagged ``optional`` (challenges, extra parts) are not in the core. The core of a lesson
must fit one 50-minute period (``tests/test_lesson_time.py``).

Usage: ``python tools/lesson_time.py notebooks/nl/01-schildpad-les.ipynb [...]``
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PERIOD_MINUTES = 50
START_MINUTES = 3
WORDS_PER_MINUTE = 120
RUN_MINUTES = 1
OOPS_MINUTES = 2
EXERCISE_MINUTES = 5

_FENCED = re.compile(r"```.*?```", re.S)
_DETAILS = re.compile(r"<details>.*?</details>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_IMAGES = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_WORD = re.compile(r"[\w'’`]+")


@dataclass(frozen=True)
class Estimate:
    """What a lesson's core holds, and the minutes the model gives it."""

    words: int
    runs: int
    oops: int
    exercises: int
    optional_cells: int

    @property
    def minutes(self) -> float:
        return (
            START_MINUTES
            + self.words / WORDS_PER_MINUTE
            + self.runs * RUN_MINUTES
            + self.oops * OOPS_MINUTES
            + self.exercises * EXERCISE_MINUTES
        )


def prose_words(markdown: str) -> int:
    """The words a pupil reads in a markdown cell: no code blocks, folded parts or images."""
    text = _DETAILS.sub(" ", _FENCED.sub(" ", markdown))
    text = _TAGS.sub(" ", _IMAGES.sub(" ", text))
    return len(_WORD.findall(text))


def estimate(notebook: dict) -> Estimate:
    """Count the core of a lesson notebook (a dict as read from the .ipynb)."""
    words = runs = oops = exercises = optional = 0
    for cell in notebook["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if "optional" in tags:
            optional += 1
            continue
        if cell["cell_type"] == "markdown":
            if "self-check" not in tags:
                words += prose_words(source)
        elif cell["cell_type"] == "code":
            if "exercise" in tags:
                exercises += 1
            elif "raises-exception" in tags:
                oops += 1
            else:
                runs += 1
    return Estimate(words, runs, oops, exercises, optional)


def main(paths: list[str]) -> int:
    for path in paths:
        found = estimate(json.loads(Path(path).read_text(encoding="utf-8")))
        verdict = "fits" if found.minutes <= PERIOD_MINUTES else "TOO LONG"
        print(
            f"{path}: {found.minutes:.0f} min ({verdict}) = {START_MINUTES} start"
            f" + {found.words} words ({found.words / WORDS_PER_MINUTE:.1f})"
            f" + {found.runs} runs + {found.oops} oops x{OOPS_MINUTES}"
            f" + {found.exercises} exercises x{EXERCISE_MINUTES};"
            f" {found.optional_cells} optional cells not counted"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or sorted(str(p) for p in Path("notebooks").glob("*/*.ipynb"))))
