"""Static checks of a schema-valid bundle. Each check is a small generator of
Problems at the line of the offending node. The graph checks run only when
every transition target exists, so one typo is reported once, not as a
cascade of unreachable steps."""

from __future__ import annotations

from . import (
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
    reach.check_unit_reach,
]
STRUCTURE_CHECKS = [steps.check_targets, steps.check_single_start, patterns.check_event_targets]
GRAPH_CHECKS = [graph.check_reachable, graph.check_can_finish, graph.check_joins]


def _run(checks, ctx):
    return [problem for check in checks for problem in check(ctx)]


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
