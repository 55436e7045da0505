"""SVOX Pico's German voice through py-nanotts: offline, in every install, far clearer than espeak-ng.

py-nanotts ships Pico (Apache-2.0, from the Android Open Source Project) as a prebuilt wheel with the
`de-DE` lingware, so no compiler is needed. Pico's limits, all handled here:

- 16 kHz, 16-bit mono, whatever the text;
- Pico clips: at its own full volume 1,200 samples sat at ±32767 in one news sentence, and at
  volume 0.5 still 23 samples in the 119 sentences of narrate's sample articles (peaks scale with
  the volume: 0.45 was the loudest clean level); 0.35 leaves ~2.5 dB of headroom, and narrate's
  loudness stage brings the level back up;
- its text front end reads XML-like markup (`<speed>`, `<play file=…>`, `<genfile …>`): only
  narrate's spoken German may reach it, so markup characters never pass;
- one call feeds at most 32,767 bytes (Pico's pico_Int16 input size): longer text is cut at spaces.
"""

from __future__ import annotations

import logging
import re
from importlib import metadata

import numpy as np

from narrate.config import VoiceSettings
from narrate.errors import VoiceError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000  # Hz, Pico's only rate
DEFAULT_VOLUME = 0.35  # of Pico's own full scale: the loudest of 119 sample sentences peaks at 0.75
LANGUAGE = "de-DE"
MAX_INPUT_BYTES = 32_767  # pico_putTextUtf8 takes a pico_Int16 size
_SILENCE_S = 0.1  # what "nothing to speak" becomes, seconds
# Characters Pico's front end treats as markup or control, never part of spoken German.
_MARKUP = re.compile(r"[<>\x00-\x1f\x7f]")
_SPEAKABLE = re.compile(r"\w")
_TEXT_RULES = "markup-stripped"  # part of the cache key: what this module does to the text


def _import_pico():
    try:
        from py_nanotts import NanoTTS
    except ImportError as exc:
        raise VoiceError("voice pico-de needs py-nanotts: pip install py-nanotts==0.1.1 "
                         "(a core dependency of narrate; reinstall narrate)") from exc
    return NanoTTS


def clean_text(spoken_text: str) -> str:
    """Spoken German as Pico may see it: no markup or control characters, single spaces."""
    return " ".join(_MARKUP.sub(" ", spoken_text).split())


def split_for_pico(text: str, limit: int = MAX_INPUT_BYTES) -> list[str]:
    """Pieces of at most `limit` UTF-8 bytes, cut at spaces (inside a word only if it is longer)."""
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate.encode("utf-8")) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(word.encode("utf-8")) > limit:
            cut = len(word.encode("utf-8")[:limit].decode("utf-8", "ignore"))
            pieces.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        pieces.append(current)
    return pieces


class PicoEngine:
    """Pico's German voice; each call speaks one sentence or chunk."""

    sample_rate = SAMPLE_RATE

    def __init__(self, name: str, tts, version: str, *, speed: float = 1.0,
                 volume: float = DEFAULT_VOLUME, language: str = LANGUAGE) -> None:
        self.name = name
        self._tts = tts
        self._version = version
        self.speed = speed  # Pico's speed multiplier: 1 = its own pace, 2 = twice as fast
        self.volume = volume
        self.language = language

    def _speak(self, text: str) -> np.ndarray:
        try:
            pcm = self._tts.speak(text, voice=self.language, speed=self.speed, volume=self.volume)
        except (RuntimeError, ValueError) as exc:
            raise VoiceError(f"Pico cannot speak {text[:80]!r}: {exc}") from exc
        return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0

    def synthesize(self, spoken_text: str) -> np.ndarray:
        """Speak one sentence of spoken German; float32 mono at 16 kHz, below full scale."""
        text = clean_text(spoken_text)
        if not _SPEAKABLE.search(text):
            log.warning("nothing to speak in %r; %.1f s of silence instead", spoken_text, _SILENCE_S)
            return np.zeros(int(self.sample_rate * _SILENCE_S), dtype=np.float32)
        pieces = split_for_pico(text)
        if len(pieces) > 1:
            log.warning("text of %d bytes is over Pico's input size; spoken in %d pieces",
                        len(text.encode("utf-8")), len(pieces))
        return np.concatenate([self._speak(piece) for piece in pieces])

    def cache_key(self) -> str:
        return (f"pico py-nanotts {self._version} {self.language} speed={self.speed:g} "
                f"volume={self.volume:g} text={_TEXT_RULES}")


def rate_to_speed(rate: float) -> float:
    """narrate's --rate (1 = own pace, 1.3 = faster) is Pico's speed multiplier as it stands."""
    return float(rate)


def load(preset, settings: VoiceSettings) -> PicoEngine:
    """Load Pico (a few ms: the lingware is read on each call); device and threads do not apply."""
    if settings.speaker is not None or settings.speaker_wav is not None:
        raise VoiceError(f"voice {preset.name} has one speaker; leave out --speaker and --speaker-wav")
    NanoTTS = _import_pico()
    options = dict(preset.options)
    try:
        version = metadata.version("py-nanotts")
    except metadata.PackageNotFoundError:
        version = "unknown"
    engine = PicoEngine(preset.name, NanoTTS(), version, speed=rate_to_speed(settings.rate),
                        volume=float(options.get("volume", DEFAULT_VOLUME)),
                        language=str(options.get("language", LANGUAGE)))
    engine._speak("Ja.")  # fails here, before any article work, if the lingware is missing
    log.debug("voice %s: Pico %s, %d Hz, speed %g, volume %g", preset.name, engine.language,
              SAMPLE_RATE, engine.speed, engine.volume)
    return engine
