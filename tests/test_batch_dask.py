"""The same batch on a Dask LocalCluster of two worker processes gives the same records as a
local run: the per-draft function is pure and picklable, the engine is interchangeable."""

import datetime as dt
import json
from functools import partial
from pathlib import Path

import pytest

from reviewer import batch, results

distributed = pytest.importorskip("distributed")

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "drafts"


def test_batch_on_a_local_dask_cluster(tmp_path):
    from classifiers.model import classify

    rows = [json.loads(line) for line in sorted(CORPUS.glob("*.jsonl"))[0].read_text(encoding="utf-8").splitlines()]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:40]), encoding="utf-8")
    date = dt.date(2026, 11, 20)
    batch.run([str(src)], str(tmp_path / "local.jsonl"), jobs=1, date=date, classify=classify, progress=False)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        submit = partial(client.submit, pure=False)
        batch.run([str(src)], str(tmp_path / "dask.jsonl"), jobs=2, date=date, classify=classify, submit=submit,
                  progress=False)
        assert len(client.nthreads()) == 2
    assert list(results.read(tmp_path / "dask.jsonl")) == list(results.read(tmp_path / "local.jsonl"))
