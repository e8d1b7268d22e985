"""Where govinspect keeps its data, which database it uses, and the office's own settings.

Defaults: a SQLite file under the data directory. `GOVINSPECT_DATA_DIR` and
`GOVINSPECT_DATABASE_URL` (e.g. postgresql+psycopg://…) override them; `GOVINSPECT_BROKER_URL`
(redis://…) is the task queue of the workers. The inspecting
office's settings (发文机关, 文号, 主送 …) are `office.yaml` in the data directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVINSPECT_")

    data_dir: Path = Path("data")
    database_url: str | None = None
    broker_url: str | None = None  # Redis of the Celery workers (`govinspect worker`, `round run --workers`)
    task_visibility_s: int = 300  # a target a worker took and never finished is sent again after this

    def db_url(self) -> str:
        """The SQLAlchemy URL: the explicit one, else SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'govinspect.db').resolve()}"

    def round_dir(self, round_name: str) -> Path:
        """Per-round working directory: snapshots, archives, reports."""
        return self.data_dir / "rounds" / round_name


OFFICE_FILE = "office.yaml"


class _Office(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WarningThresholds(_Office):
    """预警 thresholds of continuous monitoring (the veto lines themselves are the profile's)."""

    down_after_probes: int = 3  # 首页连续 N 次访问失败 → 预警
    fail_ratio_warn: float = 0.03  # 7 天失败率达到此值（低于否决线）→ 预警
    window_lead_days: int = 4  # 栏目/首页距更新期限不足 N 天 → 预警
    account_quiet_days: int = 10  # 政务新媒体 N 天未发布 → 预警
    cert_days: int = 30  # TLS 证书 N 天内到期 → 预警


class SmtpSettings(_Office):
    """The office's mail server; the password is read from the environment variable named here."""

    host: str = ""
    port: int = 25
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str = ""
    password_env: str = ""
    sender: str = ""


class Webhook(_Office):
    """A group robot: 企业微信 (wecom), 钉钉 (dingtalk), 飞书 (feishu) or generic JSON (json)."""

    name: str
    kind: Literal["wecom", "dingtalk", "feishu", "json"]
    url: str
    secret_env: str = ""  # environment variable holding the signing secret (钉钉、飞书)
    units: list[str] = []  # units whose alerts go to this robot; empty = every unit
    rules: list[str] = []  # 预警规则; empty = every rule


class Recipient(_Office):
    """One person an alert goes to: a unit's 负责人 or one of its (at most three) 联系人."""

    unit: str
    name: str
    role: Literal["负责人", "联系人"] = "负责人"
    email: str = ""
    phone: str = ""
    channels: list[Literal["inapp", "email", "sms"]] = ["inapp", "email"]
    rules: list[str] = []  # empty = every rule


class AlertSettings(_Office):
    """When and how often alerts go out."""

    workdays_only: bool = True  # 只在工作日发送（法定节假日与调休按 chinesecalendar）
    hours: tuple[int, int] = (8, 18)  # 发送时段 [开始, 结束) 点
    urgent_outside_window: bool = True  # 紧急规则（网站无法访问）不受发送时段限制
    flap_minutes: int = 30  # 恢复后 N 分钟内再次出现视为同一次（抖动抑制）
    daily_cap_per_unit: int = 20
    retries: int = 3
    backoff_s: int = 60
    digest_email: str = ""  # 本办公室接收每日汇总的邮箱


class MonitorConfig(_Office):
    """Continuous monitoring: 预警 thresholds, alert controls, channels and recipients (office.yaml `monitor`)."""

    profile: str = "national-2019"  # 监测使用的检查指标画像（否决线、更新期限）
    warnings: WarningThresholds = WarningThresholds()
    alerts: AlertSettings = AlertSettings()
    smtp: SmtpSettings = SmtpSettings()
    webhooks: list[Webhook] = []
    recipients: list[Recipient] = []
    round_snapshot_days: int = 8  # 依据监测数据生成轮次时，只采用监测时间点前 N 天内的全面检查

    @model_validator(mode="after")
    def _one_head_three_contacts(self) -> MonitorConfig:
        """Each unit has at most one 负责人 and three 联系人."""
        for unit in {r.unit for r in self.recipients}:
            roles = [r.role for r in self.recipients if r.unit == unit]
            if roles.count("负责人") > 1 or roles.count("联系人") > 3:
                raise ValueError(f"单位“{unit}”的预警接收人最多 1 名负责人和 3 名联系人")
        return self


class OfficeConfig(BaseModel):
    """Settings of the inspecting office (office.yaml)."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = ""
    service_hosts: list[str] = []  # hosts of the province's 政务服务 platform (wrong-link check)
    template: str = "default"
    period: str = ""  # e.g. 2023年上半年; "" → derived from the round name
    title: str = ""
    issuer: dict[str, Any] = {}  # fields of reports.data.Issuer
    rectify_workdays: int | None = (
        None  # the office's own 整改 deadline; None → the profile's report.rectify_workdays
    )
    next_steps: str = ""
    self_inspections_per_day: int = 1  # 自查 of one target a unit may start per day (0: 自查 off)
    # crawl settings (crawl.CrawlSettings names) for every site and account the office inspects; a site's
    # own registry `crawl:` wins. Checked when a round opens (jobs.context.office_crawl).
    crawl: dict[str, Any] = {}
    # sections read off the round's own data; the ledger sections (整改报告, 依申请公开) follow the
    # ledgers imported with `govinspect ledger import`
    sections: list[str] = ["good_units", "history", "mailbox", "interpretations", "disclosure"]
    monitor: MonitorConfig = MonitorConfig()


def load_office_config(settings: Settings) -> OfficeConfig:
    """office.yaml of the data directory (defaults when there is none); unreadable files are refused."""
    from govinspect.errors import UserError

    path = settings.data_dir / OFFICE_FILE
    if not path.exists():
        return OfficeConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeError:
        raise UserError(f"办公室设置“{path}”不是 UTF-8 编码，请另存为 UTF-8 后重试") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise UserError(f"办公室设置“{path}”{at}不是有效的 YAML（含冒号等符号的文字请加英文引号）") from None
    if not isinstance(data, dict):
        raise UserError(f"办公室设置“{path}”应为“设置名: 值”的形式，见 govinspect init 生成的模板")
    return OfficeConfig.model_validate(data)


def save_office_config(settings: Settings, cfg: OfficeConfig) -> Path:
    path = settings.data_dir / OFFICE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = cfg.model_dump(mode="json", exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
