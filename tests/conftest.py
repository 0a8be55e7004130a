"""Suite-wide hooks. Tests marked `postgres` need PostgreSQL: on another
database they are deselected (the summary says so), except in a run that
promises PostgreSQL (EXPECT_POSTGRES=1, set by .ci/run), where a wrong
database fails them loudly instead of passing on SQLite by mistake."""

import os

import pytest


def _on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _postgres_expected() -> bool:
    return os.environ.get("EXPECT_POSTGRES") == "1"


def pytest_collection_modifyitems(config, items):
    if _on_postgres() or _postgres_expected():
        return
    needs_pg = [item for item in items if item.get_closest_marker("postgres")]
    if needs_pg:
        config.hook.pytest_deselected(items=needs_pg)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def pytest_runtest_setup(item):
    if _postgres_expected() and not _on_postgres():
        pytest.fail("EXPECT_POSTGRES=1 but the database is not PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("postgres") and not _on_postgres():
        pytest.fail("This test needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def _site_language():
    """A request in English leaves English active in the test's thread
    (LocaleMiddleware activates, nothing deactivates): every test ends back
    in the site's language so that the next one does not start in English."""
    from django.utils import translation

    yield
    translation.deactivate()
