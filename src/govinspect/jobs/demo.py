"""`govinspect demo`: a whole inspection of a simulated county, from 底账 to notice.

Serves the scenario on loopback, writes its 底账 as XLSX and imports it like a user
would, runs a round through the jobs layer, and writes the report files. The demo works
only in a directory of its own: an empty one, or one a previous demo marked as its own.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from govinspect.config import OFFICE_FILE, Settings
from govinspect.errors import UserError
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.reporting import write_round_reports
from govinspect.jobs.review import override_gate
from govinspect.jobs.simulation import prepare_round, set_up_round, sim_crawl
from govinspect.reports import NoticeBlanks

MARKER = ".govinspect-demo"
DEFAULT_DIR = Path("data") / "demo"
# What a demo writes at the top of its directory; anything else means the directory holds other data.
DEMO_ENTRIES = frozenset(
    {MARKER, OFFICE_FILE, "govinspect.db", "govinspect.db-journal", "govinspect.db-wal", "govinspect.db-shm"}
    | {"台账.xlsx", "人工检查记录.xlsx", "rounds"}
)


@dataclass(frozen=True)
class DemoResult:
    """Where the demo put its data, the round it ran and the report files it wrote."""

    data_dir: Path
    round_name: str
    files: list[Path]


def is_demo_dir(data: Path) -> bool:
    """Whether `data` is a directory `govinspect demo` made (its sites exist only in the simulator)."""
    return (data / MARKER).is_file()


def claim_demo_dir(data: Path) -> None:
    """Make `data` an empty directory marked as the demo's, or refuse before changing anything.

    A directory is the demo's only when it carries the marker and holds nothing but what a
    demo writes; an empty or missing one is taken. Anything else is an office's data.
    """
    if data.exists() and not data.is_dir():
        raise UserError(f"演示目录“{data}”是一个文件，演示不会改动它；请换一个目录")
    entries = {p.name for p in data.iterdir()} if data.exists() else set()
    if entries and (MARKER not in entries or not entries <= DEMO_ENTRIES):
        others = "、".join(sorted(entries - DEMO_ENTRIES)[:3]) or "（没有演示标记文件）"
        raise UserError(
            f"目录“{data}”中已有其他数据（{others}），不是演示目录，演示没有改动它；"
            f"请不带 --data-dir 运行（默认 {DEFAULT_DIR}），或指定一个空目录"
        )
    if entries:
        shutil.rmtree(data)  # a previous demo: start clean
    data.mkdir(parents=True, exist_ok=True)
    (data / MARKER).write_text("govinspect demo data; safe to delete\n", encoding="utf-8")


def default_scenario() -> Path:
    """scenarios/demo-county.yaml of the source tree (or of the current directory)."""
    for base in (Path(__file__).resolve().parents[3], Path.cwd()):
        p = base / "scenarios" / "demo-county.yaml"
        if p.exists():
            return p
    raise UserError("找不到演示场景 scenarios/demo-county.yaml，请用 --scenario 指定场景文件")


async def run_demo(data: Path, scenario: Path | None = None, console: Console | None = None) -> DemoResult:
    """Run the demo in `data` (its own SQLite database, never a configured one)."""
    from govinspect.sim.scenario import load_scenario
    from govinspect.sim.server import start
    from govinspect.sim.world import build_world

    console = console or Console()
    sc = load_scenario(scenario or default_scenario())  # a bad scenario is refused before the directory
    claim_demo_dir(data)
    settings = Settings(data_dir=data, database_url=None)
    world = build_world(sc)
    console.print(
        f"仿真辖区：{sc.jurisdiction}，网站 {len(world.sites)} 个，政务新媒体 {len(world.accounts)} 个。"
    )
    server = await start(world)
    try:
        quarter = f"{sc.checkpoint:%Y}Q{(sc.checkpoint.month - 1) // 3 + 1}"
        store, rnd = set_up_round(settings, world, quarter, console)
        await prepare_round(store, world, rnd, server.host_map, data, console)
        await run_round(
            settings,
            store,
            rnd.name,
            host_map=server.host_map,
            crawl_overrides=sim_crawl(server.ca_file),
            console=console,
        )
    finally:
        await server.stop()
    # the demo's problems are set by its scenario: its 审核员 lets the notice go out, on the record;
    # the findings stay 待审核 in the platform's 审核队列 for the demo's users to review
    override_gate(store, rnd.name, "演示审核员", "仿真辖区：问题由场景文件给定，演示中放行")
    try:
        files = write_round_reports(settings, store, rnd.name)
    except NoticeBlanks as e:  # a scenario without 发文机关/文号/主送机关: the honest output is a draft
        console.print(f"{e}。演示按草稿生成通报。", markup=False)
        files = write_round_reports(settings, store, rnd.name, draft=True)
    return DemoResult(data, rnd.name, files)
