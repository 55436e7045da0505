"""URL → Article: fetch a page over HTTP(S) and read it exactly as a saved page is read.

The HTTP library is requests (Apache-2.0) on urllib3 (MIT): narrate is synchronous, urllib3 is already
installed for trafilatura, and requests gives gzip/deflate, a redirect cap and proxies from the
environment. Retries are our own small loop rather than urllib3's Retry, so that a Retry-After longer
than we are willing to wait becomes a clear message instead of a cron run that blocks for an hour.
Only the URL given (and where it redirects) is ever fetched.
"""

from __future__ import annotations

import codecs
import logging
import re
import socket
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Final
from urllib.parse import unquote, urlsplit

from narrate import __version__
from narrate.article.decoding import decode_bytes
from narrate.article.reading import parse_article
from narrate.config import FetchSettings
from narrate.errors import InputError
from narrate.models import Article

log = logging.getLogger(__name__)

USER_AGENT: Final = f"narrate/{__version__} (reads German news articles aloud; one fetch per article)"
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
# What a page may be, and the format parse_article reads it as.
PAGE_TYPES: Final = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt",
                     "text/markdown": "md"}
MAX_NAME_CHARS: Final = 80  # a file name made from a URL or a title (ASCII, so also bytes)
_CHUNK = 64 * 1024
_RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}
_WEB_SUFFIX = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cgi)$", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


@dataclass(frozen=True)
class Fetched:
    """A response body as bytes (gzip undone), with where it finally came from and what it says it is."""

    url: str  # as asked
    final_url: str  # after redirects
    data: bytes
    media_type: str  # e.g. "text/html"; "" when the server sent none
    charset: str | None  # from the Content-Type header


def is_url(text: object) -> bool:
    """An absolute http(s) URL (what `narrate URL` and `narrate feed URL` accept)."""
    if not isinstance(text, str) or not text.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(urlsplit(text).netloc)
    except ValueError:  # e.g. an unclosed [IPv6 bracket: still meant as a URL, refused when fetched
        return True


# ── file names from URLs and titles ──────────────────────────────────────────


def safe_file_stem(text: str, fallback: str = "artikel") -> str:
    """A file name stem valid on every filesystem: ASCII letters, digits, . _ -, no reserved name.

    Umlauts are spelt out (ä → ae) so German slugs stay readable; at most MAX_NAME_CHARS; never
    hidden (no leading dot), never a Windows device name (CON, NUL, COM1, …).
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"-{2,}", "-", _NOT_NAME.sub("-", text)).strip(".-_")
    stem = stem[:MAX_NAME_CHARS].rstrip(".-_")
    if not stem:
        return fallback
    if stem.split(".")[0].lower() in _RESERVED_NAMES:
        stem = f"{stem}_"
    return stem


def url_file_stem(url: str) -> str:
    """The last path segment (without .html, .php, …; an `index` page takes its folder's name), the
    query appended so `?id=1` and `?id=2` differ; the host name when the path says nothing."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:  # an address that cannot be fetched either; its error comes then
        return "seite"
    segments = [s for s in unquote(parts.path).split("/") if s]
    stem = ""
    while segments and not stem:
        stem = _WEB_SUFFIX.sub("", segments.pop())
        if stem.lower() in ("index", "default", "start"):
            stem = ""
    if parts.query:
        stem = f"{stem}-{unquote(parts.query)}" if stem else unquote(parts.query)
    return safe_file_stem(stem or host, fallback="seite")


# ── fetching ─────────────────────────────────────────────────────────────────


def _session(settings: FetchSettings):
    import requests  # imported here: only `narrate URL` and `narrate feed` need it

    session = requests.Session()
    session.max_redirects = settings.max_redirects
    session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                            "Accept-Language": "de, en;q=0.5"})
    return session


def fetch_url(url: str, accept: Mapping[str, str], settings: FetchSettings | None = None) -> Fetched:
    """GET `url` with the limits of `settings`; `accept` maps the media types wanted to a format
    ("html", "txt", "md"; "feed" for feeds).

    Retries 429 and 5xx answers with backoff (Retry-After honoured up to settings.max_wait_s).
    Raises InputError with one line naming the URL and what to do for every failure.
    """
    import requests

    settings = settings or FetchSettings()
    with _session(settings) as session:
        for attempt in range(settings.retries + 1):
            try:
                response = session.get(url, stream=True, allow_redirects=True,
                                       timeout=(settings.connect_timeout_s, settings.read_timeout_s),
                                       headers={"Accept": ", ".join([*accept, "*/*;q=0.1"])})
            except (requests.RequestException, ValueError) as exc:  # ValueError: a URL urllib3 cannot parse
                raise _request_error(url, exc, settings) from None
            with response:
                if response.status_code in RETRY_STATUSES and attempt < settings.retries:
                    wait = _retry_wait(url, response, attempt, settings)
                    log.info("%s answered HTTP %d; trying again in %.1f s", url, response.status_code, wait)
                    time.sleep(wait)
                    continue
                _check_status(url, response)
                media_type, charset = _content_type(response.headers.get("Content-Type", ""))
                if media_type and media_type not in accept:
                    raise InputError(f"{url} is {media_type}, not {_kinds(accept)}")
                data = _read_body(url, response, settings)
                return Fetched(url, response.url, data, media_type, charset)
    raise AssertionError("unreachable: the last try returns or raises")


def _kinds(accept: Mapping[str, str]) -> str:
    """What was wanted, and what to give instead."""
    if "feed" in accept.values():
        return "an RSS or Atom feed; give the address of the feed itself"
    return "a web page; give the address of the article itself"


