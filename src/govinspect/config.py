"""Where govinspect keeps its data and which database it uses.

Defaults: a SQLite file under the data directory. `GOVINSPECT_DATA_DIR` and
`GOVINSPECT_DATABASE_URL` (e.g. postgresql+psycopg://…) override them.
"""

from __future__ import annotations

from pathlib import Path

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
