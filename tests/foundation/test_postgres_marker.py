"""The `postgres` marker: deselected on SQLite, a failure where PostgreSQL was
promised (EXPECT_POSTGRES=1) but SQLite is what the settings give."""

from .test_settings import run

PROBE = "tests/foundation/test_postgres_only.py"


def test_deselected_on_sqlite():
    result = run(["-m", "pytest", PROBE, "-q"])
    assert result.returncode == 5, result.stdout  # nothing left to run
    assert "1 deselected" in result.stdout


def test_fails_when_postgresql_was_promised_but_missing():
    result = run(["-m", "pytest", PROBE, "-q"], EXPECT_POSTGRES="1")
    assert result.returncode == 1, result.stdout
    assert "EXPECT_POSTGRES=1 but the database is not PostgreSQL" in result.stdout
