"""Bulk import through the studio page: a dry-run preview with each bad
row and its errors, nothing written until the file is fixed or the bad rows
are skipped, then all or nothing; export of the same columns."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engine.models import OrgUnit, RoleAssignment, User
from engine.studio.models import StudioChange

HEADERS = ["username", "display_name", "mobile", "email", "language", "home_unit", "is_active"]
BAD = {17: "12345", 88: "nowhere", 150: "fr"}  # data row index -> what is wrong


def staff_rows(bad=True):
    rows = []
    for i in range(200):
        row = [
            f"staff{i:03d}",
            f"职工{i:03d}",
            f"139{i:08d}",
            f"s{i}@example.org",
            "zh-hans",
            "yucheng",
            "是",
        ]
        if bad and i == 17:
            row[2] = "12345"  # not a mobile number
        if bad and i == 88:
            row[5] = "nowhere"  # no such unit
        if bad and i == 150:
            row[4] = "fr"  # not a site language
        rows.append(row)
    return rows


def csv_file(rows, headers=HEADERS, name="staff.csv", encoding="utf-8-sig"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, headers=HEADERS, name="staff.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def _upload(client, kind, upload):
    return client.post(reverse("people:import"), {"kind": kind, "file": upload})


def _bad_lines(html):
    import re

    return sorted(int(n) for n in re.findall(r'<tr data-line="(\d+)"', html))


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_200_rows_three_bad_preview_then_skip(admin, units, make):
    before = User.objects.count()
    response = _upload(admin, "staff", make(staff_rows()))
    html = response.content.decode()
    assert response.status_code == 200
    # the three bad rows, at their file lines (header is line 1), with their errors
    assert _bad_lines(html) == [19, 90, 152]
    assert "12345" in html and "nowhere" in html and "fr" in html
    assert "手机号" in html and "找不到“nowhere”" in html and "不支持的语言" in html
    assert 'data-total="new">197<' in html
    assert User.objects.count() == before  # the dry run wrote nothing
    # apply without skipping: refused, still nothing, the bad rows shown again
    refused = admin.post(reverse("people:import_apply"))
    assert refused.status_code == 400 and _bad_lines(refused.content.decode()) == [19, 90, 152]
    assert User.objects.count() == before and not StudioChange.objects.exists()
    # skip the three explicitly
    done = admin.post(reverse("people:import_apply"), {"skip_bad": "1", "skip": ["19", "90", "152"]})
    assert done.status_code == 302
    assert User.objects.count() == before + 197
    assert not User.objects.filter(username__in=["staff017", "staff088", "staff150"]).exists()
    imported = User.objects.get(username="staff000")
    assert imported.home_unit == units["district"] and imported.mobile == "13900000000"
    assert not imported.has_usable_password()
    summary = StudioChange.objects.get(object_type="import-staff")
    assert summary.after["new"] == 197 and summary.after["skipped_lines"] == [19, 90, 152]
    assert StudioChange.objects.filter(object_type="user", action="people_import").count() == 197


def test_fixed_file_imports_all_and_rerun_changes_nothing(admin, units):
    _upload(admin, "staff", csv_file(staff_rows(bad=False), encoding="gb18030"))
    assert admin.post(reverse("people:import_apply")).status_code == 302
    assert User.objects.filter(username__startswith="staff").count() == 200
    assert User.objects.get(username="staff001").display_name == "职工001"  # GBK CSV read right
    again = _upload(admin, "staff", csv_file(staff_rows(bad=False))).content.decode()
    assert 'data-total="skip">200<' in again and 'data-total="new">0<' in again


def test_a_bad_row_appearing_at_apply_rolls_everything_back(admin, units):
    """Skipping lines that are not the bad ones still refuses the file."""
    _upload(admin, "staff", csv_file(staff_rows()))
    response = admin.post(reverse("people:import_apply"), {"skip_bad": "1", "skip": ["19"]})
    assert response.status_code == 400
    assert not User.objects.filter(username__startswith="staff").exists()


def test_units_then_grants(admin, units, people, all_kinds):
    unit_rows = [
        ["yucheng-a", "禹城甲企业工会", "", "甲", "enterprise", "yucheng"],
        ["yucheng-b", "禹城乙企业工会", "", "乙", "enterprise", "yucheng-a"],
        ["loop", "环", "", "", "enterprise", "yucheng-b"],
        ["hr", "人社局", "", "", "partner", "dezhou"],
        ["up", "省", "", "", "province", "yucheng"],
    ]
    headers = ["code", "name", "name_en", "short_name", "level", "parent"]
    html = _upload(admin, "units", csv_file(unit_rows, headers, "units.csv")).content.decode()
    # enterprise under enterprise and province under district break the level order
    assert _bad_lines(html) == [3, 4, 6]
    admin.post(reverse("people:import_apply"), {"skip_bad": "1", "skip": ["3", "4", "6"]})
    a = OrgUnit.objects.get(code="yucheng-a")
    assert a.parent == units["district"] and a.path.startswith(units["district"].path)
    assert OrgUnit.objects.get(code="hr").level == "partner"

    grant_rows = [
        ["officer", "yucheng-a", "head", "是", "2026-01-01", "2026-12-31"],
        ["ghost", "yucheng", "head", "否", "", ""],
        ["officer", "yucheng", "no_such_role", "否", "", ""],
        ["officer", "yucheng", "head", "maybe", "2026-13-01", ""],
    ]
    headers = ["username", "unit", "role", "covers_descendants", "valid_from", "valid_to"]
    html = _upload(admin, "grants", csv_file(grant_rows, headers, "grants.csv")).content.decode()
    assert _bad_lines(html) == [3, 4, 5]
    assert "找不到“ghost”" in html and "no_such_role" in html and "YYYY-MM-DD" in html
    admin.post(reverse("people:import_apply"), {"skip_bad": "1", "skip": ["3", "4", "5"]})
    grant = RoleAssignment.objects.get(user=people["officer"], org_unit=a, role="head")
    assert grant.covers_descendants and str(grant.valid_to) == "2026-12-31"


def test_missing_columns_and_wrong_files(admin, units):
    html = _upload(admin, "staff", csv_file([["x"]], ["user"], "s.csv")).content.decode()
    assert 'id="missing"' in html and "username" in html
    response = _upload(admin, "staff", SimpleUploadedFile("s.txt", b"hello"))
    assert response.status_code == 200 and ".xlsx" in response.content.decode()
    response = _upload(admin, "staff", SimpleUploadedFile("s.xlsx", b"not a zip"))
    assert "无法读取文件" in response.content.decode()
    # the file still pending is the one without the columns: refused, nothing written
    refused = admin.post(reverse("people:import_apply"))
    assert refused.status_code == 400 and "缺少这些列" in refused.content.decode()
    assert not StudioChange.objects.exists()


@pytest.mark.parametrize("kind", ["units", "staff", "grants"])
def test_export_round_trips_as_unchanged(admin, units, people, all_kinds, kind):
    response = admin.get(reverse("people:export", kwargs={"kind": kind, "fmt": "xlsx"}))
    assert response.status_code == 200
    upload = SimpleUploadedFile(f"{kind}.xlsx", response.content)
    html = _upload(admin, kind, upload).content.decode()
    assert 'data-total="new">0<' in html and 'data-total="bad">0<' in html
    csv_text = admin.get(reverse("people:export", kwargs={"kind": kind, "fmt": "csv"})).content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0].startswith(
        {"units": "code", "staff": "username", "grants": "username"}[kind]
    )
    assert admin.get("/studio/people/export/users.csv").status_code == 404
