"""`narrate voices`: list voices, install Coqui and Piper voices (download, or --from a copy)."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                           TransferSpeedColumn)
from rich.table import Table

from narrate.cli.console import err, fail, out
from narrate.errors import NarrateError

voices_app = typer.Typer(help="List voices, or install one.", invoke_without_command=True,
                         no_args_is_help=False, add_completion=False)


def _size(size_mb: float) -> str:
    if size_mb <= 0:
        return "–"
    if size_mb < 10:
        return f"{size_mb:.1f} MB"
    return f"{size_mb / 1000:.1f} GB" if size_mb >= 1000 else f"{size_mb:.0f} MB"


@voices_app.callback()
def voices(ctx: typer.Context) -> None:
    """Show each voice: engine, installed or not, size, licence, sample rate, and today's default."""
    if ctx.invoked_subcommand is not None:
        return
    from narrate.config import VoiceSettings
    from narrate.voice.catalog import all_voices, choose_voice_why, is_installed

    try:
        rows = [(p, is_installed(p)) for p in sorted(all_voices(), key=lambda p: (p.rank, p.name))]
    except NarrateError as exc:
        raise fail(exc) from None
    try:
        default, why = choose_voice_why(VoiceSettings())
        default_name = default.name
    except NarrateError as exc:  # NARRATE_VOICE names a voice that cannot speak: the list still helps
        default_name, why = "none", str(exc)
    table = Table(title="Voices")
    wide = out.width >= 140  # descriptions only where they fit; the rest never gets cut
    table.add_column("name", overflow="fold", min_width=14)
    for column in ("engine", "inst.", "size", "kHz"):
        table.add_column(column, no_wrap=True, min_width=5)
    table.add_column("licence", overflow="fold", min_width=20)
    if wide:
        table.add_column("description")
    for preset, installed in rows:
        name = f"[bold]{preset.name}[/] *" if preset.name == default_name else preset.name
        rate = f"{preset.sample_rate / 1000:g}" if preset.sample_rate else "–"
        cells = [name, preset.engine, "[green]yes[/]" if installed else "no", _size(preset.size_mb),
                 rate, preset.licence] + ([preset.description] if wide else [])
        table.add_row(*cells)
    out.print(table)
    out.print(f"* Default now: {default_name} ({why}).", highlight=False, soft_wrap=True)
    out.print("Install a voice with `narrate voices install NAME` (offline: `--from FILE_OR_ARCHIVE`).",
              highlight=False)


def _archive_has_onnx(source: Path) -> bool:
    try:
        if zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as archive:
                return any(n.endswith(".onnx") for n in archive.namelist())
        if tarfile.is_tarfile(source):
            with tarfile.open(source) as archive:
                return any(n.endswith(".onnx") for n in archive.getnames())
    except (OSError, zipfile.BadZipFile, tarfile.TarError):
        return False
    return False


def _is_piper(name: str, source: Path | None) -> bool:
    """A Piper voice: a Piper preset or voice name, or a source that holds an .onnx model."""
    from narrate.voice import piper_store
    from narrate.voice.presets import list_presets

    if any(p.name == name and p.engine == "piper" for p in list_presets()):
        return True
    if piper_store.VOICE_KEY.match(name):
        return True
    if source is None or not source.exists():
        return False
    if source.is_dir():
        return any(source.rglob("*.onnx"))
    return source.suffix == ".onnx" or _archive_has_onnx(source)


@voices_app.command("install")
def install(
    name: Annotated[str, typer.Argument(help="Voice name (de_DE-thorsten-medium, thorsten, …), a Coqui "
                                             "model name (tts_models/de/…), or a new name for --from.")],
    source: Annotated[Optional[Path], typer.Option(
        "--from", help="Install from a copy instead of downloading: a Piper NAME.onnx (config beside "
                       "it), or a folder or .zip/.tar.gz holding a Piper voice or a Coqui checkpoint.")] = None,
) -> None:
    """Install a voice: Piper voices into narrate's voice store, Coqui ones into Coqui's cache."""
    from narrate.voice import coqui_store, piper_store
    from narrate.voice.store_files import DownloadProgress

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
               TransferSpeedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def report(p: DownloadProgress) -> None:
            if p.name not in tasks:
                tasks[p.name] = bar.add_task(p.name, total=p.total_bytes)
            bar.update(tasks[p.name], completed=p.done_bytes, total=p.total_bytes)

        try:
            if _is_piper(name, source):
                folders = [piper_store.install(name, source, report)]
            else:
                folders = coqui_store.install(name, source, report)
        except NarrateError as exc:
            raise fail(exc) from None
    for folder in folders:
        out.print(f"[green]installed[/] {name} → {folder}", highlight=False)
