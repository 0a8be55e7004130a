import pytest

from engine.models import ReferenceItem, ReferenceList


@pytest.fixture
def aid_tiers(db):
    ref = ReferenceList.objects.create(key="aid_tiers", title="帮扶档次")
    for order, (code, label, group) in enumerate(
        [("deep", "深度困难", "困难"), ("relative", "相对困难", "困难"), ("accident", "意外致困", "意外")]
    ):
        ReferenceItem.objects.create(
            ref_list=ref, code=code, label=label, label_en=code.title(), group=group, order=order
        )
    ReferenceItem.objects.create(ref_list=ref, code="retired", label="已停用", order=9, active=False)
    return ref
