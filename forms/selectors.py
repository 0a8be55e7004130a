"""Reads for the applicant wizard: which processes can be started, the start
form of a version, a user's drafts."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Draft


@dataclass(frozen=True)
class StartForm:
    """The applicant form of a version and what the wizard needs around it."""

    spec: dict
    definition: dict
    field_types: dict

    @property
    def owner_level(self):
        return self.definition.get("owner_level")

    @property
    def builder_context(self) -> dict:
        # `start`: the applicant's own form, where the receiving unit is chosen.
        return {"owner_level": self.owner_level, "start": True}


def version_bundle(version):
    from engine.runtime.versions import version_bundle as bundle_of

    return bundle_of(version)


def start_form(version) -> StartForm:
    bundle = version_bundle(version)
    start = next(step for step in bundle.definition["steps"] if step.get("type") == "start")
    return StartForm(
        spec=bundle.forms[start["form"]], definition=bundle.definition, field_types=bundle.field_types()
    )


def startable_processes():
    from engine.models import ProcessDefinition

    # The version's stored files stay in the database: its parsed bundle is
    # cached (engine.runtime.versions), and reading the files' JSON on every
    # wizard request was a large part of a wizard page's time.
    return (
        ProcessDefinition.objects.filter(published_version__isnull=False)
        .select_related("published_version")
        .defer("published_version__files", "published_version__errors")
        .order_by("category", "key")
    )


def published_process(key: str):
    """The ProcessDefinition with a published version, or None."""
    return startable_processes().filter(key=key).first()


def open_draft(*, user, process_key: str) -> Draft | None:
    return Draft.objects.filter(user=user, process_key=process_key, submitted_at__isnull=True).first()


def last_submitted_draft(*, user, process_key: str) -> Draft | None:
    return (
        Draft.objects.filter(user=user, process_key=process_key, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )


def drafts_in_progress(user) -> list[Draft]:
    """The user's open drafts that hold something (visiting a service opens
    an empty one), newest first, with the process's published title."""
    drafts = (
        Draft.objects.filter(user=user, submitted_at__isnull=True)
        .exclude(data={}, invalid={})
        .exclude(process_key__contains="-revise-")  # a returned case's revision (forms.wizard_revise)
        .select_related("version__definition")
        .order_by("-updated")
    )
    return list(drafts)
