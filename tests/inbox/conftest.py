"""Reuse the runtime fixtures: three units (city, district, other district),
people with roles, the all_kinds test process and a case starter."""

import pytest

from tests.runtime.conftest import VALID_ID, all_kinds, people, start, units  # noqa: F401


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def case(start):  # noqa: F811 - the imported fixture
    return start()


def id_of(case):
    return VALID_ID
