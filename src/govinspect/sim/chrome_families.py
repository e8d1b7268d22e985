"""Page chrome around a known list: what real government sites put beside a column's list, by CMS family.

`chrome_page(seed, ...)` returns a column page whose list is planted (titles, links, dates) and surrounded
by the chrome that misleads list readers on real pages — side menus and navigation boxes with the list's
own row markup, header marquees with MM-DD dates, several blocks of one column beside blocks of other
columns, lists held only in script data next to column metadata with epoch times, short lists, comments,
template placeholders and footers written by script — together with the ground truth a reader must find.
Seeded and deterministic: the same arguments give the same page.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from html import escape

FAMILIES = ("trs", "jcms", "ucap", "powereasy", "dede", "jsp", "aspnet", "vue")
LEVELS = ("ministry", "province", "city", "county", "town", "village")
# Chrome that can surround a list; `blocks` splits the planted list over several blocks of one column
# beside blocks of other columns; `script` holds the list only in script data (next to column metadata).
CHROME = (
    "side_menu",
    "nav_box",
    "marquee",
    "blocks",
    "comments",
    "placeholders",
    "js_footer",
    "script",
    "short",
)

_PROVINCES = [
    ("粤", "44", "广东"),
    ("豫", "41", "河南"),
    ("浙", "33", "浙江"),
    ("川", "51", "四川"),
    ("鲁", "37", "山东"),
]
_UNITS = {
    "ministry": ["生态环境部", "水利部", "农业农村部"],
    "province": ["{p}省人民政府", "{p}省教育厅"],
    "city": ["{p}某市人民政府", "某市发展和改革委员会"],
    "county": ["某县人民政府", "某县卫生健康委员会"],
    "town": ["某镇人民政府", "某乡人民政府"],
    "village": ["某村村民委员会", "某社区居民委员会"],
}
_COLUMNS = [
    ("通知公告", "tzgg"),
    ("工作动态", "gzdt"),
    ("政策文件", "zcwj"),
    ("政策解读", "zcjd"),
    ("人事信息", "rsxx"),
    ("财政预决算", "czyjs"),
    ("村务公开", "cwgk"),
    ("财务公开", "cwgkb"),
]
_SUBJECTS = ["关于", "我县", "我市", "全省", "市政府", "县政府", "本镇", "我局"]
_TOPICS = [
    "开展安全生产大检查",
    "做好春季农业生产",
    "2023年度部门预算公开",
    "公开招聘事业单位工作人员",
    "优化营商环境工作推进会",
    "乡村振兴重点项目建设",
    "城乡居民医疗保险参保缴费",
    "防汛抗旱应急演练",
    "政府信息公开工作年度报告",
    "农村人居环境整治",
    "行政执法公示",
    "双随机抽查结果",
    "惠民惠农财政补贴资金发放",
    "重大行政决策事项目录",
    "耕地保护专项督查",
    "居民消费价格运行情况",
]
_TAILS = ["的通知", "的公告", "情况通报", "工作会议召开", "实施方案", "的公示", "有关事项说明"]
_SHORT_TITLES = [
    "会议通知",
    "人事任免",
    "招聘公告",
    "预算公开",
    "资金公示",
    "工作简报",
    "征求意见",
    "结果公示",
]
_MENU = ["机构职能", "领导信息", "政策文件", "规划计划", "财政信息", "人事信息", "统计数据", "办事指南"]


_SCROLL_SCRIPTS = (
    "<script>var speed=40;demo2.innerHTML=demo1.innerHTML;function Marquee(){if(demo2.offsetWidth-demo.scrollLeft<=0)"
    "demo.scrollLeft-=demo1.offsetWidth;else{demo.scrollLeft++;}}var MyMar=setInterval(Marquee,speed);</script>",
    '<script type="text/javascript">var d = document.getElementById("demo"), d1 = document.getElementById("demo1");'
    "setInterval(function(){ d.scrollTop >= d1.offsetHeight ? d.scrollTop = 0 : d.scrollTop++; }, 50);</script>",
    '<script>$(function(){ $("#demo").kxbdMarquee({direction:"up", isEqual:false}); });</script>',
)
_MAIN_WRAPPERS = ("main-right", "right_side", "content", "rightbox", "list-main")
_HEADER_WRAPPERS = ("header", "top", "w1200 clearfix", "site-hd", "banner")
_CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class PlantedItem:
    title: str
    href: str  # absolute URL
    date: str  # ISO day


@dataclass(slots=True)
class ChromePage:
    """A generated column page and the reading it must give."""

    url: str
    html: str
    family: str
    level: str
    chrome: tuple[str, ...]
    items: list[PlantedItem]
    footer: dict[str, str] = field(
        default_factory=dict
    )  # site_id_code / icp / gongan as a reader prints them

    @property
    def newest_date(self) -> str:
        return max(i.date for i in self.items)


@dataclass(slots=True)
class _Site:
    host: str
    prov: str
    area: str
    unit: str
    column: str
    col_dir: str  # path of the column, e.g. /zwgk/tzgg/
    col_id: int
    site_code: str
    icp: str
    gongan: str


def _site(rng: random.Random, level: str, family: str) -> _Site:
    prov, area, pname = rng.choice(_PROVINCES)
    unit = rng.choice(_UNITS[level]).format(p=pname)
    column, slug = rng.choice(_COLUMNS)
    host = f"www.{rng.choice(['hbx', 'qyx', 'zhs', 'lzs', 'sjx'])}{rng.randint(1, 99)}.gov.cn"
    col_id = rng.randint(1000, 99999)
    if family == "jcms":
        col_dir = f"/col/col{col_id}/"
    elif level == "village":
        col_dir = f"/xzpd/{rng.choice(['dmc', 'xhc', 'lsc'])}/{slug}/"
    else:
        col_dir = f"/{rng.choice(['zwgk', 'xxgk', 'zwdt'])}/{slug}/"
    n = rng.randint(100000, 999999)
    icp_sub = rng.randint(1, 9)
    return _Site(
        host=host,
        prov=prov,
        area=area,
        unit=unit,
        column=column,
        col_dir=col_dir,
        col_id=col_id,
        site_code=f"{area}{rng.randint(10, 99)}{rng.randint(0, 999999):06d}",
        icp=f"{prov}ICP备{rng.randint(10000000, 99999999)}号-{icp_sub}",
        gongan=f"{prov}公网安备{area}{rng.randint(1000, 9999)}{n:06d}号",
    )


def _href(
    s: _Site, family: str, day: dt.date, n: int, col_dir: str | None = None, col_id: int | None = None
) -> str:
    """An article link in the family's URL style; col_dir/col_id name another column of the site."""
    d = col_dir or s.col_dir
    cid = col_id or s.col_id
    base = f"http://{s.host}"
    if family == "trs":
        return f"{base}{d}{day:%Y%m}/t{day:%Y%m%d}_{n}.html"
    if family == "jcms":
        return f"{base}/art/{day.year}/{day.month}/{day.day}/art_{cid}_{n}.html"
    if family == "ucap":
        return f"{base}{d}content/post_{n}.html"
    if family == "powereasy":
        return f"{base}/Article/ShowArticle.asp?ArticleID={n}"
    if family == "dede":
        return f"{base}/a{d}{day:%Y%m%d}/{n}.html"
    if family == "jsp":
        return f"{base}{d}{n}.jhtml"
    if family == "aspnet":
        return f"{base}/Content.aspx?id={n}"
    return f"{base}{d}detail.html?id={n}"


