"""Fetching pages from a real local HTTP server: limits, redirects, charsets, retries, one-line errors."""

from __future__ import annotations

import socket
import time

import pytest

from narrate import __version__
from narrate.article.fetch import (
    PAGE_TYPES, fetch_url, is_url, load_url, safe_file_stem, url_file_stem,
)
from narrate.config import FetchSettings
from narrate.errors import InputError
from narrate.article.reading import load_article
from site_server import Route

PAGE = ("<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Brücke öffnet</title></head>"
        "<body><main><article><h1>Die neue Brücke öffnet</h1>"
        "<p>Nach drei Jahren Bauzeit ist die Brücke über die Weser fertig.</p>"
        "<p>Am Samstag dürfen die ersten Fußgänger hinüber.</p></article></main></body></html>")
FAST = FetchSettings(connect_timeout_s=2, read_timeout_s=2, retries=2, backoff_s=0.05, max_wait_s=1)


def test_page_is_read_like_the_saved_page(server, tmp_path) -> None:
    server.routes["/politik/bruecke.html"] = Route(PAGE.encode("utf-8"))
    saved = tmp_path / "bruecke.html"
    saved.write_text(PAGE, encoding="utf-8")
    fetched, local = load_url(server.url("/politik/bruecke.html"), FAST), load_article(saved)
    assert (fetched.title, fetched.sections) == (local.title, local.sections)
    assert fetched.meta.url == server.url("/politik/bruecke.html")  # the page names no address itself
    path, headers = server.requests[-1]
    assert headers["User-Agent"].startswith(f"narrate/{__version__}")


def test_gzip_and_a_redirect_are_followed(server) -> None:
    server.routes["/alt"] = Route(redirect="/neu")
    server.routes["/neu"] = Route(PAGE.encode("utf-8"), gzip=True)
    article = load_url(server.url("/alt"), FAST)
    assert article.title == "Die neue Brücke öffnet"
    assert article.meta.url == server.url("/neu")  # where the page really is
    assert "gzip" in server.requests[0][1]["Accept-Encoding"]


@pytest.mark.parametrize("content_type, body", [
    ("text/html; charset=iso-8859-1", PAGE.replace("charset='utf-8'", "").encode("latin-1")),
    ("text/html; charset=windows-1252", PAGE.replace("charset='utf-8'", "").encode("cp1252")),
    ("text/html", PAGE.encode("utf-8")),  # nothing declared: sniffed from the bytes
    ("text/html; charset=utf-8", b"\xef\xbb\xbf" + PAGE.encode("utf-8")),
])
def test_charset_from_the_response(server, content_type: str, body: bytes) -> None:
    server.routes["/a"] = Route(body, content_type=content_type)
    assert load_url(server.url("/a"), FAST).title == "Die neue Brücke öffnet"


def test_a_wrong_declared_charset_is_replaced_and_logged(server, caplog) -> None:
    server.routes["/a"] = Route(PAGE.encode("latin-1"), content_type="text/html; charset=utf-8")
    article = load_url(server.url("/a"), FAST)
    assert "\ufffd" in article.title and "not valid utf-8" in caplog.text


def test_busy_server_is_retried_honouring_retry_after(server) -> None:
    server.routes["/a"] = Route(PAGE.encode("utf-8"), busy=2, headers={"Retry-After": "0.3"})
    start = time.monotonic()
    assert load_url(server.url("/a"), FAST).title == "Die neue Brücke öffnet"
    assert len(server.requests) == 3 and time.monotonic() - start >= 0.6


def _refused_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/artikel"


