"""Impact before publishing, and moving running cases to the new version."""

import pytest
from django.core.exceptions import ValidationError
from viewflow.workflow.models import Task

from engine.models import Case, CaseEvent, WorkItem
from engine.runtime.services import task_claim, task_complete
from engine.studio.drafts import draft_open, draft_publish, draft_save
from engine.studio.migration import cases_migrate, current_steps, publish_impact
from engine.studio.models import StudioChange
from tests.runtime.helpers import open_item

from .conftest import replace_in


def _finish(case, step, user, outcome="done", **extra):
    item = open_item(case, step)
    task_claim(task=item.task, user=user)
    return task_complete(task=item.task, user=user, outcome=outcome, **extra)


def _draft_without_check_b(definition, admin_user):
    """v2: the split has one branch (check_b removed), the call-back gets an hour."""
    draft = draft_open(definition=definition, actor=admin_user)
    files = replace_in(draft.files, "branches: [check_a, check_b]", "branches: [check_a]")
    files = replace_in(files, "  check_b: 核实中\n", "")
    files = replace_in(files, "within: 30 minutes", "within: 1 hours")
    text = files["definition.yaml"]
    files["definition.yaml"] = text[: text.index("  - id: check_b")] + text[text.index("  - id: checked") :]
    draft = draft_save(definition=definition, files=files, actor=admin_user)
    assert draft.errors == []
    return draft


def test_impact_lists_cases_on_removed_and_changed_steps(definition, admin_user, start, people):
    at_intake = start()
    in_split = start()
    _finish(in_split, "intake", people["officer"], outcome="accept")
    draft = _draft_without_check_b(definition, admin_user)
    rows = {row["case"].pk: row for row in publish_impact(draft)}
    assert rows[at_intake.pk]["steps"] == [("intake", "changed")]
    assert rows[at_intake.pk]["affected"] and rows[at_intake.pk]["movable"]
    states = dict(rows[in_split.pk]["steps"])
    assert states["check_b"] == "removed" and states["check_a"] == "same"
    assert not rows[in_split.pk]["movable"]


def test_migrate_moves_a_case_and_it_finishes_on_the_new_version(
    definition, admin_user, start, people, all_kinds
):
    case = start()
    draft = _draft_without_check_b(definition, admin_user)
    v2 = draft_publish(draft=draft, actor=admin_user)
    [moved] = cases_migrate(cases=[case], to_version=v2, actor=admin_user)
    case = Case.objects.get(pk=case.pk)
    assert case.version == v2 and case.flow_class.__name__ == "AllKinds_v2"
    item = open_item(case, "intake")
    assert item.task.flow_task.flow_class.__name__ == "AllKinds_v2"
    assert (item.due_at - item.created).total_seconds() == 3600  # the new deadline
    event = CaseEvent.objects.get(case=case, action="migrate")
    assert event.changes == {"version": [1, 2]} and event.actor == admin_user
    assert StudioChange.objects.get(action="migrate").after["cases"] == [case.number]
    # the case now runs the v2 flow: after intake only check_a is opened
    _finish(case, "intake", people["officer"], outcome="accept")
    assert set(current_steps(case)) >= {"check_a"} and "check_b" not in current_steps(case)
    _finish(case, "check_a", people["officer"])
    assert open_item(case, "assess").task.flow_task.flow_class.__name__ == "AllKinds_v2"


def test_a_case_inside_a_split_moves_with_its_join(definition, admin_user, start, people):
    case = start()
    _finish(case, "intake", people["officer"], outcome="accept")
    _finish(case, "check_a", people["officer"])  # join task now waits for check_b
    draft = draft_open(definition=definition, actor=admin_user)
    v2 = draft_publish(
        draft=draft_save(
            definition=definition,
            files=replace_in(draft.files, "title: 评估", "title: 综合评估"),
            actor=admin_user,
        ),
        actor=admin_user,
    )
    cases_migrate(cases=[case], to_version=v2, actor=admin_user)
    open_refs = Task.objects.filter(process_id=case.pk).exclude(status__in=["DONE", "CANCELED"])
    assert {t.flow_task.flow_class.__name__ for t in open_refs} == {"AllKinds_v2"}
    _finish(case, "check_b", people["officer"])
    item = open_item(case, "assess")
    assert item.step_title == "综合评估" and item.task.flow_task.flow_class.__name__ == "AllKinds_v2"


def test_a_case_on_a_removed_step_is_refused_and_nothing_moves(
    definition, admin_user, start, people, all_kinds
):
    fine = start()
    stuck = start()
    _finish(stuck, "intake", people["officer"], outcome="accept")
    v2 = draft_publish(draft=_draft_without_check_b(definition, admin_user), actor=admin_user)
    with pytest.raises(ValidationError, match="check_b"):
        cases_migrate(cases=[fine, stuck], to_version=v2, actor=admin_user)
    assert set(Case.objects.values_list("version__number", flat=True)) == {1}
    assert not CaseEvent.objects.filter(action="migrate").exists()


def test_cases_only_move_to_published_versions(definition, admin_user, start):
    case = start()
    draft = draft_open(definition=definition, actor=admin_user)
    with pytest.raises(ValidationError):
        cases_migrate(cases=[case], to_version=draft, actor=admin_user)


def test_unselected_cases_stay_and_finish_on_their_version(definition, admin_user, start, people, all_kinds):
    old = start()
    v2 = draft_publish(draft=_draft_without_check_b(definition, admin_user), actor=admin_user)
    new = start()
    assert new.version == v2
    _finish(old, "intake", people["officer"], outcome="withdraw", comment="撤回")
    old = Case.objects.get(pk=old.pk)
    assert old.version == all_kinds and old.final_status == "withdrawn"
    assert WorkItem.objects.filter(case=new, step="intake").exists()


def test_impact_takes_a_fixed_number_of_queries(definition, admin_user, start, django_assert_max_num_queries):
    for _ in range(6):
        start()
    draft = _draft_without_check_b(definition, admin_user)
    publish_impact(draft)  # warm the bundle cache
    with django_assert_max_num_queries(4):
        rows = publish_impact(draft)
    assert len(rows) == 6 and all(row["steps"] == [("intake", "changed")] for row in rows)
