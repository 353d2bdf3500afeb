"""Flesch-Kincaid grade of a message and of each of its sentences.

Syllables come from textstat (its pronouncing dictionary, with hyphenation as the
fallback); the grade is the standard formula over our own sentence split, so the
hardest sentences can be pointed at. The first call loads the dictionary (about a
second): ``warm_up`` lets a caller pay that early, off the critical path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from crisisdesk.tone.text import WORD, Sentence, sentences


@lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    import textstat  # its dictionary is large: loaded on the first lint, not at start-up

    return max(1, int(textstat.syllable_count(word.lower())))


def warm_up() -> None:
    syllables("readability")


def grade(words: int, sentence_count: int, syllable_count: int) -> float:
    if not words or not sentence_count:
        return 0.0
    return 0.39 * words / sentence_count + 11.8 * syllable_count / words - 15.59


@dataclass(frozen=True)
class SentenceScore:
    sentence: Sentence
    syllables: int

    @property
    def grade(self) -> float:
        return grade(self.sentence.words, 1, self.syllables)


@dataclass(frozen=True)
class Readability:
    grade: float
    words: int
    sentences: list[SentenceScore]

    @property
    def average_sentence_words(self) -> float:
        return self.words / len(self.sentences) if self.sentences else 0.0


def score(text: str, split: list[Sentence] | None = None) -> Readability:
    scored = [
        SentenceScore(s, sum(map(syllables, WORD.findall(text, s.start, s.end))))
        for s in (sentences(text) if split is None else split)
    ]
    words = sum(s.sentence.words for s in scored)
    total = grade(words, len(scored), sum(s.syllables for s in scored))
    return Readability(round(total, 1), words, scored)
