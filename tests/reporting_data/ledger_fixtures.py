"""Ledger (台账) XLSX fixtures from the seed notices: 002 依申请公开 and 000 整改报告报送.

`python tests/reporting_data/ledger_fixtures.py` rewrites the files in fixtures/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

FIXTURES = Path(__file__).parent / "fixtures"
TONGBAI_APPLICATIONS = FIXTURES / "002-tongbai-依申请公开.xlsx"
DENGZHOU_RECTIFICATION = FIXTURES / "000-dengzhou-整改报告.xlsx"

# 002: 今年共收到依申请公开 14 个，按时办理回复 10 个；4 个未及时回复引起行政复议
TONGBAI_ON_TIME = [
    ("县公安局", "2021-01-18", "2021-02-01"),
    ("县人社局", "2021-02-22", "2021-03-10"),
    ("县住建局", "2021-03-08", "2021-03-26"),
    ("县住建局", "2021-04-12", "2021-04-30"),
    ("县教体局", "2021-05-10", "2021-05-28"),
    ("县财政局", "2021-05-24", "2021-06-04"),
    ("县卫健委", "2021-06-15", "2021-07-05"),
    ("县民政局", "2021-07-12", "2021-07-23"),
    ("县市场监管局", "2021-08-02", "2021-08-20"),
    ("黄岗镇", "2021-08-23", "2021-09-10"),
]
TONGBAI_LATE = [
    ("县自然资源局", "2021-03-01", "2021-04-30"),
    ("县发改委", "2021-04-06", "2021-06-01"),
    ("县环保局", "2021-06-07", "2021-08-02"),
    ("桐柏化工产业集聚区", "2021-07-05", None),  # not answered at all
]

# 000: 《关于进一步做好全市政府网站问题整改及自查管理工作的通知》(6月16日) — 6月19日前报送
DENGZHOU_MISSING = [
    "市教体局", "市民政局", "市生态环境局", "市发改委", "市统计局",
    "白牛镇", "赵集镇", "都司镇", "十林镇", "彭桥镇", "高集镇",
]  # fmt: skip
DENGZHOU_SUBMITTED = [
    ("市审计局", "2023-06-18"),
    ("市应急管理局", "2023-06-19"),
    ("市公路事业发展中心", "2023-06-17"),
    ("夏集镇", "2023-06-19"),
    ("孟楼镇", "2023-06-18"),
    ("桑庄镇", "2023-06-19"),
]


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def write_applications(path: Path = TONGBAI_APPLICATIONS) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "依申请公开"
    ws.append(["序号", "单位", "申请事项", "收到日期", "答复日期", "是否引起复议/诉讼"])
    rows: list[tuple[str, str, str | None, str]] = [(u, r, a, "否") for u, r, a in TONGBAI_ON_TIME]
    rows += [(u, r, a, "是") for u, r, a in TONGBAI_LATE]
    for i, (unit, received, answered, review) in enumerate(rows, start=1):
        ws.append([i, unit, "申请公开相关政府信息", _day(received), _day(answered), review])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_rectification(path: Path = DENGZHOU_RECTIFICATION) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "整改报告报送"
    header: list[list[Any]] = [
        ["通知名称", "关于进一步做好全市政府网站问题整改及自查管理工作的通知"],
        ["下发日期", dt.date(2023, 6, 16)],
        ["报送截止日期", dt.date(2023, 6, 19)],
        ["截至日期", dt.date(2023, 6, 20)],
        ["情况说明截止日期", "2023年6月26日"],
        [],
        ["序号", "单位", "是否报送", "报送日期"],
    ]
    for row in header:
        ws.append(row)
    n = 0
    for unit, day in DENGZHOU_SUBMITTED:
        n += 1
        ws.append([n, unit, "是", _day(day)])
    for unit in DENGZHOU_MISSING:
        n += 1
        ws.append([n, unit, "否", None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    print(write_applications())
    print(write_rectification())
