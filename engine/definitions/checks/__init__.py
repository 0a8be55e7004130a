"""Static checks of a schema-valid bundle. Each check is a small generator of
Problems at the line of the offending node. The graph checks run only when
every transition target exists, so one typo is reported once, not as a
cascade of unreachable steps."""

from __future__ import annotations

from ..problems import Problem
from . import (
    applicant,
    dashboard,
    expressions,
    forms,
    graph,
    intake,
    outcomes,
    patterns,
    placeholders,
    reach,
    references,
    roles,
    silent,
    steps,
    timing,
)
from .context import Context

LOCAL_CHECKS = [
    steps.check_step_ids,
    steps.check_outcome_ids,
    steps.check_stages,
    roles.check_step_roles,
    roles.check_document_roles,
    roles.check_units,
    intake.check_intake_sources,
    intake.check_intake_roles,
    intake.check_unique_fields,
    applicant.check_prefill,
    applicant.check_filters,
    references.check_forms_exist,
    references.check_form_keys,
    references.check_templates_exist,
    references.check_action_references,
    references.check_reference_lists,
    timing.check_durations,
    timing.check_reminder_before_deadline,
    timing.check_members,
    expressions.check_definition_expressions,
    expressions.check_vote_rules,
    expressions.check_data_cycles,
    placeholders.check_placeholders,
    placeholders.check_sequence_formats,
    forms.check_field_names,
    forms.check_field_types_agree,
    forms.check_field_shapes,
    forms.check_form_expressions,
    forms.check_rule_fields,
    outcomes.check_outcome_requires,
    outcomes.check_outcome_conditions,
    outcomes.check_step_summaries,
    outcomes.check_range_from,
    dashboard.check_figure_ids,
    dashboard.check_figure_names,
    dashboard.check_figure_steps,
    dashboard.check_figure_kinds,
    dashboard.check_figure_targets,
    patterns.check_splits,
    patterns.check_claim_rules,
    patterns.check_cancel_actions,
    patterns.check_events,
    patterns.check_instances,
    reach.check_unit_reach,
    silent.check_vote_reachable,
    silent.check_vote_form,
    silent.check_table_columns,
    silent.check_user_field_roles,
]
STRUCTURE_CHECKS = [steps.check_targets, steps.check_single_start, patterns.check_event_targets]
GRAPH_CHECKS = [graph.check_reachable, graph.check_can_finish, graph.check_joins]


def _run(checks, ctx):
    problems = []
    for check in checks:
        found = []
        try:
            for problem in check(ctx):
                found.append(problem)
        except Exception as exc:  # the last line of defence: a problem, never a crash
            found.append(internal_problem(ctx, exc, check.__name__))
        problems += found
    return problems


def internal_problem(ctx, exc, what: str):
    """A check that raised is reported at the nearest place it was looking at:
    the innermost frame of the check that holds a `path` tuple (and maybe a
    `relpath`), else the top of definition.yaml."""
    path, relpath = (), "definition.yaml"
    tb = exc.__traceback__
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        local = frame.f_locals
        if isinstance(local.get("path"), tuple):
            path = local["path"]
            if isinstance(local.get("relpath"), str) and local["relpath"] in ctx.bundle.sources:
                relpath = local["relpath"]
            break
    message = f"校验时出错（{what}：{type(exc).__name__}）：{str(exc)[:120]}"
    hint = "这里的写法超出了校验器能理解的范围，请检查此处的值和类型"
    try:
        return ctx.problem(path, message, hint, relpath=relpath)
    except Exception:
        return Problem(ctx.bundle.sources["definition.yaml"].filename, 1, 1, message, hint)


def run_checks(bundle, known_reference_lists: set[str] | None = None):
    ctx = Context(bundle, known_reference_lists)
    structure = _run(STRUCTURE_CHECKS, ctx)
    problems = structure + _run(LOCAL_CHECKS, ctx)
    if not structure:
        problems += _run(GRAPH_CHECKS, ctx)
    unique = {(p.path, p.line, p.column, p.message): p for p in problems}
    return sorted(
        unique.values(),
        key=lambda p: (p.path != ctx.bundle.sources["definition.yaml"].filename, p.path, p.line, p.column),
    )
