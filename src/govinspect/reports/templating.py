"""Jinja2 environment for the notice templates: lookup order, filters, options and attachment plan.

A template set is a directory under reports/templates/ (or any directory given by path); files it
lacks come from templates/default/. `options.yaml` holds the set's switches and attachment titles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

import govinspect.reports.figures as fig
from govinspect.reports.blocks import escape_cell
from govinspect.reports.data import RoundReport, SiteRow
from govinspect.reports.evidence import evidence_text
from govinspect.rules.profile import deep_merge
from govinspect.rules.rates import rate_text

TEMPLATES = Path(__file__).parent / "templates"


class TemplateNotFound(LookupError):
    """No template set of that name or path."""


def template_dir(template: str) -> Path:
    """Resolve a template set: a name under reports/templates/ or a directory path."""
    path = Path(template)
    if path.is_dir():
        return path
    named = TEMPLATES / template
    if named.is_dir():
        return named
    known = "、".join(sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()))
    raise TemplateNotFound(f"找不到通报模板“{template}”（可用：{known}，或给出模板目录路径）")


class TemplateRenderError(ValueError):
    """A template failed to render (undefined name, syntax error); the message names file and line."""


def render_template(env: jinja2.Environment, name: str, ctx: dict[str, Any]) -> str:
    """Render `name`, turning Jinja2 errors into a Chinese message with the template file and line."""
    try:
        return env.get_template(name).render(ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(
            f"通报模板语法错误：{exc.filename or name} 第{exc.lineno}行：{exc.message}"
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(f"通报模板“{name}”渲染失败：{exc}") from exc


class SectionCounter:
    """一、二、… numbering of top-level sections, so optional sections keep the order gap-free."""

    def __init__(self) -> None:
        self.n = 0

    def h1(self) -> str:
        self.n += 1
        return fig.cn_number(self.n) + "、"


def load_options(tdir: Path) -> dict[str, Any]:
    """default/options.yaml overlaid with the set's options.yaml."""
    opts: dict[str, Any] = yaml.safe_load((TEMPLATES / "default" / "options.yaml").read_text("utf-8"))
    own = tdir / "options.yaml"
    if own.is_file() and own.resolve() != (TEMPLATES / "default" / "options.yaml").resolve():
        opts = deep_merge(opts, yaml.safe_load(own.read_text("utf-8")) or {})
    return opts


def class_map(tdir: Path) -> fig.ClassMap:
    own = tdir / "problem_classes.yaml"
    return fig.ClassMap.load(own if own.is_file() else TEMPLATES / "default" / "problem_classes.yaml")


def environment(tdir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(tdir), str(TEMPLATES / "default"), str(TEMPLATES)]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters.update(
        cn_date=fig.cn_date,
        cn_datetime=fig.cn_datetime,
        cn_range=fig.cn_range,
        cell=escape_cell,
        points=fig.points,
        short=lambda row: fig.short_name(row.unit, row.unit_short),
        join_units=fig.join_units,
        cn_number=fig.cn_number,
        proof=lambda finding: evidence_text(finding.code, finding.evidence.detail),
        bare=fig.bare_problem,
    )
    env.tests["length_ge"] = lambda value, n: len(value) >= n
    env.globals.update(
        pct=rate_text,
        join_units=fig.join_units,
        units_n=fig.units_n,
        classes_by_unit=fig.classes_by_unit,
        account_problems=fig.account_problems,
        veto_text=veto_text,
        deduction_text=deduction_text,
        cn_number=fig.cn_number,
    )
    return env


def veto_text(row: SiteRow, cmap: fig.ClassMap) -> str:
    """Why a site was vetoed, from its findings: 栏目更新不及时（6个）、首页排版混乱."""
    parts: list[str] = []
    for code in row.vetoes:
        n = sum(f.count for f in row.findings if f.code == code)
        label = cmap.label(code).removeprefix("存在")
        if label not in (p.split("（")[0] for p in parts):
            parts.append(f"{label}（{n}个）" if n > 1 else label)
    return "、".join(parts)


def deduction_text(row: SiteRow, cmap: fig.ClassMap) -> str:
    """Each deduction with its points, and the points per item when every item cost the same:
    栏目更新不及时2个，每个扣3分；空白栏目扣2分."""
    parts: list[str] = []
    for d in row.deductions:
        n = sum(f.count for f in row.findings if f.code == d.code)
        label = cmap.label(d.code).removeprefix("存在")
        each = d.points / n if n else 0
        if n > 1 and each and float(each).is_integer():
            parts.append(f"{label}{n}个，每个扣{fig.points(each)}分")
        else:
            parts.append(f"{label}扣{fig.points(d.points)}分")
    return "；".join(parts)


@dataclass
class AttachmentPlan:
    """One attachment of the notice: number, key (which table), title and the rows it lists."""

    no: int
    key: str
    title: str
    rows: Sequence[Any] = field(default_factory=list)
    spec: dict[str, Any] = field(default_factory=dict)


def _site_rows(report: RoundReport, spec: dict[str, Any]) -> list[SiteRow]:
    mode = spec.get("rows", "auto")
    rows = list(report.sites)
    if "unit_kinds" in spec:
        rows = [r for r in rows if r.unit_kind.value in spec["unit_kinds"]]
    if "exclude_unit_kinds" in spec:
        rows = [r for r in rows if r.unit_kind.value not in spec["exclude_unit_kinds"]]
    if mode == "auto":
        mode = "all" if any(r.score is not None for r in rows) else "problems"
    if mode == "failing":
        rows = [r for r in rows if not r.passed]
    elif mode == "problems":
        rows = [r for r in rows if r.has_problems]
    return rows


def plan_attachments(
    env: jinja2.Environment, opts: dict[str, Any], ctx: dict[str, Any], report: RoundReport, f: fig.Figures
) -> list[AttachmentPlan]:
    """The attachments that have data, numbered in the order options.yaml lists them."""
    out: list[AttachmentPlan] = []
    for spec in opts.get("attachments", []):
        key = spec["key"]
        rows: Sequence[Any]
        if key == "sites":
            rows = _site_rows(report, spec)
        elif key == "accounts":
            rows = report.accounts if spec.get("rows") == "all" else f.problem_accounts
        elif key == "account_groups":
            rows = f.account_groups if (report.account_groups or spec.get("always")) else []
        elif key in ("mailbox", "interpretations", "disclosure"):
            rows = getattr(report, key)
            if key == "disclosure":
                rows = sorted(rows, key=lambda d: -d.count)
        else:
            raise TemplateNotFound(f"options.yaml：未知附件类型“{key}”")
        if not rows:
            continue
        title = env.from_string(spec["title"]).render(ctx).strip()
        out.append(AttachmentPlan(len(out) + 1, key, title, rows, spec))
    return out
