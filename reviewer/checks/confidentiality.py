"""confidentiality 保密: personal data and classification markings that must not travel upward.

来源：002 “国家秘密、商业秘密、个人隐私…不得公开”；GB 11643《公民身份号码》（校验码）。

Rationale: a phone number or ID number in a draft is forwarded to every reader of the bulletin.
Numbers are validated (ID-card checksum, Luhn for bank cards) so that amounts and codes are not
mistaken for personal data; public hotlines (12345 …) are published and left alone. Messages
mask the number: the secret is never repeated in full.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from reviewer.flag import Hit, rule
from reviewer.resources import read_lines, read_tsv

LONG_NUMBER = re.compile(r"\d{3}[\s-]?\d{4}")  # every number these rules look for has a run like this
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def mask(secret: str, keep_head: int = 3, keep_tail: int = 2) -> str:
    digits = re.sub(r"[\s-]", "", secret)
    return digits[:keep_head] + "*" * max(0, len(digits) - keep_head - keep_tail) + digits[-keep_tail:]


def id_checksum_ok(number: str) -> bool:
    """GB 11643: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=False))
    return ID_CHECK[total % 11] == number[17].upper()


def _birth_date_ok(number: str) -> bool:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year and born <= dt.date.today()


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


@rule("mobile-number", "confidentiality", "error")
def mobile_number(doc):
    """手机号码：稿件中出现个人手机号码，属个人信息，不应随信息上报。
    来源：002 “个人隐私…不得公开”；GUIDANCE 保密 “mobile numbers…Hotlines such as 12345 are public”
    示例：联系人：刘某某，手机13812345678。
    """
    if not LONG_NUMBER.search(doc.norm):
        return
    for m in re.finditer(r"(?<![\d.])1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![\d.])", doc.norm):
        yield Hit(m.start(), m.end(), f"出现手机号码（{mask(m.group())}），属个人信息，请删除或改为单位公开电话",
                  "删除号码")


@rule("id-card-number", "confidentiality", "error")
def id_card_number(doc):
    """身份证号码：校验码有效的 18 位公民身份号码，属个人信息。
    来源：002 “个人隐私…不得公开”；GB 11643《公民身份号码》
    示例：户主李某（身份证号110105194912310021）已领取补助。
    """
    if not LONG_NUMBER.search(doc.norm):
        return
    for m in re.finditer(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])", doc.norm):
        number = m.group()
        if id_checksum_ok(number) and _birth_date_ok(number):
            yield Hit(m.start(), m.end(), f"出现身份证号码（{mask(number, 4, 2)}），属个人信息，请删除",
                      "删除号码")


@rule("bank-card-number", "confidentiality", "error")
def bank_card_number(doc):
    """银行卡号：通过 Luhn 校验的 16–19 位卡号，属个人金融信息。
    来源：002 “个人隐私…不得公开”
    示例：补助资金已打入6222021234567890128账户。
    """
    if not LONG_NUMBER.search(doc.norm):
        return
    for m in re.finditer(r"(?<![\d.])(?:\d{4}[ -]?){3}\d{4,7}(?![\d.])", doc.norm):
        digits = re.sub(r"[ -]", "", m.group())
        if 16 <= len(digits) <= 19 and digits[0] in "3456" and luhn_ok(digits) and not id_checksum_ok(digits):
            yield Hit(m.start(), m.end(), f"出现银行卡号（{mask(digits, 4, 4)}），属个人信息，请删除", "删除卡号")


@rule("email-address", "confidentiality", "warning")
def email_address(doc):
    """电子邮箱：稿件中出现个人电子邮箱地址。
    来源：GUIDANCE 保密 “Personal data: mobile numbers, ID-card numbers, bank cards, e-mail”
    示例：材料请发送至wangxm1978@163.com。
    """
    for m in re.finditer(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", doc.norm):
        name, _, host = m.group().partition("@")
        yield Hit(m.start(), m.end(), f"出现电子邮箱（{name[:2]}***@{host}），如属个人信息请删除", "删除邮箱")


@lru_cache(maxsize=1)
def _hotlines() -> frozenset[str]:
    return frozenset(read_lines("confidentiality/hotlines.txt"))


@rule("personal-landline", "confidentiality", "warning")
def personal_landline(doc):
    """联系人电话：写明联系人的固定电话，属个人信息，信息稿中一般不写。
    来源：GUIDANCE 保密 “a named person with a phone. Hotlines such as 12345 are public and fine”
    示例：联系人：李某，电话0531-86012345。
    """
    pattern = r"联系人[^。\n]{0,20}?(?<![\d-])(0\d{2,3}-?\d{7,8})(?![\d-])"
    for m in re.finditer(pattern, doc.norm):
        number = m.group(1)
        if number.replace("-", "") not in _hotlines():
            yield Hit(m.start(1), m.end(1), f"出现联系人电话（{mask(number, 4, 2)}），请删除或改为单位公开电话",
                      "删除号码")


@lru_cache(maxsize=1)
def _markings():
    anywhere = [p for p, where in read_tsv("confidentiality/markings.tsv") if where == "anywhere"]
    standalone = [p for p, where in read_tsv("confidentiality/markings.tsv") if where == "standalone"]
    alt = "|".join(map(re.escape, standalone))
    return (
        re.compile("|".join(map(re.escape, anywhere))),
        re.compile(rf"(?:^|(?<=[\[【（(]))(?:{alt})(?=$|[\s\]】）)★，,])", re.M),
    )


@rule("classification-marking", "confidentiality", "error")
def classification_marking(doc):
    """密级标志：稿件中出现“秘密★”“内部资料”“不得外传”等密级或传阅标志。
    来源：002 “国家秘密…不得公开”；GUIDANCE 保密 “Classification markings leaked into a draft”
    示例：【内部资料 不得外传】关于我县重点项目推进情况的报告
    """
    anywhere, standalone = _markings()
    for regex in (anywhere, standalone):
        for m in regex.finditer(doc.norm):
            yield Hit(m.start(), m.end(), f"出现密级或传阅标志“{m.group()}”：涉密内容不得通过政务信息报送",
                      "删除标志并确认内容不涉密")


RULES = (mobile_number, id_card_number, bank_card_number, email_address, personal_landline,
         classification_marking)
