"""Policy documents and their interpretations (政策解读) on a simulated site: titles, dates, bodies, links.

Titles follow what county portals publish: 《…》解读 / 关于《…》的政策解读 for 文字解读, 图解：《…》 /
一图读懂《…》 for 图片解读; each interpretation links to its document (【原文链接】) and the document
lists its interpretations (【文字解读】/【图片解读】), the links `govinspect.extract` reads as
ArticleFacts.interpretation_links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from govinspect.model import cn_date
from govinspect.sim.filler import sub_rng
from govinspect.sim.scenario import PolicySpec, Scenario, ScenarioError

INTERP_COLUMN = "政策解读"
TEXT_TITLES = ("《{t}》解读", "关于《{t}》的政策解读")
PICTURE_TITLES = ("图解：《{t}》", "一图读懂《{t}》")
NUMERALS = "一二三四五六七八九十"


@dataclass(slots=True)
class Interpretation:
    title: str
    picture: bool
    day: dt.date
    path: str = ""


@dataclass(slots=True)
class PolicyPlan:
    """One policy document as planned before the site's pages are written."""

    spec: PolicySpec
    day: dt.date
    unit: str  # 解读单位 (registered unit name)
    interpretations: list[Interpretation] = field(default_factory=list)
    path: str = ""


def _numbered(title: str, k: int) -> str:
    return title if k == 0 else f"{title}（{NUMERALS[k % 10]}）"


def plan_policies(sc: Scenario, code: str, site_unit: str, specs: list[PolicySpec]) -> list[PolicyPlan]:
    """Dates and titles of a site's policy documents and interpretations (deterministic)."""
    out: list[PolicyPlan] = []
    for spec in specs:
        day = sc.resolve(spec.date)
        assert day is not None
        if day > sc.checkpoint:
            raise ScenarioError([f"政策文件《{spec.title}》的日期 {day} 晚于监测时间点 {sc.checkpoint}"])
        plan = PolicyPlan(spec, day, spec.unit or site_unit)
        start = sub_rng(sc.seed, "interp", code, spec.title).randrange(2)
        base = sc.resolve(spec.interpreted) if spec.interpreted is not None else None
        for picture, count, banks in ((False, spec.text, TEXT_TITLES), (True, spec.picture, PICTURE_TITLES)):
            for k in range(count):
                title = _numbered(banks[(start + k) % len(banks)].format(t=spec.title), k // len(banks))
                when = base or day + dt.timedelta(days=1 + k + int(picture))
                plan.interpretations.append(Interpretation(title, picture, min(when, sc.checkpoint)))
        out.append(plan)
    return out


def policy_body(sc: Scenario, code: str, plan: PolicyPlan, issuer: str) -> str:
    """The document's text: a 印发 paragraph and a few articles."""
    rng = sub_rng(sc.seed, "policy-body", code, plan.spec.title)
    t = escape(plan.spec.title)
    paras = [
        f"各乡镇人民政府，{escape(sc.jurisdiction)}政府各部门：",
        f"现将《{t}》印发给你们，请结合实际，认真贯彻落实。",
        f"{escape(issuer)}",
        cn_date(plan.day),
        f"{t}",
        "一、总体要求。坚持以人民为中心的发展思想，统筹推进各项工作，确保目标任务按期完成。",
        "二、主要任务。"
        + rng.choice(
            ["明确责任分工，细化工作措施。", "突出工作重点，强化要素保障。", "健全工作机制，形成工作合力。"]
        ),
        "三、保障措施。各有关单位要加强组织领导，强化督促检查，及时研究解决工作中遇到的问题。",
    ]
    return "".join(f"<p>{p}</p>" for p in paras)


def interpretation_body(plan: PolicyPlan, it: Interpretation, source: str, image: str | None) -> str:
    """A 文字解读 (背景、主要内容、保障措施) or a 图解 (a long image and one line of text)."""
    t = escape(plan.spec.title)
    if it.picture:
        img = f'<p style="text-align:center"><img src="{escape(image or "")}" alt="{escape(it.title)}"></p>'
        return f"<p>{escape(it.title)}，一图带您了解《{t}》的主要内容。</p>{img}"
    paras = [
        f"为便于社会公众全面准确理解《{t}》，现就有关内容解读如下。",
        "一、出台背景。为贯彻落实上级有关部署要求，结合我县实际，制定本文件。",
        "二、主要内容。文件明确了总体要求、主要任务和保障措施，对各项工作作出具体安排。",
        "三、保障措施。文件要求各有关单位加强组织领导，明确责任分工，强化督促检查，确保各项措施落到实处。",
        f"四、解读机关。{escape(source)}。",
    ]
    return "".join(f"<p>{p}</p>" for p in paras)


def related_interpretations(links: list[tuple[str, Interpretation]]) -> str:
    """The document page's 相关解读 block."""
    lis = "".join(
        f'<li><a href="{escape(path)}" target="_blank">【{"图片解读" if it.picture else "文字解读"}】'
        f"{escape(it.title)}</a></li>"
        for path, it in links
    )
    return f'<div class="related"><h4>相关解读</h4><ul>{lis}</ul></div>'


def related_document(path: str, title: str) -> str:
    """The interpretation page's 原文链接 back to its document."""
    return (
        f'<div class="related">相关文件：<a href="{escape(path)}" target="_blank">【原文链接】{escape(title)}</a>'
        "</div>"
    )
