"""The podcast feed: RSS 2.0 with the itunes and podcast namespaces, one item per narrated MP3."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

import pytest
import soundfile
from listening_helpers import HOSTILE, TONE_FOLDER, build_tone_folder, narrate_samples

from narrate.errors import SettingsError
from narrate.listen.feed import ITUNES, PODCAST, build_feed, item_guid, normalise_base_url
from narrate.listen.episodes import scan_entries
from narrate.listen.page import write_site

BASE = "https://hoeren.example.org/artikel"
NS = {"itunes": ITUNES, "podcast": PODCAST}
# What Apple's podcast directory requires of a channel (itunes:image only when there is a cover).
REQUIRED_CHANNEL = ("title", "link", "description", "language", "itunes:author", "itunes:summary",
                    "itunes:explicit", "itunes:category")
REQUIRED_ITEM = ("title", "guid", "pubDate", "enclosure", "itunes:duration", "itunes:explicit",
                 "podcast:transcript", "podcast:chapters")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed")
    build_tone_folder(root)
    written = write_site(root, BASE, "Vorgelesen & <gehört>", "Artikel \"zum\" Hören")
    assert written == [root / "index.html", root / "feed.xml"]
    return root


def parse(root) -> ET.Element:
    return ET.fromstring((root / "feed.xml").read_bytes())


def local_path(root, url: str):
    """The file a feed URL points at, for a folder served at BASE."""
    assert url.startswith(BASE + "/"), url
    return root / unquote(url[len(BASE) + 1:])


@pytest.mark.parametrize(("given", "expected"), [
    ("https://example.org", "https://example.org/"),
    ("https://example.org/pod/", "https://example.org/pod/"),
    (" http://example.org/a b ", "http://example.org/a b/"),
])
def test_base_url_is_normalised(given, expected):
    assert normalise_base_url(given) == expected


@pytest.mark.parametrize("bad", ["example.org/pod", "ftp://example.org/", "file:///tmp/x", "", "https://"])
def test_base_url_must_be_absolute_http(bad):
    with pytest.raises(SettingsError, match="--base-url"):
        normalise_base_url(bad)


def test_channel_carries_the_required_tags(folder):
    channel = parse(folder).find("channel")
    assert parse(folder).get("version") == "2.0"
    for tag in REQUIRED_CHANNEL:
        assert (channel.find(tag, NS) is not None), tag
    assert channel.findtext("title") == "Vorgelesen & <gehört>"
    assert channel.findtext("description") == "Artikel \"zum\" Hören"
    assert channel.findtext("language") == "de"
    assert channel.find("itunes:category", NS).get("text") == "News"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.find("itunes:image", NS) is None  # no cover in the folder


def test_one_item_per_mp3_with_exact_enclosures(folder):
    items = parse(folder).findall("channel/item")
    assert len(items) == len(TONE_FOLDER) == len(scan_entries(folder))
    seen = set()
    for item in items:
        for tag in REQUIRED_ITEM[:6]:
            assert item.find(tag, NS) is not None, tag
        enclosure = item.find("enclosure")
        mp3 = local_path(folder, enclosure.get("url"))
        assert enclosure.get("type") == "audio/mpeg"
        assert int(enclosure.get("length")) == mp3.stat().st_size
        rel = mp3.relative_to(folder).as_posix()
        seen.add(rel)
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and guid.text == item_guid(rel)
        script = TONE_FOLDER[rel]
        assert item.findtext("title") == script.title.text
        published = parsedate_to_datetime(item.findtext("pubDate"))
        if script.meta.date:
            assert published == datetime.fromisoformat(script.meta.date).replace(tzinfo=timezone.utc)
        h, m, s = map(int, item.findtext("itunes:duration", namespaces=NS).split(":"))
        assert abs(h * 3600 + m * 60 + s - soundfile.info(str(mp3)).duration) <= 0.5
    assert seen == set(TONE_FOLDER)


def test_transcript_and_chapters_are_linked(folder):
    for item in parse(folder).findall("channel/item"):
        mp3 = local_path(folder, item.find("enclosure").get("url"))
        transcript, chapters = item.find("podcast:transcript", NS), item.find("podcast:chapters", NS)
        if mp3.name == "ohne-transkript.mp3":
            assert transcript is None and chapters is None
            continue
        assert transcript.get("type") == "text/vtt" and transcript.get("language") == "de"
        assert local_path(folder, transcript.get("url")) == mp3.with_suffix(".vtt")
        assert chapters.get("type") == "application/json+chapters"
        assert local_path(folder, chapters.get("url")) == mp3.with_suffix(".chapters.json")


def test_guids_are_stable_across_runs(folder):
    first = [i.findtext("guid") for i in parse(folder).findall("channel/item")]
    write_site(folder, BASE, "Anderer Titel")
    assert [i.findtext("guid") for i in parse(folder).findall("channel/item")] == first
    assert len(set(first)) == len(first)


def test_hostile_text_is_escaped_in_the_feed(folder):
    raw = (folder / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    titles = [i.findtext("title") for i in parse(folder).findall("channel/item")]
    assert "Bahn: " + HOSTILE in titles
    link = [i.findtext("link") for i in parse(folder).findall("channel/item")]
    assert "https://example.org/bahn?a=1&b=2" in link


def test_a_cover_becomes_the_itunes_image(tmp_path):
    build_tone_folder(tmp_path)
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    channel = ET.fromstring(build_feed(scan_entries(tmp_path), BASE, "T", "D", "cover.jpg")).find("channel")
    assert channel.find("itunes:image", NS).get("href") == BASE + "/cover.jpg"


def test_feed_for_narrated_samples(tmp_path_factory):
    outcomes = narrate_samples(tmp_path_factory.mktemp("samples"))
    root = next(iter(outcomes.values())).output.parent
    write_site(root, BASE)
    items = parse(root).findall("channel/item")
    assert len(items) == len(outcomes)
    for item in items:
        mp3 = local_path(root, item.find("enclosure").get("url"))
        assert int(item.find("enclosure").get("length")) == mp3.stat().st_size
        for tag in REQUIRED_ITEM:
            assert item.find(tag, NS) is not None, tag
