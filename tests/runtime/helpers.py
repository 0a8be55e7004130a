from engine.models import WorkItem


def open_item(case, step):
    return WorkItem.objects.get(case=case, step=step, status__in=["NEW", "ASSIGNED"])


def events(case):
    return [(e.action, e.step, e.outcome) for e in case.events.order_by("seq", "id")]


def pending_documents(count: int):
    """A case of the documents suite's definition (a two-page Chinese notice)
    with `count` pending revisions of its document, left for a worker."""
    from engine.documents.services import document_request, rendering_deferred
    from engine.models import (
        Case,
        DefinitionVersion,
        OrgUnit,
        ProcessDefinition,
        ReferenceItem,
        ReferenceList,
    )
    from tests.documents import conftest as docs

    unit = OrgUnit.objects.create(code="yuzhou", name="禹州市总工会", short_name="禹", level="district")
    events = ReferenceList.objects.create(key="competition_events", title="竞赛项目")
    ReferenceItem.objects.create(ref_list=events, code="welding", label="焊工")
    definition = ProcessDefinition.objects.create(key="demo_aid", title="演示帮扶")
    files = {
        "definition.yaml": docs.DEFINITION,
        "documents/notice.html": docs.NOTICE,
        "forms/apply.yaml": docs.FORM,
    }
    version = DefinitionVersion.objects.create(definition=definition, number=1, files=files)
    case = Case.objects.create(
        version=version,
        process_key="demo_aid",
        org_unit=unit,
        number="DEMO-2024-0001",
        data=dict(docs.CASE_DATA),
    )
    with rendering_deferred():
        return [document_request(case=case, key="notice") for _ in range(count)]
