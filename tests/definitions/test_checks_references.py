"""Forms, templates, documents, sequences, reference lists, durations."""

from .helpers import at, build, edit, line_of, only, problems_of

FORM_WITH_LIST = "key: review\nfields:\n  - {name: opinion, type: textarea}\n  - {name: tier, type: choice, options_from: aid_tier}\n"


def test_missing_form_file():
    text = edit("    form: review", "    form: reveiw")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "form: reveiw")
    assert "forms/reveiw.yaml" in problem.message and "是否应为 'review'" in problem.hint


def test_form_key_must_match_file_name():
    problem = only(problems_of(forms={"review": "key: revue\nfields: [{name: opinion, type: text}]\n"}))
    assert (problem.path, problem.line) == ("workflows/demo/forms/review.yaml", 1)
    assert "'revue'" in problem.message


def test_missing_template():
    text = edit("template: documents/receipt.html", "template: documents/reciept.html")
    problem = only(problems_of(text))
    assert (
        problem.line == line_of(text, "reciept.html") and "是否应为 'documents/receipt.html'" in problem.hint
    )


def test_undeclared_document_and_sequence_in_actions():
    text = edit("{document: receipt}", "{document: recipt}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "recipt") and "documents" in problem.message
    text = edit("{number: case_no, into: file_no}", "{number: case_number, into: file_no}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "case_number") and "sequences" in problem.message


def test_action_with_two_verbs():
    text = edit("      - {document: receipt}", '      - {document: receipt, set: {x: "1"}}')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "{document: receipt, set") and "无法识别" in problem.message


def test_options_from_checked_only_when_lists_are_known():
    assert problems_of(forms={"review": FORM_WITH_LIST}) == []
    assert problems_of(forms={"review": FORM_WITH_LIST}, known_reference_lists={"aid_tier"}) == []
    problem = only(problems_of(forms={"review": FORM_WITH_LIST}, known_reference_lists={"aid_tiers"}))
    assert (problem.path, problem.line) == ("workflows/demo/forms/review.yaml", 4)
    assert "是否应为 'aid_tiers'" in problem.hint


def test_bad_durations():
    text = edit("within: 2 working days", "within: 2 workdys")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "within: 2 workdys") and "时间单位" in problem.message
    text = edit("    deadline:\n", "    deadline:\n      remind_before: soon\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "remind_before: soon")


def test_quorum_larger_than_members():
    vote = "  - id: congress\n    type: vote\n    role: officer\n    members: 3\n    quorum: 4\n    rule: majority\n    passed: done\n    failed: done\n  - id: done\n"
    text = edit(
        "  - id: done\n", vote, edit("    next: done\n\n  - id: done", "    next: congress\n\n  - id: done")
    )
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "quorum: 4")


def test_bundle_is_returned_with_check_problems_but_not_schema_problems():
    bundle, problems = build(edit("    form: review", "    form: reveiw"))
    assert bundle is not None and problems
    bundle, problems = build(edit("    form: review", "    from: review"))
    assert bundle is None
    at(problems, line_of(edit("    form: review", "    from: review"), "from: review"), "'from'")


def test_reminder_must_come_before_the_deadline():
    text = edit("    deadline:\n", "    deadline:\n      remind_before: 3 days\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "remind_before: 3 days") and "不短于期限" in problem.message
    assert problems_of(edit("    deadline:\n", "    deadline:\n      remind_before: 4 hours\n")) == []


def test_placeholders_name_declared_data():
    text = edit('"已受理，编号 {file_no}"', '"已受理，编号 {fle_no}"')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "{fle_no}") and "是否应为 'file_no'" in problem.hint
    text = edit("owner_level: district", 'owner_level: district\ncase_title: "{name} 的申请 {number}"')
    assert problems_of(text) == []
    text = edit("owner_level: district", 'owner_level: district\ncase_title: "{nmae} 的申请"')
    assert only(problems_of(text)).line == line_of(text, "case_title")
    text = edit('"已受理，编号 {file_no}"', '"已受理，编号 {file_no"')
    assert "不成对" in only(problems_of(text)).message
