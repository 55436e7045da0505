"""narrate.german.spoken.to_spoken: one table per rule (tests/spoken_cases.py), plus invariants over all."""

from __future__ import annotations

import re

import pytest

from narrate.german.spoken import to_spoken
from tests.spoken_cases import CASES

EXPECTED = [(category, written, spoken) for category, cases in CASES.items()
            for written, spoken in cases if spoken is not None]
EVERY = [(category, written) for category, cases in CASES.items() for written, _ in cases]
STRAY_SYMBOLS = re.compile(r"[§%€$&/+=@#°²³*_|<>~\d]")


def _case_id(case: tuple) -> str:
    return f"{case[0]}:{case[1][:40]}"


@pytest.mark.parametrize("category,written,spoken", EXPECTED, ids=[_case_id(c) for c in EXPECTED])
def test_to_spoken_reads_case_as_a_newsreader(category: str, written: str, spoken: str) -> None:
    assert to_spoken(written) == spoken


@pytest.mark.parametrize("category,written", EVERY, ids=[_case_id(c) for c in EVERY])
def test_no_digit_or_stray_symbol_reaches_the_voice(category: str, written: str) -> None:
    spoken = to_spoken(written)
    assert not any(ch.isdigit() for ch in spoken), spoken[:200]
    assert STRAY_SYMBOLS.search(spoken) is None, spoken[:200]


def test_every_rule_of_the_issue_has_a_table() -> None:
    rules = {"cardinal", "decimal", "ordinal", "date", "year", "time", "money", "percent", "unit",
             "range", "score", "fraction", "paragraph", "roman", "phone", "compound",
             "abbreviation", "acronym", "url", "email", "noise"}
    assert rules <= set(CASES)
    assert all(len(CASES[rule]) >= 3 for rule in rules)


@pytest.mark.parametrize("final", [".", "?", "!", ":", ";", "…"])
def test_sentence_punctuation_is_kept_for_prosody(final: str) -> None:
    assert to_spoken(f"Kamen 3 Leute{final}") == f"Kamen drei Leute{final.replace('…', '...')}"


def test_number_before_final_stop_is_a_cardinal_but_inside_an_ordinal() -> None:
    assert to_spoken("Sie kam 1989.") == "Sie kam neunzehnhundertneunundachtzig."
    assert to_spoken("Sie kam am 3. Mai.") == "Sie kam am dritten Mai."


def test_a_20000_character_sentence_is_spoken_quickly() -> None:
    import time

    sentence = "Am 3. März stiegen 1.234 Aktien um 3,5 % auf 29,90 Euro, " * 360 + "sagte er."
    assert len(sentence) > 20_000
    started = time.perf_counter()
    spoken = to_spoken(sentence)
    assert time.perf_counter() - started < 2.0
    assert spoken.endswith("sagte er.") and not re.search(r"\d", spoken)


def test_to_spoken_is_pure() -> None:
    sentence = "Am 24.11.2026 um 14:30 Uhr kostete es 5 Mio. €."
    assert to_spoken(sentence) == to_spoken(sentence)
