"""The `narrate` command: options → Settings → one library call; progress and errors with rich."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from typer.core import TyperGroup

from narrate import __version__
from narrate.config import (
    DEFAULT_BITRATE_KBPS, DEFAULT_DEVICE, DEFAULT_LOUDNESS_LUFS, MONO_LOUDNESS_OFFSET_LU,
    ExportSettings, LoudnessSettings,
    Settings, TextSettings, VoiceSettings,
)
from narrate.errors import NarrateError

err = Console(stderr=True)
out = Console()


class DefaultToNarrate(TyperGroup):
    """`narrate PATH…` runs the `convert` command unless the first word names another command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["convert", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=DefaultToNarrate, add_completion=False, no_args_is_help=True,
                  help="Turn German news articles into chaptered, loudness-normalised MP3s.")


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]narrate: error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s",
                        handlers=[RichHandler(console=err, show_time=False, show_path=False)])
    for noisy in ("numba", "matplotlib", "trafilatura", "htmldate", "urllib3", "filelock"):
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


def _dest_for(source: Path, output: Path | None, several: bool) -> Path:
    if output is None:
        return source.with_suffix(".mp3")
    if output.suffix.lower() == ".mp3" and not several and not output.is_dir():
        return output
    return output / f"{source.stem}.mp3"


@app.command("convert", help="Narrate article files (.txt, .md, .html) into MP3s. The default command.")
def convert(
    paths: Annotated[list[Path], typer.Argument(help="Article files.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="MP3 file (one input) or folder; default: beside each input.")] = None,
    voice: Annotated[Optional[str], typer.Option("--voice", help="Voice name or Coqui checkpoint folder; default: NARRATE_VOICE, else the best installed.")] = None,
    loudness: Annotated[float, typer.Option("--loudness", help="Target loudness, LUFS (stereo-equivalent, as podcast specs state it).")] = DEFAULT_LOUDNESS_LUFS,
    bitrate: Annotated[int, typer.Option("--bitrate", help="MP3 bitrate, kbps (CBR).")] = DEFAULT_BITRATE_KBPS,
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="Your pronunciation lexicon: TSV of word and respelling.")] = None,
    device: Annotated[str, typer.Option("--device", help="auto, cpu or cuda (Coqui voices).")] = DEFAULT_DEVICE,
    threads: Annotated[Optional[int], typer.Option("--threads", help="CPU threads for Coqui voices.")] = None,
) -> None:
    from narrate.catalog import choose_voice
    from narrate.engines import load_engine
    from narrate.pipeline import Narrator

    try:
        settings = Settings(
            voice=VoiceSettings(name=voice, device=device, threads=threads),
            text=TextSettings(lexicon=lexicon),
            loudness=LoudnessSettings(target_lufs=loudness),
            export=ExportSettings(bitrate_kbps=bitrate),
        )
        preset = choose_voice(settings.voice)
        err.print(f"Voice: [bold]{preset.name}[/] ({preset.engine})", highlight=False)
        narrator = Narrator(load_engine(preset, settings.voice), settings)
    except NarrateError as exc:
        raise _fail(str(exc)) from None
    failed = 0
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        for source in paths:
            task = bar.add_task(source.name, total=None)
            report = lambda p, task=task: bar.update(task, completed=p.done, total=p.total)
            try:
                outcome = narrator.narrate_file(source, _dest_for(source, output, len(paths) > 1), report)
            except NarrateError as exc:
                failed += 1
                err.print(f"[bold red]narrate: error:[/] {exc}", highlight=False, soft_wrap=True)
                continue
            finally:
                bar.remove_task(task)
            out.print(f"[green]wrote[/] {outcome.output} ({outcome.duration_s / 60:.1f} min, "
                      f"{outcome.script.sentence_count()} sentences)", highlight=False)
    if len(paths) > 1:
        err.print(f"{len(paths) - failed} written, {failed} failed")
    if failed:
        raise typer.Exit(1)


@app.command("script", help="Print what would be spoken, chapter by chapter, without synthesis.")
def script(
    path: Annotated[str, typer.Argument(help="Article file, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="Input format for stdin: txt, md or html.")] = "txt",
    lexicon: Annotated[Optional[Path], typer.Option("--lexicon", help="Your pronunciation lexicon (TSV).")] = None,
) -> None:
    from narrate.article import load_article, parse_article
    from narrate.lexicon import load_lexicon
    from narrate.script import build_script

    try:
        text_settings = TextSettings(lexicon=lexicon)
        if path == "-":
            article = parse_article(sys.stdin.read(), fmt)
        else:
            article = load_article(Path(path))
        result = build_script(article, text_settings, load_lexicon(text_settings.lexicon))
    except NarrateError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{result.title.text}[/]", highlight=False)
    for chapter in result.chapters:
        if chapter.title:
            out.print(f"\n[bold]## {chapter.title.text}[/]", highlight=False)
        for paragraph in chapter.paragraphs:
            out.print()
            for sentence in paragraph.sentences:
                out.print(sentence.spoken, highlight=False, markup=False)


@app.command("info", help="Print an MP3's duration, chapters, loudness and true peak.")
def info(path: Annotated[Path, typer.Argument(help="An MP3 file.")]) -> None:
    from narrate.inspect import inspect_mp3

    try:
        report = inspect_mp3(path)
    except NarrateError as exc:
        raise _fail(str(exc)) from None
    out.print(f"[bold]{report.title or path.name}[/]", highlight=False)
    out.print(f"duration   {report.duration_s:.2f} s", highlight=False)
    out.print(f"loudness   {report.integrated_lufs + MONO_LOUDNESS_OFFSET_LU:.1f} LUFS stereo-equivalent "
              f"({report.integrated_lufs:.1f} LUFS mono)", highlight=False)
    out.print(f"true peak  {report.true_peak_dbtp:.1f} dBTP", highlight=False)
    out.print(f"chapters   {len(report.chapters)}", highlight=False)
    for chapter in report.chapters:
        minutes, seconds = divmod(chapter.start_ms / 1000, 60)
        out.print(f"  {int(minutes):02d}:{seconds:06.3f}  {chapter.title}", highlight=False, markup=False)


def _mount_voices() -> None:
    from narrate.voice_cli import voices_app

    app.add_typer(voices_app, name="voices", help="List and install voices.")


try:
    _mount_voices()
except ImportError:  # the voices commands arrive with the Coqui work
    pass
