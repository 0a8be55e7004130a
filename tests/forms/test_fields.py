"""Every field type, accepted and rejected, through form_clean (the server
side that both the wizard and staff task forms use)."""

import pytest
from django.utils import translation

from forms.builder import FormBuilder
from forms.cleaning import form_clean

from .specs import ALL_TYPES

pytestmark = pytest.mark.django_db


ONE_ROW = {"household-rows": "1", "household-0-relation": "本人"}  # the table needs a row


def clean(**data):
    return form_clean(ALL_TYPES, {**ONE_ROW, **data})


def errors_for(name, value):
    return clean(**{name: value})[1].get(name)


@pytest.mark.parametrize(
    "name, posted, stored",
    [
        ("name", "袁某某", "袁某某"),
        ("code", "ABC", "ABC"),
        ("story", "住院三个月", "住院三个月"),
        ("people", "4", 4),
        ("rate", "0.35", "0.35"),
        ("amount", "10400", "10400.00"),
        ("amount", "1.5", "1.50"),
        ("start_date", "2024-04-15", "2024-04-15"),
        ("cause", "illness", "illness"),
        ("tier", "relative", "relative"),
        ("member", "true", True),
        ("member", "false", False),
        ("consent", "on", True),
        ("mobile", "13800138000", "13800138000"),
        ("id_number", "11010519491231002x", "11010519491231002X"),
        ("card", "6222 0202 0011 2233 446", "6222020200112233446"),
        ("email", "a@example.org", "a@example.org"),
    ],
)
def test_field_types_accept_and_store_json(aid_tiers, name, posted, stored):
    cleaned, errors = clean(**{name: posted})
    assert errors == {}
    assert cleaned[name] == stored


@pytest.mark.parametrize(
    "name, posted",
    [
        ("name", "袁"),  # min_length 2
        ("name", "袁某某某某"),  # max_length 4
        ("story", "一二三四五六七八九十十"),  # max_length 10
        ("people", "0"),  # min 1
        ("people", "13"),  # max 12
        ("people", "2.5"),
        ("rate", "1.5"),
        ("amount", "-1"),
        ("amount", "60000"),
        ("amount", "1.234"),  # more than 2 places
        ("amount", "十元"),
        ("start_date", "1999-12-31"),  # before min
        ("start_date", "2024-02-30"),
        ("cause", "lottery"),
        ("tier", "retired"),  # inactive reference item
        ("tier", "nonsense"),
        ("member", "maybe"),
        ("mobile", "12800138000"),
        ("id_number", "11010519491231002Y"),
        ("id_number", "110105194912310021"),  # wrong check digit
        ("card", "6222020200112233445"),  # Luhn fails
        ("email", "not-an-email"),
    ],
)
def test_field_types_reject(aid_tiers, name, posted):
    assert errors_for(name, posted)


def test_pattern_uses_its_own_message():
    assert errors_for("code", "abc") == ["须为三个大写字母"]
    assert errors_for("code", "ABCD") == ["须为三个大写字母"]  # the whole value must match


def test_multichoice_accepts_a_list_and_enforces_max():
    from django.http import QueryDict

    ok = QueryDict("needs=training&needs=legal")
    assert form_clean(ALL_TYPES, ok)[0]["needs"] == ["training", "legal"]
    too_many = QueryDict("needs=training&needs=legal&needs=jobs")
    assert form_clean(ALL_TYPES, too_many)[1]["needs"]
    assert form_clean(ALL_TYPES, QueryDict("needs=lottery"))[1]["needs"]


def test_required_fields_are_required():
    spec = {"key": "k", "fields": [{"name": "mobile", "type": "mobile", "label": "手机号", "required": True}]}
    assert form_clean(spec, {})[1]["mobile"]
    assert form_clean(spec, {"mobile": "13800138000"}) == ({"mobile": "13800138000"}, {})


def test_required_checkbox_must_be_ticked():
    spec = {
        "key": "k",
        "fields": [{"name": "consent", "type": "boolean", "widget": "checkbox", "required": True}],
    }
    assert form_clean(spec, {})[1]["consent"]
    assert form_clean(spec, {"consent": "on"})[0] == {"consent": True}


def test_reference_options_are_grouped_and_labelled_by_language(aid_tiers):
    field = FormBuilder(ALL_TYPES).formfields["tier"]
    assert [group for group, _items in field.choices[1:]] == ["困难", "意外"]
    assert ("deep", "深度困难") in field.choices[1][1]
    with translation.override("en"):
        english = FormBuilder(ALL_TYPES).formfields
    assert ("deep", "Deep") in english["tier"].choices[1][1]
    assert english["name"].label == "Name"
    assert english["cause"].choices[0] == ("illness", "Illness")


