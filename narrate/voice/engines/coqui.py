"""Coqui TTS voices (the `coqui-tts` fork, import name `TTS`): the only module that imports torch.

Single- and multi-speaker models, multilingual ones asked for German, XTTS v2 (engines/xtts.py).
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from pathlib import Path

import numpy as np

from narrate.config import DEFAULT_RATE, VoiceSettings
from narrate.errors import VoiceError
from narrate.voice import coqui_store
from narrate.voice.engines.xtts import XttsSpeaker, builtin_speakers, is_xtts

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
GERMAN = "de"  # the language narrate asks multilingual models for


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
    """A loaded Coqui model; `speak(text, seed)` says one chunk (see `_PlainSpeaker`, XttsSpeaker)."""

    def __init__(self, name: str, speak, *, config, sample_rate: int, key: str,
                 max_chars: int | None) -> None:
        self.name = name
        self._english_digits = config.get("text_cleaner") in _ENGLISH_NUMBER_CLEANERS
        self._speak_chunk = speak
        self._key = key
        self.sample_rate = int(sample_rate)
        self.max_chars = max_chars  # the longest text the voice takes; the Narrator chunks under it

    def _speak(self, text: str) -> np.ndarray:
        # A seed per text: the same sentence sounds the same in every run (VITS and XTTS sample).
        return self._speak_chunk(text, zlib.crc32(text.encode("utf-8")))

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
        return self._key


class _PlainSpeaker:
    """Speaks through Coqui's `TTS.tts`, with a built-in speaker and German where the model has them."""

    def __init__(self, tts, torch, speaker: str | None, language: str | None) -> None:
        self._tts, self._torch, self._speaker, self._language = tts, torch, speaker, language

    def __call__(self, text: str, seed: int) -> np.ndarray:
        self._torch.manual_seed(seed)
        wav = self._tts.tts(text, speaker=self._speaker, language=self._language, split_sentences=False)
        return np.asarray(wav, dtype=np.float32).reshape(-1)


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


def _german(name: str, languages: list[str] | None) -> str | None:
    """The model's own name for German ("de", "de-de", …); None for a model of one language."""
    if not languages:
        return None
    for language in languages:
        if language.lower().replace("_", "-").split("-")[0] == GERMAN:
            return language
    raise VoiceError(f"voice {name} speaks {', '.join(languages)} but not German; choose a German voice")


def _choose_speaker(name: str, speakers: list[str], settings: VoiceSettings, clones: bool) -> str | None:
    """The built-in speaker to use: --speaker, required when the voice has several; checked here,
    before any synthesis, so a batch never starts with a voice that cannot speak."""
    wanted = settings.speaker
    if settings.speaker_wav is not None:
        if not clones:
            raise VoiceError(f"voice {name} cannot clone a voice; --speaker-wav is for XTTS voices")
        if wanted is not None:
            raise VoiceError("give --speaker or --speaker-wav, not both")
        return None
    clone_hint = " (or clone one with --speaker-wav FILE)" if clones else ""
    if not speakers:
        if clones:
            raise VoiceError(f"voice {name} has no built-in speakers; give --speaker-wav FILE, "
                             "a recording of the voice to clone")
        if wanted is not None:
            raise VoiceError(f"voice {name} has a single speaker; leave out --speaker {wanted}")
        return None
    if wanted in speakers:
        return wanted
    what = "has no speaker " + repr(wanted) if wanted is not None else f"has {len(speakers)} speakers"
    raise VoiceError(f"voice {name} {what}; choose one with --speaker NAME{clone_hint}: "
                     + ", ".join(speakers))


def _set_rate(name: str, model, rate: float) -> None:
    """--rate for VITS-like models: their duration predictor's length_scale, divided by the rate."""
    if rate == DEFAULT_RATE:
        return
    if not isinstance(getattr(model, "length_scale", None), (int, float)):
        raise VoiceError(f"voice {name} ({type(model).__name__}) has no speaking-rate control; "
                         "leave out --rate")
    model.length_scale = model.length_scale / rate
    log.info("voice %s: --rate %g, length_scale %.3f", name, rate, model.length_scale)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _cache_key(name: str, fingerprint: str, device: str, language: str | None, speaker: str | None,
               settings: VoiceSettings) -> str:
    """What changes the samples; speaker, cloned recording and rate only when they apply."""
    parts = [f"coqui {name} {fingerprint} device={device} text={_TEXT_RULES}"]
    if language:
        parts.append(f"language={language}")
    if speaker:
        parts.append(f"speaker={speaker}")
    if settings.speaker_wav is not None:
        parts.append(f"speaker_wav={_file_digest(settings.speaker_wav)}")
    if settings.rate != DEFAULT_RATE:
        parts.append(f"rate={settings.rate:g}")
    return " ".join(parts)


def _open(preset, checkpoint: coqui_store.Checkpoint, TTS, device: str):
    """Coqui's own loader (`TTS.api.TTS`) on the checkpoint's files; load errors become VoiceErrors."""
    vocoder = checkpoint.vocoder_path
    try:
        return TTS(model_path=str(checkpoint.model_path), config_path=str(checkpoint.config_path),
                   vocoder_path=str(vocoder) if vocoder else None,
                   vocoder_config_path=str(checkpoint.vocoder_config_path) if vocoder else None,
                   progress_bar=False).to(device)
    except ImportError as exc:
        raise VoiceError(f"voice {preset.name} needs a Python package Coqui lacks: {exc}") from exc
    except (OSError, RuntimeError, KeyError, ValueError, AssertionError) as exc:
        folder = checkpoint.model_path.parent
        raise VoiceError(f"cannot load Coqui voice {preset.name} from {folder}: {exc}") from exc


def load(preset, settings: VoiceSettings) -> CoquiEngine:
    """Load a Coqui voice once per process, from the cache or `options.model_dir`; never downloads.

    Multi-speaker voices need --speaker (XTTS: or --speaker-wav); multilingual ones speak German.
    """
    checkpoint = coqui_store.resolve(preset)
    torch, TTS = _import_coqui()
    device = _pick_device(torch, settings.device)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    tts = _open(preset, checkpoint, TTS, device)
    model, config = tts.synthesizer.tts_model, tts.synthesizer.tts_config
    _describe_frontend(preset.name, config)
    max_chars = preset.max_chars
    if is_xtts(config):
        language = _german(preset.name, list(config.languages))
        speaker = _choose_speaker(preset.name, builtin_speakers(model), settings, clones=True)
        speak = XttsSpeaker(model, torch, preset.name, language, speaker, settings.speaker_wav, settings.rate)
        max_chars = max_chars or model.tokenizer.char_limits.get(GERMAN)
    else:
        language = _german(preset.name, tts.languages if tts.is_multi_lingual else None)
        speaker = _choose_speaker(preset.name, (tts.speakers or []) if tts.is_multi_speaker else [],
                                  settings, clones=False)
        _set_rate(preset.name, model, settings.rate)
        speak = _PlainSpeaker(tts, torch, speaker, language)
    log.info("voice %s loaded on %s (%d threads), %d Hz%s%s", preset.name, device,
             torch.get_num_threads(), tts.synthesizer.output_sample_rate,
             f", speaker {speaker}" if speaker else "", f", language {language}" if language else "")
    key = _cache_key(preset.name, _fingerprint(checkpoint), device, language, speaker, settings)
    return CoquiEngine(preset.name, speak, config=config, sample_rate=tts.synthesizer.output_sample_rate,
                       key=key, max_chars=max_chars)
