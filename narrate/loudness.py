"""Reach the loudness target with one gain for the whole episode and a true-peak ceiling."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from narrate.config import LoudnessSettings
from narrate.models import Episode

log = logging.getLogger(__name__)

OVERSAMPLE = 4  # BS.1770-4 true-peak: 4× oversampling
LIMITER_LOOKAHEAD_MS = 5.0
_MIN_MEASURE_S = 0.4  # pyloudnorm's gating block; shorter clips raise
_PEAK_BLOCK = 1 << 22  # samples oversampled at once (~3 min at 22.05 kHz)
_PEAK_OVERLAP = 128  # samples of context either side, longer than the resampling filter's reach


def measure_lufs(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (BS.1770, LUFS) of a mono signal; −inf for silence."""
    minimum = int(_MIN_MEASURE_S * sample_rate) + 1
    if samples.size < minimum:
        samples = np.pad(samples, (0, minimum - samples.size))
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(samples.astype(np.float64)))


def true_peak_envelope(samples: np.ndarray) -> np.ndarray:
    """Per-sample true-peak magnitude: the max over the 4× oversampled points around each sample.

    Oversampled in blocks of a few minutes, so memory stays bounded on hour-long articles.
    """
    env = np.abs(samples).astype(np.float32)
    for start in range(0, env.size, _PEAK_BLOCK):
        stop = min(start + _PEAK_BLOCK, env.size)
        lo, hi = max(start - _PEAK_OVERLAP, 0), min(stop + _PEAK_OVERLAP, env.size)
        up = resample_poly(samples[lo:hi].astype(np.float32), OVERSAMPLE, 1)
        up = np.abs(up[: (hi - lo) * OVERSAMPLE]).reshape(-1, OVERSAMPLE).max(axis=1)
        np.maximum(env[start:stop], up[start - lo : stop - lo], out=env[start:stop])
    return env


def true_peak_dbtp(samples: np.ndarray) -> float:
    """4× oversampled true peak in dBTP; −inf for silence."""
    peak = float(true_peak_envelope(samples).max(initial=0.0))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit_true_peak(samples: np.ndarray, sample_rate: int, ceiling_dbtp: float) -> np.ndarray:
    """Look-ahead limiter: a smooth gain that reaches its minimum before each over-ceiling peak."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    env = true_peak_envelope(samples)
    if env.size == 0 or env.max() <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(env, 1e-12))
    window = max(int(LIMITER_LOOKAHEAD_MS * sample_rate / 1000), 1)
    # Hold the minimum over ±window, then average over one window: every value averaged around
    # sample i was held over a span containing i, so the smooth gain never exceeds what i needs.
    held = minimum_filter1d(needed, size=2 * window + 1, mode="nearest")
    gain = uniform_filter1d(held, size=window, mode="nearest")
    return (samples * gain).astype(np.float32)


def reach_loudness(episode: Episode, settings: LoudnessSettings, encoder_gain_db: float = 0.0) -> Episode:
    """One gain from one measurement to the mono target, then the true-peak limiter.

    `encoder_gain_db` is what the MP3 encoder will apply itself (LAME CBR: −0.45 dB); it is
    compensated here so the decoded file lands on target.
    """
    measured = measure_lufs(episode.samples, episode.sample_rate)
    if not np.isfinite(measured):
        return episode
    gain_db = settings.mono_target_lufs - measured - encoder_gain_db
    samples = (episode.samples * np.float32(10 ** (gain_db / 20))).astype(np.float32)
    # The encode can push peaks up by the margin; the encoder's own gain only adds headroom.
    ceiling = settings.true_peak_dbtp - settings.limiter_margin_db
    samples = limit_true_peak(samples, episode.sample_rate, ceiling)
    log.debug("loudness %.2f LUFS, gain %+.2f dB, ceiling %.2f dBTP", measured, gain_db, ceiling)
    return replace(episode, samples=samples)
