"""Drafts: the one editable version of a process. Every save stores the files
and the validator's problems together (never half-applied); only a draft with
no problems can be published, and published versions are never edited."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engine.definitions.bundle import size_problems
from engine.models import DefinitionVersion, ProcessDefinition
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle

from .audit import change_record
from .diff import files_diff
from .flowcache import flow_class_forget
from .models import StudioChange
from .validation import files_validate

DRAFT = DefinitionVersion.Status.DRAFT
AUDIT_DIFF_LIMIT = 20_000


def draft_of(definition: ProcessDefinition) -> DefinitionVersion | None:
    return definition.versions.filter(status=DRAFT).order_by("-number").first()


def _next_number(definition) -> int:
    last = definition.versions.order_by("-number").first()
    return last.number + 1 if last else 1


@transaction.atomic
def draft_open(*, definition: ProcessDefinition, actor) -> DefinitionVersion:
    """The current draft, or a new one copied from the published (else the
    newest) version."""
    definition = ProcessDefinition.objects.select_for_update().get(pk=definition.pk)
    draft = draft_of(definition)
    if draft is not None:
        return draft
    base = definition.published_version or definition.versions.order_by("-number").first()
    draft = _create(definition, dict(base.files) if base else {}, actor)
    change_record(
        actor=actor,
        action=StudioChange.Action.DRAFT_SAVE,
        obj_type="version",
        obj_id=draft.pk,
        summary=f"{definition.key} 新建草稿 v{draft.number}" + (f"（基于 v{base.number}）" if base else ""),
        after={
            "hash": draft.content_hash,
            "errors": len(draft.errors),
            "base": base.number if base else None,
        },
    )
    return draft


def _create(definition, files, actor) -> DefinitionVersion:
    return DefinitionVersion.objects.create(
        definition=definition,
        number=_next_number(definition),
        status=DRAFT,
        files=files,
        errors=files_validate(files, expected_key=definition.key),
        created_by=actor,
    )


def _within_limits(files: dict):
    """A draft is stored even with errors, so the loader's size limits (file,
    folder, total; no undecodable characters) are refused before storing:
    one upload must not fill the database."""
    problems = size_problems(files, "")
    if problems:
        raise ValidationError([str(problem) for problem in problems[:5]])


@transaction.atomic
def draft_save(*, definition: ProcessDefinition, files: dict, actor) -> DefinitionVersion:
    """Store `files` as the draft (created when there is none) with their
    problems; returns the draft, its `errors` empty when valid.
    ValidationError when the files are over the loader's limits."""
    _within_limits(files)
    definition = ProcessDefinition.objects.select_for_update().get(pk=definition.pk)
    draft = draft_of(definition)
    before = {"hash": draft.content_hash, "errors": len(draft.errors)} if draft else {}
    old_files = dict(draft.files) if draft else {}
    if draft is None:
        draft = _create(definition, dict(files), actor)
    else:
        draft.files = dict(files)
        draft.errors = files_validate(draft.files, expected_key=definition.key)
        draft.save()
    # A dry run may have compiled this draft number before: forget that class.
    flow_class_forget(draft)
    changed = _audit_diff(old_files, draft.files)
    change_record(
        actor=actor,
        action=StudioChange.Action.DRAFT_SAVE,
        obj_type="version",
        obj_id=draft.pk,
        summary=f"{definition.key} v{draft.number}: {', '.join(changed) or '无改动'}；{len(draft.errors)} 个错误",
        before=before,
        after={"hash": draft.content_hash, "errors": len(draft.errors), "diff": changed},
    )
    return draft


def _audit_diff(old: dict, new: dict) -> dict:
    """What the save changed, file by file, as a bounded unified diff."""
    return {path: text[:AUDIT_DIFF_LIMIT] for path, text in files_diff(old, new).items()}


