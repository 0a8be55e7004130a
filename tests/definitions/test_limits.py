"""Issue 14: safe definition loading. Each hostile file is a problem at its
line (with a hint where one helps), found fast, never an exception."""

import time
from pathlib import Path

import pytest

from engine.definitions import bundle as bundle_module
from engine.definitions.bundle import MAX_FILE_BYTES, load_bundle, read_folder
from engine.definitions.loader import load_yaml

from .fuzz import ALIAS_BOMB


def _only(text):
    data, _where, problems = load_yaml(text, "f.yaml")
    assert data is None and len(problems) == 1, problems
    return problems[0]


def test_an_alias_bomb_is_refused_at_its_first_alias_and_fast():
    started = time.perf_counter()
    problem = _only(ALIAS_BOMB + "key: demo\n")
    assert time.perf_counter() - started < 0.5
    assert problem.line == 2 and "别名" in problem.message and "锚点" in problem.hint


@pytest.mark.parametrize(
    "value",
    [
        "9" * 5000,
        "0x" + "f" * 5000,
        "0" + "7" * 4400,
        "0b" + "1" * 5000,
        "-" + "1" * 19,
        "1_000_000_000_000_000_000_000",
    ],
)
def test_huge_integers_are_a_problem_not_a_value_error(value):
    problem = _only(f"key: demo\nmembers: {value}\n")
    assert (problem.line, problem.column) == (2, 10) and "整数过长" in problem.message
    assert "引号" in problem.hint


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("k: !!binary aGk=", "标签"),
        ("k: !!set {a, b}", "标签"),
        ("k: !!float x", "标签"),
        ("k: !!python/object/apply:os.system ['true']", "标签"),
        ("k: !!bool maybe", "标签"),
        ("k: .inf", "有限"),
        ("k: " + "x" * 30_000, "值过长"),
        ("data:\n  1: x\n", "应为文字"),
        ("steps:\n  - set:\n      2024: amount\n", "应为文字"),
        ("? [a, b]\n: c\n", "应为文字"),
        ("k: a\ud800b", "代理项"),
        ("k: a\x00", "YAML"),
    ],
)
def test_what_a_definition_never_needs_is_refused_at_its_line(text, words):
    problem = _only(text)
    assert words in problem.message and problem.line >= 1


def test_deep_nesting_is_refused_without_recursion_error():
    for text in ["k: " + "[" * 900 + "]" * 900, "k: " + "[" * 5000 + "]" * 5000]:
        problem = _only(text)
        assert problem.line == 1
    deep = "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v"
    assert "嵌套过深" in _only(deep).message


def test_ordinary_yaml_still_reads_as_before():
    data, _where, problems = load_yaml("k: '12'\nb: yes\nc: 2024-01-01\nd: ~\ne: 1.5\nf: 0x10\n", "f.yaml")
    assert problems == [] and data == {"k": "12", "b": True, "c": "2024-01-01", "d": None, "e": 1.5, "f": 16}


def test_file_folder_and_total_sizes_are_bounded(tmp_path, monkeypatch):
    files = read_folder(Path("workflows/hardship_aid"))
    big = dict(files, **{"definition.yaml": files["definition.yaml"] + "#" * MAX_FILE_BYTES})
    _bundle, problems = load_bundle(big, "workflows/x")
    assert "文件过大" in problems[0].message and problems[0].path == "workflows/x/definition.yaml"
    many = dict(files, **{f"documents/extra_{i}.html": "<p></p>" for i in range(300)})
    assert "文件过多" in load_bundle(many, "workflows/x")[1][0].message
    monkeypatch.setattr(bundle_module, "MAX_TOTAL_BYTES", 10_000)
    assert "合计过大" in load_bundle(files, "workflows/x")[1][0].message
    # read_folder reads no more than the limit of a huge file
    (tmp_path / "definition.yaml").write_bytes(b"key: x\n" + b"#" * (3 * MAX_FILE_BYTES))
    assert len(read_folder(tmp_path)["definition.yaml"]) == MAX_FILE_BYTES + 1


def test_an_exception_inside_a_check_becomes_a_problem_at_the_nearest_place(monkeypatch):
    from engine.definitions import checks

    def broken(ctx):
        for path, step in ctx.steps():  # noqa: B007 - `path` is what the catch-all reads
            if step["id"] == "assess":
                raise RuntimeError("boom")
            yield from ()

    monkeypatch.setattr(checks, "LOCAL_CHECKS", [*checks.LOCAL_CHECKS, broken])
    files = read_folder(Path("workflows/hardship_aid"))
    _bundle, problems = load_bundle(files, "workflows/hardship_aid")
    (problem,) = [p for p in problems if "boom" in p.message]
    line = next(n for n, row in enumerate(files["definition.yaml"].splitlines(), 1) if "id: assess" in row)
    assert problem.line == line and "broken" in problem.message and problem.hint
