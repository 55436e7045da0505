"""Page chrome and copy-paste noise in scraped German news articles: one table, a few predicates.

Every pattern below matches a *whole* line or paragraph, never a part of a sentence, so an article
sentence that merely mentions a photo, a source or an advert ("Das Foto ging um die Welt.") is never
touched. The one in-paragraph removal is a trailing photo credit ("… (Foto: dpa)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import unicodedata
from typing import Final

# Single chrome tokens; a line made only of these (separated by spaces, |, ·, •, commas, slashes or a
# colon) is chrome: "Teilen", "Teilen: Facebook | WhatsApp | E-Mail", "Lesezeit: 4 Min. · Artikel anhören".
CHROME_TOKENS: Final = (
    # audio/video player
    r"Audio abspielen", r"Audio herunterladen", r"Video abspielen", r"Artikel (?:vor)?lesen lassen",
    r"Artikel anhören", r"Anhören", r"Vorlesen", r"Artikel vorlesen", r"Mehr Infos", r"Mehr Informationen",
    r"Wiedergabe", r"Pause", r"Play", r"\d(?:[.,]\d+)?x", r"Audio", r"Video",
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*Min\.?)?",  # 00:00, 03:45, 12:31 Min.
    r"Diese Audioversion wurde (?:künstlich|automatisch|maschinell) (?:generiert|erzeugt)\.?",
    # reading time
    r"(?:Lesezeit|Lesedauer)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:Min\.?|Minuten)",
    r"\d+\s*(?:Min\.?|Minuten)\s*(?:Lesezeit|Lesedauer)",
    # sharing, comments, print
    r"Teilen", r"Artikel teilen", r"Seite teilen", r"Link kopieren", r"Twitter", r"X", r"Facebook",
    r"WhatsApp", r"Threads", r"Bluesky", r"Mastodon", r"LinkedIn", r"Xing", r"Pinterest", r"Telegram",
    r"Messenger", r"Flipboard", r"Pocket", r"E-Mail", r"Email", r"Mail", r"Drucken", r"Merken",
    r"Zur Merkliste", r"Kommentieren", r"\d*\s*Kommentare?(?:\s*\(\d+\))?",
    # subscription and paywall
    r"Jetzt abonnieren", r"Abonnieren", r"Abo", r"Abo abschließen", r"Plus-Artikel", r"Plus", r"Exklusiv",
    r"Jetzt anmelden", r"Anmelden", r"Jetzt registrieren", r"Registrieren", r"Login", r"Newsletter",
    r"Newsletter abonnieren", r"Zum Newsletter",
    # consent
    r"Zustimmen", r"Akzeptieren", r"Alle akzeptieren", r"Ablehnen", r"Alle ablehnen", r"Einstellungen",
    r"Cookie-Einstellungen", r"Datenschutzeinstellungen", r"OK",
    # adverts
    r"Anzeige", r"Werbung", r"Sponsored", r"Advertorial",
    # navigation and footer
    r"Startseite", r"Home", r"Menü", r"Suche", r"Navigation", r"Zurück", r"Weiter", r"Nach oben",
    r"Zum Seitenanfang", r"Impressum", r"Datenschutz", r"Datenschutzerklärung", r"Kontakt", r"AGB",
    r"Barrierefreiheit", r"Mediadaten", r"Über uns", r"Hilfe", r"FAQ", r"RSS",
    # skip links, widgets, account boxes (issue 10)
    r"Hauptinhalt", r"Zum (?:Haupt)?[Ii]nhalt(?: springen)?", r"(?:Direkt|Springe) zum (?:Haupt)?[Ii]nhalt",
    r"Zur Navigation", r"Gefällt mir", r"Wird geladen\.*", r"Teilen mit", r"Keine Kommentare",
    r"Kommentare insgesamt", r"PDF", r"Community", r"Passwort vergessen\??", r"Aktualisiert(?: am)?",
    r"Mehr anzeigen", r"Nicht mehr anzeigen", r"Schließen", r"Antworten", r"Melden", r"Gefällt \d+ Mal",
)
_TOKEN_ALT = "|".join(sorted(CHROME_TOKENS, key=len, reverse=True))
_SEP = r"(?:\s*[|·•,/]\s*|:\s*|\s+)"
CHROME_LINE: Final = re.compile(rf"(?:(?:{_TOKEN_ALT})(?:{_SEP}|$))+", re.IGNORECASE)

# Whole-line noise that is not a sequence of tokens; (pattern, why) — checked with fullmatch.
NOISE_LINES: Final = tuple(
    (re.compile(p, re.IGNORECASE if ci else 0), why)
    for p, ci, why in (
        (r"(?:Fotos?|Bild(?:er)?|Bildquelle|Bildrechte|Grafik|Illustration|Videos?|Quellen?|Montage)"
         r"\s*:\s*\S.{0,98}", False, "photo credit or source line"),
        (r"(?:©|\(c\)|Copyright)\s*.{1,100}", True, "copyright line"),
        (r".{0,60}Alle Rechte vorbehalten\.?.{0,60}", True, "footer"),
        (r"(?:Wir verwenden|Diese (?:Web)?[Ss]eite (?:verwendet|nutzt)|Wir nutzen) Cookies.{0,500}", False,
         "cookie banner"),
        (r"(?:Lesen Sie (?:auch|mehr)|Mehr zum Thema|Auch interessant|Mehr dazu|Zum Thema|(?:Zum )?Weiterlesen|"
         r"Auch lesen|Lies auch|Lesen Sie hier|Schon gelesen\??|Lesetipp|Siehe auch|Passend dazu|Ebenfalls interessant)"
         r"\s*:\s*.{1,150}", False, "single related link"),
        (r"\+\+\+.{1,200}\+\+\+", False, "ticker line"),
        (r"\(\s*[a-z]{2,4}(?:/[a-z]{2,4})*\s*\)", True, "agency or author tag"),
        (r"%?d? ?Bloggern gefällt das:?", False, "like widget"),
        (r"Deine Registrierung war erfolgreich.{0,80}", False, "account box"),
        (r"(?:Sie sind|Du bist) (?:aktuell |derzeit )?nicht (?:eingeloggt|angemeldet)\.?", False, "account box"),
        (r"(?:Über dieses Thema berichtete|Dieses Thema im Programm:).{1,200}", False, "broadcast note"),
        (r"Video verfügbar bis.{1,40}", False, "video availability"),
        (r"(?:Folgen? (?:Sie )?uns|Besuchen Sie uns) (?:auf|bei|in) .{1,100}", False, "follow box"),
        (r"(?:Login|Anmelden|Einloggen) oder (?:neu )?registrieren\??", False, "account box"),
        (r"(?:Ich möchte|Ja, ich möchte) .{0,160}(?:per E-Mail|per Mail|als E-Mail|im Postfach) erhalten\.?.{0,200}",
         False, "newsletter consent box"),
        (r"(?:Sieh dir|Sehen Sie sich) diese[nm]? (?:Beitrag|Post|Tweet|Video) auf \w+ an\.?|"
         r"Ein Beitrag geteilt von .{1,80}", False, "embedded post placeholder"),
        (r".{1,150}?(?:PDF|DOCX?|XLSX?|ZIP|MP3)\s*\|\s*\d+(?:[.,]\d+)?\s*[KMG]B.{0,60}", False, "download link"),
        (r"[^>›»\n.!?]{1,40}(?:\s*[>›»]\s*[^>›»\n.!?]{1,40}){1,6}", False, "breadcrumbs"),
        (r"(?:Melden Sie sich an|Loggen Sie sich ein|Registrieren Sie sich),? um .{1,60}", False,
         "comment box"),
        (r"Sie haben bereits ein (?:Abo|Abonnement)\?.{0,80}", False, "paywall"),
        # the site speaking about itself: donation appeals, issue adverts, "like us" boxes (issue 10, round 2)
        (r"(?:Jetzt )?(?:Unterstütze|Unterstützen Sie) (?:uns|unsere Arbeit|(?:unabhängigen |unseren )?Journalismus|"
         r"\S+ (?:bereits |schon )?(?:mit|ab) (?:nur )?\d[\d,.]*\s*(?:€|Euro)?)\s*[!.]?", True, "donation appeal"),
        (r"(?:Gefällt|Gefallen) (?:dir|Ihnen|euch) (?:unser|unsere|dieser|dieses|unser[e]?) \S+\?", True, "donation appeal"),
        (r"(?:Die|Unsere) (?:aktuelle|neue|neueste) Ausgabe .{0,120}(?:erhältlich|bestellen|am Kiosk|im Handel)\b.{0,40}",
         True, "issue advert"),
        (r">{2,}.{1,100}<{2,}", False, "button"),
        (r"(?:Anzeige|Werbung)\s+[-–|]\s*.{1,120}", True, "advert"),
        (r"(?:Kommentare?|Antworten|Aufrufe|Views)(?: insgesamt)?\s*:?\s*\d+", True, "counter"),
        (r"(?:Exklusiv für|Nur für) (?:Abonnenten|Abonnentinnen|Abonnierende).{0,60}", False, "paywall"),
    )
)

# A heading that introduces a list of links to other articles: it and the link titles after it go.
LIST_HEADING: Final = re.compile(
    r"(?:Mehr zum Thema|Mehr zu diesem Thema|Lesen Sie auch|Lesen Sie mehr|Auch interessant|"
    r"Das könnte Sie (?:auch )?interessieren|Weitere Artikel|Weitere Meldungen|Verwandte Artikel|"
    r"Verwandte Themen|Empfehlungen der Redaktion|Unsere Empfehlungen|Top-Themen|Meistgelesen|"
    r"Meistgelesene Artikel|Zum Thema|Mehr dazu|Mehr aus (?:\w+ ?){1,3}|"
    r"(?:Das )?könnte (?:Sie|dich|euch) (?:auch |ebenfalls )?interessieren!?|Schon gelesen\??|Auch lesen|"
    r"(?:Zum )?Weiterlesen|Mehr Themen|Videos? zum Thema|Beiträge aus dem Forum|Ähnliche (?:Beiträge|Artikel)|"
    r"Weitere (?:Beiträge|Artikel|Meldungen|Nachrichten|Themen|Videos)(?: \S+){0,4}|"
    r"Lesen Sie auch (?:die|diese) (?:folgenden )?(?:Beiträge|Artikel)|Mehr von(?: \S+){0,3}|"
    r"Auch auf \S+|Top-Themen(?: \S+){0,4}|Neueste (?:Beiträge|Artikel)|Beliebte (?:Beiträge|Artikel)|"
    r"Empfohlene (?:Beiträge|Artikel)|Entdecke weitere(?: \S+){1,3}|Aktuelle (?:Beiträge|Artikel|Ausgabe)|"
    r"Mehr zum Thema auf \S+|Weitere Informationen|Zusatzinformationen|Weiterführende Links|Quellen(?:angaben)?|"
    r"Vorschau auf (?:den|unseren) nächsten (?:Artikel|Beitrag))\s*:?",
    re.IGNORECASE,
)

# A newsletter box sentence: mentions the newsletter *and* a sign-up word or the site's own ("unserem
# Newsletter"), in a short paragraph.
_NEWSLETTER = re.compile(r"Newsletter", re.IGNORECASE)
_SIGN_UP = re.compile(
    r"abonnier|anmeld|bestell|registrier|Postfach|kostenlos|E-Mail-Adresse|unser(?:em|en|er)? \w*newsletter|"
    r"Jeden (?:Morgen|Abend|Tag|"
    r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)",
    re.IGNORECASE,
)
NEWSLETTER_MAX_CHARS: Final = 250

# Department names shown above the kicker; dropped only before the headline.
SECTION_LABELS: Final = frozenset(
    "politik wirtschaft kultur sport inland ausland panorama wissen wissenschaft gesellschaft meinung "
    "regional regionales lokales digital technik reise gesundheit feuilleton finanzen börse klima auto "
    "mobilität leben stil karriere bildung medien deutschland welt europa nachrichten news aktuell "
    "service verbraucher ratgeber kommentar analyse interview liveblog podcast".split()
)

# A photo credit at the end of a caption: "… (Foto: dpa)", "… Foto: Tagesblick/M. Weber", "… © dpa".
_AGENCIES = r"picture[ -]alliance|dpa|imago|getty ?images|istock(?:photo)?|reuters|afp|ap photo|adobe ?stock|shutterstock|keystone"
TRAILING_CREDIT: Final = re.compile(
    r"\s*(?:\(\s*(?:Fotos?|Bild|Bildquelle|Grafik|Quelle|Symbolbild|Archivbild|Archivfoto)\s*:\s*[^()]{1,80}\)\.?|"
    r"\((?:Symbolbild|Symbolfoto|Archivbild|Archivfoto)\)\.?|"
    rf"\((?=[^()]*/)[^()]{{0,60}}(?i:{_AGENCIES})[^()]{{0,60}}\)|"
    r"(?<![\w„“])(?:Fotos?|Bild|Bildquelle|Grafik)\s*:\s*[^:.!?]{1,60}(?:\.\s?[^:.!?]{1,40}){0,2}|"
    r"©\s*[^©]{1,80})$"
)
CAPTION_MAX_CHARS: Final = 300  # a paragraph this short that carries a photo credit is a caption

# ── dates and bylines → ArticleMeta ───────────────────────────────────────────
_MONTHS: Final = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
                  "oktober", "november", "dezember")
DATE_LINE: Final = re.compile(
    r"(?:(?:Stand|Veröffentlicht|Aktualisiert|Zuletzt aktualisiert|Erstellt|Datum)(?:\s+am)?\s*:?\s*)?"
    r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,?\s*)?"
    r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2}\.|" + "|".join(_MONTHS) + r")\s?(?P<y>\d{4})"
    r"(?:,?\s*(?:um\s*|-\s*)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?\.?",
    re.IGNORECASE,
)
_NAME = r"(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][\wäöüßéèáçñ'’-]*\.?(?:\s+(?:von |van |de |zu )?[A-ZÄÖÜ][\wäöüßéèáçñ'’-]*\.?){0,3}"
AUTHOR_LINE: Final = re.compile(rf"Von\s+(?P<name>{_NAME}(?:\s+und\s+{_NAME})?)(?:\s*[,|·]\s*[^!?]{{1,80}})?")

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MULTI_SPACE = re.compile(r" {2,}")
MAX_NOISE_LINE_CHARS: Final = 600  # longer text is always article text
SHOUTED_MIN_LETTERS: Final = 5  # a line of capitals this long is a label, not an acronym


def normalise_text(text: str) -> str:
    """NFC; CRLF/CR → LF; no-break, thin and other spaces → space; soft hyphens and controls removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return _CONTROL.sub("", text)


