"""The podcast feed: RSS 2.0 with the itunes and podcast namespaces, one item per narrated MP3."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
import soundfile
from listening_helpers import (
    HOSTILE, TONE_FOLDER, build_tone_folder, make_script, narrate_samples, tone_outcome,
)

from narrate.errors import SettingsError
from narrate.listen.feed import ITUNES, PODCAST, build_feed, item_guid, normalise_base_url
from narrate.listen.episodes import scan_entries
from narrate.listen.page import write_site
from narrate.listen.transcript import write_transcript

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
    assert rendered(channel.findtext("description")) == "Artikel \"zum\" Hören"  # HTML by convention
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


# ── text that looks like markup stays text, in XML and in the HTML that clients render ──────

MARKUP = ["</script><script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
          "<b>fett</b> & <a href='javascript:alert(1)'>klick</a>", "&amp; &lt;p&gt; schon kodiert",
          "]]> <![CDATA[ <!-- x --> <?php ?>"]
HTML_FIELDS = ("description", "itunes:summary")


class _Markup(HTMLParser):
    """Everything an HTML renderer would make of a text: elements found, and the text it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append(f"<{tag}>")

    def handle_endtag(self, tag):
        self.elements.append(f"</{tag}>")

    def handle_comment(self, data):
        self.elements.append("<!--")

    def handle_decl(self, decl):
        self.elements.append("<!")

    def handle_pi(self, data):
        self.elements.append("<?")

    def unknown_decl(self, data):
        self.elements.append("<![")

    def handle_data(self, data):
        self.text += data


def rendered(html_text: str) -> str:
    """The text a podcast client shows for an HTML field; fails if any markup came out of it."""
    parser = _Markup()
    parser.feed(html_text)
    parser.close()
    assert parser.elements == [], (html_text, parser.elements)
    return parser.text


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    scripts = {f"a{i}.mp3": make_script(f"Titel {payload}", [(None, [[f"Satz eins {payload}",
                                        f"Satz zwei {payload}", "Ende."]])])
               for i, payload in enumerate(MARKUP)}
    for rel, script in scripts.items():
        write_transcript(tone_outcome(script, root / rel), root / rel)
    write_site(root, BASE, "Kanal " + " ".join(MARKUP), "Beschreibung " + " ".join(MARKUP))
    return root, scripts


@pytest.mark.parametrize("field", HTML_FIELDS)
def test_channel_html_fields_show_markup_as_text(marked_up, field):
    root, _ = marked_up
    channel = parse(root).find("channel")
    assert rendered(channel.findtext(field, namespaces=NS)) == "Beschreibung " + " ".join(MARKUP)
    assert channel.findtext("title") == "Kanal " + " ".join(MARKUP)  # plain text, round trip


def test_item_descriptions_show_markup_as_text_and_titles_round_trip(marked_up):
    root, scripts = marked_up
    items = parse(root).findall("channel/item")
    assert len(items) == len(MARKUP)
    for item in items:
        script = scripts[local_path(root, item.find("enclosure").get("url")).name]
        payload = script.title.text.removeprefix("Titel ")
        assert item.findtext("title") == script.title.text
        assert item.findtext("itunes:title", namespaces=NS) == script.title.text
        shown = rendered(item.findtext("description"))
        assert f"Satz eins {payload} Satz zwei {payload}" in shown


def test_raw_feed_holds_no_markup_from_the_text(marked_up):
    root, _ = marked_up
    raw = (root / "feed.xml").read_text(encoding="utf-8")
    for tag in ("<script", "<img", "<b>", "<a ", "<![CDATA[", "<!--", "<?php"):
        assert tag not in raw, tag


def test_narrated_article_quoting_markup_shows_it_as_text(tmp_path):
    """The whole way: an article file → espeak-de → `narrate --site` → the feed a client reads."""
    sentences = [f"Der Text enthielt {MARKUP[0]} als Zeichenkette.",
                 f"Ein zweiter Satz zitiert {MARKUP[1]} wörtlich.", "Der dritte Satz ist harmlos."]
    (tmp_path / "warnung.txt").write_text(f"Warnung {MARKUP[0]}\n\n{' '.join(sentences)}\n", encoding="utf-8")
    env = {**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "narrate", str(tmp_path / "warnung.txt"), "--voice",
                           "espeak-de", "--site", "-o", str(tmp_path / "out"), "--base-url", BASE,
                           "--channel-description", MARKUP[1]], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    channel = parse(tmp_path / "out").find("channel")
    assert rendered(channel.findtext("itunes:summary", namespaces=NS)) == MARKUP[1]
    (item,) = channel.findall("item")
    assert item.findtext("title") == f"Warnung {MARKUP[0]}"
    assert rendered(item.findtext("description")).startswith(" ".join(sentences))
