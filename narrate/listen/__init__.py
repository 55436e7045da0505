"""Narrations → what a listener opens: WebVTT transcripts, chapters JSON, the listening page, the podcast feed."""

from narrate.listen.page import write_site
from narrate.listen.transcript import write_transcript

__all__ = ["write_site", "write_transcript"]
