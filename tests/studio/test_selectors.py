"""The overview: processes, versions and running cases on each."""

from engine.runtime.services import case_cancel
from engine.studio.drafts import draft_open, draft_publish
from engine.studio.selectors import editor_lines, processes_overview


def test_overview_counts_running_cases_per_version(definition, admin_user, start, people):
    first, second = start(), start()
    case_cancel(case=second, user=people["applicant"], reason="不需要了")
    v2 = draft_publish(draft=draft_open(definition=definition, actor=admin_user), actor=admin_user)
    start()
    start()
    draft_open(definition=definition, actor=admin_user)  # v3, a draft
    [row] = processes_overview()
    counts = {(v.number, v.status): v.running for v in row["versions"]}
    assert counts == {(3, "draft"): 0, (2, "published"): 2, (1, "retired"): 1}
    assert row["versions"][1].pk == v2.pk and first.version.number == 1


def test_editor_lines_mark_only_this_files_errors():
    errors = [
        {"path": "definition.yaml", "line": 2, "message": "a"},
        {"path": "definition.yaml", "line": 2, "message": "b"},
        {"path": "forms/x.yaml", "line": 1, "message": "c"},
        {"path": "definition.yaml", "line": 9, "message": "past the end"},
    ]
    lines = editor_lines("one\ntwo\nthree", errors, "definition.yaml")
    assert [line["messages"] for line in lines][:3] == [[], ["a", "b"], []]
    assert len(lines) == 9 and lines[-1]["messages"] == ["past the end"]
