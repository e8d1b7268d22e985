"""命令行入口：台账导入、检查轮次、仿真站点、抽取、画像、通报。

Wires stages together for the user; the work itself lives in the stage packages
and in `govinspect.jobs`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govinspect import model as m
from govinspect.config import Settings
from govinspect.store import Store

console = Console()
err = Console(stderr=True)


def _localize_help() -> None:
    """Typer's own help strings in Chinese (panel titles, the --help option, usage errors)."""
    import typer.rich_utils as ru

    ru.ARGUMENTS_PANEL_TITLE = "参数"
    ru.OPTIONS_PANEL_TITLE = "选项"
    ru.COMMANDS_PANEL_TITLE = "命令"
    ru.ERRORS_PANEL_TITLE = "错误"
    ru.ABORTED_TEXT = "已中止。"
    ru.DEFAULT_STRING = "[默认：{}]"
    ru.REQUIRED_LONG_STRING = "[必填]"
    ru.ENVVAR_STRING = "[环境变量：{}]"
    ru.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    try:
        from typer._click.core import Command
        from typer._click.formatting import HelpFormatter
    except ImportError:  # older typer: keep click's English text for --help
        return
    write_usage = HelpFormatter.write_usage

    def write_usage_zh(self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    HelpFormatter.write_usage = write_usage_zh  # type: ignore[method-assign]
    original = Command.get_help_option

    def get_help_option(self: Command, ctx: typer.Context) -> object:
        opt = original(self, ctx)
        if opt is not None:
            opt.help = "显示本帮助并退出。"
        return opt

    Command.get_help_option = get_help_option  # type: ignore[method-assign,assignment]


_localize_help()

app = typer.Typer(
    help="govinspect：政府网站与政务新媒体检查工具。按检查指标抓取、判定、跟踪整改并生成通报。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
registry_app = typer.Typer(help="网站底账与政务新媒体底账：导入、导出、查看。", no_args_is_help=True)
round_app = typer.Typer(help="检查轮次：新建、查看、运行、重新判定。", no_args_is_help=True)
sim_app = typer.Typer(help="仿真：在本机回环地址上模拟一个辖区的政府网站与政务新媒体。", no_args_is_help=True)
profile_app = typer.Typer(help="检查指标画像（全国指标及地方细则）。", no_args_is_help=True)
findings_app = typer.Typer(help="人工发现的问题：录入与导入。", no_args_is_help=True)
feeds_app = typer.Typer(help="政务新媒体发布记录：导入与人工登记。", no_args_is_help=True)
ledger_app = typer.Typer(
    help="工作台账：整改报告报送、依申请公开、县长信箱，供通报使用。", no_args_is_help=True
)
app.add_typer(registry_app, name="registry")
app.add_typer(round_app, name="round")
app.add_typer(sim_app, name="sim")
app.add_typer(profile_app, name="profile")
app.add_typer(findings_app, name="findings")
app.add_typer(feeds_app, name="feeds")
app.add_typer(ledger_app, name="ledger")

_state: dict[str, Settings] = {}


@app.callback()
def _main(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="数据目录（默认 ./data，或环境变量 GOVINSPECT_DATA_DIR）"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="数据库地址（默认数据目录下的 SQLite；或 GOVINSPECT_DATABASE_URL）"),
    ] = None,
) -> None:
    settings = Settings()
    if data_dir is not None:
        settings.data_dir = data_dir
    if db is not None:
        settings.database_url = db
    _state["settings"] = settings


def _settings() -> Settings:
    return _state.get("settings") or Settings()


def _store() -> Store:
    store = Store(_settings().db_url())
    store.migrate()
    return store


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]错误：[/]{message}")
    return typer.Exit(code=1)


def _get_round(store: Store, name: str) -> m.Round:
    from govinspect.store import StoreError

    try:
        return store.get_round(name)
    except StoreError as e:
        raise _fail(str(e)) from None


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


# -- init ---------------------------------------------------------------------


@app.command("init")
def init_cmd() -> None:
    """初始化数据目录和数据库（可重复执行，不会丢失已有数据）。"""
    s = _settings()
    s.data_dir.mkdir(parents=True, exist_ok=True)
    _store()
    console.print(f"已初始化：数据目录 [bold]{s.data_dir.resolve()}[/]，数据库 {s.db_url()}")


# -- registry -----------------------------------------------------------------


