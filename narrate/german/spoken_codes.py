"""Spoken forms of numbers that are not quantities: list items, case numbers, versions, designations.

A number that names something is read by its own rules: "12. Demokratie lebt …" opening a
paragraph is an enumeration ("Zwölftens: …"), "Az. 527-1/95" a file code ("… Strich eins Strich
…"), "Windows 3.11" a version ("drei Punkt elf"). These passes run before the date, fraction and
range rules, which would otherwise read them as "dritter November" or "ein Fünfundneunzigstel".
"""

from __future__ import annotations

import re

from narrate.german.sentence_rules import is_ordinal_noun
from narrate.german.spoken_numbers import MONTHS, digit_words, integer_words, ordinal_stem, word_before

# Rule "enumeration": a number with a full stop opening the sentence, before a capitalised word
# that is no noun ordinals go with ("3. Liga", "19. Jahrhundert", "1. Mai") nor an acronym
# ("1. FC Köln"), numbers a list item. Read as "Zwölftens:", the adverb German reads lists with;
# "Punkt zwölf" would be heard as a time of day.
_ENUMERATION = re.compile(r"^(?P<lead>[\s„“\"'(]*)(?P<num>\d{1,3})\.\s+(?=(?P<word>[^\W\d_][\w-]*))")

# Rule "file codes": after a cue word (Aktenzeichen, Drucksache, …) digits and capital letters
# joined by spaces, hyphens, slashes or dots are one code; without a cue, digits joined by both a
# hyphen and a slash ("527-1/95") are one. Digit groups are read as numbers, "-" and "/" as "Strich".
_CODE_CUE = (r"(?:Aktenzeichen|Az|Gz|Geschäftszeichen|Drucksache|Drs|Bundestagsdrucksache|"
             r"Vorgangsnummer|Kennzeichen|Bestellnummer|Artikelnummer|Best\.-Nr|Art\.-Nr)")
_CODE_PART = r"(?:\d+|[A-ZÄÖÜ]{1,5})"
_CUED_CODE = re.compile(rf"(?P<cue>(?<!\w){_CODE_CUE}\.?:?\s?)"
                        rf"(?P<code>\d+(?:(?:\s?[-/.]\s?|\s){_CODE_PART})*)(?![\w.,]\d)")
_BARE_CODE = re.compile(r"(?<![\w.,/-])(?P<code>\d+(?:-\d+)+/\d+(?:[-/]\d+)*|\d+/\d+(?:/\d+)*-\d+(?:[-/]\d+)*)"
                        r"(?![\w/-])")
_CODE_TOKEN = re.compile(r"\d+|[A-ZÄÖÜ]+|[-/.]")
_CODE_SEPARATORS = {"-": "Strich", "/": "Strich", ".": "Punkt"}

# Rule "IBAN": two letters, two check digits and groups of four, read character by character
# with a pause between groups ("DE89 3704 …" → "D-E acht neun, drei sieben null vier, …").
_IBAN_RUN = re.compile(r"[A-Z]+|\d+")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?(?![\w])")

# Rule "stopwatch times": minutes, seconds and a decimal fraction ("3:39,05 Minuten") are a
# measured time, read "drei Minuten neununddreißig Komma null fünf"; a unit after it is dropped.
_STOPWATCH = re.compile(r"(?<![\d:.,])(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>[0-5]\d)(?:,(?P<f>\d{1,3}))?(?![\d:])"
                        r"(?P<unit>\s?(?:Minuten|Min\.?|min|Stunden|Std\.?|h)(?!\w))?")
# Rule "UTC times": an hour before a time zone is a time of day ("00 UTC" → "null Uhr U-T-C").
_ZONED_TIME = re.compile(r"(?<![\d:.,])(?P<h>[01]?\d|2[0-4])(?::(?P<m>[0-5]\d))? (?P<tz>UTC|GMT|MEZ|MESZ|CET|CEST)(?!\w)")

