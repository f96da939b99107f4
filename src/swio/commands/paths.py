"""Checks of the file and folder names given on the command line, shared by the commands."""

from __future__ import annotations


def check_inputs(paths, option: str = "PATH") -> list[str] | None:
    """The input paths as a list (None when there are none); InputError for an empty name,
    which would otherwise mean the current directory and everything under it."""
    from ..errors import InputError

    for path in paths:
        if not str(path).strip():
            raise InputError(f"an empty {option} was given; name a .ttl file or a folder of them")
    return list(paths) or None
