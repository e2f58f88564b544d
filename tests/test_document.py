"""Decoding, normalisation and segmentation: offsets always point into the original text."""


import pytest
from conftest import docx_bytes

from reviewer.document import MAX_BYTES, Document, InputError, decode_bytes, normalise, read_path

DRAFT = "区市场监管局开展冬季食品安全检查\n11月19日，共检查农贸市场42个、食品经营户615户。"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_decodes_common_encodings(codec):
    assert decode_bytes(DRAFT.encode(codec)).text == DRAFT


def test_gbk_is_reported_in_a_note():
    source = decode_bytes(DRAFT.encode("gbk"))
    assert source.notes and "GB18030" in source.notes[0]


def test_crlf_becomes_lf():
    assert decode_bytes(DRAFT.replace("\n", "\r\n").encode()).text == DRAFT


@pytest.mark.parametrize("data, words", [
    (b"", "为空"),
    (b"  \n\t ", "为空"),
    (bytes(range(256)) * 4, "不是文本"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "不是文本"),
])
def test_bad_bytes_get_a_chinese_error(data, words):
    with pytest.raises(InputError, match=words):
        decode_bytes(data)


def test_oversized_input_is_refused_with_its_size():
    with pytest.raises(InputError, match="文件过大"):
        decode_bytes(b"a" * (MAX_BYTES + 1))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        read_path(str(tmp_path / "none.txt"))
    with pytest.raises(InputError, match="目录"):
        read_path(str(tmp_path))



def test_docx_title_is_first_non_empty_paragraph():
    data = docx_bytes(["", "  ", "区市场监管局开展冬季食品安全检查", "11月19日，共检查农贸市场42个。", "",
                        "责令整改食品经营户37户。"])
    expected = "区市场监管局开展冬季食品安全检查\n11月19日，共检查农贸市场42个。\n责令整改食品经营户37户。"
    assert decode_bytes(data, "a.docx").text == expected


def test_broken_docx_gets_a_chinese_error():
    data = docx_bytes(["标题", "正文"])
    with pytest.raises(InputError, match="docx"):
        decode_bytes(data[: len(data) // 2], "broken.docx")


def test_normalise_keeps_length_and_folds():
    text = "會議要求，各縣區１２月底前完成ＡＢＣ檢查（附件２）。"
    norm = normalise(text)
    assert len(norm) == len(text)
    assert norm == "会议要求，各县区12月底前完成ABC检查（附件2）。"


def test_traditional_draft_offsets_point_into_original(review_text):
    text = "區市場監管局開展食品安全檢查\n截止目前，共檢查農貿市場42個，抽檢食品樣品306批次，值班人員手機13812345678。"
    result = review_text(text)
    assert result.notes and "繁体" in result.notes[0]
    found = {f.rule: f for f in result.flags}
    assert found["confusion"].text == "截止目前"
    assert found["mobile-number"].text == "13812345678"
    for f in result.flags:
        assert text[f.start : f.end] == f.text


def test_sentences_tokens_and_spacy_doc_share_offsets():
    doc = Document(DRAFT)
    assert doc.title == "区市场监管局开展冬季食品安全检查"
    assert [doc.norm[s.start : s.end] for s in doc.sentences][1] == "11月19日，共检查农贸市场42个、食品经营户615户。"
    assert "".join(w for w, _, _ in doc.tokens) == doc.norm
    assert doc.spacy_doc.text == doc.norm
    assert [t.idx for t in doc.spacy_doc] == [s for _, s, _ in doc.tokens]


def test_government_terms_are_single_tokens():
    doc = Document("标题\n各地要高度重视隐患排查，推行免申即享。")
    words = {w for w, _, _ in doc.tokens}
    assert {"高度重视", "隐患排查", "免申即享"} <= words
