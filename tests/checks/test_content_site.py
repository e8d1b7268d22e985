"""Site content findings from canonical variants and attachments: evidence, severity and dates."""

from __future__ import annotations

from dataclasses import replace

from site_fixtures import HOME, article_page, healthy, replace_page

from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.site import run_site_checks
from govinspect.model import Finding
from govinspect.rules.profile import load_profile

NATIONAL = load_profile("national-2019")
ART = HOME + "tzgg/a1.html"
PDF = HOME + "uploadfiles/fangan.pdf"


def content(inp: SiteInput) -> list[Finding]:
    return [f for f in run_site_checks(inp, NATIONAL) if f.code.startswith("content.")]


def with_article(body: str, pub: str = "2023-06-18") -> SiteInput:
    return replace_page(healthy(), ART, article_page(ART, body=body, pub=pub))


def with_attachment(text: str, pub: str = "2023-06-18") -> SiteInput:
    inp = with_article("关于印发实施方案的通知，详见附件。", pub)
    page = article_page(ART, body="附件", pub=pub)
    rec = replace(page.record, url=PDF, final_url=PDF, referrer=ART, content_type="application/pdf")
    return replace(inp, pages=[*inp.pages, PageView(rec, None, text)])


def test_variant_finding_has_evidence() -> None:
    (f,) = content(with_article("各单位要认真学习习近平总书纪重要讲话精神。"))
    d = f.evidence.detail
    assert (f.code, d["matched"], d["correction"]) == (
        "content.serious_error",
        "习近平总书纪",
        "习近平总书记",
    )
    assert d["rule"] == "同音字" and d["category"] == "领导人姓名职务" and d["source"]
    assert "各单位要认真学习" in d["context"] and f.evidence.url == ART
    assert "应为“习近平总书记”" in f.message
    assert content(with_article("各单位要认真学习习近平总书记重要讲话精神。")) == []


def test_typo_is_its_own_deduction_class() -> None:
    (f,) = content(with_article("全体干部要再接再励。"))
    assert f.code == "content.typo" and f.evidence.detail["correction"] == "再接再厉"
    rule = NATIONAL.rule_for("content.typo")
    assert rule is not None and not rule.veto


def test_wrong_title_message() -> None:
    (f,) = content(with_article("国务院总理习近平出席会议。"))
    assert "职务与姓名不符" in f.message and f.evidence.detail["rule"] == "职务与姓名不符"


def test_attachment_text_is_checked_at_its_article_date() -> None:
    (f,) = content(with_attachment("深入学习贯彻党的二十次三中全会精神。"))
    assert f.evidence.url == PDF and f.evidence.detail["attachment_of"] == ART
    assert f.evidence.detail["correction"] == "二十届三中全会"
    # an outdated name in an attachment of a 2018 article was right then
    assert content(with_attachment("县环保局负责实施。", "2018-06-18")) == []
    (old,) = content(with_attachment("县环保局负责实施。", "2023-06-18"))
    assert old.code == "content.outdated_name"


def test_outdated_term_on_a_site() -> None:
    (f,) = content(with_article("做好新型冠状病毒肺炎防控工作。", "2023-03-01"))
    assert f.code == "content.outdated_term" and f.evidence.detail["correction"] == "新型冠状病毒感染"
    assert content(with_article("做好新型冠状病毒肺炎防控工作。", "2020-03-01")) == []
