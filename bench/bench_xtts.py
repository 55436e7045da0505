"""XTTS v2 at full size: what the generation-cache workaround is worth under transformers 5.x.

coqui-tts 0.28's XTTS GPT ignores the `cache=` keyword transformers 5.24 passes; narrate hands the
cache on (narrate/voice/engines/xtts.py) and only as a last resort generates without it. This builds
XTTS v2's architecture (30-layer 1024-wide GPT, HiFi-GAN decoder, speaker encoder; random weights,
so every chunk runs to the audio-token limit) and times the same chunks both ways, one process.

Usage: .venv/bin/python bench/bench_xtts.py [--tokens 60] [--threads 2] [--chunks 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # coqui_tiny builds the checkpoint

from narrate.config import VoiceSettings  # noqa: E402
from narrate.voice import coqui_store  # noqa: E402
from narrate.voice.engines import load_engine  # noqa: E402

CHUNKS = [
    "Die Bundesregierung hat sich auf den Haushalt für das kommende Jahr geeinigt.",
    "Straßenbahnfahrerinnen und Müllwerker streiken ab Donnerstag früh.",
    "Die nächste Verhandlungsrunde beginnt am Montag.",
]


def _time(engine, chunks: list[str]) -> tuple[float, float]:
    """(seconds of synthesis, seconds of audio) for the chunks."""
    start, audio = time.perf_counter(), 0.0
    for chunk in chunks:
        audio += engine.synthesize(chunk).size / engine.sample_rate
    return time.perf_counter() - start, audio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=60, help="audio tokens per chunk (≈ 46 ms each)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--chunks", type=int, default=2)
    args = parser.parse_args()
    from coqui_tiny import build_xtts

    chunks = CHUNKS[: args.chunks]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        folder = build_xtts(Path(tmp) / "xtts-full", speakers=("Bench",), full=True,
                            max_audio_tokens=args.tokens)
        print(f"built full-size XTTS ({coqui_store.folder_size_mb(folder):.0f} MB) in "
              f"{time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        engine = load_engine(coqui_store.preset_from_dir(folder),
                             VoiceSettings(device="cpu", threads=args.threads, speaker="Bench"))
        print(f"loaded in {time.perf_counter() - start:.0f} s")
        engine.synthesize(chunks[0])  # warm-up; under transformers 5.x this finds and fixes the cache
        cached, audio = _time(engine, chunks)
        print(f"{len(chunks)} chunks, {audio:.1f} s of audio, {args.threads} threads")
        print(f"cache handed on: {cached:6.1f} s  RTF {cached / audio:.2f}", flush=True)
        engine._speak_chunk._options["use_cache"] = False  # the last-resort path
        uncached, _ = _time(engine, chunks)
    print(f"without cache:   {uncached:6.1f} s  RTF {uncached / audio:.2f}  ({uncached / cached:.1f}x slower)")


if __name__ == "__main__":
    main()
