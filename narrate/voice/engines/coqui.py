"""Coqui TTS voices (the `coqui-tts` fork, import name `TTS`): the only module that imports torch."""

from __future__ import annotations

import hashlib
import logging
import re
import zlib

import numpy as np

from narrate.voice import coqui_store
from narrate.config import VoiceSettings
from narrate.errors import VoiceError

log = logging.getLogger(__name__)

# Something a voice can say: a letter or a digit. Punctuation or spaces alone make Coqui crash.
_SPEAKABLE = re.compile(r"\w")
_SILENCE_S = 0.1  # what "nothing to speak" becomes, seconds
_DIGIT = re.compile(r"\d")
# Coqui's cleaners that spell digits out in English ("12" → "twelve").
_ENGLISH_NUMBER_CLEANERS = ("phoneme_cleaners", "english_cleaners")
# Extra pause tokens that lengthen a too-short input without adding words.
_PADDING = " . . ."
# Quotation marks are never spoken, and Coqui's tokenizers log a warning for each one they drop.
_QUOTES = re.compile(r"[„“”‚‘»«›‹\"]")
_TEXT_RULES = "quotes-dropped"  # part of the cache key: what this module does to the text


def _import_coqui():
    try:
        import torch
        from TTS.api import TTS
    except ImportError as exc:
        raise VoiceError(coqui_store.EXTRA_MISSING) from exc
    return torch, TTS


def _pick_device(torch, wanted: str) -> str:
    """auto: cuda when torch sees a GPU, else cpu; cuda without a GPU is an error."""
    if wanted == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if wanted == "cuda" and not torch.cuda.is_available():
        raise VoiceError("--device cuda: torch sees no CUDA GPU; use --device cpu")
    return wanted


def _fingerprint(checkpoint: coqui_store.Checkpoint) -> str:
    """Config contents plus weights' size and mtime: changes when any file of the voice does."""
    digest = hashlib.sha256()
    for path in checkpoint.files:
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        if path.suffix == ".json":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class CoquiEngine:
    """A loaded Coqui model; speaks one sentence per call through Coqui's own `TTS.api.TTS.tts`."""

    def __init__(self, name: str, tts, torch, device: str, fingerprint: str) -> None:
        self.name = name
        cleaner = tts.synthesizer.tts_config.get("text_cleaner")
        self._english_digits = cleaner in _ENGLISH_NUMBER_CLEANERS
        self._tts = tts
        self._torch = torch
        self.device = device
        self._fingerprint = fingerprint
        self.sample_rate = int(tts.synthesizer.output_sample_rate)

    def _speak(self, text: str) -> np.ndarray:
        # A seed per text: the same sentence sounds the same in every run (VITS samples noise).
        self._torch.manual_seed(zlib.crc32(text.encode("utf-8")))
        wav = self._tts.tts(text, split_sentences=False)
        return np.asarray(wav, dtype=np.float32).reshape(-1)

    def synthesize(self, spoken_text: str) -> np.ndarray:
        """Speak one sentence of spoken German; float32 mono at `sample_rate`.

        Text with nothing to say (only punctuation or spaces) becomes 0.1 s of silence with a
        warning. Input too short for the model's convolutions is retried once with pause marks
        appended; a second failure is a VoiceError naming the text.
        """
        text = " ".join(_QUOTES.sub("", spoken_text.replace("’", "'")).split())
        if not _SPEAKABLE.search(text):
            log.warning("nothing to speak in %r; %.1f s of silence instead", spoken_text, _SILENCE_S)
            return np.zeros(int(self.sample_rate * _SILENCE_S), dtype=np.float32)
        if self._english_digits and _DIGIT.search(text):
            log.warning("digits reach voice %s, whose Coqui cleaner reads them in English: %r",
                        self.name, text)
        try:
            wav = self._speak(text)
        except (RuntimeError, IndexError, ValueError) as exc:
            log.warning("voice %s failed on %r (%s); retrying with pauses appended", self.name,
                        text, str(exc).splitlines()[0][:120])
            try:
                wav = self._speak(text + _PADDING)
            except (RuntimeError, IndexError, ValueError) as again:
                raise VoiceError(f"voice {self.name} cannot speak {text!r}: {again}") from again
        if not np.isfinite(wav).all():
            raise VoiceError(f"voice {self.name} produced invalid samples for {text!r}; "
                             "the checkpoint may be damaged")
        return wav

    def cache_key(self) -> str:
        return f"coqui {self.name} {self._fingerprint} device={self.device} text={_TEXT_RULES}"


def _describe_frontend(name: str, config) -> None:
    """Log what Coqui does to narrate's text before the model sees it (see README)."""
    use_phonemes = bool(config.get("use_phonemes"))
    log.info("voice %s: text_cleaner=%s, phonemes=%s, phonemizer=%s, phoneme_language=%s",
             name, config.get("text_cleaner"), use_phonemes, config.get("phonemizer"),
             config.get("phoneme_language"))
    language = str(config.get("phoneme_language") or "")
    if use_phonemes and language and not language.startswith("de"):
        log.warning("voice %s phonemizes as %r, not German; it will mispronounce German text",
                    name, language)


def load(preset, settings: VoiceSettings) -> CoquiEngine:
    """Load a Coqui voice once per process, from the cache or `options.model_dir`; never downloads."""
    checkpoint = coqui_store.resolve(preset)
    torch, TTS = _import_coqui()
    device = _pick_device(torch, settings.device)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    vocoder = checkpoint.vocoder_path
    try:
        tts = TTS(model_path=str(checkpoint.model_path), config_path=str(checkpoint.config_path),
                  vocoder_path=str(vocoder) if vocoder else None,
                  vocoder_config_path=str(checkpoint.vocoder_config_path) if vocoder else None,
                  progress_bar=False).to(device)
    except ImportError as exc:
        raise VoiceError(f"voice {preset.name} needs a Python package Coqui lacks: {exc}") from exc
    except (OSError, RuntimeError, KeyError, ValueError, AssertionError) as exc:
        folder = checkpoint.model_path.parent
        raise VoiceError(f"cannot load Coqui voice {preset.name} from {folder}: {exc}") from exc
    if tts.is_multi_speaker or tts.is_multi_lingual:
        raise VoiceError(f"voice {preset.name} is multi-speaker or multilingual; narrate speaks "
                         "single-speaker German Coqui voices")
    _describe_frontend(preset.name, tts.synthesizer.tts_config)
    log.info("voice %s loaded on %s (%d threads), %d Hz", preset.name, device,
             torch.get_num_threads(), tts.synthesizer.output_sample_rate)
    return CoquiEngine(preset.name, tts, torch, device, _fingerprint(checkpoint))
