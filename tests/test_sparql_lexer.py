"""The one SPARQL lexer (``swio.sparql_lexer``) and the text helpers built on it (``swio.sparql_syntax``).

Tokens of every kind with their offsets; the tolerant mode reads any text once (a random
text never raises, tokens are in order and never overlap); braces, ``#`` and keywords
inside strings, IRIs and comments are never taken for the real thing; and the time grows
linearly with the text on megabytes of the inputs that made the two old scanners
quadratic (runs of ``<a``, of ``a.``, unclosed strings, escapes, brackets, comments):
each text is lexed at two sizes, four times apart, and the slower run may take at most
ten times as long (a quadratic scan takes sixteen; timings are the best of three, so a
busy machine does not decide the result).
"""

from __future__ import annotations

import random
import time

import pytest

from swio.sparql_lexer import SparqlTextError, iter_tokens, tokenize, unescape_iri
from swio.sparql_syntax import blank_comments, prologue_end, query_form, top_level_where

PATHOLOGICAL = {
    "comments": "# a comment { ( [ \" '\n",
    "strings": '"a\\"b" \'c\' ',
    "open strings": '"\\"',
    "open long strings": '"""\\"',
    "brackets": "({[",
    "escapes": '"\\\\\\"\\u0041" <\\u0041> ',
    "iri starts": "<a",
    "iri starts with spaces": "< a",
    "dotted names": "a.",
    "dashed names": "a-",
    "prefixed names": "ex:a.b ",
    "names in CJK": "组织.",
}


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def best_of_three(work, text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        work(text)
        times.append(time.perf_counter() - started)
    return min(times)


def count_tokens(text: str) -> int:
    return sum(1 for _ in iter_tokens(text, comments=True))


def test_every_kind_of_token_with_its_offsets():
    text = 'PREFIX ex: <http://e/> SELECT ?x $y WHERE { _:b ex:p "s"@en , 1.5e3 , """l\n""" ; a <\\u0041> } # end'
    tokens = list(iter_tokens(text, comments=True))
    assert [(t.kind, t.text) for t in tokens] == [
        ("name", "PREFIX"),
        ("pname", "ex:"),
        ("iri", "<http://e/>"),
        ("name", "SELECT"),
        ("var", "?x"),
        ("var", "$y"),
        ("name", "WHERE"),
        ("punct", "{"),
        ("bnode", "_:b"),
        ("pname", "ex:p"),
        ("string", '"s"'),
        ("lang", "@en"),
        ("punct", ","),
        ("number", "1.5e3"),
        ("punct", ","),
        ("string", '"""l\n"""'),
        ("punct", ";"),
        ("name", "a"),
        ("iri", "<\\u0041>"),
        ("punct", "}"),
        ("comment", "# end"),
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert unescape_iri("<\\u0041b\\U0001F600>") == "Ab\U0001f600"


def test_a_prefixed_name_is_not_a_run_of_names_and_dots():
    assert [(t.kind, t.text) for t in tokenize("ex:a.b. a.b")] == [
        ("pname", "ex:a.b"),
        ("punct", "."),
        ("name", "a"),
        ("punct", "."),
        ("name", "b"),
    ]
    assert [t.text for t in tokenize("a.b-c:d")] == ["a.b-c:d"]  # the run up to ":" is the prefix


def test_strict_mode_refuses_what_tolerant_mode_marks():
    for text in ['SELECT "open', "SELECT ~", "SELECT 组"]:
        with pytest.raises(SparqlTextError, match="cannot read the SPARQL text at"):
            tokenize(text)
    tokens = list(iter_tokens('SELECT "open \\" string\n?x ~'))
    assert [(t.kind, t.text) for t in tokens] == [
        ("name", "SELECT"),
        ("error", '"open \\" string'),  # an unclosed string runs to the end of its line
        ("var", "?x"),
        ("error", "~"),
    ]


def test_tolerant_mode_reads_any_text_once_in_order():
    rnd = random.Random(20)
    alphabet = list("ab:._-?$<>\"'\\#{}()[] \n1e+@%u") + ['"""', "'''", "组", "\\u0041", "SELECT"]
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        last = 0
        for token in iter_tokens(text, comments=True):
            assert last <= token.start < token.end <= len(text)
            assert text[token.start : token.end] == token.text
            assert not text[last : token.start].strip()  # only whitespace is left out
            last = token.end
        assert not text[last:].strip()


def test_text_helpers_ignore_strings_iris_and_comments():
    text = 'PREFIX ex: <http://e/#> # SELECT {\nBASE <http://b/>\nSELECT ?x (STR("{") AS ?s) WHERE { ?x ex:p "}" }'
    assert text[: prologue_end(text)].endswith("BASE <http://b/>")
    assert query_form(text) == "SELECT"
    assert text[top_level_where(text) :].startswith("{ ?x ex:p")
    blanked = blank_comments(text)
    assert len(blanked) == len(text) and "# SELECT" not in blanked and "<http://e/#>" in blanked
    assert query_form("# INSERT\nDROP GRAPH <g>") == "UPDATE"
    assert query_form("WITH <g> DELETE { } WHERE { }") == "UPDATE"
    assert query_form("PREFIX : <x>\nconstruct where {}") == "CONSTRUCT"
    assert query_form('"SELECT"') is None and query_form("") is None


@pytest.mark.parametrize("kind", sorted(PATHOLOGICAL))
def test_lexing_time_grows_linearly(kind):
    unit = PATHOLOGICAL[kind]
    small, large = repeated(unit, 128 << 10), repeated(unit, 512 << 10)
    ratio = best_of_three(count_tokens, large) / best_of_three(count_tokens, small)
    assert ratio < 10, f"{kind}: 4x the text took {ratio:.1f}x the time"


def test_megabytes_of_mixed_pathological_text_scale_linearly():
    mixed = "".join(PATHOLOGICAL.values()) + "\n"
    small, large = repeated(mixed, 1 << 20), repeated(mixed, 4 << 20)
    ratio = best_of_three(count_tokens, large) / best_of_three(count_tokens, small)
    assert ratio < 10, f"4 MB took {ratio:.1f}x the time of 1 MB"
    assert query_form(large) is None and query_form("SELECT * {}" + large) == "SELECT"
    ratio = best_of_three(top_level_where, "SELECT " + large) / best_of_three(top_level_where, "SELECT " + small)
    assert ratio < 10, f"top_level_where: 4 MB took {ratio:.1f}x the time of 1 MB"


def test_a_long_prologue_is_read_in_linear_time():
    small, large = "PREFIX a: <http://x/> " * 20_000, "PREFIX a: <http://x/> " * 80_000
    assert prologue_end(large) == len(large) - 1 and query_form(large + "ASK {}") == "ASK"
    ratio = best_of_three(query_form, large) / best_of_three(query_form, small)
    assert ratio < 10, f"4x the prologue took {ratio:.1f}x the time"