def squash(text: str) -> str:
    """Collapse runs of whitespace (including line breaks) into single spaces."""
    return _MULTI_SPACE.sub(" ", " ".join(text.split()))


def classify(text: str) -> str | None:
    """What a whole line or paragraph is, if it is not article text.

    Returns "noise", "list" (a related-links heading), "date", "author", "label" (a department name,
    noise only above the headline) or None for article text.
    """
    line = text.strip(" *_•·-–|")
    if not line or len(line) > MAX_NOISE_LINE_CHARS:
        return None if line else "noise"
    if line.lower() in SECTION_LABELS:
        return "label"
    if LIST_HEADING.fullmatch(line):
        return "list"
    if _is_shouted(line):
        return "noise"
    if DATE_LINE.fullmatch(line):
        return "date"
    if AUTHOR_LINE.fullmatch(line):
        return "author"
    if CHROME_LINE.fullmatch(line) or any(p.fullmatch(line) for p, _ in NOISE_LINES):
        return "noise"
    if len(line) <= NEWSLETTER_MAX_CHARS and _NEWSLETTER.search(line) and _SIGN_UP.search(line):
        return "noise"
    return None


def _is_shouted(line: str) -> bool:
    """A whole line in capitals ("HÄUFIG GESTELLTE FRAGEN", "PARTNER", "TAGS:"): a site's section
    label or button. German article text is never written so; an acronym ("NATO") is too short."""
    cased = [c for c in line if c.isupper() or c.islower()]  # scripts without case (CJK) never shout
    return len(cased) >= SHOUTED_MIN_LETTERS and not any(c.islower() for c in cased)


