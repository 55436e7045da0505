"""Written German → spoken German, one sentence at a time (pure str → str, no digit survives).

The rules run in a fixed order, each one a regex pass over the sentence: addresses and phone
numbers first (their dots and digits are not numbers), then symbols are named next to their still
written numbers ("3 km" → "3 Kilometer"), then times, dates, money, ranges, ordinals and the
remaining numbers are spoken with the words around them in view, and last acronyms and symbols.
The sentence's final punctuation is set aside first, so "fiel 1989." is not read as an ordinal and
"usw." at the end keeps its full stop.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from narrate.german import spoken_caps, spoken_codes, spoken_dates

from narrate.german import spoken_measures

from narrate.german import spoken_words
from narrate.german.spoken_numbers import digit_words, ordinal_words

log = logging.getLogger(__name__)

_TAIL = re.compile(r"[\s.!?…:;\"'“”«»‹›)\]]*$")
_TAIL_KEEP = re.compile(r"[^.!?…:;\"'“”«»‹›]")
_LONE_NUMBER = re.compile(r"\s*(\d{1,9})\s*")
# "Die Wahl ist am 3." – after these words a final number is a date, not the sentence's last count.
_FINAL_ORDINAL = re.compile(r"(?<!\w)(?P<det>am|im|zum|vom|beim|dem|zur|des|Am|Zum|Vom) (?P<num>\d{1,4})$")
# Longer than any number a person reads as a word: spelled at once, and kept away from int().
_DIGIT_RUN = re.compile(r"\d(?:[\d.,]*\d)?")
_LONGEST_NUMBER_CHARS = 27
_FINAL_COMMA = re.compile(r",\s*([.;:?!])")

# The order matters: each pass leaves words where it found digits or symbols.
_PASSES: tuple[Callable[[str], str], ...] = (
    spoken_codes.speak_enumeration,
    spoken_words.speak_addresses,
    spoken_measures.speak_phone_numbers,
    spoken_dates.speak_times,
    spoken_measures.name_amounts,
    spoken_words.expand_abbreviations,
    spoken_codes.speak_codes,
    spoken_codes.speak_designations,
    spoken_dates.write_dates_out,
    spoken_codes.speak_versions,
    spoken_dates.speak_roman_numerals,
    spoken_measures.speak_money,
    spoken_measures.speak_fractions,
    spoken_measures.speak_ranges,
    spoken_measures.speak_scores,
    spoken_dates.speak_compounds,
    spoken_dates.speak_ordinals,
    spoken_dates.speak_cardinals,
    spoken_caps.speak_acronyms,
    spoken_words.tidy_symbols,
)


def _split_tail(sentence: str) -> tuple[str, str]:
    """The sentence without its final punctuation (and closing quotes), and that punctuation."""
    match = _TAIL.search(sentence)
    return sentence[: match.start()], _TAIL_KEEP.sub("", sentence[match.start():])


def _spell_long_numbers(text: str) -> str:
    return _DIGIT_RUN.sub(
        lambda m: m.group(0) if len(m.group(0)) <= _LONGEST_NUMBER_CHARS else f" {digit_words(m.group(0))} ",
        text)


def to_spoken(sentence: str) -> str:
    """What a German newsreader says for one written sentence, as plain text for a TTS voice.

    Keeps . , ? ! : ; for prosody. Never returns a digit; emoji, control characters and letters a
    German voice cannot read are dropped, so the result may be "" for a sentence of pure noise.
    A sentence that is only "2." is read as a rank ("zweiter").
    """
    body, tail = _split_tail(_spell_long_numbers(spoken_words.clean_characters(sentence)))
    lone = _LONE_NUMBER.fullmatch(body)
    if lone and tail.startswith("."):
        return ordinal_words(int(lone.group(1)), "er") + tail
    if tail.startswith("."):
        body = _FINAL_ORDINAL.sub(lambda m: f"{m.group('det')} {ordinal_words(int(m.group('num')), 'en')}", body)
    for rule in _PASSES:
        body = rule(body)
    if not body:
        return ""
    return _FINAL_COMMA.sub(r"\1", body.rstrip(" ,") + tail)
