"""Spoken forms of times, dates, ordinals, years, Roman numerals and number compounds.

Numeric dates are first rewritten as "24. November 2026", so one ordinal rule inflects every date
from its context ("am vierundzwanzigsten November", "der vierundzwanzigste November").
"""

from __future__ import annotations

import re

from narrate.german.spoken_numbers import (
    MONTHS, SIGNED_NUMBER, integer_words, month_name, noun_gender, ordinal_stem, ordinal_words,
    spoken_cardinal, word_after, word_before, year_words,
)

_CLOCK = r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?"
_TIME = re.compile(rf"(?<![\d.,:]){_CLOCK}(?P<uhr>\s?Uhr)(?!\w)")
_TIME_RANGE = re.compile(r"(?<![\d.,:])(?P<a>\d{1,2}[:.]\d{2})\s?[-–]\s?(?P<b>\d{1,2}[:.]\d{2})\s?Uhr(?!\w)")
_TIME_CUED = re.compile(r"(?P<cue>\b(?:um|gegen|ab|bis|seit|von|Um|Gegen|Ab|Bis|Seit|Von) )"
                        r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?![\d:])")
_DATE = re.compile(r"(?<![\d.,])(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?:\.(?P<y>\d{4}|\d{2}(?!\d))|\.|(?![\d.,]))")
# Rule "slash dates": "11/01/2021" is day/month/year as Germans write it with slashes.
_SLASH_DATE = re.compile(r"(?<![\d/.,])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>\d{4})(?![\d/])")
_DAY_PAIR = re.compile(r"(?<![\d.,])(?P<a>\d{1,2})\.\s?(?P<sep>[/–-])\s?(?=\d{1,2}\.)")
_SPACED_DATE = re.compile(r"(?<![\d.,])(?P<d>\d{1,2})\. (?P<m>\d{1,2})\.(?: (?P<y>\d{4})(?!\d))?")
_ISO_DATE = re.compile(r"(?<![\d.,-])(?P<y>\d{4})-(?P<m>0\d|1[0-2]|\d)(?:-(?P<d>\d{1,2}))?(?![\d])")
_NOT_A_DATE_BEFORE = frozenset({"Version", "Kapitel", "Abschnitt", "Punkt", "Nummer", "Paragraf",
                                "Absatz", "Artikel", "Seite", "Tabelle", "Abbildung", "Schritt", "Nr"})
_ORDINAL = re.compile(r"(?<![\d.,])(?P<num>\d+)\.(?=,?\s+[^\W\d])")
_NOUN_AFTER = re.compile(r"(?:\s*(?:\d+\.|und|oder|bis|sowie|,|–|-)(?=\s))*\s*([^\W\d][\w-]*)")
_ORDINAL_SUFFIX = re.compile(r"(?<!\w)(?P<num>\d+)(?P<suffix>s?te[nmrs]?)(?!\w)")
_DECADE = re.compile(r"(?<![\w,.])(?P<num>\d+)(?P<suffix>er[ns]?)(?=\b|-)")
_COMPOUND = re.compile(r"(?<![\w.,])(?P<num>\d+(?:,\d+)?)-(?P<word>[^\W\d_])")
_DIGITS_LETTERS = re.compile(r"(?<![\w.,])(?P<num>\d+)(?=[A-ZÄÖÜ]{1,3}(?:\b|-))")
_NUMBER_LETTER = re.compile(r"(?<![\w.,])(?P<num>\d+)(?P<letter>[a-z])(?!\w)")
_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_])(?P<num>\d+)(?P<next>[^\W\d_])?")
_CARDINAL = re.compile(rf"(?<![\d])(?P<num>{SIGNED_NUMBER})(?![\d])")
_ROMAN = re.compile(r"(?<![\w])(?P<name>[A-ZÄÖÜ][a-zäöüß]+) (?P<roman>[IVXL]+)(?P<dot>\.)?(?![\w])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN_VALID = re.compile(r"(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})")

