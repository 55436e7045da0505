"""A news feed (RSS 2.0 or Atom) → one MP3 per item in one folder, kept up to date from cron.

Each item is narrated from its full text when the feed carries it (`content:encoded`, Atom content),
else from its page. What an MP3 was made from is in its own tags, so there is no state file to drift:
TXXX `narrate:feed-item` holds a digest of the feed item and its guid. An item whose guid already has
an MP3 with the same digest is skipped without fetching anything; a changed item is narrated again,
and the sentence cache makes that cost only its changed sentences. Only the feed's address and its
items' links are fetched.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import logging
import time
import xml.sax
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Final

from narrate.article.fetch import is_url, load_url, safe_file_stem, url_file_stem
from narrate.article.reading import parse_article
from narrate.batch.jobs import (
    FAILED, SKIPPED, ArticleDone, ArticleResult, BatchOptions, BatchResult, EventCallback, Job,
    companions,
)
from narrate.config import FetchSettings, Settings
from narrate.errors import InputError, NarrateError, SettingsError
from narrate.models import Article, ArticleMeta

log = logging.getLogger(__name__)

FEED_TAG: Final = "narrate:feed-item"  # TXXX value: "<digest> <guid>"
# What a feed may be served as: many servers say text/xml, and some text/html; the parser decides.
FEED_TYPES: Final = {t: "feed" for t in (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/x-rss+xml", "application/feed+xml", "text/plain", "text/html")}


@dataclass(frozen=True)
class FeedOptions:
    """Which items: newest first, at most `limit`, none older than `since`; `keep` episodes at most."""

    limit: int | None = None
    since: datetime | None = None  # aware (UTC when given as a date)
    keep: int | None = None  # after the run, older episodes of the folder are deleted
    recheck: bool = False  # fetch unchanged items' pages again: catches edits the feed does not show

    def __post_init__(self) -> None:
        for name, value in (("--limit", self.limit), ("--keep", self.keep)):
            if value is not None and value < 1:
                raise SettingsError(f"{name} must be at least 1, got {value}")


@dataclass(frozen=True)
class FeedItem:
    guid: str
    link: str
    title: str
    published: datetime | None  # UTC
    author: str
    content: str  # the full text (HTML) when the feed carries it, else ""
    digest: str  # of everything the feed says about the item


@dataclass(frozen=True)
class Feed:
    title: str
    items: tuple[FeedItem, ...]  # newest first
    broken: tuple[ArticleResult, ...]  # items that cannot be narrated, one failed result each


@dataclass(frozen=True)
class FeedResult:
    batch: BatchResult
    title: str  # the feed's own title
    pruned: tuple[Path, ...]  # files deleted by --keep


# ── reading the feed ─────────────────────────────────────────────────────────


def read_feed(source: str | Path, fetch: FetchSettings | None = None) -> Feed:
    """Fetch (a URL) or read (a file) and parse a feed; InputError for a feed that is no feed."""
    import feedparser  # BSD-2: the library made for RSS/Atom's many dialects

    name = str(source)
    if is_url(source):
        from narrate.article.fetch import fetch_url

        fetched = fetch_url(str(source), FEED_TYPES, fetch)
        data, base = fetched.data, fetched.final_url
        media = (fetched.media_type or "application/xml") + (f"; charset={fetched.charset}"
                                                               if fetched.charset else "")
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{path}: no such feed file; give the feed's URL or a saved feed file")
        data, base, media = path.read_bytes(), path.resolve().as_uri(), "application/xml"
    # bytes, never a string: feedparser would take a string for an address and fetch it itself
    parsed = feedparser.parse(data, response_headers={"content-location": base, "content-type": media})
    problem = parsed.get("bozo_exception")
    if not parsed.get("version"):  # an HTML page, or XML of another kind
        raise InputError(f"{name} is not an RSS or Atom feed; give the address of the feed itself")
    if isinstance(problem, xml.sax.SAXException):  # not well-formed: its items cannot be trusted
        raise InputError(f"{name} is not valid XML ({problem}); check the address, or ask the site "
                         "to fix its feed")
    if problem is not None:
        log.info("%s: %s", name, problem)
    items, broken, seen = [], [], set()
    for number, entry in enumerate(parsed.entries, start=1):
        item = _item(entry)
        if item.guid and item.guid in seen:
            log.warning("%s: item %r appears twice; narrated once", name, item.title or item.guid)
        elif item.link or item.content:
            seen.add(item.guid)
            items.append(item)
        else:
            label = item.title or f"item {number}"
            broken.append(ArticleResult(name, None, FAILED, f"{name}: item {label!r} has neither a "
                                        "link nor its text; the feed must give each item a link"))
    newest_first = sorted(items, key=lambda i: i.published or datetime.min.replace(tzinfo=timezone.utc),
                          reverse=True)
    return Feed(parsed.feed.get("title", "") or "", tuple(newest_first), tuple(broken))


def _when(entry, *keys: str) -> datetime | None:
    for key in keys:
        value = dict.get(entry, key)  # feedparser's own get maps updated to published, with a warning
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None


def _item(entry) -> FeedItem:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value", "").strip()]
    fields = {
        "guid": entry.get("id", "") or entry.get("link", ""), "link": entry.get("link", ""),
        "title": " ".join((entry.get("title", "") or "").split()),
        "author": (entry.get("author_detail") or {}).get("name") or entry.get("author", "") or "",
        "content": contents[0] if contents else "",
    }
    published = _when(entry, "published_parsed", "updated_parsed")
    updated = _when(entry, "updated_parsed")
    stamp = [fields, str(published), str(updated), entry.get("summary", "")]
    digest = hashlib.sha256(json.dumps(stamp, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    return FeedItem(published=published, digest=digest, **fields)


def select_items(items: Sequence[FeedItem], options: FeedOptions) -> list[FeedItem]:
    """Newest first; undated items count as new for --since; at most min(--limit, --keep)."""
    chosen = [i for i in items if options.since is None or i.published is None or i.published >= options.since]
    caps = [c for c in (options.limit, options.keep) if c is not None]
    return chosen[: min(caps)] if caps else chosen


# ── items → jobs ─────────────────────────────────────────────────────────────


def read_feed_tag(mp3: Path) -> tuple[str, str] | None:
    """(digest, guid) from an MP3 narrate made from a feed item; None for any other file."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    try:
        frames = ID3(mp3).getall(f"TXXX:{FEED_TAG}")
    except (MutagenError, OSError):
        return None
    if not frames or not frames[0].text:
        return None
    digest, _, guid = str(frames[0].text[0]).partition(" ")
    return (digest, guid) if guid else None


