"""Screenshots of the web UI for the docs: `.venv/bin/python docs/screenshots.py`.

Starts the app on a temporary database with the example drafts and a few more, drives Debian's
headless Chromium (as the browser tests do) and writes docs/screenshots/*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from live.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from web.server import ThreadedServer  # noqa: E402
from web.settings import Settings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
MORE = [  # (unit, title, body)
    ("县农业农村局", "我县春耕备耕物资储备基本到位",
     "截至11月18日，全县已储备化肥2.1万吨、种子860吨,分别占预计需求的88%、92%。"
     "检修农机具3400台（套），组织农技人员126名分片包村开展技术指导。"),
    ("市生态环境局", "我市部分河段水质出现下降苗头",
     "据了解，近期部分河段水质有所下降，情况较为严重，可能存在较大问题。有关部门已经高度重视，采取了一系列措施。"),
    ("高新区管委会", "高新区“一窗通办”压缩企业开办时间",
     "11月17日起，高新区推行“一窗通办”，企业开办时间由3个工作日压缩至1个工作日，"
     "截至11月19日已有46家企业通过该窗口完成登记。"),
    ("市住建局", "我市老旧小区加装电梯面临三方面难题",
     "市住建局调研发现，全市已启动加装电梯的218个老旧小区中，有61个因低层住户反对停工，占28%。"
     "主要原因是补偿标准不明确。建议出台统一的补偿指导标准，并由街道牵头组织协商。"),
    ("县应急管理局", "强降温天气可能引发道路结冰",
     "据气象部门预报，11月22日至24日我县将出现强降温天气，最低气温零下6摄氏度，山区道路可能出现结冰。"
     "建议交通运输部门提前储备融雪剂，对重点路段实行交通管制。"),
]


def fetch(url: str, data: dict | None = None) -> dict:
    body = json.dumps(data, ensure_ascii=False).encode() if data else None
    request = urllib.request.Request(url, body, {"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "shots.db", demo_dir=ROOT / "examples", today=dt.date(2026, 11, 20))
        with ThreadedServer(settings) as url, sync_playwright() as p:
            for unit, title, body in MORE:
                fetch(url + "/api/drafts", {"unit": unit, "text": f"{title}\n{body}"})
            first = fetch(url + "/api/drafts?sort=-score")["items"][0]
            flag = fetch(f"{url}/api/drafts/{first['id']}")["revision"]["flags"][0]
            fetch(f"{url}/api/flags/{flag['id']}/decision", {"decision": "dismissed", "note": "此处为引用原话，不改"})
            fetch(f"{url}/api/drafts/{first['id']}/status", {"status": "returned"})

            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page.goto(url + "/")
            page.fill("#text", (ROOT / "examples" / "01-dynamic-late.txt").read_text(encoding="utf-8"))
            page.click("button:has-text('开始检查')")
            page.locator(".flag-item", has=page.locator(".goto", has_text="截止目前")).locator(".goto").click()
            page.wait_for_timeout(600)
            page.screenshot(path=OUT / "selfcheck.png")
            for name, path in (("queue", "/queue"), ("draft", f"/drafts/{first['id']}"), ("stats", "/stats")):
                page.goto(url + path)
                page.screenshot(path=OUT / f"{name}.png", full_page=name != "draft")
            browser.close()
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
