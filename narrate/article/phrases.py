"""The phrase table: page chrome that German news pages and copied texts share, known by its words.

Each entry matches a *whole* line or paragraph (narrate.article.cleaning.classify applies them), so an
article sentence that merely mentions a photo, an advert or a newsletter is never touched. Structure
(narrate.article.page) and position (narrate.article.lines) find what words cannot; this table is for
the phrases every site writes the same way.
"""

from __future__ import annotations

import re
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
    r"Messenger", r"Flipboard", r"Pocket", r"E-Mail", r"Email", r"Mail", r"Drucken", r"Hauptseite", r"Blog",
    r"Seite drucken", r"Artikel drucken", r"Merken",
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
    r"Mehr anzeigen", r"Nicht mehr anzeigen", r"Zum Vergrößern (?:bitte )?(?:an)?klicken", r"Schließen", r"Antworten",
    r"Melden", r"Gefällt \d+ Mal", r"Loading\.*", r"Lädt\.*",
)
_TOKEN_ALT = "|".join(sorted(CHROME_TOKENS, key=len, reverse=True))
_SEP = r"(?:\s*[|·•,/]\s*|:\s*|\s+)"
CHROME_LINE: Final = re.compile(rf"(?:(?:{_TOKEN_ALT})(?:{_SEP}|$))+", re.IGNORECASE)

# A sentence that only points the reader to a link or a part of the site ("Lesen Sie hier mehr.", "Weitere
# Infos zum Kurs finden Sie hier.", "Mehr Infos findet ihr auf der Website von X."): a listener cannot follow it.
POINTER: Final = re.compile(
    r"(?:[^.!?,]{0,100}\s)?(?:finden Sie|findest du|findet ihr|lesen Sie|erhalten Sie|"
    r"können Sie sich|kannst du dich) hier(?:\s+(?:mehr|zum Download|zum Nachlesen|im Überblick|nachlesen|"
    r"herunterladen|abrufen|anmelden|an))?\s*[.!…]+|"
    r"(?:Lesen|Erfahren|Sehen) Sie hier mehr\s*[.!]?|(?:Klicken Sie|Klicke) (?:weiter|hier)\s*[.!]?|"
    r"Zum (?:Starten|Abspielen) des Videos (?:bitte )?(?:das Bild|hier|auf das Bild) (?:an)?klicken\s*[.!]?|"
    r"(?:Mehr|Weitere|Nähere|Alle) (?:Infos?|Informationen|Details)(?:\s+\S+){0,5}\s+(?:findet ihr|finden Sie|findest du|"
    r"gibt es|erhaltet ihr|erhalten Sie)\s+(?:auf|unter|in|bei) (?:der|den|unserer|unseren|seiner|ihrer) "
    r"(?:Website|Webseite|Homepage|Internetseite|Seite)s?\b[^.!?]{0,60}[.!]|"
    r"(?:Die|Alle) (?:kompletten|vollständigen|gesamten|weiteren|aktuellen) \S+ finden Sie (?:in|auf|unter) "
    r"unsere[mnr]? \S+\s*[.!…]*|"
    # "Mehr über uns erfahren Sie unter www.example.de/ueber-uns/", "Das Formular finden Sie unter: https://…"
    r"[^.!?]{0,100}\b(?:finden|erfahren|lesen|erhalten|bekommen) (?:Sie|du|ihr)(?: \S+){0,3} (?:unter|auf|bei)\s*:?\s*"
    r"(?:https?://|www\.)\S+?\s*[.!]?|"
    r"(?:Und )?[Hh]ier geht(?: es|'s) (?:zu[mr]?|in|auf) [^.!?]{1,80}:\s*(?:https?://|www\.)\S+?\s*[.!]?",
    re.IGNORECASE,
)

