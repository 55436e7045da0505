"""Score narrate on real German text: the UD German GSD dev paragraphs (newspaper, web, Wikipedia).

Run: .venv/bin/python bench/bench_real_sentences.py [--show-misses] [--show-readings] [--pages]
The data is read from ../shared/real-world/ud_german_gsd_dev_paragraphs.json (or
$NARRATE_REAL_WORLD), never copied. Prints:
- sentence splitting: exact paragraphs and boundary P/R/F1, apart for paragraphs whose gold
  boundaries all follow final punctuation and for the rest (gold splits after headlines, colons);
- readings: over every gold sentence with a digit, how many spoken forms still hold a digit, a
  symbol, or "null" inside a number group ("einhundert null null null"); must be 0;
- with --pages, the same count over every sentence with a digit on the 338 real pages;
- speed: to_spoken over a 2,000-word article built from the file's sentences (target < 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from bench_sentences import score  # noqa: E402

from narrate.article import load_article  # noqa: E402
from narrate.errors import NarrateError  # noqa: E402
from narrate.german.sentences import split_sentences  # noqa: E402
from narrate.german.spoken import to_spoken  # noqa: E402

DATA_FILE = "ud_german_gsd_dev_paragraphs.json"
TARGET_WORDS = 2000
SPEED_TARGET_MS = 50
# What a voice must never be given: digits and symbols it would read aloud or garble.
LEAK_SYMBOL = re.compile(r"[\d§%€$&/+=@#°²³*_|<>~\\^]")
# "null" right after a number word that is not a single digit: a thousands group read digit by digit
# ("einhundert null null null"); "… null Uhr", "null Komma fünf" are readings of their own.
_NUMBER_WORD = r"\w*(?:hundert|tausend|zig|ßig|zehn|elf|zwölf|Million(?:en)?|Milliarde[n]?)"
NULL_IN_GROUP = re.compile(rf"\b{_NUMBER_WORD},? null\b(?! (?:Uhr|Minuten?|Sekunden?|Stunden?|Komma|Grad)\b)")
FINAL = re.compile(r"[.!?…][\"'“”»«›‹)\]’‘`]*$")

Case = tuple[str, list[str]]


def data_file() -> Path:
    folder = os.environ.get("NARRATE_REAL_WORLD", REPO.parent / "shared" / "real-world")
    return Path(folder) / DATA_FILE


def load_cases() -> list[Case]:
    return [(item["text"], item["sentences"]) for item in json.loads(data_file().read_text("utf-8"))]


def follows_final_punctuation(case: Case) -> bool:
    """Whether every gold boundary inside the paragraph comes after . ! ? or … (with closers)."""
    return all(FINAL.search(sentence.rstrip()) for sentence in case[1][:-1])


def leak(spoken: str) -> str | None:
    """Why this reading must not reach a voice, or None."""
    found = LEAK_SYMBOL.search(spoken)
    if found:
        return f"symbol {found.group(0)!r}"
    found = NULL_IN_GROUP.search(spoken)
    return f"null in a number group {found.group(0)!r}" if found else None


def readings(cases: list[Case], show: bool) -> tuple[int, int]:
    """(sentences with a digit, readings that leak); prints the leaks, and every reading if asked."""
    with_digit = leaks = 0
    for _, sentences in cases:
        for sentence in sentences:
            if not any(ch.isdigit() for ch in sentence):
                continue
            with_digit += 1
            spoken = to_spoken(sentence)
            why = leak(spoken)
            leaks += why is not None
            if why or show:
                print(f"  {'LEAK ' + why if why else 'read'}: {sentence}\n      → {spoken}")
    return with_digit, leaks


def page_readings(show: bool) -> tuple[int, int]:
    """(sentences with a digit, leaking readings) over the real pages in ../shared/real-world/pages."""
    with_digit = leaks = 0
    for page in sorted((data_file().parent / "pages").glob("*.html")):
        try:
            article = load_article(page)
        except NarrateError:
            continue
        for paragraph in (p for section in article.sections for p in section.paragraphs):
            for sentence in split_sentences(paragraph):
                if any(ch.isdigit() for ch in sentence):
                    with_digit += 1
                    why = leak(to_spoken(sentence))
                    leaks += why is not None
                    if why and show:
                        print(f"  LEAK {why}: {sentence[:160]}")
    return with_digit, leaks


def speed(cases: list[Case]) -> tuple[int, float]:
    """(words, best-of-5 CPU ms) for to_spoken over a ~2,000-word article of the file's sentences."""
    pool = [s for _, sentences in cases for s in sentences]
    article, words = [], 0
    while words < TARGET_WORDS:
        sentence = pool[len(article) % len(pool)]
        article.append(sentence)
        words += len(sentence.split())
    for sentence in article:
        to_spoken(sentence)  # first pass builds the cached tables
    runs = []
    for _ in range(5):
        started = time.process_time()  # CPU time: on a shared machine wall time counts the waits
        for sentence in article:
            to_spoken(sentence)
        runs.append(time.process_time() - started)
    return words, min(runs) * 1000


def _row(name: str, result: dict[str, float]) -> str:
    return (f"  {name:<40} {result['n']:>4}  exact {result['exact']:6.1%}  "
            f"P {result['p']:.3f}  R {result['r']:.3f}  F1 {result['f1']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print paragraphs split wrong")
    parser.add_argument("--show-readings", action="store_true", help="print every reading with a digit")
    parser.add_argument("--pages", action="store_true",
                        help="also count leaking readings over the 338 real pages (about 20 s of CPU)")
    args = parser.parse_args()
    cases = load_cases()
    final = [c for c in cases if follows_final_punctuation(c)]
    rest = [c for c in cases if not follows_final_punctuation(c)]
    print(f"UD German GSD dev paragraphs ({data_file()})")
    print(_row("all paragraphs", score(cases, split_sentences)))
    print(_row("gold boundaries after final punctuation", score(final, split_sentences)))
    print(_row("the rest (headlines, colons)", score(rest, split_sentences)))
    if args.show_misses:
        for text, gold in cases:
            got = split_sentences(text)
            if got != gold:
                print(f"  MISS\n    gold: {gold}\n    got:  {got}")
    with_digit, leaks = readings(cases, args.show_readings)
    print(f"  readings of {with_digit} sentences with a digit: {leaks} hold a digit, a symbol or "
          "'null' in a number group (must be 0)")
    if args.pages:
        with_digit, leaks = page_readings(args.show_readings)
        print(f"  real pages: readings of {with_digit} sentences with a digit: {leaks} leak (must be 0)")
    words, ms = speed(cases)
    print(f"  speed: to_spoken over a {words}-word article: {ms:.1f} ms CPU (best of 5; target < "
          f"{SPEED_TARGET_MS} ms)")


if __name__ == "__main__":
    main()
