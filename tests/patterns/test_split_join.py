"""Multi-choice split + synchronising merge; discriminator and partial join."""

import pytest

from engine.models import Case, WorkItem

from .conftest import do, open_steps

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_the_branches_whose_condition_holds_start(run, people):
    case = run("multi_choice", needs_medical=True, needs_housing=False)
    assert open_steps(case) == ["medical_check"]
    do(case, "medical_check", people["officer"])
    # the merge waited for exactly the one branch that started
    assert open_steps(case) == ["decide"]


def test_merge_waits_for_every_started_branch_and_continues_once(run, people):
    case = run("multi_choice", needs_medical=True, needs_housing=True)
    assert open_steps(case) == ["housing_check", "medical_check"]
    do(case, "medical_check", people["officer"])
    assert open_steps(case) == ["housing_check"]  # not yet: housing started too
    do(case, "housing_check", people["officer2"])
    assert open_steps(case) == ["decide"]
    assert WorkItem.objects.filter(case=case, step="decide").count() == 1
    do(case, "decide", people["officer"])
    case = Case.objects.get(pk=case.pk)
    assert case.status == "DONE" and case.final_status == "done"


def test_default_branch_when_no_condition_holds(run, people):
    case = run("multi_choice", needs_medical=False, needs_housing=False)
    assert open_steps(case) == ["basic_check"]
    do(case, "basic_check", people["officer"])
    assert open_steps(case) == ["decide"]


def test_discriminator_continues_on_the_first_and_cancels_the_other(run, people):
    case = run("discriminator")
    assert open_steps(case) == ["head_confirm", "officer_confirm"]
    do(case, "head_confirm", people["head"])
    assert open_steps(case) == ["register"]
    assert WorkItem.objects.get(case=case, step="officer_confirm").status == "CANCELED"
    do(case, "register", people["officer"])
    case = Case.objects.get(pk=case.pk)
    assert case.status == "DONE"
    assert WorkItem.objects.filter(case=case, step="register").count() == 1


def test_partial_join_continues_after_n_and_ignores_the_late_branch(run, people):
    case = run("partial_join")
    assert open_steps(case) == ["review_a", "review_b", "review_c"]
    do(case, "review_a", people["officer"])
    assert open_steps(case) == ["review_b", "review_c"]
    do(case, "review_c", people["officer2"])
    # two of three: the case goes on; the third review stays open (rest: ignore)
    assert open_steps(case) == ["publish", "review_b"]
    do(case, "publish", people["officer"])
    case = Case.objects.get(pk=case.pk)
    assert case.status != "DONE"  # the ignored review is still open
    do(case, "review_b", people["officer2"])
    # the late arrival is absorbed: no second publish, and the case is finished
    assert WorkItem.objects.filter(case=case, step="publish").count() == 1
    case = Case.objects.get(pk=case.pk)
    assert case.status == "DONE" and case.final_status == "done"


def test_the_diagram_labels_conditional_branches():
    from engine.definitions import load_bundle, read_folder
    from engine.runtime.graph import bundle_dot

    from .conftest import HERE

    bundle, _problems = load_bundle(read_folder(HERE / "multi_choice"), "workflows/multi_choice")
    dot = bundle_dot(bundle)
    assert "needs_medical" in dot and "否则" in dot
