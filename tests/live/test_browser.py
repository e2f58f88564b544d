"""The editors' UI in headless Chromium: what a person sees and clicks."""

import re

from playwright.sync_api import expect

FLAGGED = ("刷脸就医试点情况\n截止目前，全市已有386家定点医药机构开通该服务,日均结算1.2万笔。"
           "在市委、市政府的坚强领导下，各相关部门高度重视。经办人手机13812345678。\n")
XSS_DRAFTS = [
    "<script>window.__xss = 1</script>防汛工作报告\n截止目前已完成。",
    '防汛工作"><img src=x onerror="window.__xss = 2">报告\n截止目前"><svg onload="window.__xss = 3">已完成。',
]


def check(page, url, text):
    page.goto(url + "/")
    page.fill("#text", text)
    page.click("button:has-text('开始检查')")
    expect(page.locator("h1")).to_have_text("自查结果")


def test_self_check_highlight_click_apply_and_submit(page, live_server):
    check(page, live_server, FLAGGED)
    seg = page.locator(".seg.hl", has_text="截止目前")
    expect(seg).to_have_class(re.compile(r"dim-correctness.*sev-error"))
    assert page.locator(".seg.hl").count() >= 4
    item = page.locator(".flag-item", has=page.locator(".goto", has_text="截止目前"))
    expect(item).to_contain_text("来源：")

    item.locator(".goto").click()  # list -> text
    expect(seg).to_have_class(re.compile("current"))
    expect(seg).to_be_in_viewport()
    page.locator(".seg.hl", has_text="13812345678").click()  # text -> list
    phone = page.locator(".flag-item", has=page.locator(".goto", has_text="13812345678"))
    expect(phone).to_have_class(re.compile("current"))
    expect(phone).to_be_in_viewport()

    item.locator(".apply").click()  # one-click substitution
    expect(page.locator("#draft")).to_contain_text("截至目前，全市")
    page.locator(".apply:has-text('改为“，”')").click()
    edited = page.input_value("#edit-text")
    assert "截至目前，全市" in edited and "服务，日均" in edited and "截止" not in edited

    page.click("button:has-text('重新检查')")  # re-check without retyping
    expect(page.locator(".goto", has_text="截止目前")).to_have_count(0)
    page.fill("input[name=unit]", "市医保局")
    page.click("button:has-text('提交待审')")
    expect(page.locator(".ok-banner")).to_contain_text("已提交待审")
    expect(page.locator("#draft")).to_contain_text("截至目前")


def test_dismiss_a_flag_and_find_it_after_reload(page, live_server):
    check(page, live_server, FLAGGED.replace("刷脸就医", "诊间支付"))
    page.fill("input[name=unit]", "市医保局")
    page.click("button:has-text('提交待审')")
    item = page.locator(".flag-item", has=page.locator(".goto", has_text="13812345678"))
    item.locator("input[name=note]").fill("公开的服务热线，不是个人号码")
    item.locator("button.dismiss").click()
    page.reload()
    item = page.locator(".flag-item", has=page.locator(".goto", has_text="13812345678"))
    expect(item).to_have_class(re.compile("decided-dismissed"))
    expect(item.locator(".decision")).to_have_text("已驳回：公开的服务热线，不是个人号码")

    page.goto(live_server + "/queue?unit=市医保局")
    expect(page.locator("table.queue tbody tr")).to_have_count(2)
    expect(page.locator("table.queue")).to_contain_text("诊间支付试点情况")


def test_upload_docx(page, live_server, tmp_path):
    import docx

    document = docx.Document()
    for line in ("关于春耕备耕工作的报告", "截止目前，全县已储备化肥1.2万吨,种子300吨。"):
        document.add_paragraph(line)
    path = tmp_path / "春耕.docx"
    document.save(path)
    page.goto(live_server + "/")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('开始检查')")
    expect(page.locator("#draft")).to_contain_text("关于春耕备耕工作的报告")
    expect(page.locator(".seg.hl", has_text="截止目前")).to_have_count(1)


def test_xss_drafts_render_as_text(page, live_server):
    for n, text in enumerate(XSS_DRAFTS):
        check(page, live_server, text)
        assert page.locator("#draft").text_content() == text
        assert page.locator("#draft img, #draft svg, #draft script, #draft b").count() == 0
        page.fill("input[name=unit]", f'<img src=x onerror="window.__xss = 9">单位{n}')
        page.click("button:has-text('提交待审')")
        expect(page.locator(".meta")).to_contain_text('<img src=x onerror="window.__xss = 9">单位')
        assert page.locator("#draft").text_content() == text
        page.goto(live_server + "/queue")
        expect(page.locator("table.queue")).to_contain_text("<img src=x")
        assert page.evaluate("window.__xss") is None
        assert page.locator("main img").count() == 0