_SENTENCE_STARTERS = frozenset(
    "Der Die Das Er Sie Es Wir Ich Ihr Man Dies Dieser Diese Dieses Doch Aber Auch Danach Damals "
    "Dann Seitdem Seither Heute Jetzt Nun So Zudem Außerdem Deshalb Daher Trotzdem Bereits Schon "
    "Im Am In Mit Nach Vor Bei Laut Zuvor Ein Eine Einer Zum Zur Für Als Wie Was Wer Wo Wann "
    "Warum Ob Dass Weil Denn Und Oder Unter Über Während Seit".split())
_EN_DETERMINERS = frozenset(
    "am im zum vom beim dem den des zur einem einen einer seinem seinen seines seiner ihrem ihren "
    "ihres ihrer unserem unseren unseres unserer diesem diesen jedem jeden meinem meinen".split())
_E_DETERMINERS = frozenset("die das ins aufs fürs ans eine diese jene seine ihre unsere meine "
                           "welche jede dieses jenes".split())
_PLURAL_ABLE = frozenset("die diese jene welche alle meine seine ihre unsere".split())
_PREPOSITIONS = frozenset("bis ab seit von vor nach an auf für mit aus bei gegen um unter über "
                          "zwischen in zu durch ohne per laut gemäß trotz wegen während".split())
