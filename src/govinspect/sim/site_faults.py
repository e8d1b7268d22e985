"""Faults planted in a simulated site's columns, home page and articles, each with the check it must trigger."""

from __future__ import annotations

import datetime as dt
from html import escape

import govinspect.sim.pages as markup
from govinspect.model import ColumnCategory
from govinspect.sim.content import id_number
from govinspect.sim.filler import sub_rng
from govinspect.sim.obstacles import CHALLENGES, GATES, SHELLS
from govinspect.sim.scenario import FaultSpec
from govinspect.sim.site_state import CONTENT_FAULTS, NEWS_LIKE, Col, SiteState
from govinspect.sim.tls import TLS_FAULTS

OBSTACLES = frozenset((*GATES, *SHELLS, *TLS_FAULTS, "image_map", "ipv6_only"))

HIDDEN_LINKS = (("http://www.amxpj-vip.com/", "澳门百家乐官网"), ("http://www.hg-yule88.com/", "真人娱乐城"))
GAMBLING_SITE = "http://www.casino-888vip.com/"


class FaultsMixin(SiteState):
    """Records the planted faults and writes the article snippets that carry them."""

    def record_column_faults(self, cols: list[Col], service_url: str) -> None:
        for c in cols:
            if c.spec.blank:
                self.fault(
                    "column_blank",
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
                    column=c.spec.name,
                    url=self.abs(c.url),
                    newest=c.newest.isoformat(),
                    age_days=(self.cp - c.newest).days,
                )
            elif c.spec.stale and c.newest:
                self.fault(
                    "column_stale",
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
                    url=self.abs("/"),
                    newest=newest.isoformat() if newest else None,
                )
                for c in cols:
                    if c.newest and not c.spec.stale and c.spec.category in NEWS_LIKE:
                        self.fault(
                            "column_stale",
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
                    url=service_url,
                    source=self.abs("/"),
                    expected=self.sc.service_url,
                )
            elif f.kind == "unavailable":
                self.fault("unavailable", url=self.abs("/"), ratio=f.ratio)
            elif f.kind == "slow":
                self.fault("slow", url=self.abs("/"), delay=f.delay)
            elif f.kind == "redirect_chain":
                self.fault("redirect_chain", url=self.abs("/"), hops=f.hops)
            elif f.kind == "meta_missing":
                self.fault(
                    "meta_missing",
                    url=self.abs("/"),
                    missing=["SiteName", "SiteDomain", "SiteIDCode"],
                )
            elif f.kind == "site_code_missing":
                self.fault("site_code_missing", url=self.abs("/"), expected=self.code)
            elif f.kind == "site_code_mismatch":
                self.fault(
                    "site_code_mismatch",
                    url=self.abs("/"),
                    expected=self.code,
                    shown=self.site_code_shown(),
                )
            elif f.kind == "icp_missing":
                self.fault("icp_missing", url=self.abs("/"))
            elif f.kind == "zhaocuo_missing":
                self.fault("zhaocuo_missing", url=self.abs("/"))
            elif f.kind in OBSTACLES:
                extra = {"uses": f.uses} if f.kind in CHALLENGES else {}
                self.fault(f.kind, url=self.abs("/"), **extra)
            elif f.kind == "broken_layout":
                self.fault("broken_layout", url=self.abs("/"), manual=True)
            elif f.kind == "hidden_links":
                self.fault("hidden_links", url=self.abs("/"), links=[u for u, _ in HIDDEN_LINKS])
            elif f.kind == "reregistered_link":
                self.fault(
                    "reregistered_link",
                    url=self.abs("/"),
                    link=self.old_partner_url(),
                    lands_on=GAMBLING_SITE,
                )

    def old_partner_url(self) -> str:
        """A partner site's old address, now registered by someone else (reregistered_link fault)."""
        return f"http://www.{self.host.split('.')[0]}-partner.com/"

    def planted_security_faults(self) -> str:
        """Home-page markup of the security-watch faults: off-screen gambling links (暗链) and a partner
        link whose domain now redirects to a gambling site."""
        out = ""
        if "hidden_links" in self.kinds:
            for url, _ in HIDDEN_LINKS:
                self.ext(url)
            links = " ".join(
                f'<a href="{escape(u)}" target="_blank">{escape(t)}</a>' for u, t in HIDDEN_LINKS
            )
            out += f'\n<div style="position:absolute;top:-9999px;left:-9999px">{links}</div>'
        if "reregistered_link" in self.kinds:
            old = self.old_partner_url()
            self.moved_external[old.split("/")[2]] = GAMBLING_SITE
            self.ext(GAMBLING_SITE)
            out += f'\n<p class="partners">合作单位：<a href="{escape(old)}" target="_blank">{escape(self.sc.jurisdiction)}旅游网</a></p>'
        return out

    def plan_article_faults(self, cols: list[Col]) -> dict[str, list[str]]:
        """Pick target articles for content/link faults; returns path -> HTML snippets to insert."""
        arts = [(c, it) for c in cols for it in c.items if c.spec.category is not ColumnCategory.INTERACTION]
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

    def fault_snippet(self, f: FaultSpec, fi: int, k: int, c: Col, it: markup.Item, src: str) -> str | None:
        base = {"source": src, "title": it.title, "column": c.spec.name}
        if f.kind == "dead_link":
            path = f"/{c.slug}/201901/t20190101_{90000 + fi * 10 + k}.html"
            self.fault("dead_link", url=self.abs(path), anchor="相关阅读", **base)
            return f'<p>相关阅读：<a href="{path}">相关阅读</a></p>'
        if f.kind == "dead_external":
            url = f.url or f"http://www.henan.gov.cn/zwgk/system/2018/{fi:02d}{k:02d}/old.html"
            self.ext(url, dead=True)
            self.fault("dead_external", url=url, anchor="原文链接", **base)
            return f'<p>原文链接：<a href="{escape(url)}" target="_blank">原文链接</a></p>'
        if f.kind == "broken_image":
            path = f"/uploadfiles/{it.day.strftime('%Y%m')}/missing_{fi}_{k}.jpg"
            self.fault("broken_image", url=self.abs(path), **base)
            return f'<p style="text-align:center"><img src="{path}" alt="{escape(it.title)}"></p>'
        defaults = {
            "serious_error": "中华人民共合国",
            "outdated_name": "安全生产监督管理局",
            "sensitive_word": "澳门新葡京",
            "id_number": id_number(self.sc.area_code, dt.date(1985, 3, 12), 100 + fi + k),
            "mobile": f"139{sub_rng(self.sc.seed, 'mobile', self.code, fi, k).randrange(10**8):08d}",
        }
        if f.kind in defaults:
            default = defaults[f.kind]
            text = f.text or default
            self.fault(f.kind, url=src, text=text, date=it.day.isoformat(), **base)
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
