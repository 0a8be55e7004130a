from engine.definitions.loader import load_yaml
from engine.definitions.problems import Problem

TEXT = """key: demo
steps:
  - id: apply
    outcomes:
      - {id: done, next: review}
"""


def test_positions_of_values_and_keys():
    data, where, problems = load_yaml(TEXT, "f.yaml")
    assert problems == []
    assert data["steps"][0]["outcomes"][0]["next"] == "review"
    assert where.at(("steps", 0, "outcomes", 0, "next")) == (5, 26)
    assert where.key(("steps", 0, "outcomes", 0, "next")) == (5, 20)
    assert where.at(("steps", 0, "id")) == (3, 9)
    assert where.key(("key",)) == (1, 1)


def test_unknown_path_falls_back_to_nearest_ancestor():
    _, where, _ = load_yaml(TEXT, "f.yaml")
    assert where.at(("steps", 0, "missing", 3)) == where.at(("steps", 0))


def test_syntax_error_at_its_line():
    _, _, problems = load_yaml("key: demo\nsteps: [a, b\nother: 1\n", "f.yaml")
    assert len(problems) == 1 and problems[0].line == 3
    assert "YAML 语法错误" in problems[0].message


def test_unclosed_flow_sequence_hints_quotes():
    _, _, problems = load_yaml("key: demo\nbranches: [a, b\nnext: c\n", "f.yaml")
    assert problems[0].line == 3 and "引号" in problems[0].hint


def test_tab_indentation_hint():
    _, _, problems = load_yaml("steps:\n\t- id: a\n", "f.yaml")
    assert problems[0].line == 2 and "Tab" in problems[0].hint


def test_duplicate_key_reported_at_second_key():
    _, _, problems = load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "重复的键 'a'" in problems[0].message


def test_dates_become_iso_text():
    data, _, _ = load_yaml("opens: 2024-04-15\n", "f.yaml")
    assert data == {"opens": "2024-04-15"}


def test_problem_str_format():
    problem = Problem("w/x/definition.yaml", 12, 5, "消息", "提示")
    assert str(problem) == "w/x/definition.yaml:12:5: 消息 (提示)"
    assert str(Problem("p", 1, 1, "m")) == "p:1:1: m"


def test_unclosed_quote_points_at_its_opening():
    _, _, problems = load_yaml('key: demo\ntitle: "帮扶\nsteps: []\n', "f.yaml")
    assert (problems[0].line, problems[0].column) == (2, 8)
    assert "引号" in problems[0].hint


def test_missing_colon_points_at_the_line_without_it():
    _, _, problems = load_yaml("steps:\n  - id: a\n    next b\n    type: c\n", "f.yaml")
    assert problems[0].line == 3 and "冒号" in problems[0].hint


def test_an_impossible_date_is_a_problem_at_its_line_not_a_crash():
    data, _where, problems = load_yaml("title: x\ntargets:\n  - date: 2024-13-01\n", "d.yaml")
    assert data is None
    (problem,) = problems
    assert (problem.line, problem.column) == (3, 11)
    assert "2024-13-01" in problem.message and "真实存在的日期" in problem.hint
    # a real date still loads, as ISO text
    assert load_yaml("date: 2024-12-10\n", "d.yaml")[0] == {"date": "2024-12-10"}