def test_money_is_shown_with_yuan():
    html = str(FormBuilder(ALL_TYPES).get_form_class()()["amount"])
    assert "元" in html and 'step="0.01"' in html


class TestTable:
    def rows(self, *rows, **extra):
        data = {"household-rows": str(len(rows)), **extra}
        for index, row in enumerate(rows):
            for column, value in row.items():
                data[f"household-{index}-{column}"] = value
        return data

    def test_rows_are_cleaned_by_column_type(self):
        data = self.rows(
            {"relation": "本人", "age": "40", "monthly_income": "2000"}, {"relation": "配偶", "age": "38"}
        )
        cleaned, errors = form_clean(ALL_TYPES, data)
        assert errors == {}
        assert cleaned["household"] == [
            {"relation": "本人", "age": 40, "monthly_income": "2000.00"},
            {"relation": "配偶", "age": 38, "monthly_income": None},
        ]

    def test_min_rows(self):
        assert "至少填写 1 行。" in form_clean(ALL_TYPES, self.rows())[1]["household"]

    def test_blank_rows_do_not_count(self):
        assert form_clean(ALL_TYPES, self.rows({"relation": "", "age": ""}))[1]["household"]

    def test_max_rows(self):
        rows = [{"relation": f"成员{i}"} for i in range(4)]
        assert "最多填写 3 行。" in form_clean(ALL_TYPES, self.rows(*rows))[1]["household"]

    def test_cell_errors_name_row_and_column(self):
        errors = form_clean(ALL_TYPES, self.rows({"relation": "本人"}, {"relation": "", "age": "200"}))[1]
        messages = " ".join(errors["household"])
        assert "第 2 行「关系」" in messages and "第 2 行「年龄」" in messages

    def test_posted_row_count_is_bounded(self):
        data = self.rows({"relation": "本人"}, **{"household-rows": "100000000"})
        cleaned, errors = form_clean(ALL_TYPES, data)
        assert cleaned["household"] == [{"relation": "本人", "age": None, "monthly_income": None}]


class TestComputed:
    def data(self, **extra):
        return {
            "household-rows": "3",
            "household-0-relation": "本人",
            "household-0-monthly_income": "1000",
            "household-1-relation": "配偶",
            "household-1-monthly_income": "500.50",
            "household-2-relation": "子女",
            **extra,
        }

    def test_computed_fields_are_calculated_on_the_server(self):
        cleaned, errors = form_clean(ALL_TYPES, self.data())
        assert errors == {}
        assert cleaned["household_income"] == "1500.50"
        assert cleaned["per_capita"] == "500.17"

    def test_a_posted_computed_value_is_ignored(self):
        cleaned, _errors = form_clean(ALL_TYPES, self.data(household_income="999999", per_capita="1"))
        assert cleaned["household_income"] == "1500.50"
        assert cleaned["per_capita"] == "500.17"


class TestCrossFieldRule:
    def test_rule_error_goes_on_its_field(self):
        _cleaned, errors = clean(start_date="2024-05-01", end_date="2024-04-30")
        assert errors == {"end_date": ["结束日期须晚于开始日期"]}

    def test_rule_passes(self):
        assert clean(start_date="2024-04-15", end_date="2024-05-20")[1] == {}

    def test_rule_waits_for_both_values(self):
        assert clean(end_date="2024-04-30")[1] == {}


def test_messages_in_english():
    with translation.override("en"):
        errors = form_clean(ALL_TYPES, {**ONE_ROW, "id_number": "110105194912310021", "amount": "1.234"})[1]
    assert errors["id_number"] == ["The ID number's check digit is wrong; please check it."]
    assert "2 decimal places" in errors["amount"][0]


def test_user_field_offers_staff_holding_the_role(district):
    from engine.models import RoleAssignment, User

    officer = User.objects.create_user(username="officer", password="pw")
    RoleAssignment.objects.create(user=officer, org_unit=district, role="officer")
    applicant = User.objects.create_user(username="applicant", password="pw")
    spec = {"key": "k", "fields": [{"name": "reviewer", "type": "user", "role": "officer", "required": True}]}
    assert form_clean(spec, {"reviewer": str(officer.pk)}) == ({"reviewer": officer.pk}, {})
    assert form_clean(spec, {"reviewer": str(applicant.pk)})[1]["reviewer"]


def test_org_unit_field_offers_units_at_its_level(district):
    spec = {
        "key": "k",
        "fields": [{"name": "unit", "type": "org_unit", "level": "district", "required": True}],
    }
    assert form_clean(spec, {"unit": "yucheng"}) == ({"unit": "yucheng"}, {})
    assert form_clean(spec, {"unit": "dezhou"})[1]["unit"]  # a city union, not a district one
