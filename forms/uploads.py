"""Upload checks and storage: a file is accepted only if both its extension
and its first bytes say it is an allowed type, and it is within the size
limit. Accepted files become Attachment rows in private storage."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_ACCEPT = ("pdf", "jpg", "jpeg", "png")
DEFAULT_MAX_SIZE = 10 * 1024 * 1024
MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
SIZE_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024**2, "M": 1024**2, "GB": 1024**3, "G": 1024**3}


def parse_size(value) -> int:
    """'10MB' / '500 KB' / 1048576 -> bytes."""
    if value in (None, ""):
        return DEFAULT_MAX_SIZE
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", str(value).upper())
    if not match:
        raise ValueError(f"unreadable size: {value!r}")
    return int(float(match.group(1)) * SIZE_UNITS[match.group(2)])


def accepted_extensions(accept) -> tuple[str, ...]:
    names = [str(item).lower().lstrip(".") for item in (accept or DEFAULT_ACCEPT)]
    if "jpg" in names and "jpeg" not in names:
        names.append("jpeg")
    return tuple(names)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload, length=16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def check_upload(upload, *, accept=None, max_size=None) -> None:
    allowed = accepted_extensions(accept)
    ext = extension(upload.name)
    if ext not in allowed:
        raise ValidationError(
            _("不支持的文件类型；请上传 %(types)s 文件。"),
            code="file_type",
            params={"types": "、".join(allowed)},
        )
    signatures = MAGIC.get(ext)
    if signatures and not _head(upload).startswith(signatures):
        raise ValidationError(
            _("文件内容与扩展名不符，请上传真实的 %(ext)s 文件。"), code="file_magic", params={"ext": ext}
        )
    limit = parse_size(max_size)
    if upload.size > limit:
        raise ValidationError(
            _("文件过大（上限 %(limit)s）。"), code="file_size", params={"limit": human_size(limit)}
        )


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} B"


def attachment_store(*, upload, field_name: str, owner=None, draft=None):
    """Save one checked upload as an Attachment (private storage)."""
    from .models import Attachment

    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    ext = extension(upload.name)
    attachment = Attachment(
        original_name=upload.name[-255:],
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
        size=upload.size,
        sha256=digest.hexdigest(),
        field_name=field_name,
        owner=owner,
        draft=draft,
    )
    attachment.file.save(f"{digest.hexdigest()[:16]}.{ext}", upload, save=False)
    attachment.save()
    return attachment
