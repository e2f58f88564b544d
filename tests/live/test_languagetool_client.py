"""A real LanguageTool client (language_tool_python) pointed at the running server returns the
same flags as `reviewer check`, at the same offsets, also after characters outside the BMP."""

import json

import language_tool_python
import pytest

from reviewer.cli import main

TEXTS = [
    "医保移动支付\n截止目前，全市医保移动支付结算率为41.5%,经办人手机13812345678。\n",
    "𠮷祥县通报冬小麦播种进展\n𠮷𠮷截止目前,全县播种冬小麦21.4万亩,据说进度居全市前列。农技站长手机13812345678。\n",
]


def reviewer_check(text, tmp_path, capsys) -> list[dict]:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    main(["check", "--format", "json", "--date", "2026-11-20", str(path)])
    return json.loads(capsys.readouterr().out)[0]["flags"]


@pytest.mark.parametrize("text", TEXTS)
def test_language_tool_python_sees_the_cli_flags(live_server, text, tmp_path, capsys):
    expected = reviewer_check(text, tmp_path, capsys)
    assert expected
    tool = language_tool_python.LanguageTool("zh-CN", remote_server=live_server)
    try:
        matches = tool.check(text)
    finally:
        tool.close()
    assert [m.rule_id for m in matches] == [f["rule"] for f in expected]
    for m, f in zip(matches, expected, strict=True):
        # the client turns LanguageTool's UTF-16 offset back into a Python index
        assert m.offset == f["start"], (m.rule_id, m.offset, f)
        assert m.error_length == len(f["text"].encode("utf-16-le")) // 2
        assert text[m.offset : m.offset + len(f["text"])] == f["text"]
        # context offsets are UTF-16 too, as LanguageTool sends them (the client slices them as is)
        context = m.context.encode("utf-16-le")
        start = 2 * m.offset_in_context
        assert context[start : start + 2 * m.error_length].decode("utf-16-le") == f["text"].replace("\n", " ")
        if f["rule"] in ("confusion", "halfwidth-punctuation"):
            assert m.replacements == [f["suggestion"]]
    fixed = language_tool_python.utils.correct(text, matches)
    assert "截至目前" in fixed and "截止" not in fixed
