"""Write notice blocks as Markdown (for review) and HTML (for the web), same content as the .docx.

Both outputs pass through `mask_personal_data`: no page shows a personal number in full.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

import jinja2

import govinspect.reports.blocks as B
from govinspect.privacy import mask_personal_data


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(
    blocks: Sequence[B.Block], charts: dict[str, Path] | None = None, base: Path | None = None
) -> str:
    """GitHub-flavoured Markdown; chart paths relative to `base` (the .md file's directory)."""
    charts = charts or {}
    out: list[str] = []
    for b in blocks:
        if isinstance(b, B.Mark):
            if b.upper:
                out.append(f"**{b.upper}**")
            out.append(f"# {b.text}")
        elif isinstance(b, B.DocNo):
            out.append(b.text)
        elif isinstance(b, B.IssueLine):
            out.append(b.issue)
            if b.left or b.right:
                out.append(f"{b.left}　　{b.right}")
            out.append("---")
        elif isinstance(b, B.Title):
            out.append(f"## {b.text}")
        elif isinstance(b, B.Recipients):
            out.append(b.text)
        elif isinstance(b, B.Heading):
            out.append(f"{'#' * (b.level + 2)} {b.text}")
        elif isinstance(b, B.Paragraph):
            text = "".join(f"**{t}**" if bold else t for t, bold in b.runs)
            out.append(text if b.align != "center" else f'<p align="center">{text}</p>')
        elif isinstance(b, B.AnnexList):
            if len(b.items) == 1:
                out.append(f"附件：{b.items[0]}")
            else:
                out.append("附件：" + "  \n".join(f"{n}. {item}" for n, item in enumerate(b.items, 1)))
        elif isinstance(b, B.Signature):
            out.append(f'<p align="right">{b.name}<br>{b.date}</p>')
        elif isinstance(b, B.Attachment):
            out.append(f"---\n\n**{b.label}**\n\n### {b.title}")
        elif isinstance(b, B.Table):
            out.append(
                "\n".join(
                    [
                        "| " + " | ".join(_md_cell(h) for h in b.header) + " |",
                        "|" + "---|" * len(b.header),
                        *("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows),
                    ]
                )
            )
        elif isinstance(b, B.Chart):
            path = charts.get(b.name)
            if path is not None:
                rel = os.path.relpath(path, base) if base else str(path)
                out.append(f"![{b.caption or b.name}]({Path(rel).as_posix()})")
        elif isinstance(b, B.Imprint):
            out.append("---\n\n" + "  \n".join([*b.lines, f"{b.printed_by}　　{b.printed_date}"]))
        elif isinstance(b, B.PageBreak):
            out.append("---")
    return mask_personal_data("\n\n".join(out) + "\n")


def _runs_html(runs: Sequence[B.Run]) -> str:
    return "".join(f"<strong>{html.escape(t)}</strong>" if bold else html.escape(t) for t, bold in runs)


def to_html_fragments(blocks: Sequence[B.Block], charts: dict[str, Path], base: Path | None) -> list[str]:
    out: list[str] = []
    e = html.escape
    in_section = False
    for b in blocks:
        if in_section and isinstance(b, B.Attachment | B.Imprint):
            out.append("</section>")
            in_section = False
        if isinstance(b, B.Mark):
            upper = f'<div class="mark-upper">{e(b.upper)}</div>' if b.upper else ""
            out.append(f'{upper}<div class="mark">{e(b.text)}</div>')
        elif isinstance(b, B.DocNo):
            out.append(f'<div class="docno">{e(b.text)}</div><hr class="red-rule">')
        elif isinstance(b, B.IssueLine):
            out.append(
                f'<div class="docno">{e(b.issue)}</div><div class="byline"><span>{e(b.left)}</span>'
                f'<span>{e(b.right)}</span></div><hr class="red-rule">'
            )
        elif isinstance(b, B.Title):
            out.append(f"<h1>{e(b.text)}</h1>")
        elif isinstance(b, B.Recipients):
            out.append(f'<p class="to">{e(b.text)}</p>')
        elif isinstance(b, B.Heading):
            out.append(
                f'<h{b.level + 1} class="h{b.level}">{_runs_html(B.parse_runs(b.text))}</h{b.level + 1}>'
            )
        elif isinstance(b, B.Paragraph):
            out.append(f'<p class="{b.align}">{_runs_html(b.runs)}</p>')
        elif isinstance(b, B.AnnexList):
            items = "".join(f"<li>{e(x)}</li>" for x in b.items)
            out.append(f'<div class="annex"><span>附件：</span><ol>{items}</ol></div>')
        elif isinstance(b, B.Signature):
            out.append(f'<div class="signature"><div>{e(b.name)}</div><div>{e(b.date)}</div></div>')
        elif isinstance(b, B.Attachment):
            out.append(
                f'<section class="attachment"><div class="label">{e(b.label)}</div><h2>{e(b.title)}</h2>'
            )
            in_section = True
        elif isinstance(b, B.Table):
            head = "".join(f"<th>{e(h)}</th>" for h in b.header)
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(b, B.Chart):
            path = charts.get(b.name)
            if path is not None:
                rel = os.path.relpath(path, base) if base else str(path)
                out.append(
                    f'<figure><img src="{e(Path(rel).as_posix())}" alt="{e(b.caption)}">'
                    f"<figcaption>{e(b.caption)}</figcaption></figure>"
                )
        elif isinstance(b, B.Imprint):
            lines = "".join(f"<div>{e(x)}</div>" for x in b.lines)
            out.append(
                f'<div class="imprint">{lines}<div class="printed"><span>{e(b.printed_by)}</span>'
                f"<span>{e(b.printed_date)}</span></div></div>"
            )
        elif isinstance(b, B.PageBreak):
            out.append("<hr>")
    if in_section:
        out.append("</section>")
    return out


def to_html(
    blocks: Sequence[B.Block],
    env: jinja2.Environment,
    title: str,
    charts: dict[str, Path] | None = None,
    base: Path | None = None,
) -> str:
    """Whole page through the template set's page.html.j2 (styles live there)."""
    body = "\n".join(to_html_fragments(blocks, charts or {}, base))
    return mask_personal_data(env.get_template("page.html.j2").render(title=title, body=body))
