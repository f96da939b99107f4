"""Names of a package imported on first use (PEP 562), so a command starts without what it does not need."""

from __future__ import annotations

import importlib
import sys


def lazy_attributes(package: str, modules: dict[str, str]):
    """A module ``__getattr__`` for ``package`` that imports each name in ``modules`` (name -> relative module)
    on first use and keeps it."""

    def __getattr__(name: str):
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(modules[name], package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
