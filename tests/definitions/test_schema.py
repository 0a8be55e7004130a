"""Schema errors are reported at the most specific line, with hints."""

import json

import jsonschema

from engine.definitions.schema import load_schema

from .helpers import at, build, edit, line_of, only, problems_of

FORM_PATH = "workflows/demo/forms/apply.yaml"


def test_schemas_are_valid_draft_2020_12():
    for kind in ("definition", "form"):
        schema = load_schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"].endswith("2020-12/schema")
        assert json.dumps(schema)  # plain JSON


def test_misspelt_key_at_its_line_with_did_you_mean():
    text = edit("    default: filing", "    default: filing\n    nxt: done")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "nxt: done")
    assert problem.column == 5
    assert "未知的键 'nxt'" in problem.message
    assert "是否应为 'next'" not in problem.hint  # decision steps have no next
    text = edit("    next: review", "    nxt: review")
    problem = only(problems_of(text))  # not also "missing next"
    assert (problem.line, problem.column) == (line_of(text, "nxt: review"), 5)
    assert "是否应为 'next'" in problem.hint


def test_unknown_step_type_with_hint():
    text = edit("    type: decision", "    type: decison")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "type: decison")
    assert "'decison' 无效" in problem.message and "是否应为 'decision'" in problem.hint


def test_key_of_another_step_kind_names_the_kinds():
    text = edit("    status: granted", "    status: granted\n    deadline: {within: 3 days}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "deadline: {within")
    assert "type 'end' 的步骤不能有 'deadline'" in problem.message
    assert "task, vote" in problem.hint


def test_missing_required_key_at_the_step():
    text = edit("    status: rejected", "    stage: 未通过")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "- id: rejected")
    assert "缺少必需的键 'status'" in problem.message


def test_bad_enum_value_at_the_value():
    text = edit("escalate: {action: notify", "escalate: {action: notfy")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "action: notfy")
    assert "'notfy' 无效" in problem.message and "notify" in problem.hint


def test_unknown_key_inside_a_label():
    text = edit("title: {zh: 最小流程, en: Minimal process}", "title: {zh: 最小流程, eng: Minimal process}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "eng:") and "'eng'" in problem.message
    assert "是否应为 'en'" in problem.hint


def test_comma_in_unquoted_flow_label_hint():
    text = edit("{id: accept, label: 受理,", "{id: accept, label: {zh: 受理, en: Accept, then go}, ")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "Accept, then go")
    assert "引号" in problem.hint


def test_yes_no_read_as_booleans_hint():
    text = edit("{id: agree,", "{id: yes,")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "{id: yes,")
    assert "应为文字" in problem.message and "引号" in problem.hint


def test_bad_step_id_pattern():
    text = edit("  - id: route\n", "  - id: Route__x\n")
    text = text.replace("next: route", "next: Route__x")
    problems = problems_of(text)
    problem = at(problems, line_of(text, "- id: Route__x"), "不是合法的标识")
    assert "__" in problem.hint


def test_wait_needs_duration_or_until():
    text = edit("  - id: done\n", "  - id: pause\n    type: wait\n    next: done\n  - id: done\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "- id: pause")
    assert "'duration' 或 'until'" in problem.message


def test_form_schema_error_in_the_form_file():
    form = "key: review\ntitle: 审核\nfields:\n  - {name: opinion, type: textarea, lable: 意见}\n"
    problem = only(problems_of(forms={"review": form}))
    assert problem.path == "workflows/demo/forms/review.yaml"
    assert (problem.line, problem.column) == (4, 37)
    assert "未知的键 'lable'" in problem.message and "是否应为 'label'" in problem.hint


def test_form_field_type_enum():
    form = "key: review\nfields:\n  - name: opinion\n    type: txt\n"
    problem = only(problems_of(forms={"review": form}))
    assert (problem.path, problem.line) == ("workflows/demo/forms/review.yaml", 4)
    assert "是否应为 'text'" in problem.hint


def test_form_needs_steps_or_fields():
    problem = only(problems_of(forms={"review": "key: review\ntitle: 审核\n"}))
    assert "'steps' 或 'fields'" in problem.message


def test_yaml_syntax_error_stops_with_its_line():
    text = edit("    next: review", "    next: [review")
    bundle, problems = build(text)
    assert bundle is None
    assert "YAML 语法错误" in only(problems).message


def test_empty_definition_file():
    bundle, problems = build("")
    assert bundle is None and "映射" in only(problems).message


def test_missing_definition_file():
    from engine.definitions import load_bundle

    bundle, problems = load_bundle({"forms/a.yaml": "key: a\n"}, "workflows/x")
    assert bundle is None and only(problems).path == "workflows/x/definition.yaml"


def test_misspelt_required_key_without_an_unknown_key_error():
    # With `type` misspelt no step kind applies, so only "missing type" is
    # raised; it points at the misspelt key.
    text = edit("    type: decision", "    typ: decision")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "typ: decision") and "缺少必需的键 'type'" in problem.message
    assert "'typ'" in problem.hint


def test_misspelt_key_inside_a_role():
    text = edit("head: {label: 部长,", "head: {labl: 部长,")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "labl:") and "'labl'" in problem.message
