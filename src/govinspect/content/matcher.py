"""Find near variants of canonical formulations in text, in linear time.

Two Aho-Corasick automata are built once: over the text's shape key (canonical phrases with
shape-alike characters; and the exact masks, generated variants and wrong-by-rule forms, checked
against the text itself) and over its sound key (homophones, a syllable typed twice). A candidate is dropped when a correct phrase (a mask) covers
it, or when a replaced first or last character reads as a word with the text around it, so a
variant that is a correct word in its context does not hit.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

from govinspect.content.hits import Hit, make_hit
from govinspect.content.phrases import LEXICON_DIR, Canon, CanonData, load_canon
from govinspect.content.shapes import shape_keys, shape_table
from govinspect.content.sounds import SoundTable, sound_table
from govinspect.content.variants import MIN_PHRASE, extra_keys, is_han, is_word, jieba_module, variants

# characters that as a replaced edge character make a plain reading (生态环境不恶化), never a typo
FUNCTION_CHARS = set(
    "不的是在了和与及也就都而又对将把被从向以为于之其这那有个等上下内外后前时要会能可让使并或"
)
COMMON_WORD = 10  # jieba frequency from which an edge character and its neighbour are a word


@dataclass(frozen=True, slots=True)
class _Variant:
    canon: Canon
    rule: str


@dataclass(frozen=True, slots=True)
class _Rule:
    correct: str
    code: str
    category: str
    source: str
    rule: str


@dataclass(frozen=True, slots=True)
class _Mask:
    """A correct phrase: any candidate inside it is dropped."""


_MASK = _Mask()


def _max_diff(n: int) -> int:
    return 1 if n < 8 else 2


def _automaton(table: Mapping[str, Sequence[Any]]) -> Any:
    auto: Any = ahocorasick.Automaton()
    for word, values in table.items():
        auto.add_word(word, (len(word), tuple(values)))
    if table:
        auto.make_automaton()
    return auto


class Matcher:
    """Canonical phrases, their variants and the wrong-by-rule forms, ready to scan text."""

    def __init__(self, data: CanonData, sounds: SoundTable) -> None:
        self.sounds = sounds
        self.shapes = shape_table()
        self._shape_keys = shape_keys()
        self.masks = frozenset(data.masks)
        exact: dict[str, list[Any]] = {m: [_MASK] for m in data.masks}
        for phrase, until in data.dated_masks.items():
            exact.setdefault(phrase, []).append(until)
        sound: dict[str, list[tuple[Canon, int]]] = {}
        shape: dict[str, list[tuple[str | None, Any]]] = {}
        for canon in data.canons:
            phrase = canon.phrase
            if len(phrase) < MIN_PHRASE:
                continue
            for variant, rule in variants(phrase, canon.category):
                if variant not in self.masks:
                    exact.setdefault(variant, []).append(_Variant(canon, rule))
            plain = sounds.key(phrase)
            for key in sounds.phrase_keys(phrase):
                sound.setdefault(key, []).append((canon, -1))
            for xkey, at in extra_keys(phrase, plain):
                sound.setdefault(xkey, []).append((canon, at))
            shape.setdefault(self._shape_keys.key(phrase), []).append((None, canon))
        for w in data.wrongs:
            exact.setdefault(w.text, []).append(_Rule(w.correct, w.code, w.category, w.source, w.rule))
        # exact entries ride in the shape pass: keyed by shape, checked against the text itself
        for word, values in exact.items():
            shape.setdefault(self._shape_keys.key(word), []).extend((word, v) for v in values)
        self._sound = _automaton(sound)
        self._shape = _automaton(shape)
        self.size = len(exact) + len(sound) + len(shape)
        # word facts for the edge check, taken from jieba's dictionary now so scanning needs no jieba
        freq = jieba_module().dt.FREQ
        self._pairs = frozenset(w for w, f in freq.items() if len(w) == 2 and f >= COMMON_WORD)
        self._edge_words = frozenset(
            part
            for c in data.canons
            for part in (c.phrase[1:], c.phrase[:-1])
            if part in self.masks or is_word(part)
        )

    def scan(self, text: str, published: dt.date | None = None) -> list[Hit]:
        """Every variant or wrong form in `text` that no correct phrase covers, by offset.

        `published` is the text's date: a historical form (allowed until a date) covers a
        variant only in text published by then."""
        if not text:
            return []
        masks: list[tuple[int, int]] = []
        cands: list[tuple[int, int, Hit, int]] = []
        for end, (n, entries) in self._sound.iter(self.sounds.key(text)):
            start = end - n + 1
            raw = text[start : end + 1]
            for c, at in entries:
                if at >= 0:
                    if raw[:at] + raw[at + 1 :] == c.phrase:
                        rule = "duplicate" if raw[at] == raw[at - 1] else "extra"
                        hit = make_hit(text, c.code, start, end + 1, c.phrase, c.source, rule, c.category)
                        cands.append((start, end + 1, hit, _rank(c.phrase)))
                elif raw == c.phrase:
                    masks.append((start, end + 1))
                elif self._substituted(text, start, raw, c.phrase, self.sounds.homophone):
                    hit = make_hit(text, c.code, start, end + 1, c.phrase, c.source, "homophone", c.category)
                    cands.append((start, end + 1, hit, _rank(c.phrase)))
        for end, (n, entries) in self._shape.iter(self._shape_keys.key(text)):
            start = end - n + 1
            raw = text[start : end + 1]
            for word, v in entries:
                if word is None:
                    c = v
                    if raw != c.phrase and self._substituted(text, start, raw, c.phrase, self._alike):
                        hit = make_hit(text, c.code, start, end + 1, c.phrase, c.source, "shape", c.category)
                        cands.append((start, end + 1, hit, _rank(c.phrase)))
                elif word != raw:
                    continue
                elif isinstance(v, _Mask):
                    masks.append((start, end + 1))
                elif isinstance(v, dt.date):
                    if published is not None and published <= v:
                        masks.append((start, end + 1))
                elif isinstance(v, _Variant):
                    c = v.canon
                    hit = make_hit(text, c.code, start, end + 1, c.phrase, c.source, v.rule, c.category)
                    cands.append((start, end + 1, hit, _rank(c.phrase)))
                else:
                    hit = make_hit(text, v.code, start, end + 1, v.correct, v.source, v.rule, v.category)
                    cands.append((start, end + 1, hit, _RULE_RANK))
        if not cands:
            return []
        masks.sort()
        kept = [c for c in cands if not _covered(c[0], c[1], masks)]
        return _best_per_cluster(kept)

    def _alike(self, a: str, b: str) -> bool:
        return b in self.shapes.get(a, ())

    def _substituted(
        self, text: str, start: int, raw: str, phrase: str, similar: Callable[[str, str], bool]
    ) -> bool:
        """Whether `raw` is `phrase` with a few characters replaced by similar ones, and a
        replaced edge character does not read as part of a neighbouring word."""
        n = len(phrase)
        diff = [i for i in range(n) if raw[i] != phrase[i]]
        if not diff or len(diff) > _max_diff(n):
            return False
        if not all(is_han(raw[i]) and similar(phrase[i], raw[i]) for i in diff):
            return False
        if diff[0] == 0 and self._edge_reads(text, start, raw, 0):
            return False
        return not (diff[-1] == n - 1 and self._edge_reads(text, start, raw, 1))

    def _edge_reads(self, text: str, start: int, raw: str, edge: int) -> bool:
        """Whether a replaced first (edge 0) or last (edge 1) character reads as plain text: a
        function character, the rest of the span a word of its own (共产党 + 愿), or the
        character a common word with its outside neighbour (生态环境 + 不恶化)."""
        end = start + len(raw)
        ch = raw[0] if edge == 0 else raw[-1]
        rest = raw[1:] if edge == 0 else raw[:-1]
        if ch in FUNCTION_CHARS or rest in self._edge_words:
            return True
        pair = text[max(0, start - 1) : start + 1] if edge == 0 else text[end - 1 : end + 1]
        return pair in self._pairs


def _covered(start: int, end: int, masks: list[tuple[int, int]]) -> bool:
    """Whether a correct phrase spans all of [start, end)."""
    return any(ms <= start and end <= me for ms, me in masks)


_RULE_RANK = 10_000  # a wrong-by-rule form (届/次, a title) names the error best


def _rank(phrase: str) -> int:
    """The shortest canonical phrase around an error gives the narrowest evidence."""
    return 1000 - len(phrase)


def _best_per_cluster(cands: list[tuple[int, int, Hit, int]]) -> list[Hit]:
    """Overlapping candidates describe one error. The leftmost start wins (二十届三中全汇, not
    十届三中全汇); among those starting there, the best ranked (a wrong-by-rule form, else the
    shortest canonical phrase, for the narrowest evidence)."""
    cands.sort(key=lambda c: (c[0], -c[3]))
    out: list[tuple[int, int, Hit, int]] = []
    for c in cands:
        if out and c[0] < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], c[1]), out[-1][2], out[-1][3])
            continue
        out.append(c)
    return [c[2] for c in out]


def _fingerprint() -> str:
    """A hash of everything the built matcher depends on: lexicon data, this package's code and
    the versions of pypinyin and jieba."""
    from importlib.metadata import version

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*LEXICON_DIR.rglob("*.yaml"), *LEXICON_DIR.rglob("*.txt"), *here.glob("*.py")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for dist in ("pypinyin", "jieba", "pyahocorasick"):
        h.update(version(dist).encode())
    return h.hexdigest()[:16]


def _cache_dir() -> Path:
    base = os.environ.get("GOVINSPECT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "govinspect" if base else Path.home() / ".cache" / "govinspect"


@functools.cache
def default_matcher() -> Matcher:
    """The matcher of the built-in lexicon, built once and kept in the user's cache directory
    (a rebuild takes seconds; loading takes a fraction of one)."""
    path = _cache_dir() / f"matcher-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, Matcher):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    matcher = Matcher(load_canon(), sound_table())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: build every time
    return matcher
