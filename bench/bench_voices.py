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
import os
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


def cpu_s() -> float:
    """CPU seconds of this process and its finished children (espeak-ng): steadier on a busy machine."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class Counting:
    """The engine, counting the speech it returns and the CPU seconds it takes (a few µs per chunk)."""

    def __init__(self, engine) -> None:
        self.engine, self.name, self.sample_rate = engine, engine.name, engine.sample_rate
        self.samples, self.cpu = 0, 0.0

    def synthesize(self, text):
        started = cpu_s()
        wav = self.engine.synthesize(text)
        self.cpu += cpu_s() - started
        self.samples += len(wav)
        return wav

    def cache_key(self) -> str:
        return self.engine.cache_key()


def chunks_of(script) -> list[str]:
    return [chunk for sentence in script.spoken_order() for chunk in sentence.chunks]


def raw_piper(model: Path, chunks: list[str]) -> tuple[float, float, float]:
    """Wall and CPU seconds and seconds of speech of raw PiperVoice on `chunks` (Piper's defaults)."""
    from piper import PiperVoice

    voice = PiperVoice.load(model)
    list(voice.synthesize("Aufwärmen."))
    samples, started, cpu = 0, time.perf_counter(), cpu_s()
    for chunk in chunks:
        samples += sum(len(c.audio_float_array) for c in voice.synthesize(chunk))
    return time.perf_counter() - started, cpu_s() - cpu, samples / voice.config.sample_rate


def narrate(voice: str, article: Path, out: Path, threads: int | None) -> dict:
    settings = Settings(voice=VoiceSettings(name=voice, device="cpu", threads=threads))
    started = time.perf_counter()
    engine = Counting(load_engine(find_voice(voice), settings.voice))
    load_s = time.perf_counter() - started
    narrator = Narrator(engine, settings)
    engine.synthesize("Aufwärmen.")
    engine.samples, engine.cpu = 0, 0.0
    outcome = narrator.narrate_file(article, out)
    speech_s = engine.samples / engine.sample_rate
    t = outcome.times
    return {"load_s": load_s, "speech_s": speech_s, "synthesis_s": t.synthesis, "total_s": t.total,
            "duration_s": outcome.duration_s, "rtf": t.synthesis / speech_s,
            "cpu_rtf": engine.cpu / speech_s,
            "chunks": chunks_of(narrator.prepare_script(article))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "samples/energiewende.html")
    parser.add_argument("--coqui", action="store_true", help="also Coqui's full-size VITS (slow)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the voices into this folder once and reuse them on later runs")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for the neural voices (default: as Piper's own, all cores)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from piper_tiny import build_piper

    rows: dict[str, dict] = {}
    raw: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        built = args.keep or tmp
        voices = {"pico-de": "pico-de", "espeak-de": "espeak-de"}
        for size in ("medium", "full"):
            started = time.perf_counter()
            model = built / f"piper-{size}" / f"piper-{size}.onnx"
            if not Path(f"{model}.json").is_file():
                build_piper(model, size=size)
            print(f"piper-{size}: {model.stat().st_size / 1e6:.0f} MB ONNX, built or found in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
            voices[f"piper-{size}"] = str(model)
        if args.coqui:
            from coqui_tiny import build_vits

            folder = built / "coqui-vits-full"
            if not (folder / "model.pth").is_file():
                build_vits(folder, full=True)
            voices["coqui-vits-full"] = str(folder)
        chunks = chunks_of(Narrator(load_engine(find_voice("espeak-de"), VoiceSettings()),
                                    Settings()).prepare_script(args.article))
        for label, voice in voices.items():
            is_piper = voice.endswith(".onnx")
            if is_piper:
                raw[label] = [raw_piper(Path(voice), chunks)]
            threads = (args.threads or 2) if label.startswith("coqui") else args.threads
            rows[label] = narrate(voice, args.article, tmp / f"{label}.mp3", threads)
            print(f"{label}: RTF {rows[label]['rtf']:.4f} (CPU {rows[label]['cpu_rtf']:.4f})", flush=True)
            if is_piper:
                raw[label].append(raw_piper(Path(voice), chunks))
                compare(label, rows[label], raw[label])
    report(args.article, rows, raw)


def compare(label: str, row: dict, runs: list[tuple[float, float, float]]) -> None:
    """narrate's Piper path against raw PiperVoice, by RTF (wall and CPU)."""
    rtfs = [wall / speech for wall, _, speech in runs]
    cpus = [cpu / speech for _, cpu, speech in runs]
    raw_rtf, raw_cpu = sum(rtfs) / len(rtfs), sum(cpus) / len(cpus)
    mine, mine_cpu = row["rtf"], row["cpu_rtf"]
    print(f"{label}: raw PiperVoice RTF {raw_rtf:.4f} (before/after narrate: {rtfs[0]:.4f} / "
          f"{rtfs[-1]:.4f}), CPU RTF {raw_cpu:.4f}; narrate RTF {mine:.4f} = "
          f"{100 * (mine / raw_rtf - 1):+.1f} %, CPU {100 * (mine_cpu / raw_cpu - 1):+.1f} % "
          "(target within 5 %)", flush=True)


def report(article: Path, rows: dict, raw: dict) -> None:
    first = next(iter(rows.values()))
    print(f"\narticle: {article.name}, {len(first['chunks'])} chunks; RTF = synthesis s / speech s")
    print("CPU RTF = CPU seconds of synthesis / speech s (all threads; steadier under load)")
    print(f"{'voice':18} {'load s':>7} {'speech s':>9} {'synth s':>8} {'RTF':>7} {'CPU RTF':>8} "
          f"{'× real time':>11} {'total s':>8} {'vs pico':>8}")
    pico = rows["pico-de"]["rtf"]
    for label, r in rows.items():
        print(f"{label:18} {r['load_s']:7.2f} {r['speech_s']:9.1f} {r['synthesis_s']:8.2f} "
              f"{r['rtf']:7.4f} {r['cpu_rtf']:8.4f} {1 / r['rtf']:11.1f} {r['total_s']:8.2f} "
              f"{r['rtf'] / pico:7.1f}×")
    for label, runs in raw.items():
        compare(label, rows[label], runs)
    if "piper-medium" in rows:
        print(f"piper-medium RTF {rows['piper-medium']['rtf']:.3f} (target ≤ 0.20); pico-de "
              f"{1 / pico:.0f}× real time, {1 / rows['pico-de']['cpu_rtf']:.0f}× per CPU second "
              "(target ≥ 100×)")
    if "coqui-vits-full" in rows and "piper-full" in rows:
        print(f"full-size VITS: Coqui/PyTorch RTF {rows['coqui-vits-full']['rtf']:.3f} vs Piper/onnxruntime "
              f"{rows['piper-full']['rtf']:.3f} ({rows['coqui-vits-full']['rtf'] / rows['piper-full']['rtf']:.2f}×)")


if __name__ == "__main__":
    main()
