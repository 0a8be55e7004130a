"""The runtime fixtures (three units, people with roles, the all_kinds
process and a case starter) for the access and hostile-input tests."""

import pytest  # noqa: E402

from tests.runtime.conftest import VALID_ID, all_kinds, people, start, units  # noqa: F401


@pytest.fixture
def case_started(start):  # noqa: F811
    return start()
