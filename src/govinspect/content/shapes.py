"""Shape-alike characters: the project's own table `lexicon/similar_shapes.txt`, one group a line.

For matching, the groups are joined into classes (union-find) and every character is keyed by its
class, so a canonical phrase is found with any shape-alike characters in one automaton pass; the
matcher then checks each differing character against the groups themselves.
"""

from __future__ import annotations

import functools
from pathlib import Path

from govinspect.content.keys import KeyMap
from govinspect.content.phrases import LEXICON_DIR

_BASE = 0xE0000  # supplementary private use plane: never in real text


def load_shapes(path: Path = LEXICON_DIR / "similar_shapes.txt") -> dict[str, frozenset[str]]:
    """Character → the characters that look like it (never itself)."""
    out: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        group = list(dict.fromkeys(line.split()))
        for ch in group:
            out.setdefault(ch, set()).update(c for c in group if c != ch)
    return {k: frozenset(v) for k, v in out.items()}


@functools.cache
def shape_table() -> dict[str, frozenset[str]]:
    return load_shapes()


@functools.cache
def shape_keys() -> KeyMap:
    """Character → one code point per class of shape-alike characters."""
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for ch, alikes in shape_table().items():
        for other in alikes:
            a, b = find(ch), find(other)
            if a != b:
                parent[a] = b
    roots: dict[str, int] = {}
    table = {}
    for ch in shape_table():
        root = find(ch)
        table[ord(ch)] = chr(_BASE + roots.setdefault(root, len(roots)))
    return KeyMap(table)
