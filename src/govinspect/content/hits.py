"""The finding of a text scan: what was matched, where, what it should read, and by which rule."""

from __future__ import annotations

from typing import NamedTuple

SERIOUS_ERROR = "content.serious_error"
TYPO = "content.typo"
OUTDATED_NAME = "content.outdated_name"
OUTDATED_TERM = "content.outdated_term"
SENSITIVE_WORD = "content.sensitive_word"
ID_NUMBER = "privacy.id_number"
MOBILE = "privacy.mobile"

CONTEXT_CHARS = 20

HIT_LABELS = {
    SERIOUS_ERROR: "严重表述错误",
    TYPO: "错别字",
    OUTDATED_NAME: "过时机构名称",
    OUTDATED_TERM: "过时用语",
    SENSITIVE_WORD: "禁用词、慎用词",
    ID_NUMBER: "泄露公民身份号码",
    MOBILE: "泄露个人手机号码",
}

RULE_LABELS = {
    "exact": "已知错误写法",
    "homophone": "同音字",
    "shape": "形近字",
    "missing": "缺字",
    "extra": "多字",
    "duplicate": "重复字",
    "swap": "字序颠倒",
    "ordinal": "届次混用",
    "title": "职务与姓名不符",
    "outdated": "已更名",
    "pattern": "号码规则",
}

CATEGORY_LABELS = {
    "leader": "领导人姓名职务",
    "organ": "党和国家机构",
    "congress": "会议名称",
    "formulation": "规范提法",
    "region": "国名地名",
    "xinhua": "新华社禁用词",
    "term": "常用规范词",
    "outdated": "过时名称",
    "privacy": "个人信息",
}


class Hit(NamedTuple):
    """One hit: the matched text, 20 characters of context either side, and the rule that found it."""

    code: str
    matched: str
    context: str
    correction: str | None
    source: str
    offset: int
    rule: str = "exact"
    category: str = ""

    @property
    def end(self) -> int:
        """Offset just past the matched text."""
        return self.offset + len(self.matched)

    @property
    def kind(self) -> str:
        """The code without its family: serious_error, typo, outdated_name, sensitive_word …"""
        return self.code.split(".", 1)[1]

    @property
    def label(self) -> str:
        """The Chinese name of the hit's class."""
        return HIT_LABELS.get(self.code, self.code)

    @property
    def severity(self) -> str:
        """严重 for serious expression errors (a veto item nationally), else 一般."""
        return "严重" if self.code == SERIOUS_ERROR else "一般"

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def term(self) -> str:  # alias of `matched`
        return self.matched

    @property
    def correct(self) -> str | None:  # alias of `correction`
        return self.correction


def make_hit(
    text: str,
    code: str,
    start: int,
    end: int,
    correction: str | None,
    source: str,
    rule: str = "exact",
    category: str = "",
) -> Hit:
    """A hit for text[start:end] with its context window."""
    context = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
    return Hit(code, text[start:end], context, correction, source, start, rule, category)