@registry_app.command("import")
def registry_import(
    files: Annotated[list[Path], typer.Argument(help="台账文件（.xlsx / .csv / .yaml），可一次导入多个")],
) -> None:
    """导入台账。任何一行有误则整批不导入，并指出文件、行和列。重复导入只更新，不会重复。"""
    from govinspect.registry import RegistryImportError, read_registry

    store = _store()
    try:
        reg = read_registry(files, known_units=store.unit_names())
    except RegistryImportError as e:
        err.print(f"[bold red]{e}[/]")
        raise typer.Exit(code=1) from None
    counts = store.save_registry(reg)
    console.print(
        f"导入完成：单位 {counts['units']} 个，网站 {counts['sites']} 个，政务新媒体 {counts['accounts']} 个。"
    )


@registry_app.command("export")
def registry_export(out: Annotated[Path, typer.Argument(help="导出的 .xlsx 文件路径")]) -> None:
    """把当前台账导出为与导入相同版式的 XLSX。"""
    from govinspect.registry import write_registry_xlsx

    write_registry_xlsx(_store().load_registry(), out)
    console.print(f"已导出：{out}")


@registry_app.command("list")
def registry_list() -> None:
    """列出台账中的网站和政务新媒体。"""
    reg = _store().load_registry()
    t = Table(title=f"网站（{len(reg.sites)} 个）")
    for h in ("网站标识码", "网站名称", "主办单位", "类型", "状态", "首页网址"):
        t.add_column(h)
    for s in reg.sites:
        t.add_row(s.code, s.name, s.unit, s.kind.value, s.status.value, s.home_url)
    console.print(t)
    t = Table(title=f"政务新媒体（{len(reg.accounts)} 个）")
    for h in ("平台", "账号名称", "账号ID", "主办单位", "认证主体"):
        t.add_column(h)
    for a in reg.accounts:
        t.add_row(a.platform.value, a.name, a.account_id, a.unit, a.certified_entity or "")
    console.print(t)


# -- rounds ---------------------------------------------------------------------


@round_app.command("create")
def round_create(
    name: Annotated[str, typer.Argument(help="轮次名称，如 2023Q2")],
    checkpoint: Annotated[
        str, typer.Option("--checkpoint", "-c", help="监测时间点（日期，YYYY-MM-DD，北京时间）")
    ],
    profile: Annotated[str, typer.Option("--profile", "-p", help="检查指标画像")] = "national-2019",
    unit: Annotated[
        list[str] | None, typer.Option("--unit", "-u", help="只检查这些单位（可多次指定）")
    ] = None,
    period_start: Annotated[str | None, typer.Option("--period-start", help="本轮统计期起始日期")] = None,
) -> None:
    """新建检查轮次。"""
    from govinspect.store import StoreError

    rnd = m.Round(
        name=name,
        checkpoint=m.checkpoint_at(_parse_day(checkpoint)),
        profile=profile,
        scope_units=tuple(unit or ()),
        period_start=_parse_day(period_start) if period_start else None,
    )
    try:
        _store().create_round(rnd)
    except StoreError as e:
        raise _fail(str(e)) from None
    console.print(
        f"已新建检查轮次 [bold]{name}[/]，监测时间点 {rnd.checkpoint:%Y-%m-%d %H:%M}，指标 {profile}。"
    )


@round_app.command("list")
def round_list() -> None:
    """列出所有检查轮次。"""
    t = Table(title="检查轮次")
    for h in ("名称", "监测时间点", "指标", "状态"):
        t.add_column(h)
    for r in _store().list_rounds():
        t.add_row(r.name, f"{r.checkpoint:%Y-%m-%d}", r.profile, r.status.value)
    console.print(t)


@round_app.command("show")
def round_show(name: Annotated[str, typer.Argument(help="轮次名称")]) -> None:
    """查看一个轮次的进度与结果。"""
    from govinspect.scoring.engine import totals_line

    store = _store()
    rnd = _get_round(store, name)
    status = store.target_status(name)
    done = sum(1 for v in status.values() if v == "done")
    failed = sum(1 for v in status.values() if v == "failed")
    console.print(
        f"轮次 [bold]{rnd.name}[/]：监测时间点 {rnd.checkpoint:%Y-%m-%d}，指标 {rnd.profile}，状态 {rnd.status.value}；"
        f"对象 {len(status)} 个，已完成 {done} 个，出错 {failed} 个。"
    )
    results = store.results(name)
    if not results:
        return
    for kind in m.TargetKind:
        rows = [r for r in results if r.target_kind == kind]
        if not rows:
            continue
        t = Table(title=f"{kind.value}：{totals_line(rows)}")
        for h in ("单位", "名称", "得分", "结果", "存在问题"):
            t.add_column(h)
        for r in rows:
            score = "—" if r.score is None else f"{r.score:g}"
            t.add_row(r.unit, r.name, score, r.verdict.value, r.summary)
        console.print(t)