def _title(rng: random.Random, used: set[str], short: bool) -> str:
    while True:
        if short:
            t = rng.choice(_SHORT_TITLES) + rng.choice(["", "（一）", "（二）", "一览"])
        else:
            t = rng.choice(_SUBJECTS) + rng.choice(_TOPICS) + rng.choice(_TAILS)
        if t not in used:
            used.add(t)
            return t


def _items(rng: random.Random, s: _Site, family: str, n: int, short: bool) -> list[PlantedItem]:
    newest = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    days = sorted(
        {newest - dt.timedelta(days=rng.randint(1, 400)) for _ in range(n - 1)} | {newest}, reverse=True
    )
    used: set[str] = set()
    return [
        PlantedItem(
            _title(rng, used, short), _href(s, family, day, rng.randint(10000, 999999)), day.isoformat()
        )
        for day in days
    ]


def _shown(day: str, style: str) -> str:
    d = dt.date.fromisoformat(day)
    if style == "md":
        return f"[{d:%m-%d}]"
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "cn":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    return day


def _row(family: str, title: str, href: str, shown: str) -> str:
    """One list row in the family's markup (a side menu written with the same function looks the same)."""
    t, h = escape(title), escape(href)
    date = f"<span>{shown}</span>" if shown else ""
    if family in ("powereasy", "aspnet"):
        return f'<tr><td class="bt"><a href="{h}" title="{t}">{t}</a></td><td class="rq">{shown}</td></tr>'
    if family == "dede":
        info = f'<span class="info">日期：{shown}</span>' if shown else ""
        return f'<li><a class="title" href="{h}" target="_blank">{t}</a>{info}</li>'
    if family == "ucap":
        return f'<li><a href="{h}" target="_blank"><ucaptitle>{t}</ucaptitle></a>{date}</li>'
    return f'<li><a href="{h}" target="_blank" title="{t}">{t}</a>{date}</li>'


