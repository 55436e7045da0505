"""Piper voices (`piper-tts`, import `piper`): VITS exported to ONNX, run by onnxruntime.

Piper phonemises with its own embedded espeak-ng; it receives narrate's spoken German one sentence
or chunk per call, through `PiperVoice.synthesize` with nothing in between, so narrate's path costs
what Piper's own does. Piper's per-sentence peak normalisation is switched off: narrate sets the
loudness of the whole article once, and per-sentence gains made level jumps between sentences.
"""

from __future__ import annotations

import hashlib
import logging
import re

import numpy as np

from narrate.config import VoiceSettings
from narrate.errors import VoiceError
from narrate.voice import piper_store

log = logging.getLogger(__name__)

_SPEAKABLE = re.compile(r"\w")
_SILENCE_S = 0.1
# Piper reads `[[ … ]]` as raw phonemes; narrate's text never means that.
_PHONEME_MARKS = re.compile(r"\[\[|\]\]")
_TEXT_RULES = "phoneme-marks-stripped"  # part of the cache key: what this module does to the text
_SHOWN_SPEAKERS = 12


def _fingerprint(model, config) -> str:
    digest = hashlib.sha256(config.read_bytes())
    stat = model.stat()
    digest.update(f"{model.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def pick_speaker(name: str, speaker: str | None, speaker_ids: dict, num_speakers: int) -> int | None:
    """The speaker id for `--speaker` (a name from the voice, or its number); None for one speaker."""
    if num_speakers <= 1:
        if speaker is not None:
            raise VoiceError(f"voice {name} has one speaker; leave out --speaker")
        return None
    names = ", ".join(list(speaker_ids)[:_SHOWN_SPEAKERS]) + (" …" if len(speaker_ids) > _SHOWN_SPEAKERS else "")
    if speaker is None:
        return None
    if speaker in speaker_ids:
        return int(speaker_ids[speaker])
    if speaker.isdigit() and int(speaker) < num_speakers:
        return int(speaker)
    raise VoiceError(f"voice {name} has no speaker {speaker!r}; it has {num_speakers}: "
                     f"{names or f'0 to {num_speakers - 1}'}")


def rate_to_length_scale(voice_length_scale: float, rate: float) -> float:
    """--rate 1.25 speaks 25% faster: Piper's length scale (phoneme duration) divided by the rate."""
    return voice_length_scale / rate


class PiperEngine:
    """A loaded Piper voice; speaks one sentence or chunk per call."""

    def __init__(self, name: str, voice, speaker_id: int | None, length_scale: float,
                 fingerprint: str) -> None:
        from piper.config import SynthesisConfig

        self.name = name
        self._voice = voice
        self.sample_rate = int(voice.config.sample_rate)
        self.speaker_id = speaker_id
        self.length_scale = length_scale
        self._syn = SynthesisConfig(speaker_id=speaker_id, length_scale=length_scale,
                                    normalize_audio=False)
        self._fingerprint = fingerprint

    def synthesize(self, spoken_text: str) -> np.ndarray:
        """Speak one sentence of spoken German; float32 mono at the voice's sample rate."""
        text = " ".join(_PHONEME_MARKS.sub(" ", spoken_text).split())
        if not _SPEAKABLE.search(text):
            log.warning("nothing to speak in %r; %.1f s of silence instead", spoken_text, _SILENCE_S)
            return np.zeros(int(self.sample_rate * _SILENCE_S), dtype=np.float32)
        try:
            chunks = [chunk.audio_float_array for chunk in self._voice.synthesize(text, self._syn)]
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise VoiceError(f"voice {self.name} cannot speak {text[:80]!r}: {exc}") from exc
        if not chunks:
            return np.zeros(int(self.sample_rate * _SILENCE_S), dtype=np.float32)
        wav = np.concatenate(chunks).astype(np.float32, copy=False)
        if not np.isfinite(wav).all():
            raise VoiceError(f"voice {self.name} produced invalid samples for {text[:80]!r}; "
                             "the model file may be damaged")
        return wav

    def cache_key(self) -> str:
        return (f"piper {self.name} {self._fingerprint} speaker={self.speaker_id} "
                f"length_scale={self.length_scale:g} text={_TEXT_RULES}")


def _load_voice(model, config, settings: VoiceSettings):
    """PiperVoice.load as Piper does it; with --threads, the same session with that many threads."""
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise VoiceError(piper_store.EXTRA_MISSING) from exc
    use_cuda = settings.device == "cuda"
    if use_cuda and "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
        raise VoiceError("--device cuda: onnxruntime has no CUDA provider; use --device cpu")
    try:
        if not settings.threads:
            return PiperVoice.load(model, config_path=config, use_cuda=use_cuda)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = settings.threads
        options.inter_op_num_threads = 1
        providers = ["CUDAExecutionProvider"] if use_cuda else ["CPUExecutionProvider"]
        session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=providers)
        return PiperVoice(config=PiperConfig.from_dict(piper_store.read_config(config)), session=session)
    except VoiceError:
        raise
    except Exception as exc:  # onnxruntime's load errors are untyped
        raise VoiceError(f"cannot load Piper voice {model}: {str(exc)[:200]}") from exc


def load(preset, settings: VoiceSettings) -> PiperEngine:
    """Load a Piper voice once per process; never downloads."""
    model, config = piper_store.resolve(preset)
    raw = piper_store.read_config(config)
    speaker_ids = raw.get("speaker_id_map") or {}
    speaker_id = pick_speaker(preset.name, settings.speaker, speaker_ids, int(raw["num_speakers"]))
    if settings.speaker_wav is not None:
        raise VoiceError(f"voice {preset.name} is a Piper voice; --speaker-wav is for XTTS")
    voice = _load_voice(model, config, settings)
    if voice.config.num_speakers > 1 and speaker_id is None:
        speaker_id = voice.config.default_speaker_id
        first = list(speaker_ids)[:_SHOWN_SPEAKERS]
        log.info("voice %s has %d speakers; speaking as speaker %d (--speaker chooses: %s)",
                 preset.name, voice.config.num_speakers, speaker_id, ", ".join(first) or "0, 1, …")
    length_scale = rate_to_length_scale(voice.config.length_scale, settings.rate)
    log.info("voice %s: Piper, %d Hz, espeak-ng voice %r, length scale %g", preset.name,
             voice.config.sample_rate, voice.config.espeak_voice, length_scale)
    return PiperEngine(preset.name, voice, speaker_id, length_scale, _fingerprint(model, config))