@round_app.command("run")
def round_run(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    concurrency: Annotated[int, typer.Option("--concurrency", "-j", help="同时检查的对象数")] = 8,
    host_map: Annotated[
        Path | None,
        typer.Option("--host-map", help="主机映射文件（JSON：域名 → 127.x.y.z:端口），用于仿真站点"),
    ] = None,
) -> None:
    """运行检查轮次：抓取、抽取、检查、评分。中断后再次运行会从中断处继续。"""
    from govinspect.jobs.pipeline import run_round

    hm = json.loads(host_map.read_text(encoding="utf-8")) if host_map else None
    asyncio.run(run_round(_settings(), _store(), name, concurrency=concurrency, host_map=hm, console=console))


@round_app.command("rejudge")
def round_rejudge(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="改用的检查指标画像")] = None,
) -> None:
    """用已存档的抓取结果重新判定（不再访问任何网站）。"""
    from govinspect.jobs.pipeline import rejudge_round

    rejudge_round(_settings(), _store(), name, profile=profile, console=console)


# -- demo -------------------------------------------------------------------------


@app.command("demo")
def demo_cmd(
    scenario: Annotated[Path | None, typer.Option("--scenario", help="仿真场景文件")] = None,
) -> None:
    """演示：启动仿真县域站点，导入台账，完整运行一轮检查并生成通报，最后列出报告文件。"""
    from govinspect.jobs.demo import run_demo

    files = asyncio.run(run_demo(_settings(), scenario, console=console))
    _print_files("[bold green]演示完成。[/]报告文件：", files)


# -- reports ----------------------------------------------------------------------


@app.command("report")
def report_cmd(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出目录（默认：数据目录/rounds/轮次/reports）")
    ] = None,
) -> None:
    """生成通报（.docx/.html/.md）、附件表（.xlsx）、图表和各单位整改通知单。"""
    from govinspect.jobs.reporting import write_round_reports
    from govinspect.store import StoreError

    try:
        files = write_round_reports(_settings(), _store(), name, out)
    except StoreError as e:
        raise _fail(str(e)) from None
    _print_files("已生成报告文件：", files)


def _print_files(title: str, files: list[Path]) -> None:
    console.print(title)
    for f in files:
        console.print(f"  {f}")


# -- extraction -------------------------------------------------------------------


@app.command("extract")
def extract_cmd(
    file: Annotated[Path, typer.Argument(help="保存下来的网页文件")],
    url: Annotated[
        str, typer.Option("--url", help="该网页的原始网址（用于解析相对链接和日期）")
    ] = "http://localhost/",
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """读取单个网页：页面类型、元数据、页脚标识、栏目、列表日期、文章日期、留言。"""
    from govinspect.extract.command import run_extract

    try:
        text = run_extract(file, url, as_json)
    except ValueError as e:
        raise _fail(str(e)) from None
    console.print(text, markup=False, highlight=False, soft_wrap=True)


# -- profiles ---------------------------------------------------------------------


@profile_app.command("show")
def profile_show_cmd(
    name: Annotated[str, typer.Argument(help="画像名称，如 national-2019、nanyang-2023")],
) -> None:
    """显示一个检查指标画像的生效规则（含继承的全国指标）。"""
    from govinspect.scoring import ProfileError, profile_show

    try:
        console.print(profile_show(name), markup=False, highlight=False)
    except (ProfileError, FileNotFoundError) as e:
        raise _fail(str(e)) from None


@profile_app.command("list")
def profile_list_cmd() -> None:
    """列出内置的检查指标画像。"""
    from govinspect.scoring import available_profiles

    for p in available_profiles():
        console.print(p)


# -- manual findings and posts ----------------------------------------------------


@findings_app.command("import")
def findings_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[Path, typer.Argument(help="人工发现问题表（.xlsx / .csv）")],
) -> None:
    """导入人工发现的问题（如首页排版混乱、飘窗过大），按指标计分并标注“人工”。"""
    from govinspect.checks.manual import ManualImportError, load_manual_findings

    store = _store()
    _get_round(store, round_name)
    try:
        found = load_manual_findings(file)
    except ManualImportError as e:
        raise _fail(str(e)) from None
    store.add_findings(round_name, found)
    console.print(f"已导入人工问题 {len(found)} 条。运行 round rejudge {round_name} 使其计入评分。")


