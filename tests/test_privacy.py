"""mask_personal_data: every kind of personal number masked, ordinary numbers left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _valid_id(area: int, birth: dt.date, seq: int) -> str:
    """A GB 11643 number with its check character (independent of the code under test)."""
    body = f"{area:06d}{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


_TEXT = st.text(alphabet="，。：；（）公示申请人张某某身份证号手机联系 abc", max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    before=_TEXT,
    after=_TEXT,
    area=st.integers(110000, 659999),
    birth=st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)),
    seq=st.integers(0, 999),
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
)
def test_no_embedded_id_or_mobile_survives(
    before: str, after: str, area: int, birth: dt.date, seq: int, mobile: str
) -> None:
    number = _valid_id(area, birth, seq)
    out = mask_personal_data(f"{before}{number}{after}，{mobile}{after}")
    assert number not in out and mobile not in out
    assert number[:4] + "*" * 10 + number[-4:] in out and mobile[:3] + "****" + mobile[-4:] in out
    assert mask_personal_data(out) == out
