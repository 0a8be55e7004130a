"""Forgetting a compiled Flow class. A draft keeps its version number while
its content changes, so a class compiled from it (by a dry run) must not
outlive that content: the next use recompiles it from the database."""

from viewflow.workflow import fields as viewflow_fields

from engine.runtime import flows


def flow_class_forget(version) -> None:
    vars(flows).pop(version.flow_class_name, None)
    # viewflow memoises ref -> class and ref -> node; both may hold the old class.
    viewflow_fields.import_flow_by_ref.cache_clear()
    viewflow_fields.import_task_by_ref.cache_clear()
