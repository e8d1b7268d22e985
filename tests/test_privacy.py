"""mask_personal_data: every kind of personal number masked, ordinary numbers left alone."""

from __future__ import annotations

import pytest

from govinspect import model as m
from govinspect.privacy import mask_number, mask_personal_data, mask_values


@pytest.mark.parametrize(
    ("text", "masked", "full"),
    [
        ("申请人张某某（身份证号：419001198503121013）", "4190**********1013", "419001198503121013"),
        ("身份证 11010519491231002X 已核验", "1101**********002X", "11010519491231002X"),
        ("身份证 11010519491231002x", "1101**********002x", "11010519491231002x"),
        ("老证号410105850312101。", "4101*******2101", "410105850312101"),
        ("低保对象王某某，手机号码 13957955023，", "139****5023", "13957955023"),
        ("联系电话：+86 139 5795 5023", "+86 139****5023", "139 5795 5023"),
        ("手机：138-1234-5678", "138****5678", "138-1234-5678"),
        ("银行卡号：6222 0212 3456 7890 123", "6222***********0123", "6222 0212 3456 7890 123"),
        ("收款账号 6217000010012345678", "6217***********5678", "6217000010012345678"),
        ("护照号码 E12345678", "E******78", "E12345678"),
    ],
)
def test_personal_numbers_are_masked(text: str, masked: str, full: str) -> None:
    out = mask_personal_data(text)
    assert masked in out
    assert full not in out
    assert mask_personal_data(out) == out  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "http://www.meixi.gov.cn/art/2023/6/17/art_1008_10018.html",
        "http://rsshub.sim.local/kuaishou/user/8016816708481486",  # an account ID, no keyword
        "办公电话 0377-12345678",  # landlines are office numbers
        "统一社会信用代码 11620000013897953F",
        "2023年6月20日 23:59，共检查 140 次",
        "网站标识码 4190010002",
        "bumen=360925000602056000",  # 18 digits without a birth date
        "开设 2 个账号（“梅溪公安”、“梅溪信访”）",
        "",
    ],
)
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert mask_personal_data(text) == text


def test_mask_number_lengths() -> None:
    assert mask_number("13812345678") == "138****5678"
    assert mask_number("419001198503121013") == "4190**********1013"
    assert mask_number("123") == "***"


def test_mask_values_walks_nested_evidence() -> None:
    detail = {"sources": [{"page": "p", "text": "手机13812345678"}], "n": 3, "ok": True}
    assert mask_values(detail) == {"sources": [{"page": "p", "text": "手机138****5678"}], "n": 3, "ok": True}


def test_findings_and_results_never_hold_full_numbers() -> None:
    """Whatever builds a finding (a check, a manual entry, a store load), its text is masked."""
    f = m.Finding(
        code="manual.other",
        target_kind=m.TargetKind.SITE,
        target="4190010001",
        message="公示名单含身份证号419001198503121013",
        evidence=m.Evidence(url="http://a.gov.cn/x?sfzh=419001198503121013", detail={"note": "13957955023"}),
    )
    dumped = f.model_dump_json()
    assert "419001198503121013" not in dumped and "13957955023" not in dumped
    assert "4190**********1013" in f.message and f.evidence.detail["note"] == "139****5023"
    loaded = m.Finding.model_validate_json(dumped.replace("4190**********1013", "419001198503121013"))
    assert "419001198503121013" not in loaded.message + loaded.evidence.url
    r = m.TargetResult(
        target_kind=m.TargetKind.SITE, target="1", unit="u", name="n", score=90,
        verdict=m.Verdict.PASS, summary="泄露个人手机号码：13957955023",
        deductions=(m.Deduction(code="privacy.mobile", points=1, reason="手机 13957955023"),),
    )  # fmt: skip
    assert "13957955023" not in r.summary + r.deductions[0].reason
