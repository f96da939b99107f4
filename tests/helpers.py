"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SOURCE_DIR = Path(os.environ.get("SWIO_SOURCE_DIR", REPO.parent / "shared" / "source"))
ARTICLE = SOURCE_DIR / "000_edb6593af680b9cd.txt"


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_same_answers(endpoint: str, dataset, name: str, lang: str = "en", params: dict | None = None) -> None:
    """A question answers over ``endpoint`` with exactly the embedded store's columns and rows."""
    import swio

    here = swio.query(name, params=params, lang=lang, dataset=dataset)
    there = swio.query(name, params=params, lang=lang, endpoint=endpoint)
    assert there.columns == here.columns and there.rows == here.rows
