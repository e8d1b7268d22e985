"""Canonical formulations and their variants: one hit and one miss test per rule family."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect.checks.lexicon import scan_text
from govinspect.content.hits import Hit
from govinspect.content.numerals import cn_number
from govinspect.content.phrases import load_canon

D = dt.date


def found(text: str, published: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(code, matched, rule) of the content hits (privacy left out)."""
    return [(h.code, h.matched, h.rule) for h in scan_text(text, published) if h.code.startswith("content.")]


def one(text: str, published: dt.date | None = None) -> Hit:
    hits = [h for h in scan_text(text, published) if h.code.startswith("content.")]
    assert len(hits) == 1, hits
    return hits[0]


def test_cn_number() -> None:
    assert [cn_number(n) for n in (1, 10, 14, 20, 21, 25)] == ["一", "十", "十四", "二十", "二十一", "二十五"]
    with pytest.raises(ValueError):
        cn_number(0)


def test_canon_data_has_sources_and_rules() -> None:
    data = load_canon()
    assert len(data.canons) > 300 and all(c.source for c in data.canons)
    assert "二十届三中全会" in data.masks and "第十四届全国人民代表大会第二次会议" in data.masks
    wrong = {w.text: w for w in data.wrongs}
    assert wrong["二十次三中全会"].correct == "二十届三中全会" and wrong["二十次三中全会"].rule == "ordinal"
    assert "国务院总理习近平" in wrong and "国务院总理李强" not in wrong


def test_homophone_hit_and_miss() -> None:
    h = one("全县认真学习习近平总书纪重要讲话精神。")
    assert (h.code, h.matched, h.correction, h.rule) == (
        "content.serious_error",
        "习近平总书纪",
        "习近平总书记",
        "homophone",
    )
    assert h.severity == "严重" and h.category == "leader" and h.source
    assert "学习" in h.context and h.offset == 6 and h.end == 12
    assert found("全县认真学习习近平总书记重要讲话精神。") == []


def test_homophone_by_a_polyphone_reading() -> None:
    # 长 in 委员长 reads zhang; 常 is its homophone by the other reading, chang
    assert found("全国人大常委会委员常赵乐际出席。")[0][2] == "homophone"
    assert found("全国人大常委会委员长赵乐际出席。") == []


def test_homophone_in_formulation_and_correct_neighbours() -> None:
    assert found("坚持和发展中国特色社会主意。") == [
        ("content.serious_error", "中国特色社会主意", "homophone")
    ]
    assert found("群众领到补贴后表示感谢。") == []  # 领到 is a word; no canonical phrase nearby
    assert found("各级领到干部要带头。") == [("content.serious_error", "领到干部", "homophone")]


def test_edge_character_that_reads_as_plain_text() -> None:
    assert found("自然资源不足制约发展。") == []  # 自然资源部 with 不 for 部
    assert found("中国共产党愿同各国政党加强交流。") == []  # 共产党员 with 愿 for 员
    assert found("坚持一国两治方针。") == [("content.serious_error", "一国两治", "homophone")]


def test_shape_hit_and_miss() -> None:
    h = one("深入学习习近乎新时代中国特色社会主义思想。")
    assert (h.rule, h.correction) == ("shape", "习近平新时代中国特色社会主义思想")
    assert found("坚持全面依法冶国。") == [("content.serious_error", "全面依法冶国", "shape")]
    assert found("坚持全面依法治国。") == []


def test_missing_character_in_title_sequence() -> None:
    h = one("中共中央总书记、国家主席、中军委主席习近平出席。")
    assert h.rule == "missing" and h.correction == "中共中央总书记、国家主席、中央军委主席"
    assert found("中共中央总书记、国家主席、中央军委主席习近平出席。") == []
    assert found("中中央总书记、国家主席、中央军委主席习近平出席。")[0][2] == "missing"
    assert found("中共中央总书记国家主席、中央军委主席习近平出席。")[0][2] == "missing"
    assert found("中共中央政治局常委、国务院总李强出席。")[0][2] == "missing"


def test_missing_character_that_leaves_a_correct_phrase() -> None:
    assert found("向关心和支持中国现代化建设的各国朋友表示感谢。") == []  # not 中国式现代化
    assert found("加强农村基层组织建设。") == []  # not 基层党组织
    assert found("中华人民共和国副主席协助主席工作。") == []  # not 国家副主席
    assert found("根据中华民共和国宪法。") == [("content.serious_error", "中华民共和国", "missing")]


