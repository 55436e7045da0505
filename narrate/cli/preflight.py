"""What `narrate convert` checks before any synthesis: settings used only at the end of a run.

A bad --report path or --base-url, or a bad NARRATE_CACHE_MAX_MB, would otherwise surface only
after every article was synthesised (or as a traceback); each gets its one line now instead.
"""

from __future__ import annotations

from pathlib import Path

from narrate.atomic import check_writable
from narrate.batch.cache import default_max_bytes


def check_before_work(report: Path | None, base_url: str | None) -> None:
    """Raise the NarrateError a later step would raise, before the voice loads."""
    default_max_bytes()
    if report is not None:
        check_writable(report, "--report")
    if base_url is not None:
        from narrate.listen.feed import normalise_base_url  # narrate.listen loads the audio stack

        normalise_base_url(base_url)
