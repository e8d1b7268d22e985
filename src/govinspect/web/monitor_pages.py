"""Continuous monitoring on the platform: 计划任务 (schedules, run history, edit, 立即运行) and
预警与通知 (the header's bell, in-app notifications, the send log, open 预警 conditions), pages and API.

The web calls the same store and job functions as `govinspect schedule` / `alert`; a run started
here goes to a background thread, never into the request.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govinspect import model as m
from govinspect.config import Settings
from govinspect.errors import UserError
from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, react, run_schedule
from govinspect.monitor import JOBS, RULES, display_recipient, is_stale, next_run
from govinspect.privacy import mask_personal_data
from govinspect.store import SEND_STATES, MonitorStore, Notification, Store, StoreError, UserStore
from govinspect.web.api import Cursor, Limit, decode_cursor, page
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.authz import Forbidden, NotFound, Perm, Principal, authorize, may

log = logging.getLogger(__name__)
router = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
api = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["v1"])
Me = Annotated[Principal, Depends(principal)]
HISTORY = 10  # runs shown per schedule


def _now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


def _office(me: Principal) -> None:
    """Schedules and the send log are the office's: a user tied to a unit gets 403."""
    authorize(me, Perm.VIEW)
    if me.units is not None:
        raise Forbidden


def may_edit_schedules(me: Principal) -> bool:
    """The 系统管理员 and the 督查人员 change and start schedules."""
    return me.units is None and (may(me, Perm.ADMIN) or may(me, Perm.RUN))


def unread_count(request: Request, me: Principal) -> int:
    """The bell's number: notifications of the user's units (all, for the office) this user has not read."""
    return MonitorStore(request.app.state.store).unread_count(me.units, me.user.id)


# -- 计划任务 ------------------------------------------------------------------------------
def schedule_views(store: Store, now: dt.datetime) -> list[dict[str, Any]]:
    """Each schedule with its last run, 数据已过期 flag and recent history (defaults added first)."""
    ensure_default_schedules(store, now)
    ms = MonitorStore(store)
    out = []
    for s in ms.schedules():
        stale = s.enabled and is_stale(s.trigger, now, s.last_produced, ms.first_run(s.name), s.next_run)
        out.append(
            {
                "name": s.name,
                "job": JOBS.get(s.job, s.job),
                "trigger": s.trigger,
                "enabled": s.enabled,
                "stale": stale,
                "next_run": s.next_run,
                "last_run": s.last_run,
                "last_duration_s": s.last_duration_s,
                "last_outcome": s.last_outcome,
                "last_error": s.last_error,
                "runs": ms.runs(s.name, HISTORY),
            }
        )
    return out


def _running(request: Request) -> set[str]:
    """Names of the schedules this server is running now (started with 立即运行)."""
    state = request.app.state
    if not hasattr(state, "monitor_running"):
        state.monitor_running = set()
    running: set[str] = state.monitor_running
    return running


def _schedules(request: Request, me: Me, status: int = 200, **ctx: object) -> Response:
    ctx.setdefault("message", None)
    ctx.setdefault("error", None)
    return render(request, "schedules.html", status=status, schedules=schedule_views(request.app.state.store, _now()),
                  can_edit=may_edit_schedules(me), running=_running(request), **ctx)  # fmt: skip


@router.get("/schedules", response_class=HTMLResponse)
def schedules_page(request: Request, me: Me) -> Response:
    _office(me)
    return _schedules(request, me)


def _editor(request: Request, me: Principal, name: str) -> MonitorStore:
    """The store, once the user may edit schedules and `name` is one (404 otherwise)."""
    _office(me)
    if not may_edit_schedules(me):
        raise Forbidden
    ensure_default_schedules(request.app.state.store, _now())
    ms = MonitorStore(request.app.state.store)
    try:
        ms.schedule(name)
    except StoreError:
        raise NotFound from None
    return ms


