"""A case built directly from models, with a definition version whose files
hold a documents: section and a two-page Chinese template."""

import pytest

from engine.models import (
    Case,
    DefinitionVersion,
    OrgUnit,
    ProcessDefinition,
    ReferenceItem,
    ReferenceList,
    User,
)

DEFINITION = """\
key: demo_aid
title: {zh: 演示帮扶, en: Demo aid}
documents:
  notice:
    title: {zh: 帮扶决定通知书, en: Aid notice}
    template: documents/notice.html
    download: [applicant, rights_officer]
    number: file_no
"""

NOTICE = """\
{% extends "documents/base_official.html" %}
{% block body %}
<p>{{ data.name }} 同志：</p>
<p>帮扶档次：{{ labels.tier }}；转介：{{ labels.referrals }}；项目：{{ labels.event }}。</p>
<p>经审核，决定给予困难帮扶救助金 <span class="amount">{{ data.amount }}</span> 元。</p>
<table class="fields">
  <tr><th>申请人</th><td>{{ data.name }}</td></tr>
  <tr><th>身份证号</th><td>{{ data.id_number }}</td></tr>
  <tr><th>案件编号</th><td>{{ case.number }}</td></tr>
</table>
<h3>家庭成员</h3>
<table class="fields">
{% for member in data.household %}<tr><th>{{ member.relation }}</th><td>{{ member.name }}</td></tr>{% endfor %}
</table>
{% for line in data.notes %}<p>{{ line }}</p>{% endfor %}
{% endblock %}
{% block signatures %}
{% include "documents/_signature.html" with label="申请人" name=data.name %}
{% include "documents/_signature.html" with label="经办人" name="" date="2024年5月6日" %}
{% endblock %}
"""

FORM = """\
key: apply
title: 申请
steps:
  - id: main
    fields:
      - {name: name, type: text, label: 姓名}
      - name: tier
        type: choice
        label: 帮扶档次
        options: [{value: deep, label: {zh: 深度困难, en: Deep hardship}}, {value: relative, label: 相对困难}]
      - name: referrals
        type: multichoice
        label: 转介服务
        options: [{value: training, label: 就业创业培训}, {value: legal_aid, label: 法律援助}]
      - {name: event, type: choice, label: 竞赛项目, options_from: competition_events}
"""

CASE_DATA = {
    "name": "张喆",
    "id_number": "410181199001011234",
    "amount": "10400.00",
    "tier": "deep",
    "referrals": ["training", "legal_aid"],
    "event": "welding",
    "file_no": "禹困〔2024〕007号",
    "household": [
        {"relation": "配偶", "name": "王堃"},
        {"relation": "儿子", "name": "李昇"},
        {"relation": "父亲", "name": "赵犇"},
    ],
    # Enough text to push the document onto a second page.
    "notes": [
        "根据《困难职工帮扶救助办法》第十二条的规定，经实地走访、企业核实与集体研究，"
        "该职工家庭人均月收入低于当地最低生活保障标准，符合建档帮扶条件。"
    ]
    * 8,
}


@pytest.fixture
def unit(db):
    return OrgUnit.objects.create(code="yuzhou", name="禹州市总工会", short_name="禹", level="district")


@pytest.fixture
def applicant(db, unit):
    return User.objects.create_user(username="13800000000", display_name="张喆", mobile="13800000000")


@pytest.fixture
def version_files():
    return {"definition.yaml": DEFINITION, "documents/notice.html": NOTICE, "forms/apply.yaml": FORM}


@pytest.fixture
def version(db, version_files):
    events = ReferenceList.objects.create(key="competition_events", title="竞赛项目")
    ReferenceItem.objects.create(ref_list=events, code="welding", label="焊工")
    definition = ProcessDefinition.objects.create(key="demo_aid", title="演示帮扶")
    return DefinitionVersion.objects.create(definition=definition, number=1, files=version_files)


@pytest.fixture
def case(db, unit, applicant, version):
    return Case.objects.create(
        version=version,
        process_key="demo_aid",
        org_unit=unit,
        applicant=applicant,
        number="DEMO-2024-0001",
        title="张喆 的帮扶申请",
        data=dict(CASE_DATA),
    )


@pytest.fixture
def inline_rendering(settings):
    settings.CELERY_BROKER_URL = ""
    return settings
