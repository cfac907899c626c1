"""Codekamp's classroom server: a JupyterHub for one class, on the teacher's machine.

Pupils log in with a pseudonym and the class code the teacher gives them (no e-mail, no real
names). Each pupil gets an account of their own on this machine, a folder with the lessons, and
nbgrader's Assignments tab; the teacher gets the formgrader and ``codekamp-grade`` on the
course. Everything the class makes (the hub's database, the pupils' folders, the hand-ins and
the gradebook) lives in one *state folder* the teacher chooses, outside the course checkout.

    sudo .venv/bin/codekamp-classroom start --state /srv/codekamp-class

This package is for the teacher's machine only: it is not in the pupils' browser site.
"""
