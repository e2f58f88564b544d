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
        "市交通运输局部署冬季道路运输安全工作\n11月18日，市交通运输局召开全市冬季道路运输安全工作会议，分管副局长出席并讲话。",
        "我区启动冬季义务植树活动\n11月15日，我区冬季义务植树活动在滨河公园启动，栽植苗木2600株。",
        "市市场监管局开展电梯安全专项检查\n11月以来，市市场监管局开展在用电梯安全专项检查，共检查住宅小区电梯412台。",
    ],
    "experience": [
        "某镇院落议事会激活基层自治\n某镇推行院落议事会制度，一是划定议事范围，二是建立议事清单，矛盾就地化解率由52%提高到86%。",
        "市税务局非接触式办税提速增效\n市税务局探索线上办税模式，纳税人无需到厅即可办理常见业务，平均办税时间压缩至15分钟。",
        "某县托管服务破解种地难\n某县建立农业生产托管服务机制，破解农村劳动力不足难题，托管土地亩均增收180元。",
    ],
    "problem": [
        "我县农村客运班线运营困难\n全县37条农村客运班线中有14条长期亏损，车辆老化严重。建议设立农村客运运营补贴。",
        "社区养老服务站利用率偏低问题突出\n调研发现，社区养老服务站普遍反映服务项目单一，专业护理人员不足。建议引入专业机构连锁运营。",
        "老旧小区充电难问题亟待解决\n老旧小区电动自行车充电桩缺口较大，原因是电力容量不足。建议结合改造同步增容。",
    ],
    "early_warning": [
        "需警惕电动自行车火灾风险上升\n入冬以来，电动自行车违规充电现象增多，火灾风险明显上升，若不及时治理，可能引发火灾。建议开展集中整治。",
        "冒充客服退款诈骗呈高发态势\n11月以来此类案件环比上升38%，预计年底前可能进一步增多，需提前防范。",
        "持续低温可能影响畜禽养殖\n预计下周将出现持续低温天气，部分养殖棚舍存在保温不足风险，值得关注。建议提前做好防寒保暖。",
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
    text = ("需警惕今冬电动自行车火灾风险上升\n入冬以来，全市电动自行车保有量已达42.6万辆，部分老旧小区仍存在飞线充电、"
            "楼道停放等问题，若不及时整治，可能引发火灾事故。建议12月底前完成老旧小区集中充电设施建设全覆盖。")
    result = default_model().predict(encode(Document(text)))
    assert result["label"] == "early_warning"
    assert set(result["scores"]) == set(LABELS) and abs(sum(result["scores"].values()) - 1) < 1e-3
    assert result["evidence"] and all(e in text for e in result["evidence"])
    json.dumps(result)  # the category is part of the JSON contract


def test_shipped_model_card():
    card = default_model().card
    assert card["labels"] == list(LABELS) and len(card["corpus_sha256"]) == 64
    assert card["test"]["accuracy"] >= 0.9
