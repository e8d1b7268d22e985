"""Page chrome of a simulated site: navigation, footer (identity marks), the page frame."""

from __future__ import annotations

from html import escape

import govinspect.sim.pages as markup
from govinspect.sim.site_state import MAILBOX, Col, SiteState
from govinspect.sim.types import Resp


class ChromeMixin(SiteState):
    """Navigation, footer and page frame."""

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
            markup.head(title, self.metas(metas), self.spec.encoding)
            + f'<body>\n<div class="top"><img src="/images/logo.png" alt="">{escape(self.spec.name)}</div>\n'
            + nav
            + f'\n<div class="main">\n{body}\n</div>\n'
            + foot
            + "\n</body>\n</html>\n"
        )
        return self.encode(html)
