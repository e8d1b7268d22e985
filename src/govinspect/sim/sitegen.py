"""Generates one simulated government website: its pages, letters, identity and planted faults."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from html import escape
from typing import Any

from govinspect.model import Column, ColumnCategory, Site, SiteKind, TargetKind
from govinspect.sim import pages as P
from govinspect.sim import policies as PL
from govinspect.sim.content import TINY_PDF, TINY_PNG, fmt_date, id_number, make_body, make_title
from govinspect.sim.filler import sub_rng, unit_full_name
from govinspect.sim.scenario import ColumnSpec, FaultSpec, LetterSpec, Scenario, ScenarioError, SiteSpec
from govinspect.sim.types import Behaviour, PlantedFault, Resp, html_resp

C = ColumnCategory
DEFAULT_COLUMNS: dict[SiteKind, list[tuple[str, ColumnCategory, str]]] = {
    SiteKind.PORTAL: [
        ("要闻动态", C.NEWS, "新闻中心"),
        ("部门动态", C.NEWS, "新闻中心"),
        ("通知公告", C.NOTICE, "新闻中心"),
        ("政策文件", C.POLICY, "政府信息公开"),
        ("政府信息公开指南", C.DISCLOSURE_GUIDE, "政府信息公开"),
        ("政府信息公开制度", C.DISCLOSURE_RULES, "政府信息公开"),
        ("政府信息公开年报", C.DISCLOSURE_REPORT, "政府信息公开"),
        ("法定主动公开内容", C.DISCLOSURE_STATUTORY, "政府信息公开"),
        ("人事信息", C.PERSONNEL_PLAN, "政府信息公开"),
        ("意见征集", C.INTERACTION, "互动交流"),
        ("在线访谈", C.INTERACTION, "互动交流"),
        ("办事指南", C.SERVICE, "政务服务"),
        ("概况", C.OVERVIEW, "走进本地"),
    ],
    SiteKind.DEPARTMENT: [
        ("工作动态", C.NEWS, "新闻中心"),
        ("通知公告", C.NOTICE, "新闻中心"),
        ("政策法规", C.POLICY, "政府信息公开"),
        ("机构设置", C.OVERVIEW, "机构概况"),
        ("领导简介", C.OVERVIEW, "机构概况"),
        ("政府信息公开指南", C.DISCLOSURE_GUIDE, "政府信息公开"),
        ("政府信息公开制度", C.DISCLOSURE_RULES, "政府信息公开"),
        ("政府信息公开年报", C.DISCLOSURE_REPORT, "政府信息公开"),
        ("政府信息公开目录", C.DISCLOSURE_STATUTORY, "政府信息公开"),
        ("财政信息", C.OTHER, "政府信息公开"),
        ("意见征集", C.INTERACTION, "互动交流"),
        ("办事指南", C.SERVICE, "政务服务"),
        ("表格下载", C.SERVICE, "政务服务"),
    ],
    SiteKind.TOWNSHIP: [
        ("乡镇动态", C.NEWS, "新闻中心"),
        ("通知公告", C.NOTICE, "新闻中心"),
        ("政策法规", C.POLICY, "政府信息公开"),
        ("乡镇概况", C.OVERVIEW, "走进乡镇"),
        ("领导之窗", C.OVERVIEW, "走进乡镇"),
        ("政府信息公开指南", C.DISCLOSURE_GUIDE, "政府信息公开"),
        ("政府信息公开制度", C.DISCLOSURE_RULES, "政府信息公开"),
        ("政府信息公开年报", C.DISCLOSURE_REPORT, "政府信息公开"),
        ("政府信息公开目录", C.DISCLOSURE_STATUTORY, "政府信息公开"),
        ("财政信息", C.OTHER, "政府信息公开"),
        ("意见征集", C.INTERACTION, "互动交流"),
        ("办事指南", C.SERVICE, "政务服务"),
    ],
}
DEFAULT_COLUMNS[SiteKind.DISCLOSURE] = DEFAULT_COLUMNS[SiteKind.DEPARTMENT]
DEFAULT_COLUMNS[SiteKind.SPECIAL] = DEFAULT_COLUMNS[SiteKind.DEPARTMENT]
SLUGS = {
    "要闻动态": "ywdt",
    "部门动态": "bmdt",
    "工作动态": "gzdt",
    "乡镇动态": "xzdt",
    "通知公告": "tzgg",
    "政策文件": "zcwj",
    "政策法规": "zcfg",
    "政策解读": "zcjd",
    "政府信息公开指南": "xxgkzn",
    "政府信息公开制度": "xxgkzd",
    "政府信息公开年报": "xxgknb",
    "法定主动公开内容": "fdzdgk",
    "政府信息公开目录": "xxgkml",
    "人事信息": "rsxx",
    "机构设置": "jgsz",
    "领导简介": "ldjj",
    "领导之窗": "ldzc",
    "意见征集": "yjzj",
    "在线访谈": "zxft",
    "办事指南": "bszn",
    "表格下载": "bgxz",
    "概况": "gk",
    "乡镇概况": "xzgk",
    "财政信息": "czxx",
    "新闻发布": "xwfb",
    "图片新闻": "tpxw",
    "招商引资": "zsyz",
    "精准扶贫": "jzfp",
    "特色栏目": "tslm",
}
NEWS_LIKE = {C.NEWS}
MAILBOX = "/hdjl/zxxx/"
CONTENT_FAULTS = {"serious_error", "outdated_name", "sensitive_word", "id_number", "mobile"}
OTHER_PROVINCE_SERVICE = "http://www.hbzwfw.gov.cn/"


@dataclass(slots=True)
class Col:
    spec: ColumnSpec
    idx: int
    slug: str
    group: str
    newest: dt.date | None
    items: list[P.Item] = field(default_factory=list)
    page_urls: list[str] = field(default_factory=list)  # paths

    @property
    def url(self) -> str:
        return f"/{self.slug}/index.html"


@dataclass(slots=True)
class Letter:
    title: str
    type: str
    asked: dt.date
    replied: dt.date | None
    reply: str | None
    url: str


@dataclass(slots=True)
class Special:
    """An article whose body and 来源 are given (policy documents and their interpretations)."""

    body: str
    tail: str
    source: str | None = None


@dataclass(slots=True)
class BuiltSite:
    site: Site
    pages: dict[str, Resp]
    faults: list[PlantedFault]
    external: dict[str, set[str]]  # host -> paths that exist there
    missing_external: dict[str, set[str]]  # host -> paths that are dead links


class SiteBuilder:
    def __init__(self, sc: Scenario, spec: SiteSpec) -> None:
        assert spec.code and spec.host
        self.sc, self.spec = sc, spec
        self.code: str = spec.code
        self.host: str = spec.host
        self.rng = sub_rng(sc.seed, "site", spec.code)
        self.unit_full = unit_full_name(sc, spec.unit)
        self.cp = sc.checkpoint
        self.faults: list[PlantedFault] = []
        self.pages: dict[str, Resp] = {}
        self.external: dict[str, set[str]] = {}
        self.missing_external: dict[str, set[str]] = {}
        self.kinds = {f.kind for f in spec.faults}
        self.style = spec.date_format or "iso"
        self.look = spec.look or "ul"
        self.art_seq = 10000
        self.policies = PL.plan_policies(sc, self.code, spec.unit, spec.policies)
        self.special: dict[str, Special] = {}

    # ------------------------------------------------------------ helpers
    def fault(self, kind: str, check: str | None, **detail: Any) -> None:
        self.faults.append(
            PlantedFault(kind, TargetKind.SITE, self.code, self.spec.name, self.spec.unit, check, detail)
        )

    def abs(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def ext(self, url: str, dead: bool = False) -> None:
        rest = url.split("://", 1)[1]
        host, _, path = rest.partition("/")
        (self.missing_external if dead else self.external).setdefault(host, set()).add("/" + path)

    def site_code_shown(self) -> str | None:
        if "site_code_missing" in self.kinds:
            return None
        if "site_code_mismatch" in self.kinds:
            return self.code[:-4] + f"{(int(self.code[-4:]) + 5000) % 10000:04d}"
        return self.code

    def metas(self, extra: dict[str, str]) -> dict[str, str]:
        if "meta_missing" in self.kinds:
            return {"keywords": self.spec.name}
        m = {"SiteName": self.spec.name, "SiteDomain": self.host}
        code = self.site_code_shown()
        if code:
            m["SiteIDCode"] = code
        m.update(extra)
        return m

    def encode(self, html: str) -> Resp:
        enc = self.spec.encoding
        if enc == "utf-8":
            return html_resp(html.encode("utf-8"), "utf-8")
        body = html.encode("gbk", errors="xmlcharrefreplace")
        return html_resp(body, "GBK" if enc == "gbk" else None)

    # ------------------------------------------------------------ structure
    def columns(self) -> list[Col]:
        specs: list[ColumnSpec] = []
        explicit = {c.name: c for c in self.spec.columns}
        if self.spec.default_columns:
            for name, cat, group in DEFAULT_COLUMNS[self.spec.kind]:
                if name in explicit:
                    specs.append(explicit.pop(name))
                else:
                    g = group if group != "走进本地" else f"走进{self.sc.jurisdiction}"
                    specs.append(ColumnSpec(name=name, category=cat, group=g))
        specs += [c for c in self.spec.columns if c.name in explicit]
        specs = [s.model_copy(deep=True) for s in specs]
        # column faults given as site faults
        for f in self.spec.faults:
            if f.kind not in ("column_stale", "column_blank"):
                continue
            if f.column:
                targets = [s for s in specs if s.name == f.column]
                if not targets:
                    specs.append(ColumnSpec(name=f.column, group="其他栏目"))
                    targets = [specs[-1]]
            else:
                pool = [s for s in specs if not s.stale and not s.blank and s.category is not C.INTERACTION]
                if f.category == "news":
                    pool = [s for s in pool if s.category in NEWS_LIKE]
                elif f.category == "other" or f.kind == "column_blank":
                    pool = [s for s in pool if s.category not in NEWS_LIKE]
                if f.kind == "column_blank":
                    pool = pool[::-1]
                targets = pool[: f.count]
            for s in targets:
                if f.kind == "column_stale":
                    s.stale = True
                    s.newest = f.newest or s.newest
                else:
                    s.blank = True
        if "solicitation_stale" in self.kinds:
            for s in specs:
                if s.name == "意见征集":
                    s.stale = True
        self.add_policy_columns(specs)
        cols: list[Col] = []
        hs = [f for f in self.spec.faults if f.kind == "homepage_stale"]
        home_cap = self.sc.resolve(hs[0].newest or "-30d") if hs else None
        for i, s in enumerate(specs):
            slug = SLUGS.get(s.name, f"lm{i:02d}")
            if any(c.slug == slug for c in cols):
                slug = f"{slug}{i}"
            if s.blank:
                newest = None
            elif s.newest is not None:
                newest = self.sc.resolve(s.newest)
            elif s.stale:
                newest = self.cp - dt.timedelta(days=45 if s.category in NEWS_LIKE else 200)
            else:
                newest = self.cp - dt.timedelta(days=self.rng.randint(0, 5))
            if home_cap and newest and newest > home_cap:
                newest = home_cap
            cols.append(Col(s, i, slug, s.group or "其他栏目", newest))
        return cols

    def build_items(self, col: Col) -> None:
        if col.newest is None:
            return
        lo, hi = self.spec.items or self.sc.items
        n = col.spec.items if col.spec.items is not None else self.rng.randint(lo, hi)
        cat = col.spec.category
        gap = (1, 3) if cat in NEWS_LIKE else (5, 20) if cat in (C.NOTICE, C.POLICY) else (20, 90)
        if n > 60:  # big sites (benchmarks) publish several items a day
            gap = (0, 1)
        day = col.newest
        for k in range(n):
            self.art_seq += 1
            t = dt.time(self.rng.randint(8, 17), self.rng.randint(0, 59), self.rng.randint(0, 59))
            title = make_title(self.rng, cat, self.unit_full, self.sc.jurisdiction, day)
            col.items.append(P.Item(title, self.article_path(col, day), day, t))
            if k < n - 1:
                day = day - dt.timedelta(days=self.rng.randint(*gap))

    def article_path(self, col: Col, day: dt.date) -> str:
        """The path of the column's next article (art_seq must have been advanced)."""
        if self.look == "jcms":
            return f"/art/{day.year}/{day.month}/{day.day}/art_{1000 + col.idx}_{self.art_seq}.html"
        return f"/{col.slug}/{day.strftime('%Y%m')}/t{day.strftime('%Y%m%d')}_{self.art_seq}.html"

    # ------------------------------------------------------------ policies and interpretations
    def add_policy_columns(self, specs: list[ColumnSpec]) -> None:
        """Make sure the policy columns and the 政策解读 column the scenario's policies need exist."""
        if not self.policies:
            return
        for pl in self.policies:
            name = pl.spec.column
            if name and not any(s.name == name for s in specs):
                specs.append(ColumnSpec(name=name, category=C.POLICY, group="政府信息公开"))
        home = self.policy_column_spec(specs, None)
        if home is None:
            specs.append(ColumnSpec(name="政策文件", category=C.POLICY, group="政府信息公开"))
            home = specs[-1]
        days = [it.day for pl in self.policies for it in pl.interpretations]
        if days and not any(s.name == PL.INTERP_COLUMN for s in specs):
            specs.append(
                ColumnSpec(
                    name=PL.INTERP_COLUMN,
                    category=C.POLICY,
                    group=home.group or "政府信息公开",
                    newest=max(days),
                    items=0,
                )
            )

    @staticmethod
    def policy_column_spec(specs: list[ColumnSpec], name: str | None) -> ColumnSpec | None:
        if name:
            return next((s for s in specs if s.name == name), None)
        return next(
            (s for s in specs if s.category is C.POLICY and s.name != PL.INTERP_COLUMN),
            None,
        )

    def place_policies(self, cols: list[Col]) -> None:
        """Publish the policy documents and their interpretations; record them in the ground truth."""
        by_name = {c.spec.name: c for c in cols}
        interp_col = by_name.get(PL.INTERP_COLUMN)
        touched: set[int] = set()
        for pl in self.policies:
            spec = self.policy_column_spec([c.spec for c in cols], pl.spec.column)
            assert spec is not None
            col = by_name[spec.name]
            if col.spec.blank or (col.spec.stale and col.newest is not None and pl.day > col.newest):
                raise ScenarioError(
                    [
                        f"{self.spec.name}：栏目“{col.spec.name}”设为空白或未更新，不能发布政策文件《{pl.spec.title}》"
                    ]
                )
            self.art_seq += 1
            pl.path = self.article_path(col, pl.day)
            col.items.append(P.Item(pl.spec.title, pl.path, pl.day, self.policy_time(pl.path)))
            touched.add(col.idx)
            source = unit_full_name(self.sc, pl.unit)
            for it in pl.interpretations:
                assert interp_col is not None
                if interp_col.spec.blank or interp_col.spec.stale:
                    raise ScenarioError(
                        [
                            f"{self.spec.name}：栏目“{PL.INTERP_COLUMN}”设为空白或未更新，不能发布《{it.title}》"
                        ]
                    )
                self.art_seq += 1
                it.path = self.article_path(interp_col, it.day)
                interp_col.items.append(P.Item(it.title, it.path, it.day, self.policy_time(it.path)))
                touched.add(interp_col.idx)
                image = None
                if it.picture:
                    image = f"/uploadfiles/{it.day.strftime('%Y%m')}/tujie_{self.art_seq}.png"
                    self.pages[image] = Resp(200, (("Content-Type", "image/png"),), TINY_PNG)
                self.special[it.path] = Special(
                    PL.interpretation_body(pl, it, source, image),
                    PL.related_document(pl.path, pl.spec.title),
                    source if pl.unit != self.spec.unit else None,
                )
            self.special[pl.path] = Special(
                PL.policy_body(self.sc, self.code, pl, self.unit_full),
                PL.related_interpretations([(it.path, it) for it in pl.interpretations])
                if pl.interpretations
                else "",
            )
            text = [self.abs(it.path) for it in pl.interpretations if not it.picture]
            picture = [self.abs(it.path) for it in pl.interpretations if it.picture]
            self.fault(
                "policy_interpretation",
                None,
                document=pl.spec.title,
                unit=pl.unit,
                url=self.abs(pl.path),
                column=col.spec.name,
                date=pl.day.isoformat(),
                text=len(text),
                picture=len(picture),
                text_urls=text,
                picture_urls=picture,
                source=source,
            )
        for c in cols:
            if c.idx in touched:
                c.items.sort(key=lambda it: it.day, reverse=True)
                c.newest = max((it.day for it in c.items), default=c.newest)

    def policy_time(self, path: str) -> dt.time:
        rng = sub_rng(self.sc.seed, "policy-time", self.code, path)
        return dt.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59))

    # ------------------------------------------------------------ page chrome
    def nav(self, cols: list[Col], mailbox: bool, service_url: str) -> str:
        groups: dict[str, list[Col]] = {}
        for c in cols:
            groups.setdefault(c.group, []).append(c)
        out = ['<div class="nav"><ul class="menu">\n<li><a href="/">首页</a></li>']
        for g, cs in groups.items():
            subs = "".join(f'<li><a href="{c.url}">{escape(c.spec.name)}</a></li>' for c in cs)
            if g == "政务服务":
                out.append(
                    f'\n<li class="menu-item"><a href="{escape(service_url)}" target="_blank">政务服务</a>'
                    f'<ul class="sub-menu">{subs}</ul></li>'
                )
                continue
            extra = ""
            if g == "互动交流" and mailbox:
                extra = f'<li><a href="{MAILBOX}index.html">咨询投诉</a></li>'
            out.append(
                f'\n<li class="menu-item"><a href="{cs[0].url}">{escape(g)}</a>'
                f'<ul class="sub-menu">{extra}{subs}</ul></li>'
            )
        if "互动交流" not in groups and mailbox:
            out.append(f'\n<li><a href="{MAILBOX}index.html">互动交流</a></li>')
        if "政务服务" not in groups:
            out.append(f'\n<li><a href="{escape(service_url)}" target="_blank">政务服务</a></li>')
        out.append("\n</ul></div>")
        return "".join(out)

    def footer(self) -> str:
        n = int(self.code[-6:]) if self.code[-6:].isdigit() else 1
        lines = [
            f"<p>主办单位：{escape(self.unit_full)}　承办单位：{escape(self.unit_full)}办公室　"
            f"联系电话：0377-6{n % 1000000:06d}</p>"
        ]
        ident = []
        code = self.site_code_shown()
        if code:
            ident.append(f"网站标识码：{code}")
        if "icp_missing" not in self.kinds:
            icp = f"{self.sc.icp_prefix}ICP备{(n * 7919) % 100000000:08d}号-1"
            ident.append(f'<a href="http://beian.miit.gov.cn/" target="_blank">{icp}</a>')
            self.ext("http://beian.miit.gov.cn/")
        ident.append(
            f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo" target="_blank">'
            f"{self.sc.icp_prefix}公网安备 {self.sc.area_code}02{n % 1000000:06d}号</a>"
        )
        self.ext("http://www.beian.gov.cn/portal/registerSystemInfo")
        lines.append("<p>" + "　".join(ident) + "</p>")
        badge = f"http://bszs.conac.cn/sitename?method=show&id={self.code}"
        self.ext(badge)
        marks = [f'<a href="{escape(badge)}" target="_blank"><img src="/images/dzjg.png" alt="党政机关"></a>']
        if "zhaocuo_missing" not in self.kinds:
            zc = f"http://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={self.code}"
            self.ext(zc)
            marks.append(
                f'<a href="{escape(zc)}" target="_blank"><img src="/images/jiucuo.png" alt="我为政府网站找错">'
                "我为政府网站找错</a>"
            )
        lines.append('<p class="marks">' + " ".join(marks) + "</p>")
        links = (
            '<p class="links">相关链接：<a href="http://www.gov.cn/" target="_blank">中国政府网</a> '
            f'<a href="http://www.henan.gov.cn/" target="_blank">{escape(self.sc.province)}人民政府</a></p>'
        )
        self.ext("http://www.gov.cn/")
        self.ext("http://www.henan.gov.cn/")
        return f'<div class="footer">{links}{"".join(lines)}</div>'

    def page(self, title: str, metas: dict[str, str], body: str, chrome: tuple[str, str]) -> Resp:
        nav, foot = chrome
        html = (
            P.head(title, self.metas(metas), self.spec.encoding)
            + f'<body>\n<div class="top"><img src="/images/logo.png" alt="">{escape(self.spec.name)}</div>\n'
            + nav
            + f'\n<div class="main">\n{body}\n</div>\n'
            + foot
            + "\n</body>\n</html>\n"
        )
        return self.encode(html)

    # ------------------------------------------------------------ build
    def build(self) -> BuiltSite:
        sc, spec = self.sc, self.spec
        cols = self.columns()
        for c in cols:
            self.build_items(c)
        mailbox = "no_channel" not in self.kinds
        service_url = OTHER_PROVINCE_SERVICE if "wrong_service" in self.kinds else sc.service_url
        for f in spec.faults:
            if f.kind == "wrong_service" and f.url:
                service_url = f.url
        self.ext(service_url)
        chrome = (self.nav(cols, mailbox, service_url), self.footer())
        # articles first: content faults are injected by path
        injections = self.plan_article_faults(cols)
        self.place_policies(cols)
        for c in cols:
            self.column_pages(c, chrome)
            for it in c.items:
                self.article(c, it, chrome, injections.get(it.url, []))
        if mailbox:
            self.mailbox(chrome)
        self.homepage(cols, chrome, service_url)
        self.statics()
        self.record_column_faults(cols, service_url)
        if not mailbox:
            self.fault("no_channel", "interaction.no_channel", detail="网站无咨询建言渠道")
        site = Site(
            code=self.code,
            name=spec.name,
            home_url=self.abs("/"),
            unit=spec.unit,
            kind=spec.kind,
            status=spec.status,
            extra_hosts=tuple(spec.extra_hosts),
            columns=tuple(
                Column(name=c.spec.name, url=self.abs(c.url), category=c.spec.category) for c in cols
            ),
        )
        return BuiltSite(site, self.pages, self.faults, self.external, self.missing_external)

    def record_column_faults(self, cols: list[Col], service_url: str) -> None:
        for c in cols:
            if c.spec.blank:
                self.fault(
                    "column_blank",
                    "column.blank",
                    column=c.spec.name,
                    url=self.abs(c.url),
                    category=c.spec.category.value,
                    style=c.spec.blank_style,
                )
            elif (
                c.spec.stale and c.newest and c.spec.name == "意见征集" and "solicitation_stale" in self.kinds
            ):
                self.fault(
                    "solicitation_stale",
                    "interaction.no_solicitation",
                    column=c.spec.name,
                    url=self.abs(c.url),
                    newest=c.newest.isoformat(),
                    age_days=(self.cp - c.newest).days,
                )
            elif c.spec.stale and c.newest:
                self.fault(
                    "column_stale",
                    "column.stale",
                    column=c.spec.name,
                    url=self.abs(c.url),
                    category=c.spec.category.value,
                    newest=c.newest.isoformat(),
                    age_days=(self.cp - c.newest).days,
                )
        for f in self.spec.faults:
            if f.kind == "homepage_stale":
                newest = max((c.newest for c in cols if c.newest), default=None)
                self.fault(
                    "homepage_stale",
                    "homepage.stale",
                    url=self.abs("/"),
                    newest=newest.isoformat() if newest else None,
                )
                for c in cols:
                    if c.newest and not c.spec.stale and c.spec.category in NEWS_LIKE:
                        self.fault(
                            "column_stale",
                            "column.stale",
                            column=c.spec.name,
                            url=self.abs(c.url),
                            category=c.spec.category.value,
                            newest=c.newest.isoformat(),
                            age_days=(self.cp - c.newest).days,
                            implied_by="homepage_stale",
                        )
            elif f.kind == "wrong_service":
                self.fault(
                    "wrong_service",
                    "link.wrong_service",
                    url=service_url,
                    source=self.abs("/"),
                    expected=self.sc.service_url,
                )
            elif f.kind == "unavailable":
                self.fault("unavailable", "availability.unreachable", url=self.abs("/"), ratio=f.ratio)
            elif f.kind == "slow":
                self.fault("slow", None, url=self.abs("/"), delay=f.delay)
            elif f.kind == "redirect_chain":
                self.fault("redirect_chain", None, url=self.abs("/"), hops=f.hops)
            elif f.kind == "meta_missing":
                self.fault(
                    "meta_missing",
                    "identity.meta_missing",
                    url=self.abs("/"),
                    missing=["SiteName", "SiteDomain", "SiteIDCode"],
                )
            elif f.kind == "site_code_missing":
                self.fault(
                    "site_code_missing", "identity.site_code_missing", url=self.abs("/"), expected=self.code
                )
            elif f.kind == "site_code_mismatch":
                self.fault(
                    "site_code_mismatch",
                    "identity.site_code_mismatch",
                    url=self.abs("/"),
                    expected=self.code,
                    shown=self.site_code_shown(),
                )
            elif f.kind == "icp_missing":
                self.fault("icp_missing", "identity.icp_missing", url=self.abs("/"))
            elif f.kind == "zhaocuo_missing":
                self.fault("zhaocuo_missing", "identity.zhaocuo_missing", url=self.abs("/"))
            elif f.kind == "broken_layout":
                self.fault("broken_layout", "manual.layout", url=self.abs("/"), manual=True)

    # ------------------------------------------------------------ article faults
    def plan_article_faults(self, cols: list[Col]) -> dict[str, list[str]]:
        """Pick target articles for content/link faults; returns path -> HTML snippets to insert."""
        arts = [(c, it) for c in cols for it in c.items if c.spec.category is not C.INTERACTION]
        out: dict[str, list[str]] = {}
        if not arts:
            return out
        for fi, f in enumerate(self.spec.faults):
            pick = sub_rng(self.sc.seed, "artfault", self.code, fi)
            pool = arts
            if f.kind in CONTENT_FAULTS:  # content faults sit in recent articles, where inspectors look
                pool = [a for a in arts if (self.cp - a[1].day).days <= 180] or arts
            for k in range(f.count):
                c, it = pool[pick.randrange(len(pool))]
                src = self.abs(it.url)
                snippet = self.fault_snippet(f, fi, k, c, it, src)
                if snippet:
                    out.setdefault(it.url, []).append(snippet)
        return out

    def fault_snippet(self, f: FaultSpec, fi: int, k: int, c: Col, it: P.Item, src: str) -> str | None:
        base = {"source": src, "title": it.title, "column": c.spec.name}
        if f.kind == "dead_link":
            path = f"/{c.slug}/201901/t20190101_{90000 + fi * 10 + k}.html"
            self.fault("dead_link", "link.dead", url=self.abs(path), anchor="相关阅读", **base)
            return f'<p>相关阅读：<a href="{path}">相关阅读</a></p>'
        if f.kind == "dead_external":
            url = f.url or f"http://www.henan.gov.cn/zwgk/system/2018/{fi:02d}{k:02d}/old.html"
            self.ext(url, dead=True)
            self.fault("dead_external", "link.dead_external", url=url, anchor="原文链接", **base)
            return f'<p>原文链接：<a href="{escape(url)}" target="_blank">原文链接</a></p>'
        if f.kind == "broken_image":
            path = f"/uploadfiles/{it.day.strftime('%Y%m')}/missing_{fi}_{k}.jpg"
            self.fault("broken_image", "link.broken_image", url=self.abs(path), **base)
            return f'<p style="text-align:center"><img src="{path}" alt="{escape(it.title)}"></p>'
        texts = {
            "serious_error": ("content.serious_error", "中华人民共合国"),
            "outdated_name": ("content.outdated_name", "安全生产监督管理局"),
            "sensitive_word": ("content.sensitive_word", "澳门新葡京"),
            "id_number": (
                "privacy.id_number",
                id_number(self.sc.area_code, dt.date(1985, 3, 12), 100 + fi + k),
            ),
            "mobile": (
                "privacy.mobile",
                f"139{sub_rng(self.sc.seed, 'mobile', self.code, fi, k).randrange(10**8):08d}",
            ),
        }
        if f.kind in texts:
            check, default = texts[f.kind]
            text = f.text or default
            self.fault(f.kind, check, url=src, text=text, date=it.day.isoformat(), **base)
            if f.kind == "id_number":
                return f"<p>经审核，申请人张某某（身份证号：{escape(text)}）符合救助条件，现予以公示。</p>"
            if f.kind == "mobile":
                return f"<p>低保对象公示：王某某，手机号码 {escape(text)}，家庭人口 3 人。</p>"
            if f.kind == "outdated_name":
                return f"<p>会同县{escape(text)}等部门开展联合检查。</p>"
            return (
                f"<p>认真贯彻落实{escape(text)}有关法律法规，{escape(text)}相关要求得到落实。</p>"
                if f.kind == "serious_error"
                else f"<p>{escape(text)}官方网站，注册即送彩金。</p>"
            )
        return None

    # ------------------------------------------------------------ pages
    def column_pages(self, c: Col, chrome: tuple[str, str]) -> None:
        size = max(1, self.spec.page_size)
        chunks = [c.items[i : i + size] for i in range(0, len(c.items), size)] or [[]]
        base = f"/{c.slug}/"
        if self.spec.pagination == "query":
            urls = [base + "index.html"] + [f"{base}index.html?page={k + 1}" for k in range(1, len(chunks))]
        else:
            urls = [base + "index.html"] + [f"{base}index_{k}.html" for k in range(1, len(chunks))]
        c.page_urls = urls
        crumbs = P.breadcrumb([("首页", "/"), (c.group, c.url), (c.spec.name, c.url)])
        for k, chunk in enumerate(chunks):
            json_src = f"{base}list_{k}.json" if self.look == "json" else None
            lst = P.list_html(
                chunk, self.look, self.style, f"col{1000 + c.idx}", json_src, c.spec.blank_style
            )
            body = (
                f'{crumbs}\n<div class="column"><h2 class="col-title">{escape(c.spec.name)}</h2>\n'
                f"{lst}\n{P.pager(urls, k, len(c.items))}</div>"
            )
            metas = {
                "ColumnName": c.spec.name,
                "ColumnType": c.spec.category.value,
                "ColumnDescription": c.spec.name,
                "ColumnKeywords": c.spec.name,
            }
            self.pages[urls[k]] = self.page(f"{c.spec.name}_{self.spec.name}", metas, body, chrome)
            if json_src:
                self.pages[json_src] = Resp(
                    200,
                    (("Content-Type", "application/json; charset=utf-8"),),
                    P.json_list(chunk, k + 1, len(chunks), len(c.items)),
                )

    def article(self, c: Col, it: P.Item, chrome: tuple[str, str], extra: list[str]) -> None:
        rng = sub_rng(self.sc.seed, "art", self.code, it.url)
        paras = "".join(f"<p>{escape(p)}</p>" for p in make_body(rng, rng.randint(2, 4)))
        special = self.special.get(it.url)
        source = self.unit_full
        if special is not None:
            paras, source = special.body, special.source or self.unit_full
        media = ""
        if rng.random() < 0.3:
            img = f"/uploadfiles/{it.day.strftime('%Y%m')}/{it.url.rsplit('_', 1)[-1].split('.')[0]}.png"
            self.pages[img] = Resp(200, (("Content-Type", "image/png"),), TINY_PNG)
            media += f'<p style="text-align:center"><img src="{img}" alt=""></p>'
        att = ""
        if c.spec.category in (C.NOTICE, C.POLICY, C.SERVICE) and rng.random() < 0.5:
            pdf = f"/uploadfiles/{it.day.strftime('%Y%m')}/{it.url.rsplit('_', 1)[-1].split('.')[0]}.pdf"
            self.pages[pdf] = Resp(200, (("Content-Type", "application/pdf"),), TINY_PDF)
            att = f'<div class="attachments">附件：<a href="{pdf}">{escape(it.title)}.pdf</a></div>'
        shown = fmt_date(it.day, "iso" if self.style == "short" else self.style, it.time)
        crumbs = P.breadcrumb([("首页", "/"), (c.group, c.url), (c.spec.name, c.url)])
        body = (
            f'{crumbs}\n<div class="article">\n<h1 class="title">{escape(it.title)}</h1>\n'
            f'<div class="info"><span>发布时间：{escape(shown)}</span>　<span>来源：{escape(source)}</span>'
            f"　<span>浏览次数：<script>document.write({rng.randint(20, 900)})</script></span></div>\n"
            f'<div class="content" id="zoom">{paras}{"".join(extra)}{media}</div>\n{att}'
            f"{special.tail if special else ''}</div>"
        )
        metas = {
            "ColumnName": c.spec.name,
            "ColumnType": c.spec.category.value,
            "ArticleTitle": it.title,
            "PubDate": f"{it.day.isoformat()} {it.time.strftime('%H:%M')}",
            "ContentSource": source,
        }
        self.pages[it.url] = self.page(f"{it.title}_{self.spec.name}", metas, body, chrome)

    def letters(self) -> list[Letter]:
        rng = sub_rng(self.sc.seed, "letters", self.code)
        specs: list[LetterSpec] = []
        for ls in self.spec.letters:
            if ls.count == 1:
                specs.append(ls)
            else:
                specs.extend(
                    ls.model_copy(update={"title": f"{ls.title}（{k + 1}）", "count": 1})
                    for k in range(ls.count)
                )
        for k in range(rng.randint(3, 5)):
            asked = self.cp - dt.timedelta(days=rng.randint(*self.sc.letters_window))
            specs.append(
                LetterSpec(
                    title=f"关于{rng.choice(['小区供暖', '道路维修', '社保缴费', '子女入学', '路灯损坏', '低保申请'])}的{['咨询', '投诉', '建议'][k % 3]}",
                    type=["咨询", "投诉", "建议"][k % 3],
                    asked=asked,
                    replied=asked + dt.timedelta(days=rng.randint(1, 4)),
                    reply="您好，您反映的问题已转相关股室办理，现答复如下：经核实，已按规定处理。",
                )
            )
        for f in self.spec.faults:
            for k in range(f.count):
                if f.kind == "unanswered":
                    specs.append(
                        LetterSpec(
                            title=f"咨询{['医保报销', '土地确权', '养老认证'][k % 3]}办理流程",
                            type="咨询",
                            asked=f.asked or "-120d",
                        )
                    )
                elif f.kind == "late_reply":
                    specs.append(
                        LetterSpec(
                            title=f"关于{['噪音扰民', '占道经营', '停车难'][k % 3]}问题的咨询",
                            type="咨询",
                            asked=f.asked or "-75d",
                            replied=f.replied or "-20d",
                            reply="您好，来信收悉，现答复如下：已安排执法人员处理。",
                        )
                    )
        out = []
        for i, ls in enumerate(
            sorted(specs, key=lambda x: (self.sc.resolve(x.asked), x.title), reverse=True)
        ):
            day = self.sc.resolve(ls.asked)
            assert day is not None
            out.append(
                Letter(
                    ls.title,
                    ls.type,
                    day,
                    self.sc.resolve(ls.replied),
                    ls.reply,
                    f"{MAILBOX}{day.strftime('%Y%m%d')}_{i + 1}.html",
                )
            )
        return out

    def mailbox(self, chrome: tuple[str, str]) -> None:
        letters = self.letters()
        rows = []
        for lt in letters:
            status = "已回复" if lt.replied else "未回复"
            rows.append(
                f'\n<tr><td><a href="{lt.url}" target="_blank">{escape(lt.title)}</a></td><td>{lt.type}</td>'
                f"<td>{lt.asked.isoformat()}</td><td>{lt.replied.isoformat() if lt.replied else ''}</td>"
                f"<td>{status}</td></tr>"
            )
            detail = (
                f'{P.breadcrumb([("首页", "/"), ("互动交流", MAILBOX + "index.html")])}\n<div class="letter">'
                f'<h1>{escape(lt.title)}</h1>\n<table class="letter-detail"><tr><th>留言类型</th><td>{lt.type}</td></tr>'
                f"<tr><th>留言时间</th><td>{lt.asked.isoformat()}</td></tr>"
                f"<tr><th>留言内容</th><td>{escape(lt.title)}，请相关部门予以答复。</td></tr>"
                f"<tr><th>办理状态</th><td>{status}</td></tr>"
                f"<tr><th>答复单位</th><td>{escape(self.unit_full) if lt.replied else ''}</td></tr>"
                f"<tr><th>答复时间</th><td>{lt.replied.isoformat() if lt.replied else ''}</td></tr>"
                f"<tr><th>答复内容</th><td>{escape(lt.reply or '') if lt.replied else ''}</td></tr></table></div>"
            )
            self.pages[lt.url] = self.page(
                f"{lt.title}_{self.spec.name}", {"ColumnName": "咨询投诉"}, detail, chrome
            )
            if lt.replied is None and lt.type == "咨询":
                self.fault(
                    "unanswered",
                    "interaction.unanswered",
                    url=self.abs(lt.url),
                    title=lt.title,
                    asked=lt.asked.isoformat(),
                    source=self.abs(MAILBOX + "index.html"),
                )
            elif lt.replied and (lt.replied - lt.asked).days > 20:
                self.fault(
                    "late_reply",
                    "interaction.late_reply",
                    url=self.abs(lt.url),
                    title=lt.title,
                    asked=lt.asked.isoformat(),
                    replied=lt.replied.isoformat(),
                    source=self.abs(MAILBOX + "index.html"),
                )
        stats = ""
        if "no_stats" not in self.kinds:
            done = sum(1 for lt in letters if lt.replied)
            stats = (
                f'<div class="letter-stats">留言统计：本年度共收到留言 {len(letters)} 件，'
                f"已答复 {done} 件，答复率 {round(100 * done / max(1, len(letters)))}%。</div>"
            )
        else:
            self.fault("no_stats", "interaction.no_stats", url=self.abs(MAILBOX + "index.html"))
        body = (
            f"{P.breadcrumb([('首页', '/'), ('互动交流', MAILBOX + 'index.html'), ('咨询投诉', MAILBOX + 'index.html')])}\n"
            f'<div class="mailbox"><h2>咨询投诉</h2><p><a href="{MAILBOX}write.html">我要写信</a></p>\n{stats}\n'
            '<table class="letters"><tr><th>标题</th><th>类型</th><th>留言时间</th><th>答复时间</th><th>状态</th></tr>'
            + ("".join(rows) if "no_letters" not in self.kinds else "")
            + "\n</table></div>"
        )
        if "no_letters" in self.kinds:
            body = body.replace("</table></div>", '</table><p class="no-data">暂无公开信件</p></div>')
            for lt in letters:
                self.pages.pop(lt.url, None)
            self.faults = [f for f in self.faults if f.fault not in ("unanswered", "late_reply")]
            self.fault("no_letters", "interaction.no_display", url=self.abs(MAILBOX + "index.html"))
        self.pages[MAILBOX + "index.html"] = self.page(
            f"咨询投诉_{self.spec.name}", {"ColumnName": "咨询投诉"}, body, chrome
        )
        form = (
            '<form class="write" method="post" action="#"><p>姓名：<input name="name"></p>'
            '<p>类型：<select name="type"><option>咨询</option><option>投诉</option><option>建议</option></select></p>'
            '<p>内容：<textarea name="content"></textarea></p><p><button type="submit">提交</button></p></form>'
        )
        if "broken_entry" in self.kinds:
            self.fault(
                "broken_entry",
                "link.broken_entry",
                url=self.abs(MAILBOX + "write.html"),
                source=self.abs(MAILBOX + "index.html"),
                anchor="我要写信",
                category="留言",
            )
        else:
            self.pages[MAILBOX + "write.html"] = self.page(
                f"我要写信_{self.spec.name}", {"ColumnName": "咨询投诉"}, form, chrome
            )

    def homepage(self, cols: list[Col], chrome: tuple[str, str], service_url: str) -> None:
        shown = [
            c
            for c in cols
            if c.spec.on_home or (c.spec.on_home is None and c.spec.category in (C.NEWS, C.NOTICE, C.POLICY))
        ][:4]
        blocks = []
        for c in shown:
            items = c.items[:6]
            lst = P.list_html(items, "ul", self.style, f"home{c.idx}", None, c.spec.blank_style)
            blocks.append(
                f'<div class="block" id="blk-{c.slug}"><div class="block-hd"><h3>{escape(c.spec.name)}</h3>'
                f'<a class="more" href="{c.url}">更多&gt;&gt;</a></div>\n{lst}</div>'
            )
        svc = f'<div class="service"><a href="{escape(service_url)}" target="_blank">政务服务网</a></div>'
        extra = ""
        if "broken_layout" in self.kinds:
            extra = (
                '<div class="float"><table><tr><td><div style="width:1400px">飘窗公告 <img src="/images/logo.png" '
                'width="900"></td></tr></div><div style="position:absolute;left:-200px;top:40px">'
            )
        body = f'{extra}<div class="home">\n' + "\n".join(blocks) + f"\n{svc}\n</div>"
        resp = self.page(self.spec.name, {"ColumnName": "首页", "ColumnType": "首页"}, body, chrome)
        behaviour = None
        for f in self.spec.faults:
            if f.kind == "unavailable":
                behaviour = Behaviour("intermittent", ratio=f.ratio)
            elif f.kind == "slow":
                behaviour = Behaviour("slow", delay=f.delay)
        if behaviour:
            resp = Resp(resp.status, resp.headers, resp.body, behaviour)
        hops = next((f.hops for f in self.spec.faults if f.kind == "redirect_chain"), 0)
        if hops:
            chain = [f"/r/{k}.html" for k in range(1, hops)] + ["/index.html"]
            self.pages["/"] = Resp(302, (("Location", chain[0]),))
            for a, b in itertools.pairwise(chain):
                self.pages[a] = Resp(302, (("Location", b),))
            self.pages["/index.html"] = resp
        else:
            self.pages["/"] = resp

    def statics(self) -> None:
        self.pages["/css/style.css"] = Resp(200, (("Content-Type", "text/css"),), P.STYLE)
        for name in ("logo.png", "dzjg.png", "jiucuo.png"):
            self.pages[f"/images/{name}"] = Resp(200, (("Content-Type", "image/png"),), TINY_PNG)
        robots = self.spec.robots if self.spec.robots is not None else "User-agent: *\nDisallow: /search/\n"
        self.pages["/robots.txt"] = Resp(200, (("Content-Type", "text/plain"),), robots.encode())
