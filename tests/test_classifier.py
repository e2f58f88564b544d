"""The category model: trains on a tiny inline corpus, exports arrays that reproduce the
Pipeline exactly, round-trips through disk, refuses a model from another scikit-learn version."""

import json

import numpy as np
import pytest

from classifiers.features import encode
from classifiers.model import CategoryModel, ModelError, build_pipeline, default_model, export, save
from reviewer.document import Document
from reviewer.labels import LABELS

TINY = {
    "dynamic": [
        "市政府召开冬季安全生产部署会\n11月17日，市政府召开全市冬季安全生产工作部署会，副市长出席并讲话。",
        "我县启动冬春农田水利建设\n11月16日，我县冬春农田水利建设在城关镇启动，开工项目19个。",
        "市医保局开展专项检查\n11月以来，市医保局开展定点医药机构专项检查，共检查定点医院38家。",
    ],
    "experience": [
        "某县积分制激发乡村治理活力\n某县推行积分制，一是细化积分指标，二是设立积分超市，村民参与比例由35%提高到78%。",
        "市人社局免申即享稳岗返还\n市人社局探索数据比对，企业无需申请即可获得返还资金，办理时限缩短至3个工作日。",
        "某区小区议事厅化解物业纠纷\n某区建立小区议事厅机制，破解物业纠纷难题，物业投诉同比下降33%。",
    ],
    "problem": [
        "我市农村供水管护存在问题\n全市104处供水工程未落实管护经费，水管员缺乏培训。建议将管护经费纳入预算。",
        "中小企业融资难问题突出\n调研发现，企业普遍反映银行抵押要求高，担保能力不足。建议扩大融资担保规模。",
        "城区停车难问题亟待解决\n城区停车泊位缺口较大，原因是规划滞后。建议盘活内部停车资源。",
    ],
    "early_warning": [
        "需警惕燃气安全事故风险上升\n进入供暖季，燃气安全风险明显上升，若不及时整治，可能引发事故。建议开展专项排查。",
        "刷单返利诈骗呈高发态势\n10月以来此类案件环比上升46%，预计促销期间可能进一步增多，需提前防范。",
        "寒潮可能影响设施农业\n预计下周将出现寒潮天气，简易大棚存在垮塌风险，值得关注。建议提前加固棚体。",
    ],
}


@pytest.fixture(scope="module")
def tiny():
    X = [encode(Document(t)) for label in LABELS for t in TINY[label]]
    y = [label for label in LABELS for _ in TINY[label]]
    pipe = build_pipeline()
    pipe.steps[0][1].transformer_list[0][1].min_df = 1  # a tiny corpus has few repeated words
    pipe.steps[0][1].transformer_list[1][1].min_df = 1
    return pipe.fit(X, y), X, y


def test_pipeline_trains_and_fits_its_corpus(tiny):
    pipe, X, y = tiny
    assert list(pipe.predict(X)) == y


def test_exported_arrays_reproduce_predict_proba(tiny):
    pipe, X, _ = tiny
    model = CategoryModel(export(pipe), {})
    expected = pipe.predict_proba(X)
    for row, x in zip(expected, X, strict=True):
        scores = model.predict(x)["scores"]
        got = [scores[c] for c in pipe.classes_]
        assert np.allclose(got, row, atol=1e-4)


def test_saved_model_round_trips(tiny, tmp_path):
    pipe, X, _ = tiny
    save(pipe, {"sklearn_version": __import__("sklearn").__version__}, tmp_path)
    loaded = CategoryModel.load(tmp_path)
    assert [loaded.predict(x) for x in X] == [CategoryModel(export(pipe), {}).predict(x) for x in X]


def test_model_from_another_sklearn_version_is_refused(tiny, tmp_path):
    pipe, _, _ = tiny
    save(pipe, {"sklearn_version": "0.0.1"}, tmp_path)
    with pytest.raises(ModelError, match="0.0.1.*重新训练"):
        CategoryModel.load(tmp_path)


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="无法读取分类模型"):
        CategoryModel.load(tmp_path)


def test_shipped_model_predicts_with_evidence_from_the_draft():
    text = ("需警惕今冬燃气安全事故风险上升\n进入供暖季，全市仍有老旧燃气管道约126公里超过设计使用年限，"
            "若不及时更新改造，可能引发泄漏事故。建议12月底前完成餐饮场所燃气报警器安装全覆盖。")
    result = default_model().predict(encode(Document(text)))
    assert result["label"] == "early_warning"
    assert set(result["scores"]) == set(LABELS) and abs(sum(result["scores"].values()) - 1) < 1e-3
    assert result["evidence"] and all(e in text for e in result["evidence"])
    json.dumps(result)  # the category is part of the JSON contract


def test_shipped_model_card():
    card = default_model().card
    assert card["labels"] == list(LABELS) and len(card["corpus_sha256"]) == 64
    assert card["test"]["accuracy"] >= 0.9
