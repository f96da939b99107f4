"""Where the shipped ontology, shapes, data and queries live.

An installed wheel carries them under ``swio/_shipped``; an editable install or a
checkout uses the repository's own ``ontology/``, ``data/``, ``queries/`` and ``source/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _root() -> Path:
    shipped = _PACKAGE_DIR / "_shipped"
    if (shipped / "ontology").is_dir():
        return shipped
    return _PACKAGE_DIR.parent.parent


ROOT = _root()
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SOURCE_DIR = ROOT / "source"

#: The source article as archived (a forum repost of the 公益时报 article; its lines of random
#: characters are the forum's anti-copy noise). ``swio:archivedCopy`` in data/sources.ttl names it.
ARTICLE_FILE = SOURCE_DIR / "000_edb6593af680b9cd.txt"

#: The text of the data's licence (CC BY 4.0), copied into every release folder.
LICENSE_DATA_FILE = ROOT / "LICENSE-DATA"

ONTOLOGY_FILE = ONTOLOGY_DIR / "swio.ttl"
VOCABULARIES_FILE = ONTOLOGY_DIR / "vocabularies.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

#: The files every validation and query loads besides the data: the ontology
#: (for rdfs:subClassOf and term labels) and the controlled vocabularies.
SCHEMA_FILES = (ONTOLOGY_FILE, VOCABULARIES_FILE)


def shipped_data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.ttl"))
