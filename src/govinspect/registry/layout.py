"""The 底账 sheet layouts: which Chinese headings mean which field.

Import recognises a sheet (or CSV file) by its headings; export writes the first
heading of each field. Aliases cover headings offices already use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    headings: tuple[str, ...]  # first = canonical heading
    required: bool = False
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    kind: str  # units / sites / columns / accounts
    title: str  # sheet title on export
    fields: tuple[Field, ...]
    signature: tuple[str, ...]  # keys whose headings identify this sheet

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


UNITS = Sheet(
    "units",
    "单位",
    (
        Field("name", ("单位名称", "单位"), required=True, width=28),
        Field("kind", ("单位类型", "类型")),
        Field("parent", ("上级单位",), width=20),
        Field("former_names", ("曾用名", "曾用名（更名日期）"), width=40),
    ),
    ("name",),
)

SITES = Sheet(
    "sites",
    "网站底账",
    (
        Field("name", ("网站名称",), required=True, width=30),
        Field("code", ("网站标识码", "标识码"), required=True, width=14),
        Field("home_url", ("首页网址", "首页地址", "网址", "网站地址"), required=True, width=36),
        Field("unit", ("主办单位", "单位名称", "单位"), required=True, width=28),
        Field("kind", ("网站类型", "类型")),
        Field("status", ("运行状态", "状态")),
        Field("extra_hosts", ("其他域名", "附属域名"), width=30),
        Field("group", ("站群", "所属站群"), width=20),
        Field("has_services", ("办事服务", "有无办事服务"), width=10),
    ),
    ("code", "home_url"),
)

COLUMNS = Sheet(
    "columns",
    "栏目",
    (
        Field("site", ("网站标识码", "标识码"), required=True, width=14),
        Field("name", ("栏目名称",), required=True, width=24),
        Field("url", ("栏目地址", "栏目网址"), required=True, width=48),
        Field("category", ("栏目类型", "栏目类别"), width=16),
        Field("level", ("栏目级别", "级别"), width=10),
    ),
    ("name", "url"),
)

ACCOUNTS = Sheet(
    "accounts",
    "政务新媒体底账",
    (
        Field("name", ("账号名称", "帐号名称", "名称"), required=True, width=24),
        Field("platform", ("平台", "平台类型", "账号类型", "主体类型"), required=True, width=12),
        Field("account_id", ("账号ID", "帐号ID", "账号id", "原始ID", "微信号"), required=True, width=24),
        Field("unit", ("主办单位", "单位名称", "单位"), required=True, width=28),
        Field("certified_entity", ("认证主体", "账号主体"), width=28),
        Field("feed_url", ("订阅地址", "RSS地址", "feed"), width=48),
        Field("profile_url", ("主页地址", "账号主页"), width=40),
        Field("menu_links", ("菜单链接", "自定义菜单"), width=40),
    ),
    ("name", "platform", "account_id"),
)

SHEETS = (SITES, COLUMNS, ACCOUNTS, UNITS)  # detection order: most specific first

# Multi-value cells: split on these separators.
LIST_SEPARATORS = ("；", ";", "，", ",", "\n", "、", " ")
