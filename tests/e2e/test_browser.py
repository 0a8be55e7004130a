"""The four processes in a real browser (Debian's chromium via Playwright):
the applicant fills the wizard on a phone, staff claim in the inbox and
decide in the case file, and — for hardship aid, the whole story — the
applicant downloads the payment notice from the portal. Screenshots of the
key screens go to docs/screenshots/process-*.png (shown in the README)."""

import contextlib
import datetime as dt
import re

import pytest

from engine.models import Case, User

from .browser import ARGS, CHROMIUM, DESKTOP, PHONE, fill_fields, log_in, shot
from .conftest import process_with_logins
from .driver import demo_entry, open_item, open_steps, pdf_text, start_form, task_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = dt.date.today().year


@pytest.fixture
def browser(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def person(browser, base, username, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)  # the machine may be busy with other suites
    log_in(page, base, username)
    try:
        yield page
    finally:
        context.close()


def apply_in_browser(page, base, key, answers, files_dir, shots=None):
    """Every page the wizard shows, filled and sent with 下一步; then submit
    from the review page. `shots` names the screenshot per page id."""
    shots = shots or {}
    pages = {each["id"]: each["fields"] for each in start_form(key)["steps"]}
    page.goto(f"{base}/apply/{key}/")
    seen = []
    while "/review/" not in page.url:
        step = re.search(rf"/apply/{key}/page/([^/]+)/", page.url).group(1)
        assert step not in seen, f"{step}: " + " ".join(page.locator(".errorlist").all_inner_texts())
        seen.append(step)
        fill_fields(page, pages[step], answers, files_dir, scope="form")
        if step in shots:
            shot(page, shots[step])
        page.locator("button[name=action][value=next]").click()
        page.wait_for_load_state()
    if "review" in shots:
        shot(page, shots["review"])
    page.get_by_role("button", name="确认无误，提交申请").click()
    page.wait_for_url(re.compile(r"/portal/cases/\d+/"))
    case = Case.objects.get(pk=int(re.search(r"/portal/cases/(\d+)/", page.url).group(1)))
    assert case.number in page.content()
    return case


def decide_in_browser(page, base, case, step, outcome, data, comment, files_dir, shots=None):
    """Claim in the inbox's queue, then fill the task's panel in the case
    file and press the outcome's button."""
    shots = shots or {}
    item = open_item(case, step)
    if item.status == "NEW":
        page.goto(f"{base}/inbox/?tab=queue")
        claim = page.locator(f"button[formaction='/inbox/tasks/{item.task_id}/claim/']")
        if "inbox" in shots:
            shot(page, shots["inbox"])
        claim.click()
        page.wait_for_load_state()
        item.refresh_from_db()
        assert item.status == "ASSIGNED"
    page.goto(f"{base}/cases/{case.pk}/")
    panel = f"#task-{item.task_id}"
    data = data or {}
    fields = [f for f in task_fields(case.process_key, step) if f["name"] in data or f.get("type") == "file"]
    for attempt in range(2):
        # A field that depends on another answer of the same panel (the
        # tier once "eligible" is ticked) is revealed by the live show/hide
        # after a round trip to the server; if the fill loop passed it
        # before it appeared, the panel comes back with its error and the
        # second pass fills what is now visible.
        fill_fields(page, fields, data, files_dir, scope=panel)
        if comment:
            page.fill(f"{panel} textarea[name=comment]", comment)
        confirm = page.locator(f"{panel} input[name=confirm_{outcome}]")
        if confirm.count():
            confirm.check()
        if "case" in shots and attempt == 0:
            shot(page, shots["case"])
        page.locator(f"{panel} button[name=outcome][value='{outcome}']").click()
        page.wait_for_load_state()
        item.refresh_from_db()
        if item.status == "DONE":
            return attempt
    errors = " ".join(page.locator(".errorlist").all_inner_texts())
    raise AssertionError(f"{step}: {errors}")


def staff_steps(browser, base, case, progress, files_dir, shots=None):
    for index, entry in enumerate(progress):
        with person(browser, base, entry["by"]) as page:
            decide_in_browser(
                page,
                base,
                case,
                entry["step"],
                entry["outcome"],
                entry.get("data"),
                entry.get("comment", ""),
                files_dir,
                shots=(shots or {}).get(index),
            )


def test_hardship_aid_from_phone_to_downloaded_payment_notice(browser, live_server, tmp_path):
    key, base = "hardship_aid", live_server.url
    process_with_logins(key)
    yuan = demo_entry(key, "yuan")
    applicant = yuan["applicant"]["username"]
    with person(browser, base, applicant, PHONE) as phone:
        shots = {"household": "hardship-wizard", "review": "hardship-review"}
        case = apply_in_browser(phone, base, key, yuan["answers"], tmp_path, shots)
    assert case.data["household_income"] == "4100.00" and case.data["name"] == "苑晓梅"
    assert case.data["hardship_cause"] == "illness" and case.data["bank_card"] == "6228480012345678903"
    shots = {0: {"inbox": "hardship-inbox"}, 3: {"case": "hardship-casefile"}}
    staff_steps(browser, base, case, yuan["progress"], tmp_path, shots)
    case.refresh_from_db()
    assert case.data["file_no"] == f"禹困〔{YEAR}〕001号" and case.data["paid_amount"] == "10400.00"
    assert open_steps(case) == []  # paid: waits for the six-monthly follow-up
    decided = case.events.filter(action="complete").order_by("at", "pk").values_list("step", "outcome")
    assert [pair for pair in decided] == [(each["step"], each["outcome"]) for each in yuan["progress"]]
    with person(browser, base, applicant, PHONE) as phone:
        phone.goto(f"{base}/portal/cases/{case.pk}/")
        link = phone.get_by_role("link", name=re.compile("帮扶救助金发放通知书"))
        shot(phone, "hardship-portal")
        with phone.expect_download() as download:
            link.click()
        text = pdf_text(open(download.value.path(), "rb").read())
    assert "苑晓梅" in text and "10400.00元" in text and f"禹困〔{YEAR}〕001号" in text


def first_decision(key, demo):
    """The demo's first staff decision; the LTC demo case has none, so the
    district officer's check is written here."""
    progress = demo_entry(key, demo).get("progress") or [
        {"step": "declaration_check", "by": "hexi_mw_officer", "outcome": "verified", "data": CHECKED}
    ]
    return progress[0]


CHECKED = {
    "register_match": True,
    "register_no": "TJ-R-0002",
    "documents_complete": True,
    "needs_home_visit": False,
    "check_notes": "与市级劳模名册核对一致。",
}


@pytest.mark.parametrize(
    ("key", "demo", "then"),
    [
        ("model_worker_care", "ltc_subsidy", ["city_approval"]),
        ("collective_contract", "skills_contract", ["union_round"]),
        ("skills_competition", "gold_nev", ["results"]),
    ],
)
def test_applicant_submits_and_first_staff_decision(
    browser, live_server, tmp_path, monkeypatch, key, demo, then
):
    """The wizard on a phone, then the first decision in inbox and case file."""
    monkeypatch.setattr("forms.window.current_date", lambda: dt.date(YEAR, 5, 1))  # 大赛报名期内
    base = live_server.url
    process_with_logins(key)
    entry = demo_entry(key, demo)
    name = key.replace("_", "-")
    with person(browser, base, entry["applicant"]["username"], PHONE) as phone:
        case = apply_in_browser(phone, base, key, entry["answers"], tmp_path, {"review": f"{name}-review"})
    assert case.applicant == User.objects.get(username=entry["applicant"]["username"])
    expected = {k: v for k, v in entry["answers"].items() if isinstance(v, str) and k in case.data}
    assert {k: case.data[k] for k in expected} == expected  # what was typed is what was stored
    first = first_decision(key, demo)
    shots = {0: {"inbox": f"{name}-inbox", "case": f"{name}-casefile"}}
    staff_steps(browser, base, case, [first], tmp_path, shots)
    assert open_steps(case) == then
    assert case.events.get(step=first["step"], action="complete").outcome == first["outcome"]
