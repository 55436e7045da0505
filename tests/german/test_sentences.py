"""German sentence splitting and long-sentence chunking, table-driven."""

from __future__ import annotations

import time

import pytest
from sentence_cases import (
    ABBREVIATIONS,
    BRACKETS,
    DATES_AND_TIMES,
    ELLIPSES,
    INITIALS_AND_ROMAN,
    NEWS,
    ORDINALS,
    QUESTIONS_AND_LAYOUT,
    QUOTES,
    URLS_AND_NUMBERS,
)

from narrate.config import DEFAULT_MAX_CHUNK_CHARS
from narrate.german.sentences import chunk_for_synthesis, split_sentences


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_split(paragraph: str, expected: list[str]) -> None:
    got = split_sentences(paragraph)
    assert got == expected
    assert _squash(" ".join(got)) == _squash(paragraph)


@pytest.mark.parametrize(("paragraph", "expected"), ABBREVIATIONS)
def test_abbreviations(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), NEWS)
def test_news_patterns(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), ORDINALS)
def test_ordinals(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), DATES_AND_TIMES)
def test_dates_and_times(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), INITIALS_AND_ROMAN)
def test_initials_and_roman_numerals(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), QUOTES)
def test_quotes(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), ELLIPSES)
def test_ellipses(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), URLS_AND_NUMBERS)
def test_urls_and_numbers(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), BRACKETS)
def test_brackets(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


@pytest.mark.parametrize(("paragraph", "expected"), QUESTIONS_AND_LAYOUT)
def test_questions_and_layout(paragraph: str, expected: list[str]) -> None:
    _check_split(paragraph, expected)


ODD_INPUT = [
    "Steuer\x00reform\x07 beschlossen.\x1b Die\x0c Länder zahlen.",
    "Großartig 🎉🇩🇪👍🏽! 👨‍👩‍👧 Weiter so.",
    "东京は晴れ。北京下雨了。 Dann kam Regen.",
    "Привет. Это тест. Ende.",
    "..... !!! ??? … „“ () [] . . .",
    "\u200b\u200d\ufeff. \ud800 Text.",
    "x." * 5000,
    "1. 2. 3. 4. 5.",
]


@pytest.mark.parametrize("paragraph", ODD_INPUT)
def test_odd_input_does_not_crash_and_keeps_text(paragraph: str) -> None:
    got = split_sentences(paragraph)
    assert all(s and s == s.strip() for s in got)
    assert _squash(" ".join(got)) == _squash(paragraph)


def test_splitting_a_2000_word_text_is_fast() -> None:
    paragraph = " ".join(text for text, _ in ABBREVIATIONS + ORDINALS + QUOTES)
    words = paragraph.split()
    text = " ".join((words * (2000 // len(words) + 1))[:2000])
    started = time.process_time()  # CPU time: on a loaded machine wall time also counts the waits
    split_sentences(text)
    assert time.process_time() - started < 0.05


# ── chunking ─────────────────────────────────────────────────────────────────

CLAUSE = "die Regierung hat am Mittwoch in Berlin nach langen Verhandlungen beschlossen"
# (sentence, max_chars, expected chunks)
CHUNK_CASES = [
    ("Kurzer Satz.", 250, ["Kurzer Satz."]),
    ("  Kurzer Satz.  ", 250, ["Kurzer Satz."]),
    ("", 250, []),
    (f"Zuerst {CLAUSE}, dann {CLAUSE}; {CLAUSE}.", 200,
     [f"Zuerst {CLAUSE}, dann {CLAUSE};", f"{CLAUSE}."]),
    (f"Zuerst {CLAUSE}, dann {CLAUSE}: {CLAUSE}.", 200,
     [f"Zuerst {CLAUSE}, dann {CLAUSE}:", f"{CLAUSE}."]),
    (f"Zuerst {CLAUSE}, dann {CLAUSE} – {CLAUSE}.", 200,
     [f"Zuerst {CLAUSE}, dann {CLAUSE} –", f"{CLAUSE}."]),
    (f"Zuerst {CLAUSE}, heute {CLAUSE}, weil {CLAUSE}.", 200,
     [f"Zuerst {CLAUSE}, heute {CLAUSE},", f"weil {CLAUSE}."]),
    (f"{CLAUSE}, dass {CLAUSE}, heute {CLAUSE}.", 200,
     [f"{CLAUSE},", f"dass {CLAUSE}, heute {CLAUSE}."]),
    (f"{CLAUSE}, heute {CLAUSE}.", 100, [f"{CLAUSE},", f"heute {CLAUSE}."]),
    ("wort " * 30, 100, ["wort " * 14 + "wort", "wort " * 14 + "wort"]),
    ("a" * 260, 250, ["a" * 130, "a" * 130]),
]


@pytest.mark.parametrize(("sentence", "max_chars", "expected"), CHUNK_CASES)
def test_chunks_prefer_clause_boundaries(sentence: str, max_chars: int, expected: list[str]) -> None:
    assert chunk_for_synthesis(sentence, max_chars) == expected


LONG_INPUTS = [
    (f"{CLAUSE}, " * 400, DEFAULT_MAX_CHUNK_CHARS),
    ("Das ist ein Satz und er geht immer weiter " * 500, DEFAULT_MAX_CHUNK_CHARS),
    ("x" * 20_000, DEFAULT_MAX_CHUNK_CHARS),
    ("ab; " * 5000, 40),
    ("Donaudampfschifffahrtsgesellschaftskapitän " * 10 + "x" * 700, 60),
    ("a, b " * 100 + "y" * 3, 250),
    ("Ein Satz mit 🎉 und 东京 und \x07 Steuerzeichen, " * 30, 100),
]


@pytest.mark.parametrize(("sentence", "max_chars"), LONG_INPUTS)
def test_chunk_invariants(sentence: str, max_chars: int) -> None:
    started = time.perf_counter()
    chunks = chunk_for_synthesis(sentence, max_chars)
    assert time.perf_counter() - started < 0.2
    assert all(c and c == c.strip() and len(c) <= max_chars for c in chunks)
    assert all(len(c) >= max_chars // 5 for c in chunks)  # balanced: no stub tail
    assert "".join("".join(chunks).split()) == "".join(sentence.split())
    if " " not in sentence.strip():
        return
    assert _squash(" ".join(chunks)) == _squash(sentence) or len(max(sentence.split(), key=len)) > max_chars


def test_chunk_for_synthesis_keeps_the_default_limit() -> None:
    sentence = f"{CLAUSE}, und {CLAUSE}, " * 6
    chunks = chunk_for_synthesis(sentence)
    assert len(chunks) > 1 and all(len(c) <= DEFAULT_MAX_CHUNK_CHARS for c in chunks)


def test_chunk_rejects_a_non_positive_limit() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        chunk_for_synthesis("Satz.", 0)
