"""Tone of interaction notes: sentiment (VADER) and a formality measure.

Both are early-warning inputs only. They feed the drift checks and the health score's tone
part, and never change a score, quadrant or status by themselves.

Formality, 0 (casual) to 100 (formal), in plain words: count the formal markers in a note
(phrases such as "please find attached", "as per", "pursuant to", "kindly", "we regret",
"hereby", "with reference to", "dear sir or madam", "yours sincerely") and the casual ones
(contractions such as "we'll" or "don't", "hi", "thanks", "cheers", "quick call", "chat",
exclamation marks, emoticons). The score is 50 + 50 × (formal − casual) / (formal + casual);
a note with no markers scores 50. A relationship that used to write "Hi Erik, quick one —
can we chat tomorrow?" and now writes "Dear Sir, please find attached our position as per
the agreement" moves from about 10 to about 95.
"""

from __future__ import annotations

import re
from functools import lru_cache

FORMAL_PHRASES = (
    "please find attached", "please find enclosed", "as per", "pursuant to", "kindly",
    "we regret", "hereby", "herewith", "with reference to", "with regard to", "dear sir",
    "dear madam", "dear sir or madam", "yours sincerely", "yours faithfully",
    "best regards", "kind regards", "in accordance with", "we would like to inform",
    "please be advised", "formal notice", "contractual", "the agreement stipulates",
    "we hereby", "respectfully", "notwithstanding", "aforementioned", "for the record",
    "in writing", "our legal", "reserve the right", "official",
)  # fmt: skip
CASUAL_WORDS = (
    "hi", "hey", "thanks", "cheers", "chat", "quick", "catch up", "coffee", "great",
    "awesome", "no worries", "sure thing", "btw", "ok", "okay", "cool", "lol", "brainstorm",
    "happy to", "let's", "figure out",
)  # fmt: skip
_CONTRACTION = re.compile(r"\b\w+'(?:ll|re|ve|d|s|t|m)\b", re.IGNORECASE)
_EMOTICON = re.compile(r"[:;]-?[)(DP]|[\U0001F600-\U0001F64F]")


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_FORMAL = _phrase_pattern(FORMAL_PHRASES)
_CASUAL = _phrase_pattern(CASUAL_WORDS)


def formality(text: str) -> float | None:
    """0 (casual) to 100 (formal); None for an empty note."""
    if not text or not text.strip():
        return None
    formal = len(_FORMAL.findall(text))
    casual = (
        len(_CASUAL.findall(text))
        + len(_CONTRACTION.findall(text.replace("’", "'")))
        + text.count("!")
        + len(_EMOTICON.findall(text))
    )
    if formal + casual == 0:
        return 50.0
    return 50.0 + 50.0 * (formal - casual) / (formal + casual)


@lru_cache(maxsize=1)
def _analyzer() -> object:
    # The lexicon ships inside the vaderSentiment package: nothing is downloaded.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float | None:
    """VADER's compound score, -1 (negative) to +1 (positive); None for an empty note."""
    if not text or not text.strip():
        return None
    scores = _analyzer().polarity_scores(text)  # type: ignore[attr-defined]
    return float(scores["compound"])


def tone_of(text: str) -> tuple[float | None, float | None]:
    """(sentiment, formality) of a note."""
    return sentiment(text), formality(text)