def parse_date(text: str) -> str:
    """ISO date (YYYY-MM-DD) from a German date line such as "Stand: 24.11.2026 14:05 Uhr", or ""."""
    m = DATE_LINE.fullmatch(text.strip())
    if not m:
        return ""
    month = m["m"].rstrip(".").lower()
    number = int(month) if month.isdigit() else _MONTHS.index(month) + 1
    day = int(m["d"])
    if not (1 <= number <= 12 and 1 <= day <= 31):
        return ""
    return f"{int(m['y']):04d}-{number:02d}-{day:02d}"


def parse_author(text: str) -> str:
    """The name from a byline such as "Von Anna Müller, ARD-Hauptstadtstudio", or ""."""
    m = AUTHOR_LINE.fullmatch(text.strip())
    return m["name"].strip() if m else ""


def strip_credit(text: str) -> tuple[str, bool]:
    """Remove a trailing photo credit; returns the rest and whether a credit was there."""
    m = TRAILING_CREDIT.search(text)
    if not m or m.start() == 0 and not text.startswith("("):
        return text, False
    return text[: m.start()].rstrip(), True


def is_caption(text: str) -> bool:
    """A short paragraph ending in a photo credit: a caption, not article text."""
    rest, had_credit = strip_credit(text)
    return had_credit and len(rest) <= CAPTION_MAX_CHARS


