"""A new applicant, from sign-up to the staff inbox, on a phone (Debian's
chromium via Playwright, 390x844): sign-up with the one-time code the SMS
backend delivered, the profile's union chosen by search, the hardship-aid
wizard with a deliberate upload error (the good files stay 已上传) and a
draft resumed after logging out, the receipt, and the case in the queue of
the district's staff; then the same applicant enters the skills
competition and it reaches an event organiser. No demo applicant is used:
only the answers of the demo's story, typed by a new account. Screenshots
of each applicant page go to docs/screenshots/applicant-*.png."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from accounts import sms
from engine.models import Case, OrgUnit, RoleAssignment
from engine.runtime.notify import role_holders

from .browser import ARGS, CHROMIUM, PHONE, SCREENSHOTS, fill_fields, log_in
from .conftest import process_with_logins
from .driver import PDF, demo_entry, start_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOBILE = "13512340001"
PASSWORD = "Hx9!union-2026"
YEAR = dt.date.today().year


def id_card_picture() -> bytes:
    """A small picture of a card, for the preview."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 150), "#dfe9f5")
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 12, 228, 138), outline="#1f4b8f", width=3)
    draw.rectangle((24, 30, 84, 110), fill="#9fb6d6")
    for y in (36, 60, 84, 108):
        draw.rectangle((100, y, 210, y + 8), fill="#5f7ea8")
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"applicant-{name}.png"), full_page=True)


@pytest.fixture
def browser(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    sms.outbox.clear()
    cache.clear()  # code-request throttles: each test signs up the same number
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def click(page, name):
    page.get_by_role("button", name=name, exact=True).first.click()
    page.wait_for_load_state()


def sign_up(page, base, name):
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=mobile]", MOBILE)
    click(page, "获取验证码")
    assert "验证码已发送至 135****0001" in page.content()
    code = re.search(r"\d{6}", [m for m in sms.outbox if m.to == MOBILE][-1].text).group(0)
    page.fill("input[name=code]", code)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    shot(page, "signup")
    click(page, "注册")
    assert "/accounts/profile/" in page.url


def choose_union(page, search, unit_name):
    page.fill("input[name=unit_query]", search)
    click(page, "搜索")
    page.get_by_role("radio", name=re.compile(f"^{unit_name}（")).check()
    page.fill("input[name=id_number]", "371482198503122040")
    shot(page, "profile")
    click(page, "保存")


def wizard_step(page, key):
    return re.search(rf"/apply/{key}/page/([^/]+)/", page.url).group(1)


def fill_pages(page, key, answers, files_dir, *, until=None, on_page=None):
    """Fill and send pages with 下一步 until the review (or page `until`)."""
    pages = {each["id"]: each["fields"] for each in start_form(key)["steps"]}
    seen = []
    while "/review/" not in page.url:
        step = wizard_step(page, key)
        if step == until:
            return
        assert seen.count(step) < 2, f"{step}: " + " ".join(page.locator(".errorlist").all_inner_texts())
        seen.append(step)
        if on_page and on_page(step):
            continue  # the hook filled and sent the page itself
        fill_fields(page, pages[step], answers, files_dir, scope="form")
        click(page, "下一步")


def submit_and_read_receipt(page):
    click(page, "确认无误，提交申请")
    page.wait_for_url(re.compile(r"/portal/cases/\d+/receipt/"))
    return Case.objects.get(pk=int(re.search(r"/portal/cases/(\d+)/", page.url).group(1)))


def in_queue_of(browser, base, username, case):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        log_in(page, base, username)
        page.goto(f"{base}/inbox/?tab=queue")
        return case.number in page.content()
    finally:
        context.close()


