"""The 底账 sheet layouts: which Chinese headings mean which field.

Import recognises a sheet (or CSV file) as the layout whose headings its header row
matches most (see `govinspect.tables`); export writes the first heading of each field.
Aliases cover headings offices already use.
"""

from __future__ import annotations

from dataclasses import dataclass

from govinspect import tables


@dataclass(frozen=True)
class Field(tables.Field):
    width: int = 16  # column width on export


@dataclass(frozen=True)
class Sheet(tables.Layout):
    fields: tuple[Field, ...]
    title: str = ""  # sheet title on export


UNITS = Sheet(
    kind="units",
    title="单位",
    fields=(
        Field("name", ("单位名称", "单位"), required=True, width=28),
        Field("kind", ("单位类型", "类型")),
        Field("parent", ("上级单位",), width=20),
        Field("former_names", ("曾用名", "曾用名（更名日期）"), width=40),
    ),
)

SITES = Sheet(
    kind="sites",
    title="网站底账",
    fields=(
        Field("name", ("网站名称",), required=True, width=30),
        Field("code", ("网站标识码", "标识码"), required=True, width=14),
        Field("home_url", ("首页网址", "首页地址", "网址", "网站地址"), required=True, width=36),
        Field("unit", ("主办单位", "单位名称", "单位"), required=True, width=28),
        Field("kind", ("网站类型", "类型")),
        Field("status", ("运行状态", "状态")),
        Field("extra_hosts", ("其他域名", "附属域名"), width=30),
        Field("path_prefix", ("路径前缀", "栏目路径"), width=24),
        Field("group", ("站群", "所属站群"), width=20),
        Field("has_services", ("办事服务", "有无办事服务"), width=10),
    ),
)

COLUMNS = Sheet(
    kind="columns",
    title="栏目",
    fields=(
        Field("site", ("网站标识码", "标识码"), required=True, width=14),
        Field("name", ("栏目名称",), required=True, width=24),
        Field("url", ("栏目地址", "栏目网址"), required=True, width=48),
        Field("category", ("栏目类型", "栏目类别"), width=16),
        Field("level", ("栏目级别", "级别"), width=10),
    ),
)

ACCOUNTS = Sheet(
    kind="accounts",
    title="政务新媒体底账",
    fields=(
        Field("name", ("账号名称", "帐号名称", "名称"), required=True, width=24),
        Field("platform", ("平台", "平台类型", "账号类型", "主体类型"), required=True, width=12),
        Field("account_id", ("账号ID", "帐号ID", "账号id", "原始ID", "微信号"), required=True, width=24),
        Field("unit", ("主办单位", "单位名称", "单位"), required=True, width=28),
        Field("certified_entity", ("认证主体", "账号主体"), width=28),
        Field("feed_url", ("订阅地址", "RSS地址", "feed"), width=48),
        Field("profile_url", ("主页地址", "账号主页"), width=40),
        Field("menu_links", ("菜单链接", "自定义菜单"), width=40),
    ),
)

SHEETS = (SITES, COLUMNS, ACCOUNTS, UNITS)  # tried in this order: on a tie, the first wins

# A sheet with one of these titles is read only as that table, so a 网站底账 sheet whose
# headings look like a unit list is refused instead of being imported as units.
SHEET_TITLES = {
    title: sheet
    for sheet, titles in (
        (UNITS, ("单位", "单位台账", "单位名单", "单位底账")),
        (SITES, ("网站底账", "网站台账", "网站", "政府网站", "政府网站底账")),
        (COLUMNS, ("栏目", "栏目底账", "栏目台账", "网站栏目")),
        (ACCOUNTS, ("政务新媒体底账", "政务新媒体台账", "政务新媒体", "新媒体", "新媒体台账")),
    )
    for title in titles
}

# Multi-value cells: split on these separators.
LIST_SEPARATORS = ("；", ";", "，", ",", "\n", "、", " ")
