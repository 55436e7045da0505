"""The `narrate` command: options → Settings → one library call; progress and errors with rich."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from typer.core import TyperGroup

from narrate import __version__
from narrate.config import (
    DEFAULT_BITRATE_KBPS, DEFAULT_DEVICE, DEFAULT_LOUDNESS_LUFS, DEFAULT_RATE, MONO_LOUDNESS_OFFSET_LU,
    ExportSettings, LoudnessSettings,
    Settings, TextSettings, VoiceSettings,
)
from narrate.cli.cache import cache_app
from narrate.cli.console import err, fail, out, print_error
from narrate.cli.feed import feed as feed_command
from narrate.cli.preflight import check_before_work
from narrate.errors import NarrateError
from narrate.cli.voices import voices_app



class DefaultToNarrate(TyperGroup):
    """`narrate PATH…` runs the `convert` command unless the first word names another command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        position = 0
        while position < len(args) and args[position] in ("--verbose", "-v"):
            position += 1  # the group's own options come first
        rest = args[position:]
        if rest and rest[0] not in self.commands and rest[0] not in ("--help", "--version"):
            args = [*args[:position], "convert", *rest]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=DefaultToNarrate, add_completion=False, no_args_is_help=True,
                  help="Turn German news articles into chaptered, loudness-normalised MP3s.")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s",
                        handlers=[RichHandler(console=err, show_time=False, show_path=False)])
    for noisy in ("numba", "matplotlib", "trafilatura", "htmldate", "urllib3", "filelock", "TTS",
                  "trainer", "fsspec"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _version(value: bool) -> None:
    if value:
        out.print(f"narrate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug messages.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Turn German news articles into chaptered, loudness-normalised MP3s."""
    _setup_logging(verbose)


class _BatchView:
    """Renders batch events: files done, sentences spoken with an ETA, one line per article."""

    def __init__(self, bar: Progress, show_skipped: bool) -> None:
        self.bar, self.show_skipped = bar, show_skipped
        self.files = bar.add_task("articles", total=None)
        self.sentences = bar.add_task("sentences", total=None, visible=False)
        self.spoken: dict[Path, int] = {}

    def __call__(self, event) -> None:
        from narrate.batch import ArticleDone, ArticleProgress, BatchPlanned

        if isinstance(event, BatchPlanned):
            self.bar.update(self.files, total=event.files)
            self.bar.update(self.sentences, total=event.sentences, visible=event.sentences > 0)
        elif isinstance(event, ArticleProgress):
            self.bar.advance(self.sentences, event.done - self.spoken.get(event.source, 0))
            self.spoken[event.source] = event.done
        elif isinstance(event, ArticleDone):
            self.bar.advance(self.files)
            self._print(event.result)

    def _print(self, r) -> None:
        if r.status == "written":
            out.print(f"[green]wrote[/] {r.output} ({r.duration_s / 60:.1f} min; sentences: "
                      f"{r.sentences_synthesized} synthesised, {r.sentences_cached} from cache)",
                      highlight=False, soft_wrap=True)
        elif r.status == "failed":
            where = "" if str(r.source) in r.error else f"{r.source}: "
            print_error(f"{where}{r.error}")
        elif self.show_skipped:
            reason = r.error or "up to date; --force redoes it"
            out.print(f"[dim]skipped[/] {r.output} ({reason})", highlight=False)


def _summary(result) -> None:
    from rich.table import Table

    table = Table(title=f"narrate: {len(result.results)} articles in {result.seconds:.1f} s",
                  title_justify="left")
    for name, justify in (("", "left"), ("articles", "right"), ("synthesised", "right"),
                          ("from cache", "right")):
        table.add_column(name, justify=justify)
    for status, style in (("written", "green"), ("skipped", "dim"), ("failed", "red")):
        rows = [r for r in result.results if r.status == status]
        table.add_row(f"[{style}]{status}[/]", str(len(rows)),
                      str(sum(r.sentences_synthesized for r in rows)),
                      str(sum(r.sentences_cached for r in rows)))
    err.print(table)
    for r in result.results:
        if r.status == "failed":
            err.print(f"  [red]failed[/] {r.source}: {r.error}", highlight=False, soft_wrap=True)


def _interrupt_on_sigterm() -> None:
    """`kill` stops a batch as Ctrl-C does: workers ended, no partial file left."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _inputs(paths: list[str]) -> list[Path | str]:
    """http(s) URLs stay text (a Path would fold their //), everything else is a path."""
    from narrate.article.fetch import is_url

    return [p if is_url(p) else Path(p) for p in paths]


def _site_folder(paths: list[Path | str], output: Path | None) -> Path:
    if output is not None:
        return output
    if len(paths) == 1 and isinstance(paths[0], Path) and paths[0].is_dir():
        return paths[0]
    raise fail("--site needs one folder, or -o OUTDIR for the page and the MP3s")


@app.command("convert", help="Narrate article files, folders (.txt, .md, .html) and web pages (URLs) into MP3s. The default command.")
def convert(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders (walked recursively) and http(s) URLs of articles.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="MP3 file (one input) or folder, mirroring input folders; default: beside each input.")] = None,
    voice: Annotated[Optional[str], typer.Option("--voice", help="Voice name, Piper NAME.onnx or Coqui checkpoint folder; default: NARRATE_VOICE, else the best installed.")] = None,
    loudness: Annotated[float, typer.Option("--loudness", help="Target loudness, LUFS (stereo-equivalent, as podcast specs state it).")] = DEFAULT_LOUDNESS_LUFS,
    bitrate: Annotated[int, typer.Option("--bitrate", help="MP3 bitrate, kbps (CBR).")] = DEFAULT_BITRATE_KBPS,
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="Your pronunciation lexicon: TSV of word and respelling.")] = None,
    device: Annotated[str, typer.Option("--device", help="auto, cpu or cuda (Coqui voices).")] = DEFAULT_DEVICE,
    threads: Annotated[Optional[int], typer.Option("--threads", help="CPU threads per worker for Coqui voices; default: cores / jobs.")] = None,
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="A built-in speaker of a multi-speaker voice (Piper, Coqui, XTTS).")] = None,
    speaker_wav: Annotated[Optional[Path], typer.Option("--speaker-wav", help="A recording (WAV) whose voice XTTS clones.")] = None,
    rate: Annotated[float, typer.Option("--rate", help="Speaking rate, 0.5–2: 1 is the voice's own pace, 0.8 slower, 1.2 faster.")] = DEFAULT_RATE,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes; default: what suits the voice and the cores.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo articles whose MP3 is up to date.")] = False,
    glob: Annotated[Optional[str], typer.Option("--glob", help="Only files in folders matching this pattern, e.g. '*.md'.")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a JSON report of every article to this file.")] = None,
    transcript: Annotated[bool, typer.Option("--transcript", help="Also write ARTICLE.vtt and ARTICLE.chapters.json beside each MP3.")] = False,
    site: Annotated[bool, typer.Option("--site", help="Also write index.html (and feed.xml with --base-url) into the output folder; implies --transcript.")] = False,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="Public address of the output folder, for the podcast feed (with --site).")] = None,
    channel_title: Annotated[Optional[str], typer.Option("--channel-title", help="Title of the page and the feed (with --site).")] = None,
    channel_description: Annotated[Optional[str], typer.Option("--channel-description", help="Description of the feed (with --site).")] = None,
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Run on Ray: 'ray' starts a local one for the run; 'auto', 'ray://HOST:PORT' or 'HOST:PORT' join a running cluster (needs narrate[cluster]).")] = None,
    gpus_per_worker: Annotated[float, typer.Option("--gpus-per-worker", help="GPUs each cluster worker asks Ray for (with --cluster); 0: CPU only.")] = 0.0,
) -> None:
    from narrate.batch import BatchOptions, run_batch, write_report
    from narrate.voice import choose_voice

    if base_url and not site:
        raise fail("--base-url is for the podcast feed; add --site")
    paths = _inputs(paths)
    site_folder = _site_folder(paths, output) if site else None
    _interrupt_on_sigterm()
    try:
        settings = Settings(
            voice=VoiceSettings(name=voice, device=device, threads=threads, speaker=speaker,
                                speaker_wav=speaker_wav, rate=rate),
            text=TextSettings(lexicon=lexicon),
            loudness=LoudnessSettings(target_lufs=loudness),
            export=ExportSettings(bitrate_kbps=bitrate),
        )
        options = BatchOptions(jobs=jobs, force=force, transcript=transcript or site, glob=glob,
                               cluster=cluster, gpus_per_worker=gpus_per_worker)
        check_before_work(report, base_url)
        preset = choose_voice(settings.voice)
        single = len(paths) == 1 and not (isinstance(paths[0], Path) and paths[0].is_dir())
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            result = run_batch(paths, output, preset, settings, options, _BatchView(bar, single))
        if report is not None:
            write_report(result, report)
        if site_folder is not None:
            from narrate.listen import write_site

            write_site(site_folder, base_url, channel_title, channel_description)
    except NarrateError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print("[yellow]narrate: interrupted[/]; finished MP3s are kept, run the same command "
                  "again to convert the rest", highlight=False)
        raise typer.Exit(130) from None
    if len(result.results) > 1:
        _summary(result)
    if result.failed:
        raise typer.Exit(1)


