"""``swio site``: write the whole site as static files, atomically (a folder swapped in when complete)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ...input.dataset import Dataset
from ..folder import FolderWriter, Kind, check_target
from ..release import jsonld_context, release_date
from .publication import DEFAULT_BASE, MAX_RESOURCE_PAGES, Publication, pages_note

#: A web site: its landing page and redirect rules, every file listed in SHA256SUMS.
SITE = Kind("web site", ("index.html", ".htaccess"))


@dataclass
class SiteResult:
    out: Path
    files: int
    bytes: int
    resources: int  # resource pages written
    seconds: float
    without_pages: int = 0  # resources with no page of their own (a graph over the limit)
    limit: int = MAX_RESOURCE_PAGES

    def note(self) -> str | None:
        """One line saying that the resources have no pages, and where they can be served from, if so."""
        return pages_note(self.without_pages, self.limit)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def build_site(
    out: str | Path,
    data_paths=None,
    *,
    base_url: str = DEFAULT_BASE,
    date: str | None = None,
    dataset: Dataset | None = None,
    jobs: int | None = None,
    sparql_endpoint: str | None = None,
    resource_pages: str = "auto",
    max_resource_pages: int = MAX_RESOURCE_PAGES,
) -> SiteResult:
    """Load the graph (default: the shipped data) and write its site to ``out`` (replaced whole).

    ``jobs`` processes make the resource pages (default: the CPUs, at most 4); the bytes are the same.
    ``sparql_endpoint``: a live endpoint over the same graph, linked from every page's navigation.
    ``resource_pages``: ``auto`` writes a page per resource when the graph has at most ``max_resource_pages``
    resources, ``all`` always, ``none`` never (the other pages link to the resources' IRIs instead).
    """
    started = time.perf_counter()
    check_target(out, SITE)  # before any work
    dataset = dataset or Dataset.load(data_paths)
    day = release_date(date, "") or None  # pinned or SOURCE_DATE_EPOCH; else the ontology's dcterms:modified
    files = size = 0
    with FolderWriter.open(out, SITE) as writer:
        with Publication(
            dataset,
            context=jsonld_context(dataset),
            date=day,
            base_url=base_url,
            sparql_endpoint=sparql_endpoint,
            resource_pages=resource_pages,
            max_resource_pages=max_resource_pages,
        ) as publication:
            for name, payload in publication.files(jobs=jobs or default_jobs()):
                writer.emit(name, payload)
                files += 1
                size += len(payload)
            pages = publication.has_resource_pages
            resources = publication.resource_count
        writer.publish()
    return SiteResult(
        out=Path(out),
        files=files,
        bytes=size,
        resources=resources if pages else 0,
        seconds=time.perf_counter() - started,
        without_pages=0 if pages else resources,
        limit=max_resource_pages,
    )