def feed_episodes(outdir: Path) -> dict[str, tuple[Path, str]]:
    """guid → (MP3, digest) for the feed episodes narrate wrote into `outdir`."""
    found: dict[str, tuple[Path, str]] = {}
    for mp3 in sorted(outdir.glob("*.mp3")) if outdir.is_dir() else ():
        tag = None if mp3.name.startswith(".") else read_feed_tag(mp3)
        if tag is not None:
            found[tag[1]] = (mp3, tag[0])
    return found


def item_article(item: FeedItem, feed_title: str, fetch: FetchSettings | None = None) -> Article:
    """The item's full text from the feed, else its page; the feed's title, date, author and link win."""
    if item.content:
        title = html.escape(item.title)
        page = (f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{title}</title>"
                f"</head><body><article><h1>{title}</h1>\n{item.content}\n</article></body></html>")
        try:
            article = parse_article(page, "html")
        except InputError as exc:
            raise InputError(str(exc).replace("the input", f"{item.link or item.guid} (feed text)", 1)) from None
    else:
        article = load_url(item.link, fetch)
    date = item.published.strftime("%Y-%m-%dT%H:%M:%S") if item.published else article.meta.date
    meta = ArticleMeta(date=date, site=article.meta.site or feed_title,
                       author=item.author or article.meta.author, url=item.link or article.meta.url,
                       description=article.meta.description)
    return replace(article, title=item.title or article.title, meta=meta)


