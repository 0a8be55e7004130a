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
from engine.runtime.outcomes import (
    allowed_ids,
    outcome_of,
    refusal,
    required_fields,
    spec_for_outcome,
)
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
    summary: list = field(default_factory=list)  # [{label, value, tel}] the step's `summary:`


def may_decide(user, item) -> bool:
    if not item.is_open:
        return False
    if item.step and version_bundle(item.case.version).steps[item.step]["type"] == "vote":
        return holds_role(user, item.role, item.org_unit)
    return policy.task_executable_by(user, item) or (
        item.status == "NEW" and policy.task_claimable_by(user, item)
    )


def _outcomes(step, bundle, answers, spec) -> list[dict]:
    """Each outcome with whether it applies to `answers` now and the labels
    of the fields it needs (what the panel marks beside its button)."""
    allowed = set(allowed_ids(step, answers, bundle))
    return [
        {
            "id": option["id"],
            "label": text(option.get("label")) or option["id"],
            "comment": option.get("comment") == "required",
            "confirm": bool(option.get("confirm")),
            "allowed": option["id"] in allowed,
            "conditional": bool(option.get("allowed_when")),
            "only_listed": option.get("requires") is not None,
            "needs": required_fields(spec, option),
            "refusal": refusal(option, bundle) if option.get("allowed_when") else "",
        }
        for option in step.get("outcomes") or []
    ]


def summary_rows(step, bundle, data) -> list[dict]:
    """The case values a step names under `summary:`, read as people read
    them; a mobile number is a `tel:` link."""
    from forms.display import display_value

    specs = {}
    for form_key in bundle.forms:
        for each in bundle.form_fields(form_key):
            specs.setdefault(each["name"], each)
    labels = bundle.definition.get("data_labels") or {}
    rows = []
    for name in step.get("summary") or []:
        spec = specs.get(name, {"type": "text", "label": labels.get(name) or name})
        value = data.get(name)
        tel = str(value) if spec.get("type") == "mobile" and value else ""
        rows.append({"label": text(spec.get("label"), name), "value": display_value(spec, value), "tel": tel})
    return rows


def panel_for(item, *, data=None, files=None, outcome=None) -> Panel:
    """The panel of `item`; `outcome` (when a decision is being submitted)
    shapes the form as that outcome needs it (`requires`)."""
    case = item.case
    bundle = version_bundle(case.version)
    step = bundle.steps[item.step]
    summary = summary_rows(step, bundle, case.data)
    if step["type"] == "vote":
        choices = [{"id": value, "label": label, "allowed": True} for value, label in Ballot.Choice.choices]
        return Panel(item=item, step=step, kind="vote", outcomes=choices, summary=summary)
    form, spec, answers = None, None, dict(case.data)
    if step.get("form") in bundle.forms:
        from forms.cleaning import submitted_answers
        from forms.task_forms import form_for_task

        spec = bundle.forms[step["form"]]
        chosen = outcome_of(step, outcome) if outcome else None
        form = form_for_task(
            spec_for_outcome(spec, chosen),
            data=data,
            files=files,
            context=case.data,
            context_types=bundle.field_types(),
        )
        if data is not None:
            answers = submitted_answers(spec, data, files, context=case.data)
    outcomes = _outcomes(step, bundle, answers, spec)
    return Panel(item=item, step=step, kind="task", outcomes=outcomes, form=form, summary=summary)


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
    if not option.get("allowed", True):
        panel.errors["outcome"] = option.get("refusal") or _("当前不能选择“%(label)s”。") % {
            "label": option["label"]
        }
    if option.get("comment") and not panel.comment.strip():
        panel.errors["comment"] = _("选择“%(label)s”时必须填写意见。") % {"label": option["label"]}
    if option.get("confirm") and post.get(f"confirm_{outcome}") != "1":
        panel.errors["confirm"] = _("“%(label)s”办理后不可撤销，请勾选确认后再提交。") % {
            "label": option["label"]
        }
    return not panel.errors