@app.command("script", help="Print what would be spoken, chapter by chapter, without synthesis.")
def script(
    path: Annotated[str, typer.Argument(help="Article file, http(s) URL, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="Input format for stdin: txt, md or html.")] = "txt",
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="Your pronunciation lexicon (TSV).")] = None,
) -> None:
    from narrate.article import load_article, parse_bytes
    from narrate.article.fetch import is_url, load_url
    from narrate.german import build_script, load_lexicon

    try:
        text_settings = TextSettings(lexicon=lexicon)
        if path == "-":
            article = parse_bytes(sys.stdin.buffer.read(), fmt)
        elif is_url(path):
            article = load_url(path)
        else:
            article = load_article(Path(path))
        result = build_script(article, text_settings, load_lexicon(text_settings.lexicon))
    except NarrateError as exc:
        raise fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.markup import escape  # a headline may hold "[…]", which is text, not markup

    if result.kicker:
        out.print(escape(result.kicker.spoken), highlight=False)  # spoken first, above the headline
    out.print(f"[bold]{escape(result.title.text)}[/]", highlight=False)
    for chapter in result.chapters:
        if chapter.title:
            out.print(f"\n[bold]## {escape(chapter.title.text)}[/]", highlight=False)
        for paragraph in chapter.paragraphs:
            out.print()
            for sentence in paragraph.sentences:
                out.print(sentence.spoken, highlight=False, markup=False)


