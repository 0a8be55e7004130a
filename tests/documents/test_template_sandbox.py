"""Document templates come from uploaded definitions and are rendered as
untrusted: they read the case's declared data and plain particulars, never
a model object, a user, a password hash or another case."""

import pytest

from engine.documents.services import document_request
from engine.documents.templating import document_context, document_html
from engine.models import Case

PROBE = """\
<p>A[{{ applicant.password }}]</p>
<p>B[{{ case.applicant.password }}]</p>
<p>C[{{ document.case.applicant.password }}]</p>
<p>D[{% for c in unit.case_set.all %}{{ c.data.id_number }}{% endfor %}]</p>
<p>E[{% for c in case.applicant.case_set.all %}{{ c.id_number }}{% endfor %}]</p>
<p>F[{{ case.version.files }}]</p>
<p>G[{{ unit.parent.case_set.all }}{{ document.created_by.password }}]</p>
<p>H[{% debug %}]</p>
<p>N[{{ data.name }}|{{ case.number }}|{{ unit.name }}|{{ document.title }}]</p>
"""


@pytest.fixture
def probe_version(version):
    version.files = {**version.files, "documents/notice.html": PROBE}
    version.save()
    return version


def test_a_template_reads_no_password_no_user_and_no_other_case(case, probe_version, applicant, settings):
    settings.CELERY_BROKER_URL = "memory://"  # requested, rendered here by hand
    applicant.set_password("a-secret-password")
    applicant.save()
    other = Case.objects.create(
        version=case.version,
        process_key=case.process_key,
        org_unit=case.org_unit,
        applicant=applicant,
        number="DEMO-2024-0002",
        title="另一件",
        id_number="110105194912310021",
        data={"name": "另一人", "id_number": "110105194912310021"},
    )
    document = document_request(case=case, key="notice")
    html = document_html(document, "documents/notice.html")

    assert applicant.password not in html and "md5$" not in html and "pbkdf2" not in html
    assert other.id_number not in html and "另一人" not in html
    for marker in "ABCDEFGH":
        assert f"{marker}[]" in html, marker
    assert f"N[张喆|{case.number}|{case.org_unit.name}|帮扶决定通知书]" in html


def test_the_context_holds_plain_values_only(case, settings):
    settings.CELERY_BROKER_URL = "memory://"
    document = document_request(case=case, key="notice")

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list | tuple):
            return all(plain(v) for v in value)
        return (
            value is None
            or isinstance(value, str | int | float | bool)
            or type(value).__module__
            in (
                "datetime",
                "decimal",
            )
        )

    context = document_context(document)
    assert all(plain(value) for value in context.values()), {k: type(v) for k, v in context.items()}
