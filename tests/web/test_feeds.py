"""The feed logic without synthesis: parsing RSS/Atom, choosing items, names, digests, pruning."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from mutagen.id3 import ID3, TDRC, TXXX

from narrate.batch.feeds import (
    FEED_TAG, FeedItem, FeedOptions, feed_episodes, item_article, prune_episodes, read_feed,
    select_items,
)
from narrate.batch.jobs import companions
from narrate.errors import InputError, SettingsError
from site_server import Route

RSS = """<?xml version='1.0' encoding='{enc}'?>
<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Kanal</title>
<item><title>Älter</title><link>/artikel/alt.html</link><guid>g1</guid>
<pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Ohne Datum</title><link>/artikel/ohne.html</link></item>
<item><title>Neuer — Straße</title><link>/artikel/neu.html</link><guid>g3</guid>
<pubDate>Tue, 03 Nov 2026 08:00:00 +0100</pubDate><dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>Jana Groß</dc:creator>
<content:encoded><![CDATA[<p>Die Straße wird ab Montag gesperrt.</p><p>Busse fahren eine Umleitung.</p>]]></content:encoded></item>
</channel></rss>"""


def when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_rss_items_newest_first_with_relative_links_resolved(server) -> None:
    server.routes["/feed"] = Route(RSS.format(enc="iso-8859-1").encode("latin-1", "replace"),
                                   content_type="text/xml")
    feed = read_feed(server.url("/feed"))
    assert feed.title == "Kanal"
    assert [i.title for i in feed.items] == ["Neuer ? Straße", "Älter", "Ohne Datum"]
    newest = feed.items[0]
    assert newest.link == server.url("/artikel/neu.html") and newest.published == when("2026-11-03T07:00")
    assert newest.author == "Jana Groß" and "Umleitung" in newest.content
    assert feed.items[2].guid == server.url("/artikel/ohne.html")  # no guid: the link identifies it
    assert [p for p, _ in server.requests] == ["/feed"]  # reading a feed fetches nothing else


def test_full_text_item_becomes_an_article_with_the_feed_tags(server, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(enc="utf-8"), encoding="utf-8")
    feed = read_feed(path)
    article = item_article(feed.items[0], feed.title)
    assert article.title == "Neuer — Straße"
    assert [p for s in article.sections for p in s.paragraphs] == [
        "Die Straße wird ab Montag gesperrt.", "Busse fahren eine Umleitung."]
    assert (article.meta.date, article.meta.author, article.meta.site) == ("2026-11-03T07:00:00", "Jana Groß", "Kanal")
    assert article.meta.url.endswith("/artikel/neu.html")


def test_digest_follows_the_item() -> None:
    one = RSS.format(enc="utf-8")
    first = {i.title: i.digest for i in _parse(one).items}
    again = {i.title: i.digest for i in _parse(one).items}
    edited = {i.title: i.digest for i in _parse(one.replace("Umleitung", "andere Strecke")).items}
    assert first == again and edited["Älter"] == first["Älter"]
    assert edited["Neuer — Straße"] != first["Neuer — Straße"]


def _parse(text: str, tmp=Path("/tmp")):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".xml", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        return read_feed(Path(handle.name))
    finally:
        Path(handle.name).unlink()


def _item(n: int, day: int | None) -> FeedItem:
    published = when(f"2026-11-{day:02d}T08:00") if day else None
    return FeedItem(f"g{n}", f"http://x/{n}", f"T{n}", published, "", "", "d")


@pytest.mark.parametrize("options, expected", [
    (FeedOptions(), ["g0", "g1", "g2", "g3"]),
    (FeedOptions(limit=2), ["g0", "g1"]),
    (FeedOptions(keep=3, limit=5), ["g0", "g1", "g2"]),
    (FeedOptions(since=when("2026-11-04T00:00")), ["g0", "g1", "g3"]),  # undated counts as new
])
def test_select_items(options: FeedOptions, expected: list[str]) -> None:
    items = [_item(0, 9), _item(1, 5), _item(2, 1), _item(3, None)]
    assert [i.guid for i in select_items(items, options)] == expected


@pytest.mark.parametrize("field", ["limit", "keep"])
def test_limits_are_checked(field: str) -> None:
    with pytest.raises(SettingsError, match=f"--{field}"):
        FeedOptions(**{field: 0})


def test_missing_feed_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such feed file"):
        read_feed(tmp_path / "fehlt.xml")


def _episode(path: Path, date: str, guid: str | None) -> Path:
    """A real (silent) MP3 with narrate's tags, as the batch writes them."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-t", "0.2",
                    "-c:a", "libmp3lame", str(path)], check=True)
    tags = ID3()
    tags.add(TDRC(encoding=3, text=date))
    if guid:
        tags.add(TXXX(encoding=3, desc=FEED_TAG, text=f"abc {guid}"))
    tags.save(path, v2_version=3)
    for sidecar in companions(path):
        sidecar.write_text("x", encoding="utf-8")
    return path


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_prune_keeps_the_newest_and_touches_nothing_else(tmp_path: Path) -> None:
    old = _episode(tmp_path / "alt.mp3", "2026-11-01T08:00:00", "g1")
    mid = _episode(tmp_path / "mitte.mp3", "2026-11-02T08:00:00", "g2")
    new = _episode(tmp_path / "neu.mp3", "2026-11-03T08:00:00", "g3")
    foreign = _episode(tmp_path / "fremd.mp3", "2020-01-01", None)  # no feed tag: not an episode
    assert set(feed_episodes(tmp_path)) == {"g1", "g2", "g3"}
    removed = prune_episodes(tmp_path, 2)
    assert set(removed) == {old, *companions(old)}
    assert all(p.exists() for p in (mid, new, foreign, *companions(foreign)))


def test_a_feed_served_as_html_is_still_read_and_a_repeated_item_counted_once(server, caplog) -> None:
    twice = RSS.format(enc="utf-8").replace("</channel>", "<item><title>Älter</title><link>/artikel/alt.html"
                                            "</link><guid>g1</guid></item></channel>")
    server.routes["/feed"] = Route(twice.encode("utf-8"), content_type="text/html; charset=utf-8")
    feed = read_feed(server.url("/feed"))
    assert sorted(i.title for i in feed.items) == ["Neuer — Straße", "Ohne Datum", "Älter"]
    assert "appears twice" in caplog.text


def test_new_names_never_land_on_files_already_there(tmp_path: Path) -> None:
    from narrate.batch.feeds import _new_name

    (tmp_path / "wahl.vtt").write_text("WEBVTT\n", encoding="utf-8")  # someone else's transcript
    taken = {p.name.lower() for p in tmp_path.iterdir()}
    first = _new_name(FeedItem("g1", "http://x/a/wahl.html", "Wahl", None, "", "", "d"), tmp_path, taken)
    second = _new_name(FeedItem("g2", "http://x/b/bahn.html", "Bahn", None, "", "", "d"), tmp_path, taken)
    third = _new_name(FeedItem("g3", "http://x/c/bahn.html", "Bahn", None, "", "", "d"), tmp_path, taken)
    assert first.startswith("wahl-") and second == "bahn.mp3" and third.startswith("bahn-")
    assert len({first, second, third}) == 3
