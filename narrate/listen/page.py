"""A listening page for a folder of narrations: OUTDIR/index.html (and feed.xml with a base URL).

The page is one static file: data, CSS and JS are inlined, so it works from file:// (where fetch()
of neighbouring files is refused) and from any static host, with no build step and no CDN.
"""

from __future__ import annotations

import html
import json
import logging
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

from narrate.config import DEFAULT_CHANNEL_DESCRIPTION, DEFAULT_CHANNEL_TITLE
from narrate.errors import OutputError
from narrate.listen.episodes import Entry, scan_entries
from narrate.listen.feed import write_feed
from narrate.atomic import write_text_atomic

log = logging.getLogger(__name__)

ASSETS = Path(__file__).parent / "assets"
INDEX_NAME = "index.html"
FEED_NAME = "feed.xml"

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
# JSON inside <script>: these must not appear raw, or a title could close the element.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                  "\u2029": "\\u2029"}


def format_duration(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour on (rounded to the second)."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_date(iso: str) -> str:
    """German date (TT.MM.JJJJ) from an ISO date; anything else is shown as tagged."""
    try:
        return date.fromisoformat(iso[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def page_data(entries: list[Entry]) -> dict:
    """What the page's script needs, per article (times in seconds)."""
    return {"articles": [{
        "id": e.rel, "src": quote(e.rel), "title": e.title, "date": e.date,
        "dateLabel": format_date(e.date) if e.date else "", "site": e.site, "author": e.author,
        "url": e.url, "voice": e.voice, "duration": round(e.duration_s, 3),
        "durationLabel": format_duration(e.duration_s),
        "chapters": [{"start": c.start_s, "title": c.title} for c in e.chapters],
        "cues": [{"start": round(c.start_s, 3), "end": round(c.end_s, 3), "text": c.text,
                  "chapter": c.chapter_index} for c in e.cues],
    } for e in entries]}


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element: <, >, & and line separators as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_SCRIPT_UNSAFE.get(ch, ch) for ch in text)


def _noscript_list(entries: list[Entry]) -> str:
    """Plain links to the MP3s for a browser without JavaScript."""
    items = (f'<li><a href="{html.escape(quote(e.rel))}">{html.escape(e.title)}</a></li>'
             for e in entries)
    return "<ul>" + "".join(items) + "</ul>"


def render_page(entries: list[Entry], title: str, description: str, feed_rel: str | None) -> str:
    """The whole index.html; every text from the folder is escaped for its context."""
    template = (ASSETS / "index.html").read_text(encoding="utf-8")
    feed_link = (f'<link rel="alternate" type="application/rss+xml" title="{html.escape(title)}" '
                 f'href="{html.escape(feed_rel)}">' if feed_rel else "")
    values = {
        "TITLE": html.escape(title), "DESCRIPTION": html.escape(description),
        "FEED_LINK": feed_link, "NOSCRIPT": _noscript_list(entries),
        "STYLE": (ASSETS / "page.css").read_text(encoding="utf-8"),
        "SCRIPT": (ASSETS / "page.js").read_text(encoding="utf-8"),
        "DATA": script_json(page_data(entries)),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def write_site(outdir: Path, base_url: str | None = None, channel_title: str | None = None,
               channel_description: str | None = None) -> list[Path]:
    """Write OUTDIR/index.html for every MP3 under `outdir`, and OUTDIR/feed.xml with `base_url`.

    Regenerate it whenever the folder changes; both files are replaced atomically. Returns the
    paths written. Raises OutputError when `outdir` is not a folder.
    """
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise OutputError(f"{outdir} is not a folder; give the output folder of a conversion")
    entries = scan_entries(outdir)
    title = channel_title or DEFAULT_CHANNEL_TITLE
    description = channel_description or DEFAULT_CHANNEL_DESCRIPTION
    written: list[Path] = []
    if base_url is not None:
        written.append(write_feed(outdir / FEED_NAME, entries, base_url, title, description))
    page = render_page(entries, title, description, FEED_NAME if base_url is not None else None)
    written.insert(0, write_text_atomic(outdir / INDEX_NAME, page))
    log.info("listening page for %d articles written to %s", len(entries), outdir / INDEX_NAME)
    return written