# Whole-line noise that is not a sequence of tokens; (pattern, why) — checked with fullmatch.
NOISE_LINES: Final = tuple(
    (re.compile(p, re.IGNORECASE if ci else 0), why)
    for p, ci, why in (
        (r"(?:Fotos?|Photos?|Abb\.|Abbildung|Bild(?:er)?|Bildquelle|Bildrechte|Bildnachweise?|Fotonachweise?|Grafik|"
         r"Illustration|Videos?|Quellen?|Montage)(?:\s*[–-]\s*(?:oben|unten|Mitte|links|rechts))?\s*:(?:\s*\S.{0,98})?|"
         r"Bildnachweise?\s*:\s*.{1,250}", False, "photo credit or source line"),
        (r"(?:Bildergalerie|Fotostrecke|Fotogalerie)\s*:\s*.{1,100}", False, "gallery link"),
        (r"Auf dem (?:Foto|Bild) (?:zu sehen|sind|ist)\s*:.{1,250}", False, "caption"),
        (r"(?:Pixabay|Unsplash|Pexels|iStock(?:photo)?|Shutterstock|Adobe ?Stock|Getty ?Images|imago(?: images)?|"
         r"picture[- ]alliance)(?:\s*/\s*\S+){0,3}", True, "photo credit or source line"),
        (r"This article (?:has been|was) (?:translated automatically|machine[- ]translated)\.?.{0,400}|"
         r"Dieser (?:Artikel|Beitrag) wurde (?:automatisch|maschinell) übersetzt\.?.{0,120}", False, "translation note"),
        (r"(?:Veröffentlicht|Erstellt|Geschrieben)(?: am)?(?: von)?\s*:?", False, "empty byline"),
        (r"(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,? \d{1,2}:\d{2}(?: Uhr)?", False, "date stamp"),
        (r"(?:©|\(c\)|Copyright)\s*.{1,100}", True, "copyright line"),
        (r".{0,60}Alle Rechte vorbehalten\.?.{0,60}", True, "footer"),
        (r"(?:Wir verwenden|Diese (?:Web)?[Ss]eite (?:verwendet|nutzt)|Wir nutzen|"
         r"Auf (?:unserer|dieser) (?:Website|Webseite|Seite) werden) Cookies.{0,500}", False,
         "cookie banner"),
        (r"(?:Lesen Sie (?:auch|mehr)|Mehr zum Thema|Auch interessant|Mehr dazu|Zum Thema|(?:Zum )?Weiterlesen|"
         r"Auch lesen|Mehr lesen|Lies auch|Lies mehr|Lesen Sie hier|Schon gelesen\??|Lesetipp|Siehe auch|Passend dazu|Ebenfalls interessant)"
         r"\s*:\s*.{1,150}", False, "single related link"),
        # "Mehr dazu lesen Sie hier: <title>", "Mehr zum Anspruch auf Lohnfortzahlung: <title>": a title, no sentence
        (r"(?:Mehr (?:dazu|darüber) (?:lesen Sie|erfahren Sie|lest ihr|liest du) hier|Mehr zu[mr]? (?:\S+ ){0,4}\S+)"
         r"\s*:\s*.{1,150}(?<![.])", False, "single related link"),
        # a footer's links run into one line: "Service … Impressum Datenschutzerklärung Cookie-Erklärung"
        (r"(?!.*[.!?]$).{0,200}\b(?:Impressum|Datenschutz\w*|AGB|Cookie-\w+|Nutzungsbedingungen|Kontakt)"
         r"(?:[\s|·•,/]+(?:Impressum|Datenschutz\w*|AGB|Cookie-\w+|Nutzungsbedingungen|Kontakt|Barrierefreiheit|"
         r"Mediadaten|Sitemap)){1,}\W*", False, "footer"),
        (r"\+\+\+.{1,200}\+\+\+", False, "ticker line"),
        # "Weitere Infos unter www.example.de.": a pointer to a web address, which a listener cannot follow
        (r"(?:Weitere|Mehr|Nähere|Alle|Aktuelle) (?:Infos?|Informationen|Details)\b.{0,100}?\b(?:unter|auf|bei|über)"
         r"\s*:?\s+(?:https?://\S+|www\.\S+|[\w.-]+\.[a-z]{2,6}(?:/\S*)?)\s*[.!]?", True, "web pointer"),
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
        (r"(?:Melden Sie sich an|Loggen Sie sich ein|Registrieren Sie sich),? um .{1,60}|"
         r"Um (?:selbst )?(?:einen Kommentar|Kommentare) (?:zu )?(?:hinterlassen|schreiben|verfassen)(?: zu können)?,? "
         r"(?:müssen Sie sich|loggen Sie sich|melden Sie sich) .{1,60}", False,
         "comment box"),
        (r"Sie haben bereits ein (?:Abo|Abonnement)\?.{0,80}", False, "paywall"),
        # the site speaking about itself: donation appeals, issue adverts, "like us" boxes (issue 10, round 2)
        (r"(?:Jetzt )?(?:Unterstütze|Unterstützen Sie) (?:uns|unsere Arbeit|(?:unabhängigen |unseren )?Journalismus|"
         r"\S+ (?:bereits |schon )?(?:mit|ab) (?:nur )?\d[\d,.]*\s*(?:€|Euro)?)\s*[!.]?", True, "donation appeal"),
        (r"(?=.*freuen)(?!.*[„“”\"»«])[^.!?]{0,120}\b(?:wir freuen uns|freuen wir uns) (?:\S+ ){0,4}über (?:\S+ ){0,2}"
         r"(?:Spenden|Unterstützung)\b.{0,120}", True, "donation appeal"),
        (r"(?:Den|Das) (?:kompletten|vollständigen|ganzen|gesamten) (?:Beitrag|Artikel|Text|Interview) (?:lesen|finden) "
         r"Sie in .{1,200}", True, "issue advert"),
        (r"(?:Gefällt|Gefallen) (?:dir|Ihnen|euch) (?:unser|unsere|dieser|dieses|unser[e]?) \S+\?", True, "donation appeal"),
        (r"(?:Die|Unsere) (?:aktuelle|neue|neueste) Ausgabe .{0,120}(?:erhältlich|bestellen|am Kiosk|im Handel)\b.{0,40}",
         True, "issue advert"),
        (r">{2,}.{1,100}<{2,}", False, "button"),
        (r"(?:Anzeige|Werbung)\s+[-–|]\s*.{1,120}", True, "advert"),
        (r"(?:Kommentare?|Antworten|Aufrufe|Views)(?: insgesamt)?\s*:?\s*\d+", True, "counter"),
        (r"(?:Exklusiv für|Nur für) (?:Abonnenten|Abonnentinnen|Abonnierende).{0,60}", False, "paywall"),
        # shop, forum and link chrome (issue 10, round 3)
        (r"(?:Advertorial|Sponsored(?: Post)?|Promotion)\s*[:|–-]?\s*(?:von |by )?\S{1,30}", False, "advert"),
        (r"(?:Autor(?:in|en|:innen|\*innen|Innen)?|Text)\s*:\s*[^.!?:]{1,60}|Autor(?:in|en|:innen|\*innen|Innen)", False,
         "author line"),
        (r"[A-ZÄÖÜ][\wäöüß.-]+(?:/[A-ZÄÖÜ][\wäöüß.-]+)?,? \(?\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\)?\.?|"
         r"[A-ZÄÖÜ][\wäöüß.-]+(?:/[A-ZÄÖÜ][\wäöüß.-]+)? \(\s*[a-z]{2,4}(?:/[a-z]{2,4})*\s*\)", False, "dateline"),
        (r"\(?Es gilt das gesprochene Wort[.!]?\)?", False, "speech note"),
        (r"https?://\S+", False, "bare link"),
        (r"(?:Lesen Sie|Erfahren Sie|Mehr dazu lesen Sie) hier(?: mehr)?[.!]?", False, "link line"),
        (r"(?:Melde dich|Melden Sie sich) (?:jetzt |hier )?an[.!]?", False, "account box"),
        (r"[+-]?\d{1,3}", False, "counter"),
        (r"(?=.*Nutzen Sie)(?:.{0,80})\bNutzen Sie unser(?:e|en)? \S+(?: \S+)?!", False, "site promo"),
        (r"Häufig gestellte Fragen(?: zu \S+(?: \S+){0,3})?\s*:?", True, "FAQ heading"),
        (r"(?:Das|Unser|Ein) (?:Buch|Heft|E-Book|Hörbuch)(?: (?:&|und) (?:der|das|die) \S+)? zum Thema\s*:?|"
         r"(?:Unser )?(?:Buchtipp|Buch-Tipp|Lesetipp|Produkttipp)\s*:?", True, "product box heading"),
        (r"(?=.{0,300}$)(?=.*\b(?:Jobbörse|Traumjobs?|Stellenmarkt)\b)(?=.*(?:auf dich\b|reinschauen|"
         r"Jetzt (?:entdecken|bewerben))).*", False, "job board promo"),
        (r"Dies ist (?:der )?(?:\w+ )?Teil \d+ (?:zum|des|der|unserer) .{1,200}|"
         r"In (?:der|unserer) (?:Serie|Reihe|Artikelserie) (?=.*\b(?:alle (?:Beiträge|Folgen|Teile|Artikel)|erscheint|"
         r"erscheinen)\b)[„\"»].{1,80}[“”\"«] .{1,600}", False, "series note"),
        (r"(?=.*(?:Provision|Vergütung))(?:.{0,200})\b(?:Affiliate-Links?|(?:über|durch) (?:diese[n]?|einen dieser|unsere) Links?)\b.{0,200}"
         r"(?:Provision|Vergütung)\b.{0,300}", True, "affiliate note"),
        (r"(?:Registrieren Sie sich|Registriere dich) (?:jetzt )?(?:kostenlos|gratis)?\s*[:!.]?|"
         r"Mit (?:der|deiner|Ihrer) Registrierung akzeptiere ich .{1,200}|"
         r"(?:Sie sind|Du bist) bereits (?:registriert|Abonnent(?:in)?|Kunde|Kundin)\?.{0,60}", False, "account box"),
        (r"(?:Klicken Sie|Klicke) (?:weiter|hier)[.!]?", False, "link line"),
        (r"(?:WERBUNG|ANZEIGE)\b.{0,80}", False, "advert"),
        (r"\S{2,30}?\d{2}\.\d{2}\.\d{2,4}\s?\d{1,2}:\d{2}", False, "forum post stamp"),
        (r"Jetzt (?:mit wenigen Klicks |hier )?(?:unterstützen|Supporter(?:in)? werden|Mitglied werden|spenden)\s*!?", True,
         "donation appeal"),
        (r"(?=.*unterstützen)(?:.{0,80})\b(?:kannst du|können Sie|könnt ihr) unsere (?:Arbeit|Redaktion|Recherchen?) unterstützen\b.{0,200}", True,
         "donation appeal"),
        (r"(?:\+{3}\s*)?(?:Bild|Foto)?[Cc]redits?\s*:\s*.{1,100}", False, "photo credit or source line"),
        (r"(?:Äußerungen unserer (?:Gesprächs|Interview)partner(?:innen)? geben deren eigene Auffassung(?:en)? wieder\.?\s*)?"
         r"(?:(?:Der|Die|Das) .{1,40} macht sich Äußerungen (?:seiner|ihrer) .{1,80} nicht zu eigen\.?)?", False,
         "interview disclaimer"),
        (r"(?:Die )?Kommentare (?:von|der) (?:Lesern?|Leser(?:innen)?|Nutzern?|Usern?).{0,60}"
         r"(?:Meinung|Ansicht) der (?:\S+-)?Redaktion.{0,30}|"
         r"Fotos? (?:sind|ist) (?:ggf\. |gegebenenfalls |teilweise )?(?:beispielhafte )?Symbolbilder?\s*!?\.?", True,
         "disclaimer"),
        (r"(?:Es werden (?:die )?\S+ |Angezeigt(?: werden)?:? (?:\S+ )?|Zeige (?:\S+ )?)?\d+\s*(?:bis|-|–)\s*\d+ (?:von|aus) "
         r"(?:insgesamt )?\d+(?: \S+)?(?: angezeigt)?\s*[!.]?|Seite \d+ (?:von|aus) \d+", True, "pagination"),
        (r"(?:Die folgenden|Alle|Diese|Externe) (?:\S+ ){0,2}Links? (?:öffne[nt]|werden) (?:sich )?(?:in|als) "
         r"(?:einem |einen |ein )?(?:neue[mns]?|extra|eigene[mns]?|separate[mns]?) (?:Fenster|Tab)(?: geöffnet)?\.?", True,
         "link target note"),
        (r"\d{1,2}:\d{2}\s*(?:AM|PM)(?:\s+\S+){0,2}", False, "forum time stamp"),
        (POINTER.pattern, True, "link line"),
        # a sentence announcing a video or recording the text cannot carry ("Die Aufzeichnung als Video:", "… zeigt
        # euch dieses Video:"); one that introduces a quote ("Im Video sagt der Minister:") stays
        (r"(?=.*\b(?:dieses|diesem|folgende[mns]?|nachfolgende[mns]?|als|das ganze|das komplette|hier das|ein \w+) "
         r"(?:Video|Videointerview|Audio|Podcast|Trailer|Livestream|Clip)\b|.*\b(?:Video|Podcast) (?:dazu|zum Thema)\b)"
         r"(?!.*\b(?:sagt|sagte|erklärt|erklärte|schreibt|schrieb|meint|meinte|betont|betonte|fordert|forderte)\b)"
         r"[^.!?]{1,200}\w[“”\"»«]?:", False, "announced video"),
        # a date and a byline on one line ("21. Jan 2022 // Anna Muster", "Anna Muster | 03.02.2023")
        (r"(?:(?:Von |von )?[A-ZÄÖÜ][\w.'’-]+(?:\s+[A-ZÄÖÜ][\w.'’-]+){1,3}\s*(?://|\||·|•)\s*)?"
         r"\d{1,2}\.\s?(?:\d{1,2}\.|(?:Jan|Feb|Mär|Mrz|Apr|Mai|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)[a-zä]*\.?)\s?\d{4}"
         r"(?:\s*(?://|\||·|•)\s*(?:Von |von )?[A-ZÄÖÜ][\w.'’-]+(?:\s+[A-ZÄÖÜ][\w.'’-]+){1,3})?", False, "date and byline"),
        # where the piece was first published ("Dieser Beitrag erschien zuerst auf …", "Das Interview wurde am … geführt und
        # ist zunächst im X erschienen: https://…")
        (r"(?:[^.!?]{0,40}[•|·]\s*)?(?:Dieser|Der|Dieses|Das) (?:Beitrag|Artikel|Text|Gastbeitrag|Interview|Gespräch)\b(?:[^.!?]|(?<=\d)\.){0,100}?"
         r"(?:erschien (?:zuerst|erstmals|ursprünglich|zunächst) (?:auf|in|im|bei|unter) |ist (?:zuerst|erstmals|ursprünglich|zunächst) "
         r"(?:auf|in|im|bei) [^.!?]{1,80} erschienen\b).{0,160}", False, "first published note"),
        # a social profile under an author box or press release ("Twitter: @Amt_Bund", "LinkedIn linkedin.com/in/x/")
        (r"(?:Twitter|X|LinkedIn|Xing|Instagram|Facebook|Mastodon|Threads|TikTok|YouTube|Bluesky)\s*:?\s*"
         r"(?:@[\w.]+|(?:https?://)?(?:www\.)?[\w-]+\.[a-z]{2,}/\S*)(?:\s+#\S+)*", False, "social profile"),
        # a line of hashtags ("#Küche #Vintage"), a video's title over its player ("Im Video: …")
        (r"#(?=[\w-]*[^\W\d_])[\w-]+(?:[\s,]+#(?=[\w-]*[^\W\d_])[\w-]+)*", False, "hashtag line"),
        (r"(?:Vorab |Hier |Mehr |Auch |Jetzt )?im Video\s*:\s*[^.!?]{1,120}|"
         r"Zum (?:Starten|Abspielen) des Videos (?:bitte )?(?:das Bild|hier|auf das Bild) (?:an)?klicken\.?", True, "video title"),
        (r"Links?\s*:\s*(?:(?:https?://|www\.)\S+(?:\s*(?:,|;|und)\s*)?)+", False, "web pointer"),
        # adverts and prompts of the site (issue 10, round 4)
        (r"Diese (?:Seite|Website|Webseite) (?:zeigt|enthält) (?:gesponserte[nm]?|bezahlte[nm]?|Werbe)\S* .{1,250}", False,
         "advert note"),
        (r"(?:Nutze|Nutzen Sie|Aktiviere|Aktivieren Sie|Klicke auf|Klicken Sie auf) (?:die|unsere|das) .{0,40}"
         r"(?:Glocke|Push-Benachrichtigung(?:en)?|Benachrichtigungen)\b.{0,80}", False, "push prompt"),
        (r"\[(?:Werbung|Anzeige)\]\s*.{1,300}", False, "advert"),
        (r".{1,150}\d+(?:[.,]\d{2})?\s*(?:€|Euro) inkl\. (?:MwSt|USt)\..{0,80}", False, "shop line"),
        # link soup: image addresses, names and stamps of a related-posts widget run together
        (r"(?=(?:.*?https?://\S+){2})(?!.*\b[a-zäöüß]{3,}[.!?](?:\s|$)).{1,800}", False, "link soup"),
        # square brackets left in the text: footnote marks, CMS shortcodes, bracketed promos
        (r"\[\d{1,3}\]", False, "footnote mark"),
        (r"\[/?[a-z_]{2,20}(?:[ #=][^\]]{0,80})?\]", False, "CMS shortcode"),
        (r"\[(?=[^\]]*\b(?:hier|Lesen Sie|Mehr zum Thema|News-?[Bb]log|Live-?[Bb]log|Newsletter|abonnieren|Podcast)\b)"
         r"[^\[\]]{1,300}\]\.?", False, "bracketed promo"),
        (r"(?:Amazon|eBay|Otto|Zalando|Idealo|MediaMarkt|Saturn)[- ]?(?:Tipp|Empfehlung|Angebot|Deal)\s*:\s*.{1,150}", True,
         "affiliate tip"),
        (r"(?=.*viel (?:Spaß|Vergnügen))(?:.{0,60})\b(?:viel Spaß|viel Vergnügen) (?:mit|bei|beim Lesen) (?:der|unserer) (?:neuen|aktuellen) "
         r"(?:Ausgabe|Heft).{0,20}", True, "issue advert"),
    )
)