def test_extra_and_duplicated_character() -> None:
    assert found("新疆维吾尔族自治区人民政府。") == [("content.serious_error", "新疆维吾尔族自治区", "extra")]
    assert found("中华人民民共和国成立以来。") == [("content.serious_error", "中华人民民共和国", "duplicate")]
    assert found("新疆维吾尔自治区人民政府。") == []
    assert found("健全全面从严治党体系。") == []  # 健全 + 全面: not a doubled 全
    assert found("市市场监督管理局。") == []
    assert found("坚持中国特色社会主义义务教育均衡发展。") == []  # 主义 + 义务


def test_swapped_characters() -> None:
    assert found("坚持中国特色会社主义道路。")[0][2] == "swap"
    assert found("全国人大委常会审议通过。") == [("content.serious_error", "全国人大委常会", "swap")]
    assert found("全国人大常委会审议通过。") == []


def test_ordinal_jie_ci() -> None:
    assert found("深入学习贯彻党的二十次三中全会精神。") == [
        ("content.serious_error", "二十次三中全会", "ordinal")
    ]
    assert found("十四届全国人大二届会议闭幕。")[0][1:] == ("十四届全国人大二届会议", "ordinal")
    assert found("中国共产党第二十届全国代表大会开幕。")[0][2] == "ordinal"
    for ok in (
        "深入学习贯彻党的二十届三中全会精神。",
        "十四届全国人大二次会议闭幕。",
        "中国共产党第二十次全国代表大会开幕。",
        "全国政协十四届二次会议开幕。",
        "中华全国总工会第十八次全国代表大会开幕。",
        "世界遗产委员会第四十四届会议在福州举行。",
    ):
        assert found(ok) == [], ok


def test_wrong_title_for_named_person() -> None:
    h = one("国务院总理习近平会见外宾。")
    assert (h.rule, h.category) == ("title", "leader") and "国家主席" in (h.correction or "")
    assert found("李强总书记主持会议。")[0][2] == "title"
    for ok in (
        "国务院总理李强主持会议。",
        "国务院副总理韩正出席。",  # 总理韩正 inside 副总理韩正
        "国家副主席韩正会见外宾。",
        "时任国务院总理李克强出席。",
        "公司总经理李强介绍情况。",
        "法院书记员认真记录。",
    ):
        assert found(ok) == [], ok


def test_allow_list_and_dated_forms() -> None:
    assert found("沿着有中国特色的社会主义道路前进。") == []
    assert found("保障人民当家做主的权利。", D(1982, 12, 31)) == []
    assert found("保障人民当家做主的权利。", D(2020, 1, 1))[0][1:] == ("人民当家做主", "homophone")


def test_xinhua_political_naming_and_quotations() -> None:
    h = one("台湾总统出席活动。")
    assert (h.code, h.correction, h.category) == ("content.serious_error", "台湾地区领导人", "xinhua")
    assert found("所谓台湾总统出席活动。") == []
    assert found("岛内所谓“台湾总统”选举。") == []
    assert found("加强两岸三地交流。") == [("content.sensitive_word", "两岸三地", "exact")]


def test_outdated_term_by_date() -> None:
    assert found("做好新型冠状病毒肺炎防控。", D(2023, 3, 1)) == [
        ("content.outdated_term", "新型冠状病毒肺炎", "outdated")
    ]
    assert found("做好新型冠状病毒肺炎防控。", D(2020, 3, 1)) == []


def test_ordinary_typo_is_not_a_veto() -> None:
    h = one("我们要再接再励，争取更大成绩。")
    assert (h.code, h.severity, h.label) == ("content.typo", "一般", "错别字")
    assert found("我们要再接再厉，争取更大成绩。") == []


def test_clean_government_text_has_no_hit() -> None:
    text = (
        "高举中国特色社会主义伟大旗帜，全面贯彻习近平新时代中国特色社会主义思想，深入贯彻党的二十大和"
        "二十届二中、三中全会精神，坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，"
        "着力推动高质量发展。中共中央总书记、国家主席、中央军委主席习近平，国务院总理李强，全国人大常委会"
        "委员长赵乐际，全国政协主席王沪宁出席。生态环境不断改善，自然资源部门加强协作。"
    )
    assert found(text, D(2024, 3, 5)) == []
