"""Coqui VITS at full size: narrate's synthesis and total time against Coqui's own `TTS.api` `tts()`.

Builds Coqui's full-size VITS (VitsConfig defaults, Thorsten VITS's architecture; German espeak
phonemes; random weights) as a checkpoint folder, narrates a long sample article with it through
`Narrator.narrate_file`, then times `TTS.api.TTS.tts(chunk, split_sentences=False)` on the very
same chunks in the same process. Target (issue 4): narrate's overhead above raw Coqui ≤ 5 %.

Usage: .venv/bin/python bench/bench_coqui.py [ARTICLE] [--max-sentences N] [--threads 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # coqui_tiny builds the checkpoint

from narrate.voice import coqui_store  # noqa: E402
from narrate.config import Settings, VoiceSettings  # noqa: E402
from narrate.voice.engines import load_engine  # noqa: E402
from narrate.models import Script  # noqa: E402
from narrate.pipeline import Narrator  # noqa: E402


def spoken_chunks(script: Script) -> list[str]:
    """Every chunk the engine receives, in narration order (headline, chapter titles, sentences)."""
    sentences = [script.title]
    for chapter in script.chapters:
        if chapter.title is not None:
            sentences.append(chapter.title)
        sentences.extend(s for p in chapter.paragraphs for s in p.sentences)
    return [chunk for sentence in sentences for chunk in sentence.chunks]


def truncated_article(narrator: Narrator, article: Path, max_sentences: int, tmp: Path) -> Path:
    """The article cut after whole paragraphs so that its script has at most `max_sentences`."""
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    best = None
    for end in range(1, len(paragraphs) + 1):
        candidate = tmp / article.name
        candidate.write_text("\n\n".join(paragraphs[:end]) + "\n", encoding="utf-8")
        try:
            count = narrator.prepare_script(candidate).sentence_count()
        except Exception:  # noqa: BLE001 — a prefix may have nothing speakable yet
            continue
        if count > max_sentences:
            break
        best = "\n\n".join(paragraphs[:end]) + "\n"
    if best is None:
        raise SystemExit(f"--max-sentences {max_sentences} is fewer than the article's first paragraph")
    path = tmp / article.name
    path.write_text(best, encoding="utf-8")
    return path


def cpu_s() -> float:
    """CPU seconds of this process and its finished children (ffmpeg): steady on a busy machine."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def time_raw_coqui(checkpoint: coqui_store.Checkpoint, chunks: list[str]) -> tuple[float, float, float]:
    """Wall and CPU seconds Coqui's own API needs for `chunks`, and the seconds of audio returned."""
    import torch
    from TTS.api import TTS

    tts = TTS(model_path=str(checkpoint.model_path), config_path=str(checkpoint.config_path),
              progress_bar=False)
    tts.tts("Aufwärmen.", split_sentences=False)
    samples = 0
    started, cpu = time.perf_counter(), cpu_s()
    for chunk in chunks:
        torch.manual_seed(zlib.crc32(chunk.encode("utf-8")))  # narrate seeds the same way
        samples += len(tts.tts(chunk, split_sentences=False))
    return time.perf_counter() - started, cpu_s() - cpu, samples / tts.synthesizer.output_sample_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "samples/long/klimagipfel.txt"
    parser.add_argument("article", nargs="?", type=Path, default=default)
    parser.add_argument("--max-sentences", type=int, default=None, help="cut the article (default: all)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from coqui_tiny import build_vits

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        folder = build_vits(tmp / "vits-full", full=True)
        build_s = time.perf_counter() - started
        settings = Settings(voice=VoiceSettings(name=str(folder), device="cpu", threads=args.threads))
        started = time.perf_counter()
        engine = load_engine(coqui_store.preset_from_dir(folder), settings.voice)
        load_s = time.perf_counter() - started
        narrator = Narrator(engine, settings)
        article = args.article
        if args.max_sentences:
            article = truncated_article(narrator, article, args.max_sentences, tmp)
        engine.synthesize("Aufwärmen.")
        chunks = spoken_chunks(narrator.prepare_script(article))
        checkpoint = coqui_store.resolve(coqui_store.preset_from_dir(folder))
        # Raw, narrate, raw again: drift in the machine's load falls on both sides equally.
        before = time_raw_coqui(checkpoint, chunks)
        cpu = cpu_s()
        outcome = narrator.narrate_file(article, tmp / "bench.mp3")
        narrate_cpu_s = cpu_s() - cpu
        after = time_raw_coqui(checkpoint, chunks)
    report(args, outcome, len(chunks), build_s, load_s, before, after, narrate_cpu_s)


def report(args, outcome, chunks: int, build_s: float, load_s: float, before: tuple, after: tuple,
           narrate_cpu_s: float) -> None:
    t = outcome.times
    raw_s, raw_cpu_s, raw_audio_s = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2, before[2]
    words = len(args.article.read_text(encoding="utf-8").split())
    print(f"article: {args.article.name} ({words} words in full; narrated {outcome.script.sentence_count()} "
          f"sentences, {chunks} chunks), {args.threads} threads, full-size VITS (random weights)")
    print(f"checkpoint built in {build_s:.1f} s, loaded in {load_s:.1f} s")
    print(f"audio: {outcome.duration_s:.1f} s narrated; raw Coqui returned {raw_audio_s:.1f} s "
          "(with its 0.45 s of padding per call)")
    print(f"narrate stages: front-end {t.front_end:.2f} s, synthesis {t.synthesis:.2f} s, "
          f"assembly {t.assembly:.2f} s, loudness {t.loudness:.2f} s, encoding {t.encoding:.2f} s")
    print(f"narrate total:        {t.total:8.2f} s  (RTF {t.total / outcome.duration_s:.3f})")
    print(f"narrate synthesis:    {t.synthesis:8.2f} s  (RTF {t.synthesis / outcome.duration_s:.3f})")
    print(f"raw Coqui TTS.tts():  {raw_s:8.2f} s  (RTF {raw_s / raw_audio_s:.3f} on its own output; "
          f"runs before/after narrate: {before[0]:.2f} s / {after[0]:.2f} s)")
    print(f"overhead above raw Coqui: synthesis {100 * (t.synthesis / raw_s - 1):+.1f} %, "
          f"whole narration {100 * (t.total / raw_s - 1):+.1f} %  (target ≤ 5 %)")
    print(f"CPU seconds (steadier when other jobs share the machine): narrate {narrate_cpu_s:.1f} s, "
          f"raw Coqui {raw_cpu_s:.1f} s ({before[1]:.1f} / {after[1]:.1f}), "
          f"overhead {100 * (narrate_cpu_s / raw_cpu_s - 1):+.1f} %")


if __name__ == "__main__":
    main()
