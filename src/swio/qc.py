"""Quality control of the graph, in the manner of ODK/ROBOT's report: SPARQL checks in ``qc/``.

Each ``qc/*.rq`` file is a SELECT whose every row is a problem (a duplicate label, a
term without a definition, a class used but not declared, ...); it carries the same
bilingual header as the canned questions (title: the check, question: what it asks,
shows: what a row means and how to fix it). :func:`run_checks` runs every check on
the ontology, the vocabularies and the data (the shipped data by default) and returns
one :class:`CheckResult` per check; the graph passes when no check returns a row.

Besides the SPARQL checks, the shipped checks include one in Python, ``sentence-values``
(:mod:`swio.sentence_values`): every typed date, year, count and amount agrees with its own
``swio:sourceText``. It runs with the shipped checks, not with a directory of one's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .errors import QueryError
from .queries.catalog import CannedQuery, bind, catalog, run_embedded
from .queries.table import ResultTable

#: The shipped checks (``qc/`` next to ``queries/``).
CHECKS_DIR = resources.ROOT / "qc"


@dataclass
class PythonCheck:
    """A check written in Python, with the header a SPARQL check has (name, title, question, shows, columns)."""

    name: str
    title: dict[str, str]
    question: dict[str, str]
    shows: dict[str, str]
    columns: list = field(default_factory=list)


@dataclass
class CheckResult:
    check: CannedQuery | PythonCheck
    table: ResultTable

    @property
    def name(self) -> str:
        return self.check.name

    @property
    def passed(self) -> bool:
        return not self.table.rows


def checks(directory: Path | str | None = None) -> dict[str, CannedQuery]:
    """The checks in ``directory`` (default: the shipped ``qc/``), by name."""
    directory = Path(directory) if directory is not None else CHECKS_DIR
    if not directory.is_dir():
        raise QueryError(f"{directory}: no such directory of QC checks")
    found = catalog(directory)
    if not found:
        raise QueryError(f"{directory}: holds no QC checks (*.rq)")
    return found


def run_checks(dataset=None, *, directory: Path | str | None = None, lang: str = "en") -> list[CheckResult]:
    """Run every check on ``dataset`` (default: the shipped graph) in name order."""
    if dataset is None:
        from .input.dataset import Dataset

        dataset = Dataset.load()
    results = [
        CheckResult(
            check, run_embedded(dataset, bind(check, lang=lang), name=f"qc/{check.name}", query=check, lang=lang)
        )
        for check in checks(directory).values()
    ]
    if directory is None:
        results.append(sentence_value_check(dataset, lang=lang))
    return results


def sentence_value_check(dataset, *, lang: str = "en") -> CheckResult:
    """Every typed date, year, count and amount against its own sentence (:mod:`swio.sentence_values`)."""
    from . import sentence_values as sv

    check = PythonCheck(sv.NAME, sv.TITLE, sv.QUESTION, sv.SHOWS, sv.columns())
    return CheckResult(check, sv.qc_table(sv.check_dataset(dataset), lang))
