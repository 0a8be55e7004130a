"""Answers the applicant need not type: a field's `prefill:` from their
account (name, mobile, ID number, email), and the receiving-union choice
from the union they registered with. Written into the draft when it is
opened, as ordinary answers the applicant can still change."""

from __future__ import annotations

from . import spec as spec_reader

# prefill key -> the User attribute it reads (an attribute the account does
# not have, e.g. before the profile holds an ID number, reads as empty).
ACCOUNT = {
    "account.name": "display_name",
    "account.mobile": "mobile",
    "account.id_number": "id_number",
    "account.email": "email",
}


def prefill_answers(form_info, user, answers: dict) -> dict:
    """Values for the prefilled fields not answered yet."""
    result = {}
    for field in spec_reader.fields(form_info.spec):
        name = field["name"]
        if name in answers:
            continue
        if field.get("intake"):
            value = _home_choice(form_info, user)
        elif field.get("prefill") in ACCOUNT:
            value = getattr(user, ACCOUNT[field["prefill"]], "") or ""
        else:
            continue
        if value:
            result[name] = value
    return result


def _home_choice(form_info, user):
    from engine.runtime.intake import home_choice

    unit = home_choice(form_info.definition["intake"], user)
    return unit.code if unit else None
