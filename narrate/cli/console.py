"""The CLI's consoles and its one way of saying what failed (shared by every sub-command)."""

from __future__ import annotations

import typer
from rich.console import Console

out = Console()
err = Console(stderr=True)


def print_error(message: object) -> None:
    """One line on stderr: `narrate: error: …`, never wrapped."""
    err.print(f"[bold red]narrate: error:[/] {message}", highlight=False, soft_wrap=True)


def fail(message: object) -> typer.Exit:
    """Print the error and return the exit to raise (status 1)."""
    print_error(message)
    return typer.Exit(1)
