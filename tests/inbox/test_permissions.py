"""The permission matrix: actor × action. Allowed actions succeed (and do what
they say); every other one is a 403, a 404 (nothing revealed) or, for
anonymous visitors, a redirect to the login page."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from engine.definitions.bundle import read_folder
from engine.documents.models import Document
from engine.models import User, WorkItem
from engine.runtime.services import case_start, task_claim
from engine.runtime.versions import version_store
from forms.models import Attachment
from tests.runtime.conftest import FIXTURES

from .conftest import VALID_ID
from .helpers import item_at

DOCUMENTS = """
documents:
  card:
    title: 测试卡
    template: documents/card.html
    download: [applicant, officer]
"""

ACTORS = [
    "holder",
    "colleague_other_unit",
    "other_role",
    "higher_unit",
    "applicant",
    "other_applicant",
    "anonymous",
]
LOGIN = "login"

# Expected status per action and actor; "ok" means success, checked per action.
MATRIX = {
    "inbox": {
        "holder": "ok",
        "colleague_other_unit": "ok",
        "other_role": "ok",
        "higher_unit": "ok",
        "applicant": 403,
        "other_applicant": 403,
        "anonymous": LOGIN,
    },
    "case_file": {
        "holder": "ok",
        "colleague_other_unit": 404,
        "other_role": "ok",
        "higher_unit": "summary",
        "applicant": "portal",
        "other_applicant": 404,
        "anonymous": LOGIN,
    },
    "claim": {
        "holder": "ok",
        "colleague_other_unit": 404,
        "other_role": 403,
        "higher_unit": 403,
        "applicant": 403,
        "other_applicant": 403,
        "anonymous": LOGIN,
    },
    "complete": {
        "holder": "ok",
        "colleague_other_unit": 404,
        "other_role": 403,
        "higher_unit": 403,
        "applicant": 403,
        "other_applicant": 403,
        "anonymous": LOGIN,
    },
    "reassign": {
        "holder": "ok",
        "colleague_other_unit": 404,
        "other_role": 403,
        "higher_unit": 403,
        "applicant": 403,
        "other_applicant": 403,
        "anonymous": LOGIN,
    },
    "document": {
        "holder": "ok",
        "colleague_other_unit": 404,
        "other_role": 404,
        "higher_unit": 404,
        "applicant": "ok",
        "other_applicant": 404,
        "anonymous": LOGIN,
    },
    "attachment": {
        "holder": "ok",
        "colleague_other_unit": 404,
        "other_role": "ok",
        "higher_unit": 404,  # units above see a summary, not the files
        "applicant": "ok",
        "other_applicant": 404,
        "anonymous": LOGIN,
    },
}
CASES = [(action, actor) for action, row in MATRIX.items() for actor in row]


@pytest.fixture
def world(db, units, people):
    files = read_folder(FIXTURES / "all_kinds")
    files["definition.yaml"] += DOCUMENTS
    files["documents/card.html"] = "<p>{{ data.name }}</p>"
    version, _ = version_store(files=files, origin="all_kinds+documents")
    data = {"name": "袁某", "id_number": VALID_ID, "household": [{"relation": "本人", "income": "100.00"}]}
    case = case_start(version=version, applicant=people["applicant"], org_unit=units["district"], data=data)
    document = Document.objects.create(
        case=case,
        key="card",
        title="测试卡",
        status="rendered",
        version=version,
        download_roles=["applicant", "officer"],  # copied from the definition when requested
    )
    document.file.save("card.pdf", ContentFile(b"%PDF-1.4 test"))
    attachment = Attachment(
        original_name="证明.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        owner=people["applicant"],
        case=case,
    )
    attachment.file.save("proof.pdf", ContentFile(b"%PDF-1.4 x"))
    other_applicant = User.objects.create_user(username="13900000002", mobile="13900000002", password="pw")
    actors = {
        "holder": people["officer"],
        "colleague_other_unit": people["stranger"],
        "other_role": people["head"],
        "higher_unit": people["chair"],
        "applicant": people["applicant"],
        "other_applicant": other_applicant,
        "anonymous": None,
    }
    return {"case": case, "document": document, "attachment": attachment, "actors": actors, "people": people}


def _request(client, world, action):
    case, people = world["case"], world["people"]
    item = item_at(case, "intake")
    if action in ("complete", "reassign"):
        task_claim(task=item.task, user=people["officer"])
    if action == "inbox":
        return client.get(reverse("inbox:inbox") + "?tab=queue")
    if action == "case_file":
        return client.get(reverse("casefile:case", args=[case.pk]))
    if action == "claim":
        return client.post(reverse("inbox:claim", args=[item.task_id]))
    if action == "complete":
        return client.post(
            reverse("casefile:decide", args=[case.pk, item.task_id]),
            {"outcome": "accept", "call_note": "已回访"},
        )
    if action == "reassign":
        return client.post(
            reverse("casefile:reassign", args=[case.pk, item.task_id]), {"to_user": people["officer2"].pk}
        )
    if action == "document":
        return client.get(reverse("documents:download", args=[world["document"].pk]))
    return client.get(reverse("forms:attachment", args=[world["attachment"].pk]))


def _assert_success(action, response, world):
    case, people = world["case"], world["people"]
    if action == "inbox":
        assert response.status_code == 200 and "data-tab" in response.content.decode()
    elif action == "case_file":
        html = response.content.decode()
        assert response.status_code == 200 and VALID_ID in html and "家庭成员" in html
    elif action == "claim":
        assert response.status_code == 302 and item_at(case, "intake").owner == people["officer"]
    elif action == "complete":
        assert response.status_code == 302
        assert WorkItem.objects.get(case=case, step="intake").status == "DONE"
    elif action == "reassign":
        assert response.status_code == 302 and item_at(case, "intake").owner == people["officer2"]
    else:
        assert response.status_code == 200 and b"%PDF" in b"".join(response.streaming_content)


@pytest.mark.parametrize("action,actor", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_permission_matrix(client, world, action, actor):
    user = world["actors"][actor]
    if user is not None:
        client.force_login(user)
    expected = MATRIX[action][actor]
    response = _request(client, world, action)
    if expected == "ok":
        _assert_success(action, response, world)
    elif expected == LOGIN:
        assert response.status_code == 302 and reverse("login") in response["Location"]
    elif expected == "portal":
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:case", args=[world["case"].pk])
    elif expected == "summary":
        html = response.content.decode()
        assert response.status_code == 200
        assert VALID_ID not in html and "1101**********002X" in html
        assert "家庭成员" not in html and "证明.pdf" not in html
    else:
        assert response.status_code == expected
    if expected != "ok" and action in ("claim", "complete", "reassign"):
        item = WorkItem.objects.get(case=world["case"], step="intake")
        assert item.status in ("NEW", "ASSIGNED")  # nothing happened
        if action == "reassign":
            assert item.owner == world["people"]["officer"]


def test_portal_lists_my_documents_only(client, world):
    url = reverse("documents:download", args=[world["document"].pk])
    client.force_login(world["actors"]["applicant"])
    assert url in client.get(reverse("portal:home")).content.decode()
    assert url in client.get(reverse("portal:case", args=[world["case"].pk])).content.decode()
    client.force_login(world["actors"]["other_applicant"])
    assert url not in client.get(reverse("portal:home")).content.decode()
