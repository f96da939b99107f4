"""HTML for the small repeated parts of a page (values, statement lists), written in Python for speed.

A resource page shows dozens of linked values; rendering each through a Jinja
macro costs more than everything else on the page, so these few fragments are
built here with explicit escaping and the templates insert them.
"""

from __future__ import annotations

from markupsafe import Markup

from . import i18n
from .entry import Amount, Lit, Ref, Say, format_literal, format_number
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
    # the prefixed name is the link's title when it is not shown beside it (no IRI stands in for a label)
    title = f' title="{escape(v.curie)}"' if v.curie and v.curie != v.text and not show_curie else ""
    # a prefixed name standing in for a missing label is code, not words
    shown = f"<code>{escape(v.text)}</code>" if v.curie and v.text == v.curie and ":" in v.text else escape(v.text)
    if v.href:
        cls = ' class="ext"' if v.external else ""
        out = f'<a href="{escape(v.href)}"{cls}{title}>{shown}</a>'
    else:
        out = f'<span class="nolink"{title}>{shown}</span>'
    if show_curie and v.curie and v.curie != v.text:
        out += f' <code class="curie">{escape(v.curie)}</code>'
    return Markup(out)


BOOLEANS = {"true": "entry_yes", "1": "entry_yes", "false": "entry_no", "0": "entry_no"}


def value(v: Value, lang: str | None = None) -> Markup:
    """One value; with the page's ``lang``, a language tag is named in it (中文, English) and a boolean
    is said in it (是 / yes)."""
    if v.kind == "iri":
        return link(v, False)
    if v.kind == "literal":
        text = v.text
        if lang and v.datatype is not None and v.datatype.curie == "xsd:boolean" and text in BOOLEANS:
            text = i18n.text(BOOLEANS[text], lang)
        out = f'<span class="lit"{lang_attr(v.lang)}>{escape(text)}</span>'
        if v.lang:
            if lang and v.lang in ("zh", "en"):
                out += f' <span class="tag" title="@{escape(v.lang)}">{escape(i18n.text("tag_" + v.lang, lang))}</span>'
            else:
                out += f' <span class="tag">@{escape(v.lang)}</span>'
        if v.datatype is not None:
            out += f' <span class="tag dt">{link(v.datatype, False)}</span>'
        return Markup(out)
    if v.kind == "list":
        return Markup('<ol class="rdf-list">' + "".join(f"<li>{value(item, lang)}</li>" for item in v.items) + "</ol>")
    return Markup(f'<div class="bnode">{statements(v.children, lang)}</div>')


def statements(rows: list[Statement], lang: str | None = None) -> Markup:
    parts = ['<dl class="statements">']
    for st in rows:
        if len(st.values) == 1:
            values = value(st.values[0], lang)
        else:
            values = "<ul>" + "".join(f"<li>{value(v, lang)}</li>" for v in st.values) + "</ul>"
        also = "".join(f' <code class="curie">{escape(a.curie)}</code>' for a in st.also)
        parts.append(f'<div class="row"><dt>{link(st.predicate)}{also}</dt><dd>{values}</dd></div>')
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
            items.append(f"<li>{link(r['subject'], False)}{via}</li>")
        if g["more"]:
            more = i18n.text("and_more", lang, n=f"{g['more']:,}")
            items.append(f'<li class="more">{escape(more)}</li>')
        dt = link(g["predicate"])
        if g.get("inverse"):
            p = g["predicate"]
            curie = f' <code class="curie">{escape(p.curie)}</code>' if p.curie else ""
            href = f' href="{escape(p.href)}"' if p.href else ""
            dt = Markup(f'<a{href} class="inverse">{escape(g["inverse"])}</a>{curie}')
        parts.append(f'<div class="row"><dt>{dt}</dt><dd><ul>{"".join(items)}</ul></dd></div>')
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
            opening, closing = i18n.text("entry_open", lang), i18n.text("entry_close", lang)
            parent = (
                f'<span class="muted">{escape(opening)}{escape(i18n.text("part_of", lang))} '
                f"{link(s['parent'], False)}{escape(closing)}</span>"
            )
        colon = escape(i18n.text("entry_colon", lang))
        parts.append(
            f'  <p class="source">{escape(i18n.text("source", lang))}{colon}{link(s["source"], False)}{parent}</p>'
        )
    links = prov.sentence_links or [None] * len(prov.excerpts)
    for e, href in zip(prov.excerpts, links):
        more = ""
        if href:
            more = f' <a class="in-article" href="{escape(href)}">{escape(i18n.text("entry_in_article", lang))}</a>'
        parts.append(f"  <blockquote{lang_attr(e.lang)}>{escape(e.text)}{more}</blockquote>")
    parts.append("</aside>")
    return "\n".join(parts)


