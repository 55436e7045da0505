"""Score narrate's German sentence splitter on the peers' cases and on the project's own tables.

Run: .venv/bin/python bench/bench_sentences.py
Peer data is read from ../shared/peer-suites (override with NARRATE_PEER_SUITES), never copied.
Prints, per suite: texts split exactly right, and sentence-boundary precision/recall/F1. pySBD (MIT,
installed with coqui-tts) is scored alongside for reference when it is importable.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from sentence_cases import CASE_TABLES  # noqa: E402

from narrate.german.sentences import split_sentences  # noqa: E402

Cases = list[tuple[str, list[str]]]


def _peer_dir() -> Path:
    return Path(os.environ.get("NARRATE_PEER_SUITES", REPO.parent / "shared" / "peer-suites"))


def _boundaries(sentences: list[str]) -> set[int]:
    """Sentence ends as offsets in the text with all white space removed."""
    ends, offset = set(), 0
    for sentence in sentences:
        offset += len("".join(sentence.split()))
        ends.add(offset)
    return ends


def score(cases: Cases, splitter: Callable[[str], list[str]]) -> dict[str, float]:
    """Exact-match share of texts and boundary precision/recall/F1 over all cases."""
    exact = found = expected = correct = 0
    for text, sentences in cases:
        got = [s.strip() for s in splitter(text) if s.strip()]
        exact += got == sentences
        want, have = _boundaries(sentences), _boundaries(got)
        found, expected, correct = found + len(have), expected + len(want), correct + len(want & have)
    precision = correct / found if found else 1.0
    recall = correct / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(cases), "exact": exact / len(cases), "p": precision, "r": recall, "f1": f1}


def _peer_suites() -> dict[str, Cases]:
    path = _peer_dir() / "de_sentences_peers.json"
    suites: dict[str, Cases] = {}
    for case in json.loads(path.read_text(encoding="utf-8")):
        source = case["source"].split(":")[0]
        suites.setdefault(source, []).append((case["text"], case["sentences"]))
    suites["peers (all)"] = [c for name in list(suites) for c in suites[name]]
    return suites


def _pysbd() -> Callable[[str], list[str]] | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="de", clean=False)
    return segmenter.segment


def _timing(repeats: int = 20) -> tuple[int, float]:
    """Words and median seconds to split a ~2,000-word text built from the case tables."""
    words = " ".join(text for table in CASE_TABLES.values() for text, _ in table).split()
    text = " ".join((words * (2000 // len(words) + 1))[:2000])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        split_sentences(text)
        times.append(time.perf_counter() - started)
    return len(text.split()), sorted(times)[len(times) // 2]


def _row(name: str, result: dict[str, float]) -> str:
    return (f"{name:<34} {result['n']:>4}  exact {result['exact']:6.1%}  "
            f"P {result['p']:.3f}  R {result['r']:.3f}  F1 {result['f1']:.3f}")


def main() -> None:
    own = {f"own: {name}": cases for name, cases in CASE_TABLES.items()}
    own["own (all)"] = [c for cases in CASE_TABLES.values() for c in cases]
    suites = {**_peer_suites(), **own}
    reference = _pysbd()
    print("narrate.german.sentences.split_sentences")
    for name, cases in suites.items():
        print(_row(name, score(cases, split_sentences)))
    if reference is not None:
        print("\npySBD (reference)")
        for name in ("pragmatic_segmenter", "somajo", "peers (all)", "own (all)"):
            if name in suites:
                print(_row(name, score(suites[name], reference)))
    words, seconds = _timing()
    print(f"\nsplit a {words}-word text in {seconds * 1000:.1f} ms (median of 20)")


if __name__ == "__main__":
    main()