@app.command("info", help="Print an MP3's duration, chapters, loudness and true peak.")
def info(path: Annotated[Path, typer.Argument(help="An MP3 file.")]) -> None:
    from narrate.sound import inspect_mp3

    try:
        report = inspect_mp3(path)
    except NarrateError as exc:
        raise fail(str(exc)) from None
    out.print(f"[bold]{report.title or path.name}[/]", highlight=False)
    out.print(f"duration   {report.duration_s:.2f} s", highlight=False)
    out.print(f"loudness   {report.integrated_lufs + MONO_LOUDNESS_OFFSET_LU:.1f} LUFS stereo-equivalent "
              f"({report.integrated_lufs:.1f} LUFS mono)", highlight=False)
    out.print(f"true peak  {report.true_peak_dbtp:.1f} dBTP", highlight=False)
    out.print(f"chapters   {len(report.chapters)}", highlight=False)
    for chapter in report.chapters:
        minutes, seconds = divmod(chapter.start_ms / 1000, 60)
        out.print(f"  {int(minutes):02d}:{seconds:06.3f}  {chapter.title}", highlight=False, markup=False)


app.add_typer(cache_app, name="cache", help="Look at or empty the cache of synthesised sentences.")
app.add_typer(voices_app, name="voices", help="List and install voices.")
app.command("feed", help="Narrate a news feed's new and changed items (RSS or Atom); with --site also a podcast feed.")(feed_command)