def downloads(items, lang: str) -> str:
    links = " · ".join(
        f'<a href="{escape(href)}" type="{escape(media)}">{escape(name)}</a>' for name, href, media in items
    )
    return f'<p class="downloads"><span>{escape(i18n.text("downloads", lang))}:</span>\n{links}\n</p>'


def fact_parts(parts_: list, viewer) -> str:
    """One item of a summary row: links, formatted literals and the site's words, in the page's language."""
    lang = viewer.lang
    out = []
    for part in parts_:
        if isinstance(part, Ref):
            out.append(str(link(viewer.iri(part.iri), False)))
        elif isinstance(part, Lit):
            term = part.term
            out.append(f"<span{lang_attr(term.language)}>{escape(format_literal(term, lang))}</span>")
        elif isinstance(part, Say):
            out.append(escape(i18n.text(part.key, lang, **dict(part.values))))
        elif isinstance(part, Amount):
            out.append(amount(part, viewer))
        else:
            out.append(escape(part))
    return "".join(out)


def amount(a: Amount, viewer) -> str:
    """``60,000,000 元（下限）`` linked to the quantity's page (its label, the article's words, as the title)."""
    lang = viewer.lang
    if a.value is None:
        return str(link(viewer.iri(a.iri), False))
    number = format_number(a.value.value)
    if a.currency:
        key = f"entry_currency_{a.currency}"
        unit = i18n.text(key, lang) if key in i18n.MESSAGES else a.currency
    elif a.unit:
        unit = viewer.iri(a.unit).text
    else:
        unit = ""
    shown = f"{number}%" if a.percent else f"{number} {unit}".strip()
    target = viewer.iri(a.iri)
    href = f' href="{escape(target.href)}"' if target.href else ""
    out = f'<a{href} title="{escape(target.text)}">{escape(shown)}</a>'
    if a.bound and not a.bound.endswith("/jingque"):
        out += f'<span class="muted">{escape(i18n.text("entry_open", lang))}{escape(viewer.iri(a.bound).text)}'
        out += f"{escape(i18n.text('entry_close', lang))}</span>"
    return out


def summary(facts: list, viewer) -> str:
    """The summary box of an entry: the facts a reader looks for first, for its kind."""
    if not facts:
        return ""
    lang = viewer.lang
    rows = []
    for fact in facts:
        chosen = fact.items
        texts = [i for i in chosen if len(i) == 1 and isinstance(i[0], Lit) and i[0].term.language]
        if texts and len(texts) == len(chosen):  # words in both languages: the page's own, if it has them
            chosen = [i for i in chosen if i[0].term.language == lang] or chosen
        items = [fact_parts(item, viewer) for item in chosen]
        body = items[0] if len(items) == 1 else "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        rows.append(f"<dt>{escape(i18n.text(fact.key, lang))}</dt><dd>{body}</dd>")
    title = escape(i18n.text("entry_summary", lang))
    return (
        f'<aside class="infobox" aria-labelledby="infobox-title"><h2 id="infobox-title">{title}</h2>\n'
        f"<dl>{''.join(rows)}</dl></aside>"
    )


def resource_body(view, lang: str, viewer=None) -> str:
    """The main part of a resource page: title, summary box, definitions, provenance, statements, referrers,
    downloads."""
    badges = " ".join(f'<span class="badge">{link(t, False)}</span>' for t in view.types)
    parts = [
        f'<article class="resource">\n<p class="kicker">{badges}</p>',
        f"<h1{lang_attr(view.title_lang)}>{escape(view.title)}</h1>",
    ]
    if view.subtitle:
        parts.append(f'<p class="subtitle"{lang_attr(view.subtitle_lang)}>{escape(view.subtitle)}</p>')
    curie = f" · <code>{escape(view.curie)}</code>" if view.curie != view.iri else ""
    parts.append(f'<p class="iri"><code>{escape(view.iri)}</code>{curie}</p>')
    box = summary(view.facts, viewer) if viewer is not None else ""
    parts.append(f'<div class="entry-top{" with-box" if box else ""}">{box}<div class="entry-lead">')
    for d in view.definitions:
        other = " other-lang" if d.lang and d.lang != lang else ""
        parts.append(f'<p class="lead{other}"{lang_attr(d.lang)}>{escape(d.text)}</p>')
    parts.append(provenance(view.provenance, lang))
    parts.append("</div></div>")
    parts.append(
        f'<section class="block">\n<h2>{escape(i18n.text("statements", lang))}</h2>\n'
        f"{statements(view.statements, lang)}\n</section>"
    )
    parts.append(
        f'<section class="block">\n<h2>{escape(i18n.text("referrers", lang))}</h2>\n'
        f"{referrers(view.referrers, lang)}\n</section>"
    )
    if view.downloads:
        parts.append(downloads(view.downloads, lang))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)
