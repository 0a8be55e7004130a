"""Broken uses of the pattern constructs are refused at their line."""

import pytest

from engine.definitions import load_bundle, read_folder

from .conftest import HERE


def _problems(folder, old, new):
    files = read_folder(HERE / folder)
    text = files["definition.yaml"]
    assert text.count(old) == 1, old
    files["definition.yaml"] = text.replace(old, new)
    # the first line that differs: where the validator must point
    before, after = text.splitlines(), files["definition.yaml"].splitlines()
    line = next((n for n, (a, b) in enumerate(zip(before, after, strict=False), 1) if a != b), len(after))
    return load_bundle(files, f"workflows/{folder}")[1], line


CASES = [
    # (folder, old, new, fragment of the message)
    ("multi_choice", "    default: basic_check\n", "", "没有 default"),
    ("multi_choice", "default: basic_check", "default: basic_chek", "不存在的步骤"),
    ("discriminator", "wait: first", "wait: 3", "只有 2 个分支"),
    ("partial_join", "wait: 2 of 3", "wait: 2 of 4", "有 3 个"),
    ("partial_join", "wait: 2 of 3, rest: ignore", "rest: ignore", "rest: 不起作用"),
    ("discriminator", "wait: first", "wait: sometimes", "wait"),
    ("four_eyes", "not_by: [approve]", "not_by: [aprove]", "不存在的步骤 'aprove'"),
    ("four_eyes", "not_by: [approve]", "not_by: [finished]", "没有办理人"),
    ("four_eyes", "same_as: pay", "same_as: pay\n    not_by: pay", "互相矛盾"),
    ("allocation", "allocate: round_robin", "allocate: randomly", "allocate"),
    ("cancel_activity", "{cancel: [full_review, second_look]}", "{cancel: [full_reviw]}", "不存在的步骤"),
    ("cancel_activity", "{cancel: [full_review, second_look]}", "{cancel: [checked]}", "不会停留"),
    ("withdraw", "next: withdrawn", "next: withdrawnn", "不存在的步骤 'withdrawnn'"),
    (
        "withdraw",
        "during: [review, visit_wait, committee_prep]",
        "during: [review, parallel]",
        "不会停在那里",
    ),
    ("withdraw", "by: [officer]", "by: [oficer]", "oficer"),
    ("withdraw", "  - id: duplicate\n", "  - id: withdraw\n", "重名"),
]


@pytest.mark.parametrize(("folder", "old", "new", "fragment"), CASES)
def test_refused_at_its_line(folder, old, new, fragment):
    problems, line = _problems(folder, old, new)
    assert problems, f"{folder}: {new!r} was accepted"
    matching = [p for p in problems if fragment in str(p)]
    assert matching, "\n".join(str(p) for p in problems)
    if new:
        assert any(line - 1 <= p.line <= line + 1 for p in matching), "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("folder", sorted(p.name for p in HERE.iterdir() if (p / "definition.yaml").exists()))
def test_every_pattern_folder_is_valid(folder):
    assert load_bundle(read_folder(HERE / folder), f"workflows/{folder}")[1] == []
