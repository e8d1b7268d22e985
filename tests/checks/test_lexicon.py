"""Lexicon scanning: serious errors, outdated names by date, sensitive words, ID and mobile numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from govinspect.checks.lexicon import (
    LEXICON_DIR,
    default_lexicon,
    id_number_valid,
    scan_text,
)

D = dt.date


def codes(text: str, published: dt.date | None = None) -> list[tuple[str, str]]:
    return [(h.code, h.matched) for h in scan_text(text, published)]


def test_party_history_learning_education() -> None:
    assert codes("全面开展党史学习教育，深入学习") == []
    hits = scan_text("各单位要扎实开展党史教育活动")
    assert [(h.code, h.matched, h.correction) for h in hits] == [
        ("content.serious_error", "党史教育", "党史学习教育")
    ]
    assert hits[0].source and hits[0].offset == 8


def test_allow_phrase_masks_hit() -> None:
    assert codes("参观红色党史教育基地") == []


def test_serious_error_cases_from_spec() -> None:
    for wrong in (
        "中华人民共合国",
        "中共人民共和国",
        "中华人民大和国",
        "攻府",
        "杜家豪",
        "齐齐哈市",
        "扫黑险恶",
    ):
        assert codes(f"关于{wrong}的通知") == [("content.serious_error", wrong)], wrong
    assert codes("关于秸杆的通知") == [("content.typo", "秸杆")]  # an ordinary typo: no veto
    assert codes("中华人民共和国 齐齐哈尔市 扫黑除恶 秸秆 杜家毫") == []


def test_outdated_name_judged_against_publication_date() -> None:
    text = "县环境保护局召开专题会议"
    assert codes(text, D(2019, 3, 31)) == []  # local grace to 2019-03-31
    assert codes(text, D(2019, 4, 1)) == [("content.outdated_name", "环境保护局")]
    assert codes("县扶贫办开展走访", D(2021, 2, 25)) == []
    assert codes("县扶贫办开展走访", D(2021, 3, 1)) == [("content.outdated_name", "扶贫办")]
    assert codes("县扶贫办开展走访", None) == [("content.outdated_name", "扶贫办")]  # current content


def test_outdated_name_longest_match_and_current_names() -> None:
    assert codes("市法制办公室", D(2022, 1, 1)) == [("content.outdated_name", "法制办公室")]
    assert codes("市文化广电和旅游局 市农业农村局 市生态环境局 市卫生健康委员会", D(2022, 1, 1)) == []
    assert codes("加强环境保护部门协作", D(2022, 1, 1)) == []


def test_sensitive_word() -> None:
    hits = scan_text("访问北朝鲜")
    assert [(h.code, h.correction) for h in hits] == [("content.sensitive_word", "朝鲜")]
    assert codes("中朝友谊") == []


def test_id_number_checksum() -> None:
    assert id_number_valid("11010519491231002X")
    assert not id_number_valid("110105194912310021")  # bad check digit
    assert not id_number_valid("110105194913310027")  # month 13
    hits = scan_text("申请人身份证号：11010519491231002X，住址某村")
    assert [(h.code, h.matched) for h in hits] == [("privacy.id_number", "11010519491231002X")]
    assert codes("申请人身份证号：110105194912310021") == []
    assert codes("订单号 9911010519491231002X88") == []  # part of a longer run
    assert codes("身份证号：110105********002X") == []


def test_mobile_numbers() -> None:
    hits = scan_text("低保户张三，手机13812345678，家庭人口3人")
    assert [(h.code, h.matched) for h in hits] == [("privacy.mobile", "13812345678")]
    assert codes("咨询电话：13812345678") == []
    assert codes("张三 138****5678") == []
    assert codes("编号 123812345678901") == []
    assert codes("号码 12812345678") == []


def test_context_is_20_chars_each_side() -> None:
    text = "甲" * 30 + "党史教育" + "乙" * 30
    (h,) = scan_text(text)
    assert h.context == "甲" * 20 + "党史教育" + "乙" * 20
    assert h.offset == 30


def test_every_entry_has_source() -> None:
    lex = default_lexicon()
    assert len(lex.entries) >= 40
    assert all(e.source for e in lex.entries)
    for f in Path(LEXICON_DIR).glob("*.yaml"):
        assert yaml.safe_load(f.read_text(encoding="utf-8"))


def test_spec_renamed_institutions_present() -> None:
    wrongs = {e.wrong for e in default_lexicon().entries}
    for w in (
        "安全生产监督管理局",
        "国土资源局",
        "环境保护局",
        "卫生和计划生育委员会",
        "农业局",
        "法制办公室",
        "监察局",
        "扶贫办",
    ):
        assert w in wrongs, w


def test_loaded_once() -> None:
    assert default_lexicon() is default_lexicon()


def test_mobile_contact_lists_allowed() -> None:
    assert codes("采购单位联系方式 易女士 邱先生;18975079580 18627455418 代理机构名称") == []
    assert codes("联系人：张先生 13812345678。" + "其他内容" * 10 + "村民王五13912345678") == [
        ("privacy.mobile", "13912345678")
    ]


def test_supervision_bureaus_are_not_outdated() -> None:
    assert codes("国家矿山安全监察局 人力资源和社会保障局劳动保障监察局", D(2024, 1, 1)) == []
    assert codes("县监察局通报", D(2024, 1, 1)) == [("content.outdated_name", "监察局")]
