"""SHACL validation: a shapes model, two engines (SPARQL-on-Oxigraph and pySHACL), results."""

from .model import ShapesModel, load_shapes, read_model
from .results import Report, ValidationResult

__all__ = ["Report", "ShapesModel", "ValidationResult", "load_shapes", "read_model"]
