"""The 咨询投诉 mailbox of a simulated site: letters, their pages, stats and the write form."""

from __future__ import annotations

import datetime as dt
from html import escape

import govinspect.sim.pages as markup
from govinspect.sim.filler import sub_rng
from govinspect.sim.scenario import LetterSpec
from govinspect.sim.site_chrome import ChromeMixin
from govinspect.sim.site_state import MAILBOX, Letter


class MailboxMixin(ChromeMixin):
    """Letters asked and answered, the mailbox list, stats and write form."""

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
                f'{markup.breadcrumb([("首页", "/"), ("互动交流", MAILBOX + "index.html")])}\n<div class="letter">'
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
                    url=self.abs(lt.url),
                    title=lt.title,
                    asked=lt.asked.isoformat(),
                    source=self.abs(MAILBOX + "index.html"),
                )
            elif lt.replied and (lt.replied - lt.asked).days > 20:
                self.fault(
                    "late_reply",
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
            self.fault("no_stats", url=self.abs(MAILBOX + "index.html"))
        body = (
            f"{markup.breadcrumb([('首页', '/'), ('互动交流', MAILBOX + 'index.html'), ('咨询投诉', MAILBOX + 'index.html')])}\n"
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
            self.fault("no_letters", url=self.abs(MAILBOX + "index.html"))
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
                url=self.abs(MAILBOX + "write.html"),
                source=self.abs(MAILBOX + "index.html"),
                anchor="我要写信",
                category="留言",
            )
        else:
            self.pages[MAILBOX + "write.html"] = self.page(
                f"我要写信_{self.spec.name}", {"ColumnName": "咨询投诉"}, form, chrome
            )
