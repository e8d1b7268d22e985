"""The store: persist registry, rounds, progress, findings and results.

One class over SQLAlchemy; SQLite by default, PostgreSQL by URL. Every write that
must be all-or-nothing happens inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import create_engine, delete, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.store.tables import (
    AccountRow,
    ColumnRow,
    FindingRow,
    LedgerRow,
    PostRow,
    ProbeRow,
    PublishedNoticeRow,
    RoundLeaseRow,
    RoundRow,
    RoundTargetRow,
    SiteRow,
    TargetResultRow,
    UnitRow,
)

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(UserError):
    """A store operation the user asked for cannot be done (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Lease:
    """Who writes a round: the holder's token, command, process and host, and its lease times."""

    round_name: str
    token: str
    command: str
    pid: int
    host: str
    started_at: dt.datetime
    heartbeat_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class TargetProgress:
    """One target's state in a round's run: pending / running / done / failed, its error and times."""

    target_kind: m.TargetKind
    target: str
    status: str
    error: str | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class PublishedNotice:
    """A round's published notice: its frozen files (path, sha256, size, unit), who and when."""

    round_name: str
    published_by: str
    published_at: dt.datetime
    files: tuple[dict[str, Any], ...]


def _now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        # pre-ping: a worker's pooled connection outlives a database restart without failing a task
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    # -- lifecycle ---------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision.

        Two processes starting at once may both try the same upgrade: the loser's statements fail
        on what the winner created, so it waits and tries again, and then finds nothing to do.
        """
        from alembic import command
        from alembic.config import Config
        from sqlalchemy.exc import DatabaseError

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["engine"] = self.engine
        for attempt in range(8):
            try:
                command.upgrade(cfg, "head")
                return
            except DatabaseError as e:
                if e.connection_invalidated or "connect" in str(e.orig).lower():
                    raise  # the database cannot be reached: nothing to wait for
                time.sleep(0.25 * (attempt + 1))
        command.upgrade(cfg, "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as s:
            yield s

    def close(self) -> None:
        self.engine.dispose()

    # -- registry ----------------------------------------------------------
    def save_registry(self, reg: m.Registry, *, replace: bool = False) -> dict[str, int]:
        """Upsert units, sites (with columns) and accounts in one transaction.

        Re-importing the same registry updates rows, never duplicates them; a site without
        columns keeps its columns. With `replace` the store ends up holding exactly `reg`:
        units, sites, columns and accounts it lacks are deleted.
        Returns counts of rows written per kind.
        """
        with self.session() as s:
            # Existing rows are read once per table (not one query per row: registries reach 20 000 sites).
            units = {r.name: r for r in s.scalars(select(UnitRow))}
            sites = {r.code: r for r in s.scalars(select(SiteRow))}
            accounts = {(r.platform, r.account_id): r for r in s.scalars(select(AccountRow))}
            columns: dict[str, list[ColumnRow]] = {}
            for crow in s.scalars(select(ColumnRow).order_by(ColumnRow.id)):
                columns.setdefault(crow.site_code, []).append(crow)
            for u in reg.units:
                row = units.pop(u.name, None) or UnitRow(name=u.name)
                row.kind = u.kind.value
                row.parent = u.parent
                row.former_names = [{"name": f.name, "until": f.until.isoformat()} for f in u.former_names]
                s.add(row)
            s.flush()
            for site in reg.sites:
                srow = sites.pop(site.code, None) or SiteRow(code=site.code)
                srow.name, srow.home_url, srow.unit = site.name, site.home_url, site.unit
                _set_status(srow, site)
                srow.kind = site.kind.value
                srow.extra_hosts = list(site.extra_hosts)
                srow.path_prefix = site.path_prefix
                srow.group_name, srow.has_services, srow.crawl = (
                    site.group,
                    site.has_services,
                    dict(site.crawl),
                )
                s.add(srow)
                if site.columns or replace:  # the file's columns replace the site's, in the file's order
                    for crow in columns.pop(site.code, []):
                        s.delete(crow)
            s.flush()  # old columns are gone before new ones with the same address are added
            for site in reg.sites:
                for c in site.columns:
                    s.add(
                        ColumnRow(
                            site_code=site.code,
                            name=c.name,
                            url=c.url,
                            category=c.category.value,
                            level=c.level,
                            registered=c.registered,
                        )
                    )
            for a in reg.accounts:
                key = (a.platform.value, a.account_id)
                arow = accounts.pop(key, None) or AccountRow(platform=key[0], account_id=key[1])
                arow.name, arow.unit, arow.certified_entity = a.name, a.unit, a.certified_entity
                arow.feed_url, arow.profile_url, arow.menu_links = (
                    a.feed_url,
                    a.profile_url,
                    list(a.menu_links),
                )
                s.add(arow)
            if replace:  # what is left in the maps is not in `reg`
                for old in [*accounts.values(), *(c for cs in columns.values() for c in cs), *sites.values()]:
                    s.delete(old)
                s.flush()
                for urow in units.values():
                    s.delete(urow)
        return {"units": len(reg.units), "sites": len(reg.sites), "accounts": len(reg.accounts)}

    def load_registry(self) -> m.Registry:
        with self.session() as s:
            units = tuple(
                m.Unit(
                    name=u.name,
                    kind=m.UnitKind(u.kind),
                    parent=u.parent,
                    former_names=tuple(
                        m.FormerName(name=f["name"], until=dt.date.fromisoformat(f["until"]))
                        for f in u.former_names
                    ),
                )
                for u in s.scalars(select(UnitRow).order_by(UnitRow.id))
            )
            cols: dict[str, list[m.Column]] = {}
            for c in s.scalars(select(ColumnRow).order_by(ColumnRow.id)):
                cols.setdefault(c.site_code, []).append(
                    m.Column(
                        name=c.name,
                        url=c.url,
                        category=m.ColumnCategory(c.category),
                        level=c.level,
                        registered=c.registered,
                    )
                )
            sites = tuple(
                m.Site(
                    code=r.code,
                    name=r.name,
                    home_url=r.home_url,
                    unit=r.unit,
                    kind=m.SiteKind(r.kind),
                    status=m.SiteStatus(r.status),
                    status_since=r.status_since,
                    moved_to=r.moved_to,
                    extra_hosts=tuple(r.extra_hosts),
                    path_prefix=r.path_prefix or "/",
                    group=r.group_name,
                    has_services=r.has_services,
                    columns=tuple(cols.get(r.code, ())),
                    crawl=dict(r.crawl or {}),
                )
                for r in s.scalars(select(SiteRow).order_by(SiteRow.id))
            )
            accounts = tuple(
                m.Account(
                    platform=m.Platform(r.platform),
                    name=r.name,
                    account_id=r.account_id,
                    unit=r.unit,
                    certified_entity=r.certified_entity,
                    feed_url=r.feed_url,
                    profile_url=r.profile_url,
                    menu_links=tuple(r.menu_links),
                )
                for r in s.scalars(select(AccountRow).order_by(AccountRow.id))
            )
        return m.Registry(units=units, sites=sites, accounts=accounts)

    def unit_names(self) -> set[str]:
        with self.session() as s:
            return set(s.scalars(select(UnitRow.name)))

    # -- rounds ------------------------------------------------------------
    def create_round(self, rnd: m.Round) -> None:
        with self.session() as s:
            if s.scalar(select(RoundRow).where(RoundRow.name == rnd.name)):
                raise StoreError(f"检查轮次“{rnd.name}”已存在")
            s.add(
                RoundRow(
                    name=rnd.name,
                    checkpoint=rnd.checkpoint,
                    profile=rnd.profile,
                    scope_units=list(rnd.scope_units),
                    status=rnd.status.value,
                    period_start=rnd.period_start,
                    source=rnd.source.value,
                    created_at=_now(),
                )
            )

    def get_round(self, name: str) -> m.Round:
        with self.session() as s:
            r = s.scalar(select(RoundRow).where(RoundRow.name == name))
            if r is None:
                raise StoreError(f"没有名为“{name}”的检查轮次")
            return _round(r)

    def list_rounds(self) -> list[m.Round]:
        with self.session() as s:
            return [_round(r) for r in s.scalars(select(RoundRow).order_by(RoundRow.checkpoint, RoundRow.id))]

    def set_round(
        self,
        name: str,
        *,
        status: m.RoundStatus | None = None,
        profile: str | None = None,
        source: m.RoundSource | None = None,
    ) -> None:
        with self.session() as s:
            r = s.scalar(select(RoundRow).where(RoundRow.name == name))
            if r is None:
                raise StoreError(f"没有名为“{name}”的检查轮次")
            if status is not None:
                r.status = status.value
            if profile is not None:
                r.profile = profile
            if source is not None:
                r.source = source.value

    # -- leases: one writer per round ---------------------------------------
    def take_lease(self, lease: Lease, *, stale: Callable[[Lease], bool]) -> Lease | None:
        """Become the round's writer, replacing a holder only when `stale(holder)`.

        Returns None when taken, else the live holder. Two processes starting at the same instant
        meet the table's primary key: one wins, the other reads the winner and is refused.
        """
        for attempt in range(20):
            try:
                with self.session() as s:
                    row = s.get(RoundLeaseRow, lease.round_name)
                    if row is None:
                        s.add(RoundLeaseRow(**_lease_fields(lease)))
                        s.flush()
                        return None
                    holder = _lease(row)
                    if not stale(holder):
                        return holder
                    done = s.execute(
                        update(RoundLeaseRow)
                        .where(
                            RoundLeaseRow.round_name == lease.round_name, RoundLeaseRow.token == holder.token
                        )
                        .values(**_lease_fields(lease))
                    )
                    if getattr(done, "rowcount", 0) == 1:
                        return None
            except (IntegrityError, OperationalError):  # a same-instant start won, or SQLite was busy
                time.sleep(0.05 * (attempt + 1))
        holder_now = self.lease(lease.round_name)
        if holder_now is None:
            raise StoreError(f"无法取得轮次“{lease.round_name}”的写入权（数据库繁忙），请稍后重试")
        return holder_now

    def renew_lease(self, round_name: str, token: str, now: dt.datetime, expires_at: dt.datetime) -> bool:
        """Extend the holder's lease (heartbeat); False when the lease is no longer this holder's."""
        with self.session() as s:
            done = s.execute(
                update(RoundLeaseRow)
                .where(RoundLeaseRow.round_name == round_name, RoundLeaseRow.token == token)
                .values(heartbeat_at=now, expires_at=expires_at)
            )
            return getattr(done, "rowcount", 0) == 1

    def release_lease(self, round_name: str, token: str) -> None:
        with self.session() as s:
            s.execute(
                delete(RoundLeaseRow).where(
                    RoundLeaseRow.round_name == round_name, RoundLeaseRow.token == token
                )
            )

    def lease(self, round_name: str) -> Lease | None:
        """The round's current writer, if any (it may be stale)."""
        with self.session() as s:
            row = s.get(RoundLeaseRow, round_name)
            return _lease(row) if row is not None else None

    # -- the published notice ----------------------------------------------
    def publish_notice(self, notice: PublishedNotice) -> None:
        """Record the round's published notice; refused when it has one already (it is frozen)."""
        try:
            with self.session() as s:
                if s.get(PublishedNoticeRow, notice.round_name) is not None:
                    raise StoreError(f"检查轮次“{notice.round_name}”的通报已发布，不能再次发布")
                s.add(
                    PublishedNoticeRow(round_name=notice.round_name, published_by=notice.published_by,
                                       published_at=notice.published_at, files=list(notice.files))
                )  # fmt: skip
                s.flush()
        except IntegrityError:  # published at the same instant by another process
            raise StoreError(f"检查轮次“{notice.round_name}”的通报已发布，不能再次发布") from None

    def published_notice(self, round_name: str) -> PublishedNotice | None:
        with self.session() as s:
            r = s.get(PublishedNoticeRow, round_name)
            if r is None:
                return None
            return PublishedNotice(r.round_name, r.published_by, r.published_at, tuple(r.files or ()))

    # -- progress ----------------------------------------------------------
    def ensure_targets(self, round_name: str, targets: Iterable[tuple[m.TargetKind, str]]) -> None:
        """Register targets of a round as pending unless already known."""
        with self.session() as s:
            known = {
                (k, t)
                for k, t in s.execute(
                    select(RoundTargetRow.target_kind, RoundTargetRow.target).where(
                        RoundTargetRow.round_name == round_name
                    )
                )
            }
            for kind, key in targets:
                if (kind.value, key) not in known:
                    s.add(
                        RoundTargetRow(
                            round_name=round_name, target_kind=kind.value, target=key, status="pending"
                        )
                    )

    def target_status(self, round_name: str) -> dict[tuple[m.TargetKind, str], str]:
        with self.session() as s:
            rows = s.execute(
                select(RoundTargetRow.target_kind, RoundTargetRow.target, RoundTargetRow.status).where(
                    RoundTargetRow.round_name == round_name
                )
            )
            return {(m.TargetKind(k), t): st for k, t, st in rows}

    def target_state(self, round_name: str, kind: m.TargetKind, key: str) -> str | None:
        """One target's state in the round (None: not registered)."""
        with self.session() as s:
            return cast(
                str | None,
                s.scalar(_target_q(round_name, kind, key).with_only_columns(RoundTargetRow.status)),
            )

    def target_progress(self, round_name: str) -> list[TargetProgress]:
        """Every target of the round with its state and times (the platform's progress view)."""
        q = select(RoundTargetRow).where(RoundTargetRow.round_name == round_name).order_by(RoundTargetRow.id)
        with self.session() as s:
            return [
                TargetProgress(m.TargetKind(r.target_kind), r.target, r.status, r.error, r.started_at,
                               r.finished_at)
                for r in s.scalars(q)
            ]  # fmt: skip

    def target_errors(self, round_name: str) -> dict[tuple[m.TargetKind, str], tuple[str, str | None]]:
        """(status, stored error) of every target of the round that is not done."""
        with self.session() as s:
            rows = s.execute(
                select(
                    RoundTargetRow.target_kind,
                    RoundTargetRow.target,
                    RoundTargetRow.status,
                    RoundTargetRow.error,
                ).where(RoundTargetRow.round_name == round_name, RoundTargetRow.status != "done")
            )
            return {(m.TargetKind(k), t): (st, err) for k, t, st, err in rows}

    def target_info(self, round_name: str, kind: m.TargetKind, key: str) -> dict[str, Any]:
        with self.session() as s:
            row = s.scalar(_target_q(round_name, kind, key))
            return dict(row.info or {}) if row else {}

    def mark_target(
        self,
        round_name: str,
        kind: m.TargetKind,
        key: str,
        status: str,
        *,
        error: str | None = None,
        info: dict[str, Any] | None = None,
    ) -> None:
        with self.session() as s:
            row = s.scalar(_target_q(round_name, kind, key))
            if row is None:
                row = RoundTargetRow(round_name=round_name, target_kind=kind.value, target=key)
                s.add(row)
            row.status, row.error = status, error
            if status == "running":
                row.started_at = _now()
            elif status in ("done", "failed"):
                row.finished_at = _now()
            if info:
                row.info = {**(row.info or {}), **info}

    def set_target_info(self, round_name: str, kind: m.TargetKind, key: str, info: dict[str, Any]) -> None:
        """Merge facts about a target into its progress row (e.g. `unmonitored`), keeping its status."""
        with self.session() as s:
            row = s.scalar(_target_q(round_name, kind, key))
            if row is None:
                row = RoundTargetRow(
                    round_name=round_name, target_kind=kind.value, target=key, status="pending"
                )
                s.add(row)
            row.info = {**(row.info or {}), **info}

    def last_site_pages(self, codes: Iterable[str]) -> dict[str, int]:
        """Pages of each site's latest finished crawl in any round (sites never crawled are absent)."""
        wanted, pages = set(codes), dict[str, int]()
        q = (
            select(RoundTargetRow.target, RoundTargetRow.info)
            .where(
                RoundTargetRow.target_kind == m.TargetKind.SITE.value,
                RoundTargetRow.status == "done",
                RoundTargetRow.finished_at.is_not(None),
            )
            .order_by(RoundTargetRow.finished_at.desc())
        )
        with self.session() as s:
            for code, info in s.execute(q):
                if code in wanted and code not in pages and isinstance((info or {}).get("pages"), int):
                    pages[code] = info["pages"]
        return pages

    def unmonitored_sites(self, round_name: str) -> dict[str, str]:
        """Sites of the round without a probe series the 站点无法访问 rule can use: code → 未监测 reason."""
        with self.session() as s:
            rows = s.execute(
                select(RoundTargetRow.target, RoundTargetRow.info).where(
                    RoundTargetRow.round_name == round_name,
                    RoundTargetRow.target_kind == m.TargetKind.SITE.value,
                )
            )
            return {t: str(info["unmonitored"]) for t, info in rows if (info or {}).get("unmonitored")}

    # -- findings and results ---------------------------------------------
    def replace_findings(
        self,
        round_name: str,
        kind: m.TargetKind,
        key: str,
        findings: Sequence[m.Finding],
        *,
        include_manual: bool = False,
    ) -> None:
        """Replace a target's automatic findings (manual ones stay unless asked)."""
        with self.session() as s:
            q = delete(FindingRow).where(
                FindingRow.round_name == round_name,
                FindingRow.target_kind == kind.value,
                FindingRow.target == key,
            )
            if not include_manual:
                q = q.where(FindingRow.manual.is_(False))
            s.execute(q)
            s.add_all(_finding_row(round_name, f) for f in findings)

    def add_findings(self, round_name: str, findings: Sequence[m.Finding]) -> None:
        with self.session() as s:
            s.add_all(_finding_row(round_name, f) for f in findings)

    def findings(self, round_name: str, *, codes: Iterable[str] | None = None) -> list[m.Finding]:
        """The round's findings in id order; only those of `codes` when given."""
        q = select(FindingRow).where(FindingRow.round_name == round_name)
        if codes is not None:
            q = q.where(FindingRow.code.in_(sorted(set(codes))))
        with self.session() as s:
            rows = s.scalars(q.order_by(FindingRow.id))
            return [
                m.Finding(
                    code=r.code,
                    target_kind=m.TargetKind(r.target_kind),
                    target=r.target,
                    message=r.message,
                    evidence=m.Evidence.model_validate(r.evidence),
                    count=r.count,
                    manual=r.manual,
                )
                for r in rows
            ]

    def save_results(self, round_name: str, results: Sequence[m.TargetResult]) -> None:
        """Make the round's results exactly these, in one transaction.

        A target's row is updated in place, so its id (the platform's /targets/<id>) survives re-judging.
        """
        with self.session() as s:
            old = {
                (r.target_kind, r.target): r
                for r in s.scalars(select(TargetResultRow).where(TargetResultRow.round_name == round_name))
            }
            for r in results:
                row = old.pop((r.target_kind.value, r.target), None) or TargetResultRow(
                    round_name=round_name, target_kind=r.target_kind.value, target=r.target
                )
                row.unit, row.name, row.score, row.verdict = r.unit, r.name, r.score, r.verdict.value
                row.vetoes = list(r.vetoes)
                row.deductions = [d.model_dump(mode="json") for d in r.deductions]
                row.summary = r.summary
                s.add(row)
            for gone in old.values():
                s.delete(gone)

    def results(self, round_name: str) -> list[m.TargetResult]:
        with self.session() as s:
            rows = s.scalars(
                select(TargetResultRow)
                .where(TargetResultRow.round_name == round_name)
                .order_by(TargetResultRow.id)
            )
            return [
                m.TargetResult(
                    target_kind=m.TargetKind(r.target_kind),
                    target=r.target,
                    unit=r.unit,
                    name=r.name,
                    score=r.score,
                    verdict=m.Verdict(r.verdict),
                    vetoes=tuple(r.vetoes),
                    deductions=tuple(m.Deduction.model_validate(d) for d in r.deductions),
                    summary=r.summary,
                )
                for r in rows
            ]

    # -- probes and posts --------------------------------------------------
    def add_probes(self, site_code: str, results: Iterable[tuple[dt.datetime, Any]]) -> None:
        """Store probe results (ProbeResult-like objects) at the given times, in one transaction."""
        with self.session() as s:
            s.add_all(
                ProbeRow(site_code=site_code, url=r.url, at=at, ok=r.ok, status=r.status,
                         elapsed_ms=r.elapsed_ms, error=r.error)
                for at, r in results
            )  # fmt: skip

    def probes(self, site_code: str, since: dt.datetime, until: dt.datetime) -> list[ProbeRow]:
        with self.session() as s:
            return list(
                s.scalars(
                    select(ProbeRow)
                    .where(ProbeRow.site_code == site_code, ProbeRow.at >= since, ProbeRow.at <= until)
                    .order_by(ProbeRow.at)
                )
            )

    def save_posts(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert posts not yet stored (by account, published time and title)."""
        n = 0
        with self.session() as s:
            for r in rows:
                exists = s.scalar(
                    select(PostRow.id).where(
                        PostRow.account == r["account"],
                        PostRow.published == r["published"],
                        PostRow.title == r["title"],
                    )
                )
                if exists is None:
                    s.add(PostRow(**r))
                    n += 1
        return n

    def posts(self, account: str) -> list[PostRow]:
        with self.session() as s:
            return list(
                s.scalars(select(PostRow).where(PostRow.account == account).order_by(PostRow.published))
            )

    # -- ledgers (台账) ----------------------------------------------------
    def save_ledger(self, round_name: str, kind: str, rows: Sequence[dict[str, Any]]) -> int:
        """Replace the round's ledger of this kind with these rows (JSON values), in one transaction."""
        self.save_ledgers(round_name, {kind: rows})
        return len(rows)

    def save_ledgers(self, round_name: str, ledgers: dict[str, Sequence[dict[str, Any]]]) -> None:
        """Replace several ledgers of a round at once: all of them or none."""
        with self.session() as s:
            if s.scalar(select(RoundRow.id).where(RoundRow.name == round_name)) is None:
                raise StoreError(f"没有名为“{round_name}”的检查轮次")
            for kind, rows in ledgers.items():
                s.execute(delete(LedgerRow).where(LedgerRow.round_name == round_name, LedgerRow.kind == kind))
                s.add_all(LedgerRow(round_name=round_name, kind=kind, data=dict(r)) for r in rows)

    def ledger(self, round_name: str, kind: str) -> list[dict[str, Any]]:
        """The round's ledger rows of this kind, in import order ([] when none was imported)."""
        with self.session() as s:
            rows = s.scalars(
                select(LedgerRow)
                .where(LedgerRow.round_name == round_name, LedgerRow.kind == kind)
                .order_by(LedgerRow.id)
            )
            return [dict(r.data) for r in rows]

    def ledger_kinds(self, round_name: str) -> list[str]:
        with self.session() as s:
            q = select(LedgerRow.kind).where(LedgerRow.round_name == round_name).distinct()
            return sorted(s.scalars(q))


def _set_status(row: SiteRow, site: m.Site) -> None:
    """A site's status; its date and new address are kept when the status stays and `site` gives none."""
    if site.status_since or site.moved_to or row.status != site.status.value:
        row.status_since, row.moved_to = site.status_since, site.moved_to
    row.status = site.status.value


def _target_q(round_name: str, kind: m.TargetKind, key: str) -> Any:
    return select(RoundTargetRow).where(
        RoundTargetRow.round_name == round_name,
        RoundTargetRow.target_kind == kind.value,
        RoundTargetRow.target == key,
    )


def _lease(r: RoundLeaseRow) -> Lease:
    return Lease(r.round_name, r.token, r.command, r.pid, r.host, r.started_at, r.heartbeat_at, r.expires_at)


def _lease_fields(lease: Lease) -> dict[str, Any]:
    return {
        "round_name": lease.round_name,
        "token": lease.token,
        "command": lease.command,
        "pid": lease.pid,
        "host": lease.host,
        "started_at": lease.started_at,
        "heartbeat_at": lease.heartbeat_at,
        "expires_at": lease.expires_at,
    }


def _round(r: RoundRow) -> m.Round:
    return m.Round(
        name=r.name,
        checkpoint=r.checkpoint,
        profile=r.profile,
        scope_units=tuple(r.scope_units),
        status=m.RoundStatus(r.status),
        period_start=r.period_start,
        source=m.RoundSource(r.source),
    )


def _finding_row(round_name: str, f: m.Finding) -> FindingRow:
    return FindingRow(
        round_name=round_name,
        target_kind=f.target_kind.value,
        target=f.target,
        code=f.code,
        message=f.message,
        evidence=f.evidence.model_dump(mode="json"),
        count=f.count,
        manual=f.manual,
    )
