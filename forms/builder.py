"""Form spec -> Django form class, one `create_<type>_field` per field type
(the pattern of Wagtail's contrib.forms FormBuilder)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from . import fields as spec_fields
from . import spec as spec_reader
from .labels import text
from .options import choices_for, filter_attrs, spec_options
from .widgets import DateInput, FilteredSelect, MoneyInput

MONEY_DIGITS, MONEY_PLACES = 14, 2


class SpecForm(forms.Form):
    """Base of every built form; knows its spec so templates can show help,
    visibility conditions and computed values."""

    spec: dict = {}
    page_id: str | None = None
    field_specs: dict = {}
    hidden_names: frozenset = frozenset()
    # The browser must not block a submit on a field that is hidden; the
    # server decides what is required.
    use_required_attribute = False
    error_css_class = "has-error"
    required_css_class = "required"

    def visible_field_rows(self):
        """(bound field, spec, hidden?) in spec order, for templates."""
        for name, bound in ((name, self[name]) for name in self.fields):
            yield bound, self.field_specs.get(name, {}), name in self.hidden_names


class FormBuilder:
    def __init__(self, spec: dict, *, page_id: str | None = None, only=None, context: dict | None = None):
        self.spec = spec
        self.page_id = page_id
        self.only = set(only) if only is not None else None
        self.context = context or {}

    @property
    def field_specs(self) -> list[dict]:
        chosen = spec_reader.fields(self.spec, self.page_id)
        return [field for field in chosen if self.only is None or field["name"] in self.only]

    @property
    def formfields(self) -> dict:
        return {field["name"]: self.create_field(field) for field in self.field_specs}

    def get_form_class(self, *, hidden=(), base=None):
        """`base`: a SpecForm subclass (the wizard's page form), else SpecForm."""
        attrs = dict(self.formfields)
        attrs.update(
            spec=self.spec,
            page_id=self.page_id,
            field_specs={field["name"]: field for field in self.field_specs},
            hidden_names=frozenset(hidden),
        )
        base = base or SpecForm
        return type(base.__name__, (base,), attrs)

    def create_field(self, field: dict):
        kind = field.get("type", "text")
        method = getattr(self, f"create_{kind}_field", None)
        if method is None:
            raise ValueError(f"unknown field type {kind!r} for field {field.get('name')!r}")
        return method(field, self.base_options(field))

    def base_options(self, field: dict) -> dict:
        options = {
            "label": text(field.get("label"), field.get("name", "")),
            "required": bool(field.get("required", False)),
            "help_text": text(field.get("help")),
        }
        if field.get("default") is not None:
            options["initial"] = field["default"]
        return options

    # -- text-like -------------------------------------------------------

    def _text_options(self, field, options):
        for key in ("min_length", "max_length"):
            if field.get(key) is not None:
                options[key] = int(field[key])
        if field.get("pattern"):
            message = text(field.get("pattern_message")) or _("格式不正确。")
            options["validators"] = [RegexValidator(re.compile(rf"^(?:{field['pattern']})\Z"), message)]
        return options

    def _placeholder(self, field, widget):
        if field.get("placeholder"):
            widget.attrs["placeholder"] = text(field["placeholder"])
        return widget

    def create_text_field(self, field, options):
        return forms.CharField(
            widget=self._placeholder(field, forms.TextInput()), **self._text_options(field, options)
        )

    def create_textarea_field(self, field, options):
        widget = self._placeholder(field, forms.Textarea(attrs={"rows": 4}))
        return forms.CharField(widget=widget, **self._text_options(field, options))

    def create_email_field(self, field, options):
        return forms.EmailField(
            widget=self._placeholder(field, forms.EmailInput()), **self._text_options(field, options)
        )

    def create_mobile_field(self, field, options):
        return spec_fields.MobileField(widget=self._placeholder(field, forms.TextInput()), **options)

    def create_id_number_field(self, field, options):
        return spec_fields.IdNumberField(widget=self._placeholder(field, forms.TextInput()), **options)

    def create_bank_card_field(self, field, options):
        return spec_fields.BankCardField(widget=self._placeholder(field, forms.TextInput()), **options)

    # -- numbers and dates -----------------------------------------------

    def _bounds(self, field, options, convert):
        if field.get("min") is not None:
            options["min_value"] = convert(field["min"])
        if field.get("max") is not None:
            options["max_value"] = convert(field["max"])
        return options

    def create_integer_field(self, field, options):
        return forms.IntegerField(**self._bounds(field, options, int))

    def create_decimal_field(self, field, options):
        places = int(field.get("decimal_places", 4))
        return forms.DecimalField(
            max_digits=18, decimal_places=places, **self._bounds(field, options, _decimal)
        )

    def create_money_field(self, field, options):
        options = self._bounds(field, options, _decimal)
        return forms.DecimalField(
            max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, widget=MoneyInput(), **options
        )

    def create_date_field(self, field, options):
        validators = []
        if field.get("min") is not None:
            validators.append(MinValueValidator(_date_bound(field["min"])))
        if field.get("max") is not None:
            validators.append(MaxValueValidator(_date_bound(field["max"])))
        return forms.DateField(widget=DateInput(), validators=validators, **options)

    # -- choices -----------------------------------------------------------

    def create_choice_field(self, field, options):
        choices = choices_for(field)
        belongs = filter_attrs(field)
        if belongs is not None and field.get("widget") != "radio":
            widget = FilteredSelect(by=field["filter"]["field"], belongs=belongs)
        else:
            widget = forms.RadioSelect() if field.get("widget") == "radio" else forms.Select()
        if not isinstance(widget, forms.RadioSelect):
            choices = [("", "——")] + list(choices)
        return forms.ChoiceField(choices=choices, widget=widget, **options)

    def create_multichoice_field(self, field, options):
        widget = forms.SelectMultiple() if field.get("widget") == "select" else forms.CheckboxSelectMultiple()
        validators = []
        if field.get("min") is not None:
            validators.append(_count_validator(int(field["min"]), at_least=True))
        if field.get("max") is not None:
            validators.append(_count_validator(int(field["max"]), at_least=False))
        return forms.MultipleChoiceField(
            choices=choices_for(field), widget=widget, validators=validators, **options
        )

    def create_boolean_field(self, field, options):
        if field.get("must_be") is True:
            return self._consent_field(field, options)
        if field.get("widget") == "checkbox":
            # A single tick box: "required" means it must be ticked (consent).
            return forms.BooleanField(**options)
        return spec_fields.YesNoField(**options)

    def create_consent_field(self, field, options):
        return self._consent_field(field, options)  # a spec read straight from YAML

    def _consent_field(self, field, options):
        """A commitment, consent or signature confirmation: only 'yes' counts;
        answered 'no' (or left unticked) it is refused with a message."""
        message = _("请确认此项后再继续：%(label)s") % {"label": options["label"]}
        options.update(required=True, error_messages={"required": message})
        if field.get("widget") == "radio":
            return spec_fields.YesNoField(validators=[_must_be_true(message)], **options)
        return forms.BooleanField(**options)

    def create_user_field(self, field, options):
        from engine.models import User

        users = User.objects.filter(is_active=True, roles__isnull=False)
        if field.get("role"):
            users = users.filter(roles__role=field["role"])
        return forms.ModelChoiceField(queryset=users.distinct().order_by("username"), **options)

    def create_org_unit_field(self, field, options):
        from engine.runtime.intake import allowed_units

        if field.get("intake") or field.get("within") or field.get("levels"):
            levels = field.get("levels") or ([field["level"]] if field.get("level") else [])
            within = field.get("within") or []
            units = allowed_units(
                {"levels": levels, "within": [within] if isinstance(within, str) else within}
            )
        else:
            from engine.models import OrgUnit

            level = field.get("level") or self.context.get("owner_level")
            units = OrgUnit.objects.filter(level=level) if level else OrgUnit.objects.all()
        if field.get("intake") and not self.context.get("start"):
            # The receiving unit is chosen once, when the case starts; a task
            # form that reuses the start form shows it but cannot move the case.
            options["disabled"] = True
        return forms.ChoiceField(choices=[("", "——"), *_unit_choices(units)], **options)

    # -- composite -----------------------------------------------------------

    def create_file_field(self, field, options):
        return spec_fields.AttachmentField(
            accept=field.get("accept"), max_size=field.get("max_size"), **options
        )

    def create_computed_field(self, field, options):
        options.pop("required", None)
        computed = spec_fields.ComputedField(expr=field["expr"], **options)
        if field.get("options"):  # e.g. a sex derived from the ID number, shown as 女 / 男
            computed.widget.labels = dict(spec_options(field["options"]))
        return computed

    def create_table_field(self, field, options):
        columns = [
            (column["name"], text(column.get("label"), column["name"]), self.create_field(column))
            for column in field.get("columns") or []
        ]
        return spec_fields.TableField(
            columns=columns, min_rows=field.get("min_rows"), max_rows=field.get("max_rows"), **options
        )


def _unit_choices(units) -> list:
    """(code, name) in the reader's language; grouped under the unit above
    when the units sit under more than one parent (a long list reads as
    districts by city)."""
    from .labels import current_language

    english = current_language() == "en"
    units = list(units.select_related("parent"))

    def name(unit):
        return (unit.name_en if english and unit.name_en else unit.name) if unit else "—"

    parents = {unit.parent_id for unit in units}
    if len(parents) <= 1:
        return [(unit.code, name(unit)) for unit in units]
    groups: dict = {}
    for unit in units:
        groups.setdefault(name(unit.parent), []).append((unit.code, name(unit)))
    return list(groups.items())


def _must_be_true(message):
    def check(value):
        # A YesNoField runs validators on the posted text, before coercing.
        if value not in (True, "true"):
            raise forms.ValidationError(message, code="must_be_true")

    return check


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def _date_bound(value) -> dt.date:
    if value == "today":
        return dt.date.today()
    return dt.date.fromisoformat(str(value))


def _count_validator(limit: int, *, at_least: bool):
    def check(values):
        if at_least and len(values) < limit:
            raise forms.ValidationError(_("至少选择 %(n)s 项。"), code="min_choices", params={"n": limit})
        if not at_least and len(values) > limit:
            raise forms.ValidationError(_("最多选择 %(n)s 项。"), code="max_choices", params={"n": limit})

    return check
