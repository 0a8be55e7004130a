"""Bulk import of units, staff and grants: read an .xlsx or .csv file with
tablib (django-import-export's formats), dry-run it to a preview with the
errors of each row, and apply it all or nothing.

The uploaded file is kept under the private storage root between the
preview and the apply, named by a random token held in the session, so the
apply runs on exactly the rows the administrator saw."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

from engine.studio.audit import change_record
from engine.studio.models import StudioChange

from .resources import RESOURCES

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FORMATS = {".csv": CSV, ".xlsx": XLSX}


def _folder() -> Path:
    folder = Path(settings.PRIVATE_STORAGE_ROOT) / "people-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_keep(upload) -> dict:
    """Check and keep an uploaded file; returns what the session holds."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(_("只支持 .xlsx 或 .csv 文件。"))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("文件超过 2 MB。"))
    token = secrets.token_hex(16)
    (_folder() / f"{token}{suffix}").write_bytes(upload.read())
    return {"token": token, "suffix": suffix, "name": Path(upload.name).name[:100]}


def _path(kept: dict) -> Path:
    token, suffix = str(kept.get("token", "")), kept.get("suffix")
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token) or suffix not in FORMATS:
        raise ValidationError(_("导入文件已失效，请重新上传。"))
    path = _folder() / f"{token}{suffix}"
    if not path.exists():
        raise ValidationError(_("导入文件已失效，请重新上传。"))
    return path


def upload_forget(kept: dict) -> None:
    try:
        _path(kept).unlink(missing_ok=True)
    except ValidationError:
        pass


def dataset_of(kept: dict) -> tablib.Dataset:
    raw = _path(kept).read_bytes()
    fmt = FORMATS[kept["suffix"]]()
    if kept["suffix"] == ".csv":
        # Excel in China saves CSV in GB18030 (GBK); others in UTF-8 (with BOM).
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                raw = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("无法识别 CSV 文件的编码（应为 UTF-8 或 GBK）。"))
    try:
        dataset = fmt.create_dataset(raw)
    except Exception as exc:  # tablib / openpyxl raise many kinds for a broken file
        raise ValidationError(_("无法读取文件：%(e)s") % {"e": str(exc)[:200]}) from exc
    if not dataset.headers:
        raise ValidationError(_("文件没有表头行。"))
    dataset.headers = [str(h or "").strip() for h in dataset.headers]
    if len(dataset) > MAX_ROWS:
        raise ValidationError(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    return dataset


@dataclass
class BadRow:
    number: int  # the row's line in the file (the header is line 1)
    values: dict
    errors: list = field(default_factory=list)


@dataclass
class Preview:
    kind: str
    totals: dict
    bad: list
    sample: list
    headers: list
    missing: list

    @property
    def ok(self) -> bool:
        return not self.bad and not self.missing


def _expected_headers(kind: str) -> list[str]:
    resource = RESOURCES[kind]()
    return [f.column_name for f in resource.get_import_fields()]


def _run(kind: str, dataset, *, actor, dry_run: bool):
    resource = RESOURCES[kind](actor=actor)
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        raise_errors=False,
        rollback_on_validation_errors=True,
    )


def _bad_rows(result, dataset) -> list[BadRow]:
    def values(number):
        return dict(zip(dataset.headers, dataset[number - 1], strict=False)) if number else {}

    bad = {}
    for invalid in result.invalid_rows:
        row = bad.setdefault(invalid.number, BadRow(invalid.number + 1, values(invalid.number)))
        for name, messages in invalid.error_dict.items():
            label = "" if name == "__all__" else f"{name}: "
            row.errors += [f"{label}{message}" for message in messages]
    for number, errors in result.row_errors():
        row = bad.setdefault(number, BadRow(number + 1, values(number)))
        row.errors += [str(error.error)[:300] for error in errors]
    return [bad[n] for n in sorted(bad)]


def preview(kind: str, dataset, *, actor) -> Preview:
    """A dry run: nothing is written (the run's transaction rolls back)."""
    expected = _expected_headers(kind)
    missing = [name for name in expected if name not in dataset.headers]
    if missing:
        return Preview(kind, {}, [], [], expected, missing)
    result = _run(kind, dataset, actor=actor, dry_run=True)
    bad = _bad_rows(result, dataset)
    bad_numbers = {row.number - 1 for row in bad}
    sample = [
        dict(zip(dataset.headers, dataset[i], strict=False))
        for i in range(len(dataset))
        if i + 1 not in bad_numbers
    ][:10]
    return Preview(kind, dict(result.totals), bad, sample, expected, [])


def without_rows(dataset, numbers) -> tablib.Dataset:
    """The dataset minus the given file lines (header = line 1)."""
    drop = {n - 2 for n in numbers}
    kept = tablib.Dataset(headers=dataset.headers)
    for index, row in enumerate(dataset):
        if index not in drop:
            kept.append(row)
    return kept


def apply(kind: str, dataset, *, actor, skip: list[int] = (), filename: str = "") -> dict:
    """Write every row or none. `skip` names file lines the administrator
    chose to leave out; any other bad row refuses the whole file."""
    missing = [name for name in _expected_headers(kind) if name not in dataset.headers]
    if missing:
        raise ValidationError(_("文件缺少这些列：%(c)s") % {"c": ", ".join(missing)})
    if skip:
        dataset = without_rows(dataset, skip)
    with transaction.atomic():
        result = _run(kind, dataset, actor=actor, dry_run=False)
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
            raise ValidationError(_("文件仍有错误行，未导入任何数据。"))
        totals = dict(result.totals)
        change_record(
            actor=actor,
            action=StudioChange.Action.PEOPLE_IMPORT,
            obj_type=f"import-{kind}",
            obj_id=filename or kind,
            summary=_("导入 %(f)s：新增 %(new)d，更新 %(update)d，未变 %(skip)d，跳过错误行 %(skipped)d")
            % {
                "f": filename or kind,
                "new": totals.get("new", 0),
                "update": totals.get("update", 0),
                "skip": totals.get("skip", 0),
                "skipped": len(skip),
            },
            after={**totals, "skipped_lines": list(skip)},
        )
    return totals


def export(kind: str, suffix: str) -> bytes | str:
    resource = RESOURCES[kind]()
    dataset = resource.export(queryset=resource.get_export_queryset())
    return FORMATS[suffix]().export_data(dataset)
