"""Value-first scans: per-value tests on every value of a path, whoever the subject, in one query.

A property shape's per-value constraints (sh:datatype, sh:class, sh:minInclusive, ...) are tested on
every value of its path first (one scan, usually finding nothing); the few failing values are then
joined back to the shape's focus nodes (:attr:`ValueScan.finish`). Shapes constraining the same path
(sibling shapes of several classes on one property, say) share one scan: :func:`merge_scans` turns
their plans into one, each test written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .plans import Plan


@dataclass
class ValueScan:
    path: str  # the path in SPARQL syntax
    tests: list[str]  # per test, an expression true when the value ?value fails it
    finish: Callable  # {value: [flag term of each test]} (the values failing any test) -> results
    distinct: bool = False  # each distinct value tested once (the tests look up each value)


def scan_plan(scans: list[ValueScan], view: str, shape, label: str) -> Plan:
    """One plan running ``scans`` (all on the same path) as one query."""
    tests = list(dict.fromkeys(t for scan in scans for t in scan.tests))
    column = {t: f"swio_f{i}" for i, t in enumerate(tests)}
    binds = " ".join(f"BIND ({t} AS ?{column[t]})" for t in tests)
    flags = " ".join(f"?{column[t]}" for t in tests)
    failing = " || ".join(f"?{column[t]}" for t in tests)
    path = scans[0].path
    if any(scan.distinct for scan in scans):
        values = f"{{ SELECT DISTINCT ?value WHERE {{ ?swio_x {path} ?value }} }}"
    else:
        values = f"?swio_x {path} ?value ."
    query = f"SELECT DISTINCT ?value {flags} WHERE {{ {values} {binds} FILTER ({failing}) }}"

    def emit(rows):
        found = {row["value"]: {t: row[column[t]] for t in tests} for row in rows}
        for scan in scans:
            mine = {value: [flags[t] for t in scan.tests] for value, flags in found.items()}
            mine = {value: flags for value, flags in mine.items() if any(_true(f) for f in flags)}
            if mine:
                yield from (scan.finish(mine))

    return Plan(query, view, emit, shape, label, scan=scans[0] if len(scans) == 1 else None)


def merge_scans(plans: list[Plan]) -> list[Plan]:
    """``plans`` with the value-first scans of the same path and view merged into one plan each."""
    groups: dict[tuple, list[Plan]] = {}
    out = []
    for plan in plans:
        if plan.scan is None:
            out.append(plan)
        else:
            groups.setdefault((plan.scan.path, plan.view), []).append(plan)
    for (_, view), members in groups.items():
        if len(members) == 1:
            out.append(members[0])
            continue
        label = f"values of {members[0].scan.path} for {len(members)} shapes: " + ", ".join(
            sorted({part for plan in members for part in plan.label.removeprefix("values: ").split(", ")})
        )
        out.append(scan_plan([plan.scan for plan in members], view, members[0].shape, label))
    return out


def _true(flag) -> bool:
    return flag is not None and flag.value == "true"
