"""The publication as a web site: a page per resource, term, shape and question, in Chinese and English.

``swio site`` writes it as static files (:func:`swio.publish.site.static_site.build_site`),
``swio build`` writes it into the release (:func:`write_release_site`) and
``swio serve`` answers the same files live (:mod:`swio.serve`).
"""

from __future__ import annotations

import os

from .publication import DEFAULT_BASE, MAX_RESOURCE_PAGES, Publication, pages_note

__all__ = ["DEFAULT_BASE", "Publication", "write_release_site"]


def write_release_site(
    dataset,
    emit,
    *,
    date: str,
    context: dict,
    distributions: dict,
    sparql_endpoint: str | None = None,
    resource_pages: str = "auto",
) -> str | None:
    """Write the site into a release folder through the release's ``emit(name, payload)``, under ``site/``.

    The site links to the release's files (``../swio-<version>.ttl`` …) and its ``.htaccess``
    redirects to ``$SWIO_SITE_BASE_URL`` (default: the w3id.org base itself); ``sparql_endpoint`` is a live
    endpoint the pages' navigation links to. ``resource_pages`` as for ``swio site``; returns the note to
    show when the resources got no pages of their own.
    """
    base_url = os.environ.get("SWIO_SITE_BASE_URL") or DEFAULT_BASE
    with Publication(
        dataset,
        context=context,
        date=date,
        base_url=base_url,
        distributions=distributions,
        release_href="../",
        sparql_endpoint=sparql_endpoint,
        resource_pages=resource_pages,
    ) as publication:
        jobs = max(1, min(os.cpu_count() or 1, 4))
        for name, payload in publication.files(jobs=jobs):
            emit(f"site/{name}", payload)
        if publication.has_resource_pages:
            return None
        return pages_note(publication.resource_count, MAX_RESOURCE_PAGES)
