"""Canonical formulations as data: load `lexicon/canonical/*.yaml` and expand the naming rules.

Three kinds of entry come out:
- `Canon`: a correct phrase whose near variants are errors (homophones, shape-alikes, …);
- `Wrong`: a form that is wrong by rule (届/次 confusion, a title the person never held);
- masks: correct phrases (every canon, every correct congress name, allow-list phrases) that
  cover and so cancel any variant found inside them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govinspect.content.numerals import cn_number

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"
CANON_FILES = ("leaders.yaml", "organs.yaml", "regions.yaml", "formulations.yaml", "terms.yaml")

# generic continuations that make a bare leader's name a phrase long enough to check
NAME_SUFFIXES = ("同志", "强调", "指出", "主持", "出席", "会见", "考察", "讲话", "在")


@dataclass(frozen=True, slots=True)
class Canon:
    phrase: str
    code: str
    category: str
    source: str


@dataclass(frozen=True, slots=True)
class Wrong:
    text: str
    correct: str
    code: str
    category: str
    source: str
    rule: str


@dataclass(slots=True)
class CanonData:
    canons: list[Canon] = field(default_factory=list)
    wrongs: list[Wrong] = field(default_factory=list)
    masks: set[str] = field(default_factory=set)
    dated_masks: dict[str, dt.date] = field(default_factory=dict)  # historical forms, correct until


def _read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _phrase_file(data: dict[str, Any], out: CanonData) -> None:
    code, cat, src = str(data["code"]), str(data["category"]), str(data["source"])
    for raw in data.get("phrases", []):
        if isinstance(raw, dict):
            phrase, source = str(raw["phrase"]), str(raw.get("source", src))
        else:
            phrase, source = str(raw), src
        out.canons.append(Canon(phrase, code, cat, source))
        out.masks.add(phrase)


def _leaders(data: dict[str, Any], out: CanonData) -> None:
    code, cat = str(data["code"]), str(data["category"])
    titles: dict[str, dict[str, Any]] = data["titles"]
    for full in titles:
        if len(full) >= 4:
            out.canons.append(Canon(full, code, cat, "党和国家领导职务规范名称"))
        out.masks.add(full)
    for seq in data.get("sequences", []):
        phrase = str(seq["phrase"])
        out.canons.append(Canon(phrase, code, cat, str(seq["source"])))
        out.masks.add(phrase)
        if seq.get("person"):
            out.canons.append(Canon(phrase + str(seq["person"]), code, cat, str(seq["source"])))
    current_titles = {t["title"] for p in data["persons"] if p.get("current") for t in p.get("titles", [])}
    for full in current_titles:
        short = titles.get(full, {}).get("short")
        for title in {full, short} if short in ("总书记", "总理", "委员长") else {full}:
            for form in (title + s for s in NAME_SUFFIXES if s != "同志"):
                out.masks.add(form)
                if len(form) >= 4:
                    out.canons.append(Canon(form, code, cat, "党和国家领导职务规范名称"))
    for person in data["persons"]:
        name, src = str(person["name"]), str(person["source"])
        held = {str(t["title"]) for t in person.get("titles", [])}
        forms = [str(f) for f in person.get("forms", [])]
        if len(name) >= 3:
            forms += [name + s for s in NAME_SUFFIXES]
        for full in held:
            forms.append(full + name)
            short = titles.get(full, {}).get("short")
            if short:
                forms.append(short + name)
                forms.append(name + short)
        for form in dict.fromkeys(forms):
            out.masks.add(form)
            if len(form) >= 4:
                out.canons.append(Canon(form, code, cat, src))
        # a title the person never held, written next to the name
        held_exclusive = {e for full in held for e in titles.get(full, {}).get("exclusive", [])}
        now = ", ".join(sorted(held)) if held else "无上述职务"
        for full, spec in titles.items():
            if full in held:
                continue
            for title in spec.get("exclusive", []):
                if title in held_exclusive:
                    continue
                fix = f"{name}（任职：{now}）"
                out.wrongs.append(Wrong(title + name, fix, code, cat, src, "title"))
                if len(title) <= 3:
                    out.wrongs.append(Wrong(name + title, fix, code, cat, src, "title"))


def _congresses(data: dict[str, Any], out: CanonData) -> None:
    code, cat, src = str(data["code"]), str(data["category"]), str(data["source"])
    ns = [cn_number(n) for n in range(1, int(data.get("max_n", 25)) + 1)]
    ms = [cn_number(m) for m in range(1, int(data.get("max_m", 9)) + 1)]
    for rule in data["rules"]:
        correct, wrongs = str(rule["correct"]), [str(w) for w in rule["wrong"]]
        checked = bool(rule.get("variants", False))
        for n in ns:
            for m in ms if "{M}" in correct or any("{M}" in w for w in wrongs) else [""]:
                good = correct.replace("{N}", n).replace("{M}", m)
                out.masks.add(good)
                if checked:
                    out.canons.append(Canon(good, code, cat, src))
                for w in wrongs:
                    bad = w.replace("{N}", n).replace("{M}", m)
                    out.wrongs.append(Wrong(bad, good, code, cat, src, "ordinal"))


def load_canon(folder: Path = LEXICON_DIR) -> CanonData:
    """Every canonical phrase, wrong-by-rule form and mask of the lexicon folder."""
    out = CanonData()
    cdir = folder / "canonical"
    for name in CANON_FILES:
        path = cdir / name
        if not path.exists():
            continue
        data = _read(path)
        if name == "leaders.yaml":
            _leaders(data, out)
        else:
            _phrase_file(data, out)
    if (cdir / "congresses.yaml").exists():
        _congresses(_read(cdir / "congresses.yaml"), out)
    if (folder / "allow.yaml").exists():
        for e in _read(folder / "allow.yaml").get("entries", []):
            until = e.get("until")
            if until is None:
                out.masks.add(str(e["phrase"]))
            else:
                out.dated_masks[str(e["phrase"])] = dt.date.fromisoformat(str(until))
    # a wrong form equal to a correct phrase (e.g. a title one person held) is no error
    out.wrongs = [w for w in out.wrongs if w.text not in out.masks]
    out.canons = list({(c.phrase, c.code): c for c in reversed(out.canons)}.values())[::-1]
    return out
