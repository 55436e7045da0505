"""Every engine on the same article in one run: real-time factors, and narrate's Piper path vs raw Piper.

Voices: pico-de, espeak-de, a Piper voice of Piper's "medium" architecture and one of full VITS size
(Piper "high" = Coqui's Thorsten VITS: VitsArgs defaults), both built with random weights exactly
like the test voice (tests/piper_tiny.py) and exported to ONNX; with --coqui also Coqui's full-size
VITS in PyTorch (tests/coqui_tiny.py). Each voice narrates the article through
`Narrator.narrate_file`; the RTF is synthesis seconds over seconds of speech the engine returned.
For the Piper voices, raw `PiperVoice.synthesize` speaks the very same chunks before and after
narrate (drift in the machine's load falls on both sides). Random-weight VITS picks random
durations, so raw and narrate are compared by RTF, not wall time.

Targets (issue 12): narrate's Piper path within 5 % of raw PiperVoice; a medium Piper voice at
RTF ≤ 0.20 on 2 cores; pico-de ≥ 100× faster than real time (RTF ≤ 0.01).

Usage: .venv/bin/python bench/bench_voices.py [ARTICLE] [--coqui] [--threads 2]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # piper_tiny / coqui_tiny build the random-weight voices

from narrate.config import Settings, VoiceSettings  # noqa: E402
from narrate.pipeline import Narrator  # noqa: E402
from narrate.voice.catalog import find_voice  # noqa: E402
from narrate.voice.engines import load_engine  # noqa: E402


class Counting:
    """The engine, counting the seconds of speech it returns (one len() per chunk)."""

    def __init__(self, engine) -> None:
        self.engine, self.name, self.sample_rate = engine, engine.name, engine.sample_rate
        self.samples = 0

    def synthesize(self, text):
        wav = self.engine.synthesize(text)
        self.samples += len(wav)
        return wav

    def cache_key(self) -> str:
        return self.engine.cache_key()


def chunks_of(script) -> list[str]:
    return [chunk for sentence in script.spoken_order() for chunk in sentence.chunks]


def raw_piper(model: Path, chunks: list[str]) -> tuple[float, float]:
    """Wall seconds and seconds of speech of raw PiperVoice on `chunks` (Piper's own defaults)."""
    from piper import PiperVoice

    voice = PiperVoice.load(model)
    list(voice.synthesize("Aufwärmen."))
    samples, started = 0, time.perf_counter()
    for chunk in chunks:
        samples += sum(len(c.audio_float_array) for c in voice.synthesize(chunk))
    return time.perf_counter() - started, samples / voice.config.sample_rate


def narrate(voice: str, article: Path, out: Path, threads: int | None) -> dict:
    settings = Settings(voice=VoiceSettings(name=voice, device="cpu", threads=threads))
    started = time.perf_counter()
    engine = Counting(load_engine(find_voice(voice), settings.voice))
    load_s = time.perf_counter() - started
    narrator = Narrator(engine, settings)
    engine.synthesize("Aufwärmen.")
    engine.samples = 0
    outcome = narrator.narrate_file(article, out)
    speech_s = engine.samples / engine.sample_rate
    t = outcome.times
    return {"load_s": load_s, "speech_s": speech_s, "synthesis_s": t.synthesis, "total_s": t.total,
            "duration_s": outcome.duration_s, "rtf": t.synthesis / speech_s,
            "chunks": chunks_of(narrator.prepare_script(article))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "samples/energiewende.html")
    parser.add_argument("--coqui", action="store_true", help="also Coqui's full-size VITS (slow)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for the neural voices (default: as Piper's own, all cores)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from piper_tiny import build_piper

    rows: dict[str, dict] = {}
    raw: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        voices = {"pico-de": "pico-de", "espeak-de": "espeak-de"}
        for size in ("medium", "full"):
            started = time.perf_counter()
            model = build_piper(tmp / f"piper-{size}" / f"piper-{size}.onnx", size=size)
            print(f"built piper-{size} ({model.stat().st_size / 1e6:.0f} MB ONNX) in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
            voices[f"piper-{size}"] = str(model)
        if args.coqui:
            from coqui_tiny import build_vits

            voices["coqui-vits-full"] = str(build_vits(tmp / "coqui-vits-full", full=True))
        chunks = chunks_of(Narrator(load_engine(find_voice("espeak-de"), VoiceSettings()),
                                    Settings()).prepare_script(args.article))
        for label, voice in voices.items():
            is_piper = voice.endswith(".onnx")
            if is_piper:
                raw[label] = [raw_piper(Path(voice), chunks)]
            threads = (args.threads or 2) if label.startswith("coqui") else args.threads
            rows[label] = narrate(voice, args.article, tmp / f"{label}.mp3", threads)
            if is_piper:
                raw[label].append(raw_piper(Path(voice), chunks))
            print(f"{label}: RTF {rows[label]['rtf']:.4f}", flush=True)
    report(args.article, rows, raw)


def report(article: Path, rows: dict, raw: dict) -> None:
    first = next(iter(rows.values()))
    print(f"\narticle: {article.name}, {len(first['chunks'])} chunks; RTF = synthesis s / speech s")
    print(f"{'voice':18} {'load s':>7} {'speech s':>9} {'synth s':>8} {'RTF':>7} {'× real time':>11} "
          f"{'total s':>8} {'vs pico':>8}")
    pico = rows["pico-de"]["rtf"]
    for label, r in rows.items():
        print(f"{label:18} {r['load_s']:7.2f} {r['speech_s']:9.1f} {r['synthesis_s']:8.2f} "
              f"{r['rtf']:7.4f} {1 / r['rtf']:11.1f} {r['total_s']:8.2f} {r['rtf'] / pico:7.1f}×")
    for label, runs in raw.items():
        rtfs = [wall / speech for wall, speech in runs]
        raw_rtf = sum(rtfs) / len(rtfs)
        mine = rows[label]["rtf"]
        print(f"{label}: raw PiperVoice RTF {raw_rtf:.4f} (before/after narrate: "
              f"{rtfs[0]:.4f} / {rtfs[-1]:.4f}); narrate {mine:.4f} = {100 * (mine / raw_rtf - 1):+.1f} % "
              "(target within 5 %)")
    if "piper-medium" in rows:
        print(f"piper-medium RTF {rows['piper-medium']['rtf']:.3f} (target ≤ 0.20); "
              f"pico-de {1 / pico:.0f}× real time (target ≥ 100×)")
    if "coqui-vits-full" in rows and "piper-full" in rows:
        print(f"full-size VITS: Coqui/PyTorch RTF {rows['coqui-vits-full']['rtf']:.3f} vs Piper/onnxruntime "
              f"{rows['piper-full']['rtf']:.3f} ({rows['coqui-vits-full']['rtf'] / rows['piper-full']['rtf']:.2f}×)")


if __name__ == "__main__":
    main()
