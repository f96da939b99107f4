"""Is a literal's lexical form in its datatype's lexical space? For every XSD 1.1 built-in datatype.

RDF 1.1 calls a literal whose lexical form is not in the lexical space of its datatype
*ill-typed* ("2012-04-31"^^xsd:date, "twelve"^^xsd:int, "25:61:00"^^xsd:time). The
lexical spaces here are XSD 1.1 Part 2's, strictly: no whitespace padding (the
``whiteSpace`` facet belongs to XML Schema validation, not to RDF literals), day of
month checked against the month and leap years, ranges of the derived integer types.
Datatypes outside XSD (and ``xsd:anyURI``, whose lexical space is any string) are
always well-formed: nothing can be checked about them.

Pure Python with compiled regular expressions: one call per *distinct* literal.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# -- building blocks -------------------------------------------------------------------------
_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))"
_YEAR = r"-?(?:[1-9]\d{3,}|0\d{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_FLOAT = r"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[Ee][+-]?\d+)?|[+-]?INF|NaN)"
_DURATION_DAYTIME = r"(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
_NAME_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NAME = f"[{_NAME_START}][{_NAME_CHAR}]*"
_NCNAME = f"[{_NAME_START.replace(':', '')}][{_NAME_CHAR.replace(':', '')}]*"
_NMTOKEN = f"[{_NAME_CHAR}]+"
# XML 1.0 Char: what any string-derived lexical form may contain
_CHAR = re.compile("[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def _full(pattern: str) -> re.Pattern:
    return re.compile(f"(?:{pattern})")


_PATTERNS: dict[str, re.Pattern] = {
    "boolean": _full(r"true|false|1|0"),
    "decimal": _full(_DECIMAL),
    "integer": _full(r"[+-]?\d+"),
    "float": _full(_FLOAT),
    "double": _full(_FLOAT),
    "duration": _full(r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?" + _DURATION_DAYTIME),
    "yearMonthDuration": _full(r"-?P(?=\d)(?:\d+Y)?(?:\d+M)?"),
    "dayTimeDuration": _full(r"-?P(?=\d|T\d)" + _DURATION_DAYTIME),
    "dateTime": _full(f"({_YEAR})-({_MONTH})-({_DAY})T{_TIME}{_TZ}?"),
    "dateTimeStamp": _full(f"({_YEAR})-({_MONTH})-({_DAY})T{_TIME}{_TZ}"),
    "date": _full(f"({_YEAR})-({_MONTH})-({_DAY}){_TZ}?"),
    "time": _full(f"{_TIME}{_TZ}?"),
    "gYearMonth": _full(f"{_YEAR}-{_MONTH}{_TZ}?"),
    "gYear": _full(f"{_YEAR}{_TZ}?"),
    "gMonthDay": _full(f"--({_MONTH})-({_DAY}){_TZ}?"),
    "gDay": _full(f"---{_DAY}{_TZ}?"),
    "gMonth": _full(f"--{_MONTH}{_TZ}?"),
    "hexBinary": _full(r"(?:[0-9a-fA-F]{2})*"),
    "base64Binary": _full(
        r"(?:(?:[A-Za-z0-9+/] ?){4})*(?:(?:[A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]"
        r"|(?:[A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?="
        r"|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?"
    ),
    "language": _full(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*"),
    "Name": _full(_NAME),
    "NCName": _full(_NCNAME),
    "ID": _full(_NCNAME),
    "IDREF": _full(_NCNAME),
    "ENTITY": _full(_NCNAME),
    "NMTOKEN": _full(_NMTOKEN),
    "NMTOKENS": _full(f"{_NMTOKEN}(?: {_NMTOKEN})*"),
    "IDREFS": _full(f"{_NCNAME}(?: {_NCNAME})*"),
    "ENTITIES": _full(f"{_NCNAME}(?: {_NCNAME})*"),
}

#: Integer types derived from xsd:integer: (lowest, highest), None for unbounded.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_INTEGER = _PATTERNS["integer"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: The XSD integer datatypes (full IRIs as strings), and with decimal, float and double the numeric ones.
INTEGER_TYPES = frozenset(_XSD + name for name in _INTEGER_RANGES)
DECIMAL_TYPES = frozenset(_XSD + name for name in ("decimal", "float", "double"))
NUMERIC_TYPES = INTEGER_TYPES | DECIMAL_TYPES

#: Every datatype this module checks (local names in the XSD namespace).
CHECKED = frozenset(_PATTERNS) | frozenset(_INTEGER_RANGES) | {"string", "normalizedString", "token", "anyURI"}


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day_fits(year: int | None, month: int, day: int) -> bool:
    if month == 2:
        return day <= (29 if year is None or _leap(year) else 28)
    return day <= (30 if month in (4, 6, 9, 11) else 31)


def well_formed(lexical: str, datatype: str) -> bool:
    """True when ``lexical`` is in the lexical space of ``datatype`` (a full IRI)."""
    if datatype.startswith(XSD):
        name = datatype[len(XSD) :]
    elif datatype == RDF + "XMLLiteral":
        return _xml_fragment(lexical)
    else:
        return True
    if name in _INTEGER_RANGES:
        if not _INTEGER.fullmatch(lexical):
            return False
        low, high = _INTEGER_RANGES[name]
        if low is None and high is None:
            return True
        value = int(lexical)
        return (low is None or value >= low) and (high is None or value <= high)
    if name in ("string", "anyURI"):
        return _CHAR.fullmatch(lexical) is not None
    if name == "normalizedString":
        return _CHAR.fullmatch(lexical) is not None and not any(c in lexical for c in "\t\n\r")
    if name == "token":
        return (
            _CHAR.fullmatch(lexical) is not None
            and not any(c in lexical for c in "\t\n\r")
            and lexical == lexical.strip(" ")
            and "  " not in lexical
        )
    pattern = _PATTERNS.get(name)
    if pattern is None:
        return True  # not a datatype XSD defines for RDF (e.g. xsd:QName): nothing to check
    match = pattern.fullmatch(lexical)
    if match is None:
        return False
    if name in ("date", "dateTime", "dateTimeStamp"):
        return _day_fits(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if name == "gMonthDay":
        return _day_fits(None, int(match.group(1)), int(match.group(2)))
    return True


def _xml_fragment(text: str) -> bool:
    try:
        ElementTree.fromstring(f"<swio-fragment>{text}</swio-fragment>")
    except ElementTree.ParseError:
        return False
    return True
