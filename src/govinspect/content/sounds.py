"""Sound keys: every Chinese character mapped to one code point per toneless syllable.

Two strings with equal keys sound alike (tones ignored), so a homophone of a canonical phrase is
found by matching the phrase's key in the text's key. Readings come from pypinyin's dictionary;
a character takes its first (most common) reading, and `secondary_readers` lists the characters
whose other readings make them homophones too (长 for 常), for the explicit variant table.
"""

from __future__ import annotations

import functools
import unicodedata

from govinspect.content.keys import KeyMap

_BASE = 0xF0000  # supplementary private use area: never in real text


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("ü", "v").lower()


class SoundTable:
    """Character → syllable key, and syllable → the characters that read so."""

    def __init__(self) -> None:
        from pypinyin.pinyin_dict import pinyin_dict

        self._ids: dict[str, int] = {}
        self.table: dict[int, str] = {}
        self.readings: dict[str, tuple[str, ...]] = {}
        self.secondary: dict[str, list[str]] = {}
        for cp, value in pinyin_dict.items():
            if not (0x4E00 <= cp <= 0x9FFF):
                continue
            readings = tuple(dict.fromkeys(_toneless(r) for r in value.split(",")))
            ch = chr(cp)
            self.readings[ch] = readings
            self.table[cp] = self.key_char(readings[0])
            for r in readings[1:]:
                self.secondary.setdefault(r, []).append(ch)
        self._map = KeyMap(self.table)

    def key_char(self, syllable: str) -> str:
        idx = self._ids.setdefault(syllable, len(self._ids))
        return chr(_BASE + idx)

    def key(self, text: str) -> str:
        """The sound key of `text`: same length, one key character per Chinese character."""
        return self._map.key(text)

    def phrase_keys(self, phrase: str, limit: int = 16) -> set[str]:
        """The keys of a canonical phrase under its characters' readings: every reading of a
        polyphone counts (委员长 is also heard as wei-yuan-chang), up to `limit` combinations,
        beside the reading in context from pypinyin's phrase table (重庆: chong-qing)."""
        from pypinyin import lazy_pinyin

        keys = {self.key(phrase)}
        syllables: list[str] = lazy_pinyin(phrase, errors=lambda s: list(s))  # type: ignore[arg-type,return-value]
        if len(syllables) == len(phrase):
            keys.add(
                "".join(
                    self.key_char(_toneless(s)) if ord(c) in self.table else c
                    for c, s in zip(phrase, syllables, strict=True)
                )
            )
        combos = [""]
        for c in phrase:
            options = [self.key_char(r) for r in self.readings.get(c, ())] or [c]
            if len(combos) * len(options) > limit:
                options = options[:1]
            combos = [k + o for k in combos for o in options]
        keys.update(combos)
        return keys

    def homophone(self, a: str, b: str) -> bool:
        """Whether two characters share a toneless reading."""
        ra, rb = self.readings.get(a), self.readings.get(b)
        return bool(ra and rb and set(ra) & set(rb))

    def secondary_readers(self, syllable: str) -> list[str]:
        """Characters that have `syllable` as one of their other readings."""
        return self.secondary.get(syllable, [])


@functools.cache
def sound_table() -> SoundTable:
    """The table, built once per process."""
    return SoundTable()
