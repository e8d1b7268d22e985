"""HTML building blocks shared by simulated sites: head with government meta tags, nav, lists, footer."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape

from govinspect.sim.content import fmt_date


@dataclass(slots=True)
class Item:
    title: str
    url: str
    day: dt.date
    time: dt.time


def head(title: str, metas: dict[str, str], encoding: str) -> str:
    if encoding == "gbk":
        cs = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    elif encoding == "gbk-meta":
        cs = '<meta charset="gb2312">'
    else:
        cs = '<meta charset="utf-8">'
    tags = "".join(f'\n<meta name="{escape(k)}" content="{escape(v)}">' for k, v in metas.items())
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{cs}\n<title>{escape(title)}</title>{tags}\n'
        '<link rel="stylesheet" href="/css/style.css">\n</head>\n'
    )


def script_data_path(base: str, page: int) -> str:
    """Where a `script` look's list data is served: the address its script assembles (see `script_list`)."""
    return f"{base}data/list_{page}.json"


def script_list(col_id: str, page: int) -> str:
    """An empty list box filled by a script from data whose address exists only at run time (a config
    object, the page's own path and string pieces): no address is written in the markup."""
    return (
        f'<ul class="list" id="list-{col_id}"></ul>\n'
        "<script>(function(){var cfg={dir:'data',name:'list',page:" + str(page) + ",ext:['js','on']};"
        "var here=location.pathname.replace(/[^/]*$/,'');"
        "var req=new XMLHttpRequest();req.open('GET',here+cfg.dir+'/'+cfg.name+'_'+cfg.page+'.'+cfg.ext.join(''));"
        "req.onload=function(){var d=JSON.parse(req.responseText),u=document.getElementById('list-"
        + col_id
        + "');if(!d.items.length){u.outerHTML='<div class=\"no-data\">暂无信息</div>';return;}"
        "var h='';d.items.forEach(function(x){h+='<li><a href=\"'+x.url+'\" target=\"_blank\">'+x.title+"
        "'</a><span class=\"date\">'+x.date+'</span></li>';});u.innerHTML=h;};req.send();})();</script>"
    )


def list_html(
    items: list[Item],
    look: str,
    style: str,
    col_id: str,
    json_src: str | None,
    blank_style: str,
    page: int = 0,
) -> str:
    """The list block of a column page in the site's look."""
    if look == "script":
        return script_list(col_id, page)
    if not items and blank_style == "notice" and look != "json":
        return '<div class="list-box"><div class="no-data">暂无信息</div></div>'

    def d(it: Item) -> str:
        return escape(fmt_date(it.day, style, it.time))

    if look == "table":
        rows = "".join(
            f'\n<tr><td class="t"><a href="{escape(it.url)}" target="_blank" title="{escape(it.title)}">'
            f'{escape(it.title)}</a></td><td class="d">{d(it)}</td></tr>'
            for it in items
        )
        return f'<table class="list-table" width="100%">\n<tr><th>标题</th><th>发布日期</th></tr>{rows}\n</table>'
    if look == "jcms":
        recs = "".join(
            f'\n<record><![CDATA[\n<li class="clearfix"><a target="_blank" href="{escape(it.url)}" '
            f'title="{escape(it.title)}">{escape(it.title)}</a><b>{d(it)}</b></li>]]></record>'
            for it in items
        )
        return (
            f'<div id="{col_id}"><script type="text/xml">\n<datastore>\n<nextgroup><![CDATA[]]></nextgroup>\n'
            f"<recordset>{recs}\n</recordset>\n</datastore>\n</script></div>\n"
            f'<ul class="list" id="list-{col_id}"></ul>\n'
            "<script>(function(){var s=document.querySelector('#" + col_id + " script').textContent;"
            "var m=s.match(/<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>/g)||[];var h='';for(var i=0;i<m.length;i++)"
            "{h+=m[i].slice(9,-3);}document.getElementById('list-" + col_id + "').innerHTML=h;})();</script>"
        )
    if look == "json":
        return (
            f'<ul class="list" id="list-{col_id}" data-src="{escape(json_src or "")}"></ul>\n'
            "<script>(function(){var u=document.getElementById('list-" + col_id + "');"
            "fetch(u.getAttribute('data-src')).then(function(r){return r.json();}).then(function(d){"
            "if(!d.items.length){u.outerHTML='<div class=\"no-data\">暂无信息</div>';return;}"
            "var h='';d.items.forEach(function(x){h+='<li><a href=\"'+x.url+'\" target=\"_blank\">'+x.title+"
            "'</a><span class=\"date\">'+x.date+'</span></li>';});u.innerHTML=h;});})();</script>"
        )
    lis = "".join(
        f'\n<li><a href="{escape(it.url)}" target="_blank" title="{escape(it.title)}">{escape(it.title)}</a>'
        f'<span class="date">{d(it)}</span></li>'
        for it in items
    )
    return f'<ul class="list">{lis}\n</ul>'


def json_list(items: list[Item], page: int, pages: int, total: int) -> bytes:
    doc = {
        "total": total,
        "page": page,
        "pages": pages,
        "items": [
            {"title": it.title, "url": it.url, "date": f"{it.day.isoformat()} {it.time.strftime('%H:%M:%S')}"}
            for it in items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")


def pager(urls: list[str], current: int, total: int) -> str:
    if len(urls) <= 1:
        return f'<div class="page">共 {total} 条</div>'
    parts = [f'<div class="page">共 {total} 条 第 {current + 1}/{len(urls)} 页 ']
    parts.append(f'<a href="{escape(urls[0])}">首页</a> ')
    if current > 0:
        parts.append(f'<a href="{escape(urls[current - 1])}">上一页</a> ')
    if current < len(urls) - 1:
        parts.append(f'<a href="{escape(urls[current + 1])}">下一页</a> ')
    parts.append(f'<a href="{escape(urls[-1])}">尾页</a></div>')
    return "".join(parts)


def breadcrumb(steps: list[tuple[str, str]]) -> str:
    links = " &gt; ".join(f'<a href="{escape(u)}">{escape(n)}</a>' for n, u in steps)
    return f'<div class="breadcrumb">当前位置：{links}</div>'


STYLE = b"""body{font-family:"Microsoft YaHei",sans-serif;margin:0;background:#f4f4f4}
.top{background:#b5120f;color:#fff;padding:18px 40px;font-size:28px}
.menu{list-style:none;margin:0;padding:0;background:#c7000b;display:flex}
.menu>li{position:relative}.menu a{color:#fff;display:block;padding:10px 18px;text-decoration:none}
.sub-menu{display:none;position:absolute;background:#a00;list-style:none;padding:0;min-width:140px}
.menu>li:hover .sub-menu{display:block}
.main{width:1000px;margin:10px auto;background:#fff;padding:16px}
.block{width:48%;display:inline-block;vertical-align:top;margin:4px}
.block-hd{border-bottom:2px solid #c7000b;display:flex;justify-content:space-between}
.list li,.block li{list-style:none;display:flex;justify-content:space-between;padding:4px 0}
.footer{text-align:center;color:#666;padding:20px;font-size:13px}
.float{position:absolute;top:120px;left:30px;width:900px;height:700px;background:#ff0;z-index:99}
"""
