import pytest

from engine.models import ProcessDefinition, RoleAssignment, User
from tests.runtime.conftest import FIXTURES, all_kinds, people, start, units  # noqa: F401  (fixtures)


@pytest.fixture
def definition(all_kinds):  # noqa: F811
    return ProcessDefinition.objects.get(key="all_kinds")


@pytest.fixture
def admin_user(units):  # noqa: F811
    user = User.objects.create_user(username="padmin", password="pw", display_name="流程管理员")
    RoleAssignment.objects.create(user=user, org_unit=units["city"], role="process_admin")
    return user


def replace_in(files: dict, old: str, new: str, path: str = "definition.yaml") -> dict:
    assert old in files[path], old
    return {**files, path: files[path].replace(old, new, 1)}


__all__ = ["FIXTURES", "replace_in"]
