"""Settings: frozen, validated on construction; every default lives here once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from narrate.errors import SettingsError

# Loudness: −16 LUFS stereo-equivalent is −19 LUFS as BS.1770 measures the mono signal.
DEFAULT_LOUDNESS_LUFS: Final = -16.0
MONO_LOUDNESS_OFFSET_LU: Final = 3.0
DEFAULT_TRUE_PEAK_DBTP: Final = -1.0
# Low-bitrate MP3 pushes peaks up by up to 1 dB, so limit 1 dB below the promised ceiling.
DEFAULT_LIMITER_MARGIN_DB: Final = 1.0
# LAME scales CBR/ABR input ≤ 160 kbps by 0.95 (−0.45 dB); compensate before encoding.
LAME_CBR_GAIN_DB: Final = -0.45
LAME_CBR_GAIN_MAX_KBPS: Final = 160
# A high-pass before measuring and levelling: DC and rumble (a damaged voice) would otherwise spend
# the true-peak headroom; speech loses nothing above it.
DEFAULT_HIGHPASS_HZ: Final = 60.0

DEFAULT_BITRATE_KBPS: Final = 64
ALLOWED_BITRATES_KBPS: Final = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
DEFAULT_OUTPUT_SAMPLE_RATE: Final = 44100

DEFAULT_SENTENCE_PAUSE_MS: Final = 400
DEFAULT_PARAGRAPH_PAUSE_MS: Final = 900
DEFAULT_HEADING_PAUSE_MS: Final = 1500
DEFAULT_HEADLINE_PAUSE_MS: Final = 1000
DEFAULT_CHUNK_PAUSE_MS: Final = 200
DEFAULT_HEAD_MS: Final = 400
DEFAULT_TAIL_MS: Final = 1000
DEFAULT_FADE_MS: Final = 8
DEFAULT_TRIM_DB: Final = -50.0
DEFAULT_TRIM_KEEP_MS: Final = 25
DEFAULT_CHAPTER_LEAD_MS: Final = 250

DEFAULT_MAX_CHUNK_CHARS: Final = 250
DEFAULT_VOICE: Final = "pico-de"  # the offline voice when no neural German voice is installed
FALLBACK_VOICE: Final = "espeak-de"  # when Pico cannot load either
DEFAULT_RATE: Final = 1.0  # speaking rate: 1 = the voice's own pace
RATE_RANGE: Final = (0.5, 2.0)
DEFAULT_DEVICE: Final = "auto"

MAX_JOBS: Final = 64
LOCAL_CLUSTER: Final = "ray"  # --cluster ray: a local Ray started for the run
DEFAULT_CLUSTER_ATTEMPTS: Final = 3  # tries per article when cluster workers die under it
DEFAULT_CLUSTER_START_S: Final = 300  # how long a run waits for a cluster worker to start
GPUS_PER_WORKER_RANGE: Final = (0.0, 16.0)
DEFAULT_CACHE_MAX_MB: Final = 2048  # the sentence cache's size bound

# Fetching pages and feeds (narrate URL, narrate feed).
DEFAULT_FETCH_CONNECT_TIMEOUT_S: Final = 10.0
DEFAULT_FETCH_READ_TIMEOUT_S: Final = 30.0  # the whole response, not one socket read
DEFAULT_FETCH_MAX_BYTES: Final = 10 * 1024 * 1024  # decoded body; a news page is well under 2 MB
DEFAULT_FETCH_MAX_REDIRECTS: Final = 10
DEFAULT_FETCH_RETRIES: Final = 3  # extra tries after a 429 or 5xx
DEFAULT_FETCH_BACKOFF_S: Final = 1.0  # first wait without Retry-After; doubles each try
DEFAULT_FETCH_MAX_WAIT_S: Final = 60.0  # a longer Retry-After is not waited for

DEFAULT_CHANNEL_TITLE: Final = "Vorgelesen"
DEFAULT_CHANNEL_DESCRIPTION: Final = (
    "Audioversionen von Artikeln. Diese Audioversionen wurden künstlich generiert (Sprachsynthese)."
)


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}, got {value:g}")


@dataclass(frozen=True)
class PauseSettings:
    """Silences inserted between sentences (ms) and how each sentence is trimmed."""

    sentence_ms: int = DEFAULT_SENTENCE_PAUSE_MS
    paragraph_ms: int = DEFAULT_PARAGRAPH_PAUSE_MS
    heading_ms: int = DEFAULT_HEADING_PAUSE_MS
    headline_ms: int = DEFAULT_HEADLINE_PAUSE_MS
    chunk_ms: int = DEFAULT_CHUNK_PAUSE_MS
    head_ms: int = DEFAULT_HEAD_MS
    tail_ms: int = DEFAULT_TAIL_MS
    fade_ms: int = DEFAULT_FADE_MS
    trim_db: float = DEFAULT_TRIM_DB
    trim_keep_ms: int = DEFAULT_TRIM_KEEP_MS
    chapter_lead_ms: int = DEFAULT_CHAPTER_LEAD_MS

    def __post_init__(self) -> None:
        for name in ("sentence_ms", "paragraph_ms", "heading_ms", "headline_ms", "chunk_ms",
                     "head_ms", "tail_ms"):
            _check_range(f"pause {name}", getattr(self, name), 0, 10_000)
        _check_range("fade_ms", self.fade_ms, 0, 50)
        _check_range("trim_db", self.trim_db, -90, -20)
        _check_range("trim_keep_ms", self.trim_keep_ms, 0, 200)
        # A chapter mark must sit inside the shortest pause that can precede a chapter.
        _check_range("chapter_lead_ms", self.chapter_lead_ms, 0, min(self.heading_ms, self.head_ms))


@dataclass(frozen=True)
class LoudnessSettings:
    """Target loudness (stereo-equivalent LUFS, as podcast specs state it) and true-peak ceiling."""

    target_lufs: float = DEFAULT_LOUDNESS_LUFS
    true_peak_dbtp: float = DEFAULT_TRUE_PEAK_DBTP
    limiter_margin_db: float = DEFAULT_LIMITER_MARGIN_DB
    highpass_hz: float = DEFAULT_HIGHPASS_HZ  # 0: off

    def __post_init__(self) -> None:
        _check_range("--loudness (LUFS)", self.target_lufs, -40, -6)
        _check_range("high-pass (Hz)", self.highpass_hz, 0, 200)
        _check_range("true peak (dBTP)", self.true_peak_dbtp, -12, 0)
        _check_range("limiter margin (dB)", self.limiter_margin_db, 0, 6)

    @property
    def mono_target_lufs(self) -> float:
        """The target as BS.1770 measures the mono signal."""
        return self.target_lufs - MONO_LOUDNESS_OFFSET_LU


@dataclass(frozen=True)
class ExportSettings:
    bitrate_kbps: int = DEFAULT_BITRATE_KBPS
    sample_rate: int = DEFAULT_OUTPUT_SAMPLE_RATE  # Hz

    def __post_init__(self) -> None:
        if self.bitrate_kbps not in ALLOWED_BITRATES_KBPS:
            allowed = ", ".join(str(b) for b in ALLOWED_BITRATES_KBPS)
            raise SettingsError(f"--bitrate must be one of {allowed} kbps, got {self.bitrate_kbps}")
        if self.sample_rate not in (22050, 24000, 32000, 44100, 48000):
            raise SettingsError(f"output sample rate must be 22050–48000 Hz, got {self.sample_rate}")

    @property
    def encoder_gain_db(self) -> float:
        """The gain LAME itself applies at this bitrate (CBR)."""
        return LAME_CBR_GAIN_DB if self.bitrate_kbps <= LAME_CBR_GAIN_MAX_KBPS else 0.0


@dataclass(frozen=True)
class TextSettings:
    max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS
    lexicon: Path | None = None  # the user's lexicon file, applied after the shipped one

    def __post_init__(self) -> None:
        _check_range("max chunk characters", self.max_chunk_chars, 40, 2000)
        if self.lexicon is not None and not self.lexicon.is_file():
            raise SettingsError(f"--lexicon {self.lexicon} is not a file; give a TSV of word → respelling")

    def within(self, voice_max_chars: int | None) -> TextSettings:
        """These settings with chunks no longer than the voice takes: min(setting, voice's max)."""
        if voice_max_chars is None or voice_max_chars >= self.max_chunk_chars:
            return self
        return replace(self, max_chunk_chars=voice_max_chars)


@dataclass(frozen=True)
class VoiceSettings:
    """Which voice, and how the engine runs it."""

    name: str | None = None  # None: NARRATE_VOICE, else the best voice installed
    device: str = DEFAULT_DEVICE  # auto | cpu | cuda
    threads: int | None = None  # CPU threads for neural engines; None lets the engine choose
    speaker: str | None = None  # a built-in speaker of a multi-speaker voice (Piper, Coqui)
    speaker_wav: Path | None = None  # a recording whose voice XTTS clones
    rate: float = DEFAULT_RATE  # 1 = the voice's own pace; each engine maps it to its own scale

    def __post_init__(self) -> None:
        if self.device not in ("auto", "cpu", "cuda"):
            raise SettingsError(f"--device must be auto, cpu or cuda, got {self.device!r}")
        if self.threads is not None:
            _check_range("--threads", self.threads, 1, 256)
        _check_range("--rate", self.rate, *RATE_RANGE)


@dataclass(frozen=True)
class Settings:
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    text: TextSettings = field(default_factory=TextSettings)
    pauses: PauseSettings = field(default_factory=PauseSettings)
    loudness: LoudnessSettings = field(default_factory=LoudnessSettings)
    export: ExportSettings = field(default_factory=ExportSettings)


@dataclass(frozen=True)
class FetchSettings:
    """How pages and feeds are fetched: time limits (s), size cap (bytes), redirects and retries."""

    connect_timeout_s: float = DEFAULT_FETCH_CONNECT_TIMEOUT_S
    read_timeout_s: float = DEFAULT_FETCH_READ_TIMEOUT_S
    max_bytes: int = DEFAULT_FETCH_MAX_BYTES
    max_redirects: int = DEFAULT_FETCH_MAX_REDIRECTS
    retries: int = DEFAULT_FETCH_RETRIES
    backoff_s: float = DEFAULT_FETCH_BACKOFF_S
    max_wait_s: float = DEFAULT_FETCH_MAX_WAIT_S

    def __post_init__(self) -> None:
        _check_range("--timeout (s)", self.read_timeout_s, 0.01, 3600)
        _check_range("connect timeout (s)", self.connect_timeout_s, 0.01, 600)
        _check_range("size cap (bytes)", self.max_bytes, 1024, 1024 ** 3)
        _check_range("redirects", self.max_redirects, 0, 50)
        _check_range("retries", self.retries, 0, 10)
        _check_range("backoff (s)", self.backoff_s, 0, 60)
        _check_range("longest wait (s)", self.max_wait_s, 0, 3600)
