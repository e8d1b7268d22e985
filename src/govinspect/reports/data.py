"""Input of the report stage: one round's results as the notice needs them (`RoundReport`).

The lead builds a `RoundReport` from the store; every writer in `govinspect.reports` reads only this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from govinspect.errors import UserError
from govinspect.model import (
    Deduction,
    Finding,
    Platform,
    SiteKind,
    TargetResult,
    UnitKind,
    Verdict,
)


class AccountResult(StrEnum):
    """抽查结果 of a new-media account as the notices print it."""

    PASS = "合格"
    VETO = "单否"
    DEDUCT = "扣分"
    UNVERIFIED = "待核实"  # its posts could not be read (media.source_error): not judged, not in 合格率


LEVELS = "省市县区州旗盟"  # the level words a jurisdiction's name ends with: 邓州市, 桐柏县, 卫滨区 …


def level_of(jurisdiction: str) -> str:
    """市, 县, 区, 省 …: the level the jurisdiction's name ends with, "" when it names none (then the
    notice cannot say 全县/全市 and `RoundReport.blanks` asks for the jurisdiction)."""
    last = jurisdiction.strip()[-1:]
    return last if last and last in LEVELS else ""


def direct_units(jurisdiction: str) -> str:
    """县直单位 / 市直单位: the jurisdiction's own departments as a group; 直属单位 when its level is unknown."""
    level = level_of(jurisdiction)
    return f"{level}直单位" if level else "直属单位"


class NoticeBlanks(UserError, ValueError):
    """The notice lacks an office setting (发文机关, 文号, 主送机关, 辖区) and was not asked for as a draft."""


def account_outcome(result: TargetResult) -> AccountResult:
    """How the notice prints an account's judgement: fail → 单否, points → 扣分, nothing read → 待核实."""
    if result.verdict == Verdict.FAIL:
        return AccountResult.VETO
    if result.verdict == Verdict.UNVERIFIED:
        return AccountResult.UNVERIFIED
    if result.deductions:
        return AccountResult.DEDUCT
    return AccountResult.PASS


@dataclass
class Issuer:
    """Who issues the notice and the head/版记 lines of the document."""

    name: str  # 发文机关全称, e.g. 邓州市人民政府办公室 (signature and 印发机关 by default)
    date: dt.date  # 成文日期
    mark: str = ""  # 发文机关标志 (red), e.g. 邓州政务督查 / 新乡市人民政府办公室文件; "" → name
    mark_upper: str = ""  # smaller line above the mark (桐柏: 桐柏县督查落实委员会办公室)
    doc_number: str = ""  # 发文字号, e.g. 新政办〔2023〕5号
    issue_no: str = ""  # 期号, e.g. 第 24 期 (简报 layout: issuer left, date right under it)
    recipients: str = ""  # 主送机关, without the trailing colon
    signature: str = ""  # 署名; "" → name
    report_to: str = ""  # 报送：…
    send_to: str = ""  # 发至：…
    cc: str = ""  # 抄送：…
    printed_by: str = ""  # 印发机关; "" → name
    printed_date: dt.date | None = None  # 印发日期; None → date
    reply_to: str = ""  # where units report back, e.g. 市政府办公室（原市长楼四楼407）
    reply_email: str = ""  # e-mail for rectification reports


@dataclass
class SiteRow:
    """One website's result line (附件 website table)."""

    unit: str
    site_name: str
    verdict: Verdict
    unit_kind: UnitKind = UnitKind.DEPARTMENT
    site_kind: SiteKind = SiteKind.DEPARTMENT
    score: float | None = None  # None when vetoed or when the profile gives no scores
    vetoes: tuple[str, ...] = ()  # indicator codes that vetoed
    deductions: tuple[Deduction, ...] = ()
    summary: str = ""  # the 存在问题 line
    findings: tuple[Finding, ...] = ()
    index: int = 0  # 序号; 0 → numbered in table order
    unit_short: str = ""  # name used in running text (湍河办); "" → derived from unit
    county: str = ""  # county/district the unit belongs to (per-county tables)
    site_code: str = ""
    home_url: str = ""

    @property
    def passed(self) -> bool:
        return self.verdict == Verdict.PASS

    @property
    def has_problems(self) -> bool:
        summary = self.summary.strip() not in ("", "无")  # "无" is how tables say "no problem"
        return not self.passed or bool(self.deductions or summary or self.findings)

    @classmethod
    def from_result(
        cls,
        result: TargetResult,
        *,
        unit_kind: UnitKind = UnitKind.DEPARTMENT,
        site_kind: SiteKind = SiteKind.DEPARTMENT,
        **extra: object,
    ) -> SiteRow:
        """Build a row from the scoring stage's `TargetResult` of a site."""
        return cls(
            unit=result.unit,
            site_name=result.name,
            verdict=result.verdict,
            unit_kind=unit_kind,
            site_kind=site_kind,
            score=result.score,
            vetoes=result.vetoes,
            deductions=result.deductions,
            summary=result.summary,
            findings=result.findings,
            site_code=result.target,
            **extra,  # type: ignore[arg-type]
        )