# Rule "versions": digits joined by dots that are neither thousands ("1.234") nor a date (the
# date rule took those) are read with "Punkt": "Windows 3.11" → "Windows drei Punkt elf".
_VERSION = re.compile(r"(?<![\w.,])(?P<v>\d+(?:\.\d+)+)(?![\w]|[.,]\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_CLOCK_TEXT = r"(?:[01]?\d|2[0-4])\.[0-5]\d"
_CLOCK = re.compile(_CLOCK_TEXT)
_CLOCK_RANGE = re.compile(rf"(?<![\w.,])(?P<a>{_CLOCK_TEXT})\s?[-–]\s?(?P<b>{_CLOCK_TEXT})(?![\d]|[.,]\d)")
_CLOCK_AFTER = re.compile(r"\s?(?:bis|[-–])\s?\d{1,2}(?:[.:]\d{2})?\s?Uhr")
_CLOCK_CUES = frozenset("um ab bis von gegen seit zwischen täglich".split())

# Rule "designations": capitals, a hyphen and a number name a type ("B-29", "A-380", "F-16");
# the number is a cardinal and a trailing "s" its plural ("B-29s"), not seconds.
_DESIGNATION = re.compile(r"(?<![\w-])(?P<pre>[A-ZÄÖÜ]{1,4})-(?P<num>\d{1,4})(?P<plural>s)?(?![\w]|[.,]\d)")


def _enumeration(match: re.Match[str]) -> str:
    word = match.group("word")
    if (not word[:1].isupper() or (len(word) > 1 and word[:2].isupper()) or word in MONTHS
            or is_ordinal_noun(word)):
        return match.group(0)
    return f"{match.group('lead')}{ordinal_stem(int(match.group('num'))).capitalize()}ens: "


def speak_enumeration(text: str) -> str:
    """"12. Demokratie lebt vom Streit" → "Zwölftens: Demokratie lebt vom Streit"."""
    return _ENUMERATION.sub(_enumeration, text, count=1)


def _group_words(group: str) -> str:
    if len(group) > 1 and group.startswith("0"):
        return digit_words(group)
    return integer_words(int(group))


def speak_code(code: str) -> str:
    """"527-1/95" → "fünfhundertsiebenundzwanzig Strich eins Strich fünfundneunzig"."""
    words = []
    for token in _CODE_TOKEN.findall(code):
        if token.isdigit():
            words.append(_group_words(token))
        else:
            words.append(_CODE_SEPARATORS.get(token, token))
    return " ".join(words)


def speak_codes(text: str) -> str:
    """File and case numbers ("Aktenzeichen 5 AZR 216/94", "527-1/95") read group by group."""
    text = _CUED_CODE.sub(lambda m: m.group("cue") + speak_code(m.group("code")), text)
    return _BARE_CODE.sub(lambda m: speak_code(m.group("code")), text)


def _version(match: re.Match[str]) -> str:
    written = match.group("v")
    if _THOUSANDS.fullmatch(written):
        return written
    if _CLOCK.fullmatch(written) and (_CLOCK_AFTER.match(match.string, match.end())
                                      or word_before(match.string, match.start()).lower() in _CLOCK_CUES):
        return _clock_words(written)
    head, *tail = written.split(".")
    # "3.11" → "drei Punkt elf"; longer tails are digits, as in "53.36671" → "… Punkt drei sechs …"
    return " Punkt ".join([_group_words(head)] + [_group_words(t) if len(t) <= 2 else digit_words(t) for t in tail])


def _clock_words(written: str) -> str:
    hours, minutes = (int(part) for part in written.split("."))
    return f"{integer_words(hours)} Uhr" + (f" {integer_words(minutes)}" if minutes else "")


def speak_versions(text: str) -> str:
    """"Windows 3.11" → "Windows drei Punkt elf"; thousands ("1.234") are left for the cardinals.

    Rule "clock times without Uhr": "9.30 bis 17.30 Uhr", "Mo-Fr 8.30-12.30", "bis 11.30" are times.
    """
    text = _CLOCK_RANGE.sub(lambda m: f"{_clock_words(m.group('a'))} bis {_clock_words(m.group('b'))}", text)
    return _VERSION.sub(_version, text)


def speak_designations(text: str) -> str:
    """"die B-29s" → "die B-neunundzwanzigs", "der A-380" → "der A-dreihundertachtzig"."""
    return _DESIGNATION.sub(lambda m: f"{m.group('pre')}-{_group_words(m.group('num'))}{m.group('plural') or ''}",
                            text)


def _iban(match: re.Match[str]) -> str:
    compact = match.group(0).replace(" ", "")
    groups = (compact[i:i + 4] for i in range(0, len(compact), 4))
    return ", ".join(" ".join("-".join(run) if run.isalpha() else digit_words(run) for run in _IBAN_RUN.findall(group))
                     for group in groups)


def speak_ibans(text: str) -> str:
    """"DE89 3704 0044" → "D-E acht neun, drei sieben null vier, null null vier vier"."""
    return _IBAN.sub(_iban, text)


def _stopwatch(match: re.Match[str]) -> str:
    if not match.group("f") and not match.group("unit"):
        return match.group(0)  # "2:1" is a score, "9:15" a time: theirs
    hours = match.group("h")
    head = f"{integer_words(int(hours))} Stunden " if hours else ""
    minutes = int(match.group("m"))
    return (f"{head}{integer_words(minutes)} {'Minute' if minutes == 1 else 'Minuten'} "
            f"{integer_words(int(match.group('s')))}"
            + (f" Komma {digit_words(match.group('f'))}" if match.group("f") else ""))


def speak_stopwatch_times(text: str) -> str:
    """"in 3:39,05 Minuten" → "in drei Minuten neununddreißig Komma null fünf"; "00 UTC" → "null Uhr UTC"."""
    text = _ZONED_TIME.sub(lambda m: f"{integer_words(int(m.group('h')))} Uhr"
                           + (f" {integer_words(int(m.group('m')))}" if m.group("m") and m.group("m") != "00" else "")
                           + f" {m.group('tz')}", text)
    return _STOPWATCH.sub(_stopwatch, text)
