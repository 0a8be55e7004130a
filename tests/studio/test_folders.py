"""Import and export of process folders; the files and the database in step."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from engine.definitions.bundle import read_folder
from engine.models import ProcessDefinition
from engine.runtime.versions import versions_load
from engine.studio.drafts import draft_open, draft_publish, draft_save
from engine.studio.folders import files_to_zip, folder_import, folder_in_step, folder_write, zip_to_files
from engine.studio.models import StudioChange

from .conftest import FIXTURES, replace_in


def _zip(files: dict, top: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(top + path, text)
        archive.writestr(top + "documents/logo.png", b"\x89PNG\x00\xff")  # binary: left out
        archive.writestr("__MACOSX/._definition.yaml", "junk")
    return buffer.getvalue()


def test_zip_round_trip_keeps_every_file():
    files = read_folder(FIXTURES / "all_kinds")
    assert zip_to_files(files_to_zip(files, "all_kinds")) == files


def test_import_of_a_new_process_makes_a_validated_draft(admin_user, units):
    files = read_folder(FIXTURES / "all_kinds")
    draft = folder_import(data=_zip(files, "all_kinds/"), actor=admin_user)
    assert draft.definition.key == "all_kinds" and draft.status == "draft" and draft.number == 1
    assert draft.files == files and draft.errors == []
    change = StudioChange.objects.get(action="import")
    assert change.actor == admin_user and change.after["created"] is True


def test_import_of_a_broken_folder_keeps_it_with_its_errors(admin_user, definition):
    files = replace_in(read_folder(FIXTURES / "all_kinds"), "role: officer", "role: ghost")
    draft = folder_import(data=_zip(files), actor=admin_user)
    assert draft.number == 2 and draft.errors and any("ghost" in e["message"] for e in draft.errors)
    definition.refresh_from_db()
    assert definition.published_version.number == 1


def test_a_zip_without_a_definition_is_refused(admin_user, db):
    with pytest.raises(ValidationError):
        folder_import(data=_zip({"forms/a.yaml": "key: a"}), actor=admin_user)
    with pytest.raises(ValidationError):
        folder_import(data=b"not a zip", actor=admin_user)


def test_write_puts_the_published_version_in_workflows_and_load_finds_nothing_new(
    tmp_path, definition, admin_user, all_kinds
):
    draft = draft_open(definition=definition, actor=admin_user)
    files = replace_in(draft.files, "title: 评估", "title: 综合评估")
    files["forms/extra.yaml"] = (
        "key: extra\ntitle: 补充\nsteps:\n  - id: p\n    fields:\n      - {name: memo, type: text, label: 备注}\n"
    )
    v2 = draft_publish(
        draft=draft_save(definition=definition, files=files, actor=admin_user), actor=admin_user
    )
    folder = tmp_path / "all_kinds"
    folder.mkdir()
    (folder / "forms").mkdir()
    (folder / "forms" / "stale.yaml").write_text("key: stale\n", encoding="utf-8")
    assert not folder_in_step(v2, tmp_path)
    folder_write(version=v2, actor=admin_user, directory=tmp_path)
    assert folder_in_step(v2, tmp_path) and not (folder / "forms" / "stale.yaml").exists()
    assert read_folder(folder) == v2.files
    [(version, created)] = versions_load(directory=tmp_path)
    assert version.pk == v2.pk and not created
    assert ProcessDefinition.objects.get(key="all_kinds").published_version_id == v2.pk
