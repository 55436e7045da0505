"""Coqui XTTS v2 as a narrate voice: German, a built-in speaker or a voice cloned from a recording.

XTTS is driven through the model's own documented calls (`get_conditioning_latents` once, then
`inference` per chunk) rather than `TTS.api.TTS.tts`, which would re-clone the reference recording
for every sentence. torch arrives through narrate.voice.engines.coqui, the module that imports it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from narrate.errors import VoiceError

log = logging.getLogger(__name__)

# Sampling settings XTTS's config carries; Coqui's own `Xtts.synthesize` passes exactly these.
_SAMPLING = ("temperature", "length_penalty", "repetition_penalty", "top_k", "top_p")
# The attribute error coqui-tts 0.28's GPT2InferenceModel raises under transformers 5.24 (and
# others of 5.x), which passes the key-value cache as `cache=` where coqui-tts reads `past_key_values=`.
_CACHE_BUG = "get_seq_length"


def is_xtts(config) -> bool:
    return str(config.get("model") or "").lower() == "xtts"


def builtin_speakers(model) -> list[str]:
    """The speakers in the checkpoint's speakers_xtts.pth; none when it has no such file."""
    manager = getattr(model, "speaker_manager", None)
    return list(manager.speaker_names) if manager is not None else []


def _cloned(model, name: str, wav: Path):
    """Conditioning latents from a reference recording, with the config's cloning settings."""
    if not wav.is_file():
        raise VoiceError(f"--speaker-wav {wav} is not a file; give a recording (WAV) of the voice to clone")
    config = model.config
    try:
        return model.get_conditioning_latents(
            audio_path=[str(wav)], gpt_cond_len=config.gpt_cond_len,
            gpt_cond_chunk_len=config.gpt_cond_chunk_len, max_ref_length=config.max_ref_len,
            sound_norm_refs=config.sound_norm_refs)
    except (RuntimeError, OSError, ValueError) as exc:
        raise VoiceError(f"voice {name} cannot clone a voice from --speaker-wav {wav}: "
                         f"{str(exc).splitlines()[0][:160]}") from exc


class XttsSpeaker:
    """Speaks one chunk in German with fixed conditioning latents; `speed` is narrate's --rate."""

    def __init__(self, model, torch, name: str, language: str, speaker: str | None,
                 speaker_wav: Path | None, rate: float) -> None:
        if speaker_wav is not None:
            self._latent, self._embedding = _cloned(model, name, speaker_wav)
            log.info("voice %s: cloned the voice of %s", name, speaker_wav)
        else:
            # As Coqui's Xtts.synthesize reads them: GPT latents first, then the speaker embedding.
            self._latent, self._embedding = model.speaker_manager.speakers[speaker].values()
        self._model, self._torch, self._name, self._language = model, torch, name, language
        self._options = {key: model.config[key] for key in _SAMPLING} | {"speed": rate}
        self._cache_passed = False

    def __call__(self, text: str, seed: int) -> np.ndarray:
        self._torch.manual_seed(seed)
        try:
            out = self._model.inference(text, self._language, self._latent, self._embedding, **self._options)
        except AttributeError as exc:
            if _CACHE_BUG not in str(exc) or not self._work_around(exc):
                raise
            return self(text, seed)
        return np.asarray(out["wav"], dtype=np.float32).reshape(-1)

    def _work_around(self, exc: Exception) -> bool:
        """The cache bug: first hand the cache on to Coqui's GPT; if that fails too, go without it.

        Returns False when both were tried. Output is the same either way (same seed, same tokens).
        """
        import transformers

        if not self._cache_passed:
            self._cache_passed = True
            pass_cache_on(self._model.gpt.gpt_inference)
            log.warning("voice %s: coqui-tts's XTTS GPT ignores the `cache` argument of transformers "
                        "%s (%s); narrate hands it on", self._name, transformers.__version__, exc)
            return True
        if "use_cache" not in self._options:
            self._options["use_cache"] = False
            log.warning("voice %s: XTTS's generation cache fails with transformers %s (%s); "
                        "generating without it, which is much slower", self._name,
                        transformers.__version__, exc)
            return True
        return False


def pass_cache_on(gpt_inference) -> None:
    """Make coqui-tts 0.28's GPT2InferenceModel read transformers 5.x's `cache=` keyword.

    Its forward() takes the key-value cache as `past_key_values`; newer transformers pass it as
    `cache`, which lands in **kwargs, so every step after the first finds no cache and fails.
    Only this loaded model's forward is wrapped; nothing in Coqui or transformers is changed.
    """
    forward = gpt_inference.forward

    def forward_with_cache(*args, cache=None, **kwargs):
        if cache is not None and kwargs.get("past_key_values") is None:
            kwargs["past_key_values"] = cache
        return forward(*args, **kwargs)

    gpt_inference.forward = forward_with_cache
