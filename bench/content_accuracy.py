"""Content check accuracy and speed: recall per error class on our own error corpus, false hits on
clean government text, and MB/s on one core, beside pycorrector where it installs and runs offline.

    PYTHONPATH=src python bench/content_accuracy.py [--list]

Error corpus: bench/data/content_errors.txt (our own sentences; the wrong span in 【】; class `ok`
lines hold correct look-alike sentences). Clean corpus: ../shared/corpus/gov-text/ (judged at the
year in the file name), the visible text of ../shared/realpages/pages/*.html and
../shared/seeds/*.txt. Every clean-corpus hit is printed with its context.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from collections import defaultdict
from pathlib import Path

from govinspect.checks.lexicon import default_lexicon, scan_text
from govinspect.content.files import html_text
from govinspect.content.hits import Hit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
ERRORS = Path(__file__).resolve().parent / "data" / "content_errors.txt"
CONTENT_CODES = ("content.",)
# clean-corpus hits that are right: the "clean" text really holds the outdated name. The saved
# real pages are judged as current content (their capture date is unknown), the notices at their date.
TRUE_HITS: dict[str, str] = {
    "p16.html": "页面存档于2023年机构改革前，按当前内容判定，“中国银行保险监督管理委员会”确已撤销",
    "p23.html": "2018年前的县级部门链接列表（地税局、安监局、卫计委、环保局等），按当前内容判定确属过时名称",
    "p26.html": "原国家旅游局网站存档页（2018年前），按当前内容判定“国家旅游局”确已撤销",
    "002_61c86e33d7c1cab6.txt": "桐柏县2021年第三季度通报原文仍称“环保局”（2019-03-31后应为生态环境局），属真实问题",
}


def load_errors(path: Path = ERRORS) -> list[tuple[str, str, int, int]]:
    """(class, sentence, start, end) with the 【】 marks removed; ok lines have start = end = -1."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, marked = line.split("\t", 1)
        m = re.search(r"【(.+?)】", marked)
        text = marked.replace("【", "").replace("】", "")
        if m is None:
            out.append((cls, text, -1, -1))
        else:
            out.append((cls, text, m.start(), m.end() - 2))
    return out


def content_hits(text: str, published: dt.date | None) -> list[Hit]:
    return [h for h in scan_text(text, published) if h.code.startswith(CONTENT_CODES)]


SEED_DATES = {"000": dt.date(2023, 7, 31), "001": dt.date(2023, 4, 30), "002": dt.date(2021, 10, 31)}


def clean_corpus() -> list[tuple[str, str, dt.date | None]]:
    docs: list[tuple[str, str, dt.date | None]] = []
    for p in sorted((SHARED / "corpus" / "gov-text").glob("*.txt")):
        m = re.match(r"(\d{4})", p.name)
        day = dt.date(int(m.group(1)), 12, 31) if m else None
        docs.append((p.name, p.read_text(encoding="utf-8"), day))
    for p in sorted((SHARED / "realpages" / "pages").glob("*.html")):
        docs.append((p.name, html_text(p.read_bytes()), None))
    for p in sorted((SHARED / "seeds").glob("*.txt")):
        docs.append((p.name, p.read_text(encoding="utf-8"), SEED_DATES.get(p.name[:3])))
    return docs


def pycorrector_row(sentences: list[tuple[str, str, int, int]]) -> str:
    try:
        import pycorrector  # noqa: F401
    except Exception as exc:  # not installed, or its dependencies missing
        return f"pycorrector\t未运行：{type(exc).__name__}（需安装 transformers 等依赖，检测器运行时下载语言模型）"
    return "pycorrector\t已安装，但检测器需在运行时下载 kenlm 语言模型，离线不可用，未运行"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--list", action="store_true", help="list every missed error sentence")
    args = ap.parse_args()
    t0 = time.perf_counter()
    default_lexicon()
    build = time.perf_counter() - t0

    sentences = load_errors()
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    serious_ok: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    ok_false: list[str] = []
    for cls, text, start, end in sentences:
        hits = content_hits(text, None)
        total[cls] += 1
        if cls == "ok":
            if hits:
                found[cls] += 1
                ok_false.append(f"{text} → {[h.matched for h in hits]}")
            continue
        over = [h for h in hits if h.offset < end and start < h.end]
        if over:
            found[cls] += 1
            want = "content.typo" if cls == "typo" else "content.serious_error"
            serious_ok[cls] += any(h.code == want for h in over)
        else:
            misses.append(f"{cls}\t{text}\t（应找出：{text[start:end]}）")

    docs = clean_corpus()
    chars = sum(len(t) for _, t, _ in docs)
    nbytes = sum(len(t.encode("utf-8")) for _, t, _ in docs)
    clean_hits: list[tuple[str, Hit]] = []
    t1 = time.process_time()  # CPU time of this process: one core, whatever else the machine runs
    for name, text, day in docs:
        for h in content_hits(text, day):
            clean_hits.append((name, h))
    secs = time.process_time() - t1
    false_hits = [(n, h) for n, h in clean_hits if n not in TRUE_HITS]

    print("## 内容检查准确率（bench/content_accuracy.py）")
    print(
        f"词库构建 {build:.2f} s；错误句 {sum(v for k, v in total.items() if k != 'ok')} 句，"
        f"正确对照句 {total['ok']} 句；干净语料 {len(docs)} 篇 {chars:,} 字（{nbytes / 1e6:.2f} MB）"
    )
    print()
    print("类别\t句数\t找出\t召回率\t定级正确")
    for cls in sorted(k for k in total if k != "ok"):
        print(f"{cls}\t{total[cls]}\t{found[cls]}\t{found[cls] / total[cls]:.1%}\t{serious_ok[cls]}")
    errs = [k for k in total if k != "ok"]
    tf, tt = sum(found[k] for k in errs), sum(total[k] for k in errs)
    print(f"合计\t{tt}\t{tf}\t{tf / tt:.1%}\t{sum(serious_ok.values())}")
    print(f"正确对照句误报\t{total['ok']}\t{found['ok']}\t—\t—")
    print()
    print("干净语料\t字数\t命中\t其中误报\t每10万字误报\tMB/s（单核）")
    print(
        f"govinspect\t{chars}\t{len(clean_hits)}\t{len(false_hits)}\t"
        f"{len(false_hits) / chars * 1e5:.2f}\t{nbytes / 1e6 / secs:.2f}"
    )
    print(pycorrector_row(sentences))
    if clean_hits:
        print()
        print("干净语料中的命中（逐条）：")
        for name, h in clean_hits:
            note = TRUE_HITS.get(name, "误报")
            print(f"{name}\t{h.code}\t{h.rule}\t{h.matched} → {h.correction}\t{h.context!r}\t{note}")
    if ok_false:
        print()
        print("正确对照句误报：")
        print("\n".join(ok_false))
    if misses and (args.list or len(misses) <= 40):
        print()
        print("未找出：")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
