"""A validation report as SARIF 2.1.0 (``swio validate --format sarif``), for GitHub code scanning and editors.

One run; its tool is swio, whose rules are the constraints that produced results: one rule per
source shape and constraint component (``swiosh:PostShape/org:postIn/sh:MinCountConstraintComponent``:
the node shape, the path when the constraint sits in a property shape, the component), described by
the shape's ``sh:message`` in the chosen language. Each result has

* ``level`` from the severity: ``sh:Violation`` error, ``sh:Warning`` warning, ``sh:Info`` note;
* ``message.text`` in the chosen language (every language in ``properties.messages``);
* a physical location: the file the focus node is defined in, as a URI relative to the repository
  root (``uriBaseId`` ``SRCROOT``), and ``region.startLine`` when the line is known;
* a logical location: the focus node's IRI (``fullyQualifiedName``);
* ``partialFingerprints["swio/v1"]``: a hash of rule, focus node, path and value, so the same
  problem keeps its identity when lines move.

The repository root is the nearest folder above the working directory holding ``.git`` (else the
working directory); files outside it get an absolute ``file:`` URI.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from rdflib import BNode, Literal, URIRef

from ..namespaces import ONTOLOGY_IRI, SH
from .json_stream import PLACEHOLDER, json_around
from .report_terms import sh_iri, short_path
from .results import Report, ValidationResult, generic_message, short_name, term_key, term_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
ROOT_ID = "SRCROOT"
FINGERPRINT = "swio/v1"
SHACL_SPEC = "https://www.w3.org/TR/shacl/"


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory) holding ``.git``; else ``start``."""
    start = (start or Path.cwd()).resolve()
    return next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), start)


def artifact_location(path: Path, root: Path) -> dict:
    """``{"uri": "data/hefei.ttl", "uriBaseId": "SRCROOT"}``, or an absolute ``file:`` URI outside ``root``."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(root)
    except ValueError:
        return {"uri": resolved.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": ROOT_ID}


def rule_id(r: ValidationResult, prefixes: dict[str, str]) -> str:
    """The constraint's identity: its shape (the node shape plus the path for a blank property shape) and component."""
    if isinstance(r.shape, URIRef):
        shape = short_name(str(r.shape), prefixes)
    else:
        shape = short_name(str(r.named_shape), prefixes)
        if r.path:
            shape += "/" + short_path(r.path, prefixes)
    return f"{shape}/{short_name(str(sh_iri(r.component)), prefixes)}"


def render_sarif(report: Report, *, lang: str = "en", strict: bool = False, root: Path | None = None) -> str:
    """The SARIF 2.1.0 log (JSON text) of ``report``, messages in ``lang``."""
    return "".join(sarif_chunks(report, lang=lang, strict=strict, root=root))


