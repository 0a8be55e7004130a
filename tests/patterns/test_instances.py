"""Multiple instances of a task, created at run time from a repeat table."""

import pytest

from engine.models import Case, WorkItem

from .conftest import HERE, do, open_steps

pytestmark = pytest.mark.django_db(transaction=True)

HOUSEHOLD = [
    {"member": "袁大", "relation": "本人"},
    {"member": "袁二", "relation": "女儿"},
    {"member": "袁三"},
]


def _visit(case, title_part, user, note):
    item = WorkItem.objects.get(
        case=case, step="visit", status__in=["NEW", "ASSIGNED"], step_title__contains=title_part
    )
    from engine.runtime.services import task_claim, task_complete

    task_claim(task=item.task, user=user)
    return task_complete(task=item.task, user=user, outcome="done", data={"visit_note": note})


def test_one_task_per_row_and_the_case_goes_on_after_all(run, people):
    case = run("instances", household=HOUSEHOLD)
    titles = sorted(WorkItem.objects.filter(case=case, step="visit").values_list("step_title", flat=True))
    assert titles == ["入户走访 · 袁三", "入户走访 · 袁二", "入户走访 · 袁大"]
    _visit(case, "袁二", people["officer"], "已见到本人")
    _visit(case, "袁大", people["officer2"], "家中无人，电话联系")
    assert open_steps(case) == ["visit"]
    _visit(case, "袁三", people["officer"], "正常")
    assert open_steps(case) == ["summary"]
    case = Case.objects.get(pk=case.pk)
    items = case.data["visit_items"]
    assert [row["visit_note"] for row in items] == ["家中无人，电话联系", "已见到本人", "正常"]
    assert [row["item"]["member"] for row in items] == ["袁大", "袁二", "袁三"]
    assert "visit_note" not in case.data  # each answer stays with its item
    do(case, "summary", people["officer"])
    assert Case.objects.get(pk=case.pk).status == "DONE"


def test_an_empty_table_skips_the_instances(run, people):
    case = run("instances", household=[])
    assert open_steps(case) == ["summary"]


def _variant(tmp_path, wait):
    import shutil

    folder = tmp_path / "instances"
    shutil.copytree(HERE / "instances", folder)
    path = folder / "definition.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("for_each: household", f"for_each: household\n    wait: {wait}")
        .replace("key: instances", f"key: instances_{wait}"),
        encoding="utf-8",
    )
    return folder


def test_wait_for_two_cancels_the_third_and_none_goes_on_at_once(db, tmp_path, people, units):
    from engine.definitions.bundle import read_folder
    from engine.runtime.services import case_start
    from engine.runtime.versions import version_store

    version, _ = version_store(files=read_folder(_variant(tmp_path, 2)), origin="instances")
    case = case_start(
        version=version,
        applicant=people["applicant"],
        org_unit=units["district"],
        data={"name": "袁某", "household": HOUSEHOLD},
    )
    _visit(case, "袁大", people["officer"], "一")
    _visit(case, "袁三", people["officer"], "三")
    assert open_steps(case) == ["summary"]
    assert WorkItem.objects.get(case=case, step_title__contains="袁二").status == "CANCELED"

    (tmp_path / "instances").rename(tmp_path / "old")
    version, _ = version_store(files=read_folder(_variant(tmp_path, "none")), origin="instances")
    case = case_start(
        version=version,
        applicant=people["applicant"],
        org_unit=units["district"],
        data={"name": "袁某", "household": HOUSEHOLD},
    )
    assert open_steps(case) == ["summary", "visit", "visit", "visit"]
    do(case, "summary", people["officer"])
    assert Case.objects.get(pk=case.pk).status != "DONE"  # visits still open
    for name in ("袁大", "袁二", "袁三"):
        _visit(case, name, people["officer"], "ok")
    case = Case.objects.get(pk=case.pk)
    assert case.status == "DONE" and open_steps(case) == []