def _box(family: str, rows: list[str], cls: str = "list") -> str:
    if family in ("powereasy", "aspnet"):
        return f'<table class="{cls}" width="100%"><tbody>{"".join(rows)}</tbody></table>'
    return f'<ul class="{cls}">{"".join(rows)}</ul>'


def _date_style(rng: random.Random, family: str) -> str:
    if family in ("trs", "jcms", "dede") and rng.random() < 0.4:
        return "md"  # the year is in the link
    return rng.choice(["iso", "iso", "slash", "cn"])


def _other_blocks(rng: random.Random, s: _Site, family: str, style: str, newest: str) -> str:
    """Blocks of other columns of the site, with newer items than the planted list."""
    out = []
    top = dt.date.fromisoformat(newest)
    for name, slug in rng.sample([c for c in _COLUMNS if c[0] != s.column], 2):
        col_dir = s.col_dir.rsplit("/", 2)[0] + f"/{slug}/"
        rows = []
        for k in range(rng.randint(3, 7)):
            day = top + dt.timedelta(days=rng.randint(1, 60) - k)
            href = _href(s, family, day, rng.randint(10000, 999999), col_dir, s.col_id + 1 + k % 2)
            title = f"{name}：{rng.choice(_SUBJECTS)}{rng.choice(_TOPICS)}{rng.choice(_TAILS)}"
            shown_style = "iso" if style == "md" and family not in ("trs", "jcms", "dede") else style
            rows.append(_row(family, title, href, _shown(day.isoformat(), shown_style)))
        out.append(
            f'<div class="box"><div class="hd"><h3>{name}</h3><a href="{col_dir}">更多</a></div>'
            f'<div class="bd">{_box(family, rows)}</div></div>'
        )
    return "".join(out)


def _marquee(rng: random.Random, s: _Site, family: str, newest: str) -> str:
    """A scrolling notice box in the header: MM-DD dates, newer than the list, in the list's row markup."""
    top = dt.date.fromisoformat(newest)
    rows = []
    for k in range(rng.randint(3, 6)):
        day = top + dt.timedelta(days=rng.randint(1, 90) - k)
        href = _href(s, family, day, rng.randint(10000, 999999), "/ztzl/tpxw/", s.col_id + 7)
        rows.append(
            f'<li><a href="{escape(href)}">{rng.choice(_SUBJECTS)}{rng.choice(_TOPICS)}{rng.choice(_TAILS)}</a>'
            f"<span>{_shown(day.isoformat(), 'md' if family in ('trs', 'jcms', 'dede') else 'iso')}</span></li>"
        )
    inner = f'<ul class="list">{"".join(rows)}</ul>'
    kind = rng.choice(["tag", "scroll", "notice", "demo"])
    if kind == "demo":  # the common scroll script idiom: demo1 is copied into demo2 and scrolled
        box = f'<div class="tzgg"><div id="demo"><div id="demo1">{inner}</div><div id="demo2"></div></div></div>'
        return box + rng.choice(_SCROLL_SCRIPTS)

    if kind == "tag":
        return (
            f'<div class="header-notice"><marquee direction="left" scrollamount="3">{inner}</marquee></div>'
        )
    if kind == "scroll":
        return f'<div id="scrollNews" class="scroll-news"><div class="box"><div class="bd">{inner}</div></div></div>'
    return f'<div class="top-notice"><span>最新公告：</span><div class="bd">{inner}</div></div>'