@router.post("/schedules/{schedule_name}", response_class=HTMLResponse)
def schedule_edit(
    request: Request,
    me: Me,
    schedule_name: str,
    trigger: Annotated[str, Form(max_length=100)] = "",
    enabled: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Change a schedule's trigger and switch, validated as `govinspect schedule set`; audited."""
    ms = _editor(request, me, schedule_name)
    line = " ".join(trigger.split())
    if not line:
        return _schedules(
            request, me, status=400, error="请填写计划：“every 30m”（间隔，单位 m/h/d）或 5 段 cron"
        )
    try:
        upcoming = next_run(line, _now())
    except UserError as e:
        return _schedules(request, me, status=400, error=str(e))
    before, after = ms.set_schedule(schedule_name, trigger=line, enabled=enabled == "1", next_run=upcoming)
    if before != after:
        UserStore(request.app.state.store).audit(me.user.name, "修改计划任务", f"计划任务:{schedule_name}",
                                                 ip=client_ip(request), before=before, after=after)  # fmt: skip
    state = "启用" if after["enabled"] else "停用"
    return _schedules(request, me, message=f"已保存计划任务“{schedule_name}”：{after['trigger']}，{state}。")


def _host_map(path: Path | None) -> dict[str, str] | None:
    """The server's `--host-map` (validated by `govinspect serve` at start)."""
    if path is None:
        return None
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def run_in_background(
    settings: Settings, store: Store, host_map: Path | None, name: str, done: set[str]
) -> None:
    """Run one schedule now (recorded in its history), then react to what it found; a failure is recorded."""
    now = _now()
    try:
        mon = Monitor.open(settings, store, _host_map(host_map))
        run_schedule(mon, name, now)
        react(mon, now)
    except Exception as exc:  # the history says why, not only the server log
        log.exception("计划任务“%s”立即运行失败", name)
        ms = MonitorStore(store)
        ms.record_run(name, now, (_now() - now).total_seconds(), "失败", 0, f"{type(exc).__name__}：{exc}"[:500],
                      ms.schedule(name).next_run)  # fmt: skip
    finally:
        done.discard(name)


@router.post("/schedules/{schedule_name}/run", response_class=HTMLResponse)
def schedule_run_now(request: Request, me: Me, schedule_name: str) -> Response:
    """立即运行: start the schedule in a background thread (one at a time per schedule); audited."""
    _editor(request, me, schedule_name)
    running = _running(request)
    if schedule_name in running:
        return _schedules(
            request, me, status=409, error=f"计划任务“{schedule_name}”正在运行，请稍后刷新本页查看结果。"
        )
    running.add(schedule_name)
    UserStore(request.app.state.store).audit(me.user.name, "运行计划任务", f"计划任务:{schedule_name}",
                                             ip=client_ip(request))  # fmt: skip
    app = request.app
    threading.Thread(
        target=run_in_background,
        args=(app.state.settings, app.state.store, app.state.jobs.host_map, schedule_name, running),
        name=f"schedule-{schedule_name}",
        daemon=True,
    ).start()
    return _schedules(
        request, me, message=f"计划任务“{schedule_name}”已开始运行，完成后刷新本页查看运行历史。"
    )


# -- 预警与通知 ----------------------------------------------------------------------------
@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, me: Me, state: str = "") -> Response:
    """Notifications and open 预警 of the user's units; for the office also the send log, by state."""
    authorize(me, Perm.VIEW)
    ms = MonitorStore(request.app.state.store)
    office = me.units is None
    error, status, sends = None, 200, []
    if office:
        if state and state not in SEND_STATES:
            error, status, state = f"没有“{state}”这一发送状态（可用：{'、'.join(SEND_STATES)}）", 400, ""
        sends = ms.sends(state=state or None, limit=200)
    return render(request, "alerts.html", status=status, error=error, office=office, state=state,
                  states=SEND_STATES, notifications=ms.notification_page(me.units, me.user.id, limit=100),
                  conditions=ms.conditions(active=True, units=me.units), sends=sends, rule_names=RULES,
                  recipient=display_recipient, mask=mask_personal_data)  # fmt: skip


@router.post("/alerts/{notification_id}/read")
def alert_read(request: Request, me: Me, notification_id: int) -> Response:
    """Mark one notification read for this user; another unit's answers 404. Audited."""
    authorize(me, Perm.VIEW)
    ms = MonitorStore(request.app.state.store)
    row = ms.notification(notification_id)
    if row is None:
        raise NotFound
    authorize(me, Perm.VIEW, row.unit, owned=True)
    if ms.mark_read(me.units, me.user.id, _now(), notification_id):
        UserStore(request.app.state.store).audit(me.user.name, "标记通知已读", f"通知:{notification_id}",
                                                 ip=client_ip(request), before={"read": False}, after={"read": True})  # fmt: skip
    return RedirectResponse("/alerts", status_code=303)


@router.post("/alerts/read-all")
def alerts_read_all(request: Request, me: Me) -> Response:
    """Mark every notification of the user's units read for this user. Audited."""
    authorize(me, Perm.VIEW)
    n = MonitorStore(request.app.state.store).mark_read(me.units, me.user.id, _now())
    if n:
        UserStore(request.app.state.store).audit(me.user.name, "标记通知已读", "通知:全部", ip=client_ip(request),
                                                 detail=f"{n} 条")  # fmt: skip
    return RedirectResponse("/alerts", status_code=303)


# -- API -------------------------------------------------------------------------------------
def _notification_json(n: Notification) -> dict[str, Any]:
    return {"id": n.id, "unit": n.unit, "at": n.at.isoformat(), "title": mask_personal_data(n.title),
            "body": mask_personal_data(n.body), "read": n.read}  # fmt: skip


@api.get("/alerts", summary="预警通知（本人数据范围，最新在前）")
def alerts_api(request: Request, me: Me, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    authorize(me, Perm.VIEW)
    rows = MonitorStore(request.app.state.store).notification_page(
        me.units, me.user.id, before=decode_cursor(cursor), limit=limit + 1
    )
    return page(rows, limit, _notification_json)


@api.get("/schedules", summary="计划任务（办公室账号）")
def schedules_api(request: Request, me: Me) -> dict[str, Any]:
    _office(me)

    def iso(at: dt.datetime | None) -> str | None:
        return at.isoformat() if at else None

    items = []
    for s in schedule_views(request.app.state.store, _now()):
        runs = [{"started_at": iso(r.started_at), "duration_s": r.duration_s, "outcome": r.outcome,
                 "produced": r.produced, "error": r.error} for r in s["runs"]]  # fmt: skip
        items.append({**s, "next_run": iso(s["next_run"]), "last_run": iso(s["last_run"]), "runs": runs})
    return {"items": items}