def _new_name(item: FeedItem, outdir: Path, taken: set[str]) -> str:
    """From the link (or the title); with a piece of the guid when the MP3 or one of its transcript
    files would land on a name already there: never another item's file, nor one narrate did not write."""
    stem = url_file_stem(item.link) if item.link else safe_file_stem(item.title)

    def names(name: str) -> set[str]:
        return {p.name.lower() for p in (outdir / name, *companions(outdir / name))}

    name = f"{stem}.mp3"
    if names(name) & taken:
        name = f"{stem}-{hashlib.sha256(item.guid.encode()).hexdigest()[:8]}.mp3"
    taken.update(names(name))
    return name


def plan_feed(feed: Feed, items: Sequence[FeedItem], outdir: Path, options: BatchOptions,
              recheck: bool, fetch: FetchSettings | None,
              emit: EventCallback) -> tuple[list[Job], list[ArticleResult]]:
    """Jobs for the new and changed items; already narrated ones and failures settled as results.

    With `recheck`, an unchanged item whose text is on its page becomes a job too: the batch's record
    check then skips it unless the page's text changed.
    """
    episodes = feed_episodes(outdir)
    taken = {p.name.lower() for p in outdir.iterdir()} if outdir.is_dir() else set()
    jobs, settled = [], []

    def settle(result: ArticleResult) -> None:
        settled.append(result)
        emit(ArticleDone(result))

    for item in items:
        start, source = time.perf_counter(), item.link or item.guid
        known = episodes.get(item.guid)
        dest = known[0] if known else outdir / _new_name(item, outdir, taken)
        fresh = recheck and not item.content
        if known and known[1] == item.digest and not options.force and not fresh and (
                not options.transcript or all(p.is_file() for p in companions(dest))):
            settle(ArticleResult(source, dest, SKIPPED, "already narrated; the feed item is unchanged"))
            continue
        try:
            article = item_article(item, feed.title, fetch)
        except NarrateError as exc:
            settle(ArticleResult(source, dest, FAILED, str(exc), seconds=time.perf_counter() - start))
            continue
        jobs.append(Job(source, dest, article, ((FEED_TAG, f"{item.digest} {item.guid}"),)))
    return jobs, settled


# ── pruning ──────────────────────────────────────────────────────────────────


def prune_episodes(outdir: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest feed episodes (MP3 and its transcript files).

    Only MP3s carrying narrate's feed tag count, so nothing narrate did not write is touched.
    """
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    dated = []
    for mp3, _ in feed_episodes(outdir).values():
        try:
            when = str(ID3(mp3).get("TDRC") or "")
        except (MutagenError, OSError):
            when = ""
        dated.append((when, mp3.stat().st_mtime, mp3))
    dated.sort(reverse=True)
    removed: list[Path] = []
    for _, _, mp3 in dated[keep:]:
        for path in (mp3, *companions(mp3)):
            if path.is_file():
                path.unlink()
                removed.append(path)
        log.info("pruned %s (--keep %d)", mp3.name, keep)
    return removed


# ── the run ──────────────────────────────────────────────────────────────────


def run_feed(source: str | Path, outdir: Path, preset, settings: Settings, options: BatchOptions,
             feed_options: FeedOptions, on_event: EventCallback | None = None,
             fetch: FetchSettings | None = None) -> FeedResult:
    """Narrate a feed's new and changed items into `outdir`, then prune to --keep.

    Never raises for one item; raises InputError when the feed itself cannot be read.
    """
    from narrate.batch.pool import execute

    begin = time.perf_counter()
    emit = on_event or (lambda event: None)
    feed = read_feed(source, fetch)
    for broken in feed.broken:
        emit(ArticleDone(broken))
    items = select_items(feed.items, feed_options)
    log.info("%s: %d items, %d chosen", source, len(feed.items), len(items))
    outdir.mkdir(parents=True, exist_ok=True)
    jobs, settled = plan_feed(feed, items, outdir, options, feed_options.recheck, fetch, emit)
    done = execute(jobs, preset, settings, options, emit) if jobs else []
    order = {item.link or item.guid: n for n, item in enumerate(items)}
    results = sorted([*settled, *done], key=lambda r: order.get(r.source, len(order)))
    pruned = prune_episodes(outdir, feed_options.keep) if feed_options.keep else []
    batch = BatchResult((*results, *feed.broken), time.perf_counter() - begin)
    return FeedResult(batch, feed.title, tuple(pruned))
