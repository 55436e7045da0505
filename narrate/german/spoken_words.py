"""Spoken forms of non-number text: characters, URLs and e-mail, abbreviations, acronyms, symbols.

Characters: Latin and Greek letters are kept, Cyrillic is transliterated (Duden: "Путин" → "Putin"),
letters of other scripts, emoji and control characters are dropped, since a German voice would
read them as "kyrillisch P…" or not at all.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from narrate.german import spoken_tables
from narrate.german.spoken_numbers import digit_words

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    "a b w g d e jo sch s i i k l m n o p r s t u f ch z tsch sch schtsch - y - e ju ja i ji je g"
    .split(" ")))
_CHAR_MAP = {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
             "−": "-", "‐": "-", "‑": "-", "—": "–", "⁄": "/", "…": "...", "\u00ad": "", "°": "°"}
_KEEP_CATEGORIES = ("Sc", "Sm", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Pc", "Zs")
# Rule "thousands grouped by a space": "100 000", "1 000 000" (space, no-break or thin space) are
# one number. In a run of digit groups separated by single spaces, a head of one to three digits
# not starting with 0 takes the whole groups of three after it ("2020 2 000" → "2020 2.000").
# A run that is a phone number is left alone: it starts with "+" or "0", or follows "Tel.", "Fax".
_DIGIT_GROUPS = re.compile(r"(?<![\w.,/])\+?\d+(?:[ \u00a0\u2009\u202f]\d+)+(?![\d]|[.,]\d{3})")
_THOUSANDS_IN_RUN = re.compile(r"(?<!\d)[1-9]\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)")
_PHONE_CUE = re.compile(r"(?:Tel|Telefon|Fax|Mobil|Handy|Hotline|Nr)\.?:?\s*$")
_GROUP_SPACE = re.compile(r"[ \u00a0\u2009\u202f]")

_SEPARATORS = {".": "punkt", "/": "slash", "@": "at", "?": "fragezeichen", "=": "gleich", "&": "und",
               "#": "raute", ":": "doppelpunkt", "_": "unterstrich", "~": "tilde", "+": "plus",
               "%": "prozent", "-": "bindestrich"}
_SAY_AS_WORD = frozenset({"com", "net", "org", "edu", "gov", "info", "online", "app", "web", "mail"})
_TLDS = r"(?:de|com|org|net|edu|gov|eu|at|ch|info|io|uk|fr|it|nl|be|es|pl|ru|tv|me|app|online|berlin|int)"
_ADDRESS_CHARS = r"[^\s<>\"„“”(),;]"
_EMAIL = re.compile(r"(?<![\w.@+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_URL = re.compile(rf"(?:https?://|www\.){_ADDRESS_CHARS}+"
                  rf"|(?<![\w@./-])(?:[\w-]{{1,63}}\.){{1,8}}{_TLDS}(?:/{_ADDRESS_CHARS}*)?(?![\w])")
_HANDLE = re.compile(r"(?<![\w.])@(?P<handle>\w+(?:\.\w+)*)")
_ADDRESS_PARTS = re.compile(r"\d+|[^\W\d_]+|[./@?=&#:_~+%-]")
_VOWELS = frozenset("aeiouyäöü")

_STREET = re.compile(r"(?:(?<=[a-zäöüß])(s)|(?<=[a-zäöüß]-)S)tr(?:\.(?=\s|,|$)|$)")
_DETERMINERS_EN = frozenset("des dem den einem einen einer im am zum vom beim zur".split())
_GENDER_COLON = re.compile(r"(?<=[a-zäöüß])[:*_](?=innen\b|in\b)")
_SYMBOL_WORDS = {"&": " und ", "+": " plus ", "=": " gleich ", "@": " at ", "°": " Grad ",
                 "²": " hoch zwei ", "³": " hoch drei ", "<": " ", ">": " ",
                 "~": " circa ", "§": " Paragraf ", "%": " Prozent ", "‰": " Promille ", "€": " Euro ",
                 "$": " Dollar ", "£": " Pfund ", "¥": " Yen ", "±": " plus minus ", "×": " mal ",
                 "÷": " geteilt durch ", "/": " ", "\\": " ", "#": " ", "*": "", "_": " ", "|": ", ",
                 "(": ", ", ")": ", ", "[": ", ", "]": ", ", "{": ", ", "}": ", ", "•": ", ",
                 "·": " ", "µ": " mikro ", "μ": " mikro ", "^": " ", "`": " ", "´": " "}
_SYMBOLS = re.compile("[" + re.escape("".join(_SYMBOL_WORDS)) + "]")
_DASH_RUN = re.compile(r"[-–]{2,}")
# Rule "slash between names": "Bündnis 90/Die Grünen", "SARAJEWO / HELSINKI", "Thyssen / Veba"
# are two names with a pause between; "und/oder" just runs on.
_SLASH_PAUSE = re.compile(r"(?<=\w)\s*/\s*(?=[A-ZÄÖÜ])")
_SYMBOL_RUN = re.compile(r"([=*_#~+<>|^`])\1{2,}")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:?!])")
_GLUED_COMMA = re.compile(r",(?=[^\W\d])")
_REPEATED_COMMA = re.compile(r"(?:,\s*){2,}")
_EDGE_COMMAS = re.compile(r"^[\s,]+|[\s,]+$")
_DIGITS = re.compile(r"\d+")


def _clean_char(ch: str) -> str:
    if ch in _CHAR_MAP:
        return _CHAR_MAP[ch]
    category = unicodedata.category(ch)
    if category == "Nd":
        return str(unicodedata.digit(ch))
    if category.startswith("L"):
        code = ord(ch)
        if code < 0x0250 or 0x1E00 <= code <= 0x1EFF or 0x0370 <= code <= 0x03FF:
            return ch
        lower = ch.lower()
        if lower in _CYRILLIC:
            latin = _CYRILLIC[lower].strip("-")
            return latin.capitalize() if ch.isupper() else latin
        return " "
    if category == "No":
        fraction = unicodedata.normalize("NFKC", ch)
        if "⁄" in fraction:
            return " " + fraction.replace("⁄", "/") + " "
        return ch if ch in "²³" else " "
    if category in _KEEP_CATEGORIES:
        return ch
    return " " if category in ("So", "Sk", "Cc", "Zl", "Zp") else ""


def _join_thousands(match: re.Match[str]) -> str:
    run = match.group(0)
    if run[0] in "+0" or _PHONE_CUE.search(match.string, max(0, match.start() - 12), match.start()):
        return run
    return _THOUSANDS_IN_RUN.sub(lambda m: _GROUP_SPACE.sub(".", m.group(0)), run)


def clean_characters(text: str) -> str:
    """Control characters, emoji and letters a German voice cannot read → dropped; odd spaces → " "."""
    if " " in text or not text.isascii():
        text = _DIGIT_GROUPS.sub(_join_thousands, text)
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return "".join(ch if ch >= " " else " " for ch in text)
    return "".join(ch if " " <= ch < "\x7f" else _clean_char(ch) for ch in text)


def _spell_label(label: str) -> str:
    lower = label.lower()
    if lower in _SAY_AS_WORD:
        return lower
    vowels = sum(ch in _VOWELS for ch in lower)
    if len(lower) >= 4 and vowels / len(lower) > 0.25:
        return lower
    if len(lower) == 3 and lower[1] in _VOWELS and lower[0] not in _VOWELS and lower[2] not in _VOWELS:
        return lower
    return " ".join(lower)


def speak_address(address: str) -> str:
    """"www.tagesschau.de" → "w w w punkt tagesschau punkt d e"; the "https://" is not read."""
    address = re.sub(r"^https?://", "", address).rstrip("/")
    spoken = []
    for part in _ADDRESS_PARTS.findall(address):
        if part.isdigit():
            spoken.append(digit_words(part))
        elif part in _SEPARATORS:
            spoken.append(_SEPARATORS[part])
        else:
            spoken.append(_spell_label(part))
    return " ".join(spoken)


def _address(match: re.Match[str]) -> str:
    written = match.group(0)
    trimmed = written.rstrip(".,;:!?'\"")
    return speak_address(trimmed) + written[len(trimmed):]


def speak_addresses(text: str) -> str:
    """URLs, e-mail addresses and @handles spelled out as a newsreader reads them."""
    if "@" in text:
        text = _EMAIL.sub(_address, text)
    text = _URL.sub(_address, text)
    return _HANDLE.sub(lambda m: "at " + speak_address(m.group("handle")), text)


def _abbreviation_regex(written: str) -> str:
    parts = []
    for i, ch in enumerate(written):
        if ch == " ":
            parts.append(r"\s?")
        elif ch == ".":
            parts.append(r"\." if i < len(written) - 1 else r"(?:\.|$)")
        else:
            parts.append(re.escape(ch))
    return "".join(parts) + ("" if written.endswith(".") else r"(?!\w)")


def _key(written: str) -> str:
    key = re.sub(r"\s", "", written)
    return key if key.endswith(".") or not key[-1:].isalpha() else key + "."


@functools.cache
def _abbreviation_table() -> tuple[re.Pattern[str], dict[str, list[tuple[str, str]]]]:
    entries: dict[str, list[tuple[str, str]]] = {}
    for written, spoken, when in spoken_tables.abbreviations():
        variants = [(written, spoken)]
        if written[:1].islower():
            variants.append((written[:1].upper() + written[1:], spoken[:1].upper() + spoken[1:]))
        for form, words in variants:
            entries.setdefault(form, []).append((words, when))
    forms = sorted(entries, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(_abbreviation_regex(f) for f in forms) + ")")
    return pattern, {_key(form): spoken for form, spoken in entries.items()}


def _condition_holds(when: str, text: str, start: int, end: int) -> bool:
    after, before = text[end:end + 12], text[max(0, start - 12):start]
    if when == "number":
        return re.match(r"\s*,?\s*\d", after) is not None
    if when == "name":
        return re.match(r"\s*[A-ZÄÖÜ]", after) is not None
    if when == "after-number":
        return re.search(r"\d\s*$", before) is not None
    if when == "date":
        return re.search(r"\d\.\s*$", before) is not None or re.match(r"\s*\d", after) is not None
    return True


def _abbreviation(match: re.Match[str]) -> str:
    candidates = _abbreviation_table()[1].get(_key(match.group(0)), [])
    for spoken, when in candidates:
        if when == "adjective":
            before = match.string[max(0, match.start() - 10):match.start()].split()
            return spoken + ("n" if before and before[-1].lower() in _DETERMINERS_EN else "")
        if _condition_holds(when, match.string, match.start(), match.end()):
            return spoken
    return match.group(0)


def expand_abbreviations(text: str) -> str:
    """"z. B." → "zum Beispiel", "Dr." → "Doktor", "St. Pauli" → "Sankt Pauli" (from voices/abbreviations.tsv).

    Rule "street names": "Kruppstr. 64", "Karl-Marx-Str." end in "straße"/"Straße".
    """
    text = _STREET.sub(lambda m: "straße" if m.group(1) else "Straße", text)
    return _abbreviation_table()[0].sub(_abbreviation, text)


def tidy_symbols(text: str) -> str:
    """Symbols → words or pauses, any digit left → digit words, spaces and commas tidied."""
    text = _GENDER_COLON.sub("", text)
    text = _DASH_RUN.sub(" – ", text)
    text = _SYMBOL_RUN.sub(" ", text)
    text = _SLASH_PAUSE.sub(", ", text)
    text = _SYMBOLS.sub(lambda m: _SYMBOL_WORDS[m.group(0)], text)
    text = "".join(" " if unicodedata.category(ch) in ("Sc", "Sm", "So", "No") and ch not in "²³" else ch
                   for ch in text) if not text.isascii() else text
    text = _DIGITS.sub(lambda m: f" {digit_words(m.group(0))} ", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _GLUED_COMMA.sub(", ", text)
    text = _REPEATED_COMMA.sub(", ", text)
    return _EDGE_COMMAS.sub("", text)
