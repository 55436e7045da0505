"""One exception hierarchy; the CLI prints `str(error)` as one line and exits non-zero."""


class NarrateError(Exception):
    """A failure the user can act on; the message says what failed and what to do."""


class InputError(NarrateError):
    """The article file is missing, unreadable, binary, empty or has nothing speakable."""


class SettingsError(NarrateError):
    """An option or setting is out of its allowed range."""


class ToolMissingError(NarrateError):
    """An external program (espeak-ng, ffmpeg) is not installed."""


class ToolFailedError(NarrateError):
    """An external program ran and failed; carries the command and the tail of stderr."""


class VoiceError(NarrateError):
    """A voice is unknown, not installed, or cannot be loaded."""


class OutputError(NarrateError):
    """The MP3 cannot be written where it was asked for."""


class ClusterError(NarrateError):
    """The Ray cluster cannot be reached, lacks what the workers need, or runs another narrate."""
