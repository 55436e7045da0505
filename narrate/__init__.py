"""narrate: German news articles → chaptered, loudness-normalised MP3 narrations."""

__version__ = "0.1.0"
