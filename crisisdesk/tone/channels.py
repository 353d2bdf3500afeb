"""How long a message is in each channel's own terms: SMS segments, X's weighted count, words.

SMS: GSM-7 holds 160 characters in one message and 153 per part when split; the
extension characters (``^{}[]~|€\\``) take two places. One character outside GSM-7
turns the whole message into UCS-2: 70 per message, 67 per part, counted in UTF-16
units. X counts 280 with most scripts beyond Latin (CJK, emoji) weighing 2 and any
web address 23.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from crisisdesk.tone.profiles import ChannelLimit
from crisisdesk.tone.text import WORD

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
X_URL_WEIGHT = 23
# Code point ranges X counts as 1; everything else counts 2.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

# Limits every audience gets unless its profile says otherwise.
DEFAULT_LIMITS: dict[str, ChannelLimit] = {
    "sms": ChannelLimit(max_segments=3),
    "social": ChannelLimit(max_chars=280),
    "press_release": ChannelLimit(min_words=50, max_words=150),
    "status_page": ChannelLimit(max_words=150),
}


@dataclass(frozen=True)
class SmsCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 units for UCS-2
    segments: int
    per_segment: int

    @property
    def left_in_segment(self) -> int:
        single = 160 if self.encoding == "GSM-7" else 70
        if self.units <= single:
            return single - self.units
        return self.segments * self.per_segment - self.units


def sms_count(text: str) -> SmsCount:
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else math.ceil(units / part)
    return SmsCount(encoding, units, segments, single if segments == 1 else part)


def _x_weight(char: str) -> int:
    point = ord(char)
    return 1 if any(lo <= point <= hi for lo, hi in _X_LIGHT) else 2


def x_weighted_length(text: str) -> int:
    total = 0
    position = 0
    for match in URL.finditer(text):
        total += sum(_x_weight(c) for c in text[position : match.start()]) + X_URL_WEIGHT
        position = match.end()
    return total + sum(_x_weight(c) for c in text[position:])


@dataclass(frozen=True)
class ChannelMeasure:
    channel: str
    chars: int  # as the channel counts them (weighted on X)
    words: int
    sms: SmsCount | None
    limit: ChannelLimit

    def over(self) -> str:
        """What is over the limit, in words a person understands; "" when it fits."""
        limit = self.limit
        if self.sms and limit.max_segments and self.sms.segments > limit.max_segments:
            return (
                f"{self.sms.segments} SMS parts ({self.sms.encoding}); "
                f"the limit is {limit.max_segments}"
            )
        if limit.max_chars and self.chars > limit.max_chars:
            return f"{self.chars} characters; the limit is {limit.max_chars}"
        if limit.max_words and self.words > limit.max_words:
            return f"{self.words} words; the limit is {limit.max_words}"
        return ""

    def under(self) -> str:
        if self.limit.min_words and 0 < self.words < self.limit.min_words:
            return f"{self.words} words; a message here usually has {self.limit.min_words} or more"
        return ""


def limit_for(channel: str, profile_limits: dict[str, ChannelLimit]) -> ChannelLimit:
    return profile_limits.get(channel) or DEFAULT_LIMITS.get(channel) or ChannelLimit()


def measure(text: str, channel: str, limit: ChannelLimit) -> ChannelMeasure:
    sms = sms_count(text) if channel == "sms" else None
    chars = x_weighted_length(text) if channel == "social" else len(text)
    return ChannelMeasure(channel, chars, len(WORD.findall(text)), sms, limit)


def overflow_start(text: str, channel: str, measured: ChannelMeasure) -> int:
    """Where the text starts to be too long, so the excess can be underlined."""
    limit = measured.limit
    if measured.sms and limit.max_segments and measured.sms.segments > limit.max_segments:
        capacity = limit.max_segments * measured.sms.per_segment
        if measured.sms.encoding == "GSM-7":
            return _index_at_units(text, capacity, lambda c: 2 if c in GSM7_EXTENSION else 1)
        return _index_at_units(text, capacity, lambda c: 2 if ord(c) > 0xFFFF else 1)
    if limit.max_chars and measured.chars > limit.max_chars:
        weigh: Callable[[str], int] = _x_weight if channel == "social" else (lambda c: 1)
        return _index_at_units(text, limit.max_chars, weigh)
    if limit.max_words and measured.words > limit.max_words:
        for n, word in enumerate(WORD.finditer(text)):
            if n == limit.max_words:
                return word.start()
    return len(text)


def _index_at_units(text: str, capacity: int, weigh: Callable[[str], int]) -> int:
    used = 0
    for index, char in enumerate(text):
        used += weigh(char)
        if used > capacity:
            return index
    return len(text)
