"""`narrate cache info` and `narrate cache clear`: look at and empty the sentence cache."""

from __future__ import annotations

import typer

from narrate.batch.cache import CACHE_DIR_ENV, CACHE_MAX_MB_ENV, SentenceCache
from narrate.cli.console import fail, out
from narrate.errors import NarrateError

cache_app = typer.Typer(no_args_is_help=True, add_completion=False,
                        help="Look at or empty the cache of synthesised sentences.")

_MB = 1024 * 1024


def _open() -> SentenceCache:
    try:
        return SentenceCache.open_default()
    except NarrateError as exc:
        raise fail(exc) from None


@cache_app.command("info", help="Where the cache is, how many sentences and megabytes it holds.")
def info() -> None:
    facts = _open().info()
    out.print(f"path     {facts.path}", highlight=False)
    out.print(f"entries  {facts.entries}", highlight=False)
    out.print(f"size     {facts.size_bytes / _MB:.1f} MB", highlight=False)
    bound = f"{facts.max_bytes / _MB:.0f} MB" if facts.max_bytes else "0 (cache disabled)"
    out.print(f"bound    {bound} (set {CACHE_MAX_MB_ENV}; move it with {CACHE_DIR_ENV})",
               highlight=False)


@cache_app.command("clear", help="Delete every cached sentence.")
def clear() -> None:
    cache = _open()
    removed = cache.clear()
    out.print(f"removed {removed} cached sentences from {cache.root}", highlight=False)
