"""Where govinspect keeps its data, which database it uses, and the office's own settings.

Defaults: a SQLite file under the data directory. `GOVINSPECT_DATA_DIR` and
`GOVINSPECT_DATABASE_URL` (e.g. postgresql+psycopg://…) override them. The inspecting
office's settings (发文机关, 文号, 主送 …) are `office.yaml` in the data directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVINSPECT_")

    data_dir: Path = Path("data")
    database_url: str | None = None

    def db_url(self) -> str:
        """The SQLAlchemy URL: the explicit one, else SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'govinspect.db').resolve()}"

    def round_dir(self, round_name: str) -> Path:
        """Per-round working directory: snapshots, archives, reports."""
        return self.data_dir / "rounds" / round_name


OFFICE_FILE = "office.yaml"


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
    # sections read off the round's own data; the ledger sections (整改报告, 依申请公开) follow the
    # ledgers imported with `govinspect ledger import`
    sections: list[str] = ["good_units", "history", "mailbox", "interpretations", "disclosure"]


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
