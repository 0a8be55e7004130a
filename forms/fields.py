"""Form fields that Django does not provide: yes/no, identity numbers, bank
cards, attachments, read-only computed values and repeat-group tables."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from . import validators
from .uploads import check_upload
from .widgets import AttachmentInput, ComputedOutput, TableWidget, YesNoRadio

YES_NO = [("true", _("是")), ("false", _("否"))]


class YesNoField(forms.TypedChoiceField):
    widget = YesNoRadio

    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, coerce=lambda value: value == "true", empty_value=None, **kwargs)

    def to_python(self, value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return super().to_python(value)


class MobileField(forms.CharField):
    default_validators = [validators.validate_mobile]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")


class IdNumberField(forms.CharField):
    default_validators = [validators.validate_id_number]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(**kwargs)

    def to_python(self, value):
        return validators.normalise_id_number(super().to_python(value))


class BankCardField(forms.CharField):
    default_validators = [validators.validate_bank_card]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        return validators.normalise_card_number(super().to_python(value))


class AttachmentField(forms.FileField):
    """An upload checked by type and size, or the attachment already stored
    for this field (kept when the applicant does not choose a new file)."""

    def __init__(self, *, accept=None, max_size=None, **kwargs):
        self.accept, self.max_size = accept, max_size
        kwargs.setdefault("widget", AttachmentInput(accept=accept, max_size=max_size))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, UploadedFile):
            check_upload(data, accept=self.accept, max_size=self.max_size)
            return data
        kept = data if isinstance(data, dict) else initial
        if isinstance(kept, dict) and kept.get("attachment"):
            return kept
        if self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return None

    def has_changed(self, initial, data):
        return isinstance(data, UploadedFile)


class ComputedField(forms.Field):
    """Shown, never read from the POST: the server recomputes it."""

    widget = ComputedOutput

    def __init__(self, *, expr: str, **kwargs):
        self.expr = expr
        kwargs.update(required=False, disabled=True)
        super().__init__(**kwargs)


class TableField(forms.Field):
    """A repeat group: a list of row dicts, each cell cleaned by its column's
    own field, with a minimum and maximum number of rows."""

    def __init__(self, *, columns, min_rows=0, max_rows=None, **kwargs):
        self.columns = columns  # [(name, label, field)]
        self.min_rows, self.max_rows = min_rows or 0, max_rows
        columns_for_widget = [(name, label, field.widget) for name, label, field in columns]
        kwargs.setdefault("widget", TableWidget(columns_for_widget, min_rows=min_rows, max_rows=max_rows))
        super().__init__(**kwargs)

    def to_python(self, value):
        rows = value if isinstance(value, list) else []
        return [row for row in rows if isinstance(row, dict) and not _blank_row(row)]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) < self.min_rows:
            raise ValidationError(_("至少填写 %(n)s 行。"), code="min_rows", params={"n": self.min_rows})
        if self.max_rows is not None and len(value) > self.max_rows:
            raise ValidationError(_("最多填写 %(n)s 行。"), code="max_rows", params={"n": self.max_rows})

    def clean(self, value):
        rows = self.to_python(value)
        self.validate(rows)
        cleaned, errors = [], []
        for number, row in enumerate(rows, start=1):
            cleaned.append(self._clean_row(number, row, errors))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def _clean_row(self, number, row, errors):
        result = {}
        for name, label, field in self.columns:
            try:
                result[name] = field.clean(row.get(name))
            except ValidationError as exc:
                for message in exc.messages:
                    errors.append(
                        ValidationError(
                            _("第 %(row)s 行「%(column)s」：%(message)s"),
                            code="cell",
                            params={"row": number, "column": label, "message": message},
                        )
                    )
        return result


def _blank_row(row: dict) -> bool:
    return all(value in (None, "", [], False) for value in row.values())
