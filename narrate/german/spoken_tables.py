"""The data tables behind the spoken forms (`voices/*.tsv`), read once per process."""

from __future__ import annotations

import functools
from pathlib import Path

from narrate.data import data_dir
from narrate.errors import SettingsError


def read_tsv(path: Path, min_columns: int, max_columns: int) -> list[tuple[str, ...]]:
    """Rows of a TSV table; `#` comments and blank lines are skipped.

    A row with too few or too many columns raises SettingsError naming the file and line.
    """
    rows: list[tuple[str, ...]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} cannot be read ({exc}); give a UTF-8 text file") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if not min_columns <= len(cells) <= max_columns or not all(cells[:min_columns]):
            raise SettingsError(
                f"{path} line {number}: expected {min_columns}–{max_columns} tab-separated columns, "
                f"got {line!r}; separate the columns with one tab")
        rows.append(cells)
    return rows


@functools.cache
def units() -> dict[str, tuple[str, str]]:
    """Unit symbol → (singular, plural) words."""
    rows = read_tsv(data_dir() / "units.tsv", 2, 3)
    return {row[0]: (row[1], row[2] if len(row) > 2 else row[1]) for row in rows}


@functools.cache
def unit_words() -> frozenset[str]:
    """Every spoken unit word, singular and plural ("Kilometer", "Stunden")."""
    return frozenset(word for pair in units().values() for word in pair if " " not in word)


@functools.cache
def abbreviations() -> tuple[tuple[str, str, str], ...]:
    """(written, spoken, when) triples in file order; `when` is "" when unconditional."""
    rows = read_tsv(data_dir() / "abbreviations.tsv", 2, 3)
    return tuple((row[0], row[1], row[2] if len(row) > 2 else "") for row in rows)


@functools.cache
def acronyms() -> dict[str, str]:
    """Acronym as written → as spoken (a word, or letters joined by hyphens)."""
    rows = read_tsv(data_dir() / "acronyms.tsv", 3, 3)
    return {row[1]: row[2] for row in rows}
