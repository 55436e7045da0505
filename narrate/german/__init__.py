"""Article → Script: German sentences, their spoken forms (numbers, dates, units, …) and the lexicon."""

from narrate.german.lexicon import Lexicon, load_lexicon
from narrate.german.script import build_script
from narrate.german.sentences import split_sentences
from narrate.german.spoken import to_spoken

__all__ = ["Lexicon", "build_script", "load_lexicon", "split_sentences", "to_spoken"]
