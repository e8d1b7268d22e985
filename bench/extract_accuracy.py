"""Score govinspect.extract on the hand-checked real pages (../shared/realpages) and on generated chrome.

First table: each field on the real pages. Second table: pages from sim.chrome_families (each CMS family,
each failure class), list newest date / item dates / footer fields. Peers are scored beside us when
installed (htmldate for dates, trafilatura for titles and dates); a peer not installed shows 未安装.
Usage: python bench/extract_accuracy.py [--cases PATH] [--generated N] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govinspect.extract import extract_page
from govinspect.extract.facts import PageFacts

DEFAULT_CASES = Path(__file__).resolve().parents[2] / "shared" / "realpages" / "cases.json"
if not DEFAULT_CASES.exists():
    DEFAULT_CASES = Path("/work/shared/realpages/cases.json")

_NOTE = re.compile(r"\s+(?:\(|—\s).*$")
_WS = re.compile(r"\s+")


def strip_note(value: Any) -> Any:
    """Annotations append notes: 'X (written …)' or 'X — split …'. Keep X."""
    if not isinstance(value, str):
        return value
    m = re.search(r"\s\([^()]*\)\s*$", value)
    if m:
        value = value[: m.start()]
    value = re.split(r"\s+—\s+", value)[0]
    return value


def pad(text: str, width: int) -> str:
    """Left-justify to a display width (CJK characters take two columns)."""
    shown = sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def norm(value: Any) -> str | None:
    if value is None:
        return None
    return _WS.sub("", str(value)).replace("：", "").replace(":", "").rstrip("号") or ""


@dataclass
class Score:
    ok: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, good: bool, case: str, detail: str = "") -> None:
        self.total += 1
        if good:
            self.ok += 1
        else:
            self.misses.append(f"{case}{': ' + detail if detail else ''}")

    def pct(self) -> str:
        return f"{100 * self.ok / self.total:5.1f}%" if self.total else "   n/a"


def _peers() -> dict[str, Callable[[str, str], dict[str, Any]]]:
    peers: dict[str, Callable[[str, str], dict[str, Any]]] = {}
    try:
        from htmldate import find_date

        def htmldate_peer(html: str, url: str) -> dict[str, Any]:
            try:
                return {"pub_date": find_date(html, original_date=True, extensive_search=True)}
            except Exception:
                return {"pub_date": None}

        peers["htmldate"] = htmldate_peer
    except ImportError:
        pass
    try:
        import trafilatura

        def trafilatura_peer(html: str, url: str) -> dict[str, Any]:
            try:
                md = trafilatura.extract_metadata(html)
            except Exception:
                md = None
            if md is None:
                return {"title": None, "pub_date": None}
            return {"title": md.title, "pub_date": md.date}

        peers["trafilatura"] = trafilatura_peer
    except ImportError:
        pass
    return peers


PEERS = ("htmldate", "trafilatura")


def _peer_cell(name: str, peers: dict[str, Any], value: str) -> str:
    return value if name in peers else "未安装"


def run_generated(n: int, peers: dict[str, Callable[[str, str], dict[str, Any]]]) -> None:
    """Score the reading of n generated chrome pages per family and per failure class."""
    from govinspect.sim.chrome_families import chrome_page

    rows: dict[str, dict[str, Score]] = {}
    for seed in range(n):
        page = chrome_page(seed)
        facts = extract_page(page.url, page.html.encode("utf-8"), None)
        lst = facts.list
        newest = lst.newest_date if lst else None
        dates = sorted(str(i.date) for i in lst.items) if lst else []
        got = {
            "newest": newest == page.newest_date,
            "items": dates == sorted(i.date for i in page.items),
            "footer": all(getattr(facts.footer, k) == v for k, v in page.footer.items()),
        }
        peer_got = {p: fn(page.html, page.url).get("pub_date") == page.newest_date for p, fn in peers.items()}
        for key in (f"family {page.family}", *(f"class {c}" for c in page.chrome), "all"):
            cell = rows.setdefault(key, {})
            for field_name, good in got.items():
                cell.setdefault(field_name, Score()).add(good, str(seed))
            for p, good in peer_got.items():
                cell.setdefault(p, Score()).add(good, str(seed))
    head = f"{'generated pages':24} {'pages':>5} {'newest':>7} {'items':>7} {'footer':>7}" + "".join(
        f" {p + ' newest':>20}" for p in PEERS
    )
    print()
    print(head)
    print("-" * len(head))
    for key in sorted(rows, key=lambda k: (k == "all", k)):
        cell = rows[key]
        line = f"{key:24} {cell['newest'].total:>5} {cell['newest'].pct():>7} {cell['items'].pct():>7} {cell['footer'].pct():>7}"
        for p in PEERS:
            line += f" {_peer_cell(p, peers, cell[p].pct() if p in cell else ''):>20}"
        print(line)


def _badge_expected(footer: dict[str, Any]) -> bool | None:
    if "conac_mark" not in footer:
        return None
    v = footer["conac_mark"]
    if v is None:
        return False
    return not str(v).startswith("not statically")


def run(cases_path: Path, verbose: bool, generated: int = 0) -> int:
    data = json.loads(cases_path.read_text("utf-8"))
    root = cases_path.parent
    peers = _peers()
    scores: dict[str, Score] = {}
    peer_scores: dict[tuple[str, str], Score] = {}

    def sc(name: str) -> Score:
        return scores.setdefault(name, Score())

    def psc(name: str, peer: str) -> Score:
        return peer_scores.setdefault((name, peer), Score())

    for case in data["cases"]:
        cid = case["id"]
        ann = case["annotation"]
        body = (root / case["file"]).read_bytes()
        facts: PageFacts = extract_page(case["url"], body, None)
        kind = ann.get("type")
        sc("page type").add(facts.page_type == kind, cid, f"{facts.page_type} != {kind}")

        if kind == "list":
            lst = facts.list
            items = lst.items if lst else []
            exp_items = ann.get("items", [])
            sc("list: newest date").add(
                (lst.newest_date if lst else None) == ann.get("newest_date"),
                cid,
                f"{lst.newest_date if lst else None} != {ann.get('newest_date')}",
            )
            sc("list: item count").add(
                len(items) == ann.get("item_count"), cid, f"{len(items)} != {ann.get('item_count')}"
            )
            got_pairs = {(norm(i.title), i.date) for i in items}
            exp_pairs = {(norm(x["title"]), x["date"]) for x in exp_items}
            hit = len(got_pairs & exp_pairs)
            s = sc("list: items (title+date) recall")
            s.ok += hit
            s.total += len(exp_pairs)
            if hit < len(exp_pairs):
                s.misses.append(
                    f"{cid}: {len(exp_pairs) - hit} missed, e.g. {sorted(exp_pairs - got_pairs)[:1]}"
                )
            p = sc("list: items (title+date) precision")
            p.ok += hit
            p.total += len(got_pairs)
            if hit < len(got_pairs):
                p.misses.append(
                    f"{cid}: {len(got_pairs) - hit} extra, e.g. {sorted(got_pairs - exp_pairs)[:1]}"
                )
            if "blank" in ann:
                sc("list: blank").add(bool(lst and lst.blank) == ann["blank"], cid)
            if "column_name" in ann:
                exp_col = strip_note(ann["column_name"])
                sc("column name").add(facts.column.name == exp_col, cid, f"{facts.column.name} != {exp_col}")

        if kind == "article":
            art = facts.article
            got = art.pub_date if art else None
            sc("article: pub_date (exact)").add(
                got == ann.get("pub_date"), cid, f"{got} != {ann.get('pub_date')}"
            )
            sc("article: pub_date (day)").add(
                (got or "")[:10] == (ann.get("pub_date") or "")[:10], cid, f"{got} != {ann.get('pub_date')}"
            )
            exp_title = ann.get("title")
            sc("article: title").add(
                norm(art.title if art else None) == norm(exp_title), cid, f"{art and art.title}"
            )
            if "source" in ann:
                exp_src = strip_note(ann["source"])
                got_src = art.source if art else None
                sc("article: source").add(norm(got_src) == norm(exp_src), cid, f"{got_src} != {exp_src}")
            html = facts.text  # placeholder to keep the type checker calm
            del html
            text_html = body.decode(facts.encoding, "replace")
            for pname, peer in peers.items():
                res = peer(text_html, case["url"])
                if "pub_date" in res:
                    pd = res["pub_date"]
                    psc("article: pub_date (day)", pname).add(
                        (pd or "")[:10] == (ann.get("pub_date") or "")[:10], cid
                    )
                if "title" in res:
                    psc("article: title", pname).add(norm(res["title"]) == norm(exp_title), cid)

        metas = dict(ann.get("meta") or {})
        metas.update(ann.get("meta_other") or {})
        if "meta" in ann:
            got_meta = {k.lower(): v for k, v in facts.meta.items()}
            for k, v in metas.items():
                exp = strip_note(v)
                got_v = got_meta.get(k.lower())
                good = (
                    (got_v is None) if exp is None else (got_v is not None and got_v.strip() == exp.strip())
                )
                sc("meta tags").add(good, cid, f"{k}: {got_v!r} != {exp!r}")

        foot = ann.get("footer")
        if foot:
            f = facts.footer
            for key, got_v in (("site_id_code", f.site_id_code), ("icp", f.icp), ("gongan", f.gongan)):
                if key in foot:
                    exp = strip_note(foot[key])
                    sc(f"footer: {key}").add(norm(got_v) == norm(exp), cid, f"{got_v} != {exp}")
                    sc("footer identity (all)").add(norm(got_v) == norm(exp), cid, f"{key}")
            badge = _badge_expected(foot)
            if badge is not None:
                sc("footer: 党政机关 badge").add(
                    f.party_gov_badge == badge, cid, f"{f.party_gov_badge} != {badge}"
                )
                sc("footer identity (all)").add(f.party_gov_badge == badge, cid, "badge")
            if "jiucuo_sitecode" in foot:
                exp_z = foot["jiucuo_sitecode"] is not None
                sc("footer: 找错 entry").add(f.zhaocuo_entry == exp_z, cid, f"{f.zhaocuo_entry} != {exp_z}")
                sc("footer identity (all)").add(f.zhaocuo_entry == exp_z, cid, "zhaocuo")

    targets = {
        "list: newest date": 95.0,
        "article: pub_date (exact)": 98.0,
        "article: pub_date (day)": 98.0,
        "meta tags": 100.0,
        "footer identity (all)": 95.0,
    }
    peer_names = list(PEERS)
    head = f"{'field':36} {'govinspect':>12} {'target':>7}" + "".join(f" {p:>12}" for p in peer_names)
    print(f"cases: {len(data['cases'])} ({cases_path})")
    print(head)
    print("-" * len(head))
    for name, s in scores.items():
        tgt = f"{targets[name]:.0f}%" if name in targets else ""
        row = f"{pad(name, 36)} {s.pct():>6} {s.ok:>2}/{s.total:<3} {tgt:>7}"
        for p in peer_names:
            ps = peer_scores.get((name, p))
            row += f" {_peer_cell(p, peers, ps.pct() if ps else ''):>12}"
        print(row)
    failed = [
        n
        for n, t in targets.items()
        if n in scores and scores[n].total and 100 * scores[n].ok / scores[n].total < t
    ]
    if verbose:
        print()
        for name, s in scores.items():
            for m in s.misses:
                print(f"MISS {name}: {m}")
    if generated:
        run_generated(generated, peers)
    print()
    print("below target: " + (", ".join(failed) if failed else "none"))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--generated", type=int, default=400, help="generated chrome pages to score (0: none)")
    args = ap.parse_args(argv)
    return run(args.cases, args.verbose, args.generated)


if __name__ == "__main__":
    sys.exit(main())
