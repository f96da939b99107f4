"""What every validation run shares, embedded (:class:`.sparql_engine.Run`) or in a store
(:class:`swio.remote.validate.EndpointRun`): the class closure cache and the sh:pattern check."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.namespace import RDFS

from ..errors import InputError
from .expressions import sparql_string
from .plans import WRITTEN

_REGEX_STORE = ox.Store()  # an empty store, only to ask the SPARQL REGEX function whether a pattern compiles


class RunCommon:
    """Needs ``self.query(text, view, where)``, ``self._lock`` and ``self._closure`` (a dict)."""

    lateral = True  # the store evaluates SPARQL LATERAL (Oxigraph's SEP-0006)
    exact_terms = True  # a term from an answer, written into a query, matches exactly that term

    def union_is_the_view(self, text: str, view: str) -> bool:
        """True when the query ``text`` is evaluated over one graph (the union of the store's graphs), where a
        lookup per solution (``NOT EXISTS``) is cheaper than reading all the matching triples (``MINUS``);
        False when unknown."""
        return False

    def check_regex(self, pattern: str, flags: str | None, where: str) -> None:
        """Refuse a sh:pattern the SPARQL REGEX function cannot compile (else every value would fail)."""
        args = sparql_string(pattern) + (f", {sparql_string(flags)}" if flags else "")
        row = next(iter(_REGEX_STORE.query(f'SELECT (REGEX("", {args}) AS ?ok) WHERE {{}}')))
        if row["ok"] is None:
            flag_text = f" with flags {flags!r}" if flags else ""
            raise InputError(f"{where}: sh:pattern {pattern!r}{flag_text} is not a valid regular expression")

    def class_closure(self, cls) -> list[str]:
        """The class and its subclasses in the data graph (rdfs:subClassOf*), as IRIs."""
        key = str(cls)
        with self._lock:
            if key in self._closure:
                return self._closure[key]
        rows = self.query(
            f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>+ <{key}> }}", WRITTEN, f"the subclasses of <{key}>"
        )
        found = sorted({key} | {row["c"].value for row in rows if isinstance(row["c"], ox.NamedNode)})
        with self._lock:
            self._closure[key] = found
        return found
