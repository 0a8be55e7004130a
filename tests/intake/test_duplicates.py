"""Duplicate applications: `unique:` allows one open case per value; a
second submission is refused with the number of the open case, also when
two submissions race (PostgreSQL), and allowed again once the case closes."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from engine.models import Case, User
from engine.runtime.services import case_cancel, case_start
from engine.runtime.uniqueness import DuplicateCase
from forms.drafts import SubmitRefused, draft_open, draft_submit
from forms.uploads import attachment_store

from ..definitions.helpers import edit, line_of, only, problems_of
from ..forms.conftest import PDF

ID = "11010519491231002X"
OTHER_ID = "371482199002021238"


def answers(id_number=ID):
    return {
        "name": "刘新",
        "id_number": id_number,
        "mobile": "13912345678",
        "address": "山东省德州市禹城市（示例）",
        "enterprise": "禹城示例公司",
        "enterprise_union": "禹城示例公司工会",
        "receiving_unit": "yucheng",
        "household": [
            {
                "relation": "self",
                "member_name": "刘新",
                "age": 40,
                "health": "healthy",
                "monthly_income": "2000.00",
            }
        ],
        "hardship_cause": "other",
        "other_cause": "家庭变故（示例）",
        "hardship_description": "测试用的困难情况说明。",
        "monthly_wage": "2000.00",
        "monthly_expenses": "3000.00",
        "account_holder": "刘新",
        "bank_name": "中国农业银行禹城支行",
        "bank_card": "6228480012345678903",
        "consent_verification": True,
    }


def start(version, applicant, data, unit):
    return case_start(version=version, applicant=applicant, org_unit=unit, data=data)


@pytest.mark.django_db
class TestRule:
    def test_a_second_open_case_with_the_same_id_is_refused_with_the_first_number(
        self, units, new_applicant, publish
    ):
        version = publish("hardship_aid")
        first = start(version, new_applicant(), answers(), units["yucheng"])
        someone = new_applicant("13912345679")
        with pytest.raises(DuplicateCase) as refused:
            start(version, someone, answers(), units["yucheng"])
        assert first.number in str(refused.value) and refused.value.field == "id_number"
        assert start(version, someone, answers(OTHER_ID), units["yucheng"]).number != first.number
        case_cancel(case=first, user=first.applicant, reason="撤回")
        assert start(version, someone, answers(), units["yucheng"])  # closed: may apply again

    def test_fields_together(self, units, new_applicant, publish):
        version = publish("model_worker_care")
        data = {"name": "刘新", "id_number": ID, "subsidy_type": "ltc_subsidy"}
        start(version, new_applicant(), data, units["tianjin-hexi"])
        start(
            version,
            new_applicant("13912345679"),
            {**data, "subsidy_type": "priority_admission"},
            units["tianjin-hexi"],
        )
        with pytest.raises(DuplicateCase):
            start(version, new_applicant("13912345670"), data, units["tianjin-hexi"])

    def test_the_wizard_refuses_at_the_field_with_the_number(self, units, new_applicant, publish):
        version = publish("hardship_aid")
        first = start(version, new_applicant(), answers(), units["yucheng"])
        applicant = new_applicant("13912345679", home_unit=units["yucheng"])
        draft = draft_open(user=applicant, definition=version.definition)
        files = {
            name: attachment_store(
                upload=SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf"),
                field_name=name,
                owner=applicant,
                draft=draft,
            ).as_json()
            for name in ("id_copy", "income_proof")
        }
        draft.data = {**answers(), **files}
        draft.save()
        with pytest.raises(SubmitRefused) as refused:
            draft_submit(draft_id=draft.pk, user=applicant)
        assert refused.value.page_id == "identity"
        assert first.number in refused.value.errors["id_number"][0]
        assert Case.objects.filter(process_key="hardship_aid").count() == 1


def test_unique_fields_are_start_form_fields():
    text = edit("owner_level: district\n", "owner_level: district\nunique:\n  - fields: [name, nmae]\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "fields: [name, nmae]") and "'nmae'" in problem.message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_submissions_start_one_case(units, publish):
    version = publish("hardship_aid")
    people = [
        User.objects.create_user(username=m, password="Pw-123456", display_name="刘新", mobile=m)
        for m in ("13912340001", "13912340002", "13912340003")
    ]
    barrier = threading.Barrier(len(people))
    results = [None] * len(people)

    def run(index, person):
        try:
            barrier.wait()
            results[index] = ("ok", start(version, person, answers(), units["yucheng"]).number)
        except DuplicateCase as exc:
            results[index] = ("duplicate", exc.number)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["duplicate", "duplicate", "ok"], results
    number = next(value for kind, value in results if kind == "ok")
    assert all(value == number for _kind, value in results)
    assert Case.objects.filter(process_key="hardship_aid").count() == 1