class EditConflict(ValidationError):
    """The file changed since the editor loaded it (someone else saved)."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def draft_file_save(
    *, definition, relpath: str, content: str, actor, base_hash: str | None = None
) -> DefinitionVersion:
    """Save one file of the draft (the editor edits one file at a time).
    With `base_hash` (text_hash of the file as the editor loaded it), a file
    someone else saved meanwhile is not overwritten: EditConflict."""
    ProcessDefinition.objects.select_for_update().get(pk=definition.pk)  # one edit at a time
    draft = draft_open(definition=definition, actor=actor)
    if base_hash is not None and text_hash(draft.files.get(relpath, "")) != base_hash:
        raise EditConflict(_("该文件已被他人修改并保存。下面仍是您的内容；再次保存将覆盖对方的修改。"))
    files = dict(draft.files)
    files[relpath] = content.replace("\r\n", "\n")
    return draft_save(definition=definition, files=files, actor=actor)


def draft_file_delete(*, definition, relpath: str, actor) -> DefinitionVersion:
    draft = draft_open(definition=definition, actor=actor)
    files = {path: body for path, body in draft.files.items() if path != relpath}
    return draft_save(definition=definition, files=files, actor=actor)


def _sync_titles(definition, version):
    bundle = version_bundle(version)
    definition.title = text(bundle.definition["title"], "zh")
    definition.title_en = text(bundle.definition["title"], "en")
    definition.category = text(bundle.definition.get("category"), "zh")
    definition.save(update_fields=["title", "title_en", "category"])


@transaction.atomic
def draft_publish(*, draft: DefinitionVersion, actor) -> DefinitionVersion:
    """Validate again (reference lists may have changed since the save), then
    make the draft the published version; the previous one is retired and its
    running cases finish on it."""
    draft = DefinitionVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.status != DRAFT:
        raise ValidationError(_("只有草稿可以发布。"))
    errors = files_validate(draft.files, expected_key=draft.definition.key)
    if errors != draft.errors:
        DefinitionVersion.objects.filter(pk=draft.pk).update(errors=errors)
    if errors:
        raise ValidationError(_("草稿有 %(n)d 个错误，不能发布。") % {"n": len(errors)})
    definition = ProcessDefinition.objects.select_for_update().get(pk=draft.definition_id)
    previous = definition.published_version
    flow_class_forget(draft)
    DefinitionVersion.objects.filter(pk=draft.pk).update(
        status=DefinitionVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    if previous is not None:
        DefinitionVersion.objects.filter(pk=previous.pk).update(status=DefinitionVersion.Status.RETIRED)
    definition.published_version = draft
    definition.save(update_fields=["published_version"])
    draft.refresh_from_db()
    _sync_titles(definition, draft)
    change_record(
        actor=actor,
        action=StudioChange.Action.PUBLISH,
        obj_type="version",
        obj_id=draft.pk,
        summary=f"{definition.key} v{draft.number} 发布",
        before={"published": previous.number if previous else None},
        after={"published": draft.number},
    )
    return draft


@transaction.atomic
def version_retire(*, version: DefinitionVersion, actor) -> DefinitionVersion:
    """No new cases on this version; its running cases go on to their end."""
    version = DefinitionVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DefinitionVersion.Status.PUBLISHED:
        raise ValidationError(_("只有已发布的版本可以停用。"))
    definition = ProcessDefinition.objects.select_for_update().get(pk=version.definition_id)
    DefinitionVersion.objects.filter(pk=version.pk).update(status=DefinitionVersion.Status.RETIRED)
    if definition.published_version_id == version.pk:
        definition.published_version = None
        definition.save(update_fields=["published_version"])
    change_record(
        actor=actor,
        action=StudioChange.Action.RETIRE,
        obj_type="version",
        obj_id=version.pk,
        summary=f"{definition.key} v{version.number} 停用",
        before={"status": "published"},
        after={"status": "retired"},
    )
    version.refresh_from_db()
    return version