def _side_menu(rng: random.Random, s: _Site, family: str, dated_one: bool) -> str:
    """A side menu of sibling columns written with the list's own row markup (one row may carry a date)."""
    names = rng.sample(_MENU, rng.randint(4, 7))
    rows = [
        _row(family, n, f"http://{s.host}{s.col_dir.rsplit('/', 2)[0]}/m{k}/", "")
        for k, n in enumerate(names)
    ]
    if dated_one:
        rows.append(_row(family, "2023年政府信息公开年报", f"http://{s.host}/xxgk/ndbg/", "2024-01-20"))
    cls = rng.choice(["left", "side", "leftnav", "col-l"])
    return f'<div class="{cls}"><div class="box"><div class="hd"><h3>{s.column.rsplit("公", 1)[0]}</h3></div><div class="bd">{_box(family, rows)}</div></div></div>'


def _nav_box(rng: random.Random, s: _Site, family: str) -> str:
    names = rng.sample(_MENU, 4)
    rows = [_row(family, f"{n}专栏", f"http://{s.host}/zt/z{k}/", "") for k, n in enumerate(names)]
    return f'<div class="box"><div class="hd"><h3>专题专栏</h3></div><div class="bd">{_box(family, rows)}</div></div>'


# Record keys and date forms of script data by family: (title, link, date key, date form).
_SCRIPT_KEYS = {
    "trs": ("DOCTITLE", "DOCPUBURL", "DOCRELTIME", "text"),
    "ucap": ("title", "url", "publishedTimeStr", "text"),
    "aspnet": ("Title", "Url", "PubDate", "aspnet"),
    "vue": ("title", "linkUrl", "publishTime", "ms"),
}


def _script_data(items: list[PlantedItem], rng: random.Random, family: str) -> str:
    """The list as script data: a JavaScript object literal (unquoted keys, single quotes) or JSON, with the
    family's record keys and date form (epoch seconds or milliseconds, ASP.NET /Date(…)/, text)."""
    title_key, url_key, date_key, form = _SCRIPT_KEYS.get(family, ("title", "url", "releaseTime", ""))
    form = form or rng.choice(["ms", "s"])
    as_json = rng.random() < 0.4
    recs = []
    for it in items:
        d = dt.datetime.fromisoformat(it.date).replace(hour=rng.randint(8, 18), tzinfo=_CHINA)
        stamp: object = {
            "ms": int(d.timestamp() * 1000),
            "s": int(d.timestamp()),
            "aspnet": f"/Date({int(d.timestamp() * 1000)})/",
            "text": f"{d:%Y-%m-%d %H:%M:%S}",
        }[form]
        rec = {"id": rng.randint(1, 99999), title_key: it.title, url_key: it.href, date_key: stamp}
        if as_json:
            recs.append(json.dumps(rec, ensure_ascii=False))
        else:
            recs.append(
                "{"
                + ",".join(f"{k}:{v!r}" if isinstance(v, str) else f"{k}:{v}" for k, v in rec.items())
                + "}"
            )
    if as_json:
        return '{"total":' + str(len(items)) + ',"articleList":[' + ",\n".join(recs) + "]}"
    return "{total:" + str(len(items)) + ", // 总数\narticleList:[" + ",\n".join(recs) + ",]}"


def _column_meta(rng: random.Random, s: _Site, newest: str) -> str:
    """The parent column's metadata as JSON: names, links and millisecond times newer than the list."""
    top = dt.datetime.fromisoformat(newest).replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    kids = [
        {
            "id": rng.randint(1, 999),
            "name": n,
            "url": f"http://{s.host}/xxgk/{k}/",
            "releaseTime": int((top + dt.timedelta(days=rng.randint(5, 200))).timestamp() * 1000),
        }
        for k, n in enumerate(rng.sample(_MENU, 5))
    ]
    meta = {
        "id": s.col_id,
        "name": s.column,
        "releaseTime": int(top.timestamp() * 1000) + 9 * 86400000,
        "children": kids,
    }
    return json.dumps(meta, ensure_ascii=False)


