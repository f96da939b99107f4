"""The words an answer is shown with, in English and Chinese: values that are terms, and the few
phrases of the command line's tables (the site has its own, ``publish/site/i18n.py``)."""

from __future__ import annotations

LANGS = ("en", "zh")

MESSAGES: dict[str, tuple[str, str]] = {
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "rows": ("({n} rows)", "（共 {n} 行）"),
    "one_row": ("(1 row)", "（共 1 行）"),
    "record": ("row {i} of {n}", "第 {i} 行，共 {n} 行"),
    "shown": (" — the first {n} shown", "——显示前 {n} 行"),
    "examples": ("e.g.", "例如"),
    "list_count": ("({n} questions)", "（共 {n} 个问题）"),
    "params": ("params", "参数"),
    "param_no_match": (
        "no row matches {given} (without it the answer has {n} rows)",
        "没有一行符合 {given}（不加此参数时答案有 {n} 行）",
    ),
    "param_examples": ("; values that give an answer: {examples}", "；有答案的取值如：{examples}"),
    "filter_no_match": (
        "line {line}: {filter} leaves no row (without it the answer has {n} rows)",
        "第 {line} 行：{filter} 排除了所有的行（去掉它答案有 {n} 行）",
    ),
}

#: ISO 4217 codes the data uses (``swio:currency``), by their name in each language
CURRENCIES: dict[str, tuple[str, str]] = {"CNY": ("CNY", "人民币")}


def text(key: str, lang: str | None, **values) -> str:
    en, zh = MESSAGES[key]
    message = zh if lang == "zh" else en
    return message.format(**values) if values else message


def rows_note(n: int, lang: str | None) -> str:
    return text("one_row", lang) if n == 1 else text("rows", lang, n=f"{n:,}")


def currency(code: str, lang: str | None) -> str | None:
    """The name of a currency code in ``lang`` (None: not a code the data uses)."""
    names = CURRENCIES.get(code)
    if names is None:
        return None
    return names[1] if lang == "zh" else names[0]
