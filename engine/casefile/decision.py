"""The decision panel of one open task: the step's form, the outcome buttons
its definition allows, a comment where an outcome requires one and a
confirmation box for outcomes that cannot be undone. Votes get ballot
buttons instead. Shared by the staff case file and the applicant portal."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from engine.models import Ballot
from engine.roles import policy
from engine.roles.backends import holds_role
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle


@dataclass
class Panel:
    item: object
    step: dict
    kind: str  # task | vote
    outcomes: list
    form: object = None
    errors: dict = field(default_factory=dict)  # outcome / comment / confirm messages
    comment: str = ""
    voted: bool = False


def may_decide(user, item) -> bool:
    if not item.is_open:
        return False
    if item.step and version_bundle(item.case.version).steps[item.step]["type"] == "vote":
        return holds_role(user, item.role, item.org_unit)
    return policy.task_executable_by(user, item) or (
        item.status == "NEW" and policy.task_claimable_by(user, item)
    )


def _outcomes(step) -> list[dict]:
    return [
        {
            "id": option["id"],
            "label": text(option.get("label")) or option["id"],
            "comment": option.get("comment") == "required",
            "confirm": bool(option.get("confirm")),
        }
        for option in step.get("outcomes") or []
    ]


def panel_for(item, *, data=None, files=None) -> Panel:
    case = item.case
    bundle = version_bundle(case.version)
    step = bundle.steps[item.step]
    if step["type"] == "vote":
        choices = [{"id": value, "label": label} for value, label in Ballot.Choice.choices]
        return Panel(item=item, step=step, kind="vote", outcomes=choices)
    form = None
    if step.get("form") in bundle.forms:
        from forms.task_forms import form_for_task

        form = form_for_task(
            bundle.forms[step["form"]],
            data=data,
            files=files,
            context=case.data,
            context_types=bundle.field_types(),
        )
    return Panel(item=item, step=step, kind="task", outcomes=_outcomes(step), form=form)


def check_choice(panel: Panel, post) -> bool:
    """Outcome known, comment given where required, irreversible outcome
    confirmed. Errors go on the panel for the template."""
    outcome = post.get("outcome", "")
    panel.comment = post.get("comment", "")
    options = {option["id"]: option for option in panel.outcomes}
    if outcome not in options:
        panel.errors["outcome"] = _("请选择办理结果。")
        return False
    option = options[outcome]
    if option.get("comment") and not panel.comment.strip():
        panel.errors["comment"] = _("选择“%(label)s”时必须填写意见。") % {"label": option["label"]}
    if option.get("confirm") and post.get(f"confirm_{outcome}") != "1":
        panel.errors["confirm"] = _("“%(label)s”办理后不可撤销，请勾选确认后再提交。") % {
            "label": option["label"]
        }
    return not panel.errors
