"""Drive a process through HTTP as its people do: the applicant through the
wizard pages, staff through the inbox (claim) and the case file (decide),
the applicant again in the portal. Answers and decisions come from the
process's own demo.yaml, so each test reads like the story on the page."""

from __future__ import annotations

import re
from io import BytesIO

import pypdf
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from engine.models import Case, CaseEvent, User, WorkItem
from forms.models import Draft

OPEN = ("NEW", "ASSIGNED", "STARTED")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
# A 1x1 PNG, for fields that take photos only.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)
REVIEW = "_review"  # forms.wizard.REVIEW; its URL is /review/


def demo_yaml(key: str) -> dict:
    """The demo file with its relative dates (today-14d) resolved, as the
    demo loader resolves them."""
    from engine.demo.cases import relative_dates

    return relative_dates(yaml.safe_load((settings.WORKFLOWS_DIR / key / "demo.yaml").read_text()))


def demo_entry(key: str, case_key: str) -> dict:
    return next(entry for entry in demo_yaml(key)["cases"] if entry["key"] == case_key)


def start_form(key: str) -> dict:
    definition = yaml.safe_load((settings.WORKFLOWS_DIR / key / "definition.yaml").read_text())
    start = next(step for step in definition["steps"] if step["type"] == "start")
    return yaml.safe_load((settings.WORKFLOWS_DIR / key / "forms" / f"{start['form']}.yaml").read_text())


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=str(username)))
    return client


def encode(fields: list[dict], answers: dict) -> dict:
    """Form POST data for `fields` from answers as stored in case data:
    tables as `<name>-rows` / `<name>-<i>-<column>`, booleans as true/false,
    files as a small PDF upload (required or not: the page accepts them)."""
    data = {}
    for field in fields:
        name, kind = field["name"], field.get("type")
        if kind == "file":
            data[name] = upload(field)
        elif kind == "computed" or name not in answers:
            continue
        elif kind == "table":
            rows = answers[name] or []
            data[f"{name}-rows"] = str(len(rows))
            for index, row in enumerate(rows):
                for column, value in row.items():
                    data[f"{name}-{index}-{column}"] = scalar(value)
        else:
            value = answers[name]
            data[name] = [scalar(v) for v in value] if isinstance(value, list) else scalar(value)
    return data


def upload(field: dict) -> SimpleUploadedFile:
    accept = field.get("accept") or ["pdf"]
    if "pdf" in accept:
        return SimpleUploadedFile(f"{field['name']}.pdf", PDF, content_type="application/pdf")
    return SimpleUploadedFile(f"{field['name']}.png", PNG, content_type="image/png")


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def apply(client: Client, key: str, answers: dict, *, on_page=None) -> Case:
    """Fill every page the wizard shows, then submit from the review page.
    `on_page(step, html)` sees each page before it is posted."""
    pages = {page["id"]: page["fields"] for page in start_form(key)["steps"]}
    location = client.get(f"/apply/{key}/")["Location"]
    seen = []
    while not location.endswith(f"/apply/{key}/review/"):
        step = re.search(rf"/apply/{key}/page/([^/]+)/$", location).group(1)
        assert step not in seen, f"wizard stayed on {step}"
        seen.append(step)
        if on_page:
            on_page(step, client.get(location).content.decode())
        data = {f"{key}-current_step": step, "action": "next", **encode(pages[step], answers)}
        response = client.post(location, data)
        assert response.status_code == 302, errors(step, response)
        location = response["Location"]
    review = client.get(location).content.decode()
    if on_page:
        on_page(REVIEW, review)
    draft = Draft.objects.get(user__username=client_user(client), process_key=key, submitted_case=None)
    response = client.post(location, {f"{key}-current_step": REVIEW, "draft": draft.pk})
    assert response.status_code == 302, errors(REVIEW, response)
    assert "/portal/cases/" in response["Location"], _refusal(client, response)
    case = Case.objects.get(pk=int(re.search(r"/portal/cases/(\d+)/", response["Location"]).group(1)))
    assert case.applicant.username == client_user(client)
    return case


