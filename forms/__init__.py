"""Declarative forms: form specs (YAML, see docs/definitions.md "Form specs")
become Django forms, the applicant's multi-page wizard with database drafts,
and staff task forms.

Public API:
    forms.builder.FormBuilder(spec, *, page_id=None).get_form_class()
    forms.cleaning.form_clean(spec, data, files=None, *, page_id=None, context=None,
                              context_types=None, owner=None, draft=None) -> (cleaned, errors)
    forms.task_forms.form_for_task(spec, *, data=None, files=None, initial=None, context=None)
        -> bound form; form.spec_clean(owner=...) -> (cleaned, errors)
    forms.validators.id_number_info(value) -> (birth_date, sex)
    forms.drafts.draft_submit(*, draft_id, user) -> (case, created)
    forms.wizard.ApplicantWizard: the applicant wizard, a django-formtools
        NamedUrlWizardView stored in the Draft row (forms.wizard_storage.DraftStorage);
        URLs forms:apply / forms:page / forms:review (process_key[, page id]).
Templates: "forms/_fields.html" renders any spec form with errors by each field.
"""
