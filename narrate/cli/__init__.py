"""argv → Settings → one library call → progress and errors on the terminal (Typer and rich only)."""

from narrate.cli.app import app

__all__ = ["app"]
