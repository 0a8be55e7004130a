"""Reuse the runtime fixtures (units, people with roles, the all_kinds test
process, a case starter) and add clients that ask for a language."""

import pytest

from tests.runtime.conftest import VALID_ID, all_kinds, people, start, units  # noqa: F401


@pytest.fixture
def case(start):  # noqa: F811 - the imported fixture
    return start()


@pytest.fixture
def english(client):
    """A client whose browser prefers English, as LocaleMiddleware sees it."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
