"""narrate.german.lexicon: shipped respellings, user overrides, whole-word matching, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.errors import SettingsError
from narrate.german.lexicon import Lexicon, load_lexicon, read_lexicon_file

SHIPPED = [
    ("Riabkow traf Witkoff.", "Rijabkoff traf Wittkoff."),
    ("Rubio und Selenskyj sprachen.", "Ruhbjo und Se-lenskij sprachen."),
    ("Trumps Berater Vance kam.", "Trammps Berater Wäns kam."),
    ("Der Witkoff-Plan liegt vor.", "Der Wittkoff-Plan liegt vor."),
    ("Trumpeter und trump bleiben.", "Trumpeter und trump bleiben."),  # whole word, case-sensitive
    ("Macron, Starmer und Erdoğan.", "Makrong, Stahmer und Erdoan."),
]


@pytest.mark.parametrize("spoken,respelled", SHIPPED)
def test_shipped_lexicon_respells_news_names(spoken: str, respelled: str) -> None:
    assert load_lexicon().apply(spoken) == respelled


def test_shipped_lexicon_has_enough_real_entries() -> None:
    assert len(load_lexicon().entries) >= 30


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text("# my names\n\nWitkoff\tUittkoff\nKlingbeil\tKlingbail\n", encoding="utf-8")
    lexicon = load_lexicon(user)
    assert lexicon.apply("Witkoff, Klingbeil, Rubio") == "Uittkoff, Klingbail, Ruhbjo"


def test_longest_word_wins() -> None:
    lexicon = Lexicon.from_entries({"New": "Nju", "New York": "Nju Jork"})
    assert lexicon.apply("New York und New") == "Nju Jork und Nju"


def test_empty_lexicon_changes_nothing() -> None:
    assert Lexicon().apply("Trump") == "Trump"


@pytest.mark.parametrize("line", ["Witkoff Uittkoff", "Witkoff\t", "\tUittkoff", "a\tb\tc"])
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str) -> None:
    user = tmp_path / "bad.tsv"
    user.write_text(f"# comment\nRubio\tRubjo\n{line}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        read_lexicon_file(user)
    message = str(caught.value)
    assert str(user) in message and "line 3" in message and "tab" in message


def test_unreadable_file_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot be read"):
        load_lexicon(tmp_path / "missing.tsv")


INFLECTED = [
    ("Rubios Reise endet.", "Ruhbjos Reise endet."),  # genitive -s keeps the respelled stem
    ("Die Pläne Macrons und Rubios.", "Die Pläne Makrongs und Ruhbjos."),
    ("Selenskyjs Rede.", "Se-lenskijs Rede."),
    ("Powells Zinsen steigen.", "Pauells Zinsen steigen."),
    ("Trumpeter spielen.", "Trumpeter spielen."),  # another word, not an ending
]


@pytest.mark.parametrize("spoken,respelled", INFLECTED)
def test_inflected_forms_keep_the_respelled_stem(spoken: str, respelled: str) -> None:
    assert load_lexicon().apply(spoken) == respelled


def test_case_endings_on_names_only() -> None:
    lexicon = Lexicon.from_entries({"Nawalny": "Nawalni", "dpa": "de pe a"})
    assert lexicon.apply("den Nawalnys, dpas") == "den Nawalnis, dpas"


@pytest.mark.parametrize("respelling", ["Rub10", "<b>Rubjo</b>", "Ru&bjo", "Ru/bjo", "R{u}bjo", "Rubjo_"])
def test_respelling_with_digits_or_markup_is_refused(tmp_path: Path, respelling: str) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text(f"Witkoff\tWittkoff\nRubio\t{respelling}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        read_lexicon_file(user)
    message = str(caught.value)
    assert str(user) in message and "line 2" in message and "letters only" in message
    assert "\n" not in message


def test_duplicate_entry_is_warned_with_both_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text("Rubio\tRubjo\n# again\nRubio\tRuhbio\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="narrate.german.lexicon"):
        entries = read_lexicon_file(user)
    assert entries == {"Rubio": "Ruhbio"}
    assert any("line 1" in r.getMessage() and "line 3" in r.getMessage() and "line 3 wins" in r.getMessage()
               for r in caplog.records)


def test_shipped_lexicon_passes_its_own_checks() -> None:
    assert all(not any(ch.isdigit() or ch in "<>&/{}" for ch in v) for v in load_lexicon().entries.values())