def client_user(client: Client) -> str:
    return User.objects.get(pk=client.session["_auth_user_id"]).username


def _refusal(client, response) -> str:
    html = client.get(response["Location"]).content.decode()
    return f"{response['Location']}: " + " | ".join(
        re.findall(r'class="[^"]*(?:alert|message|error)[^"]*"[^>]*>(.*?)</', html, re.S)
    )


def errors(step, response) -> str:
    html = response.content.decode()
    errors = re.findall(r'class="[^"]*(?:errorlist|error)[^"]*"[^>]*>(.*?)</', html, re.S)
    return f"{step}: {response.status_code} {errors[:10]}"


def open_item(case: Case, step: str) -> WorkItem:
    return WorkItem.objects.get(case=case, step=step, status__in=OPEN)


def open_steps(case: Case) -> list[str]:
    return sorted(WorkItem.objects.filter(case=case, status__in=OPEN).values_list("step", flat=True))


def claim(client: Client, item: WorkItem):
    response = client.post(reverse("inbox:claim", args=[item.task_id]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "ASSIGNED" and item.owner.username == client_user(client), item.status


def refused_page(client: Client, response) -> str:
    """A refused decision redirects back to the case file (POST-redirect-GET);
    the page it lands on shows the messages, once."""
    assert response.status_code == 302 and "/cases/" in response["Location"], response.status_code
    assert "#task-" in response["Location"]
    return client.get(response["Location"]).content.decode()


def decide_post(client: Client, item: WorkItem, outcome: str, data=None, comment="", confirm=True):
    post = {"outcome": outcome, **(data or {})}
    if comment:
        post["comment"] = comment
    if confirm:
        post[f"confirm_{outcome}"] = "1"
    return client.post(reverse("casefile:decide", args=[item.case_id, item.task_id]), post)


def task_fields(key: str, step_id: str) -> list[dict]:
    definition = yaml.safe_load((settings.WORKFLOWS_DIR / key / "definition.yaml").read_text())
    step = next(step for step in definition["steps"] if step["id"] == step_id)
    if not step.get("form"):
        return []
    spec = yaml.safe_load((settings.WORKFLOWS_DIR / key / "forms" / f"{step['form']}.yaml").read_text())
    pages = spec.get("steps") or [spec]
    return [field for page in pages for field in page.get("fields", [])]


def decide(case: Case, step: str, by: str, outcome: str, data=None, comment="") -> Client:
    """Claim the open task of `step` in the inbox, then decide it in the
    case file, as `by`. Task files are uploaded like the applicant's."""
    client = login(by)
    item = open_item(case, step)
    if item.status == "NEW":
        claim(client, item)
    posted = encode(task_fields(case.process_key, step), data or {})
    response = decide_post(client, item, outcome, posted, comment)
    assert response.status_code == 302, errors(step, response)
    item.refresh_from_db()
    assert item.status == "DONE", (step, item.status)
    return client


def walk(case: Case, progress: list[dict]):
    for entry in progress:
        decide(
            case, entry["step"], entry["by"], entry["outcome"], entry.get("data"), entry.get("comment", "")
        )


def timeline(case: Case) -> list[tuple[str, str, str]]:
    """(action, step, outcome) of every audit event, oldest first."""
    return list(
        CaseEvent.objects.filter(case=case).order_by("seq", "pk").values_list("action", "step", "outcome")
    )


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def download(client: Client, document) -> str:
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(b"".join(response.streaming_content))


def refuse_without_comment(case: Case, step: str, by: str, outcome: str, data=None) -> Client:
    """An outcome whose comment is required: the POST without one shows the
    error on the panel and changes nothing. Returns `by`'s client, the task
    claimed, for the POST with a comment."""
    client = login(by)
    item = open_item(case, step)
    if item.status == "NEW":
        claim(client, item)
    before = timeline(case)
    posted = encode(task_fields(case.process_key, step), data or {})
    response = decide_post(client, item, outcome, posted)
    assert "时必须填写意见" in refused_page(client, response)
    assert timeline(case) == before and open_item(case, step).status == "ASSIGNED"
    return client
