"""Teacher-side tools of Codekamp: nbgrader steps and course layout helpers.

Unlike ``codekamp`` (what pupils import), this package depends on nbgrader and nbformat
and is only used where assignments are generated and graded.
"""
