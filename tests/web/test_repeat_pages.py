"""屡查屡犯 in the platform over three rounds: the target's history and the 总览 mark it; a gap breaks it."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import ROUND, World, log_in
from govinspect import model as m
from govinspect.store.tables import TargetResultRow

S = m.TargetKind.SITE
Q3, Q4 = "2023Q3", "2023Q4"


def _round(world: World, name: str, day: dt.date, problems: dict[str, tuple[str, ...]]) -> None:
    """A judged round where each listed site lost one point per listed indicator, with its findings."""
    store = world.store
    store.create_round(m.Round(name=name, checkpoint=m.checkpoint_at(day)))
    names = {"edu": ("县教育局", "县教育局网站"), "school": ("县实验中学", "县实验中学网站")}
    store.save_results(name, [
        m.TargetResult(target_kind=S, target=key, unit=unit, name=label, score=100.0 - len(problems.get(key, ())),
                       verdict=m.Verdict.PASS,
                       deductions=tuple(m.Deduction(code=c, points=1, reason="扣分") for c in problems.get(key, ())))
        for key, (unit, label) in names.items()
    ])  # fmt: skip
    store.add_findings(name, [
        m.Finding(code=c, target_kind=S, target=key, message=f"{key} {c}",
                  evidence=m.Evidence(url=f"http://{key}.example.gov.cn/", detail={}))
        for key, codes in problems.items() for c in codes
    ])  # fmt: skip


def _result_id(world: World, round_name: str, target: str) -> int:
    with world.store.session() as s:
        rid = s.scalar(select(TargetResultRow.id).where(TargetResultRow.round_name == round_name,
                                                         TargetResultRow.target == target))  # fmt: skip
    assert rid is not None
    return int(rid)


def _three_rounds(world: World) -> None:
    """2023Q2 (the world): 教育局 stale column (veto), 实验中学 dead link (deducted).
    2023Q3: 教育局 stale column again, 实验中学 clean. 2023Q4: both again."""
    _round(world, Q3, dt.date(2023, 9, 20), {"edu": ("column.stale",)})
    _round(world, Q4, dt.date(2023, 12, 20), {"edu": ("column.stale",), "school": ("link.dead",)})


def test_target_history_marks_repeat_offences_round_by_round(app_client: TestClient, world: World) -> None:
    _three_rounds(world)
    log_in(app_client, "edu")
    page = app_client.get(f"/targets/{_result_id(world, Q4, 'edu')}").text
    history = page.split("<h2>历次检查</h2>")[1].split('<tr class="v-')[1:]
    rows = {re.search(r">(2023Q\d)(（本轮）)?<", r).group(1): r for r in history}  # type: ignore[union-attr]
    assert "屡查屡犯" not in rows[ROUND]  # the first round has none before it
    assert "屡查屡犯" in rows[Q3] and "栏目" in rows[Q3]
    assert "屡查屡犯" in rows[Q4]
    school = app_client.get(f"/targets/{_result_id(world, Q4, 'school')}").text
    assert "repeat-tag" not in school  # dead link in Q2 and Q4, not in Q3: not consecutive


def test_dashboard_lists_the_rounds_repeat_offences_in_scope(app_client: TestClient, world: World) -> None:
    _three_rounds(world)
    log_in(app_client, "sup")
    section = app_client.get(f"/dashboard?round={Q4}").text.split('class="repeats"')[1]
    assert "县教育局网站" in section and "县实验中学网站" not in section
    q2 = app_client.get(f"/dashboard?round={ROUND}").text.split('class="repeats"')[1]
    assert "本轮没有屡查屡犯问题" in q2
    app_client.cookies.clear()
    log_in(app_client, "health")
    assert "县教育局网站" not in app_client.get(f"/dashboard?round={Q4}").text.split('class="repeats"')[1]
