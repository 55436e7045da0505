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

# The order matters: each pass leaves words where it found digits or symbols. The second field
# says whether the pass only rewrites digits, so a sentence without any skips it (most do).
_PASSES: tuple[tuple[Callable[[str], str], bool], ...] = (
    (spoken_codes.speak_enumeration, True),
    (spoken_words.speak_addresses, False),
    (spoken_codes.speak_ibans, True),
    (spoken_measures.speak_phone_numbers, True),
    (spoken_codes.speak_stopwatch_times, True),
    (spoken_dates.speak_times, True),
    (spoken_measures.name_amounts, False),
    (spoken_words.expand_abbreviations, False),
    (spoken_codes.speak_codes, True),
    (spoken_codes.speak_designations, True),
    (spoken_dates.write_dates_out, True),
    (spoken_codes.speak_versions, True),
    (spoken_dates.speak_roman_numerals, False),
    (spoken_measures.speak_money, True),
    (spoken_measures.speak_fractions, True),
    (spoken_measures.speak_ranges, True),
    (spoken_measures.speak_scores, True),
    (spoken_dates.speak_compounds, True),
    (spoken_dates.speak_ordinals, True),
    (spoken_dates.speak_cardinals, True),
    (spoken_caps.speak_acronyms, False),
    (spoken_words.tidy_symbols, False),
)
_ANY_DIGIT = re.compile(r"\d")


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
    has_digit = _ANY_DIGIT.search(body) is not None
    for rule, digits_only in _PASSES:
        if has_digit or not digits_only:
            body = rule(body)
    if not body:
        return ""
    return _FINAL_COMMA.sub(r"\1", body.rstrip(" ,") + tail)
