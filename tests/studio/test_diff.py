"""Diff between versions in the administrator's terms."""

from engine.studio.diff import version_diff
from engine.studio.drafts import draft_open, draft_save

from .conftest import replace_in


def _draft(definition, admin_user, edits):
    draft = draft_open(definition=definition, actor=admin_user)
    files = dict(draft.files)
    for path, old, new in edits:
        files = replace_in(files, old, new, path)
    return draft_save(definition=definition, files=files, actor=admin_user)


def test_diff_reports_steps_roles_forms_rules_and_deadlines(definition, admin_user, all_kinds):
    draft = _draft(
        definition,
        admin_user,
        [
            ("definition.yaml", "within: 30 minutes", "within: 2 hours"),
            ("definition.yaml", "title: 企业核实", "title: 单位核实"),
            ("definition.yaml", '"amount > 5000"', '"amount > 8000"'),
            (
                "definition.yaml",
                "  member: {label:",
                "  auditor: {label: 审计, levels: [district]}\n  member: {label:",
            ),
            ("definition.yaml", "members: 3", "members: 5"),
        ],
    )
    assert draft.errors == []
    diff = version_diff(all_kinds, draft)
    assert diff["deadlines"]["changed"][0]["key"] == "intake"
    assert diff["deadlines"]["changed"][0]["changes"]["deadline"][1]["within"] == "2 hours"
    steps = {c["key"]: c["changes"] for c in diff["steps"]["changed"]}
    assert set(steps) == {"check_a", "amount_check", "committee"}
    assert steps["committee"]["members"] == [3, 5]
    assert diff["roles"]["added"] == ["auditor"] and not diff["roles"]["removed"]
    assert [c["key"] for c in diff["rules"]["changed"]] == ["amount_check#1"]
    assert not diff["forms"]["added"] and not diff["forms"]["changed"]
    assert "+    title: 单位核实" in diff["files"]["definition.yaml"]


def test_form_fields_added_and_changed_and_steps_removed(definition, admin_user, all_kinds):
    note = "      - {name: call_note, type: textarea, label: 回访情况, required: true}"
    draft = _draft(
        definition,
        admin_user,
        [
            (
                "forms/call.yaml",
                note,
                note.replace("回访情况", "回访记录")
                + "\n      - {name: minutes, type: integer, label: 通话分钟}",
            ),
            # check_b is dropped: the split only has check_a now
            ("definition.yaml", "branches: [check_a, check_b]", "branches: [check_a]"),
            ("definition.yaml", "  check_b: 核实中\n", ""),
        ],
    )
    files = dict(draft.files)
    text = files["definition.yaml"]
    start = text.index("  - id: check_b")
    files["definition.yaml"] = text[:start] + text[text.index("  - id: checked") :]
    draft = draft_save(definition=definition, files=files, actor=admin_user)
    assert draft.errors == []
    diff = version_diff(all_kinds, draft)
    assert diff["forms"]["added"] == ["call.minutes"]
    assert diff["forms"]["changed"][0]["key"] == "call.call_note"
    assert diff["forms"]["changed"][0]["changes"]["label"][1]["zh"] == "回访记录"
    assert diff["steps"]["removed"] == ["check_b"]
    assert [c["key"] for c in diff["steps"]["changed"]] == ["checks"]


def test_an_unparsable_draft_still_has_a_file_diff(definition, admin_user, all_kinds):
    draft = _draft(definition, admin_user, [("definition.yaml", "steps:", "steps: [")])
    diff = version_diff(all_kinds, draft)
    assert draft.errors and diff["steps"] is None and "definition.yaml" in diff["files"]


def test_values_read_as_text_not_python():
    from django.utils import translation

    from engine.studio.diff import as_text

    with translation.override("zh-hans"):
        assert as_text({"zh": "回访记录", "en": "Call record"}) == "回访记录"
        assert as_text({"within": "2 hours", "escalate": {"action": "notify", "role": "head"}}) == (
            "within: 2 hours；escalate: （action: notify；role: head）"
        )
        assert as_text(["a", {"zh": "乙", "en": "B"}]) == "a、乙"
        assert as_text(True) == "是" and as_text(None) == "—"
    with translation.override("en"):
        assert as_text({"zh": "回访记录", "en": "Call record"}) == "Call record"
