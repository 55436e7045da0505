"""Narrate a long sample article and print seconds per stage and real-time factors.

Usage: .venv/bin/python bench/bench_pipeline.py [ARTICLE] [--voice NAME|DIR]
Target (issue 2): everything except synthesis at ≥ 100× real time (≤ 6 s per 10 min of audio).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from narrate.voice.catalog import find_voice
from narrate.config import Settings, VoiceSettings
from narrate.voice.engines import load_engine
from narrate.pipeline import Narrator

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "samples/long/klimagipfel.txt")
    parser.add_argument("--voice", default="espeak-de")
    args = parser.parse_args()

    settings = Settings(voice=VoiceSettings(name=args.voice))
    started = time.perf_counter()
    narrator = Narrator(load_engine(find_voice(args.voice), settings.voice), settings)
    load_s = time.perf_counter() - started
    words = len(args.article.read_text(encoding="utf-8", errors="replace").split())
    with tempfile.TemporaryDirectory() as tmp:
        outcome = narrator.narrate_file(args.article, Path(tmp) / "bench.mp3")
        size = os.path.getsize(outcome.output)
    t, audio = outcome.times, outcome.duration_s
    rest = t.total - t.synthesis
    print(f"article: {args.article.relative_to(ROOT) if args.article.is_relative_to(ROOT) else args.article}"
          f" ({words} words, {outcome.script.sentence_count()} sentences), voice {outcome.voice},"
          f" {os.cpu_count()} cores")
    print(f"audio: {audio:.1f} s ({audio / 60:.2f} min), MP3 {size / 1e6:.2f} MB; voice load {load_s:.2f} s")
    print(f"{'stage':<12}{'seconds':>10}{'× real time':>14}")
    for stage in ("front_end", "synthesis", "assembly", "loudness", "encoding"):
        seconds = getattr(t, stage)
        print(f"{stage:<12}{seconds:>10.3f}{audio / seconds if seconds else float('inf'):>14.0f}")
    print(f"{'total':<12}{t.total:>10.3f}{audio / t.total:>14.1f}")
    print(f"real-time factor (total / audio): {t.total / audio:.4f}")
    print(f"all but synthesis: {rest:.3f} s = {audio / rest:.0f}× real time "
          f"({rest * 600 / audio:.2f} s per 10 min of audio; target ≤ 6 s, ≥ 100×)")


if __name__ == "__main__":
    main()
