"""Generates one simulated government website: its layout of columns, lists, articles and home page.

The shared state, page chrome, planted faults and the mailbox are in `site_state`, `site_chrome`,
`site_faults` and `site_mailbox`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from html import escape

import govinspect.sim.pages as markup
import govinspect.sim.policies as policies
from govinspect.model import Column, ColumnCategory, Site, SiteKind
from govinspect.sim.content import TINY_PDF, TINY_PNG, fmt_date, make_body, make_title
from govinspect.sim.filler import sub_rng, unit_full_name
from govinspect.sim.obstacles import REAL_HOME, SHELLS, frame_top, image_map_home, shell_home
from govinspect.sim.scenario import ColumnSpec, ScenarioError
from govinspect.sim.site_faults import FaultsMixin
from govinspect.sim.site_mailbox import MailboxMixin
from govinspect.sim.site_state import NEWS_LIKE, BuiltSite, Col, Special
from govinspect.sim.types import Behaviour, Resp

DEFAULT_COLUMNS: dict[SiteKind, list[tuple[str, ColumnCategory, str]]] = {
    SiteKind.PORTAL: [
        ("要闻动态", ColumnCategory.NEWS, "新闻中心"),
        ("部门动态", ColumnCategory.NEWS, "新闻中心"),
        ("通知公告", ColumnCategory.NOTICE, "新闻中心"),
        ("政策文件", ColumnCategory.POLICY, "政府信息公开"),
        ("政府信息公开指南", ColumnCategory.DISCLOSURE_GUIDE, "政府信息公开"),
        ("政府信息公开制度", ColumnCategory.DISCLOSURE_RULES, "政府信息公开"),
        ("政府信息公开年报", ColumnCategory.DISCLOSURE_REPORT, "政府信息公开"),
        ("法定主动公开内容", ColumnCategory.DISCLOSURE_STATUTORY, "政府信息公开"),
        ("人事信息", ColumnCategory.PERSONNEL_PLAN, "政府信息公开"),
        ("意见征集", ColumnCategory.INTERACTION, "互动交流"),
        ("在线访谈", ColumnCategory.INTERACTION, "互动交流"),
        ("办事指南", ColumnCategory.SERVICE, "政务服务"),
        ("概况", ColumnCategory.OVERVIEW, "走进本地"),
    ],
    SiteKind.DEPARTMENT: [
        ("工作动态", ColumnCategory.NEWS, "新闻中心"),
        ("通知公告", ColumnCategory.NOTICE, "新闻中心"),
        ("政策法规", ColumnCategory.POLICY, "政府信息公开"),
        ("机构设置", ColumnCategory.OVERVIEW, "机构概况"),
        ("领导简介", ColumnCategory.OVERVIEW, "机构概况"),
        ("政府信息公开指南", ColumnCategory.DISCLOSURE_GUIDE, "政府信息公开"),
        ("政府信息公开制度", ColumnCategory.DISCLOSURE_RULES, "政府信息公开"),
        ("政府信息公开年报", ColumnCategory.DISCLOSURE_REPORT, "政府信息公开"),
        ("政府信息公开目录", ColumnCategory.DISCLOSURE_STATUTORY, "政府信息公开"),
        ("财政信息", ColumnCategory.OTHER, "政府信息公开"),
        ("意见征集", ColumnCategory.INTERACTION, "互动交流"),
        ("办事指南", ColumnCategory.SERVICE, "政务服务"),
        ("表格下载", ColumnCategory.SERVICE, "政务服务"),
    ],
    SiteKind.TOWNSHIP: [
        ("乡镇动态", ColumnCategory.NEWS, "新闻中心"),
        ("通知公告", ColumnCategory.NOTICE, "新闻中心"),
        ("政策法规", ColumnCategory.POLICY, "政府信息公开"),
        ("乡镇概况", ColumnCategory.OVERVIEW, "走进乡镇"),
        ("领导之窗", ColumnCategory.OVERVIEW, "走进乡镇"),
        ("政府信息公开指南", ColumnCategory.DISCLOSURE_GUIDE, "政府信息公开"),
        ("政府信息公开制度", ColumnCategory.DISCLOSURE_RULES, "政府信息公开"),
        ("政府信息公开年报", ColumnCategory.DISCLOSURE_REPORT, "政府信息公开"),
        ("政府信息公开目录", ColumnCategory.DISCLOSURE_STATUTORY, "政府信息公开"),
        ("财政信息", ColumnCategory.OTHER, "政府信息公开"),
        ("意见征集", ColumnCategory.INTERACTION, "互动交流"),
        ("办事指南", ColumnCategory.SERVICE, "政务服务"),
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
OTHER_PROVINCE_SERVICE = "http://www.hbzwfw.gov.cn/"


class SiteBuilder(MailboxMixin, FaultsMixin):
    """Builds every page of one site from its spec."""

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
                pool = [
                    s
                    for s in specs
                    if not s.stale and not s.blank and s.category is not ColumnCategory.INTERACTION
                ]
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
        gap = (
            (1, 3)
            if cat in NEWS_LIKE
            else (5, 20)
            if cat in (ColumnCategory.NOTICE, ColumnCategory.POLICY)
            else (20, 90)
        )
        if n > 60:  # big sites (benchmarks) publish several items a day
            gap = (0, 1)
        day = col.newest
        for k in range(n):
            self.art_seq += 1
            t = dt.time(self.rng.randint(8, 17), self.rng.randint(0, 59), self.rng.randint(0, 59))
            title = make_title(self.rng, cat, self.unit_full, self.sc.jurisdiction, day)
            col.items.append(markup.Item(title, self.article_path(col, day), day, t))
            if k < n - 1:
                day = day - dt.timedelta(days=self.rng.randint(*gap))

    def article_path(self, col: Col, day: dt.date) -> str:
        """The path of the column's next article (art_seq must have been advanced)."""
        if self.look == "jcms":
            return f"/art/{day.year}/{day.month}/{day.day}/art_{1000 + col.idx}_{self.art_seq}.html"
        return f"/{col.slug}/{day.strftime('%Y%m')}/t{day.strftime('%Y%m%d')}_{self.art_seq}.html"

    def add_policy_columns(self, specs: list[ColumnSpec]) -> None:
        """Make sure the policy columns and the 政策解读 column the scenario's policies need exist."""
        if not self.policies:
            return
        for pl in self.policies:
            name = pl.spec.column
            if name and not any(s.name == name for s in specs):
                specs.append(ColumnSpec(name=name, category=ColumnCategory.POLICY, group="政府信息公开"))
        home = self.policy_column_spec(specs, None)
        if home is None:
            specs.append(ColumnSpec(name="政策文件", category=ColumnCategory.POLICY, group="政府信息公开"))
            home = specs[-1]
        days = [it.day for pl in self.policies for it in pl.interpretations]
        if days and not any(s.name == policies.INTERP_COLUMN for s in specs):
            specs.append(
                ColumnSpec(
                    name=policies.INTERP_COLUMN,
                    category=ColumnCategory.POLICY,
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
            (s for s in specs if s.category is ColumnCategory.POLICY and s.name != policies.INTERP_COLUMN),
            None,
        )

    def place_policies(self, cols: list[Col]) -> None:
        """Publish the policy documents and their interpretations; record them in the ground truth."""
        by_name = {c.spec.name: c for c in cols}
        interp_col = by_name.get(policies.INTERP_COLUMN)
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
            col.items.append(markup.Item(pl.spec.title, pl.path, pl.day, self.policy_time(pl.path)))
            touched.add(col.idx)
            source = unit_full_name(self.sc, pl.unit)
            for it in pl.interpretations:
                assert interp_col is not None
                if interp_col.spec.blank or interp_col.spec.stale:
                    raise ScenarioError(
                        [
                            f"{self.spec.name}：栏目“{policies.INTERP_COLUMN}”设为空白或未更新，不能发布《{it.title}》"
                        ]
                    )
                self.art_seq += 1
                it.path = self.article_path(interp_col, it.day)
                interp_col.items.append(markup.Item(it.title, it.path, it.day, self.policy_time(it.path)))
                touched.add(interp_col.idx)
                image = None
                if it.picture:
                    image = f"/uploadfiles/{it.day.strftime('%Y%m')}/tujie_{self.art_seq}.png"
                    self.pages[image] = Resp(200, (("Content-Type", "image/png"),), TINY_PNG)
                self.special[it.path] = Special(
                    policies.interpretation_body(pl, it, source, image),
                    policies.related_document(pl.path, pl.spec.title),
                    source if pl.unit != self.spec.unit else None,
                )
            self.special[pl.path] = Special(
                policies.policy_body(self.sc, self.code, pl, self.unit_full),
                policies.related_interpretations([(it.path, it) for it in pl.interpretations])
                if pl.interpretations
                else "",
            )
            text = [self.abs(it.path) for it in pl.interpretations if not it.picture]
            picture = [self.abs(it.path) for it in pl.interpretations if it.picture]
            self.fault(
                "policy_interpretation",
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
            self.fault("no_channel", detail="网站无咨询建言渠道")
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
        return BuiltSite(
            site, self.pages, self.faults, self.external, self.missing_external, self.moved_external
        )

    def column_pages(self, c: Col, chrome: tuple[str, str]) -> None:
        size = max(1, self.spec.page_size)
        chunks = [c.items[i : i + size] for i in range(0, len(c.items), size)] or [[]]
        base = f"/{c.slug}/"
        if self.spec.pagination == "query":
            urls = [base + "index.html"] + [f"{base}index.html?page={k + 1}" for k in range(1, len(chunks))]
        else:
            urls = [base + "index.html"] + [f"{base}index_{k}.html" for k in range(1, len(chunks))]
        c.page_urls = urls
        crumbs = markup.breadcrumb([("首页", "/"), (c.group, c.url), (c.spec.name, c.url)])
        look = c.spec.look or self.look
        for k, chunk in enumerate(chunks):
            json_src = None
            if look == "json":
                json_src = f"{base}list_{k}.json"
            elif look == "script":  # the same data, at the address the page's script puts together
                json_src = markup.script_data_path(base, k)
            lst = markup.list_html(
                chunk, look, self.style, f"col{1000 + c.idx}", json_src, c.spec.blank_style, page=k
            )
            body = (
                f'{crumbs}\n<div class="column"><h2 class="col-title">{escape(c.spec.name)}</h2>\n'
                f"{lst}\n{markup.pager(urls, k, len(c.items))}</div>"
            )
            if k == 0:
                body += self.oversize(c)
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
                    markup.json_list(chunk, k + 1, len(chunks), len(c.items)),
                )

    def oversize(self, c: Col) -> str:
        """An oversized_page fault's padding: a long 归档 table of old, unlinked entries after the list."""
        f = next(
            (f for f in self.spec.faults if f.kind == "oversized_page" and f.column == c.spec.name), None
        )
        if f is None:
            return ""
        self.fault("oversized_page", url=self.abs(c.url), column=c.spec.name, size_kb=f.size_kb)
        row = "<tr><td>{n}. 往年信息归档条目（已转入档案管理，不再提供全文）</td><td>2012-01-01</td></tr>\n"
        rows = len(row.format(n=100000).encode())
        count = f.size_kb * 1024 // rows + 1
        return '\n<table class="archive">\n' + "".join(row.format(n=n) for n in range(count)) + "</table>"

    def article(self, c: Col, it: markup.Item, chrome: tuple[str, str], extra: list[str]) -> None:
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
        if (
            c.spec.category in (ColumnCategory.NOTICE, ColumnCategory.POLICY, ColumnCategory.SERVICE)
            and rng.random() < 0.5
        ):
            pdf = f"/uploadfiles/{it.day.strftime('%Y%m')}/{it.url.rsplit('_', 1)[-1].split('.')[0]}.pdf"
            self.pages[pdf] = Resp(200, (("Content-Type", "application/pdf"),), TINY_PDF)
            att = f'<div class="attachments">附件：<a href="{pdf}">{escape(it.title)}.pdf</a></div>'
        shown = fmt_date(it.day, "iso" if self.style == "short" else self.style, it.time)
        crumbs = markup.breadcrumb([("首页", "/"), (c.group, c.url), (c.spec.name, c.url)])
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

    def homepage(self, cols: list[Col], chrome: tuple[str, str], service_url: str) -> None:
        shown = [
            c
            for c in cols
            if c.spec.on_home
            or (
                c.spec.on_home is None
                and c.spec.category in (ColumnCategory.NEWS, ColumnCategory.NOTICE, ColumnCategory.POLICY)
            )
        ][:4]
        blocks = []
        for c in shown:
            items = c.items[:6]
            lst = markup.list_html(items, "ul", self.style, f"home{c.idx}", None, c.spec.blank_style)
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
        body = (
            f'{extra}<div class="home">\n'
            + "\n".join(blocks)
            + f"\n{svc}\n</div>"
            + self.planted_security_faults()
        )
        if "image_map" in self.kinds:
            # one big image: its areas are the menu, the blocks and the service link
            areas = [(c.spec.name, c.url) for c in cols] + [("政务服务网", service_url)]
            body, chrome = image_map_home(areas) + self.planted_security_faults(), ("", chrome[1])
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
        shell = next((k for k in SHELLS if k in self.kinds), None)
        if shell:  # a home page a browser leaves at once for the real one
            self.pages["/"] = shell_home(shell, self.spec.name)
            if shell == "frameset":
                self.pages["/top.html"] = frame_top(self.spec.name)
            self.pages[REAL_HOME] = resp
        elif hops:
            chain = [f"/r/{k}.html" for k in range(1, hops)] + ["/index.html"]
            self.pages["/"] = Resp(302, (("Location", chain[0]),))
            for a, b in itertools.pairwise(chain):
                self.pages[a] = Resp(302, (("Location", b),))
            self.pages["/index.html"] = resp
        else:
            self.pages["/"] = resp

    def statics(self) -> None:
        self.pages["/css/style.css"] = Resp(200, (("Content-Type", "text/css"),), markup.STYLE)
        for name in ("logo.png", "dzjg.png", "jiucuo.png", "home.png"):
            self.pages[f"/images/{name}"] = Resp(200, (("Content-Type", "image/png"),), TINY_PNG)
        robots = self.spec.robots if self.spec.robots is not None else "User-agent: *\nDisallow: /search/\n"
        self.pages["/robots.txt"] = Resp(200, (("Content-Type", "text/plain"),), robots.encode())