@dataclass
class AccountRow:
    """One new-media account's result line."""

    unit: str
    platform: Platform | str
    name: str
    result: AccountResult = AccountResult.PASS
    last_post: dt.date | None = None  # 最近更新日期
    posts_in_round: int | None = None
    problem: str = ""  # 存在问题, e.g. 长期不更新（14天）
    findings: tuple[Finding, ...] = ()
    county: str = ""  # grouping for the per-county table ("" → 直属)
    unit_short: str = ""
    score: float | None = None

    @property
    def passed(self) -> bool:
        return self.result in (AccountResult.PASS, AccountResult.DEDUCT)

    @property
    def judged(self) -> bool:
        """False for 待核实: the account's posts could not be read, so it counts neither way."""
        return self.result != AccountResult.UNVERIFIED

    @property
    def platform_label(self) -> str:
        return self.platform.value if isinstance(self.platform, Platform) else str(self.platform)

    @property
    def platform_account(self) -> str:
        """The platform as running text names the account: 微博号, 今日头条号, but 微信公众号, 百家号."""
        label = self.platform_label
        return label if label.endswith("号") else label + "号"

    @classmethod
    def from_result(
        cls,
        result: TargetResult,
        *,
        platform: Platform | str,
        last_post: dt.date | None = None,
        posts_in_round: int | None = None,
        **extra: object,
    ) -> AccountRow:
        """Build a row from the scoring stage's `TargetResult` of an account (see `account_outcome`)."""
        return cls(
            unit=result.unit,
            platform=platform,
            name=result.name,
            result=account_outcome(result),
            last_post=last_post,
            posts_in_round=posts_in_round,
            problem=result.summary,
            findings=result.findings,
            score=result.score,
            **extra,  # type: ignore[arg-type]
        )


@dataclass
class AccountGroupRow:
    """Per-county new-media line (新乡 附件3): count, passed, failed, rate."""

    unit: str
    count: int
    passed: int
    note: str = ""
    unverified: int = 0  # 待核实 accounts: counted in `count`, neither passed nor failed

    @property
    def failed(self) -> int:
        return self.count - self.passed - self.unverified

    @property
    def judged(self) -> int:
        return self.count - self.unverified


@dataclass
class RectificationStatus:
    """整改报告报送情况: the earlier rectification notice and who did not report."""

    notice_title: str  # 《关于进一步做好全市政府网站问题整改及自查管理工作的通知》 without 《》
    notice_date: dt.date
    due: dt.date  # 报送整改报告 deadline
    as_of: dt.date  # 截至
    missing_units: tuple[str, ...] = ()
    explain_by: dt.date | None = None  # 情况说明 deadline


@dataclass
class MailboxRow:
    """县长信箱 replies of one unit in the round."""

    unit: str
    received: int
    replied: int
    overdue: int = 0  # replies later than the rule allows

    @property
    def unreplied(self) -> int:
        return self.received - self.replied


@dataclass
class ApplicationStats:
    """依申请公开办理情况 of the year so far."""

    received: int
    answered_on_time: int
    late_units: tuple[str, ...] = ()
    reviews: int = 0  # 引起行政复议 (or litigation) cases
    period: str = "今年"


@dataclass
class InterpretationRow:
    """政策解读: one policy document and its interpretations."""

    document: str  # 文件名称 without 《》
    unit: str  # 解读单位
    text: int = 0  # 文字解读 count
    picture: int = 0  # 图片解读 (图解/视频/访谈) count


@dataclass
class DisclosureRow:
    """信息公开专栏: one unit's count of published items in the round."""

    unit: str
    count: int
    note: str = ""


@dataclass
class ErrorReportStats:
    """我为政府网站找错 messages in the round."""

    received: int
    answered: int
    overdue: int = 0


@dataclass
class HistoryPoint:
    """An earlier round's results (trend chart): (合格, 检查) per target kind, None when none was checked."""

    round_name: str
    sites: tuple[int, int] | None = None
    accounts: tuple[int, int] | None = None