_CONNECTORS = frozenset({"bis", "und", "oder", "sowie", "–", "-"})
_DATE_CUES = frozenset("am vom zum bis ab seit dem den ab dem bis zum".split())
_WEEKDAYS = frozenset("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split())
_ROMAN_NOUNS = frozenset("Teil Band Kapitel Phase Stufe Klasse Abschnitt Artikel Buch Akt Folge "
                         "Staffel Liga Division Gruppe Tabelle Anlage Nummer Typ Modell Version "
                         "Paragraf Absatz Weltkrieg Vatikanum Konzil Anhang Titel Runde Generation".split())
_REGNAL_NAMES = frozenset(
    "Ludwig Karl Friedrich Wilhelm Heinrich Otto Konrad Lothar Maximilian Leopold Franz Joseph "
    "Josef Ferdinand Rudolf Albrecht Georg Johann Johannes Paul Pius Leo Benedikt Gregor Innozenz "
    "Clemens Urban Sixtus Alexander Nikolaus Iwan Peter Katharina Elisabeth Elizabeth Maria "
    "Victoria Viktoria Charles Louis Henry Edward Eduard Richard Jakob James Philipp Felipe Juan "
    "Carlos Harald Olav Gustav Carl Christian Frederik Margrethe Willem Beatrix Wilhelmina Albert "
    "Rainier Ramses Napoleon Sigismund Wenzel Ottokar Mehmed Abdullah Hussein Mohammed".split())
_FEMININE_NAMES = frozenset("Katharina Elisabeth Elizabeth Maria Victoria Viktoria Margrethe "
                            "Beatrix Wilhelmina Juliana Kleopatra Isabella Christina Anna".split())
_TITLES = frozenset("Papst König Kaiser Königin Kaiserin Zar Zarin Fürst Fürstin Herzog Prinz "
                    "Prinzessin Pharao Sultan Kurfürst Graf Kardinal".split())
_DATIVE = frozenset("von mit unter bei nach zu seit aus vor neben gegenüber zwischen dem".split())
_ACCUSATIVE = frozenset("für gegen um durch ohne den".split())


def _clock_words(h: int, m: int, s: int | None) -> str:
    hour = "ein" if h == 1 else integer_words(h)
    if s is not None:
        minutes = "eine Minute" if m == 1 else f"{integer_words(m)} Minuten"
        seconds = "eine Sekunde" if s == 1 else f"{integer_words(s)} Sekunden"
        return f"{hour} Uhr {minutes} {seconds}"
    return f"{hour} Uhr" + (f" {integer_words(m)}" if m else "")


def _clock(match: re.Match[str]) -> str:
    h, m = int(match.group("h")), int(match.group("m"))
    s = int(match.group("s")) if match.group("s") else None
    if h > 24 or m > 59 or (s is not None and s > 59):
        return match.group(0)
    return _clock_words(h, m, s)


def _clock_text(written: str) -> str:
    h, m = (int(part) for part in re.split(r"[:.]", written))
    return _clock_words(h, m, None) if h <= 24 and m <= 59 else written


def speak_times(text: str) -> str:
    """"14:30 Uhr" / "14.30 Uhr" → "vierzehn Uhr dreißig"; "um 9:15" too; bare "2:1" is left for scores."""
    text = _TIME_RANGE.sub(lambda m: f"{_clock_text(m.group('a'))} bis {_clock_text(m.group('b'))}", text)
    text = _TIME.sub(_clock, text)
    return _TIME_CUED.sub(lambda m: m.group("cue") + _clock(m), text)


def _numeric_date(match: re.Match[str]) -> str:
    day, month = int(match.group("d")), int(match.group("m"))
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        return match.group(0)
    before = word_before(match.string, match.start())
    if before in _NOT_A_DATE_BEFORE:
        return match.group(0)
    year = match.group("y")
    if not year and not match.group(0).endswith(".") and before[:1].isupper() \
            and before.lower() not in _DATE_CUES and before not in _WEEKDAYS:
        return match.group(0)  # "Windows 3.11" is a version (spoken_codes), "am 3.11" a date
    return f"{day}. {month_name(month)}" + (f" {year}" if year else "")


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = match.group("y"), int(match.group("m")), match.group("d")
    if not 1 <= month <= 12 or (day and not 1 <= int(day) <= 31):
        return match.group(0)
    return (f"{int(day)}. " if day else "") + f"{month_name(month)} {year}"


def _spaced_date(match: re.Match[str]) -> str:
    before = word_before(match.string, match.start())
    if before.lower() not in _DATE_CUES and before not in _WEEKDAYS:
        return match.group(0)
    return _numeric_date(match)


def write_dates_out(text: str) -> str:
    """"24.11.2026" and "2026-11-24" → "24. November 2026" (still digits, for the ordinal rule).

    Rule "day pairs": "12./13. Mai" → "12. und 13. Mai", "12.-14. Mai" → "12. bis 14. Mai"; a
    spaced "am 3. 10." is a date after a date cue ("am", "vom", a weekday).
    """
    text = _SLASH_DATE.sub(lambda m: f"{m.group('d')}.{m.group('m')}.{m.group('y')}", text)
    text = _DAY_PAIR.sub(lambda m: f"{m.group('a')}. {'und' if m.group('sep') == '/' else 'bis'} ", text)
    text = _ISO_DATE.sub(_iso_date, text)
    text = _SPACED_DATE.sub(_spaced_date, text)
    return _DATE.sub(_numeric_date, text)


def _determiner(before: str) -> str:
    tokens = before[-120:].split()
    i = len(tokens) - 1
    while i >= 0:
        token = tokens[i].rstrip(",")
        if re.fullmatch(r"\d+\.", token) or (token in _WEEKDAYS and tokens[i].endswith(",")):
            i -= 1
        elif token in _CONNECTORS and i > 0 and re.fullmatch(r"\d+\.,?", tokens[i - 1]):
            i -= 2
        else:
            return token.lower() if token[:1].isupper() and token.lower() in _EN_DETERMINERS | \
                _E_DETERMINERS | _PREPOSITIONS | {"der", "ein"} else token
    return ""


def ordinal_ending(determiner: str, noun: str) -> str:
    """The ending an ordinal takes between `determiner` and `noun` ("am 3. März" → "en")."""
    gender = "m" if noun in MONTHS or not noun[:1].isupper() else noun_gender(noun)
    if determiner in _EN_DETERMINERS:
        return "en"
    if determiner in _PLURAL_ABLE and noun[:1].isupper() and noun.endswith("en") and noun not in MONTHS:
        return "en"  # a noun in -en after "die" is plural: "die 19. Weltmeisterschaften" → "neunzehnten"
    if determiner == "der":
        return "en" if gender == "f" and noun not in MONTHS else "e"
    if determiner in _E_DETERMINERS:
        return "e"
    if determiner in _PREPOSITIONS:
        return "en" if noun in MONTHS else ("er" if gender == "f" else "em")
    # No article, or "ein"/"sein"/…: strong endings ("ein zweiter Versuch", "drittes Mal").
    return {"f": "e", "n": "es"}.get(gender, "er")


# Rule "parallel inflection": an ordinal next to an attributive adjective takes the adjective's
# ending ("das frühe 5. vorchristliche Jahrhundert" → "fünfte", "im späten 19. Jahrhundert" →
# "neunzehnten"). An adjective is a lower-case word with an adjective ending that is no adverb,
# verb or preposition; before the ordinal a determiner or preposition must precede it, after
# it a capitalised noun must follow.
_ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e")
_NOT_ADJECTIVES = frozenset("aber oder über unter hinter wieder immer später früher weiter länger "
                            "außer gegen zwischen neben oben unten hinten vorne gestern morgen heute "
                            "gerne ohne eben lange nahe seien haben waren werden wurde wurden sehr "
                            "mehr weniger jeder jedes jedem jeden jede keine seine ihre eine ".split())
_BEFORE_ADJECTIVE = _EN_DETERMINERS | _E_DETERMINERS | _PREPOSITIONS | {"der", "ein", "das"}
_ADJECTIVE_AFTER = re.compile(r"\s+([a-zäöüß]{3,})\s+[A-ZÄÖÜ]")


_DETERMINER_WORD = re.compile(r"(?:mein|dein|sein|ihr|unser|euer|eur|kein|ein|dies|jen|welch|jed|manch|solch|"
                              r"all|viel|wenig|beid|einig|mehrer|etlich)(?:e|es|em|en|er)?")


def _adjective_ending(word: str) -> str | None:
    if len(word) < 4 or not word.islower() or word in _NOT_ADJECTIVES or _DETERMINER_WORD.fullmatch(word):
        return None
    return next((end for end in _ADJECTIVE_ENDINGS if word.endswith(end)), None)


def _parallel_ending(text: str, start: int, end: int) -> str | None:
    """The ending of an adjective beside the ordinal at text[start:end], or None."""
    tokens = text[max(0, start - 60):start].split()
    if len(tokens) >= 2 and tokens[-2].lower() in _BEFORE_ADJECTIVE:
        ending = _adjective_ending(tokens[-1])
        if ending:
            return ending
    after = _ADJECTIVE_AFTER.match(text, end)
    return _adjective_ending(after.group(1)) if after else None


def _ordinal(match: re.Match[str]) -> str:
    text, num = match.string, match.group("num")
    if word_after(text, match.end()) in _SENTENCE_STARTERS:
        return spoken_cardinal(num, word_before(text, match.start())) + "."
    noun_match = _NOUN_AFTER.match(text, match.end())
    noun = noun_match.group(1) if noun_match else ""
    ending = _parallel_ending(text, match.start(), match.end())
    words = ordinal_words(int(num), ending or ordinal_ending(_determiner(text[: match.start()]), noun))
    start = match.start()
    return words.capitalize() if start < 40 and not text[:start].strip() else words


def speak_ordinals(text: str) -> str:
    """"am 3. März" → "am dritten März", "die 2. Lesung" → "die zweite Lesung", "121tem" → "…zwanzigstem"."""
    text = _ORDINAL_SUFFIX.sub(
        lambda m: ordinal_stem(int(m.group("num"))) + m.group("suffix").lstrip("s")[1:], text)
    return _ORDINAL.sub(_ordinal, text)


def _compound(match: re.Match[str]) -> str:
    words = spoken_cardinal(match.group("num"))
    words = words[:-1] if words.endswith("eins") else words
    first = match.group("word")
    rest = match.string[match.end():match.end() + 7]
    if first.islower() or (first + rest).startswith("Jährig"):
        return (words.capitalize() + first.lower()) if first.isupper() else words + first
    return words.capitalize() + "-" + first


def speak_compounds(text: str) -> str:
    """"20-Jährige" → "Zwanzigjährige", "3-fach" → "dreifach", "90er" → "neunziger", "3D" → "drei-D"."""
    text = _DECADE.sub(lambda m: (year_words(int(m.group("num"))) if len(m.group("num")) == 4
                                  else integer_words(int(m.group("num")))) + m.group("suffix"), text)
    text = _COMPOUND.sub(_compound, text)
    text = _NUMBER_LETTER.sub(lambda m: f"{integer_words(int(m.group('num')))} {m.group('letter')}", text)
    text = _DIGITS_LETTERS.sub(lambda m: integer_words(int(m.group("num"))) + "-", text)
    return _LETTERS_DIGITS.sub(
        lambda m: "-" + spoken_cardinal(m.group("num")) + ("-" + m.group("next") if m.group("next") else ""),
        text)


def speak_cardinals(text: str) -> str:
    """Every number left: "1.234,5" → "eintausendzweihundertvierunddreißig Komma fünf", years as years."""
    return _CARDINAL.sub(lambda m: spoken_cardinal(
        m.group("num"), word_before(m.string, m.start()), word_after(m.string, m.end()),
        _opens(m.string, m.start())), text)


def _opens(text: str, position: int) -> bool:
    """Whether only opening quotes or brackets stand before `position`."""
    return not text[:position].strip(" „“\"'‚‘«»([–-")


def _roman_value(roman: str) -> int:
    if not _ROMAN_VALID.fullmatch(roman):
        return 0
    values = [_ROMAN_VALUES[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _regnal(name: str, value: int, before: str) -> str:
    before = before.lower()
    genitive = name.endswith("s") and name[:-1] in _REGNAL_NAMES or before == "des"
    base = name[:-1] if genitive and name[:-1] in _REGNAL_NAMES else name
    feminine = base in _FEMININE_NAMES
    if genitive:
        article = "der" if feminine else "des"
    elif before in _DATIVE:
        article = "der" if feminine else "dem"
    elif before in _ACCUSATIVE:
        article = "die" if feminine else "den"
    else:
        article = "die" if feminine else "der"
    weak = article in ("die", "der") and not (feminine and article == "der")
    return f"{name} {article} {ordinal_words(value, 'e' if weak else 'en').capitalize()}"


def _roman(match: re.Match[str]) -> str:
    name, roman, dot = match.group("name"), match.group("roman"), match.group("dot") or ""
    value = _roman_value(roman)
    at_end = match.end() == len(match.string.rstrip())
    if not value or name in _ROMAN_NOUNS or name in MONTHS:
        return f"{name} {integer_words(value)}{dot}" if value and len(roman) > 1 else match.group(0)
    listed = name in _REGNAL_NAMES or name[:-1] in _REGNAL_NAMES
    if listed or dot or at_end:
        start = match.start()
        before = word_before(match.string, start)
        while before in _TITLES:
            start = match.string.rfind(before, 0, start)
            before = word_before(match.string, start)
        return _regnal(name, value, before)
    return f"{name} {integer_words(value)}" if len(roman) > 1 else match.group(0)


def speak_roman_numerals(text: str) -> str:
    """"Ludwig XIV." → "Ludwig der Vierzehnte", "unter Karl V." → "unter Karl dem Fünften", "Teil II" → "Teil zwei"."""
    return _ROMAN.sub(_roman, text)