# A heading that introduces a list of links to other articles: it and the link titles after it go.
LIST_HEADING: Final = re.compile(
    r"(?:Mehr zum Thema|Mehr zu diesem Thema|Lesen Sie auch|Lesen Sie mehr|Auch interessant|"
    r"Das könnte Sie (?:auch )?interessieren|Weitere Artikel|Weitere Meldungen|Verwandte Artikel|"
    r"Verwandte Themen|Empfehlungen der Redaktion|Unsere Empfehlungen|Top-Themen|Meistgelesen|"
    r"Meistgelesene Artikel|Zum Thema|Mehr dazu|Mehr aus (?:\w+ ?){1,3}|Mehr zu[mr]? (?:\w+ ?){1,3}|"
    r"(?:Das )?könnte (?:Sie|dich|euch) (?:auch |ebenfalls )?interessieren!?|"
    r"(?:Diese|Folgende|Weitere) (?:Artikel|Beiträge|Themen) könnten (?:Sie|dich|euch) (?:auch |ebenfalls )?interessieren!?|"
    r"Schon gelesen\??|Auch lesen|"
    r"(?:Zum )?Weiterlesen|Mehr Themen|Videos? zum Thema|Beiträge aus dem Forum|Ähnliche (?:Beiträge|Artikel)|"
    r"Inhaltsverzeichnis|Inhalt(?:\s*:\s*Das erwartet (?:Sie|dich|euch) in diesem (?:Artikel|Beitrag))?|"
    r"Weitere (?:Top-?)?(?:Beiträge|Artikel|Meldungen|Nachrichten|[Tt]hemen|Videos)(?: \S+){0,4}|Tipps der Redaktion|"
    r"Lesen Sie auch (?:die|diese) (?:folgenden )?(?:Beiträge|Artikel)|Mehr von(?: \S+){0,3}|"
    r"Auch auf \S+|Top-Themen(?: \S+){0,4}|Neueste (?:Beiträge|Artikel)|Beliebte (?:Beiträge|Artikel)|"
    r"Empfohlene (?:Beiträge|Artikel)|Entdecke weitere(?: \S+){1,3}|Aktuelle (?:Beiträge|Artikel|Ausgabe)|"
    r"Mehr zum Thema auf \S+|Weitere Informationen|Zusatzinformationen|Weiterführende Links|(?:Unsere )?Quellen(?:angaben)?|"
    r"Interessante Links|Neue(?:ste)? Nachrichten|"
    r"Vorschau auf (?:den|unseren) nächsten (?:Artikel|Beitrag))\s*:?",
    re.IGNORECASE,
)