@ledger_app.command("import")
def ledger_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[
        Path, typer.Argument(help="台账文件（.xlsx），工作表：整改报告报送 / 依申请公开 / 县长信箱")
    ],
    notice_title: Annotated[
        str | None, typer.Option("--notice-title", help="整改通知名称（不含书名号），覆盖表头区")
    ] = None,
    notice_date: Annotated[
        str | None, typer.Option("--notice-date", help="整改通知下发日期 YYYY-MM-DD")
    ] = None,
    due: Annotated[str | None, typer.Option("--due", help="整改报告报送截止日期 YYYY-MM-DD")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="统计截至日期 YYYY-MM-DD（默认监测时间点）")
    ] = None,
    explain_by: Annotated[
        str | None, typer.Option("--explain-by", help="未报送单位情况说明截止日期 YYYY-MM-DD")
    ] = None,
) -> None:
    """导入本轮工作台账（全部正确才写入）；再次导入同类工作表会替换原有内容。"""
    from govinspect.jobs.ledgers import LedgerImportError, import_ledger

    notice = {
        "title": notice_title,
        "date": _parse_day(notice_date) if notice_date else None,
        "due": _parse_day(due) if due else None,
        "as_of": _parse_day(as_of) if as_of else None,
        "explain_by": _parse_day(explain_by) if explain_by else None,
    }
    store = _store()
    _get_round(store, round_name)
    try:
        counts = import_ledger(store, round_name, file, notice)
    except LedgerImportError as e:
        raise _fail(str(e)) from None
    labels = {"rectification": "整改报告报送", "applications": "依申请公开", "mailbox": "县长信箱"}
    parts = [f"{labels.get(k, k)} {n} 行" for k, n in counts.items()]
    console.print(f"已导入台账：{'，'.join(parts)}。运行 report {round_name} 生成通报。")


@findings_app.command("add")
def findings_add(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    target: Annotated[str, typer.Argument(help="网站标识码，或政务新媒体账号（平台:账号ID）")],
    code: Annotated[
        str, typer.Argument(help="指标代码，如 manual.layout（首页排版混乱）、manual.popup（飘窗过大）")
    ],
    message: Annotated[str, typer.Argument(help="问题描述，如“首页排版混乱错位”")],
    url: Annotated[str, typer.Option("--url", help="问题页面网址")] = "",
    points: Annotated[float | None, typer.Option("--points", help="扣分（不填则按指标画像）")] = None,
    veto: Annotated[bool, typer.Option("--veto", help="判为单项否决")] = False,
    inspector: Annotated[str, typer.Option("--inspector", help="检查人")] = "",
) -> None:
    """录入一条人工发现的问题，按指标计分并标注“人工”。"""
    from govinspect.checks.manual import manual_finding

    store = _store()
    rnd = _get_round(store, round_name)
    reg = store.load_registry()
    if target in {s.code for s in reg.sites}:
        kind = m.TargetKind.SITE
    elif target in {a.key for a in reg.accounts}:
        kind = m.TargetKind.ACCOUNT
    else:
        raise _fail(f"台账中没有“{target}”（网站写网站标识码，政务新媒体写“平台:账号ID”）")
    try:
        finding = manual_finding(
            target, code, message, kind=kind, url=url, at=dt.datetime.now(m.TZ), points=points,
            veto=veto or None, inspector=inspector or None,
        )  # fmt: skip
    except ValueError as e:
        raise _fail(str(e)) from None
    store.add_findings(rnd.name, [finding])
    console.print(
        f"已录入人工问题：{kind.value} {target} {message}。运行 round rejudge {rnd.name} 使其计入评分。"
    )


@feeds_app.command("import")
def feeds_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[
        Path, typer.Argument(help="发布记录表（.xlsx / .csv：账号名称, 标题, 发布时间, 链接, 正文）")
    ],
) -> None:
    """导入各单位报送或平台导出的发布记录；任一行有误则整批不导入。"""
    from govinspect.feeds.importer import PostImportError, import_posts

    store = _store()
    _get_round(store, round_name)
    try:
        posts = import_posts(file, store.load_registry().accounts)
    except PostImportError as e:
        raise _fail(str(e)) from None
    n = store.save_posts(
        {
            "account": p.account,
            "title": p.title,
            "published": p.published,
            "url": p.url,
            "text": p.text,
            "source": "import",
        }
        for items in posts.values()
        for p in items
    )
    console.print(f"已导入发布记录 {n} 条（{len(posts)} 个账号）。")


