"""Markdown → blocks and metadata: front matter, headings, paragraphs and list items, markup removed.

A small line-based reader covering what scraped or hand-written news Markdown contains; it never needs
to render, only to recover the words: images and code fences are dropped, links become their text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from narrate.article.cleaning import Block, squash
from narrate.article.text import iso_date, split_lines
from narrate.models import ArticleMeta

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HR = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")

# Inline markup, applied in this order.
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links → link text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+|[^>\s@]+@[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_PRIVATE = 0xE000  # escaped characters hide in the private-use area while markup is removed

_META_KEYS = {
    "date": ("date", "published", "datum"),
    "author": ("author", "autor", "authors", "by"),
    "site": ("site", "source", "sitename", "site_name", "publisher", "quelle"),
    "url": ("url", "link", "canonical", "canonical_url"),
    "description": ("description", "summary", "teaser", "excerpt"),
}


@dataclass(frozen=True)
class MarkdownDoc:
    blocks: tuple[Block, ...]
    title: str  # front matter title, or ""
    meta: ArticleMeta


def markdown_blocks(text: str) -> MarkdownDoc:
    """Front matter → title and meta; body → blocks (# → title, ##…###### → heading, paragraphs, items)."""
    fields, body = _front_matter(text)
    meta = ArticleMeta(
        date=iso_date(_field(fields, "date")), author=_field(fields, "author"), site=_field(fields, "site"),
        url=_field(fields, "url"), description=_field(fields, "description"),
    )
    blocks: list[Block] = []
    for kind, lines, group in _raw_blocks(_COMMENT.sub("", body)):
        stripped = [inline_text(line) for line in lines]
        stripped = [line for line in stripped if line]
        if not stripped:
            continue
        if kind == "para":
            blocks.extend(Block("para", u, group) for u in split_lines(stripped, soft_wrap=True))
        else:
            blocks.append(Block(kind, squash(" ".join(stripped)), group))
    return MarkdownDoc(tuple(blocks), squash(fields.get("title", "")), meta)


def inline_text(line: str) -> str:
    """One line of Markdown as plain text."""
    line = _ESCAPE.sub(lambda m: chr(_PRIVATE + ord(m.group(1))), line)
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    line = "".join(chr(ord(c) - _PRIVATE) if _PRIVATE <= ord(c) < _PRIVATE + 128 else c for c in line)
    return squash(html.unescape(line))


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not line[:1].isspace() and not line.startswith("-"):
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, text[m.end():]


def _field(fields: dict[str, str], name: str) -> str:
    return next((fields[k] for k in _META_KEYS[name] if fields.get(k)), "")


def _raw_blocks(body: str):
    """(kind, lines, group) per Markdown block; kind is "title", "heading", "para" or "item"."""
    lines = body.split("\n")
    para: list[str] = []
    group = 0
    in_fence = False
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or _TABLE.match(line) or _REFDEF.match(line):
            continue
        line = _QUOTE.sub("", line)
        if _SETEXT.match(line) and not para:
            continue  # the underline of a setext heading already emitted, or a rule
        heading = _ATX.match(line)
        setext = not para and line.strip() and _SETEXT.match(nxt) and not _HR.match(line)
        item = _ITEM.match(line)
        if heading or setext or item or not line.strip() or _HR.match(line):
            if para:
                yield "para", para, group
                para, group = [], group + 1
        if heading:
            yield ("title" if len(heading.group(1)) == 1 else "heading"), [heading.group(2)], group
        elif setext:
            yield ("title" if nxt.strip().startswith("=") else "heading"), [line], group
        elif item:
            yield "item", [item.group(1)], group
        elif line.strip() and not _HR.match(line):
            para.append(line)
    if para:
        yield "para", para, group
