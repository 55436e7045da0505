"""Segments → Episode → MP3: join with pauses, reach the loudness target, export; read an MP3 back."""

from narrate.sound.export import Tags, chapter_times, export_mp3
from narrate.sound.inspect import inspect_mp3
from narrate.sound.join import join_segments
from narrate.sound.loudness import reach_loudness

__all__ = ["Tags", "chapter_times", "export_mp3", "inspect_mp3", "join_segments", "reach_loudness"]
