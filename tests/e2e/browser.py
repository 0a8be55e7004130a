"""Filling the engine's pages in a real browser from the same answers the
HTTP tests post: a field is found by its name and filled by what the page
renders for it (text, select, radio, checkbox, file, table rows)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .driver import PDF, PNG, scalar

CHROMIUM = Path("/usr/bin/chromium")
# The README's pictures are refreshed only on request (UPDATE_SCREENSHOTS=1),
# so an ordinary test run leaves the working tree clean.
SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "unionflow-screenshots"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"process-{name}.png"), full_page=True)


def log_in(page, base: str, username: str, password: str = "demo12345"):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def fill_fields(page, fields: list[dict], answers: dict, files_dir: Path, scope: str = "body"):
    """Fill in spec order; a field shown by an earlier answer appears after
    the page's visibility request returns, so a second pass fills those."""
    _fill_pass(page, fields, answers, files_dir, scope)
    page.wait_for_load_state("networkidle")
    _fill_pass(page, fields, answers, files_dir, scope)


def _fill_pass(page, fields, answers, files_dir, scope):
    for field in fields:
        name, kind = field["name"], field.get("type")
        if kind == "computed":
            continue
        if kind == "table":
            _fill_table(page, field, answers.get(name) or [], scope)
        elif kind == "file":
            _fill_file(page, field, files_dir, scope)
        elif name in answers:
            _fill_one(page, f"{scope} [name='{name}']", answers[name])


def _fill_file(page, field, files_dir: Path, scope):
    target = page.locator(f"{scope} input[type=file][name='{field['name']}']")
    if not target.count() or not _shown(target.first):
        return
    pdf = "pdf" in (field.get("accept") or ["pdf"])
    path = files_dir / f"{field['name']}.{'pdf' if pdf else 'png'}"
    path.write_bytes(PDF if pdf else PNG)
    target.first.set_input_files(str(path))


def _fill_table(page, field, rows, scope):
    name = field["name"]
    while page.locator(f"{scope} [data-table='{name}'] tbody tr").count() < len(rows):
        page.locator(f"{scope} button[name=_add_row][value='{name}']").click()
        page.wait_for_load_state()
    for index, row in enumerate(rows):
        for column, value in row.items():
            _fill_one(page, f"{scope} [name='{name}-{index}-{column}']", value)


def _shown(locator) -> bool:
    return locator.evaluate(
        "e => !e.closest('[hidden]') && e.closest('.field, p, div')?.offsetParent !== null"
    )


def _fill_one(page, selector: str, value):
    targets = page.locator(selector)
    if not targets.count() or not _shown(targets.first):
        return  # hidden by a condition: the browser does not send it either
    first = targets.first
    tag, kind = first.evaluate("e => [e.tagName.toLowerCase(), (e.type || '').toLowerCase()]")
    if kind == "radio":
        text = scalar(value)
        options = targets.evaluate_all("els => els.map(e => e.value)")
        wanted = text if text in options else {"true": "True", "false": "False"}.get(text, text)
        page.locator(f"{selector}[value='{wanted}']").check(force=True)
    elif kind == "checkbox" and targets.count() == 1:
        first.set_checked(bool(value) and scalar(value) != "false", force=True)
    elif kind == "checkbox":
        for each in value:
            page.locator(f"{selector}[value='{each}']").check(force=True)
    elif tag == "select":
        values = [scalar(v) for v in value] if isinstance(value, list) else scalar(value)
        options = first.evaluate("e => [...e.options].map(o => o.value)")
        if isinstance(values, str) and values not in options:
            values = {"true": "True", "false": "False"}.get(values, values)
        first.select_option(values)
    else:
        first.fill(scalar(value))
