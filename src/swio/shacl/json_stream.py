"""JSON documents written a piece at a time: a document whose one long array is streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator

#: The value that stands for the streamed array in the document given to :func:`json_around`.
PLACEHOLDER = "\x00swio-streamed-array\x00"


def json_around(doc: dict, items: Iterator[dict]):
    """``doc`` as indented JSON, its value ``PLACEHOLDER`` replaced by the array of ``items``, written one
    item at a time, each on one line (with Python's C encoder: indenting each would take its pure-Python one,
    several times slower)."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    marker = json.dumps(PLACEHOLDER)
    head, tail = text.split(marker)
    line_start = head.rsplit("\n", 1)[-1]
    indent = len(line_start) - len(line_start.lstrip(" ")) + 2
    pad = " " * indent
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    yield head
    first = True
    batch: list[str] = []
    for item in items:
        body = encode(item)
        batch.append(("[\n" if first else ",\n") + pad + body)
        first = False
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    batch.append("[]" if first else "\n" + pad[:-2] + "]")
    yield "".join(batch)
    yield tail + "\n"
