"""`manage.py workflows validate`: problems as path:line:column, exit code."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    out = io.StringIO()
    call_command("workflows", *args, stdout=out)
    return out.getvalue()


def test_good_folder_passes():
    output = run("validate", str(FIXTURES / "_valid_minimal"))
    assert "1 个流程定义，0 个错误" in output


def test_broken_folders_fail_with_positions(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "workflows",
            "validate",
            "tests/fixtures/broken/bad_target",
            "tests/fixtures/broken/misspelt_key",
            stdout=out,
        )
    lines = out.getvalue().splitlines()
    assert lines[-1] == "2 个流程定义，2 个错误"
    assert lines[0].startswith("tests/fixtures/broken/bad_target/definition.yaml:46:38: ")
    assert "'filng'" in lines[0]
    assert lines[1].startswith("tests/fixtures/broken/misspelt_key/definition.yaml:22:5: ")


def test_default_is_every_folder_under_workflows_dir(settings, tmp_path):
    for name in ("_valid_minimal", "bad_target"):
        target = tmp_path / name
        for relpath in ("definition.yaml", "forms/apply.yaml", "forms/review.yaml", "documents/receipt.html"):
            (target / relpath).parent.mkdir(parents=True, exist_ok=True)
            (target / relpath).write_text(
                (FIXTURES / name / relpath).read_text(encoding="utf-8"), encoding="utf-8"
            )
    (tmp_path / "reference").mkdir()  # not a process folder
    settings.WORKFLOWS_DIR = tmp_path
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("workflows", "validate", stdout=out)
    assert out.getvalue().splitlines()[-1] == "2 个流程定义，1 个错误"
    assert "bad_target/definition.yaml:46:38:" in out.getvalue()


def test_reference_lists_beside_the_folders_are_checked(settings, tmp_path):
    target = tmp_path / "proc"
    for relpath in ("definition.yaml", "forms/apply.yaml", "documents/receipt.html"):
        (target / relpath).parent.mkdir(parents=True, exist_ok=True)
        (target / relpath).write_text(
            (FIXTURES / "_valid_minimal" / relpath).read_text(encoding="utf-8"), encoding="utf-8"
        )
    (target / "forms/review.yaml").write_text(
        "key: review\nfields:\n  - {name: tier, type: choice, options_from: aid_tiers}\n", encoding="utf-8"
    )
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "calendar.yaml").write_text("holidays: []\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("workflows", "validate", str(target), stdout=out)
    assert "forms/review.yaml:3:" in out.getvalue() and "aid_tiers" in out.getvalue()
    (tmp_path / "reference" / "aid_tiers.yaml").write_text("key: aid_tiers\nitems: []\n", encoding="utf-8")
    assert "0 个错误" in run("validate", str(target))


def test_exit_codes_from_the_command_line():
    good = [sys.executable, "manage.py", "workflows", "validate", "tests/fixtures/broken/_valid_minimal"]
    bad = [sys.executable, "manage.py", "workflows", "validate", "tests/fixtures/broken/bad_target"]
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(good, cwd=ROOT, capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    result = subprocess.run(bad, cwd=ROOT, capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 1
    assert result.stdout.startswith("tests/fixtures/broken/bad_target/definition.yaml:46:38: ")


def test_other_subcommands_are_registered():
    from engine.management.commands.workflows import Command

    parser = Command().create_parser("manage.py", "workflows")
    for argv in (
        ["load"],
        ["tick"],
        ["graph", "x", "--format", "dot", "-o", "f.dot"],
        ["export", "x", "-o", "d"],
    ):
        assert parser.parse_args(argv).action == argv[0]


def test_a_hostile_folder_is_reported_as_problems_never_a_traceback(tmp_path):
    folder = tmp_path / "bomb"
    (folder / "forms").mkdir(parents=True)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    (folder / "definition.yaml").write_text(laughs, encoding="utf-8")
    (folder / "forms" / "apply.yaml").write_text("fields:\n  - {name: n, max: " + "9" * 5000 + "}\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "workflows", "validate", str(folder), str(tmp_path / "missing")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "definition.yaml:2:" in result.stdout and "别名" in result.stdout
    assert "apply.yaml:2:" in result.stdout and "整数过长" in result.stdout
