"""A registry site may be a host plus a path prefix (信息公开平台 sections of a portal): import, export, store."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.registry import read_registry, write_registry_xlsx
from govinspect.store import Store
from govinspect.tables import ImportRefused

HEAD = "units:\n  - {name: 溪口县, kind: 县区}\n" + "".join(
    f"  - {{name: {v}, kind: 村居, parent: 溪口县}}\n" for v in ("东山村", "西岭村")
)


def village(code: str, name: str, unit: str, home: str, prefix: str | None) -> str:
    line = f"  - {{code: '{code}', name: {name}, unit: {unit}, kind: 信息公开平台, home_url: '{home}'"
    return line + (f", path_prefix: '{prefix}'}}\n" if prefix is not None else "}\n")


def registry_file(tmp_path: Path, *villages: str) -> Path:
    path = tmp_path / "reg.yaml"
    portal = "  - {code: '4190020001', name: 溪口县人民政府, unit: 溪口县, kind: 门户, home_url: 'http://www.xikou.gov.cn/'}\n"
    path.write_text(HEAD + "sites:\n" + portal + "".join(villages), encoding="utf-8")
    return path


def test_sections_of_one_portal_are_targets_of_their_own(tmp_path: Path, store: Store) -> None:
    path = registry_file(
        tmp_path,
        village(
            "4190020003",
            "东山村信息公开平台",
            "东山村",
            "http://www.xikou.gov.cn/xxgk/cun/dsc/",
            "/xxgk/cun/dsc/",
        ),
        village(
            "4190020004",
            "西岭村信息公开平台",
            "西岭村",
            "http://www.xikou.gov.cn/xxgk/cun/xlc/index.html",
            "/xxgk/cun/xlc/",
        ),
    )
    reg = read_registry([path])
    assert [s.path_prefix for s in reg.sites] == ["/", "/xxgk/cun/dsc/", "/xxgk/cun/xlc/"]
    assert reg.sites[1].name == "东山村信息公开平台"
    assert read_registry([write_registry_xlsx(reg, tmp_path / "out.xlsx")]) == reg  # 路径前缀 round-trips
    store.save_registry(reg)
    assert store.load_registry().sites == reg.sites


@pytest.mark.parametrize(
    ("home", "prefix", "words"),
    [
        ("http://www.xikou.gov.cn/xxgk/cun/dsc/", "xxgk/cun/dsc", "应以 / 开头并以 / 结尾"),
        ("http://www.xikou.gov.cn/xxgk/cun/dsc/", "http://www.xikou.gov.cn/xxgk/", "只填路径"),
        ("http://www.xikou.gov.cn/index.html", "/xxgk/cun/dsc/", "首页网址不在路径前缀“/xxgk/cun/dsc/”之下"),
    ],
)
def test_bad_path_prefix_is_refused_naming_row_and_column(
    tmp_path: Path, home: str, prefix: str, words: str
) -> None:
    path = registry_file(tmp_path, village("4190020003", "东山村信息公开平台", "东山村", home, prefix))
    with pytest.raises(ImportRefused) as ei:
        read_registry([path])
    [p] = ei.value.problems
    assert words in p.message and "字段 path_prefix" in p.message
