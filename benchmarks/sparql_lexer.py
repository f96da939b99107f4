"""Benchmark the SPARQL lexer (``swio.sparql_lexer``) on megabytes of pathological text.

    .venv/bin/python -m benchmarks.sparql_lexer            # 1 MB and 4 MB of each text
    .venv/bin/python -m benchmarks.sparql_lexer --mb 0.25  # a quick run

For each kind of text (runs of comments, strings, unclosed strings, brackets, escapes, ``<a``
that never closes as an IRI, ``a.a.a`` that is never a prefixed name, ...) it prints the
tokens per MB, the seconds to lex N and 4N megabytes (best of three) and their ratio: a
linear lexer takes 4x the time for 4x the text, a quadratic one 16x. Then the server's
check of a query text (``swio.serve.query_check``, if present) and the helpers of
``swio.sparql_syntax`` on the 4N text.
"""

from __future__ import annotations

import argparse
import os
import time

from swio import sparql_syntax
from swio.sparql_lexer import iter_tokens

TEXTS = {
    "comments": "# a comment { ( [ \" '\n",
    "one long comment": None,
    "strings": '"a\\"b" \'c\' ',
    "unclosed strings": '"\\"',
    "unclosed long strings": '"""\\"',
    "brackets": "({[",
    "escapes": '"\\\\\\"\\u0041" <\\u0041> ',
    "IRI starts": "<a",
    "IRI starts, spaces": "< a",
    "dotted names": "a.",
    "dashed names": "a-",
    "prefixed names": "ex:a.b ",
    "CJK names": "组织.",
}


def text_of(kind: str, size: int) -> str:
    unit = TEXTS[kind]
    if unit is None:
        return "#" + "x" * (size - 1)
    return (unit * (size // len(unit) + 1))[:size]


def best(work, text: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work(text)
        times.append(time.perf_counter() - started)
    return min(times)


def count(text: str) -> int:
    return sum(1 for _ in iter_tokens(text, comments=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size N of the smaller text, in MB (default 1)")
    args = parser.parse_args()
    size = int(args.mb * (1 << 20))
    print(f"load average {os.getloadavg()[0]:.2f} (the machine may be shared); N = {args.mb:g} MB")
    print(f"{'text':24} {'tokens/MB':>10} {'N s':>8} {'4N s':>8} {'ratio':>6}")
    try:
        from swio.serve.query_check import check_query
    except ImportError:
        check_query = None
    for kind in TEXTS:
        small, large = text_of(kind, size), text_of(kind, 4 * size)
        a, b = best(count, small), best(count, large)
        per_mb = count(small) / args.mb
        print(f"{kind:24} {per_mb:10.0f} {a:8.3f} {b:8.3f} {b / a:6.2f}")
    # each text on its own lines, the long comment left out (it would swallow the rest), and no brackets for
    # the server's check (it stops at the first 129 open at once): every function reads the whole text
    kinds = [kind for kind in TEXTS if kind not in ("one long comment", "brackets")]
    large = "\n".join(text_of(kind, size // 4) for kind in kinds) + "\n"
    print(f"\nhelpers on {len(large) / (1 << 20):.1f} MB of the texts above but the long comment and the brackets:")
    for name in ("query_form", "prologue_end", "top_level_where", "blank_comments"):
        function = getattr(sparql_syntax, name)
        print(f"  sparql_syntax.{name:16} {best(function, 'SELECT * ' + large):8.3f} s")
    if check_query is not None:  # on the texts it lets through whole (operators and "<" count towards its limits)
        calm = [k for k in kinds if k not in ("dashed names", "IRI starts", "IRI starts, spaces")]
        text = "SELECT * " + "\n".join(text_of(kind, size // 4) for kind in calm) + "\n"
        print(f"  serve check_query ({len(text) / (1 << 20):.1f} MB)      {best(check_query, text):8.3f} s")


if __name__ == "__main__":
    main()
