"""Bytes → text for articles: which encoding a file or stdin is in, decided by stated rules.

Rules, in order (each one logged when it is not plain UTF-8):
1. A byte-order mark decides (UTF-8, UTF-16 LE/BE).
2. UTF-16 without a BOM: most bytes at one parity are NUL while the others are not (ASCII text in
   UTF-16) → decoded as UTF-16 LE or BE. Other NUL bytes mean binary.
3. An HTML page's declared charset (`<meta charset>`, `http-equiv` content) is honoured, unless the
   bytes are valid UTF-8 with multi-byte letters (a wrong declaration; UTF-8 never happens by chance).
4. UTF-8 that is valid → UTF-8. UTF-8 with a few stray invalid bytes among valid multi-byte letters →
   UTF-8 with those bytes replaced (U+FFFD, then removed), logged; never re-decoded whole as cp1252,
   which would garble every umlaut ("fÃ¼r").
5. Otherwise cp1252 (Windows; a superset of latin-1's letters), else latin-1.
A text with more control characters than BINARY_CONTROL_SHARE is binary, whatever the encoding.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from narrate.errors import InputError

log = logging.getLogger(__name__)

BINARY_CONTROL_SHARE = 0.01  # more control characters than this (share of all) means not text
UTF16_NUL_SHARE = 0.3  # UTF-16 text without BOM: at least this share of one parity's bytes is NUL
STRAY_BYTE_MAX_SHARE = 0.1  # stray invalid bytes per valid multi-byte UTF-8 letter still called UTF-8

_DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_bytes(data: bytes, name: str) -> str:
    """The text of an article file or of stdin; InputError for empty or binary data."""
    if not data.strip():
        raise InputError(f"{name} is empty; give a file that contains the article text")
    text = _decode(data, name)
    if text is None:
        raise InputError(f"{name} looks like a binary file, not text; give a .txt, .md or .html article")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > BINARY_CONTROL_SHARE * len(text):
        raise InputError(f"{name} looks like a binary file, not text; give a .txt, .md or .html article")
    return text


def _decode(data: bytes, name: str) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[3:], name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        return _utf16_without_bom(data, name)
    declared = _declared_charset(data)
    if declared and declared != "utf-8" and not _MULTIBYTE.search(data):
        log.info("%s declares charset %s; reading it so", name, declared)
        return data.decode(declared, errors="replace")
    if declared and declared != "utf-8":
        log.warning("%s declares charset %s but is UTF-8; reading it as UTF-8", name, declared)
    return _utf8(data, name)


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    stray = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    letters = len(_MULTIBYTE.findall(data))
    if letters and stray <= max(1, STRAY_BYTE_MAX_SHARE * letters):
        log.warning("%s is UTF-8 with %d invalid byte(s); they were left out", name, stray)
        return text.replace("\ufffd", "")
    log.info("%s is not UTF-8; reading it as cp1252", name)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _utf16_without_bom(data: bytes, name: str) -> str | None:
    """ASCII-heavy UTF-16: NUL in every other byte. Anything else with NUL bytes is binary."""
    even, odd = data[0::2], data[1::2]
    share_even = even.count(0) / max(1, len(even))
    share_odd = odd.count(0) / max(1, len(odd))
    if len(data) % 2 or max(share_even, share_odd) < UTF16_NUL_SHARE or min(share_even, share_odd) > 0.05:
        return None
    encoding = "utf-16-le" if share_odd > share_even else "utf-16-be"
    log.info("%s has no byte-order mark but is %s; reading it so", name, encoding.upper())
    return data.decode(encoding, errors="replace")


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, as a Python codec name, or None."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name.replace("_", "-")
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name  # as browsers do (WHATWG)
