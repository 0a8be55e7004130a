"""The administrator's round trip in a real browser: edit a definition, see
the error at its line, fix it, publish; a new case runs on version 2 while a
version-1 case finishes on version 1."""

import re

import pytest
from django.test import Client

from engine.models import Case, ProcessDefinition
from engine.runtime.services import task_claim, task_complete
from tests.e2e.browser import ARGS, CHROMIUM, SCREENSHOTS
from tests.runtime.helpers import open_item


@pytest.fixture
def browser_page(live_server, admin_user, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by the test itself are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(admin_user)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(60_000)  # the machine may be busy with other suites
        yield page
        browser.close()


def _line_of(text, needle):
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_edit_error_fix_publish_and_both_versions_run(browser_page, live_server, start, people):
    page = browser_page
    old = start()  # a version-1 case, running
    page.goto(f"{live_server.url}/studio/p/all_kinds/")
    page.get_by_role("button", name="新建草稿").click()
    page.wait_for_url(re.compile(r"/studio/p/all_kinds/v2/edit/"))

    # edit: a typo in a step reference
    original = page.input_value("#source")
    broken = original.replace("next: intake", "next: intak", 1)
    line = _line_of(broken, "next: intak")
    page.fill("#source", broken)
    page.click("#save")
    page.wait_for_selector("#problems")
    problem = page.locator("li.problem").first
    assert problem.get_attribute("data-line") == str(line)
    assert "intak" in problem.inner_text() and f"definition.yaml:{line}:" in problem.inner_text()
    assert page.locator(".gutter .ln.error").evaluate_all("els => els.map(e => e.dataset.line)") == [
        str(line)
    ]
    # the link jumps to the line: the caret sits on it
    problem.locator("a.goto").click()
    caret_line = page.evaluate(
        "() => { const t = document.getElementById('source');"
        " return t.value.slice(0, t.selectionStart).split('\\n').length; }"
    )
    assert caret_line == line
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "studio-editor-error.png"), full_page=True)
    assert ProcessDefinition.objects.get(key="all_kinds").published_version.number == 1

    # fix, and make a real change: the call-back gets an hour
    fixed = original.replace("within: 30 minutes", "within: 1 hours", 1)
    page.fill("#source", fixed)
    page.click("#save")
    page.wait_for_selector("#no-problems")
    assert page.locator(".gutter .ln.error").count() == 0

    # impact, then publish without moving the running case
    page.click("#to-publish")
    page.wait_for_url(re.compile(r"/impact/"))
    assert old.number in page.inner_text("table.impact")
    page.click("#publish")
    page.wait_for_url(re.compile(r"/studio/p/all_kinds/$"))
    assert "已发布" in page.inner_text("#version-2")
    assert "已停用" in page.inner_text("#version-1")

    page.goto(f"{live_server.url}/studio/p/all_kinds/v2/")
    assert page.locator("#diagram svg").count() == 1
    page.locator("#diagram").screenshot(path=str(SCREENSHOTS / "studio-diagram.png"))

    # the diff between the versions reads as text, on a desktop and a phone
    page.goto(f"{live_server.url}/studio/p/all_kinds/diff/?a=1&b=2")
    changes = page.inner_text("body")
    assert "~ intake" in changes and "{'" not in changes
    page.screenshot(path=str(SCREENSHOTS / "studio-diff.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "studio-diff-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # dry run of the new version along the prefilled sample path
    page.goto(f"{live_server.url}/studio/p/all_kinds/v2/dry-run/")
    page.click("#run")
    page.wait_for_selector("#result")
    assert page.inner_text("#final-status") == "granted"
    assert page.locator("#path tr.action-complete").count() >= 5
    page.screenshot(path=str(SCREENSHOTS / "studio-dryrun.png"), full_page=True)

    # a new case runs on version 2, the old one finishes on version 1
    new = start()
    assert new.version.number == 2 and new.flow_class.__name__ == "AllKinds_v2"
    new_item = open_item(new, "intake")
    assert (new_item.due_at - new_item.created).total_seconds() == 3600
    item = open_item(old, "intake")
    task_claim(task=item.task, user=people["officer"])
    task_complete(task=item.task, user=people["officer"], outcome="withdraw", comment="撤回")
    old = Case.objects.get(pk=old.pk)
    assert old.version.number == 1 and old.flow_class.__name__ == "AllKinds_v1"
    assert old.status == "DONE" and old.final_status == "withdrawn"
