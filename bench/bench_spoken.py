"""Score narrate.german.spoken.to_spoken on NeMo's German normalisation cases and on our own case tables.

Run: .venv/bin/python bench/bench_spoken.py [--show-misses]
The peer data is read from ../shared/peer-suites (or $NARRATE_PEER_SUITES); it is never copied here.
Spaces, case and punctuation are ignored when comparing, as NeMo's own scoring does.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from narrate.german.spoken import to_spoken  # noqa: E402
from tests.spoken_cases import CASES  # noqa: E402

NEMO_FILE = "de_normalization_nemo.tsv"
TARGET_WORDS = 2000


def peer_suites() -> Path:
    return Path(os.environ.get("NARRATE_PEER_SUITES", REPO.parent / "shared" / "peer-suites"))


def squash(text: str) -> str:
    """Lower case, no spaces or punctuation: the form both sides are compared in."""
    return re.sub(r"[\W_]+", "", text.lower())


def score(rows: list[tuple[str, str, list[str]]], show_misses: bool, label: str) -> tuple[int, int]:
    """Print per-category accuracy of (category, written, accepted readings) rows; return (hits, total)."""
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    misses = []
    for category, written, accepted in rows:
        got = to_spoken(written)
        totals[category] += 1
        if squash(got) in {squash(a) for a in accepted}:
            hits[category] += 1
        else:
            misses.append((category, written, got, " || ".join(accepted)))
    print(f"\n{label}")
    for category in sorted(totals):
        print(f"  {category:<13} {hits[category]:>4}/{totals[category]:<4} "
              f"{100 * hits[category] / totals[category]:6.1f}%")
    hit_sum, total_sum = sum(hits.values()), sum(totals.values())
    print(f"  {'overall':<13} {hit_sum:>4}/{total_sum:<4} {100 * hit_sum / total_sum:6.1f}%")
    if show_misses:
        for category, written, got, expected in misses:
            print(f"  MISS [{category}] {written!r}\n       got:      {got}\n       expected: {expected}")
    return hit_sum, total_sum


def nemo_rows() -> list[tuple[str, str, list[str]]]:
    path = peer_suites() / NEMO_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["category"], r["written"], r["spoken"].split(" || ")) for r in reader]


def own_rows() -> list[tuple[str, str, list[str]]]:
    return [(category, written, [spoken]) for category, cases in CASES.items()
            for written, spoken in cases if spoken is not None]


def timing() -> tuple[int, int, float, float]:
    """(words, sentences, first-pass seconds, best-of-5 seconds) for a ~2,000-word text."""
    sentences, words = [], 0
    pool = [written for cases in CASES.values() for written, _ in cases if len(written) < 2000]
    while words < TARGET_WORDS:
        for written in pool:
            sentences.append(written)
            words += len(written.split())
            if words >= TARGET_WORDS:
                break
    started = time.perf_counter()
    for sentence in sentences:
        to_spoken(sentence)
    first = time.perf_counter() - started
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for sentence in sentences:
            to_spoken(sentence)
        runs.append(time.perf_counter() - started)
    return words, len(sentences), first, min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print every case that failed")
    args = parser.parse_args()
    words, count, first, best = timing()
    nemo_hits, nemo_total = score(nemo_rows(), args.show_misses, "NeMo German normalisation cases")
    own_hits, own_total = score(own_rows(), args.show_misses, "narrate's own case tables")
    print("\nFigures")
    print(f"  NeMo overall: {nemo_hits}/{nemo_total} = {100 * nemo_hits / nemo_total:.1f}% (target ≥ 85%)")
    print(f"  own tables:   {own_hits}/{own_total} = {100 * own_hits / own_total:.1f}%")
    print(f"  speed: {words} words in {count} sentences: first pass {first * 1000:.0f} ms "
          f"(builds the cached tables), then {best * 1000:.0f} ms (target < 500 ms)")


if __name__ == "__main__":
    main()
