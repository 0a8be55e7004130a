"""The staff's day in a real browser (Debian's chromium via Playwright): the
call-back panel with the applicant's phone as a tel: link and the time left,
the assessment panel that offers 建档帮扶 only once 符合建档条件 is 是, and
the chair's decision with tier and amount at the top of the panel. The case
reaches each step through the HTTP views; screenshots go to
docs/screenshots/staff-*.png with UPDATE_SCREENSHOTS=1."""

import re

import pytest

from .browser import DESKTOP, PHONE, SCREENSHOTS
from .conftest import process_with_logins
from .driver import apply, decide, demo_entry, login, open_item, open_steps, walk
from .test_browser import browser, person  # noqa: F401 - the fixture and the context manager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY = "hardship_aid"
YUAN = demo_entry(KEY, "yuan")
CALL, *CHECKS = YUAN["progress"][:3]
GRANT = {
    "eligible": True,
    "tier": "deep",
    "proposed_amount": "8000.00",
    "assessment_notes": "深度困难，建议救助 8000 元。",
}


def staff_shot(page, name, element=None):
    """The page (or one element of it: a decision panel) as a PNG."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SCREENSHOTS / f"staff-{name}.png")
    if element is not None:
        element.screenshot(path=path)
    else:
        page.screenshot(path=path, full_page=True)


def test_chair_decides_with_tier_and_amount_on_top_and_deadlines_count_down(browser, live_server):  # noqa: F811
    base = live_server.url
    process_with_logins(KEY)
    case = apply(login(YUAN["applicant"]["username"]), KEY, YUAN["answers"])
    call = open_item(case, "call_back")

    with person(browser, base, "wangkai") as page:
        page.goto(f"{base}/inbox/?tab=queue")
        row = page.locator("tr", has=page.locator(f"a:text('{case.number}')"))
        assert re.search(r"剩余 (2\d|30) 分钟", row.inner_text()), row.inner_text()
        staff_shot(page, "inbox-countdown", page.locator("table").first)
        page.locator(f"button[formaction='/inbox/tasks/{call.task_id}/claim/']").click()
        page.wait_for_load_state()
        page.goto(f"{base}/cases/{case.pk}/")
        panel = page.locator(f"#task-{call.task_id}")
        tel = panel.locator(".panel-summary a[href='tel:13905348866']")
        assert tel.is_visible() and tel.inner_text() == "13905348866"
        assert re.search(r"剩余 \d+ 分钟", page.locator(".current-item").first.inner_text())
        staff_shot(page, "call-back-panel", page.locator(".current"))

    walk(case, [CALL, *CHECKS])
    with person(browser, base, "wangkai") as page:
        assess = open_item(case, "assess")
        page.goto(f"{base}/cases/{case.pk}/")
        page.locator(f"form[action='/inbox/tasks/{assess.task_id}/claim/'] button").click()
        page.wait_for_load_state()
        panel = page.locator(f"#task-{assess.task_id}")
        grant = panel.locator("button[name=outcome][value=grant]")
        assert not grant.is_visible()  # not yet eligible: the reason shows instead
        assert panel.locator("[data-outcome-refusal=grant]").is_visible()
        panel.locator("input[name=eligible][value=true]").check(force=True)
        grant.wait_for(state="visible")
        panel.locator("input[name=eligible][value=false]").check(force=True)
        grant.wait_for(state="hidden")
        staff_shot(page, "assess-panel", panel)
        page.set_viewport_size(PHONE)
        staff_shot(page, "assess-panel-phone", panel)

    decide(case, "assess", "wangkai", "grant", GRANT)
    assert open_steps(case) == ["chair_approval"]
    chair_item = open_item(case, "chair_approval")
    for viewport, suffix in ((PHONE, "-phone"), (DESKTOP, "")):
        with person(browser, base, "yangxin", viewport) as page:
            page.goto(f"{base}/cases/{case.pk}/#task-{chair_item.task_id}")
            panel = page.locator(f"#task-{chair_item.task_id}")
            summary = panel.locator(".panel-summary")
            text = summary.inner_text()
            assert "帮扶档次" in text and "深度困难" in text and "8000.00 元" in text
            approve = panel.locator("button[name=outcome][value=approve]")
            # the summary is the first thing in the panel, above the buttons
            assert summary.bounding_box()["y"] < approve.bounding_box()["y"]
            assert summary.bounding_box()["y"] - panel.bounding_box()["y"] < 120  # right under the title
            staff_shot(page, f"chair-panel{suffix}", page.locator(".current"))
            if viewport is DESKTOP:
                approve.click()
                page.wait_for_url(re.compile(r"/inbox/"))
    assert open_steps(case) == ["payment"]

    with person(browser, base, "yucheng_finance") as page:
        page.goto(f"{base}/inbox/?tab=queue")
        row = page.locator("tr", has=page.locator(f"a:text('{case.number}')"))
        assert re.search(r"剩余 \d+ (天|小时)", row.inner_text()), row.inner_text()
