"""Stored definition versions: loading process folders into immutable
versions, publishing, exporting, and the (cached) parsed bundle of a version."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from engine.definitions.bundle import load_bundle, read_folder
from engine.models import DefinitionVersion, ProcessDefinition
from engine.models.definitions import content_hash

from .labels import text
from .reference import reference_keys, reference_load

_cache: dict = {}
_cache_lock = threading.Lock()


def version_bundle(version: DefinitionVersion):
    """The normalised bundle of a stored version. Versions are immutable once
    published, so the cache key includes the content hash (drafts change)."""
    key = (version.pk, version.content_hash)
    bundle = _cache.get(key)
    if bundle is None:
        bundle, problems = load_bundle(version.files, origin=f"{version.definition.key}@v{version.number}")
        if bundle is None:
            raise ValueError("; ".join(str(p) for p in problems))
        with _cache_lock:
            _cache[key] = bundle
    return bundle


def process_folders(directory=None) -> list[Path]:
    root = Path(directory or settings.WORKFLOWS_DIR)
    return sorted(p.parent for p in root.glob("*/definition.yaml"))


@transaction.atomic
def version_store(*, files: dict, actor=None, publish: bool = True, origin: str = ""):
    """Store `files` as a new version unless an identical one exists.
    Returns (version, created). Refuses invalid content."""
    bundle, problems = load_bundle(files, origin=origin, known_reference_lists=reference_keys())
    if bundle is None or problems:
        raise CommandError("\n".join(str(p) for p in problems))
    definition, _ = ProcessDefinition.objects.get_or_create(
        key=bundle.key,
        defaults={"title": text(bundle.definition["title"], "zh")},
    )
    definition.title = text(bundle.definition["title"], "zh")
    definition.title_en = text(bundle.definition["title"], "en")
    definition.category = text(bundle.definition.get("category"), "zh")
    definition.save()
    # An identical studio draft is not a stored version: it may still change.
    existing = (
        definition.versions.exclude(status=DefinitionVersion.Status.DRAFT)
        .filter(content_hash=content_hash(files))
        .first()
    )
    if existing is not None:
        return existing, False
    last = definition.versions.order_by("-number").first()
    version = DefinitionVersion.objects.create(
        definition=definition, number=(last.number + 1) if last else 1, files=files, created_by=actor
    )
    if publish:
        version_publish(version=version, actor=actor)
    return version, True


@transaction.atomic
def version_publish(*, version: DefinitionVersion, actor=None) -> DefinitionVersion:
    """New cases start on this version; the previously published one is
    retired (its running cases go on to their end on it)."""
    definition = ProcessDefinition.objects.select_for_update().get(pk=version.definition_id)
    if version.errors:
        raise CommandError("有错误的草稿不能发布")
    previous = definition.published_version
    if previous is not None and previous.pk != version.pk:
        DefinitionVersion.objects.filter(pk=previous.pk).update(status=DefinitionVersion.Status.RETIRED)
    DefinitionVersion.objects.filter(pk=version.pk).update(
        status=DefinitionVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    definition.published_version = version
    definition.save(update_fields=["published_version"])
    version.refresh_from_db()
    return version


def versions_load(*, stdout=None, directory=None) -> list:
    """`workflows load`: reference lists first (forms name them), then every
    process folder; a folder whose content is already stored changes nothing."""
    root = Path(directory or settings.WORKFLOWS_DIR)
    results = []
    for line in reference_load(root / "reference"):
        if stdout:
            stdout.write(line)
    for folder in process_folders(root):
        version, created = version_store(files=read_folder(folder), origin=str(folder))
        results.append((version, created))
        if stdout:
            state = "新版本" if created else "未变化"
            stdout.write(f"{version.definition.key}: v{version.number} {state}")
            drafts = version.definition.versions.filter(status=DefinitionVersion.Status.DRAFT)
            for draft in drafts:
                stdout.write(f"  注意：草稿 v{draft.number} 仍在编辑中，发布它会取代 v{version.number}")
    return results


def version_export(key: str, directory) -> Path:
    """Write the published (or latest) version's files into directory/key/."""
    definition = ProcessDefinition.objects.get(key=key)
    version = definition.published_version or definition.versions.order_by("-number").first()
    target = Path(directory) / key
    for relpath, content in version.files.items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return target
