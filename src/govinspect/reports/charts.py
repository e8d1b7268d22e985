"""Charts for the HTML/Markdown notice: pass rate by unit kind, problem classes, trend over rounds.

Uses matplotlib's Agg canvas (no pyplot, no display) and a CJK font from Debian's fonts-noto-cjk;
without one the charts are still drawn and no warning is emitted.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from govinspect.reports.data import HistoryPoint, RoundReport
from govinspect.reports.figures import Figures
from govinspect.rules.rates import rate_text, rate_value

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
)
_BLUE, _RED, _GREEN = "#2f5597", "#c00000", "#548235"


_CJK_FILES = ("CJK", "SourceHan", "wqy", "WenQuanYi")  # file names of the fonts in CJK_FONTS


def _known_cjk() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Name of an installed CJK font matplotlib can use, or None.

    matplotlib lists the fonts of its cache file, built the first time it ran: a CJK font installed
    later (apt-get install fonts-noto-cjk) is not in it. Then the system font folders are searched and
    the CJK fonts found there are added, so the charts get Chinese labels without clearing any cache.
    """
    name = _known_cjk()
    if name is not None:
        return name
    for path in font_manager.findSystemFonts():
        if any(part in Path(path).name for part in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable font file: skip it
                continue
    return _known_cjk()


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence missing-glyph warnings and findfont logging (fallback without a CJK font)."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _figure(width: float = 7.0, height: float = 3.6) -> Figure:
    fig = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def _family() -> list[str]:
    font = cjk_font()
    return [font, "DejaVu Sans"] if font else ["DejaVu Sans"]


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(str(path), format="png")
    return path


def _rates(pairs: list[tuple[str, int, int]], decimals: int) -> list[tuple[str, float, str]]:
    """(label, bar height, printed rate) for each (label, passed, checked) with something checked."""
    out = []
    for label, passed, checked in pairs:
        value = rate_value(passed, checked, decimals)
        if value is not None:
            out.append((label, float(value), rate_text(passed, checked, decimals)))
    return out


def pass_rate_chart(figs: Figures, decimals: int, path: Path) -> Path:
    pairs = [(f"{stat.kind}网站", stat.passed, stat.checked) for stat in figs.unit_kinds]
    pairs.append(("政务新媒体", figs.accounts_passed, figs.accounts_checked))
    rows = _rates(pairs, decimals)
    labels = [label for label, _, _ in rows]
    values = [value for _, value, _ in rows]
    fig = _figure()
    ax = fig.add_subplot()
    bars = ax.bar(labels, values, color=[_RED if v < 80 else _BLUE for v in values], width=0.55)
    for bar, (_, value, text) in zip(bars, rows, strict=True):
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom")
    ax.set_ylim(0, 110)
    ax.set_ylabel("合格率（%）")
    ax.set_title("各类检查对象合格率")
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def problem_class_chart(figs: Figures, path: Path) -> Path:
    classes = list(reversed(figs.site_classes))
    fig = _figure(height=max(2.4, 0.45 * len(classes) + 1.2))
    ax = fig.add_subplot()
    counts = [len(c.units) for c in classes]
    ax.barh([c.label for c in classes], counts, color=_BLUE, height=0.55)
    for y, n in enumerate(counts):
        ax.annotate(f"{n}个", (n, y), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_xlabel("涉及单位数（个）")
    ax.set_title("政府网站问题分类")
    ax.set_xlim(0, max(counts) * 1.2 + 1)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def trend_chart(history: list[HistoryPoint], decimals: int, path: Path) -> Path:
    fig = _figure()
    ax = fig.add_subplot()
    names = [h.round_name for h in history]
    for attr, label, color in (("sites", "政府网站", _BLUE), ("accounts", "政务新媒体", _GREEN)):
        points = []
        for i, h in enumerate(history):
            counts: tuple[int, int] | None = getattr(h, attr)
            if counts is None or counts[1] <= 0:
                continue
            passed, checked = counts
            points.append(
                (i, float(rate_value(passed, checked, decimals) or 0), rate_text(passed, checked, decimals))
            )
        if points:
            ax.plot(
                [x for x, _, _ in points], [y for _, y, _ in points], marker="o", color=color, label=label
            )
            for x, y, text in points:
                ax.annotate(text, (x, y), xytext=(0, 6), textcoords="offset points", ha="center")
    ax.set_xticks(range(len(names)), names)
    ax.set_ylim(0, 110)
    ax.set_ylabel("合格率（%）")
    ax.set_title("历次检查合格率")
    ax.legend(loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def draw_charts(report: RoundReport, figs: Figures, out_dir: Path) -> dict[str, Path]:
    """Draw the charts the round has data for; returns chart name → PNG path."""
    import matplotlib

    out: dict[str, Path] = {}
    with _quiet(), matplotlib.rc_context({"font.family": _family(), "axes.unicode_minus": False}):
        if figs.sites_checked or figs.accounts_checked:
            out["pass_rate"] = pass_rate_chart(figs, report.rate_decimals, out_dir / "pass_rate.png")
        if figs.site_classes:
            out["problem_classes"] = problem_class_chart(figs, out_dir / "problem_classes.png")
        if report.history:
            current = HistoryPoint(
                report.period or report.round_name,
                (figs.sites_passed, figs.sites_checked) if figs.sites_checked else None,
                (figs.accounts_passed, figs.accounts_checked) if figs.accounts_checked else None,
            )
            out["trend"] = trend_chart(
                [*report.history, current], report.rate_decimals, out_dir / "trend.png"
            )
    return out
