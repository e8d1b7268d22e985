"""Chinese text of a profile's effective rules (`govinspect profile show NAME`)."""

from __future__ import annotations

from pathlib import Path

from govinspect.checks import check_name
from govinspect.rules import Profile, Rule, VetoRule, Window, load_profile
from govinspect.scoring.engine import fmt_points

CONFIDENCE = {
    "V2": "有两处以上公开文本",
    "V1": "有一处公开文本",
    "M": "经验重建",
    "?": "默认值，可调整",
    "LOCAL": "地方规定",
}


def _w(w: Window | None) -> str:
    if w is None:
        return "不判定"
    return w.text().strip() + ("（仅一级栏目）" if w.level1_only else "")


def _rule_text(code: str, r: Rule, p: Profile) -> str:
    if r.veto:
        what = "单项否决"
    elif r.points_by_category:
        per = "，".join(f"{k}{fmt_points(v)}分" for k, v in sorted(r.points_by_category.items()))
        what = f"每项扣{fmt_points(r.points)}分（{per}）"
    elif r.flat:
        what = f"扣{fmt_points(r.points)}分（不论个数）"
    elif r.points:
        what = f"每项扣{fmt_points(r.points)}分"
    else:
        what = "仅记录，不扣分"
    name = r.name or check_name(code)
    extra = "；属办事服务类，无对外服务职能的网站不检查" if r.services else ""
    basis = f"；依据：{r.basis}" if r.basis else ""
    return f"{name}（{code}）：{what}{extra}［{r.confidence}］{basis}"


def _veto_text(v: VetoRule) -> str:
    codes = "、".join(check_name(c) for c in v.codes)
    cats = f"（限{'、'.join(v.categories)}类）" if v.categories else ""
    scope = "站群（门户及其二级网站）累计" if v.scope == "group" else "本网站"
    own = f"，且本网站至少{v.own_gte}个" if v.scope == "group" else ""
    wording = "通报中逐一列出相关栏目" if "{" in v.summary else f"通报表述：{v.summary}"
    return f"{v.name}：{scope}{codes}{cats}达到{v.count_gte}个及以上{own} → 单项否决（{wording}）［{v.confidence}］"


def _header(p: Profile) -> list[str]:
    lines = [f"评分方案：{p.name}" + (f"（{p.title}）" if p.title else "")]
    if p.issuer:
        lines.append(f"制定单位：{p.issuer}")
    lines.append(f"继承：{p.extends or '无（基线方案）'}")
    lines += [f"依据：{b}" for b in p.basis]
    lines += [f"口径说明：{n}" for n in p.notes]
    return lines


def _totals(p: Profile) -> list[str]:
    sc = p.scoring
    return [
        "一、总分与合格线",
        f"  扣分指标满分{fmt_points(sc.base)}分，{fmt_points(sc.pass_score)}分及以上为合格；任一单项否决即不合格，不再计分。",
        f"  无对外服务职能的网站不检查办事服务类指标，按{fmt_points(sc.no_service_base)}分计，"
        f"再乘以{sc.no_service_multiplier:.4g}（即4/3）。",
        f"  高于{fmt_points(sc.bonus_gate)}分的门户网站另计加分指标（满分{fmt_points(sc.bonus_total)}分，人工评定）。",
        "  同一指标下各项扣分之和不超过该指标分值。",
    ]


def _windows(p: Profile) -> list[str]:
    fr = p.freshness
    lines = ["二、更新时限（自监测时间点往前计算）", f"  首页：{_w(fr.homepage)}"]
    lines += [f"  {cat}类栏目：{_w(w)}" for cat, w in fr.windows.items() if w is not None]
    lines.append(f"  其他栏目：{_w(fr.default_window)}")
    if fr.letter_columns:
        lines.append("  留言、来信类栏目：按最新一条信息判定更新")
    if fr.exempt_categories:
        lines.append(f"  不判定更新的栏目类别：{'、'.join(fr.exempt_categories)}")
    lines.append(f"  信息无发布日期：{'视为未更新' if fr.undated_counts_as_stale else '不视为未更新'}")
    return lines


def _parameters(p: Profile) -> list[str]:
    a, ia = p.availability, p.interaction
    replies = (
        f"答复时限{ia.reply_working_days}个工作日。" if ia.reply_working_days else "未规定答复工作日时限。"
    )
    return [
        "三、其他判定参数",
        f"  站点无法访问：监测{a.window_days}天，每天至少{a.min_probes_per_day}次访问，单次超过{a.timeout_s:g}秒视为失败，"
        f"失败率达到{a.fail_ratio_gte:.0%}判定。",
        f"  留言办理：回溯{ia.lookback_months}个月，超过{ia.unanswered_gt_months}个月未答复为超期；"
        + replies,
        f"  意见征集、在线访谈：{ia.activity_months}个月内应有开展。",
        f"  整改时限：整改通知单印发之日起{p.report.rectify_workdays}个工作日内。",
    ]


def _vetoes(p: Profile) -> list[str]:
    lines = ["四、单项否决"]
    lines += ["  - " + _rule_text(code, r, p) for code, r in p.rules.items() if r.enabled and r.veto]
    for _, v in sorted(p.vetoes.items(), key=lambda kv: (kv[1].order, kv[0])):
        if v.enabled:
            lines.append("  - " + _veto_text(v))
    return lines


def _deductions(p: Profile) -> list[str]:
    lines = ["五、扣分指标"]
    for key, ind in p.indicators.items():
        rules = [(c, r) for c, r in p.rules.items() if r.enabled and not r.veto and r.indicator == key]
        if not rules:
            continue
        svc = "，办事服务类" if ind.services else ""
        lines.append(f"  {ind.name}（{ind.group}{svc}，最多扣{fmt_points(ind.cap)}分）")
        lines += ["    - " + _rule_text(c, r, p) for c, r in rules]
    loose = [(c, r) for c, r in p.rules.items() if r.enabled and not r.veto and r.indicator is None]
    lines += ["  - " + _rule_text(c, r, p) for c, r in loose]
    return lines


def _media(p: Profile) -> list[str]:
    m = p.media
    lines = [
        "六、政务新媒体",
        f"  监测时间点前{m.no_update_days}天内无更新为内容不更新；僵尸账号：{m.zombie_days}天无更新。",
        "  更新频率："
        + (f"每周不少于{m.min_posts_per_week:g}次。" if m.min_posts_per_week else "未规定。")
        + (f" 最长更新间隔{m.max_gap_days}天。" if m.max_gap_days else ""),
        f"  统计期：轮次未设起始日期时，取监测时间点前{m.default_period_days}天。",
        f"  互动功能：{'须提供有效互动功能' if m.interaction_required else '不检查'}。",
    ]
    lines += ["  - " + _rule_text(code, r, p) for code, r in p.media_checks.items() if r.enabled]
    return lines


def render_profile(p: Profile) -> str:
    """The effective rules of a loaded profile, in Chinese."""
    lines = _header(p)
    for section in (_totals, _windows, _parameters, _vetoes, _deductions, _media):
        lines += ["", *section(p)]
    lines += ["", "可信度标记：" + "；".join(f"{k} {v}" for k, v in CONFIDENCE.items())]
    return "\n".join(lines) + "\n"


def profile_show(name: str | Path) -> str:
    """Load a profile (name or YAML path) and render its effective rules."""
    return render_profile(load_profile(name))
