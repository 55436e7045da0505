"""`narrate feed` and `narrate URL` end to end: the real command, espeak-ng, ffmpeg, real MP3s, and a
real HTTP server on 127.0.0.1 serving the pages and feeds (real redirects and errors)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

import feedparser
import pytest
from mutagen.id3 import ID3

from narrate.batch.cache import CACHE_DIR_ENV
from narrate.batch.feeds import FEED_TAG
from site_server import Route

VOICE = "espeak-de"
START = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)
TOPICS = ["Brücke", "Hafen", "Schule", "Theater", "Markt", "Bahnhof", "Museum"]


def page(n: int, extra: str = "") -> str:
    topic = TOPICS[n]
    return (f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{topic}</title></head>"
            f"<body><main><article><h1>Neues vom {topic} in Bremen</h1>"
            f"<p>Am {topic} in Bremen hat sich diese Woche viel getan.</p>"
            f"<p>Die Stadt will im Frühjahr weiter bauen.{extra}</p></article></main></body></html>")


def item(n: int, server, *, content: str | None = None, link: str | None = "auto", guid: str | None = None) -> dict:
    return {"title": f"Neues vom {TOPICS[n]}", "link": server.url(f"/artikel/{n}.html") if link == "auto" else link,
            "guid": guid or f"urn:test:{n}", "date": START + timedelta(hours=n), "content": content,
            "author": f"Autorin {n}"}


def rss(items: list[dict]) -> bytes:
    parts = []
    for it in items:
        body = [f"<title>{escape(it['title'])}</title>", f"<guid isPermaLink='false'>{it['guid']}</guid>",
                f"<pubDate>{format_datetime(it['date'])}</pubDate>",
                f"<author>x@example.org ({it['author']})</author>"]
        if it["link"]:
            body.append(f"<link>{escape(it['link'])}</link>")
        if it["content"]:
            body.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        parts.append("<item>" + "".join(body) + "</item>")
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
            "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Bremer Testnachrichten"
            "</title><link>http://127.0.0.1/</link><description>Test</description>"
            + "".join(parts) + "</channel></rss>").encode("utf-8")


CONTENT_3 = ("<p>Im Theater am Goetheplatz beginnt die neue Spielzeit.</p>"
             "<p>Die erste Premiere ist schon ausverkauft. Karten gibt es erst wieder im Januar.</p>")


def serve_feed(server, items: list[dict]) -> str:
    server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml; charset=utf-8")
    return server.url("/feed.xml")


def serve_pages(server, numbers) -> None:
    for n in numbers:
        server.routes[f"/artikel/{n}.html"] = Route(page(n).encode("utf-8"))


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {**os.environ, CACHE_DIR_ENV: str(tmp_path / "cache"), "NARRATE_VOICE": VOICE, "COLUMNS": "200"}


def narrate(env: dict, *args, rc: int = 0) -> subprocess.CompletedProcess:
    """The real command; every narrating command gets `--voice espeak-de`."""
    voice = () if args[0] == "script" else ("--voice", VOICE)
    done = subprocess.run([sys.executable, "-m", "narrate", *map(str, args), *voice], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == rc, done.stderr + done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done


def report(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def statuses(path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for a in report(path):
        found[a["status"]] = found.get(a["status"], 0) + 1
    return found


def episodes_in(xml: Path) -> list[str]:
    parsed = feedparser.parse(xml.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return [e.enclosures[0].href.rsplit("/", 1)[1] for e in parsed.entries]


def test_feed_runs_like_cron(server, env, tmp_path: Path) -> None:
    """5 items narrated; again: all skipped, nothing but the feed fetched; a new item: 1; an edited
    text: only its changed sentence synthesised; the podcast feed lists each episode once, newest first."""
    out, rep = tmp_path / "pod", tmp_path / "report.json"
    serve_pages(server, [0, 1, 2, 4])
    items = [item(n, server) for n in (0, 1, 2, 4)] + [item(3, server, content=CONTENT_3)]
    feed = serve_feed(server, items)
    site = ("--site", "--base-url", "https://example.org/pod/", "--report", rep)
    narrate(env, "feed", feed, "-o", out, *site)
    assert statuses(rep) == {"written": 5}
    tags = ID3(out / "3.mp3")
    assert str(tags["TIT2"]) == "Neues vom Theater" and tags.getall("WOAS")[0].url == server.url("/artikel/3.html")
    assert str(tags["TEXT"]) == "Autorin 3" and str(tags["TDRC"]).startswith("2026-11-02 11:00")
    assert tags.getall(f"TXXX:{FEED_TAG}")[0].text[0].endswith(" urn:test:3")
    assert episodes_in(out / "feed.xml") == ["4.mp3", "3.mp3", "2.mp3", "1.mp3", "0.mp3"]  # newest first
    assert server.requests[-1][1]["User-Agent"].startswith("narrate/")

    server.requests.clear()
    narrate(env, "feed", feed, "-o", out, *site)
    assert statuses(rep) == {"skipped": 5}
    assert [path for path, _ in server.requests] == ["/feed.xml"]  # no page fetched again

    serve_pages(server, [5])
    items.append(item(5, server))
    serve_feed(server, items)
    narrate(env, "feed", feed, "-o", out, *site)
    assert statuses(rep) == {"written": 1, "skipped": 5}

    items[4] = {**items[4], "content": CONTENT_3.replace("im Januar", "im Februar")}
    serve_feed(server, items)
    narrate(env, "feed", feed, "-o", out, *site)
    edited = [a for a in report(rep) if a["status"] == "written"]
    assert len(edited) == 1 and edited[0]["output"].endswith("3.mp3")
    assert (edited[0]["sentences_synthesized"], edited[0]["sentences_cached"]) == (1, 3)  # headline + 3
    listed = episodes_in(out / "feed.xml")
    assert listed == ["5.mp3", "4.mp3", "3.mp3", "2.mp3", "1.mp3", "0.mp3"] and len(set(listed)) == 6

    server.routes["/artikel/1.html"] = Route(page(1, " Der Senat ist einverstanden.").encode("utf-8"))
    narrate(env, "feed", feed, "-o", out, *site)  # the feed does not show the edit: nothing fetched
    assert statuses(rep) == {"skipped": 6}
    narrate(env, "feed", feed, "-o", out, "--recheck", *site)
    edited = [a for a in report(rep) if a["status"] == "written"]
    assert [Path(a["output"]).name for a in edited] == ["1.mp3"] and statuses(rep)["skipped"] == 5
    assert (edited[0]["sentences_synthesized"], edited[0]["sentences_cached"]) == (1, 3)
    assert episodes_in(out / "feed.xml") == listed


def test_keep_prunes_only_what_narrate_wrote(server, env, tmp_path: Path) -> None:
    out = tmp_path / "pod"
    out.mkdir()
    foreign = [out / "interview.mp3", out / "notizen.txt", out / "alt.vtt"]
    foreign[0].write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00not ours")
    foreign[1].write_text("meine Notizen", encoding="utf-8")
    foreign[2].write_text("WEBVTT\n", encoding="utf-8")
    serve_pages(server, range(4))
    items = [item(n, server) for n in range(2)]
    feed = serve_feed(server, items)
    site = ("--site", "--base-url", "https://example.org/pod/", "-j", "1")
    narrate(env, "feed", feed, "-o", out, "--keep", "2", *site)
    items += [item(n, server) for n in (2, 3)]
    serve_feed(server, items)
    done = narrate(env, "feed", feed, "-o", out, "--keep", "2", *site)
    mine = sorted(p.name for p in out.glob("[0-9].*"))
    assert mine == ["2.chapters.json", "2.mp3", "2.vtt", "3.chapters.json", "3.mp3", "3.vtt"], done.stderr
    assert all(p.exists() for p in foreign)
    assert episodes_in(out / "feed.xml") == ["3.mp3", "2.mp3"]  # the foreign MP3 is not readable audio
    narrate(env, "feed", feed, "-o", out, "--keep", "2", *site)  # the pruned ones do not come back
    assert sorted(p.name for p in out.glob("[0-9].mp3")) == ["2.mp3", "3.mp3"]


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/artikel.html"


def test_bad_items_each_give_one_line_and_the_rest_goes_on(server, env, tmp_path: Path) -> None:
    serve_pages(server, [0])
    server.routes["/weg.html"] = Route(b"weg", status=410)
    server.routes["/verboten.html"] = Route(b"nein", status=403)
    server.routes["/bericht.pdf"] = Route(b"%PDF-1.4 ...", content_type="application/pdf")
    server.routes["/riesig.html"] = Route(b"<p>klein</p>", length=50 * 1024 * 1024)
    server.routes["/kreis.html"] = Route(redirect="/kreis.html")
    server.routes["/langsam.html"] = Route(page(1).encode(), delay_s=4)
    server.routes["/tropft.html"] = Route(page(1).encode() * 20, trickle_s=0.5)  # 6 KB over 3 s
    bad = {"/fehlt.html": "HTTP 404", "/weg.html": "HTTP 410", "/verboten.html": "HTTP 403",
           "/bericht.pdf": "application/pdf", "/riesig.html": "larger than", "/kreis.html": "redirect loop",
           "/langsam.html": "did not answer within 1.5 s", "/tropft.html": "did not answer within 1.5 s"}
    links = {server.url(p): why for p, why in bad.items()}
    links[closed_port_url()] = "refused the connection"
    links["http://nirgendwo.invalid/artikel.html"] = "was not found"
    items = [item(0, server)] + [item(1, server, link=link, guid=f"urn:bad:{k}") for k, link in enumerate(links)]
    items.append(item(2, server, link=None, guid="urn:nolink"))
    out, rep = tmp_path / "pod", tmp_path / "report.json"
    done = narrate(env, "feed", serve_feed(server, items), "-o", out, "--report", rep, "--timeout", "1.5", rc=1)
    errors = [line for line in done.stderr.splitlines() if "error:" in line]
    for link, why in links.items():
        mine = [line for line in errors if link in line]
        assert len(mine) == 1 and why in mine[0], (link, errors)
    assert sum("neither a link nor its text" in line for line in errors) == 1
    assert len(errors) == len(links) + 1
    assert statuses(rep) == {"written": 1, "failed": len(links) + 1}
    assert (out / "0.mp3").is_file()


@pytest.mark.parametrize("body, content_type, expect", [
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>a</item>",
     "application/rss+xml", "not valid XML"),
    (page(0).encode(), "text/html", "is not an RSS or Atom feed"),
    (b"%PDF-1.4", "application/pdf", "is application/pdf, not an RSS or Atom feed"),
    (b"<?xml version='1.0'?><liste><eintrag/></liste>", "application/xml", "not an RSS or Atom feed"),
])
def test_a_bad_feed_is_one_line(server, env, tmp_path: Path, body: bytes, content_type: str, expect: str) -> None:
    server.routes["/feed.xml"] = Route(body, content_type=content_type)
    done = narrate(env, "feed", server.url("/feed.xml"), "-o", tmp_path / "pod", rc=1)
    lines = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1 and expect in lines[0] and server.url("/feed.xml") in lines[0], done.stderr


def test_atom_feed_from_a_file_with_limit_and_since(server, env, tmp_path: Path) -> None:
    serve_pages(server, range(4))
    entries = "".join(
        f"<entry><title>Neues vom {TOPICS[n]}</title><id>urn:atom:{n}</id>"
        f"<link href='{server.url(f'/artikel/{n}.html')}'/><updated>2026-11-0{n + 1}T09:00:00Z</updated>"
        f"<author><name>Autorin {n}</name></author></entry>" for n in range(4))
    feed = tmp_path / "atom.xml"
    feed.write_text("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                    f"<title>Atom</title><id>urn:x</id><updated>2026-11-04T09:00:00Z</updated>{entries}</feed>",
                    encoding="utf-8")
    out, rep = tmp_path / "pod", tmp_path / "report.json"
    narrate(env, "feed", feed, "-o", out, "--since", "2026-11-02", "--limit", "2", "--report", rep, "-j", "1")
    assert [Path(a["output"]).name for a in report(rep)] == ["3.mp3", "2.mp3"]  # newest first
    assert {path for path, _ in server.requests} == {"/artikel/3.html", "/artikel/2.html"}


def test_url_is_narrated_like_the_saved_page(server, env, tmp_path: Path) -> None:
    server.routes["/politik/hafen-baut-100.html"] = Route(page(1).encode("utf-8"), gzip=True)
    server.routes["/kurz"] = Route(redirect="/politik/hafen-baut-100.html")
    saved = tmp_path / "hafen.html"
    saved.write_text(page(1), encoding="utf-8")
    url = server.url("/kurz")
    from_web = narrate(env, "script", url, "--json").stdout
    assert json.loads(from_web) == json.loads(narrate(env, "script", saved, "--json").stdout)
    out, rep = tmp_path / "out", tmp_path / "report.json"
    missing = server.url("/fehlt.html")
    done = narrate(env, url, saved, missing, "-o", out, "--report", rep, rc=1)
    assert sum(missing in line and "HTTP 404" in line for line in done.stderr.splitlines() if "error:" in line) == 1
    mp3 = out / "kurz.mp3"
    assert ID3(mp3).getall("WOAS")[0].url == server.url("/politik/hafen-baut-100.html")
    assert report(rep)[0]["source"] == url and report(rep)[0]["status"] == "written"
    assert (out / "hafen.mp3").is_file()
    narrate(env, url, "-o", out, "--report", rep)
    assert statuses(rep) == {"skipped": 1}


def test_an_item_with_its_text_but_no_link_is_narrated(server, env, tmp_path: Path) -> None:
    items = [item(3, server, content=CONTENT_3, link=None, guid="urn:nur-text")]
    out, rep = tmp_path / "pod", tmp_path / "report.json"
    narrate(env, "feed", serve_feed(server, items), "-o", out, "--report", rep, "-j", "1")
    assert report(rep)[0]["source"] == "urn:nur-text" and report(rep)[0]["status"] == "written"
    mp3 = out / "Neues-vom-Theater.mp3"  # named after the title when there is no link
    assert str(ID3(mp3)["TIT2"]) == "Neues vom Theater" and not ID3(mp3).getall("WOAS")
    assert [path for path, _ in server.requests] == ["/feed.xml"]


@pytest.mark.parametrize("args, expect", [
    (["--keep", "0"], "--keep must be at least 1"),
    (["--limit", "-2"], "--limit must be at least 1"),
    (["--since", "gestern"], "--since 'gestern' is not a date"),
    (["--base-url", "https://example.org/"], "add --site"),
    (["--site", "--base-url", "ftp://x"], "--base-url must be an absolute http(s) URL"),
    (["--bitrate", "65"], "--bitrate must be one of"),
    (["--timeout", "0"], "--timeout (s) must be between"),
])
def test_bad_feed_options_fail_before_any_fetch(server, env, tmp_path: Path, args, expect) -> None:
    feed = serve_feed(server, [item(0, server)])
    done = narrate(env, "feed", feed, "-o", tmp_path / "pod", *args, rc=1)
    lines = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1 and expect in lines[0], done.stderr
    assert server.requests == [] and not (tmp_path / "pod").exists()
