"""SWIO — the Social Work Industry Organisation knowledge graph.

A notebook-friendly API over the shipped ontology, data, shapes and canned questions::

    import swio
    report = swio.validate()                      # the shipped graph, fast SPARQL engine
    table = swio.query("leaders-with-official-posts", lang="zh")
    df = table.to_dataframe()                     # needs pandas
    swio.list_queries()                           # name -> CannedQuery (titles, questions)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import EndpointError, InputError, QueryError, SwioError, ValidationFailed
from .lazy_imports import lazy_attributes

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from .input.dataset import Dataset
    from .queries.catalog import CannedQuery
    from .queries.table import ResultTable
    from .shacl.results import Report, ValidationResult
    from .shacl.validation import validate

#: The version of the package, the ontology, the shapes and the releases (pyproject.toml reads it here).
__version__ = "0.1.0"

#: Imported on first use, so that the command line starts without loading what a command does not need
#: (``swio validate`` reads the shapes and imports the engine while the data loads).
__getattr__ = lazy_attributes(
    __name__,
    {
        "Dataset": ".input.dataset",
        "CannedQuery": ".queries.catalog",
        "ResultTable": ".queries.table",
        "Report": ".shacl.results",
        "ValidationResult": ".shacl.results",
        "validate": ".shacl.validation",
    },
)


def open_dataset(paths: Iterable[str | Path] | None = None) -> Dataset:
    """The ontology, vocabularies and data (default: the shipped data) in an embedded Oxigraph store."""
    from .input.dataset import Dataset

    return Dataset.load(paths)


def load(paths: Iterable[str | Path] | None = None) -> Dataset:
    """Deprecated name of :func:`open_dataset` (``swio load`` fills a remote store; this opens the embedded one).

    Kept for the 0.x releases; it will be removed in 1.0.
    """
    import warnings

    warnings.warn(
        "swio.load() is renamed swio.open_dataset(); swio.load will be removed in 1.0",
        DeprecationWarning,
        stacklevel=2,
    )
    return open_dataset(paths)


def list_queries() -> dict[str, CannedQuery]:
    from .queries.catalog import catalog

    return catalog()


def query(
    name_or_file: str,
    *,
    params: dict[str, str] | None = None,
    lang: str = "en",
    dataset: Dataset | None = None,
    endpoint: str | None = None,
    **endpoint_options: Any,
) -> ResultTable:
    """Answer a canned question by name (or run a ``.rq`` file) on the embedded store or an endpoint."""
    from .queries.catalog import run

    return run(name_or_file, params=params, lang=lang, dataset=dataset, endpoint=endpoint, **endpoint_options)


__all__ = [
    "CannedQuery",
    "Dataset",
    "EndpointError",
    "InputError",
    "QueryError",
    "Report",
    "ResultTable",
    "SwioError",
    "ValidationFailed",
    "ValidationResult",
    "list_queries",
    "load",
    "open_dataset",
    "query",
    "validate",
    "__version__",
]
