"""HTML for the small repeated parts of a page (values, statement lists), written in Python for speed.

A resource page shows dozens of linked values; rendering each through a Jinja
macro costs more than everything else on the page, so these few fragments are
built here with explicit escaping and the templates insert them.
"""

from __future__ import annotations

from markupsafe import Markup

from . import i18n
from .views import Statement, Value

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(text) -> str:
    """HTML-escape text (one ``str.translate``: much faster than building ``Markup`` objects)."""
    if isinstance(text, Markup):
        return str(text)
    return str(text).translate(_ESCAPES)


def lang_attr(code: str | None) -> str:
    if not code:
        return ""
    return ' lang="zh-Hans"' if code == "zh" else f' lang="{escape(code)}"'


def link(v: Value, show_curie: bool = True) -> Markup:
    key = "_html_curie" if show_curie else "_html"
    made = v.__dict__.get(key)
    if made is None:
        made = v.__dict__[key] = _link(v, show_curie)
    return made


def _link(v: Value, show_curie: bool) -> Markup:
    if v.href:
        cls = ' class="ext"' if v.external else ""
        out = f'<a href="{escape(v.href)}"{cls}>{escape(v.text)}</a>'
    else:
        out = f'<span class="nolink">{escape(v.text)}</span>'
    if show_curie and v.curie and v.curie != v.text:
        out += f' <code class="curie">{escape(v.curie)}</code>'
    return Markup(out)


def value(v: Value) -> Markup:
    if v.kind == "iri":
        return link(v)
    if v.kind == "literal":
        out = f'<span class="lit"{lang_attr(v.lang)}>{escape(v.text)}</span>'
        if v.lang:
            out += f' <span class="tag">@{escape(v.lang)}</span>'
        if v.datatype is not None:
            out += f' <span class="tag dt">{link(v.datatype, False)}</span>'
        return Markup(out)
    if v.kind == "list":
        return Markup('<ol class="rdf-list">' + "".join(f"<li>{value(item)}</li>" for item in v.items) + "</ol>")
    return Markup(f'<div class="bnode">{statements(v.children)}</div>')


def statements(rows: list[Statement]) -> Markup:
    parts = ['<dl class="statements">']
    for st in rows:
        if len(st.values) == 1:
            values = value(st.values[0])
        else:
            values = "<ul>" + "".join(f"<li>{value(v)}</li>" for v in st.values) + "</ul>"
        parts.append(f'<div class="row"><dt>{link(st.predicate)}</dt><dd>{values}</dd></div>')
    parts.append("</dl>")
    return Markup("\n".join(parts))


def referrers(groups: list[dict], lang: str) -> Markup:
    if not groups:
        return Markup(f'<p class="muted">{escape(i18n.text("no_referrers", lang))}</p>')
    via_word = escape(i18n.text("via", lang))
    parts = ['<dl class="statements referrers">']
    for g in groups:
        items = []
        for r in g["entries"]:
            via = ""
            if r["via"]:
                via = f' <span class="via">{via_word} ' + " / ".join(str(link(v)) for v in r["via"]) + "</span>"
            items.append(f"<li>{link(r['subject'])}{via}</li>")
        if g["more"]:
            more = i18n.text("and_more", lang, n=f"{g['more']:,}")
            items.append(f'<li class="more">{escape(more)}</li>')
        parts.append(f'<div class="row"><dt>{link(g["predicate"])}</dt><dd><ul>{"".join(items)}</ul></dd></div>')
    parts.append("</dl>")
    return Markup("\n".join(parts))


def parts(items: list) -> Markup:
    return Markup("".join(str(escape(p)) if isinstance(p, str) else str(value(p)) for p in items))


def page(page, main: str, *, head: str = "") -> bytes:
    """A whole page around ``main`` (the same skeleton as ``templates/base.html``)."""
    title = escape(page.title) + " · " + escape(i18n.text("site", page.lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{page.html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f'{page.head}\n{head}</head>\n<body>\n{page.header}\n<main id="main">\n{main}\n</main>\n'
        f"{page.footer}\n</body>\n</html>\n"
    ).encode()


def provenance(prov, lang: str) -> str:
    if not prov.sources and not prov.excerpts:
        return ""
    parts = ['<aside class="provenance">', f"  <h2>{escape(i18n.text('provenance', lang))}</h2>"]
    for s in prov.sources:
        parent = ""
        if s["parent"] is not None:
            parent = f' <span class="muted">({escape(i18n.text("part_of", lang))} {link(s["parent"], False)})</span>'
        parts.append(f'  <p class="source">{escape(i18n.text("source", lang))}: {link(s["source"])}{parent}</p>')
    for e, href in zip(prov.excerpts, prov.in_article or [None] * len(prov.excerpts)):
        parts.append(f"  <blockquote{lang_attr(e.lang)}>{escape(e.text)}</blockquote>")
        if href:  # the sentence on the source page, in its context
            parts.append(
                f'  <p class="in-context"><a href="{escape(href)}">{escape(i18n.text("in_context", lang))}</a></p>'
            )
    parts.append("</aside>")
    return "\n".join(parts)


def downloads(items, lang: str) -> str:
    links = " · ".join(
        f'<a href="{escape(href)}" type="{escape(media)}">{escape(name)}</a>' for name, href, media in items
    )
    return f'<p class="downloads"><span>{escape(i18n.text("downloads", lang))}:</span>\n{links}\n</p>'


def resource_body(view, lang: str) -> str:
    """The main part of a resource page: title, definitions, provenance, statements, referrers, downloads."""
    badges = " ".join(f'<span class="badge">{link(t, False)}</span>' for t in view.types)
    parts = [
        f'<article class="resource">\n<p class="kicker">{badges}</p>',
        f"<h1{lang_attr(view.title_lang)}>{escape(view.title)}</h1>",
    ]
    if view.subtitle:
        parts.append(f'<p class="subtitle"{lang_attr(view.subtitle_lang)}>{escape(view.subtitle)}</p>')
    curie = f" · <code>{escape(view.curie)}</code>" if view.curie != view.iri else ""
    parts.append(f'<p class="iri"><code>{escape(view.iri)}</code>{curie}</p>')
    for d in view.definitions:
        other = " other-lang" if d.lang and d.lang != lang else ""
        parts.append(f'<p class="lead{other}"{lang_attr(d.lang)}>{escape(d.text)}</p>')
    parts.append(provenance(view.provenance, lang))
    parts.append(
        f'<section class="block">\n<h2>{escape(i18n.text("statements", lang))}</h2>\n'
        f"{statements(view.statements)}\n</section>"
    )
    parts.append(
        f'<section class="block">\n<h2>{escape(i18n.text("referrers", lang))}</h2>\n'
        f"{referrers(view.referrers, lang)}\n</section>"
    )
    if view.downloads:
        parts.append(downloads(view.downloads, lang))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)
