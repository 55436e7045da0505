"""Pronunciation lexicon: names in the news respelled so a German voice says them right.

The shipped `voices/lexicon.tsv` is read first, then the user's file (`--lexicon`), whose entries
override shipped ones. Matching is whole-word and case-sensitive, on the spoken text, and takes
the inflected forms of a name too (rule "inflected forms": "Rubios", "Selenskyjs" keep the
respelling's stem and add the ending). A respelling is letters only: a digit or markup in it would
reach the voice, so such a line is refused.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from narrate.data import data_dir
from narrate.errors import SettingsError

log = logging.getLogger(__name__)

LEXICON_FILE = "lexicon.tsv"
# Genitive and the case endings German names and nouns take ("des Rubios", "den Selenskyjs").
_ENDINGS = "(?P<ending>s|es|n|en|ns)?"
# Letters, with spaces, hyphens and apostrophes between them ("Se-lenskij", "Gutérresch").
_RESPELLING = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Word → respelling, with one compiled alternation (longest word first, so "Trumps" beats "Trump")."""

    entries: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_entries(cls, entries: Mapping[str, str]) -> Lexicon:
        """Build the lexicon and its regex; an empty mapping gives a lexicon that changes nothing."""
        if not entries:
            return cls()
        words = sorted(entries, key=len, reverse=True)
        alternation = "|".join(re.escape(word) for word in words)
        pattern = re.compile(rf"(?<!\w)(?P<word>{alternation}){_ENDINGS}(?!\w)")
        return cls(MappingProxyType(dict(entries)), pattern)

    def apply(self, spoken: str) -> str:
        """Replace every whole-word occurrence of a lexicon word, or its inflected form, by its respelling."""
        if self.pattern is None:
            return spoken
        return self.pattern.sub(self._respell, spoken)

    def _respell(self, match: re.Match[str]) -> str:
        word, ending = match.group("word"), match.group("ending") or ""
        if ending and not word[:1].isupper():
            return match.group(0)  # only names and nouns take these endings
        return self.entries[word] + ending


def read_lexicon_file(path: Path) -> dict[str, str]:
    """Entries of one TSV file (`word<TAB>respelling`; `#` comments and blank lines skipped).

    A malformed line raises SettingsError naming the file, the line number and the fix.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"lexicon {path} cannot be read ({exc}); give a UTF-8 text file") from exc
    entries: dict[str, str] = {}
    lines_of: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != 2 or not cells[0] or not cells[1]:
            raise SettingsError(
                f"lexicon {path} line {number}: expected `word<TAB>respelling`, got {line!r}; "
                "put exactly one tab between the word and its respelling")
        word, respelling = cells
        if not _RESPELLING.fullmatch(respelling):
            raise SettingsError(
                f"lexicon {path} line {number}: the respelling {respelling!r} holds digits, markup or "
                "symbols a voice would read aloud; write it in letters only (spaces, hyphens allowed)")
        if word in entries:
            log.warning("lexicon %s: %r is on line %d and again on line %d; line %d wins",
                        path, word, lines_of[word], number, number)
        entries[word], lines_of[word] = respelling, number
    return entries


def load_lexicon(user_file: Path | None = None) -> Lexicon:
    """The shipped lexicon, overridden entry by entry by `user_file` when given."""
    entries = read_lexicon_file(data_dir() / LEXICON_FILE)
    if user_file is not None:
        user_entries = read_lexicon_file(user_file)
        log.debug("lexicon %s: %d entries", user_file, len(user_entries))
        for word in sorted(set(user_entries) & set(entries)):
            if user_entries[word] != entries[word]:
                log.debug("lexicon %s: %r overrides the shipped respelling %r with %r",
                         user_file, word, entries[word], user_entries[word])
        entries.update(user_entries)
    return Lexicon.from_entries(entries)