def _footer(rng: random.Random, s: _Site, by_script: bool) -> str:
    sponsor = f"<p>主办单位：{escape(s.unit)}　联系电话：0{rng.randint(10, 999)}-{rng.randint(1000000, 9999999)}</p>"
    if not by_script:
        return (
            f'<div class="footer">{sponsor}<p>网站标识码：{s.site_code}　'
            f'<a href="https://beian.miit.gov.cn/">{s.icp}</a>　'
            f'<a href="http://www.beian.gov.cn/">{s.gongan[:5]} {s.gongan[5:]}</a></p></div>'
        )
    code_a, code_b = s.site_code[:4], s.site_code[4:]
    g = s.gongan
    cut = rng.randint(6, len(g) - 2)
    icp_cut = rng.randint(2, len(s.icp) - 2)
    if rng.random() < 0.5:
        script = (
            "<script>document.write('<p>网站标识码：" + code_a + "'+'" + code_b + "'+'　"
            f"<a href=\"https://beian.miit.gov.cn/\">{s.icp[:icp_cut]}'+'{s.icp[icp_cut:]}</a>　"
            f"<a href=\"http://www.beian.gov.cn/\">{g[:cut]}'+'{g[cut:]}</a></p>');</script>"
        )
    else:
        script = (
            '<script type="text/javascript">var ft = "";\n'
            f'ft += "<span>网站标识码：{code_a}" + "{code_b}</span>";\n'
            f"ft += '<a href=\"https://beian.miit.gov.cn/\">{s.icp[:icp_cut]}'+'{s.icp[icp_cut:]}</a>';\n"
            f"ft += '<a href=\"http://www.beian.gov.cn/\">{g[:cut]}'+'{g[cut:]}</a>';\n"
            "document.getElementById('ft').innerHTML = ft;</script>"
        )
    return f'<div class="footer">{sponsor}<div id="ft"></div>{script}</div>'


def _crumb(rng: random.Random, s: _Site) -> str:
    """The 当前位置 path in one of the usual forms, or none at all (some templates print none)."""
    label, cls, sep = rng.choice(
        [
            ("当前位置：", "crumb", " &gt; "),
            ("您现在的位置：", "position", " » "),
            ("", "location", " &gt; "),
            ("所在位置：", "dqwz", " / "),
            (None, "", ""),
        ]
    )
    if label is None:
        return ""
    return (
        f'<div class="{cls}">{label}<a href="/">首页</a>{sep}<a href="/zwgk/">政务公开</a>{sep}'
        f'<a href="{s.col_dir}">{s.column}</a></div>'
    )


def _page_url(s: _Site, family: str) -> str:
    name = {"powereasy": "List.asp?ClassID=", "aspnet": "List.aspx?cid=", "jsp": "list.jsp?columnId="}.get(
        family
    )
    if name:
        return f"http://{s.host}/{name}{s.col_id}"
    return f"http://{s.host}{s.col_dir}index.html"


def _script_list(
    rng: random.Random, s: _Site, chrome: tuple[str, ...], family: str, items: list[PlantedItem], newest: str
) -> tuple[list[str], list[str]]:
    """An empty list box (or a template) with the list only in script data beside column metadata."""
    if "placeholders" in chrome or family == "vue":
        box = (
            '<ul class="list" id="app"><li v-for="item in articleList"><a :href="item.url">{{item.title}}</a>'
            "<span>{{item.releaseTime | date}}</span></li></ul>"
        )
    else:
        box = '<ul class="list" id="listBox"></ul>'
    scripts = [
        '<script type="text/template" id="tpl"><li><a href="${url}">${title}</a><span>${date}</span></li></script>',
        f"<script>var columnInfo = {_column_meta(rng, s, newest)};</script>",
    ]
    if family != "vue" and rng.random() < 0.3:
        # The rows filled in server-side, held in a template a script copies into the empty box.
        rows = "".join(_row(family, i.title, i.href, i.date) for i in items)
        kind = rng.choice(["text/html", "text/template", "text/x-template"])
        scripts.append(f'<script type="{kind}" id="listRows">{rows}</script>')
        scripts.append(
            "<script>document.getElementById('listBox').innerHTML=document.getElementById('listRows').innerHTML;</script>"
        )
    else:
        scripts.append(
            f"<script>\nvar listData = {_script_data(items, rng, family)};\nrender(listData.articleList);\n</script>"
        )
    return [box], scripts


