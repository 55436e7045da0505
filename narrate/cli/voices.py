"""`narrate voices`: list voices, install Coqui voices (download, or --from a copied folder/archive)."""

from __future__ import annotations

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
    return f"{size_mb / 1000:.1f} GB" if size_mb >= 1000 else f"{size_mb:.0f} MB"


@voices_app.callback()
def voices(ctx: typer.Context) -> None:
    """Show each voice: engine, whether it is installed, size and licence."""
    if ctx.invoked_subcommand is not None:
        return
    from narrate.voice.catalog import is_installed, list_presets

    try:
        presets = list_presets()
        rows = [(p, is_installed(p)) for p in presets]
    except NarrateError as exc:
        raise fail(exc) from None
    table = Table(title="Voices")
    for column in ("name", "engine", "installed", "size", "licence", "description"):
        table.add_column(column)
    for preset, installed in rows:
        table.add_row(preset.name, preset.engine, "[green]yes[/]" if installed else "no",
                      _size(preset.size_mb), preset.licence, preset.description)
    out.print(table)
    out.print("Install a Coqui voice with `narrate voices install NAME` "
               "(offline: `--from ARCHIVE_OR_DIR`).", highlight=False)


@voices_app.command("install")
def install(
    name: Annotated[str, typer.Argument(help="Voice name (thorsten, thorsten-ddc, css10) or a Coqui "
                                             "model name (tts_models/de/…).")],
    source: Annotated[Optional[Path], typer.Option(
        "--from", help="Install from a folder or .zip/.tar.gz holding config.json and the model "
                       ".pth, instead of downloading.")] = None,
) -> None:
    """Install a Coqui voice into Coqui's model cache (downloads unless --from is given)."""
    from narrate.voice import coqui_store

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
               TransferSpeedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def report(p: coqui_store.DownloadProgress) -> None:
            if p.name not in tasks:
                tasks[p.name] = bar.add_task(p.name, total=p.total_bytes)
            bar.update(tasks[p.name], completed=p.done_bytes, total=p.total_bytes)

        try:
            folders = coqui_store.install(name, source, report)
        except NarrateError as exc:
            raise fail(exc) from None
    for folder in folders:
        out.print(f"[green]installed[/] {name} → {folder}", highlight=False)
