"""espeak-ng's German voice: offline, on every install."""

from __future__ import annotations

import io

import numpy as np
import soundfile

from narrate.errors import VoiceError
from narrate.tools import run_tool

ESPEAK_MIN_WPM = 80  # espeak-ng's slowest rate


class EspeakEngine:
    def __init__(self, name: str, voice: str = "de", speed_wpm: int = 160, pitch: int = 50) -> None:
        self.name = name
        self.voice = voice
        self.speed_wpm = speed_wpm
        self.pitch = pitch
        self.sample_rate = self._probe_sample_rate()

    def _args(self) -> list[str]:
        # -b 1: the text on stdin is UTF-8; --stdout: a WAV file on stdout.
        return ["-v", self.voice, "-s", str(self.speed_wpm), "-p", str(self.pitch), "-b", "1",
                "--stdout"]

    def _probe_sample_rate(self) -> int:
        wav = run_tool("espeak-ng", self._args(), stdin=b"Ja.")
        try:
            return soundfile.info(io.BytesIO(wav)).samplerate
        except RuntimeError as exc:
            raise VoiceError(f"espeak-ng voice {self.voice!r} produced no audio; "
                             "check `espeak-ng --voices=de`") from exc

    def synthesize(self, spoken_text: str) -> np.ndarray:
        wav = run_tool("espeak-ng", self._args(), stdin=spoken_text.encode("utf-8"))
        samples, rate = soundfile.read(io.BytesIO(wav), dtype="float32", always_2d=False)
        if rate != self.sample_rate:
            raise VoiceError(f"espeak-ng changed its sample rate ({rate} Hz); reinstall espeak-ng")
        return np.ascontiguousarray(samples, dtype=np.float32)

    def cache_key(self) -> str:
        version = run_tool("espeak-ng", ["--version"]).decode("utf-8", "replace").split()[3:4]
        return f"espeak-ng {version} {' '.join(self._args())}"


def rate_to_wpm(speed_wpm: int, rate: float) -> int:
    """--rate scales the preset's words per minute (160 at rate 1; 1.25 → 200 wpm)."""
    return max(ESPEAK_MIN_WPM, round(speed_wpm * rate))


def load(preset, settings) -> EspeakEngine:
    """Build the engine from a voice preset (`voices/*.toml`); device and threads do not apply."""
    if settings.speaker is not None or settings.speaker_wav is not None:
        raise VoiceError(f"voice {preset.name} has one speaker; leave out --speaker and --speaker-wav")
    options = dict(preset.options)
    options["speed_wpm"] = rate_to_wpm(int(options.get("speed_wpm", 160)), settings.rate)
    return EspeakEngine(preset.name, **options)
