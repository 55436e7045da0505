"""Reach the loudness target with one gain for the whole episode and a true-peak ceiling.

Two passes over the audio, block by block: the first high-passes and measures it, the second
applies the one gain and the limiter as the encoder reads it, measuring again what comes out; a
result more than `TOLERANCE_LU` off the target is logged with its cause.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pyloudnorm

from narrate.config import LoudnessSettings
from narrate.errors import VoiceError
from narrate.models import Episode, SampleSource
from narrate.sound.meter import ABSOLUTE_GATE_LUFS, HighPass, LoudnessMeter
from narrate.sound.peaks import limit_blocks, limit_true_peak, true_peak_dbtp, true_peak_envelope
from narrate.sound.spool import BLOCK_SAMPLES, iter_blocks

log = logging.getLogger(__name__)

__all__ = ["limit_true_peak", "measure_lufs", "measure_stream", "reach_loudness", "true_peak_dbtp",
           "true_peak_envelope", "Leveled", "TOLERANCE_LU"]

TOLERANCE_LU = 1.0  # AUDIO.md: ±1 LU on the decoded MP3
QUIET_VOICE_LUFS = -45.0  # a voice measured below this before gain is called nearly silent
_MIN_MEASURE_S = 0.4  # pyloudnorm's gating block; shorter clips raise


def measure_lufs(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (BS.1770, LUFS) of a mono signal in memory, by pyloudnorm; −inf for silence."""
    minimum = int(_MIN_MEASURE_S * sample_rate) + 1
    if samples.size < minimum:
        samples = np.pad(samples, (0, minimum - samples.size))
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(samples.astype(np.float64)))


def measure_stream(samples: np.ndarray | SampleSource, sample_rate: int, highpass_hz: float = 0.0) -> float:
    """Integrated loudness (LUFS) read block by block, after the high-pass; −inf for silence."""
    meter, highpass = LoudnessMeter(sample_rate), HighPass(sample_rate, highpass_hz)
    for block in iter_blocks(samples):
        meter.add(highpass(block))
    return meter.integrated()


class Leveled:
    """A source with the high-pass, one gain and the true-peak limiter applied as it is read.

    Reading it through also measures the result (`result_lufs`, the encoder's gain included) and
    logs how far and why it is off the target when it misses by more than TOLERANCE_LU.
    """

    def __init__(self, source: np.ndarray | SampleSource, sample_rate: int, settings: LoudnessSettings,
                 measured_lufs: float, encoder_gain_db: float) -> None:
        self.source, self.sample_rate, self.settings = source, sample_rate, settings
        self.measured_lufs = measured_lufs
        self.encoder_gain_db = encoder_gain_db
        self.gain_db = settings.mono_target_lufs - measured_lufs - encoder_gain_db
        # The encode can push peaks up by the margin; the encoder's own gain only adds headroom.
        self.ceiling_dbtp = settings.true_peak_dbtp - settings.limiter_margin_db
        self.result_lufs = float("nan")

    def __len__(self) -> int:
        return len(self.source)

    def blocks(self, size: int = BLOCK_SAMPLES) -> Iterator[np.ndarray]:
        highpass = HighPass(self.sample_rate, self.settings.highpass_hz)
        gain = np.float32(10 ** (self.gain_db / 20))
        gained = (highpass(block) * gain for block in iter_blocks(self.source, size))
        meter = LoudnessMeter(self.sample_rate)
        for block in limit_blocks(gained, self.sample_rate, self.ceiling_dbtp):
            meter.add(block)
            yield block
        self.result_lufs = meter.integrated() + self.encoder_gain_db
        self._check_result()

    def _check_result(self) -> None:
        target = self.settings.mono_target_lufs
        off = self.result_lufs - target
        log.debug("loudness %.2f LUFS, gain %+.2f dB, ceiling %.2f dBTP, result %.2f LUFS",
                  self.measured_lufs, self.gain_db, self.ceiling_dbtp, self.result_lufs)
        if abs(off) <= TOLERANCE_LU:
            return
        # The gain is exact, so a miss below is what the limiter took; say what made it take it.
        if off > 0:
            why = "louder than the gain allows: the limiter or the high-pass misbehaved"
        elif self.measured_lufs < QUIET_VOICE_LUFS:
            why = (f"the true-peak ceiling of {self.ceiling_dbtp:.1f} dBTP held the peaks down; the "
                   f"voice is nearly silent ({self.measured_lufs:.1f} LUFS before a "
                   f"{self.gain_db:+.1f} dB gain), so its clicks and noise reached the ceiling")
        else:
            why = (f"the true-peak ceiling of {self.ceiling_dbtp:.1f} dBTP held the peaks down: the "
                   "voice's peaks are high for its loudness (is it clipped, or mostly low rumble?)")
        log.warning("loudness %.1f LUFS is %.1f LU %s the target %.1f LUFS (mono): %s",
                    self.result_lufs, abs(off), "below" if off < 0 else "above", target, why)


def reach_loudness(episode: Episode, settings: LoudnessSettings, encoder_gain_db: float = 0.0) -> Episode:
    """One gain from one measurement to the mono target, then the true-peak limiter.

    `encoder_gain_db` is what the MP3 encoder will apply itself (LAME CBR: −0.45 dB); it is
    compensated here so the decoded file lands on target. An array comes back processed; a
    SampleSource comes back as a Leveled source processed while the encoder reads it. Silence
    (nothing above the −70 LUFS gate) raises VoiceError: there is nothing to narrate.
    """
    measured = measure_stream(episode.samples, episode.sample_rate, settings.highpass_hz)
    if not np.isfinite(measured):
        raise VoiceError("the voice produced only silence for this article (nothing above "
                         f"{ABSOLUTE_GATE_LUFS:.0f} LUFS); no MP3 written — try another --voice")
    leveled = Leveled(episode.samples, episode.sample_rate, settings, measured, encoder_gain_db)
    if isinstance(episode.samples, np.ndarray):
        blocks = list(leveled.blocks())
        return replace(episode, samples=np.concatenate(blocks) if blocks else episode.samples[:0])
    return replace(episode, samples=leveled)
