"""Hostile input never answers 5xx. The site is crawled as an anonymous
visitor, an applicant, a staff member and an administrator (all made here,
through the demo loader and the engine's services); every URL pattern of the
resolver is added with real, absent, negative and 40-digit ids; then each
endpoint gets malformed queries and bodies: NUL bytes, 100,000-character
fields, wrong types, duplicated and nested parameters, empty keys, bodies
that are not what the content type says. Bounded: a few thousand requests."""

import logging
import shutil
import time

import pytest
from django.test import Client

from engine.demo.cases import demo_cases_create
from engine.demo.load import demo_load
from engine.documents.models import Document
from engine.models import Case, DefinitionVersion, Holiday, Notification, ReferenceList, WorkItem
from forms.models import Attachment, Draft
from tests.processes.conftest import publish
from tests.web.fuzz import HUGE_INT, Fuzzer, Report

PROCESSES = ("model_worker_care", "hardship_aid")


def _first(queryset, field="pk"):
    value = queryset.values_list(field, flat=True).first()
    return str(value) if value is not None else "1"


def _route_values():
    version = DefinitionVersion.objects.filter(definition__key=PROCESSES[0]).order_by("-number").first()
    reference = _first(ReferenceList.objects.order_by("key"), "key")
    return {
        "pk": [_first(Case.objects.order_by("pk")), "0", HUGE_INT],
        "task_id": [_first(WorkItem.objects.filter(status="NEW")), _first(WorkItem.objects), "0", HUGE_INT],
        "draft_id": [_first(Draft.objects), HUGE_INT],
        "key": [PROCESSES[0], reference, "no-such-key"],
        "process_key": [PROCESSES[0], "no-such-process"],
        "number": [str(version.number), "0", HUGE_INT],
        "step": ["applicant", "review", "no-such-page"],
        "page_id": ["applicant", "no-such-page"],
        "short_code": [_first(Document.objects, "short_code"), "x" * 300, "%00"],
    }


def _ids_for_other_routes():
    # Documents, attachments, notifications and holidays share the "pk" name.
    return {
        "pk": [
            _first(Document.objects),
            _first(Attachment.objects),
            _first(Notification.objects),
            _first(Holiday.objects),
        ]
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_no_5xx_on_hostile_input(settings, django_user_model, tmp_path):
    settings.CELERY_BROKER_URL = "memory://"  # documents requested, not rendered
    # The studio writes lists and folders back to disk: a copy, not the repository's.
    shutil.copytree(settings.WORKFLOWS_DIR, tmp_path / "workflows")
    settings.WORKFLOWS_DIR = tmp_path / "workflows"
    for key in PROCESSES:
        publish(key)
    processes, _logins = demo_load()
    demo_cases_create(processes)
    applicant = Case.objects.filter(process_key=PROCESSES[0]).order_by("pk").first().applicant
    staff = django_user_model.objects.get(username="hexi_mw_officer")
    admin = django_user_model.objects.get(username="admin")

    values = _route_values()
    extra_ids = _ids_for_other_routes()
    report = Report()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the report lists them
    logging.getLogger("django.security").setLevel(logging.CRITICAL)
    started = time.monotonic()
    for user in (None, applicant, staff, admin):
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        fuzzer = Fuzzer(client, report, page_limit=30 if user else 8)
        fuzzer.crawl(["/", "/inbox/", "/portal/", "/apply/", "/dashboard/", "/studio/", "/studio/reference/"])
        fuzzer.add_routes(values)
        fuzzer.add_routes(extra_ids)
        fuzzer.attack()
    elapsed = time.monotonic() - started

    print(f"{report.requests} requests in {elapsed:.1f} s, {len(report.failures)} answered 5xx")
    assert report.requests > 1500, "the crawl found too little to be a real test"
    assert not report.failures, f"{len(report.failures)} answered 5xx:\n{report.summary()}"
