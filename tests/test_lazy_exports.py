"""Package exports load on first use: every exported name resolves, an unknown one is an AttributeError,
and a page worker's import does not pull in the crawler or the extractors it does not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import govinspect.checks
import govinspect.crawl
import govinspect.extract
import govinspect.feeds
import govinspect.reports

LAZY = [govinspect.checks, govinspect.crawl, govinspect.extract, govinspect.feeds, govinspect.reports]


@pytest.mark.parametrize("package", LAZY)
def test_every_export_resolves_and_unknown_names_fail(package: object) -> None:
    for name in package.__all__:  # type: ignore[attr-defined]
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match="no_such_name"):
        package.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_page_worker_import_stays_small() -> None:
    code = (
        "import sys; from govinspect.crawl.workers import main; "
        "print(sorted(m for m in sys.modules if m.startswith('govinspect.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "govinspect.crawl.fetch" in loaded
    for heavy in ("govinspect.crawl.crawler", "govinspect.crawl.probe", "govinspect.extract.lists"):
        assert heavy not in loaded


def test_checks_import_no_http_adapters() -> None:
    """The checks take `Post` from govinspect.feeds without loading the feed HTTP client or the crawler."""
    code = (
        "import sys; import govinspect.checks.media; "
        "print(sorted(m for m in sys.modules if m.startswith('govinspect.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "govinspect.feeds.post" in loaded
    for heavy in ("govinspect.feeds.http", "govinspect.crawl.crawler", "govinspect.feeds.sources"):
        assert heavy not in loaded
