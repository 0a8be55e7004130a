"""A django-formtools storage backend that keeps the wizard in the database
Draft row of (user, process_key) instead of the session, so a draft begun on
a phone resumes on a PC.

How formtools' storage API maps onto a Draft:
- current_step  <-> Draft.current_page
- step data     <-> that page's answers inside Draft.data. These are the
  cleaned JSON answers, not the raw POST formtools would keep: Draft.data is
  what the review shows and what the case starts from. So get_step_data
  returns None (nothing to re-bind); a revisited page is an unbound form
  with the answers as initial values.
- step files    -> Attachment rows linked to the draft, stored by the page's
  cleaning (the existing upload flow); the answer holds the reference.
- extra_data    -> kept for the request only (the wizard stores none).
Changes are written once per request, in update_response."""

from __future__ import annotations

from formtools.wizard.storage.base import BaseStorage

from . import spec as spec_reader
from .drafts import draft_open
from .models import Draft
from .selectors import published_process, start_form


class DraftStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        # The wizard's prefix is the process key (ApplicantWizard.get_prefix).
        super().__init__(prefix, request, file_storage)
        self.process_key = prefix
        # The view has just loaded it (forms.views.OpenProcessMixin).
        definition = getattr(request, "wizard_definition", None)
        if definition is None or definition.key != prefix:
            definition = published_process(prefix)
        self.draft = draft_open(user=request.user, definition=definition)
        # The rows already loaded (draft_open moved the draft to this version).
        self.draft.user, self.draft.version = request.user, definition.published_version
        self.spec = start_form(self.draft.version).spec
        self._extra = {}
        self._changed = set()

    # -- formtools' API ----------------------------------------------------

    def init_data(self):
        self.draft.data, self.draft.current_page, self.draft.invalid = {}, "", {}
        self._changed.update({"data", "current_page", "invalid"})

    def reset(self):
        """Start over. A draft already submitted (formtools resets after
        done()) is closed as it stands."""
        if Draft.objects.filter(pk=self.draft.pk, submitted_at__isnull=False).exists():
            self._changed.clear()
            return
        self.init_data()

    def _get_current_step(self):
        return self.draft.current_page or None

    def _set_current_step(self, step):
        if (step or "") != self.draft.current_page:
            self.draft.current_page = step or ""
            self._changed.add("current_page")

    def _get_extra_data(self):
        return self._extra

    def _set_extra_data(self, extra_data):
        self._extra = extra_data

    def get_step_data(self, step):
        return None

    def set_step_data(self, step, cleaned_data):
        """Replace the page's answers: a field of the page missing from
        `cleaned_data` (hidden now) is dropped from the draft."""
        names = self.page_fields(step)
        if not names:
            return  # the review step has no answers of its own
        kept = {name: value for name, value in self.draft.data.items() if name not in names}
        self.draft.data = {**kept, **{k: v for k, v in cleaned_data.items() if k in names}}
        self._changed.add("data")

    def set_step_invalid(self, step, invalid: dict):
        """Replace the page's values kept as typed (see Draft.invalid)."""
        names = self.page_fields(step)
        kept = {name: value for name, value in (self.draft.invalid or {}).items() if name not in names}
        updated = {**kept, **{k: v for k, v in invalid.items() if k in names}}
        if updated != (self.draft.invalid or {}):
            self.draft.invalid = updated
            self._changed.add("invalid")

    def answer_drop(self, name: str):
        """Forget one answer (a file the applicant removed)."""
        if name in self.draft.data:
            self.draft.data = {k: v for k, v in self.draft.data.items() if k != name}
            self._changed.add("data")

    def get_step_files(self, step):
        return None

    def set_step_files(self, step, files):
        if files:
            raise ValueError("uploads are stored as Attachments by the page's cleaning, not by the storage")

    def update_response(self, response):
        if self._changed:
            self.draft.save(update_fields=[*sorted(self._changed), "updated"])
            self._changed.clear()

    # -- for the wizard ----------------------------------------------------

    @property
    def answers(self) -> dict:
        return dict(self.draft.data)

    @property
    def invalid(self) -> dict:
        return dict(self.draft.invalid or {})

    def page_fields(self, step) -> set[str]:
        pages = {each["id"]: each for each in spec_reader.pages(self.spec)}
        return {item["name"] for item in (pages.get(step) or {}).get("fields") or []}
