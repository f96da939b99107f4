"""The source article as the publication shows it: its text without the forum's anti-copy noise, split into
sentences in order, each with an anchor, and where each excerpt of the graph (``swio:sourceText``) stands in it.

The archived file (:data:`swio.resources.ARTICLE_FILE`) is a forum page: the forum's header lines, the article
(from its title to ``来源:公益时报``) and the forum's footer, with lines of random characters between the
paragraphs. A noise line (:func:`is_noise`) is made of at least four short ASCII tokens of one or two characters,
separated by spaces or no-break spaces (``& H: e% L" m6 X; I: o' K``); every other line is kept. Lines split into sentences after
``。！？；`` and their ASCII forms, so each item of a ``第一…;第二…`` list is a sentence of its own.

An excerpt is found by comparing texts with all whitespace removed (as the tests compare excerpts with the
article); it stands in every sentence it overlaps. A short excerpt found in several places (``会员服务``) is
placed where the excerpts of the nodes around it are (``hints``), else at its first place.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import resources

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_SENTENCE_END = re.compile(r"(?<=[。！？；?;])")
_SPACE = re.compile(r"\s+")
PARTS = ("header", "article", "footer")


def is_noise(line: str) -> bool:
    """A line of the forum's anti-copy noise: ASCII only (between tokens, spaces or no-break spaces), at least four
    tokens, none longer than two characters."""
    tokens = line.split()  # str.split() also splits at the no-break spaces the forum puts between tokens
    return len(tokens) >= 4 and all(len(token) <= 2 and token.isascii() for token in tokens) and not _CJK.search(line)


def normalise(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Sentence:
    number: int  # 1, 2, … in the order of the file
    text: str
    paragraph: int  # the line it is on (1, 2, … counting kept lines only)
    part: str  # "header" | "article" | "footer"

    @property
    def anchor(self) -> str:
        return f"s{self.number}"


class Article:
    """The kept text of the archived article, as sentences."""

    def __init__(self, text: str):
        kept = [line.strip() for line in text.splitlines() if line.strip() and not is_noise(line)]
        start = next((i + 1 for i, line in enumerate(kept) if line.startswith("本帖最后由")), 0)
        end = next((i for i, line in enumerate(kept) if i >= start and line.startswith("来源")), len(kept) - 1)
        sentences: list[Sentence] = []
        for paragraph, line in enumerate(kept, start=1):
            part = "header" if paragraph - 1 < start else "footer" if paragraph - 1 > end else "article"
            for piece in _SENTENCE_END.split(line):
                if piece.strip():
                    sentences.append(Sentence(len(sentences) + 1, piece.strip(), paragraph, part))
        self.sentences = sentences
        # the whitespace-free text of all sentences, and where each sentence starts in it
        self._starts: list[int] = []
        pieces, offset = [], 0
        for s in sentences:
            self._starts.append(offset)
            flat = normalise(s.text)
            pieces.append(flat)
            offset += len(flat)
        self._flat = "".join(pieces)

    @classmethod
    def read(cls, path: str | Path | None = None) -> Article:
        return cls(Path(path or resources.ARTICLE_FILE).read_text(encoding="utf-8"))

    def part(self, name: str) -> list[Sentence]:
        return [s for s in self.sentences if s.part == name]

    def places(self, excerpt: str) -> list[list[Sentence]]:
        """Every place the excerpt stands: the sentences each occurrence overlaps."""
        flat = normalise(excerpt)
        if not flat:
            return []
        out, at = [], self._flat.find(flat)
        while at != -1:
            first = bisect.bisect_right(self._starts, at) - 1
            last = bisect.bisect_right(self._starts, at + len(flat) - 1) - 1
            out.append(self.sentences[first : last + 1])
            at = self._flat.find(flat, at + 1)
        return out

    def locate(self, excerpt: str, hints: Iterable[int] = ()) -> list[Sentence]:
        """The sentences the excerpt stands in; of several places, the one among the ``hints`` (sentence numbers
        of related excerpts), else the first. Empty if the excerpt is not in the article."""
        places = self.places(excerpt)
        if len(places) > 1:
            wanted = set(hints)
            for place in places:
                if any(s.number in wanted for s in place):
                    return place
        return places[0] if places else []


@lru_cache(maxsize=1)
def shipped() -> Article:
    """The shipped article (read once)."""
    return Article.read()


def sentence_anchor(excerpt: str, hints: Iterable[int] = ()) -> str | None:
    """The anchor (``s12``) of the first sentence of the shipped article an excerpt stands in, or ``None``:
    what a page links to (``source/article.{lang}.html#s12``)."""
    found = shipped().locate(excerpt, hints)
    return found[0].anchor if found else None
