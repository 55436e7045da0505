"""Every engine on the same article in one run: real-time factors, and narrate's Piper path vs raw Piper.

Voices: pico-de, espeak-de, a Piper voice of Piper's "medium" architecture and one of full VITS size
(Piper "high" = Coqui's Thorsten VITS: VitsArgs defaults), both built with random weights exactly
like the test voice (tests/piper_tiny.py) and exported to ONNX; with --coqui also Coqui's full-size
VITS in PyTorch (tests/coqui_tiny.py). Each voice narrates the article through
`Narrator.narrate_file`; the RTF is synthesis seconds over seconds of speech the engine returned.
For the Piper voices, narrate's Piper path is then set against raw `PiperVoice.synthesize` on the
very same chunks (see `paired`: the engine call chunk by chunk in --rounds rounds, plus what narrate
does around it). For that comparison both read a copy of the voice's config with noise_scale =
noise_w = 0: VITS then picks the same durations every call, raw and narrate make the same samples
(checked), and their seconds are compared directly.

Targets (issue 12): narrate's Piper path within 5 % of raw PiperVoice; a medium Piper voice at
RTF ≤ 0.20 on 2 cores; pico-de ≥ 100× faster than real time (RTF ≤ 0.01).

Usage: .venv/bin/python bench/bench_voices.py [ARTICLE] [--coqui] [--threads 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
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
        self.samples, self.cpu, self.wall = 0, 0.0, 0.0

    def synthesize(self, text):
        started, wall = cpu_s(), time.perf_counter()
        wav = self.engine.synthesize(text)
        self.wall += time.perf_counter() - wall
        self.cpu += cpu_s() - started
        self.samples += len(wav)
        return wav

    def cache_key(self) -> str:
        return self.engine.cache_key()


def chunks_of(script) -> list[str]:
    return [chunk for sentence in script.spoken_order() for chunk in sentence.chunks]


def deterministic_copy(model: Path, folder: Path) -> Path:
    """The voice with noise_scale = noise_w = 0 in its config (same ONNX file, hard-linked): fixed durations.

    Not a symbolic link: narrate resolves a linked model to its target and would read the config there.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / model.name
    if not copy.exists():
        try:
            os.link(model, copy)
        except OSError:  # another file system
            shutil.copyfile(model, copy)
    config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    config.setdefault("inference", {}).update({"noise_scale": 0.0, "noise_w": 0.0})
    Path(f"{copy}.json").write_text(json.dumps(config), encoding="utf-8")
    return copy


def paired(label: str, model: Path, article: Path, chunks: list[str], out: Path, rounds: int,
           threads: int | None) -> dict:
    """narrate's Piper path against raw PiperVoice on the same chunks with the same durations.

    Two parts, both measured: the engine call (narrate's `PiperEngine.synthesize` against raw
    `PiperVoice.synthesize`, chunk by chunk, which of the two goes first alternating, so drift in the
    machine's load falls on both), and what narrate does around the engine in its synthesis stage
    (trimming, fades, pauses, loudness metering, the spool on disk): the stage's seconds in a
    `narrate_file` run minus the engine's own seconds in that run.
    """
    from piper import PiperVoice

    voice = PiperVoice.load(model)
    engine = load_engine(find_voice(str(model)), VoiceSettings(name=str(model), threads=threads))
    list(voice.synthesize("Aufwärmen."))
    engine.synthesize("Aufwärmen.")
    raw_s, mine_s, same, samples = [0.0] * rounds, [0.0] * rounds, True, 0
    for round_no in range(rounds):
        for index, chunk in enumerate(chunks):
            counts = {}
            for side in (("raw", "mine") if (index + round_no) % 2 == 0 else ("mine", "raw")):
                started = time.perf_counter()
                if side == "raw":
                    counts[side] = sum(len(c.audio_float_array) for c in voice.synthesize(chunk))
                    raw_s[round_no] += time.perf_counter() - started
                else:
                    counts[side] = len(engine.synthesize(chunk))
                    mine_s[round_no] += time.perf_counter() - started
            same = same and counts["raw"] == counts["mine"]
            samples += counts["raw"]
        print(f"{label} round {round_no + 1}: engine call raw {raw_s[round_no]:.2f} s, narrate "
              f"{mine_s[round_no]:.2f} s = {100 * (mine_s[round_no] / raw_s[round_no] - 1):+.1f} %", flush=True)
    row = narrate(str(model), article, out, threads)
    return {"raw_s": raw_s, "mine_s": mine_s, "same_audio": same,
            "speech_s": samples / rounds / voice.config.sample_rate,
            "around_s": row["synthesis_s"] - row["engine_s"], "stage_s": row["synthesis_s"]}


