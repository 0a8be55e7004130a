"""Pictures of a flow: viewflow's own SVG chart of the compiled class, or
Graphviz DOT drawn from the definition (for the docs)."""

from __future__ import annotations

from viewflow.workflow import chart

from engine.models import ProcessDefinition

from .labels import text

SHAPES = {
    "start": "circle",
    "end": "doublecircle",
    "decision": "diamond",
    "split": "diamond",
    "join": "diamond",
    "action": "box3d",
    "wait": "octagon",
    "vote": "box",
    "task": "box",
}


def flow_svg(flow_class) -> str:
    grid = chart.calc_layout_data(flow_class)
    return chart.grid_to_svg(grid)


def _edges(step):
    if step["type"] == "task":
        return [(o["next"], text(o.get("label"), "zh")) for o in step["outcomes"]]
    if step["type"] == "vote":
        return [(step["passed"], "通过"), (step["failed"], "未通过")]
    if step["type"] == "decision":
        return [(b["next"], b["when"]) for b in step.get("branches", [])] + [(step["default"], "否则")]
    if step["type"] == "split":
        when = step.get("branch_when") or {}
        return [(b, when.get(b, "否则" if b == step.get("default") else "")) for b in step["branches"]]
    if step.get("next"):
        return [(step["next"], "")]
    return []


def bundle_dot(bundle) -> str:
    lines = [f'digraph "{bundle.key}" {{', "  rankdir=LR;", '  node [fontname="Noto Sans SC"];']
    for step in bundle.steps.values():
        label = (text(step.get("title"), "zh") or step["id"]).replace('"', "'")
        lines.append(f'  {step["id"]} [label="{label}", shape={SHAPES[step["type"]]}];')
        for target, edge_label in _edges(step):
            edge_label = edge_label.replace('"', "'")
            lines.append(f'  {step["id"]} -> {target} [label="{edge_label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def flow_graph(key: str, fmt: str = "svg") -> str:
    from .compiler import flow_class_of
    from .versions import version_bundle

    definition = ProcessDefinition.objects.get(key=key)
    version = definition.published_version or definition.versions.order_by("-number").first()
    if fmt == "dot":
        return bundle_dot(version_bundle(version))
    return flow_svg(flow_class_of(version))
