"""Shared pieces of the page-rule tests: a short article (written for these tests) and a page around it."""

from __future__ import annotations

LEAD = ("Die Stadtwerke Lüneburg erhöhen zum 1. Juli die Preise für Fernwärme um zwölf Prozent, wie ein "
        "Sprecher am Montag mitteilte.")
BODY = ("Betroffen sind rund 9000 Haushalte in der Innenstadt und in Kaltenmoor. Die Verbraucherzentrale "
        "rät, die Abrechnung genau zu prüfen und gegebenenfalls Widerspruch einzulegen.")


def texts(article) -> list[str]:
    """The headline, then every heading and paragraph, in order."""
    return [article.title] + [t for s in article.sections for t in ((s.heading or ""), *s.paragraphs) if t]


def page(inner: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>Fernwärme wird teurer</title>{head}</head><body>"
            f"{inner}</body></html>")