# A newsletter box sentence: mentions the newsletter *and* a sign-up word or the site's own ("unserem
# Newsletter"), in a short paragraph.
NEWSLETTER: Final = re.compile(r"Newsletter", re.IGNORECASE)
SIGN_UP: Final = re.compile(
    r"abonnier|anmeld|bestell|registrier|Postfach|kostenlos|E-Mail-Adresse|unser(?:em|en|er)? \w*newsletter|"
    r"Jeden (?:Morgen|Abend|Tag|"
    r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)",
    re.IGNORECASE,
)
NEWSLETTER_MAX_CHARS: Final = 250

# A cookie notice: mentions cookies *and* asks for consent or points to the privacy page, in a paragraph
# of at most COOKIE_MAX_CHARS ("Um unsere Webseite … verwenden wir Cookies. Durch die weitere Nutzung …").
COOKIES: Final = re.compile(r"\bCookies?\b", re.IGNORECASE)
CONSENT: Final = re.compile(r"verwenden wir|nutzen wir|setzen wir|weitere Nutzung|stimmen Sie|erklären Sie sich|"
                            r"Sie (?:können|akzeptieren)|unserer Datenschutzerklärung|Cookie-Einstellungen")  # the reader asked
COOKIE_MAX_CHARS: Final = 500

