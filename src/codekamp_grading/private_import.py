"""Loading Codekamp's own packages a second time, privately, for the judge in a pupil's kernel.

While a pupil's notebook is graded, their code runs in the same Python process as the tests.
Anything the tests import the usual way (``sys.modules``) the pupil's code can reach and
change: replace a check, patch a class, rebind a function. So the judge gets its own copies:
``codekamp`` and ``codekamp_grading`` loaded from their files once more, before any pupil code
runs, into module objects that no public place refers to (they are taken out of
``sys.modules`` again at once). Their functions look names up in their own module dicts, which
pupil code cannot find.

Each private module also gets a private copy of the built-ins, whose ``__import__``:

- gives private modules for ``codekamp``/``codekamp_grading`` names;
- refuses IPython, ipykernel and ctypes (the judge must never hand its objects to the pupil's
  IPython, and never needs ctypes);
- gives every other module (``math``, ``re``, …) as a private copy of its namespace, taken
  the first time: replacing ``math.sqrt`` in the pupil's process does not reach the judge.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable, Iterable, Sequence
from typing import Any

PRIVATE_PACKAGES = frozenset({"codekamp", "codekamp_grading"})
REFUSED = frozenset({"IPython", "ipykernel", "ipywidgets", "ctypes", "_ctypes", "debugpy"})
# Shared as they are: the real ``sys`` (the judge swaps sys.stdout) and the built-ins module.
SHARED = frozenset({"sys", "builtins"})


class PrivateModules:
    """A private copy of some of Codekamp's modules, and the ``__import__`` they use."""

    def __init__(self) -> None:
        self.modules: dict[str, types.ModuleType] = {}
        self.copies: dict[str, types.ModuleType] = {}
        self.builtins: dict[str, Any] = dict(vars(builtins))
        self.builtins["__import__"] = self._import
        self._real_import = builtins.__import__
        self._loading = False

    def load(self, names: Iterable[str], inside: Callable[[], object] | None = None) -> None:
        """Import ``names`` (and what they import of Codekamp) privately; ``inside`` is
        called while the private modules are still the ones ``import`` finds."""
        public = {name: sys.modules.pop(name) for name in list(sys.modules) if _ours(name)}
        finder = _PrivateFinder(self.builtins)
        sys.meta_path.insert(0, finder)
        self._loading = True
        try:
            for name in names:
                importlib.import_module(name)
            if inside is not None:
                inside()
        finally:
            self._loading = False
            sys.meta_path.remove(finder)
            for name in [name for name in sys.modules if _ours(name)]:
                self.modules[name] = sys.modules.pop(name)
            sys.modules.update(public)

    def handover(self) -> PrivateModules:
        """The same private modules, now served by the *private* copy of this module.

        The ``__import__`` of the private built-ins must itself be private: the public copy
        of this module sits in ``sys.modules``, where a pupil's code could change it.
        """
        private_class = self.modules[__name__].PrivateModules
        twin = private_class.__new__(private_class)
        vars(twin).update(vars(self))
        twin.builtins["__import__"] = twin._import
        return twin

    def code_globals(self) -> frozenset[int]:
        """The identities of the private modules' namespaces (to recognise the judge's code)."""
        return frozenset(id(vars(module)) for module in self.modules.values())

    def _import(
        self,
        name: str,
        globals: dict | None = None,  # noqa: A002 (the signature of __import__)
        locals: dict | None = None,  # noqa: A002
        fromlist: Sequence[str] = (),
        level: int = 0,
    ) -> types.ModuleType:
        if level:
            name = _absolute(name, (globals or {}).get("__package__") or "", level)
        top = name.partition(".")[0]
        if top in REFUSED:
            raise ImportError(f"{name} is not available to Codekamp's judge")
        if top in PRIVATE_PACKAGES:
            if self._loading:
                return self._real_import(name, globals, locals, fromlist, 0)
            if name not in self.modules:
                raise ImportError(f"{name} was not loaded for Codekamp's judge")
            return self.modules[name] if fromlist else self.modules[top]
        module = self._real_import(name, globals, locals, fromlist, 0)
        if top in SHARED:
            return module
        if fromlist:
            return self._copy(module)
        self._copy(sys.modules[name])  # so that later `import a.b` finds a.b in the copy
        return self._copy(module)

    def _copy(self, module: types.ModuleType) -> types.ModuleType:
        """A module object with a copy of ``module``'s namespace, made once."""
        name = module.__name__
        if name not in self.copies:
            copy = types.ModuleType(name)
            vars(copy).update(vars(module))
            self.copies[name] = copy
            parent, _, child = name.rpartition(".")
            if parent in self.copies:
                setattr(self.copies[parent], child, copy)
        return self.copies[name]


class _PrivateFinder(importlib.abc.MetaPathFinder):
    """Finds Codekamp's modules as usual, but executes them with the private built-ins."""

    def __init__(self, private_builtins: dict[str, Any]) -> None:
        self.private_builtins = private_builtins

    def find_spec(self, name: str, path: Any = None, target: Any = None):
        if not _ours(name):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _PrivateLoader(spec.loader, self.private_builtins)
        return spec


class _PrivateLoader(importlib.abc.Loader):
    def __init__(self, loader: Any, private_builtins: dict[str, Any]) -> None:
        self.loader = loader
        self.private_builtins = private_builtins

    def create_module(self, spec: Any) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        # Set before the module's code runs: every function it defines keeps these built-ins.
        vars(module)["__builtins__"] = self.private_builtins
        self.loader.exec_module(module)

    def get_resource_reader(self, name: str) -> Any:  # for importlib.resources (.po files)
        return self.loader.get_resource_reader(name)


def _ours(name: str) -> bool:
    return name.partition(".")[0] in PRIVATE_PACKAGES


def _absolute(name: str, package: str, level: int) -> str:
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{name}" if name else base
