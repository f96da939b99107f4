"""SHACL validation: a shapes model, two engines (SPARQL-on-Oxigraph and pySHACL), results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_imports import lazy_attributes

if TYPE_CHECKING:
    from .model import ShapesModel, load_shapes, read_model
    from .results import Report, ValidationResult

__all__ = ["Report", "ShapesModel", "ValidationResult", "load_shapes", "read_model"]

# imported on first use: rdflib takes a while to import (see swio/__init__.py)
__getattr__ = lazy_attributes(
    __name__,
    {
        "ShapesModel": ".model",
        "load_shapes": ".model",
        "read_model": ".model",
        "Report": ".results",
        "ValidationResult": ".results",
    },
)
