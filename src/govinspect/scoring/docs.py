"""Generate docs/indicators.md from the check catalogue (website, new-media and 人工 codes) and the profiles.

Run `python -m govinspect.scoring.docs [PATH]` (default docs/indicators.md) after changing a check
or a profile; a test keeps the committed file in step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from govinspect.checks import FAMILY_NAMES, CheckMeta, check_catalog
from govinspect.rules import Profile, Rule, available_profiles, code_redirects, load_profile
from govinspect.scoring.engine import fmt_points

DEFAULT_PATH = Path("docs/indicators.md")


def _cell(r: Rule | None, p: Profile) -> str:
    if r is None or not r.enabled:
        return "—"
    if r.veto:
        return "单项否决"
    if not r.points and not r.points_by_category:
        return "记录"
    per = fmt_points(r.points)
    if r.points_by_category:
        per += "（" + "，".join(f"{k}{fmt_points(v)}" for k, v in sorted(r.points_by_category.items())) + "）"
    text = f"−{per}" + ("（一次）" if r.flat else "/项")
    if r.indicator:
        text += f"，上限{fmt_points(p.indicators[r.indicator].cap)}"
    return text + f" [{r.confidence}]"


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _checks_section(reg: dict[str, CheckMeta]) -> list[str]:
    """一、检查项: per family, every code with its 说明, function, evidence fields and examples."""
    out = ["## 一、检查项", ""]
    families: dict[str, list[str]] = {}
    for code, meta in reg.items():
        families.setdefault(meta.family, []).append(code)
    for fam in sorted(families, key=lambda f: list(FAMILY_NAMES).index(f) if f in FAMILY_NAMES else 99):
        out += [
            f"### {FAMILY_NAMES.get(fam, fam)}（{fam}）",
            "",
            "| 代码 | 名称 | 说明 | 实现 | 证据字段 |",
            "|---|---|---|---|---|",
        ]
        for code in families[fam]:
            m = reg[code]
            ev = "、".join(f"`{e}`" for e in m.evidence) or "—"
            impl = m.impl.removeprefix("govinspect.checks.")
            out.append(f"| `{code}` | {m.name} | {_esc(m.doc)} | `{impl}` | {ev} |")
        out.append("")
        examples = [(c, ex) for c in families[fam] if (ex := reg[c].example) is not None]
        if examples:
            out += ["示例（命中的片段及原因）：", ""]
            out += [f"- `{c}`：`{_esc(ex.hit)}` —— {_esc(ex.why)}" for c, ex in examples]
            out.append("")
    redirects = code_redirects()
    if redirects:
        out += ["### 已更名的代码", "", "评分方案和人工检查结果中的旧代码按新代码处理。", ""]
        out += ["| 旧代码 | 新代码 |", "|---|---|"]
        out += [f"| `{old}` | `{new}` |" for old, new in sorted(redirects.items())]
        out.append("")
    return out


def _judgement_section(reg: dict[str, CheckMeta], profiles: list[Profile]) -> list[str]:
    """二、各评分方案的判定: how each profile judges each website and new-media code."""
    names = [p.name for p in profiles]
    out = ["## 二、各评分方案的判定", "", "| 代码 | 名称 | " + " | ".join(names) + " |"]
    out.append("|---|---|" + "---|" * len(names))
    site_codes = sorted(
        {c for p in profiles for c in p.rules} | {c for c, m in reg.items() if m.family != "media"}
    )
    for code in site_codes:
        name = reg[code].name if code in reg else (profiles[0].rules.get(code) or Rule()).name
        out.append(
            f"| `{code}` | {name} | " + " | ".join(_cell(p.rules.get(code), p) for p in profiles) + " |"
        )
    out += ["", "### 政务新媒体", "", "| 代码 | 名称 | " + " | ".join(names) + " |"]
    out.append("|---|---|" + "---|" * len(names))
    for code in sorted({c for p in profiles for c in p.media_checks}):
        name = reg[code].name if code in reg else (profiles[0].media_checks.get(code) or Rule()).name
        row = " | ".join(_cell(p.media_checks.get(code), p) for p in profiles)
        out.append(f"| `{code}` | {name} | {row} |")
    return out


def _windows_section(profiles: list[Profile]) -> list[str]:
    """三、更新时限: each profile's update window per column category."""
    names = [p.name for p in profiles]
    out = ["## 三、更新时限", "", "| 栏目类别 | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    out.append("| 首页 | " + " | ".join(p.freshness.homepage.text().strip() for p in profiles) + " |")
    for cat in sorted({c for p in profiles for c, w in p.freshness.windows.items() if w is not None}):
        cells = []
        for p in profiles:
            w = p.freshness.windows.get(cat)
            cells.append(
                "同其他栏目" if w is None else w.text().strip() + ("（一级栏目）" if w.level1_only else "")
            )
        out.append(f"| {cat} | " + " | ".join(cells) + " |")
    other = [
        p.freshness.default_window.text().strip() if p.freshness.default_window else "不判定"
        for p in profiles
    ]
    out.append("| 其他栏目 | " + " | ".join(other) + " |")
    return out


def _notes_section(profiles: list[Profile]) -> list[str]:
    """四、各方案口径说明与汇总单项否决."""
    out = ["## 四、各方案口径说明与汇总单项否决", ""]
    for p in profiles:
        out += [f"### {p.name}（{p.title}）", ""]
        out += [f"> {n}" for n in p.notes]
        if p.notes:
            out.append("")
        active = sorted(
            ((k, v) for k, v in p.vetoes.items() if v.enabled), key=lambda kv: (kv[1].order, kv[0])
        )
        if not active:
            out.append("无。")
        for key, v in active:
            cats_text = f"，限{'、'.join(v.categories)}" if v.categories else ""
            scope = "站群累计" if v.scope == "group" else "本网站"
            out.append(
                f"- `{key}` {v.name}：{scope} {'、'.join(f'`{c}`' for c in v.codes)}{cats_text} ≥ {v.count_gte} [{v.confidence}]"
            )
        out.append("")
    return out


def _totals_section(profiles: list[Profile]) -> list[str]:
    """五、总分规则."""
    out = [
        "## 五、总分规则",
        "",
        "| 方案 | 满分 | 合格线 | 无服务网站 | 通报合格率小数位 |",
        "|---|---|---|---|---|",
    ]
    for p in profiles:
        sc = p.scoring
        out.append(
            f"| {p.name} | {fmt_points(sc.base)} | {fmt_points(sc.pass_score)} | "
            f"{fmt_points(sc.no_service_base)} × 4/3 | {p.report.pass_rate_decimals} |"
        )
    return out


def indicators_markdown() -> str:
    """The whole indicator reference as Markdown."""
    reg = check_catalog()
    loaded = [load_profile(n) for n in available_profiles()]
    profiles = sorted(loaded, key=lambda p: (p.extends is not None, p.name))
    out = [
        "# 检查指标参考（自动生成）",
        "",
        "本文件由 `python -m govinspect.scoring.docs` 根据 `src/govinspect/checks/catalog.yaml` 与",
        "`src/govinspect/rules/profiles/*.yaml` 生成，请勿手工修改。",
        "",
        "可信度标记：V2 = 两处以上公开文本佐证；V1 = 一处公开文本；M = 经验重建，待核实；",
        "? = 公开文本未给出，取可调整的默认值；LOCAL = 地方规定。",
        "",
        *_checks_section(reg),
        *_judgement_section(reg, profiles),
        "",
        *_windows_section(profiles),
        "",
        *_notes_section(profiles),
        *_totals_section(profiles),
    ]
    return "\n".join(out) + "\n"


def write_indicators_doc(path: Path = DEFAULT_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(indicators_markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_indicators_doc(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
