"""Choice lists that depend on an earlier answer (`filter:` on a choice):
an event must belong to the chosen track. The page narrows the list as the
answer changes (static/forms/choices.js); this is the server's check, so a
forged or stale POST is refused with a message at the field."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import spec as spec_reader
from .labels import text
from .options import filter_attrs


def filter_failures(spec, answers: dict, *, page_id=None, hidden=()):
    """(field, message) for each filtered choice in scope whose answer does
    not belong to the answer it depends on."""
    labels = {item["name"]: item.get("label") for item in spec_reader.fields(spec)}
    for item in spec_reader.fields(spec, page_id):
        rule = item.get("filter")
        if not rule or item["name"] in hidden:
            continue
        value, other = answers.get(item["name"]), answers.get(rule["field"])
        if value in (None, "") or other in (None, ""):
            continue  # presence is the `required` check's job
        belongs = filter_attrs(item) or {}
        if belongs.get(str(value)) != str(other):
            message = text(rule.get("message")) or _(
                "所选的“%(label)s”不属于所选的“%(other)s”，请重新选择。"
            ) % {
                "label": text(item.get("label"), item["name"]),
                "other": text(labels.get(rule["field"]), rule["field"]),
            }
            yield item["name"], message