def narrate(voice: str, article: Path, out: Path, threads: int | None) -> dict:
    settings = Settings(voice=VoiceSettings(name=voice, device="cpu", threads=threads))
    started = time.perf_counter()
    engine = Counting(load_engine(find_voice(voice), settings.voice))
    load_s = time.perf_counter() - started
    narrator = Narrator(engine, settings)
    engine.synthesize("Aufwärmen.")
    engine.samples, engine.cpu, engine.wall = 0, 0.0, 0.0
    outcome = narrator.narrate_file(article, out)
    speech_s = engine.samples / engine.sample_rate
    t = outcome.times
    return {"load_s": load_s, "speech_s": speech_s, "synthesis_s": t.synthesis, "total_s": t.total,
            "duration_s": outcome.duration_s, "rtf": t.synthesis / speech_s,
            "cpu_rtf": engine.cpu / speech_s, "engine_s": engine.wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "samples/energiewende.html")
    parser.add_argument("--coqui", action="store_true", help="also Coqui's full-size VITS (slow)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the voices into this folder once and reuse them on later runs")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of raw PiperVoice vs narrate (default 3)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for the neural voices (default: as Piper's own, all cores)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from piper_tiny import build_piper

    rows: dict[str, dict] = {}
    raw: dict[str, dict] = {}
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
            threads = (args.threads or 2) if label.startswith("coqui") else args.threads
            rows[label] = narrate(voice, args.article, tmp / f"{label}.mp3", threads)
            print(f"{label}: RTF {rows[label]['rtf']:.4f} (CPU {rows[label]['cpu_rtf']:.4f})", flush=True)
            if voice.endswith(".onnx"):
                fixed = deterministic_copy(Path(voice), tmp / f"{label}-fixed")
                raw[label] = paired(label, fixed, args.article, chunks, tmp / f"{label}-fixed.mp3",
                                    args.rounds, args.threads)
    report(args.article, len(chunks), rows, raw)


def compare(label: str, pair: dict) -> None:
    """narrate's Piper path against raw PiperVoice, per pass over the article's chunks."""
    rounds = len(pair["raw_s"])
    raw, mine = sum(pair["raw_s"]) / rounds, sum(pair["mine_s"]) / rounds
    path = mine + pair["around_s"]
    spread = ", ".join(f"{100 * (m / r - 1):+.1f}" for r, m in zip(pair["raw_s"], pair["mine_s"]))
    print(f"{label}: {pair['speech_s']:.1f} s of speech per pass, same audio from both: "
          f"{'yes' if pair['same_audio'] else 'NO'}\n"
          f"  engine call: raw PiperVoice {raw:.2f} s, narrate's PiperEngine {mine:.2f} s = "
          f"{100 * (mine / raw - 1):+.1f} % ({rounds} rounds, chunk by chunk alternating: {spread} %)\n"
          f"  around the engine in narrate's synthesis stage: {pair['around_s']:.2f} s "
          f"(stage {pair['stage_s']:.2f} s)\n"
          f"  narrate's Piper path {path:.2f} s vs raw PiperVoice {raw:.2f} s = "
          f"{100 * (path / raw - 1):+.1f} % (target within 5 %)", flush=True)


def report(article: Path, chunk_count: int, rows: dict, raw: dict) -> None:
    print(f"\narticle: {article.name}, {chunk_count} chunks; RTF = synthesis s / speech s")
    print("CPU RTF = CPU seconds of synthesis / speech s (all threads; steadier under load)")
    print(f"{'voice':18} {'load s':>7} {'speech s':>9} {'synth s':>8} {'RTF':>7} {'CPU RTF':>8} "
          f"{'× real time':>11} {'total s':>8} {'vs pico':>8}")
    pico = rows["pico-de"]["rtf"]
    for label, r in rows.items():
        print(f"{label:18} {r['load_s']:7.2f} {r['speech_s']:9.1f} {r['synthesis_s']:8.2f} "
              f"{r['rtf']:7.4f} {r['cpu_rtf']:8.4f} {1 / r['rtf']:11.1f} {r['total_s']:8.2f} "
              f"{r['rtf'] / pico:7.1f}×")
    for label, pair in raw.items():
        compare(label, pair)
    if "piper-medium" in rows:
        print(f"piper-medium RTF {rows['piper-medium']['rtf']:.3f} (target ≤ 0.20); pico-de "
              f"{1 / pico:.0f}× real time, {1 / rows['pico-de']['cpu_rtf']:.0f}× per CPU second "
              "(target ≥ 100×)")
    if "coqui-vits-full" in rows and "piper-full" in rows:
        print(f"full-size VITS: Coqui/PyTorch RTF {rows['coqui-vits-full']['rtf']:.3f} vs Piper/onnxruntime "
              f"{rows['piper-full']['rtf']:.3f} ({rows['coqui-vits-full']['rtf'] / rows['piper-full']['rtf']:.2f}×)")


if __name__ == "__main__":
    main()