@dataclass
class RoundReport:
    """Everything one notice (通报) and its attachments need; built by the lead from the store."""

    jurisdiction: str  # 邓州市
    issuer: Issuer
    round_name: str  # round key, e.g. 2023H1
    period: str  # 2023年上半年 / 2023年第一季度
    checkpoint: dt.datetime  # 监测时间点 (aware, Asia/Shanghai)
    check_start: dt.date
    check_end: dt.date | None = None  # None → same day as check_start
    profile: str = "national-2019"
    title: str = ""  # "" → the template's title
    scope: str = ""  # 全市 / 全县; "" → derived from jurisdiction
    sites: list[SiteRow] = field(default_factory=list)
    sites_running: int | None = None  # None → len(sites)
    accounts: list[AccountRow] = field(default_factory=list)
    accounts_running: int | None = None  # None → len(accounts) or the groups' total
    accounts_check_date: dt.date | None = None
    account_groups: list[AccountGroupRow] = field(default_factory=list)
    good_units: list[str] = field(default_factory=list)  # 运行情况较好的单位
    rectification: RectificationStatus | None = None
    repeat_offences: list[str] = field(default_factory=list)  # 屡查屡犯: "单位 对象（检查项）"
    closing_accounts: list[str] = field(default_factory=list)  # accounts named in close_after_notices notices
    close_after_notices: int | None = None  # the profile's number of notices before 关停整合
    mailbox: list[MailboxRow] = field(default_factory=list)
    applications: ApplicationStats | None = None
    interpretations: list[InterpretationRow] = field(default_factory=list)
    disclosure: list[DisclosureRow] = field(default_factory=list)
    error_reports: ErrorReportStats | None = None
    history: list[HistoryPoint] = field(default_factory=list)
    next_steps: str = ""  # markup replacing the template's 下一步工作要求 text; "" → template's
    rectify_workdays: int = field(kw_only=True)  # 整改通知单 deadline: office.yaml's, else the profile's
    rate_decimals: int = 1  # the profile's report.pass_rate_decimals: 1 → 95.9%, 2 → 95.45%
    draft: bool = False  # written with blanks on purpose (`report --draft`): every page says 草稿
    extra: dict[str, str] = field(default_factory=dict)  # free values for custom templates
    monitoring_span: tuple[dt.date, dt.date] | None = (
        None  # built from monitoring: the checks' first and last day
    )

    @property
    def running_sites(self) -> int:
        return self.sites_running if self.sites_running is not None else len(self.sites)

    @property
    def running_accounts(self) -> int:
        if self.accounts_running is not None:
            return self.accounts_running
        if self.accounts:
            return len(self.accounts)
        return sum(g.count for g in self.account_groups)

    @property
    def level(self) -> str:
        """县, 市, 区 …: the jurisdiction's level, behind 全县, 县长信箱, 县直单位, 我县, 县政府办."""
        return level_of(self.jurisdiction)

    @property
    def scope_word(self) -> str:
        """全县 / 全市 (or the office's own `scope`); the jurisdiction's name when its level is unknown."""
        if self.scope:
            return self.scope
        return "全" + self.level if self.level else self.jurisdiction

    def blanks(self) -> list[tuple[str, str]]:
        """The office settings the notice lacks, as (what, office.yaml key): a notice is issued under
        the office's seal, so none of 发文机关, 文号 (期号 for a 简报), 主送机关 (发至 for a 简报) and
        the jurisdiction (whose level gives 全县/全市) may be blank."""
        i = self.issuer
        out = []
        if not i.name.strip():
            out.append(("发文机关", "issuer.name"))
        if not (i.doc_number.strip() or i.issue_no.strip()):
            out.append(("文号（简报为期号）", "issuer.doc_number 或 issuer.issue_no"))
        if not (i.recipients.strip() or (i.issue_no.strip() and i.send_to.strip())):
            out.append(
                ("主送机关（简报为发至）", "issuer.recipients" + (" 或 issuer.send_to" if i.issue_no else ""))
            )
        if not self.level:
            out.append(("辖区名称（须以省、市、县、区等结尾）", "jurisdiction"))
        return out

    def as_draft(self) -> RoundReport:
        """A copy marked 草稿 whose blank office settings print as visible 【待填写：…】 placeholders."""
        from dataclasses import replace

        i = self.issuer
        issuer = replace(
            i,
            name=i.name or "【待填写：发文机关】",
            doc_number=i.doc_number or ("" if i.issue_no else "【待填写：文号】"),
            recipients=i.recipients or ("" if i.issue_no and i.send_to else "【待填写：主送机关】"),
        )
        return replace(self, issuer=issuer, jurisdiction=self.jurisdiction or "【待填写：辖区】", draft=True)
