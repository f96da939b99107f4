"""Words of the wrong language in what a reader sees: a page's visible text, a picture's SVG text, a table.

On a Chinese page every visible word is Chinese, except what reads the same in both languages:

* names and codes written in Latin letters in Chinese text too — initialisms of two or more
  capitals (SWIO, SPARQL, CSV, JSON, OWL, W3C, GB/T, CC BY), the format names Turtle and
  N-Triples, the licence's version;
* code: ``<code>``/``<pre>`` elements, prefixed names (``swio:Case``), IRIs, file names, language
  tags (``@zh``), SHACL message placeholders (``{?org}``), CamelCase identifiers (shape and term
  names);
* numbers and the units of the metric system and currency (none of them are words);
* text marked as being in the other language (``lang="en"``): parallel text (the question in
  English, the English label of a resource) — the caller checks that each such piece is one the
  data or the catalogue holds in that language, not an interface string.

On an English page the rule is the mirror: no CJK characters outside ``lang="zh"`` text, except in
text the data gives in English that quotes the article's Chinese words (a name the article gives only
in Chinese), which the caller also checks against the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
_EXEMPT_TOKEN = re.compile(
    r"""(?x)
      https?://\S+                                   # an IRI
    | \#[A-Za-z_][\w.:-]*                           # a fragment identifier (a permalink's #Case)
    | [A-Za-z][\w.-]*:[\w.-]*\w                      # a prefixed name (swio:Case, xsd:date)
    | [\w./-]*\.(?:ttl|nt|rq|csv|tsv|jsonld|json|rdf|html|svg|trig|nq|zip|gz|txt|md|py)\b  # a file name, an extension
    | (?<![\w/])[a-z][\w.-]*/(?![\w/])               # a folder (data/)
    | @[a-z]{2}(?:-[A-Za-z]+)?\b                     # a language tag
    | \{\?\w+\}                                      # a message placeholder
    | --[a-z][\w-]*                                  # a command-line option
    | \?[A-Za-z_]\w*                                 # a SPARQL variable
    | \bswio\ (?:validate|qc|query|load|build|synth|site|serve)\b  # a command
    | \bOWL\ 2\ (?:DL|Full|EL|QL|RL)\b               # the OWL 2 profiles
    | \b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b             # CamelCase (a term or shape name)
    | \b[a-z]+(?:[A-Z][a-z0-9]*)+\b                  # camelCase (a property name)
    | \b(?=[A-Z0-9/-]{2,})[A-Z][A-Z0-9]*(?:[-/][A-Z0-9]+)*\b  # an initialism or code: SWIO, W3C, GB/T, PROV-O
    | (?<=\d)\s?(?:m|km|kg|m²|km²)\b | \bm²           # metric units after a number, square metres
    """
)
#: names written in Latin letters in Chinese text too (formats, the vocabularies' names)
SAME_IN_BOTH = {"Turtle", "N-Triples", "Time", "OWL-Time", "JSON-LD", "RDF/XML", "Triples"}
#: a whole piece that is one of these is a code, not a word: RDF's boolean values when a Chinese
#: sentence cites them, language tags, the preferred prefix
CODES = {"true", "false", "zh", "en", "swio"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (what is left once names, codes and numbers are taken out).

    ``true`` and ``false`` are codes only inside a Chinese sentence that cites them (为 true 时); a
    cell or a value that says just ``true`` is an English word."""
    if text.strip() in CODES - {"true", "false"}:
        return []
    rest = _EXEMPT_TOKEN.sub(" ", text)
    found = [w for w in _WORD.findall(rest) if w not in SAME_IN_BOTH]
    if has_cjk(text):
        found = [w for w in found if w not in ("true", "false")]
    return found


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


@dataclass
class Piece:
    text: str
    lang: str  # the language the page marks it with ("zh", "en", …)
    where: str  # the element path, for messages


class VisibleText(HTMLParser):
    """The pieces of text a reader of an HTML page sees (or hears: title, alt, aria-label), with the
    language each is marked with; code and scripts left out."""

    SKIP = {"script", "style", "code", "pre", "template"}
    VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "col", "embed", "track"}
    ATTRS = ("title", "alt", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # (tag, lang, skipped)
        self.pieces: list[Piece] = []
        self.svg_depth = 0

    def _lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or self._lang() or "").split("-")[0].lower()
        skipped = self._skipped() or tag in self.SKIP or (tag == "head")
        if not skipped:
            for key in self.ATTRS:
                if attrs.get(key):
                    self.pieces.append(Piece(attrs[key], lang, f"{self._path()}/{tag}@{key}"))
        if tag in self.VOID:
            return
        self.stack.append((tag, lang, skipped and tag != "title"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data.strip() and not self._skipped():
            self.pieces.append(Piece(data.strip(), self._lang(), self._path()))

    def _path(self) -> str:
        return "/".join(t for t, _, _ in self.stack[-4:])


def html_pieces(html: str) -> list[Piece]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.pieces


def svg_pieces(svg: str, page_lang: str) -> list[Piece]:
    """The text an SVG picture shows (``<text>``, ``<tspan>``, ``<title>``, ``<desc>``)."""
    root = ET.fromstring(svg)
    out = []
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def walk(node, lang):
        lang = (node.get("lang") or node.get(xml_lang) or lang).split("-")[0].lower()
        local = node.tag.rsplit("}", 1)[-1]
        if local in ("text", "tspan", "title", "desc") and node.text and node.text.strip():
            out.append(Piece(node.text.strip(), lang, local))
        for child in node:
            walk(child, lang)
            if child.tail and child.tail.strip() and local in ("text", "tspan"):
                out.append(Piece(child.tail.strip(), lang, local))

    walk(root, page_lang)
    return out
