"""`narrate feed FEED -o OUTDIR`: a news feed's new and changed items as MP3s (and a podcast feed)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from narrate.cli.preflight import check_before_work
from narrate.cli.console import err, fail, out, print_error
from narrate.config import (
    DEFAULT_BITRATE_KBPS, DEFAULT_FETCH_READ_TIMEOUT_S, DEFAULT_LOUDNESS_LUFS, ExportSettings, FetchSettings, LoudnessSettings, Settings, TextSettings,
    VoiceSettings,
)
from narrate.errors import NarrateError


def _since(text: str | None) -> datetime | None:
    """An ISO date or date-time; a date means its midnight in UTC."""
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"--since {text!r} is not a date; give YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _show(event) -> None:
    """One line per item as it settles: written, skipped (with -v only in the log) or failed."""
    from narrate.batch import ArticleDone

    if not isinstance(event, ArticleDone):
        return
    r = event.result
    if r.status == "written":
        out.print(f"[green]wrote[/] {r.output} ({r.duration_s / 60:.1f} min; sentences: "
                  f"{r.sentences_synthesized} synthesised, {r.sentences_cached} from cache)",
                  highlight=False, soft_wrap=True)
    elif r.status == "failed":
        print_error(r.error if str(r.source) in r.error else f"{r.source}: {r.error}")


def feed(
    source: Annotated[str, typer.Argument(help="The feed's URL (RSS 2.0 or Atom), or a saved feed file.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the MP3s (and the page and podcast feed with --site).")],
    voice: Annotated[Optional[str], typer.Option("--voice", help="Voice name; default: NARRATE_VOICE, else the best installed.")] = None,
    loudness: Annotated[float, typer.Option("--loudness", help="Target loudness, LUFS (stereo-equivalent).")] = DEFAULT_LOUDNESS_LUFS,
    bitrate: Annotated[int, typer.Option("--bitrate", help="MP3 bitrate, kbps (CBR).")] = DEFAULT_BITRATE_KBPS,
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="Your pronunciation lexicon: TSV of word and respelling.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", help="At most this many items, newest first.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only items published on or after this date (YYYY-MM-DD).")] = None,
    keep: Annotated[Optional[int], typer.Option("--keep", help="Keep only the newest N episodes in the folder; older ones are deleted.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a page or the feed may take to arrive.")] = DEFAULT_FETCH_READ_TIMEOUT_S,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes.")] = None,
    recheck: Annotated[bool, typer.Option("--recheck", help="Fetch the pages of unchanged items again and redo those whose text changed.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Narrate every chosen item again, even unchanged ones.")] = False,
    site: Annotated[bool, typer.Option("--site", help="Keep OUTDIR/index.html (and feed.xml with --base-url) up to date.")] = False,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="Public address of OUTDIR, for the podcast feed (with --site).")] = None,
    channel_title: Annotated[Optional[str], typer.Option("--channel-title", help="Title of the page and podcast; default: the feed's title.")] = None,
    channel_description: Annotated[Optional[str], typer.Option("--channel-description", help="Description of the podcast.")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a JSON report of every item to this file.")] = None,
) -> None:
    from narrate.batch import BatchOptions, write_report
    from narrate.batch.feeds import FeedOptions, run_feed
    from narrate.voice import choose_voice

    if base_url and not site:
        raise fail("--base-url is for the podcast feed; add --site")
    try:
        check_before_work(report, base_url)  # a bad --report, --base-url or cache bound fails before any work
        settings = Settings(voice=VoiceSettings(name=voice), text=TextSettings(lexicon=lexicon),
                            loudness=LoudnessSettings(target_lufs=loudness),
                            export=ExportSettings(bitrate_kbps=bitrate))
        options = BatchOptions(jobs=jobs, force=force, transcript=site)
        feed_options = FeedOptions(limit=limit, since=_since(since), keep=keep, recheck=recheck)
        fetch = FetchSettings(connect_timeout_s=min(timeout, FetchSettings.connect_timeout_s),
                              read_timeout_s=timeout)
        preset = choose_voice(settings.voice)
        result = run_feed(source, output, preset, settings, options, feed_options, _show, fetch)
        if report is not None:
            write_report(result.batch, report)
        if site:
            from narrate.listen import write_site

            write_site(output, base_url, channel_title or result.title or None, channel_description)
    except NarrateError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print("[yellow]narrate: interrupted[/]; finished MP3s are kept, the next run does the rest",
                  highlight=False)
        raise typer.Exit(130) from None
    batch = result.batch
    err.print(f"narrate feed: {batch.count('written')} written, {batch.count('skipped')} unchanged, "
              f"{batch.count('failed')} failed, {len(result.pruned)} files pruned "
              f"in {batch.seconds:.1f} s", highlight=False)
    if batch.failed:
        raise typer.Exit(1)
