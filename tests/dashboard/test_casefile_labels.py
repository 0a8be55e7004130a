"""A computed value with a `label:` shows under that label in the case file;
one without keeps its name."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_case_file_shows_computed_values_under_their_labels(client, staff, file_case):
    case = file_case("firm_a1", None, credit_code="A1", employee_count=300, amount="1000.00")
    assert case.data["doubled"] == "2000.00" and case.data["is_big"] is True
    client.force_login(staff["officer"])
    html = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    start = html.index("计算值")
    pairs = re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", html[start : html.index("</dl>", start)])
    assert ("双倍金额", "2000.00") in pairs
    assert ("is_big", "是") in pairs  # no label: its name; a boolean reads 是/否
    assert "<dt>doubled</dt>" not in html


def test_english_label_in_english(client, staff, file_case):
    case = file_case("firm_a1", None, credit_code="A1", employee_count=30, amount="5.00")
    client.force_login(staff["officer"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("casefile:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dt>Doubled amount</dt><dd>10.00</dd>" in html and "<dt>is_big</dt><dd>No</dd>" in html
