"""Render a round's notice from its template set and write every report file (.docx .md .html .xlsx …).

Flow: RoundReport → figures → charts → Jinja2 markup → blocks → one writer per format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import govinspect.reports.blocks as B
import govinspect.reports.figures as fig
from govinspect.privacy import mask_personal_data
from govinspect.reports.charts import draw_charts
from govinspect.reports.data import RoundReport
from govinspect.reports.docx_writer import write_docx
from govinspect.reports.evidence import EVIDENCE_HEADER, evidence_rows
from govinspect.reports.rectify import rectify_deadline, write_rectify_notices
from govinspect.reports.templating import (
    SectionCounter,
    class_map,
    environment,
    load_options,
    plan_attachments,
    render_template,
    template_dir,
)
from govinspect.reports.text_writers import to_html, to_markdown
from govinspect.reports.xlsx_writer import write_xlsx


@dataclass
class ReportFiles:
    """Paths of everything `write_reports` wrote."""

    notice_docx: Path
    notice_md: Path
    notice_html: Path
    attachments_xlsx: Path
    charts: dict[str, Path] = field(default_factory=dict)
    rectify: dict[str, Path] = field(default_factory=dict)  # unit → 整改通知单 .docx

    def all(self) -> list[Path]:
        return [
            self.notice_docx,
            self.notice_md,
            self.notice_html,
            self.attachments_xlsx,
            *self.charts.values(),
            *self.rectify.values(),
        ]


@dataclass
class Rendered:
    """The notice rendered in memory: markup, blocks and the figures behind them."""

    markup: str
    blocks: list[B.Block]
    figures: fig.Figures
    options: dict[str, Any]
    title: str


def render_notice(
    report: RoundReport, template: str = "default", charts: dict[str, Path] | None = None
) -> Rendered:
    """Render the notice markup and parse it into blocks (no files written)."""
    tdir = template_dir(template)
    env = environment(tdir)
    opts = load_options(tdir)
    cmap = class_map(tdir)
    figures = fig.compute(report, cmap)
    mailbox_name = opts.get("mailbox_name") or (f"{report.level}长信箱" if report.level else "领导信箱")
    ctx: dict[str, Any] = {
        "r": report,
        "i": report.issuer,
        "f": figures,
        "opt": opts,
        "dec": report.rate_decimals,
        "mailbox_name": mailbox_name,
        "charts": set((charts or {}).keys()),
        "due": rectify_deadline(report),
        "cmap": cmap,
    }
    plans = plan_attachments(env, opts, ctx, report, figures)
    att: dict[str, Any] = {}
    for plan in plans:
        att.setdefault(plan.spec.get("id", plan.key), plan)
        att.setdefault(plan.key, plan)
    att_defaults = {
        k: None for k in ("sites", "accounts", "account_groups", "mailbox", "interpretations", "disclosure")
    }
    ctx.update(attachments=plans, att={**att_defaults, **att}, sec=SectionCounter())
    markup = mask_personal_data(render_template(env, "notice.md.j2", ctx))
    blocks = B.parse(markup)
    title = next((b.text for b in blocks if isinstance(b, B.Title)), report.round_name)
    return Rendered(markup, blocks, figures, opts, title)


DRAFT_NOTE = "草稿（未经核定，不得印发）：文中【待填写】处须在 office.yaml 中设置后重新生成。"


def draft_banner(report: RoundReport) -> list[B.Block]:
    """The line that opens the HTML/Markdown of a draft (the .docx says 草稿 in every page's header)."""
    return [B.Paragraph([(DRAFT_NOTE, True)], align="left")] if report.draft else []


def write_reports(report: RoundReport, out_dir: Path, template: str = "default") -> ReportFiles:
    """Write notice.docx/.md/.html, attachments.xlsx, charts/*.png and rectify/*.docx into out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tdir = template_dir(template)
    opts = load_options(tdir)
    charts: dict[str, Path] = {}
    if opts.get("charts", True):
        figures = fig.compute(report, class_map(tdir))
        charts = draw_charts(report, figures, out_dir / "charts")
    rendered = render_notice(report, template, charts)
    docx_path = write_docx(
        rendered.blocks,
        out_dir / "notice.docx",
        charts,
        include_charts=bool(opts.get("docx_charts", False)),
        draft=report.draft,
    )
    text_blocks = [*draft_banner(report), *rendered.blocks]
    md_path = out_dir / "notice.md"
    md_path.write_text(to_markdown(text_blocks, charts, out_dir), encoding="utf-8")
    html_path = out_dir / "notice.html"
    env = environment(tdir)
    html_path.write_text(to_html(text_blocks, env, rendered.title, charts, out_dir), encoding="utf-8")
    extra = []
    ev_rows = evidence_rows(report)
    if ev_rows:
        extra.append(("问题明细", EVIDENCE_HEADER, ev_rows))
    xlsx_path = write_xlsx(rendered.blocks, out_dir / "attachments.xlsx", extra)
    rectify = write_rectify_notices(env, report, out_dir / "rectify")
    return ReportFiles(docx_path, md_path, html_path, xlsx_path, charts, rectify)
