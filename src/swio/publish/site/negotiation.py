"""HTTP content negotiation: the ``Accept`` and ``Accept-Language`` headers (RFC 9110 §12.5).

Lenient about what it cannot parse (a malformed range is skipped, not an error), strict
about what it can: a range with ``q=0`` excludes a type, and when nothing offered is
acceptable :func:`choose` returns ``None`` so the server answers 406.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_MAX_HEADER = 4096  # longer headers are cut: no legitimate Accept is that long


def _q(params: list[str]) -> float | None:
    q = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            if not 0 <= q <= 1:
                return None
    return q


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """``[(type, subtype, q)]`` from an Accept header; no header means ``*/*``."""
    if header is None or not header.strip():
        return [("*", "*", 1.0)]
    ranges = []
    for part in header[:_MAX_HEADER].split(","):
        media, *params = part.split(";")
        kind, slash, sub = media.strip().lower().partition("/")
        if not slash or not _TOKEN.match(kind) or not _TOKEN.match(sub) or (kind == "*" and sub != "*"):
            continue
        q = _q(params)
        if q is not None:
            ranges.append((kind, sub, q))
    return ranges


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offered media type the client prefers (the first offer wins ties), or ``None``."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offers:
        kind, _, sub = offer.partition("/")
        q, specificity = None, -1
        for r_kind, r_sub, r_q in ranges:
            if r_kind == kind and r_sub == sub:
                spec = 2
            elif r_kind == kind and r_sub == "*":
                spec = 1
            elif r_kind == "*":
                spec = 0
            else:
                continue
            if spec > specificity:
                q, specificity = r_q, spec
        if q is not None and q > best_q:
            best, best_q = offer, q
    return best


def choose_language(header: str | None, languages=("en", "zh"), default: str = "en") -> str:
    """``zh`` for ``Accept-Language: zh-CN,zh;q=0.9``, ``en`` for ``en-GB`` or ``*``; the default otherwise."""
    if not header:
        return default
    best, best_q = default, 0.0
    for part in header[:_MAX_HEADER].split(","):
        tag, *params = part.split(";")
        tag = tag.strip().lower()
        q = _q(params)
        if q is None or q <= 0:
            continue
        primary = tag.split("-", 1)[0]
        if primary in languages and q > best_q:
            best, best_q = primary, q
        elif tag == "*" and best_q == 0.0:
            best = default
    return best
