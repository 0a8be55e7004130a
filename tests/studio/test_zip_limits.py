"""Issue 14: a zip import runs under the loader's limits: sizes are judged
uncompressed (a 199 KB zip must not become a 200 MB draft), member names
cannot leave the folder, and the dry-run form reads YAML with the same
loader. Pure functions: no database needed."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError

from engine.definitions.bundle import MAX_FILE_BYTES
from engine.studio.folders import zip_to_files
from engine.studio.views.dryrun import _parse


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_by_its_uncompressed_size_before_unpacking():
    data = _zip({"definition.yaml": "key: x\n", "documents/a.html": "0" * (200 * 1024 * 1024)})
    assert len(data) < 400 * 1024  # small on the wire
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="解压后过大"):
        zip_to_files(data)
    assert time.perf_counter() - started < 1


def test_many_files_each_under_the_limit_are_refused_by_their_total():
    members = {"definition.yaml": "key: x\n"}
    members |= {f"documents/d{i}.html": "0" * (MAX_FILE_BYTES - 10) for i in range(12)}
    with pytest.raises(ValidationError, match="解压后过大"):
        zip_to_files(_zip(members))


@pytest.mark.parametrize(
    "name", ["../definition.yaml", "x/../../etc/passwd", "/etc/passwd", "C:/x.yaml", "..\\x"]
)
def test_member_names_that_leave_the_folder_are_refused(name):
    with pytest.raises(ValidationError, match="不安全的文件名"):
        zip_to_files(_zip({"definition.yaml": "key: x\n", name: "x"}))


def test_a_plain_folder_zip_still_imports():
    files = zip_to_files(_zip({"p/definition.yaml": "key: p\n", "p/forms/apply.yaml": "fields: []\n"}))
    assert files == {"definition.yaml": "key: p\n", "forms/apply.yaml": "fields: []\n"}


def test_the_dry_run_form_reads_yaml_with_the_definition_loader():
    with pytest.raises(ValidationError, match="别名"):
        _parse("a: &a [1, 2]\nb: [*a, *a]\n", dict)
    with pytest.raises(ValidationError, match="整数过长"):
        _parse("amount: " + "9" * 5000, dict)
    assert _parse("amount: 12\n", dict) == {"amount": 12}