@feeds_app.command("manual")
def feeds_manual(
    account: Annotated[str, typer.Argument(help="账号，写作“平台:账号ID”，如 微博:dzsfxz")],
    last_update: Annotated[str, typer.Argument(help="最近更新日期（YYYY-MM-DD）")],
    note: Annotated[str, typer.Option("--note", help="说明，如“平台无法订阅，人工查看”")] = "",
    title: Annotated[str, typer.Option("--title", help="最近一条的标题（如有）")] = "",
) -> None:
    """人工登记某账号的最近更新日期（用于无法订阅的平台），检查时优先于订阅源。"""
    store = _store()
    keys = {a.key for a in store.load_registry().accounts}
    if account not in keys:
        raise _fail(f"台账中没有账号“{account}”（应写作“平台:账号ID”）")
    day = _parse_day(last_update)
    published = dt.datetime.combine(day, dt.time(0, 0), tzinfo=m.TZ)
    store.save_posts(
        [{"account": account, "title": title or f"人工记录：{note or '最近更新'}", "published": published,
          "url": None, "text": note, "source": "manual"}]
    )  # fmt: skip
    console.print(f"已登记：{account} 最近更新于 {day}。")


# -- availability probes ----------------------------------------------------------


@app.command("probe")
def probe_cmd(
    interval: Annotated[float, typer.Option("--interval", help="两次访问的间隔（秒）")] = 3600.0,
    count: Annotated[
        int, typer.Option("--count", help="每个网站访问次数（全国指标：每天不少于 20 次，连续 1 周）")
    ] = 24,
    timeout: Annotated[float, typer.Option("--timeout", help="超过此秒数未打开即记为失败")] = 15.0,
    host_map: Annotated[Path | None, typer.Option("--host-map", help="主机映射文件（JSON）")] = None,
) -> None:
    """定时访问各网站首页并记录结果，供“站点无法访问”判定使用。"""
    from govinspect.crawl.probe import run_probes
    from govinspect.crawl.records import ProbeResult

    store = _store()
    sites = [s for s in store.load_registry().sites if s.status == m.SiteStatus.RUNNING]
    hm = json.loads(host_map.read_text(encoding="utf-8")) if host_map else None

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        bar = progress.add_task("可用性监测", total=len(sites) * count)

        def record(site: m.Site, r: ProbeResult) -> None:
            store.add_probes(site.code, [(dt.datetime.fromisoformat(r.at), r)])
            progress.advance(bar)

        written = asyncio.run(
            run_probes(sites, _settings().data_dir / "probes", interval, count, hm, timeout, on_result=record)
        )
    console.print(f"已完成可用性监测：{len(written)} 个网站，共 {sum(written.values())} 次访问。")


# -- simulator --------------------------------------------------------------------


@sim_app.command("serve")
def sim_serve(
    scenario: Annotated[Path, typer.Argument(help="场景文件（YAML）")],
    port: Annotated[int, typer.Option("--port", help="监听端口（127.0.0.1）")] = 8080,
) -> None:
    """在 127.0.0.1 上按真实域名提供场景中的全部站点与订阅源，并打印域名映射。"""
    from govinspect.sim.commands import serve

    serve(scenario, port=port)


@sim_app.command("export")
def sim_export(
    scenario: Annotated[Path, typer.Argument(help="场景文件（YAML）")],
    out: Annotated[Path, typer.Argument(help="输出目录")],
) -> None:
    """把场景中的静态站点写到目录（附 nginx 配置、标准答案），供基准测试使用。"""
    from govinspect.sim.commands import export

    counts = export(scenario, out)
    console.print(f"已导出 {len(counts)} 个站点，共 {sum(counts.values())} 个文件：{out}")


@sim_app.command("registry")
def sim_registry(
    scenario: Annotated[Path, typer.Argument(help="场景文件（YAML）")],
    out: Annotated[Path, typer.Argument(help="输出的台账 .xlsx")],
) -> None:
    """生成场景对应的台账（单位、网站底账、栏目、政务新媒体底账）。"""
    from govinspect.registry import write_registry_xlsx
    from govinspect.sim.commands import world_of

    write_registry_xlsx(world_of(scenario).registry(), out)
    console.print(f"已写出台账：{out}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。再次运行同一命令会从中断处继续。")
        sys.exit(130)


if __name__ == "__main__":
    main()
