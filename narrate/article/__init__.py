"""Path or page → Article: read .txt/.md/.html, extract the main text, drop page noise."""

from narrate.article.reading import load_article, parse_article, parse_bytes

__all__ = ["load_article", "parse_article", "parse_bytes"]
