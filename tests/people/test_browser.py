"""The administrator's round trip in chromium: create a district union, a
staff account and a role grant in the studio; the new staff member logs in
with the one-time password, finds the unit's task in the queue, claims and
completes it. Also the 200-row import with three bad rows, in the browser.

Screenshots (people-*.png, phone and desktop) go where tests/e2e/browser
says (docs/screenshots/ with UPDATE_SCREENSHOTS=1)."""

import re

import pytest

from engine.models import Case, OrgUnit, ProcessDefinition, RoleAssignment, User
from engine.runtime.services import case_start
from tests.e2e.browser import ARGS, CHROMIUM, DESKTOP, PHONE, SCREENSHOTS
from tests.people.test_imports import staff_rows
from tests.runtime.conftest import VALID_ID
from tests.runtime.helpers import open_item


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"people-{name}.png"), full_page=True)


def both_sizes(page, name):
    """Desktop first, then the same page at phone width."""
    page.set_viewport_size(DESKTOP)
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def browser(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def new_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def log_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def select_by_text(page, selector, text):
    value = page.locator(selector).evaluate(
        "(e, t) => [...e.options].find(o => o.textContent.includes(t)).value", text
    )
    page.select_option(selector, value)


@pytest.fixture
def root(units):
    # An administrator as `manage.py createsuperuser` makes one.
    return User.objects.create_superuser("root", password="root-pass-2026", display_name="系统管理员")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_creates_union_account_grant_and_the_new_staff_member_works(
    browser, live_server, root, units, people, all_kinds
):
    base = live_server.url
    admin = new_page(browser)
    log_in(admin, base, "root", "root-pass-2026")
    # the landing page (工作台) links the administration pages
    assert admin.locator("#link-units").is_visible()
    both_sizes(admin, "landing")
    admin.click("#link-units")
    admin.wait_for_url(re.compile(r"/studio/people/units/$"))

    # 1. a district union under 德州市总工会
    select_by_text(admin, "#unit-new select[name=parent]", "德州市总工会")
    admin.select_option("#unit-new select[name=level]", "district")
    admin.fill("#unit-new input[name=code]", "dezhou-xinqu")
    admin.fill("#unit-new input[name=name]", "德州新区总工会")
    admin.fill("#unit-new input[name=short_name]", "新")
    admin.click("#unit-new button[type=submit]")
    admin.wait_for_url(re.compile(r"/studio/people/units/\d+/$"))
    unit = OrgUnit.objects.get(code="dezhou-xinqu")
    assert unit.parent == units["city"] and unit.level == "district"
    both_sizes(admin, "unit")
    admin.goto(f"{base}/studio/people/units/")
    both_sizes(admin, "units")

    # 2. a staff account, its one-time password shown once
    admin.goto(f"{base}/studio/people/accounts/new/")
    admin.fill("#account-new input[name=username]", "zhangmin")
    admin.fill("#account-new input[name=display_name]", "张敏")
    admin.fill("#account-new input[name=mobile]", "13911112222")
    select_by_text(admin, "#account-new select[name=home_unit]", "德州新区总工会")
    admin.click("#account-new button[type=submit]")
    password = admin.locator("#one-time-password").inner_text().strip()
    assert len(password) == 12
    both_sizes(admin, "password-once")
    admin.get_by_role("link", name="返回账号").click()

    # 3. a role grant in the new union
    admin.wait_for_selector("#grant-new")
    select_by_text(admin, "#grant-new select[name=unit]", "德州新区总工会")
    admin.select_option("#grant-new select[name=role]", "officer")
    admin.click("#grant-new button[type=submit]")
    admin.wait_for_load_state()
    assert RoleAssignment.objects.filter(user__username="zhangmin", org_unit=unit, role="officer").exists()
    assert "officer" in admin.locator("table.grants").inner_text()
    both_sizes(admin, "account")

    # who can act: the new union's call-back step now has 张敏
    admin.goto(f"{base}/studio/people/coverage/?unit={unit.pk}")
    row = admin.locator("tr[data-step=intake]")
    assert "张敏" in row.inner_text()
    both_sizes(admin, "coverage")
    admin.goto(f"{base}/studio/changes/")
    assert "德州新区总工会" in admin.content() and "zhangmin" in admin.content()
    admin.locator("table.changes details summary").first.click()
    both_sizes(admin, "changes")

    # a case filed at the new union, through the engine's services
    version = ProcessDefinition.objects.get(key="all_kinds").published_version
    case = case_start(
        version=version,
        applicant=people["applicant"],
        org_unit=unit,
        data={"name": "袁某", "id_number": VALID_ID, "household": [{"relation": "本人", "income": "900.00"}]},
    )
    item = open_item(case, "intake")

    # 4. the new staff member logs in with the one-time password
    staff = new_page(browser)
    log_in(staff, base, "zhangmin", password)
    staff.goto(f"{base}/inbox/?tab=queue")
    assert case.number in staff.content()
    assert staff.locator("#link-studio").count() == 0  # not an administrator
    staff.locator(f"button[formaction='/inbox/tasks/{item.task_id}/claim/']").click()
    staff.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "ASSIGNED" and item.owner.username == "zhangmin"
    staff.goto(f"{base}/cases/{case.pk}/")
    panel = f"#task-{item.task_id}"
    staff.fill(f"{panel} textarea[name=call_note]", "已电话回访，情况属实。")
    staff.locator(f"{panel} button[name=outcome][value=accept]").click()
    staff.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "DONE" and item.completed_by.username == "zhangmin"
    assert Case.objects.get(pk=case.pk).events.filter(action="complete", actor__username="zhangmin").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_of_200_staff_with_three_bad_rows_in_the_browser(browser, live_server, root, units, tmp_path):
    import csv

    path = tmp_path / "staff.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "display_name", "mobile", "email", "language", "home_unit", "is_active"])
        writer.writerows(staff_rows())
    base = live_server.url
    page = new_page(browser)
    log_in(page, base, "root", "root-pass-2026")
    page.goto(f"{base}/studio/people/import/")
    page.select_option("#import select[name=kind]", "staff")
    page.set_input_files("#import input[name=file]", str(path))
    page.click("#import button[type=submit]")
    page.wait_for_selector("table.bad-rows")
    lines = page.locator("table.bad-rows tr[data-line]").evaluate_all("rows => rows.map(r => r.dataset.line)")
    assert lines == ["19", "90", "152"]
    assert "找不到“nowhere”" in page.content()
    assert not User.objects.filter(username__startswith="staff").exists()
    both_sizes(page, "import-preview")
    page.check("#apply input[name=skip_bad]")
    page.click("#apply button[type=submit]")
    page.wait_for_url(re.compile(r"/studio/people/import/$"))
    assert User.objects.filter(username__startswith="staff").count() == 197
    page.goto(f"{base}/studio/people/accounts/?q=staff00")
    both_sizes(page, "accounts")
