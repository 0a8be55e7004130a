"""YAML syntax errors read in Chinese, at the line where they are."""

import yaml

from engine.definitions.loader import load_yaml
from engine.definitions.yaml_messages import chinese


def _problem(text):
    data, _where, problems = load_yaml(text, "definition.yaml")
    assert data is None and len(problems) == 1
    return problems[0]


def test_colon_in_a_value():
    problem = _problem("key: demo\ntitle: 说明: 某事\n")
    assert problem.line == 2
    assert problem.message == "YAML 语法错误：这里不能出现“键: 值”（文字里的冒号要加引号）"
    assert "加引号" in problem.hint


def test_unclosed_flow_mapping_and_bad_indentation():
    assert "应为 ',' 或 '}'" in _problem("a: {b: 1, c\n  d: 2\n").message
    problem = _problem("steps:\n  - id: a\n   x: 1\n")
    assert problem.line == 3 and "YAML 语法错误：" in problem.message
    assert not any(word in problem.message for word in ("expected", "found", "while"))


BROKEN = [
    "a: b: c",
    "a: 'x",
    "a:\n\t- b",
    "a: {b: 1",
    "a: [1, 2",
    "- a\nb: c",
    'a: "\\q"',
    "a:\n  - b\n c: d",
]


def test_common_mistakes_are_reported_in_chinese_by_the_loader():
    for text in BROKEN:
        problem = _problem(text)
        said = problem.message.removeprefix("YAML 语法错误：")
        assert not any(word in said for word in ("expected", "found", "allowed", "while")), (text, said)


def test_the_pure_python_parser_wording_too():
    for text in BROKEN:
        try:
            yaml.load(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:  # a ComposerError's problem is set too
            said = chinese(getattr(exc, "problem", "") or str(exc))
            assert not said.isascii(), (text, exc.problem)
        else:
            raise AssertionError(f"{text!r} parsed")


def test_a_second_document():
    try:
        yaml.load("a: 1\n---\nb: 2", Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        assert chinese(exc.problem).startswith("一个文件只能有一个") or "文档" in chinese(exc.context)
