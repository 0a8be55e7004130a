from engine.definitions.normalise import label

from .helpers import build, edit


def test_label_forms():
    assert label("帮扶") == {"zh": "帮扶", "en": "帮扶"}
    assert label({"zh": "帮扶", "en": "Aid"}) == {"zh": "帮扶", "en": "Aid"}
    assert label({"zh": "帮扶"}) == {"zh": "帮扶", "en": "帮扶"}


def test_definition_labels_roles_and_outcomes_normalised():
    bundle, problems = build()
    assert problems == []
    definition = bundle.definition
    assert definition["title"] == {"zh": "最小流程", "en": "Minimal process"}
    assert bundle.roles["officer"] == {
        "label": {"zh": "经办人", "en": "经办人"},
        "applicant": False,
        "levels": [],
    }
    assert bundle.roles["applicant"]["applicant"] is True
    assert bundle.roles["head"]["levels"] == ["district", "city"]
    review = bundle.steps["review"]
    assert review["outcomes"][1] == {
        "id": "reject",
        "label": {"zh": "不予受理", "en": "不予受理"},
        "next": "rejected",
        "comment": "required",
        "confirm": False,
        "requires": None,
        "allowed_when": None,
        "allowed_message": None,
    }
    assert review["unit"] == "case"
    assert review["title"] == {"zh": "审核", "en": "审核"}  # from its form
    assert bundle.steps["done"]["outcomes"] == []
    assert list(bundle.steps) == ["apply", "review", "route", "approve", "filing", "done", "rejected"]


def test_forms_normalised_and_single_page_shorthand():
    bundle, _ = build()
    review = bundle.forms["review"]
    assert [page["id"] for page in review["steps"]] == ["main"]
    assert review["steps"][0]["fields"][0]["label"] == {"zh": "意见", "en": "意见"}
    assert review["steps"][0]["fields"][0]["required"] is False
    assert [f["name"] for f in bundle.form_fields("apply")] == ["name", "amount"]


def test_field_types_cover_forms_computed_and_step_results():
    bundle, _ = build()
    types = bundle.field_types()
    assert types["amount"] == "money"
    assert types["big"] == "computed"
    assert types["review_outcome"] == "text"
    assert types["file_no"] == "text"
    assert "rejected_outcome" not in types


def test_vote_and_set_names_and_table_columns():
    form = """key: apply
title: 申请
steps:
  - id: main
    fields:
      - {name: name, type: text}
      - {name: amount, type: money}
      - name: household
        type: table
        columns:
          - {name: income, type: money}
"""
    definition = edit(
        "  - id: done\n",
        """  - id: congress
    type: vote
    role: officer
    members: 5
    rule: majority
    passed: done
    failed: done
  - id: done
""",
    )
    definition = edit(
        "    next: done\n\n  - id: congress", "    next: congress\n\n  - id: congress", definition
    )
    definition = edit("      - {document: receipt}", '      - {set: {total: "amount * 2"}}', definition)
    bundle, problems = build(definition, forms={"apply": form})
    assert problems == []
    types = bundle.field_types()
    assert types["congress_for"] == "integer" and types["congress_abstain"] == "integer"
    assert types["congress_passed"] == "boolean"
    assert types["total"] == "computed"
    assert types["household.income"] == "money"
