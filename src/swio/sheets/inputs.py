"""Which inputs are spreadsheets (light: ``swio validate`` asks before it loads anything)."""

from __future__ import annotations

from pathlib import Path

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def is_sheets_input(path) -> bool:
    """True for a path ``swio validate`` and ``swio import`` read as a workbook: a spreadsheet file
    (.xlsx; .xls, .ods and .csv get a line saying what to do instead), or a folder holding CSV files."""
    p = Path(path)
    if p.is_dir():
        return any(p.glob("*.csv"))
    return p.suffix.lower() in SPREADSHEET_SUFFIXES