def _dom_list(
    rng: random.Random, s: _Site, chrome: tuple[str, ...], family: str, items: list[PlantedItem], newest: str
) -> list[str]:
    """The list in the page's markup: one box, several blocks beside other columns, or JCMS records."""
    style = _date_style(rng, family)
    rows = [_row(family, i.title, i.href, _shown(i.date, style)) for i in items]
    main: list[str] = []
    if "placeholders" in chrome:
        tpl = _row(family, "{{title}}", "{{url}}", "{{pubDate}}")
        main.append(f'<script type="text/template" id="rowTpl">{tpl}</script>')
        main.append(
            f'<div style="display:none">{_box(family, [_row(family, "${item.title}", "${item.url}", "")])}</div>'
        )
    if "blocks" in chrome and len(rows) >= 4:
        cut = rng.randint(1, 3)  # the newest items sit in the smaller first block
        for k, b in enumerate([rows[:cut], rows[cut:]]):
            main.append(
                f'<div class="box"><div class="hd"><h3>{s.column}{"（置顶）" if k == 0 else ""}</h3></div>'
                f'<div class="bd">{_box(family, b)}</div></div>'
            )
        main.append(_other_blocks(rng, s, family, style, newest))
    elif family == "jcms" and rng.random() < 0.6:
        recs = "".join(f"<record><![CDATA[{r}]]></record>" for r in rows)
        main.append(
            f'<div id="{s.col_id}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup>'
            f"<recordset>{recs}</recordset></datastore></script></div>"
        )
    else:
        main.append(f'<div class="bd">{_box(family, rows)}</div>')
    if "comments" in chrome:
        old = dt.date.fromisoformat(newest) + dt.timedelta(days=30)
        main.insert(
            0,
            f'<!-- <li><a href="/old/t{old:%Y%m%d}_1.html">旧模板示例标题文字</a><span>{old}</span></li> -->',
        )
        main.append("<!-- 列表结束 list end -->")
    return main


def chrome_page(
    seed: int,
    family: str | None = None,
    level: str | None = None,
    chrome: tuple[str, ...] | None = None,
) -> ChromePage:
    """A column page of a family and level with the given chrome around a planted list (drawn from seed when None)."""
    rng = random.Random(seed)
    family = family or rng.choice(FAMILIES)
    level = level or rng.choice(LEVELS)
    if chrome is None:
        chrome = tuple(c for c in CHROME if rng.random() < 0.4)
    if family == "vue" and "script" not in chrome:
        chrome = (*chrome, "script")
    s = _site(rng, level, family)
    short = "short" in chrome
    items = _items(rng, s, family, 5 if short else rng.randint(6, 20), short)
    newest = max(i.date for i in items)
    head_parts = []
    if "marquee" in chrome:
        head_parts.append(_marquee(rng, s, family, newest))
    side = []
    if "side_menu" in chrome:
        side.append(_side_menu(rng, s, family, dated_one=rng.random() < 0.5))
    if "nav_box" in chrome:
        side.append(_nav_box(rng, s, family))
    crumb = _crumb(rng, s)

    scripts: list[str] = []
    if "script" in chrome:
        main, scripts = _script_list(rng, s, chrome, family, items, newest)
    else:
        main = _dom_list(rng, s, chrome, family, items, newest)
    if "comments" in chrome:
        side.insert(0, "<!-- 左侧栏目导航 -->")
    body = (
        f'<div class="{rng.choice(_HEADER_WRAPPERS)}"><div class="logo"><img src="/images/logo.png" alt="{escape(s.unit)}"></div>{"".join(head_parts)}</div>'
        f'<div class="nav"><ul class="menu"><li><a href="/">首页</a></li>'
        + "".join(f'<li><a href="/m{k}/">{n}</a></li>' for k, n in enumerate(_MENU[:5]))
        + "</ul></div>"
        + f'<div class="container">{"".join(side)}<div class="{rng.choice(_MAIN_WRAPPERS)}">{crumb}{"".join(main)}'
        + '<div class="page">共1页 <a href="#">首页</a> <a href="#">尾页</a></div></div></div>'
        + _footer(rng, s, "js_footer" in chrome)
    )
    metas = f'<meta name="ColumnName" content="{s.column}">' if family in ("trs", "ucap") else ""
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{s.column}_{escape(s.unit)}</title>{metas}'
        f"{''.join(scripts)}</head><body>{body}</body></html>"
    )
    return ChromePage(
        url=_page_url(s, family),
        html=html,
        family=family,
        level=level,
        chrome=tuple(chrome),
        items=items,
        footer={"site_id_code": s.site_code, "icp": s.icp, "gongan": s.gongan},
    )
