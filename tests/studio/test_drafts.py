"""Drafts: validate on every save, keep invalid drafts with their errors,
never publish them; publish makes an immutable version; retire."""

import pytest
from django.core.exceptions import ValidationError

from engine.models import DefinitionVersion
from engine.studio.drafts import draft_file_save, draft_open, draft_publish, draft_save, version_retire
from engine.studio.models import StudioChange

from .conftest import replace_in


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_draft_starts_as_a_copy_of_the_published_version(definition, admin_user, all_kinds):
    draft = draft_open(definition=definition, actor=admin_user)
    assert (draft.number, draft.status, draft.errors) == (2, "draft", [])
    assert draft.files == all_kinds.files
    assert draft_open(definition=definition, actor=admin_user).pk == draft.pk  # one draft at a time


def test_an_error_is_stored_at_its_line_with_the_validator_message(definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    files = replace_in(draft.files, "next: intake", "next: intkae")
    saved = draft_save(definition=definition, files=files, actor=admin_user)
    line = _line_of(files["definition.yaml"], "next: intkae")
    assert saved.files == files  # kept as typed
    [error] = [e for e in saved.errors if e["path"] == "definition.yaml"]
    assert error["line"] == line
    assert "intkae" in error["message"] and "intake" in error["hint"]


def test_a_yaml_syntax_error_in_a_form_points_at_the_form_file(definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    broken = draft.files["forms/call.yaml"] + "\n  bad: [unclosed\n"
    saved = draft_file_save(
        definition=definition, relpath="forms/call.yaml", content=broken, actor=admin_user
    )
    assert saved.errors and all(e["path"] == "forms/call.yaml" for e in saved.errors)
    assert saved.errors[0]["line"] > 1


def test_an_invalid_draft_can_never_be_published(definition, admin_user, all_kinds):
    draft = draft_open(definition=definition, actor=admin_user)
    bad = draft_save(
        definition=definition,
        files=replace_in(draft.files, "role: officer", "role: nobody"),
        actor=admin_user,
    )
    with pytest.raises(ValidationError):
        draft_publish(draft=bad, actor=admin_user)
    definition.refresh_from_db()
    bad.refresh_from_db()
    assert definition.published_version_id == all_kinds.pk and bad.status == "draft" and bad.errors


def test_changing_the_key_is_an_error(definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    saved = draft_save(
        definition=definition, files=replace_in(draft.files, "key: all_kinds", "key: other"), actor=admin_user
    )
    assert any("all_kinds" in e["message"] and e["line"] == 2 for e in saved.errors)


def test_publish_retires_the_previous_version_and_freezes_the_new_one(definition, admin_user, all_kinds):
    draft = draft_open(definition=definition, actor=admin_user)
    draft = draft_save(
        definition=definition,
        files=replace_in(draft.files, "within: 30 minutes", "within: 1 hours"),
        actor=admin_user,
    )
    published = draft_publish(draft=draft, actor=admin_user)
    all_kinds.refresh_from_db()
    definition.refresh_from_db()
    assert published.status == "published" and all_kinds.status == "retired"
    assert definition.published_version_id == published.pk
    published.files = {**published.files, "definition.yaml": "key: x"}
    with pytest.raises(ValidationError):
        published.save()
    changes = list(StudioChange.objects.order_by("at", "id"))
    assert [(c.action, c.actor.username) for c in changes] == [
        ("draft_save", "padmin"),
        ("draft_save", "padmin"),
        ("publish", "padmin"),
    ]
    assert changes[0].summary == "all_kinds 新建草稿 v2（基于 v1）"
    # the save records what changed, as a diff of the file
    assert list(changes[1].after["diff"]) == ["definition.yaml"]
    assert "+      within: 1 hours" in changes[1].after["diff"]["definition.yaml"]
    # the next edit opens version 3
    assert draft_open(definition=definition, actor=admin_user).number == 3


def test_retire_stops_new_cases_on_the_version(definition, admin_user, all_kinds):
    version_retire(version=all_kinds, actor=admin_user)
    definition.refresh_from_db()
    all_kinds.refresh_from_db()
    assert all_kinds.status == "retired" and definition.published_version is None
    assert StudioChange.objects.filter(action="retire", object_id=str(all_kinds.pk)).exists()
    with pytest.raises(ValidationError):
        version_retire(version=all_kinds, actor=admin_user)
    assert DefinitionVersion.objects.filter(status="published").count() == 0


def test_a_file_saved_by_someone_else_meanwhile_is_not_overwritten(definition, admin_user, people):
    from engine.studio.drafts import EditConflict, text_hash

    draft = draft_open(definition=definition, actor=admin_user)
    loaded = draft.files["forms/call.yaml"]
    other = draft_file_save(
        definition=definition,
        relpath="forms/call.yaml",
        content=loaded + "# 他人\n",
        actor=people["head"],
        base_hash=text_hash(loaded),
    )
    with pytest.raises(EditConflict):
        draft_file_save(
            definition=definition,
            relpath="forms/call.yaml",
            content=loaded + "# 我\n",
            actor=admin_user,
            base_hash=text_hash(loaded),
        )
    assert DefinitionVersion.objects.get(pk=other.pk).files["forms/call.yaml"].endswith("# 他人\n")
    # another file of the same draft is still free to save
    saved = draft_file_save(
        definition=definition,
        relpath="forms/apply.yaml",
        content=draft.files["forms/apply.yaml"],
        actor=admin_user,
        base_hash=text_hash(draft.files["forms/apply.yaml"]),
    )
    assert saved.files["forms/call.yaml"].endswith("# 他人\n")
