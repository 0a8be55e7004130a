import pytest

from engine.models import RoleAssignment
from tests.runtime.conftest import all_kinds, people, start, units  # noqa: F401  (fixtures)
from tests.studio.conftest import admin_user, definition  # noqa: F401  (fixtures)


@pytest.fixture
def grant(people, units):  # noqa: F811
    return RoleAssignment.objects.get(user=people["officer"], role="officer")