# ── paragraph-level cleaning, shared by the txt, md and html readers ──────────
_TERMINAL = ".!?:;,…\"“”»«)"
LINK_TITLE_MAX_CHARS: Final = 150
HEADING_MAX_CHARS: Final = 80
HEADING_MAX_WORDS: Final = 12


@dataclass(frozen=True)
class Block:
    """A paragraph-sized piece of the page before structure is decided.

    kind: "title" (explicit h1/#), "heading" (explicit h2…h6/##), "para", "item" (list item), "code".
    group: blocks from one blank-line-separated chunk of a text file share a group number.
    """

    kind: str
    text: str
    group: int = 0


@dataclass(frozen=True)
class Cleaned:
    blocks: tuple[Block, ...]
    date: str  # ISO date from a "Stand: …" line, or ""
    author: str  # from a "Von …" byline, or ""


def is_heading_like(text: str) -> bool:
    """A short single line without sentence-final punctuation: a possible headline or sub-heading."""
    return (
        "\n" not in text
        and 0 < len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and text[-1] not in _TERMINAL
        and (text[0].isupper() or text[0].isdigit())
        and not _two_sentences(text)
    )


_SENTENCE_BREAK = re.compile(r"[a-zäöüß]{3}[.!?]\s+[A-ZÄÖÜ]")
_ABBREVIATIONS = re.compile(r"\b(?:Prof|bzw|inkl|evtl|ggf|usw|vgl|gem|Sept|Okt|Nov|Dez|Str)\.")


