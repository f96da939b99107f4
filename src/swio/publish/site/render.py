"""Jinja2 templates (shipped in ``templates/``) and what every page shares: header, language switch, footer.

The header and footer depend only on the page's language, folder and section, so
they are made once per combination (a site has a hundred thousand pages and a
handful of combinations) and the templates insert them.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from . import fragments, i18n, urls

NAV = (
    ("home", "index"),
    ("ontology", "def"),
    ("shapes", "shapes"),
    ("questions", "queries/index"),
    ("pictures", "pictures/index"),
    ("browse", "browse/index"),
    ("cheatsheet", "sparql-cheatsheet"),
)
SWITCH = "\x00switch\x00"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("swio.publish.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals["fr"] = fragments
    return env


def html_lang(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else lang


#: where the navigation's SPARQL link goes: the served page (``swio serve``) or a live endpoint's URL
SERVED = "served"


def search_box(lang: str, here: str) -> str:
    """The search box of every page (``static/search.js`` makes it a combobox over ``search/index.js``;
    without scripts it submits to the search page)."""

    def t(key: str) -> str:
        return escape(i18n.text(key, lang))

    root = urls.relative(here, "x")[:-1]
    messages = " ".join(
        f'data-msg-{name}="{t("search_" + name)}"'
        for name in ("loading", "failed", "count", "none", "found", "more", "all")
    )
    action = escape(urls.relative(here, urls.file_name("search", lang)))
    return (
        f'  <form class="site-search" id="site-search" role="search" method="get" action="{action}" '
        f'data-root="{escape(root)}" data-lang="{lang}" {messages}>\n'
        f'    <label for="site-search-q" class="visually-hidden">{t("search_label")}</label>\n'
        f'    <input id="site-search-q" name="q" type="search" role="combobox" aria-autocomplete="list" '
        f'aria-expanded="false" aria-controls="site-search-list" autocomplete="off" spellcheck="false" '
        f'placeholder="{t("search_placeholder")}">\n'
        f'    <ul id="site-search-list" role="listbox" aria-label="{t("search_title")}" hidden></ul>\n'
        f'    <p id="site-search-status" class="visually-hidden" role="status" aria-live="polite"></p>\n'
        f"  </form>"
    )


@lru_cache(maxsize=256)
def _chrome(
    lang: str, folder: str, current: str | None, footer_facts: tuple[str, str, str, str], sparql: str | None = None
) -> tuple[str, str, str]:
    """(head links, header with a placeholder for the switch link, footer) for pages in ``folder``;
    ``sparql`` is where the navigation's SPARQL link goes (:data:`SERVED`, a URL, or none)."""
    here = folder + "/x" if folder else "x"

    def rel(target: str) -> str:
        return escape(urls.relative(here, target))

    other = "zh" if lang == "en" else "en"
    t = lambda key: escape(i18n.text(key, lang))  # noqa: E731
    head = (
        f'<link rel="stylesheet" href="{rel("static/site.css")}">\n'
        f'<link rel="icon" href="{rel("static/favicon.svg")}" type="image/svg+xml">\n'
        f'<link rel="alternate" hreflang="{html_lang(other)}" href="{SWITCH}">\n'
        f'<script src="{rel("static/search.js")}" defer></script>'
    )
    links = [(rel(urls.file_name(target, lang)), key, target == current, "") for key, target in NAV]
    if sparql == SERVED:
        stem = "sparql"
        links.append((rel(urls.file_name(stem, lang)), "sparql", current == stem, ""))
    elif sparql:
        links.append((escape(sparql), "sparql", False, ' class="ext" rel="external"'))
    nav = "\n".join(
        f'    <a href="{href}"{extra}{" aria-current=" + chr(34) + "page" + chr(34) if is_current else ""}>'
        f"{escape(i18n.text(key, lang))}</a>"
        for href, key, is_current, extra in links
    )
    header = (
        f'<a class="skip" href="#main">{t("skip")}</a>\n<header class="top">\n  <div class="bar">\n'
        f'    <a class="brand" href="{rel(urls.file_name("index", lang))}"><span class="mark">SWIO</span> '
        f'<span class="brand-name">{t("site")}</span></a>\n'
        f"{search_box(lang, here)}\n"
        f'    <a class="lang-switch" id="lang-switch" href="{SWITCH}" hreflang="{other}" lang="{html_lang(other)}" '
        f'title="{t("switch_title")}">{t("switch_to")}</a>\n  </div>\n'
        f'  <nav aria-label="{t("site")}">\n{nav}\n  </nav>\n</header>'
    )
    version, date, licence, licence_label = (escape(x) for x in footer_facts)
    footer = (
        f"<footer>\n  <p>{t('site_long')} · {t('version')} {version} · {t('released')} {date}\n"
        f'  · <a href="{licence}" rel="license">{licence_label}</a></p>\n</footer>'
    )
    return head, header, footer


class Page:
    """The shared context of one page: its language, its file (for relative links) and the language switch."""

    def __init__(self, stem: str, lang: str, *, title: str, site):
        self.stem = stem
        self.lang = lang
        self.html_lang = html_lang(lang)
        self.other = "zh" if lang == "en" else "en"
        self.file = urls.file_name(stem, lang)
        self.title = title
        self.site = site
        self.switch = self.rel_page(stem, self.other)
        folder = stem.rsplit("/", 1)[0] if "/" in stem else ""
        current = stem if any(stem == target for _, target in NAV) or stem == "sparql" else None
        sparql = SERVED if getattr(site, "served", False) else getattr(site, "sparql_endpoint", None)
        head, header, footer = _chrome(
            lang, folder, current, (site.version, site.date, site.licence, site.licence_label), sparql
        )
        switch = str(escape(self.switch))
        self.head = Markup(head.replace(SWITCH, switch))
        self.header = Markup(header.replace(SWITCH, switch))
        self.footer = Markup(footer)

    def t(self, key: str, **values) -> str:
        return i18n.text(key, self.lang, **values)

    def rel(self, target_file: str) -> str:
        return urls.relative(self.file, target_file)

    def rel_page(self, stem: str, lang: str | None = None) -> str:
        return self.rel(urls.file_name(stem, lang or self.lang))


def render(template: str, page: Page, **context) -> bytes:
    html = environment().get_template(template).render(page=page, t=page.t, **context)
    return html.encode("utf-8")