BAD = {  # name → (route or None, url path or full URL, settings, words the one line must hold)
    "dns": (None, "http://nirgendwo.invalid/artikel", FAST, "was not found"),
    "refused": (None, "refused", FAST, "refused the connection"),
    "404": (None, "/fehlt", FAST, "HTTP 404"),
    "410": (Route(b"weg", status=410), "/a", FAST, "HTTP 410"),
    "403": (Route(b"nein", status=403), "/a", FAST, "refuses access"),
    "pdf": (Route(b"%PDF-1.4", content_type="application/pdf"), "/a", FAST, "is application/pdf, not a web page"),
    "image": (Route(b"\x89PNG", content_type="image/png"), "/a", FAST, "is image/png"),
    "too big (announced)": (Route(b"<p>x</p>" * 4000), "/a", FetchSettings(max_bytes=4096), "larger than"),
    "too big (gzip, unannounced)": (Route(b"<p>x</p>" * 4000, gzip=True, length=None), "/a",
                                    FetchSettings(max_bytes=4096), "larger than"),
    "redirect loop": (Route(redirect="/a"), "/a", FAST, "redirect loop"),
    "slow to answer": (Route(PAGE.encode(), delay_s=1.5), "/a",
                       FetchSettings(read_timeout_s=0.5, retries=0), "did not answer within 0.5 s"),
    "trickling": (Route(PAGE.encode() * 20, trickle_s=0.1), "/a",
                  FetchSettings(read_timeout_s=0.5, retries=0), "did not answer within"),
    "busy too long": (Route(b"x", busy=5, headers={"Retry-After": "3600"}), "/a", FAST, "asks to wait 3600 s"),
    "busy for good": (Route(b"x", busy=5), "/a", FAST, "HTTP 503"),
    "empty": (Route(b""), "/a", FAST, "is empty"),
    "unparsable address": (None, "http://[::1/artikel", FAST, "not a valid web address"),
    "space in the host": (None, "http://exa mple.de/artikel", FAST, "not a valid web address"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_one_line_naming_the_url(server, name: str) -> None:
    route, where, settings, expect = BAD[name]
    if route is not None:
        server.routes["/a"] = route
    url = _refused_url() if where == "refused" else where if "://" in where else server.url(where)
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_url(url, settings)
    message = str(caught.value)
    assert expect in message and url in message and "\n" not in message, message
    assert time.monotonic() - start < 30  # bounded: no test waits for a default timeout


def test_only_pages_are_accepted() -> None:
    assert {"text/html", "application/xhtml+xml"} <= set(PAGE_TYPES)
    assert not {"application/pdf", "image/png", "application/rss+xml"} & set(PAGE_TYPES)


@pytest.mark.parametrize("text, expected", [
    ("https://example.org/a", True), ("http://x.de", True), ("ftp://x.de/a", False),
    ("artikel.html", False), ("https:/kaputt", False), ("/tmp/a.html", False), ("HTTPS://X.DE/a", True),
    ("http://[::1/a", True),  # meant as a URL: refused with a clear line when fetched
])
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


@pytest.mark.parametrize("url, stem", [
    ("https://www.example.de/politik/wahl-in-bremen-100.html", "wahl-in-bremen-100"),
    ("https://www.example.de/politik/wahl/", "wahl"),
    ("https://www.example.de/politik/index.php", "politik"),
    ("https://www.example.de/", "www.example.de"),
    ("https://www.example.de/artikel.php?id=42", "artikel-id-42"),
    ("https://www.example.de/?id=42", "id-42"),
    ("https://www.example.de/Gr%C3%BC%C3%9Fe-aus-K%C3%B6ln", "Gruesse-aus-Koeln"),
    ("https://www.example.de/..%2F..%2Fetc%2Fpasswd", "passwd"),
    ("https://www.example.de/con.html", "con_"),
    ("https://www.example.de/" + "x" * 300, "x" * 80),
    ("http://[::1/a", "seite"),
])
def test_url_file_stem(url: str, stem: str) -> None:
    assert url_file_stem(url) == stem


@pytest.mark.parametrize("text, stem", [
    ("Die Brücke: öffnet?", "Die-Bruecke-oeffnet"), ("...", "artikel"), (".versteckt", "versteckt"),
    ("NUL", "NUL_"), ("lpt1.txt", "lpt1.txt_"), ("a/b\\c", "a-b-c"), ("Ça va — 100 %", "Ca-va-100"),
])
def test_safe_file_stem(text: str, stem: str) -> None:
    assert safe_file_stem(text) == stem
