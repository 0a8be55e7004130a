"""`intake:` in the definition: each source has what it needs, and an intake
that can land a case where a step's role cannot act is refused at its line."""

from engine.definitions import read_folder
from engine.definitions.bundle import load_bundle

from .helpers import at, edit, line_of, only, problems_of, valid_files


def with_intake(block: str, definition: str | None = None) -> str:
    return edit("owner_level: district\n", "owner_level: district\n" + block, definition)


def test_each_kind_is_valid_when_complete():
    for block in (
        "intake: {from: home_unit, level: district}\n",
        "intake: {from: [pick, home_unit], level: district, within: [dezhou]}\n",
        "intake: {unit: beijing, level: district}\n",
        "intake: {unit: beijing}\n",
    ):
        assert problems_of(with_intake(block)) == [], block


def test_a_form_field_source_names_an_org_unit_field_of_the_start_form():
    apply = (
        valid_files()["forms/apply.yaml"]
        + "      - {name: union, type: org_unit, label: 工会, level: enterprise}\n"
    )
    text = with_intake("intake: {from: field, field: union, level: district}\n")
    assert problems_of(text, forms={"apply": apply}) == []

    wrong = with_intake("intake: {from: field, field: name, level: district}\n")
    problem = only(problems_of(wrong, forms={"apply": apply}))
    assert problem.line == line_of(wrong, "intake:")
    assert "类型是 text，应为 org_unit" in problem.message

    missing = with_intake("intake: {from: field, field: unoin, level: district}\n")
    problem = only(problems_of(missing, forms={"apply": apply}))
    assert "没有字段 'unoin'" in problem.message and "'union'" in problem.hint


def test_pick_needs_a_level():
    text = with_intake("intake:\n  from: [pick]\n  within: dezhou\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "  from: [pick]")
    assert "pick 需要 level" in problem.message


def test_a_fixed_source_needs_its_code_and_a_page_must_exist():
    text = with_intake("intake: {from: unit, level: district}\n")
    assert "需要写出固定受理单位的代码" in only(problems_of(text)).message
    text = with_intake("intake: {from: pick, level: district, page: nope}\n")
    problem = only(problems_of(text))
    assert "申请表没有页 'nope'" in problem.message and "main" in problem.hint


def test_unknown_source_is_a_schema_problem_at_its_line():
    text = with_intake("intake:\n  from: [homeunit]\n  level: district\n")
    problems = problems_of(text)
    assert problems and all(p.line == line_of(text, "from: [homeunit]") for p in problems)


def test_registered_union_without_a_level_can_land_where_a_role_cannot_act():
    # `head` exists only at district and city; the applicant's own union may
    # be an enterprise union, where nobody can approve.
    text = with_intake("intake: {from: home_unit}\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "intake:")
    assert "enterprise" in problem.message and "'approve'" in problem.message and "'head'" in problem.message
    assert "level" in problem.hint


def test_a_level_where_the_role_does_not_exist_is_refused_at_the_level():
    text = with_intake("intake:\n  from: home_unit\n  level: [district, enterprise]\n")
    problem = at(problems_of(text), line_of(text, "level: [district, enterprise]"), "'head'")
    assert (
        "enterprise" in problem.message
        and "district 级" not in problem.message.split("落在")[1].split("级")[0]
    )


def test_the_rule_follows_the_step_unit():
    # approve looks one level up: from a district case that is the city,
    # where head exists; from a city case it is the province, where it does not.
    text = edit("    role: head\n    unit: case\n", "    role: head\n    unit: parent\n")
    assert problems_of(with_intake("intake: {from: home_unit, level: district}\n", text)) == []
    both = edit(
        "owner_level: district\n",
        "owner_level: district\nintake: {from: home_unit, level: [district, city]}\n",
        text,
    )
    problem = only(problems_of(both))
    assert "落在 city 级" in problem.message and "unit: parent" in problem.message


def test_owner_level_must_be_one_of_the_intake_levels():
    text = with_intake("intake: {from: home_unit, level: city}\n")
    assert any("不含 owner_level 'district'" in p.message for p in problems_of(text))


def test_the_pick_field_name_is_reserved():
    apply = valid_files()["forms/apply.yaml"] + "      - {name: receiving_unit, type: text, label: 单位}\n"
    text = with_intake("intake: {from: pick, level: district}\n")
    assert "同名" in only(problems_of(text, forms={"apply": apply})).message


def test_shipped_contracts_refused_if_negotiators_only_exist_in_enterprises(settings):
    # Contracts land in an enterprise union or, for an enterprise without one
    # in the system, its district union: the negotiators must be found there.
    files = read_folder(settings.WORKFLOWS_DIR / "collective_contract")
    text = files["definition.yaml"]
    assert (
        "union_rep: {label: {zh: 工会方首席协商代表, en: Union chief negotiator}, levels: [enterprise, district]}"
        in text
    )
    files["definition.yaml"] = text.replace(
        "en: Union chief negotiator}, levels: [enterprise, district]}",
        "en: Union chief negotiator}, levels: [enterprise]}",
    )
    _bundle, problems = load_bundle(files, "workflows/collective_contract")
    problem = only(problems)
    assert "'union_round'" in problem.message and "district" in problem.message
    assert problem.line == line_of(files["definition.yaml"], "  level: [enterprise, district]")
