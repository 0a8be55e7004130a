"""Process folders in and out of the studio: a zip upload becomes a draft, a
version downloads as a zip, and the published version is written back into
workflows/<key>/ so that the files and the database stay in step (a later
`workflows load` of that folder then finds nothing new)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engine.definitions.bundle import DEFINITION_FILE, MAX_FILE_BYTES, MAX_TOTAL_BYTES, read_folder
from engine.models import ProcessDefinition

from .audit import change_record
from .drafts import draft_save
from .models import StudioChange
from .validation import key_of_files, relpath_valid

MAX_ZIP_BYTES = 5 * 1024 * 1024  # compressed; uncompressed sizes follow the loader's limits
MAX_ZIP_MEMBERS = 500


def _strip_top_folder(names: list[str]) -> str:
    """'<key>/definition.yaml' -> prefix '<key>/' (zips made by
    compressing the folder itself); '' when files sit at the top."""
    if DEFINITION_FILE in names:
        return ""
    tops = [
        n[: -len(DEFINITION_FILE)] for n in names if n.endswith("/" + DEFINITION_FILE) and n.count("/") == 1
    ]
    return tops[0] if len(tops) == 1 else ""


def _unsafe_name(name: str) -> bool:
    """A member name that could point outside the folder once unpacked."""
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or ".." in parts
        or "\x00" in name
        or (len(name) > 1 and name[1] == ":")  # C:...
    )


def zip_to_files(data: bytes) -> dict[str, str]:
    """The process files of a zipped folder. Refused (ValidationError) before
    anything is unpacked: more than MAX_ZIP_BYTES compressed, member names
    that leave the folder, too many members, or declared sizes over the
    loader's file and total limits (a zip bomb); each member is then read no
    further than the file limit, whatever its header claims."""
    if len(data) > MAX_ZIP_BYTES:
        raise ValidationError(_("压缩包过大。"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ValidationError(_("不是有效的 zip 文件。")) from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ValidationError(_("压缩包中的文件过多。"))
    unsafe = [info.filename for info in infos if _unsafe_name(info.filename)]
    if unsafe:
        raise ValidationError(_("压缩包中有不安全的文件名：%(name)s") % {"name": unsafe[0][:100]})
    names = [info.filename for info in infos]
    prefix = _strip_top_folder(names)
    wanted = []
    for info in infos:
        name = info.filename
        relpath = name[len(prefix) :] if name.startswith(prefix) else name
        if relpath_valid(relpath):  # images, editor backups, __MACOSX/...: not part of a version
            wanted.append((relpath, info))
    if any(info.file_size > MAX_FILE_BYTES for _relpath, info in wanted):
        raise ValidationError(
            _("压缩包中有文件解压后过大（每个文件最多 %(kb)d KB）。") % {"kb": MAX_FILE_BYTES // 1024}
        )
    if sum(info.file_size for _relpath, info in wanted) > MAX_TOTAL_BYTES:
        raise ValidationError(
            _("压缩包解压后过大（最多 %(mb)d MB）。") % {"mb": MAX_TOTAL_BYTES // 1024 // 1024}
        )
    files = {}
    try:
        for relpath, info in wanted:
            with archive.open(info) as member:
                raw = member.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                raise ValidationError(
                    _("压缩包中有文件解压后过大（每个文件最多 %(kb)d KB）。") % {"kb": MAX_FILE_BYTES // 1024}
                )
            try:
                files[relpath] = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as exc:
        raise ValidationError(_("不是有效的 zip 文件。")) from exc
    if DEFINITION_FILE not in files:
        raise ValidationError(_("压缩包中没有 definition.yaml。"))
    return files


def files_to_zip(files: dict, key: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relpath in sorted(files):
            archive.writestr(f"{key}/{relpath}", files[relpath])
    return buffer.getvalue()


@transaction.atomic
def folder_import(*, data: bytes, actor):
    """A zipped process folder becomes the draft of its process (a new
    process when the key is new). Returns the draft, errors stored."""
    files = zip_to_files(data)
    key = key_of_files(files)
    if not key:
        raise ValidationError(_("definition.yaml 中找不到 key。"))
    definition, created = ProcessDefinition.objects.get_or_create(key=key, defaults={"title": key})
    draft = draft_save(definition=definition, files=files, actor=actor)
    change_record(
        actor=actor,
        action=StudioChange.Action.IMPORT,
        obj_type="definition",
        obj_id=definition.pk,
        summary=f"导入 {key}（{len(files)} 个文件）→ v{draft.number}",
        after={"created": created, "files": sorted(files)},
    )
    return draft


def _folder(key: str, directory=None) -> Path:
    root = Path(directory or settings.WORKFLOWS_DIR)
    return root / key


def folder_write(*, version, actor, directory=None) -> Path:
    """Make workflows/<key>/ hold exactly this version's files: write them,
    and remove definition/form/document files the version does not have."""
    target = _folder(version.definition.key, directory)
    stale = set(read_folder(target)) - set(version.files) if target.is_dir() else set()
    for relpath in stale:
        (target / relpath).unlink()
    for relpath, content in version.files.items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    change_record(
        actor=actor,
        action=StudioChange.Action.EXPORT,
        obj_type="version",
        obj_id=version.pk,
        summary=f"{version.definition.key} v{version.number} 写入 {target}",
        after={"files": sorted(version.files), "removed": sorted(stale)},
    )
    return target


def folder_in_step(version, directory=None) -> bool:
    """True when workflows/<key>/ holds exactly this version's files."""
    target = _folder(version.definition.key, directory)
    return target.is_dir() and read_folder(target) == version.files
