#!/usr/bin/env bash
# Build the turtle benchmark's own virtual environments (idempotent; safe to re-run).
#
#   .venvs/bench    driver (nbclient) + kernel for codekamp, jupyturtle, ColabTurtlePlus
#   .venvs/basthon  basthon-turtle (replaces `import turtle` via a .pth, so it is kept apart),
#                   registered as the kernelspec "codekamp-bench-basthon" inside .venvs/bench
#
# Nothing is installed into the course environment (/work/main/.venv) or the user's Jupyter
# dirs: both kernelspecs go into .venvs/bench/share/jupyter/kernels.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
# `make` puts the course's .venv first on PATH: build from the base interpreter, not from it.
PYTHON="$("$PYTHON" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')"
VENVS="$HERE/.venvs"
BENCH="$VENVS/bench"
BASTHON="$VENVS/basthon"
PIP_FLAGS=(--quiet --disable-pip-version-check)

# pip_quiet DIR ARGS...: pip install into DIR's venv, output to DIR/pip.log (shown on failure).
pip_quiet() {
    local dir="$1"; shift
    if ! "$dir/bin/python" -m pip install "${PIP_FLAGS[@]}" "$@" >"$dir/pip.log" 2>&1; then
        tail -n 30 "$dir/pip.log" >&2
        echo "setup.sh: pip install failed in $dir (full log: $dir/pip.log)" >&2
        exit 1
    fi
}

# make_venv DIR REQUIREMENTS: (re)install when the requirements file is newer than the stamp.
make_venv() {
    local dir="$1" req="$2"
    test -x "$dir/bin/python" || "$PYTHON" -m venv "$dir"
    if [ ! -f "$dir/.installed" ] || [ "$req" -nt "$dir/.installed" ]; then
        echo "setup.sh: installing $(basename "$req") into ${dir#"$REPO"/} (log: ${dir#"$REPO"/}/pip.log)"
        pip_quiet "$dir" -r "$req"
        touch "$dir/.installed"
    fi
}

make_venv "$BENCH" "$HERE/requirements-bench.txt"
make_venv "$BASTHON" "$HERE/requirements-basthon.txt"

# codekamp from this checkout, editable and without dependencies (it has none), so the
# benchmark always measures the working tree.
if [ ! -f "$BENCH/.codekamp-installed" ] || [ "$REPO/pyproject.toml" -nt "$BENCH/.codekamp-installed" ]; then
    echo "setup.sh: installing codekamp (editable) from $REPO"
    pip_quiet "$BENCH" --no-deps -e "$REPO"
    touch "$BENCH/.codekamp-installed"
fi

# Kernelspecs live inside the bench venv; bench.py puts that folder first on JUPYTER_PATH.
for spec in "codekamp-bench:$BENCH" "codekamp-bench-basthon:$BASTHON"; do
    name="${spec%%:*}" venv="${spec#*:}"
    if [ ! -f "$BENCH/share/jupyter/kernels/$name/kernel.json" ]; then
        # (its warning that this folder is not on the default search path is expected)
        if ! "$venv/bin/python" -m ipykernel install --prefix "$BENCH" --name "$name" \
            --display-name "$name" >"$BENCH/kernelspec.log" 2>&1; then
            cat "$BENCH/kernelspec.log" >&2
            exit 1
        fi
        echo "setup.sh: registered kernelspec $name -> ${venv#"$REPO"/}/bin/python"
    fi
done
echo "setup.sh: ready (${BENCH#"$REPO"/}, ${BASTHON#"$REPO"/})"