def _retry_wait(url: str, response, attempt: int, settings: FetchSettings) -> float:
    """Seconds to wait before the next try: Retry-After when sent, else exponential backoff."""
    header = (response.headers.get("Retry-After") or "").strip()
    wait = settings.backoff_s * 2 ** attempt
    if header:
        try:
            wait = max(0.0, float(header))
        except ValueError:
            try:
                wait = max(0.0, parsedate_to_datetime(header).timestamp() - time.time())
            except (TypeError, ValueError, IndexError):
                log.info("%s: unreadable Retry-After %r; backing off %.1f s", url, header, wait)
    if wait > settings.max_wait_s:
        raise InputError(f"{url} is busy (HTTP {response.status_code}) and asks to wait {wait:.0f} s; "
                         "try again later")
    return wait


_STATUS_ADVICE = {
    401: "the page needs a login; save it from your browser and narrate the file",
    403: "the site refuses access (it may block automated readers); save the page from your browser "
         "and narrate the file",
    404: "the page was not found; check the address",
    410: "the page was removed; drop it from your list",
    429: "the site limits requests; try again later",
}


def _check_status(url: str, response) -> None:
    code = response.status_code
    if code < 400:
        return
    advice = _STATUS_ADVICE.get(code)
    if advice is None:
        reason = f" {response.reason}" if response.reason else ""
        advice = f"the server answered{reason}; " + ("try again later" if code >= 500 else "check the address")
    raise InputError(f"{url}: HTTP {code}; {advice}")


def _content_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from a Content-Type header; ("", None) when there is none."""
    if not header.strip():
        return "", None
    message = Message()
    message["Content-Type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), str(charset).strip().lower() if charset else None


def _read_body(url: str, response, settings: FetchSettings) -> bytes:
    """The decoded body, stopping at the size cap and at the whole-response deadline."""
    cap_mb = settings.max_bytes / (1024 * 1024)
    too_big = (f"{url} is larger than {cap_mb:g} MB, too large for an article; "
               "check the address, or save the article text and narrate the file")
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > settings.max_bytes:
        raise InputError(too_big)
    deadline = time.monotonic() + settings.read_timeout_s
    body = bytearray()
    try:
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > settings.max_bytes:
                raise InputError(too_big)
            if time.monotonic() > deadline:
                raise InputError(_timeout_message(url, settings))
    except InputError:
        raise
    except Exception as exc:  # requests/urllib3 errors while streaming: timeouts, resets, bad gzip
        raise _request_error(url, exc, settings) from None
    return bytes(body)


def _timeout_message(url: str, settings: FetchSettings) -> str:
    return (f"{url} did not answer within {settings.read_timeout_s:g} s; "
            "try again later or check the address")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (requests → urllib3 → socket)."""
    seen, todo = set(), [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None),
                  *(a for a in current.args if isinstance(a, BaseException))]
        todo.extend(e for e in linked if isinstance(e, BaseException))


def _request_error(url: str, exc: Exception, settings: FetchSettings) -> InputError:
    """One line for a failed request, by what caused it."""
    import requests
    from urllib3.exceptions import NameResolutionError

    causes = list(_causes(exc))
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        host = url
    if any(isinstance(c, requests.TooManyRedirects) for c in causes):
        return InputError(f"{url} redirects more than {settings.max_redirects} times (a redirect loop?); "
                          "open it in a browser and give the address it ends at")
    if any(isinstance(c, (socket.gaierror, NameResolutionError)) for c in causes):
        return InputError(f"{url}: the host {host} was not found; check the address and the network")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return InputError(f"{url}: {host} refused the connection; check the address or try again later")
    if any(isinstance(c, (requests.Timeout, socket.timeout, TimeoutError)) for c in causes):
        return InputError(_timeout_message(url, settings))
    if any(isinstance(c, requests.exceptions.SSLError) for c in causes):
        return InputError(f"{url}: the secure connection failed; check the address (https) and the clock")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema, ValueError)):
        return InputError(f"{url} is not a valid web address; give an http:// or https:// URL")
    log.debug("fetching %s failed", url, exc_info=exc)
    return InputError(f"{url} could not be fetched ({type(exc).__name__}); check the address and "
                      "the network, or try again later")


# ── bytes → text → Article ───────────────────────────────────────────────────


def decode_fetched(page: Fetched) -> str:
    """The charset the response declares (a BOM wins, as in browsers), else sniffed from the bytes."""
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    charset = page.charset
    if charset and not page.data.startswith(boms):
        try:
            codecs.lookup(charset)
        except LookupError:
            log.warning("%s declares the unknown charset %r; guessing from the bytes", page.url, charset)
        else:
            if not page.data.strip():
                raise InputError(f"{page.url} is empty; check the address")
            try:
                return page.data.decode(charset)
            except UnicodeDecodeError:
                text = page.data.decode(charset, errors="replace")
                log.warning("%s: some bytes are not valid %s; %d characters were replaced (U+FFFD)",
                            page.url, charset, text.count("\ufffd"))
                return text
    return decode_bytes(page.data, page.url)


def load_url(url: str, settings: FetchSettings | None = None) -> Article:
    """Fetch a page and clean it like a saved page; its address becomes meta.url if it names none."""
    page = fetch_url(url, PAGE_TYPES, settings)
    text = decode_fetched(page)
    fmt = PAGE_TYPES.get(page.media_type, "html")
    try:
        article = parse_article(text, fmt)
    except InputError as exc:  # parse_article calls an input without a path "the input"
        raise InputError(str(exc).replace("the input", url, 1)) from None
    if article.meta.url:
        return article
    return replace(article, meta=replace(article.meta, url=page.final_url))
