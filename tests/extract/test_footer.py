"""Footer identity: 网站标识码, ICP, 公网安备, 党政机关 badge, 找错 entry — each a hit and a miss."""

from __future__ import annotations

from govinspect.extract.footer import read_footer

from .conftest import FOOTER, extract, page


def test_full_footer():
    f = extract(page("<p>正文</p>")).footer
    assert f.site_id_code == "4113300001"
    assert f.icp == "豫ICP备12345678号-1"
    assert f.gongan == "豫公网安备41138102000123号"
    assert f.party_gov_badge is True and f.conac_kind == "党政机关"
    assert f.zhaocuo_entry is True and f.zhaocuo_site_code == "4113300001"
    assert f.sponsor == "桐柏县人民政府办公室"
    assert f.contact == "0377-68123456"


def test_empty_footer():
    f = read_footer("版权所有 桐柏县人民政府", "<div>版权所有 桐柏县人民政府</div>")
    assert (f.site_id_code, f.icp, f.gongan, f.party_gov_badge, f.zhaocuo_entry) == (
        None,
        None,
        None,
        False,
        False,
    )


def test_numbers_split_across_tags_and_odd_labels():
    html = "京<span>ICP</span>备<span>19054529</span>号<span>-1</span> 粤公网安备号<a>44030402003007</a> 网站标识码bm14000002"
    f = extract(f"<html><body>{html}</body></html>").footer
    assert f.icp == "京ICP备19054529号-1"
    assert f.gongan == "粤公网安备号44030402003007"
    assert f.site_id_code == "bm14000002"


def test_blue_badge_and_placeholder_zhaocuo_span():
    html = '<a href="//bszs.conac.cn/x"><img src="//dcs.conac.cn/image/blue.png"></a><span id="_span_jiucuo" title="政府网站找错"></span>'
    f = read_footer("", html)
    assert f.party_gov_badge is True and f.conac_kind == "事业单位"
    assert f.zhaocuo_entry is False  # an empty placeholder is not an entry


def test_commented_out_badge_does_not_count():
    f = read_footer("", '<!-- <a href="http://bszs.conac.cn/x"><img src="red.png"></a> -->')
    assert f.party_gov_badge is False


def test_footer_fixture_is_complete():
    assert "jiucuo" in FOOTER


def test_label_variants():
    f = read_footer("网站识别码：4113300001 京公安网备 11010602060030号", "")
    assert f.site_id_code == "4113300001"
    assert f.gongan == "京公安网备11010602060030号"


def test_a_plain_标识码_label_and_a_colon_after_公网安备():
    f = read_footer("标识码：4113300001 鄂ICP备13006123号-2 鄂公网安备：42010602000123号", "")
    assert f.site_id_code == "4113300001"
    assert f.gongan == "鄂公网安备42010602000123号"


def test_a_code_without_its_label_or_of_another_length_is_no_标识码():
    assert read_footer("邮编：4113300001 电话 0377-68123456", "").site_id_code is None
    assert read_footer("标识码：41133000012345", "").site_id_code is None