# Department names shown above the kicker; dropped only before the headline.
SECTION_LABELS: Final = frozenset(
    "politik wirtschaft kultur sport inland ausland panorama wissen wissenschaft gesellschaft meinung "
    "regional regionales lokales digital technik reise gesundheit feuilleton finanzen börse klima auto "
    "mobilität leben stil karriere bildung medien deutschland welt europa nachrichten news aktuell "
    "service verbraucher ratgeber kommentar analyse interview liveblog podcast".split()
)

# A news agency's feed named above the headline ("dpa-Radsportnews", "dpa-AFX", "AFP"): where the text
# comes from, not what it is about; a label like a department name (rule "agency label").
AGENCY_LABEL: Final = re.compile(r"(?:dpa|afp|ap|reuters|kna|epd|sid|apa|ddp|dts|kap|ots)(?:[-‑][\wäöüß]+)?",
                                 re.IGNORECASE)

# A heading over a short biography of the author or of the expert quoted ("Zur Person", "Über die Autorin:").
AUTHOR_BOX_HEADING: Final = re.compile(
    r"(?:Zur Person|Über (?:den Autor|die Autorin|die Autoren|die Autorinnen)(?:\s*/\s*die Autorin)?|"
    r"Zu[mr] (?:Autor|Autorin)|(?:Der Autor|Die Autorin|Die Autoren))\s*:?", re.IGNORECASE)