def sarif_chunks(report: Report, *, lang: str = "en", strict: bool = False, root: Path | None = None):
    """The SARIF 2.1.0 log of ``report`` as pieces of text, a few hundred results each (the rules first:
    one pass over the results finds them)."""
    from .. import __version__

    root = repository_root() if root is None else Path(root).resolve()
    p = report.prefixes
    artifacts = [
        {"location": artifact_location(f, root), "roles": ["analysisTarget"], "mimeType": _mime_type(f)}
        for f in report.files
    ]
    artifact_index = {Path(f).resolve(): i for i, f in enumerate(report.files)}
    rules: list[dict] = []
    rule_index: dict[str, int] = {}
    rule_ids = []
    for r in report.results:
        rid = rule_id(r, p)
        rule_ids.append(rid)
        if rid not in rule_index:
            rule_index[rid] = len(rules)
            rules.append(_rule(rid, r, lang, p))
    locations: dict = {}  # file -> its artifact location (resolved once)

    def result(r: ValidationResult, rid: str) -> dict:
        location: dict = {}
        if r.file is not None:
            if r.file not in locations:
                artifact = artifact_location(r.file, root)
                index = artifact_index.get(Path(r.file).resolve())
                if index is not None:
                    artifact["index"] = index
                locations[r.file] = artifact
            location["physicalLocation"] = {"artifactLocation": dict(locations[r.file])}
            if r.line:
                location["physicalLocation"]["region"] = {"startLine": r.line}
            if r.cell is not None:  # a spreadsheet: the row and column of the cell
                location["physicalLocation"]["region"] = {"startLine": r.cell.row, "startColumn": r.cell.column}
                location["physicalLocation"]["properties"] = {"sheet": r.cell.sheet, "cell": r.cell.a1}
        location["logicalLocations"] = [_logical_location(r.focus, p)]
        if r.cell is not None:
            location["logicalLocations"].append(
                {"name": r.cell.a1, "fullyQualifiedName": f"{r.cell.sheet}!{r.cell.a1}", "kind": "element"}
            )
        properties = {
            "severity": str(sh_iri(r.severity)),
            "focusNode": str(r.focus),
            "resultPath": r.path,
            "value": term_text(r.value, p) if r.value is not None else None,
            "sourceShape": str(r.shape) if isinstance(r.shape, URIRef) else None,
            "messages": r.messages(p),
        }
        return {
            "ruleId": rid,
            "ruleIndex": rule_index[rid],
            "level": LEVELS.get(r.severity, "error"),
            "message": {"text": r.message(lang, p)},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT: _fingerprint(rid, r)},
            "properties": properties,
        }

    counts = {"violations": report.violations, "warnings": report.warnings, "infos": report.infos}
    if report.others:
        counts["other"] = dict(report.others)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "swio",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": ONTOLOGY_IRI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
                "artifacts": artifacts,
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "exitCode": report.exit_code(strict),
                        "properties": {"engine": report.engine, "triples": report.triples, "strict": strict},
                    }
                ],
                "language": lang,
                "columnKind": "unicodeCodePoints",
                "results": PLACEHOLDER,
                "properties": {
                    "conforms": report.total == 0,
                    "counts": counts,
                    "total": report.total,
                    "truncated": report.truncated,
                },
            }
        ],
    }
    yield from json_around(log, (result(r, rid) for r, rid in zip(report.results, rule_ids)))


_MIME_TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv"}


def _mime_type(path) -> str:
    return _MIME_TYPES.get(Path(path).suffix.lower(), "text/turtle")


def _rule(rid: str, r: ValidationResult, lang: str, prefixes: dict[str, str]) -> dict:
    component = sh_iri(r.component)
    description = _template(r, lang) or generic_message(r)
    where = short_name(str(r.named_shape), prefixes) + (f", path {short_path(r.path, prefixes)}" if r.path else "")
    rule = {
        "id": rid,
        "name": component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent") or str(component),
        "shortDescription": {"text": description},
        "fullDescription": {"text": f"{description} ({where}; {short_name(str(component), prefixes)})"},
        "defaultConfiguration": {"level": LEVELS.get(r.severity, "error")},
        "properties": {
            "shape": str(r.named_shape),
            "sourceShape": str(r.shape) if isinstance(r.shape, URIRef) else None,
            "path": r.path,
            "component": str(component),
            "tags": ["shacl", r.severity.lower()],
        },
    }
    if str(component).startswith(SH):
        rule["helpUri"] = SHACL_SPEC + "#" + str(component)[len(SH) :]
    return rule


def _template(r: ValidationResult, lang: str) -> str | None:
    """The shape's sh:message in ``lang`` (else English, else untagged), its {$variables} unfilled."""
    by_lang = {}
    for template in r.templates:
        by_lang.setdefault(template.language or "", str(template))
    return by_lang.get(lang) or by_lang.get("en") or by_lang.get("") or next(iter(by_lang.values()), None)


def _logical_location(focus, prefixes: dict[str, str]) -> dict:
    if isinstance(focus, URIRef):
        return {"name": short_name(str(focus), prefixes), "fullyQualifiedName": str(focus), "kind": "resource"}
    kind = "value" if isinstance(focus, Literal) else "object" if isinstance(focus, BNode) else "resource"
    return {"name": term_text(focus, prefixes), "kind": kind}


def _fingerprint(rid: str, r: ValidationResult) -> str:
    identity = "\x1f".join((rid, r.severity, term_key(r.focus), r.path or "", term_key(r.value)))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()
