"""The landing page: what SWIO is, where to start, the release's files, how to cite, and schema.org JSON-LD.

The ``Dataset`` JSON-LD in the page's head is what dataset search engines read:
names and description in both languages, licence, version, date, creator, the
source article and one ``DataDownload`` per distribution of the release.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from ...namespaces import DATASET_IRI, SWIO
from . import i18n, rdfdocs, urls
from .render import Page, render

DCT = "http://purl.org/dc/terms/"
RELEASE_BASE = "https://w3id.org/swio/release/"
MEDIA = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".trig": "application/trig",
    ".csv": "text/csv",
}
KEYWORDS = (
    "social work",
    "industry associations",
    "China",
    "Hefei model",
    "linked data",
    "社会工作",
    "行业组织",
    "合肥模式",
    "知识图谱",
)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


class Landing:
    """``index.html`` (English), ``index.en.html`` and ``index.zh.html``."""

    STEM = "index"

    def __init__(self, publication):
        self.pub = publication

    def names(self) -> list[str]:
        return ["index.html", "index.en.html", "index.zh.html"]

    def files(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names():
            yield name, self.file(name)

    def file(self, name: str) -> bytes | None:
        if name == "index.html":
            return self.html("en")
        if name in ("index.en.html", "index.zh.html"):
            return self.html(name.split(".")[1])
        return None

    # -- facts from the graph ------------------------------------------------------------
    def article(self) -> tuple[str | None, list[str]]:
        """The source article (a bibliographic resource with parts) and its parts, in the article's order."""
        rows = list(
            self.pub.dataset.query(
                f"SELECT ?a ?part WHERE {{ ?a a <{DCT}BibliographicResource> ; <{DCT}hasPart> ?part . "
                f"OPTIONAL {{ ?part <{SWIO}ordinal> ?n }} }} ORDER BY ?a ?n ?part"
            )
        )
        if not rows:
            return None, []
        first = rows[0]["a"].value
        return first, [r["part"].value for r in rows if r["a"].value == first]

    def models(self, limit: int = 12) -> list[str]:
        """The models in the order of the cases that present them (①–⑤), then any other model by IRI."""
        # the grouping in a subquery: Virtuoso refuses to order by an aggregate's name in the same query
        rows = self.pub.dataset.query(
            f"SELECT ?m ?case WHERE {{ {{ SELECT ?m (MIN(?n) AS ?case) WHERE {{ ?m a <{SWIO}OrganisationalModel> "
            f"FILTER isIRI(?m) OPTIONAL {{ ?c <{SWIO}presentsModel> ?m ; <{SWIO}ordinal> ?n }} }} GROUP BY ?m }} }} "
            f"ORDER BY (!BOUND(?case)) ?case ?m LIMIT {limit}"
        )
        return [r["m"].value for r in rows]

    def original_citation(self, lang: str) -> str | None:
        """The citation of the original article (its dcterms:bibliographicCitation), in ``lang`` if it has one."""
        rows = self.pub.dataset.query(
            f"SELECT ?c WHERE {{ ?copy <{SWIO}archivedCopy> ?file ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?a . "
            f"?a <{DCT}bibliographicCitation> ?c }}"
        )
        texts = {r["c"].language: r["c"].value for r in rows}
        return texts.get(lang) or next(iter(texts.values()), None)

    def featured(self, cls: str, limit: int = 12) -> list[str]:
        rows = self.pub.dataset.query(
            f"SELECT DISTINCT ?x WHERE {{ ?x a <{cls}> FILTER isIRI(?x) }} ORDER BY ?x LIMIT {limit}"
        )
        return [r["x"].value for r in rows]

    def distributions(self) -> list[dict]:
        info = self.pub.info
        out = []
        for name, (size, digest) in sorted(info.distributions.items()):
            suffix = "." + name.rsplit(".", 1)[-1]
            out.append(
                {
                    "name": name,
                    "href": info.release_href + name,
                    "media": MEDIA.get(suffix, ""),
                    "size": _size(size),
                    "bytes": size,
                    "sha256": digest,
                    "url": f"{RELEASE_BASE}{info.version}/{name}",
                }
            )
        return out

    def schema_org(self, lang: str, distributions: list[dict], article: str | None) -> str:
        info = self.pub.info
        other = "zh" if lang == "en" else "en"
        data = {
            "@context": "https://schema.org/",
            "@type": "Dataset",
            "@id": DATASET_IRI,
            "name": i18n.text("site_long", lang),
            "alternateName": i18n.text("site_long", other),
            "description": " ".join(filter(None, (i18n.text("landing_lead", lang), info.description.get(lang, "")))),
            "url": info.base_url + "/",
            "identifier": DATASET_IRI,
            "sameAs": "https://w3id.org/swio/",
            "version": info.version,
            "datePublished": info.date,
            "license": info.licence,
            "isAccessibleForFree": True,
            "inLanguage": ["zh", "en"],
            "keywords": list(KEYWORDS),
            "creator": {
                "@type": "Organization",
                "name": info.creators.get("en") or info.creators.get("", "SWIO"),
                "alternateName": info.creators.get("zh", ""),
            },
            "spatialCoverage": {"@type": "Place", "name": "China"},
            "includedInDataCatalog": {"@type": "DataCatalog", "name": "SWIO releases", "url": RELEASE_BASE},
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": d["name"],
                    "encodingFormat": d["media"],
                    "contentUrl": d["url"],
                    "contentSize": f"{d['bytes']} B",
                }
                for d in distributions
            ],
        }
        if article:
            labels = self.pub.naming.labels(article)
            data["isBasedOn"] = {
                "@type": "CreativeWork",
                "@id": article,
                "name": labels.get("zh") or labels.get("en", ""),
                "alternateName": labels.get("en", ""),
                "inLanguage": "zh",
            }
        if not distributions:
            data["distribution"] = [
                {
                    "@type": "DataDownload",
                    "name": f"{stem}.{fmt}",
                    "encodingFormat": rdfdocs.FORMATS[fmt][1],
                    "contentUrl": f"{info.base_url}/{stem}.{fmt}",
                }
                for stem in ("def", "shapes")
                for fmt in rdfdocs.FORMATS
            ]
        return rdfdocs.schema_org_json(data)

    def citation(self, lang: str) -> str:
        info = self.pub.info
        creator = info.creators.get(lang) or info.creators.get("en") or "SWIO"
        title = i18n.text("site_long", lang)
        year = info.date[:4]
        if lang == "zh":
            return f"{creator}（{year}）。{title}，版本 {info.version} [数据集]。https://w3id.org/swio/"
        return f"{creator} ({year}). {title} (version {info.version}) [Data set]. https://w3id.org/swio/"

    def html(self, lang: str) -> bytes:
        pub = self.pub
        page = Page(self.STEM, lang, title=i18n.text("home", lang), site=pub.info)
        # index.html is the English page under another name: its links are the same (same folder)
        naming = pub.naming
        article, parts = self.article()
        distributions = self.distributions()
        doc = next(p for p in pub.producers if p.STEM == "def")
        questions = pub.questions

        def link(iri):
            return {
                "text": naming.label(iri, lang),
                "href": naming.href(iri, lang, page.file),
                "curie": naming.curie(iri),
            }

        figures = [
            (f"{len(pub.dataset):,}", i18n.text("triples", lang)),
            (f"{pub.index.count_subjects(urls.ID_BASE):,}", i18n.text("resources", lang)),
            (f"{len(doc.documented()):,}", i18n.text("terms", lang)),
            (f"{len(questions.catalog)}", i18n.text("question_count", lang)),
        ]
        absolute = pub.info.release_href.startswith(("http://", "https://"))
        release = {"void": pub.info.release_href + "void.ttl", "folder": pub.info.release_href if absolute else None}
        return render(
            "landing.html",
            page,
            title=i18n.text("site_long", lang),
            description=pub.info.description.get(lang, ""),
            figures=figures,
            models=[link(i) for i in self.models()],
            article=link(article) if article else None,
            parts=[link(p) for p in parts],
            distributions=distributions,
            release=release,
            citation=self.citation(lang),
            original=self.original_citation(lang),
            source_page=page.rel_page("source/article"),
            jsonld=Markup(self.schema_org(lang, distributions, article)),
        )