def _two_sentences(text: str) -> bool:
    return bool(_SENTENCE_BREAK.search(_ABBREVIATIONS.sub("", text)))


def _is_link_title(block: Block) -> bool:
    text = block.text
    return block.kind == "item" or (
        block.kind == "para" and len(text) <= LINK_TITLE_MAX_CHARS and text[-1] not in ".!"
    )


def _skip_link_list(blocks: list[Block], kinds: list[str | None], start: int) -> int:
    """Index after the link titles that follow a "Mehr zum Thema" heading at start - 1.

    A link-like paragraph directly followed by article text is taken for a sub-heading and kept:
    losing a real heading is worse than reading one link title.
    """
    group = blocks[start - 1].group
    i = start
    while i < len(blocks) and kinds[i] is None and _is_link_title(blocks[i]):
        nxt = i + 1
        body_follows = nxt < len(blocks) and kinds[nxt] is None and blocks[nxt].kind == "para" \
            and not is_heading_like(blocks[nxt].text)
        if blocks[i].group != group and blocks[i].kind != "item" and body_follows:
            break
        i += 1
    return i


def clean_blocks(blocks: list[Block]) -> Cleaned:
    """Drop chrome, link lists, captions and repeated captions; lift date and byline into meta."""
    kinds = [None if b.kind == "title" else classify(b.text) for b in blocks]
    out: list[Block] = []
    date = author = ""
    i = 0
    while i < len(blocks):
        block, kind = blocks[i], kinds[i]
        i += 1
        if kind == "date":
            date = date or parse_date(block.text)
        elif kind == "author":
            author = author or parse_author(block.text)
        elif kind == "list":
            i = _skip_link_list(blocks, kinds, i)
        elif kind == "label":
            out.append(Block("label", block.text, block.group))
        elif kind is None and block.kind == "title":
            out.append(block)
        elif kind is None and i < len(blocks) and blocks[i].text == block.text and block.kind == "para":
            # a caption shown twice (image alt text and figcaption): both go; a long repeat loses one
            if len(block.text) > CAPTION_MAX_CHARS:
                out.append(block)
            i += 1
        elif kind is None and not is_caption(block.text):
            text, _ = strip_credit(block.text)
            out.append(Block(block.kind, text, block.group))
    return Cleaned(tuple(out), date, author)