def test_new_applicant_signs_up_and_applies_for_hardship_aid(browser, live_server, tmp_path):
    key, base = "hardship_aid", live_server.url
    process_with_logins(key)
    answers = dict(demo_entry(key, "yuan")["answers"])  # the story's answers, typed by a new account
    context, page = phone_page(browser)
    sign_up(page, base, answers["name"])
    choose_union(page, "禹城", "禹城市总工会")
    page.wait_for_url(re.compile(r"/portal/$"))
    page.goto(f"{base}/apply/")
    page.get_by_role("link", name=re.compile("困难职工帮扶救助")).first.click()
    page.wait_for_load_state()

    # Three pages, then 保存草稿 on the fourth with a value that does not pass.
    fill_pages(page, key, answers, tmp_path, until="hardship")
    fields = {each["id"]: each["fields"] for each in start_form(key)["steps"]}
    fill_fields(page, fields["hardship"], answers, tmp_path, scope="form")
    page.fill("input[name=medical_bills]", "")
    page.fill("input[name=medical_bills]", "86000.123")
    click(page, "保存草稿")
    assert "标出的内容还需要修改" in page.content()
    page.locator("form button.link, header button.link").filter(has_text="退出").first.click()
    page.wait_for_load_state()

    # Back on the phone later: log in by mobile number, find the draft, carry on.
    log_in(page, base, MOBILE, PASSWORD)
    page.goto(f"{base}/portal/")
    assert "困难职工帮扶救助" in page.content() and "继续填写" in page.content()
    shot(page, "my-applications-draft")
    page.get_by_role("link", name="继续填写").first.click()
    page.wait_for_load_state()
    assert wizard_step(page, key) == "hardship"
    box = page.locator("[data-field=medical_bills]")
    assert box.locator("input").input_value() == "86000.123" and box.locator(".errorlist").count() == 1
    assert page.locator("#error-summary").count() == 1
    shot(page, "draft-resumed")
    page.fill("input[name=medical_bills]", answers["medical_bills"])
    click(page, "下一步")

    def attachments_with_one_bad_file(step):
        if step != "attachments":
            return False
        fill_fields(page, fields[step], answers, tmp_path, scope="form")
        photo = tmp_path / "id_card.png"
        photo.write_bytes(id_card_picture())
        page.set_input_files("input[name=id_copy]", str(photo))  # a picture: shown as a preview
        bad = tmp_path / "income.png"
        bad.write_bytes(b"GIF89a this is no png")
        page.set_input_files("input[name=income_proof]", str(bad))
        click(page, "下一步")
        assert wizard_step(page, key) == "attachments"
        assert "文件内容与扩展名不符" in page.locator("[data-field=income_proof]").inner_text()
        kept = page.locator("[data-field=id_copy] .uploaded")
        assert kept.count() == 1 and "已上传" in kept.inner_text()
        assert kept.locator("img.preview").evaluate("img => img.complete && img.naturalWidth") == 240
        shot(page, "upload-error")
        good = tmp_path / "income.pdf"
        good.write_bytes(PDF)
        page.set_input_files("input[name=income_proof]", str(good))
        click(page, "下一步")
        return True

    fill_pages(page, key, answers, tmp_path, on_page=attachments_with_one_bad_file)
    shot(page, "review")
    case = submit_and_read_receipt(page)
    html = page.content()
    assert case.number in html and "电话回访" in html and "将在 30 分钟 内办理" in html
    shot(page, "receipt")
    page.goto(f"{base}/portal/cases/{case.pk}/")
    assert "提交的内容" in page.content() and "income.pdf" in page.content()
    shot(page, "case")
    page.goto(f"{base}/portal/notifications/")
    assert f"您的申请 {case.number} 已提交" in page.content()
    shot(page, "notifications")
    context.close()

    assert case.applicant.username == MOBILE and case.data["medical_bills"] == "86000.00"
    assert case.org_unit == OrgUnit.objects.get(name="禹城市总工会")
    officers = role_holders("rights_officer", case.org_unit)
    assert officers and in_queue_of(browser, base, officers[0].username, case)
    other = RoleAssignment.objects.filter(role="rights_officer").exclude(org_unit=case.org_unit).first()
    assert other is None or not in_queue_of(browser, base, other.user.username, case)


def test_the_same_new_applicant_enters_the_competition_and_it_reaches_the_organiser(
    browser, live_server, tmp_path, monkeypatch
):
    monkeypatch.setattr("forms.window.current_date", lambda: dt.date(YEAR, 5, 1))  # 大赛报名期内
    base = live_server.url
    process_with_logins("hardship_aid")
    process_with_logins("skills_competition")
    answers = dict(demo_entry("skills_competition", "gold_nev")["answers"])
    context, page = phone_page(browser)
    sign_up(page, base, answers.get("name", "陈志远"))
    choose_union(page, "禹城", "禹城市总工会")  # a 禹城 member entering the Beijing competition
    page.goto(f"{base}/apply/skills_competition/")
    page.wait_for_load_state()
    fill_pages(page, "skills_competition", answers, tmp_path)
    case = submit_and_read_receipt(page)
    shot(page, "competition-receipt")
    context.close()
    organisers = role_holders("event_organiser", case.org_unit)
    assert organisers, f"no event_organiser acts for {case.org_unit}"
    assert in_queue_of(browser, base, organisers[0].username, case)
    assert case.org_unit != case.applicant.home_unit  # filed with the organising body, not at 禹城
