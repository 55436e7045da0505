"""A podcast feed for a folder of narrations: RSS 2.0 with the itunes and podcast namespaces.

Built with ElementTree, so every title and sentence is escaped as XML text or attribute. Podcast
clients render `description` and `itunes:summary` as HTML, so their text is HTML-escaped first
(then XML-escaped as any text): a sentence quoting `<script>` shows as those characters, never
as markup. Titles, authors and the like are plain text and escaped for XML only.
"""

from __future__ import annotations

import hashlib
import html
import logging
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from narrate import __version__
from narrate.errors import SettingsError
from narrate.atomic import write_text_atomic
from narrate.listen.episodes import Entry


log = logging.getLogger(__name__)

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# The podcast namespace's fixed UUIDv5 namespace for podcast:guid (derived from the feed URL).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
FEED_LANGUAGE = "de"
ITUNES_CATEGORY = "News"
COVER_NAMES = ("cover.jpg", "cover.png")  # used as itunes:image when present in the folder
MAX_ITEM_DESCRIPTION_CHARS = 600

for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)


def normalise_base_url(base_url: str) -> str:
    """An absolute http(s) URL ending in '/'; SettingsError otherwise."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"--base-url must be an absolute http(s) URL, got {base_url!r}")
    return base_url.strip().rstrip("/") + "/"


def file_url(base_url: str, rel: str) -> str:
    """The public URL of a file at `rel` ('/'-separated) under the folder served at `base_url`."""
    return urljoin(base_url, quote(rel))


def item_guid(rel: str) -> str:
    """Stable across runs and re-narrations: derived from the file's place in the folder only."""
    return "narrate:" + hashlib.sha256(rel.encode("utf-8")).hexdigest()[:32]


def pub_date(entry: Entry) -> datetime:
    """The article's date (midnight UTC when it has no time), else the MP3's modification time."""
    if entry.date:
        try:
            parsed = datetime.fromisoformat(entry.date)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        except ValueError:
            log.warning("%s: date %r is not ISO 8601; using the file time", entry.rel, entry.date)
    return datetime.fromtimestamp(entry.mtime, tz=timezone.utc)


def itunes_duration(seconds: float) -> str:
    """HH:MM:SS, rounded to the second."""
    total = int(round(seconds))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def html_text(text: str) -> str:
    """`text` for a field that clients read as HTML: markup-looking characters become entities."""
    return html.escape(text, quote=True)


def _item_description(entry: Entry) -> str:
    """The lead (the first sentences after the headline), then who spoke it."""
    lead = " ".join(c.text for c in entry.cues[1:4])
    if len(lead) > MAX_ITEM_DESCRIPTION_CHARS:
        lead = lead[:MAX_ITEM_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + " …"
    credit = f"Diese Audioversion wurde künstlich generiert (Stimme: {entry.voice or 'unbekannt'})."
    return f"{lead}\n\n{credit}" if lead else credit


def _add_item(channel: ET.Element, entry: Entry, base: str, page_url: str) -> None:
    item = _sub(channel, "item")
    _sub(item, "title", entry.title)
    _sub(item, f"{{{ITUNES}}}title", entry.title)
    _sub(item, "description", html_text(_item_description(entry)))
    _sub(item, "link", entry.url or f"{page_url}#{quote(entry.rel)}")
    _sub(item, "guid", item_guid(entry.rel), isPermaLink="false")
    _sub(item, "pubDate", format_datetime(pub_date(entry)))
    _sub(item, "enclosure", url=file_url(base, entry.rel), length=str(entry.size_bytes),
         type="audio/mpeg")
    _sub(item, f"{{{ITUNES}}}duration", itunes_duration(entry.duration_s))
    _sub(item, f"{{{ITUNES}}}author", entry.author or entry.site or entry.voice)
    _sub(item, f"{{{ITUNES}}}explicit", "false")
    _sub(item, f"{{{ITUNES}}}episodeType", "full")
    if entry.vtt_rel:
        _sub(item, f"{{{PODCAST}}}transcript", url=file_url(base, entry.vtt_rel), type="text/vtt",
             language=FEED_LANGUAGE, rel="captions")
    if entry.chapters_rel:
        _sub(item, f"{{{PODCAST}}}chapters", url=file_url(base, entry.chapters_rel),
             type="application/json+chapters")


def _add_channel_head(channel: ET.Element, base: str, feed_url: str, title: str,
                      description: str, cover: str | None) -> None:
    _sub(channel, "title", title)
    _sub(channel, "link", base)
    _sub(channel, "description", html_text(description))
    _sub(channel, "language", FEED_LANGUAGE)
    _sub(channel, "generator", f"narrate {__version__}")
    _sub(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(channel, f"{{{ITUNES}}}author", title)
    _sub(channel, f"{{{ITUNES}}}summary", html_text(description))
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    ET.SubElement(channel, f"{{{ITUNES}}}category", {"text": ITUNES_CATEGORY})
    if cover:
        _sub(channel, f"{{{ITUNES}}}image", href=cover)
        image = _sub(channel, "image")
        for tag, text in (("url", cover), ("title", title), ("link", base)):
            _sub(image, tag, text)
    address = feed_url.split("://", 1)[1].rstrip("/")
    _sub(channel, f"{{{PODCAST}}}guid", str(uuid.uuid5(PODCAST_GUID_NAMESPACE, address)))


def build_feed(entries: Sequence[Entry], base_url: str, title: str, description: str,
               cover_rel: str | None = None, feed_rel: str = "feed.xml") -> str:
    """The RSS document (UTF-8 text with its XML declaration); one item per entry.

    URLs are `base_url` + the file's path in the folder; `feed_rel` is where the feed itself lives.
    """
    base = normalise_base_url(base_url)
    feed_url = file_url(base, feed_rel)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    cover = file_url(base, cover_rel) if cover_rel else None
    _add_channel_head(channel, base, feed_url, title, description, cover)
    if entries:
        _sub(channel, "lastBuildDate", format_datetime(max(pub_date(e) for e in entries)))
    for entry in entries:
        _add_item(channel, entry, base, file_url(base, "index.html"))
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def write_feed(path: Path, entries: Sequence[Entry], base_url: str, title: str,
               description: str) -> Path:
    """Write the feed to `path` atomically; a cover.jpg/cover.png beside it becomes itunes:image."""
    cover = next((name for name in COVER_NAMES if (path.parent / name).is_file()), None)
    write_text_atomic(path, build_feed(entries, base_url, title, description, cover, path.name))
    log.info("feed with %d items written to %s", len(entries), path)
    return path
