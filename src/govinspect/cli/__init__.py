"""命令行入口：台账导入、检查轮次、仿真站点、抽取、画像、通报。

Wires stages together for the user; the work itself lives in the stage packages and in
`govinspect.jobs`. One module per command group; importing this package registers them all.
"""

from __future__ import annotations

# Command groups register on `app` when imported, in the order `--help` lists them.
# isort: off
from govinspect.cli import init  # noqa: F401
from govinspect.cli import registry  # noqa: F401
from govinspect.cli import rounds  # noqa: F401
from govinspect.cli import reports  # noqa: F401
from govinspect.cli import demo  # noqa: F401
from govinspect.cli import findings  # noqa: F401
from govinspect.cli import feeds  # noqa: F401
from govinspect.cli import ledger  # noqa: F401
from govinspect.cli import probe  # noqa: F401
from govinspect.cli import monitor  # noqa: F401
from govinspect.cli import extract  # noqa: F401
from govinspect.cli import content  # noqa: F401
from govinspect.cli import profiles  # noqa: F401
from govinspect.cli import sim  # noqa: F401
from govinspect.cli import serve  # noqa: F401
from govinspect.cli import users  # noqa: F401
from govinspect.cli import review  # noqa: F401
from govinspect.cli import tasks  # noqa: F401
from govinspect.cli import worker  # noqa: F401
from govinspect.cli import appeals  # noqa: F401
from govinspect.cli import selfcheck  # noqa: F401

# isort: on
from govinspect.cli.app import app, main

__all__ = ["app", "main"]
