"""`dashboard:` and labelled `data:` in the definition language: a good
section loads and normalises; each mistake is a problem at its line with a
hint."""

from tests.definitions.helpers import build, line_of, only, problems_of, valid_definition

LISTS = {"big_firms", "aid_tiers"}
GOOD = """
dashboard:
  - id: granted_total
    title: {zh: 已准予金额, en: Amount granted}
    kind: sum
    field: amount
    status: granted
    where: "amount > 0 and not empty(name)"
    period: year
    suffix: 元
  - id: coverage
    title: 覆盖率
    kind: ratio
    status: [granted]
    group_by: org_unit
    denominator: {list: big_firms, attr: firms}
    targets:
      - {value: 60%, label: 覆盖面 60%, date: 2024-12-10}
      - {value: 1, label: 全覆盖, groups: [city]}
  - id: waiting
    title: 待审核
    kind: count
    step: review
    group_by: {field: name}
"""


def _with(section: str) -> str:
    return valid_definition() + section


def _figure(body: str) -> str:
    return _with("\ndashboard:\n  - id: f\n    title: 指标\n" + body)


def test_a_good_dashboard_section_loads_and_normalises():
    bundle, problems = build(_with(GOOD), known_reference_lists=LISTS)
    assert problems == []
    total, coverage, waiting = bundle.definition["dashboard"]
    assert total["title"] == {"zh": "已准予金额", "en": "Amount granted"} and total["status"] == ["granted"]
    assert total["suffix"] == {"zh": "元", "en": "元"} and total["period"] == "year"
    assert [t["value"] for t in coverage["targets"]] == [0.6, 1.0]
    assert coverage["targets"][0]["date"] == "2024-12-10" and coverage["targets"][1]["groups"] == ["city"]
    assert waiting["step"] == ["review"] and waiting["period"] == "all"


def test_a_computed_value_may_carry_a_label():
    text = valid_definition().replace(
        '  big: "amount > 1000"', '  big:\n    expr: "amount > 1000"\n    label: {zh: 大额, en: Large amount}'
    )
    bundle, problems = build(text)
    assert problems == []
    assert bundle.computed == {"big": "amount > 1000"}  # the runtime still reads name -> expression
    assert bundle.definition["data_labels"] == {"big": {"zh": "大额", "en": "Large amount"}}


def test_a_labelled_computed_value_is_still_checked():
    text = valid_definition().replace(
        '  big: "amount > 1000"', '  big:\n    expr: "amuont > 1000"\n    label: 大额'
    )
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "amuont") and "'amuont' 未声明" in problem.message
    assert "是否应为 'amount'" in problem.hint


def test_unknown_field_in_where():
    text = _figure('    kind: count\n    where: "amont > 0"\n')
    problem = only(problems_of(text))
    assert (problem.path, problem.line) == ("workflows/demo/definition.yaml", line_of(text, "amont"))
    assert "'amont' 未声明" in problem.message and "是否应为 'amount'" in problem.hint


def test_where_the_database_cannot_run():
    text = _figure('    kind: count\n    where: "len(name) > 2"\n')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "len(name)") and "无法用于统计" in problem.message
    assert "empty(字段)" in problem.hint


def test_unknown_reference_list():
    text = _figure(
        "    kind: ratio\n    group_by: org_unit\n    denominator: {list: big_firm, attr: firms}\n"
    )
    problem = only(problems_of(text, known_reference_lists=LISTS))
    assert problem.line == line_of(text, "big_firm") and "'big_firm' 不存在" in problem.message
    assert "是否应为 'big_firms'" in problem.hint


def test_summing_a_text_field():
    text = _figure("    kind: sum\n    field: name\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "field: name") and "不是数值" in problem.message
    assert "integer / decimal / money" in problem.hint


def test_unknown_field_summed_or_grouped():
    text = _figure("    kind: sum\n    field: amuont\n    group_by: {field: nmae}\n")
    problems = problems_of(text)
    assert {(p.line, p.hint.split("？")[0]) for p in problems} == {
        (line_of(text, "amuont"), "是否应为 'amount'"),
        (line_of(text, "nmae"), "是否应为 'name'"),
    }


def test_bad_targets():
    text = _figure(
        "    kind: ratio\n    group_by: org_unit\n    denominator: {list: big_firms, attr: firms}\n"
        '    targets:\n      - {value: 60}\n      - {value: sixty}\n      - {value: 50%, date: "2024-13-01"}\n'
    )
    problems = problems_of(text, known_reference_lists=LISTS)
    by_line = {p.line: p for p in problems}
    assert len(problems) == 3
    assert "超出范围" in by_line[line_of(text, "value: 60}")].message
    assert "60%" in by_line[line_of(text, "value: 60}")].hint
    assert "不是数字" in by_line[line_of(text, "sixty")].message
    assert "不是日期" in by_line[line_of(text, "2024-13-01")].message


def test_ratio_needs_denominator_and_group_by():
    text = _figure("    kind: ratio\n")
    problems = problems_of(text)
    assert {p.message.split("，")[1] for p in problems} == {"缺少 denominator", "缺少 group_by"}
    assert all(p.line == line_of(text, "title: 指标") - 1 for p in problems)  # the figure's "- id: f"
    assert any("list: 参考列表" in p.hint for p in problems)


def test_unknown_status_and_step():
    text = _figure("    kind: count\n    status: grantd\n    step: filing\n")
    problems = problems_of(text)
    status = next(p for p in problems if "status" in p.message)
    step = next(p for p in problems if "step" in p.message)
    assert status.line == line_of(text, "grantd") and "是否应为 'granted'" in status.hint
    assert step.line == line_of(text, "step: filing") and "任务步骤" in step.message


def test_duplicate_ids_and_keys_a_kind_ignores():
    text = _with(
        "\ndashboard:\n  - {id: a, title: 甲, kind: count, field: amount}\n  - {id: a, title: 乙, kind: count}\n"
    )
    problems = problems_of(text)
    assert any("重复" in p.message and p.line == line_of(text, "title: 乙") for p in problems)
    assert any(
        "field 只用于 kind: sum" in p.message and p.line == line_of(text, "title: 甲") for p in problems
    )


def test_a_misspelt_key_is_reported_by_the_schema_with_a_hint():
    text = _figure('    kind: count\n    were: "amount > 0"\n')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "were:") and "'were'" in problem.message
    assert "是否应为 'where'" in problem.hint
